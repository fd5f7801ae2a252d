//! Builds the [`WorldView`] the page draws from the world's state.

use crate::client::format;
use crate::view::{
    ContainerView, HostView, ImageView, LayerView, MountView, NetworkView, RegistryView,
    RepositoryView, VolumeView, WorldView,
};
use crate::world::World;

/// Returns the view of the whole world at its current logical time.
pub fn world_view(world: &World) -> WorldView {
    WorldView {
        client_host: world.client.host.clone(),
        target_host: world.client.host.clone(),
        hosts: world.hosts.values().map(|host| host_view(world, host)).collect(),
        registries: world
            .registries
            .iter()
            .map(|registry| RegistryView {
                name: registry.name.clone(),
                host: registry.host.clone(),
                reachable: true,
                repositories: registry
                    .touched
                    .iter()
                    .map(|path| RepositoryView {
                        name: crate::registry::familiar_name(path).to_string(),
                        tags: registry.registry.tags(path).unwrap_or_default(),
                    })
                    .collect(),
            })
            .collect(),
        build: world.last_build.clone(),
        permissive: world.options.permissive,
    }
}

fn host_view(world: &World, host: &crate::host::Host) -> HostView {
    let daemon = &host.daemon;
    let now = world.clock.now();
    let mut layers: Vec<LayerView> = Vec::new();
    let images = daemon
        .images
        .iter()
        .map(|image| {
            for (index, chain_id) in image.chain.iter().enumerate() {
                let Some(layer) = daemon.layers.get(chain_id) else { continue };
                let diff_id = layer.diff_id.to_string();
                if layers.iter().any(|known| known.diff_id == diff_id) {
                    continue;
                }
                let created_by = image
                    .config
                    .history
                    .iter()
                    .filter(|entry| !entry.empty_layer)
                    .nth(index)
                    .map(|entry| entry.created_by.clone())
                    .unwrap_or_default();
                layers.push(LayerView { diff_id, size: layer.size, created_by, simulated: true });
            }
            ImageView {
                id: image.id.to_string(),
                tags: daemon.images.tags_of(&image.id).iter().map(|tag| tag.familiar_string()).collect(),
                layers: image.diff_ids().iter().map(|id| id.to_string()).collect(),
                size: image.size,
                created: image.created,
            }
        })
        .collect();
    let containers = daemon
        .containers
        .iter()
        .map(|container| ContainerView {
            id: container.id.clone(),
            name: container.name.clone(),
            image: container.image.clone(),
            image_id: container.image_id.to_string(),
            state: container.state.status.as_str().to_string(),
            status: container.state.status_text(now),
            command: container.command_line(),
            ports: format::ports(container).split(", ").filter(|part| !part.is_empty()).map(str::to_string).collect(),
            oom_killed: container.state.oom_killed,
            exit_code: container.state.exit_code,
            namespaces: crate::kernel::view::namespaces(host, container),
            processes: crate::kernel::view::processes(container, now),
            cgroup: crate::kernel::view::cgroup(host, container, now),
            mounts: container
                .mounts
                .iter()
                .map(|mount| MountView {
                    kind: mount.kind.as_str().to_string(),
                    source: mount.source.clone(),
                    destination: mount.destination.clone(),
                    read_write: mount.read_write,
                })
                .collect(),
            networks: container.networks.keys().cloned().collect(),
            ip_address: container
                .networks
                .values()
                .find_map(|attachment| attachment.endpoint.as_ref().map(|endpoint| endpoint.ip_address.clone()))
                .unwrap_or_default(),
            hostname: container.hostname.clone(),
        })
        .collect();
    HostView {
        name: host.name.clone(),
        daemon_running: daemon.running,
        layers,
        images,
        containers,
        networks: daemon
            .networks
            .iter()
            .map(|network| NetworkView {
                id: network.id.clone(),
                name: network.name.clone(),
                driver: network.driver.clone(),
                subnet: network.subnet.map(|subnet| subnet.to_string()).unwrap_or_default(),
                gateway: network.gateway.map(crate::daemon::networks::format_ipv4).unwrap_or_default(),
            })
            .collect(),
        volumes: daemon
            .volumes
            .iter()
            .map(|volume| VolumeView { name: volume.name.clone(), mountpoint: volume.mountpoint() })
            .collect(),
    }
}
