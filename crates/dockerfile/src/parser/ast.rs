//! The syntax tree that [`parse`](super::parse) returns.
//!
//! BuildKit's parser produces a list of `Node`s whose arguments hang off a
//! linked list of strings. This module keeps the same information in typed
//! form: [`Arguments`] has one variant per argument shape that BuildKit's line
//! parsers produce, and [`dump`](super::dump) turns the tree back into
//! BuildKit's S-expression text.
//!
//! Line numbers are 1-based physical lines, where only `\n` ends a line (a
//! lone `\r` does not, as in BuildKit's line scanner). Spans are byte ranges
//! into the text given to `parse`.

use std::fmt;
use std::ops::Range;
use std::sync::Arc;

use crate::diagnostic::Diagnostic;

/// Everything [`parse`](super::parse) found in a Dockerfile.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ParseOutput {
    /// The instructions, in file order.
    pub instructions: Vec<Instruction>,
    /// The parser directives at the top of the file, in file order.
    pub directives: Vec<Directive>,
    /// The escape token in force: `\` unless an `escape` directive set `` ` ``.
    pub escape_token: char,
    /// Blank lines inside line continuations, which BuildKit accepts but
    /// reports through its `NoEmptyContinuation` build check.
    pub empty_continuations: Vec<EmptyContinuation>,
    /// Every error found, as a diagnostic with a span, in file order.
    pub diagnostics: Vec<Diagnostic>,
    /// The errors behind the diagnostics, with BuildKit's line numbers.
    pub errors: Vec<ParseError>,
    /// Index into `errors` of the error BuildKit's parser stops at, if any.
    pub(crate) first_error: Option<usize>,
}

impl ParseOutput {
    /// Returns the error that BuildKit's parser would return for this file:
    /// the first one it meets, since it stops there.
    pub fn first_error(&self) -> Option<&ParseError> {
        self.first_error.and_then(|index| self.errors.get(index))
    }

    /// Returns the value of the directive `name` (lowercase) found by the
    /// parse, if the file has it.
    pub fn directive(&self, name: &str) -> Option<&str> {
        self.directives
            .iter()
            .find(|directive| directive.name == name)
            .map(|directive| directive.value.as_str())
    }
}

/// One instruction: a logical line after continuations are joined, with the
/// heredoc bodies it reads.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Instruction {
    /// The instruction name folded to lowercase, as BuildKit dispatches on it
    /// (`run`); an unknown name is kept as written, folded.
    pub name: String,
    /// The instruction name as written (`Run`).
    pub keyword: String,
    /// The `--name=value` flags between the name and the arguments, as
    /// written with quotes and escapes removed (`--mount=type=cache,target=/x`).
    pub flags: Vec<String>,
    /// The arguments, in the shape the instruction's line parser gives them.
    pub arguments: Arguments,
    /// Heredocs opened on this line (RUN, COPY and ADD in shell form, also
    /// under ONBUILD), in opener order.
    pub heredocs: Vec<Heredoc>,
    /// BuildKit's `Original`: the joined logical line, without the escape
    /// tokens that continued it and without comment lines inside it. For
    /// the instruction inside ONBUILD, the text after ONBUILD and its flags.
    pub original: Original,
    /// Source locations of the pieces of `original`.
    pub source_map: SourceMap,
    /// Comments directly above the instruction (BuildKit's `PrevComment`).
    pub comments: Vec<String>,
    /// The instruction name in the source.
    pub keyword_span: Range<usize>,
    /// The source from the first character of the name to the end of the
    /// last line read (the last heredoc terminator, if any), without the
    /// final line break.
    pub span: Range<usize>,
    /// Line where the instruction starts.
    pub start_line: usize,
    /// Last line of the instruction, heredoc bodies included.
    pub end_line: usize,
}

impl Instruction {
    /// Returns whether the arguments are in exec (JSON) form, BuildKit's
    /// `json` attribute.
    pub fn form(&self) -> Option<Form> {
        self.arguments.form()
    }
}

