//! The argument parsers BuildKit's parser dispatches to by instruction name
//! (BuildKit's `line_parsers.go`), one per argument shape.
//!
//! | instructions | shape |
//! | --- | --- |
//! | FROM, EXPOSE | words split on `[\t\v\f\r ]` |
//! | USER, WORKDIR, STOPSIGNAL, MAINTAINER | the rest of the line |
//! | ARG | quote-aware words, each `name` or `name=value` |
//! | ENV, LABEL | `key value` (legacy) or quote-aware `key=value` words |
//! | RUN, CMD, ENTRYPOINT, SHELL | a JSON array of strings, else the text |
//! | COPY, ADD, VOLUME | a JSON array of strings, else words |
//! | HEALTHCHECK | a type word, then as RUN |
//! | ONBUILD | another instruction (built by the caller) |
//! | anything else | ignored, kept as one empty argument |
//!
//! A JSON array that is not valid JSON falls back to the text form; a valid
//! array with an element that is not a string is an error.

use std::borrow::Cow;

use super::ast::{Arguments, Command, Declaration, ErrorKind, KeyValue, Paths, Separator};
use super::go;
use super::json::{parse_string_array, ArrayParse};
use super::words::parse_words;

/// An error from a line parser, in BuildKit's words.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LineError {
    /// The kind of error.
    pub kind: ErrorKind,
    /// BuildKit's message.
    pub message: String,
}

impl LineError {
    fn new(kind: ErrorKind, message: impl Into<String>) -> Self {
        Self {
            kind,
            message: message.into(),
        }
    }
}

/// Parses `rest`, the trimmed text after the name and flags, for the
/// instruction `name` (lowercase). ONBUILD is handled by the caller.
pub fn parse_arguments(name: &str, rest: &str, escape: char) -> Result<Arguments, LineError> {
    match name {
        "add" | "copy" | "volume" => parse_maybe_json_to_list(rest),
        "arg" => Ok(parse_name_or_name_value(rest, escape)),
        "cmd" | "entrypoint" | "run" | "shell" => {
            Ok(parse_maybe_json(rest)?.map_or(Arguments::None, Arguments::Command))
        }
        "env" => parse_name_value(rest, "ENV", escape),
        "label" => parse_name_value(rest, "LABEL", escape),
        "expose" | "from" => Ok(whitespace_words(rest).map_or(Arguments::None, Arguments::Words)),
        "healthcheck" => parse_health_config(rest),
        "maintainer" | "stopsignal" | "user" | "workdir" => Ok(parse_string(rest)),
        _ => Ok(Arguments::Unknown),
    }
}

/// The rest of the line as one string.
fn parse_string(rest: &str) -> Arguments {
    match rest.is_empty() {
        true => Arguments::None,
        false => Arguments::Text(rest.to_owned()),
    }
}

/// Words split on runs of `[\t\v\f\r ]`; `None` for empty text.
fn whitespace_words(rest: &str) -> Option<Vec<String>> {
    if rest.is_empty() {
        return None;
    }
    Some(
        rest.split(go::is_split_space)
            .filter(|word| !word.is_empty())
            .map(str::to_owned)
            .collect(),
    )
}

/// ARG: every word is a declaration.
fn parse_name_or_name_value(rest: &str, escape: char) -> Arguments {
    let words = parse_words(rest, escape);
    if words.is_empty() {
        return Arguments::None;
    }
    let declarations = words
        .into_iter()
        .map(|word| match word.split_once('=') {
            Some((name, value)) => Declaration {
                name: name.to_owned(),
                value: Some(value.to_owned()),
            },
            None => Declaration {
                name: word,
                value: None,
            },
        })
        .collect();
    Arguments::Declarations(declarations)
}

