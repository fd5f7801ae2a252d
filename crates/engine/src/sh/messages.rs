//! The shell's own error messages, which differ between dash, bash and
//! BusyBox ash, and between a `-c` script and an interactive session:
//!
//! | | not found | prefix of other errors |
//! | --- | --- | --- |
//! | dash | `sh: 1: foo: not found` | `$0: LINE: ` |
//! | bash, interactive | `bash: foo: command not found` | `bash: ` |
//! | bash `-c` | `/bin/bash: line 1: foo: command not found` | `$0: line LINE: ` |
//! | ash | `sh: foo: not found` | `$0: ` |
//!
//! Texts are from dash 0.5.12 (`src/error.c`, `src/exec.c`), bash 5.2
//! (`execute_cmd.c`, `parse.y`) and BusyBox 1.37 (`shell/ash.c`).

use super::ast::{SyntaxError, SyntaxErrorKind};
use super::state::ShellKind;
use crate::fs::FsErrorKind;

/// The source of a message: the shell, its `$0`, the line, and whether it
/// reads from a terminal.
#[derive(Clone, Debug)]
pub(crate) struct Origin<'a> {
    pub kind: ShellKind,
    pub argv0: &'a str,
    pub line: usize,
    pub interactive: bool,
}

impl Origin<'_> {
    /// Returns the prefix of an error message, including the final `: `.
    pub fn prefix(&self) -> String {
        match (self.kind, self.interactive) {
            (ShellKind::Dash, _) => format!("{}: {}: ", self.argv0, self.line),
            (ShellKind::Bash, true) => format!("{}: ", self.argv0),
            (ShellKind::Bash, false) => format!("{}: line {}: ", self.argv0, self.line),
            (ShellKind::Ash, _) => format!("{}: ", self.argv0),
        }
    }

    /// Returns an error message with the prefix and a newline.
    pub fn error(&self, message: &str) -> String {
        format!("{}{message}\n", self.prefix())
    }

    /// Returns the message for a command that is not on `PATH`.
    pub fn not_found(&self, name: &str) -> String {
        match self.kind {
            ShellKind::Bash => self.error(&format!("{name}: command not found")),
            _ => self.error(&format!("{name}: not found")),
        }
    }

    /// Returns the message for a path given as the command that does not
    /// exist, is a directory or is not executable, with its exit status.
    pub fn cannot_execute(&self, name: &str, error: ExecError) -> (String, i32) {
        match (self.kind, error) {
            (ShellKind::Bash, ExecError::Missing) => (
                self.error(&format!("{name}: No such file or directory")),
                127,
            ),
            (ShellKind::Bash, ExecError::Directory) => {
                (self.error(&format!("{name}: Is a directory")), 126)
            }
            (_, ExecError::Missing) => (self.not_found(name), 127),
            (_, _) => (self.error(&format!("{name}: Permission denied")), 126),
        }
    }

    /// Returns the message and status for a redirection that cannot open `target`.
    pub fn redirect_failed(
        &self,
        target: &str,
        error: OpenFailure,
        for_input: bool,
    ) -> (String, i32) {
        let message = match (self.kind, for_input) {
            (ShellKind::Dash, true) => format!("cannot open {target}: No such file"),
            (ShellKind::Dash, false) => match error {
                OpenFailure::Fs(FsErrorKind::NotFound | FsErrorKind::NotADirectory) => {
                    format!("cannot create {target}: Directory nonexistent")
                }
                other => format!("cannot create {target}: {other}"),
            },
            (ShellKind::Ash, true) => format!("can't open '{target}': {error}"),
            (ShellKind::Ash, false) => match error {
                OpenFailure::Fs(FsErrorKind::NotFound) => {
                    format!("can't create {target}: nonexistent directory")
                }
                other => format!("can't create {target}: {other}"),
            },
            (ShellKind::Bash, _) => format!("{target}: {error}"),
        };
        let status = match self.kind {
            ShellKind::Bash => 1,
            _ => 2,
        };
        (self.error(&message), status)
    }

    /// Returns the message for a syntax error; `source` is the script, whose
    /// offending line bash repeats.
    pub fn syntax_error(&self, error: &SyntaxError, source: &str) -> String {
        let origin = Origin {
            line: error.line,
            ..self.clone()
        };
        match self.kind {
            ShellKind::Dash => origin.error(&format!("Syntax error: {}", dash_syntax(&error.kind))),
            ShellKind::Ash => origin.error(&format!("syntax error: {}", ash_syntax(&error.kind))),
            ShellKind::Bash => origin.bash_syntax(error, source),
        }
    }

    fn bash_syntax(&self, error: &SyntaxError, source: &str) -> String {
        let prefix = if self.interactive {
            format!("{}: ", self.argv0)
        } else {
            format!("{}: -c: line {}: ", self.argv0, error.line)
        };
        match &error.kind {
            SyntaxErrorKind::Unexpected(token) => {
                let line = source
                    .lines()
                    .nth(error.line.saturating_sub(1))
                    .unwrap_or_default();
                format!("{prefix}syntax error near unexpected token `{token}'\n{prefix}`{line}'\n")
            }
            SyntaxErrorKind::UnterminatedQuote(quote) => {
                format!("{prefix}unexpected EOF while looking for matching `{quote}'\n")
            }
            SyntaxErrorKind::UnexpectedEnd { .. }
            | SyntaxErrorKind::UnterminatedExpansion
            | SyntaxErrorKind::BadFunctionName => {
                format!("{prefix}syntax error: unexpected end of file\n")
            }
        }
    }

    /// Returns the message `cd` prints for a directory it cannot enter.
    pub fn cd_failed(&self, directory: &str, error: FsErrorKind) -> (String, i32) {
        match self.kind {
            ShellKind::Dash => (self.error(&format!("cd: can't cd to {directory}")), 2),
            ShellKind::Ash => (
                self.error(&format!("cd: can't cd to {directory}: {error}")),
                2,
            ),
            ShellKind::Bash => (self.error(&format!("cd: {directory}: {error}")), 1),
        }
    }
}

