//! Sorting and sorted collections that keep the wasm module small.
//!
//! Every call of the standard library's `sort_by` with a new element type or
//! comparator compiles its own copy of the sort routine, a few kilobytes each
//! in the page's wasm module, and every key and value type of a `BTreeMap`
//! compiles its own copy of the B-tree's node code. This crate offers
//! replacements whose code per instance is small:
//!
//! - [`SharedSort`] sorts a list of positions with a single comparator type
//!   and then moves the elements into place, so the module contains one copy
//!   of the sort routine however many places sort. Each method gives the same
//!   order as its `slice` namesake: the sort is stable.
//! - [`SortedMap`] and [`SortedSet`] keep their entries in a `Vec` sorted by
//!   key, look keys up by binary search and build from an iterator with
//!   [`SharedSort`]. They iterate in the order `BTreeMap` and `BTreeSet` do.
//!   Inserting or removing moves the entries after it, so they suit maps of
//!   up to a few hundred entries, such as labels, tags or environments.

pub mod map;
pub mod set;
mod sort;

pub use map::SortedMap;
pub use set::SortedSet;
pub use sort::SharedSort;
