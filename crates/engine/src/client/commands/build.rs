//! `docker build` (buildx with the `docker` driver).

use std::collections::BTreeMap;

use crate::builder::{build, BuildRequest};
use crate::client::docker::Call;
use crate::cx::Cx;
use crate::reference;
use crate::world::World;

/// Runs `docker build [OPTIONS] PATH`.
pub fn run(world: &mut World, cx: &mut Cx, call: &Call) -> i32 {
    let flags = &call.invocation.flags;
    let path = call.args().first().cloned().unwrap_or_else(|| ".".to_string());
    if path == "-" || path.contains("://") || path.starts_with("git@") {
        // FIXME: builds from standard input, URLs and Git repositories are not simulated.
        cx.out.errln(format!("porthole: building from {path:?} is not simulated; give a directory"));
        return 1;
    }
    let context_dir = if path.starts_with('/') { path } else { format!("{}/{path}", world.client.cwd) };

    let mut tags = Vec::new();
    for tag in flags.list("tag") {
        match reference::parse_normalized_named(tag) {
            Ok(parsed) => tags.push(parsed.with_default_tag()),
            Err(error) => {
                cx.out.errln(format!("ERROR: failed to build: invalid tag \"{tag}\": {error}"));
                return 1;
            }
        }
    }
    let mut build_args = BTreeMap::new();
    for pair in flags.list("build-arg") {
        match pair.split_once('=') {
            Some((name, value)) => {
                build_args.insert(name.to_string(), value.to_string());
            }
            None => {
                // `--build-arg NAME` takes the value from the client's environment.
                if let Some(value) = world.client.env.get(pair) {
                    build_args.insert(pair.clone(), value.clone());
                }
            }
        }
    }
    let request = BuildRequest {
        context_dir,
        dockerfile: Some(flags.string("file").to_string()).filter(|file| !file.is_empty()),
        tags,
        build_args,
        target: Some(flags.string("target").to_string()).filter(|target| !target.is_empty()),
        no_cache: flags.bool("no-cache"),
        pull: flags.bool("pull"),
        quiet: flags.bool("quiet"),
    };
    let client_host = call.client_host.clone();
    build(world, cx, &client_host, &call.target, &request)
}
