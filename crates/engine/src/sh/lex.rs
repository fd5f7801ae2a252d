//! Splits a shell script into tokens: words with their quoting kept,
//! control operators, redirection operators and newlines.
//!
//! Words are not expanded here. Each word keeps its parts (unquoted text,
//! quoted text, `$` expansions, command substitutions) so that expansion can
//! run later against the variables of the moment, as a shell does command by
//! command, and so that pathname expansion sees which `*` were quoted.
//!
//! Following POSIX's token recognition rules (XCU 2.3):
//!
//! - blanks separate words, `#` at the start of a word starts a comment;
//! - `\` followed by a newline is removed everywhere except inside single
//!   quotes;
//! - `'…'` is literal, `"…"` allows `$` expansions and `\` before `$`, `` ` ``,
//!   `"`, `\` and a newline;
//! - `$NAME`, `${…}` (with nested braces and quotes), `$(…)`, `$((…))` and
//!   `` `…` `` are read as one part each;
//! - an all-digit word directly before `<` or `>` is a file descriptor;
//! - a here-document body is read from the lines after the newline that
//!   ends the line holding its `<<` operator.
//!
//! `&>`, `&>>`, `|&` and `<<<` are bash extensions (busybox ash has the first
//! two and `<<<`); dash reads `&>` as `&` followed by `>`.
//!
//! The lexer never panics and runs in time linear in the script: every loop
//! consumes at least one byte, and the matching of `${`, `$(` and backquotes
//! scans forward only.

use std::ops::Range;

use super::state::ShellKind;

/// One part of a word, before expansion.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Part {
    /// Unquoted text: subject to field splitting (none here, it has no
    /// expansion), tilde and pathname expansion.
    Literal(String),
    /// Text that was quoted with `'…'` or a backslash: kept as is.
    Quoted(String),
    /// A parameter expansion as written: `$NAME`, `$?` or `${…}`.
    Parameter(String),
    /// The contents of `"…"`: only `Quoted`, `Parameter` and `Substitution`.
    DoubleQuoted(Vec<Part>),
    /// A command substitution or arithmetic expansion, which the simulation
    /// does not perform.
    Substitution(Substitution),
}

/// The kind of an unsupported `$(…)`, `` `…` `` or `$((…))`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Substitution {
    /// `$(…)` or `` `…` ``.
    Command,
    /// `$((…))`.
    Arithmetic,
}

/// A word as written, split into parts.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Word {
    pub parts: Vec<Part>,
    pub span: Range<usize>,
}

impl Word {
    /// Returns the text of a word made of unquoted text only, which is how
    /// reserved words and assignments are recognised.
    pub fn plain(&self) -> Option<&str> {
        match self.parts.as_slice() {
            [Part::Literal(text)] => Some(text),
            _ => None,
        }
    }
}

/// A control operator.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Operator {
    And,
    Or,
    Semicolon,
    DoubleSemicolon,
    Pipe,
    /// bash's `|&`: pipe standard output and standard error.
    PipeBoth,
    Background,
    OpenParen,
    CloseParen,
}

impl Operator {
    pub fn as_str(self) -> &'static str {
        match self {
            Operator::And => "&&",
            Operator::Or => "||",
            Operator::Semicolon => ";",
            Operator::DoubleSemicolon => ";;",
            Operator::Pipe => "|",
            Operator::PipeBoth => "|&",
            Operator::Background => "&",
            Operator::OpenParen => "(",
            Operator::CloseParen => ")",
        }
    }
}

/// A redirection operator.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum RedirectKind {
    /// `>` (and `>|`).
    Output,
    /// `>>`.
    Append,
    /// `<`.
    Input,
    /// `<>`.
    ReadWrite,
    /// `>&`: duplicate an output descriptor (`2>&1`).
    DuplicateOutput,
    /// `<&`.
    DuplicateInput,
    /// bash's `&>`: standard output and standard error to a file.
    OutputBoth,
    /// bash's `&>>`.
    AppendBoth,
    /// `<<` and `<<-`.
    HereDocument { strip_tabs: bool },
    /// `<<<`, a here-string.
    HereString,
}

