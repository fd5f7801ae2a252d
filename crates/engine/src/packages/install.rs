//! Plans and applies package installs on a file tree.
//!
//! Planning finds where the manager installs (the dpkg or apk database, the
//! Python site-packages directory, `node_modules`), resolves dependencies
//! depth first, and skips what the tree already has. Applying writes each
//! package's files (synthetic bytes adding up to its installed size) and its
//! database record.
//!
//! Behaviours reproduced from the real tools:
//! - `apt-get install` fails with `E: Unable to locate package NAME` until
//!   `apt-get update` has filled `/var/lib/apt/lists` (Debian and Ubuntu images
//!   ship with empty lists);
//! - `pip install` into a distribution's own Python fails with
//!   `error: externally-managed-environment` (PEP 668) unless
//!   `--break-system-packages` is given; the official `python` images are not
//!   externally managed;
//! - `npm install` without `-g` installs into `<working dir>/node_modules`
//!   and records the requested packages in `package.json`.

use std::collections::BTreeSet;
use std::fmt;
use std::sync::Arc;

use super::db;
use super::system::{expand_triplet, os_release_field};
use super::{lookup, Distribution, Manager, Package, Requirement};
use crate::fs::{mix_seed, ChangeSet, Content, FsError, Overlay, Recursion};

/// Options of an install: the working directory and command-line flags.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct InstallOptions {
    /// The working directory, which `npm install` without `-g` installs into.
    pub working_dir: String,
    /// `npm install -g`: install into `/usr/local/lib/node_modules`.
    pub npm_global: bool,
    /// `pip install --break-system-packages`.
    pub break_system_packages: bool,
}

impl Default for InstallOptions {
    fn default() -> InstallOptions {
        InstallOptions {
            working_dir: "/".into(),
            npm_global: false,
            break_system_packages: false,
        }
    }
}

/// The install location of a manager in a given tree.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum InstallTarget {
    /// dpkg, for Debian or Ubuntu.
    Dpkg {
        /// The dpkg architecture (`amd64`, `arm64`).
        arch: String,
        /// The release whose versions apply.
        distribution: Distribution,
    },
    /// apk.
    Apk {
        /// The architecture in Go's naming (`amd64`, `arm64`).
        arch: String,
    },
    /// pip.
    Pip {
        /// The site-packages (or dist-packages) directory.
        site: String,
        /// The directory for console scripts.
        bin_dir: String,
        /// The interpreter named in console scripts' `#!` line.
        python: String,
    },
    /// npm.
    Npm {
        /// The `node_modules` directory packages go into.
        node_modules: String,
        /// The directory for links to executables: `/usr/local/bin` for global
        /// installs, `node_modules/.bin` for local ones.
        bin_dir: String,
        /// The project directory whose `package.json` records a local
        /// install; `None` for a global one.
        project_dir: Option<String>,
    },
}

/// A reason an install cannot go ahead.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PackageError {
    /// The tree has no such manager (no dpkg database, no Python, ...).
    ManagerNotFound(Manager),
    /// `apt-get install` before `apt-get update`.
    UnableToLocate(String),
    /// PEP 668: the distribution's Python refuses `pip install`.
    ExternallyManaged,
    /// Writing the files failed.
    Fs(FsError),
}

impl fmt::Display for PackageError {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PackageError::ManagerNotFound(manager) => write!(formatter, "{manager}: not found"),
            PackageError::UnableToLocate(name) => {
                write!(formatter, "E: Unable to locate package {name}")
            }
            PackageError::ExternallyManaged => {
                formatter.write_str("error: externally-managed-environment")
            }
            PackageError::Fs(error) => write!(formatter, "{error}"),
        }
    }
}

impl std::error::Error for PackageError {}

impl From<FsError> for PackageError {
    fn from(error: FsError) -> PackageError {
        PackageError::Fs(error)
    }
}

/// The packages an install adds and the ones it finds in place.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct InstallPlan {
    /// The manager.
    pub manager: Manager,
    /// The install location.
    pub target: InstallTarget,
    /// Packages to install, dependencies before dependants.
    pub packages: Vec<Package>,
    /// Requested packages the tree already has, with their versions.
    pub already_installed: Vec<(String, String)>,
    /// The requested names, in the order given.
    pub requested: Vec<String>,
}

