//! Image references (`ubuntu`, `localhost:5000/app:1.0`, `redis@sha256:…`) parsed
//! and normalised as `github.com/distribution/reference` v0.6.0 does for Docker
//! CLI 28, with the same error texts.
//!
//! Grammar (reference.go):
//!
//! ```text
//! reference        := name [ ":" tag ] [ "@" digest ]
//! name             := [ domain "/" ] path
//! domain           := host [ ":" port ]
//! host             := domain-name | "[" IPv6 "]"
//! domain-name      := domain-component ( "." domain-component )*
//! domain-component := [a-zA-Z0-9] | [a-zA-Z0-9] [a-zA-Z0-9-]* [a-zA-Z0-9]
//! path             := path-component ( "/" path-component )*
//! path-component   := [a-z0-9]+ ( separator [a-z0-9]+ )*
//! separator        := "." | "_" | "__" | "-"+
//! tag              := [A-Za-z0-9_] [A-Za-z0-9_.-]{0,127}
//! digest           := algorithm ":" hex{32,}
//! algorithm        := [A-Za-z][A-Za-z0-9]* ( [-_+.] [A-Za-z][A-Za-z0-9]* )*
//! identifier       := [a-f0-9]{64}
//! ```
//!
//! Normalisation (normalize.go) turns the familiar form that users type into the
//! canonical form: `ubuntu` becomes `docker.io/library/ubuntu`, and
//! `index.docker.io` becomes `docker.io`. The first path component is a domain
//! only when it is `localhost`, contains `.` or `:`, or contains an uppercase
//! letter.
//!
//! Every parser here runs in linear time and never panics (a property test
//! feeds them random text).

use std::fmt;

/// Docker Hub's domain in canonical references.
pub const DEFAULT_DOMAIN: &str = "docker.io";
/// Docker Hub's former domain, rewritten to [`DEFAULT_DOMAIN`] when parsed.
pub const LEGACY_DEFAULT_DOMAIN: &str = "index.docker.io";
/// The namespace of official images on Docker Hub.
pub const OFFICIAL_REPOSITORY_NAMESPACE: &str = "library";
/// The tag that [`Reference::with_default_tag`] adds.
pub const DEFAULT_TAG: &str = "latest";
/// The maximum length in bytes of a name (domain, `/` and path), as v0.6.0 counts it.
///
/// NOTE: distribution/reference after v0.6.0 counts the path alone; Docker CLI 28
/// vendors v0.6.0, which counts the whole name.
pub const NAME_TOTAL_LENGTH_MAX: usize = 255;
/// The maximum length of a tag.
pub const TAG_LENGTH_MAX: usize = 128;

/// A reason a reference was rejected, with Docker's own error text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ReferenceError {
    /// `invalid reference format`.
    InvalidFormat,
    /// `invalid tag format`, from [`Reference::with_tag`].
    InvalidTagFormat,
    /// `invalid digest format`, from [`Reference::with_digest`].
    InvalidDigestFormat,
    /// `repository name must be lowercase`, from [`parse`].
    NameContainsUppercase,
    /// `repository name must have at least one component`.
    NameEmpty,
    /// `repository name must not be more than 255 characters`.
    NameTooLong,
    /// `invalid checksum digest format` (go-digest).
    DigestFormat,
    /// `invalid checksum digest length` (go-digest).
    DigestLength,
    /// `unsupported digest algorithm` (go-digest).
    DigestUnsupported,
    /// A 64-hex name given where a repository name is expected.
    HexadecimalName(String),
    /// An uppercase repository path from [`parse_normalized_named`], with the
    /// normalised path (`library/Ubuntu`).
    UppercasePath(String),
}

