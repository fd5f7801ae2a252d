//! Running a build: resolving bases, executing steps with the cache,
//! exporting the image, and printing BuildKit's plain progress.

use std::collections::BTreeMap;
use std::sync::Arc;

use dockerfile::instructions::{Command, HealthConfig, Healthcheck};
use dockerfile::parser::{self, Form};
use dockerfile::plan::{self, Base, Plan, PlanInput};
use dockerfile::{Diagnostic, LineIndex, Severity};

use super::cache::{cache_key, CacheRecord, InputsSummary};
use super::context::BuildContext;
use super::copy::{self, CopyRequest, Source};
use super::progress::{Completion, Line, PlainPrinter, Status, Vertex};
use super::stages;
use crate::clock::{self, Millis};
use crate::cx::Cx;
use crate::daemon::images::Image;
use crate::daemon::layers::chain_ids;
use crate::digest::Digest;
use crate::distribution;
use crate::events::{Change, Node, StepOutcome};
use crate::fs::{ChangeSet, Overlay};
use crate::reference::{self, Reference};
use crate::registry::{to_canonical_json, ContainerConfig, History, ImageConfig, RootFs};
use crate::sh::{run_argv, run_script, BuildSystem, Mode, ShellKind, ShellState};
use crate::world::World;

/// The comment BuildKit's Dockerfile frontend puts in image history.
const HISTORY_COMMENT: &str = "buildkit.dockerfile.v0";
/// The default shell of shell-form RUN, CMD and ENTRYPOINT on Linux.
const DEFAULT_SHELL: [&str; 2] = ["/bin/sh", "-c"];
/// The PATH BuildKit sets when the base image has none.
const DEFAULT_PATH: &str = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";
/// A registry round trip while resolving metadata, in milliseconds.
const RESOLVE_MS: Millis = 350;

/// What `docker build` asked for.
#[derive(Clone, Debug, Default)]
pub struct BuildRequest {
    /// The build context directory on the client's host, absolute.
    pub context_dir: String,
    /// `-f`: the Dockerfile path, relative to the context or absolute.
    pub dockerfile: Option<String>,
    /// `-t` references, normalised.
    pub tags: Vec<Reference>,
    pub build_args: BTreeMap<String, String>,
    pub target: Option<String>,
    pub no_cache: bool,
    /// `--pull`: resolve base images from the registry even when present.
    pub pull: bool,
    /// `-q`: print only the image ID.
    pub quiet: bool,
}

/// A stage's state while its steps run.
#[derive(Clone, Debug)]
struct StageState {
    chain: Vec<Digest>,
    diff_ids: Vec<Digest>,
    layers: Vec<Arc<ChangeSet>>,
    config: ContainerConfig,
    history: Vec<History>,
    /// Cache key of the last step; the base image ID at the start.
    key: Digest,
    shell: Vec<String>,
    /// ARG values in effect, which RUN sees as environment variables.
    args: Vec<(String, String)>,
    created: Millis,
    healthcheck: Option<HealthConfig>,
}

impl StageState {
    fn files(&self) -> Overlay {
        Overlay::new(self.layers.clone())
    }

    fn workdir(&self) -> String {
        if self.config.working_dir.is_empty() {
            "/".to_string()
        } else {
            self.config.working_dir.clone()
        }
    }
}

/// Why a build stopped, ready to print.
struct Failure {
    /// The error after `ERROR: failed to build: failed to solve: `.
    message: String,
    /// Where in the Dockerfile, for the source excerpt.
    span: Option<std::ops::Range<usize>>,
    /// The failing vertex and its last log lines, for the `------` block.
    vertex: Option<(String, Vec<String>)>,
}

impl Failure {
    fn new(message: impl Into<String>) -> Self {
        Self { message: message.into(), span: None, vertex: None }
    }
}

/// Everything one build run needs to carry around.
struct Build<'a> {
    world: &'a mut World,
    cx: &'a mut Cx,
    client_host: String,
    host: String,
    request: &'a BuildRequest,
    printer: PlainPrinter,
    text: String,
    dockerfile_name: String,
    /// Original text of each instruction by its span start.
    originals: BTreeMap<usize, String>,
    context: BuildContext,
    context_loaded: bool,
}

