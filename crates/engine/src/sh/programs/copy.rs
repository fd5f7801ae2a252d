//! `cp`, `mv` and `ln`, with GNU coreutils 9's and BusyBox's messages.
//! overlayfs copies a lower directory to rename it, so `mv` takes the time
//! a copy takes.

use super::args::{missing_operand, parse_or_usage, Spec};
use crate::fs::{FileType, FsErrorKind, IfMissing, Owner, Recursion};
use crate::sh::ctx::{Ctx, Flavor};

/// The copy speed in bytes per millisecond (about 500 MB/s, an
/// estimate for a local SSD).
const COPY_BYTES_PER_MILLI: u64 = 500_000;

/// Splits operands into sources and a destination, checking that several
/// sources go into a directory. Returns `None` after printing the error.
fn sources_and_target(ctx: &mut Ctx, operands: &[String]) -> Option<(Vec<String>, String)> {
    match operands {
        [] => {
            missing_operand(ctx);
            None
        }
        [only] => {
            let message = match ctx.flavor {
                Flavor::Gnu => format!(
                    "{}: missing destination file operand after '{only}'\nTry '{} --help' for more information.",
                    ctx.name(),
                    ctx.name()
                ),
                Flavor::Busybox => format!("{}: missing destination file operand after '{only}'", ctx.name()),
            };
            ctx.errln(message);
            None
        }
        [sources @ .., target] => {
            let target_path = ctx.absolute(target);
            let is_directory = ctx
                .fs
                .stat(&target_path)
                .is_ok_and(|m| m.file_type == FileType::Directory);
            if sources.len() > 1 && !is_directory {
                let message = match ctx.fs.exists(&target_path) {
                    true => format!("target '{target}' is not a directory"),
                    false => format!("target '{target}': No such file or directory"),
                };
                ctx.error(message);
                return None;
            }
            Some((sources.to_vec(), target.clone()))
        }
    }
}

pub(crate) fn cp(ctx: &mut Ctx) -> i32 {
    const SPEC: Spec = Spec {
        flags: "rRapfvnuLPdHlsTx",
        valued: "t",
        long_flags: &[
            ("recursive", 'r'),
            ("archive", 'a'),
            ("force", 'f'),
            ("verbose", 'v'),
            ("no-clobber", 'n'),
            ("update", 'u'),
            ("dereference", 'L'),
            ("no-dereference", 'P'),
        ],
        long_valued: &[("target-directory", 't'), ("preserve", '\0')],
    };
    let Ok(parsed) = parse_or_usage(ctx, &SPEC, 1) else {
        return 1;
    };
    let mut operands = parsed.operands.clone();
    if let Some(directory) = parsed.value('t', "target-directory") {
        operands.push(directory.to_string());
    }
    let Some((sources, target)) = sources_and_target(ctx, &operands) else {
        return 1;
    };
    let options = CopyOptions {
        recursive: parsed.has('r') || parsed.has('R') || parsed.has('a'),
        preserve: parsed.has('a') || parsed.has('p') || parsed.value('\0', "preserve").is_some(),
        verbose: parsed.has('v'),
    };
    let mut status = 0;
    for source in &sources {
        if !copy_one(ctx, source, &target, &options) {
            status = 1;
        }
    }
    status
}

/// The `cp` options that apply to each source.
struct CopyOptions {
    recursive: bool,
    preserve: bool,
    verbose: bool,
}

/// Copies one source to `target`, printing cp's message if it fails.
/// Returns whether the copy succeeded.
fn copy_one(ctx: &mut Ctx, source: &str, target: &str, options: &CopyOptions) -> bool {
    let source_path = ctx.absolute(source);
    let target_path = ctx.absolute(target);
    let meta = match ctx.fs.stat(&source_path) {
        Ok(meta) => meta,
        Err(error) => {
            let message = match ctx.flavor {
                Flavor::Gnu => format!("cannot stat '{source}': {}", error.kind),
                Flavor::Busybox => format!("can't stat '{source}': {}", error.kind),
            };
            ctx.error(message);
            return false;
        }
    };
    if meta.file_type == FileType::Directory && !options.recursive {
        let message = match ctx.flavor {
            Flavor::Gnu => format!("-r not specified; omitting directory '{source}'"),
            Flavor::Busybox => format!("omitting directory '{source}'"),
        };
        ctx.error(message);
        return false;
    }

    let destination = destination_of(ctx, &source_path, &target_path);
    let shown = display_destination(target, &destination, &target_path);
    if !ctx.may_write(&destination) {
        let what = match meta.file_type {
            FileType::Directory => "directory",
            _ => "regular file",
        };
        ctx.error(format!("cannot create {what} '{shown}': Permission denied"));
        return false;
    }
    let recursion = match options.recursive {
        true => Recursion::Recursive,
        false => Recursion::Single,
    };
    if let Err(error) = ctx.fs.copy(&source_path, &target_path, recursion) {
        ctx.error(format!(
            "cannot copy '{source}' to '{target}': {}",
            error.kind
        ));
        return false;
    }

    let identity = ctx.identity();
    fix_owners(
        ctx,
        &source_path,
        &destination,
        options.preserve,
        identity.uid,
        identity.gid,
    );
    if options.verbose {
        ctx.outln(format!("'{source}' -> '{shown}'"));
    }
    true
}

