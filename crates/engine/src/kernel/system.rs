//! The kernel model as the shell interpreter reads it: [`ContainerSystem`]
//! stands for a running container (its PID namespace, network namespace,
//! mounts and cgroup) and [`HostSystem`] for the host itself.
//!
//! Workloads the shell starts become processes of the container. A
//! workload in the foreground runs to its fate before the shell goes on:
//! the simulation predicts whether it finishes, meets the OOM killer or has
//! a fork refused, and how long that takes. One in the background, or the
//! main process's own endless work, stays in the process table and loads
//! the cgroup as time passes.

use super::cgroup::{self, Limits};
use super::processes::{Growth, Load, Origin, Process};
use super::resources::{self, Enforcement, Fate, HostResources};
use super::{Context, PidCounter, Task};
use crate::clock::Millis;
use crate::sh::{
    kernel_file, Interface, Kernel, Memory, Mount, Process as ShellProcess, Route, System,
    Workload, WorkloadOutcome, WorkloadRequest,
};
use shared_sort::SharedSort;

/// The rate a memory hog such as `stress --vm` fills its allocation, in
/// bytes per second (an estimate: page faults on a laptop).
const HOG_BYTES_PER_SECOND: u64 = 2 << 30;
/// The rate an endless allocation loop grows, in bytes per second (an
/// estimate for a Python list of strings).
const LOOP_BYTES_PER_SECOND: u64 = 256 << 20;

/// The maximum time a foreground workload at a shell may run before the
/// kernel kills it for the shell to report the kill at once. One that
/// lives longer keeps the terminal while time passes (a second, the
/// page's tick).
const FOREGROUND_KILL_MILLIS: Millis = 1_000;

/// The kind of process that runs the interpreter's commands.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Runner {
    /// The container's main process, run ahead from its start. An endless
    /// foreground workload becomes the process's lasting work.
    Main,
    /// `docker exec -d`: like the main process, an endless workload keeps
    /// running.
    Detached,
    /// A command run once for a client that waits (`docker exec` without a
    /// shell session): an endless foreground workload is stopped as Ctrl+C
    /// would.
    Terminal,
    /// A line typed into an interactive shell: an endless foreground
    /// workload keeps the terminal until `^C` or the kernel ends it.
    Shell,
}

/// A running container, as the shell interpreter reads it.
pub struct ContainerSystem<'a> {
    pub context: &'a Context,
    pub task: &'a mut Task,
    pub host_pids: &'a mut PidCounter,
    pub limits: Limits,
    pub runner: Runner,
    /// The PID of the process that runs the shell, parent of what it starts.
    pub shell_pid: u32,
    /// Whether that process is the workload program itself (exec form:
    /// `stress …`, `python -c …`), not a shell that starts it.
    pub exec_form: bool,
    pub user: String,
    pub uid: u32,
    /// The shell's terminal, if it has one.
    pub tty: Option<String>,
    /// Logical time the workloads so far have taken, since [`Context::now`].
    pub offset: Millis,
    /// Set when an endless foreground workload became the process's
    /// lasting work: the script stops there.
    pub blocked: bool,
    /// The limits the kernel enforced while workloads ran.
    pub enforcements: Vec<Enforcement>,
}

