//! COPY and ADD of local files: copying from the build context, another
//! stage, an image or a heredoc into a step's file system, as BuildKit's file
//! operations do (`dockerfile2llb/convert_copy.go` and
//! `tonistiigi/fsutil/copy`).
//!
//! - A relative destination is taken from the stage's working directory.
//! - With several sources, or a wildcard, the destination must end in `/`.
//! - A directory source copies its contents, not the directory itself; with
//!   `--parents` the source's path is kept below the destination, from the
//!   `/./` pivot when the source has one.
//! - A file lands at the destination path, or inside it when the
//!   destination ends in `/` or is an existing directory.
//! - Missing parent directories are created. Files from the build context
//!   belong to root, files from a stage or an image keep their owner, and
//!   `--chown` overrides both; `--chmod` sets an octal or symbolic mode.
//! - `--exclude` patterns leave matching paths out, as `.dockerignore`
//!   patterns do, matched against the path below the source.
//! - A wildcard that matches nothing copies nothing; a missing plain path
//!   fails with BuildKit's `"/path": not found`.

use dockerfile::dockerignore::Matcher;

use super::context::{BuildContext, ContextEntry};
use super::mode::ModeSpec;
use crate::digest::Digest;
use crate::fs::{Content, FileType, Overlay, Owner, Recursion};

/// Where COPY takes files from.
pub enum Source<'a> {
    /// The build context.
    Context(&'a BuildContext),
    /// Another stage's or an image's files.
    Files(&'a Overlay),
}

/// A file to copy: a path relative to the source root and what it is.
struct Item {
    /// Path relative to the source root, `""` for the root.
    relative: String,
    kind: ItemKind,
    /// Owner in the source; the build context's files have none.
    owner: Option<(u32, u32)>,
}

enum ItemKind {
    Directory { mode: u32 },
    File { content: Content, mode: u32 },
    Symlink { target: String },
}

/// A COPY or ADD to perform.
pub struct CopyRequest<'a> {
    pub sources: &'a [String],
    /// Files whose content is a heredoc: (name, text).
    pub inline: &'a [(String, String)],
    pub destination: &'a str,
    pub workdir: &'a str,
    /// `--chown`, resolved to IDs.
    pub owner: Option<(u32, u32)>,
    /// `--chmod`.
    pub mode: Option<&'a ModeSpec>,
    /// `--exclude` patterns.
    pub exclude: &'a [String],
    /// `--parents`.
    pub parents: bool,
}

/// Copies files and returns a digest per source item, for the cache key.
pub fn copy(
    target: &mut Overlay,
    source: &Source,
    request: &CopyRequest,
) -> Result<Vec<(String, Digest)>, String> {
    let destination = absolute(request.workdir, request.destination);
    let wildcard = request.sources.iter().any(|source| has_wildcard(source));
    let many = request.sources.len() + request.inline.len() > 1 || wildcard;
    let into_directory = request.destination.ends_with('/')
        || request.destination == "."
        || request.destination.ends_with("/.");
    if many && !into_directory && !request.parents {
        return Err("When using COPY with more than one source file, the destination must be a directory and end with a /".to_string());
    }
    let exclude = Matcher::new(request.exclude)
        .map_err(|error| format!("invalid exclude pattern: {error}"))?;

    let mut digests = Vec::new();
    for pattern in request.sources {
        let (pivot, cleaned) = split_pivot(pattern, request.parents);
        for (name, items) in resolve(source, &cleaned)? {
            let base = base_path(
                target,
                &destination,
                &name,
                &items,
                &pivot,
                request,
                many || into_directory,
            );
            for item in &items {
                let below = item
                    .relative
                    .strip_prefix(&name)
                    .unwrap_or("")
                    .trim_start_matches('/');
                if !below.is_empty() && exclude.matches_or_parent_matches(below) {
                    continue;
                }
                let path = if below.is_empty() {
                    base.clone()
                } else {
                    join(&base, below)
                };
                write_item(target, &path, item, request)?;
                let key = if below.is_empty() {
                    name.clone()
                } else {
                    format!("{name}/{below}")
                };
                digests.push((key, item_digest(item)));
            }
        }
    }
    for (name, text) in request.inline {
        let path = if into_directory {
            join(&destination, name)
        } else {
            destination.clone()
        };
        let item = Item {
            relative: name.clone(),
            kind: ItemKind::File {
                content: Content::Text(text.clone()),
                mode: 0o644,
            },
            owner: None,
        };
        write_item(target, &path, &item, request)?;
        digests.push((format!("<<{name}"), item_digest(&item)));
    }
    Ok(digests)
}

