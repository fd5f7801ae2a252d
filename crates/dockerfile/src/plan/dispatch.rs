//! The planner: splits instructions into global ARGs and stages, expands
//! FROM lines, resolves stage references and dispatches stages in file
//! order, as BuildKit's `toDispatchState` in `dockerfile2llb/convert.go`
//! (moby/buildkit at e269a8a3) prepares a build.

use std::collections::HashMap;
use std::ops::Range;

use shared_sort::SortedSet;

use super::args::{self, Vars};
use super::graph::{dependency_spans, find_cycle, needed_stages, stage_dependencies, Search};
use super::step::{Context, Dispatch, State, UsedOnce};
use super::values::Platform;
use super::*;
use crate::instructions::suggest::{with_suggestion, Case, Order};
use crate::instructions::{ArgDeclaration, Copy, From, InstructionError};
use crate::parser::go::quote;
use crate::shell::{EnvList, Lexer};

/// The default `PATH` BuildKit sets for Linux images without one.
const DEFAULT_PATH: &str = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

/// An instruction with its typed form.
type Read<'a> = (&'a Instruction, Typed);

/// A stage being planned.
pub(super) struct Draft<'a> {
    pub(super) from: From,
    pub(super) commands: Vec<&'a Read<'a>>,
    pub(super) stage: Stage,
    /// The stage's state once dispatched.
    pub(super) state: Option<State>,
}

/// Plans stages: the state of one planning run.
pub struct Planner<'a, 'l> {
    /// Stage names seen so far while expanding FROM lines, for bases.
    names: HashMap<String, usize>,
    /// Every stage name, the last stage of each name winning, as BuildKit's
    /// map of stage names keeps them.
    pub(super) all_names: HashMap<String, usize>,
    pub(super) lexer: Lexer,
    pub(super) input: &'a PlanInput,
    pub(super) linter: &'l mut Linter,
    errors: Vec<Diagnostic>,
    pub(super) global: Vars,
    plan: Option<Plan>,
}

impl<'a, 'l> Planner<'a, 'l> {
    /// Creates a planner for a file whose escape token is `escape`.
    pub fn new(escape: char, input: &'a PlanInput, linter: &'l mut Linter) -> Self {
        Self {
            names: HashMap::new(),
            all_names: HashMap::new(),
            lexer: Lexer::new(escape),
            input,
            linter,
            errors: Vec::new(),
            global: Vars::default(),
            plan: None,
        }
    }

    pub(super) fn error(&mut self, span: Range<usize>, message: impl Into<String>) {
        self.errors
            .push(Diagnostic::error("BuildError", span, message));
    }

    /// Returns the plan and the errors found.
    pub fn finish(self) -> Planned {
        Planned {
            plan: self.plan,
            errors: self.errors,
            warnings: Vec::new(),
        }
    }

