//! `porthole dockerfile dump` and `check` as a user runs them.

use std::path::PathBuf;
use std::process::{Command, Output};

fn porthole(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_porthole"))
        .args(args)
        .output()
        .expect("porthole runs")
}

fn corpus_file(case: &str) -> String {
    let root =
        std::env::var("PORTHOLE_CORPUS").expect("PORTHOLE_CORPUS is set by .cargo/config.toml");
    let path: PathBuf = [root.as_str(), case, "Dockerfile"].iter().collect();
    path.display().to_string()
}

#[test]
fn dump_prints_buildkit_dump() {
    let file = corpus_file("buildkit-parser/env");
    let output = porthole(&["dockerfile", "dump", &file]);
    let expected =
        std::fs::read_to_string(file.replace("Dockerfile", "result")).expect("result file");
    assert_eq!(output.status.code(), Some(0));
    assert_eq!(String::from_utf8_lossy(&output.stdout), expected);
}

#[test]
fn dump_heads_each_of_several_files() {
    let first = corpus_file("buildkit-parser/mumble");
    let second = corpus_file("buildkit-parser/znc");
    let output = porthole(&["dockerfile", "dump", &first, &second]);
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert_eq!(output.status.code(), Some(0));
    assert!(
        stdout.starts_with(&format!("==> {first} <==\n(from ")),
        "{stdout}"
    );
    assert!(
        stdout.contains(&format!("\n==> {second} <==\n(from ")),
        "{stdout}"
    );
}

#[test]
fn dump_reports_parse_error() {
    let file = corpus_file("buildkit-parser-negative/env_no_value");
    let output = porthole(&["dockerfile", "dump", &file]);
    assert_eq!(output.status.code(), Some(1));
    assert_eq!(
        String::from_utf8_lossy(&output.stderr),
        "dockerfile parse error on line 3: ENV must have two arguments\n"
    );
}

#[test]
fn dump_reports_missing_file() {
    let output = porthole(&["dockerfile", "dump", "/nonexistent/Dockerfile"]);
    assert_eq!(output.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&output.stderr)
        .starts_with("porthole: cannot read /nonexistent/Dockerfile: "));
}

#[test]
fn check_is_not_built_yet() {
    let output = porthole(&["dockerfile", "check", "Dockerfile"]);
    assert_eq!(output.status.code(), Some(2));
    assert_eq!(
        String::from_utf8_lossy(&output.stderr),
        "porthole: dockerfile check is not built yet\n"
    );
}

#[test]
fn dump_without_files_prints_usage() {
    let output = porthole(&["dockerfile", "dump"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr)
        .starts_with("Usage: porthole dockerfile dump FILE..."));
}
