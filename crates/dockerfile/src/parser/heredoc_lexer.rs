//! The shell-word splitting BuildKit uses to find heredoc openers.
//!
//! BuildKit splits an instruction line into words with its shell lexer
//! (`shell.Lex.ProcessWords`), always with `\` as the escape token, no
//! variables defined and unset variables kept as written (`SkipUnsetEnv`).
//! Nothing is expanded in that mode, but the lexer's structure still shows.
//! `${...}` forms are rebuilt from their parts, so an escape inside
//! `${a:-...}` is dropped and `${a//b/c}` comes back as `${a/b/c}`. `<<`
//! keeps the blanks after it in its word, so `<< EOF` is one word. White
//! space inside a `${...}` form splits words even inside quotes. Malformed
//! forms are errors (`syntax error: bad substitution`).
//!
//! This module reproduces that one mode. It writes every character straight
//! into the word list instead of building nested strings, and keeps its
//! nesting on an explicit stack, so it runs in linear time without
//! recursion.

use std::ops::Range;

use super::go;

/// The optional behaviours of BuildKit's lexer that are on.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct LexMode {
    /// `RawQuotes`: keep quote characters in the words.
    pub raw_quotes: bool,
    /// `RawEscapes`: keep escape characters in the words.
    pub raw_escapes: bool,
}

/// A word and the range of the input it came from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Word {
    /// The word's text.
    pub text: String,
    /// Byte range in the input.
    pub span: Range<usize>,
}

/// The constructs the lexer can be inside of.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Frame {
    /// `"..."`.
    DoubleQuote,
    /// The word part of `${name<modifier>word}`, up to `}`.
    ModifierWord,
    /// The pattern of `${name/pattern/replacement}`, up to `/`.
    Pattern,
    /// The replacement of `${name/pattern/replacement}`, up to `}`.
    Replacement,
}

impl Frame {
    fn stop(self) -> char {
        match self {
            Frame::DoubleQuote => '"',
            Frame::Pattern => '/',
            Frame::ModifierWord | Frame::Replacement => '}',
        }
    }
}

/// Splits `input` into words as BuildKit's `ProcessWords` does in the mode
/// described in the module documentation.
///
/// # Errors
///
/// Returns the lexer's message for unterminated quotes and malformed
/// `${...}` forms, without the `failed to process` prefix.
pub fn process_words(input: &str, mode: LexMode) -> Result<Vec<Word>, String> {
    let mut lexer = Lexer::new(input, mode);
    match lexer.run() {
        Ok(()) => Ok(lexer.words.finish()),
        Err(message) => Err(lexer.at_error(message)),
    }
}

struct Lexer<'a> {
    input: &'a str,
    position: usize,
    mode: LexMode,
    /// Open constructs with, for `${...}` parts, whether escapes are kept.
    stack: Vec<(Frame, bool)>,
    /// Whether text goes into the words split on white space: true outside
    /// any construct and inside `${...}`, false inside top-level quotes.
    words: Words,
}

impl<'a> Lexer<'a> {
    fn new(input: &'a str, mode: LexMode) -> Self {
        let position = if input.starts_with('\u{FEFF}') { 3 } else { 0 };
        Self {
            input,
            position,
            mode,
            stack: Vec::new(),
            words: Words::default(),
        }
    }

    fn peek(&self) -> Option<char> {
        self.input[self.position..].chars().next()
    }

    fn next_char(&mut self) -> Option<char> {
        let c = self.peek()?;
        self.position += c.len_utf8();
        Some(c)
    }

    /// Returns whether escape characters are kept in the innermost context.
    fn raw_escapes(&self) -> bool {
        self.stack
            .iter()
            .rev()
            .find(|(frame, _)| *frame != Frame::DoubleQuote)
            .map_or(self.mode.raw_escapes, |&(_, raw)| raw)
    }

    /// Writes text produced by the construct that started at `start`.
    fn emit(&mut self, text: &str, start: usize) {
        let splits = match self.stack.first() {
            None => true,
            Some((frame, _)) => *frame != Frame::DoubleQuote,
        };
        self.words.push(text, start, self.position, splits);
    }

