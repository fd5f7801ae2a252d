//! Expansion errors with BuildKit's messages.
//!
//! BuildKit wraps every lexer error as `failed to process "WORD": REASON`, quoting the
//! word with Go's `%q`. [`ShellError`]'s `Display` prints that line, and
//! [`ShellErrorKind`]'s `Display` prints the reason alone.

use std::fmt;

use super::quote::go_quote;

/// The maximum length, in bytes, of the expansion of one word.
///
/// BuildKit has no such limit. Porthole sets one because an expansion such as
/// `${A//x/${A//x/$A}}` grows geometrically, and running out of memory aborts the
/// browser page. Real Dockerfile words stay far below it.
pub const MAX_EXPANSION_BYTES: usize = 16 << 20;

/// The reason a word could not be expanded.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum ShellErrorKind {
    /// A `'` without its closing `'`.
    UnterminatedSingleQuote,
    /// A `"` without its closing `"`.
    UnterminatedDoubleQuote,
    /// The word ended inside `${`.
    MissingBrace,
    /// The word ended inside `${NAME/pattern` before the `/` that ends the pattern.
    MissingSlash,
    /// `${}`, `${:...}`, `${{...}` or `${}...`.
    BadSubstitution,
    /// A modifier BuildKit does not support, such as `:=` or `:#`, or the end of the
    /// word right after a name (Go's scanner then returns EOF, which prints as U+FFFD).
    UnsupportedModifier {
        /// The modifier as written, with its `:`.
        modifier: String,
    },
    /// `${NAME?word}` on an unset variable, or `${NAME:?word}` on an unset or empty one.
    Required {
        /// The variable's name.
        name: String,
        /// The expanded word, or BuildKit's default text when the word is empty.
        message: String,
    },
    /// A `#`, `%` or `/` pattern with an escape other than `\*`, `\?`, `\\`, `\}` or `\/`.
    InvalidPattern {
        /// The pattern as BuildKit prints it; for `%` and `%%` that is reversed.
        pattern: String,
        /// The problem with the pattern.
        reason: String,
    },
    /// The result would be longer than [`MAX_EXPANSION_BYTES`]; Porthole's own limit.
    TooLarge,
}

impl fmt::Display for ShellErrorKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::UnterminatedSingleQuote => {
                f.write_str("unexpected end of statement while looking for matching single-quote")
            }
            Self::UnterminatedDoubleQuote => {
                f.write_str("unexpected end of statement while looking for matching double-quote")
            }
            Self::MissingBrace => f.write_str("syntax error: missing '}'"),
            Self::MissingSlash => f.write_str("syntax error: missing '/' in ${}"),
            Self::BadSubstitution => f.write_str("syntax error: bad substitution"),
            Self::UnsupportedModifier { modifier } => {
                write!(f, "unsupported modifier ({modifier}) in substitution")
            }
            Self::Required { name, message } => write!(f, "{name}: {message}"),
            Self::InvalidPattern { pattern, reason } => {
                write!(f, "invalid pattern ({pattern}) in substitution: {reason}")
            }
            Self::TooLarge => write!(f, "expansion exceeds {MAX_EXPANSION_BYTES} bytes"),
        }
    }
}

/// An expansion error for one word.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ShellError {
    word: String,
    kind: ShellErrorKind,
}

impl ShellError {
    pub(crate) fn new(word: &str, kind: ShellErrorKind) -> Self {
        Self {
            word: word.to_owned(),
            kind,
        }
    }

    /// Returns the word that failed to expand.
    pub fn word(&self) -> &str {
        &self.word
    }

    /// Returns what went wrong.
    pub fn kind(&self) -> &ShellErrorKind {
        &self.kind
    }
}

impl fmt::Display for ShellError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "failed to process {}: {}",
            go_quote(&self.word),
            self.kind
        )
    }
}

impl std::error::Error for ShellError {}
