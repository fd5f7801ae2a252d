//! Alpine's `apk` (apk-tools 2.14): `add` (with `--no-cache`, `--update`
//! and `--virtual`), `update`, `del`, `upgrade` and `info`.
//!
//! `apk add` fetches the indexes itself; without `--no-cache` it keeps them
//! in `/var/cache/apk`, which is why Dockerfiles use `--no-cache`. A virtual
//! package records its members so that `apk del` removes them together.

use shared_sort::SortedSet;

use crate::fs::{Content, IfMissing, Recursion};
use crate::packages::{self, db, InstallOptions, Manager, PackageError};
use crate::sh::ctx::Ctx;

/// Download speed in bytes per millisecond (30 MB/s, an estimate for the
/// Alpine CDN).
const DOWNLOAD_BYTES_PER_MILLI: u64 = 30_000;

struct Options {
    no_cache: bool,
    update: bool,
    quiet: bool,
    virtual_name: Option<String>,
    operands: Vec<String>,
}

pub(crate) fn apk(ctx: &mut Ctx) -> i32 {
    let args = ctx.args().to_vec();
    let mut options = Options {
        no_cache: false,
        update: false,
        quiet: false,
        virtual_name: None,
        operands: Vec::new(),
    };
    let mut command = None;
    let mut index = 0;
    while index < args.len() {
        let arg = &args[index];
        index += 1;
        match arg.as_str() {
            "--no-cache" => options.no_cache = true,
            "-U" | "--update" | "--update-cache" => options.update = true,
            "-q" | "--quiet" => options.quiet = true,
            "-t" | "--virtual" => {
                options.virtual_name = args.get(index).cloned();
                index += 1;
            }
            "-X" | "--repository" | "-p" | "--root" | "--arch" => index += 1,
            text if text.starts_with('-') => {}
            text if command.is_none() => command = Some(text.to_string()),
            text => options.operands.push(text.to_string()),
        }
    }
    let Some(command) = command else {
        ctx.errln("apk-tools 2.14.9, compiled for x86_64.\n\nusage: apk [<OPTIONS>...] COMMAND [<ARGUMENTS>...]");
        return 1;
    };
    let writes = matches!(
        command.as_str(),
        "add" | "del" | "update" | "upgrade" | "fix"
    );
    if writes && ctx.identity().uid != 0 {
        ctx.errln("ERROR: Unable to lock database: Permission denied");
        ctx.errln("ERROR: Failed to open apk database: Permission denied");
        return 99;
    }
    if !ctx.fs.exists(db::APK_INSTALLED) {
        ctx.not_simulated("this image has no apk database");
        return 0;
    }
    match command.as_str() {
        "add" => add(ctx, &options),
        "del" => del(ctx, &options),
        "update" => {
            fetch_indexes(ctx, &options, true);
            report_update(ctx, &options);
            0
        }
        "upgrade" | "fix" => {
            fetch_indexes(ctx, &options, !options.no_cache);
            finish(ctx, &options, false);
            0
        }
        "info" => info(ctx, &options),
        other => {
            ctx.errln(format!("apk: applet '{other}' not found"));
            1
        }
    }
}

/// Returns the Alpine branch the image is from, such as `v3.22`.
fn branch(ctx: &Ctx) -> String {
    match ctx.fs.read("/etc/alpine-release") {
        Ok(Content::Text(text)) => {
            let parts: Vec<&str> = text.trim().split('.').collect();
            match parts.as_slice() {
                [major, minor, ..] => format!("v{major}.{minor}"),
                _ => "edge".to_string(),
            }
        }
        _ => "v3.22".to_string(),
    }
}

fn machine(ctx: &Ctx) -> &'static str {
    match ctx.fs.read("/etc/apk/arch") {
        Ok(Content::Text(text)) if text.trim() == "aarch64" => "aarch64",
        _ => "x86_64",
    }
}

fn index_cached(ctx: &Ctx) -> bool {
    ctx.fs.list("/var/cache/apk").is_ok_and(|entries| {
        entries
            .iter()
            .any(|entry| entry.name.starts_with("APKINDEX"))
    })
}

/// Prints the `fetch` lines, and keeps the indexes unless `keep` is false.
fn fetch_indexes(ctx: &mut Ctx, options: &Options, keep: bool) {
    let branch = branch(ctx);
    let machine = machine(ctx);
    for repository in ["main", "community"] {
        ctx.advance(150);
        if !options.quiet {
            ctx.outln(format!("fetch https://dl-cdn.alpinelinux.org/alpine/{branch}/{repository}/{machine}/APKINDEX.tar.gz"));
        }
    }
    if keep {
        let _ = packages::update_indexes(ctx.fs, Manager::Apk);
    }
}

