//! Base images: resolving their metadata before the stages run
//! (`[internal] load metadata for …`) and providing their files when a stage
//! starts from one (`FROM …`) or copies from one.
//!
//! With the docker driver BuildKit looks in the daemon's image store first
//! (moby `builder-next/adapters/containerimage`): an image that `docker
//! pull` stored is used as it is, without a digest in the vertex name.
//! Otherwise, or with `--pull`, it resolves the reference with the registry
//! and pulls the layers into its own cache, so `docker images` never lists
//! a base image a build pulled. All images resolve at the same logical time.

use std::ops::Range;

use dockerfile::instructions::suggest::{suggest, Case, Order};
use dockerfile::plan::BaseImage;

use super::cache::BaseRecord;
use super::exec::{done_status, Build};
use super::progress::{Completion, Line, Status};
use super::report::Failure;
use super::state::StageState;
use crate::clock::{self, Millis};
use crate::digest::Digest;
use crate::distribution::{self, LayerProgress, PullError};
use crate::fs::Overlay;
use crate::reference::{self, Reference};
use crate::registry::{ImageConfig, Platform};

/// A registry round trip while resolving metadata, in milliseconds.
const RESOLVE_MS: Millis = 350;
/// Image names BuildKit adds to the stage names when it suggests a base
/// image, as its `commonImageNames` lists them (with its missing `/`).
const COMMON_IMAGES: [&str; 7] = [
    "alpine", "busybox", "centos", "debian", "golang", "ubuntu", "fedora",
];

/// The source of a resolved image.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Origin {
    /// The daemon's image store, by image ID.
    Local(Digest),
    /// The registry, at this digest.
    Remote(Digest),
}

/// An image whose config the build has resolved.
#[derive(Clone, Debug)]
pub struct ResolvedBase {
    pub reference: Reference,
    pub origin: Origin,
    pub config: ImageConfig,
}

impl ResolvedBase {
    /// Returns what planning needs of the image.
    pub fn plan_image(&self) -> BaseImage {
        let env = self
            .config
            .config
            .env
            .iter()
            .map(|pair| match pair.split_once('=') {
                Some((key, value)) => (key.to_string(), value.to_string()),
                None => (pair.clone(), String::new()),
            })
            .collect();
        BaseImage {
            env,
            onbuild: self.config.config.on_build.clone(),
        }
    }

    /// Returns the name BuildKit gives the image in `FROM` vertices.
    pub fn vertex_name(&self) -> String {
        match &self.origin {
            Origin::Local(_) => self.reference.to_string(),
            Origin::Remote(digest) => format!("{}@{digest}", self.reference),
        }
    }
}

