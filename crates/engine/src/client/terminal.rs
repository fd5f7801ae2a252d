//! The terminal while the `docker` client is attached to a container or
//! blocked waiting for one.
//!
//! A real terminal stays attached to `docker run nginx` until the process
//! ends. Porthole reads one line at a time, so it keeps a [`Session`] in
//! the world and sends the lines the user types to it instead of the host
//! shell:
//!
//! - `^C` is `SIGINT`: `porthole script` reads it as a line, and the page
//!   is meant to send Ctrl+C as this line. Without `-t`, the client's signal proxy
//!   forwards it to the container (`POST /containers/{id}/kill?signal=INT`),
//!   or with `--sig-proxy=false` the client itself exits (130) and the
//!   container runs on. With `-t` the terminal delivers it to the process.
//!   A process that has no handler ignores it, as PID 1 does; after a
//!   second ignored `^C` Porthole detaches the client and says so, where a
//!   real user would close the terminal.
//! - `^P^Q`, Docker's default detach keys, detaches a `-it` session
//!   (`read escape sequence`) and leaves the container running. `docker
//!   attach` attaches the terminal again.
//! - Any other line goes to the process's standard input when `-i`
//!   attached it, and nowhere otherwise. An interactive shell (`docker run
//!   -it IMAGE sh`, `docker exec -it CONTAINER bash`) runs each line
//!   through the shell interpreter with the container's view of the world;
//!   `exit` or `^D` (Ctrl+D, end of input) ends it. Porthole's terminal is
//!   always a terminal, so `-it` never fails with `the input device is
//!   not a TTY`.
//!
//! The container's output appears as the logical clock reaches it, and
//! the session ends when the process exits: the client then returns the
//! exit code, as the `wait` call registered before the start reports it.
//! `docker wait` and `docker stop -t -1` on a process that never ends
//! block in the same way until `^C`.
//!
//! A streaming `docker stats` keeps the terminal too, drawing a frame per
//! second of logical time until `^C`. So does a workload that never ends
//! typed at a container's shell (`yes > /dev/null`): the shell shows no
//! prompt until `^C` ends the job (`$?` 130) or the kernel kills it
//! (`Killed`, 137). Lines typed at the shell meanwhile wait in the
//! terminal and run after a job that ends on its own; `^C` discards
//! them, as the terminal driver flushes its input on an interrupt.
//! Time passes when the page ticks the world
//! ([`crate::World::tick`]) and, for these two, during the think time
//! before a script's next line.

use crate::client::commands::stats::{Interrupted, StatsStream};
use crate::client::docker::Call;
use crate::clock::Millis;
use crate::cx::Cx;
use crate::daemon::containers::{Container, Pending};
use crate::daemon::lifecycle;
use crate::daemon::logs;
use crate::daemon::runtime::{self, sessions, Input, Program, Reaction};
use crate::daemon::signals::Signal;
use crate::events::Node;
use crate::output::Stream;
use crate::world::World;

/// The typed line for Ctrl+C.
pub const INTERRUPT: &str = "^C";
/// Docker's default detach sequence, Ctrl+P Ctrl+Q, as a typed line.
pub const DETACH: &str = "^P^Q";
/// The message the client prints when the detach keys end its session,
/// moby/term's `EscapeError`.
const DETACHED: &str = "read escape sequence";
/// The typed line for Ctrl+D: end of input.
pub const END_OF_INPUT: &str = "^D";

/// How the client is attached.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Attach {
    /// Typed lines go to the process (`-i`).
    pub stdin: bool,
    /// The process's standard output shows (`-a stdout`, the default).
    pub stdout: bool,
    /// The process's standard error shows (`-a stderr`, the default).
    pub stderr: bool,
    /// The container has a terminal (`-t`).
    pub tty: bool,
    /// The client forwards signals (`--sig-proxy`, on by default).
    pub sig_proxy: bool,
}

/// What the blocked client waits for.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Mode {
    /// `docker run` or `docker start -a`: output streams to the terminal.
    Attached(Attach),
    /// `docker wait` or `docker stop -t -1`: nothing shows until the exit,
    /// then the client prints what it waited for.
    Waiting(AfterWait),
    /// `docker exec -i` or `-it` with a shell: lines go to the exec's shell.
    Exec(ExecSession),
    /// `docker stats` without `--no-stream`: a frame every second of
    /// logical time until `^C`.
    Stats(StatsStream),
}

