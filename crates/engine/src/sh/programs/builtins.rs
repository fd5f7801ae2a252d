//! Shell builtins that change or report the shell itself: `cd`, `pwd`,
//! `export`, `unset`, `set`, `exit`, `command`, `type`, `read`, `shift`,
//! `umask`, `exec`, `local`, and the ones accepted without effect.

use crate::fs::{FileType, FsErrorKind, FsPath};
use crate::sh::ctx::{Ctx, Invocation};
use crate::sh::exec::{absolute_in, Machine};
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

fn origin<'a>(ctx: &'a Ctx) -> Origin<'a> {
    Origin {
        kind: ctx.shell.kind(),
        argv0: ctx.shell.argv0(),
        line: ctx.line + ctx.run.line_offset,
        interactive: ctx.run.mode == Mode::Interactive && ctx.run.depth == 0,
    }
}

/// Whether an error in a special builtin ends the shell: it does in a
/// script, not at an interactive prompt.
fn exits_on_error(ctx: &Ctx) -> bool {
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
fn quote_value(value: &str, kind: ShellKind) -> String {
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

pub(crate) fn set(ctx: &mut Ctx) -> i32 {
    let args = ctx.args().to_vec();
    if args.is_empty() {
        let kind = ctx.shell.kind();
        let mut variables = ctx.shell.listed(false);
        variables.sort();
        for (name, value) in variables {
            ctx.outln(format!("{name}={}", quote_value(&value, kind)));
        }
        return 0;
    }
    let mut index = 0;
    while index < args.len() {
        let arg = &args[index];
        index += 1;
        if arg == "--" {
            ctx.shell.set_positional(args[index..].to_vec());
            return 0;
        }
        let (on, letters) = match (arg.strip_prefix('-'), arg.strip_prefix('+')) {
            (Some(letters), _) => (true, letters),
            (_, Some(letters)) => (false, letters),
            _ => {
                ctx.shell.set_positional(args[index - 1..].to_vec());
                return 0;
            }
        };
        for letter in letters.chars() {
            let option = match letter {
                'o' => {
                    let Some(name) = args.get(index).cloned() else {
                        print_options(ctx);
                        return 0;
                    };
                    index += 1;
                    name
                }
                letter => letter.to_string(),
            };
            if let Err(status) = set_option(ctx, &option, on) {
                return status;
            }
        }
    }
    0
}

fn print_options(ctx: &mut Ctx) {
    let options = ctx.shell.options;
    for (name, value) in [
        ("errexit", options.errexit),
        ("noglob", options.noglob),
        ("nounset", options.nounset),
        ("pipefail", options.pipefail),
        ("xtrace", options.xtrace),
    ] {
        ctx.outln(format!("{name:<16}{}", if value { "on" } else { "off" }));
    }
}

fn set_option(ctx: &mut Ctx, option: &str, on: bool) -> Result<(), i32> {
    let kind = ctx.shell.kind();
    let options = &mut ctx.shell.options;
    match option {
        "e" | "errexit" => options.errexit = on,
        "x" | "xtrace" => options.xtrace = on,
        "u" | "nounset" => options.nounset = on,
        "f" | "noglob" => options.noglob = on,
        // dash 0.5.12, Debian's and Ubuntu's /bin/sh, has no pipefail.
        "pipefail" if kind != ShellKind::Dash => options.pipefail = on,
        "a" | "allexport" | "v" | "verbose" | "h" | "hashall" | "m" | "monitor" | "C"
        | "noclobber" | "b" | "notify" | "n" | "noexec" | "B" | "braceexpand" | "H"
        | "histexpand" | "vi" | "emacs" | "posix" | "E" | "errtrace" | "T" | "functrace" => {}
        _ => return Err(illegal_option(ctx, option, on)),
    }
    Ok(())
}

fn illegal_option(ctx: &mut Ctx, option: &str, on: bool) -> i32 {
    let sign = if on { '-' } else { '+' };
    let shown = match option.len() {
        1 => format!("{sign}{option}"),
        _ => format!("{sign}o {option}"),
    };
    let (message, status) = match ctx.shell.kind() {
        ShellKind::Dash => (
            origin(ctx).error(&format!("set: Illegal option {shown}")),
            2,
        ),
        ShellKind::Ash => (
            origin(ctx).error(&format!("set: illegal option {shown}")),
            2,
        ),
        ShellKind::Bash if option.len() == 1 => (
            origin(ctx).error(&format!("set: {sign}{option}: invalid option")),
            2,
        ),
        ShellKind::Bash => (
            origin(ctx).error(&format!("set: {option}: invalid option name")),
            1,
        ),
    };
    ctx.err(message);
    if exits_on_error(ctx) && ctx.shell.kind() != ShellKind::Bash {
        ctx.run.exit = Some(status);
    }
    status
}

pub(crate) fn exit(ctx: &mut Ctx) -> i32 {
    let status = match ctx.args().first() {
        None => ctx.shell.last_status(),
        Some(text) => match text.parse::<i64>() {
            Ok(number) => (number & 0xff) as i32,
            Err(_) => {
                let message = match ctx.shell.kind() {
                    ShellKind::Bash => {
                        origin(ctx).error(&format!("exit: {text}: numeric argument required"))
                    }
                    _ => origin(ctx).error(&format!("exit: Illegal number: {text}")),
                };
                ctx.err(message);
                2
            }
        },
    };
    if ctx.shell.kind() == ShellKind::Bash
        && ctx.interactive()
        && ctx.run.depth == 0
        && !ctx.shell.frames_open()
    {
        ctx.err("exit\n");
    }
    ctx.run.exit = Some(status);
    status
}

/// Returns how `command -v` and `type` describe a name: a builtin, or the
/// path where it was found.
fn describe(ctx: &Ctx, name: &str) -> Option<Description> {
    if super::builtin(name, ctx.shell.kind()).is_some() {
        return Some(Description::Builtin);
    }
    if ctx.shell.function(name).is_some() {
        return Some(Description::Function);
    }
    if name.contains('/') {
        let path = absolute_in(ctx.shell.cwd(), name);
        return ctx
            .fs
            .stat(&path)
            .ok()
            .map(|_| Description::Path(name.to_string()));
    }
    let path = ctx
        .env_var("PATH")
        .unwrap_or("/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin");
    path.split(':')
        .map(|directory| format!("{}/{name}", directory.trim_end_matches('/')))
        .find(|candidate| {
            ctx.fs
                .stat(candidate)
                .is_ok_and(|meta| meta.file_type == FileType::File && meta.mode & 0o111 != 0)
        })
        .map(Description::Path)
}

enum Description {
    Builtin,
    Function,
    Path(String),
}

pub(crate) fn command(ctx: &mut Ctx) -> i32 {
    let args = ctx.args().to_vec();
    match args.first().map(String::as_str) {
        Some("-v") | Some("-V") => {
            let verbose = args[0] == "-V";
            let mut status = 0;
            for name in &args[1..] {
                match (describe(ctx, name), verbose) {
                    (Some(Description::Path(path)), false) => ctx.outln(path),
                    (Some(_), false) => ctx.outln(name),
                    (Some(description), true) => {
                        let line = type_line(name, &description);
                        ctx.outln(line);
                    }
                    (None, _) => status = 1,
                }
            }
            status
        }
        Some(_) => {
            let argv: Vec<String> = args
                .iter()
                .skip_while(|arg| *arg == "-p")
                .cloned()
                .collect();
            run_other(ctx, argv)
        }
        None => 0,
    }
}

fn type_line(name: &str, description: &Description) -> String {
    match description {
        Description::Builtin => format!("{name} is a shell builtin"),
        Description::Function => format!("{name} is a function"),
        Description::Path(path) => format!("{name} is {path}"),
    }
}

pub(crate) fn type_(ctx: &mut Ctx) -> i32 {
    let names: Vec<String> = ctx
        .args()
        .iter()
        .filter(|arg| !arg.starts_with('-'))
        .cloned()
        .collect();
    let mut status = 0;
    for name in names {
        match describe(ctx, &name) {
            Some(description) => {
                let line = type_line(&name, &description);
                ctx.outln(line);
            }
            None => {
                let kind = ctx.shell.kind();
                let line = match kind {
                    ShellKind::Bash => origin(ctx).error(&format!("type: {name}: not found")),
                    _ => format!("{name}: not found\n"),
                };
                match kind {
                    ShellKind::Bash => ctx.err(line),
                    _ => ctx.out(line),
                }
                status = if kind == ShellKind::Bash { 1 } else { 127 };
            }
        }
    }
    status
}

/// Runs another command with this one's input and output (`command`,
/// `exec`, `env CMD`, `find -exec`).
pub(crate) fn run_other(ctx: &mut Ctx, argv: Vec<String>) -> i32 {
    if argv.is_empty() {
        return 0;
    }
    let mut machine = Machine {
        fs: &mut *ctx.fs,
        system: &mut *ctx.system,
        shell: &mut *ctx.shell,
        run: &mut *ctx.run,
    };
    let mut writes = Vec::new();
    let call = Invocation {
        argv,
        env: ctx.env.clone(),
        stdin: ctx.stdin.clone(),
        line: ctx.line,
        background: ctx.background,
        piped: ctx.piped,
    };
    let status = machine.invoke(call, &mut writes);
    ctx.writes.append(&mut writes);
    status
}

pub(crate) fn exec(ctx: &mut Ctx) -> i32 {
    let argv = ctx.args().to_vec();
    if argv.is_empty() {
        return 0;
    }
    let status = run_other(ctx, argv);
    ctx.run.exit = Some(status);
    status
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