/// Exec form (a JSON array of strings) or shell form (plain text).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Form {
    /// A JSON array: `CMD ["nginx", "-g", "daemon off;"]`.
    Exec,
    /// Plain text: `CMD nginx -g 'daemon off;'`.
    Shell,
}

/// An instruction's arguments, one variant per line parser in BuildKit's
/// `line_parsers.go`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Arguments {
    /// Nothing after the name and flags (`RUN` alone, `ONBUILD` alone).
    None,
    /// An instruction BuildKit's parser does not know. BuildKit keeps one
    /// empty argument for it, which the dump shows as `""`.
    Unknown,
    /// Words split on spaces and tabs: FROM and EXPOSE.
    Words(Vec<String>),
    /// The rest of the line as one string: USER, WORKDIR, STOPSIGNAL,
    /// MAINTAINER.
    Text(String),
    /// `name` or `name=value` declarations: ARG. Quotes are kept.
    Declarations(Vec<Declaration>),
    /// Key/value pairs: ENV and LABEL. Quotes are kept.
    KeyValues(Vec<KeyValue>),
    /// A command: RUN, CMD, ENTRYPOINT, SHELL.
    Command(Command),
    /// Paths or a JSON array of paths: COPY, ADD, VOLUME.
    Paths(Paths),
    /// HEALTHCHECK: a type word (`CMD`, `NONE`) and its command, if any.
    Healthcheck {
        /// The first word, as written.
        kind: String,
        /// The command after it.
        command: Option<Command>,
    },
    /// ONBUILD and the instruction it holds.
    Onbuild(Trigger),
}

impl Arguments {
    /// Returns exec or shell form for arguments that have one.
    pub fn form(&self) -> Option<Form> {
        match self {
            Arguments::Command(command) => Some(command.form()),
            Arguments::Paths(Paths::Exec(_)) => Some(Form::Exec),
            Arguments::Paths(Paths::Shell(_)) => Some(Form::Shell),
            Arguments::Healthcheck {
                command: Some(command),
                ..
            } => Some(command.form()),
            _ => None,
        }
    }
}

/// The instruction an ONBUILD holds.
///
/// BuildKit's parser accepts `ONBUILD ONBUILD ...` to any depth, so this
/// box drops its chain in a loop rather than by recursion.
#[derive(Clone, PartialEq, Eq)]
pub struct Trigger(Box<Instruction>);

impl Trigger {
    /// Wraps the instruction ONBUILD holds.
    pub fn new(instruction: Instruction) -> Self {
        Self(Box::new(instruction))
    }

    /// Returns the instruction ONBUILD holds.
    pub fn instruction(&self) -> &Instruction {
        &self.0
    }
}

impl std::ops::Deref for Trigger {
    type Target = Instruction;

    fn deref(&self) -> &Instruction {
        &self.0
    }
}

impl fmt::Debug for Trigger {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("Trigger").field(&self.0).finish()
    }
}

impl Drop for Trigger {
    fn drop(&mut self) {
        let mut next = detach_trigger(&mut self.0);
        while let Some(mut trigger) = next {
            next = detach_trigger(&mut trigger.0);
        }
    }
}

/// Takes the trigger out of an ONBUILD instruction, leaving it without
/// arguments.
fn detach_trigger(instruction: &mut Instruction) -> Option<Trigger> {
    match std::mem::replace(&mut instruction.arguments, Arguments::None) {
        Arguments::Onbuild(trigger) => Some(trigger),
        other => {
            instruction.arguments = other;
            None
        }
    }
}

/// A command in exec or shell form.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Command {
    /// The strings of a JSON array, decoded.
    Exec(Vec<String>),
    /// The text after the name and flags, as written.
    Shell(String),
}

