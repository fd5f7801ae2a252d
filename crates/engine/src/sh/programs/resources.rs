//! Memory, disks, mounts and network from the kernel model: `free`, `df`,
//! `mount` and `ip`, in the formats of procps-ng 4, coreutils 9, iproute2 6
//! and BusyBox.

use super::ls::human;
use crate::sh::ctx::{Ctx, Flavor};
use crate::sh::system::{Interface, Mount};

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

/// Runs `df`: one row per mounted file system with a size, from the kernel
/// model.
pub(crate) fn df(ctx: &mut Ctx) -> i32 {
    let human_sizes = ctx
        .args()
        .iter()
        .any(|arg| arg.starts_with('-') && arg.contains('h'));
    let flavor = ctx.flavor;
    let mut rows = vec![df_header(human_sizes, flavor)];
    rows.extend(
        ctx.system
            .mounts()
            .iter()
            .filter(|m| m.size_kib > 0)
            .map(|mount| df_row(mount, human_sizes, flavor)),
    );
    let text = df_table(&rows, human_sizes, flavor);
    ctx.out(text);
    0
}

/// Returns df's column titles, which `-h` and BusyBox change.
fn df_header(human_sizes: bool, flavor: Flavor) -> [String; 6] {
    let size = if human_sizes { "Size" } else { "1K-blocks" };
    let available = match human_sizes && flavor == Flavor::Gnu {
        true => "Avail",
        false => "Available",
    };
    ["Filesystem", size, "Used", available, "Use%", "Mounted on"].map(str::to_string)
}

/// Returns df's columns for one mount: device, size, used, available,
/// use percentage rounded up, and mount point.
fn df_row(mount: &Mount, human_sizes: bool, flavor: Flavor) -> [String; 6] {
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
        true => human(kib * 1024, flavor),
        false => kib.to_string(),
    };
    [
        mount.device.clone(),
        size(mount.size_kib),
        size(mount.used_kib),
        size(available),
        format!("{percent}%"),
        mount.target.clone(),
    ]
}

/// Aligns df's rows: GNU sizes each column to its widest cell, and BusyBox
/// uses fixed widths.
fn df_table(rows: &[[String; 6]], human_sizes: bool, flavor: Flavor) -> String {
    // GNU df gives the file system 14 columns and human sizes 5 at least.
    let size_minimum = if human_sizes { 5 } else { 0 };
    let minimums = [14, size_minimum, size_minimum, size_minimum, 4, 0];
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
    for row in rows {
        let line = match flavor {
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
    text
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
            let master = match &interface.master {
                Some(bridge) if flavor == Flavor::Gnu => format!(" master {bridge}"),
                _ => String::new(),
            };
            let (flags, state) = match interface.carrier {
                true => ("BROADCAST,MULTICAST,UP,LOWER_UP", "UP"),
                false => ("NO-CARRIER,BROADCAST,MULTICAST,UP", "DOWN"),
            };
            text.push_str(&format!(
                "{}: {name}: <{flags}> mtu {} qdisc noqueue{master} state {state}{group} \n",
                interface.index, interface.mtu
            ));
            let netns = match interface.peer_index {
                Some(_) => format!(" link-netnsid {}", interface.peer_netns_id),
                None => String::new(),
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
    let interfaces = ctx.system.interfaces();
    let down = |device: &str| {
        interfaces
            .iter()
            .any(|interface| interface.name == device && !interface.carrier)
    };
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
                let linkdown = if down(&route.device) { " linkdown" } else { "" };
                format!(
                    "{network} dev {} proto kernel scope link{source}{linkdown} \n",
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
