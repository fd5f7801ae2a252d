//! `docker run`, `docker create` and `docker start`.
//!
//! `run` is create + start (+ attach and wait unless `-d`), with the Engine
//! API calls docker/cli 28 makes in that order. When the image is missing,
//! the create call answers `404 No such image`, the client pulls the image
//! (printing the progress on standard error) and creates again.

use crate::client::docker::Call;
use crate::client::flags::FlagValue;
use crate::cx::{query_escape, Cx};
use crate::daemon::containers::{Container, HostConfig, Mount, MountKind, PortBinding, State, Status};
use crate::daemon::runtime::{self, Behaviour};
use crate::daemon::ApiError;
use crate::events::{Change, Event, EventKind};
use crate::fs::Overlay;
use crate::names::random_name;
use crate::output::Stream;
use crate::reference;
use crate::world::World;

use super::pull;

/// Docker's smallest allowed memory limit, 6 MiB.
const MINIMUM_MEMORY: i64 = 6 * 1024 * 1024;

/// What `run` and `create` were asked for.
#[derive(Clone, Debug, Default)]
struct Options {
    name: Option<String>,
    image: String,
    command: Vec<String>,
    detach: bool,
    interactive: bool,
    tty: bool,
    env: Vec<String>,
    entrypoint: Option<String>,
    workdir: Option<String>,
    user: Option<String>,
    hostname: Option<String>,
    exposed: Vec<String>,
    host_config: HostConfig,
    quiet: bool,
}

/// An error found by the client before it calls the daemon: printed as
/// `docker: MESSAGE` with the usage hint, exit 125.
struct ClientError(String);

/// Runs `docker run`.
pub fn run(world: &mut World, cx: &mut Cx, call: &Call) -> i32 {
    let options = match read_options(call) {
        Ok(options) => options,
        Err(ClientError(message)) => return run_error(cx, call, &message, 125),
    };
    let id = match create_pulling(world, cx, call, &options) {
        Ok(id) => id,
        Err(code) => return code,
    };

    if options.detach {
        if let Err(error) = start_container(world, cx, call, &id) {
            return run_error(cx, call, &format!("Error response from daemon: {}", error.message), start_exit_code(&error.message));
        }
        cx.out.outln(&id);
        return 0;
    }

    let condition = if options.host_config.auto_remove { "removed" } else { "next-exit" };
    call.api(cx, "POST", &format!("/containers/{id}/wait"), &format!("condition={condition}"), 200);
    call.api(cx, "POST", &format!("/containers/{id}/attach"), "stderr=1&stdout=1&stream=1", 101);
    if let Err(error) = start_container(world, cx, call, &id) {
        return run_error(cx, call, &format!("Error response from daemon: {}", error.message), start_exit_code(&error.message));
    }
    // FIXME: attached runs of long-running services and interactive shells
    // are not simulated yet; the client returns at once as if detached.
    let container = world.hosts[&call.target].daemon.containers.lookup(&id).ok().cloned();
    let Some(container) = container else { return 0 };
    for line in &container.logs {
        match line.stream {
            Stream::Stdout => cx.out.outln(&line.text),
            Stream::Stderr => cx.out.errln(&line.text),
        }
    }
    container.state.exit_code
}

/// Runs `docker create`.
pub fn create(world: &mut World, cx: &mut Cx, call: &Call) -> i32 {
    let options = match read_options(call) {
        Ok(options) => options,
        Err(ClientError(message)) => return run_error(cx, call, &message, 125),
    };
    match create_pulling(world, cx, call, &options) {
        Ok(id) => {
            cx.out.outln(id);
            0
        }
        Err(code) => code,
    }
}

/// Runs `docker start CONTAINER...`.
pub fn start(world: &mut World, cx: &mut Cx, call: &Call) -> i32 {
    let mut status = 0;
    for name in call.args() {
        match start_container(world, cx, call, name) {
            Ok(()) => cx.out.outln(name),
            Err(error) => {
                cx.out.errln(format!("Error response from daemon: {}", error.message));
                status = 1;
            }
        }
    }
    if status != 0 {
        cx.out.errln("Error: failed to start containers: ".to_string() + &call.args().join(", "));
    }
    status
}

