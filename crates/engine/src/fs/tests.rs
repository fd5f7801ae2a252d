//! Table tests for the file operations and the overlay2 rules, on a small
//! image with a usrmerge `/bin` symlink.

use std::sync::Arc;

use super::*;

fn image() -> Overlay {
    let dir = |mode| Entry::directory(mode);
    let text = |content: &str| Entry::text(content, 0o644);
    let entries = [
        ("/bin", Entry::symlink("usr/bin")),
        ("/etc", dir(0o755)),
        ("/etc/passwd", text("root:x:0:0:root:/root:/bin/bash\n")),
        ("/etc/motd", text("welcome\n")),
        ("/usr", dir(0o755)),
        ("/usr/bin", dir(0o755)),
        (
            "/usr/bin/sh",
            Entry::file(
                Content::Synthetic {
                    size: 125_640,
                    seed: 1,
                },
                0o755,
            ),
        ),
        ("/app", dir(0o755)),
        ("/app/a.txt", text("a\n")),
        ("/app/sub", dir(0o755)),
        ("/app/sub/b.txt", text("b\n")),
        ("/tmp", dir(0o1777)),
        ("/var", dir(0o755)),
        ("/var/log", dir(0o755)),
    ];
    let base: ChangeSet = entries
        .iter()
        .map(|(p, e)| (FsPath::new(p), e.clone()))
        .collect();
    Overlay::new(vec![Arc::new(base)])
}

type Op = fn(&mut Overlay) -> Result<(), FsError>;

fn text_of(overlay: &Overlay, path: &str) -> Option<String> {
    overlay
        .read(path)
        .ok()
        .and_then(|c| c.as_text().map(String::from))
}

