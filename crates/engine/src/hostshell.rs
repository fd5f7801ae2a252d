//! The terminal's host shell: the lines a learner types at `$ `.
//!
//! It runs `docker` through the client and a few shell builtins (`cd`,
//! `pwd`, `echo`, `export`, `unset`, `env`, `ls`, `cat`, `true`, `false`)
//! on the host's files, with commands joined by `&&`, `||` and `;`. Pipes,
//! redirections and background jobs are not simulated on the host; the
//! shell says so instead of guessing.
//!
//! `ssh [USER@]HOST [COMMAND…]` opens a shell on another host (or runs one
//! command there) and `exit` returns; `porthole fault …` switches the
//! simulation's faults (see [`crate::faults`]).

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
        "porthole" => crate::faults::porthole_command(world, cx, args),
        "ssh" => secure_shell(world, cx, args),
        "exit" | "logout" => exit_shell(world, cx),
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
        _ => {
            cx.out.errln(format!("{name}: command not found"));
            127
        }
    }
}

/// Runs `ssh [-l USER] [USER@]HOST [COMMAND…]`: with a command, runs it on
/// the host and returns its status; without, makes the host's login shell
/// the terminal's until `exit`.
fn secure_shell(world: &mut World, cx: &mut Cx, args: &[String]) -> i32 {
    let mut words = args.iter().filter(|arg| !arg.starts_with('-') || arg.as_str() == "-");
    let Some(destination) = words.next() else {
        cx.out.errln("usage: ssh [-46AaCfGgKkMNnqsTtVvXxYy] [-B bind_interface] [-b bind_address]\n           [-c cipher_spec] [-D [bind_address:]port] [-E log_file]\n           [-e escape_char] [-F configfile] [-I pkcs11] [-i identity_file]\n           [-J destination] [-L address] [-l login_name] [-m mac_spec]\n           [-O ctl_cmd] [-o option] [-P tag] [-p port] [-R address]\n           [-S ctl_path] [-W host:port] [-w local_tun[:remote_tun]]\n           destination [command [argument ...]]");
        return 255;
    };
    let command: Vec<String> = words.cloned().collect();
    let host = destination.rsplit('@').next().unwrap_or_default();
    let host = if host == "localhost" { world.client.host.clone() } else { host.to_string() };
    let Some(machine) = world.hosts.get(&host) else {
        cx.out.errln(format!("ssh: Could not resolve hostname {host}: Name or service not known"));
        return 255;
    };
    if machine.has_fault(crate::faults::Fault::SshRefused) {
        cx.out.errln(format!("ssh: connect to host {host} port 22: Connection refused"));
        return 255;
    }
    cx.advance(150);
    let login = crate::world::ClientState::login(&host, crate::host::HOME);
    let previous = std::mem::replace(&mut world.client, login);
    world.shells.push(previous);
    if command.is_empty() {
        return 0;
    }
    let status = run(world, cx, &command.join(" "));
    if let Some(previous) = world.shells.pop() {
        world.client = previous;
    }
    status
}

/// Runs `exit`: leaves a shell `ssh` opened. The laptop's own shell stays,
/// since closing it would close the page's terminal.
fn exit_shell(world: &mut World, cx: &mut Cx) -> i32 {
    match world.shells.pop() {
        Some(previous) => {
            let host = std::mem::replace(&mut world.client, previous).host;
            cx.out.errln("logout");
            cx.out.errln(format!("Connection to {host} closed."));
            0
        }
        None => {
            cx.out.errln("porthole: this is the terminal's own shell, which stays open");
            1
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
