//! Stable sorting through one shared routine.
//!
//! [`SharedSort`] sorts a list of positions with one comparator type, so the
//! module contains one copy of the standard sort for every element type.

use std::cmp::Ordering;

/// Stable sorts for slices that all share one compiled sort routine.
pub trait SharedSort<T> {
    /// Sorts in ascending order, as `slice::sort` does.
    fn shared_sort(&mut self)
    where
        T: Ord;

    /// Sorts with a comparator, as `slice::sort_by` does.
    fn shared_sort_by(&mut self, compare: impl FnMut(&T, &T) -> Ordering);

    /// Sorts by a key, as `slice::sort_by_key` does, computing each
    /// element's key once.
    fn shared_sort_by_key<K: Ord>(&mut self, key: impl FnMut(&T) -> K);
}

impl<T> SharedSort<T> for [T] {
    fn shared_sort(&mut self)
    where
        T: Ord,
    {
        self.shared_sort_by(T::cmp);
    }

    fn shared_sort_by(&mut self, mut compare: impl FnMut(&T, &T) -> Ordering) {
        let order = sorted_positions(self.len(), &mut |a, b| compare(&self[a], &self[b]));
        permute(self, &order);
    }

    fn shared_sort_by_key<K: Ord>(&mut self, key: impl FnMut(&T) -> K) {
        let keys: Vec<K> = self.iter().map(key).collect();
        let order = sorted_positions(self.len(), &mut |a, b| keys[a].cmp(&keys[b]));
        permute(self, &order);
    }
}

/// Returns the positions `0..len` in the order `compare` puts them, ties in
/// their original order. This is the one instance of the standard sort.
#[inline(never)]
fn sorted_positions(len: usize, compare: &mut dyn FnMut(usize, usize) -> Ordering) -> Vec<usize> {
    let mut order: Vec<usize> = (0..len).collect();
    order.sort_by(|a, b| compare(*a, *b));
    order
}

/// Rearranges `items` so that position `i` contains what was at `order[i]`,
/// following each cycle of the permutation with swaps.
fn permute<T>(items: &mut [T], order: &[usize]) {
    let mut placed = vec![false; items.len()];
    for start in 0..items.len() {
        let mut current = start;
        while !placed[current] {
            placed[current] = true;
            let next = order[current];
            if next == start {
                break;
            }
            items.swap(current, next);
            current = next;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::SharedSort;
    use proptest::prelude::*;

    #[test]
    fn keeps_ties_in_order() {
        let mut pairs = vec![(2, 'a'), (1, 'b'), (2, 'c'), (1, 'd'), (0, 'e')];
        pairs.shared_sort_by_key(|pair| pair.0);
        assert_eq!(pairs, [(0, 'e'), (1, 'b'), (1, 'd'), (2, 'a'), (2, 'c')]);
    }

    #[test]
    fn sorts_empty_and_single() {
        let mut empty: Vec<u8> = Vec::new();
        empty.shared_sort();
        assert!(empty.is_empty());
        let mut one = vec!["only"];
        one.shared_sort();
        assert_eq!(one, ["only"]);
    }

    #[test]
    fn sorts_part_of_a_vector() {
        let mut numbers = vec![9, 8, 3, 1, 2];
        numbers[2..].shared_sort();
        assert_eq!(numbers, [9, 8, 1, 2, 3]);
    }

    proptest! {
        #[test]
        fn matches_standard_stable_sort(items in proptest::collection::vec((0u8..8, any::<u16>()), 0..200)) {
            let mut expected = items.clone();
            expected.sort_by_key(|item| item.0);
            let mut by_key = items.clone();
            by_key.shared_sort_by_key(|item| item.0);
            prop_assert_eq!(&by_key, &expected);
            let mut by = items.clone();
            by.shared_sort_by(|a, b| b.0.cmp(&a.0));
            let mut reversed = items.clone();
            reversed.sort_by_key(|item| std::cmp::Reverse(item.0));
            prop_assert_eq!(&by, &reversed);
            let mut plain = items.clone();
            plain.shared_sort();
            let mut standard = items;
            standard.sort();
            prop_assert_eq!(plain, standard);
        }
    }
}
