//! The graph pane: playback controls, the detail switch, the timeline of
//! commands and the graph itself.

use std::rc::Rc;

use engine::events::Event;
use yew::prelude::*;

use crate::components::fault_switch::FaultSwitch;
use crate::components::graph::Graph;
use crate::components::playback_bar::{playback_bar, PlaybackState};
use crate::components::timeline::Timeline;
use crate::components::widgets::setting;
use crate::frame::Frame;
use crate::i18n::{tr, use_lang};
use crate::layout::Layout;
use crate::playback::{next, previous, Playback};
use crate::prefs::ZOOMS;
use crate::selection::Selection;
use crate::session::{Action, Entry};
use crate::shared::Shared;

/// Props of [`GraphPane`].
#[derive(Properties, PartialEq)]
pub struct GraphPaneProps {
    pub frame: Shared<Frame>,
    pub layout: Shared<Layout>,
    pub entries: Shared<Vec<Rc<Entry>>>,
    /// The event applied last.
    pub event: Option<Rc<Event>>,
    pub playback: Playback,
    /// Whether the daemon is drawn as the whole chain down to the kernel.
    pub detail: bool,
    /// The graph's scale; `None` fits the pane.
    pub zoom: Option<f64>,
    pub reduced_motion: bool,
    pub selection: Option<Selection>,
    pub onselect: Callback<Option<Selection>>,
    /// Called with playback and settings actions.
    pub onaction: Callback<Action>,
}

/// Renders the graph pane.
#[function_component]
pub fn GraphPane(props: &GraphPaneProps) -> Html {
    use_lang();
    let counts: Vec<usize> = props
        .entries
        .iter()
        .map(|entry| entry.result.events.len())
        .collect();
    let position = props.playback.position;
    let total = position
        .entry
        .and_then(|entry| counts.get(entry))
        .copied()
        .unwrap_or(0);
    let send = |make: fn(bool) -> Action| {
        let onaction = props.onaction.clone();
        Callback::from(move |event: Event2| {
            let input: web_sys::HtmlInputElement = event.target_unchecked_into();
            onaction.emit(make(input.checked()));
        })
    };
    let onzoom = {
        let onaction = props.onaction.clone();
        Callback::from(move |event: Event2| {
            let select: web_sys::HtmlSelectElement = event.target_unchecked_into();
            onaction.emit(Action::SetZoom(select.value().parse::<f64>().ok()));
        })
    };
    let ontravel = {
        let onaction = props.onaction.clone();
        Callback::from(move |entry| onaction.emit(Action::Travel(entry)))
    };
    let ontick = {
        let onaction = props.onaction.clone();
        Callback::from(move |position| onaction.emit(Action::Tick(position)))
    };
    let ontoken = {
        let (onaction, played) = (props.onaction.clone(), position.played);
        let entry = position.entry;
        Callback::from(move |_| {
            if let (Some(entry), Some(index)) = (entry, played.checked_sub(1)) {
                onaction.emit(Action::Seek { entry, index });
            }
        })
    };
    // The fault switch acts on the world as it is now, so it shows the
    // faults after the latest command, also while the graph shows an
    // earlier one or a command's events still play.
    let fault_hosts = match props.entries.last() {
        Some(latest) => latest.view.hosts.clone(),
        None => props.frame.view.hosts.clone(),
    };
    html! {
        <section class="graph-pane" aria-label={tr("graph.pane")}>
            <div class="graph-toolbar">
                { playback_bar(&PlaybackState {
                    playing: props.playback.playing,
                    speed: props.playback.speed_factor(),
                    can_step_back: previous(position, &counts).is_some(),
                    can_step_forward: next(position, &counts).is_some(),
                    played: position.played,
                    total,
                    onaction: props.onaction.clone(),
                }) }
                <label class="switch">
                    <input type="checkbox" class="detail-switch" checked={props.detail} onchange={send(Action::SetDetail)} />
                    <span>{ tr("graph.detail") }</span>
                </label>
                <FaultSwitch hosts={fault_hosts} onaction={props.onaction.clone()} />
                { setting("graph.zoom", "zoom-select", onzoom, html! {
                    <>
                        <option value="fit" selected={props.zoom.is_none()}>{ tr("graph.fit") }</option>
                        { for ZOOMS.iter().map(|zoom| html! {
                            <option value={zoom.to_string()} selected={props.zoom == Some(*zoom)}>{ format!("{:.0}%", zoom * 100.0) }</option>
                        }) }
                    </>
                }) }
            </div>
            <Timeline entries={props.entries.clone()} current={position.entry} {ontravel} />
            <div class="graph-scroll">
                <Graph
                    frame={props.frame.clone()}
                    layout={props.layout.clone()}
                    event={props.event.clone()}
                    {position}
                    playing={props.playback.playing}
                    speed={props.playback.speed_factor()}
                    reduced_motion={props.reduced_motion}
                    zoom={props.zoom}
                    selection={props.selection.clone()}
                    onselect={props.onselect.clone()}
                    {ontick}
                    {ontoken}
                />
            </div>
        </section>
    }
}

/// The DOM event a checkbox's `onchange` receives.
type Event2 = yew::Event;
