//! Programs that report on the environment and the system: `env`,
//! `printenv`, `which`, `uname`, `date` and `hostname`. Times come from the
//! logical clock, in UTC.

use super::command::run_other;
use crate::clock::Millis;
use crate::fs::FileType;
use crate::sh::ctx::{Ctx, Flavor};

pub(crate) fn env(ctx: &mut Ctx) -> i32 {
    if ctx.name() == "printenv" {
        return printenv(ctx);
    }
    let args = ctx.args().to_vec();
    let mut clear = false;
    let mut unset = Vec::new();
    let mut assignments = Vec::new();
    let mut index = 0;
    while index < args.len() {
        let arg = &args[index];
        match arg.as_str() {
            "-i" | "-" | "--ignore-environment" => clear = true,
            "-u" | "--unset" => {
                index += 1;
                unset.extend(args.get(index).cloned());
            }
            "--" => {
                index += 1;
                break;
            }
            text if text.contains('=') && !text.starts_with('=') => {
                let (name, value) = text.split_once('=').unwrap_or((text, ""));
                assignments.push((name.to_string(), value.to_string()));
            }
            _ => break,
        }
        index += 1;
    }
    let command = args[index.min(args.len())..].to_vec();
    let mut environment: Vec<(String, String)> = match clear {
        true => Vec::new(),
        false => ctx.shell.environment(),
    };
    environment.extend(ctx.env.iter().cloned());
    environment.extend(assignments.iter().cloned());
    environment.retain(|(name, _)| !unset.contains(name));
    if command.is_empty() {
        ctx.out(environment_text(&environment));
        return 0;
    }
    // FIXME: `env -i CMD` still gives CMD the shell's exported variables;
    // only the assignments before it are added.
    ctx.env.extend(assignments);
    run_other(ctx, command)
}

/// Formats `NAME=value` lines; a name defined again keeps its first place
/// and takes the later value.
fn environment_text(environment: &[(String, String)]) -> String {
    let mut order: Vec<(&str, &str)> = Vec::new();
    let mut positions = std::collections::HashMap::new();
    for (name, value) in environment {
        match positions.get(name.as_str()) {
            Some(&position) => order[position] = (name.as_str(), value.as_str()),
            None => {
                positions.insert(name.as_str(), order.len());
                order.push((name.as_str(), value.as_str()));
            }
        }
    }
    order
        .iter()
        .map(|(name, value)| format!("{name}={value}\n"))
        .collect()
}

fn printenv(ctx: &mut Ctx) -> i32 {
    let names = ctx.args().to_vec();
    if names.is_empty() {
        ctx.argv = vec!["env".to_string()];
        return env(ctx);
    }
    let mut status = 0;
    for name in names {
        match ctx.env_var(&name).map(str::to_string) {
            Some(value)
                if ctx.shell.is_exported(&name) || ctx.env.iter().any(|(n, _)| *n == name) =>
            {
                ctx.outln(value)
            }
            _ => status = 1,
        }
    }
    status
}

pub(crate) fn which(ctx: &mut Ctx) -> i32 {
    let args = ctx.args().to_vec();
    let all = args.iter().any(|arg| arg == "-a");
    let names: Vec<&String> = args.iter().filter(|arg| !arg.starts_with('-')).collect();
    if names.is_empty() {
        return 1;
    }
    let path = ctx
        .env_var("PATH")
        .unwrap_or("/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin")
        .to_string();
    let mut status = 0;
    for name in names {
        let mut found = false;
        let candidates: Vec<String> = match name.contains('/') {
            true => vec![name.clone()],
            false => path
                .split(':')
                .map(|dir| format!("{}/{name}", dir.trim_end_matches('/')))
                .collect(),
        };
        for candidate in candidates {
            let absolute = ctx.absolute(&candidate);
            let executable = ctx
                .fs
                .stat(&absolute)
                .is_ok_and(|meta| meta.file_type == FileType::File && meta.mode & 0o111 != 0);
            if executable {
                ctx.outln(&candidate);
                found = true;
                if !all {
                    break;
                }
            }
        }
        if !found {
            status = 1;
        }
    }
    status
}

