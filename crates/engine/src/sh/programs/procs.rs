//! Processes from the kernel model: `ps` and `top -b`, in the formats of
//! procps-ng 4 and BusyBox.

use crate::clock::Millis;
use crate::sh::ctx::{Ctx, Flavor};
use crate::sh::system::{command_name, Memory, Process};

/// Returns the processes with `ps` itself added, as it lists itself while
/// running. Run as the process itself (`docker exec c ps`), `ps` is
/// already in the list under the shell's PID.
fn with_self(ctx: &Ctx) -> Vec<Process> {
    let mut processes = ctx.system.processes();
    let own = ctx.own_process();
    match processes.iter_mut().find(|process| process.pid == own.pid) {
        Some(process) => process.state = 'R',
        None => processes.push(own),
    }
    processes
}

fn clock_time(millis: Millis) -> String {
    let seconds = millis / 1000;
    format!("{:02}:{:02}", seconds / 3600 % 24, seconds / 60 % 60)
}

fn cpu_time(millis: u64) -> String {
    let seconds = millis / 1000;
    format!(
        "{:02}:{:02}:{:02}",
        seconds / 3600,
        seconds / 60 % 60,
        seconds % 60
    )
}

/// Runs `ps`: BusyBox's one format, or procps' `aux`, `-ef`, `-e` and
/// default formats.
pub(crate) fn ps(ctx: &mut Ctx) -> i32 {
    let processes = with_self(ctx);
    let args = ctx.args().join(" ");
    let text = if ctx.flavor == Flavor::Busybox {
        ps_busybox(&processes)
    } else if args.contains('u') && !args.starts_with('-') {
        let total_kib = ctx.system.memory().total_kib.max(1);
        ps_user(&processes, total_kib)
    } else if args.contains("-e") || args.contains("-A") || args.contains('x') {
        ps_columns(&processes, args.contains('f'))
    } else if args.contains("-f") {
        ps_columns(&own_terminal(processes), true)
    } else {
        ps_columns(&own_terminal(processes), false)
    };
    ctx.out(text);
    0
}

/// Keeps the processes procps' `ps` selects without options: those of the
/// same user on the same terminal as `ps` itself, which comes last.
fn own_terminal(processes: Vec<Process>) -> Vec<Process> {
    let Some(own) = processes.last().cloned() else {
        return processes;
    };
    processes
        .into_iter()
        .filter(|p| p.user == own.user && p.tty == own.tty)
        .collect()
}

/// Formats processes as BusyBox's `ps` prints them.
fn ps_busybox(processes: &[Process]) -> String {
    let mut text = "PID   USER     TIME  COMMAND\n".to_string();
    for p in processes {
        let seconds = p.cpu_millis / 1000;
        let time = format!("{}:{:02}", seconds / 60, seconds % 60);
        text.push_str(&format!(
            "{:>5} {:<8.8} {:>5} {}\n",
            p.pid, p.user, time, p.command
        ));
    }
    text
}

/// Formats processes as procps' `ps aux` prints them.
fn ps_user(processes: &[Process], total_kib: u64) -> String {
    let mut text =
        "USER         PID %CPU %MEM    VSZ   RSS TTY      STAT START   TIME COMMAND\n".to_string();
    for p in processes {
        let memory = p.rss_kib as f64 * 100.0 / total_kib as f64;
        let stat = if p.pid == 1 {
            format!("{}s", p.state)
        } else {
            p.state.to_string()
        };
        let seconds = p.cpu_millis / 1000;
        text.push_str(&format!(
            "{:<8} {:>7} {:>4.1} {:>4.1} {:>6} {:>5} {:<8} {:<4} {:>5} {:>6} {}\n",
            p.user,
            p.pid,
            0.0,
            memory,
            p.vsz_kib,
            p.rss_kib,
            tty(p),
            stat,
            clock_time(p.started),
            format!("{}:{:02}", seconds / 60, seconds % 60),
            p.command
        ));
    }
    text
}

/// Formats processes in procps' default columns, or with `-f` its full
/// ones, which add the user, parent, start time and whole command line.
fn ps_columns(processes: &[Process], full: bool) -> String {
    let mut text = match full {
        true => "UID          PID    PPID  C STIME TTY          TIME CMD\n".to_string(),
        false => "    PID TTY          TIME CMD\n".to_string(),
    };
    for p in processes {
        let line = match full {
            true => format!(
                "{:<8} {:>7} {:>7} {:>2} {:>5} {:<8} {:>8} {}\n",
                p.user,
                p.pid,
                p.ppid,
                0,
                clock_time(p.started),
                tty(p),
                cpu_time(p.cpu_millis),
                p.command
            ),
            false => format!(
                "{:>7} {:<8} {:>8} {}\n",
                p.pid,
                tty(p),
                cpu_time(p.cpu_millis),
                command_name(&p.command)
            ),
        };
        text.push_str(&line);
    }
    text
}

/// Returns a process's terminal as ps shows it, `?` for none.
fn tty(process: &Process) -> String {
    process.tty.clone().unwrap_or_else(|| "?".to_string())
}

pub(crate) fn top(ctx: &mut Ctx) -> i32 {
    let args = ctx.args().join(" ");
    if !args.contains('b') {
        ctx.not_simulated("top's full-screen view is not modelled; use top -b -n 1");
        return 0;
    }
    let processes = with_self(ctx);
    let memory = ctx.system.memory();
    let now = ctx.system.now() + ctx.run.elapsed;
    let uptime_minutes = ctx.system.uptime_millis() / 60_000;
    let text = match ctx.flavor {
        Flavor::Busybox => busybox_top(&processes, &memory),
        Flavor::Gnu => procps_top(&processes, &memory, now, uptime_minutes),
    };
    ctx.out(text);
    0
}