/// The reason a redirection could not open its file.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum OpenFailure {
    Fs(FsErrorKind),
    /// `EACCES`: the user may not write the file or its directory.
    PermissionDenied,
}

impl std::fmt::Display for OpenFailure {
    fn fmt(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            OpenFailure::Fs(kind) => write!(formatter, "{kind}"),
            OpenFailure::PermissionDenied => formatter.write_str("Permission denied"),
        }
    }
}

/// The reason a command given as a path cannot run.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum ExecError {
    Missing,
    Directory,
    NotExecutable,
}

fn dash_syntax(kind: &SyntaxErrorKind) -> String {
    match kind {
        SyntaxErrorKind::Unexpected(token) if token == "newline" => "newline unexpected".into(),
        SyntaxErrorKind::Unexpected(token) => format!("\"{token}\" unexpected"),
        SyntaxErrorKind::UnexpectedEnd {
            expecting: Some(word),
        } => {
            format!("end of file unexpected (expecting \"{word}\")")
        }
        SyntaxErrorKind::UnexpectedEnd { expecting: None } => "end of file unexpected".into(),
        SyntaxErrorKind::UnterminatedQuote(_) => "Unterminated quoted string".into(),
        SyntaxErrorKind::UnterminatedExpansion => "Missing '))'".into(),
        SyntaxErrorKind::BadFunctionName => "Bad function name".into(),
    }
}

fn ash_syntax(kind: &SyntaxErrorKind) -> String {
    match kind {
        SyntaxErrorKind::Unexpected(token) if token == "newline" => "unexpected newline".into(),
        SyntaxErrorKind::Unexpected(token) => format!("unexpected \"{token}\""),
        SyntaxErrorKind::UnexpectedEnd {
            expecting: Some(word),
        } => {
            format!("unexpected end of file (expecting \"{word}\")")
        }
        SyntaxErrorKind::UnexpectedEnd { expecting: None } => "unexpected end of file".into(),
        SyntaxErrorKind::UnterminatedQuote(_) => "unterminated quoted string".into(),
        SyntaxErrorKind::UnterminatedExpansion => "missing '))'".into(),
        SyntaxErrorKind::BadFunctionName => "bad function name".into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn origin(kind: ShellKind, argv0: &str, interactive: bool) -> Origin<'_> {
        Origin {
            kind,
            argv0,
            line: 1,
            interactive,
        }
    }

    #[test]
    fn not_found_table() {
        let cases = [
            (
                origin(ShellKind::Dash, "/bin/sh", false),
                "/bin/sh: 1: foo: not found\n",
            ),
            (
                origin(ShellKind::Dash, "sh", true),
                "sh: 1: foo: not found\n",
            ),
            (
                origin(ShellKind::Bash, "bash", true),
                "bash: foo: command not found\n",
            ),
            (
                origin(ShellKind::Bash, "/bin/bash", false),
                "/bin/bash: line 1: foo: command not found\n",
            ),
            (
                origin(ShellKind::Ash, "/bin/sh", false),
                "/bin/sh: foo: not found\n",
            ),
        ];
        for (origin, expected) in cases {
            assert_eq!(origin.not_found("foo"), expected);
        }
    }

    #[test]
    fn syntax_error_table() {
        let error = SyntaxError {
            kind: SyntaxErrorKind::Unexpected("&&".into()),
            line: 1,
        };
        let cases = [
            (
                origin(ShellKind::Dash, "/bin/sh", false),
                "/bin/sh: 1: Syntax error: \"&&\" unexpected\n",
            ),
            (
                origin(ShellKind::Ash, "sh", true),
                "sh: syntax error: unexpected \"&&\"\n",
            ),
            (
                origin(ShellKind::Bash, "bash", true),
                "bash: syntax error near unexpected token `&&'\nbash: `&& ls'\n",
            ),
        ];
        for (origin, expected) in cases {
            assert_eq!(origin.syntax_error(&error, "&& ls"), expected);
        }
    }
}
