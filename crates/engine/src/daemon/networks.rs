//! Networks on a host: the default `bridge` (`docker0`, 172.17.0.0/16),
//! `host` and `none`, and user-defined bridge networks, with address
//! allocation and the name resolution of user-defined networks.
//!
//! Docker gives a network's gateway the first host address and hands out
//! container addresses from the next one upwards. User-defined networks
//! without `--subnet` take the next free pool of the daemon's defaults:
//! 172.18.0.0/16 to 172.31.0.0/16, then 192.168.0.0/20, 192.168.16.0/20
//! and so on. MAC addresses are `02:42:` followed by the IPv4 address in
//! hex, as Docker's bridge driver derived them before Docker 28 made them
//! random; Porthole keeps the derived form so the page can show where it
//! comes from.
//!
//! On a user-defined network, Docker's embedded DNS server (127.0.0.11)
//! resolves container names, short IDs and aliases; the default bridge
//! resolves none of them.

use shared_sort::SortedMap;

use crate::clock::Millis;
use crate::digest::Digest;

use super::containers::Endpoint;
use super::ApiError;

/// An IPv4 subnet: base address and prefix length.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Subnet {
    pub base: u32,
    pub prefix: u8,
}

impl Subnet {
    /// Parses `a.b.c.d/n`; the base is masked to the prefix.
    pub fn parse(text: &str) -> Option<Subnet> {
        let (address, prefix) = text.split_once('/')?;
        let base = parse_ipv4(address)?;
        let prefix: u8 = prefix.parse().ok().filter(|prefix| *prefix <= 32)?;
        Some(Subnet {
            base: base & mask(prefix),
            prefix,
        })
    }

    /// Returns whether two subnets share an address.
    pub fn overlaps(&self, other: &Subnet) -> bool {
        let shorter = self.prefix.min(other.prefix);
        self.base & mask(shorter) == other.base & mask(shorter)
    }

    /// Returns whether the subnet contains an address.
    pub fn contains(&self, address: u32) -> bool {
        address & mask(self.prefix) == self.base
    }

    /// Returns how many host addresses it has, broadcast excluded.
    fn host_count(&self) -> u32 {
        if self.prefix >= 31 {
            return 0;
        }
        ((1u64 << (32 - self.prefix)) - 2) as u32
    }

    /// Returns its first host address, the default gateway; a `/31` or
    /// `/32` has none.
    fn first_host(&self) -> Option<u32> {
        (self.host_count() > 0).then(|| self.base + 1)
    }
}

impl std::fmt::Display for Subnet {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}/{}", format_ipv4(self.base), self.prefix)
    }
}

fn mask(prefix: u8) -> u32 {
    if prefix == 0 {
        0
    } else {
        u32::MAX << (32 - u32::from(prefix))
    }
}

/// Parses a dotted IPv4 address.
pub fn parse_ipv4(text: &str) -> Option<u32> {
    let parts: Vec<&str> = text.split('.').collect();
    if parts.len() != 4 {
        return None;
    }
    let mut address = 0u32;
    for part in parts {
        if part.is_empty() || part.len() > 3 || !part.bytes().all(|byte| byte.is_ascii_digit()) {
            return None;
        }
        address = address << 8 | u32::from(part.parse::<u8>().ok()?);
    }
    Some(address)
}

/// Formats an IPv4 address.
pub fn format_ipv4(address: u32) -> String {
    let [a, b, c, d] = address.to_be_bytes();
    format!("{a}.{b}.{c}.{d}")
}

/// A container on a network.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NetworkEndpoint {
    /// The container's name, for `docker network inspect` and DNS.
    pub container_name: String,
    pub endpoint: Endpoint,
    /// Extra DNS names (`--network-alias`).
    pub aliases: Vec<String>,
}

/// A network.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Network {
    /// 64 hex characters.
    pub id: String,
    pub name: String,
    /// `bridge`, `host` or `null`.
    pub driver: String,
    pub created: Millis,
    /// `None` for `host` and `none`.
    pub subnet: Option<Subnet>,
    pub gateway: Option<u32>,
    /// The Linux bridge device (`docker0`, `br-<12 hex>`).
    pub bridge: String,
    /// True for the three networks Docker creates itself.
    pub predefined: bool,
    pub internal: bool,
    pub attachable: bool,
    pub labels: SortedMap<String, String>,
    pub options: SortedMap<String, String>,
    /// Whether the user gave the subnet (`IPAM.Config` lists it either way).
    pub user_subnet: bool,
    /// Container ID → endpoint.
    pub endpoints: SortedMap<String, NetworkEndpoint>,
}

