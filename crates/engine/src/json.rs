//! JSON values whose objects keep their keys in the order given, as Go's
//! `encoding/json` writes a struct's fields, and the indented text
//! `docker inspect` prints (Go's `json.Indent` with four spaces).
//!
//! `serde_json::Value` sorts object keys, which matches Go's maps but not
//! its structs; Engine API bodies mix both, so they are built with [`Json`].

use shared_sort::SortedMap;

mod fields;
mod float;
mod read;

pub use fields::{string_map, strings, unsigned, Fields};
pub use read::{JsonError, MAX_DEPTH};

/// A type read from JSON by a hand-written conversion.
pub trait FromJson: Sized {
    /// Reads a value, or returns an error naming the missing or invalid field.
    fn from_json(value: &Json) -> Result<Self, String>;
}

/// A type written as JSON by a hand-written conversion.
pub trait ToJson {
    /// Returns the value as JSON.
    fn to_json(&self) -> Json;
}

/// A JSON value with ordered objects.
#[derive(Clone, Debug, PartialEq)]
pub enum Json {
    Null,
    Bool(bool),
    /// An integer, written in decimal.
    Int(i64),
    /// A finite number with a fraction or an exponent, or one too large
    /// for `i64`.
    Float(f64),
    String(String),
    Array(Vec<Json>),
    /// Fields in the order they are written.
    Object(Vec<(String, Json)>),
}

impl Json {
    /// Builds an object from fields in order.
    pub fn object<K: Into<String>>(fields: Vec<(K, Json)>) -> Json {
        Json::Object(
            fields
                .into_iter()
                .map(|(key, value)| (key.into(), value))
                .collect(),
        )
    }

    /// Builds a Go map: keys sorted, as `encoding/json` writes maps.
    pub fn map<V: Into<Json>>(entries: impl IntoIterator<Item = (String, V)>) -> Json {
        let sorted: SortedMap<String, Json> = entries
            .into_iter()
            .map(|(key, value)| (key, value.into()))
            .collect();
        Json::Object(sorted.into_iter().collect())
    }

    /// Builds an array of strings.
    pub fn strings<S: AsRef<str>>(values: &[S]) -> Json {
        Json::Array(
            values
                .iter()
                .map(|value| Json::String(value.as_ref().to_string()))
                .collect(),
        )
    }

    /// Builds an array of strings, or `null` when empty, as Go writes a nil slice.
    pub fn strings_or_null<S: AsRef<str>>(values: &[S]) -> Json {
        if values.is_empty() {
            Json::Null
        } else {
            Json::strings(values)
        }
    }

    /// Reads JSON text; see [`read`] for the rules.
    pub fn parse(text: &str) -> Result<Json, JsonError> {
        read::parse(text)
    }

    /// Writes the value without spaces.
    pub fn to_compact(&self) -> String {
        let mut text = String::new();
        self.write(&mut text, Style::GO, 0);
        text
    }

    /// Writes the value indented by four spaces a level, as `docker
    /// inspect` prints it.
    pub fn to_indented(&self) -> String {
        let mut text = String::new();
        self.write(&mut text, Style::GO_INDENTED, 0);
        text
    }

    /// Writes the value indented by `unit` a level, as Go's
    /// `json.MarshalIndent(v, "", unit)` does apart from HTML escaping.
    pub fn to_indented_by(&self, unit: &'static str) -> String {
        let mut text = String::new();
        let style = Style {
            indent: Some(unit),
            escape: Escape::Go,
        };
        self.write(&mut text, style, 0);
        text
    }

    /// Writes the value indented by four spaces a level with
    /// `serde_json`'s escaping, as a `serde_json` pretty formatter with a
    /// four-space indent does.
    pub fn to_rust_indented(&self) -> String {
        let mut text = String::new();
        let style = Style {
            indent: Some("    "),
            escape: Escape::Rust,
        };
        self.write(&mut text, style, 0);
        text
    }

    /// Writes the value without spaces as `serde_json::to_string` does,
    /// the form of the page's saved sessions, share links and lessons.
    pub fn to_rust_compact(&self) -> String {
        let mut text = String::new();
        self.write(&mut text, Style::RUST, 0);
        text
    }

    /// Writes the value indented by two spaces a level, as
    /// `serde_json::to_string_pretty` does.
    pub fn to_rust_pretty(&self) -> String {
        let mut text = String::new();
        self.write(&mut text, Style::RUST_PRETTY, 0);
        text
    }

    /// Reads JSON text as `serde_json::Value` would hold it: object keys
    /// sorted, and the last of repeated keys kept.
    pub fn parse_sorted(text: &str) -> Result<Json, JsonError> {
        read::parse(text).map(Json::sorted)
    }

