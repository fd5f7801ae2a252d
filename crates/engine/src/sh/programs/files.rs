//! File commands: `mkdir`, `rm`, `rmdir`, `touch`, `readlink` and
//! `realpath`, with GNU coreutils 9's and BusyBox's messages.
//!
//! Each writes through the overlay, so deletions of image files become
//! whiteouts in the new layer and changes copy files up.

use super::args::{missing_operand, parse_or_usage, Spec};
use crate::fs::{FileType, FsErrorKind, IfMissing, Owner, Recursion};
use crate::sh::ctx::{Ctx, Flavor};

pub(crate) fn mkdir(ctx: &mut Ctx) -> i32 {
    const SPEC: Spec = Spec {
        flags: "pv",
        valued: "m",
        long_flags: &[("parents", 'p'), ("verbose", 'v')],
        long_valued: &[("mode", 'm')],
    };
    let Ok(parsed) = parse_or_usage(ctx, &SPEC, 1) else {
        return 1;
    };
    if parsed.operands.is_empty() {
        return missing_operand(ctx);
    }
    let mode = match parsed.value('m', "mode") {
        Some(text) => match super::perms::parse_mode(text, 0o755, true) {
            Some(mode) => Some(mode),
            None => {
                ctx.error(format!("invalid mode '{text}'"));
                return 1;
            }
        },
        None => None,
    };
    let options = MkdirOptions {
        parents: parsed.has('p'),
        verbose: parsed.has('v'),
        mode,
    };
    let mut status = 0;
    for operand in &parsed.operands {
        if !make_directory(ctx, operand, &options) {
            status = 1;
        }
    }
    status
}

/// The `mkdir` options that apply to each operand.
struct MkdirOptions {
    parents: bool,
    verbose: bool,
    mode: Option<u32>,
}

/// Creates one directory, with its missing parents under `-p`, owned by
/// the user. Prints mkdir's message and returns false if that fails.
fn make_directory(ctx: &mut Ctx, operand: &str, options: &MkdirOptions) -> bool {
    let path = ctx.absolute(operand);
    let existed = ctx.fs.exists(&path);
    let normalised = crate::fs::FsPath::new(&path);
    let mut missing_directories: Vec<crate::fs::FsPath> = normalised
        .ancestors()
        .into_iter()
        .chain(std::iter::once(normalised.clone()))
        .filter(|directory| !ctx.fs.exists(directory.as_str()))
        .collect();
    if !options.parents {
        missing_directories.retain(|directory| *directory == normalised);
    }
    if !existed && !ctx.may_create(&path) {
        cannot_create_directory(ctx, operand, "Permission denied");
        return false;
    }
    let result = match options.parents {
        true => ctx.fs.mkdir_all(&path),
        false => ctx.fs.mkdir(&path),
    };
    if let Err(error) = result {
        cannot_create_directory(ctx, operand, &error.kind.to_string());
        return false;
    }
    if existed {
        return true;
    }

    if let Some(mode) = options.mode {
        let _ = ctx.fs.chmod(&path, mode, Recursion::Single);
    }
    let depth = normalised.components().count();
    for created in missing_directories {
        give_to_user(ctx, created.as_str());
        if options.verbose {
            let shown = shown_ancestor(operand, depth - created.components().count());
            ctx.outln(format!("mkdir: created directory '{shown}'"));
        }
    }
    true
}

/// Prints mkdir's message for a directory it could not create.
fn cannot_create_directory(ctx: &mut Ctx, operand: &str, reason: &str) {
    let message = match ctx.flavor {
        Flavor::Gnu => format!("cannot create directory '{operand}': {reason}"),
        Flavor::Busybox => format!("can't create directory '{operand}': {reason}"),
    };
    ctx.error(message);
}

/// Returns `operand` without its last `up` components, as `mkdir -pv` names
/// each parent it creates. Operands with `.` or `..` are shown whole.
fn shown_ancestor(operand: &str, up: usize) -> String {
    let parts: Vec<&str> = operand.trim_end_matches('/').split('/').collect();
    let plain = parts
        .iter()
        .skip(1)
        .all(|part| !matches!(*part, "" | "." | ".."));
    if up == 0 || !plain || up >= parts.len() {
        return operand.to_string();
    }
    parts[..parts.len() - up].join("/")
}

