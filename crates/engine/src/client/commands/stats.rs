//! `docker stats`: the containers' CPU, memory, network, block I/O and
//! PIDs, as docker/cli 28 collects and prints them.
//!
//! With `--no-stream` the client reads each container's stats once
//! (`GET /containers/{id}/stats?stream=0`); the daemon responds with a
//! sample and the one taken a second before, so the command takes about a
//! second of logical time and CPU % covers that second. Without names it
//! lists the running containers first (`GET /containers/json`, all of
//! them with `-a`). The formulas and formats are in [`crate::kernel::stats`].

use serde_json::{json, Value};

use crate::client::docker::Call;
use crate::client::template::{Format, Missing};
use crate::cx::Cx;
use crate::daemon::lifecycle;
use crate::kernel::stats::{self, Row, RowStats, Sample};
use crate::world::World;

use super::{daemon_error, set_api_status};

/// docker/cli's default stats table.
const DEFAULT_FORMAT: &str = "table {{.ID}}\t{{.Name}}\t{{.CPUPerc}}\t{{.MemUsage}}\t{{.MemPerc}}\t{{.NetIO}}\t{{.BlockIO}}\t{{.PIDs}}";
/// The interval between the daemon's two samples, in milliseconds.
const SAMPLE_INTERVAL: u64 = 1_000;
/// docker/cli's type behind `{{.Field}}`, named in template errors.
const CONTEXT_TYPE: &str = "*formatter.statsContext";

/// Runs `docker stats`.
pub fn run(world: &mut World, cx: &mut Cx, call: &Call) -> i32 {
    let flags = &call.invocation.flags;
    let format = match Format::parse_or_default(flags.string("format"), DEFAULT_FORMAT) {
        Ok(format) => format,
        Err(error) => {
            cx.out.errln(format!("template parsing error: {error}"));
            return 1;
        }
    };
    let names = match containers(world, cx, call) {
        Ok(names) => names,
        Err(status) => return status,
    };
    let now = cx.now();
    let host = world.hosts.get_mut(&call.target).expect("target host exists");
    lifecycle::settle(host, cx, now);
    let first: Vec<Option<Sample>> = names
        .iter()
        .map(|id| host.daemon.containers.get(id).and_then(|container| stats::sample(host, container, now)))
        .collect();
    cx.advance(SAMPLE_INTERVAL);
    let later = cx.now();
    lifecycle::settle(host, cx, later);
    let mut rows = Vec::new();
    for (id, before) in names.iter().zip(first) {
        let container = host.daemon.containers.get(id).or_else(|| host.daemon.containers.removed(id));
        let Some(container) = container else { continue };
        let after = stats::sample(host, container, later);
        let stats = match (before, after) {
            (Some(before), Some(after)) => Some(RowStats::from_samples(&before, &after)),
            _ => None,
        };
        rows.push(Row { id: container.id.clone(), name: container.name.clone(), stats });
    }
    let truncate = !flags.bool("no-trunc");
    let values: Vec<Value> = rows.iter().map(|row| template_row(row, truncate)).collect();
    match format.render(&header(), &values, Missing::Error(CONTEXT_TYPE)) {
        Ok(text) => cx.out.out(text),
        Err(error) => {
            cx.out.errln(format!("template parsing error: {error}"));
            return 1;
        }
    }
    if !flags.bool("no-stream") {
        // FIXME: streaming stats redraw the table every second until Ctrl+C;
        // Porthole prints one sample and returns.
        cx.out.errln("porthole: docker stats streams until Ctrl+C; this shows one sample (add --no-stream to ask for one)");
    }
    0
}

/// Returns the IDs of the containers to show: the named ones, or those
/// `GET /containers/json` lists (running ones unless `-a`), newest first.
fn containers(world: &mut World, cx: &mut Cx, call: &Call) -> Result<Vec<String>, i32> {
    let host = &world.hosts[&call.target];
    if call.args().is_empty() {
        let all = call.invocation.flags.bool("all");
        call.api(cx, "GET", "/containers/json", if all { "all=1" } else { "" }, 200);
        let ids: Vec<String> = host
            .daemon
            .containers
            .iter()
            .rev()
            .filter(|container| all || container.state.is_running())
            .map(|container| container.id.clone())
            .collect();
        let stream = if call.invocation.flags.bool("no-stream") { "stream=0" } else { "stream=1" };
        for id in &ids {
            call.api(cx, "GET", &format!("/containers/{id}/stats"), stream, 200);
        }
        return Ok(ids);
    }
    let stream = if call.invocation.flags.bool("no-stream") { "stream=0" } else { "stream=1" };
    let mut ids = Vec::new();
    for name in call.args() {
        let index = call.api(cx, "GET", &format!("/containers/{name}/stats"), stream, 200);
        match host.daemon.containers.lookup(name) {
            Ok(container) => ids.push(container.id.clone()),
            Err(error) => {
                set_api_status(cx, index, error.status);
                return Err(daemon_error(cx, &error.message));
            }
        }
    }
    Ok(ids)
}

/// The header row of the stats table.
fn header() -> Value {
    json!({
        "Container": "CONTAINER",
        "ID": "CONTAINER ID",
        "Name": "NAME",
        "CPUPerc": "CPU %",
        "MemUsage": "MEM USAGE / LIMIT",
        "MemPerc": "MEM %",
        "NetIO": "NET I/O",
        "BlockIO": "BLOCK I/O",
        "PIDs": "PIDS",
    })
}

/// The fields docker/cli's `statsContext` gives a template.
fn template_row(row: &Row, truncate: bool) -> Value {
    let columns = stats::columns(row, truncate);
    json!({
        "Container": row.name,
        "ID": columns[0],
        "Name": columns[1],
        "CPUPerc": columns[2],
        "MemUsage": columns[3],
        "MemPerc": columns[4],
        "NetIO": columns[5],
        "BlockIO": columns[6],
        "PIDs": columns[7],
    })
}
