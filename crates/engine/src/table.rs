//! Column alignment and truncation as Docker CLI 28 prints its tables.
//!
//! Docker renders every table (`docker ps`, `images`, `search`, `stats`, …) by
//! writing tab-separated rows into Go's `text/tabwriter` (formatter.go). The
//! writer has minimum width 10, tab width 1, padding 3, pad character space and
//! no flags, so a column is as wide as its longest cell plus 3, and never
//! narrower than 10.
//! `docker version` uses minimum width 20 and padding 1 instead (version.go).
//! [`TabWriter`] reproduces Go's algorithm, including its column blocks: a line
//! with fewer cells ends the alignment of the columns it lacks.
//!
//! Long values are cut with [`ellipsis`] (`"/docker-entrypoint.…"`) and IDs with
//! [`truncate_id`] (`4e1b6bae1e48`).

/// Go's `text/tabwriter.Writer` settings, without flags.
///
/// A cell is text terminated by a tab (`\t`) or vertical tab (`\v`). The text
/// after the last tab of a line is not part of any column and is never padded.
/// Consecutive lines that have a cell in the same column form a column block,
/// and the cells of a block share one width: the widest cell's width in
/// characters plus the padding, or the minimum width if that is larger. Empty
/// cells are padded like any other, so a row can end in spaces. A form feed
/// (`\f`) ends a line and all column blocks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TabWriter {
    /// The minimum width of a cell, padding included.
    pub min_width: usize,
    /// The width of a tab character when [`Self::pad_char`] is `\t`.
    pub tab_width: usize,
    /// The number of pad characters added to the widest cell of a column.
    pub padding: usize,
    /// The character used for padding.
    pub pad_char: char,
}

/// The writer of every Docker CLI table: `tabwriter.NewWriter(out, 10, 1, 3, ' ', 0)`.
pub const DOCKER_TABLE: TabWriter = TabWriter {
    min_width: 10,
    tab_width: 1,
    padding: 3,
    pad_char: ' ',
};

/// The writer of `docker version`: `tabwriter.NewWriter(out, 20, 1, 1, ' ', 0)`.
pub const DOCKER_VERSION: TabWriter = TabWriter {
    min_width: 20,
    tab_width: 1,
    padding: 1,
    pad_char: ' ',
};

/// One cell of a buffered line.
struct Cell<'a> {
    text: &'a str,
    /// Width in characters (Unicode scalar values), as tabwriter counts runes.
    width: usize,
}

/// A buffered line and whether a form feed ended it.
struct Line<'a> {
    cells: Vec<Cell<'a>>,
    form_feed: bool,
}

impl TabWriter {
    /// Aligns `text` as writing it all to a Go tabwriter and flushing would.
    ///
    /// Runs in time linear in the length of `text`.
    pub fn format(&self, text: &str) -> String {
        let lines = split_cells(text);
        let widths = self.column_widths(&lines);

        let mut out = String::with_capacity(text.len() * 2);
        for (index, line) in lines.iter().enumerate() {
            for (column, cell) in line.cells.iter().enumerate() {
                out.push_str(cell.text);
                if let Some(&width) = widths[index].get(column) {
                    self.push_padding(&mut out, cell.width, width);
                }
            }
            if index + 1 < lines.len() {
                out.push('\n');
            }
        }
        out
    }

