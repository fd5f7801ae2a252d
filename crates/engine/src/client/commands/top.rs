//! `docker top CONTAINER [ps OPTIONS]`: the container's processes as the
//! host's `ps` sees them, from `GET /containers/{id}/top`. moby runs `ps`
//! on the host (`-ef` by default) and keeps the rows whose PID belongs to
//! the container, so the PIDs are host PIDs and PID 1's parent is the
//! shim. docker/cli prints the table with `tabwriter.NewWriter(out, 20, 1,
//! 3, ' ', 0)`.

use crate::client::docker::Call;
use crate::clock::Millis;
use crate::cx::{query_escape, Cx};
use crate::kernel::context::host_processes;
use crate::sh::Process;
use crate::table::TabWriter;
use crate::world::World;

use super::{daemon_error, set_api_error, set_api_status};

/// `docker top`'s table writer: minimum width 20, padding 3.
const TOP_TABLE: TabWriter = TabWriter {
    min_width: 20,
    tab_width: 1,
    padding: 3,
    pad_char: ' ',
};

/// Runs `docker top`.
pub fn run(world: &mut World, cx: &mut Cx, call: &Call) -> i32 {
    let name = call.args()[0].clone();
    let ps_args = call.args()[1..].join(" ");
    let query = if ps_args.is_empty() {
        String::new()
    } else {
        format!("ps_args={}", query_escape(&ps_args))
    };
    let index = call.api(cx, "GET", &format!("/containers/{name}/top"), &query, 200);
    let now = cx.now();
    let host = world
        .hosts
        .get_mut(&call.target)
        .expect("target host exists");
    crate::daemon::lifecycle::settle(host, cx, now);
    let container = match host.daemon.containers.lookup(&name) {
        Ok(container) => container,
        Err(error) => {
            set_api_error(cx, index, &error);
            return daemon_error(cx, &error.message);
        }
    };
    let Some(task) = container
        .task
        .as_ref()
        .filter(|_| container.state.has_process())
    else {
        set_api_status(cx, index, 409);
        return daemon_error(cx, &format!("container {} is not running", container.id));
    };
    let own: Vec<u32> = task
        .processes
        .alive(now)
        .iter()
        .map(|process| process.host_pid)
        .collect();
    let processes: Vec<Process> = host_processes(host, now)
        .into_iter()
        .filter(|process| own.contains(&process.pid))
        .collect();
    let total_kib = host.memory / 1024;
    let rows = match format_of(&ps_args) {
        Some(Format::Full) => Ok(full_rows(&processes, now)),
        Some(Format::User) => Ok(user_rows(&processes, now, total_kib)),
        Some(Format::Custom(fields)) => custom_rows(&processes, now, total_kib, &fields),
        None => {
            set_api_status(cx, index, 500);
            // FIXME: only `-ef`, `-f`, `aux` and `-o LIST` ps options are simulated.
            return daemon_error(
                cx,
                &format!("ps: options {ps_args} are not simulated; use -ef, aux or -o"),
            );
        }
    };
    let rows = match rows {
        Ok(rows) => rows,
        Err(message) => {
            set_api_status(cx, index, 500);
            return daemon_error(cx, &message);
        }
    };
    let text: String = rows
        .iter()
        .map(|row| format!("{}\n", row.join("\t")))
        .collect();
    cx.out.out(TOP_TABLE.format(&text));
    0
}

/// The `ps` formats `docker top` accepts here.
enum Format {
    /// `-ef`: `UID PID PPID C STIME TTY TIME CMD`.
    Full,
    /// `aux`: `USER PID %CPU %MEM VSZ RSS TTY STAT START TIME COMMAND`.
    User,
    /// `-o LIST`: the listed fields, each `NAME` or `NAME=HEADER`.
    Custom(Vec<String>),
}

fn format_of(ps_args: &str) -> Option<Format> {
    match ps_args.trim() {
        "" | "-ef" | "-f" | "-e" | "ef" | "-eF" => return Some(Format::Full),
        "aux" | "-aux" | "au" | "ux" | "-aux --sort=pid" => return Some(Format::User),
        _ => {}
    }
    let words: Vec<&str> = ps_args.split_whitespace().collect();
    let position = words
        .iter()
        .position(|word| matches!(*word, "-o" | "o" | "-eo" | "eo" | "--format"))?;
    let list = words.get(position + 1)?;
    let others = words
        .iter()
        .enumerate()
        .filter(|(index, _)| *index != position && *index != position + 1);
    if others
        .map(|(_, word)| *word)
        .any(|word| !matches!(word, "-e" | "-A" | "e" | "a" | "x" | "ax"))
    {
        return None;
    }
    Some(Format::Custom(
        list.split(',').map(str::to_string).collect(),
    ))
}

