//! A container's mount namespace: the overlay root, the `-init` layer, the
//! files Docker bind-mounts for name resolution, and the bind mounts,
//! volumes and tmpfs mounts of `docker run`, as the container's processes
//! see them.
//!
//! The container's own files live in its overlay ([`Overlay`]): image
//! layers, the `-init` layer, and the writable upper layer that `docker
//! diff` and `docker commit` read. Mounts sit on top of that view. To run
//! a command, [`assemble`] builds the merged view the command sees: each
//! mount point becomes an opaque directory holding the mount's files (a
//! bind mount's host directory, a volume's `_data` directory on the host, a
//! tmpfs's memory), and `/proc`, `/sys/fs/cgroup` and `/etc/hosts` show
//! what the kernel and Docker put there. [`disassemble`] then sends what
//! the command changed under each mount back to its source and keeps the
//! rest in the upper layer, so a file written to a bind mount appears on
//! the host, a named volume keeps its files after `docker rm`, and only the
//! upper layer counts for `docker diff`.

use std::sync::Arc;

use shared_sort::{SharedSort, SortedMap};

use crate::daemon::containers::{Container, MountKind};
use crate::digest::Digest;
use crate::fs::{ChangeSet, Entry, EntryKind, FileType, FsPath, IfMissing, Overlay, Recursion};
use crate::sh::Mount;

/// Returns the directory where the `local` volume driver keeps a volume's
/// files on the host.
pub fn volume_directory(name: &str) -> String {
    format!("/var/lib/docker/volumes/{name}/_data")
}

/// Returns the bytes a volume's files take on the host, counted as moby's
/// `directory.Size` does: the sizes of everything but directories.
pub fn volume_size(host_fs: &Overlay, name: &str) -> u64 {
    let entries = host_fs.walk(&volume_directory(name)).unwrap_or_default();
    entries
        .iter()
        .filter(|(_, metadata)| metadata.file_type != FileType::Directory)
        .map(|(_, metadata)| metadata.size)
        .sum()
}

/// Deletes a removed volume's files from the host.
pub fn remove_volume_files(host_fs: &mut Overlay, name: &str) {
    let _ = host_fs.remove(
        &format!("/var/lib/docker/volumes/{name}"),
        Recursion::Recursive,
        IfMissing::Ignore,
    );
}

/// The root of overlay2's directories.
pub const OVERLAY_ROOT: &str = "/var/lib/docker/overlay2";

/// The host disk, in KiB, that the overlay and bind mounts live on: 60 GB
/// with 12 GB used (an estimate for a laptop).
const HOST_DISK_KIB: u64 = 61_202_244;
const HOST_DISK_USED_KIB: u64 = 12_582_912;
/// The size of `/dev` and `/dev/shm`, in KiB (Docker's 64 MB default).
const SHM_KIB: u64 = 65_536;

/// Returns the `-init` layer moby puts between the image and the
/// container's writable layer (`daemon/initlayer`): the mount points of
/// `/dev`, `/proc` and `/sys`, empty files for the bind-mounted
/// `/etc/hosts`, `/etc/hostname` and `/etc/resolv.conf`, `/.dockerenv`, and
/// `/etc/mtab` pointing at `/proc/mounts`. Parent directories the image
/// lacks are created with mode 0755.
pub fn init_layer(image: &Overlay) -> ChangeSet {
    let mut layer = ChangeSet::new();
    for directory in ["/dev", "/dev/pts", "/dev/shm", "/proc", "/sys", "/etc"] {
        if !image.exists(directory) {
            layer.insert(FsPath::new(directory), Entry::directory(0o755));
        }
    }
    for file in [
        "/.dockerenv",
        "/etc/resolv.conf",
        "/etc/hosts",
        "/etc/hostname",
        "/dev/console",
    ] {
        layer.insert(FsPath::new(file), Entry::text("", 0o755));
    }
    if image.lstat("/etc/mtab").is_err() {
        layer.insert(FsPath::new("/etc/mtab"), Entry::symlink("/proc/mounts"));
    }
    layer
}

/// Returns overlay2's directory for a container's layer (random in
/// Docker, derived from the container's ID here).
pub fn container_directory(id: &str) -> String {
    Digest::of(format!("overlay2 container {id}").as_bytes()).hex()
}