/// Returns where `cp` or `mv` puts `source`: inside `target` when it is a
/// directory, else `target` itself.
fn destination_of(ctx: &Ctx, source: &str, target: &str) -> String {
    let into = ctx
        .fs
        .stat(target)
        .is_ok_and(|m| m.file_type == FileType::Directory);
    match (into, source.trim_end_matches('/').rsplit('/').next()) {
        (true, Some(name)) => format!("{}/{name}", target.trim_end_matches('/')),
        _ => target.to_string(),
    }
}

/// Returns the destination as the user wrote the target, for messages.
fn display_destination(target: &str, destination: &str, target_path: &str) -> String {
    match destination.strip_prefix(target_path.trim_end_matches('/')) {
        Some(rest) if !rest.is_empty() => format!("{}{rest}", target.trim_end_matches('/')),
        _ => target.to_string(),
    }
}

/// Gives copies the owners `cp` leaves: the source's with `-a`/`-p`,
/// otherwise the user who copies. Copies also take the time to move the bytes.
fn fix_owners(ctx: &mut Ctx, source: &str, destination: &str, preserve: bool, uid: u32, gid: u32) {
    let Ok(entries) = ctx.fs.walk(source) else {
        return;
    };
    let Ok(source_root) = ctx.fs.canonicalize(source) else {
        return;
    };
    let destination_root = crate::fs::FsPath::new(destination);
    let mut bytes = 0;
    for (path, meta) in entries {
        bytes += meta.size;
        let owner = match preserve {
            true => (meta.uid, meta.gid),
            false => (uid, gid),
        };
        if owner == (0, 0) {
            continue;
        }
        let Some(copy) = path.rebase(&source_root, &destination_root) else {
            continue;
        };
        let owner = Owner {
            uid: Some(owner.0),
            gid: Some(owner.1),
        };
        let is_link = meta.file_type == FileType::Symlink;
        if !is_link {
            let _ = ctx.fs.chown(copy.as_str(), owner, Recursion::Single);
        }
    }
    ctx.advance(bytes / COPY_BYTES_PER_MILLI);
}

pub(crate) fn mv(ctx: &mut Ctx) -> i32 {
    const SPEC: Spec = Spec {
        flags: "fivnuT",
        valued: "t",
        long_flags: &[("force", 'f'), ("verbose", 'v'), ("no-clobber", 'n')],
        long_valued: &[("target-directory", 't')],
    };
    let Ok(parsed) = parse_or_usage(ctx, &SPEC, 1) else {
        return 1;
    };
    let mut operands = parsed.operands.clone();
    if let Some(directory) = parsed.value('t', "target-directory") {
        operands.push(directory.to_string());
    }
    let Some((sources, target)) = sources_and_target(ctx, &operands) else {
        return 1;
    };
    let target_path = ctx.absolute(&target);
    let mut status = 0;
    for source in &sources {
        let source_path = ctx.absolute(source);
        if let Err(error) = ctx.fs.lstat(&source_path) {
            let message = match ctx.flavor {
                Flavor::Gnu => format!("cannot stat '{source}': {}", error.kind),
                Flavor::Busybox => format!("can't rename '{source}': {}", error.kind),
            };
            ctx.error(message);
            status = 1;
            continue;
        }
        let bytes: u64 = ctx
            .fs
            .walk(&source_path)
            .map(|entries| entries.iter().map(|(_, meta)| meta.size).sum())
            .unwrap_or(0);
        let destination = destination_of(ctx, &source_path, &target_path);
        if !ctx.may_remove(&source_path) || !ctx.may_write(&destination) {
            let shown = display_destination(&target, &destination, &target_path);
            ctx.error(format!(
                "cannot move '{source}' to '{shown}': Permission denied"
            ));
            status = 1;
            continue;
        }
        match ctx.fs.rename(&source_path, &target_path) {
            Ok(()) => {
                // overlayfs cannot rename a lower directory, so mv copies.
                ctx.advance(bytes / COPY_BYTES_PER_MILLI);
                if parsed.has('v') {
                    ctx.outln(format!("renamed '{source}' -> '{target}'"));
                }
            }
            Err(error) => {
                let message = match (error.kind, ctx.flavor) {
                    (FsErrorKind::InvalidArgument, _) => {
                        format!("cannot move '{source}' to a subdirectory of itself, '{target}'")
                    }
                    (kind, Flavor::Gnu) => format!("cannot move '{source}' to '{target}': {kind}"),
                    (kind, Flavor::Busybox) => format!("can't rename '{source}': {kind}"),
                };
                ctx.error(message);
                status = 1;
            }
        }
    }
    status
}

