//! The object selected in the graph, for the inspector.

use engine::events::Node;

/// A selected object. Objects are named by ID so that a selection survives
/// time travel, and the inspector reports when the object does not exist
/// at the point of the timeline being shown.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Selection {
    /// The client, a daemon process or a registry node.
    Node(Node),
    Image {
        host: String,
        id: String,
    },
    Layer {
        host: String,
        diff_id: String,
    },
    Container {
        host: String,
        id: String,
    },
    Network {
        host: String,
        id: String,
    },
    Volume {
        host: String,
        name: String,
    },
    /// A registry, by the name references use (`docker.io`).
    Registry(String),
    /// A stage of the last build, by index.
    Stage(usize),
    /// Event `index` of timeline entry `entry`.
    Event {
        entry: usize,
        index: usize,
    },
}
