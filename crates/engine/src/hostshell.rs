//! The terminal's host shell: the lines a learner types at `$ `.
//!
//! It runs `docker` through the client and a few shell builtins (`cd`,
//! `pwd`, `echo`, `export`, `unset`, `env`, `ls`, `cat`, `true`, `false`)
//! on the host's files, with commands joined by `&&`, `||` and `;`. The
//! tools that look at the machine (`ps`, `top`, `ip`, `free`, `uname`,
//! `df`, `getent`, `ping`) run through the shell interpreter against the
//! host's kernel model, so `ps -ef` shows each container's shim, its
//! processes under their host PIDs and the `docker-proxy` of each
//! published port, and `ip addr` shows `docker0` and the veth ends. Pipes,
//! redirections and background jobs are not simulated on the host; the
//! shell says so instead of guessing.

use crate::client::argv::{Operator, Token};
use crate::cx::Cx;
use crate::world::{split_host_line, World};

/// Runs one line and returns its exit status.
pub fn run(world: &mut World, cx: &mut Cx, line: &str) -> i32 {
    let tokens = match split_host_line(world, line) {
        Ok(tokens) => tokens,
        Err(error) => {
            cx.out.errln(format!("bash: {error}"));
            return 2;
        }
    };

    let mut status = 0;
    let mut skip = false;
    let mut command: Vec<Token> = Vec::new();
    let mut tokens = tokens.into_iter().peekable();
    loop {
        let token = tokens.next();
        let operator = match &token {
            Some(Token::Operator { operator, .. }) => Some(*operator),
            None => None,
            Some(other) => {
                command.push(other.clone());
                continue;
            }
        };
        match operator {
            Some(Operator::And | Operator::Or | Operator::Semicolon) | None => {
                if !skip && !command.is_empty() {
                    status = run_simple(world, cx, &command);
                }
                command.clear();
                skip = match operator {
                    Some(Operator::And) => status != 0,
                    Some(Operator::Or) => status == 0,
                    _ => false,
                };
                if operator.is_none() {
                    return status;
                }
            }
            Some(other) => {
                cx.out.errln(format!(
                    "porthole: the host shell does not simulate `{}`; run each command on its own",
                    other.as_str()
                ));
                return 2;
            }
        }
    }
}

/// Runs one simple command: assignments and words.
fn run_simple(world: &mut World, cx: &mut Cx, tokens: &[Token]) -> i32 {
    let mut assignments = Vec::new();
    let mut words = Vec::new();
    for token in tokens {
        match token {
            Token::Assignment(assignment) if words.is_empty() => {
                assignments.push((assignment.name.clone(), assignment.value.clone()))
            }
            Token::Assignment(assignment) => words.push(format!("{}={}", assignment.name, assignment.value)),
            Token::Word(word) => words.push(word.text.clone()),
            Token::Operator { .. } => {}
        }
    }

    let Some(name) = words.first().cloned() else {
        // `NAME=value` alone sets a shell variable.
        for (name, value) in assignments {
            world.client.env.insert(name, value);
        }
        return 0;
    };

    // Assignments before a command apply to that command only.
    let saved: Vec<(String, Option<String>)> = assignments
        .iter()
        .map(|(name, value)| (name.clone(), world.client.env.insert(name.clone(), value.clone())))
        .collect();
    let status = run_program(world, cx, &name, &words[1..]);
    for (name, previous) in saved {
        match previous {
            Some(value) => world.client.env.insert(name, value),
            None => world.client.env.remove(&name),
        };
    }
    status
}

fn run_program(world: &mut World, cx: &mut Cx, name: &str, args: &[String]) -> i32 {
    match name {
        "docker" => crate::client::docker::run(world, cx, args),
        "true" => 0,
        "false" => 1,
        "pwd" => {
            cx.out.outln(&world.client.cwd);
            0
        }
        "echo" => {
            cx.out.outln(args.join(" "));
            0
        }
        "export" => export(world, cx, args),
        "unset" => {
            for name in args {
                world.client.env.remove(name);
            }
            0
        }
        "env" | "printenv" => {
            for (name, value) in &world.client.env {
                cx.out.outln(format!("{name}={value}"));
            }
            0
        }
        "cd" => change_directory(world, cx, args),
        "ls" => list(world, cx, args),
        "cat" => concatenate(world, cx, args),
        "whoami" => {
            cx.out.outln(crate::host::HOST_USER);
            0
        }
        "hostname" => {
            cx.out.outln(&world.client.host);
            0
        }
        _ if crate::host::HOST_PROGRAMS.iter().any(|(program, _)| *program == name) => run_tool(world, cx, name, args),
        _ => {
            cx.out.errln(format!("{name}: command not found"));
            127
        }
    }
}

