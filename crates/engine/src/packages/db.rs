//! The package databases inside a file tree, read and written the way each
//! package manager keeps them.
//!
//! - dpkg: a stanza per package in `/var/lib/dpkg/status` and the package's
//!   file list in `/var/lib/dpkg/info/<name>.list`;
//! - apk: a block per package in `/lib/apk/db/installed` (`P:` name, `V:`
//!   version, `A:` architecture, `I:` installed size);
//! - pip: a `<name>-<version>.dist-info` directory in site-packages, named
//!   with the project name normalised as wheel files name it (lowercase,
//!   runs of `-_.` turned into `_`);
//! - npm: `node_modules/<name>/package.json`.
//!
//! Records stay short: the fields the simulator and a curious user read,
//! not every field a real database has.

use crate::fs::{Content, FsError, IfMissing, Overlay, Recursion};

/// The dpkg status file.
pub const DPKG_STATUS: &str = "/var/lib/dpkg/status";
/// The apk installed-packages database.
pub const APK_INSTALLED: &str = "/lib/apk/db/installed";

/// Adds a package to the dpkg database, listing `files` as its files.
pub fn record_dpkg(
    tree: &mut Overlay,
    name: &str,
    version: &str,
    arch: &str,
    files: &[String],
    size_kib: u64,
) -> Result<(), FsError> {
    let stanza = format!(
        "Package: {name}\nStatus: install ok installed\nInstalled-Size: {size_kib}\nArchitecture: {arch}\nVersion: {version}\n\n"
    );
    tree.mkdir_all("/var/lib/dpkg/info")?;
    tree.append(DPKG_STATUS, &stanza)?;
    let mut list = String::from("/.\n");
    for file in files {
        list.push_str(file);
        list.push('\n');
    }
    tree.write(
        &format!("/var/lib/dpkg/info/{name}.list"),
        Content::Text(list),
    )
}

/// Adds a package to the apk database, listing `files` as its files and
/// `size` bytes as its installed size.
pub fn record_apk(
    tree: &mut Overlay,
    name: &str,
    version: &str,
    arch: &str,
    files: &[String],
    size: u64,
) -> Result<(), FsError> {
    let apk_arch = match arch {
        "amd64" => "x86_64",
        "arm64" => "aarch64",
        other => other,
    };
    let mut block = format!("P:{name}\nV:{version}\nA:{apk_arch}\nI:{size}\n");
    for file in files {
        if let Some((directory, base)) = file.trim_start_matches('/').rsplit_once('/') {
            block.push_str(&format!("F:{directory}\nR:{base}\n"));
        }
    }
    block.push('\n');
    tree.mkdir_all("/lib/apk/db")?;
    tree.append(APK_INSTALLED, &block)
}

/// Adds a distribution's `dist-info` directory to `site`, listing `files`
/// (relative to `site`) in its RECORD.
pub fn record_pip(
    tree: &mut Overlay,
    site: &str,
    name: &str,
    version: &str,
    files: &[String],
) -> Result<(), FsError> {
    let info = format!("{site}/{}-{version}.dist-info", wheel_name(name));
    tree.mkdir_all(&info)?;
    let metadata = format!("Metadata-Version: 2.1\nName: {name}\nVersion: {version}\n");
    tree.write(&format!("{info}/METADATA"), Content::Text(metadata))?;
    tree.write(&format!("{info}/INSTALLER"), Content::Text("pip\n".into()))?;
    tree.write(
        &format!("{info}/WHEEL"),
        Content::Text("Wheel-Version: 1.0\nRoot-Is-Purelib: true\nTag: py3-none-any\n".into()),
    )?;
    let info_name = info.rsplit('/').next().unwrap_or_default();
    let mut record = String::new();
    for file in files
        .iter()
        .map(String::as_str)
        .chain(["METADATA", "INSTALLER", "WHEEL", "RECORD"].iter().copied())
    {
        let path = if file.contains('/') {
            file.to_string()
        } else {
            format!("{info_name}/{file}")
        };
        record.push_str(&format!("{path},,\n"));
    }
    tree.write(&format!("{info}/RECORD"), Content::Text(record))
}

