//! A running container's kernel state (containerd's "task"): its
//! namespaces, processes, cgroup counters and veth pairs, how runc creates
//! it, how time moves it on, and running a command inside it.

use shared_sort::SortedMap;

use super::cgroup::{Limits, Usage};
use super::context::{self, Context};
use super::mounts;
use super::namespaces::{self, Namespace, NamespaceKind, Namespaces, Sharing, Source};
use super::network::{self, Veth};
use super::processes::{Origin, Process, ProcessTable};
use super::resources::{self, Enforcement};
use super::system::{ContainerSystem, Runner};
use super::TmpfsFiles;
use crate::clock::Millis;
use crate::cx::Cx;
use crate::daemon::containers::{Container, Endpoint, Status};
use crate::daemon::ApiError;
use crate::events::{Change, Event, EventKind, Resource};
use crate::fs::Overlay;
use crate::host::Host;
use crate::sh::Session;

/// Memory charged to a container's cgroup besides its processes: kernel
/// structures and page cache, in bytes (an estimate).
const BASE_KERNEL_MEMORY: u64 = 204_800;

/// The kernel state of a running container.
#[derive(Clone, Debug, Default)]
pub struct Task {
    pub namespaces: Namespaces,
    pub processes: ProcessTable,
    pub usage: Usage,
    /// How far the resource simulation has run.
    pub clock: Millis,
    /// Milliseconds of the current CFS period already simulated.
    pub period_remainder: Millis,
    /// Memory charged to the cgroup besides the processes, in bytes.
    pub kernel_memory: u64,
    /// Whether the OOM killer killed one of the container's processes.
    pub oom_killed: bool,
    /// The host PID of the container's `containerd-shim-runc-v2`.
    pub shim_pid: u32,
    /// Host PIDs of the `docker-proxy` processes, one per port binding.
    pub proxy_pids: Vec<u32>,
    pub veths: Vec<Veth>,
    /// The files of tmpfs mounts.
    pub tmpfs: TmpfsFiles,
    /// Interactive shells by PID.
    pub sessions: SortedMap<u32, Session>,
    /// Foreground jobs at a terminal: the PID of the shell that waits, and
    /// the PIDs of the workload it waits for.
    pub foreground: SortedMap<u32, Vec<u32>>,
    /// The enforcements a prediction collected.
    pub enforcements: Vec<Enforcement>,
    /// The size of the writable layer when the container started, for
    /// `docker stats`' block output.
    pub upper_size_at_start: u64,
}

impl Task {
    /// Returns the main process's PID in its namespace.
    pub fn main_pid(&self) -> u32 {
        self.processes.main().map_or(1, |process| process.pid)
    }
}

/// The namespaces and PIDs runc made for a task, for the event trace.
#[derive(Clone, Debug)]
pub struct Created {
    pub namespaces: Vec<Namespace>,
    /// The host PID of PID 1.
    pub host_pid: u32,
    /// PID 1's PID in its namespace.
    pub pid: u32,
}

