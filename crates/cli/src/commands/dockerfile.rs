//! `porthole dockerfile`: work with Dockerfiles.
//!
//! ```text
//! porthole dockerfile dump FILE...
//! porthole dockerfile check FILE...
//! ```
//!
//! `dump` prints BuildKit's AST dump of each file, exactly as BuildKit's
//! `Node.Dump()` writes it, plus a final line break. With several files, a
//! line `==> FILE <==` comes before each dump. A file BuildKit's parser
//! rejects gets BuildKit's message on standard error, the other files are
//! still dumped, and the exit code is 1.
//!
//! `check` prints every error and build-check warning of each file as
//! `FILE:LINE:COLUMN: RuleName: message`, one a line, sorted by position.
//! It reads `.dockerignore` from the file's directory for the
//! CopyIgnoredFile check. The exit code is 1 when any file has an error,
//! including the one `# check=error=true` makes of warnings, and 0 otherwise.

use dockerfile::parser::{dump, parse};
use dockerfile::{check, CheckInput, LineIndex, Severity};

const USAGE: &str = "\
Usage: porthole dockerfile dump FILE...
       porthole dockerfile check FILE...
";

/// Runs the subcommand with the arguments after its name.
pub fn run(args: &[String]) -> u8 {
    match args.split_first() {
        Some((command, files)) if command == "dump" && !files.is_empty() => dump_files(files),
        Some((command, files)) if command == "check" && !files.is_empty() => check_files(files),
        Some((command, _)) if command == "-h" || command == "--help" => {
            print!("{USAGE}");
            0
        }
        _ => {
            eprint!("{USAGE}");
            2
        }
    }
}

fn dump_files(files: &[String]) -> u8 {
    let mut code = 0;
    for file in files {
        if files.len() > 1 {
            println!("==> {file} <==");
        }
        code = code.max(dump_file(file));
    }
    code
}

/// Prints the dump of one file; returns 1 when it cannot be read or parsed.
fn dump_file(file: &str) -> u8 {
    let bytes = match std::fs::read(file) {
        Ok(bytes) => bytes,
        Err(error) => {
            eprintln!("porthole: cannot read {file}: {error}");
            return 1;
        }
    };
    // FIXME: BuildKit reads bytes; text that is not UTF-8 is decoded here
    // with U+FFFD, so its dump shows that character instead of `\x..`.
    let text = String::from_utf8_lossy(&bytes);
    let output = parse(&text);
    match output.first_error() {
        Some(error) => {
            eprintln!("{error}");
            1
        }
        None => {
            println!("{}", dump(&output));
            0
        }
    }
}

fn check_files(files: &[String]) -> u8 {
    files.iter().map(|file| check_file(file)).max().unwrap_or(0)
}

/// Prints the diagnostics of one file; returns 1 when it cannot be read or
/// has an error.
fn check_file(file: &str) -> u8 {
    let bytes = match std::fs::read(file) {
        Ok(bytes) => bytes,
        Err(error) => {
            eprintln!("porthole: cannot read {file}: {error}");
            return 1;
        }
    };
    let text = String::from_utf8_lossy(&bytes);
    let dockerignore = std::path::Path::new(file)
        .parent()
        .map(|dir| dir.join(".dockerignore"))
        .and_then(|path| std::fs::read_to_string(path).ok());
    let input = CheckInput {
        dockerignore,
        ..CheckInput::default()
    };
    let diagnostics = check(&text, &input);
    let index = LineIndex::new(&text);
    for diagnostic in &diagnostics {
        let (line, column) = index.line_column(&text, diagnostic.span.start);
        println!(
            "{file}:{line}:{column}: {}: {}",
            diagnostic.rule, diagnostic.message
        );
    }
    let failed = diagnostics.iter().any(|d| d.severity == Severity::Error);
    u8::from(failed)
}
