//! Which program a container's main process runs: the entrypoint scripts
//! of the official images that `exec` their arguments, hello-world's
//! `/hello`, interactive shells and interpreters, the logger loops of
//! `sh -c`, and everything the shell interpreter runs (`echo`, `ls`,
//! `sleep`, `stress`, `python -c`, shell scripts).

use crate::clock::{self, Millis};
use crate::output::Stream;

use super::script;
use super::services::{self, Server};
use super::{find_executable, search_path, Input, Program, Repl, Startup};
use crate::daemon::containers::Container;

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
    Program::OneShot {
        lines,
        code,
        duration: 5,
    }
}

/// Returns the last component of a path.
pub(super) fn base_name(path: &str) -> &str {
    path.rsplit('/').next().unwrap_or(path)
}

/// Resolves the program an argv runs, following entrypoint scripts, and
/// returns it with the argv the process ends up running.
pub(super) fn resolve(container: &Container, mut argv: Vec<String>) -> (Program, Vec<String>) {
    let mut prefix_lines = Vec::new();
    for _ in 0..MAX_EXEC_HOPS {
        match unwrap_entrypoint(container, &argv) {
            Unwrapped::Exec { argv: next, lines } => {
                prefix_lines.extend(lines);
                if next.is_empty() {
                    return (one_shot(prefix_lines, 0), argv);
                }
                if find_executable(&container.rootfs, &next[0], search_path(container)).is_none() {
                    let script = &argv[0];
                    prefix_lines.push(err(exec_not_found(script, &next[0])));
                    return (one_shot(prefix_lines, 127), argv);
                }
                argv = next;
            }
            Unwrapped::Program(program) => return (with_prefix(program, prefix_lines), argv),
            Unwrapped::NotAScript => break,
        }
    }
    let program = classify(container, &argv);
    (with_prefix(program, prefix_lines), argv)
}

/// Puts an entrypoint script's own lines before the program's.
fn with_prefix(program: Program, prefix: Vec<(Stream, String)>) -> Program {
    if prefix.is_empty() {
        return program;
    }
    match program {
        Program::OneShot {
            mut lines,
            code,
            duration,
        } => {
            let mut all = prefix;
            all.append(&mut lines);
            Program::OneShot {
                lines: all,
                code,
                duration,
            }
        }
        Program::Server(server) => Program::Server(server.with_prefix(prefix)),
        Program::Interpreted {
            argv,
            prefix: mut own,
        } => {
            let mut all = prefix;
            all.append(&mut own);
            Program::Interpreted { argv, prefix: all }
        }
        other => other,
    }
}

/// The error a `#!/bin/sh` or `#!/bin/bash` entrypoint prints when the
/// program it `exec`s does not exist.
fn exec_not_found(script: &str, name: &str) -> String {
    let path = if script.contains('/') {
        script.to_string()
    } else {
        format!("/usr/local/bin/{script}")
    };
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
    Exec {
        argv: Vec<String>,
        lines: Vec<(Stream, String)>,
    },
    /// The script is itself the program.
    Program(Program),
    /// The first word is not an entrypoint script.
    NotAScript,
}

