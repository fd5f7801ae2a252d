//! Runs BuildKit's shell lexer test data (`frontend/dockerfile/shell/envVarTest` and
//! `wordsTest`) the way BuildKit's `lex_test.go` reads it.

use std::path::PathBuf;

use dockerfile::shell::{EnvList, Lexer};

fn corpus_file(name: &str) -> String {
    let corpus =
        std::env::var("PORTHOLE_CORPUS").expect("PORTHOLE_CORPUS is set by .cargo/config.toml");
    let path = PathBuf::from(corpus).join("buildkit-shell").join(name);
    std::fs::read_to_string(&path)
        .unwrap_or_else(|error| panic!("read {}: {error}", path.display()))
}

/// Checks every `A` and `U` line of `envVarTest` with `ProcessWord`, as
/// `TestShellParser4EnvVars` does on Unix. `W` lines are for Windows, where names are
/// case-insensitive, and are counted but not run.
#[test]
fn env_var_test_lines() {
    let text = corpus_file("envVarTest");
    let env = EnvList::from_entries(["PWD=/home", "SHELL=bash", "KOREAN=한국어", "NULL="]);
    let lexer = Lexer::new('\\');
    let mut passed = 0;
    let mut windows_only = 0;
    let mut failures = Vec::new();

    for (index, line) in text.lines().enumerate() {
        let line_number = index + 1;
        if line.starts_with('#') || line.trim().is_empty() {
            continue;
        }
        let fields: Vec<&str> = line.trim().split('|').collect();
        assert_eq!(
            fields.len(),
            3,
            "envVarTest line {line_number}: expected 3 fields in {line:?}"
        );
        let (platform, source, expected) = (fields[0].trim(), fields[1].trim(), fields[2].trim());
        match platform {
            "W" => {
                windows_only += 1;
                continue;
            }
            "A" | "U" => {}
            other => panic!("envVarTest line {line_number}: invalid platform {other:?}"),
        }

        let outcome = lexer.process_word(source, &env);
        let ok = match (&outcome, expected) {
            (Err(_), "error") => true,
            (Ok(expansion), expected) => expected != "error" && expansion.result == expected,
            (Err(_), _) => false,
        };
        if ok {
            passed += 1;
        } else {
            let got = outcome
                .map(|expansion| expansion.result)
                .map_err(|error| error.to_string());
            failures.push(format!(
                "envVarTest line {line_number}: {source:?} expected {expected:?}, got {got:?}"
            ));
        }
    }

    println!(
        "envVarTest: {passed} passed, {} failed, {windows_only} Windows-only lines not run",
        failures.len()
    );
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    assert!(passed > 200, "envVarTest: only {passed} lines ran");
}

/// Expected words of `wordsTest` in BuildKit's second mode (`RawQuotes` and
/// `SkipUnsetEnv`), by line number.
///
/// `TestShellParser4Words` loops over both modes but builds the second mode's
/// scanner on the file it already read to the end, so BuildKit checks no line in that
/// mode. These expectations were derived by hand from `lex.go`: quotes stay in the
/// words, and the unset `${hi}` of line 2 stays as written.
const RAW_QUOTES_SKIP_UNSET: &[(usize, &[&str])] = &[
    (1, &["hello"]),
    (2, &["hello${hi}bye"]),
    (4, &["hellohibye"]),
    (6, &["helloabc", "defbye"]),
    (7, &["hello\"abc  def\"bye"]),
    (8, &["hello", "\"abc  def\"bye"]),
    (10, &["hello", "ab", "cdef"]),
    (11, &["hello\"  ab c\"", "def"]),
    (12, &["hello\"  ab c\""]),
    (13, &["hello", "ab", "c"]),
    (16, &["helloab", "c"]),
    (17, &["helloab", "c", "d"]),
    (18, &["hello\"ab c   \"d"]),
    (20, &["hel\"loab c   \""]),
    (21, &["hello\" there  \""]),
    (22, &["hello", "there"]),
    (23, &["hello there"]),
    (24, &["error"]),
    (25, &["hello\"", "there"]),
    (26, &["hello\"\\there\""]),
    (27, &["hello\"\\there\""]),
    (28, &["hello'\\\\there'"]),
    (29, &["hello'\\there'"]),
    (30, &["hello'$there'"]),
];

/// Which of BuildKit's two `wordsTest` modes runs.
#[derive(Clone, Copy, Debug)]
enum WordsMode {
    /// A plain `NewLex('\\')`, checked against the file's expectations.
    Normal,
    /// `RawQuotes` and `SkipUnsetEnv`, checked against [`RAW_QUOTES_SKIP_UNSET`].
    RawQuotesSkipUnset,
}

/// Runs `wordsTest` in `mode` and returns the failures and the pass count.
fn run_words_test(mode: WordsMode) -> (usize, Vec<String>) {
    let text = corpus_file("wordsTest");
    let lexer = match mode {
        WordsMode::Normal => Lexer::new('\\'),
        WordsMode::RawQuotesSkipUnset => Lexer::new('\\').raw_quotes(true).skip_unset_env(true),
    };
    let mut env = EnvList::new();
    let mut passed = 0;
    let mut failures = Vec::new();

    for (index, line) in text.lines().enumerate() {
        let line_number = index + 1;
        if line.starts_with('#') {
            continue;
        }
        if let Some(entry) = line.strip_prefix("ENV ") {
            env.push_entry(entry.trim_start_matches(' '));
            continue;
        }
        let fields: Vec<&str> = line.split('|').collect();
        assert_eq!(
            fields.len(),
            2,
            "wordsTest line {line_number}: expected one | in {line:?}"
        );
        let source = fields[0].trim();
        let expected: Vec<String> = match mode {
            WordsMode::Normal => fields[1]
                .trim_start_matches(' ')
                .split(',')
                .map(str::to_owned)
                .collect(),
            WordsMode::RawQuotesSkipUnset => raw_expectation(line_number),
        };

        let got = lexer
            .process_words(source, &env)
            .unwrap_or_else(|_| vec!["error".to_owned()]);
        if got == expected {
            passed += 1;
        } else {
            failures.push(format!("wordsTest line {line_number} ({mode:?}): {source:?} expected {expected:?}, got {got:?}"));
        }
    }
    (passed, failures)
}

fn raw_expectation(line_number: usize) -> Vec<String> {
    let (_, words) = RAW_QUOTES_SKIP_UNSET
        .iter()
        .find(|(line, _)| *line == line_number)
        .unwrap_or_else(|| panic!("wordsTest line {line_number} has no raw-quotes expectation"));
    words.iter().map(|&word| word.to_owned()).collect()
}

#[test]
fn words_test_process_words() {
    let (passed, failures) = run_words_test(WordsMode::Normal);
    println!(
        "wordsTest (ProcessWords): {passed} passed, {} failed",
        failures.len()
    );
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    assert_eq!(
        passed,
        RAW_QUOTES_SKIP_UNSET.len(),
        "wordsTest: every test line runs"
    );
}

#[test]
fn words_test_raw_quotes_skip_unset() {
    let (passed, failures) = run_words_test(WordsMode::RawQuotesSkipUnset);
    println!(
        "wordsTest (RawQuotes, SkipUnsetEnv): {passed} passed, {} failed",
        failures.len()
    );
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    assert_eq!(
        passed,
        RAW_QUOTES_SKIP_UNSET.len(),
        "wordsTest: every test line runs"
    );
}
