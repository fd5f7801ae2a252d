//! A stage's state while its steps run: its layers, image config, history,
//! build args and the cache key of its last step, as BuildKit's
//! `dispatchState` carries them from one instruction to the next.

use std::sync::Arc;

use dockerfile::shell::EnvList;

use crate::clock::Millis;
use crate::daemon::layers::chain_ids;
use crate::digest::Digest;
use crate::fs::{ChangeSet, Entry, EntryKind, Overlay};
use crate::registry::{ContainerConfig, History, ImageConfig};

/// The default shell of shell-form RUN, CMD and ENTRYPOINT on Linux.
pub const DEFAULT_SHELL: [&str; 2] = ["/bin/sh", "-c"];
/// The PATH BuildKit sets when the base image has none.
pub const DEFAULT_PATH: &str = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";
/// The comment BuildKit's Dockerfile frontend puts in image history.
pub const HISTORY_COMMENT: &str = "buildkit.dockerfile.v0";

/// One layer of a stage: its changes and whether every step that made it
/// had its effect on files modelled.
#[derive(Clone, Debug)]
pub struct StageLayer {
    pub changes: Arc<ChangeSet>,
    pub simulated: bool,
}

/// A stage's state between steps.
#[derive(Clone, Debug)]
pub struct StageState {
    pub diff_ids: Vec<Digest>,
    pub layers: Vec<StageLayer>,
    /// The base image's layers merged into one change set, which steps run
    /// on with `upper` above it. Looking a path up in two layers costs less
    /// than in the whole stack, and the changes a step makes are the same
    /// relative to either.
    base: Arc<ChangeSet>,
    /// The stage's own layers stacked into one overlay layer, keeping the
    /// whiteouts and opaque directories that hide files of `base`. Stages
    /// built from this one share `base` and copy only this.
    upper: Arc<ChangeSet>,
    pub config: ContainerConfig,
    /// `MAINTAINER`.
    pub author: String,
    pub history: Vec<History>,
    /// How many history entries come from the base image; the rest are
    /// this build's.
    pub base_history: usize,
    /// Cache key of the last step; the base's identity at the start.
    pub key: Digest,
    /// ARGs in effect, in declaration order: BuildKit's `buildArgs`, which
    /// a RUN's history entry lists.
    pub args: Vec<(String, Option<String>)>,
    /// The variables RUN gets, as BuildKit's LLB state keeps them: the
    /// base's ENV, then each ENV and each ARG with a value. A later
    /// definition of a name replaces the earlier one and moves to the end.
    pub env: Vec<(String, String)>,
    /// When the last step that made a layer ran.
    pub created: Millis,
    /// The architecture RUN steps see.
    pub architecture: String,
    /// Whether a CMD was set in this stage, which ENTRYPOINT then keeps.
    pub cmd_set: bool,
}

impl StageState {
    /// Returns the state of `FROM scratch` for `architecture`.
    pub fn scratch(architecture: &str, now: Millis) -> Self {
        let config = ContainerConfig {
            env: vec![format!("PATH={DEFAULT_PATH}")],
            ..ContainerConfig::default()
        };
        Self {
            diff_ids: Vec::new(),
            layers: Vec::new(),
            base: Arc::new(ChangeSet::new()),
            upper: Arc::new(ChangeSet::new()),
            config,
            author: String::new(),
            history: Vec::new(),
            base_history: 0,
            key: Digest::of(format!("scratch {architecture}").as_bytes()),
            args: Vec::new(),
            env: vec![("PATH".to_string(), DEFAULT_PATH.to_string())],
            created: now,
            architecture: architecture.to_string(),
            cmd_set: false,
        }
    }

    /// Returns the state of a stage that starts from an image whose layers
    /// are `layers`.
    pub fn from_image(
        id: Digest,
        config: &ImageConfig,
        layers: Vec<Arc<ChangeSet>>,
        created: Millis,
    ) -> Self {
        let mut container = config.config.clone();
        // The base's triggers run in this stage and are not inherited further.
        container.on_build.clear();
        if container.env_value("PATH").is_none() {
            container.env.push(format!("PATH={DEFAULT_PATH}"));
        }
        let env = container
            .env
            .iter()
            .map(|pair| {
                let (name, value) = pair.split_once('=').unwrap_or((pair, ""));
                (name.to_string(), value.to_string())
            })
            .collect();
        Self {
            base: flatten(&layers),
            upper: Arc::new(ChangeSet::new()),
            diff_ids: config.rootfs.diff_ids.clone(),
            layers: layers
                .into_iter()
                .map(|changes| StageLayer {
                    changes,
                    simulated: true,
                })
                .collect(),
            config: container,
            author: config.author.clone(),
            history: config.history.clone(),
            base_history: config.history.len(),
            key: id,
            args: Vec::new(),
            env,
            created,
            architecture: config.architecture.clone(),
            cmd_set: false,
        }
    }