impl RedirectKind {
    pub fn as_str(self) -> &'static str {
        match self {
            RedirectKind::Output => ">",
            RedirectKind::Append => ">>",
            RedirectKind::Input => "<",
            RedirectKind::ReadWrite => "<>",
            RedirectKind::DuplicateOutput => ">&",
            RedirectKind::DuplicateInput => "<&",
            RedirectKind::OutputBoth => "&>",
            RedirectKind::AppendBoth => "&>>",
            RedirectKind::HereDocument { strip_tabs: false } => "<<",
            RedirectKind::HereDocument { strip_tabs: true } => "<<-",
            RedirectKind::HereString => "<<<",
        }
    }
}

/// A here-document body.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct HereBody {
    /// The body's parts: `Quoted` text and, when the delimiter was not
    /// quoted, `Parameter` and `Substitution` parts.
    pub parts: Vec<Part>,
}

/// What a token is.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum TokenKind {
    Word(Word),
    Operator(Operator),
    Redirect {
        /// The file descriptor written before the operator (`2>`).
        fd: Option<u32>,
        kind: RedirectKind,
        /// The body, for a here-document once its lines have been read.
        body: Option<HereBody>,
    },
    Newline,
}

/// A token with its byte range and the line it starts on (from 1).
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Token {
    pub kind: TokenKind,
    pub span: Range<usize>,
    pub line: usize,
}

/// What the script left open at its end.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Unterminated {
    SingleQuote,
    DoubleQuote,
    /// A `${`, `$(`, `$((` or backquote without its end.
    Expansion,
}

/// A lexing error with the line where the unterminated text starts.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct LexError {
    pub kind: Unterminated,
    pub line: usize,
    pub offset: usize,
}

/// The tokens of a script and what was still open at its end.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct Lexed {
    pub tokens: Vec<Token>,
    /// The script ended with a backslash that would continue the line.
    pub trailing_backslash: bool,
    /// Here-documents whose body or delimiter line never came.
    pub open_here_documents: Vec<String>,
}

/// Splits `script` into tokens for a shell of `kind`.
pub(crate) fn lex(script: &str, kind: ShellKind) -> Result<Lexed, LexError> {
    let mut lexer = Lexer {
        src: script,
        bytes: script.as_bytes(),
        pos: 0,
        line: 1,
        kind,
        out: Lexed::default(),
        pending: Vec::new(),
    };
    lexer.run()?;
    Ok(lexer.out)
}

/// A here-document waiting for its body: the token that gets it, the
/// delimiter, whether tabs are stripped and whether the body expands.
struct PendingHere {
    token: usize,
    delimiter: String,
    strip_tabs: bool,
    expand: bool,
}

struct Lexer<'a> {
    src: &'a str,
    bytes: &'a [u8],
    pos: usize,
    line: usize,
    kind: ShellKind,
    out: Lexed,
    pending: Vec<PendingHere>,
}

fn is_blank(byte: u8) -> bool {
    byte == b' ' || byte == b'\t'
}

fn ends_word(byte: u8) -> bool {
    matches!(
        byte,
        b' ' | b'\t' | b'\n' | b';' | b'&' | b'|' | b'(' | b')' | b'<' | b'>'
    )
}

fn is_name_start(byte: u8) -> bool {
    byte.is_ascii_alphabetic() || byte == b'_'
}

fn is_name_byte(byte: u8) -> bool {
    byte.is_ascii_alphanumeric() || byte == b'_'
}

fn is_special_parameter(byte: u8) -> bool {
    byte.is_ascii_digit() || matches!(byte, b'?' | b'$' | b'#' | b'!' | b'@' | b'*' | b'-')
}

