//! POSIX regular expressions for `grep` and `sed`: basic (BRE) and extended
//! (ERE) syntax with the GNU extensions people use (`\+`, `\?`, `\|` in BRE,
//! `\w`, `\s`, `\b`, `\<`, `\>`), bracket expressions with classes,
//! intervals, groups and back-references in replacements.
//!
//! Matching runs a Thompson NFA (a Pike VM) that finds the leftmost-longest
//! match in time proportional to the text times the program size, so no
//! pattern can make it backtrack exponentially. Back-references inside a
//! pattern (`\(a\)\1`) are not supported. Nesting and repetition counts are
//! bounded so that compiling stays small.

mod parse;

use parse::Parser;

/// The syntax a pattern is written in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Syntax {
    Basic,
    Extended,
    /// `grep -F`: the pattern is a literal string.
    Fixed,
}

/// The reason a pattern could not be compiled, in GNU grep's words.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct RegexError(pub String);

#[derive(Clone, Debug, PartialEq, Eq)]
enum Assertion {
    LineStart,
    LineEnd,
    WordBoundary,
    NotWordBoundary,
    WordStart,
    WordEnd,
}

#[derive(Clone, Debug, PartialEq, Eq)]
struct Class {
    negated: bool,
    ranges: Vec<(char, char)>,
}

impl Class {
    fn matches(&self, c: char, fold: bool) -> bool {
        let hit = |c: char| {
            self.ranges
                .iter()
                .any(|(low, high)| *low <= c && c <= *high)
        };
        let found = hit(c) || fold && (hit(c.to_ascii_lowercase()) || hit(c.to_ascii_uppercase()));
        found != self.negated
    }
}

#[derive(Clone, Debug)]
enum Node {
    Empty,
    Char(char),
    Any,
    Class(Class),
    Concat(Vec<Node>),
    Alternate(Vec<Node>),
    Repeat {
        node: Box<Node>,
        min: u32,
        max: Option<u32>,
    },
    Group(Box<Node>, usize),
    Assert(Assertion),
}

#[derive(Clone, Debug)]
enum Inst {
    Char(char),
    Any,
    Class(Class),
    Split(usize, usize),
    Jump(usize),
    Save(usize),
    Assert(Assertion),
    Match,
}

/// A compiled pattern.
#[derive(Clone, Debug)]
pub(crate) struct Regex {
    program: Vec<Inst>,
    groups: usize,
    fold: bool,
}

/// The maximum number of instructions in a compiled pattern.
const MAX_PROGRAM: usize = 20_000;
/// The deepest nesting of groups.
const MAX_NESTING: usize = 200;
/// GNU's limit on interval counts (`RE_DUP_MAX`).
const MAX_REPEAT: u32 = 32_767;

impl Regex {
    /// Compiles `pattern`; `fold` ignores ASCII case (`grep -i`).
    pub fn new(pattern: &str, syntax: Syntax, fold: bool) -> Result<Regex, RegexError> {
        let node = match syntax {
            Syntax::Fixed => Node::Concat(pattern.chars().map(Node::Char).collect()),
            _ => {
                let mut parser = Parser {
                    chars: pattern.chars().collect(),
                    pos: 0,
                    extended: syntax == Syntax::Extended,
                    groups: 0,
                    depth: 0,
                };
                let node = parser.alternation()?;
                if parser.pos < parser.chars.len() {
                    return Err(RegexError("Unmatched ) or \\)".to_string()));
                }
                node
            }
        };
        let groups = count_groups(&node);
        let mut program = vec![Inst::Save(0)];
        compile(&node, &mut program)?;
        program.push(Inst::Save(1));
        program.push(Inst::Match);
        Ok(Regex {
            program,
            groups: groups + 1,
            fold,
        })
    }

    /// Returns whether the pattern matches somewhere in `text`.
    pub fn is_match(&self, text: &str) -> bool {
        let chars: Vec<char> = text.chars().collect();
        self.find_at(&chars, 0).is_some()
    }

