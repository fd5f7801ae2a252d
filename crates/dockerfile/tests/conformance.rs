//! Conformance with BuildKit's parser on the shared corpus.
//!
//! Every `Dockerfile` in `buildkit-parser/` and `real-dockerfiles/` must dump
//! byte for byte as its `result` file, which is BuildKit's `Node.Dump()`
//! output plus a final line break. Every file in `buildkit-parser-negative/`
//! must be rejected. The corpus path comes from `PORTHOLE_CORPUS`.

use std::fs;
use std::path::{Path, PathBuf};

use dockerfile::parser::{dump, parse};

fn corpus(name: &str) -> PathBuf {
    let root =
        std::env::var("PORTHOLE_CORPUS").expect("PORTHOLE_CORPUS is set by .cargo/config.toml");
    Path::new(&root).join(name)
}

fn cases(folder: &Path) -> Vec<PathBuf> {
    let mut cases: Vec<PathBuf> = fs::read_dir(folder)
        .unwrap_or_else(|error| panic!("cannot read {}: {error}", folder.display()))
        .map(|entry| entry.expect("directory entry").path())
        .filter(|path| path.is_dir())
        .collect();
    cases.sort();
    cases
}

fn read(path: &Path) -> String {
    let bytes =
        fs::read(path).unwrap_or_else(|error| panic!("cannot read {}: {error}", path.display()));
    String::from_utf8(bytes).unwrap_or_else(|_| panic!("{} is not UTF-8", path.display()))
}

/// Returns a description of the first differing line, or `None` when equal.
fn first_difference(expected: &str, actual: &str) -> Option<String> {
    if expected == actual {
        return None;
    }
    let mut expected_lines = expected.split('\n');
    let mut actual_lines = actual.split('\n');
    for number in 1.. {
        match (expected_lines.next(), actual_lines.next()) {
            (Some(left), Some(right)) if left == right => continue,
            (left, right) => {
                return Some(format!(
                    "first difference on line {number}:\n- expected: {}\n+ actual:   {}",
                    left.unwrap_or("<end of dump>"),
                    right.unwrap_or("<end of dump>")
                ))
            }
        }
    }
    unreachable!("the loop returns at the first difference")
}

/// Dumps every case of `folder`; returns the failures and the case count.
fn check_dumps(folder: &str) -> (Vec<String>, usize) {
    let cases = cases(&corpus(folder));
    let mut failures = Vec::new();
    for case in &cases {
        let input = read(&case.join("Dockerfile"));
        let expected = read(&case.join("result"));
        let output = parse(&input);
        let actual = match output.first_error() {
            Some(error) => format!("<error: {error}>\n"),
            None => dump(&output) + "\n",
        };
        if let Some(difference) = first_difference(&expected, &actual) {
            failures.push(format!(
                "{}: {difference}",
                case.join("Dockerfile").display()
            ));
        }
    }
    println!(
        "{folder}: {} of {} cases pass",
        cases.len() - failures.len(),
        cases.len()
    );
    (failures, cases.len())
}

#[test]
fn buildkit_parser_corpus() {
    let (failures, count) = check_dumps("buildkit-parser");
    assert_eq!(count, 24, "the corpus has 24 cases");
    assert!(
        failures.is_empty(),
        "{} failures:\n{}",
        failures.len(),
        failures.join("\n\n")
    );
}

#[test]
fn real_dockerfiles_corpus() {
    let (failures, count) = check_dumps("real-dockerfiles");
    assert_eq!(count, 318, "the corpus has 318 cases");
    assert!(
        failures.is_empty(),
        "{} failures:\n{}",
        failures.len(),
        failures.join("\n\n")
    );
}

#[test]
fn negative_corpus_is_rejected() {
    let cases = cases(&corpus("buildkit-parser-negative"));
    let accepted: Vec<String> = cases
        .iter()
        .filter(|case| {
            parse(&read(&case.join("Dockerfile")))
                .first_error()
                .is_none()
        })
        .map(|case| case.display().to_string())
        .collect();
    println!(
        "buildkit-parser-negative: {} of {} cases rejected",
        cases.len() - accepted.len(),
        cases.len()
    );
    assert_eq!(cases.len(), 4, "the corpus has 4 cases");
    assert!(accepted.is_empty(), "accepted: {accepted:?}");
}
