//! The header's lesson picker, language switch and sharing buttons: copy
//! a link, export and import the state or a lesson as a file, and open the
//! lesson builder.

use std::rc::Rc;

use shared_sort::SortedMap;
use web_sys::HtmlInputElement;
use yew::prelude::*;

use crate::browser;
use crate::components::widgets::{setting, text_button};
use crate::i18n::{tr, use_lang, Lang};
use crate::lesson::Lesson;

/// Props of [`Controls`].
#[derive(Properties, PartialEq)]
pub struct ControlsProps {
    pub lessons: Rc<Vec<Lesson>>,
    /// The id of the lesson being taken; `None` in the sandbox.
    pub current: Option<String>,
    /// Fewest commands each solved lesson took, by id.
    pub progress: Rc<SortedMap<String, usize>>,
    pub lang: Lang,
    /// Called with a lesson id, or `None` for the sandbox.
    pub onlesson: Callback<Option<String>>,
    pub onlang: Callback<Lang>,
    pub onshare: Callback<()>,
    pub onexport: Callback<()>,
    /// Called with the text of a file the user picked.
    pub onimport: Callback<String>,
    pub onbuild: Callback<()>,
    /// A short status after sharing ("Link copied").
    pub status: AttrValue,
}

/// Renders the header's controls.
#[function_component]
pub fn Controls(props: &ControlsProps) -> Html {
    use_lang();
    let picker = use_node_ref();
    let onlesson = {
        let onlesson = props.onlesson.clone();
        Callback::from(move |event: Event| {
            let select: web_sys::HtmlSelectElement = event.target_unchecked_into();
            let value = select.value();
            onlesson.emit((!value.is_empty()).then_some(value));
        })
    };
    let onlang = {
        let onlang = props.onlang.clone();
        Callback::from(move |event: Event| {
            let select: web_sys::HtmlSelectElement = event.target_unchecked_into();
            onlang.emit(Lang::from_code(&select.value()).unwrap_or_default());
        })
    };
    let click = |callback: &Callback<()>| {
        let callback = callback.clone();
        Callback::from(move |_: MouseEvent| callback.emit(()))
    };
    let open_picker = {
        let picker = picker.clone();
        Callback::from(move |_: MouseEvent| {
            if let Some(input) = picker.cast::<HtmlInputElement>() {
                input.click();
            }
        })
    };
    let onfile = {
        let onimport = props.onimport.clone();
        Callback::from(move |event: Event| {
            let input: HtmlInputElement = event.target_unchecked_into();
            let file = input.files().and_then(|files| files.get(0));
            input.set_value("");
            if let Some(file) = file {
                let onimport = onimport.clone();
                browser::read_text(
                    file,
                    Callback::from(move |text: Option<String>| {
                        onimport.emit(text.unwrap_or_default())
                    }),
                );
            }
        })
    };
    html! {
        <div class="controls">
            { setting("controls.lesson", "lesson-select", onlesson, html! {
                <>
                    <option value="" selected={props.current.is_none()}>{ tr("controls.sandbox") }</option>
                    { for props.lessons.iter().map(|lesson| {
                        let solved = props.progress.contains_key(&lesson.id);
                        html! {
                            <option value={lesson.id.clone()} selected={props.current.as_deref() == Some(lesson.id.as_str())}>
                                { format!("{}{}", if solved { "✓ " } else { "" }, lesson.title.get()) }
                            </option>
                        }
                    }) }
                </>
            }) }
            { setting("controls.language", "lang-select", onlang, html! {
                { for Lang::ALL.iter().map(|lang| html! {
                    <option value={lang.code()} selected={*lang == props.lang}>{ lang.native_name() }</option>
                }) }
            }) }
            <div class="share-buttons" role="group" aria-label={tr("controls.sharing")}>
                { text_button("text-button share-link", "controls.share", false, click(&props.onshare)) }
                { text_button("text-button export-state", "controls.export", false, click(&props.onexport)) }
                { text_button("text-button import-file", "controls.import", false, open_picker) }
                { text_button("text-button build-lesson", "controls.export_lesson", false, click(&props.onbuild)) }
                <input ref={picker} class="import-input visually-hidden" type="file" accept=".json,application/json" tabindex="-1" aria-hidden="true" onchange={onfile} />
                <span class="share-status" aria-live="polite">{ props.status.clone() }</span>
            </div>
        </div>
    }
}
