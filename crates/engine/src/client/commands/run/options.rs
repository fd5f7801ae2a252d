//! Reads `docker run`/`docker create` flags into a create request, as
//! docker/cli 28's `opts.go` (`parse`) does, with its client-side errors.
//!
//! The client reads `--env-file` and `--label-file` from its own host and
//! takes `-e NAME` from its own environment. It turns `-p` into port
//! bindings (docker/go-connections' `nat.ParsePortSpecs`). It keeps `-v`
//! values with a source as binds, making a relative source that starts
//! with `.` absolute, and those without as anonymous volumes. It parses
//! `--mount` as `opts/mount.go` does.

use shared_sort::SortedMap;

use crate::client::cli_error::CliError;
use crate::client::docker::Call;
use crate::client::flags::{FlagError, FlagValue, ParsedFlags};
use crate::daemon::containers::{
    Attachments, HostConfig, MountKind, MountSpec, PortBinding, RestartPolicy, RestartPolicyName,
};
use crate::daemon::create::{ConfigRequest, CreateRequest};
use crate::units;
use crate::world::World;

/// When to pull the image (`--pull`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PullPolicy {
    Always,
    Missing,
    Never,
}

/// The parsed options of `run` and `create`: the create request and what
/// the client does around it.
#[derive(Clone, Debug)]
pub struct RunOptions {
    pub request: CreateRequest,
    pub detach: bool,
    pub sig_proxy: bool,
    pub pull: PullPolicy,
    pub quiet: bool,
    /// True when `-a` was given.
    pub explicit_attach: bool,
}

/// An error in the options.
pub enum OptionsError {
    /// A `--mount` value pflag rejects: printed as a flag error, exit 125.
    Flag(CliError),
    /// An error docker/cli reports as `docker: MESSAGE`, exit 125.
    Run(String),
}

/// Reads the flags and arguments of `run` or `create`.
pub fn read(world: &World, call: &Call, detach_flag: bool) -> Result<RunOptions, OptionsError> {
    let flags = &call.invocation.flags;
    let args = call.args();
    let pull = match flags.string("pull") {
        "always" => PullPolicy::Always,
        "missing" | "" => PullPolicy::Missing,
        "never" => PullPolicy::Never,
        other => {
            return Err(OptionsError::Run(format!(
            "invalid pull option: '{other}': must be one of \"always\", \"missing\" or \"never\""
        )))
        }
    };
    let mounts = read_mounts(world, call).map_err(OptionsError::Flag)?;
    let run = |message: String| OptionsError::Run(message);

    let mut config = ConfigRequest {
        cmd: args.iter().skip(1).cloned().collect(),
        ..ConfigRequest::default()
    };
    config.attach = attachments(flags, detach_flag);
    config.env = environment(world, flags).map_err(run)?;
    config.labels = labels(world, flags).map_err(run)?;
    config.entrypoint = optional_string(flags, "entrypoint");
    config.working_dir = optional_string(flags, "workdir");
    config.user = optional_string(flags, "user");
    config.hostname = optional_string(flags, "hostname").filter(|name| !name.is_empty());
    config.domainname = optional_string(flags, "domainname").filter(|name| !name.is_empty());
    config.stop_signal = optional_string(flags, "stop-signal").filter(|signal| !signal.is_empty());
    config.stop_timeout = flags
        .is_set("stop-timeout")
        .then(|| flags.integer("stop-timeout").unwrap_or(0));
    config.exposed_ports = exposed_ports(flags).map_err(run)?;

    let mut host_config = host_config(flags).map_err(run)?;
    host_config.mounts = mounts;
    let (binds, anonymous) = volumes(world, flags).map_err(run)?;
    host_config.binds = binds;
    config.volumes = anonymous;
    let mut exposed: std::collections::HashSet<String> =
        config.exposed_ports.iter().cloned().collect();
    for spec in flags.list("publish") {
        for binding in parse_publish(&standard_notation(spec).map_err(run)?).map_err(run)? {
            let key = binding.key();
            if exposed.insert(key.clone()) {
                config.exposed_ports.push(key);
            }
            host_config.port_bindings.push(binding);
        }
    }
    if host_config.auto_remove && host_config.restart_policy.name != RestartPolicyName::No {
        return Err(run(
            "conflicting options: cannot specify both --restart and --rm".to_string(),
        ));
    }

    let request = CreateRequest {
        name: optional_string(flags, "name").filter(|name| !name.is_empty()),
        image: args.first().cloned().unwrap_or_default(),
        config,
        host_config,
        aliases: flags.list("network-alias").to_vec(),
        ip: optional_string(flags, "ip").filter(|ip| !ip.is_empty()),
    };
    Ok(RunOptions {
        request,
        detach: detach_flag,
        sig_proxy: !flags.is_set("sig-proxy") || flags.bool("sig-proxy"),
        pull,
        quiet: flags.bool("quiet"),
        explicit_attach: !flags.list("attach").is_empty(),
    })
}

