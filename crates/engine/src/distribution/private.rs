//! Registries that run as containers: `docker run -d -p 5000:5000 --name
//! registry registry:2` on a host serves the registry protocol on that
//! host's port 5000, reachable as `localhost:5000` from the host itself and
//! as `HOST:5000` from the other hosts.
//!
//! The registry speaks plain HTTP. As moby's `registry` package does, the
//! daemon talks HTTP without asking only to loopback addresses
//! (`127.0.0.0/8`); any other plain-HTTP registry must be listed in the
//! daemon's `insecure-registries` (`/etc/docker/daemon.json`, read when the
//! daemon starts), or the TLS handshake fails with `http: server gave HTTP
//! response to HTTPS client`.

use shared_sort::SortedSet;

use crate::cx::Cx;
use crate::events::{Change, Node};
use crate::registry::Registry;
use crate::world::{RegistryHost, World};

/// The image repositories that serve the registry protocol.
const REGISTRY_IMAGES: &[&str] = &["docker.io/library/registry", "registry"];

/// Returns the index of the registry `domain` names, as `from`'s daemon
/// reaches it. `Err(None)` means no registry has that name, so the caller
/// reports an unknown registry; `Err(Some(message))` is the daemon's
/// connection error, already recorded as a failed request.
pub fn reach(
    world: &mut World,
    cx: &mut Cx,
    from: &str,
    domain: &str,
) -> Result<usize, Option<String>> {
    let Some((name, port)) = split_port(domain) else {
        return world.registry_index(domain).ok_or(None);
    };
    let loopback = name == "localhost" || name.starts_with("127.");
    let host = if loopback {
        from.to_string()
    } else {
        name.to_string()
    };
    if !world.hosts.contains_key(&host) {
        return world.registry_index(domain).ok_or(None);
    }
    let node = Node::Registry {
        host: format!("{host}:{port}"),
    };
    let daemon = Node::Daemon {
        host: from.to_string(),
    };
    let Some(container) = serving_container(world, &host, port) else {
        let scheme = if loopback { "http" } else { "https" };
        let address = if loopback {
            format!("127.0.0.1:{port}")
        } else {
            format!("{}:{port}", host_address(&host))
        };
        let message = format!(
            "Get \"{scheme}://{domain}/v2/\": dial tcp {address}: connect: connection refused"
        );
        return Err(Some(refused(cx, daemon, node, message)));
    };
    let insecure = loopback
        || world.hosts[from]
            .insecure_registries
            .iter()
            .any(|entry| entry == domain);
    if !insecure {
        let message = format!(
            "Get \"https://{domain}/v2/\": http: server gave HTTP response to HTTPS client"
        );
        return Err(Some(refused(cx, daemon, node, message)));
    }
    Ok(registry_for_container(world, &host, port, &container))
}

/// Records a request that got no usable response and returns its message.
fn refused(cx: &mut Cx, daemon: Node, node: Node, message: String) -> String {
    let index = cx.call(daemon, node.clone(), "GET", "/v2/", "", 0);
    cx.set_response(index, message.clone());
    cx.change(Change::Fault {
        node,
        message: message.clone(),
    });
    cx.advance(super::ROUND_TRIP_MS);
    message
}

/// Splits `NAME:PORT`; `None` when the domain has no numeric port.
fn split_port(domain: &str) -> Option<(&str, u16)> {
    let (name, port) = domain.rsplit_once(':')?;
    Some((name, port.parse().ok()?))
}

/// Returns the LAN address of a host, as the other hosts reach it.
pub fn host_address(host: &str) -> &'static str {
    match host {
        "laptop" => "192.168.56.10",
        "server" => "192.168.56.20",
        _ => "192.168.56.99",
    }
}

/// Returns the id of the running registry container that publishes `port`
/// on `host`.
fn serving_container(world: &World, host: &str, port: u16) -> Option<String> {
    let daemon = &world.hosts.get(host)?.daemon;
    daemon
        .containers
        .iter()
        .filter(|container| container.state.is_running())
        .filter(|container| {
            container
                .ports
                .iter()
                .any(|allocation| allocation.host_port == port)
        })
        .find(|container| {
            let image = container.image.as_str();
            let repository = image.split(':').next().unwrap_or(image);
            REGISTRY_IMAGES.contains(&repository)
        })
        .map(|container| container.id.clone())
}

/// Returns the registry whose storage belongs to `container`, creating it
/// the first time the registry is reached.
fn registry_for_container(world: &mut World, host: &str, port: u16, container: &str) -> usize {
    if let Some(index) = world
        .registries
        .iter()
        .position(|registry| registry.container.as_deref() == Some(container))
    {
        return index;
    }
    world.registries.push(RegistryHost {
        name: format!("{host}:{port}"),
        host: format!("{host}:{port}"),
        auth_host: None,
        registry: Registry::private(),
        touched: SortedSet::new(),
        container: Some(container.to_string()),
    });
    world.registries.len() - 1
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_ports() {
        assert_eq!(split_port("localhost:5000"), Some(("localhost", 5000)));
        assert_eq!(split_port("server:5000"), Some(("server", 5000)));
        assert_eq!(split_port("docker.io"), None);
        assert_eq!(split_port("host:port"), None);
    }
}
