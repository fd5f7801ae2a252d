//! `docker update [OPTIONS] CONTAINER...`: new limits for containers, one
//! `POST /containers/{id}/update` each, as docker/cli 28 sends them. Each
//! container updated prints its name; the daemon's errors print together
//! at the end, and any of them makes the exit code 1.

use crate::client::docker::Call;
use crate::client::flags::{FlagValue, ParsedFlags};
use crate::cx::Cx;
use crate::daemon::lifecycle;
use crate::daemon::update::{self, UpdateRequest};
use crate::world::World;

use super::run::options::parse_restart_policy;
use super::set_api_error;

/// Runs `docker update`.
pub fn run(world: &mut World, cx: &mut Cx, call: &Call) -> i32 {
    let flags = &call.invocation.flags;
    if flags.set_flags().is_empty() {
        cx.out
            .errln("you must provide one or more flags when using this command");
        return 1;
    }
    let request = match request(flags) {
        Ok(request) => request,
        Err(message) => {
            cx.out.errln(message);
            return 1;
        }
    };
    let mut errors = Vec::new();
    for name in call.args() {
        let index = call.api(cx, "POST", &format!("/containers/{name}/update"), "", 200);
        let host = world
            .hosts
            .get_mut(&call.target)
            .expect("target host exists");
        lifecycle::settle(host, cx, cx.now());
        match update::update(host, cx, name, &request) {
            Ok(()) => cx.out.outln(name),
            Err(error) => {
                set_api_error(cx, index, &error);
                errors.push(format!("Error response from daemon: {}", error.message));
            }
        }
    }
    if errors.is_empty() {
        return 0;
    }
    cx.out.errln(errors.join("\n"));
    1
}

/// Reads the flags into the request docker/cli builds.
fn request(flags: &ParsedFlags) -> Result<UpdateRequest, String> {
    let bytes = |name: &str| match flags.value(name) {
        Some(FlagValue::Bytes(bytes)) => *bytes,
        _ => 0,
    };
    let nano_cpus = match flags.value("cpus") {
        Some(FlagValue::Decimal(nano)) => *nano,
        _ => 0,
    };
    let blkio_weight = match flags.value("blkio-weight") {
        Some(FlagValue::Uint(weight)) => u16::try_from(*weight).unwrap_or(u16::MAX),
        _ => 0,
    };
    let restart_policy = match flags.is_set("restart") {
        true => Some(parse_restart_policy(flags.string("restart"))?),
        false => None,
    };
    Ok(UpdateRequest {
        memory: bytes("memory"),
        memory_reservation: bytes("memory-reservation"),
        memory_swap: bytes("memory-swap"),
        nano_cpus,
        cpu_shares: flags.integer("cpu-shares").unwrap_or(0),
        cpu_period: flags.integer("cpu-period").unwrap_or(0),
        cpu_quota: flags.integer("cpu-quota").unwrap_or(0),
        cpuset_cpus: flags.string("cpuset-cpus").to_string(),
        cpuset_mems: flags.string("cpuset-mems").to_string(),
        blkio_weight,
        pids_limit: if flags.is_set("pids-limit") {
            flags.integer("pids-limit")
        } else {
            None
        },
        restart_policy,
    })
}
