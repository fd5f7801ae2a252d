//! Build checks, one table row per case, written from BuildKit's
//! `frontend/dockerfile/dockerfile_lint_test.go`: the rule, the message and
//! the line BuildKit reports.

use dockerfile::{check, CheckInput, Diagnostic, LineIndex, Severity};

fn warnings(text: &str, input: &CheckInput) -> Vec<(String, String, usize)> {
    let index = LineIndex::new(text);
    check(text, input)
        .into_iter()
        .filter(|d: &Diagnostic| d.severity == Severity::Warning)
        .map(|d| (d.rule, d.message, index.line(d.span.start)))
        .collect()
}

fn expect(text: &str, input: &CheckInput, expected: &[(&str, &str, usize)]) {
    let got = warnings(text, input);
    let expected: Vec<(String, String, usize)> = expected
        .iter()
        .map(|(rule, message, line)| (rule.to_string(), message.to_string(), *line))
        .collect();
    assert_eq!(got, expected, "input {text:?}");
}

/// The warnings a case expects: rule name, message and line.
type Expected = Vec<(&'static str, &'static str, usize)>;

#[test]
fn rules_report_like_buildkit() {
    let none = CheckInput::default();
    let cases: Vec<(&str, Expected)> = vec![
        ("FROM scratch AS BadName\n", vec![("StageNameCasing", "Stage name 'BadName' should be lowercase", 1)]),
        ("FROM scratch as base\nFROM scratch AS other\n", vec![("FromAsCasing", "'as' and 'FROM' keywords' casing do not match", 1)]),
        ("from scratch AS base\n", vec![("FromAsCasing", "'AS' and 'from' keywords' casing do not match", 1)]),
        ("FROM scratch\nmaintainer me\n", vec![
            ("MaintainerDeprecated", "Maintainer instruction is deprecated in favor of using label", 2),
            ("ConsistentInstructionCasing", "Command 'maintainer' should match the case of the command majority (uppercase)", 2),
        ]),
        ("FROM scratch\nCOPY Dockerfile \\\n\n  .\n", vec![("NoEmptyContinuation", "Empty continuation line", 4)]),
        ("FROM scratch AS a\nFROM scratch AS a\n", vec![("DuplicateStageName", "Duplicate stage name \"a\", stage names should be unique", 2)]),
        ("FROM scratch AS context\n", vec![("ReservedStageName", "Stage name should not use the same name as reserved stage \"context\"", 1)]),
        ("FROM scratch\nCMD mycommand\n", vec![("JSONArgsRecommended", "JSON arguments recommended for CMD to prevent unintended behavior related to OS signals", 2)]),
        ("FROM scratch\nSHELL [\"sh\", \"-c\"]\nENTRYPOINT mycommand\n", vec![]),
        ("FROM scratch\nentrypoint mycommand\n", vec![
            ("ConsistentInstructionCasing", "Command 'entrypoint' should match the case of the command majority (uppercase)", 2),
            ("JSONArgsRecommended", "JSON arguments recommended for entrypoint to prevent unintended behavior related to OS signals", 2),
        ]),
        ("FROM $BULIDPLATFORM\n", vec![
            ("InvalidDefaultArgInFrom", "Default value for ARG $BULIDPLATFORM results in empty or invalid base image name", 1),
            ("UndefinedArgInFrom", "FROM argument 'BULIDPLATFORM' is not declared (did you mean BUILDPLATFORM?)", 1),
        ]),
        ("FROM scratch\nWORKDIR app/\nWORKDIR other\n", vec![("WorkdirRelativePath", "Relative workdir \"app/\" can have unexpected results if the base image changes", 2)]),
        ("FROM alpine\nENV PATH=$PAHT:/bin\n", vec![("UndefinedVar", "Usage of undefined variable '$PAHT' (did you mean $PATH?)", 2)]),
        ("FROM alpine\nARG foo\nCOPY $foo /x\n", vec![]),
        ("FROM alpine\nCOPY $bar /x\n", vec![("UndefinedVar", "Usage of undefined variable '$bar'", 2)]),
        ("FROM scratch\nCMD [\"a\"]\nCMD [\"b\"]\n", vec![("MultipleInstructionsDisallowed", "Multiple CMD instructions should not be used in the same stage because only the last one will be used", 2)]),
        ("FROM scratch\nENV foo value\n", vec![("LegacyKeyValueFormat", "\"ENV key=value\" should be used instead of legacy \"ENV key value\" format", 2)]),
        ("FROM scratch\nLABEL foo value\n", vec![("LegacyKeyValueFormat", "\"LABEL key=value\" should be used instead of legacy \"LABEL key value\" format", 2)]),
        ("FROM --platform=${TARGETPLATFORM} scratch\n", vec![("RedundantTargetPlatform", "Setting platform to predefined ${TARGETPLATFORM} in FROM is redundant as this is the default behavior", 1)]),
        ("FROM scratch\nARG SECRET_PASSPHRASE\nENV GITHUB_TOKEN=x\nENV PUBLIC_KEY=x\n", vec![
            ("SecretsUsedInArgOrEnv", "Do not use ARG or ENV instructions for sensitive data (ARG \"SECRET_PASSPHRASE\")", 2),
            ("SecretsUsedInArgOrEnv", "Do not use ARG or ENV instructions for sensitive data (ENV \"GITHUB_TOKEN\")", 3),
        ]),
        ("FROM scratch\nARG API_KEY\n", vec![("SecretsUsedInArgOrEnv", "Do not use ARG or ENV instructions for sensitive data (ARG \"API_KEY\")", 2)]),
        ("ARG TAG\nFROM busybox:${TAG}\n", vec![("InvalidDefaultArgInFrom", "Default value for ARG busybox:${TAG} results in empty or invalid base image name", 2)]),
        ("ARG TAG=latest\nFROM busybox:${TAG}\n", vec![]),
        ("FROM --platform=linux/amd64 scratch AS build\n", vec![("FromPlatformFlagConstDisallowed", "FROM --platform flag should not use constant value \"linux/amd64\"", 1)]),
        ("FROM --platform=linux/amd64 scratch AS build_amd64\n", vec![]),
        ("FROM scratch\nEXPOSE 80/TcP\n", vec![("ExposeProtoCasing", "Defined protocol '80/TcP' in EXPOSE instruction should be lowercase", 2)]),
        ("FROM scratch\nEXPOSE 127.0.0.1:80:80\n", vec![("ExposeInvalidFormat", "EXPOSE instruction should not define an IP address or host-port mapping, found '127.0.0.1:80:80'", 2)]),
        ("FROM scratch\nEXPOSE 5000:5000\n", vec![("ExposeInvalidFormat", "EXPOSE instruction should not define an IP address or host-port mapping, found '5000:5000'", 2)]),
        ("FROM scratch\nEXPOSE 1.2.3:80:80\n", vec![("ExposeInvalidFormat", "EXPOSE instruction should not define an IP address or host-port mapping, found '1.2.3:80:80'", 2)]),
        ("FROM scratch as base extra\n", vec![("FromAsCasing", "'as' and 'FROM' keywords' casing do not match", 1)]),
        ("FROM a b Cee\n", vec![
            ("FromAsCasing", "'b' and 'FROM' keywords' casing do not match", 1),
            ("StageNameCasing", "Stage name 'Cee' should be lowercase", 1),
        ]),
        ("FROM alpine\nENV A=1 B=$A\n", vec![("UndefinedVar", "Usage of undefined variable '$A'", 2)]),
        ("FROM alpine\nENV A=1 \\\n  B=$UNDEF\n", vec![("UndefinedVar", "Usage of undefined variable '$UNDEF'", 2)]),
        ("FROM alpine\nENV ab=1\nENV aa=2\nCOPY $ac /x\n", vec![("UndefinedVar", "Usage of undefined variable '$ac' (did you mean $ab?)", 4)]),
        ("FROM alpine\nENV ab=1\nENV aa=2\nENV ab=3\nCOPY $ac /x\n", vec![("UndefinedVar", "Usage of undefined variable '$ac' (did you mean $aa?)", 5)]),
        ("FROM alpine\nEXPOSE $PORT\n", vec![]),
        ("FROM alpine AS base\nSHELL [\"bash\", \"-c\"]\nFROM base\nCMD x\n", vec![]),
        ("FROM alpine AS base\nWORKDIR /app\nFROM base\nWORKDIR sub\n", vec![]),
        ("FROM scratch\nHEALTHCHECK NONE\nHEALTHCHECK NONE\nENTRYPOINT [\"a\"]\nentrypoint [\"b\"]\n", vec![
            ("MultipleInstructionsDisallowed", "Multiple HEALTHCHECK instructions should not be used in the same stage because only the last one will be used", 2),
            ("MultipleInstructionsDisallowed", "Multiple entrypoint instructions should not be used in the same stage because only the last one will be used", 4),
            ("ConsistentInstructionCasing", "Command 'entrypoint' should match the case of the command majority (uppercase)", 5),
        ]),
        ("FROM scratch AS scratch\n", vec![("ReservedStageName", "Stage name should not use the same name as reserved stage \"scratch\"", 1)]),
        ("FROM --platform=$BULIDPLATFORM scratch\n", vec![("UndefinedArgInFrom", "FROM argument 'BULIDPLATFORM' is not declared (did you mean BUILDPLATFORM?)", 1)]),
        ("FROM --platform=$TARGETPLATFORM scratch\n", vec![("RedundantTargetPlatform", "Setting platform to predefined $TARGETPLATFORM in FROM is redundant as this is the default behavior", 1)]),
        ("FROM scratch\nENV SUPER_Secret=foo\nENV password=bar secret=baz\nARG super_duper_secret_token=foo auth=bar\nENV git_key=\n", vec![
            ("SecretsUsedInArgOrEnv", "Do not use ARG or ENV instructions for sensitive data (ENV \"SUPER_Secret\")", 2),
            ("SecretsUsedInArgOrEnv", "Do not use ARG or ENV instructions for sensitive data (ENV \"password\")", 3),
            ("SecretsUsedInArgOrEnv", "Do not use ARG or ENV instructions for sensitive data (ENV \"secret\")", 3),
            ("SecretsUsedInArgOrEnv", "Do not use ARG or ENV instructions for sensitive data (ARG \"super_duper_secret_token\")", 4),
            ("SecretsUsedInArgOrEnv", "Do not use ARG or ENV instructions for sensitive data (ARG \"auth\")", 4),
            ("SecretsUsedInArgOrEnv", "Do not use ARG or ENV instructions for sensitive data (ENV \"git_key\")", 5),
        ]),
    ];
    for (text, expected) in cases {
        expect(text, &none, &expected);
    }
}