/// Returns where the item named `name` goes: the destination itself for a
/// directory's contents or a renamed file, the destination plus the name
/// below the pivot with `--parents`, else the destination plus the base name.
fn base_path(
    target: &Overlay,
    destination: &str,
    name: &str,
    items: &[Item],
    pivot: &str,
    request: &CopyRequest,
    into_directory: bool,
) -> String {
    if request.parents {
        let kept = name
            .strip_prefix(pivot)
            .unwrap_or(name)
            .trim_start_matches('/');
        return if kept.is_empty() {
            destination.to_string()
        } else {
            join(destination, kept)
        };
    }
    let is_directory = matches!(items.first(), Some(Item { kind: ItemKind::Directory { .. }, relative, .. }) if relative == name);
    if is_directory {
        return destination.to_string();
    }
    let existing_directory = target
        .stat(destination)
        .map(|meta| meta.file_type == FileType::Directory)
        .unwrap_or(false);
    if into_directory || existing_directory {
        join(destination, name.rsplit('/').next().unwrap_or(name))
    } else {
        destination.to_string()
    }
}

/// Splits a `--parents` source at its `/./` pivot: the part above the
/// pivot, which is dropped from the destination, and the cleaned path.
fn split_pivot(pattern: &str, parents: bool) -> (String, String) {
    match pattern.split_once("/./") {
        Some((above, below)) if parents => {
            let above = clean_relative(above);
            let below = clean_relative(below);
            let full = if above.is_empty() {
                below
            } else {
                format!("{above}/{below}")
            };
            (above, full)
        }
        _ => (String::new(), clean_relative(pattern)),
    }
}

fn write_item(
    target: &mut Overlay,
    path: &str,
    item: &Item,
    request: &CopyRequest,
) -> Result<(), String> {
    if let Some((parent, _)) = path.rsplit_once('/') {
        if !parent.is_empty() {
            target
                .mkdir_all(parent)
                .map_err(|error| error.to_string())?;
        }
    }
    match &item.kind {
        ItemKind::Directory { mode } => {
            target.mkdir_all(path).map_err(|error| error.to_string())?;
            let mode = request.mode.map_or(*mode, |spec| spec.apply(*mode, true));
            target
                .chmod(path, mode, Recursion::Single)
                .map_err(|error| error.to_string())?;
        }
        ItemKind::File { content, mode } => {
            if target
                .stat(path)
                .map(|meta| meta.file_type == FileType::Directory)
                .unwrap_or(false)
            {
                return Err(format!("cannot copy to non-directory: {path}"));
            }
            let mode = request.mode.map_or(*mode, |spec| spec.apply(*mode, false));
            target
                .write_with_mode(path, content.clone(), mode)
                .map_err(|error| error.to_string())?;
        }
        ItemKind::Symlink { target: link } => {
            let _ = target.remove(path, Recursion::Single, crate::fs::IfMissing::Ignore);
            target
                .symlink(link, path)
                .map_err(|error| error.to_string())?;
        }
    }
    let (uid, gid) = request.owner.or(item.owner).unwrap_or((0, 0));
    target
        .chown(
            path,
            Owner {
                uid: Some(uid),
                gid: Some(gid),
            },
            Recursion::Single,
        )
        .map_err(|error| error.to_string())
}

