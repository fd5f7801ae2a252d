//! Value parsers that BuildKit's instruction parsing relies on, with their
//! error texts: Go's `time.ParseDuration`, `strconv.ParseInt`,
//! `strconv.ParseUint` and `strconv.ParseBool`, and tonistiigi/go-csvvalue's
//! `Fields` (csvvalue.go at 02a83fd4).

use crate::parser::go::quote;

/// Parses a Go duration such as `30s`, `1h30m` or `1.5ms` into nanoseconds.
///
/// # Errors
///
/// Returns `time: invalid duration "X"`, `time: missing unit in duration "X"`
/// or `time: unknown unit "u" in duration "X"`, as Go does.
pub fn parse_duration(text: &str) -> Result<i64, String> {
    let invalid = || format!("time: invalid duration {}", quote(text));
    let (negative, mut rest) = match text.as_bytes().first() {
        Some(b'-') => (true, &text[1..]),
        Some(b'+') => (false, &text[1..]),
        _ => (false, text),
    };
    if rest == "0" {
        return Ok(0);
    }
    if rest.is_empty() {
        return Err(invalid());
    }
    let mut total: u128 = 0;
    while !rest.is_empty() {
        let (value, after) = duration_number(rest).ok_or_else(invalid)?;
        let unit_len = after
            .find(|c: char| c == '.' || c.is_ascii_digit())
            .unwrap_or(after.len());
        let unit = &after[..unit_len];
        if unit.is_empty() {
            return Err(format!("time: missing unit in duration {}", quote(text)));
        }
        let Some(scale) = unit_nanos(unit) else {
            return Err(format!(
                "time: unknown unit {} in duration {}",
                quote(unit),
                quote(text)
            ));
        };
        total += value.0 * scale + value.1 * scale / value.2;
        if total > i64::MAX as u128 {
            return Err(invalid());
        }
        rest = &after[unit_len..];
    }
    let total = total as i64;
    Ok(if negative { -total } else { total })
}

/// Reads `digits[.digits]`: whole part, fraction numerator, fraction scale.
fn duration_number(text: &str) -> Option<((u128, u128, u128), &str)> {
    let whole_len = text
        .find(|c: char| !c.is_ascii_digit())
        .unwrap_or(text.len());
    let whole = text[..whole_len].parse::<u128>().ok();
    let mut rest = &text[whole_len..];
    let (mut fraction, mut scale) = (0u128, 1u128);
    let mut fraction_len = 0;
    if let Some(after_dot) = rest.strip_prefix('.') {
        fraction_len = after_dot
            .find(|c: char| !c.is_ascii_digit())
            .unwrap_or(after_dot.len());
        for digit in after_dot[..fraction_len].bytes().take(18) {
            fraction = fraction * 10 + u128::from(digit - b'0');
            scale *= 10;
        }
        rest = &after_dot[fraction_len..];
    }
    if whole_len == 0 && fraction_len == 0 {
        return None;
    }
    Some(((whole.unwrap_or(0), fraction, scale), rest))
}

fn unit_nanos(unit: &str) -> Option<u128> {
    Some(match unit {
        "ns" => 1,
        "us" | "\u{b5}s" | "\u{3bc}s" => 1_000,
        "ms" => 1_000_000,
        "s" => 1_000_000_000,
        "m" => 60_000_000_000,
        "h" => 3_600_000_000_000,
        _ => return None,
    })
}

/// Parses a signed decimal integer that must fit in `bits` bits, as
/// `strconv.ParseInt(text, 10, bits)`.
///
/// # Errors
///
/// Returns `strconv.ParseInt: parsing "X": invalid syntax` or `... value out of range`.
pub fn parse_int(text: &str, bits: u32) -> Result<i64, String> {
    let fail = |reason: &str| format!("strconv.ParseInt: parsing {}: {reason}", quote(text));
    let (negative, digits) = match text.as_bytes().first() {
        Some(b'-') => (true, &text[1..]),
        Some(b'+') => (false, &text[1..]),
        _ => (false, text),
    };
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return Err(fail("invalid syntax"));
    }
    let limit: i128 = 1 << (bits - 1);
    let mut value: i128 = 0;
    for digit in digits.bytes() {
        value = (value * 10 + i128::from(digit - b'0')).min(limit + 1);
    }
    let value = if negative { -value } else { value };
    if value >= limit || value < -limit {
        return Err(fail("value out of range"));
    }
    Ok(value as i64)
}

/// Parses an unsigned 32-bit integer in `base` (8 or 10), as
/// `strconv.ParseUint(text, base, 32)`; `None` on any error.
pub fn parse_uint32(text: &str, base: u32) -> Option<u32> {
    if text.is_empty() {
        return None;
    }
    let mut value: u64 = 0;
    for c in text.chars() {
        value = value * u64::from(base) + u64::from(c.to_digit(base)?);
        if value > u64::from(u32::MAX) {
            return None;
        }
    }
    Some(value as u32)
}

/// Go's `strconv.ParseBool`.
pub fn parse_bool(text: &str) -> Option<bool> {
    match text {
        "1" | "t" | "T" | "TRUE" | "true" | "True" => Some(true),
        "0" | "f" | "F" | "FALSE" | "false" | "False" => Some(false),
        _ => None,
    }
}