    /// Sorts the keys of every object, keeping the last of repeated keys.
    pub fn sorted(self) -> Json {
        match self {
            Json::Array(items) => Json::Array(items.into_iter().map(Json::sorted).collect()),
            Json::Object(fields) => {
                let sorted: SortedMap<String, Json> = fields
                    .into_iter()
                    .map(|(key, value)| (key, value.sorted()))
                    .collect();
                Json::Object(sorted.into_iter().collect())
            }
            value => value,
        }
    }

    /// Returns the field of an object, if present.
    pub fn get(&self, key: &str) -> Option<&Json> {
        match self {
            Json::Object(fields) => fields
                .iter()
                .find(|(name, _)| name == key)
                .map(|(_, value)| value),
            _ => None,
        }
    }

    /// Returns the text of a string.
    pub fn as_str(&self) -> Option<&str> {
        match self {
            Json::String(value) => Some(value),
            _ => None,
        }
    }

    /// Returns the items of an array.
    pub fn as_array(&self) -> Option<&[Json]> {
        match self {
            Json::Array(items) => Some(items),
            _ => None,
        }
    }

    /// Returns the fields of an object in order.
    pub fn as_object(&self) -> Option<&[(String, Json)]> {
        match self {
            Json::Object(fields) => Some(fields),
            _ => None,
        }
    }

    /// Returns an integer.
    pub fn as_i64(&self) -> Option<i64> {
        match self {
            Json::Int(value) => Some(*value),
            _ => None,
        }
    }

    /// Returns a number as a float.
    pub fn as_f64(&self) -> Option<f64> {
        match self {
            Json::Int(value) => Some(*value as f64),
            Json::Float(value) => Some(*value),
            _ => None,
        }
    }

    /// Returns a boolean.
    pub fn as_bool(&self) -> Option<bool> {
        match self {
            Json::Bool(value) => Some(*value),
            _ => None,
        }
    }

    fn write(&self, out: &mut String, style: Style, depth: usize) {
        let indent = style.indent;
        match self {
            Json::Null => out.push_str("null"),
            Json::Bool(value) => out.push_str(if *value { "true" } else { "false" }),
            Json::Int(value) => out.push_str(&value.to_string()),
            Json::Float(value) => float::write(out, *value),
            Json::String(value) => write_string(out, value, style.escape),
            Json::Array(items) if items.is_empty() => out.push_str("[]"),
            Json::Array(items) => {
                out.push('[');
                for (index, item) in items.iter().enumerate() {
                    if index > 0 {
                        out.push(',');
                    }
                    newline(out, indent, depth + 1);
                    item.write(out, style, depth + 1);
                }
                newline(out, indent, depth);
                out.push(']');
            }
            Json::Object(fields) if fields.is_empty() => out.push_str("{}"),
            Json::Object(fields) => {
                out.push('{');
                for (index, (key, value)) in fields.iter().enumerate() {
                    if index > 0 {
                        out.push(',');
                    }
                    newline(out, indent, depth + 1);
                    write_string(out, key, style.escape);
                    out.push(':');
                    if indent.is_some() {
                        out.push(' ');
                    }
                    value.write(out, style, depth + 1);
                }
                newline(out, indent, depth);
                out.push('}');
            }
        }
    }
}

fn newline(out: &mut String, indent: Option<&str>, depth: usize) {
    if let Some(unit) = indent {
        out.push('\n');
        for _ in 0..depth {
            out.push_str(unit);
        }
    }
}

/// The writing style of a value: the indentation unit, if any, and the
/// string escaping to follow.
#[derive(Clone, Copy)]
struct Style {
    indent: Option<&'static str>,
    escape: Escape,
}

impl Style {
    const GO: Style = Style {
        indent: None,
        escape: Escape::Go,
    };
    const GO_INDENTED: Style = Style {
        indent: Some("    "),
        escape: Escape::Go,
    };
    const RUST: Style = Style {
        indent: None,
        escape: Escape::Rust,
    };
    const RUST_PRETTY: Style = Style {
        indent: Some("  "),
        escape: Escape::Rust,
    };
}

/// Whose string escaping to follow.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Escape {
    /// Go's `encoding/json` with HTML escaping off, which is how moby
    /// writes API responses: U+2028 and U+2029 escaped, `\b` and `\f` as
    /// `\u0008` and `\u000c`.
    Go,
    /// `serde_json`: `\b` and `\f` short, U+2028 and U+2029 as they are.
    Rust,
}

/// Writes a string with the escaping of `escape`.
fn write_string(out: &mut String, value: &str, escape: Escape) {
    out.push('"');
    for c in value.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\u{8}' if escape == Escape::Rust => out.push_str("\\b"),
            '\u{c}' if escape == Escape::Rust => out.push_str("\\f"),
            '\u{2028}' if escape == Escape::Go => out.push_str("\\u2028"),
            '\u{2029}' if escape == Escape::Go => out.push_str("\\u2029"),
            c if (c as u32) < 0x20 => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
}

impl From<bool> for Json {
    fn from(value: bool) -> Json {
        Json::Bool(value)
    }
}

impl From<i64> for Json {
    fn from(value: i64) -> Json {
        Json::Int(value)
    }
}

