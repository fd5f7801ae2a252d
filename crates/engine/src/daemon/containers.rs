//! Containers: their configuration, state, logs and writable layer, and the
//! store that finds them by full ID, name or ID prefix.
//!
//! States and their STATUS texts follow moby's `container/state.go` (Docker
//! Engine 28). What a container's process does lives in
//! [`super::runtime`]; how containers change state lives in
//! [`super::lifecycle`].

use shared_sort::SortedMap;

use crate::clock::Millis;
use crate::digest::Digest;
use crate::fs::Overlay;
use crate::output::Stream;
use crate::registry::ContainerConfig;
use crate::units::{human_duration, GoDuration};

use super::runtime::Program;
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

    /// Parses a `status=` filter value of `docker ps`.
    pub fn parse(text: &str) -> Option<Status> {
        let status = match text {
            "created" => Status::Created,
            "running" => Status::Running,
            "paused" => Status::Paused,
            "restarting" => Status::Restarting,
            "exited" => Status::Exited,
            "removing" => Status::Removing,
            "dead" => Status::Dead,
            _ => return None,
        };
        Some(status)
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
    /// Set by `docker stop` and `docker kill`, cleared by a start: an
    /// `unless-stopped` policy then leaves the container stopped (moby's
    /// `HasBeenManuallyStopped`).
    pub manually_stopped: bool,
    /// Set when the container's stop signal or `SIGKILL` was sent: no
    /// restart policy restarts it after this exit (moby's `ExitOnNext`).
    pub exit_on_next: bool,
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
            manually_stopped: false,
            exit_on_next: false,
        }
    }
}

impl State {
    /// Returns the STATUS column of `docker ps` at time `now`, as moby's
    /// `State.String` words it.
    pub fn status_text(&self, now: Millis) -> String {
        let since = |time: Option<Millis>| {
            let elapsed = now.saturating_sub(time.unwrap_or(now));
            human_duration(GoDuration::from_nanos(elapsed as i64 * 1_000_000))
        };
        match self.status {
            Status::Created => "Created".to_string(),
            Status::Running => format!("Up {}", since(self.started_at)),
            Status::Paused => format!("Up {} (Paused)", since(self.started_at)),
            Status::Restarting => {
                format!(
                    "Restarting ({}) {} ago",
                    self.exit_code,
                    since(self.finished_at)
                )
            }
            Status::Exited => format!(
                "Exited ({}) {} ago",
                self.exit_code,
                since(self.finished_at)
            ),
            Status::Removing => "Removal In Progress".to_string(),
            Status::Dead => "Dead".to_string(),
        }
    }

    /// Returns whether the daemon counts the container as running: moby sets
    /// `Running` while a container is paused or waiting to restart.
    pub fn is_running(&self) -> bool {
        matches!(
            self.status,
            Status::Running | Status::Paused | Status::Restarting
        )
    }

    /// Returns whether the main process exists (running or paused).
    pub fn has_process(&self) -> bool {
        matches!(self.status, Status::Running | Status::Paused)
    }
}

/// The restart policy's name (`--restart`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RestartPolicyName {
    No,
    Always,
    UnlessStopped,
    OnFailure,
}

impl RestartPolicyName {
    /// Returns the name as `HostConfig.RestartPolicy.Name` stores it.
    pub fn as_str(self) -> &'static str {
        match self {
            RestartPolicyName::No => "no",
            RestartPolicyName::Always => "always",
            RestartPolicyName::UnlessStopped => "unless-stopped",
            RestartPolicyName::OnFailure => "on-failure",
        }
    }

    /// Parses a policy name; `None` for an unknown one.
    pub fn parse(text: &str) -> Option<RestartPolicyName> {
        let name = match text {
            "" | "no" => RestartPolicyName::No,
            "always" => RestartPolicyName::Always,
            "unless-stopped" => RestartPolicyName::UnlessStopped,
            "on-failure" => RestartPolicyName::OnFailure,
            _ => return None,
        };
        Some(name)
    }
}

/// `HostConfig.RestartPolicy`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RestartPolicy {
    pub name: RestartPolicyName,
    /// Restarts allowed by `on-failure:N`; 0 for no limit.
    pub maximum_retry_count: i64,
}

impl Default for RestartPolicy {
    fn default() -> Self {
        Self {
            name: RestartPolicyName::No,
            maximum_retry_count: 0,
        }
    }
}

