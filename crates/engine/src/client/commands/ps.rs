//! `docker ps` / `docker container ls`.
//!
//! The daemon picks the containers (newest first, filtered as moby's
//! `daemon/list.go` filters); the table follows docker/cli 28's container
//! formatter: 12-hex IDs, the image as the user named it (its ID when the
//! name now points elsewhere), the command quoted and cut to 20 columns,
//! and the PORTS column of `DisplayablePorts`.

use crate::client::docker::Call;
use crate::client::format;
use crate::cx::{query_escape, Cx};
use crate::daemon::containers::Container;
use crate::daemon::list::{self, ListRequest};
use crate::host::Host;
use crate::reference;
use crate::table::format_rows;
use crate::world::World;

use super::daemon_error;
use super::set_api_status;

/// Runs `docker ps`.
pub fn run(world: &mut World, cx: &mut Cx, call: &Call) -> i32 {
    let flags = &call.invocation.flags;
    let quiet = flags.bool("quiet");
    let no_trunc = flags.bool("no-trunc");
    let size = flags.bool("size");
    let last = flags.integer("last").unwrap_or(-1);
    let limit = if flags.bool("latest") { 1 } else if last > 0 { last as usize } else { 0 };
    let request = ListRequest { all: flags.bool("all"), limit, filters: flags.pairs("filter").to_vec() };

    let index = call.api(cx, "GET", "/containers/json", &list_query(&request, size), 200);
    if flags.is_set("format") && !flags.string("format").is_empty() {
        // FIXME: `--format` needs the Go template module, which is not
        // merged into this branch yet.
        cx.out.errln("porthole: `docker ps --format` is not simulated yet");
        return 1;
    }
    let host = &world.hosts[&call.target];
    let containers = match list::list(host, &request) {
        Ok(containers) => containers,
        Err(error) => {
            set_api_status(cx, index, error.status);
            return daemon_error(cx, &error.message);
        }
    };

    if quiet {
        for container in containers {
            cx.out.outln(if no_trunc { container.id.as_str() } else { container.short_id() });
        }
        return 0;
    }
    let mut header = vec!["CONTAINER ID", "IMAGE", "COMMAND", "CREATED", "STATUS", "PORTS", "NAMES"];
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

/// The query docker/cli sends: `all`, `filters` as JSON, `limit`, `size`,
/// keys in `url.Values.Encode` order.
fn list_query(request: &ListRequest, size: bool) -> String {
    let mut query = Vec::new();
    if request.all {
        query.push("all=1".to_string());
    }
    if !request.filters.is_empty() {
        query.push(format!("filters={}", query_escape(&filters_json(&request.filters))));
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
    let mut grouped: std::collections::BTreeMap<&str, std::collections::BTreeSet<&str>> = std::collections::BTreeMap::new();
    for (name, value) in pairs {
        grouped.entry(name.as_str()).or_default().insert(value.as_str());
    }
    let body: Vec<String> = grouped
        .iter()
        .map(|(name, values)| {
            let inner: Vec<String> = values.iter().map(|value| format!("{}:true", crate::json::Json::from(*value).to_compact())).collect();
            format!("{}:{{{}}}", crate::json::Json::from(*name).to_compact(), inner.join(","))
        })
        .collect();
    format!("{{{}}}", body.join(","))
}

fn row(host: &Host, container: &Container, now: crate::clock::Millis, no_trunc: bool, size: bool) -> Vec<String> {
    let mut row = vec![
        if no_trunc { container.id.clone() } else { container.short_id().to_string() },
        image_column(host, container, !no_trunc),
        format::quoted_command(container, !no_trunc),
        format::created_since(now, container.created),
        container.state.status_text(now),
        format::ports(container),
        container.name.clone(),
    ];
    if size {
        let upper = container.rootfs.upper_size();
        let virtual_size = upper + container.rootfs.lower_size();
        row.push(format!("{} (virtual {})", format::size(upper), format::size(virtual_size)));
    }
    row
}

/// The IMAGE column, as docker/cli's `ContainerContext.Image` prints it:
/// the name the container was created with, its tag kept and digest
/// dropped; the image ID when that name no longer names the image.
fn image_column(host: &Host, container: &Container, truncate: bool) -> String {
    let still_named = host.daemon.images.lookup(&container.image).is_ok_and(|image| image.id == container.image_id);
    if !still_named {
        return if truncate { container.image_id.short() } else { container.image_id.to_string() };
    }
    if !truncate {
        return container.image.clone();
    }
    match reference::parse_normalized_named(&container.image) {
        Ok(named) if named.tag().is_some() => named.trimmed().with_tag(named.tag().unwrap_or("latest")).map(|tagged| tagged.familiar_string()).unwrap_or_else(|_| container.image.clone()),
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
        assert_eq!(filters_json(&pairs), r#"{"name":{"web":true},"status":{"created":true,"exited":true}}"#);
    }
}