impl Build<'_> {
    /// Resolves every image, each with its `load metadata` vertex, all
    /// starting at the same logical time.
    pub(super) fn resolve_bases(
        &mut self,
        images: &[(String, Range<usize>)],
    ) -> Result<(), Failure> {
        let start = self.cx.now();
        let mut end = start;
        let events_start = self.cx.events.len();
        let mut failure = None;
        for (name, span) in images {
            self.cx.set_now(start);
            match self.resolve_base(name, span) {
                Ok(base) => {
                    self.bases.insert(name.clone(), base);
                }
                Err(error) if failure.is_none() => failure = Some(error),
                Err(_) => {}
            }
            end = end.max(self.cx.now());
        }
        self.cx.sort_events_from(events_start);
        self.cx.set_now(end);
        failure.map_or(Ok(()), Err)
    }

    fn resolve_base(&mut self, name: &str, span: &Range<usize>) -> Result<ResolvedBase, Failure> {
        let reference = reference::parse_normalized_named(name)
            .map_err(|error| {
                Failure::at(
                    format!("failed to parse stage name \"{name}\": {error}"),
                    span.clone(),
                )
            })?
            .with_default_tag();
        let vertex_name = format!("[internal] load metadata for {reference}");
        let started = self.cx.now();
        let platform = self.target_platform();
        let local = self.world.hosts[&self.host]
            .daemon
            .images
            .by_tag(&reference)
            .filter(|image| image.config.architecture == platform.architecture)
            .cloned();
        if let (Some(image), false) = (local, self.request.pull) {
            self.vertex_now(&vertex_name, started, Vec::new(), Completion::Done);
            return Ok(ResolvedBase {
                reference,
                origin: Origin::Local(image.id),
                config: image.config.clone(),
            });
        }

        // Resolving contacts the registry; a first contact also fetches a token.
        let metadata = self.timeline.open(&vertex_name, started);
        if self.needs_token(&reference) {
            let auth_started = self.cx.now();
            let auth_name = format!(
                "[auth] {}:pull token for {}",
                reference.repository_path(),
                self.registry_host(&reference)
            );
            self.cx.advance(80);
            self.vertex_now(&auth_name, auth_started, Vec::new(), Completion::Done);
        }
        let result = distribution::resolve_for_platform(
            self.world, self.cx, &self.host, &reference, &platform,
        );
        self.cx.advance(RESOLVE_MS);
        match result {
            Ok((digest, config)) => {
                self.timeline
                    .finish(metadata, self.cx.now(), Vec::new(), Completion::Done);
                Ok(ResolvedBase {
                    reference,
                    origin: Origin::Remote(digest),
                    config,
                })
            }
            Err(error) => {
                let message = match &error {
                    PullError::AccessDenied { .. } => {
                        "pull access denied, repository does not exist or may require authorization: server message: insufficient_scope: authorization failed".to_string()
                    }
                    PullError::ManifestUnknown { .. } => format!("{reference}: not found"),
                    // BuildKit resolves through containerd, which reports the bare status of its HEAD request.
                    PullError::TooManyRequests { url } => format!("unexpected status from HEAD request to {url}: 429 Too Many Requests"),
                    PullError::NoMatchingPlatform { .. } => "no match for platform in manifest: not found".to_string(),
                    other => other.message(),
                };
                self.timeline.finish(
                    metadata,
                    self.cx.now(),
                    Vec::new(),
                    Completion::Error(message.clone()),
                );
                let full =
                    format!("{name}: failed to resolve source metadata for {reference}: {message}");
                Err(Failure {
                    message: self.suggest_base(full, name),
                    span: Some(span.clone()),
                    vertex: Some((vertex_name, Vec::new())),
                })
            }
        }
    }

    /// Appends BuildKit's suggestion of a stage or common image near `name`.
    fn suggest_base(&self, message: String, name: &str) -> String {
        let mut options = self.stage_names();
        for image in COMMON_IMAGES {
            options.extend([
                image.to_string(),
                format!("docker.io/library{image}"),
                format!("{image}:latest"),
                format!("docker.io/library{image}:latest"),
            ]);
        }
        match suggest(name, &options, Case::Sensitive, Order::Listed) {
            Some(found) => format!("{message} (did you mean {found}?)"),
            None => message,
        }
    }

    /// Returns the stage names the Dockerfile declares, in file order.
    pub(super) fn stage_names(&self) -> Vec<String> {
        self.originals
            .values()
            .filter_map(|original| stage_name(original))
            .collect()
    }

    fn needs_token(&mut self, reference: &Reference) -> bool {
        let key = format!(
            "{}/{}",
            self.registry_host(reference),
            reference.repository_path()
        );
        let now = self.cx.now();
        let daemon = &mut self
            .world
            .hosts
            .get_mut(&self.host)
            .expect("host exists")
            .daemon;
        let fresh = daemon
            .registry_tokens
            .get(&key)
            .is_some_and(|expiry| *expiry > now);
        if !fresh {
            daemon.registry_tokens.insert(key, now + 300_000);
        }
        !fresh
            && self
                .world
                .registry_index(reference.domain())
                .is_some_and(|index| self.world.registries[index].auth_host.is_some())
    }

    fn registry_host(&self, reference: &Reference) -> String {
        self.world
            .registry_index(reference.domain())
            .map(|index| self.world.registries[index].host.clone())
            .unwrap_or_else(|| reference.domain().to_string())
    }

    /// Returns the platform images are pulled for.
    pub(super) fn target_platform(&self) -> Platform {
        let variant = (self.platform.architecture == "arm64")
            .then(|| "v8".to_string())
            .or_else(|| (!self.platform.variant.is_empty()).then(|| self.platform.variant.clone()));
        Platform {
            architecture: self.platform.architecture.clone(),
            os: self.platform.os.clone(),
            variant,
        }
    }

    /// Starts a stage from a resolved image: prints the `FROM` vertex,
    /// pulling the layers when the build cache lacks them.
    pub(super) fn start_from_image(
        &mut self,
        label: &str,
        name: &str,
        span: &Range<usize>,
    ) -> Result<StageState, Failure> {
        let base = self.bases.get(name).cloned().ok_or_else(|| {
            Failure::at(format!("{name}: base image was not resolved"), span.clone())
        })?;
        let vertex_name = format!("{label}{}", base.vertex_name());
        let started = self.cx.now();
        if let Some(&ready) = self.shown_images.get(&base.vertex_name()) {
            // Another stage's vertex provides the image; wait until it is ready.
            if ready > self.cx.now() {
                self.cx.set_now(ready);
            }
            return Ok(self.shared_image_state(&base));
        }
        let (layers, image_id) = match &base.origin {
            Origin::Local(id) => {
                let daemon = &self.world.hosts[&self.host].daemon;
                let chain = daemon
                    .images
                    .get(id)
                    .map(|image| image.chain.clone())
                    .unwrap_or_default();
                let layers = daemon.layers.stack(&chain);
                self.cx.advance(10);
                self.vertex_now(&vertex_name, started, Vec::new(), Completion::Cached);
                (layers, *id)
            }
            Origin::Remote(digest) => self.pulled_layers(&base, *digest, &vertex_name, span)?,
        };
        self.shown_images.insert(base.vertex_name(), self.cx.now());
        let created = clock::parse_rfc3339(&base.config.created).unwrap_or(clock::START);
        Ok(StageState::from_image(
            image_id,
            &base.config,
            layers,
            created,
        ))
    }

    /// Returns the state of an image another stage's `FROM` vertex already
    /// provided, which BuildKit does not print again.
    fn shared_image_state(&self, base: &ResolvedBase) -> StageState {
        let daemon = &self.world.hosts[&self.host].daemon;
        let (chain, image_id) = match &base.origin {
            Origin::Local(id) => (
                daemon
                    .images
                    .get(id)
                    .map(|image| image.chain.clone())
                    .unwrap_or_default(),
                *id,
            ),
            Origin::Remote(digest) => {
                let key = format!("{}@{digest} {}", base.reference, self.target_platform());
                daemon
                    .build_cache
                    .base(&key)
                    .map_or((Vec::new(), *digest), |record| {
                        (record.chain.clone(), record.image_id)
                    })
            }
        };
        let created = clock::parse_rfc3339(&base.config.created).unwrap_or(clock::START);
        StageState::from_image(image_id, &base.config, daemon.layers.stack(&chain), created)
    }

    /// Returns the layers of a remote image, from the build cache when an
    /// earlier build pulled it, else pulled now.
    fn pulled_layers(
        &mut self,
        base: &ResolvedBase,
        digest: Digest,
        vertex_name: &str,
        span: &Range<usize>,
    ) -> Result<(Vec<std::sync::Arc<crate::fs::ChangeSet>>, Digest), Failure> {
        let started = self.cx.now();
        let platform = self.target_platform();
        let key = format!("{}@{digest} {platform}", base.reference);
        let resolve = |started: Millis, completed: Millis| {
            Line::Status(Status {
                id: format!("resolve {}@{digest}", base.reference),
                current: 0,
                total: 0,
                started: Some(started),
                completed: Some(completed),
            })
        };
        let cached = self.world.hosts[&self.host]
            .daemon
            .build_cache
            .base(&key)
            .cloned();
        if let Some(record) = cached.filter(|record| {
            record
                .chain
                .iter()
                .all(|id| self.world.hosts[&self.host].daemon.layers.contains(id))
        }) {
            self.cx.advance(20);
            self.vertex_now(
                vertex_name,
                started,
                vec![resolve(started, started + 20)],
                Completion::Cached,
            );
            let layers = self.world.hosts[&self.host]
                .daemon
                .layers
                .stack(&record.chain);
            return Ok((layers, record.image_id));
        }

        let reference = base
            .reference
            .with_digest(&digest.to_string())
            .unwrap_or_else(|_| base.reference.clone());
        let fetched = match distribution::fetch_layers(
            self.world, self.cx, &self.host, &reference, &platform,
        ) {
            Ok(fetched) => fetched,
            Err(PullError::DiskFull {
                message,
                layers,
                failed: Some(failed),
            }) => {
                let mut lines = vec![resolve(started, started + 5)];
                lines.extend(partial_download(&layers, failed, started));
                self.vertex_now(
                    vertex_name,
                    started,
                    lines,
                    Completion::Error(message.clone()),
                );
                // BuildKit's gRPC errors carry ENOSPC as `ResourceExhausted`,
                // which the client prints before the message.
                return Err(Failure {
                    message: format!("ResourceExhausted: {message}"),
                    span: Some(span.clone()),
                    vertex: Some((vertex_name.to_string(), Vec::new())),
                });
            }
            Err(error) => {
                return Err(Failure::at(
                    format!("{}: {}", base.reference, error.message()),
                    span.clone(),
                ))
            }
        };
        let mut lines = vec![resolve(started, started + 5)];
        let mut clock_at = started;
        let fresh: Vec<_> = fetched
            .layers
            .iter()
            .filter(|layer| !layer.existed)
            .collect();
        for layer in &fresh {
            lines.push(done_status(
                &layer.blob_digest.to_string(),
                layer.compressed_size,
                clock_at,
                clock_at + layer.download_ms,
            ));
            clock_at += layer.download_ms / 3;
        }
        for layer in &fresh {
            lines.push(Line::Status(Status {
                id: format!("extracting {}", layer.blob_digest),
                current: 0,
                total: 0,
                started: Some(clock_at),
                completed: Some(clock_at + layer.extract_ms),
            }));
            clock_at += layer.extract_ms;
        }
        if self.cx.now() < started + 30 {
            self.cx.set_now(started + 30);
        }
        self.vertex_now(vertex_name, started, lines, Completion::Done);

        let daemon = &mut self
            .world
            .hosts
            .get_mut(&self.host)
            .expect("host exists")
            .daemon;
        let repo_digest = format!("{}@{}", base.reference.name(), fetched.digest);
        let record = BaseRecord {
            repo_digest,
            digest: fetched.digest,
            image_id: fetched.image_id,
            config: fetched.config,
            chain: fetched.chain.clone(),
        };
        if daemon.build_cache.store_base(&key, record) {
            daemon.layers.retain(&fetched.chain);
        }
        Ok((daemon.layers.stack(&fetched.chain), fetched.image_id))
    }

    /// Returns the files of an image named by `COPY --from` or a mount's
    /// `from=`, printing its `FROM` vertex the first time it is needed.
    pub(super) fn image_files(
        &mut self,
        name: &str,
        span: &Range<usize>,
    ) -> Result<Overlay, Failure> {
        let state = self.start_from_image("FROM ", name, span)?;
        Ok(state.files())
    }
}

