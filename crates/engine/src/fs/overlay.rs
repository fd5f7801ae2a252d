//! The overlay2 union mount: read-only lower change sets under one writable
//! upper change set, and the merged view that reads see.
//!
//! Lower layers are shared [`Arc`]s, so an image's layers are stored once
//! however many containers and builds stack on them, and cloning an
//! [`Overlay`] copies only its upper layer. Reads resolve each path through the
//! layers from the top down, as overlayfs does:
//!
//! - the topmost layer that has an entry for the path decides;
//! - a whiteout in a layer hides the path, and everything below it, in all
//!   lower layers;
//! - an opaque directory in a layer hides the lower layers' contents of that
//!   directory;
//! - a file or symlink in a layer hides lower directories of the same path.
//!
//! Writes live in `ops.rs` and `docker diff` in `diff.rs`.

use std::sync::Arc;

use super::changeset::ChangeSet;
use super::entry::{Content, Entry, EntryKind, Metadata};
use super::error::{FsError, FsErrorKind};
use super::merge::Stack;
use super::path::FsPath;

/// The maximum number of symlinks followed while resolving one path, as in
/// Linux (`MAXSYMLINKS`).
pub const MAX_SYMLINKS: usize = 40;

/// A union mount of shared lower layers and one writable upper layer.
#[derive(Clone, Debug, Default)]
pub struct Overlay {
    /// Lower layers, bottom first, as `rootfs.diff_ids` lists them.
    lowers: Vec<Arc<ChangeSet>>,
    upper: ChangeSet,
    /// Mount points of a container's view and whether each is read-only;
    /// the deepest one above a path decides. Empty for a plain overlay.
    mounts: Vec<(FsPath, bool)>,
}

/// A visible name in a directory listing.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DirEntry {
    /// The name inside the directory.
    pub name: String,
    /// Its metadata, as `lstat` reports it.
    pub metadata: Metadata,
}

/// The maximum length of a path in bytes, as Linux's `PATH_MAX` (4096,
/// counting the terminating NUL) allows.
pub const MAX_PATH_LEN: usize = 4095;

/// The maximum length of one path component in bytes (Linux's `NAME_MAX`).
pub const MAX_NAME_LEN: usize = 255;

fn last_first<T>(mut items: Vec<T>) -> Vec<T> {
    items.reverse();
    items
}

fn check_lengths(raw: &str) -> Result<(), FsErrorKind> {
    if raw.is_empty() {
        return Err(FsErrorKind::NotFound);
    }
    if raw.len() > MAX_PATH_LEN || raw.split('/').any(|name| name.len() > MAX_NAME_LEN) {
        return Err(FsErrorKind::NameTooLong);
    }
    Ok(())
}

/// Whether path resolution follows a symlink in the last component.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum FollowFinal {
    Yes,
    No,
}

/// The end point of a path walk.
pub(crate) enum Walked {
    /// Every component exists; the physical path of the last one.
    Found(FsPath),
    /// A component is missing: the physical directory reached and the
    /// components from the missing one on, in order.
    Missing {
        parent: FsPath,
        remaining: Vec<String>,
    },
}

/// A path resolved through the merged view to a physical path whose
/// directories all exist; the last component may be missing.
pub(crate) struct Resolved {
    pub path: FsPath,
    pub exists: bool,
}

impl Overlay {
    /// Creates a mount of `lowers` (bottom first) with an empty upper layer.
    pub fn new(lowers: Vec<Arc<ChangeSet>>) -> Overlay {
        Overlay {
            lowers,
            upper: ChangeSet::new(),
            mounts: Vec::new(),
        }
    }

    /// Creates a mount of `lowers` with `upper` as its writable layer, as when a
    /// stopped container starts again.
    pub fn with_upper(lowers: Vec<Arc<ChangeSet>>, upper: ChangeSet) -> Overlay {
        Overlay {
            lowers,
            upper,
            mounts: Vec::new(),
        }
    }

    /// Sets the mount points of a container's view with whether each is
    /// read-only (`--read-only` for `/`, `:ro` for a bind mount or volume).
    pub fn set_mounts(&mut self, mounts: Vec<(FsPath, bool)>) {
        self.mounts = mounts;
    }

