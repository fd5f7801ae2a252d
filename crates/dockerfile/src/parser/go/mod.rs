//! Go standard-library behaviour that BuildKit's parser depends on.
//!
//! BuildKit's parser is Go, and parts of its output come straight from Go's
//! library: `strconv.Quote` writes the dump, `strings.ToLower` folds
//! instruction names, `unicode.IsSpace` splits words, and some scanners walk
//! bytes rather than characters. This module reproduces those pieces with Go's
//! Unicode 15.0 tables (Go 1.21 and later).

mod unicode_tables;

/// Returns whether `c` is white space as Go's `unicode.IsSpace` defines it.
///
/// Go and Rust both use the Unicode `White_Space` property, so this is
/// `char::is_whitespace`.
pub fn is_space(c: char) -> bool {
    c.is_whitespace()
}

/// Returns whether byte `b`, read as a code point, is white space.
///
/// Some of BuildKit's scanners convert single bytes to runes before calling
/// `unicode.IsSpace`, so the UTF-8 continuation bytes 0x85 and 0xA0 count as
/// white space (NEL and NO-BREAK SPACE) there.
pub fn is_space_byte(b: u8) -> bool {
    matches!(b, b'\t' | b'\n' | 0x0B | 0x0C | b'\r' | b' ' | 0x85 | 0xA0)
}

/// Returns whether `c` is one of the characters of the regular-expression
/// class `\s` in Go's RE2 syntax: `[\t\n\f\r ]`.
pub fn is_regex_space(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\x0C' | '\r' | ' ')
}

/// Returns whether `c` is in the regular-expression class `[\t\v\f\r ]`,
/// the white space that BuildKit's `reWhitespace` splits on.
pub fn is_split_space(c: char) -> bool {
    matches!(c, '\t' | '\x0B' | '\x0C' | '\r' | ' ')
}

/// Returns whether `c` is a letter as Go's `unicode.IsLetter` defines it.
pub fn is_letter(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_alphabetic();
    }
    in_table(unicode_tables::LETTER, c)
}

/// Returns whether `c` is a decimal digit as Go's `unicode.IsDigit` defines it.
pub fn is_digit(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_digit();
    }
    in_table(unicode_tables::DIGIT, c)
}

/// Returns whether `c` is printable as Go's `strconv.IsPrint` defines it.
pub fn is_print(c: char) -> bool {
    let code = c as u32;
    if code <= 0xFF {
        return (0x20..=0x7E).contains(&code) || ((0xA1..=0xFF).contains(&code) && code != 0xAD);
    }
    in_table(unicode_tables::PRINTABLE, c)
}

fn in_table(table: &[(u32, u32)], c: char) -> bool {
    let code = c as u32;
    table
        .binary_search_by(|&(low, high)| {
            if high < code {
                std::cmp::Ordering::Less
            } else if low > code {
                std::cmp::Ordering::Greater
            } else {
                std::cmp::Ordering::Equal
            }
        })
        .is_ok()
}

/// Lowercases `s` as Go's `strings.ToLower` does.
///
/// Go maps each character through its simple lowercase mapping. Rust's
/// `char::to_lowercase` gives the full mapping, which differs only for
/// U+0130 (LATIN CAPITAL LETTER I WITH DOT ABOVE): Go maps it to `i` alone.
pub fn to_lower(s: &str) -> String {
    if s.bytes().all(|b| !b.is_ascii_uppercase() && b.is_ascii()) {
        return s.to_owned();
    }
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if c == '\u{130}' {
            out.push('i');
        } else {
            out.extend(c.to_lowercase());
        }
    }
    out
}

/// Uppercases `s` as Go's `strings.ToUpper` does.
///
/// Go maps each character through its simple uppercase mapping, one
/// character to one. Rust's `char::to_uppercase` gives the full mapping,
/// which turns some characters into several (`ß` into `SS`). Those keep
/// their character here, as in Go for the characters without a simple
/// mapping. A few characters, such as U+1FB3, have both a multi-character
/// full mapping and a simple one; they also keep their character here,
/// where Go would map them.
pub fn to_upper(s: &str) -> String {
    if s.is_ascii() {
        return s.to_ascii_uppercase();
    }
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        let mut upper = c.to_uppercase();
        match (upper.next(), upper.next()) {
            (Some(single), None) => out.push(single),
            _ => out.push(c),
        }
    }
    out
}

