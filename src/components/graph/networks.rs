//! The networks and volumes band: one row of chips each, with a count of
//! those that do not fit.

use yew::prelude::*;

use super::scene::Scene;
use super::{ellipsize, fmt};
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
        let text = if network.subnet.is_empty() {
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
            &text,
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
            <rect class="band" x={fmt(band.x)} y={fmt(band.y)} width={fmt(band.width)} height={fmt(band.height)} rx="8" />
            <text class="section-label" x={fmt(band.x + 8.0)} y={fmt(band.y + 34.0)}>{ tr("graph.networks") }</text>
            <text class="section-label" x={fmt(band.x + 8.0)} y={fmt(band.y + 62.0)}>{ tr("graph.volumes") }</text>
            <g class="network-chips">{ for networks }</g>
            <g class="volume-chips">{ for volumes }</g>
            { overflow(host.hidden_networks, band.right() - 8.0, band.y + 34.0) }
            { overflow(host.hidden_volumes, band.right() - 8.0, band.y + 62.0) }
            if view.volumes.is_empty() {
                <text class="muted-text" x={fmt(band.x + 76.0)} y={fmt(band.y + 62.0)}>{ tr("graph.none") }</text>
            }
        </g>
    }
}

fn chip(scene: &Scene, rect: &Rect, text: &str, label: String, selection: Selection) -> Html {
    let selected = scene.is_selected(&selection);
    let (click, key) = scene.pick(selection);
    html! {
        <g class={classes!("chip", "selectable", selected.then_some("selected"))}
            tabindex="0" role="button" aria-label={label} aria-pressed={selected.to_string()} onclick={click} onkeydown={key}>
            <rect x={fmt(rect.x)} y={fmt(rect.y)} width={fmt(rect.width)} height={fmt(rect.height)} rx="10" />
            <text class="chip-text" x={fmt(rect.x + 8.0)} y={fmt(rect.y + 14.0)}>{ ellipsize(text, 22) }</text>
        </g>
    }
}

fn overflow(count: usize, x: f64, y: f64) -> Html {
    if count == 0 {
        return html! {};
    }
    html! { <text class="muted-text" x={fmt(x)} y={fmt(y)} text-anchor="end">{ trf("graph.more", &[("count", &count.to_string())]) }</text> }
}
