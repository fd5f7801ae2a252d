//! The value types of flags: how one given value updates a flag's value, as
//! pflag's and docker/cli's `Value.Set` methods do, and the defaults.

use std::fmt;

use super::{FlagSpec, FlagValue, ValueType};
use crate::strconv;
use crate::units::{self, GoDuration};

/// Parses one value of a flag of `value_type` into the flag's new value.
///
/// `current` is the stored value; repeatable types extend it, except that the
/// first use replaces the default (pflag's `stringSlice` and `stringArray`).
pub(super) fn parse_value(
    value_type: ValueType,
    text: &str,
    current: Option<FlagValue>,
    first_use: bool,
) -> Result<FlagValue, String> {
    let error = |e: &dyn fmt::Display| e.to_string();
    let parsed = match value_type {
        ValueType::Bool => FlagValue::Bool(strconv::parse_bool(text).map_err(|e| error(&e))?),
        ValueType::String => FlagValue::String(text.to_string()),
        ValueType::Int | ValueType::Int64 => {
            FlagValue::Int(strconv::parse_int(text, 64).map_err(|e| error(&e))?)
        }
        ValueType::Uint16 => FlagValue::Uint(strconv::parse_uint(text, 16).map_err(|e| error(&e))?),
        ValueType::Uint64 => FlagValue::Uint(strconv::parse_uint(text, 64).map_err(|e| error(&e))?),
        ValueType::Float64 => FlagValue::Float(strconv::parse_float(text).map_err(|e| error(&e))?),
        ValueType::Duration => FlagValue::Duration(GoDuration::parse(text).map_err(|e| error(&e))?),
        ValueType::Bytes => FlagValue::Bytes(units::ram_in_bytes(text).map_err(|e| error(&e))?),
        ValueType::MemorySwap if text == "-1" => FlagValue::Bytes(-1),
        ValueType::MemorySwap => {
            FlagValue::Bytes(units::ram_in_bytes(text).map_err(|e| error(&e))?)
        }
        ValueType::Decimal => FlagValue::Decimal(parse_nano_cpus(text)?),
        ValueType::List | ValueType::StringArray | ValueType::Other(_) => {
            let mut values =
                previous_list(current, first_use && value_type == ValueType::StringArray);
            values.push(text.to_string());
            FlagValue::List(values)
        }
        ValueType::StringSlice => {
            let mut values = previous_list(current, first_use);
            values.extend(read_csv_record(text)?);
            FlagValue::List(values)
        }
        ValueType::Map => {
            let (key, value) = text.split_once('=').unwrap_or((text, ""));
            FlagValue::Map(with_pair(previous_pairs(current, false), key, value))
        }
        ValueType::Filter => filter_value(text, current)?,
        ValueType::StringToString => {
            let mut pairs = previous_pairs(current, first_use);
            for field in read_csv_record(text)? {
                let Some((key, value)) = field.split_once('=') else {
                    return Err(format!("{field} must be formatted as key=value"));
                };
                pairs = with_pair(pairs, key, value);
            }
            FlagValue::Map(pairs)
        }
    };
    Ok(parsed)
}

fn previous_list(current: Option<FlagValue>, replace: bool) -> Vec<String> {
    match current {
        Some(FlagValue::List(values)) if !replace => values,
        _ => Vec::new(),
    }
}

fn previous_pairs(current: Option<FlagValue>, replace: bool) -> Vec<(String, String)> {
    match current {
        Some(FlagValue::Map(pairs)) if !replace => pairs,
        _ => Vec::new(),
    }
}

/// Sets `key` to `value`, replacing an earlier value in place as a Go map would.
fn with_pair(mut pairs: Vec<(String, String)>, key: &str, value: &str) -> Vec<(String, String)> {
    match pairs.iter_mut().find(|(existing, _)| existing == key) {
        Some(pair) => pair.1 = value.to_string(),
        None => pairs.push((key.to_string(), value.to_string())),
    }
    pairs
}

