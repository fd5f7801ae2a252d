//! An interactive shell: `docker exec -it CONTAINER sh|bash` or `docker run
//! -it IMAGE sh|bash`, fed one terminal line at a time.
//!
//! The session keeps the working directory, variables and `$?` between
//! lines, counts lines as dash does for its messages, and waits for more
//! input while a quote, a here-document or a construct is still open. The
//! prompt is the one each shell shows in the official images:
//!
//! | shell | root | other users |
//! | --- | --- | --- |
//! | dash (Debian, Ubuntu `sh`) | `# ` | `$ ` |
//! | bash (Debian's `/etc/bash.bashrc`) | `root@HOST:/app# ` | `app@HOST:~$ ` |
//! | BusyBox ash (Alpine `sh`) | `/app # ` | `~ $ ` |
//!
//! and `> ` while a command continues on the next line.

use super::ctx::RunState;
use super::exec::Machine;
use super::outcome::{Collector, LineOutcome, Mode};
use super::parse::is_incomplete;
use super::state::{ShellKind, ShellState};
use super::system::System;
use super::users;
use crate::fs::Overlay;

/// The reason a shell could not start.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum StartError {
    /// The program is not in the container; the text is runc's error,
    /// `exec: "bash": executable file not found in $PATH`.
    NotFound(String),
    /// The program exists but is not a shell the simulation runs.
    NotAShell(String),
    /// The user does not exist, in runc's words.
    UnknownUser(String),
}

/// An interactive shell session.
#[derive(Clone, Debug)]
pub struct Session {
    state: ShellState,
    hostname: String,
    /// Lines read so far, which dash prints in its messages.
    lines: usize,
    /// An incomplete command waiting for its next line.
    pending: String,
    ended: bool,
    user_name: Option<String>,
    uid: u32,
}

impl Session {
    /// Starts `program` (`sh`, `bash`, `/bin/ash`) with the container's
    /// environment (`NAME=value` entries), working directory and user
    /// (`USER` syntax), on the host named by `system`.
    pub fn start(
        program: &str,
        environment: &[String],
        cwd: &str,
        user: &str,
        fs: &Overlay,
        system: &dyn System,
    ) -> Result<Session, StartError> {
        let probe = ShellState::new(ShellKind::Dash, program).with_environment(environment);
        let path = find_program(program, probe.var("PATH"), fs).ok_or_else(|| {
            StartError::NotFound(format!(
                "exec: \"{program}\": executable file not found in $PATH"
            ))
        })?;
        let kind = ShellKind::detect(fs, &path)
            .ok_or_else(|| StartError::NotAShell(program.to_string()))?;
        let identity = users::resolve(fs, user).map_err(StartError::UnknownUser)?;
        let cwd = if cwd.is_empty() { "/" } else { cwd };
        let mut state = ShellState::new(kind, program)
            .with_environment(environment)
            .with_cwd(cwd)
            .with_user(user);
        if state.var("HOME").is_none() {
            state.export_home(&identity.home);
        }
        Ok(Session {
            state,
            hostname: system.hostname(),
            lines: 0,
            pending: String::new(),
            ended: false,
            user_name: identity.name,
            uid: identity.uid,
        })
    }

    /// Sets the PID the shell runs as (`$$`, and the parent of the
    /// processes it starts).
    pub fn set_pid(&mut self, pid: u32) {
        self.state = self.state.clone().with_pid(pid);
    }

    /// Returns the shell's state: working directory, variables, `$?`.
    pub fn state(&self) -> &ShellState {
        &self.state
    }

    /// Sets `$?`, as the shell does when a foreground job it waited for
    /// ends.
    pub fn set_last_status(&mut self, status: i32) {
        self.state.set_last_status(status);
    }

    /// Returns whether the session has ended.
    pub fn ended(&self) -> bool {
        self.ended
    }

    /// Returns the prompt to show before the next line.
    pub fn prompt(&self) -> String {
        if !self.pending.is_empty() {
            return "> ".to_string();
        }
        let sign = if self.uid == 0 { '#' } else { '$' };
        match self.state.kind() {
            ShellKind::Dash => format!("{sign} "),
            ShellKind::Ash => format!("{} {sign} ", self.short_cwd()),
            ShellKind::Bash => {
                let user = self.user_name.as_deref().unwrap_or("I have no name!");
                format!("{user}@{}:{}{sign} ", self.hostname, self.short_cwd())
            }
        }
    }

    /// Returns the working directory with the home directory shown as `~`.
    fn short_cwd(&self) -> String {
        let cwd = self.state.cwd();
        let home = self.state.var("HOME").unwrap_or_default();
        if home.is_empty() || home == "/" {
            return cwd.to_string();
        }
        match cwd.strip_prefix(home) {
            Some("") => "~".to_string(),
            Some(rest) if rest.starts_with('/') => format!("~{rest}"),
            _ => cwd.to_string(),
        }
    }

    /// Runs one line typed at the prompt.
    pub fn run_line(
        &mut self,
        line: &str,
        fs: &mut Overlay,
        system: &mut dyn System,
    ) -> LineOutcome {
        if self.ended {
            return LineOutcome {
                output: Vec::new(),
                status: self.state.last_status(),
                exit_requested: true,
                continuation: false,
                notes: Vec::new(),
                duration_millis: 0,
            };
        }
        if !self.pending.is_empty() {
            self.pending.push('\n');
        }
        self.pending.push_str(line);
        if is_incomplete(&self.pending, self.state.kind()) {
            return LineOutcome {
                output: Vec::new(),
                status: self.state.last_status(),
                exit_requested: false,
                continuation: true,
                notes: Vec::new(),
                duration_millis: 0,
            };
        }
        let script = std::mem::take(&mut self.pending);
        let mut run = RunState::new(Mode::Interactive);
        run.line_offset = self.lines;
        let mut writes = Vec::new();
        let mut machine = Machine {
            fs,
            system,
            shell: &mut self.state,
            run: &mut run,
        };
        let status = machine.run_source(&script, None, &mut writes);
        self.lines += script.matches('\n').count() + 1;
        let status = run.exit.unwrap_or(status);
        self.state.set_last_status(status);
        if run.exit.is_some() && !run.foreground {
            self.ended = true;
        }
        let mut collector = Collector::default();
        for write in writes {
            collector.write(write.stream, &write.text, write.offset);
        }
        LineOutcome {
            output: collector.finish(),
            status,
            exit_requested: self.ended,
            continuation: false,
            notes: run.notes,
            duration_millis: run.elapsed,
        }
    }
}

/// Finds the program a session starts: a path, or a name on `PATH`.
fn find_program(program: &str, path: Option<&str>, fs: &Overlay) -> Option<String> {
    if program.contains('/') {
        return fs.stat(program).is_ok().then(|| program.to_string());
    }
    path.unwrap_or("/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin")
        .split(':')
        .map(|directory| format!("{}/{program}", directory.trim_end_matches('/')))
        .find(|candidate| fs.stat(candidate).is_ok())
}
