//! Instructions that only change the image config, and the history entries
//! every instruction leaves, as BuildKit's `dispatch*` functions write them
//! (`dockerfile2llb/convert.go`, `convert_expose.go`).
//!
//! Go formats several entries with `%v` or `%q` of a string slice: `VOLUME
//! [/data /logs]`, `SHELL [/bin/bash -c]`, `EXPOSE [80/tcp]`, `CMD ["python"
//! "app.py"]`. HEALTHCHECK prints a pointer to its config with `%q`. ONBUILD adds a
//! trigger but no history entry.

use dockerfile::instructions::{Command, CommandLine, HealthConfig, Healthcheck};
use dockerfile::parser::Form;

use super::state::{StageState, HISTORY_COMMENT};
use crate::clock;
use crate::registry::{HealthcheckConfig, History};
use crate::units::GoDuration;

/// Returns whether an instruction makes a BuildKit vertex of its own.
pub fn makes_vertex(command: &Command) -> bool {
    matches!(
        command,
        Command::Run(_) | Command::Copy(_) | Command::Add(_) | Command::Workdir(_)
    )
}

/// Applies an instruction that only changes the image config.
pub fn apply(state: &mut StageState, command: &Command) {
    let entry = match command {
        Command::Env(pairs) => {
            let mut text = String::from("ENV");
            for pair in pairs {
                state.config.set_env(&pair.key, &pair.value);
                state.set_variable(&pair.key, &pair.value);
                text.push_str(&format!(" {}={}", pair.key, pair.value));
            }
            Some(text)
        }
        Command::Arg(declarations) => {
            let mut parts = Vec::new();
            for declaration in declarations {
                if let Some(value) = &declaration.default {
                    state.set_variable(&declaration.name, value);
                    parts.push(format!("{}={value}", declaration.name));
                } else {
                    parts.push(declaration.name.clone());
                }
                state
                    .args
                    .push((declaration.name.clone(), declaration.default.clone()));
            }
            Some(format!("ARG {}", parts.join(" ")))
        }
        Command::Label(pairs) => {
            let mut text = String::from("LABEL");
            for pair in pairs {
                state
                    .config
                    .labels
                    .insert(pair.key.clone(), pair.value.clone());
                text.push_str(&format!(" {}={}", pair.key, pair.value));
            }
            Some(text)
        }
        Command::Expose(ports) => {
            for port in ports {
                state
                    .config
                    .exposed_ports
                    .insert(port.clone(), Default::default());
            }
            Some(format!("EXPOSE [{}]", ports.join(" ")))
        }
        Command::Cmd(line) => {
            state.config.cmd = command_vector(state, line);
            state.config.args_escaped = true;
            state.cmd_set = true;
            Some(format!("CMD {}", quoted_list(&state.config.cmd)))
        }
        Command::Entrypoint(line) => {
            state.config.entrypoint = command_vector(state, line);
            // ENTRYPOINT resets a CMD the stage inherited but keeps its own.
            if !state.cmd_set {
                state.config.cmd.clear();
            }
            Some(format!(
                "ENTRYPOINT {}",
                quoted_list(&state.config.entrypoint)
            ))
        }
        Command::User(user) => {
            state.config.user = user.clone();
            Some(format!("USER {user}"))
        }
        Command::Volume(paths) => {
            for path in paths {
                state
                    .config
                    .volumes
                    .insert(path.clone(), Default::default());
            }
            Some(format!("VOLUME [{}]", paths.join(" ")))
        }
        Command::StopSignal(signal) => {
            state.config.stop_signal = signal.clone();
            Some(format!("STOPSIGNAL {signal}"))
        }
        Command::Shell(shell) => {
            state.config.shell = shell.clone();
            Some(format!("SHELL [{}]", shell.join(" ")))
        }
        Command::Healthcheck(check) => {
            let config = healthcheck_config(check);
            let text = format!("HEALTHCHECK {}", healthcheck_text(&config));
            state.config.healthcheck = Some(config);
            Some(text)
        }
        Command::Maintainer(name) => {
            state.author = name.clone();
            Some(format!("MAINTAINER {name}"))
        }
        Command::Onbuild(onbuild) => {
            state.config.on_build.push(onbuild.expression.clone());
            None
        }
        Command::From(_)
        | Command::Run(_)
        | Command::Copy(_)
        | Command::Add(_)
        | Command::Workdir(_) => None,
    };
    if let Some(created_by) = entry {
        state.history.push(History {
            created: clock::rfc3339(state.created),
            created_by,
            comment: HISTORY_COMMENT.to_string(),
            empty_layer: true,
        });
    }
}

/// Returns the process of a CMD, ENTRYPOINT or RUN: the JSON array, or the
/// stage's shell with the text.
pub fn command_vector(state: &StageState, line: &CommandLine) -> Vec<String> {
    match line.form {
        Form::Exec => line.args.clone(),
        Form::Shell => {
            let mut vector = state.shell();
            vector.push(line.args.join(" "));
            vector
        }
    }
}

/// Formats a string list as Go's `%q` of a slice prints it: `["a" "b"]`.
pub fn quoted_list(items: &[String]) -> String {
    let quoted: Vec<String> = items
        .iter()
        .map(|item| crate::strconv::quote(item))
        .collect();
    format!("[{}]", quoted.join(" "))
}

/// Converts a HEALTHCHECK to the image config's health check; `NONE`
/// becomes `["NONE"]`, which turns off a check the base image has.
fn healthcheck_config(check: &Healthcheck) -> HealthcheckConfig {
    match check {
        Healthcheck::None => HealthcheckConfig {
            test: vec!["NONE".to_string()],
            ..HealthcheckConfig::default()
        },
        Healthcheck::Check(config) => from_health_config(config),
    }
}

