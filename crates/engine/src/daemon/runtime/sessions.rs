//! Processes that join a running container: the exec instances of `docker
//! exec` (moby's `ExecConfig`), and the interactive shells that read the
//! terminal's lines, whether `docker exec -it` started them or they are the
//! main process of `docker run -it`.
//!
//! runc starts an exec process in the container's namespaces and cgroup
//! (`setns`), so it shows in `ps` inside with PPID 0 and counts against
//! the container's limits. A program that is not in the container fails
//! to start with runc's error, which the daemon writes into the output
//! stream, and the exec's exit code is 126 (moby's `ContainerExecStart`).

use crate::clock::Millis;
use crate::cx::Cx;
use crate::daemon::containers::{Container, Pending, Status};
use crate::daemon::ApiError;
use crate::events::Change;
use crate::host::Host;
use crate::kernel::processes::{Origin, Process};
use crate::kernel::task::{self, RunReport, RunSetup};
use crate::kernel::{resources, Runner};
use crate::sh::{LineOutcome, Mode, OutputLine, Session, StartError};

use super::environment;
use super::main_process::{is_shell, run_command, session_program, ProcessSetup};
use super::Chain;

/// An exec instance.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Exec {
    /// 64 hex characters.
    pub id: String,
    pub argv: Vec<String>,
    /// `-u`; empty for the container's user.
    pub user: String,
    /// `-w`; empty for the container's working directory.
    pub working_dir: String,
    /// `-e` and `--env-file` values.
    pub env: Vec<String>,
    pub tty: bool,
    pub stdin: bool,
    pub detach: bool,
    /// The process's PID in the container once it runs.
    pub pid: Option<u32>,
    pub running: bool,
    pub exit_code: Option<i32>,
}

/// The request body of `POST /containers/{id}/exec`.
#[derive(Clone, Debug, Default)]
pub struct ExecRequest {
    pub argv: Vec<String>,
    pub user: String,
    pub working_dir: String,
    pub env: Vec<String>,
    pub tty: bool,
    pub stdin: bool,
    pub detach: bool,
}

/// Creates an exec instance in a running container, with moby 28's
/// errors for a container that is not running. Returns the container's ID.
pub fn create(
    host: &mut Host,
    name: &str,
    request: ExecRequest,
    exec_id: String,
) -> Result<String, ApiError> {
    let container = host.daemon.containers.lookup_mut(name)?;
    let id = container.id.clone();
    match container.state.status {
        Status::Running => {}
        Status::Paused => {
            return Err(ApiError::new(
                409,
                format!("Container {id} is paused, unpause the container before exec"),
            ))
        }
        Status::Restarting => {
            return Err(ApiError::new(
                409,
                format!("Container {id} is restarting, wait until the container is running"),
            ))
        }
        _ => return Err(ApiError::new(409, format!("container {id} is not running"))),
    }
    container.execs.push(Exec {
        id: exec_id,
        argv: request.argv,
        user: request.user,
        working_dir: request.working_dir,
        env: request.env,
        tty: request.tty,
        stdin: request.stdin,
        detach: request.detach,
        pid: None,
        running: false,
        exit_code: None,
    });
    Ok(id)
}

/// The result of starting an exec instance.
#[derive(Clone, Debug, PartialEq)]
pub enum Started {
    /// An interactive shell runs as PID `pid` and reads the terminal.
    Session { pid: u32 },
    /// The command ran to its end.
    Finished {
        output: Vec<OutputLine>,
        status: i32,
        duration: Millis,
    },
    /// The command runs on in the background.
    Running,
    /// runc could not start the process; the text is the daemon's error.
    Failed { message: String },
}

/// Returns runc's error for an exec whose program cannot start, as the
/// daemon reports it.
fn exec_failed(detail: &str) -> String {
    format!("OCI runtime exec failed: exec failed: unable to start container process: {detail}: unknown")
}

/// Returns the environment, directory and user an exec process runs with:
/// the container's, with `-e`, `-w` and `-u` on top.
fn process_setup(container: &Container, exec: &Exec) -> ProcessSetup {
    let mut environment = environment(container);
    for pair in &exec.env {
        let key = pair.split('=').next().unwrap_or_default();
        environment.retain(|existing| existing.split('=').next() != Some(key));
        if pair.contains('=') {
            environment.push(pair.clone());
        }
    }
    if exec.tty && !environment.iter().any(|pair| pair.starts_with("TERM=")) {
        environment.push("TERM=xterm".to_string());
    }
    let working_dir = if exec.working_dir.is_empty() {
        container.config.working_dir.clone()
    } else {
        exec.working_dir.clone()
    };
    let user = if exec.user.is_empty() {
        container.config.user.clone()
    } else {
        exec.user.clone()
    };
    ProcessSetup {
        environment,
        working_dir,
        user,
    }
}

