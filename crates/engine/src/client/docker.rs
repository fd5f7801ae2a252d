//! The `docker` command: resolves a command line, checks that the daemon
//! answers, and runs the command.
//!
//! Every command starts as docker/cli does: the client pings the daemon
//! (`HEAD /_ping`) to negotiate the API version, then makes the command's
//! own API calls, which the command modules record.

use super::cli_error::CliError;
use super::commands;
use super::help;
use super::spec::{self, Action, Invocation};
use super::target::{self, Endpoint};
use crate::cx::{Cx, API_VERSION};
use crate::events::{Change, EventKind, Node};
use crate::faults::Fault;
use crate::world::World;

/// The version line of `docker -v` / `docker --version`.
pub const CLIENT_VERSION_LINE: &str = "Docker version 28.5.1, build e180ab8";

/// What a command needs besides the world: the parsed line and the hosts.
pub struct Call<'a> {
    pub invocation: &'a Invocation,
    /// The host the client runs on.
    pub client_host: String,
    /// The host whose daemon answers.
    pub target: String,
    /// The context the client resolved (`default` unless one was chosen).
    pub context: String,
    /// The error the client prints when it cannot reach the daemon; empty
    /// when it can.
    pub connect_error: String,
}

impl Call<'_> {
    /// Returns the command's arguments.
    pub fn args(&self) -> &[String] {
        &self.invocation.args
    }

    /// Returns the command path as docker/cli prints it (`docker container ls`).
    pub fn path(&self) -> String {
        self.invocation.path.display(self.invocation.command)
    }

    /// Records an Engine API call from the client to the target daemon.
    pub fn api(&self, cx: &mut Cx, method: &str, path: &str, query: &str, status: u16) -> usize {
        cx.api(&self.client_host, &self.target, method, path, query, status)
    }
}

/// Runs `docker ARGS...` and returns the exit status.
pub fn run(world: &mut World, cx: &mut Cx, args: &[String]) -> i32 {
    let invocation = match spec::parse_command_line(args) {
        Ok(invocation) => invocation,
        Err(error) => {
            let status = print_cli_error(cx, &error);
            if let Some(hint) = commands::search::removed_flag_hint(&error) {
                cx.out.errln(hint);
            }
            return status;
        }
    };
    for warning in &invocation.warnings {
        cx.out.errln(warning);
    }

    match invocation.action {
        Action::Help => {
            cx.out.out(help_for(&invocation));
            return 0;
        }
        Action::HelpOnStandardError => {
            cx.out.err(help_for(&invocation));
            return 0;
        }
        Action::Version => {
            cx.out.outln(CLIENT_VERSION_LINE);
            return 0;
        }
        Action::Run => {}
    }

    let names = &invocation.path.names[1..];
    if names.first() == Some(&"context") {
        return commands::context::run(world, cx, &invocation, &names[1..]);
    }

    let client_host = world.client.host.clone();
    let selected = {
        let inputs = target::Inputs {
            host_flags: invocation.global_flags.list("host"),
            context_flag: invocation.global_flags.string("context"),
            env: &world.client.env,
            store: &world.hosts[&client_host].contexts,
        };
        target::resolve(&inputs)
    };
    let selected = match selected {
        Ok(selected) => selected,
        Err(message) => {
            cx.out.errln(message);
            return 1;
        }
    };
    let route = match route(world, &client_host, &selected.endpoint) {
        Ok(route) => route,
        Err(unreachable) => {
            return report_unreachable(world, cx, &invocation, &client_host, &selected, unreachable)
        }
    };
    let call = Call {
        invocation: &invocation,
        client_host,
        target: route.host,
        context: selected.context,
        connect_error: String::new(),
    };
    if let Some(unreachable) = route.unreachable {
        let call = Call {
            connect_error: unreachable.message(world, &call, names),
            ..call
        };
        return refuse(world, cx, &call, names);
    }
    let ping = call.api(cx, "HEAD", "/_ping", "", 200);
    cx.set_response(ping, ping_headers());
    if call.target != call.client_host {
        cx.set_request(
            ping,
            format!("over ssh: {}", route.ssh_command.unwrap_or_default()),
        );
    }
    cx.advance(5);
    commands::dispatch(world, cx, &call, names)
}