fn optional_string(flags: &ParsedFlags, name: &str) -> Option<String> {
    flags.is_set(name).then(|| flags.string(name).to_string())
}

/// Returns the streams an attached run attaches: those of `-a`, else
/// standard output and error, plus standard input with `-i`.
fn attachments(flags: &ParsedFlags, detach: bool) -> Attachments {
    let interactive = flags.bool("interactive");
    let chosen = flags.list("attach");
    let mut attach = Attachments {
        tty: flags.bool("tty"),
        open_stdin: interactive,
        ..Attachments::default()
    };
    if detach {
        return attach;
    }
    if chosen.is_empty() {
        attach.stdout = true;
        attach.stderr = true;
    } else {
        attach.stdin = chosen.iter().any(|stream| stream == "stdin");
        attach.stdout = chosen.iter().any(|stream| stream == "stdout");
        attach.stderr = chosen.iter().any(|stream| stream == "stderr");
    }
    attach.stdin |= interactive;
    attach.stdin_once = attach.stdin;
    attach
}

/// `--env-file` lines, then `-e` values; a bare `NAME` takes the client's
/// value, or stays bare when the client has none.
fn environment(world: &World, flags: &ParsedFlags) -> Result<Vec<String>, String> {
    let mut env = Vec::new();
    for file in flags.list("env-file") {
        env.extend(read_key_value_file(world, file, true)?);
    }
    for value in flags.list("env") {
        match value.split_once('=') {
            Some(_) => env.push(value.clone()),
            None => match world.client.env.get(value) {
                Some(client_value) => env.push(format!("{value}={client_value}")),
                None => env.push(value.clone()),
            },
        }
    }
    Ok(env)
}

/// `--label-file` lines, then `-l` values, as a map.
fn labels(world: &World, flags: &ParsedFlags) -> Result<SortedMap<String, String>, String> {
    let mut pairs = Vec::new();
    for file in flags.list("label-file") {
        pairs.extend(read_key_value_file(world, file, false)?);
    }
    pairs.extend(flags.list("label").iter().cloned());
    Ok(pairs
        .into_iter()
        .map(|pair| match pair.split_once('=') {
            Some((key, value)) => (key.to_string(), value.to_string()),
            None => (pair, String::new()),
        })
        .collect())
}

/// Reads an env or label file from the client's host as docker/cli's
/// `kvfile.Parse` does: leading blanks trimmed, `#` comments and blank
/// lines skipped, a bare `NAME` taken from the client's environment.
pub fn read_key_value_file(
    world: &World,
    file: &str,
    environment: bool,
) -> Result<Vec<String>, String> {
    let path = if file.starts_with('/') {
        file.to_string()
    } else {
        format!("{}/{file}", world.client.cwd)
    };
    let text = match world.client_host().fs.read(&path) {
        Ok(content) => content.as_text().unwrap_or_default().to_string(),
        Err(_) => return Err(format!("open {file}: no such file or directory")),
    };
    let mut lines = Vec::new();
    for (number, raw) in text.lines().enumerate() {
        let raw = if number == 0 {
            raw.trim_start_matches('\u{feff}')
        } else {
            raw
        };
        let line = raw.trim_start();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let (variable, value) = match line.split_once('=') {
            Some((variable, value)) => (variable.trim_start(), Some(value)),
            None => (line, None),
        };
        if variable.contains([' ', '\t', '\n', '\u{b}', '\u{c}', '\r']) {
            return Err(format!(
                "poorly formatted environment: variable '{variable}' contains whitespaces"
            ));
        }
        if variable.is_empty() {
            return Err(format!(
                "poorly formatted environment: no variable name on line '{line}'"
            ));
        }
        match value {
            Some(value) => lines.push(format!("{variable}={value}")),
            None if environment => {
                if let Some(client_value) = world.client.env.get(variable.trim()) {
                    lines.push(format!("{}={client_value}", variable.trim()));
                }
            }
            None => lines.push(variable.to_string()),
        }
    }
    Ok(lines)
}

