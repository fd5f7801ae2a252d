//! `docker inspect` and the `inspect` commands of containers, images,
//! networks and volumes.
//!
//! `docker container inspect` reads `GET /containers/{id}/json` for each
//! name, and `docker image inspect` reads `GET /images/{name}/json`.
//! `docker inspect` without `--type` tries each kind of object in
//! docker/cli 28's order (container, image, network, volume, then the swarm
//! kinds, which need `GET /info` to see that this daemon is not a swarm
//! manager). A name that matches no object prints `Error: No such
//! object: NAME`.
//!
//! Output follows docker/cli's inspector: found objects print as one JSON
//! array indented by four spaces, `--format json` prints the array on one
//! line, and a template prints one line per object. Each missing object
//! adds an error on standard error and exit code 1. Images keep the JSON of
//! `image.InspectResponse` in Docker 28's field order.

use shared_sort::SortedMap;

use crate::client::docker::Call;
use crate::client::template::{Missing, Template};
use crate::cx::Cx;
use crate::daemon::images::Image;
use crate::daemon::inspect::{
    container_json, layer_directory, network_json, rfc3339_nano, volume_json,
};
use crate::daemon::{image_delete, Daemon};
use crate::digest::Digest;
use crate::json::{Json, ToJson};
use crate::registry::ContainerConfig;
use crate::world::World;

use super::set_api_error;

/// The root of the overlay2 storage driver.
const OVERLAY_ROOT: &str = "/var/lib/docker/overlay2";
/// Go's zero time, which `Metadata.LastTagTime` shows for an image that was
/// never tagged locally.
const ZERO_TIME: &str = "0001-01-01T00:00:00Z";

/// `image.InspectResponse` as API 1.51 returns it.
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
    variant: Option<String>,
    os: String,
    size: u64,
    graph_driver: GraphDriver,
    root_fs: RootFs,
    metadata: Metadata,
}

struct GraphDriver {
    data: SortedMap<String, String>,
    name: String,
}

struct RootFs {
    kind: String,
    layers: Vec<String>,
}

struct Metadata {
    last_tag_time: String,
}

impl ImageInspect {
    /// Returns the image's inspect JSON, fields in the order of moby's
    /// `image.InspectResponse`.
    fn to_json(&self) -> Json {
        let text = |value: &String| Json::from(value.as_str());
        let mut fields = vec![
            ("Id", text(&self.id)),
            ("RepoTags", Json::strings(&self.repo_tags)),
            ("RepoDigests", Json::strings(&self.repo_digests)),
            ("Parent", text(&self.parent)),
            ("Comment", text(&self.comment)),
            ("Created", text(&self.created)),
            ("DockerVersion", text(&self.docker_version)),
            ("Author", text(&self.author)),
            ("Config", self.config.to_json()),
            ("Architecture", text(&self.architecture)),
        ];
        if let Some(variant) = &self.variant {
            fields.push(("Variant", text(variant)));
        }
        let data = self
            .graph_driver
            .data
            .iter()
            .map(|(key, value)| (key.clone(), Json::from(value.as_str())));
        fields.extend([
            ("Os", text(&self.os)),
            ("Size", Json::from(self.size)),
            (
                "GraphDriver",
                Json::object(vec![
                    ("Data", Json::Object(data.collect())),
                    ("Name", text(&self.graph_driver.name)),
                ]),
            ),
            (
                "RootFS",
                Json::object(vec![
                    ("Type", text(&self.root_fs.kind)),
                    ("Layers", Json::strings(&self.root_fs.layers)),
                ]),
            ),
            (
                "Metadata",
                Json::object(vec![("LastTagTime", text(&self.metadata.last_tag_time))]),
            ),
        ]);
        Json::object(fields)
    }
}

/// Returns the overlay2 directory name of a layer, shared with the
/// containers' `GraphDriver` paths.
pub fn overlay_directory(chain_id: &Digest) -> String {
    layer_directory(chain_id)
}

