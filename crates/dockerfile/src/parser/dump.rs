//! BuildKit's AST dump: the S-expression text of `Node.Dump()`.
//!
//! Each instruction is one line, `(name ["--flag" ...] "arg" ...)`, with the
//! name in lowercase, flags as Go's `%q` prints a string slice, and every
//! argument quoted by Go's `strconv.Quote`. ONBUILD nests its instruction:
//! `(onbuild (run "echo"))`. Heredoc bodies are not part of the dump.

use super::ast::{Arguments, Command, Instruction, ParseOutput, Paths};
use super::go;

/// Returns BuildKit's dump of the parsed file: one line per instruction,
/// without a final line break (BuildKit's test files add one).
pub fn dump(output: &ParseOutput) -> String {
    let mut out = String::with_capacity(output.instructions.len() * 48);
    for (index, instruction) in output.instructions.iter().enumerate() {
        if index > 0 {
            out.push('\n');
        }
        out.push('(');
        dump_instruction(&mut out, instruction);
        out.push(')');
    }
    out
}

/// Writes one instruction without its outer parentheses. The instructions
/// inside ONBUILD are written in a loop and their closing parentheses
/// added at the end.
fn dump_instruction(out: &mut String, instruction: &Instruction) {
    let mut current = instruction;
    let mut depth = 0;
    loop {
        let start = out.len();
        out.push_str(&current.name);
        dump_flags(out, &current.flags);
        match &current.arguments {
            Arguments::Onbuild(trigger) => {
                out.push_str(" (");
                depth += 1;
                current = trigger.instruction();
                continue;
            }
            arguments => dump_arguments(out, arguments),
        }
        trim_leading_space(out, start);
        break;
    }
    for _ in 0..depth {
        out.push(')');
    }
}

/// Removes white space at `start`, as the `strings.TrimSpace` in
/// `Node.Dump()` does when an instruction's name is empty.
fn trim_leading_space(out: &mut String, start: usize) {
    let rest = &out[start..];
    let trimmed = rest.len() - rest.trim_start().len();
    if trimmed > 0 {
        out.replace_range(start..start + trimmed, "");
    }
}

fn dump_flags(out: &mut String, flags: &[String]) {
    if flags.is_empty() {
        return;
    }
    out.push_str(" [");
    for (index, flag) in flags.iter().enumerate() {
        if index > 0 {
            out.push(' ');
        }
        go::quote_into(out, flag);
    }
    out.push(']');
}

fn dump_arguments(out: &mut String, arguments: &Arguments) {
    let mut value = |text: &str| {
        out.push(' ');
        go::quote_into(out, text);
    };
    match arguments {
        Arguments::None | Arguments::Onbuild(_) => {}
        Arguments::Unknown => value(""),
        Arguments::Words(words) | Arguments::Paths(Paths::Exec(words) | Paths::Shell(words)) => {
            words.iter().for_each(|word| value(word));
        }
        Arguments::Text(text) | Arguments::Command(Command::Shell(text)) => value(text),
        Arguments::Command(Command::Exec(items)) => items.iter().for_each(|item| value(item)),
        Arguments::Declarations(declarations) => {
            for declaration in declarations {
                match &declaration.value {
                    Some(given) => value(&format!("{}={given}", declaration.name)),
                    None => value(&declaration.name),
                }
            }
        }
        Arguments::KeyValues(pairs) => {
            for pair in pairs {
                value(&pair.key);
                value(&pair.value);
                value(pair.separator.as_str());
            }
        }
        Arguments::Healthcheck { kind, command } => {
            value(kind);
            match command {
                Some(Command::Shell(text)) => value(text),
                Some(Command::Exec(items)) => items.iter().for_each(|item| value(item)),
                None => {}
            }
        }
    }
}
