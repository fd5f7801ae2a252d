//! File operations on an overlay's merged view, each writing only to the
//! upper layer, as a shell in a container or a `RUN` step changes files.
//!
//! The overlay2 rules for writes:
//!
//! - **copy-up**: the first change to a lower entry (content, mode, owner,
//!   even `touch`) copies the whole entry into the upper layer, together with
//!   its parent directories, then changes the copy;
//! - **whiteout**: deleting an entry of a lower layer records a whiteout in
//!   the upper layer, while deleting an entry only the upper layer has just
//!   removes it;
//! - **opaque directory**: creating a directory in place of a whiteout marks
//!   it opaque, so the deleted lower directory's contents stay hidden;
//! - **rename**: overlayfs refuses to rename lower directories (`EXDEV`), so
//!   `mv` copies and deletes, which this model does for every rename.
//!
//! Paths are absolute; a relative path is taken from `/`. Symlinks are
//! followed where the matching system call follows them. Errors carry the
//! path as given.

use super::changeset::ChangeSet;
use super::entry::{Content, Entry, EntryKind};
use super::error::{FsError, FsErrorKind};
use super::overlay::{FollowFinal, Overlay, Walked};
use super::path::FsPath;

/// Whether an operation descends into directories (`-r`/`-R`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Recursion {
    /// Only the named path.
    Single,
    /// The named path and everything below it.
    Recursive,
}

/// The behaviour of `remove` on a missing path (`rm -f`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum IfMissing {
    /// Report `No such file or directory`.
    Fail,
    /// Succeed without doing anything.
    Ignore,
}

/// A new owner; `None` leaves that ID unchanged, as `chown user` and
/// `chown :group` do.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Owner {
    /// The new user ID.
    pub uid: Option<u32>,
    /// The new group ID.
    pub gid: Option<u32>,
}

fn absolute(raw: &str) -> String {
    if raw.starts_with('/') {
        raw.to_string()
    } else {
        format!("/{raw}")
    }
}

impl Overlay {
    /// Copies the missing parent directories of `path` into the upper layer.
    /// The upper layer always contains the parents of its entries, so the walk
    /// up stops at the first parent it already has.
    fn copy_up_parents(&mut self, path: &FsPath) {
        let mut missing = Vec::new();
        let mut current = path.parent();
        while let Some(ancestor) = current {
            if ancestor.is_root() || self.upper().get(&ancestor).is_some() {
                break;
            }
            current = ancestor.parent();
            missing.push(ancestor);
        }
        for ancestor in missing.into_iter().rev() {
            if let Some(entry) = self.entry(&ancestor).map(Entry::as_plain_directory) {
                self.upper_mut().insert(ancestor, entry);
            }
        }
    }

    fn copy_up(&mut self, path: &FsPath) {
        self.copy_up_parents(path);
        if self.upper().get(path).is_some() {
            return;
        }
        if let Some(entry) = self.entry(path).map(Entry::as_plain_directory) {
            self.upper_mut().insert(path.clone(), entry);
        }
    }

    /// Records `entry` at the physical `path` in the upper layer.
    fn put(&mut self, path: FsPath, mut entry: Entry) {
        self.copy_up_parents(&path);
        let over_whiteout = self.upper().get(&path).is_some_and(Entry::is_whiteout);
        if over_whiteout && entry.kind == EntryKind::Directory {
            entry.kind = EntryKind::OpaqueDirectory;
        }
        self.upper_mut().insert(path, entry);
    }

    /// Deletes the physical `path` and everything below it from the view.
    fn delete(&mut self, path: &FsPath) {
        self.copy_up_parents(path);
        self.upper_mut().remove_subtree(path);
        if self.entry(path).is_some() {
            self.upper_mut().insert(path.clone(), Entry::whiteout());
        }
    }

    fn update_upper(&mut self, path: &FsPath, change: impl FnOnce(&mut Entry)) {
        self.copy_up(path);
        let mut entry = self.upper().get(path).cloned().expect("copied up");
        change(&mut entry);
        self.upper_mut().insert(path.clone(), entry);
    }

    /// Creates one directory, mode `0755`, as `mkdir` does.
    pub fn mkdir(&mut self, path: &str) -> Result<(), FsError> {
        self.check_writable(path)?;
        let resolved = self.resolve(&absolute(path), FollowFinal::No)?;
        if resolved.exists || resolved.path.is_root() {
            return Err(FsError::new(FsErrorKind::AlreadyExists, path));
        }
        self.put(resolved.path, Entry::directory(0o755));
        Ok(())
    }

