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
    let mut pipeline = Pipeline::default();
    let mut tokens = tokens.into_iter();
    loop {
        let token = tokens.next();
        let operator = match token {
            Some(Token::Operator { operator, .. }) => Some(operator),
            None => None,
            Some(Token::Word(word)) if pipeline.awaiting_file() => {
                pipeline.redirect = pipeline
                    .redirect
                    .take()
                    .map(|(append, _)| (append, Some(word.text)));
                continue;
            }
            Some(other) => {
                pipeline.stages.last_mut().expect("one stage").push(other);
                continue;
            }
        };
        match operator {
            Some(Operator::And | Operator::Or | Operator::Semicolon) | None => {
                if pipeline.awaiting_file() {
                    cx.out
                        .errln("bash: syntax error near unexpected token `newline'");
                    return 2;
                }
                if !skip && !pipeline.is_empty() {
                    status = run_pipeline(world, cx, std::mem::take(&mut pipeline));
                }
                pipeline = Pipeline::default();
                skip = match operator {
                    Some(Operator::And) => status != 0,
                    Some(Operator::Or) => status == 0,
                    _ => false,
                };
                if operator.is_none() {
                    return status;
                }
            }
            Some(Operator::Pipe) => pipeline.stages.push(Vec::new()),
            Some(Operator::RedirectOutput) => pipeline.redirect = Some((false, None)),
            Some(Operator::AppendOutput) => pipeline.redirect = Some((true, None)),
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

/// Commands joined by `|`, with the last one's `>`/`>>` redirection
/// (append flag, file).
struct Pipeline {
    stages: Vec<Vec<Token>>,
    redirect: Option<(bool, Option<String>)>,
}

impl Default for Pipeline {
    fn default() -> Self {
        Pipeline {
            stages: vec![Vec::new()],
            redirect: None,
        }
    }
}

impl Pipeline {
    fn is_empty(&self) -> bool {
        self.stages.iter().all(Vec::is_empty)
    }

    fn awaiting_file(&self) -> bool {
        matches!(self.redirect, Some((_, None)))
    }
}

/// Runs a pipeline. The host shell simulates one command with an output
/// redirection, and a command piped into `tee` or `sudo tee` (the usual
/// way to write a root-owned file); other pipes are refused.
fn run_pipeline(world: &mut World, cx: &mut Cx, pipeline: Pipeline) -> i32 {
    let Pipeline { stages, redirect } = pipeline;
    let redirect = redirect.and_then(|(append, file)| file.map(|file| (append, file)));
    match stages.as_slice() {
        [command] => match redirect {
            None => run_simple(world, cx, command),
            Some((append, file)) => {
                let (status, text) = capture(world, cx, command);
                match write_file(world, &file, &text, append, false) {
                    Ok(()) => status,
                    Err(message) => {
                        cx.out.errln(format!("bash: {file}: {message}"));
                        1
                    }
                }
            }
        },
        [command, tee] if redirect.is_none() && is_tee(tee) => {
            let (_, text) = capture(world, cx, command);
            let words = words_of(tee);
            let root = words[0] == "sudo";
            let args: Vec<&String> = words.iter().skip(if root { 2 } else { 1 }).collect();
            let append = args.iter().any(|arg| *arg == "-a" || *arg == "--append");
            cx.out.out(&text);
            let mut status = 0;
            for file in args.iter().filter(|arg| !arg.starts_with('-')) {
                if let Err(message) = write_file(world, file, &text, append, root) {
                    cx.out.errln(format!("tee: {file}: {message}"));
                    status = 1;
                }
            }
            status
        }
        _ => {
            cx.out.errln("porthole: the host shell does not simulate `|` except into `tee`; run each command on its own");
            2
        }
    }
}

fn words_of(tokens: &[Token]) -> Vec<String> {
    tokens
        .iter()
        .filter_map(|token| match token {
            Token::Word(word) => Some(word.text.clone()),
            _ => None,
        })
        .collect()
}

fn is_tee(tokens: &[Token]) -> bool {
    let words = words_of(tokens);
    matches!(words.first().map(String::as_str), Some("tee"))
        || words
            .get(..2)
            .is_some_and(|first| first[0] == "sudo" && first[1] == "tee")
}

/// Runs a command with its standard output captured; its standard error
/// still reaches the terminal.
fn capture(world: &mut World, cx: &mut Cx, command: &[Token]) -> (i32, String) {
    let saved = std::mem::take(&mut cx.out);
    let status = run_simple(world, cx, command);
    let captured = std::mem::replace(&mut cx.out, saved);
    let mut text = String::new();
    for chunk in captured.into_chunks() {
        match chunk.stream {
            crate::output::Stream::Stdout => text.push_str(&chunk.text),
            crate::output::Stream::Stderr => cx.out.err(chunk.text),
        }
    }
    (status, text)
}

/// Writes `text` to a file on the client's host. The user may write under
/// the home directory and `/tmp`; elsewhere only as root.
fn write_file(
    world: &mut World,
    file: &str,
    text: &str,
    append: bool,
    root: bool,
) -> Result<(), String> {
    let path = absolute(world, file);
    let writable = root || path.starts_with(crate::host::HOME) || path.starts_with("/tmp/");
    if !writable {
        return Err("Permission denied".to_string());
    }
    let host = world.client.host.clone();
    let fs = &mut world.hosts.get_mut(&host).expect("client host").fs;
    let mut content = String::new();
    if append {
        if let Ok(existing) = fs.read(&path) {
            content.push_str(existing.as_text().unwrap_or_default());
        }
    }
    content.push_str(text);
    fs.write(&path, crate::fs::Content::Text(content))
        .map_err(|error| error.kind.to_string())
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
            Token::Assignment(assignment) => {
                words.push(format!("{}={}", assignment.name, assignment.value))
            }
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
        .map(|(name, value)| {
            (
                name.clone(),
                world.client.env.insert(name.clone(), value.clone()),
            )
        })
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
        "sudo" => match args.split_first() {
            Some((program, rest)) if program == "systemctl" => {
                system_control(world, cx, rest, true)
            }
            Some((program, rest)) => run_program(world, cx, program, rest),
            None => {
                cx.out.errln("usage: sudo -h | -K | -k | -V\nusage: sudo [-AbEHknPS] [-C num] [-D directory] [-g group] [-h host] [-p prompt] [-R directory] [-T timeout] [-u user] [VAR=value] [-i | -s] [command [arg ...]]");
                1
            }
        },
        "systemctl" => system_control(world, cx, args, false),
        "curl" => crate::hostnet::curl(world, cx, args),
        "scp" => crate::hostnet::secure_copy(world, cx, args),
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
        _ if crate::host::HOST_PROGRAMS
            .iter()
            .any(|(program, _)| *program == name) =>
        {
            run_tool(world, cx, name, args)
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
    // ssh's options come before the destination; these take a value.
    const WITH_VALUE: &str = "BbcDEeFIiJLlmOoPpRSWw";
    let mut index = 0;
    while index < args.len() && args[index].starts_with('-') && args[index].len() > 1 {
        let option = &args[index][1..];
        if option.len() == 1 && WITH_VALUE.contains(option) {
            index += 1;
        }
        index += 1;
    }
    let mut words = args[index.min(args.len())..].iter();
    let Some(destination) = words.next() else {
        cx.out.errln("usage: ssh [-46AaCfGgKkMNnqsTtVvXxYy] [-B bind_interface] [-b bind_address]\n           [-c cipher_spec] [-D [bind_address:]port] [-E log_file]\n           [-e escape_char] [-F configfile] [-I pkcs11] [-i identity_file]\n           [-J destination] [-L address] [-l login_name] [-m mac_spec]\n           [-O ctl_cmd] [-o option] [-P tag] [-p port] [-R address]\n           [-S ctl_path] [-W host:port] [-w local_tun[:remote_tun]]\n           destination [command [argument ...]]");
        return 255;
    };
    let command: Vec<String> = words.cloned().collect();
    let host = destination.rsplit('@').next().unwrap_or_default();
    let host = if host == "localhost" {
        world.client.host.clone()
    } else {
        host.to_string()
    };
    let Some(machine) = world.hosts.get(&host) else {
        cx.out.errln(format!(
            "ssh: Could not resolve hostname {host}: Name or service not known"
        ));
        return 255;
    };
    if machine.has_fault(crate::faults::Fault::SshRefused) {
        cx.out.errln(format!(
            "ssh: connect to host {host} port 22: Connection refused"
        ));
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
            cx.out
                .errln("porthole: this is the terminal's own shell, which stays open");
            1
        }
    }
}

/// Runs `systemctl start|stop|restart|status docker`: the daemon stops
/// (its containers with it), and starts again reading
/// `/etc/docker/daemon.json`; containers whose restart policy is `always`
/// or `unless-stopped` start with it.
fn system_control(world: &mut World, cx: &mut Cx, args: &[String], root: bool) -> i32 {
    let (Some(action), Some(unit)) = (args.first(), args.get(1)) else {
        cx.out.errln("porthole: systemctl here manages docker only: systemctl start|stop|restart|status docker");
        return 1;
    };
    if unit != "docker" && unit != "docker.service" {
        cx.out
            .errln(format!("Unit {unit}.service could not be found."));
        return 4;
    }
    if action != "status" && !root {
        cx.out.errln(format!(
            "Failed to {action} docker.service: Interactive authentication required."
        ));
        cx.out
            .errln("See system logs and 'systemctl status docker.service' for details.");
        return 1;
    }
    let host = world.client.host.clone();
    match action.as_str() {
        "status" => {
            let running = world.hosts[&host].daemon.running;
            cx.out
                .outln("● docker.service - Docker Application Container Engine");
            cx.out.outln("     Loaded: loaded (/usr/lib/systemd/system/docker.service; enabled; preset: enabled)");
            cx.out.outln(if running {
                "     Active: active (running)"
            } else {
                "     Active: inactive (dead)"
            });
            if running {
                0
            } else {
                3
            }
        }
        "stop" => {
            crate::service::stop(world, cx, &host);
            0
        }
        "start" => crate::service::start(world, cx, &host),
        "restart" => {
            crate::service::stop(world, cx, &host);
            crate::service::start(world, cx, &host)
        }
        other => {
            cx.out
                .errln(format!("porthole: systemctl {other} is not simulated"));
            1
        }
    }
}

/// Runs one of the host's tools through the shell interpreter, against
/// the host's files and kernel model.
fn run_tool(world: &mut World, cx: &mut Cx, name: &str, args: &[String]) -> i32 {
    let now = cx.now();
    let environment: Vec<String> = world
        .client
        .env
        .iter()
        .map(|(key, value)| format!("{key}={value}"))
        .collect();
    let cwd = world.client.cwd.clone();
    let host_name = world.client.host.clone();
    let Some(host) = world.hosts.get_mut(&host_name) else {
        return 127;
    };
    let context = crate::kernel::Context::for_host(host, now);
    let pid = host.pids.allocate();
    let argv: Vec<String> = std::iter::once(name.to_string())
        .chain(args.iter().cloned())
        .collect();
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
    let mut system = crate::kernel::HostSystem {
        context: &context,
        own: Some(own),
    };
    let mut state = crate::sh::ShellState::new(crate::sh::ShellKind::Bash, "bash")
        .with_environment(&environment)
        .with_cwd(&cwd)
        .with_user(crate::host::HOST_USER)
        .with_pid(pid);
    match crate::sh::run_argv(
        &argv,
        &mut state,
        &mut host.fs,
        &mut system,
        crate::sh::Mode::Interactive,
    ) {
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
        if let Some((name, value)) = arg.split_once('=') {
            world.client.env.insert(name.to_string(), value.to_string());
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
        Ok(path)
            if host
                .fs
                .stat(path.as_str())
                .map(|meta| meta.file_type == crate::fs::FileType::Directory)
                .unwrap_or(false) =>
        {
            world.client.cwd = path.as_str().to_string();
            world
                .client
                .env
                .insert("PWD".to_string(), world.client.cwd.clone());
            0
        }
        Ok(_) => {
            cx.out
                .errln(format!("bash: cd: {}: Not a directory", args[0]));
            1
        }
        Err(_) => {
            cx.out.errln(format!(
                "bash: cd: {}: No such file or directory",
                args.first().map(String::as_str).unwrap_or("")
            ));
            1
        }
    }
}

fn list(world: &World, cx: &mut Cx, args: &[String]) -> i32 {
    let paths: Vec<&String> = args.iter().filter(|arg| !arg.starts_with('-')).collect();
    let all = args
        .iter()
        .any(|arg| arg.starts_with('-') && arg.contains('a'));
    let targets: Vec<String> = if paths.is_empty() {
        vec![".".to_string()]
    } else {
        paths.iter().map(|path| path.to_string()).collect()
    };
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
                cx.out
                    .errln(format!("ls: cannot access '{target}': {}", error.kind));
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
                None => cx
                    .out
                    .out(format!("[{} bytes of binary data]\n", content.size())),
            },
            Err(error) => {
                cx.out.errln(format!("cat: {arg}: {}", error.kind));
                status = 1;
            }
        }
    }
    status
}

