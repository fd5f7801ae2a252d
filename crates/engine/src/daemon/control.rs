//! The daemon's side of `docker stop`, `kill`, `restart`, `pause`,
//! `unpause`, `rm` and `rename`, with moby 28's errors.
//!
//! `stop` sends the container's stop signal (its `STOPSIGNAL`, else
//! `SIGTERM`), waits up to the timeout (`-t`, else `--stop-timeout`, else
//! 10 s) and then sends `SIGKILL`. The logical clock moves by the time the
//! real daemon would take, so a process that ignores `SIGTERM` costs the
//! whole timeout and exits with 137. A timeout longer than a day counts
//! as no timeout (`-t -1`): the simulation does not play a day of restart
//! loops through in one step.

use crate::clock::Millis;
use crate::cx::Cx;
use crate::events::Change;
use crate::host::Host;
use crate::kernel::network::Veth;

use super::containers::{name_conflict, validate_name, Pending, Status};
use super::lifecycle::{self, RemoveVolumes};
use super::runtime::{self, Reaction};
use super::signals::Signal;
use super::ApiError;

/// The stop timeout when neither `-t` nor `--stop-timeout` sets one.
pub const DEFAULT_STOP_TIMEOUT: i64 = 10;
/// How long the kernel takes to deliver `SIGKILL` and the daemon to see the exit.
const KILL_LATENCY: Millis = 10;
/// The maximum timeout, in seconds, that the simulation waits out.
const MAX_SIMULATED_TIMEOUT: i64 = 24 * 60 * 60;

/// The outcome of a stop request.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Stopped {
    /// The container stopped.
    Stopped,
    /// It was not running (the API returns 304).
    NotRunning,
    /// The process ignores the signal and the timeout is infinite (`-t -1`):
    /// the daemon waits for ever, and so does the client.
    WaitsForever,
}

/// Stops a container as moby's `ContainerStop` does; errors after the
/// lookup read `cannot stop container: NAME: …`.
pub fn stop(
    host: &mut Host,
    cx: &mut Cx,
    name: &str,
    signal: Option<&str>,
    timeout: Option<i64>,
) -> Result<Stopped, ApiError> {
    lifecycle::settle(host, cx, cx.now());
    let container = host.daemon.containers.lookup(name)?;
    if !container.state.is_running() {
        return Ok(Stopped::NotRunning);
    }
    let id = container.id.clone();
    stop_running(host, cx, &id, signal, timeout).map_err(|error| {
        ApiError::new(
            error.status,
            format!("cannot stop container: {name}: {}", error.message),
        )
    })
}

/// Stops a running container: its stop signal, the timeout, then `SIGKILL`.
fn stop_running(
    host: &mut Host,
    cx: &mut Cx,
    id: &str,
    signal: Option<&str>,
    timeout: Option<i64>,
) -> Result<Stopped, ApiError> {
    let container = host.daemon.containers.get(id).expect("looked up");
    let signal = match signal {
        Some(text) if !text.is_empty() => Signal::parse(text)?,
        _ => stop_signal(&container.config.stop_signal),
    };
    let timeout = timeout
        .or(container.stop_timeout)
        .unwrap_or(DEFAULT_STOP_TIMEOUT);
    if container.state.status == Status::Restarting {
        cancel_restart(host, cx, id);
        return Ok(Stopped::Stopped);
    }
    mark_stopped(host, id, signal);
    deliver(host, cx, id, signal);

    if !(0..=MAX_SIMULATED_TIMEOUT).contains(&timeout) {
        return Ok(wait_without_deadline(host, cx, id));
    }
    let deadline = cx.now() + timeout as Millis * 1000;
    lifecycle::settle(host, cx, deadline);
    if let Some(finished) = exited_at(host, id) {
        advance_to(cx, finished);
        return Ok(Stopped::Stopped);
    }
    advance_to(cx, deadline);
    kill_now(host, cx, id);
    Ok(Stopped::Stopped)
}

