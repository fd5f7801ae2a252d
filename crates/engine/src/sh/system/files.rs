//! `/proc` and `/sys/fs/cgroup` files built from what a [`System`]
//! reports, so that implementations can return the files they do not own.

use super::{Memory, Mount, Process, System};

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
    process_text(&process, file)
}

/// Returns a `/proc/PID` file of a process: `cmdline`, `comm` or `status`.
pub fn process_text(process: &Process, file: &str) -> Option<String> {
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
            "Name:\t{}\nState:\t{} ({})\nPid:\t{}\nPPid:\t{}\nVmRSS:\t{:>8} kB\n",
            command_name(&process.command),
            process.state,
            state_name(process.state),
            process.pid,
            process.ppid,
            process.rss_kib
        )),
        _ => None,
    }
}

/// Returns the word `/proc/PID/status` shows after a state letter.
fn state_name(state: char) -> &'static str {
    match state {
        'R' => "running",
        'D' => "disk sleep",
        'T' => "stopped",
        'Z' => "zombie",
        _ => "sleeping",
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
fn mounts_text(mounts: &[Mount]) -> String {
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
