//! `${NAME` followed by a modifier: the part of BuildKit's `processDollar` that scans
//! a nested word and then decides what the expansion yields.
//!
//! | form | unset | empty | set |
//! | --- | --- | --- | --- |
//! | `${NAME-word}` | word | "" | value |
//! | `${NAME:-word}` | word | word | value |
//! | `${NAME+word}` | "" | word | word |
//! | `${NAME:+word}` | "" | "" | word |
//! | `${NAME?word}` | error | "" | value |
//! | `${NAME:?word}` | error | error | value |
//!
//! `#`, `##`, `%`, `%%`, `/` and `//` trim or replace in the value, and an unset
//! variable counts as empty for them. Their pattern and replacement keep escape tokens
//! for the pattern parser. With `skip_unset_env`, a reference to an unset variable is written back as
//! `${NAME` + modifier + expanded word + `}`, and `${NAME//a/b}` comes back as
//! `${NAME/a/b}`, as BuildKit prints it.

use super::env::Env;
use super::error::ShellErrorKind;
use super::expand::{Expander, Frame, Scan, Step};
use super::pattern::Greed;
use super::substitute;

/// The modifier's operation.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Operation {
    /// `-`: the word when the variable is null.
    Default,
    /// `+`: the word when the variable is not null.
    Alternative,
    /// `?`: an error with the word as message when the variable is null.
    Required,
    /// `#` or `##`.
    TrimPrefix,
    /// `%` or `%%`.
    TrimSuffix,
    /// `/` or `//`.
    Replace { all: bool },
    /// Anything else after `:`, reported once the word has been scanned.
    Unsupported,
}

/// The nested word being scanned.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Stage {
    /// The frame has not pushed its first scan yet.
    Start,
    /// The word after the modifier, up to `}`.
    Word,
    /// The pattern of `/`, up to the next `/`.
    Pattern,
    /// The replacement of `/`, up to `}`.
    Replacement,
}

/// A `${NAME` expansion with a modifier whose nested words are being scanned.
pub(crate) struct Parameter<'a> {
    name: String,
    /// The modifier as written, such as `:-`; used in error messages and for
    /// `skip_unset_env`.
    modifier: String,
    operation: Operation,
    /// `None` when the variable is unset.
    value: Option<&'a str>,
    /// Whether `:` makes an empty value count as unset.
    null_is_unset: bool,
    /// Whether `skip_unset_env` writes the reference back as written.
    keep_as_written: bool,
    /// Whether this expansion's result goes to the output.
    emit: bool,
    /// Whether the nested scans write their text, because the result or an error
    /// message needs it.
    emit_text: bool,
    stage: Stage,
    /// Output offset where the current nested word starts.
    text_start: usize,
    /// Output offset where the pattern of `/` starts.
    pattern_start: usize,
}

impl<'a> Parameter<'a> {
    /// Starts `${NAME` followed by `c`, a modifier other than `/` (BuildKit's
    /// `case '+', '-', '?', '#', '%'` with its fallthrough from `:`).
    pub(crate) fn modifier<E: Env + ?Sized>(
        expander: &mut Expander<'a, E>,
        name: String,
        modifier: String,
        c: Option<char>,
        null_is_unset: bool,
        emit: bool,
    ) -> Result<Self, ShellErrorKind> {
        let operation = match c {
            Some('-') => Operation::Default,
            Some('+') => Operation::Alternative,
            Some('?') => Operation::Required,
            Some('#') => Operation::TrimPrefix,
            Some('%') => Operation::TrimSuffix,
            _ => Operation::Unsupported,
        };
        let trims = matches!(operation, Operation::TrimPrefix | Operation::TrimSuffix);
        if null_is_unset && trims {
            return Err(ShellErrorKind::UnsupportedModifier { modifier });
        }

        let value = expander.lookup(&name);
        let mut parameter = Self::new(expander, name, modifier, operation, value, emit);
        parameter.null_is_unset = null_is_unset;
        parameter.emit_text = parameter.word_needed();
        Ok(parameter)
    }

    /// Starts `${NAME/`, reading the second `/` of `//` (BuildKit's `case '/'`).
    pub(crate) fn replace<E: Env + ?Sized>(
        expander: &mut Expander<'a, E>,
        name: String,
        emit: bool,
    ) -> Self {
        let all = expander.scanner.peek() == Some('/');
        if all {
            expander.scanner.next();
        }
        let value = expander.lookup(&name);
        let operation = Operation::Replace { all };
        let mut parameter = Self::new(expander, name, "/".to_owned(), operation, value, emit);
        parameter.emit_text = !parameter.keep_as_written || emit;
        parameter
    }

    fn new<E: Env + ?Sized>(
        expander: &mut Expander<'a, E>,
        name: String,
        modifier: String,
        operation: Operation,
        value: Option<&'a str>,
        emit: bool,
    ) -> Self {
        let keep_as_written = expander.lexer.skip_unset_env && value.is_none();
        if keep_as_written {
            expander.write(emit, "${");
            expander.write(emit, &name);
            expander.write(emit, &modifier);
        }
        Self {
            name,
            modifier,
            operation,
            value,
            null_is_unset: false,
            keep_as_written,
            emit,
            emit_text: false,
            stage: Stage::Start,
            text_start: 0,
            pattern_start: 0,
        }
    }