/// Plans installing `arguments` (as the command line spells them) into `tree`.
pub fn plan_install(
    tree: &Overlay,
    manager: Manager,
    arguments: &[&str],
    options: &InstallOptions,
) -> Result<InstallPlan, PackageError> {
    let target = detect_target(tree, manager, options)?;
    let requirements: Vec<Requirement> = arguments
        .iter()
        .map(|a| Requirement::parse(manager, a))
        .collect();
    if manager == Manager::Apt && !apt_lists_present(tree) {
        let first = requirements
            .first()
            .map(|r| r.name.clone())
            .unwrap_or_default();
        return Err(PackageError::UnableToLocate(first));
    }
    let distribution = match &target {
        InstallTarget::Dpkg { distribution, .. } => *distribution,
        _ => Distribution::Debian,
    };

    let mut plan = InstallPlan {
        manager,
        target,
        packages: Vec::new(),
        already_installed: Vec::new(),
        requested: requirements.iter().map(|r| r.name.clone()).collect(),
    };
    let mut visited = BTreeSet::new();
    for requirement in &requirements {
        let mut package = lookup(manager, &requirement.name, distribution);
        if let Some(version) = &requirement.version {
            package.version = version.clone();
        }
        match installed_version(tree, &plan.target, &package.name) {
            Some(version)
                if requirement
                    .version
                    .as_ref()
                    .is_none_or(|pinned| *pinned == version) =>
            {
                plan.already_installed.push((package.name.clone(), version));
            }
            _ => visit(tree, &mut plan, package, distribution, &mut visited),
        }
    }
    Ok(plan)
}

fn visit(
    tree: &Overlay,
    plan: &mut InstallPlan,
    package: Package,
    distribution: Distribution,
    visited: &mut BTreeSet<String>,
) {
    if !visited.insert(package.name.clone()) {
        return;
    }
    for dependency in &package.depends {
        let dependency = lookup(plan.manager, dependency, distribution);
        if installed_version(tree, &plan.target, &dependency.name).is_none() {
            visit(tree, plan, dependency, distribution, visited);
        }
    }
    plan.packages.push(package);
}

fn installed_version(tree: &Overlay, target: &InstallTarget, name: &str) -> Option<String> {
    match target {
        InstallTarget::Dpkg { .. } => db::dpkg_version(tree, name),
        InstallTarget::Apk { .. } => db::apk_version(tree, name),
        InstallTarget::Pip { site, .. } => db::pip_version(tree, site, name),
        InstallTarget::Npm { node_modules, .. } => db::npm_version(tree, node_modules, name),
    }
}

fn detect_target(
    tree: &Overlay,
    manager: Manager,
    options: &InstallOptions,
) -> Result<InstallTarget, PackageError> {
    let not_found = PackageError::ManagerNotFound(manager);
    match manager {
        Manager::Apt => {
            if !tree.exists(db::DPKG_STATUS) {
                return Err(not_found);
            }
            let arch = read_trimmed(tree, "/var/lib/dpkg/arch").unwrap_or_else(|| "amd64".into());
            let distribution = match os_release_field(tree, "ID").as_deref() {
                Some("ubuntu") => Distribution::Ubuntu,
                _ => Distribution::Debian,
            };
            Ok(InstallTarget::Dpkg { arch, distribution })
        }
        Manager::Apk => {
            if !tree.exists(db::APK_INSTALLED) {
                return Err(not_found);
            }
            let arch = match read_trimmed(tree, "/etc/apk/arch").as_deref() {
                Some("aarch64") => "arm64",
                _ => "amd64",
            };
            Ok(InstallTarget::Apk { arch: arch.into() })
        }
        Manager::Pip => detect_python(tree, options).ok_or(not_found)?,
        Manager::Npm => detect_node(tree, options).ok_or(not_found),
    }
}

fn read_trimmed(tree: &Overlay, path: &str) -> Option<String> {
    Some(tree.read(path).ok()?.as_text()?.trim().to_string())
}