impl Network {
    /// Returns whether Docker's embedded DNS resolves names on it.
    pub fn has_dns(&self) -> bool {
        !self.predefined && self.driver == "bridge"
    }
}

/// The settings `docker network create` requests.
#[derive(Clone, Debug, Default)]
pub struct NetworkRequest {
    pub driver: String,
    pub subnet: Option<String>,
    pub gateway: Option<String>,
    pub internal: bool,
    pub attachable: bool,
    pub labels: SortedMap<String, String>,
    pub options: SortedMap<String, String>,
}

/// Networks of one daemon.
#[derive(Clone, Debug)]
pub struct NetworkStore {
    networks: Vec<Network>,
}

/// The daemon's start time, when its predefined networks are created.
const DAEMON_START: Millis = crate::clock::START - 3_600_000;

impl NetworkStore {
    /// Creates the three networks every daemon starts with.
    pub fn new() -> Self {
        let predefined = |name: &str, driver: &str, subnet: Option<Subnet>, bridge: &str| Network {
            id: Digest::of(format!("network {name}").as_bytes()).hex(),
            name: name.to_string(),
            driver: driver.to_string(),
            created: DAEMON_START,
            subnet,
            gateway: subnet.and_then(|subnet| subnet.first_host()),
            bridge: bridge.to_string(),
            predefined: true,
            internal: false,
            attachable: false,
            labels: SortedMap::new(),
            options: bridge_options(name),
            user_subnet: false,
            endpoints: SortedMap::new(),
        };
        Self {
            networks: vec![
                predefined(
                    "bridge",
                    "bridge",
                    Subnet::parse("172.17.0.0/16"),
                    "docker0",
                ),
                predefined("host", "host", None, ""),
                predefined("none", "null", None, ""),
            ],
        }
    }

    /// Iterates over networks in creation order.
    pub fn iter(&self) -> impl Iterator<Item = &Network> {
        self.networks.iter()
    }

    /// Finds a network by name, full ID or unique ID prefix, as moby's
    /// `FindNetwork` does.
    pub fn lookup(&self, name: &str) -> Result<&Network, ApiError> {
        self.position(name).map(|index| &self.networks[index])
    }

    /// Creates a user-defined network.
    pub fn create(
        &mut self,
        name: &str,
        id: String,
        request: &NetworkRequest,
        now: Millis,
    ) -> Result<&Network, ApiError> {
        if self.networks.iter().any(|network| network.name == name) {
            return Err(ApiError::new(
                409,
                format!("network with name {name} already exists"),
            ));
        }
        let driver = if request.driver.is_empty() {
            "bridge"
        } else {
            request.driver.as_str()
        };
        match driver {
            "bridge" => {}
            "host" | "null" => {
                return Err(ApiError::new(
                    403,
                    format!("only one instance of \"{driver}\" network is allowed"),
                ))
            }
            other => {
                return Err(ApiError::new(
                    404,
                    format!(
                        "could not find plugin {other} in v1 plugin registry: plugin not found"
                    ),
                ))
            }
        }
        let (subnet, user_subnet) = match &request.subnet {
            Some(text) => (self.requested_subnet(text)?, true),
            None => (self.next_pool()?, false),
        };
        let gateway = match &request.gateway {
            Some(text) => {
                let address = parse_ipv4(text)
                    .ok_or_else(|| ApiError::new(400, format!("invalid gateway address {text}")))?;
                if !subnet.contains(address) {
                    return Err(ApiError::new(
                        400,
                        format!("no matching subnet for gateway {text}"),
                    ));
                }
                address
            }
            // NOTE: Docker 1.12 and 1.13 printed this message for a /31 or
            // /32 subnet; moby 28's wording is unconfirmed.
            None => subnet.first_host().ok_or_else(|| {
                ApiError::new(
                    500,
                    "failed to allocate gateway (): No available addresses on this pool",
                )
            })?,
        };
        let bridge = format!("br-{}", &id[..12]);
        self.networks.push(Network {
            id,
            name: name.to_string(),
            driver: driver.to_string(),
            created: now,
            subnet: Some(subnet),
            gateway: Some(gateway),
            bridge,
            predefined: false,
            internal: request.internal,
            attachable: request.attachable,
            labels: request.labels.clone(),
            options: request.options.clone(),
            user_subnet,
            endpoints: SortedMap::new(),
        });
        Ok(self.networks.last().expect("just pushed"))
    }

