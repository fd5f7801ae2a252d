//! "Did you mean" suggestions, as BuildKit's `util/suggest` makes them.
//!
//! An option is suggested when its Levenshtein distance (in characters) to
//! the value is below 3, the nearest one winning. When the value equals an
//! option exactly, nothing is suggested: the error is about something else.
//! BuildKit walks its options in Go map order, so between equally near
//! options its choice varies from run to run; here the options are sorted
//! first, so the first in byte order wins every time.

/// Whether letter case matters when comparing the value with the options.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Case {
    /// `run` and `RUN` differ.
    Sensitive,
    /// `run` and `RUN` are the same; the suggestion takes the value's case.
    Insensitive,
}

/// Returns the option nearest to `value`, if one is near enough.
pub fn suggest<S: AsRef<str>>(value: &str, options: &[S], case: Case) -> Option<String> {
    let fold = |text: &str| match case {
        Case::Sensitive => text.to_owned(),
        Case::Insensitive => crate::parser::go::to_lower(text),
    };
    let wanted = fold(value);
    let mut sorted: Vec<String> = options.iter().map(|option| fold(option.as_ref())).collect();
    sorted.sort();
    sorted.dedup();
    if sorted.contains(&wanted) {
        return None;
    }
    let mut best: Option<(usize, String)> = None;
    for option in sorted {
        let distance = levenshtein(&wanted, &option);
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

/// Appends ` (did you mean X?)` to `message` when an option is near `value`.
pub fn with_suggestion<S: AsRef<str>>(
    message: String,
    value: &str,
    options: &[S],
    case: Case,
) -> String {
    match suggest(value, options, case) {
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
    if value == value.to_uppercase() {
        return option.to_uppercase();
    }
    option.to_owned()
}

/// Returns the edit distance between `a` and `b`, counted in characters.
///
/// Only values near an option matter, so the work is bounded by the short
/// strings compared here (instruction names, flag names, variable names).
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
        assert_eq!(
            suggest("RUNN", &names, Case::Insensitive).as_deref(),
            Some("RUN")
        );
        assert_eq!(
            suggest("runn", &names, Case::Insensitive).as_deref(),
            Some("run")
        );
        assert_eq!(
            suggest("Runn", &names, Case::Insensitive).as_deref(),
            Some("run")
        );
        assert_eq!(suggest("run", &names, Case::Insensitive), None);
        assert_eq!(suggest("xyzzy", &names, Case::Insensitive), None);
        assert_eq!(
            suggest("ab", &["ac", "aa"], Case::Sensitive).as_deref(),
            Some("aa")
        );
        assert_eq!(levenshtein("kitten", "sitting"), 3);
    }
}
