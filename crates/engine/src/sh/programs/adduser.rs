//! `adduser` and `addgroup`: Debian's Perl scripts, or BusyBox's applets
//! on Alpine (after `loginutils/adduser.c`), which count new IDs up from
//! 100 for system accounts and 1000 for others.

use super::accounts::{
    add_member, append_line, free_id_up, make_home, used_gids, used_uids, write_user, NewUser,
};
use super::args::{parse_or_usage, Parsed, Spec};
use crate::sh::ctx::Ctx;
use crate::sh::users::{self, GroupEntry, PasswdEntry};

/// Runs `adduser` as Debian's Perl script or BusyBox's applet, by flavor.
pub(crate) fn adduser(ctx: &mut Ctx) -> i32 {
    match ctx.flavor {
        super::super::ctx::Flavor::Busybox => busybox_adduser(ctx),
        super::super::ctx::Flavor::Gnu => debian_adduser(ctx),
    }
}

/// Runs `addgroup` as Debian's Perl script or BusyBox's applet, by flavor.
pub(crate) fn addgroup(ctx: &mut Ctx) -> i32 {
    match ctx.flavor {
        super::super::ctx::Flavor::Busybox => busybox_addgroup(ctx),
        super::super::ctx::Flavor::Gnu => debian_addgroup(ctx),
    }
}

fn busybox_adduser(ctx: &mut Ctx) -> i32 {
    const SPEC: Spec = Spec {
        flags: "DSH",
        valued: "hgsGuk",
        long_flags: &[
            ("disabled-password", 'D'),
            ("empty-password", 'D'),
            ("system", 'S'),
            ("no-create-home", 'H'),
        ],
        long_valued: &[
            ("home", 'h'),
            ("gecos", 'g'),
            ("shell", 's'),
            ("ingroup", 'G'),
            ("uid", 'u'),
            ("skel", 'k'),
        ],
    };
    let Ok(parsed) = parse_or_usage(ctx, &SPEC, 1) else {
        return 1;
    };
    let Some(name) = parsed.operands.first().cloned() else {
        return super::args::missing_operand(ctx);
    };
    if ctx.identity().uid != 0 {
        ctx.error("permission denied (are you root?)");
        return 1;
    }
    if parsed.opts.is_empty() {
        if let Some(group) = parsed.operands.get(1) {
            return busybox_add_member(ctx, group, &name);
        }
    }
    if users::find_user(ctx.fs, &name).is_some_and(|e| e.name == name) {
        ctx.error(format!("user '{name}' in use"));
        return 1;
    }

    let system = parsed.has('S');
    let Ok(group) = busybox_group(ctx, &parsed, system) else {
        return 1;
    };
    let Some(uid) = busybox_uid(ctx, &parsed, system, group.is_some()) else {
        return 1;
    };
    let gid = match &group {
        Some((group, gid)) => {
            add_member(ctx, group, &name);
            *gid
        }
        None => {
            if users::groups(ctx.fs).iter().any(|g| g.name == name) {
                ctx.error(format!("group '{name}' in use"));
                return 1;
            }
            append_line(ctx, "/etc/group", &format!("{name}:x:{uid}:"));
            uid
        }
    };

    let root_shell =
        users::find_user(ctx.fs, "root").map_or_else(|| "/bin/sh".to_string(), |e| e.shell);
    let shell = match (parsed.value('s', "shell"), system) {
        (Some(shell), _) => shell.to_string(),
        (None, true) => "/bin/false".to_string(),
        (None, false) => root_shell,
    };
    let home = parsed
        .value('h', "home")
        .map_or_else(|| format!("/home/{name}"), str::to_string);
    let user = NewUser {
        name: &name,
        uid,
        gid,
        gecos: parsed.value('g', "gecos").unwrap_or("Linux User,,,"),
        home: &home,
        shell: &shell,
    };
    write_user(ctx, &user, "!");

    if !parsed.has('H') {
        let skel = parsed.value('k', "skel").unwrap_or("/etc/skel").to_string();
        make_home(ctx, &home, &skel, uid, gid, 0o2755);
    }
    // -S implies -D: system accounts get no password prompt.
    if !parsed.has('D') && !system {
        ctx.not_simulated("setting a password interactively is not modelled");
    }
    ctx.advance(20);
    0
}

/// Adds an existing user to a group, as `adduser USER GROUP` does.
fn busybox_add_member(ctx: &mut Ctx, group: &str, name: &str) -> i32 {
    if add_member(ctx, group, name) {
        return 0;
    }
    ctx.error(format!("unknown group {group}"));
    1
}

