//! `POST /containers/create`: the daemon's checks of the host settings, the
//! image's config merged with the request, the container's mounts and
//! volumes, and the name.
//!
//! The checks and their order follow moby 28's `containerCreate`: the host
//! settings first (`verifyContainerSettings`: memory, CPUs, restart
//! policy, mounts), then the image (`No such image`, which makes the client
//! pull), then the name and the networks.

use shared_sort::SortedMap;

use crate::cx::Cx;
use crate::events::Change;
use crate::fs::Overlay;
use crate::names::random_name;
use crate::reference;
use crate::registry::{ContainerConfig, EmptyObject};
use crate::world::World;

use super::containers::{
    name_conflict, validate_name, Attachments, Container, HostConfig, Mount, MountKind,
    NetworkAttachment, RestartPolicyName, State,
};
use super::signals::Signal;
use super::volumes::{self, VolumeRequest};
use super::ApiError;

/// Docker's smallest memory limit and reservation, 6 MiB.
pub const MINIMUM_MEMORY: i64 = 6 * 1024 * 1024;

/// The parts of `Config` a `docker run` or `docker create` sets.
#[derive(Clone, Debug, Default)]
pub struct ConfigRequest {
    /// `NAME=value` or a bare `NAME` (`-e`, `--env-file`).
    pub env: Vec<String>,
    /// The command after the image; empty for the image's `CMD`.
    pub cmd: Vec<String>,
    /// `--entrypoint`: `Some("")` clears the image's entrypoint.
    pub entrypoint: Option<String>,
    pub working_dir: Option<String>,
    pub user: Option<String>,
    pub hostname: Option<String>,
    pub domainname: Option<String>,
    pub labels: SortedMap<String, String>,
    /// `--expose` and the container ports of `-p`, as `80/tcp`.
    pub exposed_ports: Vec<String>,
    /// `-v /path` without a source: anonymous volumes.
    pub volumes: Vec<String>,
    pub stop_signal: Option<String>,
    pub stop_timeout: Option<i64>,
    pub attach: Attachments,
}

/// What the client sends to create a container.
#[derive(Clone, Debug, Default)]
pub struct CreateRequest {
    /// `--name`.
    pub name: Option<String>,
    /// The image as the user typed it.
    pub image: String,
    pub config: ConfigRequest,
    pub host_config: HostConfig,
    /// `--network-alias`.
    pub aliases: Vec<String>,
    /// `--ip`.
    // FIXME: `create` neither checks nor assigns this address, so `docker
    // run --ip` is accepted on any network and the container gets the
    // next free address.
    pub ip: Option<String>,
}

/// The daemon's answer: the new container's ID and its warnings.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Created {
    pub id: String,
    pub warnings: Vec<String>,
}

