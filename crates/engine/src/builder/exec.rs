//! Running a build from start to end: reading the Dockerfile and context on
//! the client's host, planning, resolving base images, running the stages
//! level by level, exporting the image and printing what buildx prints.

use dockerfile::plan::{Base, Plan, PlanInput, Platform, Source};
use dockerfile::Diagnostic;
use shared_sort::{SortedMap, SortedSet};

use super::bases::ResolvedBase;
use super::context::BuildContext;
use super::prepare::{prepare, Prepared};
use super::progress::{Completion, Line, Status, Timeline, VertexId};
use super::report::{self, Failure};
use super::request::{BuildRequest, ProgressMode};
use super::stages;
use super::state::StageState;
use crate::clock::Millis;
use crate::cx::Cx;
use crate::digest::Digest;
use crate::events::{Change, EventKind, Node};
use crate::fs::Content;
use crate::world::World;

/// The line buildx prints before the progress of a build with the docker driver.
const BUILDER_LINE: &str = "building with \"default\" instance using docker driver";

/// Everything one build run carries around.
pub(super) struct Build<'a> {
    pub(super) world: &'a mut World,
    pub(super) cx: &'a mut Cx,
    pub(super) client_host: String,
    pub(super) host: String,
    pub(super) request: &'a BuildRequest,
    pub(super) timeline: Timeline,
    pub(super) text: String,
    pub(super) dockerfile_name: String,
    /// Original text of each instruction by its span start.
    pub(super) originals: SortedMap<usize, String>,
    pub(super) context: BuildContext,
    pub(super) escape: char,
    /// The platform the image is built for.
    pub(super) platform: Platform,
    /// Base images and images copied from, by the name the Dockerfile gives.
    pub(super) bases: SortedMap<String, ResolvedBase>,
    /// The vertex that failed, which cancelling spares.
    pub(super) failed_vertex: Option<VertexId>,
    /// Files of images that `COPY --from` or a mount's `from=` named.
    pub(super) image_sources: SortedMap<String, crate::fs::Overlay>,
    /// Images whose `FROM` vertex was printed, with the time their layers
    /// are ready. BuildKit merges the same image source of several stages
    /// into one vertex.
    pub(super) shown_images: SortedMap<String, Millis>,
}

/// The end of a build, before it is printed.
enum Ending {
    /// The image ID of a finished build.
    Built(Digest),
    /// `--check` ran; its warnings, or the error that stopped it.
    Checked(Result<(), Failure>),
}

/// Runs `docker build` and returns the exit status; progress goes to
/// standard error, the image ID to standard output with `-q`.
pub fn build(
    world: &mut World,
    cx: &mut Cx,
    client_host: &str,
    host: &str,
    request: &BuildRequest,
) -> i32 {
    let dockerfile_name = request
        .dockerfile_path
        .rsplit('/')
        .next()
        .unwrap_or("Dockerfile")
        .to_string();
    let files = &world.hosts[client_host].fs;
    let context = match BuildContext::read(files, &request.context_dir) {
        Ok(context) => context,
        Err(_) => {
            let relative = request
                .context_dir
                .strip_prefix(&format!("{}/", world.client.cwd))
                .unwrap_or(&request.context_dir);
            cx.out.errln(format!(
                "ERROR: failed to build: unable to prepare context: path \"{relative}\" not found"
            ));
            return 1;
        }
    };
    let text = files
        .read(&request.dockerfile_path)
        .ok()
        .and_then(|content| content.as_text().map(str::to_string));
    let events_start = cx.events.len();
    let started = cx.now();
    let architecture = world.hosts[host].architecture.clone();

    let mut run = Build {
        world,
        cx,
        client_host: client_host.to_string(),
        host: host.to_string(),
        request,
        timeline: Timeline::default(),
        text: text.clone().unwrap_or_default(),
        dockerfile_name,
        originals: SortedMap::new(),
        context,
        escape: '\\',
        platform: request
            .platform
            .clone()
            .unwrap_or_else(|| host_platform(&architecture)),
        bases: SortedMap::new(),
        failed_vertex: None,
        image_sources: SortedMap::new(),
        shown_images: SortedMap::new(),
    };
    run.record_session();
    let mut warnings = Vec::new();
    let ending = match text {
        Some(_) => run.run(&mut warnings),
        None => Err(run.missing_dockerfile(started)),
    };
    run.number_step_events(events_start);
    let Build {
        timeline,
        cx,
        text,
        dockerfile_name,
        world,
        ..
    } = run;
    print_ending(
        world,
        cx,
        request,
        &timeline,
        &text,
        &dockerfile_name,
        &warnings,
        ending,
    )
}

