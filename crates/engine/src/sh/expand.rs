//! Word expansion, in POSIX's order (XCU 2.6): tilde expansion, parameter
//! expansion, field splitting, pathname expansion and quote removal.
//!
//! Parameter expansion (`$NAME`, `${NAME:-word}`, `${NAME#pattern}` and the
//! other modifiers) is done by the Dockerfile crate's lexer, which follows
//! BuildKit's and therefore POSIX's rules; this module adds what a shell has
//! beyond a Dockerfile: the special parameters (`$?`, `$$`, `$#`, `$0`,
//! `$1`…), `${#NAME}`, `${NAME:=word}`, `set -u`, splitting on `IFS` and
//! pathname expansion. Command substitution and arithmetic expansion are not
//! performed: they make the command unsupported.

use std::cell::OnceCell;

use dockerfile::shell::{Env, Lexer, ShellErrorKind};

use super::glob;
use super::lex::{Part, Substitution, Word};
use super::parse::is_name;
use super::state::{ShellKind, ShellState};
use super::users;
use crate::fs::Overlay;

/// The reason a word could not be expanded.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum ExpandError {
    /// A command substitution or arithmetic expansion.
    Unsupported(Substitution),
    /// `${NAME?message}` on an unset variable, or `${NAME:?message}` on an
    /// empty one; `message` is `None` when the word was empty, and `colon`
    /// records which form it was.
    Required {
        name: String,
        message: Option<String>,
        colon: bool,
    },
    /// A `${…}` the shell cannot read.
    BadSubstitution,
    /// `set -u` and an unset variable.
    Unset(String),
}

/// One field being built: its text, and the same text as a pattern in which
/// quoted characters are escaped.
#[derive(Clone, Debug, Default)]
struct Field {
    text: String,
    pattern: String,
    magic: bool,
}

#[derive(Default)]
struct Fields {
    done: Vec<Field>,
    current: Field,
    started: bool,
}

impl Fields {
    fn push_active(&mut self, c: char) {
        self.current.text.push(c);
        self.current.pattern.push(c);
        self.current.magic |= matches!(c, '*' | '?' | '[');
        self.started = true;
    }

    fn push_quoted(&mut self, text: &str) {
        self.current.text.push_str(text);
        self.current.pattern.push_str(&glob::escape(text));
        self.started = true;
    }

    fn split(&mut self) {
        if self.started {
            self.done.push(std::mem::take(&mut self.current));
            self.started = false;
        }
    }

    fn finish(mut self) -> Vec<Field> {
        self.split();
        self.done
    }
}

/// Expands words against a shell's state and file tree.
pub(crate) struct Expander<'a> {
    state: &'a ShellState,
    fs: &'a Overlay,
    /// `${NAME:=word}` assignments made while expanding, for the caller to apply.
    pub assignments: Vec<(String, String)>,
}

