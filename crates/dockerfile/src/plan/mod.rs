//! Stage planning: what a builder executes, from a parsed Dockerfile, build
//! args, a target stage and the target platform, as BuildKit's
//! `dockerfile2llb/convert.go` (moby/buildkit at e269a8a3) prepares it
//! before it builds anything.
//!
//! The plan holds:
//!
//! - **stages** in file order, each with its base ([`Base`]): `scratch`, an
//!   image reference after global ARG expansion, or an earlier stage whose
//!   name it uses;
//! - **steps**: each instruction of the stage with its words expanded the
//!   way BuildKit's dispatch expands them. These words expand against the
//!   stage's environment: ENV and LABEL keys and values, ADD and COPY
//!   sources, destination, `--chown`, `--chmod` and `--checksum`, WORKDIR,
//!   USER, VOLUME, STOPSIGNAL, EXPOSE ports and RUN `--mount` values. RUN,
//!   CMD, ENTRYPOINT, SHELL and HEALTHCHECK keep their text, which the shell
//!   expands when the container runs. ARG steps hold the value the ARG
//!   takes (build arg, default, or global value). Replaying ENV and ARG
//!   steps in order gives each RUN its environment;
//! - **dependencies**: `COPY --from` and `RUN --mount=from=` on a stage
//!   name, a stage index or an image;
//! - the **target** and the stages it **needs**, in build order.
//!
//! Scoping follows BuildKit. ARGs before the first FROM (global ARGs) are
//! visible only in FROM lines, unless a stage declares them again without
//! a value. `--build-arg` values override defaults. The built-in
//! `BUILDPLATFORM`, `BUILDOS`, `BUILDARCH`, `BUILDVARIANT`, `TARGETPLATFORM`,
//! `TARGETOS`, `TARGETARCH`, `TARGETVARIANT` and `TARGETSTAGE` are global
//! ARGs. A stage built on another inherits its environment and ARGs. Every
//! word of an ENV or LABEL expands before any of its pairs applies.
//!
//! Base images are not looked up here (no image store, no registry): the
//! caller passes what it knows of them in [`PlanInput::base_images`]. For a
//! base without an entry the environment is taken to hold only `PATH`, as
//! BuildKit sets it when the image has none, and ONBUILD triggers are unknown.
//!
//! ```
//! use dockerfile::plan::{plan, Base, PlanInput};
//!
//! let text = "ARG VERSION=3.20\nFROM alpine:${VERSION} AS build\nRUN make\nFROM scratch\nCOPY --from=build /out /\n";
//! let planned = plan(text, &PlanInput::default());
//! assert!(planned.errors.is_empty());
//! let plan = planned.plan.unwrap();
//! assert_eq!(plan.stages[0].base, Base::Image("alpine:3.20".into()));
//! assert_eq!(plan.needed, [0, 1]);
//! ```

mod args;
mod dispatch;
mod graph;
mod sources;
mod step;
pub mod values;

use std::ops::Range;

use shared_sort::SortedMap;

pub use values::Platform;

use crate::diagnostic::Diagnostic;
use crate::instructions::mount::Mount;
use crate::instructions::{parse_instruction, Command, Typed};
use crate::linter::Linter;
use crate::parser::{parse, Instruction};

/// The options of a planning run.
#[derive(Clone, Debug, Default)]
pub struct PlanInput {
    /// `--build-arg` values.
    pub build_args: SortedMap<String, String>,
    /// `--target`: the stage to build; the last stage when `None`.
    pub target: Option<String>,
    /// The platform to build for, also taken as the build platform.
    pub platform: Platform,
    /// Dispatch every stage, as BuildKit's build checks do when no target
    /// is given, instead of only those the target needs.
    pub all_stages: bool,
    /// The `.dockerignore` patterns, for the CopyIgnoredFile check.
    pub dockerignore: Option<crate::dockerignore::Matcher>,
    /// The configuration of base images the builder has, by the name a FROM
    /// line gives after expansion. A base image without an entry is taken to
    /// set only the default `PATH` and to have no ONBUILD triggers.
    pub base_images: SortedMap<String, BaseImage>,
}

