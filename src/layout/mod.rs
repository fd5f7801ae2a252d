//! Where each node of the graph goes.
//!
//! The drawing is a fixed-width canvas: the client on the left, one region
//! per host in the middle (side by side, the client's own host first), the
//! registries on the right. Inside a host, fixed bands contain the daemon
//! chain, the build's stage graph, and the networks and volumes. Below
//! them, three columns (images, layers, containers) grow downwards. Each
//! object sits in its [`crate::slots`] slot, and a column is as tall as the
//! highest slot ever given out, so adding an object moves nothing else.
//!
//! A host that has never held anything is drawn compact, as its daemon
//! alone, and grows to the full region once (slots are never given back,
//! so it does not shrink again). A registry served by a container sits in
//! the region of the host that runs it, at the right of the daemon's row.
//!
//! The layout is a pure function of the view, the slots and the detail
//! switch, so it runs natively in tests.

mod host;

use engine::events::Node;
use engine::view::{HostView, RegistryView, WorldView};

use host::{compact_layout, host_layout, is_compact};
pub use host::{ChainNode, HostLayout};

use crate::slots::{SlotBook, Slots};
use shared_sort::SharedSort;

const MARGIN: f64 = 16.0;
const CLIENT_WIDTH: f64 = 120.0;
const REGISTRY_WIDTH: f64 = 128.0;
const HOST_WIDTH: f64 = 688.0;
const HOST_GAP: f64 = 16.0;
const HOST_TOP: f64 = 24.0;
/// Smallest height of a host region, so an empty host still reads as a machine.
const HOST_MIN_HEIGHT: f64 = 560.0;
/// Smallest height of the drawing, for the registries beside compact hosts.
const COMPACT_MIN_HEIGHT: f64 = 240.0;
/// Repositories a registry inside a host region draws, in the room beside
/// the build's stages; the others are left out.
const HOSTED_REPOSITORIES: usize = 3;

const CHAIN_TOP: f64 = 48.0;
const NODE_HEIGHT: f64 = 56.0;
/// Height of the path above the chain that a registry request takes in
/// the detailed view, so it does not cross containerd, the shim and runc.
const ROUTE_Y: f64 = 12.0;

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
        Self {
            x,
            y,
            width,
            height,
        }
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
        other.x >= self.x
            && other.y >= self.y
            && other.right() <= self.right()
            && other.bottom() <= self.bottom()
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
        let mut x = MARGIN + CLIENT_WIDTH + HOST_GAP;
        let hosts: Vec<HostLayout> = ordered_hosts(view)
            .into_iter()
            .map(|host| {
                let build = view
                    .build
                    .as_ref()
                    .filter(|_| host.name == view.target_host);
                let slots = book.host(&host.name);
                let layout = if is_compact(host, build, &slots) {
                    compact_layout(host, x, detail)
                } else {
                    host_layout(host, build, &slots, x, detail)
                };
                x = layout.region.right() + HOST_GAP;
                layout
            })
            .collect();
        let registry_x = x;
        let registries = registry_layouts(&view.registries, &hosts, book, registry_x);
        let width = registry_x + REGISTRY_WIDTH + MARGIN;
        let bottom = hosts
            .iter()
            .map(|host| host.region.bottom())
            .chain(registries.iter().flat_map(|registry| {
                registry
                    .repositories
                    .iter()
                    .map(|(_, rect)| rect.bottom())
                    .chain([registry.node.bottom()])
            }))
            .fold(HOST_TOP + COMPACT_MIN_HEIGHT, f64::max);
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
        let host_rect = |name: &str, chain: ChainNode| {
            self.host(name)
                .or(self.hosts.first())
                .map(|host| host.chain_rect(chain))
                .unwrap_or(self.client)
        };
        match node {
            Node::Client { .. } => self.client,
            Node::Registry { host } => self
                .registry_for(host)
                .map(|registry| registry.node)
                .unwrap_or(self.client),
            Node::Daemon { host } => host_rect(host, ChainNode::Dockerd),
            Node::Containerd { host } => host_rect(host, ChainNode::Containerd),
            Node::Runc { host } => host_rect(host, ChainNode::Runc),
            Node::Kernel { host } => host_rect(host, ChainNode::Kernel),
            Node::Shim { host, container } => {
                let card = self
                    .host(host)
                    .and_then(|layout| layout.container_by_prefix(container));
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
        self.registries
            .iter()
            .find(|registry| registry.host == host || registry.name == host)
            .or(self.registries.first())
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
        let registry_leg = matches!(
            (from, to),
            (Node::Daemon { .. }, Node::Registry { .. })
                | (Node::Registry { .. }, Node::Daemon { .. })
        );
        if self.detail && registry_leg {
            let (a, b) = (start.centre(), end.centre());
            return vec![(a.0, start.y), (a.0, ROUTE_Y), (b.0, ROUTE_Y), (b.0, end.y)];
        }
        vec![
            edge_point(&start, end.centre()),
            edge_point(&end, start.centre()),
        ]
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
    let scale_x = if dx == 0.0 {
        f64::INFINITY
    } else {
        (rect.width / 2.0) / dx.abs()
    };
    let scale_y = if dy == 0.0 {
        f64::INFINITY
    } else {
        (rect.height / 2.0) / dy.abs()
    };
    let scale = scale_x.min(scale_y).min(1.0);
    (cx + dx * scale, cy + dy * scale)
}

/// Returns the hosts in a fixed order, whatever host the client targets:
/// the client's own host first (the laptop, on the left), then the others
/// by name.
fn ordered_hosts(view: &WorldView) -> Vec<&HostView> {
    let mut hosts: Vec<&HostView> = view.hosts.iter().collect();
    hosts.shared_sort_by_key(|host| (host.name != view.client_host, host.name.clone()));
    hosts
}

/// Places every ID that has a slot. An ID without one is left out rather
/// than drawn on top of another object, though the session gives a slot to
/// everything its views contain.
fn placed<'a>(
    ids: impl Iterator<Item = &'a str>,
    slots: &Slots,
    rect: impl Fn(usize) -> Rect,
) -> Vec<(String, Rect)> {
    ids.filter_map(|id| slots.get(id).map(|slot| (id.to_string(), rect(slot))))
        .collect()
}

