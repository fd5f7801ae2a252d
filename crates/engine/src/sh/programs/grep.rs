//! `grep`, `egrep` and `fgrep` (GNU grep 3.8 and BusyBox): basic, extended
//! and fixed-string patterns with the common options. Exit status 0 when a
//! line is selected, 1 when none is, 2 on an error.

use super::args::{parse_or_usage, Parsed, Spec};
use crate::fs::FileType;
use crate::sh::ctx::{Ctx, ReadError};
use crate::sh::regex::{Regex, Syntax};
use shared_sort::SharedSort;

struct Options {
    invert: bool,
    count: bool,
    numbers: bool,
    quiet: bool,
    silent: bool,
    list: bool,
    list_missing: bool,
    only: bool,
    word: bool,
    line: bool,
    no_names: bool,
    with_names: bool,
    recursive: bool,
}

/// The options of GNU grep 3.8 the model accepts.
const SPEC: Spec = Spec {
    flags: "ivcnqslLrREFGwxohHIaz",
    valued: "emABCf",
    long_flags: &[
        ("ignore-case", 'i'),
        ("invert-match", 'v'),
        ("count", 'c'),
        ("line-number", 'n'),
        ("quiet", 'q'),
        ("silent", 'q'),
        ("no-messages", 's'),
        ("files-with-matches", 'l'),
        ("files-without-match", 'L'),
        ("recursive", 'r'),
        ("extended-regexp", 'E'),
        ("fixed-strings", 'F'),
        ("basic-regexp", 'G'),
        ("word-regexp", 'w'),
        ("line-regexp", 'x'),
        ("only-matching", 'o'),
        ("no-filename", 'h'),
        ("with-filename", 'H'),
    ],
    long_valued: &[
        ("regexp", 'e'),
        ("max-count", 'm'),
        ("include", '\0'),
        ("exclude", '\0'),
        ("color", '\0'),
        ("colour", '\0'),
    ],
};

pub(crate) fn grep(ctx: &mut Ctx) -> i32 {
    let Ok(parsed) = parse_or_usage(ctx, &SPEC, 2) else {
        return 2;
    };
    warn_obsolescent(ctx);
    let mut operands = parsed.operands.clone();
    let mut patterns: Vec<String> = parsed
        .values('e', "regexp")
        .iter()
        .map(|p| p.to_string())
        .collect();
    if patterns.is_empty() {
        if operands.is_empty() {
            ctx.errln("Usage: grep [OPTION]... PATTERNS [FILE]...\nTry 'grep --help' for more information.");
            return 2;
        }
        patterns.push(operands.remove(0));
    }
    let options = Options::from(&parsed);
    let Some(regexes) = compile_patterns(ctx, &patterns, syntax_of(ctx, &parsed), parsed.has('i'))
    else {
        return 2;
    };

    let inputs = collect_inputs(ctx, &operands, &options);
    let names =
        options.with_names || (!options.no_names && (inputs.len() > 1 || options.recursive));
    let mut selected_any = false;
    let mut error = false;
    let mut out = String::new();
    for input in inputs {
        let (label, text) = match input {
            Input::Text(label, text) => (label, text),
            Input::Failed(message) => {
                if !options.silent {
                    ctx.errln(message);
                }
                error = true;
                continue;
            }
        };
        let (count, lines) = select(&text, &regexes, &options);
        selected_any |= count > 0;
        if options.quiet {
            if selected_any {
                break;
            }
            continue;
        }
        out.push_str(&report(&options, names, &label, count, lines));
    }

    ctx.out(out);
    match (selected_any, error) {
        (true, _) if options.quiet => 0,
        (_, true) => 2,
        (true, false) => 0,
        (false, false) => 1,
    }
}

impl Options {
    fn from(parsed: &Parsed) -> Options {
        Options {
            invert: parsed.has('v'),
            count: parsed.has('c'),
            numbers: parsed.has('n'),
            quiet: parsed.has('q'),
            silent: parsed.has('s'),
            list: parsed.has('l'),
            list_missing: parsed.has('L'),
            only: parsed.has('o'),
            word: parsed.has('w'),
            line: parsed.has('x'),
            no_names: parsed.has('h'),
            with_names: parsed.has('H'),
            recursive: parsed.has('r') || parsed.has('R'),
        }
    }
}

/// Prints GNU grep 3.8's warning for its `egrep` and `fgrep` wrappers.
fn warn_obsolescent(ctx: &mut Ctx) {
    let name = ctx.name().to_string();
    if name == "egrep" || name == "fgrep" {
        let option = if name == "egrep" { "-E" } else { "-F" };
        ctx.errln(format!(
            "{name}: warning: {name} is obsolescent; using grep {option}"
        ));
    }
}

fn syntax_of(ctx: &Ctx, parsed: &Parsed) -> Syntax {
    let name = ctx.name();
    if parsed.has('F') || name == "fgrep" {
        Syntax::Fixed
    } else if parsed.has('E') || name == "egrep" {
        Syntax::Extended
    } else {
        Syntax::Basic
    }
}

