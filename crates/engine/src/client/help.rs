//! `docker --help` and `docker COMMAND --help` as Docker CLI 28 prints them.
//!
//! docker/cli renders help with its own cobra templates (`cli/cobra.go`). The
//! sections are a blank line, `Usage:  …`, the description, `Aliases:` and
//! `Options:`, then the command lists of the root and of management commands,
//! and for the root `Global Options:` and a closing pointer to the guides.
//! pflag's `FlagUsagesWrapped` aligns the flags and wraps their texts at the
//! terminal width minus one. Docker measures the width of the terminal on
//! standard input, and uses 80 columns when that is not a terminal.

use super::flags::FlagSpec;
use super::spec::{self, Category, CommandPath, CommandSpec, Support, ROOT};
use crate::strconv;
use shared_sort::SharedSort;

/// The terminal width docker/cli assumes when standard input is not a terminal.
pub const DEFAULT_WIDTH: usize = 80;

/// cobra's minimum width of the name column in command lists.
const MIN_NAME_PADDING: usize = 11;

/// The line the root's help ends with (docker/cli's `additionalHelp`
/// annotation). Docker prints it bold on a terminal.
const ADDITIONAL_HELP: &str =
    "For more help on how to use Docker, head to https://docs.docker.com/go/guides/";

/// Returns the help of the command at `path`, for a terminal `width` columns wide.
pub fn help_text(path: &CommandPath, command: &CommandSpec, width: usize) -> String {
    let mut out = String::from("\n");
    out.push_str(&usage_text(path, command, width));
    out
}

/// Returns the root's help, `docker --help`, at the default width.
pub fn root_help() -> String {
    help_text(
        &CommandPath {
            names: vec![ROOT.name],
        },
        &ROOT,
        DEFAULT_WIDTH,
    )
}

/// Returns the help of the command named by `path` under `docker`
/// (`["run"]`, `["container", "ls"]`) at the default width. Returns `None` for
/// an unknown path and for a command that is only listed, whose flags and
/// usage are not described.
pub fn command_help(path: &[&str]) -> Option<String> {
    let command = spec::find(path).filter(|command| command.support == Support::Simulated)?;
    let mut names = vec![ROOT.name];
    let mut current: &CommandSpec = &ROOT;
    for word in path {
        current = current.subcommand(word)?;
        names.push(current.name);
    }
    Some(help_text(&CommandPath { names }, command, DEFAULT_WIDTH))
}

/// Renders docker/cli's usage template (cobra's `UsageString`).
fn usage_text(path: &CommandPath, command: &CommandSpec, width: usize) -> String {
    let is_root = path.names.len() == 1;
    let mut out = format!("Usage:  {}\n\n", spec::help_usage_line(path, command));
    out.push_str(command.description.unwrap_or(command.short).trim());

    if let Some(aliases) = alias_line(path, command) {
        out.push_str("\n\nAliases:\n  ");
        out.push_str(&aliases);
    }
    if !is_root && spec::has_visible_flags(command) {
        out.push_str("\n\nOptions:\n");
        out.push_str(flag_usages(command, width).trim_end());
    }

    let padding = name_padding(command);
    if is_root {
        push_decorated_section(
            &mut out,
            "Common Commands:",
            &common_commands(command),
            padding,
        );
    }
    push_decorated_section(
        &mut out,
        "Management Commands:",
        &listed_in(command, Category::Management),
        padding,
    );
    push_decorated_section(
        &mut out,
        "Swarm Commands:",
        &listed_in(command, Category::Swarm),
        padding,
    );
    push_plain_section(&mut out, &listed_in(command, Category::Plain), padding);

    if is_root && spec::has_visible_flags(command) {
        out.push_str("\n\nGlobal Options:\n");
        out.push_str(flag_usages(command, width).trim_end());
    }
    if command.has_subcommands() {
        out.push_str(&format!(
            "\n\nRun '{} COMMAND --help' for more information on a command.",
            path.display(command)
        ));
    }
    if is_root {
        out.push_str("\n\n");
        out.push_str(ADDITIONAL_HELP);
    }
    out.push('\n');
    out
}

/// Returns the `Aliases:` line: docker/cli's annotation, or cobra's aliases
/// joined to the command path.
fn alias_line(path: &CommandPath, command: &CommandSpec) -> Option<String> {
    if let Some(line) = command.alias_line {
        return Some(line.to_string());
    }
    if command.aliases.is_empty() {
        return None;
    }
    let shown = path.display(command);
    let parent = shown.rsplit_once(' ').map_or("", |(parent, _)| parent);
    let mut line = shown.clone();
    for alias in command.aliases {
        line.push_str(&format!(", {parent} {alias}"));
    }
    Some(line)
}

/// Returns cobra's `NamePadding` of a command's children: the longest child
/// name, and at least 11.
fn name_padding(command: &CommandSpec) -> usize {
    command
        .subcommands
        .iter()
        .map(|sub| sub.name.len())
        .max()
        .unwrap_or(0)
        .max(MIN_NAME_PADDING)
}

/// Returns the root's `Common Commands`, in their `category-top` order.
fn common_commands(command: &CommandSpec) -> Vec<&'static CommandSpec> {
    let subcommands: &'static [CommandSpec] = command.subcommands;
    let mut common: Vec<(u8, &'static CommandSpec)> = subcommands
        .iter()
        .filter_map(|sub| match sub.category {
            Category::Common(order) => Some((order, sub)),
            _ => None,
        })
        .collect();
    common.shared_sort_by_key(|(order, _)| *order);
    common.into_iter().map(|(_, sub)| sub).collect()
}

