//! What the shell asks the kernel model: host name, processes, network,
//! mounts, memory, `/proc` and `/sys/fs/cgroup` files, and what happens to
//! workloads such as `stress`, `yes` and fork bombs.
//!
//! The interpreter only models files and output. Processes, namespaces and
//! cgroups belong to the kernel model, which implements [`System`] for a
//! container. [`BuildSystem`] implements it for a `RUN` step's container as
//! BuildKit runs it: host name `buildkitsandbox`, the shell as PID 1, no
//! `eth0`, no cgroup limits.

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
    /// Hardware address.
    pub mac: String,
    /// MTU in bytes.
    pub mtu: u32,
    /// Whether this is the loopback interface.
    pub loopback: bool,
    /// IPv4 addresses.
    pub addresses: Vec<Address>,
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
    /// What it does.
    pub workload: Workload,
    /// The command line as typed.
    pub command: String,
    /// Whether it was started with `&`.
    pub background: bool,
}

/// What happened to a workload.
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
}

/// The kernel model as the shell sees it.
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

    /// Returns the memory totals the container sees (the host's: `free`
    /// inside a container does not show its cgroup limit).
    fn memory(&self) -> Memory;

    /// Returns how long the host has been up, in milliseconds.
    fn uptime_millis(&self) -> u64;

    /// Returns the content of a file under `/proc` or `/sys`, or `None` when
    /// it does not exist. Implementations usually answer the files they own
    /// (cgroup limits) and hand the rest to [`kernel_file`].
    fn read_kernel_file(&self, path: &str) -> Option<String>;

    /// Starts a workload and returns what happened to it.
    fn start_workload(&mut self, request: &WorkloadRequest) -> WorkloadOutcome;
}

/// The system of a `RUN` step: BuildKit's sandbox with its defaults.
#[derive(Clone, Debug)]
pub struct BuildSystem {
    now: Millis,
    machine: String,
    command: String,
}

impl BuildSystem {
    /// Creates the sandbox of a step that starts at `now` on an image of
    /// `architecture` (`amd64` or `arm64`), whose PID 1 runs `command`
    /// (`/bin/sh -c …`).
    pub fn new(now: Millis, architecture: &str, command: &str) -> BuildSystem {
        let machine = match architecture {
            "arm64" | "aarch64" => "aarch64",
            _ => "x86_64",
        };
        BuildSystem {
            now,
            machine: machine.to_string(),
            command: command.to_string(),
        }
    }
}

/// The host disk, in KiB, shared by every mount of it: a 60 GB disk with
/// 12 GB used (an estimate of a typical CI runner).
const HOST_DISK_KIB: u64 = 61_202_244;
const HOST_DISK_USED_KIB: u64 = 12_582_912;

impl System for BuildSystem {
    fn hostname(&self) -> String {
        "buildkitsandbox".to_string()
    }

    fn now(&self) -> Millis {
        self.now
    }

    fn kernel(&self) -> Kernel {
        Kernel {
            release: "6.8.0-59-generic".to_string(),
            version: "#61-Ubuntu SMP PREEMPT_DYNAMIC Fri Apr 11 23:16:11 UTC 2025".to_string(),
            machine: self.machine.clone(),
        }
    }

    fn cpus(&self) -> u32 {
        2
    }

    fn processes(&self) -> Vec<Process> {
        vec![Process {
            pid: 1,
            ppid: 0,
            user: "root".to_string(),
            command: self.command.clone(),
            state: 'S',
            rss_kib: 1_664,
            vsz_kib: 2_580,
            cpu_millis: 0,
            started: self.now,
            tty: None,
        }]
    }

    fn interfaces(&self) -> Vec<Interface> {
        vec![loopback()]
    }

    fn routes(&self) -> Vec<Route> {
        Vec::new()
    }

    fn mounts(&self) -> Vec<Mount> {
        let disk = |target: &str| Mount {
            device: "/dev/sda1".to_string(),
            target: target.to_string(),
            fs_type: "ext4".to_string(),
            options: "rw,relatime".to_string(),
            size_kib: HOST_DISK_KIB,
            used_kib: HOST_DISK_USED_KIB,
        };
        let pseudo = |device: &str, target: &str, fs_type: &str, options: &str, size: u64| Mount {
            device: device.to_string(),
            target: target.to_string(),
            fs_type: fs_type.to_string(),
            options: options.to_string(),
            size_kib: size,
            used_kib: 0,
        };
        vec![
            Mount {
                device: "overlay".to_string(),
                target: "/".to_string(),
                fs_type: "overlay".to_string(),
                options: "rw,relatime,lowerdir=/var/lib/docker/overlay2/l/buildkit:/var/lib/docker/overlay2/l/base,upperdir=/var/lib/docker/overlay2/buildkit/diff,workdir=/var/lib/docker/overlay2/buildkit/work".to_string(),
                size_kib: HOST_DISK_KIB,
                used_kib: HOST_DISK_USED_KIB,
            },
            pseudo("proc", "/proc", "proc", "rw,nosuid,nodev,noexec,relatime", 0),
            pseudo("tmpfs", "/dev", "tmpfs", "rw,nosuid,size=65536k,mode=755", 65_536),
            pseudo("devpts", "/dev/pts", "devpts", "rw,nosuid,noexec,relatime,gid=5,mode=620,ptmxmode=666", 0),
            pseudo("shm", "/dev/shm", "tmpfs", "rw,nosuid,nodev,noexec,relatime,size=65536k", 65_536),
            pseudo("mqueue", "/dev/mqueue", "mqueue", "rw,nosuid,nodev,noexec,relatime", 0),
            pseudo("sysfs", "/sys", "sysfs", "ro,nosuid,nodev,noexec,relatime", 0),
            pseudo("cgroup", "/sys/fs/cgroup", "cgroup2", "ro,nosuid,nodev,noexec,relatime", 0),
            disk("/etc/resolv.conf"),
            disk("/etc/hosts"),
        ]
    }