/// A port binding as `HostConfig.PortBindings` stores it:
/// `-p [IP:][HOST_PORT:]CONTAINER_PORT[/PROTO]`.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct PortBinding {
    pub container_port: u16,
    /// `tcp`, `udp` or `sctp`.
    pub protocol: String,
    /// Empty for all addresses.
    pub host_ip: String,
    /// The host port as given: empty for any free port, `8080`, or a range
    /// `8000-8010` to pick a free port from.
    pub host_port: String,
}

impl PortBinding {
    /// Returns the `80/tcp` key of the port maps.
    pub fn key(&self) -> String {
        format!("{}/{}", self.container_port, self.protocol)
    }
}

/// A host port the daemon bound for a running container.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct PortAllocation {
    pub container_port: u16,
    pub protocol: String,
    /// `0.0.0.0`, `::` or the address given with `-p`.
    pub host_ip: String,
    pub host_port: u16,
}

impl PortAllocation {
    /// Returns the `80/tcp` key of the port maps.
    pub fn key(&self) -> String {
        format!("{}/{}", self.container_port, self.protocol)
    }
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

/// A `--mount` value as `HostConfig.Mounts` stores it (moby's `mount.Mount`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MountSpec {
    pub kind: MountKind,
    /// Host path for a bind mount, volume name (empty for an anonymous
    /// volume), empty for tmpfs.
    pub source: String,
    pub target: String,
    pub read_only: bool,
    /// `tmpfs-size` in bytes; 0 when not given.
    pub tmpfs_size: i64,
}

/// A mount in a container, as `docker inspect` lists it under `Mounts`
/// (moby's `MountPoint`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Mount {
    pub kind: MountKind,
    /// Host path for a bind mount, volume name for a volume, empty for tmpfs.
    pub source: String,
    pub destination: String,
    pub read_write: bool,
    /// The options of a `-v` value (`ro`, `z`); empty for `--mount`.
    pub mode: String,
    /// Whether the volume was created for this container alone (an image
    /// `VOLUME` or `-v /path` without a name), so `docker rm -v` removes it.
    pub anonymous: bool,
}

/// Settings from `docker run` that belong to the host, not the image, as
/// the daemon stores them in `HostConfig` (Engine API 1.51).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HostConfig {
    /// `-v` values with a source, relative host paths made absolute.
    pub binds: Vec<String>,
    pub port_bindings: Vec<PortBinding>,
    pub restart_policy: RestartPolicy,
    pub auto_remove: bool,
    /// `bridge`, `host`, `none`, `container:NAME` or a network name.
    pub network_mode: String,
    pub publish_all_ports: bool,
    /// `--mount` values.
    pub mounts: Vec<MountSpec>,
    /// `--tmpfs` values: destination → options.
    pub tmpfs: SortedMap<String, String>,
    pub privileged: bool,
    pub readonly_rootfs: bool,
    pub cap_add: Vec<String>,
    pub cap_drop: Vec<String>,
    pub dns: Vec<String>,
    pub dns_options: Vec<String>,
    pub dns_search: Vec<String>,
    pub extra_hosts: Vec<String>,
    pub group_add: Vec<String>,
    pub links: Vec<String>,
    pub security_opt: Vec<String>,
    pub ipc_mode: String,
    pub pid_mode: String,
    pub uts_mode: String,
    pub userns_mode: String,
    pub cgroupns_mode: String,
    pub cgroup_parent: String,
    pub oom_score_adj: i64,
    /// `--init`; `None` leaves it to the daemon's default.
    pub init: Option<bool>,
    pub shm_size: i64,
    pub runtime: String,
    pub log_driver: String,
    pub log_options: SortedMap<String, String>,
    pub sysctls: SortedMap<String, String>,
    /// Bytes; 0 for no limit.
    pub memory: i64,
    pub memory_reservation: i64,
    /// Memory plus swap in bytes; -1 for unlimited; 0 when unset. The daemon
    /// sets it to twice `memory` when only `memory` is given.
    pub memory_swap: i64,
    pub memory_swappiness: Option<i64>,
    pub oom_kill_disable: Option<bool>,
    /// CPUs × 10⁹; 0 for no limit.
    pub nano_cpus: i64,
    pub cpu_shares: i64,
    pub cpu_period: i64,
    pub cpu_quota: i64,
    pub cpuset_cpus: String,
    pub cpuset_mems: String,
    pub blkio_weight: u16,
    /// `None` unless `--pids-limit` was given with a positive value.
    pub pids_limit: Option<i64>,
}

