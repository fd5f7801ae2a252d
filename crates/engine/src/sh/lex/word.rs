//! Words: unquoted text, quotes, backslashes, `$` expansions and
//! backquotes, each read into a [`Part`].

use super::{ends_word, is_name_byte, is_name_start, is_special_parameter};
use super::{LexError, Lexer, Part, Substitution, TokenKind, Unterminated, Word};

impl Lexer<'_> {
    pub(super) fn word(&mut self) -> Result<(), LexError> {
        let start = self.pos;
        let line = self.line;
        let mut parts = Vec::new();
        let mut literal = String::new();
        while self.pos < self.bytes.len() {
            let byte = self.bytes[self.pos];
            if ends_word(byte) {
                break;
            }
            match byte {
                b'\\' => self.backslash(&mut parts, &mut literal),
                b'\'' => {
                    flush(&mut parts, &mut literal);
                    let text = self.single_quoted()?;
                    parts.push(Part::Quoted(text));
                }
                b'"' => {
                    flush(&mut parts, &mut literal);
                    let inner = self.double_quoted()?;
                    parts.push(Part::DoubleQuoted(inner));
                }
                b'$' => match self.dollar()? {
                    Some(part) => {
                        flush(&mut parts, &mut literal);
                        parts.push(part);
                    }
                    None => literal.push('$'),
                },
                b'`' => {
                    flush(&mut parts, &mut literal);
                    self.backquoted()?;
                    parts.push(Part::Substitution(Substitution::Command));
                }
                _ => self.literal_run(&mut literal),
            }
        }
        flush(&mut parts, &mut literal);
        self.push(
            TokenKind::Word(Word {
                parts,
                span: start..self.pos,
            }),
            start,
            line,
        );
        Ok(())
    }

    /// Copies bytes up to the next byte with a meaning, keeping UTF-8 whole
    /// because every byte with a meaning is ASCII.
    pub(super) fn literal_run(&mut self, literal: &mut String) {
        let start = self.pos;
        self.pos += 1;
        while self.pos < self.bytes.len() {
            let byte = self.bytes[self.pos];
            if ends_word(byte) || matches!(byte, b'\\' | b'\'' | b'"' | b'$' | b'`') {
                break;
            }
            self.pos += 1;
        }
        while !self.src.is_char_boundary(self.pos) {
            self.pos += 1;
        }
        literal.push_str(&self.src[start..self.pos]);
    }

    pub(super) fn backslash(&mut self, parts: &mut Vec<Part>, literal: &mut String) {
        self.pos += 1;
        match self.src[self.pos..].chars().next() {
            None => literal.push('\\'),
            Some('\n') => {
                self.pos += 1;
                self.line += 1;
            }
            Some(c) => {
                flush(parts, literal);
                parts.push(Part::Quoted(c.to_string()));
                self.pos += c.len_utf8();
            }
        }
    }

    pub(super) fn single_quoted(&mut self) -> Result<String, LexError> {
        let start = self.pos;
        let line = self.line;
        self.pos += 1;
        let Some(length) = self.bytes[self.pos..].iter().position(|&b| b == b'\'') else {
            self.pos = self.bytes.len();
            return Err(LexError {
                kind: Unterminated::SingleQuote,
                line,
                offset: start,
            });
        };
        let text = &self.src[self.pos..self.pos + length];
        self.line += text.matches('\n').count();
        self.pos += length + 1;
        Ok(text.to_string())
    }

    pub(super) fn double_quoted(&mut self) -> Result<Vec<Part>, LexError> {
        let start = self.pos;
        let line = self.line;
        self.pos += 1;
        let mut parts = Vec::new();
        let mut text = String::new();
        while self.pos < self.bytes.len() {
            match self.bytes[self.pos] {
                b'"' => {
                    self.pos += 1;
                    flush_quoted(&mut parts, &mut text);
                    return Ok(parts);
                }
                b'\\' => {
                    self.pos += 1;
                    match self.src[self.pos..].chars().next() {
                        Some('\n') => {
                            self.pos += 1;
                            self.line += 1;
                        }
                        Some(c @ ('$' | '`' | '"' | '\\')) => {
                            text.push(c);
                            self.pos += 1;
                        }
                        Some(_) | None => text.push('\\'),
                    }
                }
                b'$' => match self.dollar()? {
                    Some(part) => {
                        flush_quoted(&mut parts, &mut text);
                        parts.push(part);
                    }
                    None => text.push('$'),
                },
                b'`' => {
                    flush_quoted(&mut parts, &mut text);
                    self.backquoted()?;
                    parts.push(Part::Substitution(Substitution::Command));
                }
                b'\n' => {
                    text.push('\n');
                    self.pos += 1;
                    self.line += 1;
                }
                _ => {
                    let c = self.src[self.pos..].chars().next().unwrap_or('\0');
                    text.push(c);
                    self.pos += c.len_utf8().max(1);
                }
            }
        }
        Err(LexError {
            kind: Unterminated::DoubleQuote,
            line,
            offset: start,
        })
    }

    /// Reads a `$` expansion; returns `None` for a `$` that starts none.
    pub(super) fn dollar(&mut self) -> Result<Option<Part>, LexError> {
        let start = self.pos;
        match self.peek(1) {
            Some(b'{') => {
                self.pos += 2;
                self.skip_braced(start)?;
                Ok(Some(Part::Parameter(self.src[start..self.pos].to_string())))
            }
            Some(b'(') if self.peek(2) == Some(b'(') => {
                self.pos += 3;
                self.skip_parenthesised(start, 2)?;
                Ok(Some(Part::Substitution(Substitution::Arithmetic)))
            }
            Some(b'(') => {
                self.pos += 2;
                self.skip_parenthesised(start, 1)?;
                Ok(Some(Part::Substitution(Substitution::Command)))
            }
            Some(byte) if is_name_start(byte) => {
                self.pos += 1;
                while self.pos < self.bytes.len() && is_name_byte(self.bytes[self.pos]) {
                    self.pos += 1;
                }
                Ok(Some(Part::Parameter(self.src[start..self.pos].to_string())))
            }
            Some(byte) if is_special_parameter(byte) => {
                self.pos += 2;
                Ok(Some(Part::Parameter(self.src[start..self.pos].to_string())))
            }
            _ => {
                self.pos += 1;
                Ok(None)
            }
        }
    }

    pub(super) fn unterminated(&self, offset: usize, line: usize) -> LexError {
        LexError {
            kind: Unterminated::Expansion,
            line,
            offset,
        }
    }

    /// Skips to the `}` that closes a `${`, over nested `${…}`, quotes and
    /// escapes.
    pub(super) fn skip_braced(&mut self, start: usize) -> Result<(), LexError> {
        let line = self.line;
        let mut depth = 1usize;
        while self.pos < self.bytes.len() {
            match self.bytes[self.pos] {
                b'\\' => self.pos += 2,
                b'\'' => {
                    self.single_quoted()?;
                }
                b'"' => {
                    self.double_quoted()?;
                }
                b'$' if self.peek(1) == Some(b'{') => {
                    depth += 1;
                    self.pos += 2;
                }
                b'}' => {
                    depth -= 1;
                    self.pos += 1;
                    if depth == 0 {
                        return Ok(());
                    }
                }
                b'\n' => {
                    self.line += 1;
                    self.pos += 1;
                }
                _ => self.pos += 1,
            }
        }
        self.pos = self.bytes.len();
        Err(self.unterminated(start, line))
    }

    /// Skips to the parentheses that close a `$(` (`closers` 1) or `$((`
    /// (`closers` 2), over nested parentheses, quotes and escapes.
    pub(super) fn skip_parenthesised(
        &mut self,
        start: usize,
        closers: usize,
    ) -> Result<(), LexError> {
        let line = self.line;
        let mut depth = closers;
        while self.pos < self.bytes.len() {
            match self.bytes[self.pos] {
                b'\\' => self.pos += 2,
                b'\'' => {
                    self.single_quoted()?;
                }
                b'"' => {
                    self.double_quoted()?;
                }
                b'(' => {
                    depth += 1;
                    self.pos += 1;
                }
                b')' => {
                    depth -= 1;
                    self.pos += 1;
                    if depth == 0 {
                        return Ok(());
                    }
                }
                b'\n' => {
                    self.line += 1;
                    self.pos += 1;
                }
                _ => self.pos += 1,
            }
        }
        self.pos = self.bytes.len();
        Err(self.unterminated(start, line))
    }

    pub(super) fn backquoted(&mut self) -> Result<(), LexError> {
        let start = self.pos;
        let line = self.line;
        self.pos += 1;
        while self.pos < self.bytes.len() {
            match self.bytes[self.pos] {
                b'\\' => self.pos += 2,
                b'`' => {
                    self.pos += 1;
                    return Ok(());
                }
                b'\n' => {
                    self.line += 1;
                    self.pos += 1;
                }
                _ => self.pos += 1,
            }
        }
        self.pos = self.bytes.len();
        Err(self.unterminated(start, line))
    }
}

pub(super) fn flush(parts: &mut Vec<Part>, literal: &mut String) {
    if !literal.is_empty() {
        parts.push(Part::Literal(std::mem::take(literal)));
    }
}

pub(super) fn flush_quoted(parts: &mut Vec<Part>, text: &mut String) {
    if !text.is_empty() {
        parts.push(Part::Quoted(std::mem::take(text)));
    }
}
