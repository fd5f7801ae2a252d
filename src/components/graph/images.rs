//! The images and layers columns. Each layer of the daemon's layer store
//! is drawn once, with the number of images that use it. Selecting an
//! image (or a container) draws lines from it to its layers.

use std::collections::HashMap;

use engine::units::human_size;
use engine::view::{HostView, ImageView};
use yew::prelude::*;

use super::scene::Scene;
use super::shapes::{rect, selectable, text};
use super::{ellipsize, fmt, short_id};
use crate::i18n::{tr, trf};
use crate::layout::{HostLayout, Rect};
use crate::selection::Selection;

/// Draws a host's images, layers and the selected image's links.
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
    let users = layer_users(view);
    let focused = focused_image(scene, view);
    let focused_layers: Vec<&String> = focused
        .map(|image| image.layers.iter().collect())
        .unwrap_or_default();
    html! {
        <g class="images">
            { text("section-label".into(), host.images_x, host.columns_label_y, None, tr("graph.images")) }
            { text("section-label".into(), host.layers_x, host.columns_label_y, None, tr("graph.layers")) }
            { focused.map(|image| links(host, image)).unwrap_or_default() }
            <g class="image-cards">
                { for host.images.iter().filter_map(|(id, rect)| {
                    let image = view.images.iter().find(|image| &image.id == id)?;
                    Some(image_card(scene, &host.name, image, rect, focused.is_some_and(|focused| focused.id == image.id)))
                }) }
            </g>
            <g class="layer-cells">
            { for host.layers.iter().filter_map(|(diff_id, area)| {
                let layer = view.layers.iter().find(|layer| &layer.diff_id == diff_id)?;
                let selection = Selection::Layer { host: host.name.clone(), diff_id: diff_id.clone() };
                let selected = scene.is_selected(&selection);
                let count = users.get(diff_id.as_str()).copied().unwrap_or(0);
                let size = human_size(layer.size as f64);
                let label = trf("graph.layer_label", &[("id", &short_id(diff_id)), ("size", &size), ("images", &counted(count, "graph.one_image", "graph.image_count"))]);
                let shown = if count > 1 { format!("{size}×{count}") } else { size };
                let classes = classes!(
                    "layer", "selectable",
                    (count > 1).then_some("layer-shared"),
                    (!layer.simulated).then_some("layer-unsimulated"),
                    focused_layers.contains(&diff_id).then_some("layer-focused"),
                    selected.then_some("selected"),
                );
                Some(selectable(classes, Some(diff_id), label, selected, scene.pick(selection), html! {
                    <>
                        <title>{ layer.created_by.clone() }</title>
                        { rect(Classes::new(), area, "3") }
                        { text("layer-text".into(), area.centre().0, area.y + 12.5, Some("middle"), ellipsize(&shown, 10)) }
                    </>
                }))
            }) }
            </g>
        </g>
    }
}

fn image_card(scene: &Scene, host: &str, image: &ImageView, area: &Rect, focused: bool) -> Html {
    let title = image
        .tags
        .first()
        .cloned()
        .unwrap_or_else(|| "<none>:<none>".to_string());
    let selection = Selection::Image {
        host: host.to_string(),
        id: image.id.clone(),
    };
    let selected = scene.is_selected(&selection);
    let layers = image.layers.len();
    let label = trf(
        "graph.image_label",
        &[
            ("title", &title),
            (
                "layers",
                &counted(layers, "graph.one_layer", "graph.layer_count"),
            ),
            ("size", &human_size(image.size as f64)),
        ],
    );
    let detail = format!(
        "{} · {} · {}",
        short_id(&image.id),
        human_size(image.size as f64),
        counted(layers, "graph.one_layer", "graph.layer_count")
    );
    selectable(
        classes!(
            "image-card",
            "selectable",
            focused.then_some("focused"),
            selected.then_some("selected")
        ),
        Some(&image.id),
        label,
        selected,
        scene.pick(selection),
        html! {
            <>
                { rect("card".into(), area, "6") }
                { text("card-title".into(), area.x + 8.0, area.y + 16.0, None, ellipsize(&title, 24)) }
                { text("card-detail".into(), area.x + 8.0, area.y + 31.0, None, ellipsize(&detail, 28)) }
            </>
        },
    )
}

/// Draws a line from the image's card to each of its layers.
fn links(host: &HostLayout, image: &ImageView) -> Html {
    let Some(card) = host.image(&image.id) else {
        return html! {};
    };
    let start = (card.right(), card.centre().1);
    html! {
        <g class="layer-links" aria-hidden="true">
            { for image.layers.iter().filter_map(|diff_id| {
                let cell = host.layer(diff_id)?;
                let end = (cell.x, cell.centre().1);
                let bend = (start.0 + end.0) / 2.0;
                let path = format!("M{},{} C{},{} {},{} {},{}", fmt(start.0), fmt(start.1), fmt(bend), fmt(start.1), fmt(bend), fmt(end.1), fmt(end.0), fmt(end.1));
                Some(html! { <path class="layer-link" d={path} /> })
            }) }
        </g>
    }
}

/// Returns the image whose layers to show: the selected image, or the
/// image of the selected container.
fn focused_image<'a>(scene: &Scene, view: &'a HostView) -> Option<&'a ImageView> {
    let id = match scene.selection? {
        Selection::Image { host, id } if *host == view.name => id.clone(),
        Selection::Container { host, id } if *host == view.name => view
            .containers
            .iter()
            .find(|container| &container.id == id)?
            .image_id
            .clone(),
        _ => return None,
    };
    view.images.iter().find(|image| image.id == id)
}

/// Counts the images that use each layer.
fn layer_users(view: &HostView) -> HashMap<&str, usize> {
    let mut users: HashMap<&str, usize> = HashMap::new();
    for image in &view.images {
        for layer in &image.layers {
            *users.entry(layer.as_str()).or_default() += 1;
        }
    }
    users
}

/// Returns `count` with its noun: the `one` key for 1, `many` otherwise.
fn counted(count: usize, one: &str, many: &str) -> String {
    trf(
        if count == 1 { one } else { many },
        &[("count", &count.to_string())],
    )
}