/// Prints what buildx prints once the build ends and returns the exit status.
#[allow(clippy::too_many_arguments)]
fn print_ending(
    world: &mut World,
    cx: &mut Cx,
    request: &BuildRequest,
    timeline: &Timeline,
    text: &str,
    dockerfile_name: &str,
    warnings: &[Diagnostic],
    ending: Result<Ending, Failure>,
) -> i32 {
    let plain = request.progress == ProgressMode::Plain;
    if plain {
        cx.out.err(timeline.render(BUILDER_LINE));
    }
    match ending {
        Ok(Ending::Built(image_id)) => {
            if plain {
                cx.out.err(report::warnings_text(text, warnings));
            }
            if request.print_id {
                cx.out.outln(image_id.to_string());
            }
            if let Some(path) = &request.iidfile {
                let host = world.client.host.clone();
                let _ = world
                    .hosts
                    .get_mut(&host)
                    .expect("client host exists")
                    .fs
                    .write(path, Content::Text(image_id.to_string()));
            }
            0
        }
        Ok(Ending::Checked(result)) => {
            let warned = !warnings.is_empty();
            if warned || result.is_ok() {
                cx.out
                    .out(report::check_text(text, dockerfile_name, warnings));
            }
            match result {
                Ok(()) => i32::from(warned),
                Err(failure) => {
                    if warned {
                        cx.out.out("\n");
                    }
                    cx.out
                        .err(report::check_error_text(text, dockerfile_name, &failure));
                    1
                }
            }
        }
        Err(failure) => {
            if plain {
                cx.out.err(report::vertex_logs(&failure));
                cx.out.err(report::warnings_text(text, warnings));
            }
            cx.out
                .err(report::error_text(text, dockerfile_name, &failure));
            1
        }
    }
}

