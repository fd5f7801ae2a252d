//! Name resolution and reachability: `getent` (glibc's and musl's) and
//! `ping` (iputils' and BusyBox's). A name resolves through `/etc/hosts`
//! first, then through the system's DNS server, which in a container on a
//! user-defined network is Docker's embedded server: it answers container
//! names and aliases of the same network, and on the default bridge it
//! answers none of them.

use crate::sh::ctx::{Ctx, Flavor};

/// Looks a name up in `/etc/hosts`; returns the address and the names of
/// the matching line.
fn hosts_file_lookup(ctx: &Ctx, name: &str) -> Option<(String, Vec<String>)> {
    let text = ctx.read_text("/etc/hosts").ok()?;
    text.lines().find_map(|line| {
        let line = line.split('#').next().unwrap_or("");
        let mut fields = line.split_whitespace();
        let address = fields.next()?;
        let names: Vec<String> = fields.map(str::to_string).collect();
        let ipv4 = address.parse::<std::net::Ipv4Addr>().is_ok();
        (ipv4
            && names
                .iter()
                .any(|candidate| candidate.eq_ignore_ascii_case(name)))
        .then(|| (address.to_string(), names))
    })
}

/// Resolves a name to an IPv4 address: a literal, `/etc/hosts`, then DNS.
fn resolve(ctx: &Ctx, name: &str) -> Option<String> {
    if name.parse::<std::net::Ipv4Addr>().is_ok() {
        return Some(name.to_string());
    }
    if let Some((address, _)) = hosts_file_lookup(ctx, name) {
        return Some(address);
    }
    ctx.system.resolve_host(name)
}

/// Runs `getent DATABASE [KEY...]` for `hosts`, `ahostsv4`, `passwd` and
/// `group`. Exit status 2 means a key was not found.
pub(crate) fn getent(ctx: &mut Ctx) -> i32 {
    let args = ctx.args().to_vec();
    let Some(database) = args.first().cloned() else {
        ctx.errln("Usage: getent [OPTION...] database [key ...]");
        return 1;
    };
    let keys = &args[1..];
    match database.as_str() {
        "hosts" | "ahosts" | "ahostsv4" => hosts(ctx, &database, keys),
        "passwd" | "group" => accounts(ctx, &database, keys),
        other => {
            ctx.errln(format!("Unknown database: {other}"));
            ctx.errln("Try `getent --help' or `getent --usage' for more information.");
            1
        }
    }
}

fn hosts(ctx: &mut Ctx, database: &str, keys: &[String]) -> i32 {
    if keys.is_empty() {
        let text = match ctx.read_text("/etc/hosts") {
            Ok(text) => text,
            Err(_) => return 0,
        };
        for line in text.lines() {
            let mut fields = line.split('#').next().unwrap_or("").split_whitespace();
            let Some(address) = fields.next() else {
                continue;
            };
            let names: Vec<&str> = fields.collect();
            ctx.outln(format!("{address:<15} {}", names.join(" ")));
        }
        return 0;
    }
    let mut status = 0;
    for key in keys {
        let found = match hosts_file_lookup(ctx, key) {
            Some((address, names)) => Some((address, names)),
            None => resolve(ctx, key).map(|address| (address, vec![key.clone()])),
        };
        let Some((address, names)) = found else {
            status = 2;
            continue;
        };
        match database {
            "hosts" => ctx.outln(format!("{address:<15} {}", names.join(" "))),
            _ => {
                ctx.outln(format!("{address:<15} STREAM {}", names[0]));
                ctx.outln(format!("{address:<15} DGRAM  "));
                ctx.outln(format!("{address:<15} RAW    "));
            }
        }
    }
    status
}

fn accounts(ctx: &mut Ctx, database: &str, keys: &[String]) -> i32 {
    let text = match ctx.read_text(&format!("/etc/{database}")) {
        Ok(text) => text,
        Err(_) => return 2,
    };
    if keys.is_empty() {
        ctx.out(text);
        return 0;
    }
    let mut status = 0;
    for key in keys {
        let line = text.lines().find(|line| {
            let fields: Vec<&str> = line.split(':').collect();
            fields.first() == Some(&key.as_str()) || fields.get(2) == Some(&key.as_str())
        });
        match line {
            Some(line) => ctx.outln(line),
            None => status = 2,
        }
    }
    status
}

/// The round-trip time of reply `sequence`, in milliseconds: a few
/// hundredths over a bridge (estimates that vary from reply to reply).
fn round_trip(address: &str, sequence: u32) -> f64 {
    let local = address.starts_with("172.")
        || address.starts_with("127.")
        || address.starts_with("192.168.");
    let base = if local { 0.052 } else { 11.8 };
    base + f64::from((sequence * 37 + 11) % 41) / 1000.0
}

