//! `docker volume ls`, `create`, `rm`, `inspect` and `prune`, as docker/cli
//! 28 prints them, for the `local` driver.

use shared_sort::{SharedSort, SortedMap};

use crate::client::docker::Call;
use crate::cx::{query_escape, Cx};
use crate::daemon::inspect::volume_json;
use crate::daemon::lifecycle::volume_users;
use crate::daemon::pattern::Pattern;
use crate::daemon::volumes::{natural_cmp, Volume, VolumeRequest};
use crate::daemon::ApiError;
use crate::events::Change;
use crate::json::Json;
use crate::table::format_rows;
use crate::units::human_size;
use crate::world::World;

use super::prune::{confirm, labels_pass};
use super::ps::{custom_format, filters_json, render};
use super::{set_api_error, set_api_status};

/// The filter names `docker volume ls` accepts.
const LIST_FILTERS: &[&str] = &["dangling", "driver", "label", "name"];

/// Runs `docker volume create [NAME]`.
pub fn create(world: &mut World, cx: &mut Cx, call: &Call) -> i32 {
    let flags = &call.invocation.flags;
    let name = match call.args().first() {
        Some(name) => name.clone(),
        None => world.new_id("volume"),
    };
    let labels: SortedMap<String, String> = flags
        .list("label")
        .iter()
        .map(|label| match label.split_once('=') {
            Some((key, value)) => (key.to_string(), value.to_string()),
            None => (label.clone(), String::new()),
        })
        .collect();
    let request = VolumeRequest {
        driver: flags.string("driver").to_string(),
        labels: Some(labels),
        options: Some(flags.pairs("opt").iter().cloned().collect()),
    };
    let index = call.api(cx, "POST", "/volumes/create", "", 201);
    let now = cx.now();
    let host_name = call.target.clone();
    let host = world.hosts.get_mut(&host_name).expect("target host exists");
    match host.daemon.volumes.create(&name, request, now) {
        Ok((volume, is_new)) => {
            let name = volume.name.clone();
            cx.set_response(index, volume_json(volume).to_indented());
            if is_new {
                cx.change(Change::VolumeCreated {
                    host: host_name,
                    name: name.clone(),
                });
            }
            cx.out.outln(name);
            0
        }
        Err(error) => fail(cx, index, error),
    }
}

fn fail(cx: &mut Cx, index: usize, error: ApiError) -> i32 {
    set_api_error(cx, index, &error);
    cx.out
        .errln(format!("Error response from daemon: {}", error.message));
    1
}

/// Runs `docker volume ls`.
pub fn list(world: &mut World, cx: &mut Cx, call: &Call) -> i32 {
    let flags = &call.invocation.flags;
    let pairs = flags.pairs("filter").to_vec();
    let query = if pairs.is_empty() {
        String::new()
    } else {
        format!("filters={}", query_escape(&filters_json(&pairs)))
    };
    let index = call.api(cx, "GET", "/volumes", &query, 200);
    if let Some((name, _)) = pairs
        .iter()
        .find(|(name, _)| !LIST_FILTERS.contains(&name.as_str()))
    {
        return fail(
            cx,
            index,
            ApiError::new(400, format!("invalid filter '{name}'")),
        );
    }
    let host = &world.hosts[&call.target];
    let mut volumes: Vec<&Volume> = host
        .daemon
        .volumes
        .iter()
        .filter(|volume| passes(volume, &pairs, volume_users(host, &volume.name).is_empty()))
        .collect();
    volumes.shared_sort_by(|a, b| natural_cmp(&a.name, &b.name));
    if let Some(format) = custom_format(flags.string("format")) {
        let rows: Vec<Json> = volumes.iter().map(|volume| template_row(volume)).collect();
        return render(cx, format, &list_header(), &rows, VOLUME_CONTEXT);
    }
    if flags.bool("quiet") {
        for volume in volumes {
            cx.out.outln(&volume.name);
        }
        return 0;
    }
    let mut table = vec![vec!["DRIVER".to_string(), "VOLUME NAME".to_string()]];
    for volume in volumes {
        table.push(vec![volume.driver.clone(), volume.name.clone()]);
    }
    cx.out.out(format_rows(&table));
    0
}

/// docker/cli's type behind `{{.Field}}` in `docker volume ls`.
const VOLUME_CONTEXT: &str = "*formatter.volumeContext";

/// Returns the header row of volume tables.
fn list_header() -> Json {
    crate::sorted_object!({
        "Name": "VOLUME NAME",
        "Driver": "DRIVER",
        "Scope": "SCOPE",
        "Mountpoint": "MOUNTPOINT",
        "Labels": "LABELS",
        "Links": "LINKS",
        "Size": "SIZE",
    })
}

