//! The containers column. A running container is drawn as nested boxes:
//! its cgroup around its network namespace, around the pid, mount, UTS and
//! IPC namespaces, around its PID 1. A namespace it shares with the host
//! or another container is drawn dashed. A container the kernel killed for
//! memory turns red.

use engine::events::Resource;
use engine::units::bytes_size;
use engine::view::{CgroupView, ContainerView};
use yew::prelude::*;

use super::ellipsize;
use super::scene::Scene;
use super::shapes::{rect, selectable, text};
use crate::i18n::{tr, trf};
use crate::layout::{HostLayout, Rect};
use crate::selection::Selection;

/// Draws a host's containers.
pub fn column(scene: &Scene, host: &HostLayout) -> Html {
    let Some(view) = scene
        .frame
        .view
        .hosts
        .iter()
        .find(|view| view.name == host.name)
    else {
        return html! {};
    };
    html! {
        <g class="containers">
            { text("section-label".into(), host.containers_x, host.columns_label_y, None, tr("graph.containers")) }
            <g class="container-cards">
                { for host.containers.iter().filter_map(|(id, rect)| {
                    let container = view.containers.iter().find(|container| &container.id == id)?;
                    Some(card(scene, &host.name, container, rect))
                }) }
            </g>
        </g>
    }
}

fn card(scene: &Scene, host: &str, container: &ContainerView, area: &Rect) -> Html {
    let selection = Selection::Container {
        host: host.to_string(),
        id: container.id.clone(),
    };
    let selected = scene.is_selected(&selection);
    let memory_hit = scene
        .frame
        .limits_hit
        .iter()
        .any(|(id, resource)| *id == container.id && *resource == Resource::Memory);
    let running = matches!(
        container.state.as_str(),
        "running" | "paused" | "restarting"
    );
    let state_class = match container.state.as_str() {
        _ if container.oom_killed || memory_hit => "container-failed",
        "running" | "restarting" => "container-running",
        "paused" => "container-paused",
        "exited" | "dead" if container.exit_code != 0 => "container-error",
        "created" => "container-created",
        _ => "container-stopped",
    };
    selectable(
        classes!(
            "container-card",
            "selectable",
            state_class,
            selected.then_some("selected")
        ),
        Some(&container.id),
        trf(
            "graph.container_label",
            &[("name", &container.name), ("status", &container.status)],
        ),
        selected,
        scene.pick(selection),
        html! {
            <>
                { rect("card".into(), area, "6") }
                { text("card-title".into(), area.x + 8.0, area.y + 14.0, None, ellipsize(&container.name, 19)) }
                { text("card-detail".into(), area.x + 8.0, area.y + 27.0, None, ellipsize(&format!("{} · {}", container.image, container.status), 23)) }
                { if running { namespaces(container, area) } else { stopped(container, area) } }
            </>
        },
    )
}

/// Draws the cgroup, the namespaces and PID 1 as nested boxes.
fn namespaces(container: &ContainerView, area: &Rect) -> Html {
    let shared = |kind: &str| {
        container
            .namespaces
            .iter()
            .find(|namespace| namespace.kind == kind)
            .map(|namespace| namespace.shared_with.clone())
            .unwrap_or_default()
    };
    let net_shared = shared("net");
    let net_text = if net_shared.is_empty() {
        let ports: Vec<String> = container
            .ports
            .iter()
            .filter_map(|port| short_port(port))
            .collect();
        let mut text = format!(
            "net {}",
            if container.ip_address.is_empty() {
                "lo"
            } else {
                &container.ip_address
            }
        );
        if let Some(first) = ports.first() {
            text.push_str(&format!(" · {first}"));
        }
        text
    } else {
        format!("net: {net_shared}")
    };
    let private: Vec<&str> = ["pid", "mnt", "uts", "ipc"]
        .into_iter()
        .filter(|kind| shared(kind).is_empty())
        .collect();
    let process = container.processes.first();
    let process_text = process
        .map(|process| format!("PID 1 {}", process.command))
        .unwrap_or_else(|| "PID 1".to_string());
    let boxed = |inset: f64, top: f64| {
        Rect::new(
            area.x + inset,
            area.y + top,
            area.width - 2.0 * inset,
            area.height - top - inset,
        )
    };
    let (cgroup, net, inner) = (boxed(4.0, 33.0), boxed(9.0, 47.0), boxed(14.0, 61.0));
    let chip = Rect::new(inner.x + 5.0, inner.y + 15.0, inner.width - 10.0, 20.0);
    html! {
        <g class="namespaces" aria-hidden="true">
            { rect("ns-box ns-cgroup".into(), &cgroup, "5") }
            { text("ns-label".into(), cgroup.x + 5.0, cgroup.y + 10.0, None, ellipsize(&format!("cgroup {}", limits(container.cgroup.as_ref())), 28)) }
            { rect(classes!("ns-box", "ns-net", (!net_shared.is_empty()).then_some("ns-shared")), &net, "5") }
            { text("ns-label".into(), net.x + 5.0, net.y + 10.0, None, ellipsize(&net_text, 26)) }
            { rect(classes!("ns-box", "ns-inner", (private.len() < 4).then_some("ns-shared")), &inner, "5") }
            { text("ns-label".into(), inner.x + 5.0, inner.y + 10.0, None, if private.is_empty() { tr("graph.all_shared") } else { private.join(" ") }) }
            { rect("process".into(), &chip, "4") }
            { text("process-text".into(), chip.x + 5.0, chip.y + 14.0, None, ellipsize(&process_text, 20)) }
        </g>
    }
}

