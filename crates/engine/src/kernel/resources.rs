//! The resource simulation: what a container's processes use of CPU,
//! memory and PIDs over logical time, and what the kernel does when they
//! reach their cgroup's limits.
//!
//! Time runs in steps of one CFS period (100 ms). In each step:
//!
//! - every fork bomb doubles its copies until `pids.max` refuses the
//!   forks (`pids.events` `max` counts the refusals);
//! - every allocating process grows by its rate; when the cgroup's memory
//!   passes `memory.max`, the excess goes to swap up to `memory.swap.max`,
//!   and beyond that the OOM killer kills the process holding the most
//!   memory (`memory.events` `max`, `oom` and `oom_kill`). When it kills
//!   PID 1 the container ends with status 137;
//! - the CPUs the processes ask for are granted up to the host's CPUs (or
//!   the cpuset's) and the quota of `cpu.max`; a cgroup that wants more
//!   than its quota is throttled for the rest of the period (`cpu.stat`
//!   `nr_throttled` and `throttled_usec`).
//!
//! When nothing grows, steps run together up to the next process start or
//! exit, so an idle hour costs one step.

use super::cgroup::Limits;
use super::processes::{Origin, Process};
use super::Task;
use crate::clock::Millis;

/// The length of a step: one CFS period, in milliseconds.
pub const STEP_MILLIS: Millis = 100;
/// The memory each extra copy of a forked shell adds: the pages it does not
/// share with its parent (an estimate for bash).
const FORKED_COPY_BYTES: u64 = 256 * 1024;
/// The maximum number of tasks on the host when no `pids.max` applies: Linux's
/// `threads-max` for 8 GiB of RAM (an estimate).
pub const HOST_THREADS_MAX: u64 = 63_422;
/// The maximum time a prediction looks ahead before it calls a workload endless.
const PREDICTION_HORIZON: Millis = 600_000;

/// The machine a container runs on.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct HostResources {
    pub cpus: u32,
    /// RAM in bytes.
    pub memory: u64,
    /// Swap in bytes.
    pub swap: u64,
}

/// Something the kernel did to keep a limit.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Enforcement {
    /// The quota throttled the cgroup in `throttled` of `periods` periods
    /// since `since`.
    Throttled {
        since: Millis,
        until: Millis,
        periods: u64,
        throttled: u64,
    },
    /// The OOM killer killed a process.
    OomKill {
        at: Millis,
        pid: u32,
        command: String,
        main: bool,
    },
    /// `pids.max` refused `refused` forks of a process.
    ForkRefused { at: Millis, pid: u32, refused: u64 },
}

/// Runs the simulation of `task` up to `until` and returns what the kernel
/// enforced. Stops early, at the step where it happens, when the OOM
/// killer kills the main process.
pub fn advance(
    task: &mut Task,
    limits: &Limits,
    host: &HostResources,
    until: Millis,
) -> Vec<Enforcement> {
    let mut enforcements = Vec::new();
    let throttled_before = (task.usage.cpu.nr_periods, task.usage.cpu.nr_throttled);
    let since = task.clock;
    while task.clock < until {
        let start = task.clock;
        let length = step_length(task, start, until);
        step(task, limits, host, start, length, &mut enforcements);
        task.clock = start + length;
        if main_killed(&enforcements) {
            break;
        }
    }
    let periods = task.usage.cpu.nr_periods - throttled_before.0;
    let throttled = task.usage.cpu.nr_throttled - throttled_before.1;
    if throttled > 0 {
        enforcements.push(Enforcement::Throttled {
            since,
            until: task.clock,
            periods,
            throttled,
        });
    }
    enforcements
}

/// Returns whether the OOM killer killed the main process.
pub fn main_killed(enforcements: &[Enforcement]) -> bool {
    enforcements
        .iter()
        .any(|enforcement| matches!(enforcement, Enforcement::OomKill { main: true, .. }))
}

