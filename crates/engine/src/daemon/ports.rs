//! Host ports for published container ports: the bindings of
//! `-p`/`--publish` and `-P`/`--publish-all`, checked against every port
//! other running containers hold on the same host.
//!
//! As Docker 28 does, a binding without an address listens on `0.0.0.0`
//! and on `::` with the same port; a binding without a host port takes the
//! lowest free port of the ephemeral range (32768 upwards), and a range
//! (`8000-8010:80`) takes its lowest free port.

use super::containers::{Container, PortAllocation, PortBinding};
use super::ApiError;

/// The first port of Linux's default ephemeral range, where Docker starts.
pub const EPHEMERAL_START: u16 = 32_768;
/// The last port of Linux's default ephemeral range.
pub const EPHEMERAL_END: u16 = 60_999;

/// Returns the host ports a container binds when it starts, or the
/// daemon's `port is already allocated` error. `taken` holds the other
/// running containers' allocations.
pub fn allocate(container: &Container, endpoint_id: &str, taken: &[PortAllocation]) -> Result<Vec<PortAllocation>, ApiError> {
    let mut allocations: Vec<PortAllocation> = Vec::new();
    for binding in bindings(container) {
        let in_use = |ip: &str, port: u16, own: &[PortAllocation]| {
            taken.iter().chain(own.iter()).any(|held| {
                held.host_port == port && held.protocol == binding.protocol && addresses_overlap(&held.host_ip, ip)
            })
        };
        let addresses: Vec<&str> = if binding.host_ip.is_empty() { vec!["0.0.0.0", "::"] } else { vec![binding.host_ip.as_str()] };
        let candidates: Vec<u16> = match parse_host_port(&binding.host_port) {
            HostPort::Any => (EPHEMERAL_START..=EPHEMERAL_END).collect(),
            HostPort::Range(first, last) => (first..=last).collect(),
            HostPort::Fixed(port) => vec![port],
        };
        let chosen = candidates
            .iter()
            .copied()
            .find(|port| addresses.iter().all(|ip| !in_use(ip, *port, &allocations)));
        let Some(port) = chosen else {
            let shown_ip = addresses[0];
            let shown_port = candidates.first().copied().unwrap_or(0);
            return Err(ApiError::new(
                500,
                format!(
                    "failed to set up container networking: driver failed programming external connectivity on endpoint {} ({endpoint_id}): Bind for {}:{shown_port} failed: port is already allocated",
                    container.name,
                    join_host(shown_ip)
                ),
            ));
        };
        for ip in addresses {
            allocations.push(PortAllocation {
                container_port: binding.container_port,
                protocol: binding.protocol.clone(),
                host_ip: ip.to_string(),
                host_port: port,
            });
        }
    }
    Ok(allocations)
}

/// The bindings a start publishes: the `-p` ones, then, with `-P`, every
/// exposed port that has none.
fn bindings(container: &Container) -> Vec<PortBinding> {
    let mut bindings = container.host_config.port_bindings.clone();
    if container.host_config.publish_all_ports {
        for key in container.config.exposed_ports.keys() {
            let Some((port, protocol)) = parse_port_key(key) else { continue };
            let bound = bindings.iter().any(|binding| binding.container_port == port && binding.protocol == protocol);
            if !bound {
                bindings.push(PortBinding { container_port: port, protocol, host_ip: String::new(), host_port: String::new() });
            }
        }
    }
    bindings
}

/// Reads `6800/tcp` into its number and protocol.
fn parse_port_key(key: &str) -> Option<(u16, String)> {
    let (port, protocol) = key.split_once('/').unwrap_or((key, "tcp"));
    Some((port.parse().ok()?, protocol.to_string()))
}

/// The host side of a binding.
enum HostPort {
    Any,
    Fixed(u16),
    Range(u16, u16),
}

fn parse_host_port(text: &str) -> HostPort {
    if let Some((first, last)) = text.split_once('-') {
        if let (Ok(first), Ok(last)) = (first.parse(), last.parse()) {
            return HostPort::Range(first, last);
        }
    }
    match text.parse::<u16>() {
        Ok(0) | Err(_) => HostPort::Any,
        Ok(port) => HostPort::Fixed(port),
    }
}

/// Returns whether two listening addresses conflict: the same address, or
/// one of them the wildcard of the same family.
fn addresses_overlap(a: &str, b: &str) -> bool {
    let ipv6 = |ip: &str| ip.contains(':');
    if ipv6(a) != ipv6(b) {
        return false;
    }
    a == b || matches!(a, "0.0.0.0" | "::") || matches!(b, "0.0.0.0" | "::")
}

/// Writes an IPv6 address in brackets for a `host:port` text.
fn join_host(ip: &str) -> String {
    if ip.contains(':') {
        format!("[{ip}]")
    } else {
        ip.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wildcard_conflicts_with_specific_address() {
        assert!(addresses_overlap("0.0.0.0", "127.0.0.1"));
        assert!(addresses_overlap("127.0.0.1", "127.0.0.1"));
        assert!(!addresses_overlap("127.0.0.1", "10.0.0.1"));
        assert!(!addresses_overlap("0.0.0.0", "::"));
        assert!(addresses_overlap("::", "::1"));
    }
}
