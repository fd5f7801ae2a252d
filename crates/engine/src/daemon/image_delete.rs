//! `DELETE /images/{name}`: untagging and deleting images with Docker's
//! conflict rules (moby `daemon/images/image_delete.go`, Docker 28).
//!
//! A name removes that one reference first; the image itself is deleted
//! only when no reference is left. An ID removes every reference when they
//! all belong to one repository. Conflicts are soft (a stopped container,
//! other repositories' tags), which `-f` overrides, or hard (a running
//! container), which nothing overrides.

use crate::digest::Digest;
use crate::reference::{self, Reference};

use crate::clock::Millis;

use super::filters::Filters;
use super::images::{parse_image_name, ImageName};
use super::{ApiError, Daemon};
use shared_sort::SharedSort;

/// One line of the response: `Untagged: …` or `Deleted: …`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum DeleteItem {
    /// A reference was removed; the text is its familiar form.
    Untagged { image_id: Digest, reference: String },
    /// The image itself was deleted.
    ImageDeleted(Digest),
    /// A layer that no image uses any more was deleted; moby reports its
    /// chain ID.
    LayerDeleted {
        chain_id: Digest,
        diff_id: Digest,
        size: u64,
    },
}

impl DeleteItem {
    /// Returns the line `docker rmi` prints for the item.
    pub fn line(&self) -> String {
        match self {
            DeleteItem::Untagged { reference, .. } => format!("Untagged: {reference}"),
            DeleteItem::ImageDeleted(id) => format!("Deleted: {id}"),
            DeleteItem::LayerDeleted { chain_id, .. } => format!("Deleted: {chain_id}"),
        }
    }
}

/// The conflict kinds a check looks for.
#[derive(Clone, Copy, PartialEq, Eq)]
struct Conflicts {
    running_container: bool,
    other_references: bool,
    stopped_container: bool,
}

impl Conflicts {
    const HARD: Conflicts = Conflicts {
        running_container: true,
        other_references: false,
        stopped_container: false,
    };
    const ALL: Conflicts = Conflicts {
        running_container: true,
        other_references: true,
        stopped_container: true,
    };
}

impl Daemon {
    /// Deletes an image or one of its references for `docker rmi NAME` and
    /// returns the response items in moby's order.
    pub fn delete_image(&mut self, name: &str, force: bool) -> Result<Vec<DeleteItem>, ApiError> {
        let image_id = self.images.lookup(name).map_err(|_| not_found(name))?.id;
        let mut items = Vec::new();

        if !names_image_id(name, &image_id) {
            let Some(ImageName::Reference(reference)) = parse_image_name(name) else {
                return Err(not_found(name));
            };
            if !force && self.single_repository(&image_id) {
                if let Some(container) = self
                    .containers
                    .iter()
                    .find(|container| container.image_id == image_id)
                {
                    return Err(ApiError::new(
                        409,
                        format!(
                            "conflict: unable to remove repository reference \"{name}\" (must force) - container {} is using its referenced image {}",
                            container.short_id(),
                            image_id.short()
                        ),
                    ));
                }
            }
            self.remove_reference(&image_id, &reference, &mut items);
            if !self.images.references_of(&image_id).is_empty() {
                return Ok(items);
            }
            // The image is dangling now. moby deletes it unless a container
            // uses it, and then keeps it without reporting the conflict.
            let mask = if force {
                Conflicts::HARD
            } else {
                Conflicts::ALL
            };
            if self.check_conflict(&image_id, mask).is_ok() {
                self.delete_image_record(&image_id, &mut items);
            }
            return Ok(items);
        } else if self.single_repository(&image_id) {
            let mask = if force {
                Conflicts::HARD
            } else {
                Conflicts {
                    other_references: false,
                    ..Conflicts::ALL
                }
            };
            self.check_conflict(&image_id, mask)?;
            for reference in self.images.references_of(&image_id) {
                self.remove_reference_only(&image_id, &reference, &mut items);
            }
        }

        let mask = if force {
            Conflicts::HARD
        } else {
            Conflicts::ALL
        };
        self.check_conflict(&image_id, mask)?;
        for reference in self.images.references_of(&image_id) {
            self.remove_reference_only(&image_id, &reference, &mut items);
        }
        self.delete_image_record(&image_id, &mut items);
        Ok(items)
    }

