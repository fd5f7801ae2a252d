//! `docker container prune`, and the confirmation prompt and `until=` and
//! `label=` filters that the prune commands share.
//!
//! docker/cli asks `Are you sure you want to continue? [y/N]` unless `-f`
//! is given. A one-line terminal cannot answer it, so Porthole takes the
//! default answer, N, says so, and leaves everything in place.

use crate::client::docker::Call;
use crate::clock::Millis;
use crate::cx::{query_escape, Cx};
use crate::daemon::containers::{Container, Status};
use crate::daemon::lifecycle::{self, RemoveVolumes};
use crate::daemon::ApiError;
use crate::units::human_size;
use crate::world::World;

use super::logs::bound;
use super::ps::filters_json;
use super::set_api_error;

/// Prints docker/cli's confirmation prompt and returns whether to go on:
/// true with `-f`; without it, the terminal's answer is the default, N.
pub fn confirm(cx: &mut Cx, call: &Call, warning: &str) -> bool {
    if call.invocation.flags.bool("force") {
        return true;
    }
    cx.out.out(format!("{warning} [y/N] "));
    cx.out.outln("");
    cx.out.errln("porthole: this terminal cannot answer the prompt, so the answer is the default, N; add -f to confirm");
    false
}

/// Returns the `filters` query of a prune request.
pub fn filters_query(pairs: &[(String, String)]) -> String {
    if pairs.is_empty() {
        return String::new();
    }
    format!("filters={}", query_escape(&filters_json(pairs)))
}

/// Checks prune filters as the daemon does: only `until`, `label` and
/// `label!`, with `until` a time or a duration.
pub fn check_filters(
    pairs: &[(String, String)],
    extra: &[&str],
    now: Millis,
) -> Result<Option<Millis>, ApiError> {
    let mut until = None;
    for (name, value) in pairs {
        match name.as_str() {
            "label" | "label!" => {}
            "until" => match bound(value, now, "until") {
                Ok(Some((_, time))) => until = Some(time),
                Ok(None) => {}
                Err(_) => {
                    return Err(ApiError::new(
                        400,
                        format!("failed to parse value as time or duration: \"{value}\""),
                    ))
                }
            },
            other if extra.contains(&other) => {}
            other => return Err(ApiError::new(400, format!("invalid filter '{other}'"))),
        }
    }
    Ok(until)
}

/// Returns whether an object's labels pass the `label=` and `label!=` filters.
/// `label` looks up the value of a label by its key.
pub fn labels_pass<'a>(
    label: impl Fn(&str) -> Option<&'a String>,
    pairs: &[(String, String)],
) -> bool {
    let matches = |value: &str| match value.split_once('=') {
        Some((key, expected)) => label(key).is_some_and(|actual| actual == expected),
        None => label(value).is_some(),
    };
    pairs.iter().all(|(name, value)| match name.as_str() {
        "label" => matches(value),
        "label!" => !matches(value),
        _ => true,
    })
}

/// Runs `docker container prune [-f] [--filter …]`.
pub fn containers(world: &mut World, cx: &mut Cx, call: &Call) -> i32 {
    if !confirm(
        cx,
        call,
        "WARNING! This will remove all stopped containers.\nAre you sure you want to continue?",
    ) {
        return 1;
    }
    let pairs = call.invocation.flags.pairs("filter").to_vec();
    let index = call.api(cx, "POST", "/containers/prune", &filters_query(&pairs), 200);
    let until = match check_filters(&pairs, &[], cx.now()) {
        Ok(until) => until,
        Err(error) => {
            set_api_error(cx, index, &error);
            cx.out
                .errln(format!("Error response from daemon: {}", error.message));
            return 1;
        }
    };
    let host = world
        .hosts
        .get_mut(&call.target)
        .expect("target host exists");
    lifecycle::settle(host, cx, cx.now());
    let doomed: Vec<(String, u64)> = host
        .daemon
        .containers
        .iter()
        .filter(|container| prunable(container, until, &pairs))
        .map(|container| (container.id.clone(), container.rootfs.upper_size()))
        .collect();
    let mut reclaimed = 0;
    let mut output = String::new();
    for (id, size) in &doomed {
        lifecycle::remove_now(host, cx, id, cx.now(), RemoveVolumes::None);
        reclaimed += size;
        output.push_str(id);
        output.push('\n');
    }
    if !doomed.is_empty() {
        cx.out.outln(format!("Deleted Containers:\n{output}"));
    }
    cx.out.outln(format!(
        "Total reclaimed space: {}",
        human_size(reclaimed as f64)
    ));
    0
}

/// A stopped container older than `until` whose labels pass the filters.
fn prunable(container: &Container, until: Option<Millis>, pairs: &[(String, String)]) -> bool {
    let stopped = matches!(
        container.state.status,
        Status::Created | Status::Exited | Status::Dead
    );
    stopped
        && until.is_none_or(|until| container.created < until)
        && labels_pass(|key| container.labels().get(key), pairs)
}
