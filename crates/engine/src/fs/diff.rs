//! `docker diff`: the changes a container's upper layer makes to its image.
//!
//! Follows moby's `archive.OverlayChanges` (the overlay2 driver with native
//! diff, Docker 28), which walks the upper layer in order with children
//! sorted by name. A whiteout or opaque directory is `D`, and an entry
//! missing from the lower layers is `A`. Anything else present below is `C`,
//! except a directory whose metadata is unchanged. Before the first `A` or `D` inside a
//! directory that was not itself reported, the directory is reported as `C`.
//!
//! overlayfs restores a copied-up directory's timestamps but updates them when
//! an entry is created or deleted inside it. Without timestamps, this model
//! counts a directory as changed when its mode or owner differ or when an
//! entry directly inside it is added or deleted. So `echo x >> /etc/passwd`
//! gives only `C /etc/passwd`, while `touch /etc/new` gives `C /etc` and
//! `A /etc/new`.

use std::fmt;

use shared_sort::SortedSet;

use super::entry::{Entry, EntryKind};
use super::merge::{Cursor, Stack};
use super::overlay::Overlay;
use super::path::FsPath;

/// The kind of one `docker diff` line, with the Engine API's numbering.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ChangeKind {
    /// `C` (API kind 0): modified.
    Modified,
    /// `A` (API kind 1): added.
    Added,
    /// `D` (API kind 2): deleted.
    Deleted,
}

impl ChangeKind {
    /// Returns the letter `docker diff` prints.
    pub fn letter(self) -> char {
        match self {
            ChangeKind::Modified => 'C',
            ChangeKind::Added => 'A',
            ChangeKind::Deleted => 'D',
        }
    }

    /// Returns the `Kind` number in `GET /containers/{id}/changes`.
    pub fn api_kind(self) -> u8 {
        match self {
            ChangeKind::Modified => 0,
            ChangeKind::Added => 1,
            ChangeKind::Deleted => 2,
        }
    }
}

/// One line of `docker diff`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Change {
    /// What happened.
    pub kind: ChangeKind,
    /// The path inside the container.
    pub path: FsPath,
}

impl fmt::Display for Change {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(formatter, "{} {}", self.kind.letter(), self.path)
    }
}

impl Overlay {
    /// Computes the changes of the upper layer against the lower layers, in the order
    /// `docker diff` prints them.
    pub fn diff(&self) -> Vec<Change> {
        let lower = self.lower_stack();
        let mut changes = Vec::new();
        let mut reported = SortedSet::new();
        // The upper directories enclosing the current entry, with their
        // cursors in the lower layers (`None` where the lower layers lack them).
        let mut enclosing: Vec<(FsPath, Option<Cursor>)> =
            vec![(FsPath::root(), Some(lower.root()))];

        for (path, entry) in self.upper().iter() {
            while enclosing.len() > 1 && !path.is_descendant_of(&enclosing[enclosing.len() - 1].0) {
                enclosing.pop();
            }
            let (_, parent) = &enclosing[enclosing.len() - 1];
            let name = path.file_name().unwrap_or_default();
            let below = parent.as_ref().and_then(|cursor| lower.child(cursor, name));
            let inside = match (&below, parent) {
                (Some(found), Some(cursor)) if found.entry.is_directory() => {
                    Some(lower.enter(cursor, found))
                }
                _ => None,
            };

            let kind = self.change_kind(
                path,
                entry,
                below.as_ref().map(|found| found.entry),
                inside.as_ref(),
                &lower,
            );
            if entry.is_directory() {
                enclosing.push((path.clone(), inside));
            }
            let Some(kind) = kind else { continue };
            if entry.is_directory() {
                reported.insert(path.clone());
            }
            if kind != ChangeKind::Modified {
                report_parent(path, &mut reported, &mut changes);
            }
            changes.push(Change {
                kind,
                path: path.clone(),
            });
        }
        changes
    }

    fn change_kind(
        &self,
        path: &FsPath,
        entry: &Entry,
        below: Option<&Entry>,
        inside: Option<&Cursor>,
        lower: &Stack<'_>,
    ) -> Option<ChangeKind> {
        if matches!(entry.kind, EntryKind::Whiteout | EntryKind::OpaqueDirectory) {
            return Some(ChangeKind::Deleted);
        }
        let Some(below) = below else {
            return Some(ChangeKind::Added);
        };
        let unchanged_directory = entry.is_directory()
            && below.is_directory()
            && entry.same_metadata(below)
            && !self.has_direct_additions_or_deletions(path, inside, lower);
        if unchanged_directory {
            return None;
        }
        Some(ChangeKind::Modified)
    }

    fn has_direct_additions_or_deletions(
        &self,
        directory: &FsPath,
        inside: Option<&Cursor>,
        lower: &Stack<'_>,
    ) -> bool {
        self.upper()
            .children(directory)
            .into_iter()
            .any(|(name, own)| match own {
                Some(entry)
                    if matches!(entry.kind, EntryKind::Whiteout | EntryKind::OpaqueDirectory) =>
                {
                    true
                }
                Some(_) => inside
                    .and_then(|cursor| lower.child(cursor, &name))
                    .is_none(),
                None => false,
            })
    }
}

fn report_parent(path: &FsPath, reported: &mut SortedSet<FsPath>, changes: &mut Vec<Change>) {
    let Some(parent) = path.parent() else { return };
    if parent.is_root() || reported.contains(&parent) {
        return;
    }
    reported.insert(parent.clone());
    changes.push(Change {
        kind: ChangeKind::Modified,
        path: parent,
    });
}