/// Finds `pythonX.Y` directories under `lib_dir`, newest last.
fn python_versions(tree: &Overlay, lib_dir: &str) -> Vec<String> {
    let Ok(entries) = tree.list(lib_dir) else {
        return Vec::new();
    };
    entries
        .into_iter()
        .map(|entry| entry.name)
        .filter(|name| name.starts_with("python3."))
        .collect()
}

fn detect_python(
    tree: &Overlay,
    options: &InstallOptions,
) -> Option<Result<InstallTarget, PackageError>> {
    for version in python_versions(tree, "/usr/local/lib").into_iter().rev() {
        let site = format!("/usr/local/lib/{version}/site-packages");
        if tree.exists(&site) {
            let python = format!("/usr/local/bin/{version}");
            return Some(Ok(InstallTarget::Pip {
                site,
                bin_dir: "/usr/local/bin".into(),
                python,
            }));
        }
    }
    let version = python_versions(tree, "/usr/lib").pop()?;
    if tree.exists(&format!("/usr/lib/{version}/EXTERNALLY-MANAGED"))
        && !options.break_system_packages
    {
        return Some(Err(PackageError::ExternallyManaged));
    }
    let site = if tree.exists("/etc/debian_version") {
        format!("/usr/local/lib/{version}/dist-packages")
    } else {
        format!("/usr/lib/{version}/site-packages")
    };
    Some(Ok(InstallTarget::Pip {
        site,
        bin_dir: "/usr/local/bin".into(),
        python: format!("/usr/bin/{version}"),
    }))
}

fn detect_node(tree: &Overlay, options: &InstallOptions) -> Option<InstallTarget> {
    if !tree.exists("/usr/local/bin/node") && !tree.exists("/usr/bin/node") {
        return None;
    }
    if options.npm_global {
        return Some(InstallTarget::Npm {
            node_modules: "/usr/local/lib/node_modules".into(),
            bin_dir: "/usr/local/bin".into(),
            project_dir: None,
        });
    }
    let project = options.working_dir.trim_end_matches('/').to_string();
    let node_modules = format!("{project}/node_modules");
    Some(InstallTarget::Npm {
        bin_dir: format!("{node_modules}/.bin"),
        node_modules,
        project_dir: Some(project),
    })
}

fn apt_lists_present(tree: &Overlay) -> bool {
    let Ok(entries) = tree.list("/var/lib/apt/lists") else {
        return false;
    };
    entries
        .iter()
        .any(|entry| entry.name.ends_with("_Packages") || entry.name.ends_with("_Packages.lz4"))
}

impl InstallPlan {
    /// Writes the planned packages into `tree`.
    pub fn apply(&self, tree: &mut Overlay) -> Result<(), FsError> {
        for package in &self.packages {
            self.install_package(tree, package)?;
        }
        self.record_request(tree)
    }

    /// Returns the changes the install makes to `tree`, as a change set on top of it.
    pub fn change_set(&self, tree: &Overlay) -> Result<ChangeSet, FsError> {
        let mut lowers = tree.lowers().to_vec();
        lowers.push(Arc::new(tree.upper().clone()));
        let mut staged = Overlay::new(lowers);
        self.apply(&mut staged)?;
        Ok(staged.into_upper())
    }

    fn install_package(&self, tree: &mut Overlay, package: &Package) -> Result<(), FsError> {
        self.forget_installed(tree, &package.name)?;
        let seed = mix_seed(
            0x9ac4,
            format!("{}\0{}\0{}", self.manager, package.name, package.version).as_bytes(),
        );
        match &self.target {
            InstallTarget::Dpkg { arch, .. } => {
                let mut files = expanded_files(package, arch);
                files.push(format!("/usr/share/doc/{}/copyright", package.name));
                write_files(tree, &files, package.installed_size, seed)?;
                db::record_dpkg(
                    tree,
                    &package.name,
                    &package.version,
                    arch,
                    &files,
                    package.installed_size.div_ceil(1024),
                )
            }
            InstallTarget::Apk { arch } => {
                let files = expanded_files(package, arch);
                write_files(tree, &files, package.installed_size, seed)?;
                db::record_apk(
                    tree,
                    &package.name,
                    &package.version,
                    arch,
                    &files,
                    package.installed_size,
                )
            }
            InstallTarget::Pip {
                site,
                bin_dir,
                python,
            } => install_pip(tree, package, site, bin_dir, python, seed),
            InstallTarget::Npm {
                node_modules,
                bin_dir,
                ..
            } => install_npm(tree, package, node_modules, bin_dir, seed),
        }
    }