/// Places the registries. One served by a container goes inside the
/// region of the host that runs it, at the right of the daemon's row, with
/// its repositories below. The others (Docker Hub) go in the column at `x`.
fn registry_layouts(
    registries: &[RegistryView],
    hosts: &[HostLayout],
    book: &SlotBook,
    x: f64,
) -> Vec<RegistryLayout> {
    let mut top = CHAIN_TOP;
    registries
        .iter()
        .map(|registry| {
            let slots = book
                .registries
                .get(&registry.name)
                .cloned()
                .unwrap_or_default();
            let names = || {
                registry
                    .repositories
                    .iter()
                    .map(|repository| repository.name.as_str())
            };
            let region = registry
                .machine
                .as_deref()
                .and_then(|machine| {
                    hosts
                        .iter()
                        .find(|host| host.name == machine && !host.compact)
                })
                .map(|host| host.region);
            let (node, repositories) = match region {
                Some(region) => {
                    let node = Rect::new(
                        region.right() - REGISTRY_WIDTH - 12.0,
                        CHAIN_TOP,
                        REGISTRY_WIDTH,
                        NODE_HEIGHT,
                    );
                    let repositories = placed(names(), &slots, |slot| repository_rect(&node, slot))
                        .into_iter()
                        .filter(|(name, _)| {
                            slots
                                .get(name)
                                .is_some_and(|slot| slot < HOSTED_REPOSITORIES)
                        })
                        .collect();
                    (node, repositories)
                }
                None => {
                    let node = Rect::new(x, top, REGISTRY_WIDTH, NODE_HEIGHT);
                    top = node.bottom()
                        + 12.0
                        + slots.capacity() as f64 * REPOSITORY_PITCH
                        + REGISTRY_GAP;
                    (
                        node,
                        placed(names(), &slots, |slot| repository_rect(&node, slot)),
                    )
                }
            };
            RegistryLayout {
                name: registry.name.clone(),
                host: registry.host.clone(),
                node,
                repositories,
            }
        })
        .collect()
}

