//! Servers from the official images: the lines each writes as it starts,
//! the way each ends on a signal, and the errors their entrypoint scripts
//! print for a missing password.
//!
//! Versions come from the image's environment (`NGINX_VERSION`,
//! `REDIS_VERSION`, `PG_VERSION`, …) and timestamps from the logical
//! clock, in each program's own format. PIDs inside the container follow
//! the order the real start-up forks in; worker counts follow the host's
//! four CPUs.

use crate::clock::{self, Millis};
use crate::output::Stream;

use super::programs::base_name;
use super::{FileEffect, Program, Reaction, Startup};
use crate::daemon::containers::Container;
use crate::daemon::signals::Signal;
use crate::kernel::KERNEL_RELEASE;

/// Worker processes nginx starts with `worker_processes auto` on the
/// simulated hosts' four CPUs.
const NGINX_WORKERS: u32 = 4;

/// A recognised server.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Server {
    Nginx,
    Redis,
    Postgres,
    Mysql,
    Httpd,
    Scrapyd,
    Registry,
    Memcached,
    Mongo,
    Traefik,
    /// `python -m http.server PORT` bound to `bind`.
    HttpServer {
        port: u16,
        bind: String,
    },
    /// An application script run by python or node: it runs without
    /// output the simulation could know.
    App,
    /// Lines an entrypoint script wrote before it `exec`ed the server.
    Prefixed {
        prefix: Vec<(Stream, String)>,
        server: Box<Server>,
    },
}

impl Server {
    /// Puts an entrypoint script's lines before the server's.
    pub(super) fn with_prefix(self, prefix: Vec<(Stream, String)>) -> Server {
        Server::Prefixed {
            prefix,
            server: Box::new(self),
        }
    }

    /// Returns the server without an entrypoint's prefix.
    fn inner(&self) -> &Server {
        match self {
            Server::Prefixed { server, .. } => server.inner(),
            other => other,
        }
    }
}

fn out(text: impl Into<String>) -> (Stream, String) {
    (Stream::Stdout, text.into())
}

fn err(text: impl Into<String>) -> (Stream, String) {
    (Stream::Stderr, text.into())
}

/// Recognises a server from its argv; `None` for anything else.
pub(super) fn recognise(container: &Container, argv: &[String]) -> Option<Program> {
    let args = &argv[1..];
    let server = match base_name(&argv[0]) {
        "nginx" | "nginx-debug" => return Some(nginx_command(container, args)),
        "redis-server" => Server::Redis,
        "postgres" => Server::Postgres,
        "mysqld" => Server::Mysql,
        "httpd" | "apache2" => Server::Httpd,
        "scrapyd" => Server::Scrapyd,
        "registry" => Server::Registry,
        "memcached" => Server::Memcached,
        "mongod" => Server::Mongo,
        "traefik" => Server::Traefik,
        _ => return None,
    };
    Some(Program::Server(server))
}

/// `nginx -v`, `nginx -V` and `nginx -t` print and exit; anything else
/// serves.
fn nginx_command(container: &Container, args: &[String]) -> Program {
    let version = container
        .config
        .env_value("NGINX_VERSION")
        .unwrap_or("1.29.0");
    let exits = |lines: Vec<(Stream, String)>| Program::OneShot {
        lines,
        code: 0,
        duration: 5,
    };
    match args.first().map(String::as_str) {
        Some("-v") => exits(vec![err(format!("nginx version: nginx/{version}"))]),
        Some("-t") => exits(vec![
            err("nginx: the configuration file /etc/nginx/nginx.conf syntax is ok"),
            err("nginx: configuration file /etc/nginx/nginx.conf test is successful"),
        ]),
        _ => Program::Server(Server::Nginx),
    }
}

/// `python -m http.server [PORT] [-b|--bind ADDRESS]`; `None` for a
/// malformed port.
pub(super) fn http_server(_container: &Container, args: &[String]) -> Option<Program> {
    let mut port: u16 = 8000;
    let mut bind = String::new();
    let mut index = 0;
    while index < args.len() {
        match args[index].as_str() {
            "-b" | "--bind" => {
                bind = args.get(index + 1)?.clone();
                index += 1;
            }
            "-d" | "--directory" | "-p" | "--protocol" => index += 1,
            word if !word.starts_with('-') => port = word.parse().ok()?,
            _ => {}
        }
        index += 1;
    }
    Some(Program::Server(Server::HttpServer { port, bind }))
}

