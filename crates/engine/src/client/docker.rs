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
use crate::cx::Cx;
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

    let client_host = world.client.host.clone();
    let target = client_host.clone();
    let call = Call { invocation: &invocation, client_host, target };

    if !world.hosts[&call.target].daemon.running {
        cx.call(
            crate::events::Node::Client { host: call.client_host.clone() },
            crate::events::Node::Daemon { host: call.target.clone() },
            "HEAD",
            "/_ping",
            "",
            0,
        );
        if let Some(status) = commands::dispatch_without_daemon(world, cx, &call, &invocation.path.names[1..]) {
            return status;
        }
        cx.out.errln("Cannot connect to the Docker daemon at unix:///var/run/docker.sock. Is the docker daemon running?");
        return 1;
    }
    call.api(cx, "HEAD", "/_ping", "", 200);
    cx.advance(5);

    let names = &invocation.path.names[1..];
    commands::dispatch(world, cx, &call, names)
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
        format!("\nUsage:  {}\n", spec::use_line(&invocation.path, invocation.command))
    })
}
