//! A container's life after `create`: starting it, its process exiting,
//! the restart manager, `--rm`, and the passing of logical time.
//!
//! Time moves only when a command says so. Whatever a container's process
//! does later (a `sleep 5` ending, a restart after its back-off) waits as a
//! [`Pending`] step, and [`settle`] plays every step that falls due, in
//! time order, before the next command looks at the daemon.
//!
//! The restart manager follows moby 28's `restartmanager`: a back-off that
//! starts at 100 ms and doubles up to one minute, reset after a run of ten
//! seconds or more; `always` restarts every time, `unless-stopped` unless
//! the user stopped the container, `on-failure[:N]` after a non-zero exit
//! while fewer than N restarts happened.

use crate::clock::Millis;
use crate::cx::Cx;
use crate::events::{Change, Event, EventKind};
use crate::host::Host;
use crate::output::Stream;

use super::containers::{
    Container, Endpoint, MountKind, Pending, PortAllocation, RestartPolicyName, Status,
};
use super::runtime::{self, Program};
use super::signals::Signal;
use super::{ports, ApiError};
use crate::kernel::namespaces::{NamespaceKind, Sharing};
use crate::kernel::task;

/// The restart manager's first back-off.
const FIRST_BACKOFF: Millis = 100;
/// The restart manager's longest back-off.
const MAX_BACKOFF: Millis = 60_000;
/// A run at least this long resets the back-off.
const BACKOFF_RESET_RUN: Millis = 10_000;
/// Logical time a start takes from the daemon to the running process.
const START_LATENCY: Millis = 250;

/// What `POST /containers/{id}/start` did.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Started {
    /// The process runs.
    Started,
    /// It was running already (the API answers 304).
    AlreadyRunning,
}

/// Starts a container as moby's `containerStart` does.
pub fn start(host: &mut Host, cx: &mut Cx, name: &str) -> Result<Started, ApiError> {
    let container = host.daemon.containers.lookup(name)?;
    match container.state.status {
        Status::Paused => {
            return Err(ApiError::new(
                409,
                "cannot start a paused container, try unpause instead",
            ))
        }
        Status::Running | Status::Restarting => return Ok(Started::AlreadyRunning),
        Status::Removing => {
            return Err(ApiError::new(
                409,
                "container is marked for removal and cannot be started",
            ))
        }
        Status::Dead => return Err(ApiError::new(409, "cannot start a dead container")),
        Status::Created | Status::Exited => {}
    }
    let id = container.id.clone();
    if let Err(error) = start_process(host, cx, &id) {
        record_start_failure(host, &id, &error);
        return Err(error);
    }
    Ok(Started::Started)
}

/// Records a failed start in the container's state, as moby does: the
/// error text and the exit code 127, 126 or 128.
fn record_start_failure(host: &mut Host, id: &str, error: &ApiError) {
    if let Some(container) = host.daemon.containers.get_mut(id) {
        container.state.error = error.message.clone();
        container.state.exit_code = runtime::start_error_exit_code(&error.message);
    }
}

/// Joins networks, binds ports, mounts, and runs the process.
fn start_process(host: &mut Host, cx: &mut Cx, id: &str) -> Result<(), ApiError> {
    let container = host.daemon.containers.get(id).expect("looked up").clone();
    check_network_mode(host, &container)?;
    let endpoint_hint = container
        .networks
        .values()
        .next()
        .map(|attachment| {
            crate::digest::Digest::of(
                format!("endpoint {} {}", attachment.network_id, container.id).as_bytes(),
            )
            .hex()
        })
        .unwrap_or_default();
    let taken: Vec<PortAllocation> = host
        .daemon
        .containers
        .iter()
        .filter(|other| other.id != container.id)
        .flat_map(|other| other.ports.iter().cloned())
        .collect();
    let allocations = match container.host_config.network_mode.as_str() {
        "host" | "none" => Vec::new(),
        mode if mode.starts_with("container:") => Vec::new(),
        _ => ports::allocate(
            &container,
            &endpoint_hint,
            &taken,
            &mut host.daemon.port_cursors,
        )?,
    };
    prepare_bind_sources(host, &container);
    if let Some(error) = runtime::start_error(&container) {
        return Err(error);
    }
    let endpoints = join_networks(host, &container)?;
    if let Err(error) = check_ports_free(host, &container, &endpoint_hint, &endpoints, &allocations)
    {
        host.daemon.networks.disconnect_all(&container.id);
        return Err(error);
    }

    let host_name = host.name.clone();
    let container = host.daemon.containers.get_mut(id).expect("looked up");
    for endpoint in &endpoints {
        if let Some(attachment) = container.networks.get_mut(&endpoint.network) {
            attachment.endpoint = Some(endpoint.clone());
        }
    }
    container.ports = allocations;
    prepare_mounts(host, id);
    let created = match task::create(host, id, &endpoints, cx.now()) {
        Ok(created) => created,
        Err(error) => {
            host.daemon.networks.disconnect_all(id);
            if let Some(container) = host.daemon.containers.get_mut(id) {
                container.ports.clear();
                container.sandbox_id.clear();
                for attachment in container.networks.values_mut() {
                    attachment.endpoint = None;
                }
            }
            return Err(error);
        }
    };
    let container = host.daemon.containers.get_mut(id).expect("looked up");
    let sandbox_id = crate::digest::Digest::of(
        format!("sandbox {} {}", container.id, created.host_pid).as_bytes(),
    )
    .hex();
    container.sandbox_id = if endpoints.is_empty() {
        String::new()
    } else {
        sandbox_id
    };
    container.state.pid = created.host_pid;
    runtime::record_start(
        cx,
        &host_name,
        container,
        created.pid,
        created.host_pid,
        &created.namespaces,
    );
    record_network_changes(cx, &host_name, container, &endpoints);
    cx.advance(START_LATENCY);
    if let Some(task) = host
        .daemon
        .containers
        .get_mut(id)
        .and_then(|container| container.task.as_mut())
    {
        task.clock = cx.now();
    }
    runtime::main_process::start(host, cx, id, &created);
    Ok(())
}