    fn memory(&self) -> Memory {
        host_memory()
    }

    fn uptime_millis(&self) -> u64 {
        // An estimate: the host booted a day, two hours and three minutes ago.
        93_780_000
    }

    fn read_kernel_file(&self, path: &str) -> Option<String> {
        kernel_file(self, path)
    }

    fn start_workload(&mut self, request: &WorkloadRequest) -> WorkloadOutcome {
        let memory = host_memory().available_kib * 1024;
        match &request.workload {
            Workload::Sleep {
                millis: Some(millis),
            } => WorkloadOutcome::Finished { millis: *millis },
            Workload::Stress {
                vm,
                vm_bytes,
                timeout_millis: Some(millis),
                ..
            } if u64::from(*vm).saturating_mul(*vm_bytes) < memory => {
                WorkloadOutcome::Finished { millis: *millis }
            }
            Workload::Stress { vm, vm_bytes, .. }
                if u64::from(*vm).saturating_mul(*vm_bytes) >= memory =>
            {
                WorkloadOutcome::Killed {
                    millis: 1_200,
                    signal: 9,
                }
            }
            Workload::Allocate { bytes: Some(bytes) } if *bytes < memory => {
                WorkloadOutcome::Finished {
                    millis: bytes / 2_000_000 + 10,
                }
            }
            Workload::Allocate { .. } => WorkloadOutcome::Killed {
                millis: 4_000,
                signal: 9,
            },
            _ => WorkloadOutcome::Endless,
        }
    }
}

/// The memory of the host a build runs on: 8 GiB with 2 GiB of swap, about
/// a fifth in use (an estimate of a typical CI runner).
fn host_memory() -> Memory {
    Memory {
        total_kib: 8_143_556,
        free_kib: 5_912_348,
        available_kib: 7_301_424,
        shared_kib: 4_312,
        buff_cache_kib: 1_689_004,
        swap_total_kib: 2_097_148,
        swap_free_kib: 2_097_148,
    }
}

/// Returns the loopback interface every network namespace has.
pub fn loopback() -> Interface {
    Interface {
        index: 1,
        name: "lo".to_string(),
        peer_index: None,
        mac: "00:00:00:00:00:00".to_string(),
        mtu: 65_536,
        loopback: true,
        addresses: vec![Address {
            address: "127.0.0.1".to_string(),
            prefix: 8,
            broadcast: None,
        }],
    }
}

/// Returns the common `/proc` and `/sys/fs/cgroup` files built from what
/// `system` reports: `meminfo`, `cpuinfo`, `version`, `uptime`, `loadavg`,
/// `mounts`, `self/cgroup`, `<pid>/cmdline`, `<pid>/status` and a cgroup v2
/// root without limits (`memory.max` is `max`).
pub fn kernel_file(system: &(impl System + ?Sized), path: &str) -> Option<String> {
    let path = path.trim_end_matches('/');
    let kernel = system.kernel();
    let text = match path {
        "/proc/meminfo" => meminfo(&system.memory()),
        "/proc/cpuinfo" => cpuinfo(system.cpus()),
        "/proc/version" => format!(
            "Linux version {} (buildd@lcy02-amd64-080) (x86_64-linux-gnu-gcc-13 (Ubuntu 13.3.0-6ubuntu2~24.04) 13.3.0, GNU ld (GNU Binutils for Ubuntu) 2.42) {}\n",
            kernel.release, kernel.version
        ),
        "/proc/uptime" => {
            let seconds = system.uptime_millis() as f64 / 1000.0;
            format!("{seconds:.2} {:.2}\n", seconds * f64::from(system.cpus()) * 0.97)
        }
        "/proc/loadavg" => format!("0.08 0.03 0.01 1/{} {}\n", system.processes().len(), 42),
        "/proc/mounts" | "/proc/self/mounts" => mounts_text(&system.mounts()),
        "/proc/self/cgroup" | "/proc/1/cgroup" => "0::/\n".to_string(),
        "/proc/sys/kernel/hostname" => format!("{}\n", system.hostname()),
        "/sys/fs/cgroup/cgroup.controllers" => "cpuset cpu io memory hugetlb pids rdma misc\n".to_string(),
        "/sys/fs/cgroup/memory.max"
        | "/sys/fs/cgroup/memory.swap.max"
        | "/sys/fs/cgroup/pids.max"
        | "/sys/fs/cgroup/memory.high" => "max\n".to_string(),
        "/sys/fs/cgroup/cpu.max" => "max 100000\n".to_string(),
        "/sys/fs/cgroup/cpu.weight" => "100\n".to_string(),
        "/sys/fs/cgroup/memory.current" => {
            let rss: u64 = system.processes().iter().map(|p| p.rss_kib).sum();
            format!("{}\n", rss * 1024 + 2_338_816)
        }
        "/sys/fs/cgroup/pids.current" => format!("{}\n", system.processes().len()),
        "/sys/fs/cgroup/memory.events" => "low 0\nhigh 0\nmax 0\noom 0\noom_kill 0\noom_group_kill 0\n".to_string(),
        _ => return process_file(system, path),
    };
    Some(text)
}

