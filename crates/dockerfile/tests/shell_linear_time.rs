//! Expansion time grows linearly with the word on adversarial input up to 1 MB.
//!
//! Each case is timed at 128 KiB and at 1 MiB. Linear growth makes the second run about
//! 8 times slower and quadratic growth about 64 times; the test fails above 24 times.
//! The environment stays small, so the cost per `#`, `%` or `/` expansion, which is
//! linear in the variable's value, is a constant here.

use std::time::{Duration, Instant};

use dockerfile::shell::{EnvList, Lexer};

const SMALL: usize = 128 << 10;
const LARGE: usize = 1 << 20;
const MAX_RATIO: f64 = 24.0;

/// Returns `unit` repeated until the word is about `size` bytes, between `open` and
/// `close` repeated as many times when the case nests.
fn repeat(unit: &str, size: usize) -> String {
    unit.repeat(size / unit.len())
}

fn nest(open: &str, middle: &str, close: &str, size: usize) -> String {
    let depth = size / (open.len() + close.len());
    format!("{}{middle}{}", open.repeat(depth), close.repeat(depth))
}

/// Returns the adversarial words, by name, for a target size.
fn cases(size: usize) -> Vec<(&'static str, String)> {
    vec![
        ("nested defaults", nest("${A:-", "x", "}", size)),
        ("nested defaults with text", nest("${U:-x", "x", "}", size)),
        (
            "nested defaults of a set variable",
            nest("${V:-", "x", "}", size),
        ),
        (
            "nested quotes and defaults",
            nest("\"${U:-", "x", "}\"", size),
        ),
        ("nested alternatives", nest("${V:+a", "x", "}", size)),
        ("nested trims", nest("${V#", "*", "}", size)),
        ("nested replacements", nest("${V//a/", "b", "}", size)),
        ("nested unset with skip", nest("${U:-", "x", "}", size)),
        ("long %% pattern", format!("${{V%%{}}}", repeat("*a", size))),
        (
            "long ## pattern with ?",
            format!("${{V##{}}}", repeat("?*a", size)),
        ),
        (
            "long // pattern",
            format!("${{V//{}/x}}", repeat("a*", size)),
        ),
        (
            "long // replacement",
            format!("${{V//a/{}}}", repeat("xy", size / 8)),
        ),
        ("many replacements", repeat("${V//a/bb}", size / 16)),
        ("many references", repeat("$V ", size / 8)),
        ("long quoted text", format!("\"{}\"", repeat("a b ", size))),
        ("many escapes", repeat("\\$\\ ", size)),
        (
            "unterminated default",
            format!("${{A:-{}", repeat("a", size)),
        ),
    ]
}

fn time(lexer: &Lexer, env: &EnvList, word: &str) -> Duration {
    (0..2)
        .map(|_| {
            let start = Instant::now();
            let _ = std::hint::black_box(lexer.process_word(word, env));
            start.elapsed()
        })
        .min()
        .unwrap_or_default()
}

#[test]
fn expansion_time_is_linear() {
    let env = EnvList::from_entries(["V=".to_owned() + &"ab".repeat(32)]);
    let small_cases = cases(SMALL);
    let large_cases = cases(LARGE);
    let mut failures = Vec::new();

    for ((name, small), (_, large)) in small_cases.iter().zip(&large_cases) {
        for lexer in [Lexer::new('\\'), Lexer::new('\\').skip_unset_env(true)] {
            let small_time = time(&lexer, &env, small).max(Duration::from_micros(200));
            let large_time = time(&lexer, &env, large);
            let ratio = large_time.as_secs_f64() / small_time.as_secs_f64();
            println!("{name}: {small_time:?} -> {large_time:?} ({ratio:.1}x)");
            if ratio > MAX_RATIO {
                failures.push(format!(
                    "{name}: {small_time:?} at {SMALL} bytes, {large_time:?} at {LARGE} bytes"
                ));
            }
        }
    }
    assert!(
        failures.is_empty(),
        "superlinear growth:\n{}",
        failures.join("\n")
    );
}
