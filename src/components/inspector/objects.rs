//! Networks, volumes, registries, build stages and the architecture's
//! nodes.

use engine::events::{Event, EventKind, Node};
use engine::view::WorldView;
use yew::prelude::*;

use super::{link, missing, row};
use crate::selection::Selection;

/// Shows a network and the containers attached to it.
pub fn network(
    view: &WorldView,
    host: &str,
    id: &str,
    onselect: &Callback<Option<Selection>>,
) -> Html {
    let Some(host_view) = view.hosts.iter().find(|candidate| candidate.name == host) else {
        return missing("This host does not exist.");
    };
    let Some(network) = host_view.networks.iter().find(|network| network.id == id) else {
        return missing("This network does not exist at this point of the timeline.");
    };
    let attached: Vec<Html> = host_view
        .containers
        .iter()
        .filter(|container| container.networks.contains(&network.name))
        .map(|container| {
            let text = if container.ip_address.is_empty() {
                container.name.clone()
            } else {
                format!("{} ({})", container.name, container.ip_address)
            };
            link(
                text,
                Selection::Container {
                    host: host.to_string(),
                    id: container.id.clone(),
                },
                onselect,
            )
        })
        .collect();
    html! {
        <>
            <h3 class="inspector-heading">{ format!("Network {}", network.name) }</h3>
            <dl class="facts">
                { row("ID", html! { <code>{ network.id.clone() }</code> }) }
                { row("Driver", network.driver.clone()) }
                if !network.subnet.is_empty() { { row("Subnet", network.subnet.clone()) } }
                if !network.gateway.is_empty() { { row("Gateway", network.gateway.clone()) } }
                { row("Containers", if attached.is_empty() { html! { "none" } } else { attached.into_iter().collect::<Html>() }) }
            </dl>
            <p class="muted">{ driver_note(&network.driver) }</p>
        </>
    }
}

fn driver_note(driver: &str) -> &'static str {
    match driver {
        "bridge" => "A bridge network is a virtual switch on the host: each container gets a veth pair with one end as its eth0.",
        "host" => "Containers on the host network share the host's network namespace: no isolation, no port mapping.",
        "null" => "Containers on the none network have only a loopback interface.",
        _ => "",
    }
}

/// Shows a volume and the containers that mount it.
pub fn volume(
    view: &WorldView,
    host: &str,
    name: &str,
    onselect: &Callback<Option<Selection>>,
) -> Html {
    let Some(host_view) = view.hosts.iter().find(|candidate| candidate.name == host) else {
        return missing("This host does not exist.");
    };
    let Some(volume) = host_view.volumes.iter().find(|volume| volume.name == name) else {
        return missing("This volume does not exist at this point of the timeline.");
    };
    let users: Vec<Html> = host_view
        .containers
        .iter()
        .filter(|container| {
            container
                .mounts
                .iter()
                .any(|mount| mount.kind == "volume" && mount.source == name)
        })
        .map(|container| {
            link(
                container.name.clone(),
                Selection::Container {
                    host: host.to_string(),
                    id: container.id.clone(),
                },
                onselect,
            )
        })
        .collect();
    html! {
        <>
            <h3 class="inspector-heading">{ format!("Volume {}", volume.name) }</h3>
            <dl class="facts">
                { row("Mountpoint", html! { <code>{ volume.mountpoint.clone() }</code> }) }
                { row("Mounted by", if users.is_empty() { html! { "no container" } } else { users.into_iter().collect::<Html>() }) }
            </dl>
        </>
    }
}

/// Shows a registry's repositories and their tags.
pub fn registry(view: &WorldView, name: &str) -> Html {
    let Some(registry) = view
        .registries
        .iter()
        .find(|registry| registry.name == name)
    else {
        return missing("This registry does not exist.");
    };
    html! {
        <>
            <h3 class="inspector-heading">{ format!("Registry {}", registry.name) }</h3>
            <dl class="facts">
                { row("Requests go to", registry.host.clone()) }
                { row("Reachable", if registry.reachable { "yes" } else { "no" }) }
            </dl>
            <h4 class="inspector-subheading">{ "Repositories used in this session" }</h4>
            { if registry.repositories.is_empty() {
                html! { <p class="muted">{ "None yet: docker pull, docker build and docker push use them." }</p> }
            } else {
                html! {
                    <table class="table">
                        <thead><tr><th scope="col">{ "Repository" }</th><th scope="col">{ "Tags" }</th></tr></thead>
                        <tbody>
                            { for registry.repositories.iter().map(|repository| html! {
                                <tr><td><code>{ repository.name.clone() }</code></td><td>{ repository.tags.join(", ") }</td></tr>
                            }) }
                        </tbody>
                    </table>
                }
            } }
        </>
    }
}

