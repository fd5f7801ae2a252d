//! Heredoc openers: which words of a RUN, COPY or ADD line start a heredoc.
//!
//! BuildKit splits the line into shell words (see [`heredoc_lexer`]) and
//! ignores the line when that fails. A word opens a heredoc when it matches
//! `^(\d*)<<(-?)\s*([^<]*)$` and its delimiter part reads as exactly one
//! shell word: `<<EOF`, `<<-EOF`, `3<<EOF`, `<<"EOF"`, `<<'E'OF`, and
//! `<< EOF`, since the lexer keeps blanks after `<<` in the word. So
//! `cat<<EOF` opens nothing, `<<EOF<<X` opens nothing, `<<""` opens
//! nothing, and `<<- EOF` opens nothing (the blank after `-` splits). Quotes anywhere in the delimiter turn expansion off; an escaped
//! delimiter (`<<\EOF`) does not.
//!
//! [`heredoc_lexer`]: super::heredoc_lexer

use std::ops::Range;

use nom::bytes::complete::{tag, take_while};
use nom::character::complete::char;
use nom::combinator::{opt, rest};
use nom::{IResult, Parser};

use super::ast::{Chomp, Expansion};
use super::go;
use super::heredoc_lexer::{process_words, LexMode};

/// Lexer mode for the whole line: quotes and escapes kept.
const LINE_MODE: LexMode = LexMode {
    raw_quotes: true,
    raw_escapes: true,
};
/// Lexer mode for the delimiter's name: quotes removed.
const NAME_MODE: LexMode = LexMode {
    raw_quotes: false,
    raw_escapes: false,
};
/// Lexer mode that keeps quotes, to see whether the delimiter was quoted.
const QUOTED_MODE: LexMode = LexMode {
    raw_quotes: true,
    raw_escapes: false,
};

/// A heredoc opener found on a line.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Opener {
    /// The delimiter, quotes removed.
    pub name: String,
    /// The file descriptor before `<<`, 0 when none is written.
    pub file_descriptor: u64,
    /// Whether the body expands variables.
    pub expansion: Expansion,
    /// Whether `<<-` was used.
    pub chomp: Chomp,
    /// The opener word's range in the line.
    pub span: Range<usize>,
}

/// Finds the heredoc openers on `line`, in order.
///
/// # Errors
///
/// Returns BuildKit's message when an opener's delimiter is malformed, such
/// as `failed to process "${a:-\"}": syntax error: missing '}'`.
pub fn openers(line: &str) -> Result<Vec<Opener>, String> {
    let Ok(words) = process_words(line, LINE_MODE) else {
        return Ok(Vec::new());
    };
    let mut found = Vec::new();
    for word in words {
        let Ok((_, (digits, dash, delimiter))) = opener_word(&word.text) else {
            continue;
        };
        if let Some((name, expansion)) = delimiter_name(delimiter)? {
            let chomp = if dash.is_some() {
                Chomp::StripTabs
            } else {
                Chomp::Keep
            };
            found.push(Opener {
                name,
                file_descriptor: file_descriptor(digits),
                expansion,
                chomp,
                span: word.span,
            });
        }
    }
    Ok(found)
}

/// `^(\d*)<<(-?)\s*([^<]*)$`: the digits, the dash and the delimiter text.
fn opener_word(word: &str) -> IResult<&str, (&str, Option<char>, &str)> {
    let (input, (digits, _, dash, _, delimiter)) = (
        take_while(|c: char| c.is_ascii_digit()),
        tag("<<"),
        opt(char('-')),
        take_while(go::is_regex_space),
        rest,
    )
        .parse(word)?;
    if delimiter.contains('<') {
        return Err(nom::Err::Error(nom::error::Error::new(
            delimiter,
            nom::error::ErrorKind::Char,
        )));
    }
    Ok((input, (digits, dash, delimiter)))
}

