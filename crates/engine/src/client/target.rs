//! Which daemon the client talks to, chosen as docker/cli 28 does
//! (`cli/command/cli.go`, `resolveContextName` and `resolveDockerEndpoint`):
//!
//! 1. `--context` and `-H` together are an error;
//! 2. `--context NAME` selects that context;
//! 3. `-H URL` selects the `default` context with that endpoint;
//! 4. `DOCKER_HOST` does the same with its value;
//! 5. `DOCKER_CONTEXT` selects a context;
//! 6. the current context of `~/.docker/config.json` (`docker context use`);
//! 7. otherwise `default`, whose endpoint is the local socket.
//!
//! The context store (`docker context create`) belongs to the user on the
//! host the client runs on.

use shared_sort::SortedMap;

/// The endpoint of the `default` context without `-H` or `DOCKER_HOST`.
pub const LOCAL_SOCKET: &str = "unix:///var/run/docker.sock";
/// The name of the built-in context.
pub const DEFAULT_CONTEXT: &str = "default";

/// A named context: a description and a Docker endpoint.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ContextEntry {
    pub description: String,
    pub host: String,
}

/// One user's contexts and the current one (`currentContext` in
/// `config.json`; empty means `default`).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ContextStore {
    pub contexts: SortedMap<String, ContextEntry>,
    pub current: String,
}

impl ContextStore {
    /// Returns the current context's name.
    pub fn current_name(&self) -> &str {
        if self.current.is_empty() {
            DEFAULT_CONTEXT
        } else {
            &self.current
        }
    }
}

/// The daemon an endpoint names, as far as the simulation can reach it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Endpoint {
    /// The host's own socket.
    Local,
    /// `ssh://[USER@]HOST[:PORT]`: the CLI runs `ssh … HOST docker system
    /// dial-stdio`.
    Ssh { user: Option<String>, host: String },
    /// `tcp://HOST:PORT`, on which no simulated daemon listens.
    Tcp { address: String },
}

impl Endpoint {
    /// Parses a `-H`/`DOCKER_HOST` value the way docker/cli's `ParseHost`
    /// and the SSH connection helper read it.
    pub fn parse(url: &str) -> Result<Endpoint, String> {
        if url == LOCAL_SOCKET || url.starts_with("unix://") || url.is_empty() {
            return Ok(Endpoint::Local);
        }
        if let Some(rest) = url.strip_prefix("ssh://") {
            let rest = rest.trim_end_matches('/');
            let (user, host) = match rest.split_once('@') {
                Some((user, host)) => (Some(user.to_string()), host),
                None => (None, rest),
            };
            let host = host.split(':').next().unwrap_or_default();
            if host.is_empty() {
                return Err(format!("unable to parse docker host `{url}`"));
            }
            return Ok(Endpoint::Ssh {
                user,
                host: host.to_string(),
            });
        }
        if let Some(address) = url.strip_prefix("tcp://") {
            return Ok(Endpoint::Tcp {
                address: address.to_string(),
            });
        }
        Err(format!("unable to parse docker host `{url}`"))
    }
}

/// What the client resolved before its first request.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Target {
    /// The context name `docker version` and `docker info` print.
    pub context: String,
    /// The endpoint URL, as `docker context ls` shows it.
    pub url: String,
    pub endpoint: Endpoint,
}

/// The inputs of the choice: the global flags and the environment.
pub struct Inputs<'a> {
    pub host_flags: &'a [String],
    pub context_flag: &'a str,
    pub env: &'a SortedMap<String, String>,
    pub store: &'a ContextStore,
}

/// Chooses the context and endpoint, or returns docker/cli's error.
pub fn resolve(inputs: &Inputs) -> Result<Target, String> {
    let name = context_name(inputs)?;
    let url = if name == DEFAULT_CONTEXT {
        default_endpoint(inputs)?
    } else {
        match inputs.store.contexts.get(&name) {
            Some(entry) => entry.host.clone(),
            None => return Err(context_not_found(&name)),
        }
    };
    let endpoint = Endpoint::parse(&url)?;
    Ok(Target {
        context: name,
        url,
        endpoint,
    })
}

/// Returns the context name, by the precedence in the module comment.
pub fn context_name(inputs: &Inputs) -> Result<String, String> {
    if !inputs.context_flag.is_empty() && !inputs.host_flags.is_empty() {
        return Err("conflicting options: cannot specify both --host and --context".to_string());
    }
    if !inputs.context_flag.is_empty() {
        return Ok(inputs.context_flag.to_string());
    }
    if !inputs.host_flags.is_empty() || env_set(inputs.env, "DOCKER_HOST") {
        return Ok(DEFAULT_CONTEXT.to_string());
    }
    if env_set(inputs.env, "DOCKER_CONTEXT") {
        return Ok(inputs.env["DOCKER_CONTEXT"].clone());
    }
    Ok(inputs.store.current_name().to_string())
}

/// Returns the `default` context's endpoint: `-H`, `DOCKER_HOST`, or the
/// local socket.
pub fn default_endpoint(inputs: &Inputs) -> Result<String, String> {
    match inputs.host_flags {
        [] => Ok(inputs
            .env
            .get("DOCKER_HOST")
            .filter(|value| !value.is_empty())
            .cloned()
            .unwrap_or_else(|| LOCAL_SOCKET.to_string())),
        [one] => Ok(one.clone()),
        _ => Err("Specify only one -H".to_string()),
    }
}

