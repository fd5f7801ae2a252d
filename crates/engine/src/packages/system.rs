//! Facts about a file tree that package managers read: `/etc/os-release`
//! fields and the multiarch library directory.

use crate::fs::Overlay;

/// Returns the value of `key` in `/etc/os-release`, without quotes.
pub(crate) fn os_release_field(tree: &Overlay, key: &str) -> Option<String> {
    let content = tree.read("/etc/os-release").ok()?;
    content.as_text()?.lines().find_map(|line| {
        let (name, value) = line.split_once('=')?;
        (name.trim() == key).then(|| value.trim().trim_matches('"').to_string())
    })
}

/// Replaces `{{triplet}}` with the Debian multiarch triplet of `arch`.
pub(crate) fn expand_triplet(path: &str, arch: &str) -> String {
    let triplet = match arch {
        "arm64" => "aarch64-linux-gnu",
        _ => "x86_64-linux-gnu",
    };
    path.replace("{{triplet}}", triplet)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fs::Content;

    #[test]
    fn os_release_fields() {
        let mut tree = Overlay::default();
        tree.mkdir("/etc").unwrap();
        let text = "PRETTY_NAME=\"Debian GNU/Linux 12 (bookworm)\"\nID=debian\nVERSION_CODENAME=bookworm\n";
        tree.write("/etc/os-release", Content::Text(text.into()))
            .unwrap();
        assert_eq!(os_release_field(&tree, "ID").as_deref(), Some("debian"));
        assert_eq!(
            os_release_field(&tree, "PRETTY_NAME").as_deref(),
            Some("Debian GNU/Linux 12 (bookworm)")
        );
        assert_eq!(os_release_field(&tree, "NOPE"), None);
    }

    #[test]
    fn triplet_table() {
        assert_eq!(
            expand_triplet("/usr/lib/{{triplet}}/libcurl.so.4", "arm64"),
            "/usr/lib/aarch64-linux-gnu/libcurl.so.4"
        );
        assert_eq!(
            expand_triplet("/usr/lib/{{triplet}}/x", "amd64"),
            "/usr/lib/x86_64-linux-gnu/x"
        );
    }
}
