//! Starting a container: the path from the daemon through containerd, the
//! shim and runc to the kernel, and what the container's process does.
//!
//! The simulator cannot run programs, so the process's behaviour comes from
//! what it is: a recognised server keeps running and logs as the real one
//! does, a recognised short command prints its output and exits, a shell
//! without a terminal exits at once, and a missing executable fails as
//! runc reports it.

use crate::clock::Millis;
use crate::cx::Cx;
use crate::events::{Change, Node};
use crate::fs::{FileType, Overlay};
use crate::output::Stream;

use super::containers::{Container, LogLine, Status};
use super::ApiError;

/// What a container's main process does once started.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Behaviour {
    /// Keeps running, writing these lines first.
    Service { logs: Vec<String> },
    /// Writes these lines and exits with `code` after `duration` ms.
    Exits { lines: Vec<(Stream, String)>, code: i32, duration: Millis },
}

/// Resolves `name` on `path` in the container's files, as `execvp` does.
pub fn find_executable(rootfs: &Overlay, name: &str, path: &str) -> Option<String> {
    let candidates: Vec<String> = if name.contains('/') {
        vec![name.to_string()]
    } else {
        path.split(':').filter(|dir| !dir.is_empty()).map(|dir| format!("{}/{name}", dir.trim_end_matches('/'))).collect()
    };
    candidates.into_iter().find(|candidate| {
        rootfs.stat(candidate).map(|meta| meta.file_type == FileType::File).unwrap_or(false)
    })
}

/// Returns why runc cannot start the process, in runc's words, or `None`
/// when the executable exists.
pub fn start_error(container: &Container) -> Option<ApiError> {
    if container.path.is_empty() {
        return Some(ApiError::new(400, "no command specified"));
    }
    let path = container.config.env_value("PATH").unwrap_or("/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin");
    if find_executable(&container.rootfs, &container.path, path).is_some() {
        return None;
    }
    let detail = if container.path.contains('/') {
        format!("exec: \"{}\": stat {}: no such file or directory", container.path, container.path)
    } else {
        format!("exec: \"{}\": executable file not found in $PATH", container.path)
    };
    Some(ApiError::new(
        400,
        format!(
            "failed to create task for container: failed to create shim task: OCI runtime create failed: runc create failed: unable to start container process: error during container init: {detail}: unknown"
        ),
    ))
}

/// Decides what the container's process does.
pub fn behaviour(container: &Container, now: Millis) -> Behaviour {
    let program = container.path.rsplit('/').next().unwrap_or_default();
    let args = &container.args;
    match program {
        "scrapyd" => Behaviour::Service { logs: scrapyd_logs(container, now) },
        "sh" | "bash" | "ash" | "dash" if !container.open_stdin && args.is_empty() => {
            Behaviour::Exits { lines: Vec::new(), code: 0, duration: 10 }
        }
        "true" => Behaviour::Exits { lines: Vec::new(), code: 0, duration: 5 },
        "false" => Behaviour::Exits { lines: Vec::new(), code: 1, duration: 5 },
        "echo" => Behaviour::Exits { lines: vec![(Stream::Stdout, args.join(" "))], code: 0, duration: 5 },
        _ => Behaviour::Service { logs: Vec::new() },
    }
}

fn scrapyd_logs(container: &Container, now: Millis) -> Vec<String> {
    let stamp = crate::clock::rfc3339(now).replace('Z', "+0000");
    let python = container.config.env_value("PYTHON_VERSION").unwrap_or("3.12.7");
    [
        format!("{stamp} [-] Loading /usr/local/lib/python3.12/site-packages/scrapyd/txapp.py..."),
        format!("{stamp} [-] Basic authentication disabled as either `username` or `password` is unset"),
        format!("{stamp} [-] Scrapyd web console available at http://0.0.0.0:6800/"),
        format!("{stamp} [-] Loaded."),
        format!("{stamp} [twisted.application.app.AppLogger#info] twistd 24.11.0 (/usr/local/bin/python {python}) starting up."),
        format!("{stamp} [twisted.application.app.AppLogger#info] reactor class: twisted.internet.epollreactor.EPollReactor."),
        format!("{stamp} [-] Site starting on 6800"),
        format!("{stamp} [twisted.web.server.Site#info] Starting factory <twisted.web.server.Site object at 0x7f3c2a1e5d90>"),
    ]
    .to_vec()
}

/// Records the runtime's calls for a start: daemon → containerd → shim →
/// runc → kernel, the namespaces and cgroup runc makes, and the process.
pub fn record_start(cx: &mut Cx, host: &str, container: &Container, host_pid: u32, namespace_inodes: &[(&str, u64)]) {
    let daemon = Node::Daemon { host: host.to_string() };
    let containerd = Node::Containerd { host: host.to_string() };
    let shim = Node::Shim { host: host.to_string(), container: container.short_id().to_string() };
    let runc = Node::Runc { host: host.to_string() };
    let kernel = Node::Kernel { host: host.to_string() };
    cx.call(daemon, containerd.clone(), "RPC", "containerd.services.tasks.v1.Tasks/Create", "", 200);
    cx.call(containerd.clone(), shim.clone(), "RPC", "containerd.task.v2.Task/Create", "", 200);
    cx.call(shim.clone(), runc.clone(), "EXEC", "runc create", "", 0);
    cx.call(runc, kernel.clone(), "SYSCALL", "clone(CLONE_NEWPID|CLONE_NEWNET|CLONE_NEWNS|CLONE_NEWUTS|CLONE_NEWIPC|CLONE_NEWCGROUP)", "", 0);
    for (kind, inode) in namespace_inodes {
        cx.change(Change::NamespaceCreated { host: host.to_string(), container: container.id.clone(), kind: kind.to_string(), inode: *inode });
    }
    cx.change(Change::CgroupCreated {
        host: host.to_string(),
        container: container.id.clone(),
        path: format!("/sys/fs/cgroup/system.slice/docker-{}.scope", container.id),
    });
    cx.call(containerd, shim, "RPC", "containerd.task.v2.Task/Start", "", 200);
    cx.change(Change::ProcessStarted {
        host: host.to_string(),
        container: container.id.clone(),
        pid: 1,
        host_pid,
        command: container.command_line(),
    });
    let _ = kernel;
}

/// Marks a started container running and applies its behaviour: log lines,
/// and for a process that exits, its exit.
pub fn run_behaviour(cx: &mut Cx, host: &str, container: &mut Container, behaviour: &Behaviour) {
    container.state.status = Status::Running;
    container.state.started_at = Some(cx.now());
    container.state.finished_at = None;
    container.state.exit_code = 0;
    container.state.oom_killed = false;
    container.state.error.clear();
    cx.change(Change::ContainerStarted { host: host.to_string(), id: container.id.clone(), pid: container.state.pid });
    match behaviour {
        Behaviour::Service { logs } => {
            for line in logs {
                container.logs.push(LogLine { time: cx.now(), stream: Stream::Stderr, text: line.clone() });
            }
        }
        Behaviour::Exits { lines, code, duration } => {
            for (stream, text) in lines {
                container.logs.push(LogLine { time: cx.now(), stream: *stream, text: text.clone() });
            }
            cx.advance(*duration);
            container.state.status = Status::Exited;
            container.state.exit_code = *code;
            container.state.pid = 0;
            container.state.finished_at = Some(cx.now());
            cx.change(Change::ContainerExited { host: host.to_string(), id: container.id.clone(), exit_code: *code, oom_killed: false });
        }
    }
}
