//! `porthole dockerfile dump` and `check` as a user runs them.

use std::path::{Path, PathBuf};
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

/// Corpus files whose `check` output is recorded under `tests/golden/check/`,
/// one golden file each, named after the case's folder.
const CHECK_GOLDEN: [&str; 7] = [
    "real-dockerfiles/docker-library-python_3.12_slim-bookworm",
    "real-dockerfiles/jessfraz-dockerfiles_weechat",
    "real-dockerfiles/jessfraz-dockerfiles_mpd",
    "real-dockerfiles/jessfraz-dockerfiles_wireshark",
    "real-dockerfiles/jessfraz-dockerfiles_watchtower",
    "real-dockerfiles/jessfraz-dockerfiles_bcc-tools",
    "buildkit-parser-negative/env_no_value",
];

/// Runs `check` on a corpus file from the corpus folder, so that the output
/// names the file by its corpus path, and returns the output and exit code.
fn check_in_corpus(case: &str) -> String {
    let root =
        std::env::var("PORTHOLE_CORPUS").expect("PORTHOLE_CORPUS is set by .cargo/config.toml");
    let file = format!("{case}/Dockerfile");
    let output = Command::new(env!("CARGO_BIN_EXE_porthole"))
        .args(["dockerfile", "check", &file])
        .current_dir(&root)
        .output()
        .expect("porthole runs");
    format!(
        "{}{}exit: {}\n",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr),
        output.status.code().unwrap_or(-1)
    )
}

/// Compares each corpus case with its golden file. Set `PORTHOLE_BLESS=1`
/// to rewrite the golden files, and review the diff.
#[test]
fn check_matches_golden_files() {
    let folder = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/golden/check");
    let bless = std::env::var_os("PORTHOLE_BLESS").is_some();
    for case in CHECK_GOLDEN {
        let name = case.rsplit('/').next().expect("case folder");
        let path = folder.join(format!("{name}.txt"));
        let actual = check_in_corpus(case);
        if bless {
            std::fs::create_dir_all(&folder).expect("golden folder");
            std::fs::write(&path, &actual).expect("write golden file");
        }
        let expected = std::fs::read_to_string(&path).unwrap_or_else(|_| {
            panic!("golden file {}; run with PORTHOLE_BLESS=1", path.display())
        });
        assert_eq!(actual, expected, "case {case}");
    }
}

#[test]
fn check_reads_dockerfile_own_dockerignore() {
    let dir = scratch_dir(
        "check-own-ignore",
        &[
            ("app.Dockerfile", "FROM alpine\nCOPY a.txt b.txt /\n"),
            ("app.Dockerfile.dockerignore", "a.txt\n"),
            (".dockerignore", "b.txt\n"),
        ],
    );
    let file = dir.join("app.Dockerfile").display().to_string();
    let output = porthole(&["dockerfile", "check", &file]);
    assert_eq!(
        String::from_utf8_lossy(&output.stdout),
        format!("{file}:2:6: CopyIgnoredFile: Attempting to Copy file \"a.txt\" that is excluded by .dockerignore\n")
    );
    assert_eq!(output.status.code(), Some(0));
}

#[test]
fn check_lists_files_in_order() {
    let dir = scratch_dir(
        "check-order",
        &[
            ("one", "FROM alpine\nCMD b\nMAINTAINER me\n"),
            ("two", "FROM alpine AS Build\n"),
        ],
    );
    let one = dir.join("one").display().to_string();
    let two = dir.join("two").display().to_string();
    let output = porthole(&["dockerfile", "check", &two, &one, "/nonexistent/Dockerfile"]);
    let expected = format!(
        "{two}:1:16: StageNameCasing: Stage name 'Build' should be lowercase\n\
         {one}:2:1: JSONArgsRecommended: JSON arguments recommended for CMD to prevent unintended behavior related to OS signals\n\
         {one}:3:1: MaintainerDeprecated: Maintainer instruction is deprecated in favor of using label\n"
    );
    assert_eq!(String::from_utf8_lossy(&output.stdout), expected);
    assert!(String::from_utf8_lossy(&output.stderr)
        .starts_with("porthole: cannot read /nonexistent/Dockerfile: "));
    assert_eq!(output.status.code(), Some(1));
}

#[test]
fn check_without_files_prints_usage() {
    let output = porthole(&["dockerfile", "check"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).starts_with("Usage: porthole dockerfile dump"));
}
