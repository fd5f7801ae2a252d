//! The expansion machine: BuildKit's `processStopOn`, `processSingleQuote`,
//! `processDoubleQuote` and `processDollar` without recursion.
//!
//! BuildKit's functions call each other recursively, one level per `${` or `"`. Here
//! each of those levels is a [`Frame`] on an explicit stack, so a word nested 100 000
//! levels deep needs heap memory, not call stack. Frames are stepped one action at a
//! time; a finished frame hands control back to the frame below it.
//!
//! All frames write into one output buffer. A nested word that BuildKit computes and
//! then throws away (the `word` of `${SET:-word}`) is scanned with output turned off,
//! which keeps errors and variable lookups identical while the cost stays linear.

use shared_sort::SortedSet;

use super::env::Env;
use super::error::{ShellErrorKind, MAX_EXPANSION_BYTES};
use super::parameter::Parameter;
use super::scanner::{char_or_replacement, Scanner};
use super::unicode::{is_digit, is_letter};
use super::words::WordSplitter;
use super::{Expansion, Lexer};

/// The driver's next action after one step of a frame.
pub(crate) enum Step<'a> {
    /// Step the same frame again.
    Continue,
    /// Run a new frame on top of this one.
    Push(Frame<'a>),
    /// This frame is done; its output is in the buffer.
    Finish,
    /// This frame failed.
    Fail(ShellErrorKind),
}

/// One level of nesting.
pub(crate) enum Frame<'a> {
    /// Text up to a stop character or the end of the word (`processStopOn`).
    Scan(Scan),
    /// Text between double quotes (`processDoubleQuote`).
    DoubleQuote(DoubleQuote),
    /// A `${NAME` followed by a modifier (`processDollar`).
    Parameter(Parameter<'a>),
}

/// The word splitting rule for the text of a finished piece.
#[derive(Clone, Copy)]
enum Split {
    /// White space in expanded text separates words.
    AtSpaces,
    /// Quoted text stays in one word.
    Never,
}

/// State of one `processStopOn` call.
pub(crate) struct Scan {
    stop: Option<char>,
    raw_escapes: bool,
    emit: bool,
    top_level: bool,
    /// For the top-level scan: where the running child frame's text starts.
    child_piece: Option<(usize, Split)>,
}

impl Scan {
    /// Creates a nested scan that ends at `stop`, as `${NAME:-word}` and `${NAME/a/b}` use.
    pub(crate) fn nested(stop: char, raw_escapes: bool, emit: bool) -> Self {
        Self {
            stop: Some(stop),
            raw_escapes,
            emit,
            top_level: false,
            child_piece: None,
        }
    }

    fn top_level(raw_escapes: bool) -> Self {
        Self {
            stop: None,
            raw_escapes,
            emit: true,
            top_level: true,
            child_piece: None,
        }
    }
}

/// State of one `processDoubleQuote` call.
pub(crate) struct DoubleQuote {
    raw_escapes: bool,
    emit: bool,
}

/// Expands one word.
pub(crate) struct Expander<'a, E: ?Sized> {
    pub(crate) lexer: &'a Lexer,
    env: &'a E,
    pub(crate) scanner: Scanner,
    pub(crate) out: String,
    words: WordSplitter,
    /// Whether a nested scan started since the top-level scan began its current piece.
    nested_scan_started: bool,
    matched: SortedSet<String>,
    unmatched: SortedSet<String>,
    stack: Vec<Frame<'a>>,
}

impl<'a, E: Env + ?Sized> Expander<'a, E> {
    pub(crate) fn new(lexer: &'a Lexer, env: &'a E, word: &str) -> Self {
        Self {
            lexer,
            env,
            scanner: Scanner::new(word),
            out: String::new(),
            words: WordSplitter::default(),
            nested_scan_started: false,
            matched: SortedSet::new(),
            unmatched: SortedSet::new(),
            stack: Vec::new(),
        }
    }

