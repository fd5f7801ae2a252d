//! A map stored as a vector of pairs sorted by key.
//!
//! [`SortedMap`] offers the part of `BTreeMap`'s interface that Porthole uses,
//! with the same iteration order and the same results. A lookup is a binary
//! search, and an insert or a removal shifts the entries after it.

use std::borrow::Borrow;
use std::fmt;
use std::ops::Index;

use crate::SharedSort;

/// A map from keys to values kept as a `Vec` sorted by key, with no two
/// entries for equal keys.
#[derive(Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct SortedMap<K, V> {
    entries: Vec<(K, V)>,
}

impl<K, V> SortedMap<K, V> {
    /// Creates an empty map without allocating.
    pub const fn new() -> Self {
        Self {
            entries: Vec::new(),
        }
    }

    /// Returns the number of entries.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Returns whether the map has no entries.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// Removes every entry.
    pub fn clear(&mut self) {
        self.entries.clear();
    }

    /// Iterates over the entries in key order.
    pub fn iter(&self) -> Iter<'_, K, V> {
        Iter {
            inner: self.entries.iter(),
        }
    }

    /// Iterates over the entries in key order, with mutable values.
    pub fn iter_mut(&mut self) -> IterMut<'_, K, V> {
        IterMut {
            inner: self.entries.iter_mut(),
        }
    }

    /// Iterates over the keys in order.
    pub fn keys(&self) -> Keys<'_, K, V> {
        Keys {
            inner: self.entries.iter(),
        }
    }

    /// Iterates over the values in key order.
    pub fn values(&self) -> Values<'_, K, V> {
        Values {
            inner: self.entries.iter(),
        }
    }

    /// Iterates over mutable values in key order.
    pub fn values_mut(&mut self) -> ValuesMut<'_, K, V> {
        ValuesMut {
            inner: self.entries.iter_mut(),
        }
    }

    /// Consumes the map and iterates over its keys in order.
    pub fn into_keys(self) -> IntoKeys<K, V> {
        IntoKeys {
            inner: self.entries.into_iter(),
        }
    }

    /// Consumes the map and iterates over its values in key order.
    pub fn into_values(self) -> IntoValues<K, V> {
        IntoValues {
            inner: self.entries.into_iter(),
        }
    }

    /// Returns the entry with the smallest key.
    pub fn first_key_value(&self) -> Option<(&K, &V)> {
        self.entries.first().map(|(key, value)| (key, value))
    }

    /// Returns the entry with the largest key.
    pub fn last_key_value(&self) -> Option<(&K, &V)> {
        self.entries.last().map(|(key, value)| (key, value))
    }

    /// Removes and returns the entry with the smallest key.
    pub fn pop_first(&mut self) -> Option<(K, V)> {
        if self.entries.is_empty() {
            return None;
        }
        Some(self.entries.remove(0))
    }

    /// Removes and returns the entry with the largest key.
    pub fn pop_last(&mut self) -> Option<(K, V)> {
        self.entries.pop()
    }

    /// Keeps only the entries for which `keep` returns true, visiting them in
    /// key order.
    pub fn retain(&mut self, mut keep: impl FnMut(&K, &mut V) -> bool) {
        self.entries.retain_mut(|(key, value)| keep(key, value));
    }
}

impl<K: Ord, V> SortedMap<K, V> {
    /// Finds `key`: `Ok` with its position, or `Err` with the position where
    /// it would be inserted.
    fn search<Q>(&self, key: &Q) -> Result<usize, usize>
    where
        K: Borrow<Q>,
        Q: Ord + ?Sized,
    {
        self.entries
            .binary_search_by(|(probe, _)| probe.borrow().cmp(key))
    }

    /// Returns the value for `key`.
    pub fn get<Q>(&self, key: &Q) -> Option<&V>
    where
        K: Borrow<Q>,
        Q: Ord + ?Sized,
    {
        let index = self.search(key).ok()?;
        Some(&self.entries[index].1)
    }

