//! Parsing basic and extended regular expressions into the syntax tree
//! that [`super::Regex`] compiles.

use super::{Assertion, Class, Node, RegexError, MAX_NESTING, MAX_REPEAT};

pub(super) struct Parser {
    pub chars: Vec<char>,
    pub pos: usize,
    pub extended: bool,
    pub groups: usize,
    pub depth: usize,
}

impl Parser {
    fn peek(&self) -> Option<char> {
        self.chars.get(self.pos).copied()
    }

    fn peek_at(&self, offset: usize) -> Option<char> {
        self.chars.get(self.pos + offset).copied()
    }

    /// Returns whether the text at the current position is the operator
    /// `op`: `|`, `(` or `)` in ERE, `\|`, `\(` or `\)` in BRE.
    fn at_operator(&self, op: char) -> bool {
        match self.extended {
            true => self.peek() == Some(op),
            false => self.peek() == Some('\\') && self.peek_at(1) == Some(op),
        }
    }

    fn skip_operator(&mut self) {
        self.pos += if self.extended { 1 } else { 2 };
    }

    pub(super) fn alternation(&mut self) -> Result<Node, RegexError> {
        let mut branches = vec![self.concatenation()?];
        while self.at_operator('|') {
            self.skip_operator();
            branches.push(self.concatenation()?);
        }
        Ok(match branches.len() {
            1 => branches.pop().unwrap_or(Node::Empty),
            _ => Node::Alternate(branches),
        })
    }

    fn concatenation(&mut self) -> Result<Node, RegexError> {
        let mut nodes = Vec::new();
        while self.peek().is_some() && !self.at_operator('|') && !self.at_operator(')') {
            let first = nodes.is_empty();
            let atom = self.atom(first)?;
            let repeated = self.repetitions(atom)?;
            nodes.push(repeated);
        }
        Ok(Node::Concat(nodes))
    }

    fn atom(&mut self, first: bool) -> Result<Node, RegexError> {
        if self.at_operator('(') {
            self.skip_operator();
            self.depth += 1;
            if self.depth > MAX_NESTING {
                return Err(RegexError("regular expression too big".to_string()));
            }
            self.groups += 1;
            let index = self.groups;
            let inner = self.alternation()?;
            if !self.at_operator(')') {
                return Err(RegexError("Unmatched ( or \\(".to_string()));
            }
            self.skip_operator();
            self.depth -= 1;
            return Ok(Node::Group(Box::new(inner), index));
        }
        let Some(c) = self.peek() else {
            return Ok(Node::Empty);
        };
        self.pos += 1;
        Ok(match c {
            '.' => Node::Any,
            '[' => Node::Class(self.bracket()?),
            '^' if first || self.extended => Node::Assert(Assertion::LineStart),
            '$' if self.extended
                || self.peek().is_none()
                || self.at_operator(')')
                || self.at_operator('|') =>
            {
                Node::Assert(Assertion::LineEnd)
            }
            '*' if first => Node::Char('*'),
            '*' | '+' | '?' if self.extended => {
                return Err(RegexError(
                    "Invalid preceding regular expression".to_string(),
                ))
            }
            '\\' => self.escape()?,
            c => Node::Char(c),
        })
    }

    fn escape(&mut self) -> Result<Node, RegexError> {
        let Some(c) = self.peek() else {
            return Err(RegexError("Trailing backslash".to_string()));
        };
        self.pos += 1;
        let class = |ranges: Vec<(char, char)>, negated| Node::Class(Class { negated, ranges });
        let word = vec![('a', 'z'), ('A', 'Z'), ('0', '9'), ('_', '_')];
        let space = vec![(' ', ' '), ('\t', '\r')];
        Ok(match c {
            'w' => class(word, false),
            'W' => class(word, true),
            's' => class(space, false),
            'S' => class(space, true),
            'b' => Node::Assert(Assertion::WordBoundary),
            'B' => Node::Assert(Assertion::NotWordBoundary),
            '<' => Node::Assert(Assertion::WordStart),
            '>' => Node::Assert(Assertion::WordEnd),
            'n' => Node::Char('\n'),
            't' => Node::Char('\t'),
            c => Node::Char(c),
        })
    }

