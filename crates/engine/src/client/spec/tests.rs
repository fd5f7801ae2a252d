//! Tests of the command tree data and of command-line resolution.

use super::*;
use crate::client::flags::{FlagValue, ValueType};

fn words(line: &str) -> Vec<String> {
    line.split_whitespace().map(str::to_string).collect()
}

/// Visits every command in the tree with its path.
fn visit(
    command: &'static CommandSpec,
    path: &mut Vec<&'static str>,
    seen: &mut Vec<(Vec<&'static str>, &'static CommandSpec)>,
) {
    seen.push((path.clone(), command));
    for sub in command.subcommands {
        path.push(sub.name);
        visit(sub, path, seen);
        path.pop();
    }
}

fn all_commands() -> Vec<(Vec<&'static str>, &'static CommandSpec)> {
    let mut seen = Vec::new();
    visit(&ROOT, &mut Vec::new(), &mut seen);
    seen
}

#[test]
fn every_flag_default_parses() {
    for (path, command) in all_commands() {
        for flag in command.flag_set().flags() {
            let valid = match flag.value_type {
                ValueType::Bool => matches!(flag.default, "true" | "false"),
                ValueType::Int | ValueType::Int64 => {
                    crate::strconv::parse_int(flag.default, 64).is_ok()
                }
                ValueType::Uint16 | ValueType::Uint64 => {
                    crate::strconv::parse_uint(flag.default, 64).is_ok()
                }
                ValueType::Duration => crate::units::GoDuration::parse(flag.default).is_ok(),
                ValueType::Bytes | ValueType::MemorySwap => {
                    crate::units::ram_in_bytes(flag.default).is_ok()
                }
                ValueType::Map => flag.default == "map[]",
                _ => true,
            };
            assert!(
                valid,
                "default {:?} of --{} in {path:?}",
                flag.default, flag.name
            );
        }
    }
}

#[test]
fn flag_names_and_shorthands_are_unique_per_command() {
    for (path, command) in all_commands() {
        let set = command.flag_set();
        let flags = set.flags();
        for (index, flag) in flags.iter().enumerate() {
            for other in &flags[index + 1..] {
                assert_ne!(
                    flag.name, other.name,
                    "duplicate --{} in {path:?}",
                    flag.name
                );
                if flag.shorthand.is_some() {
                    assert_ne!(
                        flag.shorthand, other.shorthand,
                        "duplicate -{:?} in {path:?}",
                        flag.shorthand
                    );
                }
            }
            if let Some(target) = flag.value_of {
                assert!(
                    set.lookup(target).is_some(),
                    "--{} stores into missing --{target} in {path:?}",
                    flag.name
                );
            }
        }
    }
}

#[test]
fn subcommand_names_and_aliases_are_unique() {
    for (path, command) in all_commands() {
        let mut names: Vec<&str> = Vec::new();
        for sub in command.subcommands {
            names.push(sub.name);
            names.extend(sub.aliases.iter().copied());
        }
        let count = names.len();
        names.sort();
        names.dedup();
        assert_eq!(
            names.len(),
            count,
            "duplicate subcommand names under {path:?}"
        );
    }
}