impl fmt::Display for ReferenceError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::InvalidFormat => f.write_str("invalid reference format"),
            Self::InvalidTagFormat => f.write_str("invalid tag format"),
            Self::InvalidDigestFormat => f.write_str("invalid digest format"),
            Self::NameContainsUppercase => f.write_str("repository name must be lowercase"),
            Self::NameEmpty => f.write_str("repository name must have at least one component"),
            Self::NameTooLong => write!(
                f,
                "repository name must not be more than {NAME_TOTAL_LENGTH_MAX} characters"
            ),
            Self::DigestFormat => f.write_str("invalid checksum digest format"),
            Self::DigestLength => f.write_str("invalid checksum digest length"),
            Self::DigestUnsupported => f.write_str("unsupported digest algorithm"),
            Self::HexadecimalName(name) => write!(
                f,
                "invalid repository name ({name}), cannot specify 64-byte hexadecimal strings"
            ),
            Self::UppercasePath(path) => write!(
                f,
                "invalid reference format: repository name ({path}) must be lowercase"
            ),
        }
    }
}

impl std::error::Error for ReferenceError {}

/// A named image reference: an optional domain, a repository path, and an
/// optional tag and digest.
///
/// References from [`parse_normalized_named`] always have a domain. The digest is
/// kept as text (`sha256:<64 hex>`), already validated.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Reference {
    domain: String,
    path: String,
    tag: Option<String>,
    digest: Option<String>,
}

impl Reference {
    /// Returns the domain (`docker.io`, `localhost:5000`), empty when none was given.
    pub fn domain(&self) -> &str {
        &self.domain
    }

    /// Returns the repository path (`library/ubuntu`), as used in registry URLs
    /// such as `/v2/library/ubuntu/manifests/latest`.
    pub fn path(&self) -> &str {
        &self.path
    }

    /// Returns the tag, if the reference has one.
    pub fn tag(&self) -> Option<&str> {
        self.tag.as_deref()
    }

    /// Returns the digest (`sha256:…`), if the reference has one.
    pub fn digest(&self) -> Option<&str> {
        self.digest.as_deref()
    }

    /// Returns the canonical name without tag or digest (`docker.io/library/ubuntu`).
    pub fn name(&self) -> String {
        if self.domain.is_empty() {
            return self.path.clone();
        }
        format!("{}/{}", self.domain, self.path)
    }

    /// Returns the familiar name that Docker shows (`ubuntu`, `user/app`,
    /// `localhost:5000/app`): `docker.io/` and an official `library/` are dropped.
    pub fn familiar_name(&self) -> String {
        if self.domain != DEFAULT_DOMAIN {
            return self.name();
        }
        match self.path.split_once('/') {
            Some((OFFICIAL_REPOSITORY_NAMESPACE, rest)) if !rest.contains('/') => rest.to_string(),
            _ => self.path.clone(),
        }
    }

    /// Returns the familiar form with tag and digest (`ubuntu:22.04`), as
    /// `reference.FamiliarString` prints it.
    pub fn familiar_string(&self) -> String {
        self.with_suffix(self.familiar_name())
    }

    /// Returns the repository path used in registry API URLs; the same as [`Self::path`].
    pub fn repository_path(&self) -> &str {
        &self.path
    }

    /// Returns whether the reference has neither tag nor digest (`IsNameOnly`).
    pub fn is_name_only(&self) -> bool {
        self.tag.is_none() && self.digest.is_none()
    }

    /// Adds the tag `latest` when the reference has neither tag nor digest, as
    /// `reference.TagNameOnly` does.
    pub fn with_default_tag(mut self) -> Self {
        if self.is_name_only() {
            self.tag = Some(DEFAULT_TAG.to_string());
        }
        self
    }

    /// Removes tag and digest (`reference.TrimNamed`).
    pub fn trimmed(&self) -> Self {
        Self {
            domain: self.domain.clone(),
            path: self.path.clone(),
            tag: None,
            digest: None,
        }
    }

    /// Replaces the tag, keeping any digest (`reference.WithTag`).
    pub fn with_tag(&self, tag: &str) -> Result<Self, ReferenceError> {
        if !is_tag(tag) {
            return Err(ReferenceError::InvalidTagFormat);
        }
        Ok(Self {
            tag: Some(tag.to_string()),
            ..self.clone()
        })
    }