    /// Returns, for each line, the width of each of its cells except the last.
    ///
    /// Sweeps the lines once, keeping one open column block per column: a line
    /// with `k` terminated cells closes the blocks of columns `k` and beyond.
    fn column_widths(&self, lines: &[Line<'_>]) -> Vec<Vec<usize>> {
        let mut widths: Vec<Vec<usize>> = lines
            .iter()
            .map(|line| vec![0; line.cells.len().saturating_sub(1)])
            .collect();
        // For each open column: the line that opened the block and its width so far.
        let mut open: Vec<(usize, usize)> = Vec::new();

        for (index, line) in lines.iter().enumerate() {
            let terminated = line.cells.len().saturating_sub(1);
            close_blocks(&mut open, terminated, index, &mut widths);
            for (column, cell) in line.cells[..terminated].iter().enumerate() {
                let width = cell.width + self.padding;
                match open.get_mut(column) {
                    Some(block) => block.1 = block.1.max(width),
                    None => open.push((index, self.min_width.max(width))),
                }
            }
            if line.form_feed {
                close_blocks(&mut open, 0, index + 1, &mut widths);
            }
        }
        close_blocks(&mut open, 0, lines.len(), &mut widths);
        widths
    }

    fn push_padding(&self, out: &mut String, text_width: usize, cell_width: usize) {
        if self.pad_char != '\t' {
            let count = cell_width.saturating_sub(text_width);
            out.extend(std::iter::repeat_n(self.pad_char, count));
            return;
        }
        // With tab padding, Go rounds the cell up to whole tab stops.
        if self.tab_width == 0 {
            return;
        }
        let cell_width = cell_width.div_ceil(self.tab_width) * self.tab_width;
        let count = cell_width
            .saturating_sub(text_width)
            .div_ceil(self.tab_width);
        out.extend(std::iter::repeat_n('\t', count));
    }
}

/// Closes the open blocks of columns `keep` and beyond, which end before line `end`.
fn close_blocks(
    open: &mut Vec<(usize, usize)>,
    keep: usize,
    end: usize,
    widths: &mut [Vec<usize>],
) {
    while open.len() > keep {
        let column = open.len() - 1;
        let Some((start, width)) = open.pop() else {
            return;
        };
        for line_widths in &mut widths[start..end] {
            line_widths[column] = width;
        }
    }
}

/// Splits text into lines of cells as tabwriter buffers them: `\t` and `\v` end a
/// cell, `\n` and `\f` end a cell and a line. A final line with no text has no cells.
fn split_cells(text: &str) -> Vec<Line<'_>> {
    let mut lines = Vec::new();
    let mut cells = Vec::new();
    let mut start = 0;
    for (index, c) in text.char_indices() {
        if !matches!(c, '\t' | '\x0b' | '\n' | '\x0c') {
            continue;
        }
        let cell_text = &text[start..index];
        cells.push(Cell {
            text: cell_text,
            width: cell_text.chars().count(),
        });
        start = index + 1;
        if matches!(c, '\n' | '\x0c') {
            lines.push(Line {
                cells: std::mem::take(&mut cells),
                form_feed: c == '\x0c',
            });
        }
    }
    let rest = &text[start..];
    if !rest.is_empty() {
        cells.push(Cell {
            text: rest,
            width: rest.chars().count(),
        });
    }
    lines.push(Line {
        cells,
        form_feed: false,
    });
    lines
}

/// Aligns rows of cells as a Docker table: cells joined by tabs, one row a line.
pub fn format_rows<S: AsRef<str>>(rows: &[Vec<S>]) -> String {
    let mut text = String::new();
    for row in rows {
        let cells: Vec<&str> = row.iter().map(AsRef::as_ref).collect();
        text.push_str(&cells.join("\t"));
        text.push('\n');
    }
    DOCKER_TABLE.format(&text)
}

/// Shortens an ID to 12 characters after dropping any `algorithm:` prefix, as
/// Docker's `TruncateID` does: `sha256:4e1b6bae1e48…` → `4e1b6bae1e48`.
pub fn truncate_id(id: &str) -> String {
    let id = id.split_once(':').map_or(id, |(_, rest)| rest);
    id.chars().take(12).collect()
}

/// Cuts `text` to at most `max_width` display columns, ending in `…`, as
/// Docker's `formatter.Ellipsis` does (ps COMMAND 20, search DESCRIPTION 45).
///
/// East Asian wide and fullwidth characters count as two columns. A width of 1
/// returns the first character alone, and 0 returns nothing. As in Docker, text
/// whose first character is already wider than `max_width - 1` comes back whole.
pub fn ellipsis(text: &str, max_width: usize) -> String {
    if max_width == 0 {
        return String::new();
    }
    if max_width == 1 {
        return text.chars().next().map(String::from).unwrap_or_default();
    }

    if text.is_ascii() {
        if text.len() <= max_width {
            return text.to_string();
        }
        return format!("{}…", &text[..max_width - 1]);
    }

    let total: usize = text.chars().map(char_width).sum();
    if total <= max_width {
        return text.to_string();
    }
    let mut used = 0;
    for (index, c) in text.char_indices() {
        let next = used + char_width(c);
        if used > 0 && used < max_width && next >= max_width {
            return format!("{}…", &text[..index]);
        }
        used = next;
    }
    text.to_string()
}

/// Returns the display width of a character: 2 for East Asian wide and
/// fullwidth characters, 1 for all others, as Docker's `charWidth` does with
/// `golang.org/x/text/width`.
///
/// NOTE: the ranges are the wide and fullwidth blocks of Unicode 15's
/// EastAsianWidth.txt, transcribed by hand, so a few scattered wide symbols
/// outside these blocks count as 1.
pub fn char_width(c: char) -> usize {
    let code = c as u32;
    let wide = WIDE_RANGES.binary_search_by(|&(low, high)| {
        if high < code {
            std::cmp::Ordering::Less
        } else if low > code {
            std::cmp::Ordering::Greater
        } else {
            std::cmp::Ordering::Equal
        }
    });
    if wide.is_ok() {
        2
    } else {
        1
    }
}