    /// Runs the frames until the top-level scan finishes or a frame fails.
    pub(crate) fn run(mut self) -> Result<Expansion, ShellErrorKind> {
        self.stack
            .push(Frame::Scan(Scan::top_level(self.lexer.raw_escapes)));
        let mut next = None;
        loop {
            let step = match next.take() {
                Some(step) => step,
                None => self.step_top(),
            };
            let step = if self.out.len() > MAX_EXPANSION_BYTES {
                Step::Fail(ShellErrorKind::TooLarge)
            } else {
                step
            };
            match step {
                Step::Continue => {}
                Step::Push(frame) => {
                    self.nested_scan_started |= matches!(frame, Frame::Scan(_));
                    self.stack.push(frame);
                }
                Step::Finish => {
                    self.stack.pop();
                    if self.stack.is_empty() {
                        return Ok(self.finish());
                    }
                    next = Some(self.resume_top());
                }
                Step::Fail(kind) => return Err(self.unwind(kind)),
            }
        }
    }

    fn finish(self) -> Expansion {
        Expansion {
            result: self.out,
            words: self.words.finish(),
            matched: self.matched,
            unmatched: self.unmatched,
        }
    }

    /// Turns the failure of the top frame into the error BuildKit reports.
    ///
    /// `processDollar` replaces an error from its nested scan with `missing '}'` (or
    /// `missing '/' in ${}` while reading a pattern) when the word has been read to
    /// its end, so each parameter frame below the failed one gets that chance.
    fn unwind(&mut self, mut kind: ShellErrorKind) -> ShellErrorKind {
        self.stack.pop();
        if kind == ShellErrorKind::TooLarge {
            return kind;
        }
        let at_end = self.scanner.at_end();
        for frame in self.stack.iter().rev() {
            if let Frame::Parameter(parameter) = frame {
                kind = parameter.scan_error(kind, at_end);
            }
        }
        kind
    }