/// Builds the inspect JSON of an image.
pub fn image_inspect(daemon: &Daemon, image: &Image) -> ImageInspect {
    let repo_tags = daemon
        .images
        .tags_of(&image.id)
        .iter()
        .map(|tag| tag.familiar_string())
        .collect();
    let repo_digests = image
        .repo_digests
        .iter()
        .filter_map(|text| crate::reference::parse(text).ok())
        .map(|reference| reference.familiar_string())
        .collect();
    let comment = image
        .config
        .history
        .last()
        .map(|entry| entry.comment.clone())
        .unwrap_or_default();
    let last_tag_time = match daemon.images.last_tag_time(&image.id) {
        Some(time) => rfc3339_nano(time),
        None if image.repo_digests.is_empty() && !daemon.images.tags_of(&image.id).is_empty() => {
            rfc3339_nano(image.created)
        }
        None => ZERO_TIME.to_string(),
    };
    ImageInspect {
        id: image.id.to_string(),
        repo_tags,
        repo_digests,
        parent: image
            .parent
            .map(|parent| parent.to_string())
            .unwrap_or_default(),
        comment,
        created: image.config.created.clone(),
        docker_version: String::new(),
        author: crate::daemon::commit::author(image),
        config: image.config.config.clone(),
        architecture: image.config.architecture.clone(),
        variant: image.config.variant.clone(),
        os: image.config.os.clone(),
        size: image.size,
        graph_driver: graph_driver(&image.chain),
        root_fs: RootFs {
            kind: "layers".to_string(),
            layers: image.diff_ids().iter().map(Digest::to_string).collect(),
        },
        metadata: Metadata { last_tag_time },
    }
}

/// Returns overlay2's directories for an image: the top layer's `diff` as
/// `UpperDir`, the others as `LowerDir`, top first.
fn graph_driver(chain: &[Digest]) -> GraphDriver {
    let mut data = SortedMap::new();
    if let Some((top, lower)) = chain.split_last() {
        let top = overlay_directory(top);
        if !lower.is_empty() {
            let lower_dirs: Vec<String> = lower
                .iter()
                .rev()
                .map(|chain_id| format!("{OVERLAY_ROOT}/{}/diff", overlay_directory(chain_id)))
                .collect();
            data.insert("LowerDir".to_string(), lower_dirs.join(":"));
        }
        data.insert(
            "MergedDir".to_string(),
            format!("{OVERLAY_ROOT}/{top}/merged"),
        );
        data.insert("UpperDir".to_string(), format!("{OVERLAY_ROOT}/{top}/diff"));
        data.insert("WorkDir".to_string(), format!("{OVERLAY_ROOT}/{top}/work"));
    }
    GraphDriver {
        data,
        name: "overlay2".to_string(),
    }
}

/// The object kinds `--type` accepts.
const TYPES: &[&str] = &[
    "config",
    "container",
    "image",
    "network",
    "node",
    "plugin",
    "secret",
    "service",
    "task",
    "volume",
];

/// An inspected object: a body the daemon builds in field order, or an
/// image's.
enum Found {
    Object(Json),
    Image(Box<ImageInspect>),
}

impl Found {
    /// Returns the object as Go's `json.MarshalIndent` writes it with four
    /// spaces.
    fn indented(&self) -> String {
        match self {
            Found::Object(json) => json.to_indented(),
            Found::Image(image) => image.to_json().to_rust_indented(),
        }
    }

    /// Returns the object as compact JSON.
    fn compact(&self) -> String {
        match self {
            Found::Object(json) => json.to_compact(),
            Found::Image(image) => image.to_json().to_rust_compact(),
        }
    }

    /// Returns the object as a template's dot.
    fn value(&self) -> Json {
        match self {
            Found::Object(json) => json.clone().sorted(),
            Found::Image(image) => image.to_json().sorted(),
        }
    }
}

/// The output style `--format` picks.
enum Output {
    Indented,
    Compact,
    Template(Template),
}

/// Runs `docker container inspect [-s] CONTAINER...`.
pub fn container(world: &mut World, cx: &mut Cx, call: &Call) -> i32 {
    let size = call.invocation.flags.bool("size");
    inspect_each(world, cx, call, |world, cx, name| {
        inspect_container(world, cx, call, name, size)
            .ok_or_else(|| format!("Error: No such container: {name}"))
    })
}

/// Runs `docker image inspect IMAGE...`.
pub fn image(world: &mut World, cx: &mut Cx, call: &Call) -> i32 {
    inspect_each(world, cx, call, |world, cx, name| {
        inspect_image(world, cx, call, name).ok_or_else(|| format!("Error: No such image: {name}"))
    })
}

