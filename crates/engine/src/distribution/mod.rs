//! Pulling images from registries into a daemon, with the registry traffic
//! Docker's daemon makes (moby `distribution/pull_v2.go`):
//!
//! 1. `GET /v2/`, answered `401` with a Bearer challenge by Docker Hub;
//! 2. a token from the auth service, scoped `repository:PATH:pull`;
//! 3. `HEAD` of the manifest by tag, which returns the digest;
//! 4. `GET` of the index by digest, then of the platform's manifest;
//! 5. `GET` of the config blob, then of each layer blob the daemon lacks.
//!
//! The callers print the progress: `docker pull`, `docker run` (on standard
//! error) and the builder (as BuildKit status lines) each print it their own way.

pub mod private;
pub mod push;
mod responses;

use shared_sort::SortedSet;

use crate::clock;
use crate::cx::Cx;
use crate::daemon::images::Image;
use crate::daemon::layers::chain_ids;
use crate::digest::Digest;
use crate::events::{Change, Node};
use crate::faults::Fault;
use crate::reference::Reference;
use crate::registry::{
    media_type, to_canonical_json, Platform, PulledImage, Registry, RegistryError,
};
use crate::world::World;

/// Download speed from a registry, in bytes per millisecond (25 MB/s).
const DOWNLOAD_BYTES_PER_MS: u64 = 25_000;
/// Time one registry round trip takes, in milliseconds.
pub(crate) const ROUND_TRIP_MS: u64 = 120;

/// A layer of a pull, for progress lines.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LayerProgress {
    /// The compressed blob digest; its short form is the line's id.
    pub blob_digest: Digest,
    pub compressed_size: u64,
    /// True when the daemon already had the layer (`Already exists`).
    pub existed: bool,
    /// Milliseconds the download and extraction took.
    pub download_ms: u64,
    pub extract_ms: u64,
}

/// What a pull did.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PullOutcome {
    /// The digest `Digest:` prints: the index's, or the manifest's.
    pub digest: Digest,
    pub image_id: Digest,
    pub layers: Vec<LayerProgress>,
    /// False when the image was already there (`Image is up to date`).
    pub downloaded: bool,
    /// The repository path in `Pulling from` (`library/python`).
    pub repository_path: String,
    /// Whether the image came from permissive mode's synthesiser.
    pub synthesised: bool,
}

/// Why a pull failed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PullError {
    /// No such repository, or no access to it.
    AccessDenied { familiar_name: String },
    /// No such tag or digest.
    ManifestUnknown { familiar: String },
    /// The index has no manifest for the host's platform.
    NoMatchingPlatform { platform: String },
    /// The reference names a registry that does not exist.
    UnknownRegistry { domain: String },
    /// The registry responded 429 to the manifest request at `url`.
    TooManyRequests { url: String },
    /// The disk filled while a layer was written: the daemon's (or
    /// BuildKit's) message, every layer of the image for the progress
    /// lines printed before it, and the index of the layer that failed.
    DiskFull {
        message: String,
        layers: Vec<LayerProgress>,
        failed: Option<usize>,
    },
    /// Anything else, already worded as the daemon words it.
    Other(String),
}

impl PullError {
    /// Returns whether the daemon fails after it started streaming the
    /// pull's progress (`TAG: Pulling from REPO`), so the client prints the
    /// message on its own instead of as an error response: moby's
    /// `pullTag` reports `Pulling from` before it picks the platform's
    /// manifest and registers the layers.
    pub fn is_streamed(&self) -> bool {
        matches!(
            self,
            PullError::NoMatchingPlatform { .. } | PullError::DiskFull { .. }
        )
    }

    /// Returns the daemon's message (after `Error response from daemon: `).
    pub fn message(&self) -> String {
        match self {
            PullError::AccessDenied { familiar_name } => format!(
                "pull access denied for {familiar_name}, repository does not exist or may require 'docker login': denied: requested access to the resource is denied"
            ),
            PullError::ManifestUnknown { familiar } => {
                format!("manifest for {familiar} not found: manifest unknown: manifest unknown")
            }
            PullError::NoMatchingPlatform { platform } => {
                format!("no matching manifest for {platform} in the manifest list entries")
            }
            PullError::UnknownRegistry { domain } => format!(
                "Get \"https://{domain}/v2/\": dial tcp: lookup {domain} on 127.0.0.53:53: no such host"
            ),
            PullError::TooManyRequests { .. } => RATE_LIMITED.to_string(),
            PullError::DiskFull { message, .. } => message.clone(),
            PullError::Other(message) => message.clone(),
        }
    }
}

