//! Lesson goals, checked against the world's state and its event trace.
//!
//! A goal states what must be true of the world, never which command the
//! learner typed: `docker build -t scrapyd-demo .` and `docker tag …
//! scrapyd-demo` both meet "an image tagged scrapyd-demo exists". Goals
//! about the architecture ("the client sent a request to the daemon")
//! read the trace of events since the lesson started, because a request
//! leaves no state behind.
//!
//! Goals are data (JSON objects tagged by `goal`), so lesson files carry them,
//! and [`from_world`] proposes goals that describe a world as it is, for a
//! teacher who builds a lesson by doing it once.

use crate::daemon::containers::{Container, MountKind};
use crate::events::{Event, EventKind, Message, Node};
use crate::host::Host;
use crate::reference;
use crate::world::World;

/// Something that must be true of the world for a lesson to be solved.
#[derive(Clone, Debug, PartialEq)]
pub enum Goal {
    /// An image with this tag exists (`scrapyd-demo` means
    /// `scrapyd-demo:latest`), with at least `layers` layers when given.
    Image { tag: String, layers: Option<usize> },
    /// At least one container matches every condition given.
    Container(ContainerGoal),
    /// No container with this name exists.
    NoContainer { name: String },
    /// A request from one kind of node to another was sent since the
    /// lesson started, whose path (and query, when given) contains these
    /// texts.
    Request(RequestGoal),
}

/// The conditions a container must meet; absent ones are not checked.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ContainerGoal {
    pub name: Option<String>,
    /// The image as `docker run` named it, compared by its normalised
    /// reference (`scrapyd-demo` equals `scrapyd-demo:latest`).
    pub image: Option<String>,
    /// Whether its main process runs now.
    pub running: Option<bool>,
    /// Whether the kernel killed it at its memory limit.
    pub oom_killed: Option<bool>,
    /// A published port as (host port, container port).
    pub publishes: Option<(u16, u16)>,
    /// A memory limit (`-m`) of at most this many bytes.
    pub memory_at_most: Option<u64>,
    /// A CPU limit (`--cpus`) of at most this many CPUs.
    pub cpus_at_most: Option<f64>,
    /// A bind mount onto this path inside the container.
    pub bind: Option<String>,
    /// A path that exists in the container's file system.
    pub file: Option<String>,
    /// A path that does not exist in the container's file system.
    pub missing: Option<String>,
    /// A path its writable layer added or changed (`docker diff`).
    pub changed: Option<String>,
}

/// A request seen in the trace.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RequestGoal {
    pub from: NodeKind,
    pub to: NodeKind,
    /// The HTTP method, when given (`DELETE`).
    pub method: Option<String>,
    /// Text the path contains (`/containers/create`).
    pub path: String,
    /// Text the query contains (`stars`), when given.
    pub query: Option<String>,
}

/// A kind of node, whatever host it runs on.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NodeKind {
    Client,
    Daemon,
    Containerd,
    Shim,
    Runc,
    Kernel,
    Registry,
}

impl NodeKind {
    /// Returns the kind of a node.
    pub fn of(node: &Node) -> Self {
        match node {
            Node::Client { .. } => NodeKind::Client,
            Node::Daemon { .. } => NodeKind::Daemon,
            Node::Containerd { .. } => NodeKind::Containerd,
            Node::Shim { .. } => NodeKind::Shim,
            Node::Runc { .. } => NodeKind::Runc,
            Node::Kernel { .. } => NodeKind::Kernel,
            Node::Registry { .. } => NodeKind::Registry,
        }
    }
}

impl Goal {
    /// Returns whether the goal is met in `world`, given the events of the
    /// lesson so far (oldest first). Image and container goals look at the
    /// daemon the client talks to.
    pub fn is_met(&self, world: &World, trace: &[Event]) -> bool {
        let Some(host) = world.hosts.get(&world.client.host) else {
            return false;
        };
        match self {
            Goal::Image { tag, layers } => image_met(host, tag, *layers),
            Goal::Container(goal) => host
                .daemon
                .containers
                .iter()
                .any(|container| goal.matches(container)),
            Goal::NoContainer { name } => host
                .daemon
                .containers
                .iter()
                .all(|container| &container.name != name),
            Goal::Request(goal) => trace.iter().any(|event| goal.matches(event)),
        }
    }
}

fn image_met(host: &Host, tag: &str, layers: Option<usize>) -> bool {
    let Ok(expected) = reference::parse_docker_ref(tag) else {
        return false;
    };
    host.daemon
        .images
        .by_tag(&expected)
        .is_some_and(|image| image.diff_ids().len() >= layers.unwrap_or(0))
}