/// Compiles every pattern, one a line; prints the error of the first that
/// does not compile.
fn compile_patterns(
    ctx: &mut Ctx,
    patterns: &[String],
    syntax: Syntax,
    fold: bool,
) -> Option<Vec<Regex>> {
    let mut regexes = Vec::new();
    for pattern in patterns.iter().flat_map(|p| p.split('\n')) {
        match Regex::new(pattern, syntax, fold) {
            Ok(regex) => regexes.push(regex),
            Err(error) => {
                ctx.error(error.0);
                return None;
            }
        }
    }
    Some(regexes)
}

/// Formats what grep prints for one input: file names, counts or lines.
fn report(
    options: &Options,
    names: bool,
    label: &str,
    count: usize,
    lines: Vec<(usize, String)>,
) -> String {
    if options.list {
        return if count > 0 {
            format!("{label}\n")
        } else {
            String::new()
        };
    }
    if options.list_missing {
        return if count == 0 {
            format!("{label}\n")
        } else {
            String::new()
        };
    }
    if options.count {
        return match names {
            true => format!("{label}:{count}\n"),
            false => format!("{count}\n"),
        };
    }
    let mut out = String::new();
    for (number, line) in lines {
        if names {
            out.push_str(label);
            out.push(':');
        }
        if options.numbers {
            out.push_str(&format!("{number}:"));
        }
        out.push_str(&line);
        out.push('\n');
    }
    out
}

enum Input {
    Text(String, String),
    Failed(String),
}

fn collect_inputs(ctx: &mut Ctx, operands: &[String], options: &Options) -> Vec<Input> {
    let operands: Vec<String> = match (operands.is_empty(), options.recursive) {
        (true, true) => vec![".".to_string()],
        (true, false) => vec!["-".to_string()],
        _ => operands.to_vec(),
    };
    let mut inputs = Vec::new();
    for operand in operands {
        if operand == "-" {
            inputs.push(Input::Text(
                "(standard input)".to_string(),
                ctx.stdin.clone().unwrap_or_default(),
            ));
            continue;
        }
        let path = ctx.absolute(&operand);
        let is_directory = ctx
            .fs
            .stat(&path)
            .is_ok_and(|m| m.file_type == FileType::Directory);
        if is_directory && options.recursive {
            let Ok(entries) = ctx.fs.walk(&path) else {
                continue;
            };
            let base = crate::fs::FsPath::new(&path);
            for (entry, meta) in entries {
                if meta.file_type != FileType::File {
                    continue;
                }
                let relative = entry.strip_ancestor(&base).unwrap_or(entry.as_str());
                let label = match operand.as_str() {
                    "." => relative.to_string(),
                    _ => format!("{}/{relative}", operand.trim_end_matches('/')),
                };
                if let Ok(text) = ctx.read_text(entry.as_str()) {
                    inputs.push(Input::Text(label, text));
                }
            }
            continue;
        }
        match ctx.read_text(&operand) {
            Ok(text) => inputs.push(Input::Text(operand.clone(), text)),
            Err(ReadError::Binary(_) | ReadError::Endless) => {}
            Err(error) => {
                let message = match is_directory {
                    true => format!("{}: {operand}: Is a directory", ctx.name()),
                    false => format!("{}: {operand}: {error}", ctx.name()),
                };
                inputs.push(Input::Failed(message));
            }
        }
    }
    inputs
}

/// Returns how many lines are selected and the lines to print (numbered
/// from 1; with `-o`, each match on its own).
fn select(text: &str, regexes: &[Regex], options: &Options) -> (usize, Vec<(usize, String)>) {
    let mut count = 0;
    let mut lines = Vec::new();
    for (index, line) in text.lines().enumerate() {
        let chars: Vec<char> = line.chars().collect();
        let matches = find_all(&chars, regexes, options);
        let selected = matches.is_empty() == options.invert;
        if !selected {
            continue;
        }
        count += 1;
        match options.only && !options.invert {
            true => {
                for (start, end) in matches {
                    lines.push((index + 1, chars[start..end].iter().collect()));
                }
            }
            false => lines.push((index + 1, line.to_string())),
        }
    }
    (count, lines)
}

/// Finds the non-empty matches on a line that pass `-w` and `-x`.
fn find_all(chars: &[char], regexes: &[Regex], options: &Options) -> Vec<(usize, usize)> {
    let mut found = Vec::new();
    for regex in regexes {
        let mut from = 0;
        while from <= chars.len() {
            let Some(groups) = regex.find_at(chars, from) else {
                break;
            };
            let Some((start, end)) = groups[0] else {
                break;
            };
            let whole_line = start == 0 && end == chars.len();
            let whole_word = (start == 0 || !is_word(chars[start - 1]))
                && (end == chars.len() || !is_word(chars[end]));
            let accepted = (!options.line || whole_line) && (!options.word || whole_word);
            if accepted && (end > start || !options.only) {
                found.push((start, end));
                if !options.only {
                    break;
                }
            }
            from = if end > start && accepted {
                end
            } else {
                start + 1
            };
        }
    }
    found.shared_sort();
    found
}

fn is_word(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}