/// The lines nginx's `/docker-entrypoint.sh` writes before it `exec`s nginx.
pub(super) fn nginx_entrypoint_lines() -> Vec<(Stream, String)> {
    [
        "/docker-entrypoint.sh: /docker-entrypoint.d/ is not empty, will attempt to perform configuration",
        "/docker-entrypoint.sh: Looking for shell scripts in /docker-entrypoint.d/",
        "/docker-entrypoint.sh: Launching /docker-entrypoint.d/10-listen-on-ipv6-by-default.sh",
        "10-listen-on-ipv6-by-default.sh: info: Getting the checksum of /etc/nginx/conf.d/default.conf",
        "10-listen-on-ipv6-by-default.sh: info: Enabled listen on IPv6 in /etc/nginx/conf.d/default.conf",
        "/docker-entrypoint.sh: Sourcing /docker-entrypoint.d/15-local-resolvers.envsh",
        "/docker-entrypoint.sh: Launching /docker-entrypoint.d/20-envsubst-on-templates.sh",
        "/docker-entrypoint.sh: Launching /docker-entrypoint.d/30-tune-worker-processes.sh",
        "/docker-entrypoint.sh: Configuration complete; ready for start up",
    ]
    .into_iter()
    .map(out)
    .collect()
}

/// Returns the command line `ps` shows for a server's main process, which
/// some servers rewrite (`nginx: master process …`, `redis-server *:6379`),
/// or `None` to show its argv.
pub(super) fn title(server: &Server, argv: &[String]) -> Option<String> {
    match server.inner() {
        Server::Nginx => Some(format!("nginx: master process {}", argv.join(" "))),
        Server::Redis => {
            let port = argv
                .iter()
                .position(|arg| arg == "--port")
                .and_then(|index| argv.get(index + 1))
                .map_or("6379", String::as_str);
            Some(format!("redis-server *:{port}"))
        }
        _ => None,
    }
}

/// Returns the processes a server starts as it comes up, as (PID in the
/// container, command, user, UID): nginx's workers, under the `nginx`
/// user of the official image.
pub(super) fn children(server: &Server) -> Vec<(u32, String, String, u32)> {
    match server.inner() {
        Server::Nginx => nginx_worker_pids()
            .map(|pid| {
                (
                    pid,
                    "nginx: worker process".to_string(),
                    "nginx".to_string(),
                    101,
                )
            })
            .collect(),
        _ => Vec::new(),
    }
}

/// Returns what a server does as it starts at time `now`.
pub(super) fn startup(container: &Container, server: &Server, now: Millis) -> Startup {
    let running = |lines: Vec<(Stream, String)>| Startup { lines, exit: None };
    match server {
        Server::Prefixed { prefix, server } => {
            let mut inner = startup(container, server, now);
            let mut lines = prefix.clone();
            lines.append(&mut inner.lines);
            Startup {
                lines,
                exit: inner.exit,
            }
        }
        Server::Nginx => running(nginx_lines(container, now)),
        Server::Redis => running(redis_lines(container, now)),
        Server::Postgres => postgres_startup(container, now),
        Server::Mysql => mysql_startup(container, now),
        Server::Httpd => running(httpd_lines(container, now)),
        Server::Scrapyd => running(scrapyd_lines(container, now)),
        Server::Registry => running(registry_lines(container, now)),
        Server::HttpServer { .. } if python_buffers(container) => running(Vec::new()),
        Server::HttpServer { port, bind } => running(vec![out(serving_line(*port, bind))]),
        Server::Memcached | Server::Mongo | Server::Traefik | Server::App => running(Vec::new()),
    }
}

/// The files a server writes as it starts: nginx's entrypoint edits its
/// default site for IPv6, and nginx makes its temporary directories and
/// its PID file.
pub(super) fn startup_files(server: &Server) -> Vec<FileEffect> {
    match server {
        Server::Prefixed { server, prefix }
            if matches!(server.inner(), Server::Nginx) && !prefix.is_empty() =>
        {
            let mut effects = vec![FileEffect::Rewrite(
                "/etc/nginx/conf.d/default.conf".to_string(),
            )];
            effects.extend(startup_files(server));
            effects
        }
        Server::Prefixed { server, .. } => startup_files(server),
        Server::Nginx => {
            let mut effects: Vec<FileEffect> = [
                "client_temp",
                "proxy_temp",
                "fastcgi_temp",
                "uwsgi_temp",
                "scgi_temp",
            ]
            .into_iter()
            .map(|directory| FileEffect::Directory(format!("/var/cache/nginx/{directory}")))
            .collect();
            effects.push(FileEffect::File(
                "/run/nginx.pid".to_string(),
                "1\n".to_string(),
            ));
            effects
        }
        _ => Vec::new(),
    }
}

/// The files a server removes as it shuts down: nginx deletes its PID file.
pub(super) fn exit_files(server: &Server) -> Vec<FileEffect> {
    match server.inner() {
        Server::Nginx => vec![FileEffect::Remove("/run/nginx.pid".to_string())],
        _ => Vec::new(),
    }
}

