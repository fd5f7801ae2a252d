//! `docker version`, `docker info` and `docker system df`.
//!
//! The version numbers are those of the Docker 28.5.1 packages for Ubuntu:
//! docker-ce 28.5.1 with containerd 1.7.28, runc 1.3.0 and docker-init
//! 0.19.0. The layouts are docker/cli's `cli/command/system/version.go`,
//! `info.go` and `cli/command/formatter/disk_usage.go`.

use shared_sort::{SharedSort, SortedSet};

use crate::client::docker::Call;
use crate::client::format;
use crate::client::template::{Format, Missing, Template};
use crate::cx::{Cx, API_VERSION};
use crate::daemon::containers::{MountKind, Status};
use crate::daemon::lifecycle::volume_users;
use crate::daemon::volumes::natural_cmp;
use crate::json::Json;
use crate::kernel::mounts::volume_size;
use crate::table::DOCKER_VERSION;
use crate::units::{bytes_size, human_size};
use crate::world::World;

use super::images::{self, rows_for};

/// The engine's version, which `docker version` and the daemon's `Server`
/// header give.
pub(crate) const VERSION: &str = "28.5.1";
const GO_VERSION: &str = "go1.24.8";
const CLIENT_COMMIT: &str = "e180ab8";
const ENGINE_COMMIT: &str = "f8215cc";
const BUILT: &str = "Wed Oct  8 12:17:26 2025";
const CONTAINERD_VERSION: &str = "1.7.28";
const CONTAINERD_COMMIT: &str = "b98a3aace656320842a23f4a392a33f46af97866";
const RUNC_VERSION: &str = "1.3.0";
const RUNC_COMMIT: &str = "v1.3.0-0-g4ca628d1";
const INIT_VERSION: &str = "0.19.0";
const INIT_COMMIT: &str = "de40ad0";
const PLATFORM: &str = "Docker Engine - Community";
/// The message every command prints when the daemon is unreachable.
pub const DAEMON_DOWN: &str = "Cannot connect to the Docker daemon at unix:///var/run/docker.sock. Is the docker daemon running?";

/// Returns the data `docker version` renders: the client, and the server
/// when the daemon is reachable. Keys are the Go field names templates use
/// (`APIVersion`), which differ from the API's JSON names (`ApiVersion`).
fn version_data(client_arch: &str, context: &str, server: Option<&str>) -> Json {
    let client = crate::sorted_object!({
        "Platform": crate::sorted_object!({"Name": PLATFORM}),
        "Version": VERSION,
        "APIVersion": API_VERSION,
        "DefaultAPIVersion": API_VERSION,
        "GitCommit": CLIENT_COMMIT,
        "GoVersion": GO_VERSION,
        "Os": "linux",
        "Arch": client_arch,
        "BuildTime": BUILT,
        "Context": context,
    });
    let Some(arch) = server else {
        return crate::sorted_object!({"Client": client, "Server": Json::Null});
    };
    let server = crate::sorted_object!({
        "Platform": crate::sorted_object!({"Name": PLATFORM}),
        "Components": Json::Array(vec![
            crate::sorted_object!({"Name": "Engine", "Version": VERSION, "Details": crate::sorted_object!({
                "ApiVersion": API_VERSION, "Arch": arch, "BuildTime": BUILT, "Experimental": "false",
                "GitCommit": ENGINE_COMMIT, "GoVersion": GO_VERSION, "KernelVersion": KERNEL, "MinAPIVersion": "1.24", "Os": "linux"})}),
            crate::sorted_object!({"Name": "containerd", "Version": CONTAINERD_VERSION, "Details": crate::sorted_object!({"GitCommit": CONTAINERD_COMMIT})}),
            crate::sorted_object!({"Name": "runc", "Version": RUNC_VERSION, "Details": crate::sorted_object!({"GitCommit": RUNC_COMMIT})}),
            crate::sorted_object!({"Name": "docker-init", "Version": INIT_VERSION, "Details": crate::sorted_object!({"GitCommit": INIT_COMMIT})}),
        ]),
        "Version": VERSION,
        "APIVersion": API_VERSION,
        "MinAPIVersion": "1.24",
        "GitCommit": ENGINE_COMMIT,
        "GoVersion": GO_VERSION,
        "Os": "linux",
        "Arch": arch,
        "KernelVersion": KERNEL,
        "BuildTime": "2025-10-08T12:17:26.000000000+00:00",
    });
    crate::sorted_object!({"Client": client, "Server": server})
}

