//! The context a program runs in: its arguments, standard input, the
//! file tree, the kernel model, the shell's state and the simulated clock,
//! with helpers for the things every program does (resolve a path, read a
//! file, print an error in the tool's format).

use super::access::{self, Who};
use super::outcome::Mode;
use super::state::ShellState;
use super::system::{self, Process, System};
use super::users::{self, Identity};
use crate::fs::{Content, FsError, FsErrorKind, FsPath, Overlay};
use crate::output::Stream;

/// A piece of output with the time it was written.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Write {
    pub stream: Stream,
    pub text: String,
    pub offset: u64,
}

/// State that lives for a whole script or line.
#[derive(Clone, Debug)]
pub(crate) struct RunState {
    pub mode: Mode,
    /// Milliseconds since the start.
    pub elapsed: u64,
    pub notes: Vec<String>,
    pub simulated: bool,
    /// How many `sh -c` and scripts are running inside each other.
    pub depth: u32,
    /// Set by `exit` (and when the container is killed) to end the shell.
    pub exit: Option<i32>,
    /// Whether the script must stop at once, through every nested shell:
    /// the kernel killed the container, or the process went on as lasting
    /// work (see `WorkloadOutcome::Running`).
    pub killed: bool,
    /// Whether the script stopped at a foreground workload that keeps the
    /// terminal (see `WorkloadOutcome::Foreground`): the shell goes on
    /// once the workload ends.
    pub foreground: bool,
    /// Added to a script's line numbers in messages (an interactive shell
    /// counts lines across the session).
    pub line_offset: usize,
    /// Whether the program runs as the process itself (an exec-form
    /// command), not as a child of a shell.
    pub exec_form: bool,
}

impl RunState {
    pub fn new(mode: Mode) -> RunState {
        RunState {
            mode,
            elapsed: 0,
            notes: Vec::new(),
            simulated: true,
            depth: 0,
            exit: None,
            killed: false,
            foreground: false,
            line_offset: 0,
            exec_form: false,
        }
    }

    /// Records that something was not modelled.
    pub fn not_simulated(&mut self, note: String) {
        self.simulated = false;
        self.notes.push(note);
    }
}

/// The implementation of the standard tools that a program belongs to: GNU coreutils
/// and friends, or a BusyBox applet. Their messages differ.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Flavor {
    Gnu,
    Busybox,
}

/// A command to run: its arguments and what it runs with.
#[derive(Clone, Debug)]
pub(crate) struct Invocation {
    pub argv: Vec<String>,
    pub env: Vec<(String, String)>,
    pub stdin: Option<String>,
    pub line: usize,
    pub background: bool,
    /// Whether standard output goes into a pipe.
    pub piped: bool,
}

/// A running program.
pub(crate) struct Ctx<'c> {
    pub fs: &'c mut Overlay,
    pub system: &'c mut dyn System,
    pub shell: &'c mut ShellState,
    pub run: &'c mut RunState,
    /// The arguments, `argv[0]` as typed first.
    pub argv: Vec<String>,
    /// `NAME=value` pairs given before the command, which apply to it alone.
    pub env: Vec<(String, String)>,
    /// Standard input: `None` is a terminal or `/dev/null`, read as empty.
    pub stdin: Option<String>,
    /// The output the program wrote.
    pub writes: Vec<Write>,
    pub flavor: Flavor,
    /// The line of the command in the script, for shell-style messages.
    pub line: usize,
    /// Whether the command runs with `&`.
    pub background: bool,
    /// The path where the program was found on `PATH`, or `None` for a builtin.
    pub path: Option<String>,
    /// Whether standard output goes into a pipe, which ends `yes` early.
    pub piped: bool,
}

