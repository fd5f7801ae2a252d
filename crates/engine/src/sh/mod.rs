//! The shell interpreter: what `RUN` does to a build step's files, and the
//! shell of `docker exec -it CONTAINER sh` and `docker run -it IMAGE bash`.
//!
//! The simulation cannot execute programs. It parses the script as dash,
//! bash or BusyBox ash would, expands words, and runs models of common
//! programs against the container's [`Overlay`]: file commands, package
//! managers (through [`crate::packages`]), user management, and the tools
//! that report on the system, which ask a [`System`] (the kernel model).
//!
//! - [`run_script`] runs a `RUN` script (`/bin/sh -c`) in [`Mode::Build`]: a
//!   non-zero status fails the step; constructs and programs whose effect is
//!   not modelled still succeed, and the [`ScriptOutcome`] says so.
//! - [`Session`] is an interactive shell, line by line, with its prompt.
//!
//! A command runs only if its program file exists on `PATH` (or is a shell
//! builtin), so a missing tool fails as it does in the real image, with the
//! shell's `not found` message and status 127. Every program reports a
//! simulated duration, and every output line carries the time it was written.
//!
//! Parsing and running never panic and take time linear in the script plus
//! the output it produces and the files it touches.
//!
//! ```
//! use engine::fs::Overlay;
//! use engine::sh::{run_script, BuildSystem, Mode, ShellKind, ShellState};
//!
//! let mut fs = Overlay::default();
//! fs.mkdir_all("/usr/bin").unwrap();
//! let mut shell = ShellState::new(ShellKind::Dash, "/bin/sh")
//!     .with_environment(["PATH=/usr/bin"]);
//! let mut system = BuildSystem::new(0, "amd64", "/bin/sh -c");
//! let script = "echo hi > /greeting && echo done; nope";
//! let outcome = run_script(script, &mut shell, &mut fs, &mut system, Mode::Build);
//! assert_eq!(outcome.text(), "done\n/bin/sh: 1: nope: not found\n");
//! assert_eq!(outcome.status, 127);
//! assert!(fs.exists("/greeting"));
//! ```

mod access;
mod ast;
mod ctx;
mod exec;
mod expand;
mod glob;
mod lex;
mod messages;
mod outcome;
mod parse;
mod programs;
mod regex;
mod session;
mod state;
mod system;
pub(crate) mod users;

pub use outcome::{lines_text, LineOutcome, Mode, OutputLine, ScriptOutcome};
pub use session::{Session, StartError};
pub use state::{ShellKind, ShellState};
pub use system::{
    kernel_file, loopback, Address, BuildSystem, Interface, Kernel, Memory, Mount, Process, Route,
    System, Workload, WorkloadOutcome, WorkloadRequest,
};

use crate::fs::Overlay;
use crate::output::Stream;
use ctx::{RunState, Write};
use exec::Machine;
use outcome::Collector;

/// Runs a `RUN` script in `shell` against `fs`, as `/bin/sh -c SCRIPT` (or
/// the `SHELL` the state was made for) runs it.
///
/// The builder makes `shell` with the step's environment (`ENV` and build
/// args), working directory and user; `fs` is the step's overlay, whose upper
/// layer becomes the new layer.
pub fn run_script(
    script: &str,
    shell: &mut ShellState,
    fs: &mut Overlay,
    system: &mut dyn System,
    mode: Mode,
) -> ScriptOutcome {
    let mut run = RunState::new(mode);
    let mut writes = Vec::new();
    let status = match prepare(shell, fs) {
        Ok(()) => {
            let mut machine = Machine {
                fs,
                system,
                shell,
                run: &mut run,
            };
            let status = machine.run_source(script, None, &mut writes);
            run.exit.unwrap_or(status)
        }
        Err(message) => {
            exec::push_out(&mut writes, Stream::Stderr, format!("{message}\n"), 0);
            1
        }
    };
    outcome(status, writes, run)
}

/// Runs an exec-form command (`RUN ["apt-get", "update"]`, `docker exec c
/// ls -l`) without a shell. Returns the runtime's error when the program is
/// not found, as runc reports it.
pub fn run_argv(
    argv: &[String],
    shell: &mut ShellState,
    fs: &mut Overlay,
    system: &mut dyn System,
    mode: Mode,
) -> Result<ScriptOutcome, String> {
    let Some(name) = argv.first() else {
        return Err("exec: \"\": executable file not found in $PATH".to_string());
    };
    prepare(shell, fs)?;
    let mut run = RunState::new(mode);
    run.exec_form = true;
    let mut machine = Machine {
        fs,
        system,
        shell,
        run: &mut run,
    };
    if programs::builtin(name, machine.shell.kind()).is_none() && !machine.is_executable(name) {
        return Err(format!(
            "exec: \"{name}\": executable file not found in $PATH"
        ));
    }
    let mut writes = Vec::new();
    let call = ctx::Invocation {
        argv: argv.to_vec(),
        env: Vec::new(),
        stdin: None,
        line: 1,
        background: false,
        piped: false,
    };
    let status = machine.invoke(call, &mut writes);
    let status = run.exit.unwrap_or(status);
    Ok(outcome(status, writes, run))
}

/// Returns whether the interpreter models a program run under this name
/// (`ls`, `/bin/ls`, `python3`) or runs it as a shell, so its output and
/// effect are simulated; other executables run without either.
pub fn is_modelled(name: &str) -> bool {
    let base = name.rsplit('/').next().unwrap_or(name);
    programs::find(base).is_some() || programs::builtin(base, ShellKind::Bash).is_some()
}

/// Checks the user and sets `HOME` from `/etc/passwd` when the
/// environment lacks it, as runc does when it starts a process.
fn prepare(shell: &mut ShellState, fs: &Overlay) -> Result<(), String> {
    let identity = users::resolve(fs, shell.user())?;
    if shell.var("HOME").is_none() {
        shell.export_home(&identity.home);
    }
    Ok(())
}

fn outcome(status: i32, writes: Vec<Write>, run: RunState) -> ScriptOutcome {
    let mut collector = Collector::default();
    for write in writes {
        collector.write(write.stream, &write.text, write.offset);
    }
    ScriptOutcome {
        status,
        output: collector.finish(),
        simulated: run.simulated,
        notes: run.notes,
        duration_millis: run.elapsed,
    }
}
