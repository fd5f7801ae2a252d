//! Small formatting rules shared by the commands' tables.

use crate::clock::Millis;
use crate::daemon::containers::Container;
use crate::strconv;
use crate::table::ellipsis;
use crate::units::{human_duration, human_size_with_precision, GoDuration};
use shared_sort::SharedSort;

/// Returns `units.HumanDuration(now - then) + " ago"`, the CREATED column.
pub fn created_since(now: Millis, then: Millis) -> String {
    format!("{} ago", duration_text(now.saturating_sub(then)))
}

/// Returns go-units' `HumanDuration` of a span in milliseconds.
pub fn duration_text(millis: Millis) -> String {
    human_duration(GoDuration::from_nanos(
        i64::try_from(millis).unwrap_or(i64::MAX / 1_000_000) * 1_000_000,
    ))
}

/// Returns a size as `docker images` and `docker ps -s` print it (`77.9MB`).
pub fn size(bytes: u64) -> String {
    human_size_with_precision(bytes as f64, 3)
}

/// Returns the COMMAND column of `docker ps`: the command line cut to 20
/// columns with `…`, then quoted as Go's `strconv.Quote` quotes it.
pub fn quoted_command(container: &Container, truncate: bool) -> String {
    let command = container.api_command();
    let shown = if truncate {
        ellipsis(&command, 20)
    } else {
        command
    };
    strconv::quote(&shown)
}

/// A port as the Engine API lists it for `docker ps` (`types.Port`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ApiPort {
    /// Empty for a port that is exposed but not published.
    pub ip: String,
    pub private_port: u16,
    pub public_port: u16,
    pub protocol: String,
}

/// Returns the ports the API reports for a container (moby's
/// `Summary.Ports`): nothing unless its process runs in a network namespace
/// of its own; then each host port it bound, and each exposed port it did
/// not publish.
pub fn api_ports(container: &Container) -> Vec<ApiPort> {
    let mode = container.host_config.network_mode.as_str();
    if !container.state.has_process()
        || matches!(mode, "host" | "none")
        || mode.starts_with("container:")
    {
        return Vec::new();
    }
    let mut ports: Vec<ApiPort> = container
        .ports
        .iter()
        .map(|allocation| ApiPort {
            ip: allocation.host_ip.clone(),
            private_port: allocation.container_port,
            public_port: allocation.host_port,
            protocol: allocation.protocol.clone(),
        })
        .collect();
    for (port, protocol) in container
        .config
        .exposed_ports
        .keys()
        .filter_map(|key| parse_port_key(key))
    {
        let published = container
            .ports
            .iter()
            .any(|allocation| allocation.container_port == port && allocation.protocol == protocol);
        if !published {
            ports.push(ApiPort {
                ip: String::new(),
                private_port: port,
                public_port: 0,
                protocol,
            });
        }
    }
    ports
}

/// Returns the PORTS column of `docker ps`, as docker/cli's
/// `DisplayablePorts` builds it: ports sorted by private port, address,
/// public port and protocol; runs of consecutive ports grouped when the
/// public port equals the private one; other mappings listed after the groups.
pub fn ports(container: &Container) -> String {
    let mut ports = api_ports(container);
    ports.shared_sort_by(|a, b| {
        (a.private_port, &a.ip, a.public_port, &a.protocol).cmp(&(
            b.private_port,
            &b.ip,
            b.public_port,
            &b.protocol,
        ))
    });

    let mut groups: Vec<(String, u16, u16)> = Vec::new();
    let mut mappings = Vec::new();
    for port in &ports {
        let key = if port.ip.is_empty() {
            port.protocol.clone()
        } else {
            if port.public_port != port.private_port {
                mappings.push(format!(
                    "{}->{}/{}",
                    join_host_port(&port.ip, &port.public_port.to_string()),
                    port.private_port,
                    port.protocol
                ));
                continue;
            }
            format!("{}/{}", port.ip, port.protocol)
        };
        match groups.iter_mut().find(|(known, _, _)| *known == key) {
            Some(group) if group.2 + 1 == port.private_port => group.2 = port.private_port,
            Some(group) if group.2 == port.private_port => {}
            _ => groups.push((key, port.private_port, port.private_port)),
        }
    }

    let mut parts: Vec<String> = groups
        .iter()
        .map(|(key, first, last)| form_group(key, *first, *last))
        .collect();
    parts.extend(mappings);
    parts.join(", ")
}

fn form_group(key: &str, first: u16, last: u16) -> String {
    let (ip, protocol) = match key.rsplit_once('/') {
        Some((ip, protocol)) => (ip, protocol),
        None => ("", key),
    };
    let mut group = first.to_string();
    if first != last {
        group = format!("{group}-{last}");
    }
    if !ip.is_empty() {
        group = format!("{}->{group}", join_host_port(ip, &group));
    }
    format!("{group}/{protocol}")
}

/// Joins an address and a port as Go's `net.JoinHostPort`: IPv6 addresses
/// in brackets.
fn join_host_port(ip: &str, port: &str) -> String {
    if ip.contains(':') {
        format!("[{ip}]:{port}")
    } else {
        format!("{ip}:{port}")
    }
}

/// Reads `6800/tcp` into its number and protocol.
pub fn parse_port_key(key: &str) -> Option<(u16, String)> {
    let (port, protocol) = key.split_once('/').unwrap_or((key, "tcp"));
    Some((port.parse().ok()?, protocol.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn form_group_joins_ipv6_in_brackets() {
        assert_eq!(form_group("tcp", 8000, 8002), "8000-8002/tcp");
        assert_eq!(form_group("0.0.0.0/tcp", 80, 80), "0.0.0.0:80->80/tcp");
        assert_eq!(form_group("::/tcp", 80, 80), "[::]:80->80/tcp");
    }

    #[test]
    fn created_since_reads_like_docker() {
        assert_eq!(created_since(61_000, 0), "About a minute ago");
        assert_eq!(created_since(3_000, 0), "3 seconds ago");
    }
}