pub(crate) fn uname(ctx: &mut Ctx) -> i32 {
    let kernel = ctx.system.kernel();
    let hostname = ctx.system.hostname();
    let mut letters: String = ctx
        .args()
        .iter()
        .filter_map(|arg| match arg.as_str() {
            "--all" => Some("a".to_string()),
            "--kernel-name" => Some("s".to_string()),
            "--nodename" => Some("n".to_string()),
            "--kernel-release" => Some("r".to_string()),
            "--kernel-version" => Some("v".to_string()),
            "--machine" => Some("m".to_string()),
            "--operating-system" => Some("o".to_string()),
            text => text.strip_prefix('-').map(str::to_string),
        })
        .collect();
    if letters.is_empty() {
        letters.push('s');
    }
    if let Some(bad) = letters.chars().find(|c| !"asnrvmpio".contains(*c)) {
        super::args::report(ctx, &super::args::OptError::Unknown(bad.to_string()));
        return 1;
    }
    let all = letters.contains('a');
    let os = match ctx.flavor {
        Flavor::Gnu => "GNU/Linux",
        Flavor::Busybox => "Linux",
    };
    let mut fields = Vec::new();
    let wants = |c: char| all || letters.contains(c);
    if wants('s') {
        fields.push("Linux".to_string());
    }
    if wants('n') {
        fields.push(hostname);
    }
    if wants('r') {
        fields.push(kernel.release);
    }
    if wants('v') {
        fields.push(kernel.version);
    }
    if wants('m') {
        fields.push(kernel.machine.clone());
    }
    // GNU leaves the unknown processor and platform out of -a.
    if letters.contains('p') {
        fields.push(if ctx.flavor == Flavor::Busybox {
            kernel.machine.clone()
        } else {
            "unknown".to_string()
        });
    }
    if letters.contains('i') {
        fields.push(if ctx.flavor == Flavor::Busybox {
            kernel.machine.clone()
        } else {
            "unknown".to_string()
        });
    }
    if wants('o') {
        fields.push(os.to_string());
    }
    ctx.outln(fields.join(" "));
    0
}

pub(crate) fn hostname(ctx: &mut Ctx) -> i32 {
    let args = ctx.args().to_vec();
    let hostname = ctx.system.hostname();
    match args.first().map(String::as_str) {
        None | Some("-s" | "-f" | "--short" | "--fqdn" | "--long") => ctx.outln(hostname),
        Some("-i" | "-I" | "--ip-address" | "--all-ip-addresses") => {
            let addresses: Vec<String> = ctx
                .system
                .interfaces()
                .into_iter()
                .filter(|interface| !interface.loopback)
                .flat_map(|interface| interface.addresses.into_iter().map(|a| a.address))
                .collect();
            match (addresses.is_empty(), args[0].as_str()) {
                (true, "-i" | "--ip-address") => ctx.outln("127.0.1.1"),
                (_, "-I" | "--all-ip-addresses") => ctx.outln(format!("{} ", addresses.join(" "))),
                _ => ctx.outln(addresses.join(" ")),
            }
        }
        Some(name) if !name.starts_with('-') => {
            ctx.error("you must be root to change the host name");
            return 1;
        }
        Some(_) => ctx.outln(hostname),
    }
    0
}

pub(crate) fn date(ctx: &mut Ctx) -> i32 {
    let now = ctx.system.now() + ctx.run.elapsed;
    let args = ctx.args().to_vec();
    let mut format = "%a %b %e %H:%M:%S %Z %Y".to_string();
    for arg in &args {
        match arg.as_str() {
            "-u" | "--utc" | "--universal" => {}
            "-R" | "--rfc-email" => format = "%a, %d %b %Y %H:%M:%S +0000".to_string(),
            "-I" | "--iso-8601" | "--iso-8601=date" => format = "%Y-%m-%d".to_string(),
            "-Iseconds" | "--iso-8601=seconds" => format = "%Y-%m-%dT%H:%M:%S+00:00".to_string(),
            text if text.starts_with('+') => format = text[1..].to_string(),
            text if text.starts_with("-d") || text.starts_with("--date") => {
                ctx.not_simulated("dates other than now are not modelled");
            }
            _ => {}
        }
    }
    ctx.outln(strftime(&format, now));
    0
}

