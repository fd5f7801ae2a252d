//! Goals as JSON, the form lesson files carry: an object tagged by `goal`
//! (`image`, `container`, `no_container`, `request`) with the goal's
//! fields, absent ones left out. Reading rejects unknown fields and kinds.

use super::{ContainerGoal, Goal, NodeKind, RequestGoal};
use crate::json::{Fields, FromJson, Json};

const CONTAINER_FIELDS: [&str; 11] = [
    "name",
    "image",
    "running",
    "oom_killed",
    "publishes",
    "memory_at_most",
    "cpus_at_most",
    "bind",
    "file",
    "missing",
    "changed",
];

impl Goal {
    /// Returns the goal as JSON, fields in declaration order.
    pub fn to_json(&self) -> Json {
        match self {
            Goal::Image { tag, layers } => tagged(
                "image",
                vec![
                    ("tag", Some(Json::from(tag.as_str()))),
                    ("layers", layers.map(usize_json)),
                ],
            ),
            Goal::Container(goal) => tagged("container", goal.fields()),
            Goal::NoContainer { name } => tagged(
                "no_container",
                vec![("name", Some(Json::from(name.as_str())))],
            ),
            Goal::Request(goal) => tagged("request", goal.fields()),
        }
    }
}

impl FromJson for Goal {
    fn from_json(value: &Json) -> Result<Goal, String> {
        let kind = Fields::loose(value)?.string("goal")?;
        match kind.as_str() {
            "image" => {
                let fields = Fields::strict(value, &["goal", "tag", "layers"])?;
                let layers = |value: &Json| usize::try_from(value.as_i64()?).ok();
                Ok(Goal::Image {
                    tag: fields.string("tag")?,
                    layers: fields.optional("layers", layers)?,
                })
            }
            "container" => ContainerGoal::from_json(value).map(Goal::Container),
            "no_container" => {
                let fields = Fields::strict(value, &["goal", "name"])?;
                Ok(Goal::NoContainer {
                    name: fields.string("name")?,
                })
            }
            "request" => RequestGoal::from_json(value).map(Goal::Request),
            _ => Err(format!("unknown goal `{kind}`")),
        }
    }
}

impl ContainerGoal {
    fn fields(&self) -> Vec<(&'static str, Option<Json>)> {
        let text = |value: &Option<String>| value.as_deref().map(Json::from);
        let publishes = self
            .publishes
            .map(|(host, container)| Json::Array(vec![Json::from(host), Json::from(container)]));
        vec![
            ("name", text(&self.name)),
            ("image", text(&self.image)),
            ("running", self.running.map(Json::Bool)),
            ("oom_killed", self.oom_killed.map(Json::Bool)),
            ("publishes", publishes),
            ("memory_at_most", self.memory_at_most.map(Json::from)),
            ("cpus_at_most", self.cpus_at_most.map(Json::Float)),
            ("bind", text(&self.bind)),
            ("file", text(&self.file)),
            ("missing", text(&self.missing)),
            ("changed", text(&self.changed)),
        ]
    }

    fn from_json(value: &Json) -> Result<ContainerGoal, String> {
        let mut known = vec!["goal"];
        known.extend(CONTAINER_FIELDS);
        let fields = Fields::strict(value, &known)?;
        Ok(ContainerGoal {
            name: fields.opt_string("name")?,
            image: fields.opt_string("image")?,
            running: fields.optional("running", Json::as_bool)?,
            oom_killed: fields.optional("oom_killed", Json::as_bool)?,
            publishes: fields.optional("publishes", port_pair)?,
            memory_at_most: fields.optional("memory_at_most", crate::json::unsigned)?,
            cpus_at_most: fields.optional("cpus_at_most", Json::as_f64)?,
            bind: fields.opt_string("bind")?,
            file: fields.opt_string("file")?,
            missing: fields.opt_string("missing")?,
            changed: fields.opt_string("changed")?,
        })
    }
}

impl RequestGoal {
    fn fields(&self) -> Vec<(&'static str, Option<Json>)> {
        let text = |value: &Option<String>| value.as_deref().map(Json::from);
        vec![
            ("from", Some(Json::from(self.from.name()))),
            ("to", Some(Json::from(self.to.name()))),
            ("method", text(&self.method)),
            ("path", Some(Json::from(self.path.as_str()))),
            ("query", text(&self.query)),
        ]
    }

    fn from_json(value: &Json) -> Result<RequestGoal, String> {
        let known = ["goal", "from", "to", "method", "path", "query"];
        let fields = Fields::strict(value, &known)?;
        let node = |key: &str| {
            let name = fields.string(key)?;
            NodeKind::from_name(&name).ok_or_else(|| format!("unknown node kind `{name}`"))
        };
        Ok(RequestGoal {
            from: node("from")?,
            to: node("to")?,
            method: fields.opt_string("method")?,
            path: fields.string("path")?,
            query: fields.opt_string("query")?,
        })
    }
}

impl NodeKind {
    const ALL: [NodeKind; 7] = [
        NodeKind::Client,
        NodeKind::Daemon,
        NodeKind::Containerd,
        NodeKind::Shim,
        NodeKind::Runc,
        NodeKind::Kernel,
        NodeKind::Registry,
    ];

    /// Returns the kind's name in lesson files (`client`, `daemon`, ...).
    pub fn name(self) -> &'static str {
        match self {
            NodeKind::Client => "client",
            NodeKind::Daemon => "daemon",
            NodeKind::Containerd => "containerd",
            NodeKind::Shim => "shim",
            NodeKind::Runc => "runc",
            NodeKind::Kernel => "kernel",
            NodeKind::Registry => "registry",
        }
    }

    /// Returns the kind named `name` in lesson files.
    pub fn from_name(name: &str) -> Option<NodeKind> {
        NodeKind::ALL.into_iter().find(|kind| kind.name() == name)
    }
}

/// Builds `{"goal": kind, ...}` from the fields that are present.
fn tagged(kind: &str, fields: Vec<(&'static str, Option<Json>)>) -> Json {
    let present = fields
        .into_iter()
        .filter_map(|(key, value)| Some((key, value?)));
    let mut object = vec![("goal", Json::from(kind))];
    object.extend(present);
    Json::object(object)
}

fn usize_json(value: usize) -> Json {
    Json::Int(i64::try_from(value).unwrap_or(i64::MAX))
}

/// Reads `[host port, container port]`.
fn port_pair(value: &Json) -> Option<(u16, u16)> {
    let [host, container] = value.as_array()? else {
        return None;
    };
    let port = |value: &Json| u16::try_from(value.as_i64()?).ok();
    Some((port(host)?, port(container)?))
}
