//! Parser directives: `# syntax=...`, `# escape=...` and `# check=...`.
//!
//! As in BuildKit's `directives.go`, a directive is a comment of the form
//! `#name=value` at the very top of the file. The grammar after the `#` and
//! any white space is `^([a-zA-Z][a-zA-Z0-9]*)\s*=\s*(.+?)\s*$`, where `\s`
//! is `[\t\n\f\r ]`, so `#syntax=x`, `# syntax = x` and `#  SYNTAX=x` are all
//! the same directive. The name is case-insensitive and each name may appear
//! once. The first line that is not a directive (a blank line, any other
//! comment, an unknown name, an instruction) ends the directives for good.

use nom::bytes::complete::take_while;
use nom::character::complete::{char, satisfy};
use nom::combinator::recognize;
use nom::sequence::{pair, terminated};
use nom::{IResult, Parser};

use super::go;
use super::lines::{trim_leading_space, MAX_LINE_BYTES};

/// The directive names BuildKit recognizes.
pub const DIRECTIVE_NAMES: [&str; 3] = ["syntax", "escape", "check"];

/// A directive found on one line: its lowercase name and where its value is
/// within that line.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DirectiveMatch {
    /// Lowercase name.
    pub name: String,
    /// Byte range of the value in the line given to the parser.
    pub value: std::ops::Range<usize>,
}

/// Tracks the directive section at the top of a file, line by line, as
/// BuildKit's `DirectiveParser` does.
#[derive(Clone, Debug)]
pub struct DirectiveParser {
    comment_prefix: &'static str,
    seen: Vec<String>,
    done: bool,
}

impl Default for DirectiveParser {
    fn default() -> Self {
        Self::new("#")
    }
}

impl DirectiveParser {
    /// Creates a parser for directives that start with `comment_prefix`
    /// (`#`, or `//` when detecting `syntax` in other file formats).
    pub fn new(comment_prefix: &'static str) -> Self {
        Self {
            comment_prefix,
            seen: Vec::new(),
            done: false,
        }
    }

    /// Returns whether the directive section has ended.
    pub fn is_done(&self) -> bool {
        self.done
    }

    /// Reads one line and returns the directive on it, if it is one.
    ///
    /// # Errors
    ///
    /// Returns `only one NAME parser directive can be used` for a repeated
    /// name. The line still counts as a directive line, so parsing can go on.
    pub fn parse_line(&mut self, line: &str) -> Result<Option<DirectiveMatch>, String> {
        if self.done {
            return Ok(None);
        }
        let Some(found) = match_directive(line, self.comment_prefix) else {
            self.done = true;
            return Ok(None);
        };
        if !DIRECTIVE_NAMES.contains(&found.name.as_str()) {
            self.done = true;
            return Ok(None);
        }
        if self.seen.contains(&found.name) {
            return Err(format!(
                "only one {} parser directive can be used",
                found.name
            ));
        }
        self.seen.push(found.name.clone());
        Ok(Some(found))
    }
}

/// Matches `line` against the directive grammar, without checking the name.
pub fn match_directive(line: &str, comment_prefix: &str) -> Option<DirectiveMatch> {
    let after_prefix = line.strip_prefix(comment_prefix)?;
    let body = trim_leading_space(after_prefix);
    let (after_equals, name) = name_and_equals(body).ok()?;
    let value = directive_value(after_equals)?;
    let offset = line.len() - after_equals.len();
    Some(DirectiveMatch {
        name: name.to_ascii_lowercase(),
        value: offset + value.start..offset + value.end,
    })
}

/// `[a-zA-Z][a-zA-Z0-9]*\s*=`, returning the name.
fn name_and_equals(input: &str) -> IResult<&str, &str> {
    let name = recognize(pair(
        satisfy(|c: char| c.is_ascii_alphabetic()),
        take_while(|c: char| c.is_ascii_alphanumeric()),
    ));
    terminated(name, (take_while(go::is_regex_space), char('='))).parse(input)
}

/// `\s*(.+?)\s*$`: the value without surrounding `\s` characters. When the
/// text is nothing but `\s` characters, the regular expression still needs
/// one character for the value and takes the last one.
fn directive_value(text: &str) -> Option<std::ops::Range<usize>> {
    let last = text.char_indices().next_back()?.0;
    let start = text.len() - text.trim_start_matches(go::is_regex_space).len();
    if start == text.len() {
        return Some(last..text.len());
    }
    let end = text.trim_end_matches(go::is_regex_space).len();
    Some(start..end)
}

/// Checks an `escape` directive value: only `` ` `` and `\` are allowed.
///
/// # Errors
///
/// Returns BuildKit's message for any other value.
pub fn escape_token(value: &str) -> Result<char, String> {
    match value {
        "`" => Ok('`'),
        "\\" => Ok('\\'),
        _ => Err(format!(
            "invalid escape token '{value}' does not match ` or \\"
        )),
    }
}

