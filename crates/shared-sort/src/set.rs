//! A set stored as a sorted vector.
//!
//! [`SortedSet`] offers the part of `BTreeSet`'s interface that Porthole uses,
//! with the same iteration order and the same results. A lookup is a binary
//! search, and an insert or a removal shifts the items after it.

use std::borrow::Borrow;
use std::fmt;

use crate::SharedSort;

/// The items of a [`SortedSet`] in order.
pub type Iter<'a, T> = std::slice::Iter<'a, T>;

/// A set kept as a `Vec` sorted in ascending order, with no two equal items.
#[derive(Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct SortedSet<T> {
    items: Vec<T>,
}

impl<T> SortedSet<T> {
    /// Creates an empty set without allocating.
    pub const fn new() -> Self {
        Self { items: Vec::new() }
    }

    /// Returns the number of items.
    pub fn len(&self) -> usize {
        self.items.len()
    }

    /// Returns whether the set has no items.
    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    /// Removes every item.
    pub fn clear(&mut self) {
        self.items.clear();
    }

    /// Iterates over the items in ascending order.
    pub fn iter(&self) -> Iter<'_, T> {
        self.items.iter()
    }

    /// Returns the smallest item.
    pub fn first(&self) -> Option<&T> {
        self.items.first()
    }

    /// Returns the largest item.
    pub fn last(&self) -> Option<&T> {
        self.items.last()
    }

    /// Removes and returns the smallest item.
    pub fn pop_first(&mut self) -> Option<T> {
        if self.items.is_empty() {
            return None;
        }
        Some(self.items.remove(0))
    }

    /// Removes and returns the largest item.
    pub fn pop_last(&mut self) -> Option<T> {
        self.items.pop()
    }

    /// Keeps only the items for which `keep` returns true, visiting them in
    /// order.
    pub fn retain(&mut self, keep: impl FnMut(&T) -> bool) {
        self.items.retain(keep);
    }
}

impl<T: Ord> SortedSet<T> {
    /// Finds `item`: `Ok` with its position, or `Err` with the position where
    /// it would be inserted.
    fn search<Q>(&self, item: &Q) -> Result<usize, usize>
    where
        T: Borrow<Q>,
        Q: Ord + ?Sized,
    {
        self.items
            .binary_search_by(|probe| probe.borrow().cmp(item))
    }

    /// Returns whether the set contains `item`.
    pub fn contains<Q>(&self, item: &Q) -> bool
    where
        T: Borrow<Q>,
        Q: Ord + ?Sized,
    {
        self.search(item).is_ok()
    }

    /// Returns the stored item equal to `item`.
    pub fn get<Q>(&self, item: &Q) -> Option<&T>
    where
        T: Borrow<Q>,
        Q: Ord + ?Sized,
    {
        let index = self.search(item).ok()?;
        Some(&self.items[index])
    }

    /// Adds `item` and returns whether it was missing. As in `BTreeSet`, an
    /// item already present stays and the new one is dropped.
    pub fn insert(&mut self, item: T) -> bool {
        match self.search(&item) {
            Ok(_) => false,
            Err(index) => {
                self.items.insert(index, item);
                true
            }
        }
    }

    /// Removes `item` and returns whether it was present.
    pub fn remove<Q>(&mut self, item: &Q) -> bool
    where
        T: Borrow<Q>,
        Q: Ord + ?Sized,
    {
        self.take(item).is_some()
    }

    /// Removes `item` and returns the stored item.
    pub fn take<Q>(&mut self, item: &Q) -> Option<T>
    where
        T: Borrow<Q>,
        Q: Ord + ?Sized,
    {
        let index = self.search(item).ok()?;
        Some(self.items.remove(index))
    }

    /// Iterates in order over the items of `self` that `other` lacks.
    pub fn difference<'a>(&'a self, other: &'a SortedSet<T>) -> impl Iterator<Item = &'a T> + 'a {
        self.items.iter().filter(move |item| !other.contains(*item))
    }
}

impl<T> Default for SortedSet<T> {
    fn default() -> Self {
        Self::new()
    }
}

impl<T: fmt::Debug> fmt::Debug for SortedSet<T> {
    /// Writes the set as `BTreeSet` does: `{item, ...}`.
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.debug_set().entries(self.iter()).finish()
    }
}

impl<T: Ord> FromIterator<T> for SortedSet<T> {
    /// Builds the set. Of equal items, the last one is kept, as in `BTreeSet`.
    fn from_iter<I: IntoIterator<Item = T>>(iter: I) -> Self {
        let mut items: Vec<T> = iter.into_iter().collect();
        let sorted = items.windows(2).all(|pair| pair[0] <= pair[1]);
        if !sorted {
            items.shared_sort();
        }
        items.dedup_by(|later, kept| {
            let equal = later == kept;
            if equal {
                std::mem::swap(later, kept);
            }
            equal
        });
        Self { items }
    }
}

impl<T: Ord, const N: usize> From<[T; N]> for SortedSet<T> {
    fn from(items: [T; N]) -> Self {
        Self::from_iter(items)
    }
}

impl<T: Ord> Extend<T> for SortedSet<T> {
    /// Inserts each item in turn, so an item already present stays.
    fn extend<I: IntoIterator<Item = T>>(&mut self, iter: I) {
        for item in iter {
            self.insert(item);
        }
    }
}

impl<T> IntoIterator for SortedSet<T> {
    type Item = T;
    type IntoIter = std::vec::IntoIter<T>;

    fn into_iter(self) -> Self::IntoIter {
        self.items.into_iter()
    }
}

impl<'a, T> IntoIterator for &'a SortedSet<T> {
    type Item = &'a T;
    type IntoIter = Iter<'a, T>;

    fn into_iter(self) -> Self::IntoIter {
        self.iter()
    }
}

#[cfg(test)]
mod tests;