#[test]
fn operation_results_table() {
    use FsErrorKind::*;
    let cases: &[(&str, Op, Result<(), FsErrorKind>)] = &[
        ("mkdir new", |o| o.mkdir("/srv"), Ok(())),
        ("mkdir existing", |o| o.mkdir("/etc"), Err(AlreadyExists)),
        (
            "mkdir over symlink",
            |o| o.mkdir("/bin"),
            Err(AlreadyExists),
        ),
        ("mkdir missing parent", |o| o.mkdir("/a/b/c"), Err(NotFound)),
        (
            "mkdir under file",
            |o| o.mkdir("/etc/passwd/x"),
            Err(NotADirectory),
        ),
        ("mkdir -p new", |o| o.mkdir_all("/a/b/c"), Ok(())),
        ("mkdir -p existing", |o| o.mkdir_all("/usr/bin"), Ok(())),
        (
            "mkdir -p through symlink",
            |o| o.mkdir_all("/bin/x"),
            Ok(()),
        ),
        (
            "mkdir -p file",
            |o| o.mkdir_all("/etc/passwd"),
            Err(AlreadyExists),
        ),
        (
            "mkdir -p under file",
            |o| o.mkdir_all("/etc/passwd/x"),
            Err(NotADirectory),
        ),
        (
            "write new",
            |o| o.write("/etc/app.conf", Content::Text("x".into())),
            Ok(()),
        ),
        (
            "write directory",
            |o| o.write("/etc", Content::Text("x".into())),
            Err(IsADirectory),
        ),
        (
            "write missing dir",
            |o| o.write("/nope/f", Content::Text("x".into())),
            Err(NotFound),
        ),
        (
            "write trailing slash",
            |o| o.write("/newfile/", Content::Text("x".into())),
            Err(IsADirectory),
        ),
        ("append new", |o| o.append("/tmp/log", "x\n"), Ok(())),
        (
            "append directory",
            |o| o.append("/tmp", "x\n"),
            Err(IsADirectory),
        ),
        ("touch new", |o| o.touch("/tmp/t"), Ok(())),
        ("touch existing", |o| o.touch("/etc/motd"), Ok(())),
        ("touch missing dir", |o| o.touch("/nope/t"), Err(NotFound)),
        (
            "rm file",
            |o| o.remove("/etc/motd", Recursion::Single, IfMissing::Fail),
            Ok(()),
        ),
        (
            "rm missing",
            |o| o.remove("/nope", Recursion::Single, IfMissing::Fail),
            Err(NotFound),
        ),
        (
            "rm -f missing",
            |o| o.remove("/nope/x", Recursion::Single, IfMissing::Ignore),
            Ok(()),
        ),
        (
            "rm directory",
            |o| o.remove("/app", Recursion::Single, IfMissing::Fail),
            Err(IsADirectory),
        ),
        (
            "rm -r directory",
            |o| o.remove("/app", Recursion::Recursive, IfMissing::Fail),
            Ok(()),
        ),
        (
            "rm -r root",
            |o| o.remove("/", Recursion::Recursive, IfMissing::Ignore),
            Err(InvalidArgument),
        ),
        (
            "rm symlink to dir",
            |o| o.remove("/bin", Recursion::Single, IfMissing::Fail),
            Ok(()),
        ),
        (
            "cp file",
            |o| o.copy("/etc/motd", "/tmp", Recursion::Single),
            Ok(()),
        ),
        (
            "cp dir without -r",
            |o| o.copy("/app", "/srv", Recursion::Single),
            Err(IsADirectory),
        ),
        (
            "cp -r dir",
            |o| o.copy("/app", "/srv", Recursion::Recursive),
            Ok(()),
        ),
        (
            "cp -r into itself",
            |o| o.copy("/app", "/app/sub", Recursion::Recursive),
            Err(InvalidArgument),
        ),
        (
            "cp missing",
            |o| o.copy("/nope", "/tmp", Recursion::Single),
            Err(NotFound),
        ),
        (
            "cp dir onto file",
            |o| o.copy("/app/sub", "/etc/motd", Recursion::Recursive),
            Err(NotADirectory),
        ),
        ("mv file", |o| o.rename("/etc/motd", "/tmp/motd"), Ok(())),
        (
            "mv into itself",
            |o| o.rename("/app", "/app/sub/x"),
            Err(InvalidArgument),
        ),
        (
            "mv dir onto file",
            |o| o.rename("/app/sub", "/etc/motd"),
            Err(NotADirectory),
        ),
        (
            "mv dir onto full dir",
            |o| {
                o.mkdir_all("/srv/sub/x")?;
                o.rename("/app/sub", "/srv")
            },
            Err(DirectoryNotEmpty),
        ),
        ("mv missing", |o| o.rename("/nope", "/tmp"), Err(NotFound)),
        (
            "chmod",
            |o| o.chmod("/etc/motd", 0o600, Recursion::Single),
            Ok(()),
        ),
        (
            "chmod missing",
            |o| o.chmod("/nope", 0o600, Recursion::Single),
            Err(NotFound),
        ),
        (
            "chown -R",
            |o| {
                o.chown(
                    "/app",
                    Owner {
                        uid: Some(1000),
                        gid: Some(1000),
                    },
                    Recursion::Recursive,
                )
            },
            Ok(()),
        ),
        ("ln -s", |o| o.symlink("/etc/motd", "/tmp/motd"), Ok(())),
        (
            "ln -s existing",
            |o| o.symlink("/x", "/etc/motd"),
            Err(AlreadyExists),
        ),
    ];
    for (name, op, expected) in cases {
        let mut overlay = image();
        let got = op(&mut overlay).map_err(|error| error.kind);
        assert_eq!(got, *expected, "{name}");
    }
}

