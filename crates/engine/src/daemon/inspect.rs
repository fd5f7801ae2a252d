//! The JSON bodies of `GET /containers/{id}/json`, `GET /networks/{id}`
//! and `GET /volumes/{name}` as Engine API 1.51 returns them, field for
//! field and in the order of moby 28's Go structs (Go's `encoding/json`
//! writes struct fields in declaration order and map keys sorted).
//!
//! `docker inspect` prints these bodies inside a JSON array indented by
//! four spaces, as docker/cli's `json.Indent` leaves them.

use shared_sort::SortedMap;

use crate::client::format::api_ports;
use crate::clock::{self, Millis};
use crate::digest::Digest;
use crate::host::Host;
use crate::json::Json;

use super::containers::{
    Container, Endpoint, HostConfig, Mount, MountKind, MountSpec, NetworkAttachment, Status,
};
use super::networks::{format_ipv4, Network};
use super::volumes::Volume;

/// The paths `MaskedPaths` lists for a container that is not privileged
/// (moby 28's `oci.DefaultSpec`); the per-CPU `thermal_throttle` entries
/// that moby 28.0.2 added follow them.
const MASKED_PATHS: &[&str] = &[
    "/proc/asound",
    "/proc/acpi",
    "/proc/interrupts",
    "/proc/kcore",
    "/proc/keys",
    "/proc/latency_stats",
    "/proc/timer_list",
    "/proc/timer_stats",
    "/proc/sched_debug",
    "/proc/scsi",
    "/sys/firmware",
    "/sys/devices/virtual/powercap",
];

/// The paths `ReadonlyPaths` lists for a container that is not privileged.
const READONLY_PATHS: &[&str] = &[
    "/proc/bus",
    "/proc/fs",
    "/proc/irq",
    "/proc/sys",
    "/proc/sysrq-trigger",
];

/// Go's zero time as `encoding/json` writes it.
const ZERO_TIME: &str = "0001-01-01T00:00:00Z";

/// The size of the page's terminal (height, width), which docker/cli 28
/// sends as `ConsoleSize` with every create from a terminal.
const CONSOLE_SIZE: [u16; 2] = [24, 80];

/// Formats a time as Go's `time.RFC3339Nano`, which drops trailing zeros
/// of the fraction.
pub fn rfc3339_nano(time: Millis) -> String {
    let seconds = clock::rfc3339(time);
    let millis = time % 1000;
    if millis == 0 {
        return seconds;
    }
    let fraction = format!("{millis:03}");
    format!(
        "{}.{}Z",
        seconds.trim_end_matches('Z'),
        fraction.trim_end_matches('0')
    )
}

/// Returns overlay2's directory ID for an image layer, which Docker picks at
/// random and Porthole derives from the chain ID.
pub fn layer_directory(chain_id: &Digest) -> String {
    Digest::of(format!("overlay2 cache id {chain_id}").as_bytes()).hex()
}

/// Returns the body of `GET /containers/{id}/json` (`?size=1` adds the sizes).
pub fn container_json(host: &Host, container: &Container, with_size: bool) -> Json {
    let directory = format!("/var/lib/docker/containers/{}", container.id);
    let mut fields: Vec<(&str, Json)> = vec![
        ("Id", container.id.clone().into()),
        ("Created", rfc3339_nano(container.created).into()),
        ("Path", container.path.clone().into()),
        ("Args", Json::strings(&container.args)),
        ("State", state_json(container)),
        ("Image", container.image_id.to_string().into()),
        ("ResolvConfPath", format!("{directory}/resolv.conf").into()),
        ("HostnamePath", format!("{directory}/hostname").into()),
        ("HostsPath", format!("{directory}/hosts").into()),
        (
            "LogPath",
            format!("{directory}/{}-json.log", container.id).into(),
        ),
        ("Name", format!("/{}", container.name).into()),
        ("RestartCount", container.restart_count.into()),
        ("Driver", "overlay2".into()),
        ("Platform", "linux".into()),
        ("MountLabel", "".into()),
        ("ProcessLabel", "".into()),
        (
            "AppArmorProfile",
            if container.host_config.privileged {
                "unconfined"
            } else {
                "docker-default"
            }
            .into(),
        ),
        ("ExecIDs", exec_ids(container)),
        ("HostConfig", host_config_json(host, container)),
        ("GraphDriver", graph_driver(host, container)),
    ];
    if with_size {
        let upper = container.rootfs.upper_size();
        fields.push(("SizeRw", upper.into()));
        fields.push(("SizeRootFs", (upper + container.rootfs.lower_size()).into()));
    }
    fields.push(("Mounts", mounts_json(host, container)));
    fields.push(("Config", config_json(container)));
    fields.push(("NetworkSettings", network_settings_json(host, container)));
    Json::object(fields)
}

