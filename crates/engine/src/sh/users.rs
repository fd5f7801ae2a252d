//! Users and groups from `/etc/passwd` and `/etc/group`, and the identity a
//! `USER` value (`app`, `1000`, `app:staff`, `1000:1000`) resolves to, as
//! runc's user lookup does when it starts a process.

use crate::fs::Overlay;

/// One line of `/etc/passwd`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct PasswdEntry {
    pub name: String,
    pub uid: u32,
    pub gid: u32,
    pub gecos: String,
    pub home: String,
    pub shell: String,
}

/// One line of `/etc/group`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct GroupEntry {
    pub name: String,
    pub gid: u32,
    pub members: Vec<String>,
}

/// The user a process runs as.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Identity {
    pub uid: u32,
    pub gid: u32,
    pub name: Option<String>,
    pub home: String,
}

impl Identity {
    pub fn root() -> Identity {
        Identity {
            uid: 0,
            gid: 0,
            name: Some("root".to_string()),
            home: "/root".to_string(),
        }
    }
}

fn text_of(fs: &Overlay, path: &str) -> String {
    fs.read(path)
        .ok()
        .and_then(|content| content.as_text().map(str::to_string))
        .unwrap_or_default()
}

/// Reads `/etc/passwd`, skipping malformed lines.
pub(crate) fn passwd(fs: &Overlay) -> Vec<PasswdEntry> {
    text_of(fs, "/etc/passwd")
        .lines()
        .filter_map(|line| {
            let fields: Vec<&str> = line.split(':').collect();
            let [name, _, uid, gid, gecos, home, shell] = fields.as_slice() else {
                return None;
            };
            Some(PasswdEntry {
                name: name.to_string(),
                uid: uid.parse().ok()?,
                gid: gid.parse().ok()?,
                gecos: gecos.to_string(),
                home: home.to_string(),
                shell: shell.to_string(),
            })
        })
        .collect()
}

/// Reads `/etc/group`, skipping malformed lines.
pub(crate) fn groups(fs: &Overlay) -> Vec<GroupEntry> {
    text_of(fs, "/etc/group")
        .lines()
        .filter_map(|line| {
            let fields: Vec<&str> = line.split(':').collect();
            let [name, _, gid, members] = fields.as_slice() else {
                return None;
            };
            Some(GroupEntry {
                name: name.to_string(),
                gid: gid.parse().ok()?,
                members: members
                    .split(',')
                    .filter(|member| !member.is_empty())
                    .map(str::to_string)
                    .collect(),
            })
        })
        .collect()
}

/// Returns the name of `uid`, if `/etc/passwd` has one.
pub(crate) fn user_name(fs: &Overlay, uid: u32) -> Option<String> {
    passwd(fs)
        .into_iter()
        .find(|e| e.uid == uid)
        .map(|e| e.name)
}

/// Returns the GID of group `name` or of a numeric GID.
pub(crate) fn group_id(fs: &Overlay, name: &str) -> Option<u32> {
    groups(fs)
        .into_iter()
        .find(|e| e.name == name)
        .map(|e| e.gid)
        .or_else(|| name.parse().ok())
}

/// Returns the passwd entry of user `name`, or of a numeric UID.
pub(crate) fn find_user(fs: &Overlay, name: &str) -> Option<PasswdEntry> {
    let entries = passwd(fs);
    match name.parse::<u32>() {
        Ok(uid) => entries.into_iter().find(|e| e.uid == uid),
        Err(_) => entries.into_iter().find(|e| e.name == name),
    }
}

/// Returns the groups `id` lists for a user: the primary group first, then
/// the groups that name the user as a member, in file order.
pub(crate) fn group_list(fs: &Overlay, name: Option<&str>, gid: u32) -> Vec<(u32, Option<String>)> {
    let all = groups(fs);
    let name_of = |gid: u32| all.iter().find(|g| g.gid == gid).map(|g| g.name.clone());
    let mut list = vec![(gid, name_of(gid))];
    if let Some(name) = name {
        for group in &all {
            if group.gid != gid && group.members.iter().any(|member| member == name) {
                list.push((group.gid, Some(group.name.clone())));
            }
        }
    }
    list
}

/// Resolves a `USER` value as runc does: a name must be in `/etc/passwd`; a
/// UID need not be, and then runs with GID 0 and home `/`.
pub(crate) fn resolve(fs: &Overlay, spec: &str) -> Result<Identity, String> {
    if spec.is_empty() {
        return Ok(find_user(fs, "0").map_or_else(Identity::root, identity_of));
    }
    let (user, group) = match spec.split_once(':') {
        Some((user, group)) => (user, Some(group)),
        None => (spec, None),
    };
    let mut identity = match (find_user(fs, user), user.parse::<u32>()) {
        (Some(entry), _) => identity_of(entry),
        (None, Ok(uid)) => Identity {
            uid,
            gid: 0,
            name: None,
            home: "/".to_string(),
        },
        (None, Err(_)) => {
            return Err(format!(
                "unable to find user {user}: no matching entries in passwd file"
            ))
        }
    };
    if let Some(group) = group {
        identity.gid = group_id(fs, group).ok_or_else(|| {
            format!("unable to find group {group}: no matching entries in group file")
        })?;
    }
    Ok(identity)
}

fn identity_of(entry: PasswdEntry) -> Identity {
    Identity {
        uid: entry.uid,
        gid: entry.gid,
        name: Some(entry.name),
        home: entry.home,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fs::Content;

    fn tree() -> Overlay {
        let mut fs = Overlay::default();
        fs.mkdir("/etc").unwrap();
        let passwd =
            "root:x:0:0:root:/root:/bin/bash\napp:x:1000:1000::/home/app:/bin/sh\nbad line\n";
        fs.write("/etc/passwd", Content::Text(passwd.into()))
            .unwrap();
        let group = "root:x:0:\nstaff:x:50:app\napp:x:1000:\n";
        fs.write("/etc/group", Content::Text(group.into())).unwrap();
        fs
    }

    #[test]
    fn resolve_table() {
        let fs = tree();
        let cases = [
            ("", Ok((0, 0, Some("root")))),
            ("app", Ok((1000, 1000, Some("app")))),
            ("1000", Ok((1000, 1000, Some("app")))),
            ("app:staff", Ok((1000, 50, Some("app")))),
            ("4242", Ok((4242, 0, None))),
            (
                "nobody",
                Err("unable to find user nobody: no matching entries in passwd file"),
            ),
            (
                "app:nope",
                Err("unable to find group nope: no matching entries in group file"),
            ),
        ];
        for (spec, expected) in cases {
            let got =
                resolve(&fs, spec).map(|identity| (identity.uid, identity.gid, identity.name));
            let expected = expected
                .map(|(uid, gid, name)| (uid, gid, name.map(str::to_string)))
                .map_err(str::to_string);
            assert_eq!(got, expected, "{spec:?}");
        }
    }

    #[test]
    fn group_list_adds_memberships() {
        let fs = tree();
        assert_eq!(
            group_list(&fs, Some("app"), 1000),
            [
                (1000, Some("app".to_string())),
                (50, Some("staff".to_string()))
            ]
        );
    }
}