#[cfg(test)]
mod tests {
    use crate::{Stream, World};

    /// Lines around ssh, redirections and tee, with their status and
    /// standard error.
    #[test]
    fn shell_edge_cases() {
        let cases: [(&str, i32, &str); 10] = [
            ("ssh", 255, "usage: ssh"),
            ("ssh -l", 255, "usage: ssh"),
            (
                "ssh -p 22 moon",
                255,
                "ssh: Could not resolve hostname moon: Name or service not known\n",
            ),
            (
                "echo hi >",
                2,
                "bash: syntax error near unexpected token `newline'\n",
            ),
            ("echo hi > /etc/x", 1, "bash: /etc/x: Permission denied\n"),
            ("echo hi | tee", 0, ""),
            (
                "echo hi | grep h",
                2,
                "porthole: the host shell does not simulate `|` except into `tee`",
            ),
            (
                "systemctl restart nginx",
                4,
                "Unit nginx.service could not be found.\n",
            ),
            ("curl", 2, "curl: try 'curl --help'"),
            ("scp onlyone", 1, "usage: scp"),
        ];
        for (line, status, error) in cases {
            let mut world = World::new();
            let result = world.run_line(line);
            assert_eq!(result.exit_code, status, "{line}");
            assert!(
                result.stream_text(Stream::Stderr).starts_with(error),
                "{line}: {}",
                result.stream_text(Stream::Stderr)
            );
        }
    }

    #[test]
    fn redirect_writes_home_file() {
        let mut world = World::new();
        assert_eq!(world.run_line("echo hello > note.txt").exit_code, 0);
        assert_eq!(world.run_line("echo again >> note.txt").exit_code, 0);
        assert_eq!(
            world.run_line("cat note.txt").stream_text(Stream::Stdout),
            "hello\nagain\n"
        );
    }

    #[test]
    fn ssh_then_exit_restores_laptop() {
        let mut world = World::new();
        world.run_line("cd /tmp");
        world.run_line("ssh server");
        assert_eq!(world.prompt(), "learner@server:~$ ");
        assert_eq!(
            world.run_line("hostname").stream_text(Stream::Stdout),
            "server\n"
        );
        world.run_line("exit");
        assert_eq!(world.prompt(), "$ ");
        assert_eq!(world.run_line("pwd").stream_text(Stream::Stdout), "/tmp\n");
    }
}
