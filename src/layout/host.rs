//! The placement of one host region's parts: its daemon chain, the build
//! band, the networks and volumes band, and the images, layers and
//! containers columns.

use engine::events::Node;
use engine::view::{BuildView, HostView};

use super::{
    find, placed, Rect, CHAIN_TOP, HOST_MIN_HEIGHT, HOST_TOP, HOST_WIDTH, MARGIN, NODE_HEIGHT,
};
use crate::slots::{HostSlots, Slots};

const DAEMON_WIDTH: f64 = 140.0;
/// Width of a host region drawn as its daemon alone.
const COMPACT_WIDTH: f64 = 240.0;
/// Height of a compact host region: its name, the daemon, and a line each
/// for its faults and a fault message.
const COMPACT_HEIGHT: f64 = 132.0;
const CHAIN_WIDTH: f64 = 120.0;
const CHAIN_GAP: f64 = 12.0;

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
    pub const ALL: [ChainNode; 5] = [
        ChainNode::Dockerd,
        ChainNode::Containerd,
        ChainNode::Shim,
        ChainNode::Runc,
        ChainNode::Kernel,
    ];

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

    /// Returns the catalogue key of what the node does, in a few words.
    pub fn role_key(self) -> &'static str {
        match self {
            ChainNode::Dockerd => "graph.role.dockerd",
            ChainNode::Containerd => "graph.role.containerd",
            ChainNode::Shim => "graph.role.shim",
            ChainNode::Runc => "graph.role.runc",
            ChainNode::Kernel => "graph.role.kernel",
        }
    }

    /// Returns the engine's node for this process on `host`. The shim node
    /// of the chain stands for every container's shim.
    pub fn node(self, host: &str) -> Node {
        let host = host.to_string();
        match self {
            ChainNode::Dockerd => Node::Daemon { host },
            ChainNode::Containerd => Node::Containerd { host },
            ChainNode::Shim => Node::Shim {
                host,
                container: String::new(),
            },
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
    /// Whether the region shows only the daemon: the host has never held
    /// an image, a layer, a container or a volume, nor runs the build.
    pub compact: bool,
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
        let found = self
            .chain
            .iter()
            .find(|(candidate, _)| *candidate == node)
            .or_else(|| self.chain.first());
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
        self.containers
            .iter()
            .find(|(id, _)| id.starts_with(prefix))
            .map(|(_, rect)| *rect)
    }
}

/// Returns whether `host` can be drawn as its daemon alone: nothing has
/// ever taken a slot in its columns or its volumes row, it has no network
/// of its own and it does not run the build. Slots are never given back, so
/// a host that grows stays grown.
pub(super) fn is_compact(host: &HostView, build: Option<&BuildView>, slots: &HostSlots) -> bool {
    const DEFAULT_NETWORKS: [&str; 3] = ["bridge", "host", "none"];
    let used = [
        &slots.images,
        &slots.layers,
        &slots.containers,
        &slots.volumes,
    ];
    build.is_none()
        && used.iter().all(|slots| slots.capacity() == 0)
        && host
            .networks
            .iter()
            .all(|network| DEFAULT_NETWORKS.contains(&network.name.as_str()))
}

/// Lays out a host that shows only its daemon (or its chain), with room
/// for its name and a fault message.
pub(super) fn compact_layout(host: &HostView, x: f64, detail: bool) -> HostLayout {
    let width = if detail { HOST_WIDTH } else { COMPACT_WIDTH };
    let region = Rect::new(x, HOST_TOP, width, COMPACT_HEIGHT);
    let mut chain = chain(x, detail);
    if !detail {
        chain[0].1.x = x + (width - DAEMON_WIDTH) / 2.0;
    }
    HostLayout {
        name: host.name.clone(),
        region,
        compact: true,
        chain,
        build: Rect::default(),
        stages: Vec::new(),
        hidden_stages: 0,
        networks_band: Rect::default(),
        networks: Vec::new(),
        hidden_networks: 0,
        volumes: Vec::new(),
        hidden_volumes: 0,
        columns_label_y: 0.0,
        images_x: x,
        layers_x: x,
        containers_x: x,
        images: Vec::new(),
        layers: Vec::new(),
        containers: Vec::new(),
    }
}

