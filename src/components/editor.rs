//! The editor: the Dockerfile and its build context's files in tabs, with
//! line numbers.

use std::rc::Rc;

use web_sys::{HtmlElement, HtmlTextAreaElement};
use yew::prelude::*;

use crate::session::ProjectFile;

/// Props of [`Editor`].
#[derive(Properties, PartialEq)]
pub struct EditorProps {
    pub files: Rc<Vec<ProjectFile>>,
    pub active: usize,
    /// Called with (file index, new text) on every edit.
    pub onedit: Callback<(usize, String)>,
    /// Called with a file index when the user picks a tab.
    pub onselect: Callback<usize>,
}

/// The editor pane.
#[function_component]
pub fn Editor(props: &EditorProps) -> Html {
    let gutter = use_node_ref();
    let Some(file) = props.files.get(props.active) else {
        return html! {};
    };
    let line_count = file.text.split('\n').count();

    let oninput = {
        let onedit = props.onedit.clone();
        let active = props.active;
        Callback::from(move |event: InputEvent| {
            let area: HtmlTextAreaElement = event.target_unchecked_into();
            onedit.emit((active, area.value()));
        })
    };
    let onscroll = {
        let gutter = gutter.clone();
        Callback::from(move |event: Event| {
            let area: HtmlTextAreaElement = event.target_unchecked_into();
            if let Some(gutter) = gutter.cast::<HtmlElement>() {
                gutter.set_scroll_top(area.scroll_top());
            }
        })
    };

    html! {
        <section class="editor" aria-label="Editor">
            <div class="editor-tabs" role="tablist" aria-label="Build context files">
                { for props.files.iter().enumerate().map(|(index, file)| {
                    let onselect = props.onselect.clone();
                    let selected = index == props.active;
                    html! {
                        <button
                            class={classes!("editor-tab", selected.then_some("editor-tab-active"))}
                            role="tab"
                            aria-selected={selected.to_string()}
                            onclick={Callback::from(move |_| onselect.emit(index))}
                        >
                            { file.path.clone() }
                        </button>
                    }
                }) }
            </div>
            <div class="editor-body">
                <pre class="editor-gutter" ref={gutter} aria-hidden="true">
                    { (1..=line_count).map(|line| format!("{line}\n")).collect::<String>() }
                </pre>
                <textarea
                    class="editor-text"
                    aria-label={format!("Contents of {}", file.path)}
                    spellcheck="false"
                    autocapitalize="off"
                    autocomplete="off"
                    wrap="off"
                    value={file.text.clone()}
                    {oninput}
                    {onscroll}
                />
            </div>
        </section>
    }
}
