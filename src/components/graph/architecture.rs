//! The architecture's fixed nodes: the client, each host's region with its
//! daemon (or the whole chain down to the kernel), the registries with the
//! repositories the session used, and the edges between them.

use engine::events::Node;
use yew::prelude::*;

use super::scene::Scene;
use super::shapes::{rect, selectable, text};
use super::{ellipsize, fmt};
use crate::i18n::{tr, trf};
use crate::layout::{HostLayout, Rect, RegistryLayout};
use crate::selection::Selection;

/// Draws the client → daemon and daemon → registry edges, and in the
/// detailed view the edges along the chain.
pub fn edges(scene: &Scene) -> Html {
    let layout = scene.layout;
    let target = Node::Daemon {
        host: scene.frame.view.target_host.clone(),
    };
    let client = Node::Client {
        host: layout.client_host.clone(),
    };
    let mut lines = vec![polyline(&layout.route(&client, &target), "edge edge-api")];
    for host in &layout.hosts {
        let daemon = Node::Daemon {
            host: host.name.clone(),
        };
        for registry in &layout.registries {
            let route = layout.route(
                &daemon,
                &Node::Registry {
                    host: registry.host.clone(),
                },
            );
            lines.push(polyline(&route, "edge edge-registry"));
        }
        for pair in host.chain.windows(2) {
            let (a, b) = (pair[0].1, pair[1].1);
            lines.push(polyline(
                &[(a.right(), a.centre().1), (b.x, b.centre().1)],
                "edge edge-chain",
            ));
        }
    }
    lines.push(network(scene));
    html! { <g class="edges" aria-hidden="true">{ for lines }</g> }
}

/// Draws the LAN that joins the hosts: a line under their regions with a
/// drop from each.
fn network(scene: &Scene) -> Html {
    let hosts = &scene.layout.hosts;
    if hosts.len() < 2 {
        return Html::default();
    }
    let y = hosts
        .iter()
        .map(|host| host.region.bottom())
        .fold(0.0, f64::max)
        + 8.0;
    let first = hosts[0].region;
    let mut points = vec![(first.centre().0, first.bottom()), (first.centre().0, y)];
    for host in &hosts[1..] {
        let x = host.region.centre().0;
        points.extend([(x, y), (x, host.region.bottom()), (x, y)]);
    }
    html! { <>{ polyline(&points, "edge edge-network") }</> }
}

fn polyline(points: &[(f64, f64)], class: &'static str) -> Html {
    let points: Vec<String> = points
        .iter()
        .map(|(x, y)| format!("{},{}", fmt(*x), fmt(*y)))
        .collect();
    html! { <polyline class={class} points={points.join(" ")} /> }
}

/// Draws the `docker` client.
pub fn client(scene: &Scene) -> Html {
    let node = Node::Client {
        host: scene.layout.client_host.clone(),
    };
    let label = trf("graph.client_label", &[("host", &scene.layout.client_host)]);
    node_box(
        scene,
        &scene.layout.client,
        "docker",
        &tr("graph.client"),
        node,
        label,
    )
}

/// Draws a host's region, its name and its daemon chain.
pub fn host(scene: &Scene, host: &HostLayout) -> Html {
    let region = host.region;
    let daemon_running = scene
        .frame
        .view
        .hosts
        .iter()
        .find(|view| view.name == host.name)
        .is_none_or(|view| view.daemon_running);
    let faults = scene.host_faults(&host.name);
    let daemon = Node::Daemon {
        host: host.name.clone(),
    };
    let message = scene.fault_message(&daemon).map(str::to_string);
    let address = scene
        .frame
        .view
        .hosts
        .iter()
        .find(|view| view.name == host.name)
        .map(|view| view.address.clone())
        .unwrap_or_default();
    let title = if address.is_empty() {
        trf("graph.host", &[("host", &host.name)])
    } else {
        trf(
            "graph.host_address",
            &[("host", &host.name), ("address", &address)],
        )
    };
    // A compact region is too narrow for the faults beside the title, so
    // they go on a line under the daemon.
    let (faults_x, faults_y, faults_limit) = if host.compact {
        (
            region.x + 12.0,
            region.bottom() - 26.0,
            ((region.width - 24.0) / 7.2) as usize,
        )
    } else {
        (
            region.x + 24.0 + title.len() as f64 * 8.0,
            region.y + 18.0,
            55,
        )
    };
    html! {
        <>
            { rect(classes!("host-box", (!faults.is_empty()).then_some("host-faulty")), &region, "14") }
            { text("host-label".into(), region.x + 12.0, region.y + 18.0, None, title) }
            if !faults.is_empty() {
                <text class="host-fault" x={fmt(faults_x)} y={fmt(faults_y)} aria-label={trf("graph.host_faults_label", &[("host", &host.name), ("faults", &faults.join(", "))])}>
                    { ellipsize(&trf("graph.host_faults", &[("faults", &faults.join(", "))]), faults_limit) }
                </text>
            }
            if let Some(message) = message {
                <text class="fault-message" x={fmt(region.x + 12.0)} y={fmt(region.bottom() - 8.0)} role="status">
                    <title>{ message.clone() }</title>
                    { ellipsize(&message, ((region.width - 24.0) / 7.2).max(10.0) as usize) }
                </text>
            }
            { for host.chain.iter().map(|(chain, rect)| {
                let node = chain.node(&host.name);
                let role = tr(if *chain == crate::layout::ChainNode::Dockerd && !daemon_running { "graph.role.stopped" } else { chain.role_key() });
                let label = trf("graph.chain_label", &[("title", chain.title()), ("role", &role), ("host", &host.name)]);
                html! { <g class={classes!(scene.layout.detail.then_some("chain-node"))}>{ node_box(scene, rect, chain.title(), &role, node, label) }</g> }
            }) }
        </>
    }
}

