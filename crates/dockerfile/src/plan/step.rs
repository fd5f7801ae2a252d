//! One step of a stage: an instruction's words expanded against the
//! stage's state and checked as BuildKit's `dispatch` in
//! `dockerfile2llb/convert.go` (moby/buildkit at e269a8a3) does, with the
//! build checks that run there.
//!
//! BuildKit expands every word of an instruction before it applies any of
//! them, so `ENV A=1 B=$A` gives `B` the value `A` had before the line. An
//! error stops the step. The warnings reported before it stay.

use std::ops::Range;

use shared_sort::SortedSet;

use super::args::Vars;
use super::dispatch::{Draft, Planner};
use super::sources::{check_chmod, check_digest, source_kind, takes_checksum, SourceKind};
use super::values::{self, check_signal, exposed_ports, parse_port, PortSpec};
use super::*;
use crate::instructions::mount::{parse_mount, MountType};
use crate::instructions::suggest::{suggest, Case, Order};
use crate::instructions::{word_span, Add, ArgDeclaration, Copy, Pair, Sources};
use crate::linter::rules::{self, message};
use crate::parser::{go, go::quote, Form};
use crate::shell::{Env, Lexer};

/// Build args BuildKit never puts in the environment.
const NON_ENV_ARGS: [&str; 2] = ["BUILDKIT_SBOM_SCAN_CONTEXT", "BUILDKIT_SBOM_SCAN_STAGE"];

/// A stage's state after some of its steps, which stages built on it
/// inherit.
#[derive(Clone, Debug, Default)]
pub struct State {
    /// The environment: the image's variables, ENV and ARG values.
    pub env: Vars,
    /// Every ARG name declared in the stage and its bases.
    pub arg_names: Vec<String>,
    /// Whether a WORKDIR ran in the stage or its bases.
    pub workdir_set: bool,
    /// The working directory, normalized; empty for the image's default.
    pub workdir: String,
    /// Whether a SHELL ran in the stage or its bases.
    pub shell_set: bool,
}

/// The last CMD, ENTRYPOINT and HEALTHCHECK of a stage, for
/// MultipleInstructionsDisallowed.
#[derive(Default)]
pub struct UsedOnce {
    cmd: Option<Range<usize>>,
    entrypoint: Option<Range<usize>>,
    healthcheck: Option<Range<usize>>,
}

/// The origin of a step: its instruction, or an ONBUILD trigger shown at
/// the FROM of the stage it runs in.
pub struct Context<'i> {
    /// The instruction, `None` for an ONBUILD trigger.
    pub instruction: Option<&'i Instruction>,
    /// The span diagnostics of the step point at.
    pub span: Range<usize>,
    /// Whether the step comes from an ONBUILD trigger.
    pub onbuild: bool,
}

/// Dispatches one step against a stage's state.
pub struct Dispatch<'d, 'a, 'l, 'i> {
    planner: &'d mut Planner<'a, 'l>,
    state: &'d mut State,
    used_once: &'d mut UsedOnce,
    context: &'d Context<'i>,
}

impl<'d, 'a, 'l, 'i> Dispatch<'d, 'a, 'l, 'i> {
    /// Creates the dispatch of one step.
    pub fn new(
        planner: &'d mut Planner<'a, 'l>,
        state: &'d mut State,
        used_once: &'d mut UsedOnce,
        context: &'d Context<'i>,
    ) -> Self {
        Self {
            planner,
            state,
            used_once,
            context,
        }
    }