impl Command {
    /// Returns which form the command is in.
    pub fn form(&self) -> Form {
        match self {
            Command::Exec(_) => Form::Exec,
            Command::Shell(_) => Form::Shell,
        }
    }
}

/// COPY, ADD and VOLUME arguments.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Paths {
    /// The strings of a JSON array, decoded.
    Exec(Vec<String>),
    /// Words split on spaces and tabs, quotes kept.
    Shell(Vec<String>),
}

/// One ARG declaration: `name` or `name=value`, split at the first `=`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Declaration {
    /// The text before the first `=`, or the whole word.
    pub name: String,
    /// The text after the first `=`, quotes kept; `None` without `=`.
    pub value: Option<String>,
}

/// One ENV or LABEL pair.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct KeyValue {
    /// The key, quotes kept.
    pub key: String,
    /// The value, quotes and escapes kept.
    pub value: String,
    /// The form the pair was written in.
    pub separator: Separator,
}

/// The two forms of an ENV or LABEL pair.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Separator {
    /// The legacy form `ENV key the rest of the line`; the dump shows `""`.
    Whitespace,
    /// `ENV key=value ...`; the dump shows `"="`.
    Equals,
}

impl Separator {
    /// Returns the separator as BuildKit's AST stores it.
    pub fn as_str(self) -> &'static str {
        match self {
            Separator::Whitespace => "",
            Separator::Equals => "=",
        }
    }
}

/// A heredoc: the opener `<<EOF` on an instruction line and the body lines
/// after it up to the terminator line.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Heredoc {
    /// The delimiter word with quotes removed (`EOF` for `<<"EOF"`).
    pub name: String,
    /// The file descriptor written before `<<` (`3<<EOF`), 0 when none is
    /// written; values past `u64::MAX` saturate, as Go's `ParseUint` does.
    pub file_descriptor: u64,
    /// Whether variables in the body expand: `Expand` unless some part of
    /// the delimiter was quoted.
    pub expansion: Expansion,
    /// `<<-`: leading tabs are stripped from the body lines and the
    /// terminator line.
    pub chomp: Chomp,
    /// The body lines as written, line breaks included, leading tabs not
    /// yet stripped (BuildKit strips them later); see [`Heredoc::body`].
    pub content: String,
    /// The opener word (`<<-"EOF"`) in the source.
    pub opener_span: Range<usize>,
    /// The body in the source; `content` is exactly this slice.
    pub content_span: Range<usize>,
    /// The terminator line in the source, without its line break; `None`
    /// when the file ends first.
    pub terminator_span: Option<Range<usize>>,
}

impl Heredoc {
    /// Returns the body as BuildKit uses it: with leading tabs removed from
    /// every line for `<<-`, as `ChompHeredocContent` does.
    pub fn body(&self) -> String {
        match self.chomp {
            Chomp::Keep => self.content.clone(),
            Chomp::StripTabs => strip_leading_tabs(&self.content),
        }
    }
}

fn strip_leading_tabs(content: &str) -> String {
    let mut out = String::with_capacity(content.len());
    for line in content.split_inclusive('\n') {
        out.push_str(line.trim_start_matches('\t'));
    }
    out
}

/// Whether a heredoc body has its variables expanded.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Expansion {
    /// The delimiter had no quotes: `<<EOF`.
    Expand,
    /// Some part of the delimiter was quoted: `<<"EOF"`, `<<E'O'F`.
    Literal,
}

/// Whether `<<-` asked for leading tabs to be stripped.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Chomp {
    /// `<<EOF`.
    Keep,
    /// `<<-EOF`.
    StripTabs,
}

/// A parser directive such as `# escape=\``.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Directive {
    /// The directive name, lowercase: `syntax`, `escape` or `check`.
    pub name: String,
    /// The value after `=`, trimmed of trailing white space.
    pub value: String,
    /// The line of the directive.
    pub line: usize,
    /// The whole directive line, without its line break.
    pub span: Range<usize>,
    /// The value in the source.
    pub value_span: Range<usize>,
}

