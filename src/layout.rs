//! Where each node of the graph goes.
//!
//! The drawing is a fixed-width canvas: the client on the left, one region
//! per host in the middle (side by side when there are several), the
//! registries on the right. Inside a host, fixed bands contain the daemon
//! chain, the build's stage graph, and the networks and volumes. Below
//! them, three columns (images, layers, containers) grow downwards. Each
//! object sits in its [`crate::slots`] slot, and a column is as tall as the
//! highest slot ever given out, so adding an object moves nothing else.
//!
//! The layout is a pure function of the view, the slots and the detail
//! switch, so it runs natively in tests.

use engine::events::Node;
use engine::view::{BuildView, HostView, RegistryView, WorldView};

use crate::slots::{HostSlots, SlotBook, Slots};

const MARGIN: f64 = 16.0;
const CLIENT_WIDTH: f64 = 120.0;
const REGISTRY_WIDTH: f64 = 128.0;
const HOST_WIDTH: f64 = 688.0;
const HOST_GAP: f64 = 16.0;
const HOST_TOP: f64 = 24.0;
/// Smallest height of a host region, so an empty host still reads as a machine.
const HOST_MIN_HEIGHT: f64 = 560.0;

const CHAIN_TOP: f64 = 48.0;
const NODE_HEIGHT: f64 = 56.0;
const DAEMON_WIDTH: f64 = 140.0;
const CHAIN_WIDTH: f64 = 120.0;
const CHAIN_GAP: f64 = 12.0;
/// Height of the path above the chain that a registry request takes in
/// the detailed view, so it does not cross containerd, the shim and runc.
const ROUTE_Y: f64 = 12.0;

const BUILD_TOP: f64 = 116.0;
const BUILD_HEIGHT: f64 = 108.0;
const STAGE_WIDTH: f64 = 96.0;
const STAGE_HEIGHT: f64 = 22.0;
const STAGE_COLUMN: f64 = 120.0;
const STAGE_ROW: f64 = 28.0;
/// Stages drawn per level; further stages of a level are counted instead.
pub const STAGES_PER_LEVEL: usize = 3;
/// Levels drawn; deeper ones are counted instead.
pub const MAX_LEVELS: usize = 4;

const NETWORK_TOP: f64 = 232.0;
const CHIP_LEFT: f64 = 100.0;
const CHIP_WIDTH: f64 = 136.0;
const CHIP_HEIGHT: f64 = 20.0;
const CHIP_GAP: f64 = 8.0;
/// Networks or volumes drawn in their row; more are counted instead.
pub const CHIPS_PER_ROW: usize = 4;

const COLUMNS_TOP: f64 = 324.0;
const ITEMS_TOP: f64 = 348.0;
const IMAGE_LEFT: f64 = 12.0;
const IMAGE_WIDTH: f64 = 196.0;
const IMAGE_HEIGHT: f64 = 40.0;
const IMAGE_PITCH: f64 = 48.0;
const LAYER_LEFT: f64 = 220.0;
const LAYER_WIDTH: f64 = 58.0;
const LAYER_HEIGHT: f64 = 18.0;
const LAYER_GAP: f64 = 8.0;
const LAYER_PITCH: f64 = 24.0;
const LAYERS_PER_ROW: usize = 2;
const CONTAINER_LEFT: f64 = 356.0;
pub const CONTAINER_WIDTH: f64 = 156.0;
pub const CONTAINER_HEIGHT: f64 = 116.0;
const CONTAINER_GAP: f64 = 8.0;
const CONTAINER_PITCH: f64 = 124.0;
const CONTAINERS_PER_ROW: usize = 2;

const REPOSITORY_HEIGHT: f64 = 30.0;
const REPOSITORY_PITCH: f64 = 34.0;
const REGISTRY_GAP: f64 = 24.0;

/// A rectangle in SVG coordinates.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Rect {
    pub x: f64,
    pub y: f64,
    pub width: f64,
    pub height: f64,
}

impl Rect {
    pub fn new(x: f64, y: f64, width: f64, height: f64) -> Self {
        Self { x, y, width, height }
    }

    /// Returns the centre point.
    pub fn centre(&self) -> (f64, f64) {
        (self.x + self.width / 2.0, self.y + self.height / 2.0)
    }

    pub fn bottom(&self) -> f64 {
        self.y + self.height
    }

