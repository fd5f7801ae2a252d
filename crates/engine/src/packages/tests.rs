//! Table tests for package lookup, planning and installation on catalogue
//! images.

use super::*;
use crate::fs::Overlay;
use crate::registry::{Platform, Registry};

fn image(repository: &str, tag: &str) -> Overlay {
    let pulled = Registry::docker_hub()
        .pull(repository, tag, &Platform::linux_amd64())
        .unwrap();
    Overlay::new(
        pulled
            .layers
            .iter()
            .map(|layer| layer.changes.clone())
            .collect(),
    )
}

fn names(packages: &[Package]) -> Vec<&str> {
    packages
        .iter()
        .map(|package| package.name.as_str())
        .collect()
}

#[test]
fn data_is_consistent() {
    let problems = check_data();
    assert!(problems.is_empty(), "{problems:#?}");
}

#[test]
fn lookup_table() {
    let cases = [
        (Manager::Apt, "curl", "7.88.1-10+deb12u12", false),
        (Manager::Apk, "curl", "8.14.1-r1", false),
        (Manager::Pip, "Flask", "3.1.1", false),
        (Manager::Pip, "zope.interface", "7.2", false),
        (Manager::Npm, "express", "5.1.0", false),
    ];
    for (manager, name, version, synthesised) in cases {
        let package = lookup(manager, name, Distribution::Debian);
        assert_eq!(package.version, version, "{manager} {name}");
        assert_eq!(package.synthesised, synthesised, "{manager} {name}");
    }
    assert_eq!(
        lookup(Manager::Apt, "curl", Distribution::Ubuntu).version,
        "8.5.0-2ubuntu10.6"
    );
}

#[test]
fn unknown_names_are_synthesised_deterministically() {
    let first = lookup(Manager::Pip, "some-unknown-lib", Distribution::Debian);
    let second = lookup(Manager::Pip, "Some_Unknown.Lib", Distribution::Debian);
    assert!(first.synthesised);
    assert_eq!(first, second);
    assert_ne!(
        first.version,
        lookup(Manager::Pip, "other-unknown-lib", Distribution::Debian).version
    );
    assert!(find(Manager::Apt, "no-such-package", Distribution::Debian).is_none());
}

#[test]
fn apt_needs_update_first() {
    let tree = image("library/debian", "bookworm-slim");
    let error =
        plan_install(&tree, Manager::Apt, &["curl"], &InstallOptions::default()).unwrap_err();
    assert_eq!(error, PackageError::UnableToLocate("curl".into()));
    assert_eq!(error.to_string(), "E: Unable to locate package curl");
}

#[test]
fn apt_install_resolves_and_writes() {
    let mut tree = image("library/debian", "bookworm-slim");
    update_indexes(&mut tree, Manager::Apt).unwrap();
    assert!(tree.exists("/var/lib/apt/lists/deb.debian.org_debian_dists_bookworm_InRelease"));

    let plan = plan_install(
        &tree,
        Manager::Apt,
        &["curl", "bash"],
        &InstallOptions::default(),
    )
    .unwrap();
    assert_eq!(
        plan.already_installed,
        [("bash".to_string(), "5.2.15-2+b8".to_string())]
    );
    let installed = names(&plan.packages);
    assert_eq!(installed.last(), Some(&"curl"));
    assert!(installed.contains(&"libcurl4"));
    let position = |name| installed.iter().position(|n| *n == name).unwrap();
    assert!(position("libssl3") < position("libcurl4"));

    plan.apply(&mut tree).unwrap();
    assert!(tree.exists("/bin/curl"));
    assert!(tree.exists("/usr/lib/x86_64-linux-gnu/libcurl.so.4.8.0"));
    assert_eq!(
        db::dpkg_version(&tree, "curl").as_deref(),
        Some("7.88.1-10+deb12u12")
    );
    let extended = tree
        .read("/var/lib/apt/extended_states")
        .unwrap()
        .as_text()
        .unwrap()
        .to_string();
    assert!(extended.contains("Package: libcurl4\n"));
    assert!(!extended.contains("Package: curl\n"));

    let again = plan_install(&tree, Manager::Apt, &["curl"], &InstallOptions::default()).unwrap();
    assert!(again.packages.is_empty());
    assert_eq!(again.already_installed.len(), 1);
}