/// Returns the next free terminal of a container, `pts/N`.
fn next_terminal(container: &Container) -> String {
    let used = container.task.as_ref().map_or(0, |task| {
        task.processes
            .iter()
            .filter(|process| process.tty.is_some() && process.ends.is_none())
            .count()
    });
    let main_has_one = container.attach.tty as usize;
    format!("pts/{}", used.max(main_has_one))
}

/// Records the runtime's calls for an exec: the daemon calls containerd,
/// the shim runs `runc exec`, and runc joins the container's namespaces.
fn record_exec(cx: &mut Cx, host: &str, container: &Container) {
    let chain = Chain::new(host, container);
    chain.task_call(cx, "Exec", "");
    let Chain {
        shim, runc, kernel, ..
    } = chain;
    cx.call(shim, runc.clone(), "EXEC", "runc exec", "", 0);
    cx.call(
        runc,
        kernel,
        "SYSCALL",
        "setns(cgroup|ipc|mnt|net|pid|uts)",
        "",
        0,
    );
}

/// Starts an exec instance: an interactive shell when it reads a terminal
/// or standard input and runs a shell without a command, the command once
/// otherwise.
pub fn start(host: &mut Host, cx: &mut Cx, exec_id: &str) -> Result<Started, ApiError> {
    let now = cx.now();
    let host_name = host.name.clone();
    let container = host
        .daemon
        .containers
        .iter()
        .find(|container| container.execs.iter().any(|exec| exec.id == exec_id))
        .ok_or_else(|| ApiError::new(404, format!("No such exec instance: {exec_id}")))?;
    let id = container.id.clone();
    if !container.state.has_process() || container.task.is_none() {
        return Err(ApiError::new(409, format!("container {id} is not running")));
    }
    let exec = container
        .execs
        .iter()
        .find(|exec| exec.id == exec_id)
        .cloned()
        .expect("found above");
    if exec.exit_code.is_some() {
        return Err(ApiError::new(
            409,
            format!("Error: Exec command {exec_id} has already run"),
        ));
    }
    record_exec(cx, &host_name, container);
    let setup = process_setup(container, &exec);
    let tty = exec.tty.then(|| next_terminal(container));
    let interactive = exec.stdin
        && is_shell(&exec.argv[0])
        && exec.argv[1..].iter().all(|arg| arg.starts_with('-'));

    let started = match interactive {
        true => start_session(host, cx, &id, &exec, &setup, tty, now),
        false => run_once(host, cx, &id, &exec, &setup, tty, now),
    };
    let exit_code = match &started {
        Started::Finished { status, .. } => Some(*status),
        Started::Failed { .. } => Some(126),
        _ => None,
    };
    if let Some(record) = host
        .daemon
        .containers
        .get_mut(&id)
        .and_then(|container| container.execs.iter_mut().find(|exec| exec.id == exec_id))
    {
        record.running = exit_code.is_none();
        record.exit_code = exit_code;
        if let Started::Session { pid } = started {
            record.pid = Some(pid);
        }
    }
    Ok(started)
}

/// Returns the identity a process of the container runs as.
fn run_setup(
    container: &Container,
    user: &str,
    runner: Runner,
    pid: u32,
    tty: Option<String>,
) -> RunSetup {
    let (name, uid) = task::identity(&container.rootfs, user);
    RunSetup {
        runner,
        shell_pid: pid,
        exec_form: false,
        user: name,
        uid,
        tty,
    }
}

/// Adds an exec process to the container's table and returns its PID.
fn add_process(
    host: &mut Host,
    cx: &mut Cx,
    id: &str,
    exec: &Exec,
    user: &str,
    tty: Option<String>,
    now: Millis,
) -> u32 {
    task::sync_pid_counters(host, id);
    let host_pid = host.pids.allocate();
    let host_name = host.name.clone();
    let Some(container) = host.daemon.containers.get_mut(id) else {
        return 0;
    };
    let (name, uid) = task::identity(&container.rootfs, user);
    let host_pid_namespace = container.host_config.pid_mode == "host";
    let Some(task) = container.task.as_mut() else {
        return 0;
    };
    let pid = if host_pid_namespace {
        host_pid
    } else {
        task.processes.next_pid()
    };
    let command = exec.argv.join(" ");
    let mut process = Process::new(pid, host_pid, &command, now);
    process.origin = Origin::Exec(exec.id.clone());
    process.user = name;
    process.uid = uid;
    process.tty = tty;
    task.processes.insert(process);
    cx.change(Change::ProcessStarted {
        host: host_name,
        container: id.to_string(),
        pid,
        host_pid,
        command,
    });
    task::sync_pid_counters(host, id);
    pid
}

