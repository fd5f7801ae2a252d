//! Runs the syntax tree: complete commands, `&&` and `||`, pipelines,
//! redirections, assignments, and simple commands found as builtins or on
//! `PATH`.
//!
//! Pipeline members run one after another, each in a subshell frame, with
//! the output of one as the input of the next. Output bound for the terminal
//! is handed to the caller in order, each piece with the simulated time it
//! was written.

use super::ast::{
    AndOr, Command, CompleteCommand, Connector, Construct, Pipeline, Redirect, SimpleCommand,
};
use super::ctx::{Ctx, Flavor, Invocation, RunState, Write};
use super::expand::{ExpandError, Expander};
use super::lex::{RedirectKind, Substitution};
use super::messages::{ExecError, Origin};
use super::outcome::Mode;
use super::parse::parse;
use super::programs;
use super::state::{FrameKind, ShellState};
use super::system::{System, Workload, WorkloadOutcome, WorkloadRequest};
use crate::fs::{Content, FileType, FsErrorKind, Overlay};
use crate::output::Stream;

/// The simulated cost of starting an external program, in milliseconds.
const EXEC_MILLIS: u64 = 2;

/// The deepest nesting of `sh -c` and scripts the simulation follows.
pub(crate) const MAX_DEPTH: u32 = 16;

/// The interpreter: everything a running shell can touch.
pub(crate) struct Machine<'a> {
    pub fs: &'a mut Overlay,
    pub system: &'a mut dyn System,
    pub shell: &'a mut ShellState,
    pub run: &'a mut RunState,
}

/// Where a file descriptor's output goes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Sink {
    Terminal(Stream),
    Null,
    /// Into the next command of the pipeline.
    Capture,
    /// Into the file with this index in `Io::files`.
    File(usize),
}

/// A command's input and output after its redirections.
struct Io {
    stdout: Sink,
    stderr: Sink,
    stdin: Option<String>,
    files: Vec<(String, String)>,
}

