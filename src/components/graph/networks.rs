//! The networks and volumes band: one row of chips each, with a count of
//! those that do not fit.

use yew::prelude::*;

use super::ellipsize;
use super::scene::Scene;
use super::shapes::{rect, selectable, text};
use crate::i18n::{tr, trf};
use crate::layout::{HostLayout, Rect};
use crate::selection::Selection;

/// Draws a host's networks and volumes.
pub fn band(scene: &Scene, host: &HostLayout) -> Html {
    let band = host.networks_band;
    let Some(view) = scene
        .frame
        .view
        .hosts
        .iter()
        .find(|view| view.name == host.name)
    else {
        return html! {};
    };
    let networks = host.networks.iter().filter_map(|(id, rect)| {
        let network = view.networks.iter().find(|network| &network.id == id)?;
        let shown = if network.subnet.is_empty() {
            format!("{} ({})", network.name, network.driver)
        } else {
            format!("{} {}", network.name, network.subnet)
        };
        let label = trf(
            if network.subnet.is_empty() {
                "graph.network_label"
            } else {
                "graph.network_subnet_label"
            },
            &[
                ("name", &network.name),
                ("driver", &network.driver),
                ("subnet", &network.subnet),
            ],
        );
        Some(chip(
            scene,
            rect,
            &shown,
            label,
            Selection::Network {
                host: host.name.clone(),
                id: id.clone(),
            },
        ))
    });
    let volumes = host.volumes.iter().filter_map(|(name, rect)| {
        view.volumes.iter().find(|volume| &volume.name == name)?;
        Some(chip(
            scene,
            rect,
            name,
            trf("graph.volume_label", &[("name", name)]),
            Selection::Volume {
                host: host.name.clone(),
                name: name.clone(),
            },
        ))
    });
    html! {
        <g class="networks">
            { rect("band".into(), &band, "8") }
            { text("section-label".into(), band.x + 8.0, band.y + 34.0, None, tr("graph.networks")) }
            { text("section-label".into(), band.x + 8.0, band.y + 62.0, None, tr("graph.volumes")) }
            <g class="network-chips">{ for networks }</g>
            <g class="volume-chips">{ for volumes }</g>
            { overflow(host.hidden_networks, band.right() - 8.0, band.y + 34.0) }
            { overflow(host.hidden_volumes, band.right() - 8.0, band.y + 62.0) }
            if view.volumes.is_empty() {
                { text("muted-text".into(), band.x + 76.0, band.y + 62.0, None, tr("graph.none")) }
            }
        </g>
    }
}

fn chip(scene: &Scene, area: &Rect, shown: &str, label: String, selection: Selection) -> Html {
    let selected = scene.is_selected(&selection);
    selectable(
        classes!("chip", "selectable", selected.then_some("selected")),
        None,
        label,
        selected,
        scene.pick(selection),
        html! {
            <>
                { rect(Classes::new(), area, "10") }
                { text("chip-text".into(), area.x + 8.0, area.y + 14.0, None, ellipsize(shown, 22)) }
            </>
        },
    )
}

fn overflow(count: usize, x: f64, y: f64) -> Html {
    if count == 0 {
        return html! {};
    }
    text(
        "muted-text".into(),
        x,
        y,
        Some("end"),
        trf("graph.more", &[("count", &count.to_string())]),
    )
}
