//! `docker context create`, `ls`, `use`, `inspect`, `rm` and `show`, as
//! docker/cli 28 prints them (`cli/command/context/`). Contexts live in
//! the host user's `~/.docker`; none of these commands talks to a daemon.

use crate::client::spec::Invocation;
use crate::client::target::{
    context_not_found, ContextEntry, ContextStore, Endpoint, DEFAULT_CONTEXT,
    DOCKER_HOST_OVERRIDES, LOCAL_SOCKET,
};
use crate::client::template::{Format, Missing, Template};
use crate::cx::Cx;
use crate::digest::Digest;
use crate::json::Json;
use crate::world::World;
use shared_sort::SortedMap;

/// The default table of `docker context ls`.
const LIST_FORMAT: &str =
    "table {{.Name}}{{if .Current}} *{{end}}\t{{.Description}}\t{{.DockerEndpoint}}\t{{.Error}}";

/// Runs `docker context SUBCOMMAND`; `names` is the path after `context`.
pub fn run(world: &mut World, cx: &mut Cx, invocation: &Invocation, names: &[&str]) -> i32 {
    let host = world.client.host.clone();
    let env = world.client.env.clone();
    let store = &mut world.hosts.get_mut(&host).expect("client host").contexts;
    let result = match names {
        ["create"] => create(cx, invocation, store),
        ["ls"] | ["list"] => list(cx, invocation, store, &env),
        ["use"] => use_context(cx, invocation, store, &env),
        ["inspect"] => inspect(cx, invocation, store, &env),
        ["rm"] | ["remove"] => remove(cx, invocation, store),
        ["show"] => {
            cx.out.outln(current(store, &env));
            Ok(())
        }
        _ => {
            cx.out.errln(format!(
                "porthole: `{}` is not simulated yet",
                invocation.path.display(invocation.command)
            ));
            return 1;
        }
    };
    match result {
        Ok(()) => 0,
        Err(message) => {
            cx.out.errln(message);
            1
        }
    }
}

/// Returns the context the client would use without flags.
fn current(store: &ContextStore, env: &SortedMap<String, String>) -> String {
    if env
        .get("DOCKER_HOST")
        .is_some_and(|value| !value.is_empty())
    {
        return DEFAULT_CONTEXT.to_string();
    }
    match env.get("DOCKER_CONTEXT").filter(|value| !value.is_empty()) {
        Some(name) => name.clone(),
        None => store.current_name().to_string(),
    }
}

/// Checks a context name as docker/cli's `ValidateContextName` does.
fn validate_name(name: &str) -> Result<(), String> {
    if name.is_empty() {
        return Err("context name cannot be empty".to_string());
    }
    if name == DEFAULT_CONTEXT {
        return Err("\"default\" is a reserved context name".to_string());
    }
    let mut characters = name.chars();
    let first_ok = characters
        .next()
        .is_some_and(|first| first.is_ascii_alphanumeric());
    if !first_ok
        || !characters.all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '.' | '+' | '-'))
    {
        return Err(format!("context name {name:?} is invalid, names are validated against regexp \"^[a-zA-Z0-9][a-zA-Z0-9_.+-]+$\""));
    }
    Ok(())
}

fn create(cx: &mut Cx, invocation: &Invocation, store: &mut ContextStore) -> Result<(), String> {
    let name = invocation.args[0].clone();
    validate_name(&name)?;
    if store.contexts.contains_key(&name) {
        return Err(format!("context {name:?} already exists"));
    }
    let flags = &invocation.flags;
    let mut host = LOCAL_SOCKET.to_string();
    for (key, value) in flags.pairs("docker") {
        match key.as_str() {
            "host" => host = value.clone(),
            "skip-tls-verify" | "ca" | "cert" | "key" => {}
            other => {
                return Err(format!(
                    "unable to create docker endpoint config: unrecognized config key: {other}"
                ))
            }
        }
    }
    if !flags.is_set("docker") && !flags.string("from").is_empty() {
        let from = flags.string("from");
        host = match store.contexts.get(from) {
            Some(entry) => entry.host.clone(),
            None if from == DEFAULT_CONTEXT => LOCAL_SOCKET.to_string(),
            None => return Err(context_not_found(from)),
        };
    }
    Endpoint::parse(&host)
        .map_err(|error| format!("unable to create docker endpoint config: {error}"))?;
    let description = flags.string("description").to_string();
    store
        .contexts
        .insert(name.clone(), ContextEntry { description, host });
    cx.out.outln(&name);
    cx.out
        .errln(format!("Successfully created context {name:?}"));
    Ok(())
}

