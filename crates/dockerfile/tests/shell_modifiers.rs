//! Table tests for every `${NAME...}` modifier, with the matched and unmatched names
//! that BuildKit reports. Most cases come from BuildKit's `TestProcessWithMatches`,
//! `TestShellParserMandatoryEnvVars` and `TestProcessWithMatchesPlatform`.

use dockerfile::shell::{EnvList, Lexer};

/// One case: input word, environment entries, expected result, matched and unmatched
/// names (sorted).
type Case = (
    &'static str,
    &'static [&'static str],
    &'static str,
    &'static [&'static str],
    &'static [&'static str],
);

fn check(cases: &[Case]) {
    let lexer = Lexer::new('\\');
    for &(input, entries, expected, matched, unmatched) in cases {
        let env = EnvList::from_entries(entries);
        let expansion = lexer
            .process_word(input, &env)
            .unwrap_or_else(|error| panic!("{input:?} with {entries:?}: {error}"));
        assert_eq!(
            expansion.result, expected,
            "result of {input:?} with {entries:?}"
        );
        let matched_names: Vec<&str> = expansion.matched.iter().map(String::as_str).collect();
        let unmatched_names: Vec<&str> = expansion.unmatched.iter().map(String::as_str).collect();
        assert_eq!(
            matched_names, matched,
            "matched names of {input:?} with {entries:?}"
        );
        assert_eq!(
            unmatched_names, unmatched,
            "unmatched names of {input:?} with {entries:?}"
        );
    }
}

const FOO_BAR: &[&str] = &["FOO=xxx", "BAR="];

#[test]
fn plain_references() {
    check(&[
        ("x", &["DUMMY=dummy"], "x", &[], &[]),
        ("x ${UNUSED}", &["DUMMY=dummy"], "x ", &[], &["UNUSED"]),
        ("x ${FOO}", &["FOO=y"], "x y", &["FOO"], &[]),
        ("$FOO$BAR.", FOO_BAR, "xxx.", &["BAR", "FOO"], &[]),
        (
            "$1 ${22} $@ $# $$",
            &[],
            "    ",
            &[],
            &["#", "$", "1", "22", "@"],
        ),
        ("a$", &[], "a$", &[], &[]),
        ("${FOO}${FOO}", &["FOO=y"], "yy", &["FOO"], &[]),
    ]);
}

#[test]
fn default_and_alternative() {
    check(&[
        (
            "${FOO-aaa} ${BAR-bbb} ${BAZ-ccc}",
            FOO_BAR,
            "xxx  ccc",
            &["BAR", "FOO"],
            &["BAZ"],
        ),
        (
            "${FOO:-aaa} ${BAR:-bbb} ${BAZ:-ccc}",
            FOO_BAR,
            "xxx bbb ccc",
            &["BAR", "FOO"],
            &["BAZ"],
        ),
        ("${FOO:-}", FOO_BAR, "xxx", &["FOO"], &[]),
        ("${FOO:-}", &[], "", &[], &["FOO"]),
        (
            "${FOO+aaa} ${BAR+bbb} ${BAZ+ccc}",
            FOO_BAR,
            "aaa bbb ",
            &["BAR", "FOO"],
            &["BAZ"],
        ),
        (
            "${FOO:+aaa} ${BAR:+bbb} ${BAZ:+ccc}",
            FOO_BAR,
            "aaa  ",
            &["BAR", "FOO"],
            &["BAZ"],
        ),
        // Names inside a word that is thrown away are still looked up.
        ("${FOO:-$NOPE}", FOO_BAR, "xxx", &["FOO"], &["NOPE"]),
        ("${BAZ:+${FOO}}", FOO_BAR, "", &["FOO"], &["BAZ"]),
        ("${A:-${B:-${C:-deep}}}", &[], "deep", &[], &["A", "B", "C"]),
        (
            "${A:-'q ${x}' \"$FOO\"}",
            FOO_BAR,
            "q ${x} xxx",
            &["FOO"],
            &["A"],
        ),
    ]);
}

