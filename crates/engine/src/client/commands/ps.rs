//! `docker ps` / `docker container ls`.
//!
//! The daemon picks the containers (newest first, filtered as moby's
//! `daemon/list.go` filters); the table follows docker/cli 28's container
//! formatter: 12-hex IDs, the image as the user named it (its ID when the
//! name now points elsewhere), the command quoted and cut to 20 columns,
//! and the PORTS column of `DisplayablePorts`. `--format` runs a template
//! on the fields of docker/cli's `ContainerContext`.

use shared_sort::{SortedMap, SortedSet};

use crate::client::docker::Call;
use crate::client::format;
use crate::client::template::{Format, Missing};
use crate::cx::{query_escape, Cx};
use crate::daemon::containers::Container;
use crate::daemon::containers::MountKind;
use crate::daemon::inspect::container_summary_json;
use crate::daemon::list::{self, ListRequest};
use crate::host::Host;
use crate::json::Json;
use crate::reference;
use crate::table::{ellipsis, format_rows};
use crate::world::World;

use super::images::go_time_string;
use super::{daemon_error, set_api_error};

/// docker/cli's type behind `{{.Field}}`, named in template errors.
const CONTEXT_TYPE: &str = "*formatter.ContainerContext";

/// Runs `docker ps`.
pub fn run(world: &mut World, cx: &mut Cx, call: &Call) -> i32 {
    let flags = &call.invocation.flags;
    let quiet = flags.bool("quiet");
    let no_trunc = flags.bool("no-trunc");
    let mut size = flags.bool("size");
    let last = flags.integer("last").unwrap_or(-1);
    let limit = if flags.bool("latest") {
        1
    } else if last > 0 {
        last as usize
    } else {
        0
    };
    let request = ListRequest {
        all: flags.bool("all"),
        limit,
        filters: flags.pairs("filter").to_vec(),
    };
    let template = match ps_format(flags.string("format")) {
        Ok(template) => template,
        Err(message) => {
            cx.out.errln(message);
            return 1;
        }
    };
    if let Some((_, uses_size)) = &template {
        size |= *uses_size && !quiet && !flags.is_set("size");
    }

    let index = call.api(
        cx,
        "GET",
        "/containers/json",
        &list_query(&request, size),
        200,
    );
    let host = &world.hosts[&call.target];
    let containers = match list::list(host, &request) {
        Ok(containers) => containers,
        Err(error) => {
            set_api_error(cx, index, &error);
            return daemon_error(cx, &error.message);
        }
    };
    let summaries: Vec<Json> = containers
        .iter()
        .map(|container| {
            let image = image_column(host, container, false);
            container_summary_json(host, container, image, size, cx.now())
        })
        .collect();
    cx.set_response(index, Json::Array(summaries).to_indented());

    if let Some((format, _)) = template {
        let rows: Vec<Json> = containers
            .iter()
            .map(|container| template_row(host, container, cx.now(), no_trunc, size))
            .collect();
        return render(cx, Ok(format), &header(), &rows, CONTEXT_TYPE);
    }
    if quiet {
        for container in containers {
            cx.out.outln(if no_trunc {
                container.id.as_str()
            } else {
                container.short_id()
            });
        }
        return 0;
    }
    let mut header = vec![
        "CONTAINER ID",
        "IMAGE",
        "COMMAND",
        "CREATED",
        "STATUS",
        "PORTS",
        "NAMES",
    ];
    if size {
        header.push("SIZE");
    }
    let mut table: Vec<Vec<String>> = vec![header.into_iter().map(str::to_string).collect()];
    for container in containers {
        table.push(row(host, container, cx.now(), no_trunc, size));
    }
    cx.out.out(format_rows(&table));
    0
}

