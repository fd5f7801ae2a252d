//! The event trace: what every command did, in order.
//!
//! A command returns its output, its exit code and a list of events. An event
//! is either a [`Message`] between two [`Node`]s of the architecture (an Engine
//! API request from the client to the daemon, a registry request from the
//! daemon to a registry) or a [`Change`] to the world's state (a layer stored,
//! a container started). The page plays events back as animation and the
//! `porthole script --trace` command prints them as JSON lines; the engine
//! itself never waits for either.

use std::fmt;

use crate::clock::Millis;

/// A component of the architecture that messages travel between.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Node {
    /// The `docker` command on a host.
    Client { host: String },
    /// `dockerd` on a host.
    Daemon { host: String },
    /// `containerd` on a host.
    Containerd { host: String },
    /// The `containerd-shim-runc-v2` process that supervises one container.
    Shim { host: String, container: String },
    /// `runc`, which creates a container's namespaces and cgroup.
    Runc { host: String },
    /// The host's Linux kernel.
    Kernel { host: String },
    /// A registry, by the host name requests go to (`registry-1.docker.io`).
    Registry { host: String },
}

impl Node {
    /// Returns the host this node runs on, or the registry's host name.
    pub fn host(&self) -> &str {
        match self {
            Node::Client { host }
            | Node::Daemon { host }
            | Node::Containerd { host }
            | Node::Shim { host, .. }
            | Node::Runc { host }
            | Node::Kernel { host }
            | Node::Registry { host } => host,
        }
    }
}

impl fmt::Display for Node {
    /// Writes `HOST/client`, `HOST/dockerd`, `HOST/containerd`,
    /// `HOST/shim/ID12`, `HOST/runc`, `HOST/kernel` or `registry/HOST`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Node::Client { host } => write!(f, "{host}/client"),
            Node::Daemon { host } => write!(f, "{host}/dockerd"),
            Node::Containerd { host } => write!(f, "{host}/containerd"),
            Node::Shim { host, container } => write!(f, "{host}/shim/{container}"),
            Node::Runc { host } => write!(f, "{host}/runc"),
            Node::Kernel { host } => write!(f, "{host}/kernel"),
            Node::Registry { host } => write!(f, "registry/{host}"),
        }
    }
}

impl From<Node> for String {
    fn from(node: Node) -> String {
        node.to_string()
    }
}

impl TryFrom<String> for Node {
    type Error = String;

    fn try_from(text: String) -> Result<Self, Self::Error> {
        let invalid = || format!("invalid node name {text:?}");
        let (first, rest) = text.split_once('/').ok_or_else(invalid)?;
        if first == "registry" {
            return Ok(Node::Registry {
                host: rest.to_string(),
            });
        }
        let host = first.to_string();
        match rest.split_once('/') {
            Some(("shim", container)) => Ok(Node::Shim {
                host,
                container: container.to_string(),
            }),
            Some(_) => Err(invalid()),
            None => match rest {
                "client" => Ok(Node::Client { host }),
                "dockerd" => Ok(Node::Daemon { host }),
                "containerd" => Ok(Node::Containerd { host }),
                "runc" => Ok(Node::Runc { host }),
                "kernel" => Ok(Node::Kernel { host }),
                _ => Err(invalid()),
            },
        }
    }
}

/// A request from one node to another and the status it got back.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Message {
    pub from: Node,
    pub to: Node,
    /// HTTP method (`GET`, `HEAD`, `POST`, `PUT`, `PATCH`, `DELETE`), or the RPC
    /// name for calls that are not HTTP (`containerd.tasks.v1.Tasks/Create`).
    pub method: String,
    /// Path without the query (`/v1.51/containers/create`), or an absolute
    /// address for requests that leave the host (`https://auth.docker.io/token`).
    pub path: String,
    /// Query string without the leading `?`; empty when there is none.
    pub query: String,
    /// HTTP status of the response, or 0 when no response came (a refused
    /// connection or a timeout).
    pub status: u16,
    /// Request body or notable headers, for the inspector.
    pub request: Option<String>,
    /// Response body or notable headers, for the inspector.
    pub response: Option<String>,
}

impl Message {
    /// Returns the label drawn on the token: `POST /v1.51/containers/create`.
    pub fn label(&self) -> String {
        if self.query.is_empty() {
            format!("{} {}", self.method, self.path)
        } else {
            format!("{} {}?{}", self.method, self.path, self.query)
        }
    }
}

/// Which resource limit the kernel enforced.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Resource {
    Memory,
    Cpu,
    Pids,
}

/// How a build step ended.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum StepOutcome {
    /// The step ran; `cache_miss` says why the cache could not be used.
    Ran { cache_miss: String },
    /// The step's result came from the build cache.
    Cached,
    /// The step failed with this message.
    Failed { message: String },
}

