//! Pushing an image to a registry with the traffic of moby's
//! `distribution/push_v2.go` (Docker 28, classic image store):
//!
//! 1. `GET /v2/` and a token scoped `repository:PATH:pull,push`, plus `pull`
//!    on each repository a layer may be mounted from;
//! 2. for each layer, top first: when the daemon has seen the layer's blob
//!    in an earlier pull or push, `HEAD` of the blob (`Layer already
//!    exists`) and a cross-repository mount (`Mounted from …`); otherwise
//!    an upload: `POST …/blobs/uploads/`, `PATCH` with the bytes and
//!    `PUT …?digest=` (`Pushed`);
//! 3. the config blob, uploaded in one `PUT` when the registry lacks it;
//! 4. `PUT /v2/PATH/manifests/TAG` with a Docker schema 2 manifest.

use std::sync::Arc;

use crate::cx::Cx;
use crate::digest::Digest;
use crate::events::{Change, Node};
use crate::fs::ChangeSet;
use crate::json::Json;
use crate::reference::Reference;
use crate::registry::{
    estimate_compressed_size, layer_blob_digest, media_type, Blob, DEFAULT_BINARY_RATIO,
};
use crate::world::World;

use super::{PullError, ROUND_TRIP_MS};
use shared_sort::SharedSort;

/// Upload speed to a registry, in bytes per millisecond (10 MB/s).
const UPLOAD_BYTES_PER_MS: u64 = 10_000;

/// The result of pushing one layer.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum LayerPush {
    /// The repository already had the blob.
    AlreadyExists,
    /// The registry linked the blob from another repository.
    Mounted { from: String },
    /// The blob was uploaded.
    Pushed,
}

/// One layer of a push, top first.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PushedLayer {
    /// The uncompressed diff ID; its short form is the progress line's ID
    /// in the classic store.
    pub diff_id: Digest,
    pub result: LayerPush,
    /// Milliseconds the layer took, which orders the completion lines.
    pub duration_ms: u64,
}

/// The result of a push.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PushOutcome {
    pub layers: Vec<PushedLayer>,
    pub manifest_digest: Digest,
    /// Bytes of the manifest, as `TAG: digest: … size: N` prints.
    pub manifest_size: u64,
}

/// The reason a push failed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PushError {
    /// No local image has the tag.
    NoSuchImage { familiar_name: String },
    /// The registry denied the `push` scope; the diff IDs are the layers
    /// that got as far as `Preparing`.
    Denied { diff_ids: Vec<Digest> },
    /// The reference names a registry that does not exist.
    UnknownRegistry { domain: String },
    /// The registry could not be reached; the daemon's message.
    Unreachable(String),
}

impl PushError {
    /// Returns the error line the client prints.
    pub fn message(&self) -> String {
        match self {
            PushError::NoSuchImage { familiar_name } => {
                format!("An image does not exist locally with the tag: {familiar_name}")
            }
            PushError::Denied { .. } => {
                "denied: requested access to the resource is denied".to_string()
            }
            PushError::UnknownRegistry { domain } => PullError::UnknownRegistry {
                domain: domain.clone(),
            }
            .message(),
            PushError::Unreachable(message) => message.clone(),
        }
    }
}

/// A descriptor in Go's field order (`mediaType`, `size`, `digest`), as
/// `distribution`'s schema 2 manifest builder writes it.
struct GoDescriptor {
    media_type: &'static str,
    size: u64,
    digest: Digest,
}

struct Schema2Manifest {
    schema_version: u32,
    media_type: &'static str,
    config: GoDescriptor,
    layers: Vec<GoDescriptor>,
}

/// One layer to push, with the repositories the daemon has seen its blob in.
struct Candidate {
    diff_id: Digest,
    blob_digest: Digest,
    changes: Arc<ChangeSet>,
    /// Repositories of this registry the daemon pulled or pushed the layer as.
    known_in: Vec<String>,
}

