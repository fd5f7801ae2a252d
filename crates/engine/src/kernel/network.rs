//! Network namespaces as `ip addr` and `ip route` show them, inside a
//! container and on the host, and the files Docker writes for name
//! resolution (`/etc/hosts`, `/etc/resolv.conf`, `/etc/hostname`).
//!
//! A container on a bridge network gets one end of a veth pair as `eth0`
//! (`eth0@if23` inside: its peer is interface 23 on the host) and the other
//! end stays on the host as `veth` plus seven hex characters, enslaved to
//! the network's bridge: `docker0` (172.17.0.1/16) for the default
//! network, `br-<12 hex>` for a user-defined one. Interface numbers come
//! from the host's counter, so the pair takes two consecutive numbers.

use shared_sort::{SharedSort, SortedMap};

use crate::daemon::containers::Container;
use crate::daemon::networks::{format_ipv4, parse_ipv4, NetworkStore, Subnet};
use crate::digest::Digest;
use crate::sh::{loopback, Address, Interface, Route};

/// The host's own network interface.
pub const HOST_INTERFACE: &str = "eth0";
/// The host's address on its own network (an estimate: a laptop on a home
/// router).
pub const HOST_ADDRESS: &str = "192.168.1.23";
/// The prefix length of the host's network.
pub const HOST_PREFIX: u8 = 24;
/// The host's default gateway.
pub const HOST_GATEWAY: &str = "192.168.1.1";
/// The nameserver the host's resolver forwards to, which Docker copies into
/// containers on the default bridge.
pub const HOST_NAMESERVER: &str = "192.168.1.1";
/// The address of Docker's embedded DNS server on user-defined networks.
pub const EMBEDDED_DNS: &str = "127.0.0.11";
/// The MTU of Docker's bridges and veth pairs.
const BRIDGE_MTU: u32 = 1500;

/// One veth pair of a running container.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Veth {
    /// The network's name.
    pub network: String,
    /// `eth0`, `eth1`, … inside the container.
    pub inside_name: String,
    pub inside_index: u32,
    /// The host end's name, `veth` and seven hex characters.
    pub outside_name: String,
    pub outside_index: u32,
    pub outside_mac: String,
    /// The ID the host gives the container's network namespace, which the
    /// host end shows as `link-netnsid`.
    pub netns_id: u32,
}

impl Veth {
    /// Makes the pair for a container's `position`th network, taking two
    /// interface numbers from `next_index`.
    pub fn new(network: &str, position: usize, endpoint_id: &str, next_index: &mut u32) -> Veth {
        let inside_index = *next_index;
        let outside_index = *next_index + 1;
        *next_index += 2;
        let digest = Digest::of(format!("veth {endpoint_id}").as_bytes()).hex();
        let bytes: Vec<u8> = (0..6)
            .map(|index| u8::from_str_radix(&digest[index * 2..index * 2 + 2], 16).unwrap_or(0))
            .collect();
        let first = (bytes[0] & 0xfe) | 0x02;
        Veth {
            network: network.to_string(),
            inside_name: format!("eth{position}"),
            inside_index,
            outside_name: format!("veth{}", &digest[57..64]),
            outside_index,
            outside_mac: format!(
                "{first:02x}:{:02x}:{:02x}:{:02x}:{:02x}:{:02x}",
                bytes[1], bytes[2], bytes[3], bytes[4], bytes[5]
            ),
            netns_id: 0,
        }
    }
}

/// Returns the ID the host gives a network namespace that a new veth end
/// points into: the lowest one the running containers' veths do not use,
/// as Linux's `alloc_netid` picks it.
pub fn free_netns_id(veths: &[&Veth]) -> u32 {
    (0..)
        .find(|id| !veths.iter().any(|veth| veth.netns_id == *id))
        .unwrap_or(0)
}

