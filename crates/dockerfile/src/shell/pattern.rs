//! Shell patterns of `${NAME#pattern}`, `${NAME%pattern}` and `${NAME/pattern/...}`,
//! matched the way BuildKit's regular expressions match them.
//!
//! BuildKit (`convertShellPatternToRegex` in `lex.go`) turns `*` into `.*` (greedy)
//! or `.*?` (lazy), `?` into `.` and every other character into a literal, and runs Go's
//! `regexp`. Go's `.` does not match a newline, so neither `*` nor `?` do here. No
//! regular expression engine is used; instead the matcher relies on the shape of these
//! patterns: literal segments separated by stars.
//!
//! # Which match
//!
//! Go's `regexp` returns the leftmost match and, from that start, the one a
//! backtracking engine would find first. For a pattern whose stars are all greedy that
//! is the longest match from the start, and for all-lazy stars the shortest, because:
//!
//! - a segment holding a literal newline has only one possible place once the line of
//!   the segment before it is known (the star in between cannot cross the newline), so
//!   the choices inside earlier segments never move later ones;
//! - within the last line, placing the last segment as far right (greedy) or as early
//!   (lazy) as possible is what the stars' priorities select.
//!
//! # Cost
//!
//! Literal segments are found with the Knuth-Morris-Pratt algorithm. For a value of
//! n characters and a pattern of m characters, a match costs O(n + m) when segments are
//! plain text. A segment with `?` is compared character by character at each
//! position, and a pattern with literal newlines re-checks its fixed segments once per
//! line of the value: in those cases the bound is O(n·m), the same as Go's `regexp`.

/// Whether stars prefer the shortest or the longest match.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Greed {
    /// `.*?`, for `#` and `%`.
    Shortest,
    /// `.*`, for `##`, `%%`, `/` and `//`.
    Longest,
}

/// One character of a segment.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Item {
    Literal(char),
    /// `?`: any character but a newline.
    AnyChar,
}

impl Item {
    fn matches(self, c: char) -> bool {
        match self {
            Self::Literal(literal) => literal == c,
            Self::AnyChar => c != '\n',
        }
    }
}

/// The text of a value, with the position of the line end after each character.
pub(crate) struct Text {
    chars: Vec<char>,
    /// `line_ends[i]` is the index of the first newline at or after `i`, or the length.
    line_ends: Vec<usize>,
}

impl Text {
    pub(crate) fn new(chars: Vec<char>) -> Self {
        let mut line_ends = vec![chars.len(); chars.len() + 1];
        for i in (0..chars.len()).rev() {
            line_ends[i] = if chars[i] == '\n' {
                i
            } else {
                line_ends[i + 1]
            };
        }
        Self { chars, line_ends }
    }

    pub(crate) fn chars(&self) -> &[char] {
        &self.chars
    }

    fn len(&self) -> usize {
        self.chars.len()
    }

    fn line_end(&self, position: usize) -> usize {
        self.line_ends[position]
    }
}

/// The characters between two stars, with what is needed to search for them.
#[derive(Debug)]
struct Segment {
    items: Vec<Item>,
    /// Offset of the first literal newline, if any.
    first_newline: Option<usize>,
    /// Knuth-Morris-Pratt failure tables when the segment is plain text.
    tables: Option<SearchTables>,
}

#[derive(Debug)]
struct SearchTables {
    needle: Vec<char>,
    forward: Vec<usize>,
    reversed_needle: Vec<char>,
    backward: Vec<usize>,
}

impl Segment {
    fn new(items: Vec<Item>) -> Self {
        let first_newline = items.iter().position(|&item| item == Item::Literal('\n'));
        let literal: Option<Vec<char>> = items
            .iter()
            .map(|item| match item {
                Item::Literal(c) => Some(*c),
                Item::AnyChar => None,
            })
            .collect();
        let tables = literal.filter(|needle| !needle.is_empty()).map(|needle| {
            let reversed_needle: Vec<char> = needle.iter().rev().copied().collect();
            SearchTables {
                forward: failure_table(&needle),
                backward: failure_table(&reversed_needle),
                needle,
                reversed_needle,
            }
        });
        Self {
            items,
            first_newline,
            tables,
        }
    }

    fn len(&self) -> usize {
        self.items.len()
    }

    fn matches_at(&self, text: &[char], position: usize) -> bool {
        let Some(window) = text.get(position..position + self.len()) else {
            return false;
        };
        self.items
            .iter()
            .zip(window)
            .all(|(item, &c)| item.matches(c))
    }

