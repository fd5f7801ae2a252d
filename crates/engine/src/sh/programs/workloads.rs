//! Programs whose effect is load, not files: `sleep`, `yes`, `stress` and
//! `stress-ng`. The kernel model decides their fate through
//! [`System::start_workload`](super::super::system::System::start_workload),
//! and these functions print what each tool prints for it. The module also
//! runs the recognised programs the simulation does not model (`tar`,
//! `unzip`, `make`, compilers).

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
            None if ctx.flavor == crate::sh::ctx::Flavor::Busybox => {
                ctx.error(format!("invalid number '{arg}'"));
                return 1;
            }
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

/// Runs `stress`: starts its CPU and memory hogs as a workload and reports
/// how the run ended.
pub(crate) fn stress(ctx: &mut Ctx) -> i32 {
    let args = ctx.args().to_vec();
    // NOTE: as a shell's child, the PID stress prints is an estimate: a few
    // PIDs after the shell's. Run as the process itself, it is the shell's.
    let pid = match ctx.run.exec_form && ctx.run.depth == 0 {
        true => ctx.shell.pid(),
        false => ctx.shell.pid() + 6,
    };
    let name = ctx.name().to_string();
    let hogs = match StressArgs::parse(&args) {
        Ok(hogs) => hogs,
        Err(value) => {
            ctx.errln(format!(
                "{name}: FAIL: [{pid}] (244) invalid argument: {value}"
            ));
            return 1;
        }
    };

    let StressArgs {
        cpu,
        io,
        vm,
        hdd,
        vm_bytes,
        timeout,
    } = hogs;
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
    if ctx.background {
        // The shell does not wait for a background job, so how it ends is
        // not part of this output.
        return 0;
    }
    report_stress(ctx, &name, pid, outcome)
}

/// The worker counts and limits of a `stress` command line.
struct StressArgs {
    cpu: u32,
    io: u32,
    vm: u32,
    hdd: u32,
    vm_bytes: u64,
    timeout: Option<u64>,
}

impl StressArgs {
    /// Parses stress's options, each followed by its value. `Err` is the
    /// value that is not a valid number, size or duration.
    fn parse(args: &[String]) -> Result<StressArgs, String> {
        let mut parsed = StressArgs {
            cpu: 0,
            io: 0,
            vm: 0,
            hdd: 0,
            vm_bytes: 256 << 20,
            timeout: None,
        };
        let mut index = 0;
        while index < args.len() {
            let arg = args[index].as_str();
            let value = args.get(index + 1).cloned().unwrap_or_default();
            let number = || value.parse::<u32>().ok();
            let consumed = match arg {
                "-c" | "--cpu" => number().map(|n| parsed.cpu = n),
                "-i" | "--io" => number().map(|n| parsed.io = n),
                "-m" | "--vm" => number().map(|n| parsed.vm = n),
                "-d" | "--hdd" => number().map(|n| parsed.hdd = n),
                "--vm-bytes" => parse_bytes(&value).map(|n| parsed.vm_bytes = n),
                "-t" | "--timeout" => parse_duration(&value).map(|d| parsed.timeout = d),
                "-v" | "--verbose" | "-q" | "--quiet" | "--vm-keep" => {
                    index += 1;
                    continue;
                }
                _ => Some(()),
            };
            if consumed.is_none() {
                return Err(value);
            }
            index += 2;
        }
        Ok(parsed)
    }
}

/// Prints how a stress run ended, as stress's info and FAIL lines, and
/// returns its exit status.
fn report_stress(ctx: &mut Ctx, name: &str, pid: u32, outcome: WorkloadOutcome) -> i32 {
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
        WorkloadOutcome::Foreground => {
            ctx.run.killed = true;
            ctx.run.foreground = true;
            ctx.run.exit = Some(0);
            0
        }
        WorkloadOutcome::Running => {
            ctx.run.killed = true;
            ctx.run.exit = Some(0);
            0
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
