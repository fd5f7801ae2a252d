//! Content digests in the OCI form `sha256:<64 lowercase hex>`.
//!
//! Every id in the simulated world that Docker derives from content (layer diff
//! IDs, blob digests, image IDs, manifest and index digests) is a [`Digest`]:
//! a real SHA-256 over bytes the simulator defines. Parsing follows
//! `opencontainers/go-digest`: only `sha256` is accepted, the hex part must be 64
//! lowercase hex characters, and the errors use go-digest's messages.

#![deny(missing_docs)]

use std::fmt;
use std::str::FromStr;

use sha2::{Digest as _, Sha256};

/// A SHA-256 digest, printed as `sha256:<64 lowercase hex>`.
///
/// Ordering compares the raw hash bytes, which is the same as ordering the
/// printed strings.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Digest([u8; 32]);

/// A reason why a string is not a valid digest, worded as go-digest words it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DigestError {
    /// No `algorithm:` prefix, or hex characters that are not lowercase hex.
    InvalidFormat,
    /// An algorithm other than `sha256`.
    UnsupportedAlgorithm,
    /// A `sha256` hex part that is not 64 characters long.
    InvalidLength,
}

/// The length of the short form that Docker prints in ID columns.
pub const SHORT_LEN: usize = 12;

impl Digest {
    /// Hashes `bytes` with SHA-256.
    pub fn of(bytes: &[u8]) -> Digest {
        Digest(Sha256::digest(bytes).into())
    }

    /// Hashes the concatenation of `parts` without building it in memory.
    pub fn of_parts<'a>(parts: impl IntoIterator<Item = &'a [u8]>) -> Digest {
        let mut hasher = Sha256::new();
        for part in parts {
            hasher.update(part);
        }
        Digest(hasher.finalize().into())
    }

    /// Parses `sha256:<64 lowercase hex>`.
    pub fn parse(text: &str) -> Result<Digest, DigestError> {
        let Some((algorithm, hex)) = text.split_once(':') else {
            return Err(DigestError::InvalidFormat);
        };
        if algorithm.is_empty() || hex.is_empty() {
            return Err(DigestError::InvalidFormat);
        }
        if algorithm != "sha256" {
            return Err(DigestError::UnsupportedAlgorithm);
        }
        Digest::from_hex(hex)
    }

    /// Parses a bare 64-character lowercase hex string, as in an image ID
    /// typed without its `sha256:` prefix.
    pub fn from_hex(hex: &str) -> Result<Digest, DigestError> {
        if hex.len() != 64 {
            return Err(DigestError::InvalidLength);
        }
        let mut bytes = [0u8; 32];
        for (index, pair) in hex.as_bytes().chunks_exact(2).enumerate() {
            let high = hex_value(pair[0]).ok_or(DigestError::InvalidFormat)?;
            let low = hex_value(pair[1]).ok_or(DigestError::InvalidFormat)?;
            bytes[index] = high << 4 | low;
        }
        Ok(Digest(bytes))
    }

    /// Returns the 64 hex characters without the algorithm prefix.
    pub fn hex(&self) -> String {
        let mut text = String::with_capacity(64);
        for byte in self.0 {
            text.push(HEX_DIGITS[usize::from(byte >> 4)] as char);
            text.push(HEX_DIGITS[usize::from(byte & 0xf)] as char);
        }
        text
    }

    /// Returns the first 12 hex characters, as `docker images` and `docker ps` print IDs.
    pub fn short(&self) -> String {
        let mut hex = self.hex();
        hex.truncate(SHORT_LEN);
        hex
    }

    /// Returns the raw 32 hash bytes.
    pub fn as_bytes(&self) -> &[u8; 32] {
        &self.0
    }

    /// Returns the first eight hash bytes as a number, a convenient seed for
    /// deterministic choices derived from content.
    pub fn seed(&self) -> u64 {
        let mut first = [0u8; 8];
        first.copy_from_slice(&self.0[..8]);
        u64::from_be_bytes(first)
    }
}

