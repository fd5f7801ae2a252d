//! Quote-aware word splitting for ENV, LABEL and ARG (BuildKit's
//! `parseWords`).
//!
//! Words are separated by white space outside quotes. Quotes and escape
//! tokens stay in the words; they are removed later, when the instruction's
//! values are expanded. The escape token escapes any character outside
//! quotes and inside double quotes, nothing inside single quotes, and is
//! dropped when it ends the text. A quoted empty string (`""`) is a word.

use super::go;

#[derive(Clone, Copy, PartialEq, Eq)]
enum Phase {
    Spaces,
    Word,
    Quote(char),
}

/// Splits `text` into words as BuildKit's `parseWords` does.
pub fn parse_words(text: &str, escape: char) -> Vec<String> {
    let mut words = Vec::new();
    let mut word = String::new();
    let mut phase = Phase::Spaces;
    let mut blank_ok = false;
    let mut chars = text.chars().peekable();

    while let Some(c) = chars.next() {
        match phase {
            Phase::Spaces if go::is_space(c) => continue,
            Phase::Spaces | Phase::Word => {
                if go::is_space(c) {
                    push_word(&mut words, &mut word, blank_ok);
                    blank_ok = false;
                    phase = Phase::Spaces;
                    continue;
                }
                phase = Phase::Word;
                if c == '\'' || c == '"' {
                    phase = Phase::Quote(c);
                    blank_ok = true;
                }
                if c == escape {
                    match chars.next() {
                        None => continue,
                        Some(next) => {
                            word.push(c);
                            word.push(next);
                        }
                    }
                    continue;
                }
                word.push(c);
            }
            Phase::Quote(quote) => {
                if c == quote {
                    phase = Phase::Word;
                }
                if c == escape && quote != '\'' {
                    match chars.next() {
                        None => {
                            phase = Phase::Word;
                            continue;
                        }
                        Some(next) => {
                            word.push(c);
                            word.push(next);
                        }
                    }
                    continue;
                }
                word.push(c);
            }
        }
    }
    if phase != Phase::Spaces {
        push_word(&mut words, &mut word, blank_ok);
    }
    words
}

fn push_word(words: &mut Vec<String>, word: &mut String, blank_ok: bool) {
    if blank_ok || !word.is_empty() {
        words.push(std::mem::take(word));
    }
    word.clear();
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_as_buildkit_splits_them() {
        let cases: [(&str, char, &[&str]); 12] = [
            ("a b  c", '\\', &["a", "b", "c"]),
            ("name=\"value value1\"", '\\', &["name=\"value value1\""]),
            ("name=value\\ value2 x", '\\', &["name=value\\ value2", "x"]),
            ("a='x\\' b'", '\\', &["a='x\\'", "b'"]),
            ("a=\"x\\\" y\"", '\\', &["a=\"x\\\" y\""]),
            ("\"\"", '\\', &["\"\""]),
            ("a \\", '\\', &["a"]),
            ("a \"b\\", '\\', &["a", "\"b"]),
            ("a=`` b", '`', &["a=``", "b"]),
            ("a\u{a0}b", '\\', &["a", "b"]),
            ("", '\\', &[]),
            ("  ", '\\', &[]),
        ];
        for (text, escape, expected) in cases {
            assert_eq!(parse_words(text, escape), expected, "text {text:?}");
        }
    }
}
