//! Text tools: `cat`, `head`, `tail`, `wc`, `tee`, `sort`, `uniq`, `cut`,
//! `tr`, `basename` and `dirname`, reading files or standard input.
//!
//! A file whose content is synthetic bytes (binaries, libraries, archives)
//! has no text; reading it prints nothing and says so in a note.

use super::super::ctx::{Ctx, Flavor, ReadError};
use super::super::system::Workload;
use super::args::{parse_or_usage, Spec};
use crate::fs::{Content, FsErrorKind};

/// Prints what the simulation cannot show for binary input.
fn binary_note(ctx: &mut Ctx, name: &str, size: u64) {
    let note =
        format!("{name} holds {size} bytes of binary data, which the simulation does not have");
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
        let result = match append {
            true => ctx.fs.append(&path, &text),
            false => ctx.fs.write(&path, Content::Text(text.clone())),
        };
        if let Err(error) = result {
            ctx.error(format!("{file}: {}", error.kind));
            status = 1;
        }
    }
    ctx.out(text);
    status
}

pub(crate) fn sort(ctx: &mut Ctx) -> i32 {
    let args = ctx.args().to_vec();
    let flags: String = args
        .iter()
        .filter(|a| a.starts_with('-') && a.len() > 1)
        .map(|a| a[1..].to_string())
        .collect();
    let files: Vec<String> = args
        .iter()
        .filter(|a| !a.starts_with('-') || a.as_str() == "-")
        .cloned()
        .collect();
    let name = ctx.name().to_string();
    let (texts, ok) = ctx.inputs(&files, |operand, error| {
        format!("{name}: cannot read: {operand}: {error}")
    });
    let mut lines: Vec<String> = texts
        .iter()
        .flat_map(|(_, text)| text.lines().map(str::to_string))
        .collect();
    if flags.contains('n') {
        let key = |line: &String| {
            line.trim()
                .split(|c: char| !c.is_ascii_digit() && c != '.' && c != '-')
                .next()
                .and_then(|n| n.parse::<f64>().ok())
                .unwrap_or(0.0)
        };
        lines.sort_by(|a, b| {
            key(a)
                .partial_cmp(&key(b))
                .unwrap_or(std::cmp::Ordering::Equal)
                .then_with(|| a.cmp(b))
        });
    } else if flags.contains('f') {
        lines.sort_by_key(|line| line.to_lowercase());
    } else {
        lines.sort();
    }
    if flags.contains('u') {
        lines.dedup();
    }
    if flags.contains('r') {
        lines.reverse();
    }
    let out: String = lines.iter().map(|line| format!("{line}\n")).collect();
    ctx.out(out);
    if ok {
        0
    } else {
        2
    }
}

pub(crate) fn uniq(ctx: &mut Ctx) -> i32 {
    let args = ctx.args().to_vec();
    let count = args.iter().any(|a| a == "-c");
    let duplicates = args.iter().any(|a| a == "-d");
    let unique = args.iter().any(|a| a == "-u");
    let files: Vec<String> = args
        .iter()
        .filter(|a| !a.starts_with('-'))
        .take(1)
        .cloned()
        .collect();
    let name = ctx.name().to_string();
    let (texts, ok) = ctx.inputs(&files, |operand, error| {
        format!("{name}: {operand}: {error}")
    });
    let text = texts
        .into_iter()
        .next()
        .map(|(_, text)| text)
        .unwrap_or_default();
    let mut groups: Vec<(String, usize)> = Vec::new();
    for line in text.lines() {
        match groups.last_mut() {
            Some((last, n)) if last == line => *n += 1,
            _ => groups.push((line.to_string(), 1)),
        }
    }
    let mut out = String::new();
    for (line, n) in groups {
        if duplicates && n < 2 || unique && n > 1 {
            continue;
        }
        match count {
            true => out.push_str(&format!("{n:>7} {line}\n")),
            false => out.push_str(&format!("{line}\n")),
        }
    }
    ctx.out(out);
    i32::from(!ok)
}

pub(crate) fn cut(ctx: &mut Ctx) -> i32 {
    const SPEC: Spec = Spec {
        flags: "s",
        valued: "dfcb",
        long_flags: &[("only-delimited", 's')],
        long_valued: &[
            ("delimiter", 'd'),
            ("fields", 'f'),
            ("characters", 'c'),
            ("bytes", 'b'),
        ],
    };
    let Ok(parsed) = parse_or_usage(ctx, &SPEC, 1) else {
        return 1;
    };
    let delimiter = parsed
        .value('d', "delimiter")
        .and_then(|d| d.chars().next())
        .unwrap_or('\t');
    let (list, by_field) = match (
        parsed.value('f', "fields"),
        parsed
            .value('c', "characters")
            .or(parsed.value('b', "bytes")),
    ) {
        (Some(list), _) => (list.to_string(), true),
        (None, Some(list)) => (list.to_string(), false),
        (None, None) => {
            ctx.error("you must specify a list of bytes, characters, or fields");
            return 1;
        }
    };
    let Some(ranges) = parse_ranges(&list) else {
        ctx.error(format!("invalid field value '{list}'"));
        return 1;
    };
    let name = ctx.name().to_string();
    let (texts, ok) = ctx.inputs(&parsed.operands, |operand, error| {
        format!("{name}: {operand}: {error}")
    });
    let mut out = String::new();
    for (_, text) in texts {
        for line in text.lines() {
            if by_field {
                if !line.contains(delimiter) {
                    if !parsed.has('s') {
                        out.push_str(line);
                        out.push('\n');
                    }
                    continue;
                }
                let fields: Vec<&str> = line.split(delimiter).collect();
                let picked: Vec<&str> = (1..=fields.len())
                    .filter(|i| in_ranges(&ranges, *i))
                    .map(|i| fields[i - 1])
                    .collect();
                out.push_str(&picked.join(&delimiter.to_string()));
            } else {
                let picked: String = line
                    .chars()
                    .enumerate()
                    .filter(|(i, _)| in_ranges(&ranges, i + 1))
                    .map(|(_, c)| c)
                    .collect();
                out.push_str(&picked);
            }
            out.push('\n');
        }
    }
    ctx.out(out);
    i32::from(!ok)
}