/// Pulls `reference` into `host`'s daemon, tags it, and returns what happened.
pub fn pull(
    world: &mut World,
    cx: &mut Cx,
    host: &str,
    reference: &Reference,
) -> Result<PullOutcome, PullError> {
    let platform = host_platform(world, host);
    pull_for_platform(world, cx, host, reference, &platform)
}

/// Lists a repository's tags with `GET /v2/<name>/tags/list`, as the daemon
/// does for `docker pull --all-tags`.
pub fn list_tags(
    world: &mut World,
    cx: &mut Cx,
    host: &str,
    reference: &Reference,
) -> Result<Vec<String>, PullError> {
    let registry_index = reach(world, cx, host, reference)?;
    let registry = &world.registries[registry_index];
    let daemon = Node::Daemon {
        host: host.to_string(),
    };
    let registry_node = Node::Registry {
        host: registry.host.clone(),
    };
    let auth_host = registry.auth_host.clone();
    let path = reference.repository_path().to_string();
    if let Some(error) = connect_fault(world, cx, host, &registry_node) {
        return Err(error);
    }
    authenticate(cx, &daemon, &registry_node, auth_host.as_deref(), &path);
    let result = world.registries[registry_index].registry.tags(&path);
    let status = if result.is_ok() { 200 } else { 401 };
    let index = cx.call(
        daemon,
        registry_node,
        "GET",
        &format!("/v2/{path}/tags/list"),
        "",
        status,
    );
    if let Ok(tags) = &result {
        cx.set_response(index, responses::tags(&path, tags));
    }
    cx.advance(ROUND_TRIP_MS);
    result.map_err(|_| PullError::AccessDenied {
        familiar_name: reference.familiar_name(),
    })
}