/// `--expose` values as `80/tcp` keys, ranges expanded.
fn exposed_ports(flags: &ParsedFlags) -> Result<Vec<String>, String> {
    let mut keys = Vec::new();
    for value in flags.list("expose") {
        if value.contains(':') {
            return Err(format!("invalid port format for --expose: {value}"));
        }
        let (protocol, ports) = split_proto_port(value);
        let (first, last) = parse_port_range(ports).map_err(|error| {
            format!("invalid range format for --expose: {value}, error: {error}")
        })?;
        for port in first..=last {
            keys.push(format!("{port}/{protocol}"));
        }
    }
    Ok(keys)
}

/// Reads the host settings other than ports and mounts.
fn host_config(flags: &ParsedFlags) -> Result<HostConfig, String> {
    let mut config = HostConfig {
        auto_remove: flags.bool("rm"),
        publish_all_ports: flags.bool("publish-all"),
        privileged: flags.bool("privileged"),
        readonly_rootfs: flags.bool("read-only"),
        cap_add: flags.list("cap-add").to_vec(),
        cap_drop: flags.list("cap-drop").to_vec(),
        dns: flags.list("dns").to_vec(),
        dns_options: flags.list("dns-option").to_vec(),
        dns_search: flags.list("dns-search").to_vec(),
        extra_hosts: flags.list("add-host").to_vec(),
        group_add: flags.list("group-add").to_vec(),
        links: flags.list("link").to_vec(),
        security_opt: flags.list("security-opt").to_vec(),
        cgroup_parent: flags.string("cgroup-parent").to_string(),
        oom_score_adj: flags.integer("oom-score-adj").unwrap_or(0),
        cpu_shares: flags.integer("cpu-shares").unwrap_or(0),
        cpu_period: flags.integer("cpu-period").unwrap_or(0),
        cpu_quota: flags.integer("cpu-quota").unwrap_or(0),
        cpuset_cpus: flags.string("cpuset-cpus").to_string(),
        cpuset_mems: flags.string("cpuset-mems").to_string(),
        sysctls: flags.pairs("sysctl").iter().cloned().collect(),
        ..HostConfig::default()
    };
    if let Some(FlagValue::Uint(weight)) = flags.value("blkio-weight") {
        config.blkio_weight = u16::try_from(*weight).unwrap_or(u16::MAX);
    }
    if flags.is_set("init") {
        config.init = Some(flags.bool("init"));
    }
    if flags.is_set("oom-kill-disable") {
        config.oom_kill_disable = Some(flags.bool("oom-kill-disable"));
    }
    read_resources(flags, &mut config)?;
    read_namespaces(flags, &mut config)?;
    config.restart_policy = parse_restart_policy(flags.string("restart"))?;
    if let Some(network) = flags.list("network").first() {
        config.network_mode = network.clone();
    }
    if flags.is_set("shm-size") {
        config.shm_size = flags.integer("shm-size").unwrap_or(0);
    }
    if flags.is_set("runtime") {
        config.runtime = flags.string("runtime").to_string();
    }
    if flags.is_set("log-driver") {
        config.log_driver = flags.string("log-driver").to_string();
    }
    for option in flags.list("log-opt") {
        let (key, value) = option.split_once('=').unwrap_or((option.as_str(), ""));
        config
            .log_options
            .insert(key.to_string(), value.to_string());
    }
    for value in flags.list("tmpfs") {
        let (destination, options) = value.split_once(':').unwrap_or((value.as_str(), ""));
        config
            .tmpfs
            .insert(destination.to_string(), options.to_string());
    }
    Ok(config)
}

