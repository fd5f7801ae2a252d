//! The state a shell keeps between commands: variables, working directory,
//! user, options, the last exit status and the functions defined so far.
//!
//! Pipelines run each command in a subshell and `sh -c` starts a new shell,
//! so changes made there must vanish when they end. Rather than copying the
//! state, which would make a long script quadratic, the state records an undo
//! log while a [`Frame`] is open and replays it backwards when the frame
//! closes. A new shell also hides the variables its parent did not export:
//! each variable remembers the shell depth that set it.

use std::collections::HashMap;
use std::sync::Arc;

use crate::fs::Overlay;

/// The shell program that interprets commands. Their messages and a few rules
/// differ (dash's `echo` interprets backslashes, bash's does not).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ShellKind {
    /// Debian and Ubuntu's `/bin/sh` (dash 0.5.12).
    Dash,
    /// GNU bash 5.2.
    Bash,
    /// BusyBox's `ash`, Alpine's `/bin/sh` (BusyBox 1.37).
    Ash,
}

impl ShellKind {
    /// Finds which shell the program at `path` is, following symlinks
    /// (`/bin/sh` → `dash` on Debian, → `/bin/busybox` on Alpine). Returns
    /// `None` when the file is missing or is no known shell.
    pub fn detect(fs: &Overlay, path: &str) -> Option<ShellKind> {
        let resolved = fs.canonicalize(path).ok()?;
        let name = resolved.file_name()?;
        let typed = path.rsplit('/').next().unwrap_or(path);
        match (name, typed) {
            ("dash", _) => Some(ShellKind::Dash),
            ("bash", _) => Some(ShellKind::Bash),
            ("busybox" | "ash", _) => Some(ShellKind::Ash),
            (_, "bash") => Some(ShellKind::Bash),
            (_, "sh" | "dash") => Some(ShellKind::Dash),
            _ => None,
        }
    }
}

/// `set` options the interpreter honours.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(crate) struct Options {
    /// `-e`: exit when a command fails outside a condition.
    pub errexit: bool,
    /// `-x`: print each command to standard error before running it.
    pub xtrace: bool,
    /// `-u`: expanding an unset variable is an error.
    pub nounset: bool,
    /// `-f`: no pathname expansion.
    pub noglob: bool,
    /// `-o pipefail`: a pipeline fails when any of its commands fails.
    pub pipefail: bool,
}

#[derive(Clone, Debug, PartialEq, Eq)]
struct Var {
    value: String,
    exported: bool,
    /// The shell depth that last set it.
    depth: u32,
}

/// The kind of a frame.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum FrameKind {
    /// A subshell: a pipeline member. Everything is visible, nothing persists.
    Subshell,
    /// A new shell process (`sh -c`, a script): only exported variables are
    /// visible, nothing persists.
    NewShell,
}

#[derive(Clone, Debug)]
struct Frame {
    kind: FrameKind,
    shell: ShellKind,
    undo_len: usize,
    function_undo_len: usize,
    cwd: String,
    options: Options,
    argv0: Arc<str>,
    /// The positional parameters to restore, saved when the frame (or `set
    /// --` inside it) replaced them; a subshell that leaves them alone saves
    /// nothing, which keeps pipelines cheap.
    positional: Option<Vec<String>>,
    last_status: i32,
}

/// A function definition, which only a fork bomb makes the simulation run.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Function {
    pub body: String,
    depth: u32,
}

/// The state of one shell: what `RUN` gets from the builder and what an
/// interactive session keeps between lines.
#[derive(Clone, Debug)]
pub struct ShellState {
    kind: ShellKind,
    argv0: Arc<str>,
    vars: HashMap<String, Var>,
    /// Names in the order they were first set, for `env` and `export -p`.
    order: Vec<String>,
    undo: Vec<(String, Option<Var>)>,
    functions: HashMap<String, Function>,
    function_undo: Vec<(String, Option<Function>)>,
    frames: Vec<Frame>,
    depth: u32,
    cwd: String,
    user: String,
    last_status: i32,
    pub(crate) options: Options,
    positional: Vec<String>,
    pid: u32,
}

impl ShellState {
    /// Creates the state of a shell of `kind` whose `$0` is `argv0` (`/bin/sh`
    /// for `RUN`, `sh` or `bash` for `docker exec`), in `/` as root, with no
    /// variables.
    pub fn new(kind: ShellKind, argv0: &str) -> ShellState {
        ShellState {
            kind,
            argv0: Arc::from(argv0),
            vars: HashMap::new(),
            order: Vec::new(),
            undo: Vec::new(),
            functions: HashMap::new(),
            function_undo: Vec::new(),
            frames: Vec::new(),
            depth: 0,
            cwd: "/".to_string(),
            user: String::new(),
            last_status: 0,
            options: Options::default(),
            positional: Vec::new(),
            pid: 1,
        }
    }

