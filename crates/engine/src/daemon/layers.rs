//! The daemon's layer store: layers by chain ID, shared between images.
//!
//! Docker's layer store (moby `layer/layer_store.go`) keys a layer by its
//! chain ID, which covers the layer and every layer below it: the chain ID of
//! the bottom layer is its diff ID, and each layer above has
//! `sha256(parent chain ID + " " + diff ID)`. Two images that start with the
//! same layers therefore share those layers, and `docker pull` prints
//! `Already exists` for them.

use std::sync::Arc;

use shared_sort::SortedMap;

use crate::digest::Digest;
use crate::fs::ChangeSet;

/// A stored layer.
#[derive(Clone, Debug)]
pub struct Layer {
    pub diff_id: Digest,
    pub chain_id: Digest,
    /// The layer's files.
    pub changes: Arc<ChangeSet>,
    /// Bytes the layer adds.
    pub size: u64,
    /// How many images use this layer (directly or as a lower layer).
    pub references: usize,
    /// False when the build step that made the layer could not model its
    /// effect on files, so the files are not what the real step makes.
    pub simulated: bool,
}

/// Layers by chain ID.
#[derive(Clone, Debug, Default)]
pub struct LayerStore {
    layers: SortedMap<Digest, Layer>,
}

/// Returns the chain IDs of a stack of diff IDs, bottom first.
pub fn chain_ids(diff_ids: &[Digest]) -> Vec<Digest> {
    let mut chain = Vec::with_capacity(diff_ids.len());
    for diff_id in diff_ids {
        let next = match chain.last() {
            None => *diff_id,
            Some(parent) => Digest::of(format!("{parent} {diff_id}").as_bytes()),
        };
        chain.push(next);
    }
    chain
}

impl LayerStore {
    /// Returns whether a layer with this chain ID is stored.
    pub fn contains(&self, chain_id: &Digest) -> bool {
        self.layers.contains_key(chain_id)
    }

    /// Returns the layer with this chain ID.
    pub fn get(&self, chain_id: &Digest) -> Option<&Layer> {
        self.layers.get(chain_id)
    }

    /// Stores a layer if it is new and returns whether it was new.
    pub fn insert(&mut self, chain_id: Digest, diff_id: Digest, changes: Arc<ChangeSet>) -> bool {
        if self.layers.contains_key(&chain_id) {
            return false;
        }
        let size = changes.size();
        self.layers.insert(
            chain_id,
            Layer {
                diff_id,
                chain_id,
                changes,
                size,
                references: 0,
                simulated: true,
            },
        );
        true
    }

    /// Marks a layer as made by a step whose effect was not modelled; a
    /// layer stays simulated only while every step that made it was.
    pub fn mark_not_simulated(&mut self, chain_id: &Digest) {
        if let Some(layer) = self.layers.get_mut(chain_id) {
            layer.simulated = false;
        }
    }

    /// Adds one reference to each layer of a chain.
    pub fn retain(&mut self, chain: &[Digest]) {
        for chain_id in chain {
            if let Some(layer) = self.layers.get_mut(chain_id) {
                layer.references += 1;
            }
        }
    }

    /// Drops one reference from each layer of a chain and deletes the layers
    /// nothing uses any more, top first, as moby's `layerStore.Release`
    /// walks from a layer to its parents. Returns the deleted layers.
    pub fn release(&mut self, chain: &[Digest]) -> Vec<Layer> {
        let mut deleted = Vec::new();
        for chain_id in chain.iter().rev() {
            let Some(layer) = self.layers.get_mut(chain_id) else {
                continue;
            };
            layer.references = layer.references.saturating_sub(1);
            if layer.references == 0 {
                if let Some(layer) = self.layers.remove(chain_id) {
                    deleted.push(layer);
                }
            }
        }
        deleted
    }

    /// Returns how many images use the layer with this chain ID.
    pub fn references(&self, chain_id: &Digest) -> usize {
        self.layers
            .get(chain_id)
            .map_or(0, |layer| layer.references)
    }

    /// Returns the change sets of a chain, bottom first, for an overlay's
    /// lower directories.
    pub fn stack(&self, chain: &[Digest]) -> Vec<Arc<ChangeSet>> {
        chain
            .iter()
            .filter_map(|chain_id| self.layers.get(chain_id))
            .map(|layer| layer.changes.clone())
            .collect()
    }

    /// Iterates over the stored layers.
    pub fn iter(&self) -> impl Iterator<Item = &Layer> {
        self.layers.values()
    }

    /// Returns how many layers are stored.
    pub fn len(&self) -> usize {
        self.layers.len()
    }

    /// Returns whether no layer is stored.
    pub fn is_empty(&self) -> bool {
        self.layers.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chain_id_of_bottom_layer_is_its_diff_id() {
        let a = Digest::of(b"a");
        let b = Digest::of(b"b");
        let chain = chain_ids(&[a, b]);
        assert_eq!(chain[0], a);
        assert_eq!(chain[1], Digest::of(format!("{a} {b}").as_bytes()));
    }

    #[test]
    fn release_deletes_unused_layers_top_first() {
        let mut store = LayerStore::default();
        let diff_ids = [Digest::of(b"a"), Digest::of(b"b")];
        let chain = chain_ids(&diff_ids);
        for (chain_id, diff_id) in chain.iter().zip(&diff_ids) {
            store.insert(*chain_id, *diff_id, Arc::new(ChangeSet::new()));
        }
        store.retain(&chain);
        store.retain(&chain[..1]);
        let deleted: Vec<Digest> = store
            .release(&chain)
            .iter()
            .map(|layer| layer.diff_id)
            .collect();
        assert_eq!(deleted, vec![diff_ids[1]]);
        assert_eq!(store.len(), 1);
        let deleted: Vec<Digest> = store
            .release(&chain[..1])
            .iter()
            .map(|layer| layer.chain_id)
            .collect();
        assert_eq!(deleted, vec![chain[0]]);
        assert!(store.is_empty());
    }
}
