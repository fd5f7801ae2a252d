//! ADD and COPY sources and flags, checked as BuildKit's `dispatchCopy`
//! checks them (`dockerfile2llb/convert.go` at moby/buildkit e269a8a3): git
//! references (`dfgitutil.ParseGitRef`), HTTP(S) URLs, `--checksum` digests
//! (go-digest's `Parse`) and `--chmod` modes (octal, or symbolic as
//! tonistiigi/dchapes-mode's `Parse` reads them).

use shared_sort::SortedMap;

use crate::instructions::values::{parse_bool, parse_uint32};
use crate::parser::go::quote;

/// The kind of thing an ADD or COPY source names.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SourceKind {
    /// A path in the build context or the `--from` stage.
    Local,
    /// An `http://` or `https://` URL that is not a git repository.
    Http,
    /// A git repository.
    Git(GitRef),
    /// A git reference whose query BuildKit rejects, with its message.
    BadGit(String),
}

/// The parts of a git reference that the checks need.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct GitRef {
    /// `github.com/...` without a scheme, which BuildKit copies as a local
    /// path.
    pub indistinguishable_from_local: bool,
    /// The `keep-git-dir` query value.
    pub keep_git_dir: Option<bool>,
    /// The `checksum` or `commit` query value.
    pub checksum: Option<String>,
}

/// Classifies `source` as `dispatchCopy` does: a git reference first, then
/// an HTTP(S) URL, else a local path.
pub fn source_kind(source: &str) -> SourceKind {
    match parse_git_ref(source) {
        GitParse::Git(git) => SourceKind::Git(git),
        GitParse::Invalid(message) => SourceKind::BadGit(message),
        GitParse::NotGit if is_http(source) => SourceKind::Http,
        GitParse::NotGit => SourceKind::Local,
    }
}

/// Returns whether `source` counts as HTTP(S) or git for `--checksum`, as
/// BuildKit's `isHTTPSource` and `isGitSource` decide.
pub fn takes_checksum(source: &str) -> bool {
    match parse_git_ref(source) {
        GitParse::Git(_) => true,
        GitParse::Invalid(_) | GitParse::NotGit => is_http(source),
    }
}

fn is_http(source: &str) -> bool {
    source.starts_with("http://") || source.starts_with("https://")
}

enum GitParse {
    NotGit,
    Git(GitRef),
    Invalid(String),
}

/// BuildKit's `dfgitutil.ParseGitRef`: a URL with the `http`, `https`,
/// `ssh` or `git` scheme (an HTTP(S) one only when its path ends in
/// `.git`), an scp-style `user@host:path`, or `github.com/...`.
///
/// FIXME: Go's `url.Parse` errors (a bad port or escape in the host) are not
/// modelled, so such a URL counts as git here where BuildKit treats it as a
/// local path.
fn parse_git_ref(source: &str) -> GitParse {
    if source.starts_with("./") || source.starts_with("../") {
        return GitParse::NotGit;
    }
    if let Some(path) = source.strip_prefix("github.com/") {
        let (_, query, _) = split_url(path);
        return git_with_query(query.unwrap_or(""), true);
    }
    match scheme(source) {
        Some(scheme) => scheme_url(source, &scheme),
        None => scp_url(source),
    }
}

/// Returns the lowercased scheme of `^[a-zA-Z0-9]+://`, if there is one.
fn scheme(source: &str) -> Option<String> {
    let end = source.find("://")?;
    let name = &source[..end];
    let valid = !name.is_empty() && name.bytes().all(|b| b.is_ascii_alphanumeric());
    valid.then(|| name.to_ascii_lowercase())
}

fn scheme_url(source: &str, scheme: &str) -> GitParse {
    if !matches!(scheme, "http" | "https" | "ssh" | "git") {
        return GitParse::NotGit;
    }
    let rest = &source[scheme.len() + 3..];
    let (path_part, query, _) = split_url(rest);
    let path = path_part.find('/').map_or("", |at| &path_part[at..]);
    if matches!(scheme, "http" | "https") && !path.ends_with(".git") {
        return GitParse::NotGit;
    }
    git_with_query(query.unwrap_or(""), false)
}

/// BuildKit's `sshutil.ParseSCPStyleURL`:
/// `^([a-zA-Z0-9-_]+)@([a-zA-Z0-9-.]+):(.*?)(?:\?(.*?))?(?:#(.*))?$`.
fn scp_url(source: &str) -> GitParse {
    let Some((user, rest)) = source.split_once('@') else {
        return GitParse::NotGit;
    };
    let user_valid = !user.is_empty()
        && user
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_');
    let Some((host, path)) = rest.split_once(':') else {
        return GitParse::NotGit;
    };
    let host_valid = !host.is_empty()
        && host
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'.');
    if !user_valid || !host_valid {
        return GitParse::NotGit;
    }
    let (_, query, _) = split_url(path);
    match parse_query(query.unwrap_or("")) {
        Ok(values) => load_query(&values, false),
        Err(_) => GitParse::NotGit,
    }
}

