//! The command tree of Docker CLI 28: every command's usage line, short
//! description, aliases, flags and argument rule, and the resolution of a
//! command line (`docker -D container run -it alpine sh`) into a command, its
//! flags and its arguments, as docker/cli and cobra resolve it.
//!
//! Commands that Porthole simulates carry their full flag list, including
//! flags whose effect is not simulated, so that every Docker command line
//! parses. Other Docker commands are present only so that `docker --help` and
//! the management commands' help list them exactly as Docker does. They are
//! [`Support::Listed`], and [`parse_command_line`] returns their arguments
//! unparsed.
//!
//! The data follows docker/cli 28 (`cli/command/**`) and the buildx plugin that
//! Docker 28 packages, which serves `docker build`.

mod container;
mod image;
mod objects;
mod root;

use super::cli_error::{ArgumentRule, CliError};
use super::flags::{FlagSet, FlagSpec, Interspersed, ParsedFlags};
use shared_sort::SharedSort;

pub use root::ROOT;

/// Where a command appears in its parent's help.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Category {
    /// `Common Commands:` of `docker --help`, in this order (docker/cli's
    /// `category-top` annotation).
    Common(u8),
    /// `Management Commands:`: a command with subcommands, or a CLI plugin.
    Management,
    /// `Swarm Commands:`.
    Swarm,
    /// `Commands:`.
    Plain,
}

/// How much of a command Porthole provides.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Support {
    /// The command parses fully and the engine simulates it.
    Simulated,
    /// The command is listed in help as Docker lists it, but not simulated.
    Listed,
}

/// One command of the tree, as a cobra command of docker/cli defines it.
#[derive(Debug, Clone, Copy)]
pub struct CommandSpec {
    /// The command's name (the first word of cobra's `Use`).
    pub name: &'static str,
    /// The rest of cobra's `Use`: `[OPTIONS] IMAGE [COMMAND] [ARG...]`.
    pub usage: &'static str,
    /// The one-line description (`Short`) that the parent's help lists.
    pub short: &'static str,
    /// The description the command's own help prints when it differs from
    /// [`Self::short`]: buildx's `Start a build` for `docker build`.
    pub description: Option<&'static str>,
    /// Other names under the same parent (cobra's `Aliases`): `list` for `ls`.
    pub aliases: &'static [&'static str],
    /// The `Aliases:` line of help when docker/cli sets it explicitly (its
    /// `aliases` annotation): `docker container run, docker run`.
    pub alias_line: Option<&'static str>,
    /// The command path shown in help and errors when it differs from the path
    /// typed: `docker build` runs and prints as `docker buildx build`.
    pub shown_path: Option<&'static str>,
    /// Where the parent's help lists the command.
    pub category: Category,
    /// The command's own flags; every command also has the root's hidden
    /// `--help`/`-h` unless it defines `--help` itself.
    pub flags: &'static [FlagSpec],
    /// Flags the command shares with others, such as the container options of
    /// `run` and `create`.
    pub shared_flags: &'static [FlagSpec],
    /// How many arguments the command accepts.
    pub arguments: ArgumentRule,
    /// Whether flags may follow the first argument.
    pub interspersed: Interspersed,
    /// Subcommands, for management commands.
    pub subcommands: &'static [CommandSpec],
    /// Whether the command is simulated or only listed.
    pub support: Support,
    /// Whether the command is a CLI plugin, marked with `*` in `docker --help`.
    pub plugin: bool,
}

impl CommandSpec {
    /// Builds a simulated command with no flags that accepts any arguments.
    pub const fn new(name: &'static str, usage: &'static str, short: &'static str) -> Self {
        Self {
            name,
            usage,
            short,
            description: None,
            aliases: &[],
            alias_line: None,
            shown_path: None,
            category: Category::Plain,
            flags: &[],
            shared_flags: &[],
            arguments: ArgumentRule::Any,
            interspersed: Interspersed::Allowed,
            subcommands: &[],
            support: Support::Simulated,
            plugin: false,
        }
    }

    /// Builds a command that is only listed in help.
    pub const fn listed(name: &'static str, short: &'static str) -> Self {
        Self {
            support: Support::Listed,
            ..Self::new(name, "", short)
        }
    }

    /// Builds a management command: `docker NAME COMMAND`, no arguments of its own.
    pub const fn management(
        name: &'static str,
        short: &'static str,
        subcommands: &'static [CommandSpec],
    ) -> Self {
        Self {
            category: Category::Management,
            arguments: ArgumentRule::None,
            subcommands,
            ..Self::new(name, "", short)
        }
    }

    /// Sets the flags.
    pub const fn flags(self, flags: &'static [FlagSpec]) -> Self {
        Self { flags, ..self }
    }

