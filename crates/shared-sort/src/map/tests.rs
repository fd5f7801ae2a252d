//! Tests for `SortedMap`: table cases, then random operations compared with
//! `BTreeMap`.

use std::collections::BTreeMap;

use proptest::prelude::*;

use super::{Entry, SortedMap};

/// Key and value pairs, as a table case's input or expected map.
type Pairs = &'static [(u8, char)];

#[test]
fn from_iter_sorts_and_keeps_last_value() {
    let cases: &[(Pairs, Pairs)] = &[
        (&[], &[]),
        (&[(1, 'a')], &[(1, 'a')]),
        (&[(2, 'a'), (1, 'b')], &[(1, 'b'), (2, 'a')]),
        (&[(1, 'a'), (1, 'b')], &[(1, 'b')]),
        (
            &[(3, 'a'), (1, 'b'), (3, 'c'), (1, 'd'), (2, 'e')],
            &[(1, 'd'), (2, 'e'), (3, 'c')],
        ),
        (
            &[(1, 'a'), (2, 'b'), (2, 'c'), (2, 'd')],
            &[(1, 'a'), (2, 'd')],
        ),
    ];
    for (input, expected) in cases {
        let map: SortedMap<u8, char> = input.iter().copied().collect();
        let pairs: Vec<(u8, char)> = map.into_iter().collect();
        assert_eq!(pairs, *expected, "input {input:?}");
    }
}

#[test]
fn insert_returns_old_value() {
    let mut map = SortedMap::new();
    assert_eq!(map.insert("b", 1), None);
    assert_eq!(map.insert("a", 2), None);
    assert_eq!(map.insert("b", 3), Some(1));
    assert_eq!(map.get("b"), Some(&3));
    assert_eq!(map["a"], 2);
    assert_eq!(map.len(), 2);
}

#[test]
fn looks_up_string_keys_by_str() {
    let map = SortedMap::from([("tag".to_string(), 1), ("label".to_string(), 2)]);
    assert!(map.contains_key("tag"));
    assert!(!map.contains_key("env"));
    assert_eq!(map.get_key_value("label"), Some((&"label".to_string(), &2)));
    assert_eq!(map.keys().collect::<Vec<_>>(), ["label", "tag"]);
}

#[test]
fn entry_inserts_and_modifies() {
    let mut map: SortedMap<&str, Vec<u8>> = SortedMap::new();
    map.entry("x").or_default().push(1);
    map.entry("x").or_default().push(2);
    *map.entry("y").or_insert_with(|| vec![7]) = vec![9];
    map.entry("y")
        .and_modify(|value| value.push(8))
        .or_insert(vec![0]);
    map.entry("z")
        .and_modify(|value| value.push(8))
        .or_insert(vec![0]);
    assert_eq!(map.get("x"), Some(&vec![1, 2]));
    assert_eq!(map.get("y"), Some(&vec![9, 8]));
    assert_eq!(map.get("z"), Some(&vec![0]));
}

#[test]
fn entry_variants_expose_key() {
    let mut map = SortedMap::from([(1, 'a')]);
    match map.entry(2) {
        Entry::Vacant(slot) => {
            assert_eq!(*slot.key(), 2);
            *slot.insert('b') = 'c';
        }
        Entry::Occupied(_) => panic!("2 is missing"),
    }
    match map.entry(1) {
        Entry::Occupied(mut slot) => {
            assert_eq!(*slot.key(), 1);
            assert_eq!(slot.insert('z'), 'a');
            assert_eq!(*slot.get(), 'z');
            assert_eq!(slot.remove(), 'z');
        }
        Entry::Vacant(_) => panic!("1 is present"),
    }
    assert_eq!(map, SortedMap::from([(2, 'c')]));
}

#[test]
fn iterates_in_both_directions() {
    let mut map = SortedMap::from([(3, 30), (1, 10), (2, 20)]);
    assert_eq!(
        map.iter().rev().map(|(key, _)| *key).collect::<Vec<_>>(),
        [3, 2, 1]
    );
    for value in map.values_mut() {
        *value += 1;
    }
    for (_, value) in &mut map {
        *value *= 2;
    }
    assert_eq!(map.values().copied().collect::<Vec<_>>(), [22, 42, 62]);
    assert_eq!(map.first_key_value(), Some((&1, &22)));
    assert_eq!(map.last_key_value(), Some((&3, &62)));
    assert_eq!(map.iter().len(), 3);
    assert_eq!(map.clone().into_keys().collect::<Vec<_>>(), [1, 2, 3]);
    assert_eq!(map.into_values().collect::<Vec<_>>(), [22, 42, 62]);
}

