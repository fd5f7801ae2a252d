//! `apt-get` and `apt` (APT 2.6 on Debian 12, 2.7 on Ubuntu 24.04):
//! `update`, `install`, `remove`/`purge`, `autoremove`, `clean` and
//! `upgrade`, through [`crate::packages`] for resolution and file changes.
//!
//! Output is what APT prints without a terminal (a `RUN` step): no progress
//! bars, `Reading package lists...` without `Done`. Downloads take their
//! size at 20 MB/s, unpacking their installed size at 100 MB/s (estimates
//! for a cloud builder).

use crate::fs::{Content, IfMissing, Recursion};
use crate::packages::{self, db, InstallOptions, InstallPlan, Manager, PackageError};
use crate::sh::ctx::Ctx;
use shared_sort::SharedSort;

/// Download speed in bytes per millisecond (20 MB/s).
const DOWNLOAD_BYTES_PER_MILLI: u64 = 20_000;
/// Unpacking speed in bytes per millisecond (100 MB/s).
const UNPACK_BYTES_PER_MILLI: u64 = 100_000;

#[derive(Default)]
struct Options {
    yes: bool,
    quiet: u8,
    operands: Vec<String>,
}

pub(crate) fn apt_get(ctx: &mut Ctx) -> i32 {
    let mut options = Options::default();
    let mut command = None;
    let args = ctx.args().to_vec();
    let mut index = 0;
    while index < args.len() {
        let arg = &args[index];
        index += 1;
        match arg.as_str() {
            "-y" | "--yes" | "--assume-yes" | "--force-yes" => options.yes = true,
            "-q" | "--quiet" => options.quiet = options.quiet.max(1),
            "-qq" => options.quiet = 2,
            "-qy" | "-yq" => {
                options.yes = true;
                options.quiet = options.quiet.max(1);
            }
            "-qqy" | "-yqq" => {
                options.yes = true;
                options.quiet = 2;
            }
            "-o" | "-c" | "-t" | "--target-release" => index += 1,
            text if text.starts_with('-') => {}
            text if command.is_none() => command = Some(text.to_string()),
            text => options.operands.push(text.to_string()),
        }
    }
    let is_apt = ctx.name() == "apt";
    if is_apt && !ctx.interactive() {
        ctx.errln(
            "\nWARNING: apt does not have a stable CLI interface. Use with caution in scripts.\n",
        );
    }
    let Some(command) = command else {
        ctx.errln("E: No command given");
        return 100;
    };
    let needs_lock = !matches!(
        command.as_str(),
        "show" | "policy" | "search" | "list" | "moo" | "help"
    );
    if needs_lock && ctx.identity().uid != 0 {
        ctx.errln("E: Could not open lock file /var/lib/dpkg/lock-frontend - open (13: Permission denied)");
        ctx.errln("E: Unable to acquire the dpkg frontend lock (/var/lib/dpkg/lock-frontend), are you root?");
        return 100;
    }
    if !ctx.fs.exists(db::DPKG_STATUS) {
        ctx.not_simulated("this image has no dpkg database");
        return 0;
    }
    match command.as_str() {
        "update" => update(ctx, &options, is_apt),
        "install" => install(ctx, &options),
        "remove" | "purge" | "autoremove" if !options.operands.is_empty() => remove(ctx, &options),
        "autoremove" | "upgrade" | "dist-upgrade" | "full-upgrade" => {
            reading(ctx, &options);
            if command.contains("upgrade") && options.quiet < 2 {
                ctx.outln("Calculating upgrade...");
            }
            summary(ctx, &options, 0, 0);
            0
        }
        "clean" | "autoclean" => clean(ctx),
        other => {
            ctx.errln(format!("E: Invalid operation {other}"));
            100
        }
    }
}

/// Prints the three lines APT starts most commands with.
fn reading(ctx: &mut Ctx, options: &Options) {
    if options.quiet >= 2 {
        ctx.advance(400);
        return;
    }
    let done = if ctx.interactive() { " Done" } else { "" };
    ctx.outln(format!("Reading package lists...{done}"));
    ctx.advance(300);
    ctx.outln(format!("Building dependency tree...{done}"));
    ctx.advance(60);
    ctx.outln(format!("Reading state information...{done}"));
    ctx.advance(20);
}

