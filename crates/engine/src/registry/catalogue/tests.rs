//! Tests over the whole catalogue: it loads, its digests verify, shared
//! layers are shared, and its file trees make the usual commands plausible.

use std::sync::Arc;

use shared_sort::SortedSet;

use super::*;
use crate::fs::Overlay;
use crate::json::{FromJson, Json};
use crate::registry::blob::BlobContent;
use crate::registry::oci::{media_type, ImageIndex, Platform};
use crate::registry::{check_catalogue, Registry};

fn pull(reference: &str, platform: &Platform) -> crate::registry::PulledImage {
    let (name, tag) = split_reference(reference);
    Registry::docker_hub()
        .pull(&name, &tag, platform)
        .unwrap_or_else(|e| panic!("{reference}: {e}"))
}

fn tree(reference: &str) -> Overlay {
    let image = pull(reference, &Platform::linux_amd64());
    Overlay::new(
        image
            .layers
            .iter()
            .map(|layer| layer.changes.clone())
            .collect(),
    )
}

fn text(tree: &Overlay, path: &str) -> String {
    let content = tree.read(path).unwrap_or_else(|e| panic!("{path}: {e}"));
    content
        .as_text()
        .unwrap_or_else(|| panic!("{path} is not text"))
        .to_string()
}

#[test]
fn every_entry_loads() {
    let problems = check_catalogue();
    assert!(problems.is_empty(), "{problems:#?}");
}

#[test]
fn required_repositories_exist() {
    let required = [
        "alpine",
        "busybox",
        "debian",
        "ubuntu",
        "python",
        "node",
        "nginx",
        "redis",
        "postgres",
        "mysql",
        "golang",
        "httpd",
        "hello-world",
        "registry",
        "traefik",
        "mongo",
        "eclipse-temurin",
        "openjdk",
        "rust",
        "php",
        "memcached",
    ];
    let registry = Registry::docker_hub();
    for name in required {
        let tags = registry
            .tags(&format!("library/{name}"))
            .unwrap_or_else(|e| panic!("{name}: {e}"));
        assert!(tags.len() >= 2, "{name} has {} tags", tags.len());
    }
    assert!(!registry.has_repository("library/scratch"));
}

#[test]
fn every_digest_verifies() {
    let catalogue = catalogue().unwrap();
    for index in 0..catalogue.repositories.len() {
        let content = catalogue.content(index).unwrap();
        for (digest, blob) in &content.blobs {
            assert_eq!(
                blob.digest(),
                *digest,
                "{} blob {digest}",
                catalogue.repositories[index].name
            );
            if let BlobContent::Json(bytes) = &blob.content {
                assert_eq!(blob.size, bytes.len() as u64);
            }
        }
        for (tag, digest) in &content.tags {
            assert!(
                content.blobs.contains_key(digest),
                "{}:{tag}",
                catalogue.repositories[index].name
            );
        }
    }
}

#[test]
fn manifests_reference_stored_blobs_and_diff_ids_match() {
    let catalogue = catalogue().unwrap();
    for index in 0..catalogue.repositories.len() {
        for image in catalogue.repositories[index]
            .images
            .iter()
            .enumerate()
            .map(|(i, _)| i)
        {
            for arch in Arch::ALL {
                let built = catalogue.built(index, image, arch).unwrap();
                for layer in &built.layers {
                    assert_eq!(layer.changes.diff_id(), layer.diff_id);
                }
                assert_eq!(built.config.rootfs.diff_ids.len(), built.layers.len());
                let layered_history = built
                    .config
                    .history
                    .iter()
                    .filter(|h| !h.empty_layer)
                    .count();
                assert_eq!(
                    layered_history,
                    built.layers.len(),
                    "{}",
                    catalogue.repositories[index].name
                );
            }
        }
    }
}

#[test]
fn shared_base_layers_have_identical_digests() {
    let amd64 = Platform::linux_amd64();
    let debian = pull("debian:bookworm-slim", &amd64);
    let python = pull("python:3.12-slim", &amd64);
    let nginx = pull("nginx:latest", &amd64);
    assert_eq!(debian.layers.len(), 1);
    assert_eq!(python.layers[0].blob_digest, debian.layers[0].blob_digest);
    assert_eq!(python.layers[0].diff_id, debian.layers[0].diff_id);
    assert_eq!(nginx.layers[0].diff_id, debian.layers[0].diff_id);
    assert!(Arc::ptr_eq(
        &python.layers[0].changes,
        &debian.layers[0].changes
    ));

    let alpine = pull("alpine:3.22", &amd64);
    let python_alpine = pull("python:3.13-alpine", &amd64);
    assert_eq!(python_alpine.layers[0].diff_id, alpine.layers[0].diff_id);

    let python_full = pull("python:3.12", &amd64);
    let node = pull("node:22", &amd64);
    let shared = python_full
        .layers
        .iter()
        .zip(&node.layers)
        .take_while(|(a, b)| a.diff_id == b.diff_id)
        .count();
    assert_eq!(shared, 4, "debian plus three buildpack-deps layers");
}