const KERNEL: &str = "6.8.0-85-generic";

/// Returns the default `docker version` text, aligned by a tabwriter of
/// minimum width 20 and padding 1.
fn version_text(client_arch: &str, context: &str, server: Option<&str>) -> String {
    let mut text = format!(
        "Client: {PLATFORM}\n Version:\t{VERSION}\n API version:\t{API_VERSION}\n Go version:\t{GO_VERSION}\n Git commit:\t{CLIENT_COMMIT}\n Built:\t{BUILT}\n OS/Arch:\tlinux/{client_arch}\n Context:\t{context}"
    );
    if let Some(arch) = server {
        text.push_str(&format!(
            "\n\nServer: {PLATFORM}\n Engine:\n  Version:\t{VERSION}\n  API version:\t{API_VERSION} (minimum version 1.24)\n  Go version:\t{GO_VERSION}\n  Git commit:\t{ENGINE_COMMIT}\n  Built:\t{BUILT}\n  OS/Arch:\tlinux/{arch}\n  Experimental:\tfalse\n containerd:\n  Version:\t{CONTAINERD_VERSION}\n  GitCommit:\t{CONTAINERD_COMMIT}\n runc:\n  Version:\t{RUNC_VERSION}\n  GitCommit:\t{RUNC_COMMIT}\n docker-init:\n  Version:\t{INIT_VERSION}\n  GitCommit:\t{INIT_COMMIT}"
        ));
    }
    text.push('\n');
    DOCKER_VERSION.format(&text)
}

/// Runs `docker version`. When `daemon_up` is false the ping failed, so
/// the client part is followed by the connection error.
pub fn version(world: &mut World, cx: &mut Cx, call: &Call, daemon_up: bool) -> i32 {
    let format = call.invocation.flags.string("format");
    let template = match format {
        "" => None,
        "json" => Template::parse("{{json .}}").ok(),
        text => match Template::parse(text) {
            Ok(template) => Some(template),
            Err(error) => {
                cx.out.errln(format!("template parsing error: {error}"));
                return 64;
            }
        },
    };
    let arch = world.hosts[&call.target].architecture.clone();
    let client_arch = world.hosts[&call.client_host].architecture.clone();
    if daemon_up {
        call.api(cx, "GET", "/version", "", 200);
    }
    let printed = match &template {
        None => Ok(version_text(
            &client_arch,
            &call.context,
            daemon_up.then_some(arch.as_str()),
        )),
        Some(template) => {
            let data = version_data(
                &client_arch,
                &call.context,
                daemon_up.then_some(arch.as_str()),
            );
            template
                .execute(&data, Missing::Error("system.versionInfo"))
                .map(|text| text + "\n")
        }
    };
    match printed {
        Ok(text) => cx.out.out(text),
        Err(error) => {
            cx.out.errln(error.to_string());
            return 1;
        }
    }
    if daemon_up {
        return 0;
    }
    cx.out.errln(&call.connect_error);
    1
}

