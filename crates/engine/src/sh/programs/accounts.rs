//! Users and groups: `id`, `whoami`, shadow-utils' `useradd` and
//! `groupadd` (Debian, Ubuntu), Debian's `adduser`, and BusyBox's
//! `adduser` and `addgroup` (Alpine). They write `/etc/passwd`,
//! `/etc/group`, `/etc/shadow` and home directories as the real tools do.
//!
//! ID allocation: shadow-utils gives a new user the highest UID in use in
//! 1000–60000 plus one, and a system user the highest free ID counting down
//! from 999; Debian's `adduser --system` and BusyBox count up from 100.

use super::super::ctx::Ctx;
use super::super::users::{self, GroupEntry, PasswdEntry};
use super::args::{parse_or_usage, Spec};
use crate::fs::{Content, FileType, Owner, Recursion};

pub(crate) fn id(ctx: &mut Ctx) -> i32 {
    let args = ctx.args().to_vec();
    let flags: String = args
        .iter()
        .filter(|a| a.starts_with('-'))
        .map(|a| a.trim_start_matches('-').to_string())
        .collect();
    let names: Vec<&String> = args.iter().filter(|a| !a.starts_with('-')).collect();
    let (uid, gid, name) = match names.first() {
        Some(user) => match users::find_user(ctx.fs, user) {
            Some(entry) => (entry.uid, entry.gid, Some(entry.name)),
            None => {
                let message = match ctx.flavor {
                    super::super::ctx::Flavor::Gnu => format!("'{user}': no such user"),
                    super::super::ctx::Flavor::Busybox => format!("unknown user {user}"),
                };
                ctx.error(message);
                return 1;
            }
        },
        None => {
            let identity = ctx.identity();
            (
                identity.uid,
                identity.gid,
                users::user_name(ctx.fs, identity.uid),
            )
        }
    };
    let groups = users::group_list(ctx.fs, name.as_deref(), gid);
    let named = |id: u32, name: &Option<String>| match name {
        Some(name) => format!("{id}({name})"),
        None => id.to_string(),
    };
    let use_names = flags.contains('n');
    let line = if flags.contains('u') {
        match (use_names, &name) {
            (true, Some(name)) => name.clone(),
            _ => uid.to_string(),
        }
    } else if flags.contains('G') {
        groups
            .iter()
            .map(|(id, group)| match (use_names, group) {
                (true, Some(group)) => group.clone(),
                _ => id.to_string(),
            })
            .collect::<Vec<_>>()
            .join(" ")
    } else if flags.contains('g') {
        match (use_names, &groups[0].1) {
            (true, Some(group)) => group.clone(),
            _ => gid.to_string(),
        }
    } else {
        let list: Vec<String> = groups.iter().map(|(id, group)| named(*id, group)).collect();
        format!(
            "uid={} gid={} groups={}",
            named(uid, &name),
            named(gid, &groups[0].1),
            list.join(",")
        )
    };
    ctx.outln(line);
    0
}

pub(crate) fn whoami(ctx: &mut Ctx) -> i32 {
    let identity = ctx.identity();
    match users::user_name(ctx.fs, identity.uid) {
        Some(name) => {
            ctx.outln(name);
            0
        }
        None => {
            ctx.error(format!("cannot find name for user ID {}", identity.uid));
            1
        }
    }
}

/// Days since the epoch, the unit of `/etc/shadow`'s last-change field.
fn days(ctx: &Ctx) -> u64 {
    (ctx.system.now() + ctx.run.elapsed) / 86_400_000
}

fn append_line(ctx: &mut Ctx, path: &str, line: &str) {
    let mut text = match ctx.fs.read(path) {
        Ok(Content::Text(text)) => text.clone(),
        _ => String::new(),
    };
    if !text.is_empty() && !text.ends_with('\n') {
        text.push('\n');
    }
    text.push_str(line);
    text.push('\n');
    let _ = ctx.fs.write(path, Content::Text(text));
}

/// Returns the highest ID in use within `range` plus one, or the start of
/// the range.
fn next_id(used: &[u32], range: std::ops::RangeInclusive<u32>) -> u32 {
    used.iter()
        .copied()
        .filter(|id| range.contains(id))
        .max()
        .map_or(*range.start(), |max| max + 1)
}

/// Returns the first free ID counting down from the end of `range`.
fn free_id_down(used: &[u32], range: std::ops::RangeInclusive<u32>) -> u32 {
    range
        .clone()
        .rev()
        .find(|id| !used.contains(id))
        .unwrap_or(*range.start())
}

/// Returns the first free ID counting up from the start of `range`.
fn free_id_up(used: &[u32], range: std::ops::RangeInclusive<u32>) -> u32 {
    range
        .clone()
        .find(|id| !used.contains(id))
        .unwrap_or(*range.end())
}

fn used_uids(ctx: &Ctx) -> Vec<u32> {
    users::passwd(ctx.fs).iter().map(|e| e.uid).collect()
}