impl Lexer<'_> {
    fn run(&mut self) -> Result<(), LexError> {
        while self.pos < self.bytes.len() {
            let byte = self.bytes[self.pos];
            match byte {
                b' ' | b'\t' | b'\r' => self.pos += 1,
                b'#' => self.skip_comment(),
                b'\\' if self.peek(1) == Some(b'\n') => {
                    self.pos += 2;
                    self.line += 1;
                }
                b'\\' if self.peek(1).is_none() => {
                    self.out.trailing_backslash = true;
                    self.word()?;
                }
                b'\n' => self.newline(),
                _ => {
                    if !self.operator() {
                        self.word()?;
                    }
                }
            }
        }
        for pending in std::mem::take(&mut self.pending) {
            self.out.open_here_documents.push(pending.delimiter);
        }
        Ok(())
    }

    fn peek(&self, offset: usize) -> Option<u8> {
        self.bytes.get(self.pos + offset).copied()
    }

    fn push(&mut self, kind: TokenKind, start: usize, line: usize) {
        self.out.tokens.push(Token {
            kind,
            span: start..self.pos,
            line,
        });
    }

    fn skip_comment(&mut self) {
        while self.pos < self.bytes.len() && self.bytes[self.pos] != b'\n' {
            self.pos += 1;
        }
    }

    fn newline(&mut self) {
        let start = self.pos;
        let line = self.line;
        self.pos += 1;
        self.line += 1;
        self.push(TokenKind::Newline, start, line);
        self.read_here_bodies();
    }

    /// Reads an operator at the current position; returns false if there is none.
    fn operator(&mut self) -> bool {
        let start = self.pos;
        let line = self.line;
        if let Some((fd, length)) = self.fd_prefix() {
            self.pos += length;
            return self.redirect(Some(fd), start, line);
        }
        let bash_like = self.kind != ShellKind::Dash;
        let pair = (self.bytes[self.pos], self.peek(1));
        let (operator, length) = match pair {
            (b'&', Some(b'&')) => (Operator::And, 2),
            (b'|', Some(b'|')) => (Operator::Or, 2),
            (b';', Some(b';')) => (Operator::DoubleSemicolon, 2),
            (b'|', Some(b'&')) if self.kind == ShellKind::Bash => (Operator::PipeBoth, 2),
            (b'&', Some(b'>')) if bash_like => return self.redirect(None, start, line),
            (b'&', _) => (Operator::Background, 1),
            (b'|', _) => (Operator::Pipe, 1),
            (b';', _) => (Operator::Semicolon, 1),
            (b'(', _) => (Operator::OpenParen, 1),
            (b')', _) => (Operator::CloseParen, 1),
            (b'<' | b'>', _) => return self.redirect(None, start, line),
            _ => return false,
        };
        self.pos += length;
        self.push(TokenKind::Operator(operator), start, line);
        true
    }

    /// Returns the descriptor number and its length when digits stand right
    /// before `<` or `>`.
    fn fd_prefix(&self) -> Option<(u32, usize)> {
        let digits = self.bytes[self.pos..]
            .iter()
            .take_while(|byte| byte.is_ascii_digit())
            .count();
        if digits == 0 || !matches!(self.peek(digits), Some(b'<' | b'>')) {
            return None;
        }
        let text = &self.src[self.pos..self.pos + digits];
        Some((text.parse().unwrap_or(u32::MAX), digits))
    }

    fn redirect(&mut self, fd: Option<u32>, start: usize, line: usize) -> bool {
        let rest = &self.bytes[self.pos..];
        let bash_like = self.kind != ShellKind::Dash;
        let (kind, length) = match rest {
            [b'&', b'>', b'>', ..] => (RedirectKind::AppendBoth, 3),
            [b'&', b'>', ..] => (RedirectKind::OutputBoth, 2),
            [b'<', b'<', b'<', ..] if bash_like => (RedirectKind::HereString, 3),
            [b'<', b'<', b'-', ..] => (RedirectKind::HereDocument { strip_tabs: true }, 3),
            [b'<', b'<', ..] => (RedirectKind::HereDocument { strip_tabs: false }, 2),
            [b'<', b'&', ..] => (RedirectKind::DuplicateInput, 2),
            [b'<', b'>', ..] => (RedirectKind::ReadWrite, 2),
            [b'<', ..] => (RedirectKind::Input, 1),
            [b'>', b'>', ..] => (RedirectKind::Append, 2),
            [b'>', b'&', ..] => (RedirectKind::DuplicateOutput, 2),
            [b'>', b'|', ..] => (RedirectKind::Output, 2),
            [b'>', ..] => (RedirectKind::Output, 1),
            _ => return false,
        };
        self.pos += length;
        let token = self.out.tokens.len();
        self.push(
            TokenKind::Redirect {
                fd,
                kind,
                body: None,
            },
            start,
            line,
        );
        if let RedirectKind::HereDocument { strip_tabs } = kind {
            self.here_delimiter(token, strip_tabs);
        }
        true
    }

    /// Reads the delimiter word after `<<`, which is not expanded: quote
    /// removal gives the delimiter, and any quote stops body expansion.
    fn here_delimiter(&mut self, token: usize, strip_tabs: bool) {
        while self.pos < self.bytes.len() && is_blank(self.bytes[self.pos]) {
            self.pos += 1;
        }
        let start = self.pos;
        let mut delimiter = String::new();
        let mut quoted = false;
        while self.pos < self.bytes.len() && !ends_word(self.bytes[self.pos]) {
            match self.bytes[self.pos] {
                quote @ (b'\'' | b'"') => {
                    quoted = true;
                    self.pos += 1;
                    let end = self.bytes[self.pos..]
                        .iter()
                        .position(|&byte| byte == quote)
                        .map_or(self.bytes.len(), |offset| self.pos + offset);
                    delimiter.push_str(&self.src[self.pos..end]);
                    self.pos = (end + 1).min(self.bytes.len());
                }
                b'\\' => {
                    quoted = true;
                    self.pos += 1;
                    if let Some(c) = self.src[self.pos..].chars().next() {
                        delimiter.push(c);
                        self.pos += c.len_utf8();
                    }
                }
                _ => {
                    let c = self.src[self.pos..].chars().next().unwrap_or('\0');
                    delimiter.push(c);
                    self.pos += c.len_utf8().max(1);
                }
            }
        }
        if self.pos == start {
            return;
        }
        self.pending.push(PendingHere {
            token,
            delimiter,
            strip_tabs,
            expand: !quoted,
        });
    }

    /// Reads the bodies of the here-documents opened on the line just ended.
    fn read_here_bodies(&mut self) {
        for pending in std::mem::take(&mut self.pending) {
            let mut body = String::new();
            let mut closed = false;
            while self.pos < self.bytes.len() {
                let end = self.bytes[self.pos..]
                    .iter()
                    .position(|&byte| byte == b'\n')
                    .map_or(self.bytes.len(), |offset| self.pos + offset);
                let raw = &self.src[self.pos..end];
                self.pos = (end + 1).min(self.bytes.len());
                self.line += 1;
                let line = if pending.strip_tabs {
                    raw.trim_start_matches('\t')
                } else {
                    raw
                };
                if line == pending.delimiter {
                    closed = true;
                    break;
                }
                body.push_str(line);
                body.push('\n');
            }
            if !closed {
                self.out.open_here_documents.push(pending.delimiter.clone());
            }
            let parts = if pending.expand {
                here_parts(&body)
            } else {
                vec![Part::Quoted(body)]
            };
            if let Some(Token {
                kind: TokenKind::Redirect { body: slot, .. },
                ..
            }) = self.out.tokens.get_mut(pending.token)
            {
                *slot = Some(HereBody { parts });
            }
        }
    }

    fn word(&mut self) -> Result<(), LexError> {
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
    fn literal_run(&mut self, literal: &mut String) {
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

    fn backslash(&mut self, parts: &mut Vec<Part>, literal: &mut String) {
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

    fn single_quoted(&mut self) -> Result<String, LexError> {
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

    fn double_quoted(&mut self) -> Result<Vec<Part>, LexError> {
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
    fn dollar(&mut self) -> Result<Option<Part>, LexError> {
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

    fn unterminated(&self, offset: usize, line: usize) -> LexError {
        LexError {
            kind: Unterminated::Expansion,
            line,
            offset,
        }
    }

    /// Skips to the `}` that closes a `${`, over nested `${…}`, quotes and
    /// escapes.
    fn skip_braced(&mut self, start: usize) -> Result<(), LexError> {
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
    fn skip_parenthesised(&mut self, start: usize, closers: usize) -> Result<(), LexError> {
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

    fn backquoted(&mut self) -> Result<(), LexError> {
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

fn flush(parts: &mut Vec<Part>, literal: &mut String) {
    if !literal.is_empty() {
        parts.push(Part::Literal(std::mem::take(literal)));
    }
}

fn flush_quoted(parts: &mut Vec<Part>, text: &mut String) {
    if !text.is_empty() {
        parts.push(Part::Quoted(std::mem::take(text)));
    }
}

/// Splits an unquoted here-document body into parts: `$` expansions,
/// substitutions, and text in which `\` escapes only `$`, `` ` ``, `\` and a
/// newline.
pub(crate) fn here_parts(body: &str) -> Vec<Part> {
    let mut lexer = Lexer {
        src: body,
        bytes: body.as_bytes(),
        pos: 0,
        line: 1,
        kind: ShellKind::Dash,
        out: Lexed::default(),
        pending: Vec::new(),
    };
    let mut parts = Vec::new();
    let mut text = String::new();
    while lexer.pos < lexer.bytes.len() {
        match lexer.bytes[lexer.pos] {
            b'\\' => {
                lexer.pos += 1;
                match body[lexer.pos..].chars().next() {
                    Some('\n') => lexer.pos += 1,
                    Some(c @ ('$' | '`' | '\\')) => {
                        text.push(c);
                        lexer.pos += 1;
                    }
                    _ => text.push('\\'),
                }
            }
            b'$' => match lexer.dollar() {
                Ok(Some(part)) => {
                    flush_quoted(&mut parts, &mut text);
                    parts.push(part);
                }
                Ok(None) => text.push('$'),
                Err(_) => text.push_str(&body[lexer.pos.min(body.len())..]),
            },
            b'`' => {
                flush_quoted(&mut parts, &mut text);
                if lexer.backquoted().is_err() {
                    break;
                }
                parts.push(Part::Substitution(Substitution::Command));
            }
            _ => {
                let c = body[lexer.pos..].chars().next().unwrap_or('\0');
                text.push(c);
                lexer.pos += c.len_utf8().max(1);
            }
        }
    }
    flush_quoted(&mut parts, &mut text);
    parts
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(script: &str) -> Vec<String> {
        lex(script, ShellKind::Bash)
            .unwrap()
            .tokens
            .iter()
            .map(|token| match &token.kind {
                TokenKind::Word(word) => format!("w{:?}", word.parts),
                TokenKind::Operator(operator) => operator.as_str().to_string(),
                TokenKind::Redirect { fd, kind, .. } => {
                    format!(
                        "{}{}",
                        fd.map(|fd| fd.to_string()).unwrap_or_default(),
                        kind.as_str()
                    )
                }
                TokenKind::Newline => "NL".into(),
            })
            .collect()
    }

    #[test]
    fn operators_and_words_table() {
        let cases: &[(&str, &[&str])] = &[
            ("a && b", &["w[Literal(\"a\")]", "&&", "w[Literal(\"b\")]"]),
            (
                "a||b;c",
                &[
                    "w[Literal(\"a\")]",
                    "||",
                    "w[Literal(\"b\")]",
                    ";",
                    "w[Literal(\"c\")]",
                ],
            ),
            ("a 2>&1", &["w[Literal(\"a\")]", "2>&", "w[Literal(\"1\")]"]),
            (
                "a &>/dev/null",
                &["w[Literal(\"a\")]", "&>", "w[Literal(\"/dev/null\")]"],
            ),
            ("a2>x", &["w[Literal(\"a2\")]", ">", "w[Literal(\"x\")]"]),
            (
                "a # c\nb",
                &["w[Literal(\"a\")]", "NL", "w[Literal(\"b\")]"],
            ),
            ("a \\\n b", &["w[Literal(\"a\")]", "w[Literal(\"b\")]"]),
            ("x=$Y", &["w[Literal(\"x=\"), Parameter(\"$Y\")]"]),
            ("'a b'\\*", &["w[Quoted(\"a b\"), Quoted(\"*\")]"]),
            (
                "\"a $B c\"",
                &["w[DoubleQuoted([Quoted(\"a \"), Parameter(\"$B\"), Quoted(\" c\")])]"],
            ),
            (
                "${A:-\"}\"}x",
                &["w[Parameter(\"${A:-\\\"}\\\"}\"), Literal(\"x\")]"],
            ),
            ("$(a \")\")b", &["w[Substitution(Command), Literal(\"b\")]"]),
            ("$((1+(2)))", &["w[Substitution(Arithmetic)]"]),
            (
                "a$ $1x",
                &["w[Literal(\"a$\")]", "w[Parameter(\"$1\"), Literal(\"x\")]"],
            ),
        ];
        for (script, expected) in cases {
            assert_eq!(kinds(script), *expected, "{script:?}");
        }
    }

    #[test]
    fn dash_reads_ampersand_greater_as_background() {
        let tokens = lex("a &>x", ShellKind::Dash).unwrap().tokens;
        assert!(matches!(
            tokens[1].kind,
            TokenKind::Operator(Operator::Background)
        ));
    }

    #[test]
    fn here_document_bodies() {
        let lexed = lex("cat <<EOF >f\nhello $USER\nEOF\necho done", ShellKind::Dash).unwrap();
        let TokenKind::Redirect {
            body: Some(body), ..
        } = &lexed.tokens[1].kind
        else {
            panic!("no here-document: {:?}", lexed.tokens);
        };
        assert_eq!(
            body.parts,
            [
                Part::Quoted("hello ".into()),
                Part::Parameter("$USER".into()),
                Part::Quoted("\n".into())
            ]
        );
        assert!(lexed.open_here_documents.is_empty());
        let last = lexed.tokens.last().unwrap();
        assert_eq!(last.line, 4);

        let quoted = lex("cat <<'EOF'\n$X\nEOF", ShellKind::Dash).unwrap();
        let TokenKind::Redirect {
            body: Some(body), ..
        } = &quoted.tokens[1].kind
        else {
            panic!("no here-document");
        };
        assert_eq!(body.parts, [Part::Quoted("$X\n".into())]);

        let open = lex("cat <<EOF\nabc", ShellKind::Dash).unwrap();
        assert_eq!(open.open_here_documents, ["EOF"]);
    }

    #[test]
    fn unterminated_quotes_are_errors() {
        let error = lex("echo 'abc", ShellKind::Dash).unwrap_err();
        assert_eq!(error.kind, Unterminated::SingleQuote);
        let error = lex("echo \"abc", ShellKind::Dash).unwrap_err();
        assert_eq!(error.kind, Unterminated::DoubleQuote);
        let error = lex("echo ${abc", ShellKind::Dash).unwrap_err();
        assert_eq!(error.kind, Unterminated::Expansion);
    }

    #[test]
    fn trailing_backslash_is_reported() {
        assert!(
            lex("echo a \\", ShellKind::Dash)
                .unwrap()
                .trailing_backslash
        );
    }

    #[test]
    fn multibyte_text_survives() {
        let lexed = lex("echo héllo'ü'\\é", ShellKind::Dash).unwrap();
        let TokenKind::Word(word) = &lexed.tokens[1].kind else {
            panic!("no word");
        };
        assert_eq!(
            word.parts,
            [
                Part::Literal("héllo".into()),
                Part::Quoted("ü".into()),
                Part::Quoted("é".into())
            ]
        );
    }
}