/// The outcome of a foreground workload.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Fate {
    /// It ran to its end after this many milliseconds.
    Finished(Millis),
    /// The OOM killer killed it, or the main process with it.
    Killed { after: Millis, main: bool },
    /// `pids.max` refused its forks.
    ForkFailed { after: Millis },
    /// It would run until someone stops it.
    Endless,
}

/// Predicts the fate of a foreground workload started at `start` as
/// `processes`, alongside the task's other processes, without changing the
/// task: runs a copy of the simulation until the `watched` processes end,
/// one of them (or the main process) is killed, one has a fork refused, or
/// the work settles into running for ever. Returns the fate and the copy
/// as it stands then, with what the kernel enforced on the way in its
/// `enforcements`.
pub fn predict(
    task: &Task,
    limits: &Limits,
    host: &HostResources,
    start: Millis,
    processes: Vec<Process>,
    watched: &[u32],
) -> (Fate, Task) {
    let mut copy = task.clone();
    copy.enforcements.clear();
    copy.clock = copy.clock.max(start);
    for process in processes {
        copy.processes.insert(process);
    }
    let ends: Vec<Option<Millis>> = copy
        .processes
        .iter()
        .filter(|process| watched.contains(&process.pid))
        .map(|process| process.ends)
        .collect();
    let end = match ends.iter().all(Option::is_some) && !ends.is_empty() {
        true => ends.into_iter().flatten().max(),
        false => None,
    };
    let horizon = start + PREDICTION_HORIZON;
    loop {
        let now = copy.clock;
        if let Some(end) = end.filter(|end| *end <= now) {
            return (Fate::Finished(end - start), copy);
        }
        if now >= horizon || (end.is_none() && now > start && is_steady(&copy, now)) {
            return (Fate::Endless, copy);
        }
        let until = end.unwrap_or(horizon).min(horizon);
        let length = step_length(&copy, now, until);
        let mut enforcements = Vec::new();
        step(&mut copy, limits, host, now, length, &mut enforcements);
        copy.clock = now + length;
        copy.enforcements.extend(enforcements.iter().cloned());
        for enforcement in &enforcements {
            match enforcement {
                Enforcement::OomKill { at, pid, main, .. } if watched.contains(pid) || *main => {
                    return (
                        Fate::Killed {
                            after: at - start,
                            main: *main,
                        },
                        copy,
                    );
                }
                Enforcement::ForkRefused { at, pid, .. } if watched.contains(pid) => {
                    return (Fate::ForkFailed { after: at - start }, copy);
                }
                _ => {}
            }
        }
    }
}

/// Returns how long the next step runs: one period while something grows,
/// else up to the next start or exit of a process.
fn step_length(task: &Task, start: Millis, until: Millis) -> Millis {
    let remaining = until - start;
    if !is_steady(task, start) {
        return remaining.min(STEP_MILLIS);
    }
    let next_change = task
        .processes
        .iter()
        .flat_map(|process| [Some(process.started), process.ends])
        .flatten()
        .filter(|time| *time > start)
        .min()
        .unwrap_or(until);
    (next_change.min(until) - start).max(1)
}

/// Returns whether nothing changes from one step to the next: no fork
/// bomb and no allocation still growing.
fn is_steady(task: &Task, time: Millis) -> bool {
    task.processes
        .iter()
        .filter(|process| process.alive_at(time))
        .all(|process| {
            let growing = process.load.growth.is_some_and(|growth| {
                growth
                    .target
                    .is_none_or(|target| process.allocated < target)
            });
            !process.load.fork_bomb && !growing
        })
}

/// Runs one step of `length` milliseconds from `start`.
fn step(
    task: &mut Task,
    limits: &Limits,
    host: &HostResources,
    start: Millis,
    length: Millis,
    out: &mut Vec<Enforcement>,
) {
    let end = start + length;
    step_forks(task, limits, start, end, out);
    step_memory(task, limits, host, start, length, out);
    step_cpu(task, limits, host, start, length);
}

