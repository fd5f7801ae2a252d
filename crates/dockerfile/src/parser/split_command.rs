//! Splitting a logical line into instruction name, flags and arguments
//! (BuildKit's `split_command.go`).
//!
//! The name is the first word after the line is trimmed, ended by a run of
//! `[\t\v\f\r ]`. Flags are the words right after it that start with `--`;
//! the first other word, or a lone `--`, ends them.
//!
//! The flag scanner walks bytes, not characters, as BuildKit's does. Quotes
//! are removed. The escape token in force escapes the next byte, because
//! BuildKit passes its directives to `extractBuilderFlags`. Every byte is
//! widened to the code point of the same value, so `é` in a flag comes out
//! as `Ã©`. The bytes 0x85 and 0xA0 inside multi-byte characters count as
//! white space.

use std::borrow::Cow;
use std::ops::Range;

use super::go;

/// A logical line split into its parts.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SplitLine<'a> {
    /// The instruction name as written, and where it is in the line.
    pub keyword: Range<usize>,
    /// The flags, quotes and escapes removed.
    pub flags: Vec<String>,
    /// The arguments, trimmed.
    pub arguments: Cow<'a, str>,
    /// The range of the arguments in the line.
    pub arguments_range: Range<usize>,
}

/// Splits `line` as BuildKit's `splitCommand` does.
pub fn split_command(line: &str, escape: char) -> SplitLine<'_> {
    let trimmed = go_trim_space(line);
    let trimmed_start = trimmed.as_ptr() as usize - line.as_ptr() as usize;
    let keyword_end = trimmed.find(go::is_split_space).unwrap_or(trimmed.len());
    let keyword = trimmed_start..trimmed_start + keyword_end;
    let after_keyword = &trimmed[keyword_end..];
    let rest = after_keyword.trim_start_matches(go::is_split_space);
    if keyword_end == trimmed.len() {
        let end = keyword.end;
        return SplitLine {
            keyword,
            flags: Vec::new(),
            arguments: Cow::Borrowed(""),
            arguments_range: end..end,
        };
    }
    let rest_start = trimmed_start + trimmed.len() - rest.len();
    let (arguments_at, flags) = extract_flags(rest.as_bytes(), escape);
    let arguments_start = rest_start + arguments_at;
    let (arguments, arguments_range) =
        trimmed_arguments(line, arguments_start, trimmed_start + trimmed.len());
    SplitLine {
        keyword,
        flags,
        arguments,
        arguments_range,
    }
}

/// `strings.TrimSpace`, which trims the same white space as `str::trim`.
fn go_trim_space(s: &str) -> &str {
    s.trim_matches(go::is_space)
}