fn used_gids(ctx: &Ctx) -> Vec<u32> {
    users::groups(ctx.fs).iter().map(|e| e.gid).collect()
}

fn require_root(ctx: &mut Ctx) -> bool {
    if ctx.identity().uid == 0 {
        return true;
    }
    ctx.error("Permission denied.");
    ctx.error("cannot lock /etc/passwd; try again later.");
    false
}

/// Creates a home directory from a skeleton, owned by the user.
fn make_home(ctx: &mut Ctx, home: &str, skel: &str, uid: u32, gid: u32, mode: u32) {
    let _ = ctx.fs.mkdir_all(home);
    if ctx
        .fs
        .stat(skel)
        .is_ok_and(|m| m.file_type == FileType::Directory)
    {
        if let Ok(entries) = ctx.fs.list(skel) {
            for entry in entries {
                let _ = ctx.fs.copy(
                    &format!("{skel}/{}", entry.name),
                    home,
                    Recursion::Recursive,
                );
            }
        }
    }
    let owner = Owner {
        uid: Some(uid),
        gid: Some(gid),
    };
    let _ = ctx.fs.chown(home, owner, Recursion::Recursive);
    let _ = ctx.fs.chmod(home, mode, Recursion::Single);
}

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
    let system = parsed.has('r');
    let uids = used_uids(ctx);
    let uid = match parsed.value('u', "uid") {
        Some(text) => match text.parse::<u32>() {
            Ok(uid) if uids.contains(&uid) && !parsed.has('o') => {
                ctx.error(format!("UID {uid} is not unique"));
                return 4;
            }
            Ok(uid) => uid,
            Err(_) => {
                ctx.error(format!("invalid user ID '{text}'"));
                return 3;
            }
        },
        None if system => free_id_down(&uids, 100..=999),
        None => next_id(&uids, 1000..=60000),
    };
    let gid = match parsed.value('g', "gid") {
        Some(group) => match users::group_id(ctx.fs, group)
            .filter(|gid| group.parse::<u32>().is_err() || used_gids(ctx).contains(gid))
        {
            Some(gid) => gid,
            None => {
                ctx.error(format!("group '{group}' does not exist"));
                return 6;
            }
        },
        None if parsed.has('N') => 100,
        None => {
            let groups = users::groups(ctx.fs);
            if groups.iter().any(|g| g.name == *name) {
                ctx.error(format!(
                    "group {name} exists - if you want to add this user to that group, use -g."
                ));
                return 9;
            }
            let gids = used_gids(ctx);
            let gid = match gids.contains(&uid) {
                false => uid,
                true if system => free_id_down(&gids, 100..=999),
                true => next_id(&gids, 1000..=60000),
            };
            append_line(ctx, "/etc/group", &format!("{name}:x:{gid}:"));
            if ctx.fs.exists("/etc/gshadow") {
                append_line(ctx, "/etc/gshadow", &format!("{name}:!::"));
            }
            gid
        }
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
    let comment = parsed.value('c', "comment").unwrap_or_default().to_string();
    append_line(
        ctx,
        "/etc/passwd",
        &format!("{name}:x:{uid}:{gid}:{comment}:{home}:{shell}"),
    );
    if ctx.fs.exists("/etc/shadow") {
        let line = format!("{name}:!:{}:0:99999:7:::", days(ctx));
        append_line(ctx, "/etc/shadow", &line);
    }
    if parsed.has('m') && !ctx.fs.exists(&home) {
        make_home(ctx, &home, "/etc/skel", uid, gid, 0o755);
    }
    ctx.advance(30);
    0
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

/// Adds `user` to the member list of `group`; returns false if there is no
/// such group.
fn add_member(ctx: &mut Ctx, group: &str, user: &str) -> bool {
    let Ok(Content::Text(text)) = ctx.fs.read("/etc/group").cloned() else {
        return false;
    };
    let mut found = false;
    let lines: Vec<String> = text
        .lines()
        .map(|line| {
            let fields: Vec<&str> = line.split(':').collect();
            let matches = fields.len() == 4 && (fields[0] == group || fields[2] == group);
            if !matches {
                return line.to_string();
            }
            found = true;
            let members: Vec<&str> = fields[3].split(',').filter(|m| !m.is_empty()).collect();
            if members.contains(&user) {
                return line.to_string();
            }
            let separator = if members.is_empty() { "" } else { "," };
            format!("{line}{separator}{user}")
        })
        .collect();
    if found {
        let _ = ctx
            .fs
            .write("/etc/group", Content::Text(lines.join("\n") + "\n"));
    }
    found
}

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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn id_allocation() {
        assert_eq!(next_id(&[0, 1, 65534], 1000..=60000), 1000);
        assert_eq!(next_id(&[0, 1000, 1005], 1000..=60000), 1006);
        assert_eq!(free_id_down(&[999, 998], 100..=999), 997);
        assert_eq!(free_id_up(&[100, 101], 100..=999), 102);
    }
}
