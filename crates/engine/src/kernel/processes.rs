//! The processes of a container: PID 1 (the entrypoint or command), the
//! processes `docker exec` starts, and the children the main process or a
//! shell starts (`sleep`, `stress` workers, a fork bomb).
//!
//! Each process has a PID in the container's PID namespace and another on
//! the host. PID 1's parent is the `containerd-shim-runc-v2` process on the
//! host, outside the namespace, so `ps` inside shows PPID 0 for it and for
//! every `docker exec` process, while `docker top` shows the shim's host
//! PID. A process can carry a [`Load`], which the resource simulation
//! turns into CPU time, memory and PIDs use.

use crate::clock::Millis;
use shared_sort::SharedSort;

/// How a process grows its memory.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Growth {
    /// The bytes it stops at; `None` for a loop that never stops.
    pub target: Option<u64>,
    /// Bytes per second it allocates.
    pub bytes_per_second: u64,
}

/// What a process asks of the machine.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Load {
    /// CPUs it would use if nothing held it back (1.0 for a busy loop).
    pub cpus: f64,
    /// Its memory allocation, if it allocates.
    pub growth: Option<Growth>,
    /// Whether it is a fork bomb: its copies double until fork fails.
    pub fork_bomb: bool,
}

impl Load {
    /// A process that waits: no CPU, no growth.
    pub const IDLE: Load = Load {
        cpus: 0.0,
        growth: None,
        fork_bomb: false,
    };

    /// Returns a busy loop on `cpus` CPUs.
    pub fn cpu(cpus: f64) -> Load {
        Load { cpus, ..Load::IDLE }
    }

    /// Returns whether the load changes nothing over time.
    pub fn is_idle(&self) -> bool {
        self.cpus <= 0.0 && self.growth.is_none() && !self.fork_bomb
    }
}

/// How a process came to be.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Origin {
    /// The container's main process, PID 1 in its namespace.
    Main,
    /// A process `docker exec` started, with the exec instance's ID.
    Exec(String),
    /// A child of another process.
    Child,
}

/// One process.
#[derive(Clone, Debug, PartialEq)]
pub struct Process {
    /// The PID in the container's PID namespace.
    pub pid: u32,
    /// The PID on the host.
    pub host_pid: u32,
    /// The parent's PID in the namespace; 0 when the parent is outside it.
    pub ppid: u32,
    pub uid: u32,
    /// The user name inside the container, or the UID as text.
    pub user: String,
    /// The command line as `ps` shows it.
    pub command: String,
    /// The controlling terminal (`pts/0`), if any.
    pub tty: Option<String>,
    pub origin: Origin,
    /// When it starts; a process scheduled by a script may start later
    /// than the table learns of it.
    pub started: Millis,
    /// When it exits on its own, if it does.
    pub ends: Option<Millis>,
    /// When the kernel killed it, if it did.
    pub killed_at: Option<Millis>,
    pub load: Load,
    /// Resident memory of the program itself, in bytes.
    pub base_rss: u64,
    /// Memory it has allocated on top, in bytes.
    pub allocated: u64,
    /// CPU time used, in microseconds.
    pub cpu_usec: u64,
    /// How many processes the entry stands for (a fork bomb's copies).
    pub copies: u64,
}

impl Process {
    /// Creates an idle process.
    pub fn new(pid: u32, host_pid: u32, command: &str, started: Millis) -> Process {
        Process {
            pid,
            host_pid,
            ppid: 0,
            uid: 0,
            user: "root".to_string(),
            command: command.to_string(),
            tty: None,
            origin: Origin::Child,
            started,
            ends: None,
            killed_at: None,
            load: Load::IDLE,
            base_rss: base_rss(command),
            allocated: 0,
            cpu_usec: 0,
            copies: 1,
        }
    }

    /// Returns whether it runs at `time`.
    pub fn alive_at(&self, time: Millis) -> bool {
        self.started <= time
            && self.ends.is_none_or(|end| time < end)
            && self.killed_at.is_none_or(|end| time < end)
    }

    /// Returns the memory it holds, in bytes.
    pub fn memory(&self) -> u64 {
        (self.base_rss + self.allocated).saturating_mul(self.copies.max(1))
    }
}

/// Returns an estimate of a program's resident memory, in bytes, from the
/// sizes `ps` shows for these programs in the official images.
pub fn base_rss(command: &str) -> u64 {
    let program = command.split_whitespace().next().unwrap_or("");
    let name = program.rsplit('/').next().unwrap_or(program);
    let kib: u64 = match name {
        "bash" => 3_584,
        "sh" | "ash" | "dash" => 1_024,
        "sleep" | "tail" | "cat" | "yes" => 512,
        "stress" | "stress-ng" => 256,
        "nginx:" if command.contains("worker") => 1_536,
        "nginx:" | "nginx" => 5_632,
        "redis-server" => 10_240,
        "postgres" | "postgres:" => 24_576,
        "mysqld" => 360_448,
        "mongod" => 98_304,
        "node" => 40_960,
        "docker-init" | "tini" => 128,
        name if name.starts_with("python") => 9_216,
        _ => 2_048,
    };
    kib * 1024
}

