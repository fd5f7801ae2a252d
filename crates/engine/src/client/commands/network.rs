//! `docker network ls`, `create`, `rm`, `inspect`, `connect`,
//! `disconnect` and `prune`, as docker/cli 28 prints them.

use shared_sort::SharedSort;

use crate::client::docker::Call;
use crate::cx::{query_escape, Cx};
use crate::daemon::control;
use crate::daemon::networks::{Network, NetworkRequest};
use crate::daemon::pattern::Pattern;
use crate::daemon::volumes::natural_cmp;
use crate::daemon::ApiError;
use crate::events::Change;
use crate::json::Json;
use crate::table::format_rows;
use crate::world::World;

use super::images::go_time_string;
use super::prune::{confirm, filters_query, labels_pass};
use super::ps::{custom_format, filters_json, render};
use super::{set_api_error, set_api_status};

/// The filter names `docker network ls` accepts.
const LIST_FILTERS: &[&str] = &["dangling", "driver", "id", "label", "name", "scope", "type"];

/// Runs `docker network ls`.
pub fn list(world: &mut World, cx: &mut Cx, call: &Call) -> i32 {
    let flags = &call.invocation.flags;
    let pairs = flags.pairs("filter").to_vec();
    let query = if pairs.is_empty() {
        String::new()
    } else {
        format!("filters={}", query_escape(&filters_json(&pairs)))
    };
    let index = call.api(cx, "GET", "/networks", &query, 200);
    if let Some((name, _)) = pairs
        .iter()
        .find(|(name, _)| !LIST_FILTERS.contains(&name.as_str()))
    {
        set_api_status(cx, index, 400);
        cx.out.errln(format!(
            "Error response from daemon: invalid filter '{name}'"
        ));
        return 1;
    }
    let mut networks: Vec<&Network> = world.hosts[&call.target]
        .daemon
        .networks
        .iter()
        .filter(|network| passes(network, &pairs))
        .collect();
    networks.shared_sort_by(|a, b| natural_cmp(&a.name, &b.name));
    let no_trunc = flags.bool("no-trunc");
    let id = |network: &Network| {
        if no_trunc {
            network.id.clone()
        } else {
            network.id[..12].to_string()
        }
    };
    if let Some(format) = custom_format(flags.string("format")) {
        let rows: Vec<Json> = networks
            .iter()
            .map(|network| template_row(network, id(network)))
            .collect();
        return render(cx, format, &list_header(), &rows, NETWORK_CONTEXT);
    }
    if flags.bool("quiet") {
        for network in networks {
            cx.out.outln(id(network));
        }
        return 0;
    }
    let mut table = vec![vec![
        "NETWORK ID".to_string(),
        "NAME".to_string(),
        "DRIVER".to_string(),
        "SCOPE".to_string(),
    ]];
    for network in networks {
        table.push(vec![
            id(network),
            network.name.clone(),
            network.driver.clone(),
            "local".to_string(),
        ]);
    }
    cx.out.out(format_rows(&table));
    0
}

/// docker/cli's type behind `{{.Field}}` in `docker network ls`.
const NETWORK_CONTEXT: &str = "*network.networkContext";

/// Returns the header row of network tables.
fn list_header() -> Json {
    crate::sorted_object!({
        "ID": "NETWORK ID",
        "Name": "NAME",
        "Driver": "DRIVER",
        "Scope": "SCOPE",
        "IPv6": "IPV6",
        "Internal": "INTERNAL",
        "Labels": "LABELS",
        "CreatedAt": "CREATED AT",
    })
}

/// Returns the fields docker/cli's network context gives a template.
fn template_row(network: &Network, id: String) -> Json {
    let labels: Vec<String> = network
        .labels
        .iter()
        .map(|(key, value)| format!("{key}={value}"))
        .collect();
    crate::sorted_object!({
        "ID": id,
        "Name": network.name,
        "Driver": network.driver,
        "Scope": "local",
        "IPv6": "false",
        "Internal": network.internal.to_string(),
        "Labels": labels.join(","),
        "CreatedAt": go_time_string(network.created),
    })
}

/// Applies `docker network ls` filters: alternatives within a name, every
/// name must hold.
fn passes(network: &Network, pairs: &[(String, String)]) -> bool {
    let group = |name: &str, test: &dyn Fn(&str) -> bool| {
        let mut values = pairs
            .iter()
            .filter(|(key, _)| key == name)
            .map(|(_, value)| value.as_str())
            .peekable();
        values.peek().is_none() || values.any(test)
    };
    group("driver", &|value| network.driver == value)
        && group("id", &|value| Pattern::new(value).is_match(&network.id))
        && group("name", &|value| Pattern::new(value).is_match(&network.name))
        && group("scope", &|value| value == "local")
        && group("type", &|value| match value {
            "builtin" => network.predefined,
            "custom" => !network.predefined,
            _ => false,
        })
        && group("dangling", &|value| match value {
            "true" | "1" => !network.predefined && network.endpoints.is_empty(),
            "false" | "0" => network.predefined || !network.endpoints.is_empty(),
            _ => false,
        })
        && labels_pass(|key| network.labels.get(key), pairs)
}