/// Runs `docker network inspect NETWORK...`.
pub fn network(world: &mut World, cx: &mut Cx, call: &Call) -> i32 {
    inspect_each(world, cx, call, |world, cx, name| {
        inspect_network(world, cx, call, name)
            .ok_or_else(|| format!("Error: No such network: {name}"))
    })
}

/// Runs `docker volume inspect VOLUME...`.
pub fn volume(world: &mut World, cx: &mut Cx, call: &Call) -> i32 {
    inspect_each(world, cx, call, |world, cx, name| {
        inspect_volume(world, cx, call, name)
            .ok_or_else(|| format!("Error: No such volume: {name}"))
    })
}

/// Runs `docker inspect [--type TYPE] [-s] NAME...`.
pub fn any(world: &mut World, cx: &mut Cx, call: &Call) -> i32 {
    let flags = &call.invocation.flags;
    let kind = flags.string("type").to_string();
    if !kind.is_empty() && !TYPES.contains(&kind.as_str()) {
        cx.out
            .errln(format!("\"{kind}\" is not a valid value for --type"));
        return 1;
    }
    let size = flags.bool("size");
    let mut info_requested = false;
    inspect_each(world, cx, call, |world, cx, name| match kind.as_str() {
        "" => autodetect(world, cx, call, name, size, &mut info_requested),
        "container" => inspect_container(world, cx, call, name, size)
            .ok_or_else(|| format!("Error: No such container: {name}")),
        "image" => inspect_image(world, cx, call, name)
            .ok_or_else(|| format!("Error: No such image: {name}")),
        "network" => inspect_network(world, cx, call, name)
            .ok_or_else(|| format!("Error: No such network: {name}")),
        "volume" => inspect_volume(world, cx, call, name)
            .ok_or_else(|| format!("Error: No such volume: {name}")),
        _ => Err(format!("Error: No such object: {name}")),
    })
}

/// Looks up every name and prints what was found, as docker/cli's
/// `inspect.Inspect` does: the objects, then the errors joined by newlines.
fn inspect_each(
    world: &mut World,
    cx: &mut Cx,
    call: &Call,
    mut lookup: impl FnMut(&mut World, &mut Cx, &str) -> Result<Found, String>,
) -> i32 {
    let output = match call.invocation.flags.string("format") {
        "" => Output::Indented,
        "json" => Output::Compact,
        text => match Template::parse(text) {
            Ok(template) => Output::Template(template),
            Err(error) => {
                cx.out.errln(format!("template parsing error: {error}"));
                return 64;
            }
        },
    };
    let mut found = Vec::new();
    let mut errors = Vec::new();
    for name in call.args() {
        match lookup(world, cx, name) {
            Ok(object) => found.push(object),
            Err(message) => errors.push(message),
        }
    }

    match &output {
        Output::Indented => cx.out.outln(indented_array(&found)),
        Output::Compact => {
            let items: Vec<String> = found.iter().map(Found::compact).collect();
            cx.out.outln(format!("[{}]", items.join(",")));
        }
        Output::Template(template) => print_templated(cx, template, &found, &mut errors),
    }
    if errors.is_empty() {
        return 0;
    }
    cx.out.errln(errors.join("\n"));
    1
}

/// Prints one line per object; an object the template fails on adds an
/// error, and no line at all prints an empty one.
fn print_templated(cx: &mut Cx, template: &Template, found: &[Found], errors: &mut Vec<String>) {
    let mut lines = Vec::new();
    for object in found {
        // FIXME: docker/cli runs the template on Go structs and falls back
        // to a map with `missingkey=error`, so a missing field is an error
        // there and `<no value>` here.
        match template.execute(&object.value(), Missing::NoValue) {
            Ok(text) => lines.push(text),
            Err(error) => errors.push(format!("template parsing error: {error}")),
        }
    }
    cx.out.outln(lines.join("\n"));
}