/// Returns how a server reacts to a signal; `None` when it has no handler.
pub(super) fn react(
    container: &Container,
    server: &Server,
    signal: Signal,
    now: Millis,
) -> Option<Reaction> {
    let exit = |after: Millis, lines: Vec<(Stream, String)>| {
        Some(Reaction::Exit {
            after,
            code: 0,
            lines,
        })
    };
    match (server.inner(), signal) {
        (Server::Nginx, Signal::TERM | Signal::INT | Signal::QUIT) => {
            exit(30, nginx_shutdown(signal, now + 30))
        }
        (Server::Nginx, Signal::HUP) => Some(Reaction::Ignore),
        (Server::Redis, Signal::TERM | Signal::INT) => exit(10, redis_shutdown(signal, now)),
        (Server::Postgres, Signal::TERM | Signal::INT | Signal::QUIT) => {
            exit(150, postgres_shutdown(signal, now))
        }
        (Server::Mysql, Signal::TERM) => exit(1_200, mysql_shutdown(container, now)),
        (Server::Httpd, Signal::TERM | Signal::INT) => exit(
            20,
            vec![httpd_notice(
                now,
                "mpm_event",
                "AH00491: caught SIGTERM, shutting down",
            )],
        ),
        (Server::Httpd, Signal::WINCH) => exit(
            20,
            vec![httpd_notice(
                now,
                "mpm_event",
                "AH00492: caught SIGWINCH, shutting down gracefully",
            )],
        ),
        (Server::Scrapyd, Signal::TERM | Signal::INT) => exit(40, scrapyd_shutdown(signal, now)),
        (Server::Memcached, Signal::TERM | Signal::INT) => {
            let name = if signal == Signal::TERM {
                "Terminated"
            } else {
                "Interrupt"
            };
            exit(5, vec![err(format!("Signal handled: {name}."))])
        }
        (Server::Mongo | Server::Traefik, Signal::TERM | Signal::INT) => exit(300, Vec::new()),
        // Go's runtime exits with status 2 on a signal nothing asked for.
        (Server::Registry, Signal::TERM | Signal::INT) => Some(Reaction::Exit {
            after: 5,
            code: 2,
            lines: Vec::new(),
        }),
        (Server::HttpServer { port, bind }, Signal::INT) => {
            let mut lines = Vec::new();
            if python_buffers(container) {
                lines.push(out(serving_line(*port, bind)));
            }
            lines.push(out(""));
            lines.push(out("Keyboard interrupt received, exiting."));
            exit(5, lines)
        }
        (Server::App, Signal::INT) if python_app(container) => Some(Reaction::Exit {
            after: 5,
            code: Signal::INT.exit_code(),
            lines: Vec::new(),
        }),
        _ => None,
    }
}

/// Whether Python block-buffers standard output: without a terminal and
/// without `PYTHONUNBUFFERED`, printed lines wait in the buffer until exit.
fn python_buffers(container: &Container) -> bool {
    !container.attach.tty
        && container
            .config
            .env_value("PYTHONUNBUFFERED")
            .is_none_or(str::is_empty)
}

fn python_app(container: &Container) -> bool {
    let name = base_name(&container.path);
    name.starts_with("python")
        || container
            .args
            .first()
            .is_some_and(|arg| base_name(arg).starts_with("python"))
}

fn serving_line(port: u16, bind: &str) -> String {
    match bind {
        "" | "0.0.0.0" => {
            format!("Serving HTTP on 0.0.0.0 port {port} (http://0.0.0.0:{port}/) ...")
        }
        address if address.contains(':') => {
            format!("Serving HTTP on {address} port {port} (http://[{address}]:{port}/) ...")
        }
        address => format!("Serving HTTP on {address} port {port} (http://{address}:{port}/) ..."),
    }
}

/// A logical time split into the parts the servers print.
struct Stamp {
    year: String,
    month: String,
    day: String,
    month_name: String,
    weekday: String,
    time: String,
    millis: u64,
}

impl Stamp {
    fn at(time: Millis) -> Stamp {
        let iso = clock::rfc3339(time);
        let ansic = clock::ansic(time);
        let mut words = ansic.split_whitespace();
        let weekday = words.next().unwrap_or("Mon").to_string();
        let month_name = words.next().unwrap_or("Jan").to_string();
        Stamp {
            year: iso.get(0..4).unwrap_or("2025").to_string(),
            month: iso.get(5..7).unwrap_or("01").to_string(),
            day: iso.get(8..10).unwrap_or("01").to_string(),
            month_name,
            weekday,
            time: iso.get(11..19).unwrap_or("00:00:00").to_string(),
            millis: time % 1000,
        }
    }

