//! Table tests for registry storage (push, pull, tags, mounts, errors) and
//! for `docker search` results.

use std::sync::Arc;

use super::*;
use crate::digest::Digest;
use crate::fs::{ChangeSet, Entry, FsPath};

fn layer_blob(text: &str) -> (Blob, Digest) {
    let changes: ChangeSet = [(FsPath::new("/app/hello.txt"), Entry::text(text, 0o644))]
        .into_iter()
        .collect();
    let diff_id = changes.diff_id();
    let size = estimate_compressed_size(&changes, DEFAULT_BINARY_RATIO);
    (
        Blob::layer(media_type::OCI_LAYER_GZIP, Arc::new(changes), size),
        diff_id,
    )
}

/// Pushes a one-layer image the way `docker push` does: blobs first, then
/// the manifest under a tag.
fn push_image(
    registry: &mut Registry,
    repository: &str,
    tag: &str,
    text: &str,
) -> Result<Digest, RegistryError> {
    let (layer, diff_id) = layer_blob(text);
    let layer_digest = registry.put_blob(repository, layer.clone());
    let config = ImageConfig {
        architecture: "amd64".into(),
        author: String::new(),
        config: ContainerConfig {
            cmd: vec!["cat".into(), "/app/hello.txt".into()],
            ..ContainerConfig::default()
        },
        created: "2025-06-01T00:00:00Z".into(),
        history: vec![History {
            created: "2025-06-01T00:00:00Z".into(),
            created_by: "COPY hello.txt /app/ # buildkit".into(),
            ..History::default()
        }],
        os: "linux".into(),
        rootfs: RootFs {
            kind: "layers".into(),
            diff_ids: vec![diff_id],
        },
        variant: None,
    };
    let config_blob = Blob::json(media_type::OCI_CONFIG, to_canonical_json(&config));
    let config_digest = registry.put_blob(repository, config_blob.clone());
    let manifest = ImageManifest {
        schema_version: 2,
        media_type: media_type::OCI_MANIFEST.into(),
        config: Descriptor {
            media_type: media_type::OCI_CONFIG.into(),
            digest: config_digest,
            size: config_blob.size,
            platform: None,
            annotations: Default::default(),
        },
        layers: vec![Descriptor {
            media_type: media_type::OCI_LAYER_GZIP.into(),
            digest: layer_digest,
            size: layer.size,
            platform: None,
            annotations: Default::default(),
        }],
    };
    registry.put_manifest(
        repository,
        Some(tag),
        Blob::json(media_type::OCI_MANIFEST, to_canonical_json(&manifest)),
    )
}

#[test]
fn push_then_pull_round_trips() {
    let mut registry = Registry::private();
    let digest = push_image(&mut registry, "myuser/app", "v1", "hello\n").unwrap();
    assert_eq!(registry.resolve("myuser/app", "v1").unwrap(), digest);
    assert_eq!(
        registry.resolve("myuser/app", &digest.to_string()).unwrap(),
        digest
    );
    assert_eq!(registry.tags("myuser/app").unwrap(), ["v1"]);
    assert_eq!(registry.origin("myuser/app"), Some(Origin::Pushed));

    let pulled = registry
        .pull("myuser/app", "v1", &Platform::linux_amd64())
        .unwrap();
    assert_eq!(pulled.digest, digest);
    assert_eq!(pulled.manifest_digest, digest);
    assert_eq!(pulled.layers.len(), 1);
    assert_eq!(pulled.layers[0].diff_id, pulled.layers[0].changes.diff_id());
    assert_eq!(pulled.config.config.cmd, ["cat", "/app/hello.txt"]);
}

#[test]
fn same_content_gives_same_digests() {
    let mut first = Registry::private();
    let mut second = Registry::private();
    let a = push_image(&mut first, "a/app", "latest", "same\n").unwrap();
    let b = push_image(&mut second, "b/other", "x", "same\n").unwrap();
    assert_eq!(a, b);
    assert_ne!(
        push_image(&mut first, "a/app", "v2", "different\n").unwrap(),
        a
    );
}

#[test]
fn lookup_errors_table() {
    let mut registry = Registry::private();
    push_image(&mut registry, "myuser/app", "v1", "hello\n").unwrap();
    let missing = Digest::of(b"nothing");
    let cases: Vec<(Result<Digest, RegistryError>, RegistryError)> = vec![
        (
            registry.resolve("nobody/none", "latest"),
            RegistryError::NameUnknown("nobody/none".into()),
        ),
        (
            registry.resolve("myuser/app", "v9"),
            RegistryError::ManifestUnknown("v9".into()),
        ),
        (
            registry.resolve("myuser/app", &missing.to_string()),
            RegistryError::ManifestUnknown(missing.to_string()),
        ),
    ];
    for (got, expected) in cases {
        assert_eq!(got, Err(expected.clone()), "{expected:?}");
    }
    assert_eq!(
        RegistryError::ManifestUnknown("x".into()).code(),
        Some("MANIFEST_UNKNOWN")
    );
    assert_eq!(
        RegistryError::ManifestUnknown("x".into()).to_string(),
        "manifest unknown"
    );
    assert_eq!(
        registry.tags("nobody/none"),
        Err(RegistryError::NameUnknown("nobody/none".into()))
    );
}