/// Prints a `run`/`create` error as docker/cli 28 does and returns `code`.
fn run_error(cx: &mut Cx, call: &Call, message: &str, code: i32) -> i32 {
    cx.out.errln(format!("docker: {message}"));
    cx.out.errln("");
    cx.out.errln(format!("Run '{} --help' for more information", call.path()));
    code
}

/// Returns the exit code `docker run` uses when the start fails.
fn start_exit_code(message: &str) -> i32 {
    if message.contains("executable file not found") || message.contains("no such file or directory") {
        127
    } else if message.contains("permission denied") || message.contains("is a directory") {
        126
    } else {
        125
    }
}

/// Creates the container, pulling the image first when the daemon lacks
/// it. Returns the container ID, or the exit code after printing the error.
fn create_pulling(world: &mut World, cx: &mut Cx, call: &Call, options: &Options) -> Result<String, i32> {
    let image_reference = match reference::parse_normalized_named(&options.image) {
        Ok(parsed) => Some(parsed),
        Err(error) => {
            // An image ID is not a reference; anything else is a bad name.
            if crate::daemon::images::parse_image_name(&options.image).is_none() {
                return Err(run_error(cx, call, &error.to_string(), 125));
            }
            None
        }
    };
    match create_container(world, cx, call, options) {
        Ok(id) => return Ok(id),
        Err(error) if error.status == 404 && error.message.starts_with("No such image") => {}
        Err(error) => return Err(run_error(cx, call, &format!("Error response from daemon: {}", error.message), 125)),
    }
    let Some(image_reference) = image_reference else {
        return Err(run_error(cx, call, &format!("Error response from daemon: No such image: {}", options.image), 125));
    };

    let tagged = image_reference.with_default_tag();
    cx.out.errln(format!("Unable to find image '{}' locally", tagged.familiar_string()));
    match pull::pull_with_api(world, cx, call, &tagged) {
        Ok(outcome) => {
            if !options.quiet {
                cx.out.err(pull::progress_text(&tagged, &outcome));
                cx.out.errln(pull::status_line(&tagged, &outcome));
            }
        }
        Err(message) => {
            return Err(run_error(cx, call, &format!("Error response from daemon: {message}"), 125));
        }
    }
    create_container(world, cx, call, options)
        .map_err(|error| run_error(cx, call, &format!("Error response from daemon: {}", error.message), 125))
}

/// Records `POST /containers/create` and creates the container in the daemon.
fn create_container(world: &mut World, cx: &mut Cx, call: &Call, options: &Options) -> Result<String, ApiError> {
    let query = options.name.as_ref().map(|name| format!("name={}", query_escape(name))).unwrap_or_default();
    let index = call.api(cx, "POST", "/containers/create", &query, 201);
    let result = create_in_daemon(world, cx, &call.target, options);
    set_status(cx, index, match &result {
        Ok(_) => 201,
        Err(error) => error.status,
    });
    match &result {
        Ok(id) => cx.set_response(index, format!("{{\"Id\":\"{id}\",\"Warnings\":[]}}")),
        Err(error) => cx.set_response(index, format!("{{\"message\":{:?}}}", error.message)),
    }
    result
}

fn set_status(cx: &mut Cx, index: usize, status: u16) {
    if let Some(Event { kind: EventKind::Message(message), .. }) = cx.events.get_mut(index) {
        message.status = status;
    }
}