/// Returns one row per context for `ls`, `default` first as docker/cli
/// sorts it.
fn rows(store: &ContextStore, env: &SortedMap<String, String>) -> Vec<Json> {
    let current = current(store, env);
    let default_host = env
        .get("DOCKER_HOST")
        .filter(|value| !value.is_empty())
        .cloned()
        .unwrap_or_else(|| LOCAL_SOCKET.to_string());
    let mut rows = vec![crate::sorted_object!({
        "Name": DEFAULT_CONTEXT, "Current": current == DEFAULT_CONTEXT,
        "Description": "Current DOCKER_HOST based configuration", "DockerEndpoint": default_host, "Error": "",
    })];
    for (name, entry) in &store.contexts {
        rows.push(crate::sorted_object!({
            "Name": name, "Current": *name == current, "Description": entry.description,
            "DockerEndpoint": entry.host, "Error": "",
        }));
    }
    rows
}

fn list(
    cx: &mut Cx,
    invocation: &Invocation,
    store: &ContextStore,
    env: &SortedMap<String, String>,
) -> Result<(), String> {
    let rows = rows(store, env);
    if invocation.flags.bool("quiet") {
        for row in &rows {
            cx.out
                .outln(row.get("Name").and_then(Json::as_str).unwrap_or_default());
        }
    } else {
        let source = match invocation.flags.string("format") {
            "" | "table" => LIST_FORMAT.to_string(),
            "json" => "{{json .}}".to_string(),
            other => other.to_string(),
        };
        let header = crate::sorted_object!({"Name": "NAME", "Current": false, "Description": "DESCRIPTION", "DockerEndpoint": "DOCKER ENDPOINT", "Error": "ERROR"});
        let text = Format::parse(&source)
            .and_then(|format| format.render(&header, &rows, Missing::NoValue))
            .map_err(|error| format!("template parsing error: {error}"))?;
        cx.out.out(text);
    }
    if env
        .get("DOCKER_HOST")
        .is_some_and(|value| !value.is_empty())
    {
        cx.out.errln(DOCKER_HOST_OVERRIDES);
    }
    Ok(())
}

fn use_context(
    cx: &mut Cx,
    invocation: &Invocation,
    store: &mut ContextStore,
    env: &SortedMap<String, String>,
) -> Result<(), String> {
    let name = invocation.args[0].clone();
    if name != DEFAULT_CONTEXT {
        validate_name(&name)?;
        if !store.contexts.contains_key(&name) {
            return Err(context_not_found(&name));
        }
        store.current = name.clone();
    } else {
        store.current.clear();
    }
    cx.out.outln(&name);
    cx.out.errln(format!("Current context is now {name:?}"));
    if name != DEFAULT_CONTEXT
        && env
            .get("DOCKER_HOST")
            .is_some_and(|value| !value.is_empty())
    {
        cx.out.errln(format!(
            "Warning: DOCKER_HOST environment variable overrides the active context. To use {name:?}, either set the global --context flag, or unset DOCKER_HOST environment variable."
        ));
    }
    Ok(())
}

/// Returns the context's inspect document.
fn document(name: &str, store: &ContextStore, env: &SortedMap<String, String>) -> Option<Json> {
    let (metadata, host, stored) = if name == DEFAULT_CONTEXT {
        let host = env
            .get("DOCKER_HOST")
            .filter(|value| !value.is_empty())
            .cloned()
            .unwrap_or_else(|| LOCAL_SOCKET.to_string());
        (Json::object::<&str>(vec![]), host, false)
    } else {
        let entry = store.contexts.get(name)?;
        let metadata = if entry.description.is_empty() {
            Json::object::<&str>(vec![])
        } else {
            Json::object(vec![(
                "Description",
                Json::String(entry.description.clone()),
            )])
        };
        (metadata, entry.host.clone(), true)
    };
    let hash = Digest::of(name.as_bytes()).hex();
    let (meta_path, tls_path) = if stored {
        (
            format!("/home/learner/.docker/contexts/meta/{hash}"),
            format!("/home/learner/.docker/contexts/tls/{hash}"),
        )
    } else {
        ("<IN MEMORY>".to_string(), "<IN MEMORY>".to_string())
    };
    Some(Json::object(vec![
        ("Name", Json::String(name.to_string())),
        ("Metadata", metadata),
        (
            "Endpoints",
            Json::object(vec![(
                "docker",
                Json::object(vec![
                    ("Host", Json::String(host)),
                    ("SkipTLSVerify", Json::Bool(false)),
                ]),
            )]),
        ),
        ("TLSMaterial", Json::object::<&str>(vec![])),
        (
            "Storage",
            Json::object(vec![
                ("MetadataPath", Json::String(meta_path)),
                ("TLSPath", Json::String(tls_path)),
            ]),
        ),
    ]))
}