/// Runs `docker info` / `docker system info`.
pub fn info(world: &mut World, cx: &mut Cx, call: &Call, daemon_up: bool) -> i32 {
    let format = call.invocation.flags.string("format");
    if !format.is_empty() {
        return info_with_format(world, cx, call, daemon_up, format);
    }
    let mut text = String::from("Client: Docker Engine - Community\n");
    text.push_str(&format!(
        " Version:    {VERSION}\n Context:    {}\n Debug Mode: false\n Plugins:\n",
        call.context
    ));
    text.push_str("  buildx: Docker Buildx (Docker Inc.)\n    Version:  v0.29.1\n    Path:     /usr/libexec/docker/cli-plugins/docker-buildx\n");
    text.push_str("  compose: Docker Compose (Docker Inc.)\n    Version:  v2.40.0\n    Path:     /usr/libexec/docker/cli-plugins/docker-compose\n");
    text.push_str("\nServer:\n");
    if !daemon_up {
        cx.out.out(text);
        cx.out.errln(format!("ERROR: {}", call.connect_error));
        cx.out.errln("errors pretty printing info");
        return 1;
    }
    call.api(cx, "GET", "/info", "", 200);
    text.push_str(&server_info_text(world, call));
    cx.out.out(text);
    0
}

fn info_with_format(
    world: &mut World,
    cx: &mut Cx,
    call: &Call,
    daemon_up: bool,
    format: &str,
) -> i32 {
    let source = if format == "json" {
        "{{json .}}"
    } else {
        format
    };
    let template = match Template::parse(source) {
        Ok(template) => template,
        Err(error) => {
            cx.out.errln(format!("template parsing error: {error}"));
            return 1;
        }
    };
    if daemon_up {
        call.api(cx, "GET", "/info", "", 200);
    } else {
        cx.out.errln(&call.connect_error);
    }
    let data = info_data(world, call, daemon_up);
    match template.execute(&data, Missing::Error("system.dockerInfo")) {
        Ok(text) => {
            cx.out.outln(text);
            0
        }
        Err(error) => {
            cx.out.errln(error.to_string());
            1
        }
    }
}

/// Counts of the daemon's containers: total, running, paused, stopped.
fn container_counts(world: &World, call: &Call) -> (usize, usize, usize, usize) {
    let containers = &world.hosts[&call.target].daemon.containers;
    let running = containers
        .iter()
        .filter(|container| container.state.status == Status::Running)
        .count();
    let paused = containers
        .iter()
        .filter(|container| container.state.status == Status::Paused)
        .count();
    (
        containers.len(),
        running,
        paused,
        containers.len() - running - paused,
    )
}

fn kernel_architecture(arch: &str) -> &'static str {
    if arch == "arm64" {
        "aarch64"
    } else {
        "x86_64"
    }
}

/// Returns the daemon's ID, a UUID made from the host name so that it is
/// the same in every run.
fn daemon_id(host: &str) -> String {
    let hex = crate::digest::Digest::of(format!("dockerd id {host}").as_bytes()).hex();
    format!(
        "{}-{}-{}-{}-{}",
        &hex[0..8],
        &hex[8..12],
        &hex[12..16],
        &hex[16..20],
        &hex[20..32]
    )
}