#[test]
fn brief_commands_are_simulated() {
    let paths: &[&[&str]] = &[
        &["version"],
        &["info"],
        &["build"],
        &["pull"],
        &["push"],
        &["images"],
        &["search"],
        &["run"],
        &["create"],
        &["start"],
        &["stop"],
        &["kill"],
        &["restart"],
        &["pause"],
        &["unpause"],
        &["rm"],
        &["rmi"],
        &["tag"],
        &["ps"],
        &["logs"],
        &["inspect"],
        &["history"],
        &["login"],
        &["logout"],
        &["exec"],
        &["top"],
        &["stats"],
        &["diff"],
        &["commit"],
        &["cp"],
        &["update"],
        &["port"],
        &["image", "ls"],
        &["image", "pull"],
        &["image", "push"],
        &["image", "rm"],
        &["image", "tag"],
        &["image", "history"],
        &["image", "inspect"],
        &["image", "prune"],
        &["image", "build"],
        &["container", "ls"],
        &["container", "run"],
        &["container", "create"],
        &["container", "start"],
        &["container", "stop"],
        &["container", "kill"],
        &["container", "restart"],
        &["container", "pause"],
        &["container", "unpause"],
        &["container", "rm"],
        &["container", "logs"],
        &["container", "inspect"],
        &["container", "exec"],
        &["container", "top"],
        &["container", "stats"],
        &["container", "diff"],
        &["container", "commit"],
        &["container", "cp"],
        &["container", "update"],
        &["container", "prune"],
        &["container", "port"],
        &["network", "ls"],
        &["network", "create"],
        &["network", "rm"],
        &["network", "inspect"],
        &["network", "connect"],
        &["network", "disconnect"],
        &["network", "prune"],
        &["volume", "ls"],
        &["volume", "create"],
        &["volume", "rm"],
        &["volume", "inspect"],
        &["volume", "prune"],
        &["system", "df"],
        &["system", "info"],
        &["system", "prune"],
        &["context", "create"],
        &["context", "ls"],
        &["context", "use"],
        &["context", "inspect"],
        &["context", "rm"],
        &["context", "show"],
    ];
    for path in paths {
        let command = find(path).unwrap_or_else(|| panic!("{path:?} is missing"));
        assert_eq!(
            command.support,
            Support::Simulated,
            "{path:?} should be simulated"
        );
    }
    assert_eq!(
        find(&["container", "list"]).map(|c| c.name),
        Some("ls"),
        "aliases resolve"
    );
    assert_eq!(
        find(&["image", "remove"]).map(|c| c.name),
        Some("rm"),
        "aliases resolve"
    );
    assert!(find(&["nope"]).is_none());
    assert_eq!(find(&[]).map(|c| c.name), Some("docker"));
}

#[test]
fn help_usage_lines_of_management_commands() {
    let cases: &[(&[&str], &str)] = &[
        (&[], "docker [OPTIONS] COMMAND"),
        (&["container"], "docker container COMMAND"),
    ];
    for (path, expected) in cases {
        let command = find(path).expect("known command");
        let mut names = vec!["docker"];
        names.extend(path.iter().copied());
        assert_eq!(
            help_usage_line(&CommandPath { names }, command),
            *expected,
            "help usage line of {path:?}"
        );
    }
}

#[test]
fn use_lines() {
    let cases: &[(&[&str], &str)] = &[
        (&[], "docker [OPTIONS] COMMAND [ARG...]"),
        (&["run"], "docker run [OPTIONS] IMAGE [COMMAND] [ARG...]"),
        (
            &["container", "run"],
            "docker container run [OPTIONS] IMAGE [COMMAND] [ARG...]",
        ),
        (&["search"], "docker search [OPTIONS] TERM"),
        (&["container"], "docker container"),
        (&["container", "ls"], "docker container ls [OPTIONS]"),
        (&["build"], "docker buildx build [OPTIONS] PATH | URL | -"),
        (&["context", "show"], "docker context show"),
    ];
    for (path, expected) in cases {
        let command = find(path).expect("known command");
        let mut names = vec!["docker"];
        names.extend(path.iter().copied());
        let line = use_line(
            &CommandPath {
                names: names.clone(),
            },
            command,
        );
        assert_eq!(line, *expected, "use line of {path:?}");
        if !command.has_subcommands() {
            let help_line = help_usage_line(&CommandPath { names }, command);
            assert_eq!(help_line, *expected, "help usage line of {path:?}");
        }
    }
}

/// Renders a resolution compactly: path, action, given flags and arguments.
fn render(line: &str) -> String {
    match parse_command_line(&words(line)) {
        Ok(invocation) => {
            let mut flags: Vec<String> = invocation
                .global_flags
                .set_flags()
                .iter()
                .map(|name| format!("global:{name}"))
                .collect();
            let is_root = invocation.path.names.len() == 1;
            if !is_root && (invocation.action == Action::Run || invocation.action == Action::Help) {
                flags.extend(
                    invocation
                        .flags
                        .set_flags()
                        .iter()
                        .map(|name| name.to_string()),
                );
            }
            format!(
                "{} {:?} {flags:?} {:?}",
                invocation.path.names.join(" "),
                invocation.action,
                invocation.args
            )
        }
        Err(error) => format!("exit {}: {error}", error.exit_code()),
    }
}