/// Doubles each fork bomb's copies up to what `pids.max` allows.
fn step_forks(
    task: &mut Task,
    limits: &Limits,
    start: Millis,
    end: Millis,
    out: &mut Vec<Enforcement>,
) {
    let maximum = limits.pids_max.unwrap_or(HOST_THREADS_MAX);
    let bombs: Vec<u32> = task
        .processes
        .iter()
        .filter(|process| process.alive_at(start) && process.load.fork_bomb)
        .map(|process| process.pid)
        .collect();
    for pid in bombs {
        let current = pids_current(task, start);
        let Some(bomb) = task.processes.get_mut(pid) else {
            continue;
        };
        let others = current.saturating_sub(bomb.copies);
        let allowed = maximum.saturating_sub(others).max(1);
        let wanted = bomb.copies.saturating_mul(2);
        if wanted > allowed {
            let refused = wanted - allowed;
            bomb.copies = allowed;
            task.usage.pids_events_max += refused;
            out.push(Enforcement::ForkRefused {
                at: end,
                pid,
                refused,
            });
        } else {
            bomb.copies = wanted;
        }
    }
    let current = pids_current(task, start);
    task.usage.pids_current = current;
    task.usage.pids_peak = task.usage.pids_peak.max(current);
}

/// Recounts the tasks and the memory in use at `time`, after processes
/// started or ended between two steps (an exec's shell, a job Ctrl+C
/// ended), so the cgroup shows them before more time passes. Memory over
/// the limit is left to the next step, which applies the limit.
pub fn recount(task: &mut Task, limits: &Limits, host: &HostResources, time: Millis) {
    let pids = pids_current(task, time);
    task.usage.pids_current = pids;
    task.usage.pids_peak = task.usage.pids_peak.max(pids);
    let total = memory_in_use(task, time);
    if total <= limits.memory_max.unwrap_or(host.memory) {
        task.usage.memory_current = total;
        task.usage.swap_current = 0;
    }
}

/// Counts the tasks alive at `time`.
fn pids_current(task: &Task, time: Millis) -> u64 {
    task.processes
        .iter()
        .filter(|process| process.alive_at(time))
        .map(|process| process.copies.max(1))
        .sum()
}

/// Grows allocations, then applies `memory.max`, swap and the OOM killer.
fn step_memory(
    task: &mut Task,
    limits: &Limits,
    host: &HostResources,
    start: Millis,
    length: Millis,
    out: &mut Vec<Enforcement>,
) {
    for process in task
        .processes
        .iter_mut()
        .filter(|process| process.alive_at(start))
    {
        if let Some(growth) = process.load.growth {
            let grown = process
                .allocated
                .saturating_add(growth.bytes_per_second.saturating_mul(length) / 1000);
            process.allocated = growth.target.map_or(grown, |target| grown.min(target));
        }
    }
    let limit = limits.memory_max.unwrap_or(host.memory);
    let swap_limit = match limits.memory_max {
        Some(_) => limits.memory_swap_max.unwrap_or(host.swap).min(host.swap),
        None => host.swap,
    };
    let at = start + length;
    let mut hit_limit = false;
    loop {
        let total = memory_in_use(task, start);
        if total <= limit {
            task.usage.memory_current = total;
            task.usage.swap_current = 0;
            break;
        }
        hit_limit = true;
        let excess = total - limit;
        if excess <= swap_limit {
            task.usage.memory_current = limit;
            task.usage.swap_current = excess;
            break;
        }
        task.usage.memory_events.oom += 1;
        let Some((pid, command, main)) = oom_victim(task, start).map(|victim| {
            (
                victim.pid,
                victim.command.clone(),
                victim.origin == Origin::Main,
            )
        }) else {
            break;
        };
        task.usage.memory_events.oom_kill += 1;
        task.oom_killed = true;
        out.push(Enforcement::OomKill {
            at,
            pid,
            command,
            main,
        });
        if let Some(process) = task.processes.get_mut(pid) {
            process.killed_at = Some(at);
            process.allocated = 0;
        }
        end_stress_parent(task, pid, at);
        if main {
            task.usage.memory_current = memory_in_use(task, at).min(limit);
            break;
        }
    }
    if hit_limit {
        task.usage.memory_events.max += 1;
    }
    task.usage.memory_peak = task.usage.memory_peak.max(task.usage.memory_current);
}

