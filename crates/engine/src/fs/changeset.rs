//! A change set: the entries one layer adds, changes or deletes, by path.
//!
//! A change set is what overlay2 keeps in a layer's `diff` directory and what
//! a layer tar carries. Its canonical serialisation is hashed to give the
//! layer's diff ID, so identical changes give identical layers.
//!
//! # Canonical serialisation (version 1)
//!
//! The header line `porthole-changeset-v1\n`, then one record per entry in
//! [`FsPath`] order (a walk's pre-order, children sorted by name bytes):
//!
//! ```text
//! <type> <mode> <uid> <gid> <path length>:<path>[ <payload>]\n
//! ```
//!
//! - `type` is `d` directory, `o` opaque directory, `f` regular file, `l`
//!   symlink or `w` whiteout;
//! - `mode` is four octal digits, `uid` and `gid` are decimal;
//! - a file's payload is `t<length>:<text>` for text or `s<size>:<seed>` for
//!   synthetic bytes (seed as 16 lowercase hex digits);
//! - a symlink's payload is `<length>:<target>`; other types have none.
//!
//! Lengths count bytes, so any text round-trips unambiguously. The order comes
//! from the map, so the bytes do not depend on the order of insertion.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::ops::Bound;

use super::entry::{Content, Entry, EntryKind};
use super::path::FsPath;
use crate::digest::Digest;

/// The entries of one layer, keyed by normalised absolute path.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ChangeSet {
    entries: BTreeMap<FsPath, Entry>,
}

const HEADER: &str = "porthole-changeset-v1\n";

impl ChangeSet {
    /// Creates an empty change set.
    pub fn new() -> ChangeSet {
        ChangeSet::default()
    }

    /// Returns the entry at `path` in this layer alone.
    pub fn get(&self, path: &FsPath) -> Option<&Entry> {
        self.entries.get(path)
    }

    /// Records `entry` at `path`, replacing any entry there. The root cannot
    /// hold an entry and is ignored.
    pub fn insert(&mut self, path: FsPath, entry: Entry) {
        if !path.is_root() {
            self.entries.insert(path, entry);
        }
    }

    /// Removes the entry at `path` only.
    pub fn remove(&mut self, path: &FsPath) -> Option<Entry> {
        self.entries.remove(path)
    }

    /// Removes the entry at `path` and every entry below it.
    pub fn remove_subtree(&mut self, path: &FsPath) {
        let doomed: Vec<FsPath> = self.subtree(path).map(|(p, _)| p.clone()).collect();
        for doomed_path in doomed {
            self.entries.remove(&doomed_path);
        }
    }

    /// Returns all entries in walk order.
    pub fn iter(&self) -> impl Iterator<Item = (&FsPath, &Entry)> {
        self.entries.iter()
    }

    /// Returns the entry at `path` (unless it is the root) and every entry below it,
    /// in walk order.
    pub fn subtree<'a>(&'a self, path: &FsPath) -> impl Iterator<Item = (&'a FsPath, &'a Entry)> {
        let start = Bound::Included(path.clone());
        let end = if path.is_root() {
            Bound::Unbounded
        } else {
            Bound::Excluded(path.subtree_end())
        };
        self.entries.range((start, end))
    }

    /// Returns the names directly inside `directory` that this layer has entries for,
    /// with the entry if the layer records the child itself. A layer may hold
    /// `/a/b/c` without `/a/b`, so a child can be known only from a deeper path.
    pub fn children(&self, directory: &FsPath) -> Vec<(String, Option<&Entry>)> {
        let mut children = Vec::new();
        let mut cursor = Bound::Excluded(directory.clone());
        let end = if directory.is_root() {
            Bound::Unbounded
        } else {
            Bound::Excluded(directory.subtree_end())
        };
        while let Some((path, entry)) = self.entries.range((cursor.clone(), end.clone())).next() {
            let Some(rest) = path.strip_ancestor(directory) else {
                break;
            };
            let name = rest.split('/').next().unwrap_or(rest).to_string();
            let child = directory.join(&name);
            let own = if *path == child { Some(entry) } else { None };
            cursor = Bound::Excluded(child.subtree_end());
            children.push((name, own));
        }
        children
    }

    /// Returns the number of entries.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Returns whether the change set has no entries.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// Returns the bytes this layer adds, as `docker history` and `docker ps -s` show
    /// them: file lengths plus symlink target lengths, as Docker's
    /// `directory.Size` sums a layer's `diff` directory.
    pub fn size(&self) -> u64 {
        self.entries.values().map(Entry::size).sum()
    }

    /// Returns the bytes of regular files stored as text, used by size estimates.
    pub fn text_size(&self) -> u64 {
        self.entries
            .values()
            .filter_map(|entry| match &entry.kind {
                EntryKind::File(Content::Text(text)) => Some(text.len() as u64),
                _ => None,
            })
            .sum()
    }

    /// Serialises the change set in the canonical form the module docs describe.
    pub fn serialise(&self) -> Vec<u8> {
        let mut out = String::from(HEADER);
        for (path, entry) in &self.entries {
            write_record(&mut out, path, entry);
        }
        out.into_bytes()
    }

    /// Computes the layer's diff ID: the SHA-256 of the canonical serialisation.
    pub fn diff_id(&self) -> Digest {
        Digest::of(&self.serialise())
    }
}

