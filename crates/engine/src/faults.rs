//! Faults a learner switches on to watch Docker fail: a stopped daemon, an
//! SSH server that refuses connections, a registry that refuses, lacks,
//! rate-limits or cannot be reached, a host port something else holds, an
//! image without the host's platform, and a full disk.
//!
//! Each fault belongs to one host. The page lists them per host; scripts
//! switch them with Porthole's own pseudo-command, which is not a Docker
//! command and says so in its usage:
//!
//! ```text
//! porthole fault on NAME [--host HOST]
//! porthole fault off NAME [--host HOST]
//! porthole fault ls
//! ```
//!
//! The messages are Docker's own; the places that fail read
//! [`crate::host::Host::has_fault`] and word them.

use crate::cx::Cx;
use crate::events::{Change, Node};
use crate::world::World;

/// One switchable failure.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Fault {
    /// `dockerd` is not running: the client cannot connect to its socket.
    DaemonStopped,
    /// The host's SSH server refuses connections, so `ssh://` clients and
    /// `ssh` fail.
    SshRefused,
    /// Registries return 401 and `denied` to this host's daemon.
    RegistryDenied,
    /// Registries return 404 `manifest unknown` to this host's daemon.
    RegistryManifestUnknown,
    /// Docker Hub's unauthenticated pull rate limit is spent (429).
    RegistryRateLimited,
    /// The host's resolver cannot find the registry's name.
    RegistryNoSuchHost,
    /// Connections to the registry time out.
    RegistryTimeout,
    /// Another program on the host listens on every port a container requests
    /// to publish.
    PortAllocated,
    /// Image indexes have no manifest for the host's platform.
    NoPlatformManifest,
    /// The disk under `/var/lib/docker` is full.
    DiskFull,
}

impl Fault {
    /// Every fault, in the order `porthole fault ls` and the page list them.
    pub const ALL: [Fault; 10] = [
        Fault::DaemonStopped,
        Fault::SshRefused,
        Fault::RegistryDenied,
        Fault::RegistryManifestUnknown,
        Fault::RegistryRateLimited,
        Fault::RegistryNoSuchHost,
        Fault::RegistryTimeout,
        Fault::PortAllocated,
        Fault::NoPlatformManifest,
        Fault::DiskFull,
    ];

    /// Returns the name scripts use: `daemon-stopped`.
    pub fn name(self) -> &'static str {
        match self {
            Fault::DaemonStopped => "daemon-stopped",
            Fault::SshRefused => "ssh-refused",
            Fault::RegistryDenied => "registry-denied",
            Fault::RegistryManifestUnknown => "registry-manifest-unknown",
            Fault::RegistryRateLimited => "registry-rate-limited",
            Fault::RegistryNoSuchHost => "registry-no-such-host",
            Fault::RegistryTimeout => "registry-timeout",
            Fault::PortAllocated => "port-allocated",
            Fault::NoPlatformManifest => "no-platform-manifest",
            Fault::DiskFull => "disk-full",
        }
    }

    /// Returns the fault with this name.
    pub fn parse(name: &str) -> Option<Fault> {
        Fault::ALL.into_iter().find(|fault| fault.name() == name)
    }

    /// Returns a one-line description for listings and the page.
    pub fn description(self) -> &'static str {
        match self {
            Fault::DaemonStopped => "dockerd is stopped; the client cannot reach its socket",
            Fault::SshRefused => "sshd refuses connections on port 22",
            Fault::RegistryDenied => "registries return 401 denied",
            Fault::RegistryManifestUnknown => "registries return 404 manifest unknown",
            Fault::RegistryRateLimited => "Docker Hub returns 429 toomanyrequests",
            Fault::RegistryNoSuchHost => "DNS cannot resolve registry names",
            Fault::RegistryTimeout => "connections to registries time out",
            Fault::PortAllocated => "another program holds the host ports containers publish",
            Fault::NoPlatformManifest => "image indexes lack a manifest for this host's platform",
            Fault::DiskFull => "no space left on the disk under /var/lib/docker",
        }
    }
}

/// The reason a `porthole fault` line was rejected.
#[derive(Clone, Debug, PartialEq, Eq)]
enum UsageError {
    Usage,
    UnknownFault(String),
    UnknownHost(String),
}

impl UsageError {
    fn message(&self) -> String {
        match self {
            UsageError::Usage => USAGE.to_string(),
            UsageError::UnknownFault(name) => {
                let names: Vec<&str> = Fault::ALL.iter().map(|fault| fault.name()).collect();
                format!(
                    "porthole: unknown fault {name:?}; faults: {}",
                    names.join(", ")
                )
            }
            UsageError::UnknownHost(name) => format!("porthole: unknown host {name:?}"),
        }
    }
}

const USAGE: &str = "usage: porthole fault on|off NAME [--host HOST]\n       porthole fault ls\n\
(a Porthole command that switches simulated failures; Docker has no such command)";

/// A parsed `porthole fault` line.
#[derive(Clone, Debug, PartialEq, Eq)]
enum Request {
    List,
    Switch {
        on: bool,
        fault: Fault,
        host: Option<String>,
    },
}

fn parse(args: &[String]) -> Result<Request, UsageError> {
    let words: Vec<&str> = args.iter().map(String::as_str).collect();
    match words.as_slice() {
        ["fault", "ls"] => Ok(Request::List),
        ["fault", switch @ ("on" | "off"), rest @ ..] => {
            let (name, host) = match rest {
                [name] => (*name, None),
                [name, "--host", host] | ["--host", host, name] => (*name, Some(host.to_string())),
                [name, flag] if flag.starts_with("--host=") => {
                    (*name, Some(flag["--host=".len()..].to_string()))
                }
                _ => return Err(UsageError::Usage),
            };
            let fault =
                Fault::parse(name).ok_or_else(|| UsageError::UnknownFault(name.to_string()))?;
            Ok(Request::Switch {
                on: *switch == "on",
                fault,
                host,
            })
        }
        _ => Err(UsageError::Usage),
    }
}

