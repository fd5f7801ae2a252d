//! Applies an install plan: writes each package's files (synthetic bytes
//! adding up to its installed size) and its database record, as the real
//! package manager leaves them.
//!
//! `npm install` without `-g` also records the requested packages in the
//! project's `package.json` and writes `package-lock.json`.

use std::sync::Arc;

use shared_sort::SortedSet;

use super::db;
use super::plan::{InstallPlan, InstallTarget};
use super::system::expand_triplet;
use super::Package;
use crate::fs::{mix_seed, ChangeSet, Content, FsError, Overlay, Recursion};
use crate::json::Json;

impl InstallPlan {
    /// Writes the planned packages into `tree`.
    pub fn apply(&self, tree: &mut Overlay) -> Result<(), FsError> {
        for package in &self.packages {
            self.install_package(tree, package)?;
        }
        self.record_request(tree)
    }

    /// Computes the changes the install would make to `tree`, as a change set on top of it.
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
                let requested: SortedSet<&str> =
                    self.requested.iter().map(String::as_str).collect();
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

pub(super) fn write_synthetic(
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
    let mut fields = vec![
        ("name", Json::from(package.name.as_str())),
        ("version", Json::from(package.version.as_str())),
        ("description", Json::from(package.description.as_str())),
        ("main", Json::from("index.js")),
        ("license", Json::from("MIT")),
    ];
    if !bins.is_empty() {
        let bin_map = bins.iter().map(|(name, path)| (name.to_string(), *path));
        fields.push(("bin", Json::map(bin_map)));
    }
    let manifest = Json::object(fields).sorted();
    let manifest_text = manifest.to_rust_pretty() + "\n";
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
    let lock_entries = plan.packages.iter().map(|p| {
        let entry = Json::object(vec![("version", Json::from(p.version.as_str()))]);
        (format!("node_modules/{}", p.name), entry)
    });
    let hidden_lock = Json::object(vec![
        ("lockfileVersion", Json::Int(3)),
        ("packages", Json::map(lock_entries)),
        ("requires", Json::Bool(true)),
    ]);
    let hidden_text = hidden_lock.to_rust_pretty() + "\n";
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
    let manifest = tree
        .read(&manifest_path)
        .ok()
        .and_then(|content| Json::parse_sorted(content.as_text()?).ok());
    let mut fields = match manifest {
        Some(Json::Object(fields)) => fields,
        _ => Vec::new(),
    };
    let mut dependencies = match fields.iter().position(|(key, _)| key == "dependencies") {
        Some(index) => match fields.remove(index).1 {
            Json::Object(entries) => entries,
            _ => Vec::new(),
        },
        None => Vec::new(),
    };
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
        dependencies.push((name.clone(), Json::from(format!("^{version}"))));
    }
    fields.push(("dependencies".to_string(), Json::Object(dependencies)));
    let text = Json::Object(fields).sorted().to_rust_pretty() + "\n";
    write_text(tree, &manifest_path, &text, 0o644)?;
    write_text(
        tree,
        &format!("{project}/package-lock.json"),
        &hidden_text,
        0o644,
    )
}
