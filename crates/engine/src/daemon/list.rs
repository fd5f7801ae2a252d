//! `GET /containers/json`: which containers `docker ps` lists, with moby
//! 28's filters (`daemon/list.go`).
//!
//! Values of one filter name are alternatives; different names must all
//! hold. `status=` lists stopped containers without `-a`; `name=` and
//! `id=` are regular expressions ([`super::pattern`]); the others compare
//! exactly.

use crate::host::Host;

use super::containers::{Container, MountKind, Status};
use super::pattern::Pattern;
use super::ApiError;

/// The filter names `docker ps` accepts.
const ACCEPTED: &[&str] = &[
    "ancestor",
    "before",
    "expose",
    "exited",
    "health",
    "id",
    "isolation",
    "is-task",
    "label",
    "name",
    "network",
    "publish",
    "since",
    "status",
    "volume",
];

/// The listing `docker ps` requests.
#[derive(Clone, Debug, Default)]
pub struct ListRequest {
    pub all: bool,
    /// `-n N` or `-l` (1); 0 for no limit.
    pub limit: usize,
    /// `--filter name=value` pairs.
    pub filters: Vec<(String, String)>,
}

/// Returns the containers to list, newest first.
pub fn list<'a>(host: &'a Host, request: &ListRequest) -> Result<Vec<&'a Container>, ApiError> {
    let filters = &request.filters;
    for (name, value) in filters {
        if !ACCEPTED.contains(&name.as_str()) {
            return Err(ApiError::new(400, format!("invalid filter '{name}'")));
        }
        check_value(name, value)?;
    }
    let all = request.all || request.limit > 0 || filters.iter().any(|(name, _)| name == "status");
    let before = bound(host, filters, "before")?;
    let since = bound(host, filters, "since")?;
    let containers: Vec<&Container> = host.daemon.containers.iter().collect();

    let mut listed = Vec::new();
    for (index, container) in containers.iter().enumerate().rev() {
        if before.is_some_and(|bound| index >= bound) || since.is_some_and(|bound| index <= bound) {
            continue;
        }
        if !all && !container.state.is_running() {
            continue;
        }
        if !filters
            .iter()
            .map(|(name, _)| name.as_str())
            .all(|name| group_matches(host, container, filters, name))
        {
            continue;
        }
        listed.push(*container);
        if request.limit > 0 && listed.len() == request.limit {
            break;
        }
    }
    Ok(listed)
}

fn check_value(name: &str, value: &str) -> Result<(), ApiError> {
    let invalid = || ApiError::new(400, format!("invalid filter '{name}={value}'"));
    match name {
        "status" if Status::parse(value).is_none() => Err(invalid()),
        "exited" if value.parse::<i32>().is_err() => Err(invalid()),
        "health" if !matches!(value, "starting" | "healthy" | "unhealthy" | "none") => {
            Err(ApiError::new(
                400,
                format!("Unrecognised filter value for health: {value}"),
            ))
        }
        "publish" | "expose" if parse_port_filter(value).is_none() => Err(invalid()),
        _ => Ok(()),
    }
}

/// Returns the index of the container a `before=`/`since=` filter names.
fn bound(host: &Host, filters: &[(String, String)], name: &str) -> Result<Option<usize>, ApiError> {
    let Some((_, value)) = filters.iter().find(|(key, _)| key == name) else {
        return Ok(None);
    };
    let target = host.daemon.containers.lookup(value)?;
    Ok(host
        .daemon
        .containers
        .iter()
        .position(|container| container.id == target.id))
}

/// Returns whether any value of filter `name` matches the container.
fn group_matches(
    host: &Host,
    container: &Container,
    filters: &[(String, String)],
    name: &str,
) -> bool {
    let mut values = filters
        .iter()
        .filter(|(key, _)| key == name)
        .map(|(_, value)| value.as_str());
    match name {
        "before" | "since" | "isolation" | "is-task" => true,
        _ => values.any(|value| value_matches(host, container, name, value)),
    }
}

