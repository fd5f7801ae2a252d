//! One parser per instruction, in the order of checks BuildKit's `parse.go`
//! makes: argument counts, then flags, then the arguments' shapes.

use super::device::parse_device;
use super::flags::{FlagKind, Flags};
use super::mount::check_unexpanded;
use super::spans::word_span;
use super::suggest::{with_suggestion, Case, Order};
use super::values::{parse_duration, parse_int};
use super::*;
use crate::parser::{go, Arguments, Command as Line, Expansion, Instruction, Paths};
use shared_sort::SharedSort;

/// The instruction names BuildKit accepts, for "did you mean" suggestions.
pub const INSTRUCTION_NAMES: [&str; 18] = [
    "ADD",
    "ARG",
    "CMD",
    "COPY",
    "ENTRYPOINT",
    "ENV",
    "EXPOSE",
    "FROM",
    "HEALTHCHECK",
    "LABEL",
    "MAINTAINER",
    "ONBUILD",
    "RUN",
    "SHELL",
    "STOPSIGNAL",
    "USER",
    "VOLUME",
    "WORKDIR",
];

/// An error before it is wrapped with the line: kind, message, and the word
/// it is about.
struct Failure {
    kind: ErrorKind,
    message: String,
    word: Option<String>,
}

type Parsed<T> = Result<T, Failure>;

fn fail(kind: ErrorKind, message: impl Into<String>) -> Failure {
    Failure {
        kind,
        message: message.into(),
        word: None,
    }
}

fn arguments_error(message: impl Into<String>) -> Failure {
    fail(ErrorKind::InvalidArguments, message)
}

/// The instruction's arguments as BuildKit's `nodeArgs` lists them, and
/// whether they were in JSON form.
struct Request<'a> {
    instruction: &'a Instruction,
    args: Vec<String>,
    json: bool,
    flags: Flags,
}

impl<'a> Request<'a> {
    fn new(instruction: &'a Instruction) -> Self {
        Self {
            instruction,
            args: node_args(instruction),
            json: instruction.form() == Some(Form::Exec),
            flags: Flags::default(),
        }
    }

    fn declare(&mut self, name: &'static str, kind: FlagKind, default: &str) {
        self.flags.declare(name, kind, default);
    }

    fn parse_flags(&mut self) -> Parsed<()> {
        let words = &self.instruction.flags;
        self.flags.parse(words).map_err(|error| Failure {
            kind: ErrorKind::InvalidFlag,
            message: error.message,
            word: words
                .get(error.index)
                .map(|word| flag_name(word).to_owned()),
        })
    }

    fn exactly_one(&self, name: &str) -> Parsed<String> {
        match self.args.as_slice() {
            [only] => Ok(only.clone()),
            _ => Err(arguments_error(format!(
                "{name} requires exactly one argument"
            ))),
        }
    }

    fn at_least_one(&self, name: &str) -> Parsed<()> {
        match self.args.is_empty() {
            true => Err(arguments_error(format!(
                "{name} requires at least one argument"
            ))),
            false => Ok(()),
        }
    }
}

fn flag_name(word: &str) -> &str {
    word.split_once('=').map_or(word, |(name, _)| name)
}

