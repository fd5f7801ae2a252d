//! What a command running in a container or on the host can see of the
//! machine, gathered before the command runs: host name, processes of the
//! PID namespace that are not the container's own, interfaces, routes,
//! mounts, memory, name resolution, and the files Docker and the kernel
//! show at fixed places (`/etc/hosts`, `/proc`, `/sys/fs/cgroup`).

use shared_sort::{SharedSort, SortedMap};

use super::mounts::{self, Pseudo};
use super::namespaces::{NamespaceKind, Namespaces};
use super::network::{self, Veth};
use super::resources::HostResources;
use super::system::shell_process;
use super::{cgroup, DAEMON_START, HOST_BOOT, KERNEL_RELEASE, KERNEL_VERSION};
use crate::clock::Millis;
use crate::daemon::containers::Container;
use crate::daemon::inspect::layer_directory;
use crate::fs::Entry;
use crate::host::Host;
use crate::sh::{Interface, Kernel, Memory, Mount, Process as ShellProcess, Route};

/// The memory the host's own processes use, in KiB (an estimate for a
/// desktop session).
const HOST_USED_KIB: u64 = 1_650_000;
/// The host's page cache and buffers, in KiB (an estimate).
const HOST_CACHE_KIB: u64 = 1_689_004;
/// The host PID of `dockerd`.
pub const DOCKERD_PID: u32 = 1_022;
/// The host PID of the user's login shell, the terminal's host shell.
pub const USER_SHELL_PID: u32 = 2_231;

/// The parts of the machine a command can see.
#[derive(Clone, Debug)]
pub struct Context {
    pub hostname: String,
    /// When the command starts.
    pub now: Millis,
    pub kernel: Kernel,
    pub resources: HostResources,
    pub memory: Memory,
    /// Processes of the PID namespace that are not the container's own:
    /// the host's for `--pid=host` and for the host itself.
    pub foreign_processes: Vec<ShellProcess>,
    /// Whether the container uses the host's PID namespace.
    pub host_pid_namespace: bool,
    pub interfaces: Vec<Interface>,
    pub routes: Vec<Route>,
    pub mounts: Vec<Mount>,
    /// The cgroup path that `/sys/fs/cgroup` shows in the container: `/` in
    /// its own cgroup namespace, the full path in the host's.
    pub cgroup_view: String,
    /// Names the embedded DNS server answers, with their addresses.
    pub dns: SortedMap<String, String>,
    /// The files Docker and the kernel show.
    pub pseudo: Pseudo,
}

/// Returns the kernel the hosts run.
pub fn kernel(architecture: &str) -> Kernel {
    let machine = match architecture {
        "arm64" | "aarch64" => "aarch64",
        _ => "x86_64",
    };
    Kernel {
        release: KERNEL_RELEASE.to_string(),
        version: KERNEL_VERSION.to_string(),
        machine: machine.to_string(),
    }
}

/// Returns a host's CPUs, RAM and swap.
pub fn resources(host: &Host) -> HostResources {
    HostResources {
        cpus: host.cpus,
        memory: host.memory,
        swap: host.swap,
    }
}

/// Returns the memory totals `free` shows on the host and in its
/// containers: the host's, less what the containers use.
fn memory(host: &Host) -> Memory {
    let (used, swapped) = host
        .daemon
        .containers
        .iter()
        .filter_map(|container| container.task.as_ref())
        .fold((0, 0), |(used, swapped), task| {
            (
                used + task.usage.memory_current / 1024,
                swapped + task.usage.swap_current / 1024,
            )
        });
    let total = host.memory / 1024;
    let used = (HOST_USED_KIB + used).min(total);
    let cache = HOST_CACHE_KIB.min(total - used);
    let swap_total = host.swap / 1024;
    Memory {
        total_kib: total,
        free_kib: total - used - cache,
        available_kib: total - used - cache / 5,
        shared_kib: 4_312,
        buff_cache_kib: cache,
        swap_total_kib: swap_total,
        swap_free_kib: swap_total.saturating_sub(swapped),
    }
}

/// Returns the name a host shows for a user ID: its own users, else the
/// number.
fn host_user(uid: u32) -> String {
    match uid {
        0 => "root".to_string(),
        1000 => crate::host::HOST_USER.to_string(),
        other => other.to_string(),
    }
}