    /// Replaces the digest, keeping any tag (`reference.WithDigest`).
    ///
    /// The digest must match the digest grammar; its algorithm is not checked.
    pub fn with_digest(&self, digest: &str) -> Result<Self, ReferenceError> {
        if !is_digest_syntax(digest) {
            return Err(ReferenceError::InvalidDigestFormat);
        }
        Ok(Self {
            digest: Some(digest.to_string()),
            ..self.clone()
        })
    }

    fn with_suffix(&self, mut text: String) -> String {
        if let Some(tag) = &self.tag {
            text.push(':');
            text.push_str(tag);
        }
        if let Some(digest) = &self.digest {
            text.push('@');
            text.push_str(digest);
        }
        text
    }
}

/// Prints the canonical form: `docker.io/library/busybox:latest@sha256:…`.
impl fmt::Display for Reference {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.with_suffix(self.name()))
    }
}

/// The result of `reference.ParseAnyReference`: a named reference or a bare digest.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum AnyReference {
    /// A normalised named reference.
    Named(Reference),
    /// A digest (`sha256:<64 hex>`), given as such or as a bare 64-hex image ID.
    Digest(String),
}

impl fmt::Display for AnyReference {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Named(reference) => reference.fmt(f),
            Self::Digest(digest) => f.write_str(digest),
        }
    }
}

/// Parses a reference without normalisation, as `reference.Parse` does.
///
/// The first path component is taken as the domain whenever it is a valid host
/// name, so `foo/bar` has domain `foo` here. Use [`parse_normalized_named`] for
/// what users type.
pub fn parse(text: &str) -> Result<Reference, ReferenceError> {
    let Some(parts) = split_reference(text) else {
        if text.is_empty() {
            return Err(ReferenceError::NameEmpty);
        }
        let lower = text.to_lowercase();
        if lower != text && split_reference(&lower).is_some() {
            return Err(ReferenceError::NameContainsUppercase);
        }
        return Err(ReferenceError::InvalidFormat);
    };

    let name_length = match parts.domain {
        Some(domain) => domain.len() + 1 + parts.path.len(),
        None => parts.path.len(),
    };
    if name_length > NAME_TOTAL_LENGTH_MAX {
        return Err(ReferenceError::NameTooLong);
    }
    if let Some(digest) = parts.digest {
        validate_digest(digest)?;
    }

    Ok(Reference {
        domain: parts.domain.unwrap_or_default().to_string(),
        path: parts.path.to_string(),
        tag: parts.tag.map(str::to_string),
        digest: parts.digest.map(str::to_string),
    })
}

/// Parses what a user typed into a canonical reference, as
/// `reference.ParseNormalizedNamed` does: `ubuntu` → `docker.io/library/ubuntu`.
///
/// A 64-hex string is rejected as a name; use [`parse_any_reference`] where an
/// image ID is allowed.
pub fn parse_normalized_named(text: &str) -> Result<Reference, ReferenceError> {
    if is_identifier(text) {
        return Err(ReferenceError::HexadecimalName(text.to_string()));
    }

    let (domain, remainder) = split_docker_domain(text);
    let remote = remainder.split(':').next().unwrap_or_default();
    if remote.to_lowercase() != remote {
        return Err(ReferenceError::UppercasePath(remote.to_string()));
    }

    parse(&format!("{domain}/{remainder}"))
}

/// Parses an image ID, a digest or a familiar name, as
/// `reference.ParseAnyReference` does.
///
/// A bare 64-hex string is an image ID and becomes the digest `sha256:<hex>`.
pub fn parse_any_reference(text: &str) -> Result<AnyReference, ReferenceError> {
    if is_identifier(text) {
        return Ok(AnyReference::Digest(format!("sha256:{text}")));
    }
    if validate_digest(text).is_ok() {
        return Ok(AnyReference::Digest(text.to_string()));
    }
    parse_normalized_named(text).map(AnyReference::Named)
}