/// Returns overlay2's 26-character short link name for a layer directory
/// (`/var/lib/docker/overlay2/l/<link>`), which keeps mount options short.
pub fn short_link(directory: &str) -> String {
    let digest = Digest::of(format!("overlay2 link {directory}").as_bytes()).hex();
    const ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
    digest
        .bytes()
        .take(26)
        .map(|byte| ALPHABET[usize::from(byte) % ALPHABET.len()] as char)
        .collect()
}

/// The files the kernel and Docker show at fixed places of a running
/// container's view.
#[derive(Clone, Debug, Default)]
pub struct Pseudo {
    /// Files bind-mounted from `/var/lib/docker/containers/<id>/`:
    /// `/etc/hosts`, `/etc/hostname`, `/etc/resolv.conf`.
    pub files: Vec<(String, String)>,
    /// Entries of `/proc`, relative to it (`1/ns/pid` → a symlink).
    pub proc: Vec<(String, Entry)>,
    /// Names of the files in `/sys/fs/cgroup`.
    pub cgroup_files: Vec<String>,
}

/// The source of a mount's files.
#[derive(Clone, Debug, PartialEq, Eq)]
enum Source {
    /// A directory of the host's files: a bind mount, or a volume's
    /// `_data`.
    Host(FsPath),
    /// A tmpfs, by its mount point.
    Memory(String),
    /// Files the kernel or Docker shows; writes to them are not kept.
    Pseudo,
}

/// One mount in an assembled view.
#[derive(Clone, Debug)]
struct Mounted {
    destination: FsPath,
    source: Source,
    /// The entries the mount showed, by path relative to its destination.
    before: SortedMap<String, Entry>,
}

/// A container's view with its mounts in place, for one command.
#[derive(Debug)]
pub struct Assembled {
    /// The merged view the command reads and writes.
    pub fs: Overlay,
    /// The upper layer's own entries that the mounts cover.
    hidden: ChangeSet,
    mounts: Vec<Mounted>,
}

/// Builds the view of `container`'s files with its mounts in place. The
/// container's root file system moves into the view; [`disassemble`]
/// gives it back.
pub fn assemble(
    container: &mut Container,
    host_fs: &Overlay,
    tmpfs: &SortedMap<String, ChangeSet>,
    pseudo: &Pseudo,
) -> Assembled {
    let rootfs = std::mem::take(&mut container.rootfs);
    let lowers: Vec<Arc<ChangeSet>> = rootfs.lowers().to_vec();
    let mut upper = rootfs.into_upper();
    let mut hidden = ChangeSet::new();
    let mut mounts = Vec::new();

    for (path, text) in &pseudo.files {
        let destination = FsPath::new(path);
        hide(&mut upper, &mut hidden, &destination);
        let entry = Entry::text(text, 0o644);
        upper.insert(destination.clone(), entry.clone());
        mounts.push(Mounted {
            destination,
            source: Source::Pseudo,
            before: SortedMap::from([(String::new(), entry)]),
        });
    }
    let mut sources = mount_sources(container);
    sources.shared_sort_by_key(|(destination, _)| destination.as_str().matches('/').count());
    for (destination, source) in sources {
        let entries = match &source {
            Source::Host(path) => host_entries(host_fs, path),
            Source::Memory(key) => memory_entries(tmpfs.get(key)),
            Source::Pseudo => SortedMap::new(),
        };
        place(&mut upper, &mut hidden, &destination, &entries);
        mounts.push(Mounted {
            destination,
            source,
            before: entries,
        });
    }
    for (root, entries) in pseudo_trees(pseudo) {
        place(&mut upper, &mut hidden, &root, &entries);
        mounts.push(Mounted {
            destination: root,
            source: Source::Pseudo,
            before: entries,
        });
    }
    let mut fs = Overlay::with_upper(lowers, upper);
    fs.set_mounts(writability(container, &mounts));
    Assembled { fs, hidden, mounts }
}

/// Returns the mount points of the view with whether each is read-only:
/// the root with `--read-only`, bind mounts and volumes with `ro`, and
/// `/sys` with the cgroup tree. Docker's own files, `/dev` and the tmpfs
/// mounts stay writable.
fn writability(container: &Container, mounted: &[Mounted]) -> Vec<(FsPath, bool)> {
    // Docker always mounts a tmpfs on /dev and sysfs read-only on /sys.
    let mut table = vec![
        (FsPath::new("/"), container.host_config.readonly_rootfs),
        (FsPath::new("/dev"), false),
        (FsPath::new("/sys"), true),
    ];
    for mount in mounted {
        let read_only = match mount.source {
            Source::Pseudo => mount.destination.starts_with(&FsPath::new("/sys")),
            Source::Memory(_) => false,
            Source::Host(_) => container
                .mounts
                .iter()
                .any(|own| FsPath::new(&own.destination) == mount.destination && !own.read_write),
        };
        table.push((mount.destination.clone(), read_only));
    }
    table
}