/// Returns docker/cli's error for a context the store lacks: its metadata
/// lives under a directory named by the SHA-256 of the name.
pub fn context_not_found(name: &str) -> String {
    let id = crate::digest::Digest::of(name.as_bytes()).hex();
    format!("context \"{name}\": context not found: open /home/learner/.docker/contexts/meta/{id}/meta.json: no such file or directory")
}

fn env_set(env: &SortedMap<String, String>, name: &str) -> bool {
    env.get(name).is_some_and(|value| !value.is_empty())
}

/// The warning `docker context ls` prints when `DOCKER_HOST` hides the
/// current context.
pub const DOCKER_HOST_OVERRIDES: &str = "Warning: DOCKER_HOST environment variable overrides the active context. To use a context, either set the global --context flag, or unset DOCKER_HOST environment variable.";

#[cfg(test)]
mod tests {
    use super::*;

    fn store() -> ContextStore {
        let mut store = ContextStore::default();
        store.contexts.insert(
            "server".to_string(),
            ContextEntry {
                description: String::new(),
                host: "ssh://learner@server".to_string(),
            },
        );
        store.contexts.insert(
            "other".to_string(),
            ContextEntry {
                description: String::new(),
                host: "tcp://other:2375".to_string(),
            },
        );
        store
    }

    /// Precedence: `-H` over `DOCKER_HOST` over `DOCKER_CONTEXT` over the
    /// current context; `--context` beats the environment.
    #[test]
    fn precedence_table() {
        struct Case {
            hosts: &'static [&'static str],
            context: &'static str,
            env: &'static [(&'static str, &'static str)],
            current: &'static str,
            expected: Result<(&'static str, &'static str), &'static str>,
        }
        let cases = [
            Case { hosts: &[], context: "", env: &[], current: "", expected: Ok(("default", LOCAL_SOCKET)) },
            Case { hosts: &[], context: "", env: &[], current: "server", expected: Ok(("server", "ssh://learner@server")) },
            Case {
                hosts: &[],
                context: "",
                env: &[("DOCKER_CONTEXT", "other")],
                current: "server",
                expected: Ok(("other", "tcp://other:2375")),
            },
            Case {
                hosts: &[],
                context: "",
                env: &[("DOCKER_HOST", "ssh://learner@server"), ("DOCKER_CONTEXT", "other")],
                current: "",
                expected: Ok(("default", "ssh://learner@server")),
            },
            Case {
                hosts: &["unix:///var/run/docker.sock"],
                context: "",
                env: &[("DOCKER_HOST", "ssh://learner@server")],
                current: "server",
                expected: Ok(("default", LOCAL_SOCKET)),
            },
            Case {
                hosts: &[],
                context: "server",
                env: &[("DOCKER_HOST", "tcp://x:1"), ("DOCKER_CONTEXT", "other")],
                current: "",
                expected: Ok(("server", "ssh://learner@server")),
            },
            Case {
                hosts: &["ssh://server"],
                context: "server",
                env: &[],
                current: "",
                expected: Err("conflicting options: cannot specify both --host and --context"),
            },
            Case { hosts: &["a", "b"], context: "", env: &[], current: "", expected: Err("Specify only one -H") },
            Case {
                hosts: &[],
                context: "nope",
                env: &[],
                current: "",
                expected: Err("context \"nope\": context not found: open /home/learner/.docker/contexts/meta/ca3704aa0b06f5954c79ee837faa152d84d6b2d42838f0637a15eda8337dbdce/meta.json: no such file or directory"),
            },
            Case { hosts: &[], context: "", env: &[("DOCKER_HOST", "")], current: "", expected: Ok(("default", LOCAL_SOCKET)) },
            Case {
                hosts: &[],
                context: "default",
                env: &[("DOCKER_HOST", "ssh://learner@server")],
                current: "other",
                expected: Ok(("default", "ssh://learner@server")),
            },
        ];
        let store = store();
        for (index, case) in cases.iter().enumerate() {
            let hosts: Vec<String> = case.hosts.iter().map(|host| host.to_string()).collect();
            let env: SortedMap<String, String> = case
                .env
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect();
            let store = ContextStore {
                current: case.current.to_string(),
                ..store.clone()
            };
            let inputs = Inputs {
                host_flags: &hosts,
                context_flag: case.context,
                env: &env,
                store: &store,
            };
            let got = resolve(&inputs);
            let got = got
                .as_ref()
                .map(|target| (target.context.as_str(), target.url.as_str()))
                .map_err(String::as_str);
            assert_eq!(got, case.expected, "case {index}");
        }
    }

    #[test]
    fn parses_endpoints() {
        let cases = [
            ("unix:///var/run/docker.sock", Ok(Endpoint::Local)),
            (
                "ssh://learner@server",
                Ok(Endpoint::Ssh {
                    user: Some("learner".into()),
                    host: "server".into(),
                }),
            ),
            (
                "ssh://server:22",
                Ok(Endpoint::Ssh {
                    user: None,
                    host: "server".into(),
                }),
            ),
            (
                "tcp://server:2375",
                Ok(Endpoint::Tcp {
                    address: "server:2375".into(),
                }),
            ),
            (
                "ssh://",
                Err("unable to parse docker host `ssh://`".to_string()),
            ),
            (
                "server",
                Err("unable to parse docker host `server`".to_string()),
            ),
        ];
        for (url, expected) in cases {
            assert_eq!(Endpoint::parse(url), expected, "{url}");
        }
    }
}