/// Shows a stage of the last build.
pub fn stage(view: &WorldView, index: usize) -> Html {
    let Some(build) = &view.build else {
        return missing("There is no build at this point of the timeline.");
    };
    let Some(stage) = build.stages.get(index) else {
        return missing("This stage is not in the last build.");
    };
    let names = |indices: Vec<usize>| -> String {
        let names: Vec<String> = indices
            .into_iter()
            .filter_map(|index| build.stages.get(index))
            .map(|stage| stage.name.clone())
            .collect();
        if names.is_empty() {
            "none".to_string()
        } else {
            names.join(", ")
        }
    };
    let needs = names(
        build
            .edges
            .iter()
            .filter(|(_, to)| *to == index)
            .map(|(from, _)| *from)
            .collect(),
    );
    let needed_by = names(
        build
            .edges
            .iter()
            .filter(|(from, _)| *from == index)
            .map(|(_, to)| *to)
            .collect(),
    );
    let parallel = build
        .stages
        .iter()
        .filter(|other| other.level == stage.level)
        .count()
        > 1;
    html! {
        <>
            <h3 class="inspector-heading">{ format!("Stage {}", stage.name) }</h3>
            <dl class="facts">
                { row("Base", html! { <code>{ stage.base.clone() }</code> }) }
                { row("Needs", needs) }
                { row("Needed by", needed_by) }
                { row("Built", if stage.built { "yes" } else { "no: the target does not need it, so BuildKit skips it" }) }
            </dl>
            if parallel {
                <p class="muted">{ "Stages at the same level do not depend on each other, so BuildKit builds them in parallel." }</p>
            }
        </>
    }
}

/// Shows an architecture node: what it does and the messages of the
/// command shown that it sent or received.
pub fn node(
    view: &WorldView,
    node: &Node,
    events: &[Event],
    entry: Option<usize>,
    onseek: &Callback<(usize, usize)>,
) -> Html {
    if let Node::Registry { host } = node {
        if let Some(registry) = view
            .registries
            .iter()
            .find(|registry| &registry.host == host)
        {
            return registry_node(view, &registry.name);
        }
    }
    let (title, text) = describe(node);
    let messages: Vec<Html> = events
        .iter()
        .enumerate()
        .filter_map(|(index, event)| match &event.kind {
            EventKind::Message(message) if same_node(&message.from, node) || same_node(&message.to, node) => {
                let entry = entry?;
                let onseek = onseek.clone();
                let onclick = Callback::from(move |_| onseek.emit((entry, index)));
                Some(html! { <li><button class="event" {onclick}>{ format!("{} → {}: {} ({})", message.from, message.to, message.label(), message.status) }</button></li> })
            }
            _ => None,
        })
        .collect();
    html! {
        <>
            <h3 class="inspector-heading">{ title }</h3>
            <p>{ text }</p>
            <h4 class="inspector-subheading">{ "Messages of this command" }</h4>
            { if messages.is_empty() { html! { <p class="muted">{ "none" }</p> } } else { html! { <ol class="event-list">{ for messages }</ol> } } }
        </>
    }
}

fn registry_node(view: &WorldView, name: &str) -> Html {
    registry(view, name)
}

/// Compares nodes, counting every container's shim as the chain's shim.
fn same_node(candidate: &Node, node: &Node) -> bool {
    match (candidate, node) {
        (Node::Shim { host: a, .. }, Node::Shim { host: b, container }) if container.is_empty() => {
            a == b
        }
        _ => candidate == node,
    }
}

fn describe(node: &Node) -> (String, &'static str) {
    match node {
        Node::Client { host } => (
            format!("docker client on {host}"),
            "The docker command only sends requests: every command becomes HTTP calls to the daemon's Engine API, and the client prints what comes back.",
        ),
        Node::Daemon { host } => (
            format!("dockerd on {host}"),
            "The daemon does the work: it keeps images, layers, containers, networks and volumes, runs builds with BuildKit, talks to registries, and asks containerd to run containers.",
        ),
        Node::Containerd { host } => (
            format!("containerd on {host}"),
            "containerd supervises containers for the daemon: it prepares each container's filesystem and starts a shim per container.",
        ),
        Node::Shim { host, .. } => (
            format!("containerd-shim on {host}"),
            "One shim per container keeps its process's pipes open and collects its exit status, so the daemon can restart without stopping containers.",
        ),
        Node::Runc { host } => (
            format!("runc on {host}"),
            "runc is the OCI runtime: it asks the kernel for the container's namespaces and cgroup, then starts its process and exits.",
        ),
        Node::Kernel { host } => (
            format!("Linux kernel on {host}"),
            "The kernel isolates containers with namespaces (pid, net, mnt, uts, ipc, user, cgroup) and limits them with control groups.",
        ),
        Node::Registry { host } => (format!("Registry {host}"), "A registry stores images as manifests and content-addressed blobs."),
    }
}