/// Splits `text` at the first `?` and the first `#` after it.
fn split_url(text: &str) -> (&str, Option<&str>, Option<&str>) {
    let (before_fragment, fragment) = match text.split_once('#') {
        Some((before, fragment)) => (before, Some(fragment)),
        None => (text, None),
    };
    match before_fragment.split_once('?') {
        Some((path, query)) => (path, Some(query), fragment),
        None => (before_fragment, None, fragment),
    }
}

/// Reads a query as Go's `URL.Query` does for URLs with a scheme: pairs
/// that fail to decode are dropped.
fn git_with_query(query: &str, local: bool) -> GitParse {
    let values = parse_query_lenient(query);
    load_query(&values, local)
}

/// BuildKit's `GitRef.loadQuery`, over the keys in byte order because Go
/// walks the query map in random order.
fn load_query(values: &SortedMap<String, Vec<String>>, local: bool) -> GitParse {
    let mut git = GitRef {
        indistinguishable_from_local: local,
        ..GitRef::default()
    };
    let mut refs = Refs::default();
    for (key, value) in values {
        if let Err(message) = query_entry(&mut git, &mut refs, key, value) {
            return GitParse::Invalid(message);
        }
    }
    match refs.finish() {
        Ok(()) => GitParse::Git(git),
        Err(message) => GitParse::Invalid(message),
    }
}

/// The `ref`, `tag` and `branch` query values, checked together at the end.
#[derive(Default)]
struct Refs {
    reference: Option<String>,
    tag: Option<String>,
    branch: Option<String>,
}

impl Refs {
    fn finish(self) -> Result<(), String> {
        let mut reference = self.reference;
        if let Some(tag) = &self.tag {
            let tag = prefixed("refs/tags/", tag);
            conflicts(reference.as_deref(), &tag)?;
            reference = Some(tag);
        }
        if let Some(branch) = &self.branch {
            if self.tag.is_some() {
                return Err("branch conflicts with tag".to_owned());
            }
            conflicts(reference.as_deref(), &prefixed("refs/heads/", branch))?;
        }
        Ok(())
    }
}

fn prefixed(prefix: &str, name: &str) -> String {
    match name.starts_with(prefix) {
        true => name.to_owned(),
        false => format!("{prefix}{name}"),
    }
}

fn conflicts(reference: Option<&str>, other: &str) -> Result<(), String> {
    match reference {
        Some(reference) if reference != other => Err(format!(
            "ref conflicts: {} vs {}",
            quote(reference),
            quote(other)
        )),
        _ => Ok(()),
    }
}

fn query_entry(
    git: &mut GitRef,
    refs: &mut Refs,
    key: &str,
    values: &[String],
) -> Result<(), String> {
    let value = match values {
        [] => None,
        [only] if only.is_empty() => None,
        [only] => Some(only.clone()),
        _ => return Err(format!("query {} has multiple values", quote(key))),
    };
    if value.is_none() && !matches!(key, "submodules" | "keep-git-dir") {
        return Err(format!("query {} has no value", quote(key)));
    }
    match key {
        "ref" => refs.reference = value,
        "tag" => refs.tag = value,
        "branch" => refs.branch = value,
        "subdir" => {}
        "checksum" | "commit" => git.checksum = value,
        "keep-git-dir" => git.keep_git_dir = Some(query_bool(key, value.as_deref())?),
        "submodules" => {
            query_bool(key, value.as_deref())?;
        }
        _ => return Err(format!("unexpected query {}", quote(key))),
    }
    Ok(())
}

fn query_bool(key: &str, value: Option<&str>) -> Result<bool, String> {
    match value {
        None => Ok(true),
        Some(value) => {
            parse_bool(value).ok_or_else(|| format!("invalid {key} value: {}", quote(value)))
        }
    }
}

/// Go's `url.ParseQuery`, which fails on `;` and bad escapes.
fn parse_query(query: &str) -> Result<SortedMap<String, Vec<String>>, String> {
    let mut values: SortedMap<String, Vec<String>> = SortedMap::new();
    for pair in query.split('&').filter(|pair| !pair.is_empty()) {
        if pair.contains(';') {
            return Err("invalid semicolon separator in query".to_owned());
        }
        let (key, value) = pair.split_once('=').unwrap_or((pair, ""));
        let key = query_unescape(key).ok_or("invalid URL escape")?;
        let value = query_unescape(value).ok_or("invalid URL escape")?;
        values.entry(key).or_default().push(value);
    }
    Ok(values)
}

