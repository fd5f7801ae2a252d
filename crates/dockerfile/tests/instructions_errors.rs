//! Instruction errors, one line each, written from BuildKit's
//! `instructions/parse_test.go`, `bflag_test.go` and its behaviour.

use dockerfile::instructions::{parse_instruction, Command, Healthcheck, Network};
use dockerfile::parser::parse;

fn error_of(line: &str) -> String {
    let output = parse(line);
    let instruction = output.instructions.last().expect("one instruction");
    match parse_instruction(instruction) {
        Ok(typed) => panic!("input {line:?} parsed as {typed:?}"),
        Err(error) => error.message,
    }
}

fn command_of(line: &str) -> Command {
    let output = parse(line);
    let instruction = output.instructions.last().expect("one instruction");
    parse_instruction(instruction)
        .unwrap_or_else(|error| panic!("input {line:?} failed: {}", error.message))
        .command
}

#[test]
fn argument_errors() {
    let cases = [
        ("FROM", "FROM requires either one or three arguments"),
        ("FROM a b", "FROM requires either one or three arguments"),
        ("FROM a AS b c", "FROM requires either one or three arguments"),
        ("FROM a AS 1b", "invalid name for build stage: \"1b\", name can't start with a number or contain symbols"),
        ("FROM a AS b$c", "invalid name for build stage: \"b$c\", name can't start with a number or contain symbols"),
        ("MAINTAINER", "MAINTAINER requires exactly one argument"),
        ("WORKDIR", "WORKDIR requires exactly one argument"),
        ("USER", "USER requires exactly one argument"),
        ("STOPSIGNAL", "STOPSIGNAL requires exactly one argument"),
        ("EXPOSE", "EXPOSE requires at least one argument"),
        ("VOLUME", "VOLUME requires at least one argument"),
        ("VOLUME [\"\"]", "VOLUME specified can not be an empty string"),
        ("ARG", "ARG requires at least one argument"),
        ("ARG =x", "ARG names can not be blank"),
        ("LABEL", "LABEL requires at least one argument"),
        ("ENV", "ENV requires at least one argument"),
        ("ADD a", "ADD requires at least two arguments, but only one was provided. Destination could not be determined"),
        ("COPY a", "COPY requires at least two arguments, but only one was provided. Destination could not be determined"),
        ("COPY a <<EOF\nx\nEOF", "COPY cannot accept a heredoc as a destination"),
        ("SHELL", "SHELL requires at least one argument"),
        ("SHELL []", "SHELL requires at least one argument"),
        ("SHELL bash -c", "SHELL requires the arguments to be in JSON form"),
        ("ONBUILD", "ONBUILD requires at least one argument"),
        ("ONBUILD ONBUILD RUN x", "Chaining ONBUILD via `ONBUILD ONBUILD` isn't allowed"),
        ("ONBUILD FROM alpine", "FROM isn't allowed as an ONBUILD trigger"),
        ("ONBUILD maintainer me", "MAINTAINER isn't allowed as an ONBUILD trigger"),
        ("HEALTHCHECK", "HEALTHCHECK requires at least one argument"),
        ("HEALTHCHECK NONE x", "HEALTHCHECK NONE takes no arguments"),
        ("HEALTHCHECK FOO x", "Unknown type \"FOO\" in HEALTHCHECK (try CMD)"),
        ("HEALTHCHECK CMD", "Missing command after HEALTHCHECK CMD"),
        ("HEALTHCHECK --interval=1us CMD x", "Interval \"interval\" cannot be less than 1ms"),
        ("HEALTHCHECK --timeout=abc CMD x", "time: invalid duration \"abc\""),
        ("HEALTHCHECK --start-period=5 CMD x", "time: missing unit in duration \"5\""),
        ("HEALTHCHECK --start-interval=1y CMD x", "time: unknown unit \"y\" in duration \"1y\""),
        ("HEALTHCHECK --retries=-1 CMD x", "--retries cannot be negative (-1)"),
        ("HEALTHCHECK --retries=x CMD x", "strconv.ParseInt: parsing \"x\": invalid syntax"),
        ("RUNN x", "unknown instruction: RUNN (did you mean RUN?)"),
        ("copyy a b", "unknown instruction: copyy (did you mean copy?)"),
        ("FOO x", "unknown instruction: FOO (did you mean FROM?)"),
        ("XYZZY x", "unknown instruction: XYZZY"),
        ("RUN --mount=from=$X,target=/a x", "'from' doesn't support variable expansion, define alias stage instead"),
        ("RUN --network=foo x", "invalid network mode \"foo\""),
        ("RUN --security=foo x", "security \"foo\" is not valid"),
        ("RUN --device=a,b x", "invalid field 'b' must be a key=value pair"),
        ("RUN --device=a,name=b x", "device name already set to a"),
        ("RUN --device=a,nme=b x", "unexpected key 'nme' in 'nme=b' (did you mean name?)"),
        ("RUN --device=a,b --mount=from=$X,target=/a x", "invalid field 'b' must be a key=value pair"),
        ("RUN --mount=from=$X,target=/a --network=foo x", "'from' doesn't support variable expansion, define alias stage instead"),
        ("RUN --mount=a\\\"b x", "failed to parse csv mounts: parse error on line 1, column 2: bare \" in non-quoted-field"),
        ("FROM a as b c", "FROM requires either one or three arguments"),
        ("SHELL [\"a\"] b", "SHELL requires the arguments to be in JSON form"),
    ];
    for (line, expected) in cases {
        let message = error_of(line);
        let line_one = format!("dockerfile parse error on line 1: {expected}");
        assert_eq!(message, line_one, "input {line:?}");
    }
}

