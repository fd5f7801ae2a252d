//! One module per family of docker commands. Each `run` records the Engine
//! API calls the real client makes, changes the world through the daemon,
//! prints what Docker prints and returns the exit status.

mod build;
mod commit;
pub(crate) mod context;
mod control;
mod cp;
mod diff;
mod exec;
mod history;
mod images;
mod inspect;
mod login;
mod logs;
mod network;
mod port;
mod prune;
mod ps;
mod pull;
mod push;
mod rmi;
mod run;
pub(crate) mod search;
pub(crate) mod stats;
pub(crate) mod system;
mod top;
mod update;
mod volume;

pub(crate) use system::DAEMON_DOWN;

use super::docker::Call;
use crate::cx::Cx;
use crate::world::World;

/// Runs the resolved command named by `names` (the path under `docker`).
pub fn dispatch(world: &mut World, cx: &mut Cx, call: &Call, names: &[&str]) -> i32 {
    match names {
        ["build"] | ["image", "build"] | ["buildx", "build"] => build::run(world, cx, call),
        ["images"] | ["image", "ls"] => images::list(world, cx, call),
        ["rmi"] | ["image", "rm"] => rmi::remove(world, cx, call),
        ["tag"] | ["image", "tag"] => rmi::tag(world, cx, call),
        ["image", "prune"] => rmi::prune(world, cx, call),
        ["history"] | ["image", "history"] => history::run(world, cx, call),
        ["image", "inspect"] => inspect::image(world, cx, call),
        ["inspect"] => inspect::any(world, cx, call),
        ["version"] => system::version(world, cx, call, true),
        ["info"] | ["system", "info"] => system::info(world, cx, call, true),
        ["system", "df"] => system::disk_usage(world, cx, call),
        ["push"] | ["image", "push"] => push::run(world, cx, call),
        ["login"] => login::login(world, cx, call),
        ["logout"] => login::logout(world, cx, call),
        ["search"] => search::run(world, cx, call),
        ["ps"] | ["container", "ls"] => ps::run(world, cx, call),
        ["pull"] | ["image", "pull"] => pull::run(world, cx, call),
        ["run"] | ["container", "run"] => run::run(world, cx, call),
        ["create"] | ["container", "create"] => run::create(world, cx, call),
        ["start"] | ["container", "start"] => run::start(world, cx, call),
        ["attach"] | ["container", "attach"] => run::attach(world, cx, call),
        ["stop"] | ["container", "stop"] => control::stop(world, cx, call),
        ["kill"] | ["container", "kill"] => control::kill(world, cx, call),
        ["restart"] | ["container", "restart"] => control::restart(world, cx, call),
        ["pause"] | ["container", "pause"] => control::pause(world, cx, call),
        ["unpause"] | ["container", "unpause"] => control::unpause(world, cx, call),
        ["rm"] | ["container", "rm"] => control::remove(world, cx, call),
        ["rename"] | ["container", "rename"] => control::rename(world, cx, call),
        ["wait"] | ["container", "wait"] => control::wait(world, cx, call),
        ["logs"] | ["container", "logs"] => logs::run(world, cx, call),
        ["port"] | ["container", "port"] => port::run(world, cx, call),
        ["diff"] | ["container", "diff"] => diff::run(world, cx, call),
        ["exec"] | ["container", "exec"] => exec::run(world, cx, call),
        ["top"] | ["container", "top"] => top::run(world, cx, call),
        ["stats"] | ["container", "stats"] => stats::run(world, cx, call),
        ["update"] | ["container", "update"] => update::run(world, cx, call),
        ["commit"] | ["container", "commit"] => commit::run(world, cx, call),
        ["cp"] | ["container", "cp"] => cp::run(world, cx, call),
        ["container", "inspect"] => inspect::container(world, cx, call),
        ["container", "prune"] => prune::containers(world, cx, call),
        ["network", "ls"] => network::list(world, cx, call),
        ["network", "create"] => network::create(world, cx, call),
        ["network", "rm"] => network::remove(world, cx, call),
        ["network", "inspect"] => inspect::network(world, cx, call),
        ["network", "connect"] => network::connect(world, cx, call),
        ["network", "disconnect"] => network::disconnect(world, cx, call),
        ["network", "prune"] => network::prune(world, cx, call),
        ["volume", "ls"] => volume::list(world, cx, call),
        ["volume", "create"] => volume::create(world, cx, call),
        ["volume", "rm"] => volume::remove(world, cx, call),
        ["volume", "inspect"] => inspect::volume(world, cx, call),
        ["volume", "prune"] => volume::prune(world, cx, call),
        _ => {
            // FIXME: the remaining docker commands are not simulated yet.
            cx.out
                .errln(format!("porthole: `{}` is not simulated yet", call.path()));
            1
        }
    }
}

/// Runs the commands that print part of their output when the daemon is
/// unreachable (`docker version`, `docker info`), or need no daemon
/// (`docker logout`). Returns `None` for the others, which only print the
/// connection error.
pub fn dispatch_without_daemon(
    world: &mut World,
    cx: &mut Cx,
    call: &Call,
    names: &[&str],
) -> Option<i32> {
    match names {
        ["version"] => Some(system::version(world, cx, call, false)),
        ["info"] | ["system", "info"] => Some(system::info(world, cx, call, false)),
        ["logout"] => Some(login::logout(world, cx, call)),
        _ => None,
    }
}

/// Prints `Error response from daemon: MESSAGE` and returns 1.
pub(crate) fn daemon_error(cx: &mut Cx, message: &str) -> i32 {
    cx.out
        .errln(format!("Error response from daemon: {message}"));
    1
}

/// Sets the HTTP status of the Engine API call recorded at `index`, once
/// the daemon's response is known.
pub(crate) fn set_api_status(cx: &mut Cx, index: usize, status: u16) {
    if let Some(crate::events::Event {
        kind: crate::events::EventKind::Message(message),
        ..
    }) = cx.events.get_mut(index)
    {
        message.status = status;
    }
}

/// Sets the status of the Engine API call recorded at `index` to the
/// daemon's error, with the `{"message": ...}` body moby sends for it.
pub(crate) fn set_api_error(cx: &mut Cx, index: usize, error: &crate::daemon::ApiError) {
    set_api_status(cx, index, error.status);
    let body = crate::json::Json::Object(vec![(
        "message".to_string(),
        crate::json::Json::String(error.message.clone()),
    )]);
    cx.set_response(index, body.to_compact());
}

/// Parses the repository argument of `docker pull` and `docker push`, as
/// docker/cli does before it calls the daemon: a malformed name, or a tag
/// together with `--all-tags`, prints its error and returns exit code 1.
pub(crate) fn repository_argument(
    cx: &mut Cx,
    name: &str,
    all_tags: bool,
) -> Result<crate::reference::Reference, i32> {
    let parsed = match crate::reference::parse_normalized_named(name) {
        Ok(parsed) => parsed,
        Err(error) => {
            cx.out.errln(error.to_string());
            return Err(1);
        }
    };
    if all_tags && !parsed.is_name_only() {
        cx.out.errln("tag can't be used with --all-tags/-a");
        return Err(1);
    }
    Ok(parsed)
}
