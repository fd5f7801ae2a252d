//! Linux namespaces: the kinds a process lives in, the inode numbers that
//! `ls -l /proc/PID/ns` shows for them, and which of a container's
//! namespaces are its own and which it shares.
//!
//! A default `docker run` gives the container new mount, UTS, IPC, PID,
//! network and cgroup namespaces (runc's `clone(CLONE_NEW…)`), and keeps
//! the host's user and time namespaces: Docker 28 turns user namespaces on
//! only with the daemon's `--userns-remap`, and never makes a time
//! namespace. `--pid=host`, `--network=host`, `--ipc=host`, `--uts=host`
//! and `--cgroupns=host` keep the host's namespace of that kind instead,
//! and `--pid`, `--network` or `--ipc` `container:NAME` join another
//! running container's.

use crate::daemon::containers::{Container, HostConfig};
use crate::daemon::ApiError;

/// A kind of namespace.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum NamespaceKind {
    Cgroup,
    Ipc,
    Mnt,
    Net,
    Pid,
    Time,
    User,
    Uts,
}

impl NamespaceKind {
    /// Every kind, in the order `ls /proc/self/ns` lists them.
    pub const ALL: [NamespaceKind; 8] = [
        NamespaceKind::Cgroup,
        NamespaceKind::Ipc,
        NamespaceKind::Mnt,
        NamespaceKind::Net,
        NamespaceKind::Pid,
        NamespaceKind::Time,
        NamespaceKind::User,
        NamespaceKind::Uts,
    ];

    /// Returns the kind's name in `/proc/PID/ns`.
    pub fn name(self) -> &'static str {
        match self {
            NamespaceKind::Cgroup => "cgroup",
            NamespaceKind::Ipc => "ipc",
            NamespaceKind::Mnt => "mnt",
            NamespaceKind::Net => "net",
            NamespaceKind::Pid => "pid",
            NamespaceKind::Time => "time",
            NamespaceKind::User => "user",
            NamespaceKind::Uts => "uts",
        }
    }

    /// Parses a kind's name.
    pub fn parse(name: &str) -> Option<NamespaceKind> {
        NamespaceKind::ALL
            .into_iter()
            .find(|kind| kind.name() == name)
    }

    /// Returns the inode of the host's initial namespace of this kind.
    /// Linux fixes most of them (`PROC_*_INIT_INO` in
    /// `include/linux/proc_ns.h`, 0xEFFFFFFA to 0xEFFFFFFF); the network and
    /// mount namespaces get the first two numbers the kernel hands out.
    pub fn host_inode(self) -> u64 {
        match self {
            NamespaceKind::Time => 4_026_531_834,
            NamespaceKind::Cgroup => 4_026_531_835,
            NamespaceKind::Pid => 4_026_531_836,
            NamespaceKind::User => 4_026_531_837,
            NamespaceKind::Uts => 4_026_531_838,
            NamespaceKind::Ipc => 4_026_531_839,
            NamespaceKind::Net => 4_026_531_840,
            NamespaceKind::Mnt => 4_026_531_841,
        }
    }

    /// Returns the `clone(2)` flag that creates a namespace of this kind.
    pub fn clone_flag(self) -> &'static str {
        match self {
            NamespaceKind::Cgroup => "CLONE_NEWCGROUP",
            NamespaceKind::Ipc => "CLONE_NEWIPC",
            NamespaceKind::Mnt => "CLONE_NEWNS",
            NamespaceKind::Net => "CLONE_NEWNET",
            NamespaceKind::Pid => "CLONE_NEWPID",
            NamespaceKind::Time => "CLONE_NEWTIME",
            NamespaceKind::User => "CLONE_NEWUSER",
            NamespaceKind::Uts => "CLONE_NEWUTS",
        }
    }
}

/// Where a container's namespace of one kind comes from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Sharing {
    /// runc created it for this container.
    Private,
    /// It is the host's.
    Host,
    /// It belongs to another container, by full ID.
    Container(String),
}

/// One namespace of a container.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Namespace {
    pub kind: NamespaceKind,
    /// The inode number `readlink /proc/PID/ns/KIND` shows.
    pub inode: u64,
    pub sharing: Sharing,
}

impl Namespace {
    /// Returns the link text, such as `pid:[4026532201]`.
    pub fn link(&self) -> String {
        format!("{}:[{}]", self.kind.name(), self.inode)
    }
}

/// The namespaces of a running container, one of each kind.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Namespaces {
    list: Vec<Namespace>,
}

impl Namespaces {
    /// Collects namespaces, one of each kind.
    pub fn new(list: Vec<Namespace>) -> Namespaces {
        Namespaces { list }
    }

    /// Returns the host's own namespaces.
    pub fn host() -> Namespaces {
        let list = NamespaceKind::ALL
            .into_iter()
            .map(|kind| Namespace {
                kind,
                inode: kind.host_inode(),
                sharing: Sharing::Host,
            })
            .collect();
        Namespaces { list }
    }

    /// Iterates over the namespaces in `ls /proc/self/ns` order.
    pub fn iter(&self) -> impl Iterator<Item = &Namespace> {
        self.list.iter()
    }

    /// Returns the namespace of one kind.
    pub fn get(&self, kind: NamespaceKind) -> Option<&Namespace> {
        self.list.iter().find(|namespace| namespace.kind == kind)
    }

