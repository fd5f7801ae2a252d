//! The body of `POST /containers/create` as docker/cli 28 sends it: moby's
//! `container.CreateRequest`, which is the `Config` fields, then
//! `HostConfig` and `NetworkingConfig`, in the order of their Go types.
//!
//! The body contains only the client's values. Fields the user left unset have
//! the client's zero values (`NetworkMode` `default`, an empty `LogConfig`
//! type, `MemorySwappiness` -1), and the daemon fills in its own defaults
//! when it creates the container, which is why `docker inspect` shows
//! other values for them.

use crate::client::flags::ParsedFlags;
use crate::daemon::create::CreateRequest;
use crate::daemon::inspect::{
    console_size_json, mount_spec_json, port_bindings_json, resources_json, restart_policy_json,
};
use crate::json::Json;

/// Returns the create request's body for `request`, read from `flags`.
pub fn create_body(request: &CreateRequest, flags: &ParsedFlags) -> Json {
    let mut fields = config_fields(request);
    fields.push(("HostConfig", host_config(request, flags)));
    fields.push(("NetworkingConfig", networking_config(request, flags)));
    Json::object(fields)
}

/// Returns the fields of moby's `container.Config` the client sets.
fn config_fields(request: &CreateRequest) -> Vec<(&'static str, Json)> {
    let config = &request.config;
    let attach = &config.attach;
    let text = |value: &Option<String>| Json::from(value.clone().unwrap_or_default());
    let mut fields: Vec<(&str, Json)> = vec![
        ("Hostname", text(&config.hostname)),
        ("Domainname", text(&config.domainname)),
        ("User", text(&config.user)),
        ("AttachStdin", attach.stdin.into()),
        ("AttachStdout", attach.stdout.into()),
        ("AttachStderr", attach.stderr.into()),
    ];
    if !config.exposed_ports.is_empty() {
        fields.push(("ExposedPorts", empty_objects(&config.exposed_ports)));
    }
    let entrypoint = match &config.entrypoint {
        Some(entrypoint) => Json::strings(&[entrypoint]),
        None => Json::Null,
    };
    fields.extend([
        ("Tty", attach.tty.into()),
        ("OpenStdin", attach.open_stdin.into()),
        ("StdinOnce", attach.stdin_once.into()),
        ("Env", Json::strings_or_null(&config.env)),
        ("Cmd", Json::strings_or_null(&config.cmd)),
        ("Image", request.image.clone().into()),
        ("Volumes", empty_objects(&config.volumes)),
        ("WorkingDir", text(&config.working_dir)),
        ("Entrypoint", entrypoint),
        ("OnBuild", Json::Null),
        ("Labels", Json::map(config.labels.clone())),
    ]);
    if let Some(signal) = &config.stop_signal {
        fields.push(("StopSignal", signal.clone().into()));
    }
    if let Some(timeout) = config.stop_timeout {
        fields.push(("StopTimeout", timeout.into()));
    }
    fields
}

