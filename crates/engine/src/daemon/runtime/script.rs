//! The `sh -c SCRIPT` forms a container's command line usually takes:
//! `exit N`, `echo`, `sleep`, `true`, `false` joined by `;`, `&&` and
//! `||`; `exec CMD` and a single command, which the shell runs in its own
//! place; and the `while true; do echo …; sleep N; done` logger.
//!
//! Scripts with other commands or shell syntax run as a silent process
//! until the shell interpreter can take them.

use crate::client::argv::{split_line, Operator, Token};
use crate::clock::Millis;
use crate::output::Stream;

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
    then: Option<Operator>,
}

/// Interprets `sh -c SCRIPT` run by the shell `shell` (`sh`, `/bin/bash`).
pub(super) fn interpret(container: &Container, script: &str, shell: &str) -> Outcome {
    let variables: Vec<(&str, &str)> = container
        .config
        .env
        .iter()
        .filter_map(|pair| pair.split_once('='))
        .collect();
    let Some(commands) = commands(script, &variables) else {
        return Outcome::Program(Program::Unrecognised);
    };
    if commands.is_empty() {
        return Outcome::Program(Program::OneShot { lines: Vec::new(), code: 0, duration: 5 });
    }
    if let Some(program) = logger_loop(&commands) {
        return Outcome::Program(program);
    }
    if let [single] = commands.as_slice() {
        let words = match single.words.first().map(String::as_str) {
            Some("exec") => single.words[1..].to_vec(),
            _ => single.words.clone(),
        };
        if !words.is_empty() && !is_builtin(&words[0]) && !words.iter().any(|word| word == STDERR_MARKER) {
            return Outcome::Exec(words);
        }
    }
    Outcome::Program(run_sequence(&commands, shell).unwrap_or(Program::Unrecognised))
}

/// Splits the script into simple commands; `None` for pipes, redirections,
/// background jobs or a script the splitter cannot read.
fn commands(script: &str, variables: &Vec<(&str, &str)>) -> Option<Vec<Command>> {
    let marked = script.replace("$(date)", DATE_MARKER).replace("1>&2", ">&2").replace(">&2", &format!(" {STDERR_MARKER} "));
    let tokens = split_line(&marked, variables).ok()?;
    let mut commands = Vec::new();
    let mut words = Vec::new();
    for token in tokens {
        match token {
            Token::Word(word) => words.push(word.text),
            Token::Assignment(assignment) if words.is_empty() => {
                let _ = assignment;
            }
            Token::Assignment(assignment) => words.push(format!("{}={}", assignment.name, assignment.value)),
            Token::Operator { operator: operator @ (Operator::And | Operator::Or | Operator::Semicolon), .. } => {
                commands.push(Command { words: std::mem::take(&mut words), then: Some(operator) });
            }
            Token::Operator { .. } => return None,
        }
    }
    if !words.is_empty() {
        commands.push(Command { words, then: None });
    }
    commands.retain(|command| !command.words.is_empty());
    Some(commands)
}

fn is_builtin(name: &str) -> bool {
    matches!(name, "exit" | "echo" | "true" | "false" | ":" | "cd" | "export" | "while" | "trap" | "set")
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
            Some("echo") if !words.iter().any(|word| word == STDERR_MARKER) => lines.push(words[1..].join(" ")),
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

/// Runs `exit`, `echo`, `true`, `false`, `:`, `cd`, `export` and `sleep`
/// joined by `;`, `&&` and `||`; `None` when another command appears.
fn run_sequence(commands: &[Command], shell: &str) -> Option<Program> {
    let mut lines = Vec::new();
    let mut duration: Millis = 5;
    let mut status = 0;
    let mut skip = false;
    for command in commands {
        if !skip {
            match run_builtin(&command.words, shell, &mut lines, &mut duration)? {
                Step::Status(code) => status = code,
                Step::Exit(code) => return Some(Program::OneShot { lines, code, duration }),
            }
        }
        skip = match command.then {
            Some(Operator::And) => status != 0,
            Some(Operator::Or) => status == 0,
            _ => false,
        };
    }
    Some(Program::OneShot { lines, code: status, duration })
}

enum Step {
    Status(i32),
    Exit(i32),
}

fn run_builtin(words: &[String], shell: &str, lines: &mut Vec<(Stream, String)>, duration: &mut Millis) -> Option<Step> {
    let step = match words[0].as_str() {
        "true" | ":" | "cd" | "export" | "set" => Step::Status(0),
        "false" => Step::Status(1),
        "echo" => {
            let to_stderr = words.iter().any(|word| word == STDERR_MARKER);
            let text = words[1..]
                .iter()
                .map(String::as_str)
                .filter(|word| *word != STDERR_MARKER)
                .skip_while(|word| *word == "-n")
                .collect::<Vec<_>>()
                .join(" ");
            let stream = if to_stderr { Stream::Stderr } else { Stream::Stdout };
            lines.push((stream, text.replace(DATE_MARKER, "")));
            Step::Status(0)
        }
        "sleep" => {
            *duration += seconds(words.get(1)?)?;
            Step::Status(0)
        }
        "exit" => match words.get(1) {
            None => Step::Exit(0),
            Some(text) => match text.parse::<i64>() {
                Ok(number) => Step::Exit(number.rem_euclid(256) as i32),
                Err(_) => {
                    lines.push((Stream::Stderr, illegal_number(shell, text)));
                    Step::Exit(2)
                }
            },
        },
        _ => return None,
    };
    Some(step)
}

/// The error `exit abc` prints: bash's and dash's words differ.
fn illegal_number(shell: &str, text: &str) -> String {
    if shell.ends_with("bash") {
        format!("bash: line 1: exit: {text}: numeric argument required")
    } else {
        format!("{shell}: 1: exit: Illegal number: {text}")
    }
}
