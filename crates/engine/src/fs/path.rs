//! Normalised absolute paths, ordered the way a directory walk visits them.
//!
//! An [`FsPath`] is always absolute, has no `.` or `..` components, no empty
//! components and no trailing slash, except the root `/` itself. Normalising
//! resolves `..` lexically: symlink-aware resolution belongs to the overlay.
//!
//! Paths order component by component, each component by its bytes, so a
//! sorted list is the pre-order of a walk whose directory listings are sorted
//! by name (Go's `filepath.Walk`, which `docker diff` uses): `/a`, `/a/b`,
//! `/a-c`. Plain string order would put `/a-c` before `/a/b`.

use std::cmp::Ordering;
use std::fmt;

/// A normalised absolute path.
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct FsPath(String);

impl FsPath {
    /// Returns the root directory `/`.
    pub fn root() -> FsPath {
        FsPath("/".to_string())
    }

    /// Normalises `text` lexically. A relative path is taken from the root.
    pub fn new(text: &str) -> FsPath {
        let mut components: Vec<&str> = Vec::new();
        for component in text.split('/') {
            match component {
                "" | "." => {}
                ".." => {
                    components.pop();
                }
                name => components.push(name),
            }
        }
        FsPath::from_components(&components)
    }

    fn from_components(components: &[&str]) -> FsPath {
        if components.is_empty() {
            return FsPath::root();
        }
        let mut text = String::new();
        for component in components {
            text.push('/');
            text.push_str(component);
        }
        FsPath(text)
    }

    /// Appends one component that the caller knows is a plain name (no `/`,
    /// not `.` or `..`), skipping normalisation.
    pub(crate) fn child(&self, name: &str) -> FsPath {
        if self.is_root() {
            return FsPath(format!("/{name}"));
        }
        FsPath(format!("{}/{name}", self.0))
    }

    /// Returns a path that compares just after every descendant of `self` and before
    /// any later sibling, used as a range bound to skip a subtree.
    pub(crate) fn subtree_end(&self) -> FsPath {
        FsPath(format!("{}\0", self.0))
    }

    /// Returns the path as text, such as `/usr/bin`.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// Returns whether this is `/`.
    pub fn is_root(&self) -> bool {
        self.0 == "/"
    }

    /// Returns the directory that contains this path, or `None` for the root.
    pub fn parent(&self) -> Option<FsPath> {
        if self.is_root() {
            return None;
        }
        let cut = self.0.rfind('/').unwrap_or(0);
        if cut == 0 {
            return Some(FsPath::root());
        }
        Some(FsPath(self.0[..cut].to_string()))
    }

    /// Returns the last component, or `None` for the root.
    pub fn file_name(&self) -> Option<&str> {
        if self.is_root() {
            return None;
        }
        self.0.rsplit('/').next()
    }

    /// Appends `relative` (one or more components, normalised lexically).
    pub fn join(&self, relative: &str) -> FsPath {
        FsPath::new(&format!("{}/{}", self.0, relative))
    }

    /// Returns the components from the root down, empty for the root.
    pub fn components(&self) -> impl Iterator<Item = &str> {
        self.0.split('/').filter(|component| !component.is_empty())
    }

    /// Returns the number of components, 0 for the root.
    pub fn depth(&self) -> usize {
        self.components().count()
    }

    /// Returns the strict ancestors from the first component down to the parent,
    /// excluding the root: `/a/b/c` gives `/a`, `/a/b`.
    pub fn ancestors(&self) -> Vec<FsPath> {
        let components: Vec<&str> = self.components().collect();
        (1..components.len())
            .map(|count| FsPath::from_components(&components[..count]))
            .collect()
    }

    /// Returns whether `self` is `ancestor` or lies below it.
    pub fn starts_with(&self, ancestor: &FsPath) -> bool {
        if ancestor.is_root() {
            return true;
        }
        match self.0.strip_prefix(&ancestor.0) {
            Some(rest) => rest.is_empty() || rest.starts_with('/'),
            None => false,
        }
    }

    /// Returns whether `self` lies strictly below `ancestor`.
    pub fn is_descendant_of(&self, ancestor: &FsPath) -> bool {
        self != ancestor && self.starts_with(ancestor)
    }

    /// Returns the path below `ancestor` without a leading slash, if `self` lies
    /// strictly below it.
    pub fn strip_ancestor(&self, ancestor: &FsPath) -> Option<&str> {
        if !self.is_descendant_of(ancestor) {
            return None;
        }
        let start = if ancestor.is_root() {
            1
        } else {
            ancestor.0.len() + 1
        };
        Some(&self.0[start..])
    }

    /// Moves this path from below `from` to the same place below `to`.
    pub fn rebase(&self, from: &FsPath, to: &FsPath) -> Option<FsPath> {
        if self == from {
            return Some(to.clone());
        }
        self.strip_ancestor(from).map(|rest| to.join(rest))
    }
}