/// Creates the kernel state of a starting container: namespaces (joining
/// the host's or another container's where its settings ask for it), veth pairs
/// for its endpoints, the shim, and the PIDs of its main process.
pub fn create(
    host: &mut Host,
    id: &str,
    endpoints: &[Endpoint],
    now: Millis,
) -> Result<Created, ApiError> {
    let container = host
        .daemon
        .containers
        .get(id)
        .ok_or_else(|| ApiError::no_such_container(id))?;
    let mut list = Vec::new();
    let mut pid_owner: Option<String> = None;
    for (kind, source) in namespaces::sources(&container.host_config) {
        let (inode, sharing) = match source {
            Source::Host => (kind.host_inode(), Sharing::Host),
            Source::Container(name) => {
                let donor = host.daemon.containers.lookup(&name)?;
                namespaces::check_donor(kind, &name, donor)?;
                let inode = donor
                    .task
                    .as_ref()
                    .map_or(kind.host_inode(), |task| task.namespaces.inode(kind));
                if kind == NamespaceKind::Pid {
                    pid_owner = Some(donor.id.clone());
                }
                (inode, Sharing::Container(donor.id.clone()))
            }
            Source::New => (0, Sharing::Private),
        };
        list.push(Namespace {
            kind,
            inode,
            sharing,
        });
    }
    for namespace in list
        .iter_mut()
        .filter(|namespace| namespace.sharing == Sharing::Private)
    {
        namespace.inode = host.allocate_namespace_inode();
    }

    let mut veths = Vec::new();
    let netns_id = {
        let used: Vec<&Veth> = host
            .daemon
            .containers
            .iter()
            .filter_map(|other| other.task.as_ref())
            .flat_map(|task| task.veths.iter())
            .collect();
        network::free_netns_id(&used)
    };
    for (position, endpoint) in endpoints.iter().enumerate() {
        let bridge = host
            .daemon
            .networks
            .lookup(&endpoint.network)
            .ok()
            .filter(|network| network.driver == "bridge")
            .map(|network| network.bridge.clone());
        if let Some(bridge) = bridge {
            host.interfaces.bridge(&bridge);
            let mut veth = Veth::new(
                &endpoint.network,
                position,
                &endpoint.endpoint_id,
                host.interfaces.counter(),
            );
            veth.netns_id = netns_id;
            veths.push(veth);
        }
    }
    let shim_pid = host.pids.allocate();
    let host_pid = host.pids.allocate();
    let container = host
        .daemon
        .containers
        .get(id)
        .ok_or_else(|| ApiError::no_such_container(id))?;
    let host_pid_namespace = container.host_config.pid_mode == "host";
    let proxies = container.ports.len();
    let upper_size = container.rootfs.upper_size();
    let proxy_pids = (0..proxies).map(|_| host.pids.allocate()).collect();

    let mut processes = ProcessTable::default();
    if let Some(owner) = &pid_owner {
        sync_pid_counters(host, owner);
    }
    let pid = match (&pid_owner, host_pid_namespace) {
        (_, true) => host_pid,
        (Some(owner), false) => host
            .daemon
            .containers
            .get_mut(owner)
            .and_then(|donor| donor.task.as_mut())
            .map_or(1, |task| task.processes.next_pid()),
        (None, false) => processes.next_pid(),
    };
    let task = Task {
        namespaces: Namespaces::new(list.clone()),
        processes,
        clock: now,
        kernel_memory: BASE_KERNEL_MEMORY,
        usage: Usage {
            kernel_memory: BASE_KERNEL_MEMORY,
            ..Usage::default()
        },
        shim_pid,
        proxy_pids,
        veths,
        upper_size_at_start: upper_size,
        ..Task::default()
    };
    if let Some(container) = host.daemon.containers.get_mut(id) {
        container.task = Some(task);
    }
    Ok(Created {
        namespaces: list,
        host_pid,
        pid,
    })
}

/// Returns the user name and UID a container's `USER` setting runs as,
/// looked up in the container's `/etc/passwd` (`root` and 0 by default).
pub fn identity(fs: &Overlay, user: &str) -> (String, u32) {
    let name = user.split(':').next().unwrap_or("");
    if name.is_empty() {
        return ("root".to_string(), 0);
    }
    let passwd = fs
        .read("/etc/passwd")
        .ok()
        .and_then(|content| content.as_text().map(str::to_string))
        .unwrap_or_default();
    for line in passwd.lines() {
        let fields: Vec<&str> = line.split(':').collect();
        if fields.len() < 3 {
            continue;
        }
        if fields[0] == name || fields[2] == name {
            return (fields[0].to_string(), fields[2].parse().unwrap_or(0));
        }
    }
    match name.parse::<u32>() {
        Ok(uid) => (uid.to_string(), uid),
        Err(_) => (name.to_string(), 0),
    }
}

/// Adds the main process to a new task.
pub fn add_main(container: &mut Container, pid: u32, host_pid: u32, command: &str, now: Millis) {
    let (user, uid) = identity(&container.rootfs, &container.config.user);
    let tty = container.attach.tty.then(|| "pts/0".to_string());
    let Some(task) = container.task.as_mut() else {
        return;
    };
    let mut process = Process::new(pid, host_pid, command, now);
    process.origin = Origin::Main;
    process.user = user;
    process.uid = uid;
    process.tty = tty;
    task.processes.insert(process);
    task.usage.pids_current = 1;
    task.usage.pids_peak = 1;
    task.usage.memory_current =
        task.kernel_memory + task.processes.main().map_or(0, Process::memory);
    task.usage.memory_peak = task.usage.memory_current;
}

/// Returns a container's cgroup limits.
pub fn limits(container: &Container) -> Limits {
    Limits::from_host_config(&container.host_config)
}

/// Runs the simulation of every running container on the host up to
/// `until`. A paused container's processes are frozen, so its clock just
/// moves on. Returns what the kernel enforced, by container, in time order
/// within each.
pub fn advance_all(host: &mut Host, until: Millis) -> Vec<(String, Enforcement)> {
    let resources = context::resources(host);
    let mut enforced = Vec::new();
    for container in host.daemon.containers.iter_mut() {
        let limits = limits(container);
        let status = container.state.status;
        let Some(task) = container.task.as_mut() else {
            continue;
        };
        if status != Status::Running {
            task.clock = task.clock.max(until);
            continue;
        }
        for enforcement in resources::advance(task, &limits, &resources, until) {
            enforced.push((container.id.clone(), enforcement));
        }
        resources::recount(task, &limits, &resources, task.clock);
    }
    enforced
}