fn server_info_text(world: &World, call: &Call) -> String {
    let host = &world.hosts[&call.target];
    let (total, running, paused, stopped) = container_counts(world, call);
    let mut lines = vec![
        format!(" Containers: {total}"),
        format!("  Running: {running}"),
        format!("  Paused: {paused}"),
        format!("  Stopped: {stopped}"),
        format!(" Images: {}", host.daemon.images.len()),
        format!(" Server Version: {VERSION}"),
        " Storage Driver: overlay2".to_string(),
        "  Backing Filesystem: extfs".to_string(),
        "  Supports d_type: true".to_string(),
        "  Using metacopy: false".to_string(),
        "  Native Overlay Diff: true".to_string(),
        "  userxattr: false".to_string(),
        " Logging Driver: json-file".to_string(),
        " Cgroup Driver: systemd".to_string(),
        " Cgroup Version: 2".to_string(),
        " Plugins:".to_string(),
        "  Volume: local".to_string(),
        "  Network: bridge host ipvlan macvlan null overlay".to_string(),
        "  Log: awslogs fluentd gcplogs gelf journald json-file local splunk syslog".to_string(),
        " CDI spec directories:".to_string(),
        "  /etc/cdi".to_string(),
        "  /var/run/cdi".to_string(),
        " Swarm: inactive".to_string(),
        " Runtimes: io.containerd.runc.v2 runc".to_string(),
        " Default Runtime: runc".to_string(),
        " Init Binary: docker-init".to_string(),
        format!(" containerd version: {CONTAINERD_COMMIT}"),
        format!(" runc version: {RUNC_COMMIT}"),
        format!(" init version: {INIT_COMMIT}"),
        " Security Options:".to_string(),
        "  apparmor".to_string(),
        "  seccomp".to_string(),
        "   Profile: builtin".to_string(),
        "  cgroupns".to_string(),
        format!(" Kernel Version: {KERNEL}"),
        " Operating System: Ubuntu 24.04.3 LTS".to_string(),
        " OSType: linux".to_string(),
        format!(" Architecture: {}", kernel_architecture(&host.architecture)),
        format!(" CPUs: {}", host.cpus),
        format!(" Total Memory: {}", bytes_size(host.memory as f64)),
        format!(" Name: {}", host.name),
        format!(" ID: {}", daemon_id(&host.name)),
        " Docker Root Dir: /var/lib/docker".to_string(),
        " Debug Mode: false".to_string(),
    ];
    if let Some(user) = world.client.logins.get("docker.io") {
        lines.push(format!(" Username: {user}"));
    }
    lines.extend([
        " Experimental: false".to_string(),
        " Insecure Registries:".to_string(),
    ]);
    lines.extend(
        host.insecure_registries
            .iter()
            .map(|name| format!("  {name}")),
    );
    lines.extend([
        "  127.0.0.0/8".to_string(),
        " Live Restore Enabled: false".to_string(),
        String::new(),
    ]);
    lines.join("\n") + "\n"
}

/// Returns the fields of `GET /info` that templates most often use.
fn info_data(world: &World, call: &Call, daemon_up: bool) -> Json {
    let client = crate::sorted_object!({
        "Debug": false, "Version": VERSION, "Context": call.context,
        "Plugins": Json::Array(vec![crate::sorted_object!({"Name": "buildx", "Version": "v0.29.1"}), crate::sorted_object!({"Name": "compose", "Version": "v2.40.0"})]),
    });
    if !daemon_up {
        return crate::sorted_object!({"ClientInfo": client, "ServerErrors": vec![call.connect_error.clone()]});
    }
    let host = &world.hosts[&call.target];
    let (total, running, paused, stopped) = container_counts(world, call);
    crate::sorted_object!({
        "ID": daemon_id(&host.name),
        "Containers": total,
        "ContainersRunning": running,
        "ContainersPaused": paused,
        "ContainersStopped": stopped,
        "Images": host.daemon.images.len(),
        "Driver": "overlay2",
        "LoggingDriver": "json-file",
        "CgroupDriver": "systemd",
        "CgroupVersion": "2",
        "KernelVersion": KERNEL,
        "OperatingSystem": "Ubuntu 24.04.3 LTS",
        "OSType": "linux",
        "Architecture": kernel_architecture(&host.architecture),
        "NCPU": host.cpus,
        "MemTotal": host.memory,
        "Name": host.name,
        "ServerVersion": VERSION,
        "DockerRootDir": "/var/lib/docker",
        "DefaultRuntime": "runc",
        "ExperimentalBuild": false,
        "LiveRestoreEnabled": false,
        "Swarm": crate::sorted_object!({"LocalNodeState": "inactive"}),
        "RegistryConfig": registry_config(host),
        "ClientInfo": client,
    })
}

/// Returns `RegistryConfig`: the insecure CIDRs and one index entry per
/// registry the daemon knows by name, with `Secure` false for those in
/// `insecure-registries`.
fn registry_config(host: &crate::host::Host) -> Json {
    let mut indexes = vec![(
        "docker.io".to_string(),
        crate::sorted_object!({"Name": "docker.io", "Mirrors": Json::Array(Vec::new()), "Secure": true, "Official": true}),
    )];
    for name in &host.insecure_registries {
        indexes.push((
            name.clone(),
            crate::sorted_object!({"Name": name, "Mirrors": Json::Array(Vec::new()), "Secure": false, "Official": false}),
        ));
    }
    crate::sorted_object!({"InsecureRegistryCIDRs": Json::strings(&["127.0.0.0/8"]), "IndexConfigs": Json::map(indexes), "Mirrors": Json::Null})
}

