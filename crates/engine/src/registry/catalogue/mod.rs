//! The Docker Hub catalogue: real repositories described as data and built
//! into images on first use.
//!
//! `data/registry/repositories.json` lists repositories (name, description,
//! stars, official flag) and their images. An image names the tags that point
//! to it, its parent (`from`), its creation time, variables for the fragment
//! templates, and its history steps. A string step is an instruction that
//! makes no layer, and its effect on the config is read from the text. An
//! object step is a layer built from `data/registry/fragments.txt`, with a
//! size per architecture. Images are built for `linux/amd64` and
//! `linux/arm64/v8`.
//!
//! Image fields:
//!
//! - `tags`, `created` (RFC 3339), `arches` and `steps`;
//! - `from`: the parent, a `repository:tag` in the catalogue;
//! - `vars`: template variables, where a name ending in `@amd64` or `@arm64`
//!   applies to that architecture only;
//! - `config`: a complete config, for images not built from a Dockerfile;
//! - `comment`: the history comment, BuildKit's `buildkit.dockerfile.v0` by
//!   default.
//!
//! Layer fields: `by` (the history line, where `{{diff_hex}}` stands for the
//! layer's diff ID in hex), `frags`, `size` (bytes for amd64, then arm64),
//! `ratio` (the gzip ratio of synthetic bytes) and `comment`.
//!
//! Parsing happens once, on first use. Building is lazy and cached per image
//! and architecture, so a pull of `python:3.12-slim` builds that image and its
//! parents only. Everything is deterministic: the same data gives the same
//! digests on every run and every machine.

mod build;
mod fragments;
mod history;
mod read;

use std::fmt;
use std::sync::OnceLock;

use shared_sort::SortedMap;

use super::oci::ContainerConfig;
pub(crate) use build::{index_blob, BuiltImage, BuiltLayer, RepositoryContent};
pub(crate) use fragments::Fragments;

const REPOSITORIES_JSON: &str = include_str!("../../../data/registry/repositories.json");
const FRAGMENTS_TXT: &str = include_str!("../../../data/registry/fragments.txt");

/// A problem in the catalogue data, naming where it is.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CatalogueError {
    message: String,
}

impl CatalogueError {
    pub(crate) fn new(message: String) -> CatalogueError {
        CatalogueError { message }
    }

    pub(crate) fn context(self, context: &str) -> CatalogueError {
        CatalogueError {
            message: format!("{context}: {}", self.message),
        }
    }
}

impl fmt::Display for CatalogueError {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str(&self.message)
    }
}

impl std::error::Error for CatalogueError {}

/// A CPU architecture the catalogue builds images for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Arch {
    /// `linux/amd64`.
    Amd64,
    /// `linux/arm64/v8`.
    Arm64,
}

impl Arch {
    /// Both architectures, in index order.
    pub const ALL: [Arch; 2] = [Arch::Amd64, Arch::Arm64];

    /// Go's name for the architecture.
    pub fn name(self) -> &'static str {
        match self {
            Arch::Amd64 => "amd64",
            Arch::Arm64 => "arm64",
        }
    }

    /// Returns the architecture with Go's name `name`.
    pub fn from_name(name: &str) -> Option<Arch> {
        Arch::ALL.into_iter().find(|arch| arch.name() == name)
    }

    /// Returns the template variables this architecture defines for fragments.
    fn vars(self) -> [(&'static str, &'static str); 5] {
        match self {
            Arch::Amd64 => [
                ("arch", "amd64"),
                ("triplet", "x86_64-linux-gnu"),
                ("uname", "x86_64"),
                ("ld", "ld-linux-x86-64.so.2"),
                ("variant", ""),
            ],
            Arch::Arm64 => [
                ("arch", "arm64"),
                ("triplet", "aarch64-linux-gnu"),
                ("uname", "aarch64"),
                ("ld", "ld-linux-aarch64.so.1"),
                ("variant", "v8"),
            ],
        }
    }
}

/// A repository as the catalogue describes it.
#[derive(Debug)]
pub(crate) struct RepositoryRecipe {
    pub name: String,
    pub description: String,
    pub stars: u32,
    pub official: bool,
    pub images: Vec<ImageRecipe>,
}

/// One image (one index) and the tags that point to it.
#[derive(Debug)]
pub(crate) struct ImageRecipe {
    pub tags: Vec<String>,
    pub from: Option<String>,
    pub created: String,
    pub vars: SortedMap<String, String>,
    pub config: Option<ContainerConfig>,
    pub comment: Option<String>,
    pub arches: Option<Vec<String>>,
    pub steps: Vec<StepRecipe>,
}