impl ContainerGoal {
    /// Returns whether `container` meets every condition given.
    pub fn matches(&self, container: &Container) -> bool {
        let config = &container.host_config;
        let checks = [
            self.name
                .as_ref()
                .is_none_or(|name| &container.name == name),
            self.image
                .as_ref()
                .is_none_or(|image| same_image(image, &container.image)),
            self.running
                .is_none_or(|running| container.state.is_running() == running),
            self.oom_killed
                .is_none_or(|killed| container.state.oom_killed == killed),
            self.publishes
                .is_none_or(|ports| publishes(container, ports)),
            self.memory_at_most
                .is_none_or(|max| config.memory > 0 && config.memory as u64 <= max),
            self.cpus_at_most.is_none_or(|max| {
                config.nano_cpus > 0 && config.nano_cpus as f64 / 1e9 <= max + 1e-9
            }),
            self.bind
                .as_ref()
                .is_none_or(|target| binds(container, target)),
            self.file
                .as_ref()
                .is_none_or(|path| container.rootfs.exists(path)),
            self.missing
                .as_ref()
                .is_none_or(|path| !container.rootfs.exists(path)),
            self.changed
                .as_ref()
                .is_none_or(|path| changed(container, path)),
        ];
        checks.into_iter().all(|check| check)
    }
}

/// Compares two image names by their normalised references, or as typed
/// when either is not a reference (an image ID).
fn same_image(wanted: &str, actual: &str) -> bool {
    match (
        reference::parse_docker_ref(wanted),
        reference::parse_docker_ref(actual),
    ) {
        (Ok(wanted), Ok(actual)) => wanted.familiar_string() == actual.familiar_string(),
        _ => wanted == actual,
    }
}

fn publishes(container: &Container, (host_port, container_port): (u16, u16)) -> bool {
    let host_port = host_port.to_string();
    container
        .host_config
        .port_bindings
        .iter()
        .any(|binding| binding.host_port == host_port && binding.container_port == container_port)
}

fn binds(container: &Container, target: &str) -> bool {
    container.mounts.iter().any(|mount| {
        mount.kind == MountKind::Bind
            && mount.destination.trim_end_matches('/') == target.trim_end_matches('/')
    })
}

fn changed(container: &Container, path: &str) -> bool {
    container
        .rootfs
        .diff()
        .iter()
        .any(|change| change.path.as_str() == path)
}

impl RequestGoal {
    /// Returns whether `event` is a request this goal requires.
    pub fn matches(&self, event: &Event) -> bool {
        let EventKind::Message(message) = &event.kind else {
            return false;
        };
        self.matches_message(message)
    }

    fn matches_message(&self, message: &Message) -> bool {
        NodeKind::of(&message.from) == self.from
            && NodeKind::of(&message.to) == self.to
            && self
                .method
                .as_ref()
                .is_none_or(|method| &message.method == method)
            && message.path.contains(&self.path)
            && self
                .query
                .as_ref()
                .is_none_or(|query| message.query.contains(query))
    }
}

/// Returns goals that the world meets now: one for every tagged image
/// that was built rather than pulled, and one for every container, with
/// its name, image, state, ports, limits and bind mounts. A teacher edits
/// them before saving a lesson.
pub fn from_world(world: &World) -> Vec<Goal> {
    let Some(host) = world.hosts.get(&world.client.host) else {
        return Vec::new();
    };
    let mut goals = built_images(host);
    goals.extend(
        host.daemon
            .containers
            .iter()
            .map(|container| Goal::Container(describe(container))),
    );
    goals
}

/// Returns an image goal for every tag of an image with no repository
/// digest: one the learner built, not one pulled from a registry.
fn built_images(host: &Host) -> Vec<Goal> {
    host.daemon
        .images
        .all_tags()
        .into_iter()
        .filter_map(|(reference, id)| {
            let image = host
                .daemon
                .images
                .get(&id)
                .filter(|image| image.repo_digests.is_empty())?;
            let layers = image.diff_ids().len();
            Some(Goal::Image {
                tag: reference.familiar_string(),
                layers: (layers > 1).then_some(layers),
            })
        })
        .collect()
}

fn describe(container: &Container) -> ContainerGoal {
    let config = &container.host_config;
    ContainerGoal {
        name: Some(container.name.clone()),
        image: Some(container.image.clone()),
        running: Some(container.state.is_running()),
        oom_killed: container.state.oom_killed.then_some(true),
        publishes: config.port_bindings.iter().find_map(|binding| {
            let host = binding.host_port.parse().ok()?;
            Some((host, binding.container_port))
        }),
        memory_at_most: (config.memory > 0).then_some(config.memory as u64),
        cpus_at_most: (config.nano_cpus > 0).then_some(config.nano_cpus as f64 / 1e9),
        bind: container
            .mounts
            .iter()
            .find(|mount| mount.kind == MountKind::Bind)
            .map(|mount| mount.destination.clone()),
        file: None,
        missing: None,
        changed: None,
    }
}

mod json;
#[cfg(test)]
mod tests;