const HEX_DIGITS: &[u8; 16] = b"0123456789abcdef";

fn hex_value(digit: u8) -> Option<u8> {
    match digit {
        b'0'..=b'9' => Some(digit - b'0'),
        b'a'..=b'f' => Some(digit - b'a' + 10),
        _ => None,
    }
}

impl fmt::Display for Digest {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(formatter, "sha256:{}", self.hex())
    }
}

impl fmt::Debug for Digest {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(formatter, "Digest({self})")
    }
}

impl FromStr for Digest {
    type Err = DigestError;

    fn from_str(text: &str) -> Result<Digest, DigestError> {
        Digest::parse(text)
    }
}

impl fmt::Display for DigestError {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        let message = match self {
            DigestError::InvalidFormat => "invalid checksum digest format",
            DigestError::UnsupportedAlgorithm => "unsupported digest algorithm",
            DigestError::InvalidLength => "invalid checksum digest length",
        };
        formatter.write_str(message)
    }
}

impl std::error::Error for DigestError {}

#[cfg(test)]
mod tests {
    use super::*;

    const EMPTY: &str = "sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

    #[test]
    fn hashes_known_vectors() {
        let cases: &[(&[u8], &str)] = &[
            (b"", EMPTY),
            (
                b"abc",
                "sha256:ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",
            ),
        ];
        for (input, expected) in cases {
            assert_eq!(Digest::of(input).to_string(), *expected, "input {input:?}");
        }
    }

    #[test]
    fn of_parts_matches_of() {
        let parts: [&[u8]; 3] = [b"ab", b"", b"c"];
        assert_eq!(Digest::of_parts(parts), Digest::of(b"abc"));
    }

    #[test]
    fn parse_table() {
        let long = format!("sha256:{}", "a".repeat(65));
        let upper = format!("sha256:{}", "A".repeat(64));
        let cases: Vec<(&str, Result<&str, DigestError>)> = vec![
            (EMPTY, Ok(EMPTY)),
            ("", Err(DigestError::InvalidFormat)),
            ("sha256", Err(DigestError::InvalidFormat)),
            ("sha256:", Err(DigestError::InvalidFormat)),
            (":abc", Err(DigestError::InvalidFormat)),
            ("sha512:abcd", Err(DigestError::UnsupportedAlgorithm)),
            ("sha256:abcd", Err(DigestError::InvalidLength)),
            (&long, Err(DigestError::InvalidLength)),
            (&upper, Err(DigestError::InvalidFormat)),
        ];
        for (input, expected) in cases {
            let parsed = Digest::parse(input);
            match expected {
                Ok(text) => assert_eq!(parsed.map(|d| d.to_string()), Ok(text.to_string())),
                Err(error) => assert_eq!(parsed, Err(error), "input {input:?}"),
            }
        }
    }

    #[test]
    fn error_messages_match_go_digest() {
        assert_eq!(
            DigestError::InvalidLength.to_string(),
            "invalid checksum digest length"
        );
        assert_eq!(
            DigestError::UnsupportedAlgorithm.to_string(),
            "unsupported digest algorithm"
        );
        assert_eq!(
            DigestError::InvalidFormat.to_string(),
            "invalid checksum digest format"
        );
    }

    #[test]
    fn short_form_is_twelve_hex() {
        assert_eq!(Digest::of(b"").short(), "e3b0c44298fc");
    }

    #[test]
    fn order_matches_string_order() {
        let mut digests: Vec<Digest> = (0u8..20).map(|n| Digest::of(&[n])).collect();
        let mut strings: Vec<String> = digests.iter().map(|d| d.to_string()).collect();
        digests.sort();
        strings.sort();
        let sorted: Vec<String> = digests.iter().map(|d| d.to_string()).collect();
        assert_eq!(sorted, strings);
    }
}