/// Fails as docker-proxy does when another program on the host already
/// listens on a published port (the `port-allocated` fault).
fn check_ports_free(
    host: &Host,
    container: &Container,
    endpoint_id: &str,
    endpoints: &[Endpoint],
    allocations: &[PortAllocation],
) -> Result<(), ApiError> {
    if !host.has_fault(crate::faults::Fault::PortAllocated) {
        return Ok(());
    }
    let Some(allocation) = allocations
        .iter()
        .find(|allocation| allocation.host_port < ports::EPHEMERAL_START)
    else {
        return Ok(());
    };
    let address = endpoints
        .first()
        .map(|endpoint| endpoint.ip_address.as_str())
        .unwrap_or_default();
    let host_ip = if allocation.host_ip.is_empty() {
        "0.0.0.0"
    } else {
        allocation.host_ip.as_str()
    };
    Err(ApiError::new(
        500,
        format!(
            "failed to set up container networking: driver failed programming external connectivity on endpoint {} ({endpoint_id}): failed to bind host port for {host_ip}:{}:{address}:{}/{}: address already in use",
            container.name, allocation.host_port, allocation.container_port, allocation.protocol
        ),
    ))
}

/// Creates the mount points of the container's mounts in its writable
/// layer, and fills new volumes with the image's files at their mount
/// points.
fn prepare_mounts(host: &mut Host, id: &str) {
    let Host { fs, daemon, .. } = host;
    let Some(container) = daemon.containers.get_mut(id) else {
        return;
    };
    for mount in &container.mounts {
        if mount.kind == MountKind::Volume {
            let copy = !mount.mode.split(',').any(|option| option == "nocopy");
            crate::kernel::mounts::populate_volume(
                fs,
                &mount.source,
                &container.rootfs,
                &mount.destination,
                copy,
            );
        }
    }
    let destinations: Vec<String> = container
        .mounts
        .iter()
        .map(|mount| mount.destination.clone())
        .collect();
    for destination in destinations {
        if !container.rootfs.exists(&destination) {
            let _ = container.rootfs.mkdir_all(&destination);
        }
    }
}

/// Checks `--network container:NAME`: the other container must run.
fn check_network_mode(host: &Host, container: &Container) -> Result<(), ApiError> {
    let Some(other) = container
        .host_config
        .network_mode
        .strip_prefix("container:")
    else {
        return Ok(());
    };
    let other = host.daemon.containers.lookup(other).map_err(|error| {
        ApiError::new(
            error.status,
            format!("joining network namespace of container: {}", error.message),
        )
    })?;
    if !other.state.has_process() {
        let state = other.state.status.as_str();
        let message = format!(
            "cannot join network namespace of a non running container: container {} is {state}",
            other.name
        );
        return Err(ApiError::new(409, message));
    }
    Ok(())
}

/// Creates missing host directories of `-v` binds, as the daemon does
/// (a `--mount` bind source must exist, which `create` checked).
fn prepare_bind_sources(host: &mut Host, container: &Container) {
    for mount in container
        .mounts
        .iter()
        .filter(|mount| mount.kind == MountKind::Bind)
    {
        let from_binds = container
            .host_config
            .binds
            .iter()
            .any(|bind| bind.split(':').next() == Some(mount.source.as_str()));
        if from_binds && !host.fs.exists(&mount.source) {
            let _ = host.fs.mkdir_all(&mount.source);
        }
    }
}

