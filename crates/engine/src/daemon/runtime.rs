//! Starting a container: the path from the daemon through containerd, the
//! shim and runc to the kernel, and what the container's processes do.
//!
//! [`resolve`] follows the exec chain the way the image's entrypoint script
//! would (`docker-entrypoint.sh redis-server` execs `redis-server`) and
//! names the [`Program`]:
//!
//! - everything the shell interpreter models ([`Program::Interpreted`]:
//!   `echo`, `ls`, `sleep`, `stress`, `python -c`, `sh -c SCRIPT`, shell
//!   scripts) runs through it against the container's files and kernel
//!   model ([`main_process`]);
//! - an interactive shell (`docker run -it IMAGE sh`) becomes a
//!   [`crate::sh::Session`] that reads the terminal's lines ([`sessions`]);
//! - long-running servers, loggers, REPLs and hello-world's `/hello` follow
//!   the rules here and in `services.rs`: what they write as they start
//!   ([`startup`]) and how they react to a signal ([`react`]). A process
//!   that is PID 1 in its namespace ignores every signal it has no handler
//!   for, so `docker stop` on `sleep 1000` waits out the timeout and kills
//!   it (exit 137), while nginx handles `SIGQUIT` and exits 0. With
//!   `--init`, tini is PID 1 and the default actions apply (exit 143 on
//!   `SIGTERM`).
//!
//! `docker exec` runs its processes through [`sessions`] too.

pub mod main_process;
mod programs;
mod script;
mod services;
pub mod sessions;

use crate::clock::Millis;
use crate::cx::Cx;
use crate::events::{Change, Node};
use crate::fs::{FileType, Overlay};
use crate::kernel::cgroup::Limits;
use crate::kernel::namespaces::{Namespace, Sharing};
use crate::output::Stream;

use super::containers::Container;
use super::signals::Signal;
use super::ApiError;

/// The smallest quota the kernel takes in `cpu.max`, in microseconds.
const MIN_CPU_QUOTA_USEC: u64 = 1_000;

pub use programs::environment;
pub use services::Server;

/// The `PATH` runc searches when the image sets none.
pub const DEFAULT_PATH: &str = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

/// What a container's main process runs, as far as the simulation
/// recognises it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Program {
    /// hello-world's `/hello`.
    Hello,
    /// Lines an entrypoint script writes before it fails, or a server's
    /// one-off command (`nginx -v`): it writes them and exits.
    OneShot {
        lines: Vec<(Stream, String)>,
        code: i32,
        duration: Millis,
    },
    /// `sh -c 'while true; do echo …; sleep N; done'`: the same lines every
    /// `period` milliseconds, forever.
    Loop { lines: Vec<String>, period: Millis },
    /// `cat` reading the terminal: copies each line back.
    Cat,
    /// A shell reading commands from the terminal or an open standard
    /// input.
    Shell,
    /// An interpreter's interactive prompt (`python`, `node` with `-it`).
    Repl(Repl),
    /// A recognised server.
    Server(Server),
    /// A command the shell interpreter runs: `argv` as the process runs it,
    /// after the lines an entrypoint script wrote before `exec`ing it.
    Interpreted {
        argv: Vec<String>,
        prefix: Vec<(Stream, String)>,
    },
    /// An executable the simulation does not recognise: it runs without
    /// output until a signal ends it.
    Unrecognised,
}

/// An interpreter's interactive prompt.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Repl {
    Python { version: String },
    Node { version: String },
}

/// How a process reacts to a signal.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Reaction {
    /// It keeps running.
    Ignore,
    /// It exits with `code` after `after` milliseconds, writing `lines`.
    Exit {
        after: Millis,
        code: i32,
        lines: Vec<(Stream, String)>,
    },
}

/// Lines of output, each with the stream it goes to.
pub type Lines = Vec<(Stream, String)>;

/// What a process does as it starts.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Startup {
    /// Lines it writes at once.
    pub lines: Lines,
    /// When it exits on its own: after how many milliseconds, with which
    /// code, writing which lines first.
    pub exit: Option<(Millis, i32, Lines)>,
}

