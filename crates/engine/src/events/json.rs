//! Events as JSON for the inspector and `porthole script --trace`. A change
//! is an object tagged by `change` in snake case with the variant's fields in
//! declaration order, a build step's outcome inlined and tagged by `outcome`,
//! nodes in their text form. An event is one object: its time, then its kind
//! tagged by `type`, then the message's or change's fields.

use super::{Change, Event, EventKind, Message, Resource, StepOutcome};
use crate::json::Json;

type Fields = Vec<(&'static str, Json)>;

impl Event {
    /// Returns the event as JSON: `{"time":…,"type":"message",…}`.
    pub fn to_json(&self) -> Json {
        let (kind, fields) = match &self.kind {
            EventKind::Message(message) => ("message", message.json_fields()),
            EventKind::Change(change) => {
                let (tag, fields) = change.json_fields();
                let mut tagged = vec![("change", Json::from(tag))];
                tagged.extend(fields);
                ("change", tagged)
            }
        };
        let mut object = vec![("time", Json::from(self.time)), ("type", Json::from(kind))];
        object.extend(fields);
        Json::object(object)
    }
}

impl Message {
    /// Returns the message as JSON, leaving out an empty query and the
    /// bodies it does not have.
    pub fn to_json(&self) -> Json {
        Json::object(self.json_fields())
    }

    fn json_fields(&self) -> Fields {
        let mut fields = vec![
            ("from", Json::from(self.from.to_string())),
            ("to", Json::from(self.to.to_string())),
            text("method", &self.method),
            text("path", &self.path),
        ];
        if !self.query.is_empty() {
            fields.push(text("query", &self.query));
        }
        fields.push(("status", Json::from(self.status)));
        for (key, body) in [("request", &self.request), ("response", &self.response)] {
            if let Some(body) = body {
                fields.push(text(key, body));
            }
        }
        fields
    }
}

impl Change {
    /// Returns the change as JSON.
    pub fn to_json(&self) -> Json {
        let (kind, fields) = self.json_fields();
        let mut object = vec![("change", Json::from(kind))];
        object.extend(fields);
        Json::object(object)
    }

    fn json_fields(&self) -> (&'static str, Fields) {
        match self {
            Change::LayerStored {
                host,
                diff_id,
                size,
            } => (
                "layer_stored",
                vec![
                    host_field(host),
                    text("diff_id", diff_id),
                    ("size", Json::from(*size)),
                ],
            ),
            Change::LayerDeleted { host, diff_id } => (
                "layer_deleted",
                vec![host_field(host), text("diff_id", diff_id)],
            ),
            Change::ImageStored { host, image_id } => (
                "image_stored",
                vec![host_field(host), text("image_id", image_id)],
            ),
            Change::ImageTagged {
                host,
                image_id,
                reference,
            } => ("image_tagged", image_reference(host, image_id, reference)),
            Change::ImageUntagged {
                host,
                image_id,
                reference,
            } => ("image_untagged", image_reference(host, image_id, reference)),
            Change::ImageDeleted { host, image_id } => (
                "image_deleted",
                vec![host_field(host), text("image_id", image_id)],
            ),
            Change::BuildStep {
                host,
                vertex,
                name,
                outcome,
            } => {
                let mut fields = vec![
                    host_field(host),
                    ("vertex", Json::from(*vertex)),
                    text("name", name),
                ];
                fields.extend(outcome_fields(outcome));
                ("build_step", fields)
            }
            Change::ContainerCreated {
                host,
                id,
                name,
                image_id,
            } => (
                "container_created",
                vec![
                    host_field(host),
                    text("id", id),
                    text("name", name),
                    text("image_id", image_id),
                ],
            ),
            Change::ContainerStarted { host, id, pid } => (
                "container_started",
                vec![host_field(host), text("id", id), ("pid", Json::from(*pid))],
            ),
            Change::ContainerExited {
                host,
                id,
                exit_code,
                oom_killed,
            } => (
                "container_exited",
                vec![
                    host_field(host),
                    text("id", id),
                    ("exit_code", Json::from(*exit_code)),
                    ("oom_killed", Json::Bool(*oom_killed)),
                ],
            ),
            Change::ContainerPaused { host, id } => ("container_paused", host_id(host, id)),
            Change::ContainerUnpaused { host, id } => ("container_unpaused", host_id(host, id)),
            Change::ContainerRemoved { host, id } => ("container_removed", host_id(host, id)),
            Change::ProcessStarted {
                host,
                container,
                pid,
                host_pid,
                command,
            } => (
                "process_started",
                vec![
                    host_field(host),
                    text("container", container),
                    ("pid", Json::from(*pid)),
                    ("host_pid", Json::from(*host_pid)),
                    text("command", command),
                ],
            ),
            Change::ProcessExited {
                host,
                container,
                host_pid,
                status,
            } => (
                "process_exited",
                vec![
                    host_field(host),
                    text("container", container),
                    ("host_pid", Json::from(*host_pid)),
                    ("status", Json::from(*status)),
                ],
            ),
            Change::NamespaceCreated {
                host,
                container,
                kind,
                inode,
            } => (
                "namespace_created",
                vec![
                    host_field(host),
                    text("container", container),
                    text("kind", kind),
                    ("inode", Json::from(*inode)),
                ],
            ),
            Change::NamespaceJoined {
                host,
                container,
                kind,
                inode,
                owner,
            } => (
                "namespace_joined",
                vec![
                    host_field(host),
                    text("container", container),
                    text("kind", kind),
                    ("inode", Json::from(*inode)),
                    text("owner", owner),
                ],
            ),
            Change::CgroupCreated {
                host,
                container,
                path,
            } => (
                "cgroup_created",
                vec![
                    host_field(host),
                    text("container", container),
                    text("path", path),
                ],
            ),
            Change::LimitEnforced {
                host,
                container,
                resource,
                detail,
            } => (
                "limit_enforced",
                vec![
                    host_field(host),
                    text("container", container),
                    ("resource", Json::from(resource_name(*resource))),
                    text("detail", detail),
                ],
            ),
            Change::NetworkCreated { host, id, name } => (
                "network_created",
                vec![host_field(host), text("id", id), text("name", name)],
            ),
            Change::NetworkRemoved { host, id } => ("network_removed", host_id(host, id)),
            Change::NetworkConnected {
                host,
                network,
                container,
                address,
            } => (
                "network_connected",
                vec![
                    host_field(host),
                    text("network", network),
                    text("container", container),
                    text("address", address),
                ],
            ),
            Change::PortPublished {
                host,
                container,
                host_port,
                container_port,
            } => (
                "port_published",
                vec![
                    host_field(host),
                    text("container", container),
                    text("host_port", host_port),
                    text("container_port", container_port),
                ],
            ),
            Change::VolumeCreated { host, name } => {
                ("volume_created", vec![host_field(host), text("name", name)])
            }
            Change::VolumeRemoved { host, name } => {
                ("volume_removed", vec![host_field(host), text("name", name)])
            }
            Change::BlobStored {
                registry,
                repository,
                digest,
            } => (
                "blob_stored",
                vec![
                    text("registry", registry),
                    text("repository", repository),
                    text("digest", digest),
                ],
            ),
            Change::ManifestStored {
                registry,
                repository,
                reference,
                digest,
            } => (
                "manifest_stored",
                vec![
                    text("registry", registry),
                    text("repository", repository),
                    text("reference", reference),
                    text("digest", digest),
                ],
            ),
            Change::Fault { node, message } => (
                "fault",
                vec![
                    ("node", Json::from(node.to_string())),
                    text("message", message),
                ],
            ),
            Change::FaultCleared { node, fault } => (
                "fault_cleared",
                vec![("node", Json::from(node.to_string())), text("fault", fault)],
            ),
        }
    }
}

fn text(key: &'static str, value: &str) -> (&'static str, Json) {
    (key, Json::from(value))
}

fn host_field(host: &str) -> (&'static str, Json) {
    text("host", host)
}

fn host_id(host: &str, id: &str) -> Fields {
    vec![host_field(host), text("id", id)]
}

fn image_reference(host: &str, image_id: &str, reference: &str) -> Fields {
    vec![
        host_field(host),
        text("image_id", image_id),
        text("reference", reference),
    ]
}

fn outcome_fields(outcome: &StepOutcome) -> Fields {
    match outcome {
        StepOutcome::Ran { cache_miss } => {
            vec![
                ("outcome", Json::from("ran")),
                text("cache_miss", cache_miss),
            ]
        }
        StepOutcome::Cached => vec![("outcome", Json::from("cached"))],
        StepOutcome::Failed { message } => {
            vec![("outcome", Json::from("failed")), text("message", message)]
        }
    }
}

fn resource_name(resource: Resource) -> &'static str {
    match resource {
        Resource::Memory => "memory",
        Resource::Cpu => "cpu",
        Resource::Pids => "pids",
    }
}
