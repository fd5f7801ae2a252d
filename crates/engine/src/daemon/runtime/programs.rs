//! The programs that are not servers: entrypoint scripts that `exec` their
//! arguments, shells, interpreters, `sleep`, `tail -f` and the small
//! utilities a learner runs to look inside a container (`echo`, `ls`,
//! `cat`, `env`, `hostname`, `uname`, `date`).

use crate::clock::{self, Millis};
use crate::output::Stream;

use super::script;
use super::services::{self, Server};
use super::{find_executable, search_path, Input, Program, Reaction, Repl, ShellKind, Startup};
use crate::daemon::containers::Container;
use crate::daemon::signals::Signal;

/// The kernel release the simulated hosts run, as `uname -r` and nginx's
/// `OS:` line print it.
pub const KERNEL_RELEASE: &str = "6.8.0-85-generic";
/// The kernel build string of `uname -v`.
const KERNEL_VERSION: &str = "#85-Ubuntu SMP PREEMPT_DYNAMIC Thu Sep 18 15:26:59 UTC 2025";

/// How many `exec` hops through entrypoint scripts to follow.
const MAX_EXEC_HOPS: usize = 4;
/// The most lines a [`Program::Loop`] reports, so a long logical time
/// cannot fill memory; Docker would keep them all.
const MAX_LOOP_LINES: u64 = 10_000;

/// A line on standard output.
fn out(text: impl Into<String>) -> (Stream, String) {
    (Stream::Stdout, text.into())
}

/// A line on standard error.
fn err(text: impl Into<String>) -> (Stream, String) {
    (Stream::Stderr, text.into())
}

/// A program that writes `lines` and exits with `code` at once.
fn one_shot(lines: Vec<(Stream, String)>, code: i32) -> Program {
    Program::OneShot { lines, code, duration: 5 }
}

/// Returns the last component of a path.
pub(super) fn base_name(path: &str) -> &str {
    path.rsplit('/').next().unwrap_or(path)
}

/// Resolves the program an argv runs, following entrypoint scripts.
pub(super) fn resolve(container: &Container, mut argv: Vec<String>) -> Program {
    let mut prefix_lines = Vec::new();
    for _ in 0..MAX_EXEC_HOPS {
        match unwrap_entrypoint(container, &argv) {
            Unwrapped::Exec { argv: next, lines } => {
                prefix_lines.extend(lines);
                if next.is_empty() {
                    return one_shot(prefix_lines, 0);
                }
                if find_executable(&container.rootfs, &next[0], search_path(container)).is_none() {
                    let script = &argv[0];
                    prefix_lines.push(err(exec_not_found(script, &next[0])));
                    return one_shot(prefix_lines, 127);
                }
                argv = next;
            }
            Unwrapped::Program(program) => return with_prefix(program, prefix_lines),
            Unwrapped::NotAScript => break,
        }
    }
    with_prefix(classify(container, &argv), prefix_lines)
}

/// Puts an entrypoint script's own lines before the program's.
fn with_prefix(program: Program, prefix: Vec<(Stream, String)>) -> Program {
    if prefix.is_empty() {
        return program;
    }
    match program {
        Program::OneShot { mut lines, code, duration } => {
            let mut all = prefix;
            all.append(&mut lines);
            Program::OneShot { lines: all, code, duration }
        }
        Program::Server(server) => Program::Server(server.with_prefix(prefix)),
        other => other,
    }
}

/// The error a `#!/bin/sh` or `#!/bin/bash` entrypoint prints when the
/// program it `exec`s does not exist.
fn exec_not_found(script: &str, name: &str) -> String {
    let path = if script.contains('/') { script.to_string() } else { format!("/usr/local/bin/{script}") };
    match base_name(script) {
        "entrypoint.sh" => format!("{path}: exec: line 18: {name}: not found"),
        "docker-entrypoint.sh" if script.starts_with('/') && !script.starts_with("/usr/") => {
            format!("{path}: 47: exec: {name}: not found")
        }
        _ => format!("{path}: line 11: exec: {name}: not found"),
    }
}

