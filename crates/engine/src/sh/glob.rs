//! Shell patterns (`*`, `?`, `[a-z]`, `[!x]`) and pathname expansion, as
//! POSIX describes them (XCU 2.13) and `fnmatch(3)` without flags matches.
//!
//! A pattern is text in which a backslash makes the next character literal,
//! which is how quoted characters of a word reach the matcher. Matching uses
//! the classic single-backtrack algorithm for `*`, so it takes at most
//! pattern length times name length steps.

use crate::fs::{FileType, Overlay};
use shared_sort::SharedSort;

#[derive(Clone, Debug, PartialEq, Eq)]
enum Token {
    Char(char),
    Any,
    Star,
    Class {
        negated: bool,
        items: Vec<(char, char)>,
    },
}

/// A compiled pattern.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Pattern {
    tokens: Vec<Token>,
}

/// Returns whether `text` has an unescaped `*`, `?` or `[`.
pub(crate) fn has_magic(text: &str) -> bool {
    let mut chars = text.chars();
    while let Some(c) = chars.next() {
        match c {
            '\\' => {
                chars.next();
            }
            '*' | '?' | '[' => return true,
            _ => {}
        }
    }
    false
}

/// Removes the backslashes that quote characters in a pattern.
pub(crate) fn unescape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars();
    while let Some(c) = chars.next() {
        match c {
            '\\' => out.extend(chars.next()),
            _ => out.push(c),
        }
    }
    out
}

