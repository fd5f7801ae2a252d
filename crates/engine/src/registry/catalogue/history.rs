//! Applies the metadata instructions of an image's history to its config.
//!
//! Catalogue images list their history as Docker Hub shows it, and the image
//! config follows from those lines: `ENV`, `CMD`, `ENTRYPOINT`, `WORKDIR`,
//! `EXPOSE`, `LABEL`, `USER`, `STOPSIGNAL` and `VOLUME` change it, anything
//! else (`RUN`, `COPY`, `ADD`, `ARG`, ...) does not. Both spellings Docker
//! records are read: BuildKit's (`CMD ["nginx" "-g" "daemon off;"]`,
//! `EXPOSE map[80/tcp:{}]`, `VOLUME [/data]`, trailing ` # buildkit`) and the
//! classic builder's (`/bin/sh -c #(nop)  CMD ["/bin/bash"]`).

use crate::registry::oci::{ContainerConfig, EmptyObject};

/// Applies one history line to `config`.
pub(crate) fn apply_instruction(config: &mut ContainerConfig, created_by: &str) {
    let text = strip_builder_marks(created_by);
    let (keyword, rest) = text.split_once(' ').unwrap_or((text, ""));
    let rest = rest.trim();
    match keyword.to_ascii_uppercase().as_str() {
        "ENV" => apply_env(config, rest),
        "CMD" => config.cmd = parse_command(rest),
        "ENTRYPOINT" => {
            config.entrypoint = parse_command(rest);
            config.cmd.clear();
        }
        "WORKDIR" => config.working_dir = rest.to_string(),
        "USER" => config.user = rest.to_string(),
        "STOPSIGNAL" => config.stop_signal = rest.to_string(),
        "EXPOSE" => {
            for port in parse_words(rest) {
                let port = if port.contains('/') {
                    port
                } else {
                    format!("{port}/tcp")
                };
                config.exposed_ports.insert(port, EmptyObject {});
            }
        }
        "VOLUME" => {
            for volume in parse_words(rest) {
                config.volumes.insert(volume, EmptyObject {});
            }
        }
        "LABEL" => {
            if let Some((key, value)) = rest.split_once('=') {
                config.labels.insert(unquote(key), unquote(value));
            }
        }
        _ => {}
    }
}

fn strip_builder_marks(created_by: &str) -> &str {
    let text = created_by.trim();
    let text = text
        .strip_prefix("/bin/sh -c #(nop)")
        .unwrap_or(text)
        .trim();
    text.strip_suffix("# buildkit").unwrap_or(text).trim()
}

fn apply_env(config: &mut ContainerConfig, rest: &str) {
    let first = rest.split_whitespace().next().unwrap_or("");
    if let Some((name, _)) = first.split_once('=') {
        let value = &rest[name.len() + 1..];
        config.set_env(name, &unquote(value));
    } else if let Some((name, value)) = rest.split_once(' ') {
        config.set_env(name, value.trim());
    }
}

/// Parses an exec-form list in either JSON (`["a","b"]`) or Go's `%q` form
/// (`["a" "b"]`); anything else is shell form, run by `/bin/sh -c`.
fn parse_command(rest: &str) -> Vec<String> {
    match rest.strip_prefix('[').and_then(|r| r.strip_suffix(']')) {
        Some(inner) if inner.trim_start().starts_with('"') || inner.trim().is_empty() => {
            parse_quoted_strings(inner)
        }
        _ => vec!["/bin/sh".into(), "-c".into(), rest.to_string()],
    }
}

fn parse_quoted_strings(inner: &str) -> Vec<String> {
    let mut strings = Vec::new();
    let mut chars = inner.chars();
    while let Some(c) = chars.next() {
        if c != '"' {
            continue;
        }
        let mut value = String::new();
        while let Some(c) = chars.next() {
            match c {
                '"' => break,
                '\\' => value.push(unescape(chars.next())),
                other => value.push(other),
            }
        }
        strings.push(value);
    }
    strings
}

