//! The build context: the files of a directory on the client's host, minus
//! what `.dockerignore` excludes, as the client sends them to the builder.

use dockerfile::dockerignore::Matcher;
use shared_sort::SortedMap;

use crate::digest::Digest;
use crate::fs::{Content, FileType, Overlay};

/// A file or directory of the build context.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ContextEntry {
    Directory { mode: u32 },
    File { content: Content, mode: u32 },
    Symlink { target: String },
}

/// The files of a build context by path relative to its root (`quotes/settings.py`).
#[derive(Clone, Debug, Default)]
pub struct BuildContext {
    pub entries: SortedMap<String, ContextEntry>,
}

/// Why the context could not be read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ContextError {
    /// The directory does not exist.
    NotFound(String),
    /// `.dockerignore` has a pattern that does not parse.
    BadIgnoreFile(String),
}

impl BuildContext {
    /// Reads `directory` from a host's files, applying its `.dockerignore`.
    /// The Dockerfile and `.dockerignore` themselves are always sent, as
    /// BuildKit's frontend reads them separately.
    pub fn read(fs: &Overlay, directory: &str) -> Result<Self, ContextError> {
        let root = fs
            .canonicalize(directory)
            .map_err(|_| ContextError::NotFound(directory.to_string()))?;
        let walk = fs
            .walk(root.as_str())
            .map_err(|_| ContextError::NotFound(directory.to_string()))?;
        let ignore_text = fs
            .read(&format!(
                "{}/.dockerignore",
                root.as_str().trim_end_matches('/')
            ))
            .ok()
            .and_then(|content| content.as_text().map(str::to_string))
            .unwrap_or_default();
        let matcher = Matcher::from_file(&ignore_text).map_err(ContextError::BadIgnoreFile)?;

        let prefix = format!("{}/", root.as_str().trim_end_matches('/'));
        let mut entries = Vec::new();
        for (path, metadata) in walk {
            let Some(relative) = path.as_str().strip_prefix(&prefix) else {
                continue;
            };
            if relative.is_empty() || matcher.matches_or_parent_matches(relative) {
                continue;
            }
            let entry = match metadata.file_type {
                FileType::Directory => ContextEntry::Directory {
                    mode: metadata.mode,
                },
                FileType::Symlink => ContextEntry::Symlink {
                    target: fs
                        .read_link(path.as_str())
                        .map(str::to_string)
                        .unwrap_or_default(),
                },
                FileType::File => match fs.read(path.as_str()) {
                    Ok(content) => ContextEntry::File {
                        content: content.clone(),
                        mode: metadata.mode,
                    },
                    Err(_) => continue,
                },
            };
            entries.push((relative.to_string(), entry));
        }
        // Collecting sorts once, where inserting one by one would shift the
        // tail of a large context once per file.
        Ok(Self {
            entries: entries.into_iter().collect(),
        })
    }

    /// Returns the bytes the client transfers: the sum of file sizes.
    pub fn transfer_size(&self) -> u64 {
        self.entries
            .values()
            .map(|entry| match entry {
                ContextEntry::File { content, .. } => content.size(),
                ContextEntry::Symlink { target } => target.len() as u64,
                ContextEntry::Directory { .. } => 0,
            })
            .sum()
    }

    /// Returns the text of a file in the context.
    pub fn text(&self, path: &str) -> Option<&str> {
        match self.entries.get(path.trim_start_matches("./")) {
            Some(ContextEntry::File { content, .. }) => content.as_text(),
            _ => None,
        }
    }

    /// Returns a digest of one entry, for cache keys.
    pub fn entry_digest(&self, path: &str) -> Option<Digest> {
        let entry = self.entries.get(path)?;
        let text = match entry {
            ContextEntry::Directory { mode } => format!("dir {mode:o}"),
            ContextEntry::Symlink { target } => format!("symlink {target}"),
            ContextEntry::File { content, mode } => match content {
                Content::Text(text) => {
                    format!("file {mode:o} text {}", Digest::of(text.as_bytes()))
                }
                Content::Synthetic { size, seed } => {
                    format!("file {mode:o} synthetic {size} {seed}")
                }
            },
        };
        Some(Digest::of(text.as_bytes()))
    }

    /// Returns the paths at or below `path` (the root is `""`), in order.
    pub fn subtree<'a>(
        &'a self,
        path: &'a str,
    ) -> impl Iterator<Item = (&'a String, &'a ContextEntry)> + 'a {
        self.entries.iter().filter(move |(candidate, _)| {
            path.is_empty()
                || candidate.as_str() == path
                || candidate.starts_with(&format!("{path}/"))
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dockerignore_excludes_paths() {
        let mut fs = Overlay::new(Vec::new());
        fs.mkdir_all("/ctx/pkg/__pycache__").unwrap();
        fs.write(
            "/ctx/.dockerignore",
            Content::Text("**/__pycache__\n".into()),
        )
        .unwrap();
        fs.write("/ctx/app.py", Content::Text("print(1)\n".into()))
            .unwrap();
        fs.write("/ctx/pkg/__pycache__/x.pyc", Content::Text("x".into()))
            .unwrap();
        let context = BuildContext::read(&fs, "/ctx").unwrap();
        let paths: Vec<&str> = context.entries.keys().map(String::as_str).collect();
        assert_eq!(paths, [".dockerignore", "app.py", "pkg"]);
        assert_eq!(context.transfer_size(), 15 + 9);
    }
}