/// Connects the container to its networks and returns the endpoints.
fn join_networks(host: &mut Host, container: &Container) -> Result<Vec<Endpoint>, ApiError> {
    let mut endpoints = Vec::new();
    for (name, attachment) in &container.networks {
        let endpoint = host.daemon.networks.connect(
            name,
            &container.id,
            &container.name,
            &attachment.aliases,
            None,
        );
        match endpoint {
            Ok(endpoint) => endpoints.push(endpoint),
            Err(error) => {
                host.daemon.networks.disconnect_all(&container.id);
                return Err(error);
            }
        }
    }
    Ok(endpoints)
}

fn record_network_changes(cx: &mut Cx, host: &str, container: &Container, endpoints: &[Endpoint]) {
    for endpoint in endpoints {
        cx.change(Change::NetworkConnected {
            host: host.to_string(),
            network: endpoint.network.clone(),
            container: container.id.clone(),
            address: endpoint.ip_address.clone(),
        });
    }
    for allocation in &container.ports {
        cx.change(Change::PortPublished {
            host: host.to_string(),
            container: container.id.clone(),
            host_port: format!("{}:{}", allocation.host_ip, allocation.host_port),
            container_port: allocation.key(),
        });
    }
}

/// Ends the container's process at `time` with `code`: the state, the
/// released ports and addresses, then the restart manager or `--rm`.
pub fn finish(
    host: &mut Host,
    cx: &mut Cx,
    id: &str,
    time: Millis,
    code: i32,
    lines: &[(Stream, String)],
) {
    let host_name = host.name.clone();
    let Some(container) = host.daemon.containers.get_mut(id) else {
        return;
    };
    for (stream, text) in lines {
        container.log(time, *stream, text.clone());
    }
    if code != Signal::KILL.exit_code() {
        if let Some(program) = container.program.clone() {
            runtime::apply_files(&mut container.rootfs, &runtime::exit_files(&program));
        }
    }
    let started = container.state.started_at.unwrap_or(time);
    let host_pid = container.state.pid;
    container.logs.retain(|line| line.time <= time);
    let oom_killed = container.task.take().is_some_and(|task| task.oom_killed);
    for exec in container.execs.iter_mut().filter(|exec| exec.running) {
        exec.running = false;
        exec.exit_code = Some(Signal::KILL.exit_code());
    }
    container.state.status = Status::Exited;
    container.state.exit_code = code;
    container.state.oom_killed = oom_killed;
    container.state.pid = 0;
    container.state.finished_at = Some(time);
    container.pending = None;
    container.paused_remaining = None;
    container.ports.clear();
    container.sandbox_id.clear();
    for attachment in container.networks.values_mut() {
        attachment.endpoint = None;
    }
    push_at(
        cx,
        time,
        Change::ProcessExited {
            host: host_name.clone(),
            container: id.to_string(),
            host_pid,
            status: code,
        },
    );
    push_at(
        cx,
        time,
        Change::ContainerExited {
            host: host_name.clone(),
            id: id.to_string(),
            exit_code: code,
            oom_killed,
        },
    );
    host.daemon.networks.disconnect_all(id);
    for member in pid_namespace_members(host, id) {
        finish(host, cx, &member, time, Signal::KILL.exit_code(), &[]);
    }

    if let Some(delay) = restart_delay(
        host.daemon.containers.get(id).expect("present"),
        time - started,
    ) {
        let container = host.daemon.containers.get_mut(id).expect("present");
        container.restart_delay = delay;
        container.restart_count += 1;
        container.state.status = Status::Restarting;
        container.pending = Some(Pending::Restart { at: time + delay });
        return;
    }
    if host
        .daemon
        .containers
        .get(id)
        .is_some_and(|container| container.host_config.auto_remove)
    {
        remove_now(host, cx, id, time, RemoveVolumes::Anonymous);
    }
}

/// Returns the running containers that joined the PID namespace of
/// container `id`. When a PID namespace's init process ends, the kernel
/// kills every other process in it, so they end with it.
fn pid_namespace_members(host: &Host, id: &str) -> Vec<String> {
    host.daemon
        .containers
        .iter()
        .filter(|container| container.id != id)
        .filter(|container| {
            container.task.as_ref().is_some_and(|task| {
                task.namespaces.iter().any(|namespace| {
                    namespace.kind == NamespaceKind::Pid
                        && namespace.sharing == Sharing::Container(id.to_string())
                })
            })
        })
        .map(|container| container.id.clone())
        .collect()
}

