//! A container's main process as it starts: the state becomes `running`,
//! the process table gets PID 1 (and a server's workers), and the program
//! begins its work.
//!
//! A command the shell interpreter models runs through it at once, against
//! the container's files with its mounts in place and its kernel model.
//! Its schedule is kept: each output line goes to the log at the time it
//! was written, and the process exits when the script's simulated time is
//! up. A workload that never ends (`stress --cpu 2`, `sleep infinity`,
//! `yes > /dev/null`) stays in the process table and loads the cgroup as
//! time passes; one that meets a limit ends the way the kernel ends it.

use crate::clock::Millis;
use crate::cx::Cx;
use crate::daemon::containers::{Pending, Status};
use crate::events::Change;
use crate::host::Host;
use crate::kernel::processes::Process;
use crate::kernel::task::{self, Created, RunReport, RunSetup};
use crate::kernel::{resources, ContainerSystem, Runner};
use crate::sh::{run_argv, run_script, Mode, ScriptOutcome, Session, ShellKind, ShellState};

use super::{
    apply_files, environment, find_executable, process_title, resolve_with_argv, server_children,
    startup, startup_files, Program,
};

/// Starts the main process of a container whose task runc has created.
pub fn start(host: &mut Host, cx: &mut Cx, id: &str, created: &Created) {
    let now = cx.now();
    let host_name = host.name.clone();
    let Host { daemon, pids, .. } = host;
    let Some(container) = daemon.containers.get_mut(id) else {
        return;
    };
    let (program, argv) = resolve_with_argv(container);
    let startup = startup(container, &program, now);
    apply_files(&mut container.rootfs, &startup_files(&program));

    container.state.status = Status::Running;
    container.state.started_at = Some(now);
    container.state.finished_at = None;
    container.state.exit_code = 0;
    container.state.oom_killed = false;
    container.state.error.clear();
    container.state.manually_stopped = false;
    container.state.exit_on_next = false;
    container.paused_remaining = None;
    cx.change(Change::ContainerStarted {
        host: host_name,
        id: container.id.clone(),
        pid: container.state.pid,
    });

    task::add_main(
        container,
        created.pid,
        created.host_pid,
        &process_title(&program, &argv),
        now,
    );
    let children = server_children(&program);
    if let Some(task) = container.task.as_mut() {
        for (pid, command, user, uid) in children {
            let mut process = Process::new(pid, pids.allocate(), &command, now);
            process.ppid = created.pid;
            process.user = user;
            process.uid = uid;
            task.processes.insert(process);
        }
    }
    for (stream, text) in startup.lines {
        container.log(now, stream, text);
    }
    container.pending = startup.exit.map(|(after, code, lines)| Pending::Exit {
        at: now + after,
        code,
        lines,
    });
    container.program = Some(program.clone());

    match program {
        Program::Interpreted { argv, prefix } => {
            if let Some(container) = host.daemon.containers.get_mut(id) {
                for (stream, text) in prefix {
                    container.log(now, stream, text);
                }
            }
            run_interpreted(host, cx, id, &argv, created.pid, now);
        }
        Program::Shell => start_shell(host, id, &argv, created.pid, now),
        _ => {}
    }
}

/// Returns the name an interactive shell runs as: bash names itself
/// `bash` in its messages whatever path started it, while BusyBox ash and
/// dash keep the path (`/bin/sh: nope: not found`).
pub fn session_program(program: &str) -> String {
    match program.rsplit('/').next() {
        Some("bash") => "bash".to_string(),
        _ => program.to_string(),
    }
}

/// Returns whether a program name is a shell.
pub fn is_shell(name: &str) -> bool {
    matches!(
        name.rsplit('/').next().unwrap_or(name),
        "sh" | "bash" | "ash" | "dash"
    )
}

/// The environment, working directory and user a process runs with.
pub struct ProcessSetup {
    pub environment: Vec<String>,
    pub working_dir: String,
    pub user: String,
}

/// Makes the shell state a process runs with.
pub fn shell_state(
    fs: &crate::fs::Overlay,
    program: &str,
    setup: &ProcessSetup,
    pid: u32,
) -> ShellState {
    let path_variable = setup
        .environment
        .iter()
        .find_map(|pair| pair.strip_prefix("PATH="))
        .unwrap_or(super::DEFAULT_PATH);
    let kind = match is_shell(program) {
        true => find_executable(fs, program, path_variable)
            .and_then(|path| ShellKind::detect(fs, &path))
            .unwrap_or(ShellKind::Dash),
        false => ShellKind::Dash,
    };
    let working_dir = if setup.working_dir.is_empty() {
        "/"
    } else {
        setup.working_dir.as_str()
    };
    ShellState::new(kind, program)
        .with_environment(&setup.environment)
        .with_cwd(working_dir)
        .with_user(&setup.user)
        .with_pid(pid)
}