/// A directive as BuildKit's `ParseDirective` and `DetectSyntax` find it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FoundDirective {
    /// The whole value (`docker/dockerfile:1 --flag` for `syntax`).
    pub value: String,
    /// The value up to its first space: the frontend image for `syntax`.
    pub first_word: String,
    /// The 1-based line it was found on; 0 for the JSON form when the file
    /// has no `#!` line.
    pub line: usize,
}

/// Finds directive `name` the way BuildKit's `ParseDirective` does, which is
/// how BuildKit reads the `check` directive for its build checks.
///
/// This scan differs from the one in [`parse`](super::parse): a first line
/// starting with `#!` is skipped, and a directive line may not start with
/// white space.
pub fn find_directive(text: &str, name: &str) -> Option<FoundDirective> {
    let (text, first_line) = skip_bom_and_shebang(text);
    find_with_prefix(text, name, "#", first_line)
}

/// Finds the `syntax` directive the way BuildKit's `DetectSyntax` does: as
/// `# syntax=`, then as `// syntax=`, then as the `syntax` key of a JSON
/// object that makes up the whole file.
pub fn detect_syntax(text: &str) -> Option<FoundDirective> {
    let (text, first_line) = skip_bom_and_shebang(text);
    find_with_prefix(text, "syntax", "#", first_line)
        .or_else(|| find_with_prefix(text, "syntax", "//", first_line))
        .or_else(|| {
            let value = super::json::object_string_value(text, "syntax")?;
            Some(FoundDirective {
                first_word: first_word(&value),
                value,
                line: first_line,
            })
        })
}

fn skip_bom_and_shebang(text: &str) -> (&str, usize) {
    let text = text.strip_prefix('\u{FEFF}').unwrap_or(text);
    let first = text.split('\n').next().unwrap_or("");
    match first.starts_with("#!") {
        true => (text.get(first.len() + 1..).unwrap_or(""), 1),
        false => (text, 0),
    }
}

/// Runs a directive parser over the lines of `text` as Go's default line
/// scanner gives them (split at `\n`, one trailing `\r` dropped).
fn find_with_prefix(
    text: &str,
    name: &str,
    prefix: &'static str,
    first_line: usize,
) -> Option<FoundDirective> {
    let mut parser = DirectiveParser::new(prefix);
    for (index, raw) in text.split_inclusive('\n').enumerate() {
        if parser.is_done() {
            break;
        }
        let line = raw.strip_suffix('\n').unwrap_or(raw);
        if line.len() > MAX_LINE_BYTES {
            break;
        }
        let line = line.strip_suffix('\r').unwrap_or(line);
        let found = match parser.parse_line(line) {
            Ok(found) => found,
            Err(_) => break,
        };
        if let Some(found) = found.filter(|found| found.name == name) {
            let value = line[found.value].to_owned();
            return Some(FoundDirective {
                first_word: first_word(&value),
                value,
                line: first_line + index + 1,
            });
        }
    }
    None
}

fn first_word(value: &str) -> String {
    value.split(' ').next().unwrap_or("").to_owned()
}

/// The options of a `check` directive, as BuildKit's `ParseLintOptions`
/// reads them: `skip=RULE,RULE;error=true;experimental=RULE`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct CheckOptions {
    /// Rules named in `skip=`.
    pub skip_rules: Vec<String>,
    /// `skip=all`.
    pub skip_all: bool,
    /// Experimental rules named in `experimental=`.
    pub experimental_rules: Vec<String>,
    /// `experimental=all`.
    pub experimental_all: bool,
    /// `error=true`: build-check warnings fail the build.
    pub error: bool,
}

impl CheckOptions {
    /// Parses a `check` directive value.
    ///
    /// At most three `;`-separated options are read; a fourth stays part of
    /// the third option's value, as Go's `strings.SplitN(value, ";", 3)`
    /// leaves it.
    ///
    /// # Errors
    ///
    /// Returns BuildKit's message for an option without `=`, an unknown
    /// option or an `error=` value that is not a Go boolean.
    pub fn parse(value: &str) -> Result<Self, String> {
        let mut options = Self::default();
        let value = value.trim();
        if value.is_empty() {
            return Ok(options);
        }
        for part in value.splitn(3, ';') {
            let Some((key, option)) = part.split_once('=') else {
                return Err(format!("invalid check option {}", go::quote(part)));
            };
            match key.trim() {
                "skip" => (options.skip_all, options.skip_rules) = rule_list(option),
                "experimental" => {
                    (options.experimental_all, options.experimental_rules) = rule_list(option)
                }
                "error" => {
                    options.error =
                        parse_go_bool(option.trim()).ok_or_else(|| bool_error(part, option))?
                }
                other => return Err(format!("invalid check option {}", go::quote(other))),
            }
        }
        Ok(options)
    }
}

