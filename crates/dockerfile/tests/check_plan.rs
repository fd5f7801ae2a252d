//! Stage planning: ARG and ENV scoping across stages, target selection,
//! `COPY --from` and `RUN --mount=from=` edges, and BuildKit's errors for
//! unknown targets and stages referred to before they are built.

use dockerfile::instructions::{ArgDeclaration, Command};
use dockerfile::plan::{plan, Base, DependencyKind, PlanInput, Source};
use shared_sort::SortedMap;

fn messages(text: &str, input: &PlanInput) -> Vec<String> {
    plan(text, input)
        .errors
        .into_iter()
        .map(|e| e.message)
        .collect()
}

#[test]
fn global_args_reach_only_from_lines() {
    let text =
        "ARG IMAGE=alpine\nARG V\nFROM ${IMAGE}\nARG IMAGE\nRUN echo $IMAGE\nENV X=${IMAGE}-${V}\n";
    let planned = plan(text, &PlanInput::default());
    assert!(planned.errors.is_empty(), "{:?}", planned.errors);
    let stage = &planned.plan.unwrap().stages[0];
    assert_eq!(stage.base, Base::Image("alpine".into()));
    assert_eq!(
        stage.steps[0].command,
        Command::Arg(vec![ArgDeclaration {
            name: "IMAGE".into(),
            default: Some("alpine".into())
        }])
    );
    let Command::Env(pairs) = &stage.steps[2].command else {
        panic!("not ENV")
    };
    assert_eq!(pairs[0].value, "alpine-");
    let undefined: Vec<String> = planned.warnings.iter().map(|w| w.message.clone()).collect();
    assert_eq!(undefined, ["Usage of undefined variable '$V'"]);
}

#[test]
fn build_args_override_defaults() {
    let text = "ARG TAG=1\nFROM alpine:$TAG\nARG MODE=debug\nENV M=$MODE P=$TARGETPLATFORM\nARG TARGETARCH\nENV A=$TARGETARCH\n";
    let input = PlanInput {
        build_args: SortedMap::from([
            ("TAG".into(), "3.20".into()),
            ("MODE".into(), "release".into()),
        ]),
        ..PlanInput::default()
    };
    let planned = plan(text, &input);
    let plan = planned.plan.unwrap();
    assert_eq!(plan.stages[0].base, Base::Image("alpine:3.20".into()));
    let Command::Env(pairs) = &plan.stages[0].steps[1].command else {
        panic!("not ENV")
    };
    assert_eq!(pairs[0].value, "release");
    assert_eq!(
        pairs[1].value, "",
        "TARGETPLATFORM is global and not declared in the stage"
    );
    let Command::Env(pairs) = &plan.stages[0].steps[3].command else {
        panic!("not ENV")
    };
    assert_eq!(pairs[0].value, "amd64");
}

#[test]
fn child_stage_inherits_env_and_args() {
    let text = "FROM alpine AS base\nARG A=1\nENV B=2\nFROM base\nENV C=$A$B\n";
    let plan = plan(text, &PlanInput::default()).plan.unwrap();
    assert_eq!(plan.stages[1].base, Base::Stage(0));
    let Command::Env(pairs) = &plan.stages[1].steps[0].command else {
        panic!("not ENV")
    };
    assert_eq!(pairs[0].value, "12");
}

#[test]
fn target_selects_needed_stages() {
    let text = "FROM alpine AS a\nFROM alpine AS b\nRUN --mount=from=a,target=/a true\nFROM alpine AS c\nCOPY --from=0 /x /x\nFROM b AS d\n";
    let plan = plan(text, &PlanInput::default()).plan.unwrap();
    assert_eq!(plan.target, 3);
    assert_eq!(plan.needed, [0, 1, 3]);
    assert_eq!(plan.stages[1].dependencies[0].source, Source::Stage(0));
    assert_eq!(
        plan.stages[1].dependencies[0].kind,
        DependencyKind::MountFrom
    );
    assert_eq!(
        plan.stages[2].dependencies[0].kind,
        DependencyKind::CopyFrom
    );
    let input = PlanInput {
        target: Some("C".into()),
        ..PlanInput::default()
    };
    let plan = dockerfile::plan::plan(text, &input).plan.unwrap();
    assert_eq!(plan.target, 2);
    assert_eq!(plan.needed, [0, 2]);
    assert!(!plan.stages[1].dispatched);
}

#[test]
fn copy_from_image_is_an_image_edge() {
    let plan = plan(
        "FROM scratch\nCOPY --from=nginx:latest /etc/nginx /etc/nginx\n",
        &PlanInput::default(),
    )
    .plan
    .unwrap();
    assert_eq!(plan.stages[0].base, Base::Scratch);
    assert_eq!(
        plan.stages[0].dependencies[0].source,
        Source::Image("nginx:latest".into())
    );
}

