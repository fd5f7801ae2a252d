//! The kernel model: what runc sets up for a container and what Linux then
//! keeps track of.
//!
//! - [`namespaces`]: the seven namespace kinds a container lives in, which
//!   are its own and which it shares with the host or another container.
//! - [`processes`]: the container's process tree, with PIDs inside its PID
//!   namespace and on the host.
//! - [`cgroup`]: the cgroup v2 files `docker run`'s limits become, and the
//!   counters the kernel keeps.
//! - [`resources`]: the simulation of CPU, memory and PIDs use over logical
//!   time, with CPU throttling, the OOM killer and refused forks.
//! - [`network`]: interfaces, routes, veth pairs and the name resolution
//!   files.
//! - [`mounts`]: the overlay root, the `-init` layer, and bind mounts,
//!   volumes and tmpfs mounts over the merged view.
//! - [`system`]: the [`crate::sh::System`] the shell interpreter runs
//!   commands against, for a container and for the host.
//! - [`context`] and [`task`]: what a running container is made of, and
//!   running a command inside one.
//! - [`stats`]: `docker stats`' samples and formulas.
//! - [`view`]: the kernel state the page draws.

pub mod cgroup;
pub mod context;
pub mod mounts;
pub mod namespaces;
pub mod network;
pub mod processes;
pub mod resources;
pub mod stats;
pub mod system;
pub mod task;
pub mod view;

use shared_sort::SortedMap;

use crate::clock::{Millis, START};
use crate::fs::ChangeSet;

pub use context::Context;
pub use system::{ContainerSystem, HostSystem, Runner};
pub use task::Task;

/// The kernel release the simulated hosts run, as `uname -r` prints it.
pub const KERNEL_RELEASE: &str = "6.8.0-85-generic";
/// The kernel build string `uname -v` prints.
pub const KERNEL_VERSION: &str = "#85-Ubuntu SMP PREEMPT_DYNAMIC Thu Sep 18 15:26:59 UTC 2025";
/// When the hosts booted: two hours before the world's clock starts.
pub const HOST_BOOT: Millis = START - 7_200_000;
/// When the Docker daemon started: an hour before the world's clock starts.
pub const DAEMON_START: Millis = START - 3_600_000;

/// First host PID given to a container's processes; lower PIDs belong to
/// the host's own processes.
const FIRST_CONTAINER_PID: u32 = 4_000;

/// A host's PID counter.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PidCounter {
    last: u32,
}

impl Default for PidCounter {
    fn default() -> Self {
        PidCounter {
            last: FIRST_CONTAINER_PID,
        }
    }
}

impl PidCounter {
    /// Returns a new host PID. The step varies, as other processes on a real
    /// host take PIDs in between.
    pub fn allocate(&mut self) -> u32 {
        self.last += 1 + self.last % 7;
        self.last
    }
}

/// Interface numbers on a host: the bridges of user-defined networks by
/// name, and the next free number.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Interfaces {
    /// User-defined bridges (`br-…`) by name; `docker0` is always 3.
    pub bridges: SortedMap<String, u32>,
    next: u32,
}

impl Default for Interfaces {
    fn default() -> Self {
        // 1 is lo, 2 the host's eth0, 3 docker0.
        Interfaces {
            bridges: SortedMap::new(),
            next: 4,
        }
    }
}

impl Interfaces {
    /// Returns the number of a user-defined bridge, giving it one the first
    /// time.
    pub fn bridge(&mut self, name: &str) -> u32 {
        if name == "docker0" {
            return 3;
        }
        if let Some(index) = self.bridges.get(name) {
            return *index;
        }
        let index = self.next;
        self.next += 1;
        self.bridges.insert(name.to_string(), index);
        index
    }

    /// Returns the counter veth pairs take their numbers from.
    pub fn counter(&mut self) -> &mut u32 {
        &mut self.next
    }
}

/// The files of a container's tmpfs mounts, by mount point.
pub type TmpfsFiles = SortedMap<String, ChangeSet>;
