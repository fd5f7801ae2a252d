//! Instruction flags (`--name=value`), as BuildKit's `BFlags` reads them.
//!
//! Each instruction declares the flags it takes, in BuildKit's order, and then
//! reads the flags written on the line. Reading stops at the first error:
//!
//! - a word that does not start with `--`: `arg should start with -- : X`;
//! - `--` alone ends the flags;
//! - an undeclared name: `unknown flag: --name`, with a suggestion among the
//!   declared names;
//! - a second use of a flag that takes one value: `duplicate flag specified: --name`;
//! - a string flag without `=`, or a boolean flag with `=` and nothing after:
//!   `missing a value on flag: --name`;
//! - a boolean flag whose value is not `true` or `false` in any case:
//!   `expecting boolean value for flag --name, not: value`.

use super::suggest::{with_suggestion, Case, Order};
use crate::parser::go;

/// The kinds of value a flag takes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FlagKind {
    /// `--link` or `--link=true|false`.
    Bool,
    /// `--from=value`, once.
    String,
    /// `--mount=value`, any number of times.
    Strings,
}

#[derive(Clone, Debug)]
struct Flag {
    name: &'static str,
    kind: FlagKind,
    value: String,
    values: Vec<String>,
    used: bool,
}

/// A flag error: BuildKit's message and the index of the flag word it is about.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FlagError {
    /// The message, in BuildKit's words.
    pub message: String,
    /// Index into the instruction's flag words.
    pub index: usize,
}

/// The declared flags of one instruction and the values read for them.
#[derive(Clone, Debug, Default)]
pub struct Flags {
    declared: Vec<Flag>,
}

impl Flags {
    /// Declares a flag with its default value (`"false"` for booleans unless
    /// `default` is `"true"`).
    pub fn declare(&mut self, name: &'static str, kind: FlagKind, default: &str) {
        let value = match kind {
            FlagKind::Bool if default == "true" => "true".to_owned(),
            FlagKind::Bool => "false".to_owned(),
            _ => default.to_owned(),
        };
        self.declared.push(Flag {
            name,
            kind,
            value,
            values: Vec::new(),
            used: false,
        });
    }

    /// Reads `words`, the flags as written on the line.
    ///
    /// # Errors
    ///
    /// Returns the first error, in BuildKit's words.
    pub fn parse(&mut self, words: &[String]) -> Result<(), FlagError> {
        for (index, word) in words.iter().enumerate() {
            if word == "--" {
                return Ok(());
            }
            self.parse_one(word)
                .map_err(|message| FlagError { message, index })?;
        }
        Ok(())
    }

    fn parse_one(&mut self, word: &str) -> Result<(), String> {
        if !word.starts_with("--") {
            return Err(format!("arg should start with -- : {word}"));
        }
        let (flag_name, value) = match word.split_once('=') {
            Some((name, value)) => (name, Some(value)),
            None => (word, None),
        };
        let name = &flag_name[2..];
        let names: Vec<&str> = self.declared.iter().map(|flag| flag.name).collect();
        let Some(flag) = self.declared.iter_mut().find(|flag| flag.name == name) else {
            let message = format!("unknown flag: {flag_name}");
            return Err(with_suggestion(
                message,
                name,
                &names,
                Case::Sensitive,
                Order::Sorted,
            ));
        };
        if flag.used && flag.kind != FlagKind::Strings {
            return Err(format!("duplicate flag specified: {flag_name}"));
        }
        flag.used = true;
        set_value(flag, flag_name, value)
    }

    /// Returns the value of a string or boolean flag.
    pub fn value(&self, name: &str) -> String {
        self.find(name)
            .map(|flag| flag.value.clone())
            .unwrap_or_default()
    }

    /// Returns the value of a string flag when it was written on the line.
    pub fn given(&self, name: &str) -> Option<String> {
        self.find(name)
            .filter(|flag| flag.used)
            .map(|flag| flag.value.clone())
    }

    /// Returns whether a boolean flag is true.
    pub fn is_true(&self, name: &str) -> bool {
        self.find(name).is_some_and(|flag| flag.value == "true")
    }

    /// Returns a boolean flag's value when it was written on the line.
    pub fn given_bool(&self, name: &str) -> Option<bool> {
        self.find(name)
            .filter(|flag| flag.used)
            .map(|flag| flag.value == "true")
    }

    /// Returns every value of a repeatable flag, in order.
    pub fn values(&self, name: &str) -> Vec<String> {
        self.find(name)
            .map(|flag| flag.values.clone())
            .unwrap_or_default()
    }

    fn find(&self, name: &str) -> Option<&Flag> {
        self.declared.iter().find(|flag| flag.name == name)
    }
}

fn set_value(flag: &mut Flag, flag_name: &str, value: Option<&str>) -> Result<(), String> {
    match (flag.kind, value) {
        (FlagKind::Bool, Some("")) => Err(format!("missing a value on flag: {flag_name}")),
        (FlagKind::Bool, value) => {
            let value = value.unwrap_or("");
            match go::to_lower(value).as_str() {
                "true" | "" => flag.value = "true".to_owned(),
                "false" => flag.value = "false".to_owned(),
                _ => {
                    return Err(format!(
                        "expecting boolean value for flag {flag_name}, not: {value}"
                    ))
                }
            }
            Ok(())
        }
        (_, None) => Err(format!("missing a value on flag: {flag_name}")),
        (FlagKind::String, Some(value)) => {
            flag.value = value.to_owned();
            Ok(())
        }
        (FlagKind::Strings, Some(value)) => {
            flag.values.push(value.to_owned());
            Ok(())
        }
    }
}