/// Parses a custom `--format` as docker/cli's `buildContainerListOptions`
/// checks it, and returns it with whether it reads the size. `None` means
/// the default table, which `-q` and `-s` shape.
fn ps_format(text: &str) -> Result<Option<(Format, bool)>, String> {
    if text.is_empty() || text.trim_matches(' ') == "table" {
        return Ok(None);
    }
    let format =
        Format::parse(text).map_err(|error| format!("failed to parse template: {error}"))?;
    if let Err(error) = format.render(&header(), &[header()], Missing::Error(CONTEXT_TYPE)) {
        return Err(format!("failed to execute template: {error}"));
    }
    // NOTE: docker/cli records which fields the template calls; reading the
    // text for `.Size` or `json .` is close but not the same.
    let compact = text.replace(' ', "");
    let uses_size = text.contains(".Size") || text.trim() == "json" || compact.contains("json.}}");
    Ok(Some((format, uses_size)))
}

/// Returns a custom `--format` of a list command, or `None` for the
/// default table. A template that does not parse prints Go's error when
/// the rows render.
pub(super) fn custom_format(text: &str) -> Option<Result<Format, String>> {
    if text.is_empty() || text.trim_matches(' ') == "table" {
        return None;
    }
    Some(Format::parse(text).map_err(|error| format!("template parsing error: {error}")))
}

/// Prints rows through a `--format` template, as docker/cli's formatter
/// does, and returns the exit code.
pub(super) fn render(
    cx: &mut Cx,
    format: Result<Format, String>,
    header: &Json,
    rows: &[Json],
    context: &'static str,
) -> i32 {
    let rendered = format.and_then(|format| {
        format
            .render(header, rows, Missing::Error(context))
            .map_err(|error| format!("template parsing error: {error}"))
    });
    match rendered {
        Ok(text) => {
            cx.out.out(text);
            0
        }
        Err(message) => {
            cx.out.errln(message);
            1
        }
    }
}

/// Returns the header row of container tables.
fn header() -> Json {
    crate::sorted_object!({
        "ID": "CONTAINER ID",
        "Image": "IMAGE",
        "Command": "COMMAND",
        "CreatedAt": "CREATED AT",
        "RunningFor": "CREATED",
        "Ports": "PORTS",
        "State": "STATE",
        "Status": "STATUS",
        "Size": "SIZE",
        "Names": "NAMES",
        "Labels": "LABELS",
        "Mounts": "MOUNTS",
        "LocalVolumes": "LOCAL VOLUMES",
        "Networks": "NETWORKS",
    })
}

/// Returns the fields docker/cli's `ContainerContext` gives a template.
fn template_row(
    host: &Host,
    container: &Container,
    now: crate::clock::Millis,
    no_trunc: bool,
    size: bool,
) -> Json {
    let labels: Vec<String> = container
        .config
        .labels
        .iter()
        .map(|(key, value)| format!("{key}={value}"))
        .collect();
    // A volume shows by name, a bind mount by its host path.
    let mounts: Vec<String> = container
        .mounts
        .iter()
        .map(|mount| {
            if no_trunc {
                mount.source.clone()
            } else {
                ellipsis(&mount.source, 15)
            }
        })
        .collect();
    let local_volumes = container
        .mounts
        .iter()
        .filter(|mount| mount.kind == MountKind::Volume)
        .count();
    let networks: Vec<&str> = container.networks.keys().map(String::as_str).collect();
    crate::sorted_object!({
        "ID": if no_trunc { container.id.clone() } else { container.short_id().to_string() },
        "Image": image_column(host, container, !no_trunc),
        "Command": format::quoted_command(container, !no_trunc),
        "CreatedAt": go_time_string(container.created),
        "RunningFor": format::created_since(now, container.created),
        "Ports": format::ports(container),
        "State": container.state.status.as_str(),
        "Status": container.state.status_text(now),
        "Size": if size { size_text(container) } else { "0B".to_string() },
        "Names": container.name,
        "Labels": labels.join(","),
        "Mounts": mounts.join(","),
        "LocalVolumes": local_volumes.to_string(),
        "Networks": networks.join(","),
    })
}

