//! The page: header, editor, graph with playback and timeline, inspector
//! and terminal around one [`Session`], with drag handles between the panes.

use std::rc::Rc;

use gloo::events::EventListener;
use gloo::storage::{LocalStorage, Storage};
use web_sys::HtmlElement;
use yew::prelude::*;

use crate::components::editor::Editor;
use crate::components::graph_pane::GraphPane;
use crate::components::inspector::Inspector;
use crate::components::settings::Settings;
use crate::components::splitter::Splitter;
use crate::components::terminal::Terminal;
use crate::example::SUGGESTED_COMMANDS;
use crate::frame::Frame;
use crate::layout::Layout;
use crate::prefs::{Pane, PaneSizes, Prefs};
use crate::session::{Action, Session, Side};
use crate::shared::Shared;

/// Local-storage key of the terminal's history.
const HISTORY_KEY: &str = "porthole.history";
/// Local-storage key of the settings.
const PREFS_KEY: &str = "porthole.prefs";
/// The media query for the system's reduced-motion setting.
const REDUCED_MOTION_QUERY: &str = "(prefers-reduced-motion: reduce)";

/// Renders the whole page.
#[function_component]
pub fn App() -> Html {
    let session = use_reducer(Session::with_example);
    use_saved_state(&session);
    use_theme(&session.prefs);
    let system_reduced = use_system_reduced_motion();
    let reduced_motion = session.prefs.motion.reduced(system_reduced);
    let panes = use_node_ref();
    use_pane_sizes(&panes, session.prefs.panes);

    let onrun = use_action(&session, Action::Run);
    let onclear = use_action(&session, |_: ()| Action::ClearTerminal);
    let onedit = use_action(&session, |(index, text)| Action::EditFile { index, text });
    let onselectfile = use_action(&session, Action::SelectFile);
    let onselect = use_action(&session, Action::Select);
    let onseek = use_action(&session, |(entry, index)| Action::Seek { entry, index });
    let onresize = use_action(&session, |(pane, size)| Action::ResizePane { pane, size });
    let ontheme = use_action(&session, Action::SetTheme);
    let onmotion = use_action(&session, Action::SetMotion);
    let onaction = use_action(&session, |action| action);

    let position = session.playback.position;
    let frame = Shared::new(use_frame(&session));
    let layout = {
        let deps = (
            frame.clone(),
            Shared::new(session.slots.clone()),
            session.prefs.detail,
        );
        use_memo(deps, |(frame, slots, detail)| {
            Layout::of(&frame.view, slots, *detail)
        })
    };
    let layout = Shared::new(layout);
    let entries = {
        let session = session.clone();
        use_memo(session.generation, move |_| {
            Rc::new(session.entries.clone())
        })
    };
    let entries = Shared::new((*entries).clone());
    let world = Shared::new(session.world_at_position());
    let panes_sizes = session.prefs.panes;
    // FIXME: the world does not report whether a process is attached to the
    // terminal; an empty prompt stands for that until it does.
    let attached = session.prompt().is_empty();
    let side_tab = |side: Side, text: &'static str| {
        let session = session.clone();
        let current = session.side == side;
        html! {
            <button class={classes!("side-tab", current.then_some("side-tab-current"))} aria-pressed={current.to_string()}
                onclick={Callback::from(move |_| session.dispatch(Action::ShowSide(side)))}>{ text }</button>
        }
    };
    let hidden = |side: Side| (session.side != side).then_some("side-hidden");

    html! {
        <div class={classes!("app", reduced_motion.then_some("reduced-motion"))}>
            <header class="app-header">
                <h1 class="app-title">{ "Porthole" }</h1>
                <p class="app-subtitle">{ "A Docker simulator: write a Dockerfile, type docker commands, watch what happens." }</p>
                <Settings theme={session.prefs.theme} motion={session.prefs.motion} {ontheme} {onmotion} />
            </header>
            <main class="panes" ref={panes}>
                <div class="side-tabs" role="group" aria-label="Side pane">
                    { side_tab(Side::Editor, "Editor") }
                    { side_tab(Side::Inspector, "Inspector") }
                </div>
                <div class={classes!("side-editor", hidden(Side::Editor))}>
                <Editor files={session.files.clone()} active={session.active_file} {onedit} onselect={onselectfile} />
                </div>
                <Splitter pane={Pane::Editor} size={panes_sizes.editor} label="Resize the editor" onresize={onresize.clone()} />
                <GraphPane
                    frame={frame.clone()}
                    {layout}
                    entries={entries.clone()}
                    event={session.current_event().cloned().map(Rc::new)}
                    playback={session.playback.clone()}
                    detail={session.prefs.detail}
                    zoom={session.prefs.zoom}
                    {reduced_motion}
                    selection={session.selection.clone()}
                    onselect={onselect.clone()}
                    {onaction}
                />
                <Splitter pane={Pane::Terminal} size={panes_sizes.terminal} horizontal={true} inverted={true} label="Resize the terminal" onresize={onresize.clone()} />
                <div class="terminal-pane">
                    <div class="suggestions" role="group" aria-label="Suggested commands">
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
                        entries={entries.clone()}
                        first={session.cleared_before}
                        prompt={AttrValue::from(session.prompt())}
                        history={session.history.clone()}
                        view={session.view()}
                        interrupt_as_line={attached}
                        {onrun}
                        {onclear}
                    />
                </div>
                <Splitter pane={Pane::Inspector} size={panes_sizes.inspector} inverted={true} label="Resize the inspector" {onresize} />
                <div class={classes!("side-inspector", hidden(Side::Inspector))}>
                <Inspector
                    selection={session.selection.clone()}
                    frame={frame}
                    {world}
                    {entries}
                    entry={position.entry}
                    played={position.played}
                    {onselect}
                    {onseek}
                />
                </div>
            </main>
        </div>
    }
}

