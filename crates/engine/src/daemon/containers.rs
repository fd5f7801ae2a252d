//! Containers: their configuration, state and writable layer.
//!
//! States and their STATUS texts follow moby's `container/state.go`.

use crate::clock::Millis;
use crate::digest::Digest;
use crate::fs::Overlay;
use crate::output::Stream;
use crate::registry::ContainerConfig;
use crate::units::{human_duration, GoDuration};

use super::ApiError;

/// Where a container is in its life cycle.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Status {
    Created,
    Running,
    Paused,
    Restarting,
    Exited,
    Removing,
    Dead,
}

impl Status {
    /// Returns the `State.Status` word of `docker inspect`.
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Created => "created",
            Status::Running => "running",
            Status::Paused => "paused",
            Status::Restarting => "restarting",
            Status::Exited => "exited",
            Status::Removing => "removing",
            Status::Dead => "dead",
        }
    }
}

/// A container's run state.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct State {
    pub status: Status,
    /// Host PID of the container's PID 1; 0 when it is not running.
    pub pid: u32,
    pub exit_code: i32,
    pub oom_killed: bool,
    pub started_at: Option<Millis>,
    pub finished_at: Option<Millis>,
    /// The error that stopped the container from starting, if any.
    pub error: String,
}

impl Default for State {
    fn default() -> Self {
        Self {
            status: Status::Created,
            pid: 0,
            exit_code: 0,
            oom_killed: false,
            started_at: None,
            finished_at: None,
            error: String::new(),
        }
    }
}

impl State {
    /// Returns the STATUS column of `docker ps` at time `now`.
    pub fn status_text(&self, now: Millis) -> String {
        let since = |time: Option<Millis>| {
            human_duration(GoDuration::from_nanos(now.saturating_sub(time.unwrap_or(now)) as i64 * 1_000_000))
        };
        match self.status {
            Status::Created => "Created".to_string(),
            Status::Running => format!("Up {}", since(self.started_at)),
            Status::Paused => format!("Up {} (Paused)", since(self.started_at)),
            Status::Restarting => format!("Restarting ({}) {} ago", self.exit_code, since(self.finished_at)),
            Status::Exited => format!("Exited ({}) {} ago", self.exit_code, since(self.finished_at)),
            Status::Removing => "Removal In Progress".to_string(),
            Status::Dead => "Dead".to_string(),
        }
    }

    /// Returns whether the container is running (paused counts as running).
    pub fn is_running(&self) -> bool {
        matches!(self.status, Status::Running | Status::Paused | Status::Restarting)
    }
}

/// A published port: `-p [IP:][HOST_PORT:]CONTAINER_PORT[/PROTO]`.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct PortBinding {
    pub container_port: u16,
    /// `tcp`, `udp` or `sctp`.
    pub protocol: String,
    /// Empty for all addresses.
    pub host_ip: String,
    /// 0 until the daemon picks an ephemeral port.
    pub host_port: u16,
}

/// What kind of storage a mount attaches.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MountKind {
    Bind,
    Volume,
    Tmpfs,
}

impl MountKind {
    /// Returns the `Type` word of `docker inspect`.
    pub fn as_str(self) -> &'static str {
        match self {
            MountKind::Bind => "bind",
            MountKind::Volume => "volume",
            MountKind::Tmpfs => "tmpfs",
        }
    }
}

/// A mount in a container.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Mount {
    pub kind: MountKind,
    /// Host path for a bind mount, volume name for a volume.
    pub source: String,
    pub destination: String,
    pub read_write: bool,
}

/// Settings from `docker run` that belong to the host, not the image.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HostConfig {
    pub port_bindings: Vec<PortBinding>,
    pub publish_all_ports: bool,
    pub mounts: Vec<Mount>,
    /// `bridge`, `host`, `none`, `container:NAME` or a network name.
    pub network_mode: String,
    /// `no`, `always`, `unless-stopped`, `on-failure[:N]`.
    pub restart_policy: String,
    pub auto_remove: bool,
    /// Bytes; 0 for no limit.
    pub memory: i64,
    /// Memory plus swap in bytes; -1 for unlimited, 0 when unset.
    pub memory_swap: i64,
    pub memory_reservation: i64,
    /// CPUs × 10⁹; 0 for no limit.
    pub nano_cpus: i64,
    pub cpu_shares: i64,
    pub cpu_period: i64,
    pub cpu_quota: i64,
    pub cpuset_cpus: String,
    /// `None` unless `--pids-limit` was given.
    pub pids_limit: Option<i64>,
    pub pid_mode: String,
    pub ipc_mode: String,
    pub uts_mode: String,
    pub userns_mode: String,
}