/// Go's `URL.Query`, which drops the pairs `url.ParseQuery` fails on.
fn parse_query_lenient(query: &str) -> SortedMap<String, Vec<String>> {
    let mut values: SortedMap<String, Vec<String>> = SortedMap::new();
    for pair in query
        .split('&')
        .filter(|pair| !pair.is_empty() && !pair.contains(';'))
    {
        let (key, value) = pair.split_once('=').unwrap_or((pair, ""));
        if let (Some(key), Some(value)) = (query_unescape(key), query_unescape(value)) {
            values.entry(key).or_default().push(value);
        }
    }
    values
}

/// Go's `url.QueryUnescape`: `+` is a space and `%XX` a byte.
fn query_unescape(text: &str) -> Option<String> {
    let mut bytes = Vec::with_capacity(text.len());
    let mut input = text.bytes();
    while let Some(byte) = input.next() {
        match byte {
            b'+' => bytes.push(b' '),
            b'%' => {
                let high = (input.next()? as char).to_digit(16)?;
                let low = (input.next()? as char).to_digit(16)?;
                bytes.push((high * 16 + low) as u8);
            }
            _ => bytes.push(byte),
        }
    }
    Some(String::from_utf8_lossy(&bytes).into_owned())
}

/// Checks a `--checksum` value as go-digest's `Parse` does with the
/// sha256, sha384 and sha512 algorithms BuildKit links.
///
/// # Errors
///
/// Returns `invalid checksum digest format`, `unsupported digest algorithm`
/// or `invalid checksum digest length`.
pub fn check_digest(digest: &str) -> Result<(), String> {
    let invalid_format = || "invalid checksum digest format".to_owned();
    let Some(colon) = digest
        .find(':')
        .filter(|&at| at > 0 && at + 1 < digest.len())
    else {
        return Err(invalid_format());
    };
    let (algorithm, encoded) = (&digest[..colon], &digest[colon + 1..]);
    let size = match algorithm {
        "sha256" => 32,
        "sha384" => 48,
        "sha512" => 64,
        _ if matches_digest_grammar(digest) => {
            return Err("unsupported digest algorithm".to_owned())
        }
        _ => return Err(invalid_format()),
    };
    if encoded.len() != size * 2 {
        return Err("invalid checksum digest length".to_owned());
    }
    match encoded
        .bytes()
        .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
    {
        true => Ok(()),
        false => Err(invalid_format()),
    }
}

/// go-digest's `DigestRegexpAnchored`:
/// `^[a-z0-9]+(?:[.+_-][a-z0-9]+)*:[a-zA-Z0-9=_-]+$`.
fn matches_digest_grammar(digest: &str) -> bool {
    let Some((algorithm, encoded)) = digest.split_once(':') else {
        return false;
    };
    let component = |part: &str| {
        !part.is_empty()
            && part
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
    };
    let algorithm_valid = algorithm.split(['.', '+', '_', '-']).all(component);
    let encoded_valid = !encoded.is_empty()
        && encoded
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"=_-".contains(&b));
    algorithm_valid && encoded_valid
}

/// Checks a `--chmod` value as `dispatchCopy` does.
///
/// # Errors
///
/// Returns `invalid chmod parameter: ...` for an octal value above 07777 or
/// a value that starts with a digit but is not octal, and `invalid syntax`
/// for a symbolic mode that dchapes-mode rejects.
pub fn check_chmod(chmod: &str) -> Result<(), String> {
    if chmod.is_empty() {
        return Ok(());
    }
    let non_octal = || {
        format!(
            "invalid chmod parameter: '{chmod}'. it should be octal string and between 0 and 07777"
        )
    };
    if let Some(mode) = parse_uint32(chmod, 8) {
        return match mode > 0o7777 {
            true => Err(non_octal()),
            false => Ok(()),
        };
    }
    if chmod.as_bytes()[0].is_ascii_digit() {
        return Err(non_octal());
    }
    match symbolic_mode_is_valid(chmod) {
        true => Ok(()),
        false => Err("invalid syntax".to_owned()),
    }
}