/// A blank line inside a line continuation.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EmptyContinuation {
    /// Index of the instruction it belongs to, in
    /// [`ParseOutput::instructions`].
    pub instruction: usize,
    /// The blank line.
    pub line: usize,
    /// The blank line's text (spaces or nothing), without its line break.
    pub span: Range<usize>,
    /// The line BuildKit reports the warning on: the last line of the
    /// continued instruction before any heredoc body.
    pub warning_line: usize,
}

/// Text shared between an instruction and the triggers inside it: a range
/// of one joined line, so ONBUILD chains of any depth cost no copies.
#[derive(Clone)]
pub struct Original {
    text: Arc<str>,
    range: Range<usize>,
}

impl Original {
    pub(crate) fn new(text: Arc<str>, range: Range<usize>) -> Self {
        Self { text, range }
    }

    /// Returns the text.
    pub fn as_str(&self) -> &str {
        &self.text[self.range.clone()]
    }

    /// Returns the part of this text at `range`, relative to its start.
    pub(crate) fn slice(&self, range: Range<usize>) -> Self {
        let start = self.range.start + range.start;
        Self {
            text: Arc::clone(&self.text),
            range: start..start + range.len(),
        }
    }
}

impl std::ops::Deref for Original {
    type Target = str;

    fn deref(&self) -> &str {
        self.as_str()
    }
}

impl PartialEq for Original {
    fn eq(&self, other: &Self) -> bool {
        self.as_str() == other.as_str()
    }
}

impl Eq for Original {}

impl fmt::Debug for Original {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(self.as_str(), f)
    }
}

impl fmt::Display for Original {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Source locations of the pieces of an instruction's joined line.
///
/// BuildKit joins continued lines into one string; each piece is a
/// contiguous slice of one physical line. Offsets given to the methods are
/// relative to the instruction's [`original`](Instruction::original) text.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SourceMap {
    /// Non-empty pieces of the whole joined line, in order: offset in the
    /// joined line, offset in the source, length in bytes.
    pieces: Arc<[(usize, usize, usize)]>,
    /// Offset of this instruction's text in the joined line.
    offset: usize,
    /// Source offset for a joined line with no text at all.
    origin: usize,
}

impl SourceMap {
    /// Creates a map from `(joined-line offset, source range)` pieces.
    pub(crate) fn new(pieces: &[(usize, Range<usize>)], origin: usize) -> Self {
        let pieces: Vec<_> = pieces
            .iter()
            .filter(|(_, source)| !source.is_empty())
            .map(|(line_offset, source)| (*line_offset, source.start, source.len()))
            .collect();
        Self {
            pieces: pieces.into(),
            offset: 0,
            origin,
        }
    }

    /// Returns the map for the text that starts `offset` bytes into this one.
    pub(crate) fn shifted(&self, offset: usize) -> Self {
        Self {
            pieces: Arc::clone(&self.pieces),
            offset: self.offset + offset,
            origin: self.origin,
        }
    }

    /// Returns the source offset of the character at `offset`; the end of
    /// the text maps to the end of the last piece.
    pub fn source_offset(&self, offset: usize) -> usize {
        let offset = offset + self.offset;
        let index = self
            .pieces
            .partition_point(|&(start, _, _)| start <= offset);
        match index.checked_sub(1).map(|index| self.pieces[index]) {
            Some((start, source, len)) => source + (offset - start).min(len),
            None => self
                .pieces
                .first()
                .map_or(self.origin, |&(_, source, _)| source),
        }
    }

    /// Returns the source offset just after the character that ends at
    /// `offset`.
    pub fn source_end(&self, offset: usize) -> usize {
        let shifted = offset + self.offset;
        let index = self
            .pieces
            .partition_point(|&(start, _, _)| start < shifted);
        match index.checked_sub(1).map(|index| self.pieces[index]) {
            Some((start, source, len)) => source + (shifted - start).min(len),
            None => self.source_offset(offset),
        }
    }