impl Default for HostConfig {
    fn default() -> Self {
        Self {
            port_bindings: Vec::new(),
            publish_all_ports: false,
            mounts: Vec::new(),
            network_mode: "bridge".to_string(),
            restart_policy: "no".to_string(),
            auto_remove: false,
            memory: 0,
            memory_swap: 0,
            memory_reservation: 0,
            nano_cpus: 0,
            cpu_shares: 0,
            cpu_period: 0,
            cpu_quota: 0,
            cpuset_cpus: String::new(),
            pids_limit: None,
            pid_mode: String::new(),
            ipc_mode: "private".to_string(),
            uts_mode: String::new(),
            userns_mode: String::new(),
        }
    }
}

/// One line a container wrote, for `docker logs`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LogLine {
    pub time: Millis,
    pub stream: Stream,
    pub text: String,
}

/// A container's address on one network.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Endpoint {
    pub network: String,
    pub ip_address: String,
    pub prefix_len: u8,
    pub gateway: String,
    pub mac_address: String,
}

/// A container.
#[derive(Clone, Debug)]
pub struct Container {
    /// 64 lowercase hex characters.
    pub id: String,
    /// The name without Docker's leading `/`.
    pub name: String,
    pub created: Millis,
    /// The image as the user named it.
    pub image: String,
    pub image_id: Digest,
    /// The image's config merged with `docker run`'s options.
    pub config: ContainerConfig,
    pub hostname: String,
    pub tty: bool,
    pub open_stdin: bool,
    /// The process the container runs: entrypoint and command joined.
    pub path: String,
    pub args: Vec<String>,
    pub host_config: HostConfig,
    pub state: State,
    /// The image's layers under the container's writable layer.
    pub rootfs: Overlay,
    pub endpoints: Vec<Endpoint>,
    pub logs: Vec<LogLine>,
    pub restart_count: u32,
}

impl Container {
    /// Returns the first 12 characters of the ID.
    pub fn short_id(&self) -> &str {
        &self.id[..12]
    }

    /// Returns the COMMAND column's text before quoting and cutting:
    /// the path and arguments joined by spaces.
    pub fn command_line(&self) -> String {
        std::iter::once(self.path.as_str())
            .chain(self.args.iter().map(String::as_str))
            .filter(|part| !part.is_empty())
            .collect::<Vec<_>>()
            .join(" ")
    }
}

/// Containers in creation order.
#[derive(Clone, Debug, Default)]
pub struct ContainerStore {
    containers: Vec<Container>,
}

impl ContainerStore {
    /// Adds a container.
    pub fn insert(&mut self, container: Container) {
        self.containers.push(container);
    }

    /// Iterates over containers, oldest first.
    pub fn iter(&self) -> impl DoubleEndedIterator<Item = &Container> {
        self.containers.iter()
    }

    /// Returns how many containers exist.
    pub fn len(&self) -> usize {
        self.containers.len()
    }

    /// Returns whether there are no containers.
    pub fn is_empty(&self) -> bool {
        self.containers.is_empty()
    }

    /// Returns whether a container has this name.
    pub fn name_in_use(&self, name: &str) -> Option<&Container> {
        self.containers.iter().find(|container| container.name == name)
    }

    /// Finds a container by full ID, name (with or without `/`) or unique ID
    /// prefix, in that order of precedence, as moby's `GetContainer` does.
    pub fn lookup(&self, name: &str) -> Result<&Container, ApiError> {
        self.position(name).map(|index| &self.containers[index])
    }

    /// Like [`Self::lookup`], for changes.
    pub fn lookup_mut(&mut self, name: &str) -> Result<&mut Container, ApiError> {
        let index = self.position(name)?;
        Ok(&mut self.containers[index])
    }

    /// Removes a container by ID.
    pub fn remove(&mut self, id: &str) -> Option<Container> {
        let index = self.containers.iter().position(|container| container.id == id)?;
        Some(self.containers.remove(index))
    }

    fn position(&self, name: &str) -> Result<usize, ApiError> {
        if name.is_empty() {
            return Err(ApiError::new(404, "No such container: "));
        }
        if let Some(index) = self.containers.iter().position(|container| container.id == name) {
            return Ok(index);
        }
        let bare = name.strip_prefix('/').unwrap_or(name);
        if let Some(index) = self.containers.iter().position(|container| container.name == bare) {
            return Ok(index);
        }
        let matches: Vec<usize> = self
            .containers
            .iter()
            .enumerate()
            .filter(|(_, container)| container.id.starts_with(name))
            .map(|(index, _)| index)
            .collect();
        match matches.as_slice() {
            [index] => Ok(*index),
            [] => Err(ApiError::no_such_container(name)),
            _ => Err(ApiError::new(
                400,
                format!("multiple IDs found with provided prefix: {name}"),
            )),
        }
    }
}