    pub fn right(&self) -> f64 {
        self.x + self.width
    }

    /// Returns whether `other` lies entirely inside this rectangle.
    #[cfg(test)]
    pub fn contains(&self, other: &Rect) -> bool {
        other.x >= self.x && other.y >= self.y && other.right() <= self.right() && other.bottom() <= self.bottom()
    }
}

/// A process of the daemon side that the detailed view draws on its own.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ChainNode {
    Dockerd,
    Containerd,
    Shim,
    Runc,
    Kernel,
}

impl ChainNode {
    /// The detailed chain, left to right, in the order a start request
    /// travels it.
    pub const ALL: [ChainNode; 5] = [ChainNode::Dockerd, ChainNode::Containerd, ChainNode::Shim, ChainNode::Runc, ChainNode::Kernel];

    /// Returns the program name drawn on the node.
    pub fn title(self) -> &'static str {
        match self {
            ChainNode::Dockerd => "dockerd",
            ChainNode::Containerd => "containerd",
            ChainNode::Shim => "containerd-shim",
            ChainNode::Runc => "runc",
            ChainNode::Kernel => "kernel",
        }
    }

    /// Returns what the node does, in a few words.
    pub fn role(self) -> &'static str {
        match self {
            ChainNode::Dockerd => "daemon",
            ChainNode::Containerd => "container supervisor",
            ChainNode::Shim => "one per container",
            ChainNode::Runc => "OCI runtime",
            ChainNode::Kernel => "namespaces, cgroups",
        }
    }

    /// Returns the engine's node for this process on `host`. The shim node
    /// of the chain stands for every container's shim.
    pub fn node(self, host: &str) -> Node {
        let host = host.to_string();
        match self {
            ChainNode::Dockerd => Node::Daemon { host },
            ChainNode::Containerd => Node::Containerd { host },
            ChainNode::Shim => Node::Shim { host, container: String::new() },
            ChainNode::Runc => Node::Runc { host },
            ChainNode::Kernel => Node::Kernel { host },
        }
    }
}

/// A stage of the build's stage graph and where it goes.
#[derive(Clone, Debug, PartialEq)]
pub struct StageBox {
    /// Index into [`BuildView::stages`].
    pub index: usize,
    pub rect: Rect,
}

/// The positions of one host's parts.
#[derive(Clone, Debug, PartialEq)]
pub struct HostLayout {
    pub name: String,
    pub region: Rect,
    /// The daemon alone, or the whole chain in the detailed view.
    pub chain: Vec<(ChainNode, Rect)>,
    pub build: Rect,
    pub stages: Vec<StageBox>,
    /// Stages not drawn because a level or the graph is too large.
    pub hidden_stages: usize,
    /// The band with the networks and volumes rows.
    pub networks_band: Rect,
    pub networks: Vec<(String, Rect)>,
    pub hidden_networks: usize,
    pub volumes: Vec<(String, Rect)>,
    pub hidden_volumes: usize,
    /// The baseline of the images, layers and containers columns' titles.
    pub columns_label_y: f64,
    pub images_x: f64,
    pub layers_x: f64,
    pub containers_x: f64,
    pub images: Vec<(String, Rect)>,
    pub layers: Vec<(String, Rect)>,
    pub containers: Vec<(String, Rect)>,
}

impl HostLayout {
    /// Returns the rectangle of a chain process; in the basic view every
    /// process of the chain is the daemon.
    pub fn chain_rect(&self, node: ChainNode) -> Rect {
        let found = self.chain.iter().find(|(candidate, _)| *candidate == node).or_else(|| self.chain.first());
        found.map(|(_, rect)| *rect).unwrap_or_default()
    }

    pub fn image(&self, id: &str) -> Option<Rect> {
        find(&self.images, id)
    }

    pub fn layer(&self, diff_id: &str) -> Option<Rect> {
        find(&self.layers, diff_id)
    }

    #[cfg(test)]
    pub fn container(&self, id: &str) -> Option<Rect> {
        find(&self.containers, id)
    }

    /// Finds a container's card by a prefix of its ID, as shim nodes name
    /// containers by their short ID.
    pub fn container_by_prefix(&self, prefix: &str) -> Option<Rect> {
        if prefix.is_empty() {
            return None;
        }
        self.containers.iter().find(|(id, _)| id.starts_with(prefix)).map(|(_, rect)| *rect)
    }
}