#[test]
fn planning_errors_in_buildkit_words() {
    let input = PlanInput {
        target: Some("nope".into()),
        ..PlanInput::default()
    };
    assert_eq!(
        messages("FROM alpine\n", &input),
        ["target stage \"nope\" could not be found"]
    );
    let misspelled = PlanInput {
        target: Some("biuld".into()),
        ..PlanInput::default()
    };
    assert_eq!(
        messages("FROM alpine AS build\nFROM alpine\n", &misspelled),
        ["target stage \"biuld\" could not be found (did you mean build?)"]
    );
    let cases = [
        ("FROM alpine AS a\nCOPY --from=b /x /x\nFROM alpine AS b\n", "cannot copy from stage \"b\", it needs to be defined before current stage \"a\""),
        ("FROM alpine\nCOPY --from=5 /x /x\n", "invalid stage index 5"),
        ("FROM busybox AS stage0\nCOPY --from=stage0 f1 /sub/\n", "circular dependency detected on stage: stage0"),
        ("FROM busybox\nCOPY --from=0 f1 /sub/\n", "circular dependency detected on stage: stage-0"),
        ("FROM busybox AS stage0\nCOPY --from=stage2 f1 /sub/\nFROM busybox AS stage1\nCOPY --from=stage0 f2 /sub/\nFROM busybox AS stage2\nCOPY --from=stage1 f2 /sub/\n", "circular dependency detected on stage: stage0"),
        ("ARG X\nFROM $X\n", "base name ($X) should not be blank"),
        ("RUN true\nFROM alpine\n", "no build stage in current context"),
        ("FROM alpine\nSTOPSIGNAL SIGFOO\n", "invalid signal: SIGFOO"),
        ("FROM alpine\nCOPY --chmod=77777 a b\n", "invalid chmod parameter: '77777'. it should be octal string and between 0 and 07777"),
        ("FROM alpine\nCOPY https://example.com/a /a\n", "source can't be a URL for COPY"),
        ("FROM alpine\nADD --checksum=sha256:0 a /a\n", "checksum requires HTTP(S) or Git sources"),
        ("FROM alpine\nADD --checksum=sha256:0 https://x/a https://x/b /a\n", "checksum can't be specified for multiple sources"),
        ("FROM alpine\nADD --checksum=sha256:abc https://x/y /y\n", "invalid checksum digest length"),
        ("FROM alpine\nADD --checksum=md5 https://x/y /y\n", "invalid checksum digest format"),
        ("FROM alpine\nCOPY https://github.com/a/b.git /x\n", "source can't be a git ref for COPY"),
        ("FROM alpine\nCOPY git@github.com:a/b.git /x\n", "source can't be a git ref for COPY"),
        ("FROM alpine\nADD --keep-git-dir=true https://x/y.git?keep-git-dir=false /y\n", "inconsistent keep-git-dir configuration"),
        ("FROM alpine\nADD --checksum=abc https://x/y.git?checksum=def /y\n", "checksum mismatch \"abc\" != \"def\""),
        ("FROM alpine\nADD https://x/y.git?foo=1 /y\n", "unexpected query \"foo\""),
        ("FROM alpine\nCOPY --chmod=x a b\n", "invalid syntax"),
        ("FROM alpine\nCOPY --chmod=9 a b\n", "invalid chmod parameter: '9'. it should be octal string and between 0 and 07777"),
        ("FROM alpine\nCOPY --from=$X a b\n", "variable expansion is not supported for --from, define a new stage with FROM using ARG from global scope as a workaround"),
        ("FROM alpine\nCOPY --from=${X:-a} a b\n", "variable expansion is not supported for --from, define a new stage with FROM using ARG from global scope as a workaround"),
        ("FROM alpine\nRUN --mount=type=cache,target=/ true\n", "invalid mount target \"/\""),
        ("FROM alpine\nRUN --mount=type=bind,source=. true\n", "invalid mount target \"/\""),
        ("FROM alpine\nRUN --mount=type=ssh,source=x true\n", "ssh does not support source"),
        ("FROM alpine AS a\nRUN --mount=from=b,target=/b true\nFROM alpine AS b\n", "cannot mount from stage \"b\" to \"/b\", stage needs to be defined before current command"),
        ("FROM alpine AS a\nRUN --mount=from=b,target=/b --mount=type=foo true\nFROM alpine AS b\n", "unsupported mount type \"foo\""),
        ("FROM --platform=$TARGETPLATFROM alpine\n", "empty platform value from expression $TARGETPLATFROM (did you mean TARGETPLATFORM?)"),
        ("FROM --platform=linux/$BUILDARH alpine\n", "failed to parse platform linux/$BUILDARH: \"\" is an invalid component of \"linux/\": platform specifier component must match \"^[A-Za-z0-9_.-]+$\": invalid argument (did you mean BUILDARCH?)"),
        ("FROM alpine AS base\nONBUILD COPY --bad a b\nFROM base\n", "unknown flag: --bad"),
        ("FROM alpine\nEXPOSE 1.2.3:80:80\n", "invalid IP address: 1.2.3"),
        ("FROM alpine\nRUN --mount=type=secret true\n", "invalid secret mount. one of source, target required"),
        ("FROM --platform=$NOPE alpine\n", "empty platform value from expression $NOPE"),
        ("FROM alpine\nEXPOSE 80/xyz\n", "invalid port: \"80/xyz\": invalid proto: xyz"),
    ];
    for (text, expected) in cases {
        let input = PlanInput {
            all_stages: true,
            ..PlanInput::default()
        };
        assert_eq!(messages(text, &input), [expected], "input {text:?}");
    }
}