/// Pulls `reference` for `platform` into `host`'s daemon, tags it, and
/// returns what happened.
pub fn pull_for_platform(
    world: &mut World,
    cx: &mut Cx,
    host: &str,
    reference: &Reference,
    platform: &Platform,
) -> Result<PullOutcome, PullError> {
    let registry_index = reach(world, cx, host, reference)?;
    let registry_host = world.registries[registry_index].host.clone();
    let auth_host = world.registries[registry_index].auth_host.clone();
    let path = reference.repository_path().to_string();
    let tag_or_digest = reference
        .digest()
        .map(str::to_string)
        .or_else(|| reference.tag().map(str::to_string))
        .unwrap_or_else(|| "latest".to_string());
    let daemon = Node::Daemon {
        host: host.to_string(),
    };
    let registry_node = Node::Registry {
        host: registry_host.clone(),
    };

    if let Some(error) = connect_fault(world, cx, host, &registry_node) {
        return Err(error);
    }
    authenticate(cx, &daemon, &registry_node, auth_host.as_deref(), &path);

    let platform = platform.clone();
    let permissive = world.options.permissive;
    let resolved = {
        let registry = &mut world.registries[registry_index].registry;
        let mut result = registry.pull(&path, &tag_or_digest, &platform);
        if let Some(error) = manifest_fault(
            &world.hosts[host],
            &world.registries[registry_index],
            &path,
            &platform,
        ) {
            result = Err(error);
        }
        let registry = &mut world.registries[registry_index].registry;
        let mut synthesised = false;
        let unknown = matches!(
            result,
            Err(RegistryError::NameUnknown(_)) | Err(RegistryError::ManifestUnknown(_))
        );
        if permissive
            && unknown
            && reference.digest().is_none()
            && registry.synthesise(&path, &tag_or_digest).is_ok()
        {
            result = registry.pull(&path, &tag_or_digest, &platform);
            synthesised = true;
        }
        result.map(|image| (image, synthesised))
    };

    let manifest_path = format!("/v2/{path}/manifests/{tag_or_digest}");
    let (pulled, synthesised) = match resolved {
        Ok(found) => found,
        Err(error) => {
            let (status, failure) = match error {
                RegistryError::NameUnknown(_) | RegistryError::NameInvalid(_) => (
                    401,
                    PullError::AccessDenied {
                        familiar_name: reference.familiar_name(),
                    },
                ),
                RegistryError::ManifestUnknown(_) | RegistryError::TagInvalid(_) => (
                    404,
                    PullError::ManifestUnknown {
                        familiar: reference.familiar_string(),
                    },
                ),
                RegistryError::NoMatchingPlatform(platform) => (
                    200,
                    PullError::NoMatchingPlatform {
                        platform: platform_text(&platform),
                    },
                ),
                RegistryError::TooManyRequests => (
                    429,
                    PullError::TooManyRequests {
                        url: manifest_url(&registry_host, &manifest_path),
                    },
                ),
                other => (500, PullError::Other(format!("{other:?}"))),
            };
            cx.call(
                daemon.clone(),
                registry_node.clone(),
                "HEAD",
                &manifest_path,
                "",
                status,
            );
            cx.advance(ROUND_TRIP_MS);
            if let PullError::NoMatchingPlatform { .. } = failure {
                cx.call(
                    daemon.clone(),
                    registry_node.clone(),
                    "GET",
                    &manifest_path,
                    "",
                    200,
                );
            }
            return Err(failure);
        }
    };

    fetch_manifests(
        cx,
        &world.registries[registry_index].registry,
        &daemon,
        &registry_node,
        &path,
        &manifest_path,
        &pulled,
    );
    world.registries[registry_index]
        .touched
        .insert(path.clone());
    if world.hosts[host].has_fault(Fault::DiskFull) {
        return Err(disk_full(
            world,
            cx,
            host,
            &registry_node,
            &path,
            &pulled,
            DiskWriter::LayerStore,
        ));
    }

    let outcome = store(
        world,
        cx,
        host,
        reference,
        &path,
        &pulled,
        &daemon,
        &registry_node,
        synthesised,
    );
    Ok(outcome)
}

/// Resolves a reference to its digest and image config with the registry
/// (token, `HEAD` of the manifest, the platform's manifest and the config
/// blob), as BuildKit's `load metadata` step does, without storing anything.
pub fn resolve(
    world: &mut World,
    cx: &mut Cx,
    host: &str,
    reference: &Reference,
) -> Result<(Digest, crate::registry::ImageConfig), PullError> {
    let platform = host_platform(world, host);
    resolve_for_platform(world, cx, host, reference, &platform)
}

