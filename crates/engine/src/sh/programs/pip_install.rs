//! `pip install`: names, `==` pins, `-r requirements.txt`, `--upgrade`,
//! `--no-cache-dir` and `--break-system-packages`, through
//! [`crate::packages`].
//!
//! Output follows pip 25 without a terminal: `Collecting` lines in the
//! resolver's breadth-first order, metadata then wheel downloads, the
//! install order, and `Successfully installed` sorted by name. Downloads go
//! at 15 MB/s and installs at 50 MB/s (estimates). Without a network pip
//! retries the index five times and finds no version, as pip 25 with its
//! vendored urllib3 1.26 reports it.

use std::collections::VecDeque;

use shared_sort::{SharedSort, SortedSet};

use super::pip::{pip_version, python_short, site, user_site};
use crate::packages::{
    self, db, InstallOptions, InstallPlan, InstallTarget, Manager, Package, PackageError,
    Requirement,
};
use crate::sh::ctx::{Ctx, ReadError};

/// Download speed in bytes per millisecond.
const DOWNLOAD_BYTES_PER_MILLI: u64 = 15_000;

/// Install speed in bytes per millisecond.
const INSTALL_BYTES_PER_MILLI: u64 = 50_000;

/// The newest pip on PyPI in June 2025, which the version notice names.
const LATEST_PIP: &str = "25.1.1";

/// Formats a size as pip does: `8.5 kB`, `103 kB`, `16.5 MB`.
fn pip_size(bytes: u64) -> String {
    if bytes >= 1_000_000 {
        format!("{:.1} MB", bytes as f64 / 1_000_000.0)
    } else if bytes >= 10_000 {
        format!("{} kB", bytes / 1000)
    } else if bytes >= 1000 {
        format!("{:.1} kB", bytes as f64 / 1000.0)
    } else {
        format!("{bytes} bytes")
    }
}

/// Projects on PyPI whose wheels carry compiled extensions, so pip picks a
/// CPython and manylinux wheel for them.
const BINARY_WHEELS: &[&str] = &[
    "aiohttp",
    "bcrypt",
    "brotli",
    "cffi",
    "charset-normalizer",
    "cryptography",
    "frozenlist",
    "greenlet",
    "grpcio",
    "httptools",
    "lxml",
    "markupsafe",
    "msgpack",
    "multidict",
    "numpy",
    "orjson",
    "pandas",
    "pillow",
    "psutil",
    "psycopg2-binary",
    "pydantic-core",
    "pyyaml",
    "regex",
    "scikit-learn",
    "scipy",
    "torch",
    "ujson",
    "uvloop",
    "watchfiles",
    "websockets",
    "yarl",
    "zope-interface",
];

/// Names a package's wheel: pure Python, or built for CPython on Linux for
/// projects with compiled extensions.
fn wheel(package: &Package, python: &str, machine: &str) -> String {
    let name = db::wheel_name(&package.name);
    match BINARY_WHEELS.contains(&package.name.as_str()) {
        true => {
            let tag = format!("cp{}", python.replace('.', ""));
            format!(
                "{name}-{}-{tag}-{tag}-manylinux_2_17_{machine}.manylinux2014_{machine}.whl",
                package.version
            )
        }
        false => format!("{name}-{}-py3-none-any.whl", package.version),
    }
}

struct InstallArgs {
    requirements: Vec<String>,
    files: Vec<String>,
    upgrade: bool,
    quiet: u8,
    break_system_packages: bool,
    root_warning: bool,
    unsupported: Option<String>,
}