    /// Returns the source span of `range`. A range that crosses a
    /// continuation also covers the text removed between its pieces.
    pub fn source_span(&self, range: Range<usize>) -> Range<usize> {
        let start = self.source_offset(range.start);
        let end = self.source_end(range.end).max(start);
        start..end
    }

    /// Returns the pieces of this instruction's text: each range of the
    /// text, with the source offset where it starts.
    pub fn piece_ranges(&self) -> impl Iterator<Item = (Range<usize>, usize)> + '_ {
        self.pieces
            .iter()
            .filter(move |&&(start, _, len)| start + len > self.offset)
            .map(move |&(start, source, len)| {
                let skipped = self.offset.saturating_sub(start);
                (
                    start + skipped - self.offset..start + len - self.offset,
                    source + skipped,
                )
            })
    }

    /// Returns the source ranges of `range`, one per piece it touches.
    pub fn source_ranges(&self, range: Range<usize>) -> impl Iterator<Item = Range<usize>> + '_ {
        let range = range.start + self.offset..range.end + self.offset;
        let first = self
            .pieces
            .partition_point(|&(start, _, len)| start + len <= range.start);
        self.pieces[first..]
            .iter()
            .take_while(move |&&(start, _, _)| start < range.end)
            .filter_map(move |&(start, source, len)| {
                let low = range.start.max(start);
                let high = range.end.min(start + len);
                (low < high).then(|| source + (low - start)..source + (high - start))
            })
    }
}

/// An error in BuildKit's words, with the line numbers BuildKit attaches.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ParseError {
    /// The kind of error.
    pub kind: ErrorKind,
    /// BuildKit's message, without any line prefix.
    pub message: String,
    /// First line of BuildKit's error location.
    ///
    /// For directive errors BuildKit reports the line before the directive
    /// (0 for the first line), because its line counter has not yet moved
    /// on. This field keeps that number.
    pub start_line: usize,
    /// Last line of BuildKit's error location.
    pub end_line: usize,
    /// The source the error concerns.
    pub span: Range<usize>,
}

impl fmt::Display for ParseError {
    /// Writes `dockerfile parse error on line N: MESSAGE`, the form BuildKit
    /// uses for errors tied to an instruction; errors about the whole file
    /// are written as the bare message.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.kind {
            ErrorKind::NoInstructions | ErrorKind::LineTooLong => f.write_str(&self.message),
            _ => write!(
                f,
                "dockerfile parse error on line {}: {}",
                self.start_line, self.message
            ),
        }
    }
}

impl std::error::Error for ParseError {}

/// The kinds of error BuildKit's parser reports.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ErrorKind {
    /// `only one escape parser directive can be used`.
    DuplicateDirective,
    /// `invalid escape token '~' does not match ` or \`.
    InvalidEscapeToken,
    /// `ENV must have two arguments`.
    MissingValue,
    /// `Syntax error - can't find = in "word". Must be of the form: name=value`.
    MissingEquals,
    /// `when using JSON array syntax, arrays must be comprised of strings only`.
    NonStringJsonArray,
    /// A heredoc delimiter the shell lexer rejects
    /// (`failed to process "\"EOF": ...`).
    InvalidHeredoc,
    /// `unterminated heredoc`.
    UnterminatedHeredoc,
    /// `file with no instructions`.
    NoInstructions,
    /// `dockerfile line greater than max allowed size of 65535`.
    LineTooLong,
}

impl ErrorKind {
    /// Returns the rule name used for the error's [`Diagnostic`].
    pub fn rule(self) -> &'static str {
        match self {
            ErrorKind::DuplicateDirective | ErrorKind::InvalidEscapeToken => "InvalidDirective",
            ErrorKind::InvalidHeredoc | ErrorKind::UnterminatedHeredoc => "InvalidHeredoc",
            _ => "ParseError",
        }
    }
}
