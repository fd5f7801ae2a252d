//! The architecture graph: the client, each host with its daemon, build,
//! networks, images, layers and containers, and the registries. The event
//! applied last plays as a token travelling along its edge; state changes
//! show as the frame's objects appearing, filling or turning red.
//!
//! Every object is a keyboard-focusable button that selects it for the
//! inspector.

mod architecture;
mod build;
mod containers;
mod images;
mod networks;
mod scene;
mod shapes;
mod token;

use std::rc::Rc;

use engine::events::Event;
use yew::prelude::*;

use crate::frame::Frame;
use crate::i18n::{tr, use_lang};
use crate::layout::Layout;
use crate::playback::Position;
use crate::selection::Selection;
use crate::shared::Shared;

/// The largest scale "Fit" draws the graph at.
const MAX_FIT_SCALE: f64 = 1.6;

/// Props of [`Graph`].
#[derive(Properties, PartialEq)]
pub struct GraphProps {
    pub frame: Shared<Frame>,
    pub layout: Shared<Layout>,
    /// The event applied last; a message plays as a token.
    pub event: Option<Rc<Event>>,
    /// The playback position; a new one starts the token's animation.
    pub position: Position,
    pub playing: bool,
    /// Playback speed factor: 1.0 is normal.
    pub speed: f64,
    /// Whether tokens jump instead of travelling.
    pub reduced_motion: bool,
    /// The scale; `None` fits the pane's width.
    pub zoom: Option<f64>,
    pub selection: Option<Selection>,
    /// Called with the object the user picked.
    pub onselect: Callback<Option<Selection>>,
    /// Called while playing, once the event at `position` has been shown
    /// long enough, with that position.
    pub ontick: Callback<Position>,
    /// Called when the user picks the token: selects its event.
    pub ontoken: Callback<()>,
}

/// Draws the graph as SVG.
#[function_component]
pub fn Graph(props: &GraphProps) -> Html {
    use_lang();
    let layout = &props.layout;
    let svg = use_node_ref();
    {
        // Sized through the CSS object model: the content security policy
        // forbids inline style attributes.
        let svg = svg.clone();
        use_effect_with(
            (props.zoom.map(f64::to_bits), layout.width.to_bits()),
            move |(zoom, width)| {
                if let Some(element) = svg.cast::<web_sys::SvgElement>() {
                    let style = element.style();
                    let width = f64::from_bits(*width);
                    let (set_width, max_width) = match zoom {
                        Some(zoom) => (
                            format!("{:.0}px", width * f64::from_bits(*zoom)),
                            "none".to_string(),
                        ),
                        // Fitting a wide pane stops at this scale, so that the
                        // drawing does not grow past reading size.
                        None => (
                            "100%".to_string(),
                            format!("{:.0}px", width * MAX_FIT_SCALE),
                        ),
                    };
                    let _ = style.set_property("width", &set_width);
                    let _ = style.set_property("max-width", &max_width);
                }
            },
        );
    }
    let clear = {
        let onselect = props.onselect.clone();
        Callback::from(move |_: MouseEvent| onselect.emit(None))
    };

    html! {
        <svg
            ref={svg}
            class={classes!("graph-svg", props.zoom.is_some().then_some("graph-zoomed"))}
            viewBox={format!("0 0 {} {}", fmt(layout.width), fmt(layout.height))}
            width={fmt(layout.width)}
            height={fmt(layout.height)}
            aria-label={tr("graph.label")}
            onclick={clear}
        >
            <scene::GraphScene
                frame={props.frame.clone()}
                layout={props.layout.clone()}
                selection={props.selection.clone()}
                onselect={props.onselect.clone()}
            />
            <token::Token
                layout={props.layout.clone()}
                event={props.event.clone()}
                position={props.position}
                playing={props.playing}
                speed={props.speed}
                reduced_motion={props.reduced_motion}
                ontick={props.ontick.clone()}
                onpick={props.ontoken.clone()}
            />
        </svg>
    }
}

/// Formats an SVG coordinate.
pub(crate) fn fmt(value: f64) -> String {
    format!("{value:.1}")
}

/// Cuts `text` to `limit` characters, the last replaced by `…`.
pub(crate) fn ellipsize(text: &str, limit: usize) -> String {
    if text.chars().count() <= limit {
        return text.to_string();
    }
    let mut cut: String = text.chars().take(limit.saturating_sub(1)).collect();
    cut.push('…');
    cut
}

/// Returns the first 12 hex digits of an ID, without its algorithm.
pub(crate) fn short_id(id: &str) -> String {
    id.trim_start_matches("sha256:").chars().take(12).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ellipsize_keeps_short_text() {
        assert_eq!(ellipsize("abc", 5), "abc");
        assert_eq!(ellipsize("abcdef", 5), "abcd…");
        assert_eq!(ellipsize("ééééé", 3), "éé…");
    }

    #[test]
    fn short_id_drops_algorithm() {
        assert_eq!(short_id("sha256:0123456789abcdef"), "0123456789ab");
        assert_eq!(short_id("cb53"), "cb53");
    }
}
