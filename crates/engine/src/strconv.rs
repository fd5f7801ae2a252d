//! Go's `strconv` and `fmt` number rules, as Docker's tools expose them to users.
//!
//! Docker CLI 28 is a Go program: its flag errors quote values with `strconv.Quote`
//! (`invalid argument "x" for "-n, --last" flag: strconv.ParseInt: parsing "x":
//! invalid syntax`), its sizes print with `%.3g` (`7.8MB`, `1e+03kB`) and its flags
//! parse numbers with `strconv.ParseInt(s, 0, 64)`. This module reproduces those
//! rules (Go 1.23) so the simulated client prints and accepts exactly what Docker
//! does. No function here panics, and each runs in time linear in its input.

use std::fmt;

/// The reason a Go number parser rejected its input, as `strconv.NumError` words it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NumErrorKind {
    /// `invalid syntax`: the text is not a number in Go's syntax.
    Syntax,
    /// `value out of range`: the number does not fit the requested size.
    Range,
}

/// A rejected number, printed as Go prints a `*strconv.NumError`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NumError {
    /// The Go function that failed: `ParseInt`, `ParseUint`, `ParseFloat` or `ParseBool`.
    pub function: &'static str,
    /// The input exactly as given.
    pub input: String,
    /// The reason for the rejection.
    pub kind: NumErrorKind,
}

impl fmt::Display for NumError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let reason = match self.kind {
            NumErrorKind::Syntax => "invalid syntax",
            NumErrorKind::Range => "value out of range",
        };
        write!(
            f,
            "strconv.{}: parsing {}: {}",
            self.function,
            quote(&self.input),
            reason
        )
    }
}

impl std::error::Error for NumError {}

fn num_error(function: &'static str, input: &str, kind: NumErrorKind) -> NumError {
    NumError {
        function,
        input: input.to_string(),
        kind,
    }
}

/// Quotes `s` as Go's `strconv.Quote` (and so `fmt`'s `%q`) does.
///
/// Printable characters stay as they are, and `"` and `\` get a backslash.
/// Control characters become `\n`, `\t`, `\x1b` and the like, and other
/// non-printable characters become `\u00a0`-style escapes.
pub fn quote(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        push_escaped(&mut out, c, '"');
    }
    out.push('"');
    out
}

/// Quotes one character as Go's `strconv.QuoteRune` does: `'s'`, `'\''`, `'\x00'`.
///
/// Go's `%q` prints a byte as the character with that code point. pflag names a
/// shorthand that way in `unknown shorthand flag: 's' in -s`, so pass
/// `char::from(byte)` to reproduce it.
pub fn quote_rune(c: char) -> String {
    let mut out = String::from("'");
    push_escaped(&mut out, c, '\'');
    out.push('\'');
    out
}

fn push_escaped(out: &mut String, c: char, delimiter: char) {
    match c {
        '\x07' => out.push_str("\\a"),
        '\x08' => out.push_str("\\b"),
        '\x0c' => out.push_str("\\f"),
        '\n' => out.push_str("\\n"),
        '\r' => out.push_str("\\r"),
        '\t' => out.push_str("\\t"),
        '\x0b' => out.push_str("\\v"),
        '\\' => out.push_str("\\\\"),
        _ if c == delimiter => {
            out.push('\\');
            out.push(c);
        }
        _ if is_go_printable(c) => out.push(c),
        _ if (c as u32) < 0x80 => out.push_str(&format!("\\x{:02x}", c as u32)),
        _ if (c as u32) < 0x10000 => out.push_str(&format!("\\u{:04x}", c as u32)),
        _ => out.push_str(&format!("\\U{:08x}", c as u32)),
    }
}

