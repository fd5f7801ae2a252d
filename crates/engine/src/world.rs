//! The simulated world: hosts with their daemons, the registries, the
//! terminal's client, and the logical clock that orders everything.

use shared_sort::{SortedMap, SortedSet};

use crate::client::argv::{self, Token};
use crate::clock::{Clock, Millis};
use crate::cx::Cx;
use crate::digest::Digest;
use crate::host::{Host, HOME, HOST_USER, PROJECT_DIR};
use crate::names::Rng;
use crate::output::CommandResult;
use crate::registry::Registry;
use crate::view::{BuildView, WorldView};

/// Logical time that passes between two lines the user types.
const THINK_TIME_MS: u64 = 2_000;

/// Choices fixed when a world is created.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct WorldOptions {
    /// Synthesise an image for any well-formed reference the registry lacks,
    /// so arbitrary Dockerfiles build. Off by default, and shown in the page.
    pub permissive: bool,
    /// Seed for generated names and ids.
    pub seed: u64,
}

/// A registry reachable from the hosts, with the names it answers to.
#[derive(Clone, Debug)]
pub struct RegistryHost {
    /// The name references use: `docker.io`, `localhost:5000`.
    pub name: String,
    /// The host requests go to: `registry-1.docker.io`.
    pub host: String,
    /// The token service, for registries that use one (`auth.docker.io`).
    pub auth_host: Option<String>,
    pub registry: Registry,
    /// Repositories this world pulled from or pushed to, for the page.
    pub touched: SortedSet<String>,
    /// The container that serves this registry, for a registry started
    /// from `registry:2`.
    pub container: Option<String>,
}

/// The `docker` client's side of the terminal: which host it runs on, its
/// environment and working directory.
#[derive(Clone, Debug)]
pub struct ClientState {
    pub host: String,
    pub env: SortedMap<String, String>,
    pub cwd: String,
    /// Registries the user logged in to, with the user name.
    pub logins: SortedMap<String, String>,
    /// The exit status of the last line, which `$?` expands to.
    pub last_status: i32,
}

impl ClientState {
    /// Returns the state of a fresh login shell on `host`, in `cwd`.
    pub fn login(host: &str, cwd: &str) -> Self {
        let mut env = SortedMap::new();
        for (name, value) in [
            ("HOME", HOME),
            ("PWD", cwd),
            ("USER", HOST_USER),
            ("SHELL", "/bin/bash"),
            ("PATH", "/usr/local/bin:/usr/bin:/bin"),
        ] {
            env.insert(name.to_string(), value.to_string());
        }
        ClientState {
            host: host.to_string(),
            env,
            cwd: cwd.to_string(),
            logins: SortedMap::new(),
            last_status: 0,
        }
    }
}

/// The whole simulation. Cloning it takes a snapshot.
#[derive(Clone, Debug)]
pub struct World {
    pub(crate) clock: Clock,
    pub(crate) rng: Rng,
    pub(crate) options: WorldOptions,
    pub(crate) hosts: SortedMap<String, Host>,
    pub(crate) registries: Vec<RegistryHost>,
    pub(crate) client: ClientState,
    /// The shells `ssh` left behind, innermost last; `exit` returns to them.
    pub(crate) shells: Vec<ClientState>,
    pub(crate) last_build: Option<BuildView>,
    /// The container session holding the terminal, if the client is
    /// attached to or waiting for a container.
    pub(crate) session: Option<crate::client::terminal::Session>,
    /// Whether [`World::tick`] let time pass since the last line: the
    /// learner's thinking time has then passed already.
    ticked: bool,
    next_id: u64,
}

impl Default for World {
    fn default() -> Self {
        Self::new()
    }
}

impl World {
    /// Creates a world with two hosts, `laptop` (where the terminal runs)
    /// and `server`, and Docker Hub.
    pub fn new() -> Self {
        Self::with_options(WorldOptions::default())
    }

