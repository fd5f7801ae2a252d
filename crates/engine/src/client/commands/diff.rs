//! `docker diff CONTAINER`: the changes in the container's writable layer,
//! from `GET /containers/{id}/changes`, one `A`/`C`/`D` line a path.

use crate::client::docker::Call;
use crate::cx::Cx;
use crate::world::World;

use super::{daemon_error, set_api_error};

/// Runs `docker diff`.
pub fn run(world: &mut World, cx: &mut Cx, call: &Call) -> i32 {
    let name = &call.args()[0];
    let index = call.api(cx, "GET", &format!("/containers/{name}/changes"), "", 200);
    let container = match world.hosts[&call.target].daemon.containers.lookup(name) {
        Ok(container) => container,
        Err(error) => {
            set_api_error(cx, index, &error);
            return daemon_error(cx, &error.message);
        }
    };
    for change in container.rootfs.diff() {
        cx.out.outln(change.to_string());
    }
    0
}
