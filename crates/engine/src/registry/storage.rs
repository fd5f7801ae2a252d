//! A registry's storage: repositories by path, tags, and blobs by digest.
//!
//! A [`Registry`] is either Docker Hub, backed by the built-in catalogue, or
//! an empty private registry such as one that `registry:2` runs. Content that
//! is pushed (or synthesised in permissive mode) is stored in the value
//! itself. Catalogue content is built once and shared by every registry
//! value without copying, so cloning a registry for a world snapshot is cheap.
//!
//! Repository paths are plain strings such as `library/python` or
//! `myuser/app`; references are a tag or a digest string. Parsing image
//! references belongs to the caller.

use std::sync::Arc;

use shared_sort::{SortedMap, SortedSet};

use super::blob::Blob;
use super::catalogue::{self, Catalogue, RepositoryContent};
use super::error::RegistryError;
use super::oci::{media_type, ImageConfig, ImageIndex, ImageManifest, Platform};
use crate::digest::Digest;
use crate::fs::ChangeSet;
use crate::json::{FromJson, Json};

/// The origin of a repository outside the catalogue.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Origin {
    /// Created by a push.
    Pushed,
    /// Made up by the permissive-mode synthesiser, which the UI marks.
    Synthesised,
}

/// A repository stored in the registry value (not in the catalogue).
#[derive(Clone, Debug)]
pub(crate) struct LocalRepository {
    pub origin: Origin,
    pub tags: SortedMap<String, Digest>,
    pub blobs: SortedSet<Digest>,
}

/// The content source behind a registry, besides its own content.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Backing {
    None,
    Catalogue,
}

/// A simulated registry.
#[derive(Clone, Debug)]
pub struct Registry {
    backing: Backing,
    repositories: SortedMap<String, LocalRepository>,
    blobs: SortedMap<Digest, Blob>,
}

/// One layer of a pulled image.
#[derive(Clone, Debug)]
pub struct PulledLayer {
    /// The compressed blob digest, whose short form `docker pull` prints.
    pub blob_digest: Digest,
    /// The compressed size, as the manifest gives it.
    pub compressed_size: u64,
    /// The diff ID, as the config's `rootfs.diff_ids` gives it.
    pub diff_id: Digest,
    /// The layer's files.
    pub changes: Arc<ChangeSet>,
}

/// Everything a daemon needs to store a pulled image for one platform.
#[derive(Clone, Debug)]
pub struct PulledImage {
    /// The digest `docker pull` prints (`Digest: ...`): the index's digest
    /// when the reference named an index, else the manifest's.
    pub digest: Digest,
    /// The digest of the platform manifest.
    pub manifest_digest: Digest,
    /// The platform manifest.
    pub manifest: ImageManifest,
    /// The config digest, which is the image ID.
    pub config_digest: Digest,
    /// The image config.
    pub config: ImageConfig,
    /// The layers, bottom first.
    pub layers: Vec<PulledLayer>,
}

impl Registry {
    /// Docker Hub, with every catalogue repository.
    pub fn docker_hub() -> Registry {
        Registry {
            backing: Backing::Catalogue,
            repositories: SortedMap::new(),
            blobs: SortedMap::new(),
        }
    }

    /// Creates an empty private registry.
    pub fn private() -> Registry {
        Registry {
            backing: Backing::None,
            repositories: SortedMap::new(),
            blobs: SortedMap::new(),
        }
    }

    /// Returns whether this registry is backed by the catalogue.
    pub fn is_docker_hub(&self) -> bool {
        self.backing == Backing::Catalogue
    }

    fn catalogue_repository(&self, repository: &str) -> Option<(&'static Catalogue, usize)> {
        if self.backing != Backing::Catalogue {
            return None;
        }
        let catalogue = catalogue::catalogue().ok()?;
        Some((catalogue, catalogue.repository_index(repository)?))
    }