    /// Removes a tag or digest reference and, when a tag was the last one of
    /// its repository, the digest references of that repository too.
    fn remove_reference(
        &mut self,
        image_id: &Digest,
        reference: &Reference,
        items: &mut Vec<DeleteItem>,
    ) {
        let reference = if reference.digest().is_some() {
            reference.clone()
        } else {
            reference.clone().with_default_tag()
        };
        self.remove_reference_only(image_id, &reference, items);
        if reference.digest().is_some() {
            return;
        }
        let remaining = self.images.references_of(image_id);
        let same_repository_tag = remaining
            .iter()
            .any(|known| known.digest().is_none() && known.name() == reference.name());
        if same_repository_tag {
            return;
        }
        for known in remaining
            .into_iter()
            .filter(|known| known.digest().is_some() && known.name() == reference.name())
        {
            self.remove_reference_only(image_id, &known, items);
        }
    }

    fn remove_reference_only(
        &mut self,
        image_id: &Digest,
        reference: &Reference,
        items: &mut Vec<DeleteItem>,
    ) {
        let removed = if reference.digest().is_some() {
            self.images.untag_digest(image_id, reference)
        } else {
            self.images.untag(reference).is_some()
        };
        if removed {
            items.push(DeleteItem::Untagged {
                image_id: *image_id,
                reference: reference.familiar_string(),
            });
        }
    }

    /// Returns whether every reference of the image names one repository,
    /// as moby's `isSingleReference` decides: at most one tag, and digest
    /// references only of that tag's repository.
    fn single_repository(&self, image_id: &Digest) -> bool {
        let references = self.images.references_of(image_id);
        if references.len() <= 1 {
            return references.len() == 1;
        }
        let tags: Vec<&Reference> = references
            .iter()
            .filter(|known| known.digest().is_none())
            .collect();
        if tags.len() > 1 {
            return false;
        }
        let single = tags.first().copied().unwrap_or(&references[0]);
        let mut digest_names: Vec<String> = references
            .iter()
            .filter(|known| known.digest().is_some())
            .map(Reference::name)
            .collect();
        digest_names.shared_sort();
        digest_names.dedup();
        digest_names.len() == 1 && digest_names[0] == single.name()
    }

    fn check_conflict(&self, image_id: &Digest, mask: Conflicts) -> Result<(), ApiError> {
        let conflict = |hard: bool, message: String| {
            let force = if hard {
                "cannot be forced"
            } else {
                "must be forced"
            };
            Err(ApiError::new(
                409,
                format!(
                    "conflict: unable to delete {} ({force}) - {message}",
                    image_id.short()
                ),
            ))
        };
        let users = || {
            self.containers
                .iter()
                .filter(|container| container.image_id == *image_id)
        };
        if mask.running_container {
            if let Some(container) = users().find(|container| container.state.is_running()) {
                return conflict(
                    true,
                    format!(
                        "image is being used by running container {}",
                        container.short_id()
                    ),
                );
            }
        }
        if mask.other_references && !self.images.references_of(image_id).is_empty() {
            return conflict(
                false,
                "image is referenced in multiple repositories".to_string(),
            );
        }
        if mask.stopped_container {
            if let Some(container) = users().find(|container| !container.state.is_running()) {
                return conflict(
                    false,
                    format!(
                        "image is being used by stopped container {}",
                        container.short_id()
                    ),
                );
            }
        }
        Ok(())
    }