/// Escapes the characters that have a meaning in a pattern.
pub(crate) fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if matches!(c, '*' | '?' | '[' | ']' | '\\') {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

impl Pattern {
    /// Compiles `pattern`. A `[` without its `]` matches itself.
    pub fn new(pattern: &str) -> Pattern {
        let chars: Vec<char> = pattern.chars().collect();
        let mut tokens = Vec::new();
        let mut index = 0;
        while index < chars.len() {
            match chars[index] {
                '\\' if index + 1 < chars.len() => {
                    tokens.push(Token::Char(chars[index + 1]));
                    index += 2;
                }
                '*' => {
                    if tokens.last() != Some(&Token::Star) {
                        tokens.push(Token::Star);
                    }
                    index += 1;
                }
                '?' => {
                    tokens.push(Token::Any);
                    index += 1;
                }
                '[' => match class(&chars, index) {
                    Some((token, next)) => {
                        tokens.push(token);
                        index = next;
                    }
                    None => {
                        tokens.push(Token::Char('['));
                        index += 1;
                    }
                },
                c => {
                    tokens.push(Token::Char(c));
                    index += 1;
                }
            }
        }
        Pattern { tokens }
    }

    /// Returns whether the pattern matches all of `text`.
    pub fn matches(&self, text: &str) -> bool {
        let text: Vec<char> = text.chars().collect();
        let (mut t, mut p) = (0, 0);
        let mut backtrack: Option<(usize, usize)> = None;
        while t < text.len() {
            match self.tokens.get(p) {
                Some(Token::Star) => {
                    backtrack = Some((p, t));
                    p += 1;
                    continue;
                }
                Some(token) if token_matches(token, text[t]) => {
                    p += 1;
                    t += 1;
                    continue;
                }
                _ => {}
            }
            match backtrack {
                Some((star, start)) => {
                    p = star + 1;
                    t = start + 1;
                    backtrack = Some((star, start + 1));
                }
                None => return false,
            }
        }
        self.tokens[p.min(self.tokens.len())..]
            .iter()
            .all(|token| *token == Token::Star)
    }

    /// Returns whether the pattern starts with a literal `.`, which is the only
    /// way a pattern matches a name that starts with a dot.
    fn matches_dot_files(&self) -> bool {
        self.tokens.first() == Some(&Token::Char('.'))
    }
}

fn token_matches(token: &Token, c: char) -> bool {
    match token {
        Token::Char(expected) => *expected == c,
        Token::Any => true,
        Token::Star => false,
        Token::Class { negated, items } => {
            let found = items.iter().any(|(low, high)| *low <= c && c <= *high);
            found != *negated
        }
    }
}

/// Reads a bracket expression starting at `start` (the `[`); returns the
/// token and the index after the `]`.
fn class(chars: &[char], start: usize) -> Option<(Token, usize)> {
    let mut index = start + 1;
    let negated = matches!(chars.get(index), Some('!' | '^'));
    if negated {
        index += 1;
    }
    let mut items = Vec::new();
    let mut first = true;
    while index < chars.len() {
        let c = chars[index];
        if c == ']' && !first {
            return Some((Token::Class { negated, items }, index + 1));
        }
        first = false;
        if c == '[' && chars.get(index + 1) == Some(&':') {
            let name_end = chars[index + 2..].iter().position(|&c| c == ':')? + index + 2;
            let name: String = chars[index + 2..name_end].iter().collect();
            items.extend(named_class(&name));
            index = name_end + 2;
            continue;
        }
        let low = if c == '\\' { *chars.get(index + 1)? } else { c };
        if c == '\\' {
            index += 1;
        }
        if chars.get(index + 1) == Some(&'-') && chars.get(index + 2).is_some_and(|&c| c != ']') {
            items.push((low, chars[index + 2]));
            index += 3;
        } else {
            items.push((low, low));
            index += 1;
        }
    }
    None
}

fn named_class(name: &str) -> Vec<(char, char)> {
    match name {
        "alpha" => vec![('a', 'z'), ('A', 'Z')],
        "digit" => vec![('0', '9')],
        "alnum" => vec![('a', 'z'), ('A', 'Z'), ('0', '9')],
        "upper" => vec![('A', 'Z')],
        "lower" => vec![('a', 'z')],
        "space" => vec![(' ', ' '), ('\t', '\r')],
        "xdigit" => vec![('0', '9'), ('a', 'f'), ('A', 'F')],
        "punct" => vec![('!', '/'), (':', '@'), ('[', '`'), ('{', '~')],
        _ => Vec::new(),
    }
}

/// Expands a pathname pattern against the file tree, relative to `cwd`
/// when it does not start with `/`. Returns the matches sorted by bytes, as
/// in the C locale, or an empty list when nothing matches.
pub(crate) fn expand_path(fs: &Overlay, cwd: &str, pattern: &str) -> Vec<String> {
    let absolute = pattern.starts_with('/');
    let components: Vec<&str> = pattern.split('/').filter(|c| !c.is_empty()).collect();
    let trailing_slash = pattern.ends_with('/') && !components.is_empty();
    // Each candidate is the text to print and the absolute path it names.
    let root_shown = if absolute {
        "/".to_string()
    } else {
        String::new()
    };
    let root_real = if absolute {
        "/".to_string()
    } else {
        cwd.to_string()
    };
    let mut candidates = vec![(root_shown, root_real)];
    for component in components {
        let mut next = Vec::new();
        for (shown, real) in &candidates {
            if has_magic(component) {
                let pattern = Pattern::new(component);
                let Ok(entries) = fs.list(real) else {
                    continue;
                };
                for entry in entries {
                    let hidden = entry.name.starts_with('.');
                    if hidden && !pattern.matches_dot_files() {
                        continue;
                    }
                    if pattern.matches(&entry.name) {
                        next.push((join(shown, &entry.name), join_real(real, &entry.name)));
                    }
                }
            } else {
                let name = unescape(component);
                let real_path = join_real(real, &name);
                if fs.lstat(&real_path).is_ok() || name == "." || name == ".." {
                    next.push((join(shown, &name), real_path));
                }
            }
        }
        candidates = next;
        if candidates.is_empty() {
            return Vec::new();
        }
    }
    let mut found: Vec<String> = candidates
        .into_iter()
        .filter(|(_, real)| {
            !trailing_slash
                || fs
                    .stat(real)
                    .is_ok_and(|m| m.file_type == FileType::Directory)
        })
        .map(|(shown, _)| {
            if trailing_slash {
                format!("{shown}/")
            } else {
                shown
            }
        })
        .collect();
    found.shared_sort();
    found
}

fn join(shown: &str, name: &str) -> String {
    match shown {
        "" => name.to_string(),
        "/" => format!("/{name}"),
        _ => format!("{shown}/{name}"),
    }
}

fn join_real(real: &str, name: &str) -> String {
    if real.ends_with('/') {
        format!("{real}{name}")
    } else {
        format!("{real}/{name}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fs::Content;

    #[test]
    fn match_table() {
        let cases = [
            ("*.txt", "a.txt", true),
            ("*.txt", "a.txt.bak", false),
            ("a?c", "abc", true),
            ("a?c", "ac", false),
            ("[a-c]x", "bx", true),
            ("[!a-c]x", "bx", false),
            ("[!a-c]x", "dx", true),
            ("[[:digit:]]*", "1abc", true),
            ("\\*", "*", true),
            ("\\*", "a", false),
            ("*a*b*c", "xaybzc", true),
            ("*a*b*c", "xaybz", false),
            ("[", "[", true),
            ("**", "", true),
            ("lib*.so.*", "libcurl.so.4", true),
        ];
        for (pattern, text, expected) in cases {
            assert_eq!(
                Pattern::new(pattern).matches(text),
                expected,
                "{pattern} {text}"
            );
        }
    }

    #[test]
    fn long_inputs_stay_fast() {
        let pattern = Pattern::new(&"*a".repeat(200));
        assert!(!pattern.matches(&"a".repeat(150)));
    }

    #[test]
    fn pathname_expansion() {
        let mut fs = Overlay::default();
        fs.mkdir_all("/var/lib/apt/lists/partial").unwrap();
        for name in ["b_Packages", "a_InRelease", ".hidden", "lock"] {
            fs.write(
                &format!("/var/lib/apt/lists/{name}"),
                Content::Text(String::new()),
            )
            .unwrap();
        }
        assert_eq!(
            expand_path(&fs, "/", "/var/lib/apt/lists/*"),
            [
                "/var/lib/apt/lists/a_InRelease",
                "/var/lib/apt/lists/b_Packages",
                "/var/lib/apt/lists/lock",
                "/var/lib/apt/lists/partial"
            ]
        );
        assert_eq!(
            expand_path(&fs, "/var/lib", "apt/lists/*_P*"),
            ["apt/lists/b_Packages"]
        );
        assert_eq!(expand_path(&fs, "/var/lib/apt/lists", "*/"), ["partial/"]);
        assert_eq!(expand_path(&fs, "/var/lib/apt/lists", ".h*"), [".hidden"]);
        assert!(expand_path(&fs, "/", "/nope/*").is_empty());
    }
}
