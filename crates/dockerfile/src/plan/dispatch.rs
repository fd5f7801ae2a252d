//! The planner: splits instructions into global ARGs and stages, expands
//! FROM lines, resolves stage references and dispatches stages in file
//! order, expanding words and running BuildKit's dispatch-time checks.

use std::collections::{BTreeSet, HashMap};
use std::ops::Range;

use super::args::{self, Vars};
use super::values::{check_signal, parse_port, Platform};
use super::*;
use crate::instructions::mount::parse_mount;
use crate::instructions::suggest::{suggest, Case};
use crate::instructions::{word_span, Add, ArgDeclaration, Copy, From, Pair, Sources};
use crate::linter::rules::{self, message};
use crate::parser::{go::quote, Form};
use crate::shell::{Env, Lexer};

/// Build args BuildKit never puts in the environment.
const NON_ENV_ARGS: [&str; 2] = ["BUILDKIT_SBOM_SCAN_CONTEXT", "BUILDKIT_SBOM_SCAN_STAGE"];

/// The default `PATH` BuildKit sets for Linux images without one.
const DEFAULT_PATH: &str = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

type Pair2<'a> = (&'a Instruction, Typed);

struct Draft<'a> {
    from: From,
    commands: Vec<&'a Pair2<'a>>,
    stage: Stage,
    state: Option<State>,
}

/// What a stage passes to the stages built on it.
#[derive(Clone, Debug, Default)]
struct State {
    env: Vars,
    arg_names: Vec<String>,
    workdir_set: bool,
    shell_set: bool,
}

/// The last CMD, ENTRYPOINT and HEALTHCHECK of a stage, for
/// MultipleInstructionsDisallowed.
#[derive(Default)]
struct Seen {
    cmd: Option<Range<usize>>,
    entrypoint: Option<Range<usize>>,
    healthcheck: Option<Range<usize>>,
}

pub struct Planner<'a, 'l> {
    /// Stage names seen so far while expanding FROM lines, for bases.
    names: HashMap<String, usize>,
    /// Every stage name, the last stage of each name winning, as BuildKit's
    /// map of stage names keeps them.
    all_names: HashMap<String, usize>,
    lexer: Lexer,
    input: &'a PlanInput,
    linter: &'l mut Linter,
    errors: Vec<Diagnostic>,
    global: Vars,
    plan: Option<Plan>,
}

impl<'a, 'l> Planner<'a, 'l> {
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

    fn error(&mut self, span: Range<usize>, message: impl Into<String>) {
        self.errors
            .push(Diagnostic::error("BuildError", span, message));
    }

    pub fn finish(self) -> Planned {
        Planned {
            plan: self.plan,
            errors: self.errors,
            warnings: Vec::new(),
        }
    }

    pub fn run(&mut self, instructions: &[(&Instruction, Typed)]) {
        let (meta, mut drafts) = self.split(instructions);
        if drafts.is_empty() {
            if !instructions.is_empty() {
                self.error(0..0, "dockerfile contains no stages to build");
            }
            return;
        }
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
        args::invalid_default_args(self.linter, &self.lexer, &defaults, &meta, &bases);
        let (global, declared) =
            match args::meta_args(defaults, &self.lexer, &meta, Some(&self.input.build_args)) {
                Ok(result) => result,
                Err((index, message)) => {
                    return self.error(instructions[index].0.span.clone(), message)
                }
            };
        self.global = global;
        self.all_names = drafts
            .iter()
            .enumerate()
            .filter_map(|(index, d)| d.from.name.clone().map(|name| (name, index)))
            .collect();
        for index in 0..drafts.len() {
            self.expand_from(&mut drafts, index, &declared);
        }
        let Some(target) = self.find_target(&drafts) else {
            return;
        };
        if !self.resolve_dependencies(&mut drafts) || !self.check_cycles(&drafts) {
            return;
        }
        let needed = needed_stages(&drafts, target);
        for index in 0..drafts.len() {
            if self.input.all_stages || needed.contains(&index) {
                self.dispatch_stage(&mut drafts, index);
            }
        }
        self.plan = Some(Plan {
            stages: drafts.into_iter().map(|d| d.stage).collect(),
            target,
            needed,
            global_args: self.global.pairs(),
        });
    }