/// Appends `s` to `out` quoted as Go's `strconv.Quote` does.
///
/// Printable characters stay as they are, and `"` and `\` get a backslash.
/// `\a \b \f \n \r \t \v` use their short escapes. Other control characters
/// below U+0080 become `\xHH`, and other unprintable characters `\uHHHH` or
/// `\UHHHHHHHH`, in lowercase hexadecimal.
pub fn quote_into(out: &mut String, s: &str) {
    out.reserve(s.len() + 2);
    out.push('"');
    let plain = s
        .bytes()
        .all(|b| matches!(b, b' '..=b'~') && b != b'"' && b != b'\\');
    match plain {
        true => out.push_str(s),
        false => s.chars().for_each(|c| push_escaped(out, c)),
    }
    out.push('"');
}

/// Returns `s` quoted as Go's `strconv.Quote` does.
pub fn quote(s: &str) -> String {
    let mut out = String::new();
    quote_into(&mut out, s);
    out
}

fn push_escaped(out: &mut String, c: char) {
    match c {
        '"' | '\\' => {
            out.push('\\');
            out.push(c);
        }
        ' '..='~' => out.push(c),
        '\x07' => out.push_str("\\a"),
        '\x08' => out.push_str("\\b"),
        '\x0C' => out.push_str("\\f"),
        '\n' => out.push_str("\\n"),
        '\r' => out.push_str("\\r"),
        '\t' => out.push_str("\\t"),
        '\x0B' => out.push_str("\\v"),
        _ if is_print(c) => out.push(c),
        _ => push_hex_escape(out, c),
    }
}

fn push_hex_escape(out: &mut String, c: char) {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    let code = c as u32;
    let (prefix, digits) = match code {
        0..=0x1F | 0x7F => ("\\x", 2),
        0x80..=0xFFFF => ("\\u", 4),
        _ => ("\\U", 8),
    };
    out.push_str(prefix);
    for shift in (0..digits).rev() {
        out.push(HEX[((code >> (shift * 4)) & 0xF) as usize] as char);
    }
}

/// Decodes bytes the way Go's `rune(b)` conversion followed by UTF-8
/// encoding does: every byte becomes the code point of the same value.
///
/// BuildKit's flag scanner builds words this way, so a flag value with
/// non-ASCII text comes out as Latin-1 mojibake in the AST.
pub fn push_byte_as_rune(out: &mut String, b: u8) {
    out.push(char::from(b));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quote_matches_go() {
        let cases = [
            ("plain", r#""plain""#),
            ("a\"b\\c", r#""a\"b\\c""#),
            ("\x07\x08\x0c\n\r\t\x0b", r#""\a\b\f\n\r\t\v""#),
            ("\0\x1f\x7f", r#""\x00\x1f\x7f""#),
            ("☃ é", "\"☃ é\""),
            ("\u{a0}\u{ad}\u{200b}", r#""\u00a0\u00ad\u200b""#),
            ("\u{e000}\u{10ffff}", r#""\ue000\U0010ffff""#),
            ("\u{fffd}", "\"\u{fffd}\""),
        ];
        for (input, expected) in cases {
            assert_eq!(quote(input), expected, "input {input:?}");
        }
    }

    #[test]
    fn to_lower_matches_go() {
        let cases = [
            ("RUN", "run"),
            ("Run", "run"),
            ("\u{130}X", "ix"),
            ("WOR\u{212A}DIR", "workdir"),
        ];
        for (input, expected) in cases {
            assert_eq!(to_lower(input), expected, "input {input:?}");
        }
    }

    #[test]
    fn character_classes() {
        assert!(is_letter('é'));
        assert!(!is_letter('_'));
        assert!(is_digit('٣'));
        assert!(!is_digit('½'));
        assert!(is_space_byte(0xA0));
        assert!(!is_regex_space('\x0B'));
        assert!(is_split_space('\x0B'));
    }
}