/// Creates a container on `host` from `request`.
pub fn create(
    world: &mut World,
    cx: &mut Cx,
    host: &str,
    request: &CreateRequest,
) -> Result<Created, ApiError> {
    validate_network_mode(request)?;
    let mut host_config = request.host_config.clone();
    verify_host_config(world, host, &mut host_config)?;
    let image = world.hosts[host]
        .daemon
        .images
        .lookup(&request.image)
        .map_err(|_| no_such_image(&request.image))?
        .clone();
    if let Some(name) = &request.name {
        validate_name(name)?;
        let bare = name.trim_start_matches('/');
        if let Some(holder) = world.hosts[host].daemon.containers.name_in_use(bare) {
            return Err(name_conflict(bare, &holder.id));
        }
    }
    let config = merge_config(&image.config.config, &request.config)?;
    let networks = network_attachments(world, host, &host_config, &request.aliases)?;
    if let Some(signal) = &request.config.stop_signal {
        Signal::parse(signal)?;
    }

    let id = world.new_id("container");
    let name = match &request.name {
        Some(name) => name.trim_start_matches('/').to_string(),
        None => generate_name(world, host, &id),
    };
    let warnings = warnings(&host_config);
    let mounts = resolve_mounts(world, cx, host, &config, &host_config)?;
    let mut process: Vec<String> = config
        .entrypoint
        .iter()
        .chain(config.cmd.iter())
        .cloned()
        .collect();
    let path = if process.is_empty() {
        String::new()
    } else {
        process.remove(0)
    };
    let uts_host = host_config.uts_mode == "host";
    let hostname = match (&request.config.hostname, host_config.network_mode.as_str()) {
        (Some(hostname), _) => hostname.clone(),
        (None, "host") => host.to_string(),
        (None, _) if uts_host => host.to_string(),
        (None, _) => id[..12].to_string(),
    };

    let daemon = &world.hosts[host].daemon;
    let mut lowers = daemon.layers.stack(&image.chain);
    let init = crate::kernel::mounts::init_layer(&Overlay::new(lowers.clone()));
    lowers.push(std::sync::Arc::new(init));
    let container = Container {
        id: id.clone(),
        name: name.clone(),
        created: cx.now(),
        image: request.image.clone(),
        image_id: image.id,
        config,
        hostname,
        domainname: request.config.domainname.clone().unwrap_or_default(),
        attach: request.config.attach.clone(),
        stop_timeout: request.config.stop_timeout,
        path,
        args: process,
        host_config,
        state: State::default(),
        rootfs: Overlay::new(lowers),
        mounts,
        networks,
        ports: Vec::new(),
        sandbox_id: String::new(),
        logs: Vec::new(),
        restart_count: 0,
        restart_delay: 0,
        program: None,
        pending: None,
        paused_remaining: None,
        task: None,
        execs: Vec::new(),
    };
    let host_state = world.hosts.get_mut(host).expect("host exists");
    host_state.daemon.containers.insert(container);
    cx.change(Change::ContainerCreated {
        host: host.to_string(),
        id: id.clone(),
        name,
        image_id: image.id.to_string(),
    });
    cx.advance(60);
    Ok(Created { id, warnings })
}

/// The daemon's missing-image error, naming the image with its default tag.
fn no_such_image(name: &str) -> ApiError {
    match reference::parse_normalized_named(name) {
        Ok(parsed) => ApiError::no_such_image(&parsed.with_default_tag().familiar_string()),
        Err(_) => ApiError::no_such_image(name),
    }
}

/// Checks the settings that clash with the network and UTS modes, in the
/// order moby's `runconfig.validateNetMode` checks them when it decodes
/// the request.
fn validate_network_mode(request: &CreateRequest) -> Result<(), ApiError> {
    let config = &request.host_config;
    let conflict = |what: &str| Err(ApiError::new(400, format!("conflicting options: {what}")));
    let hostname = request
        .config
        .hostname
        .as_deref()
        .is_some_and(|name| !name.is_empty());
    if let Some(donor) = config.network_mode.strip_prefix("container:") {
        if donor.is_empty() {
            return Err(ApiError::new(
                400,
                "invalid network mode: invalid container format container:<name|id>",
            ));
        }
        if hostname {
            return conflict("hostname and the network mode");
        }
        if !config.links.is_empty() {
            return conflict("container type network can't be used with links. This would result in undefined behavior");
        }
        if !config.dns.is_empty() {
            return conflict("dns and the network mode");
        }
        if !config.extra_hosts.is_empty() {
            return conflict("custom host-to-IP mapping and the network mode");
        }
        if !config.port_bindings.is_empty() || config.publish_all_ports {
            return conflict("port publishing and the container type network mode");
        }
        if !request.config.exposed_ports.is_empty() {
            return conflict("port exposing and the container type network mode");
        }
    }
    if config.uts_mode == "host" && hostname {
        return conflict("hostname and the UTS mode");
    }
    if config.network_mode == "host" && !config.links.is_empty() {
        return conflict("host type networking can't be used with links. This would result in undefined behavior");
    }
    Ok(())
}

