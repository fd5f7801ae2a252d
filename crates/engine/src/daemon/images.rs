//! The daemon's image store: images by ID, and repository tags pointing at them.
//!
//! An image's ID is the digest of its config (Docker's classic store). Tags
//! are kept as canonical references (`docker.io/library/python:3.12-slim`);
//! an image without tags is dangling and lists as `<none>:<none>`.

use shared_sort::SortedMap;

use crate::clock::Millis;
use crate::digest::Digest;
use crate::reference::{self, AnyReference, Reference};
use crate::registry::ImageConfig;

use super::ApiError;

/// An image in the store.
#[derive(Clone, Debug)]
pub struct Image {
    /// The config digest: the IMAGE ID.
    pub id: Digest,
    pub config: ImageConfig,
    /// The config's canonical JSON, whose digest is `id`.
    pub config_json: Vec<u8>,
    /// When the image was created, on the logical clock.
    pub created: Millis,
    /// Chain IDs of the layers, bottom first.
    pub chain: Vec<Digest>,
    /// Sum of the layers' sizes.
    pub size: u64,
    /// `repository@sha256:…` of the manifests it was pulled or pushed as.
    pub repo_digests: Vec<String>,
    /// The image it was built on, for images built here.
    pub parent: Option<Digest>,
}

impl Image {
    /// Returns the layers' diff IDs, bottom first.
    pub fn diff_ids(&self) -> &[Digest] {
        &self.config.rootfs.diff_ids
    }
}

/// Images by ID plus the tags that name them.
#[derive(Clone, Debug, Default)]
pub struct ImageStore {
    images: SortedMap<Digest, Image>,
    /// IDs in the order the images were stored, for a stable drawing order.
    order: Vec<Digest>,
    /// Canonical `name:tag` → image ID.
    tags: SortedMap<String, Digest>,
    /// When `docker tag` last named each image (`Metadata.LastTagTime`).
    last_tag_times: SortedMap<Digest, Millis>,
}

/// How a user named an image.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ImageName {
    /// A repository reference, normalised (`docker.io/library/ubuntu:latest`).
    Reference(Reference),
    /// An ID or a unique prefix of one.
    Id(String),
}

impl ImageStore {
    /// Stores an image (or returns the existing one with the same ID) and
    /// reports whether it was new.
    pub fn insert(&mut self, image: Image) -> bool {
        if self.images.contains_key(&image.id) {
            return false;
        }
        self.order.push(image.id);
        self.images.insert(image.id, image);
        true
    }

    /// Returns the image with this ID.
    pub fn get(&self, id: &Digest) -> Option<&Image> {
        self.images.get(id)
    }

    /// Returns the image with this ID, for changes.
    pub fn get_mut(&mut self, id: &Digest) -> Option<&mut Image> {
        self.images.get_mut(id)
    }

    /// Iterates over images in the order they were stored.
    pub fn iter(&self) -> impl Iterator<Item = &Image> {
        self.order.iter().filter_map(|id| self.images.get(id))
    }

    /// Returns how many images are stored.
    pub fn len(&self) -> usize {
        self.images.len()
    }

    /// Returns whether the store is empty.
    pub fn is_empty(&self) -> bool {
        self.images.is_empty()
    }

    /// Points `reference`'s tag at `id` and returns the image it named
    /// before, if it moved.
    pub fn tag(&mut self, reference: &Reference, id: Digest) -> Option<Digest> {
        let key = reference.to_string();
        match self.tags.insert(key, id) {
            Some(previous) if previous != id => Some(previous),
            _ => None,
        }
    }

    /// Records when an image was last tagged.
    pub fn set_last_tag_time(&mut self, id: &Digest, time: Millis) {
        self.last_tag_times.insert(*id, time);
    }

    /// Returns when an image was last tagged by `docker tag`, if ever.
    pub fn last_tag_time(&self, id: &Digest) -> Option<Millis> {
        self.last_tag_times.get(id).copied()
    }

    /// Removes a tag and returns the image it named.
    pub fn untag(&mut self, reference: &Reference) -> Option<Digest> {
        self.tags.remove(&reference.to_string())
    }