/// What one hop through an entrypoint script does.
enum Unwrapped {
    /// The script `exec`s this argv after writing these lines.
    Exec { argv: Vec<String>, lines: Vec<(Stream, String)> },
    /// The script is itself the program.
    Program(Program),
    /// The first word is not an entrypoint script.
    NotAScript,
}

/// Follows one official image's entrypoint script, as the script's own
/// `set -- default "$@"` and `exec "$@"` lines do.
fn unwrap_entrypoint(container: &Container, argv: &[String]) -> Unwrapped {
    let Some(first) = argv.first() else { return Unwrapped::NotAScript };
    let rest = &argv[1..];
    let env = |name: &str| container.config.env_value(name).is_some();
    let starts_with_dash = rest.first().is_some_and(|arg| arg.starts_with('-'));
    let prepend = |program: &str| -> Vec<String> {
        std::iter::once(program.to_string()).chain(rest.iter().cloned()).collect()
    };
    let exec = |argv: Vec<String>| Unwrapped::Exec { argv, lines: Vec::new() };

    match base_name(first) {
        "docker-entrypoint.sh" if env("NGINX_VERSION") => {
            let lines = match rest.first().map(String::as_str) {
                Some("nginx" | "nginx-debug") if !env("NGINX_ENTRYPOINT_QUIET_LOGS") => services::nginx_entrypoint_lines(),
                _ => Vec::new(),
            };
            Unwrapped::Exec { argv: rest.to_vec(), lines }
        }
        "docker-entrypoint.sh" => {
            let default = if env("REDIS_VERSION") {
                let config = rest.first().is_some_and(|arg| arg.ends_with(".conf"));
                (starts_with_dash || config).then_some("redis-server")
            } else if env("PG_MAJOR") {
                starts_with_dash.then_some("postgres")
            } else if env("MYSQL_VERSION") {
                starts_with_dash.then_some("mysqld")
            } else if env("MONGO_VERSION") {
                starts_with_dash.then_some("mongod")
            } else if env("MEMCACHED_VERSION") {
                starts_with_dash.then_some("memcached")
            } else if env("NODE_VERSION") {
                // Node's script runs `node` when the first word is not a command.
                let command = rest
                    .first()
                    .is_some_and(|word| find_executable(&container.rootfs, word, search_path(container)).is_some());
                (starts_with_dash || !command).then_some("node")
            } else {
                None
            };
            exec(default.map(prepend).unwrap_or_else(|| rest.to_vec()))
        }
        "entrypoint.sh" if container.rootfs.exists("/bin/registry") => {
            let first_arg = rest.first().map(String::as_str).unwrap_or("");
            let argv = if first_arg.ends_with(".yaml") || first_arg.ends_with(".yml") {
                ["registry", "serve"].iter().map(|word| word.to_string()).chain(rest.iter().cloned()).collect()
            } else if matches!(first_arg, "serve" | "garbage-collect" | "help") || first_arg.starts_with('-') {
                prepend("registry")
            } else {
                rest.to_vec()
            };
            exec(argv)
        }
        "entrypoint.sh" if container.rootfs.exists("/usr/local/bin/traefik") => {
            let bare_word = rest.first().is_some_and(|word| find_executable(&container.rootfs, word, search_path(container)).is_none());
            exec(if starts_with_dash || bare_word { prepend("traefik") } else { rest.to_vec() })
        }
        "docker-php-entrypoint" => exec(if starts_with_dash { prepend("php") } else { rest.to_vec() }),
        "__cacert_entrypoint.sh" => exec(rest.to_vec()),
        "httpd-foreground" => {
            let mut argv = vec!["httpd".to_string(), "-DFOREGROUND".to_string()];
            argv.extend(rest.iter().cloned());
            exec(argv)
        }
        "busybox" if !rest.is_empty() => exec(rest.to_vec()),
        "sh" | "bash" | "ash" | "dash" if rest.first().map(String::as_str) == Some("-c") => {
            match script::interpret(container, rest.get(1).map(String::as_str).unwrap_or(""), first) {
                script::Outcome::Program(program) => Unwrapped::Program(program),
                script::Outcome::Exec(argv) => exec(argv),
            }
        }
        _ => Unwrapped::NotAScript,
    }
}