/// Returns the group named by `-G`, or `nogroup` for system users, with its
/// GID. `Ok(None)` means the user gets a group of its own.
fn busybox_group(
    ctx: &mut Ctx,
    parsed: &Parsed,
    system: bool,
) -> Result<Option<(String, u32)>, ()> {
    let group = match parsed.value('G', "ingroup") {
        Some(group) => group.to_string(),
        None if system => "nogroup".to_string(),
        None => return Ok(None),
    };
    match users::group_id(ctx.fs, &group) {
        Some(gid) => Ok(Some((group, gid))),
        None => {
            ctx.error(format!("unknown group {group}"));
            Err(())
        }
    }
}

/// Returns the UID from `-u`, or the first one free counting up. Without a
/// named group the UID is also the new group's GID, so it must be free there.
fn busybox_uid(ctx: &mut Ctx, parsed: &Parsed, system: bool, has_group: bool) -> Option<u32> {
    let uids = used_uids(ctx);
    let gids = used_gids(ctx);
    let free = |id: &u32| !uids.contains(id) && (has_group || !gids.contains(id));
    match parsed.value('u', "uid").map(str::parse::<u32>) {
        Some(Ok(uid)) if uids.contains(&uid) => {
            ctx.error(format!("uid '{uid}' in use"));
            None
        }
        Some(Ok(uid)) => Some(uid),
        Some(Err(_)) => {
            ctx.error("invalid number");
            None
        }
        None if system => Some((100..=999).find(free).unwrap_or(999)),
        None => Some((1000..=60000).find(free).unwrap_or(60000)),
    }
}

fn busybox_addgroup(ctx: &mut Ctx) -> i32 {
    const SPEC: Spec = Spec {
        flags: "S",
        valued: "g",
        long_flags: &[("system", 'S')],
        long_valued: &[("gid", 'g')],
    };
    let Ok(parsed) = parse_or_usage(ctx, &SPEC, 1) else {
        return 1;
    };
    match parsed.operands.as_slice() {
        [user, group] => match add_member(ctx, group, user) {
            true => 0,
            false => {
                ctx.error(format!("unknown group {group}"));
                1
            }
        },
        [name] => {
            if users::groups(ctx.fs).iter().any(|g| g.name == *name) {
                ctx.error(format!("group '{name}' in use"));
                return 1;
            }
            let gids = used_gids(ctx);
            let gid = match parsed.value('g', "gid").map(str::parse::<u32>) {
                Some(Ok(gid)) if gids.contains(&gid) => {
                    ctx.error(format!("gid '{gid}' in use"));
                    return 1;
                }
                Some(Ok(gid)) => gid,
                Some(Err(_)) => {
                    ctx.error("invalid number");
                    return 1;
                }
                None if parsed.has('S') => free_id_up(&gids, 100..=999),
                None => free_id_up(&gids, 1000..=60000),
            };
            append_line(ctx, "/etc/group", &format!("{name}:x:{gid}:"));
            0
        }
        _ => super::args::missing_operand(ctx),
    }
}

fn debian_adduser(ctx: &mut Ctx) -> i32 {
    const SPEC: Spec = Spec {
        flags: "q",
        valued: "",
        long_flags: &[
            ("disabled-password", '\0'),
            ("disabled-login", '\0'),
            ("system", '\0'),
            ("no-create-home", '\0'),
            ("quiet", 'q'),
            ("group", '\0'),
        ],
        long_valued: &[
            ("gecos", '\0'),
            ("comment", '\0'),
            ("home", '\0'),
            ("shell", '\0'),
            ("uid", '\0'),
            ("gid", '\0'),
            ("ingroup", '\0'),
        ],
    };
    let Ok(parsed) = parse_or_usage(ctx, &SPEC, 1) else {
        return 1;
    };
    let (Some(name), 1..=2) = (parsed.operands.first().cloned(), parsed.operands.len()) else {
        ctx.errln("adduser: Only one or two names allowed.");
        return 1;
    };
    if let Some(group) = parsed.operands.get(1) {
        return debian_add_member(ctx, group, &name);
    }
    let system = parsed.has_long("system");
    if users::passwd(ctx.fs)
        .iter()
        .any(|e: &PasswdEntry| e.name == name)
    {
        return debian_user_exists(ctx, &name, system);
    }

    let uids = used_uids(ctx);
    let uid = match parsed.value('\0', "uid").and_then(|u| u.parse().ok()) {
        Some(uid) => uid,
        None if system => free_id_up(&uids, 100..=999),
        None => free_id_up(&uids, 1000..=59999),
    };
    let kind = if system { "system " } else { "" };
    let mut messages = vec![format!("info: Adding {kind}user `{name}' ...")];
    let Some((gid, group_name)) = debian_group(ctx, &parsed, &name, uid, &mut messages) else {
        return 1;
    };
    messages.push(format!(
        "info: Adding new user `{name}' ({uid}) with group `{group_name} ({gid})' ..."
    ));

    let home = parsed
        .value('\0', "home")
        .map_or_else(|| format!("/home/{name}"), str::to_string);
    let default_shell = if system {
        "/usr/sbin/nologin"
    } else {
        "/bin/bash"
    };
    let user = NewUser {
        name: &name,
        uid,
        gid,
        gecos: parsed
            .value('\0', "gecos")
            .or(parsed.value('\0', "comment"))
            .unwrap_or(",,,"),
        home: &home,
        shell: parsed.value('\0', "shell").unwrap_or(default_shell),
    };
    write_user(ctx, &user, "*");

    if !parsed.has_long("no-create-home") && !system {
        messages.push(format!("info: Creating home directory `{home}' ..."));
        messages.push("info: Copying files from `/etc/skel' ...".to_string());
        make_home(ctx, &home, "/etc/skel", uid, gid, 0o755);
    }
    if !system && !parsed.has_long("disabled-password") && !parsed.has_long("disabled-login") {
        ctx.not_simulated("setting a password interactively is not modelled");
    }
    if !parsed.has('q') {
        for message in messages {
            ctx.outln(message);
        }
    }
    ctx.advance(120);
    0
}

