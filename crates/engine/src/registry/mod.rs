//! The simulated registry: storage, the Docker Hub catalogue, search, and the
//! permissive-mode synthesiser.
//!
//! - [`Registry`] stores repositories by path (`library/python`), tags, and
//!   blobs by digest: indexes, manifests, configs and layers, with their media
//!   types. Docker Hub is backed by the catalogue; a private registry starts
//!   empty.
//! - The catalogue (`data/registry/`) describes real official images and a few
//!   others, each with several tags, `linux/amd64` and `linux/arm64/v8`
//!   manifests, history, config and file trees built from shared fragments.
//!   Images that share a parent share its layers, digests included.
//! - Every digest is a real SHA-256: of the canonical JSON for indexes,
//!   manifests and configs, of a layer's change-set serialisation for its diff
//!   ID, and of a text derived from the diff ID for its compressed blob (see
//!   [`layer_blob_digest`]).

#![deny(missing_docs)]

mod access;
mod blob;
mod catalogue;
mod error;
mod oci;
mod search;
mod storage;
mod synthesise;

pub use blob::{
    estimate_compressed_size, layer_blob_digest, Blob, BlobContent, DEFAULT_BINARY_RATIO,
};
pub use catalogue::{Arch, CatalogueError};
pub use error::RegistryError;
pub use oci::{
    media_type, to_canonical_json, ContainerConfig, Descriptor, EmptyObject, HealthcheckConfig,
    History, ImageConfig, ImageIndex, ImageManifest, Platform, RootFs,
};
pub use search::{familiar_name, SearchResult, DEFAULT_LIMIT, MAX_LIMIT};
pub use storage::{Origin, PulledImage, PulledLayer, Registry};
pub use synthesise::{validate_repository, validate_tag, SYNTHESISED_LABEL};

/// Builds every catalogue image and returns the problems found, empty when
/// the data is sound. Tests call it; the page never needs to.
pub fn check_catalogue() -> Vec<CatalogueError> {
    let catalogue = match catalogue::catalogue() {
        Ok(catalogue) => catalogue,
        Err(error) => return vec![error],
    };
    (0..catalogue.repositories.len())
        .filter_map(|index| catalogue.content(index).err())
        .collect()
}

#[cfg(test)]
mod tests;