    /// Creates a directory and any missing parents, as `mkdir -p` does.
    /// Existing directories (or symlinks to them) are fine.
    pub fn mkdir_all(&mut self, path: &str) -> Result<(), FsError> {
        self.check_writable(path)?;
        let raw = absolute(path);
        match self
            .walk_path(&raw, FollowFinal::Yes)
            .map_err(|e| FsError::new(e.kind, path))?
        {
            Walked::Found(found) if self.entry(&found).is_some_and(Entry::is_directory) => Ok(()),
            Walked::Found(_) => Err(FsError::new(FsErrorKind::AlreadyExists, path)),
            Walked::Missing { remaining, .. } if remaining.iter().any(|name| name == "..") => {
                self.mkdir_all_by_prefix(path, &raw)
            }
            Walked::Missing { parent, remaining } => {
                let mut current = parent;
                for name in remaining
                    .iter()
                    .filter(|name| !name.is_empty() && *name != ".")
                {
                    current = current.child(name);
                    self.put(current.clone(), Entry::directory(0o755));
                }
                Ok(())
            }
        }
    }

    /// `mkdir -p` one prefix at a time, for the rare path whose missing part
    /// contains `..`.
    fn mkdir_all_by_prefix(&mut self, path: &str, raw: &str) -> Result<(), FsError> {
        let components: Vec<&str> = raw.split('/').filter(|c| !c.is_empty()).collect();
        for count in 1..=components.len() {
            let prefix = format!("/{}", components[..count].join("/"));
            let resolved = self
                .resolve(&prefix, FollowFinal::Yes)
                .map_err(|e| FsError::new(e.kind, path))?;
            if !resolved.exists {
                self.put(resolved.path, Entry::directory(0o755));
                continue;
            }
            if self.entry(&resolved.path).is_some_and(Entry::is_directory) {
                continue;
            }
            let kind = if count == components.len() {
                FsErrorKind::AlreadyExists
            } else {
                FsErrorKind::NotADirectory
            };
            return Err(FsError::new(kind, path));
        }
        Ok(())
    }

    /// Replaces the content of a file, creating it with mode `0644` if it is
    /// missing, as `echo > path` does. An existing file keeps its mode and owner.
    pub fn write(&mut self, path: &str, content: Content) -> Result<(), FsError> {
        self.check_writable(path)?;
        let raw = absolute(path);
        let resolved = self.resolve(&raw, FollowFinal::Yes)?;
        if !resolved.exists {
            if raw.ends_with('/') {
                return Err(FsError::new(FsErrorKind::IsADirectory, path));
            }
            self.put(resolved.path, Entry::file(content, 0o644));
            return Ok(());
        }
        let existing = self
            .entry(&resolved.path)
            .cloned()
            .expect("resolved entry exists");
        if existing.is_directory() {
            return Err(FsError::new(FsErrorKind::IsADirectory, path));
        }
        self.put(
            resolved.path,
            Entry {
                kind: EntryKind::File(content),
                ..existing
            },
        );
        Ok(())
    }

    /// Creates or replaces a file with the given mode, as `install -m` does.
    pub fn write_with_mode(
        &mut self,
        path: &str,
        content: Content,
        mode: u32,
    ) -> Result<(), FsError> {
        self.write(path, content)?;
        self.chmod(path, mode, Recursion::Single)
    }

    /// Appends text to a file, creating it if missing, as `echo >> path`
    /// does. A lower file is copied up whole first.
    pub fn append(&mut self, path: &str, text: &str) -> Result<(), FsError> {
        let content = match self.read(&absolute(path)) {
            Ok(existing) => {
                let mut content = existing.clone();
                content.append(text);
                content
            }
            Err(error) if error.kind == FsErrorKind::NotFound => Content::Text(text.to_string()),
            Err(error) => return Err(error),
        };
        self.write(path, content)
    }

    /// Creates an empty file if missing; otherwise copies the entry up, as
    /// updating its timestamps does on overlayfs.
    pub fn touch(&mut self, path: &str) -> Result<(), FsError> {
        self.check_writable(path)?;
        let resolved = self.resolve(&absolute(path), FollowFinal::Yes)?;
        if resolved.exists {
            self.copy_up(&resolved.path);
            return Ok(());
        }
        self.put(resolved.path, Entry::text("", 0o644));
        Ok(())
    }

