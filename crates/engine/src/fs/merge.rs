//! overlayfs's lookup rules over a stack of change sets, walked one path
//! component at a time.
//!
//! Looking up a name in a directory checks the layers from the top down. The
//! first layer with an entry for it decides, and a whiteout there means the
//! name is deleted.
//!
//! Entering a directory narrows the layers that can add entries below it. An
//! opaque directory hides every layer below the one that marks it. A file,
//! symlink or whiteout at the directory's path in a lower layer hides that
//! layer and everything under it. A [`Cursor`] carries that narrowed set
//! (`limit`) down the path, so resolving a path of `k` components costs `k`
//! lookups per layer, however deep it is.

use shared_sort::SortedSet;

use super::changeset::ChangeSet;
use super::entry::{Entry, EntryKind};
use super::path::FsPath;

/// The root directory, which no layer records.
pub(crate) static ROOT: Entry = Entry {
    kind: EntryKind::Directory,
    mode: 0o755,
    uid: 0,
    gid: 0,
};

/// Layers ordered from the top down.
pub(crate) struct Stack<'a> {
    top_down: Vec<&'a ChangeSet>,
}

/// A directory reached through the stack: its physical path and how many
/// layers from the top can hold entries below it.
#[derive(Clone, Debug)]
pub(crate) struct Cursor {
    pub path: FsPath,
    limit: usize,
}

/// A visible entry found under a cursor, with the index of its layer.
pub(crate) struct Found<'a> {
    pub path: FsPath,
    pub entry: &'a Entry,
    layer: usize,
}

impl<'a> Stack<'a> {
    pub(crate) fn new(top_down: Vec<&'a ChangeSet>) -> Stack<'a> {
        Stack { top_down }
    }

    /// Creates a cursor at the root, where every layer counts.
    pub(crate) fn root(&self) -> Cursor {
        Cursor {
            path: FsPath::root(),
            limit: self.top_down.len(),
        }
    }

    /// Returns the visible entry `name` inside the cursor's directory.
    pub(crate) fn child(&self, directory: &Cursor, name: &str) -> Option<Found<'a>> {
        let path = directory.path.child(name);
        for (layer, changes) in self.top_down.iter().enumerate().take(directory.limit) {
            if let Some(entry) = changes.get(&path) {
                if entry.is_whiteout() {
                    return None;
                }
                return Some(Found { path, entry, layer });
            }
        }
        None
    }

    /// Enters `found`, which must be a directory, and returns its cursor.
    pub(crate) fn enter(&self, directory: &Cursor, found: &Found<'_>) -> Cursor {
        let mut limit = directory.limit;
        if found.entry.kind == EntryKind::OpaqueDirectory {
            limit = found.layer + 1;
        }
        for layer in found.layer + 1..limit {
            match self.top_down[layer].get(&found.path) {
                Some(entry) if !entry.is_directory() => {
                    limit = layer;
                    break;
                }
                Some(entry) if entry.kind == EntryKind::OpaqueDirectory => {
                    limit = layer + 1;
                    break;
                }
                _ => {}
            }
        }
        Cursor {
            path: found.path.clone(),
            limit,
        }
    }

    /// Creates a cursor at the physical directory `path`, or `None` if it is not a
    /// visible directory.
    pub(crate) fn directory(&self, path: &FsPath) -> Option<Cursor> {
        let mut cursor = self.root();
        for name in path.components() {
            let found = self.child(&cursor, name)?;
            if !found.entry.is_directory() {
                return None;
            }
            cursor = self.enter(&cursor, &found);
        }
        Some(cursor)
    }

    /// Returns the visible entry at the physical `path` (no symlink in it is followed).
    pub(crate) fn entry(&self, path: &FsPath) -> Option<&'a Entry> {
        let Some(parent) = path.parent() else {
            return Some(&ROOT);
        };
        let name = path.file_name()?;
        let directory = self.directory(&parent)?;
        self.child(&directory, name).map(|found| found.entry)
    }

    /// Returns the visible names inside the cursor's directory, sorted by bytes,
    /// with their entries.
    pub(crate) fn children(&self, directory: &Cursor) -> Vec<(String, &'a Entry)> {
        self.children_found(directory)
            .into_iter()
            .map(|found| {
                (
                    found.path.file_name().unwrap_or_default().to_string(),
                    found.entry,
                )
            })
            .collect()
    }

    /// Returns the visible entries inside the cursor's directory, sorted by name bytes.
    pub(crate) fn children_found(&self, directory: &Cursor) -> Vec<Found<'a>> {
        // Collecting sorts once, where inserting layer by layer would shift
        // a large directory's names once per name.
        let names: SortedSet<String> = self
            .top_down
            .iter()
            .take(directory.limit)
            .flat_map(|changes| changes.children(&directory.path))
            .map(|(name, _)| name)
            .collect();
        names
            .into_iter()
            .filter_map(|name| self.child(directory, &name))
            .collect()
    }
}
