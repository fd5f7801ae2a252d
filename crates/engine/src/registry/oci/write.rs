//! Writes OCI documents as [`Json`] in the field order and with the empty
//! fields left out that give their digests: the order of the Go types in
//! `opencontainers/image-spec`, and `omitempty` where they have it.

use shared_sort::SortedMap;

use super::{
    ContainerConfig, Descriptor, EmptyObject, HealthcheckConfig, History, ImageConfig, ImageIndex,
    ImageManifest, Platform, RootFs,
};
use crate::json::{Json, ToJson};

/// Fields in order, some of them left out.
struct Object(Vec<(&'static str, Json)>);

impl Object {
    fn new() -> Object {
        Object(Vec::new())
    }

    fn field(mut self, key: &'static str, value: Json) -> Object {
        self.0.push((key, value));
        self
    }

    fn field_if(self, present: bool, key: &'static str, value: impl FnOnce() -> Json) -> Object {
        if present {
            self.field(key, value())
        } else {
            self
        }
    }

    fn build(self) -> Json {
        Json::object(self.0)
    }
}

impl ToJson for ImageIndex {
    fn to_json(&self) -> Json {
        Object::new()
            .field("schemaVersion", Json::from(self.schema_version))
            .field("mediaType", Json::from(self.media_type.as_str()))
            .field("manifests", list(&self.manifests))
            .build()
    }
}

impl ToJson for ImageManifest {
    fn to_json(&self) -> Json {
        Object::new()
            .field("schemaVersion", Json::from(self.schema_version))
            .field("mediaType", Json::from(self.media_type.as_str()))
            .field("config", self.config.to_json())
            .field("layers", list(&self.layers))
            .build()
    }
}

impl ToJson for Descriptor {
    fn to_json(&self) -> Json {
        Object::new()
            .field("mediaType", Json::from(self.media_type.as_str()))
            .field("digest", Json::from(self.digest.to_string()))
            .field("size", Json::from(self.size))
            .field_if(self.platform.is_some(), "platform", || {
                self.platform.as_ref().map_or(Json::Null, Platform::to_json)
            })
            .field_if(!self.annotations.is_empty(), "annotations", || {
                string_map(&self.annotations)
            })
            .build()
    }
}

impl ToJson for Platform {
    fn to_json(&self) -> Json {
        Object::new()
            .field("architecture", Json::from(self.architecture.as_str()))
            .field("os", Json::from(self.os.as_str()))
            .field_if(self.variant.is_some(), "variant", || {
                Json::from(self.variant.as_deref())
            })
            .build()
    }
}

impl ToJson for ImageConfig {
    fn to_json(&self) -> Json {
        Object::new()
            .field("architecture", Json::from(self.architecture.as_str()))
            .field_if(!self.author.is_empty(), "author", || {
                Json::from(self.author.as_str())
            })
            .field("config", self.config.to_json())
            .field("created", Json::from(self.created.as_str()))
            .field("history", list(&self.history))
            .field("os", Json::from(self.os.as_str()))
            .field("rootfs", self.rootfs.to_json())
            .field_if(self.variant.is_some(), "variant", || {
                Json::from(self.variant.as_deref())
            })
            .build()
    }
}

impl ToJson for History {
    fn to_json(&self) -> Json {
        Object::new()
            .field("created", Json::from(self.created.as_str()))
            .field_if(!self.created_by.is_empty(), "created_by", || {
                Json::from(self.created_by.as_str())
            })
            .field_if(!self.comment.is_empty(), "comment", || {
                Json::from(self.comment.as_str())
            })
            .field_if(self.empty_layer, "empty_layer", || Json::Bool(true))
            .build()
    }
}

impl ToJson for RootFs {
    fn to_json(&self) -> Json {
        let diff_ids = self.diff_ids.iter().map(|id| Json::from(id.to_string()));
        Object::new()
            .field("type", Json::from(self.kind.as_str()))
            .field("diff_ids", Json::Array(diff_ids.collect()))
            .build()
    }
}

impl ToJson for ContainerConfig {
    fn to_json(&self) -> Json {
        let text = |value: &String| Json::from(value.as_str());
        Object::new()
            .field_if(!self.user.is_empty(), "User", || text(&self.user))
            .field_if(!self.exposed_ports.is_empty(), "ExposedPorts", || {
                set(&self.exposed_ports)
            })
            .field_if(!self.env.is_empty(), "Env", || Json::strings(&self.env))
            .field_if(!self.entrypoint.is_empty(), "Entrypoint", || {
                Json::strings(&self.entrypoint)
            })
            .field_if(!self.cmd.is_empty(), "Cmd", || Json::strings(&self.cmd))
            .field_if(!self.volumes.is_empty(), "Volumes", || set(&self.volumes))
            .field_if(!self.working_dir.is_empty(), "WorkingDir", || {
                text(&self.working_dir)
            })
            .field_if(!self.labels.is_empty(), "Labels", || {
                string_map(&self.labels)
            })
            .field_if(!self.stop_signal.is_empty(), "StopSignal", || {
                text(&self.stop_signal)
            })
            .field_if(self.args_escaped, "ArgsEscaped", || Json::Bool(true))
            .field_if(self.healthcheck.is_some(), "Healthcheck", || {
                self.healthcheck
                    .as_ref()
                    .map_or(Json::Null, HealthcheckConfig::to_json)
            })
            .field_if(!self.on_build.is_empty(), "OnBuild", || {
                Json::strings(&self.on_build)
            })
            .field_if(!self.shell.is_empty(), "Shell", || {
                Json::strings(&self.shell)
            })
            .build()
    }
}

impl ToJson for HealthcheckConfig {
    fn to_json(&self) -> Json {
        let durations = [
            ("Interval", self.interval),
            ("Timeout", self.timeout),
            ("StartPeriod", self.start_period),
            ("StartInterval", self.start_interval),
            ("Retries", self.retries),
        ];
        let mut object =
            Object::new().field_if(!self.test.is_empty(), "Test", || Json::strings(&self.test));
        for (key, value) in durations {
            object = object.field_if(value != 0, key, || Json::Int(value));
        }
        object.build()
    }
}

fn list<T: ToJson>(items: &[T]) -> Json {
    Json::Array(items.iter().map(ToJson::to_json).collect())
}

fn string_map(map: &SortedMap<String, String>) -> Json {
    let entries = map
        .iter()
        .map(|(key, value)| (key.clone(), Json::from(value.as_str())));
    Json::Object(entries.collect())
}

fn set(map: &SortedMap<String, EmptyObject>) -> Json {
    let entries = map
        .keys()
        .map(|key| (key.clone(), Json::Object(Vec::new())));
    Json::Object(entries.collect())
}
