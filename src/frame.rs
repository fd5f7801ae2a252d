//! The world as the graph draws it partway through a command's events.
//!
//! Each timeline entry keeps the view taken after its command. To draw the
//! world after only some of its events, [`compose`] starts from that view
//! and takes back, newest first, the effect of every event not yet played.
//! A layer, image, container, network or volume that an unplayed event
//! creates is hidden. One that an unplayed event deletes is restored from
//! the view before the command. A container keeps its earlier state until
//! the event that changes it plays. With every event played, the frame is
//! exactly the view after the command.

use engine::events::{Change, Event, EventKind, Message, Node, Resource, StepOutcome};
use engine::view::{ContainerView, HostView, WorldView};
use shared_sort::SortedSet;

/// The drawing at one point of the timeline.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Frame {
    pub view: WorldView,
    /// Nodes drawn red: the target of a fault, and for a command that
    /// failed, the nodes that rejected its last requests once all its
    /// events played.
    pub failed: Vec<Node>,
    /// The messages of the faults played so far, by the node they hit.
    pub fault_messages: Vec<(Node, String)>,
    /// Build steps played so far, in order.
    pub steps: Vec<Step>,
    /// Limits the kernel enforced so far: (container ID, resource).
    pub limits_hit: Vec<(String, Resource)>,
}

/// One build step and how it ended.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Step {
    pub name: String,
    pub outcome: StepOutcome,
}

/// Composes the frame after `played` of `events`, the events of a command
/// that turned `before` into `after`. `command_failed` is true when the
/// command exited with a non-zero status.
pub fn compose(
    before: &WorldView,
    after: &WorldView,
    events: &[Event],
    played: usize,
    command_failed: bool,
) -> Frame {
    let played = played.min(events.len());
    let (done, pending) = events.split_at(played);
    let mut view = after.clone();
    for event in pending.iter().rev() {
        if let EventKind::Change(change) = &event.kind {
            revert(&mut view, before, change);
        }
    }
    revert_container_states(&mut view, before, done, pending);
    hide_unreached_repositories(&mut view, before, done);
    if !build_started(done) && !pending.is_empty() {
        view.build = before.build.clone();
    }
    Frame {
        view,
        failed: failed_nodes(done, command_failed && pending.is_empty()),
        fault_messages: fault_messages(done),
        steps: steps(done),
        limits_hit: limits_hit(done),
    }
}

