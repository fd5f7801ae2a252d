//! The architecture graph: the client, the host with its daemon, images and
//! containers, and the registry, with the last command's events playing as
//! tokens that travel along the edges.

use std::cell::RefCell;
use std::collections::HashSet;
use std::rc::Rc;

use engine::events::{Change, Event, EventKind, Message};
use engine::view::{ContainerView, ImageView, WorldView};
use gloo::render::{request_animation_frame, AnimationFrame};
use gloo::timers::callback::Timeout;
use web_sys::Element;
use yew::prelude::*;

use crate::layout::{Layout, Rect, HEIGHT, WIDTH};

/// How long a token takes to travel an edge at 1× speed, in milliseconds.
const TRAVEL_MS: f64 = 650.0;
/// How long a state change is held before the next event, in milliseconds.
const CHANGE_MS: u32 = 120;
/// Characters of a token's label before it is cut with `…`.
const LABEL_CHARS: usize = 44;

/// Props of [`Graph`].
#[derive(Properties, PartialEq)]
pub struct GraphProps {
    pub view: Rc<WorldView>,
    /// Events of the last command, played in order.
    pub events: Rc<Vec<Event>>,
    /// Changes whenever a new command ran, which restarts playback.
    pub generation: u64,
    /// Playback speed: 1.0 is normal.
    #[prop_or(1.0)]
    pub speed: f64,
    /// Whether tokens jump instead of travelling.
    #[prop_or(false)]
    pub reduced_motion: bool,
}

/// The graph pane.
#[function_component]
pub fn Graph(props: &GraphProps) -> Html {
    // Number of events already played for the current generation.
    let cursor = use_state(|| usize::MAX);
    let token = use_node_ref();
    let frame = use_mut_ref(|| None::<AnimationFrame>);
    let timeout = use_mut_ref(|| None::<Timeout>);

    {
        let cursor = cursor.clone();
        use_effect_with(props.generation, move |_| {
            cursor.set(0);
        });
    }

    let layout = Layout::of(&props.view);
    let played = (*cursor).min(props.events.len());
    let current = props.events.get(played);

    {
        let cursor = cursor.clone();
        let token = token.clone();
        let frame = frame.clone();
        let timeout = timeout.clone();
        let event = current.cloned();
        let speed = props.speed.max(0.05);
        let reduced_motion = props.reduced_motion;
        let layout = layout.clone();
        use_effect_with((props.generation, played, event.is_some()), move |_| {
            *frame.borrow_mut() = None;
            *timeout.borrow_mut() = None;
            match event.map(|event| event.kind) {
                Some(EventKind::Message(message)) => {
                    let from = layout.anchor(&message.from);
                    let to = layout.anchor(&message.to);
                    let duration = TRAVEL_MS / speed;
                    if reduced_motion {
                        set_token_position(&token, to);
                        let next = Timeout::new(duration as u32, move || cursor.set(played + 1));
                        *timeout.borrow_mut() = Some(next);
                    } else {
                        animate(frame.clone(), token, from, to, duration, move || cursor.set(played + 1));
                    }
                }
                Some(EventKind::Change(_)) => {
                    let delay = (f64::from(CHANGE_MS) / speed) as u32;
                    let next = Timeout::new(delay, move || cursor.set(played + 1));
                    *timeout.borrow_mut() = Some(next);
                }
                None => {}
            }
        });
    }

    let hidden = pending_objects(&props.events[played..]);
    let target = props.view.hosts.iter().find(|host| host.name == props.view.target_host);
    let images: Vec<&ImageView> = target.map(|host| host.images.iter().collect()).unwrap_or_default();
    let containers: Vec<&ContainerView> =
        target.map(|host| host.containers.iter().collect()).unwrap_or_default();

    html! {
        <section class="graph" aria-label="Architecture graph">
            <svg
                class="graph-svg"
                viewBox={format!("0 0 {WIDTH} {HEIGHT}")}
                role="img"
                aria-label="Client, daemon and registry with images and containers"
            >
                { edge(&layout.client, &layout.daemon, "client-daemon") }
                { edge(&layout.daemon, &layout.registry, "daemon-registry") }
                { architecture_node(&layout.client, "docker", "client", "node-client") }
                <g class="host" aria-label={format!("Host {}", props.view.target_host)}>
                    <rect class="host-box" x={fmt(layout.host.x)} y={fmt(layout.host.y)}
                        width={fmt(layout.host.width)} height={fmt(layout.host.height)} rx="14" />
                    <text class="host-label" x={fmt(layout.host.x + 14.0)} y={fmt(layout.host.y + 22.0)}>
                        { format!("host: {}", props.view.target_host) }
                    </text>
                </g>
                { architecture_node(&layout.daemon, "dockerd", "daemon", "node-daemon") }
                { architecture_node(&layout.registry, "Docker Hub", "registry", "node-registry") }
                <text class="section-label" x={fmt(layout.host.x + 14.0)} y={fmt(layout.images_label_y)}>{ "Images" }</text>
                { for layout.images.iter().zip(images.iter()).filter(|(card, _)| !hidden.contains(&card.id)).map(|(card, image)| image_card(card, image)) }
                <text class="section-label" x={fmt(layout.host.x + 14.0)} y={fmt(layout.containers_label_y)}>{ "Containers" }</text>
                { for layout.containers.iter().zip(containers.iter()).filter(|(card, _)| !hidden.contains(&card.id)).map(|(card, container)| container_card(&card.rect, container)) }
                { current.and_then(message_of).map(|message| token_view(&token, &layout, message)).unwrap_or_default() }
            </svg>
        </section>
    }
}

