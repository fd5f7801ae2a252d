//! shadow-utils' `useradd` and `groupadd` (Debian and Ubuntu): new users
//! get the highest UID in use in 1000–60000 plus one, system users the
//! highest free ID counting down from 999.

use super::accounts::{
    add_member, append_line, free_id_down, make_home, next_id, require_root, used_gids, used_uids,
    write_user, NewUser,
};
use super::args::{parse_or_usage, Parsed, Spec};
use crate::fs::Content;
use crate::sh::ctx::Ctx;
use crate::sh::users;

/// Runs `useradd`, which adds a user to `/etc/passwd`, `/etc/shadow` and
/// its groups.
pub(crate) fn useradd(ctx: &mut Ctx) -> i32 {
    const SPEC: Spec = Spec {
        flags: "mMrUNlofD",
        valued: "dsugGcekKpb",
        long_flags: &[
            ("create-home", 'm'),
            ("no-create-home", 'M'),
            ("system", 'r'),
            ("user-group", 'U'),
            ("no-user-group", 'N'),
            ("no-log-init", 'l'),
            ("non-unique", 'o'),
        ],
        long_valued: &[
            ("home-dir", 'd'),
            ("shell", 's'),
            ("uid", 'u'),
            ("gid", 'g'),
            ("groups", 'G'),
            ("comment", 'c'),
            ("password", 'p'),
            ("base-dir", 'b'),
            ("key", 'K'),
        ],
    };
    let Ok(parsed) = parse_or_usage(ctx, &SPEC, 2) else {
        return 2;
    };
    let [name] = parsed.operands.as_slice() else {
        ctx.errln("Usage: useradd [options] LOGIN");
        return 2;
    };
    if !require_root(ctx) {
        return 1;
    }
    let passwd = users::passwd(ctx.fs);
    if passwd.iter().any(|e| e.name == *name) {
        ctx.error(format!("user '{name}' already exists"));
        return 9;
    }

    let uid = match useradd_uid(ctx, &parsed) {
        Ok(uid) => uid,
        Err(status) => return status,
    };
    let gid = match useradd_gid(ctx, &parsed, name, uid) {
        Ok(gid) => gid,
        Err(status) => return status,
    };
    if let Some(list) = parsed.value('G', "groups") {
        for group in list.split(',').filter(|g| !g.is_empty()) {
            if !add_member(ctx, group, name) {
                ctx.error(format!("group '{group}' does not exist"));
                return 6;
            }
        }
    }

    let home = parsed
        .value('d', "home-dir")
        .map_or_else(|| format!("/home/{name}"), str::to_string);
    let shell = parsed
        .value('s', "shell")
        .map_or_else(|| default_shell(ctx), str::to_string);
    let user = NewUser {
        name,
        uid,
        gid,
        gecos: parsed.value('c', "comment").unwrap_or_default(),
        home: &home,
        shell: &shell,
    };
    write_user(ctx, &user, "!");

    if parsed.has('m') && !ctx.fs.exists(&home) {
        make_home(ctx, &home, "/etc/skel", uid, gid, 0o755);
    }
    ctx.advance(30);
    0
}

/// Returns the UID from `-u`, or the next one for the account kind. `Err`
/// is useradd's exit status.
fn useradd_uid(ctx: &mut Ctx, parsed: &Parsed) -> Result<u32, i32> {
    let uids = used_uids(ctx);
    let Some(text) = parsed.value('u', "uid") else {
        return Ok(match parsed.has('r') {
            true => free_id_down(&uids, 100..=999),
            false => next_id(&uids, 1000..=60000),
        });
    };
    match text.parse::<u32>() {
        Ok(uid) if uids.contains(&uid) && !parsed.has('o') => {
            ctx.error(format!("UID {uid} is not unique"));
            Err(4)
        }
        Ok(uid) => Ok(uid),
        Err(_) => {
            ctx.error(format!("invalid user ID '{text}'"));
            Err(3)
        }
    }
}

/// Returns the primary GID: the `-g` group, 100 for `-N`, or a
/// new group named after the user. `Err` is useradd's exit status.
fn useradd_gid(ctx: &mut Ctx, parsed: &Parsed, name: &str, uid: u32) -> Result<u32, i32> {
    if let Some(group) = parsed.value('g', "gid") {
        let gid = users::group_id(ctx.fs, group)
            .filter(|gid| group.parse::<u32>().is_err() || used_gids(ctx).contains(gid));
        return gid.ok_or_else(|| {
            ctx.error(format!("group '{group}' does not exist"));
            6
        });
    }
    if parsed.has('N') {
        return Ok(100);
    }
    if users::groups(ctx.fs).iter().any(|g| g.name == name) {
        ctx.error(format!(
            "group {name} exists - if you want to add this user to that group, use -g."
        ));
        return Err(9);
    }

    let gids = used_gids(ctx);
    let gid = match gids.contains(&uid) {
        false => uid,
        true if parsed.has('r') => free_id_down(&gids, 100..=999),
        true => next_id(&gids, 1000..=60000),
    };
    append_line(ctx, "/etc/group", &format!("{name}:x:{gid}:"));
    if ctx.fs.exists("/etc/gshadow") {
        append_line(ctx, "/etc/gshadow", &format!("{name}:!::"));
    }
    Ok(gid)
}

/// Returns `SHELL` from `/etc/default/useradd`, or `/bin/sh`.
fn default_shell(ctx: &Ctx) -> String {
    let Ok(Content::Text(text)) = ctx.fs.read("/etc/default/useradd") else {
        return "/bin/sh".to_string();
    };
    text.lines()
        .find_map(|line| line.trim().strip_prefix("SHELL="))
        .map_or_else(|| "/bin/sh".to_string(), str::to_string)
}

/// Runs `groupadd`, which adds a group to `/etc/group` and `/etc/gshadow`.
pub(crate) fn groupadd(ctx: &mut Ctx) -> i32 {
    const SPEC: Spec = Spec {
        flags: "rfo",
        valued: "gKp",
        long_flags: &[("system", 'r'), ("force", 'f'), ("non-unique", 'o')],
        long_valued: &[("gid", 'g'), ("key", 'K'), ("password", 'p')],
    };
    let Ok(parsed) = parse_or_usage(ctx, &SPEC, 2) else {
        return 2;
    };
    let [name] = parsed.operands.as_slice() else {
        ctx.errln("Usage: groupadd [options] GROUP");
        return 2;
    };
    if !require_root(ctx) {
        return 10;
    }

    let groups = users::groups(ctx.fs);
    if groups.iter().any(|g| g.name == *name) {
        if parsed.has('f') {
            return 0;
        }
        ctx.error(format!("group '{name}' already exists"));
        return 9;
    }
    let gids = used_gids(ctx);
    let gid = match parsed.value('g', "gid") {
        Some(text) => match text.parse::<u32>() {
            Ok(gid) if gids.contains(&gid) && !parsed.has('o') => {
                ctx.error(format!("GID '{gid}' already exists"));
                return 4;
            }
            Ok(gid) => gid,
            Err(_) => {
                ctx.error(format!("invalid group ID '{text}'"));
                return 3;
            }
        },
        None if parsed.has('r') => free_id_down(&gids, 100..=999),
        None => next_id(&gids, 1000..=60000),
    };

    append_line(ctx, "/etc/group", &format!("{name}:x:{gid}:"));
    if ctx.fs.exists("/etc/gshadow") {
        append_line(ctx, "/etc/gshadow", &format!("{name}:!::"));
    }
    ctx.advance(20);
    0
}
