//! Physical lines: splitting, line breaks, comments and line continuations.
//!
//! BuildKit reads a Dockerfile with a line scanner that splits only at `\n`
//! and keeps the line break on each line; `\r` counts as part of a line break
//! only when it ends a line. A line longer than 65,535 bytes stops the scanner
//! (Go's `bufio.Scanner` limit), and BuildKit then reports
//! `dockerfile line greater than max allowed size of 65535`.

use super::go;

/// The maximum line length BuildKit's scanner accepts, in bytes, line break
/// excluded.
pub const MAX_LINE_BYTES: usize = 65_535;

/// The UTF-8 byte order mark, which BuildKit strips from the first line.
const BOM: &str = "\u{FEFF}";

/// One physical line of the source.
#[derive(Clone, Copy, Debug)]
pub struct PhysicalLine<'a> {
    /// The line with its line break.
    pub raw: &'a str,
    /// Offset of `raw` in the source.
    pub start: usize,
    /// 1-based line number.
    pub number: usize,
}

impl<'a> PhysicalLine<'a> {
    /// Returns the line without trailing `\r` and `\n` characters, as
    /// BuildKit's `trimNewline` does.
    pub fn content(&self) -> &'a str {
        trim_newline(self.raw)
    }

    /// Returns the source span of [`content`](Self::content).
    pub fn content_span(&self) -> std::ops::Range<usize> {
        self.start..self.start + self.content().len()
    }

    /// Drops a leading byte order mark, as BuildKit does on the first line.
    pub fn without_bom(self) -> Self {
        match self.raw.strip_prefix(BOM) {
            Some(rest) => Self {
                raw: rest,
                start: self.start + BOM.len(),
                ..self
            },
            None => self,
        }
    }
}

/// Splits text into physical lines and stops at a line that is too long.
#[derive(Clone, Debug)]
pub struct LineScanner<'a> {
    text: &'a str,
    position: usize,
    lines_read: usize,
    too_long: Option<std::ops::Range<usize>>,
}

impl<'a> LineScanner<'a> {
    /// Creates a scanner at the start of `text`.
    pub fn new(text: &'a str) -> Self {
        Self {
            text,
            position: 0,
            lines_read: 0,
            too_long: None,
        }
    }

    /// Returns how many lines have been read.
    pub fn lines_read(&self) -> usize {
        self.lines_read
    }

    /// Returns the span of the line that stopped the scanner for being too
    /// long, once the scanner has reached it.
    pub fn too_long(&self) -> Option<std::ops::Range<usize>> {
        self.too_long.clone()
    }

    /// Returns the source offset the scanner has reached.
    pub fn position(&self) -> usize {
        self.position
    }
}

impl<'a> Iterator for LineScanner<'a> {
    type Item = PhysicalLine<'a>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.position >= self.text.len() || self.too_long.is_some() {
            return None;
        }
        let rest = &self.text[self.position..];
        let length = rest.find('\n').map_or(rest.len(), |index| index + 1);
        let content_length = rest[..length].strip_suffix('\n').map_or(length, str::len);
        if content_length > MAX_LINE_BYTES {
            self.too_long = Some(self.position..self.position + content_length);
            return None;
        }
        let line = PhysicalLine {
            raw: &rest[..length],
            start: self.position,
            number: self.lines_read + 1,
        };
        self.position += length;
        self.lines_read += 1;
        Some(line)
    }
}

/// Returns `line` without trailing `\r` and `\n` characters.
pub fn trim_newline(line: &str) -> &str {
    line.trim_end_matches(['\r', '\n'])
}

/// Returns `line` without leading white space (`unicode.IsSpace`).
pub fn trim_leading_space(line: &str) -> &str {
    line.trim_start_matches(go::is_space)
}

/// Returns whether `line` is a comment: its first character after white
/// space is `#`.
pub fn is_comment(line: &str) -> bool {
    trim_leading_space(line).starts_with('#')
}

/// Returns whether `line` contains nothing but white space.
pub fn is_blank(line: &str) -> bool {
    trim_leading_space(trim_newline(line)).is_empty()
}

/// Returns the length of `line` once its line-continuation escape is
/// removed, or `None` when the line does not continue.
///
/// A line continues when its last character other than spaces and tabs is
/// the escape token and that token is not itself escaped. BuildKit's regular
/// expression (`([^\\])\\[ \t]*$|^\\[ \t]*$`) removes the token and the
/// blanks after it. It cannot see an escaped escape token before the last
/// one, so `a \\\` does not continue either.
pub fn continuation_cut(line: &str, escape: char) -> Option<usize> {
    let before = line.trim_end_matches([' ', '\t']).strip_suffix(escape)?;
    match before.chars().next_back() {
        None => Some(0),
        Some(previous) if previous == escape => None,
        Some(_) => Some(before.len()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn continuation_cases() {
        let cases = [
            ("RUN a \\", '\\', Some(6)),
            ("RUN a \\  \t", '\\', Some(6)),
            ("\\", '\\', Some(0)),
            ("  \\ ", '\\', Some(2)),
            ("RUN a \\\\", '\\', None),
            ("RUN a \\\\\\", '\\', None),
            ("RUN a", '\\', None),
            ("RUN a `", '`', Some(6)),
            ("RUN a \\", '`', None),
            ("RUN a \\ \x0b", '\\', None),
            ("é\\", '\\', Some(2)),
        ];
        for (line, escape, expected) in cases {
            assert_eq!(continuation_cut(line, escape), expected, "line {line:?}");
        }
    }

    #[test]
    fn scanner_splits_on_line_feed_only() {
        let lines: Vec<_> = LineScanner::new("a\r\nb\rc\nd")
            .map(|line| line.raw)
            .collect();
        assert_eq!(lines, ["a\r\n", "b\rc\n", "d"]);
    }

    #[test]
    fn scanner_stops_at_long_line() {
        let text = format!("a\n{}\nb\n", "x".repeat(MAX_LINE_BYTES + 1));
        let mut scanner = LineScanner::new(&text);
        assert_eq!(scanner.next().map(|line| line.raw), Some("a\n"));
        assert!(scanner.next().is_none());
        assert_eq!(scanner.too_long(), Some(2..2 + MAX_LINE_BYTES + 1));
    }

    #[test]
    fn scanner_accepts_longest_line() {
        let text = format!(
            "{}\n{}",
            "x".repeat(MAX_LINE_BYTES),
            "y".repeat(MAX_LINE_BYTES)
        );
        assert_eq!(LineScanner::new(&text).count(), 2);
    }

    #[test]
    fn trim_newline_strips_every_break() {
        assert_eq!(trim_newline("a\r\r\n"), "a");
        assert_eq!(trim_newline("a\rb"), "a\rb");
    }
}
