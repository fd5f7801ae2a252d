//! `docker stats`: the containers' CPU, memory, network, block I/O and
//! PIDs, as docker/cli 28 collects and prints them.
//!
//! With `--no-stream` the client reads each container's stats once
//! (`GET /containers/{id}/stats?stream=0`); the daemon responds with a
//! sample and the one taken a second before, so the command takes about a
//! second of logical time and CPU % covers that second. Without names it
//! lists the running containers first (`GET /containers/json`, all of
//! them with `-a`). The formulas and formats are in [`crate::kernel::stats`].
//!
//! Without `--no-stream` the client keeps the terminal: the first frame
//! prints at once and the next every second of logical time, as the page
//! ticks the world or a script's think time passes. docker/cli 28 redraws
//! every 500 ms from samples the daemon sends once a second, so Porthole
//! draws one frame per sample. The first frame's CPU % is small: the
//! daemon's first streamed sample has no previous one to subtract. Without
//! names the list follows container
//! events: a container that stops drops out, or with `--all` stays and
//! shows `--`, as does a named one.

use crate::json::Json;

use crate::client::docker::Call;
use crate::client::template::{Format, Missing};
use crate::client::terminal;
use crate::clock::Millis;
use crate::cx::Cx;
use crate::daemon::lifecycle;
use crate::host::Host;
use crate::kernel::stats::{self, Row, RowStats, Sample};
use crate::world::World;

use super::{daemon_error, set_api_error};

/// docker/cli's default stats table.
const DEFAULT_FORMAT: &str = "table {{.ID}}\t{{.Name}}\t{{.CPUPerc}}\t{{.MemUsage}}\t{{.MemPerc}}\t{{.NetIO}}\t{{.BlockIO}}\t{{.PIDs}}";
/// The interval between the daemon's two samples, in milliseconds.
const SAMPLE_INTERVAL: u64 = 1_000;
/// docker/cli's type behind `{{.Field}}`, named in template errors.
const CONTEXT_TYPE: &str = "*formatter.statsContext";
/// Moves the cursor to the top left of the screen.
const CURSOR_HOME: &str = "\x1b[H";
/// Erases from the cursor to the end of the line.
const ERASE_LINE: &str = "\x1b[K";
/// Erases from the cursor to the end of the screen.
const ERASE_BELOW: &str = "\x1b[J";
/// The termination signals after which docker/cli exits by force.
const FORCED_EXIT_SIGNALS: u32 = 3;

/// Runs `docker stats`.
pub fn run(world: &mut World, cx: &mut Cx, call: &Call) -> i32 {
    let flags = &call.invocation.flags;
    let format_text = flags.string("format").to_string();
    if let Err(error) = Format::parse_or_default(&format_text, DEFAULT_FORMAT) {
        return template_failure(cx, error.to_string());
    }
    let names = match containers(world, cx, call) {
        Ok(names) => names,
        Err(status) => return status,
    };
    let now = cx.now();
    let host = world
        .hosts
        .get_mut(&call.target)
        .expect("target host exists");
    lifecycle::settle(host, cx, now);
    let streaming = !flags.bool("no-stream");
    let first = |id: &String| match streaming {
        true => stream_start(host, id),
        false => sample_of(host, id, now),
    };
    let mut stream = StatsStream {
        host: call.target.clone(),
        format: format_text,
        truncate: !flags.bool("no-trunc"),
        follow_events: call.args().is_empty(),
        all: flags.bool("all"),
        rows: names
            .iter()
            .enumerate()
            .map(|(index, id)| Tracked {
                id: id.clone(),
                reference: call
                    .args()
                    .get(index)
                    .cloned()
                    .unwrap_or_else(|| short_id(id)),
                last: first(id),
                invalid: false,
                sampled: false,
            })
            .collect(),
        next_frame: now + SAMPLE_INTERVAL,
        interrupts: 0,
    };
    cx.advance(SAMPLE_INTERVAL);
    lifecycle::settle(host, cx, cx.now());
    let table = match stream.table(host, cx.now(), streaming) {
        Ok(table) => table,
        Err(error) => return template_failure(cx, error),
    };
    if !streaming {
        cx.out.out(table);
        return 0;
    }
    cx.out.out(frame(&table));
    stream.next_frame = cx.now() + SAMPLE_INTERVAL;
    terminal::stream_stats(world, stream);
    0
}

/// Prints a template error, as the client does when rendering fails.
fn template_failure(cx: &mut Cx, error: String) -> i32 {
    cx.out.errln(format!("template parsing error: {error}"));
    1
}