/// Returns the `/proc` and `/sys/fs/cgroup` trees of the pseudo files.
fn pseudo_trees(pseudo: &Pseudo) -> Vec<(FsPath, SortedMap<String, Entry>)> {
    let mut trees = Vec::new();
    if !pseudo.proc.is_empty() {
        let mut entries: SortedMap<String, Entry> =
            SortedMap::from([(String::new(), Entry::directory(0o555))]);
        entries.extend(pseudo.proc.iter().cloned());
        trees.push((FsPath::new("/proc"), entries));
    }
    if !pseudo.cgroup_files.is_empty() {
        let mut entries: SortedMap<String, Entry> = SortedMap::new();
        for directory in ["", "fs", "fs/cgroup", "kernel", "class", "devices"] {
            entries.insert(directory.to_string(), Entry::directory(0o755));
        }
        for name in &pseudo.cgroup_files {
            entries.insert(format!("fs/cgroup/{name}"), Entry::text("", 0o644));
        }
        trees.push((FsPath::new("/sys"), entries));
    }
    trees
}

/// Returns the mount points of the container's binds, volumes and tmpfs
/// mounts with their sources.
fn mount_sources(container: &Container) -> Vec<(FsPath, Source)> {
    container
        .mounts
        .iter()
        .map(|mount| {
            let destination = FsPath::new(&mount.destination);
            let source = match mount.kind {
                MountKind::Bind => Source::Host(FsPath::new(&mount.source)),
                MountKind::Volume => Source::Host(FsPath::new(&volume_directory(&mount.source))),
                MountKind::Tmpfs => Source::Memory(mount.destination.clone()),
            };
            (destination, source)
        })
        .collect()
}

/// Moves the upper layer's entries at and under `destination` aside.
fn hide(upper: &mut ChangeSet, hidden: &mut ChangeSet, destination: &FsPath) {
    let covered: Vec<(FsPath, Entry)> = upper
        .subtree(destination)
        .map(|(path, entry)| (path.clone(), entry.clone()))
        .collect();
    for (path, entry) in covered {
        upper.remove(&path);
        if hidden.get(&path).is_none() {
            hidden.insert(path, entry);
        }
    }
}

/// Puts a mount's entries at `destination` as an opaque directory.
fn place(
    upper: &mut ChangeSet,
    hidden: &mut ChangeSet,
    destination: &FsPath,
    entries: &SortedMap<String, Entry>,
) {
    hide(upper, hidden, destination);
    for (relative, entry) in entries {
        let path = join(destination, relative);
        let entry = match (relative.is_empty(), entry.is_directory()) {
            (true, true) => Entry {
                kind: EntryKind::OpaqueDirectory,
                ..entry.clone()
            },
            _ => entry.as_plain_directory(),
        };
        upper.insert(path, entry);
    }
}

/// Returns `relative` under `base`.
fn join(base: &FsPath, relative: &str) -> FsPath {
    if relative.is_empty() {
        return base.clone();
    }
    FsPath::new(&format!(
        "{}/{relative}",
        base.as_str().trim_end_matches('/')
    ))
}

/// Returns the visible entries of a host directory, relative to it; an
/// empty directory when it does not exist.
fn host_entries(host_fs: &Overlay, directory: &FsPath) -> SortedMap<String, Entry> {
    let start = host_fs
        .canonicalize(directory.as_str())
        .unwrap_or_else(|_| directory.clone());
    let mut entries: SortedMap<String, Entry> = host_fs
        .subtree_entries(&start)
        .into_iter()
        .filter_map(|(path, entry)| Some((relative_to(&path, &start)?, entry.as_plain_directory())))
        .collect();
    entries
        .entry(String::new())
        .or_insert_with(|| Entry::directory(0o755));
    entries
}

