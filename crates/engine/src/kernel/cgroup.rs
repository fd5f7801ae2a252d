//! A container's cgroup v2: the limits runc writes from `docker run`'s
//! resource flags, the counters the kernel keeps, and the files under
//! `/sys/fs/cgroup/system.slice/docker-<id>.scope` that show both.
//!
//! The flag mapping follows moby 28's `getCPUResources` and
//! `getMemoryResources` and runc 1.2's `fs2` package (Docker 28 ships runc
//! 1.2):
//!
//! | flag | file | value |
//! | --- | --- | --- |
//! | `-m 256m` | `memory.max` | `268435456`; `max` when unset |
//! | `--memory-reservation` | `memory.low` | bytes; `0` when unset |
//! | `--memory-swap S` | `memory.swap.max` | `S − memory`; `max` for `-1` or unset without `-m` |
//! | `--cpus 0.5` | `cpu.max` | `50000 100000` |
//! | `--cpu-quota Q --cpu-period P` | `cpu.max` | `Q P` |
//! | `--cpu-shares S` | `cpu.weight` | `1 + (S − 2) × 9999 / 262142`; `100` when unset |
//! | `--pids-limit N` | `pids.max` | `N`; `max` when unset or not positive |
//! | `--cpuset-cpus` | `cpuset.cpus` | as given |

use crate::daemon::containers::HostConfig;

/// The CFS period runc uses when none is given, in microseconds.
pub const DEFAULT_CPU_PERIOD_USEC: u64 = 100_000;
/// The kernel's default `cpu.weight`.
pub const DEFAULT_CPU_WEIGHT: u64 = 100;

/// The limits of one container's cgroup.
#[derive(Clone, Debug, PartialEq)]
pub struct Limits {
    /// `memory.max` in bytes; `None` is `max`.
    pub memory_max: Option<u64>,
    /// `memory.low` in bytes.
    pub memory_low: u64,
    /// `memory.swap.max` in bytes; `None` is `max`.
    pub memory_swap_max: Option<u64>,
    /// The quota of `cpu.max` in microseconds per period; `None` is `max`.
    pub cpu_quota_usec: Option<u64>,
    /// The period of `cpu.max` in microseconds.
    pub cpu_period_usec: u64,
    /// `cpu.weight`.
    pub cpu_weight: u64,
    /// `pids.max`; `None` is `max`.
    pub pids_max: Option<u64>,
    /// `cpuset.cpus`; empty when unset.
    pub cpuset_cpus: String,
    /// `cpuset.mems`; empty when unset.
    pub cpuset_mems: String,
}

impl Default for Limits {
    fn default() -> Self {
        Limits::from_host_config(&HostConfig::default())
    }
}

impl Limits {
    /// Returns the limits runc writes for a container's settings.
    pub fn from_host_config(config: &HostConfig) -> Limits {
        let positive = |value: i64| u64::try_from(value).ok().filter(|value| *value > 0);
        let (quota, period) = cpu_max(config);
        Limits {
            memory_max: positive(config.memory),
            memory_low: positive(config.memory_reservation).unwrap_or(0),
            memory_swap_max: memory_swap_max(config.memory_swap, config.memory),
            cpu_quota_usec: quota,
            cpu_period_usec: period,
            cpu_weight: cpu_weight(config.cpu_shares),
            pids_max: config.pids_limit.and_then(positive),
            cpuset_cpus: config.cpuset_cpus.clone(),
            cpuset_mems: config.cpuset_mems.clone(),
        }
    }

    /// Returns how many CPUs the quota allows, if it limits them.
    pub fn quota_cpus(&self) -> Option<f64> {
        let quota = self.cpu_quota_usec?;
        Some(quota as f64 / self.cpu_period_usec.max(1) as f64)
    }

    /// Returns how many CPUs the container may run on: the cpuset's, else
    /// the host's.
    pub fn usable_cpus(&self, host_cpus: u32) -> u32 {
        match count_cpus(&self.cpuset_cpus) {
            Some(count) if count > 0 => count.min(host_cpus),
            _ => host_cpus,
        }
    }

    /// Returns the text of `cpu.max`.
    pub fn cpu_max_text(&self) -> String {
        match self.cpu_quota_usec {
            Some(quota) => format!("{quota} {}", self.cpu_period_usec),
            None => format!("max {}", self.cpu_period_usec),
        }
    }
}