    /// Steps the frame on top of the stack.
    fn step_top(&mut self) -> Step<'a> {
        let Some(mut frame) = self.stack.pop() else {
            return Step::Finish;
        };
        let step = match &mut frame {
            Frame::Scan(scan) => self.step_scan(scan),
            Frame::DoubleQuote(quote) => self.step_double_quote(quote),
            Frame::Parameter(parameter) => parameter.start(self.out.len()),
        };
        self.stack.push(frame);
        step
    }

    /// Lets the frame on top of the stack continue after its child finished.
    fn resume_top(&mut self) -> Step<'a> {
        let Some(mut frame) = self.stack.pop() else {
            return Step::Finish;
        };
        let step = match &mut frame {
            Frame::Scan(scan) => {
                self.take_child_piece(scan);
                Step::Continue
            }
            Frame::DoubleQuote(_) => Step::Continue,
            Frame::Parameter(parameter) => parameter.scan_finished(self),
        };
        self.stack.push(frame);
        step
    }

    // processStopOn

    fn step_scan(&mut self, scan: &mut Scan) -> Step<'a> {
        let Some(c) = self.scanner.peek() else {
            return match scan.stop {
                // The parameter frame below turns this into `missing '}'` or `missing '/'`.
                Some(_) => Step::Fail(ShellErrorKind::MissingBrace),
                None => Step::Finish,
            };
        };
        if Some(c) == scan.stop {
            self.scanner.next();
            return Step::Finish;
        }
        match c {
            '$' => self.scan_dollar(scan),
            '\'' if !self.lexer.skip_process_quotes => self.scan_single_quote(scan),
            '"' if !self.lexer.skip_process_quotes => self.scan_double_quote(scan),
            _ => {
                self.scan_plain(scan);
                Step::Continue
            }
        }
    }

    fn scan_plain(&mut self, scan: &Scan) {
        let Some(c) = self.scanner.next() else {
            return;
        };
        if c != self.lexer.escape {
            self.write_char(scan.emit, c);
            if scan.top_level {
                self.words.push_char(c);
            }
            return;
        }

        if scan.raw_escapes {
            self.write_char(scan.emit, c);
            if scan.top_level {
                self.words.push_raw_char(c);
            }
        }
        // An escape token at the end of the word is dropped.
        let Some(escaped) = self.scanner.next() else {
            return;
        };
        self.write_char(scan.emit, escaped);
        if scan.top_level {
            self.words.push_raw_char(escaped);
        }
    }

    fn scan_dollar(&mut self, scan: &mut Scan) -> Step<'a> {
        let start = self.out.len();
        match self.dollar(scan.emit) {
            Err(kind) => Step::Fail(kind),
            Ok(None) => {
                if scan.top_level {
                    self.words.push_str(&self.out[start..]);
                }
                Step::Continue
            }
            Ok(Some(parameter)) => {
                self.begin_child_piece(scan, start, Split::AtSpaces);
                Step::Push(Frame::Parameter(parameter))
            }
        }
    }

    fn scan_single_quote(&mut self, scan: &Scan) -> Step<'a> {
        let start = self.out.len();
        let raw_quotes = self.lexer.raw_quotes;
        self.scanner.next();
        if raw_quotes {
            self.write_char(scan.emit, '\'');
        }
        loop {
            match self.scanner.next() {
                None => return Step::Fail(ShellErrorKind::UnterminatedSingleQuote),
                Some('\'') => break,
                Some(c) => self.write_char(scan.emit, c),
            }
        }
        if raw_quotes {
            self.write_char(scan.emit, '\'');
        }
        if scan.top_level {
            self.words.push_raw_str(&self.out[start..]);
        }
        Step::Continue
    }

    fn scan_double_quote(&mut self, scan: &mut Scan) -> Step<'a> {
        let start = self.out.len();
        self.scanner.next();
        if self.lexer.raw_quotes {
            self.write_char(scan.emit, '"');
        }
        self.begin_child_piece(scan, start, Split::Never);
        Step::Push(Frame::DoubleQuote(DoubleQuote {
            raw_escapes: scan.raw_escapes,
            emit: scan.emit,
        }))
    }

    fn begin_child_piece(&mut self, scan: &mut Scan, start: usize, split: Split) {
        if scan.top_level {
            scan.child_piece = Some((start, split));
            self.nested_scan_started = false;
        }
    }

    /// Adds the text of a finished child frame to the top-level word splitter.
    fn take_child_piece(&mut self, scan: &mut Scan) {
        let Some((start, split)) = scan.child_piece.take() else {
            return;
        };
        if self.nested_scan_started {
            self.words.clear_current();
        }
        let piece = &self.out[start..];
        match split {
            Split::AtSpaces => self.words.push_str(piece),
            Split::Never => self.words.push_raw_str(piece),
        }
    }

    // processDoubleQuote

    fn step_double_quote(&mut self, quote: &DoubleQuote) -> Step<'a> {
        match self.scanner.peek() {
            None => Step::Fail(ShellErrorKind::UnterminatedDoubleQuote),
            Some('"') => {
                self.scanner.next();
                if self.lexer.raw_quotes {
                    self.write_char(quote.emit, '"');
                }
                Step::Finish
            }
            Some('$') => match self.dollar(quote.emit) {
                Err(kind) => Step::Fail(kind),
                Ok(None) => Step::Continue,
                Ok(Some(parameter)) => Step::Push(Frame::Parameter(parameter)),
            },
            Some(_) => {
                self.double_quoted_char(quote);
                Step::Continue
            }
        }
    }

    /// Reads one character inside double quotes, where the escape token only escapes
    /// `"`, `$` and itself and is kept before anything else.
    fn double_quoted_char(&mut self, quote: &DoubleQuote) {
        let Some(mut c) = self.scanner.next() else {
            return;
        };
        let escape = self.lexer.escape;
        if c == escape {
            if quote.raw_escapes {
                self.write_char(quote.emit, c);
            }
            match self.scanner.peek() {
                // The missing closing quote is reported on the next step.
                None => return,
                Some(next) if next == '"' || next == '$' || next == escape => {
                    self.scanner.next();
                    c = next;
                }
                Some(_) => {}
            }
        }
        self.write_char(quote.emit, c);
    }

    // processDollar

    /// Reads a `$` expansion. Simple forms are written at once and return `None`;
    /// `${NAME` with a modifier returns the frame that reads the rest.
    fn dollar(&mut self, emit: bool) -> Result<Option<Parameter<'a>>, ShellErrorKind> {
        self.scanner.next();
        if self.scanner.peek() != Some('{') {
            self.unbraced(emit);
            return Ok(None);
        }

        self.scanner.next();
        match self.scanner.peek() {
            None => return Err(ShellErrorKind::MissingBrace),
            Some('{' | '}' | ':') => return Err(ShellErrorKind::BadSubstitution),
            Some(_) => {}
        }
        let name = self.read_name();
        let c = self.scanner.next();
        let mut modifier = String::from(char_or_replacement(c));
        match c {
            Some('}') => {
                self.write_variable(emit, &name, |name| format!("${{{name}}}"));
                Ok(None)
            }
            Some(':') => {
                let c = self.scanner.next();
                modifier.push(char_or_replacement(c));
                Parameter::modifier(self, name, modifier, c, true, emit).map(Some)
            }
            Some('+' | '-' | '?' | '#' | '%') => {
                Parameter::modifier(self, name, modifier, c, false, emit).map(Some)
            }
            Some('/') => Ok(Some(Parameter::replace(self, name, emit))),
            _ => Err(ShellErrorKind::UnsupportedModifier { modifier }),
        }
    }

    /// Expands `$NAME`, or writes a lone `$` when no name follows.
    fn unbraced(&mut self, emit: bool) {
        let name = self.read_name();
        if name.is_empty() {
            self.write(emit, "$");
        } else {
            self.write_variable(emit, &name, |name| format!("${name}"));
        }
    }

    /// Writes the value of `name`; for an unset variable, writes nothing, or with
    /// `skip_unset_env` the reference as `as_written` spells it.
    fn write_variable(&mut self, emit: bool, name: &str, as_written: impl Fn(&str) -> String) {
        match self.lookup(name) {
            Some(value) => self.write(emit, value),
            None if self.lexer.skip_unset_env => self.write(emit, &as_written(name)),
            None => {}
        }
    }

    /// Reads a variable name (`processName`): a run of digits, one special parameter
    /// character, or letters, digits and `_` starting with a letter or `_`.
    fn read_name(&mut self) -> String {
        let mut name = String::new();
        while let Some(c) = self.scanner.peek() {
            if name.is_empty() && is_digit(c) {
                while let Some(digit) = self.scanner.peek().filter(|&d| is_digit(d)) {
                    self.scanner.next();
                    name.push(digit);
                }
                return name;
            }
            if name.is_empty() && is_special_parameter(c) {
                self.scanner.next();
                return c.to_string();
            }
            if !is_letter(c) && !is_digit(c) && c != '_' {
                break;
            }
            self.scanner.next();
            name.push(c);
        }
        name
    }

    /// Looks `name` up and records it as matched or unmatched (`getEnv`).
    pub(crate) fn lookup(&mut self, name: &str) -> Option<&'a str> {
        let env: &'a E = self.env;
        let value = env.get(name);
        let names = match value {
            Some(_) => &mut self.matched,
            None => &mut self.unmatched,
        };
        if !names.contains(name) {
            names.insert(name.to_owned());
        }
        value
    }

    pub(crate) fn write(&mut self, emit: bool, text: &str) {
        if emit {
            self.out.push_str(text);
        }
    }

    fn write_char(&mut self, emit: bool, c: char) {
        if emit {
            self.out.push(c);
        }
    }
}

/// Returns whether `c` names a POSIX special parameter (`$@`, `$*`, `$#`, `$?`, `$-`,
/// `$$`, `$!`, `$0`), which BuildKit reads as a one-character name.
fn is_special_parameter(c: char) -> bool {
    matches!(c, '@' | '*' | '#' | '?' | '-' | '$' | '!' | '0')
}
