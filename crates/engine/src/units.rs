//! Sizes and durations as Docker prints and parses them: docker/go-units v0.5.0
//! (`HumanSize`, `BytesSize`, `HumanDuration`, `RAMInBytes`, `FromHumanSize`)
//! and Go's `time.Duration` (`10s`, `1m30s`).
//!
//! Docker CLI 28 prints image sizes with [`human_size_with_precision`] at 3
//! digits (`7.8MB`, `192MB`, and the quirk `1e+03kB` just under a unit boundary),
//! memory with [`bytes_size`] (`512MiB`), and ages with [`human_duration`]
//! (`About a minute`). Flags such as `-m 64m` and `--shm-size` parse with
//! [`ram_in_bytes`]; `--health-interval 10s` parses with [`GoDuration::parse`].

use std::fmt;

use crate::strconv::{self, NumError};

/// One decimal kilobyte.
pub const KB: i64 = 1000;
/// One decimal megabyte.
pub const MB: i64 = 1000 * KB;
/// One decimal gigabyte.
pub const GB: i64 = 1000 * MB;
/// One decimal terabyte.
pub const TB: i64 = 1000 * GB;
/// One decimal petabyte.
pub const PB: i64 = 1000 * TB;
/// One kibibyte.
pub const KIB: i64 = 1024;
/// One mebibyte.
pub const MIB: i64 = 1024 * KIB;
/// One gibibyte.
pub const GIB: i64 = 1024 * MIB;
/// One tebibyte.
pub const TIB: i64 = 1024 * GIB;
/// One pebibyte.
pub const PIB: i64 = 1024 * TIB;

const DECIMAL_UNITS: [&str; 9] = ["B", "kB", "MB", "GB", "TB", "PB", "EB", "ZB", "YB"];
const BINARY_UNITS: [&str; 9] = ["B", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB", "ZiB", "YiB"];

/// Divides `size` by `base` until it is below `base` or the units run out.
fn scale(mut size: f64, base: f64, units: &[&'static str]) -> (f64, &'static str) {
    let mut index = 0;
    while size >= base && index < units.len() - 1 {
        size /= base;
        index += 1;
    }
    (size, units[index])
}

/// Formats a size in decimal units with `precision` significant digits (Go's
/// `%.*g`), as go-units' `HumanSizeWithPrecision` does: `7.8MB`, `0B`, `1e+03kB`.
pub fn human_size_with_precision(size: f64, precision: usize) -> String {
    let (scaled, unit) = scale(size, 1000.0, &DECIMAL_UNITS);
    format!("{}{}", strconv::format_g(scaled, precision), unit)
}

/// Formats a size in decimal units with 4 significant digits (`HumanSize`):
/// `1.049MB`.
pub fn human_size(size: f64) -> String {
    human_size_with_precision(size, 4)
}

/// Formats a size in binary units with 4 significant digits (`BytesSize`):
/// `3.477MiB`, `512MiB`, `7.667GiB`.
pub fn bytes_size(size: f64) -> String {
    let (scaled, unit) = scale(size, 1024.0, &BINARY_UNITS);
    format!("{}{}", strconv::format_g(scaled, 4), unit)
}

/// A size that go-units could not parse, with its error text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SizeError {
    /// `invalid size: '<input>'`: no digit at all, or a negative number.
    InvalidSize(String),
    /// `invalid suffix: '<suffix>'`: the text after the number is not a unit.
    InvalidSuffix(String),
    /// The number before the unit is not a Go float (`strconv.ParseFloat: …`).
    Number(NumError),
}

impl fmt::Display for SizeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::InvalidSize(input) => write!(f, "invalid size: '{input}'"),
            Self::InvalidSuffix(suffix) => write!(f, "invalid suffix: '{suffix}'"),
            Self::Number(error) => error.fmt(f),
        }
    }
}

impl std::error::Error for SizeError {}

/// Parses a size with decimal units (`44kB` = 44000), as `FromHumanSize` does.
pub fn from_human_size(text: &str) -> Result<i64, SizeError> {
    parse_size(text, 1000)
}

/// Parses an amount of memory with binary units (`64m` = 67108864), as
/// `RAMInBytes` does for `docker run -m`, `--memory-swap` and `--shm-size`.
///
/// The unit letter is case-insensitive and may be followed by `b` or `ib`
/// (`32`, `32k`, `32KiB`, `0.5 GB`). Fractions are truncated toward zero.
pub fn ram_in_bytes(text: &str) -> Result<i64, SizeError> {
    parse_size(text, 1024)
}