/// Parses a familiar name for pulling, as `reference.ParseDockerRef` does: a
/// reference with both tag and digest keeps only the digest, and a bare name gets
/// the tag `latest`.
pub fn parse_docker_ref(text: &str) -> Result<Reference, ReferenceError> {
    let mut reference = parse_normalized_named(text)?;
    if reference.digest.is_some() {
        reference.tag = None;
        return Ok(reference);
    }
    Ok(reference.with_default_tag())
}

/// Returns whether `text` is a bare image ID: exactly 64 lowercase hex digits.
pub fn is_identifier(text: &str) -> bool {
    text.len() == 64 && text.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'))
}

/// Splits a repository name into domain and remainder as `splitDockerDomain` does.
fn split_docker_domain(name: &str) -> (&str, String) {
    let (mut domain, mut remainder) = match name.split_once('/') {
        Some((first, rest)) if looks_like_domain(first) => (first, rest.to_string()),
        _ => (DEFAULT_DOMAIN, name.to_string()),
    };
    if domain == LEGACY_DEFAULT_DOMAIN {
        domain = DEFAULT_DOMAIN;
    }
    if domain == DEFAULT_DOMAIN && !remainder.contains('/') {
        remainder = format!("{OFFICIAL_REPOSITORY_NAMESPACE}/{remainder}");
    }
    (domain, remainder)
}

/// Decides whether the first component of a familiar name is a registry host.
fn looks_like_domain(component: &str) -> bool {
    component == "localhost"
        || component.contains(['.', ':'])
        || component.to_lowercase() != component
}

/// The pieces of a reference that matched the grammar, before any validation of
/// lengths and digest algorithms.
struct ReferenceParts<'a> {
    domain: Option<&'a str>,
    path: &'a str,
    tag: Option<&'a str>,
    digest: Option<&'a str>,
}

/// Matches the whole reference grammar, trying a domain first as Go's
/// leftmost-first regexp does; returns `None` when nothing matches.
fn split_reference(text: &str) -> Option<ReferenceParts<'_>> {
    if let Some((first, rest)) = text.split_once('/') {
        if is_domain(first) {
            if let Some(mut parts) = split_path_tag_digest(rest) {
                parts.domain = Some(first);
                return Some(parts);
            }
        }
    }
    split_path_tag_digest(text)
}

/// Matches `path [":" tag] ["@" digest]`.
fn split_path_tag_digest(text: &str) -> Option<ReferenceParts<'_>> {
    let (before_digest, digest) = match text.split_once('@') {
        Some((before, digest)) => (before, Some(digest)),
        None => (text, None),
    };
    let (path, tag) = match before_digest.split_once(':') {
        Some((path, tag)) => (path, Some(tag)),
        None => (before_digest, None),
    };

    if !is_path(path) {
        return None;
    }
    if tag.is_some_and(|tag| !is_tag(tag)) {
        return None;
    }
    if digest.is_some_and(|digest| !is_digest_syntax(digest)) {
        return None;
    }
    Some(ReferenceParts {
        domain: None,
        path,
        tag,
        digest,
    })
}

fn is_path(text: &str) -> bool {
    text.split('/').all(is_path_component)
}

/// Matches `[a-z0-9]+ (separator [a-z0-9]+)*` with separators `.`, `_`, `__`, `-+`.
fn is_path_component(component: &str) -> bool {
    let bytes = component.as_bytes();
    let is_alphanumeric = |b: &u8| b.is_ascii_lowercase() || b.is_ascii_digit();
    if !bytes.first().is_some_and(is_alphanumeric) || !bytes.last().is_some_and(is_alphanumeric) {
        return false;
    }

    let mut index = 0;
    while index < bytes.len() {
        if is_alphanumeric(&bytes[index]) {
            index += 1;
            continue;
        }
        let start = index;
        while index < bytes.len() && !is_alphanumeric(&bytes[index]) {
            index += 1;
        }
        let separator = &component[start..index];
        let valid = matches!(separator, "." | "_" | "__") || separator.bytes().all(|b| b == b'-');
        if !valid {
            return false;
        }
    }
    true
}

