//! The catalogues: both languages have every key the page uses, with the
//! same placeholders.

use std::collections::BTreeSet;
use std::path::Path;

use super::*;

fn keys(lang: Lang) -> BTreeSet<&'static str> {
    parse(lang.source()).into_keys().collect()
}

/// Returns the catalogue keys written as literals in the page's source
/// files.
fn used_keys() -> BTreeSet<String> {
    let english = keys(Lang::En);
    let groups: BTreeSet<&str> = english
        .iter()
        .filter_map(|key| key.split('.').next())
        .collect();
    let mut found = BTreeSet::new();
    let mut folders = vec![Path::new(env!("CARGO_MANIFEST_DIR")).join("src")];
    while let Some(folder) = folders.pop() {
        for entry in std::fs::read_dir(&folder).expect("the src folder is readable") {
            let path = entry.expect("a directory entry").path();
            if path.is_dir() {
                folders.push(path);
            } else if path.extension().is_some_and(|extension| extension == "rs") {
                let text = std::fs::read_to_string(&path).expect("a source file is UTF-8");
                found.extend(literal_keys(&text, &groups));
            }
        }
    }
    found
}

/// Returns every string literal that looks like a catalogue key
/// (`group.name`, lower case) and starts with one of `groups`.
fn literal_keys(text: &str, groups: &BTreeSet<&str>) -> Vec<String> {
    text.split('"')
        .skip(1)
        .step_by(2)
        .filter(|literal| {
            let key_like = literal.contains('.')
                && literal
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_' || c == '.');
            key_like
                && literal
                    .split('.')
                    .next()
                    .is_some_and(|group| groups.contains(group))
        })
        .map(str::to_string)
        .collect()
}

fn placeholders(text: &str) -> BTreeSet<String> {
    text.split('{')
        .skip(1)
        .filter_map(|part| part.split_once('}').map(|(name, _)| name.to_string()))
        .collect()
}

#[test]
fn languages_have_the_same_keys() {
    let english = keys(Lang::En);
    let chinese = keys(Lang::ZhCn);
    let missing: Vec<_> = english.difference(&chinese).collect();
    assert!(missing.is_empty(), "missing from zh-CN.txt: {missing:?}");
    let extra: Vec<_> = chinese.difference(&english).collect();
    assert!(extra.is_empty(), "missing from en.txt: {extra:?}");
}

#[test]
fn every_used_key_is_translated() {
    let english = keys(Lang::En);
    let used = used_keys();
    assert!(used.len() > 60, "the scan found {} keys", used.len());
    let missing: Vec<_> = used
        .iter()
        .filter(|key| !english.contains(key.as_str()))
        .collect();
    assert!(
        missing.is_empty(),
        "keys the page uses but en.txt lacks: {missing:?}"
    );
}

#[test]
fn translations_keep_placeholders_and_are_not_empty() {
    let english = parse(EN);
    let chinese = parse(ZH_CN);
    for (key, text) in &english {
        let other = &chinese[key];
        assert!(
            !text.trim().is_empty() && !other.trim().is_empty(),
            "{key} is empty"
        );
        assert_eq!(placeholders(text), placeholders(other), "{key}");
    }
}

#[test]
fn lookup_follows_the_current_language() {
    set_lang(Lang::ZhCn);
    let chinese = tr("page.subtitle");
    set_lang(Lang::En);
    assert_ne!(chinese, tr("page.subtitle"));
    assert_eq!(tr("no.such.key"), "no.such.key");
    assert_eq!(
        trf("lesson.par", &[("count", "3"), ("par", "2")]),
        "3 commands, par 2"
    );
}

#[test]
fn languages_from_codes_and_browser_tags() {
    let cases = [
        ("en", Some(Lang::En)),
        ("zh-CN", Some(Lang::ZhCn)),
        ("zh-cn", Some(Lang::ZhCn)),
        ("fr", None),
        ("", None),
    ];
    for (code, expected) in cases {
        assert_eq!(Lang::from_code(code), expected, "{code}");
    }
    for (tag, expected) in [
        ("zh-TW", Lang::ZhCn),
        ("zh", Lang::ZhCn),
        ("en-GB", Lang::En),
        ("de", Lang::En),
    ] {
        assert_eq!(Lang::from_browser(tag), expected, "{tag}");
    }
}

/// Names that read the same in every language: the product, and the
/// kernel's and Docker's own terms drawn as they appear in a terminal.
const UNTRANSLATED: [&str; 3] = ["Porthole", "CPU", "PIDs"];

/// Returns text written straight into markup in `source`: text nodes
/// (`{ "…" }`) and `aria-label`, `title`, `placeholder` and `label`
/// attributes whose value is a literal that reads as words. Literals made
/// only of lower-case letters, digits, `.`, `-` and `_` are identifiers
/// (catalogue keys, class names, attribute values), not words.
fn literal_texts(source: &str) -> Vec<String> {
    let mut found = Vec::new();
    for opening in [
        "{ \"",
        "aria-label=\"",
        "title=\"",
        "placeholder=\"",
        " label=\"",
    ] {
        for (start, _) in source.match_indices(opening) {
            let rest = &source[start + opening.len()..];
            let Some(end) = rest.find('"') else { continue };
            let text = &rest[..end];
            let after = rest[end + 1..].trim_start();
            let whole = !opening.starts_with('{') || after.starts_with('}');
            let identifier = text.chars().all(|c| {
                c.is_ascii_lowercase() || c.is_ascii_digit() || matches!(c, '.' | '-' | '_')
            });
            let words = text.replace("\\n", "").chars().any(char::is_alphabetic);
            if whole && words && !identifier && !UNTRANSLATED.contains(&text) {
                found.push(text.to_string());
            }
        }
    }
    found
}

#[test]
fn markup_takes_its_text_from_the_catalogues() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut folders = vec![root.join("components")];
    let mut files = vec![root.join("app.rs")];
    while let Some(folder) = folders.pop() {
        for entry in std::fs::read_dir(&folder).expect("the components folder is readable") {
            let path = entry.expect("a directory entry").path();
            if path.is_dir() {
                folders.push(path);
            } else if path.extension().is_some_and(|extension| extension == "rs") {
                files.push(path);
            }
        }
    }
    let mut written = Vec::new();
    for path in files {
        let text = std::fs::read_to_string(&path).expect("a source file is UTF-8");
        let code = text.split("#[cfg(test)]").next().unwrap_or_default();
        for literal in literal_texts(code) {
            written.push(format!("{}: {literal}", path.display()));
        }
    }
    assert!(
        written.is_empty(),
        "text written in markup instead of en.txt and zh-CN.txt:\n{}",
        written.join("\n")
    );
}

#[test]
fn literal_text_scan_finds_markup_text() {
    let cases: [(&str, &[&str]); 6] = [
        (r#"<span>{ "Zoom" }</span>"#, &["Zoom"]),
        (
            r#"<button aria-label="Close" title="Close">"#,
            &["Close", "Close"],
        ),
        (r#"<span>{ tr("graph.zoom") }</span>"#, &[]),
        (r#"{ "\n" } { "0000" }"#, &[]),
        (
            r#"if wide { "splitter-horizontal" } else { tr(if ok { "graph.one_tag" } else { "graph.tags" }) }"#,
            &[],
        ),
        (
            r#"<Gauge label="CPU" /> if x { "Yes" } else { "no such thing" }"#,
            &["Yes", "no such thing"],
        ),
    ];
    for (source, expected) in cases {
        assert_eq!(literal_texts(source), expected, "{source}");
    }
}
