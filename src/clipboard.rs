//! Copying text to the system clipboard.

use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsValue;
use yew::Callback;

/// Writes `text` to the clipboard and calls `done` with whether it worked.
pub fn copy(text: &str, done: Callback<bool>) {
    let Some(window) = web_sys::window() else {
        done.emit(false);
        return;
    };
    let promise = window.navigator().clipboard().write_text(text);
    let copied = done.clone();
    let on_copied: Closure<dyn FnMut(JsValue)> = Closure::new(move |_: JsValue| copied.emit(true));
    let on_failed: Closure<dyn FnMut(JsValue)> = Closure::new(move |_: JsValue| done.emit(false));
    let _ = promise.then2(&on_copied, &on_failed);
    // The promise calls one of them later; each copy leaks these two small
    // closures rather than tracking when the promise settles.
    on_copied.forget();
    on_failed.forget();
}
