//! `RUN --mount`: what each mount puts at its target while the step runs,
//! and how the step's files look once the mounts are gone, as BuildKit's
//! `dockerfile2llb/convert_runmount.go` asks for them and its executor
//! provides them.
//!
//! - `bind` mounts a directory of the build context, or of another stage or
//!   image with `from=`; read-only unless `rw`, and even then its changes
//!   are dropped.
//! - `cache` mounts a directory kept in the build cache by `id` (the target
//!   by default) between steps and builds; its files never reach the layer.
//! - `tmpfs` mounts an empty directory that is dropped afterwards.
//! - `secret` puts a `--secret` value at `/run/secrets/ID` (or the target)
//!   with mode 0400, or in an environment variable with `env=`. A secret
//!   the build was not given is skipped unless the mount is `required`.
//! - `ssh` cannot forward an agent in the simulation; the step still runs,
//!   with `SSH_AUTH_SOCK` set, and is marked as not simulated.
//!
//! Attaching replaces whatever the image has at the target; detaching puts
//! it back and removes the directories made only to hold the mount point,
//! as BuildKit's mount-stub cleaner does, so a mount leaves no trace in the
//! layer.

use dockerfile::instructions::mount::{Mount, MountType};
use shared_sort::SortedMap;

use super::context::{BuildContext, ContextEntry};
use super::copy;
use crate::digest::Digest;
use crate::fs::{ChangeSet, Content, Entry, FileType, FsPath, Overlay};

/// What a mount is, for attaching and detaching it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ReadyKind {
    /// A bind mount; `read_only` unless `rw` was given.
    Bind { read_only: bool },
    /// A cache mount with its id.
    Cache { id: String },
    /// An empty in-memory directory.
    Tmpfs,
    /// A secret file.
    Secret,
}

/// A mount with its files, ready to attach.
#[derive(Clone, Debug)]
pub struct ReadyMount {
    /// The absolute mount point.
    pub target: String,
    pub kind: ReadyKind,
    /// The entry at the mount point: a directory, or the secret file.
    pub root: Entry,
    /// The files below the mount point, paths relative to it.
    pub files: ChangeSet,
}

/// The mounts of one RUN, with what they add to its environment.
#[derive(Clone, Debug, Default)]
pub struct Mounts {
    pub ready: Vec<ReadyMount>,
    /// `NAME=value` entries: secrets with `env=`, `SSH_AUTH_SOCK`.
    pub env: Vec<(String, String)>,
    /// Digests of what the mounts decide, for the step's cache key.
    pub inputs: Vec<(String, Digest)>,
    /// False when a mount cannot be simulated (ssh).
    pub simulated: bool,
}

/// Where mounts take files from.
pub struct MountSources<'a> {
    pub context: &'a BuildContext,
    /// The files of a stage or image named by `from=`.
    pub files_of: &'a dyn Fn(&str) -> Option<Overlay>,
    /// Cache mount contents by id.
    pub cache_of: &'a dyn Fn(&str) -> Option<ChangeSet>,
    /// `--secret` values by id.
    pub secrets: &'a SortedMap<String, String>,
    /// The step's working directory, for relative targets.
    pub workdir: &'a str,
}

/// Prepares a RUN's mounts. Errors carry BuildKit's text.
pub fn prepare(mounts: &[Mount], sources: &MountSources) -> Result<Mounts, String> {
    let mut prepared = Mounts {
        simulated: true,
        ..Mounts::default()
    };
    for (index, mount) in mounts.iter().enumerate() {
        let target = mount
            .target
            .as_deref()
            .map(|target| copy::absolute(sources.workdir, target));
        prepared
            .inputs
            .push((format!("mount {index}"), spec_digest(mount)));
        match mount.kind {
            MountType::Bind => {
                let target = target.ok_or("mount target is required")?;
                let files = bind_files(mount, sources)?;
                prepared.inputs.push((
                    format!("mount {index} files"),
                    Digest::of(&files.serialise()),
                ));
                let read_only = mount.read_only;
                prepared.ready.push(ReadyMount {
                    target,
                    kind: ReadyKind::Bind { read_only },
                    root: Entry::directory(0o755),
                    files,
                });
            }
            MountType::Cache => {
                let target = target.ok_or("mount target is required")?;
                let id = mount.id.clone().unwrap_or_else(|| target.clone());
                let root = Entry::directory(mount.mode.unwrap_or(0o755))
                    .with_owner(mount.uid.unwrap_or(0), mount.gid.unwrap_or(0));
                let files = (sources.cache_of)(&id).unwrap_or_default();
                prepared.ready.push(ReadyMount {
                    target,
                    kind: ReadyKind::Cache { id },
                    root,
                    files,
                });
            }
            MountType::Tmpfs => {
                let target = target.ok_or("mount target is required")?;
                prepared.ready.push(ReadyMount {
                    target,
                    kind: ReadyKind::Tmpfs,
                    root: Entry::directory(0o1777),
                    files: ChangeSet::new(),
                });
            }
            MountType::Secret => secret(mount, sources, &mut prepared)?,
            MountType::Ssh => {
                let socket = target.unwrap_or_else(|| format!("/run/buildkit/ssh_agent.{index}"));
                prepared.env.push(("SSH_AUTH_SOCK".to_string(), socket));
                prepared.simulated = false;
            }
        }
    }
    Ok(prepared)
}

