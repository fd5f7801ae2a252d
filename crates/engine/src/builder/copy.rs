//! COPY and ADD: copying files from the build context, another stage or a
//! heredoc into a step's file system, as BuildKit's file operations do.
//!
//! - A relative destination is taken from the stage's working directory.
//! - With several sources, or a wildcard, the destination must end in `/`.
//! - A directory source copies its contents, not the directory itself.
//! - A file lands at the destination path, or inside it when the
//!   destination ends in `/` or is an existing directory.
//! - Missing parent directories are created; files belong to root unless
//!   `--chown` says otherwise, and keep their mode unless `--chmod` sets one.

use crate::digest::Digest;
use crate::fs::{Content, FileType, Overlay, Owner, Recursion};

use super::context::{BuildContext, ContextEntry};

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
    pub owner: Option<(u32, u32)>,
    pub mode: Option<u32>,
}

/// Copies files and returns a digest per source item, for the cache key.
pub fn copy(target: &mut Overlay, source: &Source, request: &CopyRequest) -> Result<Vec<(String, Digest)>, String> {
    let destination = absolute(request.workdir, request.destination);
    let wildcard = request.sources.iter().any(|source| has_wildcard(source));
    let many = request.sources.len() + request.inline.len() > 1 || wildcard;
    let into_directory = request.destination.ends_with('/') || request.destination == "." || request.destination.ends_with("/.");
    if many && !into_directory {
        return Err("When using COPY with more than one source file, the destination must be a directory and end with a /".to_string());
    }

    let mut digests = Vec::new();
    for pattern in request.sources {
        let matches = resolve(source, pattern)?;
        for (name, items) in matches {
            let is_directory = matches!(items.first().map(|item| &item.kind), Some(ItemKind::Directory { .. })) && items.first().is_some_and(|item| item.relative == name);
            let base = if is_directory {
                destination.clone()
            } else {
                let existing_directory = target.stat(&destination).map(|meta| meta.file_type == FileType::Directory).unwrap_or(false);
                if into_directory || existing_directory || many {
                    join(&destination, name.rsplit('/').next().unwrap_or(&name))
                } else {
                    destination.clone()
                }
            };
            for item in &items {
                let suffix = item.relative.strip_prefix(&name).unwrap_or("").trim_start_matches('/');
                let path = if suffix.is_empty() { base.clone() } else { join(&base, suffix) };
                write_item(target, &path, item, request)?;
                digests.push((format!("{}{}", pattern.trim_end_matches('/'), if suffix.is_empty() { String::new() } else { format!("/{suffix}") }), item_digest(item)));
            }
        }
    }
    for (name, text) in request.inline {
        let path = if into_directory { join(&destination, name) } else { destination.clone() };
        let item = Item { relative: name.clone(), kind: ItemKind::File { content: Content::Text(text.clone()), mode: 0o644 } };
        write_item(target, &path, &item, request)?;
        digests.push((format!("<<{name}"), item_digest(&item)));
    }
    Ok(digests)
}

fn write_item(target: &mut Overlay, path: &str, item: &Item, request: &CopyRequest) -> Result<(), String> {
    if let Some((parent, _)) = path.rsplit_once('/') {
        if !parent.is_empty() {
            target.mkdir_all(parent).map_err(|error| error.to_string())?;
        }
    }
    match &item.kind {
        ItemKind::Directory { mode } => {
            target.mkdir_all(path).map_err(|error| error.to_string())?;
            target.chmod(path, request.mode.unwrap_or(*mode), Recursion::Single).map_err(|error| error.to_string())?;
        }
        ItemKind::File { content, mode } => {
            if target.stat(path).map(|meta| meta.file_type == FileType::Directory).unwrap_or(false) {
                return Err(format!("cannot copy to non-directory: {path}"));
            }
            target.write_with_mode(path, content.clone(), request.mode.unwrap_or(*mode)).map_err(|error| error.to_string())?;
        }
        ItemKind::Symlink { target: link } => {
            let _ = target.remove(path, Recursion::Single, crate::fs::IfMissing::Ignore);
            target.symlink(link, path).map_err(|error| error.to_string())?;
        }
    }
    let (uid, gid) = request.owner.unwrap_or((0, 0));
    target
        .chown(path, Owner { uid: Some(uid), gid: Some(gid) }, Recursion::Single)
        .map_err(|error| error.to_string())
}

/// Finds the items a source pattern names: for each matching path, the
/// path and everything below it.
fn resolve(source: &Source, pattern: &str) -> Result<Vec<(String, Vec<Item>)>, String> {
    let cleaned = clean_relative(pattern);
    let names: Vec<String> = match source {
        Source::Context(context) => {
            if has_wildcard(&cleaned) {
                context.entries.keys().filter(|path| glob_match(&cleaned, path)).cloned().collect()
            } else if cleaned.is_empty() || context.entries.contains_key(&cleaned) {
                vec![cleaned.clone()]
            } else {
                Vec::new()
            }
        }
        Source::Files(files) => {
            let absolute_path = format!("/{cleaned}");
            if files.exists(&absolute_path) {
                vec![cleaned.clone()]
            } else {
                Vec::new()
            }
        }
    };
    if names.is_empty() {
        return Err(format!("\"/{}\": not found", cleaned));
    }
    let mut result = Vec::new();
    for name in names {
        let items = match source {
            Source::Context(context) => context
                .subtree(&name)
                .map(|(path, entry)| Item {
                    relative: path.clone(),
                    kind: match entry {
                        ContextEntry::Directory { mode } => ItemKind::Directory { mode: *mode },
                        ContextEntry::File { content, mode } => ItemKind::File { content: content.clone(), mode: *mode },
                        ContextEntry::Symlink { target } => ItemKind::Symlink { target: target.clone() },
                    },
                })
                .collect::<Vec<_>>(),
            Source::Files(files) => files_subtree(files, &name)?,
        };
        // The context root is a directory with no entry of its own.
        let items = if name.is_empty() {
            let mut all = vec![Item { relative: String::new(), kind: ItemKind::Directory { mode: 0o755 } }];
            all.extend(items);
            all
        } else {
            items
        };
        result.push((name, items));
    }
    Ok(result)
}

