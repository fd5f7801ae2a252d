//! The package indexes that `apt-get update` and `apk update` download.

use super::apply::write_synthetic;
use super::plan::{detect_target, InstallOptions, InstallTarget, PackageError};
use super::system::os_release_field;
use super::{Distribution, Manager};
use crate::fs::{mix_seed, Overlay};

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