/// Takes back the effect of one change on the view.
fn revert(view: &mut WorldView, before: &WorldView, change: &Change) {
    match change {
        Change::LayerStored { host, diff_id, .. } if !has_layer(before, host, diff_id) => {
            with_host(view, host, |target| {
                target.layers.retain(|layer| &layer.diff_id != diff_id)
            });
        }
        Change::LayerDeleted { host, diff_id } => {
            if let Some(layer) = host_of(before, host).and_then(|earlier| {
                earlier
                    .layers
                    .iter()
                    .find(|layer| &layer.diff_id == diff_id)
            }) {
                let layer = layer.clone();
                with_host(view, host, |target| {
                    restore(&mut target.layers, layer, |known| known.diff_id == *diff_id)
                });
            }
        }
        Change::ImageStored { host, image_id } if !has_image(before, host, image_id) => {
            with_host(view, host, |target| {
                target.images.retain(|image| &image.id != image_id)
            });
        }
        Change::ImageDeleted { host, image_id } => {
            if let Some(image) = host_of(before, host)
                .and_then(|earlier| earlier.images.iter().find(|image| &image.id == image_id))
            {
                let image = image.clone();
                with_host(view, host, |target| {
                    restore(&mut target.images, image, |known| known.id == *image_id)
                });
            }
        }
        Change::ImageTagged {
            host,
            image_id,
            reference,
        } => untag(view, before, host, image_id, reference),
        Change::ImageUntagged {
            host,
            image_id,
            reference,
        } => with_host(view, host, |target| {
            if let Some(image) = target.images.iter_mut().find(|image| &image.id == image_id) {
                if !image.tags.contains(reference) {
                    image.tags.push(reference.clone());
                }
            }
        }),
        Change::ContainerCreated { host, id, .. }
            if host_of(before, host)
                .and_then(|earlier| container_in(earlier, id))
                .is_none() =>
        {
            with_host(view, host, |target| {
                target.containers.retain(|container| &container.id != id)
            });
        }
        Change::ContainerRemoved { host, id } => {
            if let Some(container) =
                host_of(before, host).and_then(|earlier| container_in(earlier, id))
            {
                let container = container.clone();
                with_host(view, host, |target| {
                    restore(&mut target.containers, container, |known| known.id == *id)
                });
            }
        }
        Change::NetworkCreated { host, id, .. }
            if !host_of(before, host).is_some_and(|earlier| {
                earlier.networks.iter().any(|network| &network.id == id)
            }) =>
        {
            with_host(view, host, |target| {
                target.networks.retain(|network| &network.id != id)
            });
        }
        Change::NetworkRemoved { host, id } => {
            if let Some(network) = host_of(before, host)
                .and_then(|earlier| earlier.networks.iter().find(|network| &network.id == id))
            {
                let network = network.clone();
                with_host(view, host, |target| {
                    restore(&mut target.networks, network, |known| known.id == *id)
                });
            }
        }
        Change::NetworkConnected {
            host,
            network,
            container,
            ..
        } => {
            let was_connected = host_of(before, host)
                .and_then(|earlier| container_in(earlier, container))
                .is_some_and(|earlier| earlier.networks.contains(network));
            if !was_connected {
                with_container(view, host, container, |target| {
                    target.networks.retain(|name| name != network);
                    if target.networks.is_empty() {
                        target.ip_address.clear();
                    }
                });
            }
        }
        Change::PortPublished {
            host,
            container,
            host_port,
            container_port,
        } => {
            let mapping = format!(":{host_port}->{container_port}");
            with_container(view, host, container, |target| {
                target.ports.retain(|port| !port.contains(&mapping))
            });
        }
        Change::VolumeCreated { host, name }
            if !host_of(before, host).is_some_and(|earlier| {
                earlier.volumes.iter().any(|volume| &volume.name == name)
            }) =>
        {
            with_host(view, host, |target| {
                target.volumes.retain(|volume| &volume.name != name)
            });
        }
        Change::VolumeRemoved { host, name } => {
            if let Some(volume) = host_of(before, host)
                .and_then(|earlier| earlier.volumes.iter().find(|volume| &volume.name == name))
            {
                let volume = volume.clone();
                with_host(view, host, |target| {
                    restore(&mut target.volumes, volume, |known| known.name == *name)
                });
            }
        }
        Change::Fault { node, .. } | Change::FaultCleared { node, .. } => {
            let host = node.host().to_string();
            if let Some(earlier) = before
                .hosts
                .iter()
                .find(|candidate| candidate.name == host)
                .cloned()
            {
                with_host(view, &host, |target| {
                    target.faults = earlier.faults;
                    target.daemon_running = earlier.daemon_running;
                });
            }
        }
        _ => {}
    }
}

/// Takes a tag off the image an unplayed event gave it, and gives it back
/// to the image that had it before, if that image is drawn.
fn untag(view: &mut WorldView, before: &WorldView, host: &str, image_id: &str, reference: &str) {
    let earlier_owner = host_of(before, host)
        .and_then(|earlier| {
            earlier
                .images
                .iter()
                .find(|image| image.tags.iter().any(|tag| tag == reference))
        })
        .map(|image| image.id.clone());
    with_host(view, host, |target| {
        if let Some(image) = target.images.iter_mut().find(|image| image.id == image_id) {
            image.tags.retain(|tag| tag != reference);
        }
        if let Some(owner) = earlier_owner
            .as_ref()
            .and_then(|id| target.images.iter_mut().find(|image| &image.id == id))
        {
            if !owner.tags.iter().any(|tag| tag == reference) {
                owner.tags.push(reference.to_string());
            }
        }
    });
}

