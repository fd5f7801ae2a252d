//! Table tests for docker/cli's error texts and exit codes.

use super::*;
use crate::client::flags::FlagError;

#[test]
fn docker_cli_error_wrapping() {
    let flag = CliError::Flag {
        error: FlagError::UnknownShorthand {
            shorthand: b's',
            group: "s".to_string(),
        },
        use_line: "docker search [OPTIONS] TERM".to_string(),
        command_path: "docker search".to_string(),
    };
    assert_eq!(
        flag.to_string(),
        "unknown shorthand flag: 's' in -s\n\nUsage:  docker search [OPTIONS] TERM\n\nRun 'docker search --help' for more information"
    );
    assert_eq!(flag.exit_code(), 125);

    let arguments = |rule| CliError::Arguments {
        rule,
        use_line: "docker search [OPTIONS] TERM".to_string(),
        command_path: "docker search".to_string(),
    };
    let cases: &[(ArgumentRule, &str)] = &[
        (ArgumentRule::Exactly(1), "docker: 'docker search' requires 1 argument\n\nUsage:  docker search [OPTIONS] TERM\n\nRun 'docker search --help' for more information"),
        (ArgumentRule::Exactly(2), "docker: 'docker search' requires 2 arguments\n\nUsage:  docker search [OPTIONS] TERM\n\nRun 'docker search --help' for more information"),
        (ArgumentRule::AtLeast(1), "docker: 'docker search' requires at least 1 argument\n\nUsage:  docker search [OPTIONS] TERM\n\nSee 'docker search --help' for more information"),
        (ArgumentRule::AtMost(1), "docker: 'docker search' requires at most 1 argument\n\nUsage:  docker search [OPTIONS] TERM\n\nSRun 'docker search --help' for more information"),
        (ArgumentRule::Between(1, 2), "docker: 'docker search' requires at least 1 and at most 2 arguments\n\nUsage:  docker search [OPTIONS] TERM\n\nRun 'docker search --help' for more information"),
        (ArgumentRule::None, "docker: 'docker search' accepts no arguments\n\nUsage:  docker search [OPTIONS] TERM\n\nRun 'docker search --help' for more information"),
    ];
    for (rule, expected) in cases {
        let error = arguments(*rule);
        assert_eq!(error.to_string(), *expected, "message for {rule:?}");
        assert_eq!(error.exit_code(), 1, "exit code for {rule:?}");
    }

    let unknown_root = CliError::UnknownCommand {
        command_path: "docker".to_string(),
        word: "foo".to_string(),
        use_line: None,
    };
    assert_eq!(
        unknown_root.to_string(),
        "docker: unknown command: docker foo\n\nRun 'docker --help' for more information"
    );
    let unknown_sub = CliError::UnknownCommand {
        command_path: "docker container".to_string(),
        word: "foo".to_string(),
        use_line: Some("docker container".to_string()),
    };
    assert_eq!(
        unknown_sub.to_string(),
        "docker: unknown command: docker container foo\n\nUsage:  docker container\n\nRun 'docker container --help' for more information"
    );
}

#[test]
fn argument_rules_accept_counts() {
    let cases: &[(ArgumentRule, usize, bool)] = &[
        (ArgumentRule::Any, 0, true),
        (ArgumentRule::None, 0, true),
        (ArgumentRule::None, 1, false),
        (ArgumentRule::Exactly(1), 1, true),
        (ArgumentRule::Exactly(1), 2, false),
        (ArgumentRule::AtLeast(2), 1, false),
        (ArgumentRule::AtLeast(2), 5, true),
        (ArgumentRule::AtMost(1), 2, false),
        (ArgumentRule::Between(1, 2), 0, false),
        (ArgumentRule::Between(1, 2), 2, true),
    ];
    for &(rule, count, expected) in cases {
        assert_eq!(
            rule.accepts(count),
            expected,
            "{rule:?} with {count} arguments"
        );
    }
}
