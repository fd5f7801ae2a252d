//! `chmod` (octal and symbolic modes, `-R`) and `chown`/`chgrp`
//! (`user`, `user:group`, `user:`, `:group`, numeric IDs, `-R`), with names
//! resolved through `/etc/passwd` and `/etc/group` of the container.

use super::args::{parse, report, Opt, Spec};
use crate::fs::{FileType, Owner, Recursion};
use crate::sh::ctx::{Ctx, Flavor};
use crate::sh::users;

/// The umask symbolic modes without `u`, `g`, `o` or `a` honour.
const UMASK: u32 = 0o022;

/// Computes the mode `text` gives a file whose mode is `current`: an octal
/// number, or symbolic clauses such as `u+x,go-w` or `a=rX`. Returns `None`
/// for an invalid mode.
pub(crate) fn parse_mode(text: &str, current: u32, is_directory: bool) -> Option<u32> {
    if !text.is_empty() && text.chars().all(|c| c.is_digit(8)) {
        return u32::from_str_radix(text, 8)
            .ok()
            .filter(|mode| *mode <= 0o7777);
    }
    let mut mode = current & 0o7777;
    for clause in text.split(',') {
        mode = apply_clause(clause, mode, is_directory)?;
    }
    Some(mode)
}

fn apply_clause(clause: &str, mut mode: u32, is_directory: bool) -> Option<u32> {
    let who_end = clause
        .find(['+', '-', '='])
        .filter(|end| clause[..*end].chars().all(|c| "ugoa".contains(c)))?;
    let who_text = &clause[..who_end];
    let explicit = !who_text.is_empty();
    let mut who = 0u32;
    for c in who_text.chars() {
        who |= match c {
            'u' => 0o4700,
            'g' => 0o2070,
            'o' => 0o1007,
            _ => 0o7777,
        };
    }
    if !explicit {
        who = 0o7777;
    }
    let mut rest = &clause[who_end..];
    while let Some(operator) = rest.chars().next().filter(|c| matches!(c, '+' | '-' | '=')) {
        rest = &rest[1..];
        let perms_end = rest.find(['+', '-', '=']).unwrap_or(rest.len());
        let perms = &rest[..perms_end];
        rest = &rest[perms_end..];
        let mut bits = 0u32;
        for c in perms.chars() {
            bits |= match c {
                'r' => 0o444,
                'w' => 0o222,
                'x' => 0o111,
                'X' if is_directory || mode & 0o111 != 0 => 0o111,
                'X' => 0,
                's' => 0o6000,
                't' => 0o1000,
                _ => return None,
            };
        }
        let mut effective = bits & who;
        if !explicit {
            effective &= !UMASK;
        }
        mode = match operator {
            '+' => mode | effective,
            '-' => mode & !effective,
            _ => (mode & !(who & 0o7777)) | effective,
        };
    }
    if !rest.is_empty() {
        return None;
    }
    Some(mode)
}

pub(crate) fn chmod(ctx: &mut Ctx) -> i32 {
    // A mode such as `-x` looks like an option, so take the first word that
    // is not -R, -v, -c or -f as the mode.
    let args = ctx.args().to_vec();
    let mut recursive = false;
    let mut mode_text = None;
    let mut files = Vec::new();
    for arg in &args {
        match arg.as_str() {
            "-R" | "--recursive" => recursive = true,
            "-v" | "-c" | "-f" | "--verbose" | "--changes" | "--silent" | "--quiet" => {}
            _ if mode_text.is_none() => mode_text = Some(arg.clone()),
            _ => files.push(arg.clone()),
        }
    }
    let Some(mode_text) = mode_text else {
        return super::args::missing_operand(ctx);
    };
    if parse_mode(&mode_text, 0, false).is_none() {
        let message = match ctx.flavor {
            Flavor::Gnu => format!(
                "chmod: invalid mode: '{mode_text}'\nTry 'chmod --help' for more information.\n"
            ),
            Flavor::Busybox => format!("chmod: invalid mode '{mode_text}'\n"),
        };
        ctx.err(message);
        return 1;
    }
    if files.is_empty() {
        ctx.errln(format!(
            "chmod: missing operand after '{mode_text}'\nTry 'chmod --help' for more information."
        ));
        return 1;
    }
    let mut status = 0;
    for file in &files {
        let path = ctx.absolute(file);
        let found = match recursive {
            true => ctx.fs.walk(&path),
            false => ctx
                .fs
                .stat(&path)
                .map(|meta| vec![(crate::fs::FsPath::new(&path), meta)]),
        };
        let targets = match found {
            Ok(entries) => entries,
            Err(error) => {
                let message = match ctx.flavor {
                    Flavor::Gnu => format!("cannot access '{file}': {}", error.kind),
                    Flavor::Busybox => format!("{file}: {}", error.kind),
                };
                ctx.error(message);
                status = 1;
                continue;
            }
        };
        for (target, meta) in targets {
            if meta.file_type == FileType::Symlink {
                continue;
            }
            if !crate::sh::access::owns(ctx.fs, &ctx.who(), target.as_str()) {
                ctx.error(format!(
                    "changing permissions of '{file}': Operation not permitted"
                ));
                status = 1;
                break;
            }
            let is_directory = meta.file_type == FileType::Directory;
            let mode = parse_mode(&mode_text, meta.mode, is_directory).unwrap_or(meta.mode);
            if mode != meta.mode {
                let _ = ctx.fs.chmod(target.as_str(), mode, Recursion::Single);
            }
        }
    }
    status
}