/// Gives every container with an unplayed state change the state it had
/// after its last played change, or before the command.
fn revert_container_states(
    view: &mut WorldView,
    before: &WorldView,
    done: &[Event],
    pending: &[Event],
) {
    let waiting: SortedSet<(&str, &str)> = pending
        .iter()
        .filter_map(state_change)
        .map(|(host, id, _)| (host, id))
        .collect();
    for (host, id) in waiting {
        let earlier = host_of(before, host)
            .and_then(|earlier| container_in(earlier, id))
            .cloned();
        let last_played = done
            .iter()
            .filter_map(state_change)
            .rfind(|(change_host, change_id, _)| *change_host == host && *change_id == id)
            .map(|(_, _, state)| state);
        with_container(view, host, id, |container| match (last_played, earlier) {
            (Some(state), earlier) => set_state(container, &state, earlier.as_ref()),
            (None, Some(earlier)) => *container = earlier,
            (None, None) => set_state(container, &State::Created, None),
        });
    }
}

/// A container state a change leads to.
#[derive(Clone, Debug, PartialEq)]
enum State {
    Created,
    Running,
    Paused,
    Exited { code: i32, oom_killed: bool },
}

/// Returns (host, container ID, new state) for a change of a container's state.
fn state_change(event: &Event) -> Option<(&str, &str, State)> {
    let EventKind::Change(change) = &event.kind else {
        return None;
    };
    match change {
        Change::ContainerStarted { host, id, .. } | Change::ContainerUnpaused { host, id } => {
            Some((host, id, State::Running))
        }
        Change::ContainerPaused { host, id } => Some((host, id, State::Paused)),
        Change::ContainerExited {
            host,
            id,
            exit_code,
            oom_killed,
        } => Some((
            host,
            id,
            State::Exited {
                code: *exit_code,
                oom_killed: *oom_killed,
            },
        )),
        _ => None,
    }
}

/// Puts a container into `state`, with Docker's STATUS text for a change
/// that just happened, and without namespaces when it is not running.
fn set_state(container: &mut ContainerView, state: &State, earlier: Option<&ContainerView>) {
    let (name, status) = match state {
        State::Created => ("created", "Created".to_string()),
        State::Running => ("running", "Up Less than a second".to_string()),
        State::Paused => ("paused", "Up Less than a second (Paused)".to_string()),
        State::Exited { code, .. } => ("exited", format!("Exited ({code}) Less than a second ago")),
    };
    container.state = name.to_string();
    container.status = status;
    if let State::Exited { code, oom_killed } = state {
        container.exit_code = *code;
        container.oom_killed = *oom_killed;
    }
    let running = matches!(state, State::Running | State::Paused);
    if !running {
        container.namespaces.clear();
        container.processes.clear();
        container.cgroup = None;
    } else if container.namespaces.is_empty() {
        if let Some(earlier) = earlier {
            container.namespaces = earlier.namespaces.clone();
            container.processes = earlier.processes.clone();
            container.cgroup = earlier.cgroup.clone();
        }
    }
}

/// Hides repositories the command touched in a registry until a played
/// request names them (`GET /v2/library/python/manifests/…`).
fn hide_unreached_repositories(view: &mut WorldView, before: &WorldView, done: &[Event]) {
    for registry in &mut view.registries {
        let earlier = before
            .registries
            .iter()
            .find(|earlier| earlier.name == registry.name);
        let reached = |name: &str| {
            done.iter().filter_map(message).any(|message| {
                matches!(&message.to, Node::Registry { host } if *host == registry.host)
                    && (message.path.starts_with(&format!("/v2/{name}/"))
                        || message.path.starts_with(&format!("/v2/library/{name}/")))
            })
        };
        registry.repositories.retain(|repository| {
            earlier.is_some_and(|earlier| {
                earlier
                    .repositories
                    .iter()
                    .any(|known| known.name == repository.name)
            }) || reached(&repository.name)
        });
    }
}

fn build_started(done: &[Event]) -> bool {
    done.iter().any(|event| match &event.kind {
        EventKind::Message(message) => message.path.ends_with("Control/Solve"),
        EventKind::Change(change) => matches!(change, Change::BuildStep { .. }),
    })
}

/// Returns each played fault's node and message, for the graph's labels.
fn fault_messages(done: &[Event]) -> Vec<(Node, String)> {
    done.iter()
        .filter_map(|event| match &event.kind {
            EventKind::Change(Change::Fault { node, message }) => {
                Some((node.clone(), message.clone()))
            }
            _ => None,
        })
        .collect()
}

