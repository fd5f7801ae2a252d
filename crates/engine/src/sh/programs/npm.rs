//! `npm` (npm 10 and 11): `install` and `ci` (a project's
//! `package.json`, or named packages, with `-g`), `--version`, and `cache
//! clean`. Scripts (`npm run`, `npm start`, `npm test`) are not modelled.

use crate::json::Json;

use crate::packages::{self, InstallOptions, Manager, PackageError};
use crate::sh::ctx::{Ctx, ReadError};

/// Install speed in bytes per millisecond: 10 MB/s, an estimate of
/// registry download speed, which dominates install time.
const INSTALL_BYTES_PER_MILLI: u64 = 10_000;

pub(crate) fn npm(ctx: &mut Ctx) -> i32 {
    let args = ctx.args().to_vec();
    if args.iter().any(|a| a == "--version" || a == "-v") && args.iter().all(|a| a.starts_with('-'))
    {
        return version(ctx);
    }
    let Some(position) = args.iter().position(|a| !a.starts_with('-')) else {
        ctx.outln("npm <command>\n\nUsage:\n\nnpm install        install all the dependencies in your project");
        return 1;
    };
    let rest = &args[position + 1..];
    let global = args.iter().any(|a| a == "-g" || a == "--global")
        || ctx.env_var("npm_config_global") == Some("true");
    match args[position].as_str() {
        "install" | "i" | "add" | "in" => install(ctx, rest, global, false),
        "ci" | "clean-install" => install(ctx, rest, global, true),
        "cache" => {
            if rest.iter().any(|a| a == "--force") || args.iter().any(|a| a == "--force") {
                ctx.errln("npm warn using --force Recommended protections disabled.");
            }
            0
        }
        "config" | "set" => 0,
        _ => {
            ctx.not_simulated("npm scripts and this npm command are not modelled");
            0
        }
    }
}

fn version(ctx: &mut Ctx) -> i32 {
    let text = ctx
        .read_text("/usr/local/lib/node_modules/npm/package.json")
        .unwrap_or_default();
    let version = Json::parse_sorted(&text)
        .ok()
        .and_then(|v| v.get("version").and_then(Json::as_str).map(str::to_string))
        .unwrap_or_else(|| "10.9.2".to_string());
    ctx.outln(version);
    0
}

/// Formats a duration as npm's summary does: `450ms` below a second, else `3s`.
fn npm_duration(millis: u64) -> String {
    match millis {
        0..=999 => format!("{millis}ms"),
        _ => format!("{}s", (millis + 500) / 1000),
    }
}

/// Returns the dependencies listed in the project's `package.json`.
fn project_dependencies(ctx: &Ctx, production: bool) -> Result<Vec<String>, ReadError> {
    let text = ctx.read_text("package.json")?;
    let manifest = Json::parse_sorted(&text).unwrap_or(Json::Null);
    let mut names = Vec::new();
    let sections: &[&str] = if production {
        &["dependencies"]
    } else {
        &["dependencies", "devDependencies"]
    };
    for section in sections {
        if let Some(map) = manifest.get(section).and_then(Json::as_object) {
            for (name, range) in map {
                let pinned = range
                    .as_str()
                    .map(|r| r.trim_start_matches(['^', '~', '=']));
                match pinned {
                    Some(version) if version.chars().next().is_some_and(|c| c.is_ascii_digit()) => {
                        names.push(format!("{name}@{version}"))
                    }
                    _ => names.push(name.clone()),
                }
            }
        }
    }
    Ok(names)
}

