//! Table tests from docker/go-units v0.5.0 (size_test.go, duration_test.go) and
//! Go's time package.

use super::*;

const DAY: i64 = 24 * HOUR;
const WEEK: i64 = 7 * DAY;
const MONTH: i64 = 30 * DAY;
const YEAR: i64 = 365 * DAY;

#[test]
fn bytes_size_matches_go_units() {
    let cases: &[(f64, &str)] = &[
        (1024.0, "1KiB"),
        ((1024 * 1024) as f64, "1MiB"),
        (1_048_576.0, "1MiB"),
        ((2 * MIB) as f64, "2MiB"),
        (3.42 * GIB as f64, "3.42GiB"),
        (5.372 * TIB as f64, "5.372TiB"),
        (2.22 * PIB as f64, "2.22PiB"),
        (
            KIB as f64 * KIB as f64 * KIB as f64 * KIB as f64 * KIB as f64 * PIB as f64,
            "1.049e+06YiB",
        ),
        (3_645_440.0, "3.477MiB"),
        ((512 * MIB) as f64, "512MiB"),
        (8_232_214_528.0, "7.667GiB"),
        (0.0, "0B"),
    ];
    for &(size, expected) in cases {
        assert_eq!(bytes_size(size), expected, "bytes_size of {size}");
    }
}

#[test]
fn human_size_matches_go_units() {
    let cases: &[(f64, &str)] = &[
        (1000.0, "1kB"),
        (1024.0, "1.024kB"),
        (1_000_000.0, "1MB"),
        (1_048_576.0, "1.049MB"),
        ((2 * MB) as f64, "2MB"),
        (3.42 * GB as f64, "3.42GB"),
        (5.372 * TB as f64, "5.372TB"),
        (2.22 * PB as f64, "2.22PB"),
        (10_000_000_000_000.0 * PB as f64, "1e+04YB"),
    ];
    for &(size, expected) in cases {
        assert_eq!(human_size(size), expected, "human_size of {size}");
    }
}

#[test]
fn docker_sizes_at_three_digits() {
    let cases: &[(f64, &str)] = &[
        (0.0, "0B"),
        (512.0, "512B"),
        (7_800_000.0, "7.8MB"),
        (7_834_567.0, "7.83MB"),
        (77_900_000.0, "77.9MB"),
        (192_000_000.0, "192MB"),
        (1_200_000_000.0, "1.2GB"),
        (999_500.0, "1e+03kB"),
        (999_499.0, "999kB"),
        (999.0, "999B"),
        (1_050.0, "1.05kB"),
        (2.0, "2B"),
    ];
    for &(size, expected) in cases {
        assert_eq!(
            human_size_with_precision(size, 3),
            expected,
            "%.3g size of {size}"
        );
    }
}

#[test]
fn from_human_size_matches_go_units() {
    let ok: &[(&str, i64)] = &[
        ("0", 0),
        ("0b", 0),
        ("0B", 0),
        ("0 B", 0),
        ("32", 32),
        ("32b", 32),
        ("32B", 32),
        ("32k", 32 * KB),
        ("32K", 32 * KB),
        ("32kb", 32 * KB),
        ("32Kb", 32 * KB),
        ("32Mb", 32 * MB),
        ("32Gb", 32 * GB),
        ("32Tb", 32 * TB),
        ("32Pb", 32 * PB),
        ("32.5kB", 32_500),
        ("32.5 kB", 32_500),
        ("32.5 B", 32),
        ("0.3 K", 300),
        (".3kB", 300),
        ("0.", 0),
        ("0. ", 0),
        ("0.b", 0),
        ("0.B", 0),
        ("-0", 0),
        ("-0b", 0),
        ("-0B", 0),
        ("-0 b", 0),
        ("-0 B", 0),
        ("32.", 32),
        ("32.b", 32),
        ("32.B", 32),
        ("32. b", 32),
        ("32. B", 32),
        ("0 ", 0),
    ];
    for &(input, expected) in ok {
        assert_eq!(
            from_human_size(input),
            Ok(expected),
            "from_human_size of {input:?}"
        );
    }

    let errors = [
        " 0", " 0b", " 0B", " 0 B", "0b ", "0B ", "0 B ", "", "hello", ".", ". ", " ", "  ", " .",
        " . ", "-32", "-32b", "-32B", "-32 b", "-32 B", "32b.", "32B.", "32 b.", "32 B.", "32 bb",
        "32 BB", "32 b b", "32 B B", "32  b", "32  B", " 32 ", "32m b", "32bm",
    ];
    for input in errors {
        assert!(
            from_human_size(input).is_err(),
            "from_human_size of {input:?} should fail"
        );
    }
}

