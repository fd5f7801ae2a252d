//! The page: header, lesson, editor, graph with playback and timeline,
//! inspector and terminal around one [`Session`], with drag handles
//! between the panes. It also loads what the address asks for (a lesson, a
//! shared state, embed options), autosaves the state, and in embed mode
//! tells the embedding page what happens.

use std::rc::Rc;

use gloo::events::EventListener;
use gloo::timers::callback::Interval;
use shared_sort::SortedMap;
use web_sys::HtmlElement;
use yew::prelude::*;

use engine::json::{self, Json};

use crate::browser;
use crate::components::controls::Controls;
use crate::components::editor::Editor;
use crate::components::graph_pane::GraphPane;
use crate::components::inspector::Inspector;
use crate::components::lesson_builder::LessonBuilder;
use crate::components::lesson_panel::LessonPanel;
use crate::components::notice::notice_bar;
use crate::components::settings::settings;
use crate::components::splitter::Splitter;
use crate::components::terminal::Terminal;
use crate::embed::PageParams;
use crate::example::SUGGESTED_COMMANDS;
use crate::frame::Frame;
use crate::i18n::{self, tr, Lang};
use crate::layout::Layout;
use crate::lesson::{self, Lesson, LessonGoal, Localized};
use crate::prefs::{Pane, PaneSizes, Prefs};
use crate::session::{Action, Notice, Session, Side};
use crate::share::{self, SavedState};
use crate::shared::Shared;
use crate::storage;

/// Milliseconds between the page's ticks of a live session, and the
/// logical time each tick lets pass.
const LIVE_TICK_MS: u32 = crate::session::TICK_MS as u32;
/// Local-storage key of the terminal's history.
const HISTORY_KEY: &str = "porthole.history";
/// Local-storage key of the settings.
const PREFS_KEY: &str = "porthole.prefs";
/// Local-storage key of the autosaved state.
const STATE_KEY: &str = "porthole.state";
/// Local-storage key of the language chosen with the switch.
const LANG_KEY: &str = "porthole.lang";
/// Local-storage key of the lessons solved: id → fewest commands.
const PROGRESS_KEY: &str = "porthole.progress";
/// The media query for the system's reduced-motion setting.
const REDUCED_MOTION_QUERY: &str = "(prefers-reduced-motion: reduce)";

