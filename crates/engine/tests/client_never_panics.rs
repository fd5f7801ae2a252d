//! Property tests: no input makes the line splitter, the flag parser, the
//! command resolver or the value parsers panic.

use engine::client::argv::{split_line, split_words};
use engine::client::spec::{self, parse_command_line};
use engine::{reference, units};
use proptest::prelude::*;
use shared_sort::SortedMap;

/// Words that look like what users type: command names, flags in every form,
/// values and odd characters.
fn word() -> impl Strategy<Value = String> {
    prop_oneof![
        prop::sample::select(vec![
            "run",
            "ps",
            "container",
            "image",
            "ls",
            "build",
            "search",
            "help",
            "exec",
            "network",
            "volume",
            "system",
            "context",
            "swarm",
            "-",
            "--",
            "-it",
            "-dit",
            "-p8080:80",
            "-m",
            "-m64m",
            "--rm",
            "--rm=false",
            "--name",
            "--name=",
            "-h",
            "--help",
            "-v",
            "-D",
            "-H",
            "--filter",
            "-f",
            "--stars",
            "-s",
            "---x",
            "--=x",
            "-=",
            "-é",
            "--cpus",
            "1.5",
            "--memory-swap",
            "-1",
            "--sysctl",
            "a=b",
            "--platform",
            "\"a,b\"",
            "alpine",
            "nginx",
            "--",
            "-n",
            "x",
        ])
        .prop_map(str::to_string),
        "-{1,2}[a-zA-Z=é\"-]{0,6}",
        "[ -~]{0,12}",
        any::<String>(),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 2000, .. ProptestConfig::default() })]

    #[test]
    fn splitter_never_panics(line in any::<String>()) {
        let mut variables = SortedMap::new();
        variables.insert("HOME".to_string(), "/root".to_string());
        variables.insert("X".to_string(), "a b".to_string());
        let _ = split_line(&line, &variables);
        let _ = split_words(&line, &variables);
    }

    #[test]
    fn shell_like_lines_never_panic(line in "[a-z$'\"\\\\{}()|&;<># ~=\t\n-]{0,40}") {
        let variables: SortedMap<String, String> = SortedMap::new();
        let _ = split_line(&line, &variables);
    }

    #[test]
    fn command_lines_never_panic(words in prop::collection::vec(word(), 0..8)) {
        let _ = parse_command_line(&words);
    }

    #[test]
    fn every_flag_set_survives_random_words(words in prop::collection::vec(word(), 0..8)) {
        for path in spec::simulated_paths() {
            if let Some(command) = spec::find(&path) {
                let _ = command.flag_set().parse(&words);
            }
        }
    }

    #[test]
    fn value_parsers_never_panic(text in any::<String>()) {
        let _ = reference::parse(&text);
        let _ = reference::parse_normalized_named(&text);
        let _ = reference::parse_any_reference(&text);
        let _ = units::ram_in_bytes(&text);
        let _ = units::from_human_size(&text);
        let _ = units::GoDuration::parse(&text);
        let _ = engine::strconv::parse_float(&text);
        let _ = engine::strconv::parse_int(&text, 64);
    }

    #[test]
    fn numeric_text_never_panics(text in "[-+0-9.eExXpP_a-f ]{0,24}[kmgtpKMGTPbBi ]{0,4}") {
        let _ = units::ram_in_bytes(&text);
        let _ = units::GoDuration::parse(&text);
        let _ = engine::strconv::parse_float(&text);
        let _ = engine::strconv::parse_uint(&text, 16);
    }
}

#[test]
fn every_command_renders_help() {
    for path in spec::simulated_paths() {
        let help = engine::client::help::command_help(&path);
        assert!(
            help.is_some_and(|text| text.starts_with("\nUsage:  ")),
            "help of {path:?}"
        );
    }
}