/// Runs `ping [-c COUNT] [-q] HOST`.
pub(crate) fn ping(ctx: &mut Ctx) -> i32 {
    let args = ctx.args().to_vec();
    let mut count: Option<u32> = None;
    let mut quiet = false;
    let mut host = None;
    let mut index = 0;
    while index < args.len() {
        let arg = args[index].as_str();
        match arg {
            "-c" => {
                index += 1;
                count = args.get(index).and_then(|value| value.parse().ok());
                if count.is_none() {
                    ctx.error(format!(
                        "invalid argument: '{}'",
                        args.get(index).map_or("", String::as_str)
                    ));
                    return if ctx.flavor == Flavor::Busybox { 1 } else { 2 };
                }
            }
            "-q" => quiet = true,
            "-W" | "-w" | "-i" | "-s" | "-t" => index += 1,
            other if other.starts_with("-c") => count = other[2..].parse().ok(),
            other if other.starts_with('-') => {}
            other => host = Some(other.to_string()),
        }
        index += 1;
    }
    let Some(host) = host else {
        match ctx.flavor {
            Flavor::Busybox => ctx.errln("BusyBox v1.37.0 (2025-05-26 20:04:45 UTC) multi-call binary.\n\nUsage: ping [OPTIONS] HOST"),
            Flavor::Gnu => ctx.errln("ping: usage error: Destination address required"),
        }
        return if ctx.flavor == Flavor::Busybox { 1 } else { 2 };
    };
    let Some(address) = resolve(ctx, &host) else {
        return match ctx.flavor {
            Flavor::Busybox => {
                ctx.errln(format!("ping: bad address '{host}'"));
                1
            }
            Flavor::Gnu => {
                ctx.errln(format!("ping: {host}: Name or service not known"));
                2
            }
        };
    };
    let Some(count) = count else {
        print_header(ctx, &host, &address);
        let command = ctx.command_text();
        let background = ctx.background;
        let workload = crate::sh::system::Workload::Sleep { millis: None };
        return super::text::run_workload(ctx, workload, &command, background);
    };
    print_header(ctx, &host, &address);
    let mut times = Vec::new();
    for sequence in 0..count.min(1_000) {
        if sequence > 0 {
            ctx.advance(1_000);
        }
        let time = round_trip(&address, sequence);
        times.push(time);
        if !quiet {
            let line = match ctx.flavor {
                Flavor::Busybox => {
                    format!("64 bytes from {address}: seq={sequence} ttl=64 time={time:.3} ms")
                }
                Flavor::Gnu => format!(
                    "64 bytes from {address}: icmp_seq={} ttl=64 time={time:.3} ms",
                    sequence + 1
                ),
            };
            ctx.outln(line);
        }
    }
    print_statistics(ctx, &host, &times);
    0
}

fn print_header(ctx: &mut Ctx, host: &str, address: &str) {
    let line = match ctx.flavor {
        Flavor::Busybox => format!("PING {host} ({address}): 56 data bytes"),
        Flavor::Gnu => format!("PING {host} ({address}) 56(84) bytes of data."),
    };
    ctx.outln(line);
}

fn print_statistics(ctx: &mut Ctx, host: &str, times: &[f64]) {
    let count = times.len();
    let minimum = times.iter().copied().fold(f64::INFINITY, f64::min);
    let maximum = times.iter().copied().fold(0.0, f64::max);
    let average = if count == 0 {
        0.0
    } else {
        times.iter().sum::<f64>() / count as f64
    };
    ctx.outln("");
    ctx.outln(format!("--- {host} ping statistics ---"));
    match ctx.flavor {
        Flavor::Busybox => {
            ctx.outln(format!(
                "{count} packets transmitted, {count} packets received, 0% packet loss"
            ));
            if count > 0 {
                ctx.outln(format!(
                    "round-trip min/avg/max = {minimum:.3}/{average:.3}/{maximum:.3} ms"
                ));
            }
        }
        Flavor::Gnu => {
            let elapsed = count.saturating_sub(1) * 1000 + 1;
            ctx.outln(format!(
                "{count} packets transmitted, {count} received, 0% packet loss, time {}ms",
                elapsed.saturating_sub(1)
            ));
            if count > 0 {
                let deviation = (times
                    .iter()
                    .map(|time| (time - average).powi(2))
                    .sum::<f64>()
                    / count as f64)
                    .sqrt();
                ctx.outln(format!("rtt min/avg/max/mdev = {minimum:.3}/{average:.3}/{maximum:.3}/{deviation:.3} ms"));
            }
        }
    }
}