    /// Exports each `NAME=value` of `entries`, as `ENV` instructions, build
    /// args and `docker run -e` hand them to a process.
    pub fn with_environment<I, S>(mut self, entries: I) -> ShellState
    where
        I: IntoIterator<Item = S>,
        S: AsRef<str>,
    {
        for entry in entries {
            let (name, value) = entry
                .as_ref()
                .split_once('=')
                .unwrap_or((entry.as_ref(), ""));
            self.export(name, Some(value));
        }
        self
    }

    /// Sets the working directory, which must be absolute.
    pub fn with_cwd(mut self, cwd: &str) -> ShellState {
        self.set_cwd(cwd);
        self
    }

    /// Sets the user as `USER` or `--user` give it: a name or a UID,
    /// optionally followed by `:` and a group. Empty means root.
    pub fn with_user(mut self, user: &str) -> ShellState {
        self.user = user.to_string();
        self
    }

    /// Sets the shell's process ID, which `$$` expands to (1 when the shell is
    /// the container's first process).
    pub fn with_pid(mut self, pid: u32) -> ShellState {
        self.pid = pid;
        self
    }

    /// Returns which shell this is.
    pub fn kind(&self) -> ShellKind {
        self.kind
    }

    /// Returns `$0`.
    pub fn argv0(&self) -> &str {
        &self.argv0
    }

    /// Returns the working directory.
    pub fn cwd(&self) -> &str {
        &self.cwd
    }

    /// Returns the user as configured (empty for root).
    pub fn user(&self) -> &str {
        &self.user
    }

    /// Returns `$?`, the exit status of the last command.
    pub fn last_status(&self) -> i32 {
        self.last_status
    }

    /// Returns the shell's process ID.
    pub fn pid(&self) -> u32 {
        self.pid
    }

    /// Returns the value of a visible variable, exported or not.
    pub fn var(&self, name: &str) -> Option<&str> {
        self.visible(name).map(|var| var.value.as_str())
    }

    /// Returns the exported variables in the order they were first set, as
    /// `env` prints them.
    pub fn environment(&self) -> Vec<(String, String)> {
        self.listed(true)
    }

    pub(crate) fn set_cwd(&mut self, cwd: &str) {
        self.cwd = cwd.to_string();
    }

    pub(crate) fn set_last_status(&mut self, status: i32) {
        self.last_status = status;
    }

    pub(crate) fn positional(&self) -> &[String] {
        &self.positional
    }

    pub(crate) fn set_positional(&mut self, arguments: Vec<String>) {
        let previous = std::mem::replace(&mut self.positional, arguments);
        if let Some(frame) = self.frames.last_mut() {
            if frame.positional.is_none() {
                frame.positional = Some(previous);
            }
        }
    }

    pub(crate) fn frames_open(&self) -> bool {
        !self.frames.is_empty()
    }

    fn visible(&self, name: &str) -> Option<&Var> {
        self.vars
            .get(name)
            .filter(|var| var.exported || var.depth >= self.depth)
    }

    /// Returns variables in first-set order: exported ones only, or all visible ones.
    pub(crate) fn listed(&self, exported_only: bool) -> Vec<(String, String)> {
        let mut seen = std::collections::HashSet::new();
        let mut list = Vec::new();
        for name in &self.order {
            if !seen.insert(name.as_str()) {
                continue;
            }
            if let Some(var) = self.visible(name) {
                if var.exported || !exported_only {
                    list.push((name.clone(), var.value.clone()));
                }
            }
        }
        list
    }

    pub(crate) fn is_exported(&self, name: &str) -> bool {
        self.visible(name).is_some_and(|var| var.exported)
    }

    /// Sets a variable, keeping its export flag.
    pub(crate) fn set_var(&mut self, name: &str, value: &str) {
        let exported = self.is_exported(name);
        self.store(name, value.to_string(), exported);
    }

    /// Exports a variable, setting it when `value` is given.
    pub(crate) fn export(&mut self, name: &str, value: Option<&str>) {
        let value = match value {
            Some(value) => value.to_string(),
            None => self.var(name).unwrap_or_default().to_string(),
        };
        self.store(name, value, true);
    }

    pub(crate) fn export_home(&mut self, home: &str) {
        self.export("HOME", Some(home));
    }

    pub(crate) fn unset_var(&mut self, name: &str) {
        self.record(name);
        self.vars.remove(name);
    }

    fn store(&mut self, name: &str, value: String, exported: bool) {
        self.record(name);
        if !self.vars.contains_key(name) {
            self.order.push(name.to_string());
        }
        let depth = self.depth;
        self.vars.insert(
            name.to_string(),
            Var {
                value,
                exported,
                depth,
            },
        );
    }

    fn record(&mut self, name: &str) {
        if !self.frames.is_empty() {
            self.undo
                .push((name.to_string(), self.vars.get(name).cloned()));
        }
    }

    pub(crate) fn function(&self, name: &str) -> Option<&Function> {
        self.functions
            .get(name)
            .filter(|function| function.depth >= self.depth)
    }