/// Returns the headers of moby 28's response to `HEAD /_ping`, sorted by name
/// as Go's HTTP server writes them. The client reads `Api-Version` to
/// choose the version prefix of its later calls.
fn ping_headers() -> String {
    format!(
        "Api-Version: {API_VERSION}\n\
         Builder-Version: 2\n\
         Cache-Control: no-cache, no-store, must-revalidate\n\
         Content-Length: 0\n\
         Content-Type: text/plain; charset=utf-8\n\
         Docker-Experimental: false\n\
         Ostype: linux\n\
         Pragma: no-cache\n\
         Server: Docker/{} (linux)\n\
         Swarm: inactive",
        commands::system::VERSION
    )
}

/// Returns the host and context a `docker` command without `-H` or
/// `--context` would use now, for the page: the client's own host when
/// the endpoint names no known host.
pub fn default_target(world: &World) -> (String, String) {
    let client_host = world.client.host.clone();
    let no_flags: [String; 0] = [];
    let inputs = target::Inputs {
        host_flags: &no_flags,
        context_flag: "",
        env: &world.client.env,
        store: &world.hosts[&client_host].contexts,
    };
    match target::resolve(&inputs) {
        Ok(selected) => {
            let host = match route(world, &client_host, &selected.endpoint) {
                Ok(route) => route.host,
                Err(_) => client_host,
            };
            (host, selected.context)
        }
        Err(_) => (client_host, target::DEFAULT_CONTEXT.to_string()),
    }
}

/// The destination of a resolved endpoint: the daemon's host, and the
/// reason it cannot be reached when it cannot.
struct Route {
    host: String,
    unreachable: Option<Unreachable>,
    ssh_command: Option<String>,
}

/// The reason the client reached no daemon.
#[derive(Clone, Debug)]
enum Unreachable {
    /// Nothing listens on the socket or TCP address.
    Socket { url: String },
    /// The SSH connection helper failed; `stderr` is what `ssh` (or the
    /// remote `docker system dial-stdio`) printed.
    Ssh {
        command: String,
        status: i32,
        stderr: String,
    },
}

impl Unreachable {
    /// Returns the error docker/cli prints. An SSH failure names the
    /// first request the command makes, as Go's HTTP client does, so it
    /// is found by running the command against a copy of the world.
    fn message(&self, world: &World, call: &Call, names: &[&str]) -> String {
        match self {
            Unreachable::Socket { url } => format!(
                "Cannot connect to the Docker daemon at {url}. Is the docker daemon running?"
            ),
            Unreachable::Ssh {
                command,
                status,
                stderr,
            } => {
                let request = first_request(world, call, names).unwrap_or_else(|| {
                    "Get \"http://docker.example.com/v1.51/version\"".to_string()
                });
                format!(
                    "error during connect: {request}: command [{command}] has exited with exit status {status}, make sure the URL is valid, and Docker 18.09 or later is installed on the remote host: stderr={stderr}"
                )
            }
        }
    }
}

/// Finds the host an endpoint names and whether its daemon responds.
fn route(world: &World, client_host: &str, endpoint: &Endpoint) -> Result<Route, Unreachable> {
    match endpoint {
        Endpoint::Local => {
            let host = client_host.to_string();
            let unreachable =
                (!world.hosts[client_host].daemon.running).then(|| Unreachable::Socket {
                    url: target::LOCAL_SOCKET.to_string(),
                });
            Ok(Route {
                host,
                unreachable,
                ssh_command: None,
            })
        }
        Endpoint::Tcp { address } => Err(Unreachable::Socket {
            url: format!("tcp://{address}"),
        }),
        Endpoint::Ssh { user, host } => {
            let login = user
                .as_ref()
                .map(|user| format!("-l {user} "))
                .unwrap_or_default();
            let command =
                format!("ssh -o ConnectTimeout=30 -T {login}-- {host} docker system dial-stdio");
            let name = if host == "localhost" || host == "127.0.0.1" {
                client_host
            } else {
                host.as_str()
            };
            let Some(machine) = world.hosts.get(name) else {
                return Err(Unreachable::Ssh {
                    command,
                    status: 255,
                    stderr: format!(
                        "ssh: Could not resolve hostname {host}: Name or service not known\n"
                    ),
                });
            };
            let unreachable = if machine.has_fault(Fault::SshRefused) {
                Some(Unreachable::Ssh {
                    command: command.clone(),
                    status: 255,
                    stderr: format!("ssh: connect to host {host} port 22: Connection refused\n"),
                })
            } else if !machine.daemon.running {
                // FIXME: the exit status and wording of the remote `docker
                // system dial-stdio` when the remote daemon is stopped are
                // modelled, not checked against docker/cli.
                Some(Unreachable::Ssh {
                    command: command.clone(),
                    status: 1,
                    stderr: format!("{}\n", commands::DAEMON_DOWN),
                })
            } else {
                None
            };
            Ok(Route {
                host: name.to_string(),
                unreachable,
                ssh_command: Some(command),
            })
        }
    }
}

