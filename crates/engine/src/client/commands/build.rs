//! `docker build` (buildx 0.29 with the `docker` driver): reads the flags,
//! the Dockerfile path and the `--secret` sources on the client's host, and
//! hands a [`BuildRequest`] to the builder.
//!
//! buildx prints its own errors as `ERROR: …` and exits with status 1.
//! `--progress=auto` and `--progress=tty` print BuildKit's plain progress,
//! which is what a transcript shows.

use dockerfile::plan::Platform;
use shared_sort::SortedMap;

use crate::builder::{build, BuildRequest, NetworkMode, ProgressMode};
use crate::client::docker::Call;
use crate::cx::Cx;
use crate::reference;
use crate::world::World;

/// Runs `docker build [OPTIONS] PATH`.
pub fn run(world: &mut World, cx: &mut Cx, call: &Call) -> i32 {
    match request(world, call) {
        Ok(request) => {
            let client_host = call.client_host.clone();
            build(world, cx, &client_host, &call.target, &request)
        }
        Err(message) => {
            cx.out.errln(format!("ERROR: {message}"));
            1
        }
    }
}

/// Reads the command line into a build request, or returns buildx's error.
fn request(world: &World, call: &Call) -> Result<BuildRequest, String> {
    let flags = &call.invocation.flags;
    let path = call
        .args()
        .first()
        .cloned()
        .unwrap_or_else(|| ".".to_string());
    if path == "-" || path.contains("://") || path.starts_with("git@") {
        // FIXME: builds from standard input, URLs and Git repositories are not simulated.
        return Err(format!(
            "porthole: building from {path:?} is not simulated; give a directory"
        ));
    }
    let cwd = world.client.cwd.clone();
    let context_dir = absolute(&cwd, &path);
    let dockerfile = Some(flags.string("file").to_string()).filter(|file| !file.is_empty());
    let dockerfile_path = match &dockerfile {
        Some(file) => absolute(&cwd, file),
        None => format!("{}/Dockerfile", context_dir.trim_end_matches('/')),
    };

    let (progress, print_id) = progress(flags.string("progress"), flags.bool("quiet"))?;
    let call_method = flags.string("call");
    let check = flags.bool("check") || call_method == "check";
    if !matches!(call_method, "" | "build" | "check") {
        // FIXME: `--call=outline` and `--call=targets` are not simulated.
        return Err(format!(
            "porthole: --call={call_method} is not simulated; use build or check"
        ));
    }
    Ok(BuildRequest {
        context_dir,
        dockerfile,
        dockerfile_path,
        tags: tags(flags.list("tag"))?,
        build_args: build_args(world, flags.list("build-arg")),
        target: Some(flags.string("target").to_string()).filter(|target| !target.is_empty()),
        no_cache: flags.bool("no-cache"),
        no_cache_filter: flags.list("no-cache-filter").to_vec(),
        pull: flags.bool("pull"),
        platform: platform(flags.list("platform"))?,
        progress,
        print_id,
        check,
        labels: labels(flags.list("label")),
        iidfile: Some(flags.string("iidfile").to_string())
            .filter(|file| !file.is_empty())
            .map(|file| absolute(&cwd, &file)),
        network: network(flags.string("network")),
        secrets: secrets(world, flags.list("secret"))?,
        ssh: flags.list("ssh").to_vec(),
    })
}

/// Makes a path absolute against the client's working directory.
fn absolute(cwd: &str, path: &str) -> String {
    match path {
        _ if path.starts_with('/') => path.to_string(),
        "." => cwd.to_string(),
        _ => format!(
            "{}/{}",
            cwd.trim_end_matches('/'),
            path.trim_start_matches("./")
        ),
    }
}

/// Reads `--progress` and `-q`. `-q` requests quiet progress and prints the
/// image ID, and cannot go with another progress mode.
fn progress(mode: &str, quiet: bool) -> Result<(ProgressMode, bool), String> {
    let chosen = match mode {
        // FIXME: the TTY display is not drawn; `tty` prints plain progress.
        "" | "auto" | "plain" | "tty" => ProgressMode::Plain,
        "quiet" => ProgressMode::Quiet,
        // FIXME: BuildKit's JSON progress is not simulated.
        "rawjson" => {
            return Err(
                "porthole: --progress=rawjson is not simulated; use plain or quiet".to_string(),
            )
        }
        other => return Err(format!("invalid progress mode {other}")),
    };
    if quiet && !matches!(mode, "" | "auto" | "quiet") {
        return Err(format!("progress={mode} and quiet cannot be used together"));
    }
    match quiet {
        true => Ok((ProgressMode::Quiet, true)),
        false => Ok((chosen, false)),
    }
}

fn tags(values: &[String]) -> Result<Vec<reference::Reference>, String> {
    values
        .iter()
        .map(|tag| {
            reference::parse_normalized_named(tag)
                .map(|parsed| parsed.with_default_tag())
                .map_err(|error| format!("failed to build: invalid tag \"{tag}\": {error}"))
        })
        .collect()
}