fn parse_ranges(list: &str) -> Option<Vec<(usize, usize)>> {
    list.split(',')
        .map(|part| match part.split_once('-') {
            Some((start, end)) => {
                let start = if start.is_empty() {
                    1
                } else {
                    start.parse().ok()?
                };
                let end = if end.is_empty() {
                    usize::MAX
                } else {
                    end.parse().ok()?
                };
                Some((start, end))
            }
            None => part.parse().ok().map(|n| (n, n)),
        })
        .collect()
}

fn in_ranges(ranges: &[(usize, usize)], index: usize) -> bool {
    ranges
        .iter()
        .any(|(start, end)| *start <= index && index <= *end)
}

pub(crate) fn tr(ctx: &mut Ctx) -> i32 {
    let args = ctx.args().to_vec();
    let delete = args.iter().any(|a| a.starts_with('-') && a.contains('d'));
    let squeeze = args.iter().any(|a| a.starts_with('-') && a.contains('s'));
    let sets: Vec<Vec<char>> = args
        .iter()
        .filter(|a| !a.starts_with('-') || a.len() == 1)
        .map(|a| expand_set(a))
        .collect();
    let input = ctx.stdin.clone().unwrap_or_default();
    let Some(first) = sets.first() else {
        ctx.error("missing operand");
        return 1;
    };
    let mut out = String::with_capacity(input.len());
    let mut last: Option<char> = None;
    for c in input.chars() {
        let mapped = if delete {
            if first.contains(&c) {
                continue;
            }
            c
        } else {
            match (first.iter().position(|x| *x == c), sets.get(1)) {
                (Some(index), Some(second)) if !second.is_empty() => {
                    second[index.min(second.len() - 1)]
                }
                _ => c,
            }
        };
        let squeeze_set = if delete {
            sets.get(1)
        } else {
            sets.get(1).or(Some(first))
        };
        if squeeze && last == Some(mapped) && squeeze_set.is_some_and(|set| set.contains(&mapped)) {
            continue;
        }
        last = Some(mapped);
        out.push(mapped);
    }
    ctx.out(out);
    0
}

fn expand_set(text: &str) -> Vec<char> {
    let named = [
        ("[:lower:]", ('a', 'z')),
        ("[:upper:]", ('A', 'Z')),
        ("[:digit:]", ('0', '9')),
    ];
    if let Some((_, (low, high))) = named.iter().find(|(name, _)| *name == text) {
        return (*low..=*high).collect();
    }
    if text == "[:space:]" {
        return vec![' ', '\t', '\n', '\r', '\u{b}', '\u{c}'];
    }
    let (unescaped, _) = super::echo::unescape(text, super::echo::Escapes::Printf);
    let chars: Vec<char> = unescaped.chars().collect();
    let mut set = Vec::new();
    let mut index = 0;
    while index < chars.len() {
        if index + 2 < chars.len() && chars[index + 1] == '-' {
            set.extend(chars[index]..=chars[index + 2]);
            index += 3;
        } else {
            set.push(chars[index]);
            index += 1;
        }
    }
    set
}

pub(crate) fn basename(ctx: &mut Ctx) -> i32 {
    let args = ctx.args().to_vec();
    let Some(path) = args.first() else {
        return super::args::missing_operand(ctx);
    };
    let trimmed = path.trim_end_matches('/');
    let mut name = if trimmed.is_empty() && !path.is_empty() {
        "/".to_string()
    } else {
        trimmed.rsplit('/').next().unwrap_or(trimmed).to_string()
    };
    if let Some(suffix) = args.get(1) {
        if name != *suffix {
            if let Some(stripped) = name.strip_suffix(suffix.as_str()) {
                name = stripped.to_string();
            }
        }
    }
    ctx.outln(name);
    0
}

pub(crate) fn dirname(ctx: &mut Ctx) -> i32 {
    let args = ctx.args().to_vec();
    if args.is_empty() {
        return super::args::missing_operand(ctx);
    }
    for path in args {
        let trimmed = path.trim_end_matches('/');
        let parent = match trimmed.rfind('/') {
            Some(0) => "/".to_string(),
            Some(index) => trimmed[..index].trim_end_matches('/').to_string(),
            None if path.starts_with('/') => "/".to_string(),
            None => ".".to_string(),
        };
        ctx.outln(if parent.is_empty() {
            "/".to_string()
        } else {
            parent
        });
    }
    0
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

    #[test]
    fn tr_sets() {
        assert_eq!(expand_set("a-e"), ['a', 'b', 'c', 'd', 'e']);
        assert_eq!(expand_set("[:digit:]").len(), 10);
        assert_eq!(expand_set("\\n"), ['\n']);
    }
}
