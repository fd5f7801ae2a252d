//! `find PATH... [TESTS] [ACTIONS]` with the tests and actions Dockerfiles
//! use: `-name`, `-iname`, `-path`, `-type`, `-maxdepth`, `-mindepth`, `!`,
//! `-print`, `-delete` and `-exec … {} ;` or `+`. Expressions with `-o` or
//! parentheses are not modelled.
//!
//! Directories are walked in name order (a real `find` follows the order
//! the file system returns).

use super::command::run_other;
use crate::fs::{FileType, IfMissing, Metadata, Recursion};
use crate::sh::ctx::Ctx;
use crate::sh::glob::Pattern;

#[derive(Clone, Debug)]
enum Test {
    Name(Pattern, bool),
    Path(Pattern),
    Type(FileType),
    Not(Box<Test>),
    Empty,
}

#[derive(Clone, Debug, PartialEq, Eq)]
enum Action {
    Print,
    Delete,
    Exec { command: Vec<String>, batch: bool },
}

struct Query {
    tests: Vec<Test>,
    actions: Vec<Action>,
    min_depth: usize,
    max_depth: usize,
}

pub(crate) fn find(ctx: &mut Ctx) -> i32 {
    let args = ctx.args().to_vec();
    let split = args
        .iter()
        .position(|arg| arg.starts_with('-') || arg == "!" || arg == "(")
        .unwrap_or(args.len());
    let mut roots: Vec<String> = args[..split].to_vec();
    if roots.is_empty() {
        roots.push(".".to_string());
    }
    let query = match parse_expression(&args[split..]) {
        Ok(query) => query,
        Err(Problem::Unsupported(what)) => {
            ctx.not_simulated(&format!("the find expression `{what}` is not modelled"));
            return 0;
        }
        Err(Problem::Invalid(message)) => {
            ctx.error(message);
            return 1;
        }
    };
    let mut status = 0;
    let mut batch: Vec<String> = Vec::new();
    let mut doomed: Vec<String> = Vec::new();
    for root in &roots {
        let path = ctx.absolute(root);
        let Ok(entries) = ctx.fs.walk(&path) else {
            ctx.error(format!("'{root}': No such file or directory"));
            status = 1;
            continue;
        };
        let base = crate::fs::FsPath::new(&path);
        let base = ctx.fs.canonicalize(base.as_str()).unwrap_or(base);
        for (entry, meta) in entries {
            let relative = entry.strip_ancestor(&base).unwrap_or("");
            let depth = if relative.is_empty() {
                0
            } else {
                relative.matches('/').count() + 1
            };
            if depth < query.min_depth || depth > query.max_depth {
                continue;
            }
            let shown = match relative {
                "" => root.clone(),
                rest => format!("{}/{rest}", root.trim_end_matches('/')),
            };
            let name = shown.rsplit('/').next().unwrap_or(&shown).to_string();
            if !query
                .tests
                .iter()
                .all(|test| passes(ctx, test, &name, &shown, &meta, entry.as_str()))
            {
                continue;
            }
            for action in &query.actions {
                match action {
                    Action::Print => ctx.outln(&shown),
                    Action::Delete => doomed.push(entry.as_str().to_string()),
                    Action::Exec {
                        command,
                        batch: true,
                    } => {
                        if batch.is_empty() {
                            batch.extend(command.iter().filter(|w| *w != "{}").cloned());
                        }
                        batch.push(shown.clone());
                    }
                    Action::Exec {
                        command,
                        batch: false,
                    } => {
                        let argv: Vec<String> =
                            command.iter().map(|w| w.replace("{}", &shown)).collect();
                        run_other(ctx, argv);
                    }
                }
            }
        }
    }
    for path in doomed.iter().rev() {
        let _ = ctx.fs.remove(path, Recursion::Recursive, IfMissing::Ignore);
    }
    if !batch.is_empty() && run_other(ctx, batch) != 0 {
        status = 1;
    }
    status
}

fn passes(ctx: &Ctx, test: &Test, name: &str, shown: &str, meta: &Metadata, path: &str) -> bool {
    match test {
        Test::Name(pattern, fold) => match fold {
            true => pattern.matches(&name.to_lowercase()),
            false => pattern.matches(name),
        },
        Test::Path(pattern) => pattern.matches(shown),
        Test::Type(file_type) => meta.file_type == *file_type,
        Test::Not(inner) => !passes(ctx, inner, name, shown, meta, path),
        Test::Empty => match meta.file_type {
            FileType::Directory => ctx.fs.list(path).is_ok_and(|entries| entries.is_empty()),
            _ => meta.size == 0,
        },
    }
}

enum Problem {
    Unsupported(String),
    Invalid(String),
}

fn parse_expression(args: &[String]) -> Result<Query, Problem> {
    let mut query = Query {
        tests: Vec::new(),
        actions: Vec::new(),
        min_depth: 0,
        max_depth: usize::MAX,
    };
    let mut index = 0;
    let mut negate = false;
    while index < args.len() {
        let arg = args[index].as_str();
        index += 1;
        let mut value = || -> Result<String, Problem> {
            let value = args
                .get(index)
                .cloned()
                .ok_or_else(|| Problem::Invalid(format!("missing argument to `{arg}'")))?;
            index += 1;
            Ok(value)
        };
        let test = match arg {
            "!" | "-not" => {
                negate = !negate;
                continue;
            }
            "-a" | "-and" => continue,
            "-name" => Test::Name(Pattern::new(&value()?), false),
            "-iname" => Test::Name(Pattern::new(&value()?.to_lowercase()), true),
            "-path" | "-wholename" => Test::Path(Pattern::new(&value()?)),
            "-empty" => Test::Empty,
            "-type" => {
                let kind = value()?;
                let file_type = match kind.as_str() {
                    "f" => FileType::File,
                    "d" => FileType::Directory,
                    "l" => FileType::Symlink,
                    other => return Err(Problem::Unsupported(format!("-type {other}"))),
                };
                Test::Type(file_type)
            }
            "-maxdepth" | "-mindepth" => {
                let text = value()?;
                let depth: usize = text.parse().map_err(|_| {
                    Problem::Invalid(format!(
                        "Expected a positive decimal integer argument to {arg}, but got `{text}'"
                    ))
                })?;
                match arg {
                    "-maxdepth" => query.max_depth = depth,
                    _ => query.min_depth = depth,
                }
                continue;
            }
            "-print" => {
                query.actions.push(Action::Print);
                continue;
            }
            "-delete" => {
                query.actions.push(Action::Delete);
                continue;
            }
            "-exec" | "-execdir" => {
                let end = args[index..]
                    .iter()
                    .position(|word| word == ";" || word == "+")
                    .ok_or_else(|| Problem::Invalid(format!("missing argument to `{arg}'")))?;
                let command = args[index..index + end].to_vec();
                let batch = args[index + end] == "+";
                index += end + 1;
                query.actions.push(Action::Exec { command, batch });
                continue;
            }
            "-xdev" | "-mount" | "-depth" | "-follow" => continue,
            other => return Err(Problem::Unsupported(other.to_string())),
        };
        query.tests.push(match negate {
            true => Test::Not(Box::new(test)),
            false => test,
        });
        negate = false;
    }
    if query.actions.is_empty() {
        query.actions.push(Action::Print);
    }
    Ok(query)
}