/// Returns the broadcast address of an address's subnet.
fn broadcast(address: &str, prefix: u8) -> Option<String> {
    let base = Subnet::parse(&format!("{address}/{prefix}"))?.base;
    let host_bits = if prefix >= 32 { 0 } else { u32::MAX >> prefix };
    Some(format_ipv4(base | host_bits))
}

/// Returns the network part of an address as `a.b.c.d/n`.
fn network_of(address: &str, prefix: u8) -> Option<String> {
    Subnet::parse(&format!("{address}/{prefix}")).map(|subnet| subnet.to_string())
}

/// Returns the interfaces inside a container whose network namespace is
/// its own: `lo`, then one `eth` per network it is connected to.
pub fn container_interfaces(container: &Container, veths: &[Veth]) -> Vec<Interface> {
    let mut interfaces = vec![loopback()];
    for veth in veths {
        let Some(endpoint) = container
            .networks
            .get(&veth.network)
            .and_then(|attachment| attachment.endpoint.as_ref())
        else {
            continue;
        };
        let addresses = match endpoint.ip_address.is_empty() {
            true => Vec::new(),
            false => vec![Address {
                address: endpoint.ip_address.clone(),
                prefix: endpoint.prefix_len,
                broadcast: broadcast(&endpoint.ip_address, endpoint.prefix_len),
            }],
        };
        interfaces.push(Interface {
            index: veth.inside_index,
            name: veth.inside_name.clone(),
            peer_index: Some(veth.outside_index),
            peer_netns_id: 0,
            mac: endpoint.mac_address.clone(),
            mtu: BRIDGE_MTU,
            loopback: false,
            addresses,
            master: None,
            carrier: true,
        });
    }
    interfaces
}

/// Returns a container's routes: its networks, and the default route
/// through the first network's gateway.
pub fn container_routes(container: &Container, veths: &[Veth]) -> Vec<Route> {
    let mut routes = Vec::new();
    let endpoints: Vec<(&Veth, &crate::daemon::containers::Endpoint)> = veths
        .iter()
        .filter_map(|veth| {
            Some((
                veth,
                container.networks.get(&veth.network)?.endpoint.as_ref()?,
            ))
        })
        .filter(|(_, endpoint)| !endpoint.ip_address.is_empty())
        .collect();
    if let Some((veth, endpoint)) = endpoints.first() {
        routes.push(Route {
            destination: None,
            gateway: Some(endpoint.gateway.clone()),
            device: veth.inside_name.clone(),
            source: None,
        });
    }
    for (veth, endpoint) in endpoints {
        routes.push(Route {
            destination: network_of(&endpoint.ip_address, endpoint.prefix_len),
            gateway: None,
            device: veth.inside_name.clone(),
            source: Some(endpoint.ip_address.clone()),
        });
    }
    routes
}

/// A bridge on the host, with the veth ends enslaved to it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HostBridge {
    pub name: String,
    /// The Docker network the bridge belongs to.
    pub network: String,
    pub index: u32,
    pub address: String,
    pub prefix: u8,
    pub mac: String,
}