/// Parses `number [space] [unit [b | ib]]` as go-units v0.5.0's `parseSize` does.
fn parse_size(text: &str, base: i64) -> Result<i64, SizeError> {
    let Some(separator) = text.rfind(|c: char| c.is_ascii_digit() || c == '.' || c == ' ') else {
        return Err(SizeError::InvalidSize(text.to_string()));
    };
    let (number, suffix) = if text.as_bytes()[separator] == b' ' {
        (&text[..separator], &text[separator + 1..])
    } else {
        (&text[..separator + 1], &text[separator + 1..])
    };

    let size = strconv::parse_float(number).map_err(SizeError::Number)?;
    if size < 0.0 {
        return Err(SizeError::InvalidSize(text.to_string()));
    }
    if suffix.is_empty() {
        return Ok(go_float_to_i64(size));
    }

    let multiplier = unit_multiplier(suffix, base)?;
    Ok(go_float_to_i64(size * multiplier as f64))
}

/// Returns the multiplier for a unit suffix such as `k`, `MB` or `GiB`.
fn unit_multiplier(suffix: &str, base: i64) -> Result<i64, SizeError> {
    // go-units reports a suffix longer than 3 bytes before lowercasing it.
    if suffix.len() > 3 {
        return Err(SizeError::InvalidSuffix(suffix.to_string()));
    }
    let lower = suffix.to_lowercase();
    let invalid = || SizeError::InvalidSuffix(lower.clone());
    let bytes = lower.as_bytes();

    let power = match bytes.first() {
        Some(b'b') if bytes.len() == 1 => return Ok(1),
        Some(b'k') => 1,
        Some(b'm') => 2,
        Some(b'g') => 3,
        Some(b't') => 4,
        Some(b'p') => 5,
        _ => return Err(invalid()),
    };
    let rest_ok = match bytes.len() {
        1 => true,
        2 => bytes[1] == b'b',
        _ => &bytes[1..] == b"ib",
    };
    if !rest_ok {
        return Err(invalid());
    }
    Ok(base.pow(power))
}

/// Converts as Go's `int64(f)` does on amd64: toward zero, and the minimum
/// `i64` for NaN and for values outside the `i64` range.
fn go_float_to_i64(value: f64) -> i64 {
    const LIMIT: f64 = 9_223_372_036_854_775_808.0;
    if value.is_nan() || !(-LIMIT..LIMIT).contains(&value) {
        return i64::MIN;
    }
    value as i64
}

/// A Go `time.Duration`: a signed count of nanoseconds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub struct GoDuration {
    nanoseconds: i64,
}

/// Nanoseconds in one microsecond.
const MICROSECOND: i64 = 1_000;
/// Nanoseconds in one millisecond.
const MILLISECOND: i64 = 1_000_000;
/// Nanoseconds in one second.
const SECOND: i64 = 1_000_000_000;
/// Nanoseconds in one minute.
const MINUTE: i64 = 60 * SECOND;
/// Nanoseconds in one hour.
const HOUR: i64 = 60 * MINUTE;

/// A duration text that `time.ParseDuration` rejects, with Go's error text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DurationError {
    /// `time: invalid duration "<input>"`.
    Invalid(String),
    /// `time: missing unit in duration "<input>"`.
    MissingUnit(String),
    /// `time: unknown unit "<unit>" in duration "<input>"`.
    UnknownUnit {
        /// The unit as written.
        unit: String,
        /// The whole input.
        input: String,
    },
}

impl fmt::Display for DurationError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Invalid(input) => write!(f, "time: invalid duration {}", time_quote(input)),
            Self::MissingUnit(input) => {
                write!(f, "time: missing unit in duration {}", time_quote(input))
            }
            Self::UnknownUnit { unit, input } => write!(
                f,
                "time: unknown unit {} in duration {}",
                time_quote(unit),
                time_quote(input)
            ),
        }
    }
}

impl std::error::Error for DurationError {}

/// Quotes as Go's `time` package does in errors: control characters and every
/// byte of a non-ASCII character become `\xNN`, and `"` and `\` get a backslash.
fn time_quote(text: &str) -> String {
    let mut out = String::from("\"");
    for c in text.chars() {
        if (' '..='\x7f').contains(&c) {
            if c == '"' || c == '\\' {
                out.push('\\');
            }
            out.push(c);
            continue;
        }
        let mut buffer = [0u8; 4];
        for byte in c.encode_utf8(&mut buffer).bytes() {
            out.push_str(&format!("\\x{byte:02x}"));
        }
    }
    out.push('"');
    out
}