/// A change to the state of the world.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Change {
    LayerStored {
        host: String,
        diff_id: String,
        size: u64,
    },
    LayerDeleted {
        host: String,
        diff_id: String,
    },
    ImageStored {
        host: String,
        image_id: String,
    },
    ImageTagged {
        host: String,
        image_id: String,
        reference: String,
    },
    ImageUntagged {
        host: String,
        image_id: String,
        reference: String,
    },
    ImageDeleted {
        host: String,
        image_id: String,
    },
    BuildStep {
        host: String,
        vertex: u32,
        name: String,
        outcome: StepOutcome,
    },
    ContainerCreated {
        host: String,
        id: String,
        name: String,
        image_id: String,
    },
    ContainerStarted {
        host: String,
        id: String,
        pid: u32,
    },
    ContainerExited {
        host: String,
        id: String,
        exit_code: i32,
        oom_killed: bool,
    },
    ContainerPaused {
        host: String,
        id: String,
    },
    ContainerUnpaused {
        host: String,
        id: String,
    },
    ContainerRemoved {
        host: String,
        id: String,
    },
    ProcessStarted {
        host: String,
        container: String,
        pid: u32,
        host_pid: u32,
        command: String,
    },
    ProcessExited {
        host: String,
        container: String,
        host_pid: u32,
        status: i32,
    },
    NamespaceCreated {
        host: String,
        container: String,
        kind: String,
        inode: u64,
    },
    /// A container joined another container's namespace (`--network
    /// container:NAME`, `--pid container:NAME`); `owner` is that one's ID.
    NamespaceJoined {
        host: String,
        container: String,
        kind: String,
        inode: u64,
        owner: String,
    },
    CgroupCreated {
        host: String,
        container: String,
        path: String,
    },
    LimitEnforced {
        host: String,
        container: String,
        resource: Resource,
        detail: String,
    },
    NetworkCreated {
        host: String,
        id: String,
        name: String,
    },
    NetworkRemoved {
        host: String,
        id: String,
    },
    NetworkConnected {
        host: String,
        network: String,
        container: String,
        address: String,
    },
    PortPublished {
        host: String,
        container: String,
        host_port: String,
        container_port: String,
    },
    VolumeCreated {
        host: String,
        name: String,
    },
    VolumeRemoved {
        host: String,
        name: String,
    },
    BlobStored {
        registry: String,
        repository: String,
        digest: String,
    },
    ManifestStored {
        registry: String,
        repository: String,
        reference: String,
        digest: String,
    },
    Fault {
        node: Node,
        message: String,
    },
    /// A switched-on fault was switched off again.
    FaultCleared {
        node: Node,
        fault: String,
    },
}

/// What an event is.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum EventKind {
    Message(Message),
    Change(Change),
}

/// One entry of the trace, stamped with the logical time it happened at.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Event {
    /// Logical milliseconds since the Unix epoch.
    pub time: Millis,
    pub kind: EventKind,
}

mod json;

#[cfg(test)]
mod tests {
    use super::*;

    /// Returns every variant, with the values the inspector shows.
    fn every_change() -> Vec<Change> {
        let h = || "laptop".to_string();
        let t = |text: &str| text.to_string();
        let node = Node::Shim {
            host: h(),
            container: t("abc"),
        };
        vec![
            Change::LayerStored {
                host: h(),
                diff_id: t("sha256:1"),
                size: 42,
            },
            Change::LayerDeleted {
                host: h(),
                diff_id: t("sha256:1"),
            },
            Change::ImageStored {
                host: h(),
                image_id: t("sha256:2"),
            },
            Change::ImageTagged {
                host: h(),
                image_id: t("sha256:2"),
                reference: t("x:1"),
            },
            Change::ImageUntagged {
                host: h(),
                image_id: t("sha256:2"),
                reference: t("x:1"),
            },
            Change::ImageDeleted {
                host: h(),
                image_id: t("sha256:2"),
            },
            Change::BuildStep {
                host: h(),
                vertex: 3,
                name: t("[2/2] RUN a"),
                outcome: StepOutcome::Ran {
                    cache_miss: t("new"),
                },
            },
            Change::BuildStep {
                host: h(),
                vertex: 4,
                name: t("b"),
                outcome: StepOutcome::Cached,
            },
            Change::BuildStep {
                host: h(),
                vertex: 5,
                name: t("c"),
                outcome: StepOutcome::Failed {
                    message: t("exit \"1\"\n"),
                },
            },
            Change::ContainerCreated {
                host: h(),
                id: t("abc"),
                name: t("web"),
                image_id: t("sha256:2"),
            },
            Change::ContainerStarted {
                host: h(),
                id: t("abc"),
                pid: 7,
            },
            Change::ContainerExited {
                host: h(),
                id: t("abc"),
                exit_code: -1,
                oom_killed: true,
            },
            Change::ContainerPaused {
                host: h(),
                id: t("abc"),
            },
            Change::ContainerUnpaused {
                host: h(),
                id: t("abc"),
            },
            Change::ContainerRemoved {
                host: h(),
                id: t("abc"),
            },
            Change::ProcessStarted {
                host: h(),
                container: t("abc"),
                pid: 1,
                host_pid: 4242,
                command: t("sh -c 'x'"),
            },
            Change::ProcessExited {
                host: h(),
                container: t("abc"),
                host_pid: 4242,
                status: 137,
            },
            Change::NamespaceCreated {
                host: h(),
                container: t("abc"),
                kind: t("pid"),
                inode: 4026531836,
            },
            Change::NamespaceJoined {
                host: h(),
                container: t("abc"),
                kind: t("net"),
                inode: 4026531840,
                owner: t("def"),
            },
            Change::CgroupCreated {
                host: h(),
                container: t("abc"),
                path: t("/sys/fs/cgroup/x"),
            },
            Change::LimitEnforced {
                host: h(),
                container: t("abc"),
                resource: Resource::Memory,
                detail: t("64m"),
            },
            Change::LimitEnforced {
                host: h(),
                container: t("abc"),
                resource: Resource::Cpu,
                detail: t(""),
            },
            Change::LimitEnforced {
                host: h(),
                container: t("abc"),
                resource: Resource::Pids,
                detail: t(""),
            },
            Change::NetworkCreated {
                host: h(),
                id: t("n1"),
                name: t("net"),
            },
            Change::NetworkRemoved {
                host: h(),
                id: t("n1"),
            },
            Change::NetworkConnected {
                host: h(),
                network: t("net"),
                container: t("abc"),
                address: t("172.18.0.2"),
            },
            Change::PortPublished {
                host: h(),
                container: t("abc"),
                host_port: t("8080"),
                container_port: t("80/tcp"),
            },
            Change::VolumeCreated {
                host: h(),
                name: t("v"),
            },
            Change::VolumeRemoved {
                host: h(),
                name: t("v"),
            },
            Change::BlobStored {
                registry: t("r"),
                repository: t("library/x"),
                digest: t("sha256:3"),
            },
            Change::ManifestStored {
                registry: t("r"),
                repository: t("library/x"),
                reference: t("1"),
                digest: t("sha256:4"),
            },
            Change::Fault {
                node: node.clone(),
                message: t("down"),
            },
            Change::FaultCleared {
                node,
                fault: t("down"),
            },
        ]
    }