/// Wraps a table in the escape codes docker/cli 28 writes for each frame
/// of a streaming `docker stats`: cursor home, the table, then the table
/// again line by line with erase-to-end-of-line after each, and erase
/// below. The client appends the erase-line copy to the buffer that
/// already contains the table, so every frame carries the table twice.
/// The cursor-home code at the start of the copy draws it over the first,
/// and the empty string after the last newline adds a blank line.
fn frame(table: &str) -> String {
    let first = format!("{CURSOR_HOME}{table}");
    let mut text = first.clone();
    for line in first.split('\n') {
        text.push_str(line);
        text.push_str(ERASE_LINE);
        text.push('\n');
    }
    text.push_str(ERASE_BELOW);
    text
}

/// A streaming `docker stats` attached to the terminal: the containers it
/// shows and when it draws the next frame.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StatsStream {
    host: String,
    format: String,
    truncate: bool,
    /// No names were given: the client follows `start` and `die` events
    /// (and `create` with `--all`) to add and drop containers.
    follow_events: bool,
    all: bool,
    rows: Vec<Tracked>,
    /// When the next frame is due.
    next_frame: Millis,
    /// `^C` lines typed so far.
    interrupts: u32,
}

/// A container the stream shows, with the sample its next CPU % starts
/// from.
#[derive(Clone, Debug, PartialEq, Eq)]
struct Tracked {
    id: String,
    /// The container as the user named it, or its short ID when the
    /// stream lists every container: docker/cli's `{{.Container}}`.
    reference: String,
    last: Option<Sample>,
    /// The stats stream ended or failed: the row shows `--`, as
    /// docker/cli does for an entry with an error.
    invalid: bool,
    /// Whether a sample arrived: docker/cli learns the ID and name from
    /// one, and shows an empty ID and `--` for the name until then.
    sampled: bool,
}

/// The outcome of a `^C` in a streaming `docker stats`.
pub enum Interrupted {
    /// The client returns with this status.
    Ended(i32),
    /// The client keeps drawing frames.
    Continues,
}

impl StatsStream {
    /// Returns the host whose containers it shows.
    pub fn host(&self) -> &str {
        &self.host
    }

    /// Returns when the next frame is due.
    pub fn next_frame(&self) -> Millis {
        self.next_frame
    }

    /// Draws the frame due now (the host settled up to it) and schedules
    /// the next one.
    pub fn draw(&mut self, host: &Host, cx: &mut Cx) {
        let now = self.next_frame;
        match self.table(host, now, true) {
            Ok(table) => cx.out.out(frame(&table)),
            Err(error) => {
                cx.out.errln(format!("template parsing error: {error}"));
            }
        }
        self.next_frame = now + SAMPLE_INTERVAL;
    }

    /// Handles Ctrl+C. docker/cli 28 cancels its context: without names
    /// the event stream ends with `context canceled`, which the client
    /// returns and `main` treats as no error, so the status is 0. With
    /// names nothing in the drawing loop watches the context: the stats
    /// requests fail, every row shows `--`, and the client only exits
    /// when its third termination signal forces it (status 1).
    pub fn interrupt(&mut self, cx: &mut Cx) -> Interrupted {
        self.interrupts += 1;
        if self.follow_events {
            return Interrupted::Ended(0);
        }
        for row in &mut self.rows {
            row.invalid = true;
        }
        if self.interrupts >= FORCED_EXIT_SIGNALS {
            cx.out.err("\ngot 3 SIGTERM/SIGINTs, forcefully exiting\n");
            return Interrupted::Ended(1);
        }
        Interrupted::Continues
    }

    /// Adds the containers that started (or with `--all`, were created)
    /// since the last frame, and with no `--all` drops those that died,
    /// as docker/cli's event handlers do.
    fn follow(&mut self, host: &Host) {
        if !self.all {
            self.rows.retain(|row| {
                host.daemon
                    .containers
                    .get(&row.id)
                    .is_some_and(|container| container.state.is_running())
            });
        }
        for container in host.daemon.containers.iter() {
            let listed = self.all || container.state.is_running();
            if listed && !self.rows.iter().any(|row| row.id == container.id) {
                let last = stream_start(host, &container.id);
                self.rows.push(Tracked {
                    id: container.id.clone(),
                    reference: short_id(&container.id),
                    last,
                    invalid: false,
                    sampled: false,
                });
            }
        }
    }

