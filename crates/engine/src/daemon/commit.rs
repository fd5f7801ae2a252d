//! `POST /commit`: a new image from a container, as moby 28's
//! `CreateImageFromContainer` makes it. The image's layers are the
//! container's image's layers plus the container's writable layer (an
//! empty writable layer adds no layer, only a history entry marked
//! `empty_layer`); its config is the container's, with the `--change`
//! instructions applied; its history gains an entry whose `created_by` is
//! the container's `Cmd` and whose comment is `--message`.

use std::sync::Arc;

use crate::clock::{self, Millis};
use crate::cx::Cx;
use crate::digest::Digest;
use crate::events::Change;
use crate::host::Host;
use crate::json::Json;
use crate::reference::Reference;
use crate::registry::{
    to_canonical_json, ContainerConfig, EmptyObject, History, ImageConfig, RootFs,
};

use super::images::Image;
use super::layers::chain_ids;
use super::ApiError;

/// What `docker commit` asks for.
#[derive(Clone, Debug, Default)]
pub struct CommitRequest {
    pub container: String,
    /// The repository and tag to name the image, if any.
    pub reference: Option<Reference>,
    pub author: String,
    pub comment: String,
    /// `--change` instructions.
    pub changes: Vec<String>,
}

/// Commits a container and returns the new image's ID.
pub fn commit(host: &mut Host, cx: &mut Cx, request: &CommitRequest) -> Result<Digest, ApiError> {
    let now = cx.now();
    let host_name = host.name.clone();
    let container = host.daemon.containers.lookup(&request.container)?;
    let image = host
        .daemon
        .images
        .get(&container.image_id)
        .ok_or_else(|| ApiError::no_such_image(&container.image_id.to_string()))?
        .clone();
    let mut config = container.config.clone();
    let mut cmd_set = false;
    for change in &request.changes {
        apply_change(&mut config, change, &mut cmd_set)?;
    }
    // moby's `merge`: without an entrypoint, an empty `Cmd` falls back to
    // the container's.
    if config.entrypoint.is_empty() && config.cmd.is_empty() {
        config.cmd = container.config.cmd.clone();
    }
    let upper = container.rootfs.commit();
    let created_by = container.config.cmd.join(" ");

    let mut diff_ids = image.config.rootfs.diff_ids.clone();
    let empty_layer = upper.is_empty();
    if !empty_layer {
        diff_ids.push(upper.diff_id());
    }
    let mut history = image.config.history.clone();
    history.push(History {
        created: clock::rfc3339_nanos(now),
        created_by,
        comment: request.comment.clone(),
        empty_layer,
    });
    let image_config = ImageConfig {
        architecture: image.config.architecture.clone(),
        author: request.author.clone(),
        config,
        created: clock::rfc3339_nanos(now),
        history,
        os: image.config.os.clone(),
        rootfs: RootFs {
            kind: "layers".to_string(),
            diff_ids: diff_ids.clone(),
        },
        variant: image.config.variant.clone(),
    };
    let config_json = to_canonical_json(&image_config);
    let id = Digest::of(&config_json);

    let chain = chain_ids(&diff_ids);
    if !empty_layer {
        let chain_id = *chain.last().expect("one layer at least");
        let diff_id = *diff_ids.last().expect("one layer at least");
        let size = upper.size();
        if host
            .daemon
            .layers
            .insert(chain_id, diff_id, Arc::new(upper))
        {
            cx.change(Change::LayerStored {
                host: host_name.clone(),
                diff_id: diff_id.to_string(),
                size,
            });
        }
    }
    if host.daemon.images.get(&id).is_none() {
        let size = chain
            .iter()
            .filter_map(|chain_id| host.daemon.layers.get(chain_id))
            .map(|layer| layer.size)
            .sum();
        host.daemon.layers.retain(&chain);
        host.daemon.images.insert(Image {
            id,
            config: image_config,
            config_json,
            created: now,
            chain,
            size,
            repo_digests: Vec::new(),
            parent: Some(image.id),
        });
        cx.change(Change::ImageStored {
            host: host_name.clone(),
            image_id: id.to_string(),
        });
    }
    if let Some(reference) = &request.reference {
        host.daemon.images.tag(reference, id);
        host.daemon.images.set_last_tag_time(&id, now);
        cx.change(Change::ImageTagged {
            host: host_name,
            image_id: id.to_string(),
            reference: reference.familiar_string(),
        });
    }
    cx.advance(commit_millis(
        &host.daemon.images.get(&id).map_or(0, |image| image.size),
    ));
    Ok(id)
}

/// Returns how long a commit takes: tarring the writable layer (an
/// estimate of 100 MB/s).
fn commit_millis(size: &u64) -> Millis {
    30 + size / 100_000
}

/// Returns the author recorded in an image's config.
pub fn author(image: &Image) -> String {
    image.config.author.clone()
}

/// The instructions `--change` accepts (moby's `validCommitCommands`).
const CHANGE_INSTRUCTIONS: &[&str] = &[
    "cmd",
    "entrypoint",
    "env",
    "expose",
    "label",
    "onbuild",
    "stopsignal",
    "user",
    "volume",
    "workdir",
];
/// The other Dockerfile instructions, which `--change` rejects.
const OTHER_INSTRUCTIONS: &[&str] = &[
    "add",
    "arg",
    "copy",
    "from",
    "healthcheck",
    "maintainer",
    "run",
    "shell",
];

