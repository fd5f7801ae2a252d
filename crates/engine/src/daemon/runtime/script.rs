//! The `sh -c SCRIPT` forms a container's command line takes, as far as
//! they decide which program the process becomes: `exec CMD` or a single
//! command, which the shell runs in its own place (so `sh -c 'nginx -g
//! "daemon off;"'` is nginx), and the `while true; do echo …; sleep N;
//! done` logger, whose lines follow the clock for ever. Every other script
//! runs through the shell interpreter.

use crate::client::argv::{split_line, Operator, Token, Variables};
use crate::clock::Millis;

use super::Program;
use crate::daemon::containers::Container;

/// Stands for `$(date)` in a loop line until the line's time is known.
pub(super) const DATE_MARKER: &str = "\u{0}date\u{0}";
/// Stands for `>&2` and `1>&2`: the command's output goes to standard error.
const STDERR_MARKER: &str = "\u{0}stderr\u{0}";

/// What the script comes down to.
pub(super) enum Outcome {
    /// The shell itself is the program.
    Program(Program),
    /// The shell `exec`s this argv (or runs it as its only command).
    Exec(Vec<String>),
}

/// One simple command and the operator after it.
struct Command {
    words: Vec<String>,
}

/// Interprets `SHELL -c SCRIPT [ARG...]`, given as its whole argv.
pub(super) fn interpret(container: &Container, argv: &[String]) -> Outcome {
    let script = argv.get(2).map(String::as_str).unwrap_or("");
    let interpreted = || {
        Outcome::Program(Program::Interpreted {
            argv: argv.to_vec(),
            prefix: Vec::new(),
        })
    };
    let variables: Vec<(&str, &str)> = container
        .config
        .env
        .iter()
        .filter_map(|pair| pair.split_once('='))
        .collect();
    let Some(commands) = commands(script, &variables) else {
        return interpreted();
    };
    if let Some(program) = logger_loop(&commands) {
        return Outcome::Program(program);
    }
    if let [single] = commands.as_slice() {
        let words = match single.words.first().map(String::as_str) {
            Some("exec") => single.words[1..].to_vec(),
            _ => single.words.clone(),
        };
        let marked = words.iter().any(|word| word.contains('\u{0}'));
        if !words.is_empty() && !is_builtin(&words[0]) && !marked {
            return Outcome::Exec(words);
        }
    }
    interpreted()
}

/// Splits the script into simple commands; `None` for pipes, redirections,
/// background jobs or a script the splitter cannot read.
fn commands(script: &str, variables: &dyn Variables) -> Option<Vec<Command>> {
    let marked = script
        .replace("$(date)", DATE_MARKER)
        .replace("1>&2", ">&2")
        .replace(">&2", &format!(" {STDERR_MARKER} "));
    let tokens = split_line(&marked, variables).ok()?;
    let mut commands = Vec::new();
    let mut words = Vec::new();
    for token in tokens {
        match token {
            Token::Word(word) => words.push(word.text),
            Token::Assignment(_) if words.is_empty() => return None,
            Token::Assignment(assignment) => {
                words.push(format!("{}={}", assignment.name, assignment.value))
            }
            Token::Operator {
                operator: Operator::And | Operator::Or | Operator::Semicolon,
                ..
            } => {
                commands.push(Command {
                    words: std::mem::take(&mut words),
                });
            }
            Token::Operator { .. } => return None,
        }
    }
    if !words.is_empty() {
        commands.push(Command { words });
    }
    commands.retain(|command| !command.words.is_empty());
    Some(commands)
}

/// Returns whether a shell runs the word itself, so it cannot `exec` it.
fn is_builtin(name: &str) -> bool {
    matches!(
        name,
        "exit"
            | "echo"
            | "true"
            | "false"
            | ":"
            | "cd"
            | "export"
            | "while"
            | "trap"
            | "set"
            | "for"
            | "if"
            | "printf"
            | "read"
    )
}

/// Reads `while true; do BODY; done` whose body only echoes and sleeps.
fn logger_loop(commands: &[Command]) -> Option<Program> {
    let first = commands.first()?;
    if first.words != ["while", "true"] && first.words != ["while", ":"] {
        return None;
    }
    let last = commands.last()?;
    if last.words != ["done"] || commands.len() < 3 {
        return None;
    }
    let body = &commands[1..commands.len() - 1];
    let mut lines = Vec::new();
    let mut period: Millis = 0;
    for (index, command) in body.iter().enumerate() {
        let words: &[String] = if index == 0 {
            command.words.strip_prefix(&["do".to_string()])?
        } else {
            &command.words
        };
        match words.first().map(String::as_str) {
            Some("echo") if !words.iter().any(|word| word == STDERR_MARKER) => {
                lines.push(words[1..].join(" "))
            }
            Some("date") if words.len() == 1 => lines.push(DATE_MARKER.to_string()),
            Some("sleep") => period += seconds(words.get(1)?)?,
            _ => return None,
        }
    }
    (period > 0).then_some(Program::Loop { lines, period })
}

/// Parses a `sleep` operand into milliseconds.
fn seconds(text: &str) -> Option<Millis> {
    let value: f64 = text.trim_end_matches('s').parse().ok()?;
    (value.is_finite() && value > 0.0 && value < 1e9).then(|| (value * 1000.0).round() as Millis)
}
