//! `docker cp`: copies files between a container and the client's host,
//! as docker/cli 28 does through the archive endpoints (`HEAD` and `GET
//! /containers/{id}/archive` from a container, `PUT` into one).
//!
//! The rules are docker/cli's `archive.CopyTo` and `PrepareArchiveCopy`. A
//! file copied onto an existing directory lands inside it under its own
//! name, and otherwise takes the destination's name. A directory copied
//! onto an existing directory lands inside it, unless the source ends in
//! `/.`, which copies its contents. A directory copied to a new path
//! becomes that path. Files copied into a container belong to root (with
//! `-a`, they keep their owners); files copied out belong to the client's
//! user. A running container's mounts are part of what `docker cp` sees,
//! so a copy into a bind mount lands on the host. With a terminal, the
//! client prints `Successfully copied SIZE to DEST`, where SIZE is the
//! tar stream's length.

use crate::client::docker::Call;
use crate::cx::{query_escape, Cx};
use crate::fs::{Entry, EntryKind, FileType, FsErrorKind, FsPath, Overlay, Owner, Recursion};
use crate::host::Host;
use crate::kernel::task::{self, RunSetup};
use crate::kernel::Runner;
use crate::units::human_size_with_precision;
use crate::world::World;

use super::{set_api_error, set_api_status};

/// The size of a tar header or block, in bytes.
const TAR_BLOCK: u64 = 512;

/// One side of a copy.
#[derive(Clone, Debug, PartialEq, Eq)]
enum Location {
    Container { name: String, path: String },
    Local(String),
}

/// Splits `CONTAINER:PATH` from a local path as docker/cli's `splitCpArg`
/// does: an absolute path, a path starting with `.` and one without `:` are
/// local.
fn split(arg: &str) -> Location {
    if arg.starts_with('/') {
        return Location::Local(arg.to_string());
    }
    match arg.split_once(':') {
        Some((name, path)) if !name.starts_with('.') => Location::Container {
            name: name.to_string(),
            path: path.to_string(),
        },
        _ => Location::Local(arg.to_string()),
    }
}

/// Runs `docker cp`.
pub fn run(world: &mut World, cx: &mut Cx, call: &Call) -> i32 {
    let (source, destination) = (call.args()[0].as_str(), call.args()[1].as_str());
    if source.is_empty() || destination.is_empty() {
        let which = if source.is_empty() {
            "source"
        } else {
            "destination"
        };
        cx.out.errln(format!("{which} can not be empty"));
        return 1;
    }
    let follow = call.invocation.flags.bool("follow-link");
    let archive = call.invocation.flags.bool("archive");
    let quiet = call.invocation.flags.bool("quiet");
    let result = match (split(source), split(destination)) {
        (Location::Container { .. }, Location::Container { .. }) => {
            Err("copying between containers is not supported".to_string())
        }
        (Location::Local(_), Location::Local(_)) => {
            Err("must specify at least one container source".to_string())
        }
        (_, Location::Local(path)) | (Location::Local(path), _) if path == "-" => {
            // FIXME: tar streams on standard input and output are not simulated.
            Err(
                "porthole: copying a tar stream through standard input or output is not simulated"
                    .to_string(),
            )
        }
        (Location::Container { name, path }, Location::Local(local)) => {
            copy_out(world, cx, call, &name, &path, &local, follow)
        }
        (Location::Local(local), Location::Container { name, path }) => {
            copy_in(world, cx, call, &local, &name, &path, follow, archive)
        }
    };
    match result {
        Ok(summary) => {
            if !quiet {
                cx.out.errln(summary);
            }
            0
        }
        Err(message) => {
            cx.out.errln(message);
            1
        }
    }
}

/// Files to copy: paths relative to the copied item's parent, so the first
/// entry is the item itself under its own name.
type Tree = Vec<(String, Entry)>;