/// Returns a callback that dispatches the action `make` builds. It stays
/// the same object across renders, so components that receive it are not
/// re-rendered only because the page was.
#[hook]
fn use_action<T: 'static>(
    session: &UseReducerHandle<Session>,
    make: fn(T) -> Action,
) -> Callback<T> {
    let dispatcher = session.dispatcher();
    use_callback((), move |value: T, _| dispatcher.dispatch(make(value)))
}

/// Returns what the graph draws at the playback position. While the
/// events played change nothing drawn (most messages), it returns the same
/// `Rc`, so the graph's scene and the layout are not rebuilt.
#[hook]
fn use_frame(session: &UseReducerHandle<Session>) -> Rc<Frame> {
    let last = use_mut_ref(|| Rc::new(Frame::default()));
    let key = (session.generation, session.playback.position);
    let session = session.clone();
    let frame = use_memo(key, move |_| {
        let fresh = session.frame();
        let mut last = last.borrow_mut();
        if **last != fresh {
            *last = Rc::new(fresh);
        }
        last.clone()
    });
    (*frame).clone()
}

/// Loads the history and settings from local storage once, and saves them
/// whenever they change.
#[hook]
fn use_saved_state(session: &UseReducerHandle<Session>) {
    {
        let session = session.clone();
        use_effect_with((), move |_| {
            if let Ok(history) = LocalStorage::get::<Vec<String>>(HISTORY_KEY) {
                session.dispatch(Action::LoadHistory(history));
            }
            if let Ok(text) = LocalStorage::get::<String>(PREFS_KEY) {
                session.dispatch(Action::LoadPrefs(Prefs::from_json(&text)));
            }
        });
    }
    use_effect_with(session.history.clone(), |history| {
        let _ = LocalStorage::set(HISTORY_KEY, &**history);
    });
    use_effect_with(session.prefs.clone(), |prefs| {
        if let Ok(text) = serde_json::to_string(prefs) {
            let _ = LocalStorage::set(PREFS_KEY, text);
        }
    });
}

/// Sets the root element's `data-theme` attribute, which the style sheet
/// reads; without it the page follows `prefers-color-scheme`.
#[hook]
fn use_theme(prefs: &Prefs) {
    use_effect_with(prefs.theme, |theme| {
        let root = web_sys::window()
            .and_then(|window| window.document())
            .and_then(|document| document.document_element());
        if let Some(root) = root {
            let _ = match theme.attribute() {
                Some(value) => root.set_attribute("data-theme", value),
                None => root.remove_attribute("data-theme"),
            };
        }
    });
}

/// Returns the system's reduced-motion setting, following its changes.
#[hook]
fn use_system_reduced_motion() -> bool {
    let query = use_memo((), |_| {
        web_sys::window().and_then(|window| window.match_media(REDUCED_MOTION_QUERY).ok().flatten())
    });
    let reduced = use_state(|| query.as_ref().as_ref().is_some_and(|query| query.matches()));
    {
        let reduced = reduced.clone();
        use_effect_with((), move |_| {
            let listener = query.as_ref().as_ref().map(|list| {
                let list = list.clone();
                let watched = list.clone();
                EventListener::new(&list, "change", move |_| reduced.set(watched.matches()))
            });
            move || drop(listener)
        });
    }
    *reduced
}

/// Writes the pane sizes to the panes' CSS custom properties, through the
/// CSS object model because the content security policy forbids inline
/// style attributes.
#[hook]
fn use_pane_sizes(panes: &NodeRef, sizes: PaneSizes) {
    let panes = panes.clone();
    use_effect_with(
        (
            sizes.editor.to_bits(),
            sizes.inspector.to_bits(),
            sizes.terminal.to_bits(),
        ),
        move |_| {
            if let Some(element) = panes.cast::<HtmlElement>() {
                let style = element.style();
                let _ = style.set_property("--editor-width", &format!("{:.0}px", sizes.editor));
                let _ =
                    style.set_property("--inspector-width", &format!("{:.0}px", sizes.inspector));
                let _ =
                    style.set_property("--terminal-height", &format!("{:.0}px", sizes.terminal));
            }
        },
    );
}