/// Checks the host settings as moby's `verifyContainerSettings` and
/// `adaptContainerSettings` do, filling in the daemon's defaults.
fn verify_host_config(world: &World, host: &str, config: &mut HostConfig) -> Result<(), ApiError> {
    let invalid = |message: String| Err(ApiError::new(400, message));
    let cpus = i64::from(world.hosts[host].cpus);
    if config.memory != 0 && config.memory < MINIMUM_MEMORY {
        return invalid("Minimum memory limit allowed is 6MB".to_string());
    }
    if config.memory > 0 && config.memory_swap > 0 && config.memory_swap < config.memory {
        return invalid(
            "Minimum memoryswap limit should be larger than memory limit, see usage".to_string(),
        );
    }
    if config.memory == 0 && config.memory_swap > 0 {
        return invalid(
            "You should always set the Memory limit when using Memoryswap limit, see usage"
                .to_string(),
        );
    }
    if config.memory_reservation > 0 && config.memory_reservation < MINIMUM_MEMORY {
        return invalid("Minimum memory reservation allowed is 6MB".to_string());
    }
    if config.memory > 0
        && config.memory_reservation > 0
        && config.memory < config.memory_reservation
    {
        return invalid(
            "Minimum memory limit can not be less than memory reservation limit, see usage"
                .to_string(),
        );
    }
    if let Some(swappiness) = config.memory_swappiness.filter(|value| *value != -1) {
        if !(0..=100).contains(&swappiness) {
            return invalid(format!(
                "Invalid value: {swappiness}, valid memory swappiness range is 0-100"
            ));
        }
    }
    if config.nano_cpus > 0 && config.cpu_period > 0 {
        return invalid(
            "Conflicting options: Nano CPUs and CPU Period cannot both be set".to_string(),
        );
    }
    if config.nano_cpus > 0 && config.cpu_quota > 0 {
        return invalid(
            "Conflicting options: Nano CPUs and CPU Quota cannot both be set".to_string(),
        );
    }
    // Like moby, no lower bound: `--cpus` below 0.01 fails as the container
    // starts (see `runtime::start_error`).
    if config.nano_cpus < 0 || config.nano_cpus > cpus * 1_000_000_000 {
        return invalid(format!(
            "Range of CPUs is from 0.01 to {cpus}.00, as there are only {cpus} CPUs available"
        ));
    }
    super::update::verify_cpu_period_and_quota(config.cpu_period, config.cpu_quota)?;
    super::update::verify_cpuset(&config.cpuset_cpus, world.hosts[host].cpus)?;
    if config.blkio_weight > 0 && !(10..=1000).contains(&config.blkio_weight) {
        return invalid("Range of blkio weight is from 10 to 1000".to_string());
    }
    if !(-1000..=1000).contains(&config.oom_score_adj) {
        return invalid(format!(
            "Invalid value {}, range for oom score adj is [-1000, 1000]",
            config.oom_score_adj
        ));
    }
    verify_restart_policy(config)?;
    if config.auto_remove && config.restart_policy.name != RestartPolicyName::No {
        return invalid("can't create 'AutoRemove' container with restart policy".to_string());
    }
    verify_mount_specs(world, host, config)?;
    if config.memory > 0 && config.memory_swap == 0 {
        config.memory_swap = config.memory * 2;
    }
    if config.pids_limit.is_some_and(|limit| limit <= 0) {
        config.pids_limit = None;
    }
    Ok(())
}

fn verify_restart_policy(config: &HostConfig) -> Result<(), ApiError> {
    let policy = config.restart_policy;
    let count = policy.maximum_retry_count;
    match policy.name {
        RestartPolicyName::OnFailure if count < 0 => Err(ApiError::new(
            400,
            "invalid restart policy: maximum retry count cannot be negative",
        )),
        RestartPolicyName::OnFailure => Ok(()),
        _ if count != 0 => {
            let mut message =
                "invalid restart policy: maximum retry count can only be used with 'on-failure'"
                    .to_string();
            if count < 0 {
                message.push_str(" and cannot be negative");
            }
            Err(ApiError::new(400, message))
        }
        _ => Ok(()),
    }
}

/// Checks `--mount` values as moby's mount parser does.
fn verify_mount_specs(world: &World, host: &str, config: &HostConfig) -> Result<(), ApiError> {
    let mut targets: Vec<&str> = Vec::new();
    for spec in &config.mounts {
        let kind = spec.kind.as_str();
        if !spec.target.starts_with('/') {
            return Err(ApiError::new(
                400,
                format!("invalid mount config for type \"{kind}\": invalid mount path: '{}' mount path must be absolute", spec.target),
            ));
        }
        match spec.kind {
            MountKind::Bind if spec.source.is_empty() => {
                return Err(ApiError::new(
                    400,
                    "invalid mount config for type \"bind\": field Source must not be empty",
                ));
            }
            MountKind::Bind if !world.hosts[host].fs.exists(&spec.source) => {
                return Err(ApiError::new(
                    400,
                    format!("invalid mount config for type \"bind\": bind source path does not exist: {}", spec.source),
                ));
            }
            MountKind::Tmpfs if !spec.source.is_empty() => {
                return Err(ApiError::new(
                    400,
                    "invalid mount config for type \"tmpfs\": field Source must not be specified",
                ));
            }
            _ => {}
        }
        if targets.contains(&spec.target.as_str()) {
            return Err(ApiError::new(
                400,
                format!("Duplicate mount point: {}", spec.target),
            ));
        }
        targets.push(&spec.target);
    }
    Ok(())
}