    /// Creates a world with the given options.
    pub fn with_options(options: WorldOptions) -> Self {
        let laptop = Host::new("laptop");
        let server = Host::new("server");
        Self {
            clock: Clock::default(),
            rng: Rng::new(options.seed),
            hosts: SortedMap::from([(laptop.name.clone(), laptop), (server.name.clone(), server)]),
            registries: vec![RegistryHost {
                name: "docker.io".to_string(),
                host: "registry-1.docker.io".to_string(),
                auth_host: Some("auth.docker.io".to_string()),
                registry: Registry::docker_hub(),
                touched: SortedSet::new(),
                container: None,
            }],
            client: ClientState::login("laptop", PROJECT_DIR),
            shells: Vec::new(),
            last_build: None,
            session: None,
            ticked: false,
            options,
            next_id: 0,
        }
    }

    /// Returns the options the world was created with.
    pub fn options(&self) -> &WorldOptions {
        &self.options
    }

    /// Puts the build context's files into the project directory of the
    /// terminal's own host (the laptop, even while `ssh` holds the
    /// terminal), replacing what was there.
    pub fn load_project(&mut self, files: &[(String, String)]) {
        let host = self
            .shells
            .first()
            .map_or(&self.client.host, |shell| &shell.host)
            .clone();
        if let Some(host) = self.hosts.get_mut(&host) {
            host.load_project(files);
        }
    }

    /// Runs one terminal line and returns what it printed and did. While a
    /// container session holds the terminal, the line goes to it.
    pub fn run_line(&mut self, line: &str) -> CommandResult {
        let mut cx = Cx::new(self.clock.now());
        self.think(&mut cx);
        self.settle_all(&mut cx);
        let exit_code = match self.session.take() {
            Some(session) => match crate::client::terminal::input(self, &mut cx, session, line) {
                (_, true) => self.run_host_line(&mut cx, line),
                (code, false) => code,
            },
            None => self.run_host_line(&mut cx, line),
        };
        self.settle_all(&mut cx);
        self.clock.advance(cx.now() - self.clock.now());
        self.client.last_status = exit_code;
        CommandResult {
            output: cx.out.into_chunks(),
            exit_code,
            events: cx.events,
        }
    }

    /// Settles every host up to now. After a line it brings the kernel's
    /// accounting up to date, so the view shows what the line started or
    /// ended (an exec's shell, a job Ctrl+C ended) at once.
    fn settle_all(&mut self, cx: &mut Cx) {
        let now = cx.now();
        for host in self.hosts.values_mut() {
            crate::daemon::lifecycle::settle(host, cx, now);
        }
    }

    /// Lets logical time pass while the user thinks about the next line,
    /// unless the page's ticks let it pass already. A session that draws
    /// on its own (a streaming `docker stats`) prints what it draws in that
    /// time before the line runs.
    fn think(&mut self, cx: &mut Cx) {
        let think = if std::mem::take(&mut self.ticked) {
            0
        } else {
            THINK_TIME_MS
        };
        let until = cx.now() + think;
        match self.session.take() {
            Some(session) if crate::client::terminal::draws_while_idle(self, &session) => {
                crate::client::terminal::pass_time(self, cx, session, until);
            }
            other => self.session = other,
        }
        cx.set_now(until);
    }

    /// Lets `millis` of logical time pass while a session is attached to
    /// the terminal, as the page does once a second while the learner
    /// watches: settles every host and returns what the session printed
    /// and the events, with the client's exit status when the session
    /// ended (`0` while it goes on). Returns `None`, changing nothing,
    /// when no session wants time to pass ([`World::wants_ticks`]).
    pub fn tick(&mut self, millis: Millis) -> Option<CommandResult> {
        let session = self.session.take()?;
        if !crate::client::terminal::wants_ticks(self, &session) {
            self.session = Some(session);
            return None;
        }
        let mut cx = Cx::new(self.clock.now());
        let until = cx.now() + millis;
        let ended = crate::client::terminal::pass_time(self, &mut cx, session, until);
        cx.set_now(cx.now().max(until));
        let now = cx.now();
        for host in self.hosts.values_mut() {
            crate::daemon::lifecycle::settle(host, &mut cx, now);
        }
        self.clock.advance(cx.now() - self.clock.now());
        self.ticked = true;
        if let Some(code) = ended {
            self.client.last_status = code;
        }
        Some(CommandResult {
            output: cx.out.into_chunks(),
            exit_code: ended.unwrap_or(0),
            events: cx.events,
        })
    }