impl ContainerSystem<'_> {
    fn resources(&self) -> HostResources {
        self.context.resources
    }

    /// Counts the container's tasks alive at `time`, as `pids.current` does.
    fn live_pids(&self, time: Millis) -> u64 {
        self.task
            .processes
            .alive(time)
            .iter()
            .map(|process| process.copies.max(1))
            .sum()
    }

    /// Returns whether `pids.max` refuses the forks that start `processes`,
    /// and counts the refusal in `pids.events` when it does.
    fn fork_refused(&mut self, processes: &[Process], time: Millis) -> bool {
        let Some(maximum) = self.limits.pids_max else {
            return false;
        };
        let new = processes
            .iter()
            .filter(|process| self.task.processes.get(process.pid).is_none())
            .count() as u64;
        let current = self.live_pids(time);
        if new == 0 || current + new <= maximum {
            return false;
        }
        self.task.usage.pids_events_max += 1;
        self.enforcements.push(Enforcement::ForkRefused {
            at: time,
            pid: self.shell_pid,
            refused: 1,
        });
        true
    }

    /// Returns `cgroup.procs`: the PIDs of the container's live processes,
    /// as its PID namespace numbers them, in ascending order.
    fn cgroup_procs(&self) -> String {
        let time = self.context.now + self.offset;
        let mut pids: Vec<u32> = self
            .task
            .processes
            .alive(time)
            .iter()
            .map(|process| process.pid)
            .collect();
        pids.shared_sort();
        pids.iter().map(|pid| format!("{pid}\n")).collect()
    }

    /// Returns a PID pair for a new process.
    fn new_pids(&mut self) -> (u32, u32) {
        let host_pid = self.host_pids.allocate();
        let pid = if self.context.host_pid_namespace {
            host_pid
        } else {
            self.task.processes.next_pid()
        };
        (pid, host_pid)
    }

    /// Creates a child process of the shell.
    fn child(&mut self, command: &str, start: Millis, load: Load) -> Process {
        let (pid, host_pid) = self.new_pids();
        let mut process = Process::new(pid, host_pid, command, start);
        process.ppid = self.shell_pid;
        process.uid = self.uid;
        process.user = self.user.clone();
        process.tty = self.tty.clone();
        process.load = load;
        process
    }

    /// Builds the processes a workload runs as, and the PIDs whose fate
    /// decides the outcome.
    fn workload_processes(
        &mut self,
        request: &WorkloadRequest,
        start: Millis,
    ) -> (Vec<Process>, Vec<u32>) {
        let own = self.exec_form && !request.background;
        let own_pid = self.shell_pid;
        let command = request.command.as_str();
        match &request.workload {
            Workload::Stress {
                cpu,
                vm,
                vm_bytes,
                timeout_millis,
            } => {
                let mut processes = Vec::new();
                let parent_pid = if own {
                    own_pid
                } else {
                    let parent = self.child(command, start, Load::IDLE);
                    let pid = parent.pid;
                    processes.push(parent);
                    pid
                };
                let mut watched = Vec::new();
                // A forked worker keeps its parent's command line.
                let name = command.to_string();
                for _ in 0..(*cpu).min(64) {
                    let mut worker = self.child(&name, start, Load::cpu(1.0));
                    worker.ppid = parent_pid;
                    watched.push(worker.pid);
                    processes.push(worker);
                }
                for _ in 0..(*vm).min(64) {
                    let growth = Growth {
                        target: Some(*vm_bytes),
                        bytes_per_second: HOG_BYTES_PER_SECOND,
                    };
                    let mut worker = self.child(
                        &name,
                        start,
                        Load {
                            cpus: 1.0,
                            growth: Some(growth),
                            fork_bomb: false,
                        },
                    );
                    worker.ppid = parent_pid;
                    watched.push(worker.pid);
                    processes.push(worker);
                }
                if let Some(timeout) = timeout_millis {
                    for process in &mut processes {
                        process.ends = Some(start + timeout);
                    }
                }
                if own {
                    watched.push(own_pid);
                }
                (processes, watched)
            }
            other => {
                let (load, ends) = simple_load(other);
                if own {
                    if let Some(process) = self.task.processes.get_mut(own_pid) {
                        process.load = load;
                        if let Some(length) = ends {
                            process.ends = Some(start + length);
                        }
                    }
                    return (Vec::new(), vec![own_pid]);
                }
                let mut process = self.child(command, start, load);
                process.ends = ends.map(|length| start + length);
                let watched = vec![process.pid];
                (vec![process], watched)
            }
        }
    }

    /// Adds processes to the table.
    fn register(&mut self, processes: Vec<Process>) {
        for process in processes {
            self.task.processes.insert(process);
        }
    }
}