    /// The inspector's text for every change, as the serde derives that
    /// came before [`Change::to_json`] wrote it.
    #[test]
    fn change_json_matches_earlier_text() {
        let expected = include_str!("events/testdata/changes.jsonl");
        let written: Vec<String> = every_change()
            .iter()
            .map(|change| change.to_json().to_rust_compact())
            .collect();
        assert_eq!(written, expected.lines().collect::<Vec<_>>());
    }

    /// An event is one flat object, as `porthole script --trace` printed it
    /// when serde derives wrote it: an empty query and absent bodies are left
    /// out.
    #[test]
    fn event_json_is_flat() {
        let daemon = Node::Daemon {
            host: "laptop".into(),
        };
        let message = Event {
            time: 7,
            kind: EventKind::Message(Message {
                from: Node::Client {
                    host: "laptop".into(),
                },
                to: daemon.clone(),
                method: "POST".into(),
                path: "/v1.51/images/create".into(),
                query: "fromImage=alpine".into(),
                status: 200,
                request: None,
                response: Some("{\"status\":\"ok\"}".into()),
            }),
        };
        assert_eq!(
            message.to_json().to_rust_compact(),
            r#"{"time":7,"type":"message","from":"laptop/client","to":"laptop/dockerd","method":"POST","path":"/v1.51/images/create","query":"fromImage=alpine","status":200,"response":"{\"status\":\"ok\"}"}"#
        );
        let ping = Event {
            time: 8,
            kind: EventKind::Message(Message {
                from: Node::Client {
                    host: "laptop".into(),
                },
                to: daemon,
                method: "HEAD".into(),
                path: "/_ping".into(),
                query: String::new(),
                status: 200,
                request: None,
                response: None,
            }),
        };
        assert_eq!(
            ping.to_json().to_rust_compact(),
            r#"{"time":8,"type":"message","from":"laptop/client","to":"laptop/dockerd","method":"HEAD","path":"/_ping","status":200}"#
        );
        let step = Event {
            time: 9,
            kind: EventKind::Change(Change::BuildStep {
                host: "laptop".into(),
                vertex: 5,
                name: "[2/2] RUN echo hi > /x".into(),
                outcome: StepOutcome::Cached,
            }),
        };
        assert_eq!(
            step.to_json().to_rust_compact(),
            r#"{"time":9,"type":"change","change":"build_step","host":"laptop","vertex":5,"name":"[2/2] RUN echo hi > /x","outcome":"cached"}"#
        );
    }

    #[test]
    fn node_names_round_trip() {
        let nodes = [
            Node::Client {
                host: "laptop".into(),
            },
            Node::Daemon {
                host: "laptop".into(),
            },
            Node::Containerd {
                host: "server".into(),
            },
            Node::Shim {
                host: "laptop".into(),
                container: "3f2a1b0c9d8e".into(),
            },
            Node::Runc {
                host: "laptop".into(),
            },
            Node::Kernel {
                host: "laptop".into(),
            },
            Node::Registry {
                host: "registry-1.docker.io".into(),
            },
        ];
        for node in nodes {
            let text = node.to_string();
            assert_eq!(Node::try_from(text.clone()), Ok(node), "{text}");
        }
    }
}