/// The positions of a registry and its repositories.
#[derive(Clone, Debug, PartialEq)]
pub struct RegistryLayout {
    pub name: String,
    /// The host requests go to (`registry-1.docker.io`).
    pub host: String,
    pub node: Rect,
    pub repositories: Vec<(String, Rect)>,
}

/// Positions of everything drawn.
#[derive(Clone, Debug, PartialEq)]
pub struct Layout {
    pub width: f64,
    pub height: f64,
    pub detail: bool,
    pub client: Rect,
    pub client_host: String,
    pub hosts: Vec<HostLayout>,
    pub registries: Vec<RegistryLayout>,
}

impl Layout {
    /// Lays out `view` with the slots in `book`; `detail` draws the daemon
    /// as dockerd, containerd, the shim, runc and the kernel.
    pub fn of(view: &WorldView, book: &SlotBook, detail: bool) -> Self {
        let hosts: Vec<HostLayout> = ordered_hosts(view)
            .into_iter()
            .enumerate()
            .map(|(index, host)| {
                let x = MARGIN + CLIENT_WIDTH + HOST_GAP + index as f64 * (HOST_WIDTH + HOST_GAP);
                host_layout(host, view.build.as_ref().filter(|_| host.name == view.target_host), &book.host(&host.name), x, detail)
            })
            .collect();
        let registry_x = MARGIN + CLIENT_WIDTH + HOST_GAP + hosts.len().max(1) as f64 * (HOST_WIDTH + HOST_GAP);
        let registries = registry_layouts(&view.registries, book, registry_x);
        let width = registry_x + REGISTRY_WIDTH + MARGIN;
        let bottom = hosts
            .iter()
            .map(|host| host.region.bottom())
            .chain(registries.iter().flat_map(|registry| registry.repositories.iter().map(|(_, rect)| rect.bottom()).chain([registry.node.bottom()])))
            .fold(HOST_TOP + HOST_MIN_HEIGHT, f64::max);
        Self {
            width,
            height: bottom + MARGIN,
            detail,
            client: Rect::new(MARGIN, CHAIN_TOP, CLIENT_WIDTH, NODE_HEIGHT),
            client_host: view.client_host.clone(),
            hosts,
            registries,
        }
    }

    /// Returns the host region named `name`.
    pub fn host(&self, name: &str) -> Option<&HostLayout> {
        self.hosts.iter().find(|host| host.name == name)
    }

    /// Returns the rectangle a node is drawn as, or for a node the view
    /// does not draw on its own, the one that stands for it.
    pub fn node_rect(&self, node: &Node) -> Rect {
        let host_rect = |name: &str, chain: ChainNode| self.host(name).or(self.hosts.first()).map(|host| host.chain_rect(chain)).unwrap_or(self.client);
        match node {
            Node::Client { .. } => self.client,
            Node::Registry { host } => self.registry_for(host).map(|registry| registry.node).unwrap_or(self.client),
            Node::Daemon { host } => host_rect(host, ChainNode::Dockerd),
            Node::Containerd { host } => host_rect(host, ChainNode::Containerd),
            Node::Runc { host } => host_rect(host, ChainNode::Runc),
            Node::Kernel { host } => host_rect(host, ChainNode::Kernel),
            Node::Shim { host, container } => {
                let card = self.host(host).and_then(|layout| layout.container_by_prefix(container));
                match (self.detail, card) {
                    (false, Some(card)) => card,
                    _ => host_rect(host, ChainNode::Shim),
                }
            }
        }
    }

    /// Returns the registry a request to `host` goes to: the one with that
    /// host name, or the first registry for a token service such as
    /// `auth.docker.io`.
    pub fn registry_for(&self, host: &str) -> Option<&RegistryLayout> {
        self.registries.iter().find(|registry| registry.host == host || registry.name == host).or(self.registries.first())
    }