fn files_subtree(files: &Overlay, name: &str) -> Result<Vec<Item>, String> {
    let root = format!("/{name}");
    let walked = files.walk(&root).map_err(|error| error.to_string())?;
    let mut items = Vec::new();
    for (path, metadata) in walked {
        let relative = path.as_str().trim_start_matches('/').to_string();
        let kind = match metadata.file_type {
            FileType::Directory => ItemKind::Directory { mode: metadata.mode },
            FileType::Symlink => ItemKind::Symlink { target: files.read_link(path.as_str()).map(str::to_string).unwrap_or_default() },
            FileType::File => ItemKind::File {
                content: files.read(path.as_str()).map_err(|error| error.to_string())?.clone(),
                mode: metadata.mode,
            },
        };
        items.push(Item { relative, kind });
    }
    Ok(items)
}

fn item_digest(item: &Item) -> Digest {
    let text = match &item.kind {
        ItemKind::Directory { mode } => format!("dir {mode:o}"),
        ItemKind::Symlink { target } => format!("symlink {target}"),
        ItemKind::File { content: Content::Text(text), mode } => format!("file {mode:o} {}", Digest::of(text.as_bytes())),
        ItemKind::File { content: Content::Synthetic { size, seed }, mode } => format!("file {mode:o} {size} {seed}"),
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

fn join(directory: &str, name: &str) -> String {
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
fn clean_relative(path: &str) -> String {
    normalise(path).trim_start_matches('/').to_string()
}

fn has_wildcard(pattern: &str) -> bool {
    pattern.contains(['*', '?', '['])
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
                literal if literal == path[s] && literal != '?' && literal != '[' && literal != '\\' => {
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
            for part in path.split('/').collect::<Vec<_>>().split_last().map(|(_, dirs)| dirs.to_vec()).unwrap_or_default() {
                parent = if parent.is_empty() { part.to_string() } else { format!("{parent}/{part}") };
                context.entries.insert(parent.clone(), ContextEntry::Directory { mode: 0o755 });
            }
            context.entries.insert(path.to_string(), ContextEntry::File { content: Content::Text(text.to_string()), mode: 0o644 });
        }
        context
    }

    fn request<'a>(sources: &'a [String], destination: &'a str, workdir: &'a str) -> CopyRequest<'a> {
        CopyRequest { sources, inline: &[], destination, workdir, owner: None, mode: None }
    }

    #[test]
    fn file_to_directory_keeps_name() {
        let ctx = context(&[("scrapy.cfg", "x")]);
        let mut fs = Overlay::new(Vec::new());
        fs.mkdir_all("/app").unwrap();
        let sources = vec!["scrapy.cfg".to_string()];
        copy(&mut fs, &Source::Context(&ctx), &request(&sources, "./", "/app")).unwrap();
        assert!(fs.exists("/app/scrapy.cfg"));
    }

    #[test]
    fn directory_copies_contents() {
        let ctx = context(&[("quotes/spiders/a.py", "a"), ("quotes/settings.py", "s")]);
        let mut fs = Overlay::new(Vec::new());
        let sources = vec!["quotes".to_string()];
        copy(&mut fs, &Source::Context(&ctx), &request(&sources, "./quotes", "/app")).unwrap();
        assert!(fs.exists("/app/quotes/spiders/a.py"));
        assert!(fs.exists("/app/quotes/settings.py"));
        assert!(!fs.exists("/app/quotes/quotes"));
    }

    #[test]
    fn file_renamed_when_destination_has_no_slash() {
        let ctx = context(&[("scrapyd.conf", "c")]);
        let mut fs = Overlay::new(Vec::new());
        let sources = vec!["scrapyd.conf".to_string()];
        copy(&mut fs, &Source::Context(&ctx), &request(&sources, "/etc/scrapyd/scrapyd.conf", "/")).unwrap();
        assert_eq!(fs.read("/etc/scrapyd/scrapyd.conf").unwrap().as_text(), Some("c"));
    }

    #[test]
    fn missing_source_names_path() {
        let ctx = context(&[]);
        let mut fs = Overlay::new(Vec::new());
        let sources = vec!["missing.txt".to_string()];
        let error = copy(&mut fs, &Source::Context(&ctx), &request(&sources, "/", "/")).err().unwrap();
        assert_eq!(error, "\"/missing.txt\": not found");
    }

    #[test]
    fn several_sources_need_directory_destination() {
        let ctx = context(&[("a", "a"), ("b", "b")]);
        let mut fs = Overlay::new(Vec::new());
        let sources = vec!["a".to_string(), "b".to_string()];
        assert!(copy(&mut fs, &Source::Context(&ctx), &request(&sources, "/dest", "/")).is_err());
        assert!(copy(&mut fs, &Source::Context(&ctx), &request(&sources, "/dest/", "/")).is_ok());
    }

    #[test]
    fn glob_matches_like_go() {
        assert!(glob_match("*.py", "app.py"));
        assert!(!glob_match("*.py", "pkg/app.py"));
        assert!(glob_match("pkg/*.py", "pkg/app.py"));
        assert!(glob_match("a?c", "abc"));
        assert!(glob_match("[a-c]x", "bx"));
        assert!(!glob_match("[!a-c]x", "bx"));
    }
}