/// Starts an interactive shell for an exec instance.
fn start_session(
    host: &mut Host,
    cx: &mut Cx,
    id: &str,
    exec: &Exec,
    setup: &ProcessSetup,
    tty: Option<String>,
    now: Millis,
) -> Started {
    let container = host.daemon.containers.get(id).expect("looked up");
    let run = run_setup(container, &setup.user, Runner::Terminal, 0, tty.clone());
    let program = session_program(&exec.argv[0]);
    let started = task::run_in(host, id, now, run, |fs, system| {
        let working_dir = if setup.working_dir.is_empty() {
            "/"
        } else {
            setup.working_dir.as_str()
        };
        Session::start(
            &program,
            &setup.environment,
            working_dir,
            &setup.user,
            fs,
            system,
        )
    });
    let mut session = match started {
        Some((Ok(session), _)) => session,
        Some((Err(StartError::NotFound(detail)), _)) => {
            return Started::Failed {
                message: exec_failed(&detail),
            }
        }
        Some((Err(StartError::UnknownUser(detail)), _)) => {
            return Started::Failed {
                message: exec_failed(&detail),
            }
        }
        Some((Err(StartError::NotAShell(_)), _)) | None => {
            return run_once(host, cx, id, exec, setup, tty, now)
        }
    };
    let pid = add_process(host, cx, id, exec, &setup.user, tty, now);
    session.set_pid(pid);
    if let Some(task) = host
        .daemon
        .containers
        .get_mut(id)
        .and_then(|container| container.task.as_mut())
    {
        task.sessions.insert(pid, session);
    }
    Started::Session { pid }
}

/// Runs an exec instance's command to its end (or, detached, until it
/// becomes lasting work).
fn run_once(
    host: &mut Host,
    cx: &mut Cx,
    id: &str,
    exec: &Exec,
    setup: &ProcessSetup,
    tty: Option<String>,
    now: Millis,
) -> Started {
    let runner = if exec.detach {
        Runner::Detached
    } else {
        Runner::Terminal
    };
    if let Some(detail) = missing_program(host, id, &exec.argv[0], setup) {
        return Started::Failed {
            message: exec_failed(&detail),
        };
    }
    let pid = add_process(host, cx, id, exec, &setup.user, tty.clone(), now);
    let container = host.daemon.containers.get(id).expect("looked up");
    let mut run = run_setup(container, &setup.user, runner, pid, tty);
    run.exec_form = !is_shell(&exec.argv[0]);
    let mode = if exec.detach {
        Mode::Build
    } else {
        Mode::Interactive
    };
    let argv = exec.argv.clone();
    let result = task::run_in(host, id, now, run, |fs, system| {
        run_command(&argv, setup, pid, mode, fs, system)
    });
    let Some((result, report)) = result else {
        return Started::Failed {
            message: format!("container {id} is not running"),
        };
    };
    let duration = report
        .offset
        .max(result.as_ref().map_or(0, |outcome| outcome.duration_millis));
    apply_report(host, cx, id, now, &report);
    if !report.blocked {
        end_process(
            host,
            cx,
            id,
            pid,
            now + duration,
            result.as_ref().map_or(126, |outcome| outcome.status),
        );
    }
    match result {
        Err(detail) => Started::Failed {
            message: exec_failed(&detail),
        },
        Ok(_) if report.blocked => Started::Running,
        Ok(outcome) => Started::Finished {
            output: outcome.output,
            status: outcome.status,
            duration: outcome.duration_millis,
        },
    }
}