/// Returns the entries of a tmpfs.
fn memory_entries(files: Option<&ChangeSet>) -> SortedMap<String, Entry> {
    let mut entries = SortedMap::from([(String::new(), Entry::directory(0o1777))]);
    if let Some(files) = files {
        for (path, entry) in files.iter() {
            entries.insert(
                path.as_str().trim_start_matches('/').to_string(),
                entry.clone(),
            );
        }
    }
    entries
}

/// Returns `path` relative to `base` (`""` for `base` itself).
fn relative_to(path: &FsPath, base: &FsPath) -> Option<String> {
    if path == base {
        return Some(String::new());
    }
    path.strip_ancestor(base).map(str::to_string)
}

/// The files of the container's tmpfs mounts after a command, by mount
/// point. The host's files change in place instead.
pub type MemoryChanges = SortedMap<String, ChangeSet>;

/// Puts the container's root file system back after a command and sends
/// what changed under each mount to its source: the host's files for bind
/// mounts and volumes, the returned change sets for tmpfs mounts.
pub fn disassemble(
    assembled: Assembled,
    container: &mut Container,
    host_fs: &mut Overlay,
) -> MemoryChanges {
    let Assembled {
        fs,
        mut hidden,
        mut mounts,
    } = assembled;
    let lowers: Vec<Arc<ChangeSet>> = fs.lowers().to_vec();
    let mut upper = fs.into_upper();
    let mut memory = MemoryChanges::new();
    mounts.shared_sort_by_key(|mounted| {
        std::cmp::Reverse(mounted.destination.as_str().matches('/').count())
    });
    for mounted in &mounts {
        let after = mounted_entries(&upper, &mounted.destination);
        match &mounted.source {
            Source::Host(path) if after != mounted.before => {
                write_back(host_fs, path, &mounted.before, &after)
            }
            Source::Memory(key) => {
                let files: ChangeSet = after
                    .iter()
                    .filter(|(relative, _)| !relative.is_empty())
                    .map(|(relative, entry)| (FsPath::new(relative), entry.clone()))
                    .collect();
                memory.insert(key.clone(), files);
            }
            _ => {}
        }
        upper.remove_subtree(&mounted.destination);
    }
    for (path, entry) in std::mem::take(&mut hidden).iter() {
        upper.insert(path.clone(), entry.clone());
    }
    container.rootfs = Overlay::with_upper(lowers, upper);
    memory
}

/// Returns the entries under a mount point in the upper layer, relative to
/// it, without whiteouts.
fn mounted_entries(upper: &ChangeSet, destination: &FsPath) -> SortedMap<String, Entry> {
    upper
        .subtree(destination)
        .filter(|(_, entry)| !entry.is_whiteout())
        .filter_map(|(path, entry)| {
            Some((relative_to(path, destination)?, entry.as_plain_directory()))
        })
        .collect()
}

/// Applies a mount's changes to the host directory it shows.
fn write_back(
    host_fs: &mut Overlay,
    base: &FsPath,
    before: &SortedMap<String, Entry>,
    after: &SortedMap<String, Entry>,
) {
    let base = host_fs
        .canonicalize(base.as_str())
        .unwrap_or_else(|_| base.clone());
    for relative in before
        .keys()
        .rev()
        .filter(|relative| !after.contains_key(*relative))
    {
        let _ = host_fs.remove(
            join(&base, relative).as_str(),
            Recursion::Recursive,
            IfMissing::Ignore,
        );
    }
    for (relative, entry) in after {
        if before.get(relative) == Some(entry) {
            continue;
        }
        host_fs
            .upper_mut()
            .insert(join(&base, relative), entry.clone());
    }
}

/// Prepares a volume when a container that mounts it starts: creates its
/// directory and, when it is empty, copies in what the image has at the
/// mount point, as the local driver does unless the mount sets `nocopy`.
pub fn populate_volume(
    host_fs: &mut Overlay,
    volume: &str,
    image: &Overlay,
    destination: &str,
    copy: bool,
) {
    let directory = volume_directory(volume);
    let _ = host_fs.mkdir_all(&directory);
    let empty = host_fs
        .list(&directory)
        .map(|entries| entries.is_empty())
        .unwrap_or(true);
    if !copy || !empty {
        return;
    }
    let Ok(start) = image.canonicalize(destination) else {
        return;
    };
    if !image
        .stat(start.as_str())
        .is_ok_and(|meta| meta.file_type == crate::fs::FileType::Directory)
    {
        return;
    }
    let base = FsPath::new(&directory);
    for (path, entry) in image.subtree_entries(&start) {
        if let Some(relative) = relative_to(&path, &start) {
            host_fs
                .upper_mut()
                .insert(join(&base, &relative), entry.as_plain_directory());
        }
    }
}

