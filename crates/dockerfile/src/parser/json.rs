//! JSON as Go's `encoding/json` reads it, for exec-form arguments.
//!
//! BuildKit calls `json.Unmarshal` on arguments that start with `[`. Go first
//! checks that the whole text is valid JSON (RFC 8259, at most 10,000 nested
//! arrays and objects, only white space after the value); any syntax error
//! makes BuildKit fall back to shell form. Only then does BuildKit require
//! every element to be a string. Strings decode as Go decodes them: a
//! `\uXXXX` surrogate that is not part of a valid pair becomes U+FFFD.
//!
//! Containers are tracked on an explicit stack, so deep nesting cannot
//! overflow the call stack.

use nom::branch::alt;
use nom::bytes::complete::{tag, take_while, take_while1, take_while_m_n};
use nom::character::complete::{char, one_of};
use nom::combinator::{opt, recognize};
use nom::sequence::preceded;
use nom::{IResult, Parser};

/// Go's `maxNestingDepth`.
const MAX_DEPTH: usize = 10_000;

/// What a text that may be a JSON array of strings turned out to be.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ArrayParse {
    /// The text does not start with `[`.
    NotArray,
    /// The text is not valid JSON.
    Invalid,
    /// Valid JSON, but some element is not a string.
    NotStrings,
    /// The decoded strings.
    Strings(Vec<String>),
}

/// Reads `text` (already trimmed of leading white space) as BuildKit's
/// `parseJSON` does.
pub fn parse_string_array(text: &str) -> ArrayParse {
    if !text.starts_with('[') {
        return ArrayParse::NotArray;
    }
    let mut visitor = ArrayVisitor::default();
    match walk(text, &mut visitor) {
        Err(()) => ArrayParse::Invalid,
        Ok(()) if visitor.not_strings => ArrayParse::NotStrings,
        Ok(()) => ArrayParse::Strings(visitor.strings),
    }
}

/// Returns the string value of `key` in the JSON object that makes up all of
/// `text`, the last one when the key repeats, as Go's decoding into a map
/// keeps it. Returns `None` for invalid JSON, a non-object or a non-string.
pub fn object_string_value(text: &str, key: &str) -> Option<String> {
    let mut visitor = ObjectVisitor {
        key,
        value: None,
        pending_key: None,
    };
    walk(text, &mut visitor).ok()?;
    if !text.trim_start_matches(is_json_space).starts_with('{') {
        return None;
    }
    visitor.value.flatten()
}

/// Receives the values found at depth 1 of the top-level container.
trait Visitor {
    /// A string key of the top-level object.
    fn key(&mut self, _key: &str) {}
    /// A value at depth 1; `raw` is its text, `string` its decoded text when
    /// it is a string.
    fn value(&mut self, raw: &str, string: Option<String>);
    /// Whether values need decoding.
    fn wants_strings(&self) -> bool;
}

#[derive(Default)]
struct ArrayVisitor {
    strings: Vec<String>,
    not_strings: bool,
}

impl Visitor for ArrayVisitor {
    fn value(&mut self, _raw: &str, string: Option<String>) {
        match string {
            Some(string) => self.strings.push(string),
            None => self.not_strings = true,
        }
    }

    fn wants_strings(&self) -> bool {
        !self.not_strings
    }
}

struct ObjectVisitor<'k> {
    key: &'k str,
    value: Option<Option<String>>,
    pending_key: Option<String>,
}

impl Visitor for ObjectVisitor<'_> {
    fn key(&mut self, key: &str) {
        self.pending_key = Some(key.to_owned());
    }

    fn value(&mut self, _raw: &str, string: Option<String>) {
        if self.pending_key.take().as_deref() == Some(self.key) {
            self.value = Some(string);
        }
    }

    fn wants_strings(&self) -> bool {
        true
    }
}

/// What the walker expects next inside a container.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Container {
    Array,
    Object,
}

/// Validates `text` as one JSON value followed only by white space, and
/// reports the values at depth 1 to `visitor`.
fn walk(text: &str, visitor: &mut dyn Visitor) -> Result<(), ()> {
    let mut stack: Vec<Container> = Vec::new();
    let mut rest = skip_space(text);
    loop {
        rest = walk_value(rest, &mut stack, visitor)?;
        loop {
            rest = skip_space(rest);
            let Some(&top) = stack.last() else {
                return if rest.is_empty() { Ok(()) } else { Err(()) };
            };
            match (top, rest.as_bytes().first()) {
                (_, Some(b',')) => {
                    rest = skip_space(&rest[1..]);
                    if top == Container::Object {
                        rest = walk_key(rest, stack.len(), visitor)?;
                    }
                    break;
                }
                (Container::Array, Some(b']')) | (Container::Object, Some(b'}')) => {
                    stack.pop();
                    rest = &rest[1..];
                }
                _ => return Err(()),
            }
        }
    }
}