/// Returns the arguments in the order BuildKit's `nodeArgs` lists them.
fn node_args(instruction: &Instruction) -> Vec<String> {
    match &instruction.arguments {
        Arguments::None | Arguments::Unknown => Vec::new(),
        Arguments::Words(words) => words.clone(),
        Arguments::Text(text) => vec![text.clone()],
        Arguments::Declarations(declarations) => declarations
            .iter()
            .map(|d| match &d.value {
                Some(value) => format!("{}={value}", d.name),
                None => d.name.clone(),
            })
            .collect(),
        Arguments::KeyValues(pairs) => pairs
            .iter()
            .flat_map(|pair| {
                [
                    pair.key.clone(),
                    pair.value.clone(),
                    pair.separator.as_str().to_owned(),
                ]
            })
            .collect(),
        Arguments::Command(Line::Exec(words)) | Arguments::Paths(Paths::Exec(words)) => {
            words.clone()
        }
        Arguments::Command(Line::Shell(text)) => vec![text.clone()],
        Arguments::Paths(Paths::Shell(words)) => words.clone(),
        Arguments::Healthcheck { kind, command } => {
            let mut args = vec![kind.clone()];
            match command {
                Some(Line::Exec(words)) => args.extend(words.iter().cloned()),
                Some(Line::Shell(text)) => args.push(text.clone()),
                None => {}
            }
            args
        }
        Arguments::Onbuild(trigger) => {
            let mut args = vec![trigger.keyword.clone()];
            args.extend(node_args(trigger.instruction()));
            args
        }
    }
}

/// Reads one instruction as BuildKit's `ParseInstruction` does.
///
/// # Errors
///
/// Returns the first error BuildKit reports for the instruction, wrapped as
/// `dockerfile parse error on line N: ...`.
pub fn parse_instruction(instruction: &Instruction) -> Result<Typed, InstructionError> {
    parse_unwrapped(instruction).map_err(|failure| {
        let span = match &failure.word {
            Some(word) => word_span(instruction, word),
            None => instruction.keyword_span.clone(),
        };
        InstructionError {
            kind: failure.kind,
            message: format!(
                "dockerfile parse error on line {}: {}",
                instruction.start_line, failure.message
            ),
            reason: failure.message,
            span,
        }
    })
}

fn parse_unwrapped(instruction: &Instruction) -> Parsed<Typed> {
    let mut request = Request::new(instruction);
    let command = dispatch(&mut request)?;
    Ok(Typed {
        name: instruction.keyword.clone(),
        command,
    })
}

fn dispatch(request: &mut Request<'_>) -> Parsed<Command> {
    match request.instruction.name.as_str() {
        "env" => parse_env(request).map(Command::Env),
        "maintainer" => parse_maintainer(request).map(Command::Maintainer),
        "label" => parse_label(request).map(Command::Label),
        "add" => parse_add(request).map(Command::Add),
        "copy" => parse_copy(request).map(Command::Copy),
        "from" => parse_from(request).map(Command::From),
        "onbuild" => parse_onbuild(request).map(Command::Onbuild),
        "workdir" => parse_workdir(request).map(Command::Workdir),
        "run" => parse_run(request).map(Command::Run),
        "cmd" => parse_cmd(request).map(Command::Cmd),
        "healthcheck" => parse_healthcheck(request).map(Command::Healthcheck),
        "entrypoint" => parse_entrypoint(request).map(Command::Entrypoint),
        "expose" => parse_expose(request).map(Command::Expose),
        "user" => parse_user(request).map(Command::User),
        "volume" => parse_volume(request).map(Command::Volume),
        "stopsignal" => request.exactly_one("STOPSIGNAL").map(Command::StopSignal),
        "arg" => parse_arg(request).map(Command::Arg),
        "shell" => parse_shell(request).map(Command::Shell),
        _ => Err(unknown_instruction(&request.instruction.keyword)),
    }
}

fn unknown_instruction(keyword: &str) -> Failure {
    let message = format!("unknown instruction: {keyword}");
    fail(
        ErrorKind::UnknownInstruction,
        with_suggestion(
            message,
            keyword,
            &INSTRUCTION_NAMES,
            Case::Insensitive,
            Order::Sorted,
        ),
    )
}

fn key_value_pairs(request: &Request<'_>, name: &str) -> Parsed<Vec<Pair>> {
    request.at_least_one(name)?;
    if !request.args.len().is_multiple_of(3) {
        return Err(arguments_error(format!(
            "Bad input to {name}, too many arguments"
        )));
    }
    let mut pairs = Vec::new();
    for chunk in request.args.chunks(3) {
        if chunk[0].is_empty() {
            return Err(arguments_error(format!("{name} names can not be blank")));
        }
        pairs.push(Pair {
            key: chunk[0].clone(),
            value: chunk[1].clone(),
            legacy: chunk[2].is_empty(),
        });
    }
    Ok(pairs)
}

