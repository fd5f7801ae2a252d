//! A container: its namespaces with the host's view beside the
//! container's own (PIDs, hostname, interfaces, mounts), its cgroup limits
//! with gauges, its ports and its writable layer.

use engine::events::Resource;
use engine::inspect::{self, ContainerDetails, Sides};
use engine::units::{bytes_size, human_size};
use engine::view::{ContainerView, HostView, WorldView};
use engine::World;
use yew::prelude::*;

use super::{code, code_block, facts, heading, link, missing, muted, row, subheading, table};
use crate::components::gauge::{gauge, Reading};
use crate::frame::Frame;
use crate::i18n::{tr, trf};
use crate::selection::Selection;

/// `docker diff` lines shown before the rest are counted.
const CHANGES_SHOWN: usize = 100;

/// Shows a container.
pub fn container(
    view: &WorldView,
    frame: &Frame,
    world: &World,
    host: &str,
    id: &str,
    onselect: &Callback<Option<Selection>>,
) -> Html {
    let Some(host_view) = view.hosts.iter().find(|candidate| candidate.name == host) else {
        return missing("inspector.this_host_does_not");
    };
    let Some(shown) = host_view
        .containers
        .iter()
        .find(|container| container.id == id)
    else {
        return missing("inspector.this_container_does_not");
    };
    // The snapshot is the world after the command; while its events play,
    // the frame may show the container before it started.
    let running = matches!(shown.state.as_str(), "running" | "paused" | "restarting");
    let details = inspect::container_details(world, host, id, CHANGES_SHOWN).map(|mut details| {
        if !running {
            details.namespaces.clear();
            details.pid = Sides::default();
            details.cgroup = Sides::default();
        }
        details
    });
    let image = host_view
        .images
        .iter()
        .find(|image| image.id == shown.image_id);
    let image_link = match image {
        Some(image) => link(
            shown.image.clone(),
            Selection::Image {
                host: host.to_string(),
                id: image.id.clone(),
            },
            onselect,
        ),
        None => html! { { shown.image.clone() } },
    };
    let memory_hit = frame
        .limits_hit
        .iter()
        .any(|(container, resource)| container == id && *resource == Resource::Memory);
    html! {
        <>
            { heading(trf("inspector.container_heading", &[("name", &shown.name)])) }
            { facts(html! {
                <>
                    { row("inspector.id", code(shown.id.clone())) }
                    { row("inspector.image", image_link) }
                    { row("inspector.status", html! { <span class={classes!((shown.oom_killed || memory_hit).then_some("bad"))}>{ status_text(shown) }</span> }) }
                    { row("inspector.command", code(shown.command.clone())) }
                    { details.as_ref().map(|details| html! {
                        <>
                            { row("inspector.user", details.user.clone()) }
                            { row("inspector.working_dir", details.working_dir.clone()) }
                            { row("inspector.restart_policy", details.restart_policy.clone()) }
                        </>
                    }).unwrap_or_default() }
                    { row("inspector.ports", if shown.ports.is_empty() { tr("inspector.none_published") } else { shown.ports.join(", ") }) }
                </>
            }) }
            { namespaces(shown, details.as_ref()) }
            { cgroup(shown, host_view) }
            { details.as_ref().map(sides_tables).unwrap_or_default() }
            { details.as_ref().map(writable_layer).unwrap_or_default() }
        </>
    }
}

fn status_text(container: &ContainerView) -> String {
    let mut text = container.status.clone();
    if container.oom_killed {
        text.push_str(" · OOMKilled: the kernel killed it at its memory limit");
    }
    text
}

/// Lists each namespace from the host's side beside the container's side.
fn namespaces(container: &ContainerView, details: Option<&ContainerDetails>) -> Html {
    let Some(details) = details.filter(|details| !details.namespaces.is_empty()) else {
        return html! {
            <>
                { subheading(tr("inspector.namespaces")) }
                { muted(tr("inspector.a_container_has_namespaces")) }
            </>
        };
    };
    let heads = [
        "inspector.namespace",
        "inspector.on_the_host",
        "inspector.in_the_container",
    ];
    html! {
        <>
            { subheading(tr("inspector.namespaces_host_view_beside")) }
            { table("table sides", &heads, html! {
                <>
                    { for details.namespaces.iter().map(|pair| {
                        let inode = container.namespaces.iter().find(|namespace| namespace.kind == pair.kind).map(|namespace| namespace.inode).unwrap_or(0);
                        let own = if !pair.shared_with.is_empty() {
                            trf("inspector.shared_with", &[("other", &pair.shared_with)])
                        } else if inode > 0 {
                            format!("{}:[{inode}]", pair.kind)
                        } else {
                            tr("inspector.its_own")
                        };
                        let host_inode = pair.host_inode.map(|inode| format!("{}:[{inode}]", pair.kind)).unwrap_or_else(|| trf("inspector.the_hosts", &[("kind", &pair.kind)]));
                        html! {
                            <tr>
                                <th scope="row">{ pair.kind.clone() }</th>
                                { side(pair.sides.host.clone(), host_inode) }
                                { side(pair.sides.container.clone(), own) }
                            </tr>
                        }
                    }) }
                </>
            }) }
        </>
    }
}