/// Reads the delimiter as BuildKit's `heredocFromMatch` does: it must be
/// one shell word; it is quoted when removing quotes changes its count of
/// quote characters.
fn delimiter_name(delimiter: &str) -> Result<Option<(String, Expansion)>, String> {
    if delimiter.is_empty() {
        return Ok(None);
    }
    let failed = |message: String| format!("failed to process {}: {message}", go::quote(delimiter));
    let words = process_words(delimiter, NAME_MODE).map_err(failed)?;
    let [word] = words.as_slice() else {
        return Ok(None);
    };
    let quoted = process_words(delimiter, QUOTED_MODE).map_err(failed)?;
    let [quoted_word] = quoted.as_slice() else {
        return Err(format!(
            "internal lexing of heredoc produced inconsistent results: {delimiter}"
        ));
    };
    let expansion = match quote_count(&word.text) == quote_count(&quoted_word.text) {
        true => Expansion::Expand,
        false => Expansion::Literal,
    };
    Ok(Some((word.text.clone(), expansion)))
}

fn quote_count(text: &str) -> usize {
    text.chars().filter(|&c| c == '\'' || c == '"').count()
}

/// Go's `strconv.ParseUint(digits, 10, 0)` with the error ignored: empty
/// text gives 0, too many digits give the largest value.
fn file_descriptor(digits: &str) -> u64 {
    digits.bytes().fold(0u64, |value, digit| {
        value
            .saturating_mul(10)
            .saturating_add(u64::from(digit - b'0'))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(line: &str) -> Result<Vec<(String, u64, Expansion, Chomp)>, String> {
        openers(line).map(|found| {
            found
                .into_iter()
                .map(|opener| {
                    (
                        opener.name,
                        opener.file_descriptor,
                        opener.expansion,
                        opener.chomp,
                    )
                })
                .collect()
        })
    }

    /// Name, file descriptor, expansion and chomp of one opener.
    type Expected<'a> = (&'a str, u64, Expansion, Chomp);

    #[test]
    fn openers_as_buildkit_finds_them() {
        use Chomp::*;
        use Expansion::*;
        let cases: [(&str, &[Expected]); 16] = [
            ("RUN <<EOF", &[("EOF", 0, Expand, Keep)]),
            ("RUN <<-EOF", &[("EOF", 0, Expand, StripTabs)]),
            ("RUN 3<<EOF", &[("EOF", 3, Expand, Keep)]),
            ("RUN <<\"EOF\"", &[("EOF", 0, Literal, Keep)]),
            ("RUN <<'EOF'", &[("EOF", 0, Literal, Keep)]),
            ("RUN <<E\"O\"F", &[("EOF", 0, Literal, Keep)]),
            ("RUN <<\\EOF", &[("EOF", 0, Expand, Keep)]),
            (
                "RUN <<A <<-B cat",
                &[("A", 0, Expand, Keep), ("B", 0, Expand, StripTabs)],
            ),
            (
                "COPY <<EOF <<EOF2 /dest/",
                &[("EOF", 0, Expand, Keep), ("EOF2", 0, Expand, Keep)],
            ),
            ("RUN cat<<EOF", &[]),
            ("RUN <<EOF<<X", &[]),
            ("RUN <<\"\"", &[]),
            ("RUN << EOF", &[("EOF", 0, Expand, Keep)]),
            ("RUN <<- EOF", &[]),
            ("RUN << -EOF", &[("-EOF", 0, Expand, Keep)]),
            ("RUN <<EOF \"unterminated", &[]),
        ];
        for (line, expected) in cases {
            let expected = expected
                .iter()
                .map(|&(name, fd, expansion, chomp)| (name.to_owned(), fd, expansion, chomp))
                .collect();
            assert_eq!(names(line), Ok(expected), "line {line:?}");
        }
    }

    #[test]
    fn malformed_delimiter_is_an_error() {
        assert_eq!(
            names("RUN <<${a:-\\\"}"),
            Err("failed to process \"${a:-\\\"}\": syntax error: missing '}'".to_owned())
        );
    }

    #[test]
    fn file_descriptor_saturates() {
        assert_eq!(file_descriptor(""), 0);
        assert_eq!(file_descriptor("99999999999999999999999"), u64::MAX);
    }
}