/// Pushes the image tagged `reference` from `host`'s daemon as `user`
/// (`None` when signed out).
pub fn push(
    world: &mut World,
    cx: &mut Cx,
    host: &str,
    reference: &Reference,
    user: Option<&str>,
) -> Result<PushOutcome, PushError> {
    let daemon = &world.hosts[host].daemon;
    let Some(image) = daemon.images.by_tag(reference).cloned() else {
        return Err(PushError::NoSuchImage {
            familiar_name: reference.familiar_name(),
        });
    };
    let registry_index = match super::private::reach(world, cx, host, reference.domain()) {
        Ok(index) => index,
        Err(None) => {
            return Err(PushError::UnknownRegistry {
                domain: reference.domain().to_string(),
            })
        }
        Err(Some(message)) => return Err(PushError::Unreachable(message)),
    };
    let path = reference.repository_path().to_string();
    let registry_name = world.registries[registry_index].name.clone();
    let candidates = candidates(world, host, &image, &registry_name);

    let daemon_node = Node::Daemon {
        host: host.to_string(),
    };
    let registry_node = Node::Registry {
        host: world.registries[registry_index].host.clone(),
    };
    let auth_host = world.registries[registry_index].auth_host.clone();
    let mut sources: Vec<&str> = candidates
        .iter()
        .flat_map(|candidate| candidate.known_in.iter().map(String::as_str))
        .filter(|known| *known != path)
        .collect();
    sources.shared_sort();
    sources.dedup();
    if let Some(error) = super::connect_fault(world, cx, host, &registry_node) {
        return Err(PushError::Unreachable(error.message()));
    }
    authenticate_push(
        cx,
        &daemon_node,
        &registry_node,
        auth_host.as_deref(),
        &path,
        &sources,
    );

    let denied = world.hosts[host].has_fault(crate::faults::Fault::RegistryDenied);
    if denied
        || !world.registries[registry_index]
            .registry
            .may_push(&path, user)
    {
        if let Some(top) = candidates.first() {
            cx.call(
                daemon_node,
                registry_node,
                "HEAD",
                &format!("/v2/{path}/blobs/{}", top.blob_digest),
                "",
                401,
            );
            cx.advance(ROUND_TRIP_MS);
        }
        return Err(PushError::Denied {
            diff_ids: candidates
                .iter()
                .map(|candidate| candidate.diff_id)
                .collect(),
        });
    }

    let mut layers = Vec::new();
    let mut descriptors = Vec::new();
    for candidate in &candidates {
        let size = world.registries[registry_index]
            .registry
            .blob(
                candidate
                    .known_in
                    .first()
                    .map_or(path.as_str(), String::as_str),
                &candidate.blob_digest,
            )
            .map_or_else(
                || estimate_compressed_size(&candidate.changes, DEFAULT_BINARY_RATIO),
                |blob| blob.size,
            );
        let result = push_layer(
            world,
            cx,
            registry_index,
            &path,
            candidate,
            size,
            (&daemon_node, &registry_node),
        );
        let duration_ms = match result {
            LayerPush::Pushed => ROUND_TRIP_MS * 3 + size / UPLOAD_BYTES_PER_MS,
            _ => ROUND_TRIP_MS,
        };
        layers.push(PushedLayer {
            diff_id: candidate.diff_id,
            result,
            duration_ms,
        });
        descriptors.push(GoDescriptor {
            media_type: media_type::DOCKER_LAYER_GZIP,
            size,
            digest: candidate.blob_digest,
        });
    }
    descriptors.reverse();

    push_config(
        world,
        cx,
        registry_index,
        &path,
        &image.config_json,
        (&daemon_node, &registry_node),
    );
    let manifest = Schema2Manifest {
        schema_version: 2,
        media_type: media_type::DOCKER_MANIFEST,
        config: GoDescriptor {
            media_type: media_type::DOCKER_CONFIG,
            size: image.config_json.len() as u64,
            digest: image.id,
        },
        layers: descriptors,
    };
    let bytes = indent_three(&manifest);
    let manifest_size = bytes.len() as u64;
    let tag = reference.tag().unwrap_or("latest").to_string();
    let stored = world.registries[registry_index].registry.put_manifest(
        &path,
        Some(&tag),
        Blob::json(media_type::DOCKER_MANIFEST, bytes),
    );
    let status = if stored.is_ok() { 201 } else { 400 };
    let index = cx.call(
        daemon_node,
        registry_node,
        "PUT",
        &format!("/v2/{path}/manifests/{tag}"),
        "",
        status,
    );
    cx.advance(ROUND_TRIP_MS);
    let manifest_digest = match stored {
        Ok(digest) => digest,
        Err(_) => {
            return Err(PushError::Denied {
                diff_ids: Vec::new(),
            })
        }
    };
    cx.set_response(index, format!("Docker-Content-Digest: {manifest_digest}"));
    cx.change(Change::ManifestStored {
        registry: registry_name,
        repository: path.clone(),
        reference: tag,
        digest: manifest_digest.to_string(),
    });
    world.registries[registry_index].touched.insert(path);

    let repo_digest = format!("{}@{manifest_digest}", reference.name());
    if let Some(stored_image) = world
        .hosts
        .get_mut(host)
        .and_then(|host| host.daemon.images.get_mut(&image.id))
    {
        if !stored_image.repo_digests.contains(&repo_digest) {
            stored_image.repo_digests.push(repo_digest);
        }
    }
    Ok(PushOutcome {
        layers,
        manifest_digest,
        manifest_size,
    })
}

