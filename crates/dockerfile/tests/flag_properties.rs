//! Property tests for instruction flags and `RUN --mount` values: generated
//! flag words and mount values never panic the readers, and the values
//! that should read do read, with BuildKit's defaults.

use dockerfile::instructions::flags::{FlagKind, Flags};
use dockerfile::instructions::mount::{check_unexpanded, parse_mount, MountType};
use dockerfile::instructions::values::csv_fields;
use proptest::prelude::*;

/// The flags COPY declares, with their kinds, as BuildKit's `parseCopy`.
const COPY_FLAGS: [(&str, FlagKind); 6] = [
    ("chown", FlagKind::String),
    ("from", FlagKind::String),
    ("chmod", FlagKind::String),
    ("link", FlagKind::Bool),
    ("exclude", FlagKind::Strings),
    ("parents", FlagKind::Bool),
];

fn copy_flags() -> Flags {
    let mut flags = Flags::default();
    for (name, kind) in COPY_FLAGS {
        flags.declare(name, kind, "");
    }
    flags
}

/// Generates a flag word: a known or unknown name with no value, an empty
/// value, a boolean in any case or a short text. Some words lack a dash or
/// both.
fn flag_word() -> impl Strategy<Value = String> {
    let name = prop_oneof![
        prop::sample::select(COPY_FLAGS.iter().map(|(name, _)| *name).collect::<Vec<_>>())
            .prop_map(str::to_owned),
        "[a-z-]{1,8}",
    ];
    let value = prop_oneof![
        Just(None),
        Just(Some(String::new())),
        prop::sample::select(vec!["true", "FALSE", "True", "yes"]).prop_map(|v| Some(v.to_owned())),
        "[ -~]{0,6}".prop_map(Some),
    ];
    let dashes = prop::sample::select(vec!["--", "--", "--", "-", ""]);
    (dashes, name, value).prop_map(|(dashes, name, value)| match value {
        Some(value) => format!("{dashes}{name}={value}"),
        None => format!("{dashes}{name}"),
    })
}

/// Generates a mount field: a key from BuildKit's list or an unknown one
/// with a value, or a bare word.
fn mount_field() -> impl Strategy<Value = String> {
    let key = prop::sample::select(vec![
        "type",
        "from",
        "source",
        "target",
        "readonly",
        "id",
        "sharing",
        "required",
        "size",
        "mode",
        "uid",
        "gid",
        "src",
        "dst",
        "destination",
        "ro",
        "rw",
        "readwrite",
        "env",
        "TYPE",
        "Target",
        "xyz",
    ]);
    let value = prop_oneof![
        prop::sample::select(vec![
            "bind", "cache", "tmpfs", "secret", "ssh", "shared", "locked", "true", "0755", "64m",
            "1000", "/x", "$X", "",
        ])
        .prop_map(str::to_owned),
        "[ -~&&[^,\"]]{0,6}",
    ];
    prop_oneof![
        (key, value).prop_map(|(key, value)| format!("{key}={value}")),
        prop::sample::select(vec!["ro", "rw", "readonly", "required", "bogus"])
            .prop_map(str::to_owned),
    ]
}

fn mount_value() -> impl Strategy<Value = String> {
    prop::collection::vec(mount_field(), 0..6).prop_map(|fields| fields.join(","))
}

fn identity(word: &str) -> Result<String, String> {
    Ok(word.to_owned())
}

proptest! {
    #[test]
    fn flag_words_never_panic(words in prop::collection::vec(flag_word(), 0..6)) {
        let _ = copy_flags().parse(&words);
    }

    #[test]
    fn known_string_flags_read_their_value(value in "[ -~]{0,12}") {
        let mut flags = copy_flags();
        prop_assert_eq!(flags.parse(&[format!("--from={value}")]), Ok(()));
        prop_assert_eq!(flags.given("from"), Some(value));
    }

    #[test]
    fn boolean_flags_take_any_case(upper in prop::collection::vec(any::<bool>(), 4)) {
        let value: String = "true"
            .chars()
            .zip(&upper)
            .map(|(c, up)| if *up { c.to_ascii_uppercase() } else { c })
            .collect();
        let mut flags = copy_flags();
        prop_assert_eq!(flags.parse(&[format!("--link={value}")]), Ok(()));
        prop_assert!(flags.is_true("link"));
    }

    #[test]
    fn unknown_flags_name_the_flag(name in "[q-z]{4,8}") {
        let error = copy_flags().parse(&[format!("--{name}=1")]).unwrap_err();
        prop_assert!(error.message.starts_with(&format!("unknown flag: --{name}")), "{}", error.message);
        prop_assert_eq!(error.index, 0);
    }

    #[test]
    fn mount_values_never_panic(value in mount_value()) {
        let _ = check_unexpanded(&value);
        let _ = parse_mount(&value, &mut identity);
    }

    #[test]
    fn arbitrary_mount_text_never_panics(value in "\\PC{0,40}") {
        let _ = check_unexpanded(&value);
        let _ = parse_mount(&value, &mut identity);
    }

    #[test]
    fn mounts_default_read_only_by_type(kind in prop::sample::select(vec!["bind", "cache", "tmpfs", "secret", "ssh"])) {
        let mount = parse_mount(&format!("type={kind},target=/t"), &mut identity).unwrap();
        let writable = matches!(mount.kind, MountType::Cache | MountType::Tmpfs);
        prop_assert_eq!(mount.read_only, !writable, "type {}", kind);
        prop_assert_eq!(mount.kind.as_str(), kind);
    }

    #[test]
    fn plain_fields_split_on_commas(fields in prop::collection::vec("[a-z=/]{1,6}", 1..6)) {
        let joined = fields.join(",");
        prop_assert_eq!(csv_fields(&joined).unwrap(), fields);
    }
}