/// Runs one of the host's tools through the shell interpreter, against
/// the host's files and kernel model.
fn run_tool(world: &mut World, cx: &mut Cx, name: &str, args: &[String]) -> i32 {
    let now = cx.now();
    let environment: Vec<String> = world.client.env.iter().map(|(key, value)| format!("{key}={value}")).collect();
    let cwd = world.client.cwd.clone();
    let host_name = world.client.host.clone();
    let Some(host) = world.hosts.get_mut(&host_name) else { return 127 };
    let context = crate::kernel::Context::for_host(host, now);
    let pid = host.pids.allocate();
    let argv: Vec<String> = std::iter::once(name.to_string()).chain(args.iter().cloned()).collect();
    let own = crate::sh::Process {
        pid,
        ppid: crate::kernel::context::USER_SHELL_PID,
        user: crate::host::HOST_USER.to_string(),
        command: argv.join(" "),
        state: 'R',
        rss_kib: 4_096,
        vsz_kib: 8_088,
        cpu_millis: 0,
        started: now,
        tty: Some("pts/0".to_string()),
    };
    let mut system = crate::kernel::HostSystem { context: &context, own: Some(own) };
    let mut state = crate::sh::ShellState::new(crate::sh::ShellKind::Bash, "bash")
        .with_environment(&environment)
        .with_cwd(&cwd)
        .with_user(crate::host::HOST_USER)
        .with_pid(pid);
    match crate::sh::run_argv(&argv, &mut state, &mut host.fs, &mut system, crate::sh::Mode::Interactive) {
        Ok(outcome) => {
            for line in &outcome.output {
                let mut text = line.text.clone();
                if line.newline {
                    text.push('\n');
                }
                match line.stream {
                    crate::output::Stream::Stdout => cx.out.out(text),
                    crate::output::Stream::Stderr => cx.out.err(text),
                }
            }
            cx.advance(outcome.duration_millis);
            outcome.status
        }
        Err(_) => {
            cx.out.errln(format!("{name}: command not found"));
            127
        }
    }
}

fn export(world: &mut World, cx: &mut Cx, args: &[String]) -> i32 {
    if args.is_empty() {
        for (name, value) in &world.client.env {
            cx.out.outln(format!("declare -x {name}=\"{value}\""));
        }
        return 0;
    }
    for arg in args {
        match arg.split_once('=') {
            Some((name, value)) => {
                world.client.env.insert(name.to_string(), value.to_string());
            }
            None => {}
        }
    }
    0
}

/// Resolves `path` against the working directory.
fn absolute(world: &World, path: &str) -> String {
    if path.starts_with('/') {
        path.to_string()
    } else {
        format!("{}/{path}", world.client.cwd)
    }
}

fn change_directory(world: &mut World, cx: &mut Cx, args: &[String]) -> i32 {
    let target = match args.first() {
        None => crate::host::HOME.to_string(),
        Some(path) => absolute(world, path),
    };
    let host = world.client_host();
    match host.fs.canonicalize(&target) {
        Ok(path) if host.fs.stat(path.as_str()).map(|meta| meta.file_type == crate::fs::FileType::Directory).unwrap_or(false) => {
            world.client.cwd = path.as_str().to_string();
            world.client.env.insert("PWD".to_string(), world.client.cwd.clone());
            0
        }
        Ok(_) => {
            cx.out.errln(format!("bash: cd: {}: Not a directory", args[0]));
            1
        }
        Err(_) => {
            cx.out.errln(format!("bash: cd: {}: No such file or directory", args.first().map(String::as_str).unwrap_or("")));
            1
        }
    }
}

fn list(world: &World, cx: &mut Cx, args: &[String]) -> i32 {
    let paths: Vec<&String> = args.iter().filter(|arg| !arg.starts_with('-')).collect();
    let all = args.iter().any(|arg| arg.starts_with('-') && arg.contains('a'));
    let targets: Vec<String> = if paths.is_empty() { vec![".".to_string()] } else { paths.iter().map(|path| path.to_string()).collect() };
    let mut status = 0;
    for target in &targets {
        match world.client_host().fs.list(&absolute(world, target)) {
            Ok(entries) => {
                let names: Vec<String> = entries
                    .into_iter()
                    .map(|entry| entry.name)
                    .filter(|name| all || !name.starts_with('.'))
                    .collect();
                if targets.len() > 1 {
                    cx.out.outln(format!("{target}:"));
                }
                if !names.is_empty() {
                    cx.out.outln(names.join("  "));
                }
            }
            Err(error) => {
                cx.out.errln(format!("ls: cannot access '{target}': {}", error.kind));
                status = 2;
            }
        }
    }
    status
}

fn concatenate(world: &World, cx: &mut Cx, args: &[String]) -> i32 {
    let mut status = 0;
    for arg in args {
        match world.client_host().fs.read(&absolute(world, arg)) {
            Ok(content) => match content.as_text() {
                Some(text) => cx.out.out(text),
                None => cx.out.out(format!("[{} bytes of binary data]\n", content.size())),
            },
            Err(error) => {
                cx.out.errln(format!("cat: {arg}: {}", error.kind));
                status = 1;
            }
        }
    }
    status
}
