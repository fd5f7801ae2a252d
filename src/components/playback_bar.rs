//! Playback controls: step back, play or pause, step forward, and speed.

use yew::prelude::*;

use crate::i18n::{tr, trf, use_lang};
use crate::playback::SPEEDS;
use crate::session::Action;

/// Props of [`PlaybackBar`].
#[derive(Properties, PartialEq)]
pub struct PlaybackBarProps {
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
#[function_component]
pub fn PlaybackBar(props: &PlaybackBarProps) -> Html {
    use_lang();
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
            <button class="icon-button" aria-label={tr("playback.back")} title={tr("playback.back")} disabled={!props.can_step_back} onclick={send(Action::StepBack)}>{ icon(Icon::StepBack) }</button>
            <button class="icon-button play-button" data-playing={props.playing.to_string()} aria-label={toggle_label.clone()} title={toggle_label} onclick={send(toggle)}>{ icon(toggle_icon) }</button>
            <button class="icon-button" aria-label={tr("playback.forward")} title={tr("playback.forward")} disabled={!props.can_step_forward} onclick={send(Action::StepForward)}>{ icon(Icon::StepForward) }</button>
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

/// A control's symbol.
#[derive(Clone, Copy)]
enum Icon {
    StepBack,
    Play,
    Pause,
    StepForward,
}

/// Draws a symbol as SVG, so it does not depend on the fonts installed.
fn icon(icon: Icon) -> Html {
    let shapes = match icon {
        Icon::StepBack => {
            html! { <><rect x="2" y="2" width="2" height="10" /><polygon points="12,2 12,12 5,7" /></> }
        }
        Icon::Play => html! { <polygon points="3,2 3,12 12,7" /> },
        Icon::Pause => {
            html! { <><rect x="3" y="2" width="3" height="10" /><rect x="8" y="2" width="3" height="10" /></> }
        }
        Icon::StepForward => {
            html! { <><polygon points="2,2 2,12 9,7" /><rect x="10" y="2" width="2" height="10" /></> }
        }
    };
    html! { <svg class="icon" viewBox="0 0 14 14" width="14" height="14" aria-hidden="true">{ shapes }</svg> }
}