/// Splits a one-line CSV value into fields, as tonistiigi/go-csvvalue's
/// `Fields` does for BuildKit's `--mount` and `--device` values.
///
/// One trailing `\n` or `\r\n` is dropped. Any other line break is part of
/// a field, unlike Go's `encoding/csv`, which stops at the first record.
///
/// # Errors
///
/// Returns `EOF` for empty text, and `encoding/csv`'s
/// `parse error on line 1, column N: ...` messages for a stray or missing
/// quote, with go-csvvalue's byte columns.
pub fn csv_fields(text: &str) -> Result<Vec<String>, String> {
    let line = text
        .strip_suffix("\r\n")
        .or_else(|| text.strip_suffix('\n'))
        .unwrap_or(text);
    if line.is_empty() {
        return Err("EOF".to_owned());
    }
    let mut fields = Vec::new();
    let mut position = 0;
    loop {
        let rest = &line[position..];
        let next = match rest.starts_with('"') {
            true => quoted_field(line, position, &mut fields)?,
            false => plain_field(line, position, &mut fields)?,
        };
        match next {
            Some(after_comma) => position = after_comma,
            None => return Ok(fields),
        }
    }
}

fn csv_error(offset: usize, reason: &str) -> String {
    format!("parse error on line 1, column {}: {reason}", offset + 1)
}

/// Reads the unquoted field at `start`; returns where the next field starts.
fn plain_field(
    line: &str,
    start: usize,
    fields: &mut Vec<String>,
) -> Result<Option<usize>, String> {
    let rest = &line[start..];
    let end = rest.find(',').unwrap_or(rest.len());
    let field = &rest[..end];
    if let Some(quote) = field.find('"') {
        return Err(csv_error(start + quote, "bare \" in non-quoted-field"));
    }
    fields.push(field.to_owned());
    Ok((end < rest.len()).then_some(start + end + 1))
}

/// Reads the quoted field whose opening quote is at `start`; returns where
/// the next field starts.
fn quoted_field(
    line: &str,
    start: usize,
    fields: &mut Vec<String>,
) -> Result<Option<usize>, String> {
    let mut field = String::new();
    let mut position = start + 1;
    loop {
        let Some(quote) = line[position..].find('"') else {
            return Err(csv_error(
                position,
                "extraneous or missing \" in quoted-field",
            ));
        };
        field.push_str(&line[position..position + quote]);
        position += quote + 1;
        match line.as_bytes().get(position) {
            Some(b'"') => {
                field.push('"');
                position += 1;
            }
            Some(b',') => {
                fields.push(field);
                return Ok(Some(position + 1));
            }
            None => {
                fields.push(field);
                return Ok(None);
            }
            Some(_) => {
                return Err(csv_error(
                    position - 1,
                    "extraneous or missing \" in quoted-field",
                ))
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_like_go() {
        assert_eq!(parse_duration("30s"), Ok(30_000_000_000));
        assert_eq!(parse_duration("1h30m"), Ok(5_400_000_000_000));
        assert_eq!(parse_duration("1.5ms"), Ok(1_500_000));
        assert_eq!(parse_duration("0"), Ok(0));
        assert_eq!(parse_duration("-2s"), Ok(-2_000_000_000));
        assert_eq!(
            parse_duration("1").unwrap_err(),
            "time: missing unit in duration \"1\""
        );
        assert_eq!(
            parse_duration("1x").unwrap_err(),
            "time: unknown unit \"x\" in duration \"1x\""
        );
        assert_eq!(
            parse_duration("abc").unwrap_err(),
            "time: invalid duration \"abc\""
        );
        assert_eq!(
            parse_duration("").unwrap_err(),
            "time: invalid duration \"\""
        );
    }

    #[test]
    fn integers_like_go() {
        assert_eq!(parse_int("-3", 32), Ok(-3));
        assert_eq!(
            parse_int("x", 32).unwrap_err(),
            "strconv.ParseInt: parsing \"x\": invalid syntax"
        );
        assert_eq!(
            parse_int("99999999999", 32).unwrap_err(),
            "strconv.ParseInt: parsing \"99999999999\": value out of range"
        );
        assert_eq!(parse_uint32("0755", 8), Some(0o755));
        assert_eq!(parse_uint32("8", 8), None);
    }

    #[test]
    fn csv_fields_like_csvvalue() {
        let cases: [(&str, &[&str]); 9] = [
            ("a,\"b,c\",d", &["a", "b,c", "d"]),
            ("\"a\"\"b\"", &["a\"b"]),
            ("a,", &["a", ""]),
            (",,", &["", "", ""]),
            ("\"\"", &[""]),
            ("a,\"foo\"\"\",c", &["a", "foo\"", "c"]),
            ("foo,bar\n", &["foo", "bar"]),
            ("foo\r\n", &["foo"]),
            ("a\nb", &["a\nb"]),
        ];
        for (text, expected) in cases {
            assert_eq!(csv_fields(text).unwrap(), expected, "text {text:?}");
        }
    }

    #[test]
    fn csv_errors_like_csvvalue() {
        let bare = "bare \" in non-quoted-field";
        let quote = "extraneous or missing \" in quoted-field";
        let cases = [
            ("", "EOF".to_owned()),
            ("\n", "EOF".to_owned()),
            (
                "foo,aa\"bb,cc",
                format!("parse error on line 1, column 7: {bare}"),
            ),
            (
                "a\"\"b,c",
                format!("parse error on line 1, column 2: {bare}"),
            ),
            (
                "\"a word\",b\"",
                format!("parse error on line 1, column 11: {bare}"),
            ),
            (
                "\"a \"word\",\"b\"",
                format!("parse error on line 1, column 4: {quote}"),
            ),
            ("\"", format!("parse error on line 1, column 2: {quote}")),
            (
                "\"\"\"",
                format!("parse error on line 1, column 4: {quote}"),
            ),
            ("\"abc", format!("parse error on line 1, column 2: {quote}")),
        ];
        for (text, expected) in cases {
            assert_eq!(csv_fields(text).unwrap_err(), expected, "text {text:?}");
        }
    }
}