/// The exec instance a `docker exec -it` terminal is attached to.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ExecSession {
    pub exec_id: String,
    /// The shell's PID in the container.
    pub pid: u32,
    pub tty: bool,
}

/// What a waiting client prints when the container stops.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum AfterWait {
    /// `docker wait`: the exit code.
    ExitCode,
    /// `docker stop`: the name the user gave.
    Name(String),
}

/// Lines a terminal keeps for the shell while a foreground job runs.
/// Later lines are dropped, as a full terminal input buffer drops them.
const TYPE_AHEAD_LIMIT: usize = 64;

/// The client blocked on one container.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Session {
    host: String,
    container: String,
    mode: Mode,
    /// How many output lines the terminal has shown.
    shown: usize,
    /// `^C` lines the process ignored in a row.
    ignored_interrupts: u32,
    /// Lines typed while a foreground job held the shell, which it reads
    /// once the job ends on its own; `^C` discards them.
    typed_ahead: Vec<String>,
}

impl Session {
    /// Creates a session waiting for a container to stop.
    pub fn waiting(host: &str, container: &str, then: AfterWait) -> Session {
        Session {
            host: host.to_string(),
            container: container.to_string(),
            mode: Mode::Waiting(then),
            shown: 0,
            ignored_interrupts: 0,
            typed_ahead: Vec::new(),
        }
    }
}

/// Shows an attached container's output after its start: up to its exit
/// when the process ends on its own (and returns its code), or up to now
/// when it does not, leaving the terminal attached.
pub fn follow(world: &mut World, cx: &mut Cx, host: &str, id: &str, attach: Attach) -> i32 {
    let earlier = earlier_output(world, host, id);
    let mut session = Session {
        host: host.to_string(),
        container: id.to_string(),
        mode: Mode::Attached(attach),
        shown: earlier,
        ignored_interrupts: 0,
        typed_ahead: Vec::new(),
    };
    let exit = scheduled_exit(world, host, id);
    if let Some(due) = exit {
        settle_to(world, cx, host, due);
        show_output(world, cx, &mut session);
        return exit_code(world, host, id);
    }
    show_output(world, cx, &mut session);
    world.session = Some(session);
    0
}

/// Attaches the terminal to a running container from now on, as `docker
/// attach` does: output written before the attach does not show again.
pub fn attach(world: &mut World, cx: &mut Cx, host: &str, id: &str, attach: Attach) -> i32 {
    let container = world
        .hosts
        .get(host)
        .and_then(|host| host.daemon.containers.get(id));
    let shown = container.map_or(0, |container| logs::output(container, cx.now()).len());
    let mut session = Session {
        host: host.to_string(),
        container: id.to_string(),
        mode: Mode::Attached(attach),
        shown,
        ignored_interrupts: 0,
        typed_ahead: Vec::new(),
    };
    if let Some(due) = scheduled_exit(world, host, id) {
        settle_to(world, cx, host, due);
        show_output(world, cx, &mut session);
        return exit_code(world, host, id);
    }
    world.session = Some(session);
    0
}

/// Lets a streaming `docker stats` hold the terminal.
pub fn stream_stats(world: &mut World, stream: StatsStream) {
    let host = stream.host().to_string();
    world.session = Some(Session {
        host,
        container: String::new(),
        mode: Mode::Stats(stream),
        shown: 0,
        ignored_interrupts: 0,
        typed_ahead: Vec::new(),
    });
}

/// Tells whether the session changes as logical time passes without a
/// typed line, so the page should let time pass while it is
/// attached: a streaming `docker stats`, a process that writes output or
/// may exit, or a `docker wait`. An idle shell waits for its next line.
pub fn wants_ticks(world: &World, session: &Session) -> bool {
    match &session.mode {
        Mode::Stats(_) | Mode::Waiting(_) => true,
        Mode::Attached(_) => {
            main_shell(world, session).is_none() || foreground_job(world, session).is_some()
        }
        Mode::Exec(_) => foreground_job(world, session).is_some(),
    }
}

/// Tells whether the session draws output between typed lines on its
/// own, or a foreground job may end in that time, so the think time
/// before a script's next line shows it.
pub fn draws_while_idle(world: &World, session: &Session) -> bool {
    matches!(session.mode, Mode::Stats(_)) || foreground_job(world, session).is_some()
}

/// Returns the PID of the interactive shell the session types into.
fn shell_pid(world: &World, session: &Session) -> Option<u32> {
    match &session.mode {
        Mode::Exec(exec) => Some(exec.pid),
        Mode::Attached(_) => main_shell(world, session),
        Mode::Waiting(_) | Mode::Stats(_) => None,
    }
}

