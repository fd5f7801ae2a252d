//! The few browser services the page uses beyond rendering: the address's
//! query and fragment, downloading and reading files, and messages to the
//! page that embeds this one.

use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{Blob, BlobPropertyBag, File, FileReader, HtmlAnchorElement, Url, UrlSearchParams};
use yew::Callback;

/// Returns the address's query as (name, value) pairs, decoded.
pub fn query_pairs() -> Vec<(String, String)> {
    let Some(search) = web_sys::window().and_then(|window| window.location().search().ok()) else {
        return Vec::new();
    };
    let Ok(params) = UrlSearchParams::new_with_str(&search) else {
        return Vec::new();
    };
    let mut pairs = Vec::new();
    let entries = js_sys::try_iter(&params).ok().flatten();
    for entry in entries.into_iter().flatten().flatten() {
        let pair: js_sys::Array = entry.unchecked_into();
        if let (Some(name), Some(value)) = (pair.get(0).as_string(), pair.get(1).as_string()) {
            pairs.push((name, value));
        }
    }
    pairs
}

/// Returns the fragment without its `#`.
pub fn fragment() -> String {
    web_sys::window()
        .and_then(|window| window.location().hash().ok())
        .map(|hash| hash.trim_start_matches('#').to_string())
        .unwrap_or_default()
}

/// Replaces the fragment without adding a history entry or scrolling.
pub fn replace_fragment(fragment: &str) {
    let Some(window) = web_sys::window() else {
        return;
    };
    let Ok(history) = window.history() else {
        return;
    };
    let address = window.location().href().unwrap_or_default();
    let base = address.split('#').next().unwrap_or_default();
    let target = if fragment.is_empty() {
        base.to_string()
    } else {
        format!("{base}#{fragment}")
    };
    let _ = history.replace_state_with_url(&JsValue::NULL, "", Some(&target));
}

/// Returns the page's address without query or fragment.
pub fn page_address() -> String {
    web_sys::window()
        .and_then(|window| window.location().href().ok())
        .map(|href| {
            href.split(['?', '#'])
                .next()
                .unwrap_or_default()
                .to_string()
        })
        .unwrap_or_default()
}

/// Offers `text` as a file download named `name`.
pub fn download(name: &str, text: &str, mime: &str) {
    let Some(document) = web_sys::window().and_then(|window| window.document()) else {
        return;
    };
    let parts = js_sys::Array::of1(&JsValue::from_str(text));
    let options = BlobPropertyBag::new();
    options.set_type(mime);
    let Ok(blob) = Blob::new_with_str_sequence_and_options(&parts, &options) else {
        return;
    };
    let Ok(address) = Url::create_object_url_with_blob(&blob) else {
        return;
    };
    if let Ok(anchor) = document.create_element("a") {
        let anchor: HtmlAnchorElement = anchor.unchecked_into();
        anchor.set_href(&address);
        anchor.set_download(name);
        anchor.click();
    }
    // Revoking at once can cancel the download in some browsers, so the
    // address lives one minute.
    gloo::timers::callback::Timeout::new(60_000, move || {
        let _ = Url::revoke_object_url(&address);
    })
    .forget();
}

/// Reads a file the user picked as text and calls `done` with it, or with
/// `None` when it cannot be read.
pub fn read_text(file: File, done: Callback<Option<String>>) {
    let Ok(reader) = FileReader::new() else {
        done.emit(None);
        return;
    };
    let source = reader.clone();
    let loaded = done.clone();
    let onload = Closure::once(move || {
        loaded.emit(source.result().ok().and_then(|value| value.as_string()))
    });
    let onerror = Closure::once(move || done.emit(None));
    reader.set_onload(Some(onload.as_ref().unchecked_ref()));
    reader.set_onerror(Some(onerror.as_ref().unchecked_ref()));
    let _ = reader.read_as_text(&file);
    // The reader calls one of them once; both are small and live as long
    // as the page.
    onload.forget();
    onerror.forget();
}

/// Returns whether the page runs inside another page's frame.
pub fn is_framed() -> bool {
    let Some(window) = web_sys::window() else {
        return false;
    };
    match window.parent() {
        Ok(Some(parent)) => parent != window,
        _ => false,
    }
}

/// Sends a JSON message to the page that embeds this one. The message
/// carries only what the user typed into this frame, so any origin may
/// read it.
pub fn post_to_parent(message: &engine::json::Json) {
    if !is_framed() {
        return;
    }
    if let Some(parent) = web_sys::window().and_then(|window| window.parent().ok().flatten()) {
        let _ = parent.post_message(&JsValue::from_str(&message.to_rust_compact()), "*");
    }
}

/// Returns the height of the page's content in CSS pixels: the app's
/// element, not the document, whose height is at least the frame's and
/// so could never let an embedding frame shrink.
pub fn document_height() -> i32 {
    web_sys::window()
        .and_then(|window| window.document())
        .and_then(|document| document.query_selector(".app").ok().flatten())
        .map(|app| app.scroll_height())
        .unwrap_or(0)
}

/// Sets the document's `lang` attribute and title, which screen readers
/// and the browser's tab read.
pub fn set_document_language(code: &str, title: &str) {
    let Some(document) = web_sys::window().and_then(|window| window.document()) else {
        return;
    };
    if let Some(root) = document.document_element() {
        let _ = root.set_attribute("lang", code);
    }
    document.set_title(title);
}

/// Returns the browser's preferred language tag.
pub fn browser_language() -> String {
    web_sys::window()
        .and_then(|window| window.navigator().language())
        .unwrap_or_default()
}
