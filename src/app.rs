//! The page: header, editor, graph and terminal around one [`Session`].

use std::rc::Rc;

use gloo::storage::{LocalStorage, Storage};
use yew::prelude::*;

use crate::components::editor::Editor;
use crate::components::graph::Graph;
use crate::components::terminal::Terminal;
use crate::example::SUGGESTED_COMMANDS;
use crate::session::{Action, Session};

/// Local-storage key of the terminal's history.
const HISTORY_KEY: &str = "porthole.history";

/// The whole page.
#[function_component]
pub fn App() -> Html {
    let session = use_reducer(Session::with_example);

    {
        let session = session.clone();
        use_effect_with((), move |_| {
            if let Ok(history) = LocalStorage::get::<Vec<String>>(HISTORY_KEY) {
                session.dispatch(Action::LoadHistory(history));
            }
        });
    }
    {
        let history = session.history.clone();
        use_effect_with(history, |history| {
            let _ = LocalStorage::set(HISTORY_KEY, history);
        });
    }

    let reduced_motion = use_memo((), |_| prefers_reduced_motion());

    let onrun = {
        let session = session.clone();
        Callback::from(move |line: String| session.dispatch(Action::Run(line)))
    };
    let onclear = {
        let session = session.clone();
        Callback::from(move |_| session.dispatch(Action::ClearTerminal))
    };
    let onedit = {
        let session = session.clone();
        Callback::from(move |(index, text)| session.dispatch(Action::EditFile { index, text }))
    };
    let onselect = {
        let session = session.clone();
        Callback::from(move |index| session.dispatch(Action::SelectFile(index)))
    };

    let entries = Rc::new(session.entries[session.cleared_before..].to_vec());
    let events = Rc::new(session.last_events().to_vec());

    html! {
        <div class="app">
            <header class="app-header">
                <h1 class="app-title">{ "Porthole" }</h1>
                <p class="app-subtitle">{ "A Docker simulator: write a Dockerfile, type docker commands, watch what happens." }</p>
            </header>
            <main class="panes">
                <Editor files={Rc::new(session.files.clone())} active={session.active_file} {onedit} {onselect} />
                <Graph view={session.view()} {events} generation={session.generation} reduced_motion={*reduced_motion} />
                <div class="terminal-pane">
                    <div class="suggestions" aria-label="Suggested commands">
                        { for SUGGESTED_COMMANDS.iter().map(|command| {
                            let onrun = onrun.clone();
                            let line = command.to_string();
                            html! {
                                <button class="suggestion" onclick={Callback::from(move |_| onrun.emit(line.clone()))}>
                                    { *command }
                                </button>
                            }
                        }) }
                    </div>
                    <Terminal
                        {entries}
                        prompt={AttrValue::from(session.prompt())}
                        history={Rc::new(session.history.clone())}
                        {onrun}
                        {onclear}
                    />
                </div>
            </main>
        </div>
    }
}

fn prefers_reduced_motion() -> bool {
    web_sys::window()
        .and_then(|window| window.match_media("(prefers-reduced-motion: reduce)").ok().flatten())
        .map(|query| query.matches())
        .unwrap_or(false)
}