/// Merges the image's config with the request as moby's `merge` does:
/// the request's variables replace the image's of the same name in place;
/// an `--entrypoint` drops the image's `CMD`.
fn merge_config(
    image: &ContainerConfig,
    request: &ConfigRequest,
) -> Result<ContainerConfig, ApiError> {
    let mut config = image.clone();
    for pair in &request.env {
        match pair.split_once('=') {
            Some((key, value)) => config.set_env(key, value),
            None => {
                let present = config
                    .env
                    .iter()
                    .any(|existing| existing.split('=').next() == Some(pair.as_str()));
                if !present {
                    config.env.push(pair.clone());
                }
            }
        }
    }
    for port in &request.exposed_ports {
        config
            .exposed_ports
            .insert(port.clone(), EmptyObject::default());
    }
    for path in &request.volumes {
        config.volumes.insert(path.clone(), EmptyObject::default());
    }
    for (key, value) in &request.labels {
        config.labels.insert(key.clone(), value.clone());
    }
    if let Some(directory) = &request.working_dir {
        config.working_dir = directory.clone();
    }
    if let Some(user) = &request.user {
        config.user = user.clone();
    }
    if let Some(signal) = &request.stop_signal {
        config.stop_signal = signal.clone();
    }
    match &request.entrypoint {
        Some(entrypoint) => {
            config.entrypoint = if entrypoint.is_empty() {
                Vec::new()
            } else {
                vec![entrypoint.clone()]
            };
            config.cmd = request.cmd.clone();
        }
        None if !request.cmd.is_empty() => config.cmd = request.cmd.clone(),
        None => {}
    }
    if config.entrypoint.is_empty() && config.cmd.is_empty() {
        return Err(ApiError::new(400, "No command specified"));
    }
    Ok(config)
}

/// Returns the networks a new container joins when it starts.
fn network_attachments(
    world: &World,
    host: &str,
    config: &HostConfig,
    aliases: &[String],
) -> Result<SortedMap<String, NetworkAttachment>, ApiError> {
    let mode = config.network_mode.as_str();
    if mode.starts_with("container:") {
        // The daemon looks the other container up when this one starts.
        return Ok(SortedMap::new());
    }
    let network = world.hosts[host]
        .daemon
        .networks
        .lookup(if mode == "default" { "bridge" } else { mode })?;
    if !aliases.is_empty() && (network.predefined) {
        return Err(ApiError::new(
            400,
            "network-scoped aliases are only supported for user-defined networks",
        ));
    }
    let attachment = NetworkAttachment {
        network_id: network.id.clone(),
        aliases: aliases.to_vec(),
        endpoint: None,
    };
    Ok(SortedMap::from([(network.name.clone(), attachment)]))
}

/// Returns the warnings the daemon sends back with the new ID.
fn warnings(config: &HostConfig) -> Vec<String> {
    let mut warnings = Vec::new();
    if config.network_mode == "host" && !config.port_bindings.is_empty() {
        warnings.push("Published ports are discarded when using host network mode".to_string());
    }
    warnings
}

/// Picks an unused `adjective_surname` name as moby's `generateNewName`
/// does: six tries, the later ones with a digit appended, then the short ID.
fn generate_name(world: &mut World, host: &str, id: &str) -> String {
    for retry in 0..6 {
        let candidate = random_name(&mut world.rng, retry);
        if world.hosts[host]
            .daemon
            .containers
            .name_in_use(&candidate)
            .is_none()
        {
            return candidate;
        }
    }
    id[..12].to_string()
}