/// Memory, swap, CPUs and PIDs, stored as the client sends them; the daemon
/// checks the limits.
fn read_resources(flags: &ParsedFlags, config: &mut HostConfig) -> Result<(), String> {
    let bytes = |name: &str| match flags.value(name) {
        Some(FlagValue::Bytes(bytes)) => *bytes,
        _ => 0,
    };
    config.memory = bytes("memory");
    config.memory_reservation = bytes("memory-reservation");
    config.memory_swap = bytes("memory-swap");
    if let Some(FlagValue::Decimal(nano)) = flags.value("cpus") {
        config.nano_cpus = *nano;
    }
    let swappiness = flags.integer("memory-swappiness").unwrap_or(-1);
    if swappiness != -1 && !(0..=100).contains(&swappiness) {
        return Err(format!(
            "invalid value: {swappiness}. Valid memory swappiness range is 0-100"
        ));
    }
    if flags.is_set("memory-swappiness") {
        config.memory_swappiness = Some(swappiness);
    }
    if flags.is_set("pids-limit") {
        config.pids_limit = flags.integer("pids-limit");
    }
    Ok(())
}

/// `--ipc`, `--pid`, `--uts`, `--userns` and `--cgroupns`, with
/// docker/cli's validity checks.
fn read_namespaces(flags: &ParsedFlags, config: &mut HostConfig) -> Result<(), String> {
    let container_mode = |value: &str| {
        value
            .strip_prefix("container:")
            .is_some_and(|name| !name.is_empty())
    };
    let ipc = flags.string("ipc");
    if !matches!(ipc, "" | "none" | "private" | "shareable" | "host") && !container_mode(ipc) {
        return Err("--ipc: invalid IPC mode".to_string());
    }
    if !ipc.is_empty() {
        config.ipc_mode = ipc.to_string();
    }
    let pid = flags.string("pid");
    if !matches!(pid, "" | "host") && !container_mode(pid) {
        return Err("--pid: invalid PID mode".to_string());
    }
    config.pid_mode = pid.to_string();
    let uts = flags.string("uts");
    if !matches!(uts, "" | "host") {
        return Err("--uts: invalid UTS mode".to_string());
    }
    config.uts_mode = uts.to_string();
    let userns = flags.string("userns");
    if !matches!(userns, "" | "host") {
        return Err("--userns: invalid USER mode".to_string());
    }
    config.userns_mode = userns.to_string();
    let cgroupns = flags.string("cgroupns");
    if !matches!(cgroupns, "" | "host" | "private") {
        return Err("--cgroupns: invalid CGROUP mode".to_string());
    }
    if !cgroupns.is_empty() {
        config.cgroupns_mode = cgroupns.to_string();
    }
    Ok(())
}

/// Parses `--restart` as docker/cli's `opts.ParseRestartPolicy` does, then
/// checks the name as moby's `ValidateRestartPolicy` does.
pub fn parse_restart_policy(text: &str) -> Result<RestartPolicy, String> {
    if text.is_empty() {
        return Ok(RestartPolicy::default());
    }
    let (name, count) = match text.split_once(':') {
        Some(("", _)) => {
            return Err(
                "invalid restart policy format: no policy provided before colon".to_string(),
            )
        }
        Some((name, count)) => (name, Some(count)),
        None => (text, None),
    };
    let maximum_retry_count = match count.filter(|count| !count.is_empty()) {
        Some(count) => count.parse::<i64>().map_err(|_| {
            "invalid restart policy format: maximum retry count must be an integer".to_string()
        })?,
        None => 0,
    };
    let name = RestartPolicyName::parse(name).ok_or_else(|| {
        format!("invalid restart policy: unknown policy '{name}'; use one of 'no', 'always', 'on-failure', or 'unless-stopped'")
    })?;
    Ok(RestartPolicy {
        name,
        maximum_retry_count,
    })
}