/// Renders a table cell with a namespace's value on one side and, under
/// it, its inode or the container it is shared with.
fn side(value: String, identity: String) -> Html {
    html! { <td><div>{ value }</div><div class="muted">{ identity }</div></td> }
}

/// Shows the cgroup's limits with gauges for memory, CPU and PIDs.
fn cgroup(container: &ContainerView, host: &HostView) -> Html {
    let Some(cgroup) = &container.cgroup else {
        return html! {
            <>
                { subheading(tr("inspector.control_group")) }
                { muted(tr("inspector.the_cgroup_exists_only")) }
            </>
        };
    };
    let memory_text = format!(
        "{} / {}",
        bytes_size(cgroup.memory_current as f64),
        cgroup
            .memory_max
            .map(|max| bytes_size(max as f64))
            .unwrap_or_else(|| trf(
                "inspector.no_limit_host",
                &[("host", &bytes_size(host.memory as f64))]
            ))
    );
    let cpu_text = format!(
        "{:.1}% / {}",
        cgroup.cpu_percent,
        cgroup
            .cpus
            .map(|cpus| format!("{}%", (cpus * 100.0).round()))
            .unwrap_or_else(|| trf(
                "inspector.no_limit_cpus",
                &[("cpus", &host.cpus.to_string())]
            ))
    );
    let pids_text = format!(
        "{} / {}",
        cgroup.pids_current,
        cgroup
            .pids_max
            .map(|max| max.to_string())
            .unwrap_or_else(|| tr("inspector.no_limit"))
    );
    html! {
        <>
            { subheading(tr("inspector.control_group_cgroup_v2")) }
            <p class="muted">{ code(cgroup.path.clone()) }</p>
            { gauge(Reading { label: tr("inspector.memory").into(), value: cgroup.memory_current as f64, limit: cgroup.memory_max.map(|max| max as f64), scale: host.memory as f64, text: memory_text.into() }) }
            { gauge(Reading { label: "CPU".into(), value: cgroup.cpu_percent, limit: cgroup.cpus.map(|cpus| cpus * 100.0), scale: f64::from(host.cpus) * 100.0, text: cpu_text.into() }) }
            { gauge(Reading { label: "PIDs".into(), value: cgroup.pids_current as f64, limit: cgroup.pids_max.map(|max| max as f64), scale: 4_194_304.0, text: pids_text.into() }) }
        </>
    }
}

/// Shows hostname, PID, interfaces, mounts and cgroup, each from both sides.
fn sides_tables(details: &ContainerDetails) -> Html {
    let mut rows: Vec<(String, Sides)> = Vec::new();
    rows.push(("hostname".to_string(), details.hostname.clone()));
    if !details.pid.host.is_empty() {
        rows.push(("PID".to_string(), details.pid.clone()));
    }
    for interface in &details.interfaces {
        rows.push((
            trf("inspector.interface", &[("network", &interface.network)]),
            interface.sides.clone(),
        ));
    }
    for mount in &details.mounts {
        let key = if mount.read_write {
            "inspector.mount"
        } else {
            "inspector.mount_read_only"
        };
        rows.push((trf(key, &[("kind", &mount.kind)]), mount.sides.clone()));
    }
    if !details.cgroup.host.is_empty() {
        rows.push(("cgroup".to_string(), details.cgroup.clone()));
    }
    html! {
        <>
            { subheading(tr("inspector.seen_from_both_sides")) }
            { table("table sides", &["", "inspector.on_the_host", "inspector.in_the_container"], html! {
                <>
                    { for rows.into_iter().map(|(name, sides)| html! {
                        <tr>
                            <th scope="row">{ name }</th>
                            <td>{ code(sides.host) }</td>
                            <td>{ code(sides.container) }</td>
                        </tr>
                    }) }
                </>
            }) }
        </>
    }
}

/// Shows the writable layer's size and `docker diff`.
fn writable_layer(details: &ContainerDetails) -> Html {
    html! {
        <>
            { subheading(trf("inspector.writable_layer", &[("size", &human_size(details.writable_size as f64))])) }
            { if details.changes.is_empty() {
                muted(tr("inspector.no_changes_to_the"))
            } else {
                html! {
                    <pre class="code-block">
                        { details.changes.join("\n") }
                        if details.changes_total > details.changes.len() { { format!("\n… and {} more", details.changes_total - details.changes.len()) } }
                    </pre>
                }
            } }
            if !details.env.is_empty() {
                <>
                    { subheading(tr("inspector.environment")) }
                    { code_block(details.env.join("\n")) }
                </>
            }
        </>
    }
}
