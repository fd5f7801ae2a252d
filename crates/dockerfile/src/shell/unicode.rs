//! Character classes as Go's `unicode` package defines them, which BuildKit's lexer
//! uses for names (`IsLetter`, `IsDigit`), word splitting (`IsSpace`) and error
//! quoting (`IsPrint`).
//!
//! BuildKit runs on Go, whose tables are Unicode 15.0; the lexer shares them with the
//! parser through [`crate::parser::go`], so both read characters the way BuildKit does.

use crate::parser::go;

/// Returns whether `c` is a letter (general category L), as `unicode.IsLetter`.
pub(crate) fn is_letter(c: char) -> bool {
    go::is_letter(c)
}

/// Returns whether `c` is a decimal digit (general category Nd), as `unicode.IsDigit`.
pub(crate) fn is_digit(c: char) -> bool {
    go::is_digit(c)
}

/// Returns whether `c` is white space, as `unicode.IsSpace`.
pub(crate) fn is_space(c: char) -> bool {
    go::is_space(c)
}

/// Returns whether `c` is printable as `unicode.IsPrint` defines it: a letter, mark,
/// number, punctuation or symbol, or the ASCII space.
pub(crate) fn is_print(c: char) -> bool {
    go::is_print(c)
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
