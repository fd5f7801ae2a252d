//! Builds the [`WorldView`] the page draws from the world's state.

use crate::client::format;
use crate::daemon::containers::Container;
use crate::daemon::Daemon;
use crate::host::Host;
use crate::view::{
    ContainerView, FaultView, HostView, ImageView, LayerView, MountView, NetworkView, RegistryView,
    RepositoryView, VolumeView, WorldView,
};
use crate::world::{RegistryHost, World};

/// Namespaces a container's processes live in, in the order `lsns` and
/// `docker inspect`'s documentation list them.
pub(crate) const NAMESPACE_KINDS: [&str; 7] = ["pid", "net", "mnt", "uts", "ipc", "user", "cgroup"];

/// Returns the view of the whole world at its current logical time.
pub fn world_view(world: &World) -> WorldView {
    let (target_host, context) = crate::client::docker::default_target(world);
    WorldView {
        client_host: world.client.host.clone(),
        target_host,
        context,
        hosts: world
            .hosts
            .values()
            .map(|host| host_view(world, host))
            .collect(),
        registries: world
            .registries
            .iter()
            .map(|registry| registry_view(world, registry))
            .collect(),
        build: world.last_build.clone(),
        permissive: world.options.permissive,
    }
}

fn registry_view(world: &World, registry: &RegistryHost) -> RegistryView {
    // A registry container serves only while it runs.
    let reachable = registry.container.as_ref().is_none_or(|id| {
        world.hosts.values().any(|host| {
            host.daemon
                .containers
                .get(id)
                .is_some_and(|container| container.state.is_running())
        })
    });
    let machine = registry.container.as_ref().and_then(|id| {
        world
            .hosts
            .iter()
            .find(|(_, host)| host.daemon.containers.get(id).is_some())
            .map(|(name, _)| name.clone())
    });
    RegistryView {
        machine,
        name: registry.name.clone(),
        host: registry.host.clone(),
        reachable,
        repositories: registry
            .touched
            .iter()
            .map(|path| RepositoryView {
                name: crate::registry::familiar_name(path).to_string(),
                tags: registry.registry.tags(path).unwrap_or_default(),
            })
            .collect(),
    }
}

fn host_view(world: &World, host: &Host) -> HostView {
    let daemon = &host.daemon;
    let now = world.clock.now();
    HostView {
        name: host.name.clone(),
        daemon_running: daemon.running,
        architecture: host.architecture.clone(),
        address: crate::distribution::private::host_address(&host.name).to_string(),
        faults: crate::faults::Fault::ALL
            .iter()
            .map(|fault| FaultView {
                name: fault.name().to_string(),
                description: fault.description().to_string(),
                on: host.has_fault(*fault),
            })
            .collect(),
        cpus: host.cpus,
        memory: host.memory,
        layers: layer_views(daemon),
        images: daemon
            .images
            .iter()
            .map(|image| image_view(daemon, image))
            .collect(),
        containers: daemon
            .containers
            .iter()
            .map(|container| container_view(host, container, now))
            .collect(),
        networks: daemon
            .networks
            .iter()
            .map(|network| NetworkView {
                id: network.id.clone(),
                name: network.name.clone(),
                driver: network.driver.clone(),
                subnet: network
                    .subnet
                    .map(|subnet| subnet.to_string())
                    .unwrap_or_default(),
                gateway: network
                    .gateway
                    .map(crate::daemon::networks::format_ipv4)
                    .unwrap_or_default(),
            })
            .collect(),
        volumes: daemon
            .volumes
            .iter()
            .map(|volume| VolumeView {
                name: volume.name.clone(),
                mountpoint: volume.mountpoint(),
            })
            .collect(),
    }
}

/// Lists the layers the images use, each once, in the order the images were
/// stored and bottom first within an image.
fn layer_views(daemon: &Daemon) -> Vec<LayerView> {
    let mut layers: Vec<LayerView> = Vec::new();
    for image in daemon.images.iter() {
        let history = image
            .config
            .history
            .iter()
            .filter(|entry| !entry.empty_layer);
        for (chain_id, entry) in image
            .chain
            .iter()
            .zip(history.map(Some).chain(std::iter::repeat(None)))
        {
            let Some(layer) = daemon.layers.get(chain_id) else {
                continue;
            };
            let diff_id = layer.diff_id.to_string();
            if layers.iter().any(|known| known.diff_id == diff_id) {
                continue;
            }
            let created_by = entry
                .map(|entry| entry.created_by.clone())
                .unwrap_or_default();
            layers.push(LayerView {
                diff_id,
                size: layer.size,
                created_by,
                simulated: layer.simulated,
            });
        }
    }
    layers
}

