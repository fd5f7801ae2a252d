//! Running one stage: its base, then each instruction in order, metadata
//! instructions on the image config and the others as vertices through the
//! build cache.
//!
//! BuildKit's step counter (`cmdTotal`) counts a FROM of an image, each RUN,
//! COPY, ADD and WORKDIR of the stage, and every ONBUILD trigger the stage
//! inherits. A stage's name prefixes its steps unless the build has a single
//! state, where BuildKit also counts the images that `COPY --from` names and
//! one empty state per cache mount.

use std::ops::Range;
use std::sync::Arc;

use dockerfile::instructions::mount::MountType;
use dockerfile::instructions::Command;
use dockerfile::plan::{Base, Plan, Source, Stage, Step};
use shared_sort::SortedMap;

use super::cache::{cache_key, CacheRecord, InputsSummary};
use super::exec::Build;
use super::metadata::{self, makes_vertex};
use super::names::{self, StepCounter};
use super::progress::{Completion, Line};
use super::report::Failure;
use super::state::{StageState, HISTORY_COMMENT};
use crate::clock::{self, Millis};
use crate::digest::Digest;
use crate::events::{Change, StepOutcome};
use crate::fs::ChangeSet;
use crate::registry::History;

/// The result of a step that ran.
pub(super) struct Work {
    /// The files it changed, or `None` when it changed none.
    pub changes: Option<ChangeSet>,
    /// Output lines with their offset from the step's start.
    pub log: Vec<(Millis, String)>,
    pub duration: Millis,
    pub simulated: bool,
}

/// Why a step failed: the vertex's error, the build's, and the log.
pub(super) struct StepError {
    /// The text after the vertex's `ERROR:`.
    pub vertex_error: String,
    /// The text after `failed to solve:`.
    pub message: String,
    pub log: Vec<(Millis, String)>,
    pub duration: Millis,
}

/// How many log lines of a failed step buildx repeats after the progress.
const FAILURE_LOG_LINES: usize = 10;

/// A step ready to look up in the cache and run.
pub(super) struct StepPlan {
    /// The vertex name, with its `[stage i/n]` prefix.
    pub vertex: String,
    /// The instruction text that goes into the cache key.
    pub instruction: String,
    pub inputs: InputsSummary,
    /// The history entry's `created_by`.
    pub history: String,
    pub ignore_cache: bool,
    /// The step's place in the Dockerfile.
    pub span: Range<usize>,
}