impl<'a> Expander<'a> {
    pub fn new(state: &'a ShellState, fs: &'a Overlay) -> Expander<'a> {
        Expander {
            state,
            fs,
            assignments: Vec::new(),
        }
    }

    /// Expands command words: every step, so one word can give several
    /// fields or none. bash also expands braces first.
    pub fn fields(&mut self, words: &[Word]) -> Result<Vec<String>, ExpandError> {
        let mut out = Vec::new();
        for word in words {
            let braced = match self.state.kind() {
                ShellKind::Bash => brace_words(word),
                _ => vec![word.clone()],
            };
            for word in &braced {
                for field in self.split_word(word)? {
                    self.glob_field(field, &mut out);
                }
            }
        }
        Ok(out)
    }

    /// Expands a word that stays one field: assignment values, redirection
    /// targets. No field splitting, no pathname expansion.
    pub fn single(&mut self, word: &Word) -> Result<String, ExpandError> {
        let mut text = String::new();
        for (index, part) in word.parts.iter().enumerate() {
            match part {
                Part::Literal(literal) if index == 0 => text.push_str(&self.tilde(literal)),
                Part::Literal(literal) | Part::Quoted(literal) => text.push_str(literal),
                Part::Parameter(raw) => text.push_str(&self.parameter(raw)?),
                Part::DoubleQuoted(inner) => text.push_str(&self.quoted(inner)?),
                Part::Substitution(kind) => return Err(ExpandError::Unsupported(*kind)),
            }
        }
        Ok(text)
    }

    /// Expands a here-document body (parameters only).
    pub fn here_body(&mut self, parts: &[Part]) -> Result<String, ExpandError> {
        self.quoted(parts)
    }

    fn split_word(&mut self, word: &Word) -> Result<Vec<Field>, ExpandError> {
        if let [Part::DoubleQuoted(inner)] = word.parts.as_slice() {
            if let [Part::Parameter(raw)] = inner.as_slice() {
                if raw == "$@" || raw == "${@}" {
                    return Ok(self
                        .state
                        .positional()
                        .iter()
                        .map(|arg| quoted_field(arg))
                        .collect());
                }
            }
        }
        let ifs = self.state.var("IFS").unwrap_or(" \t\n").to_string();
        let mut fields = Fields::default();
        for (index, part) in word.parts.iter().enumerate() {
            match part {
                Part::Literal(literal) if index == 0 && literal.starts_with('~') => {
                    let expanded = self.tilde(literal);
                    let rest_start = literal.find('/').unwrap_or(literal.len());
                    let home_len = expanded.len() - (literal.len() - rest_start);
                    fields.push_quoted(&expanded[..home_len]);
                    expanded[home_len..]
                        .chars()
                        .for_each(|c| fields.push_active(c));
                }
                Part::Literal(literal) => literal.chars().for_each(|c| fields.push_active(c)),
                Part::Quoted(text) => fields.push_quoted(text),
                Part::Parameter(raw) => {
                    let value = self.parameter(raw)?;
                    for c in value.chars() {
                        if ifs.contains(c) {
                            fields.split();
                        } else {
                            fields.push_active(c);
                        }
                    }
                }
                Part::DoubleQuoted(inner) => {
                    let text = self.quoted(inner)?;
                    fields.push_quoted(&text);
                }
                Part::Substitution(kind) => return Err(ExpandError::Unsupported(*kind)),
            }
        }
        Ok(fields.finish())
    }

    fn glob_field(&self, field: Field, out: &mut Vec<String>) {
        if !field.magic || self.state.options.noglob {
            out.push(field.text);
            return;
        }
        let matches = glob::expand_path(self.fs, self.state.cwd(), &field.pattern);
        if matches.is_empty() {
            out.push(field.text);
        } else {
            out.extend(matches);
        }
    }

    fn quoted(&mut self, parts: &[Part]) -> Result<String, ExpandError> {
        let mut text = String::new();
        for part in parts {
            match part {
                Part::Literal(literal) | Part::Quoted(literal) => text.push_str(literal),
                Part::Parameter(raw) => text.push_str(&self.parameter(raw)?),
                Part::DoubleQuoted(inner) => text.push_str(&self.quoted(inner)?),
                Part::Substitution(kind) => return Err(ExpandError::Unsupported(*kind)),
            }
        }
        Ok(text)
    }

    /// Expands `~` and `~user` at the start of an unquoted literal.
    fn tilde(&self, literal: &str) -> String {
        let Some(rest) = literal.strip_prefix('~') else {
            return literal.to_string();
        };
        let (user, tail) = rest.split_at(rest.find('/').unwrap_or(rest.len()));
        let home = match user {
            "" => self.state.var("HOME").map(str::to_string),
            name => users::find_user(self.fs, name).map(|entry| entry.home),
        };
        match home {
            Some(home) => format!("{home}{tail}"),
            None => literal.to_string(),
        }
    }

    /// Expands one `$…` part.
    fn parameter(&mut self, raw: &str) -> Result<String, ExpandError> {
        let lookup = Lookup::new(self.state);
        if let Some(name) = raw
            .strip_prefix("${#")
            .and_then(|rest| rest.strip_suffix('}'))
        {
            if is_name(name) || name.chars().all(|c| c.is_ascii_digit()) && !name.is_empty() {
                let value = lookup.get(name).unwrap_or_default();
                return Ok(value.chars().count().to_string());
            }
        }
        if let Some(result) = self.assign_default(raw, &lookup)? {
            return Ok(result);
        }
        self.check_set(raw, &lookup)?;
        match Lexer::new('\\').process_word(raw, &lookup) {
            Ok(expansion) => Ok(expansion.result),
            Err(error) => Err(match error.kind() {
                ShellErrorKind::Required { name, message } => {
                    // BuildKit's texts for an empty word; shells print their own.
                    let default = message == "is not allowed to be unset"
                        || message == "is not allowed to be empty";
                    ExpandError::Required {
                        name: name.clone(),
                        message: (!default).then(|| message.clone()),
                        colon: raw.contains(":?"),
                    }
                }
                _ => ExpandError::BadSubstitution,
            }),
        }
    }

    /// Handles `${NAME:=word}` and `${NAME=word}`, which BuildKit's lexer
    /// lacks: the default is expanded as `${NAME:-word}` would be, then assigned.
    fn assign_default(
        &mut self,
        raw: &str,
        lookup: &Lookup,
    ) -> Result<Option<String>, ExpandError> {
        let Some(inner) = raw
            .strip_prefix("${")
            .and_then(|rest| rest.strip_suffix('}'))
        else {
            return Ok(None);
        };
        let name_end = inner
            .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
            .unwrap_or(inner.len());
        let (name, rest) = inner.split_at(name_end);
        let colon = rest.starts_with(":=");
        if !is_name(name) || !(colon || rest.starts_with('=')) {
            return Ok(None);
        }
        let word = &rest[if colon { 2 } else { 1 }..];
        let current = lookup.get(name);
        let needs_default = match current {
            None => true,
            Some(value) => colon && value.is_empty(),
        };
        if !needs_default {
            return Ok(current.map(str::to_string));
        }
        let expanded = Lexer::new('\\')
            .process_word(word, lookup)
            .map_err(|_| ExpandError::BadSubstitution)?
            .result;
        self.assignments.push((name.to_string(), expanded.clone()));
        Ok(Some(expanded))
    }

    /// Applies `set -u` to a plain `$NAME` or `${NAME}`.
    fn check_set(&self, raw: &str, lookup: &Lookup) -> Result<(), ExpandError> {
        if !self.state.options.nounset {
            return Ok(());
        }
        let name = raw
            .strip_prefix("${")
            .and_then(|rest| rest.strip_suffix('}'))
            .or_else(|| raw.strip_prefix('$'))
            .unwrap_or_default();
        let plain = is_name(name) || name.chars().all(|c| c.is_ascii_digit()) && !name.is_empty();
        if plain && lookup.get(name).is_none() {
            return Err(ExpandError::Unset(name.to_string()));
        }
        Ok(())
    }
}

