//! The file model that every layer, image and container uses.
//!
//! - [`FsPath`]: normalised absolute paths, ordered as a directory walk visits
//!   them.
//! - [`Entry`]: a directory, regular file, symlink, whiteout or opaque
//!   directory, with mode and owner; file content is text or synthetic bytes.
//! - [`ChangeSet`]: one layer's entries, with the canonical serialisation
//!   whose SHA-256 is the layer's diff ID, and its size.
//! - [`Overlay`]: shared read-only lower change sets under one writable upper
//!   change set. It provides overlay2's merged view, copy-up, whiteouts and
//!   opaque directories, shell-like file operations, `docker diff`, and the
//!   upper layer as a new change set for `docker commit`.

#![deny(missing_docs)]

mod changeset;
mod diff;
mod entry;
mod error;
mod merge;
mod ops;
mod overlay;
mod path;

pub use changeset::ChangeSet;
pub use diff::{Change, ChangeKind};
pub use entry::{mix_seed, Content, Entry, EntryKind, FileType, Metadata, DIRECTORY_SIZE};
pub use error::{FsError, FsErrorKind};
pub use ops::{IfMissing, Owner, Recursion};
pub use overlay::{DirEntry, Overlay, MAX_NAME_LEN, MAX_PATH_LEN, MAX_SYMLINKS};
pub use path::FsPath;

#[cfg(test)]
mod tests;
