//! A drag handle between two panes, also moved with the arrow keys.

use web_sys::{Element, PointerEvent};
use yew::prelude::*;

use crate::prefs::{Pane, PaneSizes};

/// Pixels one arrow key press moves the handle; Shift moves it four times
/// as far.
const KEY_STEP: f64 = 16.0;

/// Props of [`Splitter`].
#[derive(Properties, PartialEq)]
pub struct SplitterProps {
    pub pane: Pane,
    /// The pane's size in CSS pixels.
    pub size: f64,
    /// Whether the handle moves up and down (it sets a height).
    #[prop_or(false)]
    pub horizontal: bool,
    /// Whether moving the handle right (or down) shrinks the pane, as for a
    /// pane on the right of (or below) the handle.
    #[prop_or(false)]
    pub inverted: bool,
    pub label: AttrValue,
    pub onresize: Callback<(Pane, f64)>,
}

/// Returns the class that places the handle in the page's grid.
fn area_class(pane: Pane) -> &'static str {
    match pane {
        Pane::Editor => "splitter-editor",
        Pane::Inspector => "splitter-inspector",
        Pane::Terminal => "splitter-terminal",
    }
}

/// The pointer position and pane size at the start of a drag.
#[derive(Clone, Copy, PartialEq)]
struct Drag {
    pointer: f64,
    size: f64,
}

/// Renders the handle.
#[function_component]
pub fn Splitter(props: &SplitterProps) -> Html {
    let drag = use_mut_ref(|| None::<Drag>);
    let (min, max) = PaneSizes::range(props.pane);
    let sign = if props.inverted { -1.0 } else { 1.0 };
    let horizontal = props.horizontal;
    let coordinate = move |event: &PointerEvent| {
        f64::from(if horizontal {
            event.client_y()
        } else {
            event.client_x()
        })
    };

    let onpointerdown = {
        let drag = drag.clone();
        let size = props.size;
        Callback::from(move |event: PointerEvent| {
            let target: Element = event.target_unchecked_into();
            let _ = target.set_pointer_capture(event.pointer_id());
            *drag.borrow_mut() = Some(Drag {
                pointer: coordinate(&event),
                size,
            });
            event.prevent_default();
        })
    };
    let onpointermove = {
        let drag = drag.clone();
        let (onresize, pane) = (props.onresize.clone(), props.pane);
        Callback::from(move |event: PointerEvent| {
            if let Some(start) = *drag.borrow() {
                onresize.emit((
                    pane,
                    start.size + sign * (coordinate(&event) - start.pointer),
                ));
            }
        })
    };
    let onpointerup = {
        let drag = drag.clone();
        Callback::from(move |_: PointerEvent| *drag.borrow_mut() = None)
    };
    let onkeydown = {
        let (onresize, pane, size) = (props.onresize.clone(), props.pane, props.size);
        Callback::from(move |event: KeyboardEvent| {
            let step = if event.shift_key() {
                KEY_STEP * 4.0
            } else {
                KEY_STEP
            };
            let next = match (event.key().as_str(), horizontal) {
                ("ArrowRight", false) | ("ArrowDown", true) => size + sign * step,
                ("ArrowLeft", false) | ("ArrowUp", true) => size - sign * step,
                ("Home", _) => min,
                ("End", _) => max,
                _ => return,
            };
            event.prevent_default();
            onresize.emit((pane, next));
        })
    };
    html! {
        <div
            class={classes!("splitter", if horizontal { "splitter-horizontal" } else { "splitter-vertical" }, area_class(props.pane))}
            role="separator"
            tabindex="0"
            aria-label={props.label.clone()}
            aria-orientation={if horizontal { "horizontal" } else { "vertical" }}
            aria-valuemin={min.to_string()}
            aria-valuemax={max.to_string()}
            aria-valuenow={props.size.round().to_string()}
            {onpointerdown}
            {onpointermove}
            onpointerup={onpointerup.clone()}
            onpointercancel={onpointerup}
            {onkeydown}
        />
    }
}