fn parse_env(request: &mut Request<'_>) -> Parsed<Vec<Pair>> {
    request.parse_flags()?;
    key_value_pairs(request, "ENV")
}

fn parse_maintainer(request: &mut Request<'_>) -> Parsed<String> {
    let maintainer = request.exactly_one("MAINTAINER")?;
    request.parse_flags()?;
    Ok(maintainer)
}

fn parse_label(request: &mut Request<'_>) -> Parsed<Vec<Pair>> {
    request.parse_flags()?;
    key_value_pairs(request, "LABEL")
}

fn no_destination(request: &Request<'_>, name: &str) -> Parsed<()> {
    match request.args.len() < 2 {
        true => Err(arguments_error(format!(
            "{name} requires at least two arguments, but only one was provided. Destination could not be determined"
        ))),
        false => Ok(()),
    }
}

fn parse_add(request: &mut Request<'_>) -> Parsed<Add> {
    no_destination(request, "ADD")?;
    request.declare("chown", FlagKind::String, "");
    request.declare("chmod", FlagKind::String, "");
    request.declare("link", FlagKind::Bool, "false");
    request.declare("keep-git-dir", FlagKind::Bool, "false");
    request.declare("checksum", FlagKind::String, "");
    request.declare("unpack", FlagKind::Bool, "false");
    request.declare("exclude", FlagKind::Strings, "");
    request.parse_flags()?;
    let flags = &request.flags;
    Ok(Add {
        sources: sources(request, "ADD")?,
        chown: flags.given("chown"),
        chmod: flags.given("chmod"),
        link: flags.is_true("link"),
        keep_git_dir: flags.given_bool("keep-git-dir"),
        checksum: flags.given("checksum"),
        unpack: flags.given_bool("unpack"),
        exclude: flags.values("exclude"),
    })
}

fn parse_copy(request: &mut Request<'_>) -> Parsed<Copy> {
    no_destination(request, "COPY")?;
    request.declare("chown", FlagKind::String, "");
    request.declare("from", FlagKind::String, "");
    request.declare("chmod", FlagKind::String, "");
    request.declare("link", FlagKind::Bool, "false");
    request.declare("exclude", FlagKind::Strings, "");
    request.declare("parents", FlagKind::Bool, "false");
    request.parse_flags()?;
    let flags = &request.flags;
    Ok(Copy {
        sources: sources(request, "COPY")?,
        from: flags.given("from").filter(|from| !from.is_empty()),
        chown: flags.given("chown"),
        chmod: flags.given("chmod"),
        link: flags.is_true("link"),
        parents: flags.is_true("parents"),
        exclude: flags.values("exclude"),
    })
}

/// Splits sources from the destination; heredoc words become file contents.
fn sources(request: &Request<'_>, name: &str) -> Parsed<Sources> {
    let (destination, paths) = request.args.split_last().unwrap_or((&request.args[0], &[]));
    if heredoc_name(destination).is_some() {
        return Err(arguments_error(format!(
            "{name} cannot accept a heredoc as a destination"
        )));
    }
    let mut sources = Sources {
        paths: Vec::new(),
        contents: Vec::new(),
        destination: destination.clone(),
    };
    for path in paths {
        match heredoc_name(path) {
            Some((heredoc, expand)) => sources.contents.push(SourceContent {
                data: heredoc_body(request.instruction, &heredoc),
                path: heredoc,
                expand,
            }),
            None => sources.paths.push(path.clone()),
        }
    }
    Ok(sources)
}

/// BuildKit's `MustParseHeredoc` for one word: the delimiter and whether
/// the body expands.
fn heredoc_name(word: &str) -> Option<(String, bool)> {
    if !word.contains("<<") {
        return None;
    }
    let openers = crate::parser::heredoc::openers(word).ok()?;
    let opener = openers.into_iter().next()?;
    Some((opener.name, opener.expansion == Expansion::Expand))
}