/// Runs `docker system df [-v]`.
pub fn disk_usage(world: &mut World, cx: &mut Cx, call: &Call) -> i32 {
    call.api(cx, "GET", "/system/df", "", 200);
    let flags = &call.invocation.flags;
    let daemon = &world.hosts[&call.target].daemon;
    let images: Vec<_> = daemon.images.iter().collect();
    let used_images: Vec<_> = images
        .iter()
        .filter(|image| {
            daemon
                .containers
                .iter()
                .any(|container| container.image_id == image.id)
        })
        .collect();
    let layers_size: u64 = daemon.layers.iter().map(|layer| layer.size).sum();
    let used_layers: SortedSet<_> = used_images
        .iter()
        .flat_map(|image| image.chain.iter())
        .collect();
    let used_size: u64 = daemon
        .layers
        .iter()
        .filter(|layer| used_layers.contains(&layer.chain_id))
        .map(|layer| layer.size)
        .sum();
    let containers: Vec<_> = daemon.containers.iter().collect();
    let containers_size: u64 = containers
        .iter()
        .map(|container| container.rootfs.upper_size())
        .sum();
    let active_containers = containers
        .iter()
        .filter(|container| container.state.is_running())
        .count();
    let idle_size: u64 = containers
        .iter()
        .filter(|container| !container.state.is_running())
        .map(|container| container.rootfs.upper_size())
        .sum();
    let cache_size: u64 = daemon
        .build_cache
        .iter()
        .filter_map(|(_, record)| record.layer.as_ref())
        .map(|layer| layer.size())
        .sum();
    let host = &world.hosts[&call.target];
    let active_volumes = daemon
        .volumes
        .iter()
        .filter(|volume| !volume_users(host, &volume.name).is_empty())
        .count();
    let volumes_size: u64 = daemon
        .volumes
        .iter()
        .map(|volume| volume_size(&host.fs, &volume.name))
        .sum();
    let unused_volumes_size: u64 = daemon
        .volumes
        .iter()
        .filter(|volume| volume_users(host, &volume.name).is_empty())
        .map(|volume| volume_size(&host.fs, &volume.name))
        .sum();

    if flags.bool("verbose") {
        return disk_usage_verbose(world, cx, call, cache_size);
    }
    let reclaimable = |reclaimable: u64, total: u64| {
        if total == 0 {
            return human_size(reclaimable as f64);
        }
        format!(
            "{} ({}%)",
            human_size(reclaimable as f64),
            reclaimable * 100 / total
        )
    };
    let rows = vec![
        crate::sorted_object!({"Type": "Images", "TotalCount": images.len().to_string(), "Active": used_images.len().to_string(),
               "Size": human_size(layers_size as f64), "Reclaimable": reclaimable(layers_size - used_size.min(layers_size), layers_size)}),
        crate::sorted_object!({"Type": "Containers", "TotalCount": containers.len().to_string(), "Active": active_containers.to_string(),
               "Size": human_size(containers_size as f64), "Reclaimable": reclaimable(idle_size, containers_size)}),
        crate::sorted_object!({"Type": "Local Volumes", "TotalCount": daemon.volumes.iter().count().to_string(), "Active": active_volumes.to_string(),
               "Size": human_size(volumes_size as f64), "Reclaimable": reclaimable(unused_volumes_size, volumes_size)}),
        crate::sorted_object!({"Type": "Build Cache", "TotalCount": daemon.build_cache.len().to_string(), "Active": "0",
               "Size": human_size(cache_size as f64), "Reclaimable": human_size(cache_size as f64)}),
    ];
    let header = crate::sorted_object!({"Type": "TYPE", "TotalCount": "TOTAL", "Active": "ACTIVE", "Size": "SIZE", "Reclaimable": "RECLAIMABLE"});
    let source = match flags.string("format") {
        "" | "table" => {
            "table {{.Type}}\t{{.TotalCount}}\t{{.Active}}\t{{.Size}}\t{{.Reclaimable}}"
        }
        custom => custom,
    };
    render(cx, source, &header, &rows)
}

