//! `docker stop`, `kill`, `restart`, `pause`, `unpause`, `rm`, `rename`
//! and `wait`, as docker/cli 28 runs them.
//!
//! Each command prints the names it was given, in order, for the
//! containers it acted on, and collects the daemon's errors into one
//! message (exit 1). `stop`, `kill`, `pause`, `unpause` and `rm` act on
//! all their containers at once (docker/cli's `parallelOperation`), so
//! `docker stop a b` takes as long as the slower of the two.

use crate::client::docker::Call;
use crate::client::terminal::{self, AfterWait};
use crate::clock::Millis;
use crate::cx::{query_escape, Cx};
use crate::daemon::control::{self, Stopped};
use crate::daemon::lifecycle;
use crate::daemon::ApiError;
use crate::world::World;

use super::{set_api_error, set_api_status};
use shared_sort::SharedSort;

/// The client's error for an empty container name.
const EMPTY_NAME: &str = "invalid container name or ID: value is empty";

/// Runs `docker stop [-s SIGNAL] [-t SECONDS] CONTAINER...`.
pub fn stop(world: &mut World, cx: &mut Cx, call: &Call) -> i32 {
    let flags = &call.invocation.flags;
    let signal = flags
        .is_set("signal")
        .then(|| flags.string("signal").to_string());
    let timeout = flags
        .is_set("timeout")
        .then(|| flags.integer("timeout").unwrap_or(0));
    let query = stop_query(signal.as_deref(), timeout);
    let start = cx.now();
    let mut end = start;
    let mut errors = Vec::new();
    for name in call.args() {
        if name.is_empty() {
            errors.push(EMPTY_NAME.to_string());
            continue;
        }
        let mut step = Cx::new(start);
        let index = call.api(
            &mut step,
            "POST",
            &format!("/containers/{name}/stop"),
            &query,
            204,
        );
        let host = world
            .hosts
            .get_mut(&call.target)
            .expect("target host exists");
        let result = control::stop(host, &mut step, name, signal.as_deref(), timeout);
        end = end.max(step.now());
        let events_before = cx.events.len();
        match result {
            Ok(Stopped::Stopped) => cx.out.outln(name),
            Ok(Stopped::NotRunning) => {
                set_api_status(&mut step, index, 304);
                cx.out.outln(name);
            }
            Ok(Stopped::WaitsForever) => {
                merge(cx, step, events_before);
                let id = world.hosts[&call.target]
                    .daemon
                    .containers
                    .lookup(name)
                    .map(|container| container.id.clone());
                if let Ok(id) = id {
                    terminal::wait_for(world, call, &id, AfterWait::Name(name.clone()));
                }
                return 0;
            }
            Err(error) => {
                set_api_status(&mut step, index, error.status);
                errors.push(format!("Error response from daemon: {}", error.message));
            }
        }
        merge(cx, step, events_before);
    }
    advance_to(cx, end);
    report(cx, &errors)
}

/// The stop query: `signal` and `t` as given, in `url.Values` order.
fn stop_query(signal: Option<&str>, timeout: Option<i64>) -> String {
    let mut parts = Vec::new();
    if let Some(signal) = signal.filter(|signal| !signal.is_empty()) {
        parts.push(format!("signal={}", query_escape(signal)));
    }
    if let Some(timeout) = timeout {
        parts.push(format!("t={timeout}"));
    }
    parts.join("&")
}

/// Adds a parallel step's events to the line's, keeping time order.
fn merge(cx: &mut Cx, step: Cx, _from: usize) {
    cx.events.extend(step.events);
    cx.events.shared_sort_by_key(|event| event.time);
}

fn advance_to(cx: &mut Cx, time: Millis) {
    if time > cx.now() {
        cx.advance(time - cx.now());
    }
}

/// Prints the collected errors, one a line, and returns the exit code.
fn report(cx: &mut Cx, errors: &[String]) -> i32 {
    if errors.is_empty() {
        return 0;
    }
    cx.out.errln(errors.join("\n"));
    1
}

/// Runs `docker kill [-s SIGNAL] CONTAINER...`.
pub fn kill(world: &mut World, cx: &mut Cx, call: &Call) -> i32 {
    let flags = &call.invocation.flags;
    let signal = Some(flags.string("signal").to_string()).filter(|signal| !signal.is_empty());
    let query = signal
        .as_ref()
        .map(|signal| format!("signal={}", query_escape(signal)))
        .unwrap_or_default();
    each(world, cx, call, "POST", "kill", &query, |host, cx, name| {
        control::kill(host, cx, name, signal.as_deref())
    })
}

/// Runs `docker pause CONTAINER...`.
pub fn pause(world: &mut World, cx: &mut Cx, call: &Call) -> i32 {
    each(world, cx, call, "POST", "pause", "", control::pause)
}

/// Runs `docker unpause CONTAINER...`.
pub fn unpause(world: &mut World, cx: &mut Cx, call: &Call) -> i32 {
    each(world, cx, call, "POST", "unpause", "", control::unpause)
}

