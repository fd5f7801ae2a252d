//! Table and property tests for reading JSON text.

use proptest::prelude::*;

use crate::json::Json;

fn object(fields: &[(&str, Json)]) -> Json {
    Json::object(fields.to_vec())
}

#[test]
fn values_read_as_written() {
    let cases: Vec<(&str, Json)> = vec![
        ("null", Json::Null),
        (" true ", Json::Bool(true)),
        ("false", Json::Bool(false)),
        ("0", Json::Int(0)),
        ("-0", Json::Int(0)),
        ("42", Json::Int(42)),
        ("-9223372036854775808", Json::Int(i64::MIN)),
        ("9223372036854775808", Json::Float(9223372036854775808.0)),
        ("0.33", Json::Float(0.33)),
        ("-1.5e3", Json::Float(-1500.0)),
        ("2E-2", Json::Float(0.02)),
        ("1.0", Json::Float(1.0)),
        (r#""""#, Json::from("")),
        (r#""a\"b\\c\/d""#, Json::from("a\"b\\c/d")),
        (r#""\b\f\n\r\t""#, Json::from("\u{8}\u{c}\n\r\t")),
        (r#""\u00e9\u2028""#, Json::from("é\u{2028}")),
        (r#""\ud83d\udc33 whale""#, Json::from("🐳 whale")),
        (r#""naïve 🐳""#, Json::from("naïve 🐳")),
        ("[]", Json::Array(Vec::new())),
        (
            "[1, [2], {}]",
            Json::Array(vec![
                Json::Int(1),
                Json::Array(vec![Json::Int(2)]),
                object(&[]),
            ]),
        ),
        (
            "\n{ \"b\" : 1 , \"a\" : [ null ] }\r\n",
            object(&[("b", Json::Int(1)), ("a", Json::Array(vec![Json::Null]))]),
        ),
        (
            r#"{"k":1,"k":2}"#,
            object(&[("k", Json::Int(1)), ("k", Json::Int(2))]),
        ),
    ];
    for (text, expected) in cases {
        assert_eq!(Json::parse(text), Ok(expected), "{text}");
    }
}

#[test]
fn malformed_text_reports_offset() {
    let cases = [
        ("", "unexpected end of text", 0),
        ("   ", "unexpected end of text", 3),
        ("nul", "expected a value", 0),
        ("tru e", "expected a value", 0),
        ("[1,]", "expected a value", 3),
        ("[1 2]", "expected `,` or `]`", 3),
        ("{\"a\" 1}", "expected `:`", 5),
        ("{\"a\":1,}", "expected a string key", 7),
        ("{1:2}", "expected a string key", 1),
        ("{\"a\":1 \"b\":2}", "expected `,` or `}`", 7),
        ("[", "unexpected end of text", 1),
        ("\"abc", "unterminated string", 4),
        ("\"a\nb\"", "control character in a string", 2),
        ("\"\\x\"", "invalid escape", 2),
        ("\"\\u12\"", "invalid \\u escape", 3),
        ("\"\\ud83d\"", "unpaired surrogate", 7),
        ("\"\\ud83d\\u0041\"", "unpaired surrogate", 13),
        ("\"\\udc33\"", "unpaired surrogate", 7),
        ("01", "leading zero in a number", 2),
        ("-", "expected a digit", 1),
        ("1.", "expected a digit", 2),
        ("1e", "expected a digit", 2),
        (".5", "expected a value", 0),
        ("1e999", "number out of range", 0),
        ("1 2", "unexpected text after the value", 2),
        ("{} x", "unexpected text after the value", 3),
    ];
    for (text, message, offset) in cases {
        let error = Json::parse(text).expect_err(text);
        assert_eq!((error.message, error.offset), (message, offset), "{text:?}");
    }
}

#[test]
fn nesting_stops_at_the_depth_limit() {
    let deep = |depth: usize| "[".repeat(depth) + &"]".repeat(depth);
    assert!(Json::parse(&deep(crate::json::MAX_DEPTH)).is_ok());
    let error = Json::parse(&deep(crate::json::MAX_DEPTH + 1)).unwrap_err();
    assert_eq!(error.message, "nested too deeply");
    assert!(Json::parse(&"{\"a\":".repeat(100_000)).is_err());
}

#[test]
fn floats_read_back_as_floats() {
    for value in [1.0, -0.5, 0.1, 1e300, 123456789.0] {
        let text = Json::Float(value).to_compact();
        assert_eq!(Json::parse(&text), Ok(Json::Float(value)), "{text}");
    }
}

#[test]
fn long_text_reads_in_linear_time() {
    let item = r#"{"name":"web\u00e9\"x","size":12345,"ratio":0.33,"tags":["a","b"]},"#;
    let text = format!("[{}0]", item.repeat(200_000));
    let started = std::time::Instant::now();
    let value = Json::parse(&text).unwrap();
    assert_eq!(value.as_array().map(<[Json]>::len), Some(200_001));
    assert!(started.elapsed().as_secs() < 10, "{:?}", started.elapsed());
}

fn any_json() -> impl Strategy<Value = Json> {
    let leaf = prop_oneof![
        Just(Json::Null),
        any::<bool>().prop_map(Json::Bool),
        any::<i64>().prop_map(Json::Int),
        any::<f64>()
            .prop_filter("finite", |value| value.is_finite())
            .prop_map(Json::Float),
        any::<String>().prop_map(Json::String),
    ];
    leaf.prop_recursive(4, 64, 8, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..8).prop_map(Json::Array),
            prop::collection::vec((any::<String>(), inner), 0..8).prop_map(Json::Object),
        ]
    })
}

proptest! {
    #[test]
    fn written_values_read_back(value in any_json()) {
        prop_assert_eq!(Json::parse(&value.to_compact()), Ok(value.clone()));
        prop_assert_eq!(Json::parse(&value.to_indented()), Ok(value));
    }

    #[test]
    fn any_text_reads_without_panicking(text in any::<String>()) {
        let _ = Json::parse(&text);
    }

    #[test]
    fn json_like_text_reads_without_panicking(
        text in r#"[\[\]{}":,0-9eE.+\- \\ubdfnrt"truefalsenul]{0,64}"#
    ) {
        let _ = Json::parse(&text);
    }
}
