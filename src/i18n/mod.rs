//! The page's two languages: English and Simplified Chinese.
//!
//! Every string the page shows comes from a catalogue, one text file per
//! language (`en.txt`, `zh-CN.txt`), with lines of the form `key = text`.
//! `#` starts a comment line, `\n` in a text is a line break, and `{name}`
//! is a placeholder that [`trf`] fills. Docker's own output is never
//! translated. The language is chosen by `?lang=en|zh-CN`, then the
//! switch in the header (kept in local storage), then the browser's
//! language.
//!
//! The current language lives in a thread-local cell, so plain functions
//! that build markup can look strings up; components call [`use_lang`] to
//! render again when it changes.

use std::cell::Cell;
use std::collections::HashMap;

use yew::prelude::*;

const EN: &str = include_str!("en.txt");
const ZH_CN: &str = include_str!("zh-CN.txt");

/// A language the page speaks.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum Lang {
    #[default]
    En,
    ZhCn,
}

impl Lang {
    /// Every language, in the order the switch offers them.
    pub const ALL: [Lang; 2] = [Lang::En, Lang::ZhCn];

    /// Returns the BCP 47 tag: `en` or `zh-CN`.
    pub fn code(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::ZhCn => "zh-CN",
        }
    }

    /// Returns the language's name in itself, for the switch.
    pub fn native_name(self) -> &'static str {
        match self {
            Lang::En => "English",
            Lang::ZhCn => "简体中文",
        }
    }

    /// Reads a `?lang=` value exactly: `en` or `zh-CN`.
    pub fn from_code(code: &str) -> Option<Lang> {
        Lang::ALL
            .into_iter()
            .find(|lang| lang.code().eq_ignore_ascii_case(code))
    }

    /// Picks the language for a browser language tag: any Chinese tag
    /// gives Simplified Chinese, anything else English.
    pub fn from_browser(tag: &str) -> Lang {
        let primary = tag.split(['-', '_']).next().unwrap_or("");
        if primary.eq_ignore_ascii_case("zh") {
            Lang::ZhCn
        } else {
            Lang::En
        }
    }

    fn source(self) -> &'static str {
        match self {
            Lang::En => EN,
            Lang::ZhCn => ZH_CN,
        }
    }
}

thread_local! {
    static CURRENT: Cell<Lang> = const { Cell::new(Lang::En) };
    static CATALOGUES: [HashMap<&'static str, String>; 2] =
        [parse(Lang::En.source()), parse(Lang::ZhCn.source())];
}

/// Sets the language strings are looked up in.
pub fn set_lang(lang: Lang) {
    CURRENT.with(|current| current.set(lang));
}

/// Returns the language strings are looked up in.
pub fn lang() -> Lang {
    CURRENT.with(Cell::get)
}

/// Returns the text of `key` in the current language. A key missing from
/// the catalogue shows as itself, which the catalogue tests forbid.
pub fn tr(key: &str) -> String {
    let index = match lang() {
        Lang::En => 0,
        Lang::ZhCn => 1,
    };
    CATALOGUES.with(|catalogues| {
        catalogues[index]
            .get(key)
            .cloned()
            .unwrap_or_else(|| key.to_string())
    })
}

/// Returns the text of `key` with each `{name}` replaced by its value.
pub fn trf(key: &str, values: &[(&str, &str)]) -> String {
    let mut text = tr(key);
    for (name, value) in values {
        text = text.replace(&format!("{{{name}}}"), value);
    }
    text
}

/// Subscribes a component to the language, so it renders again when the
/// switch changes it.
#[hook]
pub fn use_lang() -> Lang {
    use_context::<Lang>().unwrap_or_default()
}

/// Reads a catalogue. Lines without ` = ` and comment lines are skipped.
fn parse(source: &'static str) -> HashMap<&'static str, String> {
    source
        .lines()
        .filter(|line| !line.starts_with('#'))
        .filter_map(|line| line.split_once(" = "))
        .map(|(key, text)| (key.trim(), text.replace("\\n", "\n")))
        .collect()
}

#[cfg(test)]
mod tests;