/// Builds the container's mount points: `-v` binds, `--mount` specs, then
/// anonymous volumes for image `VOLUME`s and `-v /path` that nothing else
/// mounts. Named volumes are created now, as the daemon creates them.
fn resolve_mounts(
    world: &mut World,
    cx: &mut Cx,
    host: &str,
    config: &ContainerConfig,
    host_config: &HostConfig,
) -> Result<Vec<Mount>, ApiError> {
    let mut mounts: Vec<Mount> = Vec::new();
    for bind in &host_config.binds {
        let mount = parse_bind(bind)?;
        push_unique(&mut mounts, mount)?;
    }
    for spec in &host_config.mounts {
        let mount = Mount {
            kind: spec.kind,
            source: spec.source.clone(),
            destination: spec.target.clone(),
            read_write: !spec.read_only,
            mode: String::new(),
            anonymous: spec.kind == MountKind::Volume && spec.source.is_empty(),
        };
        push_unique(&mut mounts, mount)?;
    }
    for destination in host_config.tmpfs.keys() {
        let mount = Mount {
            kind: MountKind::Tmpfs,
            source: String::new(),
            destination: destination.clone(),
            read_write: true,
            mode: String::new(),
            anonymous: false,
        };
        push_unique(&mut mounts, mount)?;
    }
    for destination in config.volumes.keys() {
        if mounts.iter().any(|mount| mount.destination == *destination) {
            continue;
        }
        mounts.push(Mount {
            kind: MountKind::Volume,
            source: String::new(),
            destination: destination.clone(),
            read_write: true,
            mode: String::new(),
            anonymous: true,
        });
    }
    create_volumes(world, cx, host, &mut mounts)?;
    Ok(mounts)
}

fn push_unique(mounts: &mut Vec<Mount>, mount: Mount) -> Result<(), ApiError> {
    if mounts
        .iter()
        .any(|existing| existing.destination == mount.destination)
    {
        return Err(ApiError::new(
            400,
            format!("Duplicate mount point: {}", mount.destination),
        ));
    }
    mounts.push(mount);
    Ok(())
}

/// Parses one `Binds` entry (`SOURCE:DEST[:MODE]`) as moby's Linux mount
/// parser does.
pub fn parse_bind(spec: &str) -> Result<Mount, ApiError> {
    let invalid = || ApiError::new(400, format!("invalid volume specification: '{spec}'"));
    let parts: Vec<&str> = spec.split(':').collect();
    let (source, destination, mode) = match parts.as_slice() {
        [destination] => ("", *destination, ""),
        [source, destination] => (*source, *destination, ""),
        [source, destination, mode] => (*source, *destination, *mode),
        _ => return Err(invalid()),
    };
    if destination.is_empty() {
        return Err(invalid());
    }
    let kind = if source.starts_with('/') {
        MountKind::Bind
    } else {
        MountKind::Volume
    };
    if !destination.starts_with('/') {
        return Err(ApiError::new(
            400,
            format!(
                "invalid volume specification: '{spec}': invalid mount config for type \"{}\": invalid mount path: '{destination}' mount path must be absolute",
                kind.as_str()
            ),
        ));
    }
    let valid_mode = mode
        .split(',')
        .filter(|option| !option.is_empty())
        .all(|option| {
            matches!(
                option,
                "ro" | "rw"
                    | "z"
                    | "Z"
                    | "nocopy"
                    | "private"
                    | "rprivate"
                    | "shared"
                    | "rshared"
                    | "slave"
                    | "rslave"
            )
        });
    if !valid_mode {
        return Err(ApiError::new(400, format!("invalid mode: {mode}")));
    }
    if kind == MountKind::Volume && !source.is_empty() {
        volumes::validate_name(source)?;
    }
    Ok(Mount {
        kind,
        source: source.to_string(),
        destination: destination.to_string(),
        read_write: !mode.split(',').any(|option| option == "ro"),
        mode: mode.to_string(),
        anonymous: source.is_empty(),
    })
}