/// Returns the nodes to draw red after the played events.
fn failed_nodes(done: &[Event], command_finished_with_error: bool) -> Vec<Node> {
    let mut failed: Vec<Node> = done
        .iter()
        .filter_map(|event| match &event.kind {
            EventKind::Change(Change::Fault { node, .. }) => Some(node.clone()),
            _ => None,
        })
        .collect();
    if command_finished_with_error {
        let rejected: Vec<&Message> = done
            .iter()
            .filter_map(message)
            .filter(|message| is_rejection(message))
            .collect();
        if let Some(last) = rejected.last() {
            failed.push(last.to.clone());
        }
        let last_registry = rejected
            .iter()
            .rev()
            .find(|message| matches!(message.to, Node::Registry { .. }));
        if let Some(registry) = last_registry {
            failed.push(registry.to.clone());
        }
    }
    failed.dedup();
    failed
}

/// Returns whether a response rejected the request. A registry's 401 to
/// `GET /v2/` is the normal start of token authentication, not a failure.
pub fn is_rejection(message: &Message) -> bool {
    let failed = message.status == 0 || message.status >= 400;
    let challenge = message.status == 401 && message.path == "/v2/";
    failed && !challenge
}

fn steps(done: &[Event]) -> Vec<Step> {
    done.iter()
        .filter_map(|event| match &event.kind {
            EventKind::Change(Change::BuildStep { name, outcome, .. }) => Some(Step {
                name: name.clone(),
                outcome: outcome.clone(),
            }),
            _ => None,
        })
        .collect()
}

fn limits_hit(done: &[Event]) -> Vec<(String, Resource)> {
    done.iter()
        .filter_map(|event| match &event.kind {
            EventKind::Change(Change::LimitEnforced {
                container,
                resource,
                ..
            }) => Some((container.clone(), *resource)),
            _ => None,
        })
        .collect()
}

fn message(event: &Event) -> Option<&Message> {
    match &event.kind {
        EventKind::Message(message) => Some(message),
        EventKind::Change(_) => None,
    }
}

fn host_of<'a>(view: &'a WorldView, host: &str) -> Option<&'a HostView> {
    view.hosts.iter().find(|candidate| candidate.name == host)
}

fn container_in<'a>(host: &'a HostView, id: &str) -> Option<&'a ContainerView> {
    host.containers.iter().find(|container| container.id == id)
}

fn has_layer(view: &WorldView, host: &str, diff_id: &str) -> bool {
    host_of(view, host).is_some_and(|host| host.layers.iter().any(|layer| layer.diff_id == diff_id))
}

fn has_image(view: &WorldView, host: &str, image_id: &str) -> bool {
    host_of(view, host).is_some_and(|host| host.images.iter().any(|image| image.id == image_id))
}

fn with_host(view: &mut WorldView, host: &str, change: impl FnOnce(&mut HostView)) {
    if let Some(target) = view
        .hosts
        .iter_mut()
        .find(|candidate| candidate.name == host)
    {
        change(target);
    }
}

fn with_container(
    view: &mut WorldView,
    host: &str,
    id: &str,
    change: impl FnOnce(&mut ContainerView),
) {
    with_host(view, host, |target| {
        if let Some(container) = target
            .containers
            .iter_mut()
            .find(|container| container.id == id)
        {
            change(container);
        }
    });
}

