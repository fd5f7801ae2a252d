//! Packages for `apt-get install`, `apk add`, `pip install` and `npm install`:
//! data, lookup, dependency resolution and installation into a file tree.
//!
//! `data/packages/packages.json` lists common packages per manager with a
//! version, dependencies, an installed size and a few representative files.
//! A name that is not listed is synthesised from a hash of the name (version,
//! size, files), marked [`Package::synthesised`], so arbitrary real
//! Dockerfiles still build.
//!
//! [`plan_install`] resolves dependencies against what the tree already has
//! (read from its package database) and [`InstallPlan::apply`] writes the
//! files and database records, so a `RUN` layer or a container's upper layer
//! gets the changes a real install makes.

#![deny(missing_docs)]

mod apply;
pub mod db;
mod indexes;
mod plan;
mod requirement;
mod system;

use std::fmt;
use std::sync::OnceLock;

use shared_sort::SortedMap;

use crate::fs::mix_seed;
use crate::json::{Fields, Json};
pub use indexes::update_indexes;
pub use plan::{plan_install, InstallOptions, InstallPlan, InstallTarget, PackageError};
pub use requirement::{is_valid_name, Requirement};

const PACKAGES_JSON: &str = include_str!("../../data/packages/packages.json");

/// A package manager.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Manager {
    /// Debian and Ubuntu's `apt-get`/`apt` with dpkg.
    Apt,
    /// Alpine's `apk`.
    Apk,
    /// Python's `pip`.
    Pip,
    /// Node.js's `npm`.
    Npm,
}

impl Manager {
    /// Returns the command name.
    pub fn command(self) -> &'static str {
        match self {
            Manager::Apt => "apt-get",
            Manager::Apk => "apk",
            Manager::Pip => "pip",
            Manager::Npm => "npm",
        }
    }
}

impl fmt::Display for Manager {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str(self.command())
    }
}

/// A package as a manager would install it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Package {
    /// The manager it belongs to.
    pub manager: Manager,
    /// The name as the manager spells it (`curl`, `Flask` normalised to
    /// `flask`, `express`).
    pub name: String,
    /// The version that gets installed.
    pub version: String,
    /// Names of the packages it needs, of the same manager.
    pub depends: Vec<String>,
    /// Bytes on disk after installation.
    pub installed_size: u64,
    /// Representative files. For apt and apk these are absolute paths, with
    /// `{{triplet}}` for the multiarch directory. For pip they are top-level
    /// module names, and npm packages leave them empty.
    pub files: Vec<String>,
    /// Executables it adds: apk/apt binaries are among `files`; for pip these
    /// are `name=module:function` console scripts; for npm `name=path` bins.
    pub binaries: Vec<String>,
    /// A one-line summary.
    pub description: String,
    /// Whether it was made up from its name because the data lacks it.
    pub synthesised: bool,
}

impl Package {
    /// Returns the size of the download, an estimate of a third of the installed size
    /// as compressed `.deb`, `.apk`, wheel and tarball files typically are.
    pub fn download_size(&self) -> u64 {
        self.installed_size.div_ceil(3)
    }
}

#[derive(Debug)]
struct PackageData {
    v: String,
    u: Option<String>,
    d: Vec<String>,
    s: u64,
    f: Vec<String>,
    b: Vec<String>,
    t: String,
}

impl PackageData {
    fn from_json(value: &Json) -> Result<PackageData, String> {
        let fields = Fields::strict(value, &["v", "u", "d", "s", "f", "b", "t"])?;
        Ok(PackageData {
            v: fields.string("v")?,
            u: fields.opt_string("u")?,
            d: fields.strings("d")?,
            s: fields.unsigned("s")?,
            f: fields.strings("f")?,
            b: fields.strings("b")?,
            t: fields.string_or_empty("t")?,
        })
    }
}

#[derive(Debug)]
struct PackagesFile {
    apt: SortedMap<String, PackageData>,
    apk: SortedMap<String, PackageData>,
    pip: SortedMap<String, PackageData>,
    npm: SortedMap<String, PackageData>,
}

impl PackagesFile {
    /// Reads the data file, rejecting unknown fields.
    fn parse(text: &str) -> Result<PackagesFile, String> {
        let value = Json::parse(text).map_err(|error| error.to_string())?;
        let fields = Fields::strict(&value, &["apt", "apk", "pip", "npm"])?;
        let table = |key: &str| {
            let entries = fields
                .required(key)?
                .as_object()
                .ok_or("expected an object")?;
            let read = |(name, value): &(String, Json)| {
                let data = PackageData::from_json(value)
                    .map_err(|error| format!("{key}.{name}: {error}"))?;
                Ok::<_, String>((name.clone(), data))
            };
            entries
                .iter()
                .map(read)
                .collect::<Result<SortedMap<_, _>, String>>()
        };
        Ok(PackagesFile {
            apt: table("apt")?,
            apk: table("apk")?,
            pip: table("pip")?,
            npm: table("npm")?,
        })
    }