/// Returns the shell's PID and the PIDs of the foreground job it waits
/// for, if a workload that never ends keeps the terminal.
fn foreground_job(world: &World, session: &Session) -> Option<(u32, Vec<u32>)> {
    let pid = shell_pid(world, session)?;
    let task = world
        .hosts
        .get(&session.host)?
        .daemon
        .containers
        .get(&session.container)?
        .task
        .as_ref()?;
    task.foreground.get(&pid).map(|pids| (pid, pids.clone()))
}

/// Ends the foreground job when its processes ended by now: the shell
/// prints `Killed` for one the kernel killed (status 137, as sh reports
/// a job killed by signal 9) and sets `$?`.
fn reap_job(world: &mut World, cx: &mut Cx, session: &mut Session) {
    let Some((shell, pids)) = foreground_job(world, session) else {
        return;
    };
    let now = cx.now();
    let Some(container) = world
        .hosts
        .get_mut(&session.host)
        .and_then(|host| host.daemon.containers.get_mut(&session.container))
    else {
        return;
    };
    let Some(task) = container.task.as_ref() else {
        return;
    };
    let processes: Vec<_> = pids
        .iter()
        .filter_map(|pid| task.processes.get(*pid))
        .collect();
    if processes.iter().any(|process| process.alive_at(now)) {
        return;
    }
    let killed = processes.iter().any(|process| process.killed_at.is_some());
    let status = if killed { 137 } else { 0 };
    if killed {
        match session.mode {
            Mode::Exec(ExecSession { tty: true, .. }) => cx.out.outln("Killed"),
            Mode::Exec(_) => cx.out.errln("Killed"),
            _ => container.log(now, Stream::Stderr, "Killed".to_string()),
        }
    }
    finish_job(container, shell, status);
    if let Mode::Attached(_) = session.mode {
        show_output(world, cx, session);
    }
}

/// Interrupts the foreground job, as Ctrl+C does: SIGINT ends its
/// processes and the shell's `$?` becomes 130.
fn interrupt_job(world: &mut World, cx: &mut Cx, session: &Session) {
    let Some((shell, pids)) = foreground_job(world, session) else {
        return;
    };
    let now = cx.now();
    let Some(container) = world
        .hosts
        .get_mut(&session.host)
        .and_then(|host| host.daemon.containers.get_mut(&session.container))
    else {
        return;
    };
    if let Some(task) = container.task.as_mut() {
        for pid in pids {
            task.processes.end(pid, now);
        }
    }
    finish_job(container, shell, 130);
}

/// Ctrl+C at an idle shell's prompt: the shell drops the line and sets
/// `$?` to 130, as bash and BusyBox ash (its `preadfd`) do.
fn interrupt_prompt(world: &mut World, session: &Session) {
    let Some(shell) = shell_pid(world, session) else {
        return;
    };
    let task = world
        .hosts
        .get_mut(&session.host)
        .and_then(|host| host.daemon.containers.get_mut(&session.container))
        .and_then(|container| container.task.as_mut());
    if let Some(shell_session) = task.and_then(|task| task.sessions.get_mut(&shell)) {
        shell_session.set_last_status(130);
    }
}

/// Drops the foreground job and sets the shell's `$?`.
fn finish_job(container: &mut Container, shell: u32, status: i32) {
    let Some(task) = container.task.as_mut() else {
        return;
    };
    task.foreground.remove(&shell);
    if let Some(session) = task.sessions.get_mut(&shell) {
        session.set_last_status(status);
    }
}

/// Lets logical time pass up to `until` while the session is attached:
/// prints what the session shows in that time and keeps the session, or
/// returns the client's exit status when it ended.
pub fn pass_time(
    world: &mut World,
    cx: &mut Cx,
    mut session: Session,
    until: Millis,
) -> Option<i32> {
    let host = session.host.clone();
    if let Mode::Stats(stream) = &mut session.mode {
        while stream.next_frame() <= until {
            settle_to(world, cx, &host, stream.next_frame());
            let Some(target) = world.hosts.get(&host) else {
                break;
            };
            stream.draw(target, cx);
        }
        settle_to(world, cx, &host, until);
        world.session = Some(session);
        return None;
    }
    settle_to(world, cx, &host, until);
    reap_job(world, cx, &mut session);
    if matches!(session.mode, Mode::Attached(_)) {
        run_typed_ahead_in_main_shell(world, cx, &mut session);
    }
    match session.mode {
        Mode::Attached(_) => show_output(world, cx, &mut session),
        Mode::Exec(ref exec) if !exec_alive(world, &session, exec) => {
            let exec = exec.clone();
            return Some(exec_exit_code(world, cx, &session, &exec));
        }
        _ => {}
    }
    let idle_exec =
        matches!(session.mode, Mode::Exec(_)) && foreground_job(world, &session).is_none();
    if idle_exec && !session.typed_ahead.is_empty() {
        return run_typed_ahead(world, cx, session);
    }
    if matches!(session.mode, Mode::Exec(_)) || has_process(world, &session) {
        world.session = Some(session);
        return None;
    }
    Some(end(world, cx, &session))
}

