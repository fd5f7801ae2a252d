//! The kernel state of a container as the page draws it: its namespaces
//! (and which it shares), its processes seen from both sides of the PID
//! namespace, and its cgroup's limits and use.

use super::cgroup::Limits;
use super::context;
use super::namespaces::Sharing;
use super::task;
use crate::clock::Millis;
use crate::daemon::containers::Container;
use crate::host::Host;
use crate::view::{CgroupView, NamespaceView, ProcessView};

/// Returns the namespaces of a running container; none when it is stopped.
pub fn namespaces(host: &Host, container: &Container) -> Vec<NamespaceView> {
    let Some(task) = container.task.as_ref() else {
        return Vec::new();
    };
    task.namespaces
        .iter()
        .map(|namespace| NamespaceView {
            kind: namespace.kind.name().to_string(),
            inode: namespace.inode,
            shared_with: match &namespace.sharing {
                Sharing::Private => String::new(),
                Sharing::Host => "host".to_string(),
                Sharing::Container(id) => {
                    let name = host
                        .daemon
                        .containers
                        .get(id)
                        .map_or(id.as_str(), |owner| owner.name.as_str());
                    format!("container:{name}")
                }
            },
        })
        .collect()
}

/// Returns the processes of a running container at `now`.
pub fn processes(container: &Container, now: Millis) -> Vec<ProcessView> {
    let Some(task) = container.task.as_ref() else {
        return Vec::new();
    };
    task.processes
        .alive(now)
        .into_iter()
        .map(|process| ProcessView {
            pid: process.pid,
            host_pid: process.host_pid,
            user: process.user.clone(),
            command: process.command.clone(),
        })
        .collect()
}

/// Returns the cgroup of a running container: its limits and what its
/// processes use now, CPU in percent of one CPU as `docker stats` shows it.
pub fn cgroup(host: &Host, container: &Container, now: Millis) -> Option<CgroupView> {
    let task = container.task.as_ref()?;
    let limits: Limits = task::limits(container);
    let resources = context::resources(host);
    let demand: f64 = task
        .processes
        .alive(now)
        .iter()
        .filter(|process| process.killed_at.is_none())
        .map(|process| process.load.cpus * process.copies.max(1) as f64)
        .sum();
    let capacity = f64::from(limits.usable_cpus(resources.cpus)).min(demand);
    let granted = limits
        .quota_cpus()
        .map_or(capacity, |quota| capacity.min(quota));
    Some(CgroupView {
        path: format!("/sys/fs/cgroup{}", context::task_cgroup_path(&container.id)),
        memory_max: limits.memory_max,
        memory_current: task.usage.memory_current,
        cpus: limits.quota_cpus(),
        cpu_percent: if container.state.status == crate::daemon::containers::Status::Paused {
            0.0
        } else {
            granted * 100.0
        },
        pids_max: limits.pids_max,
        pids_current: task.usage.pids_current,
    })
}