pub(crate) fn chown(ctx: &mut Ctx) -> i32 {
    const SPEC: Spec = Spec {
        flags: "RhvcfHLP",
        valued: "",
        long_flags: &[
            ("recursive", 'R'),
            ("no-dereference", 'h'),
            ("verbose", 'v'),
        ],
        long_valued: &[("from", '\0'), ("reference", '\0')],
    };
    let args = ctx.args().to_vec();
    let parsed = match parse(&args, &SPEC) {
        Ok(parsed) => parsed,
        Err(error) => {
            report(ctx, &error);
            return 1;
        }
    };
    let recursive = parsed.opts.contains(&Opt::Flag('R'));
    let is_chgrp = ctx.name() == "chgrp";
    let Some((spec, files)) = parsed.operands.split_first() else {
        return super::args::missing_operand(ctx);
    };
    if files.is_empty() {
        ctx.errln(format!(
            "{}: missing operand after '{spec}'\nTry '{} --help' for more information.",
            ctx.name(),
            ctx.name()
        ));
        return 1;
    }
    let spec = if is_chgrp {
        format!(":{spec}")
    } else {
        spec.clone()
    };
    let owner = match resolve_owner(ctx, &spec) {
        Ok(owner) => owner,
        Err(message) => {
            ctx.error(message);
            return 1;
        }
    };
    let identity = ctx.identity();
    let mut status = 0;
    for file in files {
        let path = ctx.absolute(file);
        if let Err(error) = ctx.fs.lstat(&path) {
            let message = match ctx.flavor {
                Flavor::Gnu => format!("cannot access '{file}': {}", error.kind),
                Flavor::Busybox => format!("{file}: {}", error.kind),
            };
            ctx.error(message);
            status = 1;
            continue;
        }
        if identity.uid != 0 {
            ctx.error(format!(
                "changing ownership of '{file}': Operation not permitted"
            ));
            status = 1;
            continue;
        }
        let recursion = if recursive {
            Recursion::Recursive
        } else {
            Recursion::Single
        };
        if let Err(error) = ctx.fs.chown(&path, owner, recursion) {
            ctx.error(format!("cannot access '{file}': {}", error.kind));
            status = 1;
        }
    }
    status
}

/// Resolves `user[:group]`, `user:`, `:group` or `user.group` to IDs.
fn resolve_owner(ctx: &Ctx, spec: &str) -> Result<Owner, String> {
    let (user, group) = match spec.split_once(':').or_else(|| spec.split_once('.')) {
        Some((user, group)) => (user, Some(group)),
        None => (spec, None),
    };
    let busybox = ctx.flavor == Flavor::Busybox;
    let mut owner = Owner::default();
    let mut login_group = None;
    if !user.is_empty() {
        match users::find_user(ctx.fs, user) {
            Some(entry) => {
                owner.uid = Some(entry.uid);
                login_group = Some(entry.gid);
            }
            None => match user.parse::<u32>() {
                Ok(uid) => owner.uid = Some(uid),
                Err(_) if busybox => return Err(format!("unknown user {user}")),
                Err(_) => return Err(format!("invalid user: '{spec}'")),
            },
        }
    }
    match group {
        Some("") => owner.gid = login_group,
        Some(group) => match users::group_id(ctx.fs, group) {
            Some(gid) => owner.gid = Some(gid),
            None if busybox => return Err(format!("unknown group {group}")),
            None => return Err(format!("invalid group: '{spec}'")),
        },
        None => {}
    }
    Ok(owner)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mode_table() {
        let cases = [
            ("755", 0o644, false, Some(0o755)),
            ("0640", 0o777, false, Some(0o640)),
            ("4755", 0o644, false, Some(0o4755)),
            ("+x", 0o644, false, Some(0o755)),
            ("u+x", 0o644, false, Some(0o744)),
            ("+w", 0o444, false, Some(0o644)),
            ("a+w", 0o444, false, Some(0o666)),
            ("go-rwx", 0o755, false, Some(0o700)),
            ("u=rwx,go=rx", 0o600, false, Some(0o755)),
            ("a+X", 0o644, true, Some(0o755)),
            ("a+X", 0o644, false, Some(0o644)),
            ("o=", 0o757, false, Some(0o750)),
            ("u+s", 0o755, false, Some(0o4755)),
            ("abc", 0o644, false, None),
            ("99", 0o644, false, None),
            ("u+q", 0o644, false, None),
        ];
        for (text, current, directory, expected) in cases {
            assert_eq!(
                parse_mode(text, current, directory),
                expected,
                "{text} on {current:o}"
            );
        }
    }
}