#[test]
fn command_lines_resolve() {
    let cases: &[(&str, &str)] = &[
        ("", r#"docker HelpOnStandardError [] []"#),
        ("--help", r#"docker Help ["global:help"] []"#),
        ("-v", r#"docker Version ["global:version"] []"#),
        ("ps", r#"docker ps Run [] []"#),
        ("ps -a", r#"docker ps Run ["all"] []"#),
        (
            "-D ps -aq",
            r#"docker ps Run ["global:debug", "all", "quiet"] []"#,
        ),
        (
            "-H tcp://x:2375 images",
            r#"docker images Run ["global:host"] []"#,
        ),
        (
            "--context prod ps",
            r#"docker ps Run ["global:context"] []"#,
        ),
        (
            "run -it ubuntu /bin/bash",
            r#"docker run Run ["interactive", "tty"] ["ubuntu", "/bin/bash"]"#,
        ),
        (
            "run --rm alpine ls -l",
            r#"docker run Run ["rm"] ["alpine", "ls", "-l"]"#,
        ),
        (
            "exec -it web /bin/bash",
            r#"docker exec Run ["interactive", "tty"] ["web", "/bin/bash"]"#,
        ),
        ("container ls -a", r#"docker container ls Run ["all"] []"#),
        ("container list", r#"docker container ls Run [] []"#),
        ("container ps", r#"docker container ls Run [] []"#),
        ("image rm nginx", r#"docker image rm Run [] ["nginx"]"#),
        ("container", r#"docker container HelpOnStandardError [] []"#),
        ("container --help", r#"docker container Help ["help"] []"#),
        ("container --help ls", r#"docker container ls Help [] []"#),
        ("--help ps", r#"docker ps Help ["global:help"] []"#),
        ("search --help", r#"docker search Help ["help"] []"#),
        ("search -h", r#"docker search Help ["help"] []"#),
        ("run --help", r#"docker run Help ["help"] []"#),
        ("help", r#"docker Help [] []"#),
        ("help run", r#"docker run Help [] []"#),
        ("help container ls", r#"docker container ls Help [] []"#),
        ("build -t demo .", r#"docker build Run ["tag"] ["."]"#),
        ("image build .", r#"docker image build Run [] ["."]"#),
        (
            "search --filter stars=3 nginx",
            r#"docker search Run ["filter"] ["nginx"]"#,
        ),
        ("swarm init", r#"docker swarm Run [] ["init"]"#),
        (
            "container attach web",
            r#"docker container attach Run [] ["web"]"#,
        ),
        (
            "stop --time 3 web",
            r#"docker stop Run ["timeout"] ["web"]"#,
        ),
    ];
    for &(line, expected) in cases {
        assert_eq!(render(line), expected, "resolution of {line:?}");
    }
}

#[test]
fn command_line_errors() {
    let cases: &[(&str, &str)] = &[
        ("search -s 3 x", "exit 125: unknown shorthand flag: 's' in -s\n\nUsage:  docker search [OPTIONS] TERM\n\nRun 'docker search --help' for more information"),
        ("search --stars 3 x", "exit 125: unknown flag: --stars\n\nUsage:  docker search [OPTIONS] TERM\n\nRun 'docker search --help' for more information"),
        ("search", "exit 1: docker: 'docker search' requires 1 argument\n\nUsage:  docker search [OPTIONS] TERM\n\nRun 'docker search --help' for more information"),
        ("ps x", "exit 1: docker: 'docker ps' accepts no arguments\n\nUsage:  docker ps [OPTIONS]\n\nRun 'docker ps --help' for more information"),
        ("run", "exit 1: docker: 'docker run' requires at least 1 argument\n\nUsage:  docker run [OPTIONS] IMAGE [COMMAND] [ARG...]\n\nSee 'docker run --help' for more information"),
        ("exec web", "exit 1: docker: 'docker exec' requires at least 2 arguments\n\nUsage:  docker exec [OPTIONS] CONTAINER COMMAND [ARG...]\n\nSee 'docker exec --help' for more information"),
        ("images a b", "exit 1: docker: 'docker images' requires at most 1 argument\n\nUsage:  docker images [OPTIONS] [REPOSITORY[:TAG]]\n\nSRun 'docker images --help' for more information"),
        ("foo", "exit 1: docker: unknown command: docker foo\n\nRun 'docker --help' for more information"),
        ("container foo", "exit 1: docker: unknown command: docker container foo\n\nUsage:  docker container\n\nRun 'docker container --help' for more information"),
        ("--foo ps", "exit 125: unknown flag: --foo\n\nUsage:  docker [OPTIONS] COMMAND [ARG...]\n\nRun 'docker --help' for more information"),
        ("ps -D", "exit 125: unknown shorthand flag: 'D' in -D\n\nUsage:  docker ps [OPTIONS]\n\nRun 'docker ps --help' for more information"),
        ("run -h", "exit 125: flag needs an argument: 'h' in -h\n\nUsage:  docker run [OPTIONS] IMAGE [COMMAND] [ARG...]\n\nRun 'docker run --help' for more information"),
        ("ps -n x", "exit 125: invalid argument \"x\" for \"-n, --last\" flag: strconv.ParseInt: parsing \"x\": invalid syntax\n\nUsage:  docker ps [OPTIONS]\n\nRun 'docker ps --help' for more information"),
        ("build", "exit 1: docker: 'docker buildx build' requires 1 argument\n\nUsage:  docker buildx build [OPTIONS] PATH | URL | -\n\nRun 'docker buildx build --help' for more information"),
        ("help foo", "exit 1: unknown help topic: foo"),
        ("help container foo", "exit 1: unknown help topic: foo"),
        ("commit", "exit 1: docker: 'docker commit' requires at least 1 and at most 2 arguments\n\nUsage:  docker commit [OPTIONS] CONTAINER [REPOSITORY[:TAG]]\n\nRun 'docker commit --help' for more information"),
    ];
    for &(line, expected) in cases {
        assert_eq!(render(line), expected, "error of {line:?}");
    }
}

#[test]
fn parsed_values_reach_the_invocation() {
    let invocation = parse_command_line(&words(
        "run -d -p 8080:80 -m 64m --cpus 0.5 --name web nginx",
    ))
    .expect("valid");
    assert_eq!(invocation.flags.list("publish"), ["8080:80"]);
    assert_eq!(invocation.flags.integer("memory"), Some(67_108_864));
    assert_eq!(
        invocation.flags.value("cpus"),
        Some(&FlagValue::Decimal(500_000_000))
    );
    assert_eq!(invocation.flags.string("name"), "web");
    assert!(invocation.flags.bool("sig-proxy"));
    assert_eq!(invocation.flags.string("pull"), "missing");
    assert_eq!(invocation.args, ["nginx"]);

    let warned = parse_command_line(&words("stop --time 3 -h web")).expect("valid");
    assert_eq!(
        warned.warnings,
        [
            "Flag --time has been deprecated, use --timeout instead",
            "Flag shorthand -h has been deprecated, use --help"
        ]
    );
    assert_eq!(warned.action, Action::Help);
}

#[test]
fn tab_completion_candidates() {
    let cases: &[(&str, &str, &[&str])] = &[
        ("", "ima", &["image", "images"]),
        ("", "sw", &[]),
        ("container", "st", &["start", "stats", "stop"]),
        (
            "network",
            "",
            &[
                "connect",
                "create",
                "disconnect",
                "inspect",
                "ls",
                "prune",
                "rm",
            ],
        ),
        (
            "search",
            "--",
            &["--filter", "--format", "--limit", "--no-trunc"],
        ),
        (
            "ps",
            "-",
            &[
                "--all",
                "--filter",
                "--format",
                "--last",
                "--latest",
                "--no-trunc",
                "--quiet",
                "--size",
                "-a",
                "-f",
                "-l",
                "-n",
                "-q",
                "-s",
            ],
        ),
        ("run -it", "--rm", &["--rm"]),
    ];
    for &(before, partial, expected) in cases {
        assert_eq!(
            completions(&words(before), partial),
            expected,
            "completions after {before:?} for {partial:?}"
        );
    }
    assert!(subcommand_names(&["volume"]).contains(&"prune"));
    assert!(simulated_paths().contains(&vec!["container", "run"]));
    assert!(flag_names(find(&["exec"]).expect("exec")).contains(&"-i".to_string()));
}
