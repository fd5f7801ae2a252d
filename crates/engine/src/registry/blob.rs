//! Blobs: the content-addressed bytes a registry stores.
//!
//! Indexes, manifests and configs are stored as their real JSON bytes. A layer
//! is stored as its [`ChangeSet`]; the simulator never builds the gzip tar, so
//! the compressed blob is defined instead of computed:
//!
//! - its **digest** is the SHA-256 of the text
//!   `porthole-layer-tar+gzip-v1\n<diff ID>\n` (see [`layer_blob_digest`]),
//!   so equal change sets give equal blobs and any change to the files
//!   changes the blob digest;
//! - its **size** is an estimate (see [`estimate_compressed_size`]).

use std::sync::Arc;

use crate::digest::Digest;
use crate::fs::ChangeSet;

/// The stored bytes of a blob.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum BlobContent {
    /// An index, manifest or config, as its exact JSON bytes.
    Json(Arc<[u8]>),
    /// A layer, as its change set.
    Layer(Arc<ChangeSet>),
}

/// A blob with its media type and its size in bytes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Blob {
    /// The media type it was pushed or catalogued with.
    pub media_type: String,
    /// Its length: the JSON length, or the estimated compressed layer size.
    pub size: u64,
    /// The bytes.
    pub content: BlobContent,
}

impl Blob {
    /// Creates a JSON document blob.
    pub fn json(media_type: &str, bytes: Vec<u8>) -> Blob {
        Blob {
            media_type: media_type.to_string(),
            size: bytes.len() as u64,
            content: BlobContent::Json(bytes.into()),
        }
    }

    /// Creates a layer blob of the given compressed size.
    pub fn layer(media_type: &str, changes: Arc<ChangeSet>, compressed_size: u64) -> Blob {
        Blob {
            media_type: media_type.to_string(),
            size: compressed_size,
            content: BlobContent::Layer(changes),
        }
    }

    /// Computes the blob's digest from its content, which is how a registry
    /// verifies an upload.
    pub fn digest(&self) -> Digest {
        match &self.content {
            BlobContent::Json(bytes) => Digest::of(bytes),
            BlobContent::Layer(changes) => layer_blob_digest(&changes.diff_id()),
        }
    }

    /// Returns the JSON bytes, for an index, manifest or config.
    pub fn json_bytes(&self) -> Option<&[u8]> {
        match &self.content {
            BlobContent::Json(bytes) => Some(bytes),
            BlobContent::Layer(_) => None,
        }
    }

    /// Returns the change set, for a layer.
    pub fn changes(&self) -> Option<&Arc<ChangeSet>> {
        match &self.content {
            BlobContent::Layer(changes) => Some(changes),
            BlobContent::Json(_) => None,
        }
    }
}

/// Computes the digest of the compressed blob of the layer with `diff_id`,
/// as the module docs define it.
pub fn layer_blob_digest(diff_id: &Digest) -> Digest {
    Digest::of(format!("porthole-layer-tar+gzip-v1\n{diff_id}\n").as_bytes())
}

/// The share of synthetic (binary) bytes left after gzip when no better
/// figure is known. It is an estimate close to what Debian and Alpine base
/// layers show on Docker Hub, which is about 0.37 to 0.47.
pub const DEFAULT_BINARY_RATIO: f64 = 0.4;

/// Estimates the gzip size of a layer tar: text compresses to about a third,
/// binary bytes to `binary_ratio`, and each entry costs about 48 bytes of
/// compressed tar header, plus about 100 bytes of gzip and tar framing.
pub fn estimate_compressed_size(changes: &ChangeSet, binary_ratio: f64) -> u64 {
    let text = changes.text_size() as f64;
    let binary = changes.size().saturating_sub(changes.text_size()) as f64;
    let headers = 48 * changes.len() as u64 + 100;
    (text * 0.33 + binary * binary_ratio).ceil() as u64 + headers
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fs::{Content, Entry, FsPath};

    fn layer() -> ChangeSet {
        [(
            FsPath::new("/bin/tool"),
            Entry::file(
                Content::Synthetic {
                    size: 1000,
                    seed: 3,
                },
                0o755,
            ),
        )]
        .into_iter()
        .collect()
    }

    #[test]
    fn layer_digest_follows_diff_id() {
        let changes = Arc::new(layer());
        let blob = Blob::layer(
            crate::registry::media_type::OCI_LAYER_GZIP,
            changes.clone(),
            10,
        );
        assert_eq!(blob.digest(), layer_blob_digest(&changes.diff_id()));
        assert_ne!(blob.digest(), changes.diff_id());
    }

    #[test]
    fn json_digest_is_sha256_of_bytes() {
        let blob = Blob::json("application/json", b"{}".to_vec());
        assert_eq!(blob.digest(), Digest::of(b"{}"));
        assert_eq!(blob.size, 2);
    }

    #[test]
    fn compressed_size_estimate() {
        assert_eq!(estimate_compressed_size(&layer(), 0.4), 400 + 48 + 100);
        assert_eq!(estimate_compressed_size(&ChangeSet::new(), 0.4), 100);
    }
}