/// Returns the body of the last heredoc named `name`, the one BuildKit's
/// lookup map keeps.
fn heredoc_body(instruction: &Instruction, name: &str) -> String {
    instruction
        .heredocs
        .iter()
        .rev()
        .find(|heredoc| heredoc.name == name)
        .map(|heredoc| heredoc.body())
        .unwrap_or_default()
}

fn parse_from(request: &mut Request<'_>) -> Parsed<From> {
    let name = stage_name(&request.args)?;
    request.declare("platform", FlagKind::String, "");
    request.parse_flags()?;
    Ok(From {
        base: request.args[0].clone(),
        name,
        platform: request.flags.given("platform"),
    })
}

/// BuildKit's `parseBuildStageName`: one argument, or three with `AS` in the middle.
fn stage_name(args: &[String]) -> Parsed<Option<String>> {
    match args {
        [_, keyword, name] if is_as(keyword) => {
            let lower = go::to_lower(name);
            if !valid_stage_name(&lower) {
                return Err(Failure {
                    kind: ErrorKind::InvalidArguments,
                    message: format!(
                        "invalid name for build stage: {}, name can't start with a number or contain symbols",
                        go::quote(name)
                    ),
                    word: Some(name.clone()),
                });
            }
            Ok(Some(lower))
        }
        [_] => Ok(None),
        _ => Err(arguments_error(
            "FROM requires either one or three arguments",
        )),
    }
}

/// `strings.EqualFold(word, "as")`: Unicode simple folding also maps `ſ`
/// (U+017F) to `s`.
fn is_as(word: &str) -> bool {
    let mut chars = word.chars();
    matches!(
        (chars.next(), chars.next(), chars.next()),
        (Some('a' | 'A'), Some('s' | 'S' | '\u{17f}'), None)
    )
}

/// `^[a-z][a-z0-9-_.]*$`.
pub(crate) fn valid_stage_name(name: &str) -> bool {
    let mut bytes = name.bytes();
    bytes.next().is_some_and(|b| b.is_ascii_lowercase())
        && bytes.all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b"-_.".contains(&b))
}

fn parse_onbuild(request: &mut Request<'_>) -> Parsed<Onbuild> {
    request.at_least_one("ONBUILD")?;
    request.parse_flags()?;
    let trigger_name = go::to_upper(request.args[0].trim());
    match trigger_name.as_str() {
        "ONBUILD" => {
            return Err(arguments_error(
                "Chaining ONBUILD via `ONBUILD ONBUILD` isn't allowed",
            ))
        }
        "MAINTAINER" | "FROM" => {
            return Err(arguments_error(format!(
                "{trigger_name} isn't allowed as an ONBUILD trigger"
            )))
        }
        _ => {}
    }
    let Arguments::Onbuild(trigger) = &request.instruction.arguments else {
        return Err(arguments_error("ONBUILD requires at least one argument"));
    };
    Ok(Onbuild {
        expression: onbuild_expression(trigger.instruction()),
        trigger: parse_instruction(trigger.instruction()).map(Box::new),
    })
}

/// Returns the trigger's text with its heredoc bodies appended, as BuildKit
/// stores it.
fn onbuild_expression(trigger: &Instruction) -> String {
    let mut expression = trigger.original.as_str().to_owned();
    for heredoc in &trigger.heredocs {
        expression.push('\n');
        expression.push_str(&heredoc.content);
        expression.push_str(&heredoc.name);
    }
    expression
}

fn parse_workdir(request: &mut Request<'_>) -> Parsed<String> {
    let path = request.exactly_one("WORKDIR")?;
    request.parse_flags()?;
    Ok(path)
}