    /// Expands and checks `typed`; returns the step, or `None` after
    /// recording the error that stopped it.
    pub fn step(&mut self, drafts: &[Draft<'_>], index: usize, typed: Typed) -> Option<Step> {
        let mut mounts = Vec::new();
        match self.command(drafts, index, &typed, &mut mounts) {
            Ok(command) => Some(Step {
                name: typed.name,
                command,
                mounts,
                onbuild: self.context.onbuild,
                span: self.context.span.clone(),
            }),
            Err(message) => {
                let span = self.context.span.clone();
                self.planner.error(span, message);
                None
            }
        }
    }

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
        let expansion = lexer.process_word(word, &self.state.env);
        if let Ok(expansion) = &expansion {
            self.report_unmatched(&expansion.unmatched);
        }
        expansion.map(|e| e.result).map_err(|e| e.to_string())
    }

    /// BuildKit's `reportUnmatchedVariables`: names that are no ARG of the
    /// stage, with a suggestion among the variables in their order.
    ///
    /// Each name costs one edit-distance comparison per variable, as in
    /// BuildKit.
    fn report_unmatched(&mut self, unmatched: &SortedSet<String>) {
        for name in unmatched {
            if self.state.arg_names.contains(name) || NON_ENV_ARGS.contains(&name.as_str()) {
                continue;
            }
            let keys = self.state.env.keys();
            let suggestion = suggest(name, &keys, Case::Sensitive, Order::Listed);
            let mut span = self.span_of(&format!("${{{name}"));
            if span == self.keyword_span() {
                span = self.span_of(&format!("${name}"));
            }
            let message = message::undefined_var(name, suggestion.as_deref());
            self.report(&rules::UNDEFINED_VAR, span, message);
        }
    }

    fn expand_all(&mut self, words: &[String]) -> Result<Vec<String>, String> {
        words.iter().map(|word| self.expand(word)).collect()
    }