pub(crate) fn rm(ctx: &mut Ctx) -> i32 {
    const SPEC: Spec = Spec {
        flags: "rRfvid",
        valued: "",
        long_flags: &[
            ("recursive", 'r'),
            ("force", 'f'),
            ("verbose", 'v'),
            ("dir", 'd'),
            ("no-preserve-root", '\0'),
            ("preserve-root", '\0'),
        ],
        long_valued: &[],
    };
    let Ok(parsed) = parse_or_usage(ctx, &SPEC, 1) else {
        return 1;
    };
    let force = parsed.has('f');
    let recursive = parsed.has('r') || parsed.has('R');
    if parsed.operands.is_empty() {
        return if force { 0 } else { missing_operand(ctx) };
    }
    let options = RmOptions {
        force,
        recursive,
        empty_directories: parsed.has('d'),
        verbose: parsed.has('v'),
        preserve_root: !parsed.has_long("no-preserve-root"),
    };
    let mut status = 0;
    for operand in &parsed.operands {
        if !remove_one(ctx, operand, &options) {
            status = 1;
        }
    }
    status
}

/// The `rm` options that apply to each operand.
struct RmOptions {
    force: bool,
    recursive: bool,
    /// Whether `-d` removes empty directories too.
    empty_directories: bool,
    verbose: bool,
    preserve_root: bool,
}

/// Removes one operand, printing rm's message and returning false if that
/// fails.
fn remove_one(ctx: &mut Ctx, operand: &str, options: &RmOptions) -> bool {
    let path = ctx.absolute(operand);
    if options.recursive && options.preserve_root && crate::fs::FsPath::new(&path).is_root() {
        ctx.error("it is dangerous to operate recursively on '/'");
        ctx.error("use --no-preserve-root to override this failsafe");
        return false;
    }
    let metadata = ctx.fs.lstat(&path);
    if metadata.is_ok() && !ctx.may_remove(&path) {
        let message = match ctx.flavor {
            Flavor::Gnu => format!("cannot remove '{operand}': Permission denied"),
            Flavor::Busybox => format!("can't remove '{operand}': Permission denied"),
        };
        ctx.error(message);
        return false;
    }

    let existed = metadata.is_ok();
    let is_directory = metadata.is_ok_and(|m| m.file_type == FileType::Directory);
    let empty_directory = options.empty_directories && is_empty_dir(ctx, &path);
    let recursion = match options.recursive || empty_directory {
        true => Recursion::Recursive,
        false => Recursion::Single,
    };
    let missing = match options.force {
        true => IfMissing::Ignore,
        false => IfMissing::Fail,
    };
    if let Err(error) = ctx.fs.remove(&path, recursion, missing) {
        let message = match (ctx.flavor, error.kind) {
            (Flavor::Busybox, FsErrorKind::IsADirectory) => format!("'{operand}' is a directory"),
            (Flavor::Busybox, kind) => format!("can't remove '{operand}': {kind}"),
            (Flavor::Gnu, kind) => format!("cannot remove '{operand}': {kind}"),
        };
        ctx.error(message);
        return false;
    }

    // FIXME: GNU `rm -rv` also names each file inside a removed directory,
    // which is not printed.
    if options.verbose && existed {
        let what = if is_directory {
            "removed directory"
        } else {
            "removed"
        };
        ctx.outln(format!("{what} '{operand}'"));
    }
    true
}

/// Gives a new entry to the user who runs the program, as creating it does.
pub(super) fn give_to_user(ctx: &mut Ctx, path: &str) {
    // No user is UID 0, so there is nothing to look up or change.
    if ctx.shell.user().is_empty() {
        return;
    }
    let identity = ctx.identity();
    if identity.uid == 0 {
        return;
    }
    let owner = Owner {
        uid: Some(identity.uid),
        gid: Some(identity.gid),
    };
    let _ = ctx.fs.chown(path, owner, Recursion::Single);
}

fn is_empty_dir(ctx: &Ctx, path: &str) -> bool {
    ctx.fs.list(path).is_ok_and(|entries| entries.is_empty())
}

