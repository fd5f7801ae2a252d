//! The build cache: the result of every step, keyed by what determines it.
//!
//! A step's cache key is the SHA-256 of its parent's key, the instruction as
//! written after expansion, and a digest of its other inputs (the files a
//! COPY reads, the environment a RUN sees). The same parent, instruction and
//! inputs give the same key, so BuildKit reports the step `CACHED`. When a
//! key misses, the cache also remembers the last inputs seen for the same
//! parent and instruction, so the trace can say what changed.
//!
//! The cache also keeps what BuildKit keeps outside the steps: the contents
//! of `RUN --mount=type=cache` directories by cache id, and the images that
//! builds pulled to start from or copy from, which `docker images` does not
//! list because BuildKit never stores them as images.

use std::sync::Arc;

use shared_sort::SortedMap;

use crate::digest::Digest;
use crate::fs::ChangeSet;
use crate::registry::ImageConfig;

/// A step's stored result.
#[derive(Clone, Debug)]
pub struct CacheRecord {
    /// The layer the step made, if it made one.
    pub layer: Option<Arc<ChangeSet>>,
    /// Lines the step printed when it ran.
    pub log: Vec<String>,
    /// False when the step's effect on files was not modelled.
    pub simulated: bool,
    /// When the step ran, which its history entry keeps on later cache hits
    /// so that a fully cached build gives the same image ID.
    pub created: crate::clock::Millis,
}

/// What a step's inputs were, to explain a later miss.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct InputsSummary {
    /// Named inputs and their digests: files by path, `env`, `args`.
    pub parts: SortedMap<String, Digest>,
}

/// An image a build pulled, kept in the build cache.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BaseRecord {
    /// `repository@sha256:…`, from which a push mounts the layers, as moby's
    /// V2 metadata service records BuildKit's pulls.
    pub repo_digest: String,
    /// The digest the reference resolved to.
    pub digest: Digest,
    /// The config digest.
    pub image_id: Digest,
    pub config: ImageConfig,
    /// Chain IDs of its layers, which the cache holds a reference to.
    pub chain: Vec<Digest>,
}

/// Step results by cache key, cache mounts by id and pulled images.
#[derive(Clone, Debug, Default)]
pub struct BuildCache {
    records: SortedMap<Digest, CacheRecord>,
    /// (parent key, instruction) → inputs of the last run.
    last_inputs: SortedMap<(Digest, String), InputsSummary>,
    /// Cache mount contents by cache id, paths relative to the mount.
    mounts: SortedMap<String, ChangeSet>,
    /// Pulled images by canonical reference and platform (`docker.io/library/alpine:3.20 linux/amd64`).
    bases: SortedMap<String, BaseRecord>,
}

/// Computes a step's cache key.
pub fn cache_key(parent: &Digest, instruction: &str, inputs: &InputsSummary) -> Digest {
    let mut text = format!("{parent}\n{instruction}\n");
    for (name, digest) in &inputs.parts {
        text.push_str(&format!("{name}={digest}\n"));
    }
    Digest::of(text.as_bytes())
}

impl BuildCache {
    /// Returns the record for a key.
    pub fn get(&self, key: &Digest) -> Option<&CacheRecord> {
        self.records.get(key)
    }

    /// Stores a step's result.
    pub fn insert(
        &mut self,
        key: Digest,
        parent: Digest,
        instruction: &str,
        inputs: InputsSummary,
        record: CacheRecord,
    ) {
        self.records.insert(key, record);
        self.last_inputs
            .insert((parent, instruction.to_string()), inputs);
    }