/// Returns `cpu.max`'s quota and period: `--cpus` as moby converts it
/// (`NanoCpus × 100000 / 10⁹` over a 100 ms period), else
/// `--cpu-quota` and `--cpu-period`.
fn cpu_max(config: &HostConfig) -> (Option<u64>, u64) {
    if config.nano_cpus > 0 {
        let quota =
            (config.nano_cpus as u128 * u128::from(DEFAULT_CPU_PERIOD_USEC) / 1_000_000_000) as u64;
        return (Some(quota.max(1)), DEFAULT_CPU_PERIOD_USEC);
    }
    let period = u64::try_from(config.cpu_period)
        .ok()
        .filter(|period| *period > 0)
        .unwrap_or(DEFAULT_CPU_PERIOD_USEC);
    let quota = u64::try_from(config.cpu_quota)
        .ok()
        .filter(|quota| *quota > 0);
    (quota, period)
}

/// Converts `--cpu-shares` to `cpu.weight` as runc before 1.3.2 does
/// (`ConvertCPUSharesToCgroupV2Value`): 1024 gives 39, and 0 leaves the
/// kernel's default of 100.
pub fn cpu_weight(shares: i64) -> u64 {
    if shares <= 0 {
        return DEFAULT_CPU_WEIGHT;
    }
    let shares = shares.clamp(2, 262_144) as u64;
    1 + ((shares - 2) * 9_999) / 262_142
}

/// Converts `MemorySwap` (memory plus swap) to `memory.swap.max` as runc's
/// `ConvertMemorySwapToCgroupV2Value` does: `-1` and unset are `max`,
/// otherwise the swap part alone.
pub fn memory_swap_max(memory_swap: i64, memory: i64) -> Option<u64> {
    if memory_swap <= 0 || memory <= 0 {
        return None;
    }
    Some(memory_swap.saturating_sub(memory).max(0) as u64)
}

/// Counts the CPUs of a cpuset list such as `0-2,5`; `None` when it does
/// not parse.
pub fn count_cpus(list: &str) -> Option<u32> {
    if list.trim().is_empty() {
        return None;
    }
    let mut count: u32 = 0;
    for part in list.split(',') {
        let part = part.trim();
        match part.split_once('-') {
            Some((first, last)) => {
                let first: u32 = first.parse().ok()?;
                let last: u32 = last.parse().ok()?;
                if last < first {
                    return None;
                }
                count = count.saturating_add(last - first + 1);
            }
            None => {
                part.parse::<u32>().ok()?;
                count = count.saturating_add(1);
            }
        }
    }
    Some(count)
}

/// Returns the highest CPU number a cpuset list names; `None` when it
/// does not parse.
pub fn highest_cpu(list: &str) -> Option<u32> {
    count_cpus(list)?;
    list.split(',')
        .filter_map(|part| {
            part.trim()
                .rsplit('-')
                .next()
                .and_then(|number| number.parse::<u32>().ok())
        })
        .max()
}

/// The counters of `memory.events`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct MemoryEvents {
    pub low: u64,
    pub high: u64,
    /// Times usage reached `memory.max` and the kernel had to reclaim.
    pub max: u64,
    /// Times reclaim failed and the OOM killer was invoked.
    pub oom: u64,
    /// Processes the OOM killer killed.
    pub oom_kill: u64,
    pub oom_group_kill: u64,
}

/// The counters of `cpu.stat`, in microseconds where named so.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct CpuStat {
    pub usage_usec: u64,
    pub user_usec: u64,
    pub system_usec: u64,
    /// CFS periods in which the cgroup had runnable work (counted only
    /// under a quota).
    pub nr_periods: u64,
    /// Periods in which it used up its quota and was throttled.
    pub nr_throttled: u64,
    pub throttled_usec: u64,
}

/// What a cgroup has used so far.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Usage {
    /// `memory.current` in bytes.
    pub memory_current: u64,
    /// `memory.peak` in bytes.
    pub memory_peak: u64,
    /// `memory.swap.current` in bytes.
    pub swap_current: u64,
    /// The part of `memory.current` that is the kernel's own structures.
    pub kernel_memory: u64,
    pub memory_events: MemoryEvents,
    pub cpu: CpuStat,
    /// `pids.current`.
    pub pids_current: u64,
    /// `pids.peak`.
    pub pids_peak: u64,
    /// The `max` counter of `pids.events`: forks refused at `pids.max`.
    pub pids_events_max: u64,
    /// Bytes read from and written to block devices.
    pub io_read_bytes: u64,
    pub io_write_bytes: u64,
}