    /// Fails with `EROFS` when `path` lies below a read-only mount.
    pub(super) fn check_writable(&self, path: &str) -> Result<(), FsError> {
        if self.mounts.is_empty() {
            return Ok(());
        }
        let target = FsPath::new(path);
        let deepest = self
            .mounts
            .iter()
            .filter(|(point, _)| target.starts_with(point))
            .max_by_key(|(point, _)| point.as_str().len());
        match deepest {
            Some((_, true)) => Err(FsError::new(FsErrorKind::ReadOnly, path)),
            _ => Ok(()),
        }
    }

    /// Returns the lower layers, bottom first.
    pub fn lowers(&self) -> &[Arc<ChangeSet>] {
        &self.lowers
    }

    /// Returns the writable layer.
    pub fn upper(&self) -> &ChangeSet {
        &self.upper
    }

    pub(crate) fn upper_mut(&mut self) -> &mut ChangeSet {
        &mut self.upper
    }

    /// Returns the writable layer, consuming the mount.
    pub fn into_upper(self) -> ChangeSet {
        self.upper
    }

    /// Copies the upper layer into a new change set, which is the layer `docker commit`
    /// creates: overlay2 tars the whole `diff` directory, copied-up parent
    /// directories and whiteouts included.
    pub fn commit(&self) -> ChangeSet {
        self.upper.clone()
    }

    /// Returns the bytes the upper layer adds, which `docker ps -s` shows as SIZE.
    pub fn upper_size(&self) -> u64 {
        self.upper.size()
    }

    /// Returns the bytes of the lower layers together, the image part of
    /// `docker ps -s`'s `(virtual ...)`.
    pub fn lower_size(&self) -> u64 {
        self.lowers.iter().map(|layer| layer.size()).sum()
    }