    /// Explains why a key missed, for the trace.
    pub fn miss_reason(
        &self,
        parent: &Digest,
        instruction: &str,
        inputs: &InputsSummary,
    ) -> String {
        let Some(previous) = self.last_inputs.get(&(*parent, instruction.to_string())) else {
            return "no earlier build ran this instruction on this parent".to_string();
        };
        let changed: Vec<&str> = inputs
            .parts
            .iter()
            .filter(|(name, digest)| previous.parts.get(*name) != Some(*digest))
            .map(|(name, _)| name.as_str())
            .chain(
                previous
                    .parts
                    .keys()
                    .filter(|name| !inputs.parts.contains_key(*name))
                    .map(String::as_str),
            )
            .collect();
        if changed.is_empty() {
            "the cached result is gone".to_string()
        } else {
            format!("inputs changed: {}", changed.join(", "))
        }
    }

    /// Returns the files a cache mount kept, by cache id.
    pub fn mount(&self, id: &str) -> Option<&ChangeSet> {
        self.mounts.get(id)
    }

    /// Stores the files of a cache mount after a step used it.
    pub fn store_mount(&mut self, id: &str, files: ChangeSet) {
        self.mounts.insert(id.to_string(), files);
    }

    /// Returns a pulled image by its key (reference and platform).
    pub fn base(&self, key: &str) -> Option<&BaseRecord> {
        self.bases.get(key)
    }

    /// Iterates over the pulled images.
    pub fn bases(&self) -> impl Iterator<Item = &BaseRecord> {
        self.bases.values()
    }

    /// Stores a pulled image and returns whether it is new, so the caller
    /// takes a reference on its layers once.
    pub fn store_base(&mut self, key: &str, record: BaseRecord) -> bool {
        self.bases.insert(key.to_string(), record).is_none()
    }

    /// Removes every record, cache mount and pulled image (`docker builder
    /// prune -a`) and returns the layer chains the pulled images held, for
    /// the caller to release.
    pub fn clear(&mut self) -> Vec<Vec<Digest>> {
        self.records.clear();
        self.last_inputs.clear();
        self.mounts.clear();
        std::mem::take(&mut self.bases)
            .into_values()
            .map(|base| base.chain)
            .collect()
    }

    /// Iterates over the records by cache key, for `docker system df`.
    pub fn iter(&self) -> impl Iterator<Item = (&Digest, &CacheRecord)> {
        self.records.iter()
    }

    /// Returns how many records are stored.
    pub fn len(&self) -> usize {
        self.records.len()
    }

    /// Returns whether the cache is empty.
    pub fn is_empty(&self) -> bool {
        self.records.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn inputs(pairs: &[(&str, &[u8])]) -> InputsSummary {
        InputsSummary {
            parts: pairs
                .iter()
                .map(|(name, bytes)| (name.to_string(), Digest::of(bytes)))
                .collect(),
        }
    }

    #[test]
    fn same_inputs_give_same_key() {
        let parent = Digest::of(b"parent");
        let a = cache_key(&parent, "COPY a /a", &inputs(&[("a", b"1")]));
        let b = cache_key(&parent, "COPY a /a", &inputs(&[("a", b"1")]));
        let c = cache_key(&parent, "COPY a /a", &inputs(&[("a", b"2")]));
        assert_eq!(a, b);
        assert_ne!(a, c);
    }

    #[test]
    fn miss_reason_names_changed_file() {
        let parent = Digest::of(b"parent");
        let mut cache = BuildCache::default();
        let old = inputs(&[("scrapy.cfg", b"1"), ("settings.py", b"1")]);
        let key = cache_key(&parent, "COPY . /app", &old);
        cache.insert(
            key,
            parent,
            "COPY . /app",
            old,
            CacheRecord {
                layer: None,
                log: Vec::new(),
                simulated: true,
                created: 0,
            },
        );
        let new = inputs(&[("scrapy.cfg", b"2"), ("settings.py", b"1")]);
        assert_eq!(
            cache.miss_reason(&parent, "COPY . /app", &new),
            "inputs changed: scrapy.cfg"
        );
        assert_eq!(
            cache.miss_reason(&parent, "RUN x", &new),
            "no earlier build ran this instruction on this parent"
        );
    }
}