/// Builds one of the host's own processes.
fn host_process(
    pid: u32,
    ppid: u32,
    uid: u32,
    command: &str,
    started: Millis,
    tty: Option<&str>,
) -> ShellProcess {
    ShellProcess {
        pid,
        ppid,
        user: host_user(uid),
        command: command.to_string(),
        state: 'S',
        rss_kib: super::processes::base_rss(command) / 1024,
        vsz_kib: super::processes::base_rss(command) / 512 + 1_024,
        cpu_millis: 0,
        started,
        tty: tty.map(str::to_string),
    }
}

/// Returns every process on the host as its own PID namespace shows them:
/// init and the services, `containerd` and `dockerd`, the user's shell,
/// then for each running container its shim, its processes under their
/// host PIDs, and a `docker-proxy` per published port.
pub fn host_processes(host: &Host, now: Millis) -> Vec<ShellProcess> {
    let mut processes = vec![
        host_process(1, 0, 0, "/sbin/init", HOST_BOOT, None),
        host_process(
            402,
            1,
            0,
            "/usr/lib/systemd/systemd-journald",
            HOST_BOOT,
            None,
        ),
        host_process(815, 1, 0, "/usr/bin/containerd", DAEMON_START, None),
        host_process(
            DOCKERD_PID,
            1,
            0,
            "/usr/bin/dockerd -H fd:// --containerd=/run/containerd/containerd.sock",
            DAEMON_START,
            None,
        ),
        host_process(
            2_210,
            1,
            1000,
            "/usr/lib/systemd/systemd --user",
            HOST_BOOT,
            None,
        ),
        host_process(
            USER_SHELL_PID,
            2_210,
            1000,
            "-bash",
            HOST_BOOT,
            Some("pts/0"),
        ),
    ];
    for container in host.daemon.containers.iter() {
        let Some(task) = container.task.as_ref() else {
            continue;
        };
        processes.push(host_process(
            task.shim_pid,
            1,
            0,
            &format!("/usr/bin/containerd-shim-runc-v2 -namespace moby -id {} -address /run/containerd/containerd.sock", container.id),
            container.state.started_at.unwrap_or(now),
            None,
        ));
        for process in task.processes.alive(now) {
            let mut seen = shell_process(process, now);
            seen.pid = process.host_pid;
            seen.ppid = match process.ppid {
                0 => task.shim_pid,
                parent => task
                    .processes
                    .get(parent)
                    .map_or(task.shim_pid, |parent| parent.host_pid),
            };
            seen.user = host_user(process.uid);
            processes.push(seen);
        }
        for (allocation, pid) in container.ports.iter().zip(&task.proxy_pids) {
            let address = container
                .networks
                .values()
                .find_map(|attachment| {
                    attachment
                        .endpoint
                        .as_ref()
                        .map(|endpoint| endpoint.ip_address.clone())
                })
                .unwrap_or_default();
            let command = format!(
                "/usr/bin/docker-proxy -proto {} -host-ip {} -host-port {} -container-ip {address} -container-port {} -use-listen-fd",
                allocation.protocol, allocation.host_ip, allocation.host_port, allocation.container_port
            );
            processes.push(host_process(
                *pid,
                DOCKERD_PID,
                0,
                &command,
                container.state.started_at.unwrap_or(now),
                None,
            ));
        }
    }
    processes.shared_sort_by_key(|process| process.pid);
    processes
}

/// Returns the host's veth ends of every running container.
fn host_veths(host: &Host) -> Vec<Veth> {
    host.daemon
        .containers
        .iter()
        .filter_map(|container| container.task.as_ref())
        .flat_map(|task| task.veths.iter().cloned())
        .collect()
}

impl Context {
    /// Gathers the parts of the machine a command on the host can see.
    pub fn for_host(host: &Host, now: Millis) -> Context {
        let bridges = network::host_bridges(&host.daemon.networks, &host.interfaces.bridges);
        Context {
            hostname: host.name.clone(),
            now,
            kernel: kernel(&host.architecture),
            resources: resources(host),
            memory: memory(host),
            foreign_processes: host_processes(host, now),
            host_pid_namespace: true,
            interfaces: network::host_interfaces(&bridges, &host_veths(host)),
            routes: network::host_routes(&bridges),
            mounts: Vec::new(),
            cgroup_view: "/".to_string(),
            dns: SortedMap::new(),
            pseudo: Pseudo::default(),
        }
    }

