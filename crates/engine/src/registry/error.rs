//! Registry errors with the OCI distribution spec's error codes and messages.

use std::fmt;

use super::oci::Platform;
use crate::digest::Digest;

/// A failed registry request.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum RegistryError {
    /// `NAME_UNKNOWN`: no such repository. Docker Hub responds to an
    /// anonymous pull of a missing repository with `UNAUTHORIZED` instead,
    /// which the daemon reports as `pull access denied`.
    NameUnknown(String),
    /// `NAME_INVALID`: the repository path is not well formed.
    NameInvalid(String),
    /// `TAG_INVALID`: the tag is not well formed.
    TagInvalid(String),
    /// `MANIFEST_UNKNOWN`: no such tag or manifest digest.
    ManifestUnknown(String),
    /// `BLOB_UNKNOWN`: no such blob in the repository.
    BlobUnknown(Digest),
    /// `MANIFEST_BLOB_UNKNOWN`: a pushed manifest references a missing blob.
    ManifestBlobUnknown(Digest),
    /// `MANIFEST_INVALID`: a document that does not parse or does not match.
    ManifestInvalid(String),
    /// The index has no manifest for the requested platform (reported by the
    /// daemon, not the registry).
    NoMatchingPlatform(Platform),
    /// `TOOMANYREQUESTS`: the client's pull rate limit is spent.
    TooManyRequests,
}

impl RegistryError {
    /// Returns the error code in the registry's JSON error body, such as
    /// `MANIFEST_UNKNOWN`; `None` for errors the daemon reports itself.
    pub fn code(&self) -> Option<&'static str> {
        match self {
            RegistryError::NameUnknown(_) => Some("NAME_UNKNOWN"),
            RegistryError::NameInvalid(_) => Some("NAME_INVALID"),
            RegistryError::TagInvalid(_) => Some("TAG_INVALID"),
            RegistryError::ManifestUnknown(_) => Some("MANIFEST_UNKNOWN"),
            RegistryError::BlobUnknown(_) => Some("BLOB_UNKNOWN"),
            RegistryError::ManifestBlobUnknown(_) => Some("MANIFEST_BLOB_UNKNOWN"),
            RegistryError::ManifestInvalid(_) => Some("MANIFEST_INVALID"),
            RegistryError::NoMatchingPlatform(_) => None,
            RegistryError::TooManyRequests => Some("TOOMANYREQUESTS"),
        }
    }
}

impl fmt::Display for RegistryError {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            RegistryError::NameUnknown(_) => {
                formatter.write_str("repository name not known to registry")
            }
            RegistryError::NameInvalid(_) => formatter.write_str("invalid repository name"),
            RegistryError::TagInvalid(_) => formatter.write_str("manifest tag did not match URI"),
            RegistryError::ManifestUnknown(_) => formatter.write_str("manifest unknown"),
            RegistryError::BlobUnknown(_) | RegistryError::ManifestBlobUnknown(_) => {
                formatter.write_str("blob unknown to registry")
            }
            RegistryError::ManifestInvalid(_) => formatter.write_str("manifest invalid"),
            RegistryError::NoMatchingPlatform(platform) => {
                write!(
                    formatter,
                    "no matching manifest for {platform} in the manifest list entries"
                )
            }
            RegistryError::TooManyRequests => formatter.write_str(
                "You have reached your unauthenticated pull rate limit. https://www.docker.com/increase-rate-limit",
            ),
        }
    }
}

impl std::error::Error for RegistryError {}
