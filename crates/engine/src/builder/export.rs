//! Exporting the target stage as an image with the docker driver's classic
//! image store: the layers go to the layer store, the config's digest is
//! the image ID, and `-t` names it (`exporting to image`).
//!
//! The image config is the stage's, with the `--label` values added as
//! BuildKit's `finalizeResultImage` adds them, and the platform the build
//! was for.

use super::exec::Build;
use super::progress::{Completion, Line, Status};
use super::report::Failure;
use super::state::StageState;
use crate::clock;
use crate::daemon::images::Image;
use crate::digest::Digest;
use crate::events::Change;
use crate::registry::{to_canonical_json, ImageConfig, RootFs};

impl Build<'_> {
    /// Writes the image: config, layers, tags; prints `exporting to image`.
    pub(super) fn export(&mut self, state: &StageState) -> Result<Digest, Failure> {
        let started = self.cx.now();
        let host = self.host.clone();
        let image_config = self.image_config(state);
        let config_json = to_canonical_json(&image_config);
        let image_id = Digest::of(&config_json);
        let chain = state.chain();

        let daemon = &mut self.world.hosts.get_mut(&host).expect("host exists").daemon;
        let mut new_bytes = 0;
        for ((chain_id, diff_id), layer) in chain.iter().zip(&state.diff_ids).zip(&state.layers) {
            if daemon
                .layers
                .insert(*chain_id, *diff_id, layer.changes.clone())
            {
                new_bytes += layer.changes.size();
                self.cx.change(Change::LayerStored {
                    host: host.clone(),
                    diff_id: diff_id.to_string(),
                    size: layer.changes.size(),
                });
            }
            if !layer.simulated {
                daemon.layers.mark_not_simulated(chain_id);
            }
        }
        if daemon.images.get(&image_id).is_none() {
            let size = chain
                .iter()
                .filter_map(|id| daemon.layers.get(id))
                .map(|layer| layer.size)
                .sum();
            daemon.layers.retain(&chain);
            let created = clock::parse_rfc3339(&image_config.created).unwrap_or(self.cx.now());
            daemon.images.insert(Image {
                id: image_id,
                config: image_config,
                config_json,
                created,
                chain,
                size,
                repo_digests: Vec::new(),
                parent: None,
            });
            self.cx.change(Change::ImageStored {
                host: host.clone(),
                image_id: image_id.to_string(),
            });
        }

        let export_ms = 20 + new_bytes / 200_000;
        let mut lines = vec![status("exporting layers", started, started + export_ms)];
        let mut clock_at = started + export_ms;
        lines.push(status(
            &format!("writing image {image_id}"),
            clock_at,
            clock_at + 5,
        ));
        clock_at += 5;
        for tag in &self.request.tags {
            self.tag(tag, image_id);
            lines.push(status(&format!("naming to {tag}"), clock_at, clock_at + 2));
            clock_at += 2;
        }
        self.cx.advance(clock_at - started + 10);
        self.vertex_now("exporting to image", started, lines, Completion::Done);
        Ok(image_id)
    }

    /// Returns the image config of the target stage.
    fn image_config(&self, state: &StageState) -> ImageConfig {
        let mut config = state.config.clone();
        config.env.retain(|pair| !pair.is_empty());
        for (key, value) in &self.request.labels {
            config.labels.insert(key.clone(), value.clone());
        }
        let created = state
            .history
            .iter()
            .rev()
            .find(|entry| !entry.empty_layer)
            .map(|entry| entry.created.clone())
            .unwrap_or_else(|| clock::rfc3339(state.created));
        // containerd's `platforms.Normalize` drops arm64's `v8`, so BuildKit
        // writes no variant for it.
        let platform = self.target_platform();
        let variant = platform
            .variant
            .filter(|variant| !(platform.architecture == "arm64" && variant == "v8"));
        ImageConfig {
            architecture: platform.architecture,
            author: state.author.clone(),
            config,
            created,
            history: state.timed_history(),
            os: platform.os,
            rootfs: RootFs {
                kind: "layers".to_string(),
                diff_ids: state.diff_ids.clone(),
            },
            variant,
        }
    }

    /// Points `tag` at the image, leaving the image it named before dangling.
    fn tag(&mut self, tag: &crate::reference::Reference, image_id: Digest) {
        let host = self.host.clone();
        let daemon = &mut self.world.hosts.get_mut(&host).expect("host exists").daemon;
        let previous = daemon.images.tag(tag, image_id);
        self.cx.change(Change::ImageTagged {
            host: host.clone(),
            image_id: image_id.to_string(),
            reference: tag.familiar_string(),
        });
        if let Some(previous) = previous.filter(|previous| *previous != image_id) {
            let still_tagged = !daemon.images.tags_of(&previous).is_empty();
            let used = daemon
                .containers
                .iter()
                .any(|container| container.image_id == previous);
            if !still_tagged && !used {
                self.cx.change(Change::ImageUntagged {
                    host,
                    image_id: previous.to_string(),
                    reference: tag.familiar_string(),
                });
            }
        }
    }
}

fn status(id: &str, started: u64, completed: u64) -> Line {
    Line::Status(Status {
        id: id.to_string(),
        current: 0,
        total: 0,
        started: Some(started),
        completed: Some(completed),
    })
}