#[test]
fn architectures_differ() {
    let registry = Registry::docker_hub();
    for reference in [
        "alpine:latest",
        "debian:bookworm-slim",
        "python:3.12-slim",
        "hello-world:latest",
    ] {
        let (name, tag) = split_reference(reference);
        let amd64 = registry
            .pull(&name, &tag, &Platform::linux_amd64())
            .unwrap();
        let arm64 = registry
            .pull(&name, &tag, &Platform::linux_arm64())
            .unwrap();
        assert_eq!(amd64.digest, arm64.digest, "{reference}: one index");
        assert_ne!(amd64.manifest_digest, arm64.manifest_digest, "{reference}");
        assert_ne!(amd64.config_digest, arm64.config_digest, "{reference}");
        assert_ne!(
            amd64.layers[0].diff_id, arm64.layers[0].diff_id,
            "{reference}"
        );
        assert_eq!(arm64.config.architecture, "arm64");
        assert_eq!(arm64.config.variant.as_deref(), Some("v8"));
    }
}

#[test]
fn index_lists_both_platforms() {
    let (digest, blob) = Registry::docker_hub()
        .manifest("library/nginx", "latest")
        .unwrap();
    assert_eq!(blob.media_type, media_type::OCI_INDEX);
    assert_eq!(blob.digest(), digest);
    let text = std::str::from_utf8(blob.json_bytes().unwrap()).unwrap();
    let index = ImageIndex::from_json(&Json::parse(text).unwrap()).unwrap();
    let platforms: Vec<String> = index
        .manifests
        .iter()
        .map(|m| m.platform.as_ref().unwrap().to_string())
        .collect();
    assert_eq!(platforms, ["linux/amd64", "linux/arm64/v8"]);
}

#[test]
fn loading_is_deterministic() {
    let first = build::build_image(
        catalogue().unwrap(),
        catalogue()
            .unwrap()
            .image_for("python:3.12-slim")
            .unwrap()
            .0,
        catalogue()
            .unwrap()
            .image_for("python:3.12-slim")
            .unwrap()
            .1,
        Arch::Amd64,
    )
    .unwrap();
    let cached = pull("python:3.12-slim", &Platform::linux_amd64());
    assert_eq!(first.config_digest, cached.config_digest);
    assert_eq!(first.manifest_digest, cached.manifest_digest);
    let again = Catalogue::parse().unwrap();
    let (repository, image) = again.image_for("python:3.12-slim").unwrap();
    assert_eq!(
        again
            .built(repository, image, Arch::Amd64)
            .unwrap()
            .config_digest,
        cached.config_digest
    );
}

#[test]
fn tags_point_to_distinct_images() {
    let registry = Registry::docker_hub();
    let slim = registry.resolve("library/python", "3.12-slim").unwrap();
    assert_eq!(
        registry.resolve("library/python", "3.12.11-slim").unwrap(),
        slim
    );
    assert_ne!(
        registry.resolve("library/python", "3.13-slim").unwrap(),
        slim
    );
    assert_eq!(
        registry.resolve("library/python", "latest").unwrap(),
        registry.resolve("library/python", "3.13").unwrap()
    );
}

#[test]
fn sizes_are_realistic() {
    let cases = [
        ("alpine:3.22", 8_310_000),
        ("debian:bookworm-slim", 74_830_000),
        ("ubuntu:24.04", 78_130_000),
        ("nginx:latest", 192_000_000),
        ("python:3.12-slim", 125_000_000),
        ("hello-world:latest", 10_072),
    ];
    for (reference, expected) in cases {
        let image = pull(reference, &Platform::linux_amd64());
        let size: u64 = image.layers.iter().map(|layer| layer.changes.size()).sum();
        let tolerance = expected / 50;
        assert!(
            size.abs_diff(expected) <= tolerance,
            "{reference}: {size} bytes, expected about {expected}"
        );
    }
    let debian = pull("debian:bookworm-slim", &Platform::linux_amd64());
    let compressed = debian.layers[0].compressed_size;
    assert!(
        (27_000_000..30_000_000).contains(&compressed),
        "compressed {compressed}"
    );
}