#[test]
fn operation_effects_table() {
    type Check = fn(&Overlay) -> bool;
    let cases: &[(&str, Op, Check)] = &[
        (
            "mkdir -p makes each level",
            |o| o.mkdir_all("/a/b/c"),
            |o| o.stat("/a/b").is_ok() && o.stat("/a/b/c").is_ok(),
        ),
        (
            "mkdir -p through symlink lands in usr",
            |o| o.mkdir_all("/bin/x"),
            |o| o.stat("/usr/bin/x").is_ok(),
        ),
        (
            "write then read",
            |o| o.write("/etc/hostname", Content::Text("web\n".into())),
            |o| text_of(o, "/etc/hostname").as_deref() == Some("web\n"),
        ),
        (
            "write keeps mode",
            |o| {
                o.chmod("/etc/motd", 0o600, Recursion::Single)?;
                o.write("/etc/motd", Content::Text("x".into()))
            },
            |o| o.stat("/etc/motd").unwrap().mode == 0o600,
        ),
        (
            "append to lower file",
            |o| o.append("/etc/passwd", "app:x:1000:1000::/app:/bin/sh\n"),
            |o| text_of(o, "/etc/passwd").unwrap().lines().count() == 2,
        ),
        (
            "write through symlink",
            |o| o.write("/bin/hello", Content::Text("#!/bin/sh\n".into())),
            |o| o.exists("/usr/bin/hello"),
        ),
        (
            "rm -r hides subtree",
            |o| o.remove("/app", Recursion::Recursive, IfMissing::Fail),
            |o| !o.exists("/app/sub/b.txt") && !o.exists("/app"),
        ),
        (
            "rm symlink keeps target",
            |o| o.remove("/bin", Recursion::Single, IfMissing::Fail),
            |o| !o.exists("/bin") && o.exists("/usr/bin/sh"),
        ),
        (
            "cp into dir keeps name",
            |o| o.copy("/etc/motd", "/tmp", Recursion::Single),
            |o| text_of(o, "/tmp/motd").as_deref() == Some("welcome\n"),
        ),
        (
            "cp -r copies tree",
            |o| o.copy("/app", "/srv", Recursion::Recursive),
            |o| text_of(o, "/srv/sub/b.txt").as_deref() == Some("b\n") && o.exists("/app/a.txt"),
        ),
        (
            "cp -r into existing dir",
            |o| {
                o.mkdir("/srv")?;
                o.copy("/app", "/srv", Recursion::Recursive)
            },
            |o| o.exists("/srv/app/sub/b.txt"),
        ),
        (
            "mv moves tree",
            |o| o.rename("/app", "/srv"),
            |o| o.exists("/srv/sub/b.txt") && !o.exists("/app"),
        ),
        (
            "mv onto empty dir replaces it",
            |o| {
                o.mkdir("/srv")?;
                o.rename("/app/sub", "/srv")
            },
            |o| o.exists("/srv/sub/b.txt"),
        ),
        (
            "mv file onto file",
            |o| o.rename("/etc/motd", "/etc/passwd"),
            |o| text_of(o, "/etc/passwd").as_deref() == Some("welcome\n") && !o.exists("/etc/motd"),
        ),
        (
            "chmod -R skips nothing",
            |o| o.chmod("/app", 0o700, Recursion::Recursive),
            |o| o.stat("/app/sub/b.txt").unwrap().mode == 0o700,
        ),
        (
            "chown user only",
            |o| {
                o.chown(
                    "/etc/motd",
                    Owner {
                        uid: Some(5),
                        gid: None,
                    },
                    Recursion::Single,
                )
            },
            |o| {
                let m = o.stat("/etc/motd").unwrap();
                m.uid == 5 && m.gid == 0
            },
        ),
        (
            "ln -s then read",
            |o| o.symlink("/etc/motd", "/tmp/link"),
            |o| text_of(o, "/tmp/link").as_deref() == Some("welcome\n"),
        ),
        (
            "relative symlink",
            |o| o.symlink("../etc/motd", "/tmp/rel"),
            |o| text_of(o, "/tmp/rel").as_deref() == Some("welcome\n"),
        ),
    ];
    for (name, op, check) in cases {
        let mut overlay = image();
        op(&mut overlay).unwrap_or_else(|error| panic!("{name}: {error}"));
        assert!(check(&overlay), "{name}");
    }
}

#[test]
fn copy_up_leaves_lower_layer_untouched() {
    let mut overlay = image();
    let lower = overlay.lowers()[0].clone();
    overlay.append("/etc/passwd", "x\n").unwrap();

    let original = lower.get(&FsPath::new("/etc/passwd")).unwrap();
    assert_eq!(
        original.kind,
        EntryKind::File(Content::Text("root:x:0:0:root:/root:/bin/bash\n".into()))
    );
    assert!(overlay.upper().get(&FsPath::new("/etc/passwd")).is_some());
    assert_eq!(
        overlay.upper().get(&FsPath::new("/etc")),
        Some(&Entry::directory(0o755))
    );
}

#[test]
fn touch_copies_up_whole_file() {
    let mut overlay = image();
    overlay.touch("/usr/bin/sh").unwrap();
    assert_eq!(overlay.upper_size(), 125_640);
}

