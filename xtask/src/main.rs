//! Set-up, serve and test commands for the Porthole workspace.
//!
//! ```text
//! cargo xtask serve   install what is missing, build, serve on http://127.0.0.1:8080
//! cargo xtask test    install what is missing, run native and browser tests
//! cargo xtask setup   only install what is missing
//! ```
//!
//! Each tool is installed only when the version on the machine is not the
//! pinned one, so a second run starts at once. Nothing is downloaded except
//! from crates.io, npm and Debian's package archive.

mod tools;

use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};

use tools::Toolchain;

const USAGE: &str = "\
Usage: cargo xtask COMMAND

Commands:
  serve [--release]   install what is missing, build and serve the page on
                      http://127.0.0.1:8080 with the built-in example
  test                install what is missing (also Chromium), run every native
                      test, build the release bundle and run the browser tests
  setup [--browser]   only install what is missing
";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let root = workspace_root();
    let result = match args.first().map(String::as_str) {
        Some("serve") => serve(&root, args.iter().any(|arg| arg == "--release")),
        Some("test") => test(&root),
        Some("setup") => setup(&root, args.iter().any(|arg| arg == "--browser")).map(|_| ()),
        Some("-h" | "--help") => {
            print!("{USAGE}");
            Ok(())
        }
        _ => Err(format!("unknown or missing command\n\n{USAGE}")),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("xtask: {message}");
            ExitCode::FAILURE
        }
    }
}

/// Returns the workspace root: the parent of this package's directory.
fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("xtask lives one level below the workspace root")
        .to_path_buf()
}

fn setup(root: &Path, browser: bool) -> Result<Toolchain, String> {
    let toolchain = Toolchain::locate(root)?;
    toolchain.install_web_tools()?;
    if browser {
        toolchain.install_browser()?;
    }
    Ok(toolchain)
}

fn serve(root: &Path, release: bool) -> Result<(), String> {
    let toolchain = setup(root, false)?;
    println!("xtask: serving on http://127.0.0.1:8080 (Ctrl+C stops it)");
    let mut trunk = toolchain.trunk();
    trunk.args(["serve", "--address", "127.0.0.1", "--port", "8080"]);
    if release {
        trunk.arg("--release");
    }
    run(&mut trunk)
}

fn test(root: &Path) -> Result<(), String> {
    let toolchain = setup(root, true)?;

    println!("xtask: running the native tests");
    run(Command::new(env!("CARGO"))
        .current_dir(root)
        .args(["test", "--workspace", "--locked"]))?;

    println!("xtask: checking the formatting with rustfmt");
    run(Command::new(env!("CARGO"))
        .current_dir(root)
        .args(["fmt", "--all", "--check"]))?;

    println!("xtask: checking the code with clippy");
    run(Command::new(env!("CARGO")).current_dir(root).args([
        "clippy",
        "--workspace",
        "--all-targets",
        "--locked",
        "--",
        "-D",
        "warnings",
    ]))?;

    println!("xtask: building the porthole command for the transcript comparison");
    run(Command::new(env!("CARGO")).current_dir(root).args([
        "build",
        "--locked",
        "--release",
        "--bin",
        "porthole",
    ]))?;

    println!("xtask: building the release bundle with wasm-opt");
    run(toolchain.trunk().args(["build", "--release"]))?;

    println!("xtask: running the browser tests in headless Chromium");
    run(toolchain
        .node()
        .arg(root.join("tests/browser/run.mjs"))
        .env("PORTHOLE_DIST", root.join("dist"))
        .env("PORTHOLE_BIN", root.join("target/release/porthole")))
}

/// Runs a command, inheriting standard streams, and fails on a non-zero exit.
fn run(command: &mut Command) -> Result<(), String> {
    let status = command
        .status()
        .map_err(|error| format!("failed to start {:?}: {error}", command.get_program()))?;
    if status.success() {
        Ok(())
    } else {
        Err(format!("{:?} failed with {status}", command.get_program()))
    }
}