    fn requested_subnet(&self, text: &str) -> Result<Subnet, ApiError> {
        let subnet = Subnet::parse(text)
            .ok_or_else(|| ApiError::new(400, format!("invalid CIDR address: {text}")))?;
        let taken = self
            .networks
            .iter()
            .filter_map(|network| network.subnet)
            .any(|other| other.overlaps(&subnet));
        if taken {
            return Err(ApiError::new(
                403,
                "invalid pool request: Pool overlaps with other one on this address space",
            ));
        }
        Ok(subnet)
    }

    /// Returns the first default address pool no network uses.
    fn next_pool(&self) -> Result<Subnet, ApiError> {
        let sixteens = (18..=31u32).map(|second| Subnet {
            base: (172 << 24) | (second << 16),
            prefix: 16,
        });
        let twenties = (0..16u32).map(|index| Subnet {
            base: (192 << 24) | (168 << 16) | (index << 12),
            prefix: 20,
        });
        sixteens
            .chain(twenties)
            .find(|candidate| {
                !self
                    .networks
                    .iter()
                    .filter_map(|network| network.subnet)
                    .any(|used| used.overlaps(candidate))
            })
            .ok_or_else(|| {
                ApiError::new(
                    403,
                    "all predefined address pools have been fully subnetted",
                )
            })
    }

    /// Removes a user-defined network that no container uses.
    pub fn remove(&mut self, name: &str) -> Result<Network, ApiError> {
        let index = self.position(name)?;
        let network = &self.networks[index];
        if network.predefined {
            return Err(ApiError::new(
                403,
                format!(
                    "{} is a pre-defined network and cannot be removed",
                    network.name
                ),
            ));
        }
        if !network.endpoints.is_empty() {
            let active: Vec<String> = network
                .endpoints
                .values()
                .map(|endpoint| {
                    format!(
                        "name:\"{}\" id:\"{}\"",
                        endpoint.container_name,
                        &endpoint.endpoint.endpoint_id[..12]
                    )
                })
                .collect();
            return Err(ApiError::new(
                403,
                format!(
                    "error while removing network: network {} has active endpoints ({})",
                    network.name,
                    active.join(", ")
                ),
            ));
        }
        Ok(self.networks.remove(index))
    }

    /// Gives a container an endpoint on a network and returns it; `ip`
    /// requests a fixed address.
    pub fn connect(
        &mut self,
        name: &str,
        container_id: &str,
        container_name: &str,
        aliases: &[String],
        ip: Option<&str>,
    ) -> Result<Endpoint, ApiError> {
        let index = self.position(name)?;
        let network = &mut self.networks[index];
        if let Some(existing) = network.endpoints.get(container_id) {
            return Ok(existing.endpoint.clone());
        }
        let endpoint_id =
            Digest::of(format!("endpoint {} {container_id}", network.id).as_bytes()).hex();
        let endpoint = match (network.subnet, network.gateway) {
            (Some(subnet), Some(gateway)) => {
                let address = allocate(network, subnet, gateway, ip)?;
                let [_, _, c, d] = address.to_be_bytes();
                let [a, b, ..] = address.to_be_bytes();
                Endpoint {
                    network: network.name.clone(),
                    endpoint_id,
                    ip_address: format_ipv4(address),
                    prefix_len: subnet.prefix,
                    gateway: format_ipv4(gateway),
                    mac_address: format!("02:42:{a:02x}:{b:02x}:{c:02x}:{d:02x}"),
                }
            }
            _ => Endpoint {
                network: network.name.clone(),
                endpoint_id,
                ip_address: String::new(),
                prefix_len: 0,
                gateway: String::new(),
                mac_address: String::new(),
            },
        };
        network.endpoints.insert(
            container_id.to_string(),
            NetworkEndpoint {
                container_name: container_name.to_string(),
                endpoint: endpoint.clone(),
                aliases: aliases.to_vec(),
            },
        );
        Ok(endpoint)
    }

    /// Releases a container's address on one network.
    pub fn disconnect(&mut self, name: &str, container_id: &str) -> Result<(), ApiError> {
        let index = self.position(name)?;
        self.networks[index].endpoints.remove(container_id);
        Ok(())
    }