/// Ends the `stress` parent of a killed worker: it reaps its workers and
/// exits with a failure when one dies of a signal. A parent that is the
/// main process ends through its own prediction instead.
fn end_stress_parent(task: &mut Task, worker: u32, at: Millis) {
    let Some(parent) = task.processes.get(worker).map(|process| process.ppid) else {
        return;
    };
    let siblings: Vec<u32> = task
        .processes
        .iter()
        .filter(|process| process.ppid == parent && process.pid != worker)
        .map(|process| process.pid)
        .collect();
    let Some(process) = task.processes.get_mut(parent) else {
        return;
    };
    let is_stress = process
        .command
        .split_whitespace()
        .next()
        .is_some_and(|program| program.rsplit('/').next() == Some("stress"));
    if !is_stress || process.origin == Origin::Main || process.ends.is_some_and(|end| end <= at) {
        return;
    }
    process.ends = Some(at);
    for pid in siblings {
        if let Some(sibling) = task.processes.get_mut(pid) {
            if sibling.ends.is_none_or(|end| end > at) {
                sibling.ends = Some(at);
            }
        }
    }
}

/// Returns the bytes the cgroup's processes hold at `time`.
fn memory_in_use(task: &Task, time: Millis) -> u64 {
    let processes: u64 = task
        .processes
        .iter()
        .filter(|process| process.alive_at(time) && process.killed_at.is_none())
        .map(|process| {
            let extra = process
                .copies
                .saturating_sub(1)
                .saturating_mul(FORKED_COPY_BYTES);
            process.base_rss + process.allocated + extra
        })
        .sum();
    processes + task.kernel_memory
}

/// Picks the process the OOM killer kills: the one holding the most
/// memory, as `oom_badness` scores by resident pages, the newest on a tie.
fn oom_victim(task: &Task, time: Millis) -> Option<&Process> {
    task.processes
        .iter()
        .filter(|process| process.alive_at(time) && process.killed_at.is_none())
        .max_by_key(|process| (process.base_rss + process.allocated, process.pid))
}

/// Grants CPU time and counts throttled periods.
fn step_cpu(task: &mut Task, limits: &Limits, host: &HostResources, start: Millis, length: Millis) {
    let demand: f64 = task
        .processes
        .iter()
        .filter(|process| process.alive_at(start) && process.killed_at.is_none())
        .map(|process| process.load.cpus * process.copies.max(1) as f64)
        .sum();
    if demand <= 0.0 {
        return;
    }
    let capacity = f64::from(limits.usable_cpus(host.cpus)).min(demand);
    let quota = limits.quota_cpus();
    let granted = quota.map_or(capacity, |quota| capacity.min(quota));
    let usec = (granted * length as f64 * 1000.0).round() as u64;
    let cpu = &mut task.usage.cpu;
    cpu.usage_usec += usec;
    cpu.system_usec += usec / 50;
    cpu.user_usec += usec - usec / 50;

    if let Some(quota) = quota {
        let period_millis = (limits.cpu_period_usec / 1000).max(1);
        let elapsed = task.period_remainder + length;
        let periods = elapsed / period_millis;
        task.period_remainder = elapsed % period_millis;
        cpu.nr_periods += periods;
        if capacity > quota {
            cpu.nr_throttled += periods;
            let share = 1.0 - quota / capacity;
            cpu.throttled_usec +=
                (periods as f64 * limits.cpu_period_usec as f64 * share).round() as u64;
        }
    }
    for process in task
        .processes
        .iter_mut()
        .filter(|process| process.alive_at(start) && process.killed_at.is_none())
    {
        let weight = process.load.cpus * process.copies.max(1) as f64 / demand;
        process.cpu_usec += (usec as f64 * weight).round() as u64;
    }
}

#[cfg(test)]
mod tests {
    use super::super::processes::{Growth, Load};
    use super::*;
    use crate::daemon::containers::HostConfig;