impl Machine<'_> {
    /// Runs a whole script and returns its exit status; terminal output goes
    /// to `out`.
    pub fn run_source(&mut self, source: &str, stdin: Option<&str>, out: &mut Vec<Write>) -> i32 {
        let script = parse(source, self.shell.kind());
        let mut status = self.shell.last_status();
        for command in &script.commands {
            status = self.complete_command(command, stdin, out);
            if let Some(exit) = self.run.exit {
                return exit;
            }
        }
        if let Some(error) = &script.error {
            let origin = self.origin(error.line);
            let message = origin.syntax_error(error, source);
            push_out(out, Stream::Stderr, message, self.run.elapsed);
            status = 2;
            self.shell.set_last_status(status);
        }
        status
    }

    fn complete_command(
        &mut self,
        command: &CompleteCommand,
        stdin: Option<&str>,
        out: &mut Vec<Write>,
    ) -> i32 {
        let (status, last_ran) = self.and_or(&command.list, command.background, stdin, out);
        let status = if command.background { 0 } else { status };
        self.shell.set_last_status(status);
        if self.shell.options.errexit && status != 0 && last_ran && self.run.exit.is_none() {
            self.run.exit = Some(status);
        }
        status
    }

    /// Runs an and-or list; also returns whether the pipeline that ran last
    /// was the list's last, the only one whose failure `set -e` acts on.
    fn and_or(
        &mut self,
        list: &AndOr,
        background: bool,
        stdin: Option<&str>,
        out: &mut Vec<Write>,
    ) -> (i32, bool) {
        let mut status = self.pipeline(&list.first, background, stdin, out);
        let mut last_ran = list.rest.is_empty() && !list.first.negated;
        for (index, (connector, pipeline)) in list.rest.iter().enumerate() {
            if self.run.exit.is_some() {
                break;
            }
            self.shell.set_last_status(status);
            let runs = match connector {
                Connector::And => status == 0,
                Connector::Or => status != 0,
            };
            if runs {
                status = self.pipeline(pipeline, background, stdin, out);
                last_ran = index + 1 == list.rest.len() && !pipeline.negated;
            }
        }
        (status, last_ran)
    }

    fn pipeline(
        &mut self,
        pipeline: &Pipeline,
        background: bool,
        stdin: Option<&str>,
        out: &mut Vec<Write>,
    ) -> i32 {
        let count = pipeline.commands.len();
        let status = if count == 1 {
            self.command(
                &pipeline.commands[0],
                stdin.map(str::to_string),
                false,
                false,
                background,
                out,
            )
            .0
        } else {
            let mut input = stdin.map(str::to_string);
            let mut statuses = Vec::with_capacity(count);
            for (index, command) in pipeline.commands.iter().enumerate() {
                let last = index + 1 == count;
                let both = pipeline.pipe_stderr.get(index).copied().unwrap_or(false);
                self.shell.enter(FrameKind::Subshell, None, Vec::new());
                let (status, captured) =
                    self.command(command, input.take(), !last, both, background, out);
                self.shell.leave();
                if !self.run.killed {
                    self.run.exit = None;
                }
                statuses.push(status);
                input = Some(captured.unwrap_or_default());
            }
            let last = statuses.last().copied().unwrap_or(0);
            match self.shell.options.pipefail {
                true => statuses
                    .iter()
                    .rev()
                    .copied()
                    .find(|status| *status != 0)
                    .unwrap_or(0),
                false => last,
            }
        };
        match (pipeline.negated, status) {
            (true, 0) => 1,
            (true, _) => 0,
            (false, status) => status,
        }
    }

    /// Runs one command; returns its status and, when `capture` is set, what
    /// it wrote to the pipe.
    fn command(
        &mut self,
        command: &Command,
        stdin: Option<String>,
        capture: bool,
        capture_stderr: bool,
        background: bool,
        out: &mut Vec<Write>,
    ) -> (i32, Option<String>) {
        match command {
            Command::Simple(simple) => {
                self.simple(simple, stdin, capture, capture_stderr, background, out)
            }
            Command::Function { name, body, .. } => {
                self.shell.define_function(name, body);
                (0, capture.then(String::new))
            }
            Command::Unsupported {
                construct,
                text,
                line,
                ..
            } => {
                let status = self.unsupported(*construct, text, *line, background, out);
                (status, capture.then(String::new))
            }
        }
    }

    fn simple(
        &mut self,
        command: &SimpleCommand,
        stdin: Option<String>,
        capture: bool,
        capture_stderr: bool,
        background: bool,
        out: &mut Vec<Write>,
    ) -> (i32, Option<String>) {
        let line = command.line;
        let expanded = self.expand(command);
        let (words, assignments) = match expanded {
            Ok(expanded) => expanded,
            Err(error) => return (self.expand_failed(error, &command.text, line, out), None),
        };
        if self.shell.options.xtrace {
            let trace = trace_line(&assignments, &words);
            push_out(out, Stream::Stderr, trace, self.run.elapsed);
        }

        let mut io = Io {
            stdout: if capture {
                Sink::Capture
            } else {
                Sink::Terminal(Stream::Stdout)
            },
            stderr: if capture_stderr {
                Sink::Capture
            } else {
                Sink::Terminal(Stream::Stderr)
            },
            stdin,
            files: Vec::new(),
        };
        if let Err(status) = self.redirect(&command.redirects, &mut io, line, out) {
            return (status, capture.then(String::new));
        }

        if words.is_empty() {
            for (name, value) in &assignments {
                self.shell.set_var(name, value);
            }
            return (0, capture.then(String::new));
        }

        let mut writes = Vec::new();
        let call = Invocation {
            argv: words,
            env: assignments,
            stdin: io.stdin.take(),
            line,
            background,
            piped: io.stdout == Sink::Capture,
        };
        let status = self.invoke(call, &mut writes);
        let captured = self.route(writes, &io, out);
        (status, capture.then_some(captured))
    }

    /// Expands words and assignment values, applying `${NAME:=word}`.
    #[allow(clippy::type_complexity)]
    fn expand(
        &mut self,
        command: &SimpleCommand,
    ) -> Result<(Vec<String>, Vec<(String, String)>), ExpandError> {
        let mut expander = Expander::new(self.shell, self.fs);
        let mut assignments = Vec::with_capacity(command.assignments.len());
        for (name, value) in &command.assignments {
            assignments.push((name.clone(), expander.single(value)?));
        }
        let mut words: Vec<String> = Vec::with_capacity(command.words.len());
        for (index, word) in command.words.iter().enumerate() {
            let declaration = index > 0
                && matches!(
                    words.first().map(String::as_str),
                    Some("export" | "readonly" | "local" | "declare" | "typeset")
                )
                && super::parse::is_assignment_word(word);
            match declaration {
                // Declaration utilities take `NAME=value` as one word, unsplit.
                true => words.push(expander.single(word)?),
                false => words.extend(expander.fields(std::slice::from_ref(word))?),
            }
        }
        let defaults = std::mem::take(&mut expander.assignments);
        for (name, value) in defaults {
            self.shell.set_var(&name, &value);
        }
        Ok((words, assignments))
    }

    fn expand_failed(
        &mut self,
        error: ExpandError,
        text: &str,
        line: usize,
        out: &mut Vec<Write>,
    ) -> i32 {
        let origin = self.origin(line);
        let message = match error {
            ExpandError::Unsupported(kind) => {
                let what = match kind {
                    Substitution::Command => "command substitutions",
                    Substitution::Arithmetic => "arithmetic expansions",
                };
                self.skip(what, text, out);
                return 0;
            }
            ExpandError::Required {
                name,
                message,
                colon,
            } => {
                let message = match (message, colon, self.shell.kind()) {
                    (Some(message), _, _) => message,
                    (None, false, kind) if kind != super::state::ShellKind::Bash => {
                        "parameter not set".to_string()
                    }
                    (None, _, _) => "parameter null or not set".to_string(),
                };
                origin.error(&format!("{name}: {message}"))
            }
            ExpandError::BadSubstitution => match self.shell.kind() {
                super::state::ShellKind::Bash => origin.error(&format!("{text}: bad substitution")),
                _ => origin.error("Bad substitution"),
            },
            ExpandError::Unset(name) => match self.shell.kind() {
                super::state::ShellKind::Bash => origin.error(&format!("{name}: unbound variable")),
                _ => origin.error(&format!("{name}: parameter not set")),
            },
        };
        push_out(out, Stream::Stderr, message, self.run.elapsed);
        // A non-interactive shell exits after an expansion error.
        if self.run.mode == Mode::Build || self.run.depth > 0 {
            self.run.exit = Some(if self.shell.kind() == super::state::ShellKind::Bash {
                1
            } else {
                2
            });
        }
        if self.shell.kind() == super::state::ShellKind::Bash {
            1
        } else {
            2
        }
    }

    /// Notes a construct the simulation skips; in a terminal, says so.
    fn skip(&mut self, what: &str, text: &str, out: &mut Vec<Write>) {
        let short: String = match text.char_indices().nth(60) {
            Some((cut, _)) => format!("{}…", &text[..cut]),
            None => text.to_string(),
        };
        self.run.not_simulated(format!(
            "`{short}` is not simulated: {what} are not modelled"
        ));
        if self.run.mode == Mode::Interactive {
            let message = format!("porthole: {what} are not simulated; the command was skipped\n");
            push_out(out, Stream::Stderr, message, self.run.elapsed);
        }
    }

    fn unsupported(
        &mut self,
        construct: Construct,
        text: &str,
        line: usize,
        background: bool,
        out: &mut Vec<Write>,
    ) -> i32 {
        if let Some(workload) = loop_workload(construct, text) {
            let mut writes = Vec::new();
            let status = self.workload(workload, text, background, line, &mut writes);
            out.extend(writes);
            return status;
        }
        self.skip(construct.describe(), text, out);
        0
    }

    /// Opens the files of the redirections and sets the descriptors.
    fn redirect(
        &mut self,
        redirects: &[Redirect],
        io: &mut Io,
        line: usize,
        out: &mut Vec<Write>,
    ) -> Result<(), i32> {
        for redirect in redirects {
            let mut expander = Expander::new(self.shell, self.fs);
            let target = match redirect.kind {
                RedirectKind::HereDocument { .. } => {
                    let body = redirect
                        .body
                        .as_ref()
                        .map(|body| expander.here_body(&body.parts));
                    match body.transpose() {
                        Ok(body) => body.unwrap_or_default(),
                        Err(_) => String::new(),
                    }
                }
                _ => expander.single(&redirect.target).unwrap_or_default(),
            };
            let fd = redirect.fd.unwrap_or(match redirect.kind {
                RedirectKind::Input
                | RedirectKind::DuplicateInput
                | RedirectKind::ReadWrite
                | RedirectKind::HereDocument { .. }
                | RedirectKind::HereString => 0,
                _ => 1,
            });
            match redirect.kind {
                RedirectKind::HereDocument { .. } => io.stdin = Some(target),
                RedirectKind::HereString => io.stdin = Some(format!("{target}\n")),
                RedirectKind::Input => match self.read_input(&target) {
                    Ok(text) => io.stdin = Some(text),
                    Err(kind) => return Err(self.redirect_failed(&target, kind, true, line, out)),
                },
                RedirectKind::Output
                | RedirectKind::Append
                | RedirectKind::OutputBoth
                | RedirectKind::AppendBoth => {
                    let append = matches!(
                        redirect.kind,
                        RedirectKind::Append | RedirectKind::AppendBoth
                    );
                    let sink = match self.open_output(&target, append, io) {
                        Ok(sink) => sink,
                        Err(kind) => {
                            return Err(self.redirect_failed(&target, kind, false, line, out))
                        }
                    };
                    let both = matches!(
                        redirect.kind,
                        RedirectKind::OutputBoth | RedirectKind::AppendBoth
                    );
                    set_fd(io, if both { 1 } else { fd }, sink);
                    if both {
                        set_fd(io, 2, sink);
                    }
                }
                RedirectKind::DuplicateOutput => {
                    let sink = match target.as_str() {
                        "1" => io.stdout,
                        "2" => io.stderr,
                        "-" => Sink::Null,
                        _ => continue,
                    };
                    set_fd(io, fd, sink);
                }
                RedirectKind::DuplicateInput | RedirectKind::ReadWrite => {}
            }
        }
        Ok(())
    }

    fn redirect_failed(
        &mut self,
        target: &str,
        kind: FsErrorKind,
        input: bool,
        line: usize,
        out: &mut Vec<Write>,
    ) -> i32 {
        let (message, status) = self.origin(line).redirect_failed(target, kind, input);
        push_out(out, Stream::Stderr, message, self.run.elapsed);
        status
    }

    fn read_input(&self, target: &str) -> Result<String, FsErrorKind> {
        let path = absolute_in(self.shell.cwd(), target);
        if path == "/dev/null" {
            return Ok(String::new());
        }
        match self.fs.read(&path) {
            Ok(Content::Text(text)) => Ok(text.clone()),
            Ok(Content::Synthetic { .. }) => Ok(String::new()),
            Err(error) => Err(error.kind),
        }
    }

    fn open_output(
        &mut self,
        target: &str,
        append: bool,
        io: &mut Io,
    ) -> Result<Sink, FsErrorKind> {
        let path = absolute_in(self.shell.cwd(), target);
        match crate::fs::FsPath::new(&path).as_str() {
            "/dev/null" => return Ok(Sink::Null),
            "/dev/stdout" => return Ok(io.stdout),
            "/dev/stderr" => return Ok(io.stderr),
            _ => {}
        }
        if target.is_empty() {
            return Err(FsErrorKind::NotFound);
        }
        let opened = match append {
            true => self.fs.append(&path, ""),
            false => self.fs.write(&path, Content::Text(String::new())),
        };
        opened.map_err(|error| error.kind)?;
        io.files.push((path, String::new()));
        Ok(Sink::File(io.files.len() - 1))
    }

    /// Sends a command's writes to their sinks; returns what went to the pipe.
    fn route(&mut self, writes: Vec<Write>, io: &Io, out: &mut Vec<Write>) -> String {
        let mut captured = String::new();
        let mut files = io.files.clone();
        for write in writes {
            let sink = match write.stream {
                Stream::Stdout => io.stdout,
                Stream::Stderr => io.stderr,
            };
            match sink {
                Sink::Terminal(stream) => push_out(out, stream, write.text, write.offset),
                Sink::Null => {}
                Sink::Capture => captured.push_str(&write.text),
                Sink::File(index) => {
                    if let Some((_, buffer)) = files.get_mut(index) {
                        buffer.push_str(&write.text);
                    }
                }
            }
        }
        for (path, text) in files {
            if !text.is_empty() {
                let _ = self.fs.append(&path, &text);
            }
        }
        captured
    }

    /// Finds and runs a command; its output goes to `writes`.
    pub fn invoke(&mut self, call: Invocation, writes: &mut Vec<Write>) -> i32 {
        let name = call.argv[0].clone();
        let kind = self.shell.kind();
        // POSIX shells find special builtins before functions; bash finds
        // functions first.
        let special = kind != super::state::ShellKind::Bash && programs::is_special_builtin(&name);
        if let Some(program) = programs::builtin(&name, kind).filter(|_| special) {
            return self.start(program, call, Flavor::Gnu, None, writes);
        }
        if let Some(function) = self.shell.function(&name).cloned() {
            return self.call_function(&name, &function.body, call.line, call.background, writes);
        }
        if let Some(program) = programs::builtin(&name, kind) {
            return self.start(program, call, Flavor::Gnu, None, writes);
        }
        let path = match self.find_executable(&name) {
            Ok(path) => path,
            Err(error) => {
                let origin = self.origin(call.line);
                let (message, status) = match name.contains('/') {
                    true => origin.cannot_execute(&name, error),
                    false => (origin.not_found(&name), 127),
                };
                push_out(writes, Stream::Stderr, message, self.run.elapsed);
                return status;
            }
        };
        self.run.elapsed += EXEC_MILLIS;
        let flavor = match self.fs.canonicalize(&path) {
            Ok(real) if real.file_name() == Some("busybox") => Flavor::Busybox,
            _ => Flavor::Gnu,
        };
        let base = name.rsplit('/').next().unwrap_or(&name).to_string();
        if let Some(program) = programs::find(&base) {
            return self.start(program, call, flavor, Some(path), writes);
        }
        if let Some(interpreter) = self.shebang_shell(&path) {
            let script = match self.fs.read(&path) {
                Ok(Content::Text(text)) => text.clone(),
                _ => String::new(),
            };
            let mut ctx = self.ctx(call, Flavor::Gnu);
            let argv0 = ctx.argv[0].clone();
            let positional = ctx.args().to_vec();
            let status =
                programs::shells::run_nested(&mut ctx, interpreter, &argv0, &script, positional);
            writes.append(&mut ctx.writes);
            return status;
        }
        let mut ctx = self.ctx(call, flavor);
        ctx.not_simulated("this program's effect is not modelled");
        writes.append(&mut ctx.writes);
        0
    }

    fn start(
        &mut self,
        program: programs::Program,
        call: Invocation,
        flavor: Flavor,
        path: Option<String>,
        writes: &mut Vec<Write>,
    ) -> i32 {
        let mut ctx = self.ctx(call, flavor);
        ctx.path = path;
        let status = program(&mut ctx);
        writes.append(&mut ctx.writes);
        status
    }

    fn ctx(&mut self, call: Invocation, flavor: Flavor) -> Ctx<'_> {
        Ctx {
            fs: &mut *self.fs,
            system: &mut *self.system,
            shell: &mut *self.shell,
            run: &mut *self.run,
            argv: call.argv,
            env: call.env,
            stdin: call.stdin,
            writes: Vec::new(),
            flavor,
            line: call.line,
            background: call.background,
            piped: call.piped,
            path: None,
        }
    }

    /// Returns the shell named in a script's `#!` line, if it is one the
    /// interpreter can run.
    fn shebang_shell(&self, path: &str) -> Option<super::state::ShellKind> {
        let Ok(Content::Text(text)) = self.fs.read(path) else {
            return None;
        };
        let first = text.lines().next()?.strip_prefix("#!")?.trim();
        let mut words = first.split_whitespace();
        let mut program = words.next()?;
        if program.ends_with("/env") {
            program = words.next()?;
        }
        match program.rsplit('/').next()? {
            "sh" | "dash" => Some(self.shell.kind()),
            "bash" => Some(super::state::ShellKind::Bash),
            "ash" => Some(super::state::ShellKind::Ash),
            _ => None,
        }
    }

    /// Returns whether `name` names an executable file, directly or on `PATH`.
    pub fn is_executable(&self, name: &str) -> bool {
        self.find_executable(name).is_ok()
    }

    /// Looks `name` up: as a path when it contains `/`, else in each
    /// directory of `PATH`.
    fn find_executable(&self, name: &str) -> Result<String, ExecError> {
        if name.contains('/') {
            let path = absolute_in(self.shell.cwd(), name);
            return match self.fs.stat(&path) {
                Err(_) => Err(ExecError::Missing),
                Ok(meta) if meta.file_type == FileType::Directory => Err(ExecError::Directory),
                Ok(meta) if meta.mode & 0o111 == 0 => Err(ExecError::NotExecutable),
                Ok(_) => Ok(path),
            };
        }
        let path_var = self
            .shell
            .var("PATH")
            .unwrap_or("/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin");
        for directory in path_var.split(':') {
            let directory = if directory.is_empty() { "." } else { directory };
            let candidate = absolute_in(self.shell.cwd(), &format!("{directory}/{name}"));
            if let Ok(meta) = self.fs.stat(&candidate) {
                if meta.file_type == FileType::File && meta.mode & 0o111 != 0 {
                    return Ok(candidate);
                }
            }
        }
        Err(ExecError::Missing)
    }

    fn call_function(
        &mut self,
        name: &str,
        body: &str,
        line: usize,
        background: bool,
        writes: &mut Vec<Write>,
    ) -> i32 {
        if is_fork_bomb(name, body) {
            return self.workload(Workload::ForkBomb, name, background, line, writes);
        }
        let mut out = Vec::new();
        self.skip("shell functions", &format!("{name} (function)"), &mut out);
        writes.append(&mut out);
        0
    }

    /// Starts a workload through the kernel model and prints what the shell
    /// prints for its fate.
    pub fn workload(
        &mut self,
        workload: Workload,
        text: &str,
        background: bool,
        line: usize,
        writes: &mut Vec<Write>,
    ) -> i32 {
        let request = WorkloadRequest {
            workload: workload.clone(),
            command: text.to_string(),
            background,
        };
        let outcome = self.system.start_workload(&request);
        match outcome {
            WorkloadOutcome::Finished { millis } => {
                self.run.elapsed += millis;
                0
            }
            WorkloadOutcome::Killed { millis, signal } => {
                self.run.elapsed += millis;
                if signal == 9 && self.shell.kind() != super::state::ShellKind::Bash {
                    push_out(
                        writes,
                        Stream::Stderr,
                        "Killed\n".to_string(),
                        self.run.elapsed,
                    );
                }
                128 + signal
            }
            WorkloadOutcome::ContainerKilled { millis, signal } => {
                self.run.elapsed += millis;
                self.run.killed = true;
                self.run.exit = Some(128 + signal);
                128 + signal
            }
            WorkloadOutcome::ForkFailed { millis } => {
                self.run.elapsed += millis;
                let origin = self.origin(line);
                let message = match self.shell.kind() {
                    super::state::ShellKind::Bash => {
                        origin.error("fork: retry: Resource temporarily unavailable")
                    }
                    _ => origin.error("Cannot fork"),
                };
                push_out(writes, Stream::Stderr, message, self.run.elapsed);
                2
            }
            WorkloadOutcome::Endless => {
                let what = "commands that never end";
                self.run
                    .not_simulated(format!("`{text}` is not simulated: it would never end"));
                if self.run.mode == Mode::Interactive {
                    let message =
                        format!("porthole: {what} are not simulated; stopped as Ctrl+C would\n");
                    push_out(writes, Stream::Stderr, message, self.run.elapsed);
                    return 130;
                }
                0
            }
        }
    }

    /// Returns who prints messages for a command on `line`.
    pub fn origin(&self, line: usize) -> Origin<'_> {
        Origin {
            kind: self.shell.kind(),
            argv0: self.shell.argv0(),
            line: line + self.run.line_offset,
            interactive: self.run.mode == Mode::Interactive && self.run.depth == 0,
        }
    }
}