fn render(cx: &mut Cx, source: &str, header: &Json, rows: &[Json]) -> i32 {
    let rendered = Format::parse(source).and_then(|format| {
        format.render(header, rows, Missing::Error("*formatter.diskUsageContext"))
    });
    match rendered {
        Ok(text) => {
            cx.out.out(text);
            0
        }
        Err(error) => {
            cx.out.errln(format!("template parsing error: {error}"));
            1
        }
    }
}

fn disk_usage_verbose(world: &World, cx: &mut Cx, call: &Call, cache_size: u64) -> i32 {
    let daemon = &world.hosts[&call.target].daemon;
    let mut image_rows = Vec::new();
    for listed in images::filtered_images(daemon, &Default::default()).unwrap_or_default() {
        let image = listed.image;
        let tags = &listed.tags[..listed.tags.len().min(1)];
        // docker/cli shows the first tag, or `<none>` for an image without one.
        let mut row = rows_for(image, tags, &[], false).remove(0);
        let shared: u64 = image
            .chain
            .iter()
            .filter(|chain_id| daemon.layers.references(chain_id) > 1)
            .filter_map(|chain_id| daemon.layers.get(chain_id))
            .map(|layer| layer.size)
            .sum();
        row.shared_size = Some(shared);
        row.containers = Some(
            daemon
                .containers
                .iter()
                .filter(|container| container.image_id == image.id)
                .count(),
        );
        image_rows.push(row.to_value(cx.now(), true));
    }
    let mut text = String::from("Images space usage:\n\n");
    let image_table = "table {{.Repository}}\t{{.Tag}}\t{{.ID}}\t{{.CreatedSince}}\t{{.Size}}\t{{.SharedSize}}\t{{.UniqueSize}}\t{{.Containers}}";
    text.push_str(&table(image_table, &images::header(), &image_rows));

    // The daemon lists containers newest first, as for `docker ps`.
    let container_rows: Vec<Json> = daemon
        .containers
        .iter()
        .rev()
        .map(|container| {
            crate::sorted_object!({"ID": container.short_id(), "Image": container.image, "Command": format::quoted_command(container, true),
                   "LocalVolumes": container.mounts.iter().filter(|mount| mount.kind == MountKind::Volume).count().to_string(),
                   "Size": format::size(container.rootfs.upper_size()),
                   "RunningFor": format::created_since(cx.now(), container.created), "Status": container.state.status_text(cx.now()),
                   "Names": container.name})
        })
        .collect();
    let container_header = crate::sorted_object!({"ID": "CONTAINER ID", "Image": "IMAGE", "Command": "COMMAND", "LocalVolumes": "LOCAL VOLUMES",
                                  "Size": "SIZE", "RunningFor": "CREATED", "Status": "STATUS", "Names": "NAMES"});
    text.push_str("\nContainers space usage:\n\n");
    text.push_str(&table(
        "table {{.ID}}\t{{.Image}}\t{{.Command}}\t{{.LocalVolumes}}\t{{.Size}}\t{{.RunningFor}}\t{{.Status}}\t{{.Names}}",
        &container_header,
        &container_rows,
    ));
    text.push_str("\nLocal Volumes space usage:\n\n");
    let host = &world.hosts[&call.target];
    let mut volumes: Vec<_> = daemon.volumes.iter().collect();
    volumes.shared_sort_by(|a, b| natural_cmp(&a.name, &b.name));
    let volume_rows: Vec<Json> = volumes
        .iter()
        .map(|volume| {
            let size = human_size(volume_size(&host.fs, &volume.name) as f64);
            crate::sorted_object!({"Name": volume.name, "Links": volume_users(host, &volume.name).len().to_string(), "Size": size})
        })
        .collect();
    let volume_header =
        crate::sorted_object!({"Name": "VOLUME NAME", "Links": "LINKS", "Size": "SIZE"});
    text.push_str(&table(
        "table {{.Name}}\t{{.Links}}\t{{.Size}}",
        &volume_header,
        &volume_rows,
    ));
    text.push_str(&format!(
        "\nBuild cache usage: {}\n\n",
        human_size(cache_size as f64)
    ));
    let cache_header = crate::sorted_object!({"ID": "CACHE ID", "CacheType": "CACHE TYPE", "Size": "SIZE", "CreatedSince": "CREATED",
                              "LastUsedSince": "LAST USED", "UsageCount": "USAGE", "Shared": "SHARED"});
    // FIXME: build cache records keep no times or usage counts, so those
    // columns are empty or fixed.
    let cache_rows: Vec<Json> = daemon
        .build_cache
        .iter()
        .map(|(key, record)| {
            crate::sorted_object!({"ID": &key.hex()[..25], "CacheType": "regular", "Size": human_size(record.layer.as_ref().map_or(0, |layer| layer.size()) as f64),
                   "CreatedSince": "", "LastUsedSince": "", "UsageCount": "1", "Shared": "false"})
        })
        .collect();
    text.push_str(&table(
        "table {{.ID}}\t{{.CacheType}}\t{{.Size}}\t{{.CreatedSince}}\t{{.LastUsedSince}}\t{{.UsageCount}}\t{{.Shared}}",
        &cache_header,
        &cache_rows,
    ));
    cx.out.out(text);
    0
}