/// Returns one entry of `GET /containers/json` (moby's `container.Summary`
/// for API 1.51). `image` is the `Image` field: the reference the
/// container was created from, or the image ID once that reference names
/// another image.
pub fn container_summary_json(
    host: &Host,
    container: &Container,
    image: String,
    with_size: bool,
    now: Millis,
) -> Json {
    let mut fields: Vec<(&str, Json)> = vec![
        ("Id", container.id.clone().into()),
        ("Names", Json::strings(&[format!("/{}", container.name)])),
        ("Image", image.into()),
        ("ImageID", container.image_id.to_string().into()),
        ("Command", container.api_command().into()),
        ("Created", (container.created / 1000).into()),
        ("Ports", Json::Array(summary_ports(container))),
    ];
    if with_size {
        let upper = container.rootfs.upper_size();
        fields.push(("SizeRw", upper.into()));
        fields.push(("SizeRootFs", (upper + container.rootfs.lower_size()).into()));
    }
    let networks = networks_json(host, container);
    fields.extend([
        ("Labels", Json::map(container.config.labels.clone())),
        ("State", container.state.status.as_str().into()),
        ("Status", container.state.status_text(now).into()),
        (
            "HostConfig",
            Json::object(vec![(
                "NetworkMode",
                container.host_config.network_mode.clone().into(),
            )]),
        ),
        (
            "NetworkSettings",
            Json::object(vec![("Networks", networks)]),
        ),
        ("Mounts", mounts_json(host, container)),
    ]);
    Json::object(fields)
}

/// Returns a container's `Mounts`.
fn mounts_json(host: &Host, container: &Container) -> Json {
    Json::Array(
        container
            .mounts
            .iter()
            .map(|mount| mount_json(host, mount))
            .collect(),
    )
}

/// Returns a container's `Networks`: each network it is attached to, with
/// its endpoint.
fn networks_json(host: &Host, container: &Container) -> Json {
    Json::map(container.networks.iter().map(|(name, attachment)| {
        (
            name.clone(),
            endpoint_json(host, container, name, attachment),
        )
    }))
}

/// Returns a summary's `Ports` (moby's `container.Port`, whose `IP` and
/// `PublicPort` are left out for an exposed port that is not published).
fn summary_ports(container: &Container) -> Vec<Json> {
    api_ports(container)
        .into_iter()
        .map(|port| {
            let mut fields: Vec<(&str, Json)> = Vec::new();
            if !port.ip.is_empty() {
                fields.push(("IP", port.ip.into()));
            }
            fields.push(("PrivatePort", port.private_port.into()));
            if port.public_port != 0 {
                fields.push(("PublicPort", port.public_port.into()));
            }
            fields.push(("Type", port.protocol.into()));
            Json::object(fields)
        })
        .collect()
}

/// Returns `ExecIDs`: the exec instances still running, or `null`.
fn exec_ids(container: &Container) -> Json {
    let running: Vec<String> = container
        .execs
        .iter()
        .filter(|exec| exec.running)
        .map(|exec| exec.id.clone())
        .collect();
    if running.is_empty() {
        return Json::Null;
    }
    Json::strings(&running)
}

