//! Where each node of the graph goes.
//!
//! The layout is a pure function of the [`WorldView`], so it runs natively in
//! tests. It is stable: an object keeps its slot while it exists, because
//! slots follow the store's creation order and new objects are appended.

use engine::events::Node;
use engine::view::WorldView;

/// Width and height of the SVG's coordinate system.
pub const WIDTH: f64 = 1000.0;
pub const HEIGHT: f64 = 640.0;

const HOST_X: f64 = 230.0;
const HOST_WIDTH: f64 = 540.0;
const CARD_GAP: f64 = 12.0;
const IMAGE_WIDTH: f64 = 160.0;
const LAYER_HEIGHT: f64 = 9.0;
/// Layers drawn per image card; taller stacks are summarised in one bar.
const MAX_LAYER_BARS: usize = 10;
const CONTAINER_WIDTH: f64 = 160.0;
const CONTAINER_HEIGHT: f64 = 74.0;

/// A rectangle in SVG coordinates.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Rect {
    pub x: f64,
    pub y: f64,
    pub width: f64,
    pub height: f64,
}

impl Rect {
    /// Returns the centre point.
    pub fn centre(&self) -> (f64, f64) {
        (self.x + self.width / 2.0, self.y + self.height / 2.0)
    }
}

/// An image card: where it goes and how many layer bars it shows.
#[derive(Clone, Debug, PartialEq)]
pub struct ImageCard {
    pub id: String,
    pub rect: Rect,
    pub title: String,
    pub layer_bars: usize,
    /// Layers that did not fit as bars.
    pub hidden_layers: usize,
}

/// A container card.
#[derive(Clone, Debug, PartialEq)]
pub struct ContainerCard {
    pub id: String,
    pub rect: Rect,
}

/// Positions of everything drawn.
#[derive(Clone, Debug, PartialEq)]
pub struct Layout {
    pub client: Rect,
    pub host: Rect,
    pub daemon: Rect,
    pub registry: Rect,
    pub images_label_y: f64,
    pub images: Vec<ImageCard>,
    pub containers_label_y: f64,
    pub containers: Vec<ContainerCard>,
}

impl Layout {
    /// Lays out the view's target host.
    pub fn of(view: &WorldView) -> Self {
        let client = Rect { x: 30.0, y: 80.0, width: 150.0, height: 64.0 };
        let host = Rect { x: HOST_X, y: 20.0, width: HOST_WIDTH, height: HEIGHT - 40.0 };
        let daemon = Rect { x: HOST_X + HOST_WIDTH / 2.0 - 80.0, y: 80.0, width: 160.0, height: 64.0 };
        let registry = Rect { x: 820.0, y: 80.0, width: 150.0, height: 64.0 };

        let images_label_y = 180.0;
        let host_view = view.hosts.iter().find(|host| host.name == view.target_host);
        let mut images = Vec::new();
        let mut x = HOST_X + CARD_GAP;
        let mut y = images_label_y + 12.0;
        let mut row_height: f64 = 0.0;
        for image in host_view.map(|host| host.images.as_slice()).unwrap_or(&[]) {
            let layer_bars = image.layers.len().min(MAX_LAYER_BARS);
            let height = 34.0 + layer_bars as f64 * LAYER_HEIGHT;
            if x + IMAGE_WIDTH > HOST_X + HOST_WIDTH {
                x = HOST_X + CARD_GAP;
                y += row_height + CARD_GAP;
                row_height = 0.0;
            }
            let title = image.tags.first().cloned().unwrap_or_else(|| "<none>:<none>".to_string());
            images.push(ImageCard {
                id: image.id.clone(),
                rect: Rect { x, y, width: IMAGE_WIDTH, height },
                title,
                layer_bars,
                hidden_layers: image.layers.len() - layer_bars,
            });
            x += IMAGE_WIDTH + CARD_GAP;
            row_height = row_height.max(height);
        }

        let containers_label_y = (y + row_height + 28.0).max(400.0);
        let mut containers = Vec::new();
        let mut x = HOST_X + CARD_GAP;
        let mut y = containers_label_y + 12.0;
        for container in host_view.map(|host| host.containers.as_slice()).unwrap_or(&[]) {
            if x + CONTAINER_WIDTH > HOST_X + HOST_WIDTH {
                x = HOST_X + CARD_GAP;
                y += CONTAINER_HEIGHT + CARD_GAP;
            }
            containers.push(ContainerCard {
                id: container.id.clone(),
                rect: Rect { x, y, width: CONTAINER_WIDTH, height: CONTAINER_HEIGHT },
            });
            x += CONTAINER_WIDTH + CARD_GAP;
        }

        Self { client, host, daemon, registry, images_label_y, images, containers_label_y, containers }
    }

    /// Returns the point a message to or from `node` attaches to.
    pub fn anchor(&self, node: &Node) -> (f64, f64) {
        match node {
            Node::Client { .. } => self.client.centre(),
            Node::Registry { .. } => self.registry.centre(),
            Node::Shim { container, .. } => self
                .containers
                .iter()
                .find(|card| card.id.starts_with(container.as_str()))
                .map(|card| card.rect.centre())
                .unwrap_or_else(|| self.daemon.centre()),
            Node::Daemon { .. } | Node::Containerd { .. } | Node::Runc { .. } | Node::Kernel { .. } => {
                self.daemon.centre()
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use engine::view::{HostView, ImageView};

    fn image(id: &str, layers: usize) -> ImageView {
        ImageView {
            id: id.into(),
            tags: vec![format!("{id}:latest")],
            layers: (0..layers).map(|index| format!("sha256:{index}")).collect(),
            size: 0,
            created: 0,
        }
    }

    fn view_with(images: Vec<ImageView>) -> WorldView {
        WorldView {
            client_host: "laptop".into(),
            target_host: "laptop".into(),
            hosts: vec![HostView { name: "laptop".into(), images, ..HostView::default() }],
            ..WorldView::default()
        }
    }

    #[test]
    fn adding_image_keeps_earlier_slots() {
        let before = Layout::of(&view_with(vec![image("a", 3)]));
        let after = Layout::of(&view_with(vec![image("a", 3), image("b", 5)]));
        assert_eq!(before.images[0], after.images[0]);
        assert_eq!(after.images.len(), 2);
    }

    #[test]
    fn tall_image_summarises_layers() {
        let layout = Layout::of(&view_with(vec![image("a", 14)]));
        assert_eq!(layout.images[0].layer_bars, MAX_LAYER_BARS);
        assert_eq!(layout.images[0].hidden_layers, 4);
    }

    #[test]
    fn cards_stay_inside_host() {
        let images = (0..12).map(|index| image(&format!("i{index}"), 2)).collect();
        let layout = Layout::of(&view_with(images));
        for card in &layout.images {
            assert!(card.rect.x + card.rect.width <= layout.host.x + layout.host.width, "{}", card.id);
        }
    }
}
