//! The system of a `RUN` step: BuildKit's sandbox with its defaults.

use super::{
    kernel_file, loopback, Interface, Kernel, Memory, Mount, Process, Route, System, Workload,
    WorkloadOutcome, WorkloadRequest,
};
use crate::clock::Millis;

/// The system of a `RUN` step: BuildKit's sandbox with its defaults.
#[derive(Clone, Debug)]
pub struct BuildSystem {
    now: Millis,
    machine: String,
    command: String,
    online: bool,
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
            online: true,
        }
    }

    /// Takes the sandbox off the network, as `RUN --network=none` and
    /// `docker build --network=none` do.
    pub fn offline(mut self) -> BuildSystem {
        self.online = false;
        self
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

    fn online(&self) -> bool {
        self.online
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

/// Returns the memory of the host a build runs on: 8 GiB with 2 GiB of swap, about
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