fn state_json(container: &Container) -> Json {
    let state = &container.state;
    let time = |value: Option<Millis>| {
        Json::from(
            value
                .map(rfc3339_nano)
                .unwrap_or_else(|| ZERO_TIME.to_string()),
        )
    };
    Json::object(vec![
        ("Status", state.status.as_str().into()),
        ("Running", state.is_running().into()),
        ("Paused", (state.status == Status::Paused).into()),
        ("Restarting", (state.status == Status::Restarting).into()),
        ("OOMKilled", state.oom_killed.into()),
        ("Dead", (state.status == Status::Dead).into()),
        ("Pid", state.pid.into()),
        ("ExitCode", state.exit_code.into()),
        ("Error", state.error.clone().into()),
        ("StartedAt", time(state.started_at)),
        ("FinishedAt", time(state.finished_at)),
    ])
}

fn graph_driver(host: &Host, container: &Container) -> Json {
    let own = Digest::of(format!("overlay2 container {}", container.id).as_bytes()).hex();
    let root = "/var/lib/docker/overlay2";
    let image_layers: Vec<String> = host
        .daemon
        .images
        .get(&container.image_id)
        .map(|image| {
            image
                .chain
                .iter()
                .rev()
                .map(|chain| format!("{root}/{}/diff", layer_directory(chain)))
                .collect()
        })
        .unwrap_or_default();
    let lower = std::iter::once(format!("{root}/{own}-init/diff"))
        .chain(image_layers)
        .collect::<Vec<_>>()
        .join(":");
    let data = Json::map([
        ("ID".to_string(), container.id.clone()),
        ("LowerDir".to_string(), lower),
        ("MergedDir".to_string(), format!("{root}/{own}/merged")),
        ("UpperDir".to_string(), format!("{root}/{own}/diff")),
        ("WorkDir".to_string(), format!("{root}/{own}/work")),
    ]);
    Json::object(vec![("Data", data), ("Name", "overlay2".into())])
}

/// One entry of `Mounts` (moby's `MountPoint`): `Name` and `Driver` only
/// for volumes.
fn mount_json(host: &Host, mount: &Mount) -> Json {
    let mut fields: Vec<(&str, Json)> = vec![("Type", mount.kind.as_str().into())];
    match mount.kind {
        MountKind::Volume => {
            let source = host
                .daemon
                .volumes
                .get(&mount.source)
                .map(Volume::mountpoint)
                .unwrap_or_else(|| format!("/var/lib/docker/volumes/{}/_data", mount.source));
            let mode = if mount.mode.is_empty() && !mount.anonymous {
                "z".to_string()
            } else {
                mount.mode.clone()
            };
            fields.push(("Name", mount.source.clone().into()));
            fields.push(("Source", source.into()));
            fields.push(("Destination", mount.destination.clone().into()));
            fields.push(("Driver", "local".into()));
            fields.push(("Mode", mode.into()));
            fields.push(("RW", mount.read_write.into()));
            fields.push(("Propagation", "".into()));
        }
        MountKind::Bind => {
            fields.push(("Source", mount.source.clone().into()));
            fields.push(("Destination", mount.destination.clone().into()));
            fields.push(("Mode", mount.mode.clone().into()));
            fields.push(("RW", mount.read_write.into()));
            fields.push(("Propagation", "rprivate".into()));
        }
        MountKind::Tmpfs => {
            fields.push(("Source", "".into()));
            fields.push(("Destination", mount.destination.clone().into()));
            fields.push(("Mode", "".into()));
            fields.push(("RW", true.into()));
            fields.push(("Propagation", "".into()));
        }
    }
    Json::object(fields)
}

/// Returns `HostConfig.RestartPolicy`.
pub(crate) fn restart_policy_json(config: &HostConfig) -> Json {
    Json::object(vec![
        ("Name", config.restart_policy.name.as_str().into()),
        (
            "MaximumRetryCount",
            config.restart_policy.maximum_retry_count.into(),
        ),
    ])
}

/// Returns `HostConfig.ConsoleSize`: the page terminal's height and width.
pub(crate) fn console_size_json() -> Json {
    Json::Array(CONSOLE_SIZE.iter().map(|size| Json::from(*size)).collect())
}