impl GoDuration {
    /// Wraps a count of nanoseconds.
    pub const fn from_nanos(nanoseconds: i64) -> Self {
        Self { nanoseconds }
    }

    /// Builds a duration of whole seconds, saturating at the `i64` nanosecond range.
    pub const fn from_secs(seconds: i64) -> Self {
        Self {
            nanoseconds: seconds.saturating_mul(SECOND),
        }
    }

    /// Returns the count of nanoseconds.
    pub const fn as_nanos(self) -> i64 {
        self.nanoseconds
    }

    /// Returns the duration in seconds as a float, as Go's `Duration.Seconds` does.
    pub fn as_secs_f64(self) -> f64 {
        self.in_units(SECOND)
    }

    /// Returns the duration in minutes as a float, as Go's `Duration.Minutes` does.
    pub fn as_minutes_f64(self) -> f64 {
        self.in_units(MINUTE)
    }

    /// Returns the duration in hours as a float, as Go's `Duration.Hours` does.
    pub fn as_hours_f64(self) -> f64 {
        self.in_units(HOUR)
    }

    fn in_units(self, unit: i64) -> f64 {
        let whole = self.nanoseconds / unit;
        let fraction = self.nanoseconds % unit;
        whole as f64 + fraction as f64 / unit as f64
    }

    /// Parses a duration as Go's `time.ParseDuration` does: `300ms`, `-1.5h`,
    /// `2h45m`, with units `ns`, `us` (or `µs`, `μs`), `ms`, `s`, `m` and `h`.
    pub fn parse(text: &str) -> Result<Self, DurationError> {
        let invalid = || DurationError::Invalid(text.to_string());
        let (negative, mut rest) = match text.as_bytes().first() {
            Some(b'-') => (true, &text[1..]),
            Some(b'+') => (false, &text[1..]),
            _ => (false, text),
        };
        if rest == "0" {
            return Ok(Self::default());
        }
        if rest.is_empty() {
            return Err(invalid());
        }

        let mut total: u64 = 0;
        while !rest.is_empty() {
            let (nanoseconds, remainder) = parse_duration_term(rest, text)?;
            total = total
                .checked_add(nanoseconds)
                .filter(|&t| t <= 1 << 63)
                .ok_or_else(invalid)?;
            rest = remainder;
        }

        if negative {
            return Ok(Self {
                nanoseconds: (total as i64).wrapping_neg(),
            });
        }
        i64::try_from(total)
            .map(Self::from_nanos)
            .map_err(|_| invalid())
    }
}

/// Parses one `digits[.digits]unit` term of a duration; returns its
/// nanoseconds and the text after it.
fn parse_duration_term<'a>(text: &'a str, whole: &str) -> Result<(u64, &'a str), DurationError> {
    let invalid = || DurationError::Invalid(whole.to_string());
    let bytes = text.as_bytes();
    if !(bytes[0] == b'.' || bytes[0].is_ascii_digit()) {
        return Err(invalid());
    }

    let integer_end = bytes
        .iter()
        .position(|b| !b.is_ascii_digit())
        .unwrap_or(bytes.len());
    let integer = leading_int(&text[..integer_end]).ok_or_else(invalid)?;
    let mut index = integer_end;
    let mut fraction: u64 = 0;
    let mut fraction_scale: f64 = 1.0;
    let mut fraction_digits = 0;
    if bytes.get(index) == Some(&b'.') {
        index += 1;
        let start = index;
        let mut overflow = false;
        while index < bytes.len() && bytes[index].is_ascii_digit() {
            let digit = u64::from(bytes[index] - b'0');
            index += 1;
            // Go's leadingFraction keeps the digits that fit and skips the rest.
            if overflow || fraction > (i64::MAX as u64) / 10 || fraction * 10 + digit > 1 << 63 {
                overflow = true;
                continue;
            }
            fraction = fraction * 10 + digit;
            fraction_scale *= 10.0;
        }
        fraction_digits = index - start;
    }
    if integer_end == 0 && fraction_digits == 0 {
        return Err(invalid());
    }

    let unit_end = bytes[index..]
        .iter()
        .position(|b| *b == b'.' || b.is_ascii_digit())
        .map_or(bytes.len(), |offset| index + offset);
    let unit = &text[index..unit_end];
    if unit.is_empty() {
        return Err(DurationError::MissingUnit(whole.to_string()));
    }
    let unit_nanoseconds: u64 = match unit {
        "ns" => 1,
        "us" | "\u{b5}s" | "\u{3bc}s" => MICROSECOND as u64,
        "ms" => MILLISECOND as u64,
        "s" => SECOND as u64,
        "m" => MINUTE as u64,
        "h" => HOUR as u64,
        _ => {
            return Err(DurationError::UnknownUnit {
                unit: unit.to_string(),
                input: whole.to_string(),
            });
        }
    };

    if integer > (1u64 << 63) / unit_nanoseconds {
        return Err(invalid());
    }
    let mut value = integer * unit_nanoseconds;
    if fraction > 0 {
        value += (fraction as f64 * (unit_nanoseconds as f64 / fraction_scale)) as u64;
        if value > 1 << 63 {
            return Err(invalid());
        }
    }
    Ok((value, &text[unit_end..]))
}