/// Returns the size in KiB a tmpfs mount was given (`--mount
/// tmpfs-size=`, or `size=` in a `--tmpfs` value), or `None` for the
/// kernel's default of half the RAM.
fn tmpfs_size(container: &Container, destination: &str) -> Option<u64> {
    let from_mount = container
        .host_config
        .mounts
        .iter()
        .find(|spec| spec.target == destination)
        .map(|spec| spec.tmpfs_size);
    let from_flag = container
        .host_config
        .tmpfs
        .get(destination)
        .and_then(|options| {
            let size = options
                .split(',')
                .find_map(|option| option.strip_prefix("size="))?;
            crate::units::ram_in_bytes(size).ok()
        });
    let bytes = from_mount.filter(|bytes| *bytes > 0).or(from_flag)?;
    u64::try_from(bytes)
        .ok()
        .filter(|bytes| *bytes > 0)
        .map(|bytes| bytes.div_ceil(1024))
}

/// Returns a container's mount table, in the order runc mounts: the
/// overlay root, the kernel's file systems, then the bind mounts, volumes,
/// tmpfs mounts and Docker's files by mount point, then the paths Docker
/// masks or makes read-only in `/proc` and `/sys`.
pub fn mount_table(container: &Container, lower_links: &[String]) -> Vec<Mount> {
    let directory = container_directory(&container.id);
    let access = if container.host_config.readonly_rootfs {
        "ro"
    } else {
        "rw"
    };
    let options = format!(
        "{access},relatime,lowerdir={},upperdir={OVERLAY_ROOT}/{directory}/diff,workdir={OVERLAY_ROOT}/{directory}/work,nouserxattr",
        lower_links.iter().map(|link| format!("{OVERLAY_ROOT}/l/{link}")).collect::<Vec<_>>().join(":")
    );
    let mut table = vec![Mount {
        device: "overlay".to_string(),
        target: "/".to_string(),
        fs_type: "overlay".to_string(),
        options,
        size_kib: HOST_DISK_KIB,
        used_kib: HOST_DISK_USED_KIB,
    }];
    let shm = container.host_config.shm_size.max(0) as u64 / 1024;
    table.extend([
        pseudo(
            "proc",
            "/proc",
            "proc",
            "rw,nosuid,nodev,noexec,relatime",
            0,
        ),
        pseudo(
            "tmpfs",
            "/dev",
            "tmpfs",
            "rw,nosuid,size=65536k,mode=755,inode64",
            SHM_KIB,
        ),
        pseudo(
            "devpts",
            "/dev/pts",
            "devpts",
            "rw,nosuid,noexec,relatime,gid=5,mode=620,ptmxmode=666",
            0,
        ),
        pseudo(
            "sysfs",
            "/sys",
            "sysfs",
            "ro,nosuid,nodev,noexec,relatime",
            0,
        ),
        pseudo(
            "cgroup",
            "/sys/fs/cgroup",
            "cgroup2",
            "ro,nosuid,nodev,noexec,relatime,nsdelegate,memory_recursiveprot",
            0,
        ),
        pseudo(
            "mqueue",
            "/dev/mqueue",
            "mqueue",
            "rw,nosuid,nodev,noexec,relatime",
            0,
        ),
        pseudo(
            "shm",
            "/dev/shm",
            "tmpfs",
            &format!("rw,nosuid,nodev,noexec,relatime,size={shm}k,inode64"),
            shm,
        ),
    ]);
    let mut user: Vec<Mount> = container
        .mounts
        .iter()
        .map(|mount| {
            let access = if mount.read_write { "rw" } else { "ro" };
            match mount.kind {
                MountKind::Tmpfs => match tmpfs_size(container, &mount.destination) {
                    Some(kib) => pseudo(
                        "tmpfs",
                        &mount.destination,
                        "tmpfs",
                        &format!("{access},nosuid,nodev,noexec,relatime,size={kib}k,inode64"),
                        kib,
                    ),
                    None => pseudo(
                        "tmpfs",
                        &mount.destination,
                        "tmpfs",
                        &format!("{access},nosuid,nodev,noexec,relatime,inode64"),
                        4_013_816,
                    ),
                },
                _ => disk(&mount.destination, &format!("{access},relatime")),
            }
        })
        .collect();
    for file in ["/etc/resolv.conf", "/etc/hostname", "/etc/hosts"] {
        user.push(disk(file, "rw,relatime"));
    }
    // moby sorts the mounts by the depth of their mount points, so a mount
    // inside another comes after it; the sort keeps the order otherwise.
    user.shared_sort_by_key(|mount| mount.target.trim_end_matches('/').matches('/').count());
    table.extend(user);
    let read_only = "ro,nosuid,nodev,noexec,relatime";
    for path in [
        "/proc/bus",
        "/proc/fs",
        "/proc/irq",
        "/proc/sys",
        "/proc/sysrq-trigger",
    ] {
        table.push(pseudo("proc", path, "proc", read_only, 0));
    }
    table.push(pseudo(
        "tmpfs",
        "/proc/acpi",
        "tmpfs",
        "ro,relatime,inode64",
        0,
    ));
    for path in [
        "/proc/interrupts",
        "/proc/kcore",
        "/proc/keys",
        "/proc/timer_list",
    ] {
        table.push(pseudo(
            "tmpfs",
            path,
            "tmpfs",
            "rw,nosuid,size=65536k,mode=755,inode64",
            0,
        ));
    }
    table.push(pseudo(
        "tmpfs",
        "/proc/scsi",
        "tmpfs",
        "ro,relatime,inode64",
        0,
    ));
    table.push(pseudo(
        "tmpfs",
        "/sys/firmware",
        "tmpfs",
        "ro,relatime,inode64",
        0,
    ));
    table
}