/// The processes of one container and the PID counter of its namespace.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ProcessTable {
    processes: Vec<Process>,
    /// The last PID handed out in the namespace.
    last_pid: u32,
}

impl ProcessTable {
    /// Returns a PID of the namespace for a new process: 1, then counting
    /// up, as Linux does until `pid_max` wraps.
    pub fn next_pid(&mut self) -> u32 {
        self.last_pid += 1;
        self.last_pid
    }

    /// Moves the PID counter on, for PIDs used by processes the table does
    /// not keep (an entrypoint script's short-lived children).
    pub fn skip_pids(&mut self, count: u32) {
        self.last_pid = self.last_pid.saturating_add(count);
    }

    /// Returns the last PID handed out.
    pub fn last_pid(&self) -> u32 {
        self.last_pid
    }

    /// Moves the PID counter up to `pid` when it is behind, so the tables
    /// of containers that share a PID namespace hand out the same numbers.
    pub fn catch_up(&mut self, pid: u32) {
        self.last_pid = self.last_pid.max(pid);
    }

    /// Adds a process; the PID counter moves past its PID.
    pub fn insert(&mut self, process: Process) {
        self.last_pid = self.last_pid.max(process.pid);
        self.processes.push(process);
    }

    /// Iterates over the processes, including those that ended.
    pub fn iter(&self) -> impl Iterator<Item = &Process> {
        self.processes.iter()
    }

    /// Iterates over the processes for changes.
    pub fn iter_mut(&mut self) -> impl Iterator<Item = &mut Process> {
        self.processes.iter_mut()
    }

    /// Returns the processes alive at `time`, by PID.
    pub fn alive(&self, time: Millis) -> Vec<&Process> {
        let mut alive: Vec<&Process> = self
            .processes
            .iter()
            .filter(|process| process.alive_at(time))
            .collect();
        alive.shared_sort_by_key(|process| process.pid);
        alive
    }

    /// Returns the process with a PID of the namespace.
    pub fn get(&self, pid: u32) -> Option<&Process> {
        self.processes.iter().find(|process| process.pid == pid)
    }

    /// Returns the process with a PID of the namespace, for changes.
    pub fn get_mut(&mut self, pid: u32) -> Option<&mut Process> {
        self.processes.iter_mut().find(|process| process.pid == pid)
    }

    /// Returns the main process.
    pub fn main(&self) -> Option<&Process> {
        self.processes
            .iter()
            .find(|process| process.origin == Origin::Main)
    }

    /// Returns the main process for changes.
    pub fn main_mut(&mut self) -> Option<&mut Process> {
        self.processes
            .iter_mut()
            .find(|process| process.origin == Origin::Main)
    }

    /// Ends one process at `time`; its children live on, as orphans do.
    pub fn end_one(&mut self, pid: u32, time: Millis) {
        if let Some(process) = self.get_mut(pid) {
            if process.ends.is_none_or(|end| end > time) {
                process.ends = Some(time);
            }
        }
    }

    /// Ends a process and its children at `time`.
    pub fn end(&mut self, pid: u32, time: Millis) {
        let mut doomed = vec![pid];
        while let Some(parent) = doomed.pop() {
            for process in self
                .processes
                .iter_mut()
                .filter(|process| process.pid == parent || process.ppid == parent)
            {
                if process.ends.is_none_or(|end| end > time) && process.pid != 0 {
                    process.ends = Some(time);
                    if process.pid != parent {
                        doomed.push(process.pid);
                    }
                }
            }
        }
    }

    /// Drops processes that ended before `time`, keeping the main process.
    pub fn reap(&mut self, time: Millis) {
        self.processes.retain(|process| {
            process.origin == Origin::Main || process.started > time || process.alive_at(time)
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pids_count_up_from_one() {
        let mut table = ProcessTable::default();
        assert_eq!(table.next_pid(), 1);
        table.skip_pids(5);
        assert_eq!(table.next_pid(), 7);
    }

    #[test]
    fn ending_a_parent_ends_its_children() {
        let mut table = ProcessTable::default();
        let mut shell = Process::new(1, 4010, "sh -c sleep 100", 0);
        shell.origin = Origin::Main;
        table.insert(shell);
        let mut child = Process::new(7, 4017, "sleep 100", 10);
        child.ppid = 1;
        table.insert(child);
        table.insert(Process::new(9, 4020, "sh", 20));
        table.end(1, 50);
        let alive: Vec<u32> = table.alive(60).iter().map(|process| process.pid).collect();
        assert_eq!(alive, [9]);
        table.reap(60);
        assert_eq!(table.iter().count(), 2);
    }

    #[test]
    fn fork_bomb_copies_count_memory() {
        let mut bomb = Process::new(12, 4100, "bash", 0);
        bomb.copies = 4;
        assert_eq!(bomb.memory(), 4 * 3_584 * 1024);
    }
}
