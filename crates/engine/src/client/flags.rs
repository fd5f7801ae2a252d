//! Command-line flags as Docker CLI 28 parses them with spf13/pflag, and the
//! errors docker/cli wraps around them.
//!
//! pflag rules reproduced here:
//!
//! - `--name=value`, `--name value`, `-n value`, `-nvalue` and `-n=value`;
//! - combined shorthands (`-it`, `-dit`, `-dp 80:80`), where a flag that takes a
//!   value takes the rest of the group (`-p8080:80`, `-m64m`);
//! - booleans take no separate value (`--rm false` leaves `false` as an
//!   argument) but accept `--rm=false`;
//! - `--` ends the flags, and a lone `-` is an argument;
//! - with interspersing off (`docker run`, `create`, `exec`) the first argument
//!   ends the flags, so `docker run alpine ls -l` passes `-l` to the container;
//! - repeatable list flags (`-e`, `-p`, `-v`) collect every value;
//! - deprecated flags and shorthands still work and add a warning;
//! - pflag's error texts (`unknown flag: --stars`, `unknown shorthand flag: 's'
//!   in -s`, `flag needs an argument: ...`, `invalid argument "x" for "-n,
//!   --last" flag: ...`, `bad flag syntax: ---x`).
//!
//! [`CliError`](super::cli_error::CliError) then wraps these as docker/cli 28 does (usage line, `Run 'docker
//! search --help' for more information`, exit 125), together with the
//! argument-count errors (`requires 1 argument`, exit 1).
//!
//! Parsing never panics (a property test feeds every command random words) and
//! runs in time linear in the arguments, because each flag lookup scans one
//! command's flag list.

use std::collections::HashMap;
use std::fmt;

use crate::strconv;
use crate::units::GoDuration;

mod values;

use values::{default_value, parse_value};
pub use values::{validate_attach, validate_env};

/// The kind of value a flag takes, named as pflag's `Value.Type()` names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ValueType {
    /// `bool`: no separate value; `--flag` sets true, `--flag=false` sets false.
    Bool,
    /// `string`.
    String,
    /// `int` (64-bit in Docker's amd64 builds).
    Int,
    /// `int64`, shown as `int` in help.
    Int64,
    /// `uint16`.
    Uint16,
    /// `uint64`, shown as `uint` in help.
    Uint64,
    /// `float64`, shown as `float` in help.
    Float64,
    /// `duration`: a Go duration such as `10s` or `1m30s`.
    Duration,
    /// `bytes`: Docker's `MemBytes`, parsed with go-units' `RAMInBytes` (`64m`).
    Bytes,
    /// `bytes`: Docker's `MemSwapBytes`, which also accepts `-1` for unlimited.
    MemorySwap,
    /// `decimal`: Docker's `NanoCPUs` (`--cpus 1.5`), a rational number of CPUs.
    Decimal,
    /// `list`: Docker's `ListOpts`, repeatable, one value per use.
    List,
    /// `map`: Docker's `MapOpts`, repeatable `key=value`.
    Map,
    /// `filter`: Docker's `FilterOpt`, repeatable `name=value` with a lowercased name.
    Filter,
    /// `stringArray`: pflag's repeatable string, one value per use.
    StringArray,
    /// `stringSlice`, shown as `strings`: repeatable comma-separated values.
    StringSlice,
    /// `stringToString`: pflag's repeatable comma-separated `key=value` pairs.
    StringToString,
    /// A Docker value type with its own syntax (`mount`, `network`, `ulimit`,
    /// `gpu-request`), collected as written. The code that simulates the flag
    /// checks the syntax.
    Other(&'static str),
}