/// Resolves a reference for `platform`, as [`resolve`] does for the host's.
pub fn resolve_for_platform(
    world: &mut World,
    cx: &mut Cx,
    host: &str,
    reference: &Reference,
    platform: &Platform,
) -> Result<(Digest, crate::registry::ImageConfig), PullError> {
    let registry_index = reach(world, cx, host, reference)?;
    let registry_host = world.registries[registry_index].host.clone();
    let auth_host = world.registries[registry_index].auth_host.clone();
    let path = reference.repository_path().to_string();
    let tag_or_digest = reference
        .digest()
        .or(reference.tag())
        .unwrap_or("latest")
        .to_string();
    let daemon = Node::Daemon {
        host: host.to_string(),
    };
    let registry_node = Node::Registry {
        host: registry_host,
    };
    if let Some(error) = connect_fault(world, cx, host, &registry_node) {
        return Err(error);
    }
    authenticate(cx, &daemon, &registry_node, auth_host.as_deref(), &path);

    let permissive = world.options.permissive;
    let injected = manifest_fault(
        &world.hosts[host],
        &world.registries[registry_index],
        &path,
        platform,
    );
    let registry = &mut world.registries[registry_index].registry;
    let mut result = registry.pull(&path, &tag_or_digest, platform);
    if let Some(error) = injected {
        result = Err(error);
    }
    if permissive
        && result.is_err()
        && reference.digest().is_none()
        && registry.synthesise(&path, &tag_or_digest).is_ok()
    {
        result = registry.pull(&path, &tag_or_digest, platform);
    }
    let manifest_path = format!("/v2/{path}/manifests/{tag_or_digest}");
    match result {
        Ok(pulled) => {
            let registry = &world.registries[registry_index].registry;
            fetch_manifests(
                cx,
                registry,
                &daemon,
                &registry_node,
                &path,
                &manifest_path,
                &pulled,
            );
            fetch_config(cx, &daemon, &registry_node, &path, &pulled);
            Ok((pulled.digest, pulled.config))
        }
        Err(error) => {
            let (status, failure) = match error {
                RegistryError::ManifestUnknown(_) | RegistryError::TagInvalid(_) => (
                    404,
                    PullError::ManifestUnknown {
                        familiar: reference.familiar_string(),
                    },
                ),
                RegistryError::NoMatchingPlatform(platform) => (
                    200,
                    PullError::NoMatchingPlatform {
                        platform: platform_text(&platform),
                    },
                ),
                RegistryError::TooManyRequests => (
                    429,
                    PullError::TooManyRequests {
                        url: manifest_url(registry_node.host(), &manifest_path),
                    },
                ),
                _ => (
                    401,
                    PullError::AccessDenied {
                        familiar_name: reference.familiar_name(),
                    },
                ),
            };
            cx.call(daemon, registry_node, "HEAD", &manifest_path, "", status);
            cx.advance(ROUND_TRIP_MS);
            Err(failure)
        }
    }
}

/// Finds the registry a reference names, as `host`'s daemon reaches it.
fn reach(
    world: &mut World,
    cx: &mut Cx,
    host: &str,
    reference: &Reference,
) -> Result<usize, PullError> {
    private::reach(world, cx, host, reference.domain()).map_err(|error| match error {
        Some(message) => PullError::Other(message),
        None => PullError::UnknownRegistry {
            domain: reference.domain().to_string(),
        },
    })
}

/// Returns the address of a manifest request, as error messages print it.
fn manifest_url(registry_host: &str, manifest_path: &str) -> String {
    format!("https://{registry_host}{manifest_path}")
}

/// Docker Hub's response when the unauthenticated pull rate limit is spent,
/// as the daemon reports it.
pub const RATE_LIMITED: &str =
    "toomanyrequests: You have reached your unauthenticated pull rate limit. https://www.docker.com/increase-rate-limit";

/// Returns the error of a connection to the registry that a fault on
/// `host` stops (the name does not resolve, or the dial times out), after
/// recording the request that got no response.
pub(crate) fn connect_fault(
    world: &World,
    cx: &mut Cx,
    host: &str,
    registry: &Node,
) -> Option<PullError> {
    let machine = world.hosts.get(host)?;
    let address = registry.host().to_string();
    let message = if machine.has_fault(Fault::RegistryNoSuchHost) {
        format!(
            "Get \"https://{address}/v2/\": dial tcp: lookup {} on 127.0.0.53:53: no such host",
            address.split(':').next().unwrap_or_default()
        )
    } else if machine.has_fault(Fault::RegistryTimeout) {
        format!("Get \"https://{address}/v2/\": net/http: request canceled while waiting for connection (Client.Timeout exceeded while awaiting headers)")
    } else {
        return None;
    };
    let index = cx.call(
        Node::Daemon {
            host: host.to_string(),
        },
        registry.clone(),
        "GET",
        "/v2/",
        "",
        0,
    );
    cx.set_response(index, message.clone());
    cx.change(Change::Fault {
        node: registry.clone(),
        message: message.clone(),
    });
    cx.advance(if machine.has_fault(Fault::RegistryTimeout) {
        15_000
    } else {
        20
    });
    Some(PullError::Other(message))
}

