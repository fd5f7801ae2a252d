//! Checks the character tables that the shell lexer uses for Go's `unicode.IsLetter`,
//! `unicode.IsDigit` and `unicode.IsPrint` against the `unicode-properties` crate.
//!
//! The tables are generated source (`src/shell/unicode_tables.rs`) so that the library
//! needs no Unicode dependency. Run with `PORTHOLE_BLESS=1` to rewrite the file after a
//! `unicode-properties` upgrade, and review the diff.

use std::path::Path;

use unicode_properties::{GeneralCategory, GeneralCategoryGroup, UnicodeGeneralCategory};

const TABLES_PATH: &str = "src/shell/unicode_tables.rs";

/// Returns the inclusive code point ranges of the characters that `keep` accepts.
fn ranges(keep: impl Fn(char) -> bool) -> Vec<(u32, u32)> {
    let mut ranges: Vec<(u32, u32)> = Vec::new();
    for c in (0..=0x10FFFF)
        .filter_map(char::from_u32)
        .filter(|&c| keep(c))
    {
        let code = c as u32;
        match ranges.last_mut() {
            Some(last) if last.1 + 1 == code => last.1 = code,
            _ => ranges.push((code, code)),
        }
    }
    ranges
}

fn render_table(out: &mut String, doc: &str, name: &str, ranges: &[(u32, u32)]) {
    out.push_str(&format!(
        "\n/// {doc}\npub(crate) const {name}: &[(u32, u32)] = &[\n"
    ));
    for chunk in ranges.chunks(4) {
        let cells: Vec<String> = chunk
            .iter()
            .map(|(low, high)| format!("(0x{low:04x}, 0x{high:04x})"))
            .collect();
        out.push_str(&format!("    {},\n", cells.join(", ")));
    }
    out.push_str("];\n");
}

fn render_tables() -> String {
    let (major, minor, patch) = unicode_properties::UNICODE_VERSION;
    let mut out = format!(
        "//! Code point ranges of Unicode {major}.{minor}.{patch} general categories, as Go's\n\
         //! `unicode` package classifies characters.\n\
         //!\n\
         //! Generated from the `unicode-properties` crate by\n\
         //! `PORTHOLE_BLESS=1 cargo test -p porthole-dockerfile --test shell_unicode_tables`.\n\
         //! Do not edit by hand.\n"
    );
    let letter = ranges(|c| c.general_category_group() == GeneralCategoryGroup::Letter);
    let digit = ranges(|c| c.general_category() == GeneralCategory::DecimalNumber);
    let print = ranges(|c| {
        matches!(
            c.general_category_group(),
            GeneralCategoryGroup::Letter
                | GeneralCategoryGroup::Mark
                | GeneralCategoryGroup::Number
                | GeneralCategoryGroup::Punctuation
                | GeneralCategoryGroup::Symbol
        )
    });
    render_table(
        &mut out,
        "Letters: categories Lu, Ll, Lt, Lm and Lo.",
        "LETTER",
        &letter,
    );
    render_table(
        &mut out,
        "Decimal digits: category Nd.",
        "DECIMAL_DIGIT",
        &digit,
    );
    render_table(
        &mut out,
        "Graphic characters other than spaces: categories L, M, N, P and S.",
        "PRINT",
        &print,
    );
    out
}

#[test]
fn unicode_tables_match_generator() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(TABLES_PATH);
    let expected = render_tables();
    if std::env::var_os("PORTHOLE_BLESS").is_some() {
        std::fs::write(&path, &expected).expect("write the unicode tables");
        return;
    }
    let actual = std::fs::read_to_string(&path).expect("read the unicode tables");
    assert!(
        actual == expected,
        "{TABLES_PATH} is out of date: rerun with PORTHOLE_BLESS=1 and review the diff"
    );
}