#[test]
fn copy_ignored_file() {
    let input = CheckInput {
        dockerignore: Some("*/tmp/*\nDockerfile\n".into()),
        ..CheckInput::default()
    };
    let text = "FROM scratch\nCOPY ./tmp/helloworld.txt /helloworld.txt\nADD Dockerfile /x\nCOPY ./forever/a /a\nCOPY --from=alpine ./tmp/x /x\n";
    expect(text, &input, &[
        ("CopyIgnoredFile", "Attempting to Copy file \"./tmp/helloworld.txt\" that is excluded by .dockerignore", 2),
        ("CopyIgnoredFile", "Attempting to Add file \"Dockerfile\" that is excluded by .dockerignore", 3),
    ]);
}

#[test]
fn experimental_rule_needs_opt_in() {
    let text = "FROM scratch\n# bar this is the bar\nARG foo\n";
    expect(text, &CheckInput::default(), &[]);
    let enabled = format!("# check=experimental=InvalidDefinitionDescription\n{text}");
    expect(
        &enabled,
        &CheckInput::default(),
        &[(
            "InvalidDefinitionDescription",
            "Comment for ARG should follow the format: `# foo <description>`",
            4,
        )],
    );
    let good = "# check=experimental=all\nFROM scratch\n# foo this is foo\nARG foo\n# base is the base\nFROM scratch AS base\n";
    expect(good, &CheckInput::default(), &[]);
}