    /// Finds the leftmost-longest match starting at or after `from`, as
    /// character positions of each group (group 0 is the whole match).
    pub fn find_at(&self, text: &[char], from: usize) -> Option<Vec<Option<(usize, usize)>>> {
        let slots = self.groups * 2;
        // Threads in priority order: a thread that started earlier comes first.
        let mut current: Vec<Thread> = Vec::new();
        let mut seen = vec![false; self.program.len()];
        let mut best: Option<Vec<Option<usize>>> = None;
        let mut position = from;
        loop {
            if best.is_none() {
                self.add(
                    &mut current,
                    &mut seen,
                    0,
                    vec![None; slots],
                    text,
                    position,
                );
            }
            let mut next = Vec::new();
            let mut next_seen = vec![false; self.program.len()];
            for thread in current.drain(..) {
                let start = thread.caps[0];
                if best.as_ref().is_some_and(|found| start > found[0]) {
                    continue;
                }
                match &self.program[thread.pc] {
                    Inst::Match => {
                        let better = match &best {
                            None => true,
                            Some(found) => {
                                start < found[0] || start == found[0] && thread.caps[1] > found[1]
                            }
                        };
                        if better {
                            best = Some(thread.caps);
                        }
                    }
                    inst => {
                        let Some(&c) = text.get(position) else {
                            continue;
                        };
                        let consumes = match inst {
                            Inst::Char(expected) => {
                                *expected == c || self.fold && expected.eq_ignore_ascii_case(&c)
                            }
                            Inst::Any => true,
                            Inst::Class(class) => class.matches(c, self.fold),
                            _ => false,
                        };
                        if consumes {
                            self.add(
                                &mut next,
                                &mut next_seen,
                                thread.pc + 1,
                                thread.caps,
                                text,
                                position + 1,
                            );
                        }
                    }
                }
            }
            current = next;
            seen = next_seen;
            if position >= text.len() || current.is_empty() && best.is_some() {
                break;
            }
            position += 1;
        }
        let caps = best?;
        Some(
            (0..self.groups)
                .map(|group| match (caps[group * 2], caps[group * 2 + 1]) {
                    (Some(start), Some(end)) => Some((start, end)),
                    _ => None,
                })
                .collect(),
        )
    }

    /// Follows the instructions that consume nothing from `pc` and adds the
    /// threads that wait on a character or a match.
    fn add(
        &self,
        list: &mut Vec<Thread>,
        seen: &mut [bool],
        pc: usize,
        caps: Vec<Option<usize>>,
        text: &[char],
        position: usize,
    ) {
        let mut stack = vec![(pc, caps)];
        while let Some((pc, mut caps)) = stack.pop() {
            if pc >= self.program.len() || seen[pc] {
                continue;
            }
            seen[pc] = true;
            match &self.program[pc] {
                Inst::Jump(target) => stack.push((*target, caps)),
                Inst::Split(first, second) => {
                    stack.push((*second, caps.clone()));
                    stack.push((*first, caps));
                }
                Inst::Save(slot) => {
                    if let Some(entry) = caps.get_mut(*slot) {
                        *entry = Some(position);
                    }
                    stack.push((pc + 1, caps));
                }
                Inst::Assert(assertion) => {
                    if holds(assertion, text, position) {
                        stack.push((pc + 1, caps));
                    }
                }
                _ => list.push(Thread { pc, caps }),
            }
        }
    }
}

struct Thread {
    pc: usize,
    caps: Vec<Option<usize>>,
}

