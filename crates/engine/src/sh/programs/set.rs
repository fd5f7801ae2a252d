//! `set` (`-e`, `-u`, `-x`, `-f`, `-o NAME`, `--`) and `exit`. dash 0.5.12,
//! the `/bin/sh` of Debian and Ubuntu, has no `pipefail`: `set -o pipefail`
//! is an error there, which ends a `RUN` script with status 2.

use super::builtins::{exits_on_error, origin, quote_value};
use crate::sh::ctx::Ctx;
use crate::sh::state::ShellKind;
use shared_sort::SharedSort;

pub(crate) fn set(ctx: &mut Ctx) -> i32 {
    let args = ctx.args().to_vec();
    if args.is_empty() {
        let kind = ctx.shell.kind();
        let mut variables = ctx.shell.listed(false);
        variables.shared_sort();
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