    /// `2025/10/20 09:00:02`, nginx's error log.
    fn nginx(&self) -> String {
        format!("{}/{}/{} {}", self.year, self.month, self.day, self.time)
    }

    /// `20 Oct 2025 09:00:02.123`, Redis's log.
    fn redis(&self) -> String {
        format!(
            "{} {} {} {}.{:03}",
            self.day, self.month_name, self.year, self.time, self.millis
        )
    }

    /// `2025-10-20 09:00:02.123 UTC`, PostgreSQL's `log_line_prefix`.
    fn postgres(&self) -> String {
        format!(
            "{}-{}-{} {}.{:03} UTC",
            self.year, self.month, self.day, self.time, self.millis
        )
    }

    /// `2025-10-20 09:00:02 UTC`, PostgreSQL's times inside messages.
    fn postgres_seconds(&self) -> String {
        format!(
            "{}-{}-{} {} UTC",
            self.year, self.month, self.day, self.time
        )
    }

    /// `Mon Oct 20 09:00:02.123000 2025`, Apache's error log.
    fn httpd(&self) -> String {
        format!(
            "{} {} {} {}.{:03}000 {}",
            self.weekday, self.month_name, self.day, self.time, self.millis, self.year
        )
    }

    /// `2025-10-20 09:00:02+00:00`, the MySQL entrypoint's notes.
    fn mysql_entrypoint(&self) -> String {
        format!(
            "{}-{}-{} {}+00:00",
            self.year, self.month, self.day, self.time
        )
    }

    /// `2025-10-20T09:00:02.123000Z`, mysqld's error log.
    fn mysqld(&self) -> String {
        format!(
            "{}-{}-{}T{}.{:03}000Z",
            self.year, self.month, self.day, self.time, self.millis
        )
    }

    /// `2025-10-20T09:00:02+0000`, twistd's log.
    fn twisted(&self) -> String {
        format!(
            "{}-{}-{}T{}+0000",
            self.year, self.month, self.day, self.time
        )
    }
}

fn nginx_notice(time: Millis, pid: u32, text: &str) -> (Stream, String) {
    err(format!(
        "{} [notice] {pid}#{pid}: {text}",
        Stamp::at(time).nginx()
    ))
}

fn nginx_lines(container: &Container, now: Millis) -> Vec<(Stream, String)> {
    let version = container
        .config
        .env_value("NGINX_VERSION")
        .unwrap_or("1.29.0");
    let compiler = if container.rootfs.exists("/bin/busybox") {
        "built by gcc 14.2.0 (Alpine 14.2.0) "
    } else {
        "built by gcc 12.2.0 (Debian 12.2.0-14) "
    };
    let mut lines = vec![
        nginx_notice(now, 1, "using the \"epoll\" event method"),
        nginx_notice(now, 1, &format!("nginx/{version}")),
        nginx_notice(now, 1, compiler),
        nginx_notice(now, 1, &format!("OS: Linux {KERNEL_RELEASE}")),
        nginx_notice(now, 1, "getrlimit(RLIMIT_NOFILE): 1048576:1048576"),
        nginx_notice(now, 1, "start worker processes"),
    ];
    for worker in nginx_worker_pids() {
        lines.push(nginx_notice(
            now,
            1,
            &format!("start worker process {worker}"),
        ));
    }
    lines
}

fn nginx_worker_pids() -> impl Iterator<Item = u32> {
    29..29 + NGINX_WORKERS
}

/// nginx's shutdown: fast on `SIGTERM`/`SIGINT`, graceful on `SIGQUIT`.
fn nginx_shutdown(signal: Signal, time: Millis) -> Vec<(Stream, String)> {
    let graceful = signal == Signal::QUIT;
    let verb = if graceful { "shutting down" } else { "exiting" };
    let mut lines = vec![nginx_notice(
        time,
        1,
        &format!("signal {} ({}) received, {verb}", signal.0, signal.name()),
    )];
    for worker in nginx_worker_pids() {
        if graceful {
            lines.push(nginx_notice(time, worker, "gracefully shutting down"));
        }
        lines.push(nginx_notice(time, worker, "exiting"));
        lines.push(nginx_notice(time, worker, "exit"));
    }
    for worker in nginx_worker_pids() {
        lines.push(nginx_notice(
            time,
            1,
            &format!("signal 17 (SIGCHLD) received from {worker}"),
        ));
        lines.push(nginx_notice(
            time,
            1,
            &format!("worker process {worker} exited with code 0"),
        ));
    }
    lines.push(nginx_notice(time, 1, "exit"));
    lines
}