/// Returns the host's interfaces: `lo`, its own `eth0`, the bridges of
/// Docker's networks, and the host ends of the containers' veth pairs.
pub fn host_interfaces(bridges: &[HostBridge], veths: &[Veth]) -> Vec<Interface> {
    let mut interfaces = vec![loopback()];
    interfaces.push(Interface {
        index: 2,
        name: HOST_INTERFACE.to_string(),
        peer_index: None,
        peer_netns_id: 0,
        mac: "52:54:00:12:34:56".to_string(),
        mtu: BRIDGE_MTU,
        loopback: false,
        addresses: vec![Address {
            address: HOST_ADDRESS.to_string(),
            prefix: HOST_PREFIX,
            broadcast: broadcast(HOST_ADDRESS, HOST_PREFIX),
        }],
        master: None,
        carrier: true,
    });
    for bridge in bridges {
        interfaces.push(Interface {
            index: bridge.index,
            name: bridge.name.clone(),
            peer_index: None,
            peer_netns_id: 0,
            mac: bridge.mac.clone(),
            mtu: BRIDGE_MTU,
            loopback: false,
            addresses: vec![Address {
                address: bridge.address.clone(),
                prefix: bridge.prefix,
                broadcast: broadcast(&bridge.address, bridge.prefix),
            }],
            master: None,
            carrier: veths.iter().any(|veth| veth.network == bridge.network),
        });
    }
    for veth in veths {
        interfaces.push(Interface {
            index: veth.outside_index,
            name: veth.outside_name.clone(),
            peer_index: Some(veth.inside_index),
            peer_netns_id: veth.netns_id,
            mac: veth.outside_mac.clone(),
            mtu: BRIDGE_MTU,
            loopback: false,
            addresses: Vec::new(),
            master: bridges
                .iter()
                .find(|bridge| bridge.network == veth.network)
                .map(|bridge| bridge.name.clone()),
            carrier: true,
        });
    }
    interfaces.shared_sort_by_key(|interface| interface.index);
    interfaces
}

/// Returns the host's routes: the default route and one per network.
pub fn host_routes(bridges: &[HostBridge]) -> Vec<Route> {
    let mut routes = vec![
        Route {
            destination: None,
            gateway: Some(HOST_GATEWAY.to_string()),
            device: HOST_INTERFACE.to_string(),
            source: None,
        },
        Route {
            destination: network_of(HOST_ADDRESS, HOST_PREFIX),
            gateway: None,
            device: HOST_INTERFACE.to_string(),
            source: Some(HOST_ADDRESS.to_string()),
        },
    ];
    for bridge in bridges {
        routes.push(Route {
            destination: network_of(&bridge.address, bridge.prefix),
            gateway: None,
            device: bridge.name.clone(),
            source: Some(bridge.address.clone()),
        });
    }
    routes
}

/// Returns the bridges of a daemon's networks with their interface
/// numbers: `docker0` is 3, user-defined bridges follow in creation order
/// from the numbers `indexes` recorded.
pub fn host_bridges(networks: &NetworkStore, indexes: &SortedMap<String, u32>) -> Vec<HostBridge> {
    networks
        .iter()
        .filter(|network| network.driver == "bridge")
        .filter_map(|network| {
            let subnet = network.subnet?;
            let gateway = network.gateway?;
            let index = if network.bridge == "docker0" {
                3
            } else {
                *indexes.get(&network.bridge)?
            };
            let digest = Digest::of(format!("bridge {}", network.id).as_bytes()).hex();
            Some(HostBridge {
                name: network.bridge.clone(),
                network: network.name.clone(),
                index,
                address: format_ipv4(gateway),
                prefix: subnet.prefix,
                mac: format!(
                    "02:42:{}:{}:{}:{}",
                    &digest[0..2],
                    &digest[2..4],
                    &digest[4..6],
                    &digest[6..8]
                ),
            })
        })
        .collect()
}

/// Returns the `/etc/hosts` Docker writes for a container: the loopback
/// and IPv6 names, `--add-host` entries, and the container's own address
/// with its host name.
pub fn hosts_file(container: &Container) -> String {
    let mut text = String::from(
        "127.0.0.1\tlocalhost\n::1\tlocalhost ip6-localhost ip6-loopback\nfe00::0\tip6-localnet\nff00::0\tip6-mcastprefix\nff02::1\tip6-allnodes\nff02::2\tip6-allrouters\n",
    );
    for entry in &container.host_config.extra_hosts {
        if let Some((name, address)) = entry.split_once([':', '=']) {
            let address = if address == "host-gateway" {
                "172.17.0.1"
            } else {
                address
            };
            text.push_str(&format!("{address}\t{name}\n"));
        }
    }
    let address = container
        .networks
        .values()
        .find_map(|attachment| {
            attachment
                .endpoint
                .as_ref()
                .map(|endpoint| endpoint.ip_address.clone())
        })
        .filter(|address| !address.is_empty());
    if let Some(address) = address {
        text.push_str(&format!("{address}\t{}\n", container.hostname));
    }
    text
}

