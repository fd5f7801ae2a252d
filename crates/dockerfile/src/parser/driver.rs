//! The main parse loop (BuildKit's `Parse`).
//!
//! For each physical line: collect comments, look for parser directives,
//! drop comment lines, join continued lines (skipping comment lines and
//! recording blank ones), build the instruction, then read the bodies of any
//! heredocs it opens. BuildKit stops at the first error. This loop records
//! the error and goes on, so the caller gets the whole tree and every error,
//! and [`ParseOutput::first_error`] still names the one BuildKit reports.

use std::ops::Range;
use std::sync::Arc;

use super::ast::{
    Arguments, Chomp, Directive, EmptyContinuation, ErrorKind, Form, Heredoc, Instruction,
    Original, ParseError, ParseOutput, SourceMap,
};
use super::directives::{escape_token, DirectiveParser};
use super::heredoc::{openers, Opener};
use super::lines::{
    continuation_cut, is_blank, is_comment, trim_leading_space, LineScanner, PhysicalLine,
};
use super::node::{build, Placement};
use crate::diagnostic::Diagnostic;

/// Parses `text` as BuildKit's parser does.
pub fn parse(text: &str) -> ParseOutput {
    let mut parser = Parser::new(text);
    while let Some(line) = parser.scanner.next() {
        let line = if line.number == 1 {
            line.without_bom()
        } else {
            line
        };
        parser.line(line);
    }
    parser.finish()
}

struct Parser<'a> {
    text: &'a str,
    scanner: LineScanner<'a>,
    escape: char,
    directives: DirectiveParser,
    found_directives: Vec<Directive>,
    comments: Vec<String>,
    instructions: Vec<Instruction>,
    empty_continuations: Vec<EmptyContinuation>,
    errors: Vec<ParseError>,
}

/// A logical line: continued physical lines joined.
struct Joined {
    text: String,
    pieces: Vec<(usize, Range<usize>)>,
    start: usize,
    end: usize,
    last_line: usize,
    blank_lines: Vec<(usize, Range<usize>)>,
}

impl<'a> Parser<'a> {
    fn new(text: &'a str) -> Self {
        Self {
            text,
            scanner: LineScanner::new(text),
            escape: '\\',
            directives: DirectiveParser::default(),
            found_directives: Vec::new(),
            comments: Vec::new(),
            instructions: Vec::new(),
            empty_continuations: Vec::new(),
            errors: Vec::new(),
        }
    }

    fn error(
        &mut self,
        kind: ErrorKind,
        message: String,
        lines: (usize, usize),
        span: Range<usize>,
    ) {
        let end_line = lines.1.max(lines.0);
        self.errors.push(ParseError {
            kind,
            message,
            start_line: lines.0,
            end_line,
            span,
        });
    }

    /// Handles a line that may start an instruction.
    fn line(&mut self, line: PhysicalLine<'a>) {
        self.collect_comment(&line);
        let content = line.content();
        let token = trim_leading_space(content);
        let token_start = line.start + content.len() - token.len();
        self.directive(token, token_start, &line);

        let first = if is_comment(token) { "" } else { token };
        let cut = continuation_cut(first, self.escape);
        if cut.is_none() && first.is_empty() {
            return;
        }
        let joined = self.join(first, token_start, cut, line.number);
        self.instruction(joined, line.number);
    }

    /// Keeps comments for BuildKit's `PrevComment`: a line whose first
    /// character after white space is `#`, minus its first byte, trimmed.
    /// An empty comment clears the list.
    fn collect_comment(&mut self, line: &PhysicalLine<'_>) {
        if !is_comment(line.raw) {
            return;
        }
        let text = String::from_utf8_lossy(&line.raw.as_bytes()[1..]);
        let text = text.trim();
        match text.is_empty() {
            true => self.comments.clear(),
            false => self.comments.push(text.to_owned()),
        }
    }

    fn directive(&mut self, token: &str, token_start: usize, line: &PhysicalLine<'_>) {
        let lines = (line.number - 1, line.number - 1);
        let span = token_start..token_start + token.len();
        let found = match self.directives.parse_line(token) {
            Ok(Some(found)) => found,
            Ok(None) => return,
            Err(message) => {
                self.comments.pop();
                return self.error(ErrorKind::DuplicateDirective, message, lines, span);
            }
        };
        self.comments.pop();
        let value = &token[found.value.clone()];
        if found.name == "escape" {
            match escape_token(value) {
                Ok(escape) => self.escape = escape,
                Err(message) => {
                    return self.error(ErrorKind::InvalidEscapeToken, message, lines, span)
                }
            }
        }
        let value_span = token_start + found.value.start..token_start + found.value.end;
        self.found_directives.push(Directive {
            name: found.name,
            value: value.to_owned(),
            line: line.number,
            span,
            value_span,
        });
    }