    /// Returns the canonical tags of an image, sorted.
    pub fn tags_of(&self, id: &Digest) -> Vec<Reference> {
        self.tags
            .iter()
            .filter(|(_, target)| *target == id)
            .filter_map(|(name, _)| reference::parse(name).ok())
            .collect()
    }

    /// Returns the image a tag names.
    pub fn by_tag(&self, reference: &Reference) -> Option<&Image> {
        self.tags
            .get(&reference.to_string())
            .and_then(|id| self.images.get(id))
    }

    /// Returns every tag in the store with the image it names, sorted by
    /// canonical reference.
    pub fn all_tags(&self) -> Vec<(Reference, Digest)> {
        self.tags
            .iter()
            .filter_map(|(name, id)| Some((reference::parse(name).ok()?, *id)))
            .collect()
    }

    /// Returns the image's repository references as moby's reference store
    /// lists them: its tags, then its digest references.
    pub fn references_of(&self, id: &Digest) -> Vec<Reference> {
        let mut references = self.tags_of(id);
        if let Some(image) = self.images.get(id) {
            references.extend(
                image
                    .repo_digests
                    .iter()
                    .filter_map(|text| reference::parse(text).ok()),
            );
        }
        references
    }

    /// Removes a digest reference (`name@sha256:…`) from an image and returns
    /// whether it was there.
    pub fn untag_digest(&mut self, id: &Digest, reference: &Reference) -> bool {
        let Some(image) = self.images.get_mut(id) else {
            return false;
        };
        let text = reference.to_string();
        let before = image.repo_digests.len();
        image.repo_digests.retain(|known| *known != text);
        before != image.repo_digests.len()
    }

    /// Removes an image (its tags must already be gone) and returns it.
    pub fn remove(&mut self, id: &Digest) -> Option<Image> {
        self.order.retain(|known| known != id);
        self.tags.retain(|_, target| target != id);
        self.last_tag_times.remove(id);
        self.images.remove(id)
    }

    /// Finds an image by reference, ID or unique ID prefix, as the daemon's
    /// `GetImage` does. The error is Docker's `No such image: NAME`.
    pub fn lookup(&self, name: &str) -> Result<&Image, ApiError> {
        let not_found = || ApiError::no_such_image(name);
        match parse_image_name(name) {
            Some(ImageName::Id(prefix)) => self.by_id_prefix(&prefix).ok_or_else(not_found),
            Some(ImageName::Reference(reference)) => {
                if let Some(digest) = reference.digest() {
                    return self
                        .iter()
                        .find(|image| {
                            image.repo_digests.iter().any(|known| {
                                known.ends_with(digest) && known.starts_with(&reference.name())
                            })
                        })
                        .ok_or_else(not_found);
                }
                let tagged = reference.clone().with_default_tag();
                if let Some(image) = self.by_tag(&tagged) {
                    return Ok(image);
                }
                // A bare hex string that is not a tag may still be an ID prefix.
                if reference.tag().is_none() && is_hex(name) {
                    return self.by_id_prefix(name).ok_or_else(not_found);
                }
                Err(not_found())
            }
            None => Err(not_found()),
        }
    }

    fn by_id_prefix(&self, prefix: &str) -> Option<&Image> {
        let mut matches = self
            .images
            .values()
            .filter(|image| image.id.hex().starts_with(prefix));
        let first = matches.next()?;
        matches.next().is_none().then_some(first)
    }
}

/// Parses what a user typed to name an image: `sha256:…`, a hex ID prefix of
/// at least one character when no tag of that name exists, or a reference.
pub fn parse_image_name(name: &str) -> Option<ImageName> {
    if let Some(hex) = name.strip_prefix("sha256:") {
        return is_hex(hex).then(|| ImageName::Id(hex.to_string()));
    }
    match reference::parse_any_reference(name) {
        Ok(AnyReference::Digest(digest)) => Some(ImageName::Id(
            digest.trim_start_matches("sha256:").to_string(),
        )),
        Ok(AnyReference::Named(_)) => reference::parse_normalized_named(name)
            .ok()
            .map(ImageName::Reference),
        Err(_) => None,
    }
}

fn is_hex(text: &str) -> bool {
    !text.is_empty()
        && text.len() <= 64
        && text
            .bytes()
            .all(|byte| matches!(byte, b'0'..=b'9' | b'a'..=b'f'))
}
