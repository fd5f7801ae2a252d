//! Syntax highlighting for the editor, from the parser's own reading of the
//! file.
//!
//! [`tokens`] parses the text, then walks it once, in order: parser
//! directives, comment lines, and each instruction (name, flags, arguments,
//! the escape tokens that continue it, comment lines inside it, heredoc
//! openers, bodies and terminators). Arguments in exec form are lexed as
//! JSON; other arguments get a small shell-like lexer for quotes, variable
//! references and operators. Tokens come out sorted, never overlap, are never
//! empty, start and end on character boundaries, and cover no line breaks.
//! White space between tokens gets no token. The work is linear in the
//! length of the text, and any text is accepted, valid Dockerfile or not.

use std::ops::Range;

use crate::parser::{self, Arguments, Form, Instruction, ParseOutput};

/// The kind of text a token covers, which decides its colour.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum TokenClass {
    /// An instruction name (`RUN`), and the `CMD`/`NONE` word of HEALTHCHECK.
    Keyword,
    /// A `--name=value` flag.
    Flag,
    /// A comment line.
    Comment,
    /// A parser directive line (`# syntax=...`).
    Directive,
    /// A quoted string, or a string in a JSON array.
    String,
    /// A variable reference: `$name`, `${name}`, `${name:-default}`.
    Variable,
    /// A line of a heredoc body.
    HeredocBody,
    /// A heredoc opener (`<<EOF`) or terminator line (`EOF`).
    HeredocDelimiter,
    /// `[`, `]` and `,` of a JSON array.
    JsonPunctuation,
    /// Shell operators (`&&`, `|`, `>`), `=` in ENV, LABEL and ARG, a lone
    /// `--`, and the escape token that continues a line.
    Operator,
    /// Any other text.
    Plain,
}

/// A classified range of the text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Token {
    /// Byte range in the text.
    pub span: Range<usize>,
    /// The kind of text.
    pub class: TokenClass,
}

/// Returns the tokens of `text`, sorted by position.
pub fn tokens(text: &str) -> Vec<Token> {
    let output = parser::parse(text);
    let mut sink = Sink {
        text,
        tokens: Vec::new(),
    };
    walk_file(&output, &mut sink);
    sink.tokens
}

/// Collects tokens, dropping empty ones and line breaks.
struct Sink<'a> {
    text: &'a str,
    tokens: Vec<Token>,
}

impl Sink<'_> {
    /// Adds a token for `span`, cut at line breaks.
    fn push(&mut self, span: Range<usize>, class: TokenClass) {
        let start = self
            .tokens
            .last()
            .map_or(span.start, |last| span.start.max(last.span.end));
        let end = span.end.min(self.text.len());
        if start >= end || !self.text.is_char_boundary(start) || !self.text.is_char_boundary(end) {
            return;
        }
        let mut from = start;
        for line in self.text[start..end].split_inclusive('\n') {
            let content = line.trim_end_matches(['\n', '\r']);
            if !content.is_empty() {
                self.tokens.push(Token {
                    span: from..from + content.len(),
                    class,
                });
            }
            from += line.len();
        }
    }
}

/// Walks the physical lines, handing each instruction's lines to
/// [`walk_instruction`].
fn walk_file(output: &ParseOutput, sink: &mut Sink<'_>) {
    let text = sink.text;
    let mut instructions = output.instructions.iter().peekable();
    let mut directives = output.directives.iter().peekable();
    let parsed_end = output.instructions.last().map_or(0, |last| last.span.end);
    let mut position = 0;
    while position < text.len() {
        if let Some(instruction) =
            instructions.next_if(|next| next.span.start < line_end(text, position))
        {
            walk_instruction(instruction, output.escape_token, sink);
            position = next_line(text, instruction.span.end.max(position));
            continue;
        }
        let end = line_end(text, position);
        let line = &text[position..end];
        let content = line.trim_start();
        let content_start = end - content.len();
        if directives
            .next_if(|directive| directive.span.start < end)
            .is_some()
        {
            sink.push(content_start..end, TokenClass::Directive);
        } else if content.starts_with('#') {
            sink.push(content_start..end, TokenClass::Comment);
        } else if !content.is_empty() && position >= parsed_end {
            sink.push(content_start..end, TokenClass::Plain);
        }
        position = next_line(text, end);
    }
}

/// Returns the end of the line at `position`, before its line break.
fn line_end(text: &str, position: usize) -> usize {
    text[position..]
        .find('\n')
        .map_or(text.len(), |index| position + index)
}

/// Returns the start of the line after the one containing `position`.
fn next_line(text: &str, position: usize) -> usize {
    text[position.min(text.len())..]
        .find('\n')
        .map_or(text.len(), |index| position + index + 1)
}