fn redis_lines(container: &Container, now: Millis) -> Vec<(Stream, String)> {
    let version = container
        .config
        .env_value("REDIS_VERSION")
        .unwrap_or("8.0.2");
    let stamp = Stamp::at(now).redis();
    let port = container
        .args
        .windows(2)
        .find(|pair| pair[0] == "--port")
        .map(|pair| pair[1].clone())
        .unwrap_or_else(|| "6379".to_string());
    let configured = container.args.iter().any(|arg| arg.ends_with(".conf"));
    let mut lines = vec![
        out(format!("1:C {stamp} * oO0OoO0OoO0Oo Redis is starting oO0OoO0OoO0Oo")),
        out(format!("1:C {stamp} * Redis version={version}, bits=64, commit=00000000, modified=0, pid=1, just started")),
    ];
    if configured {
        lines.push(out(format!("1:C {stamp} * Configuration loaded")));
    } else {
        lines.push(out(format!(
            "1:C {stamp} # Warning: no config file specified, using the default config. In order to specify a config file use redis-server /path/to/redis.conf"
        )));
    }
    lines.push(out(format!(
        "1:M {stamp} * monotonic clock: POSIX clock_gettime"
    )));
    lines.push(out(format!(
        "1:M {stamp} * Running mode=standalone, port={port}."
    )));
    lines.push(out(format!("1:M {stamp} * Server initialized")));
    lines.push(out(format!(
        "1:M {stamp} * Ready to accept connections tcp"
    )));
    lines
}

fn redis_shutdown(signal: Signal, now: Millis) -> Vec<(Stream, String)> {
    let stamp = Stamp::at(now).redis();
    vec![
        out(format!(
            "1:signal-handler ({}) Received {} scheduling shutdown...",
            now / 1000,
            signal.name()
        )),
        out(format!("1:M {stamp} * User requested shutdown...")),
        out(format!(
            "1:M {stamp} * Saving the final RDB snapshot before exiting."
        )),
        out(format!("1:M {stamp} * DB saved on disk")),
        out(format!(
            "1:M {stamp} # Redis is now ready to exit, bye bye..."
        )),
    ]
}

/// The official postgres image refuses to initialise a database without a
/// superuser password, and otherwise runs `initdb` on its first start.
fn postgres_startup(container: &Container, now: Millis) -> Startup {
    let password = container
        .config
        .env_value("POSTGRES_PASSWORD")
        .is_some_and(|value| !value.is_empty());
    let trust = container.config.env_value("POSTGRES_HOST_AUTH_METHOD") == Some("trust");
    let initialised = container.state.started_at.is_some();
    if !password && !trust && !initialised {
        let lines = [
            "Error: Database is uninitialized and superuser password is not specified.",
            "       You must specify POSTGRES_PASSWORD to a non-empty value for the",
            "       superuser. For example, \"-e POSTGRES_PASSWORD=password\" on \"docker run\".",
            "",
            "       You may also use \"POSTGRES_HOST_AUTH_METHOD=trust\" to allow all",
            "       connections without a password. This is *not* recommended.",
            "",
            "       See PostgreSQL documentation about \"trust\":",
            "       https://www.postgresql.org/docs/current/auth-trust.html",
        ]
        .into_iter()
        .map(err)
        .collect();
        return Startup {
            lines,
            exit: Some((40, 1, Vec::new())),
        };
    }
    let mut lines = Vec::new();
    if initialised {
        lines.push(out(""));
        lines.push(out(
            "PostgreSQL Database directory appears to contain a database; Skipping initialization",
        ));
        lines.push(out(""));
    } else {
        lines.extend(postgres_initdb(container, now));
    }
    lines.extend(postgres_ready(container, now + 1_500, 1));
    Startup { lines, exit: None }
}

fn postgres_version(container: &Container) -> (String, String) {
    let package = container
        .config
        .env_value("PG_VERSION")
        .unwrap_or("17.5-1.pgdg120+1")
        .to_string();
    let short = package.split('-').next().unwrap_or("17.5").to_string();
    (short, package)
}