/// Finds the items a source path names: for each matching path, the path
/// and everything below it.
fn resolve(source: &Source, cleaned: &str) -> Result<Vec<(String, Vec<Item>)>, String> {
    let names: Vec<String> = match source {
        Source::Context(context) if has_wildcard(cleaned) => context
            .entries
            .keys()
            .filter(|path| glob_match(cleaned, path))
            .cloned()
            .collect(),
        Source::Context(context) => {
            match cleaned.is_empty() || context.entries.contains_key(cleaned) {
                true => vec![cleaned.to_string()],
                false => Vec::new(),
            }
        }
        Source::Files(files) if has_wildcard(cleaned) => files_matching(files, cleaned),
        Source::Files(files) => match files.exists(&format!("/{cleaned}")) {
            true => vec![cleaned.to_string()],
            false => Vec::new(),
        },
    };
    if names.is_empty() && !has_wildcard(cleaned) {
        return Err(format!("\"/{cleaned}\": not found"));
    }
    let mut result = Vec::new();
    for name in names {
        let items = match source {
            Source::Context(context) => context_items(context, &name),
            Source::Files(files) => files_subtree(files, &name)?,
        };
        result.push((name, items));
    }
    Ok(result)
}

fn context_items(context: &BuildContext, name: &str) -> Vec<Item> {
    let mut items: Vec<Item> = context
        .subtree(name)
        .map(|(path, entry)| Item {
            relative: path.clone(),
            kind: match entry {
                ContextEntry::Directory { mode } => ItemKind::Directory { mode: *mode },
                ContextEntry::File { content, mode } => ItemKind::File {
                    content: content.clone(),
                    mode: *mode,
                },
                ContextEntry::Symlink { target } => ItemKind::Symlink {
                    target: target.clone(),
                },
            },
            owner: None,
        })
        .collect();
    // The context root is a directory with no entry of its own.
    if name.is_empty() {
        items.insert(
            0,
            Item {
                relative: String::new(),
                kind: ItemKind::Directory { mode: 0o755 },
                owner: None,
            },
        );
    }
    items
}

/// Returns the paths of a stage or image that match a wildcard, walking
/// only the directories the pattern's literal prefix names.
fn files_matching(files: &Overlay, pattern: &str) -> Vec<String> {
    let literal: Vec<&str> = pattern
        .split('/')
        .take_while(|part| !has_wildcard(part))
        .collect();
    let root = format!("/{}", literal.join("/"));
    let Ok(walked) = files.walk(&root) else {
        return Vec::new();
    };
    walked
        .into_iter()
        .map(|(path, _)| path.as_str().trim_start_matches('/').to_string())
        .filter(|path| glob_match(pattern, path))
        .collect()
}

fn files_subtree(files: &Overlay, name: &str) -> Result<Vec<Item>, String> {
    let root = format!("/{name}");
    let walked = files.walk(&root).map_err(|error| error.to_string())?;
    let mut items = Vec::new();
    for (path, metadata) in walked {
        let relative = path.as_str().trim_start_matches('/').to_string();
        let kind = match metadata.file_type {
            FileType::Directory => ItemKind::Directory {
                mode: metadata.mode,
            },
            FileType::Symlink => ItemKind::Symlink {
                target: files
                    .read_link(path.as_str())
                    .map(str::to_string)
                    .unwrap_or_default(),
            },
            FileType::File => ItemKind::File {
                content: files
                    .read(path.as_str())
                    .map_err(|error| error.to_string())?
                    .clone(),
                mode: metadata.mode,
            },
        };
        items.push(Item {
            relative,
            kind,
            owner: Some((metadata.uid, metadata.gid)),
        });
    }
    Ok(items)
}