    /// Returns the first position `p >= from` where the segment fits in `..limit`.
    fn find_first(&self, text: &[char], from: usize, limit: usize) -> Option<usize> {
        if limit < from || limit - from < self.len() {
            return None;
        }
        match &self.tables {
            Some(tables) => {
                kmp_first(&tables.needle, &tables.forward, &text[from..limit]).map(|p| from + p)
            }
            None => (from..=limit - self.len()).find(|&p| self.matches_at(text, p)),
        }
    }

    /// Returns the last position `p >= from` where the segment fits in `..limit`.
    fn find_last(&self, text: &[char], from: usize, limit: usize) -> Option<usize> {
        if limit < from || limit - from < self.len() {
            return None;
        }
        match &self.tables {
            Some(tables) => {
                let window = &text[from..limit];
                kmp_last(&tables.reversed_needle, &tables.backward, window).map(|p| from + p)
            }
            None => (from..=limit - self.len())
                .rev()
                .find(|&p| self.matches_at(text, p)),
        }
    }
}

/// A parsed pattern: segments separated by stars, consecutive stars merged.
#[derive(Debug)]
pub(crate) struct Pattern {
    /// Never empty; `segments.len() - 1` is the number of stars.
    segments: Vec<Segment>,
    /// `next_fixed[j]` is the first segment at or after `j` that contains a newline.
    next_fixed: Vec<Option<usize>>,
}

impl Pattern {
    /// Parses a pattern as `convertShellPatternToRegex` reads it.
    ///
    /// `\*`, `\?` and `\\` are literal characters. A `\` before `}` or `/` is dropped,
    /// since it only kept those from ending the `${...}`. Any other escape is an error
    /// whose text is BuildKit's. Like Go's scanner, a byte order mark that starts the
    /// pattern is ignored.
    pub(crate) fn parse(pattern: &str) -> Result<Self, String> {
        let chars: Vec<char> = pattern
            .strip_prefix('\u{feff}')
            .unwrap_or(pattern)
            .chars()
            .collect();
        let mut segments = Vec::new();
        let mut items = Vec::new();
        let mut after_star = false;
        let mut i = 0;
        while let Some(&c) = chars.get(i) {
            i += 1;
            let item = match c {
                '*' => {
                    if !after_star {
                        segments.push(Segment::new(std::mem::take(&mut items)));
                    }
                    after_star = true;
                    continue;
                }
                '?' => Item::AnyChar,
                '\\' => match chars.get(i) {
                    Some('}' | '/') => continue,
                    Some(&escaped @ ('*' | '?' | '\\')) => {
                        i += 1;
                        Item::Literal(escaped)
                    }
                    Some(&other) => return Err(format!("invalid escape '\\{other}'")),
                    None => return Err("invalid escape '\\\u{fffd}'".to_owned()),
                },
                c => Item::Literal(c),
            };
            items.push(item);
            after_star = false;
        }
        segments.push(Segment::new(items));

        let mut next_fixed = vec![None; segments.len() + 1];
        for j in (0..segments.len()).rev() {
            next_fixed[j] = match segments[j].first_newline {
                Some(_) => Some(j),
                None => next_fixed[j + 1],
            };
        }
        Ok(Self {
            segments,
            next_fixed,
        })
    }

    fn star_count(&self) -> usize {
        self.segments.len() - 1
    }

    /// Returns the end of the match that starts at `start`, if any (an anchored match).
    pub(crate) fn match_at(&self, text: &Text, start: usize, greed: Greed) -> Option<usize> {
        if !self.segments[0].matches_at(text.chars(), start) {
            return None;
        }
        self.match_rest(text, start + self.segments[0].len(), greed)
    }

    /// Returns the leftmost match starting at or after `from`, as `(start, end)`, with
    /// greedy stars.
    ///
    /// `failed_line` carries between calls on the same text the line end of a line in
    /// which the part after the first segment cannot match from an earlier position,
    /// and so cannot match from a later one either.
    pub(crate) fn find(
        &self,
        text: &Text,
        from: usize,
        failed_line: &mut Option<usize>,
    ) -> Option<(usize, usize)> {
        let first = &self.segments[0];
        let chars = text.chars();
        let mut candidate = from;
        while candidate <= text.len() {
            let start = first.find_first(chars, candidate, text.len())?;
            let cursor = start + first.len();
            if self.star_count() == 0 {
                return Some((start, cursor));
            }
            let line_end = text.line_end(cursor);
            if *failed_line != Some(line_end) {
                match self.match_rest(text, cursor, Greed::Longest) {
                    Some(end) => return Some((start, end)),
                    None => *failed_line = Some(line_end),
                }
            }
            // Every later start whose cursor lies in the same line fails as well.
            candidate = (start + 1).max((line_end + 1).saturating_sub(first.len()));
        }
        None
    }

