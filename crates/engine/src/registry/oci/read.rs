//! Reads OCI documents from [`Json`], with the defaults their Go types have:
//! a missing optional field is empty, unknown fields are ignored, and a
//! missing required field is an error naming it.

use shared_sort::SortedMap;

use super::{
    ContainerConfig, Descriptor, EmptyObject, HealthcheckConfig, History, ImageConfig, ImageIndex,
    ImageManifest, Platform, RootFs,
};
use crate::digest::Digest;
use crate::json::{self, Fields, FromJson, Json};

impl FromJson for ImageIndex {
    fn from_json(value: &Json) -> Result<ImageIndex, String> {
        let fields = Fields::loose(value)?;
        Ok(ImageIndex {
            schema_version: schema_version(&fields)?,
            media_type: fields.string("mediaType")?,
            manifests: list(fields.array("manifests")?)?,
        })
    }
}

impl FromJson for ImageManifest {
    fn from_json(value: &Json) -> Result<ImageManifest, String> {
        let fields = Fields::loose(value)?;
        Ok(ImageManifest {
            schema_version: schema_version(&fields)?,
            media_type: fields.string("mediaType")?,
            config: Descriptor::from_json(fields.required("config")?)?,
            layers: list(fields.array("layers")?)?,
        })
    }
}

impl FromJson for Descriptor {
    fn from_json(value: &Json) -> Result<Descriptor, String> {
        let fields = Fields::loose(value)?;
        let platform = fields.get("platform").map(Platform::from_json);
        Ok(Descriptor {
            media_type: fields.string("mediaType")?,
            digest: digest(fields.required("digest")?)?,
            size: fields.unsigned("size")?,
            platform: platform.transpose()?,
            annotations: string_map(&fields, "annotations")?,
        })
    }
}

impl FromJson for Platform {
    fn from_json(value: &Json) -> Result<Platform, String> {
        let fields = Fields::loose(value)?;
        Ok(Platform {
            architecture: fields.string("architecture")?,
            os: fields.string("os")?,
            variant: fields.opt_string("variant")?,
        })
    }
}

impl FromJson for ImageConfig {
    fn from_json(value: &Json) -> Result<ImageConfig, String> {
        let fields = Fields::loose(value)?;
        Ok(ImageConfig {
            architecture: fields.string("architecture")?,
            author: fields.string_or_empty("author")?,
            config: ContainerConfig::from_json(fields.required("config")?)?,
            created: fields.string("created")?,
            history: list(fields.array("history")?)?,
            os: fields.string("os")?,
            rootfs: RootFs::from_json(fields.required("rootfs")?)?,
            variant: fields.opt_string("variant")?,
        })
    }
}

impl FromJson for History {
    fn from_json(value: &Json) -> Result<History, String> {
        let fields = Fields::loose(value)?;
        Ok(History {
            created: fields.string("created")?,
            created_by: fields.string_or_empty("created_by")?,
            comment: fields.string_or_empty("comment")?,
            empty_layer: fields.flag("empty_layer")?,
        })
    }
}

impl FromJson for RootFs {
    fn from_json(value: &Json) -> Result<RootFs, String> {
        let fields = Fields::loose(value)?;
        let diff_ids = fields.array("diff_ids")?.iter().map(digest);
        Ok(RootFs {
            kind: fields.string("type")?,
            diff_ids: diff_ids.collect::<Result<_, _>>()?,
        })
    }
}

impl FromJson for ContainerConfig {
    fn from_json(value: &Json) -> Result<ContainerConfig, String> {
        let fields = Fields::loose(value)?;
        let healthcheck = fields.get("Healthcheck").map(HealthcheckConfig::from_json);
        Ok(ContainerConfig {
            user: fields.string_or_empty("User")?,
            exposed_ports: set(&fields, "ExposedPorts")?,
            env: fields.strings("Env")?,
            entrypoint: fields.strings("Entrypoint")?,
            cmd: fields.strings("Cmd")?,
            volumes: set(&fields, "Volumes")?,
            working_dir: fields.string_or_empty("WorkingDir")?,
            labels: string_map(&fields, "Labels")?,
            stop_signal: fields.string_or_empty("StopSignal")?,
            args_escaped: fields.flag("ArgsEscaped")?,
            healthcheck: healthcheck.transpose()?,
            on_build: fields.strings("OnBuild")?,
            shell: fields.strings("Shell")?,
        })
    }
}

impl FromJson for HealthcheckConfig {
    fn from_json(value: &Json) -> Result<HealthcheckConfig, String> {
        let fields = Fields::loose(value)?;
        Ok(HealthcheckConfig {
            test: fields.strings("Test")?,
            interval: fields.int_or_zero("Interval")?,
            timeout: fields.int_or_zero("Timeout")?,
            start_period: fields.int_or_zero("StartPeriod")?,
            start_interval: fields.int_or_zero("StartInterval")?,
            retries: fields.int_or_zero("Retries")?,
        })
    }
}

fn schema_version(fields: &Fields) -> Result<u32, String> {
    let version = fields.unsigned("schemaVersion")?;
    u32::try_from(version).map_err(|_| format!("invalid schemaVersion {version}"))
}

fn list<T: FromJson>(items: &[Json]) -> Result<Vec<T>, String> {
    items.iter().map(T::from_json).collect()
}

fn digest(value: &Json) -> Result<Digest, String> {
    let text = value.as_str().ok_or("invalid digest: not a string")?;
    Digest::parse(text).map_err(|error| error.to_string())
}

/// Reads a Go `map[string]string`, empty when missing.
fn string_map(fields: &Fields, key: &str) -> Result<SortedMap<String, String>, String> {
    Ok(fields.optional(key, json::string_map)?.unwrap_or_default())
}

/// Reads a Go `map[string]struct{}` such as `ExposedPorts`, empty when missing.
fn set(fields: &Fields, key: &str) -> Result<SortedMap<String, EmptyObject>, String> {
    let read = |value: &Json| {
        let entries = value.as_object()?.iter();
        entries
            .map(|(name, value)| value.as_object().map(|_| (name.clone(), EmptyObject {})))
            .collect()
    };
    Ok(fields.optional(key, read)?.unwrap_or_default())
}