    /// Releases a container's addresses on every network.
    pub fn disconnect_all(&mut self, container_id: &str) {
        for network in &mut self.networks {
            network.endpoints.remove(container_id);
        }
    }

    /// Renames a container's endpoints, for DNS after `docker rename`.
    pub fn rename_container(&mut self, container_id: &str, new_name: &str) {
        for network in &mut self.networks {
            if let Some(endpoint) = network.endpoints.get_mut(container_id) {
                endpoint.container_name = new_name.to_string();
            }
        }
    }

    /// Resolves a name as the embedded DNS server does for a container on
    /// `network`: container names, aliases and 12-hex short IDs of the
    /// containers on the same user-defined network.
    pub fn resolve(&self, network: &str, query: &str) -> Option<String> {
        let network = self.lookup(network).ok()?;
        if !network.has_dns() {
            return None;
        }
        network
            .endpoints
            .iter()
            .find_map(|(container_id, endpoint)| {
                let matches = endpoint.container_name == query
                    || endpoint.aliases.iter().any(|alias| alias == query)
                    || container_id.get(..12) == Some(query);
                matches.then(|| endpoint.endpoint.ip_address.clone())
            })
    }

    /// Removes user-defined networks without containers and returns their names.
    pub fn prune(&mut self) -> Vec<String> {
        let mut removed = Vec::new();
        self.networks.retain(|network| {
            let unused = !network.predefined && network.endpoints.is_empty();
            if unused {
                removed.push(network.name.clone());
            }
            !unused
        });
        removed
    }

    fn position(&self, name: &str) -> Result<usize, ApiError> {
        if let Some(index) = self.networks.iter().position(|network| network.id == name) {
            return Ok(index);
        }
        if let Some(index) = self
            .networks
            .iter()
            .position(|network| network.name == name)
        {
            return Ok(index);
        }
        let mut matches = self
            .networks
            .iter()
            .enumerate()
            .filter(|(_, network)| !name.is_empty() && network.id.starts_with(name))
            .map(|(index, _)| index);
        match (matches.next(), matches.next()) {
            (Some(index), None) => Ok(index),
            (Some(_), Some(_)) => Err(ApiError::new(400, format!("network {name} is ambiguous"))),
            (None, _) => Err(ApiError::new(404, format!("network {name} not found"))),
        }
    }
}

impl Default for NetworkStore {
    fn default() -> Self {
        Self::new()
    }
}

/// Returns the driver options Docker sets on the default bridge.
fn bridge_options(name: &str) -> SortedMap<String, String> {
    if name != "bridge" {
        return SortedMap::new();
    }
    [
        ("com.docker.network.bridge.default_bridge", "true"),
        ("com.docker.network.bridge.enable_icc", "true"),
        ("com.docker.network.bridge.enable_ip_masquerade", "true"),
        ("com.docker.network.bridge.host_binding_ipv4", "0.0.0.0"),
        ("com.docker.network.bridge.name", "docker0"),
        ("com.docker.network.driver.mtu", "1500"),
    ]
    .into_iter()
    .map(|(key, value)| (key.to_string(), value.to_string()))
    .collect()
}