fn from_health_config(config: &HealthConfig) -> HealthcheckConfig {
    HealthcheckConfig {
        test: config.test.clone(),
        interval: config.interval,
        timeout: config.timeout,
        start_period: config.start_period,
        start_interval: config.start_interval,
        retries: config.retries,
    }
}

/// Formats a health check as BuildKit's dispatcher writes it to the history
/// with Go's `%q` of a pointer to the struct: `&{["CMD-SHELL" "curl -f
/// http://localhost/"] "30s" "0s" "0s" "0s" '\x03'}`. Each field is quoted on
/// its own: the durations through `time.Duration.String`, and the retry count,
/// an `int`, as the character with that code point.
fn healthcheck_text(config: &HealthcheckConfig) -> String {
    let duration = |nanos: i64| crate::strconv::quote(&GoDuration::from_nanos(nanos).to_string());
    let retries = u32::try_from(config.retries)
        .ok()
        .and_then(char::from_u32)
        .unwrap_or(char::REPLACEMENT_CHARACTER);
    format!(
        "&{{{} {} {} {} {} {}}}",
        quoted_list(&config.test),
        duration(config.interval),
        duration(config.timeout),
        duration(config.start_period),
        duration(config.start_interval),
        crate::strconv::quote_rune(retries)
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use dockerfile::instructions::{Pair, Typed};
    use dockerfile::parser::parse;

    fn command(line: &str) -> Command {
        let output = parse(line);
        let Typed { command, .. } =
            dockerfile::instructions::parse_instruction(&output.instructions[0]).unwrap();
        command
    }

    /// History text each metadata instruction leaves, as BuildKit writes it.
    #[test]
    fn history_entries_match_buildkit() {
        let cases = [
            ("VOLUME /data /logs", "VOLUME [/data /logs]"),
            ("SHELL [\"/bin/bash\", \"-c\"]", "SHELL [/bin/bash -c]"),
            ("EXPOSE 80 53/udp", "EXPOSE [80/tcp 53/udp]"),
            ("CMD [\"python\", \"app.py\"]", "CMD [\"python\" \"app.py\"]"),
            ("CMD python app.py", "CMD [\"/bin/sh\" \"-c\" \"python app.py\"]"),
            ("ENTRYPOINT [\"scrapyd\"]", "ENTRYPOINT [\"scrapyd\"]"),
            ("USER nobody", "USER nobody"),
            ("STOPSIGNAL SIGINT", "STOPSIGNAL SIGINT"),
            ("MAINTAINER Jane <jane@example.com>", "MAINTAINER Jane <jane@example.com>"),
            (
                "HEALTHCHECK --interval=30s --retries=3 CMD curl -f http://localhost/",
                "HEALTHCHECK &{[\"CMD-SHELL\" \"curl -f http://localhost/\"] \"30s\" \"0s\" \"0s\" \"0s\" '\\x03'}",
            ),
            (
                "HEALTHCHECK --interval=1m30s --timeout=500ms --start-period=1h --retries=10 CMD [\"/bin/check\", \"-q\"]",
                "HEALTHCHECK &{[\"CMD\" \"/bin/check\" \"-q\"] \"1m30s\" \"500ms\" \"1h0m0s\" \"0s\" '\\n'}",
            ),
            ("HEALTHCHECK NONE", "HEALTHCHECK &{[\"NONE\"] \"0s\" \"0s\" \"0s\" \"0s\" '\\x00'}"),
        ];
        for (line, expected) in cases {
            let mut state = StageState::scratch("amd64", 0);
            let mut command = command(line);
            if let Command::Expose(ports) = &mut command {
                // The planner turns ports into `port/proto` before the builder gets them.
                *ports = vec!["80/tcp".to_string(), "53/udp".to_string()];
            }
            apply(&mut state, &command);
            assert_eq!(
                state.history.last().map(|entry| entry.created_by.as_str()),
                Some(expected),
                "{line}"
            );
            assert!(
                state.history.iter().all(|entry| entry.empty_layer),
                "{line}"
            );
        }
    }

    #[test]
    fn onbuild_adds_trigger_without_history() {
        let mut state = StageState::scratch("amd64", 0);
        apply(&mut state, &command("ONBUILD COPY . /app"));
        assert_eq!(state.config.on_build, ["COPY . /app"]);
        assert!(state.history.is_empty());
    }

    #[test]
    fn entrypoint_keeps_cmd_of_same_stage() {
        let mut state = StageState::scratch("amd64", 0);
        state.config.cmd = vec!["inherited".into()];
        apply(&mut state, &command("ENTRYPOINT [\"run\"]"));
        assert!(state.config.cmd.is_empty());
        apply(&mut state, &command("CMD [\"--help\"]"));
        apply(&mut state, &command("ENTRYPOINT [\"run2\"]"));
        assert_eq!(state.config.cmd, ["--help"]);
        assert!(state.config.args_escaped);
    }

    #[test]
    fn env_and_arg_set_variables() {
        let mut state = StageState::scratch("amd64", 0);
        let pairs = vec![Pair {
            key: "A".into(),
            value: "1".into(),
            legacy: false,
        }];
        apply(&mut state, &Command::Env(pairs));
        apply(&mut state, &command("ARG B=2"));
        assert_eq!(state.variable("A"), Some("1"));
        assert_eq!(state.variable("B"), Some("2"));
        assert_eq!(state.config.env_value("B"), None);
        let texts: Vec<&str> = state
            .history
            .iter()
            .map(|entry| entry.created_by.as_str())
            .collect();
        assert_eq!(texts, ["ENV A=1", "ARG B=2"]);
    }
}
