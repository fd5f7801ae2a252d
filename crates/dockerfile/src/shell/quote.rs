//! Go's `%q` formatting of strings (`strconv.Quote`), for BuildKit's error messages.

use std::fmt::Write;

use super::unicode::is_print;

/// Quotes `text` as Go's `strconv.Quote` does: `"` and `\` get a backslash, printable
/// characters stay as they are, and everything else becomes `\n`-style, `\xNN`,
/// `\uNNNN` or `\UNNNNNNNN` escapes with lowercase hexadecimal digits.
pub(crate) fn go_quote(text: &str) -> String {
    let mut quoted = String::with_capacity(text.len() + 2);
    quoted.push('"');
    for c in text.chars() {
        push_escaped(&mut quoted, c);
    }
    quoted.push('"');
    quoted
}

fn push_escaped(out: &mut String, c: char) {
    match c {
        '"' | '\\' => {
            out.push('\\');
            out.push(c);
        }
        c if is_print(c) => out.push(c),
        '\u{07}' => out.push_str("\\a"),
        '\u{08}' => out.push_str("\\b"),
        '\u{0c}' => out.push_str("\\f"),
        '\n' => out.push_str("\\n"),
        '\r' => out.push_str("\\r"),
        '\t' => out.push_str("\\t"),
        '\u{0b}' => out.push_str("\\v"),
        c if c < ' ' || c == '\u{7f}' => {
            let _ = write!(out, "\\x{:02x}", c as u32);
        }
        c if (c as u32) < 0x10000 => {
            let _ = write!(out, "\\u{:04x}", c as u32);
        }
        c => {
            let _ = write!(out, "\\U{:08x}", c as u32);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::go_quote;

    #[test]
    fn go_quote_escapes_like_strconv() {
        let cases = [
            ("plain", r#""plain""#),
            ("he\"llo\\", r#""he\"llo\\""#),
            ("tab\there\n", r#""tab\there\n""#),
            ("\u{0}\u{1b}\u{7f}", r#""\x00\x1b\x7f""#),
            ("nbsp\u{a0}shy\u{ad}", r#""nbsp\u00a0shy\u00ad""#),
            ("한국어 ✓", r#""한국어 ✓""#),
            ("\u{feff}\u{e0001}", r#""\ufeff\U000e0001""#),
        ];
        for (input, expected) in cases {
            assert_eq!(go_quote(input), expected, "input {input:?}");
        }
    }
}
