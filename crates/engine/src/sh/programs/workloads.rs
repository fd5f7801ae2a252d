//! Programs whose effect is load, not files: `sleep`, `yes`, `stress` and
//! `stress-ng`. The kernel model decides their fate through
//! [`System::start_workload`](super::super::system::System::start_workload);
//! these print what each tool prints for it. Also the recognised programs
//! the simulation does not model (`tar`, `unzip`, `make`, compilers).

use super::text::run_workload;
use crate::sh::ctx::Ctx;
use crate::sh::system::{Workload, WorkloadOutcome, WorkloadRequest};

/// Lines of `yes` output a pipe gets: enough for `yes | head -n 1000` and
/// for `yes | apt-get …` prompts, bounded so the simulation stays small.
const YES_LINES: usize = 16_384;

pub(crate) fn sleep(ctx: &mut Ctx) -> i32 {
    let args = ctx.args().to_vec();
    if args.is_empty() {
        return super::args::missing_operand(ctx);
    }
    let mut total: Option<u64> = Some(0);
    for arg in &args {
        match parse_duration(arg) {
            Some(Some(millis)) => total = total.map(|sum| sum.saturating_add(millis)),
            Some(None) => total = None,
            None => {
                ctx.error(format!("invalid time interval '{arg}'"));
                ctx.errln(format!("Try '{} --help' for more information.", ctx.name()));
                return 1;
            }
        }
    }
    let command = ctx.command_text();
    let background = ctx.background;
    run_workload(ctx, Workload::Sleep { millis: total }, &command, background)
}

/// Parses `5`, `1.5`, `2m`, `1h`, `infinity`: `Some(None)` is infinite.
fn parse_duration(text: &str) -> Option<Option<u64>> {
    if text == "infinity" || text == "inf" {
        return Some(None);
    }
    let (number, unit) = match text.char_indices().last() {
        Some((index, c)) if c.is_ascii_alphabetic() => (&text[..index], c),
        _ => (text, 's'),
    };
    let value: f64 = number
        .parse()
        .ok()
        .filter(|v: &f64| v.is_finite() && *v >= 0.0)?;
    let factor = match unit {
        's' => 1_000.0,
        'm' => 60_000.0,
        'h' => 3_600_000.0,
        'd' => 86_400_000.0,
        _ => return None,
    };
    Some(Some((value * factor) as u64))
}

pub(crate) fn yes(ctx: &mut Ctx) -> i32 {
    let text = match ctx.args().is_empty() {
        true => "y".to_string(),
        false => ctx.args().join(" "),
    };
    if ctx.piped {
        let mut out = String::with_capacity((text.len() + 1) * YES_LINES);
        for _ in 0..YES_LINES {
            out.push_str(&text);
            out.push('\n');
        }
        ctx.out(out);
        // The reader closes the pipe and `yes` dies of SIGPIPE.
        return 141;
    }
    let command = ctx.command_text();
    let background = ctx.background;
    run_workload(ctx, Workload::Yes, &command, background)
}

/// Parses a size as `stress --vm-bytes` reads it: a number with an optional
/// `b`, `k`, `m` or `g` suffix, in powers of 1024.
fn parse_bytes(text: &str) -> Option<u64> {
    let lower = text.to_ascii_lowercase();
    let (number, factor) = match lower.chars().last()? {
        'b' => (&lower[..lower.len() - 1], 1),
        'k' => (&lower[..lower.len() - 1], 1 << 10),
        'm' => (&lower[..lower.len() - 1], 1 << 20),
        'g' => (&lower[..lower.len() - 1], 1 << 30),
        _ => (lower.as_str(), 1),
    };
    number.parse::<u64>().ok().map(|n| n.saturating_mul(factor))
}