    /// Sets the description printed by the command's own help.
    pub const fn description(self, description: &'static str) -> Self {
        Self {
            description: Some(description),
            ..self
        }
    }

    /// Sets the shared flags.
    pub const fn shared_flags(self, flags: &'static [FlagSpec]) -> Self {
        Self {
            shared_flags: flags,
            ..self
        }
    }

    /// Sets the argument rule.
    pub const fn arguments(self, arguments: ArgumentRule) -> Self {
        Self { arguments, ..self }
    }

    /// Sets cobra's aliases.
    pub const fn aliases(self, aliases: &'static [&'static str]) -> Self {
        Self { aliases, ..self }
    }

    /// Sets docker/cli's `aliases` annotation.
    pub const fn alias_line(self, line: &'static str) -> Self {
        Self {
            alias_line: Some(line),
            ..self
        }
    }

    /// Sets the command path shown in help and errors.
    pub const fn shown_path(self, path: &'static str) -> Self {
        Self {
            shown_path: Some(path),
            ..self
        }
    }

    /// Sets the help category.
    pub const fn category(self, category: Category) -> Self {
        Self { category, ..self }
    }

    /// Makes the first argument end the flags.
    pub const fn stop_at_first_argument(self) -> Self {
        Self {
            interspersed: Interspersed::StopAtFirstArgument,
            ..self
        }
    }

    /// Marks the command as a CLI plugin.
    pub const fn plugin(self) -> Self {
        Self {
            plugin: true,
            ..self
        }
    }

    /// Returns whether the command has subcommands.
    pub fn has_subcommands(&self) -> bool {
        !self.subcommands.is_empty()
    }

    /// Finds a direct subcommand by name or alias, as cobra's `findNext` does.
    pub fn subcommand(&self, word: &str) -> Option<&'static CommandSpec> {
        let subcommands: &'static [CommandSpec] = self.subcommands;
        subcommands
            .iter()
            .find(|command| command.name == word || command.aliases.contains(&word))
    }

    /// Returns the flags the command parses: its own and its shared ones, then
    /// the root's hidden `--help` unless it defines one.
    pub fn flag_set(&self) -> FlagSet {
        FlagSet::from_groups(
            &[self.flags, self.shared_flags],
            root::PERSISTENT_FLAGS,
            self.interspersed,
        )
    }
}

/// Returns the flags shared by every command: the root's persistent `--help`,
/// whose `-h` shorthand is deprecated and which help does not list.
pub fn persistent_flags() -> &'static [FlagSpec] {
    root::PERSISTENT_FLAGS
}

/// Finds a command by the names under `docker` (`["container", "ls"]`),
/// accepting aliases; the empty path is the root.
pub fn find(path: &[&str]) -> Option<&'static CommandSpec> {
    let mut command: &'static CommandSpec = &ROOT;
    for word in path {
        command = command.subcommand(word)?;
    }
    Some(command)
}

/// The command path of a resolved command (`docker container ls`), as typed or
/// as docker/cli prints it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CommandPath {
    /// The canonical names from the root, starting with `docker`.
    pub names: Vec<&'static str>,
}

impl CommandPath {
    /// Returns the path as help and errors print it, honouring
    /// [`CommandSpec::shown_path`] for the last command.
    pub fn display(&self, command: &CommandSpec) -> String {
        match command.shown_path {
            Some(shown) => shown.to_string(),
            None => self.names.join(" "),
        }
    }
}

/// Returns cobra's `UseLine`, which docker/cli's errors print: the command
/// path and its usage (`docker run [OPTIONS] IMAGE [COMMAND] [ARG...]`). A
/// management command has no usage of its own, so its line is its path
/// (`docker container`).
pub fn use_line(path: &CommandPath, command: &CommandSpec) -> String {
    let shown = path.display(command);
    if command.usage.is_empty() {
        return shown;
    }
    format!("{shown} {}", command.usage)
}

/// Returns the `Usage:` line of help, which docker/cli's template builds
/// differently for commands with subcommands: `docker [OPTIONS] COMMAND`,
/// `docker container COMMAND`.
pub fn help_usage_line(path: &CommandPath, command: &CommandSpec) -> String {
    if !command.has_subcommands() {
        return use_line(path, command);
    }
    let options = if has_visible_flags(command) {
        " [OPTIONS]"
    } else {
        ""
    };
    format!("{}{options} COMMAND", path.display(command))
}

/// Returns whether help lists at least one of the command's flags.
pub fn has_visible_flags(command: &CommandSpec) -> bool {
    command.flag_set().flags().iter().any(|flag| !flag.hidden)
}

