//! A message about data that could not be loaded, with a button that
//! downloads the data as it arrived, so nothing the user had is lost.

use yew::prelude::*;

use crate::browser;
use crate::components::widgets::text_button;
use crate::i18n::use_lang;
use crate::session::Notice;

/// Props of [`NoticeBar`].
#[derive(Properties, PartialEq)]
pub struct NoticeBarProps {
    pub notice: Notice,
    pub ondismiss: Callback<()>,
}

/// Renders the message.
#[function_component]
pub fn NoticeBar(props: &NoticeBarProps) -> Html {
    use_lang();
    let ondownload = {
        let raw = props.notice.raw.clone().unwrap_or_default();
        Callback::from(move |_: MouseEvent| {
            browser::download("porthole-unreadable.txt", &raw, "text/plain")
        })
    };
    let ondismiss = {
        let ondismiss = props.ondismiss.clone();
        Callback::from(move |_: MouseEvent| ondismiss.emit(()))
    };
    html! {
        <div class="notice" role="alert">
            <p class="notice-message">{ props.notice.message.clone() }</p>
            if props.notice.raw.is_some() {
                { text_button("text-button notice-download", "notice.download", false, ondownload) }
            }
            { text_button("text-button notice-dismiss", "notice.dismiss", false, ondismiss) }
        </div>
    }
}