/// Runs `porthole ARGS…` in the host shell and returns its exit status.
pub fn porthole_command(world: &mut World, cx: &mut Cx, args: &[String]) -> i32 {
    let request = parse(args).and_then(|request| match request {
        Request::Switch {
            host: Some(host), ..
        } if !world.hosts.contains_key(&host) => Err(UsageError::UnknownHost(host)),
        other => Ok(other),
    });
    match request {
        Ok(Request::List) => {
            cx.out.out(listing(world));
            0
        }
        Ok(Request::Switch { on, fault, host }) => {
            let host = host.unwrap_or_else(|| world.client.host.clone());
            switch(world, cx, &host, fault, on);
            0
        }
        Err(error) => {
            cx.out.errln(error.message());
            2
        }
    }
}

/// Turns `fault` on or off on `host` and records the change for the graph.
/// Stopping the daemon stops its containers, as `systemctl stop docker`
/// does, and switching the fault off starts it again.
pub fn switch(world: &mut World, cx: &mut Cx, host: &str, fault: Fault, on: bool) {
    if fault == Fault::DaemonStopped {
        if on {
            crate::service::stop(world, cx, host);
        } else {
            crate::service::start(world, cx, host);
        }
        return;
    }
    let Some(machine) = world.hosts.get_mut(host) else {
        return;
    };
    machine.set_fault(fault, on);
    // The page marks every host fault at the host's daemon.
    let node = Node::Daemon {
        host: host.to_string(),
    };
    if on {
        cx.change(Change::Fault {
            node,
            message: format!("{}: {}", fault.name(), fault.description()),
        });
    } else {
        cx.change(Change::FaultCleared {
            node,
            fault: fault.name().to_string(),
        });
    }
}

/// Returns `porthole fault ls`: one line per host and fault, with its state.
fn listing(world: &World) -> String {
    let mut rows = vec![[
        "HOST".to_string(),
        "FAULT".to_string(),
        "STATE".to_string(),
        "WHAT".to_string(),
    ]];
    for (name, host) in &world.hosts {
        for fault in Fault::ALL {
            let state = if host.has_fault(fault) { "on" } else { "off" };
            rows.push([
                name.clone(),
                fault.name().to_string(),
                state.to_string(),
                fault.description().to_string(),
            ]);
        }
    }
    let widths: Vec<usize> = (0..3)
        .map(|column| rows.iter().map(|row| row[column].len()).max().unwrap_or(0))
        .collect();
    let mut text = String::new();
    for row in rows {
        for (column, width) in widths.iter().enumerate() {
            text.push_str(&format!("{:<width$}   ", row[column], width = width));
        }
        text.push_str(&row[3]);
        text.push('\n');
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(line: &str) -> Vec<String> {
        line.split_whitespace().map(str::to_string).collect()
    }

    #[test]
    fn names_round_trip() {
        for fault in Fault::ALL {
            assert_eq!(Fault::parse(fault.name()), Some(fault));
        }
    }

    #[test]
    fn parses_requests() {
        let cases: [(&str, Result<Request, UsageError>); 8] = [
            ("fault ls", Ok(Request::List)),
            (
                "fault on daemon-stopped",
                Ok(Request::Switch {
                    on: true,
                    fault: Fault::DaemonStopped,
                    host: None,
                }),
            ),
            (
                "fault off disk-full --host server",
                Ok(Request::Switch {
                    on: false,
                    fault: Fault::DiskFull,
                    host: Some("server".into()),
                }),
            ),
            (
                "fault on --host server ssh-refused",
                Ok(Request::Switch {
                    on: true,
                    fault: Fault::SshRefused,
                    host: Some("server".into()),
                }),
            ),
            (
                "fault on port-allocated --host=laptop",
                Ok(Request::Switch {
                    on: true,
                    fault: Fault::PortAllocated,
                    host: Some("laptop".into()),
                }),
            ),
            (
                "fault on nothing",
                Err(UsageError::UnknownFault("nothing".into())),
            ),
            ("fault on", Err(UsageError::Usage)),
            ("faults", Err(UsageError::Usage)),
        ];
        for (line, expected) in cases {
            assert_eq!(parse(&words(line)), expected, "{line}");
        }
    }

    #[test]
    fn switching_records_events_and_state() {
        let mut world = World::new();
        let mut cx = Cx::new(0);
        assert_eq!(
            porthole_command(
                &mut world,
                &mut cx,
                &words("fault on daemon-stopped --host server")
            ),
            0
        );
        assert!(world.hosts["server"].has_fault(Fault::DaemonStopped));
        assert!(!world.hosts["server"].daemon.running);
        assert!(
            matches!(&cx.events[0].kind, crate::events::EventKind::Change(Change::Fault { node, .. }) if node.to_string() == "server/dockerd")
        );
        assert_eq!(
            porthole_command(
                &mut world,
                &mut cx,
                &words("fault off daemon-stopped --host server")
            ),
            0
        );
        assert!(world.hosts["server"].daemon.running);
        assert_eq!(
            porthole_command(
                &mut world,
                &mut cx,
                &words("fault on daemon-stopped --host moon")
            ),
            2
        );
    }
}