/// Lists the image's layers top first, with the repositories of this
/// registry whose stored images, or images builds pulled, contain the same
/// layer. moby's V2 metadata service records the same facts.
fn candidates(
    world: &World,
    host: &str,
    image: &crate::daemon::images::Image,
    registry_name: &str,
) -> Vec<Candidate> {
    let daemon = &world.hosts[host].daemon;
    let mut candidates = Vec::new();
    for (diff_id, chain_id) in image.diff_ids().iter().zip(&image.chain).rev() {
        let changes = daemon
            .layers
            .get(chain_id)
            .map(|layer| layer.changes.clone())
            .unwrap_or_default();
        let pulled_by_builds = daemon
            .build_cache
            .bases()
            .filter(|base| base.config.rootfs.diff_ids.contains(diff_id))
            .map(|base| &base.repo_digest);
        let mut known_in: Vec<String> = daemon
            .images
            .iter()
            .filter(|other| other.diff_ids().contains(diff_id))
            .flat_map(|other| other.repo_digests.iter())
            .chain(pulled_by_builds)
            .filter_map(|text| crate::reference::parse(text).ok())
            .filter(|known| known.domain() == registry_name)
            .map(|known| known.repository_path().to_string())
            .collect();
        known_in.shared_sort();
        known_in.dedup();
        candidates.push(Candidate {
            diff_id: *diff_id,
            blob_digest: layer_blob_digest(diff_id),
            changes,
            known_in,
        });
    }
    candidates
}

fn push_layer(
    world: &mut World,
    cx: &mut Cx,
    registry_index: usize,
    path: &str,
    candidate: &Candidate,
    size: u64,
    (daemon, registry): (&Node, &Node),
) -> LayerPush {
    let registry_name = world.registries[registry_index].name.clone();
    let store = &mut world.registries[registry_index].registry;
    let blob_path = format!("/v2/{path}/blobs/{}", candidate.blob_digest);
    if !candidate.known_in.is_empty() {
        let exists = store.blob(path, &candidate.blob_digest).is_some();
        cx.call(
            daemon.clone(),
            registry.clone(),
            "HEAD",
            &blob_path,
            "",
            if exists { 200 } else { 404 },
        );
        cx.advance(ROUND_TRIP_MS);
        if exists {
            return LayerPush::AlreadyExists;
        }
        for source in candidate.known_in.iter().filter(|source| *source != path) {
            let query = format!(
                "mount={}&from={}",
                candidate.blob_digest,
                crate::cx::query_escape(source)
            );
            let mounted = store.mount_blob(path, &candidate.blob_digest, source);
            cx.call(
                daemon.clone(),
                registry.clone(),
                "POST",
                &format!("/v2/{path}/blobs/uploads/"),
                &query,
                if mounted { 201 } else { 202 },
            );
            cx.advance(ROUND_TRIP_MS);
            if mounted {
                cx.change(Change::BlobStored {
                    registry: registry_name,
                    repository: path.to_string(),
                    digest: candidate.blob_digest.to_string(),
                });
                return LayerPush::Mounted {
                    from: source.clone(),
                };
            }
        }
    }
    let blob = Blob::layer(
        media_type::DOCKER_LAYER_GZIP,
        candidate.changes.clone(),
        size,
    );
    upload(cx, store, path, blob, (daemon, registry), true);
    cx.advance(size / UPLOAD_BYTES_PER_MS);
    cx.change(Change::BlobStored {
        registry: registry_name,
        repository: path.to_string(),
        digest: candidate.blob_digest.to_string(),
    });
    LayerPush::Pushed
}