impl Ctx<'_> {
    /// Returns the program's name as error messages print it (`ls`, not `/bin/ls`).
    pub fn name(&self) -> &str {
        let first = self.argv.first().map_or("", String::as_str);
        first.rsplit('/').next().unwrap_or(first)
    }

    /// Returns the arguments after the program name.
    pub fn args(&self) -> &[String] {
        self.argv.get(1..).unwrap_or_default()
    }

    pub fn out(&mut self, text: impl AsRef<str>) {
        self.write(Stream::Stdout, text.as_ref());
    }

    pub fn outln(&mut self, text: impl AsRef<str>) {
        let mut line = text.as_ref().to_string();
        line.push('\n');
        self.write(Stream::Stdout, &line);
    }

    pub fn err(&mut self, text: impl AsRef<str>) {
        self.write(Stream::Stderr, text.as_ref());
    }

    pub fn errln(&mut self, text: impl AsRef<str>) {
        let mut line = text.as_ref().to_string();
        line.push('\n');
        self.write(Stream::Stderr, &line);
    }

    /// Prints `NAME: message` on standard error.
    pub fn error(&mut self, message: impl AsRef<str>) {
        let line = format!("{}: {}\n", self.name(), message.as_ref());
        self.write(Stream::Stderr, &line);
    }

    fn write(&mut self, stream: Stream, text: &str) {
        if text.is_empty() {
            return;
        }
        let offset = self.run.elapsed;
        match self.writes.last_mut() {
            Some(last) if last.stream == stream && last.offset == offset => {
                last.text.push_str(text)
            }
            _ => self.writes.push(Write {
                stream,
                text: text.to_string(),
                offset,
            }),
        }
    }

    /// Moves the simulated clock forward by `millis`.
    pub fn advance(&mut self, millis: u64) {
        self.run.elapsed = self.run.elapsed.saturating_add(millis);
    }

    pub fn interactive(&self) -> bool {
        self.run.mode == Mode::Interactive
    }

    /// Records that the program's effect is not modelled, and in an interactive
    /// shell prints a message about it on standard error.
    pub fn not_simulated(&mut self, what: &str) {
        let note = format!("`{}` is not simulated: {what}", self.command_text());
        self.run.not_simulated(note);
        if self.interactive() {
            let message = format!("porthole: {what}; {} was not run\n", self.name());
            self.write(Stream::Stderr, &message);
        }
    }

    /// Records a note without marking the step unsimulated.
    pub fn note(&mut self, note: String) {
        self.run.notes.push(note);
    }

    /// Returns the command line, shortened for notes.
    pub fn command_text(&self) -> String {
        let text = self.argv.join(" ");
        match text.char_indices().nth(60) {
            Some((cut, _)) => format!("{}…", &text[..cut]),
            None => text,
        }
    }

    /// Returns a variable as the program's environment has it.
    pub fn env_var(&self, name: &str) -> Option<&str> {
        self.env
            .iter()
            .rev()
            .find(|(key, _)| key == name)
            .map(|(_, value)| value.as_str())
            .or_else(|| self.shell.var(name))
    }

    /// Returns the user the program runs as, for permission checks.
    pub fn who(&self) -> Who {
        Who::of(self.fs, self.shell.user())
    }

    /// Returns whether the user may write `path` (absolute), or create it.
    pub fn may_write(&self, path: &str) -> bool {
        access::may_write(self.fs, &self.who(), path)
    }

    /// Returns whether the user may create an entry at `path` (absolute).
    pub fn may_create(&self, path: &str) -> bool {
        access::may_create(self.fs, &self.who(), path)
    }

    /// Returns whether the user may remove the entry at `path` (absolute).
    pub fn may_remove(&self, path: &str) -> bool {
        access::may_remove(self.fs, &self.who(), path)
    }

    /// Returns the user the program runs as.
    pub fn identity(&self) -> Identity {
        users::resolve(self.fs, self.shell.user()).unwrap_or_else(|_| Identity::root())
    }

    /// Makes `path` absolute against the working directory, without
    /// resolving `..` so that symlinks resolve as the kernel does.
    pub fn absolute(&self, path: &str) -> String {
        if path.starts_with('/') {
            return path.to_string();
        }
        let cwd = self.shell.cwd();
        if cwd.ends_with('/') {
            format!("{cwd}{path}")
        } else {
            format!("{cwd}/{path}")
        }
    }

    /// Returns the normalised absolute form of `path`.
    pub fn normalised(&self, path: &str) -> FsPath {
        FsPath::new(&self.absolute(path))
    }

    /// Returns the process that runs this program. For a command Docker
    /// runs directly (an exec-form `docker exec`) it is the exec's own
    /// process. Otherwise it is a new child of the shell, with the PID `ps`
    /// gives it: the highest so far plus 6, an estimate of the PIDs the
    /// shell's forks used.
    pub fn own_process(&self) -> Process {
        let processes = self.system.processes();
        if self.run.exec_form && self.run.depth == 0 {
            let pid = self.shell.pid();
            if let Some(process) = processes.iter().find(|process| process.pid == pid) {
                return Process {
                    state: 'R',
                    ..process.clone()
                };
            }
        }
        let identity = self.identity();
        Process {
            pid: processes.iter().map(|p| p.pid).max().unwrap_or(0) + 6,
            ppid: self.shell.pid(),
            user: identity.name.unwrap_or_else(|| identity.uid.to_string()),
            command: self.argv.join(" "),
            state: 'R',
            rss_kib: 4_096,
            vsz_kib: 8_088,
            cpu_millis: 0,
            started: self.system.now() + self.run.elapsed,
            tty: processes.first().and_then(|p| p.tty.clone()),
        }
    }

    /// Reads a file as text: `/proc` and `/sys` from the kernel model,
    /// devices, then the file tree. Synthetic bytes are [`ReadError::Binary`].
    pub fn read_text(&self, path: &str) -> Result<String, ReadError> {
        let absolute = self.normalised(path);
        let absolute = absolute.as_str();
        match absolute {
            "/dev/null" => return Ok(String::new()),
            "/dev/zero" | "/dev/urandom" | "/dev/random" => return Err(ReadError::Endless),
            _ => {}
        }
        if let Some(file) = absolute.strip_prefix("/proc/self/") {
            let own = self.own_process();
            let path = format!("/proc/{}/{file}", own.pid);
            let text = system::process_text(&own, file)
                .or_else(|| self.system.read_kernel_file(&path))
                .or_else(|| self.system.read_kernel_file(absolute));
            return text.ok_or(ReadError::Fs(FsErrorKind::NotFound));
        }
        if absolute.starts_with("/proc/") || absolute.starts_with("/sys/") {
            return match self.system.read_kernel_file(absolute) {
                Some(text) => Ok(text),
                None => Err(ReadError::Fs(FsErrorKind::NotFound)),
            };
        }
        match self.fs.read(absolute) {
            Ok(Content::Text(text)) => Ok(text.clone()),
            Ok(Content::Synthetic { size, .. }) => Err(ReadError::Binary(*size)),
            Err(error) => Err(ReadError::Fs(error.kind)),
        }
    }

    /// Reads the program's input: the file operands, or standard input when
    /// there are none or an operand is `-`. Reports unreadable files in the
    /// format `message` gives and returns the texts that could be read with
    /// whether every read succeeded.
    pub fn inputs(
        &mut self,
        operands: &[String],
        message: impl Fn(&str, &ReadError) -> String,
    ) -> (Vec<(String, String)>, bool) {
        if operands.is_empty() {
            let stdin = self.stdin.clone().unwrap_or_default();
            return (vec![("-".to_string(), stdin)], true);
        }
        let mut texts = Vec::new();
        let mut ok = true;
        for operand in operands {
            if operand == "-" {
                texts.push((operand.clone(), self.stdin.clone().unwrap_or_default()));
                continue;
            }
            match self.read_text(operand) {
                Ok(text) => texts.push((operand.clone(), text)),
                Err(error) => {
                    ok = false;
                    let line = message(operand, &error);
                    self.errln(line);
                }
            }
        }
        (texts, ok)
    }

    /// Writes `text` to a file, creating it, as a tool writing its output does.
    pub fn write_file(&mut self, path: &str, content: Content) -> Result<(), FsError> {
        let absolute = self.absolute(path);
        self.fs.write(&absolute, content)
    }
}

/// The reason a file could not be read as text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum ReadError {
    Fs(FsErrorKind),
    /// The file contains synthetic bytes of this size, which have no text.
    Binary(u64),
    /// A device that never ends (`/dev/zero`).
    Endless,
}

impl std::fmt::Display for ReadError {
    fn fmt(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ReadError::Fs(kind) => write!(formatter, "{kind}"),
            ReadError::Binary(_) | ReadError::Endless => formatter.write_str("binary file"),
        }
    }
}