/// Returns the back-off before the restart manager starts the container
/// again, or `None` when it leaves it stopped.
fn restart_delay(container: &Container, ran_for: Millis) -> Option<Millis> {
    let policy = container.host_config.restart_policy;
    if container.state.exit_on_next {
        return None;
    }
    let restart = match policy.name {
        RestartPolicyName::No => false,
        RestartPolicyName::Always => true,
        RestartPolicyName::UnlessStopped => !container.state.manually_stopped,
        RestartPolicyName::OnFailure => {
            let under_limit = policy.maximum_retry_count == 0
                || i64::from(container.restart_count) < policy.maximum_retry_count;
            container.state.exit_code != 0 && under_limit
        }
    };
    if !restart {
        return None;
    }
    let previous = if ran_for >= BACKOFF_RESET_RUN {
        0
    } else {
        container.restart_delay
    };
    let delay = if previous == 0 {
        FIRST_BACKOFF
    } else {
        (previous * 2).min(MAX_BACKOFF)
    };
    Some(delay)
}

/// Which volumes a removal takes along.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RemoveVolumes {
    /// Leave every volume (`docker rm`).
    None,
    /// Remove the container's anonymous volumes (`docker rm -v`, `--rm`).
    Anonymous,
}

/// Removes a stopped container at `time`: its name, its writable layer,
/// and with [`RemoveVolumes::Anonymous`] its anonymous volumes that no
/// other container uses.
pub fn remove_now(host: &mut Host, cx: &mut Cx, id: &str, time: Millis, volumes: RemoveVolumes) {
    let host_name = host.name.clone();
    let Some(container) = host.daemon.containers.remove(id) else {
        return;
    };
    host.daemon.networks.disconnect_all(id);
    push_at(
        cx,
        time,
        Change::ContainerRemoved {
            host: host_name.clone(),
            id: id.to_string(),
        },
    );
    if volumes == RemoveVolumes::Anonymous {
        for mount in container
            .mounts
            .iter()
            .filter(|mount| mount.kind == MountKind::Volume && mount.anonymous)
        {
            let users = volume_users(host, &mount.source);
            if users.is_empty() && host.daemon.volumes.remove(&mount.source, &users).is_ok() {
                crate::kernel::mounts::remove_volume_files(&mut host.fs, &mount.source);
                push_at(
                    cx,
                    time,
                    Change::VolumeRemoved {
                        host: host_name.clone(),
                        name: mount.source.clone(),
                    },
                );
            }
        }
    }
    host.daemon.containers.bury(container);
}

/// Returns the IDs of the containers that mount a volume.
pub fn volume_users(host: &Host, name: &str) -> Vec<String> {
    host.daemon
        .containers
        .iter()
        .filter(|container| {
            container
                .mounts
                .iter()
                .any(|mount| mount.kind == MountKind::Volume && mount.source == name)
        })
        .map(|container| container.id.clone())
        .collect()
}

/// Plays every pending step due at or before `until`, in time order, with
/// the kernel's resource simulation run up to each step: a main process
/// the OOM killer kills ends its container where it happens.
pub fn settle(host: &mut Host, cx: &mut Cx, until: Millis) {
    loop {
        let next = next_due(host, until);
        let horizon = next.as_ref().map_or(until, |(_, due)| *due);
        if let Some((id, at)) = advance_kernel(host, cx, horizon) {
            finish(host, cx, &id, at, Signal::KILL.exit_code(), &[]);
            continue;
        }
        let Some((id, due)) = next else { break };
        let pending = host
            .daemon
            .containers
            .get_mut(&id)
            .and_then(|container| container.pending.take());
        match pending {
            Some(Pending::Exit { code, lines, .. }) => finish(host, cx, &id, due, code, &lines),
            Some(Pending::Restart { .. }) => restart_now(host, cx, &id, due),
            None => {}
        }
    }
}

/// Runs the resource simulation of the host's running containers up to
/// `until` and records what the kernel enforced. Returns the first
/// container whose main process the OOM killer killed, with the time.
fn advance_kernel(host: &mut Host, cx: &mut Cx, until: Millis) -> Option<(String, Millis)> {
    let enforced = task::advance_all(host, until);
    let host_name = host.name.clone();
    let mut first_kill: Option<(String, Millis)> = None;
    for (id, enforcement) in enforced {
        let Some(container) = host.daemon.containers.get(&id) else {
            continue;
        };
        let limits = task::limits(container);
        if let crate::kernel::resources::Enforcement::OomKill { at, main: true, .. } = &enforcement
        {
            if first_kill.as_ref().is_none_or(|(_, first)| at < first) {
                first_kill = Some((id.clone(), *at));
            }
        }
        task::record(
            cx,
            &host_name,
            &id,
            &limits,
            std::slice::from_ref(&enforcement),
        );
    }
    first_kill
}