/// Names the program an argv runs once no entrypoint script is left.
fn classify(container: &Container, argv: &[String]) -> Program {
    let name = base_name(&argv[0]);
    let args = &argv[1..];
    if let Some(program) = utility(container, name, args) {
        return program;
    }
    if let Some(server) = services::recognise(container, argv) {
        return server;
    }
    match name {
        "sh" | "bash" | "ash" | "dash" if args.is_empty() || args.iter().all(|arg| arg.starts_with('-')) => {
            shell(container, name)
        }
        "python" | "python3" => python(container, argv),
        name if name.starts_with("python3.") => python(container, argv),
        "node" | "nodejs" => node(container, args),
        // FIXME: a shell script, a custom binary or a test tool runs here
        // without output until the kernel model can interpret it.
        _ => Program::Unrecognised,
    }
}

/// A shell without `-c`: it reads commands from its input, so without
/// `-i` or `-t` it reads end-of-file and exits 0 at once.
fn shell(container: &Container, name: &str) -> Program {
    if !container.attach.open_stdin && !container.attach.tty {
        return one_shot(Vec::new(), 0);
    }
    let busybox = container.rootfs.exists("/bin/busybox");
    let kind = match name {
        "bash" => ShellKind::Bash,
        "dash" => ShellKind::Dash,
        "sh" if !busybox => ShellKind::Dash,
        _ => ShellKind::Ash,
    };
    Program::Shell(kind)
}

/// `python`, `python3`: the prompt, `-m http.server`, `--version`, `-c`,
/// or a script.
fn python(container: &Container, argv: &[String]) -> Program {
    let version = container.config.env_value("PYTHON_VERSION").unwrap_or("3.13.5").to_string();
    let args = &argv[1..];
    match args.first().map(String::as_str) {
        None if container.attach.tty => Program::Repl(Repl::Python { version }),
        None => one_shot(Vec::new(), 0),
        Some("--version" | "-V") => one_shot(vec![out(format!("Python {version}"))], 0),
        Some("-m") if args.get(1).map(String::as_str) == Some("http.server") => {
            services::http_server(container, &args[2..]).unwrap_or(Program::Unrecognised)
        }
        Some("-c") => match args.get(1).and_then(|code| print_literal(code, "print")) {
            Some(text) => one_shot(vec![out(text)], 0),
            None => Program::Unrecognised,
        },
        Some(script) if !script.starts_with('-') => {
            let path = absolute(container, script);
            if !container.rootfs.exists(&path) {
                let message = format!("{}: can't open file '{path}': [Errno 2] No such file or directory", argv[0]);
                return Program::OneShot { lines: vec![err(message)], code: 2, duration: 20 };
            }
            Program::Server(Server::App)
        }
        Some(_) => Program::Unrecognised,
    }
}

/// `node`: the prompt, `--version`, `-e`, or a script.
fn node(container: &Container, args: &[String]) -> Program {
    let version = container.config.env_value("NODE_VERSION").unwrap_or("24.2.0").to_string();
    match args.first().map(String::as_str) {
        None if container.attach.tty => Program::Repl(Repl::Node { version }),
        None => one_shot(Vec::new(), 0),
        Some("--version" | "-v") => one_shot(vec![out(format!("v{version}"))], 0),
        Some("-e" | "--eval") => match args.get(1).and_then(|code| print_literal(code, "console.log")) {
            Some(text) => one_shot(vec![out(text)], 0),
            None => Program::Unrecognised,
        },
        // FIXME: node's `Cannot find module` error for a missing script is
        // not simulated; every script runs as a server without output.
        Some(_) => Program::Server(Server::App),
    }
}

/// Reads `print("text")` or `console.log('text')`: a call of `function`
/// with one string literal; `None` for anything else.
fn print_literal(code: &str, function: &str) -> Option<String> {
    let inner = code.trim().trim_end_matches(';').strip_prefix(function)?.trim_start().strip_prefix('(')?.strip_suffix(')')?;
    let inner = inner.trim();
    let quote = inner.chars().next().filter(|c| *c == '"' || *c == '\'')?;
    let text = inner.strip_prefix(quote)?.strip_suffix(quote)?;
    (!text.contains(quote) && !text.contains('\\')).then(|| text.to_string())
}

