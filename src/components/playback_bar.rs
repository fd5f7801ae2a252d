//! Playback controls: step back, play or pause, step forward, and speed.
//!
//! They are drawn by a plain function rather than a component, because
//! they keep no state and a component would add Yew's per-component code
//! to the wasm module. The graph pane that draws them renders again when
//! the language changes.

use yew::prelude::*;

use crate::i18n::{tr, trf};
use crate::playback::SPEEDS;
use crate::session::Action;

/// The state [`playback_bar`] shows, and the callback for its actions.
pub struct PlaybackState {
    pub playing: bool,
    /// Speed factor: 1.0 is normal.
    pub speed: f64,
    pub can_step_back: bool,
    pub can_step_forward: bool,
    /// Events applied of the entry shown, and how many it has.
    pub played: usize,
    pub total: usize,
    pub onaction: Callback<Action>,
}

/// Renders the playback controls.
pub fn playback_bar(props: &PlaybackState) -> Html {
    let send = |action: Action| {
        let onaction = props.onaction.clone();
        Callback::from(move |_: MouseEvent| onaction.emit(action.clone()))
    };
    let onspeed = {
        let onaction = props.onaction.clone();
        Callback::from(move |event: Event| {
            let select: web_sys::HtmlSelectElement = event.target_unchecked_into();
            if let Ok(factor) = select.value().parse::<f64>() {
                onaction.emit(Action::SetSpeed(factor));
            }
        })
    };
    let (toggle_label, toggle_icon, toggle) = if props.playing {
        (tr("playback.pause"), Icon::Pause, Action::Pause)
    } else {
        (tr("playback.play"), Icon::Play, Action::Play)
    };
    html! {
        <div class="playback" role="group" aria-label={tr("playback.label")}>
            { step_button("playback.back", !props.can_step_back, send(Action::StepBack), Icon::StepBack) }
            <button class="icon-button play-button" data-playing={props.playing.to_string()} aria-label={toggle_label.clone()} title={toggle_label} onclick={send(toggle)}>{ icon(toggle_icon) }</button>
            { step_button("playback.forward", !props.can_step_forward, send(Action::StepForward), Icon::StepForward) }
            <label class="speed">
                <span class="visually-hidden">{ tr("playback.speed") }</span>
                <select class="speed-select" aria-label={tr("playback.speed_label")} onchange={onspeed}>
                    { for SPEEDS.iter().map(|speed| html! {
                        <option value={speed.to_string()} selected={*speed == props.speed}>{ format!("{speed}×") }</option>
                    }) }
                </select>
            </label>
            <span class="playback-progress" aria-live="off" data-played={props.played.to_string()} data-total={props.total.to_string()}>{ trf("playback.progress", &[("played", &props.played.to_string()), ("total", &props.total.to_string())]) }</span>
        </div>
    }
}

/// Renders a button that steps playback, labelled with the catalogue text
/// `key`.
fn step_button(key: &str, disabled: bool, onclick: Callback<MouseEvent>, symbol: Icon) -> Html {
    let label = tr(key);
    html! {
        <button class="icon-button" aria-label={label.clone()} title={label} {disabled} {onclick}>{ icon(symbol) }</button>
    }
}

/// A control's symbol.
#[derive(Clone, Copy)]
enum Icon {
    StepBack,
    Play,
    Pause,
    StepForward,
}

/// A shape of a symbol, in a 14 by 14 box.
enum Shape {
    /// A rectangle: x, y, width and height.
    Rect([&'static str; 4]),
    /// A polygon's points.
    Polygon(&'static str),
}

impl Icon {
    fn shapes(self) -> &'static [Shape] {
        match self {
            Icon::StepBack => &[
                Shape::Rect(["2", "2", "2", "10"]),
                Shape::Polygon("12,2 12,12 5,7"),
            ],
            Icon::Play => &[Shape::Polygon("3,2 3,12 12,7")],
            Icon::Pause => &[
                Shape::Rect(["3", "2", "3", "10"]),
                Shape::Rect(["8", "2", "3", "10"]),
            ],
            Icon::StepForward => &[
                Shape::Polygon("2,2 2,12 9,7"),
                Shape::Rect(["10", "2", "2", "10"]),
            ],
        }
    }
}

/// Draws a symbol as SVG, so it does not depend on the fonts installed.
fn icon(icon: Icon) -> Html {
    let shapes = icon.shapes().iter().map(|shape| match shape {
        Shape::Rect([x, y, width, height]) => {
            html! { <rect x={*x} y={*y} width={*width} height={*height} /> }
        }
        Shape::Polygon(points) => html! { <polygon points={*points} /> },
    });
    html! { <svg class="icon" viewBox="0 0 14 14" width="14" height="14" aria-hidden="true">{ for shapes }</svg> }
}
