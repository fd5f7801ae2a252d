//! Table tests against Go's strconv and fmt behaviour.

use super::*;

#[test]
fn format_g_matches_go() {
    let cases: &[(f64, usize, &str)] = &[
        (0.0, 3, "0"),
        (7.8, 3, "7.8"),
        (77.9, 3, "77.9"),
        (192.0, 3, "192"),
        (999.5, 3, "1e+03"),
        (998.5, 3, "998"),
        (999.4, 3, "999"),
        (1000.0, 3, "1e+03"),
        (1.024, 4, "1.024"),
        (1.048576, 4, "1.049"),
        (1048.576, 4, "1049"),
        (1.0e-5, 3, "1e-05"),
        (0.0001234, 3, "0.000123"),
        (123456.0, 3, "1.23e+05"),
        (100.0, 3, "100"),
        (2.5, 1, "2"),
        (3.5, 1, "4"),
        (-1.5, 3, "-1.5"),
        (1.0e21, 4, "1e+21"),
        (1.0e100, 3, "1e+100"),
        (f64::INFINITY, 3, "+Inf"),
        (f64::NEG_INFINITY, 3, "-Inf"),
        (f64::NAN, 3, "NaN"),
        (0.1, 3, "0.1"),
        (5.0, 0, "5"),
    ];
    for &(value, precision, expected) in cases {
        assert_eq!(
            format_g(value, precision),
            expected,
            "%.{precision}g of {value}"
        );
    }
}

#[test]
fn format_f_matches_go() {
    let cases: &[(f64, usize, &str)] = &[
        (0.0, 2, "0.00"),
        (0.125, 2, "0.12"),
        (0.375, 2, "0.38"),
        (1.005, 2, "1.00"),
        (99.999, 2, "100.00"),
        (12.3456, 1, "12.3"),
        (0.5, 0, "0"),
        (1.5, 0, "2"),
        (-0.25, 1, "-0.2"),
        (123.0, 0, "123"),
    ];
    for &(value, precision, expected) in cases {
        assert_eq!(
            format_f(value, precision),
            expected,
            "%.{precision}f of {value}"
        );
    }
}