/// Runs the lines typed while a foreground job held an exec's shell, now
/// that it ended on its own: the shell reads them from the terminal and
/// shows each after its prompt. Lines after one that starts another job
/// wait for that job. Returns the client's exit status when a line ended
/// the shell.
fn run_typed_ahead(world: &mut World, cx: &mut Cx, mut session: Session) -> Option<i32> {
    let mut lines = std::mem::take(&mut session.typed_ahead).into_iter();
    world.session = Some(session);
    while let Some(line) = lines.next() {
        let session = world.session.take()?;
        let Mode::Exec(exec) = session.mode.clone() else {
            world.session = Some(session);
            return None;
        };
        cx.out.out(format!("{}{line}\n", prompt(world, &session)));
        let (code, _) = exec_input(world, cx, session, &exec, &line);
        let Some(session) = world.session.take() else {
            return Some(code);
        };
        let busy = foreground_job(world, &session).is_some();
        world.session = Some(session);
        if busy {
            if let Some(session) = world.session.as_mut() {
                session.typed_ahead.extend(lines);
            }
            return None;
        }
    }
    None
}

/// Runs the lines typed during a foreground job in an attached
/// container's main shell, once that job ended on its own. The shell
/// echoes each line after its prompt into the container's output, and
/// lines after one that starts another job wait for that job.
fn run_typed_ahead_in_main_shell(world: &mut World, cx: &mut Cx, session: &mut Session) {
    if session.typed_ahead.is_empty() || foreground_job(world, session).is_some() {
        return;
    }
    let Some(pid) = main_shell(world, session) else {
        return;
    };
    let mut lines = std::mem::take(&mut session.typed_ahead).into_iter();
    while let Some(line) = lines.next() {
        // The line's echo counts as shown for a line typed at the prompt;
        // here the shell echoes it only now, so it shows.
        let shown = session.shown;
        main_shell_line(world, cx, session, pid, &line);
        session.shown = shown;
        if foreground_job(world, session).is_some() || !has_process(world, session) {
            session.typed_ahead.extend(lines);
            return;
        }
    }
}

/// Handles a typed line while `docker stats` streams: `^C` interrupts
/// the client; other lines only echo, as the client reads no input.
fn stats_input(world: &mut World, cx: &mut Cx, mut session: Session, line: &str) -> (i32, bool) {
    let Mode::Stats(stream) = &mut session.mode else {
        return (0, true);
    };
    if line.trim_end() != INTERRUPT {
        world.session = Some(session);
        return (0, false);
    }
    match stream.interrupt(cx) {
        Interrupted::Ended(code) => (code, false),
        Interrupted::Continues => {
            world.session = Some(session);
            (0, false)
        }
    }
}

/// Attaches the terminal to an exec instance's shell.
pub fn attach_exec(world: &mut World, host: &str, container: &str, exec: ExecSession) {
    world.session = Some(Session {
        host: host.to_string(),
        container: container.to_string(),
        mode: Mode::Exec(exec),
        shown: 0,
        ignored_interrupts: 0,
        typed_ahead: Vec::new(),
    });
}

/// Counts the log lines of the container's earlier runs, which an attach
/// without `logs=1` does not show.
fn earlier_output(world: &World, host: &str, id: &str) -> usize {
    let Some(container) = world
        .hosts
        .get(host)
        .and_then(|host| host.daemon.containers.get(id))
    else {
        return 0;
    };
    let started = container.state.started_at.unwrap_or(0);
    logs::output(container, started)
        .iter()
        .filter(|line| line.time < started)
        .count()
}

