//! The SVG elements the graph repeats: rectangles, text and the groups
//! that make an object selectable. As plain functions their element code
//! exists once in the wasm module instead of once per `html!` use.

use std::rc::Rc;

use yew::prelude::*;
use yew::virtual_dom::{Key, VNode};

use super::fmt;
use crate::layout::Rect;

/// Draws `area` as a `<rect>` with corner radius `rx`. An empty `class`
/// leaves out the attribute.
pub(crate) fn rect(class: Classes, area: &Rect, rx: &'static str) -> Html {
    html! {
        <rect class={class} x={fmt(area.x)} y={fmt(area.y)} width={fmt(area.width)} height={fmt(area.height)} rx={rx} />
    }
}

/// Draws `content` as a `<text>` at (`x`, `y`), anchored by `anchor`
/// (`middle`, `end`) or, without one, starting there.
pub(crate) fn text(
    class: Classes,
    x: f64,
    y: f64,
    anchor: Option<&'static str>,
    content: String,
) -> Html {
    html! {
        <text class={class} x={fmt(x)} y={fmt(y)} text-anchor={anchor}>{ content }</text>
    }
}

/// Wraps `children` in a group that acts as a toggle button: focusable,
/// labelled, and picked by a click or by Enter or Space through the
/// handlers of [`super::scene::Scene::pick`]. A `key` identifies the
/// group among its siblings when the list changes.
pub(crate) fn selectable(
    class: Classes,
    key: Option<&str>,
    label: String,
    selected: bool,
    (onclick, onkeydown): (Callback<MouseEvent>, Callback<KeyboardEvent>),
    children: Html,
) -> Html {
    let mut group = html! {
        <g class={class} tabindex="0" role="button" aria-label={label} aria-pressed={selected.to_string()} {onclick} {onkeydown}>
            { children }
        </g>
    };
    if let (Some(key), VNode::VTag(tag)) = (key, &mut group) {
        if let Some(tag) = Rc::get_mut(tag) {
            tag.key = Some(Key::from(key));
        }
    }
    group
}