/// Parses an image's `STOPSIGNAL`, `SIGTERM` when it has none or a bad one.
pub fn stop_signal(text: &str) -> Signal {
    if text.is_empty() {
        return Signal::TERM;
    }
    Signal::parse(text).unwrap_or(Signal::TERM)
}

/// Marks the container stopped by the user: moby sets
/// `HasBeenManuallyStopped`, and `ExitOnNext` for its stop signal or
/// `SIGKILL`.
fn mark_stopped(host: &mut Host, id: &str, signal: Signal) {
    let Some(container) = host.daemon.containers.get_mut(id) else {
        return;
    };
    container.state.manually_stopped = true;
    if signal == Signal::KILL || signal == stop_signal(&container.config.stop_signal) {
        container.state.exit_on_next = true;
    }
}

/// Sends a signal other than `SIGKILL`: a paused container is thawed for
/// its stop signal, and the process's reaction becomes its next exit when
/// it comes before the one already due.
fn deliver(host: &mut Host, cx: &mut Cx, id: &str, signal: Signal) {
    let host_name = host.name.clone();
    let now = cx.now();
    let Some(container) = host.daemon.containers.get_mut(id) else {
        return;
    };
    runtime::record_signal(cx, &host_name, container, signal);
    if container.state.status == Status::Paused {
        if !container.state.exit_on_next {
            return;
        }
        resume(container, now);
        cx.change(Change::ContainerUnpaused {
            host: host_name.clone(),
            id: id.to_string(),
        });
    }
    let program = lifecycle::program_of(container);
    if let Reaction::Exit { after, code, lines } = runtime::react(container, &program, signal, now)
    {
        let at = now + after;
        let earlier = match &container.pending {
            Some(Pending::Exit { at: due, .. }) => at < *due,
            _ => true,
        };
        if earlier {
            container.pending = Some(Pending::Exit { at, code, lines });
        }
    }
}

/// Waits for a process with no deadline: until its next exit if it has
/// one, for ever otherwise.
fn wait_without_deadline(host: &mut Host, cx: &mut Cx, id: &str) -> Stopped {
    let due = host
        .daemon
        .containers
        .get(id)
        .and_then(lifecycle::next_step);
    let Some(due) = due else {
        return Stopped::WaitsForever;
    };
    lifecycle::settle(host, cx, due);
    if let Some(finished) = exited_at(host, id) {
        advance_to(cx, finished);
    }
    Stopped::Stopped
}

/// Returns when the container's process ended, if it has.
fn exited_at(host: &Host, id: &str) -> Option<Millis> {
    match host.daemon.containers.get(id) {
        Some(container) if container.state.has_process() => None,
        Some(container) => container.state.finished_at,
        None => host
            .daemon
            .containers
            .removed(id)
            .and_then(|container| container.state.finished_at),
    }
}

fn advance_to(cx: &mut Cx, time: Millis) {
    if time > cx.now() {
        cx.advance(time - cx.now());
    }
}

/// Sends `SIGKILL` and records the exit (137).
fn kill_now(host: &mut Host, cx: &mut Cx, id: &str) {
    let host_name = host.name.clone();
    let Some(container) = host.daemon.containers.get_mut(id) else {
        return;
    };
    container.state.exit_on_next = true;
    container.state.manually_stopped = true;
    runtime::record_signal(cx, &host_name, container, Signal::KILL);
    cx.advance(KILL_LATENCY);
    lifecycle::finish(host, cx, id, cx.now(), Signal::KILL.exit_code(), &[]);
}

/// Cancels a pending restart: the container stays exited.
fn cancel_restart(host: &mut Host, cx: &mut Cx, id: &str) {
    let host_name = host.name.clone();
    let Some(container) = host.daemon.containers.get_mut(id) else {
        return;
    };
    container.pending = None;
    container.state.status = Status::Exited;
    container.state.manually_stopped = true;
    container.state.exit_on_next = true;
    cx.change(Change::ContainerExited {
        host: host_name,
        id: id.to_string(),
        exit_code: container.state.exit_code,
        oom_killed: false,
    });
}