    /// Returns whether the variable counts as unset for this modifier.
    fn is_null(&self) -> bool {
        match self.value {
            None => true,
            Some(value) => self.null_is_unset && value.is_empty(),
        }
    }

    /// Returns whether the text of the word after the modifier is used.
    fn word_needed(&self) -> bool {
        if self.keep_as_written {
            return self.emit;
        }
        match self.operation {
            Operation::Default => self.emit && self.is_null(),
            Operation::Alternative => self.emit && !self.is_null(),
            Operation::Required => self.is_null(),
            Operation::TrimPrefix | Operation::TrimSuffix | Operation::Replace { .. } => true,
            Operation::Unsupported => false,
        }
    }

    /// Pushes the scan of the first nested word; `out_len` is where its text starts.
    pub(crate) fn start(&mut self, out_len: usize) -> Step<'a> {
        self.text_start = out_len;
        match self.operation {
            Operation::Replace { .. } => {
                self.pattern_start = out_len;
                self.push_scan(Stage::Pattern, '/', true)
            }
            Operation::TrimPrefix | Operation::TrimSuffix => self.push_scan(Stage::Word, '}', true),
            _ => self.push_scan(Stage::Word, '}', false),
        }
    }

    fn push_scan(&mut self, stage: Stage, stop: char, raw_escapes: bool) -> Step<'a> {
        self.stage = stage;
        Step::Push(Frame::Scan(Scan::nested(stop, raw_escapes, self.emit_text)))
    }

    /// Replaces an error from a nested scan as `processDollar` does: when the word has
    /// been read to its end, the error becomes a missing `}` or `/`.
    pub(crate) fn scan_error(&self, kind: ShellErrorKind, at_end: bool) -> ShellErrorKind {
        match (at_end, self.stage) {
            (false, _) | (_, Stage::Start) => kind,
            (true, Stage::Pattern) => ShellErrorKind::MissingSlash,
            (true, Stage::Word | Stage::Replacement) => ShellErrorKind::MissingBrace,
        }
    }

    /// Continues after a nested scan finished.
    pub(crate) fn scan_finished<E: Env + ?Sized>(
        &mut self,
        expander: &mut Expander<'a, E>,
    ) -> Step<'a> {
        if self.stage == Stage::Pattern {
            if self.keep_as_written {
                expander.write(self.emit, "/");
            }
            self.text_start = expander.out.len();
            return self.push_scan(Stage::Replacement, '}', true);
        }
        if self.keep_as_written {
            expander.write(self.emit, "}");
            return Step::Finish;
        }
        match self.finish(expander) {
            Ok(()) => Step::Finish,
            Err(kind) => Step::Fail(kind),
        }
    }

    /// Writes the expansion's result in place of the scanned text.
    fn finish<E: Env + ?Sized>(
        &self,
        expander: &mut Expander<'a, E>,
    ) -> Result<(), ShellErrorKind> {
        let value = self.value.unwrap_or("");
        match self.operation {
            Operation::Default | Operation::Required if !self.is_null() => {
                expander.write(self.emit, value);
                Ok(())
            }
            // The word, when used, is already in place.
            Operation::Default | Operation::Alternative => Ok(()),
            Operation::Required => {
                Err(self.required_error(expander.out.split_off(self.text_start)))
            }
            Operation::TrimPrefix | Operation::TrimSuffix => {
                let word = expander.out.split_off(self.text_start);
                let trimmed = self.trim(&word, value)?;
                expander.write(self.emit, &trimmed);
                Ok(())
            }
            Operation::Replace { all } => {
                let replacement = expander.out.split_off(self.text_start);
                let pattern = expander.out.split_off(self.pattern_start);
                let replaced = substitute::replace(&pattern, &replacement, value, all)?;
                expander.write(self.emit, &replaced);
                Ok(())
            }
            Operation::Unsupported => Err(ShellErrorKind::UnsupportedModifier {
                modifier: self.modifier.clone(),
            }),
        }
    }

    fn required_error(&self, word: String) -> ShellErrorKind {
        let message = match (word.is_empty(), self.value) {
            (false, _) => word,
            (true, None) => "is not allowed to be unset".to_owned(),
            (true, Some(_)) => "is not allowed to be empty".to_owned(),
        };
        ShellErrorKind::Required {
            name: self.name.clone(),
            message,
        }
    }

    /// Applies `#`, `##`, `%` or `%%`; a doubled modifier arrives as the first
    /// character of the scanned word, as in BuildKit.
    fn trim(&self, word: &str, value: &str) -> Result<String, ShellErrorKind> {
        let marker = if self.operation == Operation::TrimPrefix {
            '#'
        } else {
            '%'
        };
        let (pattern, greed) = match word.strip_prefix(marker) {
            Some(rest) => (rest, Greed::Longest),
            None => (word, Greed::Shortest),
        };
        if self.operation == Operation::TrimPrefix {
            substitute::trim_prefix(pattern, value, greed)
        } else {
            substitute::trim_suffix(pattern, value, greed)
        }
    }
}