    /// Returns the inode of one kind, or the host's when the set lacks it.
    pub fn inode(&self, kind: NamespaceKind) -> u64 {
        self.get(kind)
            .map_or(kind.host_inode(), |namespace| namespace.inode)
    }

    /// Returns whether the namespace of `kind` is the host's.
    pub fn is_host(&self, kind: NamespaceKind) -> bool {
        self.inode(kind) == kind.host_inode()
    }

    /// Returns the links of `/proc/PID/ns` in `ls` order, with the
    /// `pid_for_children` and `time_for_children` entries Linux 5.6 and
    /// later list.
    pub fn proc_links(&self) -> Vec<(String, String)> {
        let mut links = Vec::new();
        for namespace in &self.list {
            links.push((namespace.kind.name().to_string(), namespace.link()));
            if matches!(namespace.kind, NamespaceKind::Pid | NamespaceKind::Time) {
                links.push((
                    format!("{}_for_children", namespace.kind.name()),
                    namespace.link(),
                ));
            }
        }
        links
    }
}

/// Where `docker run`'s settings take each namespace from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Source {
    /// runc creates a new one.
    New,
    /// The host's.
    Host,
    /// Another container's, by the name or ID the user gave.
    Container(String),
}

/// Returns where each kind comes from for a container with these settings,
/// as moby's `createSpec` chooses (`daemon/oci_linux.go`).
pub fn sources(config: &HostConfig) -> Vec<(NamespaceKind, Source)> {
    let shared = |mode: &str| -> Source {
        match mode {
            "host" => Source::Host,
            other => match other.strip_prefix("container:") {
                Some(name) => Source::Container(name.to_string()),
                None => Source::New,
            },
        }
    };
    NamespaceKind::ALL
        .into_iter()
        .map(|kind| {
            let source = match kind {
                NamespaceKind::Pid => shared(&config.pid_mode),
                NamespaceKind::Net => shared(&config.network_mode),
                NamespaceKind::Ipc => shared(&config.ipc_mode),
                NamespaceKind::Uts if config.uts_mode == "host" => Source::Host,
                NamespaceKind::Cgroup if config.cgroupns_mode == "host" => Source::Host,
                NamespaceKind::User | NamespaceKind::Time => Source::Host,
                _ => Source::New,
            };
            (kind, source)
        })
        .collect()
}

/// Checks that a container whose namespace of `kind` is to be joined can
/// give it, with moby 28's errors. `reference` is the name or ID that the
/// setting uses for it.
pub fn check_donor(
    kind: NamespaceKind,
    reference: &str,
    donor: &Container,
) -> Result<(), ApiError> {
    let running = donor.state.has_process() && donor.task.is_some();
    match kind {
        NamespaceKind::Net if !running => {
            let (name, state) = (&donor.name, donor.state.status.as_str());
            Err(ApiError::new(409, format!("cannot join network namespace of a non running container: container {name} is {state}")))
        }
        NamespaceKind::Pid | NamespaceKind::Ipc if !running => Err(ApiError::new(409, format!("container {reference} is not running"))),
        NamespaceKind::Ipc if !matches!(donor.host_config.ipc_mode.as_str(), "shareable" | "host") => Err(ApiError::new(
            400,
            format!("container {reference}: non-shareable IPC (hint: use IpcMode:shareable for the donor container)"),
        )),
        _ => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn host_inodes_match_linux() {
        let links: Vec<String> = Namespaces::host().iter().map(Namespace::link).collect();
        assert_eq!(
            links,
            [
                "cgroup:[4026531835]",
                "ipc:[4026531839]",
                "mnt:[4026531841]",
                "net:[4026531840]",
                "pid:[4026531836]",
                "time:[4026531834]",
                "user:[4026531837]",
                "uts:[4026531838]",
            ]
        );
    }

    #[test]
    fn default_run_creates_six_namespaces() {
        let config = HostConfig::default();
        let new: Vec<&str> = sources(&config)
            .iter()
            .filter(|(_, source)| *source == Source::New)
            .map(|(kind, _)| kind.name())
            .collect();
        assert_eq!(new, ["cgroup", "ipc", "mnt", "net", "pid", "uts"]);
    }

    #[test]
    fn sharing_flags_pick_sources() {
        let config = HostConfig {
            pid_mode: "host".into(),
            network_mode: "container:web".into(),
            ipc_mode: "host".into(),
            uts_mode: "host".into(),
            cgroupns_mode: "host".into(),
            ..HostConfig::default()
        };
        let table = sources(&config);
        let source = |kind| {
            table
                .iter()
                .find(|(k, _)| *k == kind)
                .map(|(_, s)| s.clone())
                .unwrap()
        };
        assert_eq!(source(NamespaceKind::Pid), Source::Host);
        assert_eq!(source(NamespaceKind::Net), Source::Container("web".into()));
        assert_eq!(source(NamespaceKind::Ipc), Source::Host);
        assert_eq!(source(NamespaceKind::Uts), Source::Host);
        assert_eq!(source(NamespaceKind::Cgroup), Source::Host);
        assert_eq!(source(NamespaceKind::Mnt), Source::New);
    }

    #[test]
    fn proc_links_list_for_children_entries() {
        let names: Vec<String> = Namespaces::host()
            .proc_links()
            .into_iter()
            .map(|(name, _)| name)
            .collect();
        assert_eq!(
            names,
            [
                "cgroup",
                "ipc",
                "mnt",
                "net",
                "pid",
                "pid_for_children",
                "time",
                "time_for_children",
                "user",
                "uts"
            ]
        );
    }
}