/// Runs the command against a copy of the world whose target daemon
/// responds, and returns its first Engine API request as Go's HTTP client
/// names it in errors: `Get "http://docker.example.com/v1.51/…"`.
fn first_request(world: &World, call: &Call, names: &[&str]) -> Option<String> {
    let mut copy = world.clone();
    if let Some(host) = copy.hosts.get_mut(&call.target) {
        host.daemon.running = true;
    }
    let mut scratch = Cx::new(0);
    commands::dispatch(&mut copy, &mut scratch, call, names);
    scratch.events.iter().find_map(|event| match &event.kind {
        EventKind::Message(message) if matches!(message.from, Node::Client { .. }) => {
            let mut method = message.method.to_ascii_lowercase();
            if let Some(first) = method.get_mut(..1) {
                first.make_ascii_uppercase();
            }
            let query = if message.query.is_empty() {
                String::new()
            } else {
                format!("?{}", message.query)
            };
            Some(format!(
                "{method} \"http://docker.example.com{}{query}\"",
                message.path
            ))
        }
        _ => None,
    })
}

/// Prints the connection error for an endpoint that names no daemon.
fn report_unreachable(
    world: &mut World,
    cx: &mut Cx,
    invocation: &Invocation,
    client_host: &str,
    selected: &target::Target,
    unreachable: Unreachable,
) -> i32 {
    let call = Call {
        invocation,
        client_host: client_host.to_string(),
        target: client_host.to_string(),
        context: selected.context.clone(),
        connect_error: String::new(),
    };
    let names = &invocation.path.names[1..];
    let call = Call {
        connect_error: unreachable.message(world, &call, names),
        ..call
    };
    refuse(world, cx, &call, names)
}

/// Records the failed ping and prints the connection error, after the
/// part of `docker version` or `docker info` that needs no daemon.
fn refuse(world: &mut World, cx: &mut Cx, call: &Call, names: &[&str]) -> i32 {
    let ping = cx.call(
        Node::Client {
            host: call.client_host.clone(),
        },
        Node::Daemon {
            host: call.target.clone(),
        },
        "HEAD",
        "/_ping",
        "",
        0,
    );
    cx.set_response(ping, call.connect_error.clone());
    let node = Node::Daemon {
        host: call.target.clone(),
    };
    cx.change(Change::Fault {
        node,
        message: call.connect_error.trim_end().to_string(),
    });
    if let Some(status) = commands::dispatch_without_daemon(world, cx, call, names) {
        return status;
    }
    if matches!(names, ["run"] | ["container", "run"]) {
        // `docker run` wraps every error as a status error with code 125.
        cx.out.errln(format!(
            "docker: {}",
            call.connect_error.trim_end_matches('\n')
        ));
        cx.out.errln("");
        cx.out
            .errln(format!("Run '{} --help' for more information", call.path()));
        return 125;
    }
    cx.out.errln(&call.connect_error);
    1
}

/// Prints a command-line error as docker/cli does and returns its exit code.
pub fn print_cli_error(cx: &mut Cx, error: &CliError) -> i32 {
    cx.out.errln(error.to_string());
    error.exit_code()
}

fn help_for(invocation: &Invocation) -> String {
    if invocation.path.names.len() == 1 {
        return help::root_help();
    }
    let path: Vec<&str> = invocation.path.names[1..].to_vec();
    help::command_help(&path).unwrap_or_else(|| {
        format!(
            "\nUsage:  {}\n",
            spec::use_line(&invocation.path, invocation.command)
        )
    })
}
