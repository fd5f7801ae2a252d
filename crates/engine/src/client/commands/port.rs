//! `docker port CONTAINER [PRIVATE_PORT[/PROTO]]`: the host addresses a
//! running container's ports are published on, as docker/cli 28 prints
//! them from `NetworkSettings.Ports` (naturally sorted, IPv6 in brackets).

use crate::client::docker::Call;
use crate::cx::Cx;
use crate::daemon::volumes::natural_cmp;
use crate::world::World;

use super::set_api_error;
use shared_sort::SharedSort;

/// Runs `docker port`.
pub fn run(world: &mut World, cx: &mut Cx, call: &Call) -> i32 {
    let name = &call.args()[0];
    let index = call.api(cx, "GET", &format!("/containers/{name}/json"), "", 200);
    let container = match world.hosts[&call.target].daemon.containers.lookup(name) {
        Ok(container) => container,
        Err(error) => {
            set_api_error(cx, index, &error);
            cx.out.errln(format!("Error: No such container: {name}"));
            return 1;
        }
    };
    let running = container.state.has_process();
    let mut lines: Vec<String> = Vec::new();
    match call.args().get(1) {
        Some(requested) => {
            let (port, protocol) = requested
                .split_once('/')
                .unwrap_or((requested.as_str(), "tcp"));
            let protocol = if protocol.is_empty() { "tcp" } else { protocol };
            if port.parse::<u16>().is_err() {
                cx.out.errln(format!(
                    "Error: invalid port ({port}): strconv.ParseUint: parsing {}: {}",
                    crate::strconv::quote(port),
                    if port.bytes().all(|byte| byte.is_ascii_digit()) && !port.is_empty() {
                        "value out of range"
                    } else {
                        "invalid syntax"
                    }
                ));
                return 1;
            }
            let key = format!("{port}/{protocol}");
            lines.extend(
                container
                    .ports
                    .iter()
                    .filter(|allocation| running && allocation.key() == key)
                    .map(|allocation| join_host_port(&allocation.host_ip, allocation.host_port)),
            );
            if lines.is_empty() {
                cx.out.errln(format!(
                    "Error: No public port '{requested}' published for {name}"
                ));
                return 1;
            }
        }
        None => {
            lines.extend(
                container
                    .ports
                    .iter()
                    .filter(|_| running)
                    .map(|allocation| {
                        format!(
                            "{} -> {}",
                            allocation.key(),
                            join_host_port(&allocation.host_ip, allocation.host_port)
                        )
                    }),
            );
        }
    }
    lines.shared_sort_by(|a, b| natural_cmp(a, b));
    if !lines.is_empty() {
        cx.out.outln(lines.join("\n"));
    }
    0
}

/// Joins an address and a port as Go's `net.JoinHostPort`.
fn join_host_port(ip: &str, port: u16) -> String {
    if ip.contains(':') {
        format!("[{ip}]:{port}")
    } else {
        format!("{ip}:{port}")
    }
}
