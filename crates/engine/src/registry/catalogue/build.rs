//! Builds catalogue images: layers from fragments, the config from the
//! history, then the manifest and the index, each with its real digest.

use std::sync::Arc;

use shared_sort::SortedMap;

use super::fragments::{expand, LayerWriter};
use super::history::apply_instruction;
use super::{Arch, Catalogue, CatalogueError, ImageRecipe, LayerRecipe, StepRecipe};
use crate::digest::Digest;
use crate::fs::{mix_seed, ChangeSet, Overlay};
use crate::registry::blob::{
    estimate_compressed_size, layer_blob_digest, Blob, DEFAULT_BINARY_RATIO,
};
use crate::registry::oci::{
    media_type, to_canonical_json, ContainerConfig, Descriptor, History, ImageConfig, ImageIndex,
    ImageManifest, Platform, RootFs,
};

/// The comment BuildKit writes on every history entry it creates.
const BUILDKIT_COMMENT: &str = "buildkit.dockerfile.v0";

/// The maximum length of a `from` chain, which also stops cycles.
const MAX_ANCESTRY: usize = 16;

/// One built layer.
#[derive(Clone, Debug)]
pub(crate) struct BuiltLayer {
    pub changes: Arc<ChangeSet>,
    pub diff_id: Digest,
    pub blob_digest: Digest,
    pub compressed_size: u64,
}

impl BuiltLayer {
    pub(crate) fn new(changes: ChangeSet, binary_ratio: f64) -> BuiltLayer {
        let diff_id = changes.diff_id();
        let compressed_size = estimate_compressed_size(&changes, binary_ratio);
        BuiltLayer {
            changes: Arc::new(changes),
            diff_id,
            blob_digest: layer_blob_digest(&diff_id),
            compressed_size,
        }
    }

    fn blob(&self) -> Blob {
        Blob::layer(
            media_type::OCI_LAYER_GZIP,
            self.changes.clone(),
            self.compressed_size,
        )
    }
}

/// One image built for one architecture.
#[derive(Clone, Debug)]
pub(crate) struct BuiltImage {
    pub layers: Vec<BuiltLayer>,
    pub config: ImageConfig,
    pub vars: SortedMap<String, String>,
    pub config_blob: Blob,
    pub config_digest: Digest,
    pub manifest_blob: Blob,
    pub manifest_digest: Digest,
}

impl BuiltImage {
    /// Completes an image from its layers and config: serialises the config
    /// and the manifest and hashes both.
    pub(crate) fn assemble(
        layers: Vec<BuiltLayer>,
        mut config: ImageConfig,
        vars: SortedMap<String, String>,
    ) -> BuiltImage {
        config.rootfs = RootFs {
            kind: "layers".into(),
            diff_ids: layers.iter().map(|l| l.diff_id).collect(),
        };
        let config_blob = Blob::json(media_type::OCI_CONFIG, to_canonical_json(&config));
        let config_digest = config_blob.digest();
        let manifest = ImageManifest {
            schema_version: 2,
            media_type: media_type::OCI_MANIFEST.into(),
            config: descriptor(&config_blob, config_digest, None),
            layers: layers
                .iter()
                .map(|layer| Descriptor {
                    media_type: media_type::OCI_LAYER_GZIP.into(),
                    digest: layer.blob_digest,
                    size: layer.compressed_size,
                    platform: None,
                    annotations: SortedMap::new(),
                })
                .collect(),
        };
        let manifest_blob = Blob::json(media_type::OCI_MANIFEST, to_canonical_json(&manifest));
        let manifest_digest = manifest_blob.digest();
        BuiltImage {
            layers,
            config,
            vars,
            config_blob,
            config_digest,
            manifest_blob,
            manifest_digest,
        }
    }

    /// Returns all blobs of this image: manifest, config and layers.
    pub(crate) fn blobs(&self) -> impl Iterator<Item = (Digest, Blob)> + '_ {
        let documents = [
            (self.manifest_digest, self.manifest_blob.clone()),
            (self.config_digest, self.config_blob.clone()),
        ];
        documents.into_iter().chain(
            self.layers
                .iter()
                .map(|layer| (layer.blob_digest, layer.blob())),
        )
    }
}

fn descriptor(blob: &Blob, digest: Digest, platform: Option<Platform>) -> Descriptor {
    Descriptor {
        media_type: blob.media_type.clone(),
        digest,
        size: blob.size,
        platform,
        annotations: SortedMap::new(),
    }
}