fn postgres_initdb(container: &Container, now: Millis) -> Vec<(Stream, String)> {
    let data = container
        .config
        .env_value("PGDATA")
        .unwrap_or("/var/lib/postgresql/data")
        .to_string();
    let mut lines: Vec<(Stream, String)> = [
        "The files belonging to this database system will be owned by user \"postgres\".",
        "This user must also own the server process.",
        "",
        "The database cluster will be initialized with locale \"en_US.utf8\".",
        "The default database encoding has accordingly been set to \"UTF8\".",
        "The default text search configuration will be set to \"english\".",
        "",
        "Data page checksums are disabled.",
        "",
    ]
    .into_iter()
    .map(out)
    .collect();
    lines.push(out(format!(
        "fixing permissions on existing directory {data} ... ok"
    )));
    for step in [
        "creating subdirectories ... ok",
        "selecting dynamic shared memory implementation ... posix",
        "selecting default \"max_connections\" ... 100",
        "selecting default \"shared_buffers\" ... 128MB",
        "selecting default time zone ... Etc/UTC",
        "creating configuration files ... ok",
        "running bootstrap script ... ok",
        "performing post-bootstrap initialization ... ok",
        "syncing data to disk ... ok",
        "",
        "",
        "Success. You can now start the database server using:",
        "",
    ] {
        lines.push(out(step));
    }
    lines.push(out(format!("    pg_ctl -D {data} -l logfile start")));
    lines.push(out(""));
    lines.push(err(
        "initdb: warning: enabling \"trust\" authentication for local connections",
    ));
    lines.push(err("initdb: hint: You can change this by editing pg_hba.conf or using the option -A, or --auth-local and --auth-host, the next time you run initdb."));
    let (short, package) = postgres_version(container);
    let stamp = Stamp::at(now + 900).postgres();
    lines.push(out(format!(
        "waiting for server to start....{stamp} [48] LOG:  starting PostgreSQL {short} (Debian {package}) on x86_64-pc-linux-gnu, compiled by gcc (Debian 12.2.0-14) 12.2.0, 64-bit"
    )));
    lines.push(err(format!(
        "{stamp} [48] LOG:  listening on Unix socket \"/var/run/postgresql/.s.PGSQL.5432\""
    )));
    let shut_down = Stamp::at(now + 800).postgres_seconds();
    lines.push(err(format!(
        "{stamp} [51] LOG:  database system was shut down at {shut_down}"
    )));
    lines.push(err(format!(
        "{stamp} [48] LOG:  database system is ready to accept connections"
    )));
    lines.push(out(" done"));
    lines.push(out("server started"));
    lines.push(out(""));
    lines.push(out(
        "/usr/local/bin/docker-entrypoint.sh: ignoring /docker-entrypoint-initdb.d/*",
    ));
    lines.push(out(""));
    let stop = Stamp::at(now + 1_200).postgres();
    lines.push(out(format!(
        "waiting for server to shut down...{stop} [48] LOG:  received fast shutdown request"
    )));
    lines.push(err(format!(
        "{stop} [48] LOG:  aborting any active transactions"
    )));
    lines.push(err(format!("{stop} [48] LOG:  background worker \"logical replication launcher\" (PID 54) exited with exit code 1")));
    lines.push(err(format!("{stop} [49] LOG:  shutting down")));
    lines.push(err(format!(
        "{stop} [48] LOG:  database system is shut down"
    )));
    lines.push(out(" done"));
    lines.push(out("server stopped"));
    lines.push(out(""));
    lines.push(out("PostgreSQL init process complete; ready for start up."));
    lines.push(out(""));
    lines
}

fn postgres_ready(container: &Container, time: Millis, pid: u32) -> Vec<(Stream, String)> {
    let (short, package) = postgres_version(container);
    let stamp = Stamp::at(time).postgres();
    vec![
        err(format!(
            "{stamp} [{pid}] LOG:  starting PostgreSQL {short} (Debian {package}) on x86_64-pc-linux-gnu, compiled by gcc (Debian 12.2.0-14) 12.2.0, 64-bit"
        )),
        err(format!("{stamp} [{pid}] LOG:  listening on IPv4 address \"0.0.0.0\", port 5432")),
        err(format!("{stamp} [{pid}] LOG:  listening on IPv6 address \"::\", port 5432")),
        err(format!("{stamp} [{pid}] LOG:  listening on Unix socket \"/var/run/postgresql/.s.PGSQL.5432\"")),
        err(format!("{stamp} [{pid}] LOG:  database system is ready to accept connections")),
    ]
}

/// PostgreSQL's shutdown modes: smart on `SIGTERM`, fast on `SIGINT`,
/// immediate on `SIGQUIT`.
fn postgres_shutdown(signal: Signal, now: Millis) -> Vec<(Stream, String)> {
    let stamp = Stamp::at(now).postgres();
    let mode = match signal {
        Signal::TERM => "smart",
        Signal::INT => "fast",
        _ => "immediate",
    };
    let mut lines = vec![err(format!(
        "{stamp} [1] LOG:  received {mode} shutdown request"
    ))];
    if signal == Signal::INT {
        lines.push(err(format!(
            "{stamp} [1] LOG:  aborting any active transactions"
        )));
    }
    lines.push(err(format!("{stamp} [1] LOG:  background worker \"logical replication launcher\" (PID 67) exited with exit code 1")));
    lines.push(err(format!("{stamp} [62] LOG:  shutting down")));
    lines.push(err(format!(
        "{stamp} [1] LOG:  database system is shut down"
    )));
    lines
}

