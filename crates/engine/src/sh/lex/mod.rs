//! Splits a shell script into tokens: words with their quoting kept,
//! control operators, redirection operators and newlines.
//!
//! Words are not expanded here. Each word keeps its parts (unquoted text,
//! quoted text, `$` expansions, command substitutions) so that expansion can
//! run later against the variables of the moment, as a shell does command by
//! command, and so that pathname expansion can tell which `*` were quoted.
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

mod heredoc;
mod word;

use super::state::ShellKind;
use heredoc::PendingHere;

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

/// The kind of a token.
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

/// The construct a script left open at its end.
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