/// Resolves a path against the container's working directory.
pub(super) fn absolute(container: &Container, path: &str) -> String {
    if path.starts_with('/') {
        return path.to_string();
    }
    let directory = if container.config.working_dir.is_empty() { "/" } else { container.config.working_dir.as_str() };
    format!("{}/{path}", directory.trim_end_matches('/'))
}

/// The small utilities, each printing what the real one prints.
fn utility(container: &Container, name: &str, args: &[String]) -> Option<Program> {
    let program = match name {
        "hello" => Program::Hello,
        "true" => one_shot(Vec::new(), 0),
        "false" => one_shot(Vec::new(), 1),
        "echo" => one_shot(vec![out(echo_text(args))], 0),
        "sleep" => sleep(container, args),
        "tail" if args.iter().any(|arg| arg == "-f" || arg == "-F" || arg == "--follow") => Program::TailFollow,
        "cat" if args.is_empty() => cat_stdin(container),
        "cat" => cat_files(container, args),
        "env" | "printenv" if args.is_empty() => {
            let lines = environment(container).into_iter().map(out).collect();
            one_shot(lines, 0)
        }
        "printenv" => {
            let values: Vec<_> = args.iter().filter_map(|name| environment_value(container, name)).collect();
            let code = if values.len() == args.len() { 0 } else { 1 };
            one_shot(values.into_iter().map(out).collect(), code)
        }
        "hostname" if args.is_empty() => one_shot(vec![out(container.hostname.clone())], 0),
        "whoami" if args.is_empty() => one_shot(vec![out(user_name(container))], 0),
        "pwd" => {
            let directory = if container.config.working_dir.is_empty() { "/" } else { container.config.working_dir.as_str() };
            one_shot(vec![out(directory)], 0)
        }
        "date" if args.is_empty() => return None,
        "uname" => one_shot(vec![out(uname(container, args)?)], 0),
        "ls" => list(container, args)?,
        _ => return None,
    };
    Some(program)
}

/// `echo`'s output: the words joined by spaces, without a leading `-n`.
fn echo_text(args: &[String]) -> String {
    let words: Vec<&str> = args.iter().map(String::as_str).skip_while(|arg| *arg == "-n" || *arg == "-e" || *arg == "-E").collect();
    words.join(" ")
}

/// `sleep N`: coreutils and BusyBox both accept `s`, `m`, `h` and `d`
/// suffixes, fractions and `infinity`.
fn sleep(container: &Container, args: &[String]) -> Program {
    let busybox = container.rootfs.exists("/bin/busybox");
    let Some(first) = args.first() else {
        let lines = if busybox {
            vec![err("BusyBox v1.37.0 (2025-01-17 18:12:01 UTC) multi-call binary."), err(""), err("Usage: sleep [N]...")]
        } else {
            vec![err("sleep: missing operand"), err("Try 'sleep --help' for more information.")]
        };
        return one_shot(lines, 1);
    };
    let mut total: f64 = 0.0;
    for arg in args {
        match parse_interval(arg) {
            Some(seconds) if seconds.is_infinite() => return Program::Sleep { millis: None },
            Some(seconds) => total += seconds,
            None if busybox => return one_shot(vec![err(format!("sleep: invalid number '{arg}'"))], 1),
            None => {
                let lines = vec![
                    err(format!("sleep: invalid time interval '{arg}'")),
                    err("Try 'sleep --help' for more information."),
                ];
                return one_shot(lines, 1);
            }
        }
    }
    let _ = first;
    let millis = (total * 1000.0).round();
    if !millis.is_finite() || millis >= 1e15 {
        return Program::Sleep { millis: None };
    }
    Program::Sleep { millis: Some(millis as Millis) }
}

/// Parses one `sleep` operand into seconds.
fn parse_interval(text: &str) -> Option<f64> {
    if text == "infinity" || text == "inf" {
        return Some(f64::INFINITY);
    }
    let (number, scale) = match text.chars().last()? {
        's' => (&text[..text.len() - 1], 1.0),
        'm' => (&text[..text.len() - 1], 60.0),
        'h' => (&text[..text.len() - 1], 3600.0),
        'd' => (&text[..text.len() - 1], 86_400.0),
        _ => (text, 1.0),
    };
    if number.is_empty() || !number.bytes().all(|byte| byte.is_ascii_digit() || byte == b'.') || number.matches('.').count() > 1 {
        return None;
    }
    number.parse::<f64>().ok().map(|value| value * scale)
}

