//! `docker top CONTAINER [ps OPTIONS]`: the container's processes as the
//! host's `ps` sees them, from `GET /containers/{id}/top`. moby runs `ps`
//! on the host (`-ef` by default) and keeps the rows whose PID belongs to
//! the container, so the PIDs are host PIDs and PID 1's parent is the
//! shim. docker/cli prints the table with `tabwriter.NewWriter(out, 20, 1,
//! 3, ' ', 0)`.

use crate::clock::Millis;
use crate::client::docker::Call;
use crate::cx::{query_escape, Cx};
use crate::kernel::context::host_processes;
use crate::sh::Process;
use crate::table::TabWriter;
use crate::world::World;

use super::{daemon_error, set_api_status};

/// `docker top`'s table writer: minimum width 20, padding 3.
const TOP_TABLE: TabWriter = TabWriter { min_width: 20, tab_width: 1, padding: 3, pad_char: ' ' };

/// Runs `docker top`.
pub fn run(world: &mut World, cx: &mut Cx, call: &Call) -> i32 {
    let name = call.args()[0].clone();
    let ps_args = call.args()[1..].join(" ");
    let query = if ps_args.is_empty() { String::new() } else { format!("ps_args={}", query_escape(&ps_args)) };
    let index = call.api(cx, "GET", &format!("/containers/{name}/top"), &query, 200);
    let now = cx.now();
    let host = world.hosts.get_mut(&call.target).expect("target host exists");
    crate::daemon::lifecycle::settle(host, cx, now);
    let container = match host.daemon.containers.lookup(&name) {
        Ok(container) => container,
        Err(error) => {
            set_api_status(cx, index, error.status);
            return daemon_error(cx, &error.message);
        }
    };
    let Some(task) = container.task.as_ref().filter(|_| container.state.has_process()) else {
        set_api_status(cx, index, 409);
        return daemon_error(cx, &format!("container {} is not running", container.id));
    };
    let own: Vec<u32> = task.processes.alive(now).iter().map(|process| process.host_pid).collect();
    let processes: Vec<Process> = host_processes(host, now).into_iter().filter(|process| own.contains(&process.pid)).collect();
    let rows = match format_of(&ps_args) {
        Some(Format::Full) => full_rows(&processes, now),
        Some(Format::User) => user_rows(&processes, now, host.memory / 1024),
        None => {
            set_api_status(cx, index, 500);
            // FIXME: only `-ef`, `-f` and `aux` ps options are simulated.
            return daemon_error(cx, &format!("ps: options {ps_args} are not simulated; use -ef or aux"));
        }
    };
    let text: String = rows.iter().map(|row| format!("{}\n", row.join("\t"))).collect();
    cx.out.out(TOP_TABLE.format(&text));
    0
}

/// The `ps` formats `docker top` accepts here.
enum Format {
    /// `-ef`: `UID PID PPID C STIME TTY TIME CMD`.
    Full,
    /// `aux`: `USER PID %CPU %MEM VSZ RSS TTY STAT START TIME COMMAND`.
    User,
}

fn format_of(ps_args: &str) -> Option<Format> {
    match ps_args.trim() {
        "" | "-ef" | "-f" | "-e" | "ef" | "-eF" => Some(Format::Full),
        "aux" | "-aux" | "au" | "ux" | "-aux --sort=pid" => Some(Format::User),
        _ => None,
    }
}

/// `HH:MM` of a start time.
fn clock(time: Millis) -> String {
    let minutes = time / 60_000;
    format!("{:02}:{:02}", minutes / 60 % 24, minutes % 60)
}

/// CPU time as `ps -ef` prints it: `HH:MM:SS`.
fn cpu_time(millis: u64) -> String {
    let seconds = millis / 1000;
    format!("{:02}:{:02}:{:02}", seconds / 3600, seconds / 60 % 60, seconds % 60)
}

/// CPU use over the process's life, in percent.
fn cpu_share(process: &Process, now: Millis) -> f64 {
    let lived = now.saturating_sub(process.started).max(1);
    process.cpu_millis as f64 * 100.0 / lived as f64
}

fn full_rows(processes: &[Process], now: Millis) -> Vec<Vec<String>> {
    let mut rows = vec![["UID", "PID", "PPID", "C", "STIME", "TTY", "TIME", "CMD"].map(str::to_string).to_vec()];
    for process in processes {
        rows.push(vec![
            process.user.clone(),
            process.pid.to_string(),
            process.ppid.to_string(),
            (cpu_share(process, now) as u64).to_string(),
            clock(process.started),
            process.tty.clone().unwrap_or_else(|| "?".to_string()),
            cpu_time(process.cpu_millis),
            process.command.clone(),
        ]);
    }
    rows
}

fn user_rows(processes: &[Process], now: Millis, total_kib: u64) -> Vec<Vec<String>> {
    let header = ["USER", "PID", "%CPU", "%MEM", "VSZ", "RSS", "TTY", "STAT", "START", "TIME", "COMMAND"];
    let mut rows = vec![header.map(str::to_string).to_vec()];
    let first = processes.iter().map(|process| process.pid).min().unwrap_or(0);
    for process in processes {
        let seconds = process.cpu_millis / 1000;
        let leader = if process.pid == first { "s" } else { "" };
        rows.push(vec![
            process.user.clone(),
            process.pid.to_string(),
            format!("{:.1}", cpu_share(process, now)),
            format!("{:.1}", process.rss_kib as f64 * 100.0 / total_kib.max(1) as f64),
            process.vsz_kib.to_string(),
            process.rss_kib.to_string(),
            process.tty.clone().unwrap_or_else(|| "?".to_string()),
            format!("{}{leader}", process.state),
            clock(process.started),
            format!("{}:{:02}", seconds / 60, seconds % 60),
            process.command.clone(),
        ]);
    }
    rows
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn times_format_as_ps() {
        assert_eq!(clock(crate::clock::START + 61_000), "09:01");
        assert_eq!(cpu_time(3_723_000), "01:02:03");
    }
}