/// Follows one official image's entrypoint script, as the script's own
/// `set -- default "$@"` and `exec "$@"` lines do.
fn unwrap_entrypoint(container: &Container, argv: &[String]) -> Unwrapped {
    let Some(first) = argv.first() else {
        return Unwrapped::NotAScript;
    };
    let rest = &argv[1..];
    let env = |name: &str| container.config.env_value(name).is_some();
    let starts_with_dash = rest.first().is_some_and(|arg| arg.starts_with('-'));
    let prepend = |program: &str| -> Vec<String> {
        std::iter::once(program.to_string())
            .chain(rest.iter().cloned())
            .collect()
    };
    let exec = |argv: Vec<String>| Unwrapped::Exec {
        argv,
        lines: Vec::new(),
    };

    match base_name(first) {
        "docker-entrypoint.sh" if env("NGINX_VERSION") => {
            let lines = match rest.first().map(String::as_str) {
                Some("nginx" | "nginx-debug") if !env("NGINX_ENTRYPOINT_QUIET_LOGS") => {
                    services::nginx_entrypoint_lines()
                }
                _ => Vec::new(),
            };
            Unwrapped::Exec {
                argv: rest.to_vec(),
                lines,
            }
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
                let command = rest.first().is_some_and(|word| {
                    find_executable(&container.rootfs, word, search_path(container)).is_some()
                });
                (starts_with_dash || !command).then_some("node")
            } else {
                None
            };
            exec(default.map(prepend).unwrap_or_else(|| rest.to_vec()))
        }
        "entrypoint.sh" if container.rootfs.exists("/bin/registry") => {
            let first_arg = rest.first().map(String::as_str).unwrap_or("");
            let argv = if first_arg.ends_with(".yaml") || first_arg.ends_with(".yml") {
                ["registry", "serve"]
                    .iter()
                    .map(|word| word.to_string())
                    .chain(rest.iter().cloned())
                    .collect()
            } else if matches!(first_arg, "serve" | "garbage-collect" | "help")
                || first_arg.starts_with('-')
            {
                prepend("registry")
            } else {
                rest.to_vec()
            };
            exec(argv)
        }
        "entrypoint.sh" if container.rootfs.exists("/usr/local/bin/traefik") => {
            let bare_word = rest.first().is_some_and(|word| {
                find_executable(&container.rootfs, word, search_path(container)).is_none()
            });
            exec(if starts_with_dash || bare_word {
                prepend("traefik")
            } else {
                rest.to_vec()
            })
        }
        "docker-php-entrypoint" => exec(if starts_with_dash {
            prepend("php")
        } else {
            rest.to_vec()
        }),
        "__cacert_entrypoint.sh" => exec(rest.to_vec()),
        "httpd-foreground" => {
            let mut argv = vec!["httpd".to_string(), "-DFOREGROUND".to_string()];
            argv.extend(rest.iter().cloned());
            exec(argv)
        }
        "busybox" if !rest.is_empty() => exec(rest.to_vec()),
        "sh" | "bash" | "ash" | "dash" if rest.first().map(String::as_str) == Some("-c") => {
            match script::interpret(container, argv) {
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
    if name == "hello" && args.is_empty() {
        return Program::Hello;
    }
    if name == "cat" && args.is_empty() && container.attach.open_stdin {
        return Program::Cat;
    }
    if let Some(server) = services::recognise(container, argv) {
        return server;
    }
    match name {
        "sh" | "bash" | "ash" | "dash"
            if args.iter().all(|arg| arg.starts_with('-')) && reads_terminal(container) =>
        {
            return Program::Shell;
        }
        "python" | "python3" => return python(container, argv),
        name if name.starts_with("python3.") => return python(container, argv),
        "node" | "nodejs" => return node(container, argv),
        _ => {}
    }
    if crate::sh::is_modelled(&argv[0]) || is_shell_script(container, &argv[0]) {
        return Program::Interpreted {
            argv: argv.to_vec(),
            prefix: Vec::new(),
        };
    }
    // FIXME: a binary the shell interpreter does not model (a compiled
    // server, a test tool) runs without output until a signal ends it.
    Program::Unrecognised
}

/// Returns whether the process reads a terminal or an open standard input,
/// so a shell started without `-c` waits for commands.
fn reads_terminal(container: &Container) -> bool {
    container.attach.open_stdin || container.attach.tty
}

/// Returns whether the executable is a script with a `#!` line naming a
/// shell, which the interpreter runs.
fn is_shell_script(container: &Container, name: &str) -> bool {
    let Some(path) = find_executable(&container.rootfs, name, search_path(container)) else {
        return false;
    };
    let Ok(content) = container.rootfs.read(&path) else {
        return false;
    };
    let Some(first) = content.as_text().and_then(|text| text.lines().next()) else {
        return false;
    };
    let Some(interpreter) = first.strip_prefix("#!") else {
        return false;
    };
    let mut words = interpreter.split_whitespace();
    let program = match words.next() {
        Some(program) if program.ends_with("/env") => words.next().unwrap_or(""),
        Some(program) => program,
        None => "",
    };
    matches!(base_name(program), "sh" | "bash" | "dash" | "ash")
}

/// `python`, `python3`: the prompt, `-m http.server`, a script, or what
/// the interpreter models (`--version`, `-c`, `-m pip`).
fn python(container: &Container, argv: &[String]) -> Program {
    let version = container
        .config
        .env_value("PYTHON_VERSION")
        .unwrap_or("3.13.5")
        .to_string();
    let args = &argv[1..];
    match args.first().map(String::as_str) {
        None if container.attach.tty => Program::Repl(Repl::Python { version }),
        Some("-m") if args.get(1).map(String::as_str) == Some("http.server") => {
            services::http_server(container, &args[2..]).unwrap_or(Program::Unrecognised)
        }
        Some(script) if !script.starts_with('-') => {
            let path = absolute(container, script);
            if !container.rootfs.exists(&path) {
                let message = format!(
                    "{}: can't open file '{path}': [Errno 2] No such file or directory",
                    argv[0]
                );
                return Program::OneShot {
                    lines: vec![err(message)],
                    code: 2,
                    duration: 20,
                };
            }
            Program::Server(Server::App)
        }
        _ => Program::Interpreted {
            argv: argv.to_vec(),
            prefix: Vec::new(),
        },
    }
}

/// `node`: the prompt, a script, or what the interpreter models
/// (`--version`, `-e`).
fn node(container: &Container, argv: &[String]) -> Program {
    let version = container
        .config
        .env_value("NODE_VERSION")
        .unwrap_or("24.2.0")
        .to_string();
    match argv.get(1).map(String::as_str) {
        None if container.attach.tty => Program::Repl(Repl::Node { version }),
        // FIXME: node's `Cannot find module` error for a missing script is
        // not simulated; every script runs as a server without output.
        Some(script) if !script.starts_with('-') => Program::Server(Server::App),
        _ => Program::Interpreted {
            argv: argv.to_vec(),
            prefix: Vec::new(),
        },
    }
}

/// Resolves a path against the container's working directory.
pub(super) fn absolute(container: &Container, path: &str) -> String {
    if path.starts_with('/') {
        return path.to_string();
    }
    let directory = if container.config.working_dir.is_empty() {
        "/"
    } else {
        container.config.working_dir.as_str()
    };
    format!("{}/{path}", directory.trim_end_matches('/'))
}

/// The process environment as `env` prints it, built as moby's
/// `CreateDaemonEnvironment` builds it: `PATH`, `HOSTNAME`, `TERM` with a
/// terminal, then the container's variables (replacing those of the same
/// name; a bare `NAME` unsets it), and `HOME`, which runc adds when unset.
pub fn environment(container: &Container) -> Vec<String> {
    let mut env = vec![
        format!("PATH={}", super::DEFAULT_PATH),
        format!("HOSTNAME={}", container.hostname),
    ];
    if container.attach.tty {
        env.push("TERM=xterm".to_string());
    }
    for pair in &container.config.env {
        let key = pair.split('=').next().unwrap_or_default();
        let position = env
            .iter()
            .position(|existing| existing.split('=').next() == Some(key));
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

/// What a program that is not a server or run by the interpreter does as
/// it starts.
pub(super) fn startup(program: &Program) -> Startup {
    match program {
        Program::Hello => Startup {
            lines: hello_lines(),
            exit: Some((5, 0, Vec::new())),
        },
        Program::OneShot {
            lines,
            code,
            duration,
        } => Startup {
            lines: lines.clone(),
            exit: Some((*duration, *code, Vec::new())),
        },
        Program::Repl(repl) => Startup {
            lines: repl_banner(repl),
            exit: None,
        },
        _ => Startup {
            lines: Vec::new(),
            exit: None,
        },
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

/// An interpreter's greeting.
fn repl_banner(repl: &Repl) -> Vec<(Stream, String)> {
    match repl {
        Repl::Python { version } => {
            vec![
            out(format!("Python {version} (main, Jun 10 2025, 18:14:56) [GCC 12.2.0] on linux")),
            out("Type \"help\", \"copyright\", \"credits\" or \"license\" for more information."),
        ]
        }
        Repl::Node { version } => vec![
            out(format!("Welcome to Node.js v{version}.")),
            out("Type \".help\" for more information."),
        ],
    }
}

/// Returns the prompt an interpreter shows on a terminal.
pub(super) fn prompt(program: &Program) -> Option<String> {
    match program {
        Program::Repl(Repl::Python { .. }) => Some(">>> ".to_string()),
        Program::Repl(Repl::Node { .. }) => Some("> ".to_string()),
        _ => None,
    }
}

/// What a program that reads its standard input does with a typed line.
pub(super) fn input(program: &Program, line: &str) -> Input {
    match program {
        Program::Cat => Input::Lines(vec![out(line)]),
        Program::Repl(Repl::Python { .. }) => match line.trim() {
            "exit()" | "quit()" | "exit" | "quit" => Input::Exit {
                code: 0,
                lines: Vec::new(),
            },
            "" => Input::Nothing,
            _ => Input::NotSimulated,
        },
        Program::Repl(Repl::Node { .. }) => match line.trim() {
            ".exit" => Input::Exit {
                code: 0,
                lines: Vec::new(),
            },
            "" => Input::Nothing,
            _ => Input::NotSimulated,
        },
        _ => Input::Nothing,
    }
}

/// Returns the lines a [`Program::Loop`] wrote in `(since, until]`.
pub(super) fn loop_lines(
    program: &Program,
    started: Millis,
    since: Millis,
    until: Millis,
) -> Vec<(Millis, String)> {
    let Program::Loop { lines, period } = program else {
        return Vec::new();
    };
    if *period == 0 || lines.is_empty() || until < started {
        return Vec::new();
    }
    // Iteration k writes its lines at started + k × period.
    let first = if since < started {
        0
    } else {
        (since - started) / period + 1
    };
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