    fn catalogue_content(&self, repository: &str) -> Option<&'static RepositoryContent> {
        let (catalogue, index) = self.catalogue_repository(repository)?;
        catalogue.content(index).ok()
    }

    /// Returns whether the repository exists (in the catalogue or pushed).
    pub fn has_repository(&self, repository: &str) -> bool {
        self.repositories.contains_key(repository)
            || self.catalogue_repository(repository).is_some()
    }

    /// Returns how a non-catalogue repository came to exist, or `None` for a
    /// catalogue repository or a missing one.
    pub fn origin(&self, repository: &str) -> Option<Origin> {
        self.repositories.get(repository).map(|local| local.origin)
    }

    /// Returns the repository's tags, sorted, as `GET /v2/<name>/tags/list` lists them.
    pub fn tags(&self, repository: &str) -> Result<Vec<String>, RegistryError> {
        let mut tags = SortedSet::new();
        if let Some(local) = self.repositories.get(repository) {
            tags.extend(local.tags.keys().cloned());
        }
        if let Some(content) = self.catalogue_content(repository) {
            tags.extend(content.tags.keys().cloned());
        }
        if tags.is_empty() && !self.has_repository(repository) {
            return Err(RegistryError::NameUnknown(repository.to_string()));
        }
        Ok(tags.into_iter().collect())
    }

    /// Resolves a tag or digest reference to the digest it points to, as
    /// `HEAD /v2/<name>/manifests/<reference>` returns it.
    pub fn resolve(&self, repository: &str, reference: &str) -> Result<Digest, RegistryError> {
        if !self.has_repository(repository) {
            return Err(RegistryError::NameUnknown(repository.to_string()));
        }
        let unknown = || RegistryError::ManifestUnknown(reference.to_string());
        if let Ok(digest) = Digest::parse(reference) {
            return match self.blob(repository, &digest) {
                Some(blob) if is_manifest_type(&blob.media_type) => Ok(digest),
                _ => Err(unknown()),
            };
        }
        let local = self
            .repositories
            .get(repository)
            .and_then(|local| local.tags.get(reference));
        let catalogued = || self.catalogue_content(repository)?.tags.get(reference);
        local.or_else(catalogued).copied().ok_or_else(unknown)
    }

    /// Returns the manifest or index that a reference points to, with its digest.
    pub fn manifest(
        &self,
        repository: &str,
        reference: &str,
    ) -> Result<(Digest, Blob), RegistryError> {
        let digest = self.resolve(repository, reference)?;
        let blob = self
            .blob(repository, &digest)
            .ok_or_else(|| RegistryError::ManifestUnknown(reference.to_string()))?;
        Ok((digest, blob))
    }

    /// Returns a blob of the repository, as `GET /v2/<name>/blobs/<digest>` returns it.
    pub fn blob(&self, repository: &str, digest: &Digest) -> Option<Blob> {
        let local = self
            .repositories
            .get(repository)
            .filter(|local| local.blobs.contains(digest));
        if let Some(blob) = local.and_then(|_| self.blobs.get(digest)) {
            return Some(blob.clone());
        }
        self.catalogue_content(repository)?
            .blobs
            .get(digest)
            .cloned()
    }

    /// Stores a blob in a repository, creating the repository on its first
    /// push, and returns its digest.
    pub fn put_blob(&mut self, repository: &str, blob: Blob) -> Digest {
        let digest = blob.digest();
        self.local_mut(repository, Origin::Pushed)
            .blobs
            .insert(digest);
        self.blobs.insert(digest, blob);
        digest
    }

    /// Makes a blob of `from` available in `repository` without an upload,
    /// as a cross-repository mount does. Returns whether `from` had it.
    pub fn mount_blob(&mut self, repository: &str, digest: &Digest, from: &str) -> bool {
        let Some(blob) = self.blob(from, digest) else {
            return false;
        };
        self.put_blob(repository, blob);
        true
    }

    /// Stores a manifest or index and points `tag` at it, as
    /// `PUT /v2/<name>/manifests/<tag>` does. Every blob the document
    /// references must already be in the repository.
    pub fn put_manifest(
        &mut self,
        repository: &str,
        tag: Option<&str>,
        blob: Blob,
    ) -> Result<Digest, RegistryError> {
        let references = referenced_digests(&blob)?;
        if let Some(missing) = references
            .iter()
            .find(|digest| self.blob(repository, digest).is_none())
        {
            return Err(RegistryError::ManifestBlobUnknown(*missing));
        }
        let digest = self.put_blob(repository, blob);
        if let Some(tag) = tag {
            self.local_mut(repository, Origin::Pushed)
                .tags
                .insert(tag.to_string(), digest);
        }
        Ok(digest)
    }

    pub(crate) fn local_mut(&mut self, repository: &str, origin: Origin) -> &mut LocalRepository {
        self.repositories
            .entry(repository.to_string())
            .or_insert_with(|| LocalRepository {
                origin,
                tags: SortedMap::new(),
                blobs: SortedSet::new(),
            })
    }

    /// Stores a blob without checking what it references.
    pub(crate) fn store_blob(
        &mut self,
        repository: &str,
        origin: Origin,
        digest: Digest,
        blob: Blob,
    ) {
        self.local_mut(repository, origin).blobs.insert(digest);
        self.blobs.insert(digest, blob);
    }

    /// Pulls one platform's image: resolves the reference, picks the
    /// platform's manifest from an index, and reads the config and layers. A
    /// reference to a single-platform manifest gives that manifest whatever
    /// the requested platform.
    pub fn pull(
        &self,
        repository: &str,
        reference: &str,
        platform: &Platform,
    ) -> Result<PulledImage, RegistryError> {
        let (digest, top) = self.manifest(repository, reference)?;
        let (manifest_digest, manifest_blob) = if media_type::is_index(&top.media_type) {
            let index: ImageIndex = parse_json(&top)?;
            let entry = index
                .manifests
                .iter()
                .find(|entry| entry.platform.as_ref().is_some_and(|p| p.matches(platform)))
                .ok_or_else(|| RegistryError::NoMatchingPlatform(platform.clone()))?;
            let blob = self
                .blob(repository, &entry.digest)
                .ok_or(RegistryError::BlobUnknown(entry.digest))?;
            (entry.digest, blob)
        } else {
            (digest, top)
        };
        let manifest: ImageManifest = parse_json(&manifest_blob)?;
        let config_blob = self
            .blob(repository, &manifest.config.digest)
            .ok_or(RegistryError::BlobUnknown(manifest.config.digest))?;
        let config: ImageConfig = parse_json(&config_blob)?;
        let layers = self.pulled_layers(repository, &manifest, &config)?;
        Ok(PulledImage {
            digest,
            manifest_digest,
            config_digest: manifest.config.digest,
            manifest,
            config,
            layers,
        })
    }

    fn pulled_layers(
        &self,
        repository: &str,
        manifest: &ImageManifest,
        config: &ImageConfig,
    ) -> Result<Vec<PulledLayer>, RegistryError> {
        if manifest.layers.len() != config.rootfs.diff_ids.len() {
            return Err(RegistryError::ManifestInvalid(
                "layer count differs from rootfs.diff_ids".into(),
            ));
        }
        manifest
            .layers
            .iter()
            .zip(&config.rootfs.diff_ids)
            .map(|(descriptor, diff_id)| {
                let blob = self
                    .blob(repository, &descriptor.digest)
                    .ok_or(RegistryError::BlobUnknown(descriptor.digest))?;
                let changes = blob
                    .changes()
                    .cloned()
                    .ok_or(RegistryError::BlobUnknown(descriptor.digest))?;
                Ok(PulledLayer {
                    blob_digest: descriptor.digest,
                    compressed_size: descriptor.size,
                    diff_id: *diff_id,
                    changes,
                })
            })
            .collect()
    }

    /// Returns the repositories stored in this value (pushed or synthesised), sorted.
    pub fn local_repositories(&self) -> impl Iterator<Item = &str> {
        self.repositories.keys().map(String::as_str)
    }
}