    /// Returns the stored key and the value for `key`.
    pub fn get_key_value<Q>(&self, key: &Q) -> Option<(&K, &V)>
    where
        K: Borrow<Q>,
        Q: Ord + ?Sized,
    {
        let index = self.search(key).ok()?;
        let (key, value) = &self.entries[index];
        Some((key, value))
    }

    /// Returns the value for `key`, mutably.
    pub fn get_mut<Q>(&mut self, key: &Q) -> Option<&mut V>
    where
        K: Borrow<Q>,
        Q: Ord + ?Sized,
    {
        let index = self.search(key).ok()?;
        Some(&mut self.entries[index].1)
    }

    /// Returns whether the map has an entry for `key`.
    pub fn contains_key<Q>(&self, key: &Q) -> bool
    where
        K: Borrow<Q>,
        Q: Ord + ?Sized,
    {
        self.search(key).is_ok()
    }

    /// Sets the value for `key` and returns the value it replaces. As in
    /// `BTreeMap`, an existing entry keeps its stored key.
    pub fn insert(&mut self, key: K, value: V) -> Option<V> {
        match self.search(&key) {
            Ok(index) => Some(std::mem::replace(&mut self.entries[index].1, value)),
            Err(index) => {
                self.entries.insert(index, (key, value));
                None
            }
        }
    }

    /// Removes the entry for `key` and returns its value.
    pub fn remove<Q>(&mut self, key: &Q) -> Option<V>
    where
        K: Borrow<Q>,
        Q: Ord + ?Sized,
    {
        self.remove_entry(key).map(|(_, value)| value)
    }

    /// Removes the entry for `key` and returns it.
    pub fn remove_entry<Q>(&mut self, key: &Q) -> Option<(K, V)>
    where
        K: Borrow<Q>,
        Q: Ord + ?Sized,
    {
        let index = self.search(key).ok()?;
        Some(self.entries.remove(index))
    }

    /// Returns the entry for `key`, occupied or vacant, for in-place changes.
    pub fn entry(&mut self, key: K) -> Entry<'_, K, V> {
        match self.search(&key) {
            Ok(index) => Entry::Occupied(OccupiedEntry {
                entries: &mut self.entries,
                index,
            }),
            Err(index) => Entry::Vacant(VacantEntry {
                entries: &mut self.entries,
                index,
                key,
            }),
        }
    }
}

/// Sorts `entries` stably by key and keeps the last entry of each run of equal
/// keys, which gives the map `BTreeMap::from_iter` builds from the same list.
fn sort_and_deduplicate<K: Ord, V>(entries: &mut Vec<(K, V)>) {
    let sorted = entries.windows(2).all(|pair| pair[0].0 <= pair[1].0);
    if !sorted {
        entries.shared_sort_by(|a, b| a.0.cmp(&b.0));
    }
    entries.dedup_by(|later, kept| {
        let equal = later.0 == kept.0;
        if equal {
            std::mem::swap(later, kept);
        }
        equal
    });
}

/// An entry of a [`SortedMap`], returned by [`SortedMap::entry`].
pub enum Entry<'a, K, V> {
    /// The map has no entry for the key.
    Vacant(VacantEntry<'a, K, V>),
    /// The map has an entry for the key.
    Occupied(OccupiedEntry<'a, K, V>),
}

/// A place in a [`SortedMap`] where a missing key would go.
pub struct VacantEntry<'a, K, V> {
    entries: &'a mut Vec<(K, V)>,
    index: usize,
    key: K,
}

/// An existing entry of a [`SortedMap`].
pub struct OccupiedEntry<'a, K, V> {
    entries: &'a mut Vec<(K, V)>,
    index: usize,
}

impl<'a, K, V> Entry<'a, K, V> {
    /// Returns the key of the entry.
    pub fn key(&self) -> &K {
        match self {
            Entry::Vacant(entry) => entry.key(),
            Entry::Occupied(entry) => entry.key(),
        }
    }