/// Uploads a blob: `POST` for a session, `PATCH` with the bytes when
/// `chunked`, and `PUT ?digest=` to finish.
fn upload(
    cx: &mut Cx,
    store: &mut crate::registry::Registry,
    path: &str,
    blob: Blob,
    (daemon, registry): (&Node, &Node),
    chunked: bool,
) {
    let digest = blob.digest();
    let hex = Digest::of(format!("upload {path} {digest}").as_bytes()).hex();
    let uuid = format!(
        "{}-{}-{}-{}-{}",
        &hex[0..8],
        &hex[8..12],
        &hex[12..16],
        &hex[16..20],
        &hex[20..32]
    );
    let session = format!("/v2/{path}/blobs/uploads/{uuid}");
    let start = cx.call(
        daemon.clone(),
        registry.clone(),
        "POST",
        &format!("/v2/{path}/blobs/uploads/"),
        "",
        202,
    );
    cx.set_response(start, format!("Location: {session}"));
    cx.advance(ROUND_TRIP_MS);
    if chunked {
        cx.call(daemon.clone(), registry.clone(), "PATCH", &session, "", 202);
        cx.advance(ROUND_TRIP_MS);
    }
    store.put_blob(path, blob);
    cx.call(
        daemon.clone(),
        registry.clone(),
        "PUT",
        &session,
        &format!("digest={}", crate::cx::query_escape(&digest.to_string())),
        201,
    );
    cx.advance(ROUND_TRIP_MS);
}

fn push_config(
    world: &mut World,
    cx: &mut Cx,
    registry_index: usize,
    path: &str,
    config_json: &[u8],
    nodes: (&Node, &Node),
) {
    let registry_name = world.registries[registry_index].name.clone();
    let store = &mut world.registries[registry_index].registry;
    let blob = Blob::json(media_type::DOCKER_CONFIG, config_json.to_vec());
    let digest = blob.digest();
    let exists = store.blob(path, &digest).is_some();
    cx.call(
        nodes.0.clone(),
        nodes.1.clone(),
        "HEAD",
        &format!("/v2/{path}/blobs/{digest}"),
        "",
        if exists { 200 } else { 404 },
    );
    cx.advance(ROUND_TRIP_MS);
    if exists {
        return;
    }
    upload(cx, store, path, blob, nodes, false);
    cx.change(Change::BlobStored {
        registry: registry_name,
        repository: path.to_string(),
        digest: digest.to_string(),
    });
}

/// Records `GET /v2/` and the token request for a push.
fn authenticate_push(
    cx: &mut Cx,
    daemon: &Node,
    registry: &Node,
    auth_host: Option<&str>,
    path: &str,
    sources: &[&str],
) {
    let Some(auth_host) = auth_host else {
        cx.call(daemon.clone(), registry.clone(), "GET", "/v2/", "", 200);
        cx.advance(ROUND_TRIP_MS);
        return;
    };
    let ping = cx.call(daemon.clone(), registry.clone(), "GET", "/v2/", "", 401);
    cx.set_response(ping, "WWW-Authenticate: Bearer realm=\"https://auth.docker.io/token\",service=\"registry.docker.io\"");
    cx.advance(ROUND_TRIP_MS);
    let mut query = format!(
        "scope=repository%3A{}%3Apull%2Cpush",
        path.replace('/', "%2F")
    );
    for source in sources {
        query.push_str(&format!(
            "&scope=repository%3A{}%3Apull",
            source.replace('/', "%2F")
        ));
    }
    query.push_str("&service=registry.docker.io");
    cx.call(
        daemon.clone(),
        Node::Registry {
            host: auth_host.to_string(),
        },
        "GET",
        &format!("https://{auth_host}/token"),
        &query,
        200,
    );
    cx.advance(ROUND_TRIP_MS);
}

/// Writes the manifest as Go's `json.MarshalIndent(v, "", "   ")`, which is
/// how Docker's schema 2 manifest builder lays out a pushed manifest.
fn indent_three(manifest: &Schema2Manifest) -> Vec<u8> {
    let descriptor = |descriptor: &GoDescriptor| {
        Json::object(vec![
            ("mediaType", Json::from(descriptor.media_type)),
            ("size", Json::from(descriptor.size)),
            ("digest", Json::from(descriptor.digest.to_string())),
        ])
    };
    let layers = manifest.layers.iter().map(descriptor).collect();
    let document = Json::object(vec![
        ("schemaVersion", Json::from(manifest.schema_version)),
        ("mediaType", Json::from(manifest.media_type)),
        ("config", descriptor(&manifest.config)),
        ("layers", Json::Array(layers)),
    ]);
    document.to_indented_by("   ").into_bytes()
}