/// The identity and mode a command runs with in a container.
#[derive(Clone, Debug)]
pub struct RunSetup {
    pub runner: Runner,
    /// The PID of the process that runs the command, which `/proc/self`
    /// points to and which is the parent of what it starts.
    pub shell_pid: u32,
    /// Whether the process is the program itself, not a shell.
    pub exec_form: bool,
    pub user: String,
    pub uid: u32,
    pub tty: Option<String>,
}

/// The effects of a command on the kernel's state besides its output.
#[derive(Clone, Debug, Default)]
pub struct RunReport {
    /// The limits the kernel enforced while it ran.
    pub enforcements: Vec<Enforcement>,
    /// Whether an endless foreground workload became lasting work.
    pub blocked: bool,
    /// The logical time its workloads took.
    pub offset: Millis,
}

/// Runs `f` against a running container's view of its files (mounts in
/// place) and its kernel model, then puts the files back. Returns `None`
/// when the container has no task.
pub fn run_in<R>(
    host: &mut Host,
    id: &str,
    now: Millis,
    setup: RunSetup,
    f: impl FnOnce(&mut Overlay, &mut ContainerSystem<'_>) -> R,
) -> Option<(R, RunReport)> {
    sync_pid_counters(host, id);
    let container = host.daemon.containers.get(id)?;
    container.task.as_ref()?;
    let context = Context::for_container(host, container, now, setup.shell_pid);
    let Host {
        fs, daemon, pids, ..
    } = host;
    let container = daemon.containers.get_mut(id)?;
    let mut task = container.task.take()?;
    let limits = limits(container);
    let mut view = mounts::assemble(container, fs, &task.tmpfs, &context.pseudo);
    let (result, report) = {
        let mut system = ContainerSystem {
            context: &context,
            task: &mut task,
            host_pids: pids,
            limits,
            runner: setup.runner,
            shell_pid: setup.shell_pid,
            exec_form: setup.exec_form,
            user: setup.user,
            uid: setup.uid,
            tty: setup.tty,
            offset: 0,
            blocked: false,
            enforcements: Vec::new(),
        };
        let result = f(&mut view.fs, &mut system);
        let report = RunReport {
            enforcements: system.enforcements,
            blocked: system.blocked,
            offset: system.offset,
        };
        (result, report)
    };
    let memory = mounts::disassemble(view, container, fs);
    task.tmpfs.extend(memory);
    container.task = Some(task);
    sync_pid_counters(host, id);
    Some((result, report))
}

/// Brings the PID counters of every task in the PID namespace of
/// container `id` up to the highest of them. Each container keeps its own
/// table, so this keeps the PIDs of a shared namespace unique.
pub fn sync_pid_counters(host: &mut Host, id: &str) {
    let pid_inode = |task: &Task| task.namespaces.inode(NamespaceKind::Pid);
    let Some(inode) = host
        .daemon
        .containers
        .get(id)
        .and_then(|container| container.task.as_ref())
        .map(pid_inode)
    else {
        return;
    };
    if inode == NamespaceKind::Pid.host_inode() {
        return;
    }
    let sharing = |task: &&Task| pid_inode(task) == inode;
    let tasks = host
        .daemon
        .containers
        .iter()
        .filter_map(|container| container.task.as_ref());
    let highest = tasks
        .filter(sharing)
        .map(|task| task.processes.last_pid())
        .max()
        .unwrap_or(0);
    for task in host
        .daemon
        .containers
        .iter_mut()
        .filter_map(|container| container.task.as_mut())
    {
        if pid_inode(task) == inode {
            task.processes.catch_up(highest);
        }
    }
}

/// Records what the kernel enforced as `LimitEnforced` events at the times
/// it happened.
pub fn record(
    cx: &mut Cx,
    host: &str,
    container: &str,
    limits: &Limits,
    enforcements: &[Enforcement],
) {
    for enforcement in enforcements {
        let (time, resource, detail) = match enforcement {
            Enforcement::Throttled { until, periods, throttled, .. } => (
                *until,
                Resource::Cpu,
                format!("cpu.max {}: throttled in {throttled} of {periods} periods", limits.cpu_max_text()),
            ),
            Enforcement::OomKill { at, pid, command, .. } => (
                *at,
                Resource::Memory,
                format!(
                    "memory.max {}: the OOM killer killed PID {pid} ({command})",
                    limits.memory_max.map_or_else(|| "max".to_string(), |max| max.to_string())
                ),
            ),
            Enforcement::ForkRefused { at, pid, refused } => (
                *at,
                Resource::Pids,
                format!(
                    "pids.max {}: refused {refused} forks of PID {pid} (Resource temporarily unavailable)",
                    limits.pids_max.map_or_else(|| "max".to_string(), |max| max.to_string())
                ),
            ),
        };
        let change = Change::LimitEnforced {
            host: host.to_string(),
            container: container.to_string(),
            resource,
            detail,
        };
        cx.events.push(Event {
            time,
            kind: EventKind::Change(change),
        });
    }
}
