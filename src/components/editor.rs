//! The editor: the Dockerfile and its build context's files in tabs, with
//! line numbers, highlighting from the Dockerfile crate's own lexer, and
//! diagnostics (errors and build-check warnings) under their exact spans.
//!
//! The text area sits over a highlighted copy of its text; both scroll
//! together. Diagnostics are recomputed a short while after the last
//! keystroke. Hovering text with a diagnostic shows its message, and the
//! list of problems below the text moves the cursor to each one.
//!
//! Tab indents and Shift+Tab outdents, as in code editors; Escape and then
//! Tab (or Shift+Tab) moves the focus out of the text instead. The file
//! tabs move with the arrow keys.

use std::rc::Rc;

use dockerfile::{check, highlight, CheckInput, Diagnostic, LineIndex, Severity};
use gloo::timers::callback::Timeout;
use wasm_bindgen::JsCast;
use web_sys::{HtmlElement, HtmlTextAreaElement};
use yew::prelude::*;

use crate::i18n::{tr, trf, use_lang};
use crate::indent::{byte_offset, indent, outdent, utf16_offset};
use crate::marks::{class_name, offset_at, runs};
use crate::session::ProjectFile;

/// Milliseconds after the last keystroke before diagnostics are recomputed.
const CHECK_DELAY_MS: u32 = 250;
/// Height of one line of text, in pixels; must match `.editor-body`'s CSS.
const LINE_HEIGHT: f64 = 20.0;
/// Padding around the text, in pixels; must match `.editor-text`'s CSS.
const PADDING_TOP: f64 = 8.0;
const PADDING_LEFT: f64 = 12.0;

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

/// A diagnostic's message shown near the mouse.
#[derive(Clone, PartialEq)]
struct Hover {
    x: f64,
    y: f64,
    text: String,
}