    /// Matches the segments after the first one, from `cursor` on.
    fn match_rest(&self, text: &Text, mut cursor: usize, greed: Greed) -> Option<usize> {
        let chars = text.chars();
        let last = self.star_count();
        let mut next = 1;
        while next <= last {
            let Some(fixed) = self.next_fixed[next] else {
                return self.match_last_line(text, next, cursor, greed);
            };
            // The fixed segment's first newline must be the one that ends this line.
            let line_end = text.line_end(cursor);
            let offset = self.segments[fixed].first_newline.unwrap_or(0);
            if line_end == text.len() || line_end < cursor + offset {
                return None;
            }
            let fixed_start = line_end - offset;
            self.place_earliest(chars, next..fixed, cursor, fixed_start)?;
            if !self.segments[fixed].matches_at(chars, fixed_start) {
                return None;
            }
            cursor = fixed_start + self.segments[fixed].len();
            next = fixed + 1;
        }
        Some(cursor)
    }

    /// Places segments `first..` (none of them with a newline) in the line from `cursor`.
    fn match_last_line(
        &self,
        text: &Text,
        first: usize,
        cursor: usize,
        greed: Greed,
    ) -> Option<usize> {
        let chars = text.chars();
        let line_end = text.line_end(cursor);
        let last = self.star_count();
        match greed {
            Greed::Shortest => self.place_earliest(chars, first..last + 1, cursor, line_end),
            Greed::Longest => {
                let before_last = self.place_earliest(chars, first..last, cursor, line_end)?;
                let segment = &self.segments[last];
                let start = segment.find_last(chars, before_last, line_end)?;
                Some(start + segment.len())
            }
        }
    }

    /// Places each segment of `range` at its first fit after the previous one, within
    /// `..limit`, and returns the end of the last one.
    fn place_earliest(
        &self,
        chars: &[char],
        range: std::ops::Range<usize>,
        mut cursor: usize,
        limit: usize,
    ) -> Option<usize> {
        for segment in &self.segments[range] {
            cursor = segment.find_first(chars, cursor, limit)? + segment.len();
        }
        Some(cursor)
    }
}

/// Reverses a pattern for matching from the end, keeping each escape before the
/// character it escapes (BuildKit's `reversePattern`: `a\*c` becomes `c\*a`).
pub(crate) fn reverse_pattern(pattern: &str) -> String {
    let chars: Vec<char> = pattern.chars().collect();
    // Split into units from the front: a `\` and the character after it, or one
    // character. A final `\` is a unit of its own.
    let mut units = Vec::new();
    let mut position = 0;
    while position < chars.len() {
        let width = if chars[position] == '\\' && position + 1 < chars.len() {
            2
        } else {
            1
        };
        units.push(&chars[position..position + width]);
        position += width;
    }
    units.iter().rev().flat_map(|unit| unit.iter()).collect()
}

fn failure_table(needle: &[char]) -> Vec<usize> {
    let mut table = vec![0; needle.len()];
    let mut k = 0;
    for i in 1..needle.len() {
        while k > 0 && needle[i] != needle[k] {
            k = table[k - 1];
        }
        if needle[i] == needle[k] {
            k += 1;
        }
        table[i] = k;
    }
    table
}

/// Returns the first position of `needle` in `haystack`.
fn kmp_first(needle: &[char], table: &[usize], haystack: &[char]) -> Option<usize> {
    let mut matched = 0;
    for (i, &c) in haystack.iter().enumerate() {
        while matched > 0 && needle[matched] != c {
            matched = table[matched - 1];
        }
        if needle[matched] == c {
            matched += 1;
        }
        if matched == needle.len() {
            return Some(i + 1 - needle.len());
        }
    }
    None
}