/// Returns `HostConfig.PortBindings`: each container port with the host
/// addresses published for it.
pub(crate) fn port_bindings_json(config: &HostConfig) -> Json {
    let mut port_bindings: SortedMap<String, Vec<Json>> = SortedMap::new();
    for binding in &config.port_bindings {
        let entry = Json::object(vec![
            ("HostIp", binding.host_ip.clone().into()),
            ("HostPort", binding.host_port.clone().into()),
        ]);
        port_bindings.entry(binding.key()).or_default().push(entry);
    }
    Json::map(
        port_bindings
            .into_iter()
            .map(|(key, list)| (key, Json::Array(list))),
    )
}

fn host_config_json(host: &Host, container: &Container) -> Json {
    let config = &container.host_config;
    let mut fields: Vec<(&str, Json)> = vec![
        ("Binds", Json::strings_or_null(&config.binds)),
        ("ContainerIDFile", "".into()),
        (
            "LogConfig",
            Json::object(vec![
                ("Type", config.log_driver.clone().into()),
                ("Config", Json::map(config.log_options.clone())),
            ]),
        ),
        ("NetworkMode", config.network_mode.clone().into()),
        ("PortBindings", port_bindings_json(config)),
        ("RestartPolicy", restart_policy_json(config)),
        ("AutoRemove", config.auto_remove.into()),
        ("VolumeDriver", "".into()),
        ("VolumesFrom", Json::Null),
        ("ConsoleSize", console_size_json()),
        ("CapAdd", Json::strings_or_null(&config.cap_add)),
        ("CapDrop", Json::strings_or_null(&config.cap_drop)),
        ("CgroupnsMode", config.cgroupns_mode.clone().into()),
        ("Dns", Json::strings(&config.dns)),
        ("DnsOptions", Json::strings(&config.dns_options)),
        ("DnsSearch", Json::strings(&config.dns_search)),
        ("ExtraHosts", Json::strings_or_null(&config.extra_hosts)),
        ("GroupAdd", Json::strings_or_null(&config.group_add)),
        ("IpcMode", config.ipc_mode.clone().into()),
        ("Cgroup", "".into()),
        ("Links", Json::strings_or_null(&config.links)),
        ("OomScoreAdj", config.oom_score_adj.into()),
        ("PidMode", config.pid_mode.clone().into()),
        ("Privileged", config.privileged.into()),
        ("PublishAllPorts", config.publish_all_ports.into()),
        ("ReadonlyRootfs", config.readonly_rootfs.into()),
        ("SecurityOpt", Json::strings_or_null(&config.security_opt)),
    ];
    if !config.tmpfs.is_empty() {
        fields.push(("Tmpfs", Json::map(config.tmpfs.clone())));
    }
    fields.push(("UTSMode", config.uts_mode.clone().into()));
    fields.push(("UsernsMode", config.userns_mode.clone().into()));
    fields.push(("ShmSize", config.shm_size.into()));
    if !config.sysctls.is_empty() {
        fields.push(("Sysctls", Json::map(config.sysctls.clone())));
    }
    fields.push(("Runtime", config.runtime.clone().into()));
    fields.push(("Isolation", "".into()));
    fields.extend(resources_json(config));
    if !config.mounts.is_empty() {
        fields.push((
            "Mounts",
            Json::Array(config.mounts.iter().map(mount_spec_json).collect()),
        ));
    }
    if config.privileged {
        fields.push(("MaskedPaths", Json::Null));
        fields.push(("ReadonlyPaths", Json::Null));
    } else {
        let mut masked: Vec<String> = MASKED_PATHS.iter().map(|path| path.to_string()).collect();
        masked.extend(
            (0..host.cpus).map(|cpu| format!("/sys/devices/system/cpu/cpu{cpu}/thermal_throttle")),
        );
        fields.push(("MaskedPaths", Json::strings(&masked)));
        fields.push(("ReadonlyPaths", Json::strings(READONLY_PATHS)));
    }
    if let Some(init) = config.init {
        fields.push(("Init", init.into()));
    }
    Json::object(fields)
}

