//! `docker image inspect` and `docker inspect` for images: the JSON of
//! `GET /images/{name}/json` in Docker 28's field order, printed as
//! docker/cli's inspector prints it (an indented array), or through
//! `--format`.

use serde::Serialize;
use serde_json::Value;

use crate::client::docker::Call;
use crate::client::template::{Missing, Template};
use crate::clock;
use crate::cx::Cx;
use crate::daemon::images::Image;
use crate::daemon::Daemon;
use crate::digest::Digest;
use crate::registry::ContainerConfig;
use crate::world::World;

use super::set_api_status;

/// The root of the overlay2 storage driver.
const OVERLAY_ROOT: &str = "/var/lib/docker/overlay2";
/// Go's zero time, which `Metadata.LastTagTime` shows for an image that was
/// never tagged locally.
const ZERO_TIME: &str = "0001-01-01T00:00:00Z";

/// `image.InspectResponse` as API 1.51 returns it.
#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct ImageInspect {
    id: String,
    repo_tags: Vec<String>,
    repo_digests: Vec<String>,
    parent: String,
    comment: String,
    created: String,
    docker_version: String,
    author: String,
    config: ContainerConfig,
    architecture: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    variant: Option<String>,
    os: String,
    size: u64,
    graph_driver: GraphDriver,
    #[serde(rename = "RootFS")]
    root_fs: RootFs,
    metadata: Metadata,
}

#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
struct GraphDriver {
    data: std::collections::BTreeMap<String, String>,
    name: String,
}

#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
struct RootFs {
    #[serde(rename = "Type")]
    kind: String,
    layers: Vec<String>,
}

#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
struct Metadata {
    last_tag_time: String,
}

/// Returns the overlay2 directory name of a layer. Docker picks a random
/// 64-hex cache ID per layer; the simulation derives it from the chain ID
/// so it stays the same between runs.
pub fn overlay_directory(chain_id: &Digest) -> String {
    Digest::of(format!("overlay2 cache id {chain_id}").as_bytes()).hex()
}

/// Builds the inspect JSON of an image.
pub fn image_inspect(daemon: &Daemon, image: &Image) -> ImageInspect {
    let repo_tags = daemon.images.tags_of(&image.id).iter().map(|tag| tag.familiar_string()).collect();
    let repo_digests = image
        .repo_digests
        .iter()
        .filter_map(|text| crate::reference::parse(text).ok())
        .map(|reference| reference.familiar_string())
        .collect();
    let comment = image.config.history.last().map(|entry| entry.comment.clone()).unwrap_or_default();
    let last_tag_time = match daemon.images.last_tag_time(&image.id) {
        Some(time) => rfc3339_nano(time),
        None if image.repo_digests.is_empty() && !daemon.images.tags_of(&image.id).is_empty() => rfc3339_nano(image.created),
        None => ZERO_TIME.to_string(),
    };
    ImageInspect {
        id: image.id.to_string(),
        repo_tags,
        repo_digests,
        parent: image.parent.map(|parent| parent.to_string()).unwrap_or_default(),
        comment,
        created: image.config.created.clone(),
        docker_version: String::new(),
        author: image.config.author.clone(),
        config: image.config.config.clone(),
        architecture: image.config.architecture.clone(),
        variant: image.config.variant.clone(),
        os: image.config.os.clone(),
        size: image.size,
        graph_driver: graph_driver(&image.chain),
        root_fs: RootFs { kind: "layers".to_string(), layers: image.diff_ids().iter().map(Digest::to_string).collect() },
        metadata: Metadata { last_tag_time },
    }
}

/// Formats a time as Go's `time.RFC3339Nano` does in UTC: the fraction
/// without trailing zeros, and none at all for whole seconds.
fn rfc3339_nano(millis: u64) -> String {
    let seconds = clock::rfc3339(millis);
    let fraction = millis % 1000;
    if fraction == 0 {
        return seconds;
    }
    let digits = format!("{fraction:03}");
    format!("{}.{}Z", seconds.trim_end_matches('Z'), digits.trim_end_matches('0'))
}