/// ENV and LABEL. The form is chosen by the first word: without `=` it is
/// the legacy `key value` form, where the value is the rest of the line.
fn parse_name_value(rest: &str, instruction: &str, escape: char) -> Result<Arguments, LineError> {
    let words = parse_words(rest, escape);
    let Some(first) = words.first() else {
        return Ok(Arguments::None);
    };
    if !first.contains('=') {
        return legacy_pair(rest, instruction);
    }
    let mut pairs = Vec::with_capacity(words.len());
    for word in &words {
        let Some((key, value)) = word.split_once('=') else {
            let message = format!(
                "Syntax error - can't find = in {}. Must be of the form: name=value",
                go::quote(word)
            );
            return Err(LineError::new(ErrorKind::MissingEquals, message));
        };
        pairs.push(KeyValue {
            key: key.to_owned(),
            value: value.to_owned(),
            separator: Separator::Equals,
        });
    }
    Ok(Arguments::KeyValues(pairs))
}

fn legacy_pair(rest: &str, instruction: &str) -> Result<Arguments, LineError> {
    let Some(key_end) = rest.find(go::is_split_space) else {
        return Err(LineError::new(
            ErrorKind::MissingValue,
            format!("{instruction} must have two arguments"),
        ));
    };
    let value = rest[key_end..].trim_start_matches(go::is_split_space);
    let pair = KeyValue {
        key: rest[..key_end].to_owned(),
        value: value.to_owned(),
        separator: Separator::Whitespace,
    };
    Ok(Arguments::KeyValues(vec![pair]))
}

/// RUN, CMD, ENTRYPOINT, SHELL: `None` for empty text.
fn parse_maybe_json(rest: &str) -> Result<Option<Command>, LineError> {
    if rest.is_empty() {
        return Ok(None);
    }
    match parse_string_array(rest.trim_start_matches(go::is_space)) {
        ArrayParse::Strings(strings) => Ok(Some(Command::Exec(strings))),
        ArrayParse::NotStrings => Err(not_strings()),
        ArrayParse::NotArray | ArrayParse::Invalid => Ok(Some(Command::Shell(rest.to_owned()))),
    }
}

/// COPY, ADD, VOLUME.
fn parse_maybe_json_to_list(rest: &str) -> Result<Arguments, LineError> {
    match parse_string_array(rest.trim_start_matches(go::is_space)) {
        ArrayParse::Strings(strings) => Ok(Arguments::Paths(Paths::Exec(strings))),
        ArrayParse::NotStrings => Err(not_strings()),
        ArrayParse::NotArray | ArrayParse::Invalid => Ok(whitespace_words(rest)
            .map_or(Arguments::None, |words| {
                Arguments::Paths(Paths::Shell(words))
            })),
    }
}

fn not_strings() -> LineError {
    LineError::new(
        ErrorKind::NonStringJsonArray,
        "when using JSON array syntax, arrays must be comprised of strings only",
    )
}

/// HEALTHCHECK: the first word, then a command. BuildKit finds the end of
/// the first word byte by byte, so the bytes 0x85 and 0xA0 inside a
/// multi-byte character end it too.
fn parse_health_config(rest: &str) -> Result<Arguments, LineError> {
    let bytes = rest.as_bytes();
    let separator = bytes
        .iter()
        .position(|&b| go::is_space_byte(b))
        .unwrap_or(bytes.len());
    if separator == 0 {
        return Ok(Arguments::None);
    }
    let next = bytes[separator..]
        .iter()
        .position(|&b| !go::is_space_byte(b))
        .map_or(bytes.len(), |at| separator + at);
    let kind = byte_slice(rest, 0, separator).into_owned();
    let command = parse_maybe_json(&byte_slice(rest, next, bytes.len()))?;
    Ok(Arguments::Healthcheck { kind, command })
}