/// Splits `-v` values into binds (with a source) and anonymous volumes.
fn volumes(world: &World, flags: &ParsedFlags) -> Result<(Vec<String>, Vec<String>), String> {
    let mut binds = Vec::new();
    let mut anonymous = Vec::new();
    for spec in flags.list("volume") {
        if spec.is_empty() {
            return Err("invalid empty volume spec".to_string());
        }
        if spec.contains("::") || spec.ends_with(':') && spec.matches(':').count() > 1 {
            return Err(format!(
                "invalid spec: {spec}: empty section between colons"
            ));
        }
        match spec.split_once(':') {
            None => anonymous.push(spec.clone()),
            Some((source, rest)) => {
                let absolute = if !source.starts_with('/') && source.starts_with('.') {
                    absolute_path(world, source)
                } else {
                    source.to_string()
                };
                binds.push(format!("{absolute}:{rest}"));
            }
        }
    }
    Ok((binds, anonymous))
}

/// Resolves a relative path against the client's working directory, as
/// Go's `filepath.Abs` does.
fn absolute_path(world: &World, path: &str) -> String {
    let mut parts: Vec<&str> = world
        .client
        .cwd
        .split('/')
        .filter(|part| !part.is_empty())
        .collect();
    for part in path.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            other => parts.push(other),
        }
    }
    format!("/{}", parts.join("/"))
}

/// Parses every `--mount` value as docker/cli's `MountOpt.Set`; an error
/// is a flag error.
fn read_mounts(world: &World, call: &Call) -> Result<Vec<MountSpec>, CliError> {
    let mut specs = Vec::new();
    for value in call.invocation.flags.list("mount") {
        match parse_mount(world, value) {
            Ok(spec) => specs.push(spec),
            Err(reason) => {
                let error = FlagError::InvalidArgument {
                    value: value.clone(),
                    flag: "--mount".to_string(),
                    reason,
                };
                return Err(CliError::Flag {
                    error,
                    use_line: crate::client::spec::use_line(
                        &call.invocation.path,
                        call.invocation.command,
                    ),
                    command_path: call.path(),
                });
            }
        }
    }
    Ok(specs)
}

/// Parses one `--mount` value: comma-separated `key=value` fields.
fn parse_mount(world: &World, value: &str) -> Result<MountSpec, String> {
    let mut spec = MountSpec {
        kind: MountKind::Volume,
        source: String::new(),
        target: String::new(),
        read_only: false,
        tmpfs_size: 0,
    };
    let mut kind_name = "volume".to_string();
    let (mut volume_options, mut bind_options, mut tmpfs_options) = (false, false, false);
    for field in value.split(',') {
        let (key, val) = match field.split_once('=') {
            Some((key, val)) => (key.to_lowercase(), val),
            None => match field.to_lowercase().as_str() {
                "readonly" | "ro" => {
                    spec.read_only = true;
                    continue;
                }
                "volume-nocopy" => {
                    volume_options = true;
                    continue;
                }
                "bind-nonrecursive" => {
                    bind_options = true;
                    continue;
                }
                _ => return Err(format!("invalid field '{field}' must be a key=value pair")),
            },
        };
        match key.as_str() {
            "type" => kind_name = val.to_lowercase(),
            "source" | "src" => {
                spec.source = if !val.starts_with('/') && val.starts_with('.') {
                    absolute_path(world, val)
                } else {
                    val.to_string()
                };
            }
            "target" | "dst" | "destination" => spec.target = val.to_string(),
            "readonly" | "ro" => {
                spec.read_only = crate::strconv::parse_bool(val)
                    .map_err(|_| format!("invalid value for {key}: {val}"))?;
            }
            "consistency" => {}
            "bind-propagation"
            | "bind-nonrecursive"
            | "bind-recursive"
            | "bind-create-mountpoint" => bind_options = true,
            "volume-nocopy" | "volume-label" | "volume-driver" | "volume-opt"
            | "volume-subpath" => volume_options = true,
            "tmpfs-size" => {
                spec.tmpfs_size = units::ram_in_bytes(val)
                    .map_err(|_| format!("invalid value for {key}: {val}"))?;
                tmpfs_options = true;
            }
            "tmpfs-mode" => tmpfs_options = true,
            _ => return Err(format!("unexpected key '{key}' in '{field}'")),
        }
    }
    if kind_name.is_empty() {
        return Err("type is required".to_string());
    }
    if spec.target.is_empty() {
        return Err("target is required".to_string());
    }
    spec.kind = match kind_name.as_str() {
        "bind" => MountKind::Bind,
        "volume" => MountKind::Volume,
        "tmpfs" => MountKind::Tmpfs,
        other => {
            return Err(format!(
                "invalid mount config for type \"{other}\": mount type unknown"
            ))
        }
    };
    let mixed =
        |prefix: &str| format!("cannot mix '{prefix}-*' options with mount type '{kind_name}'");
    if volume_options && spec.kind != MountKind::Volume {
        return Err(mixed("volume"));
    }
    if bind_options && spec.kind != MountKind::Bind {
        return Err(mixed("bind"));
    }
    if tmpfs_options && spec.kind != MountKind::Tmpfs {
        return Err(mixed("tmpfs"));
    }
    Ok(spec)
}

