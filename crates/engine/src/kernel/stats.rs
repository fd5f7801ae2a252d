//! `docker stats`: the samples the daemon reads from a container's cgroup
//! and the formulas docker/cli 28 applies to them (`stats_helpers.go`,
//! `formatter_stats.go`).
//!
//! - CPU % is the container's CPU time over the host's CPU time between two
//!   samples, times the online CPUs, times 100, so a container that keeps
//!   one CPU busy shows 100% and a `--cpus 0.5` quota holds it at 50%.
//! - MEM USAGE is `memory.current` less `inactive_file`; LIMIT is
//!   `memory.max`, or the host's RAM when there is none.
//! - MEM % is usage over limit, times 100.
//! - NET I/O and BLOCK I/O are received / sent and read / written bytes in
//!   decimal units with three significant digits; MEM USAGE / LIMIT uses
//!   binary units with four.

use crate::clock::Millis;
use crate::daemon::containers::Container;
use crate::host::Host;
use crate::units::{bytes_size, human_size_with_precision};

/// Bytes a container on a bridge network has received when it is idle:
/// router solicitations and neighbour discovery (an estimate).
const IDLE_RECEIVED_BYTES: u64 = 1_046;

/// One reading of a container's cgroup.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Sample {
    /// When it was read.
    pub read: Millis,
    /// The container's CPU time, in nanoseconds.
    pub cpu_usage_nanos: u64,
    /// The host's CPU time over all CPUs since boot, in nanoseconds, as
    /// `/proc/stat` sums it.
    pub system_usage_nanos: u64,
    pub online_cpus: u32,
    /// `memory.current` in bytes.
    pub memory_usage: u64,
    /// The `inactive_file` of `memory.stat` in bytes.
    pub inactive_file: u64,
    /// `memory.max`, or the host's RAM.
    pub memory_limit: u64,
    pub network_rx: u64,
    pub network_tx: u64,
    pub block_read: u64,
    pub block_write: u64,
    /// `pids.current`.
    pub pids: u64,
}

/// Reads a running container's sample at `time`; `None` when it has no
/// task.
pub fn sample(host: &Host, container: &Container, time: Millis) -> Option<Sample> {
    let task = container.task.as_ref()?;
    let limits = super::task::limits(container);
    let since_boot = time.saturating_sub(super::HOST_BOOT);
    let on_bridge = container.host_config.network_mode != "host" && !task.veths.is_empty();
    Some(Sample {
        read: time,
        cpu_usage_nanos: task.usage.cpu.usage_usec * 1000,
        system_usage_nanos: since_boot * 1_000_000 * u64::from(host.cpus),
        online_cpus: host.cpus,
        memory_usage: task.usage.memory_current,
        inactive_file: 0,
        memory_limit: limits.memory_max.unwrap_or(host.memory),
        network_rx: if on_bridge { IDLE_RECEIVED_BYTES } else { 0 },
        network_tx: 0,
        block_read: 0,
        block_write: container
            .rootfs
            .upper_size()
            .saturating_sub(task.upper_size_at_start),
        pids: task.usage.pids_current,
    })
}

/// Returns the CPU percentage between two samples, as docker/cli's
/// `calculateCPUPercentUnix` computes it: 0 unless both deltas are
/// positive.
pub fn cpu_percent(previous: &Sample, current: &Sample) -> f64 {
    let cpu_delta = current.cpu_usage_nanos as f64 - previous.cpu_usage_nanos as f64;
    let system_delta = current.system_usage_nanos as f64 - previous.system_usage_nanos as f64;
    if system_delta > 0.0 && cpu_delta > 0.0 {
        return cpu_delta / system_delta * f64::from(current.online_cpus) * 100.0;
    }
    0.0
}

/// Returns the memory usage `docker stats` shows: usage less the inactive
/// page cache (`calculateMemUsageUnixNoCache`).
pub fn memory_usage(sample: &Sample) -> u64 {
    if sample.inactive_file < sample.memory_usage {
        sample.memory_usage - sample.inactive_file
    } else {
        sample.memory_usage
    }
}

/// Returns usage over limit in percent, 0 without a limit.
pub fn memory_percent(sample: &Sample) -> f64 {
    if sample.memory_limit == 0 {
        return 0.0;
    }
    memory_usage(sample) as f64 / sample.memory_limit as f64 * 100.0
}

/// One row of `docker stats`.
#[derive(Clone, Debug, PartialEq)]
pub struct Row {
    pub id: String,
    pub name: String,
    /// `None` for a container that is not running.
    pub stats: Option<RowStats>,
}

/// The numbers of a row.
#[derive(Clone, Debug, PartialEq)]
pub struct RowStats {
    pub cpu_percent: f64,
    pub memory: u64,
    pub memory_limit: u64,
    pub memory_percent: f64,
    pub network_rx: u64,
    pub network_tx: u64,
    pub block_read: u64,
    pub block_write: u64,
    pub pids: u64,
}

