//! `docker run`, `docker create` and `docker start`.
//!
//! `run` follows docker/cli 28's `runContainer`: create the container
//! (pulling the image first with `--pull=always`, or after the create call
//! answers `404 No such image` with the default `--pull=missing`), register
//! `POST /containers/{id}/wait` (`condition=removed` with `--rm`), attach
//! unless `-d`, then start. A detached run prints the ID. An attached run
//! prints the container's output; when the process ends on its own the
//! client returns its exit code, and when it does not the terminal stays
//! attached (see [`crate::client::terminal`]).
//!
//! Errors print as `docker: MESSAGE`, a blank line and `Run 'docker run
//! --help' for more information`, with exit code 125, or 127 and 126 when
//! the process cannot be found or run, as docker/cli's `toStatusError`
//! decides.

pub(crate) mod options;
mod request;

use crate::client::docker::Call;
use crate::client::terminal::{self, Attach};
use crate::cx::{query_escape, Cx};
use crate::daemon::containers::Status;
use crate::daemon::create::{self as daemon_create, Created};
use crate::daemon::lifecycle::{self, Started};
use crate::daemon::ApiError;
use crate::json::Json;
use crate::reference;
use crate::world::World;

use super::{pull, set_api_error, set_api_status};
use options::{OptionsError, PullPolicy, RunOptions};

/// Runs `docker run`.
pub fn run(world: &mut World, cx: &mut Cx, call: &Call) -> i32 {
    let detach = call.invocation.flags.bool("detach");
    let options = match options::read(world, call, detach) {
        Ok(options) => options,
        Err(error) => return options_error(cx, call, "run", error),
    };
    if options.detach && options.explicit_attach {
        cx.out
            .errln("conflicting options: cannot specify both --attach and --detach");
        return 1;
    }
    let id = match create_pulling(world, cx, call, &options) {
        Ok(id) => id,
        Err(message) => return status_error(cx, "run", &message),
    };

    let condition = if options.request.host_config.auto_remove {
        "removed"
    } else {
        "next-exit"
    };
    call.api(
        cx,
        "POST",
        &format!("/containers/{id}/wait"),
        &format!("condition={condition}"),
        200,
    );
    let attach = &options.request.config.attach;
    let attached = attach.stdin || attach.stdout || attach.stderr;
    if attached {
        call.api(
            cx,
            "POST",
            &format!("/containers/{id}/attach"),
            &attach_query(attach.stdin, attach.stdout, attach.stderr),
            101,
        );
    }
    if let Err(error) = start_container(world, cx, call, &id) {
        remove_after_failed_start(world, cx, call, &id);
        return status_error(
            cx,
            "run",
            &format!("Error response from daemon: {}", error.message),
        );
    }
    if !attached {
        cx.out.outln(&id);
        return 0;
    }
    if attach.tty {
        call.api(
            cx,
            "POST",
            &format!("/containers/{id}/resize"),
            "h=24&w=80",
            200,
        );
    }
    let mode = Attach {
        stdin: attach.stdin,
        stdout: attach.stdout,
        stderr: attach.stderr,
        tty: attach.tty,
        sig_proxy: options.sig_proxy,
    };
    terminal::follow(world, cx, &call.target, &id, mode)
}

/// Runs `docker create`.
pub fn create(world: &mut World, cx: &mut Cx, call: &Call) -> i32 {
    let options = match options::read(world, call, true) {
        Ok(options) => options,
        Err(error) => return options_error(cx, call, "create", error),
    };
    match create_pulling(world, cx, call, &options) {
        Ok(id) => {
            cx.out.outln(id);
            0
        }
        Err(message) => {
            cx.out.errln(message);
            1
        }
    }
}

/// Runs `docker start [-a] [-i] CONTAINER...`.
pub fn start(world: &mut World, cx: &mut Cx, call: &Call) -> i32 {
    let flags = &call.invocation.flags;
    if flags.bool("attach") || flags.bool("interactive") {
        return start_attached(world, cx, call);
    }
    let mut failed = Vec::new();
    for name in call.args() {
        match start_container(world, cx, call, name) {
            Ok(()) => cx.out.outln(name),
            Err(error) => {
                cx.out
                    .errln(format!("Error response from daemon: {}", error.message));
                failed.push(name.clone());
            }
        }
    }
    if failed.is_empty() {
        return 0;
    }
    cx.out.errln(format!(
        "Error: failed to start containers: {}",
        failed.join(", ")
    ));
    1
}

