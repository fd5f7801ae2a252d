//! The terminal: output of every line run so far and a prompt to type the
//! next one.
//!
//! Keys: Enter runs the line and Up/Down walk the history. Tab completes
//! commands, flags and names, and lists the candidates when it cannot
//! choose. Ctrl+L clears the screen, Ctrl+C abandons the line (or copies
//! selected text), Ctrl+U deletes to the start of the line and Ctrl+W
//! deletes the word before the cursor. Escape and then Tab moves the focus
//! out of the terminal. Output is plain selectable text, coloured where
//! Docker colours it, and a button copies the whole transcript.

use std::rc::Rc;

use engine::output::Chunk;
use engine::view::WorldView;
use engine::Stream;
use web_sys::{HtmlElement, HtmlInputElement, KeyboardEvent};
use yew::prelude::*;

use crate::clipboard;
use crate::colour::spans;
use crate::complete::complete;
use crate::components::widgets::text_button;
use crate::i18n::{tr, use_lang};
use crate::session::{Entry, CURSOR_HOME};
use crate::shared::Shared;

/// Props of [`Terminal`].
#[derive(Properties, PartialEq)]
pub struct TerminalProps {
    /// Every entry of the session, oldest first.
    pub entries: Shared<Vec<Rc<Entry>>>,
    /// Index of the first entry shown (entries before it were cleared).
    pub first: usize,
    /// The prompt before the input line.
    pub prompt: AttrValue,
    /// Earlier lines for Up/Down, oldest first.
    pub history: Rc<Vec<String>>,
    /// The world now, for completing names.
    pub view: Rc<WorldView>,
    /// Whether Ctrl+C goes to the world as the line `^C` (a process is
    /// attached to the terminal) instead of abandoning the line.
    #[prop_or(false)]
    pub interrupt_as_line: bool,
    /// Called with the line when the user presses Enter.
    pub onrun: Callback<String>,
    /// Called on Ctrl+L.
    pub onclear: Callback<()>,
}

/// A line shown after an entry without being run: a line abandoned with
/// Ctrl+C, or completion candidates.
#[derive(Clone, Debug, PartialEq)]
struct Note {
    /// How many entries existed when it was written.
    after: usize,
    text: String,
}