/// Runs an argv through the interpreter: `SHELL -c SCRIPT` as a script,
/// anything else as an exec-form command.
pub fn run_command(
    argv: &[String],
    setup: &ProcessSetup,
    pid: u32,
    mode: Mode,
    fs: &mut crate::fs::Overlay,
    system: &mut ContainerSystem<'_>,
) -> Result<ScriptOutcome, String> {
    let Some(program) = argv.first() else {
        return Err("exec: \"\": executable file not found in $PATH".to_string());
    };
    let mut state = shell_state(fs, program, setup, pid);
    match argv {
        [shell, flag, script] if is_shell(shell) && flag == "-c" => {
            Ok(run_script(script, &mut state, fs, system, mode))
        }
        _ => run_argv(argv, &mut state, fs, system, mode),
    }
}

/// Returns the setup of the container's main process.
fn main_setup(container: &crate::daemon::containers::Container) -> ProcessSetup {
    ProcessSetup {
        environment: environment(container),
        working_dir: container.config.working_dir.clone(),
        user: container.config.user.clone(),
    }
}

/// Returns how the shell's children run for a process of the container.
fn run_setup(
    container: &crate::daemon::containers::Container,
    runner: Runner,
    pid: u32,
) -> RunSetup {
    let (user, uid) = task::identity(&container.rootfs, &container.config.user);
    RunSetup {
        runner,
        shell_pid: pid,
        exec_form: false,
        user,
        uid,
        tty: container.attach.tty.then(|| "pts/0".to_string()),
    }
}

/// Runs the main process's command through the interpreter and keeps its
/// schedule: log lines at their times, the exit when its time is up.
fn run_interpreted(host: &mut Host, cx: &mut Cx, id: &str, argv: &[String], pid: u32, now: Millis) {
    let Some(container) = host.daemon.containers.get(id) else {
        return;
    };
    let setup = main_setup(container);
    let mut run = run_setup(container, Runner::Main, pid);
    run.exec_form = !is_shell(&argv[0]);
    let Some((result, report)) = task::run_in(host, id, now, run, |fs, system| {
        run_command(argv, &setup, pid, Mode::Build, fs, system)
    }) else {
        return;
    };
    let host_name = host.name.clone();
    let Some(container) = host.daemon.containers.get_mut(id) else {
        return;
    };
    let limits = task::limits(container);
    task::record(cx, &host_name, id, &limits, &report.enforcements);
    match result {
        Ok(outcome) => {
            for line in &outcome.output {
                container.log(now + line.offset_millis, line.stream, line.text.clone());
            }
            schedule_end(container, now, &outcome, &report);
        }
        Err(message) => {
            container.log(now, crate::output::Stream::Stderr, message);
            container.pending = Some(Pending::Exit {
                at: now + 5,
                code: 127,
                lines: Vec::new(),
            });
        }
    }
}

/// Schedules the main process's exit after an interpreted run, unless it
/// keeps running.
fn schedule_end(
    container: &mut crate::daemon::containers::Container,
    now: Millis,
    outcome: &ScriptOutcome,
    report: &RunReport,
) {
    let main_killed = resources::main_killed(&report.enforcements);
    if report.blocked && !main_killed {
        return;
    }
    let at = now + outcome.duration_millis.max(1);
    let code = if main_killed { 137 } else { outcome.status };
    container.pending = Some(Pending::Exit {
        at,
        code,
        lines: Vec::new(),
    });
}

/// Starts an interactive shell as the main process: it waits for lines
/// from the terminal.
fn start_shell(host: &mut Host, id: &str, argv: &[String], pid: u32, now: Millis) {
    let Some(container) = host.daemon.containers.get(id) else {
        return;
    };
    let setup = main_setup(container);
    let run = run_setup(container, Runner::Terminal, pid);
    let program = session_program(&argv[0]);
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
    let Some(container) = host.daemon.containers.get_mut(id) else {
        return;
    };
    match started {
        Some((Ok(mut session), _)) => {
            session.set_pid(pid);
            if let Some(task) = container.task.as_mut() {
                task.sessions.insert(pid, session);
            }
        }
        Some((Err(error), _)) => {
            container.log(now, crate::output::Stream::Stderr, format!("{error:?}"));
            container.pending = Some(Pending::Exit {
                at: now + 5,
                code: 126,
                lines: Vec::new(),
            });
        }
        None => {}
    }
}