/// A change a process makes to the container's files.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum FileEffect {
    /// Creates a directory and its parents.
    Directory(String),
    /// Writes a text file.
    File(String, String),
    /// Rewrites a file in place as `sed -i` does: a copy next to it, then
    /// renamed over it.
    Rewrite(String),
    /// Deletes a file.
    Remove(String),
}

/// What a process does with a line typed on its standard input.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Input {
    /// It writes these lines.
    Lines(Vec<(Stream, String)>),
    /// It exits with `code`, writing `lines` first.
    Exit {
        code: i32,
        lines: Vec<(Stream, String)>,
    },
    /// It reads the line without visible effect.
    Nothing,
    /// The simulation does not model what it would do.
    NotSimulated,
}

/// Resolves `name` on `path` in the container's files, as `execvp` does.
pub fn find_executable(rootfs: &Overlay, name: &str, path: &str) -> Option<String> {
    let candidates: Vec<String> = if name.contains('/') {
        vec![name.to_string()]
    } else {
        path.split(':')
            .filter(|dir| !dir.is_empty())
            .map(|dir| format!("{}/{name}", dir.trim_end_matches('/')))
            .collect()
    };
    candidates.into_iter().find(|candidate| {
        rootfs
            .stat(candidate)
            .map(|meta| meta.file_type == FileType::File && meta.mode & 0o111 != 0)
            .unwrap_or(false)
    })
}

/// Returns the container's `PATH`.
pub fn search_path(container: &Container) -> &str {
    container.config.env_value("PATH").unwrap_or(DEFAULT_PATH)
}

/// Returns why runc cannot start the process, in runc 1.2's words, or
/// `None` when the executable exists.
///
/// runc looks the name up as Go's `exec.LookPath` does: a name with a `/`
/// must be an executable file (else `no such file or directory`,
/// `permission denied` or `is a directory`); a bare name is searched on
/// `PATH`, skipping files that are not executable.
pub fn start_error(container: &Container) -> Option<ApiError> {
    if container.path.is_empty() {
        return Some(ApiError::new(400, "no command specified"));
    }
    let detail = match cpu_max_error(container) {
        Some(detail) => detail,
        None if find_executable(&container.rootfs, &container.path, search_path(container))
            .is_some() =>
        {
            return None
        }
        None => executable_error(container),
    };
    Some(ApiError::new(
        400,
        format!(
            "failed to create task for container: failed to create shim task: OCI runtime create failed: runc create failed: unable to start container process: error during container init: {detail}: unknown"
        ),
    ))
}

/// Returns the kernel's refusal of a `cpu.max` quota under 1 ms, which
/// runc reports as it sets up the cgroup. moby's
/// `verifyPlatformContainerResources` leaves the lower bound of `--cpus`
/// to the platform, so `--cpus` below 0.01 fails when the container
/// starts, not when it is created.
fn cpu_max_error(container: &Container) -> Option<String> {
    let limits = Limits::from_host_config(&container.host_config);
    limits
        .cpu_quota_usec
        .filter(|quota| *quota < MIN_CPU_QUOTA_USEC)?;
    Some(format!(
        "error setting cgroup config for procHooks process: failed to write \"{}\": write /sys/fs/cgroup/system.slice/docker-{}.scope/cpu.max: invalid argument",
        limits.cpu_max_text(),
        container.id
    ))
}

/// Returns runc's message for an executable it cannot find or run.
fn executable_error(container: &Container) -> String {
    let name = &container.path;
    if !name.contains('/') {
        format!("exec: \"{name}\": executable file not found in $PATH")
    } else {
        match container.rootfs.stat(name) {
            Ok(meta) if meta.file_type == FileType::Directory => {
                format!("exec: \"{name}\": is a directory")
            }
            Ok(_) => format!("exec: \"{name}\": permission denied"),
            Err(_) => format!("exec: \"{name}\": stat {name}: no such file or directory"),
        }
    }
}

/// Returns the exit code moby records for a start error: 127 for a missing
/// executable, 126 for one that cannot be run (`translateContainerdStartErr`).
pub fn start_error_exit_code(message: &str) -> i32 {
    if message.contains("executable file not found")
        || message.contains("no such file or directory")
    {
        127
    } else if message.contains("permission denied") || message.contains("is a directory") {
        126
    } else {
        128
    }
}