    /// Returns the state a stage built `FROM` this one starts with: the same
    /// files, config and args, with the ONBUILD triggers consumed.
    pub fn inherited(&self) -> Self {
        let mut state = self.clone();
        state.config.on_build.clear();
        state.cmd_set = false;
        state
    }

    /// Returns the stage's files.
    pub fn files(&self) -> Overlay {
        Overlay::new(vec![self.base.clone(), self.upper.clone()])
    }

    /// Returns the chain IDs of the layers, bottom first.
    pub fn chain(&self) -> Vec<Digest> {
        chain_ids(&self.diff_ids)
    }

    /// Returns the working directory, `/` when none is set.
    pub fn workdir(&self) -> String {
        if self.config.working_dir.is_empty() {
            "/".to_string()
        } else {
            self.config.working_dir.clone()
        }
    }

    /// Returns the shell of shell-form commands.
    pub fn shell(&self) -> Vec<String> {
        if self.config.shell.is_empty() {
            DEFAULT_SHELL.iter().map(|part| part.to_string()).collect()
        } else {
            self.config.shell.clone()
        }
    }

    /// Sets a variable that RUN gets, moving it to the end.
    pub fn set_variable(&mut self, name: &str, value: &str) {
        self.env.retain(|(known, _)| known != name);
        self.env.push((name.to_string(), value.to_string()));
    }

    /// Returns the value of a variable that RUN gets.
    pub fn variable(&self, name: &str) -> Option<&str> {
        self.env
            .iter()
            .find(|(known, _)| known == name)
            .map(|(_, value)| value.as_str())
    }

    /// Returns the environment a RUN step sees, as `NAME=value` entries.
    pub fn run_environment(&self) -> Vec<String> {
        self.env
            .iter()
            .map(|(name, value)| format!("{name}={value}"))
            .collect()
    }

    /// Returns the variables that expand in vertex names.
    pub fn name_environment(&self) -> EnvList {
        EnvList::from_entries(self.run_environment())
    }

    /// Returns BuildKit's `|N NAME=value ...` prefix of a RUN's history
    /// entry, which lists the stage's ARGs; empty when there are none.
    pub fn args_prefix(&self) -> String {
        let mut pairs: Vec<(String, String)> = Vec::new();
        for (name, value) in &self.args {
            let value = self
                .variable(name)
                .map(str::to_string)
                .or_else(|| value.clone())
                .unwrap_or_default();
            match pairs.iter_mut().find(|(known, _)| known == name) {
                Some(pair) => pair.1 = value,
                None => pairs.push((name.clone(), value)),
            }
        }
        if pairs.is_empty() {
            return String::new();
        }
        let listed: Vec<String> = pairs
            .iter()
            .map(|(name, value)| format!("{name}={value}"))
            .collect();
        format!("|{} {} ", pairs.len(), listed.join(" "))
    }

    /// Returns the history with BuildKit's times for this build's entries
    /// that made no layer: the time of the last layer before them, or of
    /// this build's first layer for those that come before it, so that the
    /// first metadata instructions do not take the base image's time.
    pub fn timed_history(&self) -> Vec<History> {
        let mut history = self.history.clone();
        let new = self.base_history.min(history.len());
        let Some(first_layer) = history[new..]
            .iter()
            .find(|entry| !entry.empty_layer)
            .map(|entry| entry.created.clone())
        else {
            return history;
        };
        let mut created = first_layer;
        for entry in &mut history[new..] {
            match entry.empty_layer {
                true => entry.created = created.clone(),
                false => created = entry.created.clone(),
            }
        }
        history
    }

    /// Adds a step's layer, or an empty history entry when it made none.
    pub fn push_layer(
        &mut self,
        changes: Option<Arc<ChangeSet>>,
        simulated: bool,
        history: History,
    ) {
        let mut history = history;
        match changes {
            Some(changes) => {
                stack_layer(Arc::make_mut(&mut self.upper), &changes);
                self.diff_ids.push(changes.diff_id());
                self.layers.push(StageLayer { changes, simulated });
                history.empty_layer = false;
            }
            None => history.empty_layer = true,
        }
        self.history.push(history);
    }
}