/// Reads `--build-arg` values; `NAME` alone takes the client's environment
/// variable and is left out when that is unset, as buildx does.
fn build_args(world: &World, values: &[String]) -> SortedMap<String, String> {
    let mut args = SortedMap::new();
    for pair in values {
        match pair.split_once('=') {
            Some((name, value)) => {
                args.insert(name.to_string(), value.to_string());
            }
            None => {
                if let Some(value) = world.client.env.get(pair) {
                    args.insert(pair.clone(), value.clone());
                }
            }
        }
    }
    args
}

/// Reads `--platform`; the docker driver builds one platform only.
fn platform(values: &[String]) -> Result<Option<Platform>, String> {
    let specifiers: Vec<&str> = values
        .iter()
        .flat_map(|value| value.split(','))
        .filter(|value| !value.is_empty())
        .collect();
    match specifiers.as_slice() {
        [] => Ok(None),
        [one] => Platform::parse(one).map(Some),
        _ => Err("failed to build: Multi-platform build is not supported for the docker driver.\nSwitch to a different driver, or turn on the containerd image store, and try again.\nLearn more at https://docs.docker.com/go/build-multi-platform/".to_string()),
    }
}

fn labels(values: &[String]) -> SortedMap<String, String> {
    values
        .iter()
        .map(|pair| match pair.split_once('=') {
            Some((key, value)) => (key.to_string(), value.to_string()),
            None => (pair.clone(), String::new()),
        })
        .collect()
}

/// Reads `--network`. A named network behaves like the default one, which
/// reaches the internet.
fn network(mode: &str) -> NetworkMode {
    match mode {
        "none" => NetworkMode::None,
        "host" => NetworkMode::Host,
        _ => NetworkMode::Default,
    }
}

/// Reads `--secret id=ID[,src=PATH|,env=NAME][,type=file|env]` and the
/// secret values from the client's files and environment, as buildx's
/// `parseSecret` and BuildKit's `secretsprovider` do: without a source, an
/// environment variable named like the id wins over a file of that name.
fn secrets(world: &World, values: &[String]) -> Result<SortedMap<String, String>, String> {
    let mut secrets = SortedMap::new();
    let files = &world.hosts[&world.client.host].fs;
    for value in values {
        let mut id = None;
        let mut file = None;
        let mut env = None;
        for field in value.split(',') {
            let (key, field_value) = field.split_once('=').unwrap_or((field, ""));
            match key.to_lowercase().as_str() {
                "type" if matches!(field_value, "file" | "env") => {}
                "type" => return Err(format!("unsupported secret type \"{field_value}\"")),
                "id" => id = Some(field_value.to_string()),
                "source" | "src" => file = Some(field_value.to_string()),
                "env" => env = Some(field_value.to_string()),
                _ => return Err(format!("unexpected key '{key}' in '{field}'")),
            }
        }
        let id = id
            .filter(|id| !id.is_empty())
            .ok_or("failed to build: secret missing ID")?;
        if env.is_none() && file.is_none() {
            match world.client.env.contains_key(&id) {
                true => env = Some(id.clone()),
                false => file = Some(id.clone()),
            }
        }
        let secret = match (&env, &file) {
            (Some(name), _) => world.client.env.get(name).cloned(),
            (None, Some(path)) => {
                let full = absolute(&world.client.cwd, path);
                let content = files.read(&full).map_err(|_| format!("failed to build: failed to stat {path}: stat {path}: no such file or directory"))?;
                Some(content.as_text().unwrap_or_default().to_string())
            }
            (None, None) => None,
        };
        if let Some(secret) = secret {
            secrets.insert(id, secret);
        }
    }
    Ok(secrets)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn progress_modes_and_quiet() {
        let cases = [
            ("", false, Ok((ProgressMode::Plain, false))),
            ("tty", false, Ok((ProgressMode::Plain, false))),
            ("quiet", false, Ok((ProgressMode::Quiet, false))),
            ("auto", true, Ok((ProgressMode::Quiet, true))),
            (
                "plain",
                true,
                Err("progress=plain and quiet cannot be used together".to_string()),
            ),
            (
                "fancy",
                false,
                Err("invalid progress mode fancy".to_string()),
            ),
        ];
        for (mode, quiet, expected) in cases {
            assert_eq!(progress(mode, quiet), expected, "{mode} {quiet}");
        }
    }

    #[test]
    fn paths_resolve_against_working_directory() {
        let cases = [
            (".", "/home/p"),
            ("sub", "/home/p/sub"),
            ("./sub/Dockerfile", "/home/p/sub/Dockerfile"),
            ("/abs", "/abs"),
        ];
        for (path, expected) in cases {
            assert_eq!(absolute("/home/p", path), expected, "{path}");
        }
    }

    #[test]
    fn platforms_parse_one_at_most() {
        assert_eq!(platform(&[]).unwrap(), None);
        assert_eq!(
            platform(&["linux/arm64".to_string()])
                .unwrap()
                .map(|p| p.architecture),
            Some("arm64".to_string())
        );
        assert!(platform(&["linux/amd64,linux/arm64".to_string()])
            .unwrap_err()
            .contains("Multi-platform build is not supported"));
    }
}