/// Returns the load of a workload other than `stress`, and how long it
/// lasts when it ends on its own.
fn simple_load(workload: &Workload) -> (Load, Option<Millis>) {
    match workload {
        Workload::Sleep { millis } => (Load::IDLE, *millis),
        Workload::Yes | Workload::Spin => (Load::cpu(1.0), None),
        Workload::ForkBomb => (
            Load {
                cpus: 1.0,
                growth: None,
                fork_bomb: true,
            },
            None,
        ),
        Workload::Allocate { bytes: Some(bytes) } => {
            let growth = Growth {
                target: Some(*bytes),
                bytes_per_second: HOG_BYTES_PER_SECOND,
            };
            let millis = bytes.saturating_mul(1000) / HOG_BYTES_PER_SECOND + 20;
            (
                Load {
                    cpus: 1.0,
                    growth: Some(growth),
                    fork_bomb: false,
                },
                Some(millis),
            )
        }
        Workload::Allocate { bytes: None } => {
            let growth = Growth {
                target: None,
                bytes_per_second: LOOP_BYTES_PER_SECOND,
            };
            (
                Load {
                    cpus: 1.0,
                    growth: Some(growth),
                    fork_bomb: false,
                },
                None,
            )
        }
        Workload::Stress { .. } => (Load::IDLE, None),
    }
}

impl System for ContainerSystem<'_> {
    fn hostname(&self) -> String {
        self.context.hostname.clone()
    }

    fn now(&self) -> Millis {
        self.context.now
    }

    fn kernel(&self) -> Kernel {
        self.context.kernel.clone()
    }

    fn cpus(&self) -> u32 {
        self.limits.usable_cpus(self.context.resources.cpus)
    }

    fn processes(&self) -> Vec<ShellProcess> {
        let time = self.context.now + self.offset;
        let mut processes: Vec<ShellProcess> = self.context.foreign_processes.clone();
        processes.extend(
            self.task
                .processes
                .alive(time)
                .into_iter()
                .map(|process| shell_process(process, time)),
        );
        processes.shared_sort_by_key(|process| process.pid);
        processes
    }

    fn interfaces(&self) -> Vec<Interface> {
        self.context.interfaces.clone()
    }

    fn routes(&self) -> Vec<Route> {
        self.context.routes.clone()
    }

    fn mounts(&self) -> Vec<Mount> {
        self.context.mounts.clone()
    }

    fn memory(&self) -> Memory {
        self.context.memory
    }

    fn uptime_millis(&self) -> u64 {
        self.context.now + self.offset - super::HOST_BOOT
    }

    fn read_kernel_file(&self, path: &str) -> Option<String> {
        let path = path.trim_end_matches('/');
        if let Some(name) = self.cgroup_file_name(path) {
            if name == "cgroup.procs" {
                return Some(self.cgroup_procs());
            }
            // The tasks alive now, this command's own processes included.
            let mut usage = self.task.usage;
            usage.pids_current = self.live_pids(self.context.now + self.offset);
            usage.pids_peak = usage.pids_peak.max(usage.pids_current);
            return cgroup::file(&self.limits, &usage, name, self.context.resources.cpus);
        }
        if let Some(rest) = path.strip_prefix("/proc/") {
            if let Some((_, "cgroup")) = rest.split_once('/') {
                return Some(format!("0::{}\n", self.context.cgroup_view));
            }
        }
        kernel_file(self, path)
    }

    fn start_workload(&mut self, request: &WorkloadRequest) -> WorkloadOutcome {
        let start = self.context.now + self.offset;
        let (processes, watched) = self.workload_processes(request, start);
        if self.fork_refused(&processes, start) {
            return WorkloadOutcome::ForkFailed { millis: 0 };
        }
        if request.background {
            self.register(processes);
            return WorkloadOutcome::Finished { millis: 0 };
        }
        let (fate, predicted) = resources::predict(
            self.task,
            &self.limits,
            &self.resources(),
            start,
            processes.clone(),
            &watched,
        );
        let holds_terminal = match fate {
            Fate::Endless => true,
            Fate::Killed { after, main: false } => after >= FOREGROUND_KILL_MILLIS,
            _ => false,
        };
        if self.runner == Runner::Shell && holds_terminal {
            // The workload keeps the terminal and loads the cgroup as time
            // passes, until `^C` or the kernel ends it.
            let pids = processes
                .iter()
                .map(|process| process.pid)
                .chain(watched)
                .collect();
            self.register(processes);
            self.task.foreground.insert(self.shell_pid, pids);
            return WorkloadOutcome::Foreground;
        }
        match fate {
            Fate::Finished(millis) => {
                self.register(processes);
                self.offset += millis;
                WorkloadOutcome::Finished { millis }
            }
            Fate::Killed { after, main } => {
                self.adopt(predicted, &watched, start + after);
                self.offset += after;
                match main {
                    true => WorkloadOutcome::ContainerKilled {
                        millis: after,
                        signal: 9,
                    },
                    false => WorkloadOutcome::Killed {
                        millis: after,
                        signal: 9,
                    },
                }
            }
            Fate::ForkFailed { after } => {
                self.adopt(predicted, &watched, start + after);
                self.offset += after;
                WorkloadOutcome::ForkFailed { millis: after }
            }
            Fate::Endless if self.runner != Runner::Main && self.runner != Runner::Detached => {
                WorkloadOutcome::Endless
            }
            Fate::Endless => {
                self.register(processes);
                self.blocked = true;
                WorkloadOutcome::Running
            }
        }
    }

    fn resolve_host(&self, name: &str) -> Option<String> {
        self.context.dns.get(name.trim_end_matches('.')).cloned()
    }
}