/// The fields of moby's `Resources`, embedded in `HostConfig`.
pub(crate) fn resources_json(config: &HostConfig) -> Vec<(&'static str, Json)> {
    let empty = || Json::Array(Vec::new());
    vec![
        ("CpuShares", config.cpu_shares.into()),
        ("Memory", config.memory.into()),
        ("NanoCpus", config.nano_cpus.into()),
        ("CgroupParent", config.cgroup_parent.clone().into()),
        ("BlkioWeight", config.blkio_weight.into()),
        ("BlkioWeightDevice", empty()),
        ("BlkioDeviceReadBps", empty()),
        ("BlkioDeviceWriteBps", empty()),
        ("BlkioDeviceReadIOps", empty()),
        ("BlkioDeviceWriteIOps", empty()),
        ("CpuPeriod", config.cpu_period.into()),
        ("CpuQuota", config.cpu_quota.into()),
        ("CpuRealtimePeriod", 0i64.into()),
        ("CpuRealtimeRuntime", 0i64.into()),
        ("CpusetCpus", config.cpuset_cpus.clone().into()),
        ("CpusetMems", config.cpuset_mems.clone().into()),
        ("Devices", empty()),
        ("DeviceCgroupRules", Json::Null),
        ("DeviceRequests", Json::Null),
        ("MemoryReservation", config.memory_reservation.into()),
        ("MemorySwap", config.memory_swap.into()),
        ("MemorySwappiness", config.memory_swappiness.into()),
        ("OomKillDisable", config.oom_kill_disable.into()),
        ("PidsLimit", config.pids_limit.into()),
        ("Ulimits", Json::Null),
        ("CpuCount", 0i64.into()),
        ("CpuPercent", 0i64.into()),
        ("IOMaximumIOps", 0i64.into()),
        ("IOMaximumBandwidth", 0i64.into()),
    ]
}

/// One `--mount` value as `HostConfig.Mounts` holds it (moby's
/// `mount.Mount`, every field `omitempty`).
pub(crate) fn mount_spec_json(spec: &MountSpec) -> Json {
    let mut fields: Vec<(&str, Json)> = vec![("Type", spec.kind.as_str().into())];
    if !spec.source.is_empty() {
        fields.push(("Source", spec.source.clone().into()));
    }
    fields.push(("Target", spec.target.clone().into()));
    if spec.read_only {
        fields.push(("ReadOnly", true.into()));
    }
    if spec.tmpfs_size > 0 {
        fields.push((
            "TmpfsOptions",
            Json::object(vec![("SizeBytes", spec.tmpfs_size.into())]),
        ));
    }
    Json::object(fields)
}

fn config_json(container: &Container) -> Json {
    let config = &container.config;
    let attach = &container.attach;
    let mut fields: Vec<(&str, Json)> = vec![
        ("Hostname", container.hostname.clone().into()),
        ("Domainname", container.domainname.clone().into()),
        ("User", config.user.clone().into()),
        ("AttachStdin", attach.stdin.into()),
        ("AttachStdout", attach.stdout.into()),
        ("AttachStderr", attach.stderr.into()),
    ];
    if !config.exposed_ports.is_empty() {
        fields.push((
            "ExposedPorts",
            empty_object_map(config.exposed_ports.keys()),
        ));
    }
    let volumes = if config.volumes.is_empty() {
        Json::Null
    } else {
        empty_object_map(config.volumes.keys())
    };
    fields.extend([
        ("Tty", attach.tty.into()),
        ("OpenStdin", attach.open_stdin.into()),
        ("StdinOnce", attach.stdin_once.into()),
        ("Env", Json::strings(&config.env)),
        ("Cmd", Json::strings_or_null(&config.cmd)),
        ("Image", container.image.clone().into()),
        ("Volumes", volumes),
        ("WorkingDir", config.working_dir.clone().into()),
        ("Entrypoint", Json::strings_or_null(&config.entrypoint)),
        ("OnBuild", Json::Null),
        ("Labels", Json::map(config.labels.clone())),
    ]);
    if !config.stop_signal.is_empty() {
        fields.push(("StopSignal", config.stop_signal.clone().into()));
    }
    if let Some(timeout) = container.stop_timeout {
        fields.push(("StopTimeout", timeout.into()));
    }
    Json::object(fields)
}

