//! The headers and bodies of a registry's responses during a pull, as the
//! inspector shows them: the headers distribution's `registry:2` sends
//! (`Content-Type`, `Content-Length`, `Docker-Content-Digest`), a blank
//! line, then the body. JSON bodies are indented for reading, as a
//! browser's network panel shows them, while `Content-Length` gives the
//! length of the stored bytes.

use crate::digest::Digest;
use crate::json::Json;
use crate::registry::{Blob, PulledLayer};

/// The `Content-Type` distribution sends for every blob.
const BLOB_CONTENT_TYPE: &str = "application/octet-stream";

/// Returns the headers of a `HEAD` or `GET` of a manifest or index.
pub fn document_headers(blob: &Blob, digest: &Digest) -> String {
    format!(
        "Content-Type: {}\nContent-Length: {}\nDocker-Content-Digest: {digest}",
        blob.media_type, blob.size
    )
}

/// Returns the response to a `GET` of a manifest or index: its headers and
/// the document.
pub fn document(blob: &Blob, digest: &Digest) -> String {
    let bytes = blob.json_bytes().unwrap_or_default();
    format!("{}\n\n{}", document_headers(blob, digest), readable(bytes))
}

/// Returns the response to a `GET` of a config blob: its headers and the
/// config.
pub fn config_blob(digest: &Digest, bytes: &[u8]) -> String {
    format!(
        "Content-Type: {BLOB_CONTENT_TYPE}\nContent-Length: {}\nDocker-Content-Digest: {digest}\n\n{}",
        bytes.len(),
        readable(bytes)
    )
}

/// Returns the response to a `GET` of a layer blob: its headers and a
/// description of the gzip-compressed tar in place of its bytes.
pub fn layer_blob(layer: &PulledLayer) -> String {
    let entries = layer.changes.len();
    let noun = if entries == 1 { "entry" } else { "entries" };
    format!(
        "Content-Type: {BLOB_CONTENT_TYPE}\nContent-Length: {}\nDocker-Content-Digest: {}\n\n\
         (a gzip-compressed tar of {entries} {noun}, {} bytes unpacked)",
        layer.compressed_size,
        layer.blob_digest,
        layer.changes.size(),
    )
}

/// Returns the response to `GET /v2/<name>/tags/list`.
pub fn tags(repository: &str, tags: &[String]) -> String {
    let body = Json::Object(vec![
        ("name".to_string(), Json::String(repository.to_string())),
        ("tags".to_string(), Json::strings(tags)),
    ]);
    format!(
        "Content-Type: application/json\n\n{}",
        body.to_indented_by("  ")
    )
}

/// Returns JSON bytes indented by two spaces, or as they are when they are
/// not JSON.
fn readable(bytes: &[u8]) -> String {
    let text = String::from_utf8_lossy(bytes);
    match Json::parse(&text) {
        Ok(value) => value.to_indented_by("  "),
        Err(_) => text.into_owned(),
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use super::*;
    use crate::fs::ChangeSet;

    #[test]
    fn document_has_headers_then_body() {
        let bytes =
            br#"{"schemaVersion":2,"mediaType":"application/vnd.oci.image.manifest.v1+json"}"#;
        let blob = Blob::json("application/vnd.oci.image.manifest.v1+json", bytes.to_vec());
        let digest = blob.digest();
        let text = document(&blob, &digest);
        let expected = format!(
            "Content-Type: application/vnd.oci.image.manifest.v1+json\n\
             Content-Length: {}\n\
             Docker-Content-Digest: {digest}\n\
             \n\
             {{\n  \"schemaVersion\": 2,\n  \"mediaType\": \"application/vnd.oci.image.manifest.v1+json\"\n}}",
            bytes.len()
        );
        assert_eq!(text, expected);
    }

    #[test]
    fn config_blob_is_octet_stream() {
        let bytes = br#"{"architecture":"amd64"}"#;
        let digest = Digest::of(bytes);
        let text = config_blob(&digest, bytes);
        assert!(text.starts_with("Content-Type: application/octet-stream\nContent-Length: 24\n"));
        assert!(text.ends_with("\n\n{\n  \"architecture\": \"amd64\"\n}"));
    }

    #[test]
    fn layer_blob_describes_tar() {
        let changes = Arc::new(ChangeSet::default());
        let layer = PulledLayer {
            blob_digest: Digest::of(b"layer"),
            compressed_size: 32,
            diff_id: Digest::of(b"tar"),
            changes,
        };
        let text = layer_blob(&layer);
        assert!(text.contains("Content-Length: 32\n"));
        assert!(text.ends_with("(a gzip-compressed tar of 0 entries, 0 bytes unpacked)"));
    }

    #[test]
    fn tags_lists_name_and_tags() {
        let text = tags(
            "library/alpine",
            &["3.22".to_string(), "latest".to_string()],
        );
        assert_eq!(
            text,
            "Content-Type: application/json\n\n{\n  \"name\": \"library/alpine\",\n  \"tags\": [\n    \"3.22\",\n    \"latest\"\n  ]\n}"
        );
    }

    #[test]
    fn readable_keeps_text_that_is_not_json() {
        assert_eq!(readable(b"not json"), "not json");
    }
}