fn create_in_daemon(world: &mut World, cx: &mut Cx, host: &str, options: &Options) -> Result<String, ApiError> {
    let daemon = &world.hosts[host].daemon;
    let image = daemon.images.lookup(&options.image)?.clone();

    if options.host_config.memory != 0 && options.host_config.memory < MINIMUM_MEMORY {
        return Err(ApiError::new(400, "Minimum memory limit allowed is 6MB"));
    }
    if let Some(name) = &options.name {
        validate_name(name)?;
        if let Some(existing) = daemon.containers.name_in_use(name) {
            return Err(ApiError::new(
                409,
                format!(
                    "Conflict. The container name \"/{name}\" is already in use by container \"{}\". You have to remove (or rename) that container to be able to reuse that name.",
                    existing.id
                ),
            ));
        }
    }

    let id = world.new_id("container");
    let name = match &options.name {
        Some(name) => name.clone(),
        None => {
            let mut retry = 0;
            loop {
                let candidate = random_name(&mut world.rng, retry);
                if world.hosts[host].daemon.containers.name_in_use(&candidate).is_none() {
                    break candidate;
                }
                retry += 1;
            }
        }
    };

    let mut config = image.config.config.clone();
    for pair in &options.env {
        match pair.split_once('=') {
            Some((key, value)) => config.set_env(key, value),
            None => {}
        }
    }
    for port in &options.exposed {
        config.exposed_ports.insert(port.clone(), Default::default());
    }
    if let Some(workdir) = &options.workdir {
        config.working_dir = workdir.clone();
    }
    if let Some(user) = &options.user {
        config.user = user.clone();
    }
    if let Some(entrypoint) = &options.entrypoint {
        config.entrypoint = if entrypoint.is_empty() { Vec::new() } else { vec![entrypoint.clone()] };
        if options.command.is_empty() {
            config.cmd = Vec::new();
        }
    }
    if !options.command.is_empty() {
        config.cmd = options.command.clone();
    }
    let mut process: Vec<String> = config.entrypoint.iter().chain(config.cmd.iter()).cloned().collect();
    let path = if process.is_empty() { String::new() } else { process.remove(0) };

    let lowers = world.hosts[host].daemon.layers.stack(&image.chain);
    let hostname = options.hostname.clone().unwrap_or_else(|| id[..12].to_string());
    let container = Container {
        id: id.clone(),
        name: name.clone(),
        created: cx.now(),
        image: options.image.clone(),
        image_id: image.id,
        config,
        hostname,
        tty: options.tty,
        open_stdin: options.interactive,
        path,
        args: process,
        host_config: options.host_config.clone(),
        state: State::default(),
        rootfs: Overlay::new(lowers),
        endpoints: Vec::new(),
        logs: Vec::new(),
        restart_count: 0,
    };
    world.hosts.get_mut(host).expect("host exists").daemon.containers.insert(container);
    cx.change(Change::ContainerCreated { host: host.to_string(), id: id.clone(), name, image_id: image.id.to_string() });
    cx.advance(60);
    Ok(id)
}

/// Validates a container name as the daemon does.
fn validate_name(name: &str) -> Result<(), ApiError> {
    let bare = name.strip_prefix('/').unwrap_or(name);
    let mut chars = bare.chars();
    let first_ok = chars.next().is_some_and(|c| c.is_ascii_alphanumeric());
    let rest_ok = bare.len() >= 2 && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '.' | '-'));
    if first_ok && rest_ok {
        Ok(())
    } else {
        Err(ApiError::new(400, format!("Invalid container name ({name}), only [a-zA-Z0-9][a-zA-Z0-9_.-] are allowed")))
    }
}

/// Records `POST /containers/{id}/start` and starts the container.
fn start_container(world: &mut World, cx: &mut Cx, call: &Call, name: &str) -> Result<(), ApiError> {
    let index = call.api(cx, "POST", &format!("/containers/{name}/start"), "", 204);
    let result = start_in_daemon(world, cx, &call.target, name);
    if let Err(error) = &result {
        set_status(cx, index, error.status);
        cx.set_response(index, format!("{{\"message\":{:?}}}", error.message));
    }
    result
}