    /// Deletes the image and the layers only it used. A container made from
    /// the image keeps the layers, so none are deleted while one exists.
    fn delete_image_record(&mut self, image_id: &Digest, items: &mut Vec<DeleteItem>) {
        let Some(image) = self.images.remove(image_id) else {
            return;
        };
        items.push(DeleteItem::ImageDeleted(*image_id));
        let used_by_container = self
            .containers
            .iter()
            .any(|container| container.image_id == *image_id);
        if used_by_container {
            // FIXME: the layers stay stored after the last such container
            // is removed, because containers hold no layer references.
            return;
        }
        for layer in self.layers.release(&image.chain) {
            items.push(DeleteItem::LayerDeleted {
                chain_id: layer.chain_id,
                diff_id: layer.diff_id,
                size: layer.size,
            });
        }
    }
}

impl Daemon {
    /// Removes unused images as `POST /images/prune` does (moby
    /// `ImagesPrune`): dangling ones, or with `all` every image no container
    /// uses, by each of its references. Returns the items and the bytes of
    /// the deleted layers.
    pub fn prune_images(
        &mut self,
        all: bool,
        filters: &Filters,
        now: Millis,
    ) -> Result<(Vec<DeleteItem>, u64), ApiError> {
        filters.validate(&["dangling", "label", "label!", "until"])?;
        let until = match filters.values("until").last() {
            Some(value) => Some(super::filters::until_time(value, now)?),
            None => None,
        };
        let mut items = Vec::new();
        let candidates: Vec<Digest> = self
            .images
            .iter()
            .filter(|image| filters.labels_match(&image.config.config.labels))
            .filter(|image| until.is_none_or(|time| image.created < time))
            .map(|image| image.id)
            .collect();
        for id in candidates {
            if self
                .containers
                .iter()
                .any(|container| container.image_id == id)
            {
                continue;
            }
            let references = self.images.references_of(&id);
            if references.is_empty() {
                items.extend(self.delete_image(&id.to_string(), false)?);
                continue;
            }
            if !all {
                continue;
            }
            for reference in references {
                if self.images.get(&id).is_some() {
                    items.extend(self.delete_image(&reference.to_string(), false)?);
                }
            }
        }
        let reclaimed = items
            .iter()
            .filter_map(|item| match item {
                DeleteItem::LayerDeleted { size, .. } => Some(*size),
                _ => None,
            })
            .sum();
        Ok((items, reclaimed))
    }
}

/// Returns whether the user named the image by its ID (`sha256:…` or a hex
/// prefix), as moby's `isImageIDPrefix` decides.
fn names_image_id(name: &str, image_id: &Digest) -> bool {
    let hex = image_id.hex();
    let bare = name.strip_prefix("sha256:").unwrap_or(name);
    !bare.is_empty() && hex.starts_with(bare) && (name.starts_with("sha256:") || bare.len() <= 64)
}

/// Returns `No such image: NAME`, naming references with their tag as
/// moby's `GetImage` does (`foo` → `foo:latest`).
pub fn not_found(name: &str) -> ApiError {
    let shown = match reference::parse_normalized_named(name) {
        Ok(reference) if !reference::is_identifier(name) => {
            reference.with_default_tag().familiar_string()
        }
        _ => name.to_string(),
    };
    ApiError::no_such_image(&shown)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn image_id_names_table() {
        let id = Digest::of(b"image");
        let hex = id.hex();
        let cases = [
            (hex[..12].to_string(), true),
            (format!("sha256:{}", &hex[..5]), true),
            (hex.clone(), true),
            ("alpine".to_string(), false),
            (String::new(), false),
        ];
        for (name, expected) in cases {
            assert_eq!(names_image_id(&name, &id), expected, "{name}");
        }
    }

    #[test]
    fn not_found_names_reference_with_tag() {
        assert_eq!(not_found("foo").message, "No such image: foo:latest");
        assert_eq!(not_found("foo:1").message, "No such image: foo:1");
        assert_eq!(not_found("abc123").message, "No such image: abc123:latest");
        assert_eq!(not_found("sha256:abc").message, "No such image: sha256:abc");
    }
}