#[test]
fn quote_matches_go() {
    let cases: &[(&str, &str)] = &[
        ("x", r#""x""#),
        ("", r#""""#),
        ("a\"b", r#""a\"b""#),
        ("a\\b", r#""a\\b""#),
        ("tab\there", r#""tab\there""#),
        ("\x1b[0m", r#""\x1b[0m""#),
        ("日本", r#""日本""#),
        ("nb\u{a0}sp", r#""nb\u00a0sp""#),
        ("\u{7f}", r#""\x7f""#),
    ];
    for &(input, expected) in cases {
        assert_eq!(quote(input), expected, "quote of {input:?}");
    }
}

#[test]
fn quote_rune_matches_go() {
    let cases: &[(char, &str)] = &[
        ('s', "'s'"),
        ('\'', r"'\''"),
        ('"', "'\"'"),
        ('\0', r"'\x00'"),
        ('\u{c3}', "'Ã'"),
        ('\u{85}', r"'\u0085'"),
    ];
    for &(input, expected) in cases {
        assert_eq!(quote_rune(input), expected, "quote_rune of {input:?}");
    }
}

#[test]
fn parse_int_base_zero() {
    let cases: &[(&str, Result<i64, &str>)] = &[
        ("10", Ok(10)),
        ("-10", Ok(-10)),
        ("+7", Ok(7)),
        ("0x1f", Ok(31)),
        ("0X1F", Ok(31)),
        ("010", Ok(8)),
        ("0o17", Ok(15)),
        ("0b101", Ok(5)),
        ("1_000", Ok(1000)),
        ("0", Ok(0)),
        ("9223372036854775807", Ok(i64::MAX)),
        ("-9223372036854775808", Ok(i64::MIN)),
        ("x", Err(r#"strconv.ParseInt: parsing "x": invalid syntax"#)),
        ("", Err(r#"strconv.ParseInt: parsing "": invalid syntax"#)),
        (
            "08",
            Err(r#"strconv.ParseInt: parsing "08": invalid syntax"#),
        ),
        (
            "1__0",
            Err(r#"strconv.ParseInt: parsing "1__0": invalid syntax"#),
        ),
        (
            "_1",
            Err(r#"strconv.ParseInt: parsing "_1": invalid syntax"#),
        ),
        (
            "1.5",
            Err(r#"strconv.ParseInt: parsing "1.5": invalid syntax"#),
        ),
        (
            "9223372036854775808",
            Err(r#"strconv.ParseInt: parsing "9223372036854775808": value out of range"#),
        ),
    ];
    for (input, expected) in cases {
        let got = parse_int(input, 64).map_err(|e| e.to_string());
        assert_eq!(
            got,
            expected.map_err(str::to_string),
            "parse_int of {input:?}"
        );
    }
}

#[test]
fn parse_uint_sizes() {
    let cases: &[(&str, u32, Result<u64, &str>)] = &[
        ("65535", 16, Ok(65535)),
        (
            "65536",
            16,
            Err(r#"strconv.ParseUint: parsing "65536": value out of range"#),
        ),
        (
            "-1",
            16,
            Err(r#"strconv.ParseUint: parsing "-1": invalid syntax"#),
        ),
        (
            "+1",
            64,
            Err(r#"strconv.ParseUint: parsing "+1": invalid syntax"#),
        ),
        ("18446744073709551615", 64, Ok(u64::MAX)),
        (
            "18446744073709551616",
            64,
            Err(r#"strconv.ParseUint: parsing "18446744073709551616": value out of range"#),
        ),
    ];
    for (input, bits, expected) in cases {
        let got = parse_uint(input, *bits).map_err(|e| e.to_string());
        assert_eq!(
            got,
            expected.map_err(str::to_string),
            "parse_uint of {input:?}"
        );
    }
}

#[test]
fn parse_float_go_syntax() {
    let cases: &[(&str, Result<f64, &str>)] = &[
        ("1.5", Ok(1.5)),
        (".5", Ok(0.5)),
        ("5.", Ok(5.0)),
        ("-2", Ok(-2.0)),
        ("1e3", Ok(1000.0)),
        ("1E-2", Ok(0.01)),
        ("1_000.5", Ok(1000.5)),
        ("0x1p4", Ok(16.0)),
        ("0x1.8p1", Ok(3.0)),
        ("inf", Ok(f64::INFINITY)),
        ("-Infinity", Ok(f64::NEG_INFINITY)),
        (
            "x",
            Err(r#"strconv.ParseFloat: parsing "x": invalid syntax"#),
        ),
        ("", Err(r#"strconv.ParseFloat: parsing "": invalid syntax"#)),
        (
            ".",
            Err(r#"strconv.ParseFloat: parsing ".": invalid syntax"#),
        ),
        (
            "1e",
            Err(r#"strconv.ParseFloat: parsing "1e": invalid syntax"#),
        ),
        (
            "0x10",
            Err(r#"strconv.ParseFloat: parsing "0x10": invalid syntax"#),
        ),
        (
            " 1",
            Err(r#"strconv.ParseFloat: parsing " 1": invalid syntax"#),
        ),
        (
            "1e400",
            Err(r#"strconv.ParseFloat: parsing "1e400": value out of range"#),
        ),
    ];
    for (input, expected) in cases {
        let got = parse_float(input).map_err(|e| e.to_string());
        assert_eq!(
            got,
            expected.map_err(str::to_string),
            "parse_float of {input:?}"
        );
    }
    assert!(
        parse_float("NaN").is_ok_and(f64::is_nan),
        "parse_float of NaN"
    );
}

#[test]
fn parse_bool_go_words() {
    for input in ["1", "t", "T", "TRUE", "true", "True"] {
        assert_eq!(parse_bool(input), Ok(true), "parse_bool of {input:?}");
    }
    for input in ["0", "f", "F", "FALSE", "false", "False"] {
        assert_eq!(parse_bool(input), Ok(false), "parse_bool of {input:?}");
    }
    let error = parse_bool("yes").map_err(|e| e.to_string());
    assert_eq!(
        error,
        Err(r#"strconv.ParseBool: parsing "yes": invalid syntax"#.to_string())
    );
}
