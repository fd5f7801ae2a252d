//! docker/cli 28's wrapping of command-line errors: flag errors with the usage
//! line (exit 125), argument counts from `cli/required.go` (exit 1), unknown
//! commands and unknown help topics.

use std::fmt;

use super::flags::FlagError;

/// A docker command-line error as docker/cli 28 prints it, with its exit code.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CliError {
    /// A flag error, wrapped by docker/cli's `FlagErrorFunc`; exit code 125.
    Flag {
        /// The pflag error.
        error: FlagError,
        /// The command's usage line (`docker search [OPTIONS] TERM`).
        use_line: String,
        /// The command's path (`docker search`).
        command_path: String,
    },
    /// Too few or too many arguments, from docker/cli's `cli/required.go`; exit code 1.
    Arguments {
        /// The rule that failed.
        rule: ArgumentRule,
        /// The command's usage line.
        use_line: String,
        /// The command's path.
        command_path: String,
    },
    /// A word that names no command (`docker foo`, `docker container foo`); exit code 1.
    UnknownCommand {
        /// The path of the command that got the word (`docker`, `docker container`).
        command_path: String,
        /// The word.
        word: String,
        /// The usage line of a management command; none for `docker` itself.
        use_line: Option<String>,
    },
    /// `docker help WORD` for a word that names no command; exit code 1.
    UnknownHelpTopic(String),
}

impl CliError {
    /// Returns the exit status docker/cli 28 uses for the error.
    pub fn exit_code(&self) -> i32 {
        match self {
            Self::Flag { .. } => 125,
            _ => 1,
        }
    }
}

impl fmt::Display for CliError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Flag { error, use_line, command_path } => write!(
                f,
                "{error}\n\nUsage:  {use_line}\n\nRun '{command_path} --help' for more information"
            ),
            Self::Arguments { rule, use_line, command_path } => rule.write_error(f, command_path, use_line),
            Self::UnknownCommand { command_path, word, use_line: Some(use_line) } => write!(
                f,
                "docker: unknown command: {command_path} {word}\n\nUsage:  {use_line}\n\nRun '{command_path} --help' for more information"
            ),
            Self::UnknownCommand { command_path, word, use_line: None } => write!(
                f,
                "docker: unknown command: {command_path} {word}\n\nRun '{command_path} --help' for more information"
            ),
            Self::UnknownHelpTopic(word) => write!(f, "unknown help topic: {word}"),
        }
    }
}

impl std::error::Error for CliError {}

/// How many arguments a command accepts, as docker/cli's `cli/required.go` checks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ArgumentRule {
    /// Any number.
    Any,
    /// None (`cli.NoArgs`).
    None,
    /// Exactly this many (`cli.ExactArgs`).
    Exactly(usize),
    /// At least this many (`cli.RequiresMinArgs`).
    AtLeast(usize),
    /// At most this many (`cli.RequiresMaxArgs`).
    AtMost(usize),
    /// Between the two, inclusive (`cli.RequiresRangeArgs`).
    Between(usize, usize),
}

impl ArgumentRule {
    /// Returns whether `count` arguments satisfy the rule.
    pub fn accepts(self, count: usize) -> bool {
        match self {
            Self::Any => true,
            Self::None => count == 0,
            Self::Exactly(expected) => count == expected,
            Self::AtLeast(min) => count >= min,
            Self::AtMost(max) => count <= max,
            Self::Between(min, max) => (min..=max).contains(&count),
        }
    }

    /// Writes docker/cli 28's message for a failed rule, including two quirks
    /// of `cli/required.go`: the minimum-count message ends in `See '… --help'`
    /// and the maximum-count message in `SRun '… --help'`.
    fn write_error(self, f: &mut fmt::Formatter<'_>, path: &str, use_line: &str) -> fmt::Result {
        let plural = |count: usize| if count == 1 { "argument" } else { "arguments" };
        let usage = format!("\n\nUsage:  {use_line}\n\n");
        match self {
            Self::Any => Ok(()),
            Self::None => write!(f, "docker: '{path}' accepts no arguments{usage}Run '{path} --help' for more information"),
            Self::Exactly(count) => write!(
                f,
                "docker: '{path}' requires {count} {}{usage}Run '{path} --help' for more information",
                plural(count)
            ),
            Self::AtLeast(min) => write!(
                f,
                "docker: '{path}' requires at least {min} {}{usage}See '{path} --help' for more information",
                plural(min)
            ),
            Self::AtMost(max) => write!(
                f,
                "docker: '{path}' requires at most {max} {}{usage}SRun '{path} --help' for more information",
                plural(max)
            ),
            Self::Between(min, max) => write!(
                f,
                "docker: '{path}' requires at least {min} and at most {max} {}{usage}Run '{path} --help' for more information",
                plural(max)
            ),
        }
    }
}

#[cfg(test)]
mod tests;
