//! Owners of files that COPY, ADD and WORKDIR make, as BuildKit's file
//! operations resolve `--chown` and the stage's USER (`llb.WithUser`, and
//! `readUser` in `solver/llbsolver/file/user_linux.go`).
//!
//! A user name is looked up in the destination's `/etc/passwd` and gives
//! its UID and primary GID; a group name in `/etc/group` gives the GID; a
//! number is used as it is, and a user number is also the GID. A name that
//! is not found is not an error: BuildKit leaves the ID at 0, so the files
//! belong to root. An empty group (`user:`) is GID 0.

use crate::fs::Overlay;

/// Resolves a `user[:group]` value to a UID and a GID.
pub fn resolve(files: &Overlay, spec: &str) -> (u32, u32) {
    let (user, group) = match spec.split_once(':') {
        Some((user, group)) => (user, Some(group)),
        None => (spec, None),
    };
    let (uid, mut gid) = match user.parse::<u32>() {
        Ok(id) => (id, id),
        Err(_) => lookup(files, "/etc/passwd", user)
            .map_or((0, 0), |fields| (field(&fields, 2), field(&fields, 3))),
    };
    if let Some(group) = group {
        gid = match group.parse::<u32>() {
            Ok(id) => id,
            Err(_) if group.is_empty() => 0,
            Err(_) => lookup(files, "/etc/group", group).map_or(gid, |fields| field(&fields, 2)),
        };
    }
    (uid, gid)
}

/// Returns the fields of the line of `file` whose first field is `name`.
fn lookup(files: &Overlay, file: &str, name: &str) -> Option<Vec<String>> {
    let text = files.read(file).ok()?.as_text()?.to_string();
    text.lines()
        .map(|line| line.split(':').map(str::to_string).collect::<Vec<_>>())
        .find(|fields| fields.first().map(String::as_str) == Some(name))
}

fn field(fields: &[String], index: usize) -> u32 {
    fields
        .get(index)
        .and_then(|value| value.parse().ok())
        .unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fs::Content;

    #[test]
    fn owners_resolve_like_buildkit() {
        let mut files = Overlay::new(Vec::new());
        files.mkdir_all("/etc").unwrap();
        files
            .write(
                "/etc/passwd",
                Content::Text(
                    "root:x:0:0:root:/root:/bin/sh\napp:x:1000:1001::/home/app:/bin/sh\n".into(),
                ),
            )
            .unwrap();
        files
            .write(
                "/etc/group",
                Content::Text("root:x:0:\nstaff:x:50:\n".into()),
            )
            .unwrap();
        let cases = [
            ("app", (1000, 1001)),
            ("app:staff", (1000, 50)),
            ("1234", (1234, 1234)),
            ("1234:5", (1234, 5)),
            ("nobody", (0, 0)),
            ("app:nogroup", (1000, 1001)),
            ("app:", (1000, 0)),
        ];
        for (spec, expected) in cases {
            assert_eq!(resolve(&files, spec), expected, "{spec}");
        }
    }
}