fn summary(ctx: &mut Ctx, options: &Options, installed: usize, removed: usize) {
    if options.quiet < 2 {
        ctx.outln(format!(
            "0 upgraded, {installed} newly installed, {removed} to remove and 0 not upgraded."
        ));
    }
}

/// Formats a size as APT's `SizeToStr` does: at most four digits, with one
/// decimal below 100 once a unit is used (`151 kB`, `55.4 kB`, `8792 kB`).
pub(crate) fn apt_size(bytes: u64) -> String {
    let units = ["", "k", "M", "G", "T"];
    let mut value = bytes as f64;
    let mut unit = 0;
    loop {
        if value < 100.0 && unit != 0 {
            return format!("{value:.1} {}B", units[unit]);
        }
        if value < 10_000.0 || unit + 1 == units.len() {
            return format!("{value:.0} {}B", units[unit]);
        }
        value /= 1000.0;
        unit += 1;
    }
}

/// Returns the URL of the archive an index file in `/var/lib/apt/lists`
/// came from, and the description APT prints after it
/// (`http://deb.debian.org/debian`, `bookworm/main amd64 Packages`).
fn describe_list(name: &str) -> Option<(String, String)> {
    let (host, rest) = name.split_once("_dists_")?;
    let url = format!("http://{}", host.replace('_', "/"));
    let rest = rest.trim_end_matches(".lz4");
    let description = match rest.rsplit_once('_') {
        Some((suite, "InRelease")) => format!("{suite} InRelease"),
        Some((path, "Packages")) => {
            let mut parts = path.split('_');
            let suite = parts.next()?;
            let component = parts.next()?;
            let arch = parts.next()?.strip_prefix("binary-")?;
            format!("{suite}/{component} {arch} Packages")
        }
        _ => return None,
    };
    Some((url, description))
}

fn update(ctx: &mut Ctx, options: &Options, is_apt: bool) -> i32 {
    if let Err(error) = packages::update_indexes(ctx.fs, Manager::Apt) {
        ctx.errln(format!("E: {error}"));
        return 100;
    }
    let mut lists: Vec<(String, String, u64)> = ctx
        .fs
        .list("/var/lib/apt/lists")
        .unwrap_or_default()
        .into_iter()
        .filter_map(|entry| {
            let (url, description) = describe_list(&entry.name)?;
            Some((url, description, entry.metadata.size))
        })
        .collect();
    // APT fetches every release file before the package indexes.
    lists.shared_sort_by_key(|(url, description, _)| {
        (
            !description.ends_with("InRelease"),
            url.contains("security"),
            description.clone(),
        )
    });
    let total: u64 = lists.iter().map(|(_, _, size)| size).sum();
    ctx.advance(250);
    for (number, (url, description, size)) in lists.iter().enumerate() {
        ctx.advance(40 + size / DOWNLOAD_BYTES_PER_MILLI / 2);
        if options.quiet < 2 {
            ctx.outln(format!(
                "Get:{} {url} {description} [{}]",
                number + 1,
                apt_size(*size)
            ));
        }
    }
    let seconds = (total / DOWNLOAD_BYTES_PER_MILLI / 2 + 250) as f64 / 1000.0;
    if options.quiet < 2 {
        let rate = (total as f64 / seconds.max(0.001)) as u64;
        ctx.outln(format!(
            "Fetched {} in {}s ({}/s)",
            apt_size(total),
            seconds.round() as u64,
            apt_size(rate)
        ));
    }
    reading_lists_only(ctx, options);
    if is_apt && options.quiet < 2 {
        ctx.outln("Building dependency tree...");
        ctx.outln("Reading state information...");
        ctx.outln("All packages are up to date.");
    }
    0
}