    pub(crate) fn stack(&self) -> Stack<'_> {
        let lowers = self.lowers.iter().rev().map(|layer| layer.as_ref());
        Stack::new(std::iter::once(&self.upper).chain(lowers).collect())
    }

    pub(crate) fn lower_stack(&self) -> Stack<'_> {
        Stack::new(
            self.lowers
                .iter()
                .rev()
                .map(|layer| layer.as_ref())
                .collect(),
        )
    }

    /// Returns the visible entry at a physical `path` (no symlink in it is followed).
    pub fn entry(&self, path: &FsPath) -> Option<&Entry> {
        self.stack().entry(path)
    }

    /// Returns the entry at `path` in the lower layers alone, ignoring the upper layer.
    pub fn lower_entry(&self, path: &FsPath) -> Option<&Entry> {
        self.lower_stack().entry(path)
    }

    /// Returns the visible names directly inside the physical directory `path`,
    /// sorted by name bytes, with their entries.
    pub(crate) fn children(&self, directory: &FsPath) -> Vec<(String, &Entry)> {
        let stack = self.stack();
        match stack.directory(directory) {
            Some(cursor) => stack.children(&cursor),
            None => Vec::new(),
        }
    }

    /// Resolves `raw` through the merged view, following symlinks in every
    /// directory component and, if asked, in the last one. Only the last
    /// component may be missing.
    pub(crate) fn resolve(&self, raw: &str, follow: FollowFinal) -> Result<Resolved, FsError> {
        match self.walk_path(raw, follow)? {
            Walked::Found(path) => Ok(Resolved { path, exists: true }),
            Walked::Missing { parent, remaining } => {
                let mut names = remaining.iter().filter(|name| !name.is_empty());
                match (names.next(), names.next()) {
                    (Some(name), None) => Ok(Resolved {
                        path: parent.child(name),
                        exists: false,
                    }),
                    _ => Err(FsError::new(FsErrorKind::NotFound, raw)),
                }
            }
        }
    }

    /// Walks `raw` one component at a time, as the kernel's path lookup
    /// does: symlinks are followed in directory components (and in the last
    /// one if asked), and a `..` goes to the parent of the physical directory
    /// reached so far. Stops at the first missing component.
    pub(crate) fn walk_path(&self, raw: &str, follow: FollowFinal) -> Result<Walked, FsError> {
        let error = |kind| FsError::new(kind, raw);
        check_lengths(raw).map_err(error)?;
        let trailing_slash = raw.len() > 1 && raw.ends_with('/');
        let stack = self.stack();
        let mut pending: Vec<String> = raw.split('/').rev().map(String::from).collect();
        let mut directories = vec![stack.root()];
        let mut links = 0;

        while let Some(component) = pending.pop() {
            match component.as_str() {
                "" | "." => continue,
                ".." => {
                    if directories.len() > 1 {
                        directories.pop();
                    }
                    continue;
                }
                _ => {}
            }
            let directory = directories.last().expect("the root is never popped");
            let is_last = pending.iter().all(|rest| rest.is_empty());
            let Some(found) = stack.child(directory, &component) else {
                let mut remaining = vec![component];
                remaining.extend(pending.into_iter().rev());
                return Ok(Walked::Missing {
                    parent: directory.path.clone(),
                    remaining,
                });
            };
            match &found.entry.kind {
                EntryKind::Symlink(target)
                    if !is_last || follow == FollowFinal::Yes || trailing_slash =>
                {
                    links += 1;
                    if links > MAX_SYMLINKS {
                        return Err(error(FsErrorKind::TooManySymlinks));
                    }
                    if target.starts_with('/') {
                        directories.truncate(1);
                    }
                    pending.extend(target.split('/').rev().map(String::from));
                }
                _ if found.entry.is_directory() => {
                    let inner = stack.enter(directory, &found);
                    directories.push(inner);
                }
                _ if is_last && trailing_slash => return Err(error(FsErrorKind::NotADirectory)),
                _ if is_last => return Ok(Walked::Found(found.path)),
                _ => return Err(error(FsErrorKind::NotADirectory)),
            }
        }
        let directory = directories.pop().expect("the root is never popped");
        Ok(Walked::Found(directory.path))
    }

    /// Resolves `raw` to the physical path of an existing entry, following
    /// every symlink, as `realpath` does.
    pub fn canonicalize(&self, raw: &str) -> Result<FsPath, FsError> {
        let resolved = self.resolve(raw, FollowFinal::Yes)?;
        if !resolved.exists {
            return Err(FsError::new(FsErrorKind::NotFound, raw));
        }
        Ok(resolved.path)
    }

    pub(crate) fn existing(
        &self,
        raw: &str,
        follow: FollowFinal,
    ) -> Result<(FsPath, &Entry), FsError> {
        let resolved = self.resolve(raw, follow)?;
        match self.entry(&resolved.path) {
            Some(entry) if resolved.exists => Ok((resolved.path, entry)),
            _ => Err(FsError::new(FsErrorKind::NotFound, raw)),
        }
    }

    /// Returns the content of the file at `path`, following symlinks.
    pub fn read(&self, path: &str) -> Result<&Content, FsError> {
        let (_, entry) = self.existing(path, FollowFinal::Yes)?;
        match &entry.kind {
            EntryKind::File(content) => Ok(content),
            _ => Err(FsError::new(FsErrorKind::IsADirectory, path)),
        }
    }

    /// Returns the target of the symlink at `path`; `InvalidArgument` if it is not one,
    /// as `readlink(2)` returns.
    pub fn read_link(&self, path: &str) -> Result<&str, FsError> {
        let (_, entry) = self.existing(path, FollowFinal::No)?;
        match &entry.kind {
            EntryKind::Symlink(target) => Ok(target),
            _ => Err(FsError::new(FsErrorKind::InvalidArgument, path)),
        }
    }

    /// Returns the metadata of `path`, following symlinks.
    pub fn stat(&self, path: &str) -> Result<Metadata, FsError> {
        let (_, entry) = self.existing(path, FollowFinal::Yes)?;
        Ok(Metadata::of(entry).expect("visible entries are never whiteouts"))
    }

    /// Returns the metadata of `path` itself, not following a final symlink.
    pub fn lstat(&self, path: &str) -> Result<Metadata, FsError> {
        let (_, entry) = self.existing(path, FollowFinal::No)?;
        Ok(Metadata::of(entry).expect("visible entries are never whiteouts"))
    }

    /// Returns whether `path` exists, following symlinks, as `test -e` checks.
    pub fn exists(&self, path: &str) -> bool {
        self.existing(path, FollowFinal::Yes).is_ok()
    }

    /// Returns the entries of the directory at `path`, sorted by name bytes as
    /// `ls` sorts them in the C locale.
    pub fn list(&self, path: &str) -> Result<Vec<DirEntry>, FsError> {
        let (directory, entry) = self.existing(path, FollowFinal::Yes)?;
        if !entry.is_directory() {
            return Err(FsError::new(FsErrorKind::NotADirectory, path));
        }
        Ok(self
            .children(&directory)
            .into_iter()
            .filter_map(|(name, entry)| {
                Some(DirEntry {
                    name,
                    metadata: Metadata::of(entry)?,
                })
            })
            .collect())
    }

    /// Returns every visible entry from `path` down, in walk order, with physical
    /// paths. Symlinks below `path` are listed, not followed.
    pub fn walk(&self, path: &str) -> Result<Vec<(FsPath, Metadata)>, FsError> {
        let (start, _) = self.existing(path, FollowFinal::Yes)?;
        Ok(self
            .subtree_entries(&start)
            .into_iter()
            .filter_map(|(path, entry)| Some((path, Metadata::of(&entry)?)))
            .collect())
    }

    /// Clones of the visible entries from the physical `start` down, in walk
    /// order.
    pub(crate) fn subtree_entries(&self, start: &FsPath) -> Vec<(FsPath, Entry)> {
        let stack = self.stack();
        let Some(entry) = stack.entry(start) else {
            return Vec::new();
        };
        let mut found = vec![(start.clone(), entry.clone())];
        let Some(cursor) = stack.directory(start).filter(|_| entry.is_directory()) else {
            return found;
        };

        // Each frame is a directory and its children not yet visited, last first.
        let first_children = last_first(stack.children_found(&cursor));
        let mut frames = vec![(cursor, first_children)];
        while let Some((directory, children)) = frames.last_mut() {
            let Some(child) = children.pop() else {
                frames.pop();
                continue;
            };
            found.push((child.path.clone(), child.entry.clone()));
            if child.entry.is_directory() {
                let inner = stack.enter(directory, &child);
                let grandchildren = last_first(stack.children_found(&inner));
                frames.push((inner, grandchildren));
            }
        }
        found
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fs::entry::FileType;

    fn layer(entries: &[(&str, Entry)]) -> Arc<ChangeSet> {
        Arc::new(
            entries
                .iter()
                .map(|(path, entry)| (FsPath::new(path), entry.clone()))
                .collect(),
        )
    }

    fn dir() -> Entry {
        Entry::directory(0o755)
    }

    fn text(content: &str) -> Entry {
        Entry::text(content, 0o644)
    }

    fn opaque() -> Entry {
        Entry {
            kind: EntryKind::OpaqueDirectory,
            ..dir()
        }
    }

    /// Three layers: a base, a layer that deletes and replaces, and one more.
    fn stack() -> Overlay {
        let base = layer(&[
            ("/etc", dir()),
            ("/etc/os-release", text("base\n")),
            ("/etc/motd", text("hello\n")),
            ("/usr", dir()),
            ("/usr/bin", dir()),
            ("/usr/bin/sh", text("#!sh\n")),
            ("/bin", Entry::symlink("usr/bin")),
            ("/app", dir()),
            ("/app/old.txt", text("old\n")),
            ("/loop", Entry::symlink("/loop")),
        ]);
        let middle = layer(&[
            ("/etc", dir()),
            ("/etc/motd", Entry::whiteout()),
            ("/app", opaque()),
            ("/app/new.txt", text("new\n")),
        ]);
        let top = layer(&[("/etc", dir()), ("/etc/os-release", text("top\n"))]);
        Overlay::new(vec![base, middle, top])
    }

    #[test]
    fn read_rules_table() {
        let overlay = stack();
        let cases: &[(&str, Result<&str, FsErrorKind>)] = &[
            ("/etc/os-release", Ok("top\n")),
            ("/etc/motd", Err(FsErrorKind::NotFound)),
            ("/app/new.txt", Ok("new\n")),
            ("/app/old.txt", Err(FsErrorKind::NotFound)),
            ("/bin/sh", Ok("#!sh\n")),
            ("/usr/bin/../bin/sh", Ok("#!sh\n")),
            ("/bin/../bin/sh", Ok("#!sh\n")),
            ("/bin/../etc/os-release", Err(FsErrorKind::NotFound)),
            ("/etc", Err(FsErrorKind::IsADirectory)),
            ("/etc/os-release/x", Err(FsErrorKind::NotADirectory)),
            ("/etc/os-release/", Err(FsErrorKind::NotADirectory)),
            ("/nope/x", Err(FsErrorKind::NotFound)),
            ("/loop", Err(FsErrorKind::TooManySymlinks)),
            ("", Err(FsErrorKind::NotFound)),
        ];
        for (path, expected) in cases {
            let got = overlay
                .read(path)
                .map(|c| c.as_text().unwrap())
                .map_err(|e| e.kind);
            assert_eq!(got, *expected, "read {path}");
        }
    }

    #[test]
    fn list_merges_layers() {
        let overlay = stack();
        let names = |path| -> Vec<String> {
            overlay
                .list(path)
                .unwrap()
                .into_iter()
                .map(|e| e.name)
                .collect()
        };
        assert_eq!(names("/"), ["app", "bin", "etc", "loop", "usr"]);
        assert_eq!(names("/etc"), ["os-release"]);
        assert_eq!(names("/app"), ["new.txt"]);
        assert_eq!(names("/bin"), ["sh"]);
        let error = overlay.list("/etc/os-release").unwrap_err();
        assert_eq!(error.kind, FsErrorKind::NotADirectory);
    }

    #[test]
    fn stat_and_lstat_differ_on_symlinks() {
        let overlay = stack();
        assert_eq!(overlay.stat("/bin").unwrap().file_type, FileType::Directory);
        let link = overlay.lstat("/bin").unwrap();
        assert_eq!(link.file_type, FileType::Symlink);
        assert_eq!(link.size, 7);
        assert_eq!(overlay.read_link("/bin").unwrap(), "usr/bin");
        assert_eq!(
            overlay.read_link("/etc").unwrap_err().kind,
            FsErrorKind::InvalidArgument
        );
    }

    #[test]
    fn exists_and_canonicalize() {
        let overlay = stack();
        assert!(overlay.exists("/bin/sh"));
        assert!(!overlay.exists("/etc/motd"));
        assert_eq!(
            overlay.canonicalize("/bin/sh").unwrap(),
            FsPath::new("/usr/bin/sh")
        );
        assert_eq!(
            overlay.canonicalize("/bin/").unwrap(),
            FsPath::new("/usr/bin")
        );
    }

    #[test]
    fn file_hides_lower_directory() {
        let base = layer(&[("/data", dir()), ("/data/x", text("x"))]);
        let top = layer(&[("/data", text("now a file"))]);
        let overlay = Overlay::new(vec![base, top]);
        assert_eq!(
            overlay.read("/data/x").unwrap_err().kind,
            FsErrorKind::NotADirectory
        );
        assert!(overlay.entry(&FsPath::new("/data/x")).is_none());
    }

    #[test]
    fn walk_lists_subtree_in_order() {
        let overlay = stack();
        let paths: Vec<String> = overlay
            .walk("/usr")
            .unwrap()
            .into_iter()
            .map(|(p, _)| p.to_string())
            .collect();
        assert_eq!(paths, ["/usr", "/usr/bin", "/usr/bin/sh"]);
    }

    #[test]
    fn clone_shares_lower_layers() {
        let overlay = stack();
        let copy = overlay.clone();
        assert!(Arc::ptr_eq(&overlay.lowers()[0], &copy.lowers()[0]));
    }
}