/// Decides which program the container's process runs.
pub fn resolve(container: &Container) -> Program {
    resolve_with_argv(container).0
}

/// Decides which program the container's process runs, with the argv it
/// ends up running after the entrypoint scripts' `exec`s.
pub fn resolve_with_argv(container: &Container) -> (Program, Vec<String>) {
    let argv: Vec<String> = std::iter::once(container.path.clone())
        .chain(container.args.iter().cloned())
        .collect();
    programs::resolve(container, argv)
}

/// Returns what the program does as it starts at time `now`.
pub fn startup(container: &Container, program: &Program, now: Millis) -> Startup {
    match program {
        Program::Server(server) => services::startup(container, server, now),
        other => programs::startup(other),
    }
}

/// Returns the files the program writes as it starts.
pub fn startup_files(program: &Program) -> Vec<FileEffect> {
    match program {
        Program::Server(server) => services::startup_files(server),
        _ => Vec::new(),
    }
}

/// Returns the files the program cleans up as it exits by itself or on a
/// signal it handles.
pub fn exit_files(program: &Program) -> Vec<FileEffect> {
    match program {
        Program::Server(server) => services::exit_files(server),
        _ => Vec::new(),
    }
}

/// Applies file effects to the container's writable layer; an effect
/// that fails (a read-only path, a missing parent) is skipped, as a
/// process would carry on after a failed write.
pub fn apply_files(rootfs: &mut Overlay, effects: &[FileEffect]) {
    for effect in effects {
        let _ = match effect {
            FileEffect::Directory(path) => rootfs.mkdir_all(path),
            FileEffect::File(path, text) => {
                rootfs.write(path, crate::fs::Content::Text(text.clone()))
            }
            FileEffect::Rewrite(path) => {
                let temporary = format!(
                    "{}/sedP0rtH1",
                    path.rsplit_once('/')
                        .map(|(directory, _)| directory)
                        .unwrap_or("")
                );
                rootfs
                    .copy(path, &temporary, crate::fs::Recursion::Single)
                    .and_then(|()| rootfs.rename(&temporary, path))
            }
            FileEffect::Remove(path) => rootfs.remove(
                path,
                crate::fs::Recursion::Single,
                crate::fs::IfMissing::Ignore,
            ),
        };
    }
}

/// Returns how the process reacts to `signal` (never `SIGKILL`, which the
/// kernel handles).
pub fn react(container: &Container, program: &Program, signal: Signal, now: Millis) -> Reaction {
    // Only the modelled servers handle signals. A shell or a REPL as PID 1
    // has no SIGTERM handler, so the kernel does not deliver the signal.
    let handled = match program {
        Program::Server(server) => services::react(container, server, signal, now),
        _ => None,
    };
    match handled {
        Some(reaction) => reaction,
        None if container.host_config.init == Some(true) && signal.terminates_by_default() => {
            Reaction::Exit {
                after: 5,
                code: signal.exit_code(),
                lines: Vec::new(),
            }
        }
        // PID 1 in a PID namespace ignores signals it has no handler for.
        None => Reaction::Ignore,
    }
}

/// Returns what a process that reads its standard input (`cat`, a REPL)
/// does with a typed line.
pub fn input(program: &Program, line: &str) -> Input {
    programs::input(program, line)
}

/// Returns the prompt an interpreter's terminal session shows
/// (`>>> ` for Python); shells keep their own.
pub fn prompt(program: &Program) -> Option<String> {
    programs::prompt(program)
}

/// Returns the lines a [`Program::Loop`] wrote between `since` and `until`,
/// with their times.
pub fn loop_lines(
    program: &Program,
    started: Millis,
    since: Millis,
    until: Millis,
) -> Vec<(Millis, String)> {
    programs::loop_lines(program, started, since, until)
}

/// Returns the command line `ps` shows for the main process.
pub fn process_title(program: &Program, argv: &[String]) -> String {
    let title = match program {
        Program::Server(server) => services::title(server, argv),
        _ => None,
    };
    title.unwrap_or_else(|| {
        argv.iter()
            .filter(|arg| !arg.is_empty())
            .cloned()
            .collect::<Vec<_>>()
            .join(" ")
    })
}