/// Picks the container's address: the requested one, or the lowest
/// free one after the gateway.
fn allocate(
    network: &Network,
    subnet: Subnet,
    gateway: u32,
    requested: Option<&str>,
) -> Result<u32, ApiError> {
    let used: Vec<u32> = network
        .endpoints
        .values()
        .filter_map(|endpoint| parse_ipv4(&endpoint.endpoint.ip_address))
        .collect();
    if let Some(text) = requested {
        let address = parse_ipv4(text)
            .ok_or_else(|| ApiError::new(400, format!("invalid IPv4 address: {text}")))?;
        if !network.user_subnet {
            return Err(ApiError::new(400, "user specified IP address is supported only when connecting to networks with user configured subnets"));
        }
        if !subnet.contains(address) {
            return Err(ApiError::new(
                400,
                format!("no configured subnet or ip-range contain the IP address {text}"),
            ));
        }
        if used.contains(&address) || address == gateway {
            return Err(ApiError::new(409, "Address already in use"));
        }
        return Ok(address);
    }
    (1..=subnet.host_count())
        .map(|offset| subnet.base + offset)
        .find(|address| *address != gateway && !used.contains(address))
        .ok_or_else(|| {
            ApiError::new(
                503,
                "no available IPv4 addresses on this network's address pools",
            )
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn connect(store: &mut NetworkStore, network: &str, id: &str) -> Endpoint {
        store.connect(network, id, id, &[], None).unwrap()
    }

    #[test]
    fn bridge_hands_out_addresses_from_two() {
        let mut store = NetworkStore::new();
        let first = connect(&mut store, "bridge", "a");
        let second = connect(&mut store, "bridge", "b");
        assert_eq!(first.ip_address, "172.17.0.2");
        assert_eq!(first.mac_address, "02:42:ac:11:00:02");
        assert_eq!(first.gateway, "172.17.0.1");
        assert_eq!(second.ip_address, "172.17.0.3");
        store.disconnect_all("a");
        assert_eq!(connect(&mut store, "bridge", "c").ip_address, "172.17.0.2");
    }

    #[test]
    fn user_networks_take_the_next_pools() {
        let mut store = NetworkStore::new();
        let first = store
            .create("backend", "f".repeat(64), &NetworkRequest::default(), 0)
            .unwrap();
        assert_eq!(first.subnet.unwrap().to_string(), "172.18.0.0/16");
        assert_eq!(first.bridge, "br-ffffffffffff");
        let custom = NetworkRequest {
            subnet: Some("172.19.5.0/24".into()),
            ..NetworkRequest::default()
        };
        store.create("custom", "e".repeat(64), &custom, 0).unwrap();
        let third = store
            .create("third", "d".repeat(64), &NetworkRequest::default(), 0)
            .unwrap();
        assert_eq!(third.subnet.unwrap().to_string(), "172.20.0.0/16");
    }

    #[test]
    fn network_errors_use_dockers_words() {
        let mut store = NetworkStore::new();
        assert_eq!(
            store.remove("bridge").unwrap_err().message,
            "bridge is a pre-defined network and cannot be removed"
        );
        assert_eq!(
            store.lookup("nope").unwrap_err().message,
            "network nope not found"
        );
        store
            .create("web", "c".repeat(64), &NetworkRequest::default(), 0)
            .unwrap();
        assert_eq!(
            store
                .create("web", "b".repeat(64), &NetworkRequest::default(), 0)
                .unwrap_err()
                .message,
            "network with name web already exists"
        );
        let overlapping = NetworkRequest {
            subnet: Some("172.17.3.0/24".into()),
            ..NetworkRequest::default()
        };
        assert_eq!(
            store
                .create("x", "a".repeat(64), &overlapping, 0)
                .unwrap_err()
                .message,
            "invalid pool request: Pool overlaps with other one on this address space"
        );
        connect(&mut store, "web", "0123456789abcdef");
        let message = store.remove("web").unwrap_err().message;
        assert!(message.starts_with("error while removing network: network web has active endpoints (name:\"0123456789abcdef\" id:\""), "{message}");
    }

    #[test]
    fn user_networks_resolve_names_and_aliases() {
        let mut store = NetworkStore::new();
        store
            .create("app", "9".repeat(64), &NetworkRequest::default(), 0)
            .unwrap();
        store
            .connect(
                "app",
                &"1".repeat(64),
                "db",
                &["database".to_string()],
                None,
            )
            .unwrap();
        assert_eq!(store.resolve("app", "db").as_deref(), Some("172.18.0.2"));
        assert_eq!(
            store.resolve("app", "database").as_deref(),
            Some("172.18.0.2")
        );
        assert_eq!(
            store.resolve("app", "111111111111").as_deref(),
            Some("172.18.0.2")
        );
        connect(&mut store, "bridge", "web");
        assert_eq!(store.resolve("bridge", "web"), None);
    }

    #[test]
    fn subnets_parse_and_overlap() {
        let a = Subnet::parse("10.0.0.0/8").unwrap();
        let b = Subnet::parse("10.1.2.0/24").unwrap();
        assert!(a.overlaps(&b));
        assert!(!Subnet::parse("192.168.0.0/20")
            .unwrap()
            .overlaps(&Subnet::parse("192.168.16.0/20").unwrap()));
        assert_eq!(
            Subnet::parse("10.1.2.3/24").unwrap().to_string(),
            "10.1.2.0/24"
        );
        assert_eq!(Subnet::parse("10.1.2/24"), None);
        assert_eq!(Subnet::parse("10.1.2.3/33"), None);
    }
}
