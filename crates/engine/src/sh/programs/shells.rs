//! Shells run as commands (`sh -c '…'`, `bash script.sh`, `curl … | sh`),
//! scripts found on `PATH`, and the builtins that run text in the current
//! shell: `eval` and `.` (`source`).
//!
//! A nested shell runs through the same interpreter in a new-shell frame:
//! only exported variables are visible to it, and its `cd`, `set` and `exit` end with
//! it. Nesting deeper than [`MAX_DEPTH`] is not followed.

use crate::fs::Content;
use crate::sh::ctx::Ctx;
use crate::sh::exec::{absolute_in, Machine, MAX_DEPTH};
use crate::sh::messages::Origin;
use crate::sh::outcome::Mode;
use crate::sh::state::{FrameKind, ShellKind};

/// `sh`, `bash`, `dash` and `ash` run as programs.
pub(crate) fn shell(ctx: &mut Ctx) -> i32 {
    let kind = shell_kind(ctx);
    let args = ctx.args().to_vec();
    let mut options = Vec::new();
    let mut index = 0;
    let mut command = None;
    while index < args.len() {
        let arg = &args[index];
        index += 1;
        match arg.as_str() {
            "-c" => {
                command = args.get(index).cloned();
                index += 1;
                break;
            }
            "-o" | "+o" => {
                if let Some(name) = args.get(index) {
                    options.push(name.clone());
                }
                index += 1;
            }
            // `sh -` and `sh -s` read the script from standard input.
            "--" | "-" | "-s" => break,
            flags if flags.starts_with('-') && flags.len() > 1 => {
                let letters = &flags[1..];
                if let Some(before_c) = letters.strip_suffix('c') {
                    options.extend(before_c.chars().map(String::from));
                    command = args.get(index).cloned();
                    index += 1;
                    break;
                }
                options.extend(letters.chars().map(String::from));
            }
            _ => {
                index -= 1;
                break;
            }
        }
    }
    let name = ctx.name().to_string();
    match command {
        Some(script) => {
            let argv0 = args.get(index).cloned().unwrap_or(name);
            let positional = args.get(index + 1..).unwrap_or_default().to_vec();
            run_with_options(ctx, kind, &argv0, &script, positional, &options)
        }
        None => match args.get(index) {
            Some(file) => run_file(ctx, kind, file, args[index + 1..].to_vec(), &options),
            None => match ctx.stdin.take() {
                Some(script) => run_with_options(ctx, kind, &name, &script, Vec::new(), &options),
                None if ctx.interactive() => {
                    ctx.not_simulated("starting a shell inside the shell is not modelled");
                    0
                }
                None => 0,
            },
        },
    }
}

/// Returns which shell the program that runs is.
fn shell_kind(ctx: &Ctx) -> ShellKind {
    if let Some(kind) = ctx
        .path
        .as_deref()
        .and_then(|path| ShellKind::detect(ctx.fs, path))
    {
        return kind;
    }
    match ctx.name() {
        "bash" => ShellKind::Bash,
        "ash" => ShellKind::Ash,
        _ => ctx.shell.kind(),
    }
}

fn run_file(
    ctx: &mut Ctx,
    kind: ShellKind,
    file: &str,
    positional: Vec<String>,
    options: &[String],
) -> i32 {
    let path = absolute_in(ctx.shell.cwd(), file);
    match ctx.fs.read(&path) {
        Ok(Content::Text(script)) => {
            let script = script.clone();
            run_with_options(ctx, kind, file, &script, positional, options)
        }
        Ok(Content::Synthetic { .. }) => {
            ctx.not_simulated("the script's content is synthetic");
            0
        }
        Err(_) => {
            let name = ctx.name().to_string();
            let message = match kind {
                ShellKind::Dash => format!("{name}: 0: cannot open {file}: No such file\n"),
                ShellKind::Bash => format!("{name}: {file}: No such file or directory\n"),
                ShellKind::Ash => {
                    format!("{name}: can't open '{file}': No such file or directory\n")
                }
            };
            ctx.err(message);
            if kind == ShellKind::Bash {
                127
            } else {
                2
            }
        }
    }
}

fn run_with_options(
    ctx: &mut Ctx,
    kind: ShellKind,
    argv0: &str,
    script: &str,
    positional: Vec<String>,
    options: &[String],
) -> i32 {
    let options: Vec<String> = options.to_vec();
    run_nested_with(ctx, kind, argv0, script, positional, &options)
}

/// Runs `script` in a new shell of `kind` whose `$0` is `argv0`.
pub(crate) fn run_nested(
    ctx: &mut Ctx,
    kind: ShellKind,
    argv0: &str,
    script: &str,
    positional: Vec<String>,
) -> i32 {
    run_nested_with(ctx, kind, argv0, script, positional, &[])
}