/// Reads decimal digits as Go's `time.leadingInt`, failing past 2^63.
fn leading_int(digits: &str) -> Option<u64> {
    let mut value: u64 = 0;
    for byte in digits.bytes() {
        if value > (1 << 63) / 10 {
            return None;
        }
        value = value * 10 + u64::from(byte - b'0');
        if value > 1 << 63 {
            return None;
        }
    }
    Some(value)
}

/// Prints as Go's `Duration.String`: `1m30s`, `10s`, `1.5s`, `100ms`, `2h0m0s`, `0s`.
impl fmt::Display for GoDuration {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let magnitude = self.nanoseconds.unsigned_abs();
        let sign = if self.nanoseconds < 0 { "-" } else { "" };
        if magnitude == 0 {
            return f.write_str("0s");
        }
        if magnitude < SECOND as u64 {
            let (unit, digits) = match magnitude {
                m if m < MICROSECOND as u64 => ("ns", 0),
                m if m < MILLISECOND as u64 => ("\u{b5}s", 3),
                _ => ("ms", 6),
            };
            return write!(f, "{sign}{}{unit}", fixed_point(magnitude, digits));
        }

        let seconds = fixed_point(magnitude % MINUTE as u64, 9);
        let minutes = magnitude / MINUTE as u64;
        if minutes == 0 {
            return write!(f, "{sign}{seconds}s");
        }
        let hours = minutes / 60;
        if hours == 0 {
            return write!(f, "{sign}{minutes}m{seconds}s");
        }
        write!(f, "{sign}{hours}h{}m{seconds}s", minutes % 60)
    }
}

/// Prints `value / 10^digits` with the fraction's trailing zeros (and a bare
/// point) dropped, as Go's `fmtFrac` and `fmtInt` do.
fn fixed_point(value: u64, digits: u32) -> String {
    let divisor = 10u64.pow(digits);
    let whole = value / divisor;
    let fraction = value % divisor;
    if fraction == 0 {
        return whole.to_string();
    }
    let fraction = format!("{:0width$}", fraction, width = digits as usize);
    format!("{whole}.{}", fraction.trim_end_matches('0'))
}

/// Describes an elapsed time as go-units' `HumanDuration` does, for `docker ps`
/// (`Up 3 seconds`) and `docker images` (`2 weeks ago`).
///
/// Thresholds:
///
/// - under 1 s: `Less than a second`, then seconds up to 59;
/// - below 2 minutes: `About a minute`, then minutes up to 59;
/// - hours rounded to the nearest hour: 1 is `About an hour`, then up to 47;
/// - days below 14 days, weeks below 60 days, months (of 30 days) below 730
///   days, and years (of 365 days) after that.
pub fn human_duration(duration: GoDuration) -> String {
    let seconds = duration.as_secs_f64() as i64;
    if seconds < 1 {
        return "Less than a second".to_string();
    }
    if seconds == 1 {
        return "1 second".to_string();
    }
    if seconds < 60 {
        return format!("{seconds} seconds");
    }

    let minutes = duration.as_minutes_f64() as i64;
    if minutes == 1 {
        return "About a minute".to_string();
    }
    if minutes < 60 {
        return format!("{minutes} minutes");
    }

    let exact_hours = duration.as_hours_f64();
    let hours = (exact_hours + 0.5) as i64;
    match hours {
        1 => "About an hour".to_string(),
        h if h < 48 => format!("{h} hours"),
        h if h < 24 * 7 * 2 => format!("{} days", h / 24),
        h if h < 24 * 30 * 2 => format!("{} weeks", h / 24 / 7),
        h if h < 24 * 365 * 2 => format!("{} months", h / 24 / 30),
        _ => format!("{} years", exact_hours as i64 / 24 / 365),
    }
}

#[cfg(test)]
mod tests;
