//! Finds the pinned tools and installs the ones that are missing.
//!
//! The versions that build offline on these machines: Trunk 0.21.14 (0.22
//! needs rustc 1.96), the wasm-bindgen CLI at exactly the `wasm-bindgen`
//! version in `Cargo.lock`, binaryen 132 from npm (Debian's binaryen 108 cannot
//! read rustc 1.95's reference-types output), and Debian's chromium and
//! chromium-driver. `Trunk.toml` pins the first three for Trunk as well.

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::run;

const TRUNK_VERSION: &str = "0.21.14";
const CHROMIUM: &str = "/usr/bin/chromium";
const CHROMEDRIVER: &str = "/usr/bin/chromedriver";
/// The font file of Debian's fonts-wqy-microhei, which draws Chinese text.
const CJK_FONT: &str = "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc";

/// Paths and versions of the tools the web build needs.
pub struct Toolchain {
    root: PathBuf,
    cargo_bin: PathBuf,
    wasm_bindgen_version: String,
}

impl Toolchain {
    /// Reads the pinned versions from the workspace.
    pub fn locate(root: &Path) -> Result<Self, String> {
        let lock = std::fs::read_to_string(root.join("Cargo.lock"))
            .map_err(|error| format!("cannot read Cargo.lock: {error}"))?;
        let wasm_bindgen_version = locked_version(&lock, "wasm-bindgen")
            .ok_or("Cargo.lock has no wasm-bindgen package")?;
        let trunk_toml = std::fs::read_to_string(root.join("Trunk.toml")).unwrap_or_default();
        if !trunk_toml.contains(&format!("wasm_bindgen = \"{wasm_bindgen_version}\"")) {
            return Err(format!(
                "Trunk.toml must pin wasm_bindgen = \"{wasm_bindgen_version}\", the version in Cargo.lock"
            ));
        }
        let cargo_home = std::env::var_os("CARGO_HOME")
            .map(PathBuf::from)
            .or_else(|| std::env::var_os("HOME").map(|home| PathBuf::from(home).join(".cargo")))
            .ok_or("neither CARGO_HOME nor HOME is set")?;
        Ok(Self {
            root: root.to_path_buf(),
            cargo_bin: cargo_home.join("bin"),
            wasm_bindgen_version,
        })
    }

    /// Installs the wasm target, Trunk, the wasm-bindgen CLI and the npm packages
    /// (binaryen and playwright-core) where they are missing or at another version.
    pub fn install_web_tools(&self) -> Result<(), String> {
        let targets = output(Command::new("rustup").args(["target", "list", "--installed"]));
        if !targets
            .lines()
            .any(|line| line.trim() == "wasm32-unknown-unknown")
        {
            println!("xtask: installing the wasm32-unknown-unknown target (seconds)");
            run(Command::new("rustup").args(["target", "add", "wasm32-unknown-unknown"]))?;
        }

        let trunk = output(Command::new(self.cargo_bin.join("trunk")).arg("--version"));
        if trunk.trim() != format!("trunk {TRUNK_VERSION}") {
            println!("xtask: installing Trunk {TRUNK_VERSION} from crates.io (about 7 minutes on 2 cores)");
            run(Command::new(env!("CARGO")).args([
                "install",
                "trunk",
                "--version",
                TRUNK_VERSION,
                "--locked",
            ]))?;
        }

        let bindgen = output(Command::new(self.cargo_bin.join("wasm-bindgen")).arg("--version"));
        if bindgen.trim() != format!("wasm-bindgen {}", self.wasm_bindgen_version) {
            println!(
                "xtask: installing wasm-bindgen-cli {} from crates.io (about 2 minutes)",
                self.wasm_bindgen_version
            );
            // Without --locked: the CLI's own lock file pins a crate version that
            // the registry lacks.
            run(Command::new(env!("CARGO")).args([
                "install",
                "wasm-bindgen-cli",
                "--version",
                &self.wasm_bindgen_version,
            ]))?;
        }

        let wasm_opt = output(Command::new(self.node_bin().join("wasm-opt")).arg("--version"));
        let playwright = self.root.join("node_modules/playwright-core/package.json");
        let lz_string = self.root.join("node_modules/lz-string/package.json");
        if !wasm_opt.contains("version 132") || !playwright.exists() || !lz_string.exists() {
            println!(
                "xtask: installing binaryen 132, playwright-core and lz-string from npm (seconds)"
            );
            run(Command::new("npm").current_dir(&self.root).args([
                "ci",
                "--no-audit",
                "--no-fund",
            ]))?;
        }
        Ok(())
    }