/// Sends a signal as moby's `ContainerKill` does: `SIGKILL` (the default)
/// ends the process and waits for it; other signals return at once. The
/// API router words every error as `cannot kill container: NAME: …`.
pub fn kill(
    host: &mut Host,
    cx: &mut Cx,
    name: &str,
    signal: Option<&str>,
) -> Result<(), ApiError> {
    kill_unwrapped(host, cx, name, signal).map_err(|error| {
        ApiError::new(
            error.status,
            format!("cannot kill container: {name}: {}", error.message),
        )
    })
}

fn kill_unwrapped(
    host: &mut Host,
    cx: &mut Cx,
    name: &str,
    signal: Option<&str>,
) -> Result<(), ApiError> {
    lifecycle::settle(host, cx, cx.now());
    let signal = match signal {
        Some(text) if !text.is_empty() => Signal::parse(text)?,
        _ => Signal::KILL,
    };
    let container = host.daemon.containers.lookup(name)?;
    let id = container.id.clone();
    if !container.state.is_running() {
        return Err(ApiError::new(409, format!("container {id} is not running")));
    }
    if container.state.status == Status::Restarting {
        mark_stopped(host, &id, signal);
        if signal == Signal::KILL
            || host
                .daemon
                .containers
                .get(&id)
                .is_some_and(|container| container.state.exit_on_next)
        {
            cancel_restart(host, cx, &id);
        }
        return Ok(());
    }
    mark_stopped(host, &id, signal);
    if signal == Signal::KILL {
        kill_now(host, cx, &id);
        return Ok(());
    }
    deliver(host, cx, &id, signal);
    Ok(())
}

/// Pauses a running container (the cgroup freezer).
pub fn pause(host: &mut Host, cx: &mut Cx, name: &str) -> Result<(), ApiError> {
    lifecycle::settle(host, cx, cx.now());
    let host_name = host.name.clone();
    let now = cx.now();
    let container = host.daemon.containers.lookup_mut(name)?;
    match container.state.status {
        Status::Running => {}
        Status::Paused => {
            return Err(ApiError::new(
                409,
                format!("Container {} is already paused", container.id),
            ))
        }
        Status::Restarting => {
            return Err(ApiError::new(
                409,
                format!(
                    "Container {} is restarting, wait until the container is running",
                    container.id
                ),
            ))
        }
        _ => {
            return Err(ApiError::new(
                409,
                format!("container {} is not running", container.id),
            ))
        }
    }
    container.state.status = Status::Paused;
    container.paused_remaining = container
        .pending
        .as_ref()
        .map(|pending| pending.at().saturating_sub(now));
    cx.change(Change::ContainerPaused {
        host: host_name,
        id: container.id.clone(),
    });
    Ok(())
}

/// Thaws a paused container.
pub fn unpause(host: &mut Host, cx: &mut Cx, name: &str) -> Result<(), ApiError> {
    lifecycle::settle(host, cx, cx.now());
    let host_name = host.name.clone();
    let now = cx.now();
    let container = host.daemon.containers.lookup_mut(name)?;
    if container.state.status != Status::Paused {
        return Err(ApiError::new(
            409,
            format!("Container {} is not paused", container.id),
        ));
    }
    resume(container, now);
    cx.change(Change::ContainerUnpaused {
        host: host_name,
        id: container.id.clone(),
    });
    Ok(())
}

/// Sets a paused container running again, moving its pending exit on by
/// the time it spent frozen.
fn resume(container: &mut super::containers::Container, now: Millis) {
    container.state.status = Status::Running;
    if let (Some(remaining), Some(pending)) = (
        container.paused_remaining.take(),
        container.pending.as_mut(),
    ) {
        match pending {
            Pending::Exit { at, .. } | Pending::Restart { at } => *at = now + remaining,
        }
    }
}