/// Builds an index over per-platform images.
// FIXME: Docker Hub's official indexes also list BuildKit attestation
// manifests (platform `unknown/unknown`); these indexes have none.
pub(crate) fn index_blob(images: &[&BuiltImage]) -> Blob {
    let index = ImageIndex {
        schema_version: 2,
        media_type: media_type::OCI_INDEX.into(),
        manifests: images
            .iter()
            .map(|image| {
                descriptor(
                    &image.manifest_blob,
                    image.manifest_digest,
                    Some(image.config.platform()),
                )
            })
            .collect(),
    };
    Blob::json(media_type::OCI_INDEX, to_canonical_json(&index))
}

/// The tags and blobs of one catalogue repository.
#[derive(Debug, Default)]
pub(crate) struct RepositoryContent {
    pub tags: SortedMap<String, Digest>,
    pub blobs: SortedMap<Digest, Blob>,
}

pub(crate) fn build_repository(
    catalogue: &Catalogue,
    repository: usize,
) -> Result<RepositoryContent, CatalogueError> {
    let mut content = RepositoryContent::default();
    for (image_index, recipe) in catalogue.repositories[repository].images.iter().enumerate() {
        let mut images = Vec::new();
        for arch in arches(recipe)? {
            let image = catalogue.built(repository, image_index, arch)?;
            content.blobs.extend(image.blobs());
            images.push(image);
        }
        let index = index_blob(&images);
        let index_digest = index.digest();
        content.blobs.insert(index_digest, index);
        for tag in &recipe.tags {
            content.tags.insert(tag.clone(), index_digest);
        }
    }
    Ok(content)
}

fn arches(recipe: &ImageRecipe) -> Result<Vec<Arch>, CatalogueError> {
    let Some(names) = &recipe.arches else {
        return Ok(Arch::ALL.to_vec());
    };
    names
        .iter()
        .map(|name| {
            Arch::from_name(name)
                .ok_or_else(|| CatalogueError::new(format!("unknown architecture {name}")))
        })
        .collect()
}

/// The parts of the parent image a child starts from.
struct Start {
    layers: Vec<BuiltLayer>,
    config: ContainerConfig,
    history: Vec<History>,
    vars: SortedMap<String, String>,
}

pub(crate) fn build_image(
    catalogue: &Catalogue,
    repository: usize,
    image: usize,
    arch: Arch,
) -> Result<BuiltImage, CatalogueError> {
    let recipe = &catalogue.repositories[repository].images[image];
    let name = format!(
        "{}:{}",
        catalogue.repositories[repository].name,
        recipe.tags.first().map_or("", String::as_str)
    );
    check_ancestry(catalogue, recipe).map_err(|e| e.context(&name))?;
    let start = start_from_parent(catalogue, recipe, arch).map_err(|e| e.context(&name))?;
    build_steps(catalogue, recipe, arch, start)
        .map_err(|e| e.context(&format!("{name} ({})", arch.name())))
}

pub(crate) fn check_ancestry(
    catalogue: &Catalogue,
    recipe: &ImageRecipe,
) -> Result<(), CatalogueError> {
    let mut current = recipe;
    for _ in 0..MAX_ANCESTRY {
        let Some(from) = &current.from else {
            return Ok(());
        };
        let Some((repository, image)) = catalogue.image_for(from) else {
            return Err(CatalogueError::new(format!(
                "parent {from} is not in the catalogue"
            )));
        };
        current = &catalogue.repositories[repository].images[image];
    }
    Err(CatalogueError::new(format!(
        "more than {MAX_ANCESTRY} parents, or a cycle"
    )))
}

fn start_from_parent(
    catalogue: &Catalogue,
    recipe: &ImageRecipe,
    arch: Arch,
) -> Result<Start, CatalogueError> {
    let mut vars: SortedMap<String, String> = arch
        .vars()
        .iter()
        .map(|(key, value)| (key.to_string(), value.to_string()))
        .collect();
    let Some(from) = &recipe.from else {
        extend_vars(&mut vars, &recipe.vars, arch);
        return Ok(Start {
            layers: Vec::new(),
            config: ContainerConfig::default(),
            history: Vec::new(),
            vars,
        });
    };
    let Some((repository, image)) = catalogue.image_for(from) else {
        return Err(CatalogueError::new(format!(
            "parent {from} is not in the catalogue"
        )));
    };
    let parent = catalogue.built(repository, image, arch)?;
    vars.extend(parent.vars.clone());
    extend_vars(&mut vars, &recipe.vars, arch);
    Ok(Start {
        layers: parent.layers.clone(),
        config: parent.config.config.clone(),
        history: parent.config.history.clone(),
        vars,
    })
}