/// The controllers the root of a container's cgroup namespace enables, as
/// `cgroup.controllers` lists them under systemd on Ubuntu 24.04.
pub const CONTROLLERS: &str = "cpuset cpu io memory hugetlb pids rdma misc";

/// Formats a limit that may be `max`.
fn limit_text(value: Option<u64>) -> String {
    value.map_or_else(|| "max".to_string(), |value| value.to_string())
}

/// Returns the text of a file in the container's cgroup directory, by its
/// name (`memory.max`), or `None` for a file the model does not have.
pub fn file(limits: &Limits, usage: &Usage, name: &str, host_cpus: u32) -> Option<String> {
    let text = match name {
        "cgroup.controllers" | "cgroup.subtree_control" => format!("{CONTROLLERS}\n"),
        "cgroup.type" => "domain\n".to_string(),
        "memory.max" => format!("{}\n", limit_text(limits.memory_max)),
        "memory.high" => "max\n".to_string(),
        "memory.low" => format!("{}\n", limits.memory_low),
        "memory.min" => "0\n".to_string(),
        "memory.swap.max" => format!("{}\n", limit_text(limits.memory_swap_max)),
        "memory.current" => format!("{}\n", usage.memory_current),
        "memory.peak" => format!("{}\n", usage.memory_peak),
        "memory.swap.current" => format!("{}\n", usage.swap_current),
        "memory.events" => memory_events_text(&usage.memory_events),
        "memory.events.local" => memory_events_text(&usage.memory_events),
        "memory.oom.group" => "0\n".to_string(),
        "cpu.max" => format!("{}\n", limits.cpu_max_text()),
        "cpu.weight" => format!("{}\n", limits.cpu_weight),
        "cpu.stat" => cpu_stat_text(&usage.cpu),
        "cpuset.cpus" => format!("{}\n", limits.cpuset_cpus),
        "cpuset.mems" => format!("{}\n", limits.cpuset_mems),
        "cpuset.cpus.effective" => format!("{}\n", effective_cpus(&limits.cpuset_cpus, host_cpus)),
        "cpuset.mems.effective" => "0\n".to_string(),
        "pids.max" => format!("{}\n", limit_text(limits.pids_max)),
        "pids.current" => format!("{}\n", usage.pids_current),
        "pids.peak" => format!("{}\n", usage.pids_peak),
        "pids.events" => format!("max {}\n", usage.pids_events_max),
        "memory.stat" => memory_stat_text(usage),
        _ => return None,
    };
    Some(text)
}

/// The files [`file`] knows, for a listing of the cgroup directory.
pub const FILES: &[&str] = &[
    "cgroup.controllers",
    "cgroup.procs",
    "cgroup.subtree_control",
    "cgroup.type",
    "cpu.max",
    "cpu.stat",
    "cpu.weight",
    "cpuset.cpus",
    "cpuset.cpus.effective",
    "cpuset.mems",
    "cpuset.mems.effective",
    "memory.current",
    "memory.events",
    "memory.events.local",
    "memory.high",
    "memory.low",
    "memory.max",
    "memory.min",
    "memory.oom.group",
    "memory.peak",
    "memory.stat",
    "memory.swap.current",
    "memory.swap.max",
    "pids.current",
    "pids.events",
    "pids.max",
    "pids.peak",
];

fn memory_events_text(events: &MemoryEvents) -> String {
    format!(
        "low {}\nhigh {}\nmax {}\noom {}\noom_kill {}\noom_group_kill {}\n",
        events.low, events.high, events.max, events.oom, events.oom_kill, events.oom_group_kill
    )
}

/// Returns the first lines of `memory.stat` as Linux 6.8 prints them. The
/// model charges the kernel's share as slab and everything else as
/// anonymous memory, with no page cache, so `inactive_file` is 0.
fn memory_stat_text(usage: &Usage) -> String {
    let kernel = usage.kernel_memory.min(usage.memory_current);
    let anon = usage.memory_current - kernel;
    let rows = [
        ("anon", anon),
        ("file", 0),
        ("kernel", kernel),
        ("kernel_stack", 0),
        ("pagetables", 0),
        ("sec_pagetables", 0),
        ("percpu", 0),
        ("sock", 0),
        ("vmalloc", 0),
        ("shmem", 0),
        ("file_mapped", 0),
        ("file_dirty", 0),
        ("file_writeback", 0),
        ("swapcached", 0),
        ("anon_thp", 0),
        ("inactive_anon", anon),
        ("active_anon", 0),
        ("inactive_file", 0),
        ("active_file", 0),
        ("unevictable", 0),
        ("slab_reclaimable", 0),
        ("slab_unreclaimable", kernel),
        ("slab", kernel),
    ];
    rows.iter()
        .map(|(name, value)| format!("{name} {value}\n"))
        .collect()
}