fn unescape(escaped: Option<char>) -> char {
    match escaped {
        Some('n') => '\n',
        Some('t') => '\t',
        Some(other) => other,
        None => '\\',
    }
}

/// Parses `map[80/tcp:{} 443/tcp:{}]`, `[/a /b]`, `["/a","/b"]` or `80 443`.
fn parse_words(rest: &str) -> Vec<String> {
    let inner = rest
        .strip_prefix("map[")
        .or_else(|| rest.strip_prefix('['))
        .unwrap_or(rest);
    let inner = inner.strip_suffix(']').unwrap_or(inner);
    if inner.trim_start().starts_with('"') {
        return parse_quoted_strings(inner);
    }
    inner
        .split(|c: char| c.is_whitespace() || c == ',')
        .map(|word| word.strip_suffix(":{}").unwrap_or(word))
        .filter(|word| !word.is_empty())
        .map(String::from)
        .collect()
}

fn unquote(text: &str) -> String {
    let text = text.trim();
    text.strip_prefix('"')
        .and_then(|t| t.strip_suffix('"'))
        .unwrap_or(text)
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn apply_all(lines: &[&str]) -> ContainerConfig {
        let mut config = ContainerConfig::default();
        for line in lines {
            apply_instruction(&mut config, line);
        }
        config
    }

    #[test]
    fn instruction_table() {
        let config = apply_all(&[
            "ENV PATH=/usr/local/bin:/usr/bin",
            "/bin/sh -c #(nop)  ENV LANG C.UTF-8",
            "ENV PATH=/usr/local/go/bin:/usr/local/bin:/usr/bin",
            "LABEL maintainer=NGINX Docker Maintainers <docker-maint@nginx.com>",
            "/bin/sh -c #(nop)  LABEL org.opencontainers.image.version=24.04",
            "EXPOSE map[80/tcp:{} 443/tcp:{}]",
            "EXPOSE 5432",
            "VOLUME [/var/lib/postgresql/data]",
            "WORKDIR /app",
            "USER node",
            "STOPSIGNAL SIGQUIT",
            "RUN /bin/sh -c apt-get update # buildkit",
            "CMD [\"nginx\" \"-g\" \"daemon off;\"]",
        ]);
        assert_eq!(
            config.env,
            [
                "PATH=/usr/local/go/bin:/usr/local/bin:/usr/bin",
                "LANG=C.UTF-8"
            ]
        );
        assert_eq!(
            config.labels["maintainer"],
            "NGINX Docker Maintainers <docker-maint@nginx.com>"
        );
        assert_eq!(config.labels["org.opencontainers.image.version"], "24.04");
        let ports: Vec<&String> = config.exposed_ports.keys().collect();
        assert_eq!(ports, ["443/tcp", "5432/tcp", "80/tcp"]);
        assert!(config.volumes.contains_key("/var/lib/postgresql/data"));
        assert_eq!(config.working_dir, "/app");
        assert_eq!(config.user, "node");
        assert_eq!(config.stop_signal, "SIGQUIT");
        assert_eq!(config.cmd, ["nginx", "-g", "daemon off;"]);
    }

    #[test]
    fn command_forms_table() {
        let cases: &[(&str, &[&str])] = &[
            ("CMD [\"python3\"]", &["python3"]),
            ("/bin/sh -c #(nop)  CMD [\"/bin/bash\"]", &["/bin/bash"]),
            ("CMD [\"a\",\"b c\"]", &["a", "b c"]),
            ("CMD python app.py", &["/bin/sh", "-c", "python app.py"]),
            ("CMD [\"say \\\"hi\\\"\"]", &["say \"hi\""]),
        ];
        for (line, expected) in cases {
            assert_eq!(apply_all(&[line]).cmd, *expected, "{line}");
        }
    }

    #[test]
    fn entrypoint_resets_inherited_cmd() {
        let config = apply_all(&["CMD [\"bash\"]", "ENTRYPOINT [\"docker-entrypoint.sh\"]"]);
        assert_eq!(config.entrypoint, ["docker-entrypoint.sh"]);
        assert!(config.cmd.is_empty());
    }
}