fn rule_list(value: &str) -> (bool, Vec<String>) {
    let value = value.trim();
    if value == "all" {
        return (true, Vec::new());
    }
    (
        false,
        value
            .split(',')
            .map(|rule| rule.trim().to_owned())
            .collect(),
    )
}

/// Go's `strconv.ParseBool`.
fn parse_go_bool(value: &str) -> Option<bool> {
    match value {
        "1" | "t" | "T" | "TRUE" | "true" | "True" => Some(true),
        "0" | "f" | "F" | "FALSE" | "false" | "False" => Some(false),
        _ => None,
    }
}

fn bool_error(part: &str, option: &str) -> String {
    format!(
        "failed to parse check option {}: strconv.ParseBool: parsing {}: invalid syntax",
        go::quote(part),
        go::quote(option.trim())
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn matched(line: &str) -> Option<(String, String)> {
        match_directive(line, "#").map(|found| (found.name, line[found.value].to_owned()))
    }

    #[test]
    fn directive_grammar() {
        let cases: [(&str, Option<(&str, &str)>); 11] = [
            (
                "#syntax=docker/dockerfile:1",
                Some(("syntax", "docker/dockerfile:1")),
            ),
            (
                "# syntax = docker/dockerfile:1 ",
                Some(("syntax", "docker/dockerfile:1")),
            ),
            ("#\tESCAPE=`", Some(("escape", "`"))),
            ("# escape= ", Some(("escape", " "))),
            ("# escape=", None),
            ("# escape", None),
            ("# es cape=x", None),
            ("# 1x=y", None),
            ("// syntax=x", None),
            ("# foo=bar baz", Some(("foo", "bar baz"))),
            ("# check=skip=all\x0b", Some(("check", "skip=all\x0b"))),
        ];
        for (line, expected) in cases {
            let expected = expected.map(|(name, value)| (name.to_owned(), value.to_owned()));
            assert_eq!(matched(line), expected, "line {line:?}");
        }
    }

    #[test]
    fn parser_rejects_repeats_and_stops() {
        let mut parser = DirectiveParser::default();
        assert!(parser.parse_line("# escape=`").unwrap().is_some());
        assert_eq!(
            parser.parse_line("# ESCAPE=\\").unwrap_err(),
            "only one escape parser directive can be used"
        );
        assert!(parser.parse_line("# unknown=x").unwrap().is_none());
        assert!(parser.is_done());
        assert!(parser.parse_line("# syntax=x").unwrap().is_none());
    }

    #[test]
    fn escape_token_values() {
        assert_eq!(escape_token("`"), Ok('`'));
        assert_eq!(escape_token("\\"), Ok('\\'));
        assert_eq!(
            escape_token("x").unwrap_err(),
            "invalid escape token 'x' does not match ` or \\"
        );
    }

    #[test]
    fn find_directive_skips_shebang() {
        let found = find_directive(
            "#!/usr/bin/env buildctl\n# check=skip=all\nFROM a\n",
            "check",
        )
        .unwrap();
        assert_eq!(found.value, "skip=all");
        assert_eq!(found.line, 2);
        assert!(find_directive("  # check=skip=all\n", "check").is_none());
    }

    #[test]
    fn detect_syntax_formats() {
        let cases = [
            (
                "# syntax=docker/dockerfile:1 --x\nFROM a",
                Some(("docker/dockerfile:1", 1)),
            ),
            ("// syntax = foo\n", Some(("foo", 1))),
            ("{\"syntax\": \"bar\"}", Some(("bar", 0))),
            ("#!/bin/x\n{\"syntax\": \"bar\"}", Some(("bar", 1))),
            ("FROM a\n# syntax=x", None),
        ];
        for (text, expected) in cases {
            let found = detect_syntax(text).map(|found| (found.first_word, found.line));
            let expected = expected.map(|(word, line)| (word.to_owned(), line));
            assert_eq!(found, expected, "text {text:?}");
        }
    }

    #[test]
    fn check_options() {
        let options =
            CheckOptions::parse(" skip=JSONArgsRecommended, StageNameCasing ; error=true").unwrap();
        assert_eq!(
            options.skip_rules,
            ["JSONArgsRecommended", "StageNameCasing"]
        );
        assert!(options.error);
        assert!(CheckOptions::parse("skip=all").unwrap().skip_all);
        assert_eq!(
            CheckOptions::parse("nonsense").unwrap_err(),
            "invalid check option \"nonsense\""
        );
        assert_eq!(
            CheckOptions::parse("foo=1").unwrap_err(),
            "invalid check option \"foo\""
        );
        assert_eq!(
            CheckOptions::parse("error=yes").unwrap_err(),
            "failed to parse check option \"error=yes\": strconv.ParseBool: parsing \"yes\": invalid syntax"
        );
    }
}