#[test]
fn ram_in_bytes_matches_go_units() {
    let ok: &[(&str, i64)] = &[
        ("32", 32),
        ("32b", 32),
        ("32B", 32),
        ("32k", 32 * KIB),
        ("32K", 32 * KIB),
        ("32kb", 32 * KIB),
        ("32Kb", 32 * KIB),
        ("32Kib", 32 * KIB),
        ("32KIB", 32 * KIB),
        ("32Mb", 32 * MIB),
        ("32Gb", 32 * GIB),
        ("32Tb", 32 * TIB),
        ("32Pb", 32 * PIB),
        ("32PB", 32 * PIB),
        ("32P", 32 * PIB),
        ("32.3", 32),
        ("32.3 mb", (32.3 * MIB as f64) as i64),
        ("0.3MB", (0.3 * MIB as f64) as i64),
        ("64m", 67_108_864),
        ("512m", 536_870_912),
        ("1g", 1_073_741_824),
    ];
    for &(input, expected) in ok {
        assert_eq!(
            ram_in_bytes(input),
            Ok(expected),
            "ram_in_bytes of {input:?}"
        );
    }

    for input in ["", "hello", "-32", " 32 ", "32m b", "32bm"] {
        assert!(
            ram_in_bytes(input).is_err(),
            "ram_in_bytes of {input:?} should fail"
        );
    }
}

#[test]
fn size_error_texts() {
    let cases: &[(&str, &str)] = &[
        ("hello", "invalid size: 'hello'"),
        ("", "invalid size: ''"),
        ("-32", "invalid size: '-32'"),
        ("32bm", "invalid suffix: 'bm'"),
        ("32x", "invalid suffix: 'x'"),
        ("32MX", "invalid suffix: 'mx'"),
        ("32 kbytes", "invalid suffix: 'kbytes'"),
        ("32KBYTES", "invalid suffix: 'KBYTES'"),
        (
            " 32 ",
            r#"strconv.ParseFloat: parsing " 32": invalid syntax"#,
        ),
        (
            "32m b",
            r#"strconv.ParseFloat: parsing "32m": invalid syntax"#,
        ),
        (
            "1e999k",
            r#"strconv.ParseFloat: parsing "1e999": value out of range"#,
        ),
    ];
    for &(input, expected) in cases {
        let message = ram_in_bytes(input).unwrap_err().to_string();
        assert_eq!(message, expected, "error of ram_in_bytes({input:?})");
    }
}

#[test]
fn out_of_range_sizes_convert_like_go() {
    assert_eq!(
        ram_in_bytes("9999999p"),
        Ok(i64::MIN),
        "overflow gives Go's amd64 result"
    );
    assert_eq!(
        ram_in_bytes("nan"),
        Err(SizeError::InvalidSize("nan".to_string())),
        "nan has no digit"
    );
}