fn run_nested_with(
    ctx: &mut Ctx,
    kind: ShellKind,
    argv0: &str,
    script: &str,
    positional: Vec<String>,
    options: &[String],
) -> i32 {
    if ctx.run.depth >= MAX_DEPTH {
        ctx.not_simulated("shells nested this deep are not followed");
        return 0;
    }
    ctx.shell
        .enter(FrameKind::NewShell, Some(argv0), positional);
    ctx.shell.set_kind(kind);
    // `NAME=value sh -c …` puts NAME in the new shell's environment.
    for (name, value) in ctx.env.clone() {
        ctx.shell.export(&name, Some(&value));
    }
    for option in options {
        let options = &mut ctx.shell.options;
        match option.as_str() {
            "e" | "errexit" => options.errexit = true,
            "x" | "xtrace" => options.xtrace = true,
            "u" | "nounset" => options.nounset = true,
            "f" | "noglob" => options.noglob = true,
            "pipefail" if kind != ShellKind::Dash => options.pipefail = true,
            _ => {}
        }
    }
    let saved_offset = std::mem::take(&mut ctx.run.line_offset);
    let saved_exit = ctx.run.exit.take();
    ctx.run.depth += 1;
    let stdin = ctx.stdin.clone();
    let mut writes = Vec::new();
    let mut machine = Machine {
        fs: &mut *ctx.fs,
        system: &mut *ctx.system,
        shell: &mut *ctx.shell,
        run: &mut *ctx.run,
    };
    let status = machine.run_source(script, stdin.as_deref(), &mut writes);
    ctx.writes.append(&mut writes);
    ctx.run.depth -= 1;
    ctx.run.line_offset = saved_offset;
    let status = match ctx.run.killed {
        true => ctx.run.exit.unwrap_or(status),
        false => ctx.run.exit.take().unwrap_or(status),
    };
    if !ctx.run.killed {
        ctx.run.exit = saved_exit;
    }
    ctx.shell.leave();
    status
}

/// Runs text in the current shell, as `eval` and `.` do.
fn run_here(ctx: &mut Ctx, script: &str) -> i32 {
    if ctx.run.depth >= MAX_DEPTH {
        ctx.not_simulated("text evaluated this deep is not followed");
        return 0;
    }
    ctx.run.depth += 1;
    let saved_offset = ctx.run.line_offset;
    ctx.run.line_offset = ctx.line + saved_offset - 1;
    let stdin = ctx.stdin.clone();
    let mut writes = Vec::new();
    let mut machine = Machine {
        fs: &mut *ctx.fs,
        system: &mut *ctx.system,
        shell: &mut *ctx.shell,
        run: &mut *ctx.run,
    };
    let status = machine.run_source(script, stdin.as_deref(), &mut writes);
    ctx.writes.append(&mut writes);
    ctx.run.depth -= 1;
    ctx.run.line_offset = saved_offset;
    status
}

pub(crate) fn eval(ctx: &mut Ctx) -> i32 {
    let script = ctx.args().join(" ");
    run_here(ctx, &script)
}

/// `.` and `source`: read a file, found on `PATH` when its name has no `/`
/// (bash also looks in the working directory), and run it here.
pub(crate) fn source(ctx: &mut Ctx) -> i32 {
    let Some(file) = ctx.args().first().cloned() else {
        let message = origin_error(ctx, &format!("{}: filename argument required", ctx.name()));
        ctx.err(message);
        return 2;
    };
    let Some(script) = find_sourced(ctx, &file) else {
        let message = match ctx.shell.kind() {
            ShellKind::Bash => origin_error(ctx, &format!("{file}: No such file or directory")),
            ShellKind::Dash => origin_error(ctx, &format!(".: cannot open {file}: No such file")),
            ShellKind::Ash => origin_error(
                ctx,
                &format!(".: can't open '{file}': No such file or directory"),
            ),
        };
        ctx.err(message);
        if ctx.run.mode == Mode::Build || ctx.run.depth > 0 {
            ctx.run.exit = Some(if ctx.shell.kind() == ShellKind::Bash {
                1
            } else {
                2
            });
        }
        return if ctx.shell.kind() == ShellKind::Bash {
            1
        } else {
            2
        };
    };
    let positional = ctx.args()[1..].to_vec();
    let saved = ctx.shell.positional().to_vec();
    if !positional.is_empty() {
        ctx.shell.set_positional(positional);
    }
    let status = run_here(ctx, &script);
    if ctx.args().len() > 1 {
        ctx.shell.set_positional(saved);
    }
    status
}

fn find_sourced(ctx: &Ctx, file: &str) -> Option<String> {
    let read = |path: &str| match ctx.fs.read(path) {
        Ok(Content::Text(text)) => Some(text.clone()),
        _ => None,
    };
    if file.contains('/') {
        return read(&absolute_in(ctx.shell.cwd(), file));
    }
    let path = ctx
        .shell
        .var("PATH")
        .unwrap_or("/usr/local/bin:/usr/bin:/bin");
    let found = path
        .split(':')
        .find_map(|directory| read(&format!("{}/{file}", directory.trim_end_matches('/'))));
    match (found, ctx.shell.kind()) {
        (Some(text), _) => Some(text),
        (None, ShellKind::Bash) => read(&absolute_in(ctx.shell.cwd(), file)),
        (None, _) => None,
    }
}

fn origin_error(ctx: &Ctx, message: &str) -> String {
    Origin {
        kind: ctx.shell.kind(),
        argv0: ctx.shell.argv0(),
        line: ctx.line + ctx.run.line_offset,
        interactive: ctx.run.mode == Mode::Interactive && ctx.run.depth == 0,
    }
    .error(message)
}