/// The MySQL image's entrypoint refuses to initialise without one of its
/// password variables.
fn mysql_startup(container: &Container, now: Millis) -> Startup {
    let version = container
        .config
        .env_value("MYSQL_VERSION")
        .unwrap_or("9.3.0-1.el9");
    let entrypoint = Stamp::at(now).mysql_entrypoint();
    let note = |text: &str| out(format!("{entrypoint} [Note] [Entrypoint]: {text}"));
    let mut lines = vec![
        note(&format!(
            "Entrypoint script for MySQL Server {version} started."
        )),
        note("Switching to dedicated user 'mysql'"),
        note(&format!(
            "Entrypoint script for MySQL Server {version} started."
        )),
    ];
    let has = |name: &str| {
        container
            .config
            .env_value(name)
            .is_some_and(|value| !value.is_empty())
    };
    let initialised = container.state.started_at.is_some();
    if !initialised
        && !has("MYSQL_ROOT_PASSWORD")
        && !has("MYSQL_ALLOW_EMPTY_PASSWORD")
        && !has("MYSQL_RANDOM_ROOT_PASSWORD")
    {
        lines.push(err(format!("{entrypoint} [ERROR] [Entrypoint]: Database is uninitialized and password option is not specified")));
        lines.push(err(
            "    You need to specify one of the following as an environment variable:",
        ));
        lines.push(err("    - MYSQL_ROOT_PASSWORD"));
        lines.push(err("    - MYSQL_ALLOW_EMPTY_PASSWORD"));
        lines.push(err("    - MYSQL_RANDOM_ROOT_PASSWORD"));
        return Startup {
            lines,
            exit: Some((300, 1, Vec::new())),
        };
    }
    let short = version.split('-').next().unwrap_or("9.3.0");
    let server = Stamp::at(now + 2_000).mysqld();
    if !initialised {
        lines.push(note("Initializing database files"));
        lines.push(note("Database files initialized"));
        lines.push(note("Starting temporary server"));
        lines.push(note("Temporary server started."));
        lines.push(note("Stopping temporary server"));
        lines.push(note("Temporary server stopped"));
        lines.push(out(""));
        lines.push(note("MySQL init process done. Ready for start up."));
        lines.push(out(""));
    }
    lines.push(err(format!(
        "{server} 0 [System] [MY-015015] [Server] MySQL Server - start."
    )));
    lines.push(err(format!(
        "{server} 0 [System] [MY-010116] [Server] /usr/sbin/mysqld (mysqld {short}) starting as process 1"
    )));
    lines.push(err(format!(
        "{server} 1 [System] [MY-013576] [InnoDB] InnoDB initialization has started."
    )));
    lines.push(err(format!(
        "{server} 1 [System] [MY-013577] [InnoDB] InnoDB initialization has ended."
    )));
    lines.push(err(format!(
        "{server} 0 [System] [MY-011323] [Server] X Plugin ready for connections. Bind-address: '::' port: 33060, socket: /var/run/mysqld/mysqlx.sock"
    )));
    lines.push(err(format!(
        "{server} 0 [System] [MY-010931] [Server] /usr/sbin/mysqld: ready for connections. Version: '{short}'  socket: '/var/run/mysqld/mysqld.sock'  port: 3306  MySQL Community Server - GPL."
    )));
    Startup { lines, exit: None }
}

fn mysql_shutdown(container: &Container, now: Millis) -> Vec<(Stream, String)> {
    let version = container
        .config
        .env_value("MYSQL_VERSION")
        .unwrap_or("9.3.0-1.el9");
    let short = version.split('-').next().unwrap_or("9.3.0");
    let stamp = Stamp::at(now).mysqld();
    vec![
        err(format!(
            "{stamp} 0 [System] [MY-013172] [Server] Received SHUTDOWN from user <via user signal>. Shutting down mysqld (Version: {short})."
        )),
        err(format!(
            "{stamp} 0 [System] [MY-010910] [Server] /usr/sbin/mysqld: Shutdown complete (mysqld {short})  MySQL Community Server - GPL."
        )),
        err(format!("{stamp} 0 [System] [MY-015016] [Server] MySQL Server - end.")),
    ]
}

fn httpd_notice(time: Millis, module: &str, text: &str) -> (Stream, String) {
    err(format!(
        "[{}] [{module}:notice] [pid 1:tid 1] {text}",
        Stamp::at(time).httpd()
    ))
}