fn value_matches(host: &Host, container: &Container, name: &str, value: &str) -> bool {
    match name {
        "status" => container.state.status.as_str() == value,
        "id" => Pattern::new(value).is_match(&container.id),
        "name" => {
            let pattern = Pattern::new(value);
            pattern.is_match(&format!("/{}", container.name)) || pattern.is_match(&container.name)
        }
        "label" => label_matches(container, value),
        "exited" => {
            container.state.status == Status::Exited
                && value.parse() == Ok(container.state.exit_code)
        }
        "health" => value == "none",
        "ancestor" => ancestor_matches(host, container, value),
        "network" => container.networks.iter().any(|(network, attachment)| {
            network == value || attachment.network_id.starts_with(value)
        }),
        "volume" => container.mounts.iter().any(|mount| {
            mount.destination == value || (mount.kind != MountKind::Tmpfs && mount.source == value)
        }),
        "publish" => port_matches(
            value,
            container
                .host_config
                .port_bindings
                .iter()
                .map(|binding| (binding.container_port, binding.protocol.as_str())),
        ),
        "expose" => {
            let exposed = container.config.exposed_ports.keys().filter_map(|key| {
                let (port, protocol) = key.split_once('/').unwrap_or((key, "tcp"));
                Some((port.parse::<u16>().ok()?, protocol))
            });
            port_matches(value, exposed)
        }
        _ => false,
    }
}

fn label_matches(container: &Container, value: &str) -> bool {
    match value.split_once('=') {
        Some((key, expected)) => container
            .labels()
            .get(key)
            .is_some_and(|actual| actual == expected),
        None => container.labels().contains_key(value),
    }
}

/// `ancestor=` matches the image and images built on it.
fn ancestor_matches(host: &Host, container: &Container, value: &str) -> bool {
    let Ok(ancestor) = host.daemon.images.lookup(value) else {
        return false;
    };
    let mut current = Some(container.image_id);
    let mut hops = 0;
    while let Some(id) = current {
        if id == ancestor.id {
            return true;
        }
        hops += 1;
        if hops > 256 {
            return false;
        }
        current = host.daemon.images.get(&id).and_then(|image| image.parent);
    }
    false
}

/// Parses `80`, `80/udp` or `8000-8080/tcp` into a port range and protocol.
fn parse_port_filter(value: &str) -> Option<(u16, u16, String)> {
    let (ports, protocol) = value.split_once('/').unwrap_or((value, "tcp"));
    let (first, last) = ports.split_once('-').unwrap_or((ports, ports));
    let (first, last) = (first.parse::<u16>().ok()?, last.parse::<u16>().ok()?);
    (first <= last && matches!(protocol, "tcp" | "udp" | "sctp"))
        .then(|| (first, last, protocol.to_string()))
}

fn port_matches<'a>(value: &str, mut ports: impl Iterator<Item = (u16, &'a str)>) -> bool {
    let Some((first, last, protocol)) = parse_port_filter(value) else {
        return false;
    };
    ports.any(|(port, port_protocol)| (first..=last).contains(&port) && port_protocol == protocol)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn port_filters_parse() {
        assert_eq!(parse_port_filter("80"), Some((80, 80, "tcp".into())));
        assert_eq!(
            parse_port_filter("8000-8080/udp"),
            Some((8000, 8080, "udp".into()))
        );
        assert_eq!(parse_port_filter("x"), None);
        assert_eq!(parse_port_filter("90-80"), None);
    }

    #[test]
    fn unknown_filters_are_rejected() {
        let host = Host::new("test");
        let request = ListRequest {
            filters: vec![("colour".into(), "red".into())],
            ..ListRequest::default()
        };
        assert_eq!(
            list(&host, &request).unwrap_err().message,
            "invalid filter 'colour'"
        );
        let request = ListRequest {
            filters: vec![("status".into(), "sleeping".into())],
            ..ListRequest::default()
        };
        assert_eq!(
            list(&host, &request).unwrap_err().message,
            "invalid filter 'status=sleeping'"
        );
    }
}