/// Renders the editor pane.
#[function_component]
pub fn Editor(props: &EditorProps) -> Html {
    use_lang();
    let gutter = use_node_ref();
    let layer = use_node_ref();
    let area = use_node_ref();
    let measure = use_node_ref();
    let diagnostics = use_state(|| Rc::new(Vec::<Diagnostic>::new()));
    let hover = use_state(|| None::<Hover>);
    let timer = use_mut_ref(|| None::<Timeout>);
    let tooltip = use_node_ref();
    // Set by Escape: the next Tab moves the focus instead of indenting.
    let escape_armed = use_mut_ref(|| false);
    {
        // Positioned through the CSS object model: the page's content security
        // policy forbids inline style attributes.
        let tooltip = tooltip.clone();
        use_effect_with((*hover).clone(), move |hover| {
            if let (Some(hover), Some(element)) = (hover, tooltip.cast::<HtmlElement>()) {
                let style = element.style();
                let _ = style.set_property("left", &format!("{:.0}px", hover.x));
                let _ = style.set_property("top", &format!("{:.0}px", hover.y));
            }
        });
    }

    let dockerfile_text = props
        .files
        .iter()
        .find(|file| file.path == "Dockerfile")
        .map(|file| file.text.clone())
        .unwrap_or_default();
    let dockerignore = props
        .files
        .iter()
        .find(|file| file.path == ".dockerignore")
        .map(|file| file.text.clone());
    {
        let diagnostics = diagnostics.clone();
        let timer = timer.clone();
        use_effect_with(
            (dockerfile_text.clone(), dockerignore.clone()),
            move |(text, ignore)| {
                let text = text.clone();
                let ignore = ignore.clone();
                let delay = if diagnostics.is_empty() {
                    0
                } else {
                    CHECK_DELAY_MS
                };
                *timer.borrow_mut() = Some(Timeout::new(delay, move || {
                    let input = CheckInput {
                        dockerignore: ignore,
                        ..CheckInput::default()
                    };
                    diagnostics.set(Rc::new(check(&text, &input)));
                }));
            },
        );
    }

    let Some(file) = props.files.get(props.active) else {
        return html! {};
    };
    let is_dockerfile = file.path == "Dockerfile";
    let text = file.text.clone();
    let shown: Rc<Vec<Diagnostic>> = if is_dockerfile {
        (*diagnostics).clone()
    } else {
        Rc::new(Vec::new())
    };
    let line_count = text.split('\n').count();
    let index = LineIndex::new(&text);
    let mut line_marks = vec![None::<Severity>; line_count + 1];
    for diagnostic in shown.iter() {
        let line = index.line(diagnostic.span.start.min(text.len()));
        let slot = &mut line_marks[line.min(line_count)];
        if *slot != Some(Severity::Error) {
            *slot = Some(diagnostic.severity);
        }
    }

    let oninput = {
        let onedit = props.onedit.clone();
        let active = props.active;
        Callback::from(move |event: InputEvent| {
            let area: HtmlTextAreaElement = event.target_unchecked_into();
            onedit.emit((active, area.value()));
        })
    };
    let onkeydown = {
        let onedit = props.onedit.clone();
        let active = props.active;
        let escape_armed = escape_armed.clone();
        Callback::from(move |event: KeyboardEvent| {
            let key = event.key();
            if key == "Escape" {
                *escape_armed.borrow_mut() = true;
                return;
            }
            let armed = std::mem::replace(&mut *escape_armed.borrow_mut(), false);
            if key != "Tab" || armed || event.ctrl_key() || event.alt_key() || event.meta_key() {
                return;
            }
            event.prevent_default();
            let area: HtmlTextAreaElement = event.target_unchecked_into();
            let text = area.value();
            let start = byte_offset(
                &text,
                area.selection_start().ok().flatten().unwrap_or(0) as usize,
            );
            let end = byte_offset(
                &text,
                area.selection_end().ok().flatten().unwrap_or(0) as usize,
            );
            let edit = if event.shift_key() {
                outdent(&text, start, end)
            } else {
                indent(&text, start, end)
            };
            area.set_value(&edit.text);
            let _ = area.set_selection_range(
                utf16_offset(&edit.text, edit.start) as u32,
                utf16_offset(&edit.text, edit.end) as u32,
            );
            onedit.emit((active, edit.text));
        })
    };
    let ontabkey = {
        let onselect = props.onselect.clone();
        let (active, count) = (props.active, props.files.len());
        Callback::from(move |event: KeyboardEvent| {
            let next = match event.key().as_str() {
                "ArrowRight" => (active + 1) % count.max(1),
                "ArrowLeft" => (active + count.max(1) - 1) % count.max(1),
                "Home" => 0,
                "End" => count.saturating_sub(1),
                _ => return,
            };
            event.prevent_default();
            onselect.emit(next);
            let target: web_sys::Element = event.target_unchecked_into();
            if let Some(sibling) = target
                .parent_element()
                .and_then(|list| list.children().item(next as u32))
            {
                if let Ok(button) = sibling.dyn_into::<HtmlElement>() {
                    let _ = button.focus();
                }
            }
        })
    };
    let onscroll = {
        let gutter = gutter.clone();
        let layer = layer.clone();
        let hover = hover.clone();
        Callback::from(move |event: Event| {
            let area: HtmlTextAreaElement = event.target_unchecked_into();
            for target in [&gutter, &layer] {
                if let Some(element) = target.cast::<HtmlElement>() {
                    element.set_scroll_top(area.scroll_top());
                    element.set_scroll_left(area.scroll_left());
                }
            }
            hover.set(None);
        })
    };
    let onmousemove = {
        let hover = hover.clone();
        let measure = measure.clone();
        let text = text.clone();
        let shown = shown.clone();
        Callback::from(move |event: MouseEvent| {
            let area: HtmlTextAreaElement = event.target_unchecked_into();
            let char_width = measure
                .cast::<HtmlElement>()
                .map(|element| element.get_bounding_client_rect().width() / 10.0)
                .unwrap_or(7.8);
            let rect = area.get_bounding_client_rect();
            let y = f64::from(event.client_y()) - rect.top() + f64::from(area.scroll_top())
                - PADDING_TOP;
            let x = f64::from(event.client_x()) - rect.left() + f64::from(area.scroll_left())
                - PADDING_LEFT;
            if x < 0.0 || y < 0.0 {
                hover.set(None);
                return;
            }
            let offset = offset_at(&text, (y / LINE_HEIGHT) as usize, (x / char_width) as usize);
            let found: Vec<String> = shown
                .iter()
                .filter(|diagnostic| {
                    diagnostic.span.start <= offset
                        && offset < diagnostic.span.end.max(diagnostic.span.start + 1)
                })
                .map(|diagnostic| format!("{}: {}", diagnostic.rule, diagnostic.message))
                .collect();
            if found.is_empty() {
                hover.set(None);
            } else {
                hover.set(Some(Hover {
                    x: f64::from(event.client_x()) - rect.left() + 12.0,
                    y: f64::from(event.client_y()) - rect.top() + 16.0,
                    text: found.join("\n"),
                }));
            }
        })
    };
    let onmouseleave = {
        let hover = hover.clone();
        Callback::from(move |_| hover.set(None))
    };

    let highlighted = if is_dockerfile {
        let tokens = highlight::tokens(&text);
        runs(&text, &tokens, &shown)
            .into_iter()
            .map(|run| {
                let classes = classes!(
                    run.class.map(class_name),
                    match run.mark {
                        Some(Severity::Error) => Some("mark-error"),
                        Some(Severity::Warning) => Some("mark-warning"),
                        None => None,
                    }
                );
                html! { <span class={classes}>{ text[run.range].to_string() }</span> }
            })
            .collect::<Html>()
    } else {
        html! { { text.clone() } }
    };

    html! {
        <section class="editor" aria-label={tr("page.editor")}>
            <div class="editor-tabs" role="tablist" aria-label={tr("editor.files")} onkeydown={ontabkey}>
                { for props.files.iter().enumerate().map(|(index, file)| {
                    let onselect = props.onselect.clone();
                    let selected = index == props.active;
                    html! {
                        <button
                            class={classes!("editor-tab", selected.then_some("editor-tab-active"))}
                            role="tab"
                            tabindex={if selected { "0" } else { "-1" }}
                            aria-selected={selected.to_string()}
                            onclick={Callback::from(move |_| onselect.emit(index))}
                        >
                            { file.path.clone() }
                        </button>
                    }
                }) }
            </div>
            <div class="editor-body">
                <div class="editor-gutter" ref={gutter} aria-hidden="true">
                    { for (1..=line_count).map(|line| {
                        let mark = match line_marks[line] {
                            Some(Severity::Error) => "gutter-error",
                            Some(Severity::Warning) => "gutter-warning",
                            None => "",
                        };
                        html! { <div class={classes!("gutter-line", (!mark.is_empty()).then_some(mark))}>{ line }</div> }
                    }) }
                </div>
                <div class="editor-stack">
                    <pre class="editor-highlight" ref={layer} aria-hidden="true">{ highlighted }{ "\n" }</pre>
                    <textarea
                        ref={area.clone()}
                        class="editor-text"
                        aria-label={trf("editor.contents", &[("path", &file.path)])}
                        spellcheck="false"
                        autocapitalize="off"
                        autocomplete="off"
                        wrap="off"
                        value={text.clone()}
                        {oninput}
                        {onscroll}
                        {onkeydown}
                        aria-describedby="editor-keys"
                        {onmousemove}
                        {onmouseleave}
                    />
                    <span class="editor-measure" ref={measure} aria-hidden="true">{ "0000000000" }</span>
                    { hover.as_ref().map(|hover| html! {
                        <div class="editor-hover" role="tooltip" ref={tooltip.clone()}>
                            { hover.text.clone() }
                        </div>
                    }).unwrap_or_default() }
                </div>
            </div>
            { problems(&shown, &text, &area) }
            <p class="editor-keys" id="editor-keys">{ tr("editor.keys") }</p>
        </section>
    }
}