/// Adds `item` back unless an item matching `same` is already there.
fn restore<T>(items: &mut Vec<T>, item: T, same: impl Fn(&T) -> bool) {
    if !items.iter().any(same) {
        items.push(item);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use engine::view::{ImageView, LayerView, RegistryView, RepositoryView};

    fn change(change: Change) -> Event {
        Event {
            time: 0,
            kind: EventKind::Change(change),
        }
    }

    fn request(to: Node, path: &str, status: u16) -> Event {
        Event {
            time: 0,
            kind: EventKind::Message(Message {
                from: Node::Daemon {
                    host: "laptop".into(),
                },
                to,
                method: "GET".into(),
                path: path.into(),
                query: String::new(),
                status,
                request: None,
                response: None,
            }),
        }
    }

    fn layer(diff_id: &str) -> LayerView {
        LayerView {
            diff_id: diff_id.into(),
            size: 1,
            created_by: String::new(),
            simulated: true,
        }
    }

    fn image(id: &str, tags: &[&str], layers: &[&str]) -> ImageView {
        ImageView {
            id: id.into(),
            tags: tags.iter().map(|tag| tag.to_string()).collect(),
            layers: layers.iter().map(|layer| layer.to_string()).collect(),
            size: 1,
            created: 0,
        }
    }

    fn container(id: &str, state: &str) -> ContainerView {
        ContainerView {
            id: id.into(),
            name: format!("name-{id}"),
            image: "alpine".into(),
            image_id: "sha256:a".into(),
            state: state.into(),
            status: if state == "running" {
                "Up 3 seconds".into()
            } else {
                "Created".into()
            },
            command: "sleep 1000".into(),
            ports: Vec::new(),
            oom_killed: false,
            exit_code: 0,
            namespaces: Vec::new(),
            processes: Vec::new(),
            cgroup: None,
            mounts: Vec::new(),
            networks: Vec::new(),
            ip_address: String::new(),
            hostname: id.into(),
        }
    }

    fn world(host: HostView) -> WorldView {
        WorldView {
            client_host: "laptop".into(),
            target_host: "laptop".into(),
            hosts: vec![host],
            ..WorldView::default()
        }
    }

    fn laptop() -> HostView {
        HostView {
            name: "laptop".into(),
            ..HostView::default()
        }
    }

    fn pull_events() -> Vec<Event> {
        vec![
            request(
                Node::Registry {
                    host: "registry-1.docker.io".into(),
                },
                "/v2/library/alpine/manifests/latest",
                200,
            ),
            change(Change::LayerStored {
                host: "laptop".into(),
                diff_id: "sha256:l1".into(),
                size: 1,
            }),
            change(Change::ImageStored {
                host: "laptop".into(),
                image_id: "sha256:i1".into(),
            }),
            change(Change::ImageTagged {
                host: "laptop".into(),
                image_id: "sha256:i1".into(),
                reference: "alpine:latest".into(),
            }),
        ]
    }

    fn pulled() -> WorldView {
        let mut view = world(HostView {
            layers: vec![layer("sha256:l1")],
            images: vec![image("sha256:i1", &["alpine:latest"], &["sha256:l1"])],
            ..laptop()
        });
        view.registries = vec![RegistryView {
            name: "docker.io".into(),
            host: "registry-1.docker.io".into(),
            reachable: true,
            repositories: vec![RepositoryView {
                name: "alpine".into(),
                tags: vec!["latest".into()],
            }],
            machine: None,
        }];
        view
    }

    fn empty_with_registry() -> WorldView {
        let mut view = world(laptop());
        view.registries = vec![RegistryView {
            name: "docker.io".into(),
            host: "registry-1.docker.io".into(),
            reachable: true,
            repositories: Vec::new(),
            machine: None,
        }];
        view
    }

    #[test]
    fn all_events_played_gives_after_view() {
        let (before, after, events) = (empty_with_registry(), pulled(), pull_events());
        assert_eq!(
            compose(&before, &after, &events, events.len(), false).view,
            after
        );
    }

    #[test]
    fn no_events_played_gives_before_view() {
        let (before, after, events) = (empty_with_registry(), pulled(), pull_events());
        assert_eq!(compose(&before, &after, &events, 0, false).view, before);
    }

    #[test]
    fn layers_appear_before_their_image() {
        let (before, after, events) = (empty_with_registry(), pulled(), pull_events());
        let frame = compose(&before, &after, &events, 2, false);
        assert_eq!(frame.view.hosts[0].layers.len(), 1);
        assert!(frame.view.hosts[0].images.is_empty());
        assert_eq!(
            frame.view.registries[0].repositories.len(),
            1,
            "the manifest request reached the repository"
        );
    }

    #[test]
    fn tag_waits_for_its_event() {
        let (before, after, events) = (empty_with_registry(), pulled(), pull_events());
        let frame = compose(&before, &after, &events, 3, false);
        assert_eq!(frame.view.hosts[0].images[0].tags, Vec::<String>::new());
    }

    #[test]
    fn removed_container_stays_until_its_event() {
        let before = world(HostView {
            containers: vec![container("c1", "exited")],
            ..laptop()
        });
        let after = world(laptop());
        let events = vec![change(Change::ContainerRemoved {
            host: "laptop".into(),
            id: "c1".into(),
        })];
        assert_eq!(
            compose(&before, &after, &events, 0, false).view.hosts[0]
                .containers
                .len(),
            1
        );
        assert!(compose(&before, &after, &events, 1, false).view.hosts[0]
            .containers
            .is_empty());
    }

    #[test]
    fn new_container_is_created_until_started() {
        let before = world(laptop());
        let after = world(HostView {
            containers: vec![container("c1", "running")],
            ..laptop()
        });
        let events = vec![
            change(Change::ContainerCreated {
                host: "laptop".into(),
                id: "c1".into(),
                name: "web".into(),
                image_id: "sha256:a".into(),
            }),
            change(Change::ContainerStarted {
                host: "laptop".into(),
                id: "c1".into(),
                pid: 9,
            }),
        ];
        let created = compose(&before, &after, &events, 1, false);
        assert_eq!(created.view.hosts[0].containers[0].state, "created");
        assert_eq!(created.view.hosts[0].containers[0].status, "Created");
        let started = compose(&before, &after, &events, 2, false);
        assert_eq!(started.view.hosts[0].containers[0].status, "Up 3 seconds");
    }

    #[test]
    fn stopped_container_runs_until_exit_plays() {
        let before = world(HostView {
            containers: vec![container("c1", "running")],
            ..laptop()
        });
        let mut exited = container("c1", "exited");
        exited.exit_code = 137;
        exited.oom_killed = true;
        let after = world(HostView {
            containers: vec![exited],
            ..laptop()
        });
        let events = vec![change(Change::ContainerExited {
            host: "laptop".into(),
            id: "c1".into(),
            exit_code: 137,
            oom_killed: true,
        })];
        assert_eq!(
            compose(&before, &after, &events, 0, false).view.hosts[0].containers[0].state,
            "running"
        );
        assert!(compose(&before, &after, &events, 1, false).view.hosts[0].containers[0].oom_killed);
    }

    #[test]
    fn failed_pull_turns_registry_red_at_the_end() {
        let registry = Node::Registry {
            host: "registry-1.docker.io".into(),
        };
        let daemon = Node::Daemon {
            host: "laptop".into(),
        };
        let events = vec![
            request(registry.clone(), "/v2/", 401),
            request(registry.clone(), "/v2/library/nope/manifests/latest", 401),
            request(daemon.clone(), "/v1.51/images/create", 404),
        ];
        let view = world(laptop());
        assert!(
            compose(&view, &view, &events, 2, true).failed.is_empty(),
            "red only once the command ended"
        );
        let failed = compose(&view, &view, &events, 3, true).failed;
        assert!(failed.contains(&registry));
        assert!(failed.contains(&daemon));
        assert!(
            compose(&view, &view, &events, 3, false).failed.is_empty(),
            "a command that succeeded marks nothing"
        );
    }

    #[test]
    fn rejection_ignores_token_challenge() {
        let challenge = request(Node::Registry { host: "r".into() }, "/v2/", 401);
        let EventKind::Message(challenge) = challenge.kind else {
            unreachable!()
        };
        assert!(!is_rejection(&challenge));
        let denied = Message {
            path: "/v2/x/manifests/latest".into(),
            ..challenge.clone()
        };
        assert!(is_rejection(&denied));
        let refused = Message {
            status: 0,
            ..challenge
        };
        assert!(is_rejection(&refused));
    }

    #[test]
    fn steps_and_limits_follow_played_events() {
        let events = vec![
            change(Change::BuildStep {
                host: "laptop".into(),
                vertex: 1,
                name: "[1/2] RUN a".into(),
                outcome: StepOutcome::Cached,
            }),
            change(Change::LimitEnforced {
                host: "laptop".into(),
                container: "c1".into(),
                resource: Resource::Memory,
                detail: String::new(),
            }),
        ];
        let view = world(laptop());
        let frame = compose(&view, &view, &events, 1, false);
        assert_eq!(frame.steps.len(), 1);
        assert!(frame.limits_hit.is_empty());
        let frame = compose(&view, &view, &events, 2, false);
        assert_eq!(frame.limits_hit, [("c1".to_string(), Resource::Memory)]);
    }

    #[test]
    fn played_beyond_events_is_clamped() {
        let (before, after, events) = (empty_with_registry(), pulled(), pull_events());
        assert_eq!(compose(&before, &after, &events, 99, false).view, after);
    }
}