/// Draws what a container that does not run has left: its exit.
fn stopped(container: &ContainerView, area: &Rect) -> Html {
    let first = match container.state.as_str() {
        "created" => tr("graph.created"),
        _ => trf(
            "graph.exited",
            &[("status", &container.exit_code.to_string())],
        ),
    };
    html! {
        <g class="stopped" aria-hidden="true">
            { text("card-detail".into(), area.x + 8.0, area.y + 48.0, None, first) }
            { text("card-detail".into(), area.x + 8.0, area.y + 62.0, None, tr("graph.no_namespaces")) }
            if container.oom_killed {
                { text("oom-text".into(), area.x + 8.0, area.y + 80.0, None, tr("graph.oom")) }
            }
        </g>
    }
}

/// Summarises a cgroup's limits: `64MiB · 0.5 CPU · 20 pids`.
pub fn limits(cgroup: Option<&CgroupView>) -> String {
    let Some(cgroup) = cgroup else {
        return tr("graph.none");
    };
    let mut parts = Vec::new();
    if let Some(memory) = cgroup.memory_max {
        parts.push(bytes_size(memory as f64));
    }
    if let Some(cpus) = cgroup.cpus {
        parts.push(format!("{} CPU", trim_float(cpus)));
    }
    if let Some(pids) = cgroup.pids_max {
        parts.push(trf("graph.pids", &[("count", &pids.to_string())]));
    }
    if parts.is_empty() {
        tr("graph.no_limits")
    } else {
        parts.join(" · ")
    }
}

/// Shortens `0.0.0.0:6818->6800/tcp` to `6818→6800`; IPv6 duplicates and
/// unpublished ports give `None`.
fn short_port(port: &str) -> Option<String> {
    let (host, container) = port.split_once("->")?;
    if host.starts_with('[') {
        return None;
    }
    let host_port = host.rsplit(':').next()?;
    let container_port = container.split('/').next()?;
    Some(format!("{host_port}→{container_port}"))
}

fn trim_float(value: f64) -> String {
    let text = format!("{value:.2}");
    text.trim_end_matches('0').trim_end_matches('.').to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_port_keeps_ipv4_mapping() {
        assert_eq!(
            short_port("0.0.0.0:6818->6800/tcp").as_deref(),
            Some("6818→6800")
        );
        assert_eq!(short_port("[::]:6818->6800/tcp"), None);
        assert_eq!(short_port("6800/tcp"), None);
    }

    #[test]
    fn limits_summary() {
        let cgroup = CgroupView {
            path: String::new(),
            memory_max: Some(64 * 1024 * 1024),
            memory_current: 0,
            cpus: Some(0.5),
            cpu_percent: 0.0,
            pids_max: Some(20),
            pids_current: 1,
        };
        assert_eq!(limits(Some(&cgroup)), "64MiB · 0.5 CPU · 20 pids");
        assert_eq!(
            limits(Some(&CgroupView {
                memory_max: None,
                cpus: None,
                pids_max: None,
                ..cgroup
            })),
            "no limits"
        );
        assert_eq!(limits(None), "none");
    }

    #[test]
    fn trim_float_drops_zeros() {
        assert_eq!(trim_float(1.0), "1");
        assert_eq!(trim_float(1.5), "1.5");
        assert_eq!(trim_float(0.25), "0.25");
    }
}