/// Returns the registry error a fault on the pulling host injects in
/// place of the manifest: denied, unknown, rate-limited (Docker Hub
/// only), or an index without the host's platform.
fn manifest_fault(
    host: &crate::host::Host,
    registry: &crate::world::RegistryHost,
    path: &str,
    platform: &Platform,
) -> Option<RegistryError> {
    if host.has_fault(Fault::RegistryDenied) {
        Some(RegistryError::NameUnknown(path.to_string()))
    } else if host.has_fault(Fault::RegistryManifestUnknown) {
        Some(RegistryError::ManifestUnknown(path.to_string()))
    } else if host.has_fault(Fault::RegistryRateLimited) && registry.name == "docker.io" {
        Some(RegistryError::TooManyRequests)
    } else if host.has_fault(Fault::NoPlatformManifest) {
        Some(RegistryError::NoMatchingPlatform(platform.clone()))
    } else {
        None
    }
}

/// The step at which a full disk stops an image from landing: the daemon registering
/// a layer in its layer store (`docker pull`, moby's `xfer` download
/// manager), or BuildKit writing a blob to its containerd content store
/// (a build's `FROM`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum DiskWriter {
    LayerStore,
    ContentStore,
}

/// Records the downloads up to the layer whose write fills the disk (the
/// largest new one: by files for the layer store, by blob for the content
/// store) and returns the error as that writer words it.
fn disk_full(
    world: &World,
    cx: &mut Cx,
    host: &str,
    registry: &Node,
    path: &str,
    pulled: &PulledImage,
    writer: DiskWriter,
) -> PullError {
    let daemon = Node::Daemon {
        host: host.to_string(),
    };
    let layers = plan_layers(world, host, pulled);
    let weight = |index: usize| match writer {
        DiskWriter::LayerStore => pulled.layers[index].changes.size(),
        DiskWriter::ContentStore => pulled.layers[index].compressed_size,
    };
    let failed = (0..layers.len())
        .filter(|index| !layers[*index].existed)
        .max_by_key(|index| (weight(*index), usize::MAX - index));
    let Some(failed) = failed else {
        let message =
            "write /var/lib/docker/image/overlay2/repositories.json: no space left on device"
                .to_string();
        cx.change(Change::Fault {
            node: daemon,
            message: message.clone(),
        });
        return PullError::DiskFull {
            message,
            layers,
            failed: None,
        };
    };
    for layer in layers
        .iter()
        .take(failed + 1)
        .filter(|layer| !layer.existed)
    {
        cx.call(
            daemon.clone(),
            registry.clone(),
            "GET",
            &format!("/v2/{path}/blobs/{}", layer.blob_digest),
            "",
            200,
        );
        cx.advance(layer.download_ms + layer.extract_ms);
    }
    let message = match writer {
        DiskWriter::LayerStore => format!(
            "failed to register layer: write {}: no space left on device",
            largest_file(&pulled.layers[failed])
        ),
        DiskWriter::ContentStore => format!(
            "failed to copy: write {}: no space left on device",
            ingest_path(&layers[failed].blob_digest)
        ),
    };
    cx.change(Change::Fault {
        node: daemon,
        message: message.clone(),
    });
    PullError::DiskFull {
        message,
        layers,
        failed: Some(failed),
    }
}

/// Returns the path of a layer's largest file, the write that fails when
/// the disk fills while the layer is unpacked.
fn largest_file(layer: &crate::registry::PulledLayer) -> String {
    layer
        .changes
        .iter()
        .filter(|(_, entry)| entry.size() > 0)
        .max_by_key(|(_, entry)| entry.size())
        .map(|(path, _)| path.as_str().to_string())
        .unwrap_or_else(|| "/".to_string())
}

/// Returns the file BuildKit's content store writes a layer blob to while
/// it downloads: containerd's local store keeps an ingest directory named
/// by the digest of the ingest reference (`layer-sha256:HEX`, as
/// `remotes.MakeRefKey` forms it), under `/var/lib/docker/buildkit/content`.
fn ingest_path(blob: &Digest) -> String {
    let reference = format!("layer-sha256:{}", blob.hex());
    format!(
        "/var/lib/docker/buildkit/content/ingest/{}/data",
        Digest::of(reference.as_bytes()).hex()
    )
}

