//! RUN steps: the command runs through the shell interpreter against the
//! step's files, with the stage's environment, working directory and user,
//! its mounts attached and its network, as BuildKit's `dispatchRun` sets up
//! the process.
//!
//! A heredoc that is the whole command (`RUN <<EOF`) runs its body as the
//! script; other heredocs follow the command line so the shell reads them.
//! A failing command fails the step with BuildKit's `process "…" did not
//! complete successfully: exit code: N`.

use std::ops::Range;

use dockerfile::instructions::mount::Mount;
use dockerfile::instructions::{CommandLine, Network, Run};
use dockerfile::parser::Form;
use dockerfile::plan::Plan;
use shared_sort::map::Entry;
use shared_sort::SortedMap;

use super::cache::InputsSummary;
use super::exec::Build;
use super::metadata::command_vector;
use super::mounts::{self, MountSources};
use super::report::Failure;
use super::request::NetworkMode;
use super::stage::{short_ref, StepError, StepPlan, Work};
use super::state::StageState;
use crate::clock::Millis;
use crate::digest::Digest;
use crate::fs::Overlay;
use crate::sh::{run_argv, run_script, BuildSystem, Mode, ShellKind, ShellState};

impl Build<'_> {
    /// Runs a RUN instruction as a cached step.
    #[allow(clippy::too_many_arguments)]
    pub(super) fn run_instruction(
        &mut self,
        state: &mut StageState,
        plan: &Plan,
        results: &SortedMap<usize, StageState>,
        run: &Run,
        mounts: &[Mount],
        vertex: String,
        text: String,
        ignore_cache: bool,
        span: Range<usize>,
    ) -> Result<(), Failure> {
        let mut sources: SortedMap<String, Overlay> = SortedMap::new();
        for from in mounts.iter().filter_map(|mount| mount.from.clone()) {
            if let Entry::Vacant(slot) = sources.entry(from) {
                let files = self.source_files(slot.key(), plan, results, &span)?;
                slot.insert(files);
            }
        }
        let workdir = state.workdir();
        let host = self.host.clone();
        let cache = &self.world.hosts[&host].daemon.build_cache;
        let files_of = |from: &str| sources.get(from).cloned();
        let cache_of = |id: &str| cache.mount(id).cloned();
        let mount_sources = MountSources {
            context: &self.context,
            files_of: &files_of,
            cache_of: &cache_of,
            secrets: &self.request.secrets,
            workdir: &workdir,
        };
        let prepared = mounts::prepare(mounts, &mount_sources);

        let online = match run.network {
            Network::None => false,
            Network::Host => true,
            Network::Default => self.request.network != NetworkMode::None,
        };
        let process = process(state, &run.command);
        let mut inputs = InputsSummary::default();
        inputs.parts.insert(
            "env".to_string(),
            Digest::of(state.run_environment().join("\n").as_bytes()),
        );
        inputs
            .parts
            .insert("workdir".to_string(), Digest::of(workdir.as_bytes()));
        inputs
            .parts
            .insert("user".to_string(), Digest::of(state.config.user.as_bytes()));
        inputs.parts.insert(
            "process".to_string(),
            Digest::of(process.join("\n").as_bytes()),
        );
        inputs.parts.insert(
            "network".to_string(),
            Digest::of(if online { b"online" as &[u8] } else { b"none" }),
        );
        if let Ok(prepared) = &prepared {
            for (name, digest) in &prepared.inputs {
                inputs.parts.insert(name.clone(), *digest);
            }
        }
        let history = format!(
            "RUN {}{} # buildkit",
            state.args_prefix(),
            process.join(" ")
        );
        let step = StepPlan {
            vertex,
            instruction: text,
            inputs,
            history,
            ignore_cache,
            span,
        };
        let key = state.key;
        self.cached_step(state, step, move |build, state, started| {
            let prepared = prepared.map_err(|message| mount_error(&key, message))?;
            let mut files = state.files();
            // runc resolves the user before it starts the process, so an
            // unknown user fails the step with no output and no exit code.
            // No USER is root, which needs no lookup.
            let user = &state.config.user;
            if let Err(message) = (!user.is_empty())
                .then(|| crate::sh::users::resolve(&files, user))
                .transpose()
            {
                let message = format!(
                    "process \"{}\" did not complete successfully: {message}",
                    process.join(" ")
                );
                return Err(StepError {
                    vertex_error: message.clone(),
                    message,
                    log: Vec::new(),
                    duration: 50,
                });
            }
            let stubs = mounts::attach(&mut files, &prepared.ready);
            let architecture = state.architecture.clone();
            let outcome = run_command(
                state,
                &mut files,
                &run.command,
                started,
                &architecture,
                &prepared.env,
                online,
            );
            let detached = mounts::detach(&mut files, &prepared.ready, &stubs);
            let daemon = &mut build
                .world
                .hosts
                .get_mut(&build.host)
                .expect("host exists")
                .daemon;
            for (id, contents) in detached.caches {
                daemon.build_cache.store_mount(&id, contents);
            }
            // FIXME: a write to a read-only mount should fail with EROFS where
            // it happens. The shell cannot refuse it, so the write is dropped
            // and the step is marked as not simulated.
            let simulated =
                outcome.simulated && prepared.simulated && detached.written_read_only.is_empty();
            if outcome.status != 0 {
                let message = format!(
                    "process \"{}\" did not complete successfully: exit code: {}",
                    process.join(" "),
                    outcome.status
                );
                return Err(StepError {
                    vertex_error: message.clone(),
                    message,
                    log: outcome.log,
                    duration: outcome.duration.max(50),
                });
            }
            let changes = files.commit();
            Ok(Work {
                changes: (!changes.is_empty()).then_some(changes),
                log: outcome.log,
                duration: outcome.duration.max(50),
                simulated,
            })
        })
    }

    /// Returns the files of a stage (by name or index) or of an image.
    pub(super) fn source_files(
        &mut self,
        from: &str,
        plan: &Plan,
        results: &SortedMap<usize, StageState>,
        span: &Range<usize>,
    ) -> Result<Overlay, Failure> {
        let stage = plan.stages.iter().find(|stage| {
            stage.name.as_deref() == Some(from.to_lowercase().as_str())
                || stage.index.to_string() == from
        });
        if let Some(stage) = stage {
            return results
                .get(&stage.index)
                .map(StageState::files)
                .ok_or_else(|| Failure::at(format!("stage {from} was not built"), span.clone()));
        }
        if let Some(files) = self.image_sources.get(from).cloned() {
            let ready = self
                .bases
                .get(from)
                .and_then(|base| self.shown_images.get(&base.vertex_name()).copied())
                .unwrap_or(0);
            if ready > self.cx.now() {
                self.cx.set_now(ready);
            }
            return Ok(files);
        }
        let files = self.image_files(from, span)?;
        self.image_sources.insert(from.to_string(), files.clone());
        Ok(files)
    }
}