#[test]
fn release_file_name() {
    let word =
        "something-${VERSION}.${TARGETOS}-${TARGETARCH}${TARGETVARIANT:+-${TARGETVARIANT}}.tar.gz";
    check(&[
        (
            word,
            &[
                "VERSION=v1.2.3",
                "TARGETOS=linux",
                "TARGETARCH=arm",
                "TARGETVARIANT=v7",
            ],
            "something-v1.2.3.linux-arm-v7.tar.gz",
            &["TARGETARCH", "TARGETOS", "TARGETVARIANT", "VERSION"],
            &[],
        ),
        (
            word,
            &[
                "VERSION=v1.2.3",
                "TARGETOS=linux",
                "TARGETARCH=arm64",
                "TARGETVARIANT=",
            ],
            "something-v1.2.3.linux-arm64.tar.gz",
            &["TARGETARCH", "TARGETOS", "TARGETVARIANT", "VERSION"],
            &[],
        ),
        (
            word,
            &["VERSION=v1.2.3", "TARGETOS=linux", "TARGETARCH=arm64"],
            "something-v1.2.3.linux-arm64.tar.gz",
            &["TARGETARCH", "TARGETOS", "VERSION"],
            &["TARGETVARIANT"],
        ),
    ]);
}

#[test]
fn required() {
    check(&[
        ("${FOO?aaa}", FOO_BAR, "xxx", &["FOO"], &[]),
        ("${BAR?bbb}", FOO_BAR, "", &["BAR"], &[]),
        ("${FOO:?aaa}", FOO_BAR, "xxx", &["FOO"], &[]),
        (
            "${VAR:?message here$ARG}",
            &["VAR=plain", "ARG=x"],
            "plain",
            &["ARG", "VAR"],
            &[],
        ),
        (
            "${VAR?message here$ARG}",
            &["VAR=", "ARG=x"],
            "",
            &["ARG", "VAR"],
            &[],
        ),
    ]);
}

#[test]
fn trim_prefix_and_suffix() {
    check(&[
        (
            "${FOO#()[]{\\}^$.\\*\\?|\\\\}",
            &["FOO=()[]{}^$.*?|\\x"],
            "x",
            &["FOO"],
            &[],
        ),
        ("${FOO%%\\**}", &["FOO=xx**"], "xx", &["FOO"], &[]),
        ("${FOO#*x*y}", &["FOO=xxyy"], "y", &["FOO"], &[]),
        ("${FOO#*}", &["FOO=xxyy"], "xxyy", &["FOO"], &[]),
        (
            "${FOO#$BAR}",
            &["FOO=xxyy", "BAR=x"],
            "xyy",
            &["BAR", "FOO"],
            &[],
        ),
        (
            "${FOO#$BAR}",
            &["FOO=xxyy", "BAR="],
            "xxyy",
            &["BAR", "FOO"],
            &[],
        ),
        ("${FOO#}", &["FOO=xxyy"], "xxyy", &["FOO"], &[]),
        ("${FOO##*x}", &["FOO=xxyy"], "yy", &["FOO"], &[]),
        ("${FOO##}", &["FOO=xxyy"], "xxyy", &["FOO"], &[]),
        ("${FOO#?\\?}", &["FOO=???y"], "?y", &["FOO"], &[]),
        (
            "${ABC:-.}${FOO%x}${ABC:-.}",
            &["FOO=xxyy"],
            ".xxyy.",
            &["FOO"],
            &["ABC"],
        ),
        ("${FOO%%\\**\\*}", &["FOO=a***yy*"], "a", &["FOO"], &[]),
        ("${FOO%}", &["FOO=xxyy"], "xxyy", &["FOO"], &[]),
        (
            "${FOO%%$BAR}",
            &["FOO=xxyy", "BAR="],
            "xxyy",
            &["BAR", "FOO"],
            &[],
        ),
        (
            "${P%/*} ${P%%/*} ${P#*/} ${P##*/}",
            &["P=/a/b/c"],
            "/a/b  a/b/c c",
            &["P"],
            &[],
        ),
        ("${P%.*}.${P##*.}", &["P=x.tar.gz"], "x.tar.gz", &["P"], &[]),
        (
            "${P%?}|${P#??}|${P%%?*}",
            &["P=한국어"],
            "한국|어|",
            &["P"],
            &[],
        ),
        ("${NOPE#*}${NOPE%%x}", &[], "", &[], &["NOPE"]),
    ]);
}

