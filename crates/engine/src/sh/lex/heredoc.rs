//! Here-documents: the delimiter after `<<`, and the body read from the
//! lines after the one that opened it.

use super::word::flush_quoted;
use super::{ends_word, is_blank, HereBody, Lexed, Lexer, Part, Substitution, Token, TokenKind};
use crate::sh::state::ShellKind;

/// A here-document waiting for its body: the token that gets it, the
/// delimiter, whether tabs are stripped and whether the body expands.
pub(super) struct PendingHere {
    pub token: usize,
    pub delimiter: String,
    pub strip_tabs: bool,
    pub expand: bool,
}

impl Lexer<'_> {
    /// Reads the delimiter word after `<<`, which is not expanded: quote
    /// removal gives the delimiter, and any quote stops body expansion.
    pub(super) fn here_delimiter(&mut self, token: usize, strip_tabs: bool) {
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
    pub(super) fn read_here_bodies(&mut self) {
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
}

/// Splits an unquoted here-document body into parts: `$` expansions,
/// substitutions, and text in which `\` escapes only `$`, `` ` ``, `\` and a
/// newline.
fn here_parts(body: &str) -> Vec<Part> {
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
