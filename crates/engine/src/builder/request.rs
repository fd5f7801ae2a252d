//! What `docker build` asks the builder for, after the client has read its
//! flags (buildx `commands/build.go` and its `build.Options`).

use dockerfile::plan::Platform;
use shared_sort::SortedMap;

use crate::reference::Reference;

/// How progress is shown (`--progress`, `-q`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum ProgressMode {
    /// BuildKit's plain text, which `auto` and `tty` also give in a transcript.
    #[default]
    Plain,
    /// Nothing on standard error.
    Quiet,
}

/// The network RUN instructions get by default (`--network`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum NetworkMode {
    /// BuildKit's sandbox network, which reaches the internet.
    #[default]
    Default,
    /// No network: downloads fail as they do offline.
    None,
    /// The host's network, which needs the `network.host` entitlement.
    Host,
}

/// A build request.
#[derive(Clone, Debug, Default)]
pub struct BuildRequest {
    /// The build context directory on the client's host, absolute.
    pub context_dir: String,
    /// `-f`: the Dockerfile path as given, relative to the client's working
    /// directory or absolute.
    pub dockerfile: Option<String>,
    /// The Dockerfile path on the client's host, absolute.
    pub dockerfile_path: String,
    /// `-t` references, normalised.
    pub tags: Vec<Reference>,
    /// `--build-arg` values.
    pub build_args: SortedMap<String, String>,
    /// `--target`.
    pub target: Option<String>,
    /// `--no-cache`.
    pub no_cache: bool,
    /// `--no-cache-filter`: stages whose steps run without the cache.
    pub no_cache_filter: Vec<String>,
    /// `--pull`: resolve base images from the registry even when present.
    pub pull: bool,
    /// `--platform`: the platform to build for; the host's when `None`.
    pub platform: Option<Platform>,
    /// `--progress`, or `quiet` for `-q`.
    pub progress: ProgressMode,
    /// `-q`: print the image ID on standard output.
    pub print_id: bool,
    /// `--check`: run the build checks only.
    pub check: bool,
    /// `--label` values, set on the image.
    pub labels: SortedMap<String, String>,
    /// `--iidfile`: where on the client's host to write the image ID.
    pub iidfile: Option<String>,
    /// `--network`.
    pub network: NetworkMode,
    /// `--secret` values by id, as read from the client's files or
    /// environment when the build started.
    pub secrets: SortedMap<String, String>,
    /// `--ssh` ids, which the simulation records but cannot forward.
    pub ssh: Vec<String>,
}

impl BuildRequest {
    /// Returns whether the steps of stage `name` run without the cache.
    pub fn ignores_cache(&self, stage: &str) -> bool {
        self.no_cache
            || self
                .no_cache_filter
                .iter()
                .any(|filtered| filtered.eq_ignore_ascii_case(stage))
    }
}