    /// Returns the points a token passes on its way from `from` to `to`:
    /// straight between the two nodes' edges, except that in the detailed
    /// view a request between the daemon and a registry goes above the
    /// chain.
    pub fn route(&self, from: &Node, to: &Node) -> Vec<(f64, f64)> {
        let (start, end) = (self.node_rect(from), self.node_rect(to));
        if start == end {
            return vec![start.centre()];
        }
        let registry_leg = matches!((from, to), (Node::Daemon { .. }, Node::Registry { .. }) | (Node::Registry { .. }, Node::Daemon { .. }));
        if self.detail && registry_leg {
            let (a, b) = (start.centre(), end.centre());
            return vec![(a.0, start.y), (a.0, ROUTE_Y), (b.0, ROUTE_Y), (b.0, end.y)];
        }
        vec![edge_point(&start, end.centre()), edge_point(&end, start.centre())]
    }
}

/// Returns the point where the line from `rect`'s centre towards `target`
/// leaves the rectangle.
fn edge_point(rect: &Rect, target: (f64, f64)) -> (f64, f64) {
    let (cx, cy) = rect.centre();
    let (dx, dy) = (target.0 - cx, target.1 - cy);
    if dx == 0.0 && dy == 0.0 {
        return (cx, cy);
    }
    let scale_x = if dx == 0.0 { f64::INFINITY } else { (rect.width / 2.0) / dx.abs() };
    let scale_y = if dy == 0.0 { f64::INFINITY } else { (rect.height / 2.0) / dy.abs() };
    let scale = scale_x.min(scale_y).min(1.0);
    (cx + dx * scale, cy + dy * scale)
}

/// Returns the hosts with the client's target first, then the others by name.
fn ordered_hosts(view: &WorldView) -> Vec<&HostView> {
    let mut hosts: Vec<&HostView> = view.hosts.iter().collect();
    hosts.sort_by_key(|host| (host.name != view.target_host, host.name.clone()));
    hosts
}

fn host_layout(host: &HostView, build: Option<&BuildView>, slots: &HostSlots, x: f64, detail: bool) -> HostLayout {
    let (stages, hidden_stages) = build.map(|build| stage_boxes(build, x)).unwrap_or_default();
    let (networks, hidden_networks) = chips(host.networks.iter().map(|network| network.id.as_str()), &slots.networks, x, NETWORK_TOP + 20.0);
    let (volumes, hidden_volumes) = chips(host.volumes.iter().map(|volume| volume.name.as_str()), &slots.volumes, x, NETWORK_TOP + 48.0);

    let images = placed(host.images.iter().map(|image| image.id.as_str()), &slots.images, |slot| {
        Rect::new(x + IMAGE_LEFT, ITEMS_TOP + slot as f64 * IMAGE_PITCH, IMAGE_WIDTH, IMAGE_HEIGHT)
    });
    let layers = placed(host.layers.iter().map(|layer| layer.diff_id.as_str()), &slots.layers, |slot| {
        let (row, column) = (slot / LAYERS_PER_ROW, slot % LAYERS_PER_ROW);
        Rect::new(x + LAYER_LEFT + column as f64 * (LAYER_WIDTH + LAYER_GAP), ITEMS_TOP + row as f64 * LAYER_PITCH, LAYER_WIDTH, LAYER_HEIGHT)
    });
    let containers = placed(host.containers.iter().map(|container| container.id.as_str()), &slots.containers, |slot| {
        let (row, column) = (slot / CONTAINERS_PER_ROW, slot % CONTAINERS_PER_ROW);
        Rect::new(x + CONTAINER_LEFT + column as f64 * (CONTAINER_WIDTH + CONTAINER_GAP), ITEMS_TOP + row as f64 * CONTAINER_PITCH, CONTAINER_WIDTH, CONTAINER_HEIGHT)
    });

    HostLayout {
        name: host.name.clone(),
        region: Rect::new(x, HOST_TOP, HOST_WIDTH, host_height(slots)),
        chain: chain(x, detail),
        build: Rect::new(x + 8.0, BUILD_TOP, HOST_WIDTH - 16.0, BUILD_HEIGHT),
        stages,
        hidden_stages,
        networks_band: Rect::new(x + 8.0, NETWORK_TOP, HOST_WIDTH - 16.0, 76.0),
        networks,
        hidden_networks,
        volumes,
        hidden_volumes,
        columns_label_y: COLUMNS_TOP + 14.0,
        images_x: x + IMAGE_LEFT,
        layers_x: x + LAYER_LEFT,
        containers_x: x + CONTAINER_LEFT,
        images,
        layers,
        containers,
    }
}