/// Draws the registries and the repositories the session pulled from or
/// pushed to.
pub fn registries(scene: &Scene) -> Html {
    html! {
        <g class="registries">
            { for scene.layout.registries.iter().map(|registry| registry_node(scene, registry)) }
        </g>
    }
}

fn registry_node(scene: &Scene, layout: &RegistryLayout) -> Html {
    let view = scene
        .frame
        .view
        .registries
        .iter()
        .find(|registry| registry.name == layout.name);
    let title = if layout.name == "docker.io" {
        "Docker Hub".to_string()
    } else {
        layout.name.clone()
    };
    let node = Node::Registry {
        host: layout.host.clone(),
    };
    let label = trf(
        "graph.registry_label",
        &[("title", &title), ("host", &layout.host)],
    );
    let selection = Selection::Registry(layout.name.clone());
    let selected = scene.is_selected(&selection);
    let failed = scene.failed(&node);
    let area = layout.node;
    let node = selectable(
        classes!(
            "node",
            "selectable",
            failed.then_some("node-failed"),
            selected.then_some("selected")
        ),
        None,
        label,
        selected,
        scene.pick(selection),
        html! {
            <>
                { rect(Classes::new(), &area, "10") }
                { text("node-title".into(), area.centre().0, area.y + 24.0, Some("middle"), ellipsize(&title, 16)) }
                { text("node-role".into(), area.centre().0, area.y + 42.0, Some("middle"), ellipsize(&layout.host, 22)) }
            </>
        },
    );
    html! {
        <g class="registry">
            { node }
            <g class="repositories">
            { for layout.repositories.iter().filter_map(|(name, area)| {
                let repository = view?.repositories.iter().find(|repository| &repository.name == name)?;
                Some(html! {
                    <g class="repository" key={name.clone()} aria-label={trf("graph.repository_label", &[("name", name), ("tags", &repository.tags.join(", "))])}>
                        { rect("card".into(), area, "5") }
                        { text("card-title".into(), area.x + 6.0, area.y + 12.0, None, ellipsize(name, 18)) }
                        { text("card-detail".into(), area.x + 6.0, area.y + 24.0, None, tag_summary(&repository.tags)) }
                    </g>
                })
            }) }
            </g>
        </g>
    }
}

/// Draws one architecture node as a selectable box.
fn node_box(
    scene: &Scene,
    area: &Rect,
    title: &str,
    role: &str,
    node: Node,
    label: String,
) -> Html {
    let failed = scene.failed(&node);
    let selection = Selection::Node(node);
    let selected = scene.is_selected(&selection);
    selectable(
        classes!(
            "node",
            "selectable",
            failed.then_some("node-failed"),
            selected.then_some("selected")
        ),
        None,
        label,
        selected,
        scene.pick(selection),
        html! {
            <>
                { rect(Classes::new(), area, "10") }
                { text("node-title".into(), area.centre().0, area.y + 26.0, Some("middle"), title.to_string()) }
                { text("node-role".into(), area.centre().0, area.y + 44.0, Some("middle"), role.to_string()) }
            </>
        },
    )
}

/// Returns `1 tag: latest`, or the number of tags when there are several.
fn tag_summary(tags: &[String]) -> String {
    match tags {
        [] => tr("graph.no_tags"),
        [only] => ellipsize(&trf("graph.one_tag", &[("tag", only)]), 21),
        many => trf("graph.tags", &[("count", &many.len().to_string())]),
    }
}