/// Returns the rectangle of the repository in `slot` under a registry node.
fn repository_rect(node: &Rect, slot: usize) -> Rect {
    Rect::new(
        node.x,
        node.bottom() + 12.0 + slot as f64 * REPOSITORY_PITCH,
        REGISTRY_WIDTH,
        REPOSITORY_HEIGHT,
    )
}

fn find(items: &[(String, Rect)], id: &str) -> Option<Rect> {
    items
        .iter()
        .find(|(candidate, _)| candidate == id)
        .map(|(_, rect)| *rect)
}

#[cfg(test)]
mod tests {
    use super::*;
    use engine::view::{ContainerView, ImageView, LayerView};

    fn image(id: &str) -> ImageView {
        ImageView {
            id: id.into(),
            tags: vec![format!("{id}:latest")],
            layers: Vec::new(),
            size: 0,
            created: 0,
        }
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
                images: (0..images)
                    .map(|index| image(&format!("i{index}")))
                    .collect(),
                layers: (0..images)
                    .map(|index| LayerView {
                        diff_id: format!("l{index}"),
                        size: 1,
                        created_by: String::new(),
                        simulated: true,
                    })
                    .collect(),
                containers: (0..containers)
                    .map(|index| container(&format!("c{index}")))
                    .collect(),
                ..HostView::default()
            }],
            registries: vec![RegistryView {
                name: "docker.io".into(),
                host: "registry-1.docker.io".into(),
                ..RegistryView::default()
            }],
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
        assert_eq!(
            all[1].hosts[0].container("c2"),
            all[0].hosts[0].container("c2")
        );
        assert_eq!(
            all[1].hosts[0].region, all[0].hosts[0].region,
            "the host does not shrink"
        );
    }

    #[test]
    fn fifty_containers_stay_inside_host_without_overlap() {
        let layout = &layouts(&[view(20, 50)], false)[0];
        let host = &layout.hosts[0];
        let cards: Vec<&Rect> = host
            .containers
            .iter()
            .chain(&host.images)
            .chain(&host.layers)
            .map(|(_, rect)| rect)
            .collect();
        for (index, rect) in cards.iter().enumerate() {
            assert!(host.region.contains(rect), "{rect:?} leaves the host");
            for other in &cards[index + 1..] {
                let apart = rect.right() <= other.x
                    || other.right() <= rect.x
                    || rect.bottom() <= other.y
                    || other.bottom() <= rect.y;
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
        let titles: Vec<&str> = detailed.hosts[0]
            .chain
            .iter()
            .map(|(node, _)| node.title())
            .collect();
        assert_eq!(
            titles,
            ["dockerd", "containerd", "containerd-shim", "runc", "kernel"]
        );
        for (_, rect) in &detailed.hosts[0].chain {
            assert!(detailed.hosts[0].region.contains(rect));
        }
    }

    #[test]
    fn chain_nodes_collapse_to_daemon_in_basic_view() {
        let layout = &layouts(&[view(0, 1)], false)[0];
        let daemon = layout.node_rect(&Node::Daemon {
            host: "laptop".into(),
        });
        assert_eq!(
            layout.node_rect(&Node::Runc {
                host: "laptop".into()
            }),
            daemon
        );
        assert_eq!(
            layout.node_rect(&Node::Kernel {
                host: "laptop".into()
            }),
            daemon
        );
        let shim = layout.node_rect(&Node::Shim {
            host: "laptop".into(),
            container: "c0".into(),
        });
        assert_eq!(
            Some(shim),
            layout.hosts[0].container("c0"),
            "a shim is drawn at its container"
        );
    }

    #[test]
    fn routes_leave_node_edges() {
        let layout = &layouts(&[view(0, 0)], false)[0];
        let route = layout.route(
            &Node::Client {
                host: "laptop".into(),
            },
            &Node::Daemon {
                host: "laptop".into(),
            },
        );
        assert_eq!(route.len(), 2);
        assert_eq!(route[0].0, layout.client.right());
        let same = layout.route(
            &Node::Daemon {
                host: "laptop".into(),
            },
            &Node::Runc {
                host: "laptop".into(),
            },
        );
        assert_eq!(
            same.len(),
            1,
            "a message inside the collapsed daemon stays in place"
        );
    }

    #[test]
    fn detailed_registry_route_passes_above_chain() {
        let layout = &layouts(&[view(0, 0)], true)[0];
        let route = layout.route(
            &Node::Daemon {
                host: "laptop".into(),
            },
            &Node::Registry {
                host: "auth.docker.io".into(),
            },
        );
        assert_eq!(route.len(), 4);
        assert!(route.iter().all(|point| point.1 <= CHAIN_TOP));
    }

    fn two_hosts(target: &str) -> WorldView {
        let mut two = view(1, 0);
        two.target_host = target.into();
        two.hosts.push(HostView {
            name: "server".into(),
            containers: vec![container("registry")],
            ..HostView::default()
        });
        two.registries.push(RegistryView {
            name: "server:5000".into(),
            host: "server:5000".into(),
            machine: Some("server".into()),
            ..RegistryView::default()
        });
        two
    }

    #[test]
    fn second_host_sits_beside_first() {
        let layout = &layouts(&[two_hosts("laptop")], false)[0];
        assert_eq!(layout.hosts.len(), 2);
        assert!(layout.hosts[0].region.right() <= layout.hosts[1].region.x);
        assert!(layout.hosts[1].region.right() <= layout.registries[0].node.x);
        assert!(layout.width > 1000.0);
    }

    #[test]
    fn hosts_keep_their_order_whatever_the_target() {
        for target in ["laptop", "server"] {
            let layout = &layouts(&[two_hosts(target)], false)[0];
            let names: Vec<&str> = layout.hosts.iter().map(|host| host.name.as_str()).collect();
            assert_eq!(names, ["laptop", "server"], "target {target}");
        }
    }

    #[test]
    fn registry_container_sits_inside_its_host() {
        let mut world = two_hosts("server");
        world.registries[1].repositories = (0..5)
            .map(|index| engine::view::RepositoryView {
                name: format!("app{index}"),
                tags: vec!["1".into()],
            })
            .collect();
        let layout = &layouts(&[world], false)[0];
        let server = layout.host("server").unwrap();
        let private = &layout.registries[1];
        assert!(
            server.region.contains(&private.node),
            "{:?} leaves {:?}",
            private.node,
            server.region
        );
        assert_eq!(
            private.repositories.len(),
            HOSTED_REPOSITORIES,
            "the others are left out"
        );
        // The build draws at most four levels of stages from the left.
        let stages_end = server.region.x + 20.0 + 3.0 * 120.0 + 96.0;
        for (name, rect) in &private.repositories {
            assert!(server.region.contains(rect), "{name} leaves the server");
            assert!(
                rect.bottom() <= server.networks_band.y,
                "{name} covers the networks"
            );
            assert!(rect.x >= stages_end, "{name} covers the build's stages");
        }
        let hub = &layout.registries[0];
        assert!(
            layout
                .hosts
                .iter()
                .all(|host| !host.region.contains(&hub.node)),
            "Docker Hub stays outside"
        );
    }

    #[test]
    fn empty_host_is_compact_until_it_holds_something() {
        let all = layouts(&[view(0, 0), view(1, 0)], false);
        let (empty, used) = (&all[0], &all[1]);
        assert!(empty.hosts[0].compact);
        assert!(empty.hosts[0].images.is_empty());
        assert!(empty.hosts[0].networks.is_empty());
        assert!(
            empty.hosts[0].region.contains(&empty.hosts[0].chain[0].1),
            "the daemon stays inside"
        );
        assert!(
            empty.width < 600.0,
            "an empty world draws small, got {}",
            empty.width
        );
        assert!(!used.hosts[0].compact);
        assert_eq!(
            used.width, 1000.0,
            "client, one host and registries fill 1000 units"
        );
        let emptied = layouts(&[view(1, 0), view(0, 0)], false);
        assert!(!emptied[1].hosts[0].compact, "a host that grew stays grown");
    }

    #[test]
    fn edge_point_stays_on_border() {
        let rect = Rect::new(0.0, 0.0, 100.0, 50.0);
        assert_eq!(edge_point(&rect, (200.0, 25.0)), (100.0, 25.0));
        assert_eq!(edge_point(&rect, (50.0, 200.0)), (50.0, 50.0));
        assert_eq!(edge_point(&rect, (50.0, 25.0)), (50.0, 25.0));
    }
}