/// Adds a secret mount: a file, an environment variable or both.
fn secret(mount: &Mount, sources: &MountSources, prepared: &mut Mounts) -> Result<(), String> {
    let id = mount
        .id
        .clone()
        .or_else(|| {
            mount
                .target
                .as_deref()
                .and_then(|target| target.rsplit('/').next())
                .map(str::to_string)
        })
        .unwrap_or_default();
    let Some(value) = sources.secrets.get(&id) else {
        return match mount.required {
            true => Err(format!("secret {id}: not found")),
            false => Ok(()),
        };
    };
    if let Some(name) = &mount.env {
        prepared.env.push((name.clone(), value.clone()));
        if mount.target.is_none() {
            return Ok(());
        }
    }
    let target = match &mount.target {
        Some(target) => copy::absolute(sources.workdir, target),
        None => format!("/run/secrets/{id}"),
    };
    let root = Entry::file(Content::Text(value.clone()), mount.mode.unwrap_or(0o400))
        .with_owner(mount.uid.unwrap_or(0), mount.gid.unwrap_or(0));
    prepared.ready.push(ReadyMount {
        target,
        kind: ReadyKind::Secret,
        root,
        files: ChangeSet::new(),
    });
    Ok(())
}

/// Returns a digest of what a mount's options decide.
fn spec_digest(mount: &Mount) -> Digest {
    let text = format!(
        "{} from={:?} source={:?} target={:?} ro={} id={:?} mode={:?} uid={:?} gid={:?} env={:?}",
        mount.kind.as_str(),
        mount.from,
        mount.source,
        mount.target,
        mount.read_only,
        mount.id,
        mount.mode,
        mount.uid,
        mount.gid,
        mount.env
    );
    Digest::of(text.as_bytes())
}

/// Returns the files a bind mount shows, paths relative to its source.
fn bind_files(mount: &Mount, sources: &MountSources) -> Result<ChangeSet, String> {
    let source = copy::clean_relative(mount.source.as_deref().unwrap_or("/"));
    match &mount.from {
        None => context_files(sources.context, &source),
        Some(from) => {
            let files = (sources.files_of)(from).ok_or_else(|| format!("{from}: not found"))?;
            overlay_files(&files, &source)
        }
    }
}

fn context_files(context: &BuildContext, source: &str) -> Result<ChangeSet, String> {
    if !source.is_empty() && !context.entries.contains_key(source) {
        return Err(format!("\"/{source}\": not found"));
    }
    let mut files = ChangeSet::new();
    for (path, entry) in context.subtree(source) {
        let relative = if source.is_empty() {
            path.as_str()
        } else {
            path.strip_prefix(source)
                .unwrap_or("")
                .trim_start_matches('/')
        };
        if relative.is_empty() {
            continue;
        }
        let entry = match entry {
            ContextEntry::Directory { mode } => Entry::directory(*mode),
            ContextEntry::File { content, mode } => Entry::file(content.clone(), *mode),
            ContextEntry::Symlink { target } => Entry::symlink(target),
        };
        files.insert(FsPath::new(&format!("/{relative}")), entry);
    }
    Ok(files)
}

fn overlay_files(overlay: &Overlay, source: &str) -> Result<ChangeSet, String> {
    let root = FsPath::new(&format!("/{source}"));
    let walked = overlay
        .walk(root.as_str())
        .map_err(|_| format!("\"/{source}\": not found"))?;
    let mut files = ChangeSet::new();
    for (path, _) in walked {
        let Some(relative) = path.strip_ancestor(&root) else {
            continue;
        };
        if let Some(entry) = overlay.entry(&path) {
            files.insert(FsPath::new(&format!("/{relative}")), entry.clone());
        }
    }
    Ok(files)
}

/// Directories made only to hold mount points, deepest last.
#[derive(Clone, Debug, Default)]
pub struct Stubs {
    created: Vec<FsPath>,
}

/// Puts each mount's files at its target.
pub fn attach(files: &mut Overlay, mounts: &[ReadyMount]) -> Stubs {
    let mut stubs = Stubs::default();
    for mount in mounts {
        let target = FsPath::new(&mount.target);
        for ancestor in target.ancestors() {
            if files.entry(&ancestor).is_none() {
                stubs.created.push(ancestor);
            }
        }
        if files.entry(&target).is_none() {
            stubs.created.push(target.clone());
        }
        let _ = files.remove(
            &mount.target,
            crate::fs::Recursion::Recursive,
            crate::fs::IfMissing::Ignore,
        );
        let mut placed = ChangeSet::new();
        placed.insert(target.clone(), mount.root.clone());
        for (path, entry) in mount.files.iter() {
            if let Some(relative) = path.strip_ancestor(&FsPath::root()) {
                placed.insert(target.join(relative), entry.clone());
            }
        }
        let _ = files.apply(&placed);
    }
    stubs
}