#[test]
fn layer_counts_match_docker_hub() {
    let cases = [
        ("alpine:3.22", 1),
        ("debian:bookworm", 1),
        ("python:3.12-slim", 4),
        ("nginx:latest", 7),
        ("node:22", 8),
        ("postgres:17", 11),
    ];
    for (reference, count) in cases {
        assert_eq!(
            pull(reference, &Platform::linux_amd64()).layers.len(),
            count,
            "{reference}"
        );
    }
}

#[test]
fn os_release_table() {
    let cases = [
        (
            "debian:bookworm-slim",
            "PRETTY_NAME=\"Debian GNU/Linux 12 (bookworm)\"",
        ),
        ("debian:bullseye-slim", "VERSION_CODENAME=bullseye"),
        ("ubuntu:24.04", "PRETTY_NAME=\"Ubuntu 24.04.2 LTS\""),
        ("ubuntu:22.04", "VERSION_CODENAME=jammy"),
        ("alpine:3.22", "PRETTY_NAME=\"Alpine Linux v3.22\""),
        ("alpine:3.20", "VERSION_ID=3.20.6"),
        ("python:3.12-slim", "ID=debian"),
        ("nginx:alpine", "ID=alpine"),
        ("mysql:8.4", "NAME=\"Oracle Linux Server\""),
        ("mongo:8", "ID=ubuntu"),
    ];
    for (reference, line) in cases {
        let os_release = text(&tree(reference), "/etc/os-release");
        assert!(
            os_release.lines().any(|l| l == line),
            "{reference}: {os_release}"
        );
    }
    assert!(tree("busybox:latest").read("/etc/os-release").is_err());
}

#[test]
fn root_listings_look_like_linux() {
    let names = |reference: &str| -> SortedSet<String> {
        tree(reference)
            .list("/")
            .unwrap()
            .into_iter()
            .map(|entry| entry.name)
            .collect()
    };
    let debian = names("debian:bookworm-slim");
    for expected in [
        "bin", "boot", "dev", "etc", "home", "lib", "lib64", "media", "mnt", "opt", "proc", "root",
        "run", "sbin", "srv", "sys", "tmp", "usr", "var",
    ] {
        assert!(debian.contains(expected), "debian lacks /{expected}");
    }
    let alpine = names("alpine:3.22");
    assert!(alpine.contains("lib"));
    assert!(alpine.contains("etc"));
    assert!(!alpine.contains("lib64"));
    assert_eq!(
        names("hello-world:latest").into_iter().collect::<Vec<_>>(),
        ["hello"]
    );
    let debian_arm = Registry::docker_hub()
        .pull("library/debian", "bookworm-slim", &Platform::linux_arm64())
        .unwrap();
    let arm_tree = Overlay::new(
        debian_arm
            .layers
            .iter()
            .map(|l| l.changes.clone())
            .collect(),
    );
    assert!(arm_tree.lstat("/lib64").is_err());
}