/// A base image's config as far as planning needs it.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct BaseImage {
    /// The image's `Env`, in order.
    pub env: Vec<(String, String)>,
    /// The image's ONBUILD triggers, each an instruction's text
    /// (`COPY . /app`), which run at the start of a stage built FROM it.
    pub onbuild: Vec<String>,
}

/// The stages to build.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Plan {
    /// Every stage, in file order.
    pub stages: Vec<Stage>,
    /// Index of the target stage.
    pub target: usize,
    /// Indices of the stages the target needs, itself included, in build order.
    pub needed: Vec<usize>,
    /// The global ARGs with a value, built-in ones first, after build args.
    pub global_args: Vec<(String, String)>,
}

/// One stage.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Stage {
    /// Position in the file, from 0.
    pub index: usize,
    /// The `AS` name, lowercased.
    pub name: Option<String>,
    /// The name BuildKit shows: the `AS` name, or `stage-N`.
    pub display_name: String,
    /// The stage's starting point.
    pub base: Base,
    /// The `--platform` value after expansion.
    pub platform: Option<Platform>,
    /// The instructions after FROM, expanded.
    pub steps: Vec<Step>,
    /// Stages and images this stage copies or mounts from.
    pub dependencies: Vec<Dependency>,
    /// The FROM instruction in the source.
    pub span: Range<usize>,
    /// Whether the stage was dispatched (expanded and checked).
    pub dispatched: bool,
}

/// The starting point of a stage.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Base {
    /// `FROM scratch`: an empty filesystem.
    Scratch,
    /// An image reference, as written after expansion.
    Image(String),
    /// An earlier stage, by index.
    Stage(usize),
}

/// A stage or image a stage takes files from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Dependency {
    /// The stage or image the files come from.
    pub source: Source,
    /// How.
    pub kind: DependencyKind,
    /// The instruction that names it.
    pub span: Range<usize>,
}

/// The other end of a dependency.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Source {
    /// A stage of this file, by index.
    Stage(usize),
    /// An image reference.
    Image(String),
}

/// The instructions that create a dependency.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DependencyKind {
    /// `COPY --from=`.
    CopyFrom,
    /// `RUN --mount=from=`.
    MountFrom,
}

/// One instruction of a stage, expanded.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Step {
    /// The instruction name as written.
    pub name: String,
    /// The instruction with its words expanded.
    pub command: Command,
    /// RUN mounts, read after expansion.
    pub mounts: Vec<Mount>,
    /// Whether the step comes from an ONBUILD trigger of the base stage.
    pub onbuild: bool,
    /// The instruction in the source.
    pub span: Range<usize>,
}

/// The result of planning: the plan, if one could be made, the errors
/// found, and the build-check warnings of the checks that run while planning.
#[derive(Clone, Debug, Default)]
pub struct Planned {
    /// The plan; `None` when there is no stage or the target is unknown.
    pub plan: Option<Plan>,
    /// Errors, each with a span.
    pub errors: Vec<Diagnostic>,
    /// Warnings of the build checks BuildKit runs while converting.
    pub warnings: Vec<Diagnostic>,
}

/// Parses `text` and plans its stages with the default check options.
pub fn plan(text: &str, input: &PlanInput) -> Planned {
    let output = parse(text);
    let mut typed = Vec::new();
    let mut errors = output.diagnostics.clone();
    for instruction in &output.instructions {
        match parse_instruction(instruction) {
            Ok(command) => typed.push((instruction, command)),
            Err(error) => errors.push(Diagnostic::error(
                error.kind.rule(),
                error.span,
                error.message,
            )),
        }
    }
    let mut linter = Linter::default();
    let mut planned = plan_instructions(&typed, output.escape_token, input, &mut linter);
    errors.append(&mut planned.errors);
    planned.errors = errors;
    planned.warnings = linter.into_warnings();
    planned
}

/// Plans read instructions; build-check warnings go to `linter`.
pub fn plan_instructions(
    instructions: &[(&Instruction, Typed)],
    escape: char,
    input: &PlanInput,
    linter: &mut Linter,
) -> Planned {
    let mut planner = dispatch::Planner::new(escape, input, linter);
    planner.run(instructions);
    planner.finish()
}