fn set_fd(io: &mut Io, fd: u32, sink: Sink) {
    match fd {
        1 => io.stdout = sink,
        2 => io.stderr = sink,
        _ => {}
    }
}

/// Appends terminal output, merging with the previous piece of the same
/// stream and time.
pub(crate) fn push_out(out: &mut Vec<Write>, stream: Stream, text: String, offset: u64) {
    if text.is_empty() {
        return;
    }
    match out.last_mut() {
        Some(last) if last.stream == stream && last.offset == offset => last.text.push_str(&text),
        _ => out.push(Write {
            stream,
            text,
            offset,
        }),
    }
}

/// Makes `path` absolute against `cwd`.
pub(crate) fn absolute_in(cwd: &str, path: &str) -> String {
    match (path.starts_with('/'), cwd.ends_with('/')) {
        (true, _) => path.to_string(),
        (false, true) => format!("{cwd}{path}"),
        (false, false) => format!("{cwd}/{path}"),
    }
}

/// Formats a command as `set -x` prints it: `+ ` and the words, quoted when
/// they hold characters the shell would split on.
fn trace_line(assignments: &[(String, String)], words: &[String]) -> String {
    let mut parts: Vec<String> = assignments
        .iter()
        .map(|(name, value)| format!("{name}={}", quote_for_trace(value)))
        .collect();
    parts.extend(words.iter().map(|word| quote_for_trace(word)));
    format!("+ {}\n", parts.join(" "))
}