#[test]
fn commands_exist_where_expected() {
    let cases: &[(&str, &[&str], &[&str])] = &[
        (
            "debian:bookworm-slim",
            &[
                "/bin/bash",
                "/bin/sh",
                "/usr/bin/apt-get",
                "/usr/bin/dpkg",
                "/bin/ls",
                "/usr/bin/cat",
            ],
            &["/usr/bin/ps", "/usr/bin/curl", "/usr/bin/python3"],
        ),
        (
            "alpine:3.22",
            &[
                "/bin/sh",
                "/bin/busybox",
                "/sbin/apk",
                "/bin/ls",
                "/usr/bin/wget",
            ],
            &["/bin/bash", "/usr/bin/curl"],
        ),
        (
            "busybox:latest",
            &["/bin/sh", "/bin/ls", "/bin/wget"],
            &["/bin/bash"],
        ),
        (
            "python:3.12-slim",
            &[
                "/usr/local/bin/python",
                "/usr/local/bin/python3",
                "/usr/local/bin/python3.12",
                "/usr/local/bin/pip",
                "/usr/local/bin/pip3",
            ],
            &[],
        ),
        (
            "python:3.12",
            &[
                "/usr/local/bin/python3",
                "/usr/bin/gcc",
                "/usr/bin/git",
                "/usr/bin/curl",
            ],
            &[],
        ),
        (
            "node:22",
            &[
                "/usr/local/bin/node",
                "/usr/local/bin/npm",
                "/usr/local/bin/npx",
                "/usr/local/bin/yarn",
                "/usr/local/bin/docker-entrypoint.sh",
            ],
            &[],
        ),
        (
            "nginx:latest",
            &[
                "/usr/sbin/nginx",
                "/etc/nginx/nginx.conf",
                "/usr/share/nginx/html/index.html",
                "/docker-entrypoint.sh",
            ],
            &[],
        ),
        (
            "redis:latest",
            &[
                "/usr/local/bin/redis-server",
                "/usr/local/bin/redis-cli",
                "/usr/local/bin/docker-entrypoint.sh",
                "/data",
            ],
            &[],
        ),
        (
            "postgres:17",
            &[
                "/usr/lib/postgresql/17/bin/postgres",
                "/usr/local/bin/gosu",
                "/var/lib/postgresql/data",
            ],
            &[],
        ),
        ("golang:1.24", &["/usr/local/go/bin/go", "/go/bin"], &[]),
        (
            "registry:2",
            &[
                "/bin/registry",
                "/etc/docker/registry/config.yml",
                "/entrypoint.sh",
            ],
            &[],
        ),
        ("hello-world:latest", &["/hello"], &["/bin/sh"]),
    ];
    for (reference, present, absent) in cases {
        let tree = tree(reference);
        for path in *present {
            assert!(tree.exists(path), "{reference} lacks {path}");
        }
        for path in *absent {
            assert!(!tree.exists(path), "{reference} has {path}");
        }
    }
}

#[test]
fn configs_follow_history() {
    let python = pull("python:3.12-slim", &Platform::linux_amd64()).config;
    assert_eq!(python.config.env_value("PYTHON_VERSION"), Some("3.12.11"));
    assert_eq!(python.config.env_value("LANG"), Some("C.UTF-8"));
    assert_eq!(python.config.cmd, ["python3"]);

    let nginx = pull("nginx:latest", &Platform::linux_amd64()).config;
    assert_eq!(nginx.config.entrypoint, ["/docker-entrypoint.sh"]);
    assert_eq!(nginx.config.cmd, ["nginx", "-g", "daemon off;"]);
    assert_eq!(nginx.config.stop_signal, "SIGQUIT");
    assert!(nginx.config.exposed_ports.contains_key("80/tcp"));
    assert_eq!(nginx.config.env_value("NGINX_VERSION"), Some("1.29.0"));
    assert_eq!(nginx.history.first().unwrap().comment, "debuerreotype 0.15");
    assert!(nginx
        .history
        .iter()
        .any(|h| h.created_by == "COPY docker-entrypoint.sh / # buildkit"));

    let postgres = pull("postgres:17", &Platform::linux_amd64()).config;
    assert!(postgres
        .config
        .volumes
        .contains_key("/var/lib/postgresql/data"));
    assert_eq!(
        postgres.config.env_value("PGDATA"),
        Some("/var/lib/postgresql/data")
    );

    let ubuntu = pull("ubuntu:24.04", &Platform::linux_amd64()).config;
    assert_eq!(ubuntu.config.cmd, ["/bin/bash"]);
    assert_eq!(
        ubuntu.config.labels["org.opencontainers.image.version"],
        "24.04"
    );
    assert!(ubuntu.history.iter().all(|h| h.comment.is_empty()));

    let debian = pull("debian:bookworm", &Platform::linux_amd64()).config;
    assert_eq!(debian.config.cmd, ["bash"]);
    assert_eq!(
        debian.config.env,
        ["PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"]
    );
    assert_eq!(
        pull("registry:2", &Platform::linux_amd64())
            .config
            .config
            .cmd,
        ["/etc/docker/registry/config.yml"]
    );
}

#[test]
fn python_files_match_its_version() {
    for (reference, version) in [
        ("python:3.12-slim", "3.12.11"),
        ("python:3.13-alpine", "3.13.5"),
        ("python:3.11", "3.11.13"),
    ] {
        let tree = tree(reference);
        let minor: String = version.rsplit_once('.').unwrap().0.to_string();
        let header = text(
            &tree,
            &format!("/usr/local/include/python{minor}/patchlevel.h"),
        );
        assert!(header.contains(version), "{reference}");
        assert_eq!(
            tree.canonicalize("/usr/local/bin/python").unwrap().as_str(),
            format!("/usr/local/bin/python{minor}")
        );
        let site = format!("/usr/local/lib/python{minor}/site-packages");
        assert!(
            crate::packages::db::pip_version(&tree, &site, "pip").is_some(),
            "{reference}"
        );
    }
}