/// Returns the SIZE column: the writable layer, then the whole file system.
fn size_text(container: &Container) -> String {
    let upper = container.rootfs.upper_size();
    let virtual_size = upper + container.rootfs.lower_size();
    format!(
        "{} (virtual {})",
        format::size(upper),
        format::size(virtual_size)
    )
}

/// Returns the query docker/cli sends: `all`, `filters` as JSON, `limit`, `size`,
/// keys in `url.Values.Encode` order.
fn list_query(request: &ListRequest, size: bool) -> String {
    let mut query = Vec::new();
    if request.all {
        query.push("all=1".to_string());
    }
    if !request.filters.is_empty() {
        query.push(format!(
            "filters={}",
            query_escape(&filters_json(&request.filters))
        ));
    }
    if request.limit > 0 {
        query.push(format!("limit={}", request.limit));
    }
    if size {
        query.push("size=1".to_string());
    }
    query.join("&")
}

/// Encodes filters as docker/cli's `filters.ToJSON` does:
/// `{"status":{"exited":true}}`, names and values sorted.
pub fn filters_json(pairs: &[(String, String)]) -> String {
    let mut grouped: SortedMap<&str, SortedSet<&str>> = SortedMap::new();
    for (name, value) in pairs {
        grouped
            .entry(name.as_str())
            .or_default()
            .insert(value.as_str());
    }
    let body: Vec<String> = grouped
        .iter()
        .map(|(name, values)| {
            let inner: Vec<String> = values
                .iter()
                .map(|value| format!("{}:true", crate::json::Json::from(*value).to_compact()))
                .collect();
            format!(
                "{}:{{{}}}",
                crate::json::Json::from(*name).to_compact(),
                inner.join(",")
            )
        })
        .collect();
    format!("{{{}}}", body.join(","))
}

fn row(
    host: &Host,
    container: &Container,
    now: crate::clock::Millis,
    no_trunc: bool,
    size: bool,
) -> Vec<String> {
    let mut row = vec![
        if no_trunc {
            container.id.clone()
        } else {
            container.short_id().to_string()
        },
        image_column(host, container, !no_trunc),
        format::quoted_command(container, !no_trunc),
        format::created_since(now, container.created),
        container.state.status_text(now),
        format::ports(container),
        container.name.clone(),
    ];
    if size {
        row.push(size_text(container));
    }
    row
}

/// Returns the IMAGE column as docker/cli's `ContainerContext.Image`
/// prints it: the name the container was created with, tag kept and
/// digest dropped. When that name now points to another image, it is the
/// image ID.
fn image_column(host: &Host, container: &Container, truncate: bool) -> String {
    let still_named = host
        .daemon
        .images
        .lookup(&container.image)
        .is_ok_and(|image| image.id == container.image_id);
    if !still_named {
        return if truncate {
            container.image_id.short()
        } else {
            container.image_id.to_string()
        };
    }
    if !truncate {
        return container.image.clone();
    }
    match reference::parse_normalized_named(&container.image) {
        Ok(named) if named.tag().is_some() => named
            .trimmed()
            .with_tag(named.tag().unwrap_or("latest"))
            .map(|tagged| tagged.familiar_string())
            .unwrap_or_else(|_| container.image.clone()),
        Ok(named) => named.trimmed().familiar_string(),
        Err(_) => {
            let id = container.image.trim_start_matches("sha256:");
            if container.image_id.hex().starts_with(id) && !id.is_empty() {
                container.image_id.short()
            } else {
                container.image.clone()
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn filters_encode_as_docker_cli_does() {
        let pairs = vec![
            ("status".to_string(), "exited".to_string()),
            ("name".to_string(), "web".to_string()),
            ("status".to_string(), "created".to_string()),
        ];
        assert_eq!(
            filters_json(&pairs),
            r#"{"name":{"web":true},"status":{"created":true,"exited":true}}"#
        );
    }
}