/// Formats `millis` (UTC) with the common `strftime` conversions.
pub(crate) fn strftime(format: &str, millis: Millis) -> String {
    const WEEKDAYS: [&str; 7] = [
        "Thursday",
        "Friday",
        "Saturday",
        "Sunday",
        "Monday",
        "Tuesday",
        "Wednesday",
    ];
    const MONTHS: [&str; 12] = [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ];
    let seconds = millis / 1000;
    let days = seconds / 86_400;
    let rfc = crate::clock::rfc3339(millis);
    let year: u64 = rfc[0..4].parse().unwrap_or(1970);
    let month: usize = rfc[5..7].parse().unwrap_or(1);
    let day: u64 = rfc[8..10].parse().unwrap_or(1);
    let (hour, minute, second) = (seconds / 3600 % 24, seconds / 60 % 60, seconds % 60);
    let weekday = WEEKDAYS[(days % 7) as usize];
    let month_name = MONTHS[(month - 1).min(11)];
    let day_of_year = {
        let cumulative = [0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334];
        let leap =
            year.is_multiple_of(4) && (!year.is_multiple_of(100) || year.is_multiple_of(400));
        cumulative[(month - 1).min(11)] + day + u64::from(leap && month > 2)
    };
    let mut out = String::new();
    let mut chars = format.chars();
    while let Some(c) = chars.next() {
        if c != '%' {
            out.push(c);
            continue;
        }
        let Some(spec) = chars.next() else {
            out.push('%');
            break;
        };
        match spec {
            'Y' => out.push_str(&year.to_string()),
            'y' => out.push_str(&format!("{:02}", year % 100)),
            'm' => out.push_str(&format!("{month:02}")),
            'd' => out.push_str(&format!("{day:02}")),
            'e' => out.push_str(&format!("{day:>2}")),
            'H' => out.push_str(&format!("{hour:02}")),
            'I' => out.push_str(&format!("{:02}", (hour + 11) % 12 + 1)),
            'M' => out.push_str(&format!("{minute:02}")),
            'S' => out.push_str(&format!("{second:02}")),
            'p' => out.push_str(if hour < 12 { "AM" } else { "PM" }),
            's' => out.push_str(&seconds.to_string()),
            'N' => out.push_str(&format!("{:09}", millis % 1000 * 1_000_000)),
            'a' => out.push_str(&weekday[..3]),
            'A' => out.push_str(weekday),
            'b' | 'h' => out.push_str(&month_name[..3]),
            'B' => out.push_str(month_name),
            'j' => out.push_str(&format!("{day_of_year:03}")),
            'u' => out.push_str(&(((days + 3) % 7) + 1).to_string()),
            'w' => out.push_str(&((days + 4) % 7).to_string()),
            'Z' => out.push_str("UTC"),
            'z' => out.push_str("+0000"),
            'F' => out.push_str(&format!("{year}-{month:02}-{day:02}")),
            'T' => out.push_str(&format!("{hour:02}:{minute:02}:{second:02}")),
            'D' => out.push_str(&format!("{month:02}/{day:02}/{:02}", year % 100)),
            'R' => out.push_str(&format!("{hour:02}:{minute:02}")),
            'n' => out.push('\n'),
            't' => out.push('\t'),
            '%' => out.push('%'),
            other => {
                out.push('%');
                out.push(other);
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::clock::START;

    #[test]
    fn strftime_table() {
        let cases = [
            ("%a %b %e %H:%M:%S %Z %Y", "Mon Oct 20 09:00:00 UTC 2025"),
            ("%F %T", "2025-10-20 09:00:00"),
            ("%s", "1760950800"),
            ("%j %u %w", "293 1 1"),
            ("%Y%m%d-%H%M", "20251020-0900"),
        ];
        for (format, expected) in cases {
            assert_eq!(strftime(format, START), expected, "{format}");
        }
    }
}
