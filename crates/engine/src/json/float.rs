//! Writes floats as `serde_json` 1.0.154 does (shortest digits that read
//! back the same): plain decimals with at least one fraction digit for
//! decimal exponents from -5 to 15, scientific notation outside them.

/// Writes a float, or `null` for NaN and the infinities as `serde_json`
/// does.
pub(super) fn write(out: &mut String, value: f64) {
    if !value.is_finite() {
        out.push_str("null");
        return;
    }
    let scientific = format!("{value:e}");
    let (mantissa, exponent) = scientific.split_once('e').unwrap_or((&scientific, "0"));
    let power: i32 = exponent.parse().unwrap_or(0);
    if (-5..=15).contains(&power) {
        let fixed = value.to_string();
        out.push_str(&fixed);
        if !fixed.contains('.') {
            out.push_str(".0");
        }
        return;
    }
    out.push_str(mantissa);
    out.push('e');
    if power > 0 {
        out.push('+');
    }
    out.push_str(exponent);
}

#[cfg(test)]
mod tests {
    use super::write;

    #[test]
    fn floats_match_serde_json() {
        let cases = [
            (0.0, "0.0"),
            (-0.0, "-0.0"),
            (0.5, "0.5"),
            (340.0, "340.0"),
            (345.33333333333337, "345.33333333333337"),
            (1e15, "1000000000000000.0"),
            (1e16, "1e+16"),
            (1.2345678901234568e17, "1.2345678901234568e+17"),
            (f64::MAX, "1.7976931348623157e+308"),
            (0.0001, "0.0001"),
            (1e-5, "0.00001"),
            (1e-6, "1e-6"),
            (-1.5e-7, "-1.5e-7"),
            (5e-324, "5e-324"),
            (f64::NAN, "null"),
            (f64::NEG_INFINITY, "null"),
        ];
        for (value, expected) in cases {
            let mut out = String::new();
            write(&mut out, value);
            assert_eq!(out, expected, "{value:?}");
        }
    }
}