impl ContainerSystem<'_> {
    /// Returns the name of a file of the container's cgroup directory, as
    /// `/sys/fs/cgroup` shows it in the container's cgroup namespace (or
    /// under its full path in the host's).
    fn cgroup_file_name<'p>(&self, path: &'p str) -> Option<&'p str> {
        let directory = format!("/sys/fs/cgroup{}", self.context.cgroup_view);
        let name = path
            .strip_prefix(directory.trim_end_matches('/'))?
            .strip_prefix('/')?;
        (!name.contains('/')).then_some(name)
    }

    /// Takes the predicted state after a kill or a refused fork: the
    /// counters and events up to then, the workload's processes ended.
    fn adopt(&mut self, predicted: Task, watched: &[u32], at: Millis) {
        let enforcements = predicted.enforcements.clone();
        *self.task = predicted;
        for process in self.task.processes.iter_mut() {
            let ours = watched.contains(&process.pid) || watched.contains(&process.ppid);
            if ours && process.origin != Origin::Main && process.ends.is_none_or(|end| end > at) {
                process.ends = Some(at);
            }
        }
        self.task.enforcements.clear();
        self.enforcements.extend(enforcements);
    }
}

/// Converts a process for the shell's `ps`.
pub fn shell_process(process: &Process, time: Millis) -> ShellProcess {
    let running = process.load.cpus > 0.0 && process.alive_at(time);
    ShellProcess {
        pid: process.pid,
        ppid: process.ppid,
        user: process.user.clone(),
        command: process.command.clone(),
        state: if running { 'R' } else { 'S' },
        rss_kib: process.memory() / 1024,
        vsz_kib: process.memory() / 1024 * 2 + 1_024,
        cpu_millis: process.cpu_usec / 1000,
        started: process.started,
        tty: process.tty.clone(),
    }
}

/// The host as the host shell's `ps`, `ip` and `free` see it.
pub struct HostSystem<'a> {
    pub context: &'a Context,
    /// The tool's own process, which the host's list gains while it runs.
    pub own: Option<ShellProcess>,
}

impl System for HostSystem<'_> {
    fn hostname(&self) -> String {
        self.context.hostname.clone()
    }

    fn now(&self) -> Millis {
        self.context.now
    }

    fn kernel(&self) -> Kernel {
        self.context.kernel.clone()
    }

    fn cpus(&self) -> u32 {
        self.context.resources.cpus
    }

    fn processes(&self) -> Vec<ShellProcess> {
        let mut processes = self.context.foreign_processes.clone();
        processes.extend(self.own.clone());
        processes
    }

    fn interfaces(&self) -> Vec<Interface> {
        self.context.interfaces.clone()
    }

    fn routes(&self) -> Vec<Route> {
        self.context.routes.clone()
    }

    fn mounts(&self) -> Vec<Mount> {
        self.context.mounts.clone()
    }

    fn memory(&self) -> Memory {
        self.context.memory
    }

    fn uptime_millis(&self) -> u64 {
        self.context.now - super::HOST_BOOT
    }

    fn read_kernel_file(&self, path: &str) -> Option<String> {
        kernel_file(self, path)
    }

    fn start_workload(&mut self, request: &WorkloadRequest) -> WorkloadOutcome {
        match request.workload {
            Workload::Sleep {
                millis: Some(millis),
            } => WorkloadOutcome::Finished { millis },
            _ => WorkloadOutcome::Endless,
        }
    }
}
