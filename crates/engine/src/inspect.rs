//! Read-only queries for the page's inspector.
//!
//! The [`crate::view::WorldView`] taken after every command contains what
//! the graph draws. When the user selects one object, the inspector asks for
//! more: a layer's files, an image's history and config, a container's
//! namespaces seen from the host beside the same things seen from inside.
//! Each query reads a world (or a snapshot of one) and returns plain data,
//! or `None` when the object does not exist on that host.

use crate::daemon::containers::{Container, MountKind};
use crate::daemon::Daemon;
use crate::digest::Digest;
use crate::fs::EntryKind;
use crate::host::Host;
use crate::viewbuild::NAMESPACE_KINDS;
use crate::world::World;

/// Inode numbers of the host's initial namespaces, fixed by the Linux kernel
/// (`PROC_*_INIT_INO` in `include/linux/proc_ns.h`). The initial mount and
/// network namespaces get dynamic numbers, so they are absent here.
pub const HOST_NAMESPACE_INODES: [(&str, u64); 5] = [
    ("ipc", 0xEFFF_FFFF),
    ("uts", 0xEFFF_FFFE),
    ("user", 0xEFFF_FFFD),
    ("pid", 0xEFFF_FFFC),
    ("cgroup", 0xEFFF_FFFB),
];

/// Docker's data directory on a host.
const DOCKER_ROOT: &str = "/var/lib/docker";

/// The files one layer adds, changes or deletes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LayerFiles {
    /// The first entries in path order, at most the number asked for.
    pub files: Vec<LayerFile>,
    /// How many entries the layer has in all.
    pub total: usize,
}

/// One entry of a layer.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LayerFile {
    pub path: String,
    pub kind: FileKind,
    /// Bytes for a file, the target's length for a symlink, else 0.
    pub size: u64,
    /// Permission bits (`0o755`).
    pub mode: u32,
    pub uid: u32,
    pub gid: u32,
    /// A symlink's target; empty for other kinds.
    pub target: String,
}

/// The kind of a layer entry, as a layer tar records it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FileKind {
    Directory,
    /// A directory that hides the lower layers' contents (`.wh..wh..opq`).
    OpaqueDirectory,
    File,
    Symlink,
    /// A deletion of the path in lower layers (`.wh.NAME`).
    Whiteout,
}

/// An image's config and history, as `docker image inspect` and `docker
/// history` show them.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ImageDetails {
    pub id: String,
    pub tags: Vec<String>,
    pub repo_digests: Vec<String>,
    /// RFC 3339 creation time from the config.
    pub created: String,
    pub architecture: String,
    pub os: String,
    pub user: String,
    pub working_dir: String,
    pub env: Vec<String>,
    pub entrypoint: Vec<String>,
    pub cmd: Vec<String>,
    pub exposed_ports: Vec<String>,
    /// Oldest first, one row per instruction.
    pub history: Vec<HistoryRow>,
}

/// One instruction of an image's history.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HistoryRow {
    pub created: String,
    pub created_by: String,
    pub comment: String,
    /// The layer the instruction made; `None` for `ENV`, `CMD` and the other
    /// instructions that make no layer.
    pub diff_id: Option<String>,
    /// The layer's size in bytes; `None` when it made no layer.
    pub size: Option<u64>,
}

/// The same fact seen from the host and from inside the container.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Sides {
    pub host: String,
    pub container: String,
}

/// A namespace of a container beside the host's namespace of that kind.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NamespacePair {
    /// `pid`, `net`, `mnt`, `uts`, `ipc`, `user` or `cgroup`.
    pub kind: String,
    /// The host's initial namespace inode, where Linux fixes it.
    pub host_inode: Option<u64>,
    /// `host` or `container:NAME` when the container joins that namespace
    /// instead of having its own; empty when it is private.
    pub shared_with: String,
    /// The isolated resource, seen from both sides.
    pub sides: Sides,
}

/// A network interface of a container and its peer on the host.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct InterfacePair {
    /// The network the interface belongs to (`bridge`).
    pub network: String,
    /// `eth0 172.17.0.2/16` inside; `docker0 172.17.0.1` (the bridge) and
    /// its veth on the host.
    pub sides: Sides,
    pub mac_address: String,
}

/// A mount: the data's place on the host and the path the container uses.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MountPair {
    /// `rootfs`, `bind`, `volume` or `tmpfs`.
    pub kind: String,
    pub sides: Sides,
    pub read_write: bool,
}

