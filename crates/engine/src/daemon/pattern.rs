//! The regular expressions Docker's list filters match with.
//!
//! moby's `filters.Args.Match` treats `name=` and `id=` values as Go
//! regular expressions searched anywhere in the value (`name=web` matches
//! `/my-web-1`). This module reads the part of that syntax people type in
//! filters: literals, `.`, `^`, `$`, bracket classes (`[a-z]`, `[^0-9]`),
//! the repetitions `*`, `+` and `?`, and `\` escapes. A pattern with other
//! syntax (groups, `|`, counted repetitions) is treated as a literal.
//!
//! Matching simulates the automaton with a set of states, so it takes time
//! proportional to the text times the pattern and never backtracks.

/// One element of a pattern.
#[derive(Clone, Debug, PartialEq, Eq)]
enum Atom {
    Literal(char),
    Any,
    Class {
        negated: bool,
        ranges: Vec<(char, char)>,
    },
}

impl Atom {
    fn matches(&self, c: char) -> bool {
        match self {
            Atom::Literal(literal) => *literal == c,
            Atom::Any => c != '\n',
            Atom::Class { negated, ranges } => {
                ranges.iter().any(|(low, high)| (*low..=*high).contains(&c)) != *negated
            }
        }
    }
}

/// How often an element may repeat.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Repeat {
    One,
    ZeroOrOne,
    ZeroOrMore,
    OneOrMore,
}

/// A compiled pattern.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Pattern {
    items: Vec<(Atom, Repeat)>,
    anchored_start: bool,
    anchored_end: bool,
}

impl Pattern {
    /// Compiles a pattern; syntax outside the supported subset makes the
    /// whole pattern a literal.
    pub fn new(text: &str) -> Pattern {
        parse(text).unwrap_or_else(|| Pattern {
            items: text
                .chars()
                .map(|c| (Atom::Literal(c), Repeat::One))
                .collect(),
            anchored_start: false,
            anchored_end: false,
        })
    }

    /// Returns whether the pattern matches somewhere in `text`.
    pub fn is_match(&self, text: &str) -> bool {
        let chars: Vec<char> = text.chars().collect();
        let mut states = vec![false; self.items.len() + 1];
        states[0] = true;
        self.close(&mut states);
        if self.accepts(&states, 0, chars.len()) {
            return true;
        }
        for (position, c) in chars.iter().enumerate() {
            let mut next = vec![false; self.items.len() + 1];
            for (index, active) in states.iter().enumerate().take(self.items.len()) {
                if !*active {
                    continue;
                }
                let (atom, repeat) = &self.items[index];
                if atom.matches(*c) {
                    next[index + 1] = true;
                    if matches!(repeat, Repeat::ZeroOrMore | Repeat::OneOrMore) {
                        next[index] = true;
                    }
                }
            }
            if !self.anchored_start {
                next[0] = true;
            }
            self.close(&mut next);
            states = next;
            if self.accepts(&states, position + 1, chars.len()) {
                return true;
            }
        }
        false
    }

    /// Adds the states reachable by skipping optional elements.
    fn close(&self, states: &mut [bool]) {
        for index in 0..self.items.len() {
            if states[index]
                && matches!(self.items[index].1, Repeat::ZeroOrOne | Repeat::ZeroOrMore)
            {
                states[index + 1] = true;
            }
        }
    }

    fn accepts(&self, states: &[bool], position: usize, length: usize) -> bool {
        states[self.items.len()] && (!self.anchored_end || position == length)
    }
}

fn parse(text: &str) -> Option<Pattern> {
    let mut chars: Vec<char> = text.chars().collect();
    let anchored_start = chars.first() == Some(&'^');
    if anchored_start {
        chars.remove(0);
    }
    let anchored_end =
        chars.last() == Some(&'$') && !(chars.len() >= 2 && chars[chars.len() - 2] == '\\');
    if anchored_end {
        chars.pop();
    }
    let mut items: Vec<(Atom, Repeat)> = Vec::new();
    let mut index = 0;
    while index < chars.len() {
        let c = chars[index];
        index += 1;
        let atom = match c {
            '.' => Atom::Any,
            '\\' => {
                let escaped = *chars.get(index)?;
                index += 1;
                if escaped.is_ascii_alphanumeric() {
                    return None;
                }
                Atom::Literal(escaped)
            }
            '[' => {
                let (atom, next) = parse_class(&chars, index)?;
                index = next;
                atom
            }
            '*' | '+' | '?' => {
                let last = items.last_mut()?;
                if last.1 != Repeat::One {
                    return None;
                }
                last.1 = match c {
                    '*' => Repeat::ZeroOrMore,
                    '+' => Repeat::OneOrMore,
                    _ => Repeat::ZeroOrOne,
                };
                continue;
            }
            '(' | ')' | '|' | '{' | '}' | '^' | '$' => return None,
            literal => Atom::Literal(literal),
        };
        items.push((atom, Repeat::One));
    }
    Some(Pattern {
        items,
        anchored_start,
        anchored_end,
    })
}

/// Reads a bracket class after its `[`; returns it and the index after `]`.
fn parse_class(chars: &[char], mut index: usize) -> Option<(Atom, usize)> {
    let negated = chars.get(index) == Some(&'^');
    if negated {
        index += 1;
    }
    let mut ranges = Vec::new();
    let mut first = true;
    loop {
        let c = *chars.get(index)?;
        index += 1;
        if c == ']' && !first {
            return Some((Atom::Class { negated, ranges }, index));
        }
        first = false;
        if chars.get(index) == Some(&'-') && chars.get(index + 1).is_some_and(|end| *end != ']') {
            let end = chars[index + 1];
            if end < c {
                return None;
            }
            ranges.push((c, end));
            index += 2;
        } else {
            ranges.push((c, c));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn patterns_match_like_go_regexps() {
        let cases: &[(&str, &str, bool)] = &[
            ("web", "/my-web-1", true),
            ("web", "/db", false),
            ("^/web$", "/web", true),
            ("^/web$", "/web2", false),
            ("^web", "/web", false),
            ("w.b", "/wxb", true),
            ("we*b", "/wb", true),
            ("we+b", "/wb", false),
            ("colou?r", "color", true),
            ("[0-9]+$", "web12", true),
            ("[^a-z]", "abc", false),
            ("a|b", "a|b", true),
            ("a|b", "a", false),
            ("", "anything", true),
            ("x\\.y", "x.y", true),
            ("x\\.y", "xzy", false),
        ];
        for (pattern, text, expected) in cases {
            assert_eq!(
                Pattern::new(pattern).is_match(text),
                *expected,
                "{pattern} on {text}"
            );
        }
    }

    #[test]
    fn long_inputs_match_in_linear_time() {
        let text = "a".repeat(20_000);
        assert!(!Pattern::new("a*a*a*a*a*b").is_match(&text));
    }
}