#[test]
fn human_duration_matches_go_units() {
    let second = SECOND;
    let minute = MINUTE;
    let hour = HOUR;
    let cases: &[(i64, &str)] = &[
        (450 * MILLISECOND, "Less than a second"),
        (second, "1 second"),
        (45 * second, "45 seconds"),
        (46 * second, "46 seconds"),
        (59 * second, "59 seconds"),
        (60 * second, "About a minute"),
        (minute, "About a minute"),
        (3 * minute, "3 minutes"),
        (35 * minute, "35 minutes"),
        (35 * minute + 40 * second, "35 minutes"),
        (45 * minute, "45 minutes"),
        (45 * minute + 40 * second, "45 minutes"),
        (46 * minute, "46 minutes"),
        (59 * minute, "59 minutes"),
        (hour, "About an hour"),
        (hour + 29 * minute, "About an hour"),
        (hour + 31 * minute, "2 hours"),
        (hour + 59 * minute, "2 hours"),
        (3 * hour, "3 hours"),
        (3 * hour + 29 * minute, "3 hours"),
        (3 * hour + 31 * minute, "4 hours"),
        (3 * hour + 59 * minute, "4 hours"),
        (3 * hour + 60 * minute, "4 hours"),
        (24 * hour, "24 hours"),
        (DAY + 12 * hour, "36 hours"),
        (2 * DAY, "2 days"),
        (7 * DAY, "7 days"),
        (13 * DAY + 5 * hour, "13 days"),
        (2 * WEEK, "2 weeks"),
        (2 * WEEK + 4 * DAY, "2 weeks"),
        (3 * WEEK, "3 weeks"),
        (4 * WEEK, "4 weeks"),
        (4 * WEEK + 3 * DAY, "4 weeks"),
        (MONTH, "4 weeks"),
        (MONTH + 2 * WEEK, "6 weeks"),
        (2 * MONTH, "2 months"),
        (2 * MONTH + 2 * WEEK, "2 months"),
        (3 * MONTH, "3 months"),
        (3 * MONTH + WEEK, "3 months"),
        (5 * MONTH + 2 * WEEK, "5 months"),
        (13 * MONTH, "13 months"),
        (23 * MONTH, "23 months"),
        (24 * MONTH, "24 months"),
        (24 * MONTH + 2 * WEEK, "2 years"),
        (3 * YEAR + 2 * MONTH, "3 years"),
        (-5 * second, "Less than a second"),
    ];
    for &(nanoseconds, expected) in cases {
        assert_eq!(
            human_duration(GoDuration::from_nanos(nanoseconds)),
            expected,
            "human_duration of {nanoseconds}ns"
        );
    }
}

#[test]
fn duration_parse_matches_go_time() {
    let cases: &[(&str, i64)] = &[
        ("0", 0),
        ("5s", 5 * SECOND),
        ("30s", 30 * SECOND),
        ("1478s", 1478 * SECOND),
        ("-5s", -5 * SECOND),
        ("+5s", 5 * SECOND),
        ("-0", 0),
        ("+0", 0),
        ("5.0s", 5 * SECOND),
        ("5.6s", 5 * SECOND + 600 * MILLISECOND),
        ("5.s", 5 * SECOND),
        (".5s", 500 * MILLISECOND),
        ("1.0s", SECOND),
        ("1.00s", SECOND),
        ("1.004s", SECOND + 4 * MILLISECOND),
        ("1.0040s", SECOND + 4 * MILLISECOND),
        ("100.00100s", 100 * SECOND + MILLISECOND),
        ("10ns", 10),
        ("11us", 11 * MICROSECOND),
        ("12\u{b5}s", 12 * MICROSECOND),
        ("12\u{3bc}s", 12 * MICROSECOND),
        ("13ms", 13 * MILLISECOND),
        ("14s", 14 * SECOND),
        ("15m", 15 * MINUTE),
        ("16h", 16 * HOUR),
        ("3h30m", 3 * HOUR + 30 * MINUTE),
        ("10.5s4m", 4 * MINUTE + 10 * SECOND + 500 * MILLISECOND),
        ("-2m3.4s", -(2 * MINUTE + 3 * SECOND + 400 * MILLISECOND)),
        (
            "1h2m3s4ms5us6ns",
            HOUR + 2 * MINUTE + 3 * SECOND + 4 * MILLISECOND + 5 * MICROSECOND + 6,
        ),
        (
            "39h9m14.425s",
            39 * HOUR + 9 * MINUTE + 14 * SECOND + 425 * MILLISECOND,
        ),
        ("52763797000ns", 52_763_797_000),
        ("0.3333333333333333333h", 20 * MINUTE),
        ("9007199254740993ns", (1 << 53) + 1),
        ("9223372036854775807ns", i64::MAX),
        ("9223372036854775.807us", i64::MAX),
        ("9223372036s854ms775us807ns", i64::MAX),
        ("-9223372036854775808ns", i64::MIN),
        ("-9223372036854775.808us", i64::MIN),
        ("0.100000000000000000000h", 6 * MINUTE),
        (
            "0.830103483285477580700h",
            49 * MINUTE + 48 * SECOND + 372_539_827,
        ),
    ];
    for &(input, expected) in cases {
        assert_eq!(
            GoDuration::parse(input).map(GoDuration::as_nanos),
            Ok(expected),
            "parse of {input:?}"
        );
    }
}

