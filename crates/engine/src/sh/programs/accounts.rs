//! Users and groups: `id` and `whoami`, and the helpers `useradd`,
//! `groupadd`, `adduser` and `addgroup` share to write `/etc/passwd`,
//! `/etc/group`, `/etc/shadow` and home directories as the real tools do.

use crate::fs::{Content, FileType, Owner, Recursion};
use crate::sh::ctx::Ctx;
use crate::sh::users;

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
pub(super) fn days(ctx: &Ctx) -> u64 {
    (ctx.system.now() + ctx.run.elapsed) / 86_400_000
}

/// Appends `line` to the text file at `path`, creating it if missing.
pub(super) fn append_line(ctx: &mut Ctx, path: &str, line: &str) {
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

/// A new user's `/etc/passwd` fields.
pub(super) struct NewUser<'a> {
    pub name: &'a str,
    pub uid: u32,
    pub gid: u32,
    pub gecos: &'a str,
    pub home: &'a str,
    pub shell: &'a str,
}

/// Appends `user` to `/etc/passwd`, and to `/etc/shadow` with `password`
/// (`!` or `*`, both locked) when that file exists.
pub(super) fn write_user(ctx: &mut Ctx, user: &NewUser, password: &str) {
    let NewUser {
        name,
        uid,
        gid,
        gecos,
        home,
        shell,
    } = user;
    let entry = format!("{name}:x:{uid}:{gid}:{gecos}:{home}:{shell}");
    append_line(ctx, "/etc/passwd", &entry);

    if ctx.fs.exists("/etc/shadow") {
        let line = format!("{name}:{password}:{}:0:99999:7:::", days(ctx));
        append_line(ctx, "/etc/shadow", &line);
    }
}

/// Returns the highest ID in use within `range` plus one, or the start of
/// the range.
pub(super) fn next_id(used: &[u32], range: std::ops::RangeInclusive<u32>) -> u32 {
    used.iter()
        .copied()
        .filter(|id| range.contains(id))
        .max()
        .map_or(*range.start(), |max| max + 1)
}

/// Returns the first free ID counting down from the end of `range`.
pub(super) fn free_id_down(used: &[u32], range: std::ops::RangeInclusive<u32>) -> u32 {
    range
        .clone()
        .rev()
        .find(|id| !used.contains(id))
        .unwrap_or(*range.start())
}

/// Returns the first free ID counting up from the start of `range`.
pub(super) fn free_id_up(used: &[u32], range: std::ops::RangeInclusive<u32>) -> u32 {
    range
        .clone()
        .find(|id| !used.contains(id))
        .unwrap_or(*range.end())
}

/// Returns the UIDs in `/etc/passwd`.
pub(super) fn used_uids(ctx: &Ctx) -> Vec<u32> {
    users::passwd(ctx.fs).iter().map(|e| e.uid).collect()
}

/// Returns the GIDs in `/etc/group`.
pub(super) fn used_gids(ctx: &Ctx) -> Vec<u32> {
    users::groups(ctx.fs).iter().map(|e| e.gid).collect()
}

/// Returns true for root, and otherwise prints shadow-utils' lock failure.
pub(super) fn require_root(ctx: &mut Ctx) -> bool {
    if ctx.identity().uid == 0 {
        return true;
    }
    ctx.error("Permission denied.");
    ctx.error("cannot lock /etc/passwd; try again later.");
    false
}

/// Creates a home directory from a skeleton, owned by the user.
pub(super) fn make_home(ctx: &mut Ctx, home: &str, skel: &str, uid: u32, gid: u32, mode: u32) {
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

/// Adds `user` to the member list of `group`, and returns false if there
/// is no such group.
pub(super) fn add_member(ctx: &mut Ctx, group: &str, user: &str) -> bool {
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