/// Reads the item at `path` of `fs` with everything below it.
fn read_tree(fs: &Overlay, path: &str, follow: bool) -> Option<Tree> {
    let metadata = if follow {
        fs.stat(path).ok()?
    } else {
        fs.lstat(path).ok()?
    };
    let name = FsPath::new(path).file_name().unwrap_or("").to_string();
    let name = if name.is_empty() {
        "/".to_string()
    } else {
        name
    };
    if metadata.file_type == FileType::Symlink {
        let target = fs.read_link(path).ok()?.to_string();
        return Some(vec![(
            name,
            Entry::symlink(&target).with_owner(metadata.uid, metadata.gid),
        )]);
    }
    let start = fs.canonicalize(path).ok()?;
    let mut tree = Vec::new();
    for (entry_path, entry) in fs.subtree_entries(&start) {
        let relative = match entry_path.strip_ancestor(&start) {
            Some(rest) => format!("{name}/{rest}"),
            None => name.clone(),
        };
        tree.push((relative, entry.as_plain_directory()));
    }
    Some(tree)
}

/// Returns the length of the tar stream that carries a tree.
fn tar_size(tree: &Tree) -> u64 {
    let content: u64 = tree
        .iter()
        .map(|(_, entry)| {
            let size = if let EntryKind::File(content) = &entry.kind {
                content.size()
            } else {
                0
            };
            TAR_BLOCK + size.div_ceil(TAR_BLOCK) * TAR_BLOCK
        })
        .sum();
    content + 2 * TAR_BLOCK
}

/// Writes a tree under `directory`, renaming its top item to `name`, and
/// sets owners with `owner` (`None` keeps the tree's).
fn write_tree(
    fs: &mut Overlay,
    directory: &str,
    name: &str,
    tree: &Tree,
    owner: Option<(u32, u32)>,
) -> Result<(), String> {
    let top = tree
        .first()
        .map(|(relative, _)| relative.clone())
        .unwrap_or_default();
    for (relative, entry) in tree {
        let rest = relative.strip_prefix(&top).unwrap_or("");
        let path = format!("{}/{name}{rest}", directory.trim_end_matches('/'));
        let written = match &entry.kind {
            EntryKind::Directory | EntryKind::OpaqueDirectory => fs
                .mkdir_all(&path)
                .and_then(|()| fs.chmod(&path, entry.mode, Recursion::Single)),
            EntryKind::File(content) => fs.write_with_mode(&path, content.clone(), entry.mode),
            EntryKind::Symlink(target) => {
                let _ = fs.remove(&path, Recursion::Single, crate::fs::IfMissing::Ignore);
                fs.symlink(target, &path)
            }
            EntryKind::Whiteout => continue,
        };
        written.map_err(|error| error.to_string())?;
        let (uid, gid) = owner.unwrap_or((entry.uid, entry.gid));
        if !matches!(entry.kind, EntryKind::Symlink(_)) {
            let _ = fs.chown(
                &path,
                Owner {
                    uid: Some(uid),
                    gid: Some(gid),
                },
                Recursion::Single,
            );
        }
    }
    Ok(())
}

/// Returns the directory a copied item lands in and the name it takes
/// there, following docker/cli's rules.
fn landing(
    fs: &Overlay,
    destination: &str,
    source_is_dir: bool,
    source_name: &str,
    contents_only: bool,
) -> Result<(String, String), String> {
    let path = FsPath::new(destination);
    match fs.stat(destination) {
        Ok(meta) if meta.file_type == FileType::Directory => {
            if contents_only {
                let parent = path
                    .parent()
                    .map(|parent| parent.as_str().to_string())
                    .unwrap_or_else(|| "/".to_string());
                return Ok((parent, path.file_name().unwrap_or("").to_string()));
            }
            Ok((path.as_str().to_string(), source_name.to_string()))
        }
        Ok(_) if source_is_dir => Err("cannot copy a directory to a file".to_string()),
        Ok(_) => Ok(parent_and_name(&path)),
        Err(_) if destination.ends_with('/') && !source_is_dir => {
            Err(format!("destination directory {destination} must exist"))
        }
        Err(_) => {
            let (parent, name) = parent_and_name(&path);
            if !fs
                .stat(&parent)
                .is_ok_and(|meta| meta.file_type == FileType::Directory)
            {
                return Err(format!(
                    "invalid output path: directory \"{parent}\" does not exist"
                ));
            }
            Ok((parent, name))
        }
    }
}

