//! The OCI image documents a registry stores: the image index, the image
//! manifest and the image config, with their descriptors.
//!
//! Field names and order follow the OCI image spec and Go's `encoding/json`
//! output of `opencontainers/image-spec` (empty fields omitted, as `omitempty`
//! does). [`to_canonical_json`] gives the compact bytes whose SHA-256 is each
//! document's digest.

use shared_sort::SortedMap;

use crate::digest::Digest;
use crate::json::ToJson;

mod read;
mod write;

/// Media types of registry content, as Docker 28 and BuildKit send them.
pub mod media_type {
    /// An OCI image index (a list of per-platform manifests).
    pub const OCI_INDEX: &str = "application/vnd.oci.image.index.v1+json";
    /// An OCI image manifest.
    pub const OCI_MANIFEST: &str = "application/vnd.oci.image.manifest.v1+json";
    /// An OCI image config.
    pub const OCI_CONFIG: &str = "application/vnd.oci.image.config.v1+json";
    /// A gzip-compressed OCI layer tar.
    pub const OCI_LAYER_GZIP: &str = "application/vnd.oci.image.layer.v1.tar+gzip";
    /// A Docker manifest list, the older form of an index.
    pub const DOCKER_MANIFEST_LIST: &str =
        "application/vnd.docker.distribution.manifest.list.v2+json";
    /// A Docker image manifest, schema 2.
    pub const DOCKER_MANIFEST: &str = "application/vnd.docker.distribution.manifest.v2+json";
    /// A Docker image config.
    pub const DOCKER_CONFIG: &str = "application/vnd.docker.container.image.v1+json";
    /// A gzip-compressed Docker layer tar.
    pub const DOCKER_LAYER_GZIP: &str = "application/vnd.docker.image.rootfs.diff.tar.gzip";

    /// Returns whether `media_type` names an index or manifest list.
    pub fn is_index(media_type: &str) -> bool {
        media_type == OCI_INDEX || media_type == DOCKER_MANIFEST_LIST
    }

    /// Returns whether `media_type` names a single-platform image manifest.
    pub fn is_manifest(media_type: &str) -> bool {
        media_type == OCI_MANIFEST || media_type == DOCKER_MANIFEST
    }
}

/// A reference to a blob: its media type, digest and size in bytes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Descriptor {
    /// The media type of the referenced content.
    pub media_type: String,
    /// The digest of the referenced bytes.
    pub digest: Digest,
    /// The length of the referenced bytes (compressed, for a layer).
    pub size: u64,
    /// The platform, in an index entry.
    pub platform: Option<Platform>,
    /// Free-form annotations.
    pub annotations: SortedMap<String, String>,
}

/// An operating system and CPU architecture, such as `linux/arm64/v8`.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Platform {
    /// The CPU architecture in Go's naming (`amd64`, `arm64`).
    pub architecture: String,
    /// The operating system (`linux`).
    pub os: String,
    /// The CPU variant (`v8` for arm64).
    pub variant: Option<String>,
}

impl Platform {
    /// `linux/amd64`.
    pub fn linux_amd64() -> Platform {
        Platform {
            architecture: "amd64".into(),
            os: "linux".into(),
            variant: None,
        }
    }

    /// `linux/arm64/v8`.
    pub fn linux_arm64() -> Platform {
        Platform {
            architecture: "arm64".into(),
            os: "linux".into(),
            variant: Some("v8".into()),
        }
    }

    /// Returns whether a requested platform matches this one; a request without a
    /// variant matches any variant, as containerd's platform matcher does.
    pub fn matches(&self, requested: &Platform) -> bool {
        self.os == requested.os
            && self.architecture == requested.architecture
            && (requested.variant.is_none() || self.variant == requested.variant)
    }
}

impl std::fmt::Display for Platform {
    fn fmt(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(formatter, "{}/{}", self.os, self.architecture)?;
        if let Some(variant) = &self.variant {
            write!(formatter, "/{variant}")?;
        }
        Ok(())
    }
}

/// An image index: one manifest per platform.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ImageIndex {
    /// Always 2.
    pub schema_version: u32,
    /// [`media_type::OCI_INDEX`].
    pub media_type: String,
    /// The per-platform manifests.
    pub manifests: Vec<Descriptor>,
}

/// An image manifest: the config and the layers of one platform's image.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ImageManifest {
    /// Always 2.
    pub schema_version: u32,
    /// [`media_type::OCI_MANIFEST`].
    pub media_type: String,
    /// The image config blob.
    pub config: Descriptor,
    /// The layer blobs, bottom first.
    pub layers: Vec<Descriptor>,
}

/// An empty JSON object, the value type of `ExposedPorts` and `Volumes`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct EmptyObject {}