fn item_digest(item: &Item) -> Digest {
    let text = match &item.kind {
        ItemKind::Directory { mode } => format!("dir {mode:o}"),
        ItemKind::Symlink { target } => format!("symlink {target}"),
        ItemKind::File {
            content: Content::Text(text),
            mode,
        } => format!("file {mode:o} {}", Digest::of(text.as_bytes())),
        ItemKind::File {
            content: Content::Synthetic { size, seed },
            mode,
        } => format!("file {mode:o} {size} {seed}"),
    };
    Digest::of(text.as_bytes())
}

/// Joins a relative path to a directory; an absolute path stays as it is.
pub fn absolute(workdir: &str, path: &str) -> String {
    if path.starts_with('/') {
        normalise(path)
    } else {
        normalise(&format!("{}/{path}", workdir.trim_end_matches('/')))
    }
}

/// Joins a name to a directory.
pub fn join(directory: &str, name: &str) -> String {
    normalise(&format!("{}/{name}", directory.trim_end_matches('/')))
}

/// Removes `.` and empty components and resolves `..` lexically.
fn normalise(path: &str) -> String {
    let mut parts: Vec<&str> = Vec::new();
    for part in path.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            other => parts.push(other),
        }
    }
    format!("/{}", parts.join("/"))
}

/// Cleans a source path relative to the context root (`./a/../b/` → `b`).
pub fn clean_relative(path: &str) -> String {
    normalise(path).trim_start_matches('/').to_string()
}

/// Returns whether a path has a wildcard, as BuildKit's `containsWildcards`:
/// `*`, `?` or `[` that no backslash escapes.
pub fn has_wildcard(pattern: &str) -> bool {
    let mut chars = pattern.chars();
    while let Some(c) = chars.next() {
        match c {
            '*' | '?' | '[' => return true,
            '\\' => {
                chars.next();
            }
            _ => {}
        }
    }
    false
}

/// Matches a path against a pattern as Go's `filepath.Match`: `*` and `?`
/// never match `/`, `[...]` is a class (`^` or `!` negates), `\\` escapes.
fn glob_match(pattern: &str, path: &str) -> bool {
    let pattern: Vec<char> = pattern.chars().collect();
    let path: Vec<char> = path.chars().collect();
    let (mut p, mut s) = (0, 0);
    // The position after the last `*` and the path position it stands for.
    let mut star: Option<(usize, usize)> = None;
    while s < path.len() {
        if p < pattern.len() {
            match pattern[p] {
                '*' => {
                    star = Some((p + 1, s));
                    p += 1;
                    continue;
                }
                '?' if path[s] != '/' => {
                    p += 1;
                    s += 1;
                    continue;
                }
                '[' if path[s] != '/' => {
                    if let Some(next) = match_class(&pattern, p, path[s]) {
                        p = next;
                        s += 1;
                        continue;
                    }
                }
                '\\' if p + 1 < pattern.len() && pattern[p + 1] == path[s] => {
                    p += 2;
                    s += 1;
                    continue;
                }
                literal
                    if literal == path[s]
                        && literal != '?'
                        && literal != '['
                        && literal != '\\' =>
                {
                    p += 1;
                    s += 1;
                    continue;
                }
                _ => {}
            }
        }
        match star {
            Some((after_star, from)) if path[from] != '/' => {
                star = Some((after_star, from + 1));
                p = after_star;
                s = from + 1;
            }
            _ => return false,
        }
    }
    while p < pattern.len() && pattern[p] == '*' {
        p += 1;
    }
    p == pattern.len()
}