/// Returns moby's `container.HostConfig` as the client fills it in.
fn host_config(request: &CreateRequest, flags: &ParsedFlags) -> Json {
    let config = &request.host_config;
    let set_or = |name: &str, value: &str, unset: &str| {
        Json::from(if flags.is_set(name) { value } else { unset })
    };
    let mut fields: Vec<(&str, Json)> = vec![
        ("Binds", Json::strings_or_null(&config.binds)),
        ("ContainerIDFile", "".into()),
        (
            "LogConfig",
            Json::object(vec![
                ("Type", set_or("log-driver", &config.log_driver, "")),
                ("Config", Json::map(config.log_options.clone())),
            ]),
        ),
        ("NetworkMode", network_name(flags).into()),
        ("PortBindings", port_bindings_json(config)),
        ("RestartPolicy", restart_policy_json(config)),
        ("AutoRemove", config.auto_remove.into()),
        ("VolumeDriver", "".into()),
        ("VolumesFrom", Json::Null),
        // NOTE: docker/cli 28 may send [0,0] when its output is not a
        // terminal; the page's terminal always is one.
        ("ConsoleSize", console_size_json()),
        ("CapAdd", Json::strings_or_null(&config.cap_add)),
        ("CapDrop", Json::strings_or_null(&config.cap_drop)),
        (
            "CgroupnsMode",
            set_or("cgroupns", &config.cgroupns_mode, ""),
        ),
        ("Dns", Json::strings_or_null(&config.dns)),
        ("DnsOptions", Json::strings(&config.dns_options)),
        ("DnsSearch", Json::strings(&config.dns_search)),
        ("ExtraHosts", Json::strings_or_null(&config.extra_hosts)),
        ("GroupAdd", Json::strings_or_null(&config.group_add)),
        ("IpcMode", set_or("ipc", &config.ipc_mode, "")),
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
    let shm_size = if flags.is_set("shm-size") {
        config.shm_size
    } else {
        0
    };
    fields.push(("ShmSize", shm_size.into()));

    if !config.sysctls.is_empty() {
        fields.push(("Sysctls", Json::map(config.sysctls.clone())));
    }
    if flags.is_set("runtime") {
        fields.push(("Runtime", config.runtime.clone().into()));
    }
    fields.push(("Isolation", "".into()));

    fields.extend(client_resources(request, flags));
    if !config.mounts.is_empty() {
        fields.push((
            "Mounts",
            Json::Array(config.mounts.iter().map(mount_spec_json).collect()),
        ));
    }
    fields.push(("MaskedPaths", Json::Null));
    fields.push(("ReadonlyPaths", Json::Null));
    if let Some(init) = config.init {
        fields.push(("Init", init.into()));
    }
    Json::object(fields)
}

/// Returns the `Resources` fields with the client's values for the three
/// the daemon later leaves unset when the user gave none: docker/cli sends
/// `MemorySwappiness` -1, `OomKillDisable` false and `PidsLimit` 0.
fn client_resources(request: &CreateRequest, flags: &ParsedFlags) -> Vec<(&'static str, Json)> {
    let config = &request.host_config;
    let pids_limit = if flags.is_set("pids-limit") {
        flags.integer("pids-limit").unwrap_or(0)
    } else {
        0
    };
    let mut fields = resources_json(config);
    for (name, value) in &mut fields {
        match *name {
            "MemorySwappiness" => *value = config.memory_swappiness.unwrap_or(-1).into(),
            "OomKillDisable" => *value = config.oom_kill_disable.unwrap_or(false).into(),
            "PidsLimit" => *value = pids_limit.into(),
            _ => {}
        }
    }
    fields
}

/// Returns `NetworkingConfig`: one endpoint, named `default` unless
/// `--network` names the network, with the requested aliases and address.
fn networking_config(request: &CreateRequest, flags: &ParsedFlags) -> Json {
    let ipam_config = match &request.ip {
        Some(ip) => Json::object(vec![("IPv4Address", ip.clone().into())]),
        None => Json::Null,
    };
    let endpoint = Json::object(vec![
        ("IPAMConfig", ipam_config),
        ("Links", Json::Null),
        ("Aliases", Json::strings_or_null(&request.aliases)),
        ("MacAddress", "".into()),
        ("DriverOpts", Json::Null),
        ("GwPriority", 0i64.into()),
        ("NetworkID", "".into()),
        ("EndpointID", "".into()),
        ("Gateway", "".into()),
        ("IPAddress", "".into()),
        ("IPPrefixLen", 0i64.into()),
        ("IPv6Gateway", "".into()),
        ("GlobalIPv6Address", "".into()),
        ("GlobalIPv6PrefixLen", 0i64.into()),
        ("DNSNames", Json::Null),
    ]);
    let endpoints = Json::Object(vec![(network_name(flags).to_string(), endpoint)]);
    Json::object(vec![("EndpointsConfig", endpoints)])
}

/// Returns the network the client names: the first `--network`, or
/// `default`, which the daemon turns into `bridge`.
fn network_name(flags: &ParsedFlags) -> &str {
    flags
        .list("network")
        .first()
        .map_or("default", String::as_str)
}

/// Returns a Go `map[string]struct{}`: each key with `{}`.
fn empty_objects(keys: &[String]) -> Json {
    Json::map(
        keys.iter()
            .map(|key| (key.clone(), Json::Object(Vec::new()))),
    )
}

#[cfg(test)]
mod tests {
    use crate::events::EventKind;
    use crate::World;

    /// Runs the setup lines, then `line`, and returns the body of the last
    /// create request `line` made, compact.
    fn create_body_of(setup: &[&str], line: &str) -> String {
        let mut world = World::new();
        for setup_line in setup {
            world.run_line(setup_line);
        }
        let body = world
            .run_line(line)
            .events
            .iter()
            .rev()
            .find_map(|event| match &event.kind {
                EventKind::Message(message) if message.path.ends_with("/containers/create") => {
                    message.request.clone()
                }
                _ => None,
            })
            .expect("the line creates a container");
        crate::json::Json::parse(&body)
            .expect("the body is JSON")
            .to_compact()
    }

    #[test]
    fn create_body_has_client_values() {
        let body = create_body_of(
            &["docker pull nginx"],
            "docker run -d --name web -p 8080:80 -e A=b --memory 64m nginx",
        );
        let expected = concat!(
            r#"{"Hostname":"","Domainname":"","User":"","AttachStdin":false,"#,
            r#""AttachStdout":false,"AttachStderr":false,"ExposedPorts":{"80/tcp":{}},"#,
            r#""Tty":false,"OpenStdin":false,"StdinOnce":false,"Env":["A=b"],"Cmd":null,"#,
            r#""Image":"nginx","Volumes":{},"WorkingDir":"","Entrypoint":null,"OnBuild":null,"#,
            r#""Labels":{},"HostConfig":{"Binds":null,"ContainerIDFile":"","#,
            r#""LogConfig":{"Type":"","Config":{}},"NetworkMode":"default","#,
            r#""PortBindings":{"80/tcp":[{"HostIp":"","HostPort":"8080"}]},"#,
            r#""RestartPolicy":{"Name":"no","MaximumRetryCount":0},"AutoRemove":false,"#,
            r#""VolumeDriver":"","VolumesFrom":null,"ConsoleSize":[24,80],"CapAdd":null,"#,
            r#""CapDrop":null,"CgroupnsMode":"","Dns":null,"DnsOptions":[],"DnsSearch":[],"#,
            r#""ExtraHosts":null,"GroupAdd":null,"IpcMode":"","Cgroup":"","Links":null,"#,
            r#""OomScoreAdj":0,"PidMode":"","Privileged":false,"PublishAllPorts":false,"#,
            r#""ReadonlyRootfs":false,"SecurityOpt":null,"UTSMode":"","UsernsMode":"","#,
            r#""ShmSize":0,"Isolation":"","CpuShares":0,"Memory":67108864,"NanoCpus":0,"#,
            r#""CgroupParent":"","BlkioWeight":0,"BlkioWeightDevice":[],"#,
            r#""BlkioDeviceReadBps":[],"BlkioDeviceWriteBps":[],"BlkioDeviceReadIOps":[],"#,
            r#""BlkioDeviceWriteIOps":[],"CpuPeriod":0,"CpuQuota":0,"CpuRealtimePeriod":0,"#,
            r#""CpuRealtimeRuntime":0,"CpusetCpus":"","CpusetMems":"","Devices":[],"#,
            r#""DeviceCgroupRules":null,"DeviceRequests":null,"MemoryReservation":0,"#,
            r#""MemorySwap":0,"MemorySwappiness":-1,"OomKillDisable":false,"PidsLimit":0,"#,
            r#""Ulimits":null,"CpuCount":0,"CpuPercent":0,"IOMaximumIOps":0,"#,
            r#""IOMaximumBandwidth":0,"MaskedPaths":null,"ReadonlyPaths":null},"#,
            r#""NetworkingConfig":{"EndpointsConfig":{"default":{"IPAMConfig":null,"#,
            r#""Links":null,"Aliases":null,"MacAddress":"","DriverOpts":null,"GwPriority":0,"#,
            r#""NetworkID":"","EndpointID":"","Gateway":"","IPAddress":"","IPPrefixLen":0,"#,
            r#""IPv6Gateway":"","GlobalIPv6Address":"","GlobalIPv6PrefixLen":0,"#,
            r#""DNSNames":null}}}}"#,
        );
        assert_eq!(body, expected);
    }

    #[test]
    fn create_body_names_chosen_network() {
        let compact = create_body_of(
            &["docker network create appnet", "docker pull nginx"],
            "docker run -d --network appnet --network-alias api --ip 172.18.0.9 --shm-size 128m nginx",
        );
        assert!(compact.contains(r#""NetworkMode":"appnet""#), "{compact}");
        assert!(compact.contains(r#""ShmSize":134217728"#), "{compact}");
        assert!(
            compact.contains(
                r#""EndpointsConfig":{"appnet":{"IPAMConfig":{"IPv4Address":"172.18.0.9"},"Links":null,"Aliases":["api"]"#
            ),
            "{compact}"
        );
    }
}