/// Returns the `/etc/resolv.conf` Docker 28 writes: the embedded DNS
/// server on a user-defined network, the host's upstream server
/// otherwise, each with Docker's header and its notes on where it came
/// from.
pub fn resolv_conf(container: &Container, networks: &NetworkStore) -> String {
    let header = "# Generated by Docker Engine.\n# This file can be edited; Docker Engine will not make further changes once it\n# has been modified.\n\n";
    let embedded = container
        .networks
        .keys()
        .any(|name| networks.lookup(name).is_ok_and(|network| network.has_dns()));
    let servers: Vec<String> = match container.host_config.dns.is_empty() {
        true => Vec::new(),
        false => container.host_config.dns.clone(),
    };
    if embedded {
        let external = if servers.is_empty() {
            format!("host({HOST_NAMESERVER})")
        } else {
            servers.join(" ")
        };
        return format!(
            "{header}nameserver {EMBEDDED_DNS}\nsearch .\noptions ndots:0\n\n# Based on host file: '/run/systemd/resolve/resolv.conf' (internal resolver)\n# ExtServers: [{external}]\n# Overrides: []\n# Option ndots from: internal\n"
        );
    }
    let servers = if servers.is_empty() {
        vec![HOST_NAMESERVER.to_string()]
    } else {
        servers
    };
    let lines: String = servers
        .iter()
        .map(|server| format!("nameserver {server}\n"))
        .collect();
    format!("{header}{lines}search .\n\n# Based on host file: '/run/systemd/resolve/resolv.conf' (legacy)\n# Overrides: []\n")
}

/// Resolves a name through the embedded DNS server of the container's
/// user-defined networks; the default bridge resolves nothing.
pub fn resolve(container: &Container, networks: &NetworkStore, name: &str) -> Option<String> {
    let name = name.trim_end_matches('.');
    container.networks.keys().find_map(|network| {
        let bare = name.strip_suffix(&format!(".{network}")).unwrap_or(name);
        networks.resolve(network, bare)
    })
}

/// Returns whether a text is a dotted IPv4 address.
pub fn is_ipv4(text: &str) -> bool {
    parse_ipv4(text).is_some()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn netns_ids_take_the_lowest_free() {
        let mut counter = 4;
        let mut first = Veth::new("bridge", 0, "a", &mut counter);
        let mut second = Veth::new("bridge", 0, "b", &mut counter);
        assert_eq!(free_netns_id(&[]), 0);
        first.netns_id = 0;
        second.netns_id = 2;
        assert_eq!(free_netns_id(&[&first, &second]), 1);
        second.netns_id = 1;
        assert_eq!(free_netns_id(&[&first, &second]), 2);
    }

    #[test]
    fn veth_pairs_take_consecutive_numbers() {
        let mut next = 22;
        let veth = Veth::new("bridge", 0, "abc", &mut next);
        assert_eq!((veth.inside_index, veth.outside_index, next), (22, 23, 24));
        assert_eq!(veth.inside_name, "eth0");
        assert!(veth.outside_name.starts_with("veth"));
        assert_eq!(veth.outside_name.len(), 11);
        assert_eq!(
            u8::from_str_radix(&veth.outside_mac[..2], 16).unwrap() & 0x03,
            0x02
        );
    }

    #[test]
    fn broadcasts_and_networks() {
        assert_eq!(
            broadcast("172.17.0.2", 16).as_deref(),
            Some("172.17.255.255")
        );
        assert_eq!(
            network_of("172.18.0.5", 16).as_deref(),
            Some("172.18.0.0/16")
        );
        assert_eq!(
            broadcast("192.168.1.23", 24).as_deref(),
            Some("192.168.1.255")
        );
    }
}