/// A Go `map[string]struct{}`: each key with `{}`.
fn empty_object_map<'a>(keys: impl Iterator<Item = &'a String>) -> Json {
    Json::map(keys.map(|key| (key.clone(), Json::Object(Vec::new()))))
}

fn network_settings_json(host: &Host, container: &Container) -> Json {
    let mut ports: SortedMap<String, Json> = SortedMap::new();
    let mode = container.host_config.network_mode.as_str();
    let own_namespace = !matches!(mode, "host" | "none") && !mode.starts_with("container:");
    if container.state.has_process() && own_namespace {
        for key in container.config.exposed_ports.keys() {
            ports.insert(key.clone(), Json::Null);
        }
        for allocation in &container.ports {
            let binding = Json::object(vec![
                ("HostIp", allocation.host_ip.clone().into()),
                ("HostPort", allocation.host_port.to_string().into()),
            ]);
            match ports.entry(allocation.key()).or_insert(Json::Null) {
                Json::Array(list) => list.push(binding),
                slot => *slot = Json::Array(vec![binding]),
            }
        }
    }
    let primary: Option<&Endpoint> = container
        .networks
        .get("bridge")
        .and_then(|attachment| attachment.endpoint.as_ref());
    let pick = |field: fn(&Endpoint) -> String| Json::from(primary.map(field).unwrap_or_default());
    let sandbox_key = if container.sandbox_id.is_empty() {
        String::new()
    } else {
        format!("/var/run/docker/netns/{}", &container.sandbox_id[..12])
    };
    let networks = networks_json(host, container);
    Json::object(vec![
        ("Bridge", "".into()),
        ("SandboxID", container.sandbox_id.clone().into()),
        ("SandboxKey", sandbox_key.into()),
        ("Ports", Json::map(ports)),
        ("HairpinMode", false.into()),
        ("LinkLocalIPv6Address", "".into()),
        ("LinkLocalIPv6PrefixLen", 0i64.into()),
        ("SecondaryIPAddresses", Json::Null),
        ("SecondaryIPv6Addresses", Json::Null),
        ("EndpointID", pick(|endpoint| endpoint.endpoint_id.clone())),
        ("Gateway", pick(|endpoint| endpoint.gateway.clone())),
        ("GlobalIPv6Address", "".into()),
        ("GlobalIPv6PrefixLen", 0i64.into()),
        ("IPAddress", pick(|endpoint| endpoint.ip_address.clone())),
        (
            "IPPrefixLen",
            primary
                .map(|endpoint| endpoint.prefix_len)
                .unwrap_or(0)
                .into(),
        ),
        ("IPv6Gateway", "".into()),
        ("MacAddress", pick(|endpoint| endpoint.mac_address.clone())),
        ("Networks", networks),
    ])
}

/// One entry of `NetworkSettings.Networks` (moby's `EndpointSettings`).
fn endpoint_json(
    host: &Host,
    container: &Container,
    name: &str,
    attachment: &NetworkAttachment,
) -> Json {
    let endpoint = attachment.endpoint.as_ref();
    let pick = |field: fn(&Endpoint) -> String| Json::from(endpoint.map(field).unwrap_or_default());
    let user_network = host
        .daemon
        .networks
        .lookup(name)
        .map(Network::has_dns)
        .unwrap_or(false);
    let dns_names = if user_network && endpoint.is_some() {
        let mut names = vec![container.name.clone(), container.short_id().to_string()];
        names.extend(attachment.aliases.iter().cloned());
        Json::strings(&names)
    } else {
        Json::Null
    };
    Json::object(vec![
        ("IPAMConfig", Json::Null),
        ("Links", Json::Null),
        ("Aliases", Json::strings_or_null(&attachment.aliases)),
        ("MacAddress", pick(|endpoint| endpoint.mac_address.clone())),
        ("DriverOpts", Json::Null),
        ("GwPriority", 0i64.into()),
        ("NetworkID", attachment.network_id.clone().into()),
        ("EndpointID", pick(|endpoint| endpoint.endpoint_id.clone())),
        ("Gateway", pick(|endpoint| endpoint.gateway.clone())),
        ("IPAddress", pick(|endpoint| endpoint.ip_address.clone())),
        (
            "IPPrefixLen",
            endpoint
                .map(|endpoint| endpoint.prefix_len)
                .unwrap_or(0)
                .into(),
        ),
        ("IPv6Gateway", "".into()),
        ("GlobalIPv6Address", "".into()),
        ("GlobalIPv6PrefixLen", 0i64.into()),
        ("DNSNames", dns_names),
    ])
}