/// Adds a filter as Docker's `FilterOpt.Set` does: an empty value is ignored,
/// the name is trimmed and lowercased, and a name may repeat.
fn filter_value(text: &str, current: Option<FlagValue>) -> Result<FlagValue, String> {
    let mut pairs = previous_pairs(current, false);
    if text.is_empty() {
        return Ok(FlagValue::Map(pairs));
    }
    let Some((name, value)) = text.split_once('=') else {
        return Err("bad format of filter (expected name=value)".to_string());
    };
    pairs.push((name.trim().to_lowercase(), value.trim().to_string()));
    Ok(FlagValue::Map(pairs))
}

/// Parses a CPU count as Docker's `ParseCPUs` does with Go's `big.Rat`: a
/// decimal number (`1.5`, `2e-1`) or a fraction (`3/2`), in billionths.
///
/// NOTE: `big.Rat` also accepts `0x`/`0b`/`0o` prefixes and numbers of any size;
/// here the digits must be decimal and the result must fit in an `i64`.
fn parse_nano_cpus(text: &str) -> Result<i64, String> {
    let not_rational = || format!("failed to parse {text} as a rational number");
    let (numerator, denominator) = match text.split_once('/') {
        Some((numerator, denominator)) => {
            let numerator = parse_integer_i128(numerator).ok_or_else(not_rational)?;
            let denominator = parse_integer_i128(denominator)
                .filter(|d| *d != 0)
                .ok_or_else(not_rational)?;
            (numerator, denominator)
        }
        None => parse_decimal_rational(text).ok_or_else(not_rational)?,
    };

    let scaled = numerator
        .checked_mul(1_000_000_000)
        .ok_or_else(not_rational)?;
    if scaled % denominator != 0 {
        return Err("value is too precise".to_string());
    }
    i64::try_from(scaled / denominator).map_err(|_| not_rational())
}

fn parse_integer_i128(text: &str) -> Option<i128> {
    let digits = text.strip_prefix(['+', '-']).unwrap_or(text);
    if digits.is_empty() || digits.len() > 30 || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    text.parse().ok()
}

/// Reads `[sign] digits [. digits] [e [sign] digits]` as an exact fraction.
fn parse_decimal_rational(text: &str) -> Option<(i128, i128)> {
    let (mantissa, exponent) = match text.split_once(['e', 'E']) {
        Some((mantissa, exponent)) => (mantissa, parse_integer_i128(exponent)?),
        None => (text, 0),
    };
    let (negative, unsigned) = match mantissa.as_bytes().first() {
        Some(b'-') => (true, &mantissa[1..]),
        Some(b'+') => (false, &mantissa[1..]),
        _ => (false, mantissa),
    };
    let (whole, fraction) = unsigned.split_once('.').unwrap_or((unsigned, ""));
    let digits = format!("{whole}{fraction}");
    if digits.is_empty() || digits.len() > 30 || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }

    let mut numerator: i128 = digits.parse().ok()?;
    if negative {
        numerator = -numerator;
    }
    let power = exponent - fraction.len() as i128;
    if power.abs() > 30 {
        return None;
    }
    let scale = 10i128.checked_pow(power.unsigned_abs() as u32)?;
    if power >= 0 {
        Some((numerator.checked_mul(scale)?, 1))
    } else {
        Some((numerator, scale))
    }
}

