//! `pip`, `pip3` and `python -m pip` (pip 25): the commands that read or
//! remove what is installed (`uninstall`, `list`, `freeze`, `show`,
//! `--version`); `install` lives in `pip_install`.

use crate::fs::{Content, IfMissing, Recursion};
use crate::packages::{self, db, InstallOptions, InstallPlan, InstallTarget, Manager};
use crate::sh::ctx::Ctx;
use shared_sort::SharedSort;

pub(crate) fn pip(ctx: &mut Ctx) -> i32 {
    let args = ctx.args().to_vec();
    let command = args.iter().position(|arg| !arg.starts_with('-'));
    if args.iter().any(|arg| arg == "--version" || arg == "-V") && command.is_none() {
        return version(ctx);
    }
    let Some(position) = command else {
        ctx.outln("\nUsage:   \n  pip <command> [options]\n");
        return if args.is_empty() { 0 } else { 2 };
    };
    let rest = args[position + 1..].to_vec();
    match args[position].as_str() {
        "install" => super::pip_install::install(ctx, &rest),
        "uninstall" => uninstall(ctx, &rest),
        "list" => list(ctx),
        "freeze" => freeze(ctx),
        "show" => show(ctx, &rest),
        "download" | "wheel" | "cache" | "config" | "check" | "inspect" | "hash" | "index"
        | "debug" => {
            ctx.not_simulated("this pip command is not modelled");
            0
        }
        other => {
            ctx.errln(format!("ERROR: unknown command \"{other}\""));
            1
        }
    }
}

/// Finds the site-packages of the Python that pip belongs to.
pub(super) fn site(ctx: &Ctx) -> Option<String> {
    match packages::plan_install(
        ctx.fs,
        Manager::Pip,
        &[],
        &InstallOptions {
            break_system_packages: true,
            ..InstallOptions::default()
        },
    ) {
        Ok(InstallPlan {
            target: InstallTarget::Pip { site, .. },
            ..
        }) => Some(site),
        _ => None,
    }
}

pub(super) fn pip_version(ctx: &Ctx, site: &str) -> String {
    db::pip_version(ctx.fs, site, "pip").unwrap_or_else(|| "24.0".to_string())
}

pub(super) fn python_short(site: &str) -> String {
    site.split('/')
        .find_map(|part| part.strip_prefix("python"))
        .unwrap_or("3")
        .to_string()
}

fn version(ctx: &mut Ctx) -> i32 {
    let Some(site) = site(ctx) else {
        ctx.not_simulated("no Python installation was found");
        return 0;
    };
    let version = pip_version(ctx, &site);
    ctx.outln(format!(
        "pip {version} from {site}/pip (python {})",
        python_short(&site)
    ));
    0
}

/// One installed distribution.
#[derive(Clone)]
struct Installed {
    /// The project name as its `METADATA` spells it.
    name: String,
    version: String,
    /// The site-packages directory that contains it.
    site: String,
    /// The name of its `dist-info` directory.
    info: String,
}

/// Returns the user site-packages, `~/.local/lib/pythonX.Y/site-packages`,
/// that pip falls back to when the system one is not writable.
pub(super) fn user_site(ctx: &Ctx, system_site: &str) -> String {
    let home = ctx.env_var("HOME").unwrap_or("/").trim_end_matches('/');
    format!(
        "{home}/.local/lib/python{}/site-packages",
        python_short(system_site)
    )
}

/// Returns the distributions installed in the user site and the system
/// site, sorted by name without case.
fn installed(ctx: &Ctx) -> Vec<Installed> {
    let Some(system) = site(ctx) else {
        return Vec::new();
    };
    let mut found = Vec::new();
    for site in [user_site(ctx, &system), system] {
        for entry in ctx.fs.list(&site).unwrap_or_default() {
            let Some((name, version)) = entry
                .name
                .strip_suffix(".dist-info")
                .and_then(|stem| stem.split_once('-'))
            else {
                continue;
            };
            let shown = match ctx.fs.read(&format!("{site}/{}/METADATA", entry.name)) {
                Ok(Content::Text(text)) => text
                    .lines()
                    .find_map(|line| line.strip_prefix("Name: "))
                    .unwrap_or(name)
                    .to_string(),
                _ => name.to_string(),
            };
            found.push(Installed {
                name: shown,
                version: version.to_string(),
                site: site.clone(),
                info: entry.name.clone(),
            });
        }
    }
    found.shared_sort_by_key(|row| row.name.to_lowercase());
    found
}

fn list(ctx: &mut Ctx) -> i32 {
    let rows = installed(ctx);
    let name_width = rows
        .iter()
        .map(|row| row.name.len())
        .max()
        .unwrap_or(0)
        .max(7);
    let version_width = rows
        .iter()
        .map(|row| row.version.len())
        .max()
        .unwrap_or(0)
        .max(7);
    let mut text = format!("{:<name_width$} {}\n", "Package", "Version");
    text.push_str(&format!(
        "{} {}\n",
        "-".repeat(name_width),
        "-".repeat(version_width)
    ));
    for row in rows {
        text.push_str(&format!("{:<name_width$} {}\n", row.name, row.version));
    }
    ctx.out(text);
    0
}