#[test]
fn patterns_stop_at_newlines() {
    let env: &[&str] = &["M=a\nb", "NL=\n", "T=ab\ncd\nef"];
    check(&[
        (
            "${M#*}|${M##*}|${M%*}|${M%%*}",
            env,
            "a\nb|\nb|a\nb|a\n",
            &["M"],
            &[],
        ),
        (
            "${M#?}|${M#??}|${M#?$NL}",
            env,
            "\nb|a\nb|b",
            &["M", "NL"],
            &[],
        ),
        (
            "${M//?/x}|${M/*/x}|${M/$NL/-}",
            env,
            "x\nx|x\nb|a-b",
            &["M", "NL"],
            &[],
        ),
        ("${T//*b${NL}c*/X}", env, "X\nef", &["NL", "T"], &[]),
        ("${T//?$NL?/-}", env, "a--f", &["NL", "T"], &[]),
        // Stars cannot cross a newline, so even `##` and `%%` stop at the nearest one.
        (
            "${T##*$NL}|${T%%$NL*}",
            env,
            "cd\nef|ab\ncd",
            &["NL", "T"],
            &[],
        ),
        (
            "${T#*$NL}|${T%$NL*}",
            env,
            "cd\nef|ab\ncd",
            &["NL", "T"],
            &[],
        ),
    ]);
}

#[test]
fn replace() {
    check(&[
        (
            "${FOO/$NEEDLE/.} - ${FOO//$NEEDLE/.}",
            &["FOO=/foo*/*/*.txt", "NEEDLE=\\*/"],
            "/foo.*/*.txt - /foo..*.txt",
            &["FOO", "NEEDLE"],
            &[],
        ),
        (
            "${FOO/$NEEDLE/} - ${FOO//$NEEDLE/}",
            &["FOO=/tmp/tmp/bar.txt", "NEEDLE=/tmp"],
            "/tmp/bar.txt - /bar.txt",
            &["FOO", "NEEDLE"],
            &[],
        ),
        (
            "${FOO/$NEEDLE/$REPLACEMENT} - ${FOO//$NEEDLE/$REPLACEMENT}",
            &["FOO=/a/foo/b/c.txt", "NEEDLE=/?/", "REPLACEMENT=/"],
            "/foo/b/c.txt - /foo/c.txt",
            &["FOO", "NEEDLE", "REPLACEMENT"],
            &[],
        ),
        (
            "${FOO/$NEEDLE/$REPLACEMENT}",
            &[
                "FOO=http://google.de",
                "NEEDLE=http://",
                "REPLACEMENT=https://",
            ],
            "https://google.de",
            &["FOO", "NEEDLE", "REPLACEMENT"],
            &[],
        ),
        (
            "${FOO//\\//\\/}",
            &["FOO=/tmp/foo.txt"],
            "\\/tmp\\/foo.txt",
            &["FOO"],
            &[],
        ),
        (
            "${FOO/$BAR/ww}",
            &["FOO=xxyy", "BAR="],
            "wwxxyy",
            &["BAR", "FOO"],
            &[],
        ),
        ("${FOO///}", &["FOO=xxyy"], "xxyy", &["FOO"], &[]),
        ("${FOO///}", &[], "", &[], &["FOO"]),
        (
            "${FOO//$E/-}",
            &["FOO=xxyy", "E="],
            "-x-x-y-y-",
            &["E", "FOO"],
            &[],
        ),
        (
            "${FOO//x*y/Z}|${FOO/x/-}",
            &["FOO=axxyyb"],
            "aZb|a-xyyb",
            &["FOO"],
            &[],
        ),
        (
            "${FOO//y*/Z}|${FOO//*/Z}",
            &["FOO=axxyyb"],
            "axxZ|Z",
            &["FOO"],
            &[],
        ),
    ]);
}

/// Replacing every match goes through Go's `ReplaceAllString`, which expands `$0` in
/// the replacement; replacing the first match does not.
#[test]
fn replace_all_expands_match_references() {
    check(&[
        (
            "${FOO//x/$R}|${FOO/x/$R}",
            &["FOO=xxyy", "R=[$0]"],
            "[x][x]yy|[$0]xyy",
            &["FOO", "R"],
            &[],
        ),
        (
            "${FOO//x/$R}",
            &["FOO=xxyy", "R=${0}$1$$"],
            "x$x$yy",
            &["FOO", "R"],
            &[],
        ),
        ("${FOO//x/\\$0}", &["FOO=xy"], "\\xy", &["FOO"], &[]),
    ]);
}