    /// Returns the value, inserting `default` first if the entry is vacant.
    pub fn or_insert(self, default: V) -> &'a mut V {
        self.or_insert_with(|| default)
    }

    /// Returns the value, inserting the result of `default` first if the
    /// entry is vacant.
    pub fn or_insert_with(self, default: impl FnOnce() -> V) -> &'a mut V {
        match self {
            Entry::Vacant(entry) => entry.insert(default()),
            Entry::Occupied(entry) => entry.into_mut(),
        }
    }

    /// Returns the value, inserting `V::default()` first if the entry is
    /// vacant.
    pub fn or_default(self) -> &'a mut V
    where
        V: Default,
    {
        self.or_insert_with(V::default)
    }

    /// Calls `change` on the value if the entry is occupied.
    pub fn and_modify(mut self, change: impl FnOnce(&mut V)) -> Self {
        if let Entry::Occupied(entry) = &mut self {
            change(entry.get_mut());
        }
        self
    }
}

impl<'a, K, V> VacantEntry<'a, K, V> {
    /// Returns the key that would be inserted.
    pub fn key(&self) -> &K {
        &self.key
    }

    /// Inserts `value` under the entry's key and returns it, mutably.
    pub fn insert(self, value: V) -> &'a mut V {
        self.entries.insert(self.index, (self.key, value));
        &mut self.entries[self.index].1
    }
}

impl<'a, K, V> OccupiedEntry<'a, K, V> {
    /// Returns the stored key.
    pub fn key(&self) -> &K {
        &self.entries[self.index].0
    }

    /// Returns the value.
    pub fn get(&self) -> &V {
        &self.entries[self.index].1
    }

    /// Returns the value, mutably.
    pub fn get_mut(&mut self) -> &mut V {
        &mut self.entries[self.index].1
    }

    /// Returns the value, mutably, for as long as the map is borrowed.
    pub fn into_mut(self) -> &'a mut V {
        &mut self.entries[self.index].1
    }

    /// Replaces the value and returns the old one.
    pub fn insert(&mut self, value: V) -> V {
        std::mem::replace(self.get_mut(), value)
    }

    /// Removes the entry and returns its value.
    pub fn remove(self) -> V {
        self.entries.remove(self.index).1
    }
}

impl<K, V> Default for SortedMap<K, V> {
    fn default() -> Self {
        Self::new()
    }
}

impl<K: fmt::Debug, V: fmt::Debug> fmt::Debug for SortedMap<K, V> {
    /// Writes the map as `BTreeMap` does: `{key: value, ...}`.
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.debug_map().entries(self.iter()).finish()
    }
}

impl<K, Q, V> Index<&Q> for SortedMap<K, V>
where
    K: Ord + Borrow<Q>,
    Q: Ord + ?Sized,
{
    type Output = V;

    /// Returns the value for `key`, panicking if the map has none, as
    /// `BTreeMap` does.
    fn index(&self, key: &Q) -> &V {
        self.get(key).expect("no entry found for key")
    }
}

impl<K: Ord, V> FromIterator<(K, V)> for SortedMap<K, V> {
    /// Builds the map. A key that occurs more than once keeps its last value,
    /// as in `BTreeMap`.
    fn from_iter<I: IntoIterator<Item = (K, V)>>(iter: I) -> Self {
        let mut entries: Vec<(K, V)> = iter.into_iter().collect();
        sort_and_deduplicate(&mut entries);
        Self { entries }
    }
}

impl<K: Ord, V, const N: usize> From<[(K, V); N]> for SortedMap<K, V> {
    fn from(entries: [(K, V); N]) -> Self {
        Self::from_iter(entries)
    }
}

impl<K: Ord, V> Extend<(K, V)> for SortedMap<K, V> {
    /// Inserts each pair in turn, so a later value for a key replaces an
    /// earlier one.
    fn extend<I: IntoIterator<Item = (K, V)>>(&mut self, iter: I) {
        for (key, value) in iter {
            self.insert(key, value);
        }
    }
}