/// `docker start -a` / `-i`: one container, attached before it starts.
fn start_attached(world: &mut World, cx: &mut Cx, call: &Call) -> i32 {
    if call.args().len() > 1 {
        cx.out
            .errln("you cannot start and attach multiple containers at once");
        return 1;
    }
    let name = &call.args()[0];
    let index = call.api(cx, "GET", &format!("/containers/{name}/json"), "", 200);
    let found = world.hosts[&call.target]
        .daemon
        .containers
        .lookup(name)
        .cloned();
    let container = match found {
        Ok(container) => container,
        Err(error) => {
            set_api_error(cx, index, &error);
            cx.out.errln(format!("Error: No such container: {name}"));
            return 1;
        }
    };
    let stdin = call.invocation.flags.bool("interactive") && container.attach.open_stdin;
    let id = container.id.clone();
    call.api(
        cx,
        "POST",
        &format!("/containers/{id}/attach"),
        &attach_query(stdin, true, true),
        101,
    );
    let condition = if container.host_config.auto_remove {
        "removed"
    } else {
        "next-exit"
    };
    call.api(
        cx,
        "POST",
        &format!("/containers/{id}/wait"),
        &format!("condition={condition}"),
        200,
    );
    if let Err(error) = start_container(world, cx, call, &id) {
        remove_after_failed_start(world, cx, call, &id);
        cx.out
            .errln(format!("Error response from daemon: {}", error.message));
        return 1;
    }
    if container.attach.tty {
        call.api(
            cx,
            "POST",
            &format!("/containers/{id}/resize"),
            "h=24&w=80",
            200,
        );
    }
    let mode = Attach {
        stdin,
        stdout: true,
        stderr: true,
        tty: container.attach.tty,
        sig_proxy: !container.attach.tty,
    };
    terminal::follow(world, cx, &call.target, &id, mode)
}

/// Runs `docker attach CONTAINER`: the terminal follows a running
/// container from now on, as docker/cli's attach.go does after its checks.
pub fn attach(world: &mut World, cx: &mut Cx, call: &Call) -> i32 {
    let name = &call.args()[0];
    let index = call.api(cx, "GET", &format!("/containers/{name}/json"), "", 200);
    let now = cx.now();
    let host = world
        .hosts
        .get_mut(&call.target)
        .expect("target host exists");
    crate::daemon::lifecycle::settle(host, cx, now);
    let container = match host.daemon.containers.lookup(name) {
        Ok(container) => container.clone(),
        Err(error) => {
            set_api_error(cx, index, &error);
            return super::daemon_error(cx, &error.message);
        }
    };
    let refusal = match container.state.status {
        Status::Paused => Some("You cannot attach to a paused container, unpause it first"),
        Status::Restarting => {
            Some("You cannot attach to a restarting container, wait until it is running")
        }
        _ if !container.state.is_running() => {
            Some("You cannot attach to a stopped container, start it first")
        }
        _ => None,
    };
    if let Some(message) = refusal {
        cx.out.errln(message);
        return 1;
    }
    let flags = &call.invocation.flags;
    let stdin = container.attach.open_stdin && !flags.bool("no-stdin");
    let id = container.id.clone();
    call.api(
        cx,
        "POST",
        &format!("/containers/{id}/attach"),
        &attach_query(stdin, true, true),
        101,
    );
    if container.attach.tty {
        call.api(
            cx,
            "POST",
            &format!("/containers/{id}/resize"),
            "h=24&w=80",
            200,
        );
    }
    let condition = if container.host_config.auto_remove {
        "removed"
    } else {
        "next-exit"
    };
    call.api(
        cx,
        "POST",
        &format!("/containers/{id}/wait"),
        &format!("condition={condition}"),
        200,
    );
    let sig_proxy = flags.bool("sig-proxy") && !container.attach.tty;
    let mode = Attach {
        stdin,
        stdout: true,
        stderr: true,
        tty: container.attach.tty,
        sig_proxy,
    };
    terminal::attach(world, cx, &call.target, &id, mode)
}

/// The attach query, with keys sorted as Go's `url.Values.Encode` sorts them.
fn attach_query(stdin: bool, stdout: bool, stderr: bool) -> String {
    let mut parts = Vec::new();
    if stderr {
        parts.push("stderr=1");
    }
    if stdin {
        parts.push("stdin=1");
    }
    if stdout {
        parts.push("stdout=1");
    }
    parts.push("stream=1");
    parts.join("&")
}

/// Prints an options error the way docker/cli reports it.
fn options_error(cx: &mut Cx, call: &Call, command: &str, error: OptionsError) -> i32 {
    match error {
        OptionsError::Flag(error) => crate::client::docker::print_cli_error(cx, &error),
        OptionsError::Run(message) => {
            let _ = call;
            status_error(cx, command, &message)
        }
    }
}

/// Prints `docker: MESSAGE` with docker/cli's help hint and returns the
/// exit code `toStatusError` picks.
fn status_error(cx: &mut Cx, command: &str, message: &str) -> i32 {
    cx.out.errln(format!("docker: {message}"));
    cx.out.errln("");
    cx.out.errln(format!(
        "Run 'docker {command} --help' for more information"
    ));
    if message.contains("executable file not found")
        || message.contains("no such file or directory")
    {
        127
    } else if message.contains("permission denied") || message.contains("is a directory") {
        126
    } else {
        125
    }
}

