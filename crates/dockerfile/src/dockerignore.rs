//! `.dockerignore` files and their patterns, as moby/patternmatcher reads
//! and matches them (`ignorefile.ReadAll` and `PatternMatcher`).
//!
//! Reading: a UTF-8 byte order mark is dropped, lines starting with `#`
//! are comments, lines are trimmed and blank ones skipped, a leading `!`
//! makes an exception, and each pattern is cleaned like Go's `path.Clean`
//! with a leading `/` removed.
//!
//! Matching: `*` matches any run of characters but `/`, `?` one character
//! but `/`, `[...]` a class, `\` escapes the next character, and `**`
//! matches any number of directories. A path is excluded when the last
//! pattern that matches it or one of its parent directories is not an
//! exception. The engine uses the same module to filter the build context.
//!
//! ```
//! use dockerfile::dockerignore::Matcher;
//!
//! let matcher = Matcher::from_file("# build output\nnode_modules\n*.log\n!keep.log\n").unwrap();
//! assert!(matcher.matches_or_parent_matches("node_modules/a/index.js"));
//! assert!(matcher.matches_or_parent_matches("debug.log"));
//! assert!(!matcher.matches_or_parent_matches("keep.log"));
//! assert!(!matcher.matches_or_parent_matches("src/main.rs"));
//! ```

/// Reads the patterns of a `.dockerignore` file, in order.
pub fn read_patterns(text: &str) -> Vec<String> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut patterns = Vec::new();
    for line in text.split('\n') {
        let line = line.strip_suffix('\r').unwrap_or(line);
        if line.starts_with('#') {
            continue;
        }
        let mut pattern = line.trim();
        if pattern.is_empty() {
            continue;
        }
        let invert = pattern.starts_with('!');
        if invert {
            pattern = pattern[1..].trim();
        }
        let mut cleaned = String::new();
        if !pattern.is_empty() {
            cleaned = clean(pattern);
            if cleaned.len() > 1 && cleaned.starts_with('/') {
                cleaned.remove(0);
            }
        }
        patterns.push(if invert {
            format!("!{cleaned}")
        } else {
            cleaned
        });
    }
    patterns
}

/// Cleans a slash-separated path as Go's `path.Clean` does.
pub fn clean(path: &str) -> String {
    let rooted = path.starts_with('/');
    let mut parts: Vec<&str> = Vec::new();
    for part in path.split('/') {
        match part {
            "" | "." => {}
            ".." => match parts.last() {
                Some(&last) if last != ".." => {
                    parts.pop();
                }
                _ if rooted => {}
                _ => parts.push(".."),
            },
            _ => parts.push(part),
        }
    }
    let joined = parts.join("/");
    match (rooted, joined.is_empty()) {
        (true, _) => format!("/{joined}"),
        (false, true) => ".".to_owned(),
        (false, false) => joined,
    }
}

/// One compiled pattern.
#[derive(Clone, Debug)]
struct Pattern {
    exclusion: bool,
    cleaned: String,
    kind: MatchKind,
    tokens: Vec<Token>,
}

/// The matching method of a pattern, as patternmatcher chooses it while
/// compiling.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum MatchKind {
    Exact,
    Prefix,
    Suffix,
    Glob,
}

#[derive(Clone, Debug, PartialEq, Eq)]
enum Token {
    Char(char),
    /// `*`: any run without `/`.
    Star,
    /// `?`: one character but `/`.
    One,
    /// `**` inside a pattern: any run that is empty or ends with `/`.
    AnyDirs,
    /// `**` at the end: anything.
    Any,
    /// `[...]`: negated flag and ranges.
    Class(bool, Vec<(char, char)>),
}

/// A compiled list of `.dockerignore` patterns.
#[derive(Clone, Debug, Default)]
pub struct Matcher {
    patterns: Vec<Pattern>,
}

