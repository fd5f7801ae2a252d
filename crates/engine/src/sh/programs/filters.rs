//! Filters: `sort`, `uniq`, `cut`, `tr`, `basename` and `dirname`.

use super::args::{parse_or_usage, Spec};
use crate::sh::ctx::Ctx;
use shared_sort::SharedSort;

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
        lines.shared_sort_by(|a, b| {
            key(a)
                .partial_cmp(&key(b))
                .unwrap_or(std::cmp::Ordering::Equal)
                .then_with(|| a.cmp(b))
        });
    } else if flags.contains('f') {
        lines.shared_sort_by_key(|line| line.to_lowercase());
    } else {
        lines.shared_sort();
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
    fn tr_sets() {
        assert_eq!(expand_set("a-e"), ['a', 'b', 'c', 'd', 'e']);
        assert_eq!(expand_set("[:digit:]").len(), 10);
        assert_eq!(expand_set("\\n"), ['\n']);
    }
}