#[test]
fn flag_errors() {
    let cases = [
        (
            "COPY --form=a b c",
            "unknown flag: --form (did you mean from?)",
        ),
        ("COPY --xyzzy=a b c", "unknown flag: --xyzzy"),
        ("ADD --chown b c", "missing a value on flag: --chown"),
        ("COPY --link= b c", "missing a value on flag: --link"),
        (
            "COPY --link=yes b c",
            "expecting boolean value for flag --link, not: yes",
        ),
        (
            "COPY --from=a --from=b c d",
            "duplicate flag specified: --from",
        ),
        (
            "FROM --platform alpine",
            "missing a value on flag: --platform",
        ),
        ("RUN --mount x", "missing a value on flag: --mount"),
        ("ENV --x=1 a=b", "unknown flag: --x"),
        ("WORKDIR --chown=1 /a", "unknown flag: --chown"),
        ("CMD --x=1 a", "unknown flag: --x"),
        (
            "COPY --link=TRUE --link a b",
            "duplicate flag specified: --link",
        ),
        ("COPY --exclude a b", "missing a value on flag: --exclude"),
        (
            "HEALTHCHECK --intervl=1s CMD x",
            "unknown flag: --intervl (did you mean interval?)",
        ),
        (
            "ADD --keep-git-dir=FALSE --chown a b",
            "missing a value on flag: --chown",
        ),
    ];
    for (line, expected) in cases {
        assert_eq!(
            error_of(line),
            format!("dockerfile parse error on line 1: {expected}"),
            "input {line:?}"
        );
    }
}

#[test]
fn error_spans_name_the_word() {
    let text = "COPY --form=a b c\n";
    let output = parse(text);
    let error = parse_instruction(&output.instructions[0]).unwrap_err();
    assert_eq!(&text[error.span], "--form");
    let text = "FROM a AS 1b\n";
    let output = parse(text);
    let error = parse_instruction(&output.instructions[0]).unwrap_err();
    assert_eq!(&text[error.span], "1b");
}

#[test]
fn error_spans_stay_on_first_line() {
    let text = "FROM a \\\n  AS 1b\n";
    let output = parse(text);
    let error = parse_instruction(&output.instructions[0]).unwrap_err();
    assert_eq!(
        &text[error.span], "FROM",
        "BuildKit names the instruction's first line"
    );
}