    /// Removes the database record of an installed version, which an
    /// upgrade or downgrade to a pinned version replaces.
    fn forget_installed(&self, tree: &mut Overlay, name: &str) -> Result<(), FsError> {
        match &self.target {
            InstallTarget::Dpkg { .. } => db::forget_dpkg(tree, name),
            InstallTarget::Apk { .. } => db::forget_apk(tree, name),
            InstallTarget::Pip { site, .. } => db::forget_pip(tree, site, name),
            InstallTarget::Npm { .. } => Ok(()),
        }
    }

    fn record_request(&self, tree: &mut Overlay) -> Result<(), FsError> {
        match &self.target {
            InstallTarget::Dpkg { .. } => {
                let requested: BTreeSet<&str> = self.requested.iter().map(String::as_str).collect();
                for package in self
                    .packages
                    .iter()
                    .filter(|p| !requested.contains(p.name.as_str()))
                {
                    let line = format!(
                        "Package: {}\nArchitecture: all\nAuto-Installed: 1\n\n",
                        package.name
                    );
                    tree.mkdir_all("/var/lib/apt")?;
                    tree.append("/var/lib/apt/extended_states", &line)?;
                }
                Ok(())
            }
            InstallTarget::Apk { .. } => {
                for name in &self.requested {
                    tree.append("/etc/apk/world", &format!("{name}\n"))?;
                }
                Ok(())
            }
            InstallTarget::Pip { .. } => Ok(()),
            InstallTarget::Npm {
                node_modules,
                project_dir,
                ..
            } => record_npm_project(tree, self, node_modules, project_dir.as_deref()),
        }
    }
}

fn expanded_files(package: &Package, arch: &str) -> Vec<String> {
    package
        .files
        .iter()
        .map(|file| expand_triplet(file, arch))
        .collect()
}

/// Writes `files` as synthetic bytes adding up to `total`, shared equally;
/// files in a `bin` or `sbin` directory are executable.
fn write_files(tree: &mut Overlay, files: &[String], total: u64, seed: u64) -> Result<(), FsError> {
    let count = files.len().max(1) as u64;
    for (index, file) in files.iter().enumerate() {
        let share = total / count + if index == 0 { total % count } else { 0 };
        let executable = file.contains("/bin/") || file.contains("/sbin/");
        write_synthetic(
            tree,
            file,
            share,
            mix_seed(seed, file.as_bytes()),
            if executable { 0o755 } else { 0o644 },
        )?;
    }
    Ok(())
}

fn write_synthetic(
    tree: &mut Overlay,
    path: &str,
    size: u64,
    seed: u64,
    mode: u32,
) -> Result<(), FsError> {
    if let Some((parent, _)) = path.rsplit_once('/') {
        if !parent.is_empty() {
            tree.mkdir_all(parent)?;
        }
    }
    tree.write_with_mode(path, Content::Synthetic { size, seed }, mode)
}

fn write_text(tree: &mut Overlay, path: &str, text: &str, mode: u32) -> Result<(), FsError> {
    if let Some((parent, _)) = path.rsplit_once('/') {
        if !parent.is_empty() {
            tree.mkdir_all(parent)?;
        }
    }
    tree.write_with_mode(path, Content::Text(text.to_string()), mode)
}