/// Returns the last position of the needle whose reverse is `reversed_needle`.
fn kmp_last(reversed_needle: &[char], table: &[usize], haystack: &[char]) -> Option<usize> {
    let mut matched = 0;
    for (i, &c) in haystack.iter().enumerate().rev() {
        while matched > 0 && reversed_needle[matched] != c {
            matched = table[matched - 1];
        }
        if reversed_needle[matched] == c {
            matched += 1;
        }
        if matched == reversed_needle.len() {
            return Some(i);
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn reverse_pattern_keeps_escapes() {
        let cases = [
            ("a\\*c", "c\\*a"),
            ("\\\\\\ab", "b\\a\\\\"),
            ("ab\\", "\\ba"),
            ("👽\\🚀🖖", "🖖\\🚀👽"),
            ("\\\\b", "b\\\\"),
            ("", ""),
        ];
        for (pattern, expected) in cases {
            assert_eq!(reverse_pattern(pattern), expected, "pattern {pattern:?}");
        }
    }

    #[test]
    fn invalid_escapes_are_rejected() {
        let cases = [
            ("\\", "invalid escape '\\\u{fffd}'"),
            ("\\x", "invalid escape '\\x'"),
            ("\\\\\\", "invalid escape '\\\u{fffd}'"),
            ("a\\b*", "invalid escape '\\b'"),
        ];
        for (pattern, expected) in cases {
            assert_eq!(
                Pattern::parse(pattern).unwrap_err(),
                expected,
                "pattern {pattern:?}"
            );
        }
        for valid in ["*", "?", "\\*", "(()[]{\\}^$.\\*\\?|\\\\", "a\\/b"] {
            assert!(Pattern::parse(valid).is_ok(), "pattern {valid:?}");
        }
    }

    /// One token of the regular expression BuildKit builds, consecutive stars kept.
    #[derive(Clone, Copy, Debug)]
    enum Token {
        Literal(char),
        AnyChar,
        Star,
    }

    fn tokens(pattern: &str) -> Vec<Token> {
        pattern
            .chars()
            .map(|c| match c {
                '*' => Token::Star,
                '?' => Token::AnyChar,
                c => Token::Literal(c),
            })
            .collect()
    }

    /// A backtracking matcher that tries star lengths in the order of Go's `.*` or
    /// `.*?`, so the first match it finds is the one Go's `regexp` returns.
    fn backtrack(tokens: &[Token], text: &[char], position: usize, greed: Greed) -> Option<usize> {
        let Some((&token, rest)) = tokens.split_first() else {
            return Some(position);
        };
        match token {
            Token::Literal(c) => (text.get(position) == Some(&c))
                .then(|| backtrack(rest, text, position + 1, greed))
                .flatten(),
            Token::AnyChar => text
                .get(position)
                .filter(|&&c| c != '\n')
                .and_then(|_| backtrack(rest, text, position + 1, greed)),
            Token::Star => {
                let longest = text[position..].iter().take_while(|&&c| c != '\n').count();
                let mut lengths: Vec<usize> = (0..=longest).collect();
                if greed == Greed::Longest {
                    lengths.reverse();
                }
                lengths
                    .into_iter()
                    .find_map(|length| backtrack(rest, text, position + length, greed))
            }
        }
    }

    fn reference_find(tokens: &[Token], text: &[char], from: usize) -> Option<(usize, usize)> {
        (from..=text.len()).find_map(|start| {
            backtrack(tokens, text, start, Greed::Longest).map(|end| (start, end))
        })
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(3000))]

        #[test]
        fn matches_like_backtracking(pattern in "[ab?*\n]{0,9}", value in "[ab\n]{0,12}") {
            let compiled = Pattern::parse(&pattern).unwrap();
            let reference_tokens = tokens(&pattern);
            let chars: Vec<char> = value.chars().collect();
            let text = Text::new(chars.clone());

            for greed in [Greed::Shortest, Greed::Longest] {
                prop_assert_eq!(
                    compiled.match_at(&text, 0, greed),
                    backtrack(&reference_tokens, &chars, 0, greed),
                    "anchored {:?}", greed
                );
            }

            // The search positions of Go's ReplaceAll loop, with the failed line
            // carried between calls as `replace_all` does.
            let mut failed_line = None;
            let mut from = 0;
            while from <= chars.len() {
                let found = compiled.find(&text, from, &mut failed_line);
                prop_assert_eq!(found, reference_find(&reference_tokens, &chars, from), "search from {}", from);
                let Some((_, end)) = found else { break };
                from = if end <= from { from + 1 } else { end };
            }
        }
    }
}