/// `cat` with no file copies its input: with `-i` each typed line comes
/// back; without, it reads end-of-file and exits 0.
fn cat_stdin(container: &Container) -> Program {
    if container.attach.open_stdin {
        Program::Cat
    } else {
        one_shot(Vec::new(), 0)
    }
}

/// `cat FILE...` on the container's files.
fn cat_files(container: &Container, args: &[String]) -> Program {
    let mut lines = Vec::new();
    let mut code = 0;
    for arg in args {
        let path = absolute(container, arg);
        match container.rootfs.read(&path) {
            Ok(content) => match content.as_text() {
                Some(text) => lines.extend(text.lines().map(out)),
                None => lines.push(out(format!("[{} bytes of binary data]", content.size()))),
            },
            Err(error) => {
                lines.push(err(format!("cat: {arg}: {}", error.kind)));
                code = 1;
            }
        }
    }
    one_shot(lines, code)
}

/// The process environment as `env` prints it, built as moby's
/// `CreateDaemonEnvironment` builds it: `PATH`, `HOSTNAME`, `TERM` with a
/// terminal, then the container's variables (replacing those of the same
/// name; a bare `NAME` unsets it), and `HOME`, which runc adds when unset.
fn environment(container: &Container) -> Vec<String> {
    let mut env = vec![format!("PATH={}", super::DEFAULT_PATH), format!("HOSTNAME={}", container.hostname)];
    if container.attach.tty {
        env.push("TERM=xterm".to_string());
    }
    for pair in &container.config.env {
        let key = pair.split('=').next().unwrap_or_default();
        let position = env.iter().position(|existing| existing.split('=').next() == Some(key));
        match (pair.contains('='), position) {
            (true, Some(index)) => env[index] = pair.clone(),
            (true, None) => env.push(pair.clone()),
            (false, Some(index)) => {
                env.remove(index);
            }
            (false, None) => {}
        }
    }
    if !env.iter().any(|pair| pair.starts_with("HOME=")) {
        env.push("HOME=/root".to_string());
    }
    env
}

fn environment_value(container: &Container, name: &str) -> Option<String> {
    environment(container).into_iter().find_map(|pair| {
        let (key, value) = pair.split_once('=')?;
        (key == name).then(|| value.to_string())
    })
}

/// The user `whoami` prints: the `--user`/`USER` name, `root` by default.
fn user_name(container: &Container) -> String {
    let user = container.config.user.split(':').next().unwrap_or("");
    match user {
        "" | "0" => "root".to_string(),
        name => name.to_string(),
    }
}

/// `uname` with `-s`, `-n`, `-r`, `-v`, `-m` or `-a`; `None` for other options.
fn uname(container: &Container, args: &[String]) -> Option<String> {
    let busybox = container.rootfs.exists("/bin/busybox");
    let operating_system = if busybox { "Linux" } else { "GNU/Linux" };
    let mut parts = Vec::new();
    for arg in args {
        match arg.as_str() {
            "-a" | "--all" => {
                return Some(format!(
                    "Linux {} {KERNEL_RELEASE} {KERNEL_VERSION} x86_64 {operating_system}",
                    container.hostname
                ));
            }
            "-s" => parts.push("Linux".to_string()),
            "-n" => parts.push(container.hostname.clone()),
            "-r" => parts.push(KERNEL_RELEASE.to_string()),
            "-v" => parts.push(KERNEL_VERSION.to_string()),
            "-m" => parts.push("x86_64".to_string()),
            _ => return None,
        }
    }
    if parts.is_empty() {
        parts.push("Linux".to_string());
    }
    Some(parts.join(" "))
}

