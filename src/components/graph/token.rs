//! The token of the event applied last. A message travels along its route
//! with its label (`POST /v1.51/containers/create → 201`), and a state
//! change stays on screen for a moment. While playing, the token calls
//! `ontick` when its time is up, and the session then applies the next
//! event.
//!
//! The token moves by setting its `transform` attribute on animation
//! frames, outside Yew's rendering, so a frame costs one attribute write.

use std::cell::RefCell;
use std::rc::Rc;

use engine::events::{Event, EventKind, Message};
use gloo::render::{request_animation_frame, AnimationFrame};
use gloo::timers::callback::Timeout;
use web_sys::Element;
use yew::prelude::*;

use super::{ellipsize, fmt};
use crate::frame::is_rejection;
use crate::i18n::{tr, trf, use_lang};
use crate::layout::Layout;
use crate::playback::Position;
use crate::shared::Shared;

/// How long a token takes to travel an edge at 1× speed, in milliseconds.
const TRAVEL_MS: f64 = 650.0;
/// How long a state change, or a message inside one node, stays before the
/// next event at 1× speed, in milliseconds.
const HOLD_MS: f64 = 160.0;
/// Characters of a token's label before it is cut with `…`.
const LABEL_CHARS: usize = 48;
/// Distance from the canvas's edges, in SVG units, within which a label is
/// anchored at its token instead of centred on it.
const LABEL_MARGIN: f64 = 170.0;

/// Props of [`Token`].
#[derive(Properties, PartialEq)]
pub struct TokenProps {
    pub layout: Shared<Layout>,
    pub event: Option<Rc<Event>>,
    pub position: Position,
    pub playing: bool,
    pub speed: f64,
    pub reduced_motion: bool,
    pub ontick: Callback<Position>,
    /// Called when the user picks the token.
    pub onpick: Callback<()>,
}

/// Draws the token, moves it and times the next event.
#[function_component]
pub fn Token(props: &TokenProps) -> Html {
    use_lang();
    let node = use_node_ref();
    let frame = use_mut_ref(|| None::<AnimationFrame>);
    let timeout = use_mut_ref(|| None::<Timeout>);
    let message = props.event.as_deref().and_then(message_of).cloned();
    let route = message
        .as_ref()
        .map(|message| props.layout.route(&message.from, &message.to))
        .unwrap_or_default();

    {
        let node = node.clone();
        let route = route.clone();
        let ontick = props.ontick.clone();
        let (position, playing, reduced_motion) =
            (props.position, props.playing, props.reduced_motion);
        let speed = props.speed.max(0.05);
        let has_event = props.event.is_some();
        use_effect_with(
            (
                position,
                playing,
                props.layout.detail,
                speed.to_bits(),
                reduced_motion,
            ),
            move |_| {
                *frame.borrow_mut() = None;
                *timeout.borrow_mut() = None;
                let travels = route.len() > 1;
                let duration = if travels {
                    TRAVEL_MS
                } else if has_event {
                    HOLD_MS
                } else {
                    HOLD_MS / 4.0
                } / speed;
                let tick = move || {
                    if playing {
                        ontick.emit(position);
                    }
                };
                if travels && !reduced_motion {
                    // The element may still sit where the previous token ended.
                    place(&node, route[0]);
                    animate(frame.clone(), node, route, duration, tick);
                } else {
                    if let Some(end) = route.last() {
                        place(&node, *end);
                    }
                    *timeout.borrow_mut() = Some(Timeout::new(duration as u32, tick));
                }
                move || {
                    *frame.borrow_mut() = None;
                    *timeout.borrow_mut() = None;
                }
            },
        );
    }

    let Some(message) = message else {
        return html! {};
    };
    let start = route.first().copied().unwrap_or_default();
    // Near the top edge the label goes under the token, where it stays visible.
    let label_y = if route.iter().any(|point| point.1 < 40.0) {
        "22"
    } else {
        "-12"
    };
    let anchor = label_anchor(&route, props.layout.width);
    let failed = is_rejection(&message);
    let status = if message.status == 0 {
        tr("graph.no_response")
    } else {
        message.status.to_string()
    };
    let label = format!("{} → {status}", message.label());
    let onclick = {
        let onpick = props.onpick.clone();
        Callback::from(move |event: MouseEvent| {
            event.stop_propagation();
            onpick.emit(());
        })
    };
    html! {
        <g ref={node} class={classes!("token", failed.then_some("token-failed"))}
            transform={format!("translate({} {})", fmt(start.0), fmt(start.1))}
            aria-label={trf("graph.message_label", &[("from", &message.from.to_string()), ("label", &label)])} {onclick}>
            <circle r="7" />
            <text class="token-label" y={label_y} text-anchor={anchor}>{ ellipsize(&label, LABEL_CHARS) }</text>
        </g>
    }
}