fn is_manifest_type(media_type: &str) -> bool {
    media_type::is_index(media_type) || media_type::is_manifest(media_type)
}

fn parse_json<T: FromJson>(blob: &Blob) -> Result<T, RegistryError> {
    let text = blob
        .json_bytes()
        .and_then(|bytes| std::str::from_utf8(bytes).ok())
        .ok_or_else(|| RegistryError::ManifestInvalid("not a JSON document".into()))?;
    let value = Json::parse(text).map_err(|error| error.to_string());
    value
        .and_then(|value| T::from_json(&value))
        .map_err(RegistryError::ManifestInvalid)
}

fn referenced_digests(blob: &Blob) -> Result<Vec<Digest>, RegistryError> {
    if media_type::is_index(&blob.media_type) {
        let index: ImageIndex = parse_json(blob)?;
        return Ok(index.manifests.iter().map(|entry| entry.digest).collect());
    }
    if media_type::is_manifest(&blob.media_type) {
        let manifest: ImageManifest = parse_json(blob)?;
        let layers = manifest.layers.iter().map(|layer| layer.digest);
        return Ok(std::iter::once(manifest.config.digest)
            .chain(layers)
            .collect());
    }
    Err(RegistryError::ManifestInvalid(format!(
        "unsupported manifest media type {}",
        blob.media_type
    )))
}