    /// Gathers the parts of the machine a command in a running container can
    /// see. `shell_pid` is the PID that `/proc/self` points to for the
    /// shell itself; a program the shell starts reads its own PID there
    /// (`Ctx::own_process`).
    // FIXME: only reading files under `/proc/self` and `readlink` see the
    // program's own PID; `ls -l /proc/self` from a program shows the shell's.
    pub fn for_container(
        host: &Host,
        container: &Container,
        now: Millis,
        shell_pid: u32,
    ) -> Context {
        let pid_inode = container
            .task
            .as_ref()
            .map(|task| task.namespaces.inode(NamespaceKind::Pid));
        let host_pid_namespace = container.host_config.pid_mode == "host"
            || pid_inode == Some(NamespaceKind::Pid.host_inode());
        let foreign_processes = if host_pid_namespace {
            let own: Vec<u32> = container
                .task
                .iter()
                .flat_map(|task| task.processes.iter().map(|process| process.host_pid))
                .collect();
            host_processes(host, now)
                .into_iter()
                .filter(|process| !own.contains(&process.pid))
                .collect()
        } else {
            // Every other container in the same PID namespace, however it
            // joined it (`--pid container:` of a container that joined).
            host.daemon
                .containers
                .iter()
                .filter(|other| other.id != container.id)
                .filter_map(|other| other.task.as_ref())
                .filter(|task| Some(task.namespaces.inode(NamespaceKind::Pid)) == pid_inode)
                .flat_map(|task| {
                    task.processes
                        .alive(now)
                        .into_iter()
                        .map(|process| shell_process(process, now))
                })
                .collect()
        };
        let (interfaces, routes) = container_network(host, container);
        let cgroup_view = match container.host_config.cgroupns_mode.as_str() {
            "host" => task_cgroup_path(&container.id),
            _ => "/".to_string(),
        };
        let mut context = Context {
            hostname: container.hostname.clone(),
            now,
            kernel: kernel(&host.architecture),
            resources: resources(host),
            memory: memory(host),
            foreign_processes,
            host_pid_namespace,
            interfaces,
            routes,
            mounts: mounts::mount_table(container, &lower_links(host, container)),
            cgroup_view,
            dns: dns_names(host, container),
            pseudo: Pseudo::default(),
        };
        context.pseudo = pseudo_files(host, container, &context, shell_pid);
        context
    }
}

/// Returns the cgroup of a container under the systemd driver.
pub fn task_cgroup_path(id: &str) -> String {
    format!("/system.slice/docker-{id}.scope")
}

/// Returns the interfaces and routes of the container's network namespace:
/// its own, the host's, or another container's.
fn container_network(host: &Host, container: &Container) -> (Vec<Interface>, Vec<Route>) {
    let mode = container.host_config.network_mode.as_str();
    if mode == "host" {
        let bridges = network::host_bridges(&host.daemon.networks, &host.interfaces.bridges);
        return (
            network::host_interfaces(&bridges, &host_veths(host)),
            network::host_routes(&bridges),
        );
    }
    let owner = mode
        .strip_prefix("container:")
        .and_then(|name| host.daemon.containers.lookup(name).ok())
        .unwrap_or(container);
    let veths: &[Veth] = owner
        .task
        .as_ref()
        .map_or(&[], |task| task.veths.as_slice());
    (
        network::container_interfaces(owner, veths),
        network::container_routes(owner, veths),
    )
}

/// Returns the short links of the overlay's lower directories, top first:
/// the `-init` layer, then the image's layers.
fn lower_links(host: &Host, container: &Container) -> Vec<String> {
    let own = mounts::container_directory(&container.id);
    let mut links = vec![mounts::short_link(&format!("{own}-init"))];
    if let Some(image) = host.daemon.images.get(&container.image_id) {
        links.extend(
            image
                .chain
                .iter()
                .rev()
                .map(|chain_id| mounts::short_link(&layer_directory(chain_id))),
        );
    }
    links
}

/// Returns the names the embedded DNS server resolves for the container:
/// names, aliases and short IDs of the containers on its user-defined
/// networks, also with the network's name as a domain.
fn dns_names(host: &Host, container: &Container) -> SortedMap<String, String> {
    let mut names = SortedMap::new();
    let owner = container
        .host_config
        .network_mode
        .strip_prefix("container:")
        .and_then(|name| host.daemon.containers.lookup(name).ok())
        .unwrap_or(container);
    for network_name in owner.networks.keys() {
        let Ok(network) = host.daemon.networks.lookup(network_name) else {
            continue;
        };
        if !network.has_dns() {
            continue;
        }
        for (id, endpoint) in &network.endpoints {
            let address = endpoint.endpoint.ip_address.clone();
            let mut keys = vec![
                endpoint.container_name.clone(),
                id.get(..12).unwrap_or(id).to_string(),
            ];
            keys.extend(endpoint.aliases.iter().cloned());
            for key in keys {
                names
                    .entry(format!("{key}.{}", network.name))
                    .or_insert_with(|| address.clone());
                names.entry(key).or_insert_with(|| address.clone());
            }
        }
    }
    names
}