/// Restarts a container as moby's `ContainerRestart` does: stops it if it
/// runs, then starts it; errors after the lookup read `Cannot restart
/// container NAME: …`.
pub fn restart(
    host: &mut Host,
    cx: &mut Cx,
    name: &str,
    signal: Option<&str>,
    timeout: Option<i64>,
) -> Result<(), ApiError> {
    lifecycle::settle(host, cx, cx.now());
    let container = host.daemon.containers.lookup(name)?;
    let id = container.id.clone();
    let running = container.state.is_running();
    let wrap = |error: ApiError| {
        ApiError::new(
            error.status,
            format!("Cannot restart container {name}: {}", error.message),
        )
    };
    if running
        && stop_running(host, cx, &id, signal, timeout).map_err(wrap)? == Stopped::WaitsForever
    {
        return Err(wrap(ApiError::new(500, "container did not stop")));
    }
    if !host
        .daemon
        .containers
        .iter()
        .any(|container| container.id == id)
    {
        return Err(wrap(ApiError::no_such_container(name)));
    }
    lifecycle::start(host, cx, &id).map(|_| ()).map_err(wrap)
}

/// Removes a container as moby 28's `ContainerRm` does.
pub fn remove(
    host: &mut Host,
    cx: &mut Cx,
    name: &str,
    force: bool,
    volumes: bool,
) -> Result<(), ApiError> {
    lifecycle::settle(host, cx, cx.now());
    let container = host.daemon.containers.lookup(name)?;
    let id = container.id.clone();
    if container.state.is_running() {
        if !force {
            let reason = match container.state.status {
                Status::Paused => "container is paused and must be unpaused first".to_string(),
                status => format!(
                    "container is {}: stop the container before removing or force remove",
                    status.as_str()
                ),
            };
            return Err(ApiError::new(
                409,
                format!("cannot remove container \"{name}\": {reason}"),
            ));
        }
        if container.state.status == Status::Restarting {
            cancel_restart(host, cx, &id);
        } else {
            kill_now(host, cx, &id);
        }
    }
    let gone = !host
        .daemon
        .containers
        .iter()
        .any(|container| container.id == id);
    if gone {
        return Ok(());
    }
    let which = if volumes {
        RemoveVolumes::Anonymous
    } else {
        RemoveVolumes::None
    };
    lifecycle::remove_now(host, cx, &id, cx.now(), which);
    Ok(())
}

/// Renames a container as moby's `ContainerRename` does.
pub fn rename(host: &mut Host, name: &str, new_name: &str) -> Result<(), ApiError> {
    if name.is_empty() || new_name.is_empty() {
        return Err(ApiError::new(400, "Neither old nor new names may be empty"));
    }
    let slashed = if new_name.starts_with('/') {
        new_name.to_string()
    } else {
        format!("/{new_name}")
    };
    let container = host.daemon.containers.lookup(name)?;
    let id = container.id.clone();
    if container.name == slashed.trim_start_matches('/') {
        return Err(ApiError::new(
            400,
            "Renaming a container with the same name as its current name",
        ));
    }
    let allocating = |error: ApiError| {
        ApiError::new(
            error.status,
            format!("Error when allocating new name: {}", error.message),
        )
    };
    validate_name(slashed.trim_start_matches('/')).map_err(|_| {
        allocating(ApiError::new(
            400,
            format!(
                "Invalid container name ({slashed}), only [a-zA-Z0-9][a-zA-Z0-9_.-] are allowed"
            ),
        ))
    })?;
    let bare = slashed.trim_start_matches('/').to_string();
    if let Some(holder) = host.daemon.containers.name_in_use(&bare) {
        return Err(allocating(name_conflict(&bare, &holder.id)));
    }
    host.daemon.containers.get_mut(&id).expect("looked up").name = bare.clone();
    host.daemon.networks.rename_container(&id, &bare);
    Ok(())
}