/// Creates the named volumes mounts refer to and names anonymous ones.
fn create_volumes(
    world: &mut World,
    cx: &mut Cx,
    host: &str,
    mounts: &mut [Mount],
) -> Result<(), ApiError> {
    for mount in mounts
        .iter_mut()
        .filter(|mount| mount.kind == MountKind::Volume)
    {
        let now = cx.now();
        if mount.anonymous {
            let name = world.new_id("volume");
            world
                .hosts
                .get_mut(host)
                .expect("host exists")
                .daemon
                .volumes
                .create_anonymous(&name, now);
            cx.change(Change::VolumeCreated {
                host: host.to_string(),
                name: name.clone(),
            });
            mount.source = name;
            continue;
        }
        let daemon = &mut world.hosts.get_mut(host).expect("host exists").daemon;
        let (_, is_new) = daemon
            .volumes
            .create(&mount.source, VolumeRequest::default(), now)?;
        if is_new {
            cx.change(Change::VolumeCreated {
                host: host.to_string(),
                name: mount.source.clone(),
            });
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn binds_parse_as_moby_does() {
        let cases: &[(&str, MountKind, &str, &str, bool, &str)] = &[
            (
                "/srv/app:/app",
                MountKind::Bind,
                "/srv/app",
                "/app",
                true,
                "",
            ),
            (
                "/srv/app:/app:ro",
                MountKind::Bind,
                "/srv/app",
                "/app",
                false,
                "ro",
            ),
            ("data:/data", MountKind::Volume, "data", "/data", true, ""),
            (
                "data:/data:ro,z",
                MountKind::Volume,
                "data",
                "/data",
                false,
                "ro,z",
            ),
            ("/data", MountKind::Volume, "", "/data", true, ""),
        ];
        for (spec, kind, source, destination, read_write, mode) in cases {
            let mount = parse_bind(spec).unwrap_or_else(|error| panic!("{spec}: {error}"));
            assert_eq!(mount.kind, *kind, "{spec}");
            assert_eq!(mount.source, *source, "{spec}");
            assert_eq!(mount.destination, *destination, "{spec}");
            assert_eq!(mount.read_write, *read_write, "{spec}");
            assert_eq!(mount.mode, *mode, "{spec}");
        }
    }

    #[test]
    fn bind_errors_use_mobys_words() {
        let cases: &[(&str, &str)] = &[
            ("a:b:c:d", "invalid volume specification: 'a:b:c:d'"),
            (
                "data:relative",
                "invalid volume specification: 'data:relative': invalid mount config for type \"volume\": invalid mount path: 'relative' mount path must be absolute",
            ),
            (
                "/host:relative",
                "invalid volume specification: '/host:relative': invalid mount config for type \"bind\": invalid mount path: 'relative' mount path must be absolute",
            ),
            ("/a:/b:bogus", "invalid mode: bogus"),
            ("/a:", "invalid volume specification: '/a:'"),
        ];
        for (spec, message) in cases {
            assert_eq!(parse_bind(spec).unwrap_err().message, *message, "{spec}");
        }
    }

    #[test]
    fn entrypoint_drops_the_image_command() {
        let image = ContainerConfig {
            entrypoint: vec!["/docker-entrypoint.sh".into()],
            cmd: vec!["nginx".into(), "-g".into(), "daemon off;".into()],
            ..ContainerConfig::default()
        };
        let request = ConfigRequest {
            entrypoint: Some("sh".into()),
            ..ConfigRequest::default()
        };
        let merged = merge_config(&image, &request).unwrap();
        assert_eq!(merged.entrypoint, ["sh"]);
        assert!(merged.cmd.is_empty());

        let request = ConfigRequest {
            cmd: vec!["nginx".into(), "-v".into()],
            ..ConfigRequest::default()
        };
        let merged = merge_config(&image, &request).unwrap();
        assert_eq!(merged.entrypoint, ["/docker-entrypoint.sh"]);
        assert_eq!(merged.cmd, ["nginx", "-v"]);

        let request = ConfigRequest {
            entrypoint: Some(String::new()),
            ..ConfigRequest::default()
        };
        assert_eq!(
            merge_config(&image, &request).unwrap_err().message,
            "No command specified"
        );
    }

    #[test]
    fn environment_replaces_in_place() {
        let image = ContainerConfig {
            env: vec!["PATH=/bin".into(), "LANG=C".into()],
            cmd: vec!["sh".into()],
            ..ContainerConfig::default()
        };
        let request = ConfigRequest {
            env: vec!["LANG=C.UTF-8".into(), "DEBUG=1".into(), "BARE".into()],
            ..ConfigRequest::default()
        };
        let merged = merge_config(&image, &request).unwrap();
        assert_eq!(merged.env, ["PATH=/bin", "LANG=C.UTF-8", "DEBUG=1", "BARE"]);
    }
}