    const MIB: u64 = 1024 * 1024;

    fn host() -> HostResources {
        HostResources {
            cpus: 4,
            memory: 8 * 1024 * MIB,
            swap: 2 * 1024 * MIB,
        }
    }

    fn task_with(load: Load, main: bool) -> Task {
        let mut task = Task::default();
        let mut process = Process::new(1, 4010, "stress --vm 1", 0);
        process.origin = if main { Origin::Main } else { Origin::Child };
        process.load = load;
        task.processes.insert(process);
        task
    }

    fn limits(config: HostConfig) -> Limits {
        Limits::from_host_config(&config)
    }

    #[test]
    fn cpu_quota_throttles_half_the_time() {
        let mut task = task_with(Load::cpu(1.0), true);
        let limits = limits(HostConfig {
            nano_cpus: 500_000_000,
            ..HostConfig::default()
        });
        let enforced = advance(&mut task, &limits, &host(), 10_000);
        let cpu = task.usage.cpu;
        assert_eq!(cpu.usage_usec, 5_000_000);
        assert_eq!(cpu.nr_periods, 100);
        assert_eq!(cpu.nr_throttled, 100);
        assert_eq!(cpu.throttled_usec, 5_000_000);
        assert_eq!(
            enforced,
            [Enforcement::Throttled {
                since: 0,
                until: 10_000,
                periods: 100,
                throttled: 100
            }]
        );
    }

    #[test]
    fn cpu_without_quota_uses_what_it_asks() {
        let mut task = task_with(Load::cpu(2.0), true);
        advance(&mut task, &Limits::default(), &host(), 1_000);
        assert_eq!(task.usage.cpu.usage_usec, 2_000_000);
        assert_eq!(task.usage.cpu.nr_periods, 0);
        let mut task = task_with(Load::cpu(8.0), true);
        advance(&mut task, &Limits::default(), &host(), 1_000);
        assert_eq!(
            task.usage.cpu.usage_usec, 4_000_000,
            "capped at the host's CPUs"
        );
    }

    #[test]
    fn memory_over_limit_and_swap_kills_the_largest() {
        let growth = Growth {
            target: Some(128 * MIB),
            bytes_per_second: 2048 * MIB,
        };
        let mut task = task_with(
            Load {
                growth: Some(growth),
                ..Load::IDLE
            },
            false,
        );
        let mut main = Process::new(2, 4011, "sh", 0);
        main.origin = Origin::Main;
        task.processes.insert(main);
        let limits = limits(HostConfig {
            memory: 64 * MIB as i64,
            memory_swap: 128 * MIB as i64,
            ..HostConfig::default()
        });
        let enforced = advance(&mut task, &limits, &host(), 1_000);
        let kill = enforced
            .iter()
            .find(|e| matches!(e, Enforcement::OomKill { .. }))
            .expect("an OOM kill");
        assert!(
            matches!(
                kill,
                Enforcement::OomKill {
                    pid: 1,
                    main: false,
                    ..
                }
            ),
            "{kill:?}"
        );
        assert_eq!(task.usage.memory_events.oom_kill, 1);
        assert!(task.usage.memory_events.max >= 1);
        assert!(task.usage.memory_peak <= 64 * MIB);
        assert!(task.oom_killed);
    }

    #[test]
    fn killed_worker_ends_its_stress_parent() {
        let growth = Growth {
            target: Some(256 * MIB),
            bytes_per_second: 2048 * MIB,
        };
        let mut task = Task::default();
        let mut main = Process::new(1, 4010, "sleep 1000", 0);
        main.origin = Origin::Main;
        task.processes.insert(main);
        task.processes
            .insert(Process::new(2, 4011, "stress --vm 1 --vm-bytes 256M", 0));
        let mut worker = Process::new(3, 4012, "stress --vm 1 --vm-bytes 256M", 0);
        worker.ppid = 2;
        worker.load = Load {
            growth: Some(growth),
            ..Load::IDLE
        };
        task.processes.insert(worker);
        let limits = limits(HostConfig {
            memory: 64 * MIB as i64,
            memory_swap: 64 * MIB as i64,
            ..HostConfig::default()
        });
        advance(&mut task, &limits, &host(), 1_000);
        let alive: Vec<u32> = task
            .processes
            .alive(1_000)
            .iter()
            .map(|process| process.pid)
            .collect();
        assert_eq!(alive, [1]);
        assert!(
            task.processes
                .get(2)
                .and_then(|parent| parent.killed_at)
                .is_none(),
            "the parent exits, it is not killed"
        );
    }