fn quote_for_trace(word: &str) -> String {
    let plain = !word.is_empty()
        && word
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "-_./=:,+@%^".contains(c));
    if plain {
        word.to_string()
    } else {
        format!("'{}'", word.replace('\'', "'\\''"))
    }
}

/// Returns whether a function body calls the function itself twice in a
/// pipeline, the shape of the classic fork bomb `:(){ :|:& };:`.
fn is_fork_bomb(name: &str, body: &str) -> bool {
    let compact: String = body.chars().filter(|c| !c.is_whitespace()).collect();
    compact.contains(&format!("{name}|{name}"))
}

/// Recognises endless loops: `while true` / `while :` with a body that
/// either grows a variable (memory) or just spins (CPU).
fn loop_workload(construct: Construct, text: &str) -> Option<Workload> {
    if construct != Construct::While {
        return None;
    }
    let condition = text.strip_prefix("while")?.trim_start();
    let endless = ["true;", "true\n", ":;", ":\n", "[ 1 ];", "true ;", ": ;"]
        .iter()
        .any(|start| condition.starts_with(start));
    if !endless || text.contains("break") || text.contains("sleep") {
        return None;
    }
    let grows = text
        .split([';', '\n'])
        .any(|statement| {
            let statement = statement.trim().trim_start_matches("do").trim();
            match statement.split_once('=') {
                Some((name, value)) => {
                    super::parse::is_name(name) && value.contains(&format!("${name}"))
                }
                None => false,
            }
        });
    Some(if grows {
        Workload::Allocate { bytes: None }
    } else {
        Workload::Spin
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn loop_workloads() {
        assert_eq!(
            loop_workload(Construct::While, "while true; do :; done"),
            Some(Workload::Spin)
        );
        assert_eq!(
            loop_workload(Construct::While, "while :; do a=\"$a$a.\"; done"),
            Some(Workload::Allocate { bytes: None })
        );
        assert_eq!(
            loop_workload(Construct::While, "while true; do sleep 1; done"),
            None
        );
        assert_eq!(
            loop_workload(Construct::While, "while read x; do :; done"),
            None
        );
        assert_eq!(
            loop_workload(Construct::For, "for x in a; do :; done"),
            None
        );
    }

    #[test]
    fn fork_bomb_shape() {
        assert!(is_fork_bomb(":", "{ :|:& }"));
        assert!(is_fork_bomb("bomb", "{ bomb | bomb & }"));
        assert!(!is_fork_bomb("f", "{ echo f; }"));
    }

    #[test]
    fn trace_quotes_when_needed() {
        assert_eq!(
            trace_line(&[], &["echo".into(), "a b".into(), "it's".into()]),
            "+ echo 'a b' 'it'\\''s'\n"
        );
    }
}
