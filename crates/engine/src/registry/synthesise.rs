//! Permissive mode: a plausible image for any well-formed repository and tag.
//!
//! So that arbitrary real-world Dockerfiles build, a registry in permissive
//! mode responds to a missing repository or tag with a synthesised image
//! instead of Docker Hub's error. Everything derives from a hash of `path:tag`: the
//! base (the catalogue's `debian:bookworm-slim` or `alpine:3.22`), the size
//! of the one added layer, and its synthetic bytes. The image carries the
//! label `org.porthole.synthesised=true` and the repository is marked
//! [`Origin::Synthesised`], so the page can show that it is made up.

use shared_sort::SortedMap;

use super::catalogue::{self, Arch, BuiltImage, BuiltLayer};
use super::error::RegistryError;
use super::oci::History;
use super::storage::{Origin, Registry};
use crate::digest::Digest;
use crate::fs::{mix_seed, ChangeSet, Content, Entry, FsPath};

/// The label that marks a synthesised image.
pub const SYNTHESISED_LABEL: &str = "org.porthole.synthesised";

const DEBIAN_BASE: &str = "debian:bookworm-slim";
const ALPINE_BASE: &str = "alpine:3.22";
const CREATED: &str = "2025-06-01T00:00:00Z";

impl Registry {
    /// Synthesises `repository:tag`, stores it, and returns its index digest.
    /// An existing tag is returned unchanged.
    pub fn synthesise(&mut self, repository: &str, tag: &str) -> Result<Digest, RegistryError> {
        validate_repository(repository)?;
        validate_tag(tag)?;
        if let Ok(existing) = self.resolve(repository, tag) {
            return Ok(existing);
        }
        let seed = Digest::of(format!("{repository}:{tag}").as_bytes()).seed();
        let base = if seed.is_multiple_of(2) {
            DEBIAN_BASE
        } else {
            ALPINE_BASE
        };
        let catalogue =
            catalogue::catalogue().map_err(|e| RegistryError::ManifestInvalid(e.to_string()))?;
        let (base_repository, base_image) = catalogue
            .image_for(base)
            .ok_or_else(|| RegistryError::ManifestInvalid(format!("{base} missing")))?;

        let mut images = Vec::new();
        for arch in Arch::ALL {
            let parent = catalogue
                .built(base_repository, base_image, arch)
                .map_err(|e| RegistryError::ManifestInvalid(e.to_string()))?;
            images.push(synthesise_image(parent, repository, tag, seed, arch));
        }
        let index = catalogue::index_blob(&images.iter().collect::<Vec<_>>());
        let index_digest = index.digest();
        for image in &images {
            for (digest, blob) in image.blobs() {
                self.store_blob(repository, Origin::Synthesised, digest, blob);
            }
        }
        self.store_blob(repository, Origin::Synthesised, index_digest, index);
        self.local_mut(repository, Origin::Synthesised)
            .tags
            .insert(tag.to_string(), index_digest);
        Ok(index_digest)
    }
}

fn synthesise_image(
    parent: &BuiltImage,
    repository: &str,
    tag: &str,
    seed: u64,
    arch: Arch,
) -> BuiltImage {
    let name = repository.rsplit('/').next().unwrap_or(repository);
    let layer = BuiltLayer::new(synthesised_layer(name, repository, tag, seed, arch), 0.4);
    let mut layers = parent.layers.clone();
    layers.push(layer);

    let mut config = parent.config.clone();
    config
        .config
        .labels
        .insert(SYNTHESISED_LABEL.into(), "true".into());
    config
        .config
        .labels
        .insert("org.opencontainers.image.title".into(), name.to_string());
    config.created = CREATED.into();
    config.history.push(History {
        created: CREATED.into(),
        created_by: format!("COPY {name} /usr/local/bin/{name} # buildkit"),
        comment: "buildkit.dockerfile.v0".into(),
        empty_layer: false,
    });
    config.history.push(History {
        created: CREATED.into(),
        created_by: format!("LABEL {SYNTHESISED_LABEL}=true"),
        comment: "buildkit.dockerfile.v0".into(),
        empty_layer: true,
    });
    BuiltImage::assemble(layers, config, SortedMap::new())
}