fn freeze(ctx: &mut Ctx) -> i32 {
    let text: String = installed(ctx)
        .into_iter()
        .filter(|row| {
            !matches!(
                row.name.to_lowercase().as_str(),
                "pip" | "setuptools" | "wheel" | "distribute"
            )
        })
        .map(|row| format!("{}=={}\n", row.name, row.version))
        .collect();
    ctx.out(text);
    0
}

/// Finds an installed distribution by name, compared as PEP 503 does.
fn find_installed<'r>(rows: &'r [Installed], name: &str) -> Option<&'r Installed> {
    let key = db::normalise_python_name(name);
    rows.iter()
        .find(|row| db::normalise_python_name(&row.name) == key)
}

fn show(ctx: &mut Ctx, args: &[String]) -> i32 {
    let names: Vec<&String> = args.iter().filter(|a| !a.starts_with('-')).collect();
    let rows = installed(ctx);
    let mut missing = Vec::new();
    let mut blocks = Vec::new();
    for name in names {
        let Some(row) = find_installed(&rows, name) else {
            missing.push(name.clone());
            continue;
        };
        let key = db::normalise_python_name(name);
        let package = packages::lookup(Manager::Pip, &row.name, packages::Distribution::Debian);
        let mut requires = package.depends.clone();
        requires.shared_sort();
        let required_by: Vec<String> = rows
            .iter()
            .filter(|other| {
                packages::lookup(Manager::Pip, &other.name, packages::Distribution::Debian)
                    .depends
                    .iter()
                    .any(|dependency| db::normalise_python_name(dependency) == key)
            })
            .map(|other| other.name.clone())
            .collect();
        blocks.push(format!(
            "Name: {}\nVersion: {}\nSummary: {}\nHome-page: \nAuthor: \nAuthor-email: \nLicense: \nLocation: {}\nRequires: {}\nRequired-by: {}\n",
            row.name,
            row.version,
            package.description,
            row.site,
            requires.join(", "),
            required_by.join(", ")
        ));
    }
    ctx.out(blocks.join("---\n"));
    if !missing.is_empty() {
        ctx.errln(format!(
            "WARNING: Package(s) not found: {}",
            missing.join(", ")
        ));
        return 1;
    }
    0
}

fn uninstall(ctx: &mut Ctx, args: &[String]) -> i32 {
    let yes = args.iter().any(|a| a == "-y" || a == "--yes");
    let names: Vec<&String> = args.iter().filter(|a| !a.starts_with('-')).collect();
    let rows = installed(ctx);
    for name in names {
        let Some(row) = find_installed(&rows, name).cloned() else {
            ctx.errln(format!("WARNING: Skipping {name} as it is not installed."));
            continue;
        };
        let Installed {
            name: shown,
            version,
            site,
            info,
        } = row;
        ctx.outln(format!("Found existing installation: {shown} {version}"));
        ctx.outln(format!("Uninstalling {shown}-{version}:"));
        if !yes {
            ctx.outln(format!(
                "  Would remove:\n    {site}/{}/*\n    {site}/{info}/*",
                db::wheel_name(&shown)
            ));
            ctx.out("Proceed (Y/n)? ");
            if !ctx.interactive() {
                ctx.errln("ERROR: Exception:\nEOFError: EOF when reading a line");
                return 2;
            }
            ctx.outln("");
            ctx.errln("porthole: answering Y, as pressing Enter would");
        }
        if !ctx.may_remove(&format!("{site}/{info}")) {
            ctx.errln(format!(
                "ERROR: Exception:\nPermissionError: [Errno 13] Permission denied: '{site}/{info}'"
            ));
            return 2;
        }
        remove_distribution(ctx, &site, &info, &shown);
        ctx.advance(150);
        ctx.outln(format!("  Successfully uninstalled {shown}-{version}"));
    }
    0
}

/// Removes the files a distribution's `RECORD` lists, its module directory
/// once empty, and its `dist-info` directory.
fn remove_distribution(ctx: &mut Ctx, site: &str, info: &str, name: &str) {
    let record = match ctx.fs.read(&format!("{site}/{info}/RECORD")) {
        Ok(Content::Text(text)) => text.clone(),
        _ => String::new(),
    };
    for line in record.lines() {
        let Some(file) = line.split(',').next().filter(|f| !f.is_empty()) else {
            continue;
        };
        let _ = ctx.fs.remove(
            &format!("{site}/{file}"),
            Recursion::Single,
            IfMissing::Ignore,
        );
    }
    let module = format!("{site}/{}", db::wheel_name(name));
    if ctx.fs.list(&module).is_ok_and(|entries| entries.is_empty()) {
        let _ = ctx
            .fs
            .remove(&module, Recursion::Recursive, IfMissing::Ignore);
    }
    let _ = ctx.fs.remove(
        &format!("{site}/{info}"),
        Recursion::Recursive,
        IfMissing::Ignore,
    );
}