    #[test]
    fn memory_within_swap_survives() {
        let growth = Growth {
            target: Some(100 * MIB),
            bytes_per_second: 2048 * MIB,
        };
        let mut task = task_with(
            Load {
                growth: Some(growth),
                ..Load::IDLE
            },
            true,
        );
        let limits = limits(HostConfig {
            memory: 64 * MIB as i64,
            memory_swap: 128 * MIB as i64,
            ..HostConfig::default()
        });
        let enforced = advance(&mut task, &limits, &host(), 2_000);
        assert!(!main_killed(&enforced));
        assert_eq!(task.usage.memory_current, 64 * MIB);
        assert!(task.usage.swap_current > 30 * MIB);
    }

    #[test]
    fn main_process_oom_stops_the_simulation() {
        let growth = Growth {
            target: None,
            bytes_per_second: 256 * MIB,
        };
        let mut task = task_with(
            Load {
                growth: Some(growth),
                ..Load::IDLE
            },
            true,
        );
        let limits = limits(HostConfig {
            memory: 64 * MIB as i64,
            memory_swap: 128 * MIB as i64,
            ..HostConfig::default()
        });
        let enforced = advance(&mut task, &limits, &host(), 60_000);
        assert!(main_killed(&enforced));
        assert!(task.clock < 1_000, "stopped at {}", task.clock);
    }

    #[test]
    fn fork_bomb_stops_at_pids_max() {
        let mut task = task_with(
            Load {
                fork_bomb: true,
                ..Load::IDLE
            },
            false,
        );
        let limits = limits(HostConfig {
            pids_limit: Some(20),
            ..HostConfig::default()
        });
        let enforced = advance(&mut task, &limits, &host(), 1_000);
        assert_eq!(task.usage.pids_current, 20);
        assert_eq!(task.usage.pids_peak, 20);
        assert!(task.usage.pids_events_max > 0);
        assert!(enforced
            .iter()
            .any(|e| matches!(e, Enforcement::ForkRefused { pid: 1, .. })));
    }

    #[test]
    fn predictions_name_the_fate() {
        let task = Task::default();
        let host = host();
        let mut hog = Process::new(5, 4020, "stress", 0);
        hog.load = Load {
            growth: Some(Growth {
                target: Some(128 * MIB),
                bytes_per_second: 2048 * MIB,
            }),
            cpus: 1.0,
            ..Load::IDLE
        };
        let limited = limits(HostConfig {
            memory: 64 * MIB as i64,
            memory_swap: 128 * MIB as i64,
            ..HostConfig::default()
        });
        let fate = |limits: &Limits, process: &Process| {
            predict(
                &task,
                limits,
                &host,
                0,
                vec![process.clone()],
                &[process.pid],
            )
            .0
        };
        assert!(matches!(
            fate(&limited, &hog),
            Fate::Killed { main: false, .. }
        ));
        assert_eq!(fate(&Limits::default(), &hog), Fate::Endless);
        hog.ends = Some(3_000);
        assert_eq!(fate(&Limits::default(), &hog), Fate::Finished(3_000));

        let mut bomb = Process::new(6, 4030, "bash", 0);
        bomb.load = Load {
            fork_bomb: true,
            ..Load::IDLE
        };
        let pids = limits(HostConfig {
            pids_limit: Some(20),
            ..HostConfig::default()
        });
        assert!(matches!(fate(&pids, &bomb), Fate::ForkFailed { .. }));
    }
}
