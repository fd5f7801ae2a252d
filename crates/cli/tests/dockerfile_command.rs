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

/// Writes `files` into a fresh folder under the system temp folder.
fn scratch_dir(name: &str, files: &[(&str, &str)]) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("porthole-{name}-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp folder");
    for (file, text) in files {
        std::fs::write(dir.join(file), text).expect("write file");
    }
    dir
}

#[test]
fn check_prints_warnings_sorted() {
    let dir = scratch_dir(
        "check-warnings",
        &[
            (
                "Dockerfile",
                "FROM alpine as build\nCOPY secret.txt /\nCMD echo hi\n",
            ),
            (".dockerignore", "secret.txt\n"),
        ],
    );
    let file = dir.join("Dockerfile").display().to_string();
    let output = porthole(&["dockerfile", "check", &file]);
    let expected = format!(
        "{file}:1:13: FromAsCasing: 'as' and 'FROM' keywords' casing do not match\n\
         {file}:2:6: CopyIgnoredFile: Attempting to Copy file \"secret.txt\" that is excluded by .dockerignore\n\
         {file}:3:1: JSONArgsRecommended: JSON arguments recommended for CMD to prevent unintended behavior related to OS signals\n"
    );
    assert_eq!(String::from_utf8_lossy(&output.stdout), expected);
    assert_eq!(output.status.code(), Some(0));
}

#[test]
fn check_exits_one_on_errors() {
    let dir = scratch_dir(
        "check-errors",
        &[
            ("Dockerfile", "FROM alpine\nRUNN x\n"),
            (
                "Strict.Dockerfile",
                "# check=error=true\nFROM alpine\nCMD x\n",
            ),
        ],
    );
    let file = dir.join("Dockerfile").display().to_string();
    let output = porthole(&["dockerfile", "check", &file]);
    assert_eq!(
        String::from_utf8_lossy(&output.stdout),
        format!("{file}:2:1: UnknownInstruction: dockerfile parse error on line 2: unknown instruction: RUNN (did you mean RUN?)\n")
    );
    assert_eq!(output.status.code(), Some(1));
    let strict = dir.join("Strict.Dockerfile").display().to_string();
    let output = porthole(&["dockerfile", "check", &strict]);
    assert_eq!(output.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&output.stdout)
        .contains("CheckError: lint violation found for rules: JSONArgsRecommended"));
}

#[test]
fn dump_without_files_prints_usage() {
    let output = porthole(&["dockerfile", "dump"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr)
        .starts_with("Usage: porthole dockerfile dump FILE..."));
}