/// Merges an image's layers, bottom first, into one change set. A bottom
/// layer without whiteouts or opaque directories already is its merged view,
/// so a single-layer image such as alpine shares its layer without a copy.
fn flatten(layers: &[Arc<ChangeSet>]) -> Arc<ChangeSet> {
    let Some((bottom, rest)) = layers.split_first() else {
        return Arc::new(ChangeSet::new());
    };
    let plain = bottom.iter().all(|(_, entry)| {
        matches!(
            entry.kind,
            EntryKind::Directory | EntryKind::File(_) | EntryKind::Symlink(_)
        )
    });
    let mut flat = match plain {
        true => bottom.clone(),
        false => {
            let mut merged = ChangeSet::new();
            merge_layer(&mut merged, bottom);
            Arc::new(merged)
        }
    };
    for layer in rest {
        merge_layer(Arc::make_mut(&mut flat), layer);
    }
    flat
}

/// Stacks a layer onto the overlay layer below it, so that the two make one
/// overlay layer that shows the same files over any lower layers. An entry
/// that replaces a path drops what the lower layer had under it. A directory
/// that replaces a file, a link or a whiteout becomes opaque, because the
/// file had hidden the directory's contents in the layers further below.
fn stack_layer(upper: &mut ChangeSet, layer: &ChangeSet) {
    for (path, entry) in layer.iter() {
        match &entry.kind {
            EntryKind::Directory => {
                let hides_lower = upper
                    .get(path)
                    .is_some_and(|old| old.kind != EntryKind::Directory);
                let kind = if hides_lower {
                    EntryKind::OpaqueDirectory
                } else {
                    EntryKind::Directory
                };
                upper.insert(
                    path.clone(),
                    Entry {
                        kind,
                        ..entry.clone()
                    },
                );
            }
            EntryKind::OpaqueDirectory
            | EntryKind::Whiteout
            | EntryKind::File(_)
            | EntryKind::Symlink(_) => {
                upper.remove_subtree(path);
                upper.insert(path.clone(), entry.clone());
            }
        }
    }
}