fn parse_install(ctx: &Ctx, args: &[String]) -> InstallArgs {
    let mut parsed = InstallArgs {
        requirements: Vec::new(),
        files: Vec::new(),
        upgrade: false,
        quiet: 0,
        break_system_packages: ctx
            .env_var("PIP_BREAK_SYSTEM_PACKAGES")
            .is_some_and(|v| v == "1" || v == "true"),
        root_warning: ctx.env_var("PIP_ROOT_USER_ACTION") != Some("ignore"),
        unsupported: None,
    };
    let mut index = 0;
    while index < args.len() {
        let arg = &args[index];
        index += 1;
        match arg.as_str() {
            "-r" | "--requirement" | "-c" | "--constraint" => {
                if let Some(file) = args.get(index) {
                    if arg.starts_with("-r") || arg == "--requirement" {
                        parsed.files.push(file.clone());
                    }
                }
                index += 1;
            }
            "-U" | "--upgrade" => parsed.upgrade = true,
            "-q" | "--quiet" => parsed.quiet += 1,
            "-qq" => parsed.quiet += 2,
            "--break-system-packages" => parsed.break_system_packages = true,
            "--root-user-action=ignore" => parsed.root_warning = false,
            "--root-user-action" => {
                parsed.root_warning = args.get(index).map(String::as_str) != Some("ignore");
                index += 1;
            }
            "-i" | "--index-url" | "--extra-index-url" | "--trusted-host" | "-f"
            | "--find-links" | "--timeout" | "--retries" => index += 1,
            "-e" | "--editable" | "-t" | "--target" | "--prefix" | "--root" => {
                parsed.unsupported = Some(format!("pip install {arg}"));
                index += 1;
            }
            text if text.starts_with('-') => {}
            text if text.contains('/')
                || text == "."
                || text.ends_with(".whl")
                || text.ends_with(".tar.gz") =>
            {
                parsed.unsupported = Some(format!("installing {text}"));
            }
            text => parsed.requirements.push(text.to_string()),
        }
    }
    parsed
}

/// Reads requirement lines from a file, following `-r` one level deep.
fn read_requirements(
    ctx: &mut Ctx,
    file: &str,
    depth: u32,
    into: &mut Vec<String>,
    unsupported: &mut Option<String>,
) -> Result<(), String> {
    let text = match ctx.read_text(file) {
        Ok(text) => text,
        Err(ReadError::Binary(_)) => String::new(),
        Err(_) => return Err(format!("ERROR: Could not open requirements file: [Errno 2] No such file or directory: '{file}'")),
    };
    for line in text.lines() {
        let line = line.split(" #").next().unwrap_or(line).trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        if let Some(nested) = line
            .strip_prefix("-r ")
            .or_else(|| line.strip_prefix("--requirement "))
        {
            if depth < 4 {
                let base = file
                    .rsplit_once('/')
                    .map_or(String::new(), |(dir, _)| format!("{dir}/"));
                read_requirements(
                    ctx,
                    &format!("{base}{}", nested.trim()),
                    depth + 1,
                    into,
                    unsupported,
                )?;
            }
            continue;
        }
        if line.starts_with("-e")
            || line.starts_with("git+")
            || line.contains("://")
            || line.starts_with('.')
        {
            *unsupported = Some(format!("the requirement `{line}`"));
            continue;
        }
        if line.starts_with('-') {
            continue;
        }
        into.push(line.to_string());
    }
    Ok(())
}

pub(super) fn install(ctx: &mut Ctx, args: &[String]) -> i32 {
    let mut parsed = parse_install(ctx, args);
    let mut unsupported = parsed.unsupported.take();
    for file in parsed.files.clone() {
        if let Err(message) =
            read_requirements(ctx, &file, 0, &mut parsed.requirements, &mut unsupported)
        {
            ctx.errln(message);
            return 1;
        }
    }
    if let Some(what) = &unsupported {
        ctx.not_simulated(&format!("{what} is not modelled"));
    }
    if parsed.requirements.is_empty() {
        if unsupported.is_none() {
            ctx.errln("ERROR: You must give at least one requirement to install (see \"pip help install\")");
            return 1;
        }
        return 0;
    }
    let requested = upgraded_requirements(ctx, &parsed);
    if !ctx.system.online() {
        return offline(ctx, &requested[0]);
    }
    let names: Vec<&str> = requested.iter().map(String::as_str).collect();
    let options = InstallOptions {
        working_dir: ctx.shell.cwd().to_string(),
        break_system_packages: parsed.break_system_packages,
        npm_global: false,
    };
    let mut plan = match packages::plan_install(ctx.fs, Manager::Pip, &names, &options) {
        Ok(plan) => plan,
        Err(PackageError::ExternallyManaged) => {
            externally_managed(ctx);
            return 1;
        }
        Err(PackageError::InvalidName { name, .. }) => {
            ctx.errln(format!("ERROR: Invalid requirement: '{name}'"));
            return 1;
        }
        Err(error) => {
            ctx.not_simulated(&format!("{error}"));
            return 0;
        }
    };
    let InstallTarget::Pip { site, python, .. } = plan.target.clone() else {
        return 0;
    };
    if ctx.may_write(&site) {
        report_install(ctx, &plan, &parsed, &site);
        return 0;
    }
    let home = ctx
        .env_var("HOME")
        .unwrap_or("/")
        .trim_end_matches('/')
        .to_string();
    let user_base = format!("{home}/.local");
    if !ctx.may_write(&user_base) {
        let first = plan
            .packages
            .first()
            .map_or_else(String::new, |p| format!("/{}", db::wheel_name(&p.name)));
        ctx.errln(format!("ERROR: Could not install packages due to an OSError: [Errno 13] Permission denied: '{site}{first}'"));
        ctx.errln("Check the permissions.");
        ctx.errln("");
        return 1;
    }
    // pip falls back to a user installation when site-packages is not writable.
    ctx.outln("Defaulting to user installation because normal site-packages is not writeable");
    let user_site = user_site(ctx, &site);
    let bin_dir = format!("{user_base}/bin");
    plan.target = InstallTarget::Pip {
        site: user_site.clone(),
        bin_dir: bin_dir.clone(),
        python,
    };
    report_install(ctx, &plan, &parsed, &user_site);
    give_to_user(ctx, &user_base);
    0
}

