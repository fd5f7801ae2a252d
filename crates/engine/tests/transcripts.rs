//! Golden transcripts: each `transcripts/NAME.commands` file runs in a fresh
//! world and its transcript must equal `transcripts/NAME.transcript`.
//!
//! A `# context: PATH` line at the top names the build context, relative
//! to the workspace root; `# permissive` turns permissive mode on. Run with
//! `PORTHOLE_BLESS=1` to write the transcripts, then review the diff.

use std::path::{Path, PathBuf};

use engine::output::transcript_entry;
use engine::{World, WorldOptions};

fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// Reads a directory's files as (relative path, text), sorted.
fn read_directory(directory: &Path) -> Vec<(String, String)> {
    let mut files = Vec::new();
    let mut pending = vec![directory.to_path_buf()];
    while let Some(current) = pending.pop() {
        for entry in std::fs::read_dir(&current).expect("context directory") {
            let path = entry.expect("directory entry").path();
            if path.is_dir() {
                pending.push(path);
            } else {
                let relative = path
                    .strip_prefix(directory)
                    .unwrap()
                    .to_string_lossy()
                    .into_owned();
                files.push((relative, std::fs::read_to_string(&path).expect("text file")));
            }
        }
    }
    files.sort();
    files
}

/// Runs a commands file and returns its transcript.
pub fn run_script(script: &str) -> String {
    let permissive = script.lines().any(|line| line.trim() == "# permissive");
    let mut world = World::with_options(WorldOptions {
        permissive,
        ..WorldOptions::default()
    });
    if let Some(context) = script
        .lines()
        .find_map(|line| line.strip_prefix("# context: "))
    {
        world.load_project(&read_directory(&workspace_root().join(context.trim())));
    }
    let mut transcript = String::new();
    for line in script.lines() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let prompt = world.prompt();
        let result = world.run_line(line);
        transcript.push_str(&transcript_entry(&prompt, line, &result));
    }
    transcript
}

#[test]
fn transcripts_match_golden_files() {
    let folder = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/transcripts");
    let bless = std::env::var_os("PORTHOLE_BLESS").is_some();
    let mut cases: Vec<PathBuf> = std::fs::read_dir(&folder)
        .expect("transcripts folder")
        .map(|entry| entry.expect("entry").path())
        .filter(|path| {
            path.extension()
                .is_some_and(|extension| extension == "commands")
        })
        .collect();
    cases.sort();
    assert!(
        !cases.is_empty(),
        "no .commands files in {}",
        folder.display()
    );

    let mut failures = Vec::new();
    for case in &cases {
        let script = std::fs::read_to_string(case).expect("commands file");
        let transcript = run_script(&script);
        let golden = case.with_extension("transcript");
        if bless {
            std::fs::write(&golden, &transcript).expect("write golden file");
            continue;
        }
        let expected = std::fs::read_to_string(&golden).unwrap_or_else(|_| {
            panic!(
                "{} has no golden file; run with PORTHOLE_BLESS=1 to create it",
                case.display()
            )
        });
        if transcript != expected {
            let line = transcript
                .lines()
                .zip(expected.lines())
                .position(|(a, b)| a != b)
                .unwrap_or(0);
            failures.push(format!(
                "{}: first difference at line {}\n  expected: {:?}\n  actual:   {:?}",
                case.file_name().unwrap().to_string_lossy(),
                line + 1,
                expected.lines().nth(line).unwrap_or(""),
                transcript.lines().nth(line).unwrap_or("")
            ));
        }
    }
    println!(
        "transcripts: {} of {} match",
        cases.len() - failures.len(),
        cases.len()
    );
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
