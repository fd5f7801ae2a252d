//! Language runtimes: `python`/`python3` (`--version`, `-c` with plain
//! `print` calls, `-m pip`, and the memory-hungry one-liners people use to
//! test limits) and `node` (`--version`, `-e` with `console.log`). Any other
//! program is not modelled.

use super::text::run_workload;
use crate::fs::Content;
use crate::packages::db;
use crate::sh::ctx::Ctx;
use crate::sh::system::Workload;

pub(crate) fn python(ctx: &mut Ctx) -> i32 {
    let args = ctx.args().to_vec();
    match args.first().map(String::as_str) {
        Some("--version" | "-V") => {
            let version = python_version(ctx);
            ctx.outln(format!("Python {version}"));
            0
        }
        Some("-m") if args.get(1).is_some_and(|module| module == "pip") => {
            let mut argv = vec!["pip".to_string()];
            argv.extend(args[2..].iter().cloned());
            ctx.argv = argv;
            super::pip::pip(ctx)
        }
        Some("-c") => match args.get(1) {
            Some(code) => run_code(ctx, &code.clone()),
            None => {
                ctx.errln("Argument expected for the -c option");
                2
            }
        },
        Some("-u" | "-B" | "-O") if args.len() > 1 => {
            ctx.argv.remove(1);
            python(ctx)
        }
        _ => {
            ctx.not_simulated("running Python programs is not modelled");
            0
        }
    }
}

/// Returns the interpreter's version: the patch level of an installed
/// build, `PYTHON_VERSION`, or the distribution package's version.
fn python_version(ctx: &Ctx) -> String {
    let name = ctx.name().to_string();
    let minor = name
        .strip_prefix("python")
        .filter(|v| v.contains('.'))
        .map(str::to_string);
    let header_of = |minor: &str| format!("/usr/local/include/python{minor}/patchlevel.h");
    let candidates: Vec<String> = match &minor {
        Some(minor) => vec![header_of(minor)],
        None => ctx
            .fs
            .list("/usr/local/include")
            .unwrap_or_default()
            .into_iter()
            .filter(|entry| entry.name.starts_with("python3."))
            .map(|entry| format!("/usr/local/include/{}/patchlevel.h", entry.name))
            .collect(),
    };
    for header in candidates.iter().rev() {
        if let Ok(Content::Text(text)) = ctx.fs.read(header) {
            if let Some(version) = text.split('"').nth(1) {
                return version.to_string();
            }
        }
    }
    if let Some(version) = ctx.env_var("PYTHON_VERSION") {
        return version.to_string();
    }
    let package =
        db::dpkg_version(ctx.fs, "python3").or_else(|| db::apk_version(ctx.fs, "python3"));
    match package {
        Some(version) => version
            .split(['-', '+'])
            .next()
            .unwrap_or(&version)
            .to_string(),
        None => "3.11.2".to_string(),
    }
}

/// Runs `python -c CODE` when it only prints literals, and reports memory
/// hogs to the kernel model.
fn run_code(ctx: &mut Ctx, code: &str) -> i32 {
    if let Some(workload) = allocation(code) {
        let command = ctx.command_text();
        let background = ctx.background;
        let status = run_workload(ctx, workload, &command, background);
        if status == 137 {
            return 137;
        }
        return status;
    }
    let mut output = String::new();
    for statement in code
        .split([';', '\n'])
        .map(str::trim)
        .filter(|s| !s.is_empty())
    {
        if statement.starts_with("import ") || statement == "pass" {
            continue;
        }
        let Some(inner) = statement
            .strip_prefix("print(")
            .and_then(|rest| rest.strip_suffix(')'))
        else {
            ctx.not_simulated("running Python code other than print is not modelled");
            return 0;
        };
        let Some(text) = python_literal(inner.trim(), ctx) else {
            ctx.not_simulated("running Python code other than print is not modelled");
            return 0;
        };
        output.push_str(&text);
        output.push('\n');
    }
    ctx.out(output);
    0
}

/// Evaluates a printable literal: a string, a number, or `sys.version`.
fn python_literal(text: &str, ctx: &Ctx) -> Option<String> {
    if text.is_empty() {
        return Some(String::new());
    }
    if text == "sys.version" {
        return Some(format!(
            "{} (main, Jun  4 2025, 04:08:52) [GCC 12.2.0]",
            python_version(ctx)
        ));
    }
    for quote in ['"', '\''] {
        if let Some(inner) = text
            .strip_prefix(quote)
            .and_then(|rest| rest.strip_suffix(quote))
        {
            if !inner.contains(quote) {
                return Some(inner.replace("\\n", "\n").replace("\\t", "\t"));
            }
        }
    }
    if text.parse::<f64>().is_ok() || text == "True" || text == "False" || text == "None" {
        return Some(text.to_string());
    }
    None
}

/// Recognises code that allocates memory: `bytearray(N)`, `' ' * N`, or a
/// `while True` loop that appends. An allocation repeated by `for … in
/// range(N)` (a loop or a comprehension that keeps what it makes) counts
/// N times.
fn allocation(code: &str) -> Option<Workload> {
    let single = single_allocation(code)?;
    let Workload::Allocate { bytes: Some(bytes) } = single else {
        return Some(single);
    };
    let compact: String = code.chars().filter(|c| !c.is_whitespace()).collect();
    let repeats = range_count(&compact).unwrap_or(1);
    Some(Workload::Allocate {
        bytes: Some(bytes.saturating_mul(repeats)),
    })
}