impl Default for HostConfig {
    fn default() -> Self {
        Self {
            binds: Vec::new(),
            port_bindings: Vec::new(),
            restart_policy: RestartPolicy::default(),
            auto_remove: false,
            network_mode: "bridge".to_string(),
            publish_all_ports: false,
            mounts: Vec::new(),
            tmpfs: SortedMap::new(),
            privileged: false,
            readonly_rootfs: false,
            cap_add: Vec::new(),
            cap_drop: Vec::new(),
            dns: Vec::new(),
            dns_options: Vec::new(),
            dns_search: Vec::new(),
            extra_hosts: Vec::new(),
            group_add: Vec::new(),
            links: Vec::new(),
            security_opt: Vec::new(),
            ipc_mode: "private".to_string(),
            pid_mode: String::new(),
            uts_mode: String::new(),
            userns_mode: String::new(),
            cgroupns_mode: "private".to_string(),
            cgroup_parent: String::new(),
            oom_score_adj: 0,
            init: None,
            shm_size: 67_108_864,
            runtime: "runc".to_string(),
            log_driver: "json-file".to_string(),
            log_options: SortedMap::new(),
            sysctls: SortedMap::new(),
            memory: 0,
            memory_reservation: 0,
            memory_swap: 0,
            memory_swappiness: None,
            oom_kill_disable: None,
            nano_cpus: 0,
            cpu_shares: 0,
            cpu_period: 0,
            cpu_quota: 0,
            cpuset_cpus: String::new(),
            cpuset_mems: String::new(),
            blkio_weight: 0,
            pids_limit: None,
        }
    }
}

/// The container side of `Config` that the image does not carry.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Attachments {
    pub stdin: bool,
    pub stdout: bool,
    pub stderr: bool,
    /// `-t`.
    pub tty: bool,
    /// `-i`.
    pub open_stdin: bool,
    /// Close stdin after the first attached client leaves (`-i` on an
    /// attached run).
    pub stdin_once: bool,
}

/// One line a container wrote, for `docker logs`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LogLine {
    pub time: Millis,
    pub stream: Stream,
    pub text: String,
}

/// A container's address on one network while it runs.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Endpoint {
    pub network: String,
    /// 64 hex characters.
    pub endpoint_id: String,
    pub ip_address: String,
    pub prefix_len: u8,
    pub gateway: String,
    pub mac_address: String,
}

/// A network the container is connected to (`NetworkSettings.Networks`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NetworkAttachment {
    /// The network's ID.
    pub network_id: String,
    /// `--network-alias` and `network connect --alias` names.
    pub aliases: Vec<String>,
    /// The address and endpoint while the container runs.
    pub endpoint: Option<Endpoint>,
}

/// Something the daemon will do to a container at a later logical time.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Pending {
    /// The main process exits on its own with `code`, writing `lines` first.
    Exit {
        at: Millis,
        code: i32,
        lines: Vec<(Stream, String)>,
    },
    /// The restart manager starts the container again.
    Restart { at: Millis },
}

impl Pending {
    /// Returns when it happens.
    pub fn at(&self) -> Millis {
        match self {
            Pending::Exit { at, .. } | Pending::Restart { at } => *at,
        }
    }
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
    pub domainname: String,
    pub attach: Attachments,
    /// `--stop-timeout` in seconds.
    pub stop_timeout: Option<i64>,
    /// The process the container runs: the entrypoint's first word.
    pub path: String,
    /// The rest of the entrypoint, then the command.
    pub args: Vec<String>,
    pub host_config: HostConfig,
    pub state: State,
    /// The image's layers under the container's writable layer.
    pub rootfs: Overlay,
    /// Bind mounts, volumes and tmpfs mounts, in the order the daemon lists them.
    pub mounts: Vec<Mount>,
    /// Networks by name.
    pub networks: SortedMap<String, NetworkAttachment>,
    /// Host ports bound while the container runs.
    pub ports: Vec<PortAllocation>,
    /// The network sandbox's ID while the container runs.
    pub sandbox_id: String,
    pub logs: Vec<LogLine>,
    pub restart_count: u32,
    /// The restart manager's current back-off delay; 0 before any restart.
    pub restart_delay: Millis,
    /// The program the main process runs, decided at start.
    pub program: Option<Program>,
    pub pending: Option<Pending>,
    /// Time left on a pending exit while the container is paused.
    pub paused_remaining: Option<Millis>,
    /// The kernel state while the container runs.
    pub task: Option<crate::kernel::Task>,
    /// `docker exec` instances.
    pub execs: Vec<super::runtime::sessions::Exec>,
}

impl Container {
    /// Returns the container's endpoints on the networks it is connected to,
    /// while it runs.
    pub fn endpoints(&self) -> impl Iterator<Item = &Endpoint> {
        self.networks
            .values()
            .filter_map(|attachment| attachment.endpoint.as_ref())
    }