fn report_update(ctx: &mut Ctx, options: &Options) {
    if options.quiet {
        return;
    }
    let branch = branch(ctx);
    ctx.outln(format!(
        "{branch}.0-85-gaf5e3c2d9b5 [https://dl-cdn.alpinelinux.org/alpine/{branch}/main]"
    ));
    ctx.outln(format!(
        "{branch}.0-86-g2f2bd1fa0d8 [https://dl-cdn.alpinelinux.org/alpine/{branch}/community]"
    ));
    ctx.outln("OK: 26324 distinct packages available");
}

fn add(ctx: &mut Ctx, options: &Options) -> i32 {
    let names: Vec<&str> = options.operands.iter().map(String::as_str).collect();
    if options.update || options.no_cache || !index_cached(ctx) {
        fetch_indexes(ctx, options, !options.no_cache);
    }
    let plan = match packages::plan_install(
        ctx.fs,
        Manager::Apk,
        &names,
        &InstallOptions::default(),
    ) {
        Ok(plan) => plan,
        Err(PackageError::InvalidName { name, .. }) => {
            ctx.errln(format!("ERROR: '{name}' is not a valid world dependency, format is name(@tag)([<>~=]version)"));
            return 99;
        }
        Err(error) => {
            ctx.errln(format!("ERROR: {error}"));
            return 1;
        }
    };
    let total = plan.packages.len() + usize::from(options.virtual_name.is_some());
    for (number, package) in plan.packages.iter().enumerate() {
        ctx.advance(package.download_size() / DOWNLOAD_BYTES_PER_MILLI + 15);
        if !options.quiet {
            ctx.outln(format!(
                "({}/{total}) Installing {} ({})",
                number + 1,
                package.name,
                package.version
            ));
        }
    }
    if let Err(error) = plan.apply(ctx.fs) {
        ctx.errln(format!("ERROR: {error}"));
        return 1;
    }
    if let Some(name) = &options.virtual_name {
        let version = virtual_version(ctx);
        if !options.quiet {
            ctx.outln(format!("({total}/{total}) Installing {name} ({version})"));
        }
        let members = plan.requested.join(" ");
        let block = format!("P:{name}\nV:{version}\nA:noarch\nI:0\nD:{members}\n\n");
        let _ = ctx.fs.append(db::APK_INSTALLED, &block);
        remove_world_entries(ctx, &plan.requested);
        let _ = ctx.fs.append("/etc/apk/world", &format!("{name}\n"));
    }
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
    finish(ctx, options, !plan.packages.is_empty());
    0
}

/// apk names a virtual package's version after the time it was made.
fn virtual_version(ctx: &Ctx) -> String {
    let stamp = crate::clock::rfc3339(ctx.system.now() + ctx.run.elapsed);
    let digits: String = stamp.chars().filter(|c| c.is_ascii_digit()).collect();
    format!(
        "{}.{}",
        &digits[..8.min(digits.len())],
        &digits[8.min(digits.len())..14.min(digits.len())]
    )
}

fn remove_world_entries(ctx: &mut Ctx, names: &[String]) {
    let Ok(Content::Text(world)) = ctx.fs.read("/etc/apk/world").cloned() else {
        return;
    };
    let kept: String = world
        .lines()
        .filter(|line| !names.iter().any(|name| name == line))
        .map(|line| format!("{line}\n"))
        .collect();
    let _ = ctx.fs.write("/etc/apk/world", Content::Text(kept));
}

/// Prints the trigger lines and the `OK:` summary.
fn finish(ctx: &mut Ctx, options: &Options, changed: bool) {
    if changed && !options.quiet {
        if let Some(version) = db::apk_version(ctx.fs, "busybox") {
            ctx.advance(40);
            ctx.outln(format!("Executing busybox-{version}.trigger"));
        }
    }
    let (count, bytes) = database_totals(ctx);
    if !options.quiet {
        ctx.outln(format!(
            "OK: {} MiB in {count} packages",
            bytes.div_ceil(1 << 20)
        ));
    }
}

/// Counts the installed packages and their sizes from `/lib/apk/db/installed`.
fn database_totals(ctx: &Ctx) -> (usize, u64) {
    let Ok(Content::Text(text)) = ctx.fs.read(db::APK_INSTALLED) else {
        return (0, 0);
    };
    let mut count = 0;
    let mut bytes = 0;
    for line in text.lines() {
        if line.starts_with("P:") {
            count += 1;
        }
        if let Some(size) = line.strip_prefix("I:") {
            bytes += size.parse::<u64>().unwrap_or(0);
        }
    }
    (count, bytes)
}