    /// Samples every row at `now` and renders the table. While streaming,
    /// a container with no sample shows `--`: its stats stream sent
    /// nothing, or ended when it stopped (and then stays ended).
    fn table(&mut self, host: &Host, now: Millis, streaming: bool) -> Result<String, String> {
        if streaming && self.follow_events {
            self.follow(host);
        }
        let mut values = Vec::new();
        for tracked in &mut self.rows {
            let container = host
                .daemon
                .containers
                .get(&tracked.id)
                .or_else(|| host.daemon.containers.removed(&tracked.id));
            let Some(container) = container else { continue };
            let current = stats::sample(host, container, now);
            let row_stats = match (&tracked.last, &current) {
                (Some(before), Some(after)) => Some(RowStats::from_samples(before, after)),
                _ => None,
            };
            if streaming && tracked.last.is_some() && current.is_none() {
                tracked.invalid = true;
            }
            let invalid = streaming && (tracked.invalid || current.is_none());
            tracked.sampled |= current.is_some();
            tracked.last = current;
            let row = Row {
                id: container.id.clone(),
                name: container.name.clone(),
                stats: row_stats,
            };
            let mut columns = match invalid {
                true => stats::invalid_columns(&row, self.truncate),
                false => stats::columns(&row, self.truncate),
            };
            if streaming && !tracked.sampled {
                columns[0] = String::new();
                columns[1] = "--".to_string();
            }
            values.push(template_row(&tracked.reference, columns));
        }
        let format = Format::parse_or_default(&self.format, DEFAULT_FORMAT)
            .map_err(|error| error.to_string())?;
        format
            .render(&header(), &values, Missing::Error(CONTEXT_TYPE))
            .map_err(|error| error.to_string())
    }
}

/// Returns the sample a stats stream's first CPU % starts from, for a
/// running container: all zeros, as moby's first streamed response has
/// no `precpu_stats`. So the first frame shows the container's CPU time
/// over the host's since boot, a small number, and the next ones the
/// last second's.
fn stream_start(host: &Host, id: &str) -> Option<Sample> {
    let running = host
        .daemon
        .containers
        .get(id)
        .is_some_and(|container| container.task.is_some());
    running.then(Sample::default)
}

/// Reads a container's sample, if it is running.
fn sample_of(host: &Host, id: &str, now: Millis) -> Option<Sample> {
    host.daemon
        .containers
        .get(id)
        .and_then(|container| stats::sample(host, container, now))
}

/// Returns the IDs of the containers to show: the named ones, or those
/// `GET /containers/json` lists (running ones unless `-a`), newest first.
fn containers(world: &mut World, cx: &mut Cx, call: &Call) -> Result<Vec<String>, i32> {
    let host = &world.hosts[&call.target];
    if call.args().is_empty() {
        let all = call.invocation.flags.bool("all");
        call.api(
            cx,
            "GET",
            "/containers/json",
            if all { "all=1" } else { "" },
            200,
        );
        let ids: Vec<String> = host
            .daemon
            .containers
            .iter()
            .rev()
            .filter(|container| all || container.state.is_running())
            .map(|container| container.id.clone())
            .collect();
        let stream = if call.invocation.flags.bool("no-stream") {
            "stream=0"
        } else {
            "stream=1"
        };
        for id in &ids {
            call.api(cx, "GET", &format!("/containers/{id}/stats"), stream, 200);
        }
        return Ok(ids);
    }
    let stream = if call.invocation.flags.bool("no-stream") {
        "stream=0"
    } else {
        "stream=1"
    };
    let mut ids = Vec::new();
    for name in call.args() {
        let index = call.api(cx, "GET", &format!("/containers/{name}/stats"), stream, 200);
        match host.daemon.containers.lookup(name) {
            Ok(container) => ids.push(container.id.clone()),
            Err(error) => {
                set_api_error(cx, index, &error);
                return Err(daemon_error(cx, &error.message));
            }
        }
    }
    Ok(ids)
}

/// The header row of the stats table.
fn header() -> Json {
    crate::sorted_object!({
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

/// Returns the first 12 characters of a container ID, as docker/cli
/// names a container it lists itself.
fn short_id(id: &str) -> String {
    id.get(..12).unwrap_or(id).to_string()
}

/// The fields docker/cli's `statsContext` gives a template.
fn template_row(reference: &str, columns: Vec<String>) -> Json {
    crate::sorted_object!({
        "Container": reference,
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn frame_carries_the_table_twice() {
        let cases = [
            (
                "A\nB\n",
                "\x1b[HA\nB\n\x1b[HA\x1b[K\nB\x1b[K\n\x1b[K\n\x1b[J",
            ),
            ("", "\x1b[H\x1b[H\x1b[K\n\x1b[J"),
        ];
        for (table, expected) in cases {
            assert_eq!(frame(table), expected, "{table:?}");
        }
    }
}