    /// Plans `instructions`.
    pub fn run(&mut self, instructions: &[Read<'_>]) {
        let (meta, mut drafts) = self.split(instructions);
        if drafts.is_empty() {
            if !instructions.is_empty() {
                self.error(0..0, "dockerfile contains no stages to build");
            }
            return;
        }
        if !self.global_args(instructions, &meta, &drafts) {
            return;
        }
        self.all_names = drafts
            .iter()
            .enumerate()
            .filter_map(|(index, d)| d.from.name.clone().map(|name| (name, index)))
            .collect();
        let declared = declared_names(&meta);
        for index in 0..drafts.len() {
            self.expand_from(&mut drafts, index, &declared);
        }

        let Some(target) = self.find_target(&drafts) else {
            return;
        };
        if !self.resolve_dependencies(&mut drafts) || !self.check_cycles(&drafts) {
            return;
        }
        let stages: Vec<&Stage> = drafts.iter().map(|d| &d.stage).collect();
        let needed = needed_stages(&stages, target);
        let mut reachable_mask = vec![false; drafts.len()];
        for &index in &needed {
            reachable_mask[index] = true;
        }
        for (index, &reachable) in reachable_mask.iter().enumerate() {
            if self.input.all_stages || reachable {
                self.dispatch_stage(&mut drafts, index, reachable);
            }
        }
        self.plan = Some(Plan {
            stages: drafts.into_iter().map(|d| d.stage).collect(),
            target,
            needed,
            global_args: self.global.pairs(),
        });
    }

    /// Sets the global ARGs as BuildKit's `defaultArgs` and `buildMetaArgs`
    /// do, after the InvalidDefaultArgInFrom check on their defaults.
    /// Returns false when a default fails to expand.
    fn global_args(
        &mut self,
        instructions: &[Read<'_>],
        meta: &[(usize, Vec<ArgDeclaration>)],
        drafts: &[Draft<'_>],
    ) -> bool {
        let target_name = match &self.input.target {
            Some(target) => target.clone(),
            None => drafts
                .last()
                .and_then(|d| d.from.name.clone())
                .unwrap_or_default(),
        };
        let defaults =
            args::default_args(&self.input.platform, &self.input.build_args, &target_name);
        let bases: Vec<_> = drafts
            .iter()
            .map(|d| (d.from.base.clone(), d.stage.span.clone()))
            .collect();
        args::invalid_default_args(self.linter, &self.lexer, &defaults, meta, &bases);

        let build_args = Some(&self.input.build_args);
        match args::meta_args(defaults, &self.lexer, meta, build_args) {
            Ok((global, _)) => {
                self.global = global;
                true
            }
            Err((index, message)) => {
                self.error(instructions[index].0.span.clone(), message);
                false
            }
        }
    }

    /// Splits global ARGs before the first FROM from the stages and their
    /// commands.
    fn split<'p>(
        &mut self,
        instructions: &'p [Read<'p>],
    ) -> (Vec<(usize, Vec<ArgDeclaration>)>, Vec<Draft<'p>>) {
        let mut meta = Vec::new();
        let mut drafts: Vec<Draft<'p>> = Vec::new();
        for (index, read) in instructions.iter().enumerate() {
            let (instruction, typed) = (read.0, &read.1);
            match (&typed.command, drafts.last_mut()) {
                (Command::From(from), _) => drafts.push(new_draft(instruction, from, drafts.len())),
                (Command::Arg(declarations), None) => meta.push((index, declarations.clone())),
                (_, None) => self.error(
                    instruction.keyword_span.clone(),
                    "no build stage in current context",
                ),
                (_, Some(draft)) => draft.commands.push(read),
            }
        }
        (meta, drafts)
    }

    fn expand_from(
        &mut self,
        drafts: &mut [Draft<'_>],
        index: usize,
        declared: &SortedSet<String>,
    ) {
        let span = drafts[index].stage.span.clone();
        let from = drafts[index].from.clone();
        // FIXME: BuildKit reports UndefinedArgInFrom for the names it looked
        // up before an expansion error; no names are reported here.
        let expansion = match self.lexer.process_word(&from.base, &self.global) {
            Ok(expansion) => expansion,
            Err(error) => return self.error(span, error.to_string()),
        };
        args::undefined_args_in_from(
            self.linter,
            &expansion,
            &self.global,
            declared,
            span.clone(),
        );
        if expansion.result.is_empty() {
            let message = format!("base name ({}) should not be blank", from.base);
            return self.error(span, message);
        }
        if let Some(platform) = &from.platform {
            let name = from.name.as_deref().unwrap_or("");
            drafts[index].stage.platform = self.expand_platform(platform, name, declared, span);
        }

        let base = &expansion.result;
        drafts[index].stage.base = match self.names.get(base) {
            Some(&earlier) => Base::Stage(earlier),
            None if base == "scratch" => Base::Scratch,
            None => Base::Image(base.clone()),
        };
        if let Some(name) = &from.name {
            self.names.insert(name.clone(), index);
        }
    }

    /// Expands and parses a `--platform` value, with BuildKit's checks and
    /// errors.
    fn expand_platform(
        &mut self,
        written: &str,
        stage_name: &str,
        declared: &SortedSet<String>,
        span: Range<usize>,
    ) -> Option<Platform> {
        let expansion = match self.lexer.process_word(written, &self.global) {
            Ok(expansion) => expansion,
            Err(error) => {
                // BuildKit names the expansion's result, which is empty
                // when expansion fails.
                let message = format!("failed to process arguments for platform : {error}");
                self.error(span, message);
                return None;
            }
        };
        let global = &self.global;
        args::undefined_args_in_from(self.linter, &expansion, global, declared, span.clone());
        args::redundant_target_platform(self.linter, written, &expansion, global, span.clone());
        args::const_platform(self.linter, stage_name, &expansion, span.clone());

        if expansion.result.is_empty() {
            let message = format!("empty platform value from expression {written}");
            let message = args::suggest_any(message, &expansion.unmatched, &self.global);
            self.error(span, message);
            return None;
        }
        match Platform::parse(&expansion.result) {
            Ok(platform) => Some(platform),
            Err(error) => {
                let error = args::suggest_any(error, &expansion.unmatched, &self.global);
                self.error(span, format!("failed to parse platform {written}: {error}"));
                None
            }
        }
    }

    /// Finds the `--target` stage, or takes the last one.
    fn find_target(&mut self, drafts: &[Draft<'_>]) -> Option<usize> {
        let Some(target) = &self.input.target else {
            return Some(drafts.len() - 1);
        };
        let found = self.all_names.get(&target.to_lowercase()).copied();
        if found.is_none() {
            let message = format!("target stage {} could not be found", quote(target));
            let names: Vec<&str> = drafts
                .iter()
                .map(|d| d.stage.display_name.as_str())
                .collect();
            let message = with_suggestion(message, target, &names, Case::Sensitive, Order::Listed);
            self.error(0..0, message);
        }
        found
    }

    /// Records `COPY --from` and `RUN --mount=from=` dependencies, with the
    /// checks of BuildKit's `toCommand`. Returns false at the first error.
    fn resolve_dependencies(&mut self, drafts: &mut [Draft<'_>]) -> bool {
        let mut resolver = Resolver {
            names: &self.all_names,
            stages: drafts.len(),
            implicit: Vec::new(),
            lexer: &self.lexer,
        };
        let mut failure = None;
        'stages: for draft in drafts.iter_mut() {
            let mut dependencies = Vec::new();
            for read in &draft.commands {
                if let Err(message) = resolver.command(read, &mut dependencies) {
                    failure = Some((read.0.span.clone(), message));
                    break 'stages;
                }
            }
            draft.stage.dependencies = dependencies;
        }
        match failure {
            Some((span, message)) => {
                self.error(span, message);
                false
            }
            None => true,
        }
    }

    /// BuildKit's `validateCircularDependency`: depth-first from each stage
    /// in file order, naming the stage the search started from.
    fn check_cycles(&mut self, drafts: &[Draft<'_>]) -> bool {
        let edges: Vec<Vec<usize>> = drafts
            .iter()
            .map(|d| stage_dependencies(&d.stage))
            .collect();
        let spans: Vec<Vec<Range<usize>>> =
            drafts.iter().map(|d| dependency_spans(&d.stage)).collect();
        let mut search = Search::new(drafts.len());
        for (start, draft) in drafts.iter().enumerate() {
            if let Some(span) = find_cycle(&edges, &spans, start, &mut search) {
                let name = &draft.stage.display_name;
                let message = format!("circular dependency detected on stage: {name}");
                self.error(span, message);
                return false;
            }
        }
        true
    }

    /// Dispatches one stage. ONBUILD triggers of its base run only when the
    /// stage is reachable from the target, because BuildKit reads them for
    /// reachable stages alone, even when it dispatches every stage.
    ///
    /// FIXME: BuildKit adds the stages a trigger's `COPY --from` names to the
    /// reachable stages before it dispatches. Here they stay out of
    /// [`Plan::needed`], so a trigger that copies from a stage nothing else
    /// needs fails as if that stage came later.
    fn dispatch_stage(&mut self, drafts: &mut [Draft<'_>], index: usize, reachable: bool) {
        let (mut state, triggers) = match drafts[index].stage.base {
            Base::Stage(base) => (
                drafts[base].state.clone().unwrap_or_else(fresh_state),
                onbuild_triggers(&drafts[base]),
            ),
            Base::Image(ref name) => match self.input.base_images.get(name) {
                Some(image) => (image_state(image), image_triggers(image)),
                None => (fresh_state(), Vec::new()),
            },
            Base::Scratch => (fresh_state(), Vec::new()),
        };
        let stage_span = drafts[index].stage.span.clone();
        let mut used_once = UsedOnce::default();
        let mut steps = Vec::new();

        let triggers = if reachable { triggers } else { Vec::new() };
        for trigger in triggers {
            let typed = match trigger {
                Ok(typed) => typed,
                Err(error) => {
                    self.error(stage_span.clone(), error.reason);
                    continue;
                }
            };
            let context = Context {
                instruction: None,
                span: stage_span.clone(),
                onbuild: true,
            };
            let mut dispatch = Dispatch::new(self, &mut state, &mut used_once, &context);
            steps.extend(dispatch.step(drafts, index, typed));
        }
        for read in drafts[index].commands.clone() {
            let context = Context {
                instruction: Some(read.0),
                span: read.0.span.clone(),
                onbuild: false,
            };
            let mut dispatch = Dispatch::new(self, &mut state, &mut used_once, &context);
            steps.extend(dispatch.step(drafts, index, read.1.clone()));
        }

        let draft = &mut drafts[index];
        draft.stage.steps = steps;
        draft.stage.dispatched = true;
        draft.state = Some(state);
    }
}

/// Follows BuildKit's `toCommand` and `detectRunMount` over the commands of
/// every stage: checks `COPY --from` values and records what each command
/// takes files from.
struct Resolver<'r> {
    names: &'r HashMap<String, usize>,
    /// How many stages the file declares.
    stages: usize,
    /// The sources BuildKit adds as implicit stages after the declared ones
    /// (images, and `scratch` for mounts without `from`), which a numeric
    /// `--from` can also name.
    implicit: Vec<String>,
    lexer: &'r Lexer,
}

impl Resolver<'_> {
    fn command(
        &mut self,
        read: &Read<'_>,
        dependencies: &mut Vec<Dependency>,
    ) -> Result<(), String> {
        let span = read.0.span.clone();
        match &read.1.command {
            Command::Copy(Copy {
                from: Some(from), ..
            }) => {
                let source = self.copy_source(from)?;
                dependencies.push(Dependency {
                    source,
                    kind: DependencyKind::CopyFrom,
                    span,
                });
            }
            Command::Run(run) => {
                for from in &run.mount_sources {
                    let explicit = from.is_some();
                    let name = from.as_deref().unwrap_or("scratch");
                    let source = self.named_source(name);
                    // A mount without `from` reads from scratch, which is no
                    // dependency unless a stage is named `scratch`.
                    if explicit || matches!(source, Source::Stage(_)) {
                        dependencies.push(Dependency {
                            source,
                            kind: DependencyKind::MountFrom,
                            span: span.clone(),
                        });
                    }
                }
            }
            _ => {}
        }
        Ok(())
    }

    fn copy_source(&mut self, from: &str) -> Result<Source, String> {
        let expanded = self
            .lexer
            .process_word(from, &EnvList::new())
            .map_err(|error| error.to_string())?;
        if expanded.result != from {
            return Err("variable expansion is not supported for --from, define a new stage with FROM using ARG from global scope as a workaround".to_owned());
        }
        let Ok(index) = from.parse::<i64>() else {
            return Ok(self.named_source(from));
        };
        let implicit = usize::try_from(index)
            .ok()
            .and_then(|index| index.checked_sub(self.stages));
        match (usize::try_from(index), implicit) {
            (Ok(stage), _) if stage < self.stages => Ok(Source::Stage(stage)),
            (_, Some(extra)) if extra < self.implicit.len() => {
                Ok(Source::Image(self.implicit[extra].clone()))
            }
            _ => Err(format!("invalid stage index {index}")),
        }
    }

    /// Returns the stage named `name`, or the image, which BuildKit adds as
    /// an implicit stage.
    fn named_source(&mut self, name: &str) -> Source {
        match self.names.get(&name.to_lowercase()) {
            Some(&stage) => Source::Stage(stage),
            None => {
                self.implicit.push(name.to_owned());
                Source::Image(name.to_owned())
            }
        }
    }
}

fn declared_names(meta: &[(usize, Vec<ArgDeclaration>)]) -> SortedSet<String> {
    meta.iter()
        .flat_map(|(_, declarations)| declarations.iter().map(|arg| arg.name.clone()))
        .collect()
}

fn new_draft<'a>(instruction: &'a Instruction, from: &From, index: usize) -> Draft<'a> {
    Draft {
        from: from.clone(),
        commands: Vec::new(),
        stage: Stage {
            index,
            name: from.name.clone(),
            display_name: from
                .name
                .clone()
                .unwrap_or_else(|| format!("stage-{index}")),
            base: Base::Image(from.base.clone()),
            platform: None,
            steps: Vec::new(),
            dependencies: Vec::new(),
            span: instruction.span.clone(),
            dispatched: false,
        },
        state: None,
    }
}

fn fresh_state() -> State {
    let mut state = State::default();
    state.env.set("PATH", DEFAULT_PATH);
    state
}

/// Returns the starting state of a stage built on a known image: its
/// environment, with BuildKit's default `PATH` added at the end when it has
/// none.
///
/// FIXME: [`BaseImage`] has no working directory and no shell, so a stage
/// on an image with them starts at `/` and without a SHELL here. That
/// changes a relative or empty RUN mount target and JSONArgsRecommended.
fn image_state(image: &BaseImage) -> State {
    let mut state = State::default();
    for (name, value) in &image.env {
        state.env.set(name, value);
    }
    if !image.env.iter().any(|(name, _)| name == "PATH") {
        state.env.set("PATH", DEFAULT_PATH);
    }
    state
}

/// Reads a base image's ONBUILD triggers as instructions.
fn image_triggers(image: &BaseImage) -> Vec<Result<Typed, InstructionError>> {
    image
        .onbuild
        .iter()
        .filter_map(|text| {
            let output = crate::parser::parse(text);
            let instruction = output.instructions.first()?;
            Some(crate::instructions::parse_instruction(instruction))
        })
        .collect()
}

fn onbuild_triggers(base: &Draft<'_>) -> Vec<Result<Typed, InstructionError>> {
    base.commands
        .iter()
        .filter_map(|read| match &read.1.command {
            Command::Onbuild(onbuild) => Some(onbuild.trigger.clone().map(|typed| *typed)),
            _ => None,
        })
        .collect()
}