#[test]
fn change_set_matches_apply() {
    let mut tree = image("library/debian", "bookworm-slim");
    update_indexes(&mut tree, Manager::Apt).unwrap();
    let plan = plan_install(&tree, Manager::Apt, &["procps"], &InstallOptions::default()).unwrap();
    let changes = plan.change_set(&tree).unwrap();
    assert!(changes
        .get(&crate::fs::FsPath::new("/usr/bin/ps"))
        .is_some());

    let mut applied = tree.clone();
    plan.apply(&mut applied).unwrap();
    let mut replayed = tree.clone();
    replayed.apply(&changes).unwrap();
    assert_eq!(applied.upper(), replayed.upper());
}

#[test]
fn apk_install_on_alpine() {
    let mut tree = image("library/alpine", "3.22");
    let plan = plan_install(
        &tree,
        Manager::Apk,
        &["curl", "busybox"],
        &InstallOptions::default(),
    )
    .unwrap();
    assert_eq!(plan.already_installed[0].0, "busybox");
    assert!(names(&plan.packages).contains(&"libcurl"));
    plan.apply(&mut tree).unwrap();
    assert!(tree.exists("/usr/bin/curl"));
    assert_eq!(db::apk_version(&tree, "curl").as_deref(), Some("8.14.1-r1"));
    let world = tree
        .read("/etc/apk/world")
        .unwrap()
        .as_text()
        .unwrap()
        .to_string();
    assert!(world.ends_with("curl\nbusybox\n"));
}

#[test]
fn pip_install_scrapyd() {
    let mut tree = image("library/python", "3.12-slim");
    let plan = plan_install(
        &tree,
        Manager::Pip,
        &["scrapyd"],
        &InstallOptions::default(),
    )
    .unwrap();
    let installed = names(&plan.packages);
    for expected in ["scrapy", "twisted", "lxml", "zope-interface", "scrapyd"] {
        assert!(installed.contains(&expected), "missing {expected}");
    }
    assert_eq!(installed.last(), Some(&"scrapyd"));
    let site = "/usr/local/lib/python3.12/site-packages";
    assert_eq!(
        plan.target,
        InstallTarget::Pip {
            site: site.into(),
            bin_dir: "/usr/local/bin".into(),
            python: "/usr/local/bin/python3.12".into()
        }
    );

    plan.apply(&mut tree).unwrap();
    assert!(tree.exists(&format!("{site}/scrapyd-1.5.0.dist-info/METADATA")));
    assert!(tree.exists(&format!("{site}/scrapy/__init__.py")));
    let script = tree
        .read("/usr/local/bin/scrapyd")
        .unwrap()
        .as_text()
        .unwrap()
        .to_string();
    assert!(script.starts_with("#!/usr/local/bin/python3.12\n"));
    assert!(script.contains("from scrapyd.__main__ import main"));
    assert_eq!(tree.stat("/usr/local/bin/scrapyd").unwrap().mode, 0o755);

    let again = plan_install(
        &tree,
        Manager::Pip,
        &["Scrapy", "requests==2.31.0"],
        &InstallOptions::default(),
    )
    .unwrap();
    assert_eq!(
        again.already_installed,
        [("scrapy".to_string(), "2.13.2".to_string())]
    );
    assert_eq!(
        again.packages.last().map(|p| p.version.as_str()),
        Some("2.31.0")
    );
    again.apply(&mut tree).unwrap();
    assert_eq!(
        db::pip_version(&tree, site, "requests").as_deref(),
        Some("2.31.0")
    );
    assert!(!tree.exists(&format!("{site}/requests-2.32.4.dist-info")));
}

#[test]
fn pip_respects_externally_managed_python() {
    let mut tree = image("library/debian", "bookworm-slim");
    update_indexes(&mut tree, Manager::Apt).unwrap();
    assert_eq!(
        plan_install(&tree, Manager::Pip, &["flask"], &InstallOptions::default()).unwrap_err(),
        PackageError::ManagerNotFound(Manager::Pip)
    );
    plan_install(
        &tree,
        Manager::Apt,
        &["python3-pip"],
        &InstallOptions::default(),
    )
    .unwrap()
    .apply(&mut tree)
    .unwrap();
    let error =
        plan_install(&tree, Manager::Pip, &["flask"], &InstallOptions::default()).unwrap_err();
    assert_eq!(error.to_string(), "error: externally-managed-environment");

    let options = InstallOptions {
        break_system_packages: true,
        ..InstallOptions::default()
    };
    let plan = plan_install(&tree, Manager::Pip, &["flask"], &options).unwrap();
    let InstallTarget::Pip { site, .. } = &plan.target else {
        panic!("not a pip target")
    };
    assert_eq!(site, "/usr/local/lib/python3.11/dist-packages");
}