/// Reports the first requirement pip cannot look up without a network:
/// four retries with backoff, then no version found.
fn offline(ctx: &mut Ctx, requirement: &str) -> i32 {
    let name = requirement
        .split(['=', '<', '>', '!', '~', '[', ';', ' '])
        .next()
        .unwrap_or(requirement);
    let project = name.to_lowercase().replace('_', "-");
    // The connection object's address, stable for a given project.
    let address = (0x7f00_0000_0000_u64
        + crate::fs::mix_seed(0xe1, project.as_bytes()) % 0xff_ffff_fff0)
        & !0xf;
    for (total, delay) in [(4, 0), (3, 200), (2, 400), (1, 800), (0, 1600)] {
        ctx.advance(delay + 30);
        ctx.errln(format!(
            "WARNING: Retrying (Retry(total={total}, connect=None, read=None, redirect=None, status=None)) after connection broken by 'NewConnectionError('<pip._vendor.urllib3.connection.HTTPSConnection object at 0x{address:x}>: Failed to establish a new connection: [Errno -3] Temporary failure in name resolution')': /simple/{project}/"
        ));
    }
    ctx.errln(format!("ERROR: Could not find a version that satisfies the requirement {requirement} (from versions: none)"));
    ctx.errln(format!(
        "ERROR: No matching distribution found for {requirement}"
    ));
    1
}

/// Gives the files of a user installation to the user, as pip running as
/// that user creates them.
fn give_to_user(ctx: &mut Ctx, path: &str) {
    let identity = ctx.identity();
    let owner = crate::fs::Owner {
        uid: Some(identity.uid),
        gid: Some(identity.gid),
    };
    let _ = ctx.fs.chown(path, owner, crate::fs::Recursion::Recursive);
}

/// Prints pip's warning for console scripts installed outside `PATH`.
fn warn_scripts_off_path(ctx: &mut Ctx, plan: &InstallPlan, bin_dir: &str) {
    let on_path = ctx
        .env_var("PATH")
        .unwrap_or_default()
        .split(':')
        .any(|dir| dir == bin_dir);
    if on_path {
        return;
    }
    for package in &plan.packages {
        for script in package
            .binaries
            .iter()
            .filter_map(|b| b.split_once('=').map(|(name, _)| name))
        {
            ctx.errln(format!(
                "  WARNING: The script {script} is installed in '{bin_dir}' which is not on PATH."
            ));
            ctx.errln("  Consider adding this directory to PATH or, if you prefer to suppress this warning, use --no-warn-script-location.");
        }
    }
}