/// Records the token dance: `GET /v2/` (401) and the token request.
fn authenticate(cx: &mut Cx, daemon: &Node, registry: &Node, auth_host: Option<&str>, path: &str) {
    let Some(auth_host) = auth_host else {
        cx.call(daemon.clone(), registry.clone(), "GET", "/v2/", "", 200);
        cx.advance(ROUND_TRIP_MS);
        return;
    };
    let ping = cx.call(daemon.clone(), registry.clone(), "GET", "/v2/", "", 401);
    cx.set_response(ping, "WWW-Authenticate: Bearer realm=\"https://auth.docker.io/token\",service=\"registry.docker.io\"");
    cx.advance(ROUND_TRIP_MS);
    let scope = format!(
        "scope=repository%3A{}%3Apull&service=registry.docker.io",
        path.replace('/', "%2F")
    );
    let token = cx.call(
        daemon.clone(),
        Node::Registry {
            host: auth_host.to_string(),
        },
        "GET",
        &format!("https://{auth_host}/token"),
        &scope,
        200,
    );
    cx.set_response(
        token,
        "{\"token\":\"…\",\"access_token\":\"…\",\"expires_in\":300}",
    );
    cx.advance(ROUND_TRIP_MS);
}

/// Records the `HEAD` of the manifest by tag and the `GET` of the index
/// and the platform's manifest, with the documents `stored` holds.
fn fetch_manifests(
    cx: &mut Cx,
    stored: &Registry,
    daemon: &Node,
    registry: &Node,
    path: &str,
    manifest_path: &str,
    pulled: &PulledImage,
) {
    let top = stored.blob(path, &pulled.digest);
    let head = cx.call(
        daemon.clone(),
        registry.clone(),
        "HEAD",
        manifest_path,
        "",
        200,
    );
    cx.set_request(
        head,
        format!(
            "Accept: {}, {}, {}, {}",
            media_type::OCI_INDEX,
            media_type::DOCKER_MANIFEST_LIST,
            media_type::OCI_MANIFEST,
            media_type::DOCKER_MANIFEST
        ),
    );
    let head_response = match &top {
        Some(top) => responses::document_headers(top, &pulled.digest),
        None => format!("Docker-Content-Digest: {}", pulled.digest),
    };
    cx.set_response(head, head_response);
    cx.advance(ROUND_TRIP_MS);
    if pulled.digest != pulled.manifest_digest {
        let index = cx.call(
            daemon.clone(),
            registry.clone(),
            "GET",
            &format!("/v2/{path}/manifests/{}", pulled.digest),
            "",
            200,
        );
        if let Some(top) = &top {
            cx.set_response(index, responses::document(top, &pulled.digest));
        }
        cx.advance(ROUND_TRIP_MS);
    }
    let manifest = cx.call(
        daemon.clone(),
        registry.clone(),
        "GET",
        &format!("/v2/{path}/manifests/{}", pulled.manifest_digest),
        "",
        200,
    );
    if let Some(blob) = stored.blob(path, &pulled.manifest_digest) {
        cx.set_response(
            manifest,
            responses::document(&blob, &pulled.manifest_digest),
        );
    }
    cx.advance(ROUND_TRIP_MS);
}

/// Records the `GET` of the config blob, with the config as its body.
fn fetch_config(cx: &mut Cx, daemon: &Node, registry: &Node, path: &str, pulled: &PulledImage) {
    let index = cx.call(
        daemon.clone(),
        registry.clone(),
        "GET",
        &format!("/v2/{path}/blobs/{}", pulled.config_digest),
        "",
        200,
    );
    let config = to_canonical_json(&pulled.config);
    cx.set_response(
        index,
        responses::config_blob(&pulled.config_digest, &config),
    );
    cx.advance(ROUND_TRIP_MS);
}