/// The runtime defaults of an image (the `config` field of an image config).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ContainerConfig {
    /// The user the process runs as (`USER`).
    pub user: String,
    /// Exposed ports such as `80/tcp` (`EXPOSE`).
    pub exposed_ports: SortedMap<String, EmptyObject>,
    /// `NAME=value` pairs (`ENV`).
    pub env: Vec<String>,
    /// The entrypoint (`ENTRYPOINT`).
    pub entrypoint: Vec<String>,
    /// The default command or entrypoint arguments (`CMD`).
    pub cmd: Vec<String>,
    /// Anonymous volume mount points (`VOLUME`).
    pub volumes: SortedMap<String, EmptyObject>,
    /// The working directory (`WORKDIR`).
    pub working_dir: String,
    /// Labels (`LABEL`).
    pub labels: SortedMap<String, String>,
    /// The stop signal (`STOPSIGNAL`).
    pub stop_signal: String,
    /// Set by BuildKit for every CMD, as Docker's image spec keeps it for
    /// Windows images whose command line is already escaped.
    pub args_escaped: bool,
    /// The container's health check (`HEALTHCHECK`).
    pub healthcheck: Option<HealthcheckConfig>,
    /// ONBUILD triggers, each an instruction's text (`ONBUILD`).
    pub on_build: Vec<String>,
    /// The shell of shell-form RUN, CMD and ENTRYPOINT (`SHELL`).
    pub shell: Vec<String>,
}

/// A health check as Docker's image config stores it (`HealthcheckConfig`
/// of moby/docker-image-spec): durations in nanoseconds, zero fields left out.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct HealthcheckConfig {
    /// `["NONE"]`, `["CMD", args...]` or `["CMD-SHELL", command]`.
    pub test: Vec<String>,
    /// Time between checks.
    pub interval: i64,
    /// Time a check may take.
    pub timeout: i64,
    /// Time the container gets to start before failures count.
    pub start_period: i64,
    /// Time between checks during the start period.
    pub start_interval: i64,
    /// Consecutive failures that make the container unhealthy.
    pub retries: i64,
}

impl ContainerConfig {
    /// Returns the value of environment variable `name`.
    pub fn env_value(&self, name: &str) -> Option<&str> {
        self.env.iter().find_map(|pair| {
            let (key, value) = pair.split_once('=')?;
            (key == name).then_some(value)
        })
    }

    /// Sets environment variable `name`, replacing an earlier value in place.
    pub fn set_env(&mut self, name: &str, value: &str) {
        let pair = format!("{name}={value}");
        let position = self
            .env
            .iter()
            .position(|p| p.split_once('=').map(|(k, _)| k) == Some(name));
        match position {
            Some(index) => self.env[index] = pair,
            None => self.env.push(pair),
        }
    }
}

/// One entry of an image's history, one per Dockerfile instruction.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct History {
    /// RFC 3339 creation time.
    pub created: String,
    /// The instruction, such as `RUN /bin/sh -c apt-get update # buildkit`.
    pub created_by: String,
    /// A note such as `buildkit.dockerfile.v0`.
    pub comment: String,
    /// Whether the instruction made no layer (`ENV`, `CMD`, ...).
    pub empty_layer: bool,
}

/// The layers of an image as diff IDs, bottom first.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RootFs {
    /// Always `layers`.
    pub kind: String,
    /// The diff ID of each layer, bottom first.
    pub diff_ids: Vec<Digest>,
}

/// An image config, whose digest is the image ID in Docker's classic store.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ImageConfig {
    /// The CPU architecture (`amd64`, `arm64`).
    pub architecture: String,
    /// The image's author (`MAINTAINER`).
    pub author: String,
    /// The runtime defaults.
    pub config: ContainerConfig,
    /// RFC 3339 creation time of the image.
    pub created: String,
    /// One entry per instruction, oldest first.
    pub history: Vec<History>,
    /// The operating system (`linux`).
    pub os: String,
    /// The layers as diff IDs.
    pub rootfs: RootFs,
    /// The CPU variant (`v8` for arm64).
    pub variant: Option<String>,
}

impl ImageConfig {
    /// Returns the platform this config is for.
    pub fn platform(&self) -> Platform {
        Platform {
            architecture: self.architecture.clone(),
            os: self.os.clone(),
            variant: self.variant.clone(),
        }
    }
}