/// Walks one value; an opening bracket pushes a container and returns at
/// its first element, an empty container is closed at once.
fn walk_value<'a>(
    text: &'a str,
    stack: &mut Vec<Container>,
    visitor: &mut dyn Visitor,
) -> Result<&'a str, ()> {
    let mut rest = text;
    loop {
        let depth = stack.len();
        match rest.as_bytes().first() {
            Some(b'[') | Some(b'{') => {
                if depth == 1 {
                    visitor.value(rest, None);
                }
                let container = if rest.starts_with('[') {
                    Container::Array
                } else {
                    Container::Object
                };
                stack.push(container);
                if stack.len() > MAX_DEPTH {
                    return Err(());
                }
                rest = skip_space(&rest[1..]);
                let closer = if container == Container::Array {
                    ']'
                } else {
                    '}'
                };
                if let Some(after) = rest.strip_prefix(closer) {
                    stack.pop();
                    return Ok(after);
                }
                if container == Container::Object {
                    rest = walk_key(rest, stack.len(), visitor)?;
                }
            }
            Some(_) => return walk_scalar(rest, depth, visitor),
            None => return Err(()),
        }
    }
}

/// Walks `"key" :` inside an object at `depth`.
fn walk_key<'a>(text: &'a str, depth: usize, visitor: &mut dyn Visitor) -> Result<&'a str, ()> {
    let (rest, raw) = string_token(text).map_err(|_| ())?;
    if depth == 1 {
        visitor.key(&decode_string(raw));
    }
    let rest = skip_space(rest);
    let rest = rest.strip_prefix(':').ok_or(())?;
    Ok(skip_space(rest))
}

fn walk_scalar<'a>(text: &'a str, depth: usize, visitor: &mut dyn Visitor) -> Result<&'a str, ()> {
    if let Ok((rest, raw)) = string_token(text) {
        if depth == 1 {
            let decoded = visitor.wants_strings().then(|| decode_string(raw));
            visitor.value(raw, Some(decoded.unwrap_or_default()));
        }
        return Ok(rest);
    }
    let (rest, raw) = alt((number, tag("true"), tag("false"), tag("null")))
        .parse(text)
        .map_err(|_| ())?;
    if depth == 1 {
        visitor.value(raw, None);
    }
    Ok(rest)
}

fn is_json_space(c: char) -> bool {
    matches!(c, ' ' | '\t' | '\n' | '\r')
}

fn skip_space(text: &str) -> &str {
    text.trim_start_matches(is_json_space)
}

/// `-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?`
fn number(input: &str) -> IResult<&str, &str> {
    let digits = || take_while1(|c: char| c.is_ascii_digit());
    let integer = alt((
        tag("0"),
        recognize((
            one_of("123456789"),
            take_while(|c: char| c.is_ascii_digit()),
        )),
    ));
    let fraction = preceded(char('.'), digits());
    let exponent = (one_of("eE"), opt(one_of("+-")), digits());
    recognize((opt(char('-')), integer, opt(fraction), opt(exponent))).parse(input)
}

/// A whole string token, quotes included; returns the text between the
/// quotes.
fn string_token(input: &str) -> IResult<&str, &str> {
    let (body, _) = char('"').parse(input)?;
    let mut chars = body.char_indices();
    while let Some((index, c)) = chars.next() {
        match c {
            '"' => return Ok((&body[index + 1..], &body[..index])),
            '\\' => {
                let escape_at = index + 1;
                escape_sequence(&body[escape_at..])?;
                let skip = if body[escape_at..].starts_with('u') {
                    5
                } else {
                    1
                };
                for _ in 0..skip {
                    chars.next();
                }
            }
            c if (c as u32) < 0x20 => break,
            _ => {}
        }
    }
    Err(nom::Err::Error(nom::error::Error::new(
        input,
        nom::error::ErrorKind::Char,
    )))
}

/// One escape after a backslash: `"\/bfnrt` or `u` and four hex digits.
fn escape_sequence(input: &str) -> IResult<&str, &str> {
    alt((
        recognize(one_of("\"\\/bfnrt")),
        recognize((
            char('u'),
            take_while_m_n(4, 4, |c: char| c.is_ascii_hexdigit()),
        )),
    ))
    .parse(input)
}

/// Decodes the body of a valid string token.
fn decode_string(raw: &str) -> String {
    if !raw.contains('\\') {
        return raw.to_owned();
    }
    let mut out = String::with_capacity(raw.len());
    let mut rest = raw;
    while let Some(index) = rest.find('\\') {
        out.push_str(&rest[..index]);
        rest = decode_escape(&rest[index..], &mut out);
    }
    out.push_str(rest);
    out
}