    /// Installs Debian's chromium, chromium-driver and a CJK font (so the
    /// Chinese screenshots show text) when they are missing.
    pub fn install_browser(&self) -> Result<(), String> {
        if Path::new(CHROMIUM).exists()
            && Path::new(CHROMEDRIVER).exists()
            && Path::new(CJK_FONT).exists()
        {
            return Ok(());
        }
        println!("xtask: installing chromium, chromium-driver and fonts-wqy-microhei from Debian (under a minute)");
        let apt = |args: &[&str]| {
            let mut command = if is_root() {
                Command::new("apt-get")
            } else {
                let mut sudo = Command::new("sudo");
                sudo.arg("apt-get");
                sudo
            };
            command.args(args).env("DEBIAN_FRONTEND", "noninteractive");
            run(&mut command)
        };
        apt(&["update"])?;
        apt(&[
            "install",
            "-y",
            "--no-install-recommends",
            "chromium",
            "chromium-driver",
            "fonts-wqy-microhei",
        ])
    }

    /// Returns a `trunk` command with the pinned tools first on `PATH`.
    pub fn trunk(&self) -> Command {
        let mut command = Command::new(self.cargo_bin.join("trunk"));
        command
            .current_dir(&self.root)
            .env("PATH", self.path())
            .env("TRUNK_SKIP_VERSION_CHECK", "true");
        command
    }

    /// Returns a `node` command run from the workspace root.
    pub fn node(&self) -> Command {
        let mut command = Command::new("node");
        command.current_dir(&self.root).env("PATH", self.path());
        command
    }

    fn node_bin(&self) -> PathBuf {
        self.root.join("node_modules/.bin")
    }

    /// Returns `PATH` with the npm binaries and cargo's binaries in front.
    fn path(&self) -> std::ffi::OsString {
        let mut paths = vec![self.node_bin(), self.cargo_bin.clone()];
        if let Some(path) = std::env::var_os("PATH") {
            paths.extend(std::env::split_paths(&path));
        }
        std::env::join_paths(paths).unwrap_or_default()
    }
}

/// Returns a command's standard output, or an empty string when it cannot run.
fn output(command: &mut Command) -> String {
    command
        .output()
        .map(|output| String::from_utf8_lossy(&output.stdout).into_owned())
        .unwrap_or_default()
}

/// Returns the version of `name` recorded in a `Cargo.lock` text.
fn locked_version(lock: &str, name: &str) -> Option<String> {
    let mut lines = lock.lines();
    while let Some(line) = lines.next() {
        if line == format!("name = \"{name}\"") {
            let version = lines
                .next()?
                .strip_prefix("version = \"")?
                .strip_suffix('"')?;
            return Some(version.to_string());
        }
    }
    None
}

fn is_root() -> bool {
    output(Command::new("id").arg("-u")).trim() == "0"
}

#[cfg(test)]
mod tests {
    use super::locked_version;

    #[test]
    fn locked_version_reads_package_entry() {
        let lock = "[[package]]\nname = \"wasm-bindgen\"\nversion = \"0.2.130\"\n";
        assert_eq!(
            locked_version(lock, "wasm-bindgen").as_deref(),
            Some("0.2.130")
        );
        assert_eq!(locked_version(lock, "yew"), None);
    }
}