/// Creates the container as docker/cli's `createContainer` does, pulling
/// the image per `--pull`. Returns the ID, or the error text to print.
fn create_pulling(
    world: &mut World,
    cx: &mut Cx,
    call: &Call,
    options: &RunOptions,
) -> Result<String, String> {
    let image = &options.request.image;
    let named = match reference::parse_any_reference(image) {
        Ok(reference::AnyReference::Named(_)) => {
            Some(reference::parse_normalized_named(image).map_err(|error| error.to_string())?)
        }
        Ok(_) => None,
        Err(error) => return Err(error.to_string()),
    };
    let tagged = named.map(|named| named.with_default_tag());
    if options.pull == PullPolicy::Always {
        if let Some(tagged) = &tagged {
            pull_image(world, cx, call, tagged, options.quiet)?;
        }
    }
    let created = match create_container(world, cx, call, options) {
        Ok(created) => created,
        Err(error) if error.status == 404 && error.message.starts_with("No such image") => {
            let Some(tagged) = tagged.filter(|_| options.pull == PullPolicy::Missing) else {
                return Err(format!("Error response from daemon: {}", error.message));
            };
            if !options.quiet {
                cx.out.errln(format!(
                    "Unable to find image '{}' locally",
                    tagged.familiar_string()
                ));
            }
            pull_image(world, cx, call, &tagged, options.quiet)?;
            create_container(world, cx, call, options)
                .map_err(|error| format!("Error response from daemon: {}", error.message))?
        }
        Err(error) => return Err(format!("Error response from daemon: {}", error.message)),
    };
    for warning in created
        .warnings
        .iter()
        .chain(localhost_dns_warning(options).iter())
    {
        cx.out.errln(format!("WARNING: {warning}"));
    }
    Ok(created.id)
}

/// docker/cli's warning for `--dns` on a loopback address.
fn localhost_dns_warning(options: &RunOptions) -> Option<String> {
    options
        .request
        .host_config
        .dns
        .iter()
        .find(|server| {
            server
                .parse::<std::net::IpAddr>()
                .is_ok_and(|address| address.is_loopback())
        })
        .map(|server| format!("Localhost DNS ({server}) may fail in containers."))
}

/// Pulls through `POST /images/create`, printing the progress on standard
/// error unless `-q`.
fn pull_image(
    world: &mut World,
    cx: &mut Cx,
    call: &Call,
    tagged: &reference::Reference,
    quiet: bool,
) -> Result<(), String> {
    // FIXME: `--platform` is accepted but ignored: the pull takes the
    // host's platform and the create call does not check the image's.
    match pull::pull_with_api(world, cx, call, tagged) {
        Ok(outcome) => {
            if !quiet {
                cx.out.err(pull::progress_text(tagged, &outcome));
                cx.out.errln(pull::status_line(tagged, &outcome));
            }
            Ok(())
        }
        Err(error) if error.is_streamed() => {
            if !quiet {
                cx.out.err(pull::failed_progress_text(tagged, &error));
            }
            Err(error.message())
        }
        Err(error) => Err(format!("Error response from daemon: {}", error.message())),
    }
}

/// Records `POST /containers/create` and creates the container.
fn create_container(
    world: &mut World,
    cx: &mut Cx,
    call: &Call,
    options: &RunOptions,
) -> Result<Created, ApiError> {
    let query = options
        .request
        .name
        .as_ref()
        .map(|name| format!("name={}", query_escape(name)))
        .unwrap_or_default();
    let index = call.api(cx, "POST", "/containers/create", &query, 201);
    let body = request::create_body(&options.request, &call.invocation.flags);
    cx.set_request(index, body.to_indented());
    let result = daemon_create::create(world, cx, &call.target, &options.request);
    match &result {
        Ok(created) => {
            let body = Json::Object(vec![
                ("Id".to_string(), Json::String(created.id.clone())),
                ("Warnings".to_string(), Json::strings(&created.warnings)),
            ]);
            cx.set_response(index, body.to_compact());
        }
        Err(error) => {
            set_api_error(cx, index, error);
        }
    }
    result
}
/// Records `POST /containers/{name}/start` and starts the container.
fn start_container(
    world: &mut World,
    cx: &mut Cx,
    call: &Call,
    name: &str,
) -> Result<(), ApiError> {
    let index = call.api(cx, "POST", &format!("/containers/{name}/start"), "", 204);
    let host = world
        .hosts
        .get_mut(&call.target)
        .expect("target host exists");
    lifecycle::settle(host, cx, cx.now());
    match lifecycle::start(host, cx, name) {
        Ok(Started::Started) => Ok(()),
        Ok(Started::AlreadyRunning) => {
            set_api_status(cx, index, 304);
            Ok(())
        }
        Err(error) => {
            set_api_error(cx, index, &error);
            Err(error)
        }
    }
}

/// The daemon removes an `--rm` container whose start failed.
fn remove_after_failed_start(world: &mut World, cx: &mut Cx, call: &Call, id: &str) {
    let host = world
        .hosts
        .get_mut(&call.target)
        .expect("target host exists");
    let auto_remove = host
        .daemon
        .containers
        .get(id)
        .is_some_and(|container| container.host_config.auto_remove);
    if auto_remove {
        lifecycle::remove_now(host, cx, id, cx.now(), lifecycle::RemoveVolumes::Anonymous);
    }
}