#[test]
fn whiteout_only_for_lower_entries() {
    let mut overlay = image();
    overlay
        .remove("/etc/motd", Recursion::Single, IfMissing::Fail)
        .unwrap();
    assert_eq!(
        overlay.upper().get(&FsPath::new("/etc/motd")),
        Some(&Entry::whiteout())
    );

    overlay
        .write("/tmp/scratch", Content::Text("x".into()))
        .unwrap();
    overlay
        .remove("/tmp/scratch", Recursion::Single, IfMissing::Fail)
        .unwrap();
    assert!(overlay.upper().get(&FsPath::new("/tmp/scratch")).is_none());
}

#[test]
fn recreated_file_replaces_whiteout() {
    let mut overlay = image();
    overlay
        .remove("/etc/motd", Recursion::Single, IfMissing::Fail)
        .unwrap();
    overlay
        .write("/etc/motd", Content::Text("new\n".into()))
        .unwrap();
    let entry = overlay.upper().get(&FsPath::new("/etc/motd")).unwrap();
    assert_eq!(entry.kind, EntryKind::File(Content::Text("new\n".into())));
}

#[test]
fn recreated_directory_is_opaque() {
    let mut overlay = image();
    overlay
        .remove("/app", Recursion::Recursive, IfMissing::Fail)
        .unwrap();
    overlay.mkdir("/app").unwrap();
    overlay
        .write("/app/c.txt", Content::Text("c\n".into()))
        .unwrap();

    let entry = overlay.upper().get(&FsPath::new("/app")).unwrap();
    assert_eq!(entry.kind, EntryKind::OpaqueDirectory);
    let names: Vec<String> = overlay
        .list("/app")
        .unwrap()
        .into_iter()
        .map(|e| e.name)
        .collect();
    assert_eq!(names, ["c.txt"]);
}

#[test]
fn removing_opaque_directory_leaves_whiteout() {
    let mut overlay = image();
    overlay
        .remove("/app", Recursion::Recursive, IfMissing::Fail)
        .unwrap();
    overlay.mkdir("/app").unwrap();
    overlay
        .remove("/app", Recursion::Recursive, IfMissing::Fail)
        .unwrap();
    assert_eq!(
        overlay.upper().get(&FsPath::new("/app")),
        Some(&Entry::whiteout())
    );
    assert!(!overlay.exists("/app/a.txt"));
}

#[test]
fn mv_of_lower_directory_copies_and_whites_out() {
    let mut overlay = image();
    overlay.rename("/app", "/srv").unwrap();
    assert_eq!(
        overlay.upper().get(&FsPath::new("/app")),
        Some(&Entry::whiteout())
    );
    assert!(overlay
        .upper()
        .get(&FsPath::new("/srv/sub/b.txt"))
        .is_some());
}

#[test]
fn diff_table() {
    let cases: &[(&str, Op, &[&str])] = &[
        ("nothing", |_| Ok(()), &[]),
        (
            "mkdir and file at root",
            |o| {
                o.mkdir("/foo")?;
                o.write("/foo/bar", Content::Text("xyzzy\n".into()))
            },
            &["A /foo", "A /foo/bar"],
        ),
        (
            "append to lower file",
            |o| o.append("/etc/passwd", "x\n"),
            &["C /etc/passwd"],
        ),
        (
            "new file in lower dir",
            |o| o.touch("/etc/new"),
            &["C /etc", "A /etc/new"],
        ),
        (
            "delete lower file",
            |o| o.remove("/etc/motd", Recursion::Single, IfMissing::Fail),
            &["C /etc", "D /etc/motd"],
        ),
        (
            "delete lower dir",
            |o| o.remove("/app/sub", Recursion::Recursive, IfMissing::Fail),
            &["C /app", "D /app/sub"],
        ),
        (
            "replace lower dir",
            |o| {
                o.remove("/app", Recursion::Recursive, IfMissing::Fail)?;
                o.mkdir("/app")?;
                o.touch("/app/c")
            },
            &["D /app", "A /app/c"],
        ),
        (
            "deep add",
            |o| o.write("/var/log/app.log", Content::Text("x".into())),
            &["C /var/log", "A /var/log/app.log"],
        ),
        (
            "chmod lower dir",
            |o| o.chmod("/var", 0o700, Recursion::Single),
            &["C /var"],
        ),
        (
            "walk order",
            |o| {
                o.touch("/app/sub/c")?;
                o.touch("/app-x")?;
                o.touch("/app/a.txt")
            },
            &["C /app/a.txt", "C /app/sub", "A /app/sub/c", "A /app-x"],
        ),
        (
            "modified then added sibling",
            |o| {
                o.append("/etc/motd", "x")?;
                o.touch("/etc/z")
            },
            &["C /etc", "C /etc/motd", "A /etc/z"],
        ),
        (
            "add then remove",
            |o| {
                o.touch("/tmp/x")?;
                o.remove("/tmp/x", Recursion::Single, IfMissing::Fail)
            },
            &[],
        ),
    ];
    for (name, op, expected) in cases {
        let mut overlay = image();
        op(&mut overlay).unwrap_or_else(|error| panic!("{name}: {error}"));
        let lines: Vec<String> = overlay.diff().iter().map(Change::to_string).collect();
        assert_eq!(lines, *expected, "{name}");
    }
}