    pub(crate) fn define_function(&mut self, name: &str, body: &str) {
        if !self.frames.is_empty() {
            let previous = self.functions.get(name).cloned();
            self.function_undo.push((name.to_string(), previous));
        }
        let depth = self.depth;
        self.functions.insert(
            name.to_string(),
            Function {
                body: body.to_string(),
                depth,
            },
        );
    }

    /// Opens a frame whose changes are undone by [`ShellState::leave`]. A new
    /// shell gets `argv0` and `positional` as `$0` and `$1…`.
    pub(crate) fn enter(&mut self, kind: FrameKind, argv0: Option<&str>, positional: Vec<String>) {
        self.frames.push(Frame {
            kind,
            shell: self.kind,
            undo_len: self.undo.len(),
            function_undo_len: self.function_undo.len(),
            cwd: self.cwd.clone(),
            options: self.options,
            argv0: Arc::clone(&self.argv0),
            positional: None,
            last_status: self.last_status,
        });
        if kind == FrameKind::NewShell {
            self.depth += 1;
            self.options = Options::default();
            let previous = std::mem::replace(&mut self.positional, positional);
            if let Some(frame) = self.frames.last_mut() {
                frame.positional = Some(previous);
            }
        }
        if let Some(argv0) = argv0 {
            self.argv0 = Arc::from(argv0);
        }
    }

    /// Closes the innermost frame and undoes its changes, except `$?`,
    /// which the caller sets from the frame's exit status.
    pub(crate) fn leave(&mut self) {
        let Some(frame) = self.frames.pop() else {
            return;
        };
        while self.undo.len() > frame.undo_len {
            let Some((name, previous)) = self.undo.pop() else {
                break;
            };
            match previous {
                Some(var) => {
                    self.vars.insert(name, var);
                }
                None => {
                    self.vars.remove(&name);
                }
            }
        }
        while self.function_undo.len() > frame.function_undo_len {
            let Some((name, previous)) = self.function_undo.pop() else {
                break;
            };
            match previous {
                Some(function) => {
                    self.functions.insert(name, function);
                }
                None => {
                    self.functions.remove(&name);
                }
            }
        }
        if frame.kind == FrameKind::NewShell {
            self.depth = self.depth.saturating_sub(1);
        }
        self.kind = frame.shell;
        self.cwd = frame.cwd;
        self.options = frame.options;
        self.argv0 = frame.argv0;
        if let Some(positional) = frame.positional {
            self.positional = positional;
        }
        self.last_status = frame.last_status;
    }

    /// Switches the shell program, for a new shell frame that runs another
    /// shell (`bash -c` from dash).
    pub(crate) fn set_kind(&mut self, kind: ShellKind) {
        self.kind = kind;
    }

    /// Returns the value of `$-`: the letters of the options that are set.
    pub(crate) fn option_letters(&self) -> String {
        let mut letters = String::new();
        for (set, letter) in [
            (self.options.errexit, 'e'),
            (self.options.noglob, 'f'),
            (self.options.nounset, 'u'),
            (self.options.xtrace, 'x'),
        ] {
            if set {
                letters.push(letter);
            }
        }
        letters
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn frames_undo_changes() {
        let mut state = ShellState::new(ShellKind::Dash, "sh").with_environment(["PATH=/bin"]);
        state.set_var("LOCAL", "1");
        state.enter(FrameKind::Subshell, None, Vec::new());
        state.set_var("LOCAL", "2");
        state.export("NEW", Some("x"));
        state.set_cwd("/tmp");
        assert_eq!(state.var("LOCAL"), Some("2"));
        state.leave();
        assert_eq!(state.var("LOCAL"), Some("1"));
        assert_eq!(state.var("NEW"), None);
        assert_eq!(state.cwd(), "/");
    }

    #[test]
    fn new_shell_sees_exported_only() {
        let mut state = ShellState::new(ShellKind::Dash, "sh").with_environment(["PATH=/bin"]);
        state.set_var("LOCAL", "1");
        state.enter(FrameKind::NewShell, Some("sh"), vec!["a".into()]);
        assert_eq!(state.var("LOCAL"), None);
        assert_eq!(state.var("PATH"), Some("/bin"));
        assert_eq!(state.positional(), ["a"]);
        state.set_var("LOCAL", "inner");
        assert_eq!(state.var("LOCAL"), Some("inner"));
        state.leave();
        assert_eq!(state.var("LOCAL"), Some("1"));
        assert!(state.positional().is_empty());
    }

    #[test]
    fn environment_keeps_first_set_order() {
        let mut state = ShellState::new(ShellKind::Bash, "bash").with_environment(["B=1", "A=2"]);
        state.export("C", Some("3"));
        state.set_var("D", "4");
        state.export("B", Some("5"));
        let names: Vec<String> = state
            .environment()
            .into_iter()
            .map(|(n, v)| format!("{n}={v}"))
            .collect();
        assert_eq!(names, ["B=5", "A=2", "C=3"]);
    }
}
