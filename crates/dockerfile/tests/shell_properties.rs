//! Property tests of the shell lexer: no input panics, and words without `$`, quotes
//! or escape tokens come out unchanged.

use dockerfile::shell::{EnvList, Lexer};
use proptest::prelude::*;

fn environment() -> EnvList {
    EnvList::from_entries([
        "A=a",
        "EMPTY=",
        "SPACED= x  y ",
        "STARS=*?\\*",
        "SLASHES=/a/b/",
        "NEWLINES=a\nb\n",
        "DOLLARS=$0${0}$$",
        "UNICODE=한국어",
    ])
}

/// Words built mostly from the characters that mean something to the lexer.
fn tricky_word() -> impl Strategy<Value = String> {
    let pieces = prop_oneof![
        Just("$".to_owned()),
        Just("${".to_owned()),
        Just("}".to_owned()),
        Just(":".to_owned()),
        Just("-".to_owned()),
        Just("+".to_owned()),
        Just("?".to_owned()),
        Just("#".to_owned()),
        Just("%".to_owned()),
        Just("/".to_owned()),
        Just("*".to_owned()),
        Just("'".to_owned()),
        Just("\"".to_owned()),
        Just("\\".to_owned()),
        Just("`".to_owned()),
        Just(" ".to_owned()),
        Just("\n".to_owned()),
        Just("\u{feff}".to_owned()),
        Just("A".to_owned()),
        Just("EMPTY".to_owned()),
        Just("STARS".to_owned()),
        Just("NEWLINES".to_owned()),
        Just("DOLLARS".to_owned()),
        "[a-z0-9_@!]{1,3}",
        any::<char>().prop_map(String::from),
    ];
    prop::collection::vec(pieces, 0..40).prop_map(|pieces| pieces.concat())
}

fn any_lexer() -> impl Strategy<Value = Lexer> {
    (prop_oneof![Just('\\'), Just('`')], any::<[bool; 4]>()).prop_map(|(escape, options)| {
        Lexer::new(escape)
            .raw_quotes(options[0])
            .raw_escapes(options[1])
            .skip_process_quotes(options[2])
            .skip_unset_env(options[3])
    })
}

/// Text without `$`, quotes, `\` or `` ` ``, and not starting with a byte order mark,
/// which Go's scanner drops.
fn plain_word() -> impl Strategy<Value = String> {
    any::<String>().prop_map(|word| {
        let kept: String = word
            .chars()
            .filter(|c| !matches!(c, '$' | '\'' | '"' | '\\' | '`'))
            .collect();
        kept.trim_start_matches('\u{feff}').to_owned()
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn tricky_words_never_panic(word in tricky_word(), lexer in any_lexer()) {
        let env = environment();
        let expansion = lexer.process_word(&word, &env);
        let words = lexer.process_words(&word, &env);
        prop_assert_eq!(expansion.is_ok(), words.is_ok());
    }

    #[test]
    fn any_text_never_panics(word in any::<String>(), lexer in any_lexer()) {
        let env = environment();
        let _ = lexer.process_word(&word, &env);
    }

    #[test]
    fn plain_words_are_unchanged(word in plain_word()) {
        let env = environment();
        let lexer = Lexer::new('\\');
        let expansion = lexer.process_word(&word, &env).unwrap();
        prop_assert_eq!(&expansion.result, &word);
        let expected: Vec<&str> = word.split(char::is_whitespace).filter(|w| !w.is_empty()).collect();
        prop_assert_eq!(expansion.words, expected);
        prop_assert!(expansion.matched.is_empty());
        prop_assert!(expansion.unmatched.is_empty());
    }

    #[test]
    fn quoted_words_are_unchanged(word in plain_word()) {
        let env = environment();
        let lexer = Lexer::new('\\');
        let quoted = format!("'{word}'");
        let words = lexer.process_words(&quoted, &env).unwrap();
        let expected: Vec<&str> = if word.is_empty() { vec![] } else { vec![word.as_str()] };
        prop_assert_eq!(words, expected);
    }
}
