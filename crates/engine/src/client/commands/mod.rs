//! One module per family of docker commands. Each `run` records the Engine
//! API calls the real client makes, changes the world through the daemon,
//! prints what Docker prints and returns the exit status.

mod build;
mod images;
mod ps;
mod pull;
mod run;

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