/// Normalises a Python project name as PEP 503 compares names: lowercase,
/// each run of `-`, `_` and `.` turned into one `-`.
pub fn normalise_python_name(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    let mut in_separator = false;
    for c in name.chars() {
        if matches!(c, '-' | '_' | '.') {
            in_separator = true;
            continue;
        }
        if in_separator && !out.is_empty() {
            out.push('-');
        }
        in_separator = false;
        out.push(c.to_ascii_lowercase());
    }
    out
}

/// Returns the project name as wheel file and `dist-info` names spell it.
pub fn wheel_name(name: &str) -> String {
    normalise_python_name(name).replace('-', "_")
}

/// Reads the database file at `path` as text, empty if missing.
fn status_text(tree: &Overlay, path: &str) -> String {
    tree.read(path)
        .ok()
        .and_then(|content| content.as_text().map(String::from))
        .unwrap_or_default()
}

/// Removes `name`'s stanza from the dpkg status file, if present.
pub fn forget_dpkg(tree: &mut Overlay, name: &str) -> Result<(), FsError> {
    remove_block(tree, DPKG_STATUS, &format!("Package: {name}"))
}

/// Removes `name`'s block from the apk database, if present.
pub fn forget_apk(tree: &mut Overlay, name: &str) -> Result<(), FsError> {
    remove_block(tree, APK_INSTALLED, &format!("P:{name}"))
}

/// Removes the `dist-info` directory of Python distribution `name` in `site`.
pub fn forget_pip(tree: &mut Overlay, site: &str, name: &str) -> Result<(), FsError> {
    let Ok(entries) = tree.list(site) else {
        return Ok(());
    };
    let normalised = normalise_python_name(name);
    for entry in entries {
        let project = entry
            .name
            .strip_suffix(".dist-info")
            .and_then(|stem| stem.split_once('-'))
            .map(|(p, _)| p);
        if project.is_some_and(|project| normalise_python_name(project) == normalised) {
            tree.remove(
                &format!("{site}/{}", entry.name),
                Recursion::Recursive,
                IfMissing::Ignore,
            )?;
        }
    }
    Ok(())
}

/// Rewrites a database file without the blank-line-separated block whose
/// first line is `first_line`.
fn remove_block(tree: &mut Overlay, path: &str, first_line: &str) -> Result<(), FsError> {
    let text = status_text(tree, path);
    let blocks: Vec<&str> = text.split_inclusive("\n\n").collect();
    let remaining: String = blocks
        .iter()
        .filter(|block| block.lines().next() != Some(first_line))
        .copied()
        .collect();
    if remaining.len() == text.len() {
        return Ok(());
    }
    tree.write(path, Content::Text(remaining))
}

/// Returns the version of `name` in the dpkg database, if installed.
pub fn dpkg_version(tree: &Overlay, name: &str) -> Option<String> {
    let status = status_text(tree, DPKG_STATUS);
    status.split("\n\n").find_map(|stanza| {
        let field = |key: &str| {
            stanza
                .lines()
                .find_map(|line| line.strip_prefix(key).map(str::trim))
        };
        let matches = field("Package:") == Some(name)
            && field("Status:").is_some_and(|s| s.ends_with("installed"));
        matches.then(|| field("Version:").unwrap_or_default().to_string())
    })
}

/// Returns the version of `name` in the apk database, if installed.
pub fn apk_version(tree: &Overlay, name: &str) -> Option<String> {
    let installed = status_text(tree, APK_INSTALLED);
    installed.split("\n\n").find_map(|block| {
        let field = |key: &str| block.lines().find_map(|line| line.strip_prefix(key));
        (field("P:") == Some(name)).then(|| field("V:").unwrap_or_default().to_string())
    })
}

