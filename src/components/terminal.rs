//! The terminal: output of every line run so far and a prompt to type the
//! next one.
//!
//! Keys: Enter runs the line, Up/Down walk the history, Ctrl+L clears the
//! screen, Ctrl+C abandons the line, Ctrl+U deletes to the start of the line
//! and Ctrl+W deletes the word before the cursor.

use std::rc::Rc;

use engine::Stream;
use web_sys::{HtmlElement, HtmlInputElement, KeyboardEvent};
use yew::prelude::*;

use crate::session::Entry;

/// Props of [`Terminal`].
#[derive(Properties, PartialEq)]
pub struct TerminalProps {
    /// Entries to show, oldest first.
    pub entries: Rc<Vec<Entry>>,
    /// The prompt before the input line.
    pub prompt: AttrValue,
    /// Earlier lines for Up/Down, oldest first.
    pub history: Rc<Vec<String>>,
    /// Called with the line when the user presses Enter.
    pub onrun: Callback<String>,
    /// Called on Ctrl+L.
    pub onclear: Callback<()>,
}

/// The terminal pane.
#[function_component]
pub fn Terminal(props: &TerminalProps) -> Html {
    let input = use_node_ref();
    let screen = use_node_ref();
    // Position in the history while walking it with Up/Down; None when editing
    // a new line. The draft is the new line kept while walking.
    let history_position = use_mut_ref(|| None::<usize>);
    let draft = use_mut_ref(String::new);
    // Lines abandoned with Ctrl+C, shown as `^C` after their prompt.
    let abandoned = use_state(Vec::<String>::new);

    {
        let screen = screen.clone();
        let count = props.entries.len();
        use_effect_with((count, abandoned.len()), move |_| {
            if let Some(element) = screen.cast::<HtmlElement>() {
                element.set_scroll_top(element.scroll_height());
            }
        });
    }

    let onkeydown = {
        let input = input.clone();
        let history = props.history.clone();
        let onrun = props.onrun.clone();
        let onclear = props.onclear.clone();
        let prompt = props.prompt.clone();
        let abandoned = abandoned.clone();
        Callback::from(move |event: KeyboardEvent| {
            let Some(field) = input.cast::<HtmlInputElement>() else { return };
            let key = event.key();
            let ctrl = event.ctrl_key() && !event.alt_key() && !event.meta_key();
            match (ctrl, key.as_str()) {
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
                    let end = text.len() as u32;
                    let _ = field.set_selection_range(end, end);
                }
                (true, "l") => {
                    event.prevent_default();
                    abandoned.set(Vec::new());
                    onclear.emit(());
                }
                (true, "c") => {
                    // Ctrl+C copies when text is selected; otherwise it abandons the line.
                    if has_selection() {
                        return;
                    }
                    event.prevent_default();
                    let mut lines = (*abandoned).clone();
                    lines.push(format!("{prompt}{}^C", field.value()));
                    abandoned.set(lines);
                    field.set_value("");
                    *history_position.borrow_mut() = None;
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
                    let start = start as u32;
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

    html! {
        <section class="terminal" aria-label="Terminal" onclick={focus_input}>
            <div class="terminal-screen" ref={screen} role="log" aria-live="polite">
                { for props.entries.iter().map(render_entry) }
                { for abandoned.iter().map(|line| html! { <div class="terminal-line terminal-command">{ line }</div> }) }
                <div class="terminal-input-line">
                    <span class="terminal-prompt">{ props.prompt.clone() }</span>
                    <input
                        ref={input}
                        class="terminal-input"
                        type="text"
                        aria-label="Command"
                        autocomplete="off"
                        autocapitalize="off"
                        spellcheck="false"
                        {onkeydown}
                    />
                </div>
            </div>
        </section>
    }
}

fn render_entry(entry: &Entry) -> Html {
    html! {
        <div class="terminal-entry">
            <div class="terminal-line terminal-command">
                <span class="terminal-prompt">{ entry.prompt.clone() }</span>
                { entry.line.clone() }
            </div>
            { for entry.result.output.iter().map(|chunk| {
                let class = match chunk.stream {
                    Stream::Stdout => "terminal-output",
                    Stream::Stderr => "terminal-output terminal-stderr",
                };
                html! { <pre class={class}>{ chunk.text.clone() }</pre> }
            }) }
        </div>
    }
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
    let value = field.value();
    // The DOM counts UTF-16 units; convert to a byte offset on a char boundary.
    let units = field.selection_start().ok().flatten().unwrap_or(0) as usize;
    let mut seen = 0;
    for (offset, character) in value.char_indices() {
        if seen >= units {
            return offset;
        }
        seen += character.len_utf16();
    }
    value.len()
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
    fn word_start_skips_trailing_spaces() {
        assert_eq!(word_start("docker run  "), 7);
        assert_eq!(word_start("docker"), 0);
        assert_eq!(word_start(""), 0);
    }
}
