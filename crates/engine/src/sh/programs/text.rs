//! Text tools: `cat`, `head`, `tail`, `wc` and `tee`, reading files or
//! standard input.
//!
//! A file whose content is synthetic bytes (binaries, libraries, archives)
//! has no text; reading it prints nothing and records a note about it.

use super::args::{parse_or_usage, Spec};
use crate::fs::{Content, FsErrorKind};
use crate::sh::ctx::{Ctx, Flavor, ReadError};
use crate::sh::system::Workload;

/// Prints what the simulation cannot show for binary input.
fn binary_note(ctx: &mut Ctx, name: &str, size: u64) {
    let note =
        format!("{name} contains {size} bytes of binary data, which the simulation does not have");
    if ctx.interactive() {
        ctx.errln(format!("porthole: {note}"));
    }
    ctx.note(format!("`{}`: {note}", ctx.command_text()));
}

pub(crate) fn cat(ctx: &mut Ctx) -> i32 {
    const SPEC: Spec = Spec {
        flags: "nbsAETvteu",
        valued: "",
        long_flags: &[
            ("number", 'n'),
            ("number-nonblank", 'b'),
            ("squeeze-blank", 's'),
            ("show-all", 'A'),
        ],
        long_valued: &[],
    };
    let Ok(parsed) = parse_or_usage(ctx, &SPEC, 1) else {
        return 1;
    };
    let operands = match parsed.operands.is_empty() {
        true => vec!["-".to_string()],
        false => parsed.operands.clone(),
    };
    let mut status = 0;
    let mut text = String::new();
    for operand in &operands {
        let read = match operand.as_str() {
            "-" => Ok(ctx.stdin.clone().unwrap_or_default()),
            _ => ctx.read_text(operand),
        };
        match read {
            Ok(content) => text.push_str(&content),
            Err(ReadError::Binary(size)) => binary_note(ctx, operand, size),
            Err(ReadError::Endless) => {
                ctx.out(std::mem::take(&mut text));
                let command = ctx.command_text();
                let background = ctx.background;
                return run_workload(ctx, Workload::Spin, &command, background);
            }
            Err(ReadError::Fs(kind)) => {
                let message = match (ctx.flavor, kind) {
                    (Flavor::Busybox, FsErrorKind::IsADirectory) => {
                        "read error: Is a directory".to_string()
                    }
                    (Flavor::Busybox, kind) => format!("can't open '{operand}': {kind}"),
                    (Flavor::Gnu, kind) => format!("{operand}: {kind}"),
                };
                // cat writes each file as it reads it, so what came before
                // the error is on the terminal before the message.
                if !(parsed.has('n') || parsed.has('b')) {
                    ctx.out(std::mem::take(&mut text));
                }
                ctx.error(message);
                status = 1;
            }
        }
    }
    if parsed.has('n') || parsed.has('b') {
        text = number_lines(&text, parsed.has('b'));
    }
    ctx.out(text);
    status
}

fn number_lines(text: &str, nonblank_only: bool) -> String {
    let mut out = String::with_capacity(text.len() + text.len() / 4);
    let mut number = 0;
    for line in text.split_inclusive('\n') {
        if nonblank_only && line.trim_end_matches('\n').is_empty() {
            out.push_str(line);
            continue;
        }
        number += 1;
        out.push_str(&format!("{number:>6}\t{line}"));
    }
    out
}

/// Starts a workload from a program and returns its status.
pub(crate) fn run_workload(
    ctx: &mut Ctx,
    workload: Workload,
    command: &str,
    background: bool,
) -> i32 {
    let mut machine = super::super::exec::Machine {
        fs: &mut *ctx.fs,
        system: &mut *ctx.system,
        shell: &mut *ctx.shell,
        run: &mut *ctx.run,
    };
    let mut writes = Vec::new();
    let status = machine.workload(workload, command, background, ctx.line, &mut writes);
    ctx.writes.append(&mut writes);
    status
}

/// A line or byte count for `head` and `tail`: `N`, `-N` (all but the last
/// N, for head) or `+N` (from the Nth on, for tail).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Count {
    First(usize),
    AllBut(usize),
    From(usize),
}

fn parse_count(text: &str) -> Option<Count> {
    let parse = |digits: &str| digits.parse::<usize>().ok();
    match text.as_bytes().first() {
        Some(b'-') => parse(&text[1..]).map(Count::AllBut),
        Some(b'+') => parse(&text[1..]).map(Count::From),
        _ => parse(text).map(Count::First),
    }
}