    /// Returns whether the attached session changes as time passes, so
    /// the page should call [`World::tick`] while it shows it.
    pub fn wants_ticks(&self) -> bool {
        self.session
            .as_ref()
            .is_some_and(|session| crate::client::terminal::wants_ticks(self, session))
    }

    /// Runs a line in the host shell. Ctrl+C (`^C`) at the prompt discards
    /// the line and sets `$?` to 130, as bash does.
    fn run_host_line(&mut self, cx: &mut Cx, line: &str) -> i32 {
        if line.trim() == crate::client::terminal::INTERRUPT {
            return 130;
        }
        crate::hostshell::run(self, cx, line)
    }

    /// Returns the prompt the terminal shows before the next line: the host
    /// shell's, or while attached to a container, the container's (often
    /// none). The laptop's shell shows `$ `; a shell opened with `ssh`
    /// shows bash's `USER@HOST:DIR$ `, so the host is plain to see.
    pub fn prompt(&self) -> String {
        match &self.session {
            Some(session) => crate::client::terminal::prompt(self, session),
            None if self.shells.is_empty() => "$ ".to_string(),
            None => {
                let directory = match self.client.cwd.strip_prefix(HOME) {
                    Some(rest) if rest.is_empty() || rest.starts_with('/') => format!("~{rest}"),
                    _ => self.client.cwd.clone(),
                };
                format!("{HOST_USER}@{}:{directory}$ ", self.client.host)
            }
        }
    }

    /// Returns whether the terminal is attached to a container, so typed
    /// lines (and `^C` for Ctrl+C) go to it instead of the host shell.
    pub fn is_attached(&self) -> bool {
        self.session.is_some()
    }

    /// Returns what the page draws.
    pub fn view(&self) -> WorldView {
        crate::viewbuild::world_view(self)
    }

    /// Returns a new 64-hex id for a container, network or exec instance.
    pub(crate) fn new_id(&mut self, kind: &str) -> String {
        self.next_id += 1;
        let seed = format!("{kind} {} {}", self.options.seed, self.next_id);
        Digest::of(seed.as_bytes()).hex()
    }

    /// Returns the host the client runs on.
    pub(crate) fn client_host(&self) -> &Host {
        &self.hosts[&self.client.host]
    }

    /// Returns the registry that serves references with this domain.
    pub(crate) fn registry_index(&self, domain: &str) -> Option<usize> {
        let domain = if domain.is_empty() || domain == "index.docker.io" {
            "docker.io"
        } else {
            domain
        };
        self.registries
            .iter()
            .position(|registry| registry.name == domain)
    }
}

/// Splits a line with the client's environment and `$?`, for the host shell.
pub(crate) fn split_host_line(world: &World, line: &str) -> Result<Vec<Token>, argv::SplitError> {
    let status = world.client.last_status.to_string();
    let variables = HostVariables {
        env: &world.client.env,
        status: &status,
    };
    argv::split_line(line, &variables)
}

/// The host shell's variables: the environment, and `?` for the last
/// line's exit status.
struct HostVariables<'a> {
    env: &'a SortedMap<String, String>,
    status: &'a str,
}

impl argv::Variables for HostVariables<'_> {
    fn get(&self, name: &str) -> Option<&str> {
        if name == "?" {
            return Some(self.status);
        }
        self.env.get(name).map(String::as_str)
    }
}