/// Returns the block of `name` in the database: version, files, members.
fn database_block(ctx: &Ctx, name: &str) -> Option<(String, Vec<String>, Vec<String>)> {
    let Ok(Content::Text(text)) = ctx.fs.read(db::APK_INSTALLED) else {
        return None;
    };
    let block = text
        .split("\n\n")
        .find(|block| block.lines().next() == Some(&format!("P:{name}")))?;
    let mut version = String::new();
    let mut files = Vec::new();
    let mut members = Vec::new();
    let mut directory = String::new();
    for line in block.lines() {
        if let Some(v) = line.strip_prefix("V:") {
            version = v.to_string();
        } else if let Some(d) = line.strip_prefix("F:") {
            directory = d.to_string();
        } else if let Some(file) = line.strip_prefix("R:") {
            files.push(format!("/{directory}/{file}"));
        } else if let Some(list) = line.strip_prefix("D:") {
            members = list.split_whitespace().map(str::to_string).collect();
        }
    }
    Some((version, files, members))
}

/// Returns what an installed package depends on: a virtual package's
/// members, else the dependencies in the package data.
fn dependencies(ctx: &Ctx, name: &str) -> Vec<String> {
    match database_block(ctx, name) {
        Some((_, _, members)) if !members.is_empty() => members,
        _ => packages::find(Manager::Apk, name, packages::Distribution::Debian)
            .map(|package| package.depends)
            .unwrap_or_default(),
    }
}

/// Returns the installed packages reachable from `roots`, roots first, each
/// before its dependencies.
fn installed_closure(ctx: &Ctx, roots: &[String]) -> Vec<String> {
    let mut order = Vec::new();
    let mut seen = SortedSet::new();
    let mut stack: Vec<String> = roots.iter().rev().cloned().collect();
    while let Some(name) = stack.pop() {
        if !seen.insert(name.clone()) || db::apk_version(ctx.fs, &name).is_none() {
            continue;
        }
        for dependency in dependencies(ctx, &name).into_iter().rev() {
            stack.push(dependency);
        }
        order.push(name);
    }
    order
}

/// `apk del`: removes the named packages from the world, then purges them
/// and every dependency nothing left in the world needs.
fn del(ctx: &mut Ctx, options: &Options) -> i32 {
    let mut named = Vec::new();
    for name in &options.operands {
        match db::apk_version(ctx.fs, name) {
            Some(_) => named.push(name.clone()),
            None => ctx.errln(format!(
                "WARNING: opening {name}: No such file or directory"
            )),
        }
    }
    remove_world_entries(ctx, &named);
    let world: Vec<String> = match ctx.fs.read("/etc/apk/world") {
        Ok(Content::Text(text)) => text
            .lines()
            .map(|line| {
                line.split(['=', '<', '>', '~'])
                    .next()
                    .unwrap_or(line)
                    .to_string()
            })
            .collect(),
        _ => Vec::new(),
    };
    let keep: SortedSet<String> = installed_closure(ctx, &world).into_iter().collect();
    let purge: Vec<String> = installed_closure(ctx, &named)
        .into_iter()
        .filter(|name| !keep.contains(name))
        .collect();
    let total = purge.len();
    for (number, name) in purge.iter().enumerate() {
        let Some((version, files, _)) = database_block(ctx, name) else {
            continue;
        };
        if !options.quiet {
            ctx.outln(format!(
                "({}/{total}) Purging {name} ({version})",
                number + 1
            ));
        }
        for file in files {
            let _ = ctx.fs.remove(&file, Recursion::Single, IfMissing::Ignore);
        }
        let _ = db::forget_apk(ctx.fs, name);
        ctx.advance(10);
    }
    finish(ctx, options, !purge.is_empty());
    0
}

fn info(ctx: &mut Ctx, options: &Options) -> i32 {
    if options.operands.is_empty() {
        let Ok(Content::Text(text)) = ctx.fs.read(db::APK_INSTALLED).cloned() else {
            return 0;
        };
        let names: String = text
            .lines()
            .filter_map(|l| l.strip_prefix("P:"))
            .map(|n| format!("{n}\n"))
            .collect();
        ctx.out(names);
        return 0;
    }
    for name in &options.operands {
        if let Some((version, _, _)) = database_block(ctx, name) {
            ctx.outln(format!("{name}-{version} description:"));
            ctx.outln("");
        }
    }
    0
}
