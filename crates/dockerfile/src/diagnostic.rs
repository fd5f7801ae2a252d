//! Diagnostics: errors and build-check warnings as data.
//!
//! A diagnostic stores a byte span into the source text it was found in. Line
//! and column numbers are derived from that span only when a diagnostic is
//! shown, through [`LineIndex`].

use std::ops::Range;

/// How serious a diagnostic is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Severity {
    /// The Dockerfile cannot be built.
    Error,
    /// A build check that BuildKit reports without failing the build.
    Warning,
}

/// One problem found in a Dockerfile.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Diagnostic {
    /// Whether the problem stops the build.
    pub severity: Severity,
    /// BuildKit's rule name for build checks (`JSONArgsRecommended`), or an error
    /// kind in the same style for errors (`ParseError`, `UnknownInstruction`).
    pub rule: String,
    /// Byte range in the source text that the problem concerns.
    pub span: Range<usize>,
    /// The message in BuildKit's words, without a line prefix.
    pub message: String,
    /// Extra advice or a documentation address, when BuildKit gives one.
    pub help: Option<String>,
}

impl Diagnostic {
    /// Creates an error diagnostic.
    pub fn error(rule: impl Into<String>, span: Range<usize>, message: impl Into<String>) -> Self {
        Self {
            severity: Severity::Error,
            rule: rule.into(),
            span,
            message: message.into(),
            help: None,
        }
    }

    /// Creates a warning diagnostic.
    pub fn warning(
        rule: impl Into<String>,
        span: Range<usize>,
        message: impl Into<String>,
    ) -> Self {
        Self {
            severity: Severity::Warning,
            rule: rule.into(),
            span,
            message: message.into(),
            help: None,
        }
    }

    /// Adds a help text.
    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }
}

/// Maps byte offsets in a text to 1-based line and column numbers.
///
/// Lines end at `\n` (so also at `\r\n`), as BuildKit's line scanner splits
/// them; a lone `\r` does not end a line. Columns count Unicode scalar
/// values, starting at 1.
#[derive(Clone, Debug)]
pub struct LineIndex {
    /// Byte offset of the first byte of each line.
    line_starts: Vec<usize>,
}

impl LineIndex {
    /// Builds the index for `text`.
    pub fn new(text: &str) -> Self {
        let mut line_starts = vec![0];
        let breaks = text.bytes().enumerate().filter(|&(_, byte)| byte == b'\n');
        line_starts.extend(breaks.map(|(index, _)| index + 1));
        Self { line_starts }
    }

    /// Returns the 1-based line that contains byte `offset`.
    pub fn line(&self, offset: usize) -> usize {
        match self.line_starts.binary_search(&offset) {
            Ok(index) => index + 1,
            Err(index) => index,
        }
    }

    /// Returns the 1-based line and column of byte `offset` in `text`.
    ///
    /// `text` must be the text the index was built from; an offset past its end
    /// or inside a multi-byte character is clamped to the nearest boundary before it.
    pub fn line_column(&self, text: &str, offset: usize) -> (usize, usize) {
        let mut offset = offset.min(text.len());
        while !text.is_char_boundary(offset) {
            offset -= 1;
        }
        let line = self.line(offset);
        let start = self.line_starts[line - 1].min(offset);
        let column = text[start..offset].chars().count() + 1;
        (line, column)
    }

    /// Returns the byte offset where 1-based `line` starts, if the text has it.
    pub fn line_start(&self, line: usize) -> Option<usize> {
        line.checked_sub(1)
            .and_then(|index| self.line_starts.get(index).copied())
    }

    /// Returns how many lines the text has.
    pub fn line_count(&self) -> usize {
        self.line_starts.len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_column_across_line_endings() {
        let text = "a\nbc\r\nd\re";
        let index = LineIndex::new(text);
        assert_eq!(index.line_column(text, 0), (1, 1));
        assert_eq!(index.line_column(text, 3), (2, 2));
        assert_eq!(index.line_column(text, 6), (3, 1));
        assert_eq!(index.line_column(text, 8), (3, 3));
        assert_eq!(index.line_count(), 3);
    }

    #[test]
    fn line_column_counts_characters() {
        let text = "ENV A=한국어 B";
        let index = LineIndex::new(text);
        let offset = text.find('B').unwrap();
        assert_eq!(index.line_column(text, offset), (1, 11));
    }
}
