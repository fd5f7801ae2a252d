//! `pip`, `pip3` and `python -m pip` (pip 25): the commands that read or
//! remove what is installed (`uninstall`, `list`, `freeze`, `show`,
//! `--version`); `install` lives in `pip_install`.

use crate::fs::{Content, IfMissing, Recursion};
use crate::packages::{self, db, InstallOptions, InstallPlan, InstallTarget, Manager};
use crate::sh::ctx::Ctx;

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

/// Returns the distributions installed in `site`: name, version and the
/// name of their `dist-info` directory.
fn installed(ctx: &Ctx, site: &str) -> Vec<(String, String, String)> {
    let mut found: Vec<(String, String, String)> = ctx
        .fs
        .list(site)
        .unwrap_or_default()
        .into_iter()
        .filter_map(|entry| {
            let stem = entry.name.strip_suffix(".dist-info")?;
            let (name, version) = stem.split_once('-')?;
            let shown = match ctx.fs.read(&format!("{site}/{}/METADATA", entry.name)) {
                Ok(Content::Text(text)) => text
                    .lines()
                    .find_map(|line| line.strip_prefix("Name: "))
                    .unwrap_or(name)
                    .to_string(),
                _ => name.to_string(),
            };
            Some((shown, version.to_string(), entry.name.clone()))
        })
        .collect();
    found.sort_by_key(|(name, _, _)| name.to_lowercase());
    found
}

fn list(ctx: &mut Ctx) -> i32 {
    let Some(site) = site(ctx) else {
        return 0;
    };
    let rows = installed(ctx, &site);
    let name_width = rows
        .iter()
        .map(|(n, _, _)| n.len())
        .max()
        .unwrap_or(0)
        .max(7);
    let version_width = rows
        .iter()
        .map(|(_, v, _)| v.len())
        .max()
        .unwrap_or(0)
        .max(7);
    let mut text = format!("{:<name_width$} {}\n", "Package", "Version");
    text.push_str(&format!(
        "{} {}\n",
        "-".repeat(name_width),
        "-".repeat(version_width)
    ));
    for (name, version, _) in rows {
        text.push_str(&format!("{name:<name_width$} {version}\n"));
    }
    ctx.out(text);
    0
}

fn freeze(ctx: &mut Ctx) -> i32 {
    let Some(site) = site(ctx) else {
        return 0;
    };
    let text: String = installed(ctx, &site)
        .into_iter()
        .filter(|(name, _, _)| {
            !matches!(
                name.to_lowercase().as_str(),
                "pip" | "setuptools" | "wheel" | "distribute"
            )
        })
        .map(|(name, version, _)| format!("{name}=={version}\n"))
        .collect();
    ctx.out(text);
    0
}

fn show(ctx: &mut Ctx, args: &[String]) -> i32 {
    let Some(site) = site(ctx) else {
        return 0;
    };
    let names: Vec<&String> = args.iter().filter(|a| !a.starts_with('-')).collect();
    let rows = installed(ctx, &site);
    let mut missing = Vec::new();
    let mut blocks = Vec::new();
    for name in names {
        let key = db::normalise_python_name(name);
        match rows
            .iter()
            .find(|(n, _, _)| db::normalise_python_name(n) == key)
        {
            Some((shown, version, _)) => {
                let package = packages::lookup(Manager::Pip, shown, packages::Distribution::Debian);
                let mut requires = package.depends.clone();
                requires.sort();
                let required_by: Vec<String> = rows
                    .iter()
                    .filter(|(other, _, _)| {
                        packages::lookup(Manager::Pip, other, packages::Distribution::Debian)
                            .depends
                            .iter()
                            .any(|d| db::normalise_python_name(d) == key)
                    })
                    .map(|(other, _, _)| other.clone())
                    .collect();
                blocks.push(format!(
                    "Name: {shown}\nVersion: {version}\nSummary: {}\nHome-page: \nAuthor: \nAuthor-email: \nLicense: \nLocation: {site}\nRequires: {}\nRequired-by: {}\n",
                    package.description,
                    requires.join(", "),
                    required_by.join(", ")
                ));
            }
            None => missing.push(name.clone()),
        }
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
    let Some(site) = site(ctx) else {
        return 0;
    };
    let yes = args.iter().any(|a| a == "-y" || a == "--yes");
    let names: Vec<&String> = args.iter().filter(|a| !a.starts_with('-')).collect();
    let rows = installed(ctx, &site);
    for name in names {
        let key = db::normalise_python_name(name);
        let Some((shown, version, info)) = rows
            .iter()
            .find(|(n, _, _)| db::normalise_python_name(n) == key)
            .cloned()
        else {
            ctx.errln(format!("WARNING: Skipping {name} as it is not installed."));
            continue;
        };
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
        let module = format!("{site}/{}", db::wheel_name(&shown));
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
        ctx.advance(150);
        ctx.outln(format!("  Successfully uninstalled {shown}-{version}"));
    }
    0
}