/// Approximates Go's `unicode.IsPrint`: letters, marks, numbers, punctuation,
/// symbols and the ASCII space.
///
/// NOTE: Rust's standard library has no general-category table, so the format
/// and private-use characters below are a hand-picked approximation. Unassigned
/// code points count as printable here, although Go escapes them.
fn is_go_printable(c: char) -> bool {
    if c == ' ' {
        return true;
    }
    if c.is_control() || c.is_whitespace() {
        return false;
    }
    let code = c as u32;
    let format_or_private = matches!(code,
        0xAD | 0x600..=0x605 | 0x61C | 0x6DD | 0x70F | 0x180E | 0x200B..=0x200F
        | 0x202A..=0x202E | 0x2060..=0x2064 | 0x2066..=0x206F | 0xFEFF | 0xFFF9..=0xFFFB
        | 0xE000..=0xF8FF | 0xFFFE | 0xFFFF | 0xF0000..=0x10FFFF
    );
    !format_or_private
}

/// Parses a boolean as Go's `strconv.ParseBool` does.
///
/// Accepts `1 t T TRUE true True` and `0 f F FALSE false False`, nothing else.
pub fn parse_bool(s: &str) -> Result<bool, NumError> {
    match s {
        "1" | "t" | "T" | "TRUE" | "true" | "True" => Ok(true),
        "0" | "f" | "F" | "FALSE" | "false" | "False" => Ok(false),
        _ => Err(num_error("ParseBool", s, NumErrorKind::Syntax)),
    }
}

/// Parses a signed integer as Go's `strconv.ParseInt(s, 0, bits)` does.
///
/// Base 0 means the prefix picks the base (`0x` hex, `0o` or a leading `0`
/// octal, `0b` binary, otherwise decimal) and `_` may separate digits. `bits`
/// is the size of the target type (8 to 64).
pub fn parse_int(s: &str, bits: u32) -> Result<i64, NumError> {
    let (negative, body) = match s.as_bytes().first() {
        Some(b'+') => (false, &s[1..]),
        Some(b'-') => (true, &s[1..]),
        _ => (false, s),
    };
    let bits = bits.clamp(1, 64);
    // Go's ParseInt reads the digits with ParseUint at the same size first.
    let magnitude = match parse_uint_digits(body, s, bits) {
        Ok(value) => value,
        Err(kind) => return Err(num_error("ParseInt", s, kind)),
    };

    let cutoff = 1u64 << (bits - 1);
    if !negative && magnitude >= cutoff {
        return Err(num_error("ParseInt", s, NumErrorKind::Range));
    }
    if negative && magnitude > cutoff {
        return Err(num_error("ParseInt", s, NumErrorKind::Range));
    }
    if negative {
        return Ok((magnitude as i64).wrapping_neg());
    }
    Ok(magnitude as i64)
}

/// Parses an unsigned integer as Go's `strconv.ParseUint(s, 0, bits)` does.
///
/// A sign is a syntax error. The base rules are those of [`parse_int`].
pub fn parse_uint(s: &str, bits: u32) -> Result<u64, NumError> {
    parse_uint_digits(s, s, bits).map_err(|kind| num_error("ParseUint", s, kind))
}

/// Reads the unsigned digits of `body` (the whole of `original` without its sign).
fn parse_uint_digits(body: &str, original: &str, bits: u32) -> Result<u64, NumErrorKind> {
    if body.is_empty() {
        return Err(NumErrorKind::Syntax);
    }
    let bytes = body.as_bytes();
    let (base, digits): (u64, &[u8]) = match bytes {
        [b'0', p, _, ..] if p.eq_ignore_ascii_case(&b'b') => (2, &bytes[2..]),
        [b'0', p, _, ..] if p.eq_ignore_ascii_case(&b'o') => (8, &bytes[2..]),
        [b'0', p, _, ..] if p.eq_ignore_ascii_case(&b'x') => (16, &bytes[2..]),
        [b'0', ..] => (8, &bytes[1..]),
        _ => (10, bytes),
    };

    let bits = bits.clamp(1, 64);
    let max = if bits == 64 {
        u64::MAX
    } else {
        (1u64 << bits) - 1
    };
    let mut value: u64 = 0;
    let mut underscores = false;
    for &byte in digits {
        let digit = match byte {
            b'_' => {
                underscores = true;
                continue;
            }
            b'0'..=b'9' => u64::from(byte - b'0'),
            b'a'..=b'z' => u64::from(byte - b'a') + 10,
            b'A'..=b'Z' => u64::from(byte - b'A') + 10,
            _ => return Err(NumErrorKind::Syntax),
        };
        if digit >= base {
            return Err(NumErrorKind::Syntax);
        }
        value = match value.checked_mul(base).and_then(|v| v.checked_add(digit)) {
            Some(next) if next <= max => next,
            _ => return Err(NumErrorKind::Range),
        };
    }
    if underscores && !underscores_ok(original) {
        return Err(NumErrorKind::Syntax);
    }
    Ok(value)
}