fn synthesised_layer(name: &str, repository: &str, tag: &str, seed: u64, arch: Arch) -> ChangeSet {
    let arch_seed = mix_seed(seed, arch.name().as_bytes());
    let binary_size = 2_000_000 + seed % 58_000_000;
    let readme = format!(
        "{repository}:{tag} is not in Porthole's catalogue.\n\
         Porthole synthesised this image in permissive mode so that builds can go on.\n"
    );
    [
        (FsPath::new("/usr"), Entry::directory(0o755)),
        (FsPath::new("/usr/local"), Entry::directory(0o755)),
        (FsPath::new("/usr/local/bin"), Entry::directory(0o755)),
        (
            FsPath::new("/usr/local/bin").join(name),
            Entry::file(
                Content::Synthetic {
                    size: binary_size,
                    seed: arch_seed,
                },
                0o755,
            ),
        ),
        (FsPath::new("/opt"), Entry::directory(0o755)),
        (FsPath::new("/opt").join(name), Entry::directory(0o755)),
        (
            FsPath::new("/opt").join(name).join("README"),
            Entry::text(&readme, 0o644),
        ),
    ]
    .into_iter()
    .collect()
}

/// Checks a repository path against the distribution reference grammar:
/// components of `[a-z0-9]` runs joined by `.`, `_`, `__` or runs of `-`,
/// separated by `/`, at most 255 characters.
pub fn validate_repository(path: &str) -> Result<(), RegistryError> {
    let valid = !path.is_empty() && path.len() <= 255 && path.split('/').all(valid_component);
    if valid {
        Ok(())
    } else {
        Err(RegistryError::NameInvalid(path.to_string()))
    }
}

fn valid_component(component: &str) -> bool {
    let bytes = component.as_bytes();
    let alphanumeric = |b: &u8| b.is_ascii_lowercase() || b.is_ascii_digit();
    if !bytes.first().is_some_and(alphanumeric) || !bytes.last().is_some_and(alphanumeric) {
        return false;
    }
    let mut index = 0;
    while index < bytes.len() {
        if alphanumeric(&bytes[index]) {
            index += 1;
            continue;
        }
        let separator_end = bytes[index..]
            .iter()
            .position(alphanumeric)
            .map_or(bytes.len(), |n| index + n);
        let separator = &component[index..separator_end];
        let valid = matches!(separator, "." | "_" | "__") || separator.bytes().all(|b| b == b'-');
        if !valid {
            return false;
        }
        index = separator_end;
    }
    true
}

/// Checks a tag: a word character, then up to 127 word characters, `.` or `-`.
pub fn validate_tag(tag: &str) -> Result<(), RegistryError> {
    let word = |b: u8| b.is_ascii_alphanumeric() || b == b'_';
    let bytes = tag.as_bytes();
    let valid = bytes.first().is_some_and(|b| word(*b))
        && bytes.len() <= 128
        && bytes.iter().all(|b| word(*b) || *b == b'.' || *b == b'-');
    if valid {
        Ok(())
    } else {
        Err(RegistryError::TagInvalid(tag.to_string()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::registry::oci::Platform;

    #[test]
    fn repository_grammar_table() {
        let cases = [
            ("library/python", true),
            ("docker---rules/docker", true),
            ("dock__er/docker", true),
            ("d/docker", true),
            ("a.b_c/x", true),
            ("-docker", false),
            ("docker-/docker", false),
            ("dock..er/docker", false),
            ("____/____", false),
            ("docker///docker", false),
            ("docker/", false),
            ("Docker/x", false),
            ("a___b", false),
            ("", false),
        ];
        for (path, valid) in cases {
            assert_eq!(validate_repository(path).is_ok(), valid, "{path}");
        }
    }

    #[test]
    fn tag_grammar_table() {
        let long = "a".repeat(129);
        let cases = [
            ("latest", true),
            ("3.12-slim", true),
            ("Upper_case", true),
            (".hidden", false),
            ("-x", false),
            ("", false),
            (long.as_str(), false),
        ];
        for (tag, valid) in cases {
            assert_eq!(validate_tag(tag).is_ok(), valid, "{tag}");
        }
    }

    #[test]
    fn synthesised_image_is_deterministic_and_marked() {
        let mut first = Registry::docker_hub();
        let mut second = Registry::docker_hub();
        let digest = first.synthesise("someone/tool", "1.0").unwrap();
        assert_eq!(second.synthesise("someone/tool", "1.0").unwrap(), digest);
        assert_eq!(first.origin("someone/tool"), Some(Origin::Synthesised));

        let image = first
            .pull("someone/tool", "1.0", &Platform::linux_amd64())
            .unwrap();
        assert_eq!(
            image
                .config
                .config
                .labels
                .get(SYNTHESISED_LABEL)
                .map(String::as_str),
            Some("true")
        );
        assert_eq!(image.digest, digest);
        assert_ne!(first.synthesise("someone/tool", "2.0").unwrap(), digest);
    }

    #[test]
    fn synthesise_rejects_bad_names() {
        let mut registry = Registry::docker_hub();
        assert!(matches!(
            registry.synthesise("Bad/Name", "x"),
            Err(RegistryError::NameInvalid(_))
        ));
        assert!(matches!(
            registry.synthesise("ok/name", ".x"),
            Err(RegistryError::TagInvalid(_))
        ));
    }
}