    fn table(&self, manager: Manager) -> &SortedMap<String, PackageData> {
        match manager {
            Manager::Apt => &self.apt,
            Manager::Apk => &self.apk,
            Manager::Pip => &self.pip,
            Manager::Npm => &self.npm,
        }
    }
}

static PACKAGES: OnceLock<Result<PackagesFile, String>> = OnceLock::new();

fn packages_file() -> Result<&'static PackagesFile, String> {
    PACKAGES
        .get_or_init(|| {
            PackagesFile::parse(PACKAGES_JSON).map_err(|error| format!("packages.json: {error}"))
        })
        .as_ref()
        .map_err(Clone::clone)
}

/// The release family whose package versions apply.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Distribution {
    /// Debian, or anything not listed.
    Debian,
    /// Ubuntu, whose versions differ for some packages.
    Ubuntu,
}

/// Finds the package `name` in the data, or `None` if the data lacks it.
// FIXME: versions come from Debian bookworm, with Ubuntu noble's where the
// data gives one (also used on jammy), and Alpine 3.22's on every Alpine.
pub fn find(manager: Manager, name: &str, distribution: Distribution) -> Option<Package> {
    let key = lookup_key(manager, name);
    let data = packages_file().ok()?.table(manager).get(&key)?;
    let version = match distribution {
        Distribution::Ubuntu => data.u.clone().unwrap_or_else(|| data.v.clone()),
        Distribution::Debian => data.v.clone(),
    };
    Some(Package {
        manager,
        name: key,
        version,
        depends: data.d.clone(),
        installed_size: data.s * 1024,
        files: data.f.clone(),
        binaries: data.b.clone(),
        description: data.t.clone(),
        synthesised: false,
    })
}

/// Looks up the package `name` in the data, or synthesises it from the name.
pub fn lookup(manager: Manager, name: &str, distribution: Distribution) -> Package {
    find(manager, name, distribution).unwrap_or_else(|| synthesise(manager, name))
}

fn lookup_key(manager: Manager, name: &str) -> String {
    match manager {
        Manager::Pip => db::normalise_python_name(name),
        _ => name.to_lowercase(),
    }
}

/// Makes up a package from a hash of its name: a version, an installed size
/// between 40 KiB and about 5 MiB, and one file (an executable for apt and
/// apk, a module for pip, the package directory for npm).
fn synthesise(manager: Manager, name: &str) -> Package {
    let name = lookup_key(manager, name);
    let hash = mix_seed(0x5eed, name.as_bytes());
    let (major, minor, patch) = (1 + hash % 9, (hash >> 8) % 20, (hash >> 16) % 10);
    let version = match manager {
        Manager::Apt => format!("{major}.{minor}.{patch}-1"),
        Manager::Apk => format!("{major}.{minor}.{patch}-r0"),
        Manager::Pip | Manager::Npm => format!("{major}.{minor}.{patch}"),
    };
    let files = match manager {
        Manager::Apt => vec![format!("/usr/bin/{name}")],
        Manager::Apk => vec![format!("/usr/bin/{name}")],
        Manager::Pip => vec![name.replace('-', "_")],
        Manager::Npm => Vec::new(),
    };
    Package {
        manager,
        name,
        version,
        depends: Vec::new(),
        installed_size: (40 + (hash >> 24) % 5000) * 1024,
        files,
        binaries: Vec::new(),
        description: "package synthesised by Porthole".into(),
        synthesised: true,
    }
}

/// Checks the package data: it parses, and every dependency is listed.
/// Returns the problems found.
pub fn check_data() -> Vec<String> {
    let file = match packages_file() {
        Ok(file) => file,
        Err(error) => return vec![error],
    };
    let mut problems = Vec::new();
    for manager in [Manager::Apt, Manager::Apk, Manager::Pip, Manager::Npm] {
        let table = file.table(manager);
        for (name, data) in table {
            for dependency in &data.d {
                if !table.contains_key(&lookup_key(manager, dependency)) {
                    problems.push(format!(
                        "{manager} {name}: dependency {dependency} is not listed"
                    ));
                }
            }
        }
    }
    problems
}

#[cfg(test)]
mod tests;
