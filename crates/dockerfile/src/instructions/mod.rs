//! Typed instructions, as BuildKit's `frontend/dockerfile/instructions`
//! makes them from the parser's output (`parse.go`, `bflag.go` and the RUN
//! flag files at moby/buildkit e269a8a3, the newest version found).
//!
//! [`parse_instruction`] turns one [`parser::Instruction`](crate::parser::Instruction)
//! into a [`Command`]. It reads the flags each instruction takes
//! ([`flags`]), counts the arguments and splits sources from destination.
//! It also reads HEALTHCHECK durations and retries, RUN devices
//! ([`device`]), stage names and ONBUILD triggers, and checks RUN mounts as
//! far as BuildKit does before expansion ([`mount`]). Errors carry BuildKit's text, wrapped as BuildKit wraps
//! them (`dockerfile parse error on line N: ...`), and a byte span on the
//! word they are about where one can be found.
//!
//! ```
//! use dockerfile::instructions::{parse_instruction, Command};
//! use dockerfile::parser::parse;
//!
//! let output = parse("FROM alpine AS build\nRUN --mount=type=cache,target=/root/.cache make\n");
//! let from = parse_instruction(&output.instructions[0]).unwrap();
//! assert!(matches!(&from.command, Command::From(stage) if stage.name.as_deref() == Some("build")));
//!
//! let bad = parse("COPY --form=build /a /b\n");
//! let error = parse_instruction(&bad.instructions[0]).unwrap_err();
//! assert_eq!(
//!     error.message,
//!     "dockerfile parse error on line 1: unknown flag: --form (did you mean from?)"
//! );
//! ```

pub mod device;
pub mod flags;
pub mod mount;
mod parse;
mod spans;
pub mod suggest;
pub mod values;

use std::ops::Range;

pub use device::Device;
pub use parse::{parse_instruction, INSTRUCTION_NAMES};
pub use spans::word_span;

use crate::parser::Form;

/// One instruction with its arguments read and checked.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Typed {
    /// The instruction name as written (`RUN`, `run`); BuildKit's messages use it.
    pub name: String,
    /// The instruction's typed arguments.
    pub command: Command,
}

/// The typed form of each instruction.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Command {
    /// `FROM [--platform=P] image [AS name]`: starts a stage.
    From(From),
    /// `RUN`: a command run in the stage's filesystem.
    Run(Run),
    /// `CMD`: the default command of the image.
    Cmd(CommandLine),
    /// `ENTRYPOINT`: the image's entrypoint.
    Entrypoint(CommandLine),
    /// `LABEL key=value ...`.
    Label(Vec<Pair>),
    /// `MAINTAINER name` (deprecated).
    Maintainer(String),
    /// `EXPOSE port[/proto] ...`, sorted as BuildKit sorts them.
    Expose(Vec<String>),
    /// `ENV key=value ...` or `ENV key value`.
    Env(Vec<Pair>),
    /// `ADD`.
    Add(Add),
    /// `COPY`.
    Copy(Copy),
    /// `VOLUME path ...`, each trimmed and non-empty.
    Volume(Vec<String>),
    /// `USER user[:group]`.
    User(String),
    /// `WORKDIR path`.
    Workdir(String),
    /// `ARG name[=default] ...`.
    Arg(Vec<ArgDeclaration>),
    /// `ONBUILD INSTRUCTION ...`: the trigger, kept as text and parsed.
    Onbuild(Onbuild),
    /// `STOPSIGNAL signal`.
    StopSignal(String),
    /// `HEALTHCHECK`.
    Healthcheck(Healthcheck),
    /// `SHELL ["executable", "parameters"]`.
    Shell(Vec<String>),
}

/// A FROM instruction: the start of a stage.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct From {
    /// The image or stage name as written, before expansion.
    pub base: String,
    /// The stage name after `AS`, lowercased.
    pub name: Option<String>,
    /// The `--platform` value as written, before expansion.
    pub platform: Option<String>,
}

/// An ENV or LABEL pair.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Pair {
    /// The key, quotes kept as the parser keeps them.
    pub key: String,
    /// The value, quotes kept.
    pub value: String,
    /// The legacy `key value` form, which the LegacyKeyValueFormat check reports.
    pub legacy: bool,
}

/// An ARG declaration.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ArgDeclaration {
    /// The name, before the first `=`.
    pub name: String,
    /// The default, after the first `=`; `None` without `=`.
    pub default: Option<String>,
}

/// A command line of RUN, CMD or ENTRYPOINT, in exec or shell form.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CommandLine {
    /// Exec form (JSON array) or shell form.
    pub form: Form,
    /// The JSON strings, or the shell text as one string; empty for
    /// `ENTRYPOINT` with no arguments.
    pub args: Vec<String>,
    /// Heredocs the command reads, in opener order.
    pub heredocs: Vec<InlineFile>,
}

/// A heredoc body used by a RUN command.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct InlineFile {
    /// The delimiter.
    pub name: String,
    /// The body, leading tabs already removed for `<<-`.
    pub data: String,
}