    fn emit_char(&mut self, c: char, start: usize) {
        let mut buffer = [0; 4];
        self.emit(c.encode_utf8(&mut buffer), start);
    }

    fn run(&mut self) -> Result<(), String> {
        loop {
            let Some(c) = self.peek() else {
                return match self.stack.last() {
                    None => Ok(()),
                    Some((Frame::DoubleQuote, _)) => Err(
                        "unexpected end of statement while looking for matching double-quote"
                            .into(),
                    ),
                    Some((frame, _)) => Err(format!(
                        "unexpected end of statement while looking for matching {}",
                        frame.stop()
                    )),
                };
            };
            let start = self.position;
            match self.stack.last().copied() {
                Some((frame, _)) if c == frame.stop() => self.close(frame, start),
                Some((Frame::DoubleQuote, _)) if c == '$' => self.dollar()?,
                Some((Frame::DoubleQuote, _)) => self.double_quoted_char(),
                _ if c == '$' => self.dollar()?,
                _ if c == '<' => self.possible_heredoc(),
                _ if c == '\'' => self.single_quote()?,
                _ if c == '"' => self.open_double_quote(),
                _ => {
                    if !self.plain_char() {
                        return match self.stack.last() {
                            None => Ok(()),
                            Some((frame, _)) => Err(format!(
                                "unexpected end of statement while looking for matching {}",
                                frame.stop()
                            )),
                        };
                    }
                }
            }
        }
    }

    /// Closes the innermost construct at its stop character.
    fn close(&mut self, frame: Frame, start: usize) {
        self.next_char();
        match frame {
            Frame::DoubleQuote => {
                if self.mode.raw_quotes {
                    self.emit("\"", start);
                }
                self.stack.pop();
            }
            Frame::ModifierWord | Frame::Replacement => {
                self.emit("}", start);
                self.stack.pop();
            }
            Frame::Pattern => {
                self.emit("/", start);
                self.stack.pop();
                self.stack.push((Frame::Replacement, true));
            }
        }
    }

    /// A character outside quotes; returns false when an escape token ends
    /// the input.
    fn plain_char(&mut self) -> bool {
        let start = self.position;
        let Some(c) = self.next_char() else {
            return false;
        };
        if c != '\\' {
            self.emit_char(c, start);
            return true;
        }
        if self.raw_escapes() {
            self.emit_escaped("\\", start);
        }
        match self.next_char() {
            None => false,
            Some(escaped) => {
                let mut buffer = [0; 4];
                self.emit_escaped(escaped.encode_utf8(&mut buffer), start);
                true
            }
        }
    }

    /// Writes an escaped character. Outside any construct it joins the
    /// current word even when it is white space. Inside `${...}` it is text
    /// like any other.
    fn emit_escaped(&mut self, text: &str, start: usize) {
        match self.stack.is_empty() {
            true => self.words.push(text, start, self.position, false),
            false => self.emit(text, start),
        }
    }

    /// `<`, or `<<` with the spaces, tabs and carriage returns after it,
    /// which BuildKit keeps in the same word so that `<< EOF` opens a
    /// heredoc.
    fn possible_heredoc(&mut self) {
        let start = self.position;
        self.next_char();
        if self.peek() != Some('<') {
            return self.emit_escaped("<", start);
        }
        self.next_char();
        while matches!(self.peek(), Some(' ' | '\t' | '\r' | '\n')) {
            self.next_char();
        }
        let text = &self.input[start..self.position];
        match self.stack.is_empty() {
            true => self.words.push(text, start, self.position, false),
            false => {
                let text = text.to_owned();
                self.emit(&text, start);
            }
        }
    }

    fn single_quote(&mut self) -> Result<(), String> {
        let start = self.position;
        self.next_char();
        let body_start = self.position;
        let Some(length) = self.input[body_start..].find('\'') else {
            self.position = self.input.len();
            return Err(
                "unexpected end of statement while looking for matching single-quote".into(),
            );
        };
        self.position = body_start + length + 1;
        let text = match self.mode.raw_quotes {
            true => &self.input[start..self.position],
            false => &self.input[body_start..body_start + length],
        };
        match self.stack.is_empty() {
            true => self.words.push(text, start, self.position, false),
            false => self.emit(text, start),
        }
        Ok(())
    }