/// Returns the version of Python distribution `name` in `site`, if installed.
pub fn pip_version(tree: &Overlay, site: &str, name: &str) -> Option<String> {
    let normalised = normalise_python_name(name);
    let entries = tree.list(site).ok()?;
    entries.iter().find_map(|entry| {
        let stem = entry.name.strip_suffix(".dist-info")?;
        let (project, version) = stem.split_once('-')?;
        (normalise_python_name(project) == normalised).then(|| version.to_string())
    })
}

/// Returns the version of npm package `name` in `node_modules`, if installed.
pub fn npm_version(tree: &Overlay, node_modules: &str, name: &str) -> Option<String> {
    let manifest = tree
        .read(&format!("{node_modules}/{name}/package.json"))
        .ok()?;
    let value = crate::json::Json::parse_sorted(manifest.as_text()?).ok()?;
    value.get("version")?.as_str().map(String::from)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dpkg_round_trip() {
        let mut tree = Overlay::default();
        tree.mkdir_all("/usr/bin").unwrap();
        tree.write(
            "/usr/bin/curl",
            Content::Synthetic {
                size: 4096,
                seed: 1,
            },
        )
        .unwrap();
        record_dpkg(
            &mut tree,
            "curl",
            "7.88.1-10+deb12u12",
            "amd64",
            &["/usr/bin/curl".into()],
            4,
        )
        .unwrap();
        record_dpkg(&mut tree, "bash", "5.2.15-2+b8", "amd64", &[], 7000).unwrap();

        assert_eq!(
            dpkg_version(&tree, "curl").as_deref(),
            Some("7.88.1-10+deb12u12")
        );
        assert_eq!(dpkg_version(&tree, "bash").as_deref(), Some("5.2.15-2+b8"));
        assert_eq!(dpkg_version(&tree, "cur"), None);
        let status = tree
            .read(DPKG_STATUS)
            .unwrap()
            .as_text()
            .unwrap()
            .to_string();
        assert!(status.contains("Installed-Size: 4\n"));
        let list = tree
            .read("/var/lib/dpkg/info/curl.list")
            .unwrap()
            .as_text()
            .unwrap()
            .to_string();
        assert_eq!(list, "/.\n/usr/bin/curl\n");
    }

    #[test]
    fn apk_round_trip() {
        let mut tree = Overlay::default();
        record_apk(
            &mut tree,
            "musl",
            "1.2.5-r10",
            "arm64",
            &["/lib/ld-musl-aarch64.so.1".into()],
            8192,
        )
        .unwrap();
        assert_eq!(apk_version(&tree, "musl").as_deref(), Some("1.2.5-r10"));
        assert_eq!(apk_version(&tree, "mus"), None);
        let db = tree
            .read(APK_INSTALLED)
            .unwrap()
            .as_text()
            .unwrap()
            .to_string();
        assert!(db.contains("A:aarch64\n"));
        assert!(db.contains("F:lib\nR:ld-musl-aarch64.so.1\n"));
    }

    #[test]
    fn pip_round_trip() {
        let mut tree = Overlay::default();
        let site = "/usr/local/lib/python3.12/site-packages";
        record_pip(&mut tree, site, "python-dateutil", "2.9.0.post0", &[]).unwrap();
        assert!(tree.exists(&format!(
            "{site}/python_dateutil-2.9.0.post0.dist-info/METADATA"
        )));
        assert_eq!(
            pip_version(&tree, site, "Python_DateUtil").as_deref(),
            Some("2.9.0.post0")
        );
        assert_eq!(pip_version(&tree, site, "dateutil"), None);
    }

    #[test]
    fn python_name_normalisation_table() {
        let cases = [
            ("Flask", "flask"),
            ("python-dateutil", "python-dateutil"),
            ("zope.interface", "zope-interface"),
            ("a__b--c", "a-b-c"),
        ];
        for (name, expected) in cases {
            assert_eq!(normalise_python_name(name), expected, "{name}");
        }
        assert_eq!(wheel_name("zope.interface"), "zope_interface");
    }
}