/// The network a RUN command gets (`--network`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Network {
    /// The build's default network.
    Default,
    /// No network.
    None,
    /// The host's network.
    Host,
}

/// The security mode of a RUN command (`--security`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Security {
    /// The default sandbox.
    Sandbox,
    /// Privileged, with the `security.insecure` entitlement.
    Insecure,
}

/// A RUN instruction.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Run {
    /// The command.
    pub command: CommandLine,
    /// Each `--mount` value as written; [`mount::parse_mount`] reads them
    /// once the stage's variables are known.
    pub mounts: Vec<String>,
    /// The `from=` of each mount, in mount order (`None` where absent).
    pub mount_sources: Vec<Option<String>>,
    /// `--network`.
    pub network: Network,
    /// `--security`.
    pub security: Security,
    /// `--device` values, read.
    pub devices: Vec<Device>,
}

/// The sources and destination of COPY and ADD.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Sources {
    /// Paths, URLs or git references, before expansion.
    pub paths: Vec<String>,
    /// Files written from heredocs.
    pub contents: Vec<SourceContent>,
    /// The destination, before expansion.
    pub destination: String,
}

/// A file whose content is a heredoc (`COPY <<EOF /dest`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SourceContent {
    /// The file name: the heredoc delimiter.
    pub path: String,
    /// The body.
    pub data: String,
    /// Whether variables in the body are expanded.
    pub expand: bool,
}

/// An ADD instruction.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Add {
    /// Sources and destination.
    pub sources: Sources,
    /// `--chown`.
    pub chown: Option<String>,
    /// `--chmod`.
    pub chmod: Option<String>,
    /// `--link`.
    pub link: bool,
    /// `--keep-git-dir`, when written.
    pub keep_git_dir: Option<bool>,
    /// `--checksum`.
    pub checksum: Option<String>,
    /// `--unpack`, when written.
    pub unpack: Option<bool>,
    /// `--exclude` patterns.
    pub exclude: Vec<String>,
}

/// A COPY instruction.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Copy {
    /// Sources and destination.
    pub sources: Sources,
    /// `--from`: a stage name, stage index or image.
    pub from: Option<String>,
    /// `--chown`.
    pub chown: Option<String>,
    /// `--chmod`.
    pub chmod: Option<String>,
    /// `--link`.
    pub link: bool,
    /// `--parents`.
    pub parents: bool,
    /// `--exclude` patterns.
    pub exclude: Vec<String>,
}

/// An ONBUILD instruction.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Onbuild {
    /// BuildKit's `Expression`: the text after ONBUILD, with heredoc bodies.
    pub expression: String,
    /// The trigger, typed, for stages built on this one; the error when it
    /// does not parse, which BuildKit reports only when such a stage runs.
    pub trigger: Result<Box<Typed>, InstructionError>,
}

/// A HEALTHCHECK instruction.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Healthcheck {
    /// `HEALTHCHECK NONE`: turn off the base image's check.
    None,
    /// `HEALTHCHECK [options] CMD command`.
    Check(HealthConfig),
}

/// The options of `HEALTHCHECK CMD`; durations in nanoseconds, 0 when unset.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HealthConfig {
    /// `["CMD", args...]` for exec form, `["CMD-SHELL", text]` for shell form.
    pub test: Vec<String>,
    /// `--interval`.
    pub interval: i64,
    /// `--timeout`.
    pub timeout: i64,
    /// `--start-period`.
    pub start_period: i64,
    /// `--start-interval`.
    pub start_interval: i64,
    /// `--retries`, 0 when unset.
    pub retries: i64,
}

/// An instruction BuildKit rejects.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct InstructionError {
    /// The error kind, used as the diagnostic's rule name.
    pub kind: ErrorKind,
    /// The message, `dockerfile parse error on line N: ...` as BuildKit prints it.
    pub message: String,
    /// The message without the line prefix, as BuildKit reports an ONBUILD
    /// trigger that fails when a stage built on it runs.
    pub reason: String,
    /// The source the error concerns: the offending word where it can be
    /// found, the instruction name otherwise.
    pub span: Range<usize>,
}

/// The kinds of instruction error.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ErrorKind {
    /// An instruction name BuildKit does not know.
    UnknownInstruction,
    /// A flag error.
    InvalidFlag,
    /// A wrong number or shape of arguments.
    InvalidArguments,
    /// A RUN `--mount` error.
    InvalidMount,
    /// A RUN `--device` error.
    InvalidDevice,
}

impl ErrorKind {
    /// Returns the rule name used for the error's diagnostic.
    pub fn rule(self) -> &'static str {
        match self {
            ErrorKind::UnknownInstruction => "UnknownInstruction",
            ErrorKind::InvalidFlag => "InvalidFlag",
            ErrorKind::InvalidArguments => "InvalidInstruction",
            ErrorKind::InvalidMount => "InvalidMount",
            ErrorKind::InvalidDevice => "InvalidDevice",
        }
    }
}