impl Build<'_> {
    /// Runs the stage at `index` and returns its final state.
    pub(super) fn run_stage(
        &mut self,
        plan: &Plan,
        index: usize,
        results: &SortedMap<usize, StageState>,
    ) -> Result<StageState, Failure> {
        let stage = &plan.stages[index];
        let stage_label = if single_state(plan) {
            String::new()
        } else {
            stage.display_name.clone()
        };
        let mut counter = StepCounter::new(&stage_label, counted_steps(stage));
        let mut state = match &stage.base {
            Base::Scratch => {
                let platform = self.target_platform();
                StageState::scratch(&platform.architecture, self.cx.now())
            }
            Base::Stage(base) => results
                .get(base)
                .map(StageState::inherited)
                .ok_or_else(|| Failure::new(format!("stage {base} was not built")))?,
            Base::Image(name) => {
                let label = counter.next("FROM ");
                self.start_from_image(&label, name, &stage.span)?
            }
        };
        let triggers = self.triggers(plan, stage);
        let ignore_cache = self
            .request
            .ignores_cache(stage.name.as_deref().unwrap_or(""));
        let mut trigger_index = 0;
        for step in &stage.steps {
            let original = match step.onbuild {
                true => {
                    trigger_index += 1;
                    triggers
                        .get(trigger_index - 1)
                        .cloned()
                        .unwrap_or_else(|| step.name.clone())
                }
                false => self
                    .originals
                    .get(&step.span.start)
                    .cloned()
                    .unwrap_or_else(|| step.name.clone()),
            };
            if makes_vertex(&step.command) {
                self.vertex_step(
                    &mut state,
                    plan,
                    results,
                    step,
                    &original,
                    &mut counter,
                    ignore_cache,
                )?;
            } else {
                metadata::apply(&mut state, &step.command);
            }
        }
        Ok(state)
    }

    /// Returns the text of each ONBUILD trigger the stage runs first.
    fn triggers(&self, plan: &Plan, stage: &Stage) -> Vec<String> {
        match &stage.base {
            Base::Image(name) => self
                .bases
                .get(name)
                .map(|base| base.config.config.on_build.clone())
                .unwrap_or_default(),
            Base::Stage(base) => plan.stages[*base]
                .steps
                .iter()
                .filter_map(|step| match &step.command {
                    Command::Onbuild(onbuild) => Some(onbuild.expression.clone()),
                    _ => None,
                })
                .collect(),
            Base::Scratch => Vec::new(),
        }
    }

    /// Runs a RUN, COPY, ADD or WORKDIR step.
    #[allow(clippy::too_many_arguments)]
    fn vertex_step(
        &mut self,
        state: &mut StageState,
        plan: &Plan,
        results: &SortedMap<usize, StageState>,
        step: &Step,
        original: &str,
        counter: &mut StepCounter,
        ignore_cache: bool,
    ) -> Result<(), Failure> {
        let env = state.name_environment();
        let onbuild = if step.onbuild { "ONBUILD " } else { "" };
        match &step.command {
            Command::Workdir(path) => {
                let target = super::copy::absolute(&state.workdir(), path);
                if target == "/" {
                    // BuildKit makes no vertex for WORKDIR / and counts no step.
                    state.config.working_dir = target.clone();
                    let history = History {
                        created: clock::rfc3339(state.created),
                        created_by: format!("WORKDIR {target}"),
                        comment: HISTORY_COMMENT.to_string(),
                        empty_layer: true,
                    };
                    state.history.push(history);
                    return Ok(());
                }
                let text = names::expanded(original, &env, self.escape, false);
                let vertex = counter.next(&format!("{onbuild}{text}"));
                let plan = StepPlan {
                    vertex,
                    instruction: text,
                    inputs: InputsSummary::default(),
                    history: format!("WORKDIR {target}"),
                    ignore_cache: false,
                    span: step.span.clone(),
                };
                self.cached_step(state, plan, |build, state, _| {
                    Ok(build.make_workdir(state, &target))
                })?;
                state.config.working_dir = target;
                Ok(())
            }
            Command::Run(run) => {
                let mut text = original.to_string();
                if let [heredoc] = run.command.heredocs.as_slice() {
                    // Only a heredoc that is the whole command gets a summary.
                    let command = run.command.args.join(" ");
                    if command.trim_start().starts_with("<<")
                        && command.split_whitespace().count() == 1
                    {
                        text.push_str(&format!(" ({})", names::heredoc_summary(&heredoc.data)));
                    }
                }
                let text = names::expanded(&text, &env, self.escape, true);
                let vertex = counter.next(&format!("{onbuild}{text}"));
                self.run_instruction(
                    state,
                    plan,
                    results,
                    run,
                    &step.mounts,
                    vertex,
                    text,
                    ignore_cache,
                    step.span.clone(),
                )
            }
            Command::Copy(_) | Command::Add(_) => {
                let text = names::expanded(original, &env, self.escape, false);
                let vertex = counter.next(&format!("{onbuild}{text}"));
                self.copy_instruction(
                    state,
                    plan,
                    results,
                    &step.command,
                    vertex,
                    text,
                    ignore_cache,
                    step.span.clone(),
                )
            }
            _ => Ok(()),
        }
    }

    /// Makes a WORKDIR directory and its missing parents, owned by the
    /// stage's user as BuildKit's `Mkdir` with `WithUser` makes them.
    fn make_workdir(&mut self, state: &StageState, target: &str) -> Work {
        let mut files = state.files();
        let missing: Vec<String> = ancestors_and_self(target)
            .into_iter()
            .filter(|path| !files.exists(path))
            .collect();
        let _ = files.mkdir_all(target);
        if !state.config.user.is_empty() {
            let (uid, gid) = super::owner::resolve(&files, &state.config.user);
            for path in missing {
                let _ = files.chown(
                    &path,
                    crate::fs::Owner {
                        uid: Some(uid),
                        gid: Some(gid),
                    },
                    crate::fs::Recursion::Single,
                );
            }
        }
        let changes = files.commit();
        Work {
            changes: (!changes.is_empty()).then_some(changes),
            log: Vec::new(),
            duration: 30,
            simulated: true,
        }
    }

    /// Looks a step up in the build cache and runs it on a miss, printing
    /// its vertex and adding its layer and history entry to the stage.
    pub(super) fn cached_step(
        &mut self,
        state: &mut StageState,
        plan: StepPlan,
        work: impl FnOnce(&mut Self, &StageState, Millis) -> Result<Work, StepError>,
    ) -> Result<(), Failure> {
        let started = self.cx.now();
        let key = cache_key(&state.key, &plan.instruction, &plan.inputs);
        let host = self.host.clone();
        let cached = match plan.ignore_cache {
            true => None,
            false => self.world.hosts[&host]
                .daemon
                .build_cache
                .get(&key)
                .cloned(),
        };
        let record = match cached {
            Some(record) => {
                self.cx.advance(5);
                let vertex = self.vertex_now(&plan.vertex, started, Vec::new(), Completion::Cached);
                self.record_step(vertex, &plan.vertex, StepOutcome::Cached);
                record
            }
            None => {
                let reason = match plan.ignore_cache {
                    true => "the cache is off for this step".to_string(),
                    false => self.world.hosts[&host].daemon.build_cache.miss_reason(
                        &state.key,
                        &plan.instruction,
                        &plan.inputs,
                    ),
                };
                let vertex = self.timeline.open(&plan.vertex, started);
                match work(self, state, started) {
                    Ok(done) => {
                        self.cx.advance(done.duration);
                        let lines = log_lines(started, &done.log);
                        self.timeline
                            .finish(vertex, self.cx.now(), lines, Completion::Done);
                        self.record_step(
                            vertex,
                            &plan.vertex,
                            StepOutcome::Ran { cache_miss: reason },
                        );
                        let record = CacheRecord {
                            layer: done.changes.map(Arc::new),
                            log: done.log.iter().map(|(_, text)| text.clone()).collect(),
                            simulated: done.simulated,
                            created: self.cx.now(),
                        };
                        let daemon =
                            &mut self.world.hosts.get_mut(&host).expect("host exists").daemon;
                        daemon.build_cache.insert(
                            key,
                            state.key,
                            &plan.instruction,
                            plan.inputs.clone(),
                            record.clone(),
                        );
                        record
                    }
                    Err(error) => {
                        self.cx.advance(error.duration);
                        let lines = log_lines(started, &error.log);
                        self.timeline.finish(
                            vertex,
                            self.cx.now(),
                            lines,
                            Completion::Error(error.vertex_error.clone()),
                        );
                        self.record_step(
                            vertex,
                            &plan.vertex,
                            StepOutcome::Failed {
                                message: error.vertex_error,
                            },
                        );
                        self.failed_vertex = Some(vertex);
                        let tail = error
                            .log
                            .iter()
                            .rev()
                            .take(FAILURE_LOG_LINES)
                            .rev()
                            .map(|(offset, text)| format!("{:.3} {text}", *offset as f64 / 1000.0))
                            .collect();
                        return Err(Failure {
                            message: error.message,
                            span: Some(plan.span),
                            vertex: Some((plan.vertex, tail)),
                        });
                    }
                }
            }
        };

        state.key = key;
        state.created = record.created;
        let history = History {
            created: clock::rfc3339(record.created),
            created_by: plan.history,
            comment: HISTORY_COMMENT.to_string(),
            empty_layer: false,
        };
        state.push_layer(record.layer, record.simulated, history);
        Ok(())
    }

    fn record_step(&mut self, vertex: super::progress::VertexId, name: &str, outcome: StepOutcome) {
        // The vertex number is the timeline slot until the build ends and
        // the printer has numbered the vertices.
        self.cx.change(Change::BuildStep {
            host: self.host.clone(),
            vertex: vertex as u32,
            name: name.to_string(),
            outcome,
        });
    }
}

