//! Networks, volumes, registries, build stages and the architecture's
//! nodes.

use engine::events::{Event, EventKind, Node};
use engine::view::WorldView;
use yew::prelude::*;

use super::{code, facts, heading, link, missing, muted, row, subheading, table};
use crate::i18n::{tr, trf};
use crate::selection::Selection;

/// Shows a network and the containers attached to it.
pub fn network(
    view: &WorldView,
    host: &str,
    id: &str,
    onselect: &Callback<Option<Selection>>,
) -> Html {
    let Some(host_view) = view.hosts.iter().find(|candidate| candidate.name == host) else {
        return missing("inspector.this_host_does_not");
    };
    let Some(network) = host_view.networks.iter().find(|network| network.id == id) else {
        return missing("inspector.this_network_does_not");
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
            { heading(trf("inspector.network_heading", &[("name", &network.name)])) }
            { facts(html! {
                <>
                    { row("inspector.id", code(network.id.clone())) }
                    { row("inspector.driver", network.driver.clone()) }
                    if !network.subnet.is_empty() { { row("inspector.subnet", network.subnet.clone()) } }
                    if !network.gateway.is_empty() { { row("inspector.gateway", network.gateway.clone()) } }
                    { row("inspector.containers", if attached.is_empty() { html! { tr("inspector.none") } } else { attached.into_iter().collect::<Html>() }) }
                </>
            }) }
            { muted(driver_note(&network.driver).map(tr).unwrap_or_default()) }
        </>
    }
}

fn driver_note(driver: &str) -> Option<&'static str> {
    match driver {
        "bridge" => Some("inspector.driver.bridge"),
        "host" => Some("inspector.driver.host"),
        "null" => Some("inspector.driver.null"),
        _ => None,
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
        return missing("inspector.this_host_does_not");
    };
    let Some(volume) = host_view.volumes.iter().find(|volume| volume.name == name) else {
        return missing("inspector.this_volume_does_not");
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
            { heading(trf("inspector.volume_heading", &[("name", &volume.name)])) }
            { facts(html! {
                <>
                    { row("inspector.mountpoint", code(volume.mountpoint.clone())) }
                    { row("inspector.mounted_by", if users.is_empty() { html! { tr("inspector.no_container") } } else { users.into_iter().collect::<Html>() }) }
                </>
            }) }
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
        return missing("inspector.this_registry_does_not");
    };
    html! {
        <>
            { heading(trf("inspector.registry_heading", &[("name", &registry.name)])) }
            { facts(html! {
                <>
                    { row("inspector.requests_go_to", registry.host.clone()) }
                    { row("inspector.reachable", if registry.reachable { tr("inspector.yes") } else { tr("inspector.no") }) }
                </>
            }) }
            { subheading(tr("inspector.repositories_used_in_this")) }
            { if registry.repositories.is_empty() {
                muted(tr("inspector.none_yet_docker_pull"))
            } else {
                table("table", &["inspector.repository", "inspector.tags"], html! {
                    { for registry.repositories.iter().map(|repository| html! {
                        <tr><td>{ code(repository.name.clone()) }</td><td>{ repository.tags.join(", ") }</td></tr>
                    }) }
                })
            } }
        </>
    }
}

/// Shows a stage of the last build.
pub fn stage(view: &WorldView, index: usize) -> Html {
    let Some(build) = &view.build else {
        return missing("inspector.there_is_no_build");
    };
    let Some(stage) = build.stages.get(index) else {
        return missing("inspector.this_stage_is_not");
    };
    let names = |indices: Vec<usize>| -> String {
        let names: Vec<String> = indices
            .into_iter()
            .filter_map(|index| build.stages.get(index))
            .map(|stage| stage.name.clone())
            .collect();
        if names.is_empty() {
            tr("inspector.none")
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
            { heading(trf("inspector.stage_heading", &[("name", &stage.name)])) }
            { facts(html! {
                <>
                    { row("inspector.base", code(stage.base.clone())) }
                    { row("inspector.needs", needs) }
                    { row("inspector.needed_by", needed_by) }
                    { row("inspector.built", if stage.built { tr("inspector.yes") } else { tr("inspector.no_the_target_does") }) }
                </>
            }) }
            if parallel {
                { muted(tr("inspector.stages_at_the_same")) }
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
            { heading(title) }
            <p>{ text }</p>
            { subheading(tr("inspector.messages_of_this_command")) }
            { if messages.is_empty() { muted(tr("inspector.none")) } else { html! { <ol class="event-list">{ for messages }</ol> } } }
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

fn describe(node: &Node) -> (String, String) {
    let (title, text, host) = match node {
        Node::Client { host } => ("inspector.node.client", "inspector.node.client_text", host),
        Node::Daemon { host } => ("inspector.node.daemon", "inspector.node.daemon_text", host),
        Node::Containerd { host } => (
            "inspector.node.containerd",
            "inspector.node.containerd_text",
            host,
        ),
        Node::Shim { host, .. } => ("inspector.node.shim", "inspector.node.shim_text", host),
        Node::Runc { host } => ("inspector.node.runc", "inspector.node.runc_text", host),
        Node::Kernel { host } => ("inspector.node.kernel", "inspector.node.kernel_text", host),
        Node::Registry { host } => (
            "inspector.node.registry",
            "inspector.node.registry_text",
            host,
        ),
    };
    (trf(title, &[("host", host)]), tr(text))
}