fn image_view(daemon: &Daemon, image: &crate::daemon::images::Image) -> ImageView {
    ImageView {
        id: image.id.to_string(),
        tags: daemon
            .images
            .tags_of(&image.id)
            .iter()
            .map(|tag| tag.familiar_string())
            .collect(),
        layers: image.diff_ids().iter().map(|id| id.to_string()).collect(),
        size: image.size,
        created: image.created,
    }
}

fn container_view(host: &Host, container: &Container, now: crate::clock::Millis) -> ContainerView {
    ContainerView {
        id: container.id.clone(),
        name: container.name.clone(),
        image: container.image.clone(),
        image_id: container.image_id.to_string(),
        state: container.state.status.as_str().to_string(),
        status: container.state.status_text(now),
        command: container.api_command(),
        ports: format::ports(container)
            .split(", ")
            .filter(|part| !part.is_empty())
            .map(str::to_string)
            .collect(),
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
            .find_map(|attachment| {
                attachment
                    .endpoint
                    .as_ref()
                    .map(|endpoint| endpoint.ip_address.clone())
            })
            .unwrap_or_default(),
        hostname: container.hostname.clone(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn first_container(world: &World) -> ContainerView {
        world.view().hosts[0].containers[0].clone()
    }

    #[test]
    fn registry_container_names_its_host() {
        let mut world = World::new();
        world.run_line("ssh server docker run -d -p 5000:5000 --name registry registry:2");
        // The registry exists once a client first reaches it.
        world.run_line("ssh server docker pull localhost:5000/app");
        let view = world.view();
        let machines: Vec<(&str, Option<&str>)> = view
            .registries
            .iter()
            .map(|registry| (registry.name.as_str(), registry.machine.as_deref()))
            .collect();
        assert!(machines.contains(&("docker.io", None)), "{machines:?}");
        assert!(
            machines
                .iter()
                .any(|(_, machine)| *machine == Some("server")),
            "{machines:?}"
        );
    }

    #[test]
    fn cgroup_carries_run_limits() {
        let mut world = World::new();
        world.run_line("docker run -d -m 64m --cpus 0.5 --pids-limit 20 alpine sleep 1000");
        let cgroup = first_container(&world)
            .cgroup
            .expect("running container has a cgroup");
        assert_eq!(cgroup.memory_max, Some(64 * 1024 * 1024));
        assert_eq!(cgroup.cpus, Some(0.5));
        assert_eq!(cgroup.pids_max, Some(20));
        assert!(cgroup.path.ends_with(".scope"));
    }

    #[test]
    fn cgroup_without_limits_is_max() {
        let mut world = World::new();
        world.run_line("docker run -d alpine sleep 1000");
        let cgroup = first_container(&world)
            .cgroup
            .expect("running container has a cgroup");
        assert_eq!(
            (cgroup.memory_max, cgroup.cpus, cgroup.pids_max),
            (None, None, None)
        );
    }

    #[test]
    fn running_container_has_every_namespace() {
        let mut world = World::new();
        world.run_line("docker run -d alpine sleep 1000");
        let kinds: Vec<String> = first_container(&world)
            .namespaces
            .into_iter()
            .map(|namespace| namespace.kind)
            .collect();
        for kind in NAMESPACE_KINDS {
            assert!(
                kinds.iter().any(|known| known == kind),
                "{kind} missing from {kinds:?}"
            );
        }
    }

    #[test]
    fn stopped_container_has_no_namespaces() {
        let mut world = World::new();
        world.run_line("docker create --name idle alpine");
        let container = first_container(&world);
        assert!(container.namespaces.is_empty());
        assert!(container.cgroup.is_none());
    }

    #[test]
    fn host_reports_its_size() {
        let world = World::new();
        let host = &world.view().hosts[0];
        assert!(host.cpus > 0);
        assert!(host.memory > 0);
    }
}