/// Returns the prompt the terminal shows while a session holds it: the
/// shell's or interpreter's prompt on a `-t` session, nothing otherwise.
pub fn prompt(world: &World, session: &Session) -> String {
    if foreground_job(world, session).is_some() {
        return String::new();
    }
    let Some(container) = world
        .hosts
        .get(&session.host)
        .and_then(|host| host.daemon.containers.get(&session.container))
    else {
        return String::new();
    };
    match &session.mode {
        Mode::Attached(attach) if attach.tty => {
            let program = lifecycle::program_of(container);
            match program {
                Program::Shell => main_shell_pid(container)
                    .and_then(|pid| sessions::shell_prompt(container, pid))
                    .unwrap_or_default(),
                other => runtime::prompt(&other).unwrap_or_default(),
            }
        }
        Mode::Exec(exec) if exec.tty => {
            sessions::shell_prompt(container, exec.pid).unwrap_or_default()
        }
        _ => String::new(),
    }
}

/// Returns the PID of a container's main process when it is an
/// interactive shell.
fn main_shell_pid(container: &Container) -> Option<u32> {
    let task = container.task.as_ref()?;
    let pid = task.main_pid();
    task.sessions.contains_key(&pid).then_some(pid)
}

/// Handles one typed line while the session holds the terminal. Returns
/// the exit status, and whether the line still has to go to the host shell
/// because the session ended before it was typed.
pub fn input(world: &mut World, cx: &mut Cx, mut session: Session, line: &str) -> (i32, bool) {
    if let Mode::Stats(_) = session.mode {
        return stats_input(world, cx, session, line);
    }
    settle_to(world, cx, &session.host.clone(), cx.now());
    if let Mode::Exec(exec) = session.mode.clone() {
        return exec_input(world, cx, session, &exec, line);
    }
    if let Mode::Attached(_) = session.mode {
        show_output(world, cx, &mut session);
    }
    if !has_process(world, &session) {
        let code = end(world, cx, &session);
        return (code, true);
    }
    let line = line.trim_end();
    let shell = main_shell(world, &session);
    if foreground_job(world, &session).is_some() {
        if line == INTERRUPT {
            interrupt_job(world, cx, &session);
            session.typed_ahead.clear();
        } else if session.typed_ahead.len() < TYPE_AHEAD_LIMIT {
            session.typed_ahead.push(line.to_string());
        }
        return finish_or_keep(world, cx, session);
    }
    let outcome = match (line, session.mode.clone()) {
        (INTERRUPT, Mode::Waiting(_)) => Outcome::Ended(130),
        (INTERRUPT, Mode::Attached(_)) if shell.is_some() => {
            interrupt_prompt(world, &session);
            Outcome::Continue
        }
        (INTERRUPT, Mode::Attached(attach)) => interrupt(world, cx, &mut session, attach),
        (
            DETACH,
            Mode::Attached(Attach {
                stdin: true,
                tty: true,
                ..
            }),
        ) => {
            cx.out.errln(DETACHED);
            Outcome::Ended(0)
        }
        (_, Mode::Attached(Attach { stdin: true, .. })) if shell.is_some() => {
            main_shell_line(world, cx, &mut session, shell.unwrap_or(1), line)
        }
        (_, Mode::Attached(Attach { stdin: true, .. })) => send_line(world, cx, &session, line),
        _ => Outcome::Continue,
    };
    match outcome {
        Outcome::Ended(code) => (code, false),
        Outcome::Continue => finish_or_keep(world, cx, session),
    }
}

/// Returns the PID of the attached container's main shell, if its main
/// process is one.
fn main_shell(world: &World, session: &Session) -> Option<u32> {
    let container = world
        .hosts
        .get(&session.host)?
        .daemon
        .containers
        .get(&session.container)?;
    main_shell_pid(container)
}