/// Writes a document as compact JSON in declaration order, the bytes whose
/// SHA-256 is its digest.
pub fn to_canonical_json<T: ToJson>(document: &T) -> Vec<u8> {
    document.to_json().to_rust_compact().into_bytes()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn config_json_omits_empty_fields() {
        let mut config = ContainerConfig::default();
        config.set_env("PATH", "/usr/bin");
        config.cmd = vec!["bash".into()];
        config.exposed_ports.insert("80/tcp".into(), EmptyObject {});
        let json = String::from_utf8(to_canonical_json(&config)).unwrap();
        assert_eq!(
            json,
            r#"{"ExposedPorts":{"80/tcp":{}},"Env":["PATH=/usr/bin"],"Cmd":["bash"]}"#
        );
    }

    #[test]
    fn full_config_writes_every_field_in_order() {
        let config = ImageConfig {
            architecture: "arm64".into(),
            author: "me <a@b>".into(),
            config: ContainerConfig {
                user: "app".into(),
                exposed_ports: [("80/tcp".to_string(), EmptyObject {})].into(),
                env: vec!["A=\u{8}\u{2028}".into()],
                entrypoint: vec!["/e".into()],
                cmd: vec!["c".into()],
                volumes: [("/v".to_string(), EmptyObject {})].into(),
                working_dir: "/w".into(),
                labels: [
                    ("b".to_string(), "2".to_string()),
                    ("a".to_string(), "1".to_string()),
                ]
                .into(),
                stop_signal: "SIGINT".into(),
                args_escaped: true,
                healthcheck: Some(HealthcheckConfig {
                    test: vec!["CMD".into(), "true".into()],
                    interval: 5,
                    timeout: 0,
                    start_period: 7,
                    start_interval: 0,
                    retries: 3,
                }),
                on_build: vec!["RUN x".into()],
                shell: vec!["/bin/sh".into(), "-c".into()],
            },
            created: "2025-01-01T00:00:00Z".into(),
            history: vec![History {
                created: "c".into(),
                created_by: "b".into(),
                comment: String::new(),
                empty_layer: true,
            }],
            os: "linux".into(),
            rootfs: RootFs {
                kind: "layers".into(),
                diff_ids: vec![Digest::of(b"")],
            },
            variant: Some("v8".into()),
        };
        let json = String::from_utf8(to_canonical_json(&config)).unwrap();
        let expected = concat!(
            r#"{"architecture":"arm64","author":"me <a@b>","config":{"User":"app","#,
            r#""ExposedPorts":{"80/tcp":{}},"Env":["A=\b"#,
            "\u{2028}",
            r#""],"Entrypoint":["/e"],"Cmd":["c"],"Volumes":{"/v":{}},"WorkingDir":"/w","#,
            r#""Labels":{"a":"1","b":"2"},"StopSignal":"SIGINT","ArgsEscaped":true,"#,
            r#""Healthcheck":{"Test":["CMD","true"],"Interval":5,"StartPeriod":7,"Retries":3},"#,
            r#""OnBuild":["RUN x"],"Shell":["/bin/sh","-c"]},"created":"2025-01-01T00:00:00Z","#,
            r#""history":[{"created":"c","created_by":"b","empty_layer":true}],"os":"linux","#,
            r#""rootfs":{"type":"layers","diff_ids":["sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"]},"#,
            r#""variant":"v8"}"#,
        );
        assert_eq!(json, expected);
        let value = crate::json::Json::parse(&json).unwrap();
        assert_eq!(
            <ImageConfig as crate::json::FromJson>::from_json(&value),
            Ok(config)
        );
    }

    #[test]
    fn set_env_replaces_in_place() {
        let mut config = ContainerConfig::default();
        config.set_env("A", "1");
        config.set_env("B", "2");
        config.set_env("A", "3");
        assert_eq!(config.env, ["A=3", "B=2"]);
        assert_eq!(config.env_value("A"), Some("3"));
        assert_eq!(config.env_value("C"), None);
    }

    #[test]
    fn descriptor_uses_camel_case() {
        let descriptor = Descriptor {
            media_type: media_type::OCI_MANIFEST.into(),
            digest: Digest::of(b""),
            size: 3,
            platform: Some(Platform::linux_arm64()),
            annotations: SortedMap::new(),
        };
        let json = String::from_utf8(to_canonical_json(&descriptor)).unwrap();
        assert!(json.starts_with(
            r#"{"mediaType":"application/vnd.oci.image.manifest.v1+json","digest":"sha256:e3b0"#
        ));
        assert!(
            json.ends_with(r#""platform":{"architecture":"arm64","os":"linux","variant":"v8"}}"#)
        );
    }

    #[test]
    fn platform_matching_table() {
        let arm = Platform::linux_arm64();
        let cases = [
            (Platform::linux_arm64(), true),
            (
                Platform {
                    variant: None,
                    ..Platform::linux_arm64()
                },
                true,
            ),
            (
                Platform {
                    variant: Some("v7".into()),
                    ..Platform::linux_arm64()
                },
                false,
            ),
            (Platform::linux_amd64(), false),
        ];
        for (requested, expected) in cases {
            assert_eq!(arm.matches(&requested), expected, "{requested}");
        }
        assert_eq!(arm.to_string(), "linux/arm64/v8");
    }
}