/// Turns the long `-p` syntax (`target=80,published=8080,protocol=udp`)
/// into the short one, as docker/cli's `convertToStandardNotation` does.
fn standard_notation(value: &str) -> Result<String, String> {
    if !value.contains('=') {
        return Ok(value.to_string());
    }
    let (mut target, mut published, mut protocol, mut host_ip) = (
        String::new(),
        String::new(),
        "tcp".to_string(),
        String::new(),
    );
    for field in value.split(',') {
        let Some((key, val)) = field.split_once('=') else {
            return Err(format!("invalid field {field}"));
        };
        match key.to_lowercase().as_str() {
            "target" => target = val.to_string(),
            "published" => published = val.to_string(),
            "protocol" => protocol = val.to_string(),
            "mode" => {}
            "host_ip" => host_ip = val.to_string(),
            other => return Err(format!("invalid field key {other}")),
        }
    }
    if target.is_empty() {
        return Err("missing mandatory field \"target\"".to_string());
    }
    let prefix = if host_ip.is_empty() {
        String::new()
    } else {
        format!("{host_ip}:")
    };
    Ok(format!("{prefix}{published}:{target}/{protocol}"))
}

/// Parses one `-p` value as go-connections' `nat.ParsePortSpec`:
/// `[IP:][HOST_PORT:]CONTAINER_PORT[/PROTO]`, with ranges of equal length
/// or one container port and a host range to pick from.
pub fn parse_publish(raw: &str) -> Result<Vec<PortBinding>, String> {
    let (mut ip, host_port, container_part) = split_parts(raw);
    let (protocol, container_port) = split_proto_port(container_part);
    if ip.starts_with('[') {
        ip = ip
            .strip_prefix('[')
            .and_then(|inner| inner.strip_suffix(']'))
            .ok_or_else(|| format!("invalid IP address {ip}: missing ']' in address"))?;
    }
    if !ip.is_empty() && ip.parse::<std::net::IpAddr>().is_err() {
        return Err(format!("invalid IP address: {ip}"));
    }
    if container_port.is_empty() {
        return Err(format!("no port specified: {raw}<empty>"));
    }
    let (first, last) = parse_port_range(container_port)
        .map_err(|_| format!("invalid containerPort: {container_port}"))?;
    let host_range = if host_port.is_empty() {
        None
    } else {
        Some(parse_port_range(host_port).map_err(|_| format!("invalid hostPort: {host_port}"))?)
    };
    if let Some((host_first, host_last)) = host_range {
        if last - first != host_last - host_first && last != first {
            return Err(format!("invalid ranges specified for container and host Ports: {container_port} and {host_port}"));
        }
    }
    let protocol = protocol.to_lowercase();
    if !matches!(protocol.as_str(), "tcp" | "udp" | "sctp") {
        return Err(format!("invalid proto: {protocol}"));
    }
    let mut bindings = Vec::new();
    for (offset, port) in (first..=last).enumerate() {
        let host_port = match host_range {
            None => String::new(),
            Some((host_first, host_last)) if first == last && host_first != host_last => {
                format!("{host_first}-{host_last}")
            }
            Some((host_first, _)) => (u32::from(host_first) + offset as u32).to_string(),
        };
        bindings.push(PortBinding {
            container_port: port,
            protocol: protocol.clone(),
            host_ip: ip.to_string(),
            host_port,
        });
    }
    Ok(bindings)
}