#[allow(clippy::too_many_arguments)]
fn store(
    world: &mut World,
    cx: &mut Cx,
    host: &str,
    reference: &Reference,
    path: &str,
    pulled: &PulledImage,
    daemon: &Node,
    registry: &Node,
    synthesised: bool,
) -> PullOutcome {
    let diff_ids: Vec<Digest> = pulled.layers.iter().map(|layer| layer.diff_id).collect();
    let chain = chain_ids(&diff_ids);
    let image_id = pulled.config_digest;
    let host_name = host.to_string();
    let already = world.hosts[host].daemon.images.get(&image_id).is_some();

    if !already {
        fetch_config(cx, daemon, registry, path, pulled);
    }

    let mut layers = download_layers(world, cx, host, path, pulled, daemon, registry);

    let daemon_state = &mut world.hosts.get_mut(host).expect("host exists").daemon;
    let repo_digest = format!("{}@{}", reference.name(), pulled.digest);
    if !already {
        let created = clock::parse_rfc3339(&pulled.config.created).unwrap_or(clock::START);
        let size = chain
            .iter()
            .filter_map(|id| daemon_state.layers.get(id))
            .map(|layer| layer.size)
            .sum();
        daemon_state.layers.retain(&chain);
        daemon_state.images.insert(Image {
            id: image_id,
            config: pulled.config.clone(),
            config_json: to_canonical_json(&pulled.config),
            created,
            chain,
            size,
            repo_digests: vec![repo_digest],
            parent: None,
        });
        cx.change(Change::ImageStored {
            host: host_name.clone(),
            image_id: image_id.to_string(),
        });
    } else if let Some(image) = daemon_state.images.get_mut(&image_id) {
        if !image.repo_digests.contains(&repo_digest) {
            image.repo_digests.push(repo_digest);
        }
    }

    let tagged = reference.digest().is_none();
    let mut moved = false;
    if tagged {
        let canonical = reference.clone().with_default_tag();
        let previous = daemon_state.images.by_tag(&canonical).map(|image| image.id);
        moved = previous != Some(image_id);
        daemon_state.images.tag(&canonical, image_id);
        if moved {
            cx.change(Change::ImageTagged {
                host: host_name,
                image_id: image_id.to_string(),
                reference: canonical.familiar_string(),
            });
        }
    }

    // moby's puller stops after the manifest when the config is already
    // stored, so an up-to-date pull prints no layer lines.
    if already {
        layers.clear();
    }
    PullOutcome {
        digest: pulled.digest,
        image_id,
        layers,
        downloaded: !already || moved,
        repository_path: path.to_string(),
        synthesised,
    }
}

/// Returns the progress of each layer of `pulled` as the daemon would
/// fetch it: the layers it has (or that repeat a lower one) exist, the
/// others take a download and an extraction.
fn plan_layers(world: &World, host: &str, pulled: &PulledImage) -> Vec<LayerProgress> {
    let diff_ids: Vec<Digest> = pulled.layers.iter().map(|layer| layer.diff_id).collect();
    let store = &world.hosts[host].daemon.layers;
    let mut seen = SortedSet::new();
    pulled
        .layers
        .iter()
        .zip(chain_ids(&diff_ids))
        .map(|(layer, chain_id)| {
            let existed = store.contains(&chain_id) || !seen.insert(chain_id);
            let (download_ms, extract_ms) = if existed {
                (0, 0)
            } else {
                (
                    ROUND_TRIP_MS + layer.compressed_size / DOWNLOAD_BYTES_PER_MS,
                    layer.changes.size() / (DOWNLOAD_BYTES_PER_MS * 4) + 20,
                )
            };
            LayerProgress {
                blob_digest: layer.blob_digest,
                compressed_size: layer.compressed_size,
                existed,
                download_ms,
                extract_ms,
            }
        })
        .collect()
}

/// Downloads the layers of `pulled` that the daemon lacks into its layer
/// store, with a blob request each.
fn download_layers(
    world: &mut World,
    cx: &mut Cx,
    host: &str,
    path: &str,
    pulled: &PulledImage,
    daemon: &Node,
    registry: &Node,
) -> Vec<LayerProgress> {
    let diff_ids: Vec<Digest> = pulled.layers.iter().map(|layer| layer.diff_id).collect();
    let chain = chain_ids(&diff_ids);
    let layers = plan_layers(world, host, pulled);
    for ((layer, chain_id), progress) in pulled.layers.iter().zip(&chain).zip(&layers) {
        if progress.existed {
            continue;
        }
        let index = cx.call(
            daemon.clone(),
            registry.clone(),
            "GET",
            &format!("/v2/{path}/blobs/{}", layer.blob_digest),
            "",
            200,
        );
        cx.set_response(index, responses::layer_blob(layer));
        cx.advance(progress.download_ms + progress.extract_ms);
        let size = layer.changes.size();
        world
            .hosts
            .get_mut(host)
            .expect("host exists")
            .daemon
            .layers
            .insert(*chain_id, layer.diff_id, layer.changes.clone());
        cx.change(Change::LayerStored {
            host: host.to_string(),
            diff_id: layer.diff_id.to_string(),
            size,
        });
    }
    layers
}

