//! Runs the syntax tree: complete commands, `&&` and `||`, pipelines,
//! redirections, assignments, and simple commands found as builtins or on
//! `PATH`.
//!
//! Pipeline members run one after another, each in a subshell frame, with
//! the output of one as the input of the next. Output bound for the terminal
//! is handed to the caller in order, each piece with the simulated time it
//! was written.

mod invoke;
mod redirect;
mod workload;

use super::ast::{AndOr, Command, CompleteCommand, Connector, Construct, Pipeline, SimpleCommand};
use super::ctx::{Invocation, RunState, Write};
use super::expand::{ExpandError, Expander};
use super::lex::Substitution;
use super::messages::Origin;
use super::outcome::Mode;
use super::parse::parse;
use super::state::{FrameKind, ShellKind, ShellState};
use super::system::System;
use crate::fs::Overlay;
use crate::output::Stream;
use redirect::{Io, Sink};
use workload::loop_workload;

/// The deepest nesting of `sh -c` and scripts the simulation follows.
pub(crate) const MAX_DEPTH: u32 = 16;

/// The interpreter: everything a running shell can touch.
pub(crate) struct Machine<'a> {
    pub fs: &'a mut Overlay,
    pub system: &'a mut dyn System,
    pub shell: &'a mut ShellState,
    pub run: &'a mut RunState,
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
                    (None, false, kind) if kind != ShellKind::Bash => {
                        "parameter not set".to_string()
                    }
                    (None, _, _) => "parameter null or not set".to_string(),
                };
                origin.error(&format!("{name}: {message}"))
            }
            ExpandError::BadSubstitution => match self.shell.kind() {
                ShellKind::Bash => origin.error(&format!("{text}: bad substitution")),
                _ => origin.error("Bad substitution"),
            },
            ExpandError::Unset(name) => match self.shell.kind() {
                ShellKind::Bash => origin.error(&format!("{name}: unbound variable")),
                _ => origin.error(&format!("{name}: parameter not set")),
            },
        };
        push_out(out, Stream::Stderr, message, self.run.elapsed);
        // A non-interactive shell exits after an expansion error.
        if self.run.mode == Mode::Build || self.run.depth > 0 {
            self.run.exit = Some(if self.shell.kind() == ShellKind::Bash {
                1
            } else {
                2
            });
        }
        if self.shell.kind() == ShellKind::Bash {
            1
        } else {
            2
        }
    }

    /// Records a note for a construct the simulation skips, and in a terminal
    /// prints a message about it.
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
/// they contain characters the shell would split on.
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn trace_quotes_when_needed() {
        assert_eq!(
            trace_line(&[], &["echo".into(), "a b".into(), "it's".into()]),
            "+ echo 'a b' 'it'\\''s'\n"
        );
    }
}