    /// Creates a container with an empty configuration, for tests.
    #[cfg(test)]
    pub(crate) fn for_tests() -> Container {
        Container {
            id: "0".repeat(64),
            name: "test".into(),
            created: 0,
            image: "alpine".into(),
            image_id: crate::digest::Digest::of(b"image"),
            config: Default::default(),
            hostname: "000000000000".into(),
            domainname: String::new(),
            attach: Default::default(),
            stop_timeout: None,
            path: "sh".into(),
            args: Vec::new(),
            host_config: Default::default(),
            state: State::default(),
            rootfs: Default::default(),
            mounts: Vec::new(),
            networks: Default::default(),
            ports: Vec::new(),
            sandbox_id: String::new(),
            logs: Vec::new(),
            restart_count: 0,
            restart_delay: 0,
            program: None,
            pending: None,
            paused_remaining: None,
            task: None,
            execs: Vec::new(),
        }
    }

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

    /// Returns the `Command` of the container's API summary, which `docker
    /// ps` shows: the path, then the arguments, each one that contains a
    /// space in single quotes, as moby's container list writes it.
    pub fn api_command(&self) -> String {
        let mut command = self.path.clone();
        for arg in &self.args {
            command.push(' ');
            if arg.contains(' ') {
                command.push_str(&format!("'{arg}'"));
            } else {
                command.push_str(arg);
            }
        }
        command
    }

    /// Returns the container's labels.
    pub fn labels(&self) -> &SortedMap<String, String> {
        &self.config.labels
    }

    /// Writes a line to the container's log.
    pub fn log(&mut self, time: Millis, stream: Stream, text: impl Into<String>) {
        let stream = if self.attach.tty {
            Stream::Stdout
        } else {
            stream
        };
        self.logs.push(LogLine {
            time,
            stream,
            text: text.into(),
        });
    }
}

/// Validates a container name as the daemon does (moby's `validContainerNamePattern`).
pub fn validate_name(name: &str) -> Result<(), ApiError> {
    let bare = name.strip_prefix('/').unwrap_or(name);
    let mut chars = bare.chars();
    let first_ok = chars.next().is_some_and(|c| c.is_ascii_alphanumeric());
    let rest_ok =
        bare.len() >= 2 && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '.' | '-'));
    if first_ok && rest_ok {
        return Ok(());
    }
    Err(ApiError::new(
        400,
        format!("Invalid container name ({name}), only [a-zA-Z0-9][a-zA-Z0-9_.-] are allowed"),
    ))
}

/// Returns the daemon's name conflict error.
pub fn name_conflict(name: &str, holder: &str) -> ApiError {
    ApiError::new(
        409,
        format!(
            "Conflict. The container name \"/{name}\" is already in use by container \"{holder}\". You have to remove (or rename) that container to be able to reuse that name."
        ),
    )
}

/// How many removed containers the store remembers.
const REMEMBERED_REMOVALS: usize = 16;

/// Containers in creation order.
#[derive(Clone, Debug, Default)]
pub struct ContainerStore {
    containers: Vec<Container>,
    /// The last containers removed, oldest first, so a client that waits
    /// for `condition=removed` can still read the exit code and output.
    removed: Vec<Container>,
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

    /// Iterates over containers for changes, oldest first.
    pub fn iter_mut(&mut self) -> impl DoubleEndedIterator<Item = &mut Container> {
        self.containers.iter_mut()
    }

    /// Returns how many containers exist.
    pub fn len(&self) -> usize {
        self.containers.len()
    }

    /// Returns whether there are no containers.
    pub fn is_empty(&self) -> bool {
        self.containers.is_empty()
    }

    /// Returns the container that holds a name, if any.
    pub fn name_in_use(&self, name: &str) -> Option<&Container> {
        self.containers
            .iter()
            .find(|container| container.name == name)
    }

    /// Returns the container with this full ID.
    pub fn get(&self, id: &str) -> Option<&Container> {
        self.containers.iter().find(|container| container.id == id)
    }

    /// Returns the container with this full ID, for changes.
    pub fn get_mut(&mut self, id: &str) -> Option<&mut Container> {
        self.containers
            .iter_mut()
            .find(|container| container.id == id)
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
        let index = self
            .containers
            .iter()
            .position(|container| container.id == id)?;
        Some(self.containers.remove(index))
    }

    /// Remembers a removed container.
    pub fn bury(&mut self, container: Container) {
        self.removed.push(container);
        if self.removed.len() > REMEMBERED_REMOVALS {
            self.removed.remove(0);
        }
    }