/// What the client does with a resolved command line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    /// Run the command.
    Run,
    /// Print the command's help to standard output (`--help`, `docker help`).
    Help,
    /// Print the command's help to standard error and exit 0: `docker` and a
    /// management command such as `docker container` given without a subcommand.
    HelpOnStandardError,
    /// Print `Docker version …` (`docker -v`).
    Version,
}

/// A command line resolved into a command, its flags and its arguments.
#[derive(Debug, Clone)]
pub struct Invocation {
    /// The command to run.
    pub command: &'static CommandSpec,
    /// Its path from the root.
    pub path: CommandPath,
    /// The root's flags (`-H`, `--context`, `-D`, …).
    pub global_flags: ParsedFlags,
    /// The command's flags. For a [`Support::Listed`] command nothing is
    /// parsed, and every word after the command name is in [`Self::args`].
    pub flags: ParsedFlags,
    /// The command's arguments.
    pub args: Vec<String>,
    /// What to do.
    pub action: Action,
    /// Warnings pflag prints while parsing (deprecated flags and shorthands).
    pub warnings: Vec<String>,
}

/// Resolves the words after `docker` as docker/cli 28 does: the root's flags
/// up to the first word, then the command and subcommand names, then the
/// command's own flags and arguments.
///
/// Errors are docker/cli's: flag errors (exit 125), argument counts, unknown
/// commands and unknown help topics (exit 1).
pub fn parse_command_line(words: &[String]) -> Result<Invocation, CliError> {
    let root_path = CommandPath {
        names: vec![ROOT.name],
    };
    let root_flags = ROOT.flag_set();
    let global_flags = root_flags
        .parse(words)
        .map_err(|error| flag_error(error, &root_path, &ROOT))?;
    let mut warnings = global_flags.warnings.clone();
    let remaining = global_flags.args.clone();

    let Some(first) = remaining.first() else {
        let action = if global_flags.bool("help") {
            Action::Help
        } else if global_flags.bool("version") {
            Action::Version
        } else {
            Action::HelpOnStandardError
        };
        let flags = global_flags.clone();
        return Ok(Invocation {
            command: &ROOT,
            path: root_path,
            global_flags,
            flags,
            args: Vec::new(),
            action,
            warnings,
        });
    };
    if first == "help" && ROOT.subcommand("help").is_none() {
        return help_topic(&remaining[1..], global_flags, warnings);
    }

    let (command, path, rest, help_before) = traverse(&remaining, &mut warnings)?;
    let help_requested = global_flags.bool("help") || help_before;

    if command.support == Support::Listed {
        let flags = ParsedFlags::empty();
        let action = if help_requested {
            Action::Help
        } else {
            Action::Run
        };
        return Ok(Invocation {
            command,
            path,
            global_flags,
            flags,
            args: rest,
            action,
            warnings,
        });
    }
    if command.has_subcommands() && rest.is_empty() && !help_requested {
        let flags = ParsedFlags::empty();
        let action = Action::HelpOnStandardError;
        return Ok(Invocation {
            command,
            path,
            global_flags,
            flags,
            args: rest,
            action,
            warnings,
        });
    }

    let flags = command
        .flag_set()
        .parse(&rest)
        .map_err(|error| flag_error(error, &path, command))?;
    warnings.extend(flags.warnings.iter().cloned());
    let args = flags.args.clone();
    if help_requested || flags.bool("help") {
        return Ok(Invocation {
            command,
            path,
            global_flags,
            flags,
            args,
            action: Action::Help,
            warnings,
        });
    }
    check_arguments(command, &path, &args)?;
    Ok(Invocation {
        command,
        path,
        global_flags,
        flags,
        args,
        action: Action::Run,
        warnings,
    })
}

/// Walks from the root through command names as cobra's `Traverse` does. Returns
/// the command, its path, the words after its name, and whether a `--help`
/// came before a subcommand name.
fn traverse(
    words: &[String],
    warnings: &mut Vec<String>,
) -> Result<(&'static CommandSpec, CommandPath, Vec<String>, bool), CliError> {
    let mut command: &'static CommandSpec = &ROOT;
    let mut path = CommandPath {
        names: vec![ROOT.name],
    };
    let mut index = 0;
    let mut help = false;

    while command.has_subcommands() {
        let flags_start = index;
        while index < words.len()
            && words[index].starts_with('-')
            && words[index].len() > 1
            && words[index] != "--"
        {
            index += 1;
        }
        let Some(word) = words.get(index) else {
            index = flags_start;
            break;
        };
        let Some(next) = command.subcommand(word) else {
            if command.name == ROOT.name {
                return Err(CliError::UnknownCommand {
                    command_path: path.names.join(" "),
                    word: word.clone(),
                    use_line: None,
                });
            }
            if flags_start < index {
                index = flags_start;
                break;
            }
            let use_line = Some(use_line(&path, command));
            return Err(CliError::UnknownCommand {
                command_path: path.display(command),
                word: word.clone(),
                use_line,
            });
        };

        let leading = command
            .flag_set()
            .parse(&words[flags_start..index])
            .map_err(|error| flag_error(error, &path, command))?;
        help |= leading.bool("help");
        warnings.extend(leading.warnings.iter().cloned());

        command = next;
        path.names.push(next.name);
        index += 1;
    }
    Ok((command, path, words[index..].to_vec(), help))
}