impl RowStats {
    /// Computes a row's numbers from two samples.
    pub fn from_samples(previous: &Sample, current: &Sample) -> RowStats {
        RowStats {
            cpu_percent: cpu_percent(previous, current),
            memory: memory_usage(current),
            memory_limit: current.memory_limit,
            memory_percent: memory_percent(current),
            network_rx: current.network_rx,
            network_tx: current.network_tx,
            block_read: current.block_read,
            block_write: current.block_write,
            pids: current.pids,
        }
    }
}

/// The values of a row's columns, as `formatter_stats.go` prints them:
/// a container that is not running shows zeros.
pub fn columns(row: &Row, truncate: bool) -> Vec<String> {
    let id = if truncate {
        row.id.chars().take(12).collect()
    } else {
        row.id.clone()
    };
    let zero = RowStats {
        cpu_percent: 0.0,
        memory: 0,
        memory_limit: 0,
        memory_percent: 0.0,
        network_rx: 0,
        network_tx: 0,
        block_read: 0,
        block_write: 0,
        pids: 0,
    };
    let stats = row.stats.as_ref().unwrap_or(&zero);
    vec![
        id,
        row.name.clone(),
        format!("{:.2}%", stats.cpu_percent),
        format!(
            "{} / {}",
            bytes_size(stats.memory as f64),
            bytes_size(stats.memory_limit as f64)
        ),
        format!("{:.2}%", stats.memory_percent),
        format!(
            "{} / {}",
            human_size_with_precision(stats.network_rx as f64, 3),
            human_size_with_precision(stats.network_tx as f64, 3)
        ),
        format!(
            "{} / {}",
            human_size_with_precision(stats.block_read as f64, 3),
            human_size_with_precision(stats.block_write as f64, 3)
        ),
        stats.pids.to_string(),
    ]
}

/// Returns the values of a row whose stats stream failed or ended, as
/// `formatter_stats.go` prints an invalid entry.
pub fn invalid_columns(row: &Row, truncate: bool) -> Vec<String> {
    let id = if truncate {
        row.id.chars().take(12).collect()
    } else {
        row.id.clone()
    };
    let mut columns = vec![
        id,
        row.name.clone(),
        "--".to_string(),
        "-- / --".to_string(),
    ];
    columns.extend(std::iter::repeat_n("--".to_string(), 4));
    columns
}

/// The header of the default table.
pub const HEADER: [&str; 8] = [
    "CONTAINER ID",
    "NAME",
    "CPU %",
    "MEM USAGE / LIMIT",
    "MEM %",
    "NET I/O",
    "BLOCK I/O",
    "PIDS",
];

#[cfg(test)]
mod tests {
    use super::*;

    fn sample(read: Millis, cpu_millis: u64, cpus: u32) -> Sample {
        Sample {
            read,
            cpu_usage_nanos: cpu_millis * 1_000_000,
            system_usage_nanos: read * 1_000_000 * u64::from(cpus),
            online_cpus: cpus,
            ..Sample::default()
        }
    }

    #[test]
    fn cpu_percent_table() {
        // (container CPU ms at t=0 and t=1s, online CPUs, expected %)
        let cases: &[(u64, u64, u32, f64)] = &[
            (0, 500, 4, 50.0),
            (0, 1_000, 4, 100.0),
            (0, 2_000, 4, 200.0),
            (100, 100, 4, 0.0),
            (0, 250, 2, 25.0),
        ];
        for (before, after, cpus, expected) in cases {
            let percent = cpu_percent(&sample(0, *before, *cpus), &sample(1_000, *after, *cpus));
            assert!(
                (percent - expected).abs() < 1e-9,
                "{before}→{after} on {cpus}: {percent}"
            );
        }
    }

    #[test]
    fn memory_formulas() {
        let current = Sample {
            memory_usage: 3_646_000,
            inactive_file: 100_000,
            memory_limit: 536_870_912,
            ..Sample::default()
        };
        assert_eq!(memory_usage(&current), 3_546_000);
        assert!((memory_percent(&current) - 0.66049).abs() < 1e-4);
        let unlimited = Sample {
            memory_usage: 10,
            memory_limit: 0,
            ..Sample::default()
        };
        assert_eq!(memory_percent(&unlimited), 0.0);
    }

    #[test]
    fn columns_format_as_docker() {
        let row = Row {
            id: "b95a83497c9161c9d4c2c8e7c2a1e5f0b7d3d6f1e4c0a9b8c7d6e5f4a3b2c1d0".into(),
            name: "web".into(),
            stats: Some(RowStats {
                cpu_percent: 0.0,
                memory: 3_646_000,
                memory_limit: 536_870_912,
                memory_percent: 0.679,
                network_rx: 1_046,
                network_tx: 0,
                block_read: 0,
                block_write: 4_096,
                pids: 3,
            }),
        };
        assert_eq!(
            columns(&row, true),
            [
                "b95a83497c91",
                "web",
                "0.00%",
                "3.477MiB / 512MiB",
                "0.68%",
                "1.05kB / 0B",
                "0B / 4.1kB",
                "3"
            ]
        );
        let stopped = Row { stats: None, ..row };
        assert_eq!(columns(&stopped, true)[3], "0B / 0B");
    }
}