fn command_line(request: &Request<'_>) -> CommandLine {
    let heredocs = request
        .instruction
        .heredocs
        .iter()
        .map(|heredoc| InlineFile {
            name: heredoc.name.clone(),
            data: heredoc.body(),
        })
        .collect();
    let form = if request.json {
        Form::Exec
    } else {
        Form::Shell
    };
    let args = match (request.json, request.args.is_empty()) {
        (_, true) => Vec::new(),
        (true, false) => request.args.clone(),
        (false, false) => vec![request.args.join(" ")],
    };
    CommandLine {
        form,
        args,
        heredocs,
    }
}

/// Reads RUN as BuildKit's `parseRun` does: the flags of its hooks in file
/// order (`commands_rundevice.go`, `commands_runmount.go`,
/// `commands_runnetwork.go`, `commands_runsecurity.go`), then the checks
/// of those hooks in the same order.
fn parse_run(request: &mut Request<'_>) -> Parsed<Run> {
    request.declare("device", FlagKind::Strings, "");
    request.declare("mount", FlagKind::Strings, "");
    request.declare("network", FlagKind::String, "default");
    request.declare("security", FlagKind::String, "sandbox");
    request.parse_flags()?;
    let command = command_line(request);

    let devices = devices(&request.flags.values("device"))?;
    let mounts = request.flags.values("mount");
    let mount_sources = mount_sources(&mounts)?;
    Ok(Run {
        command,
        mounts,
        mount_sources,
        network: network(&request.flags.value("network"))?,
        security: security(&request.flags.value("security"))?,
        devices,
    })
}

fn devices(values: &[String]) -> Parsed<Vec<Device>> {
    let read = |value: &String| {
        parse_device(value).map_err(|message| Failure {
            kind: ErrorKind::InvalidDevice,
            message,
            word: Some(value.clone()),
        })
    };
    values.iter().map(read).collect()
}

fn mount_sources(mounts: &[String]) -> Parsed<Vec<Option<String>>> {
    let read = |mount: &String| {
        check_unexpanded(mount).map_err(|message| Failure {
            kind: ErrorKind::InvalidMount,
            message,
            word: Some(mount.clone()),
        })
    };
    mounts.iter().map(read).collect()
}

fn network(value: &str) -> Parsed<Network> {
    match value {
        "default" => Ok(Network::Default),
        "none" => Ok(Network::None),
        "host" => Ok(Network::Host),
        _ => Err(Failure {
            kind: ErrorKind::InvalidFlag,
            message: format!("invalid network mode {}", go::quote(value)),
            word: Some(value.to_owned()),
        }),
    }
}

fn security(value: &str) -> Parsed<Security> {
    match value {
        "sandbox" => Ok(Security::Sandbox),
        "insecure" => Ok(Security::Insecure),
        _ => Err(Failure {
            kind: ErrorKind::InvalidFlag,
            message: format!("security {} is not valid", go::quote(value)),
            word: Some(value.to_owned()),
        }),
    }
}

fn parse_cmd(request: &mut Request<'_>) -> Parsed<CommandLine> {
    request.parse_flags()?;
    Ok(command_line(request))
}

fn parse_entrypoint(request: &mut Request<'_>) -> Parsed<CommandLine> {
    request.parse_flags()?;
    Ok(command_line(request))
}

fn parse_healthcheck(request: &mut Request<'_>) -> Parsed<Healthcheck> {
    request.at_least_one("HEALTHCHECK")?;
    let kind = go::to_upper(&request.args[0]);
    let rest = request.args[1..].to_vec();
    if kind == "NONE" {
        return match rest.is_empty() {
            true => Ok(Healthcheck::None),
            false => Err(arguments_error("HEALTHCHECK NONE takes no arguments")),
        };
    }
    for name in [
        "interval",
        "timeout",
        "start-period",
        "start-interval",
        "retries",
    ] {
        request.declare(name, FlagKind::String, "");
    }
    request.parse_flags()?;
    if kind != "CMD" {
        let message = format!("Unknown type {} in HEALTHCHECK (try CMD)", go::quote(&kind));
        return Err(arguments_error(message));
    }
    if rest.is_empty() {
        return Err(arguments_error("Missing command after HEALTHCHECK CMD"));
    }
    let mut test = vec![if request.json { "CMD" } else { "CMD-SHELL" }.to_owned()];
    match request.json {
        true => test.extend(rest),
        false => test.push(rest.join(" ")),
    }
    Ok(Healthcheck::Check(HealthConfig {
        test,
        interval: interval(request, "interval")?,
        timeout: interval(request, "timeout")?,
        start_period: interval(request, "start-period")?,
        start_interval: interval(request, "start-interval")?,
        retries: retries(request)?,
    }))
}