/// Returns the host region's height: room for every slot ever given out.
fn host_height(slots: &HostSlots) -> f64 {
    let rows = |capacity: usize, per_row: usize| capacity.div_ceil(per_row) as f64;
    let columns = [
        rows(slots.images.capacity(), 1) * IMAGE_PITCH,
        rows(slots.layers.capacity(), LAYERS_PER_ROW) * LAYER_PITCH,
        rows(slots.containers.capacity(), CONTAINERS_PER_ROW) * CONTAINER_PITCH,
    ];
    let tallest = columns.into_iter().fold(0.0, f64::max);
    (ITEMS_TOP - HOST_TOP + tallest + MARGIN).max(HOST_MIN_HEIGHT)
}

fn chain(x: f64, detail: bool) -> Vec<(ChainNode, Rect)> {
    if !detail {
        let rect = Rect::new(x + (HOST_WIDTH - DAEMON_WIDTH) / 2.0, CHAIN_TOP, DAEMON_WIDTH, NODE_HEIGHT);
        return vec![(ChainNode::Dockerd, rect)];
    }
    let total = ChainNode::ALL.len() as f64 * CHAIN_WIDTH + (ChainNode::ALL.len() - 1) as f64 * CHAIN_GAP;
    let left = x + (HOST_WIDTH - total) / 2.0;
    ChainNode::ALL
        .iter()
        .enumerate()
        .map(|(index, node)| (*node, Rect::new(left + index as f64 * (CHAIN_WIDTH + CHAIN_GAP), CHAIN_TOP, CHAIN_WIDTH, NODE_HEIGHT)))
        .collect()
}

/// Places the build's stages: one column per level, the stages of a level
/// stacked in it.
fn stage_boxes(build: &BuildView, x: f64) -> (Vec<StageBox>, usize) {
    let mut boxes = Vec::new();
    let mut hidden = 0;
    let mut per_level = [0usize; MAX_LEVELS];
    for (index, stage) in build.stages.iter().enumerate() {
        let row = per_level.get(stage.level).copied();
        match row {
            Some(row) if row < STAGES_PER_LEVEL => {
                per_level[stage.level] += 1;
                let rect = Rect::new(
                    x + 20.0 + stage.level as f64 * STAGE_COLUMN,
                    BUILD_TOP + 22.0 + row as f64 * STAGE_ROW,
                    STAGE_WIDTH,
                    STAGE_HEIGHT,
                );
                boxes.push(StageBox { index, rect });
            }
            _ => hidden += 1,
        }
    }
    (boxes, hidden)
}

/// Places network or volume chips in one row by slot; those whose slot
/// falls past the row are counted instead.
fn chips<'a>(ids: impl Iterator<Item = &'a str>, slots: &Slots, x: f64, y: f64) -> (Vec<(String, Rect)>, usize) {
    let mut placed = Vec::new();
    let mut hidden = 0;
    for id in ids {
        match slots.get(id) {
            Some(slot) if slot < CHIPS_PER_ROW => {
                let rect = Rect::new(x + CHIP_LEFT + slot as f64 * (CHIP_WIDTH + CHIP_GAP), y, CHIP_WIDTH, CHIP_HEIGHT);
                placed.push((id.to_string(), rect));
            }
            _ => hidden += 1,
        }
    }
    (placed, hidden)
}

/// Places every ID that has a slot. An ID without one is left out rather
/// than drawn on top of another object, though the session gives a slot to
/// everything its views contain.
fn placed<'a>(ids: impl Iterator<Item = &'a str>, slots: &Slots, rect: impl Fn(usize) -> Rect) -> Vec<(String, Rect)> {
    ids.filter_map(|id| slots.get(id).map(|slot| (id.to_string(), rect(slot)))).collect()
}

fn registry_layouts(registries: &[RegistryView], book: &SlotBook, x: f64) -> Vec<RegistryLayout> {
    let mut top = CHAIN_TOP;
    registries
        .iter()
        .map(|registry| {
            let node = Rect::new(x, top, REGISTRY_WIDTH, NODE_HEIGHT);
            let slots = book.registries.get(&registry.name).cloned().unwrap_or_default();
            let repositories = placed(registry.repositories.iter().map(|repository| repository.name.as_str()), &slots, |slot| {
                Rect::new(x, node.bottom() + 12.0 + slot as f64 * REPOSITORY_PITCH, REGISTRY_WIDTH, REPOSITORY_HEIGHT)
            });
            top = node.bottom() + 12.0 + slots.capacity() as f64 * REPOSITORY_PITCH + REGISTRY_GAP;
            RegistryLayout { name: registry.name.clone(), host: registry.host.clone(), node, repositories }
        })
        .collect()
}