/// Returns runc's error when an exec's program is not in the container:
/// looked up on `PATH` as `execvp` does, or, for a path, also under the
/// container's bind mounts and volumes.
fn missing_program(host: &Host, id: &str, program: &str, setup: &ProcessSetup) -> Option<String> {
    let container = host.daemon.containers.get(id)?;
    let path = setup
        .environment
        .iter()
        .find_map(|pair| pair.strip_prefix("PATH="))
        .unwrap_or(super::DEFAULT_PATH);
    if super::find_executable(&container.rootfs, program, path).is_some() {
        return None;
    }
    if program.contains('/') {
        let absolute = if program.starts_with('/') {
            program.to_string()
        } else {
            format!("{}/{program}", setup.working_dir.trim_end_matches('/'))
        };
        let mounted = container.mounts.iter().any(|mount| {
            let Some(rest) = absolute.strip_prefix(&mount.destination) else {
                return false;
            };
            let source = match mount.kind {
                crate::daemon::containers::MountKind::Bind => mount.source.clone(),
                crate::daemon::containers::MountKind::Volume => {
                    crate::kernel::mounts::volume_directory(&mount.source)
                }
                crate::daemon::containers::MountKind::Tmpfs => return false,
            };
            host.fs.stat(&format!("{source}{rest}")).is_ok()
        });
        if mounted {
            return None;
        }
        return Some(match container.rootfs.stat(&absolute) {
            Ok(meta) if meta.file_type == crate::fs::FileType::Directory => {
                format!("exec: \"{program}\": is a directory")
            }
            Ok(_) => format!("exec: \"{program}\": permission denied"),
            Err(_) => format!("exec: \"{program}\": stat {program}: no such file or directory"),
        });
    }
    Some(format!(
        "exec: \"{program}\": executable file not found in $PATH"
    ))
}

/// Records what the kernel enforced during a command, and schedules the
/// container's end when the OOM killer killed its main process.
pub fn apply_report(host: &mut Host, cx: &mut Cx, id: &str, now: Millis, report: &RunReport) {
    let host_name = host.name.clone();
    let Some(container) = host.daemon.containers.get_mut(id) else {
        return;
    };
    let limits = task::limits(container);
    task::record(cx, &host_name, id, &limits, &report.enforcements);
    let killed_at = report
        .enforcements
        .iter()
        .find_map(|enforcement| match enforcement {
            resources::Enforcement::OomKill { at, main: true, .. } => Some(*at),
            _ => None,
        });
    if let Some(at) = killed_at {
        let at = at.max(now + 1);
        container.pending = Some(Pending::Exit {
            at,
            code: 137,
            lines: Vec::new(),
        });
    }
}

/// Ends an exec or session process.
pub fn end_process(host: &mut Host, cx: &mut Cx, id: &str, pid: u32, time: Millis, status: i32) {
    let host_name = host.name.clone();
    let Some(container) = host.daemon.containers.get_mut(id) else {
        return;
    };
    let Some(task) = container.task.as_mut() else {
        return;
    };
    let host_pid = task
        .processes
        .get(pid)
        .map_or(0, |process| process.host_pid);
    task.processes.end_one(pid, time);
    task.sessions.remove(&pid);
    if let Some(exec) = container
        .execs
        .iter_mut()
        .find(|exec| exec.pid == Some(pid) && exec.running)
    {
        exec.running = false;
        exec.exit_code = Some(status);
    }
    cx.change(Change::ProcessExited {
        host: host_name,
        container: id.to_string(),
        host_pid,
        status,
    });
}

/// The result of a line typed into a shell.
#[derive(Clone, Debug)]
pub struct ShellLine {
    pub outcome: LineOutcome,
    pub report: RunReport,
}

/// Runs one line typed into the interactive shell that is process `pid`
/// of a container. Returns `None` when there is no such shell.
pub fn shell_line(
    host: &mut Host,
    cx: &mut Cx,
    id: &str,
    pid: u32,
    line: &str,
) -> Option<ShellLine> {
    let now = cx.now();
    let container = host.daemon.containers.get_mut(id)?;
    let process = container.task.as_ref()?.processes.get(pid)?.clone();
    let mut session = container.task.as_mut()?.sessions.remove(&pid)?;
    let (user, uid, tty) = (process.user.clone(), process.uid, process.tty.clone());
    let run = RunSetup {
        runner: Runner::Shell,
        shell_pid: pid,
        exec_form: false,
        user,
        uid,
        tty,
    };
    let (outcome, report) = task::run_in(host, id, now, run, |fs, system| {
        session.run_line(line, fs, system)
    })?;
    apply_report(host, cx, id, now, &report);
    if !outcome.exit_requested {
        if let Some(task) = host
            .daemon
            .containers
            .get_mut(id)
            .and_then(|container| container.task.as_mut())
        {
            task.sessions.insert(pid, session);
        }
    }
    Some(ShellLine { outcome, report })
}

/// Returns the prompt of the interactive shell that is process `pid`.
pub fn shell_prompt(container: &Container, pid: u32) -> Option<String> {
    container
        .task
        .as_ref()?
        .sessions
        .get(&pid)
        .map(Session::prompt)
}

/// Returns the last exit status of the interactive shell `pid`.
pub fn shell_status(container: &Container, pid: u32) -> Option<i32> {
    container
        .task
        .as_ref()?
        .sessions
        .get(&pid)
        .map(|session| session.state().last_status())
}
