//! Character classes as Go's `unicode` package defines them, which BuildKit's lexer
//! uses for names (`IsLetter`, `IsDigit`), word splitting (`IsSpace`) and error
//! quoting (`IsPrint`).
//!
//! NOTE: the tables follow the Unicode version of the `unicode-properties` crate that
//! generated them, while Go 1.2x ships Unicode 15.0; characters assigned after 15.0
//! are letters or printable here and not in BuildKit.

use super::unicode_tables::{DECIMAL_DIGIT, LETTER, PRINT};

/// Returns whether `c` is a letter (general category L), as `unicode.IsLetter`.
pub(crate) fn is_letter(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_alphabetic();
    }
    in_table(LETTER, c)
}

/// Returns whether `c` is a decimal digit (general category Nd), as `unicode.IsDigit`.
pub(crate) fn is_digit(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_digit();
    }
    in_table(DECIMAL_DIGIT, c)
}

/// Returns whether `c` is white space, as `unicode.IsSpace`. Go and Rust both use the
/// Unicode White_Space property, so the standard library's test is the same set.
pub(crate) fn is_space(c: char) -> bool {
    c.is_whitespace()
}

/// Returns whether `c` is printable as `unicode.IsPrint` defines it: a letter, mark,
/// number, punctuation or symbol, or the ASCII space.
pub(crate) fn is_print(c: char) -> bool {
    c == ' ' || in_table(PRINT, c)
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classes_match_go() {
        let letters = ['a', 'Z', 'ª', 'µ', 'é', '한', 'ß', 'ǅ'];
        let not_letters = ['1', '_', '$', ' ', '\u{300}', '٣', '\u{ffff}'];
        let digits = ['0', '9', '٣', '１'];
        let not_digits = ['a', '²', 'Ⅻ', '_'];
        let printable = [' ', 'a', '~', '\u{300}', '€', '한'];
        let not_printable = ['\t', '\u{a0}', '\u{ad}', '\u{2028}', '\u{feff}', '\u{e000}'];

        for c in letters {
            assert!(is_letter(c), "letter {c:?}");
        }
        for c in not_letters {
            assert!(!is_letter(c), "not a letter {c:?}");
        }
        for c in digits {
            assert!(is_digit(c), "digit {c:?}");
        }
        for c in not_digits {
            assert!(!is_digit(c), "not a digit {c:?}");
        }
        for c in printable {
            assert!(is_print(c), "printable {c:?}");
        }
        for c in not_printable {
            assert!(!is_print(c), "not printable {c:?}");
        }
    }
}