/// Returns the length of the common prefix of two byte strings. Comparing 64-byte
/// chunks as slices uses `memcmp`, which keeps long shared prefixes (deep
/// paths) cheap.
fn common_prefix_len(a: &[u8], b: &[u8]) -> usize {
    let shortest = a.len().min(b.len());
    let mut start = 0;
    while start + 64 <= shortest && a[start..start + 64] == b[start..start + 64] {
        start += 64;
    }
    start
        + a[start..shortest]
            .iter()
            .zip(&b[start..shortest])
            .take_while(|(x, y)| x == y)
            .count()
}

/// Returns the rank of a byte in path order: `/` sorts before every other byte.
fn path_rank(byte: u8) -> u16 {
    if byte == b'/' {
        0
    } else {
        u16::from(byte) + 1
    }
}

impl Ord for FsPath {
    fn cmp(&self, other: &FsPath) -> Ordering {
        let (a, b) = (self.0.as_bytes(), other.0.as_bytes());
        let common = common_prefix_len(a, b);
        match (a.get(common), b.get(common)) {
            (Some(x), Some(y)) => path_rank(*x).cmp(&path_rank(*y)),
            _ => a.len().cmp(&b.len()),
        }
    }
}

impl PartialOrd for FsPath {
    fn partial_cmp(&self, other: &FsPath) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl fmt::Display for FsPath {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str(&self.0)
    }
}

impl fmt::Debug for FsPath {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(formatter, "{:?}", self.0)
    }
}

impl From<&str> for FsPath {
    fn from(text: &str) -> FsPath {
        FsPath::new(text)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalise_table() {
        let cases = [
            ("/", "/"),
            ("", "/"),
            ("//", "/"),
            ("/usr//bin/", "/usr/bin"),
            ("/usr/./bin", "/usr/bin"),
            ("/usr/../etc", "/etc"),
            ("/../..", "/"),
            ("etc/passwd", "/etc/passwd"),
            ("/a/b/../../c/.", "/c"),
        ];
        for (input, expected) in cases {
            assert_eq!(FsPath::new(input).as_str(), expected, "input {input:?}");
        }
    }

    #[test]
    fn parent_and_name_table() {
        let cases = [
            ("/", None, None),
            ("/etc", Some("/"), Some("etc")),
            (
                "/etc/apt/sources.list",
                Some("/etc/apt"),
                Some("sources.list"),
            ),
        ];
        for (input, parent, name) in cases {
            let path = FsPath::new(input);
            assert_eq!(
                path.parent().map(|p| p.0),
                parent.map(String::from),
                "{input}"
            );
            assert_eq!(path.file_name(), name, "{input}");
        }
    }

    #[test]
    fn ancestors_exclude_root_and_self() {
        let names: Vec<String> = FsPath::new("/a/b/c")
            .ancestors()
            .iter()
            .map(|p| p.0.clone())
            .collect();
        assert_eq!(names, ["/a", "/a/b"]);
        assert!(FsPath::new("/a").ancestors().is_empty());
    }

    #[test]
    fn order_is_walk_order() {
        let mut paths: Vec<FsPath> = ["/a-c", "/a/b", "/", "/a", "/b", "/a/b/c", "/a.d"]
            .iter()
            .map(|p| FsPath::new(p))
            .collect();
        paths.sort();
        let names: Vec<&str> = paths.iter().map(FsPath::as_str).collect();
        assert_eq!(names, ["/", "/a", "/a/b", "/a/b/c", "/a-c", "/a.d", "/b"]);
    }

    #[test]
    fn order_with_long_shared_prefixes() {
        let base = "/d".repeat(100);
        let deeper = FsPath::new(&format!("{base}/x"));
        let sibling = FsPath::new(&format!("{base}-x"));
        let same = FsPath::new(&base);
        assert!(same < deeper);
        assert!(deeper < sibling);
        assert_eq!(same.cmp(&FsPath::new(&base)), Ordering::Equal);
    }

    #[test]
    fn subtree_end_skips_descendants_only() {
        let dir = FsPath::new("/a");
        let end = dir.subtree_end();
        assert!(FsPath::new("/a/zzz/y") < end);
        assert!(FsPath::new("/a-") > end);
        assert!(FsPath::new("/b") > end);
    }

    #[test]
    fn starts_with_is_component_wise() {
        let cases = [
            ("/a/b", "/a", true),
            ("/a", "/a", true),
            ("/ab", "/a", false),
            ("/a", "/", true),
            ("/a", "/a/b", false),
        ];
        for (path, ancestor, expected) in cases {
            assert_eq!(
                FsPath::new(path).starts_with(&FsPath::new(ancestor)),
                expected,
                "{path} starts with {ancestor}"
            );
        }
    }

    #[test]
    fn rebase_moves_subtrees() {
        let from = FsPath::new("/src");
        let to = FsPath::new("/dst/x");
        assert_eq!(
            FsPath::new("/src/a/b").rebase(&from, &to),
            Some(FsPath::new("/dst/x/a/b"))
        );
        assert_eq!(from.rebase(&from, &to), Some(to.clone()));
        assert_eq!(FsPath::new("/srcx").rebase(&from, &to), None);
        let root = FsPath::root();
        assert_eq!(FsPath::new("/a").strip_ancestor(&root), Some("a"));
    }
}