fn reading_lists_only(ctx: &mut Ctx, options: &Options) {
    ctx.advance(350);
    if options.quiet < 2 {
        let done = if ctx.interactive() { " Done" } else { "" };
        ctx.outln(format!("Reading package lists...{done}"));
    }
}

/// Wraps package names as APT lists them: two spaces of indent, lines up to
/// 80 columns.
fn wrapped(names: &[String]) -> String {
    let mut text = String::new();
    let mut line = String::from(" ");
    for name in names {
        if line.len() + name.len() + 1 > 79 && line.len() > 1 {
            text.push_str(&line);
            text.push('\n');
            line = String::from(" ");
        }
        line.push(' ');
        line.push_str(name);
    }
    text.push_str(&line);
    text.push('\n');
    text
}

fn install(ctx: &mut Ctx, options: &Options) -> i32 {
    let names: Vec<&str> = options.operands.iter().map(String::as_str).collect();
    reading(ctx, options);
    if names.is_empty() {
        summary(ctx, options, 0, 0);
        return 0;
    }
    let install_options = InstallOptions {
        working_dir: ctx.shell.cwd().to_string(),
        ..InstallOptions::default()
    };
    let plan = match packages::plan_install(ctx.fs, Manager::Apt, &names, &install_options) {
        Ok(plan) => plan,
        Err(PackageError::UnableToLocate(name) | PackageError::InvalidName { name, .. }) => {
            ctx.errln(format!("E: Unable to locate package {name}"));
            return 100;
        }
        Err(error) => {
            ctx.errln(format!("E: {error}"));
            return 100;
        }
    };
    for (name, version) in &plan.already_installed {
        if options.quiet < 2 {
            ctx.outln(format!("{name} is already the newest version ({version})."));
        }
    }
    if plan.packages.is_empty() {
        summary(ctx, options, 0, 0);
        return 0;
    }
    let all: Vec<String> = plan.packages.iter().map(|p| p.name.clone()).collect();
    let mut sorted = all.clone();
    sorted.shared_sort();
    let extra: Vec<String> = sorted
        .iter()
        .filter(|name| !plan.requested.contains(name))
        .cloned()
        .collect();
    let download: u64 = plan.packages.iter().map(|p| p.download_size()).sum();
    let installed: u64 = plan.packages.iter().map(|p| p.installed_size).sum();
    if options.quiet < 2 {
        let mut text = String::new();
        if !extra.is_empty() {
            text.push_str("The following additional packages will be installed:\n");
            text.push_str(&wrapped(&extra));
        }
        text.push_str("The following NEW packages will be installed:\n");
        text.push_str(&wrapped(&sorted));
        ctx.out(text);
    }
    summary(ctx, options, all.len(), 0);
    if options.quiet < 2 {
        ctx.outln(format!("Need to get {} of archives.", apt_size(download)));
        ctx.outln(format!(
            "After this operation, {} of additional disk space will be used.",
            apt_size(installed)
        ));
    }
    if !extra.is_empty() && !options.yes {
        if !ctx.interactive() {
            ctx.outln("Do you want to continue? [Y/n] Abort.");
            return 1;
        }
        ctx.outln("Do you want to continue? [Y/n] ");
        ctx.errln("porthole: answering Y, as pressing Enter would");
    }
    download_and_unpack(ctx, options, &plan, download);
    if let Err(error) = plan.apply(ctx.fs) {
        ctx.errln(format!("E: {error}"));
        return 100;
    }
    note_synthesised(ctx, &plan);
    0
}

fn arch_of(plan: &InstallPlan) -> String {
    match &plan.target {
        packages::InstallTarget::Dpkg { arch, .. } => arch.clone(),
        _ => "amd64".to_string(),
    }
}