    /// Global ARGs before the first FROM, then stages with their commands.
    fn split<'p>(
        &mut self,
        instructions: &'p [Pair2<'p>],
    ) -> (Vec<(usize, Vec<ArgDeclaration>)>, Vec<Draft<'p>>) {
        let mut meta = Vec::new();
        let mut drafts: Vec<Draft<'p>> = Vec::new();
        for (index, pair) in instructions.iter().enumerate() {
            let (instruction, typed) = (pair.0, &pair.1);
            match (&typed.command, drafts.last_mut()) {
                (Command::From(from), _) => drafts.push(new_draft(instruction, from, drafts.len())),
                (Command::Arg(declarations), None) => meta.push((index, declarations.clone())),
                (_, None) => self.error(
                    instruction.keyword_span.clone(),
                    "no build stage in current context",
                ),
                (_, Some(draft)) => draft.commands.push(pair),
            }
        }
        (meta, drafts)
    }

    fn expand_from(&mut self, drafts: &mut [Draft<'_>], index: usize, declared: &BTreeSet<String>) {
        let span = drafts[index].stage.span.clone();
        let from = drafts[index].from.clone();
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
            return self.error(
                span,
                format!("base name ({}) should not be blank", from.base),
            );
        }
        if let Some(platform) = &from.platform {
            drafts[index].stage.platform = self.expand_platform(
                platform,
                from.name.as_deref().unwrap_or(""),
                declared,
                span.clone(),
            );
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

    fn expand_platform(
        &mut self,
        written: &str,
        stage_name: &str,
        declared: &BTreeSet<String>,
        span: Range<usize>,
    ) -> Option<Platform> {
        let expansion = match self.lexer.process_word(written, &self.global) {
            Ok(expansion) => expansion,
            Err(error) => {
                self.error(
                    span,
                    format!("failed to process arguments for platform {written}: {error}"),
                );
                return None;
            }
        };
        args::undefined_args_in_from(
            self.linter,
            &expansion,
            &self.global,
            declared,
            span.clone(),
        );
        args::redundant_target_platform(
            self.linter,
            written,
            &expansion,
            &self.global,
            span.clone(),
        );
        args::const_platform(self.linter, stage_name, &expansion, span.clone());
        if expansion.result.is_empty() {
            self.error(
                span,
                format!("empty platform value from expression {written}"),
            );
            return None;
        }
        match Platform::parse(&expansion.result) {
            Ok(platform) => Some(platform),
            Err(error) => {
                self.error(span, format!("failed to parse platform {written}: {error}"));
                None
            }
        }
    }

    fn find_target(&mut self, drafts: &[Draft<'_>]) -> Option<usize> {
        let Some(target) = &self.input.target else {
            return Some(drafts.len() - 1);
        };
        let found = self.all_names.get(&target.to_lowercase()).copied();
        if found.is_none() {
            self.error(
                0..0,
                format!("target stage {} could not be found", quote(target)),
            );
        }
        found
    }

    /// Records `COPY --from` and `RUN --mount=from=` dependencies.
    fn resolve_dependencies(&mut self, drafts: &mut [Draft<'_>]) -> bool {
        let names = self.all_names.clone();
        let named = |name: &str, _: &[Draft<'_>]| names.get(&name.to_lowercase()).copied();
        for index in 0..drafts.len() {
            let mut dependencies = Vec::new();
            for pair in &drafts[index].commands {
                let span = pair.0.span.clone();
                match &pair.1.command {
                    Command::Copy(Copy {
                        from: Some(from), ..
                    }) => {
                        let source = match from.parse::<i64>() {
                            Ok(stage) if stage < 0 || stage as usize >= drafts.len() => {
                                self.error(span, format!("invalid stage index {stage}"));
                                return false;
                            }
                            Ok(stage) => Source::Stage(stage as usize),
                            Err(_) => named(from, drafts)
                                .map_or_else(|| Source::Image(from.clone()), Source::Stage),
                        };
                        dependencies.push(Dependency {
                            source,
                            kind: DependencyKind::CopyFrom,
                            span,
                        });
                    }
                    Command::Run(run) => {
                        for from in run.mount_sources.iter().flatten() {
                            let source = named(from, drafts)
                                .map_or_else(|| Source::Image(from.clone()), Source::Stage);
                            dependencies.push(Dependency {
                                source,
                                kind: DependencyKind::MountFrom,
                                span: span.clone(),
                            });
                        }
                    }
                    _ => {}
                }
            }
            drafts[index].stage.dependencies = dependencies;
        }
        true
    }

    /// BuildKit's `validateCircularDependency`: depth-first from each stage in
    /// file order, naming the stage the search started from.
    fn check_cycles(&mut self, drafts: &[Draft<'_>]) -> bool {
        let edges: Vec<Vec<usize>> = drafts
            .iter()
            .map(|d| stage_dependencies(&d.stage))
            .collect();
        let spans = drafts_spans(drafts);
        let mut visited = vec![false; drafts.len()];
        for start in 0..drafts.len() {
            if let Some(span) = find_cycle(&edges, &spans, start, &mut visited) {
                let name = if drafts.len() == 1 && drafts[0].from.name.is_none() {
                    "stage-0".to_owned()
                } else {
                    drafts[start].stage.display_name.clone()
                };
                self.error(
                    span,
                    format!("circular dependency detected on stage: {name}"),
                );
                return false;
            }
        }
        true
    }

    fn dispatch_stage(&mut self, drafts: &mut [Draft<'_>], index: usize) {
        let (mut state, mut triggers) = match drafts[index].stage.base {
            Base::Stage(base) => (
                drafts[base].state.clone().unwrap_or_default(),
                onbuild_triggers(&drafts[base]),
            ),
            Base::Image(ref name) => match self.input.base_images.get(name) {
                Some(image) => (image_state(image), image_triggers(image)),
                None => (fresh_state(), Vec::new()),
            },
            Base::Scratch => (fresh_state(), Vec::new()),
        };
        let stage_span = drafts[index].stage.span.clone();
        let mut seen = Seen::default();
        let mut steps = Vec::new();
        for trigger in triggers.drain(..) {
            match trigger {
                Ok(typed) => {
                    let context = Context {
                        instruction: None,
                        span: stage_span.clone(),
                        onbuild: true,
                    };
                    if let Some(step) =
                        self.dispatch(drafts, index, &mut state, &mut seen, &context, typed)
                    {
                        steps.push(step);
                    }
                }
                Err(error) => self.error(stage_span.clone(), error.message),
            }
        }
        let commands = drafts[index].commands.clone();
        for pair in commands {
            let context = Context {
                instruction: Some(pair.0),
                span: pair.0.span.clone(),
                onbuild: false,
            };
            if let Some(step) = self.dispatch(
                drafts,
                index,
                &mut state,
                &mut seen,
                &context,
                pair.1.clone(),
            ) {
                steps.push(step);
            }
        }
        let draft = &mut drafts[index];
        draft.stage.steps = steps;
        draft.stage.dispatched = true;
        draft.state = Some(state);
    }

    fn dispatch(
        &mut self,
        drafts: &[Draft<'_>],
        index: usize,
        state: &mut State,
        seen: &mut Seen,
        context: &Context<'_>,
        typed: Typed,
    ) -> Option<Step> {
        let mut run = Dispatch {
            planner: self,
            state,
            context,
        };
        let mut mounts = Vec::new();
        let command = match run.command(drafts, index, seen, &typed, &mut mounts) {
            Ok(command) => command,
            Err(message) => {
                let span = context.span.clone();
                self.error(span, message);
                return None;
            }
        };
        Some(Step {
            name: typed.name,
            command,
            mounts,
            onbuild: context.onbuild,
            span: context.span.clone(),
        })
    }
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
/// environment, with BuildKit's default `PATH` when it has none.
fn image_state(image: &super::BaseImage) -> State {
    let mut state = State::default();
    if !image.env.iter().any(|(name, _)| name == "PATH") {
        state.env.set("PATH", DEFAULT_PATH);
    }
    for (name, value) in &image.env {
        state.env.set(name, value);
    }
    state
}

/// Reads a base image's ONBUILD triggers as instructions.
fn image_triggers(image: &super::BaseImage) -> Vec<Result<Typed, crate::instructions::InstructionError>> {
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

fn onbuild_triggers(base: &Draft<'_>) -> Vec<Result<Typed, crate::instructions::InstructionError>> {
    base.commands
        .iter()
        .filter_map(|pair| match &pair.1.command {
            Command::Onbuild(onbuild) => Some(onbuild.trigger.clone().map(|typed| *typed)),
            _ => None,
        })
        .collect()
}

fn stage_dependencies(stage: &Stage) -> Vec<usize> {
    stage
        .dependencies
        .iter()
        .filter_map(|d| match d.source {
            Source::Stage(index) => Some(index),
            Source::Image(_) => None,
        })
        .collect()
}

fn drafts_spans(drafts: &[Draft<'_>]) -> Vec<Vec<Range<usize>>> {
    drafts
        .iter()
        .map(|d| {
            d.stage
                .dependencies
                .iter()
                .filter(|dep| matches!(dep.source, Source::Stage(_)))
                .map(|dep| dep.span.clone())
                .collect()
        })
        .collect()
}

/// Iterative depth-first search; returns the span of the edge that closes a cycle.
fn find_cycle(
    edges: &[Vec<usize>],
    spans: &[Vec<Range<usize>>],
    start: usize,
    visited: &mut [bool],
) -> Option<Range<usize>> {
    if visited[start] {
        return None;
    }
    let mut on_path = vec![false; edges.len()];
    let mut stack = vec![(start, 0usize)];
    visited[start] = true;
    on_path[start] = true;
    while let Some((node, next)) = stack.last_mut() {
        let node = *node;
        let Some(&dep) = edges[node].get(*next) else {
            on_path[node] = false;
            stack.pop();
            continue;
        };
        let edge = *next;
        *next += 1;
        if on_path[dep] {
            return Some(spans[node][edge].clone());
        }
        if !visited[dep] {
            visited[dep] = true;
            on_path[dep] = true;
            stack.push((dep, 0));
        }
    }
    None
}

/// The target and every stage it reaches through bases and dependencies, sorted.
fn needed_stages(drafts: &[Draft<'_>], target: usize) -> Vec<usize> {
    let mut needed = vec![false; drafts.len()];
    let mut stack = vec![target];
    while let Some(index) = stack.pop() {
        if std::mem::replace(&mut needed[index], true) {
            continue;
        }
        if let Base::Stage(base) = drafts[index].stage.base {
            stack.push(base);
        }
        stack.extend(stage_dependencies(&drafts[index].stage));
    }
    (0..drafts.len()).filter(|&i| needed[i]).collect()
}

/// Where a step comes from: its instruction, or an ONBUILD trigger shown at
/// the FROM of the stage it runs in.
struct Context<'i> {
    instruction: Option<&'i Instruction>,
    span: Range<usize>,
    onbuild: bool,
}

/// Dispatches one step against a stage's state.
struct Dispatch<'p, 'a, 'l, 's, 'c, 'i> {
    planner: &'p mut Planner<'a, 'l>,
    state: &'s mut State,
    context: &'c Context<'i>,
}

impl Dispatch<'_, '_, '_, '_, '_, '_> {
    fn span_of(&self, word: &str) -> Range<usize> {
        match self.context.instruction {
            Some(instruction) => word_span(instruction, word),
            None => self.context.span.clone(),
        }
    }

    fn keyword_span(&self) -> Range<usize> {
        self.context
            .instruction
            .map_or_else(|| self.context.span.clone(), |i| i.keyword_span.clone())
    }

    fn report(&mut self, rule: &crate::linter::Rule, span: Range<usize>, message: String) {
        self.planner.linter.report(rule, span, message);
    }

    /// Expands a word against the stage's environment, reporting UndefinedVar.
    fn expand(&mut self, word: &str) -> Result<String, String> {
        let lexer = self.planner.lexer.clone();
        self.expand_with(&lexer, word)
    }

    fn expand_with(&mut self, lexer: &Lexer, word: &str) -> Result<String, String> {
        let expansion = lexer
            .process_word(word, &self.state.env)
            .map_err(|e| e.to_string())?;
        self.report_unmatched(&expansion.unmatched);
        Ok(expansion.result)
    }

    fn report_unmatched(&mut self, unmatched: &BTreeSet<String>) {
        for name in unmatched {
            if self.state.arg_names.contains(name) || NON_ENV_ARGS.contains(&name.as_str()) {
                continue;
            }
            let suggestion = suggest(name, self.state.env.keys(), Case::Sensitive);
            let mut span = self.span_of(&format!("${{{name}"));
            if span == self.keyword_span() {
                span = self.span_of(&format!("${name}"));
            }
            self.report(
                &rules::UNDEFINED_VAR,
                span,
                message::undefined_var(name, suggestion.as_deref()),
            );
        }
    }

    fn expand_all(&mut self, words: &[String]) -> Result<Vec<String>, String> {
        words.iter().map(|word| self.expand(word)).collect()
    }

    fn command(
        &mut self,
        drafts: &[Draft<'_>],
        index: usize,
        seen: &mut Seen,
        typed: &Typed,
        mounts: &mut Vec<Mount>,
    ) -> Result<Command, String> {
        let name = typed.name.as_str();
        Ok(match &typed.command {
            Command::Env(pairs) => Command::Env(self.env(name, pairs)?),
            Command::Label(pairs) => Command::Label(self.label(name, pairs)?),
            Command::Add(add) => Command::Add(self.add(add)?),
            Command::Copy(copy) => Command::Copy(self.copy(drafts, index, copy)?),
            Command::Workdir(path) => Command::Workdir(self.workdir(path)?),
            Command::User(user) => Command::User(self.expand(user)?),
            Command::Volume(volumes) => Command::Volume(self.volumes(volumes)?),
            Command::StopSignal(signal) => {
                let signal = self.expand(signal)?;
                check_signal(&signal)?;
                Command::StopSignal(signal)
            }
            Command::Expose(ports) => Command::Expose(self.expose(ports)?),
            Command::Run(run) => {
                *mounts = self.mounts(drafts, &run.mounts)?;
                Command::Run(run.clone())
            }
            Command::Cmd(line) => {
                self.used_once(&mut seen.cmd, name);
                self.json_args(name, line.form);
                Command::Cmd(line.clone())
            }
            Command::Entrypoint(line) => {
                self.used_once(&mut seen.entrypoint, name);
                self.json_args(name, line.form);
                Command::Entrypoint(line.clone())
            }
            Command::Healthcheck(check) => {
                self.used_once(&mut seen.healthcheck, name);
                Command::Healthcheck(check.clone())
            }
            Command::Shell(shell) => {
                self.state.shell_set = true;
                Command::Shell(shell.clone())
            }
            Command::Arg(declarations) => Command::Arg(self.args(declarations)?),
            other => other.clone(),
        })
    }

    fn secret_check(&mut self, instruction: &str, key: &str) {
        let parts = || key.split('_').map(|part| part.to_lowercase());
        const TOKENS: [&str; 10] = [
            "apikey",
            "auth",
            "credential",
            "credentials",
            "key",
            "password",
            "pword",
            "passwd",
            "secret",
            "token",
        ];
        let denied = parts().any(|part| TOKENS.contains(&part.as_str()));
        let allowed = parts().any(|part| part == "public");
        if denied && !allowed {
            let span = self.span_of(key);
            self.report(
                &rules::SECRETS_USED_IN_ARG_OR_ENV,
                span,
                message::secrets_used_in_arg_or_env(instruction, key),
            );
        }
    }

    fn env(&mut self, name: &str, pairs: &[Pair]) -> Result<Vec<Pair>, String> {
        let mut expanded = Vec::new();
        for pair in pairs {
            let key = self.expand(&pair.key)?;
            let value = self.expand(&pair.value)?;
            if pair.legacy {
                let span = self.keyword_span();
                self.report(
                    &rules::LEGACY_KEY_VALUE_FORMAT,
                    span,
                    message::legacy_key_value_format(name),
                );
            }
            self.secret_check("ENV", &key);
            self.state.env.set(&key, &value);
            expanded.push(Pair {
                key,
                value,
                legacy: pair.legacy,
            });
        }
        Ok(expanded)
    }

    fn label(&mut self, name: &str, pairs: &[Pair]) -> Result<Vec<Pair>, String> {
        let mut expanded = Vec::new();
        for pair in pairs {
            let key = self.expand(&pair.key)?;
            let value = self.expand(&pair.value)?;
            if pair.legacy {
                let span = self.keyword_span();
                self.report(
                    &rules::LEGACY_KEY_VALUE_FORMAT,
                    span,
                    message::legacy_key_value_format(name),
                );
            }
            expanded.push(Pair {
                key,
                value,
                legacy: pair.legacy,
            });
        }
        Ok(expanded)
    }

    fn optional(&mut self, value: &Option<String>) -> Result<Option<String>, String> {
        value.as_deref().map(|value| self.expand(value)).transpose()
    }

    fn sources(&mut self, sources: &Sources) -> Result<Sources, String> {
        let paths = self.expand_all(&sources.paths)?;
        let destination = self.expand(&sources.destination)?;
        let raw = Lexer::new('\\').skip_process_quotes(true);
        let mut contents = Vec::new();
        for content in &sources.contents {
            let mut content = content.clone();
            if content.expand {
                content.data = self.expand_with(&raw, &content.data)?;
            }
            contents.push(content);
        }
        Ok(Sources {
            paths,
            contents,
            destination,
        })
    }

    fn add(&mut self, add: &Add) -> Result<Add, String> {
        let mut add = add.clone();
        add.chown = self.optional(&add.chown)?;
        add.chmod = self.optional(&add.chmod)?;
        add.checksum = self.optional(&add.checksum)?;
        add.sources = self.sources(&add.sources)?;
        check_chmod(add.chmod.as_deref())?;
        if add.checksum.as_deref().is_some_and(|c| !c.is_empty()) {
            if add.sources.paths.len() != 1 {
                return Err("checksum can't be specified for multiple sources".into());
            }
            if !is_http(&add.sources.paths[0]) {
                return Err("checksum can't be specified for non-HTTP(S) sources".into());
            }
        }
        self.ignored_files("Add", &add.sources.paths);
        Ok(add)
    }

    fn copy(&mut self, drafts: &[Draft<'_>], index: usize, copy: &Copy) -> Result<Copy, String> {
        let mut copy = copy.clone();
        copy.chown = self.optional(&copy.chown)?;
        copy.chmod = self.optional(&copy.chmod)?;
        copy.sources = self.sources(&copy.sources)?;
        check_chmod(copy.chmod.as_deref())?;
        if let Some(from) = &copy.from {
            if let Some(source) = self.source_stage(drafts, from) {
                if drafts[source].state.is_none() {
                    let current = &drafts[index].stage.display_name;
                    return Err(format!(
                        "cannot copy from stage {}, it needs to be defined before current stage {}",
                        quote(from),
                        quote(current)
                    ));
                }
            }
        } else {
            self.ignored_files("Copy", &copy.sources.paths);
        }
        if copy.sources.paths.iter().any(|path| is_http(path)) {
            return Err("source can't be a URL for COPY".into());
        }
        Ok(copy)
    }

    fn source_stage(&self, drafts: &[Draft<'_>], from: &str) -> Option<usize> {
        if let Ok(index) = from.parse::<usize>() {
            return (index < drafts.len()).then_some(index);
        }
        self.planner.all_names.get(&from.to_lowercase()).copied()
    }

    fn ignored_files(&mut self, command: &str, paths: &[String]) {
        let Some(matcher) = &self.planner.input.dockerignore else {
            return;
        };
        let ignored: Vec<String> = paths
            .iter()
            .filter(|path| !is_http(path) && matcher.matches_or_parent_matches(path))
            .cloned()
            .collect();
        for path in ignored {
            let span = self.span_of(&path);
            self.report(
                &rules::COPY_IGNORED_FILE,
                span,
                message::copy_ignored_file(command, &path),
            );
        }
    }

    fn workdir(&mut self, path: &str) -> Result<String, String> {
        let path = self.expand(path)?;
        if !self.state.workdir_set && !path.starts_with('/') {
            let span = self.span_of(&path);
            self.report(
                &rules::WORKDIR_RELATIVE_PATH,
                span,
                message::workdir_relative_path(&path),
            );
        }
        self.state.workdir_set = true;
        Ok(path)
    }

    fn volumes(&mut self, volumes: &[String]) -> Result<Vec<String>, String> {
        let volumes = self.expand_all(volumes)?;
        match volumes.iter().any(|volume| volume.is_empty()) {
            true => Err("VOLUME specified can not be an empty string".into()),
            false => Ok(volumes),
        }
    }

    fn expose(&mut self, ports: &[String]) -> Result<Vec<String>, String> {
        let mut words = Vec::new();
        for port in ports {
            let split = self
                .planner
                .lexer
                .process_words(port, &self.state.env)
                .map_err(|e| e.to_string())?;
            words.extend(split);
        }
        let mut exposed = Vec::new();
        for raw in &words {
            let spec = parse_port(raw)?;
            let span = self.span_of(raw);
            if spec.protocol != spec.protocol.to_lowercase() {
                self.report(
                    &rules::EXPOSE_PROTO_CASING,
                    span.clone(),
                    message::expose_proto_casing(raw),
                );
            }
            if !spec.ip.is_empty() || !spec.host_port.is_empty() {
                self.report(
                    &rules::EXPOSE_INVALID_FORMAT,
                    span,
                    message::expose_invalid_format(raw),
                );
            }
            exposed.extend(spec.ports);
        }
        Ok(exposed)
    }

    fn mounts(&mut self, drafts: &[Draft<'_>], values: &[String]) -> Result<Vec<Mount>, String> {
        let mut mounts = Vec::new();
        for value in values {
            let mut expander = |word: &str| self.expand(word);
            let mount = parse_mount(value, &mut expander)?;
            if let Some(from) = &mount.from {
                let stage = self.planner.all_names.get(&from.to_lowercase()).copied();
                if stage.is_some_and(|stage| drafts[stage].state.is_none()) {
                    return Err(format!(
                        "cannot mount from stage {} to {}, stage needs to be defined before current command",
                        quote(from),
                        quote(mount.target.as_deref().unwrap_or(""))
                    ));
                }
            }
            mounts.push(mount);
        }
        Ok(mounts)
    }

    /// MultipleInstructionsDisallowed, reported at the earlier instruction,
    /// which is the one that has no effect.
    fn used_once(&mut self, previous: &mut Option<Range<usize>>, name: &str) {
        if let Some(span) = previous.take() {
            self.report(
                &rules::MULTIPLE_INSTRUCTIONS_DISALLOWED,
                span,
                message::multiple_instructions_disallowed(name),
            );
        }
        *previous = Some(self.keyword_span());
    }

    fn json_args(&mut self, name: &str, form: Form) {
        if form == Form::Shell && !self.state.shell_set {
            let span = self.keyword_span();
            self.report(
                &rules::JSON_ARGS_RECOMMENDED,
                span,
                message::json_args_recommended(name),
            );
        }
    }

    fn args(&mut self, declarations: &[ArgDeclaration]) -> Result<Vec<ArgDeclaration>, String> {
        let mut resolved = Vec::new();
        for declaration in declarations {
            self.secret_check("ARG", &declaration.name);
            let name = &declaration.name;
            let value = match (
                self.planner.input.build_args.get(name),
                &declaration.default,
            ) {
                (Some(value), _) => Some(value.clone()),
                (None, Some(default)) => Some(self.expand(default)?),
                (None, None) => self.planner.global.get(name).map(str::to_owned),
            };
            if let Some(value) = &value {
                if !NON_ENV_ARGS.contains(&name.as_str()) {
                    self.state.env.set(name, value);
                }
            }
            self.state.arg_names.push(name.clone());
            resolved.push(ArgDeclaration {
                name: name.clone(),
                default: value,
            });
        }
        Ok(resolved)
    }
}

fn is_http(path: &str) -> bool {
    path.starts_with("http://") || path.starts_with("https://")
}

/// An octal `--chmod` must be at most 07777; other values are symbolic modes.
fn check_chmod(chmod: Option<&str>) -> Result<(), String> {
    let Some(chmod) = chmod.filter(|c| !c.is_empty()) else {
        return Ok(());
    };
    match crate::instructions::values::parse_uint32(chmod, 8) {
        Some(mode) if mode > 0o7777 => Err(format!(
            "invalid chmod parameter: '{chmod}'. it should be octal string and between 0 and 07777"
        )),
        _ => Ok(()),
    }
}