fn start_in_daemon(world: &mut World, cx: &mut Cx, host_name: &str, name: &str) -> Result<(), ApiError> {
    let host = world.hosts.get_mut(host_name).expect("host exists");
    let container = host.daemon.containers.lookup(name)?.clone();
    if container.state.is_running() {
        return Ok(());
    }

    let in_use = host
        .daemon
        .containers
        .iter()
        .filter(|other| other.id != container.id && other.state.is_running())
        .flat_map(|other| other.host_config.port_bindings.iter().map(|binding| (binding.host_port, binding.protocol.clone())))
        .collect::<Vec<_>>();
    let mut bindings = container.host_config.port_bindings.clone();
    let mut next_ephemeral = 32_768u16;
    for binding in &mut bindings {
        if binding.host_port == 0 {
            while in_use.iter().any(|(port, _)| *port == next_ephemeral) {
                next_ephemeral += 1;
            }
            binding.host_port = next_ephemeral;
            next_ephemeral += 1;
        }
        if in_use.contains(&(binding.host_port, binding.protocol.clone())) {
            let address = if binding.host_ip.is_empty() { "0.0.0.0" } else { binding.host_ip.as_str() };
            return Err(ApiError::new(
                500,
                format!(
                    "failed to set up container networking: driver failed programming external connectivity on endpoint {} ({}): Bind for {address}:{} failed: port is already allocated",
                    container.name,
                    &container.id,
                    binding.host_port
                ),
            ));
        }
    }

    if let Some(error) = runtime::start_error(&container) {
        let container = host.daemon.containers.lookup_mut(name)?;
        container.state.error = error.message.clone();
        container.state.exit_code = if error.message.contains("not found") || error.message.contains("no such file") { 127 } else { 126 };
        return Err(error);
    }

    let host_pid = host.allocate_pid();
    let namespaces: Vec<(&str, u64)> = ["mnt", "uts", "ipc", "pid", "net", "cgroup"]
        .into_iter()
        .map(|kind| (kind, host.allocate_namespace_inode()))
        .collect();
    let network = container.host_config.network_mode.clone();
    let endpoint = match network.as_str() {
        "host" | "none" => None,
        name => Some(host.daemon.networks.connect(name, &container.id)?),
    };

    let container = host.daemon.containers.lookup_mut(name)?;
    container.host_config.port_bindings = bindings;
    container.state.pid = host_pid;
    if let Some(endpoint) = endpoint.clone() {
        container.endpoints = vec![endpoint];
    }
    runtime::record_start(cx, host_name, container, host_pid, &namespaces);
    if let Some(endpoint) = endpoint {
        cx.change(Change::NetworkConnected {
            host: host_name.to_string(),
            network: endpoint.network.clone(),
            container: container.id.clone(),
            address: endpoint.ip_address.clone(),
        });
    }
    for binding in &container.host_config.port_bindings {
        cx.change(Change::PortPublished {
            host: host_name.to_string(),
            container: container.id.clone(),
            host_port: binding.host_port.to_string(),
            container_port: format!("{}/{}", binding.container_port, binding.protocol),
        });
    }
    cx.advance(250);
    let behaviour = runtime::behaviour(container, cx.now());
    runtime::run_behaviour(cx, host_name, container, &behaviour);
    if matches!(behaviour, Behaviour::Exits { .. }) && container.host_config.auto_remove {
        let id = container.id.clone();
        host.daemon.networks.disconnect_all(&id);
        host.daemon.containers.remove(&id);
        cx.change(Change::ContainerRemoved { host: host_name.to_string(), id });
    } else if container.state.status == Status::Exited {
        let id = container.id.clone();
        host.daemon.networks.disconnect_all(&id);
    }
    Ok(())
}