/// Matches `c` against the class starting at `pattern[start] == '['` and
/// returns the index after its `]`, or `None` when `c` is not in it.
fn match_class(pattern: &[char], start: usize, c: char) -> Option<usize> {
    let mut i = start + 1;
    let negate = i < pattern.len() && matches!(pattern[i], '^' | '!');
    if negate {
        i += 1;
    }
    let first = i;
    let mut matched = false;
    while i < pattern.len() && (pattern[i] != ']' || i == first) {
        if i + 2 < pattern.len() && pattern[i + 1] == '-' && pattern[i + 2] != ']' {
            matched |= pattern[i] <= c && c <= pattern[i + 2];
            i += 3;
        } else {
            matched |= pattern[i] == c;
            i += 1;
        }
    }
    if i >= pattern.len() {
        return None;
    }
    (matched != negate).then_some(i + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn context(files: &[(&str, &str)]) -> BuildContext {
        let mut context = BuildContext::default();
        for (path, text) in files {
            let mut parent = String::new();
            for part in path
                .split('/')
                .collect::<Vec<_>>()
                .split_last()
                .map(|(_, dirs)| dirs.to_vec())
                .unwrap_or_default()
            {
                parent = if parent.is_empty() {
                    part.to_string()
                } else {
                    format!("{parent}/{part}")
                };
                context
                    .entries
                    .insert(parent.clone(), ContextEntry::Directory { mode: 0o755 });
            }
            context.entries.insert(
                path.to_string(),
                ContextEntry::File {
                    content: Content::Text(text.to_string()),
                    mode: 0o644,
                },
            );
        }
        context
    }

    fn request<'a>(
        sources: &'a [String],
        destination: &'a str,
        workdir: &'a str,
    ) -> CopyRequest<'a> {
        CopyRequest {
            sources,
            inline: &[],
            destination,
            workdir,
            owner: None,
            mode: None,
            exclude: &[],
            parents: false,
        }
    }

    fn strings(values: &[&str]) -> Vec<String> {
        values.iter().map(|value| value.to_string()).collect()
    }

    #[test]
    fn file_to_directory_keeps_name() {
        let ctx = context(&[("scrapy.cfg", "x")]);
        let mut fs = Overlay::new(Vec::new());
        fs.mkdir_all("/app").unwrap();
        let sources = strings(&["scrapy.cfg"]);
        copy(
            &mut fs,
            &Source::Context(&ctx),
            &request(&sources, "./", "/app"),
        )
        .unwrap();
        assert!(fs.exists("/app/scrapy.cfg"));
    }

    #[test]
    fn directory_copies_contents() {
        let ctx = context(&[("quotes/spiders/a.py", "a"), ("quotes/settings.py", "s")]);
        let mut fs = Overlay::new(Vec::new());
        let sources = strings(&["quotes"]);
        copy(
            &mut fs,
            &Source::Context(&ctx),
            &request(&sources, "./quotes", "/app"),
        )
        .unwrap();
        assert!(fs.exists("/app/quotes/spiders/a.py"));
        assert!(fs.exists("/app/quotes/settings.py"));
        assert!(!fs.exists("/app/quotes/quotes"));
    }

    #[test]
    fn file_renamed_when_destination_has_no_slash() {
        let ctx = context(&[("scrapyd.conf", "c")]);
        let mut fs = Overlay::new(Vec::new());
        let sources = strings(&["scrapyd.conf"]);
        copy(
            &mut fs,
            &Source::Context(&ctx),
            &request(&sources, "/etc/scrapyd/scrapyd.conf", "/"),
        )
        .unwrap();
        assert_eq!(
            fs.read("/etc/scrapyd/scrapyd.conf").unwrap().as_text(),
            Some("c")
        );
    }

    #[test]
    fn missing_source_names_path_and_empty_wildcard_copies_nothing() {
        let ctx = context(&[]);
        let mut fs = Overlay::new(Vec::new());
        let sources = strings(&["missing.txt"]);
        let error = copy(
            &mut fs,
            &Source::Context(&ctx),
            &request(&sources, "/", "/"),
        )
        .err()
        .unwrap();
        assert_eq!(error, "\"/missing.txt\": not found");
        let wildcard = strings(&["*.txt"]);
        assert_eq!(
            copy(
                &mut fs,
                &Source::Context(&ctx),
                &request(&wildcard, "/out/", "/")
            ),
            Ok(Vec::new())
        );
    }

    #[test]
    fn several_sources_need_directory_destination() {
        let ctx = context(&[("a", "a"), ("b", "b")]);
        let mut fs = Overlay::new(Vec::new());
        let sources = strings(&["a", "b"]);
        assert!(copy(
            &mut fs,
            &Source::Context(&ctx),
            &request(&sources, "/dest", "/")
        )
        .is_err());
        assert!(copy(
            &mut fs,
            &Source::Context(&ctx),
            &request(&sources, "/dest/", "/")
        )
        .is_ok());
    }

    #[test]
    fn parents_keep_paths_below_pivot() {
        let ctx = context(&[
            ("src/pkg/a.go", "a"),
            ("src/pkg/b.go", "b"),
            ("docs/x.md", "x"),
        ]);
        let cases = [
            (vec!["src/pkg/a.go"], "/dest/src/pkg/a.go"),
            (vec!["src/./pkg/b.go"], "/dest/pkg/b.go"),
            (vec!["docs"], "/dest/docs/x.md"),
        ];
        for (sources, expected) in cases {
            let mut fs = Overlay::new(Vec::new());
            let sources = strings(&sources);
            let mut copy_request = request(&sources, "/dest/", "/");
            copy_request.parents = true;
            copy(&mut fs, &Source::Context(&ctx), &copy_request).unwrap();
            assert!(fs.exists(expected), "{sources:?} -> {expected}");
        }
    }

    #[test]
    fn exclude_leaves_matches_out() {
        let ctx = context(&[
            ("app/main.py", "m"),
            ("app/test_main.py", "t"),
            ("app/cache/x.pyc", "c"),
        ]);
        let mut fs = Overlay::new(Vec::new());
        let sources = strings(&["app"]);
        let exclude = strings(&["test_*", "cache"]);
        let mut copy_request = request(&sources, "/app", "/");
        copy_request.exclude = &exclude;
        copy(&mut fs, &Source::Context(&ctx), &copy_request).unwrap();
        assert!(fs.exists("/app/main.py"));
        assert!(!fs.exists("/app/test_main.py"));
        assert!(!fs.exists("/app/cache"));
    }

    #[test]
    fn owner_from_stage_is_kept_and_chown_wins() {
        let mut stage = Overlay::new(Vec::new());
        stage.mkdir_all("/out").unwrap();
        stage.write("/out/bin", Content::Text("x".into())).unwrap();
        stage
            .chown(
                "/out/bin",
                Owner {
                    uid: Some(1000),
                    gid: Some(1000),
                },
                Recursion::Single,
            )
            .unwrap();
        let sources = strings(&["/out/bin"]);
        let mut fs = Overlay::new(Vec::new());
        copy(
            &mut fs,
            &Source::Files(&stage),
            &request(&sources, "/usr/bin/", "/"),
        )
        .unwrap();
        assert_eq!(fs.stat("/usr/bin/bin").unwrap().uid, 1000);
        let mut chowned = request(&sources, "/usr/bin/", "/");
        chowned.owner = Some((5, 6));
        copy(&mut fs, &Source::Files(&stage), &chowned).unwrap();
        assert_eq!(
            (
                fs.stat("/usr/bin/bin").unwrap().uid,
                fs.stat("/usr/bin/bin").unwrap().gid
            ),
            (5, 6)
        );
    }

    #[test]
    fn glob_matches_like_go() {
        assert!(glob_match("*.py", "app.py"));
        assert!(!glob_match("*.py", "pkg/app.py"));
        assert!(glob_match("pkg/*.py", "pkg/app.py"));
        assert!(glob_match("a?c", "abc"));
        assert!(glob_match("[a-c]x", "bx"));
        assert!(!glob_match("[!a-c]x", "bx"));
        assert!(!has_wildcard("a\\*b"));
        assert!(has_wildcard("a*b"));
    }
}
