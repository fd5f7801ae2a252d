//! Shell builtins that change or report the shell's variables and
//! directory: `cd`, `pwd`, `export`, `readonly`, `local`, `unset`, `read`,
//! `shift`, `umask`, and the ones accepted without effect.

use crate::fs::{FileType, FsErrorKind, FsPath};
use crate::sh::ctx::Ctx;
use crate::sh::exec::absolute_in;
use crate::sh::messages::Origin;
use crate::sh::outcome::Mode;
use crate::sh::parse::is_name;
use crate::sh::state::ShellKind;

pub(crate) fn true_(_: &mut Ctx) -> i32 {
    0
}

pub(crate) fn false_(_: &mut Ctx) -> i32 {
    1
}

/// Builtins with no effect the simulation needs (`trap`, `wait`, `alias`…).
pub(crate) fn accept(_: &mut Ctx) -> i32 {
    0
}

pub(super) fn origin<'a>(ctx: &'a Ctx) -> Origin<'a> {
    Origin {
        kind: ctx.shell.kind(),
        argv0: ctx.shell.argv0(),
        line: ctx.line + ctx.run.line_offset,
        interactive: ctx.run.mode == Mode::Interactive && ctx.run.depth == 0,
    }
}

/// Returns whether an error in a special builtin ends the shell: it does in a
/// script, not at an interactive prompt.
pub(super) fn exits_on_error(ctx: &Ctx) -> bool {
    ctx.run.mode == Mode::Build || ctx.run.depth > 0
}

pub(crate) fn cd(ctx: &mut Ctx) -> i32 {
    let operands: Vec<String> = ctx
        .args()
        .iter()
        .filter(|arg| !matches!(arg.as_str(), "-L" | "-P"))
        .cloned()
        .collect();
    let (target, print) = match operands.first().map(String::as_str) {
        None => match ctx.shell.var("HOME") {
            Some(home) => (home.to_string(), false),
            None if ctx.shell.kind() == ShellKind::Bash => {
                let message = origin(ctx).error("cd: HOME not set");
                ctx.err(message);
                return 1;
            }
            None => return 0,
        },
        Some("-") => (ctx.shell.var("OLDPWD").unwrap_or("/").to_string(), true),
        Some(dir) => (dir.to_string(), false),
    };
    let absolute = absolute_in(ctx.shell.cwd(), &target);
    let failure = match ctx.fs.stat(&absolute) {
        Ok(meta) if meta.file_type == FileType::Directory => None,
        Ok(_) => Some(FsErrorKind::NotADirectory),
        Err(error) => Some(error.kind),
    };
    if let Some(kind) = failure {
        let (message, status) = origin(ctx).cd_failed(&target, kind);
        ctx.err(message);
        return status;
    }
    let new = FsPath::new(&absolute).as_str().to_string();
    let old = ctx.shell.cwd().to_string();
    ctx.shell.set_var("OLDPWD", &old);
    ctx.shell.set_var("PWD", &new);
    ctx.shell.set_cwd(&new);
    if print {
        ctx.outln(&new);
    }
    0
}

pub(crate) fn pwd(ctx: &mut Ctx) -> i32 {
    let cwd = ctx.shell.cwd().to_string();
    let physical = ctx.args().iter().any(|arg| arg == "-P");
    let shown = match physical {
        true => ctx
            .fs
            .canonicalize(&cwd)
            .map(|path| path.as_str().to_string())
            .unwrap_or(cwd),
        false => cwd,
    };
    ctx.outln(shown);
    0
}

/// Quotes a value as `export -p` and `set` print it.
pub(super) fn quote_value(value: &str, kind: ShellKind) -> String {
    match kind {
        ShellKind::Bash => format!(
            "\"{}\"",
            value
                .replace('\\', "\\\\")
                .replace('"', "\\\"")
                .replace('$', "\\$")
        ),
        _ => format!("'{}'", value.replace('\'', "'\"'\"'")),
    }
}

pub(crate) fn export(ctx: &mut Ctx) -> i32 {
    declare(ctx, true)
}