fn find(items: &[(String, Rect)], id: &str) -> Option<Rect> {
    items.iter().find(|(candidate, _)| candidate == id).map(|(_, rect)| *rect)
}

#[cfg(test)]
mod tests {
    use super::*;
    use engine::view::{ContainerView, ImageView, LayerView, StageView};

    fn image(id: &str) -> ImageView {
        ImageView { id: id.into(), tags: vec![format!("{id}:latest")], layers: Vec::new(), size: 0, created: 0 }
    }

    fn container(id: &str) -> ContainerView {
        ContainerView {
            id: id.into(),
            name: id.into(),
            image: "alpine".into(),
            image_id: String::new(),
            state: "running".into(),
            status: "Up".into(),
            command: String::new(),
            ports: Vec::new(),
            oom_killed: false,
            exit_code: 0,
            namespaces: Vec::new(),
            processes: Vec::new(),
            cgroup: None,
            mounts: Vec::new(),
            networks: Vec::new(),
            ip_address: String::new(),
            hostname: String::new(),
        }
    }

    fn view(images: usize, containers: usize) -> WorldView {
        WorldView {
            client_host: "laptop".into(),
            target_host: "laptop".into(),
            hosts: vec![HostView {
                name: "laptop".into(),
                images: (0..images).map(|index| image(&format!("i{index}"))).collect(),
                layers: (0..images).map(|index| LayerView { diff_id: format!("l{index}"), size: 1, created_by: String::new(), simulated: true }).collect(),
                containers: (0..containers).map(|index| container(&format!("c{index}"))).collect(),
                ..HostView::default()
            }],
            registries: vec![RegistryView { name: "docker.io".into(), host: "registry-1.docker.io".into(), ..RegistryView::default() }],
            ..WorldView::default()
        }
    }

    /// Lays out a sequence of views the way a session receives them, one
    /// command after another, and returns every layout.
    fn layouts(views: &[WorldView], detail: bool) -> Vec<Layout> {
        let mut book = SlotBook::default();
        let mut previous = WorldView::default();
        views
            .iter()
            .map(|view| {
                book.update(&previous, view);
                previous = view.clone();
                Layout::of(view, &book, detail)
            })
            .collect()
    }

    #[test]
    fn adding_container_keeps_earlier_positions() {
        let all = layouts(&[view(2, 3), view(2, 4)], false);
        let (before, after) = (&all[0].hosts[0], &all[1].hosts[0]);
        for (id, rect) in &before.containers {
            assert_eq!(after.container(id), Some(*rect), "container {id} moved");
        }
        assert_eq!(before.images, after.images);
        assert_eq!(all[0].registries, all[1].registries);
        assert_eq!(after.containers.len(), 4);
    }

    #[test]
    fn adding_image_moves_no_container() {
        let all = layouts(&[view(1, 2), view(9, 2)], false);
        assert_eq!(all[0].hosts[0].containers, all[1].hosts[0].containers);
        assert_eq!(all[0].hosts[0].chain, all[1].hosts[0].chain);
    }

    #[test]
    fn removed_container_leaves_others_in_place() {
        let mut smaller = view(0, 3);
        smaller.hosts[0].containers.remove(1);
        let all = layouts(&[view(0, 3), smaller], false);
        assert_eq!(all[1].hosts[0].container("c2"), all[0].hosts[0].container("c2"));
        assert_eq!(all[1].hosts[0].region, all[0].hosts[0].region, "the host does not shrink");
    }

    #[test]
    fn fifty_containers_stay_inside_host_without_overlap() {
        let layout = &layouts(&[view(20, 50)], false)[0];
        let host = &layout.hosts[0];
        let cards: Vec<&Rect> = host.containers.iter().chain(&host.images).chain(&host.layers).map(|(_, rect)| rect).collect();
        for (index, rect) in cards.iter().enumerate() {
            assert!(host.region.contains(rect), "{rect:?} leaves the host");
            for other in &cards[index + 1..] {
                let apart = rect.right() <= other.x || other.right() <= rect.x || rect.bottom() <= other.y || other.bottom() <= rect.y;
                assert!(apart, "{rect:?} overlaps {other:?}");
            }
        }
        assert!(layout.height >= host.region.bottom());
    }