    /// Returns a recently removed container by full ID.
    pub fn removed(&self, id: &str) -> Option<&Container> {
        self.removed
            .iter()
            .rev()
            .find(|container| container.id == id)
    }

    fn position(&self, name: &str) -> Result<usize, ApiError> {
        if name.is_empty() {
            return Err(ApiError::new(
                400,
                "invalid container name or ID: value is empty",
            ));
        }
        if let Some(index) = self
            .containers
            .iter()
            .position(|container| container.id == name)
        {
            return Ok(index);
        }
        let bare = name.strip_prefix('/').unwrap_or(name);
        if let Some(index) = self
            .containers
            .iter()
            .position(|container| container.name == bare)
        {
            return Ok(index);
        }
        let mut matches = self
            .containers
            .iter()
            .enumerate()
            .filter(|(_, container)| container.id.starts_with(name))
            .map(|(index, _)| index);
        match (matches.next(), matches.next()) {
            (Some(index), None) => Ok(index),
            (None, _) => Err(ApiError::no_such_container(name)),
            (Some(_), Some(_)) => Err(ApiError::new(
                400,
                format!("multiple IDs found with provided prefix: {name}"),
            )),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// One STATUS case: status, exit code, started and finished offsets in
    /// seconds before now, and the text `docker ps` prints.
    type StatusCase = (Status, i32, Option<u64>, Option<u64>, &'static str);

    #[test]
    fn status_texts_match_moby() {
        let now = 10_000_000;
        let cases: &[StatusCase] = &[
            (Status::Created, 0, None, None, "Created"),
            (Status::Running, 0, Some(0), None, "Up Less than a second"),
            (Status::Running, 0, Some(3), None, "Up 3 seconds"),
            (Status::Running, 0, Some(90), None, "Up About a minute"),
            (Status::Paused, 0, Some(120), None, "Up 2 minutes (Paused)"),
            (
                Status::Restarting,
                1,
                Some(2),
                Some(1),
                "Restarting (1) 1 second ago",
            ),
            (
                Status::Restarting,
                3,
                Some(2),
                Some(0),
                "Restarting (3) Less than a second ago",
            ),
            (
                Status::Exited,
                0,
                Some(10),
                Some(5),
                "Exited (0) 5 seconds ago",
            ),
            (
                Status::Exited,
                137,
                Some(100),
                Some(70),
                "Exited (137) About a minute ago",
            ),
            (
                Status::Exited,
                143,
                Some(9000),
                Some(7200),
                "Exited (143) 2 hours ago",
            ),
            (Status::Removing, 0, None, None, "Removal In Progress"),
            (Status::Dead, 0, None, None, "Dead"),
        ];
        for (status, exit_code, started, finished, expected) in cases {
            let state = State {
                status: *status,
                exit_code: *exit_code,
                started_at: started.map(|seconds| now - seconds * 1000),
                finished_at: finished.map(|seconds| now - seconds * 1000),
                ..State::default()
            };
            assert_eq!(state.status_text(now), *expected, "{status:?} {exit_code}");
        }
    }

    #[test]
    fn running_includes_paused_and_restarting() {
        for (status, running, process) in [
            (Status::Created, false, false),
            (Status::Running, true, true),
            (Status::Paused, true, true),
            (Status::Restarting, true, false),
            (Status::Exited, false, false),
        ] {
            let state = State {
                status,
                ..State::default()
            };
            assert_eq!(state.is_running(), running, "{status:?}");
            assert_eq!(state.has_process(), process, "{status:?}");
        }
    }

    #[test]
    fn container_names_validate() {
        assert!(validate_name("scrapyd_demo_6818").is_ok());
        assert!(validate_name("/web").is_ok());
        assert!(validate_name("a.b-c").is_ok());
        assert_eq!(
            validate_name("-bad").unwrap_err().message,
            "Invalid container name (-bad), only [a-zA-Z0-9][a-zA-Z0-9_.-] are allowed"
        );
        assert!(validate_name("a").is_err());
        assert!(validate_name("web server").is_err());
    }

    #[test]
    fn restart_policy_names_round_trip() {
        for name in [
            RestartPolicyName::No,
            RestartPolicyName::Always,
            RestartPolicyName::UnlessStopped,
            RestartPolicyName::OnFailure,
        ] {
            assert_eq!(RestartPolicyName::parse(name.as_str()), Some(name));
        }
        assert_eq!(RestartPolicyName::parse("sometimes"), None);
    }
}