impl ValueType {
    /// Returns pflag's type name (`Value.Type()`).
    pub fn type_name(self) -> &'static str {
        match self {
            Self::Bool => "bool",
            Self::String => "string",
            Self::Int => "int",
            Self::Int64 => "int64",
            Self::Uint16 => "uint16",
            Self::Uint64 => "uint64",
            Self::Float64 => "float64",
            Self::Duration => "duration",
            Self::Bytes | Self::MemorySwap => "bytes",
            Self::Decimal => "decimal",
            Self::List => "list",
            Self::Map => "map",
            Self::Filter => "filter",
            Self::StringArray => "stringArray",
            Self::StringSlice => "stringSlice",
            Self::StringToString => "stringToString",
            Self::Other(name) => name,
        }
    }

    /// Returns the value name that help prints after the flag, as pflag's
    /// `UnquoteUsage` derives it from the type: none for `bool`, `int` for
    /// `int64`, `uint` for `uint64`, `float` for `float64`, `strings` for
    /// `stringSlice`.
    pub fn help_name(self) -> &'static str {
        match self {
            Self::Bool => "",
            Self::Int64 => "int",
            Self::Uint64 => "uint",
            Self::Float64 => "float",
            Self::StringSlice => "strings",
            other => other.type_name(),
        }
    }

    /// Returns whether pflag treats `default` as this type's zero value, in
    /// which case help prints no `(default …)` (pflag's `defaultIsZeroValue`).
    pub fn is_zero_default(self, default: &str) -> bool {
        match self {
            Self::Bool => default == "false",
            Self::Duration => default == "0" || default == "0s",
            Self::Int | Self::Int64 | Self::Uint16 | Self::Uint64 | Self::Float64 => default == "0",
            Self::String => default.is_empty(),
            Self::StringArray | Self::StringSlice => default == "[]",
            _ => matches!(default, "false" | "<nil>" | "" | "0"),
        }
    }
}

/// A check that a Docker list option runs on each value, returning the value to
/// store or an error text.
pub type Validator = fn(&str) -> Result<String, String>;

/// One flag of a command, as docker/cli 28 defines it.
#[derive(Debug, Clone, Copy)]
pub struct FlagSpec {
    /// The long name, without dashes.
    pub name: &'static str,
    /// The one-character shorthand, if any.
    pub shorthand: Option<char>,
    /// The value type.
    pub value_type: ValueType,
    /// The default as pflag prints it (`DefValue`): `"no"`, `-1`, `[]`, `map[]`.
    pub default: &'static str,
    /// The help text.
    pub usage: &'static str,
    /// Whether help leaves the flag out (it still parses).
    pub hidden: bool,
    /// The message of a deprecated flag (`MarkDeprecated`): it still parses,
    /// prints a warning and is left out of help.
    pub deprecated: Option<&'static str>,
    /// The message of a deprecated shorthand (`MarkShorthandDeprecated`).
    pub shorthand_deprecated: Option<&'static str>,
    /// Another flag whose value this flag sets, as docker/cli binds `--net`
    /// and `--network` to one variable.
    pub value_of: Option<&'static str>,
    /// A check run on every value given.
    pub validator: Option<Validator>,
}

impl FlagSpec {
    /// Builds a visible flag without shorthand.
    pub const fn new(
        name: &'static str,
        value_type: ValueType,
        default: &'static str,
        usage: &'static str,
    ) -> Self {
        Self {
            name,
            shorthand: None,
            value_type,
            default,
            usage,
            hidden: false,
            deprecated: None,
            shorthand_deprecated: None,
            value_of: None,
            validator: None,
        }
    }

    /// Adds a shorthand.
    pub const fn short(self, shorthand: char) -> Self {
        Self {
            shorthand: Some(shorthand),
            ..self
        }
    }

    /// Hides the flag from help.
    pub const fn hidden(self) -> Self {
        Self {
            hidden: true,
            ..self
        }
    }

    /// Marks the flag deprecated with pflag's message, which also hides it.
    pub const fn deprecated(self, message: &'static str) -> Self {
        Self {
            deprecated: Some(message),
            hidden: true,
            ..self
        }
    }

    /// Marks the shorthand deprecated with pflag's message.
    pub const fn shorthand_deprecated(self, message: &'static str) -> Self {
        Self {
            shorthand_deprecated: Some(message),
            ..self
        }
    }

    /// Stores this flag's value in another flag.
    pub const fn value_of(self, name: &'static str) -> Self {
        Self {
            value_of: Some(name),
            ..self
        }
    }

    /// Adds a check for every value given.
    pub const fn validated(self, validator: Validator) -> Self {
        Self {
            validator: Some(validator),
            ..self
        }
    }

    /// Returns the flag as pflag names it in errors: `-n, --last` when it has a
    /// shorthand that is not deprecated, `--name` otherwise.
    pub fn display_name(&self) -> String {
        match self.shorthand {
            Some(shorthand) if self.shorthand_deprecated.is_none() => {
                format!("-{shorthand}, --{}", self.name)
            }
            _ => format!("--{}", self.name),
        }
    }

    fn storage_name(&self) -> &'static str {
        self.value_of.unwrap_or(self.name)
    }
}