impl From<i32> for Json {
    fn from(value: i32) -> Json {
        Json::Int(i64::from(value))
    }
}

impl From<u32> for Json {
    fn from(value: u32) -> Json {
        Json::Int(i64::from(value))
    }
}

impl From<u16> for Json {
    fn from(value: u16) -> Json {
        Json::Int(i64::from(value))
    }
}

impl From<u8> for Json {
    fn from(value: u8) -> Json {
        Json::Int(i64::from(value))
    }
}

impl From<u64> for Json {
    fn from(value: u64) -> Json {
        Json::Int(i64::try_from(value).unwrap_or(i64::MAX))
    }
}

impl From<usize> for Json {
    fn from(value: usize) -> Json {
        Json::Int(i64::try_from(value).unwrap_or(i64::MAX))
    }
}

impl From<f64> for Json {
    fn from(value: f64) -> Json {
        Json::Float(value)
    }
}

impl From<&String> for Json {
    fn from(value: &String) -> Json {
        Json::String(value.clone())
    }
}

impl From<Vec<String>> for Json {
    fn from(values: Vec<String>) -> Json {
        Json::Array(values.into_iter().map(Json::String).collect())
    }
}

/// A value [`sorted_object!`](crate::sorted_object) converts without
/// taking it, as `serde_json::json!` borrows its values.
pub trait AsJson {
    /// Returns a copy of the value as JSON.
    fn as_json(&self) -> Json;
}

impl<T: Clone + Into<Json>> AsJson for T {
    fn as_json(&self) -> Json {
        self.clone().into()
    }
}

/// Builds an object from `"key": value` pairs with its keys sorted, as
/// `serde_json::json!` builds a map; each value is borrowed and converted
/// with `Json::from`.
#[macro_export]
macro_rules! sorted_object {
    ({ $($key:literal : $value:expr),* $(,)? }) => {
        $crate::json::Json::object::<&str>(vec![
            $(($key, $crate::json::AsJson::as_json(&$value))),*
        ])
        .sorted()
    };
}

impl From<&str> for Json {
    fn from(value: &str) -> Json {
        Json::String(value.to_string())
    }
}

impl From<String> for Json {
    fn from(value: String) -> Json {
        Json::String(value)
    }
}

impl<T: Into<Json>> From<Option<T>> for Json {
    fn from(value: Option<T>) -> Json {
        value.map(Into::into).unwrap_or(Json::Null)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn objects_keep_their_order() {
        let value = Json::object(vec![
            ("Zebra", Json::Int(1)),
            ("Apple", Json::Array(Vec::new())),
            (
                "Map",
                Json::map([("b".to_string(), "2"), ("a".to_string(), "1")]),
            ),
        ]);
        assert_eq!(
            value.to_compact(),
            r#"{"Zebra":1,"Apple":[],"Map":{"a":"1","b":"2"}}"#
        );
    }

    #[test]
    fn indentation_matches_go() {
        let value = Json::Array(vec![Json::object(vec![
            ("Name", Json::from("web")),
            ("Empty", Json::object(Vec::<(String, Json)>::new())),
            ("Args", Json::strings(&["-g", "daemon off;"])),
            ("Nil", Json::Null),
        ])]);
        let expected = "[\n    {\n        \"Name\": \"web\",\n        \"Empty\": {},\n        \"Args\": [\n            \"-g\",\n            \"daemon off;\"\n        ],\n        \"Nil\": null\n    }\n]";
        assert_eq!(value.to_indented(), expected);
    }

    #[test]
    fn strings_escape_as_go_does_without_html_escaping() {
        let value = Json::from("a\"b\\c\n<d>&\u{1}");
        assert_eq!(value.to_compact(), "\"a\\\"b\\\\c\\n<d>&\\u0001\"");
    }

    #[test]
    fn empty_lists_can_be_null() {
        assert_eq!(Json::strings_or_null::<&str>(&[]).to_compact(), "null");
        assert_eq!(Json::strings_or_null(&["x"]).to_compact(), "[\"x\"]");
    }

    #[test]
    fn rust_style_escapes_as_serde_json_does() {
        let value = Json::from("\u{8}\u{c}\u{2028}\u{1f}\"\\");
        assert_eq!(value.to_rust_compact(), "\"\\b\\f\u{2028}\\u001f\\\"\\\\\"");
        assert_eq!(
            value.to_compact(),
            "\"\\u0008\\u000c\\u2028\\u001f\\\"\\\\\""
        );
    }

    #[test]
    fn rust_pretty_indents_by_two() {
        let value = Json::object(vec![
            ("a", Json::Array(vec![Json::Int(1), Json::Float(0.5)])),
            ("b", Json::Array(Vec::new())),
        ]);
        let expected = "{\n  \"a\": [\n    1,\n    0.5\n  ],\n  \"b\": []\n}";
        assert_eq!(value.to_rust_pretty(), expected);
    }
}
