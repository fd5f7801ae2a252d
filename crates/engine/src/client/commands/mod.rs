//! One module per family of docker commands. Each `run` records the Engine
//! API calls the real client makes, changes the world through the daemon,
//! prints what Docker prints and returns the exit status.

mod build;
mod control;
mod diff;
mod images;
mod inspect;
mod logs;
mod network;
mod port;
mod prune;
mod ps;
mod pull;
mod run;
mod volume;

use super::docker::Call;
use crate::cx::Cx;
use crate::world::World;

/// Runs the resolved command named by `names` (the path under `docker`).
pub fn dispatch(world: &mut World, cx: &mut Cx, call: &Call, names: &[&str]) -> i32 {
    match names {
        ["build"] | ["image", "build"] | ["buildx", "build"] => build::run(world, cx, call),
        ["images"] | ["image", "ls"] => images::list(world, cx, call),
        ["ps"] | ["container", "ls"] => ps::run(world, cx, call),
        ["pull"] | ["image", "pull"] => pull::run(world, cx, call),
        ["run"] | ["container", "run"] => run::run(world, cx, call),
        ["create"] | ["container", "create"] => run::create(world, cx, call),
        ["start"] | ["container", "start"] => run::start(world, cx, call),
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
        ["container", "inspect"] => inspect::container(world, cx, call),
        ["container", "prune"] => prune::containers(world, cx, call),
        // FIXME: `docker inspect` of an image needs the image commands' body.
        ["inspect"] => inspect::object(world, cx, call),
        ["network", "ls"] => network::list(world, cx, call),
        ["network", "create"] => network::create(world, cx, call),
        ["network", "rm"] => network::remove(world, cx, call),
        ["network", "inspect"] => network::inspect(world, cx, call),
        ["network", "connect"] => network::connect(world, cx, call),
        ["network", "disconnect"] => network::disconnect(world, cx, call),
        ["network", "prune"] => network::prune(world, cx, call),
        ["volume", "ls"] => volume::list(world, cx, call),
        ["volume", "create"] => volume::create(world, cx, call),
        ["volume", "rm"] => volume::remove(world, cx, call),
        ["volume", "inspect"] => volume::inspect(world, cx, call),
        ["volume", "prune"] => volume::prune(world, cx, call),
        _ => {
            // FIXME: the remaining docker commands are not simulated yet.
            cx.out.errln(format!("porthole: `{}` is not simulated yet", call.path()));
            1
        }
    }
}

/// Prints `Error response from daemon: MESSAGE` and returns 1.
pub(crate) fn daemon_error(cx: &mut Cx, message: &str) -> i32 {
    cx.out.errln(format!("Error response from daemon: {message}"));
    1
}