/// Checks Go's rule for `_` in numbers: only between digits, or between a base
/// prefix and a digit.
fn underscores_ok(s: &str) -> bool {
    #[derive(PartialEq)]
    enum Seen {
        Start,
        Digit,
        Underscore,
        Other,
    }
    let bytes = s.as_bytes();
    let bytes = match bytes.first() {
        Some(b'+' | b'-') => &bytes[1..],
        _ => bytes,
    };
    let mut seen = Seen::Start;
    let mut index = 0;
    let mut hex = false;
    if bytes.len() >= 2 && bytes[0] == b'0' && matches!(bytes[1] | 0x20, b'b' | b'o' | b'x') {
        index = 2;
        seen = Seen::Digit;
        hex = bytes[1] | 0x20 == b'x';
    }
    for &byte in &bytes[index..] {
        if byte.is_ascii_digit() || (hex && (byte | 0x20).is_ascii_hexdigit()) {
            seen = Seen::Digit;
            continue;
        }
        if byte == b'_' {
            if seen != Seen::Digit {
                return false;
            }
            seen = Seen::Underscore;
            continue;
        }
        if seen == Seen::Underscore {
            return false;
        }
        seen = Seen::Other;
    }
    seen != Seen::Underscore
}

/// Parses a 64-bit float as Go's `strconv.ParseFloat(s, 64)` does.
///
/// Accepts an optional sign and then one of: `Inf`, `Infinity` or `NaN` in any
/// case, a decimal number with an optional exponent (`1.5e3`, `.5`, `5.`), or a
/// hexadecimal number with a mandatory binary exponent (`0x1.8p1`). `_` may
/// separate digits. A finite number too large for `f64` is a range error.
pub fn parse_float(s: &str) -> Result<f64, NumError> {
    let syntax = || num_error("ParseFloat", s, NumErrorKind::Syntax);
    let (negative, body) = match s.as_bytes().first() {
        Some(b'+') => (false, &s[1..]),
        Some(b'-') => (true, &s[1..]),
        _ => (false, s),
    };
    let sign = if negative { -1.0 } else { 1.0 };

    let lower = body.to_ascii_lowercase();
    match lower.as_str() {
        "inf" | "infinity" => return Ok(sign * f64::INFINITY),
        "nan" => return Ok(f64::NAN),
        _ => {}
    }
    if body.contains('_') && !underscores_ok(s) {
        return Err(syntax());
    }
    let cleaned: String = body.chars().filter(|&c| c != '_').collect();

    let magnitude = if cleaned.len() > 2 && cleaned.as_bytes()[..2].eq_ignore_ascii_case(b"0x") {
        parse_hex_float(&cleaned[2..]).ok_or_else(syntax)?
    } else {
        if !is_decimal_float(&cleaned) {
            return Err(syntax());
        }
        cleaned.parse::<f64>().map_err(|_| syntax())?
    };
    if magnitude.is_infinite() {
        return Err(num_error("ParseFloat", s, NumErrorKind::Range));
    }
    Ok(sign * magnitude)
}

