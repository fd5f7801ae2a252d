//! The programs the simulation models, one module per family, and the
//! tables that find them: shell builtins by shell, other programs by the
//! name they are run as (`argv[0]`'s last component, which is also how
//! BusyBox picks an applet).
//!
//! A program is found only when its file exists on `PATH` (builtins
//! excepted), so `ps` is `not found` in `debian:bookworm-slim`, which lacks
//! procps, as it is in the real image.

pub(crate) mod accounts;
pub(crate) mod adduser;
pub(crate) mod apk;
pub(crate) mod apt;
pub(crate) mod args;
pub(crate) mod builtins;
pub(crate) mod command;
pub(crate) mod copy;
pub(crate) mod echo;
pub(crate) mod fetch;
pub(crate) mod files;
pub(crate) mod filters;
pub(crate) mod find;
pub(crate) mod grep;
pub(crate) mod info;
pub(crate) mod lang;
pub(crate) mod ls;
pub(crate) mod net;
pub(crate) mod npm;
pub(crate) mod perms;
pub(crate) mod pip;
pub(crate) mod pip_install;
pub(crate) mod procs;
pub(crate) mod resources;
pub(crate) mod sed;
pub(crate) mod set;
pub(crate) mod shells;
pub(crate) mod test;
pub(crate) mod text;
pub(crate) mod useradd;
pub(crate) mod workloads;

use super::ctx::Ctx;
use super::state::ShellKind;

/// A program: it reads its context and returns its exit status.
pub(crate) type Program = fn(&mut Ctx) -> i32;

/// Finds a builtin of the shell `kind`.
pub(crate) fn builtin(name: &str, kind: ShellKind) -> Option<Program> {
    let program: Program = match name {
        ":" | "true" => builtins::true_,
        "false" => builtins::false_,
        "cd" => builtins::cd,
        "pwd" => builtins::pwd,
        "echo" => echo::echo,
        "printf" => echo::printf,
        "test" | "[" => test::test,
        "export" => builtins::export,
        "readonly" => builtins::readonly,
        "unset" => builtins::unset,
        "set" => set::set,
        "exit" => set::exit,
        "command" => command::command,
        "type" => command::type_,
        "read" => builtins::read,
        "shift" => builtins::shift,
        "umask" => builtins::umask,
        "exec" => command::exec,
        "eval" => shells::eval,
        "." => shells::source,
        "source" if kind != ShellKind::Dash => shells::source,
        "local" => builtins::local,
        "declare" | "typeset" if kind == ShellKind::Bash => builtins::local,
        "alias" | "unalias" | "hash" | "trap" | "wait" | "jobs" | "ulimit" | "times"
        | "getopts" | "return" | "break" | "continue" | "kill" | "bg" | "fg" => builtins::accept,
        "time" if kind == ShellKind::Bash => command::time,
        "shopt" | "let" | "history" | "help" | "enable" | "disown" | "complete" | "pushd"
        | "popd" | "dirs"
            if kind == ShellKind::Bash =>
        {
            builtins::accept
        }
        _ => return None,
    };
    Some(program)
}

/// Returns whether `name` is a POSIX special builtin, which a function of
/// the same name cannot replace in dash and ash.
pub(crate) fn is_special_builtin(name: &str) -> bool {
    matches!(
        name,
        ":" | "."
            | "break"
            | "continue"
            | "eval"
            | "exec"
            | "exit"
            | "export"
            | "readonly"
            | "return"
            | "set"
            | "shift"
            | "times"
            | "trap"
            | "unset"
    )
}

/// Finds the model of an external program by the name it runs as.
pub(crate) fn find(name: &str) -> Option<Program> {
    let program: Program = match name {
        "cat" => text::cat,
        "head" => text::head,
        "tail" => text::tail,
        "wc" => text::wc,
        "tee" => text::tee,
        "sort" => filters::sort,
        "uniq" => filters::uniq,
        "cut" => filters::cut,
        "tr" => filters::tr,
        "basename" => filters::basename,
        "dirname" => filters::dirname,
        "grep" | "egrep" | "fgrep" => grep::grep,
        "sed" => sed::sed,
        "ls" => ls::ls,
        "mkdir" => files::mkdir,
        "rm" => files::rm,
        "rmdir" => files::rmdir,
        "touch" => files::touch,
        "cp" => copy::cp,
        "mv" => copy::mv,
        "ln" => copy::ln,
        "readlink" | "realpath" => files::readlink,
        "chmod" => perms::chmod,
        "chown" | "chgrp" => perms::chown,
        "find" => find::find,
        "echo" => echo::echo,
        "printf" => echo::printf,
        "test" | "[" => test::test,
        "true" => builtins::true_,
        "false" => builtins::false_,
        "pwd" => builtins::pwd,
        "env" | "printenv" => info::env,
        "sleep" => workloads::sleep,
        "yes" => workloads::yes,
        "stress" | "stress-ng" => workloads::stress,
        "id" => accounts::id,
        "whoami" => accounts::whoami,
        "useradd" => useradd::useradd,
        "groupadd" => useradd::groupadd,
        "adduser" => adduser::adduser,
        "addgroup" => adduser::addgroup,
        "apt-get" | "apt" => apt::apt_get,
        "apk" => apk::apk,
        "pip" | "pip3" => pip::pip,
        "npm" => npm::npm,
        "node" | "nodejs" => lang::node,
        "curl" => fetch::curl,
        "wget" => fetch::wget,
        "which" => info::which,
        "uname" => info::uname,
        "date" => info::date,
        "hostname" => info::hostname,
        "ps" => procs::ps,
        "top" => procs::top,
        "free" => resources::free,
        "df" => resources::df,
        "mount" => resources::mount,
        "ip" => resources::ip,
        "getent" => net::getent,
        "ping" => net::ping,
        "sh" | "bash" | "dash" | "ash" => shells::shell,
        "tar" | "unzip" | "gzip" | "gunzip" | "make" | "gcc" | "cc" | "g++" | "git" => {
            workloads::unmodelled
        }
        _ if is_python(name) => lang::python,
        _ if is_pip(name) => pip::pip,
        _ => return None,
    };
    Some(program)
}

/// `python`, `python3`, `python3.12`.
fn is_python(name: &str) -> bool {
    name.strip_prefix("python")
        .is_some_and(|version| version.chars().all(|c| c.is_ascii_digit() || c == '.'))
}

/// `pip3.12`.
fn is_pip(name: &str) -> bool {
    name.strip_prefix("pip").is_some_and(|version| {
        !version.is_empty() && version.chars().all(|c| c.is_ascii_digit() || c == '.')
    })
}