/// Applies one `--change` line to the config. As in a Dockerfile, an
/// `ENTRYPOINT` clears `Cmd` unless a `CMD` came before it, which
/// `cmd_set` records across the lines.
fn apply_change(
    config: &mut ContainerConfig,
    change: &str,
    cmd_set: &mut bool,
) -> Result<(), ApiError> {
    let line = change.trim();
    let (word, rest) = line.split_once(char::is_whitespace).unwrap_or((line, ""));
    let instruction = word.to_ascii_lowercase();
    let rest = rest.trim();
    if OTHER_INSTRUCTIONS.contains(&instruction.as_str()) {
        return Err(ApiError::new(
            400,
            format!("{instruction} is not a valid change command"),
        ));
    }
    if !CHANGE_INSTRUCTIONS.contains(&instruction.as_str()) {
        return Err(ApiError::new(
            400,
            format!("dockerfile parse error on line 1: unknown instruction: {word}"),
        ));
    }
    match instruction.as_str() {
        "cmd" => {
            config.cmd = command_form(rest);
            *cmd_set = true;
        }
        "entrypoint" => {
            config.entrypoint = command_form(rest);
            if !*cmd_set {
                config.cmd.clear();
            }
        }
        "env" => {
            for (key, value) in pairs(rest) {
                config.set_env(&key, &value);
            }
        }
        "label" => {
            for (key, value) in pairs(rest) {
                config.labels.insert(key, value);
            }
        }
        "expose" => {
            for port in rest.split_whitespace() {
                let key = if port.contains('/') {
                    port.to_string()
                } else {
                    format!("{port}/tcp")
                };
                config.exposed_ports.insert(key, EmptyObject::default());
            }
        }
        "volume" => {
            for path in list_form(rest) {
                config.volumes.insert(path, EmptyObject::default());
            }
        }
        "user" => config.user = rest.to_string(),
        "workdir" => config.working_dir = rest.to_string(),
        "stopsignal" => config.stop_signal = rest.to_string(),
        "onbuild" => config.on_build.push(rest.to_string()),
        _ => {}
    }
    Ok(())
}

/// Reads an exec-form JSON array, or wraps a shell-form command in
/// `/bin/sh -c`.
fn command_form(text: &str) -> Vec<String> {
    match string_array(text) {
        Some(words) => words,
        None if text.is_empty() => Vec::new(),
        None => vec!["/bin/sh".to_string(), "-c".to_string(), text.to_string()],
    }
}

/// Reads a JSON array or whitespace-separated words.
fn list_form(text: &str) -> Vec<String> {
    string_array(text).unwrap_or_else(|| text.split_whitespace().map(str::to_string).collect())
}

/// Reads a JSON array of strings.
fn string_array(text: &str) -> Option<Vec<String>> {
    crate::json::strings(&Json::parse(text).ok()?)
}

/// Reads `KEY=value ...` pairs, or the old `KEY value` form.
fn pairs(text: &str) -> Vec<(String, String)> {
    if !text
        .split_whitespace()
        .next()
        .is_some_and(|word| word.contains('='))
    {
        let (key, value) = text.split_once(char::is_whitespace).unwrap_or((text, ""));
        return vec![(key.to_string(), value.trim().to_string())];
    }
    text.split_whitespace()
        .filter_map(|pair| pair.split_once('='))
        .map(|(key, value)| (key.to_string(), value.trim_matches('"').to_string()))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn changes_apply_to_the_config() {
        let mut config = ContainerConfig::default();
        let mut cmd_set = false;
        for change in [
            "CMD [\"python\", \"app.py\"]",
            "ENV DEBUG=1 MODE=dev",
            "EXPOSE 8080",
            "WORKDIR /app",
            "ENTRYPOINT run.sh",
        ] {
            apply_change(&mut config, change, &mut cmd_set).unwrap();
        }
        assert_eq!(config.cmd, ["python", "app.py"]);
        assert_eq!(config.env, ["DEBUG=1", "MODE=dev"]);
        assert!(config.exposed_ports.contains_key("8080/tcp"));
        assert_eq!(config.working_dir, "/app");
        assert_eq!(config.entrypoint, ["/bin/sh", "-c", "run.sh"]);
    }

    #[test]
    fn entrypoint_alone_clears_cmd() {
        let mut config = ContainerConfig {
            cmd: vec!["sleep".to_string(), "infinity".to_string()],
            ..ContainerConfig::default()
        };
        apply_change(&mut config, "ENTRYPOINT [\"sh\"]", &mut false).unwrap();
        assert!(config.cmd.is_empty());
        assert_eq!(config.entrypoint, ["sh"]);
    }

    #[test]
    fn changes_reject_build_instructions() {
        let mut config = ContainerConfig::default();
        assert_eq!(
            apply_change(&mut config, "RUN apt-get update", &mut false)
                .unwrap_err()
                .message,
            "run is not a valid change command"
        );
        assert_eq!(
            apply_change(&mut config, "FOO bar", &mut false)
                .unwrap_err()
                .message,
            "dockerfile parse error on line 1: unknown instruction: FOO"
        );
    }

    #[test]
    fn author_goes_into_the_config_json() {
        let config = ImageConfig {
            architecture: "amd64".into(),
            author: String::new(),
            config: ContainerConfig::default(),
            created: "2025-10-20T09:00:00Z".into(),
            history: Vec::new(),
            os: "linux".into(),
            rootfs: RootFs {
                kind: "layers".into(),
                diff_ids: Vec::new(),
            },
            variant: None,
        };
        let authored_config = ImageConfig {
            author: "Ada <ada@example.com>".into(),
            ..config.clone()
        };
        let plain = to_canonical_json(&config);
        let authored = String::from_utf8(to_canonical_json(&authored_config)).unwrap();
        assert!(
            authored.starts_with(
                "{\"architecture\":\"amd64\",\"author\":\"Ada <ada@example.com>\",\"config\":"
            ),
            "{authored}"
        );
        assert_ne!(Digest::of(&plain), Digest::of(authored.as_bytes()));
    }
}
