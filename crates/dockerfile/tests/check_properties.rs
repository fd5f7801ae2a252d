//! Property tests: no input panics `check` or planning, and `check` stays
//! linear in the size of the file, up to more than 2 MB.

use std::time::Instant;

use dockerfile::plan::{plan, PlanInput};
use dockerfile::{check, CheckInput};
use proptest::prelude::*;

const PIECES: [&str; 32] = [
    "FROM ",
    "RUN ",
    "COPY ",
    "ADD ",
    "ARG ",
    "ENV ",
    "ONBUILD ",
    "HEALTHCHECK ",
    "EXPOSE ",
    "CMD ",
    "--mount=",
    "--from=",
    "--platform=",
    "type=cache,target=/x",
    "$A",
    "${A:-b}",
    " AS ",
    "\\\n",
    "\n",
    "<<EOF\n",
    "EOF\n",
    "[\"a\"]",
    "# check=skip=all\n",
    "=",
    "--device=",
    "--chmod=u+",
    "--checksum=sha256:",
    "https://a/b.git?ref=",
    "git@h:p",
    "[::1]:",
    "WORKDIR ",
    "LABEL ",
];

fn dockerfile() -> impl Strategy<Value = String> {
    prop::collection::vec(
        prop_oneof![
            prop::sample::select(PIECES.to_vec()).prop_map(str::to_owned),
            "[ -~]{0,6}"
        ],
        0..60,
    )
    .prop_map(|pieces| pieces.concat())
}

proptest! {
    #[test]
    fn check_never_panics(text in dockerfile()) {
        let _ = check(&text, &CheckInput::default());
        let input = CheckInput { target: Some("a".into()), dockerignore: Some("*\n!a".into()), ..CheckInput::default() };
        let _ = check(&text, &input);
    }

    #[test]
    fn planning_never_panics(text in dockerfile()) {
        let _ = plan(&text, &PlanInput::default());
    }

    #[test]
    fn arbitrary_text_never_panics(text in "\\PC{0,200}") {
        let _ = check(&text, &CheckInput::default());
    }
}

fn copy_source(index: usize) -> String {
    match index {
        0 => "busybox".to_owned(),
        _ => format!("s{}", index - 1),
    }
}

fn generated(stages: usize) -> String {
    let mut text = String::from("ARG BASE=alpine\n");
    for index in 0..stages {
        text.push_str(&format!(
            "FROM $BASE AS s{index}\nARG A{index}=x\nENV K{index}=$A{index} \\\n    L=$UNDEFINED\n"
        ));
        text.push_str(&format!("RUN --mount=type=cache,target=/c echo $K{index}\nCOPY --from={} a b\nCMD echo hi\nEXPOSE 80/TCP\n", copy_source(index)));
    }
    text
}

/// Checks a generated file of more than 2 MB and one a quarter of its size:
/// four times the text may take at most twelve times as long, a margin for
/// noise that a quadratic step (sixteen times) would exceed.
#[test]
fn check_time_is_linear() {
    let small = generated(3_250);
    let large = generated(13_000);
    assert!(
        large.len() > 2_000_000,
        "large file is {} bytes",
        large.len()
    );
    let time = |text: &str| {
        let start = Instant::now();
        let diagnostics = check(text, &CheckInput::default());
        (start.elapsed(), diagnostics.len())
    };
    let (small_time, small_count) = time(&small);
    let (large_time, large_count) = time(&large);
    assert!(large_count > small_count);
    assert!(
        large_time < small_time * 12 + std::time::Duration::from_millis(200),
        "4x input took {large_time:?} against {small_time:?}"
    );
}