/// Applies a daemon operation to each container in turn: the API call,
/// the name on success, the collected errors.
fn each(
    world: &mut World,
    cx: &mut Cx,
    call: &Call,
    method: &str,
    action: &str,
    query: &str,
    operation: impl Fn(&mut crate::host::Host, &mut Cx, &str) -> Result<(), ApiError>,
) -> i32 {
    let mut errors = Vec::new();
    for name in call.args() {
        if name.is_empty() {
            errors.push(EMPTY_NAME.to_string());
            continue;
        }
        let index = call.api(
            cx,
            method,
            &format!("/containers/{name}/{action}"),
            query,
            204,
        );
        let host = world
            .hosts
            .get_mut(&call.target)
            .expect("target host exists");
        match operation(host, cx, name) {
            Ok(()) => cx.out.outln(name),
            Err(error) => {
                set_api_error(cx, index, &error);
                errors.push(format!("Error response from daemon: {}", error.message));
            }
        }
    }
    report(cx, &errors)
}

/// Runs `docker restart [-s SIGNAL] [-t SECONDS] CONTAINER...`, one
/// container after another.
pub fn restart(world: &mut World, cx: &mut Cx, call: &Call) -> i32 {
    let flags = &call.invocation.flags;
    let signal = flags
        .is_set("signal")
        .then(|| flags.string("signal").to_string());
    let timeout = flags
        .is_set("timeout")
        .then(|| flags.integer("timeout").unwrap_or(0));
    let query = stop_query(signal.as_deref(), timeout);
    each(
        world,
        cx,
        call,
        "POST",
        "restart",
        &query,
        |host, cx, name| control::restart(host, cx, name, signal.as_deref(), timeout),
    )
}

/// Runs `docker rm [-f] [-v] CONTAINER...`. With `-f`, a missing container
/// prints its error but does not fail the command.
pub fn remove(world: &mut World, cx: &mut Cx, call: &Call) -> i32 {
    let flags = &call.invocation.flags;
    let (force, volumes, link) = (
        flags.bool("force"),
        flags.bool("volumes"),
        flags.bool("link"),
    );
    let mut query = Vec::new();
    if force {
        query.push("force=1");
    }
    if link {
        query.push("link=1");
    }
    if volumes {
        query.push("v=1");
    }
    let query = query.join("&");
    let mut errors = Vec::new();
    for name in call.args() {
        let trimmed = name.trim_matches('/');
        if trimmed.is_empty() {
            errors.push("Container name cannot be empty".to_string());
            continue;
        }
        let index = call.api(cx, "DELETE", &format!("/containers/{trimmed}"), &query, 204);
        let host = world
            .hosts
            .get_mut(&call.target)
            .expect("target host exists");
        let result = if link {
            Err(ApiError::new(
                400,
                "Conflict, cannot remove the default link name of the container",
            ))
        } else {
            control::remove(host, cx, trimmed, force, volumes)
        };
        match result {
            Ok(()) => cx.out.outln(name),
            Err(error) => {
                set_api_error(cx, index, &error);
                let message = format!("Error response from daemon: {}", error.message);
                if force && error.status == 404 {
                    cx.out.errln(message);
                } else {
                    errors.push(message);
                }
            }
        }
    }
    report(cx, &errors)
}

/// Runs `docker rename CONTAINER NEW_NAME`.
pub fn rename(world: &mut World, cx: &mut Cx, call: &Call) -> i32 {
    let old = call.args()[0].trim().to_string();
    let new = call.args()[1].trim().to_string();
    if old.is_empty() || new.is_empty() {
        cx.out
            .errln("Error: Neither old nor new names may be empty");
        return 1;
    }
    let index = call.api(
        cx,
        "POST",
        &format!("/containers/{old}/rename"),
        &format!("name={}", query_escape(&new)),
        204,
    );
    let host = world
        .hosts
        .get_mut(&call.target)
        .expect("target host exists");
    match control::rename(host, &old, &new) {
        Ok(()) => 0,
        Err(error) => {
            set_api_error(cx, index, &error);
            cx.out
                .errln(format!("Error response from daemon: {}", error.message));
            cx.out
                .errln(format!("Error: failed to rename container named {old}"));
            1
        }
    }
}

/// Runs `docker wait CONTAINER...`: prints each exit code once the
/// container stops, in order; a process that never stops on its own
/// blocks the client until `^C`.
pub fn wait(world: &mut World, cx: &mut Cx, call: &Call) -> i32 {
    let mut errors = Vec::new();
    for name in call.args() {
        if name.is_empty() {
            errors.push(EMPTY_NAME.to_string());
            continue;
        }
        let index = call.api(cx, "POST", &format!("/containers/{name}/wait"), "", 200);
        let host = world
            .hosts
            .get_mut(&call.target)
            .expect("target host exists");
        lifecycle::settle(host, cx, cx.now());
        let found = host.daemon.containers.lookup(name).map(|container| {
            (
                container.id.clone(),
                lifecycle::next_step(container),
                container.state.is_running(),
            )
        });
        let (id, due, running) = match found {
            Ok(found) => found,
            Err(error) => {
                set_api_error(cx, index, &error);
                errors.push(format!("Error response from daemon: {}", error.message));
                continue;
            }
        };
        if running {
            let Some(due) = due else {
                terminal::wait_for(world, call, &id, AfterWait::ExitCode);
                return report(cx, &errors);
            };
            advance_to(cx, due);
            let host = world
                .hosts
                .get_mut(&call.target)
                .expect("target host exists");
            lifecycle::settle(host, cx, due);
        }
        let host = &world.hosts[&call.target];
        let code = host
            .daemon
            .containers
            .get(&id)
            .or_else(|| host.daemon.containers.removed(&id))
            .map(|container| container.state.exit_code)
            .unwrap_or(0);
        cx.out.outln(code.to_string());
    }
    report(cx, &errors)
}