/// What the mounts held when the step ended.
#[derive(Clone, Debug, Default)]
pub struct Detached {
    /// The new contents of each cache mount, by id.
    pub caches: Vec<(String, ChangeSet)>,
    /// Targets of read-only mounts whose files the step changed.
    pub written_read_only: Vec<String>,
}

/// Takes the mounts away again: reads what cache mounts hold, then restores
/// the step's files below each target and removes the stub directories.
pub fn detach(files: &mut Overlay, mounts: &[ReadyMount], stubs: &Stubs) -> Detached {
    let mut detached = Detached::default();
    for mount in mounts.iter().rev() {
        let target = FsPath::new(&mount.target);
        let now = mounted_files(files, &target);
        match &mount.kind {
            ReadyKind::Cache { id } => detached.caches.push((id.clone(), now)),
            ReadyKind::Bind { read_only: true } if now != mount.files => {
                detached.written_read_only.push(mount.target.clone())
            }
            _ => {}
        }
        let lowers = files.lowers().to_vec();
        let mut upper = std::mem::take(files).into_upper();
        upper.remove_subtree(&target);
        *files = Overlay::with_upper(lowers, upper);
    }
    for stub in stubs.created.iter().rev() {
        let empty = files
            .list(stub.as_str())
            .map(|children| children.is_empty())
            .unwrap_or(true);
        let unchanged_root = files.lower_entry(stub).is_none();
        if empty
            && unchanged_root
            && files
                .stat(stub.as_str())
                .is_ok_and(|meta| meta.file_type == FileType::Directory)
        {
            let lowers = files.lowers().to_vec();
            let mut upper = std::mem::take(files).into_upper();
            upper.remove(stub);
            *files = Overlay::with_upper(lowers, upper);
        }
    }
    detached
}

/// Returns the files below a mount point, paths relative to it.
fn mounted_files(files: &Overlay, target: &FsPath) -> ChangeSet {
    let mut mounted = ChangeSet::new();
    let Ok(walked) = files.walk(target.as_str()) else {
        return mounted;
    };
    for (path, _) in walked {
        let Some(relative) = path.strip_ancestor(target) else {
            continue;
        };
        if let Some(entry) = files.entry(&path) {
            mounted.insert(FsPath::new(&format!("/{relative}")), entry.clone());
        }
    }
    mounted
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fs::Content;

    fn cache_mount(target: &str, files: ChangeSet) -> ReadyMount {
        ReadyMount {
            target: target.into(),
            kind: ReadyKind::Cache { id: target.into() },
            root: Entry::directory(0o755),
            files,
        }
    }

    #[test]
    fn cache_mount_leaves_no_trace_and_keeps_files() {
        let mut base = ChangeSet::new();
        base.insert(FsPath::new("/root"), Entry::directory(0o700));
        let mut files = Overlay::new(vec![std::sync::Arc::new(base)]);
        let mut kept = ChangeSet::new();
        kept.insert(FsPath::new("/old.whl"), Entry::text("old", 0o644));
        let mounts = vec![cache_mount("/root/.cache/pip", kept)];
        let stubs = attach(&mut files, &mounts);
        assert!(files.exists("/root/.cache/pip/old.whl"));
        files
            .write("/root/.cache/pip/new.whl", Content::Text("new".into()))
            .unwrap();
        files
            .write("/root/app.txt", Content::Text("app".into()))
            .unwrap();
        let detached = detach(&mut files, &mounts, &stubs);
        assert!(!files.exists("/root/.cache"));
        assert!(files.exists("/root/app.txt"));
        let (id, cache) = &detached.caches[0];
        assert_eq!(id, "/root/.cache/pip");
        let names: Vec<&str> = cache.iter().map(|(path, _)| path.as_str()).collect();
        assert_eq!(names, ["/new.whl", "/old.whl"]);
    }

    #[test]
    fn bind_over_existing_directory_restores_it() {
        let mut base = ChangeSet::new();
        base.insert(FsPath::new("/src"), Entry::directory(0o755));
        base.insert(FsPath::new("/src/kept.txt"), Entry::text("kept", 0o644));
        let mut files = Overlay::new(vec![std::sync::Arc::new(base)]);
        let mut shown = ChangeSet::new();
        shown.insert(FsPath::new("/main.go"), Entry::text("package main", 0o644));
        let mounts = vec![ReadyMount {
            target: "/src".into(),
            kind: ReadyKind::Bind { read_only: true },
            root: Entry::directory(0o755),
            files: shown,
        }];
        let stubs = attach(&mut files, &mounts);
        assert!(files.exists("/src/main.go"));
        assert!(!files.exists("/src/kept.txt"));
        files
            .write("/src/out.txt", Content::Text("x".into()))
            .unwrap();
        let detached = detach(&mut files, &mounts, &stubs);
        assert!(files.exists("/src/kept.txt"));
        assert!(!files.exists("/src/main.go"));
        assert_eq!(detached.written_read_only, ["/src"]);
        assert!(files.commit().is_empty());
    }
}