    /// Removes a path, as `rm` does: a directory needs [`Recursion::Recursive`],
    /// a symlink is removed itself, and [`IfMissing::Ignore`] accepts a
    /// missing path. Removing `/` is `InvalidArgument`.
    pub fn remove(
        &mut self,
        path: &str,
        recursion: Recursion,
        missing: IfMissing,
    ) -> Result<(), FsError> {
        let raw = absolute(path);
        if FsPath::new(&raw).is_root() {
            return Err(FsError::new(FsErrorKind::InvalidArgument, path));
        }
        let resolved = match self.resolve(&raw, FollowFinal::No) {
            Ok(resolved) if resolved.exists => resolved,
            Ok(_) => return missing_result(path, missing),
            Err(error) if error.kind == FsErrorKind::NotFound => {
                return missing_result(path, missing)
            }
            Err(error) => return Err(FsError::new(error.kind, path)),
        };
        let is_directory = self.entry(&resolved.path).is_some_and(Entry::is_directory);
        if is_directory && recursion == Recursion::Single {
            return Err(FsError::new(FsErrorKind::IsADirectory, path));
        }
        self.check_writable(path)?;
        self.delete(&resolved.path);
        Ok(())
    }

    /// Copies `from` to `to`, as `cp` (or `cp -r` for directories) does: into
    /// `to` if it is a directory, else to `to` itself. Copies are owned by
    /// root and keep their modes; symlinks below `from` are copied as links.
    pub fn copy(&mut self, from: &str, to: &str, recursion: Recursion) -> Result<(), FsError> {
        self.check_writable(to)?;
        let (source, source_entry) = self.existing(&absolute(from), FollowFinal::Yes)?;
        if source_entry.is_directory() && recursion == Recursion::Single {
            return Err(FsError::new(FsErrorKind::IsADirectory, from));
        }
        let target = self.destination(&source, to)?;
        if target.starts_with(&source) {
            return Err(FsError::new(FsErrorKind::InvalidArgument, to));
        }
        for (path, entry) in self.subtree_entries(&source) {
            let new_path = path
                .rebase(&source, &target)
                .expect("entry lies below source");
            self.place_copy(new_path, entry.with_owner(0, 0).as_plain_directory(), to)?;
        }
        Ok(())
    }

    /// Computes where `cp` or `mv` puts `source` when given `to`.
    fn destination(&self, source: &FsPath, to: &str) -> Result<FsPath, FsError> {
        let resolved = self.resolve(&absolute(to), FollowFinal::Yes)?;
        let into_directory =
            resolved.exists && self.entry(&resolved.path).is_some_and(Entry::is_directory);
        if !into_directory {
            return Ok(resolved.path);
        }
        match source.file_name() {
            Some(name) => Ok(resolved.path.child(name)),
            None => Err(FsError::new(FsErrorKind::InvalidArgument, to)),
        }
    }

    fn place_copy(&mut self, path: FsPath, entry: Entry, to: &str) -> Result<(), FsError> {
        match self.entry(&path) {
            Some(existing) if existing.is_directory() && entry.is_directory() => Ok(()),
            Some(existing) if existing.is_directory() => {
                Err(FsError::new(FsErrorKind::IsADirectory, to))
            }
            Some(_) if entry.is_directory() => Err(FsError::new(FsErrorKind::NotADirectory, to)),
            _ => {
                self.put(path, entry);
                Ok(())
            }
        }
    }

    /// Moves `from` to `to`, as `mv` does, into `to` if it is a directory.
    /// An empty directory at the target is replaced, but a non-empty one is
    /// `DirectoryNotEmpty`. Entries keep their modes and owners.
    pub fn rename(&mut self, from: &str, to: &str) -> Result<(), FsError> {
        self.check_writable(to)?;
        self.check_writable(from)?;
        let (source, source_entry) = self.existing(&absolute(from), FollowFinal::No)?;
        if source.is_root() {
            return Err(FsError::new(FsErrorKind::InvalidArgument, from));
        }
        let source_is_directory = source_entry.is_directory();
        let target = self.destination(&source, to)?;
        if target == source {
            return Ok(());
        }
        if target.is_descendant_of(&source) {
            return Err(FsError::new(FsErrorKind::InvalidArgument, to));
        }
        self.check_rename_target(&target, source_is_directory, to)?;

        let moved = self.subtree_entries(&source);
        self.delete(&target);
        for (path, entry) in moved {
            let new_path = path
                .rebase(&source, &target)
                .expect("entry lies below source");
            self.put(new_path, entry.as_plain_directory());
        }
        self.delete(&source);
        Ok(())
    }

