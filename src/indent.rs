//! Indentation edits for Tab and Shift+Tab in the editor, as code editors
//! make them. Offsets are bytes, and the DOM's UTF-16 offsets convert with
//! [`byte_offset`] and [`utf16_offset`].

/// One level of indentation.
pub const INDENT: &str = "    ";

/// The text after an edit and the selection to restore.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Edit {
    pub text: String,
    pub start: usize,
    pub end: usize,
}

/// Indents. A selection inside one line (or none) is replaced by spaces up
/// to the next indentation stop, and a selection over several lines indents
/// each of them.
pub fn indent(text: &str, start: usize, end: usize) -> Edit {
    let (start, end) = clamp(text, start, end);
    if !text[start..end].contains('\n') {
        let column = start - line_start(text, start);
        let spaces = INDENT.len() - column % INDENT.len();
        let inserted = &INDENT[..spaces];
        let edited = format!("{}{inserted}{}", &text[..start], &text[end..]);
        let cursor = start + spaces;
        return Edit {
            text: edited,
            start: cursor,
            end: cursor,
        };
    }
    let first = line_start(text, start);
    let lines = &text[first..end];
    let indented: String = lines
        .split_inclusive('\n')
        .map(|line| {
            if line == "\n" {
                line.to_string()
            } else {
                format!("{INDENT}{line}")
            }
        })
        .collect();
    let added = indented.len() - lines.len();
    Edit {
        text: format!("{}{indented}{}", &text[..first], &text[end..]),
        start: start + INDENT.len(),
        end: end + added,
    }
}

/// Outdents every line the selection touches by up to one level.
pub fn outdent(text: &str, start: usize, end: usize) -> Edit {
    let (start, end) = clamp(text, start, end);
    let first = line_start(text, start);
    let last = text[end..]
        .find('\n')
        .map_or(text.len(), |index| end + index);
    let mut edited = String::with_capacity(text.len());
    edited.push_str(&text[..first]);
    let (mut new_start, mut new_end) = (start, end);
    let mut offset = first;
    for line in text[first..last].split_inclusive('\n') {
        let removed = line
            .bytes()
            .take(INDENT.len())
            .take_while(|byte| *byte == b' ')
            .count();
        let removed = if removed == 0 && line.starts_with('\t') {
            1
        } else {
            removed
        };
        edited.push_str(&line[removed..]);
        new_start -= removed.min(start.saturating_sub(offset));
        new_end -= removed.min(end.saturating_sub(offset));
        offset += line.len();
    }
    edited.push_str(&text[last..]);
    Edit {
        text: edited,
        start: new_start,
        end: new_end,
    }
}

fn line_start(text: &str, offset: usize) -> usize {
    text[..offset].rfind('\n').map_or(0, |index| index + 1)
}

/// Orders the offsets and moves each back onto a character boundary.
fn clamp(text: &str, start: usize, end: usize) -> (usize, usize) {
    let floor = |mut offset: usize| {
        offset = offset.min(text.len());
        while !text.is_char_boundary(offset) {
            offset -= 1;
        }
        offset
    };
    let (start, end) = (floor(start), floor(end));
    (start.min(end), start.max(end))
}

/// Converts a UTF-16 offset (as the DOM counts) to a byte offset.
pub fn byte_offset(text: &str, units: usize) -> usize {
    let mut seen = 0;
    for (offset, character) in text.char_indices() {
        if seen >= units {
            return offset;
        }
        seen += character.len_utf16();
    }
    text.len()
}

/// Converts a byte offset to a UTF-16 offset.
pub fn utf16_offset(text: &str, offset: usize) -> usize {
    let (offset, _) = clamp(text, offset, offset);
    text[..offset].chars().map(char::len_utf16).sum()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn edit(text: &str, start: usize, end: usize) -> (String, usize, usize) {
        let edit = indent(text, start, end);
        (edit.text, edit.start, edit.end)
    }

    #[test]
    fn tab_at_cursor_reaches_next_stop() {
        assert_eq!(edit("RUN a", 0, 0), ("    RUN a".to_string(), 4, 4));
        assert_eq!(edit("ab", 2, 2), ("ab  ".to_string(), 4, 4));
        assert_eq!(edit("x\nabcde", 7, 7), ("x\nabcde   ".to_string(), 10, 10));
    }

    #[test]
    fn tab_replaces_selection_inside_a_line() {
        assert_eq!(edit("abcdef", 1, 3), ("a   def".to_string(), 4, 4));
    }

    #[test]
    fn tab_indents_selected_lines() {
        let text = "RUN a \\\n  && b\n\nCMD c\n";
        let (edited, start, end) = edit(text, 2, 21);
        assert_eq!(edited, "    RUN a \\\n      && b\n\n    CMD c\n");
        assert_eq!((start, end), (6, 33));
    }

    #[test]
    fn shift_tab_outdents_lines() {
        let edit = outdent("    a\n  b\nc\n\tt", 0, 13);
        assert_eq!(edit.text, "a\nb\nc\nt");
        assert_eq!((edit.start, edit.end), (0, 6));
    }

    #[test]
    fn shift_tab_keeps_cursor_in_line() {
        let edit = outdent("x\n      y", 8, 8);
        assert_eq!(edit.text, "x\n  y");
        assert_eq!((edit.start, edit.end), (4, 4));
    }

    #[test]
    fn offsets_convert_between_utf16_and_bytes() {
        let text = "é😀a";
        assert_eq!(byte_offset(text, 1), 2);
        assert_eq!(byte_offset(text, 3), 6);
        assert_eq!(byte_offset(text, 99), text.len());
        assert_eq!(utf16_offset(text, 6), 3);
        assert_eq!(utf16_offset(text, 3), 1, "inside a character rounds down");
    }

    #[test]
    fn out_of_range_offsets_never_panic() {
        let _ = indent("é", 1, 99);
        let _ = outdent("é", 99, 1);
        let _ = indent("", 5, 0);
    }
}