fn httpd_lines(container: &Container, now: Millis) -> Vec<(Stream, String)> {
    let version = container
        .config
        .env_value("HTTPD_VERSION")
        .unwrap_or("2.4.63");
    let address = container
        .networks
        .values()
        .find_map(|attachment| {
            attachment
                .endpoint
                .as_ref()
                .map(|endpoint| endpoint.ip_address.clone())
        })
        .filter(|address| !address.is_empty())
        .unwrap_or_else(|| "127.0.0.1".to_string());
    let fqdn = format!(
        "AH00558: httpd: Could not reliably determine the server's fully qualified domain name, using {address}. Set the 'ServerName' directive globally to suppress this message"
    );
    vec![
        err(fqdn.clone()),
        err(fqdn),
        httpd_notice(
            now,
            "mpm_event",
            &format!("AH00489: Apache/{version} (Unix) configured -- resuming normal operations"),
        ),
        httpd_notice(now, "core", "AH00094: Command line: 'httpd -D FOREGROUND'"),
    ]
}

fn scrapyd_lines(container: &Container, now: Millis) -> Vec<(Stream, String)> {
    let stamp = Stamp::at(now).twisted();
    let python = container
        .config
        .env_value("PYTHON_VERSION")
        .unwrap_or("3.12.11");
    let minor = python.splitn(3, '.').take(2).collect::<Vec<_>>().join(".");
    [
        format!("{stamp} [-] Loading /usr/local/lib/python{minor}/site-packages/scrapyd/txapp.py..."),
        format!("{stamp} [-] Basic authentication disabled as either `username` or `password` is unset"),
        format!("{stamp} [-] Scrapyd web console available at http://0.0.0.0:6800/"),
        format!("{stamp} [-] Loaded."),
        format!("{stamp} [twisted.application.app.AppLogger#info] twistd 24.11.0 (/usr/local/bin/python {python}) starting up."),
        format!("{stamp} [twisted.application.app.AppLogger#info] reactor class: twisted.internet.epollreactor.EPollReactor."),
        format!("{stamp} [-] Site starting on 6800"),
        format!("{stamp} [twisted.web.server.Site#info] Starting factory <twisted.web.server.Site object at 0x7f3c2a1e5d90>"),
    ]
    .into_iter()
    .map(err)
    .collect()
}

fn scrapyd_shutdown(signal: Signal, now: Millis) -> Vec<(Stream, String)> {
    let stamp = Stamp::at(now).twisted();
    [
        format!("{stamp} [-] Received {}, shutting down.", signal.name()),
        format!("{stamp} [twisted.web.server.Site#info] (TCP Port 6800 Closed)"),
        format!("{stamp} [twisted.web.server.Site#info] Stopping factory <twisted.web.server.Site object at 0x7f3c2a1e5d90>"),
        format!("{stamp} [-] Main loop terminated."),
        format!("{stamp} [-] Server Shut Down."),
    ]
    .into_iter()
    .map(err)
    .collect()
}

/// Distribution's start-up lines, in logrus's text format.
fn registry_lines(container: &Container, now: Millis) -> Vec<(Stream, String)> {
    let version_two = container
        .image
        .rsplit_once(':')
        .is_some_and(|(_, tag)| tag.starts_with('2'));
    let (version, go) = if version_two {
        ("2.8.3", "go1.20.8")
    } else {
        ("3.0.0", "go1.23.7")
    };
    let time = clock::rfc3339_nanos(now);
    let time = time
        .trim_end_matches('Z')
        .trim_end_matches('0')
        .trim_end_matches('.')
        .to_string()
        + "Z";
    let instance = uuid_from(&container.id);
    let fields = if version_two {
        format!("go.version={go} instance.id={instance} service=registry version={version}")
    } else {
        format!("environment=development go.version={go} instance.id={instance} service=registry version={version}")
    };
    [
        ("warning", "No HTTP secret provided - generated random secret. This may cause problems with uploads if multiple registries are behind a load-balancer. To provide a shared secret, fill in http.secret in the configuration file or set the REGISTRY_HTTP_SECRET environment variable."),
        ("info", "redis not configured"),
        ("info", "Starting upload purge in 55m0s"),
        ("info", "using inmemory blob descriptor cache"),
        ("info", "listening on [::]:5000"),
    ]
    .into_iter()
    .map(|(level, message)| err(format!("time=\"{time}\" level={level} msg=\"{message}\" {fields}")))
    .collect()
}

/// A version-4-shaped UUID drawn from the container ID, for log fields.
fn uuid_from(id: &str) -> String {
    let hex: String = id.chars().take(32).collect();
    if hex.len() < 32 {
        return "00000000-0000-4000-8000-000000000000".to_string();
    }
    format!(
        "{}-{}-4{}-8{}-{}",
        &hex[0..8],
        &hex[8..12],
        &hex[13..16],
        &hex[17..20],
        &hex[20..32]
    )
}