    fn check_rename_target(
        &self,
        target: &FsPath,
        source_is_directory: bool,
        to: &str,
    ) -> Result<(), FsError> {
        let Some(existing) = self.entry(target) else {
            return Ok(());
        };
        match (source_is_directory, existing.is_directory()) {
            (true, true) if !self.children(target).is_empty() => {
                Err(FsError::new(FsErrorKind::DirectoryNotEmpty, to))
            }
            (true, false) => Err(FsError::new(FsErrorKind::NotADirectory, to)),
            (false, true) => Err(FsError::new(FsErrorKind::IsADirectory, to)),
            _ => Ok(()),
        }
    }

    /// Sets permission bits, as `chmod` (`-R` with [`Recursion::Recursive`])
    /// does. Symlinks below the path are left alone, as Linux cannot chmod them.
    pub fn chmod(&mut self, path: &str, mode: u32, recursion: Recursion) -> Result<(), FsError> {
        self.check_writable(path)?;
        let (start, _) = self.existing(&absolute(path), FollowFinal::Yes)?;
        for target in self.targets(&start, recursion) {
            let is_symlink = matches!(
                self.entry(&target).map(|e| &e.kind),
                Some(EntryKind::Symlink(_))
            );
            if !is_symlink {
                self.update_upper(&target, |entry| entry.mode = mode & 0o7777);
            }
        }
        Ok(())
    }

    /// Sets the owner, as `chown` (`-R` with [`Recursion::Recursive`]) does.
    /// Symlinks below the path change themselves, as `lchown` does.
    pub fn chown(&mut self, path: &str, owner: Owner, recursion: Recursion) -> Result<(), FsError> {
        self.check_writable(path)?;
        let (start, _) = self.existing(&absolute(path), FollowFinal::Yes)?;
        for target in self.targets(&start, recursion) {
            self.update_upper(&target, |entry| {
                entry.uid = owner.uid.unwrap_or(entry.uid);
                entry.gid = owner.gid.unwrap_or(entry.gid);
            });
        }
        Ok(())
    }

    fn targets(&self, start: &FsPath, recursion: Recursion) -> Vec<FsPath> {
        match recursion {
            Recursion::Single => vec![start.clone()],
            Recursion::Recursive => self
                .subtree_entries(start)
                .into_iter()
                .map(|(p, _)| p)
                .collect(),
        }
    }

    /// Creates a symlink at `link` pointing to `target`, as `ln -s` does.
    pub fn symlink(&mut self, target: &str, link: &str) -> Result<(), FsError> {
        self.check_writable(link)?;
        let resolved = self.resolve(&absolute(link), FollowFinal::No)?;
        if resolved.exists || resolved.path.is_root() {
            return Err(FsError::new(FsErrorKind::AlreadyExists, link));
        }
        self.put(resolved.path, Entry::symlink(target));
        Ok(())
    }

    /// Writes a change set on top of the merged view, as extracting a layer
    /// tar into a container does. Whiteouts delete and opaque directories
    /// replace. Other entries are created or replace what is there. Parent
    /// directories that are symlinks are followed.
    pub fn apply(&mut self, changes: &ChangeSet) -> Result<(), FsError> {
        for (path, entry) in changes.iter() {
            let target = self.apply_target(path)?;
            match entry.kind {
                EntryKind::Whiteout => self.delete(&target),
                EntryKind::OpaqueDirectory => {
                    self.delete(&target);
                    self.put(
                        target,
                        Entry {
                            kind: EntryKind::Directory,
                            ..entry.clone()
                        },
                    );
                }
                _ => self.apply_entry(target, entry),
            }
        }
        Ok(())
    }

    fn apply_target(&mut self, path: &FsPath) -> Result<FsPath, FsError> {
        let Some(parent) = path.parent() else {
            return Ok(path.clone());
        };
        let name = path.file_name().unwrap_or_default();
        self.mkdir_all(parent.as_str())?;
        Ok(self.canonicalize(parent.as_str())?.child(name))
    }

    fn apply_entry(&mut self, target: FsPath, entry: &Entry) {
        let existing_is_directory = self.entry(&target).map(Entry::is_directory);
        match (existing_is_directory, entry.is_directory()) {
            (Some(true), true) => self.update_upper(&target, |existing| {
                existing.mode = entry.mode;
                existing.uid = entry.uid;
                existing.gid = entry.gid;
            }),
            (Some(true), false) => {
                self.delete(&target);
                self.put(target, entry.clone());
            }
            _ => self.put(target, entry.clone()),
        }
    }
}

fn missing_result(path: &str, missing: IfMissing) -> Result<(), FsError> {
    match missing {
        IfMissing::Ignore => Ok(()),
        IfMissing::Fail => Err(FsError::new(FsErrorKind::NotFound, path)),
    }
}