/// Adds an image's variables. A name ending in `@amd64` or `@arm64` sets the
/// variable without the suffix for that architecture only.
fn extend_vars(vars: &mut SortedMap<String, String>, own: &SortedMap<String, String>, arch: Arch) {
    let plain = own.iter().filter(|(key, _)| !key.contains('@'));
    vars.extend(plain.map(|(key, value)| (key.clone(), value.clone())));
    for (key, value) in own {
        if let Some((name, only)) = key.split_once('@') {
            if only == arch.name() {
                vars.insert(name.to_string(), value.clone());
            }
        }
    }
}

fn build_steps(
    catalogue: &Catalogue,
    recipe: &ImageRecipe,
    arch: Arch,
    start: Start,
) -> Result<BuiltImage, CatalogueError> {
    let Start {
        mut layers,
        mut config,
        mut history,
        vars,
    } = start;
    if let Some(explicit) = &recipe.config {
        config = explicit.clone();
    }
    let default_comment = recipe
        .comment
        .clone()
        .unwrap_or_else(|| BUILDKIT_COMMENT.to_string());

    for step in &recipe.steps {
        let (created_by, comment, empty_layer) = match step {
            StepRecipe::Instruction(text) => (expand(text, &vars)?, default_comment.clone(), true),
            StepRecipe::Layer(layer) => {
                let built = build_layer(catalogue, &layers, layer, &vars, arch)?;
                let mut line_vars = vars.clone();
                line_vars.insert("diff_hex".into(), built.diff_id.hex());
                let created_by = expand(&layer.by, &line_vars)?;
                layers.push(built);
                (
                    created_by,
                    layer
                        .comment
                        .clone()
                        .unwrap_or_else(|| default_comment.clone()),
                    false,
                )
            }
        };
        apply_instruction(&mut config, &created_by);
        history.push(History {
            created: recipe.created.clone(),
            created_by,
            comment,
            empty_layer,
        });
    }

    let platform = match arch {
        Arch::Amd64 => Platform::linux_amd64(),
        Arch::Arm64 => Platform::linux_arm64(),
    };
    let image_config = ImageConfig {
        architecture: platform.architecture,
        author: String::new(),
        config,
        created: recipe.created.clone(),
        history,
        os: platform.os,
        rootfs: RootFs {
            kind: "layers".into(),
            diff_ids: Vec::new(),
        },
        variant: platform.variant,
    };
    Ok(BuiltImage::assemble(layers, image_config, vars))
}

fn build_layer(
    catalogue: &Catalogue,
    below: &[BuiltLayer],
    recipe: &LayerRecipe,
    vars: &SortedMap<String, String>,
    arch: Arch,
) -> Result<BuiltLayer, CatalogueError> {
    let overlay = Overlay::new(below.iter().map(|layer| layer.changes.clone()).collect());
    let seed = layer_seed(recipe, vars, arch);
    let mut writer = LayerWriter::new(overlay, &catalogue.fragments, vars, arch.name(), seed);
    for fragment in &recipe.frags {
        writer.apply(fragment)?;
    }
    let target = match arch {
        Arch::Amd64 => recipe.size.first(),
        Arch::Arm64 => recipe.size.get(1).or(recipe.size.first()),
    };
    let overlay = writer.finish(target.copied())?;
    Ok(BuiltLayer::new(
        overlay.into_upper(),
        recipe.ratio.unwrap_or(DEFAULT_BINARY_RATIO),
    ))
}

/// Seeds the synthetic files of a layer from everything that defines it, so
/// equal recipes give equal bytes and any difference gives different bytes.
fn layer_seed(recipe: &LayerRecipe, vars: &SortedMap<String, String>, arch: Arch) -> u64 {
    let mut seed = mix_seed(0, arch.name().as_bytes());
    for fragment in &recipe.frags {
        seed = mix_seed(seed, fragment.as_bytes());
    }
    for (key, value) in vars {
        seed = mix_seed(seed, format!("{key}={value}\n").as_bytes());
    }
    seed
}
