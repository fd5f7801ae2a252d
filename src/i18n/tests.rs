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
    let groups: BTreeSet<&str> = english.iter().filter_map(|key| key.split('.').next()).collect();
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
                && literal.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_' || c == '.');
            key_like && literal.split('.').next().is_some_and(|group| groups.contains(group))
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
    let missing: Vec<_> = used.iter().filter(|key| !english.contains(key.as_str())).collect();
    assert!(missing.is_empty(), "keys the page uses but en.txt lacks: {missing:?}");
}

#[test]
fn translations_keep_placeholders_and_are_not_empty() {
    let english = parse(EN);
    let chinese = parse(ZH_CN);
    for (key, text) in &english {
        let other = &chinese[key];
        assert!(!text.trim().is_empty() && !other.trim().is_empty(), "{key} is empty");
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
    assert_eq!(trf("lesson.par", &[("count", "3"), ("par", "2")]), "3 commands, par 2");
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
    for (tag, expected) in [("zh-TW", Lang::ZhCn), ("zh", Lang::ZhCn), ("en-GB", Lang::En), ("de", Lang::En)] {
        assert_eq!(Lang::from_browser(tag), expected, "{tag}");
    }
}