impl Matcher {
    /// Compiles `patterns` as `PatternMatcher::New` does.
    ///
    /// # Errors
    ///
    /// Returns `illegal exclusion pattern: "!"` for a lone `!` and
    /// `syntax error in pattern` for an unclosed class.
    pub fn new<S: AsRef<str>>(patterns: &[S]) -> Result<Self, String> {
        let mut compiled = Vec::new();
        for pattern in patterns {
            let pattern = pattern.as_ref().trim();
            if pattern.is_empty() {
                continue;
            }
            let mut pattern = clean(pattern);
            let exclusion = pattern.starts_with('!');
            if exclusion {
                if pattern.len() == 1 {
                    return Err("illegal exclusion pattern: \"!\"".to_owned());
                }
                pattern.remove(0);
            }
            let (kind, tokens) = compile(&pattern)?;
            compiled.push(Pattern {
                exclusion,
                cleaned: pattern,
                kind,
                tokens,
            });
        }
        Ok(Self { patterns: compiled })
    }

    /// Reads and compiles a `.dockerignore` file.
    ///
    /// # Errors
    ///
    /// The same as [`Matcher::new`].
    pub fn from_file(text: &str) -> Result<Self, String> {
        Self::new(&read_patterns(text))
    }

    /// Returns whether there are no patterns.
    pub fn is_empty(&self) -> bool {
        self.patterns.is_empty()
    }

    /// Returns whether `path` or one of its parent directories is excluded
    /// (`MatchesOrParentMatches`). The path is matched as written.
    pub fn matches_or_parent_matches(&self, path: &str) -> bool {
        let parent = parent_dir(path);
        let parent_dirs: Vec<&str> = parent.split('/').collect();
        let mut matched = false;
        for pattern in &self.patterns {
            if pattern.exclusion != matched {
                continue;
            }
            let mut found = pattern.matches(path);
            if !found && parent != "." {
                found =
                    (1..=parent_dirs.len()).any(|n| pattern.matches(&parent_dirs[..n].join("/")));
            }
            if found {
                matched = !pattern.exclusion;
            }
        }
        matched
    }
}

/// Go's `filepath.Dir`: the path without its last element, cleaned.
fn parent_dir(path: &str) -> String {
    match path.rfind('/') {
        Some(at) => clean(&path[..at + 1]),
        None => ".".to_owned(),
    }
}

impl Pattern {
    fn matches(&self, path: &str) -> bool {
        match self.kind {
            MatchKind::Exact => path == self.cleaned,
            MatchKind::Prefix => path.starts_with(&self.cleaned[..self.cleaned.len() - 2]),
            MatchKind::Suffix => {
                let suffix = &self.cleaned[2..];
                path.ends_with(suffix) || (suffix.starts_with('/') && path == &suffix[1..])
            }
            MatchKind::Glob => glob_match(&self.tokens, path),
        }
    }
}

/// Turns a pattern into tokens, choosing the match kind as patternmatcher does.
fn compile(pattern: &str) -> Result<(MatchKind, Vec<Token>), String> {
    let chars: Vec<char> = pattern.chars().collect();
    let mut tokens = Vec::new();
    let mut kind = MatchKind::Exact;
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        i += 1;
        match c {
            '*' if chars.get(i) == Some(&'*') => {
                let at_start = i == 1;
                i += 1;
                if chars.get(i) == Some(&'/') {
                    i += 1;
                }
                if i == chars.len() {
                    if kind == MatchKind::Exact {
                        kind = MatchKind::Prefix;
                    } else {
                        kind = MatchKind::Glob;
                    }
                    tokens.push(Token::Any);
                } else {
                    kind = MatchKind::Glob;
                    tokens.push(Token::AnyDirs);
                }
                if at_start {
                    kind = MatchKind::Suffix;
                }
            }
            '*' => {
                kind = MatchKind::Glob;
                tokens.push(Token::Star);
            }
            '?' => {
                kind = MatchKind::Glob;
                tokens.push(Token::One);
            }
            '\\' => match chars.get(i) {
                Some(&next) => {
                    tokens.push(Token::Char(next));
                    i += 1;
                }
                None => tokens.push(Token::Char('\\')),
            },
            '[' => {
                kind = MatchKind::Glob;
                let (token, next) = class(&chars, i)?;
                tokens.push(token);
                i = next;
            }
            _ => tokens.push(Token::Char(c)),
        }
    }
    Ok((kind, tokens))
}

