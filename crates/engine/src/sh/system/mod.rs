//! The interface between the shell and the kernel model: host name, processes, network,
//! mounts, memory, `/proc` and `/sys/fs/cgroup` files, and what happens to
//! workloads such as `stress`, `yes` and fork bombs.
//!
//! The interpreter only models files and output. Processes, namespaces and
//! cgroups belong to the kernel model, which implements [`System`] for a
//! container. [`BuildSystem`] implements it for a `RUN` step's container as
//! BuildKit runs it: host name `buildkitsandbox`, the shell as PID 1, no
//! `eth0`, no cgroup limits.

mod build;
mod files;

pub use build::BuildSystem;
pub(crate) use files::command_name;
pub use files::{kernel_file, process_text};

use crate::clock::Millis;

/// The kernel as `uname` reports it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Kernel {
    /// `uname -r`, such as `6.8.0-59-generic`.
    pub release: String,
    /// `uname -v`, such as `#61-Ubuntu SMP PREEMPT_DYNAMIC Fri Apr 11 23:16:11 UTC 2025`.
    pub version: String,
    /// `uname -m`: `x86_64` or `aarch64`.
    pub machine: String,
}

/// One process, as `ps` and `top` list it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Process {
    /// Process ID in the container's PID namespace.
    pub pid: u32,
    /// Parent process ID (0 for PID 1).
    pub ppid: u32,
    /// User name (or UID when the name is unknown).
    pub user: String,
    /// The command line, arguments separated by spaces.
    pub command: String,
    /// State letter: `R` running, `S` sleeping, `Z` zombie.
    pub state: char,
    /// Resident memory in KiB.
    pub rss_kib: u64,
    /// Virtual memory in KiB.
    pub vsz_kib: u64,
    /// CPU time used, in milliseconds.
    pub cpu_millis: u64,
    /// Start time on the logical clock.
    pub started: Millis,
    /// Controlling terminal (`pts/0`), if any.
    pub tty: Option<String>,
}

/// An IPv4 address on an interface.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Address {
    /// Dotted address, such as `172.17.0.2`.
    pub address: String,
    /// Prefix length, such as 16.
    pub prefix: u8,
    /// Broadcast address, if any.
    pub broadcast: Option<String>,
}

/// A network interface, as `ip addr` prints it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Interface {
    /// Interface index.
    pub index: u32,
    /// Name, such as `eth0`.
    pub name: String,
    /// Index of the peer of a veth pair, printed as `eth0@if7`.
    pub peer_index: Option<u32>,
    /// The ID of the peer's network namespace, printed as `link-netnsid`.
    pub peer_netns_id: u32,
    /// Hardware address.
    pub mac: String,
    /// MTU in bytes.
    pub mtu: u32,
    /// Whether this is the loopback interface.
    pub loopback: bool,
    /// IPv4 addresses.
    pub addresses: Vec<Address>,
    /// The bridge a host-side veth end is attached to, printed as
    /// `master docker0`.
    pub master: Option<String>,
    /// Whether the link has a carrier. A bridge has none until a port
    /// joins it (`NO-CARRIER`, `state DOWN`, and `linkdown` routes).
    pub carrier: bool,
}

/// A route, as `ip route` prints it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Route {
    /// Destination network (`172.17.0.0/16`), or `None` for the default route.
    pub destination: Option<String>,
    /// Gateway, if any.
    pub gateway: Option<String>,
    /// Output interface.
    pub device: String,
    /// Preferred source address of a directly connected network.
    pub source: Option<String>,
}

/// A mounted file system, as `mount` and `df` print it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Mount {
    /// Source, such as `overlay` or `/dev/sda1`.
    pub device: String,
    /// Mount point.
    pub target: String,
    /// File system type.
    pub fs_type: String,
    /// Mount options, comma-separated.
    pub options: String,
    /// Size in KiB, 0 for pseudo file systems that `df` leaves out.
    pub size_kib: u64,
    /// Used KiB.
    pub used_kib: u64,
}

/// Memory totals in KiB, as `free` and `/proc/meminfo` report them.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Memory {
    /// `MemTotal`.
    pub total_kib: u64,
    /// `MemFree`.
    pub free_kib: u64,
    /// `MemAvailable`.
    pub available_kib: u64,
    /// `Shmem`.
    pub shared_kib: u64,
    /// Buffers and page cache.
    pub buff_cache_kib: u64,
    /// `SwapTotal`.
    pub swap_total_kib: u64,
    /// `SwapFree`.
    pub swap_free_kib: u64,
}