/// Returns the objects as one array, indented as docker/cli's
/// `json.Indent` with four spaces writes it.
fn indented_array(found: &[Found]) -> String {
    if found.is_empty() {
        return "[]".to_string();
    }
    let items: Vec<String> = found
        .iter()
        .map(|object| {
            object
                .indented()
                .lines()
                .map(|line| format!("    {line}"))
                .collect::<Vec<_>>()
                .join("\n")
        })
        .collect();
    format!("[\n{}\n]", items.join(",\n"))
}

/// Tries each kind of object in docker/cli's order.
fn autodetect(
    world: &mut World,
    cx: &mut Cx,
    call: &Call,
    name: &str,
    size: bool,
    info_requested: &mut bool,
) -> Result<Found, String> {
    if let Some(found) = inspect_container(world, cx, call, name, size) {
        return Ok(found);
    }
    if let Some(found) = inspect_image(world, cx, call, name) {
        return Ok(found);
    }
    if let Some(found) = inspect_network(world, cx, call, name) {
        return Ok(found);
    }
    if let Some(found) = inspect_volume(world, cx, call, name) {
        return Ok(found);
    }
    if !*info_requested {
        call.api(cx, "GET", "/info", "", 200);
        *info_requested = true;
    }
    Err(format!("Error: No such object: {name}"))
}

fn inspect_container(
    world: &mut World,
    cx: &mut Cx,
    call: &Call,
    name: &str,
    size: bool,
) -> Option<Found> {
    let query = if size { "size=1" } else { "" };
    let index = call.api(cx, "GET", &format!("/containers/{name}/json"), query, 200);
    let host = &world.hosts[&call.target];
    match host.daemon.containers.lookup(name) {
        Ok(container) => Some(respond(
            cx,
            index,
            Found::Object(container_json(host, container, size)),
        )),
        Err(error) => {
            set_api_error(cx, index, &error);
            None
        }
    }
}

fn inspect_image(world: &mut World, cx: &mut Cx, call: &Call, name: &str) -> Option<Found> {
    let index = call.api(cx, "GET", &format!("/images/{name}/json"), "", 200);
    let daemon = &world.hosts[&call.target].daemon;
    match daemon.images.lookup(name) {
        Ok(image) => Some(respond(
            cx,
            index,
            Found::Image(Box::new(image_inspect(daemon, image))),
        )),
        Err(_) => {
            set_api_error(cx, index, &image_delete::not_found(name));
            None
        }
    }
}

fn inspect_network(world: &mut World, cx: &mut Cx, call: &Call, name: &str) -> Option<Found> {
    let index = call.api(cx, "GET", &format!("/networks/{name}"), "", 200);
    match world.hosts[&call.target].daemon.networks.lookup(name) {
        Ok(network) => Some(respond(cx, index, Found::Object(network_json(network)))),
        Err(error) => {
            set_api_error(cx, index, &error);
            None
        }
    }
}

fn inspect_volume(world: &mut World, cx: &mut Cx, call: &Call, name: &str) -> Option<Found> {
    let index = call.api(cx, "GET", &format!("/volumes/{name}"), "", 200);
    match world.hosts[&call.target].daemon.volumes.lookup(name) {
        Ok(volume) => Some(respond(cx, index, Found::Object(volume_json(volume)))),
        Err(error) => {
            set_api_error(cx, index, &error);
            None
        }
    }
}

/// Attaches `found` to the call at `index` as the daemon's response body.
fn respond(cx: &mut Cx, index: usize, found: Found) -> Found {
    cx.set_response(index, found.indented());
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn image_json_lists_fields_in_moby_order() {
        let mut world = World::new();
        world.run_line("docker pull --platform linux/arm64 alpine");
        let host = &world.hosts[&world.client.host];
        let image = host.daemon.images.iter().next().expect("alpine is pulled");
        let json = image_inspect(&host.daemon, image).to_json();
        let keys: Vec<&str> = json
            .as_object()
            .unwrap()
            .iter()
            .map(|(key, _)| key.as_str())
            .collect();
        let expected = [
            "Id",
            "RepoTags",
            "RepoDigests",
            "Parent",
            "Comment",
            "Created",
            "DockerVersion",
            "Author",
            "Config",
            "Architecture",
            "Variant",
            "Os",
            "Size",
            "GraphDriver",
            "RootFS",
            "Metadata",
        ];
        assert_eq!(keys, expected);
        assert_eq!(Json::parse(&json.to_rust_indented()), Ok(json));
    }
}