fn is_word(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

fn holds(assertion: &Assertion, text: &[char], position: usize) -> bool {
    let before = position
        .checked_sub(1)
        .and_then(|i| text.get(i))
        .is_some_and(|c| is_word(*c));
    let after = text.get(position).is_some_and(|c| is_word(*c));
    match assertion {
        Assertion::LineStart => position == 0,
        Assertion::LineEnd => position == text.len(),
        Assertion::WordBoundary => before != after,
        Assertion::NotWordBoundary => before == after,
        Assertion::WordStart => !before && after,
        Assertion::WordEnd => before && !after,
    }
}

fn count_groups(node: &Node) -> usize {
    let mut count = 0;
    let mut stack = vec![node];
    while let Some(node) = stack.pop() {
        match node {
            Node::Group(inner, _) => {
                count += 1;
                stack.push(inner);
            }
            Node::Concat(nodes) | Node::Alternate(nodes) => stack.extend(nodes.iter()),
            Node::Repeat { node, .. } => stack.push(node),
            _ => {}
        }
    }
    count
}

fn compile(node: &Node, program: &mut Vec<Inst>) -> Result<(), RegexError> {
    if program.len() > MAX_PROGRAM {
        return Err(RegexError("regular expression too big".to_string()));
    }
    match node {
        Node::Empty => {}
        Node::Char(c) => program.push(Inst::Char(*c)),
        Node::Any => program.push(Inst::Any),
        Node::Class(class) => program.push(Inst::Class(class.clone())),
        Node::Assert(assertion) => program.push(Inst::Assert(assertion.clone())),
        Node::Concat(nodes) => {
            for node in nodes {
                compile(node, program)?;
            }
        }
        Node::Group(inner, index) => {
            program.push(Inst::Save(index * 2));
            compile(inner, program)?;
            program.push(Inst::Save(index * 2 + 1));
        }
        Node::Alternate(nodes) => {
            let mut jumps = Vec::new();
            for (index, node) in nodes.iter().enumerate() {
                if index + 1 < nodes.len() {
                    let split = program.len();
                    program.push(Inst::Split(split + 1, 0));
                    compile(node, program)?;
                    jumps.push(program.len());
                    program.push(Inst::Jump(0));
                    let next = program.len();
                    program[split] = Inst::Split(split + 1, next);
                } else {
                    compile(node, program)?;
                }
            }
            let end = program.len();
            for jump in jumps {
                program[jump] = Inst::Jump(end);
            }
        }
        Node::Repeat { node, min, max } => {
            for _ in 0..*min {
                compile(node, program)?;
            }
            match max {
                None => {
                    let split = program.len();
                    program.push(Inst::Split(split + 1, 0));
                    compile(node, program)?;
                    program.push(Inst::Jump(split));
                    let end = program.len();
                    program[split] = Inst::Split(split + 1, end);
                }
                Some(max) => {
                    let mut splits = Vec::new();
                    for _ in *min..*max {
                        splits.push(program.len());
                        program.push(Inst::Split(0, 0));
                        compile(node, program)?;
                    }
                    let end = program.len();
                    for split in splits {
                        program[split] = Inst::Split(split + 1, end);
                    }
                }
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn find(pattern: &str, syntax: Syntax, text: &str) -> Option<(usize, usize)> {
        let regex = Regex::new(pattern, syntax, false).unwrap();
        let chars: Vec<char> = text.chars().collect();
        regex.find_at(&chars, 0).and_then(|groups| groups[0])
    }

    #[test]
    fn match_table() {
        let cases = [
            ("abc", Syntax::Basic, "xxabcxx", Some((2, 5))),
            ("a*", Syntax::Basic, "baaa", Some((0, 0))),
            ("a\\+", Syntax::Basic, "baaa", Some((1, 4))),
            ("a+", Syntax::Basic, "a+", Some((0, 2))),
            ("a+", Syntax::Extended, "baaa", Some((1, 4))),
            ("^root:", Syntax::Basic, "root:x:0:0", Some((0, 5))),
            ("^root:", Syntax::Basic, "xroot:", None),
            ("sh$", Syntax::Basic, "/bin/bash", Some((7, 9))),
            ("cat|dog", Syntax::Extended, "hotdog", Some((3, 6))),
            ("cat\\|dog", Syntax::Basic, "hotdog", Some((3, 6))),
            ("[0-9]\\{2,3\\}", Syntax::Basic, "a12345", Some((1, 4))),
            ("[[:digit:]]+", Syntax::Extended, "v3.12", Some((1, 2))),
            ("\\bword\\b", Syntax::Extended, "a word here", Some((2, 6))),
            ("x.y", Syntax::Fixed, "ab x.y", Some((3, 6))),
            ("x.y", Syntax::Fixed, "xzy", None),
            ("(a|ab)(c|bcd)", Syntax::Extended, "abcd", Some((0, 4))),
            ("[^/]*$", Syntax::Basic, "/usr/bin/python3", Some((9, 16))),
        ];
        for (pattern, syntax, text, expected) in cases {
            assert_eq!(find(pattern, syntax, text), expected, "{pattern} on {text}");
        }
    }

    #[test]
    fn groups_are_reported() {
        let regex = Regex::new("\\([a-z]*\\)=\\([0-9]*\\)", Syntax::Basic, false).unwrap();
        let chars: Vec<char> = "key=42".chars().collect();
        let groups = regex.find_at(&chars, 0).unwrap();
        assert_eq!(groups, [Some((0, 6)), Some((0, 3)), Some((4, 6))]);
    }

    #[test]
    fn errors_and_limits() {
        assert!(Regex::new("a\\{1", Syntax::Basic, false).is_err());
        assert!(Regex::new("[abc", Syntax::Basic, false).is_err());
        assert!(Regex::new(&"(".repeat(1000), Syntax::Extended, false).is_err());
        assert!(Regex::new("(a{1000}){1000}", Syntax::Extended, false).is_err());
        let slow = Regex::new("(a*)*b", Syntax::Extended, false).unwrap();
        assert!(!slow.is_match(&"a".repeat(2000)));
    }

    #[test]
    fn case_folding() {
        let regex = Regex::new("error", Syntax::Basic, true).unwrap();
        assert!(regex.is_match("ERROR: x"));
    }
}