/// Returns the error of a mount that cannot be prepared, in BuildKit's words.
fn mount_error(key: &Digest, message: String) -> StepError {
    match message.ends_with(": not found") && message.starts_with('"') {
        true => checksum_error(key, &message),
        false => StepError {
            vertex_error: message.clone(),
            message,
            log: Vec::new(),
            duration: 20,
        },
    }
}

/// Returns BuildKit's error for a source path it cannot checksum.
pub(super) fn checksum_error(key: &Digest, message: &str) -> StepError {
    let full = format!(
        "failed to calculate checksum of ref {}::{}: {message}",
        short_ref(key, 1),
        short_ref(key, 2)
    );
    StepError {
        vertex_error: full.clone(),
        message: format!("failed to compute cache key: {full}"),
        log: Vec::new(),
        duration: 20,
    }
}

/// Returns the process a RUN starts: the exec form's array, or the shell
/// with the script, where a heredoc that is the whole command is the script.
fn process(state: &StageState, line: &CommandLine) -> Vec<String> {
    match line.form {
        Form::Exec => line.args.clone(),
        Form::Shell => {
            let mut vector = state.shell();
            vector.push(shell_script(line));
            vector
        }
    }
}

/// What running a RUN step's command did.
struct RunOutcome {
    status: i32,
    /// Output lines with their offset in milliseconds from the step's start.
    log: Vec<(Millis, String)>,
    duration: Millis,
    simulated: bool,
}

/// Runs a RUN step's command through the shell interpreter against the
/// step's files, with the stage's environment, working directory and user.
fn run_command(
    state: &StageState,
    files: &mut Overlay,
    line: &CommandLine,
    now: Millis,
    architecture: &str,
    extra_env: &[(String, String)],
    online: bool,
) -> RunOutcome {
    let shell_argv = state.shell();
    let shell_path = shell_argv
        .first()
        .cloned()
        .unwrap_or_else(|| "/bin/sh".to_string());
    let kind = ShellKind::detect(files, &shell_path).unwrap_or(ShellKind::Dash);
    let mut environment = state.run_environment();
    environment.extend(
        extra_env
            .iter()
            .map(|(name, value)| format!("{name}={value}")),
    );
    let mut shell = ShellState::new(kind, &shell_path)
        .with_environment(environment)
        .with_cwd(&state.workdir());
    if !state.config.user.is_empty() {
        shell = shell.with_user(&state.config.user);
    }
    let command = command_vector(state, line).join(" ");
    let mut system = BuildSystem::new(now, architecture, &command);
    if !online {
        system = system.offline();
    }

    let outcome = match line.form {
        Form::Exec => match run_argv(&line.args, &mut shell, files, &mut system, Mode::Build) {
            Ok(outcome) => outcome,
            Err(message) => {
                // runc reports a missing program before anything runs.
                return RunOutcome {
                    status: 127,
                    log: vec![(0, format!("runc run failed: unable to start container process: error during container init: {message}"))],
                    duration: 50,
                    simulated: true,
                };
            }
        },
        Form::Shell => run_script(
            &shell_script(line),
            &mut shell,
            files,
            &mut system,
            Mode::Build,
        ),
    };
    let log = outcome
        .output
        .iter()
        .map(|output| (output.offset_millis, output.text.clone()))
        .collect();
    RunOutcome {
        status: outcome.status,
        log,
        duration: outcome.duration_millis,
        simulated: outcome.simulated,
    }
}

/// Returns the script a shell-form RUN runs. A RUN whose command is only a
/// heredoc (`RUN <<EOF`) runs the heredoc's body, as BuildKit does; other
/// heredocs follow the command line so the shell reads them as usual.
fn shell_script(line: &CommandLine) -> String {
    let text = line.args.join(" ");
    if let [heredoc] = line.heredocs.as_slice() {
        if text.trim_start().starts_with("<<") && text.split_whitespace().count() == 1 {
            return heredoc.data.clone();
        }
    }
    let mut script = text;
    for heredoc in &line.heredocs {
        script.push('\n');
        script.push_str(&heredoc.data);
        if !heredoc.data.ends_with('\n') {
            script.push('\n');
        }
        script.push_str(&heredoc.name);
    }
    script
}
