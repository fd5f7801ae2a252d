//! Plans package installs: where a manager installs in a tree, which
//! packages a request needs, and which the tree already has.
//!
//! Planning finds the install location (the dpkg or apk database, the Python
//! site-packages directory, `node_modules`), resolves dependencies depth
//! first, and skips what the tree already has, unless a pinned version
//! differs. Behaviours reproduced from the real tools:
//!
//! - `apt-get install` fails with `E: Unable to locate package NAME` until
//!   `apt-get update` has filled `/var/lib/apt/lists`, because Debian and
//!   Ubuntu images ship with empty lists;
//! - `pip install` into a distribution's own Python fails with
//!   `error: externally-managed-environment` (PEP 668) unless
//!   `--break-system-packages` is given. The official `python` images are not
//!   externally managed;
//! - `npm install` without `-g` installs into `<working dir>/node_modules`.

use std::fmt;

use shared_sort::SortedSet;

use super::db;
use super::requirement::is_valid_name;
use super::system::os_release_field;
use super::{lookup, Distribution, Manager, Package, Requirement};
use crate::fs::{FsError, Overlay};

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
    /// A package argument whose name breaks the manager's naming rules, or
    /// a path or URL given to pip, which the simulation does not install.
    InvalidName {
        /// The manager whose rules apply.
        manager: Manager,
        /// The argument as given.
        name: String,
    },
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
            PackageError::InvalidName { manager, name } => match manager {
                Manager::Apt => write!(formatter, "E: Unable to locate package {name}"),
                Manager::Apk => {
                    write!(formatter, "ERROR: '{name}' is not a valid world dependency")
                }
                Manager::Pip => write!(formatter, "ERROR: Invalid requirement: '{name}'"),
                Manager::Npm => write!(formatter, "npm error Invalid package name \"{name}\""),
            },
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
    let invalid = arguments
        .iter()
        .zip(&requirements)
        .find(|(argument, requirement)| {
            let path_like = manager == Manager::Pip && argument.contains('/');
            path_like || !is_valid_name(manager, &requirement.name)
        });
    if let Some((argument, _)) = invalid {
        return Err(PackageError::InvalidName {
            manager,
            name: argument.to_string(),
        });
    }
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
    let mut visited = SortedSet::new();
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
    visited: &mut SortedSet<String>,
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

pub(super) fn detect_target(
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