fn download_and_unpack(ctx: &mut Ctx, options: &Options, plan: &InstallPlan, download: u64) {
    let arch = arch_of(plan);
    let source = packages_source(ctx);
    let width = plan
        .packages
        .len()
        .saturating_sub(1)
        .to_string()
        .len()
        .max(2);
    let quiet = options.quiet >= 2;
    for (number, package) in plan.packages.iter().enumerate() {
        ctx.advance(package.download_size() / DOWNLOAD_BYTES_PER_MILLI + 5);
        if !quiet {
            ctx.outln(format!(
                "Get:{} {source} {arch} {} {arch} {} [{}]",
                number + 1,
                package.name,
                package.version,
                apt_size(package.download_size())
            ));
        }
    }
    if !quiet {
        let seconds = (download / DOWNLOAD_BYTES_PER_MILLI) as f64 / 1000.0;
        let rate = (download as f64 / seconds.max(0.001)) as u64;
        ctx.outln(format!(
            "Fetched {} in {}s ({}/s)",
            apt_size(download),
            seconds.round() as u64,
            apt_size(rate)
        ));
    }
    if db::dpkg_version(ctx.fs, "apt-utils").is_none() {
        ctx.errln("debconf: delaying package configuration, since apt-utils is not installed");
    }
    let database = count_database(ctx);
    for (number, package) in plan.packages.iter().enumerate() {
        let file_version = package.version.replace(':', "%3a");
        let archive = match plan.packages.len() {
            1 => format!("{}_{}_{arch}.deb", package.name, file_version),
            _ => format!(
                "{:0width$}-{}_{}_{arch}.deb",
                number, package.name, file_version
            ),
        };
        if !quiet {
            ctx.outln(format!(
                "Selecting previously unselected package {}:{arch}.",
                package.name
            ));
            // dpkg reads its database once per run.
            if number == 0 {
                ctx.outln(format!(
                    "(Reading database ... {database} files and directories currently installed.)"
                ));
            }
            ctx.outln(format!("Preparing to unpack .../{archive} ..."));
            ctx.outln(format!(
                "Unpacking {}:{arch} ({}) ...",
                package.name, package.version
            ));
        }
        ctx.advance(package.installed_size / UNPACK_BYTES_PER_MILLI + 30);
    }
    for package in &plan.packages {
        if !quiet {
            ctx.outln(format!(
                "Setting up {}:{arch} ({}) ...",
                package.name, package.version
            ));
        }
        ctx.advance(20);
    }
    let has_libraries = plan.packages.iter().any(|p| p.name.starts_with("lib"));
    if has_libraries && !quiet {
        if let Some(version) = db::dpkg_version(ctx.fs, "libc-bin") {
            ctx.outln(format!("Processing triggers for libc-bin ({version}) ..."));
            ctx.advance(100);
        }
    }
}

/// Returns the archive URL and the suite and component APT prints before
/// a package it downloads: `http://deb.debian.org/debian bookworm/main`.
fn packages_source(ctx: &Ctx) -> String {
    let lists = ctx.fs.list("/var/lib/apt/lists").unwrap_or_default();
    lists
        .iter()
        .filter_map(|entry| describe_list(&entry.name))
        .find(|(url, description)| {
            description.ends_with(" Packages")
                && !url.contains("security")
                && !description.contains("-updates")
        })
        .and_then(|(url, description)| {
            let suite = description.split(' ').next()?.to_string();
            Some(format!("{url} {suite}"))
        })
        .unwrap_or_else(|| "http://deb.debian.org/debian bookworm/main".to_string())
}

/// Counts the files and directories dpkg reports as installed: every
/// entry of the image outside the pseudo file systems (an approximation,
/// since not every file of a real image belongs to a package).
fn count_database(ctx: &Ctx) -> usize {
    let Ok(entries) = ctx.fs.walk("/") else {
        return 0;
    };
    entries
        .iter()
        .filter(|(path, _)| {
            !["/proc", "/sys", "/dev", "/tmp"]
                .iter()
                .any(|skip| path.as_str().starts_with(skip))
        })
        .count()
}

fn note_synthesised(ctx: &mut Ctx, plan: &InstallPlan) {
    let made_up: Vec<&str> = plan
        .packages
        .iter()
        .filter(|p| p.synthesised)
        .map(|p| p.name.as_str())
        .collect();
    if !made_up.is_empty() {
        let note = format!(
            "`{}`: {} not in the simulation's package data; {} files are synthesised",
            ctx.command_text(),
            made_up.join(", "),
            if made_up.len() == 1 { "its" } else { "their" }
        );
        ctx.note(note);
    }
}