#[test]
fn managers_missing_table() {
    let cases = [
        ("library/alpine", "3.22", Manager::Apt),
        ("library/debian", "bookworm-slim", Manager::Apk),
        ("library/alpine", "3.22", Manager::Pip),
        ("library/python", "3.12-slim", Manager::Npm),
        ("library/busybox", "latest", Manager::Apk),
    ];
    for (repository, tag, manager) in cases {
        let tree = image(repository, tag);
        let error = plan_install(&tree, manager, &["x"], &InstallOptions::default()).unwrap_err();
        assert_eq!(
            error,
            PackageError::ManagerNotFound(manager),
            "{repository}:{tag} {manager}"
        );
    }
}

#[test]
fn npm_local_install_updates_package_json() {
    let mut tree = image("library/node", "22");
    tree.mkdir("/app").unwrap();
    let options = InstallOptions {
        working_dir: "/app".into(),
        ..InstallOptions::default()
    };
    let plan = plan_install(&tree, Manager::Npm, &["express"], &options).unwrap();
    assert!(names(&plan.packages).contains(&"mime-db"));
    plan.apply(&mut tree).unwrap();

    let manifest = tree
        .read("/app/node_modules/express/package.json")
        .unwrap()
        .as_text()
        .unwrap()
        .to_string();
    assert!(manifest.contains("\"version\": \"5.1.0\""));
    let project =
        crate::json::Json::parse(tree.read("/app/package.json").unwrap().as_text().unwrap())
            .unwrap();
    let express = project
        .get("dependencies")
        .and_then(|deps| deps.get("express"));
    assert_eq!(express.and_then(crate::json::Json::as_str), Some("^5.1.0"));
    assert!(tree.exists("/app/package-lock.json"));
    assert_eq!(
        db::npm_version(&tree, "/app/node_modules", "express").as_deref(),
        Some("5.1.0")
    );
}

#[test]
fn npm_global_install_links_binaries() {
    let mut tree = image("library/node", "22-alpine");
    let options = InstallOptions {
        npm_global: true,
        ..InstallOptions::default()
    };
    plan_install(&tree, Manager::Npm, &["typescript@5.4.5"], &options)
        .unwrap()
        .apply(&mut tree)
        .unwrap();
    assert_eq!(
        tree.read_link("/usr/local/bin/tsc").unwrap(),
        "/usr/local/lib/node_modules/typescript/bin/tsc"
    );
    assert!(tree.exists("/usr/local/bin/tsc"));
    assert_eq!(
        db::npm_version(&tree, "/usr/local/lib/node_modules", "typescript").as_deref(),
        Some("5.4.5")
    );
}

#[test]
fn installed_sizes_add_up() {
    let mut tree = image("library/alpine", "3.22");
    let plan = plan_install(&tree, Manager::Apk, &["jq"], &InstallOptions::default()).unwrap();
    let expected: u64 = plan.packages.iter().map(|p| p.installed_size).sum();
    let before = tree.upper_size();
    plan.apply(&mut tree).unwrap();
    let written = tree.upper_size() - before;
    assert!(written >= expected, "{written} < {expected}");
    assert!(
        written < expected + 4096,
        "{written} much more than {expected}"
    );
}

#[test]
fn pinned_apt_version_replaces_record() {
    let mut tree = image("library/debian", "bookworm-slim");
    update_indexes(&mut tree, Manager::Apt).unwrap();
    let plan = plan_install(
        &tree,
        Manager::Apt,
        &["bash=5.2.15-2+b9"],
        &InstallOptions::default(),
    )
    .unwrap();
    assert!(plan.already_installed.is_empty());
    plan.apply(&mut tree).unwrap();
    assert_eq!(
        db::dpkg_version(&tree, "bash").as_deref(),
        Some("5.2.15-2+b9")
    );
    let status = tree
        .read(db::DPKG_STATUS)
        .unwrap()
        .as_text()
        .unwrap()
        .to_string();
    assert_eq!(status.matches("Package: bash\n").count(), 1);
}

#[test]
fn invalid_names_are_rejected() {
    let tree = image("library/python", "3.12-slim");
    let error = plan_install(
        &tree,
        Manager::Pip,
        &["../../etc/passwd"],
        &InstallOptions::default(),
    )
    .unwrap_err();
    assert_eq!(
        error.to_string(),
        "ERROR: Invalid requirement: '../../etc/passwd'"
    );
    let node = image("library/node", "22-alpine");
    let error =
        plan_install(&node, Manager::Npm, &["../x"], &InstallOptions::default()).unwrap_err();
    assert!(matches!(
        error,
        PackageError::InvalidName {
            manager: Manager::Npm,
            ..
        }
    ));
}
