//! Permission checks for users other than root, as the kernel makes them
//! (`inode_permission`): the owner's bits when the user owns the file, the
//! group's bits when one of the user's groups does, else the other bits.
//! Root passes every check.
//!
//! Creating or removing an entry needs write and search permission on its
//! directory. In a sticky directory (`/tmp`), only the entry's owner and the
//! directory's owner may remove it.

use super::users;
use crate::fs::{FsPath, Metadata, Overlay};

/// The user a check is for: UID and every group ID.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Who {
    pub uid: u32,
    pub gids: Vec<u32>,
}

impl Who {
    /// Resolves the user a `USER` value names, with the groups `/etc/group`
    /// lists for it.
    pub fn of(fs: &Overlay, user: &str) -> Who {
        // No user is root, which passes every check, so its groups need no
        // lookup in `/etc/group`.
        if user.is_empty() {
            return Who {
                uid: 0,
                gids: vec![0],
            };
        }
        let identity = users::resolve(fs, user).unwrap_or_else(|_| users::Identity::root());
        let gids = users::group_list(fs, identity.name.as_deref(), identity.gid)
            .into_iter()
            .map(|(gid, _)| gid)
            .collect();
        Who {
            uid: identity.uid,
            gids,
        }
    }

    fn is_root(&self) -> bool {
        self.uid == 0
    }

    /// Returns whether the mode grants all of `bits` (4 read, 2 write,
    /// 1 execute) to this user.
    fn granted(&self, meta: &Metadata, bits: u32) -> bool {
        let shift = if meta.uid == self.uid {
            6
        } else if self.gids.contains(&meta.gid) {
            3
        } else {
            0
        };
        (meta.mode >> shift) & bits == bits
    }
}

/// Returns the deepest existing directory on the way to `path`, which is
/// where a new entry at `path` (or its missing parents) would go.
fn existing_parent(fs: &Overlay, path: &str) -> Option<Metadata> {
    let mut current = FsPath::new(path).parent();
    while let Some(directory) = current {
        if let Ok(meta) = fs.stat(directory.as_str()) {
            return Some(meta);
        }
        current = directory.parent();
    }
    None
}

/// Returns whether `who` may create an entry at the absolute `path`.
pub(crate) fn may_create(fs: &Overlay, who: &Who, path: &str) -> bool {
    if who.is_root() {
        return true;
    }
    existing_parent(fs, path).is_none_or(|parent| who.granted(&parent, 0o3))
}

/// Returns whether `who` may write the file at the absolute `path`, or
/// create it when it is missing.
pub(crate) fn may_write(fs: &Overlay, who: &Who, path: &str) -> bool {
    if who.is_root() {
        return true;
    }
    match fs.stat(path) {
        Ok(meta) => who.granted(&meta, 0o2),
        Err(_) => may_create(fs, who, path),
    }
}

/// Returns whether `who` may remove the entry at the absolute `path`.
pub(crate) fn may_remove(fs: &Overlay, who: &Who, path: &str) -> bool {
    if who.is_root() {
        return true;
    }
    let Some(parent) = existing_parent(fs, path) else {
        return true;
    };
    if !who.granted(&parent, 0o3) {
        return false;
    }
    let sticky = parent.mode & 0o1000 != 0;
    let owner = fs.lstat(path).map(|meta| meta.uid).ok();
    !sticky || owner == Some(who.uid) || parent.uid == who.uid
}

/// Returns whether `who` owns the entry at `path`, which changing its mode
/// requires.
pub(crate) fn owns(fs: &Overlay, who: &Who, path: &str) -> bool {
    who.is_root() || fs.stat(path).is_ok_and(|meta| meta.uid == who.uid)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fs::{Content, Owner, Recursion};

    fn tree() -> Overlay {
        let mut fs = Overlay::default();
        fs.mkdir_all("/etc").unwrap();
        fs.mkdir_all("/home/app").unwrap();
        fs.mkdir_all("/tmp").unwrap();
        fs.chmod("/tmp", 0o1777, Recursion::Single).unwrap();
        let passwd = "root:x:0:0::/root:/bin/sh\napp:x:1000:1000::/home/app:/bin/sh\n";
        fs.write("/etc/passwd", Content::Text(passwd.into()))
            .unwrap();
        fs.write(
            "/etc/group",
            Content::Text("root:x:0:\napp:x:1000:\n".into()),
        )
        .unwrap();
        let owner = Owner {
            uid: Some(1000),
            gid: Some(1000),
        };
        fs.chown("/home/app", owner, Recursion::Single).unwrap();
        fs.write("/tmp/roots", Content::Text(String::new()))
            .unwrap();
        fs
    }

    #[test]
    fn checks_table() {
        let fs = tree();
        let app = Who::of(&fs, "app");
        let root = Who::of(&fs, "");
        assert!(!may_create(&fs, &app, "/etc/new"));
        assert!(may_create(&fs, &root, "/etc/new"));
        assert!(may_create(&fs, &app, "/home/app/a/b"));
        assert!(!may_write(&fs, &app, "/etc/passwd"));
        assert!(may_create(&fs, &app, "/tmp/mine"));
        assert!(!may_remove(&fs, &app, "/tmp/roots"));
        assert!(!owns(&fs, &app, "/etc/passwd"));
        assert!(owns(&fs, &app, "/home/app"));
    }
}