/// A command that uses CPU, memory or processes, whose fate the kernel model
/// decides (a memory limit kills it, a PIDs limit stops a fork bomb).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Workload {
    /// `sleep N` (`None` for `sleep infinity` and `tail -f`).
    Sleep {
        /// Duration in milliseconds.
        millis: Option<u64>,
    },
    /// `stress`/`stress-ng`: CPU spinners and memory hogs.
    Stress {
        /// `--cpu N`.
        cpu: u32,
        /// `--vm N`.
        vm: u32,
        /// `--vm-bytes`, per memory hog.
        vm_bytes: u64,
        /// `--timeout`, in milliseconds.
        timeout_millis: Option<u64>,
    },
    /// `yes` without a reader that stops it: one CPU at full speed.
    Yes,
    /// A function that calls itself twice in the background, `:(){ :|:& };:`.
    ForkBomb,
    /// A program that allocates memory: `Some` bytes once, or `None` for a
    /// loop that never stops allocating.
    Allocate {
        /// Bytes allocated, or `None` for an endless loop.
        bytes: Option<u64>,
    },
    /// A busy loop such as `while true; do :; done`.
    Spin,
}

/// A workload as the shell starts it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct WorkloadRequest {
    /// The kind of work.
    pub workload: Workload,
    /// The command line as typed.
    pub command: String,
    /// Whether it was started with `&`.
    pub background: bool,
}

/// The fate of a workload.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum WorkloadOutcome {
    /// It ran to its end after `millis`.
    Finished {
        /// How long it ran.
        millis: u64,
    },
    /// The kernel killed it with `signal` after `millis` (9 for the OOM killer).
    Killed {
        /// How long it ran.
        millis: u64,
        /// The signal number.
        signal: i32,
    },
    /// The kernel killed the whole container, the shell included.
    ContainerKilled {
        /// How long it ran.
        millis: u64,
        /// The signal number.
        signal: i32,
    },
    /// `fork` failed with `EAGAIN` at the PIDs limit after `millis`.
    ForkFailed {
        /// How long it ran.
        millis: u64,
    },
    /// It would never end on its own.
    Endless,
    /// It never ends on its own and runs in the foreground of a terminal:
    /// the line stops here, and the terminal waits until Ctrl+C or the
    /// kernel ends it (the kernel model keeps the process meanwhile).
    Foreground,
    /// It keeps running as the lasting work of a container's main process
    /// (or of `docker exec -d`): the script stops here, without further
    /// output, and the kernel model keeps the process.
    Running,
}

/// The kernel model, as the shell uses it.
pub trait System {
    /// Returns the host name (the UTS namespace's).
    fn hostname(&self) -> String;

    /// Returns the logical time when the current script or line started.
    fn now(&self) -> Millis;

    /// Returns the kernel `uname` reports.
    fn kernel(&self) -> Kernel;

    /// Returns the number of CPUs the container may use.
    fn cpus(&self) -> u32;

    /// Returns the processes of the container's PID namespace, by PID.
    fn processes(&self) -> Vec<Process>;

    /// Returns the network interfaces of the network namespace.
    fn interfaces(&self) -> Vec<Interface>;

    /// Returns the routing table.
    fn routes(&self) -> Vec<Route>;

    /// Returns the mount table, in mount order.
    fn mounts(&self) -> Vec<Mount>;

    /// Returns the memory totals visible in the container: the host's, because
    /// `free` inside a container does not show its cgroup limit.
    fn memory(&self) -> Memory;

    /// Returns how long the host has been up, in milliseconds.
    fn uptime_millis(&self) -> u64;

    /// Returns the content of a file under `/proc` or `/sys`, or `None` when
    /// it does not exist. Implementations usually return the files they own
    /// (cgroup limits) and pass the rest to [`kernel_file`].
    fn read_kernel_file(&self, path: &str) -> Option<String>;

    /// Starts a workload and returns what happened to it.
    fn start_workload(&mut self, request: &WorkloadRequest) -> WorkloadOutcome;

    /// Returns whether names resolve and hosts outside answer; false in a
    /// `RUN --network=none` step, where downloads fail.
    fn online(&self) -> bool {
        true
    }

    /// Resolves a host name through the DNS server the system uses (`/etc/hosts`
    /// is the caller's to read first), or returns `None` when it has no
    /// answer.
    fn resolve_host(&self, name: &str) -> Option<String> {
        let _ = name;
        None
    }
}

/// Returns the loopback interface every network namespace has.
pub fn loopback() -> Interface {
    Interface {
        index: 1,
        name: "lo".to_string(),
        peer_index: None,
        peer_netns_id: 0,
        mac: "00:00:00:00:00:00".to_string(),
        mtu: 65_536,
        loopback: true,
        addresses: vec![Address {
            address: "127.0.0.1".to_string(),
            prefix: 8,
            broadcast: None,
        }],
        master: None,
        carrier: true,
    }
}