    #[test]
    fn detail_expands_daemon_into_chain() {
        let basic = &layouts(&[view(0, 0)], false)[0];
        let detailed = &layouts(&[view(0, 0)], true)[0];
        assert_eq!(basic.hosts[0].chain.len(), 1);
        let titles: Vec<&str> = detailed.hosts[0].chain.iter().map(|(node, _)| node.title()).collect();
        assert_eq!(titles, ["dockerd", "containerd", "containerd-shim", "runc", "kernel"]);
        for (_, rect) in &detailed.hosts[0].chain {
            assert!(detailed.hosts[0].region.contains(rect));
        }
    }

    #[test]
    fn chain_nodes_collapse_to_daemon_in_basic_view() {
        let layout = &layouts(&[view(0, 1)], false)[0];
        let daemon = layout.node_rect(&Node::Daemon { host: "laptop".into() });
        assert_eq!(layout.node_rect(&Node::Runc { host: "laptop".into() }), daemon);
        assert_eq!(layout.node_rect(&Node::Kernel { host: "laptop".into() }), daemon);
        let shim = layout.node_rect(&Node::Shim { host: "laptop".into(), container: "c0".into() });
        assert_eq!(Some(shim), layout.hosts[0].container("c0"), "a shim is drawn at its container");
    }

    #[test]
    fn routes_leave_node_edges() {
        let layout = &layouts(&[view(0, 0)], false)[0];
        let route = layout.route(&Node::Client { host: "laptop".into() }, &Node::Daemon { host: "laptop".into() });
        assert_eq!(route.len(), 2);
        assert_eq!(route[0].0, layout.client.right());
        let same = layout.route(&Node::Daemon { host: "laptop".into() }, &Node::Runc { host: "laptop".into() });
        assert_eq!(same.len(), 1, "a message inside the collapsed daemon stays in place");
    }

    #[test]
    fn detailed_registry_route_passes_above_chain() {
        let layout = &layouts(&[view(0, 0)], true)[0];
        let route = layout.route(&Node::Daemon { host: "laptop".into() }, &Node::Registry { host: "auth.docker.io".into() });
        assert_eq!(route.len(), 4);
        assert!(route.iter().all(|point| point.1 <= CHAIN_TOP));
    }

    #[test]
    fn second_host_sits_beside_first() {
        let mut two = view(0, 0);
        two.hosts.push(HostView { name: "server".into(), ..HostView::default() });
        let layout = &layouts(&[two], false)[0];
        assert_eq!(layout.hosts.len(), 2);
        assert!(layout.hosts[0].region.right() <= layout.hosts[1].region.x);
        assert!(layout.hosts[1].region.right() <= layout.registries[0].node.x);
        assert!(layout.width > 1000.0);
    }

    #[test]
    fn single_host_fits_width() {
        let layout = &layouts(&[view(0, 0)], false)[0];
        assert_eq!(layout.width, 1000.0, "client, one host and registries fill 1000 units");
    }

    #[test]
    fn stages_stack_by_level_and_count_overflow() {
        let stage = |level: usize| StageView { name: format!("s{level}"), base: "alpine".into(), level, built: true };
        let build = BuildView { stages: vec![stage(0), stage(0), stage(0), stage(0), stage(1), stage(7)], edges: vec![(0, 4)] };
        let (boxes, hidden) = stage_boxes(&build, 0.0);
        assert_eq!(boxes.len(), 4);
        assert_eq!(hidden, 2);
        assert!(boxes[4 - 1].rect.x > boxes[0].rect.x);
    }

    #[test]
    fn edge_point_stays_on_border() {
        let rect = Rect::new(0.0, 0.0, 100.0, 50.0);
        assert_eq!(edge_point(&rect, (200.0, 25.0)), (100.0, 25.0));
        assert_eq!(edge_point(&rect, (50.0, 200.0)), (50.0, 50.0));
        assert_eq!(edge_point(&rect, (50.0, 25.0)), (50.0, 25.0));
    }
}
