//! `porthole expand [--env NAME=VALUE]... [--words] WORD`: expands one word as a
//! Dockerfile instruction argument is expanded (BuildKit's shell lexer, escape token
//! `\`).
//!
//! Prints the expanded word, or with `--words` the words of word splitting, one a
//! line. Exits 1 with BuildKit's error message on standard error when the word cannot
//! be expanded, and 2 with a usage line on bad arguments. `--env` entries follow
//! BuildKit: a later entry for a name wins, and `NAME` without `=` sets it to empty.

use std::io::Write;

use dockerfile::shell::{EnvList, Lexer};

const USAGE: &str = "Usage: porthole expand [--env NAME=VALUE]... [--words] WORD";

/// The kind of output.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Output {
    /// The expanded word.
    Word,
    /// The words of word splitting, one a line.
    Words,
}

/// Parsed arguments.
#[derive(Debug)]
struct Request {
    env: EnvList,
    output: Output,
    word: String,
}

/// The reason to stop before expanding.
#[derive(Debug, PartialEq, Eq)]
enum UsageError {
    /// `-h` or `--help`.
    Help,
    /// Bad arguments, with what is wrong.
    Invalid(String),
}

/// Runs the subcommand with the arguments after its name.
pub fn run(args: &[String]) -> u8 {
    run_with(
        args,
        &mut std::io::stdout().lock(),
        &mut std::io::stderr().lock(),
    )
}

fn run_with(args: &[String], stdout: &mut impl Write, stderr: &mut impl Write) -> u8 {
    let request = match parse(args) {
        Ok(request) => request,
        Err(UsageError::Help) => return report(writeln!(stdout, "{USAGE}"), 0),
        Err(UsageError::Invalid(problem)) => {
            return report(writeln!(stderr, "porthole expand: {problem}\n{USAGE}"), 2);
        }
    };

    match Lexer::new('\\').process_word(&request.word, &request.env) {
        Ok(expansion) => {
            let printed = match request.output {
                Output::Word => writeln!(stdout, "{}", expansion.result),
                Output::Words => expansion
                    .words
                    .iter()
                    .try_for_each(|word| writeln!(stdout, "{word}")),
            };
            report(printed, 0)
        }
        Err(error) => report(writeln!(stderr, "{error}"), 1),
    }
}

/// Returns `code`, or 1 when the output could not be written (a closed pipe).
fn report(written: std::io::Result<()>, code: u8) -> u8 {
    match written {
        Ok(()) => code,
        Err(_) => 1,
    }
}

fn parse(args: &[String]) -> Result<Request, UsageError> {
    let mut env = EnvList::new();
    let mut output = Output::Word;
    let mut word = None;
    let mut options_ended = false;
    let mut args = args.iter();

    while let Some(arg) = args.next() {
        if !options_ended {
            match arg.as_str() {
                "--" => {
                    options_ended = true;
                    continue;
                }
                "-h" | "--help" => return Err(UsageError::Help),
                "--words" => {
                    output = Output::Words;
                    continue;
                }
                "--env" => {
                    let entry = args.next().ok_or_else(|| {
                        UsageError::Invalid("--env requires NAME=VALUE".to_owned())
                    })?;
                    env.push_entry(entry);
                    continue;
                }
                option if option.starts_with("--env=") => {
                    env.push_entry(&option["--env=".len()..]);
                    continue;
                }
                option if option.starts_with('-') && option != "-" => {
                    return Err(UsageError::Invalid(format!("unknown option {option:?}")));
                }
                _ => {}
            }
        }
        if word.is_some() {
            return Err(UsageError::Invalid(format!(
                "unexpected argument {arg:?}: expand takes one WORD (quote it)"
            )));
        }
        word = Some(arg.clone());
    }

    let word = word.ok_or_else(|| UsageError::Invalid("missing WORD".to_owned()))?;
    Ok(Request { env, output, word })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Runs the subcommand and returns the exit code, standard output and error.
    fn run_args(args: &[&str]) -> (u8, String, String) {
        let args: Vec<String> = args.iter().map(|&arg| arg.to_owned()).collect();
        let mut stdout = Vec::new();
        let mut stderr = Vec::new();
        let code = run_with(&args, &mut stdout, &mut stderr);
        let text = |bytes: Vec<u8>| String::from_utf8(bytes).unwrap();
        (code, text(stdout), text(stderr))
    }

    #[test]
    fn expand_prints_results() {
        let cases: &[(&[&str], &str)] = &[
            (&["hello"], "hello\n"),
            (&["--env", "A=b c", "x${A}y"], "xb cy\n"),
            (&["--env=A=1", "--env", "A=2", "$A"], "2\n"),
            (&["--env", "A", "${A-unset}${A:-empty}"], "empty\n"),
            (
                &["--words", "--env", "A= b  c ", "a$A \"d e\""],
                "a\nb\nc\nd e\n",
            ),
            (&["--words", "''"], ""),
            (&["--", "--words"], "--words\n"),
            (&["-"], "-\n"),
        ];
        for &(args, expected) in cases {
            let (code, stdout, stderr) = run_args(args);
            assert_eq!(code, 0, "exit code for {args:?}");
            assert_eq!(stdout, expected, "output for {args:?}");
            assert_eq!(stderr, "", "error output for {args:?}");
        }
    }

    #[test]
    fn expand_reports_buildkit_errors() {
        let (code, stdout, stderr) = run_args(&["${A:?must be set}"]);
        assert_eq!(code, 1);
        assert_eq!(stdout, "");
        assert_eq!(
            stderr,
            "failed to process \"${A:?must be set}\": A: must be set\n"
        );
    }

    #[test]
    fn expand_rejects_bad_usage() {
        let cases: &[&[&str]] = &[&[], &["a", "b"], &["--env"], &["--bogus", "a"], &["-x"]];
        for &args in cases {
            let (code, stdout, stderr) = run_args(args);
            assert_eq!(code, 2, "exit code for {args:?}");
            assert_eq!(stdout, "", "output for {args:?}");
            assert!(
                stderr.ends_with(&format!("{USAGE}\n")),
                "usage line for {args:?}: {stderr}"
            );
        }
    }

    #[test]
    fn expand_help_prints_usage() {
        let (code, stdout, _) = run_args(&["--help"]);
        assert_eq!(code, 0);
        assert_eq!(stdout, format!("{USAGE}\n"));
    }
}