pub(super) fn host_layout(
    host: &HostView,
    build: Option<&BuildView>,
    slots: &HostSlots,
    x: f64,
    detail: bool,
) -> HostLayout {
    let (stages, hidden_stages) = build.map(|build| stage_boxes(build, x)).unwrap_or_default();
    let (networks, hidden_networks) = chips(
        host.networks.iter().map(|network| network.id.as_str()),
        &slots.networks,
        x,
        NETWORK_TOP + 20.0,
    );
    let (volumes, hidden_volumes) = chips(
        host.volumes.iter().map(|volume| volume.name.as_str()),
        &slots.volumes,
        x,
        NETWORK_TOP + 48.0,
    );

    let images = placed(
        host.images.iter().map(|image| image.id.as_str()),
        &slots.images,
        |slot| {
            Rect::new(
                x + IMAGE_LEFT,
                ITEMS_TOP + slot as f64 * IMAGE_PITCH,
                IMAGE_WIDTH,
                IMAGE_HEIGHT,
            )
        },
    );
    let layers = placed(
        host.layers.iter().map(|layer| layer.diff_id.as_str()),
        &slots.layers,
        |slot| {
            let (row, column) = (slot / LAYERS_PER_ROW, slot % LAYERS_PER_ROW);
            Rect::new(
                x + LAYER_LEFT + column as f64 * (LAYER_WIDTH + LAYER_GAP),
                ITEMS_TOP + row as f64 * LAYER_PITCH,
                LAYER_WIDTH,
                LAYER_HEIGHT,
            )
        },
    );
    let containers = placed(
        host.containers
            .iter()
            .map(|container| container.id.as_str()),
        &slots.containers,
        |slot| {
            let (row, column) = (slot / CONTAINERS_PER_ROW, slot % CONTAINERS_PER_ROW);
            Rect::new(
                x + CONTAINER_LEFT + column as f64 * (CONTAINER_WIDTH + CONTAINER_GAP),
                ITEMS_TOP + row as f64 * CONTAINER_PITCH,
                CONTAINER_WIDTH,
                CONTAINER_HEIGHT,
            )
        },
    );

    HostLayout {
        name: host.name.clone(),
        region: Rect::new(x, HOST_TOP, HOST_WIDTH, host_height(slots)),
        compact: false,
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
        let rect = Rect::new(
            x + (HOST_WIDTH - DAEMON_WIDTH) / 2.0,
            CHAIN_TOP,
            DAEMON_WIDTH,
            NODE_HEIGHT,
        );
        return vec![(ChainNode::Dockerd, rect)];
    }
    let total =
        ChainNode::ALL.len() as f64 * CHAIN_WIDTH + (ChainNode::ALL.len() - 1) as f64 * CHAIN_GAP;
    let left = x + (HOST_WIDTH - total) / 2.0;
    ChainNode::ALL
        .iter()
        .enumerate()
        .map(|(index, node)| {
            (
                *node,
                Rect::new(
                    left + index as f64 * (CHAIN_WIDTH + CHAIN_GAP),
                    CHAIN_TOP,
                    CHAIN_WIDTH,
                    NODE_HEIGHT,
                ),
            )
        })
        .collect()
}

/// Places the build's stages: one column per level, the stages of a level
/// stacked in it.
pub(super) fn stage_boxes(build: &BuildView, x: f64) -> (Vec<StageBox>, usize) {
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
fn chips<'a>(
    ids: impl Iterator<Item = &'a str>,
    slots: &Slots,
    x: f64,
    y: f64,
) -> (Vec<(String, Rect)>, usize) {
    let mut placed = Vec::new();
    let mut hidden = 0;
    for id in ids {
        match slots.get(id) {
            Some(slot) if slot < CHIPS_PER_ROW => {
                let rect = Rect::new(
                    x + CHIP_LEFT + slot as f64 * (CHIP_WIDTH + CHIP_GAP),
                    y,
                    CHIP_WIDTH,
                    CHIP_HEIGHT,
                );
                placed.push((id.to_string(), rect));
            }
            _ => hidden += 1,
        }
    }
    (placed, hidden)
}

#[cfg(test)]
mod tests {
    use super::*;
    use engine::view::StageView;

    #[test]
    fn stages_stack_by_level_and_count_overflow() {
        let stage = |level: usize| StageView {
            name: format!("s{level}"),
            base: "alpine".into(),
            level,
            built: true,
        };
        let build = BuildView {
            stages: vec![stage(0), stage(0), stage(0), stage(0), stage(1), stage(7)],
            edges: vec![(0, 4)],
        };
        let (boxes, hidden) = stage_boxes(&build, 0.0);
        assert_eq!(boxes.len(), 4);
        assert_eq!(hidden, 2);
        assert!(boxes[4 - 1].rect.x > boxes[0].rect.x);
    }
}