/// Renders the list of problems; clicking one selects its span in the text.
fn problems(diagnostics: &[Diagnostic], text: &str, area: &NodeRef) -> Html {
    if diagnostics.is_empty() {
        return html! { <div class="problems problems-empty" aria-live="polite">{ tr("editor.no_problems") }</div> };
    }
    let index = LineIndex::new(text);
    let errors = diagnostics
        .iter()
        .filter(|diagnostic| diagnostic.severity == Severity::Error)
        .count();
    let warnings = diagnostics.len() - errors;
    html! {
        <div class="problems" aria-live="polite">
            <div class="problems-summary">{ summary(errors, warnings) }</div>
            <ul class="problems-list">
                { for diagnostics.iter().map(|diagnostic| {
                    let (line, column) = index.line_column(text, diagnostic.span.start);
                    let area = area.clone();
                    let span = diagnostic.span.clone();
                    let text = text.to_string();
                    let onclick = Callback::from(move |_| select_span(&area, &text, span.clone()));
                    let severity = match diagnostic.severity {
                        Severity::Error => "problem-error",
                        Severity::Warning => "problem-warning",
                    };
                    html! {
                        <li>
                            <button class={classes!("problem", severity)} {onclick} title={format!("{}: {}", diagnostic.rule, diagnostic.message)}>
                                <span class="problem-place">{ format!("{line}:{column}") }</span>
                                <span class="problem-rule">{ diagnostic.rule.clone() }</span>
                                <span class="problem-message">{ diagnostic.message.clone() }</span>
                            </button>
                        </li>
                    }
                }) }
            </ul>
        </div>
    }
}

/// Counts errors and warnings: "1 error, 2 warnings".
fn summary(errors: usize, warnings: usize) -> String {
    let errors = trf(
        if errors == 1 {
            "editor.one_error"
        } else {
            "editor.errors"
        },
        &[("count", &errors.to_string())],
    );
    let warnings = trf(
        if warnings == 1 {
            "editor.one_warning"
        } else {
            "editor.warnings"
        },
        &[("count", &warnings.to_string())],
    );
    trf(
        "editor.summary",
        &[("errors", &errors), ("warnings", &warnings)],
    )
}

/// Focuses the text area and selects a byte range of its text.
fn select_span(area: &NodeRef, text: &str, span: std::ops::Range<usize>) {
    let Some(area) = area.cast::<HtmlTextAreaElement>() else {
        return;
    };
    let to_units = |offset: usize| -> u32 {
        let offset = offset.min(text.len());
        text[..offset].chars().map(char::len_utf16).sum::<usize>() as u32
    };
    let _ = area.focus();
    let _ = area.set_selection_range(to_units(span.start), to_units(span.end.max(span.start)));
}