/// Returns how many times `for … in range(…)` repeats, from whitespace-free
/// code: `range(N)` or `range(A, B)`, with each bound a product such as
/// `10**3`.
fn range_count(compact: &str) -> Option<u64> {
    let start = compact.find("inrange(")? + "inrange(".len();
    let arguments = &compact[start..compact[start..].find(')').map(|end| start + end)?];
    let bounds: Vec<u64> = arguments
        .split(',')
        .map(evaluate_product)
        .collect::<Option<_>>()?;
    match bounds.as_slice() {
        [count] => Some(*count),
        [first, last] | [first, last, _] => Some(last.saturating_sub(*first)),
        _ => None,
    }
}

/// Recognises one allocation, or an endless loop of them.
fn single_allocation(code: &str) -> Option<Workload> {
    let compact: String = code.chars().filter(|c| !c.is_whitespace()).collect();
    if compact.contains("whileTrue:") && (compact.contains(".append(") || compact.contains("+=")) {
        return Some(Workload::Allocate { bytes: None });
    }
    let size_after = |marker: &str| -> Option<u64> {
        let start = compact.find(marker)? + marker.len();
        let expression: String = compact[start..]
            .chars()
            .take_while(|c| c.is_ascii_digit() || "*()".contains(*c))
            .collect();
        evaluate_product(&expression)
    };
    if let Some(bytes) = size_after("bytearray(").or_else(|| size_after("bytes(")) {
        return Some(Workload::Allocate { bytes: Some(bytes) });
    }
    for marker in ["'*", "\"*", "']*", "\"]*"] {
        if let Some(bytes) = size_after(marker) {
            return Some(Workload::Allocate { bytes: Some(bytes) });
        }
    }
    None
}

/// Evaluates a product of integers such as `1024*1024*512`, ignoring
/// parentheses; `**` is a power.
fn evaluate_product(expression: &str) -> Option<u64> {
    let cleaned = expression.replace(['(', ')'], "");
    if cleaned.is_empty() {
        return None;
    }
    let mut total: u64 = 1;
    for factor in cleaned.split('*').filter(|f| !f.is_empty()) {
        total = total.checked_mul(factor.parse().ok()?)?;
    }
    if let Some((base, exponent)) = cleaned.split_once("**") {
        let base: u64 = base.trim_matches('*').parse().ok()?;
        let exponent: u32 = exponent.split('*').next()?.parse().ok()?;
        return base.checked_pow(exponent);
    }
    Some(total)
}

pub(crate) fn node(ctx: &mut Ctx) -> i32 {
    let args = ctx.args().to_vec();
    match args.first().map(String::as_str) {
        Some("--version" | "-v") => {
            let version = match ctx.fs.read("/usr/local/include/node/node_version.h") {
                Ok(Content::Text(text)) => text.split('"').nth(1).map(str::to_string),
                _ => None,
            };
            let version = version
                .or_else(|| ctx.env_var("NODE_VERSION").map(str::to_string))
                .or_else(|| {
                    db::dpkg_version(ctx.fs, "nodejs")
                        .map(|v| v.split(['-', '+']).next().unwrap_or_default().to_string())
                })
                .unwrap_or_else(|| "22.16.0".to_string());
            ctx.outln(format!("v{}", version.trim_start_matches('v')));
            0
        }
        Some("-e" | "--eval" | "-p" | "--print") => {
            let code = args.get(1).cloned().unwrap_or_default();
            let mut output = String::new();
            for statement in code
                .split([';', '\n'])
                .map(str::trim)
                .filter(|s| !s.is_empty())
            {
                let inner = statement
                    .strip_prefix("console.log(")
                    .and_then(|rest| rest.strip_suffix(')'));
                let text = inner.and_then(|inner| {
                    let inner = inner.trim();
                    ['"', '\'', '`']
                        .iter()
                        .find_map(|q| {
                            inner
                                .strip_prefix(*q)
                                .and_then(|r| r.strip_suffix(*q))
                                .map(str::to_string)
                        })
                        .or_else(|| inner.parse::<f64>().ok().map(|_| inner.to_string()))
                });
                match text {
                    Some(text) => {
                        output.push_str(&text);
                        output.push('\n');
                    }
                    None => {
                        ctx.not_simulated(
                            "running JavaScript other than console.log is not modelled",
                        );
                        return 0;
                    }
                }
            }
            ctx.out(output);
            0
        }
        _ => {
            ctx.not_simulated("running JavaScript programs is not modelled");
            0
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn allocation_table() {
        let cases = [
            (
                "a = bytearray(512 * 1024 * 1024)",
                Some(Workload::Allocate {
                    bytes: Some(512 << 20),
                }),
            ),
            (
                "x = ' ' * 10**9",
                Some(Workload::Allocate {
                    bytes: Some(1_000_000_000),
                }),
            ),
            (
                "a=[]\nwhile True: a.append(' ' * 1000000)",
                Some(Workload::Allocate { bytes: None }),
            ),
            ("print('hi')", None),
            (
                "a=[bytearray(10**6) for _ in range(200)]",
                Some(Workload::Allocate {
                    bytes: Some(200_000_000),
                }),
            ),
            (
                "a = []\nfor i in range(10, 110):\n    a.append(bytearray(1024 * 1024))",
                Some(Workload::Allocate {
                    bytes: Some(100 << 20),
                }),
            ),
            (
                "a=[]\nwhile True: a.append(bytearray(10**6))",
                Some(Workload::Allocate { bytes: None }),
            ),
        ];
        for (code, expected) in cases {
            assert_eq!(allocation(code), expected, "{code}");
        }
    }
}
