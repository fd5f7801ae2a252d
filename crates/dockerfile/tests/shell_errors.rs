//! Every expansion error, with the exact text BuildKit prints for it.

use dockerfile::shell::{EnvList, Lexer, ShellErrorKind};

const ENV: &[&str] = &["PWD=/home", "NULL=", "ARG=x", "FOO=xxyy", "BACKSLASH=a\\"];

/// Input word and the full message, `failed to process "WORD": ` included.
const CASES: &[(&str, &str)] = &[
    // Quotes.
    ("he'llo", r#"failed to process "he'llo": unexpected end of statement while looking for matching single-quote"#),
    ("'hello", r#"failed to process "'hello": unexpected end of statement while looking for matching single-quote"#),
    ("\"hello", r#"failed to process "\"hello": unexpected end of statement while looking for matching double-quote"#),
    ("\"hello\\\"", r#"failed to process "\"hello\\\"": unexpected end of statement while looking for matching double-quote"#),
    ("\"hello\\", r#"failed to process "\"hello\\": unexpected end of statement while looking for matching double-quote"#),
    ("a\tb'", r#"failed to process "a\tb'": unexpected end of statement while looking for matching single-quote"#),
    // Bad substitutions.
    ("${}", r#"failed to process "${}": syntax error: bad substitution"#),
    ("he${}xx", r#"failed to process "he${}xx": syntax error: bad substitution"#),
    ("${:}", r#"failed to process "${:}": syntax error: bad substitution"#),
    ("${:-bbb}", r#"failed to process "${:-bbb}": syntax error: bad substitution"#),
    ("${{aaa}", r#"failed to process "${{aaa}": syntax error: bad substitution"#),
    // An error inside a nested word that does not reach the end stays as it is.
    ("${A:-${}}", r#"failed to process "${A:-${}}": syntax error: bad substitution"#),
    // Missing braces and slashes.
    ("${", r#"failed to process "${": syntax error: missing '}'"#),
    ("${aaa:-bbb", r#"failed to process "${aaa:-bbb": syntax error: missing '}'"#),
    ("${aaa:-bbb ${foo}", r#"failed to process "${aaa:-bbb ${foo}": syntax error: missing '}'"#),
    ("${A:-\"x}", r#"failed to process "${A:-\"x}": syntax error: missing '}'"#),
    ("${A:-'x}", r#"failed to process "${A:-'x}": syntax error: missing '}'"#),
    ("${FOO//ww}", r#"failed to process "${FOO//ww}": syntax error: missing '/' in ${}"#),
    ("${FOO//}", r#"failed to process "${FOO//}": syntax error: missing '/' in ${}"#),
    ("${FOO/a/b", r#"failed to process "${FOO/a/b": syntax error: missing '}'"#),
    ("${A/${B:-x", r#"failed to process "${A/${B:-x": syntax error: missing '/' in ${}"#),
    // Unsupported modifiers. At the end of the word Go's scanner returns EOF, which
    // prints as U+FFFD.
    ("he${PWD", "failed to process \"he${PWD\": unsupported modifier (\u{fffd}) in substitution"),
    ("${aaa", "failed to process \"${aaa\": unsupported modifier (\u{fffd}) in substitution"),
    ("${.}", r#"failed to process "${.}": unsupported modifier (.) in substitution"#),
    ("${PWD=000}", r#"failed to process "${PWD=000}": unsupported modifier (=) in substitution"#),
    ("he${PWD:=000}xx", r#"failed to process "he${PWD:=000}xx": unsupported modifier (:=) in substitution"#),
    ("he${XXX:YYY}", r#"failed to process "he${XXX:YYY}": unsupported modifier (:Y) in substitution"#),
    ("${FOO:#}", r#"failed to process "${FOO:#}": unsupported modifier (:#) in substitution"#),
    ("${FOO:##}", r#"failed to process "${FOO:##}": unsupported modifier (:#) in substitution"#),
    ("${FOO:%%}", r#"failed to process "${FOO:%%}": unsupported modifier (:%) in substitution"#),
    ("${FOO:/a/b}", r#"failed to process "${FOO:/a/b}": unsupported modifier (:/) in substitution"#),
    // Required variables.
    ("he${XXX?}", r#"failed to process "he${XXX?}": XXX: is not allowed to be unset"#),
    ("he${XXX:?}", r#"failed to process "he${XXX:?}": XXX: is not allowed to be unset"#),
    ("he${NULL:?}", r#"failed to process "he${NULL:?}": NULL: is not allowed to be empty"#),
    ("${VAR:?message here$ARG}", r#"failed to process "${VAR:?message here$ARG}": VAR: message herex"#),
    ("${NULL:?message here$ARG}", r#"failed to process "${NULL:?message here$ARG}": NULL: message herex"#),
    // Invalid patterns; `%` reports its pattern reversed.
    ("${FOO#\\x}", r#"failed to process "${FOO#\\x}": invalid pattern (\x) in substitution: invalid escape '\x'"#),
    ("${FOO%a\\x}", r#"failed to process "${FOO%a\\x}": invalid pattern (\xa) in substitution: invalid escape '\x'"#),
    ("${FOO/\\x/y}", r#"failed to process "${FOO/\\x/y}": invalid pattern (\x) in substitution: invalid escape '\x'"#),
    ("${NOPE##$BACKSLASH}", "failed to process \"${NOPE##$BACKSLASH}\": invalid pattern (a\\) in substitution: invalid escape '\\\u{fffd}'"),
    // Invalid patterns are reported even where the result is thrown away.
    ("${PWD:-${FOO#\\x}}", r#"failed to process "${PWD:-${FOO#\\x}}": invalid pattern (\x) in substitution: invalid escape '\x'"#),
];

#[test]
fn error_messages() {
    let env = EnvList::from_entries(ENV);
    let lexer = Lexer::new('\\');
    for &(input, expected) in CASES {
        match lexer.process_word(input, &env) {
            Ok(expansion) => panic!("{input:?}: expected an error, got {:?}", expansion.result),
            Err(error) => assert_eq!(error.to_string(), expected, "message for {input:?}"),
        }
    }
}

#[test]
fn error_words_and_kinds() {
    let env = EnvList::from_entries(ENV);
    let error = Lexer::new('\\')
        .process_word("x${NULL:?}", &env)
        .unwrap_err();
    assert_eq!(error.word(), "x${NULL:?}");
    assert_eq!(
        error.kind(),
        &ShellErrorKind::Required {
            name: "NULL".to_owned(),
            message: "is not allowed to be empty".to_owned(),
        }
    );
}

#[test]
fn process_words_reports_the_same_errors() {
    let env = EnvList::from_entries(ENV);
    let lexer = Lexer::new('\\');
    for &(input, expected) in CASES {
        let error = lexer.process_words(input, &env).unwrap_err();
        assert_eq!(error.to_string(), expected, "message for {input:?}");
    }
}

/// Porthole's own limit: BuildKit would keep going until it ran out of memory.
#[test]
fn geometric_growth_is_rejected() {
    let env = EnvList::from_entries([format!("A={}", "x".repeat(300))]);
    let lexer = Lexer::new('\\');
    for word in ["${A//x/${A//x/$A}}", &"$A".repeat(60_000)] {
        let error = lexer.process_word(word, &env).unwrap_err();
        assert_eq!(error.kind(), &ShellErrorKind::TooLarge, "{:.40}", word);
        assert!(
            error
                .to_string()
                .ends_with(": expansion exceeds 16777216 bytes"),
            "{:.40}",
            word
        );
    }
}
