//! The syntax tree the interpreter runs: complete commands made of and-or
//! lists of pipelines of commands, as in POSIX's shell grammar (XCU 2.10).
//!
//! Compound commands, function definitions and other constructs the
//! simulation does not run are kept as [`Command::Unsupported`] with their
//! source text, so they still take part in `&&`, `||` and pipelines.

use super::lex::{HereBody, RedirectKind, Word};

/// A parsed script: its complete commands in order, ending at the first
/// syntax error, if any.
#[derive(Clone, Debug, Default)]
pub(crate) struct Script {
    pub commands: Vec<CompleteCommand>,
    /// The syntax error that stops the script after `commands`.
    pub error: Option<SyntaxError>,
}

/// One and-or list and how it was terminated.
#[derive(Clone, Debug)]
pub(crate) struct CompleteCommand {
    pub list: AndOr,
    /// Whether it ended with `&`.
    pub background: bool,
}

/// Pipelines joined by `&&` and `||`.
#[derive(Clone, Debug)]
pub(crate) struct AndOr {
    pub first: Pipeline,
    pub rest: Vec<(Connector, Pipeline)>,
}

/// `&&` or `||`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Connector {
    And,
    Or,
}

/// Commands joined by `|`, optionally negated with `!`.
#[derive(Clone, Debug)]
pub(crate) struct Pipeline {
    pub negated: bool,
    pub commands: Vec<Command>,
    /// bash's `|&` after the command at the same index.
    pub pipe_stderr: Vec<bool>,
}

/// One command of a pipeline.
#[derive(Clone, Debug)]
pub(crate) enum Command {
    Simple(SimpleCommand),
    /// A function definition, `name() { …; }`, kept as text.
    Function {
        name: String,
        body: String,
    },
    /// A construct the simulation does not run, with its redirections
    /// dropped.
    Unsupported {
        construct: Construct,
        text: String,
        line: usize,
    },
}

/// A constructs the simulation recognises but does not run.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Construct {
    If,
    For,
    While,
    Until,
    Case,
    Select,
    Subshell,
    BraceGroup,
    /// bash's `[[ … ]]`.
    Conditional,
}

impl Construct {
    /// Returns the plural name used in messages ("if statements").
    pub fn describe(self) -> &'static str {
        match self {
            Construct::If => "if statements",
            Construct::For => "for loops",
            Construct::While => "while loops",
            Construct::Until => "until loops",
            Construct::Case => "case statements",
            Construct::Select => "select loops",
            Construct::Subshell => "subshells",
            Construct::BraceGroup => "command groups in braces",
            Construct::Conditional => "[[ ]] conditions",
        }
    }
}

/// Assignments, words and redirections of a simple command.
#[derive(Clone, Debug, Default)]
pub(crate) struct SimpleCommand {
    /// `NAME=value` words before the command name: the name and the value word.
    pub assignments: Vec<(String, Word)>,
    pub words: Vec<Word>,
    pub redirects: Vec<Redirect>,
    /// The line the command starts on, from 1.
    pub line: usize,
    /// The source text, for `set -x` style notes and messages.
    pub text: String,
}

/// A redirection.
#[derive(Clone, Debug)]
pub(crate) struct Redirect {
    /// The descriptor written before the operator.
    pub fd: Option<u32>,
    pub kind: RedirectKind,
    /// The target word (or the delimiter of a here-document).
    pub target: Word,
    /// The body of a here-document.
    pub body: Option<HereBody>,
}

/// A syntax error, in the shell's own words.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct SyntaxError {
    pub kind: SyntaxErrorKind,
    pub line: usize,
}

/// The reason a script could not be parsed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum SyntaxErrorKind {
    /// A token where none may stand (`&& a`, `a | | b`, `echo >`).
    Unexpected(String),
    /// The script ended inside a construct, optionally expecting a keyword.
    UnexpectedEnd { expecting: Option<String> },
    /// A quote that is never closed, with the quote character.
    UnterminatedQuote(char),
    /// A `${`, `$(` or backquote that is never closed.
    UnterminatedExpansion,
    /// A function name that is not a variable name, which dash and ash
    /// reject (`:(){ …; }`); bash accepts it.
    BadFunctionName,
}

impl SyntaxError {
    /// Returns whether more input could complete the script, which is when an
    /// interactive shell prints its continuation prompt.
    pub fn is_incomplete(&self) -> bool {
        matches!(
            self.kind,
            SyntaxErrorKind::UnexpectedEnd { .. }
                | SyntaxErrorKind::UnterminatedQuote(_)
                | SyntaxErrorKind::UnterminatedExpansion
        )
    }
}