/// A parsed flag value.
#[derive(Debug, Clone, PartialEq)]
pub enum FlagValue {
    /// A `bool` flag.
    Bool(bool),
    /// A `string` flag.
    String(String),
    /// An `int` or `int64` flag.
    Int(i64),
    /// A `uint16` or `uint64` flag.
    Uint(u64),
    /// A `float64` flag.
    Float(f64),
    /// A `duration` flag.
    Duration(GoDuration),
    /// A `bytes` flag, in bytes (`-1` for unlimited swap).
    Bytes(i64),
    /// A `decimal` flag, in billionths (`--cpus 1.5` is 1500000000).
    Decimal(i64),
    /// The values of a repeatable flag in the order given.
    List(Vec<String>),
    /// The `key=value` pairs of a `map`, `filter` or `stringToString` flag in
    /// the order given; a later value for a key replaces an earlier one.
    Map(Vec<(String, String)>),
}

/// A flag error in pflag's words.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FlagError {
    /// `unknown flag: --<name>`.
    UnknownFlag(String),
    /// `unknown shorthand flag: '<c>' in -<group>`.
    UnknownShorthand {
        /// The first byte of the unknown shorthand, as pflag reads it.
        shorthand: u8,
        /// The rest of the shorthand group from that flag on.
        group: String,
    },
    /// `flag needs an argument: --<name>`.
    NeedsArgument(String),
    /// `flag needs an argument: '<c>' in -<group>`.
    ShorthandNeedsArgument {
        /// The shorthand.
        shorthand: char,
        /// The rest of the shorthand group from that flag on.
        group: String,
    },
    /// `invalid argument "<value>" for "<flag>" flag: <reason>`.
    InvalidArgument {
        /// The value given.
        value: String,
        /// The flag as `-n, --last` or `--name`.
        flag: String,
        /// The reason, in the words of the value's parser.
        reason: String,
    },
    /// `bad flag syntax: <argument>`.
    BadSyntax(String),
}

impl fmt::Display for FlagError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::UnknownFlag(name) => write!(f, "unknown flag: --{name}"),
            Self::UnknownShorthand { shorthand, group } => {
                write!(
                    f,
                    "unknown shorthand flag: {} in -{group}",
                    strconv::quote_rune(char::from(*shorthand))
                )
            }
            Self::NeedsArgument(argument) => write!(f, "flag needs an argument: {argument}"),
            Self::ShorthandNeedsArgument { shorthand, group } => {
                write!(
                    f,
                    "flag needs an argument: {} in -{group}",
                    strconv::quote_rune(*shorthand)
                )
            }
            Self::InvalidArgument {
                value,
                flag,
                reason,
            } => {
                write!(
                    f,
                    "invalid argument {} for {} flag: {reason}",
                    strconv::quote(value),
                    strconv::quote(flag)
                )
            }
            Self::BadSyntax(argument) => write!(f, "bad flag syntax: {argument}"),
        }
    }
}

impl std::error::Error for FlagError {}

/// Whether flags may follow the first argument (pflag's `SetInterspersed`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Interspersed {
    /// Flags are recognised anywhere before `--` (pflag's default).
    Allowed,
    /// The first argument ends the flags (`docker run IMAGE COMMAND -l`).
    StopAtFirstArgument,
}

/// The flags of one command after parsing: every flag's value (its default
/// when not given), which flags were given, and the remaining arguments.
#[derive(Debug, Clone)]
pub struct ParsedFlags {
    values: HashMap<&'static str, FlagValue>,
    changed: Vec<&'static str>,
    /// The arguments that are not flags, in order.
    pub args: Vec<String>,
    /// How many of [`Self::args`] came before `--`, if `--` was given
    /// (pflag's `ArgsLenAtDash`).
    pub args_before_dash: Option<usize>,
    /// Deprecation messages pflag prints to standard error while parsing
    /// (`Flag --time has been deprecated, use --timeout instead`).
    pub warnings: Vec<String>,
}

impl ParsedFlags {
    /// Returns a result with no flags and no arguments, for commands whose
    /// words are not parsed.
    pub fn empty() -> Self {
        Self {
            values: HashMap::new(),
            changed: Vec::new(),
            args: Vec::new(),
            args_before_dash: None,
            warnings: Vec::new(),
        }
    }

    /// Returns whether the flag (or a flag that shares its value) was given.
    pub fn is_set(&self, name: &str) -> bool {
        self.changed.contains(&name)
    }

    /// Returns the names of the given flags, in the order first given, with
    /// shared values under the name they are stored in.
    pub fn set_flags(&self) -> &[&'static str] {
        &self.changed
    }