/// A `ps -o` field: its default header and its value for a process.
struct Field {
    header: &'static str,
    value: fn(&Process, Millis, u64) -> String,
}

/// Returns the `ps -o` field of a name, as procps-ng 4 names them.
fn field(name: &str) -> Option<Field> {
    let field = |header, value| Some(Field { header, value });
    match name {
        "pid" | "tgid" => field("PID", |process, _, _| process.pid.to_string()),
        "ppid" => field("PPID", |process, _, _| process.ppid.to_string()),
        "user" | "euser" | "uname" => field("USER", |process, _, _| process.user.clone()),
        "comm" | "ucmd" | "ucomm" => {
            field("COMMAND", |process, _, _| command_name(&process.command))
        }
        "args" | "command" => field("COMMAND", |process, _, _| process.command.clone()),
        "cmd" => field("CMD", |process, _, _| process.command.clone()),
        "tty" | "tt" | "tname" => field("TT", |process, _, _| {
            process.tty.clone().unwrap_or_else(|| "?".to_string())
        }),
        "stat" => field("STAT", |process, _, _| process.state.to_string()),
        "s" | "state" => field("S", |process, _, _| process.state.to_string()),
        "time" | "cputime" => field("TIME", |process, _, _| cpu_time(process.cpu_millis)),
        "etime" => field("ELAPSED", |process, now, _| {
            elapsed(now.saturating_sub(process.started))
        }),
        "etimes" => field("ELAPSED", |process, now, _| {
            (now.saturating_sub(process.started) / 1000).to_string()
        }),
        "pcpu" | "%cpu" => field("%CPU", |process, now, _| {
            format!("{:.1}", cpu_share(process, now))
        }),
        "c" => field("C", |process, now, _| {
            (cpu_share(process, now) as u64).to_string()
        }),
        "pmem" | "%mem" => field("%MEM", |process, _, total_kib| {
            format!(
                "{:.1}",
                process.rss_kib as f64 * 100.0 / total_kib.max(1) as f64
            )
        }),
        "rss" | "rssize" | "rsz" => field("RSS", |process, _, _| process.rss_kib.to_string()),
        "vsz" | "vsize" => field("VSZ", |process, _, _| process.vsz_kib.to_string()),
        "stime" | "start_time" => field("STIME", |process, _, _| clock(process.started)),
        _ => None,
    }
}

/// Returns the executable name of a command line, as `comm` shows it. A
/// server that retitles itself (`nginx: worker process`) keeps its
/// executable's name.
fn command_name(command: &str) -> String {
    let first = command
        .split_whitespace()
        .next()
        .unwrap_or("")
        .trim_end_matches(':');
    first
        .rsplit('/')
        .next()
        .unwrap_or(first)
        .chars()
        .take(15)
        .collect()
}

/// Elapsed time as `etime` prints it: `[[DD-]HH:]MM:SS`.
fn elapsed(millis: u64) -> String {
    let seconds = millis / 1000;
    let (days, hours, minutes) = (seconds / 86_400, seconds / 3600 % 24, seconds / 60 % 60);
    match (days, hours) {
        (0, 0) => format!("{minutes:02}:{:02}", seconds % 60),
        (0, _) => format!("{hours:02}:{minutes:02}:{:02}", seconds % 60),
        _ => format!("{days}-{hours:02}:{minutes:02}:{:02}", seconds % 60),
    }
}

/// Builds the rows of `ps -o LIST`. moby rejects a header override that
/// names another field `PID` (`validatePSArgs`) and output without a `PID`
/// column (`parsePSOutput`); ps rejects an unknown field.
fn custom_rows(
    processes: &[Process],
    now: Millis,
    total_kib: u64,
    specs: &[String],
) -> Result<Vec<Vec<String>>, String> {
    let mut fields = Vec::new();
    for spec in specs {
        let (name, header) = match spec.split_once('=') {
            Some((name, header)) => (name, Some(header)),
            None => (spec.as_str(), None),
        };
        if let Some(header) = header.filter(|header| header.starts_with("PID") && name != "pid") {
            return Err(format!("specifying \"{name}={header}\" is not allowed"));
        }
        let Some(field) = field(&name.to_ascii_lowercase()) else {
            return Err(format!(
                "ps: error: unknown user-defined format specifier \"{name}\""
            ));
        };
        let header = header.map_or(field.header.to_string(), str::to_string);
        fields.push((header, field.value));
    }
    if !fields.iter().any(|(header, _)| header == "PID") {
        return Err("Couldn't find PID field in ps output".to_string());
    }
    let mut rows = vec![fields
        .iter()
        .map(|(header, _)| header.clone())
        .collect::<Vec<_>>()];
    for process in processes {
        rows.push(
            fields
                .iter()
                .map(|(_, value)| value(process, now, total_kib))
                .collect(),
        );
    }
    Ok(rows)
}