/// The maximum number of words one word's brace expansion makes. Braces beyond
/// it stay as written: bash has no limit, but a browser page has limited
/// memory.
const MAX_BRACE_WORDS: usize = 4096;

/// Expands bash's braces in the unquoted text of a word: `{a,b}` lists and
/// `{1..5}` or `{a..e}` sequences, nested and several in a word.
pub(crate) fn brace_words(word: &Word) -> Vec<Word> {
    let mut done = Vec::new();
    let mut pending = vec![word.clone()];
    while let Some(word) = pending.pop() {
        let Some((index, start, end, alternatives)) = first_brace(&word) else {
            done.push(word);
            continue;
        };
        if done.len() + pending.len() + alternatives.len() > MAX_BRACE_WORDS {
            done.push(word);
            continue;
        }
        let Part::Literal(text) = &word.parts[index] else {
            done.push(word);
            continue;
        };
        for alternative in alternatives.iter().rev() {
            let mut parts = word.parts.clone();
            parts[index] = Part::Literal(format!(
                "{}{alternative}{}",
                &text[..start],
                &text[end + 1..]
            ));
            pending.push(Word {
                parts,
                span: word.span.clone(),
            });
        }
    }
    done
}

/// Finds the first brace group that expands: the part, the byte range of
/// the braces in its text, and the alternatives.
fn first_brace(word: &Word) -> Option<(usize, usize, usize, Vec<String>)> {
    for (index, part) in word.parts.iter().enumerate() {
        let Part::Literal(text) = part else {
            continue;
        };
        let bytes = text.as_bytes();
        for start in (0..bytes.len()).filter(|&i| bytes[i] == b'{') {
            let Some((end, commas)) = matching_brace(bytes, start) else {
                continue;
            };
            let inner = &text[start + 1..end];
            let alternatives = if commas.is_empty() {
                sequence(inner)
            } else {
                let mut pieces = Vec::new();
                let mut from = start + 1;
                for comma in commas {
                    pieces.push(text[from..comma].to_string());
                    from = comma + 1;
                }
                pieces.push(text[from..end].to_string());
                Some(pieces)
            };
            if let Some(alternatives) = alternatives {
                return Some((index, start, end, alternatives));
            }
        }
    }
    None
}