/// Reads `run`/`create` flags and arguments.
fn read_options(call: &Call) -> Result<Options, ClientError> {
    let flags = &call.invocation.flags;
    let args = call.args();
    let mut options = Options {
        image: args.first().cloned().unwrap_or_default(),
        command: args.iter().skip(1).cloned().collect(),
        detach: flags.bool("detach"),
        interactive: flags.bool("interactive"),
        tty: flags.bool("tty"),
        env: flags.list("env").to_vec(),
        quiet: flags.bool("quiet"),
        ..Options::default()
    };
    let string = |name: &str| Some(flags.string(name).to_string()).filter(|_| flags.is_set(name));
    options.name = string("name").filter(|name| !name.is_empty());
    options.entrypoint = string("entrypoint");
    options.workdir = string("workdir");
    options.user = string("user");
    options.hostname = string("hostname");
    options.exposed = flags.list("expose").iter().map(|port| if port.contains('/') { port.clone() } else { format!("{port}/tcp") }).collect();

    let host_config = &mut options.host_config;
    host_config.auto_remove = flags.bool("rm");
    host_config.publish_all_ports = flags.bool("publish-all");
    if flags.is_set("network") {
        host_config.network_mode = flags.string("network").to_string();
    }
    if flags.is_set("restart") {
        host_config.restart_policy = flags.string("restart").to_string();
    }
    if let Some(FlagValue::Bytes(bytes)) = flags.value("memory") {
        host_config.memory = *bytes;
    }
    if let Some(FlagValue::Bytes(bytes)) = flags.value("memory-swap") {
        host_config.memory_swap = *bytes;
    }
    if let Some(FlagValue::Bytes(bytes)) = flags.value("memory-reservation") {
        host_config.memory_reservation = *bytes;
    }
    if let Some(FlagValue::Decimal(nano)) = flags.value("cpus") {
        host_config.nano_cpus = *nano;
    }
    if let Some(limit) = flags.integer("pids-limit").filter(|_| flags.is_set("pids-limit")) {
        host_config.pids_limit = Some(limit);
    }
    if host_config.memory > 0 && host_config.memory_swap == 0 {
        host_config.memory_swap = host_config.memory * 2;
    }

    for spec in flags.list("publish") {
        let bindings = parse_publish(spec).map_err(ClientError)?;
        for binding in bindings {
            let key = format!("{}/{}", binding.container_port, binding.protocol);
            options.exposed.push(key);
            host_config.port_bindings.push(binding);
        }
    }
    for spec in flags.list("volume") {
        host_config.mounts.push(parse_volume(spec).map_err(ClientError)?);
    }
    Ok(options)
}

/// Parses one `-p` value as docker/go-connections' `nat.ParsePortSpec`:
/// `[IP:][HOST_PORT:]CONTAINER_PORT[/PROTO]`, with ranges of equal length.
fn parse_publish(spec: &str) -> Result<Vec<PortBinding>, String> {
    let (rest, protocol) = match spec.rsplit_once('/') {
        Some((rest, protocol)) => (rest, protocol.to_lowercase()),
        None => (spec, "tcp".to_string()),
    };
    if !matches!(protocol.as_str(), "tcp" | "udp" | "sctp") {
        return Err(format!("invalid proto: {protocol}"));
    }
    let (ip, host_part, container_part) = split_publish(rest)?;
    let container_range = parse_range(container_part).map_err(|_| format!("invalid containerPort: {container_part}"))?;
    let host_range = if host_part.is_empty() {
        None
    } else {
        Some(parse_range(host_part).map_err(|_| format!("invalid hostPort: {host_part}"))?)
    };
    if let Some((first, last)) = host_range {
        let host_len = last - first;
        let container_len = container_range.1 - container_range.0;
        if host_len != container_len && !(container_len == 0 && host_len > 0) {
            return Err(format!("invalid ranges specified for container and host Ports: {container_part} and {host_part}"));
        }
    }
    let mut bindings = Vec::new();
    for (offset, container_port) in (container_range.0..=container_range.1).enumerate() {
        let host_port = match host_range {
            Some((first, _)) => first + offset as u16,
            None => 0,
        };
        bindings.push(PortBinding { container_port, protocol: protocol.clone(), host_ip: ip.to_string(), host_port });
    }
    Ok(bindings)
}

