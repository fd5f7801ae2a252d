//! BuildKit's build-check rules: names, descriptions, documentation
//! addresses, experimental status and message formats, as
//! `frontend/dockerfile/linter/ruleset.go` declares them.
//!
//! The rules follow ruleset.go at moby/buildkit b3edecb7, the newest
//! version of that file found, and two later sources. The rule index
//! `frontend/dockerfile/docs/rules/_index.md` at d6c82c60 adds
//! ExposeInvalidFormat, which `convert_expose.go` at e269a8a3 reports. The
//! build-check reference pages on docs.docker.com, which are generated from
//! the ruleset, mark only InvalidDefinitionDescription experimental, so
//! CopyIgnoredFile runs by default here. Each rule's doc comment names the
//! BuildKit source that runs it.

/// One build-check rule.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Rule {
    /// The rule name, as `# check=skip=` names it.
    pub name: &'static str,
    /// BuildKit's one-line description.
    pub description: &'static str,
    /// The documentation address, empty when BuildKit gives none.
    pub url: &'static str,
    /// Experimental rules run only when `# check=experimental=` names them.
    pub experimental: bool,
}

macro_rules! rule {
    ($(#[$doc:meta])* $const:ident, $name:literal, $slug:literal, $description:literal) => {
        rule!($(#[$doc])* $const, $name, $slug, $description, false);
    };
    ($(#[$doc:meta])* $const:ident, $name:literal, $slug:literal, $description:literal, $experimental:literal) => {
        #[doc = $description]
        ///
        $(#[$doc])*
        pub const $const: Rule = Rule {
            name: $name,
            description: $description,
            url: concat!("https://docs.docker.com/go/dockerfile/rule/", $slug, "/"),
            experimental: $experimental,
        };
    };
}

rule!(
    /// Reported by `instructions/parse.go` (`ParseInstructionWithLinter`)
    /// for a FROM with three arguments, used or not.
    STAGE_NAME_CASING,
    "StageNameCasing",
    "stage-name-casing",
    "Stage names should be lowercase"
);
rule!(
    /// Reported by `instructions/parse.go` (`doesFromCaseMatchAsCase`) for a
    /// FROM with three or more arguments, used or not.
    FROM_AS_CASING,
    "FromAsCasing",
    "from-as-casing",
    "The 'as' keyword should match the case of the 'from' keyword"
);
rule!(
    /// Reported by `dockerfile2llb/convert.go` (`toDispatchState`) for each
    /// empty continuation line warning of the parser (`parser/parser.go`).
    NO_EMPTY_CONTINUATION,
    "NoEmptyContinuation",
    "no-empty-continuation",
    "Empty continuation lines will become errors in a future release"
);
rule!(
    /// Reported by `dockerfile2llb/convert.go` (`validateCommandCasing`) over
    /// every stage, used or not.
    CONSISTENT_INSTRUCTION_CASING,
    "ConsistentInstructionCasing",
    "consistent-instruction-casing",
    "All commands within the Dockerfile should use the same casing (either upper or lower)"
);
rule!(
    /// Reported by `dockerfile2llb/convert.go` (`validateStageNames`) over
    /// every stage, used or not.
    DUPLICATE_STAGE_NAME,
    "DuplicateStageName",
    "duplicate-stage-name",
    "Stage names should be unique"
);
rule!(
    /// Reported by `dockerfile2llb/convert.go` (`validateStageNames`) for the
    /// names `context` and `scratch`, over every stage.
    RESERVED_STAGE_NAME,
    "ReservedStageName",
    "reserved-stage-name",
    "Reserved words should not be used as stage names"
);
rule!(
    /// Reported by `dockerfile2llb/convert.go` (`dispatchCmd`,
    /// `dispatchEntrypoint`) for shell form without a SHELL, in dispatched
    /// stages.
    JSON_ARGS_RECOMMENDED,
    "JSONArgsRecommended",
    "json-args-recommended",
    "JSON arguments recommended for ENTRYPOINT/CMD to prevent unintended behavior related to OS signals"
);
rule!(
    /// Reported by `instructions/parse.go` (`ParseInstructionWithLinter`) for
    /// every MAINTAINER, used or not.
    MAINTAINER_DEPRECATED,
    "MaintainerDeprecated",
    "maintainer-deprecated",
    "The MAINTAINER instruction is deprecated, use a label instead to define an image author"
);
rule!(
    /// Reported by `dockerfile2llb/convert.go` (`reportUnusedFromArgs`) for
    /// the base name and `--platform` of every FROM.
    UNDEFINED_ARG_IN_FROM,
    "UndefinedArgInFrom",
    "undefined-arg-in-from",
    "FROM command must use declared ARGs"
);
rule!(
    /// Reported by `dockerfile2llb/convert.go` (`dispatchWorkdir`) for the
    /// first WORKDIR of a stage and its bases, in dispatched stages.
    WORKDIR_RELATIVE_PATH,
    "WorkdirRelativePath",
    "workdir-relative-path",
    "Relative workdir without an absolute workdir declared within the build can have unexpected results if the base image changes"
);
rule!(
    /// Reported by `dockerfile2llb/convert.go` (`reportUnmatchedVariables`)
    /// while words are expanded, in dispatched stages.
    UNDEFINED_VAR,
    "UndefinedVar",
    "undefined-var",
    "Variables should be defined before their use"
);
rule!(
    /// Reported by `dockerfile2llb/convert.go` (`validateUsedOnce`) for CMD,
    /// ENTRYPOINT and HEALTHCHECK, in dispatched stages.
    MULTIPLE_INSTRUCTIONS_DISALLOWED,
    "MultipleInstructionsDisallowed",
    "multiple-instructions-disallowed",
    "Multiple instructions of the same type should not be used in the same stage"
);
rule!(
    /// Reported by `dockerfile2llb/convert.go` (`dispatchEnv`,
    /// `dispatchLabel`), in dispatched stages.
    LEGACY_KEY_VALUE_FORMAT,
    "LegacyKeyValueFormat",
    "legacy-key-value-format",
    "Legacy key/value format with whitespace separator should not be used"
);
rule!(
    /// Reported by `dockerfile2llb/convert.go`
    /// (`reportRedundantTargetPlatform`) for every FROM.
    REDUNDANT_TARGET_PLATFORM,
    "RedundantTargetPlatform",
    "redundant-target-platform",
    "Setting platform to predefined $TARGETPLATFORM in FROM is redundant as this is the default behavior"
);
rule!(
    /// Reported by `dockerfile2llb/convert.go` (`validateNoSecretKey`) for ENV
    /// and ARG keys, in dispatched stages.
    SECRETS_USED_IN_ARG_OR_ENV,
    "SecretsUsedInArgOrEnv",
    "secrets-used-in-arg-or-env",
    "Sensitive data should not be used in the ARG or ENV commands"
);
rule!(
    /// Reported by `dockerfile2llb/convert.go`
    /// (`validateBaseImagesWithDefaultArgs`) for every FROM.
    INVALID_DEFAULT_ARG_IN_FROM,
    "InvalidDefaultArgInFrom",
    "invalid-default-arg-in-from",
    "Default value for global ARG results in an empty or invalid base image name"
);
rule!(
    /// Reported by `dockerfile2llb/convert.go`
    /// (`reportConstPlatformDisallowed`) for every FROM.
    FROM_PLATFORM_FLAG_CONST_DISALLOWED,
    "FromPlatformFlagConstDisallowed",
    "from-platform-flag-const-disallowed",
    "FROM --platform flag should not use a constant value"
);
rule!(
    /// Reported by `dockerfile2llb/convert.go` (`validateCopySourcePath`) for
    /// the local sources of ADD and of COPY without `--from`, in dispatched
    /// stages. Experimental in ruleset.go at b3edecb7; the newest
    /// docs.docker.com reference page no longer marks it so.
    COPY_IGNORED_FILE,
    "CopyIgnoredFile",
    "copy-ignored-file",
    "Attempting to Copy file that is excluded by .dockerignore"
);
rule!(
    /// Reported by `instructions/parse.go` (`validateDefinitionDescription`)
    /// for a named FROM and an ARG with a comment right above, used or not.
    INVALID_DEFINITION_DESCRIPTION,
    "InvalidDefinitionDescription",
    "invalid-definition-description",
    "Comment for build stage or argument should follow the format: `# <arg/stage name> <description>`. If this is not intended to be a description comment, add an empty line or comment between the instruction and the comment.",
    true
);
rule!(
    /// Reported by `dockerfile2llb/convert_expose.go` (`parsePort`), in
    /// dispatched stages.
    EXPOSE_PROTO_CASING,
    "ExposeProtoCasing",
    "expose-proto-casing",
    "Protocol in EXPOSE instruction should be lowercase"
);
rule!(
    /// Reported by `dockerfile2llb/convert_expose.go` (`parsePort`), in
    /// dispatched stages.
    EXPOSE_INVALID_FORMAT,
    "ExposeInvalidFormat",
    "expose-invalid-format",
    "IP address and host-port mapping should not be used in EXPOSE instruction. This will become an error in a future release"
);

/// BuildKit's InvalidBaseImagePlatform rule, which
/// `dockerfile2llb/convert.go` (`validateBaseImagePlatform`) reports when a
/// pulled base image has another platform than the stage. It needs the
/// base image's configuration, which only a builder with an image store
/// has, so the checks in this crate never report it. BuildKit gives it no
/// documentation address.
pub const INVALID_BASE_IMAGE_PLATFORM: Rule = Rule {
    name: "InvalidBaseImagePlatform",
    description: "Base image platform does not match expected target platform",
    url: "",
    experimental: false,
};

/// Every rule, in BuildKit's declaration order.
pub const ALL: [Rule; 22] = [
    STAGE_NAME_CASING,
    FROM_AS_CASING,
    NO_EMPTY_CONTINUATION,
    CONSISTENT_INSTRUCTION_CASING,
    DUPLICATE_STAGE_NAME,
    RESERVED_STAGE_NAME,
    JSON_ARGS_RECOMMENDED,
    MAINTAINER_DEPRECATED,
    UNDEFINED_ARG_IN_FROM,
    WORKDIR_RELATIVE_PATH,
    UNDEFINED_VAR,
    MULTIPLE_INSTRUCTIONS_DISALLOWED,
    LEGACY_KEY_VALUE_FORMAT,
    INVALID_BASE_IMAGE_PLATFORM,
    REDUNDANT_TARGET_PLATFORM,
    SECRETS_USED_IN_ARG_OR_ENV,
    INVALID_DEFAULT_ARG_IN_FROM,
    FROM_PLATFORM_FLAG_CONST_DISALLOWED,
    COPY_IGNORED_FILE,
    INVALID_DEFINITION_DESCRIPTION,
    EXPOSE_PROTO_CASING,
    EXPOSE_INVALID_FORMAT,
];

/// Message formats, word for word as BuildKit's `Format` functions.
pub mod message {
    /// InvalidBaseImagePlatform: the image, the platform expected and the
    /// platform the image has.
    pub fn invalid_base_image_platform(image: &str, expected: &str, actual: &str) -> String {
        format!(
            "Base image {image} was pulled with platform {}, expected {} for current build",
            crate::parser::go::quote(actual),
            crate::parser::go::quote(expected)
        )
    }

    /// StageNameCasing.
    pub fn stage_name_casing(name: &str) -> String {
        format!("Stage name '{name}' should be lowercase")
    }

    /// FromAsCasing: the `AS` keyword and the `FROM` keyword as written.
    pub fn from_as_casing(from: &str, as_keyword: &str) -> String {
        format!("'{as_keyword}' and '{from}' keywords' casing do not match")
    }

    /// ConsistentInstructionCasing.
    pub fn consistent_instruction_casing(command: &str, casing: &str) -> String {
        format!("Command '{command}' should match the case of the command majority ({casing})")
    }

    /// DuplicateStageName.
    pub fn duplicate_stage_name(name: &str) -> String {
        format!(
            "Duplicate stage name {}, stage names should be unique",
            crate::parser::go::quote(name)
        )
    }

    /// ReservedStageName.
    pub fn reserved_stage_name(name: &str) -> String {
        format!(
            "Stage name should not use the same name as reserved stage {}",
            crate::parser::go::quote(name)
        )
    }

    /// JSONArgsRecommended.
    pub fn json_args_recommended(instruction: &str) -> String {
        format!("JSON arguments recommended for {instruction} to prevent unintended behavior related to OS signals")
    }

    /// MaintainerDeprecated.
    pub fn maintainer_deprecated() -> String {
        "Maintainer instruction is deprecated in favor of using label".to_owned()
    }

    /// UndefinedArgInFrom, with an optional suggestion.
    pub fn undefined_arg_in_from(arg: &str, suggestion: Option<&str>) -> String {
        let mut out = format!("FROM argument '{arg}' is not declared");
        if let Some(suggestion) = suggestion {
            out.push_str(&format!(" (did you mean {suggestion}?)"));
        }
        out
    }

    /// WorkdirRelativePath.
    pub fn workdir_relative_path(workdir: &str) -> String {
        format!(
            "Relative workdir {} can have unexpected results if the base image changes",
            crate::parser::go::quote(workdir)
        )
    }

    /// UndefinedVar, with an optional suggestion.
    pub fn undefined_var(var: &str, suggestion: Option<&str>) -> String {
        let mut out = format!("Usage of undefined variable '${var}'");
        if let Some(suggestion) = suggestion {
            out.push_str(&format!(" (did you mean ${suggestion}?)"));
        }
        out
    }

    /// MultipleInstructionsDisallowed.
    pub fn multiple_instructions_disallowed(instruction: &str) -> String {
        format!("Multiple {instruction} instructions should not be used in the same stage because only the last one will be used")
    }

    /// LegacyKeyValueFormat.
    pub fn legacy_key_value_format(instruction: &str) -> String {
        format!("\"{instruction} key=value\" should be used instead of legacy \"{instruction} key value\" format")
    }

    /// RedundantTargetPlatform.
    pub fn redundant_target_platform(platform: &str) -> String {
        format!("Setting platform to predefined {platform} in FROM is redundant as this is the default behavior")
    }

    /// SecretsUsedInArgOrEnv.
    pub fn secrets_used_in_arg_or_env(instruction: &str, key: &str) -> String {
        format!(
            "Do not use ARG or ENV instructions for sensitive data ({instruction} {})",
            crate::parser::go::quote(key)
        )
    }

    /// InvalidDefaultArgInFrom.
    pub fn invalid_default_arg_in_from(base: &str) -> String {
        format!("Default value for ARG {base} results in empty or invalid base image name")
    }

    /// FromPlatformFlagConstDisallowed.
    pub fn from_platform_flag_const_disallowed(platform: &str) -> String {
        format!(
            "FROM --platform flag should not use constant value {}",
            crate::parser::go::quote(platform)
        )
    }

    /// CopyIgnoredFile: `Copy` or `Add`, and the source.
    pub fn copy_ignored_file(command: &str, file: &str) -> String {
        format!(
            "Attempting to {command} file {} that is excluded by .dockerignore",
            crate::parser::go::quote(file)
        )
    }

    /// InvalidDefinitionDescription.
    pub fn invalid_definition_description(instruction: &str, name: &str) -> String {
        format!("Comment for {instruction} should follow the format: `# {name} <description>`")
    }

    /// ExposeProtoCasing.
    pub fn expose_proto_casing(port: &str) -> String {
        format!("Defined protocol '{port}' in EXPOSE instruction should be lowercase")
    }

    /// ExposeInvalidFormat.
    pub fn expose_invalid_format(port: &str) -> String {
        format!("EXPOSE instruction should not define an IP address or host-port mapping, found '{port}'")
    }
}