/// Decodes the escape at the start of `text` into `out`; returns the text
/// after it.
fn decode_escape<'a>(text: &'a str, out: &mut String) -> &'a str {
    let Some(unit) = hex4(text) else {
        let c = text[1..].chars().next().unwrap_or('\\');
        out.push(match c {
            'b' => '\x08',
            'f' => '\x0C',
            'n' => '\n',
            'r' => '\r',
            't' => '\t',
            other => other,
        });
        return &text[1 + c.len_utf8()..];
    };
    let after = &text[6..];
    if !(0xD800..0xE000).contains(&unit) {
        out.push(char::from_u32(unit).unwrap_or('\u{FFFD}'));
        return after;
    }
    let pair = hex4(after)
        .filter(|low| (0xD800..0xDC00).contains(&unit) && (0xDC00..0xE000).contains(low));
    match pair {
        Some(low) => {
            let code = 0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00);
            out.push(char::from_u32(code).unwrap_or('\u{FFFD}'));
            &after[6..]
        }
        None => {
            out.push('\u{FFFD}');
            after
        }
    }
}

/// Reads `\uXXXX` at the start of `text`.
fn hex4(text: &str) -> Option<u32> {
    let digits = text.strip_prefix("\\u")?.get(..4)?;
    u32::from_str_radix(digits, 16)
        .ok()
        .filter(|_| digits.bytes().all(|b| b.is_ascii_hexdigit()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn strings(values: &[&str]) -> ArrayParse {
        ArrayParse::Strings(values.iter().map(|value| value.to_string()).collect())
    }

    #[test]
    fn arrays_as_go_reads_them() {
        let cases = [
            (r#"[]"#, strings(&[])),
            (r#"[ "a" , "b" ]"#, strings(&["a", "b"])),
            ("[\t\"a\",\t\"b\"\t]", strings(&["a", "b"])),
            (
                r#"["\" \\ \/ \b \f \n \r \t \u0000"]"#,
                strings(&["\" \\ / \x08 \x0c \n \r \t \0"]),
            ),
            (
                r#"["\ud83d\ude00", "\ud83d", "\ude00x", "\ud83d\u0041"]"#,
                strings(&["😀", "\u{fffd}", "\u{fffd}x", "\u{fffd}A"]),
            ),
            (r#"["a", 1]"#, ArrayParse::NotStrings),
            (r#"["a", ["b"]]"#, ArrayParse::NotStrings),
            (r#"["a", {"b": 1}, null]"#, ArrayParse::NotStrings),
            (r#"['a']"#, ArrayParse::Invalid),
            (r#"["a",]"#, ArrayParse::Invalid),
            (r#"["a"] x"#, ArrayParse::Invalid),
            (r#"["a", 1] x"#, ArrayParse::Invalid),
            ("[\"a\tb\"]", ArrayParse::Invalid),
            (r#"["\x"]"#, ArrayParse::Invalid),
            (r#"[01]"#, ArrayParse::Invalid),
            (r#"[-1.5e+3, true, false]"#, ArrayParse::NotStrings),
            (r#"["unterminated"#, ArrayParse::Invalid),
            ("x", ArrayParse::NotArray),
        ];
        for (text, expected) in cases {
            assert_eq!(parse_string_array(text), expected, "text {text:?}");
        }
    }

    #[test]
    fn nesting_limit() {
        let deep_ok = format!(
            "[{}{}]",
            "[".repeat(MAX_DEPTH - 1),
            "]".repeat(MAX_DEPTH - 1)
        );
        assert_eq!(parse_string_array(&deep_ok), ArrayParse::NotStrings);
        let too_deep = format!("[{}{}]", "[".repeat(MAX_DEPTH), "]".repeat(MAX_DEPTH));
        assert_eq!(parse_string_array(&too_deep), ArrayParse::Invalid);
    }

    #[test]
    fn object_values() {
        assert_eq!(
            object_string_value(r#" {"syntax": "a", "x": [1]} "#, "syntax"),
            Some("a".into())
        );
        assert_eq!(
            object_string_value(r#"{"syntax": "a", "syntax": 2}"#, "syntax"),
            None
        );
        assert_eq!(
            object_string_value(r#"{"syntax": 2, "syntax": "b"}"#, "syntax"),
            Some("b".into())
        );
        assert_eq!(object_string_value(r#"["syntax"]"#, "syntax"), None);
        assert_eq!(
            object_string_value(r#"{"a": {"syntax": "x"}}"#, "syntax"),
            None
        );
    }
}
