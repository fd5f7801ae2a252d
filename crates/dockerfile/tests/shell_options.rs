//! The escape token, the lexer options, word splitting and the environment list.

use dockerfile::shell::{Env, EnvList, Lexer};

const ENV: &[&str] = &["PWD=/home", "SPACED=a  b", "NULL="];

/// Expands each `(input, expected)` with `lexer` and checks the result.
fn check_results(lexer: &Lexer, cases: &[(&str, &str)]) {
    let env = EnvList::from_entries(ENV);
    for &(input, expected) in cases {
        let result = lexer
            .process_word(input, &env)
            .unwrap_or_else(|error| panic!("{input:?} with {lexer:?}: {error}"))
            .result;
        assert_eq!(result, expected, "{input:?} with {lexer:?}");
    }
}

/// Splits each `(input, expected words)` with `lexer` and checks the words.
fn check_words(lexer: &Lexer, cases: &[(&str, &[&str])]) {
    let env = EnvList::from_entries(ENV);
    for &(input, expected) in cases {
        let words = lexer
            .process_words(input, &env)
            .unwrap_or_else(|error| panic!("{input:?} with {lexer:?}: {error}"));
        assert_eq!(words, expected, "{input:?} with {lexer:?}");
    }
}

#[test]
fn backtick_escape_token() {
    check_results(
        &Lexer::new('`'),
        &[
            ("he`$PWD", "he$PWD"),
            ("he\\$PWD", "he\\/home"),
            ("C:\\dir\\$PWD", "C:\\dir\\/home"),
            ("\"a`\"b\"", "a\"b"),
            ("\"a`b\"", "a`b"),
            ("\"a``b\"", "a`b"),
            ("a`", "a"),
            ("`'x`'", "'x'"),
        ],
    );
}

#[test]
fn raw_escapes_keep_escape_tokens() {
    check_results(
        &Lexer::new('\\').raw_escapes(true),
        &[
            ("he\\$PWD", "he\\$PWD"),
            ("a\\ b", "a\\ b"),
            ("a\\", "a\\"),
            ("\"a\\\"b\"", "a\\\"b"),
            // Inside double quotes an escape before an ordinary character is written
            // twice: once as the raw escape, once as the literal it stays.
            ("\"a\\b\"", "a\\\\b"),
        ],
    );
}

#[test]
fn raw_quotes_keep_quotes() {
    check_results(
        &Lexer::new('\\').raw_quotes(true),
        &[
            ("'a'\"b\"", "'a'\"b\""),
            ("\"$PWD\"", "\"/home\""),
            ("${X:-'q'}", "'q'"),
        ],
    );
}

#[test]
fn skip_process_quotes_treats_quotes_as_text() {
    check_results(
        &Lexer::new('\\').skip_process_quotes(true),
        &[
            ("'$PWD'", "'/home'"),
            ("\"a", "\"a"),
            ("it's", "it's"),
            ("\\'", "'"),
        ],
    );
}

#[test]
fn skip_unset_env_keeps_references() {
    check_results(
        &Lexer::new('\\').skip_unset_env(true),
        &[
            ("$X ${X} $PWD", "$X ${X} /home"),
            ("${X:-$PWD} ${X-a b}", "${X:-/home} ${X-a b}"),
            ("${X#*} ${X%%a}", "${X#*} ${X%%a}"),
            // BuildKit prints `//` back as a single `/`.
            ("${X/a/b} ${X//a/b}", "${X/a/b} ${X/a/b}"),
            // An unsupported modifier on an unset variable is written back, not reported.
            ("${X:x} ${X?}", "${X:x} ${X?}"),
            ("${PWD:-$X} ${NULL:-$X}", "/home $X"),
            ("${PWD:+${X}}", "${X}"),
            ("$1$@", "$1$@"),
        ],
    );
}

#[test]
fn byte_order_mark_at_start_is_dropped() {
    let lexer = Lexer::new('\\');
    check_results(
        &lexer,
        &[
            ("\u{feff}abc", "abc"),
            ("a\u{feff}", "a\u{feff}"),
            ("\u{feff}\u{feff}", "\u{feff}"),
        ],
    );
    // Go's scanner drops it at the start of a `#` pattern as well.
    let env = EnvList::from_entries(["P=\u{feff}x", "BOM=\u{feff}"]);
    let result = lexer.process_word("${P#$BOM}", &env).unwrap().result;
    assert_eq!(result, "\u{feff}x");
}

#[test]
fn word_splitting() {
    check_words(
        &Lexer::new('\\'),
        &[
            ("", &[]),
            ("  a  b  ", &["a", "b"]),
            ("$SPACED", &["a", "b"]),
            ("\"$SPACED\"", &["a  b"]),
            ("x\"\"y \"\" z", &["xy", "z"]),
            ("a\u{a0}b\u{3000}c\td\ne", &["a", "b", "c", "d", "e"]),
            ("a\\ b 'c d'", &["a b", "c d"]),
            ("$NULL a", &["a"]),
        ],
    );
}

/// BuildKit's `shellWord` shares one word buffer between the top-level scan and the
/// nested scan of a modifier's word, and the nested scan empties it. So the text
/// before `${X:-...}` in the same word is lost from `ProcessWords`' output, but not
/// from `ProcessWord`'s.
#[test]
fn word_splitting_loses_text_before_a_modifier() {
    let lexer = Lexer::new('\\');
    check_words(
        &lexer,
        &[
            ("a${X:-b}c", &["bc"]),
            ("a \"x${X:-b}\"c", &["a", "xbc"]),
            ("a${PWD}c", &["a/homec"]),
            ("a \"${X:-b}\"", &["a", "b"]),
            ("--opt=${X:-v} z", &["v", "z"]),
        ],
    );
    check_results(&lexer, &[("a${X:-b}c", "abc")]);
}

#[test]
fn env_list_later_entries_win() {
    let cases: &[(&[&str], &str, Option<&str>)] = &[
        (&[], "foo", None),
        (&["foo"], "foo", Some("")),
        (&["foo="], "foo", Some("")),
        (&["foo=bar"], "foo", Some("bar")),
        (&["foo=bar", "car=hat"], "car", Some("hat")),
        (&["foo=bar", "car=hat", "car=bike"], "car", Some("bike")),
        (&["a=b=c"], "a", Some("b=c")),
        (&["Foo=1"], "foo", None),
    ];
    for &(entries, name, expected) in cases {
        let env = EnvList::from_entries(entries);
        assert_eq!(env.get(name), expected, "{name} in {entries:?}");
    }
    let env = EnvList::from_entries(["a=1", "b=2", "a=3"]);
    assert_eq!(env.keys(), ["a", "b", "a"]);
}