fn install_pip(
    tree: &mut Overlay,
    package: &Package,
    site: &str,
    bin_dir: &str,
    python: &str,
    seed: u64,
) -> Result<(), FsError> {
    let modules = if package.files.is_empty() {
        vec![db::wheel_name(&package.name)]
    } else {
        package.files.clone()
    };
    let mut recorded = Vec::new();
    let share = package.installed_size / modules.len() as u64;
    for module in &modules {
        let init = format!("{module}/__init__.py");
        write_text(
            tree,
            &format!("{site}/{init}"),
            &format!("__version__ = \"{}\"\n", package.version),
            0o644,
        )?;
        let core = format!("{module}/_core.py");
        write_synthetic(
            tree,
            &format!("{site}/{core}"),
            share,
            mix_seed(seed, module.as_bytes()),
            0o644,
        )?;
        recorded.extend([init, core]);
    }
    for script in &package.binaries {
        let Some((name, entry)) = script.split_once('=') else {
            continue;
        };
        let (module, function) = entry.split_once(':').unwrap_or((entry, "main"));
        let text = format!(
            "#!{python}\n# -*- coding: utf-8 -*-\nimport re\nimport sys\nfrom {module} import {function}\n\
             if __name__ == '__main__':\n    sys.argv[0] = re.sub(r'(-script\\.pyw|\\.exe)?$', '', sys.argv[0])\n    sys.exit({function}())\n"
        );
        write_text(tree, &format!("{bin_dir}/{name}"), &text, 0o755)?;
    }
    db::record_pip(tree, site, &package.name, &package.version, &recorded)
}

fn install_npm(
    tree: &mut Overlay,
    package: &Package,
    node_modules: &str,
    bin_dir: &str,
    seed: u64,
) -> Result<(), FsError> {
    let directory = format!("{node_modules}/{}", package.name);
    let bins: Vec<(&str, &str)> = package
        .binaries
        .iter()
        .filter_map(|b| b.split_once('='))
        .collect();
    let mut manifest = serde_json::json!({
        "name": package.name,
        "version": package.version,
        "description": package.description,
        "main": "index.js",
        "license": "MIT",
    });
    if !bins.is_empty() {
        let bin_map: serde_json::Map<String, serde_json::Value> = bins
            .iter()
            .map(|(name, path)| (name.to_string(), serde_json::Value::from(*path)))
            .collect();
        manifest["bin"] = serde_json::Value::Object(bin_map);
    }
    let manifest_text = serde_json::to_string_pretty(&manifest).unwrap_or_default() + "\n";
    write_text(
        tree,
        &format!("{directory}/package.json"),
        &manifest_text,
        0o644,
    )?;
    write_synthetic(
        tree,
        &format!("{directory}/index.js"),
        package.installed_size,
        seed,
        0o644,
    )?;
    for (name, path) in bins {
        let script = format!("{directory}/{path}");
        write_text(tree, &script, "#!/usr/bin/env node\n", 0o755)?;
        tree.mkdir_all(bin_dir)?;
        let link = format!("{bin_dir}/{name}");
        tree.remove(&link, Recursion::Single, crate::fs::IfMissing::Ignore)?;
        tree.symlink(&script, &link)?;
    }
    Ok(())
}

fn record_npm_project(
    tree: &mut Overlay,
    plan: &InstallPlan,
    node_modules: &str,
    project_dir: Option<&str>,
) -> Result<(), FsError> {
    let lock_entries: serde_json::Map<String, serde_json::Value> = plan
        .packages
        .iter()
        .map(|p| {
            (
                format!("node_modules/{}", p.name),
                serde_json::json!({ "version": p.version }),
            )
        })
        .collect();
    let hidden_lock =
        serde_json::json!({ "lockfileVersion": 3, "requires": true, "packages": lock_entries });
    let hidden_text = serde_json::to_string_pretty(&hidden_lock).unwrap_or_default() + "\n";
    write_text(
        tree,
        &format!("{node_modules}/.package-lock.json"),
        &hidden_text,
        0o644,
    )?;

    let Some(project) = project_dir else {
        return Ok(());
    };
    let manifest_path = format!("{project}/package.json");
    let mut manifest: serde_json::Value = tree
        .read(&manifest_path)
        .ok()
        .and_then(|content| serde_json::from_str(content.as_text()?).ok())
        .filter(serde_json::Value::is_object)
        .unwrap_or_else(|| serde_json::json!({}));
    if !manifest
        .get("dependencies")
        .is_some_and(serde_json::Value::is_object)
    {
        manifest["dependencies"] = serde_json::json!({});
    }
    for name in &plan.requested {
        let version = plan
            .packages
            .iter()
            .find(|p| &p.name == name)
            .map(|p| p.version.clone())
            .or_else(|| {
                plan.already_installed
                    .iter()
                    .find(|(n, _)| n == name)
                    .map(|(_, v)| v.clone())
            })
            .unwrap_or_default();
        manifest["dependencies"][name] = serde_json::Value::from(format!("^{version}"));
    }
    let text = serde_json::to_string_pretty(&manifest).unwrap_or_default() + "\n";
    write_text(tree, &manifest_path, &text, 0o644)?;
    write_text(
        tree,
        &format!("{project}/package-lock.json"),
        &hidden_text,
        0o644,
    )
}

