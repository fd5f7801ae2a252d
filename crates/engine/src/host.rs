//! A simulated machine: its file system, its Docker daemon and its kernel's
//! counters.

use shared_sort::SortedSet;

use crate::daemon::Daemon;
use crate::faults::Fault;
use crate::fs::{ChangeSet, Content, Entry, FsPath, Overlay};

/// The user the terminal's host shell runs as.
pub const HOST_USER: &str = "learner";
/// The user's home directory on every host.
pub const HOME: &str = "/home/learner";
/// The directory the terminal starts in, which holds the build context.
pub const PROJECT_DIR: &str = "/home/learner/project";

/// First namespace inode number, as `ls -l /proc/PID/ns` shows them.
const FIRST_NAMESPACE_INODE: u64 = 4_026_532_000;

/// One machine.
#[derive(Clone, Debug)]
pub struct Host {
    pub name: String,
    /// The host's own files: the user's home and project.
    pub fs: Overlay,
    pub daemon: Daemon,
    /// CPU architecture, as image platforms name it.
    pub architecture: String,
    pub cpus: u32,
    /// Bytes of RAM.
    pub memory: u64,
    /// Faults switched on for this host, except a stopped daemon, which is
    /// the daemon's own state.
    pub faults: SortedSet<Fault>,
    /// The host user's Docker contexts (`~/.docker/contexts`).
    pub contexts: crate::client::target::ContextStore,
    /// Registries the daemon reaches over plain HTTP, as loaded from
    /// `/etc/docker/daemon.json` when the daemon last started.
    pub insecure_registries: Vec<String>,
    /// Containers to start when the stopped daemon starts again.
    pub restart_on_boot: Vec<String>,
    /// Bytes of swap.
    pub swap: u64,
    /// The PID counter.
    pub pids: crate::kernel::PidCounter,
    /// Network interface numbers.
    pub interfaces: crate::kernel::Interfaces,
    next_namespace_inode: u64,
}

impl Host {
    /// Creates a host with an empty daemon and a home directory.
    pub fn new(name: &str) -> Self {
        let mut base = ChangeSet::new();
        for directory in ["/home", HOME, PROJECT_DIR, "/tmp", "/etc", "/etc/docker"] {
            let path = FsPath::new(directory);
            base.insert(path, Entry::directory(0o755).with_owner(1000, 1000));
        }
        base.insert(
            FsPath::new("/etc/hostname"),
            Entry::file(Content::Text(format!("{name}\n")), 0o644),
        );
        add_system_files(&mut base);
        Self {
            name: name.to_string(),
            fs: Overlay::new(vec![std::sync::Arc::new(base)]),
            daemon: Daemon::default(),
            architecture: "amd64".to_string(),
            cpus: 4,
            memory: 8_232_169_472,
            faults: SortedSet::new(),
            contexts: Default::default(),
            insecure_registries: Vec::new(),
            restart_on_boot: Vec::new(),
            swap: 2_147_479_552,
            pids: crate::kernel::PidCounter::default(),
            interfaces: crate::kernel::Interfaces::default(),
            next_namespace_inode: FIRST_NAMESPACE_INODE,
        }
    }

    /// Returns whether `fault` is on for this host.
    pub fn has_fault(&self, fault: Fault) -> bool {
        match fault {
            Fault::DaemonStopped => !self.daemon.running,
            other => self.faults.contains(&other),
        }
    }

    /// Switches `fault` on or off.
    pub fn set_fault(&mut self, fault: Fault, on: bool) {
        match (fault, on) {
            (Fault::DaemonStopped, on) => self.daemon.running = !on,
            (other, true) => {
                self.faults.insert(other);
            }
            (other, false) => {
                self.faults.remove(&other);
            }
        }
    }

    /// Returns a new host PID.
    pub fn allocate_pid(&mut self) -> u32 {
        self.pids.allocate()
    }

    /// Returns a new namespace inode number.
    pub fn allocate_namespace_inode(&mut self) -> u64 {
        self.next_namespace_inode += 1;
        self.next_namespace_inode
    }

    /// Replaces the project directory's files with `files` (paths relative
    /// to the project directory).
    pub fn load_project(&mut self, files: &[(String, String)]) {
        let _ = self.fs.remove(
            PROJECT_DIR,
            crate::fs::Recursion::Recursive,
            crate::fs::IfMissing::Ignore,
        );
        let _ = self.fs.mkdir_all(PROJECT_DIR);
        for (path, text) in files {
            let full = format!("{PROJECT_DIR}/{path}");
            if let Some((directory, _)) = full.rsplit_once('/') {
                let _ = self.fs.mkdir_all(directory);
            }
            let _ = self.fs.write(&full, Content::Text(text.clone()));
        }
    }
}

/// The host's tools the terminal's shell runs through the shell
/// interpreter, with the directory each lives in on Ubuntu 24.04.
pub const HOST_PROGRAMS: &[(&str, &str)] = &[
    ("ps", "/usr/bin"),
    ("top", "/usr/bin"),
    ("free", "/usr/bin"),
    ("uname", "/usr/bin"),
    ("df", "/usr/bin"),
    ("getent", "/usr/bin"),
    ("ping", "/usr/bin"),
    ("ip", "/usr/bin"),
];

/// Adds the accounts and the programs of [`HOST_PROGRAMS`] to a host's
/// files, so the interpreter finds them and knows the user.
fn add_system_files(base: &mut ChangeSet) {
    for directory in ["/etc", "/usr", "/usr/bin"] {
        base.insert(FsPath::new(directory), Entry::directory(0o755));
    }
    let passwd = format!(
        "root:x:0:0:root:/root:/bin/bash\n{HOST_USER}:x:1000:1000:{HOST_USER}:{HOME}:/bin/bash\n"
    );
    base.insert(
        FsPath::new("/etc/passwd"),
        Entry::file(Content::Text(passwd), 0o644),
    );
    let group = format!("root:x:0:\ndocker:x:988:{HOST_USER}\n{HOST_USER}:x:1000:\n");
    base.insert(
        FsPath::new("/etc/group"),
        Entry::file(Content::Text(group), 0o644),
    );
    for (program, directory) in HOST_PROGRAMS {
        let seed = crate::fs::mix_seed(0, program.as_bytes());
        base.insert(
            FsPath::new(&format!("{directory}/{program}")),
            Entry::file(
                Content::Synthetic {
                    size: 138_208,
                    seed,
                },
                0o755,
            ),
        );
    }
}