#[test]
fn formats_like_btree_map() {
    let map = SortedMap::from([("b", 2), ("a", 1)]);
    let btree = BTreeMap::from([("b", 2), ("a", 1)]);
    assert_eq!(format!("{map:?}"), format!("{btree:?}"));
    assert_eq!(format!("{:?}", SortedMap::<u8, u8>::default()), "{}");
}

#[test]
fn extend_keeps_later_values() {
    let mut map = SortedMap::from([(1, 'a'), (2, 'b')]);
    map.extend([(2, 'c'), (0, 'd'), (0, 'e')]);
    assert_eq!(
        map.into_iter().collect::<Vec<_>>(),
        [(0, 'e'), (1, 'a'), (2, 'c')]
    );
}

/// One step of the random operation sequences.
#[derive(Clone, Debug)]
enum Operation {
    Insert(u8, u16),
    Remove(u8),
    Entry(u8, u16),
    Retain(u8),
    Extend(Vec<(u8, u16)>),
    PopFirst,
    PopLast,
}

fn operation() -> impl Strategy<Value = Operation> {
    prop_oneof![
        (0u8..32, any::<u16>()).prop_map(|(key, value)| Operation::Insert(key, value)),
        (0u8..32).prop_map(Operation::Remove),
        (0u8..32, any::<u16>()).prop_map(|(key, value)| Operation::Entry(key, value)),
        (1u8..5).prop_map(Operation::Retain),
        proptest::collection::vec((0u8..32, any::<u16>()), 0..6).prop_map(Operation::Extend),
        Just(Operation::PopFirst),
        Just(Operation::PopLast),
    ]
}

/// Applies `operation` to both maps and checks that they return the same.
fn apply(
    operation: Operation,
    sorted: &mut SortedMap<u8, u16>,
    btree: &mut BTreeMap<u8, u16>,
) -> Result<(), TestCaseError> {
    match operation {
        Operation::Insert(key, value) => {
            prop_assert_eq!(sorted.insert(key, value), btree.insert(key, value));
        }
        Operation::Remove(key) => prop_assert_eq!(sorted.remove(&key), btree.remove(&key)),
        Operation::Entry(key, value) => {
            let mine = *sorted
                .entry(key)
                .and_modify(|v| *v = v.wrapping_add(1))
                .or_insert(value);
            let theirs = *btree
                .entry(key)
                .and_modify(|v| *v = v.wrapping_add(1))
                .or_insert(value);
            prop_assert_eq!(mine, theirs);
        }
        Operation::Retain(divisor) => {
            sorted.retain(|key, _| key % divisor != 0);
            btree.retain(|key, _| key % divisor != 0);
        }
        Operation::Extend(pairs) => {
            sorted.extend(pairs.clone());
            btree.extend(pairs);
        }
        Operation::PopFirst => prop_assert_eq!(sorted.pop_first(), btree.pop_first()),
        Operation::PopLast => prop_assert_eq!(sorted.pop_last(), btree.pop_last()),
    }
    Ok(())
}

proptest! {
    #[test]
    fn matches_btree_map(
        start in proptest::collection::vec((0u8..32, any::<u16>()), 0..40),
        operations in proptest::collection::vec(operation(), 0..60),
        probes in proptest::collection::vec(0u8..40, 0..10),
    ) {
        let mut sorted: SortedMap<u8, u16> = start.iter().copied().collect();
        let mut btree: BTreeMap<u8, u16> = start.into_iter().collect();
        for operation in operations {
            apply(operation, &mut sorted, &mut btree)?;
            prop_assert!(sorted.iter().eq(btree.iter()));
        }
        for key in probes {
            prop_assert_eq!(sorted.get(&key), btree.get(&key));
            prop_assert_eq!(sorted.contains_key(&key), btree.contains_key(&key));
        }
        prop_assert_eq!(sorted.len(), btree.len());
        prop_assert_eq!(sorted.first_key_value(), btree.first_key_value());
        prop_assert_eq!(sorted.last_key_value(), btree.last_key_value());
        prop_assert!(sorted.keys().rev().eq(btree.keys().rev()));
        prop_assert!(sorted.into_iter().eq(btree));
    }
}