/// With `--upgrade`, pins each requested name that is installed at another
/// version to the version in the package data, so that the plan upgrades it.
fn upgraded_requirements(ctx: &Ctx, parsed: &InstallArgs) -> Vec<String> {
    let site = site(ctx);
    parsed
        .requirements
        .iter()
        .map(|argument| {
            let requirement = Requirement::parse(Manager::Pip, argument);
            let installed = site
                .as_deref()
                .and_then(|site| db::pip_version(ctx.fs, site, &requirement.name));
            match (parsed.upgrade, requirement.version, installed) {
                (true, None, Some(installed)) => {
                    let latest = packages::lookup(
                        Manager::Pip,
                        &requirement.name,
                        packages::Distribution::Debian,
                    )
                    .version;
                    match latest == installed {
                        true => argument.clone(),
                        false => format!("{}=={latest}", requirement.name),
                    }
                }
                _ => argument.clone(),
            }
        })
        .collect()
}

fn report_install(ctx: &mut Ctx, plan: &InstallPlan, parsed: &InstallArgs, site: &str) {
    let quiet = parsed.quiet > 0;
    for (name, version) in &plan.already_installed {
        if !quiet {
            ctx.outln(format!(
                "Requirement already satisfied: {name} in {site} ({version})"
            ));
        }
    }
    collect(ctx, plan, parsed, site);
    download(ctx, plan, quiet, site);
    if plan.packages.is_empty() {
        finish(ctx, parsed, site);
        return;
    }

    if !quiet {
        let order: Vec<&str> = plan.packages.iter().map(|p| p.name.as_str()).collect();
        ctx.outln(format!(
            "Installing collected packages: {}",
            order.join(", ")
        ));
    }
    let previous: Vec<(String, String)> = plan
        .packages
        .iter()
        .filter_map(|package| {
            Some((
                package.name.clone(),
                db::pip_version(ctx.fs, site, &package.name)?,
            ))
        })
        .collect();
    if let Err(error) = plan.apply(ctx.fs) {
        ctx.errln(format!(
            "ERROR: Could not install packages due to an OSError: {error}"
        ));
        return;
    }
    for package in &plan.packages {
        ctx.advance(package.installed_size / INSTALL_BYTES_PER_MILLI + 50);
        let replaced = previous.iter().find(|(name, _)| *name == package.name);
        if let (Some((name, version)), false) = (replaced, quiet) {
            ctx.outln(format!("  Attempting uninstall: {name}"));
            ctx.outln(format!("    Found existing installation: {name} {version}"));
            ctx.outln(format!("    Uninstalling {name}-{version}:"));
            ctx.outln(format!("      Successfully uninstalled {name}-{version}"));
        }
    }
    if let InstallTarget::Pip { bin_dir, .. } = &plan.target {
        warn_scripts_off_path(ctx, plan, bin_dir);
    }

    let mut installed: Vec<String> = plan
        .packages
        .iter()
        .map(|p| format!("{}-{}", p.name, p.version))
        .collect();
    installed.shared_sort();
    if parsed.quiet < 2 {
        ctx.outln(format!("Successfully installed {}", installed.join(" ")));
    }
    note_synthesised(ctx, plan);
    finish(ctx, parsed, site);
}

/// Prints the resolver's `Collecting` lines, breadth first from the
/// requested names, with the metadata each downloads.
fn collect(ctx: &mut Ctx, plan: &InstallPlan, parsed: &InstallArgs, site: &str) {
    let quiet = parsed.quiet > 0;
    let python = python_short(site);
    let machine = ctx.system.kernel().machine;
    let mut queue: VecDeque<(String, Option<String>)> = plan
        .requested
        .iter()
        .map(|name| (name.clone(), None))
        .collect();
    let mut seen: SortedSet<String> = SortedSet::new();
    while let Some((name, parent)) = queue.pop_front() {
        let key = db::normalise_python_name(&name);
        if !seen.insert(key.clone()) {
            continue;
        }
        let Some(package) = plan.packages.iter().find(|p| p.name == key) else {
            if let (Some(parent), Some(version), false) =
                (&parent, db::pip_version(ctx.fs, site, &key), quiet)
            {
                ctx.outln(format!(
                    "Requirement already satisfied: {name} in {site} (from {parent}) ({version})"
                ));
            }
            continue;
        };
        let requested_as = |argument: &&String| {
            db::normalise_python_name(&Requirement::parse(Manager::Pip, argument).name) == key
        };
        let shown = match &parent {
            Some(parent) => format!("{name} (from {parent})"),
            None => parsed
                .requirements
                .iter()
                .find(requested_as)
                .cloned()
                .unwrap_or(name.clone()),
        };
        ctx.advance(120);
        if !quiet {
            let metadata = 1_500 + package.installed_size % 4_000;
            ctx.outln(format!("Collecting {shown}"));
            ctx.outln(format!(
                "  Downloading {}.metadata ({})",
                wheel(package, &python, &machine),
                pip_size(metadata)
            ));
        }
        for dependency in &package.depends {
            queue.push_back((dependency.clone(), Some(package.name.clone())));
        }
    }
}