#[test]
fn manifest_with_missing_blob_is_rejected() {
    let mut registry = Registry::private();
    let (layer, _) = layer_blob("x");
    let manifest = ImageManifest {
        schema_version: 2,
        media_type: media_type::OCI_MANIFEST.into(),
        config: Descriptor {
            media_type: media_type::OCI_CONFIG.into(),
            digest: Digest::of(b"{}"),
            size: 2,
            platform: None,
            annotations: Default::default(),
        },
        layers: vec![Descriptor {
            media_type: media_type::OCI_LAYER_GZIP.into(),
            digest: layer.digest(),
            size: layer.size,
            platform: None,
            annotations: Default::default(),
        }],
    };
    let result = registry.put_manifest(
        "me/app",
        Some("v1"),
        Blob::json(media_type::OCI_MANIFEST, to_canonical_json(&manifest)),
    );
    assert_eq!(
        result,
        Err(RegistryError::ManifestBlobUnknown(Digest::of(b"{}")))
    );
    let not_a_manifest = registry.put_manifest(
        "me/app",
        None,
        Blob::json("application/json", b"{}".to_vec()),
    );
    assert!(matches!(
        not_a_manifest,
        Err(RegistryError::ManifestInvalid(_))
    ));
}

#[test]
fn mount_copies_blob_between_repositories() {
    let mut registry = Registry::docker_hub();
    let alpine = registry
        .pull("library/alpine", "3.22", &Platform::linux_amd64())
        .unwrap();
    let layer = alpine.layers[0].blob_digest;
    assert!(registry.blob("myuser/app", &layer).is_none());
    assert!(registry.mount_blob("myuser/app", &layer, "library/alpine"));
    assert_eq!(registry.blob("myuser/app", &layer).unwrap().digest(), layer);
    assert!(!registry.mount_blob("myuser/app", &Digest::of(b"x"), "library/alpine"));
}

#[test]
fn catalogue_is_absent_from_private_registries() {
    let registry = Registry::private();
    assert!(!registry.has_repository("library/nginx"));
    assert!(registry.search("nginx", 25).is_empty());
    assert!(Registry::docker_hub().has_repository("library/nginx"));
}

#[test]
fn pushed_tag_overrides_catalogue_tag() {
    let mut registry = Registry::docker_hub();
    let before = registry.resolve("library/alpine", "latest").unwrap();
    let digest = push_image(&mut registry, "library/alpine", "latest", "mine\n").unwrap();
    assert_ne!(digest, before);
    assert_eq!(
        registry.resolve("library/alpine", "latest").unwrap(),
        digest
    );
    assert!(registry
        .tags("library/alpine")
        .unwrap()
        .contains(&"3.22".to_string()));
}

#[test]
fn search_ranks_official_exact_match_first() {
    let results = Registry::docker_hub().search("nginx", 25);
    let names: Vec<&str> = results.iter().map(|r| r.name.as_str()).collect();
    assert_eq!(names.first(), Some(&"nginx"));
    assert!(results[0].is_official);
    assert_eq!(results[0].description, "Official build of Nginx.");
    for expected in [
        "bitnami/nginx",
        "nginx/nginx-ingress",
        "nginxinc/nginx-unprivileged",
    ] {
        assert!(
            names.contains(&expected),
            "{expected} missing from {names:?}"
        );
    }
    assert!(results
        .iter()
        .skip(1)
        .all(|r| !r.is_official || r.name == "nginx"));
}

#[test]
fn search_table() {
    let registry = Registry::docker_hub();
    let cases: &[(&str, usize, &str)] = &[
        ("python", 25, "python"),
        ("PYTHON", 25, "python"),
        ("redis", 25, "redis"),
        ("scrapyd", 25, "vimagick/scrapyd"),
        ("ubuntu", 25, "ubuntu"),
    ];
    for (term, limit, first) in cases {
        let results = registry.search(term, *limit);
        assert_eq!(
            results.first().map(|r| r.name.as_str()),
            Some(*first),
            "{term}"
        );
    }
    assert_eq!(registry.search("nginx", 2).len(), 2);
    assert_eq!(registry.search("e", 0).len(), 1);
    assert!(registry.search("e", 500).len() <= MAX_LIMIT);
    assert!(registry.search("no-such-thing-anywhere", 25).is_empty());
    let relational = registry.search("relational", 25);
    assert!(
        relational.iter().any(|r| r.name == "mysql"),
        "description match"
    );
}

#[test]
fn search_includes_pushed_repositories() {
    let mut registry = Registry::docker_hub();
    push_image(&mut registry, "myuser/scraper", "latest", "x").unwrap();
    let results = registry.search("scraper", 25);
    assert_eq!(results.len(), 1);
    assert_eq!(results[0].star_count, 0);
    assert!(!results[0].is_official);
}

#[test]
fn familiar_names_table() {
    let cases = [
        ("library/nginx", "nginx"),
        ("bitnami/nginx", "bitnami/nginx"),
        ("library/foo/bar", "library/foo/bar"),
    ];
    for (path, familiar) in cases {
        assert_eq!(familiar_name(path), familiar);
    }
}
