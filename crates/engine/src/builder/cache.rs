//! The build cache: the result of every step, keyed by what determines it.
//!
//! A step's cache key is the SHA-256 of its parent's key, the instruction as
//! written after expansion, and a digest of its other inputs (the files a
//! COPY reads, the environment a RUN sees). The same parent, instruction and
//! inputs give the same key, so BuildKit reports the step `CACHED`. When a
//! key misses, the cache also remembers the last inputs seen for the same
//! parent and instruction, so the trace can say what changed.

use std::collections::BTreeMap;
use std::sync::Arc;

use crate::digest::Digest;
use crate::fs::ChangeSet;

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
    pub parts: BTreeMap<String, Digest>,
}

/// Step results by cache key.
#[derive(Clone, Debug, Default)]
pub struct BuildCache {
    records: BTreeMap<Digest, CacheRecord>,
    /// (parent key, instruction) → inputs of the last run.
    last_inputs: BTreeMap<(Digest, String), InputsSummary>,
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
    pub fn insert(&mut self, key: Digest, parent: Digest, instruction: &str, inputs: InputsSummary, record: CacheRecord) {
        self.records.insert(key, record);
        self.last_inputs.insert((parent, instruction.to_string()), inputs);
    }

    /// Explains why a key missed, for the trace.
    pub fn miss_reason(&self, parent: &Digest, instruction: &str, inputs: &InputsSummary) -> String {
        let Some(previous) = self.last_inputs.get(&(*parent, instruction.to_string())) else {
            return "no earlier build ran this instruction on this parent".to_string();
        };
        let changed: Vec<&str> = inputs
            .parts
            .iter()
            .filter(|(name, digest)| previous.parts.get(*name) != Some(*digest))
            .map(|(name, _)| name.as_str())
            .chain(previous.parts.keys().filter(|name| !inputs.parts.contains_key(*name)).map(String::as_str))
            .collect();
        if changed.is_empty() {
            "the cached result is gone".to_string()
        } else {
            format!("inputs changed: {}", changed.join(", "))
        }
    }

    /// Removes every record (`docker builder prune`).
    pub fn clear(&mut self) {
        self.records.clear();
        self.last_inputs.clear();
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
        InputsSummary { parts: pairs.iter().map(|(name, bytes)| (name.to_string(), Digest::of(bytes))).collect() }
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
        cache.insert(key, parent, "COPY . /app", old, CacheRecord { layer: None, log: Vec::new(), simulated: true, created: 0 });
        let new = inputs(&[("scrapy.cfg", b"2"), ("settings.py", b"1")]);
        assert_eq!(cache.miss_reason(&parent, "COPY . /app", &new), "inputs changed: scrapy.cfg");
        assert_eq!(
            cache.miss_reason(&parent, "RUN x", &new),
            "no earlier build ran this instruction on this parent"
        );
    }
}
