//! Tests for `SortedSet`: table cases, then random operations compared with
//! `BTreeSet`.

use std::collections::BTreeSet;

use proptest::prelude::*;

use super::SortedSet;

#[test]
fn from_iter_sorts_and_removes_repeats() {
    let cases: &[(&[u8], &[u8])] = &[
        (&[], &[]),
        (&[4], &[4]),
        (&[3, 1, 2], &[1, 2, 3]),
        (&[2, 2, 1, 2, 1], &[1, 2]),
        (&[1, 2, 3], &[1, 2, 3]),
    ];
    for (input, expected) in cases {
        let set: SortedSet<u8> = input.iter().copied().collect();
        assert_eq!(
            set.into_iter().collect::<Vec<_>>(),
            *expected,
            "input {input:?}"
        );
    }
}

#[test]
fn insert_and_remove_report_changes() {
    let mut set = SortedSet::new();
    assert!(set.insert("b".to_string()));
    assert!(set.insert("a".to_string()));
    assert!(!set.insert("b".to_string()));
    assert!(set.contains("a"));
    assert_eq!(set.get("b").map(String::as_str), Some("b"));
    assert!(set.remove("a"));
    assert!(!set.remove("a"));
    assert_eq!(set.iter().collect::<Vec<_>>(), ["b"]);
}

#[test]
fn difference_keeps_order() {
    let left = SortedSet::from([5, 1, 3, 2]);
    let right = SortedSet::from([3, 9]);
    assert_eq!(
        left.difference(&right).copied().collect::<Vec<_>>(),
        [1, 2, 5]
    );
    assert_eq!(right.difference(&left).copied().collect::<Vec<_>>(), [9]);
}

#[test]
fn formats_like_btree_set() {
    let set = SortedSet::from(["b", "a"]);
    assert_eq!(
        format!("{set:?}"),
        format!("{:?}", BTreeSet::from(["b", "a"]))
    );
    assert_eq!(format!("{:?}", SortedSet::<u8>::default()), "{}");
}

/// One step of the random operation sequences.
#[derive(Clone, Debug)]
enum Operation {
    Insert(u8),
    Remove(u8),
    Take(u8),
    Retain(u8),
    Extend(Vec<u8>),
    PopFirst,
    PopLast,
}

fn operation() -> impl Strategy<Value = Operation> {
    prop_oneof![
        (0u8..32).prop_map(Operation::Insert),
        (0u8..32).prop_map(Operation::Remove),
        (0u8..32).prop_map(Operation::Take),
        (1u8..5).prop_map(Operation::Retain),
        proptest::collection::vec(0u8..32, 0..6).prop_map(Operation::Extend),
        Just(Operation::PopFirst),
        Just(Operation::PopLast),
    ]
}

/// Applies `operation` to both sets and checks that they return the same.
fn apply(
    operation: Operation,
    sorted: &mut SortedSet<u8>,
    btree: &mut BTreeSet<u8>,
) -> Result<(), TestCaseError> {
    match operation {
        Operation::Insert(item) => prop_assert_eq!(sorted.insert(item), btree.insert(item)),
        Operation::Remove(item) => prop_assert_eq!(sorted.remove(&item), btree.remove(&item)),
        Operation::Take(item) => prop_assert_eq!(sorted.take(&item), btree.take(&item)),
        Operation::Retain(divisor) => {
            sorted.retain(|item| item % divisor != 0);
            btree.retain(|item| item % divisor != 0);
        }
        Operation::Extend(items) => {
            sorted.extend(items.clone());
            btree.extend(items);
        }
        Operation::PopFirst => prop_assert_eq!(sorted.pop_first(), btree.pop_first()),
        Operation::PopLast => prop_assert_eq!(sorted.pop_last(), btree.pop_last()),
    }
    Ok(())
}

proptest! {
    #[test]
    fn matches_btree_set(
        start in proptest::collection::vec(0u8..32, 0..40),
        operations in proptest::collection::vec(operation(), 0..60),
        probes in proptest::collection::vec(0u8..40, 0..10),
    ) {
        let mut sorted: SortedSet<u8> = start.iter().copied().collect();
        let mut btree: BTreeSet<u8> = start.into_iter().collect();
        for operation in operations {
            apply(operation, &mut sorted, &mut btree)?;
            prop_assert!(sorted.iter().eq(btree.iter()));
        }
        for item in probes {
            prop_assert_eq!(sorted.contains(&item), btree.contains(&item));
            prop_assert_eq!(sorted.get(&item), btree.get(&item));
        }
        prop_assert_eq!(sorted.len(), btree.len());
        prop_assert_eq!(sorted.first(), btree.first());
        prop_assert_eq!(sorted.last(), btree.last());
        prop_assert!(sorted.into_iter().eq(btree));
    }
}