#[test]
fn package_databases_are_populated() {
    use crate::packages::db;
    let debian = tree("debian:bookworm-slim");
    assert_eq!(
        db::dpkg_version(&debian, "bash").as_deref(),
        Some("5.2.15-2+b8")
    );
    assert_eq!(db::dpkg_version(&debian, "curl"), None);
    let python = tree("python:3.12-slim");
    assert!(db::dpkg_version(&python, "ca-certificates").is_some());
    let alpine = tree("alpine:3.22");
    assert_eq!(
        db::apk_version(&alpine, "busybox").as_deref(),
        Some("1.37.0-r18")
    );
    let nginx = tree("nginx:latest");
    assert_eq!(
        db::dpkg_version(&nginx, "nginx").as_deref(),
        Some("1.29.0-1~bookworm")
    );
}

#[test]
fn nginx_default_page_is_readable() {
    let nginx = tree("nginx:latest");
    assert!(text(&nginx, "/usr/share/nginx/html/index.html")
        .contains("<title>Welcome to nginx!</title>"));
    assert!(text(&nginx, "/etc/nginx/conf.d/default.conf").contains("listen       80;"));
    assert_eq!(
        nginx.read_link("/var/log/nginx/access.log").unwrap(),
        "/dev/stdout"
    );
    assert!(text(&nginx, "/etc/passwd").contains("nginx:x:101:101:"));
}

#[test]
fn parent_chain_errors_are_reported() {
    let catalogue = catalogue().unwrap();
    let value = Json::parse(
        r#"{"tags":["x"],"from":"nope:1","created":"2025-01-01T00:00:00Z","steps":[]}"#,
    )
    .unwrap();
    let recipe = read::image(&value).unwrap();
    assert!(build::check_ancestry(catalogue, &recipe).is_err());
}

#[test]
fn split_reference_table() {
    let cases = [
        ("python", ("library/python", "latest")),
        ("python:3.12-slim", ("library/python", "3.12-slim")),
        ("bitnami/nginx", ("bitnami/nginx", "latest")),
        ("library/debian:bookworm", ("library/debian", "bookworm")),
    ];
    for (input, (name, tag)) in cases {
        assert_eq!(
            split_reference(input),
            (name.to_string(), tag.to_string()),
            "{input}"
        );
    }
}

#[test]
fn ubuntu_add_line_names_the_layer() {
    let image = pull("ubuntu:24.04", &Platform::linux_amd64());
    let add = image
        .config
        .history
        .iter()
        .find(|h| !h.empty_layer)
        .unwrap();
    assert_eq!(
        add.created_by,
        format!(
            "/bin/sh -c #(nop) ADD file:{} in / ",
            image.layers[0].diff_id.hex()
        )
    );
}

#[test]
fn recipe_errors_name_the_field() {
    let cases = [
        (
            r#"{"tags":["x"],"created":"c","steps":[],"colour":1}"#,
            "unknown field `colour`",
        ),
        (r#"{"tags":["x"],"steps":[]}"#, "missing field `created`"),
        (
            r#"{"tags":"x","created":"c","steps":[]}"#,
            "invalid type for field `tags`",
        ),
        (
            r#"{"tags":["x"],"created":"c","steps":[{"by":"b"}]}"#,
            "missing field `frags`",
        ),
        (
            r#"{"tags":["x"],"created":"c","steps":[7]}"#,
            "expected an object",
        ),
    ];
    for (text, message) in cases {
        let value = Json::parse(text).unwrap();
        assert_eq!(read::image(&value).unwrap_err(), message, "{text}");
    }
}

#[test]
fn layer_steps_read_sizes_and_ratio() {
    let text = r#"{"tags":["x"],"created":"c","steps":["ENV A=1",
        {"by":"b","frags":["f"],"size":[10,20],"ratio":0.41}]}"#;
    let recipe = read::image(&Json::parse(text).unwrap()).unwrap();
    assert!(matches!(&recipe.steps[0], StepRecipe::Instruction(text) if text == "ENV A=1"));
    let StepRecipe::Layer(layer) = &recipe.steps[1] else {
        panic!("the second step is a layer");
    };
    assert_eq!(layer.size, [10, 20]);
    assert_eq!(layer.ratio, Some(0.41));
    assert_eq!(layer.comment, None);
}