/// Checks `digits [. digits] [e [+-] digits]` with at least one mantissa digit.
fn is_decimal_float(s: &str) -> bool {
    let bytes = s.as_bytes();
    let mut index = 0;
    let mut mantissa_digits = 0;
    while index < bytes.len() && bytes[index].is_ascii_digit() {
        index += 1;
        mantissa_digits += 1;
    }
    if index < bytes.len() && bytes[index] == b'.' {
        index += 1;
        while index < bytes.len() && bytes[index].is_ascii_digit() {
            index += 1;
            mantissa_digits += 1;
        }
    }
    if mantissa_digits == 0 {
        return false;
    }
    if index < bytes.len() && bytes[index] | 0x20 == b'e' {
        index += 1;
        if index < bytes.len() && matches!(bytes[index], b'+' | b'-') {
            index += 1;
        }
        let exponent_start = index;
        while index < bytes.len() && bytes[index].is_ascii_digit() {
            index += 1;
        }
        if index == exponent_start {
            return false;
        }
    }
    index == bytes.len()
}

/// Reads `hexdigits [. hexdigits] p [+-] digits` (the part after `0x`).
///
/// NOTE: mantissas longer than 16 hex digits are rounded digit by digit, which
/// can differ from Go in the last bit.
fn parse_hex_float(s: &str) -> Option<f64> {
    let (mantissa, exponent) = s.split_once(['p', 'P'])?;
    let exponent: i32 = parse_decimal_exponent(exponent)?;
    let (whole, fraction) = mantissa.split_once('.').unwrap_or((mantissa, ""));
    if whole.is_empty() && fraction.is_empty() {
        return None;
    }
    let mut value = 0f64;
    for c in whole.chars() {
        value = value * 16.0 + f64::from(c.to_digit(16)?);
    }
    let mut scale = 1f64 / 16.0;
    for c in fraction.chars() {
        value += f64::from(c.to_digit(16)?) * scale;
        scale /= 16.0;
    }
    Some(value * 2f64.powi(exponent))
}

fn parse_decimal_exponent(s: &str) -> Option<i32> {
    let (negative, digits) = match s.as_bytes().first() {
        Some(b'+') => (false, &s[1..]),
        Some(b'-') => (true, &s[1..]),
        _ => (false, s),
    };
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    // Exponents beyond ±100000 saturate: the result is 0 or infinite either way.
    let value = digits
        .bytes()
        .fold(0i32, |acc, b| (acc * 10 + i32::from(b - b'0')).min(100_000));
    Some(if negative { -value } else { value })
}

/// Decimal digits of a non-negative finite number: `0.d1d2d3… × 10^point`.
///
/// `digits` has no leading or trailing zeros; zero has no digits.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Decimal {
    digits: Vec<u8>,
    point: i32,
}

/// Returns the exact decimal expansion of a non-negative finite `value`.
///
/// Every `f64` has a terminating decimal expansion of at most 767 significant
/// digits, so asking Rust's formatter for 800 digits yields it exactly.
fn exact_decimal(value: f64) -> Decimal {
    if value == 0.0 {
        return Decimal {
            digits: Vec::new(),
            point: 0,
        };
    }
    let text = format!("{:.800e}", value);
    let (mantissa, exponent) = text.split_once('e').unwrap_or((&text, "0"));
    let exponent: i32 = exponent.parse().unwrap_or(0);
    let mut digits: Vec<u8> = mantissa
        .bytes()
        .filter(u8::is_ascii_digit)
        .map(|b| b - b'0')
        .collect();
    while digits.last() == Some(&0) {
        digits.pop();
    }
    Decimal {
        digits,
        point: exponent + 1,
    }
}

/// Rounds `decimal` to its first `keep` digits, halves to even, as Go does on
/// the exact value; trailing zeros are dropped afterwards.
fn round_to(mut decimal: Decimal, keep: i64) -> Decimal {
    let length = decimal.digits.len() as i64;
    if keep >= length {
        return decimal;
    }
    if keep < 0 {
        return Decimal {
            digits: Vec::new(),
            point: 0,
        };
    }
    let keep = keep as usize;
    let first_dropped = decimal.digits[keep];
    let round_up = match first_dropped {
        6..=9 => true,
        5 if decimal.digits.len() > keep + 1 => true,
        5 => keep > 0 && decimal.digits[keep - 1] % 2 == 1,
        _ => false,
    };
    decimal.digits.truncate(keep);
    if round_up {
        increment(&mut decimal);
    }
    while decimal.digits.last() == Some(&0) {
        decimal.digits.pop();
    }
    decimal
}