/// Returns the fields docker/cli's volume context gives a template; the
/// list carries no usage data, so `Links` and `Size` are `N/A`.
fn template_row(volume: &Volume) -> Json {
    let labels: Vec<String> = volume
        .labels
        .iter()
        .flatten()
        .map(|(key, value)| format!("{key}={value}"))
        .collect();
    crate::sorted_object!({
        "Name": volume.name,
        "Driver": volume.driver,
        "Scope": "local",
        "Mountpoint": volume.mountpoint(),
        "Labels": labels.join(","),
        "Links": "N/A",
        "Size": "N/A",
    })
}

fn passes(volume: &Volume, pairs: &[(String, String)], unused: bool) -> bool {
    let group = |name: &str, test: &dyn Fn(&str) -> bool| {
        let mut values = pairs
            .iter()
            .filter(|(key, _)| key == name)
            .map(|(_, value)| value.as_str())
            .peekable();
        values.peek().is_none() || values.any(test)
    };
    group("driver", &|value| volume.driver == value)
        && group("name", &|value| Pattern::new(value).is_match(&volume.name))
        && group("dangling", &|value| match value {
            "true" | "1" => unused,
            "false" | "0" => !unused,
            _ => false,
        })
        && labels_pass(
            |key| volume.labels.as_ref().and_then(|labels| labels.get(key)),
            pairs,
        )
}

/// Runs `docker volume rm [-f] VOLUME...`.
pub fn remove(world: &mut World, cx: &mut Cx, call: &Call) -> i32 {
    let force = call.invocation.flags.bool("force");
    let query = if force { "force=1" } else { "" };
    let mut errors = Vec::new();
    for name in call.args() {
        let index = call.api(cx, "DELETE", &format!("/volumes/{name}"), query, 204);
        let host_name = call.target.clone();
        let host = world.hosts.get_mut(&host_name).expect("target host exists");
        let users = volume_users(host, name);
        match host.daemon.volumes.remove(name, &users) {
            Ok(_) => {
                crate::kernel::mounts::remove_volume_files(&mut host.fs, name);
                cx.change(Change::VolumeRemoved {
                    host: host_name,
                    name: name.clone(),
                });
                cx.out.outln(name);
            }
            Err(error) if force && error.status == 404 => set_api_status(cx, index, 404),
            Err(error) => {
                set_api_error(cx, index, &error);
                errors.push(format!("Error response from daemon: {}", error.message));
            }
        }
    }
    if errors.is_empty() {
        return 0;
    }
    cx.out.errln(errors.join("\n"));
    1
}

/// Runs `docker volume prune [-a] [-f] [--filter …]`: anonymous volumes no
/// container uses, or with `-a` every unused volume.
pub fn prune(world: &mut World, cx: &mut Cx, call: &Call) -> i32 {
    let all = call.invocation.flags.bool("all");
    let warning = if all {
        "WARNING! This will remove all local volumes not used by at least one container.\nAre you sure you want to continue?"
    } else {
        "WARNING! This will remove anonymous local volumes not used by at least one container.\nAre you sure you want to continue?"
    };
    if !confirm(cx, call, warning) {
        return 1;
    }
    let mut pairs = call.invocation.flags.pairs("filter").to_vec();
    if all {
        pairs.push(("all".to_string(), "true".to_string()));
    }
    let query = format!("filters={}", query_escape(&filters_json(&pairs)));
    let index = call.api(
        cx,
        "POST",
        "/volumes/prune",
        if pairs.is_empty() { "" } else { &query },
        200,
    );
    if let Err(error) = super::prune::check_filters(&pairs, &["all"], cx.now()) {
        return fail(cx, index, error);
    }
    let host_name = call.target.clone();
    let host = world.hosts.get_mut(&host_name).expect("target host exists");
    let doomed: Vec<String> = host
        .daemon
        .volumes
        .iter()
        .filter(|volume| all || volume.is_anonymous())
        .filter(|volume| {
            labels_pass(
                |key| volume.labels.as_ref().and_then(|labels| labels.get(key)),
                &pairs,
            )
        })
        .filter(|volume| volume_users(host, &volume.name).is_empty())
        .map(|volume| volume.name.clone())
        .collect();
    let mut reclaimed = 0;
    for name in &doomed {
        if host.daemon.volumes.remove(name, &[]).is_ok() {
            reclaimed += crate::kernel::mounts::volume_size(&host.fs, name);
            crate::kernel::mounts::remove_volume_files(&mut host.fs, name);
            cx.change(Change::VolumeRemoved {
                host: host_name.clone(),
                name: name.clone(),
            });
        }
    }
    if !doomed.is_empty() {
        cx.out.outln(format!(
            "Deleted Volumes:\n{}",
            doomed
                .iter()
                .map(|name| format!("{name}\n"))
                .collect::<String>()
        ));
    }
    cx.out.outln(format!(
        "Total reclaimed space: {}",
        human_size(reclaimed as f64)
    ));
    0
}
