//! A message about data that could not be loaded, with a button that
//! downloads the data as it arrived, so nothing the user had is lost.
//!
//! It is a plain function rather than a component, because it keeps no
//! state and a component would add Yew's per-component code to the wasm
//! module. The page that calls it renders again when the language changes.

use yew::prelude::*;

use crate::browser;
use crate::components::widgets::text_button;
use crate::session::Notice;

/// Renders `notice`. `ondismiss` is called when the user closes it.
pub fn notice_bar(notice: &Notice, ondismiss: &Callback<()>) -> Html {
    let ondownload = {
        let raw = notice.raw.clone().unwrap_or_default();
        Callback::from(move |_: MouseEvent| {
            browser::download("porthole-unreadable.txt", &raw, "text/plain")
        })
    };
    let ondismiss = {
        let ondismiss = ondismiss.clone();
        Callback::from(move |_: MouseEvent| ondismiss.emit(()))
    };
    html! {
        <div class="notice" role="alert">
            <p class="notice-message">{ notice.message.clone() }</p>
            if notice.raw.is_some() {
                { text_button("text-button notice-download", "notice.download", false, ondownload) }
            }
            { text_button("text-button notice-dismiss", "notice.dismiss", false, ondismiss) }
        </div>
    }
}