fn remove(ctx: &mut Ctx, options: &Options) -> i32 {
    reading(ctx, options);
    let mut removing = Vec::new();
    for name in &options.operands {
        match db::dpkg_version(ctx.fs, name) {
            Some(version) => removing.push((name.clone(), version)),
            None if options.quiet < 2 => {
                ctx.outln(format!("Package '{name}' is not installed, so not removed"))
            }
            None => {}
        }
    }
    if removing.is_empty() {
        summary(ctx, options, 0, 0);
        return 0;
    }
    let names: Vec<String> = removing.iter().map(|(name, _)| name.clone()).collect();
    if options.quiet < 2 {
        ctx.out(format!(
            "The following packages will be REMOVED:\n{}",
            wrapped(&names)
        ));
    }
    summary(ctx, options, 0, removing.len());
    if !options.yes && !ctx.interactive() {
        ctx.outln("Do you want to continue? [Y/n] Abort.");
        return 1;
    }
    let database = count_database(ctx);
    if options.quiet < 2 {
        ctx.outln(format!(
            "(Reading database ... {database} files and directories currently installed.)"
        ));
    }
    for (name, version) in removing {
        let list_path = format!("/var/lib/dpkg/info/{name}.list");
        let files = match ctx.fs.read(&list_path) {
            Ok(Content::Text(text)) => text.lines().map(str::to_string).collect(),
            _ => Vec::new(),
        };
        for file in files.iter().filter(|f| *f != "/.") {
            let is_file = ctx
                .fs
                .lstat(file)
                .is_ok_and(|m| m.file_type != crate::fs::FileType::Directory);
            if is_file {
                let _ = ctx.fs.remove(file, Recursion::Single, IfMissing::Ignore);
            }
        }
        let _ = ctx
            .fs
            .remove(&list_path, Recursion::Single, IfMissing::Ignore);
        let _ = db::forget_dpkg(ctx.fs, &name);
        if options.quiet < 2 {
            ctx.outln(format!("Removing {name} ({version}) ..."));
        }
        ctx.advance(80);
    }
    0
}

fn clean(ctx: &mut Ctx) -> i32 {
    for directory in ["/var/cache/apt/archives", "/var/cache/apt/archives/partial"] {
        let Ok(entries) = ctx.fs.list(directory) else {
            continue;
        };
        for entry in entries.iter().filter(|e| e.name.ends_with(".deb")) {
            let _ = ctx.fs.remove(
                &format!("{directory}/{}", entry.name),
                Recursion::Single,
                IfMissing::Ignore,
            );
        }
    }
    for file in [
        "/var/cache/apt/pkgcache.bin",
        "/var/cache/apt/srcpkgcache.bin",
    ] {
        let _ = ctx.fs.remove(file, Recursion::Single, IfMissing::Ignore);
    }
    ctx.advance(10);
    0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn apt_sizes() {
        let cases = [
            (420, "420 B"),
            (55_400, "55.4 kB"),
            (151_000, "151 kB"),
            (8_792_000, "8792 kB"),
            (13_400, "13.4 kB"),
            (19_300_000, "19.3 MB"),
        ];
        for (bytes, expected) in cases {
            assert_eq!(apt_size(bytes), expected, "{bytes}");
        }
    }

    #[test]
    fn list_names() {
        assert_eq!(
            describe_list("deb.debian.org_debian_dists_bookworm_main_binary-amd64_Packages.lz4"),
            Some((
                "http://deb.debian.org/debian".into(),
                "bookworm/main amd64 Packages".into()
            ))
        );
        assert_eq!(
            describe_list("deb.debian.org_debian-security_dists_bookworm-security_InRelease"),
            Some((
                "http://deb.debian.org/debian-security".into(),
                "bookworm-security InRelease".into()
            ))
        );
        assert_eq!(describe_list("lock"), None);
    }
}