fn increment(decimal: &mut Decimal) {
    for digit in decimal.digits.iter_mut().rev() {
        if *digit < 9 {
            *digit += 1;
            return;
        }
        *digit = 0;
    }
    decimal.digits.insert(0, 1);
    decimal.point += 1;
}

/// Formats `value` as Go's `fmt.Sprintf("%.*g", precision, value)` does.
///
/// Precision counts significant digits, and 0 counts as 1. Trailing zeros are
/// dropped. The exponent form (`1e+03`, `1.049e+06`) is used when the decimal
/// exponent is below -4 or at least the precision. Infinities print as `+Inf`
/// and `-Inf`, NaN as `NaN`.
pub fn format_g(value: f64, precision: usize) -> String {
    if let Some(special) = format_special(value) {
        return special;
    }
    let precision = precision.max(1);
    let negative = value.is_sign_negative();
    let decimal = round_to(exact_decimal(value.abs()), precision as i64);

    let length = decimal.digits.len() as i64;
    let point = i64::from(decimal.point);
    let mut exponent_limit = precision as i64;
    if exponent_limit > length && length >= point {
        exponent_limit = length;
    }
    let exponent = point - 1;

    let body = if length == 0 {
        "0".to_string()
    } else if exponent < -4 || exponent >= exponent_limit {
        let shown = (precision as i64).min(length);
        exponent_form(&decimal, (shown - 1).max(0) as usize)
    } else {
        let shown = if precision as i64 > point {
            length
        } else {
            precision as i64
        };
        fixed_form(&decimal, (shown - point).max(0) as usize)
    };
    with_sign(negative, body)
}

/// Formats `value` as Go's `fmt.Sprintf("%.*f", precision, value)` does, with
/// exact rounding half to even (`0.125` → `0.12`).
pub fn format_f(value: f64, precision: usize) -> String {
    if let Some(special) = format_special(value) {
        return special;
    }
    let negative = value.is_sign_negative();
    let exact = exact_decimal(value.abs());
    let keep = i64::from(exact.point) + precision as i64;
    let decimal = round_to(exact, keep);
    with_sign(negative, fixed_form(&decimal, precision))
}

fn format_special(value: f64) -> Option<String> {
    if value.is_nan() {
        return Some("NaN".to_string());
    }
    if value.is_infinite() {
        return Some(if value > 0.0 { "+Inf" } else { "-Inf" }.to_string());
    }
    None
}

fn with_sign(negative: bool, body: String) -> String {
    if negative {
        format!("-{body}")
    } else {
        body
    }
}

fn digit_at(decimal: &Decimal, index: i64) -> char {
    if index < 0 || index >= decimal.digits.len() as i64 {
        return '0';
    }
    char::from(b'0' + decimal.digits[index as usize])
}

/// `d.ddde±XX` with `fraction_digits` digits after the point.
fn exponent_form(decimal: &Decimal, fraction_digits: usize) -> String {
    let mut out = String::new();
    out.push(digit_at(decimal, 0));
    if fraction_digits > 0 {
        out.push('.');
        for index in 1..=fraction_digits as i64 {
            out.push(digit_at(decimal, index));
        }
    }
    let exponent = if decimal.digits.is_empty() {
        0
    } else {
        decimal.point - 1
    };
    let sign = if exponent < 0 { '-' } else { '+' };
    out.push('e');
    out.push(sign);
    out.push_str(&format!("{:02}", exponent.unsigned_abs()));
    out
}

/// `ddd.ddd` with `fraction_digits` digits after the point.
fn fixed_form(decimal: &Decimal, fraction_digits: usize) -> String {
    let mut out = String::new();
    let point = i64::from(decimal.point);
    if point > 0 {
        for index in 0..point {
            out.push(digit_at(decimal, index));
        }
    } else {
        out.push('0');
    }
    if fraction_digits > 0 {
        out.push('.');
        for offset in 0..fraction_digits as i64 {
            out.push(digit_at(decimal, point + offset));
        }
    }
    out
}

#[cfg(test)]
mod tests;