pub(crate) fn ln(ctx: &mut Ctx) -> i32 {
    const SPEC: Spec = Spec {
        flags: "sfnvTrL",
        valued: "t",
        long_flags: &[
            ("symbolic", 's'),
            ("force", 'f'),
            ("no-dereference", 'n'),
            ("verbose", 'v'),
            ("relative", 'r'),
        ],
        long_valued: &[("target-directory", 't')],
    };
    let Ok(parsed) = parse_or_usage(ctx, &SPEC, 1) else {
        return 1;
    };
    let operands = parsed.operands.clone();
    let (targets, link) = match operands.as_slice() {
        [] => return missing_operand(ctx),
        [only] => (vec![only.clone()], ".".to_string()),
        [targets @ .., link] => (targets.to_vec(), link.clone()),
    };
    let symbolic = parsed.has('s');
    let what = match symbolic {
        true => "symbolic link",
        false => "hard link",
    };
    let into_directories = !parsed.has('n') && !parsed.has('T');
    let mut status = 0;
    for target in &targets {
        let (link_path, shown) = link_location(ctx, target, &link, into_directories);
        if !ctx.may_create(&link_path) {
            ctx.error(format!(
                "failed to create {what} '{shown}': Permission denied"
            ));
            status = 1;
            continue;
        }
        if parsed.has('f') {
            let _ = ctx
                .fs
                .remove(&link_path, Recursion::Single, IfMissing::Ignore);
        }

        if let Err(error) = make_link(ctx, target, &link_path, symbolic) {
            let message = match ctx.flavor {
                Flavor::Gnu => format!("failed to create {what} '{shown}': {}", error.kind),
                Flavor::Busybox => format!("{shown}: {}", error.kind),
            };
            ctx.error(message);
            status = 1;
        } else if parsed.has('v') {
            let arrow = if symbolic { "->" } else { "=>" };
            ctx.outln(format!("'{shown}' {arrow} '{target}'"));
        }
    }
    status
}

/// Returns the absolute path of the link to `target` and the name messages
/// show: inside `link` when it is a directory and `into_directories` is set.
fn link_location(ctx: &Ctx, target: &str, link: &str, into_directories: bool) -> (String, String) {
    let link_path = ctx.absolute(link);
    let is_directory = ctx
        .fs
        .stat(&link_path)
        .is_ok_and(|m| m.file_type == FileType::Directory);
    if !(into_directories && is_directory) {
        return (link_path, link.to_string());
    }
    let name = target
        .trim_end_matches('/')
        .rsplit('/')
        .next()
        .unwrap_or(target);
    (
        format!("{}/{name}", link_path.trim_end_matches('/')),
        format!("{}/{name}", link.trim_end_matches('/')),
    )
}

/// Creates the link, failing if something already exists at `link_path`.
fn make_link(
    ctx: &mut Ctx,
    target: &str,
    link_path: &str,
    symbolic: bool,
) -> Result<(), crate::fs::FsError> {
    if symbolic {
        return ctx.fs.symlink(target, link_path);
    }
    if ctx.fs.lstat(link_path).is_ok() {
        return Err(crate::fs::FsError::new(
            FsErrorKind::AlreadyExists,
            link_path,
        ));
    }
    // FIXME: the file system has no inodes, so a hard link is a copy: later
    // writes to one name do not show through the other.
    let target_path = ctx.absolute(target);
    ctx.fs.copy(&target_path, link_path, Recursion::Single)
}