/// `HH:MM` of a start time.
fn clock(time: Millis) -> String {
    let minutes = time / 60_000;
    format!("{:02}:{:02}", minutes / 60 % 24, minutes % 60)
}

/// CPU time as `ps -ef` prints it: `HH:MM:SS`.
fn cpu_time(millis: u64) -> String {
    let seconds = millis / 1000;
    format!(
        "{:02}:{:02}:{:02}",
        seconds / 3600,
        seconds / 60 % 60,
        seconds % 60
    )
}

/// CPU use over the process's life, in percent.
fn cpu_share(process: &Process, now: Millis) -> f64 {
    let lived = now.saturating_sub(process.started).max(1);
    process.cpu_millis as f64 * 100.0 / lived as f64
}

fn full_rows(processes: &[Process], now: Millis) -> Vec<Vec<String>> {
    let mut rows = vec![["UID", "PID", "PPID", "C", "STIME", "TTY", "TIME", "CMD"]
        .map(str::to_string)
        .to_vec()];
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
    let header = [
        "USER", "PID", "%CPU", "%MEM", "VSZ", "RSS", "TTY", "STAT", "START", "TIME", "COMMAND",
    ];
    let mut rows = vec![header.map(str::to_string).to_vec()];
    let first = processes
        .iter()
        .map(|process| process.pid)
        .min()
        .unwrap_or(0);
    for process in processes {
        let seconds = process.cpu_millis / 1000;
        let leader = if process.pid == first { "s" } else { "" };
        rows.push(vec![
            process.user.clone(),
            process.pid.to_string(),
            format!("{:.1}", cpu_share(process, now)),
            format!(
                "{:.1}",
                process.rss_kib as f64 * 100.0 / total_kib.max(1) as f64
            ),
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
        assert_eq!(elapsed(61_000), "01:01");
        assert_eq!(elapsed(3_723_000), "01:02:03");
        assert_eq!(elapsed(90_061_000), "1-01:01:01");
    }

    fn process(pid: u32, command: &str) -> Process {
        Process {
            pid,
            ppid: 1,
            user: "root".to_string(),
            command: command.to_string(),
            state: 'S',
            rss_kib: 512,
            vsz_kib: 2048,
            cpu_millis: 0,
            started: crate::clock::START,
            tty: None,
        }
    }

    #[test]
    fn custom_formats_follow_ps_and_moby() {
        let processes = [process(4005, "/usr/bin/python3 -m http.server")];
        let now = crate::clock::START;
        let specs = |list: &str| list.split(',').map(str::to_string).collect::<Vec<_>>();
        let rows = custom_rows(&processes, now, 1024, &specs("pid,comm,args")).unwrap();
        assert_eq!(rows[0], ["PID", "COMMAND", "COMMAND"]);
        assert_eq!(
            rows[1],
            ["4005", "python3", "/usr/bin/python3 -m http.server"]
        );
        let renamed = custom_rows(&processes, now, 1024, &specs("pid,user=WHO")).unwrap();
        assert_eq!(renamed[0], ["PID", "WHO"]);
        let cases = [
            ("comm", "Couldn't find PID field in ps output"),
            (
                "pid,nope",
                "ps: error: unknown user-defined format specifier \"nope\"",
            ),
            ("pid,ppid=PID", "specifying \"ppid=PID\" is not allowed"),
        ];
        for (list, message) in cases {
            assert_eq!(
                custom_rows(&processes, now, 1024, &specs(list)).unwrap_err(),
                message,
                "{list}"
            );
        }
    }

    #[test]
    fn ps_arguments_pick_a_format() {
        assert!(matches!(format_of("-ef"), Some(Format::Full)));
        assert!(matches!(format_of("aux"), Some(Format::User)));
        assert!(
            matches!(format_of("-eo pid,comm"), Some(Format::Custom(fields)) if fields == ["pid", "comm"])
        );
        assert!(format_of("-o").is_none());
        assert!(format_of("-L").is_none());
    }
}