/// A container seen from the host and from inside.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ContainerDetails {
    pub id: String,
    pub name: String,
    pub hostname: Sides,
    /// PID 1 inside and its PID on the host; empty sides when not running.
    pub pid: Sides,
    pub user: String,
    pub working_dir: String,
    pub env: Vec<String>,
    pub command: String,
    pub restart_policy: String,
    pub namespaces: Vec<NamespacePair>,
    pub interfaces: Vec<InterfacePair>,
    pub mounts: Vec<MountPair>,
    /// The cgroup's directory on the host and the root it appears as inside.
    pub cgroup: Sides,
    /// Bytes in the container's writable layer.
    pub writable_size: u64,
    /// `docker diff`'s lines: `A /app/new.txt`, at most the number asked for.
    pub changes: Vec<String>,
    pub changes_total: usize,
}

/// Returns up to `limit` entries of the layer with this diff ID on `host`.
pub fn layer_files(world: &World, host: &str, diff_id: &str, limit: usize) -> Option<LayerFiles> {
    let daemon = &world.hosts.get(host)?.daemon;
    let layer = daemon
        .layers
        .iter()
        .find(|layer| layer.diff_id.to_string() == diff_id)?;
    let files = layer
        .changes
        .iter()
        .take(limit)
        .map(|(path, entry)| layer_file(path.as_str(), entry))
        .collect();
    Some(LayerFiles {
        files,
        total: layer.changes.len(),
    })
}

fn layer_file(path: &str, entry: &crate::fs::Entry) -> LayerFile {
    let (kind, target) = match &entry.kind {
        EntryKind::Directory => (FileKind::Directory, String::new()),
        EntryKind::OpaqueDirectory => (FileKind::OpaqueDirectory, String::new()),
        EntryKind::File(_) => (FileKind::File, String::new()),
        EntryKind::Symlink(target) => (FileKind::Symlink, target.clone()),
        EntryKind::Whiteout => (FileKind::Whiteout, String::new()),
    };
    LayerFile {
        path: path.to_string(),
        kind,
        size: entry.size(),
        mode: entry.mode,
        uid: entry.uid,
        gid: entry.gid,
        target,
    }
}

/// Returns the config and history of the image with this ID on `host`.
pub fn image_details(world: &World, host: &str, image_id: &str) -> Option<ImageDetails> {
    let daemon = &world.hosts.get(host)?.daemon;
    let image = daemon
        .images
        .iter()
        .find(|image| image.id.to_string() == image_id)?;
    let config = &image.config.config;
    Some(ImageDetails {
        id: image.id.to_string(),
        tags: daemon
            .images
            .tags_of(&image.id)
            .iter()
            .map(|tag| tag.familiar_string())
            .collect(),
        repo_digests: image.repo_digests.clone(),
        created: image.config.created.clone(),
        architecture: image.config.architecture.clone(),
        os: image.config.os.clone(),
        user: config.user.clone(),
        working_dir: config.working_dir.clone(),
        env: config.env.clone(),
        entrypoint: config.entrypoint.clone(),
        cmd: config.cmd.clone(),
        exposed_ports: config.exposed_ports.keys().cloned().collect(),
        history: history_rows(daemon, image),
    })
}

/// Pairs each history entry that made a layer with the next layer of the
/// image, as `docker history` does.
fn history_rows(daemon: &Daemon, image: &crate::daemon::images::Image) -> Vec<HistoryRow> {
    let mut layers = image
        .chain
        .iter()
        .map(|chain_id| daemon.layers.get(chain_id));
    image
        .config
        .history
        .iter()
        .map(|entry| {
            let layer = if entry.empty_layer {
                None
            } else {
                layers.next().flatten()
            };
            HistoryRow {
                created: entry.created.clone(),
                created_by: entry.created_by.clone(),
                comment: entry.comment.clone(),
                diff_id: layer.map(|layer| layer.diff_id.to_string()),
                size: layer.map(|layer| layer.size),
            }
        })
        .collect()
}

