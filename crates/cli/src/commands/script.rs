//! `porthole script [--context DIR] [--trace] [--permissive] FILE`: runs a
//! file of docker commands against a fresh simulated world.
//!
//! One command a line; blank lines and lines starting with `#` are skipped;
//! `-` reads standard input. Without `--trace` the transcript is printed:
//! each line after its prompt (`$ `), then its output. With `--trace` the
//! events are printed as JSON lines instead. The exit status is 0 when every
//! command succeeded, else the status of the first command that failed;
//! the remaining commands still run.
//!
//! A command that keeps the terminal (`docker run nginx`, `docker exec -it
//! web sh`, a streaming `docker stats`) takes the next lines as typed into
//! it, with `^C` for Ctrl+C. Each line comes two seconds of logical time
//! after the one before, so a streaming `docker stats` prints the frames
//! it draws in that time before the line's own output.

use std::io::Read;
use std::path::{Path, PathBuf};

use engine::output::transcript_entry;
use engine::{World, WorldOptions};

const USAGE: &str = "usage: porthole script [--context DIR] [--trace] [--permissive] FILE";

/// Runs the subcommand with the arguments after its name.
pub fn run(args: &[String]) -> u8 {
    let options = match parse_args(args) {
        Ok(options) => options,
        Err(message) => {
            eprintln!("porthole script: {message}\n{USAGE}");
            return 2;
        }
    };
    let script = match read_script(&options.file) {
        Ok(script) => script,
        Err(message) => {
            eprintln!("porthole script: {message}");
            return 2;
        }
    };
    let project = match read_context(&options.context) {
        Ok(project) => project,
        Err(message) => {
            eprintln!("porthole script: {message}");
            return 2;
        }
    };

    let mut world = World::with_options(WorldOptions {
        permissive: options.permissive,
        ..WorldOptions::default()
    });
    world.load_project(&project);
    if options.permissive {
        eprintln!("porthole script: permissive mode: unknown images are synthesised");
    }

    let mut first_failure: Option<i32> = None;
    let mut stdout = String::new();
    for line in script.lines() {
        let trimmed = line.trim();
        if trimmed.is_empty() || trimmed.starts_with('#') {
            continue;
        }
        let prompt = world.prompt();
        let result = world.run_line(trimmed);
        if options.trace {
            for event in &result.events {
                stdout.push_str(&event.to_json().to_rust_compact());
                stdout.push('\n');
            }
        } else {
            stdout.push_str(&transcript_entry(&prompt, trimmed, &result));
        }
        if result.exit_code != 0 && first_failure.is_none() {
            first_failure = Some(result.exit_code);
        }
    }
    print!("{stdout}");
    match first_failure {
        None => 0,
        Some(code) => u8::try_from(code.clamp(1, 255)).unwrap_or(1),
    }
}

struct Options {
    context: PathBuf,
    trace: bool,
    permissive: bool,
    file: String,
}

fn parse_args(args: &[String]) -> Result<Options, String> {
    let mut options = Options {
        context: PathBuf::from("."),
        trace: false,
        permissive: false,
        file: String::new(),
    };
    let mut file = None;
    let mut index = 0;
    while index < args.len() {
        let arg = &args[index];
        match arg.as_str() {
            "--trace" => options.trace = true,
            "--permissive" => options.permissive = true,
            "--context" => {
                index += 1;
                let value = args.get(index).ok_or("--context needs a directory")?;
                options.context = PathBuf::from(value);
            }
            other if other.starts_with("--context=") => {
                options.context = PathBuf::from(&other["--context=".len()..]);
            }
            "-" => file = Some("-".to_string()),
            other if other.starts_with('-') => return Err(format!("unknown option {other:?}")),
            other => {
                if file.is_some() {
                    return Err(format!(
                        "unexpected argument {other:?}: give one script file"
                    ));
                }
                file = Some(other.to_string());
            }
        }
        index += 1;
    }
    options.file = file.ok_or("missing script file (use - for standard input)")?;
    Ok(options)
}

fn read_script(file: &str) -> Result<String, String> {
    if file == "-" {
        let mut text = String::new();
        std::io::stdin()
            .read_to_string(&mut text)
            .map_err(|error| format!("cannot read standard input: {error}"))?;
        return Ok(text);
    }
    std::fs::read_to_string(file).map_err(|error| format!("cannot read {file}: {error}"))
}

/// Reads every file below `directory` as (relative path, text). Files that
/// are not UTF-8 are read with replacement characters.
fn read_context(directory: &Path) -> Result<Vec<(String, String)>, String> {
    let mut files = Vec::new();
    let mut pending = vec![directory.to_path_buf()];
    while let Some(current) = pending.pop() {
        let entries = std::fs::read_dir(&current)
            .map_err(|error| format!("cannot read context {}: {error}", current.display()))?;
        for entry in entries {
            let entry = entry
                .map_err(|error| format!("cannot read context {}: {error}", current.display()))?;
            let path = entry.path();
            let kind = entry.file_type().map_err(|error| error.to_string())?;
            if kind.is_dir() {
                if entry.file_name() != ".git" && entry.file_name() != "target" {
                    pending.push(path);
                }
            } else if kind.is_file() {
                let bytes = std::fs::read(&path)
                    .map_err(|error| format!("cannot read {}: {error}", path.display()))?;
                let relative = path
                    .strip_prefix(directory)
                    .unwrap_or(&path)
                    .to_string_lossy()
                    .replace('\\', "/");
                files.push((relative, String::from_utf8_lossy(&bytes).into_owned()));
            }
        }
    }
    files.sort();
    Ok(files)
}