/// Returns how to anchor the label so that it stays on the canvas: a
/// token travelling near the left edge has its label start at the token,
/// one near the right edge has it end there.
fn label_anchor(route: &[(f64, f64)], width: f64) -> &'static str {
    let xs = route.iter().map(|point| point.0);
    let (left, right) = xs.fold((f64::INFINITY, f64::NEG_INFINITY), |(low, high), x| {
        (low.min(x), high.max(x))
    });
    if left < LABEL_MARGIN {
        "start"
    } else if right > width - LABEL_MARGIN {
        "end"
    } else {
        "middle"
    }
}

fn message_of(event: &Event) -> Option<&Message> {
    match &event.kind {
        EventKind::Message(message) => Some(message),
        EventKind::Change(_) => None,
    }
}

/// Moves the token along `route` over `duration` milliseconds on animation
/// frames, then calls `done`.
fn animate(
    frame: Rc<RefCell<Option<AnimationFrame>>>,
    token: NodeRef,
    route: Vec<(f64, f64)>,
    duration: f64,
    done: impl FnOnce() + 'static,
) {
    let state = Rc::new(Animation {
        token,
        route,
        duration,
        start: RefCell::new(None),
        done: RefCell::new(Some(Box::new(done))),
    });
    schedule(frame, state);
}

/// One running animation.
struct Animation {
    token: NodeRef,
    route: Vec<(f64, f64)>,
    duration: f64,
    start: RefCell<Option<f64>>,
    done: RefCell<Option<Box<dyn FnOnce()>>>,
}

fn schedule(frame: Rc<RefCell<Option<AnimationFrame>>>, state: Rc<Animation>) {
    let next = frame.clone();
    let handle = request_animation_frame(move |now| {
        let begun = *state.start.borrow_mut().get_or_insert(now);
        let progress = ((now - begun) / state.duration).clamp(0.0, 1.0);
        let eased = progress * progress * (3.0 - 2.0 * progress);
        place(&state.token, point_along(&state.route, eased));
        if progress >= 1.0 {
            if let Some(done) = state.done.borrow_mut().take() {
                done();
            }
        } else {
            schedule(next, state);
        }
    });
    *frame.borrow_mut() = Some(handle);
}

fn place(token: &NodeRef, (x, y): (f64, f64)) {
    if let Some(element) = token.cast::<Element>() {
        let _ = element.set_attribute("transform", &format!("translate({x:.1} {y:.1})"));
    }
}

/// Returns the point at `fraction` (0 to 1) of the polyline's length.
pub fn point_along(route: &[(f64, f64)], fraction: f64) -> (f64, f64) {
    let Some(first) = route.first() else {
        return (0.0, 0.0);
    };
    let lengths: Vec<f64> = route
        .windows(2)
        .map(|pair| (pair[1].0 - pair[0].0).hypot(pair[1].1 - pair[0].1))
        .collect();
    let total: f64 = lengths.iter().sum();
    if total == 0.0 {
        return *first;
    }
    let mut remaining = fraction.clamp(0.0, 1.0) * total;
    for (pair, length) in route.windows(2).zip(&lengths) {
        if remaining <= *length && *length > 0.0 {
            let share = remaining / length;
            return (
                pair[0].0 + (pair[1].0 - pair[0].0) * share,
                pair[0].1 + (pair[1].1 - pair[0].1) * share,
            );
        }
        remaining -= length;
    }
    *route.last().unwrap_or(first)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn point_along_follows_segments() {
        let route = [(0.0, 0.0), (10.0, 0.0), (10.0, 10.0)];
        assert_eq!(point_along(&route, 0.0), (0.0, 0.0));
        assert_eq!(point_along(&route, 0.25), (5.0, 0.0));
        assert_eq!(point_along(&route, 0.75), (10.0, 5.0));
        assert_eq!(point_along(&route, 1.0), (10.0, 10.0));
        assert_eq!(point_along(&route, 7.0), (10.0, 10.0));
    }

    #[test]
    fn label_stays_on_canvas() {
        assert_eq!(
            label_anchor(&[(76.0, 76.0), (300.0, 76.0)], 1000.0),
            "start"
        );
        assert_eq!(label_anchor(&[(500.0, 76.0), (900.0, 76.0)], 1000.0), "end");
        assert_eq!(
            label_anchor(&[(400.0, 76.0), (600.0, 76.0)], 1000.0),
            "middle"
        );
    }

    #[test]
    fn point_along_handles_degenerate_routes() {
        assert_eq!(point_along(&[], 0.5), (0.0, 0.0));
        assert_eq!(point_along(&[(3.0, 4.0)], 0.5), (3.0, 4.0));
        assert_eq!(point_along(&[(3.0, 4.0), (3.0, 4.0)], 0.5), (3.0, 4.0));
    }
}
