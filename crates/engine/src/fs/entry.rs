//! One entry of a change set: a directory, regular file, symlink or one of
//! overlayfs's two layer markers, with its mode and owner.
//!
//! A regular file's content is either real text, for the small files that
//! users read (`/etc/os-release`, configs, scripts), or synthetic bytes of a
//! given size named by a seed, for binaries and libraries whose bytes nobody
//! reads. Two synthetic files are the same content only if size and seed match.

/// The bytes of a regular file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Content {
    /// Readable text, stored in full.
    Text(String),
    /// `size` bytes that stand for a binary, identified by `seed`.
    Synthetic {
        /// Length in bytes.
        size: u64,
        /// Identity of the bytes, so that equal seeds mean equal content.
        seed: u64,
    },
}

impl Content {
    /// Length in bytes.
    pub fn size(&self) -> u64 {
        match self {
            Content::Text(text) => text.len() as u64,
            Content::Synthetic { size, .. } => *size,
        }
    }

    /// Appends text. Appending to synthetic bytes keeps them synthetic: the size
    /// grows and the seed mixes in the appended text, so equal histories give
    /// equal content.
    pub fn append(&mut self, more: &str) {
        match self {
            Content::Text(text) => text.push_str(more),
            Content::Synthetic { size, seed } => {
                *size += more.len() as u64;
                *seed = mix_seed(*seed, more.as_bytes());
            }
        }
    }

    /// Returns the text, or `None` for synthetic bytes.
    pub fn as_text(&self) -> Option<&str> {
        match self {
            Content::Text(text) => Some(text),
            Content::Synthetic { .. } => None,
        }
    }
}

/// Mixes `bytes` into `seed` with 64-bit FNV-1a, a stable choice that needs
/// no dependency.
pub fn mix_seed(seed: u64, bytes: &[u8]) -> u64 {
    let mut hash = seed ^ 0xcbf2_9ce4_8422_2325;
    for byte in bytes {
        hash ^= u64::from(*byte);
        hash = hash.wrapping_mul(0x0000_0100_0000_01b3);
    }
    hash
}

/// What an entry is.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum EntryKind {
    /// A directory whose contents merge with the same directory in lower layers.
    Directory,
    /// A directory that hides the same directory in lower layers, as overlayfs
    /// marks with the `trusted.overlay.opaque=y` xattr (`.wh..wh..opq` in a
    /// layer tar).
    OpaqueDirectory,
    /// A regular file.
    File(Content),
    /// A symbolic link to the target text, which may be relative.
    Symlink(String),
    /// A deletion of the same path in lower layers, as overlayfs marks with a
    /// 0/0 character device (`.wh.<name>` in a layer tar).
    Whiteout,
}

/// An entry with its permission bits and owner.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Entry {
    /// What the entry is.
    pub kind: EntryKind,
    /// Permission bits, including setuid, setgid and sticky (`0o7777` at most).
    pub mode: u32,
    /// Owner user ID.
    pub uid: u32,
    /// Owner group ID.
    pub gid: u32,
}

impl Entry {
    /// Creates a directory owned by root.
    pub fn directory(mode: u32) -> Entry {
        Entry::owned_by_root(EntryKind::Directory, mode)
    }

    /// Creates a regular file owned by root.
    pub fn file(content: Content, mode: u32) -> Entry {
        Entry::owned_by_root(EntryKind::File(content), mode)
    }

    /// Creates a text file owned by root.
    pub fn text(text: &str, mode: u32) -> Entry {
        Entry::file(Content::Text(text.to_string()), mode)
    }

    /// Creates a symlink owned by root, mode `0777` as Linux reports for symlinks.
    pub fn symlink(target: &str) -> Entry {
        Entry::owned_by_root(EntryKind::Symlink(target.to_string()), 0o777)
    }

    /// Creates a whiteout marker.
    pub fn whiteout() -> Entry {
        Entry::owned_by_root(EntryKind::Whiteout, 0)
    }

    fn owned_by_root(kind: EntryKind, mode: u32) -> Entry {
        Entry {
            kind,
            mode: mode & 0o7777,
            uid: 0,
            gid: 0,
        }
    }

    /// Returns the same entry owned by `uid:gid`.
    pub fn with_owner(mut self, uid: u32, gid: u32) -> Entry {
        self.uid = uid;
        self.gid = gid;
        self
    }