/// `cpu.stat` as Linux 6.8 with core scheduling prints it.
fn cpu_stat_text(stat: &CpuStat) -> String {
    format!(
        "usage_usec {}\nuser_usec {}\nsystem_usec {}\ncore_sched.force_idle_usec 0\nnr_periods {}\nnr_throttled {}\nthrottled_usec {}\nnr_bursts 0\nburst_usec 0\n",
        stat.usage_usec, stat.user_usec, stat.system_usec, stat.nr_periods, stat.nr_throttled, stat.throttled_usec
    )
}

/// Returns `cpuset.cpus.effective`: the cpuset, or every host CPU.
fn effective_cpus(cpuset: &str, host_cpus: u32) -> String {
    if cpuset.trim().is_empty() {
        return if host_cpus <= 1 {
            "0".to_string()
        } else {
            format!("0-{}", host_cpus - 1)
        };
    }
    cpuset.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// One mapping case: the settings and the file texts runc writes.
    struct Case {
        name: &'static str,
        config: HostConfig,
        files: &'static [(&'static str, &'static str)],
    }

    fn mib(count: i64) -> i64 {
        count * 1024 * 1024
    }

    #[test]
    fn flags_map_to_cgroup_files() {
        let cases = [
            Case {
                name: "defaults",
                config: HostConfig::default(),
                files: &[
                    ("memory.max", "max"),
                    ("memory.low", "0"),
                    ("memory.swap.max", "max"),
                    ("cpu.max", "max 100000"),
                    ("cpu.weight", "100"),
                    ("pids.max", "max"),
                    ("cpuset.cpus", ""),
                ],
            },
            Case {
                name: "-m 256m (daemon sets MemorySwap to twice)",
                config: HostConfig {
                    memory: mib(256),
                    memory_swap: mib(512),
                    ..HostConfig::default()
                },
                files: &[
                    ("memory.max", "268435456"),
                    ("memory.swap.max", "268435456"),
                ],
            },
            Case {
                name: "-m 64m --memory-swap 64m",
                config: HostConfig {
                    memory: mib(64),
                    memory_swap: mib(64),
                    ..HostConfig::default()
                },
                files: &[("memory.max", "67108864"), ("memory.swap.max", "0")],
            },
            Case {
                name: "-m 64m --memory-swap -1",
                config: HostConfig {
                    memory: mib(64),
                    memory_swap: -1,
                    ..HostConfig::default()
                },
                files: &[("memory.swap.max", "max")],
            },
            Case {
                name: "--memory-reservation 128m",
                config: HostConfig {
                    memory_reservation: mib(128),
                    ..HostConfig::default()
                },
                files: &[("memory.low", "134217728")],
            },
            Case {
                name: "--cpus 0.5",
                config: HostConfig {
                    nano_cpus: 500_000_000,
                    ..HostConfig::default()
                },
                files: &[("cpu.max", "50000 100000")],
            },
            Case {
                name: "--cpus 1.5",
                config: HostConfig {
                    nano_cpus: 1_500_000_000,
                    ..HostConfig::default()
                },
                files: &[("cpu.max", "150000 100000")],
            },
            Case {
                name: "--cpu-quota 25000 --cpu-period 50000",
                config: HostConfig {
                    cpu_quota: 25_000,
                    cpu_period: 50_000,
                    ..HostConfig::default()
                },
                files: &[("cpu.max", "25000 50000")],
            },
            Case {
                name: "--cpu-period 50000 alone",
                config: HostConfig {
                    cpu_period: 50_000,
                    ..HostConfig::default()
                },
                files: &[("cpu.max", "max 50000")],
            },
            Case {
                name: "--cpu-shares 1024",
                config: HostConfig {
                    cpu_shares: 1024,
                    ..HostConfig::default()
                },
                files: &[("cpu.weight", "39")],
            },
            Case {
                name: "--cpu-shares 512",
                config: HostConfig {
                    cpu_shares: 512,
                    ..HostConfig::default()
                },
                files: &[("cpu.weight", "20")],
            },
            Case {
                name: "--cpu-shares 2048",
                config: HostConfig {
                    cpu_shares: 2048,
                    ..HostConfig::default()
                },
                files: &[("cpu.weight", "79")],
            },
            Case {
                name: "--cpu-shares 2",
                config: HostConfig {
                    cpu_shares: 2,
                    ..HostConfig::default()
                },
                files: &[("cpu.weight", "1")],
            },
            Case {
                name: "--cpu-shares 262144",
                config: HostConfig {
                    cpu_shares: 262_144,
                    ..HostConfig::default()
                },
                files: &[("cpu.weight", "10000")],
            },
            Case {
                name: "--pids-limit 20",
                config: HostConfig {
                    pids_limit: Some(20),
                    ..HostConfig::default()
                },
                files: &[("pids.max", "20")],
            },
            Case {
                name: "--pids-limit -1 (unlimited)",
                config: HostConfig {
                    pids_limit: Some(-1),
                    ..HostConfig::default()
                },
                files: &[("pids.max", "max")],
            },
            Case {
                name: "--pids-limit 0 (unlimited)",
                config: HostConfig {
                    pids_limit: Some(0),
                    ..HostConfig::default()
                },
                files: &[("pids.max", "max")],
            },
            Case {
                name: "--cpuset-cpus 0-1",
                config: HostConfig {
                    cpuset_cpus: "0-1".into(),
                    ..HostConfig::default()
                },
                files: &[("cpuset.cpus", "0-1"), ("cpuset.cpus.effective", "0-1")],
            },
        ];
        for case in &cases {
            let limits = Limits::from_host_config(&case.config);
            for (name, expected) in case.files {
                let text = file(&limits, &Usage::default(), name, 4)
                    .unwrap_or_else(|| panic!("{}: no {name}", case.name));
                assert_eq!(text, format!("{expected}\n"), "{}: {name}", case.name);
            }
        }
    }

    #[test]
    fn quota_cpus_and_cpusets() {
        let limits = Limits::from_host_config(&HostConfig {
            nano_cpus: 500_000_000,
            ..HostConfig::default()
        });
        assert_eq!(limits.quota_cpus(), Some(0.5));
        assert_eq!(Limits::default().quota_cpus(), None);
        assert_eq!(count_cpus("0-2,5"), Some(4));
        assert_eq!(count_cpus("3"), Some(1));
        assert_eq!(count_cpus("2-1"), None);
        assert_eq!(count_cpus("a"), None);
        assert_eq!(highest_cpu("0-2,5"), Some(5));
        let limits = Limits::from_host_config(&HostConfig {
            cpuset_cpus: "0".into(),
            ..HostConfig::default()
        });
        assert_eq!(limits.usable_cpus(4), 1);
        assert_eq!(Limits::default().usable_cpus(4), 4);
    }

    #[test]
    fn counter_files_print_usage() {
        let usage = Usage {
            memory_events: MemoryEvents {
                max: 3,
                oom: 1,
                oom_kill: 1,
                ..MemoryEvents::default()
            },
            cpu: CpuStat {
                usage_usec: 500_000,
                nr_periods: 10,
                nr_throttled: 10,
                throttled_usec: 500_000,
                ..CpuStat::default()
            },
            pids_events_max: 7,
            memory_current: 1_000_000,
            kernel_memory: 200_000,
            ..Usage::default()
        };
        let limits = Limits::default();
        assert_eq!(
            file(&limits, &usage, "memory.events", 4).unwrap(),
            "low 0\nhigh 0\nmax 3\noom 1\noom_kill 1\noom_group_kill 0\n"
        );
        assert!(file(&limits, &usage, "cpu.stat", 4)
            .unwrap()
            .contains("nr_throttled 10\nthrottled_usec 500000\n"));
        assert_eq!(file(&limits, &usage, "pids.events", 4).unwrap(), "max 7\n");
        let stat = file(&limits, &usage, "memory.stat", 4).unwrap();
        assert!(
            stat.starts_with("anon 800000\nfile 0\nkernel 200000\n"),
            "{stat}"
        );
        assert!(stat.contains("\ninactive_file 0\n"), "{stat}");
        assert_eq!(file(&limits, &usage, "nope", 4), None);
    }
}