/// Fills the package indexes that `apt-get update` and `apk update` fetch,
/// with sizes close to Debian bookworm's, Ubuntu noble's and Alpine 3.22's
/// (estimates). pip and npm keep no index, so they change nothing.
pub fn update_indexes(tree: &mut Overlay, manager: Manager) -> Result<(), PackageError> {
    match manager {
        Manager::Apt => {
            let InstallTarget::Dpkg { arch, distribution } =
                detect_target(tree, manager, &InstallOptions::default())?
            else {
                return Ok(());
            };
            let codename =
                os_release_field(tree, "VERSION_CODENAME").unwrap_or_else(|| "bookworm".into());
            for (name, size) in apt_list_files(&codename, &arch, distribution) {
                write_synthetic(
                    tree,
                    &format!("/var/lib/apt/lists/{name}"),
                    size,
                    mix_seed(7, name.as_bytes()),
                    0o644,
                )?;
            }
            tree.mkdir_all("/var/lib/apt/lists/partial")?;
            Ok(())
        }
        Manager::Apk => {
            let InstallTarget::Apk { arch } =
                detect_target(tree, manager, &InstallOptions::default())?
            else {
                return Ok(());
            };
            for (name, size) in [
                ("APKINDEX.8c7b3d2e.tar.gz", 541_000),
                ("APKINDEX.52a0f7cb.tar.gz", 2_237_000),
            ] {
                write_synthetic(
                    tree,
                    &format!("/var/cache/apk/{name}"),
                    size,
                    mix_seed(11, format!("{arch}{name}").as_bytes()),
                    0o644,
                )?;
            }
            Ok(())
        }
        Manager::Pip | Manager::Npm => Ok(()),
    }
}

fn apt_list_files(codename: &str, arch: &str, distribution: Distribution) -> Vec<(String, u64)> {
    match distribution {
        Distribution::Debian => vec![
            (format!("deb.debian.org_debian_dists_{codename}_InRelease"), 151_000),
            (format!("deb.debian.org_debian_dists_{codename}_main_binary-{arch}_Packages.lz4"), 8_790_000),
            (format!("deb.debian.org_debian_dists_{codename}-updates_InRelease"), 55_400),
            (format!("deb.debian.org_debian_dists_{codename}-updates_main_binary-{arch}_Packages.lz4"), 13_400),
            (format!("deb.debian.org_debian-security_dists_{codename}-security_InRelease"), 48_000),
            (format!("deb.debian.org_debian-security_dists_{codename}-security_main_binary-{arch}_Packages.lz4"), 420_000),
        ],
        Distribution::Ubuntu => {
            let host = if arch == "amd64" { "archive.ubuntu.com_ubuntu" } else { "ports.ubuntu.com_ubuntu-ports" };
            vec![
                (format!("{host}_dists_{codename}_InRelease"), 256_000),
                (format!("{host}_dists_{codename}_main_binary-{arch}_Packages.lz4"), 1_810_000),
                (format!("{host}_dists_{codename}_universe_binary-{arch}_Packages.lz4"), 19_300_000),
                (format!("{host}_dists_{codename}-updates_InRelease"), 126_000),
                (format!("{host}_dists_{codename}-updates_main_binary-{arch}_Packages.lz4"), 1_120_000),
                (format!("{host}_dists_{codename}-security_InRelease"), 126_000),
                (format!("{host}_dists_{codename}-security_main_binary-{arch}_Packages.lz4"), 810_000),
            ]
        }
    }
}
