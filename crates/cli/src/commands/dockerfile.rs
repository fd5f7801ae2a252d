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
//! `check` checks every stage of each file, as `docker build --check` does
//! without `--target`, and prints every error and build-check warning as
//! `FILE:LINE:COLUMN: RuleName: message`, one a line. Files come in the
//! order given and the diagnostics of a file by position, with lines and
//! columns counted from 1 and columns in characters. LINE is the line
//! BuildKit names, the first line of the instruction. For the
//! CopyIgnoredFile check it reads `FILE.dockerignore` when it exists, else
//! `.dockerignore` in the file's folder, which it takes as the build
//! context, as BuildKit's `dockerui` does. The exit code is 1 when a file
//! cannot be read or has an error, including the one `# check=error=true`
//! makes of warnings, 0 otherwise, and 2 for bad usage.

use std::io::Write;
use std::path::{Path, PathBuf};

use dockerfile::parser::{dump, parse};
use dockerfile::{check, CheckInput, Diagnostic, LineIndex, Severity};

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
    let mut stdout = std::io::stdout().lock();
    let mut stderr = std::io::stderr().lock();
    let mut code = 0;
    for file in files {
        code = code.max(check_file(file, &mut stdout, &mut stderr));
    }
    code
}

/// Prints the diagnostics of one file; returns 1 when it cannot be read or
/// has an error.
fn check_file(file: &str, stdout: &mut impl Write, stderr: &mut impl Write) -> u8 {
    let bytes = match std::fs::read(file) {
        Ok(bytes) => bytes,
        Err(error) => {
            let _ = writeln!(stderr, "porthole: cannot read {file}: {error}");
            return 1;
        }
    };
    let text = String::from_utf8_lossy(&bytes);
    let input = CheckInput {
        dockerignore: read_dockerignore(Path::new(file)),
        ..CheckInput::default()
    };
    let diagnostics = check(&text, &input);
    match write_diagnostics(stdout, file, &text, &diagnostics) {
        Ok(()) => {}
        Err(_) => return 1,
    }
    let failed = diagnostics.iter().any(|d| d.severity == Severity::Error);
    u8::from(failed)
}

/// Reads the `.dockerignore` BuildKit would use for `file`:
/// `FILE.dockerignore` next to it, else `.dockerignore` in its folder.
fn read_dockerignore(file: &Path) -> Option<String> {
    let mut own = file.as_os_str().to_owned();
    own.push(".dockerignore");
    let folder = file.parent().map(|dir| dir.join(".dockerignore"));
    [Some(PathBuf::from(own)), folder]
        .into_iter()
        .flatten()
        .find_map(|path| std::fs::read_to_string(path).ok())
}

/// Writes `FILE:LINE:COLUMN: RuleName: message` lines, sorted by position.
fn write_diagnostics(
    out: &mut impl Write,
    file: &str,
    text: &str,
    diagnostics: &[Diagnostic],
) -> std::io::Result<()> {
    let index = LineIndex::new(text);
    let mut sorted: Vec<&Diagnostic> = diagnostics.iter().collect();
    sorted.sort_by_key(|d| (d.span.start, d.span.end));
    for diagnostic in sorted {
        let (line, column) = index.line_column(text, diagnostic.span.start);
        writeln!(
            out,
            "{file}:{line}:{column}: {}: {}",
            diagnostic.rule, diagnostic.message
        )?;
    }
    Ok(())
}