    /// Returns whether this is a directory, opaque or not.
    pub fn is_directory(&self) -> bool {
        matches!(self.kind, EntryKind::Directory | EntryKind::OpaqueDirectory)
    }

    /// Returns whether this is one of the two layer markers that hide lower content.
    pub fn is_whiteout(&self) -> bool {
        self.kind == EntryKind::Whiteout
    }

    /// Returns the bytes this entry adds to a layer: a file's length or a symlink's
    /// target length, as Docker's layer size counts them; 0 otherwise.
    pub fn size(&self) -> u64 {
        match &self.kind {
            EntryKind::File(content) => content.size(),
            EntryKind::Symlink(target) => target.len() as u64,
            _ => 0,
        }
    }

    /// Returns the file type as a merged view reports it, or `None` for a whiteout.
    pub fn file_type(&self) -> Option<FileType> {
        match self.kind {
            EntryKind::Directory | EntryKind::OpaqueDirectory => Some(FileType::Directory),
            EntryKind::File(_) => Some(FileType::File),
            EntryKind::Symlink(_) => Some(FileType::Symlink),
            EntryKind::Whiteout => None,
        }
    }

    /// Returns the same entry with an opaque directory turned into a plain one, as a
    /// copy-up into an upper layer records it.
    pub(crate) fn as_plain_directory(&self) -> Entry {
        let mut copy = self.clone();
        if copy.kind == EntryKind::OpaqueDirectory {
            copy.kind = EntryKind::Directory;
        }
        copy
    }

    /// Returns whether mode and owner match, which is all `docker diff` compares for
    /// a directory (the simulation keeps no timestamps).
    pub(crate) fn same_metadata(&self, other: &Entry) -> bool {
        self.mode == other.mode && self.uid == other.uid && self.gid == other.gid
    }
}

/// The file type of a visible entry.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FileType {
    /// A directory.
    Directory,
    /// A regular file.
    File,
    /// A symbolic link.
    Symlink,
}

/// What `stat` reports for a visible entry.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Metadata {
    /// The file type.
    pub file_type: FileType,
    /// Permission bits.
    pub mode: u32,
    /// Owner user ID.
    pub uid: u32,
    /// Owner group ID.
    pub gid: u32,
    /// Length in bytes: content length for a file, target length for a
    /// symlink, 4096 for a directory as ext4 and overlayfs report it.
    pub size: u64,
}

/// The size `stat` reports for every directory.
pub const DIRECTORY_SIZE: u64 = 4096;

impl Metadata {
    /// Returns the metadata of a visible entry, or `None` for a whiteout.
    pub fn of(entry: &Entry) -> Option<Metadata> {
        let file_type = entry.file_type()?;
        let size = match file_type {
            FileType::Directory => DIRECTORY_SIZE,
            _ => entry.size(),
        };
        Some(Metadata {
            file_type,
            mode: entry.mode,
            uid: entry.uid,
            gid: entry.gid,
            size,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_table() {
        let cases = [
            (Entry::directory(0o755), 0),
            (Entry::text("hello\n", 0o644), 6),
            (
                Entry::file(
                    Content::Synthetic {
                        size: 1234,
                        seed: 7,
                    },
                    0o755,
                ),
                1234,
            ),
            (Entry::symlink("usr/bin"), 7),
            (Entry::whiteout(), 0),
        ];
        for (entry, size) in cases {
            assert_eq!(entry.size(), size, "{entry:?}");
        }
    }

    #[test]
    fn append_to_text_and_synthetic() {
        let mut text = Content::Text("a\n".into());
        text.append("b\n");
        assert_eq!(text, Content::Text("a\nb\n".into()));

        let mut synthetic = Content::Synthetic { size: 10, seed: 1 };
        synthetic.append("xyz");
        assert_eq!(synthetic.size(), 13);
        assert_ne!(synthetic, Content::Synthetic { size: 13, seed: 1 });
    }

    #[test]
    fn metadata_of_directory_reports_4096() {
        let metadata = Metadata::of(&Entry::directory(0o755)).unwrap();
        assert_eq!(metadata.size, DIRECTORY_SIZE);
        assert_eq!(metadata.file_type, FileType::Directory);
        assert!(Metadata::of(&Entry::whiteout()).is_none());
    }

    #[test]
    fn mode_is_masked() {
        assert_eq!(Entry::directory(0o41777).mode, 0o1777);
    }
}