    /// Joins `first` (already trimmed, cut at `cut` when it continues) with
    /// the lines that continue it.
    fn join(&mut self, first: &str, start: usize, cut: Option<usize>, number: usize) -> Joined {
        let kept = cut.unwrap_or(first.len());
        let mut joined = Joined {
            text: first[..kept].to_owned(),
            pieces: vec![(0, start..start + kept)],
            start,
            end: start + first.len(),
            last_line: number,
            blank_lines: Vec::new(),
        };
        let mut continues = cut.is_some();
        while continues {
            let Some(line) = self.scanner.next() else {
                break;
            };
            joined.last_line = line.number;
            joined.end = line.content_span().end;
            if is_comment(line.raw) {
                continue;
            }
            let content = line.content();
            if is_blank(content) {
                joined.blank_lines.push((line.number, line.content_span()));
                continue;
            }
            let cut = continuation_cut(content, self.escape);
            continues = cut.is_some();
            let kept = cut.unwrap_or(content.len());
            joined
                .pieces
                .push((joined.text.len(), line.start..line.start + kept));
            joined.text.push_str(&content[..kept]);
        }
        joined
    }

    fn instruction(&mut self, joined: Joined, start_line: usize) {
        let index = self.instructions.len();
        for (line, span) in joined.blank_lines {
            let blank = EmptyContinuation {
                instruction: index,
                line,
                span,
                warning_line: joined.last_line,
            };
            self.empty_continuations.push(blank);
        }
        let lines = (start_line, joined.last_line);
        let length = joined.text.len();
        let original = Original::new(Arc::from(joined.text), 0..length);
        let source_map = SourceMap::new(&joined.pieces, joined.start);
        let placement = Placement {
            lines,
            comments: std::mem::take(&mut self.comments),
        };
        let (mut instruction, error) = build(original, source_map, self.escape, placement);
        instruction.span = joined.start..joined.end;
        if let Some(error) = error {
            self.error(error.kind, error.message, lines, instruction.span.clone());
        }
        if can_contain_heredoc(&instruction) && instruction.original.contains("<<") {
            self.heredocs(&mut instruction);
        }
        self.instructions.push(instruction);
    }

    /// Reads the bodies of the heredocs `instruction` opens.
    fn heredocs(&mut self, instruction: &mut Instruction) {
        let lines = (instruction.start_line, instruction.end_line);
        let found = match openers(&instruction.original) {
            Ok(found) => found,
            Err(message) => {
                return self.error(
                    ErrorKind::InvalidHeredoc,
                    message,
                    lines,
                    instruction.span.clone(),
                )
            }
        };
        for opener in found {
            let heredoc = self.heredoc_body(opener, &instruction.source_map);
            instruction.end_line = self.scanner.lines_read();
            match &heredoc.terminator_span {
                Some(terminator) => instruction.span.end = terminator.end,
                None => instruction.span.end = heredoc.content_span.end.max(instruction.span.end),
            }
            let unterminated = heredoc.terminator_span.is_none();
            instruction.heredocs.push(heredoc);
            if unterminated {
                let lines = (instruction.start_line, instruction.end_line);
                let span = instruction.span.clone();
                return self.error(
                    ErrorKind::UnterminatedHeredoc,
                    "unterminated heredoc".into(),
                    lines,
                    span,
                );
            }
        }
    }

    /// Reads lines up to the heredoc's terminator line: the delimiter alone
    /// on a line, after leading tabs for `<<-`.
    fn heredoc_body(&mut self, opener: Opener, source_map: &SourceMap) -> Heredoc {
        let content_start = self.scanner.position();
        let mut content_end = content_start;
        let mut terminator_span = None;
        for line in self.scanner.by_ref() {
            let mut candidate = line.content();
            if opener.chomp == Chomp::StripTabs {
                candidate = candidate.trim_start_matches('\t');
            }
            if candidate == opener.name {
                terminator_span = Some(line.content_span());
                break;
            }
            content_end = line.start + line.raw.len();
        }
        Heredoc {
            name: opener.name,
            file_descriptor: opener.file_descriptor,
            expansion: opener.expansion,
            chomp: opener.chomp,
            content: self.text[content_start..content_end].to_owned(),
            opener_span: source_map.source_span(opener.span),
            content_span: content_start..content_end,
            terminator_span,
        }
    }

    fn finish(mut self) -> ParseOutput {
        let lines_read = self.scanner.lines_read();
        if self.instructions.is_empty() {
            let span = 0..self.text.len();
            self.error(
                ErrorKind::NoInstructions,
                "file with no instructions".into(),
                (lines_read, 0),
                span,
            );
        }
        if let Some(span) = self.scanner.too_long() {
            let message = format!(
                "dockerfile line greater than max allowed size of {}",
                super::lines::MAX_LINE_BYTES
            );
            self.error(ErrorKind::LineTooLong, message, (lines_read, 0), span);
        }
        let diagnostics = self.errors.iter().map(to_diagnostic).collect();
        let first_error = (!self.errors.is_empty()).then_some(0);
        ParseOutput {
            instructions: self.instructions,
            directives: self.found_directives,
            escape_token: self.escape,
            empty_continuations: self.empty_continuations,
            diagnostics,
            errors: self.errors,
            first_error,
        }
    }
}

/// RUN, COPY and ADD in shell form can open heredocs, also as the
/// instruction an ONBUILD holds.
fn can_contain_heredoc(instruction: &Instruction) -> bool {
    let target = match &instruction.arguments {
        Arguments::Onbuild(trigger) => trigger.instruction(),
        _ => instruction,
    };
    matches!(target.name.as_str(), "run" | "copy" | "add") && target.form() != Some(Form::Exec)
}

fn to_diagnostic(error: &ParseError) -> Diagnostic {
    Diagnostic::error(error.kind.rule(), error.span.clone(), error.message.clone())
}