/// Returns the processes a server starts beside its main process, as (PID
/// in the container, command, user, UID).
pub fn server_children(program: &Program) -> Vec<(u32, String, String, u32)> {
    match program {
        Program::Server(server) => services::children(server),
        _ => Vec::new(),
    }
}

/// The nodes a container's runtime calls pass through, from the daemon
/// down to the kernel.
pub(crate) struct Chain {
    pub daemon: Node,
    pub containerd: Node,
    pub shim: Node,
    pub runc: Node,
    pub kernel: Node,
}

impl Chain {
    /// Returns the chain for a container on this host.
    pub(crate) fn new(host: &str, container: &Container) -> Chain {
        Chain {
            daemon: Node::Daemon {
                host: host.to_string(),
            },
            containerd: Node::Containerd {
                host: host.to_string(),
            },
            shim: Node::Shim {
                host: host.to_string(),
                container: container.short_id().to_string(),
            },
            runc: Node::Runc {
                host: host.to_string(),
            },
            kernel: Node::Kernel {
                host: host.to_string(),
            },
        }
    }

    /// Records a task request: the daemon's call to containerd's tasks
    /// service (`Tasks/NAME`), then containerd's call to the shim
    /// (`Task/NAME`), both with `query`.
    pub(crate) fn task_call(&self, cx: &mut Cx, name: &str, query: &str) {
        cx.call(
            self.daemon.clone(),
            self.containerd.clone(),
            "RPC",
            &format!("containerd.services.tasks.v1.Tasks/{name}"),
            query,
            200,
        );
        cx.call(
            self.containerd.clone(),
            self.shim.clone(),
            "RPC",
            &format!("containerd.task.v2.Task/{name}"),
            query,
            200,
        );
    }
}

/// Records the runtime's calls for a start: daemon → containerd → shim →
/// runc → kernel, the namespaces runc creates or joins, the cgroup, and
/// the process.
pub fn record_start(
    cx: &mut Cx,
    host: &str,
    container: &Container,
    pid: u32,
    host_pid: u32,
    namespaces: &[Namespace],
) {
    let chain = Chain::new(host, container);
    chain.task_call(cx, "Create", "");
    let Chain {
        containerd,
        shim,
        runc,
        kernel,
        ..
    } = chain;
    cx.call(shim.clone(), runc.clone(), "EXEC", "runc create", "", 0);
    let flags: Vec<&str> = namespaces
        .iter()
        .filter(|namespace| namespace.sharing == Sharing::Private)
        .map(|namespace| namespace.kind.clone_flag())
        .collect();
    cx.call(
        runc.clone(),
        kernel.clone(),
        "SYSCALL",
        &format!("clone({})", flags.join("|")),
        "",
        0,
    );
    for namespace in namespaces {
        let change = match &namespace.sharing {
            Sharing::Private => Change::NamespaceCreated {
                host: host.to_string(),
                container: container.id.clone(),
                kind: namespace.kind.name().to_string(),
                inode: namespace.inode,
            },
            Sharing::Host => continue,
            Sharing::Container(owner) => Change::NamespaceJoined {
                host: host.to_string(),
                container: container.id.clone(),
                kind: namespace.kind.name().to_string(),
                inode: namespace.inode,
                owner: owner.clone(),
            },
        };
        if let Change::NamespaceJoined { kind, .. } = &change {
            cx.call(
                runc.clone(),
                kernel.clone(),
                "SYSCALL",
                &format!("setns({kind})"),
                "",
                0,
            );
        }
        cx.change(change);
    }
    cx.change(Change::CgroupCreated {
        host: host.to_string(),
        container: container.id.clone(),
        path: format!(
            "/sys/fs/cgroup{}",
            crate::kernel::context::task_cgroup_path(&container.id)
        ),
    });
    cx.call(
        containerd,
        shim,
        "RPC",
        "containerd.task.v2.Task/Start",
        "",
        200,
    );
    cx.change(Change::ProcessStarted {
        host: host.to_string(),
        container: container.id.clone(),
        pid,
        host_pid,
        command: container.command_line(),
    });
}

/// Records the signal the daemon sends through containerd and the shim.
pub fn record_signal(cx: &mut Cx, host: &str, container: &Container, signal: Signal) {
    Chain::new(host, container).task_call(cx, "Kill", &format!("signal={}", signal.0));
}