/// Emits the tokens of one instruction: its joined line mapped back to the
/// source piece by piece, with what lies between the pieces, then its
/// heredoc bodies.
fn walk_instruction(instruction: &Instruction, escape: char, sink: &mut Sink<'_>) {
    let line_tokens = lex_instruction(instruction, escape);
    let mut next_token = 0;
    let mut previous_end = None;
    for (range, source) in instruction.source_map.piece_ranges() {
        if let Some(end) = previous_end {
            walk_gap(end..source, escape, sink);
        }
        while let Some((token_range, class)) = line_tokens.get(next_token) {
            if token_range.start >= range.end {
                break;
            }
            let low = token_range.start.max(range.start);
            let high = token_range.end.min(range.end);
            if low < high {
                sink.push(
                    source + (low - range.start)..source + (high - range.start),
                    *class,
                );
            }
            if token_range.end > range.end {
                break;
            }
            next_token += 1;
        }
        previous_end = Some(source + range.len());
    }
    let tail_end = instruction
        .heredocs
        .first()
        .map_or(instruction.span.end, |heredoc| heredoc.content_span.start);
    if let Some(end) = previous_end {
        walk_gap(end..tail_end, escape, sink);
    }
    for heredoc in &instruction.heredocs {
        sink.push(heredoc.content_span.clone(), TokenClass::HeredocBody);
        if let Some(terminator) = &heredoc.terminator_span {
            sink.push(terminator.clone(), TokenClass::HeredocDelimiter);
        }
    }
}

/// Text that the joined line leaves out: continuation escape tokens and
/// comment lines.
fn walk_gap(gap: Range<usize>, escape: char, sink: &mut Sink<'_>) {
    let text = sink.text;
    if gap.start >= gap.end || gap.end > text.len() {
        return;
    }
    let mut position = gap.start;
    for line in text[gap.clone()].split_inclusive('\n') {
        let content = line.trim_end_matches(['\n', '\r']);
        let trimmed = content.trim_start();
        let start = position + content.len() - trimmed.len();
        if trimmed.starts_with('#') {
            sink.push(start..position + content.len(), TokenClass::Comment);
        } else if trimmed.starts_with(escape) {
            sink.push(start..start + escape.len_utf8(), TokenClass::Operator);
        }
        position += line.len();
    }
}

/// A token in joined-line coordinates.
type LineToken = (Range<usize>, TokenClass);

/// Lexes the joined line: names, flags and arguments, through any chain of
/// ONBUILD.
fn lex_instruction(instruction: &Instruction, escape: char) -> Vec<LineToken> {
    let line: &str = &instruction.original;
    let mut tokens = Vec::new();
    let mut offset = 0;
    let mut current = instruction;
    loop {
        let split = parser::split_command::split_command(&line[offset..], escape);
        tokens.push((
            offset + split.keyword.start..offset + split.keyword.end,
            TokenClass::Keyword,
        ));
        lex_flags(
            &line[offset..],
            split.keyword.end..split.arguments_range.start,
            offset,
            &mut tokens,
        );
        let arguments = offset + split.arguments_range.start..offset + split.arguments_range.end;
        if arguments.end > line.len() {
            return tokens;
        }
        match &current.arguments {
            Arguments::Onbuild(trigger) => {
                offset = arguments.start;
                current = trigger.instruction();
            }
            _ => {
                lex_arguments(line, arguments, current, escape, &mut tokens);
                return tokens;
            }
        }
    }
}

fn lex_flags(line: &str, region: Range<usize>, offset: usize, tokens: &mut Vec<LineToken>) {
    let Some(text) = line.get(region.clone()) else {
        return;
    };
    let mut position = region.start;
    for word in text.split(crate::parser::go::is_space) {
        if !word.is_empty() {
            let class = if word == "--" {
                TokenClass::Operator
            } else {
                TokenClass::Flag
            };
            tokens.push((offset + position..offset + position + word.len(), class));
        }
        position += word.len() + next_char_len(line, position + word.len());
    }
}

fn next_char_len(text: &str, position: usize) -> usize {
    text.get(position..)
        .and_then(|rest| rest.chars().next())
        .map_or(1, char::len_utf8)
}

fn lex_arguments(
    line: &str,
    range: Range<usize>,
    instruction: &Instruction,
    escape: char,
    tokens: &mut Vec<LineToken>,
) {
    let mut start = range.start;
    if let Arguments::Healthcheck { kind, .. } = &instruction.arguments {
        tokens.push((start..start + kind.len(), TokenClass::Keyword));
        start += kind.len();
    }
    let Some(text) = line.get(start..range.end) else {
        return;
    };
    match instruction.form() {
        Some(Form::Exec) => lex_json(text, start, tokens),
        _ => {
            let openers = match instruction.heredocs.is_empty() {
                true => Vec::new(),
                false => parser::heredoc::openers(line)
                    .unwrap_or_default()
                    .into_iter()
                    .map(|o| o.span)
                    .collect(),
            };
            let assignments = matches!(instruction.name.as_str(), "env" | "label" | "arg");
            ShellLexer {
                text,
                offset: start,
                escape,
                assignments,
                openers,
                tokens,
            }
            .run();
        }
    }
}