    fn repetitions(&mut self, mut atom: Node) -> Result<Node, RegexError> {
        loop {
            let (min, max, length) = match (self.peek(), self.peek_at(1), self.extended) {
                (Some('*'), _, _) => (0, None, 1),
                (Some('+'), _, true) | (Some('\\'), Some('+'), false) => {
                    (1, None, if self.extended { 1 } else { 2 })
                }
                (Some('?'), _, true) | (Some('\\'), Some('?'), false) => {
                    (0, Some(1), if self.extended { 1 } else { 2 })
                }
                (Some('{'), _, true) | (Some('\\'), Some('{'), false) => match self.interval()? {
                    Some((min, max)) => {
                        atom = Node::Repeat {
                            node: Box::new(atom),
                            min,
                            max,
                        };
                        continue;
                    }
                    None => return Ok(atom),
                },
                _ => return Ok(atom),
            };
            self.pos += length;
            atom = Node::Repeat {
                node: Box::new(atom),
                min,
                max,
            };
        }
    }

    /// Reads `{m}`, `{m,}` or `{m,n}` (with backslashes in BRE).
    fn interval(&mut self) -> Result<Option<(u32, Option<u32>)>, RegexError> {
        let start = self.pos;
        self.pos += if self.extended { 1 } else { 2 };
        let number = |parser: &mut Parser| -> Option<u32> {
            let begin = parser.pos;
            while parser.peek().is_some_and(|c| c.is_ascii_digit()) {
                parser.pos += 1;
            }
            let text: String = parser.chars[begin..parser.pos].iter().collect();
            text.parse().ok()
        };
        let min = number(self);
        let max = if self.peek() == Some(',') {
            self.pos += 1;
            number(self)
        } else {
            min
        };
        let closed = match self.extended {
            true => self.peek() == Some('}'),
            false => self.peek() == Some('\\') && self.peek_at(1) == Some('}'),
        };
        let Some(min) = min.filter(|_| closed) else {
            if self.extended {
                self.pos = start;
                self.pos += 1;
                return Ok(None);
            }
            return Err(RegexError("Unmatched \\{".to_string()));
        };
        self.pos += if self.extended { 1 } else { 2 };
        if min > MAX_REPEAT || max.is_some_and(|max| max > MAX_REPEAT || max < min) {
            return Err(RegexError("Invalid content of \\{\\}".to_string()));
        }
        let max = if self.chars[start..self.pos].contains(&',') {
            max
        } else {
            Some(min)
        };
        Ok(Some((min, max)))
    }

    fn bracket(&mut self) -> Result<Class, RegexError> {
        let negated = self.peek() == Some('^');
        if negated {
            self.pos += 1;
        }
        let mut ranges = Vec::new();
        let mut first = true;
        loop {
            let Some(c) = self.peek() else {
                return Err(RegexError("Unmatched [, [^, [:, [., or [=".to_string()));
            };
            if c == ']' && !first {
                self.pos += 1;
                return Ok(Class { negated, ranges });
            }
            first = false;
            if c == '[' && self.peek_at(1) == Some(':') {
                let rest: String = self.chars[self.pos + 2..].iter().collect();
                if let Some(end) = rest.find(":]") {
                    ranges.extend(named_class(&rest[..end]));
                    self.pos += 2 + rest[..end].chars().count() + 2;
                    continue;
                }
            }
            self.pos += 1;
            if self.peek() == Some('-') && self.peek_at(1).is_some_and(|next| next != ']') {
                let high = self.peek_at(1).unwrap_or(c);
                ranges.push((c, high));
                self.pos += 2;
            } else {
                ranges.push((c, c));
            }
        }
    }
}

fn named_class(name: &str) -> Vec<(char, char)> {
    match name {
        "alpha" => vec![('a', 'z'), ('A', 'Z')],
        "digit" => vec![('0', '9')],
        "alnum" => vec![('a', 'z'), ('A', 'Z'), ('0', '9')],
        "upper" => vec![('A', 'Z')],
        "lower" => vec![('a', 'z')],
        "space" => vec![(' ', ' '), ('\t', '\r')],
        "blank" => vec![(' ', ' '), ('\t', '\t')],
        "xdigit" => vec![('0', '9'), ('a', 'f'), ('A', 'F')],
        "punct" => vec![('!', '/'), (':', '@'), ('[', '`'), ('{', '~')],
        "print" => vec![(' ', '~')],
        "graph" => vec![('!', '~')],
        "cntrl" => vec![('\0', '\u{1f}'), ('\u{7f}', '\u{7f}')],
        _ => Vec::new(),
    }
}