/// Returns the blob lines of a `FROM` vertex whose content store filled:
/// the new layers below the failed one downloaded, and the failed one
/// stopped halfway, never `done`.
fn partial_download(layers: &[LayerProgress], failed: usize, started: Millis) -> Vec<Line> {
    let mut lines = Vec::new();
    let mut clock_at = started;
    for (index, layer) in layers
        .iter()
        .enumerate()
        .take(failed + 1)
        .filter(|(_, layer)| !layer.existed)
    {
        let id = layer.blob_digest.to_string();
        if index < failed {
            lines.push(done_status(
                &id,
                layer.compressed_size,
                clock_at,
                clock_at + layer.download_ms,
            ));
        } else {
            let status = Status {
                id,
                current: layer.compressed_size / 2,
                total: layer.compressed_size,
                started: Some(clock_at),
                completed: None,
            };
            lines.push(Line::Status(status));
        }
        clock_at += layer.download_ms / 3;
    }
    lines
}

/// Returns the stage name an instruction's text declares (`FROM x AS name`).
fn stage_name(original: &str) -> Option<String> {
    let words: Vec<&str> = original.split_whitespace().collect();
    match words.as_slice() {
        [from, .., as_word, name]
            if from.eq_ignore_ascii_case("from") && as_word.eq_ignore_ascii_case("as") =>
        {
            Some(name.to_lowercase())
        }
        _ => None,
    }
}
