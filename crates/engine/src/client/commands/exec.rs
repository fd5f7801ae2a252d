//! `docker exec [OPTIONS] CONTAINER COMMAND [ARG...]`, as docker/cli 28's
//! `RunExec` does it: `POST /containers/{id}/exec` creates the exec
//! instance, `POST /exec/{id}/start` runs it (hijacking the connection
//! unless `-d`), and `GET /exec/{id}/json` reads its exit code.
//!
//! With `-i` and a shell (`docker exec -it web bash`), the terminal is
//! attached to the shell until `exit` or Ctrl+D; Porthole's terminal is a
//! terminal, so `-t` works wherever it is typed. Otherwise the command
//! runs once and its output shows, with the command's exit status. A
//! program the container lacks prints runc's error and exits 126, as
//! moby records for an exec that fails to start.

use crate::client::docker::Call;
use crate::client::terminal::{self, ExecSession};
use crate::cx::Cx;
use crate::daemon::runtime::sessions::{self, ExecRequest, Started};
use crate::output::Stream;
use crate::world::World;

use super::run::options::read_key_value_file;
use super::{daemon_error, set_api_error, set_api_status};

/// Runs `docker exec`.
pub fn run(world: &mut World, cx: &mut Cx, call: &Call) -> i32 {
    let flags = &call.invocation.flags;
    let name = call.args()[0].clone();
    let argv = call.args()[1..].to_vec();
    let detach = flags.bool("detach");
    let tty = flags.bool("tty");
    let stdin = flags.bool("interactive") && !detach;
    let env = match environment(world, call) {
        Ok(env) => env,
        Err(message) => {
            cx.out.errln(message);
            return 1;
        }
    };
    let request = ExecRequest {
        argv: argv.clone(),
        user: flags.string("user").to_string(),
        working_dir: flags.string("workdir").to_string(),
        env,
        tty,
        stdin,
        detach,
    };

    let index = call.api(cx, "POST", &format!("/containers/{name}/exec"), "", 201);
    cx.set_request(index, request_body(&request));
    let exec_id = world.new_id("exec");
    let host = world
        .hosts
        .get_mut(&call.target)
        .expect("target host exists");
    crate::daemon::lifecycle::settle(host, cx, cx.now());
    let container_id = match sessions::create(host, &name, request, exec_id.clone()) {
        Ok(id) => id,
        Err(error) => {
            set_api_error(cx, index, &error);
            return daemon_error(cx, &error.message);
        }
    };
    cx.set_response(index, format!("{{\"Id\":\"{exec_id}\"}}"));

    let status = if detach { 200 } else { 101 };
    let start = call.api(cx, "POST", &format!("/exec/{exec_id}/start"), "", status);
    cx.set_request(start, format!("{{\"Detach\":{detach},\"Tty\":{tty}}}"));
    let host = world
        .hosts
        .get_mut(&call.target)
        .expect("target host exists");
    let started = match sessions::start(host, cx, &exec_id) {
        Ok(started) => started,
        Err(error) => {
            set_api_status(cx, start, error.status);
            return daemon_error(cx, &error.message);
        }
    };
    if detach {
        return match started {
            Started::Failed { message } => {
                set_api_status(cx, start, 500);
                daemon_error(cx, &message)
            }
            _ => 0,
        };
    }
    if tty {
        call.api(
            cx,
            "POST",
            &format!("/exec/{exec_id}/resize"),
            "h=24&w=80",
            200,
        );
    }
    match started {
        Started::Session { pid } => {
            terminal::attach_exec(
                world,
                &call.target,
                &container_id,
                ExecSession { exec_id, pid, tty },
            );
            0
        }
        Started::Finished {
            output,
            status,
            duration,
        } => {
            for line in output {
                let mut text = line.text;
                if line.newline {
                    text.push('\n');
                }
                match (tty, line.stream) {
                    (false, Stream::Stderr) => cx.out.err(text),
                    _ => cx.out.out(text),
                }
            }
            cx.advance(duration);
            call.api(cx, "GET", &format!("/exec/{exec_id}/json"), "", 200);
            status
        }
        Started::Running => {
            call.api(cx, "GET", &format!("/exec/{exec_id}/json"), "", 200);
            0
        }
        Started::Failed { message } => {
            cx.out.outln(message);
            call.api(cx, "GET", &format!("/exec/{exec_id}/json"), "", 200);
            126
        }
    }
}

/// `--env-file` lines, then `-e` values; a bare `NAME` takes the client's
/// value and is dropped when the client has none.
fn environment(world: &World, call: &Call) -> Result<Vec<String>, String> {
    let flags = &call.invocation.flags;
    let mut env = Vec::new();
    for file in flags.list("env-file") {
        env.extend(read_key_value_file(world, file, true)?);
    }
    for value in flags.list("env") {
        match value.split_once('=') {
            Some(_) => env.push(value.clone()),
            None => {
                if let Some(client_value) = world.client.env.get(value) {
                    env.push(format!("{value}={client_value}"));
                }
            }
        }
    }
    Ok(env)
}

/// The body of `POST /containers/{id}/exec`, for the inspector.
fn request_body(request: &ExecRequest) -> String {
    let command: Vec<String> = request
        .argv
        .iter()
        .map(|arg| crate::strconv::quote(arg))
        .collect();
    format!(
        "{{\"User\":{},\"Tty\":{},\"AttachStdin\":{},\"AttachStdout\":{},\"AttachStderr\":{},\"Detach\":{},\"WorkingDir\":{},\"Cmd\":[{}]}}",
        crate::strconv::quote(&request.user),
        request.tty,
        request.stdin,
        !request.detach,
        !request.detach,
        request.detach,
        crate::strconv::quote(&request.working_dir),
        command.join(",")
    )
}
