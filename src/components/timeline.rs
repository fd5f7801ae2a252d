//! The timeline of commands: picking one shows the world as it was after
//! it; "Start" shows it before the first command.

use std::rc::Rc;

use wasm_bindgen::JsCast;
use web_sys::HtmlElement;
use yew::prelude::*;

use crate::i18n::{tr, trf, use_lang};
use crate::session::Entry;
use crate::shared::Shared;

/// Props of [`Timeline`].
#[derive(Properties, PartialEq)]
pub struct TimelineProps {
    pub entries: Shared<Vec<Rc<Entry>>>,
    /// The entry shown; `None` before the first command.
    pub current: Option<usize>,
    /// Called with the entry to show.
    pub ontravel: Callback<Option<usize>>,
}

/// Renders the timeline strip.
#[function_component]
pub fn Timeline(props: &TimelineProps) -> Html {
    use_lang();
    let list = use_node_ref();
    {
        // Keeps the entry shown in sight as commands are added, scrolling
        // only the strip: scrolling it into view would also move the page.
        let list = list.clone();
        use_effect_with((props.current, props.entries.len()), move |_| {
            let Some(strip) = list.cast::<HtmlElement>() else {
                return;
            };
            let current = strip
                .query_selector("[aria-current]")
                .ok()
                .flatten()
                .and_then(|element| element.dyn_into::<HtmlElement>().ok());
            if let Some(current) = current {
                let left =
                    current.offset_left() - (strip.client_width() - current.offset_width()) / 2;
                strip.set_scroll_left(left.max(0));
            }
        });
    }
    let item = |entry: Option<usize>, text: String, title: String, failed: bool| {
        let ontravel = props.ontravel.clone();
        let current = props.current == entry;
        html! {
            <li>
                <button class={classes!("timeline-item", current.then_some("timeline-current"), failed.then_some("timeline-failed"))}
                    aria-current={current.then_some("step")} title={title} onclick={Callback::from(move |_| ontravel.emit(entry))}>
                    { text }
                </button>
            </li>
        }
    };
    html! {
        <nav class="timeline" aria-label={tr("timeline.label")}>
            <ol class="timeline-list" ref={list}>
                { item(None, tr("timeline.start"), tr("timeline.start_title"), false) }
                { for props.entries.iter().enumerate().map(|(index, entry)| {
                    let failed = entry.result.exit_code != 0;
                    let title = if failed { trf("timeline.failed", &[("line", &entry.line), ("status", &entry.result.exit_code.to_string())]) } else { entry.line.clone() };
                    item(Some(index), format!("{} {}", index + 1, entry.line), title, failed)
                }) }
            </ol>
        </nav>
    }
}