fn lex_json(text: &str, offset: usize, tokens: &mut Vec<LineToken>) {
    let bytes = text.as_bytes();
    let mut position = 0;
    while position < bytes.len() {
        let start = position;
        match bytes[position] {
            b'[' | b']' | b',' => {
                position += 1;
                tokens.push((
                    offset + start..offset + position,
                    TokenClass::JsonPunctuation,
                ));
            }
            b'"' => {
                position = quoted_end(bytes, position, b'"', Some(b'\\'));
                tokens.push((offset + start..offset + position, TokenClass::String));
            }
            byte if byte.is_ascii_whitespace() => position += 1,
            _ => {
                while position < bytes.len() && !b"[],\" \t".contains(&bytes[position]) {
                    position += 1;
                }
                tokens.push((offset + start..offset + position, TokenClass::Plain));
            }
        }
    }
}

/// Returns the position after the quote that closes the one at `start`, or
/// the end of the text.
fn quoted_end(bytes: &[u8], start: usize, quote: u8, escape: Option<u8>) -> usize {
    let mut position = start + 1;
    while position < bytes.len() {
        match bytes[position] {
            byte if Some(byte) == escape => position += 2,
            byte if byte == quote => return position + 1,
            _ => position += 1,
        }
    }
    bytes.len()
}

/// A shell-like lexer for arguments in shell form.
struct ShellLexer<'a, 't> {
    text: &'a str,
    offset: usize,
    escape: char,
    assignments: bool,
    openers: Vec<Range<usize>>,
    tokens: &'t mut Vec<LineToken>,
}

impl ShellLexer<'_, '_> {
    fn push(&mut self, range: Range<usize>, class: TokenClass) {
        if range.start < range.end {
            self.tokens
                .push((self.offset + range.start..self.offset + range.end, class));
        }
    }

    fn run(mut self) {
        let bytes = self.text.as_bytes();
        let escape = self.escape as u8;
        let mut openers = std::mem::take(&mut self.openers).into_iter().peekable();
        let mut position = 0;
        let mut plain_start = None;
        while position < bytes.len() {
            if let Some(opener) = openers.next_if(|opener| opener.start <= self.offset + position) {
                self.flush(&mut plain_start, position);
                let end = opener
                    .end
                    .saturating_sub(self.offset)
                    .clamp(position, bytes.len());
                self.push(position..end, TokenClass::HeredocDelimiter);
                position = end.max(position + 1);
                continue;
            }
            let start = position;
            let (end, class) = match bytes[position] {
                b' ' | b'\t' => {
                    self.flush(&mut plain_start, position);
                    position += 1;
                    continue;
                }
                byte if byte == escape => (position + 2, TokenClass::Plain),
                b'\'' => (quoted_end(bytes, position, b'\'', None), TokenClass::String),
                b'"' => {
                    self.flush(&mut plain_start, position);
                    position = self.double_quoted(position);
                    continue;
                }
                b'$' => (variable_end(bytes, position), TokenClass::Variable),
                b'&' | b'|' | b';' | b'>' | b'<' | b'(' | b')' => {
                    (operator_end(bytes, position), TokenClass::Operator)
                }
                b'=' if self.assignments => (position + 1, TokenClass::Operator),
                _ => {
                    plain_start.get_or_insert(position);
                    position += 1;
                    continue;
                }
            };
            self.flush(&mut plain_start, start);
            let end = char_boundary(self.text, end.min(bytes.len()));
            self.push(start..end, class);
            position = end.max(start + 1);
        }
        self.flush(&mut plain_start, bytes.len());
    }

    fn flush(&mut self, plain_start: &mut Option<usize>, end: usize) {
        if let Some(start) = plain_start.take() {
            let end = char_boundary(self.text, end);
            self.push(char_boundary(self.text, start)..end, TokenClass::Plain);
        }
    }

    /// Emits a double-quoted string, with its variable references as
    /// separate tokens; returns the position after it.
    fn double_quoted(&mut self, start: usize) -> usize {
        let bytes = self.text.as_bytes();
        let end = quoted_end(bytes, start, b'"', Some(self.escape as u8)).min(bytes.len());
        let mut segment = start;
        let mut position = start + 1;
        while position < end {
            match bytes[position] {
                byte if byte == self.escape as u8 => position += 2,
                b'$' => {
                    let variable = variable_end(bytes, position).min(end);
                    self.push(segment..position, TokenClass::String);
                    self.push(position..variable, TokenClass::Variable);
                    segment = variable;
                    position = variable.max(position + 1);
                }
                _ => position += 1,
            }
        }
        let end = char_boundary(self.text, end);
        self.push(segment..end, TokenClass::String);
        end
    }
}

