//! `#`, `##`, `%`, `%%`, `/` and `//` applied to a variable's value, as BuildKit's
//! `trimPrefix`, `trimSuffix` and `processDollar` do with Go's `regexp`.

use super::error::{ShellErrorKind, MAX_EXPANSION_BYTES};
use super::pattern::{reverse_pattern, Greed, Pattern, Text};
use super::unicode::{is_digit, is_letter};

/// Removes the shortest or longest prefix of `value` that matches `pattern`.
pub(crate) fn trim_prefix(
    pattern: &str,
    value: &str,
    greed: Greed,
) -> Result<String, ShellErrorKind> {
    let compiled = parse(pattern)?;
    let text = Text::new(value.chars().collect());
    Ok(match compiled.match_at(&text, 0, greed) {
        Some(end) => text.chars()[end..].iter().collect(),
        None => value.to_owned(),
    })
}

/// Removes the shortest or longest suffix of `value` that matches `pattern`.
///
/// Like BuildKit, this reverses the pattern and the value and trims a prefix, so an
/// invalid pattern is reported reversed.
pub(crate) fn trim_suffix(
    pattern: &str,
    value: &str,
    greed: Greed,
) -> Result<String, ShellErrorKind> {
    let reversed_value: String = value.chars().rev().collect();
    let trimmed = trim_prefix(&reverse_pattern(pattern), &reversed_value, greed)?;
    Ok(trimmed.chars().rev().collect())
}

/// Replaces the first (`all == false`) or every match of `pattern` in `value`.
///
/// Stars are greedy. The first match is replaced by `replacement` as it is, while
/// replacing every match expands `$0` and `${0}` to the matched text and drops other
/// `$name` references, because BuildKit calls Go's `ReplaceAllString` there.
pub(crate) fn replace(
    pattern: &str,
    replacement: &str,
    value: &str,
    all: bool,
) -> Result<String, ShellErrorKind> {
    let compiled = parse(pattern)?;
    let text = Text::new(value.chars().collect());
    let chars = text.chars();
    if !all {
        let mut failed_line = None;
        let Some((start, end)) = compiled.find(&text, 0, &mut failed_line) else {
            return Ok(value.to_owned());
        };
        let mut replaced: String = chars[..start].iter().collect();
        replaced.push_str(replacement);
        replaced.extend(&chars[end..]);
        return Ok(replaced);
    }
    replace_all(&compiled, &text, &Template::parse(replacement))
}

fn parse(pattern: &str) -> Result<Pattern, ShellErrorKind> {
    Pattern::parse(pattern).map_err(|reason| ShellErrorKind::InvalidPattern {
        pattern: pattern.to_owned(),
        reason,
    })
}

/// Go's `Regexp.ReplaceAllString` loop: after an empty match the search moves on by
/// one character, and an empty match right after a match is not replaced.
fn replace_all(
    pattern: &Pattern,
    text: &Text,
    template: &Template,
) -> Result<String, ShellErrorKind> {
    let chars = text.chars();
    let mut replaced = String::new();
    let mut last_match_end = 0;
    let mut search_from = 0;
    let mut failed_line = None;
    while search_from <= chars.len() {
        let Some((start, end)) = pattern.find(text, search_from, &mut failed_line) else {
            break;
        };
        replaced.extend(&chars[last_match_end..start]);
        if end > last_match_end || start == 0 {
            template.expand_into(&mut replaced, &chars[start..end]);
        }
        if replaced.len() > MAX_EXPANSION_BYTES {
            return Err(ShellErrorKind::TooLarge);
        }
        last_match_end = end;
        search_from = if end <= search_from {
            search_from + 1
        } else {
            end
        };
    }
    replaced.extend(&chars[last_match_end..]);
    Ok(replaced)
}

/// A replacement text with Go's `$` template syntax (`Regexp.Expand`).
///
/// BuildKit's patterns have no groups, so only group 0, the whole match, has text.
#[derive(Debug)]
struct Template {
    parts: Vec<TemplatePart>,
}

#[derive(Debug)]
enum TemplatePart {
    Text(String),
    /// `$0` or `${0}`.
    Match,
}

impl Template {
    /// Parses `$$` as `$`, `$name` and `${name}` as references, and any other `$` as
    /// itself.
    fn parse(template: &str) -> Self {
        let mut parts = Vec::new();
        let mut rest = template;
        while let Some(dollar) = rest.find('$') {
            parts.push(TemplatePart::Text(rest[..dollar].to_owned()));
            rest = &rest[dollar + 1..];
            if let Some(after) = rest.strip_prefix('$') {
                parts.push(TemplatePart::Text("$".to_owned()));
                rest = after;
                continue;
            }
            match reference(rest) {
                Some((name, after)) => {
                    if name == "0" {
                        parts.push(TemplatePart::Match);
                    }
                    rest = after;
                }
                None => parts.push(TemplatePart::Text("$".to_owned())),
            }
        }
        parts.push(TemplatePart::Text(rest.to_owned()));
        Self { parts }
    }

    fn expand_into(&self, out: &mut String, matched: &[char]) {
        for part in &self.parts {
            match part {
                TemplatePart::Text(text) => out.push_str(text),
                TemplatePart::Match => out.extend(matched),
            }
        }
    }
}

/// Reads the name of a `$name` or `${name}` reference at the start of `text` (after the
/// `$`), returning the name and the text after it, as Go's `extract` does.
fn reference(text: &str) -> Option<(&str, &str)> {
    let (braced, body) = match text.strip_prefix('{') {
        Some(body) => (true, body),
        None => (false, text),
    };
    let name_len = body
        .char_indices()
        .find(|&(_, c)| !is_letter(c) && !is_digit(c) && c != '_')
        .map_or(body.len(), |(index, _)| index);
    if name_len == 0 {
        return None;
    }
    let (name, after) = body.split_at(name_len);
    if !braced {
        return Some((name, after));
    }
    after.strip_prefix('}').map(|after| (name, after))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn template_expands_like_go() {
        let cases = [
            ("plain", "plain"),
            ("<$0>", "<ab>"),
            ("<${0}>", "<ab>"),
            ("$$0", "$0"),
            ("$1$name${x}", ""),
            ("$00", ""),
            ("a$", "a$"),
            ("$.x", "$.x"),
            ("${0", "${0"),
            ("${}", "${}"),
        ];
        for (template, expected) in cases {
            let mut out = String::new();
            Template::parse(template).expand_into(&mut out, &['a', 'b']);
            assert_eq!(out, expected, "template {template:?}");
        }
    }
}