#[test]
fn duration_parse_errors() {
    let cases: &[(&str, &str)] = &[
        ("", r#"time: invalid duration """#),
        ("3", r#"time: missing unit in duration "3""#),
        ("-", r#"time: invalid duration "-""#),
        ("s", r#"time: invalid duration "s""#),
        (".", r#"time: invalid duration ".""#),
        ("-.", r#"time: invalid duration "-.""#),
        (".s", r#"time: invalid duration ".s""#),
        ("+.s", r#"time: invalid duration "+.s""#),
        ("1d", r#"time: unknown unit "d" in duration "1d""#),
        (
            "\u{85}\u{85}",
            r#"time: invalid duration "\xc2\x85\xc2\x85""#,
        ),
        ("\u{fffd}", r#"time: invalid duration "\xef\xbf\xbd""#),
        (
            "9223372036854775808ns",
            r#"time: invalid duration "9223372036854775808ns""#,
        ),
        (
            "9223372036854775.808us",
            r#"time: invalid duration "9223372036854775.808us""#,
        ),
        (
            "9223372036854ms775us808ns",
            r#"time: invalid duration "9223372036854ms775us808ns""#,
        ),
        (
            "-9223372036854775809ns",
            r#"time: invalid duration "-9223372036854775809ns""#,
        ),
        ("10x", r#"time: unknown unit "x" in duration "10x""#),
    ];
    for &(input, expected) in cases {
        let message = GoDuration::parse(input).unwrap_err().to_string();
        assert_eq!(message, expected, "error of parse({input:?})");
    }
}

#[test]
fn duration_display_matches_go_time() {
    let cases: &[(i64, &str)] = &[
        (0, "0s"),
        (1, "1ns"),
        (1100, "1.1\u{b5}s"),
        (2200 * MICROSECOND, "2.2ms"),
        (3300 * MILLISECOND, "3.3s"),
        (4 * MINUTE + 5 * SECOND, "4m5s"),
        (4 * MINUTE + 5001 * MILLISECOND, "4m5.001s"),
        (5 * HOUR + 6 * MINUTE + 7001 * MILLISECOND, "5h6m7.001s"),
        (8 * MINUTE + 1, "8m0.000000001s"),
        (i64::MAX, "2562047h47m16.854775807s"),
        (i64::MIN, "-2562047h47m16.854775808s"),
        (10 * SECOND, "10s"),
        (90 * SECOND, "1m30s"),
        (2 * HOUR, "2h0m0s"),
        (-1500 * MILLISECOND, "-1.5s"),
        (100 * MILLISECOND, "100ms"),
    ];
    for &(nanoseconds, expected) in cases {
        assert_eq!(
            GoDuration::from_nanos(nanoseconds).to_string(),
            expected,
            "display of {nanoseconds}ns"
        );
    }
}