/// Returns the ids of objects that events not yet played will create, which
/// stay hidden until their event plays.
fn pending_objects(events: &[Event]) -> HashSet<String> {
    events
        .iter()
        .filter_map(|event| match &event.kind {
            EventKind::Change(Change::ImageStored { image_id, .. }) => Some(image_id.clone()),
            EventKind::Change(Change::ContainerCreated { id, .. }) => Some(id.clone()),
            _ => None,
        })
        .collect()
}

fn message_of(event: &Event) -> Option<&Message> {
    match &event.kind {
        EventKind::Message(message) => Some(message),
        EventKind::Change(_) => None,
    }
}

/// Moves the token from `from` to `to` over `duration` milliseconds on
/// animation frames, then calls `done`.
fn animate(
    frame: Rc<RefCell<Option<AnimationFrame>>>,
    token: NodeRef,
    from: (f64, f64),
    to: (f64, f64),
    duration: f64,
    done: impl FnOnce() + 'static,
) {
    let start = Rc::new(RefCell::new(None::<f64>));
    let done = Rc::new(RefCell::new(Some(done)));
    fn step(
        frame: Rc<RefCell<Option<AnimationFrame>>>,
        token: NodeRef,
        start: Rc<RefCell<Option<f64>>>,
        from: (f64, f64),
        to: (f64, f64),
        duration: f64,
        done: Rc<RefCell<Option<impl FnOnce() + 'static>>>,
    ) {
        let handle = {
            let frame = frame.clone();
            request_animation_frame(move |now| {
                let begun = *start.borrow_mut().get_or_insert(now);
                let progress = ((now - begun) / duration).clamp(0.0, 1.0);
                let eased = progress * progress * (3.0 - 2.0 * progress);
                let point = (from.0 + (to.0 - from.0) * eased, from.1 + (to.1 - from.1) * eased);
                set_token_position(&token, point);
                if progress >= 1.0 {
                    if let Some(done) = done.borrow_mut().take() {
                        done();
                    }
                } else {
                    step(frame, token, start, from, to, duration, done);
                }
            })
        };
        *frame.borrow_mut() = Some(handle);
    }
    step(frame, token, start, from, to, duration, done);
}

fn set_token_position(token: &NodeRef, (x, y): (f64, f64)) {
    if let Some(element) = token.cast::<Element>() {
        let _ = element.set_attribute("transform", &format!("translate({x:.1} {y:.1})"));
    }
}

fn token_view(token: &NodeRef, layout: &Layout, message: &Message) -> Html {
    let (x, y) = layout.anchor(&message.from);
    let label = ellipsize(&message.label(), LABEL_CHARS);
    let failed = message.status >= 400 || message.status == 0;
    html! {
        <g ref={token.clone()} class={classes!("token", failed.then_some("token-failed"))}
            transform={format!("translate({x:.1} {y:.1})")} aria-label={message.label()}>
            <circle r="7" />
            <text class="token-label" y="-12" text-anchor="middle">{ label }</text>
        </g>
    }
}

fn edge(from: &Rect, to: &Rect, class: &'static str) -> Html {
    let (x1, y1) = from.centre();
    let (x2, y2) = to.centre();
    html! { <line class={classes!("edge", class)} x1={fmt(x1)} y1={fmt(y1)} x2={fmt(x2)} y2={fmt(y2)} /> }
}