/// Reads `head`/`tail` arguments, which accept the old `-5` form.
fn count_arguments(
    ctx: &mut Ctx,
    default_lines: usize,
) -> Result<(Count, bool, bool, Vec<String>), i32> {
    let mut count = Count::First(default_lines);
    let mut bytes = false;
    let mut follow = false;
    let mut files = Vec::new();
    let args = ctx.args().to_vec();
    let mut index = 0;
    while index < args.len() {
        let arg = &args[index];
        index += 1;
        let value = match arg.as_str() {
            "-n" | "--lines" | "-c" | "--bytes" => {
                bytes = arg.contains('c');
                let value = args.get(index).cloned().unwrap_or_default();
                index += 1;
                value
            }
            "-f" | "-F" | "--follow" => {
                follow = true;
                continue;
            }
            "-q" | "-v" | "--quiet" | "--silent" | "--verbose" => continue,
            text if text.starts_with("-n") || text.starts_with("-c") => {
                bytes = text.starts_with("-c");
                text[2..].to_string()
            }
            text if text.starts_with("--lines=") || text.starts_with("--bytes=") => {
                bytes = text.starts_with("--bytes");
                text[8..].to_string()
            }
            text if text.len() > 1
                && text.starts_with('-')
                && text[1..].chars().all(|c| c.is_ascii_digit()) =>
            {
                text[1..].to_string()
            }
            text if text.len() > 1 && text.starts_with('-') && text != "-" => {
                super::args::report(ctx, &super::args::OptError::Unknown(text[1..2].to_string()));
                return Err(1);
            }
            _ => {
                files.push(arg.clone());
                continue;
            }
        };
        match parse_count(&value) {
            Some(parsed) => count = parsed,
            None => {
                let what = if bytes { "bytes" } else { "lines" };
                ctx.error(format!("invalid number of {what}: '{value}'"));
                return Err(1);
            }
        }
    }
    Ok((count, bytes, follow, files))
}

fn read_all(ctx: &mut Ctx, files: &[String]) -> (Vec<(String, String)>, bool) {
    let flavor = ctx.flavor;
    let name = ctx.name().to_string();
    ctx.inputs(files, |operand, error| match flavor {
        Flavor::Gnu => format!("{name}: cannot open '{operand}' for reading: {error}"),
        Flavor::Busybox => format!("{name}: can't open '{operand}': {error}"),
    })
}

pub(crate) fn head(ctx: &mut Ctx) -> i32 {
    let Ok((count, bytes, _, files)) = count_arguments(ctx, 10) else {
        return 1;
    };
    let (texts, ok) = read_all(ctx, &files);
    let headers = texts.len() > 1;
    let mut out = String::new();
    for (index, (name, text)) in texts.iter().enumerate() {
        if headers {
            let shown = if name == "-" { "standard input" } else { name };
            out.push_str(&format!(
                "{}==> {shown} <==\n",
                if index > 0 { "\n" } else { "" }
            ));
        }
        out.push_str(&take_head(text, count, bytes));
    }
    ctx.out(out);
    i32::from(!ok)
}

fn take_head(text: &str, count: Count, bytes: bool) -> String {
    if bytes {
        let length = text.len();
        let end = match count {
            Count::First(n) | Count::From(n) => n.min(length),
            Count::AllBut(n) => length.saturating_sub(n),
        };
        return String::from_utf8_lossy(&text.as_bytes()[..end]).into_owned();
    }
    let lines: Vec<&str> = text.split_inclusive('\n').collect();
    let end = match count {
        Count::First(n) | Count::From(n) => n.min(lines.len()),
        Count::AllBut(n) => lines.len().saturating_sub(n),
    };
    lines[..end].concat()
}

pub(crate) fn tail(ctx: &mut Ctx) -> i32 {
    let Ok((count, bytes, follow, files)) = count_arguments(ctx, 10) else {
        return 1;
    };
    let (texts, ok) = read_all(ctx, &files);
    let headers = texts.len() > 1;
    let mut out = String::new();
    for (index, (name, text)) in texts.iter().enumerate() {
        if headers {
            out.push_str(&format!(
                "{}==> {name} <==\n",
                if index > 0 { "\n" } else { "" }
            ));
        }
        out.push_str(&take_tail(text, count, bytes));
    }
    ctx.out(out);
    if follow && ok {
        let command = ctx.command_text();
        let background = ctx.background;
        return run_workload(ctx, Workload::Sleep { millis: None }, &command, background);
    }
    i32::from(!ok)
}

fn take_tail(text: &str, count: Count, bytes: bool) -> String {
    if bytes {
        let length = text.len();
        let start = match count {
            Count::First(n) | Count::AllBut(n) => length.saturating_sub(n),
            Count::From(n) => n.saturating_sub(1).min(length),
        };
        return String::from_utf8_lossy(&text.as_bytes()[start..]).into_owned();
    }
    let lines: Vec<&str> = text.split_inclusive('\n').collect();
    let start = match count {
        Count::First(n) | Count::AllBut(n) => lines.len().saturating_sub(n),
        Count::From(n) => n.saturating_sub(1).min(lines.len()),
    };
    lines[start..].concat()
}

