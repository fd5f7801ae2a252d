//! A read-only summary of the world for drawing it.
//!
//! The page draws its graph and inspector from a [`WorldView`] taken after
//! each command, and reveals the objects in it as the command's events play.
//! Ids here are the same strings the events carry, so the page can match a
//! [`crate::events::Change`] to the object it creates.

/// Everything the page draws.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct WorldView {
    /// The host the terminal's `docker` client runs on.
    pub client_host: String,
    /// The host whose daemon the client talks to, by the client's
    /// `DOCKER_HOST`, `DOCKER_CONTEXT` and current context.
    pub target_host: String,
    /// The context the client would use (`default` unless one is chosen).
    pub context: String,
    pub hosts: Vec<HostView>,
    pub registries: Vec<RegistryView>,
    /// The stage graph of the most recent build, if any.
    pub build: Option<BuildView>,
    /// Whether permissive mode synthesises images for unknown references.
    pub permissive: bool,
}

/// One machine with its daemon and what the daemon manages.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct HostView {
    pub name: String,
    pub daemon_running: bool,
    /// CPU architecture (`amd64`, `arm64`).
    pub architecture: String,
    /// The address the other hosts reach this one at on the LAN.
    pub address: String,
    /// Every fault the page can switch on this host, with its state.
    pub faults: Vec<FaultView>,
    /// CPUs the host has: the scale of the CPU gauge of a container without a
    /// CPU limit.
    pub cpus: u32,
    /// Bytes of RAM: the scale of the memory gauge of a container without a
    /// memory limit.
    pub memory: u64,
    /// Layers in the daemon's layer store, bottom layers first; images refer to
    /// them by diff ID, so a layer shared by two images appears once.
    pub layers: Vec<LayerView>,
    pub images: Vec<ImageView>,
    pub containers: Vec<ContainerView>,
    pub networks: Vec<NetworkView>,
    pub volumes: Vec<VolumeView>,
}

/// A switchable fault of one host.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FaultView {
    /// The name `porthole fault on NAME` takes (`daemon-stopped`).
    pub name: String,
    pub description: String,
    pub on: bool,
}

/// A layer in a daemon's layer store.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LayerView {
    /// `sha256:…` of the uncompressed layer.
    pub diff_id: String,
    /// Bytes the layer adds.
    pub size: u64,
    /// The instruction that made it, as `docker history` shows it.
    pub created_by: String,
    /// False when a RUN's effect on files could not be modelled.
    pub simulated: bool,
}

/// An image in a daemon's image store.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ImageView {
    /// `sha256:…` of the image config (the IMAGE ID).
    pub id: String,
    /// Tags in familiar form (`python:3.12-slim`); empty for a dangling image.
    pub tags: Vec<String>,
    /// Diff IDs, bottom first.
    pub layers: Vec<String>,
    pub size: u64,
    pub created: u64,
}

/// A container on a host.
#[derive(Clone, Debug, PartialEq)]
pub struct ContainerView {
    /// 64 hex characters.
    pub id: String,
    pub name: String,
    /// The image as the user named it.
    pub image: String,
    pub image_id: String,
    /// `created`, `running`, `paused`, `restarting`, `exited` or `dead`.
    pub state: String,
    /// The STATUS column of `docker ps`.
    pub status: String,
    pub command: String,
    /// The PORTS column of `docker ps`, split at `, `.
    pub ports: Vec<String>,
    pub oom_killed: bool,
    pub exit_code: i32,
    pub namespaces: Vec<NamespaceView>,
    pub processes: Vec<ProcessView>,
    pub cgroup: Option<CgroupView>,
    pub mounts: Vec<MountView>,
    pub networks: Vec<String>,
    pub ip_address: String,
    pub hostname: String,
}

/// A namespace a container's processes live in.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NamespaceView {
    /// `pid`, `net`, `mnt`, `uts`, `ipc`, `user` or `cgroup`.
    pub kind: String,
    /// The inode number `ls -l /proc/PID/ns` shows (`pid:[4026532…]`).
    pub inode: u64,
    /// Who else is in it: `host`, `container:NAME`, or empty when private.
    pub shared_with: String,
}

/// A process in a container, seen from both sides of the PID namespace.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ProcessView {
    pub pid: u32,
    pub host_pid: u32,
    pub user: String,
    pub command: String,
}

/// A container's cgroup (cgroup v2): limits and current use. The limits come
/// from `docker run`'s `-m`, `--cpus` and `--pids-limit`; the usage fields stay
/// 0 until a kernel model accounts for the container's processes.
#[derive(Clone, Debug, PartialEq)]
pub struct CgroupView {
    pub path: String,
    /// `memory.max` in bytes; `None` for `max`.
    pub memory_max: Option<u64>,
    pub memory_current: u64,
    /// CPUs the quota allows (`cpu.max` quota / period); `None` for `max`.
    pub cpus: Option<f64>,
    /// CPU use in percent of one CPU, as `docker stats` shows it.
    pub cpu_percent: f64,
    /// `pids.max`; `None` for `max`.
    pub pids_max: Option<u64>,
    pub pids_current: u64,
}

/// A bind mount, volume or tmpfs in a container.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MountView {
    /// `bind`, `volume` or `tmpfs`.
    pub kind: String,
    pub source: String,
    pub destination: String,
    pub read_write: bool,
}

/// A network on a host.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NetworkView {
    pub id: String,
    pub name: String,
    pub driver: String,
    pub subnet: String,
    pub gateway: String,
}

/// A named volume on a host.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct VolumeView {
    pub name: String,
    pub mountpoint: String,
}

/// A registry and what it stores.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct RegistryView {
    /// The name users write in references (`docker.io`, `localhost:5000`).
    pub name: String,
    /// The host requests go to (`registry-1.docker.io`).
    pub host: String,
    pub reachable: bool,
    /// Repositories the user has pulled from or pushed to, with their tags;
    /// the whole catalogue is too large to draw.
    pub repositories: Vec<RepositoryView>,
    /// The host whose container serves the registry (`registry:2` run
    /// there); `None` for Docker Hub.
    pub machine: Option<String>,
}

/// A repository in a registry.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RepositoryView {
    pub name: String,
    pub tags: Vec<String>,
}

/// The stage graph of a build.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct BuildView {
    pub stages: Vec<StageView>,
    /// `(from, to)` indices into `stages`: `to` needs `from` (FROM a stage or
    /// `COPY --from`).
    pub edges: Vec<(usize, usize)>,
}

/// One stage of a build.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StageView {
    /// The `AS` name, or `stage-N`.
    pub name: String,
    pub base: String,
    /// Stages with the same level have no dependency between them and build in
    /// parallel.
    pub level: usize,
    /// False for a stage the target does not need, which BuildKit skips.
    pub built: bool,
}