pub(crate) fn readonly(ctx: &mut Ctx) -> i32 {
    declare(ctx, false)
}

/// `local`, `declare` and `typeset`: set variables without exporting them.
pub(crate) fn local(ctx: &mut Ctx) -> i32 {
    declare(ctx, false)
}

fn declare(ctx: &mut Ctx, exported: bool) -> i32 {
    let args: Vec<String> = ctx
        .args()
        .iter()
        .filter(|arg| !arg.starts_with('-'))
        .cloned()
        .collect();
    if args.is_empty() {
        let kind = ctx.shell.kind();
        let command = ctx.name().to_string();
        for (name, value) in ctx.shell.listed(exported) {
            let line = match kind {
                ShellKind::Bash if exported => {
                    format!("declare -x {name}={}", quote_value(&value, kind))
                }
                _ => format!("{command} {name}={}", quote_value(&value, kind)),
            };
            ctx.outln(line);
        }
        return 0;
    }
    let mut status = 0;
    for arg in args {
        let (name, value) = match arg.split_once('=') {
            Some((name, value)) => (name.to_string(), Some(value.to_string())),
            None => (arg.clone(), None),
        };
        if !is_name(&name) {
            status = bad_name(ctx, &name);
            if exits_on_error(ctx) && ctx.shell.kind() != ShellKind::Bash {
                ctx.run.exit = Some(status);
                return status;
            }
            continue;
        }
        match (exported, value) {
            (true, value) => ctx.shell.export(&name, value.as_deref()),
            (false, Some(value)) => ctx.shell.set_var(&name, &value),
            (false, None) => {}
        }
    }
    status
}

fn bad_name(ctx: &mut Ctx, name: &str) -> i32 {
    let command = ctx.name().to_string();
    let (message, status) = match ctx.shell.kind() {
        ShellKind::Bash => (
            origin(ctx).error(&format!("{command}: `{name}': not a valid identifier")),
            1,
        ),
        _ => (
            origin(ctx).error(&format!("{command}: {name}: bad variable name")),
            2,
        ),
    };
    ctx.err(message);
    status
}

pub(crate) fn unset(ctx: &mut Ctx) -> i32 {
    let names: Vec<String> = ctx
        .args()
        .iter()
        .filter(|arg| !arg.starts_with('-'))
        .cloned()
        .collect();
    for name in names {
        ctx.shell.unset_var(&name);
    }
    0
}

pub(crate) fn read(ctx: &mut Ctx) -> i32 {
    let mut names = Vec::new();
    let mut args = ctx.args().iter().cloned();
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "-r" | "-s" => {}
            "-p" | "-t" | "-n" | "-d" | "-u" => {
                args.next();
            }
            _ => names.push(arg),
        }
    }
    if names.is_empty() {
        names.push("REPLY".to_string());
    }
    let input = ctx.stdin.take().unwrap_or_default();
    let Some((line, rest)) = input.split_once('\n').or(if input.is_empty() {
        None
    } else {
        Some((input.as_str(), ""))
    }) else {
        for name in &names {
            ctx.shell.set_var(name, "");
        }
        return 1;
    };
    let line = line.to_string();
    ctx.stdin = Some(rest.to_string());
    let mut fields: Vec<&str> = line.split_whitespace().collect();
    for (index, name) in names.iter().enumerate() {
        let value = if index + 1 == names.len() {
            std::mem::take(&mut fields).join(" ")
        } else if fields.is_empty() {
            String::new()
        } else {
            fields.remove(0).to_string()
        };
        ctx.shell.set_var(name, &value);
    }
    0
}

pub(crate) fn shift(ctx: &mut Ctx) -> i32 {
    let count: usize = ctx.args().first().and_then(|n| n.parse().ok()).unwrap_or(1);
    let positional = ctx.shell.positional().to_vec();
    if count > positional.len() {
        return 1;
    }
    ctx.shell.set_positional(positional[count..].to_vec());
    0
}

pub(crate) fn umask(ctx: &mut Ctx) -> i32 {
    if ctx.args().is_empty() {
        ctx.outln("0022");
    }
    0
}