/// Returns overlay2's directories for an image: the top layer's `diff` as
/// `UpperDir`, the others as `LowerDir`, top first.
fn graph_driver(chain: &[Digest]) -> GraphDriver {
    let mut data = std::collections::BTreeMap::new();
    if let Some((top, lower)) = chain.split_last() {
        let top = overlay_directory(top);
        if !lower.is_empty() {
            let lower_dirs: Vec<String> =
                lower.iter().rev().map(|chain_id| format!("{OVERLAY_ROOT}/{}/diff", overlay_directory(chain_id))).collect();
            data.insert("LowerDir".to_string(), lower_dirs.join(":"));
        }
        data.insert("MergedDir".to_string(), format!("{OVERLAY_ROOT}/{top}/merged"));
        data.insert("UpperDir".to_string(), format!("{OVERLAY_ROOT}/{top}/diff"));
        data.insert("WorkDir".to_string(), format!("{OVERLAY_ROOT}/{top}/work"));
    }
    GraphDriver { data, name: "overlay2".to_string() }
}

/// The object kinds `docker inspect` looks up.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind {
    /// `docker image inspect` or `--type image`.
    Image,
    /// `docker inspect` without `--type`: containers first, then images.
    Any,
}

/// Runs `docker image inspect IMAGE...`.
pub fn image(world: &mut World, cx: &mut Cx, call: &Call) -> i32 {
    run_inspect(world, cx, call, Kind::Image)
}

/// Runs `docker inspect NAME...`, for images.
pub fn any(world: &mut World, cx: &mut Cx, call: &Call) -> i32 {
    match call.invocation.flags.string("type") {
        "" => run_inspect(world, cx, call, Kind::Any),
        "image" => run_inspect(world, cx, call, Kind::Image),
        "container" | "network" | "volume" | "node" | "service" | "task" | "plugin" | "secret" | "config" => {
            // FIXME: `docker inspect --type` for objects other than images
            // belongs to the commands that manage those objects.
            cx.out.errln(format!("porthole: `docker inspect --type {}` is not simulated yet", call.invocation.flags.string("type")));
            1
        }
        other => {
            cx.out.errln(format!("\"{other}\" is not a valid value for --type"));
            1
        }
    }
}

fn run_inspect(world: &mut World, cx: &mut Cx, call: &Call, kind: Kind) -> i32 {
    let format = call.invocation.flags.string("format");
    let template = match format {
        "" | "json" => None,
        text => match Template::parse(text) {
            Ok(template) => Some(template),
            Err(error) => {
                cx.out.errln(format!("template parsing error: {error}"));
                return 64;
            }
        },
    };

    let mut found: Vec<ImageInspect> = Vec::new();
    let mut errors = Vec::new();
    for name in call.args() {
        let daemon = &world.hosts[&call.target].daemon;
        if kind == Kind::Any {
            let container = call.api(cx, "GET", &format!("/containers/{name}/json"), "", 404);
            if daemon.containers.lookup(name).is_ok() {
                set_api_status(cx, container, 200);
                // FIXME: `docker inspect` of a container belongs to the
                // container commands; only images are printed here.
                errors.push(format!("porthole: `docker inspect` of container {name} is not simulated yet"));
                continue;
            }
        }
        let index = call.api(cx, "GET", &format!("/images/{name}/json"), "", 200);
        match daemon.images.lookup(name) {
            Ok(image) => found.push(image_inspect(daemon, image)),
            Err(_) => {
                set_api_status(cx, index, 404);
                errors.push(match kind {
                    Kind::Image => format!("Error: No such image: {name}"),
                    Kind::Any => format!("Error: No such object: {name}"),
                });
            }
        }
    }

    match &template {
        None => print_indented(cx, &found),
        Some(template) => {
            for image in &found {
                // FIXME: `serde_json::Value` sorts object keys, so `{{json .Config}}`
                // lists fields alphabetically where Docker keeps struct order.
                let value = serde_json::to_value(image).unwrap_or(Value::Null);
                match template.execute(&value, Missing::NoValue) {
                    Ok(text) => cx.out.outln(text),
                    Err(error) => {
                        cx.out.errln(format!("template parsing error: {error}"));
                        return 1;
                    }
                }
            }
        }
    }
    if errors.is_empty() {
        return 0;
    }
    cx.out.errln(errors.join("\n"));
    1
}

/// Prints values as docker/cli's indented inspector does: one JSON array
/// indented by four spaces, `[]` when nothing was found.
fn print_indented<T: Serialize>(cx: &mut Cx, values: &[T]) {
    let mut bytes = Vec::new();
    let formatter = serde_json::ser::PrettyFormatter::with_indent(b"    ");
    let mut serializer = serde_json::Serializer::with_formatter(&mut bytes, formatter);
    if values.serialize(&mut serializer).is_err() {
        return;
    }
    cx.out.outln(String::from_utf8_lossy(&bytes));
}