/// Connects a container to a network (`docker network connect`): a running
/// container gets its address at once, a stopped one when it starts.
pub fn connect_network(
    host: &mut Host,
    cx: &mut Cx,
    network: &str,
    name: &str,
    aliases: &[String],
    ip: Option<&str>,
) -> Result<(), ApiError> {
    let container = host.daemon.containers.lookup(name)?;
    let (id, container_name, mode, running) = (
        container.id.clone(),
        container.name.clone(),
        container.host_config.network_mode.clone(),
        container.state.has_process(),
    );
    let target = host.daemon.networks.lookup(network)?;
    let (network_id, network_name, predefined, driver) = (
        target.id.clone(),
        target.name.clone(),
        target.predefined,
        target.driver.clone(),
    );
    if mode == "host" || driver == "host" {
        return Err(ApiError::new(
            400,
            "container cannot be disconnected from host network or connected to host network",
        ));
    }
    if mode.starts_with("container:") {
        return Err(ApiError::new(
            400,
            "container sharing network namespace with another container or host cannot be connected to any other network",
        ));
    }
    if mode == "none" || driver == "null" {
        return Err(ApiError::new(
            400,
            "container cannot be connected to multiple networks with one of the networks in private (none) mode",
        ));
    }
    if container.networks.contains_key(&network_name) {
        return Err(ApiError::new(
            409,
            format!("endpoint with name {container_name} already exists in network {network_name}"),
        ));
    }
    if predefined && !aliases.is_empty() {
        return Err(ApiError::new(
            400,
            "network-scoped alias is supported only for containers in user defined networks",
        ));
    }
    let endpoint = if running {
        let endpoint =
            host.daemon
                .networks
                .connect(&network_name, &id, &container_name, aliases, ip)?;
        add_veth(host, &id, &network_name, &endpoint);
        cx.change(Change::NetworkConnected {
            host: host.name.clone(),
            network: network_name.clone(),
            container: id.clone(),
            address: endpoint.ip_address.clone(),
        });
        Some(endpoint)
    } else {
        None
    };
    let attachment = super::containers::NetworkAttachment {
        network_id,
        aliases: aliases.to_vec(),
        endpoint,
    };
    host.daemon
        .containers
        .get_mut(&id)
        .expect("looked up")
        .networks
        .insert(network_name, attachment);
    Ok(())
}

/// Gives a running container a new veth pair for a network it joins.
fn add_veth(host: &mut Host, id: &str, network: &str, endpoint: &super::containers::Endpoint) {
    let bridge = host
        .daemon
        .networks
        .lookup(network)
        .ok()
        .filter(|network| network.driver == "bridge")
        .map(|network| network.bridge.clone());
    let Some(bridge) = bridge else { return };
    host.interfaces.bridge(&bridge);
    let own = host
        .daemon
        .containers
        .get(id)
        .and_then(|container| container.task.as_ref())
        .and_then(|task| task.veths.first())
        .map(|veth| veth.netns_id);
    let netns_id = own.unwrap_or_else(|| {
        let used: Vec<&Veth> = host
            .daemon
            .containers
            .iter()
            .filter_map(|other| other.task.as_ref())
            .flat_map(|task| task.veths.iter())
            .collect();
        crate::kernel::network::free_netns_id(&used)
    });
    let Some(task) = host
        .daemon
        .containers
        .get_mut(id)
        .and_then(|container| container.task.as_mut())
    else {
        return;
    };
    let position = task.veths.len();
    let mut veth = Veth::new(
        network,
        position,
        &endpoint.endpoint_id,
        host.interfaces.counter(),
    );
    veth.netns_id = netns_id;
    task.veths.push(veth);
}

/// Disconnects a container from a network (`docker network disconnect`).
pub fn disconnect_network(host: &mut Host, network: &str, name: &str) -> Result<(), ApiError> {
    let container = host.daemon.containers.lookup(name)?;
    let (id, mode) = (
        container.id.clone(),
        container.host_config.network_mode.clone(),
    );
    let target = host.daemon.networks.lookup(network)?;
    let network_name = target.name.clone();
    if mode == "host" || target.driver == "host" {
        return Err(ApiError::new(
            400,
            "container cannot be disconnected from host network or connected to host network",
        ));
    }
    let container = host.daemon.containers.get_mut(&id).expect("looked up");
    if container.networks.remove(&network_name).is_none() {
        return Err(ApiError::new(
            400,
            format!("container {id} is not connected to network {network_name}"),
        ));
    }
    if let Some(task) = container.task.as_mut() {
        task.veths.retain(|veth| veth.network != network_name);
    }
    host.daemon.networks.disconnect(&network_name, &id)
}