/// Runs `docker build` and returns the exit status; progress goes to
/// standard error, the image ID to standard output with `-q`.
pub fn build(world: &mut World, cx: &mut Cx, client_host: &str, host: &str, request: &BuildRequest) -> i32 {
    let dockerfile_path = match &request.dockerfile {
        Some(path) if path.starts_with('/') => path.clone(),
        Some(path) => format!("{}/{path}", request.context_dir),
        None => format!("{}/Dockerfile", request.context_dir),
    };
    let dockerfile_name = request.dockerfile.clone().unwrap_or_else(|| "Dockerfile".to_string());
    let files = &world.hosts[client_host].fs;
    let text = match files.read(&dockerfile_path).ok().and_then(|content| content.as_text().map(str::to_string)) {
        Some(text) => text,
        None => {
            cx.out.errln(format!(
                "ERROR: failed to build: failed to solve: failed to read dockerfile: open {dockerfile_name}: no such file or directory"
            ));
            return 1;
        }
    };
    let context = match BuildContext::read(files, &request.context_dir) {
        Ok(context) => context,
        Err(_) => {
            cx.out.errln(format!(
                "ERROR: failed to build: unable to prepare context: path \"{}\" not found",
                request.context_dir
            ));
            return 1;
        }
    };

    let originals = parser::parse(&text)
        .instructions
        .iter()
        .map(|instruction| (instruction.span.start, instruction.original.as_str().to_string()))
        .collect();
    let mut run = Build {
        world,
        cx,
        client_host: client_host.to_string(),
        host: host.to_string(),
        request,
        printer: PlainPrinter::new("building with \"default\" instance using docker driver"),
        text,
        dockerfile_name,
        originals,
        context,
        context_loaded: false,
    };
    run.record_session();
    let result = run.run();
    let Build { printer, cx, text, dockerfile_name, .. } = run;
    let progress = printer.finish();
    match result {
        Ok((image_id, warnings)) => {
            if request.quiet {
                cx.out.outln(image_id.to_string());
            } else {
                cx.out.err(progress);
                cx.out.err(warnings_text(&text, &warnings));
            }
            0
        }
        Err(failure) => {
            cx.out.err(progress);
            cx.out.err(failure_text(&text, &dockerfile_name, &failure));
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

    fn run(&mut self) -> Result<(Digest, Vec<Diagnostic>), Failure> {
        let started = self.cx.now();
        self.cx.advance(12);
        let dockerfile_bytes = self.text.len() as u64;
        self.vertex_now(
            &format!("[internal] load build definition from {}", self.dockerfile_name),
            started,
            vec![done_status("transferring dockerfile:", dockerfile_bytes, started, started + 5)],
            Completion::Done,
        );
        self.transfer_from_client("moby.filesync.v1.FileSync/DiffCopy", dockerfile_bytes);

        let dockerignore = self.context.text(".dockerignore").map(str::to_string);
        let input = PlanInput {
            build_args: self.request.build_args.clone(),
            target: self.request.target.clone(),
            dockerignore: dockerignore.as_deref().and_then(|text| dockerfile::dockerignore::Matcher::from_file(text).ok()),
            ..PlanInput::default()
        };
        // Plan once to learn the base images, resolve them, then plan again
        // with their environment and ONBUILD triggers, as BuildKit's
        // frontend expands stages only after it has the base image configs.
        let first = plan::plan(&self.text, &input);
        if let Some(error) = first.errors.iter().find(|diagnostic| diagnostic.severity == Severity::Error) {
            return Err(Failure { message: error.message.clone(), span: Some(error.span.clone()), vertex: None });
        }
        let Some(first_plan) = first.plan else {
            return Err(Failure::new("the Dockerfile cannot be empty"));
        };
        let first_schedule = stages::schedule(&first_plan);
        let bases = self.resolve_bases(&first_plan, &first_schedule.order)?;

        let mut input = input;
        for (name, (_, _, config)) in &bases {
            let env = config
                .env
                .iter()
                .map(|pair| match pair.split_once('=') {
                    Some((key, value)) => (key.to_string(), value.to_string()),
                    None => (pair.clone(), String::new()),
                })
                .collect();
            input.base_images.insert(name.clone(), plan::BaseImage { env, onbuild: config.on_build.clone() });
        }
        let planned = plan::plan(&self.text, &input);
        if let Some(error) = planned.errors.iter().find(|diagnostic| diagnostic.severity == Severity::Error) {
            return Err(Failure { message: error.message.clone(), span: Some(error.span.clone()), vertex: None });
        }
        let Some(plan) = planned.plan else {
            return Err(Failure::new("the Dockerfile cannot be empty"));
        };
        let schedule = stages::schedule(&plan);
        self.world.last_build = Some(stages::view(&plan, &schedule));
        let bases: BTreeMap<String, (Reference, Option<Digest>)> =
            bases.into_iter().map(|(name, (reference, digest, _))| (name, (reference, digest))).collect();

        let ignore_size = dockerignore.as_ref().map(|text| text.len() as u64).unwrap_or(2);
        let now = self.cx.now();
        self.vertex_now("[internal] load .dockerignore", now, vec![done_status("transferring context:", ignore_size, now, now + 3)], Completion::Done);

        let mut results: BTreeMap<usize, StageState> = BTreeMap::new();
        let multi_stage = plan.stages.len() > 1;
        for &index in &schedule.order {
            let state = self.run_stage(&plan, index, &bases, &results, multi_stage)?;
            results.insert(index, state);
        }

        let target = results.remove(&plan.target).expect("the target stage was built");
        let image_id = self.export(&target)?;
        let mut warnings = planned.warnings;
        warnings.sort_by_key(|warning| warning.span.start);
        Ok((image_id, warnings))
    }

    /// Resolves each image a needed stage starts from, printing a
    /// `load metadata` vertex per image, and returns the images by name.
    fn resolve_bases(&mut self, plan: &Plan, order: &[usize]) -> Result<BTreeMap<String, (Reference, Option<Digest>, ContainerConfig)>, Failure> {
        let mut bases = BTreeMap::new();
        for &index in order {
            let stage = &plan.stages[index];
            let Base::Image(name) = &stage.base else { continue };
            if bases.contains_key(name) {
                continue;
            }
            let reference = reference::parse_normalized_named(name)
                .map_err(|error| Failure { message: format!("failed to parse stage name \"{name}\": {error}"), span: Some(stage.span.clone()), vertex: None })?
                .with_default_tag();
            let local = self.world.hosts[&self.host].daemon.images.by_tag(&reference).map(|image| image.config.config.clone());
            let vertex_name = format!("[internal] load metadata for {reference}");
            let started = self.cx.now();
            if let (Some(config), false) = (local, self.request.pull) {
                self.cx.advance(40);
                self.vertex_now(&vertex_name, started, Vec::new(), Completion::Done);
                bases.insert(name.clone(), (reference, None, config));
                continue;
            }

            // Resolving contacts the registry; a first contact also fetches a token.
            let needs_token = self.needs_token(&reference);
            if needs_token {
                self.printer.interrupted(&vertex_name, started, &[]);
                let auth_started = self.cx.now();
                let auth_name = format!("[auth] {}:pull token for {}", reference.repository_path(), self.registry_host(&reference));
                self.cx.advance(80);
                self.vertex_now(&auth_name, auth_started, Vec::new(), Completion::Done);
            }
            match distribution::resolve(self.world, self.cx, &self.host, &reference) {
                Ok((digest, config)) => {
                    self.cx.advance(RESOLVE_MS);
                    self.vertex_now(&vertex_name, started, Vec::new(), Completion::Done);
                    bases.insert(name.clone(), (reference, Some(digest), config.config));
                }
                Err(error) => {
                    let message = match &error {
                        distribution::PullError::AccessDenied { .. } => "pull access denied, repository does not exist or may require authorization: server message: insufficient_scope: authorization failed".to_string(),
                        distribution::PullError::ManifestUnknown { .. } => format!("{reference}: not found"),
                        // BuildKit resolves through containerd, which reports the bare status of its HEAD request.
                        distribution::PullError::TooManyRequests { url } => format!("unexpected status from HEAD request to {url}: 429 Too Many Requests"),
                        other => other.message(),
                    };
                    self.cx.advance(RESOLVE_MS);
                    self.vertex_now(&vertex_name, started, Vec::new(), Completion::Error(message.clone()));
                    return Err(Failure {
                        message: format!("{}: failed to resolve source metadata for {reference}: {message}", name),
                        span: Some(stage.span.clone()),
                        vertex: Some((vertex_name, Vec::new())),
                    });
                }
            }
        }
        Ok(bases)
    }

    fn needs_token(&mut self, reference: &Reference) -> bool {
        let key = format!("{}/{}", self.registry_host(reference), reference.repository_path());
        let now = self.cx.now();
        let daemon = &mut self.world.hosts.get_mut(&self.host).expect("host exists").daemon;
        let fresh = daemon.registry_tokens.get(&key).is_some_and(|expiry| *expiry > now);
        if !fresh {
            daemon.registry_tokens.insert(key, now + 300_000);
        }
        !fresh && self.world.registry_index(reference.domain()).is_some_and(|index| self.world.registries[index].auth_host.is_some())
    }

    fn registry_host(&self, reference: &Reference) -> String {
        self.world
            .registry_index(reference.domain())
            .map(|index| self.world.registries[index].host.clone())
            .unwrap_or_else(|| reference.domain().to_string())
    }

    fn run_stage(
        &mut self,
        plan: &Plan,
        index: usize,
        bases: &BTreeMap<String, (Reference, Option<Digest>)>,
        results: &BTreeMap<usize, StageState>,
        multi_stage: bool,
    ) -> Result<StageState, Failure> {
        let stage = &plan.stages[index];
        let prefix = match (&stage.name, multi_stage) {
            (Some(name), _) => format!("{name} "),
            (None, true) => format!("stage-{index} "),
            (None, false) => String::new(),
        };
        let counted = stage.steps.iter().filter(|step| makes_vertex(&step.command)).count();
        let from_vertex = matches!(stage.base, Base::Image(_));
        let total = counted + usize::from(from_vertex);
        let mut number = 0;

        let mut state = match &stage.base {
            Base::Scratch => StageState {
                chain: Vec::new(),
                diff_ids: Vec::new(),
                layers: Vec::new(),
                config: ContainerConfig { env: vec![format!("PATH={DEFAULT_PATH}")], ..ContainerConfig::default() },
                history: Vec::new(),
                key: Digest::of(b"scratch"),
                shell: DEFAULT_SHELL.iter().map(|part| part.to_string()).collect(),
                args: Vec::new(),
                created: self.cx.now(),
                healthcheck: None,
            },
            Base::Stage(base) => results.get(base).cloned().ok_or_else(|| Failure::new(format!("stage {base} was not built")))?,
            Base::Image(name) => {
                number += 1;
                let (reference, digest) = bases.get(name).cloned().expect("bases resolved before stages run");
                self.from_image(&format!("[{prefix}{number}/{total}] FROM"), &reference, digest, stage.span.clone())?
            }
        };
        state.args.clear();

        for step in &stage.steps {
            let original = self.originals.get(&step.span.start).cloned().unwrap_or_else(|| step.name.clone());
            if makes_vertex(&step.command) {
                number += 1;
                let vertex_name = format!("[{prefix}{number}/{total}] {original}");
                self.run_step(&mut state, &step.command, &vertex_name, &original, step.span.clone(), plan, results)?;
            } else {
                apply_metadata(&mut state, &step.command, &original);
            }
        }
        Ok(state)
    }

    /// Starts a stage from an image: pulls it if needed and prints the
    /// FROM vertex.
    fn from_image(&mut self, label: &str, reference: &Reference, digest: Option<Digest>, span: std::ops::Range<usize>) -> Result<StageState, Failure> {
        let started = self.cx.now();
        let image = self.world.hosts[&self.host].daemon.images.by_tag(reference).cloned();
        let (image, digest_text, lines) = match (image, digest) {
            (Some(image), None) => {
                let digest = image.repo_digests.first().and_then(|text| text.split_once('@')).map(|(_, digest)| digest.to_string());
                let name = match &digest {
                    Some(digest) => format!("{label} {reference}@{digest}"),
                    None => format!("{label} {reference}"),
                };
                self.cx.advance(10);
                self.vertex_now(&name, started, Vec::new(), Completion::Cached);
                return Ok(self.state_from_image(&image));
            }
            (local, _) => {
                let outcome = distribution::pull(self.world, self.cx, &self.host, reference).map_err(|error| Failure {
                    message: error.message(),
                    span: Some(span.clone()),
                    vertex: None,
                })?;
                let image = self.world.hosts[&self.host].daemon.images.get(&outcome.image_id).cloned().or(local).expect("pulled image stored");
                let mut lines = vec![Line::Status(Status {
                    id: format!("resolve {reference}@{}", outcome.digest),
                    current: 0,
                    total: 0,
                    started: Some(started),
                    completed: Some(started + 5),
                })];
                let mut clock = started;
                for layer in outcome.layers.iter().filter(|layer| !layer.existed) {
                    lines.push(done_status(&layer.blob_digest.to_string(), layer.compressed_size, clock, clock + layer.download_ms));
                    clock += layer.download_ms / 3;
                }
                for layer in outcome.layers.iter().filter(|layer| !layer.existed) {
                    lines.push(Line::Status(Status {
                        id: format!("extracting {}", layer.blob_digest),
                        current: 0,
                        total: 0,
                        started: Some(clock),
                        completed: Some(clock + layer.extract_ms),
                    }));
                    clock += layer.extract_ms;
                }
                (image, outcome.digest.to_string(), lines)
            }
        };
        let name = format!("{label} {reference}@{digest_text}");
        if self.cx.now() < started + 30 {
            self.cx.advance(30);
        }
        self.vertex_now(&name, started, lines, Completion::Done);
        Ok(self.state_from_image(&image))
    }

    fn state_from_image(&self, image: &Image) -> StageState {
        let layers = self.world.hosts[&self.host].daemon.layers.stack(&image.chain);
        let mut config = image.config.config.clone();
        // The base's triggers run in this stage and are not inherited further.
        config.on_build.clear();
        if config.env_value("PATH").is_none() {
            config.env.insert(0, format!("PATH={DEFAULT_PATH}"));
        }
        StageState {
            chain: image.chain.clone(),
            diff_ids: image.diff_ids().to_vec(),
            layers,
            config,
            history: image.config.history.clone(),
            key: image.id,
            shell: DEFAULT_SHELL.iter().map(|part| part.to_string()).collect(),
            args: Vec::new(),
            created: image.created,
            healthcheck: None,
        }
    }

    /// Runs one step that makes a vertex (RUN, COPY, ADD, WORKDIR).
    #[allow(clippy::too_many_arguments)]
    fn run_step(
        &mut self,
        state: &mut StageState,
        command: &Command,
        vertex_name: &str,
        original: &str,
        span: std::ops::Range<usize>,
        plan: &Plan,
        results: &BTreeMap<usize, StageState>,
    ) -> Result<(), Failure> {
        let started = self.cx.now();
        let mut files = state.files();
        let mut log = Vec::new();
        let mut simulated = true;
        let mut duration: Millis = 30;
        let mut inputs = InputsSummary::default();

        // Inputs first: they decide the cache key before any work is done.
        match command {
            Command::Copy(_) | Command::Add(_) => {
                let from = match command {
                    Command::Copy(copy) => copy.from.clone(),
                    _ => None,
                };
                if from.is_none() && !self.context_loaded {
                    self.load_context();
                }
                for (path, digest) in self.copy_inputs(command, state, plan, results) {
                    inputs.parts.insert(path, digest);
                }
            }
            Command::Run(_) => {
                let env = run_environment(state);
                inputs.parts.insert("env".to_string(), Digest::of(env.join("\n").as_bytes()));
                inputs.parts.insert("workdir".to_string(), Digest::of(state.workdir().as_bytes()));
                inputs.parts.insert("user".to_string(), Digest::of(state.config.user.as_bytes()));
            }
            _ => {}
        }
        let instruction = original.to_string();
        let key = cache_key(&state.key, &instruction, &inputs);
        let host = self.host.clone();
        let cached = if self.request.no_cache { None } else { self.world.hosts[&host].daemon.build_cache.get(&key).cloned() };

        let record = match cached {
            Some(record) => {
                self.cx.advance(5);
                self.vertex_now(vertex_name, started, Vec::new(), Completion::Cached);
                self.cx.change(Change::BuildStep {
                    host: host.clone(),
                    vertex: self.printer.index_of(vertex_name),
                    name: vertex_name.to_string(),
                    outcome: StepOutcome::Cached,
                });
                record
            }
            None => {
                let reason = if self.request.no_cache {
                    "--no-cache was given".to_string()
                } else {
                    self.world.hosts[&host].daemon.build_cache.miss_reason(&state.key, &instruction, &inputs)
                };
                match command {
                    Command::Workdir(path) => {
                        let target = copy::absolute(&state.workdir(), path);
                        let _ = files.mkdir_all(&target);
                    }
                    Command::Copy(_) | Command::Add(_) => {
                        if let Err(message) = self.apply_copy(&mut files, command, state, plan, results) {
                            let full = format!("failed to calculate checksum of ref {}::{}: {message}", short_ref(&state.key, 1), short_ref(&state.key, 2));
                            self.cx.advance(20);
                            self.vertex_now(vertex_name, started, Vec::new(), Completion::Error(full.clone()));
                            self.record_step(vertex_name, StepOutcome::Failed { message: full.clone() });
                            return Err(Failure {
                                message: format!("failed to compute cache key: {full}"),
                                span: Some(span),
                                vertex: Some((vertex_name.to_string(), Vec::new())),
                            });
                        }
                        duration = 40 + files.upper_size() / 50_000;
                    }
                    Command::Run(run) => {
                        let architecture = self.world.hosts[&host].architecture.clone();
                        let outcome = run_command(state, &mut files, &run.command, started, &architecture);
                        simulated = outcome.simulated;
                        duration = outcome.duration.max(50);
                        log = outcome.log;
                        if outcome.status != 0 {
                            let process = process_text(state, &run.command);
                            let message = format!("process \"{process}\" did not complete successfully: exit code: {}", outcome.status);
                            let lines = log_lines(started, &log);
                            self.cx.advance(duration);
                            self.vertex_now(vertex_name, started, lines, Completion::Error(message.clone()));
                            self.record_step(vertex_name, StepOutcome::Failed { message: message.clone() });
                            let tail = log.iter().rev().take(10).rev().map(|(offset, text)| format!("{:.3} {text}", *offset as f64 / 1000.0)).collect();
                            return Err(Failure { message, span: Some(span), vertex: Some((vertex_name.to_string(), tail)) });
                        }
                    }
                    _ => {}
                }
                let changes = files.commit();
                let layer = (!changes.is_empty()).then(|| Arc::new(changes));
                self.cx.advance(duration);
                let lines = log_lines(started, &log);
                self.vertex_now(vertex_name, started, lines, Completion::Done);
                self.record_step(vertex_name, StepOutcome::Ran { cache_miss: reason });
                let record = CacheRecord { layer, log: log.iter().map(|(_, text)| text.clone()).collect(), simulated, created: self.cx.now() };
                let daemon = &mut self.world.hosts.get_mut(&host).expect("host exists").daemon;
                daemon.build_cache.insert(key, state.key, &instruction, inputs, record.clone());
                record
            }
        };

        state.key = key;
        state.created = record.created;
        let created_by = history_text(state, command, original);
        let created = clock::rfc3339(record.created);
        match record.layer {
            Some(changes) => {
                let diff_id = changes.diff_id();
                state.diff_ids.push(diff_id);
                state.chain = chain_ids(&state.diff_ids);
                state.layers.push(changes);
                state.history.push(History { created, created_by, comment: HISTORY_COMMENT.to_string(), empty_layer: false });
            }
            None => {
                state.history.push(History { created, created_by, comment: HISTORY_COMMENT.to_string(), empty_layer: true });
            }
        }
        if let Command::Workdir(path) = command {
            state.config.working_dir = copy::absolute(&state.workdir(), path);
        }
        Ok(())
    }

    fn record_step(&mut self, vertex_name: &str, outcome: StepOutcome) {
        let vertex = self.printer.index_of(vertex_name);
        self.cx.change(Change::BuildStep { host: self.host.clone(), vertex, name: vertex_name.to_string(), outcome });
    }

    /// Prints `[internal] load build context` and records the transfer.
    fn load_context(&mut self) {
        self.context_loaded = true;
        let started = self.cx.now();
        let size = self.context.transfer_size();
        self.transfer_from_client("moby.filesync.v1.FileSync/DiffCopy", size);
        self.cx.advance(10 + size / 100_000);
        self.vertex_now("[internal] load build context", started, vec![done_status("transferring context:", size, started, self.cx.now())], Completion::Done);
    }

    /// Records the daemon pulling files from the client's session.
    fn transfer_from_client(&mut self, method: &str, bytes: u64) {
        let index = self.cx.call(
            Node::Daemon { host: self.host.clone() },
            Node::Client { host: self.client_host.clone() },
            "RPC",
            method,
            "",
            200,
        );
        self.cx.set_response(index, format!("{bytes} bytes"));
    }

    fn copy_source<'s>(&'s self, command: &Command, plan: &Plan, results: &'s BTreeMap<usize, StageState>) -> Result<(Option<Overlay>, bool), String> {
        let from = match command {
            Command::Copy(copy) => copy.from.clone(),
            _ => None,
        };
        let Some(from) = from else { return Ok((None, true)) };
        let stage = plan
            .stages
            .iter()
            .find(|stage| stage.name.as_deref() == Some(from.to_lowercase().as_str()) || stage.index.to_string() == from);
        match stage.and_then(|stage| results.get(&stage.index)) {
            Some(state) => Ok((Some(state.files()), false)),
            None => {
                // COPY --from=IMAGE: use the image if the daemon has it.
                let reference = reference::parse_normalized_named(&from).map_err(|error| error.to_string())?.with_default_tag();
                let daemon = &self.world.hosts[&self.host].daemon;
                let image = daemon.images.by_tag(&reference).ok_or_else(|| format!("{reference}: not found"))?;
                Ok((Some(Overlay::new(daemon.layers.stack(&image.chain))), false))
            }
        }
    }

    fn copy_inputs(&self, command: &Command, state: &StageState, plan: &Plan, results: &BTreeMap<usize, StageState>) -> Vec<(String, Digest)> {
        let mut scratch = state.files();
        self.apply_copy(&mut scratch, command, state, plan, results).unwrap_or_default()
    }

    fn apply_copy(&self, files: &mut Overlay, command: &Command, state: &StageState, plan: &Plan, results: &BTreeMap<usize, StageState>) -> Result<Vec<(String, Digest)>, String> {
        let (sources, chown, chmod) = match command {
            Command::Copy(copy) => (&copy.sources, copy.chown.clone(), copy.chmod.clone()),
            Command::Add(add) => (&add.sources, add.chown.clone(), add.chmod.clone()),
            _ => return Ok(Vec::new()),
        };
        let owner = chown.as_deref().map(|spec| resolve_owner(files, spec)).transpose()?;
        let mode = chmod.as_deref().and_then(|mode| u32::from_str_radix(mode, 8).ok());
        let inline: Vec<(String, String)> = sources.contents.iter().map(|content| (content.path.clone(), content.data.clone())).collect();
        let workdir = state.workdir();
        let request = CopyRequest { sources: &sources.paths, inline: &inline, destination: &sources.destination, workdir: &workdir, owner, mode };
        let (other, _) = self.copy_source(command, plan, results)?;
        match &other {
            Some(overlay) => copy::copy(files, &Source::Files(overlay), &request),
            None => copy::copy(files, &Source::Context(&self.context), &request),
        }
    }

    /// Writes the image: config, layers, tags; prints `exporting to image`.
    fn export(&mut self, state: &StageState) -> Result<Digest, Failure> {
        let started = self.cx.now();
        let host = self.host.clone();
        let mut config_env = state.config.clone();
        config_env.env.retain(|pair| !pair.is_empty());
        let created = state.history.iter().rev().find(|entry| !entry.empty_layer).map(|entry| entry.created.clone()).unwrap_or_else(|| clock::rfc3339(state.created));
        let image_config = ImageConfig {
            architecture: self.world.hosts[&host].architecture.clone(),
            config: config_env,
            created: created.clone(),
            history: state.history.clone(),
            os: "linux".to_string(),
            rootfs: RootFs { kind: "layers".to_string(), diff_ids: state.diff_ids.clone() },
            variant: None,
        };
        let config_json = to_canonical_json(&image_config);
        let image_id = Digest::of(&config_json);

        let daemon = &mut self.world.hosts.get_mut(&host).expect("host exists").daemon;
        let mut new_bytes = 0;
        for ((chain_id, diff_id), changes) in state.chain.iter().zip(&state.diff_ids).zip(&state.layers) {
            if daemon.layers.insert(*chain_id, *diff_id, changes.clone()) {
                new_bytes += changes.size();
                self.cx.change(Change::LayerStored { host: host.clone(), diff_id: diff_id.to_string(), size: changes.size() });
            }
        }
        let is_new = daemon.images.get(&image_id).is_none();
        if is_new {
            let size = state.chain.iter().filter_map(|id| daemon.layers.get(id)).map(|layer| layer.size).sum();
            daemon.layers.retain(&state.chain);
            daemon.images.insert(Image {
                id: image_id,
                config: image_config,
                config_json,
                created: clock::parse_rfc3339(&created).unwrap_or(self.cx.now()),
                chain: state.chain.clone(),
                size,
                repo_digests: Vec::new(),
                parent: None,
            });
            self.cx.change(Change::ImageStored { host: host.clone(), image_id: image_id.to_string() });
        }

        let export_ms = 20 + new_bytes / 200_000;
        let mut lines = vec![Line::Status(Status {
            id: "exporting layers".to_string(),
            current: 0,
            total: 0,
            started: Some(started),
            completed: Some(started + export_ms),
        })];
        let mut clock_at = started + export_ms;
        lines.push(Line::Status(Status { id: format!("writing image {image_id}"), current: 0, total: 0, started: Some(clock_at), completed: Some(clock_at + 5) }));
        clock_at += 5;
        for tag in &self.request.tags {
            let daemon = &mut self.world.hosts.get_mut(&host).expect("host exists").daemon;
            let previous = daemon.images.tag(tag, image_id);
            self.cx.change(Change::ImageTagged { host: host.clone(), image_id: image_id.to_string(), reference: tag.familiar_string() });
            if let Some(previous) = previous {
                let still_tagged = !daemon.images.tags_of(&previous).is_empty();
                let used = daemon.containers.iter().any(|container| container.image_id == previous);
                if !still_tagged && !used {
                    // The old image is now dangling, as after a real rebuild.
                    self.cx.change(Change::ImageUntagged { host: host.clone(), image_id: previous.to_string(), reference: tag.familiar_string() });
                }
            }
            lines.push(Line::Status(Status { id: format!("naming to {tag}"), current: 0, total: 0, started: Some(clock_at), completed: Some(clock_at + 2) }));
            clock_at += 2;
        }
        self.cx.advance(clock_at - started + 10);
        self.vertex_now("exporting to image", started, lines, Completion::Done);
        Ok(image_id)
    }

    /// Prints a finished vertex that started at `started` and ends now.
    fn vertex_now(&mut self, name: &str, started: Millis, lines: Vec<Line>, completion: Completion) {
        let vertex = Vertex { name: name.to_string(), started, completed: self.cx.now(), lines, completion };
        self.printer.vertex(&vertex);
    }
}

/// Returns whether an instruction makes a BuildKit vertex of its own.
fn makes_vertex(command: &Command) -> bool {
    matches!(command, Command::Run(_) | Command::Copy(_) | Command::Add(_) | Command::Workdir(_))
}

/// Applies an instruction that only changes the image config.
fn apply_metadata(state: &mut StageState, command: &Command, original: &str) {
    let history_entry = |created_by: String| History {
        created: clock::rfc3339(state.created),
        created_by,
        comment: HISTORY_COMMENT.to_string(),
        empty_layer: true,
    };
    match command {
        Command::Env(pairs) => {
            for pair in pairs {
                state.config.set_env(&pair.key, &pair.value);
            }
            let text = pairs.iter().map(|pair| format!("{}={}", pair.key, pair.value)).collect::<Vec<_>>().join(" ");
            let entry = history_entry(format!("ENV {text}"));
            state.history.push(entry);
        }
        Command::Arg(declarations) => {
            for declaration in declarations {
                if let Some(value) = &declaration.default {
                    state.args.retain(|(name, _)| name != &declaration.name);
                    state.args.push((declaration.name.clone(), value.clone()));
                }
            }
            let text = declarations
                .iter()
                .map(|declaration| match &declaration.default {
                    Some(value) => format!("{}={value}", declaration.name),
                    None => declaration.name.clone(),
                })
                .collect::<Vec<_>>()
                .join(" ");
            let entry = history_entry(format!("ARG {text}"));
            state.history.push(entry);
        }
        Command::Label(pairs) => {
            for pair in pairs {
                state.config.labels.insert(unquote(&pair.key), unquote(&pair.value));
            }
            let text = pairs.iter().map(|pair| format!("{}={}", unquote(&pair.key), unquote(&pair.value))).collect::<Vec<_>>().join(" ");
            let entry = history_entry(format!("LABEL {text}"));
            state.history.push(entry);
        }
        Command::Expose(ports) => {
            for port in ports {
                let key = if port.contains('/') { port.clone() } else { format!("{port}/tcp") };
                state.config.exposed_ports.insert(key, Default::default());
            }
            let keys: Vec<String> = ports.iter().map(|port| if port.contains('/') { format!("{port}:{{}}") } else { format!("{port}/tcp:{{}}") }).collect();
            let entry = history_entry(format!("EXPOSE map[{}]", keys.join(" ")));
            state.history.push(entry);
        }
        Command::Cmd(line) => {
            state.config.cmd = command_vector(state, line.form, &line.args);
            let entry = history_entry(format!("CMD {}", json_array(&state.config.cmd)));
            state.history.push(entry);
        }
        Command::Entrypoint(line) => {
            state.config.entrypoint = command_vector(state, line.form, &line.args);
            // ENTRYPOINT resets an inherited CMD, as BuildKit's dispatch does.
            state.config.cmd.clear();
            let entry = history_entry(format!("ENTRYPOINT {}", json_array(&state.config.entrypoint)));
            state.history.push(entry);
        }
        Command::User(user) => {
            state.config.user = user.clone();
            let entry = history_entry(format!("USER {user}"));
            state.history.push(entry);
        }
        Command::Volume(paths) => {
            for path in paths {
                state.config.volumes.insert(path.clone(), Default::default());
            }
            let entry = history_entry(format!("VOLUME {}", json_array(paths)));
            state.history.push(entry);
        }
        Command::StopSignal(signal) => {
            state.config.stop_signal = signal.clone();
            let entry = history_entry(format!("STOPSIGNAL {signal}"));
            state.history.push(entry);
        }
        Command::Shell(shell) => {
            state.shell = shell.clone();
            let entry = history_entry(format!("SHELL {}", json_array(shell)));
            state.history.push(entry);
        }
        Command::Healthcheck(check) => {
            state.healthcheck = match check {
                Healthcheck::None => None,
                Healthcheck::Check(config) => Some(config.clone()),
            };
            let entry = history_entry(original.to_string());
            state.history.push(entry);
        }
        Command::Maintainer(name) => {
            state.config.labels.insert("maintainer".to_string(), name.clone());
            let entry = history_entry(format!("MAINTAINER {name}"));
            state.history.push(entry);
        }
        Command::Onbuild(onbuild) => {
            state.config.on_build.push(onbuild.expression.clone());
            let entry = history_entry(format!("ONBUILD {}", onbuild.expression));
            state.history.push(entry);
        }
        Command::From(_) | Command::Run(_) | Command::Copy(_) | Command::Add(_) | Command::Workdir(_) => {}
    }
}

/// Returns the process of a CMD, ENTRYPOINT or RUN: the JSON array, or the
/// stage's shell with the text.
fn command_vector(state: &StageState, form: Form, args: &[String]) -> Vec<String> {
    match form {
        Form::Exec => args.to_vec(),
        Form::Shell => {
            let mut vector = state.shell.clone();
            vector.push(args.join(" "));
            vector
        }
    }
}

/// Formats a string list as Go's `%q` of a slice prints it: `["a" "b"]`.
fn json_array(items: &[String]) -> String {
    let quoted: Vec<String> = items.iter().map(|item| crate::strconv::quote(item)).collect();
    format!("[{}]", quoted.join(" "))
}

/// Returns the history `created_by` of a step, as BuildKit writes it.
fn history_text(state: &StageState, command: &Command, original: &str) -> String {
    match command {
        Command::Run(run) => {
            let process = command_vector(state, run.command.form, &run.command.args);
            format!("RUN {} # buildkit", process.join(" "))
        }
        Command::Copy(_) | Command::Add(_) => format!("{original} # buildkit"),
        Command::Workdir(path) => format!("WORKDIR {}", copy::absolute(&state.workdir(), path)),
        _ => original.to_string(),
    }
}

/// Returns the text BuildKit puts in `process "…" did not complete`.
fn process_text(state: &StageState, line: &dockerfile::instructions::CommandLine) -> String {
    command_vector(state, line.form, &line.args).join(" ")
}

/// The environment a RUN step sees: the image's ENV, then ARG values that
/// ENV does not already set.
fn run_environment(state: &StageState) -> Vec<String> {
    let mut env = state.config.env.clone();
    for (name, value) in &state.args {
        if state.config.env_value(name).is_none() {
            env.push(format!("{name}={value}"));
        }
    }
    env
}

/// What running a RUN step did.
struct RunOutcome {
    status: i32,
    /// Output lines with their offset in milliseconds from the step's start.
    log: Vec<(Millis, String)>,
    duration: Millis,
    simulated: bool,
}

/// Runs a RUN step's command through the shell interpreter against the
/// step's files, with the stage's environment, working directory and user.
fn run_command(state: &StageState, files: &mut Overlay, line: &dockerfile::instructions::CommandLine, now: Millis, architecture: &str) -> RunOutcome {
    let shell_path = state.shell.first().cloned().unwrap_or_else(|| DEFAULT_SHELL[0].to_string());
    let kind = ShellKind::detect(files, &shell_path).unwrap_or(ShellKind::Dash);
    let mut shell = ShellState::new(kind, &shell_path)
        .with_environment(run_environment(state))
        .with_cwd(&state.workdir());
    if !state.config.user.is_empty() {
        shell = shell.with_user(&state.config.user);
    }
    let process = command_vector(state, line.form, &line.args);
    let mut system = BuildSystem::new(now, architecture, &process.join(" "));

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
        Form::Shell => run_script(&shell_script(line), &mut shell, files, &mut system, Mode::Build),
    };
    let log = outcome.output.iter().map(|output| (output.offset_millis, output.text.clone())).collect();
    RunOutcome { status: outcome.status, log, duration: outcome.duration_millis, simulated: outcome.simulated }
}

