//! The inspector: whatever is selected, in depth. With nothing selected it
//! lists the events of the command being shown, each one a button that
//! moves playback to it.
//!
//! It reads the frame's view and, for details the view does not carry, the
//! world snapshot of the timeline entry being shown through
//! [`engine::inspect`].

mod container;
mod event;
mod image;
mod objects;

use std::rc::Rc;

use engine::events::{Event, EventKind};
use engine::World;
use yew::prelude::*;

use crate::components::widgets::text_button;
use crate::frame::{is_rejection, Frame};
use crate::i18n::{tr, use_lang};
use crate::selection::Selection;
use crate::session::Entry;
use crate::shared::Shared;

/// Props of [`Inspector`].
#[derive(Properties, PartialEq)]
pub struct InspectorProps {
    pub selection: Option<Selection>,
    pub frame: Shared<Frame>,
    /// The world at the timeline entry shown.
    pub world: Shared<World>,
    /// Every entry of the timeline.
    pub entries: Shared<Vec<Rc<Entry>>>,
    /// The entry shown and how many of its events have played.
    pub entry: Option<usize>,
    pub played: usize,
    pub onselect: Callback<Option<Selection>>,
    /// Called with (entry, event index) to move playback to an event.
    pub onseek: Callback<(usize, usize)>,
}

/// Renders the inspector pane.
#[function_component]
pub fn Inspector(props: &InspectorProps) -> Html {
    use_lang();
    let back = {
        let onselect = props.onselect.clone();
        Callback::from(move |_| onselect.emit(None))
    };
    let body = match &props.selection {
        None => events(props),
        Some(selection) => details(props, selection),
    };
    html! {
        <section class="inspector" aria-label={tr("page.inspector")}>
            <div class="pane-header">
                <h2 class="pane-title">{ tr("inspector.inspector") }</h2>
                if props.selection.is_some() {
                    { text_button("text-button", "inspector.show_events", false, back) }
                }
            </div>
            <div class="inspector-body" aria-live="polite">{ body }</div>
        </section>
    }
}

fn details(props: &InspectorProps, selection: &Selection) -> Html {
    let view = &props.frame.view;
    let world = &props.world;
    let onselect = &props.onselect;
    match selection {
        Selection::Image { host, id } => image::image(view, world, host, id, onselect),
        Selection::Layer { host, diff_id } => image::layer(view, world, host, diff_id, onselect),
        Selection::Container { host, id } => {
            container::container(view, &props.frame, world, host, id, onselect)
        }
        Selection::Network { host, id } => objects::network(view, host, id, onselect),
        Selection::Volume { host, name } => objects::volume(view, host, name, onselect),
        Selection::Registry(name) => objects::registry(view, name),
        Selection::Stage(index) => objects::stage(view, *index),
        Selection::Node(node) => objects::node(
            view,
            node,
            &current_events(props),
            props.entry,
            &props.onseek,
        ),
        Selection::Event { entry, index } => {
            let found = props
                .entries
                .get(*entry)
                .and_then(|found| found.result.events.get(*index));
            match found {
                Some(found) => event::event(found, &props.entries[*entry].line),
                None => missing("inspector.this_event_is_not"),
            }
        }
    }
}

/// Returns the events of the entry shown.
fn current_events(props: &InspectorProps) -> Vec<Event> {
    props
        .entry
        .and_then(|entry| props.entries.get(entry))
        .map(|entry| entry.result.events.clone())
        .unwrap_or_default()
}

/// Lists the events of the entry shown.
fn events(props: &InspectorProps) -> Html {
    let Some((index, entry)) = props
        .entry
        .and_then(|index| props.entries.get(index).map(|entry| (index, entry)))
    else {
        return html! {
            <div class="inspector-intro">
                <p>{ tr("inspector.run_a_command_in") }</p>
                <p>{ tr("inspector.select_anything_in_the") }</p>
            </div>
        };
    };
    let items = entry.result.events.iter().enumerate().map(|(event_index, event)| {
        let onseek = props.onseek.clone();
        let onclick = Callback::from(move |_| onseek.emit((index, event_index)));
        let current = event_index + 1 == props.played;
        let played = event_index < props.played;
        let (kind, text, failed) = summary(event);
        html! {
            <li>
                <button class={classes!("event", played.then_some("event-played"), current.then_some("event-current"), failed.then_some("event-failed"))}
                    aria-current={current.then_some("step")} {onclick}>
                    <span class="event-kind">{ kind }</span>
                    <span class="event-text">{ text }</span>
                </button>
            </li>
        }
    });
    html! {
        <>
            <h3 class="inspector-heading">{ tr("inspector.events_of") }{ " " }{ code(entry.line.clone()) }</h3>
            { if entry.result.events.is_empty() {
                muted(tr("inspector.this_command_sent_no"))
            } else {
                html! { <ol class="event-list">{ for items }</ol> }
            } }
        </>
    }
}

/// Returns an event's kind, one-line text and whether it failed.
fn summary(event: &Event) -> (&'static str, String, bool) {
    match &event.kind {
        EventKind::Message(message) => {
            let status = if message.status == 0 {
                tr("graph.no_response")
            } else {
                message.status.to_string()
            };
            (
                "request",
                format!(
                    "{} → {}: {} → {status}",
                    message.from,
                    message.to,
                    message.label()
                ),
                is_rejection(message),
            )
        }
        EventKind::Change(change) => (
            "change",
            event::change_summary(change),
            event::change_failed(change),
        ),
    }
}

/// Says that the selected object does not exist at this point.
fn missing(key: &str) -> Html {
    muted(tr(key))
}

// The builders below each stand for markup that the inspector's views
// repeat. As plain functions their element code exists once in the wasm
// module instead of once per `html!` use.

/// Renders the heading of the object shown.
fn heading(text: String) -> Html {
    html! { <h3 class="inspector-heading">{ text }</h3> }
}

/// Renders the heading of a section.
fn subheading(text: String) -> Html {
    html! { <h4 class="inspector-subheading">{ text }</h4> }
}

/// Renders a paragraph of secondary text.
fn muted(text: String) -> Html {
    html! { <p class="muted">{ text }</p> }
}

/// Renders text in code type.
fn code(text: String) -> Html {
    html! { <code>{ text }</code> }
}

/// Renders a preformatted block of code.
fn code_block(text: String) -> Html {
    html! { <pre class="code-block">{ text }</pre> }
}

/// Renders a definition list of [`row`]s.
fn facts(rows: Html) -> Html {
    html! { <dl class="facts">{ rows }</dl> }
}

/// Renders a table with a column heading per catalogue key; an empty key
/// leaves its heading empty.
fn table(class: &'static str, heads: &[&str], rows: Html) -> Html {
    let heads = heads.iter().map(|key| {
        let text = if key.is_empty() {
            String::new()
        } else {
            tr(key)
        };
        html! { <th scope="col">{ text }</th> }
    });
    html! {
        <table class={class}>
            <thead><tr>{ for heads }</tr></thead>
            <tbody>{ rows }</tbody>
        </table>
    }
}

/// Renders a definition list row.
fn row(term: &str, value: impl Into<Html>) -> Html {
    html! {
        <>
            <dt>{ tr(term) }</dt>
            <dd>{ value.into() }</dd>
        </>
    }
}

/// Renders a button that selects another object.
fn link(text: String, selection: Selection, onselect: &Callback<Option<Selection>>) -> Html {
    let onselect = onselect.clone();
    let onclick = Callback::from(move |_| onselect.emit(Some(selection.clone())));
    html! { <button class="link-button" {onclick}>{ text }</button> }
}