/// Reads a class after `[`; returns it and the index after `]`.
fn class(chars: &[char], mut i: usize) -> Result<(Token, usize), String> {
    let syntax = || "syntax error in pattern".to_owned();
    let negated = matches!(chars.get(i), Some('^' | '!'));
    if negated {
        i += 1;
    }
    let mut ranges = Vec::new();
    let mut first = true;
    loop {
        let c = *chars.get(i).ok_or_else(syntax)?;
        if c == ']' && !first {
            return Ok((Token::Class(negated, ranges), i + 1));
        }
        first = false;
        let low = read_class_char(chars, &mut i).ok_or_else(syntax)?;
        let mut high = low;
        if chars.get(i) == Some(&'-') && chars.get(i + 1).is_some_and(|&c| c != ']') {
            i += 1;
            high = read_class_char(chars, &mut i).ok_or_else(syntax)?;
        }
        ranges.push((low, high));
    }
}

fn read_class_char(chars: &[char], i: &mut usize) -> Option<char> {
    let mut c = *chars.get(*i)?;
    if c == '\\' {
        *i += 1;
        c = *chars.get(*i)?;
    }
    *i += 1;
    Some(c)
}

/// Matches tokens against the whole path. Runs in O(tokens × path) time.
fn glob_match(tokens: &[Token], path: &str) -> bool {
    let text: Vec<char> = path.chars().collect();
    // reachable[j]: the tokens so far can match text[..j].
    let mut reachable = vec![false; text.len() + 1];
    reachable[0] = true;
    for token in tokens {
        let mut next = vec![false; text.len() + 1];
        for (j, &can_match) in reachable.iter().enumerate() {
            if !can_match {
                continue;
            }
            step(token, &text, j, &mut next);
        }
        reachable = next;
    }
    reachable[text.len()]
}

fn step(token: &Token, text: &[char], j: usize, next: &mut [bool]) {
    let single = |ok: bool, next: &mut [bool]| {
        if ok {
            next[j + 1] = true;
        }
    };
    match token {
        Token::Char(c) => single(text.get(j) == Some(c), next),
        Token::One => single(text.get(j).is_some_and(|&c| c != '/'), next),
        Token::Class(negated, ranges) => single(
            text.get(j).is_some_and(|&c| {
                ranges.iter().any(|&(low, high)| low <= c && c <= high) != *negated
            }),
            next,
        ),
        Token::Star => {
            next[j] = true;
            for k in j..text.len() {
                if text[k] == '/' {
                    break;
                }
                next[k + 1] = true;
            }
        }
        Token::Any => (j..=text.len()).for_each(|k| next[k] = true),
        Token::AnyDirs => {
            next[j] = true;
            for k in j..text.len() {
                if text[k] == '/' {
                    next[k + 1] = true;
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn patterns_match_like_patternmatcher() {
        let cases: [(&str, &str, bool); 16] = [
            ("*.go", "main.go", true),
            ("*.go", "cmd/main.go", false),
            ("*/tmp/*", "./tmp/helloworld.txt", true),
            ("docs", "docs/readme.md", true),
            ("**/*.log", "a/b/c.log", true),
            ("**/*.log", "c.log", true),
            ("a/**/b", "a/b", true),
            ("a/**/b", "a/x/y/b", true),
            ("foo/**", "foo/bar/baz", true),
            ("foo/**", "food", false),
            ("f?o", "foo", true),
            ("f?o", "f/o", false),
            ("[a-c]x", "bx", true),
            ("[^a-c]x", "bx", false),
            ("/abs", "abs", true),
            ("dir/", "dir/file", true),
        ];
        for (pattern, path, expected) in cases {
            let matcher = Matcher::from_file(pattern).unwrap();
            assert_eq!(
                matcher.matches_or_parent_matches(path),
                expected,
                "pattern {pattern:?} path {path:?}"
            );
        }
    }

    #[test]
    fn exceptions_and_reading() {
        let matcher = Matcher::from_file("\u{feff}*\n!src\n# comment\n  \nsrc/secret\n").unwrap();
        assert!(matcher.matches_or_parent_matches("README.md"));
        assert!(!matcher.matches_or_parent_matches("src/main.rs"));
        assert!(matcher.matches_or_parent_matches("src/secret"));
        assert_eq!(read_patterns("! /a/../b\n/\n"), ["!b", "/"]);
        assert_eq!(
            Matcher::new(&["!"]).unwrap_err(),
            "illegal exclusion pattern: \"!\""
        );
        assert_eq!(clean("a//b/./../c/"), "a/c");
    }
}
