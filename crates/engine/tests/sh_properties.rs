//! Properties of the shell interpreter: no script panics it, in build mode
//! or at an interactive prompt, and running time grows linearly with the
//! script.
//!
//! The timing test runs each shape at two sizes, eight times apart. Linear
//! growth makes the second run about 8 times slower and quadratic growth
//! about 64 times. The test fails above 24 times, the same limit as the
//! Dockerfile crate's expansion test.

mod sh_support;

use std::time::{Duration, Instant};

use engine::sh::{run_script, BuildSystem, Mode, ShellKind, ShellState};
use proptest::prelude::*;
use sh_support::{image, session, Image};

/// Pieces that scripts are made of: words, operators, quotes, expansions,
/// reserved words and commands the interpreter models.
fn piece() -> impl Strategy<Value = String> {
    prop_oneof![
        prop::sample::select(vec![
            "echo",
            "ls",
            "cd",
            "/tmp",
            "-la",
            "a",
            "b=1",
            "$b",
            "${b:-x}",
            "${#b}",
            "${b:=y}",
            "$?",
            "$1",
            "\"",
            "'",
            "\\",
            "\\\n",
            "\n",
            ";",
            ";;",
            "&&",
            "||",
            "|",
            "&",
            "(",
            ")",
            "{",
            "}",
            "<",
            ">",
            ">>",
            "2>&1",
            "&>",
            "<<",
            "<<-",
            "EOF",
            "if",
            "then",
            "fi",
            "for",
            "in",
            "do",
            "done",
            "while",
            "case",
            "esac",
            "!",
            "*",
            "?",
            "[",
            "]",
            "#",
            "$(",
            "`",
            "$((",
            "~",
            "cat",
            "grep",
            "sed",
            "-i",
            "s/a/b/g",
            "mkdir",
            "-p",
            "rm",
            "-rf",
            "cp",
            "mv",
            "touch",
            "chmod",
            "+x",
            "chown",
            "1000:1000",
            "ln",
            "-s",
            "find",
            "-name",
            "head",
            "-n",
            "1",
            "wc",
            "tee",
            "printf",
            "%s\\n",
            "sh",
            "-c",
            "bash",
            "exit",
            "set",
            "-e",
            "-u",
            "-x",
            "export",
            "unset",
            "apt-get",
            "install",
            "-y",
            "update",
            "apk",
            "add",
            "pip",
            "useradd",
            "id",
            "env",
            "sleep",
            "yes",
            "stress",
            "python",
            "--version",
            "curl",
            "-o",
            "wget",
            "eval",
            ".",
            "test",
            "[",
            "read",
            "f()",
            "=",
            "é",
            "\t",
            " ",
        ])
        .prop_map(str::to_string),
        "[a-z$'\"{}()|&;<>\\\\ ]{1,6}",
    ]
}

fn script() -> impl Strategy<Value = String> {
    prop::collection::vec(piece(), 0..40).prop_map(|pieces| pieces.join(" "))
}

fn run_build(base: &Image, script: &str) -> engine::sh::ScriptOutcome {
    let mut fs = base.fs.clone();
    let kind = ShellKind::detect(&fs, "/bin/sh").unwrap_or(ShellKind::Dash);
    let mut shell = ShellState::new(kind, "/bin/sh").with_environment(&base.env);
    let mut system = BuildSystem::new(0, "amd64", "/bin/sh -c");
    run_script(script, &mut shell, &mut fs, &mut system, Mode::Build)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 200, ..ProptestConfig::default() })]

    #[test]
    fn no_script_panics_in_build_mode(script in script()) {
        let base = image("library/python", "3.12-slim");
        let outcome = run_build(&base, &script);
        prop_assert!(outcome.simulated || !outcome.notes.is_empty());
    }

    #[test]
    fn no_line_panics_a_session(lines in prop::collection::vec(script(), 1..6)) {
        for (repository, tag, program) in [("library/alpine", "3.22", "sh"), ("library/python", "3.12-slim", "bash")] {
            let base = image(repository, tag);
            let (mut session, mut fs, mut system) = session(&base, program);
            for line in &lines {
                let _ = session.prompt();
                let outcome = session.run_line(line, &mut fs, &mut system);
                if outcome.exit_requested {
                    break;
                }
            }
        }
    }

    #[test]
    fn no_bytes_panic_the_parser(text in "\\PC{0,200}") {
        let base = image("library/alpine", "3.22");
        let _ = run_build(&base, &text);
    }
}

/// Returns the scripts to time, by name, built to about `size` bytes.
fn shapes(size: usize) -> Vec<(&'static str, String)> {
    let repeat = |unit: &str| unit.repeat(size / unit.len());
    vec![
        ("simple commands", repeat("echo a b c > /dev/null; ")),
        ("and-or lists", repeat("true && false || : ; ")),
        ("pipelines", repeat("echo a | cat | wc -l >/dev/null; ")),
        ("assignments", repeat("A=$A; B=${B:-x}; ")),
        ("exports and new shells", repeat("export X=1; sh -c : ; ")),
        (
            "file operations",
            repeat("mkdir -p /t/a && touch /t/a/f && rm -rf /t; "),
        ),
        ("cd", repeat("cd /usr/local && cd - > /dev/null; ")),
        (
            "skipped compounds",
            repeat("if true; then for x in a; do :; done; fi; "),
        ),
        (
            "nested compound",
            format!("{}{}", repeat("if true; then "), repeat("fi; ")),
        ),
        (
            "quoted words",
            format!("echo \"{}\" > /dev/null", repeat("a 'b' $A ")),
        ),
        (
            "here-document",
            format!("cat > /dev/null <<EOF\n{}EOF\n", repeat("line $HOME\n")),
        ),
        (
            "continued lines",
            repeat("echo a \\\n b \\\n c > /dev/null\n"),
        ),
        (
            "unterminated quote",
            format!("{}echo 'x", repeat("echo a > /dev/null; ")),
        ),
        ("deep braces", format!("echo {}", repeat("${A:-"))),
        ("comments", repeat("# comment line\n")),
    ]
}

fn time(base: &Image, script: &str) -> Duration {
    (0..2)
        .map(|_| {
            let start = Instant::now();
            let _ = std::hint::black_box(run_build(base, script));
            start.elapsed()
        })
        .min()
        .unwrap_or_default()
}

#[test]
fn time_is_linear_in_script_length() {
    const SMALL: usize = 16 << 10;
    const LARGE: usize = 128 << 10;
    const MAX_RATIO: f64 = 24.0;
    let base = image("library/alpine", "3.22");
    let mut failures = Vec::new();
    for ((name, small), (_, large)) in shapes(SMALL).iter().zip(shapes(LARGE)) {
        // Other tests share the machine, so a shape that looks superlinear
        // is timed again before it counts as a failure.
        let mut last = String::new();
        let passed = (0..3).any(|_| {
            let small_time = time(&base, small).max(Duration::from_micros(500));
            let large_time = time(&base, &large);
            let ratio = large_time.as_secs_f64() / small_time.as_secs_f64();
            println!("{name}: {small_time:?} -> {large_time:?} ({ratio:.1}x)");
            last =
                format!("{name}: {small_time:?} at {SMALL} bytes, {large_time:?} at {LARGE} bytes");
            ratio <= MAX_RATIO
        });
        if !passed {
            failures.push(last);
        }
    }
    assert!(
        failures.is_empty(),
        "superlinear growth:\n{}",
        failures.join("\n")
    );
}