/// Returns the container with this ID on `host` seen from both sides, with
/// at most `change_limit` lines of its `docker diff`.
pub fn container_details(
    world: &World,
    host_name: &str,
    id: &str,
    change_limit: usize,
) -> Option<ContainerDetails> {
    let host = world.hosts.get(host_name)?;
    let container = host
        .daemon
        .containers
        .iter()
        .find(|container| container.id == id)?;
    let running = container.state.is_running();
    let changes = container.rootfs.diff();
    Some(ContainerDetails {
        id: container.id.clone(),
        name: container.name.clone(),
        hostname: Sides {
            host: host.name.clone(),
            container: container.hostname.clone(),
        },
        pid: if running {
            Sides {
                host: container.state.pid.to_string(),
                container: "1".to_string(),
            }
        } else {
            Sides::default()
        },
        user: if container.config.user.is_empty() {
            "root".to_string()
        } else {
            container.config.user.clone()
        },
        working_dir: if container.config.working_dir.is_empty() {
            "/".to_string()
        } else {
            container.config.working_dir.clone()
        },
        env: container.config.env.clone(),
        command: container.api_command(),
        restart_policy: match container.host_config.restart_policy.maximum_retry_count {
            0 => container
                .host_config
                .restart_policy
                .name
                .as_str()
                .to_string(),
            count => format!(
                "{}:{count}",
                container.host_config.restart_policy.name.as_str()
            ),
        },
        namespaces: if running {
            namespace_pairs(host, container)
        } else {
            Vec::new()
        },
        interfaces: interface_pairs(host, container),
        mounts: mount_pairs(container),
        cgroup: if running {
            Sides {
                host: format!("/sys/fs/cgroup/system.slice/docker-{}.scope", container.id),
                container: "/".to_string(),
            }
        } else {
            Sides::default()
        },
        writable_size: container.rootfs.upper_size(),
        changes_total: changes.len(),
        changes: changes
            .iter()
            .take(change_limit)
            .map(ToString::to_string)
            .collect(),
    })
}

fn namespace_pairs(host: &Host, container: &Container) -> Vec<NamespacePair> {
    let config = &container.host_config;
    let address = container
        .endpoints()
        .next()
        .map(|endpoint| endpoint.ip_address.as_str())
        .unwrap_or("");
    NAMESPACE_KINDS
        .iter()
        .map(|kind| {
            let (mode, sides) = match *kind {
                "pid" => (
                    config.pid_mode.as_str(),
                    sides(format!("PID {}", container.state.pid), "PID 1"),
                ),
                "net" => (
                    config.network_mode.as_str(),
                    sides(
                        format!("host interfaces, {}", host_bridge(host, container)),
                        net_inside(address),
                    ),
                ),
                "mnt" => (
                    "",
                    sides(format!("{}/merged", container_layer_dir(container)), "/"),
                ),
                "uts" => (
                    config.uts_mode.as_str(),
                    sides(
                        format!("hostname {}", host.name),
                        format!("hostname {}", container.hostname),
                    ),
                ),
                "ipc" => (
                    config.ipc_mode.as_str(),
                    sides(
                        "the host's System V IPC and /dev/shm",
                        "its own IPC objects and /dev/shm",
                    ),
                ),
                "user" => ("host", sides("uid 0 is root", "uid 0 is the same root")),
                _ => (
                    "",
                    sides(
                        format!("/sys/fs/cgroup/system.slice/docker-{}.scope", container.id),
                        "/",
                    ),
                ),
            };
            NamespacePair {
                kind: kind.to_string(),
                host_inode: HOST_NAMESPACE_INODES
                    .iter()
                    .find(|(name, _)| name == kind)
                    .map(|(_, inode)| *inode),
                shared_with: if mode == "host" || mode.starts_with("container:") {
                    mode.to_string()
                } else {
                    String::new()
                },
                sides,
            }
        })
        .collect()
}

fn sides(host: impl Into<String>, container: impl Into<String>) -> Sides {
    Sides {
        host: host.into(),
        container: container.into(),
    }
}

fn net_inside(address: &str) -> String {
    if address.is_empty() {
        "lo only".to_string()
    } else {
        format!("lo, eth0 {address}")
    }
}

/// Returns the host side of the container's first network: the bridge
/// interface with its gateway address.
fn host_bridge(host: &Host, container: &Container) -> String {
    let Some(endpoint) = container.endpoints().next() else {
        return "no link to the container".to_string();
    };
    let bridge = host
        .daemon
        .networks
        .iter()
        .find(|network| network.name == endpoint.network)
        .map(|network| network.bridge.clone())
        .unwrap_or_default();
    format!("{bridge} {}", endpoint.gateway)
}

fn interface_pairs(host: &Host, container: &Container) -> Vec<InterfacePair> {
    container
        .endpoints()
        .map(|endpoint| {
            let bridge = host
                .daemon
                .networks
                .iter()
                .find(|network| network.name == endpoint.network)
                .map(|network| network.bridge.clone())
                .unwrap_or_default();
            InterfacePair {
                network: endpoint.network.clone(),
                sides: Sides {
                    host: format!(
                        "{} on {bridge} ({})",
                        veth_name(&container.id, &endpoint.network),
                        endpoint.gateway
                    ),
                    container: format!("eth0 {}/{}", endpoint.ip_address, endpoint.prefix_len),
                },
                mac_address: endpoint.mac_address.clone(),
            }
        })
        .collect()
}