fn pseudo(device: &str, target: &str, fs_type: &str, options: &str, size_kib: u64) -> Mount {
    Mount {
        device: device.to_string(),
        target: target.to_string(),
        fs_type: fs_type.to_string(),
        options: options.to_string(),
        size_kib,
        used_kib: 0,
    }
}

fn disk(target: &str, options: &str) -> Mount {
    Mount {
        device: "/dev/sda1".to_string(),
        target: target.to_string(),
        fs_type: "ext4".to_string(),
        options: options.to_string(),
        size_kib: HOST_DISK_KIB,
        used_kib: HOST_DISK_USED_KIB,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::daemon::containers::Mount as ContainerMount;
    use crate::fs::Content;

    fn container_with(mounts: Vec<ContainerMount>) -> Container {
        let mut base = ChangeSet::new();
        for directory in ["/etc", "/data", "/app"] {
            base.insert(FsPath::new(directory), Entry::directory(0o755));
        }
        base.insert(
            FsPath::new("/data/image.txt"),
            Entry::text("from the image\n", 0o644),
        );
        base.insert(
            FsPath::new("/etc/hosts"),
            Entry::text("image hosts\n", 0o644),
        );
        let mut container = Container::for_tests();
        container.rootfs = Overlay::new(vec![Arc::new(base)]);
        container.mounts = mounts;
        container
    }

    fn bind(source: &str, destination: &str) -> ContainerMount {
        ContainerMount {
            kind: MountKind::Bind,
            source: source.to_string(),
            destination: destination.to_string(),
            read_write: true,
            mode: String::new(),
            anonymous: false,
        }
    }

    #[test]
    fn bind_mount_reads_and_writes_host_files() {
        let mut host = Overlay::default();
        host.mkdir_all("/home/learner/project").unwrap();
        host.write(
            "/home/learner/project/app.py",
            Content::Text("print(1)\n".into()),
        )
        .unwrap();
        let mut container = container_with(vec![bind("/home/learner/project", "/app")]);

        let mut view = assemble(&mut container, &host, &SortedMap::new(), &Pseudo::default());
        assert_eq!(
            view.fs.read("/app/app.py").unwrap().as_text(),
            Some("print(1)\n")
        );
        view.fs
            .write("/app/out.txt", Content::Text("hi\n".into()))
            .unwrap();
        view.fs.mkdir_all("/tmp").unwrap();
        view.fs
            .write("/tmp/own.txt", Content::Text("mine\n".into()))
            .unwrap();
        disassemble(view, &mut container, &mut host);

        assert_eq!(
            host.read("/home/learner/project/out.txt")
                .unwrap()
                .as_text(),
            Some("hi\n")
        );
        assert!(
            !container.rootfs.exists("/app/out.txt"),
            "the bind mount's file is not in the container layer"
        );
        assert!(container.rootfs.exists("/tmp/own.txt"));
        let diff: Vec<String> = container
            .rootfs
            .diff()
            .iter()
            .map(ToString::to_string)
            .collect();
        assert!(!diff.iter().any(|line| line.contains("/app")), "{diff:?}");
    }

    #[test]
    fn deleting_in_a_bind_mount_deletes_on_the_host() {
        let mut host = Overlay::default();
        host.mkdir_all("/srv").unwrap();
        host.write("/srv/old.txt", Content::Text("old\n".into()))
            .unwrap();
        let mut container = container_with(vec![bind("/srv", "/data")]);
        let mut view = assemble(&mut container, &host, &SortedMap::new(), &Pseudo::default());
        assert!(
            !view.fs.exists("/data/image.txt"),
            "the mount hides the image's files"
        );
        view.fs
            .remove("/data/old.txt", Recursion::Single, IfMissing::Fail)
            .unwrap();
        disassemble(view, &mut container, &mut host);
        assert!(!host.exists("/srv/old.txt"));
        assert!(
            container.rootfs.exists("/data/image.txt"),
            "the image's files come back without the mount"
        );
    }

    #[test]
    fn pseudo_files_are_not_kept() {
        let mut host = Overlay::default();
        let mut container = container_with(Vec::new());
        let pseudo = Pseudo {
            files: vec![(
                "/etc/hosts".to_string(),
                "127.0.0.1\tlocalhost\n".to_string(),
            )],
            proc: vec![
                ("1".to_string(), Entry::directory(0o555)),
                ("self".to_string(), Entry::symlink("1")),
            ],
            cgroup_files: vec!["memory.max".to_string()],
        };
        let view = assemble(&mut container, &host, &SortedMap::new(), &pseudo);
        assert_eq!(
            view.fs.read("/etc/hosts").unwrap().as_text(),
            Some("127.0.0.1\tlocalhost\n")
        );
        assert_eq!(view.fs.read_link("/proc/self").unwrap(), "1");
        assert!(view.fs.exists("/sys/fs/cgroup/memory.max"));
        disassemble(view, &mut container, &mut host);
        assert_eq!(
            container.rootfs.read("/etc/hosts").unwrap().as_text(),
            Some("image hosts\n")
        );
        assert!(
            container.rootfs.diff().is_empty(),
            "{:?}",
            container.rootfs.diff()
        );
    }

    #[test]
    fn tmpfs_changes_come_back_as_memory() {
        let mut host = Overlay::default();
        let mut container = container_with(vec![ContainerMount {
            kind: MountKind::Tmpfs,
            source: String::new(),
            destination: "/run".to_string(),
            read_write: true,
            mode: String::new(),
            anonymous: false,
        }]);
        let mut view = assemble(&mut container, &host, &SortedMap::new(), &Pseudo::default());
        view.fs
            .write("/run/app.pid", Content::Text("1\n".into()))
            .unwrap();
        let memory = disassemble(view, &mut container, &mut host);
        assert!(memory["/run"].get(&FsPath::new("/app.pid")).is_some());
        assert!(!container.rootfs.exists("/run/app.pid"));
    }

    #[test]
    fn volumes_start_with_the_image_files() {
        let mut host = Overlay::default();
        let container = container_with(Vec::new());
        populate_volume(&mut host, "data", &container.rootfs, "/data", true);
        assert_eq!(
            host.read("/var/lib/docker/volumes/data/_data/image.txt")
                .unwrap()
                .as_text(),
            Some("from the image\n")
        );
        host.write(
            "/var/lib/docker/volumes/data/_data/image.txt",
            Content::Text("changed\n".into()),
        )
        .unwrap();
        populate_volume(&mut host, "data", &container.rootfs, "/data", true);
        assert_eq!(
            host.read("/var/lib/docker/volumes/data/_data/image.txt")
                .unwrap()
                .as_text(),
            Some("changed\n")
        );
    }

    #[test]
    fn init_layer_has_dockers_files() {
        let image = Overlay::default();
        let layer = init_layer(&image);
        for path in [
            "/.dockerenv",
            "/etc/hosts",
            "/etc/hostname",
            "/etc/resolv.conf",
            "/proc",
            "/dev/shm",
        ] {
            assert!(layer.get(&FsPath::new(path)).is_some(), "{path}");
        }
        assert_eq!(short_link("abc").len(), 26);
    }
}