/// Returns the `}` that closes the `{` at `start` and the top-level commas.
fn matching_brace(bytes: &[u8], start: usize) -> Option<(usize, Vec<usize>)> {
    let mut depth = 0;
    let mut commas = Vec::new();
    for (offset, &byte) in bytes[start..].iter().enumerate() {
        match byte {
            b'{' => depth += 1,
            b'}' => {
                depth -= 1;
                if depth == 0 {
                    return Some((start + offset, commas));
                }
            }
            b',' if depth == 1 => commas.push(start + offset),
            _ => {}
        }
    }
    None
}

/// Expands `1..5`, `05..10`, `1..10..3`, `a..e`.
fn sequence(inner: &str) -> Option<Vec<String>> {
    let pieces: Vec<&str> = inner.split("..").collect();
    let (from, to, step) = match pieces.as_slice() {
        [from, to] => (*from, *to, 1i64),
        [from, to, step] => (*from, *to, step.parse::<i64>().ok()?.abs().max(1)),
        _ => return None,
    };
    if let (Ok(first), Ok(last)) = (from.parse::<i64>(), to.parse::<i64>()) {
        let count = (first - last).unsigned_abs() / step.unsigned_abs() + 1;
        if count as usize > MAX_BRACE_WORDS {
            return None;
        }
        let width = if from.starts_with('0') || to.starts_with('0') {
            from.len().max(to.len())
        } else {
            0
        };
        let direction = if last >= first { step } else { -step };
        return Some(
            (0..count as i64)
                .map(|i| format!("{:0width$}", first + i * direction))
                .collect(),
        );
    }
    let (mut first, mut last) = (from.chars(), to.chars());
    match (first.next(), first.next(), last.next(), last.next()) {
        (Some(a), None, Some(b), None) if a.is_ascii_alphabetic() && b.is_ascii_alphabetic() => {
            let (a, b) = (a as u8, b as u8);
            let letters: Vec<String> = match a <= b {
                true => (a..=b)
                    .step_by(step as usize)
                    .map(|c| (c as char).to_string())
                    .collect(),
                false => (b..=a)
                    .rev()
                    .step_by(step as usize)
                    .map(|c| (c as char).to_string())
                    .collect(),
            };
            Some(letters)
        }
        _ => None,
    }
}

fn quoted_field(text: &str) -> Field {
    Field {
        text: text.to_string(),
        pattern: glob::escape(text),
        magic: false,
    }
}

/// The variables that expansion reads, special parameters included.
struct Lookup<'a> {
    state: &'a ShellState,
    status: String,
    pid: String,
    count: String,
    flags: String,
    all: OnceCell<String>,
}