/// Returns a name for the host end of the container's veth pair. Docker
/// draws it at random (`veth` and 7 hex digits). This one derives the
/// digits from the container and network, so it is the same every run.
fn veth_name(container_id: &str, network: &str) -> String {
    let digest = Digest::of(format!("veth {container_id} {network}").as_bytes()).hex();
    format!("veth{}", &digest[..7])
}

/// Returns the overlay2 directory of the container's writable layer. Docker
/// names it after a random cache ID; this one uses the container ID.
fn container_layer_dir(container: &Container) -> String {
    format!("{DOCKER_ROOT}/overlay2/{}", container.id)
}

fn mount_pairs(container: &Container) -> Vec<MountPair> {
    let rootfs = MountPair {
        kind: "rootfs".to_string(),
        sides: sides(format!("{}/merged", container_layer_dir(container)), "/"),
        read_write: true,
    };
    let mounts = container.mounts.iter().map(|mount| {
        let host = match mount.kind {
            MountKind::Bind => mount.source.clone(),
            MountKind::Volume => format!("{DOCKER_ROOT}/volumes/{}/_data", mount.source),
            MountKind::Tmpfs => "tmpfs (memory)".to_string(),
        };
        MountPair {
            kind: mount.kind.as_str().to_string(),
            sides: sides(host, mount.destination.clone()),
            read_write: mount.read_write,
        }
    });
    std::iter::once(rootfs).chain(mounts).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn world_with_alpine_container() -> (World, String) {
        let mut world = World::new();
        world.run_line("docker run -d --name web -v /srv/data:/data alpine sleep 1000");
        let view = world.view();
        let id = view.hosts[0].containers[0].id.clone();
        (world, id)
    }

    #[test]
    fn host_namespace_inodes_match_linux() {
        let inodes: Vec<u64> = HOST_NAMESPACE_INODES
            .iter()
            .map(|(_, inode)| *inode)
            .collect();
        assert_eq!(
            inodes,
            [4026531839, 4026531838, 4026531837, 4026531836, 4026531835]
        );
    }

    #[test]
    fn layer_files_lists_pulled_layer() {
        let mut world = World::new();
        world.run_line("docker pull alpine");
        let diff_id = world.view().hosts[0].layers[0].diff_id.clone();
        let files = layer_files(&world, "laptop", &diff_id, 5).expect("layer exists");
        assert!(files.total > 0);
        assert!(files.files.len() <= 5);
        assert!(files.files.iter().all(|file| file.path.starts_with('/')));
    }

    #[test]
    fn layer_files_missing_layer_is_none() {
        let world = World::new();
        assert_eq!(layer_files(&world, "laptop", "sha256:00", 5), None);
        assert_eq!(layer_files(&world, "nowhere", "sha256:00", 5), None);
    }

    #[test]
    fn image_details_pairs_history_with_layers() {
        let mut world = World::new();
        world.run_line("docker pull python:3.12-slim");
        let view = world.view();
        let image = &view.hosts[0].images[0];
        let details = image_details(&world, "laptop", &image.id).expect("image exists");
        let layered: Vec<&String> = details
            .history
            .iter()
            .filter_map(|row| row.diff_id.as_ref())
            .collect();
        assert_eq!(layered.len(), image.layers.len());
        assert_eq!(layered[0], &image.layers[0]);
        assert_eq!(details.tags, ["python:3.12-slim"]);
    }

    #[test]
    fn container_details_show_both_sides() {
        let (world, id) = world_with_alpine_container();
        let details = container_details(&world, "laptop", &id, 10).expect("container exists");
        assert_eq!(details.hostname.host, "laptop");
        assert_eq!(details.hostname.container, &id[..12]);
        assert_eq!(details.pid.container, "1");
        assert_eq!(details.namespaces.len(), NAMESPACE_KINDS.len());
        let user = details
            .namespaces
            .iter()
            .find(|pair| pair.kind == "user")
            .expect("user namespace");
        assert_eq!(user.shared_with, "host");
        let bind = details
            .mounts
            .iter()
            .find(|mount| mount.kind == "bind")
            .expect("bind mount");
        assert_eq!(bind.sides, sides("/srv/data", "/data"));
        assert_eq!(
            details.interfaces[0].sides.container.split('/').next(),
            Some("eth0 172.17.0.2")
        );
    }

    #[test]
    fn veth_name_is_stable() {
        assert_eq!(veth_name("abc", "bridge"), veth_name("abc", "bridge"));
        assert_ne!(veth_name("abc", "bridge"), veth_name("abd", "bridge"));
        assert_eq!(veth_name("abc", "bridge").len(), 11);
    }
}