/// `ls [-a|-A] [PATH...]` as `ls` prints for a pipe: one name a line,
/// sorted; `None` for options the simulation does not model.
fn list(container: &Container, args: &[String]) -> Option<Program> {
    if container.attach.tty {
        // FIXME: ls on a terminal prints columns sized to the window.
        return None;
    }
    let mut show_hidden = false;
    let mut paths = Vec::new();
    for arg in args {
        match arg.as_str() {
            "-a" | "-A" | "-1" => show_hidden |= arg != "-1",
            option if option.starts_with('-') => return None,
            path => paths.push(path.to_string()),
        }
    }
    if paths.is_empty() {
        paths.push(".".to_string());
    }
    let mut lines = Vec::new();
    let mut code = 0;
    for (index, path) in paths.iter().enumerate() {
        let full = absolute(container, path);
        match container.rootfs.list(&full) {
            Ok(entries) => {
                if paths.len() > 1 {
                    if index > 0 {
                        lines.push(out(""));
                    }
                    lines.push(out(format!("{path}:")));
                }
                let mut names: Vec<String> = entries.into_iter().map(|entry| entry.name).filter(|name| show_hidden || !name.starts_with('.')).collect();
                names.sort();
                lines.extend(names.into_iter().map(out));
            }
            Err(_) if container.rootfs.exists(&full) => lines.push(out(path.clone())),
            Err(_) => {
                lines.push(err(format!("ls: cannot access '{path}': No such file or directory")));
                code = 2;
            }
        }
    }
    Some(one_shot(lines, code))
}

/// What a program that is not a server does as it starts.
pub(super) fn startup(container: &Container, program: &Program) -> Startup {
    match program {
        Program::Hello => Startup { lines: hello_lines(), exit: Some((5, 0, Vec::new())) },
        Program::OneShot { lines, code, duration } => {
            Startup { lines: lines.clone(), exit: Some((*duration, *code, Vec::new())) }
        }
        Program::Sleep { millis } => Startup { lines: Vec::new(), exit: millis.map(|millis| (millis.max(1), 0, Vec::new())) },
        Program::Shell(kind) => Startup { lines: shell_banner(container, *kind), exit: None },
        Program::Repl(repl) => Startup { lines: repl_banner(repl), exit: None },
        _ => Startup { lines: Vec::new(), exit: None },
    }
}

/// hello-world's message, as its `hello.c` writes it.
fn hello_lines() -> Vec<(Stream, String)> {
    [
        "",
        "Hello from Docker!",
        "This message shows that your installation appears to be working correctly.",
        "",
        "To generate this message, Docker took the following steps:",
        " 1. The Docker client contacted the Docker daemon.",
        " 2. The Docker daemon pulled the \"hello-world\" image from the Docker Hub.",
        "    (amd64)",
        " 3. The Docker daemon created a new container from that image which runs the",
        "    executable that produces the output you are currently reading.",
        " 4. The Docker daemon streamed that output to the Docker client, which sent it",
        "    to your terminal.",
        "",
        "To try something more ambitious, you can run an Ubuntu container with:",
        " $ docker run -it ubuntu bash",
        "",
        "Share images, automate workflows, and more with a free Docker ID:",
        " https://hub.docker.com/",
        "",
        "For more examples and ideas, visit:",
        " https://docs.docker.com/get-started/",
        "",
    ]
    .into_iter()
    .map(out)
    .collect()
}

/// What a shell prints before its first prompt: nothing, except bash's
/// note for a user ID that `/etc/passwd` lacks.
fn shell_banner(_container: &Container, _kind: ShellKind) -> Vec<(Stream, String)> {
    Vec::new()
}

/// An interpreter's greeting.
fn repl_banner(repl: &Repl) -> Vec<(Stream, String)> {
    match repl {
        Repl::Python { version } => vec![
            out(format!("Python {version} (main, Jun 10 2025, 18:14:56) [GCC 12.2.0] on linux")),
            out("Type \"help\", \"copyright\", \"credits\" or \"license\" for more information."),
        ],
        Repl::Node { version } => vec![
            out(format!("Welcome to Node.js v{version}.")),
            out("Type \".help\" for more information."),
        ],
    }
}

/// Returns the prompt a terminal session shows.
pub(super) fn prompt(container: &Container, program: &Program) -> Option<String> {
    match program {
        Program::Shell(kind) if container.attach.tty => Some(shell_prompt(container, *kind)),
        Program::Repl(Repl::Python { .. }) => Some(">>> ".to_string()),
        Program::Repl(Repl::Node { .. }) => Some("> ".to_string()),
        _ => None,
    }
}