fn parent_and_name(path: &FsPath) -> (String, String) {
    let parent = path
        .parent()
        .map(|parent| parent.as_str().to_string())
        .unwrap_or_else(|| "/".to_string());
    (parent, path.file_name().unwrap_or("").to_string())
}

/// Makes a path absolute against the client's working directory.
fn local_path(world: &World, path: &str) -> String {
    let joined = if path.starts_with('/') {
        path.to_string()
    } else {
        format!("{}/{path}", world.client.cwd)
    };
    let normal = FsPath::new(&joined).as_str().to_string();
    if path == "." || path.ends_with("/.") {
        format!("{}/.", normal.trim_end_matches('/'))
    } else if path.ends_with('/') && normal != "/" {
        format!("{normal}/")
    } else {
        normal
    }
}

/// Runs `f` against the container's view of its files: with its mounts
/// when it runs, its own layers when it does not.
fn with_container_fs<R>(
    host: &mut Host,
    id: &str,
    now: crate::clock::Millis,
    f: impl FnOnce(&mut Overlay) -> R,
) -> Option<R> {
    let running = host.daemon.containers.get(id)?.task.is_some();
    if running {
        let setup = RunSetup {
            runner: Runner::Terminal,
            shell_pid: 0,
            exec_form: false,
            user: "root".to_string(),
            uid: 0,
            tty: None,
        };
        return task::run_in(host, id, now, setup, |fs, _| f(fs)).map(|(result, _)| result);
    }
    let container = host.daemon.containers.get_mut(id)?;
    Some(f(&mut container.rootfs))
}

/// Copies from a container to the client's host.
fn copy_out(
    world: &mut World,
    cx: &mut Cx,
    call: &Call,
    name: &str,
    path: &str,
    local: &str,
    follow: bool,
) -> Result<String, String> {
    let index = call.api(
        cx,
        "GET",
        &format!("/containers/{name}/archive"),
        &format!("path={}", query_escape(path)),
        200,
    );
    let host = world
        .hosts
        .get_mut(&call.target)
        .expect("target host exists");
    let id = match host.daemon.containers.lookup(name) {
        Ok(container) => container.id.clone(),
        Err(error) => {
            set_api_error(cx, index, &error);
            return Err(format!("Error response from daemon: {}", error.message));
        }
    };
    let absolute = if path.starts_with('/') {
        path.to_string()
    } else {
        format!("/{path}")
    };
    let tree =
        with_container_fs(host, &id, cx.now(), |fs| read_tree(fs, &absolute, follow)).flatten();
    let Some(tree) = tree else {
        set_api_status(cx, index, 404);
        return Err(format!(
            "Error response from daemon: Could not find the file {path} in container {name}"
        ));
    };
    let destination = local_path(world, local);
    let source_is_dir = tree.first().is_some_and(|(_, entry)| entry.is_directory());
    let contents_only = path.ends_with("/.");
    let client_host = world.client.host.clone();
    let fs = &mut world
        .hosts
        .get_mut(&client_host)
        .expect("client host exists")
        .fs;
    let (directory, item) = landing(
        fs,
        destination.trim_end_matches("/."),
        source_is_dir,
        &tree[0].0,
        contents_only,
    )?;
    write_tree(fs, &directory, &item, &tree, Some((1000, 1000)))?;
    let size = tar_size(&tree);
    cx.advance(10 + size / 100_000);
    Ok(format!(
        "Successfully copied {} to {}",
        human_size_with_precision(size as f64, 3),
        destination
    ))
}