fn write_record(out: &mut String, path: &FsPath, entry: &Entry) {
    let type_letter = match entry.kind {
        EntryKind::Directory => 'd',
        EntryKind::OpaqueDirectory => 'o',
        EntryKind::File(_) => 'f',
        EntryKind::Symlink(_) => 'l',
        EntryKind::Whiteout => 'w',
    };
    let path_text = path.as_str();
    let _ = write!(
        out,
        "{type_letter} {:04o} {} {} {}:{path_text}",
        entry.mode,
        entry.uid,
        entry.gid,
        path_text.len()
    );
    match &entry.kind {
        EntryKind::File(Content::Text(text)) => {
            let _ = write!(out, " t{}:{text}", text.len());
        }
        EntryKind::File(Content::Synthetic { size, seed }) => {
            let _ = write!(out, " s{size}:{seed:016x}");
        }
        EntryKind::Symlink(target) => {
            let _ = write!(out, " {}:{target}", target.len());
        }
        _ => {}
    }
    out.push('\n');
}

impl FromIterator<(FsPath, Entry)> for ChangeSet {
    fn from_iter<I: IntoIterator<Item = (FsPath, Entry)>>(iter: I) -> ChangeSet {
        let mut changes = ChangeSet::new();
        for (path, entry) in iter {
            changes.insert(path, entry);
        }
        changes
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> Vec<(FsPath, Entry)> {
        vec![
            (FsPath::new("/etc"), Entry::directory(0o755)),
            (FsPath::new("/etc/hostname"), Entry::text("web\n", 0o644)),
            (FsPath::new("/bin"), Entry::symlink("usr/bin")),
            (
                FsPath::new("/usr/bin/bash"),
                Entry::file(
                    Content::Synthetic {
                        size: 10,
                        seed: 255,
                    },
                    0o755,
                ),
            ),
            (FsPath::new("/old"), Entry::whiteout()),
            (
                FsPath::new("/srv"),
                Entry {
                    kind: EntryKind::OpaqueDirectory,
                    mode: 0o755,
                    uid: 1,
                    gid: 2,
                },
            ),
        ]
    }

    #[test]
    fn serialisation_is_exact() {
        let changes: ChangeSet = sample().into_iter().collect();
        let text = String::from_utf8(changes.serialise()).unwrap();
        let expected = "porthole-changeset-v1\n\
            l 0777 0 0 4:/bin 7:usr/bin\n\
            d 0755 0 0 4:/etc\n\
            f 0644 0 0 13:/etc/hostname t4:web\n\n\
            w 0000 0 0 4:/old\n\
            o 0755 1 2 4:/srv\n\
            f 0755 0 0 13:/usr/bin/bash s10:00000000000000ff\n";
        assert_eq!(text, expected);
    }

    #[test]
    fn serialisation_ignores_insertion_order() {
        let forward: ChangeSet = sample().into_iter().collect();
        let backward: ChangeSet = sample().into_iter().rev().collect();
        assert_eq!(forward.serialise(), backward.serialise());
        assert_eq!(forward.diff_id(), backward.diff_id());
    }

    #[test]
    fn diff_id_changes_with_content() {
        let mut changes: ChangeSet = sample().into_iter().collect();
        let before = changes.diff_id();
        changes.insert(FsPath::new("/etc/hostname"), Entry::text("db\n", 0o644));
        assert_ne!(changes.diff_id(), before);
    }

    #[test]
    fn size_counts_files_and_symlinks() {
        let changes: ChangeSet = sample().into_iter().collect();
        assert_eq!(changes.size(), 4 + 7 + 10);
        assert_eq!(changes.text_size(), 4);
    }

    #[test]
    fn root_is_never_stored() {
        let mut changes = ChangeSet::new();
        changes.insert(FsPath::root(), Entry::directory(0o755));
        assert!(changes.is_empty());
    }

    #[test]
    fn children_lists_names_once() {
        let mut changes: ChangeSet = sample().into_iter().collect();
        changes.insert(FsPath::new("/usr/lib/x"), Entry::text("", 0o644));
        let names: Vec<(String, bool)> = changes
            .children(&FsPath::root())
            .into_iter()
            .map(|(n, e)| (n, e.is_some()))
            .collect();
        let expected = [
            ("bin", true),
            ("etc", true),
            ("old", true),
            ("srv", true),
            ("usr", false),
        ];
        let expected: Vec<(String, bool)> =
            expected.iter().map(|(n, e)| (n.to_string(), *e)).collect();
        assert_eq!(names, expected);
        let usr: Vec<String> = changes
            .children(&FsPath::new("/usr"))
            .into_iter()
            .map(|(n, _)| n)
            .collect();
        assert_eq!(usr, ["bin", "lib"]);
    }

    #[test]
    fn remove_subtree_keeps_siblings() {
        let mut changes: ChangeSet = sample().into_iter().collect();
        changes.insert(FsPath::new("/etc-old"), Entry::directory(0o755));
        changes.remove_subtree(&FsPath::new("/etc"));
        assert!(changes.get(&FsPath::new("/etc/hostname")).is_none());
        assert!(changes.get(&FsPath::new("/etc")).is_none());
        assert!(changes.get(&FsPath::new("/etc-old")).is_some());
    }
}