pub(crate) fn stress(ctx: &mut Ctx) -> i32 {
    let args = ctx.args().to_vec();
    let mut cpu = 0;
    let mut io = 0;
    let mut vm = 0;
    let mut hdd = 0;
    let mut vm_bytes = 256 << 20;
    let mut timeout = None;
    let mut index = 0;
    while index < args.len() {
        let arg = args[index].as_str();
        let value = args.get(index + 1).cloned().unwrap_or_default();
        let number = || value.parse::<u32>().ok();
        let consumed = match arg {
            "-c" | "--cpu" => number().map(|n| cpu = n),
            "-i" | "--io" => number().map(|n| io = n),
            "-m" | "--vm" => number().map(|n| vm = n),
            "-d" | "--hdd" => number().map(|n| hdd = n),
            "--vm-bytes" => parse_bytes(&value).map(|n| vm_bytes = n),
            "-t" | "--timeout" => parse_duration(&value).map(|d| timeout = d),
            "-v" | "--verbose" | "-q" | "--quiet" | "--vm-keep" => {
                index += 1;
                continue;
            }
            _ => Some(()),
        };
        if consumed.is_none() {
            ctx.errln(format!(
                "{}: FAIL: [{}] (244) invalid argument: {value}",
                ctx.name(),
                ctx.shell.pid()
            ));
            return 1;
        }
        index += 2;
    }
    let pid = ctx.shell.pid() + 6;
    let name = ctx.name().to_string();
    ctx.outln(format!(
        "{name}: info: [{pid}] dispatching hogs: {cpu} cpu, {io} io, {vm} vm, {hdd} hdd"
    ));
    let request = WorkloadRequest {
        workload: Workload::Stress {
            cpu,
            vm,
            vm_bytes,
            timeout_millis: timeout,
        },
        command: ctx.command_text(),
        background: ctx.background,
    };
    let outcome = ctx.system.start_workload(&request);
    match outcome {
        WorkloadOutcome::Finished { millis } => {
            ctx.advance(millis);
            ctx.outln(format!(
                "{name}: info: [{pid}] successful run completed in {}s",
                millis / 1000
            ));
            0
        }
        WorkloadOutcome::Killed { millis, signal } => {
            ctx.advance(millis);
            ctx.errln(format!(
                "{name}: FAIL: [{pid}] (425) <-- worker {} got signal {signal}",
                pid + 1
            ));
            ctx.errln(format!(
                "{name}: WARN: [{pid}] (427) now reaping child worker processes"
            ));
            ctx.errln(format!(
                "{name}: FAIL: [{pid}] (461) failed run completed in {}s",
                millis / 1000
            ));
            1
        }
        WorkloadOutcome::ContainerKilled { millis, signal } => {
            ctx.advance(millis);
            ctx.run.killed = true;
            ctx.run.exit = Some(128 + signal);
            128 + signal
        }
        WorkloadOutcome::ForkFailed { millis } => {
            ctx.advance(millis);
            ctx.errln(format!(
                "{name}: FAIL: [{pid}] (420) fork failed: Resource temporarily unavailable"
            ));
            1
        }
        WorkloadOutcome::Endless => {
            ctx.not_simulated("it would run until stopped");
            if ctx.interactive() {
                130
            } else {
                0
            }
        }
    }
}

/// Runs a program the simulation recognises but does not model: `tar`, `unzip`,
/// compilers, `make`, `git`.
pub(crate) fn unmodelled(ctx: &mut Ctx) -> i32 {
    ctx.not_simulated("this program's effect is not modelled");
    0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations() {
        assert_eq!(parse_duration("5"), Some(Some(5_000)));
        assert_eq!(parse_duration("1.5"), Some(Some(1_500)));
        assert_eq!(parse_duration("2m"), Some(Some(120_000)));
        assert_eq!(parse_duration("infinity"), Some(None));
        assert_eq!(parse_duration("x"), None);
        assert_eq!(parse_duration("-1"), None);
    }

    #[test]
    fn sizes() {
        assert_eq!(parse_bytes("256M"), Some(256 << 20));
        assert_eq!(parse_bytes("1g"), Some(1 << 30));
        assert_eq!(parse_bytes("100"), Some(100));
        assert_eq!(parse_bytes("x"), None);
    }
}