/// Returns the script a shell-form RUN runs. A RUN whose command is only a
/// heredoc (`RUN <<EOF`) runs the heredoc's body, as BuildKit does; other
/// heredocs follow the command line so the shell reads them as usual.
fn shell_script(line: &dockerfile::instructions::CommandLine) -> String {
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

fn log_lines(started: Millis, log: &[(Millis, String)]) -> Vec<Line> {
    log.iter().map(|(offset, text)| Line::Log(started + offset, text.clone())).collect()
}

fn done_status(id: &str, bytes: u64, started: Millis, completed: Millis) -> Line {
    Line::Status(Status { id: id.to_string(), current: bytes, total: if id.starts_with("sha256:") { bytes } else { 0 }, started: Some(started), completed: Some(completed) })
}

/// Returns a stable 25-character reference name for error texts, in the
/// style of BuildKit's snapshot references.
fn short_ref(key: &Digest, salt: u8) -> String {
    let hex = Digest::of(format!("{key}{salt}").as_bytes()).hex();
    hex[..25].to_string()
}

/// Resolves `--chown` as BuildKit does: names through `/etc/passwd` and
/// `/etc/group` of the destination, numbers as they are.
fn resolve_owner(files: &Overlay, spec: &str) -> Result<(u32, u32), String> {
    let (user, group) = spec.split_once(':').unwrap_or((spec, spec));
    let lookup = |file: &str, name: &str| -> Result<u32, String> {
        if let Ok(id) = name.parse() {
            return Ok(id);
        }
        let text = files.read(file).ok().and_then(|content| content.as_text().map(str::to_string)).unwrap_or_default();
        text.lines()
            .find_map(|line| {
                let mut fields = line.split(':');
                (fields.next() == Some(name)).then(|| fields.nth(1).and_then(|id| id.parse().ok())).flatten()
            })
            .ok_or_else(|| format!("unable to convert uid/gid chown string to host mapping: can't find uid for user {name}: no such user: {name}"))
    };
    let uid = lookup("/etc/passwd", user)?;
    let gid = if spec.contains(':') { lookup("/etc/group", group)? } else { uid };
    Ok((uid, gid))
}

fn unquote(text: &str) -> String {
    let trimmed = text.trim();
    for quote in ['"', '\''] {
        if trimmed.len() >= 2 && trimmed.starts_with(quote) && trimmed.ends_with(quote) {
            return trimmed[1..trimmed.len() - 1].to_string();
        }
    }
    trimmed.to_string()
}

/// Formats the build-check warnings BuildKit prints after a build.
fn warnings_text(text: &str, warnings: &[Diagnostic]) -> String {
    if warnings.is_empty() {
        return String::new();
    }
    let index = LineIndex::new(text);
    let count = warnings.len();
    let mut out = format!("\n {count} warning{} found (use docker --debug to expand):\n", if count == 1 { "" } else { "s" });
    for warning in warnings {
        let line = index.line(warning.span.start);
        out.push_str(&format!(" - {}: {} (line {line})\n", warning.rule, warning.message));
    }
    out
}

/// Formats the tail BuildKit prints when a build fails: the failing
/// vertex's logs, the Dockerfile excerpt and the `ERROR:` line.
fn failure_text(text: &str, dockerfile_name: &str, failure: &Failure) -> String {
    let mut out = String::new();
    if let Some((vertex, logs)) = &failure.vertex {
        out.push_str("------\n");
        out.push_str(&format!(" > {vertex}:\n"));
        for line in logs {
            out.push_str(line);
            out.push('\n');
        }
        out.push_str("------\n");
    }
    if let Some(span) = &failure.span {
        out.push_str(&source_excerpt(text, dockerfile_name, span));
    }
    out.push_str(&format!("ERROR: failed to build: failed to solve: {}\n", failure.message));
    out
}

/// Prints the lines around an error as BuildKit's `errdefs.Source.Print`
/// does: two lines of context each side for a one-line error, one for
/// longer ones, with `>>>` on the lines of the error.
fn source_excerpt(text: &str, dockerfile_name: &str, span: &std::ops::Range<usize>) -> String {
    let index = LineIndex::new(text);
    let first = index.line(span.start);
    let last = index.line(span.end.saturating_sub(1).max(span.start));
    let lines: Vec<&str> = text.split('\n').collect();
    let (mut start, mut end) = (first, last.min(lines.len()));
    let pad = if first == last { 4 } else { 2 };
    let mut padded = 0;
    while padded < pad {
        if start > 1 {
            start -= 1;
            padded += 1;
        }
        if end != lines.len() {
            end += 1;
            padded += 1;
        }
        padded += 1;
    }
    let mut out = format!("{dockerfile_name}:{first}\n--------------------\n");
    for number in start..=end {
        let marker = if (first..=last).contains(&number) { ">>>" } else { "   " };
        out.push_str(&format!(" {number:>3} | {marker} {}\n", lines.get(number - 1).copied().unwrap_or("").trim_end_matches('\r')));
    }
    out.push_str("--------------------\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn excerpt_pads_one_line_error_by_two() {
        let text = "FROM alpine\nRUN exit 1";
        let span = 12..22;
        assert_eq!(
            source_excerpt(text, "Dockerfile", &span),
            "Dockerfile:2\n--------------------\n   1 |     FROM alpine\n   2 | >>> RUN exit 1\n--------------------\n"
        );
    }

    #[test]
    fn warnings_list_rule_and_line() {
        let text = "FROM alpine\nCMD echo hi\n";
        let warning = Diagnostic::warning("JSONArgsRecommended", 12..23, "JSON arguments recommended for CMD to prevent unintended behavior related to OS signals");
        assert_eq!(
            warnings_text(text, &[warning]),
            "\n 1 warning found (use docker --debug to expand):\n - JSONArgsRecommended: JSON arguments recommended for CMD to prevent unintended behavior related to OS signals (line 2)\n"
        );
    }
}