/// Returns the arguments `line[start..end]`, trimmed. `start` may fall
/// inside a multi-byte character, as BuildKit's byte scanner allows; the
/// text is then decoded with replacement characters.
fn trimmed_arguments(line: &str, start: usize, end: usize) -> (Cow<'_, str>, Range<usize>) {
    if line.is_char_boundary(start) {
        let text = go_trim_space(&line[start..end]);
        let offset = text.as_ptr() as usize - line.as_ptr() as usize;
        return (Cow::Borrowed(text), offset..offset + text.len());
    }
    // FIXME: BuildKit keeps the broken UTF-8 here and its dump shows it as
    // `\x..` escapes; this decodes it with U+FFFD instead.
    let lossy = String::from_utf8_lossy(&line.as_bytes()[start..end]);
    let text = go_trim_space(&lossy).to_owned();
    let boundary = (start..=end)
        .find(|&index| line.is_char_boundary(index))
        .unwrap_or(end);
    (Cow::Owned(text), boundary..end)
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Phase {
    Spaces,
    Word,
    Quote(u8),
}

/// Reads flags from the start of `rest`; returns where the arguments start
/// and the flags. Ports BuildKit's `extractBuilderFlags`.
fn extract_flags(rest: &[u8], escape: char) -> (usize, Vec<String>) {
    let escape = u8::try_from(escape).unwrap_or(b'\\');
    let mut flags = Vec::new();
    let mut word = String::new();
    let mut phase = Phase::Spaces;
    let mut blank_ok = false;
    let mut position = 0;

    while position < rest.len() {
        let mut byte = rest[position];
        match phase {
            Phase::Spaces if go::is_space_byte(byte) => {}
            Phase::Spaces if !starts_flag(rest, position) => return (position, flags),
            Phase::Spaces | Phase::Word if go::is_space_byte(byte) => {
                if word == "--" {
                    return (position, flags);
                }
                if blank_ok || !word.is_empty() {
                    flags.push(std::mem::take(&mut word));
                }
                word.clear();
                blank_ok = false;
                phase = Phase::Spaces;
            }
            Phase::Spaces | Phase::Word if byte == b'\'' || byte == b'"' => {
                phase = Phase::Quote(byte);
                blank_ok = true;
            }
            Phase::Spaces | Phase::Word => {
                phase = Phase::Word;
                if byte == escape {
                    if position + 1 == rest.len() {
                        position += 1;
                        continue;
                    }
                    position += 1;
                    byte = rest[position];
                }
                go::push_byte_as_rune(&mut word, byte);
            }
            Phase::Quote(quote) if byte == quote => phase = Phase::Word,
            Phase::Quote(_) => {
                if byte == escape {
                    if position + 1 == rest.len() {
                        phase = Phase::Word;
                        position += 1;
                        continue;
                    }
                    position += 1;
                    byte = rest[position];
                }
                go::push_byte_as_rune(&mut word, byte);
            }
        }
        position += 1;
    }
    if phase != Phase::Spaces && word != "--" && (blank_ok || !word.is_empty()) {
        flags.push(word);
    }
    (rest.len(), flags)
}

fn starts_flag(rest: &[u8], position: usize) -> bool {
    rest[position] == b'-' && rest.get(position + 1) == Some(&b'-')
}

#[cfg(test)]
mod tests {
    use super::*;

    fn split(line: &str) -> (&str, Vec<String>, String) {
        let parts = split_command(line, '\\');
        (
            &line[parts.keyword],
            parts.flags,
            parts.arguments.into_owned(),
        )
    }

    /// A line, and its name, flags and arguments.
    type Case<'a> = (&'a str, (&'a str, &'a [&'a str], &'a str));

    #[test]
    fn splits_name_flags_arguments() {
        let cases: [Case; 13] = [
            ("RUN echo hi", ("RUN", &[], "echo hi")),
            ("  run\t echo hi  ", ("run", &[], "echo hi")),
            (
                "COPY --from=a --chown=b c d",
                ("COPY", &["--from=a", "--chown=b"], "c d"),
            ),
            (
                "COPY --doit=true -- foo /tmp/",
                ("COPY", &["--doit=true"], "foo /tmp/"),
            ),
            ("COPY -- foo", ("COPY", &[], "foo")),
            ("CMD --doit", ("CMD", &["--doit"], "")),
            ("CMD --doit --", ("CMD", &["--doit"], "")),
            (
                "RUN --mount=\"type=a b\" x",
                ("RUN", &["--mount=type=a b"], "x"),
            ),
            ("RUN --a='' x", ("RUN", &["--a="], "x")),
            ("RUN --a=\\\"b x", ("RUN", &["--a=\"b"], "x")),
            ("RUN --x=é y", ("RUN", &["--x=Ã©"], "y")),
            ("RUN -x y", ("RUN", &[], "-x y")),
            ("FROM", ("FROM", &[], "")),
        ];
        for (line, (keyword, flags, arguments)) in cases {
            assert_eq!(
                split(line),
                (
                    keyword,
                    flags.iter().map(|f| f.to_string()).collect(),
                    arguments.to_owned()
                ),
                "line {line:?}"
            );
        }
    }

    #[test]
    fn flag_scanner_treats_nbsp_byte_as_space() {
        let (_, flags, arguments) = split("RUN --x=à y");
        assert_eq!(flags, ["--x=Ã"]);
        assert_eq!(arguments, "y");
    }
}