pub(crate) fn rmdir(ctx: &mut Ctx) -> i32 {
    const SPEC: Spec = Spec {
        flags: "pv",
        valued: "",
        long_flags: &[
            ("parents", 'p'),
            ("verbose", 'v'),
            ("ignore-fail-on-non-empty", '\0'),
        ],
        long_valued: &[],
    };
    let Ok(parsed) = parse_or_usage(ctx, &SPEC, 1) else {
        return 1;
    };
    if parsed.operands.is_empty() {
        return missing_operand(ctx);
    }
    let mut status = 0;
    for operand in &parsed.operands {
        let path = ctx.absolute(operand);
        let failure = match ctx.fs.lstat(&path) {
            Err(error) => Some(error.kind),
            Ok(meta) if meta.file_type != FileType::Directory => Some(FsErrorKind::NotADirectory),
            Ok(_) if !is_empty_dir(ctx, &path) => Some(FsErrorKind::DirectoryNotEmpty),
            Ok(_) if !ctx.may_remove(&path) => {
                ctx.error(format!("failed to remove '{operand}': Permission denied"));
                status = 1;
                continue;
            }
            Ok(_) => ctx
                .fs
                .remove(&path, Recursion::Recursive, IfMissing::Fail)
                .err()
                .map(|e| e.kind),
        };
        let Some(kind) = failure else {
            continue;
        };
        if kind == FsErrorKind::DirectoryNotEmpty && parsed.has_long("ignore-fail-on-non-empty") {
            continue;
        }
        let message = match ctx.flavor {
            Flavor::Gnu => format!("failed to remove '{operand}': {kind}"),
            Flavor::Busybox => format!("'{operand}': {kind}"),
        };
        ctx.error(message);
        status = 1;
    }
    status
}

pub(crate) fn touch(ctx: &mut Ctx) -> i32 {
    const SPEC: Spec = Spec {
        flags: "acmh",
        valued: "dtr",
        long_flags: &[("no-create", 'c')],
        long_valued: &[("date", 'd'), ("reference", 'r')],
    };
    let Ok(parsed) = parse_or_usage(ctx, &SPEC, 1) else {
        return 1;
    };
    if parsed.operands.is_empty() {
        return missing_operand(ctx);
    }
    let mut status = 0;
    for operand in &parsed.operands {
        let path = ctx.absolute(operand);
        let existed = ctx.fs.exists(&path);
        if !existed && parsed.has('c') {
            continue;
        }
        if !ctx.may_write(&path) {
            let message = match ctx.flavor {
                Flavor::Gnu => format!("cannot touch '{operand}': Permission denied"),
                Flavor::Busybox => format!("{operand}: Permission denied"),
            };
            ctx.error(message);
            status = 1;
            continue;
        }
        match ctx.fs.touch(&path) {
            Ok(()) if !existed => give_to_user(ctx, &path),
            Ok(()) => {}
            Err(error) => {
                let message = match ctx.flavor {
                    Flavor::Gnu => format!("cannot touch '{operand}': {}", error.kind),
                    Flavor::Busybox => format!("{operand}: {}", error.kind),
                };
                ctx.error(message);
                status = 1;
            }
        }
    }
    status
}

/// `readlink [-f|-e|-m] PATH` and `realpath PATH`.
/// Returns where `/proc/self` or `/proc/thread-self` points for the
/// program reading it: its own PID, not the shell's.
fn own_proc_link(ctx: &Ctx, path: &str) -> Option<String> {
    let pid = ctx.own_process().pid;
    match crate::fs::FsPath::new(path).as_str() {
        "/proc/self" => Some(pid.to_string()),
        "/proc/thread-self" => Some(format!("{pid}/task/{pid}")),
        _ => None,
    }
}

pub(crate) fn readlink(ctx: &mut Ctx) -> i32 {
    const SPEC: Spec = Spec {
        flags: "femnqsvz",
        valued: "",
        long_flags: &[
            ("canonicalize", 'f'),
            ("canonicalize-existing", 'e'),
            ("no-newline", 'n'),
        ],
        long_valued: &[],
    };
    let Ok(parsed) = parse_or_usage(ctx, &SPEC, 1) else {
        return 1;
    };
    if parsed.operands.is_empty() {
        return missing_operand(ctx);
    }
    let canonical =
        ctx.name() == "realpath" || parsed.has('f') || parsed.has('e') || parsed.has('m');
    let mut status = 0;
    for operand in &parsed.operands {
        let path = ctx.absolute(operand);
        let result = match (own_proc_link(ctx, &path), canonical) {
            (Some(link), true) => Some(format!("/proc/{link}")),
            (Some(link), false) => Some(link),
            (None, true) => match ctx.fs.canonicalize(&path) {
                Ok(real) => Some(real.as_str().to_string()),
                Err(_) if parsed.has('f') || parsed.has('m') => {
                    Some(crate::fs::FsPath::new(&path).as_str().to_string())
                }
                Err(error) => {
                    if ctx.name() == "realpath" {
                        ctx.error(format!("{operand}: {}", error.kind));
                    }
                    None
                }
            },
            (None, false) => ctx.fs.read_link(&path).ok().map(str::to_string),
        };
        match result {
            Some(text) if parsed.has('n') => ctx.out(text),
            Some(text) => ctx.outln(text),
            None => status = 1,
        }
    }
    status
}
