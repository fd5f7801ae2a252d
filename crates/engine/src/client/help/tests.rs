//! Help text tests: golden files for whole help screens (refreshed with
//! `PORTHOLE_BLESS=1 cargo test -p porthole-engine`) and exact expectations for
//! smaller pieces.

use std::path::PathBuf;

use super::*;

fn golden_path(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/golden/help")
        .join(name)
}

/// Compares `actual` with the golden file `name`, or rewrites the file when
/// `PORTHOLE_BLESS` is set.
fn check_golden(name: &str, actual: &str) {
    let path = golden_path(name);
    if std::env::var_os("PORTHOLE_BLESS").is_some() {
        std::fs::write(&path, actual).unwrap_or_else(|e| panic!("writing {}: {e}", path.display()));
        return;
    }
    let expected = std::fs::read_to_string(&path).unwrap_or_else(|e| {
        panic!(
            "reading {}: {e}; run with PORTHOLE_BLESS=1 to create it",
            path.display()
        )
    });
    assert_eq!(actual, expected, "help differs from {}", path.display());
}

#[test]
fn golden_help_screens() {
    let cases: &[(&[&str], &str)] = &[
        (&[], "docker.txt"),
        (&["run"], "run.txt"),
        (&["search"], "search.txt"),
        (&["images"], "images.txt"),
        (&["container"], "container.txt"),
        (&["build"], "build.txt"),
    ];
    for (path, name) in cases {
        let text = command_help(path).unwrap_or_else(|| panic!("no command {path:?}"));
        check_golden(name, &text);
    }
}

#[test]
fn search_help_is_exact() {
    let expected = "
Usage:  docker search [OPTIONS] TERM

Search Docker Hub for images

Options:
  -f, --filter filter   Filter output based on conditions provided
      --format string   Pretty-print search using a Go template
      --limit int       Max number of search results
      --no-trunc        Don't truncate output
";
    assert_eq!(command_help(&["search"]).as_deref(), Some(expected));
}

#[test]
fn small_help_screens_are_exact() {
    let cases: &[(&[&str], &str)] = &[
        (
            &["tag"],
            "
Usage:  docker tag SOURCE_IMAGE[:TAG] TARGET_IMAGE[:TAG]

Create a tag TARGET_IMAGE that refers to SOURCE_IMAGE

Aliases:
  docker image tag, docker tag
",
        ),
        (
            &["network", "ls"],
            "
Usage:  docker network ls [OPTIONS]

List networks

Aliases:
  docker network ls, docker network list

Options:
  -f, --filter filter   Provide filter values (e.g. \"driver=bridge\")
      --format string   Format output using a custom template:
                        'table':            Print output in table format
                        with column headers (default)
                        'table TEMPLATE':   Print output in table format
                        using the given Go template
                        'json':             Print in JSON format
                        'TEMPLATE':         Print output using the given
                        Go template.
                        Refer to https://docs.docker.com/go/formatting/
                        for more information about formatting output with
                        templates
      --no-trunc        Do not truncate the output
  -q, --quiet           Only display network IDs
",
        ),
        (
            &["context", "show"],
            "
Usage:  docker context show

Print the name of the current context
",
        ),
        (
            &["volume"],
            "
Usage:  docker volume COMMAND

Manage volumes

Commands:
  create      Create a volume
  inspect     Display detailed information on one or more volumes
  ls          List volumes
  prune       Remove unused local volumes
  rm          Remove one or more volumes

Run 'docker volume COMMAND --help' for more information on a command.
",
        ),
    ];
    for (path, expected) in cases {
        assert_eq!(
            command_help(path).as_deref(),
            Some(*expected),
            "help of {path:?}"
        );
    }
}

/// Returns the usage lines of one flag: its line and the wrapped lines after it.
fn flag_block(help: &str, flag: &str) -> Option<String> {
    let mut lines = help
        .lines()
        .skip_while(|line| !line.contains(&format!("{flag} ")) && !line.ends_with(flag));
    let first = lines.next()?;
    let mut block = first.to_string();
    for line in lines.take_while(|line| !line.trim_start().starts_with('-') && !line.is_empty()) {
        block.push(' ');
        block.push_str(line.trim());
    }
    Some(block)
}

#[test]
fn defaults_print_as_pflag_prints_them() {
    let cases: &[(&[&str], &str, &str)] = &[
        (&["run"], "--pull", "(default \"missing\")"),
        (&["run"], "--restart", "(default \"no\")"),
        (&["run"], "--sig-proxy", "(default true)"),
        (&["run"], "--memory-swappiness", "(default -1)"),
        (&["run"], "--sysctl", "(default map[])"),
        (&["run"], "--blkio-weight-device", "(default [])"),
        (&["run"], "--ulimit", "(default [])"),
        (&["ps"], "--last", "(default -1)"),
        (&["logs"], "--tail", "(default \"all\")"),
        (&["context", "create"], "--docker", "(default [])"),
        (&[], "--tlscacert", "(default \"/root/.docker/ca.pem\")"),
    ];
    for (path, flag, default) in cases {
        let help = command_help(path).expect("known command");
        let block =
            flag_block(&help, flag).unwrap_or_else(|| panic!("{flag} missing from {path:?}"));
        assert!(
            block.contains(default),
            "{flag} of {path:?} should show {default}: {block}"
        );
    }

    let run = command_help(&["run"]).expect("run");
    // `(default 0)` and `(default 0s)` do appear, but only inside Docker's own
    // help texts (`--blkio-weight`, `--health-interval`).
    for zero in [
        "(default false)",
        "(default \"\")",
        "(default map[]) (default",
        "(default <nil>)",
    ] {
        assert!(!run.contains(zero), "run help must not print {zero}");
    }
    assert!(!run.contains("--net "), "hidden --net is not listed");
    assert!(
        !run.contains("--dns-opt "),
        "hidden --dns-opt is not listed"
    );
}

#[test]
fn listed_commands_have_no_help() {
    assert_eq!(command_help(&["swarm"]), None);
    assert_eq!(command_help(&["container", "export"]), None);
    assert_eq!(command_help(&["no-such-command"]), None);
}

#[test]
fn wrap_matches_pflag() {
    let cases: &[(usize, usize, &str, &str)] = &[
        (10, 0, "a\nb", "a\n          b"),
        (10, 79, "short", "short"),
        (
            41,
            79,
            "Swap limit equal to memory plus swap: '-1' to enable unlimited swap",
            "Swap limit equal to memory plus\n                                         swap: '-1' to enable unlimited swap",
        ),
        (60, 79, "a long text that needs a block of its own", "\n                a long text that needs a block of its own"),
        (70, 79, "x", "\n                x"),
        (10, 79, "averyveryveryveryveryveryveryveryveryveryveryveryveryveryveryveryverylongword and more", "averyveryveryveryveryveryveryveryveryveryveryveryveryveryveryveryverylongword and more"),
    ];
    for &(indent, width, text, expected) in cases {
        assert_eq!(
            wrap(indent, width, text),
            expected,
            "wrap({indent}, {width}, {text:?})"
        );
    }
}