/// Slices `text` at byte offsets that may fall inside a character.
fn byte_slice(text: &str, start: usize, end: usize) -> Cow<'_, str> {
    match text.get(start..end) {
        Some(slice) => Cow::Borrowed(slice),
        // FIXME: BuildKit keeps the broken UTF-8 and its dump shows `\x..`
        // escapes; this decodes it with U+FFFD instead.
        None => String::from_utf8_lossy(&text.as_bytes()[start..end]),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(name: &str, rest: &str) -> Result<Arguments, LineError> {
        parse_arguments(name, rest, '\\')
    }

    fn key_values(pairs: &[(&str, &str, Separator)]) -> Arguments {
        Arguments::KeyValues(
            pairs
                .iter()
                .map(|&(key, value, separator)| KeyValue {
                    key: key.into(),
                    value: value.into(),
                    separator,
                })
                .collect(),
        )
    }

    #[test]
    fn name_value_forms() {
        use Separator::*;
        let cases = [
            ("name value", key_values(&[("name", "value", Whitespace)])),
            (
                "name  value  more",
                key_values(&[("name", "value  more", Whitespace)]),
            ),
            ("name=value", key_values(&[("name", "value", Equals)])),
            (
                "a=1 b=\"2 3\"",
                key_values(&[("a", "1", Equals), ("b", "\"2 3\"", Equals)]),
            ),
            ("a=", key_values(&[("a", "", Equals)])),
            ("", Arguments::None),
        ];
        for (rest, expected) in cases {
            assert_eq!(parse("env", rest), Ok(expected), "rest {rest:?}");
        }
    }

    #[test]
    fn name_value_errors() {
        assert_eq!(
            parse("env", "PATH").unwrap_err().message,
            "ENV must have two arguments"
        );
        assert_eq!(
            parse("label", "x").unwrap_err().message,
            "LABEL must have two arguments"
        );
        assert_eq!(
            parse("env", "a=1 b").unwrap_err().message,
            "Syntax error - can't find = in \"b\". Must be of the form: name=value"
        );
    }

    #[test]
    fn command_forms() {
        let exec = |items: &[&str]| {
            Arguments::Command(Command::Exec(items.iter().map(|s| s.to_string()).collect()))
        };
        let shell = |text: &str| Arguments::Command(Command::Shell(text.into()));
        let cases = [
            ("[\"a\", \"b\"]", exec(&["a", "b"])),
            ("[]", exec(&[])),
            ("['a']", shell("['a']")),
            ("[\"a\"", shell("[\"a\"")),
            ("echo hi", shell("echo hi")),
            ("", Arguments::None),
        ];
        for (rest, expected) in cases {
            assert_eq!(parse("run", rest), Ok(expected), "rest {rest:?}");
        }
        assert_eq!(
            parse("cmd", "[\"a\", [\"b\"]]").unwrap_err().kind,
            ErrorKind::NonStringJsonArray
        );
    }

    #[test]
    fn path_forms() {
        let words = |items: &[&str]| {
            Arguments::Paths(Paths::Shell(items.iter().map(|s| s.to_string()).collect()))
        };
        assert_eq!(parse("copy", "a  b\tc"), Ok(words(&["a", "b", "c"])));
        assert_eq!(
            parse("volume", "[\"/a\"]"),
            Ok(Arguments::Paths(Paths::Exec(vec!["/a".into()])))
        );
        assert_eq!(parse("add", ""), Ok(Arguments::None));
    }

    #[test]
    fn healthcheck_forms() {
        let none = Arguments::Healthcheck {
            kind: "NONE".into(),
            command: None,
        };
        assert_eq!(parse("healthcheck", "NONE"), Ok(none));
        let shell = Arguments::Healthcheck {
            kind: "CMD".into(),
            command: Some(Command::Shell("curl -f x".into())),
        };
        assert_eq!(parse("healthcheck", "CMD  curl -f x"), Ok(shell));
        assert_eq!(parse("healthcheck", ""), Ok(Arguments::None));
    }

    #[test]
    fn other_shapes() {
        let declarations = Arguments::Declarations(vec![
            Declaration {
                name: "foo".into(),
                value: None,
            },
            Declaration {
                name: "bar".into(),
                value: Some("baz".into()),
            },
        ]);
        assert_eq!(parse("arg", "foo bar=baz"), Ok(declarations));
        assert_eq!(parse("user", "a b"), Ok(Arguments::Text("a b".into())));
        assert_eq!(
            parse("from", "a AS b"),
            Ok(Arguments::Words(vec!["a".into(), "AS".into(), "b".into()]))
        );
        assert_eq!(parse("frobnicate", "x"), Ok(Arguments::Unknown));
    }
}
