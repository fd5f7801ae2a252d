//! The page's settings in its header: colour theme and motion.
//!
//! They are drawn by a plain function rather than a component, because
//! they keep no state and a component would add Yew's per-component code
//! to the wasm module. The page that draws them renders again when the
//! language changes.

use yew::prelude::*;

use crate::components::widgets::setting;
use crate::i18n::tr;
use crate::prefs::{Motion, Theme};

/// Renders the theme and motion switches set to `theme` and `motion`.
pub fn settings(
    theme: Theme,
    motion: Motion,
    ontheme: &Callback<Theme>,
    onmotion: &Callback<Motion>,
) -> Html {
    let ontheme = {
        let ontheme = ontheme.clone();
        Callback::from(move |event: Event| {
            let select: web_sys::HtmlSelectElement = event.target_unchecked_into();
            ontheme.emit(match select.value().as_str() {
                "light" => Theme::Light,
                "dark" => Theme::Dark,
                _ => Theme::System,
            });
        })
    };
    let onmotion = {
        let onmotion = onmotion.clone();
        Callback::from(move |event: Event| {
            let select: web_sys::HtmlSelectElement = event.target_unchecked_into();
            onmotion.emit(match select.value().as_str() {
                "reduced" => Motion::Reduced,
                "full" => Motion::Full,
                _ => Motion::System,
            });
        })
    };
    let option = |value: &'static str, key: &str, selected: bool| html! { <option {value} {selected}>{ tr(key) }</option> };
    html! {
        <div class="settings">
            { setting("settings.theme", "theme-select", ontheme, html! {
                <>
                    { option("system", "settings.system", theme == Theme::System) }
                    { option("light", "settings.light", theme == Theme::Light) }
                    { option("dark", "settings.dark", theme == Theme::Dark) }
                </>
            }) }
            { setting("settings.motion", "motion-select", onmotion, html! {
                <>
                    { option("system", "settings.system", motion == Motion::System) }
                    { option("reduced", "settings.reduced", motion == Motion::Reduced) }
                    { option("full", "settings.full", motion == Motion::Full) }
                </>
            }) }
        </div>
    }
}