fn split_publish(rest: &str) -> Result<(&str, &str, &str), String> {
    // An IPv6 address is written in brackets: [::1]:8080:80.
    if let Some(stripped) = rest.strip_prefix('[') {
        let (ip, after) = stripped.split_once(']').ok_or_else(|| format!("invalid IP address: {rest}"))?;
        let after = after.strip_prefix(':').unwrap_or(after);
        let (host, container) = after.split_once(':').unwrap_or(("", after));
        return Ok((ip, host, container));
    }
    let parts: Vec<&str> = rest.split(':').collect();
    match parts.as_slice() {
        [container] => Ok(("", "", container)),
        [host, container] => Ok(("", host, container)),
        [ip, host, container] => {
            if !ip.is_empty() && ip.parse::<std::net::Ipv4Addr>().is_err() {
                return Err(format!("invalid IP address: {ip}"));
            }
            Ok((ip, host, container))
        }
        _ => Err(format!("invalid publish opts format (should be name=value but got '{rest}')")),
    }
}

fn parse_range(text: &str) -> Result<(u16, u16), ()> {
    let (first, last) = text.split_once('-').unwrap_or((text, text));
    let first: u16 = first.parse().map_err(|_| ())?;
    let last: u16 = last.parse().map_err(|_| ())?;
    if first == 0 || last < first {
        return Err(());
    }
    Ok((first, last))
}

/// Parses one `-v SOURCE:DEST[:OPTIONS]` value.
fn parse_volume(spec: &str) -> Result<Mount, String> {
    let parts: Vec<&str> = spec.split(':').collect();
    let (source, destination, mode) = match parts.as_slice() {
        [destination] => ("", *destination, ""),
        [source, destination] => (*source, *destination, ""),
        [source, destination, mode] => (*source, *destination, *mode),
        _ => return Err(format!("invalid volume specification: '{spec}'")),
    };
    if !destination.starts_with('/') {
        return Err(format!("invalid volume specification: '{spec}': invalid mount config for type \"volume\": invalid mount path: '{destination}' mount path must be absolute"));
    }
    let kind = if source.starts_with('/') || source.starts_with('.') || source.starts_with('~') { MountKind::Bind } else { MountKind::Volume };
    Ok(Mount {
        kind,
        source: source.to_string(),
        destination: destination.to_string(),
        read_write: !mode.split(',').any(|option| option == "ro"),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn publish_specs_parse() {
        let cases: &[(&str, &[(u16, u16, &str, &str)])] = &[
            ("6818:6800", &[(6800, 6818, "tcp", "")]),
            ("80", &[(80, 0, "tcp", "")]),
            ("127.0.0.1:8080:80/udp", &[(80, 8080, "udp", "127.0.0.1")]),
            ("8000-8001:9000-9001", &[(9000, 8000, "tcp", ""), (9001, 8001, "tcp", "")]),
            ("[::1]:8080:80", &[(80, 8080, "tcp", "::1")]),
        ];
        for (spec, expected) in cases {
            let bindings = parse_publish(spec).unwrap_or_else(|error| panic!("{spec}: {error}"));
            let got: Vec<_> = bindings.iter().map(|b| (b.container_port, b.host_port, b.protocol.as_str(), b.host_ip.as_str())).collect();
            assert_eq!(&got, expected, "{spec}");
        }
    }

    #[test]
    fn publish_errors_name_the_part() {
        assert_eq!(parse_publish("abc").unwrap_err(), "invalid containerPort: abc");
        assert_eq!(parse_publish("x:80").unwrap_err(), "invalid hostPort: x");
        assert_eq!(parse_publish("80/foo").unwrap_err(), "invalid proto: foo");
    }

    #[test]
    fn volume_kinds() {
        assert_eq!(parse_volume("/srv/app:/app:ro").unwrap().kind, MountKind::Bind);
        assert_eq!(parse_volume("data:/data").unwrap().kind, MountKind::Volume);
        assert!(!parse_volume("/srv:/srv:ro").unwrap().read_write);
        assert!(parse_volume("data:relative").is_err());
    }

    #[test]
    fn container_names_validate() {
        assert!(validate_name("scrapyd_demo_6818").is_ok());
        assert!(validate_name("/web").is_ok());
        assert!(validate_name("-bad").is_err());
        assert!(validate_name("a").is_err());
    }
}