/// Renders the terminal pane.
#[function_component]
pub fn Terminal(props: &TerminalProps) -> Html {
    use_lang();
    let input = use_node_ref();
    let screen = use_node_ref();
    // Position in the history while walking it with Up/Down; None when editing
    // a new line. The draft is the new line kept while walking.
    let history_position = use_mut_ref(|| None::<usize>);
    let draft = use_mut_ref(String::new);
    let notes = use_state(Vec::<Note>::new);
    let candidates = use_state(|| None::<Vec<String>>);
    let escape_armed = use_mut_ref(|| false);
    let copy_status = use_state(|| None::<&'static str>);

    {
        let screen = screen.clone();
        let count = props.entries.len();
        // A live session adds output to the latest entry as time passes.
        let latest_output = props
            .entries
            .last()
            .map_or(0, |entry| entry.result.output.len());
        use_effect_with(
            (count, latest_output, notes.len(), candidates.is_some()),
            move |_| {
                if let Some(element) = screen.cast::<HtmlElement>() {
                    element.set_scroll_top(element.scroll_height());
                }
            },
        );
    }

    let onkeydown = {
        let input = input.clone();
        let history = props.history.clone();
        let onrun = props.onrun.clone();
        let onclear = props.onclear.clone();
        let prompt = props.prompt.clone();
        let notes = notes.clone();
        let candidates = candidates.clone();
        let view = props.view.clone();
        let count = props.entries.len();
        let interrupt_as_line = props.interrupt_as_line;
        Callback::from(move |event: KeyboardEvent| {
            let Some(field) = input.cast::<HtmlInputElement>() else {
                return;
            };
            let key = event.key();
            let ctrl = event.ctrl_key() && !event.alt_key() && !event.meta_key();
            let armed = std::mem::replace(&mut *escape_armed.borrow_mut(), key == "Escape");
            if key != "Tab" && candidates.is_some() {
                candidates.set(None);
            }
            match (ctrl, key.as_str()) {
                (false, "Tab") if !armed && !event.shift_key() => {
                    event.prevent_default();
                    complete_field(&field, &view, &candidates);
                }
                (false, "Enter") => {
                    event.prevent_default();
                    let line = field.value();
                    field.set_value("");
                    *history_position.borrow_mut() = None;
                    onrun.emit(line);
                }
                (false, "ArrowUp") | (false, "ArrowDown") => {
                    event.prevent_default();
                    let up = key == "ArrowUp";
                    let mut position = history_position.borrow_mut();
                    let next = step_history(*position, history.len(), up);
                    if position.is_none() && next.is_some() {
                        *draft.borrow_mut() = field.value();
                    }
                    *position = next;
                    let text = match next {
                        Some(index) => history[index].clone(),
                        None => draft.borrow().clone(),
                    };
                    field.set_value(&text);
                    let end = text.encode_utf16().count() as u32;
                    let _ = field.set_selection_range(end, end);
                }
                (true, "l") => {
                    event.prevent_default();
                    notes.set(Vec::new());
                    onclear.emit(());
                }
                (true, "c") => {
                    // Ctrl+C copies when text is selected.
                    if has_selection() {
                        return;
                    }
                    event.prevent_default();
                    if interrupt_as_line {
                        field.set_value("");
                        onrun.emit("^C".to_string());
                        return;
                    }
                    let mut lines = (*notes).clone();
                    lines.push(Note {
                        after: count,
                        text: format!("{prompt}{}^C", field.value()),
                    });
                    notes.set(lines);
                    field.set_value("");
                    *history_position.borrow_mut() = None;
                }
                (true, "d") if interrupt_as_line && field.value().is_empty() => {
                    // Ctrl+D on an empty line ends the container shell's
                    // input, as it does in a real terminal.
                    event.prevent_default();
                    onrun.emit("^D".to_string());
                }
                (true, "u") => {
                    event.prevent_default();
                    let cursor = cursor(&field);
                    let value = field.value();
                    field.set_value(&value[cursor..]);
                    let _ = field.set_selection_range(0, 0);
                }
                (true, "w") => {
                    event.prevent_default();
                    let cursor = cursor(&field);
                    let value = field.value();
                    let start = word_start(&value[..cursor]);
                    field.set_value(&format!("{}{}", &value[..start], &value[cursor..]));
                    let start = value[..start].encode_utf16().count() as u32;
                    let _ = field.set_selection_range(start, start);
                }
                _ => {}
            }
        })
    };

    let focus_input = {
        let input = input.clone();
        Callback::from(move |_: MouseEvent| {
            if has_selection() {
                return;
            }
            if let Some(field) = input.cast::<HtmlInputElement>() {
                let _ = field.focus();
            }
        })
    };

    let oncopy = {
        let entries = props.entries.clone();
        let first = props.first;
        let copy_status = copy_status.clone();
        Callback::from(move |event: MouseEvent| {
            event.stop_propagation();
            let text = screen_text(&entries[first.min(entries.len())..]);
            let copy_status = copy_status.clone();
            clipboard::copy(
                &text,
                Callback::from(move |copied: bool| {
                    copy_status.set(Some(if copied {
                        "terminal.copied"
                    } else {
                        "terminal.copy_failed"
                    }))
                }),
            );
        })
    };

    let entries = &props.entries;
    let shown = entries.iter().enumerate().skip(props.first);
    let notes_after = |count: usize| {
        notes
            .iter()
            .filter(move |note| note.after == count)
            .map(note_line)
    };
    html! {
        <section class="terminal" aria-label={tr("terminal.label")} onclick={focus_input}>
            <div class="terminal-bar">
                <span class="terminal-title">{ tr("terminal.label") }</span>
                <span class="terminal-status" aria-live="polite">{ copy_status.map(tr).unwrap_or_default() }</span>
                { text_button("text-button terminal-copy", "terminal.copy", false, oncopy) }
            </div>
            <div class="terminal-screen" ref={screen} role="log" aria-live="polite">
                { for notes.iter().filter(|note| note.after <= props.first).map(note_line) }
                { for shown.map(|(index, entry)| html! {
                    <>
                        { render_entry(entry, redrawn_later(entries, index)) }
                        { for notes_after(index + 1) }
                    </>
                }) }
                <div class="terminal-input-line">
                    <span class="terminal-prompt">{ props.prompt.clone() }</span>
                    <input
                        ref={input}
                        class="terminal-input"
                        type="text"
                        aria-label={tr("terminal.command")}
                        aria-describedby="terminal-keys"
                        autocomplete="off"
                        autocapitalize="off"
                        spellcheck="false"
                        {onkeydown}
                    />
                </div>
                { candidates.as_ref().map(|list| html! {
                    <div class="terminal-candidates" aria-label={tr("terminal.completions")}>{ list.join("  ") }</div>
                }).unwrap_or_default() }
            </div>
            <p class="visually-hidden" id="terminal-keys">{ tr("terminal.keys") }</p>
        </section>
    }
}

/// Renders a note as a line of the screen.
fn note_line(note: &Note) -> Html {
    html! { <div class="terminal-line terminal-command">{ note.text.clone() }</div> }
}

/// Completes the word before the cursor, or lists the candidates when Tab
/// cannot add anything.
fn complete_field(
    field: &HtmlInputElement,
    view: &WorldView,
    candidates: &UseStateHandle<Option<Vec<String>>>,
) {
    let value = field.value();
    let cursor = cursor(field);
    let completion = complete(&value[..cursor], view);
    match completion.insertion() {
        Some(insertion) => {
            let line = format!(
                "{}{insertion}{}",
                &value[..completion.start],
                &value[cursor..]
            );
            field.set_value(&line);
            let end = format!("{}{insertion}", &value[..completion.start])
                .encode_utf16()
                .count() as u32;
            let _ = field.set_selection_range(end, end);
            candidates.set(None);
        }
        None if completion.candidates.len() > 1 => candidates.set(Some(completion.candidates)),
        None => candidates.set(None),
    }
}

/// Returns whether the frame the entry at `index` drew gives way to one
/// the next entry draws: a line typed while `docker stats` redraws gets
/// the frames after it, which a real screen draws over the earlier ones.
fn redrawn_later(entries: &[Rc<Entry>], index: usize) -> bool {
    let redraws = |entry: &Rc<Entry>| draws_frames(&entry.result.output);
    entries.get(index).is_some_and(redraws) && entries.get(index + 1).is_some_and(redraws)
}

/// Tells whether the output redraws the screen with cursor-home.
fn draws_frames(output: &[Chunk]) -> bool {
    output
        .iter()
        .any(|chunk| chunk.stream == Stream::Stdout && chunk.text.contains(CURSOR_HOME))
}

/// Renders one entry. With `redrawn`, its last frame is left out, as a
/// later entry's frame replaced it; standard error stays.
fn render_entry(entry: &Entry, redrawn: bool) -> Html {
    // The count of output pieces grows with every frame a live session
    // draws, even when a redraw replaces what shows.
    let pieces = entry.result.output.len().to_string();
    let mut chunks = screen_chunks(&entry.result.output);
    if redrawn {
        chunks.retain(|chunk| chunk.stream != Stream::Stdout);
    }
    html! {
        <div class="terminal-entry" data-output-pieces={pieces}>
            <div class="terminal-line terminal-command">
                <span class="terminal-prompt">{ entry.prompt.clone() }</span>
                { entry.line.clone() }
            </div>
            { for chunks.iter().map(|chunk| {
                let class = match chunk.stream {
                    Stream::Stdout => "terminal-output",
                    Stream::Stderr => "terminal-output terminal-stderr",
                };
                html! {
                    <pre class={class}>
                        { for spans(&chunk.text).into_iter().map(|span| if span.classes.is_empty() {
                            html! { { span.text } }
                        } else {
                            html! { <span class={span.classes}>{ span.text }</span> }
                        }) }
                    </pre>
                }
            }) }
        </div>
    }
}

/// Returns the text the terminal shows for these entries, as a copy from
/// the screen gives it: each command line and what shows under it, a
/// redrawn table as its last frame, without colour or cursor codes.
pub fn screen_text(entries: &[Rc<Entry>]) -> String {
    let mut text = String::new();
    for (index, entry) in entries.iter().enumerate() {
        text.push_str(&entry.prompt);
        text.push_str(&entry.line);
        text.push('\n');
        let mut chunks = screen_chunks(&entry.result.output);
        if redrawn_later(entries, index) {
            chunks.retain(|chunk| chunk.stream != Stream::Stdout);
        }
        let start = text.len();
        for chunk in &chunks {
            for span in spans(&chunk.text) {
                text.push_str(&span.text);
            }
        }
        if text.len() > start && !text.ends_with('\n') {
            text.push('\n');
        }
    }
    text
}

/// Erase codes that only matter on a real screen: to the end of the line,
/// below the cursor, the whole screen.
const ERASE_CODES: [&str; 3] = ["\x1b[K", "\x1b[J", "\x1b[2J"];

/// Returns the chunks the terminal shows for an entry's output. Standard
/// output written before a cursor-home code is cleared, so a table that
/// redraws itself in place replaces its last frame instead of scrolling,
/// and erase codes are dropped. Standard error stays.
fn screen_chunks(output: &[Chunk]) -> Vec<Chunk> {
    let mut shown: Vec<Chunk> = Vec::new();
    for chunk in output {
        let mut text = chunk.text.as_str();
        if chunk.stream == Stream::Stdout {
            if let Some(home) = text.rfind(CURSOR_HOME) {
                shown.retain(|earlier| earlier.stream != Stream::Stdout);
                text = &text[home + CURSOR_HOME.len()..];
            }
        }
        let mut text = text.to_string();
        for code in ERASE_CODES {
            text = text.replace(code, "");
        }
        if !text.is_empty() {
            shown.push(Chunk {
                stream: chunk.stream,
                text,
            });
        }
    }
    shown
}

/// Returns the history index after one Up (`up`) or Down step from `position`.
fn step_history(position: Option<usize>, len: usize, up: bool) -> Option<usize> {
    match (position, up) {
        (None, true) if len > 0 => Some(len - 1),
        (None, _) => None,
        (Some(index), true) => Some(index.saturating_sub(1)),
        (Some(index), false) if index + 1 < len => Some(index + 1),
        (Some(_), false) => None,
    }
}

/// Returns the byte offset where the word before `text`'s end starts, after
/// skipping trailing spaces, as readline's Ctrl+W does.
fn word_start(text: &str) -> usize {
    let trimmed = text.trim_end_matches(' ');
    trimmed.rfind(' ').map(|index| index + 1).unwrap_or(0)
}

fn cursor(field: &HtmlInputElement) -> usize {
    // The DOM counts UTF-16 units; convert to a byte offset on a char boundary.
    let units = field.selection_start().ok().flatten().unwrap_or(0) as usize;
    crate::indent::byte_offset(&field.value(), units)
}

fn has_selection() -> bool {
    web_sys::window()
        .and_then(|window| window.get_selection().ok().flatten())
        .map(|selection| !selection.is_collapsed())
        .unwrap_or(false)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn step_history_walks_up_and_back_down() {
        assert_eq!(step_history(None, 3, true), Some(2));
        assert_eq!(step_history(Some(2), 3, true), Some(1));
        assert_eq!(step_history(Some(0), 3, true), Some(0));
        assert_eq!(step_history(Some(1), 3, false), Some(2));
        assert_eq!(step_history(Some(2), 3, false), None);
        assert_eq!(step_history(None, 0, true), None);
    }

    #[test]
    fn cursor_home_clears_earlier_output() {
        let chunk = |stream, text: &str| Chunk {
            stream,
            text: text.to_string(),
        };
        let cases = [
            (
                vec![chunk(Stream::Stdout, "plain\n")],
                vec![chunk(Stream::Stdout, "plain\n")],
            ),
            (
                vec![
                    chunk(Stream::Stdout, "\x1b[Ha\n\x1b[Ha\x1b[K\n\x1b[J"),
                    chunk(Stream::Stdout, "\x1b[Hb\n\x1b[Hb\x1b[K\n\x1b[J"),
                ],
                vec![chunk(Stream::Stdout, "b\n")],
            ),
            (
                vec![
                    chunk(Stream::Stdout, "old\n"),
                    chunk(Stream::Stderr, "warning\n"),
                    chunk(Stream::Stdout, "\x1b[Hnew\n"),
                ],
                vec![
                    chunk(Stream::Stderr, "warning\n"),
                    chunk(Stream::Stdout, "new\n"),
                ],
            ),
        ];
        for (output, expected) in cases {
            assert_eq!(screen_chunks(&output), expected);
        }
    }

    #[test]
    fn screen_text_of_a_stats_stream() {
        use crate::session::{Action, Session};
        let mut session = Session::with_example();
        for line in [
            "docker run -d --name hog alpine sh -c \"yes > /dev/null\"",
            "docker stats",
        ] {
            session.apply(Action::Run(line.to_string()));
        }
        session.apply(Action::PassTime(1_000));
        session.apply(Action::PassTime(1_000));
        session.apply(Action::Run("^C".to_string()));
        let text = screen_text(&session.entries);
        assert_eq!(text.matches("CONTAINER ID").count(), 1, "{text}");
        assert!(!text.contains('\x1b'), "{text:?}");
        assert!(text.starts_with("$ docker run -d --name hog"), "{text}");
        assert!(text.contains("$ docker stats\nCONTAINER ID"), "{text}");
        assert!(text.ends_with("^C\n"), "{text:?}");
    }

    #[test]
    fn redrawn_later_needs_next_frame() {
        let world = Rc::new(engine::World::new());
        let entry = |text: &str| {
            Rc::new(Entry {
                prompt: String::new(),
                line: String::new(),
                result: engine::output::CommandResult {
                    output: vec![Chunk {
                        stream: Stream::Stdout,
                        text: text.to_string(),
                    }],
                    exit_code: 0,
                    events: Vec::new(),
                },
                view: Rc::new(world.view()),
                world: world.clone(),
                files: Rc::new(Vec::new()),
                waited: 0,
            })
        };
        let frame = "\x1b[Htable\n";
        let cases = [
            (vec![entry(frame), entry(frame)], vec![true, false]),
            (
                vec![entry(frame), entry(""), entry(frame)],
                vec![false, false, false],
            ),
            (vec![entry("plain\n"), entry(frame)], vec![false, false]),
            (vec![entry(frame)], vec![false]),
        ];
        for (entries, expected) in cases {
            let redrawn: Vec<bool> = (0..entries.len())
                .map(|index| redrawn_later(&entries, index))
                .collect();
            assert_eq!(redrawn, expected);
        }
    }

    #[test]
    fn word_start_skips_trailing_spaces() {
        assert_eq!(word_start("docker run  "), 7);
        assert_eq!(word_start("docker"), 0);
        assert_eq!(word_start(""), 0);
    }
}