fn process_file(system: &(impl System + ?Sized), path: &str) -> Option<String> {
    let rest = path.strip_prefix("/proc/")?;
    let (pid, file) = rest.split_once('/')?;
    let pid: u32 = match pid {
        "self" => system.processes().last().map_or(1, |p| p.pid),
        number => number.parse().ok()?,
    };
    let process = system.processes().into_iter().find(|p| p.pid == pid)?;
    match file {
        "cmdline" => Some(
            process
                .command
                .split(' ')
                .map(|arg| format!("{arg}\0"))
                .collect(),
        ),
        "comm" => Some(format!("{}\n", command_name(&process.command))),
        "status" => Some(format!(
            "Name:\t{}\nState:\t{} (sleeping)\nPid:\t{}\nPPid:\t{}\nVmRSS:\t{:>8} kB\n",
            command_name(&process.command),
            process.state,
            process.pid,
            process.ppid,
            process.rss_kib
        )),
        _ => None,
    }
}

/// Returns the program name of a command line, as `ps` shows it in `comm`.
pub(crate) fn command_name(command: &str) -> &str {
    let first = command.split(' ').next().unwrap_or(command);
    first.rsplit('/').next().unwrap_or(first)
}

fn meminfo(memory: &Memory) -> String {
    let rows = [
        ("MemTotal", memory.total_kib),
        ("MemFree", memory.free_kib),
        ("MemAvailable", memory.available_kib),
        ("Buffers", memory.buff_cache_kib / 10),
        ("Cached", memory.buff_cache_kib - memory.buff_cache_kib / 10),
        ("SwapCached", 0),
        ("SwapTotal", memory.swap_total_kib),
        ("SwapFree", memory.swap_free_kib),
        ("Shmem", memory.shared_kib),
    ];
    rows.iter()
        .map(|(name, value)| format!("{:<16}{value:>8} kB\n", format!("{name}:")))
        .collect()
}

fn cpuinfo(cpus: u32) -> String {
    (0..cpus)
        .map(|cpu| {
            format!(
                "processor\t: {cpu}\nvendor_id\t: GenuineIntel\nmodel name\t: Intel(R) Xeon(R) Platinum 8370C CPU @ 2.80GHz\ncpu MHz\t\t: 2793.437\ncache size\t: 49152 KB\ncpu cores\t: {cpus}\n\n"
            )
        })
        .collect()
}

/// Formats the mount table as `/proc/mounts` lists it.
pub(crate) fn mounts_text(mounts: &[Mount]) -> String {
    mounts
        .iter()
        .map(|m| {
            format!(
                "{} {} {} {} 0 0\n",
                m.device, m.target, m.fs_type, m.options
            )
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn build_system_files() {
        let system = BuildSystem::new(0, "amd64", "/bin/sh -c true");
        assert_eq!(system.hostname(), "buildkitsandbox");
        assert_eq!(
            system
                .read_kernel_file("/sys/fs/cgroup/memory.max")
                .as_deref(),
            Some("max\n")
        );
        assert_eq!(
            system.read_kernel_file("/proc/self/cgroup").as_deref(),
            Some("0::/\n")
        );
        let meminfo = system.read_kernel_file("/proc/meminfo").unwrap();
        assert!(
            meminfo.starts_with("MemTotal:        8143556 kB\n"),
            "{meminfo}"
        );
        assert_eq!(
            system.read_kernel_file("/proc/1/cmdline").as_deref(),
            Some("/bin/sh\0-c\0true\0")
        );
        assert_eq!(system.read_kernel_file("/proc/nope"), None);
        assert!(system.interfaces().iter().all(|i| i.name != "eth0"));
    }

    #[test]
    fn build_workloads() {
        let mut system = BuildSystem::new(0, "arm64", "sh");
        let request = |workload| WorkloadRequest {
            workload,
            command: String::new(),
            background: false,
        };
        assert_eq!(
            system.start_workload(&request(Workload::Sleep { millis: Some(1500) })),
            WorkloadOutcome::Finished { millis: 1500 }
        );
        assert_eq!(
            system.start_workload(&request(Workload::Yes)),
            WorkloadOutcome::Endless
        );
        assert_eq!(system.kernel().machine, "aarch64");
    }
}