/// Returns the container whose pending step comes first, if due by `until`.
fn next_due(host: &Host, until: Millis) -> Option<(String, Millis)> {
    host.daemon
        .containers
        .iter()
        .filter(|container| container.state.status != Status::Paused)
        .filter_map(|container| {
            container
                .pending
                .as_ref()
                .map(|pending| (container.id.clone(), pending.at()))
        })
        .filter(|(_, at)| *at <= until)
        .min_by_key(|(_, at)| *at)
}

/// Returns when the container's next pending step falls due.
pub fn next_step(container: &Container) -> Option<Millis> {
    if container.state.status == Status::Paused {
        return None;
    }
    container.pending.as_ref().map(Pending::at)
}

/// Starts a restarting container again, as the restart manager does.
fn restart_now(host: &mut Host, cx: &mut Cx, id: &str, time: Millis) {
    let mut step = Cx::new(time);
    let result = start_process(host, &mut step, id);
    let end = step.now();
    cx.events.extend(step.events);
    if let Err(error) = result {
        record_start_failure(host, id, &error);
        let code = runtime::start_error_exit_code(&error.message);
        finish(host, cx, id, end, code, &[]);
    }
}

/// Records a change stamped with an earlier logical time than the line's.
pub fn push_at(cx: &mut Cx, time: Millis, change: Change) {
    cx.events.push(Event {
        time,
        kind: EventKind::Change(change),
    });
}

/// Returns the container's program, resolving it for a container that
/// never ran.
pub fn program_of(container: &Container) -> Program {
    container
        .program
        .clone()
        .unwrap_or_else(|| runtime::resolve(container))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::daemon::containers::{RestartPolicy, State};

    fn container_with(
        policy: RestartPolicyName,
        retries: i64,
        exit_code: i32,
        restarts: u32,
    ) -> Container {
        let mut container = test_container();
        container.host_config.restart_policy = RestartPolicy {
            name: policy,
            maximum_retry_count: retries,
        };
        container.state = State {
            exit_code,
            ..State::default()
        };
        container.restart_count = restarts;
        container
    }

    fn test_container() -> Container {
        Container::for_tests()
    }

    #[test]
    fn restart_policies_decide_as_moby_does() {
        let cases: &[(RestartPolicyName, i64, i32, u32, bool)] = &[
            (RestartPolicyName::No, 0, 1, 0, false),
            (RestartPolicyName::Always, 0, 0, 0, true),
            (RestartPolicyName::UnlessStopped, 0, 0, 5, true),
            (RestartPolicyName::OnFailure, 0, 0, 0, false),
            (RestartPolicyName::OnFailure, 0, 3, 9, true),
            (RestartPolicyName::OnFailure, 2, 3, 1, true),
            (RestartPolicyName::OnFailure, 2, 3, 2, false),
        ];
        for (policy, retries, exit_code, restarts, expected) in cases {
            let container = container_with(*policy, *retries, *exit_code, *restarts);
            assert_eq!(
                restart_delay(&container, 0).is_some(),
                *expected,
                "{policy:?}:{retries} exit {exit_code} after {restarts}"
            );
        }
    }

    #[test]
    fn stop_signal_prevents_restart() {
        let mut container = container_with(RestartPolicyName::Always, 0, 0, 0);
        container.state.exit_on_next = true;
        assert_eq!(restart_delay(&container, 0), None);
        let mut container = container_with(RestartPolicyName::UnlessStopped, 0, 0, 0);
        container.state.manually_stopped = true;
        assert_eq!(restart_delay(&container, 0), None);
        let mut container = container_with(RestartPolicyName::Always, 0, 0, 0);
        container.state.manually_stopped = true;
        assert_eq!(restart_delay(&container, 0), Some(100));
    }

    #[test]
    fn backoff_doubles_and_resets() {
        let mut container = container_with(RestartPolicyName::Always, 0, 0, 0);
        assert_eq!(restart_delay(&container, 5), Some(100));
        container.restart_delay = 100;
        assert_eq!(restart_delay(&container, 5), Some(200));
        container.restart_delay = 40_000;
        assert_eq!(restart_delay(&container, 5), Some(60_000));
        assert_eq!(restart_delay(&container, 10_000), Some(100));
    }
}