/// Returns the children listed under `category`, sorted by name as cobra sorts
/// them. Below the root, a command with subcommands is a management command
/// and any other is plain.
fn listed_in(command: &CommandSpec, category: Category) -> Vec<&'static CommandSpec> {
    let subcommands: &'static [CommandSpec] = command.subcommands;
    let mut listed: Vec<&'static CommandSpec> = subcommands
        .iter()
        .filter(|sub| effective_category(sub) == category)
        .collect();
    listed.shared_sort_by_key(|sub| sub.name);
    listed
}

fn effective_category(command: &CommandSpec) -> Category {
    match command.category {
        Category::Common(order) => Category::Common(order),
        _ if command.has_subcommands() => Category::Management,
        other => other,
    }
}

/// Writes a section whose names are padded one column wider and carry a `*`
/// for plugins (cobra's `decoratedName`).
fn push_decorated_section(
    out: &mut String,
    title: &str,
    commands: &[&CommandSpec],
    padding: usize,
) {
    if commands.is_empty() {
        return;
    }
    out.push_str("\n\n");
    out.push_str(title);
    for command in commands {
        let decorated = format!("{}{}", command.name, if command.plugin { "*" } else { " " });
        out.push_str(&format!(
            "\n  {decorated:<width$}{}",
            command.short,
            width = padding + 1
        ));
    }
}

/// Writes the `Commands:` section.
fn push_plain_section(out: &mut String, commands: &[&CommandSpec], padding: usize) {
    if commands.is_empty() {
        return;
    }
    out.push_str("\n\nCommands:");
    for command in commands {
        out.push_str(&format!(
            "\n  {:<width$} {}",
            command.name,
            command.short,
            width = padding
        ));
    }
}

/// Returns the command's visible flags as pflag's `FlagUsagesWrapped` prints
/// them for a terminal `width` columns wide: sorted by name, with the help
/// texts aligned and wrapped at `width - 1` columns.
pub fn flag_usages(command: &CommandSpec, width: usize) -> String {
    let set = command.flag_set();
    let mut flags: Vec<&FlagSpec> = set
        .flags()
        .iter()
        .copied()
        .filter(|flag| !flag.hidden)
        .collect();
    flags.shared_sort_by_key(|flag| flag.name);

    let lines: Vec<(String, String)> = flags.iter().map(|flag| flag_line(flag)).collect();
    let longest = lines
        .iter()
        .map(|(prefix, _)| prefix.len())
        .max()
        .unwrap_or(0);
    // pflag counts the separator byte in its maximum, then prints the text two
    // columns after it.
    let text_column = longest + 3;

    let mut out = String::new();
    for (prefix, text) in &lines {
        out.push_str(prefix);
        out.push_str(&" ".repeat(text_column - prefix.len()));
        out.push_str(&wrap(text_column, width.saturating_sub(1), text));
        out.push('\n');
    }
    out
}

/// Returns the name part (`  -a, --all`, `      --name string`) and the text
/// part (help text and default) of one flag's usage line.
fn flag_line(flag: &FlagSpec) -> (String, String) {
    let mut prefix = match flag.shorthand {
        Some(shorthand) if flag.shorthand_deprecated.is_none() => {
            format!("  -{shorthand}, --{}", flag.name)
        }
        _ => format!("      --{}", flag.name),
    };
    let value_name = flag.value_type.help_name();
    if !value_name.is_empty() {
        prefix.push(' ');
        prefix.push_str(value_name);
    }

    let mut text = flag.usage.to_string();
    if !flag.value_type.is_zero_default(flag.default) {
        if flag.value_type.type_name() == "string" {
            text.push_str(&format!(" (default {})", strconv::quote(flag.default)));
        } else {
            text.push_str(&format!(" (default {})", flag.default));
        }
    }
    (prefix, text)
}

/// Wraps `text` to `width` columns with continuation lines indented by
/// `indent`, as pflag's `wrap` does (the first line is indented by the caller).
fn wrap(indent: usize, width: usize, text: &str) -> String {
    if width == 0 {
        return text.replace('\n', &format!("\n{}", " ".repeat(indent)));
    }
    let mut indent = indent;
    let mut room = width.saturating_sub(indent);
    let mut out = String::new();
    if room < 24 {
        indent = 16;
        room = width.saturating_sub(indent);
        out.push('\n');
        out.push_str(&" ".repeat(indent));
    }
    if room < 24 {
        return text.replace('\n', &out);
    }

    // Allowing lines to run 5 columns long avoids short orphan words.
    let slop = 5;
    let room = room - slop;
    let newline_indent = format!("\n{}", " ".repeat(indent));

    let (first, mut rest) = wrap_once(room, slop, text);
    out.push_str(&first.replace('\n', &newline_indent));
    while !rest.is_empty() {
        let (line, remainder) = wrap_once(room, slop, rest);
        out.push_str(&newline_indent);
        out.push_str(&line.replace('\n', &newline_indent));
        rest = remainder;
    }
    out
}

/// Splits off the first line of at most `room` bytes at whitespace, or the
/// whole text when it fits in `room + slop`, as pflag's `wrapN` does.
fn wrap_once(room: usize, slop: usize, text: &str) -> (&str, &str) {
    if room + slop > text.len() {
        return (text, "");
    }
    let head = &text.as_bytes()[..room];
    let Some(space) = head
        .iter()
        .rposition(|b| matches!(b, b' ' | b'\t' | b'\n'))
        .filter(|&index| index > 0)
    else {
        return (text, "");
    };
    if let Some(newline) = head
        .iter()
        .rposition(|b| *b == b'\n')
        .filter(|&index| index > 0 && index < space)
    {
        return (&text[..newline], &text[newline + 1..]);
    }
    (&text[..space], &text[space + 1..])
}

#[cfg(test)]
mod tests;
