//! Builtins that find or run other commands: `command`, `type` and
//! `exec`, and [`run_other`], which programs such as `env` and `find -exec`
//! use to run a command with their own input and output.

use super::builtins::origin;
use crate::fs::FileType;
use crate::sh::ctx::{Ctx, Invocation};
use crate::sh::exec::{absolute_in, Machine};
use crate::sh::state::ShellKind;

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

/// bash's `time`: runs the command, then prints the elapsed time as bash's
/// default `TIMEFORMAT` does. User and system time are not modelled and
/// print as zero.
pub(crate) fn time(ctx: &mut Ctx) -> i32 {
    let argv: Vec<String> = ctx
        .args()
        .iter()
        .skip_while(|arg| *arg == "-p")
        .cloned()
        .collect();
    let start = ctx.run.elapsed;
    let status = run_other(ctx, argv);
    let millis = ctx.run.elapsed - start;
    let real = format!(
        "{}m{}.{:03}s",
        millis / 60_000,
        millis / 1000 % 60,
        millis % 1000
    );
    ctx.errln(format!("\nreal\t{real}\nuser\t0m0.000s\nsys\t0m0.000s"));
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