#[test]
fn check_directive_controls_rules() {
    let text = "# check=skip=JSONArgsRecommended,StageNameCasing\nFROM scratch AS Bad\nCMD x\n";
    expect(text, &CheckInput::default(), &[]);
    let all = "# check=skip=all\nFROM scratch as Bad\nCMD x\n";
    expect(all, &CheckInput::default(), &[]);
    let fatal = "# check=error=true\nFROM scratch\nCMD x\n";
    let diagnostics = check(fatal, &CheckInput::default());
    let errors: Vec<&str> = diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .map(|d| d.message.as_str())
        .collect();
    assert_eq!(
        errors,
        ["lint violation found for rules: JSONArgsRecommended"]
    );
    let bad = "# check=error=maybe\nFROM scratch\n";
    let diagnostics = check(bad, &CheckInput::default());
    assert_eq!(diagnostics[0].message, "failed to parse check options: failed to parse check option \"error=maybe\": strconv.ParseBool: parsing \"maybe\": invalid syntax");
}

#[test]
fn check_build_arg_replaces_directive() {
    let with_arg = |value: &str| CheckInput {
        build_args: [("BUILDKIT_DOCKERFILE_CHECK".to_owned(), value.to_owned())].into(),
        ..CheckInput::default()
    };
    let text = "#check=skip=all\nFROM scratch as base\ncopy Dockerfile .\n";
    let input = with_arg("skip=ConsistentInstructionCasing;error=true");
    expect(
        text,
        &input,
        &[(
            "FromAsCasing",
            "'as' and 'FROM' keywords' casing do not match",
            2,
        )],
    );
    let errors: Vec<String> = check(text, &input)
        .into_iter()
        .filter(|d| d.severity == Severity::Error)
        .map(|d| d.message)
        .collect();
    assert_eq!(errors, ["lint violation found for rules: FromAsCasing"]);

    let strict = "#check=error=true\nFROM scratch as base\ncopy Dockerfile .\n";
    assert_eq!(check(strict, &with_arg("skip=all")), []);
    let bad = check("FROM scratch\n", &with_arg("nonsense"));
    assert_eq!(
        bad[0].message,
        "failed to parse build-arg:BUILDKIT_DOCKERFILE_CHECK: invalid check option \"nonsense\""
    );
}

#[test]
fn unused_stages_only_without_target() {
    let text = "FROM alpine AS unused\nCMD echo a\nFROM alpine AS used\nRUN true\n";
    expect(text, &CheckInput::default(), &[(
        "JSONArgsRecommended",
        "JSON arguments recommended for CMD to prevent unintended behavior related to OS signals",
        2,
    )]);
    let target = CheckInput {
        target: Some("used".into()),
        ..CheckInput::default()
    };
    expect(text, &target, &[]);
    let parse_time = "FROM alpine AS Unused\nFROM alpine AS used\n";
    expect(
        parse_time,
        &target,
        &[(
            "StageNameCasing",
            "Stage name 'Unused' should be lowercase",
            1,
        )],
    );
}

#[test]
fn check_goes_on_after_errors() {
    let text = "FROM alpine\nRUNN x\nCOPY --bad a b\nCMD x\n";
    let diagnostics = check(text, &CheckInput::default());
    let rules: Vec<&str> = diagnostics.iter().map(|d| d.rule.as_str()).collect();
    assert_eq!(
        rules,
        ["UnknownInstruction", "InvalidFlag", "JSONArgsRecommended"]
    );
}