impl Build<'_> {
    /// Records the client's calls that start a BuildKit build through the
    /// docker driver: the session for file transfer and the gRPC control API.
    fn record_session(&mut self) {
        let client = self.client_host.clone();
        let host = self.host.clone();
        self.cx.api(&client, &host, "POST", "/session", "", 101);
        self.cx.api(&client, &host, "POST", "/grpc", "", 101);
        self.cx.call(
            Node::Client { host: client },
            Node::Daemon { host },
            "RPC",
            "moby.buildkit.v1.Control/Solve",
            "",
            200,
        );
    }

    /// Prints the definition vertex of a Dockerfile that is not there and
    /// returns BuildKit's error.
    fn missing_dockerfile(&mut self, started: Millis) -> Failure {
        self.cx.advance(12);
        self.definition_vertex(started, 2);
        Failure::new(format!(
            "failed to read dockerfile: open {}: no such file or directory",
            self.dockerfile_name
        ))
    }

    fn definition_vertex(&mut self, started: Millis, bytes: u64) {
        let name = format!(
            "[internal] load build definition from {}",
            self.dockerfile_name
        );
        self.vertex_now(
            &name,
            started,
            vec![done_status(
                "transferring dockerfile:",
                bytes,
                started,
                started + 5,
            )],
            Completion::Done,
        );
        self.transfer_from_client("moby.filesync.v1.FileSync/DiffCopy", bytes);
    }

    fn run(&mut self, warnings: &mut Vec<Diagnostic>) -> Result<Ending, Failure> {
        let started = self.cx.now();
        self.cx.advance(12);
        self.definition_vertex(started, self.text.len() as u64);
        self.originals = dockerfile::parser::parse(&self.text)
            .instructions
            .iter()
            .map(|instruction| {
                (
                    instruction.span.start,
                    instruction.original.as_str().to_string(),
                )
            })
            .collect();

        // Plan once to learn the base images, resolve them, then plan again
        // with their environment and ONBUILD triggers, as BuildKit's
        // frontend dispatches stages only after it has the base image configs.
        let mut input = self.plan_input();
        let first = prepare(&self.text, &input);
        self.escape = first.escape;
        *warnings = first.warnings.clone();
        if let Some(failure) = self
            .first_failure(&first)
            .filter(|_| first.error_is_early())
        {
            return self.stop(failure);
        }
        let first_plan = first
            .plan
            .ok_or_else(|| Failure::new("the Dockerfile cannot be empty"))?;
        self.resolve_bases(&images_to_resolve(&first_plan))?;
        for (name, base) in &self.bases {
            input.base_images.insert(name.clone(), base.plan_image());
        }

        let planned = prepare(&self.text, &input);
        *warnings = planned.warnings.clone();
        if let Some(failure) = self.first_failure(&planned) {
            return self.stop(failure);
        }
        let plan = planned
            .plan
            .clone()
            .ok_or_else(|| Failure::new("the Dockerfile cannot be empty"))?;
        let schedule = stages::schedule(&plan);
        self.world.last_build = Some(stages::view(&plan, &schedule));
        self.dockerignore_vertex();
        self.validate(&plan)?;
        if self.request.check {
            return Ok(Ending::Checked(Ok(())));
        }
        if let Some(message) = &planned.lint_error {
            return Err(Failure::new(message.clone()));
        }

        let results = self.run_levels(&plan, &schedule)?;
        let target = results
            .get(&plan.target)
            .cloned()
            .ok_or_else(|| Failure::new("target stage was not built"))?;
        let image_id = self.export(&target)?;
        Ok(Ending::Built(image_id))
    }

    /// Returns the plan input of the request: build args, target, platform
    /// and `.dockerignore`. The build platform stays the host's when
    /// `--platform` requests another, through the `BUILD*` args that build
    /// args may override in BuildKit.
    fn plan_input(&self) -> PlanInput {
        let mut build_args = self.request.build_args.clone();
        let host = host_platform(&self.world.hosts[&self.host].architecture);
        for (name, value) in [
            ("BUILDPLATFORM", host.to_string()),
            ("BUILDOS", host.os.clone()),
            ("BUILDARCH", host.architecture.clone()),
            ("BUILDVARIANT", host.variant.clone()),
        ] {
            build_args.entry(name.to_string()).or_insert(value);
        }
        let dockerignore = self
            .context
            .text(".dockerignore")
            .and_then(|text| dockerfile::dockerignore::Matcher::from_file(text).ok());
        PlanInput {
            build_args,
            target: self.request.target.clone(),
            platform: self.platform.clone(),
            all_stages: self.request.check && self.request.target.is_none(),
            dockerignore,
            base_images: SortedMap::new(),
        }
    }

    /// Returns the error that stops the build, as BuildKit meets them.
    fn first_failure(&self, prepared: &Prepared) -> Option<Failure> {
        let mut failure = prepared.error()?;
        if failure.message.starts_with("target stage ") {
            // The target error has no place in the file; the planner has
            // already added BuildKit's suggestion of a stage name.
            failure.span = None;
        }
        Some(failure)
    }

    /// Ends the build at an error found while reading the Dockerfile; with
    /// `--check` the error is part of the check's result.
    fn stop(&mut self, failure: Failure) -> Result<Ending, Failure> {
        match self.request.check {
            true => Ok(Ending::Checked(Err(failure))),
            false => Err(failure),
        }
    }

    fn dockerignore_vertex(&mut self) {
        let size = self
            .context
            .text(".dockerignore")
            .map_or(2, |text| text.len() as u64);
        let now = self.cx.now();
        self.vertex_now(
            "[internal] load .dockerignore",
            now,
            vec![done_status("transferring context:", size, now, now + 3)],
            Completion::Done,
        );
    }

    /// Runs the stages the target needs, level by level. Stages on one level
    /// need none of each other, so they start at the same logical time, as
    /// BuildKit runs them at once. A failure cancels what still runs.
    fn run_levels(
        &mut self,
        plan: &Plan,
        schedule: &stages::Schedule,
    ) -> Result<SortedMap<usize, StageState>, Failure> {
        let mut results = SortedMap::new();
        let reads_context = plan
            .needed
            .iter()
            .any(|&index| stages::reads_context(&plan.stages[index]));
        let mut context_loaded = !reads_context;
        for level in stages::levels(schedule) {
            let level_start = self.cx.now();
            let events_start = self.cx.events.len();
            if !context_loaded {
                // The context loads while the first stages start: a moment
                // after their FROM vertices, as BuildKit's solver reaches it.
                self.cx.set_now(level_start + 1);
                self.load_context();
                self.cx.set_now(level_start);
                context_loaded = true;
            }
            let mut end = self.pull_copied_images(plan, level_start)?;
            let mut failure: Option<(Millis, Failure)> = None;
            for index in level {
                self.cx.set_now(level_start);
                match self.run_stage(plan, index, &results) {
                    Ok(state) => {
                        results.insert(index, state);
                    }
                    Err(error) => {
                        let at = self.cx.now();
                        if failure.as_ref().is_none_or(|(earlier, _)| at < *earlier) {
                            failure = Some((at, error));
                        }
                    }
                }
                end = end.max(self.cx.now());
            }
            self.cx.sort_events_from(events_start);
            if let Some((at, error)) = failure {
                self.cx.set_now(at);
                if let Some(failed) = self.failed_vertex {
                    self.timeline.cancel_after(at, failed);
                }
                return Err(error);
            }
            self.cx.set_now(end);
        }
        Ok(results)
    }

    /// Pulls the images that `COPY --from` or a mount's `from=` names when
    /// the first stages start, as BuildKit starts every image source at
    /// once, and returns when the last is ready.
    fn pull_copied_images(&mut self, plan: &Plan, start: Millis) -> Result<Millis, Failure> {
        let mut end = start;
        for &index in &plan.needed {
            for dependency in &plan.stages[index].dependencies {
                let Source::Image(name) = &dependency.source else {
                    continue;
                };
                if self.image_sources.contains_key(name) {
                    continue;
                }
                self.cx.set_now(start);
                let files = self.image_files(name, &dependency.span)?;
                self.image_sources.insert(name.clone(), files);
                end = end.max(self.cx.now());
            }
        }
        self.cx.set_now(start);
        Ok(end)
    }

    /// Prints `[internal] load build context` and records the transfer.
    fn load_context(&mut self) {
        let started = self.cx.now();
        let size = self.context.transfer_size();
        self.transfer_from_client("moby.filesync.v1.FileSync/DiffCopy", size);
        self.cx.advance(10 + size / 100_000);
        self.vertex_now(
            "[internal] load build context",
            started,
            vec![done_status(
                "transferring context:",
                size,
                started,
                self.cx.now(),
            )],
            Completion::Done,
        );
    }

    /// Records the daemon pulling files from the client's session.
    pub(super) fn transfer_from_client(&mut self, method: &str, bytes: u64) {
        let index = self.cx.call(
            Node::Daemon {
                host: self.host.clone(),
            },
            Node::Client {
                host: self.client_host.clone(),
            },
            "RPC",
            method,
            "",
            200,
        );
        self.cx.set_response(index, format!("{bytes} bytes"));
    }

    /// Records a finished vertex that started at `started` and ends now.
    pub(super) fn vertex_now(
        &mut self,
        name: &str,
        started: Millis,
        lines: Vec<Line>,
        completion: Completion,
    ) -> VertexId {
        let id = self.timeline.open(name, started);
        self.timeline.finish(id, self.cx.now(), lines, completion);
        id
    }

    /// Replaces the timeline slots in this build's step events with the
    /// numbers the printer gives the vertices.
    fn number_step_events(&mut self, start: usize) {
        let host = self.host.clone();
        let numbers = self.timeline.numbers();
        for event in self.cx.events.iter_mut().skip(start) {
            if let EventKind::Change(Change::BuildStep {
                host: event_host,
                vertex,
                ..
            }) = &mut event.kind
            {
                if *event_host == host {
                    *vertex = numbers.get(&(*vertex as VertexId)).copied().unwrap_or(0);
                }
            }
        }
    }
}

