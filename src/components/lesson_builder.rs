//! The lesson builder: a lesson made from the sandbox as it is (its files,
//! the commands run as the solution, goals that the world meets now),
//! shown as JSON to edit before it is saved as a file, shared as a link
//! or tried at once.

use std::rc::Rc;

use yew::prelude::*;

use crate::browser;
use crate::components::widgets::text_button;
use crate::i18n::{tr, use_lang};
use crate::lesson::Lesson;
use crate::share::encode_lesson_param;

/// Props of [`LessonBuilder`].
#[derive(Properties, PartialEq)]
pub struct LessonBuilderProps {
    /// The lesson as first proposed.
    pub draft: Rc<Lesson>,
    /// Called with the edited lesson to start it.
    pub ontry: Callback<Lesson>,
    pub onclose: Callback<()>,
}

/// Renders the builder dialog.
#[function_component]
pub fn LessonBuilder(props: &LessonBuilderProps) -> Html {
    use_lang();
    let text = use_state(|| props.draft.to_value().to_rust_pretty());
    let status = use_state(String::new);
    let parsed = Lesson::from_json(&text);
    let oninput = {
        let text = text.clone();
        Callback::from(move |event: InputEvent| {
            let area: web_sys::HtmlTextAreaElement = event.target_unchecked_into();
            text.set(area.value());
        })
    };
    let onsave = {
        let parsed = parsed.clone();
        Callback::from(move |_: MouseEvent| {
            if let Ok(lesson) = &parsed {
                let json = lesson.to_value().to_rust_pretty();
                browser::download(&format!("{}.json", lesson.id), &json, "application/json");
            }
        })
    };
    let onlink = {
        let (parsed, status) = (parsed.clone(), status.clone());
        Callback::from(move |_: MouseEvent| {
            if let Ok(lesson) = &parsed {
                let link = format!(
                    "{}?lesson={}",
                    browser::page_address(),
                    encode_lesson_param(lesson)
                );
                let status = status.clone();
                crate::clipboard::copy(
                    &link,
                    Callback::from(move |copied: bool| {
                        status.set(if copied {
                            tr("controls.copied")
                        } else {
                            tr("controls.copy_failed")
                        })
                    }),
                );
            }
        })
    };
    let ontry = {
        let (parsed, ontry) = (parsed.clone(), props.ontry.clone());
        Callback::from(move |_: MouseEvent| {
            if let Ok(lesson) = &parsed {
                ontry.emit(lesson.clone());
            }
        })
    };
    let onclose = {
        let onclose = props.onclose.clone();
        Callback::from(move |_: MouseEvent| onclose.emit(()))
    };
    let invalid = parsed.is_err();
    html! {
        <div class="builder" role="dialog" aria-modal="false" aria-labelledby="builder-title">
            <h2 id="builder-title" class="builder-title">{ tr("builder.title") }</h2>
            <p class="muted">{ tr("builder.intro") }</p>
            <textarea class="builder-text" spellcheck="false" aria-label={tr("builder.json")} value={(*text).clone()} {oninput} />
            <p class={classes!("builder-status", invalid.then_some("bad"))} aria-live="polite">
                { match &parsed { Ok(_) => (*status).clone(), Err(problem) => problem.0.clone() } }
            </p>
            <div class="builder-buttons">
                { text_button("text-button builder-save", "builder.save", invalid, onsave) }
                { text_button("text-button builder-link", "builder.link", invalid, onlink) }
                { text_button("text-button builder-try", "builder.try", invalid, ontry) }
                { text_button("text-button builder-close", "builder.close", false, onclose) }
            </div>
        </div>
    }
}