/// The default prompt of each shell for the container's user.
fn shell_prompt(container: &Container, kind: ShellKind) -> String {
    let user = user_name(container);
    let sign = if user == "root" { '#' } else { '$' };
    let directory = if container.config.working_dir.is_empty() { "/" } else { container.config.working_dir.as_str() };
    match kind {
        ShellKind::Bash => {
            let shown = if directory == "/root" && user == "root" { "~" } else { directory };
            format!("{user}@{}:{shown}{sign} ", container.hostname)
        }
        ShellKind::Ash => format!("{directory} {sign} "),
        ShellKind::Dash => format!("{sign} "),
    }
}

/// How a program that is not a server reacts to a signal; `None` when it
/// has no handler.
pub(super) fn react(program: &Program, signal: Signal) -> Option<Reaction> {
    match (program, signal) {
        // An interactive shell ignores SIGTERM and SIGINT; a REPL turns
        // SIGINT into KeyboardInterrupt and carries on.
        (Program::Shell(_), _) => None,
        (Program::Repl(Repl::Python { .. }), Signal::INT) => None,
        _ => None,
    }
}

/// What a program does with a typed line.
pub(super) fn input(_container: &Container, program: &Program, line: &str) -> Input {
    match program {
        Program::Cat => Input::Lines(vec![out(line)]),
        Program::Shell(kind) => shell_input(*kind, line),
        Program::Repl(Repl::Python { .. }) => match line.trim() {
            "exit()" | "quit()" | "exit" | "quit" => Input::Exit { code: 0, lines: Vec::new() },
            "" => Input::Nothing,
            _ => Input::NotSimulated,
        },
        Program::Repl(Repl::Node { .. }) => match line.trim() {
            ".exit" => Input::Exit { code: 0, lines: Vec::new() },
            "" => Input::Nothing,
            _ => Input::NotSimulated,
        },
        _ => Input::Nothing,
    }
}

/// A shell's `exit [N]`; every other command waits for the shell
/// interpreter.
fn shell_input(kind: ShellKind, line: &str) -> Input {
    let words: Vec<&str> = line.split_whitespace().collect();
    match words.as_slice() {
        [] => Input::Nothing,
        ["exit"] | ["exit", _] => {
            let code = match words.get(1) {
                None => 0,
                Some(text) => match text.parse::<i64>() {
                    Ok(number) => number.rem_euclid(256) as i32,
                    Err(_) => return Input::NotSimulated,
                },
            };
            let lines = if kind == ShellKind::Bash { vec![out("exit")] } else { Vec::new() };
            Input::Exit { code, lines }
        }
        // FIXME: commands typed into a container's shell need the shell
        // interpreter and the kernel model; until then they are not run.
        _ => Input::NotSimulated,
    }
}

/// Returns the lines a [`Program::Loop`] wrote in `(since, until]`.
pub(super) fn loop_lines(program: &Program, started: Millis, since: Millis, until: Millis) -> Vec<(Millis, String)> {
    let Program::Loop { lines, period } = program else { return Vec::new() };
    if *period == 0 || lines.is_empty() || until < started {
        return Vec::new();
    }
    // Iteration k writes its lines at started + k × period.
    let first = if since < started { 0 } else { (since - started) / period + 1 };
    let last = (until - started) / period;
    let first = first.max(last.saturating_sub(MAX_LOOP_LINES / lines.len() as u64));
    let mut result = Vec::new();
    for iteration in first..=last {
        let time = started + iteration * period;
        for line in lines {
            result.push((time, expand_loop_line(line, time)));
        }
    }
    result
}

/// Replaces the `$(date)` marker of a loop line with the time.
fn expand_loop_line(line: &str, time: Millis) -> String {
    line.replace(script::DATE_MARKER, &unix_date(time))
}

/// The output of `date` at a logical time: `Mon Oct 20 09:00:02 UTC 2025`.
pub(super) fn unix_date(time: Millis) -> String {
    let ansic = clock::ansic(time);
    let (head, year) = ansic.rsplit_once(' ').unwrap_or((ansic.as_str(), ""));
    format!("{head} UTC {year}")
}