/// Follows dchapes-mode's symbolic grammar, clauses of
/// `[ugoa]*` then one or more `[-+=][rstwxXugo]*`, joined by commas.
///
/// FIXME: dchapes-mode indexes past the end of some values (`u`, `a+x,`) and
/// panics; they are taken as invalid syntax here.
fn symbolic_mode_is_valid(mode: &str) -> bool {
    let bytes = mode.as_bytes();
    let mut at = 0;
    loop {
        while at < bytes.len() && b"augo".contains(&bytes[at]) {
            at += 1;
        }
        loop {
            if at >= bytes.len() || !b"+-=".contains(&bytes[at]) {
                return false;
            }
            at += 1;
            while at < bytes.len() && b"rstwXxugo".contains(&bytes[at]) {
                at += 1;
            }
            if at == bytes.len() {
                return true;
            }
            if bytes[at] == b',' {
                break;
            }
        }
        at += 1;
        if at == bytes.len() {
            return false;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sources_classified_like_buildkit() {
        let cases = [
            ("src/app", SourceKind::Local),
            ("./x.git", SourceKind::Local),
            ("https://example.com/file.tar.gz", SourceKind::Http),
            (
                "https://github.com/moby/buildkit.git",
                SourceKind::Git(GitRef::default()),
            ),
            (
                "HTTPS://github.com/moby/buildkit.git#v0.1:docs",
                SourceKind::Git(GitRef::default()),
            ),
            (
                "git@github.com:moby/buildkit.git",
                SourceKind::Git(GitRef::default()),
            ),
            (
                "ssh://git@github.com/moby/buildkit",
                SourceKind::Git(GitRef::default()),
            ),
            ("ftp://example.com/x.git", SourceKind::Local),
            ("user@host/path", SourceKind::Local),
        ];
        for (source, expected) in cases {
            assert_eq!(source_kind(source), expected, "source {source:?}");
        }
        let local = source_kind("github.com/moby/buildkit");
        let expected = GitRef {
            indistinguishable_from_local: true,
            ..GitRef::default()
        };
        assert_eq!(local, SourceKind::Git(expected));
    }

    #[test]
    fn git_queries_like_buildkit() {
        let query = source_kind("https://x/y.git?keep-git-dir=false&checksum=abc");
        let expected = GitRef {
            keep_git_dir: Some(false),
            checksum: Some("abc".to_owned()),
            ..GitRef::default()
        };
        assert_eq!(query, SourceKind::Git(expected));
        let errors = [
            ("https://x/y.git?foo=1", "unexpected query \"foo\""),
            (
                "https://x/y.git?ref=a&ref=b",
                "query \"ref\" has multiple values",
            ),
            ("https://x/y.git?tag=", "query \"tag\" has no value"),
            (
                "https://x/y.git?tag=a&branch=b",
                "branch conflicts with tag",
            ),
            (
                "https://x/y.git?ref=a&tag=b",
                "ref conflicts: \"a\" vs \"refs/tags/b\"",
            ),
            (
                "https://x/y.git?submodules=maybe",
                "invalid submodules value: \"maybe\"",
            ),
        ];
        for (source, message) in errors {
            assert_eq!(
                source_kind(source),
                SourceKind::BadGit(message.to_owned()),
                "source {source:?}"
            );
        }
    }

    #[test]
    fn digests_like_go_digest() {
        let sha256 = format!("sha256:{}", "a".repeat(64));
        assert_eq!(check_digest(&sha256), Ok(()));
        let cases = [
            ("abc".to_owned(), "invalid checksum digest format"),
            (":abc".to_owned(), "invalid checksum digest format"),
            ("sha256:".to_owned(), "invalid checksum digest format"),
            ("md5:abc".to_owned(), "unsupported digest algorithm"),
            ("MD5:abc".to_owned(), "invalid checksum digest format"),
            ("sha256:abc".to_owned(), "invalid checksum digest length"),
            (
                format!("sha256:{}", "A".repeat(64)),
                "invalid checksum digest format",
            ),
        ];
        for (digest, message) in cases {
            assert_eq!(
                check_digest(&digest).unwrap_err(),
                message,
                "digest {digest:?}"
            );
        }
    }

    #[test]
    fn chmod_like_buildkit() {
        for valid in [
            "755",
            "0644",
            "7777",
            "u+x",
            "go-w",
            "=rw,+X",
            "u=rwx,go=u-w",
            "go=",
        ] {
            assert_eq!(check_chmod(valid), Ok(()), "mode {valid:?}");
        }
        let non_octal = |mode: &str| {
            format!("invalid chmod parameter: '{mode}'. it should be octal string and between 0 and 07777")
        };
        let cases = [
            ("10000", non_octal("10000")),
            ("9", non_octal("9")),
            ("0755x", non_octal("0755x")),
            ("u", "invalid syntax".to_owned()),
            ("x+r", "invalid syntax".to_owned()),
            ("u+x,", "invalid syntax".to_owned()),
            ("u+xq", "invalid syntax".to_owned()),
        ];
        for (mode, message) in cases {
            assert_eq!(check_chmod(mode).unwrap_err(), message, "mode {mode:?}");
        }
    }
}