pub(crate) fn wc(ctx: &mut Ctx) -> i32 {
    const SPEC: Spec = Spec {
        flags: "lwcmL",
        valued: "",
        long_flags: &[
            ("lines", 'l'),
            ("words", 'w'),
            ("bytes", 'c'),
            ("chars", 'm'),
            ("max-line-length", 'L'),
        ],
        long_valued: &[],
    };
    let Ok(parsed) = parse_or_usage(ctx, &SPEC, 1) else {
        return 1;
    };
    let mut selected: Vec<char> = ['l', 'w', 'm', 'c', 'L']
        .into_iter()
        .filter(|c| parsed.has(*c))
        .collect();
    if selected.is_empty() {
        selected = vec!['l', 'w', 'c'];
    }
    let name = ctx.name().to_string();
    let (texts, ok) = ctx.inputs(&parsed.operands, |operand, error| {
        format!("{name}: {operand}: {error}")
    });
    let counts: Vec<Vec<u64>> = texts
        .iter()
        .map(|(_, text)| counts_of(text, &selected))
        .collect();
    let from_stdin = parsed.operands.is_empty() || parsed.operands.iter().any(|o| o == "-");
    let total_size: u64 = texts.iter().map(|(_, text)| text.len() as u64).sum();
    let width = if selected.len() == 1 && texts.len() == 1 {
        1
    } else if from_stdin {
        7
    } else {
        total_size.to_string().len()
    };
    let mut out = String::new();
    for ((operand, _), row) in texts.iter().zip(&counts) {
        out.push_str(&format_counts(row, width));
        if !parsed.operands.is_empty() {
            out.push_str(&format!(" {operand}"));
        }
        out.push('\n');
    }
    if texts.len() > 1 {
        let totals: Vec<u64> = (0..selected.len())
            .map(|i| counts.iter().map(|row| row[i]).sum())
            .collect();
        out.push_str(&format_counts(&totals, width));
        out.push_str(" total\n");
    }
    ctx.out(out);
    i32::from(!ok)
}

fn counts_of(text: &str, selected: &[char]) -> Vec<u64> {
    selected
        .iter()
        .map(|c| match c {
            'l' => text.matches('\n').count() as u64,
            'w' => text.split_whitespace().count() as u64,
            'm' => text.chars().count() as u64,
            'L' => text
                .lines()
                .map(|line| line.chars().count())
                .max()
                .unwrap_or(0) as u64,
            _ => text.len() as u64,
        })
        .collect()
}

fn format_counts(row: &[u64], width: usize) -> String {
    row.iter()
        .map(|count| format!("{count:>width$}"))
        .collect::<Vec<_>>()
        .join(" ")
}

pub(crate) fn tee(ctx: &mut Ctx) -> i32 {
    let append = ctx
        .args()
        .iter()
        .any(|arg| arg == "-a" || arg == "--append");
    let files: Vec<String> = ctx
        .args()
        .iter()
        .filter(|arg| !arg.starts_with('-'))
        .cloned()
        .collect();
    let text = ctx.stdin.clone().unwrap_or_default();
    let mut status = 0;
    for file in &files {
        let path = ctx.absolute(file);
        if !ctx.may_write(&path) {
            ctx.error(format!("{file}: Permission denied"));
            status = 1;
            continue;
        }
        let existed = ctx.fs.exists(&path);
        let result = match append {
            true => ctx.fs.append(&path, &text),
            false => ctx.fs.write(&path, Content::Text(text.clone())),
        };
        if !existed {
            super::files::give_to_user(ctx, &path);
        }
        if let Err(error) = result {
            ctx.error(format!("{file}: {}", error.kind));
            status = 1;
        }
    }
    ctx.out(text);
    status
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn head_and_tail_counts() {
        let text = "1\n2\n3\n4\n5\n";
        assert_eq!(take_head(text, Count::First(2), false), "1\n2\n");
        assert_eq!(take_head(text, Count::AllBut(2), false), "1\n2\n3\n");
        assert_eq!(take_tail(text, Count::First(2), false), "4\n5\n");
        assert_eq!(take_tail(text, Count::From(4), false), "4\n5\n");
        assert_eq!(take_head(text, Count::First(3), true), "1\n2");
        assert_eq!(parse_count("+3"), Some(Count::From(3)));
        assert_eq!(parse_count("x"), None);
    }
}