    /// Returns a flag's value, or `None` for an unknown name.
    pub fn value(&self, name: &str) -> Option<&FlagValue> {
        self.values.get(name)
    }

    /// Returns a `bool` flag's value; false for another type or an unknown name.
    pub fn bool(&self, name: &str) -> bool {
        matches!(self.values.get(name), Some(FlagValue::Bool(true)))
    }

    /// Returns a `string` flag's value; empty for another type or an unknown name.
    pub fn string(&self, name: &str) -> &str {
        match self.values.get(name) {
            Some(FlagValue::String(value)) => value,
            _ => "",
        }
    }

    /// Returns the values of a repeatable flag; empty for another type.
    pub fn list(&self, name: &str) -> &[String] {
        match self.values.get(name) {
            Some(FlagValue::List(values)) => values,
            _ => &[],
        }
    }

    /// Returns the pairs of a `map`, `filter` or `stringToString` flag.
    pub fn pairs(&self, name: &str) -> &[(String, String)] {
        match self.values.get(name) {
            Some(FlagValue::Map(pairs)) => pairs,
            _ => &[],
        }
    }

    /// Returns an integer flag's value (`int`, `int64`, `bytes`, `decimal`), or
    /// `None` for another type.
    pub fn integer(&self, name: &str) -> Option<i64> {
        match self.values.get(name)? {
            FlagValue::Int(value) | FlagValue::Bytes(value) | FlagValue::Decimal(value) => {
                Some(*value)
            }
            FlagValue::Uint(value) => i64::try_from(*value).ok(),
            _ => None,
        }
    }

    /// Returns a `duration` flag's value.
    pub fn duration(&self, name: &str) -> Option<GoDuration> {
        match self.values.get(name)? {
            FlagValue::Duration(value) => Some(*value),
            _ => None,
        }
    }
}

/// The flags one command accepts: its own, then inherited ones whose names it
/// does not define (cobra merges a parent's persistent flags that way).
#[derive(Debug, Clone)]
pub struct FlagSet {
    flags: Vec<&'static FlagSpec>,
    interspersed: Interspersed,
}

impl FlagSet {
    /// Merges local and inherited flags; an inherited flag whose name or
    /// shorthand is already taken is left out.
    pub fn new(
        local: &'static [FlagSpec],
        inherited: &'static [FlagSpec],
        interspersed: Interspersed,
    ) -> Self {
        Self::from_groups(&[local], inherited, interspersed)
    }

    /// Merges several groups of local flags, then the inherited ones, as
    /// [`Self::new`] does.
    pub fn from_groups(
        local: &[&'static [FlagSpec]],
        inherited: &'static [FlagSpec],
        interspersed: Interspersed,
    ) -> Self {
        let mut flags: Vec<&'static FlagSpec> =
            local.iter().flat_map(|group| group.iter()).collect();
        for flag in inherited {
            let name_taken = flags.iter().any(|existing| existing.name == flag.name);
            let shorthand_taken = flag.shorthand.is_some()
                && flags
                    .iter()
                    .any(|existing| existing.shorthand == flag.shorthand);
            if !name_taken && !shorthand_taken {
                flags.push(flag);
            }
        }
        Self {
            flags,
            interspersed,
        }
    }

    /// Returns the merged flags.
    pub fn flags(&self) -> &[&'static FlagSpec] {
        &self.flags
    }

    /// Looks a flag up by long name.
    pub fn lookup(&self, name: &str) -> Option<&'static FlagSpec> {
        self.flags.iter().copied().find(|flag| flag.name == name)
    }