/// Matches `host [":" port]` where host is a domain name or a bracketed IPv6 address.
fn is_domain(text: &str) -> bool {
    if let Some(inner_and_port) = text.strip_prefix('[') {
        let Some((inner, after)) = inner_and_port.split_once(']') else {
            return false;
        };
        let ipv6 = !inner.is_empty() && inner.bytes().all(|b| b.is_ascii_hexdigit() || b == b':');
        return ipv6 && is_optional_port(after);
    }
    let (host, port) = match text.split_once(':') {
        Some((host, port)) => (host, Some(port)),
        None => (text, None),
    };
    let port_ok =
        port.is_none_or(|port| !port.is_empty() && port.bytes().all(|b| b.is_ascii_digit()));
    port_ok && host.split('.').all(is_domain_component)
}

fn is_optional_port(text: &str) -> bool {
    match text.strip_prefix(':') {
        Some(port) => !port.is_empty() && port.bytes().all(|b| b.is_ascii_digit()),
        None => text.is_empty(),
    }
}

fn is_domain_component(component: &str) -> bool {
    let bytes = component.as_bytes();
    let (Some(first), Some(last)) = (bytes.first(), bytes.last()) else {
        return false;
    };
    first.is_ascii_alphanumeric()
        && last.is_ascii_alphanumeric()
        && bytes
            .iter()
            .all(|b| b.is_ascii_alphanumeric() || *b == b'-')
}

/// Matches `[\w][\w.-]{0,127}`.
fn is_tag(text: &str) -> bool {
    let bytes = text.as_bytes();
    let is_word = |b: &u8| b.is_ascii_alphanumeric() || *b == b'_';
    bytes.first().is_some_and(is_word)
        && bytes.len() <= TAG_LENGTH_MAX
        && bytes.iter().all(|b| is_word(b) || *b == b'.' || *b == b'-')
}

/// Matches the digest grammar: `algorithm ":" hex{32,}`.
fn is_digest_syntax(text: &str) -> bool {
    let Some((algorithm, hex)) = text.split_once(':') else {
        return false;
    };
    let algorithm_ok = algorithm.split(['-', '_', '+', '.']).all(|part| {
        let bytes = part.as_bytes();
        bytes.first().is_some_and(u8::is_ascii_alphabetic)
            && bytes.iter().all(u8::is_ascii_alphanumeric)
    });
    algorithm_ok && hex.len() >= 32 && hex.bytes().all(|b| b.is_ascii_hexdigit())
}

/// Validates a digest as go-digest v1.0.0's `Digest.Validate` does, with SHA-256,
/// SHA-384 and SHA-512 available (Docker links all three).
fn validate_digest(text: &str) -> Result<(), ReferenceError> {
    let Some(separator) = text
        .find(':')
        .filter(|&index| index > 0 && index + 1 < text.len())
    else {
        return Err(ReferenceError::DigestFormat);
    };
    let (algorithm, encoded) = (&text[..separator], &text[separator + 1..]);

    let expected_length = match algorithm {
        "sha256" => 64,
        "sha384" => 96,
        "sha512" => 128,
        _ if matches_go_digest_pattern(text) => return Err(ReferenceError::DigestUnsupported),
        _ => return Err(ReferenceError::DigestFormat),
    };
    if encoded.len() != expected_length {
        return Err(ReferenceError::DigestLength);
    }
    if !encoded
        .bytes()
        .all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'))
    {
        return Err(ReferenceError::DigestFormat);
    }
    Ok(())
}

/// Matches go-digest's `[a-z0-9]+(?:[.+_-][a-z0-9]+)*:[a-zA-Z0-9=_-]+`.
fn matches_go_digest_pattern(text: &str) -> bool {
    let Some((algorithm, encoded)) = text.split_once(':') else {
        return false;
    };
    let algorithm_ok = algorithm.split(['.', '+', '_', '-']).all(|part| {
        !part.is_empty()
            && part
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
    });
    let encoded_ok = !encoded.is_empty()
        && encoded
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'=' | b'_' | b'-'));
    algorithm_ok && encoded_ok
}

#[cfg(test)]
mod tests;
