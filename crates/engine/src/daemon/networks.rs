//! Networks on a host: the default `bridge` (`docker0`, 172.17.0.0/16),
//! `host` and `none`, and user-defined bridge networks, with address
//! allocation.
//!
//! Docker gives the bridge's gateway `.1` and hands out addresses from `.2`
//! upwards; user-defined networks get the next free /16 from 172.18.0.0.
//! MAC addresses are `02:42:` followed by the IPv4 address in hex, as
//! Docker's bridge driver derived them before Docker 28 made them random;
//! Porthole keeps the derived form so the page can show where it comes from.

use std::collections::BTreeMap;

use crate::digest::Digest;

use super::containers::Endpoint;
use super::ApiError;

/// A network.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Network {
    /// 64 hex characters.
    pub id: String,
    pub name: String,
    /// `bridge`, `host` or `null`.
    pub driver: String,
    /// `172.17.0.0/16`, empty for `host` and `none`.
    pub subnet: String,
    pub gateway: String,
    /// The Linux bridge device (`docker0`, `br-<12 hex>`).
    pub bridge: String,
    /// True for networks Docker creates itself.
    pub predefined: bool,
    /// Container ID → endpoint.
    pub endpoints: BTreeMap<String, Endpoint>,
    /// Third octet base of the subnet: 17 for 172.17.0.0/16.
    second_octet: u8,
}

/// Networks of one daemon.
#[derive(Clone, Debug)]
pub struct NetworkStore {
    networks: Vec<Network>,
}

impl NetworkStore {
    /// Creates the three networks every daemon starts with.
    pub fn new() -> Self {
        let predefined = |name: &str, driver: &str, subnet: &str, gateway: &str, bridge: &str| Network {
            id: Digest::of(format!("network {name}").as_bytes()).hex(),
            name: name.to_string(),
            driver: driver.to_string(),
            subnet: subnet.to_string(),
            gateway: gateway.to_string(),
            bridge: bridge.to_string(),
            predefined: true,
            endpoints: BTreeMap::new(),
            second_octet: 17,
        };
        Self {
            networks: vec![
                predefined("bridge", "bridge", "172.17.0.0/16", "172.17.0.1", "docker0"),
                predefined("host", "host", "", "", ""),
                predefined("none", "null", "", "", ""),
            ],
        }
    }

    /// Iterates over networks in creation order.
    pub fn iter(&self) -> impl Iterator<Item = &Network> {
        self.networks.iter()
    }

    /// Finds a network by name, full ID or unique ID prefix.
    pub fn lookup(&self, name: &str) -> Result<&Network, ApiError> {
        self.position(name).map(|index| &self.networks[index])
    }

    /// Creates a user-defined bridge network with the next free subnet.
    pub fn create(&mut self, name: &str, id: String) -> Result<&Network, ApiError> {
        if self.networks.iter().any(|network| network.name == name) {
            return Err(ApiError::new(409, format!("network with name {name} already exists")));
        }
        let second_octet = (18..=31u8)
            .find(|octet| !self.networks.iter().any(|network| network.second_octet == *octet && !network.subnet.is_empty() && !network.predefined))
            .ok_or_else(|| ApiError::new(500, "all predefined address pools have been fully subnetted"))?;
        let bridge = format!("br-{}", &id[..12]);
        self.networks.push(Network {
            id,
            name: name.to_string(),
            driver: "bridge".to_string(),
            subnet: format!("172.{second_octet}.0.0/16"),
            gateway: format!("172.{second_octet}.0.1"),
            bridge,
            predefined: false,
            endpoints: BTreeMap::new(),
            second_octet,
        });
        Ok(self.networks.last().expect("just pushed"))
    }

    /// Removes a user-defined network that no container uses.
    pub fn remove(&mut self, name: &str) -> Result<Network, ApiError> {
        let index = self.position(name)?;
        let network = &self.networks[index];
        if network.predefined {
            return Err(ApiError::new(
                403,
                format!("{} is a pre-defined network and cannot be removed", network.name),
            ));
        }
        if !network.endpoints.is_empty() {
            return Err(ApiError::new(
                403,
                format!("error while removing network: network {} id {} has active endpoints", network.name, network.id),
            ));
        }
        Ok(self.networks.remove(index))
    }

    /// Gives a container an address on a bridge network and returns its endpoint.
    pub fn connect(&mut self, name: &str, container_id: &str) -> Result<Endpoint, ApiError> {
        let index = self.position(name)?;
        let network = &mut self.networks[index];
        if let Some(endpoint) = network.endpoints.get(container_id) {
            return Ok(endpoint.clone());
        }
        if network.subnet.is_empty() {
            let endpoint = Endpoint {
                network: network.name.clone(),
                ip_address: String::new(),
                prefix_len: 0,
                gateway: String::new(),
                mac_address: String::new(),
            };
            network.endpoints.insert(container_id.to_string(), endpoint.clone());
            return Ok(endpoint);
        }
        let used: Vec<&str> = network.endpoints.values().map(|endpoint| endpoint.ip_address.as_str()).collect();
        let second = network.second_octet;
        let host_part = (2..=65_534u32)
            .find(|host| !used.contains(&address(second, *host).as_str()))
            .ok_or_else(|| ApiError::new(500, "no available IPv4 addresses on this network's address pools"))?;
        let ip_address = address(second, host_part);
        let endpoint = Endpoint {
            network: network.name.clone(),
            mac_address: format!("02:42:ac:{second:02x}:{:02x}:{:02x}", host_part >> 8, host_part & 0xff),
            ip_address,
            prefix_len: 16,
            gateway: network.gateway.clone(),
        };
        network.endpoints.insert(container_id.to_string(), endpoint.clone());
        Ok(endpoint)
    }

    /// Releases a container's addresses on every network.
    pub fn disconnect_all(&mut self, container_id: &str) {
        for network in &mut self.networks {
            network.endpoints.remove(container_id);
        }
    }

    fn position(&self, name: &str) -> Result<usize, ApiError> {
        if let Some(index) = self.networks.iter().position(|network| network.name == name || network.id == name) {
            return Ok(index);
        }
        let matches: Vec<usize> = self
            .networks
            .iter()
            .enumerate()
            .filter(|(_, network)| !name.is_empty() && network.id.starts_with(name))
            .map(|(index, _)| index)
            .collect();
        match matches.as_slice() {
            [index] => Ok(*index),
            _ => Err(ApiError::new(404, format!("network {name} not found"))),
        }
    }
}

impl Default for NetworkStore {
    fn default() -> Self {
        Self::new()
    }
}

fn address(second_octet: u8, host: u32) -> String {
    format!("172.{second_octet}.{}.{}", host >> 8, host & 0xff)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bridge_hands_out_addresses_from_two() {
        let mut store = NetworkStore::new();
        let first = store.connect("bridge", "a").unwrap();
        let second = store.connect("bridge", "b").unwrap();
        assert_eq!(first.ip_address, "172.17.0.2");
        assert_eq!(first.mac_address, "02:42:ac:11:00:02");
        assert_eq!(second.ip_address, "172.17.0.3");
        store.disconnect_all("a");
        assert_eq!(store.connect("bridge", "c").unwrap().ip_address, "172.17.0.2");
    }

    #[test]
    fn user_network_gets_next_subnet() {
        let mut store = NetworkStore::new();
        let network = store.create("backend", "f".repeat(64)).unwrap();
        assert_eq!(network.subnet, "172.18.0.0/16");
        assert_eq!(network.bridge, "br-ffffffffffff");
        assert!(store.remove("bridge").is_err());
    }
}
