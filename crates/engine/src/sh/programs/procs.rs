//! Programs that report processes, memory, disks and network from the
//! kernel model: `ps`, `top -b`, `free`, `df`, `mount` and `ip`, in the
//! formats of procps-ng 4, coreutils 9, iproute2 6 and BusyBox.

use super::super::ctx::{Ctx, Flavor};
use super::super::system::{command_name, Interface, Memory, Process};
use super::ls::human;
use crate::clock::Millis;

/// Returns the processes with `ps` itself added, as it sees itself running.
fn with_self(ctx: &Ctx) -> Vec<Process> {
    let mut processes = ctx.system.processes();
    let pid = processes.iter().map(|p| p.pid).max().unwrap_or(0) + 6;
    processes.push(Process {
        pid,
        ppid: ctx.shell.pid(),
        user: ctx
            .identity()
            .name
            .unwrap_or_else(|| ctx.identity().uid.to_string()),
        command: ctx.argv.join(" "),
        state: 'R',
        rss_kib: 4_096,
        vsz_kib: 8_088,
        cpu_millis: 0,
        started: ctx.system.now() + ctx.run.elapsed,
        tty: processes.first().and_then(|p| p.tty.clone()),
    });
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

pub(crate) fn ps(ctx: &mut Ctx) -> i32 {
    let processes = with_self(ctx);
    let args = ctx.args().join(" ");
    if ctx.flavor == Flavor::Busybox {
        let mut text = "PID   USER     TIME  COMMAND\n".to_string();
        for p in &processes {
            let seconds = p.cpu_millis / 1000;
            let time = format!("{}:{:02}", seconds / 60, seconds % 60);
            text.push_str(&format!(
                "{:>5} {:<8.8} {:>5} {}\n",
                p.pid, p.user, time, p.command
            ));
        }
        ctx.out(text);
        return 0;
    }
    let total_kib = ctx.system.memory().total_kib.max(1);
    let tty = |p: &Process| p.tty.clone().unwrap_or_else(|| "?".to_string());
    let mut text = String::new();
    if args.contains('u') && !args.starts_with('-') {
        text.push_str(
            "USER         PID %CPU %MEM    VSZ   RSS TTY      STAT START   TIME COMMAND\n",
        );
        for p in &processes {
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
    } else if args.contains("-e")
        || args.contains("-f")
        || args.contains("-A")
        || args.contains('x')
    {
        let full = args.contains('f');
        match full {
            true => text.push_str("UID          PID    PPID  C STIME TTY          TIME CMD\n"),
            false => text.push_str("    PID TTY          TIME CMD\n"),
        }
        for p in &processes {
            match full {
                true => text.push_str(&format!(
                    "{:<8} {:>7} {:>7} {:>2} {:>5} {:<8} {:>8} {}\n",
                    p.user,
                    p.pid,
                    p.ppid,
                    0,
                    clock_time(p.started),
                    tty(p),
                    cpu_time(p.cpu_millis),
                    p.command
                )),
                false => text.push_str(&format!(
                    "{:>7} {:<8} {:>8} {}\n",
                    p.pid,
                    tty(p),
                    cpu_time(p.cpu_millis),
                    command_name(&p.command)
                )),
            }
        }
    } else {
        text.push_str("    PID TTY          TIME CMD\n");
        for p in &processes {
            text.push_str(&format!(
                "{:>7} {:<8} {:>8} {}\n",
                p.pid,
                tty(p),
                cpu_time(p.cpu_millis),
                command_name(&p.command)
            ));
        }
    }
    ctx.out(text);
    0
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

fn procps_top(processes: &[Process], memory: &Memory, now: Millis, uptime_minutes: u64) -> String {
    let mib = |kib: u64| kib as f64 / 1024.0;
    let used = memory.total_kib - memory.free_kib - memory.buff_cache_kib;
    let days = uptime_minutes / 1440;
    let up = match days {
        0 => format!("{:>2}:{:02}", uptime_minutes / 60 % 24, uptime_minutes % 60),
        1 => format!(
            "1 day, {:>2}:{:02}",
            uptime_minutes / 60 % 24,
            uptime_minutes % 60
        ),
        n => format!(
            "{n} days, {:>2}:{:02}",
            uptime_minutes / 60 % 24,
            uptime_minutes % 60
        ),
    };
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

pub(crate) fn free(ctx: &mut Ctx) -> i32 {
    let args = ctx.args().join(" ");
    let memory = ctx.system.memory();
    let used = memory.total_kib - memory.available_kib;
    let swap_used = memory.swap_total_kib - memory.swap_free_kib;
    let format = |kib: u64| -> String {
        if args.contains('h') {
            human_free(kib * 1024)
        } else if args.contains('m') {
            (kib / 1024).to_string()
        } else if args.contains('g') {
            (kib / 1024 / 1024).to_string()
        } else if args.contains('b') {
            (kib * 1024).to_string()
        } else {
            kib.to_string()
        }
    };
    let label = |name: &str| format!("{name:<8}");
    let mut text = format!(
        "{:<8}{:>12}{:>12}{:>12}{:>12}{:>12}{:>12}\n",
        "", "total", "used", "free", "shared", "buff/cache", "available"
    );
    text.push_str(&format!(
        "{}{:>12}{:>12}{:>12}{:>12}{:>12}{:>12}\n",
        label("Mem:"),
        format(memory.total_kib),
        format(used),
        format(memory.free_kib),
        format(memory.shared_kib),
        format(memory.buff_cache_kib),
        format(memory.available_kib)
    ));
    text.push_str(&format!(
        "{}{:>12}{:>12}{:>12}\n",
        label("Swap:"),
        format(memory.swap_total_kib),
        format(swap_used),
        format(memory.swap_free_kib)
    ));
    ctx.out(text);
    0
}

/// Formats a size as `free -h` does: `7.8Gi`, `881Mi`, `0B`.
fn human_free(bytes: u64) -> String {
    if bytes < 1024 {
        return format!("{bytes}B");
    }
    let units = ["Ki", "Mi", "Gi", "Ti"];
    let mut value = bytes as f64 / 1024.0;
    let mut unit = 0;
    while value >= 1024.0 && unit + 1 < units.len() {
        value /= 1024.0;
        unit += 1;
    }
    match value < 10.0 {
        true => format!("{value:.1}{}", units[unit]),
        false => format!("{}{}", value.round() as u64, units[unit]),
    }
}

pub(crate) fn df(ctx: &mut Ctx) -> i32 {
    let human_sizes = ctx
        .args()
        .iter()
        .any(|arg| arg.starts_with('-') && arg.contains('h'));
    let mounts: Vec<_> = ctx
        .system
        .mounts()
        .into_iter()
        .filter(|m| m.size_kib > 0)
        .collect();
    let busybox = ctx.flavor == Flavor::Busybox;
    let mut rows = vec![[
        "Filesystem".to_string(),
        if human_sizes { "Size" } else { "1K-blocks" }.to_string(),
        "Used".to_string(),
        if human_sizes && !busybox {
            "Avail"
        } else {
            "Available"
        }
        .to_string(),
        "Use%".to_string(),
        "Mounted on".to_string(),
    ]];
    for mount in &mounts {
        // ext4 keeps 5% of the blocks for root, which df leaves out of Available.
        let reserved = if mount.fs_type == "tmpfs" {
            0
        } else {
            mount.size_kib / 20
        };
        let available = mount.size_kib.saturating_sub(mount.used_kib + reserved);
        let percent = match mount.used_kib + available {
            0 => 0,
            total => (mount.used_kib * 100).div_ceil(total),
        };
        let size = |kib: u64| match human_sizes {
            true => human(kib * 1024, ctx.flavor),
            false => kib.to_string(),
        };
        rows.push([
            mount.device.clone(),
            size(mount.size_kib),
            size(mount.used_kib),
            size(available),
            format!("{percent}%"),
            mount.target.clone(),
        ]);
    }
    // GNU df gives the file system 14 columns and human sizes 5 at least.
    let minimums = [
        14,
        if human_sizes { 5 } else { 0 },
        if human_sizes { 5 } else { 0 },
        if human_sizes { 5 } else { 0 },
        4,
        0,
    ];
    let widths: Vec<usize> = (0..6)
        .map(|column| {
            rows.iter()
                .map(|row| row[column].len())
                .max()
                .unwrap_or(0)
                .max(minimums[column])
        })
        .collect();
    let mut text = String::new();
    for row in &rows {
        let line = match ctx.flavor {
            Flavor::Gnu => format!(
                "{:<w0$} {:>w1$} {:>w2$} {:>w3$} {:>w4$} {}",
                row[0],
                row[1],
                row[2],
                row[3],
                row[4],
                row[5],
                w0 = widths[0],
                w1 = widths[1],
                w2 = widths[2],
                w3 = widths[3],
                w4 = widths[4]
            ),
            Flavor::Busybox => format!(
                "{:<20} {:>9} {:>9} {:>9} {:>4} {}",
                row[0], row[1], row[2], row[3], row[4], row[5]
            ),
        };
        text.push_str(line.trim_end());
        text.push('\n');
    }
    ctx.out(text);
    0
}

pub(crate) fn mount(ctx: &mut Ctx) -> i32 {
    // A container lacks CAP_SYS_ADMIN, so mounting fails even as root.
    if let Some(target) = ctx
        .args()
        .iter()
        .rfind(|arg| !arg.starts_with('-'))
        .cloned()
    {
        ctx.error(format!("{target}: permission denied."));
        return 32;
    }
    let text: String = ctx
        .system
        .mounts()
        .iter()
        .map(|m| {
            format!(
                "{} on {} type {} ({})\n",
                m.device, m.target, m.fs_type, m.options
            )
        })
        .collect();
    ctx.out(text);
    0
}

pub(crate) fn ip(ctx: &mut Ctx) -> i32 {
    let args: Vec<String> = ctx
        .args()
        .iter()
        .filter(|arg| !arg.starts_with('-'))
        .cloned()
        .collect();
    let object = args.first().map_or("help", String::as_str);
    let text = match object {
        "a" | "addr" | "address" => addresses(&ctx.system.interfaces(), ctx.flavor, true),
        "l" | "link" => addresses(&ctx.system.interfaces(), ctx.flavor, false),
        "r" | "ro" | "route" => routes(ctx),
        "help" => {
            ctx.errln("Usage: ip [ OPTIONS ] OBJECT { COMMAND | help }");
            return 255;
        }
        other => {
            ctx.errln(format!("Object \"{other}\" is unknown, try \"ip help\"."));
            return 255;
        }
    };
    ctx.out(text);
    0
}

fn addresses(interfaces: &[Interface], flavor: Flavor, with_addresses: bool) -> String {
    let mut text = String::new();
    for interface in interfaces {
        let name = match interface.peer_index {
            Some(peer) => format!("{}@if{peer}", interface.name),
            None => interface.name.clone(),
        };
        let group = if flavor == Flavor::Gnu {
            " group default"
        } else {
            ""
        };
        if interface.loopback {
            text.push_str(&format!(
                "{}: {name}: <LOOPBACK,UP,LOWER_UP> mtu {} qdisc noqueue state UNKNOWN{group} qlen 1000\n",
                interface.index, interface.mtu
            ));
            text.push_str(&format!(
                "    link/loopback {} brd 00:00:00:00:00:00\n",
                interface.mac
            ));
        } else {
            text.push_str(&format!(
                "{}: {name}: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu {} qdisc noqueue state UP{group} \n",
                interface.index, interface.mtu
            ));
            let netns = if interface.peer_index.is_some() {
                " link-netnsid 0"
            } else {
                ""
            };
            text.push_str(&format!(
                "    link/ether {} brd ff:ff:ff:ff:ff:ff{netns}\n",
                interface.mac
            ));
        }
        if !with_addresses {
            continue;
        }
        for address in &interface.addresses {
            let broadcast = address
                .broadcast
                .as_ref()
                .map(|b| format!(" brd {b}"))
                .unwrap_or_default();
            let scope = if interface.loopback { "host" } else { "global" };
            text.push_str(&format!(
                "    inet {}/{}{broadcast} scope {scope} {}\n       valid_lft forever preferred_lft forever\n",
                address.address, address.prefix, interface.name
            ));
        }
    }
    text
}

fn routes(ctx: &Ctx) -> String {
    ctx.system
        .routes()
        .iter()
        .map(|route| match (&route.destination, &route.gateway) {
            (None, Some(gateway)) => format!("default via {gateway} dev {} \n", route.device),
            (Some(network), _) => {
                let source = route
                    .source
                    .as_ref()
                    .map(|s| format!(" src {s}"))
                    .unwrap_or_default();
                format!(
                    "{network} dev {} proto kernel scope link{source} \n",
                    route.device
                )
            }
            (None, None) => format!("default dev {} \n", route.device),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn free_human_sizes() {
        assert_eq!(human_free(0), "0B");
        assert_eq!(human_free(8_143_556 * 1024), "7.8Gi");
        assert_eq!(human_free(902_200 * 1024), "881Mi");
    }
}