#[test]
fn change_kind_api_numbers() {
    assert_eq!(ChangeKind::Modified.api_kind(), 0);
    assert_eq!(ChangeKind::Added.api_kind(), 1);
    assert_eq!(ChangeKind::Deleted.api_kind(), 2);
}

#[test]
fn commit_stacks_as_a_new_layer() {
    let mut container = image();
    container
        .remove("/etc/motd", Recursion::Single, IfMissing::Fail)
        .unwrap();
    container
        .write("/app/a.txt", Content::Text("changed\n".into()))
        .unwrap();
    let layer = container.commit();

    let mut lowers = container.lowers().to_vec();
    lowers.push(Arc::new(layer));
    let committed = Overlay::new(lowers);
    assert!(!committed.exists("/etc/motd"));
    assert_eq!(
        text_of(&committed, "/app/a.txt").as_deref(),
        Some("changed\n")
    );
    assert!(committed.diff().is_empty());
}

#[test]
fn upper_size_counts_written_bytes() {
    let mut overlay = image();
    overlay
        .write("/tmp/a", Content::Text("12345".into()))
        .unwrap();
    overlay.symlink("/tmp/a", "/tmp/b").unwrap();
    assert_eq!(overlay.upper_size(), 5 + 6);
}

#[test]
fn apply_replays_a_change_set() {
    let mut container = image();
    container
        .remove("/app", Recursion::Recursive, IfMissing::Fail)
        .unwrap();
    container.mkdir("/app").unwrap();
    container.touch("/app/c").unwrap();
    container
        .remove("/etc/motd", Recursion::Single, IfMissing::Fail)
        .unwrap();
    container
        .write("/bin/tool", Content::Text("#!/bin/sh\n".into()))
        .unwrap();
    let layer = container.commit();

    let mut replay = image();
    replay.apply(&layer).unwrap();
    assert_eq!(replay.diff(), container.diff());
    assert!(!replay.exists("/app/a.txt"));
    assert!(replay.exists("/app/c"));
}

#[test]
fn apply_follows_symlinked_parents() {
    let mut overlay = image();
    let changes: ChangeSet = [(FsPath::new("/bin/curl"), Entry::text("bin", 0o755))]
        .into_iter()
        .collect();
    overlay.apply(&changes).unwrap();
    assert!(overlay.upper().get(&FsPath::new("/usr/bin/curl")).is_some());
    assert_eq!(overlay.lstat("/bin").unwrap().file_type, FileType::Symlink);
}

#[test]
fn length_limits_table() {
    let long_name = format!("/tmp/{}", "n".repeat(256));
    let long_path = "/a".repeat(2048);
    let cases = [
        (long_name.as_str(), Err(FsErrorKind::NameTooLong)),
        (long_path.as_str(), Err(FsErrorKind::NameTooLong)),
        ("/tmp/ok", Ok(())),
    ];
    for (path, expected) in cases {
        let mut overlay = image();
        let got = overlay.touch(path).map_err(|error| error.kind);
        assert_eq!(got, expected, "touch of {} bytes", path.len());
    }
    assert_eq!(FsErrorKind::NameTooLong.to_string(), "File name too long");
}

#[test]
fn deep_paths_resolve() {
    let mut overlay = image();
    let deep = "/d".repeat(2000);
    overlay.mkdir_all(&deep).unwrap();
    overlay
        .write(&format!("{deep}/leaf"), Content::Text("x".into()))
        .unwrap();
    assert!(overlay.exists(&format!("{deep}/leaf")));
    assert_eq!(overlay.walk("/d").unwrap().len(), 2001);
    assert_eq!(overlay.diff().len(), 2001);
}