/// The blobs a build fetched for an image it starts from or copies from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FetchedImage {
    /// The digest the reference resolved to: the index's, or the manifest's.
    pub digest: Digest,
    /// The config digest.
    pub image_id: Digest,
    pub config: crate::registry::ImageConfig,
    /// Chain IDs of the layers, bottom first.
    pub chain: Vec<Digest>,
    /// One entry per layer; `existed` for layers the daemon already had.
    pub layers: Vec<LayerProgress>,
}

/// Downloads an image's layers for `platform` into the daemon's layer store
/// without storing or tagging the image, as BuildKit's image source does for
/// `FROM` and `COPY --from`: the image then lives in the build cache and
/// `docker images` does not list it.
pub fn fetch_layers(
    world: &mut World,
    cx: &mut Cx,
    host: &str,
    reference: &Reference,
    platform: &Platform,
) -> Result<FetchedImage, PullError> {
    let registry_index = reach(world, cx, host, reference)?;
    let path = reference.repository_path().to_string();
    let tag_or_digest = reference
        .digest()
        .or(reference.tag())
        .unwrap_or("latest")
        .to_string();
    let daemon = Node::Daemon {
        host: host.to_string(),
    };
    let registry_node = Node::Registry {
        host: world.registries[registry_index].host.clone(),
    };
    let permissive = world.options.permissive;
    let registry = &mut world.registries[registry_index].registry;
    let mut result = registry.pull(&path, &tag_or_digest, platform);
    if permissive
        && result.is_err()
        && reference.digest().is_none()
        && registry.synthesise(&path, &tag_or_digest).is_ok()
    {
        result = registry.pull(&path, &tag_or_digest, platform);
    }
    let manifest_path = format!("/v2/{path}/manifests/{tag_or_digest}");
    let pulled = match result {
        Ok(pulled) => pulled,
        Err(_) => {
            cx.call(daemon, registry_node, "HEAD", &manifest_path, "", 404);
            cx.advance(ROUND_TRIP_MS);
            return Err(PullError::ManifestUnknown {
                familiar: reference.familiar_string(),
            });
        }
    };
    fetch_manifests(
        cx,
        &world.registries[registry_index].registry,
        &daemon,
        &registry_node,
        &path,
        &manifest_path,
        &pulled,
    );
    world.registries[registry_index]
        .touched
        .insert(path.clone());
    if world.hosts[host].has_fault(Fault::DiskFull)
        && plan_layers(world, host, &pulled)
            .iter()
            .any(|layer| !layer.existed)
    {
        return Err(disk_full(
            world,
            cx,
            host,
            &registry_node,
            &path,
            &pulled,
            DiskWriter::ContentStore,
        ));
    }
    let layers = download_layers(world, cx, host, &path, &pulled, &daemon, &registry_node);
    let diff_ids: Vec<Digest> = pulled.layers.iter().map(|layer| layer.diff_id).collect();
    Ok(FetchedImage {
        digest: pulled.digest,
        image_id: pulled.config_digest,
        config: pulled.config,
        chain: chain_ids(&diff_ids),
        layers,
    })
}

/// Returns the platform a host pulls for.
pub fn host_platform(world: &World, host: &str) -> Platform {
    match world.hosts.get(host).map(|host| host.architecture.as_str()) {
        Some("arm64") => Platform::linux_arm64(),
        _ => Platform::linux_amd64(),
    }
}

fn platform_text(platform: &Platform) -> String {
    match &platform.variant {
        Some(variant) => format!("{}/{}/{variant}", platform.os, platform.architecture),
        None => format!("{}/{}", platform.os, platform.architecture),
    }
}