/// Returns the vertex lines of a step's log.
pub(super) fn log_lines(started: Millis, log: &[(Millis, String)]) -> Vec<Line> {
    log.iter()
        .map(|(offset, text)| Line::Log(started + offset, text.clone()))
        .collect()
}

/// Returns BuildKit's `cmdTotal` of a stage.
fn counted_steps(stage: &Stage) -> usize {
    let from = usize::from(matches!(stage.base, Base::Image(_)));
    let steps = stage
        .steps
        .iter()
        .filter(|step| step.onbuild || makes_vertex(&step.command))
        .count();
    from + steps
}

/// Returns whether BuildKit has a single dispatch state, which drops the
/// stage name from step prefixes: one stage, no image that `COPY --from` or
/// a mount's `from=` names, and no cache mount.
fn single_state(plan: &Plan) -> bool {
    let images = plan
        .stages
        .iter()
        .flat_map(|stage| &stage.dependencies)
        .filter(|dependency| matches!(dependency.source, Source::Image(_)))
        .count();
    let cache_mounts = plan
        .stages
        .iter()
        .flat_map(|stage| &stage.steps)
        .flat_map(|step| &step.mounts)
        .filter(|mount| mount.kind == MountType::Cache && mount.from.is_none())
        .count();
    plan.stages.len() + images + cache_mounts == 1
}