/// Returns what Docker and the kernel show in the container: the name
/// resolution files, `/proc` with a directory per process and its
/// namespace links, and the cgroup directory's files.
fn pseudo_files(host: &Host, container: &Container, context: &Context, shell_pid: u32) -> Pseudo {
    let hosts = match container.host_config.network_mode.as_str() {
        "host" => format!(
            "127.0.0.1\tlocalhost\n127.0.1.1\t{}\n::1\tip6-localhost ip6-loopback\nfe00::0\tip6-localnet\nff00::0\tip6-mcastprefix\nff02::1\tip6-allnodes\nff02::2\tip6-allrouters\n",
            host.name
        ),
        _ => network::hosts_file(container),
    };
    let files = vec![
        ("/etc/hosts".to_string(), hosts),
        (
            "/etc/hostname".to_string(),
            format!("{}\n", container.hostname),
        ),
        (
            "/etc/resolv.conf".to_string(),
            network::resolv_conf(container, &host.daemon.networks),
        ),
    ];
    let namespaces = container
        .task
        .as_ref()
        .map(|task| task.namespaces.clone())
        .unwrap_or_else(Namespaces::host);
    let mut proc = Vec::new();
    let own: Vec<(u32, u32)> = container
        .task
        .iter()
        .flat_map(|task| {
            task.processes
                .alive(context.now)
                .into_iter()
                .map(|process| (process.pid, process.uid))
        })
        .collect();
    for (pid, uid) in &own {
        proc.extend(process_entries(*pid, *uid, &namespaces));
    }
    let host_namespaces = Namespaces::host();
    for process in &context.foreign_processes {
        proc.extend(process_entries(process.pid, 0, &host_namespaces));
    }
    proc.push(("self".to_string(), Entry::symlink(&shell_pid.to_string())));
    proc.push((
        "thread-self".to_string(),
        Entry::symlink(&format!("{shell_pid}/task/{shell_pid}")),
    ));
    for name in [
        "cgroups",
        "cmdline",
        "cpuinfo",
        "filesystems",
        "loadavg",
        "meminfo",
        "mounts",
        "stat",
        "uptime",
        "version",
    ] {
        proc.push((name.to_string(), Entry::text("", 0o444)));
    }
    proc.push(("sys".to_string(), Entry::directory(0o555)));
    proc.push(("sys/kernel".to_string(), Entry::directory(0o555)));
    proc.push(("sys/kernel/hostname".to_string(), Entry::text("", 0o644)));
    Pseudo {
        files,
        proc,
        cgroup_files: cgroup::FILES.iter().map(|name| name.to_string()).collect(),
    }
}

/// Returns the `/proc/PID` entries of one process.
fn process_entries(pid: u32, uid: u32, namespaces: &Namespaces) -> Vec<(String, Entry)> {
    let mut entries = vec![
        (
            pid.to_string(),
            Entry::directory(0o555).with_owner(uid, uid),
        ),
        (
            format!("{pid}/ns"),
            Entry::directory(0o511).with_owner(uid, uid),
        ),
    ];
    for (name, link) in namespaces.proc_links() {
        entries.push((
            format!("{pid}/ns/{name}"),
            Entry::symlink(&link).with_owner(uid, uid),
        ));
    }
    for name in ["cgroup", "cmdline", "comm", "environ", "mounts", "status"] {
        entries.push((
            format!("{pid}/{name}"),
            Entry::text("", 0o444).with_owner(uid, uid),
        ));
    }
    entries
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn host_shows_its_services() {
        let host = Host::new("laptop");
        let context = Context::for_host(&host, crate::clock::START);
        let commands: Vec<&str> = context
            .foreign_processes
            .iter()
            .map(|process| process.command.as_str())
            .collect();
        assert!(commands.contains(&"/sbin/init"));
        assert!(commands
            .iter()
            .any(|command| command.starts_with("/usr/bin/dockerd")));
        let names: Vec<&str> = context
            .interfaces
            .iter()
            .map(|interface| interface.name.as_str())
            .collect();
        assert_eq!(names, ["lo", "eth0", "docker0"]);
    }

    #[test]
    fn process_entries_link_namespaces() {
        let entries = process_entries(1, 0, &Namespaces::host());
        let pid = entries
            .iter()
            .find(|(name, _)| name == "1/ns/pid")
            .expect("pid link");
        assert_eq!(
            pid.1.kind,
            crate::fs::EntryKind::Symlink("pid:[4026531836]".to_string())
        );
    }
}