impl<K, V> IntoIterator for SortedMap<K, V> {
    type Item = (K, V);
    type IntoIter = std::vec::IntoIter<(K, V)>;

    fn into_iter(self) -> Self::IntoIter {
        self.entries.into_iter()
    }
}

impl<'a, K, V> IntoIterator for &'a SortedMap<K, V> {
    type Item = (&'a K, &'a V);
    type IntoIter = Iter<'a, K, V>;

    fn into_iter(self) -> Self::IntoIter {
        self.iter()
    }
}

impl<'a, K, V> IntoIterator for &'a mut SortedMap<K, V> {
    type Item = (&'a K, &'a mut V);
    type IntoIter = IterMut<'a, K, V>;

    fn into_iter(self) -> Self::IntoIter {
        self.iter_mut()
    }
}

/// Defines an iterator over a map's entries that maps each stored pair to
/// an item, in both directions.
macro_rules! entry_iterator {
    ($(#[$doc:meta])* $name:ident<$($lifetime:lifetime,)? K, V>, $inner:ty, $item:ty, |$pair:pat_param| $project:expr) => {
        $(#[$doc])*
        pub struct $name<$($lifetime,)? K, V> {
            inner: $inner,
        }

        impl<$($lifetime,)? K, V> Iterator for $name<$($lifetime,)? K, V> {
            type Item = $item;

            fn next(&mut self) -> Option<Self::Item> {
                self.inner.next().map(|$pair| $project)
            }

            fn size_hint(&self) -> (usize, Option<usize>) {
                self.inner.size_hint()
            }
        }

        impl<$($lifetime,)? K, V> DoubleEndedIterator for $name<$($lifetime,)? K, V> {
            fn next_back(&mut self) -> Option<Self::Item> {
                self.inner.next_back().map(|$pair| $project)
            }
        }

        impl<$($lifetime,)? K, V> ExactSizeIterator for $name<$($lifetime,)? K, V> {}
    };
}

entry_iterator!(
    /// The entries of a [`SortedMap`] in key order.
    Iter<'a, K, V>, std::slice::Iter<'a, (K, V)>, (&'a K, &'a V), |(key, value)| (key, value)
);
entry_iterator!(
    /// The entries of a [`SortedMap`] in key order, with mutable values.
    IterMut<'a, K, V>, std::slice::IterMut<'a, (K, V)>, (&'a K, &'a mut V),
    |(key, value)| (&*key, value)
);
entry_iterator!(
    /// The keys of a [`SortedMap`] in order.
    Keys<'a, K, V>, std::slice::Iter<'a, (K, V)>, &'a K, |(key, _)| key
);
entry_iterator!(
    /// The values of a [`SortedMap`] in key order.
    Values<'a, K, V>, std::slice::Iter<'a, (K, V)>, &'a V, |(_, value)| value
);
entry_iterator!(
    /// The mutable values of a [`SortedMap`] in key order.
    ValuesMut<'a, K, V>, std::slice::IterMut<'a, (K, V)>, &'a mut V, |(_, value)| value
);
entry_iterator!(
    /// The keys of a consumed [`SortedMap`] in order.
    IntoKeys<K, V>, std::vec::IntoIter<(K, V)>, K, |(key, _)| key
);
entry_iterator!(
    /// The values of a consumed [`SortedMap`] in key order.
    IntoValues<K, V>, std::vec::IntoIter<(K, V)>, V, |(_, value)| value
);

impl<K, V> Clone for Iter<'_, K, V> {
    fn clone(&self) -> Self {
        Self {
            inner: self.inner.clone(),
        }
    }
}

impl<K, V> Clone for Keys<'_, K, V> {
    fn clone(&self) -> Self {
        Self {
            inner: self.inner.clone(),
        }
    }
}

impl<K, V> Clone for Values<'_, K, V> {
    fn clone(&self) -> Self {
        Self {
            inner: self.inner.clone(),
        }
    }
}

#[cfg(test)]
mod tests;
