//! `adduser` and `addgroup`: Debian's Perl scripts, or BusyBox's applets
//! on Alpine (after `loginutils/adduser.c`), which count new IDs up from
//! 100 for system accounts and 1000 for others.

use super::accounts::{add_member, append_line, days, free_id_up, make_home, used_gids, used_uids};
use super::args::{parse_or_usage, Spec};
use crate::sh::ctx::Ctx;
use crate::sh::users::{self, GroupEntry, PasswdEntry};

/// `adduser`: Debian's Perl script or BusyBox's applet, by flavor.
pub(crate) fn adduser(ctx: &mut Ctx) -> i32 {
    match ctx.flavor {
        super::super::ctx::Flavor::Busybox => busybox_adduser(ctx),
        super::super::ctx::Flavor::Gnu => debian_adduser(ctx),
    }
}

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
            return match add_member(ctx, group, &name) {
                true => 0,
                false => {
                    ctx.error(format!("unknown group {group}"));
                    1
                }
            };
        }
    }
    if users::find_user(ctx.fs, &name).is_some_and(|e| e.name == name) {
        ctx.error(format!("user '{name}' in use"));
        return 1;
    }
    let system = parsed.has('S');
    let mut group = parsed.value('G', "ingroup").map(str::to_string);
    if system && group.is_none() {
        group = Some("nogroup".to_string());
    }
    let gid = match &group {
        Some(group) => match users::group_id(ctx.fs, group) {
            Some(gid) => Some(gid),
            None => {
                ctx.error(format!("unknown group {group}"));
                return 1;
            }
        },
        None => None,
    };
    let uids = used_uids(ctx);
    let gids = used_gids(ctx);
    let uid = match parsed.value('u', "uid").map(str::parse::<u32>) {
        Some(Ok(uid)) if uids.contains(&uid) => {
            ctx.error(format!("uid '{uid}' in use"));
            return 1;
        }
        Some(Ok(uid)) => uid,
        Some(Err(_)) => {
            ctx.error("invalid number");
            return 1;
        }
        None if system => (100..=999)
            .find(|id| !uids.contains(id) && (gid.is_some() || !gids.contains(id)))
            .unwrap_or(999),
        None => (1000..=60000)
            .find(|id| !uids.contains(id) && (gid.is_some() || !gids.contains(id)))
            .unwrap_or(60000),
    };
    let gid = match gid {
        Some(gid) => gid,
        None => {
            if users::groups(ctx.fs).iter().any(|g| g.name == name) {
                ctx.error(format!("group '{name}' in use"));
                return 1;
            }
            append_line(ctx, "/etc/group", &format!("{name}:x:{uid}:"));
            uid
        }
    };
    if let Some(group) = &group {
        add_member(ctx, group, &name);
    }
    let root_shell =
        users::find_user(ctx.fs, "root").map_or_else(|| "/bin/sh".to_string(), |e| e.shell);
    let shell = match (parsed.value('s', "shell"), system) {
        (Some(shell), _) => shell.to_string(),
        (None, true) => "/bin/false".to_string(),
        (None, false) => root_shell,
    };
    let gecos = parsed
        .value('g', "gecos")
        .unwrap_or("Linux User,,,")
        .to_string();
    let home = parsed
        .value('h', "home")
        .map_or_else(|| format!("/home/{name}"), str::to_string);
    append_line(
        ctx,
        "/etc/passwd",
        &format!("{name}:x:{uid}:{gid}:{gecos}:{home}:{shell}"),
    );
    if ctx.fs.exists("/etc/shadow") {
        let line = format!("{name}:!:{}:0:99999:7:::", days(ctx));
        append_line(ctx, "/etc/shadow", &line);
    }
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
    let Some(name) = parsed.operands.first().cloned() else {
        ctx.errln("adduser: Only one or two names allowed.");
        return 1;
    };
    if parsed.operands.len() == 2 {
        let group = parsed.operands[1].clone();
        if !add_member(ctx, &group, &name) {
            ctx.errln(format!("fatal: The group `{group}' does not exist."));
            return 1;
        }
        ctx.outln(format!("info: Adding user `{name}' to group `{group}' ..."));
        return 0;
    }
    let system = parsed.has_long("system");
    if users::passwd(ctx.fs)
        .iter()
        .any(|e: &PasswdEntry| e.name == name)
    {
        match system {
            true => ctx.outln(format!(
                "info: The system user `{name}' already exists. Exiting."
            )),
            false => ctx.errln(format!("fatal: The user `{name}' already exists.")),
        }
        return i32::from(!system);
    }
    let quiet = parsed.has('q');
    let uids = used_uids(ctx);
    let gids = used_gids(ctx);
    let uid = match parsed.value('\0', "uid").and_then(|u| u.parse().ok()) {
        Some(uid) => uid,
        None if system => free_id_up(&uids, 100..=999),
        None => free_id_up(&uids, 1000..=59999),
    };
    let mut messages = vec![format!(
        "info: Adding {}user `{name}' ...",
        if system { "system " } else { "" }
    )];
    let (gid, group_name) = match parsed.value('\0', "ingroup").map(str::to_string) {
        Some(group) => match users::groups(ctx.fs)
            .into_iter()
            .find(|g: &GroupEntry| g.name == group)
        {
            Some(entry) => (entry.gid, group),
            None => {
                ctx.errln(format!("fatal: The group `{group}' does not exist."));
                return 1;
            }
        },
        None if system && !parsed.has_long("group") => (65534, "nogroup".to_string()),
        None => {
            let gid = parsed
                .value('\0', "gid")
                .and_then(|g| g.parse().ok())
                .unwrap_or(if gids.contains(&uid) {
                    free_id_up(&gids, 1000..=59999)
                } else {
                    uid
                });
            messages.push(format!("info: Adding new group `{name}' ({gid}) ..."));
            append_line(ctx, "/etc/group", &format!("{name}:x:{gid}:"));
            (gid, name.clone())
        }
    };
    messages.push(format!(
        "info: Adding new user `{name}' ({uid}) with group `{group_name} ({gid})' ..."
    ));
    let home = parsed
        .value('\0', "home")
        .map_or_else(|| format!("/home/{name}"), str::to_string);
    let shell = parsed.value('\0', "shell").map_or_else(
        || {
            if system {
                "/usr/sbin/nologin".to_string()
            } else {
                "/bin/bash".to_string()
            }
        },
        str::to_string,
    );
    let gecos = parsed
        .value('\0', "gecos")
        .or(parsed.value('\0', "comment"))
        .unwrap_or(",,,")
        .to_string();
    append_line(
        ctx,
        "/etc/passwd",
        &format!("{name}:x:{uid}:{gid}:{gecos}:{home}:{shell}"),
    );
    if ctx.fs.exists("/etc/shadow") {
        let line = format!("{name}:*:{}:0:99999:7:::", days(ctx));
        append_line(ctx, "/etc/shadow", &line);
    }
    if !parsed.has_long("no-create-home") && !system {
        messages.push(format!("info: Creating home directory `{home}' ..."));
        messages.push("info: Copying files from `/etc/skel' ...".to_string());
        make_home(ctx, &home, "/etc/skel", uid, gid, 0o755);
    }
    if !system && !parsed.has_long("disabled-password") && !parsed.has_long("disabled-login") {
        ctx.not_simulated("setting a password interactively is not modelled");
    }
    if !quiet {
        for message in messages {
            ctx.outln(message);
        }
    }
    ctx.advance(120);
    0
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