/// Copies from the client's host into a container.
#[allow(clippy::too_many_arguments)]
fn copy_in(
    world: &mut World,
    cx: &mut Cx,
    call: &Call,
    local: &str,
    name: &str,
    path: &str,
    follow: bool,
    archive: bool,
) -> Result<String, String> {
    let source = local_path(world, local);
    let client_fs = &world.client_host().fs;
    let Some(tree) = read_tree(client_fs, source.trim_end_matches("/."), follow) else {
        return Err(format!(
            "lstat {}: no such file or directory",
            source.trim_end_matches("/.")
        ));
    };
    let stat = call.api(
        cx,
        "HEAD",
        &format!("/containers/{name}/archive"),
        &format!("path={}", query_escape(path)),
        200,
    );
    let host = world
        .hosts
        .get_mut(&call.target)
        .expect("target host exists");
    let id = match host.daemon.containers.lookup(name) {
        Ok(container) => container.id.clone(),
        Err(error) => {
            set_api_status(cx, stat, error.status);
            return Err(format!("Error response from daemon: {}", error.message));
        }
    };
    let absolute = if path.starts_with('/') {
        path.to_string()
    } else {
        format!("/{path}")
    };
    let source_is_dir = tree.first().is_some_and(|(_, entry)| entry.is_directory());
    let contents_only = local.ends_with("/.");
    let owner = if archive { None } else { Some((0, 0)) };
    let now = cx.now();
    let written = with_container_fs(host, &id, now, |fs| {
        let (directory, item) = landing(fs, &absolute, source_is_dir, &tree[0].0, contents_only)?;
        write_tree(fs, &directory, &item, &tree, owner)?;
        Ok::<String, String>(directory)
    });
    let directory = match written {
        Some(Ok(directory)) => directory,
        // moby refuses to extract below a read-only root or mount
        // (`ErrRootFSReadOnly`, `ErrVolumeReadonly`).
        Some(Err(message)) if message.ends_with(&FsErrorKind::ReadOnly.to_string()) => {
            set_api_status(cx, stat, 403);
            let readonly_root = host
                .daemon
                .containers
                .get(&id)
                .is_some_and(|container| container.host_config.readonly_rootfs);
            let refusal = if readonly_root {
                "container rootfs is marked read-only"
            } else {
                "mounted volume is marked read-only"
            };
            return Err(format!("Error response from daemon: {refusal}"));
        }
        Some(Err(_)) | None => {
            set_api_status(cx, stat, 404);
            return Err(format!(
                "Error response from daemon: Could not find the file {path} in container {name}"
            ));
        }
    };
    call.api(
        cx,
        "PUT",
        &format!("/containers/{name}/archive"),
        &format!(
            "copyUIDGID={archive}&noOverwriteDirNonDir=true&path={}",
            query_escape(&directory)
        ),
        200,
    );
    let size = tar_size(&tree);
    cx.advance(10 + size / 100_000);
    Ok(format!(
        "Successfully copied {} to {name}:{path}",
        human_size_with_precision(size as f64, 3)
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn arguments_split_as_docker_cli() {
        assert_eq!(
            split("web:/etc/hosts"),
            Location::Container {
                name: "web".into(),
                path: "/etc/hosts".into()
            }
        );
        assert_eq!(split("/tmp/a:b"), Location::Local("/tmp/a:b".into()));
        assert_eq!(split("./a:b"), Location::Local("./a:b".into()));
        assert_eq!(split("notes.txt"), Location::Local("notes.txt".into()));
    }

    #[test]
    fn tar_sizes_count_headers_and_blocks() {
        let tree: Tree = vec![("hosts".into(), Entry::text("abc\n", 0o644))];
        assert_eq!(tar_size(&tree), 2048);
        assert_eq!(
            human_size_with_precision(tar_size(&tree) as f64, 3),
            "2.05kB"
        );
    }
}
