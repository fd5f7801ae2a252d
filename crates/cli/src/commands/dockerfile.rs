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

use dockerfile::parser::{dump, parse};

const USAGE: &str = "\
Usage: porthole dockerfile dump FILE...
       porthole dockerfile check FILE...
";

/// Runs the subcommand with the arguments after its name.
pub fn run(args: &[String]) -> u8 {
    match args.split_first() {
        Some((command, files)) if command == "dump" && !files.is_empty() => dump_files(files),
        Some((command, _)) if command == "check" => {
            // FIXME: `dockerfile check` (errors and build-check warnings)
            // is not built yet.
            eprintln!("porthole: dockerfile check is not built yet");
            2
        }
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
