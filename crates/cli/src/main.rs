//! The native `porthole` command.
//!
//! ```text
//! porthole dockerfile dump FILE...
//! porthole dockerfile check FILE...
//! porthole expand [--env NAME=VALUE]... [--words] WORD
//! porthole script [--context DIR] [--trace] [--permissive] FILE
//! ```
//!
//! Each subcommand lives in its own module under `commands/` and returns the
//! process exit code.

mod commands;

use std::process::ExitCode;

const USAGE: &str = "\
Usage: porthole COMMAND [ARGS]

Commands:
  dockerfile dump FILE...    print BuildKit's AST dump of each Dockerfile
  dockerfile check FILE...   print errors and build-check warnings
  expand [--env NAME=VALUE]... [--words] WORD
                             expand a word as a Dockerfile instruction does
  script [--context DIR] [--trace] [--permissive] FILE
                             run a file of docker commands in a simulated world
";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let code = match args.first().map(String::as_str) {
        Some("dockerfile") => commands::dockerfile::run(&args[1..]),
        Some("expand") => commands::expand::run(&args[1..]),
        Some("script") => commands::script::run(&args[1..]),
        Some("-h" | "--help" | "help") => {
            print!("{USAGE}");
            0
        }
        Some(other) => {
            eprintln!("porthole: unknown command {other:?}\n\n{USAGE}");
            2
        }
        None => {
            eprint!("{USAGE}");
            2
        }
    };
    ExitCode::from(code)
}