/// Resolves `docker help WORDS…` as cobra's help command does.
fn help_topic(
    words: &[String],
    global_flags: ParsedFlags,
    warnings: Vec<String>,
) -> Result<Invocation, CliError> {
    let mut command: &'static CommandSpec = &ROOT;
    let mut path = CommandPath {
        names: vec![ROOT.name],
    };
    for (position, word) in words.iter().enumerate() {
        let Some(next) = command.subcommand(word) else {
            return Err(CliError::UnknownHelpTopic(words[position..].join(" ")));
        };
        command = next;
        path.names.push(next.name);
    }
    let flags = ParsedFlags::empty();
    Ok(Invocation {
        command,
        path,
        global_flags,
        flags,
        args: Vec::new(),
        action: Action::Help,
        warnings,
    })
}

fn flag_error(
    error: super::flags::FlagError,
    path: &CommandPath,
    command: &CommandSpec,
) -> CliError {
    CliError::Flag {
        error,
        use_line: use_line(path, command),
        command_path: path.display(command),
    }
}

fn check_arguments(
    command: &CommandSpec,
    path: &CommandPath,
    args: &[String],
) -> Result<(), CliError> {
    if command.arguments.accepts(args.len()) {
        return Ok(());
    }
    if command.has_subcommands() {
        let use_line = Some(use_line(path, command));
        let word = args.first().cloned().unwrap_or_default();
        return Err(CliError::UnknownCommand {
            command_path: path.display(command),
            word,
            use_line,
        });
    }
    Err(CliError::Arguments {
        rule: command.arguments,
        use_line: use_line(path, command),
        command_path: path.display(command),
    })
}

/// Returns the names Tab completion offers after `docker` and `words`: the
/// simulated subcommands and the visible flags (`--all`, `-a`) of the command
/// the words lead to, that start with `partial`, sorted.
pub fn completions(words: &[String], partial: &str) -> Vec<String> {
    let mut command: &'static CommandSpec = &ROOT;
    for word in words.iter().filter(|word| !word.starts_with('-')) {
        match command.subcommand(word) {
            Some(next) => command = next,
            None => break,
        }
    }

    let mut candidates: Vec<String> = if partial.starts_with('-') {
        flag_names(command)
    } else {
        command
            .subcommands
            .iter()
            .filter(|sub| sub.support == Support::Simulated)
            .map(|sub| sub.name.to_string())
            .collect()
    };
    candidates.retain(|candidate| candidate.starts_with(partial));
    candidates.shared_sort();
    candidates.dedup();
    candidates
}

/// Returns the visible flags of a command as typed: `--all` and `-a`.
pub fn flag_names(command: &CommandSpec) -> Vec<String> {
    let mut names = Vec::new();
    for flag in command
        .flag_set()
        .flags()
        .iter()
        .filter(|flag| !flag.hidden)
    {
        names.push(format!("--{}", flag.name));
        if let Some(shorthand) = flag
            .shorthand
            .filter(|_| flag.shorthand_deprecated.is_none())
        {
            names.push(format!("-{shorthand}"));
        }
    }
    names
}

/// Returns the names of the simulated subcommands of the command at `path`.
pub fn subcommand_names(path: &[&str]) -> Vec<&'static str> {
    find(path)
        .map(|command| {
            command
                .subcommands
                .iter()
                .filter(|sub| sub.support == Support::Simulated)
                .map(|sub| sub.name)
                .collect()
        })
        .unwrap_or_default()
}

/// Returns every simulated command path under the root, depth first:
/// `["run"]`, `["container", "ls"]`, ….
pub fn simulated_paths() -> Vec<Vec<&'static str>> {
    let mut paths = Vec::new();
    collect_paths(&ROOT, &mut Vec::new(), &mut paths);
    paths
}

fn collect_paths(
    command: &'static CommandSpec,
    prefix: &mut Vec<&'static str>,
    paths: &mut Vec<Vec<&'static str>>,
) {
    for sub in command
        .subcommands
        .iter()
        .filter(|sub| sub.support == Support::Simulated)
    {
        prefix.push(sub.name);
        paths.push(prefix.clone());
        collect_paths(sub, prefix, paths);
        prefix.pop();
    }
}

#[cfg(test)]
mod tests;
