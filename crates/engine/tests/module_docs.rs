//! Checks the style rule that every module of the engine starts with a `//!`
//! doc comment.

use std::path::Path;

fn rust_files(directory: &Path, files: &mut Vec<std::path::PathBuf>) {
    let entries = std::fs::read_dir(directory)
        .unwrap_or_else(|e| panic!("reading {}: {e}", directory.display()));
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            rust_files(&path, files);
        } else if path.extension().is_some_and(|extension| extension == "rs") {
            files.push(path);
        }
    }
}

#[test]
fn every_module_starts_with_a_doc_comment() {
    let source = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    rust_files(&source, &mut files);
    assert!(
        !files.is_empty(),
        "no sources found under {}",
        source.display()
    );
    for file in files {
        let text = std::fs::read_to_string(&file)
            .unwrap_or_else(|e| panic!("reading {}: {e}", file.display()));
        assert!(
            text.starts_with("//!"),
            "{} does not start with a //! module doc",
            file.display()
        );
    }
}