/// Runs a typed line in the main process's shell. With a terminal, the
/// prompt and the echoed line go to the container's log as they would
/// through its pseudo-terminal; the output follows.
fn main_shell_line(
    world: &mut World,
    cx: &mut Cx,
    session: &mut Session,
    pid: u32,
    line: &str,
) -> Outcome {
    let now = cx.now();
    let prompt = prompt(world, session);
    let Some(host) = world.hosts.get_mut(&session.host) else {
        return Outcome::Continue;
    };
    let text = if line == END_OF_INPUT {
        end_of_input_line(host, &session.container, pid)
    } else {
        line.to_string()
    };
    // The terminal echoes what was typed; Ctrl+D echoes nothing, and bash
    // answers it with `exit` on the prompt's line.
    let echo = if line == END_OF_INPUT {
        text.clone()
    } else {
        line.to_string()
    };
    if let Some(container) = host.daemon.containers.get_mut(&session.container) {
        if container.attach.tty {
            container.log(now, Stream::Stdout, format!("{prompt}{echo}"));
            session.shown += 1;
        }
    }
    let Some(result) = sessions::shell_line(host, cx, &session.container, pid, &text) else {
        return Outcome::Continue;
    };
    let Some(container) = host.daemon.containers.get_mut(&session.container) else {
        return Outcome::Continue;
    };
    let echoed_exit = line == END_OF_INPUT && container.attach.tty;
    for output in &result.outcome.output {
        if echoed_exit && output.text == "exit" {
            cx.out.outln("exit");
            continue;
        }
        container.log(
            now + output.offset_millis,
            output.stream,
            output.text.clone(),
        );
    }
    let duration = result.outcome.duration_millis.max(result.report.offset);
    cx.advance(duration);
    let ended_by_eof = line == END_OF_INPUT && text.is_empty();
    if result.outcome.exit_requested || ended_by_eof {
        let status = if ended_by_eof {
            sessions::shell_status(container, pid).unwrap_or(0)
        } else {
            result.outcome.status
        };
        schedule_exit(container, cx.now() + 1, status, Vec::new());
    }
    Outcome::Continue
}

/// Returns what Ctrl+D does to a shell: bash prints `exit` and ends, as the
/// `exit` builtin does; dash and BusyBox ash end without a word (an empty
/// line stands for that).
fn end_of_input_line(host: &crate::host::Host, container: &str, pid: u32) -> String {
    let kind = host
        .daemon
        .containers
        .get(container)
        .and_then(|container| container.task.as_ref())
        .and_then(|task| task.sessions.get(&pid))
        .map(|session| session.state().kind());
    match kind {
        Some(crate::sh::ShellKind::Bash) => "exit".to_string(),
        _ => String::new(),
    }
}

/// Handles a typed line for a `docker exec` shell: runs it and prints its
/// output, or ends the session on `exit`, `^D` or `^P^Q`.
fn exec_input(
    world: &mut World,
    cx: &mut Cx,
    session: Session,
    exec: &ExecSession,
    line: &str,
) -> (i32, bool) {
    let host_name = session.host.clone();
    let line = line.trim_end();
    if !exec_alive(world, &session, exec) {
        let code = exec_exit_code(world, cx, &session, exec);
        return (code, true);
    }
    if foreground_job(world, &session).is_some() {
        let mut session = session;
        if line != INTERRUPT {
            if session.typed_ahead.len() < TYPE_AHEAD_LIMIT {
                session.typed_ahead.push(line.to_string());
            }
            world.session = Some(session);
            return (0, false);
        }
        interrupt_job(world, cx, &session);
        session.typed_ahead.clear();
        world.session = Some(session);
        return (130, false);
    }
    match line {
        INTERRUPT => {
            interrupt_prompt(world, &session);
            world.session = Some(session);
            return (130, false);
        }
        DETACH if exec.tty => {
            cx.out.errln(DETACHED);
            return (0, false);
        }
        _ => {}
    }
    let Some(host) = world.hosts.get_mut(&host_name) else {
        return (0, false);
    };
    let text = if line == END_OF_INPUT {
        end_of_input_line(host, &session.container, exec.pid)
    } else {
        line.to_string()
    };
    let eof_silently = line == END_OF_INPUT && text.is_empty();
    let mut status = 0;
    let mut ended = eof_silently;
    if !eof_silently {
        if let Some(result) = sessions::shell_line(host, cx, &session.container, exec.pid, &text) {
            for output in &result.outcome.output {
                let stream = if exec.tty {
                    Stream::Stdout
                } else {
                    output.stream
                };
                let mut chunk = output.text.clone();
                if output.newline {
                    chunk.push('\n');
                }
                match stream {
                    Stream::Stdout => cx.out.out(chunk),
                    Stream::Stderr => cx.out.err(chunk),
                }
            }
            cx.advance(result.outcome.duration_millis.max(result.report.offset));
            status = result.outcome.status;
            ended = result.outcome.exit_requested;
        }
    }
    let host_name = session.host.clone();
    settle_to(world, cx, &host_name, cx.now());
    let container_runs = world
        .hosts
        .get(&host_name)
        .and_then(|host| host.daemon.containers.get(&session.container))
        .is_some_and(|container| container.state.has_process());
    if !container_runs {
        return (exec_exit_code(world, cx, &session, exec), false);
    }
    if ended {
        let Some(host) = world.hosts.get_mut(&host_name) else {
            return (status, false);
        };
        let status = match eof_silently {
            true => host
                .daemon
                .containers
                .get(&session.container)
                .and_then(|container| sessions::shell_status(container, exec.pid))
                .unwrap_or(0),
            false => status,
        };
        sessions::end_process(host, cx, &session.container, exec.pid, cx.now(), status);
        return (exec_exit_code(world, cx, &session, exec), false);
    }
    world.session = Some(session);
    (status, false)
}