/// Splits `[IP:][HOST:]CONTAINER` at its colons as `nat.splitParts` does:
/// everything before the last two parts is the address.
fn split_parts(raw: &str) -> (&str, &str, &str) {
    let parts: Vec<&str> = raw.split(':').collect();
    match parts.len() {
        1 => ("", "", parts[0]),
        2 => ("", parts[0], parts[1]),
        3 => (parts[0], parts[1], parts[2]),
        count => {
            let container = parts[count - 1];
            let host = parts[count - 2];
            let ip_end = raw.len() - container.len() - host.len() - 2;
            (&raw[..ip_end], host, container)
        }
    }
}

/// Splits `80/udp` into the protocol and the port as `nat.SplitProtoPort`.
fn split_proto_port(raw: &str) -> (&str, &str) {
    let mut parts = raw.split('/');
    let port = parts.next().unwrap_or("");
    if raw.is_empty() || port.is_empty() {
        return ("", "");
    }
    match parts.next() {
        None | Some("") => ("tcp", port),
        Some(protocol) => (protocol, port),
    }
}

/// Parses `80` or `8000-8010` as `nat.ParsePortRange`, with Go's
/// `strconv.ParseUint` errors.
fn parse_port_range(text: &str) -> Result<(u16, u16), String> {
    if text.is_empty() {
        return Err("empty string specified for ports".to_string());
    }
    let parse = |part: &str| {
        part.parse::<u16>().map_err(|_| {
            format!(
                "strconv.ParseUint: parsing {}: invalid syntax",
                crate::strconv::quote(part)
            )
        })
    };
    match text.split_once('-') {
        None => {
            let port = parse(text)?;
            Ok((port, port))
        }
        Some((first, last)) => {
            let (first, last) = (parse(first)?, parse(last)?);
            if last < first {
                return Err(format!("invalid range specified for port: {text}"));
            }
            Ok((first, last))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A binding as (container port, host port, protocol, host address).
    type Binding = (u16, &'static str, &'static str, &'static str);
    /// A restart policy text and its parse: the name and retry count, or the error.
    type RestartCase = (&'static str, Result<(RestartPolicyName, i64), &'static str>);

    #[test]
    fn publish_specs_parse() {
        let cases: &[(&str, &[Binding])] = &[
            ("6818:6800", &[(6800, "6818", "tcp", "")]),
            ("80", &[(80, "", "tcp", "")]),
            ("80/udp", &[(80, "", "udp", "")]),
            ("127.0.0.1:8080:80/udp", &[(80, "8080", "udp", "127.0.0.1")]),
            ("127.0.0.1::80", &[(80, "", "tcp", "127.0.0.1")]),
            (
                "8000-8001:9000-9001",
                &[(9000, "8000", "tcp", ""), (9001, "8001", "tcp", "")],
            ),
            ("8000-8010:80", &[(80, "8000-8010", "tcp", "")]),
            ("[::1]:8080:80", &[(80, "8080", "tcp", "::1")]),
            ("5000-5001", &[(5000, "", "tcp", ""), (5001, "", "tcp", "")]),
            ("8080:80/SCTP", &[(80, "8080", "sctp", "")]),
        ];
        for (spec, expected) in cases {
            let bindings = parse_publish(spec).unwrap_or_else(|error| panic!("{spec}: {error}"));
            let got: Vec<_> = bindings
                .iter()
                .map(|b| {
                    (
                        b.container_port,
                        b.host_port.as_str(),
                        b.protocol.as_str(),
                        b.host_ip.as_str(),
                    )
                })
                .collect();
            assert_eq!(&got, expected, "{spec}");
        }
    }

    #[test]
    fn publish_errors_use_go_connections_words() {
        let cases: &[(&str, &str)] = &[
            ("abc", "invalid containerPort: abc"),
            ("x:80", "invalid hostPort: x"),
            ("80/foo", "invalid proto: foo"),
            ("1.2.3:80:80", "invalid IP address: 1.2.3"),
            ("8080:", "no port specified: 8080:<empty>"),
            (
                "8000-8002:80-81",
                "invalid ranges specified for container and host Ports: 80-81 and 8000-8002",
            ),
            ("70000:80", "invalid hostPort: 70000"),
            ("90-80", "invalid containerPort: 90-80"),
        ];
        for (spec, message) in cases {
            assert_eq!(parse_publish(spec).unwrap_err(), *message, "{spec}");
        }
    }

    #[test]
    fn long_publish_syntax_converts() {
        assert_eq!(
            standard_notation("target=80,published=8080").unwrap(),
            ":8080:80/tcp".trim_start_matches(':')
        );
        assert_eq!(
            standard_notation("target=53,published=53,protocol=udp").unwrap(),
            "53:53/udp"
        );
        assert_eq!(
            standard_notation("published=1").unwrap_err(),
            "missing mandatory field \"target\""
        );
        assert_eq!(standard_notation("8080:80").unwrap(), "8080:80");
    }

    #[test]
    fn restart_policies_parse() {
        let cases: &[RestartCase] = &[
            ("", Ok((RestartPolicyName::No, 0))),
            ("no", Ok((RestartPolicyName::No, 0))),
            ("always", Ok((RestartPolicyName::Always, 0))),
            ("unless-stopped", Ok((RestartPolicyName::UnlessStopped, 0))),
            ("on-failure", Ok((RestartPolicyName::OnFailure, 0))),
            ("on-failure:3", Ok((RestartPolicyName::OnFailure, 3))),
            ("on-failure:x", Err("invalid restart policy format: maximum retry count must be an integer")),
            (":3", Err("invalid restart policy format: no policy provided before colon")),
            (
                "sometimes",
                Err("invalid restart policy: unknown policy 'sometimes'; use one of 'no', 'always', 'on-failure', or 'unless-stopped'"),
            ),
        ];
        for (text, expected) in cases {
            let got =
                parse_restart_policy(text).map(|policy| (policy.name, policy.maximum_retry_count));
            assert_eq!(got, expected.map_err(str::to_string), "{text}");
        }
    }

    #[test]
    fn mounts_parse_as_docker_cli_does() {
        let world = World::new();
        let spec = parse_mount(&world, "type=bind,source=/srv,target=/app,readonly").unwrap();
        assert_eq!(
            (
                spec.kind,
                spec.source.as_str(),
                spec.target.as_str(),
                spec.read_only
            ),
            (MountKind::Bind, "/srv", "/app", true)
        );
        let spec = parse_mount(&world, "src=data,dst=/data").unwrap();
        assert_eq!(spec.kind, MountKind::Volume);
        let spec = parse_mount(&world, "type=bind,src=./site,dst=/usr/share/nginx/html").unwrap();
        assert_eq!(spec.source, "/home/learner/project/site");
        let spec = parse_mount(&world, "type=tmpfs,dst=/run,tmpfs-size=64m").unwrap();
        assert_eq!(spec.tmpfs_size, 64 * 1024 * 1024);
        let errors: &[(&str, &str)] = &[
            ("type=bind,source=/srv", "target is required"),
            (
                "type=bind,target=/x,bogus",
                "invalid field 'bogus' must be a key=value pair",
            ),
            (
                "type=bind,target=/x,colour=red",
                "unexpected key 'colour' in 'colour=red'",
            ),
            (
                "type=bind,target=/x,volume-nocopy",
                "cannot mix 'volume-*' options with mount type 'bind'",
            ),
            (
                "type=volume,target=/x,readonly=maybe",
                "invalid value for readonly: maybe",
            ),
            (
                "type=foo,target=/x",
                "invalid mount config for type \"foo\": mount type unknown",
            ),
        ];
        for (value, message) in errors {
            assert_eq!(parse_mount(&world, value).unwrap_err(), *message, "{value}");
        }
    }

    #[test]
    fn relative_paths_resolve_against_the_working_directory() {
        let world = World::new();
        assert_eq!(
            absolute_path(&world, "./data"),
            "/home/learner/project/data"
        );
        assert_eq!(absolute_path(&world, "../logs"), "/home/learner/logs");
    }
}