fn install(ctx: &mut Ctx, args: &[String], global: bool, clean: bool) -> i32 {
    let production = args
        .iter()
        .any(|a| a == "--production" || a == "--omit=dev" || a == "--only=production")
        || ctx.env_var("NODE_ENV") == Some("production");
    let named: Vec<String> = args
        .iter()
        .filter(|a| !a.starts_with('-'))
        .cloned()
        .collect();
    if clean && !ctx.fs.exists(&ctx.absolute("package-lock.json")) {
        return missing_lockfile(ctx);
    }

    let from_project = named.is_empty() && !global;
    let requested = match from_project {
        true => project_dependencies(ctx, production).unwrap_or_default(),
        false => named,
    };
    if requested
        .iter()
        .any(|name| name.starts_with('.') || name.contains("://") || name.starts_with("git"))
    {
        ctx.not_simulated("installing from a path or URL is not modelled");
        return 0;
    }

    let options = InstallOptions {
        working_dir: ctx.shell.cwd().to_string(),
        npm_global: global,
        break_system_packages: false,
    };
    let names: Vec<&str> = requested.iter().map(String::as_str).collect();
    let plan = match packages::plan_install(ctx.fs, Manager::Npm, &names, &options) {
        Ok(plan) => plan,
        Err(PackageError::InvalidName { name, .. }) => {
            ctx.errln("npm error code EINVALIDPACKAGENAME");
            ctx.errln(format!("npm error Invalid package name \"{name}\""));
            return 1;
        }
        Err(error) => {
            ctx.not_simulated(&format!("{error}"));
            return 0;
        }
    };
    if let packages::InstallTarget::Npm { node_modules, .. } = &plan.target {
        let first = plan.packages.first().map_or_else(
            || node_modules.clone(),
            |p| format!("{node_modules}/{}", p.name),
        );
        if !ctx.may_write(&first) {
            permission_denied(ctx, &first);
            return 243;
        }
    }

    let bytes: u64 = plan.packages.iter().map(|p| p.installed_size).sum();
    let millis = 400 + plan.packages.len() as u64 * 30 + bytes / INSTALL_BYTES_PER_MILLI;
    if let Err(error) = plan.apply(ctx.fs) {
        ctx.errln(format!("npm error {error}"));
        return 1;
    }
    ctx.advance(millis);

    let added = plan.packages.len();
    let audited = added + plan.already_installed.len() + 1;
    report_added(ctx, added, audited, global, &npm_duration(millis));
    note_synthesised(ctx, &plan);
    0
}

/// Prints `npm ci`'s usage error for a project without a lockfile.
fn missing_lockfile(ctx: &mut Ctx) -> i32 {
    ctx.errln("npm error code EUSAGE");
    ctx.errln("npm error");
    ctx.errln(
        "npm error The `npm ci` command can only install with an existing package-lock.json or",
    );
    ctx.errln(
        "npm error npm-shrinkwrap.json with lockfileVersion >= 1. Run an install with npm@5 or",
    );
    ctx.errln("npm error later to generate a package-lock.json file, then try again.");
    1
}

/// Prints npm's summary of an install: packages added and audited, and
/// for a project the vulnerability count.
fn report_added(ctx: &mut Ctx, added: usize, audited: usize, global: bool, duration: &str) {
    ctx.outln("");
    let summary = match (added, global) {
        (0, _) => format!("up to date, audited {audited} packages in {duration}"),
        (1, true) => format!("added 1 package in {duration}"),
        (n, true) => format!("added {n} packages in {duration}"),
        (1, false) => format!("added 1 package, and audited {audited} packages in {duration}"),
        (n, false) => format!("added {n} packages, and audited {audited} packages in {duration}"),
    };
    ctx.outln(summary);
    if !global {
        ctx.outln("");
        ctx.outln("found 0 vulnerabilities");
    }
}

/// Notes the installed packages whose files were synthesised because the
/// package data does not list them.
fn note_synthesised(ctx: &mut Ctx, plan: &packages::InstallPlan) {
    let made_up: Vec<&str> = plan
        .packages
        .iter()
        .filter(|p| p.synthesised)
        .map(|p| p.name.as_str())
        .collect();
    if made_up.is_empty() {
        return;
    }
    let note = format!(
        "`{}`: {} not in the simulation's package data; files are synthesised",
        ctx.command_text(),
        made_up.join(", ")
    );
    ctx.note(note);
}

/// Prints npm's `EACCES` error for a directory it could not create.
fn permission_denied(ctx: &mut Ctx, path: &str) {
    for line in [
        "npm error code EACCES".to_string(),
        "npm error syscall mkdir".to_string(),
        format!("npm error path {path}"),
        "npm error errno -13".to_string(),
        format!("npm error Error: EACCES: permission denied, mkdir '{path}'"),
        "npm error".to_string(),
        "npm error The operation was rejected by your operating system.".to_string(),
        "npm error It is likely you do not have the permissions to access this file as the current user".to_string(),
    ] {
        ctx.errln(line);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations() {
        assert_eq!(npm_duration(450), "450ms");
        assert_eq!(npm_duration(2_600), "3s");
    }
}