/// Adds an existing user to a group, as `adduser USER GROUP` does.
fn debian_add_member(ctx: &mut Ctx, group: &str, name: &str) -> i32 {
    if !add_member(ctx, group, name) {
        ctx.errln(format!("fatal: The group `{group}' does not exist."));
        return 1;
    }
    ctx.outln(format!("info: Adding user `{name}' to group `{group}' ..."));
    0
}

/// Reports an existing user: an error, except for `--system`, where
/// adduser exits successfully.
fn debian_user_exists(ctx: &mut Ctx, name: &str, system: bool) -> i32 {
    if system {
        ctx.outln(format!(
            "info: The system user `{name}' already exists. Exiting."
        ));
        return 0;
    }
    ctx.errln(format!("fatal: The user `{name}' already exists."));
    1
}

/// Returns the new user's primary GID and group name: the `--ingroup`
/// group, `nogroup` for system users, or a new group named after the user.
fn debian_group(
    ctx: &mut Ctx,
    parsed: &Parsed,
    name: &str,
    uid: u32,
    messages: &mut Vec<String>,
) -> Option<(u32, String)> {
    if let Some(group) = parsed.value('\0', "ingroup") {
        let entry = users::groups(ctx.fs)
            .into_iter()
            .find(|g: &GroupEntry| g.name == group);
        if entry.is_none() {
            ctx.errln(format!("fatal: The group `{group}' does not exist."));
        }
        return entry.map(|entry| (entry.gid, group.to_string()));
    }
    if parsed.has_long("system") && !parsed.has_long("group") {
        return Some((65534, "nogroup".to_string()));
    }

    let gids = used_gids(ctx);
    let free_gid = if gids.contains(&uid) {
        free_id_up(&gids, 1000..=59999)
    } else {
        uid
    };
    let gid = parsed
        .value('\0', "gid")
        .and_then(|g| g.parse().ok())
        .unwrap_or(free_gid);
    messages.push(format!("info: Adding new group `{name}' ({gid}) ..."));
    append_line(ctx, "/etc/group", &format!("{name}:x:{gid}:"));
    Some((gid, name.to_string()))
}

fn debian_addgroup(ctx: &mut Ctx) -> i32 {
    let args = ctx.args().to_vec();
    let system = args.iter().any(|a| a == "--system");
    let names: Vec<&String> = args.iter().filter(|a| !a.starts_with("--")).collect();
    let Some(name) = names.first().map(|n| n.to_string()) else {
        ctx.errln("fatal: Only one or two names allowed.");
        return 1;
    };
    if users::groups(ctx.fs).iter().any(|g| g.name == name) {
        ctx.errln(format!("fatal: The group `{name}' already exists."));
        return 1;
    }
    let gids = used_gids(ctx);
    let gid = match system {
        true => free_id_up(&gids, 100..=999),
        false => free_id_up(&gids, 1000..=59999),
    };
    ctx.outln(format!("info: Adding group `{name}' (GID {gid}) ..."));
    append_line(ctx, "/etc/group", &format!("{name}:x:{gid}:"));
    0
}