/// Returns the end of the variable reference at `start` (a `$`).
fn variable_end(bytes: &[u8], start: usize) -> usize {
    let position = start + 1;
    match bytes.get(position) {
        Some(b'{') => bytes[position..]
            .iter()
            .position(|&b| b == b'}')
            .map_or(bytes.len(), |at| position + at + 1),
        Some(byte) if byte.is_ascii_alphabetic() || *byte == b'_' => {
            position
                + bytes[position..]
                    .iter()
                    .take_while(|b| b.is_ascii_alphanumeric() || **b == b'_')
                    .count()
        }
        Some(byte) if byte.is_ascii_digit() || b"@*#?-$!".contains(byte) => position + 1,
        _ => position,
    }
}

fn operator_end(bytes: &[u8], start: usize) -> usize {
    match (bytes[start], bytes.get(start + 1)) {
        (b'&', Some(b'&')) | (b'|', Some(b'|')) | (b'>', Some(b'>')) | (b'<', Some(b'<')) => {
            start + 2
        }
        _ => start + 1,
    }
}

/// Moves `position` forward to a character boundary.
fn char_boundary(text: &str, mut position: usize) -> usize {
    while position < text.len() && !text.is_char_boundary(position) {
        position += 1;
    }
    position.min(text.len())
}

#[cfg(test)]
mod tests {
    use super::*;
    use TokenClass::*;

    fn classes(text: &str) -> Vec<(&str, TokenClass)> {
        tokens(text)
            .into_iter()
            .map(|token| (&text[token.span], token.class))
            .collect()
    }

    #[test]
    fn instruction_tokens() {
        let text = "# syntax=docker/dockerfile:1\n# hello\nFROM alpine AS build\nRUN --mount=type=cache,target=/x echo \"hi $USER\" && ls > /dev/null\n";
        assert_eq!(
            classes(text),
            [
                ("# syntax=docker/dockerfile:1", Directive),
                ("# hello", Comment),
                ("FROM", Keyword),
                ("alpine", Plain),
                ("AS", Plain),
                ("build", Plain),
                ("RUN", Keyword),
                ("--mount=type=cache,target=/x", Flag),
                ("echo", Plain),
                ("\"hi ", String),
                ("$USER", Variable),
                ("\"", String),
                ("&&", Operator),
                ("ls", Plain),
                (">", Operator),
                ("/dev/null", Plain),
            ]
        );
    }

    #[test]
    fn exec_form_and_env() {
        assert_eq!(
            classes("CMD [\"a\", \"b\"]\nENV A=${B:-x} C='d'"),
            [
                ("CMD", Keyword),
                ("[", JsonPunctuation),
                ("\"a\"", String),
                (",", JsonPunctuation),
                ("\"b\"", String),
                ("]", JsonPunctuation),
                ("ENV", Keyword),
                ("A", Plain),
                ("=", Operator),
                ("${B:-x}", Variable),
                ("C", Plain),
                ("=", Operator),
                ("'d'", String),
            ]
        );
    }

    #[test]
    fn continuations_and_heredocs() {
        assert_eq!(
            classes("RUN a \\\n  # note\n  b\nCOPY <<EOF /x\nbody\nEOF\n"),
            [
                ("RUN", Keyword),
                ("a", Plain),
                ("\\", Operator),
                ("# note", Comment),
                ("b", Plain),
                ("COPY", Keyword),
                ("<<EOF", HeredocDelimiter),
                ("/x", Plain),
                ("body", HeredocBody),
                ("EOF", HeredocDelimiter),
            ]
        );
    }

    #[test]
    fn onbuild_and_healthcheck() {
        assert_eq!(
            classes("ONBUILD RUN x\nHEALTHCHECK --interval=5s CMD [\"c\"]"),
            [
                ("ONBUILD", Keyword),
                ("RUN", Keyword),
                ("x", Plain),
                ("HEALTHCHECK", Keyword),
                ("--interval=5s", Flag),
                ("CMD", Keyword),
                ("[", JsonPunctuation),
                ("\"c\"", String),
                ("]", JsonPunctuation),
            ]
        );
    }

    #[test]
    fn invalid_input_still_highlights() {
        assert_eq!(
            classes("ENV a\n\"unterminated"),
            [("ENV", Keyword), ("a", Plain), ("\"unterminated", Keyword)]
        );
    }
}