/// Renders the whole page.
#[function_component]
pub fn App() -> Html {
    let session = use_reducer(Session::with_example);
    let params = use_memo((), |_| PageParams::from_pairs(&browser::query_pairs()));
    i18n::set_lang(session.lang);
    use_effect_with(session.lang, |lang| {
        browser::set_document_language(lang.code(), &tr("page.title"))
    });
    use_saved_state(&session);
    use_start(&session, &params);
    use_autosave(&session, params.embed);
    use_live_ticks(&session);
    let progress = use_progress(&session);
    use_embed_messages(&session, params.embed);
    let lessons = use_memo((), |_| lesson::built_in());
    let share_status = use_state(|| AttrValue::from(""));
    let draft = use_state(|| None::<Rc<Lesson>>);
    use_theme(&session.prefs);
    let system_reduced = use_system_reduced_motion();
    let reduced_motion = session.prefs.motion.reduced(system_reduced);
    let panes = use_node_ref();
    use_pane_sizes(&panes, session.prefs.panes);
    use_embed_height(&panes, params.embed.then_some(params.height));

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
    let onlesson = {
        let dispatcher = session.dispatcher();
        let lessons = lessons.clone();
        use_callback((), move |id: Option<String>, _| {
            let found = id.and_then(|id| lessons.iter().find(|lesson| lesson.id == id).cloned());
            dispatcher.dispatch(match found {
                Some(lesson) => Action::StartLesson(Rc::new(lesson)),
                None => Action::LeaveLesson,
            });
        })
    };
    let onlang = {
        let dispatcher = session.dispatcher();
        use_callback((), move |lang: Lang, _| {
            storage::set_string(LANG_KEY, lang.code());
            dispatcher.dispatch(Action::SetLang(lang));
        })
    };
    let onshare = {
        let session = session.clone();
        let status = share_status.clone();
        Callback::from(move |_| {
            let fragment = share::encode_fragment(&session.snapshot());
            browser::replace_fragment(&fragment);
            let link = format!("{}#{fragment}", browser::page_address());
            let status = status.clone();
            crate::clipboard::copy(
                &link,
                Callback::from(move |copied: bool| {
                    status.set(AttrValue::from(if copied {
                        tr("controls.copied")
                    } else {
                        tr("controls.link_in_address")
                    }))
                }),
            );
        })
    };
    let onexport = {
        let session = session.clone();
        Callback::from(move |_| {
            let json = session.snapshot().to_value().to_rust_pretty();
            browser::download("porthole-state.json", &json, "application/json");
        })
    };
    let onimport = {
        let dispatcher = session.dispatcher();
        Callback::from(move |text: String| dispatcher.dispatch(import(text)))
    };
    let onbuild = {
        let (session, draft) = (session.clone(), draft.clone());
        Callback::from(move |_| draft.set(Some(Rc::new(lesson_from(&session)))))
    };
    let ontry = {
        let (dispatcher, draft) = (session.dispatcher(), draft.clone());
        Callback::from(move |lesson: Lesson| {
            draft.set(None);
            dispatcher.dispatch(Action::StartLesson(Rc::new(lesson)));
        })
    };
    let onclosebuilder = {
        let draft = draft.clone();
        Callback::from(move |_| draft.set(None))
    };
    let ondismiss = use_action(&session, |_: ()| Action::Notify(None));

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
    let attached = session.is_attached();
    let side_tab = |side: Side, text: String| {
        let session = session.clone();
        let current = session.side == side;
        html! {
            <button class={classes!("side-tab", current.then_some("side-tab-current"))} aria-pressed={current.to_string()}
                onclick={Callback::from(move |_| session.dispatch(Action::ShowSide(side)))}>{ text }</button>
        }
    };
    let hidden = |side: Side| (session.side != side).then_some("side-hidden");
    let embed_classes = params.embed.then(|| {
        let mut classes = classes!("embed");
        for pane in &params.panes {
            classes.push(pane.class());
        }
        classes
    });
    let current_lesson = session.lesson.as_ref().map(|run| run.lesson.id.clone());

    html! {
        <ContextProvider<Lang> context={session.lang}>
        <div class={classes!("app", reduced_motion.then_some("reduced-motion"), embed_classes)} lang={session.lang.code()}>
            if !params.embed {
            <header class="app-header">
                <h1 class="app-title">{ "Porthole" }</h1>
                <p class="app-subtitle">{ tr("page.subtitle") }</p>
                <Controls lessons={Rc::new((*lessons).clone())} current={current_lesson} progress={progress.clone()} lang={session.lang}
                    {onlesson} {onlang} {onshare} {onexport} {onimport} {onbuild} status={(*share_status).clone()} />
                { settings(session.prefs.theme, session.prefs.motion, &ontheme, &onmotion) }
            </header>
            }
            if let Some(notice) = &session.notice {
                { notice_bar(notice, &ondismiss) }
            }
            if let Some(draft) = (*draft).clone() {
                <LessonBuilder {draft} {ontry} onclose={onclosebuilder} />
            }
            if let Some(run) = session.lesson.clone() {
                <LessonPanel {run} commands={session.commands_used()} onaction={onaction.clone()} />
            }
            <main class="panes" ref={panes}>
                <div class="side-tabs" role="group" aria-label={tr("page.side_pane")}>
                    { side_tab(Side::Editor, tr("page.editor")) }
                    { side_tab(Side::Inspector, tr("page.inspector")) }
                </div>
                <div class={classes!("side-editor", hidden(Side::Editor))}>
                <Editor files={session.files.clone()} active={session.active_file} {onedit} onselect={onselectfile} />
                </div>
                { splitter(Pane::Editor, panes_sizes.editor, &onresize) }
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
                { splitter(Pane::Terminal, panes_sizes.terminal, &onresize) }
                <div class="terminal-pane">
                    <div class="suggestions" role="group" aria-label={tr("page.suggestions")}>
                        { for suggestions(&session).into_iter().map(|command| {
                            let onrun = onrun.clone();
                            let line = command.to_string();
                            html! {
                                <button class="suggestion" onclick={Callback::from(move |_| onrun.emit(line.clone()))}>
                                    { command }
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
                { splitter(Pane::Inspector, panes_sizes.inspector, &onresize) }
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
        </ContextProvider<Lang>>
    }
}

/// Renders the drag handle that resizes `pane`. The terminal's handle
/// moves up and down, and the terminal and the inspector lie after their
/// handles, so dragging those right or down shrinks them.
fn splitter(pane: Pane, size: f64, onresize: &Callback<(Pane, f64)>) -> Html {
    let (horizontal, inverted, label) = match pane {
        Pane::Editor => (false, false, "page.resize_editor"),
        Pane::Terminal => (true, true, "page.resize_terminal"),
        Pane::Inspector => (false, true, "page.resize_inspector"),
    };
    html! {
        <Splitter {pane} {size} {horizontal} {inverted} label={tr(label)} onresize={onresize.clone()} />
    }
}

/// Returns the commands the terminal suggests: the example's in the
/// sandbox, none in a lesson (its hints and solution guide instead).
fn suggestions(session: &Session) -> Vec<String> {
    match session.lesson {
        Some(_) => Vec::new(),
        None => SUGGESTED_COMMANDS
            .iter()
            .map(|command| command.to_string())
            .collect(),
    }
}

/// Returns the action for an imported file: a state restores, a lesson
/// starts, anything else gives a message that keeps the text.
fn import(text: String) -> Action {
    let state_error = match SavedState::from_json(&text) {
        Ok(state) => return Action::Restore(Rc::new(state)),
        Err(problem) => problem.0,
    };
    let looks_like_lesson = text.contains("\"goals\"") && !text.contains("\"steps\"");
    let message = if looks_like_lesson {
        match Lesson::from_json(&text) {
            Ok(lesson) => return Action::StartLesson(Rc::new(lesson)),
            Err(problem) => problem.0,
        }
    } else {
        state_error
    };
    Action::Notify(Some(Notice {
        message: i18n::trf("notice.import_failed", &[("problem", &message)]),
        raw: Some(text),
    }))
}

/// Returns a lesson made from the session as it is: its files, the
/// commands run as the solution, and goals the world meets now.
fn lesson_from(session: &Session) -> Lesson {
    let world = session.world_now();
    let goals = engine::goals::from_world(&world)
        .into_iter()
        .map(|check| LessonGoal { check, text: None })
        .collect();
    let solution: Vec<String> = session
        .entries
        .iter()
        .map(|entry| entry.line.clone())
        .filter(|line| !line.trim().is_empty())
        .collect();
    Lesson {
        id: "my-lesson".to_string(),
        title: Localized::current(tr("builder.default_title")),
        text: Localized::current(tr("builder.default_text")),
        example: None,
        files: session
            .files
            .iter()
            .map(|file| (file.path.clone(), file.text.clone()))
            .collect(),
        setup: Vec::new(),
        goals,
        hints: Vec::new(),
        par: solution.len().max(1),
        solution,
    }
}

/// Loads, once, what the address and local storage hold: the language,
/// the theme, then a lesson (`?lesson=`), a shared state (`#s=`), embed
/// files and commands, or the autosaved state. A value that cannot be read
/// gives a message with its raw data, and the page starts as usual.
#[hook]
fn use_start(session: &UseReducerHandle<Session>, params: &Rc<PageParams>) {
    let session = session.clone();
    let params = params.clone();
    use_effect_with((), move |_| {
        let stored_lang = storage::get_string(LANG_KEY).and_then(|code| Lang::from_code(&code));
        let lang = params
            .lang
            .or(stored_lang)
            .unwrap_or_else(|| Lang::from_browser(&browser::browser_language()));
        i18n::set_lang(lang);
        session.dispatch(Action::SetLang(lang));
        if let Some(theme) = params.theme {
            session.dispatch(Action::SetTheme(theme));
        }
        for action in start_actions(&params) {
            session.dispatch(action);
        }
    });
}

fn start_actions(params: &PageParams) -> Vec<Action> {
    let mut actions = Vec::new();
    if let Some(value) = &params.lesson {
        match share::decode_lesson_param(value) {
            Ok(lesson) => actions.push(Action::StartLesson(Rc::new(lesson))),
            Err(problem) => actions.push(notice("notice.lesson_failed", problem.0, value.clone())),
        }
    }
    let fragment = browser::fragment();
    match share::decode_fragment(&fragment) {
        Ok(Some(state)) => return vec![Action::Restore(Rc::new(state))],
        Ok(None) => {}
        Err(problem) => actions.push(notice("notice.link_failed", problem.0, fragment)),
    }
    if !params.files.is_empty() || !params.run.is_empty() {
        actions.extend(preload(
            params,
            actions
                .iter()
                .any(|action| matches!(action, Action::StartLesson(_))),
        ));
        return actions;
    }
    if params.embed || params.lesson.is_some() {
        return actions;
    }
    // Read raw, so that a value another program or an older page wrote
    // in another shape still gives a message instead of vanishing.
    if let Some(stored) = storage::raw(STATE_KEY) {
        let quoted = engine::json::Json::parse(&stored).ok();
        let text = quoted.and_then(|value| value.as_str().map(str::to_string));
        let text = text.unwrap_or(stored);
        match SavedState::from_json(&text) {
            Ok(state) => actions.push(Action::Restore(Rc::new(state))),
            Err(problem) => {
                storage::delete(STATE_KEY);
                actions.push(notice("notice.saved_failed", problem.0, text));
            }
        }
    }
    actions
}

/// Returns the actions that load an embed's files and commands. In a
/// lesson the commands run from the lesson's start; otherwise the files
/// (or the example's) are restored with the commands replayed, or with
/// `autoplay` run as if typed, so their events play.
fn preload(params: &PageParams, in_lesson: bool) -> Vec<Action> {
    let typed = params.run.iter().cloned().map(Action::Run);
    if in_lesson {
        return typed.collect();
    }
    let files = if params.files.is_empty() {
        crate::example::scrapyd_files()
    } else {
        params.files.clone()
    };
    let replayed = if params.autoplay {
        Vec::new()
    } else {
        params.run.iter().cloned().map(share::Step::Run).collect()
    };
    let state = SavedState {
        v: share::VERSION,
        lesson: None,
        files,
        steps: replayed,
        panes: None,
    };
    let mut actions = vec![Action::Restore(Rc::new(state))];
    if params.autoplay {
        actions.extend(typed);
    }
    actions
}

fn notice(key: &str, problem: String, raw: String) -> Action {
    Action::Notify(Some(Notice {
        message: i18n::trf(key, &[("problem", &problem)]),
        raw: Some(raw),
    }))
}

/// Lets a second of logical time pass every second while the session is
/// live (a streaming `docker stats`, an attached process), so the terminal
/// and the graph move as the learner watches. The interval stops when the
/// session ends, when the page shows an earlier command and while the
/// browser hides the page.
#[hook]
fn use_live_ticks(session: &UseReducerHandle<Session>) {
    let visible = use_page_visible();
    let live = session.is_live() && visible;
    let dispatcher = session.dispatcher();
    use_effect_with(live, move |live| {
        let interval = live.then(|| {
            Interval::new(LIVE_TICK_MS, move || {
                dispatcher.dispatch(Action::PassTime(u64::from(LIVE_TICK_MS)))
            })
        });
        move || drop(interval)
    });
}

/// Returns whether the browser shows the page (not a background tab or a
/// minimised window), following its changes.
#[hook]
fn use_page_visible() -> bool {
    let visible = use_state(|| !gloo::utils::document().hidden());
    {
        let visible = visible.clone();
        use_effect_with((), move |_| {
            let document = gloo::utils::document();
            let watched = document.clone();
            let listener = EventListener::new(&document, "visibilitychange", move |_| {
                visible.set(!watched.hidden())
            });
            move || drop(listener)
        });
    }
    *visible
}

/// Saves the state to local storage whenever a command runs or a file,
/// the lesson or the panes change; embedded pages keep nothing.
#[hook]
fn use_autosave(session: &UseReducerHandle<Session>, embed: bool) {
    let key = (
        session.generation,
        session.files.clone(),
        session.lesson.as_ref().map(|run| run.lesson.id.clone()),
        session.prefs.panes.editor.to_bits(),
        session.prefs.panes.terminal.to_bits(),
        session.prefs.panes.inspector.to_bits(),
    );
    let session = session.clone();
    use_effect_with(key, move |_| {
        if !embed {
            storage::set_string(STATE_KEY, &session.snapshot().to_json());
        }
    });
}

/// Returns the lessons solved, and records a newly solved one with its
/// fewest commands.
#[hook]
fn use_progress(session: &UseReducerHandle<Session>) -> Rc<SortedMap<String, usize>> {
    let progress = use_state(|| {
        Rc::new(
            storage::get(PROGRESS_KEY)
                .and_then(|value| storage::counts_from_json(&value))
                .unwrap_or_default(),
        )
    });
    let solved = session
        .lesson
        .as_ref()
        .and_then(|run| Some((run.lesson.id.clone(), run.solved_with?)));
    {
        let progress = progress.clone();
        use_effect_with(solved, move |solved| {
            if let Some((id, count)) = solved {
                let mut updated = (**progress).clone();
                let best = updated.get(id).map_or(*count, |best| (*best).min(*count));
                if updated.get(id) != Some(&best) {
                    updated.insert(id.clone(), best);
                    storage::set(PROGRESS_KEY, &storage::counts_to_json(&updated));
                    progress.set(Rc::new(updated));
                }
            }
        });
    }
    (*progress).clone()
}

/// In a frame, tells the embedding page when the simulator is ready, each
/// command it runs, a solved lesson, and its height after every render.
#[hook]
fn use_embed_messages(session: &UseReducerHandle<Session>, embed: bool) {
    use_effect_with((), move |_| {
        if embed {
            browser::post_to_parent(&message("ready", Vec::new()));
        }
    });
    {
        let session = session.clone();
        use_effect_with(session.entries.len(), move |_| {
            if let (true, Some(entry)) = (embed, session.entries.last()) {
                browser::post_to_parent(&message(
                    "command",
                    vec![
                        ("line", Json::from(entry.line.as_str())),
                        ("exitCode", Json::from(entry.result.exit_code)),
                    ],
                ));
            }
        });
    }
    {
        let solved = session
            .lesson
            .as_ref()
            .filter(|run| run.solved())
            .map(|run| run.lesson.id.clone());
        let session = session.clone();
        use_effect_with(solved, move |solved| {
            if let (true, Some(id)) = (embed, solved) {
                let par = session.lesson.as_ref().map(|run| count(run.lesson.par));
                browser::post_to_parent(&message(
                    "solved",
                    vec![
                        ("lesson", Json::from(id.as_str())),
                        ("commands", count(session.commands_used())),
                        ("par", par.unwrap_or(Json::Null)),
                    ],
                ));
            }
        });
    }
    use_effect(move || {
        if embed {
            let height = Json::from(browser::document_height());
            browser::post_to_parent(&message("height", vec![("height", height)]));
        }
    });
}

/// Builds a message to the embedding page: `{"porthole": kind, ...}` with
/// keys sorted, as earlier versions sent it.
fn message(kind: &str, fields: Vec<(&str, Json)>) -> Json {
    let mut fields = fields;
    fields.push(("porthole", Json::from(kind)));
    Json::object(fields).sorted()
}

fn count(value: usize) -> Json {
    Json::Int(i64::try_from(value).unwrap_or(i64::MAX))
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
            if let Some(history) = storage::get(HISTORY_KEY).and_then(|value| json::strings(&value))
            {
                session.dispatch(Action::LoadHistory(history));
            }
            if let Some(text) = storage::get_string(PREFS_KEY) {
                session.dispatch(Action::LoadPrefs(Prefs::from_json(&text)));
            }
        });
    }
    use_effect_with(session.history.clone(), |history| {
        storage::set(HISTORY_KEY, &Json::strings(history));
    });
    use_effect_with(session.prefs.clone(), |prefs| {
        storage::set_string(PREFS_KEY, &prefs.to_json());
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

/// Writes the embed mode's panes height to their `--embed-height`.
#[hook]
fn use_embed_height(panes: &NodeRef, height: Option<u32>) {
    let panes = panes.clone();
    use_effect_with(height, move |height| {
        if let (Some(height), Some(element)) = (height, panes.cast::<HtmlElement>()) {
            let _ = element
                .style()
                .set_property("--embed-height", &format!("{height}px"));
        }
    });
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