    fn open_double_quote(&mut self) {
        let start = self.position;
        self.next_char();
        self.stack.push((Frame::DoubleQuote, false));
        if self.mode.raw_quotes {
            self.emit("\"", start);
        }
    }

    /// Reads a character inside double quotes. There the escape token
    /// escapes only `"`, `$` and itself, and is dropped unless escapes are
    /// kept.
    fn double_quoted_char(&mut self) {
        let start = self.position;
        let Some(mut c) = self.next_char() else {
            return;
        };
        if c == '\\' {
            if self.raw_escapes() {
                self.emit("\\", start);
            }
            match self.peek() {
                None => return,
                Some('"' | '$' | '\\') => c = self.next_char().unwrap_or(c),
                Some(_) => {}
            }
        }
        self.emit_char(c, start);
    }

    /// `$name`, `${name}` or the start of `${name<modifier>...}`.
    fn dollar(&mut self) -> Result<(), String> {
        let start = self.position;
        self.next_char();
        if self.peek() != Some('{') {
            let name = self.name();
            self.emit("$", start);
            self.emit(&name, start);
            return Ok(());
        }
        self.next_char();
        match self.peek() {
            None => return Err("syntax error: missing '}'".into()),
            Some('{' | '}' | ':') => return Err("syntax error: bad substitution".into()),
            Some(_) => {}
        }
        let name = self.name();
        let modifier = self.next_char();
        self.brace_modifier(&name, modifier, start)
    }

    fn brace_modifier(
        &mut self,
        name: &str,
        modifier: Option<char>,
        start: usize,
    ) -> Result<(), String> {
        let text = |c: Option<char>| c.unwrap_or('\u{FFFD}').to_string();
        match modifier {
            Some('}') => {
                self.emit(&format!("${{{name}}}"), start);
            }
            Some(':') => {
                let second = self.next_char();
                let raw = matches!(second, Some('#' | '%'));
                self.emit(&format!("${{{name}:{}", text(second)), start);
                self.stack.push((Frame::ModifierWord, raw));
            }
            Some(c @ ('+' | '-' | '?' | '#' | '%')) => {
                self.emit(&format!("${{{name}{c}"), start);
                self.stack.push((Frame::ModifierWord, c == '#' || c == '%'));
            }
            Some('/') => {
                if self.peek() == Some('/') {
                    self.next_char();
                }
                self.emit(&format!("${{{name}/"), start);
                self.stack.push((Frame::Pattern, true));
            }
            other => {
                return Err(format!(
                    "unsupported modifier ({}) in substitution",
                    text(other)
                ))
            }
        }
        Ok(())
    }

    /// Reads a variable name: digits, one special parameter, or letters,
    /// digits and `_`.
    fn name(&mut self) -> String {
        let start = self.position;
        match self.peek() {
            Some(c) if go::is_digit(c) => {
                while self.peek().is_some_and(go::is_digit) {
                    self.next_char();
                }
            }
            Some('@' | '*' | '#' | '?' | '-' | '$' | '!') => {
                self.next_char();
            }
            _ => {
                while self
                    .peek()
                    .is_some_and(|c| go::is_letter(c) || go::is_digit(c) || c == '_')
                {
                    self.next_char();
                }
            }
        }
        self.input[start..self.position].to_owned()
    }

    /// Rewrites an error the way BuildKit's nested calls do: at the end of
    /// the input, the outermost `${...}` reports what it is missing.
    fn at_error(&self, message: String) -> String {
        if self.peek().is_some() {
            return message;
        }
        let outermost = self
            .stack
            .iter()
            .find(|(frame, _)| *frame != Frame::DoubleQuote);
        match outermost {
            Some((Frame::Pattern, _)) => "syntax error: missing '/' in ${}".into(),
            Some(_) => "syntax error: missing '}'".into(),
            None => message,
        }
    }
}

/// Words being collected, as BuildKit's `wordsStruct` collects them.
#[derive(Default)]
struct Words {
    words: Vec<Word>,
    current: String,
    start: usize,
    end: usize,
}