/// Returns the body of `GET /networks/{id}` (moby's `network.Inspect`).
pub fn network_json(network: &Network) -> Json {
    let ipam_config = match (network.subnet, network.gateway) {
        (Some(subnet), Some(gateway)) => Json::Array(vec![Json::object(vec![
            ("Subnet", subnet.to_string().into()),
            ("Gateway", format_ipv4(gateway).into()),
        ])]),
        _ => Json::Array(Vec::new()),
    };
    let containers = Json::map(network.endpoints.iter().map(|(id, endpoint)| {
        let address = if endpoint.endpoint.ip_address.is_empty() {
            String::new()
        } else {
            format!(
                "{}/{}",
                endpoint.endpoint.ip_address, endpoint.endpoint.prefix_len
            )
        };
        let value = Json::object(vec![
            ("Name", endpoint.container_name.clone().into()),
            ("EndpointID", endpoint.endpoint.endpoint_id.clone().into()),
            ("MacAddress", endpoint.endpoint.mac_address.clone().into()),
            ("IPv4Address", address.into()),
            ("IPv6Address", "".into()),
        ]);
        (id.clone(), value)
    }));
    let ipam_options = if network.predefined {
        Json::Null
    } else {
        Json::Object(Vec::new())
    };
    Json::object(vec![
        ("Name", network.name.clone().into()),
        ("Id", network.id.clone().into()),
        ("Created", rfc3339_nano(network.created).into()),
        ("Scope", "local".into()),
        ("Driver", network.driver.clone().into()),
        ("EnableIPv4", true.into()),
        ("EnableIPv6", false.into()),
        (
            "IPAM",
            Json::object(vec![
                ("Driver", "default".into()),
                ("Options", ipam_options),
                ("Config", ipam_config),
            ]),
        ),
        ("Internal", network.internal.into()),
        ("Attachable", network.attachable.into()),
        ("Ingress", false.into()),
        ("ConfigFrom", Json::object(vec![("Network", "".into())])),
        ("ConfigOnly", false.into()),
        ("Containers", containers),
        ("Options", Json::map(network.options.clone())),
        ("Labels", Json::map(network.labels.clone())),
    ])
}

/// Returns the body of `GET /volumes/{name}` (moby's `volume.Volume`).
pub fn volume_json(volume: &Volume) -> Json {
    let map_or_null = |map: &Option<SortedMap<String, String>>| match map {
        Some(map) => Json::map(map.clone()),
        None => Json::Null,
    };
    Json::object(vec![
        ("CreatedAt", clock::rfc3339(volume.created).into()),
        ("Driver", volume.driver.clone().into()),
        ("Labels", map_or_null(&volume.labels)),
        ("Mountpoint", volume.mountpoint().into()),
        ("Name", volume.name.clone().into()),
        ("Options", map_or_null(&volume.options)),
        ("Scope", "local".into()),
    ])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rfc3339_nano_trims_zeros() {
        assert_eq!(rfc3339_nano(clock::START), "2025-10-20T09:00:00Z");
        assert_eq!(
            rfc3339_nano(clock::START + 1_230),
            "2025-10-20T09:00:01.23Z"
        );
        assert_eq!(rfc3339_nano(clock::START + 5), "2025-10-20T09:00:00.005Z");
    }

    #[test]
    fn volume_body_follows_moby_order() {
        let volume = Volume {
            name: "data".into(),
            driver: "local".into(),
            created: clock::START,
            labels: None,
            options: None,
        };
        assert_eq!(
            volume_json(&volume).to_compact(),
            r#"{"CreatedAt":"2025-10-20T09:00:00Z","Driver":"local","Labels":null,"Mountpoint":"/var/lib/docker/volumes/data/_data","Name":"data","Options":null,"Scope":"local"}"#
        );
    }
}