#[test]
fn base_image_environment_and_triggers_apply() {
    use dockerfile::instructions::Command;
    use dockerfile::plan::{plan, BaseImage, PlanInput};

    let mut input = PlanInput::default();
    input.base_images.insert(
        "python:3.12-slim".to_string(),
        BaseImage {
            env: vec![
                (
                    "PATH".to_string(),
                    "/usr/local/bin:/usr/bin:/bin".to_string(),
                ),
                ("PYTHON_VERSION".to_string(), "3.12.7".to_string()),
            ],
            onbuild: vec!["COPY . /app".to_string()],
        },
    );
    let text = "FROM python:3.12-slim\nENV V=$PYTHON_VERSION P=$PATH\n";
    let planned = plan(text, &input);
    assert!(planned.errors.is_empty(), "{:?}", planned.errors);
    let steps = &planned.plan.unwrap().stages[0].steps;
    assert!(steps[0].onbuild, "the trigger runs first");
    assert!(matches!(steps[0].command, Command::Copy(_)));
    let Command::Env(pairs) = &steps[1].command else {
        panic!("ENV step expected")
    };
    assert_eq!(pairs[0].value, "3.12.7");
    assert_eq!(pairs[1].value, "/usr/local/bin:/usr/bin:/bin");
}

#[test]
fn env_expands_before_it_applies() {
    let text = "FROM alpine\nENV A=1\nENV A=2 B=$A\n";
    let planned = plan(text, &PlanInput::default());
    let stage = &planned.plan.unwrap().stages[0];
    let Command::Env(pairs) = &stage.steps[1].command else {
        panic!("not ENV")
    };
    assert_eq!(
        pairs[1].value, "1",
        "B takes the value A had before the line"
    );
    let unset = plan("FROM alpine\nENV A=1 B=$A\n", &PlanInput::default());
    let warnings: Vec<String> = unset.warnings.iter().map(|w| w.message.clone()).collect();
    assert_eq!(warnings, ["Usage of undefined variable '$A'"]);
}

#[test]
fn triggers_run_in_reachable_stages_only() {
    let text = "FROM alpine AS base\nONBUILD RUN make\nFROM base AS child\nFROM alpine AS last\n";
    let every = PlanInput {
        all_stages: true,
        ..PlanInput::default()
    };
    let plan = dockerfile::plan::plan(text, &every).plan.unwrap();
    assert!(plan.stages[1].dispatched);
    assert!(
        plan.stages[1].steps.is_empty(),
        "child is not needed by last"
    );
    let target = PlanInput {
        target: Some("child".into()),
        ..PlanInput::default()
    };
    let plan = dockerfile::plan::plan(text, &target).plan.unwrap();
    assert_eq!(plan.stages[1].steps.len(), 1);
    assert!(plan.stages[1].steps[0].onbuild);
}

#[test]
fn numeric_from_reaches_implicit_stages() {
    let text = "FROM alpine\nCOPY --from=busybox /a /a\nCOPY --from=1 /b /b\n";
    let planned = plan(text, &PlanInput::default());
    assert!(planned.errors.is_empty(), "{:?}", planned.errors);
    let stage = &planned.plan.unwrap().stages[0];
    assert_eq!(
        stage.dependencies[1].source,
        Source::Image("busybox".into())
    );
}

#[test]
fn workdir_sets_mount_target_base() {
    let text = "FROM alpine\nWORKDIR /app\nRUN --mount=type=cache,target=. make\n";
    let planned = plan(text, &PlanInput::default());
    assert!(planned.errors.is_empty(), "{:?}", planned.errors);
}
