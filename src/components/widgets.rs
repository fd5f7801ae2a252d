//! Markup that several components repeat: text buttons and the labelled
//! drop-down lists of the header. As plain functions their element code
//! exists once in the wasm module instead of once per `html!` use.

use yew::prelude::*;

use crate::i18n::tr;

/// Renders a button labelled with the catalogue text `key`. `class` is the
/// button's whole class list, such as `text-button share-link`.
pub fn text_button(
    class: &'static str,
    key: &str,
    disabled: bool,
    onclick: Callback<MouseEvent>,
) -> Html {
    html! { <button class={class} {disabled} {onclick}>{ tr(key) }</button> }
}

/// Renders a drop-down list of `options`, labelled with the catalogue
/// text `key`.
pub fn setting(key: &str, class: &'static str, onchange: Callback<Event>, options: Html) -> Html {
    html! {
        <label class="setting">
            <span>{ tr(key) }</span>
            <select class={class} {onchange}>{ options }</select>
        </label>
    }
}