impl<'a> Lookup<'a> {
    fn new(state: &'a ShellState) -> Lookup<'a> {
        Lookup {
            state,
            status: state.last_status().to_string(),
            pid: state.pid().to_string(),
            count: state.positional().len().to_string(),
            flags: state.option_letters(),
            all: OnceCell::new(),
        }
    }
}

impl Env for Lookup<'_> {
    fn get(&self, name: &str) -> Option<&str> {
        match name {
            "?" => Some(&self.status),
            "$" => Some(&self.pid),
            "#" => Some(&self.count),
            "-" => Some(&self.flags),
            "0" => Some(self.state.argv0()),
            "!" => None,
            "@" | "*" => Some(self.all.get_or_init(|| self.state.positional().join(" "))),
            digits if !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit()) => {
                let index: usize = digits.parse().ok()?;
                self.state
                    .positional()
                    .get(index.checked_sub(1)?)
                    .map(String::as_str)
            }
            _ => self.state.var(name),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fs::Content;
    use crate::sh::lex::{lex, TokenKind};
    use crate::sh::state::ShellKind;

    fn words(script: &str) -> Vec<Word> {
        lex(script, ShellKind::Dash)
            .unwrap()
            .tokens
            .into_iter()
            .filter_map(|token| match token.kind {
                TokenKind::Word(word) => Some(word),
                _ => None,
            })
            .collect()
    }

    fn tree() -> Overlay {
        let mut fs = Overlay::default();
        fs.mkdir_all("/app/src").unwrap();
        for name in ["a.py", "b.py", "c.txt"] {
            fs.write(&format!("/app/{name}"), Content::Text(String::new()))
                .unwrap();
        }
        fs
    }

    #[test]
    fn fields_table() {
        let fs = tree();
        let mut state = ShellState::new(ShellKind::Dash, "/bin/sh")
            .with_environment(["HOME=/root", "A=x y", "EMPTY=", "STAR=*.py"])
            .with_cwd("/app");
        state.set_last_status(3);
        let cases: &[(&str, &[&str])] = &[
            ("a b", &["a", "b"]),
            ("$A", &["x", "y"]),
            ("\"$A\"", &["x y"]),
            ("'$A'", &["$A"]),
            ("$EMPTY", &[]),
            ("\"$EMPTY\"", &[""]),
            ("${MISSING:-d e}", &["d", "e"]),
            ("\"${MISSING:-d e}\"", &["d e"]),
            ("${#A}", &["3"]),
            ("$?", &["3"]),
            ("~/x", &["/root/x"]),
            ("*.py", &["a.py", "b.py"]),
            ("'*'.py", &["*.py"]),
            ("$STAR", &["a.py", "b.py"]),
            ("\"$STAR\"", &["*.py"]),
            ("*.none", &["*.none"]),
            ("/app/*/", &["/app/src/"]),
            ("a\"b\"'c'", &["abc"]),
            ("${A#x }", &["y"]),
        ];
        for (script, expected) in cases {
            let got = Expander::new(&state, &fs).fields(&words(script)).unwrap();
            assert_eq!(got, *expected, "{script}");
        }
    }

    #[test]
    fn brace_expansion_table() {
        let cases: &[(&str, &[&str])] = &[
            ("/app/{logs,data}", &["/app/logs", "/app/data"]),
            ("a{1..3}", &["a1", "a2", "a3"]),
            ("{05..07}", &["05", "06", "07"]),
            ("{c..a}", &["c", "b", "a"]),
            ("{a,b}{1,2}", &["a1", "a2", "b1", "b2"]),
            ("x{a,{b,c}}", &["xa", "xb", "xc"]),
            ("{}", &["{}"]),
            ("{a}", &["{a}"]),
            ("'{a,b}'", &["{a,b}"]),
        ];
        let fs = tree();
        let state = ShellState::new(ShellKind::Bash, "bash");
        for (script, expected) in cases {
            let got = Expander::new(&state, &fs).fields(&words(script)).unwrap();
            assert_eq!(got, *expected, "{script}");
        }
        let dash = ShellState::new(ShellKind::Dash, "sh");
        assert_eq!(
            Expander::new(&dash, &fs).fields(&words("{a,b}")).unwrap(),
            ["{a,b}"]
        );
        assert_eq!(
            brace_words(&words(&"{a,b}".repeat(20))[0]).len(),
            MAX_BRACE_WORDS
        );
    }

    #[test]
    fn errors_and_assignments() {
        let fs = tree();
        let mut state = ShellState::new(ShellKind::Dash, "sh");
        let mut expander = Expander::new(&state, &fs);
        assert_eq!(
            expander.fields(&words("$(date)")),
            Err(ExpandError::Unsupported(Substitution::Command))
        );
        assert_eq!(
            expander.fields(&words("${X:?is required}")),
            Err(ExpandError::Required {
                name: "X".into(),
                message: Some("is required".into()),
                colon: true
            })
        );
        assert_eq!(expander.fields(&words("${X:=dflt}")).unwrap(), ["dflt"]);
        assert_eq!(
            expander.assignments,
            [("X".to_string(), "dflt".to_string())]
        );

        state.options.nounset = true;
        let mut expander = Expander::new(&state, &fs);
        assert_eq!(
            expander.fields(&words("$NOPE")),
            Err(ExpandError::Unset("NOPE".into()))
        );
        assert_eq!(expander.fields(&words("${NOPE:-ok}")).unwrap(), ["ok"]);
    }
}