impl Words {
    /// Adds `text`, which came from `start..end` of the input; when `splits`
    /// is set, white space in it ends the current word instead of joining it.
    fn push(&mut self, text: &str, start: usize, end: usize, splits: bool) {
        if !splits {
            self.append(text, start, end);
            return;
        }
        for c in text.chars() {
            if go::is_space(c) {
                self.end_word();
            } else {
                let mut buffer = [0; 4];
                self.append(c.encode_utf8(&mut buffer), start, end);
            }
        }
    }

    fn append(&mut self, text: &str, start: usize, end: usize) {
        if self.current.is_empty() {
            self.start = start;
        }
        self.current.push_str(text);
        self.end = end;
    }

    fn end_word(&mut self) {
        if !self.current.is_empty() {
            let text = std::mem::take(&mut self.current);
            self.words.push(Word {
                text,
                span: self.start..self.end,
            });
        }
    }

    fn finish(mut self) -> Vec<Word> {
        self.end_word();
        self.words
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const LINE: LexMode = LexMode {
        raw_quotes: true,
        raw_escapes: true,
    };
    const PLAIN: LexMode = LexMode {
        raw_quotes: false,
        raw_escapes: false,
    };

    fn words(input: &str, mode: LexMode) -> Result<Vec<String>, String> {
        process_words(input, mode).map(|words| words.into_iter().map(|word| word.text).collect())
    }

    #[test]
    fn words_in_line_mode() {
        let cases: [(&str, &[&str]); 11] = [
            ("RUN <<EOF cat", &["RUN", "<<EOF", "cat"]),
            ("a \"b c\" 'd e'", &["a", "\"b c\"", "'d e'"]),
            ("a\\ b", &["a\\ b"]),
            ("$HOME ${x} $1 $$ $", &["$HOME", "${x}", "$1", "$$", "$"]),
            ("${a:-x y}", &["${a:-x", "y}"]),
            ("\"${a:-x y}\"", &["\"${a:-x y}\""]),
            ("${a:-\\}}", &["${a:-}}"]),
            ("${a//b/c}", &["${a/b/c}"]),
            ("${a%\\%}", &["${a%\\%}"]),
            ("RUN <<  EOF  > foo", &["RUN", "<<  EOF", ">", "foo"]),
            ("a < b <<\x0bc", &["a", "<", "b", "<<", "c"]),
        ];
        for (input, expected) in cases {
            assert_eq!(
                words(input, LINE),
                Ok(expected.iter().map(|w| w.to_string()).collect()),
                "input {input:?}"
            );
        }
    }

    #[test]
    fn words_in_plain_mode() {
        let cases: [(&str, &[&str]); 5] = [
            ("\"EOF\"", &["EOF"]),
            ("'E'O\"F\"", &["EOF"]),
            ("\\EOF", &["EOF"]),
            ("\"\"", &[]),
            ("\u{FEFF}EOF", &["EOF"]),
        ];
        for (input, expected) in cases {
            assert_eq!(
                words(input, PLAIN),
                Ok(expected.iter().map(|w| w.to_string()).collect()),
                "input {input:?}"
            );
        }
    }

    #[test]
    fn lexer_errors() {
        let cases = [
            (
                "\"EOF",
                "unexpected end of statement while looking for matching double-quote",
            ),
            (
                "'EOF",
                "unexpected end of statement while looking for matching single-quote",
            ),
            ("${", "syntax error: missing '}'"),
            ("${}", "syntax error: bad substitution"),
            ("${:a}", "syntax error: bad substitution"),
            ("${a", "unsupported modifier (\u{FFFD}) in substitution"),
            ("${a!}", "unsupported modifier (!) in substitution"),
            ("${a:-x", "syntax error: missing '}'"),
            ("${a:-\"}", "syntax error: missing '}'"),
            ("${a/x", "syntax error: missing '/' in ${}"),
            ("${a:-${}}", "syntax error: bad substitution"),
            ("${a:-x\\", "syntax error: missing '}'"),
        ];
        for (input, expected) in cases {
            assert_eq!(
                words(input, PLAIN),
                Err(expected.to_owned()),
                "input {input:?}"
            );
        }
    }

    #[test]
    fn word_spans() {
        let found = process_words("RUN  <<\"EOF\" x", LINE).unwrap();
        assert_eq!(found[1].span, 5..12);
    }
}