/// Returns `/a`, `/a/b` and `/a/b/c` for `/a/b/c`.
fn ancestors_and_self(path: &str) -> Vec<String> {
    let mut paths = Vec::new();
    let mut current = String::new();
    for part in path.split('/').filter(|part| !part.is_empty()) {
        current.push('/');
        current.push_str(part);
        paths.push(current.clone());
    }
    paths
}

/// Returns a stable 25-character reference name for error texts, in the
/// style of BuildKit's snapshot references.
pub(super) fn short_ref(key: &Digest, salt: u8) -> String {
    let hex = Digest::of(format!("{key}{salt}").as_bytes()).hex();
    hex[..25].to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use dockerfile::plan::{plan, PlanInput};

    fn planned(text: &str) -> Plan {
        plan(text, &PlanInput::default()).plan.expect("plan")
    }

    /// `(Dockerfile, cmdTotal of the last stage, single state)`.
    #[test]
    fn step_totals_follow_buildkit() {
        let cases = [
            (
                "FROM alpine\nWORKDIR /app\nENV A=1\nRUN x\nCMD y\n",
                3,
                true,
            ),
            ("FROM scratch\nCOPY a /a\n", 1, true),
            (
                "FROM alpine AS base\nRUN x\nFROM base\nRUN y\nCOPY a /a\n",
                2,
                false,
            ),
            (
                "FROM alpine\nCOPY --from=nginx /etc/nginx /etc/nginx\n",
                2,
                false,
            ),
            (
                "FROM alpine\nRUN --mount=type=cache,target=/root/.cache x\n",
                2,
                false,
            ),
            (
                "FROM alpine\nRUN --mount=type=bind,target=/src x\n",
                2,
                true,
            ),
        ];
        for (text, total, single) in cases {
            let plan = planned(text);
            assert_eq!(counted_steps(plan.stages.last().unwrap()), total, "{text}");
            assert_eq!(single_state(&plan), single, "{text}");
        }
    }

    #[test]
    fn ancestors_include_path() {
        assert_eq!(ancestors_and_self("/a/b"), ["/a", "/a/b"]);
    }
}