/// Prints the wheel downloads, in install order.
fn download(ctx: &mut Ctx, plan: &InstallPlan, quiet: bool, site: &str) {
    let python = python_short(site);
    let machine = ctx.system.kernel().machine;
    for package in &plan.packages {
        ctx.advance(package.download_size() / DOWNLOAD_BYTES_PER_MILLI + 20);
        if !quiet {
            let wheel = wheel(package, &python, &machine);
            ctx.outln(format!(
                "Downloading {wheel} ({})",
                pip_size(package.download_size())
            ));
        }
    }
}

/// Notes the packages the data lacks, whose files are made up.
fn note_synthesised(ctx: &mut Ctx, plan: &InstallPlan) {
    let made_up: Vec<&str> = plan
        .packages
        .iter()
        .filter(|p| p.synthesised)
        .map(|p| p.name.as_str())
        .collect();
    if !made_up.is_empty() {
        let note = format!(
            "`{}`: {} not in the simulation's package data; files are synthesised",
            ctx.command_text(),
            made_up.join(", ")
        );
        ctx.note(note);
    }
}

/// Prints pip's closing warnings: running as root, and a newer pip.
fn finish(ctx: &mut Ctx, parsed: &InstallArgs, site: &str) {
    if parsed.quiet >= 2 {
        return;
    }
    if ctx.identity().uid == 0 && parsed.root_warning && site.starts_with("/usr") {
        ctx.errln("WARNING: Running pip as the 'root' user can result in broken permissions and conflicting behaviour with the system package manager, possibly rendering the system unusable. It is recommended to use a virtual environment instead: https://pip.pypa.io/warnings/venv. Use the --root-user-action option if you intend to suppress this warning.");
    }
    let system_site = super::pip::site(ctx).unwrap_or_else(|| site.to_string());
    let current = pip_version(ctx, &system_site);
    let disabled = ctx
        .env_var("PIP_DISABLE_PIP_VERSION_CHECK")
        .is_some_and(|v| v != "0" && !v.is_empty());
    if current != LATEST_PIP && !disabled {
        ctx.errln("");
        ctx.errln(format!(
            "[notice] A new release of pip is available: {current} -> {LATEST_PIP}"
        ));
        ctx.errln("[notice] To update, run: pip install --upgrade pip");
    }
}

fn externally_managed(ctx: &mut Ctx) {
    let python = ctx
        .fs
        .list("/usr/lib")
        .unwrap_or_default()
        .into_iter()
        .map(|entry| entry.name)
        .rfind(|name| name.starts_with("python3."))
        .unwrap_or_else(|| "python3".to_string());
    ctx.errln(format!(
        "error: externally-managed-environment

\u{d7} This environment is externally managed
\u{2570}\u{2500}> To install Python packages system-wide, try apt install
    python3-xyz, where xyz is the package you are trying to
    install.
    
    If you wish to install a non-Debian-packaged Python package,
    create a virtual environment using python3 -m venv path/to/venv.
    Then use path/to/venv/bin/python3 and path/to/venv/bin/pip3. Make
    sure you have python3-full installed.
    
    If you wish to install a non-Debian packaged Python application,
    it may be easiest to use pipx install xyz, which will manage a
    virtual environment for you. Make sure you have pipx installed.
    
    See /usr/share/doc/{python}/README.venv for more information.

note: If you believe this is a mistake, please contact your Python installation or OS distribution provider. You can override this, at the risk of breaking your Python installation or OS, by passing --break-system-packages.
hint: See PEP 668 for the detailed specification."
    ));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pip_sizes() {
        let cases = [
            (8_500, "8.5 kB"),
            (103_000, "103 kB"),
            (16_500_000, "16.5 MB"),
            (900, "900 bytes"),
        ];
        for (bytes, expected) in cases {
            assert_eq!(pip_size(bytes), expected);
        }
    }
}