#[test]
fn devices_read() {
    let Command::Run(run) =
        command_of("RUN --device=vendor.com/gpu=all,required --device=name=b x")
    else {
        panic!("not a RUN");
    };
    assert_eq!(run.devices.len(), 2);
    assert_eq!(run.devices[0].name, "vendor.com/gpu=all");
    assert!(run.devices[0].required);
    assert_eq!(run.devices[1].name, "b");
    assert!(!run.devices[1].required);
}

#[test]
fn flags_and_values_read() {
    let Command::Copy(copy) =
        command_of("COPY --from=build --link --chmod=755 --exclude=*.md --exclude=x a b /dst/")
    else {
        panic!("not a COPY");
    };
    assert_eq!(copy.from.as_deref(), Some("build"));
    assert!(copy.link);
    assert_eq!(copy.chmod.as_deref(), Some("755"));
    assert_eq!(copy.exclude, ["*.md", "x"]);
    assert_eq!(copy.sources.paths, ["a", "b"]);
    assert_eq!(copy.sources.destination, "/dst/");

    let Command::Add(add) =
        command_of("ADD --keep-git-dir=false --checksum=sha256:abc https://x/y /y")
    else {
        panic!("not an ADD");
    };
    assert_eq!(add.keep_git_dir, Some(false));
    assert_eq!(add.unpack, None);
    assert_eq!(add.checksum.as_deref(), Some("sha256:abc"));

    let Command::Healthcheck(Healthcheck::Check(health)) =
        command_of("HEALTHCHECK --interval=30s --timeout=1m30s --retries=3 CMD curl -f http://x/")
    else {
        panic!("not a HEALTHCHECK CMD");
    };
    assert_eq!(health.test, ["CMD-SHELL", "curl -f http://x/"]);
    assert_eq!(health.interval, 30_000_000_000);
    assert_eq!(health.timeout, 90_000_000_000);
    assert_eq!(health.retries, 3);
    assert_eq!(
        command_of("HEALTHCHECK none"),
        Command::Healthcheck(Healthcheck::None)
    );

    let Command::Run(run) = command_of(
        "RUN --network=none --mount=type=cache,target=/c --mount=from=build,target=/b make",
    ) else {
        panic!("not a RUN");
    };
    assert_eq!(run.network, Network::None);
    assert_eq!(run.mounts.len(), 2);
    assert_eq!(run.mount_sources, [None, Some("build".to_owned())]);

    let Command::From(from) = command_of("FROM --platform=$BUILDPLATFORM golang AS Build") else {
        panic!("not a FROM");
    };
    assert_eq!(from.name.as_deref(), Some("build"));
    assert_eq!(from.platform.as_deref(), Some("$BUILDPLATFORM"));

    let Command::Expose(ports) = command_of("EXPOSE 8080 443 80/udp") else {
        panic!("not an EXPOSE");
    };
    assert_eq!(ports, ["443", "80/udp", "8080"]);
}

#[test]
fn onbuild_trigger_errors_wait() {
    let Command::Onbuild(onbuild) = command_of("ONBUILD COPY --bad a b") else {
        panic!("not an ONBUILD");
    };
    assert_eq!(onbuild.expression, "COPY --bad a b");
    let error = onbuild.trigger.unwrap_err();
    assert_eq!(
        error.message,
        "dockerfile parse error on line 1: unknown flag: --bad"
    );
}

#[test]
fn heredoc_sources() {
    let Command::Copy(copy) = command_of("COPY <<EOF /etc/motd\nhello $USER\nEOF\n") else {
        panic!("not a COPY");
    };
    assert_eq!(copy.sources.contents.len(), 1);
    assert_eq!(copy.sources.contents[0].path, "EOF");
    assert_eq!(copy.sources.contents[0].data, "hello $USER\n");
    assert!(copy.sources.contents[0].expand);
}
