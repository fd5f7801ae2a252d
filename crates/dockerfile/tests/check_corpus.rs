//! Runs `check` over the real-world Dockerfiles of the shared corpus, which
//! all build with BuildKit: no panic, no error, and the warning counts per
//! rule recorded in `tests/golden/check_corpus_warnings.txt`. Set
//! `PORTHOLE_BLESS=1` to rewrite the golden file, and review the diff.

use std::collections::BTreeMap;
use std::path::Path;

use dockerfile::{check, CheckInput, Severity};

#[test]
fn real_dockerfiles_have_no_errors() {
    let corpus =
        std::env::var("PORTHOLE_CORPUS").expect("PORTHOLE_CORPUS is set by .cargo/config.toml");
    let dir = Path::new(&corpus).join("real-dockerfiles");
    let mut names: Vec<_> = std::fs::read_dir(&dir)
        .expect("corpus folder")
        .map(|e| e.unwrap().path())
        .collect();
    names.sort();
    assert_eq!(names.len(), 318, "corpus size");
    let mut counts: BTreeMap<String, usize> = BTreeMap::new();
    for path in &names {
        let text = std::fs::read_to_string(path.join("Dockerfile")).expect("Dockerfile");
        for diagnostic in check(&text, &CheckInput::default()) {
            assert_eq!(
                diagnostic.severity,
                Severity::Warning,
                "{}: {diagnostic:?}",
                path.display()
            );
            *counts.entry(diagnostic.rule).or_default() += 1;
        }
    }
    let mut golden = String::new();
    for (rule, count) in &counts {
        golden.push_str(&format!("{rule} {count}\n"));
    }
    let golden_path =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/golden/check_corpus_warnings.txt");
    if std::env::var_os("PORTHOLE_BLESS").is_some() {
        std::fs::create_dir_all(golden_path.parent().unwrap()).unwrap();
        std::fs::write(&golden_path, &golden).unwrap();
    }
    let expected =
        std::fs::read_to_string(&golden_path).expect("golden file; run with PORTHOLE_BLESS=1");
    assert_eq!(golden, expected);
}