fn table(source: &str, header: &Json, rows: &[Json]) -> String {
    Format::parse(source)
        .and_then(|format| format.render(header, rows, Missing::NoValue))
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use crate::{Stream, World};

    fn stop_daemon(world: &mut World) {
        for host in world.hosts.values_mut() {
            host.daemon.running = false;
        }
    }

    #[test]
    fn version_with_daemon_down() {
        let mut world = World::new();
        stop_daemon(&mut world);
        let result = world.run_line("docker version");
        assert_eq!(result.exit_code, 1);
        let stdout = result.stream_text(Stream::Stdout);
        assert!(
            stdout.starts_with("Client: Docker Engine - Community\n Version:           28.5.1\n"),
            "{stdout}"
        );
        assert!(!stdout.contains("Server:"), "{stdout}");
        assert_eq!(
            result.stream_text(Stream::Stderr),
            format!("{}\n", super::DAEMON_DOWN)
        );
    }

    #[test]
    fn info_with_daemon_down() {
        let mut world = World::new();
        stop_daemon(&mut world);
        let result = world.run_line("docker info");
        assert_eq!(result.exit_code, 1);
        assert!(result.stream_text(Stream::Stdout).ends_with("\nServer:\n"));
        assert_eq!(
            result.stream_text(Stream::Stderr),
            format!(
                "ERROR: {}\nerrors pretty printing info\n",
                super::DAEMON_DOWN
            )
        );
    }

    #[test]
    fn images_with_daemon_down() {
        let mut world = World::new();
        stop_daemon(&mut world);
        let result = world.run_line("docker images");
        assert_eq!(result.exit_code, 1);
        assert_eq!(result.stream_text(Stream::Stdout), "");
    }

    #[test]
    fn logout_with_daemon_down() {
        let mut world = World::new();
        world.run_line("docker login -u learner -p pw");
        stop_daemon(&mut world);
        let result = world.run_line("docker logout");
        assert_eq!(result.exit_code, 0);
        assert_eq!(
            result.stream_text(Stream::Stdout),
            "Removing login credentials for https://index.docker.io/v1/\n"
        );
    }

    #[test]
    fn info_counts_containers_by_state() {
        let mut world = World::new();
        world.run_line("docker create --name one alpine");
        world.run_line("docker run -d --name two nginx");
        let text = world.run_line("docker info").stream_text(Stream::Stdout);
        assert!(
            text.contains(" Containers: 2\n  Running: 1\n  Paused: 0\n  Stopped: 1\n Images: 2\n"),
            "{text}"
        );
        assert!(text.contains(" Name: laptop\n"), "{text}");
    }
}