/// Merges a layer into the change set below it, as the overlay shows them:
/// a whiteout deletes a path and everything under it, an opaque directory
/// hides what was under it, a file or link replaces a directory's subtree.
fn merge_layer(flat: &mut ChangeSet, layer: &ChangeSet) {
    for (path, entry) in layer.iter() {
        match &entry.kind {
            EntryKind::Whiteout => flat.remove_subtree(path),
            EntryKind::OpaqueDirectory => {
                flat.remove_subtree(path);
                flat.insert(
                    path.clone(),
                    Entry {
                        kind: EntryKind::Directory,
                        ..entry.clone()
                    },
                );
            }
            EntryKind::Directory => flat.insert(path.clone(), entry.clone()),
            EntryKind::File(_) | EntryKind::Symlink(_) => {
                flat.remove_subtree(path);
                flat.insert(path.clone(), entry.clone());
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fs::FsPath;

    #[test]
    fn flat_view_matches_layer_stack() {
        let mut lower = ChangeSet::new();
        for (path, entry) in [
            ("/a", Entry::directory(0o755)),
            ("/a/one", Entry::text("1", 0o644)),
            ("/b", Entry::directory(0o755)),
            ("/b/two", Entry::text("2", 0o644)),
            ("/c", Entry::text("c", 0o644)),
        ] {
            lower.insert(FsPath::new(path), entry);
        }
        let mut upper = ChangeSet::new();
        for (path, entry) in [
            (
                "/a",
                Entry {
                    kind: EntryKind::OpaqueDirectory,
                    ..Entry::directory(0o700)
                },
            ),
            ("/a/new", Entry::text("n", 0o644)),
            ("/b/two", Entry::whiteout()),
            ("/c", Entry::directory(0o755)),
        ] {
            upper.insert(FsPath::new(path), entry);
        }
        let stacked = Overlay::new(vec![Arc::new(lower.clone()), Arc::new(upper.clone())]);
        let lower_copy = lower.clone();
        let mut flat = lower;
        merge_layer(&mut flat, &upper);
        let flat = Overlay::new(vec![Arc::new(flat)]);
        let flattened = Overlay::new(vec![flatten(&[Arc::new(lower_copy), Arc::new(upper)])]);
        let listing = |overlay: &Overlay| -> Vec<(String, u32)> {
            overlay
                .walk("/")
                .unwrap()
                .into_iter()
                .map(|(path, meta)| (path.as_str().to_string(), meta.mode))
                .collect()
        };
        assert_eq!(listing(&flat), listing(&stacked));
        assert_eq!(listing(&flattened), listing(&stacked));
    }

    fn change_set(entries: Vec<(&str, Entry)>) -> ChangeSet {
        let mut changes = ChangeSet::new();
        for (path, entry) in entries {
            changes.insert(FsPath::new(path), entry);
        }
        changes
    }

    #[test]
    fn stacked_layers_match_layer_stack() {
        let opaque = |mode| Entry {
            kind: EntryKind::OpaqueDirectory,
            ..Entry::directory(mode)
        };
        let base = change_set(vec![
            ("/a", Entry::directory(0o755)),
            ("/a/one", Entry::text("1", 0o644)),
            ("/b", Entry::directory(0o755)),
            ("/b/two", Entry::text("2", 0o644)),
            ("/c", Entry::text("c", 0o644)),
            ("/d", Entry::directory(0o755)),
            ("/d/x", Entry::text("x", 0o644)),
            ("/e", Entry::directory(0o755)),
            ("/e/y", Entry::text("y", 0o644)),
            ("/f", Entry::directory(0o755)),
            ("/f/z", Entry::text("z", 0o644)),
        ]);
        let first = change_set(vec![
            ("/a", opaque(0o700)),
            ("/a/new", Entry::text("n", 0o644)),
            ("/b/two", Entry::whiteout()),
            ("/c", Entry::directory(0o755)),
            ("/c/f", Entry::text("f", 0o644)),
            ("/d", Entry::whiteout()),
            ("/f", Entry::text("file", 0o600)),
        ]);
        let second = change_set(vec![
            ("/a/new", Entry::whiteout()),
            ("/b", Entry::directory(0o750)),
            ("/b/three", Entry::text("3", 0o644)),
            ("/d", Entry::directory(0o711)),
            ("/e", Entry::text("e", 0o644)),
            ("/f", Entry::directory(0o755)),
        ]);
        let stacked = Overlay::new(vec![
            Arc::new(base.clone()),
            Arc::new(first.clone()),
            Arc::new(second.clone()),
        ]);
        let mut upper = ChangeSet::new();
        stack_layer(&mut upper, &first);
        stack_layer(&mut upper, &second);
        let two_layers = Overlay::new(vec![Arc::new(base), Arc::new(upper)]);
        let listing = |overlay: &Overlay| -> Vec<(String, u32)> {
            overlay
                .walk("/")
                .unwrap()
                .into_iter()
                .map(|(path, meta)| (path.as_str().to_string(), meta.mode))
                .collect()
        };
        assert_eq!(listing(&two_layers), listing(&stacked));
        assert!(
            listing(&stacked).iter().any(|(path, _)| path == "/b/three"),
            "the table exercises new files"
        );
        assert!(
            !listing(&stacked)
                .iter()
                .any(|(path, _)| path == "/d/x" || path == "/f/z"),
            "the table exercises hidden directories"
        );
    }

    #[test]
    fn args_prefix_lists_args_once() {
        let mut state = StageState::scratch("amd64", 0);
        assert_eq!(state.args_prefix(), "");
        state.args = vec![
            ("VERSION".into(), Some("1".into())),
            ("EMPTY".into(), None),
            ("VERSION".into(), Some("2".into())),
        ];
        state.set_variable("VERSION", "2");
        assert_eq!(state.args_prefix(), "|2 VERSION=2 EMPTY= ");
    }

    #[test]
    fn history_times_follow_layers() {
        let mut state = StageState::scratch("amd64", 0);
        let entry = |created: &str, empty_layer: bool| History {
            created: created.into(),
            created_by: String::new(),
            comment: String::new(),
            empty_layer,
        };
        state.history = vec![
            entry("base", false),
            entry("base", true),
            entry("t1", false),
            entry("t1", true),
            entry("t2", false),
            entry("t2", true),
        ];
        state.base_history = 1;
        state.history[1].created = "old".into();
        state.history[3].created = "old".into();
        let times: Vec<String> = state
            .timed_history()
            .into_iter()
            .map(|entry| entry.created)
            .collect();
        assert_eq!(times, ["base", "t1", "t1", "t1", "t2", "t2"]);
    }

    #[test]
    fn later_definition_wins_and_moves_last() {
        let mut state = StageState::scratch("amd64", 0);
        state.set_variable("MODE", "env");
        state.set_variable("LEVEL", "3");
        state.set_variable("MODE", "arg");
        assert_eq!(
            state.run_environment(),
            [
                format!("PATH={DEFAULT_PATH}"),
                "LEVEL=3".into(),
                "MODE=arg".into()
            ]
        );
    }
}