/// A history step: an instruction without a layer, or a layer.
#[derive(Debug)]
pub(crate) enum StepRecipe {
    Instruction(String),
    Layer(LayerRecipe),
}

/// A layer built from fragments.
#[derive(Debug)]
pub(crate) struct LayerRecipe {
    pub by: String,
    pub frags: Vec<String>,
    pub size: Vec<u64>,
    pub ratio: Option<f64>,
    pub comment: Option<String>,
}

/// A value built on first use, or the reason it could not be built.
type BuildCell<T> = OnceLock<Result<T, CatalogueError>>;

/// The parsed catalogue.
pub(crate) struct Catalogue {
    pub repositories: Vec<RepositoryRecipe>,
    pub fragments: Fragments,
    /// `(repository index, image index)` by `(repository path, tag)`.
    tags: SortedMap<(String, String), (usize, usize)>,
    built: Vec<Vec<[BuildCell<BuiltImage>; 2]>>,
    indexes: Vec<BuildCell<RepositoryContent>>,
}

impl Catalogue {
    fn parse() -> Result<Catalogue, CatalogueError> {
        let repositories = read::repositories(REPOSITORIES_JSON)?;
        let fragments = Fragments::parse(FRAGMENTS_TXT)?;
        let mut tags = SortedMap::new();
        for (repository_index, repository) in repositories.iter().enumerate() {
            for (image_index, image) in repository.images.iter().enumerate() {
                for tag in &image.tags {
                    let key = (repository.name.clone(), tag.clone());
                    if tags.insert(key, (repository_index, image_index)).is_some() {
                        return Err(CatalogueError::new(format!(
                            "{}:{tag} is listed twice",
                            repository.name
                        )));
                    }
                }
            }
        }
        let built = repositories
            .iter()
            .map(|repository| {
                repository
                    .images
                    .iter()
                    .map(|_| [OnceLock::new(), OnceLock::new()])
                    .collect()
            })
            .collect();
        let indexes = repositories.iter().map(|_| OnceLock::new()).collect();
        Ok(Catalogue {
            repositories,
            fragments,
            tags,
            built,
            indexes,
        })
    }

    /// Returns the repository with path `name` (such as `library/python`).
    pub(crate) fn repository_index(&self, name: &str) -> Option<usize> {
        self.repositories
            .iter()
            .position(|repository| repository.name == name)
    }

    /// Returns the image that `reference` (`python:3.12-slim`, `bitnami/nginx`,
    /// `library/debian:bookworm`) names.
    pub(crate) fn image_for(&self, reference: &str) -> Option<(usize, usize)> {
        let (name, tag) = split_reference(reference);
        self.tags.get(&(name, tag)).copied()
    }

    /// Builds the image for `arch` on first use and returns it.
    pub(crate) fn built(
        &self,
        repository: usize,
        image: usize,
        arch: Arch,
    ) -> Result<&BuiltImage, CatalogueError> {
        let cell = &self.built[repository][image][arch as usize];
        cell.get_or_init(|| build::build_image(self, repository, image, arch))
            .as_ref()
            .map_err(Clone::clone)
    }

    /// Builds the tags and blobs of a repository on first use and returns them.
    pub(crate) fn content(&self, repository: usize) -> Result<&RepositoryContent, CatalogueError> {
        let cell = &self.indexes[repository];
        cell.get_or_init(|| build::build_repository(self, repository))
            .as_ref()
            .map_err(Clone::clone)
    }
}

/// Splits a short reference into a repository path and a tag (`latest` if
/// none), adding `library/` to a one-component name.
fn split_reference(reference: &str) -> (String, String) {
    let (name, tag) = match reference.rsplit_once(':') {
        Some((name, tag)) if !tag.contains('/') => (name, tag),
        _ => (reference, "latest"),
    };
    let path = if name.contains('/') {
        name.to_string()
    } else {
        format!("library/{name}")
    };
    (path, tag.to_string())
}

static CATALOGUE: OnceLock<Result<Catalogue, CatalogueError>> = OnceLock::new();

/// Parses the catalogue on first use and returns it.
pub(crate) fn catalogue() -> Result<&'static Catalogue, CatalogueError> {
    CATALOGUE
        .get_or_init(Catalogue::parse)
        .as_ref()
        .map_err(Clone::clone)
}

#[cfg(test)]
mod tests;