fn architecture_node(rect: &Rect, title: &'static str, role: &'static str, class: &'static str) -> Html {
    html! {
        <g class={classes!("node", class)} role="group" aria-label={format!("{title} ({role})")}>
            <rect x={fmt(rect.x)} y={fmt(rect.y)} width={fmt(rect.width)} height={fmt(rect.height)} rx="10" />
            <text class="node-title" x={fmt(rect.x + rect.width / 2.0)} y={fmt(rect.y + 28.0)} text-anchor="middle">{ title }</text>
            <text class="node-role" x={fmt(rect.x + rect.width / 2.0)} y={fmt(rect.y + 48.0)} text-anchor="middle">{ role }</text>
        </g>
    }
}

fn image_card(card: &crate::layout::ImageCard, image: &ImageView) -> Html {
    let rect = card.rect;
    let short_id = image.id.trim_start_matches("sha256:").chars().take(12).collect::<String>();
    let bar_top = rect.y + 30.0;
    html! {
        <g class="image-card" role="group" aria-label={format!("Image {} ({} layers)", card.title, image.layers.len())}>
            <rect class="card" x={fmt(rect.x)} y={fmt(rect.y)} width={fmt(rect.width)} height={fmt(rect.height)} rx="6" />
            <text class="card-title" x={fmt(rect.x + 8.0)} y={fmt(rect.y + 14.0)}>{ ellipsize(&card.title, 22) }</text>
            <text class="card-detail" x={fmt(rect.x + 8.0)} y={fmt(rect.y + 25.0)}>{ short_id }</text>
            { for (0..card.layer_bars).map(|index| {
                // The bottom layer is drawn lowest, as layers stack.
                let y = bar_top + (card.layer_bars - 1 - index) as f64 * 9.0;
                html! { <rect class="layer-bar" x={fmt(rect.x + 8.0)} y={fmt(y)} width={fmt(rect.width - 16.0)} height="7" rx="2" /> }
            }) }
        </g>
    }
}

fn container_card(rect: &Rect, container: &ContainerView) -> Html {
    let state_class = match container.state.as_str() {
        "running" => "container-running",
        "exited" | "dead" if container.oom_killed => "container-failed",
        "paused" => "container-paused",
        _ => "container-stopped",
    };
    html! {
        <g class={classes!("container-card", state_class)} role="group"
            aria-label={format!("Container {} ({})", container.name, container.status)}>
            <rect class="card" x={fmt(rect.x)} y={fmt(rect.y)} width={fmt(rect.width)} height={fmt(rect.height)} rx="6" />
            <text class="card-title" x={fmt(rect.x + 8.0)} y={fmt(rect.y + 15.0)}>{ ellipsize(&container.name, 22) }</text>
            <text class="card-detail" x={fmt(rect.x + 8.0)} y={fmt(rect.y + 30.0)}>{ ellipsize(&container.image, 24) }</text>
            <text class="card-detail" x={fmt(rect.x + 8.0)} y={fmt(rect.y + 45.0)}>{ ellipsize(&container.status, 24) }</text>
            <text class="card-detail" x={fmt(rect.x + 8.0)} y={fmt(rect.y + 60.0)}>{ ellipsize(&container.ports.join(", "), 26) }</text>
        </g>
    }
}

/// Cuts `text` to `limit` characters, the last replaced by `…`.
fn ellipsize(text: &str, limit: usize) -> String {
    if text.chars().count() <= limit {
        return text.to_string();
    }
    let mut cut: String = text.chars().take(limit.saturating_sub(1)).collect();
    cut.push('…');
    cut
}

fn fmt(value: f64) -> String {
    format!("{value:.1}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ellipsize_keeps_short_text() {
        assert_eq!(ellipsize("abc", 5), "abc");
        assert_eq!(ellipsize("abcdef", 5), "abcd…");
    }

    #[test]
    fn pending_objects_lists_unplayed_creations() {
        let events = vec![Event {
            time: 0,
            kind: EventKind::Change(Change::ContainerCreated {
                host: "laptop".into(),
                id: "abc".into(),
                name: "web".into(),
                image_id: "sha256:1".into(),
            }),
        }];
        assert!(pending_objects(&events).contains("abc"));
        assert!(pending_objects(&events[1..]).is_empty());
    }
}