/// Reads the first record of `text` as Go's `encoding/csv` does for pflag's
/// slice flags: comma-separated fields, with `"` quoting and `""` for a quote.
///
/// NOTE: Go reports errors with a line and column; this reports the column only.
fn read_csv_record(text: &str) -> Result<Vec<String>, String> {
    if text.is_empty() {
        return Ok(Vec::new());
    }
    let mut fields = Vec::new();
    let mut chars = text.char_indices().peekable();
    loop {
        let mut field = String::new();
        if chars.peek().is_some_and(|&(_, c)| c == '"') {
            chars.next();
            loop {
                match chars.next() {
                    Some((_, '"')) if chars.peek().is_some_and(|&(_, c)| c == '"') => {
                        chars.next();
                        field.push('"');
                    }
                    Some((_, '"')) => break,
                    Some((_, c)) => field.push(c),
                    None => {
                        return Err(csv_error(
                            text.len(),
                            "extraneous or missing \" in quoted-field",
                        ))
                    }
                }
            }
            match chars.peek() {
                None | Some((_, ',' | '\n' | '\r')) => {}
                Some(&(index, _)) => {
                    return Err(csv_error(index, "extraneous or missing \" in quoted-field"))
                }
            }
        } else {
            while let Some(&(index, c)) = chars.peek() {
                match c {
                    ',' | '\n' | '\r' => break,
                    '"' => return Err(csv_error(index, "bare \" in non-quoted-field")),
                    _ => {
                        field.push(c);
                        chars.next();
                    }
                }
            }
        }
        fields.push(field);
        match chars.next() {
            Some((_, ',')) => continue,
            _ => return Ok(fields),
        }
    }
}

fn csv_error(byte_index: usize, reason: &str) -> String {
    format!("parse error on line 1, column {}: {reason}", byte_index + 1)
}

/// Returns a flag's value before any use, read from its default text.
pub(super) fn default_value(flag: &FlagSpec) -> FlagValue {
    let text = flag.default;
    let empty_list = matches!(text, "" | "[]");
    match flag.value_type {
        ValueType::Bool => FlagValue::Bool(text == "true"),
        ValueType::String => FlagValue::String(text.to_string()),
        ValueType::Int | ValueType::Int64 => {
            FlagValue::Int(strconv::parse_int(text, 64).unwrap_or(0))
        }
        ValueType::Uint16 | ValueType::Uint64 => {
            FlagValue::Uint(strconv::parse_uint(text, 64).unwrap_or(0))
        }
        ValueType::Float64 => FlagValue::Float(strconv::parse_float(text).unwrap_or(0.0)),
        ValueType::Duration => FlagValue::Duration(GoDuration::parse(text).unwrap_or_default()),
        ValueType::Bytes | ValueType::MemorySwap => {
            FlagValue::Bytes(units::ram_in_bytes(text).unwrap_or(0))
        }
        ValueType::Decimal => FlagValue::Decimal(parse_nano_cpus(text).unwrap_or(0)),
        ValueType::Map | ValueType::Filter | ValueType::StringToString => {
            FlagValue::Map(Vec::new())
        }
        ValueType::List | ValueType::StringArray | ValueType::StringSlice | ValueType::Other(_)
            if empty_list =>
        {
            FlagValue::List(Vec::new())
        }
        ValueType::List | ValueType::StringArray | ValueType::StringSlice | ValueType::Other(_) => {
            let inner = text.trim_start_matches('[').trim_end_matches(']');
            FlagValue::List(inner.split(',').map(str::to_string).collect())
        }
    }
}

/// Checks `-a`/`--attach` values as docker/cli's `validateAttach` does.
pub fn validate_attach(value: &str) -> Result<String, String> {
    let lower = value.to_lowercase();
    if matches!(lower.as_str(), "stdin" | "stdout" | "stderr") {
        return Ok(lower);
    }
    Err("valid streams are STDIN, STDOUT and STDERR".to_string())
}

/// Checks `-e`/`--env` values as docker/cli's `ValidateEnv` does for the part
/// that does not depend on the client's environment: the name must not be empty.
///
/// NOTE: Docker also replaces a bare `NAME` by `NAME=<value>` from the client's
/// own environment. The caller does that, because only the caller has the
/// environment.
pub fn validate_env(value: &str) -> Result<String, String> {
    let name = value.split('=').next().unwrap_or_default();
    if name.is_empty() {
        return Err(format!("invalid environment variable: {value}"));
    }
    Ok(value.to_string())
}