    fn lookup_shorthand(&self, shorthand: u8) -> Option<&'static FlagSpec> {
        self.flags.iter().copied().find(|flag| {
            flag.shorthand
                .is_some_and(|c| c.is_ascii() && c as u8 == shorthand)
        })
    }

    /// Parses `args` as pflag's `FlagSet.Parse` does.
    pub fn parse(&self, args: &[String]) -> Result<ParsedFlags, FlagError> {
        let mut parsed = ParsedFlags {
            values: self.defaults(),
            changed: Vec::new(),
            args: Vec::new(),
            args_before_dash: None,
            warnings: Vec::new(),
        };

        let mut index = 0;
        while index < args.len() {
            let argument = &args[index];
            index += 1;
            if argument.len() < 2 || !argument.starts_with('-') {
                parsed.args.push(argument.clone());
                if self.interspersed == Interspersed::StopAtFirstArgument {
                    parsed.args.extend(args[index..].iter().cloned());
                    return Ok(parsed);
                }
                continue;
            }
            if argument == "--" {
                parsed.args_before_dash = Some(parsed.args.len());
                parsed.args.extend(args[index..].iter().cloned());
                return Ok(parsed);
            }
            if argument.starts_with("--") {
                index = self.parse_long(argument, args, index, &mut parsed)?;
            } else {
                index = self.parse_shorthands(argument, args, index, &mut parsed)?;
            }
        }
        Ok(parsed)
    }

    fn defaults(&self) -> HashMap<&'static str, FlagValue> {
        let mut values = HashMap::new();
        for flag in &self.flags {
            if flag.value_of.is_none() {
                values.insert(flag.name, default_value(flag));
            }
        }
        values
    }

    /// Parses `--name`, `--name=value` or `--name value`; returns the index of
    /// the next argument.
    fn parse_long(
        &self,
        argument: &str,
        args: &[String],
        next: usize,
        parsed: &mut ParsedFlags,
    ) -> Result<usize, FlagError> {
        let body = &argument[2..];
        if body.is_empty() || body.starts_with('-') || body.starts_with('=') {
            return Err(FlagError::BadSyntax(argument.to_string()));
        }
        let (name, inline_value) = match body.split_once('=') {
            Some((name, value)) => (name, Some(value)),
            None => (body, None),
        };
        let Some(flag) = self.lookup(name) else {
            return Err(FlagError::UnknownFlag(name.to_string()));
        };

        let (value, next) = match inline_value {
            Some(value) => (value.to_string(), next),
            None if flag.value_type == ValueType::Bool => ("true".to_string(), next),
            None if next < args.len() => (args[next].clone(), next + 1),
            None => return Err(FlagError::NeedsArgument(argument.to_string())),
        };
        set(flag, &value, parsed)?;
        Ok(next)
    }

    /// Parses a group of shorthands such as `-it`, `-p8080:80` or `-m 64m`;
    /// returns the index of the next argument.
    fn parse_shorthands(
        &self,
        argument: &str,
        args: &[String],
        mut next: usize,
        parsed: &mut ParsedFlags,
    ) -> Result<usize, FlagError> {
        let mut group = &argument[1..];
        while let Some(&first) = group.as_bytes().first() {
            let Some(flag) = self.lookup_shorthand(first) else {
                return Err(FlagError::UnknownShorthand {
                    shorthand: first,
                    group: group.to_string(),
                });
            };
            // The shorthand is ASCII, so the text after it starts on a character boundary.
            let rest = &group[1..];
            let value = if let Some(inline) = rest.strip_prefix('=').filter(|_| rest.len() > 1) {
                group = "";
                inline.to_string()
            } else if flag.value_type == ValueType::Bool {
                group = rest;
                "true".to_string()
            } else if !rest.is_empty() {
                group = "";
                rest.to_string()
            } else if next < args.len() {
                group = "";
                next += 1;
                args[next - 1].clone()
            } else {
                let shorthand = char::from(first);
                return Err(FlagError::ShorthandNeedsArgument {
                    shorthand,
                    group: group.to_string(),
                });
            };

            if let (Some(shorthand), Some(message)) = (flag.shorthand, flag.shorthand_deprecated) {
                parsed.warnings.push(format!(
                    "Flag shorthand -{shorthand} has been deprecated, {message}"
                ));
            }
            set(flag, &value, parsed)?;
        }
        Ok(next)
    }
}

/// Stores one value of a flag, as pflag's `FlagSet.Set` does.
fn set(flag: &'static FlagSpec, value: &str, parsed: &mut ParsedFlags) -> Result<(), FlagError> {
    let invalid = |reason: String| FlagError::InvalidArgument {
        value: value.to_string(),
        flag: flag.display_name(),
        reason,
    };
    let value = match flag.validator {
        Some(validate) => validate(value).map_err(invalid)?,
        None => value.to_string(),
    };

    let storage = flag.storage_name();
    let first_use = !parsed.changed.contains(&storage);
    let current = parsed.values.get(storage).cloned();
    let updated = parse_value(flag.value_type, &value, current, first_use).map_err(invalid)?;
    parsed.values.insert(storage, updated);

    if first_use {
        parsed.changed.push(storage);
    }
    if let Some(message) = flag.deprecated {
        parsed.warnings.push(format!(
            "Flag --{} has been deprecated, {message}",
            flag.name
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests;
