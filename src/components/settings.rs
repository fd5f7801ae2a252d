//! The page's settings in its header: colour theme and motion.

use yew::prelude::*;

use crate::components::widgets::setting;
use crate::i18n::{tr, use_lang};
use crate::prefs::{Motion, Theme};

/// Props of [`Settings`].
#[derive(Properties, PartialEq)]
pub struct SettingsProps {
    pub theme: Theme,
    pub motion: Motion,
    pub ontheme: Callback<Theme>,
    pub onmotion: Callback<Motion>,
}

/// Renders the theme and motion switches.
#[function_component]
pub fn Settings(props: &SettingsProps) -> Html {
    use_lang();
    let ontheme = {
        let ontheme = props.ontheme.clone();
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
        let onmotion = props.onmotion.clone();
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
                    { option("system", "settings.system", props.theme == Theme::System) }
                    { option("light", "settings.light", props.theme == Theme::Light) }
                    { option("dark", "settings.dark", props.theme == Theme::Dark) }
                </>
            }) }
            { setting("settings.motion", "motion-select", onmotion, html! {
                <>
                    { option("system", "settings.system", props.motion == Motion::System) }
                    { option("reduced", "settings.reduced", props.motion == Motion::Reduced) }
                    { option("full", "settings.full", props.motion == Motion::Full) }
                </>
            }) }
        </div>
    }
}
