//! What ADD does beyond COPY, as BuildKit's `convert_copy.go` and its HTTP
//! and Git sources do it: download a URL, fetch a Git repository, unpack a
//! local archive.
//!
//! The simulation has no network. A URL gives a file of synthetic bytes whose
//! size and identity come from the URL, with mode 0600 as BuildKit's HTTP
//! source writes it, named after the URL's last path segment
//! (`__unnamed__` when it has none). A Git repository and the contents of an
//! archive are not simulated: the destination directory is made and the step
//! is marked as not simulated.

use crate::digest::Digest;
use crate::fs::{mix_seed, Content};

/// What an ADD source is.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum AddSource {
    /// An `http://` or `https://` URL of a file.
    Url(String),
    /// A Git repository: `git@host:…`, `git://…`, or an HTTP(S) URL of a
    /// `.git` repository, optionally with `#ref:subdir`.
    Git(String),
    /// A path in the build context.
    Local(String),
}

impl AddSource {
    /// Classifies a source as BuildKit's `dfgitutil.ParseGitRef` and
    /// `isHTTPSource` tell them apart.
    pub fn of(source: &str) -> AddSource {
        let http = source.starts_with("http://") || source.starts_with("https://");
        let without_fragment = source.split('#').next().unwrap_or(source);
        let git = source.starts_with("git@")
            || source.starts_with("git://")
            || source.starts_with("ssh://")
            || (http && without_fragment.trim_end_matches('/').ends_with(".git"));
        match (git, http) {
            (true, _) => AddSource::Git(source.to_string()),
            (false, true) => AddSource::Url(source.to_string()),
            (false, false) => AddSource::Local(source.to_string()),
        }
    }
}

/// Returns whether ADD unpacks a local file with this name: a tar archive,
/// plain or compressed with gzip, bzip2, xz or zstd.
pub fn is_archive(name: &str) -> bool {
    const SUFFIXES: [&str; 10] = [
        ".tar", ".tar.gz", ".tgz", ".tar.bz2", ".tbz2", ".tbz", ".tar.xz", ".txz", ".tar.zst",
        ".tzst",
    ];
    let lower = name.to_lowercase();
    SUFFIXES.iter().any(|suffix| lower.ends_with(suffix))
}

/// A simulated download.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Download {
    /// The file name BuildKit gives it.
    pub name: String,
    pub content: Content,
    /// The digest the file has: the `--checksum` value when one is given,
    /// because the real bytes are unknown.
    pub digest: Digest,
}

/// Returns the file a URL downloads to: 2 KiB to about 8 MiB of synthetic
/// bytes, the same for the same URL.
pub fn download(url: &str) -> Download {
    let hash = mix_seed(0xad, url.as_bytes());
    let size = 2048 + hash % (8 << 20);
    let seed = mix_seed(0xae, url.as_bytes());
    Download {
        name: url_file_name(url),
        content: Content::Synthetic { size, seed },
        digest: Digest::of(format!("synthetic {url}").as_bytes()),
    }
}

/// Returns the last segment of a URL's path, as BuildKit names downloads
/// with Go's `path.Base`.
fn url_file_name(url: &str) -> String {
    let rest = url.split_once("://").map_or(url, |(_, rest)| rest);
    let path = rest.split(['?', '#']).next().unwrap_or(rest);
    let path = path.split_once('/').map_or("", |(_, path)| path);
    match path.trim_end_matches('/').rsplit('/').next() {
        Some(name) if !name.is_empty() && name != "." => name.to_string(),
        _ => "__unnamed__".to_string(),
    }
}

/// Checks a `--checksum` value as go-digest's `Parse` does and returns
/// its error text.
pub fn check_checksum(checksum: &str) -> Result<(), String> {
    const FORMAT: &str = "invalid checksum digest format";
    let Some((algorithm, encoded)) = checksum
        .split_once(':')
        .filter(|(algorithm, encoded)| !algorithm.is_empty() && !encoded.is_empty())
    else {
        return Err(FORMAT.to_string());
    };
    let size = match algorithm {
        "sha256" => 32,
        "sha384" => 48,
        "sha512" => 64,
        _ => {
            let algorithm_ok = algorithm.split(['.', '+', '_', '-']).all(|part| {
                !part.is_empty()
                    && part
                        .chars()
                        .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit())
            });
            let encoded_ok = encoded
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '=' | '_' | '-'));
            return Err(if algorithm_ok && encoded_ok {
                "unsupported digest algorithm"
            } else {
                FORMAT
            }
            .to_string());
        }
    };
    if encoded.len() != size * 2 {
        return Err("invalid checksum digest length".to_string());
    }
    if !encoded.chars().all(|c| matches!(c, '0'..='9' | 'a'..='f')) {
        return Err(FORMAT.to_string());
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sources_are_classified() {
        let cases = [
            (
                "https://example.com/app.tar.gz",
                AddSource::Url("https://example.com/app.tar.gz".into()),
            ),
            (
                "https://github.com/moby/buildkit.git#v0.24.0",
                AddSource::Git("https://github.com/moby/buildkit.git#v0.24.0".into()),
            ),
            (
                "git@github.com:moby/buildkit.git",
                AddSource::Git("git@github.com:moby/buildkit.git".into()),
            ),
            ("app.tar.gz", AddSource::Local("app.tar.gz".into())),
        ];
        for (source, expected) in cases {
            assert_eq!(AddSource::of(source), expected, "{source}");
        }
    }

    #[test]
    fn download_names_follow_buildkit() {
        let cases = [
            ("https://example.com/dl/tool.tar.gz?x=1", "tool.tar.gz"),
            ("https://example.com/dl/", "dl"),
            ("https://example.com/", "__unnamed__"),
            ("https://example.com", "__unnamed__"),
        ];
        for (url, expected) in cases {
            assert_eq!(download(url).name, expected, "{url}");
        }
        assert_eq!(
            download("https://example.com/a"),
            download("https://example.com/a")
        );
    }

    #[test]
    fn checksums_are_checked_like_go_digest() {
        let good = format!("sha256:{}", "a".repeat(64));
        let cases = [
            (good.as_str(), Ok(())),
            ("sha256:abc", Err("invalid checksum digest length")),
            ("md5:0123", Err("unsupported digest algorithm")),
            ("nocolon", Err("invalid checksum digest format")),
            ("sha256:", Err("invalid checksum digest format")),
        ];
        for (checksum, expected) in cases {
            assert_eq!(
                check_checksum(checksum),
                expected.map_err(str::to_string),
                "{checksum}"
            );
        }
        let upper = format!("sha256:{}", "A".repeat(64));
        assert_eq!(
            check_checksum(&upper),
            Err("invalid checksum digest format".to_string())
        );
        assert!(is_archive("release.TAR.GZ"));
        assert!(!is_archive("notes.txt"));
    }
}