fn inspect(
    cx: &mut Cx,
    invocation: &Invocation,
    store: &ContextStore,
    env: &SortedMap<String, String>,
) -> Result<(), String> {
    let names: Vec<String> = if invocation.args.is_empty() {
        vec![current(store, env)]
    } else {
        invocation.args.clone()
    };
    let mut documents = Vec::new();
    let mut missing = None;
    for name in &names {
        match document(name, store, env) {
            Some(document) => documents.push(document),
            None => missing = missing.or(Some(context_not_found(name))),
        }
    }
    let format = invocation.flags.string("format");
    if format.is_empty() {
        cx.out.outln(Json::Array(documents).to_indented());
    } else {
        let template =
            Template::parse(format).map_err(|error| format!("template parsing error: {error}"))?;
        for document in &documents {
            let text = template
                .execute(&document.clone().sorted(), Missing::NoValue)
                .map_err(|error| error.to_string())?;
            cx.out.outln(text);
        }
    }
    match missing {
        Some(message) => Err(message),
        None => Ok(()),
    }
}

fn remove(cx: &mut Cx, invocation: &Invocation, store: &mut ContextStore) -> Result<(), String> {
    let force = invocation.flags.bool("force");
    let mut errors = Vec::new();
    for name in &invocation.args {
        if name == DEFAULT_CONTEXT {
            errors.push("context \"default\" cannot be removed".to_string());
            continue;
        }
        if !store.contexts.contains_key(name) {
            if !force {
                errors.push(context_not_found(name));
            }
            continue;
        }
        if store.current == *name {
            if !force {
                errors.push(format!(
                    "context {name:?} is in use, set -f flag to force remove"
                ));
                continue;
            }
            store.current.clear();
        }
        store.contexts.remove(name);
        cx.out.outln(name);
    }
    if errors.is_empty() {
        Ok(())
    } else {
        Err(errors.join("\n"))
    }
}

#[cfg(test)]
mod tests {
    use crate::{Stream, World};

    #[test]
    fn create_use_and_remove() {
        let mut world = World::new();
        let created =
            world.run_line("docker context create server --docker host=ssh://learner@server");
        assert_eq!(created.stream_text(Stream::Stdout), "server\n");
        assert_eq!(
            created.stream_text(Stream::Stderr),
            "Successfully created context \"server\"\n"
        );
        world.run_line("docker context use server");
        assert_eq!(
            world
                .run_line("docker context show")
                .stream_text(Stream::Stdout),
            "server\n"
        );
        let in_use = world.run_line("docker context rm server");
        assert_eq!(in_use.exit_code, 1);
        assert_eq!(
            in_use.stream_text(Stream::Stderr),
            "context \"server\" is in use, set -f flag to force remove\n"
        );
        assert_eq!(world.run_line("docker context rm -f server").exit_code, 0);
        assert_eq!(
            world
                .run_line("docker context show")
                .stream_text(Stream::Stdout),
            "default\n"
        );
    }

    #[test]
    fn names_are_validated() {
        let mut world = World::new();
        for (line, error) in [
            (
                "docker context create default",
                "\"default\" is a reserved context name\n",
            ),
            (
                "docker context create -x --docker host=unix:///x",
                "unknown shorthand flag: 'x' in -x\n",
            ),
        ] {
            let result = world.run_line(line);
            assert!(
                result
                    .stream_text(Stream::Stderr)
                    .starts_with(error.trim_end()),
                "{line}: {}",
                result.stream_text(Stream::Stderr)
            );
        }
    }
}