/// Inclusive, sorted code point ranges of East Asian wide (W) and fullwidth (F)
/// characters.
const WIDE_RANGES: &[(u32, u32)] = &[
    (0x1100, 0x115F),
    (0x231A, 0x231B),
    (0x2329, 0x232A),
    (0x23E9, 0x23EC),
    (0x23F0, 0x23F0),
    (0x23F3, 0x23F3),
    (0x25FD, 0x25FE),
    (0x2614, 0x2615),
    (0x2648, 0x2653),
    (0x267F, 0x267F),
    (0x2693, 0x2693),
    (0x26A1, 0x26A1),
    (0x26AA, 0x26AB),
    (0x26BD, 0x26BE),
    (0x26C4, 0x26C5),
    (0x26CE, 0x26CE),
    (0x26D4, 0x26D4),
    (0x26EA, 0x26EA),
    (0x26F2, 0x26F3),
    (0x26F5, 0x26F5),
    (0x26FA, 0x26FA),
    (0x26FD, 0x26FD),
    (0x2705, 0x2705),
    (0x270A, 0x270B),
    (0x2728, 0x2728),
    (0x274C, 0x274C),
    (0x274E, 0x274E),
    (0x2753, 0x2755),
    (0x2757, 0x2757),
    (0x2795, 0x2797),
    (0x27B0, 0x27B0),
    (0x27BF, 0x27BF),
    (0x2B1B, 0x2B1C),
    (0x2B50, 0x2B50),
    (0x2B55, 0x2B55),
    (0x2E80, 0x2E99),
    (0x2E9B, 0x2EF3),
    (0x2F00, 0x2FD5),
    (0x2FF0, 0x2FFB),
    (0x3000, 0x303E),
    (0x3041, 0x3096),
    (0x3099, 0x30FF),
    (0x3105, 0x312F),
    (0x3131, 0x318E),
    (0x3190, 0x31E3),
    (0x31F0, 0x321E),
    (0x3220, 0x3247),
    (0x3250, 0x4DBF),
    (0x4E00, 0xA48C),
    (0xA490, 0xA4C6),
    (0xA960, 0xA97C),
    (0xAC00, 0xD7A3),
    (0xF900, 0xFAFF),
    (0xFE10, 0xFE19),
    (0xFE30, 0xFE52),
    (0xFE54, 0xFE66),
    (0xFE68, 0xFE6B),
    (0xFF01, 0xFF60),
    (0xFFE0, 0xFFE6),
    (0x16FE0, 0x16FE4),
    (0x16FF0, 0x16FF1),
    (0x17000, 0x187F7),
    (0x18800, 0x18CD5),
    (0x18D00, 0x18D08),
    (0x1AFF0, 0x1AFFE),
    (0x1B000, 0x1B122),
    (0x1B132, 0x1B132),
    (0x1B150, 0x1B152),
    (0x1B155, 0x1B155),
    (0x1B164, 0x1B167),
    (0x1B170, 0x1B2FB),
    (0x1F004, 0x1F004),
    (0x1F0CF, 0x1F0CF),
    (0x1F18E, 0x1F18E),
    (0x1F191, 0x1F19A),
    (0x1F200, 0x1F202),
    (0x1F210, 0x1F23B),
    (0x1F240, 0x1F248),
    (0x1F250, 0x1F251),
    (0x1F260, 0x1F265),
    (0x1F300, 0x1F320),
    (0x1F32D, 0x1F335),
    (0x1F337, 0x1F37C),
    (0x1F37E, 0x1F393),
    (0x1F3A0, 0x1F3CA),
    (0x1F3CF, 0x1F3D3),
    (0x1F3E0, 0x1F3F0),
    (0x1F3F4, 0x1F3F4),
    (0x1F3F8, 0x1F43E),
    (0x1F440, 0x1F440),
    (0x1F442, 0x1F4FC),
    (0x1F4FF, 0x1F53D),
    (0x1F54B, 0x1F54E),
    (0x1F550, 0x1F567),
    (0x1F57A, 0x1F57A),
    (0x1F595, 0x1F596),
    (0x1F5A4, 0x1F5A4),
    (0x1F5FB, 0x1F64F),
    (0x1F680, 0x1F6C5),
    (0x1F6CC, 0x1F6CC),
    (0x1F6D0, 0x1F6D2),
    (0x1F6D5, 0x1F6D7),
    (0x1F6DC, 0x1F6DF),
    (0x1F6EB, 0x1F6EC),
    (0x1F6F4, 0x1F6FC),
    (0x1F7E0, 0x1F7EB),
    (0x1F7F0, 0x1F7F0),
    (0x1F90C, 0x1F93A),
    (0x1F93C, 0x1F945),
    (0x1F947, 0x1F9FF),
    (0x1FA70, 0x1FA7C),
    (0x1FA80, 0x1FA88),
    (0x1FA90, 0x1FABD),
    (0x1FABF, 0x1FAC5),
    (0x1FACE, 0x1FADB),
    (0x1FAE0, 0x1FAE8),
    (0x1FAF0, 0x1FAF8),
    (0x20000, 0x2FFFD),
    (0x30000, 0x3FFFD),
];

#[cfg(test)]
mod tests;
