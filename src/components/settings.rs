//! The page's settings in its header: colour theme and motion.

use yew::prelude::*;

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
    let option = |value: &'static str, text: &'static str, selected: bool| html! { <option {value} {selected}>{ text }</option> };
    html! {
        <div class="settings">
            <label class="setting">
                <span>{ "Theme" }</span>
                <select class="theme-select" onchange={ontheme}>
                    { option("system", "System", props.theme == Theme::System) }
                    { option("light", "Light", props.theme == Theme::Light) }
                    { option("dark", "Dark", props.theme == Theme::Dark) }
                </select>
            </label>
            <label class="setting">
                <span>{ "Motion" }</span>
                <select class="motion-select" onchange={onmotion}>
                    { option("system", "System", props.motion == Motion::System) }
                    { option("reduced", "Reduced", props.motion == Motion::Reduced) }
                    { option("full", "Full", props.motion == Motion::Full) }
                </select>
            </label>
        </div>
    }
}