/// Formats uptime as top's first line does: `1:05`, `1 day,  0:05`.
fn uptime_text(minutes: u64) -> String {
    let clock = format!("{:>2}:{:02}", minutes / 60 % 24, minutes % 60);
    match minutes / 1440 {
        0 => clock,
        1 => format!("1 day, {clock}"),
        days => format!("{days} days, {clock}"),
    }
}

/// Formats one `top -b` screen as procps-ng prints it: summary lines, then
/// a row per process.
fn procps_top(processes: &[Process], memory: &Memory, now: Millis, uptime_minutes: u64) -> String {
    let mib = |kib: u64| kib as f64 / 1024.0;
    let used = memory.total_kib - memory.free_kib - memory.buff_cache_kib;
    let up = uptime_text(uptime_minutes);
    let running = processes.iter().filter(|p| p.state == 'R').count();
    let seconds = now / 1000;
    let mut text = format!(
        "top - {:02}:{:02}:{:02} up {up},  0 user,  load average: 0.08, 0.03, 0.01\n",
        seconds / 3600 % 24,
        seconds / 60 % 60,
        seconds % 60
    );
    text.push_str(&format!(
        "Tasks: {:>3} total, {:>3} running, {:>3} sleeping,   0 stopped,   0 zombie\n",
        processes.len(),
        running,
        processes.len() - running
    ));
    text.push_str(
        "%Cpu(s):  0.0 us,  0.0 sy,  0.0 ni,100.0 id,  0.0 wa,  0.0 hi,  0.0 si,  0.0 st \n",
    );
    text.push_str(&format!(
        "MiB Mem : {:>8.1} total, {:>8.1} free, {:>8.1} used, {:>8.1} buff/cache     \n",
        mib(memory.total_kib),
        mib(memory.free_kib),
        mib(used),
        mib(memory.buff_cache_kib)
    ));
    text.push_str(&format!(
        "MiB Swap: {:>8.1} total, {:>8.1} free, {:>8.1} used. {:>8.1} avail Mem \n\n",
        mib(memory.swap_total_kib),
        mib(memory.swap_free_kib),
        mib(memory.swap_total_kib - memory.swap_free_kib),
        mib(memory.available_kib)
    ));

    text.push_str(
        "    PID USER      PR  NI    VIRT    RES    SHR S  %CPU  %MEM     TIME+ COMMAND\n",
    );
    for p in processes {
        let share = p.rss_kib * 3 / 4;
        let hundredths = p.cpu_millis / 10;
        text.push_str(&format!(
            "{:>7} {:<8}  20   0 {:>7} {:>6} {:>6} {} {:>5.1} {:>5.1} {:>3}:{:02}.{:02} {}\n",
            p.pid,
            p.user,
            p.vsz_kib,
            p.rss_kib,
            share,
            p.state,
            0.0,
            p.rss_kib as f64 * 100.0 / memory.total_kib.max(1) as f64,
            hundredths / 6000,
            hundredths / 100 % 60,
            hundredths % 100,
            command_name(&p.command)
        ));
    }
    text
}

fn busybox_top(processes: &[Process], memory: &Memory) -> String {
    let used = memory.total_kib - memory.free_kib;
    let mut text = format!(
        "Mem: {used}K used, {}K free, {}K shrd, {}K buff, {}K cached\n",
        memory.free_kib,
        memory.shared_kib,
        memory.buff_cache_kib / 10,
        memory.buff_cache_kib - memory.buff_cache_kib / 10
    );
    text.push_str("CPU:   0% usr   0% sys   0% nic 100% idle   0% io   0% irq   0% sirq\n");
    text.push_str(&format!(
        "Load average: 0.08 0.03 0.01 1/{} 42\n",
        processes.len()
    ));
    text.push_str("  PID  PPID USER     STAT   VSZ %VSZ CPU %CPU COMMAND\n");
    for p in processes {
        let share = p.vsz_kib * 100 / memory.total_kib.max(1);
        text.push_str(&format!(
            "{:>5} {:>5} {:<8} {:<4} {:>5} {:>3}%   0   0% {}\n",
            p.pid, p.ppid, p.user, p.state, p.vsz_kib, share, p.command
        ));
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    fn process(pid: u32, user: &str, tty: Option<&str>) -> Process {
        Process {
            pid,
            ppid: 1,
            user: user.to_string(),
            command: format!("cmd{pid}"),
            state: 'S',
            rss_kib: 0,
            vsz_kib: 0,
            cpu_millis: 0,
            started: 0,
            tty: tty.map(str::to_string),
        }
    }

    #[test]
    fn uptime_texts() {
        assert_eq!(uptime_text(65), " 1:05");
        assert_eq!(uptime_text(1445), "1 day,  0:05");
        assert_eq!(uptime_text(3 * 1440 + 600), "3 days, 10:00");
    }

    #[test]
    fn default_selection_is_own_terminal() {
        let processes = vec![
            process(1, "root", Some("pts/0")),
            process(2, "root", None),
            process(3, "app", Some("pts/0")),
            process(4, "root", Some("pts/1")),
            process(5, "root", Some("pts/0")),
        ];
        let pids: Vec<u32> = own_terminal(processes).iter().map(|p| p.pid).collect();
        assert_eq!(pids, [1, 5]);
    }
}