/// BuildKit's `parseOptInterval`: empty or zero means unset, and any other
/// duration must be at least one millisecond.
fn interval(request: &Request<'_>, name: &'static str) -> Parsed<i64> {
    let value = request.flags.value(name);
    if value.is_empty() {
        return Ok(0);
    }
    let flag_error = |message: String| Failure {
        kind: ErrorKind::InvalidFlag,
        message,
        word: Some(format!("--{name}")),
    };
    let nanos = parse_duration(&value).map_err(flag_error)?;
    if nanos != 0 && nanos < 1_000_000 {
        return Err(flag_error(format!(
            "Interval {} cannot be less than 1ms",
            go::quote(name)
        )));
    }
    Ok(nanos)
}

fn retries(request: &Request<'_>) -> Parsed<i64> {
    let value = request.flags.value("retries");
    if value.is_empty() {
        return Ok(0);
    }
    let flag_error = |message: String| Failure {
        kind: ErrorKind::InvalidFlag,
        message,
        word: Some("--retries".to_owned()),
    };
    let retries = parse_int(&value, 32).map_err(flag_error)?;
    if retries < 0 {
        return Err(flag_error(format!(
            "--retries cannot be negative ({retries})"
        )));
    }
    Ok(retries)
}

fn parse_expose(request: &mut Request<'_>) -> Parsed<Vec<String>> {
    request.at_least_one("EXPOSE")?;
    request.parse_flags()?;
    let mut ports = request.args.clone();
    ports.shared_sort();
    Ok(ports)
}

fn parse_user(request: &mut Request<'_>) -> Parsed<String> {
    let user = request.exactly_one("USER")?;
    request.parse_flags()?;
    Ok(user)
}

fn parse_volume(request: &mut Request<'_>) -> Parsed<Vec<String>> {
    request.at_least_one("VOLUME")?;
    request.parse_flags()?;
    let mut volumes = Vec::new();
    for volume in &request.args {
        let volume = volume.trim();
        if volume.is_empty() {
            return Err(arguments_error(
                "VOLUME specified can not be an empty string",
            ));
        }
        volumes.push(volume.to_owned());
    }
    Ok(volumes)
}

/// Reads ARG, which BuildKit reads without parsing its flags, so flags on
/// an ARG are ignored.
fn parse_arg(request: &mut Request<'_>) -> Parsed<Vec<ArgDeclaration>> {
    request.at_least_one("ARG")?;
    let mut declarations = Vec::new();
    for arg in &request.args {
        let declaration = match arg.split_once('=') {
            Some(("", _)) => return Err(arguments_error("ARG names can not be blank")),
            Some((name, default)) => ArgDeclaration {
                name: name.to_owned(),
                default: Some(default.to_owned()),
            },
            None => ArgDeclaration {
                name: arg.clone(),
                default: None,
            },
        };
        declarations.push(declaration);
    }
    Ok(declarations)
}

fn parse_shell(request: &mut Request<'_>) -> Parsed<Vec<String>> {
    request.parse_flags()?;
    request.at_least_one("SHELL")?;
    match request.json {
        true => Ok(request.args.clone()),
        false => Err(arguments_error(
            "SHELL requires the arguments to be in JSON form",
        )),
    }
}