/// Tells whether the exec's shell still runs.
fn exec_alive(world: &World, session: &Session, exec: &ExecSession) -> bool {
    world
        .hosts
        .get(&session.host)
        .and_then(|host| host.daemon.containers.get(&session.container))
        .and_then(|container| container.task.as_ref())
        .is_some_and(|task| task.sessions.contains_key(&exec.pid))
}

/// Asks the daemon for an ended exec's exit code (`GET /exec/{id}/json`),
/// as the client does when the stream closes.
fn exec_exit_code(world: &World, cx: &mut Cx, session: &Session, exec: &ExecSession) -> i32 {
    let client = world.client.host.clone();
    cx.api(
        &client,
        &session.host,
        "GET",
        &format!("/exec/{}/json", exec.exec_id),
        "",
        200,
    );
    world
        .hosts
        .get(&session.host)
        .and_then(|host| {
            host.daemon
                .containers
                .get(&session.container)
                .or_else(|| host.daemon.containers.removed(&session.container))
        })
        .and_then(|container| {
            container
                .execs
                .iter()
                .find(|record| record.id == exec.exec_id)
        })
        .and_then(|record| record.exit_code)
        .unwrap_or(137)
}

/// The effect of a typed line.
enum Outcome {
    /// The client stops waiting and exits with this code.
    Ended(i32),
    /// The client stays attached unless the process has exited.
    Continue,
}

/// `^C` in an attached session.
fn interrupt(world: &mut World, cx: &mut Cx, session: &mut Session, attach: Attach) -> Outcome {
    if !attach.tty && !attach.sig_proxy {
        return Outcome::Ended(130);
    }
    if !attach.tty {
        let client = Node::Client {
            host: world.client.host.clone(),
        };
        let daemon = Node::Daemon {
            host: session.host.clone(),
        };
        cx.call(
            client,
            daemon,
            "POST",
            &format!(
                "/v{}/containers/{}/kill",
                crate::cx::API_VERSION,
                session.container
            ),
            "signal=INT",
            204,
        );
    }
    let reaction = deliver(world, cx, session, Signal::INT);
    if reaction == Reaction::Ignore {
        session.ignored_interrupts += 1;
        if session.ignored_interrupts >= 2 {
            cx.out.errln(
                "porthole: the container's process ignores SIGINT, as a PID 1 without a handler does; a real terminal would stay attached, so Porthole detaches the client and the container keeps running",
            );
            return Outcome::Ended(0);
        }
        if attach.tty {
            return Outcome::Continue;
        }
    } else {
        session.ignored_interrupts = 0;
    }
    Outcome::Continue
}

/// Sends a signal to the container's process and schedules its reaction.
fn deliver(world: &mut World, cx: &mut Cx, session: &Session, signal: Signal) -> Reaction {
    let now = cx.now();
    let host_name = session.host.clone();
    let Some(host) = world.hosts.get_mut(&host_name) else {
        return Reaction::Ignore;
    };
    let Some(container) = host.daemon.containers.get_mut(&session.container) else {
        return Reaction::Ignore;
    };
    runtime::record_signal(cx, &host_name, container, signal);
    let program = lifecycle::program_of(container);
    let reaction = runtime::react(container, &program, signal, now);
    if let Reaction::Exit { after, code, lines } = &reaction {
        schedule_exit(container, now + after, *code, lines.clone());
    }
    reaction
}

fn schedule_exit(container: &mut Container, at: Millis, code: i32, lines: Vec<(Stream, String)>) {
    let earlier = match &container.pending {
        Some(Pending::Exit { at: due, .. }) => at < *due,
        _ => true,
    };
    if earlier {
        container.pending = Some(Pending::Exit { at, code, lines });
    }
}

