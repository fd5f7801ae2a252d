//! `docker container inspect` and `docker inspect`.
//!
//! `docker container inspect` reads `GET /containers/{id}/json` for each
//! name. `docker inspect` without `--type` tries each kind of object in
//! docker/cli 28's order (container, image, network, volume, then the swarm
//! kinds, which need `GET /info` to see that this daemon is not a swarm
//! manager) and prints `Error: No such object: NAME` for a name that is
//! none of them. Found objects print as one JSON array; a missing one adds
//! an error on standard error and exit code 1.

use crate::client::docker::Call;
use crate::cx::Cx;
use crate::daemon::inspect::{container_json, network_json, print_array, volume_json};
use crate::json::Json;
use crate::world::World;

use super::run::set_status;

/// The object kinds `--type` accepts.
const TYPES: &[&str] = &["config", "container", "image", "network", "node", "plugin", "secret", "service", "task", "volume"];

/// Runs `docker container inspect [-s] CONTAINER...`.
pub fn container(world: &mut World, cx: &mut Cx, call: &Call) -> i32 {
    if let Some(code) = format_not_simulated(cx, call) {
        return code;
    }
    let size = call.invocation.flags.bool("size");
    let mut found = Vec::new();
    let mut errors = Vec::new();
    for name in call.args() {
        match inspect_container(world, cx, call, name, size) {
            Some(json) => found.push(json),
            None => errors.push(format!("Error: No such container: {name}")),
        }
    }
    print(cx, found, &errors)
}

/// Runs `docker inspect [--type TYPE] [-s] NAME...`.
pub fn object(world: &mut World, cx: &mut Cx, call: &Call) -> i32 {
    let flags = &call.invocation.flags;
    let kind = flags.string("type");
    if !kind.is_empty() && !TYPES.contains(&kind) {
        cx.out.errln(format!("\"{kind}\" is not a valid value for --type"));
        return 1;
    }
    if let Some(code) = format_not_simulated(cx, call) {
        return code;
    }
    let size = flags.bool("size");
    let mut found = Vec::new();
    let mut errors = Vec::new();
    let mut asked_info = false;
    for name in call.args() {
        let result = match kind {
            "" => autodetect(world, cx, call, name, size, &mut asked_info),
            "container" => inspect_container(world, cx, call, name, size).ok_or_else(|| format!("Error: No such container: {name}")),
            "network" => inspect_network(world, cx, call, name).ok_or_else(|| format!("Error: No such network: {name}")),
            "volume" => inspect_volume(world, cx, call, name).ok_or_else(|| format!("Error: No such volume: {name}")),
            "image" => match image_object(world, cx, call, name) {
                ImageLookup::Missing => Err(format!("Error: No such image: {name}")),
                ImageLookup::NotSimulated => return image_not_simulated(cx),
            },
            _ => Err(format!("Error: No such object: {name}")),
        };
        match result {
            Ok(json) => found.push(json),
            Err(message) if message.is_empty() => return image_not_simulated(cx),
            Err(message) => errors.push(message),
        }
    }
    print(cx, found, &errors)
}

/// Tries each kind of object in docker/cli's order.
fn autodetect(world: &mut World, cx: &mut Cx, call: &Call, name: &str, size: bool, asked_info: &mut bool) -> Result<Json, String> {
    if let Some(json) = inspect_container(world, cx, call, name, size) {
        return Ok(json);
    }
    match image_object(world, cx, call, name) {
        ImageLookup::Missing => {}
        ImageLookup::NotSimulated => return Err(String::new()),
    }
    if let Some(json) = inspect_network(world, cx, call, name) {
        return Ok(json);
    }
    if let Some(json) = inspect_volume(world, cx, call, name) {
        return Ok(json);
    }
    if !*asked_info {
        call.api(cx, "GET", "/info", "", 200);
        *asked_info = true;
    }
    Err(format!("Error: No such object: {name}"))
}

fn inspect_container(world: &mut World, cx: &mut Cx, call: &Call, name: &str, size: bool) -> Option<Json> {
    let query = if size { "size=1" } else { "" };
    let index = call.api(cx, "GET", &format!("/containers/{name}/json"), query, 200);
    let host = &world.hosts[&call.target];
    match host.daemon.containers.lookup(name) {
        Ok(container) => Some(container_json(host, container, size)),
        Err(error) => {
            set_status(cx, index, error.status);
            None
        }
    }
}

fn inspect_network(world: &mut World, cx: &mut Cx, call: &Call, name: &str) -> Option<Json> {
    let index = call.api(cx, "GET", &format!("/networks/{name}"), "", 200);
    match world.hosts[&call.target].daemon.networks.lookup(name) {
        Ok(network) => Some(network_json(network)),
        Err(error) => {
            set_status(cx, index, error.status);
            None
        }
    }
}

fn inspect_volume(world: &mut World, cx: &mut Cx, call: &Call, name: &str) -> Option<Json> {
    let index = call.api(cx, "GET", &format!("/volumes/{name}"), "", 200);
    match world.hosts[&call.target].daemon.volumes.lookup(name) {
        Ok(volume) => Some(volume_json(volume)),
        Err(error) => {
            set_status(cx, index, error.status);
            None
        }
    }
}

/// What the image step of `docker inspect` found.
enum ImageLookup {
    Missing,
    NotSimulated,
}

/// Looks the name up as an image (`GET /images/{name}/json`).
fn image_object(world: &mut World, cx: &mut Cx, call: &Call, name: &str) -> ImageLookup {
    let index = call.api(cx, "GET", &format!("/images/{name}/json"), "", 200);
    if world.hosts[&call.target].daemon.images.lookup(name).is_ok() {
        // FIXME: the image's inspect body belongs to the image commands;
        // connect it here once they are merged.
        return ImageLookup::NotSimulated;
    }
    set_status(cx, index, 404);
    ImageLookup::Missing
}

fn image_not_simulated(cx: &mut Cx) -> i32 {
    cx.out.errln("porthole: `docker inspect` of an image is not simulated yet; try `docker image inspect`");
    1
}

/// `--format` needs the Go template module.
fn format_not_simulated(cx: &mut Cx, call: &Call) -> Option<i32> {
    let flags = &call.invocation.flags;
    if !flags.is_set("format") || flags.string("format").is_empty() {
        return None;
    }
    // FIXME: `--format TEMPLATE` needs the Go template module, which is not
    // merged into this branch yet.
    cx.out.errln("porthole: `--format` templates for inspect are not simulated yet");
    Some(1)
}

/// Prints the array and the errors, as docker/cli's `inspect.Inspect` does.
fn print(cx: &mut Cx, found: Vec<Json>, errors: &[String]) -> i32 {
    cx.out.outln(print_array(found));
    if errors.is_empty() {
        return 0;
    }
    cx.out.errln(errors.join("\n"));
    1
}
