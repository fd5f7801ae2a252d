//! "Did you mean" suggestions, as BuildKit's `util/suggest` makes them.
//!
//! An option is suggested when its Levenshtein distance (in characters) to
//! the value is below 3, and the first option at the smallest distance wins.
//! When the value equals an option exactly, nothing is suggested, because
//! the error is about something else.
//!
//! BuildKit passes some option lists in a fixed order (the `--mount` keys,
//! the variables of a stage) and others in Go map order (instruction names,
//! flag names, mount types), which varies from run to run. [`Order::Listed`]
//! keeps a fixed order. [`Order::Sorted`] sorts the options first, so that
//! between equally near options the first in byte order wins every time.

use shared_sort::SharedSort;

/// Whether letter case matters when comparing the value with the options.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Case {
    /// `run` and `RUN` differ.
    Sensitive,
    /// `run` and `RUN` are the same; the suggestion takes the value's case.
    Insensitive,
}

/// The order in which options are compared, which decides between equally
/// near options.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Order {
    /// The order of the list, as BuildKit walks a slice.
    Listed,
    /// Byte order, in place of BuildKit's Go map order.
    Sorted,
}

/// Returns the option nearest to `value`, if one is near enough.
pub fn suggest<S: AsRef<str>>(
    value: &str,
    options: &[S],
    case: Case,
    order: Order,
) -> Option<String> {
    let fold = |text: &str| match case {
        Case::Sensitive => text.to_owned(),
        Case::Insensitive => crate::parser::go::to_lower(text),
    };
    let folded_value = fold(value);
    let mut folded: Vec<String> = options.iter().map(|option| fold(option.as_ref())).collect();
    if order == Order::Sorted {
        folded.shared_sort();
    }
    if folded.contains(&folded_value) {
        return None;
    }

    let mut best: Option<(usize, String)> = None;
    for option in folded {
        let distance = levenshtein(&folded_value, &option);
        if distance < best.as_ref().map_or(3, |(nearest, _)| *nearest) {
            best = Some((distance, option));
        }
    }
    let (_, found) = best?;
    Some(match case {
        Case::Sensitive => found,
        Case::Insensitive => match_case(&found, value),
    })
}

/// Appends ` (did you mean X?)` to `message` when an option is near `value`,
/// as BuildKit's `suggest.WrapError` does.
pub fn with_suggestion<S: AsRef<str>>(
    message: String,
    value: &str,
    options: &[S],
    case: Case,
    order: Order,
) -> String {
    match suggest(value, options, case, order) {
        Some(found) => format!("{message} (did you mean {found}?)"),
        None => message,
    }
}

/// Gives the suggestion the case of the value: all lower, all upper, or as
/// the option is written.
fn match_case(option: &str, value: &str) -> String {
    if value == crate::parser::go::to_lower(value) {
        return crate::parser::go::to_lower(option);
    }
    if value == crate::parser::go::to_upper(value) {
        return crate::parser::go::to_upper(option);
    }
    option.to_owned()
}

/// Returns the edit distance between `a` and `b`, counted in characters.
///
/// The work is the product of the two lengths. The values compared here are
/// names (instructions, flags, mount keys, variables), and callers that
/// compare a name against many options accept that cost per option.
pub fn levenshtein(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut previous: Vec<usize> = (0..=b.len()).collect();
    let mut current = vec![0; b.len() + 1];
    for (i, ca) in a.chars().enumerate() {
        current[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let substitution = previous[j] + usize::from(ca != *cb);
            current[j + 1] = substitution.min(previous[j + 1] + 1).min(current[j] + 1);
        }
        std::mem::swap(&mut previous, &mut current);
    }
    previous[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggestions_follow_buildkit() {
        let names = ["RUN", "COPY", "FROM"];
        let cases = [
            ("RUNN", Some("RUN")),
            ("runn", Some("run")),
            ("Runn", Some("run")),
            ("run", None),
            ("xyzzy", None),
        ];
        for (value, expected) in cases {
            let found = suggest(value, &names, Case::Insensitive, Order::Sorted);
            assert_eq!(found.as_deref(), expected, "value {value:?}");
        }
        assert_eq!(levenshtein("kitten", "sitting"), 3);
    }

    #[test]
    fn order_decides_ties() {
        let options = ["ac", "aa"];
        let sorted = suggest("ab", &options, Case::Sensitive, Order::Sorted);
        assert_eq!(sorted.as_deref(), Some("aa"));
        let listed = suggest("ab", &options, Case::Sensitive, Order::Listed);
        assert_eq!(listed.as_deref(), Some("ac"));
    }

    #[test]
    fn exact_match_anywhere_suggests_nothing() {
        let options = ["abd", "abc"];
        assert_eq!(
            suggest("abc", &options, Case::Sensitive, Order::Listed),
            None
        );
    }
}