/// Gives a typed line to the process's standard input.
fn send_line(world: &mut World, cx: &mut Cx, session: &Session, line: &str) -> Outcome {
    let now = cx.now();
    let Some(host) = world.hosts.get_mut(&session.host) else {
        return Outcome::Continue;
    };
    let Some(container) = host.daemon.containers.get_mut(&session.container) else {
        return Outcome::Continue;
    };
    let program = lifecycle::program_of(container);
    match runtime::input(&program, line) {
        Input::Lines(lines) => {
            for (stream, text) in lines {
                container.log(now, stream, text);
            }
        }
        Input::Exit { code, lines } => schedule_exit(container, now + 5, code, lines),
        Input::Nothing => {}
        Input::NotSimulated => {
            cx.out.errln(
                "porthole: what the container's process does with this input is not simulated yet",
            );
        }
    }
    Outcome::Continue
}

/// Plays the steps the line caused; ends the session when the process has
/// exited, or keeps it.
fn finish_or_keep(world: &mut World, cx: &mut Cx, mut session: Session) -> (i32, bool) {
    let host = session.host.clone();
    if let Some(due) =
        scheduled_exit(world, &host, &session.container).filter(|due| *due <= cx.now() + 1_000)
    {
        settle_to(world, cx, &host, due);
    }
    if let Mode::Attached(_) = session.mode {
        show_output(world, cx, &mut session);
    }
    if has_process(world, &session) {
        world.session = Some(session);
        return (0, false);
    }
    (end(world, cx, &session), false)
}

/// Ends a session whose process exited: a waiting client prints what it
/// waited for. Returns the client's exit code.
fn end(world: &World, cx: &mut Cx, session: &Session) -> i32 {
    let code = exit_code(world, &session.host, &session.container);
    match &session.mode {
        Mode::Attached(_) | Mode::Exec(_) | Mode::Stats(_) => code,
        Mode::Waiting(AfterWait::ExitCode) => {
            cx.out.outln(code.to_string());
            0
        }
        Mode::Waiting(AfterWait::Name(name)) => {
            cx.out.outln(name);
            0
        }
    }
}

/// Returns when the container's process exits on its own, if it does.
fn scheduled_exit(world: &World, host: &str, id: &str) -> Option<Millis> {
    let container = world.hosts.get(host)?.daemon.containers.get(id)?;
    match &container.pending {
        Some(Pending::Exit { at, .. }) if container.state.has_process() => Some(*at),
        _ => None,
    }
}

/// Moves the line's time to `time` and plays the daemon's pending steps.
fn settle_to(world: &mut World, cx: &mut Cx, host: &str, time: Millis) {
    if time > cx.now() {
        cx.advance(time - cx.now());
    }
    if let Some(host) = world.hosts.get_mut(host) {
        lifecycle::settle(host, cx, cx.now());
    }
}

fn has_process(world: &World, session: &Session) -> bool {
    world
        .hosts
        .get(&session.host)
        .and_then(|host| host.daemon.containers.get(&session.container))
        .is_some_and(|container| container.state.has_process())
}

/// Returns the exit code the `wait` call reports: the container's, or the
/// removed container's for `--rm`.
fn exit_code(world: &World, host: &str, id: &str) -> i32 {
    let Some(host) = world.hosts.get(host) else {
        return 125;
    };
    host.daemon
        .containers
        .get(id)
        .or_else(|| host.daemon.containers.removed(id))
        .map(|container| container.state.exit_code)
        .unwrap_or(125)
}

/// Prints the output the container wrote since the terminal last showed it.
fn show_output(world: &World, cx: &mut Cx, session: &mut Session) {
    let Some(host) = world.hosts.get(&session.host) else {
        return;
    };
    let container = host
        .daemon
        .containers
        .get(&session.container)
        .or_else(|| host.daemon.containers.removed(&session.container));
    let Some(container) = container else { return };
    let lines = logs::output(container, cx.now());
    let (stdout, stderr) = match session.mode {
        Mode::Attached(attach) => (attach.stdout, attach.stderr),
        Mode::Waiting(_) | Mode::Exec(_) | Mode::Stats(_) => (false, false),
    };
    for line in lines.iter().skip(session.shown) {
        match line.stream {
            Stream::Stdout if stdout => cx.out.outln(&line.text),
            Stream::Stderr if stderr => cx.out.errln(&line.text),
            _ => {}
        }
    }
    session.shown = session.shown.max(lines.len());
}

/// Blocks the client on a container that will not stop on its own:
/// `docker wait` and `docker stop -t -1`.
pub fn wait_for(world: &mut World, call: &Call, id: &str, then: AfterWait) {
    world.session = Some(Session::waiting(&call.target, id, then));
}