/// Runs `docker network create NAME`.
pub fn create(world: &mut World, cx: &mut Cx, call: &Call) -> i32 {
    let flags = &call.invocation.flags;
    let name = call.args()[0].clone();
    let subnets = flags.list("subnet");
    let gateways = flags.list("gateway");
    if (!gateways.is_empty() || !flags.list("ip-range").is_empty()) && subnets.is_empty() {
        cx.out
            .errln("every ip-range or gateway must have a corresponding subnet");
        return 1;
    }
    let request = NetworkRequest {
        driver: flags.string("driver").to_string(),
        subnet: subnets.first().cloned(),
        gateway: gateways.first().cloned(),
        internal: flags.bool("internal"),
        attachable: flags.bool("attachable"),
        labels: flags
            .list("label")
            .iter()
            .map(|label| split_pair(label))
            .collect(),
        options: flags.pairs("opt").iter().cloned().collect(),
    };
    let index = call.api(cx, "POST", "/networks/create", "", 201);
    let id = world.new_id("network");
    let now = cx.now();
    let host_name = call.target.clone();
    let host = world.hosts.get_mut(&host_name).expect("target host exists");
    match host.daemon.networks.create(&name, id, &request, now) {
        Ok(network) => {
            let id = network.id.clone();
            let body = Json::Object(vec![
                ("Id".to_string(), Json::String(id.clone())),
                ("Warning".to_string(), Json::String(String::new())),
            ]);
            cx.set_response(index, body.to_compact());
            // The bridge driver makes the network's bridge interface now.
            let bridge = (network.driver == "bridge").then(|| network.bridge.clone());
            if let Some(bridge) = bridge {
                host.interfaces.bridge(&bridge);
            }
            cx.change(Change::NetworkCreated {
                host: host_name,
                id: id.clone(),
                name,
            });
            cx.out.outln(id);
            0
        }
        Err(error) => fail(cx, index, error),
    }
}

fn split_pair(text: &str) -> (String, String) {
    match text.split_once('=') {
        Some((key, value)) => (key.to_string(), value.to_string()),
        None => (text.to_string(), String::new()),
    }
}

fn fail(cx: &mut Cx, index: usize, error: ApiError) -> i32 {
    set_api_error(cx, index, &error);
    cx.out
        .errln(format!("Error response from daemon: {}", error.message));
    1
}

/// Runs `docker network rm [-f] NETWORK...`.
pub fn remove(world: &mut World, cx: &mut Cx, call: &Call) -> i32 {
    let force = call.invocation.flags.bool("force");
    let mut failed = false;
    for name in call.args() {
        let index = call.api(cx, "DELETE", &format!("/networks/{name}"), "", 204);
        let host_name = call.target.clone();
        let host = world.hosts.get_mut(&host_name).expect("target host exists");
        match host.daemon.networks.remove(name) {
            Ok(network) => {
                cx.change(Change::NetworkRemoved {
                    host: host_name,
                    id: network.id,
                });
                cx.out.outln(name);
            }
            Err(error) if force && error.status == 404 => set_api_status(cx, index, 404),
            Err(error) => {
                set_api_error(cx, index, &error);
                cx.out
                    .errln(format!("Error response from daemon: {}", error.message));
                failed = true;
            }
        }
    }
    i32::from(failed)
}

/// Runs `docker network connect [--alias A] [--ip IP] NETWORK CONTAINER`.
pub fn connect(world: &mut World, cx: &mut Cx, call: &Call) -> i32 {
    let flags = &call.invocation.flags;
    let (network, container) = (&call.args()[0], &call.args()[1]);
    let index = call.api(cx, "POST", &format!("/networks/{network}/connect"), "", 200);
    let ip = Some(flags.string("ip")).filter(|ip| !ip.is_empty());
    let host = world
        .hosts
        .get_mut(&call.target)
        .expect("target host exists");
    match control::connect_network(host, cx, network, container, flags.list("alias"), ip) {
        Ok(()) => 0,
        Err(error) => fail(cx, index, error),
    }
}

/// Runs `docker network disconnect [-f] NETWORK CONTAINER`.
pub fn disconnect(world: &mut World, cx: &mut Cx, call: &Call) -> i32 {
    let (network, container) = (&call.args()[0], &call.args()[1]);
    let index = call.api(
        cx,
        "POST",
        &format!("/networks/{network}/disconnect"),
        "",
        200,
    );
    let host = world
        .hosts
        .get_mut(&call.target)
        .expect("target host exists");
    match control::disconnect_network(host, network, container) {
        Ok(()) => 0,
        Err(error) => fail(cx, index, error),
    }
}

/// Runs `docker network prune [-f] [--filter …]`.
pub fn prune(world: &mut World, cx: &mut Cx, call: &Call) -> i32 {
    if !confirm(cx, call, "WARNING! This will remove all custom networks not used by at least one container.\nAre you sure you want to continue?") {
        return 1;
    }
    let pairs = call.invocation.flags.pairs("filter").to_vec();
    let index = call.api(cx, "POST", "/networks/prune", &filters_query(&pairs), 200);
    let until = match super::prune::check_filters(&pairs, &[], cx.now()) {
        Ok(until) => until,
        Err(error) => return fail(cx, index, error),
    };
    let host_name = call.target.clone();
    let host = world.hosts.get_mut(&host_name).expect("target host exists");
    let doomed: Vec<(String, String)> = host
        .daemon
        .networks
        .iter()
        .filter(|network| !network.predefined && network.endpoints.is_empty())
        .filter(|network| {
            until.is_none_or(|until| network.created < until)
                && labels_pass(|key| network.labels.get(key), &pairs)
        })
        .map(|network| (network.name.clone(), network.id.clone()))
        .collect();
    let mut names: Vec<String> = Vec::new();
    for (name, id) in doomed {
        if host.daemon.networks.remove(&id).is_ok() {
            cx.change(Change::NetworkRemoved {
                host: host_name.clone(),
                id,
            });
            names.push(name);
        }
    }
    if !names.is_empty() {
        cx.out.outln(format!(
            "Deleted Networks:\n{}",
            names
                .iter()
                .map(|name| format!("{name}\n"))
                .collect::<String>()
        ));
    }
    0
}
