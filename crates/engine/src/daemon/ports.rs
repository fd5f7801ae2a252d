//! Host ports for published container ports: the bindings of
//! `-p`/`--publish` and `-P`/`--publish-all`, checked against every port
//! other running containers hold on the same host.
//!
//! This follows moby 28's `portallocator`. A binding without an address
//! listens on `0.0.0.0` and on `::` with the same port. A binding without
//! a host port takes a port of the ephemeral range (32768 to 60999), and a
//! range (`8000-8010:80`) one of its ports. The search starts after the
//! port last handed out from that range for the first address, so a
//! released port is not reused until the range wraps round. A port
//! requested on `0.0.0.0` must be free on every address, and one requested
//! on another address must be free there and on `0.0.0.0`.

use std::collections::HashMap;

use shared_sort::SortedMap;

use super::containers::{Container, PortAllocation, PortBinding};
use super::ApiError;

/// The first port of Linux's default ephemeral range, where Docker starts.
pub const EPHEMERAL_START: u16 = 32_768;
/// The last port of Linux's default ephemeral range.
pub const EPHEMERAL_END: u16 = 60_999;

/// The last port handed out from each range, by address, protocol and
/// range, as the daemon's port allocator remembers them.
#[derive(Clone, Debug, Default)]
pub struct PortCursors {
    last: SortedMap<(String, String, u16, u16), u16>,
}

/// The ports in use on one host, by protocol and port, with the addresses
/// bound to each.
struct HeldPorts {
    ports: HashMap<(String, u16), Vec<String>>,
}

impl HeldPorts {
    fn new(taken: &[PortAllocation]) -> Self {
        let mut held = HeldPorts {
            ports: HashMap::new(),
        };
        for allocation in taken {
            held.add(allocation);
        }
        held
    }

    fn add(&mut self, allocation: &PortAllocation) {
        let holders = self
            .ports
            .entry((allocation.protocol.clone(), allocation.host_port))
            .or_default();
        holders.push(allocation.host_ip.clone());
    }

    /// Returns the address bound to `port` that blocks a request on
    /// `addresses`, preferring `0.0.0.0` when several do.
    fn conflict(&self, protocol: &str, port: u16, addresses: &[&str]) -> Option<&str> {
        let holders = self.ports.get(&(protocol.to_string(), port))?;
        let everywhere = addresses.contains(&"0.0.0.0");
        let blocks = |holder: &&String| {
            everywhere || *holder == "0.0.0.0" || addresses.contains(&holder.as_str())
        };
        holders
            .iter()
            .find(|holder| *holder == "0.0.0.0")
            .or_else(|| holders.iter().find(blocks))
            .map(String::as_str)
    }
}

/// Returns the host ports a container binds when it starts, or the
/// daemon's `port is already allocated` error. `taken` contains the other
/// running containers' allocations.
pub fn allocate(
    container: &Container,
    endpoint_id: &str,
    taken: &[PortAllocation],
    cursors: &mut PortCursors,
) -> Result<Vec<PortAllocation>, ApiError> {
    let failed = |reason: String| {
        ApiError::new(
            500,
            format!(
                "failed to set up container networking: driver failed programming external connectivity on endpoint {} ({endpoint_id}): {reason}",
                container.name
            ),
        )
    };
    let mut held = HeldPorts::new(taken);
    let mut allocations: Vec<PortAllocation> = Vec::new();
    for binding in bindings(container) {
        let addresses: Vec<&str> = if binding.host_ip.is_empty() {
            vec!["0.0.0.0", "::"]
        } else {
            vec![binding.host_ip.as_str()]
        };
        let protocol = binding.protocol.as_str();
        let (first, last) = match parse_host_port(&binding.host_port) {
            HostPort::Fixed(port) => {
                if let Some(holder) = held.conflict(protocol, port, &addresses) {
                    return Err(failed(format!(
                        "Bind for {holder}:{port} failed: port is already allocated"
                    )));
                }
                (port, port)
            }
            HostPort::Any => (EPHEMERAL_START, EPHEMERAL_END),
            HostPort::Range(first, last) => (first, last),
        };
        let port = if first == last {
            first
        } else {
            let key = |address: &str| (address.to_string(), protocol.to_string(), first, last);
            let previous = cursors
                .last
                .get(&key(addresses[0]))
                .copied()
                .unwrap_or(last);
            let mut port = previous;
            let found = (first..=last).any(|_| {
                port = if port >= last { first } else { port + 1 };
                held.conflict(protocol, port, &addresses).is_none()
            });
            if !found {
                return Err(failed("all ports are allocated".to_string()));
            }
            for address in &addresses {
                cursors.last.insert(key(address), port);
            }
            port
        };
        for ip in addresses {
            let allocation = PortAllocation {
                container_port: binding.container_port,
                protocol: binding.protocol.clone(),
                host_ip: ip.to_string(),
                host_port: port,
            };
            held.add(&allocation);
            allocations.push(allocation);
        }
    }
    Ok(allocations)
}

/// Returns the bindings a start publishes: the `-p` ones, then, with `-P`,
/// every exposed port that has none.
fn bindings(container: &Container) -> Vec<PortBinding> {
    let mut bindings = container.host_config.port_bindings.clone();
    if container.host_config.publish_all_ports {
        let bound: std::collections::HashSet<(u16, String)> = bindings
            .iter()
            .map(|binding| (binding.container_port, binding.protocol.clone()))
            .collect();
        for key in container.config.exposed_ports.keys() {
            let Some((port, protocol)) = parse_port_key(key) else {
                continue;
            };
            if !bound.contains(&(port, protocol.clone())) {
                bindings.push(PortBinding {
                    container_port: port,
                    protocol,
                    host_ip: String::new(),
                    host_port: String::new(),
                });
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

#[cfg(test)]
mod tests {
    use super::*;

    fn held(ip: &str, port: u16) -> PortAllocation {
        PortAllocation {
            container_port: 80,
            protocol: "tcp".to_string(),
            host_ip: ip.to_string(),
            host_port: port,
        }
    }

    #[test]
    fn wildcard_request_conflicts_with_every_address() {
        let taken = [held("127.0.0.1", 8080), held("::", 9090)];
        let held = HeldPorts::new(&taken);
        assert_eq!(
            held.conflict("tcp", 8080, &["0.0.0.0", "::"]),
            Some("127.0.0.1")
        );
        assert_eq!(held.conflict("tcp", 9090, &["0.0.0.0"]), Some("::"));
        assert_eq!(held.conflict("tcp", 8080, &["10.0.0.1"]), None);
        assert_eq!(held.conflict("udp", 8080, &["0.0.0.0"]), None);
    }

    #[test]
    fn specific_request_conflicts_with_the_wildcard() {
        let taken = [held("0.0.0.0", 8080)];
        let held = HeldPorts::new(&taken);
        assert_eq!(held.conflict("tcp", 8080, &["127.0.0.1"]), Some("0.0.0.0"));
    }
}