/// Returns the images a plan starts from or copies from, with the place in
/// the file that names each, in the order stages need them.
fn images_to_resolve(plan: &Plan) -> Vec<(String, std::ops::Range<usize>)> {
    let mut images: Vec<(String, std::ops::Range<usize>)> = Vec::new();
    for &index in &plan.needed {
        let stage = &plan.stages[index];
        if let Base::Image(name) = &stage.base {
            images.push((name.clone(), stage.span.clone()));
        }
        for dependency in &stage.dependencies {
            if let Source::Image(name) = &dependency.source {
                images.push((name.clone(), dependency.span.clone()));
            }
        }
    }
    let mut seen = SortedSet::new();
    images.retain(|(name, _)| seen.insert(name.clone()));
    images
}

/// Returns the platform of a host with this architecture.
pub(super) fn host_platform(architecture: &str) -> Platform {
    Platform {
        os: "linux".to_string(),
        architecture: architecture.to_string(),
        variant: String::new(),
    }
}

/// Returns a status line that completed.
pub(super) fn done_status(id: &str, bytes: u64, started: Millis, completed: Millis) -> Line {
    Line::Status(Status {
        id: id.to_string(),
        current: bytes,
        total: if id.starts_with("sha256:") { bytes } else { 0 },
        started: Some(started),
        completed: Some(completed),
    })
}