    fn command(
        &mut self,
        drafts: &[Draft<'_>],
        index: usize,
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
                self.used_once(UsedKind::Cmd, name);
                self.json_args(name, line.form);
                Command::Cmd(line.clone())
            }
            Command::Entrypoint(line) => {
                self.used_once(UsedKind::Entrypoint, name);
                self.json_args(name, line.form);
                Command::Entrypoint(line.clone())
            }
            Command::Healthcheck(check) => {
                self.used_once(UsedKind::Healthcheck, name);
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

    /// BuildKit's `validateNoSecretKey`: a key with `apikey`, `auth`,
    /// `credential(s)`, `key`, `password`, `pword`, `passwd`, `secret` or
    /// `token` as an `_`-separated part, in any case, and no `public` part.
    fn secret_check(&mut self, instruction: &str, key: &str) {
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
        let parts = || key.split('_').map(go::to_lower);
        let denied = parts().any(|part| TOKENS.contains(&part.as_str()));
        let allowed = parts().any(|part| part == "public");
        if denied && !allowed {
            let span = self.span_of(key);
            let message = message::secrets_used_in_arg_or_env(instruction, key);
            self.report(&rules::SECRETS_USED_IN_ARG_OR_ENV, span, message);
        }
    }

    /// Expands every key and value first, then applies the pairs in order.
    fn expand_pairs(&mut self, pairs: &[Pair]) -> Result<Vec<Pair>, String> {
        let mut expanded = Vec::new();
        for pair in pairs {
            expanded.push(Pair {
                key: self.expand(&pair.key)?,
                value: self.expand(&pair.value)?,
                legacy: pair.legacy,
            });
        }
        Ok(expanded)
    }

    fn legacy_format(&mut self, name: &str, pair: &Pair) {
        if pair.legacy {
            let span = self.keyword_span();
            let message = message::legacy_key_value_format(name);
            self.report(&rules::LEGACY_KEY_VALUE_FORMAT, span, message);
        }
    }

    fn env(&mut self, name: &str, pairs: &[Pair]) -> Result<Vec<Pair>, String> {
        let expanded = self.expand_pairs(pairs)?;
        for pair in &expanded {
            self.legacy_format(name, pair);
            self.secret_check("ENV", &pair.key);
            self.state.env.set(&pair.key, &pair.value);
        }
        Ok(expanded)
    }

    fn label(&mut self, name: &str, pairs: &[Pair]) -> Result<Vec<Pair>, String> {
        let expanded = self.expand_pairs(pairs)?;
        for pair in &expanded {
            self.legacy_format(name, pair);
        }
        Ok(expanded)
    }

    fn optional(&mut self, value: &Option<String>) -> Result<Option<String>, String> {
        value.as_deref().map(|value| self.expand(value)).transpose()
    }

    /// Expands sources and destination, then the heredoc bodies that expand,
    /// with BuildKit's raw lexer (escape `\`, quotes kept).
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

        check_chmod(add.chmod.as_deref().unwrap_or(""))?;
        let checksum = add.checksum.clone().filter(|c| !c.is_empty());
        if checksum.is_some() {
            if add.sources.paths.len() != 1 {
                return Err("checksum can't be specified for multiple sources".into());
            }
            if !takes_checksum(&add.sources.paths[0]) {
                return Err("checksum requires HTTP(S) or Git sources".into());
            }
        }
        let copy = CopyCheck {
            command: "Add",
            keep_git_dir: add.keep_git_dir,
            checksum,
            ignore: true,
        };
        self.check_sources(copy, &add.sources.paths)?;
        Ok(add)
    }

    fn copy(&mut self, drafts: &[Draft<'_>], index: usize, copy: &Copy) -> Result<Copy, String> {
        let mut copy = copy.clone();
        copy.chown = self.optional(&copy.chown)?;
        copy.chmod = self.optional(&copy.chmod)?;
        copy.sources = self.sources(&copy.sources)?;

        if let Some(from) = &copy.from {
            self.copy_source_dispatched(drafts, index, from)?;
        }
        check_chmod(copy.chmod.as_deref().unwrap_or(""))?;
        let check = CopyCheck {
            command: "Copy",
            keep_git_dir: None,
            checksum: None,
            ignore: copy.from.is_none(),
        };
        self.check_sources(check, &copy.sources.paths)?;
        Ok(copy)
    }

    fn copy_source_dispatched(
        &self,
        drafts: &[Draft<'_>],
        index: usize,
        from: &str,
    ) -> Result<(), String> {
        let Some(source) = self.source_stage(drafts, from) else {
            return Ok(());
        };
        if drafts[source].state.is_some() {
            return Ok(());
        }
        let current = &drafts[index].stage.display_name;
        Err(format!(
            "cannot copy from stage {}, it needs to be defined before current stage {}",
            quote(from),
            quote(current)
        ))
    }

    fn source_stage(&self, drafts: &[Draft<'_>], from: &str) -> Option<usize> {
        if let Ok(index) = from.parse::<usize>() {
            return (index < drafts.len()).then_some(index);
        }
        self.planner.all_names.get(&go::to_lower(from)).copied()
    }

    /// Checks each source as the loop of BuildKit's `dispatchCopy` does: git
    /// references, then HTTP(S) URLs, then local paths with the
    /// CopyIgnoredFile check.
    fn check_sources(&mut self, mut check: CopyCheck, paths: &[String]) -> Result<(), String> {
        for path in paths {
            match source_kind(path) {
                SourceKind::BadGit(message) => return Err(message),
                SourceKind::Git(git) if !git.indistinguishable_from_local => {
                    check.git(git.keep_git_dir, git.checksum)?
                }
                SourceKind::Http => check.http()?,
                SourceKind::Git(_) | SourceKind::Local => self.ignored_file(&check, path),
            }
        }
        Ok(())
    }

    fn ignored_file(&mut self, check: &CopyCheck, path: &str) {
        let ignored = match (&self.planner.input.dockerignore, check.ignore) {
            (Some(matcher), true) => matcher.matches_or_parent_matches(path),
            _ => false,
        };
        if ignored {
            let span = self.span_of(path);
            let message = message::copy_ignored_file(check.command, path);
            self.report(&rules::COPY_IGNORED_FILE, span, message);
        }
    }

    fn workdir(&mut self, path: &str) -> Result<String, String> {
        let path = self.expand(path)?;
        if !self.state.workdir_set && !path.starts_with('/') {
            let span = self.span_of(&path);
            let message = message::workdir_relative_path(&path);
            self.report(&rules::WORKDIR_RELATIVE_PATH, span, message);
        }
        self.state.workdir_set = true;
        self.state.workdir = normalize_workdir(&self.state.workdir, &path);
        Ok(path)
    }

    fn volumes(&mut self, volumes: &[String]) -> Result<Vec<String>, String> {
        let volumes = self.expand_all(volumes)?;
        match volumes.iter().any(|volume| volume.is_empty()) {
            true => Err("VOLUME specified can not be an empty string".into()),
            false => Ok(volumes),
        }
    }

    /// BuildKit's `dispatchExpose`: ports expand and split into words with
    /// no UndefinedVar check, and each port is parsed with its checks
    /// reported before its address and numbers are validated.
    fn expose(&mut self, ports: &[String]) -> Result<Vec<String>, String> {
        let mut words = Vec::new();
        for port in ports {
            let lexer = &self.planner.lexer;
            let split = lexer
                .process_words(port, &self.state.env)
                .map_err(|e| e.to_string())?;
            words.extend(split);
        }
        let mut exposed = Vec::new();
        for raw in &words {
            let spec = parse_port(raw)?;
            self.expose_checks(raw, &spec);
            exposed.extend(exposed_ports(&spec)?);
        }
        Ok(exposed)
    }

    fn expose_checks(&mut self, raw: &str, spec: &PortSpec) {
        let span = self.span_of(raw);
        if spec.protocol != go::to_lower(&spec.protocol) {
            let message = message::expose_proto_casing(raw);
            self.report(&rules::EXPOSE_PROTO_CASING, span.clone(), message);
        }
        if !spec.ip.is_empty() || !spec.host_port.is_empty() {
            let message = message::expose_invalid_format(raw);
            self.report(&rules::EXPOSE_INVALID_FORMAT, span, message);
        }
    }

    /// Parses every mount with its values expanded (RUN's `Expand`), then
    /// checks each as BuildKit's `dispatchRunMounts` does.
    fn mounts(&mut self, drafts: &[Draft<'_>], values: &[String]) -> Result<Vec<Mount>, String> {
        let mut mounts = Vec::new();
        for value in values {
            let mut expander = |word: &str| self.expand(word);
            mounts.push(parse_mount(value, &mut expander)?);
        }
        for mount in &mounts {
            self.check_mount(drafts, mount)?;
        }
        Ok(mounts)
    }

    fn check_mount(&self, drafts: &[Draft<'_>], mount: &Mount) -> Result<(), String> {
        let target = mount.target.as_deref().unwrap_or("");
        let from = match (&mount.from, mount.kind) {
            (Some(from), _) => Some(from.as_str()),
            (None, MountType::Cache) => Some("scratch"),
            (None, _) => None,
        };
        let stage = from.and_then(|from| self.planner.all_names.get(&go::to_lower(from)));
        if let (Some(from), Some(&stage)) = (from, stage) {
            if drafts[stage].state.is_none() {
                return Err(format!(
                    "cannot mount from stage {} to {}, stage needs to be defined before current command",
                    quote(from),
                    quote(target)
                ));
            }
        }
        match mount.kind {
            MountType::Secret => Ok(()),
            MountType::Ssh if mount.source.is_some() => Err("ssh does not support source".into()),
            MountType::Ssh => Ok(()),
            _ if absolute_target(&self.state.workdir, target) == "/" => {
                Err(format!("invalid mount target {}", quote("/")))
            }
            _ => Ok(()),
        }
    }

    /// MultipleInstructionsDisallowed, reported at the earlier instruction,
    /// which is the one that has no effect.
    fn used_once(&mut self, kind: UsedKind, name: &str) {
        let current = self.keyword_span();
        let slot = match kind {
            UsedKind::Cmd => &mut self.used_once.cmd,
            UsedKind::Entrypoint => &mut self.used_once.entrypoint,
            UsedKind::Healthcheck => &mut self.used_once.healthcheck,
        };
        let previous = slot.replace(current);
        if let Some(span) = previous {
            let message = message::multiple_instructions_disallowed(name);
            self.report(&rules::MULTIPLE_INSTRUCTIONS_DISALLOWED, span, message);
        }
    }

    fn json_args(&mut self, name: &str, form: Form) {
        if form == Form::Shell && !self.state.shell_set {
            let span = self.keyword_span();
            let message = message::json_args_recommended(name);
            self.report(&rules::JSON_ARGS_RECOMMENDED, span, message);
        }
    }

    /// BuildKit's `dispatchArg`: a build arg wins, then the default expanded
    /// against the stage, then the global value of an ARG without default.
    fn args(&mut self, declarations: &[ArgDeclaration]) -> Result<Vec<ArgDeclaration>, String> {
        let mut resolved = Vec::new();
        for declaration in declarations {
            self.secret_check("ARG", &declaration.name);
            let name = &declaration.name;
            let build_arg = self.planner.input.build_args.get(name);
            let value = match (build_arg, &declaration.default) {
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

/// The instructions MultipleInstructionsDisallowed watches.
#[derive(Clone, Copy)]
enum UsedKind {
    Cmd,
    Entrypoint,
    Healthcheck,
}

/// The flags of one ADD or COPY that its sources are checked against.
struct CopyCheck {
    /// `Add` or `Copy`, as CopyIgnoredFile names the instruction.
    command: &'static str,
    /// `--keep-git-dir`, then the value of the last git source that set it.
    keep_git_dir: Option<bool>,
    /// `--checksum`, then the value of the last git source that set it.
    checksum: Option<String>,
    /// Whether the sources come from the build context, which
    /// `.dockerignore` filters.
    ignore: bool,
}

impl CopyCheck {
    fn git(&mut self, keep_git_dir: Option<bool>, checksum: Option<String>) -> Result<(), String> {
        if self.command == "Copy" {
            return Err("source can't be a git ref for COPY".into());
        }
        if let (Some(flag), Some(query)) = (self.keep_git_dir, keep_git_dir) {
            if flag != query {
                return Err("inconsistent keep-git-dir configuration".into());
            }
        }
        self.keep_git_dir = keep_git_dir.or(self.keep_git_dir);
        if let (Some(flag), Some(query)) = (&self.checksum, &checksum) {
            if flag != query {
                return Err(format!(
                    "checksum mismatch {} != {}",
                    quote(flag),
                    quote(query)
                ));
            }
        }
        if checksum.is_some() {
            self.checksum = checksum;
        }
        Ok(())
    }

    fn http(&self) -> Result<(), String> {
        if self.command == "Copy" {
            return Err("source can't be a URL for COPY".into());
        }
        match &self.checksum {
            Some(checksum) => check_digest(checksum),
            None => Ok(()),
        }
    }
}

/// Normalizes a WORKDIR as BuildKit's `system.NormalizeWorkdir` does on
/// Linux: a relative path joins the current directory.
fn normalize_workdir(current: &str, path: &str) -> String {
    match path.starts_with('/') {
        true => values::clean_path(path),
        false => values::clean_path(&format!("/{current}/{path}")),
    }
}

/// Returns the mount target as `dispatchRunMounts` makes it: an absolute
/// target as written, a relative one joined to the working directory.
fn absolute_target(workdir: &str, target: &str) -> String {
    match values::clean_path(target).starts_with('/') {
        true => target.to_owned(),
        false => values::clean_path(&format!("/{workdir}/{target}")),
    }
}
