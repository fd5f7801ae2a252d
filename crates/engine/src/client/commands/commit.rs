//! `docker commit [OPTIONS] CONTAINER [REPOSITORY[:TAG]]`: a new image from
//! a container's changes, through `POST /commit`. docker/cli 28 checks the
//! reference first, then sends the container, repository, tag, comment,
//! author and `--change` lines, with `pause=0` for `--pause=false`, and
//! prints the new image's ID.

use crate::client::docker::Call;
use crate::cx::{query_escape, Cx};
use crate::daemon::commit::{self, CommitRequest};
use crate::daemon::lifecycle;
use crate::reference;
use crate::world::World;

use super::{daemon_error, set_api_error};

/// Runs `docker commit`.
pub fn run(world: &mut World, cx: &mut Cx, call: &Call) -> i32 {
    let flags = &call.invocation.flags;
    let container = call.args()[0].clone();
    let (repository, tag, named) = match call.args().get(1) {
        Some(text) => match reference::parse_normalized_named(text) {
            Ok(named) => {
                let named = named.with_default_tag();
                let repository = named.familiar_name();
                let tag = named.tag().unwrap_or("latest").to_string();
                (repository, tag, Some(named))
            }
            Err(error) => {
                cx.out.errln(error.to_string());
                return 1;
            }
        },
        None => (String::new(), String::new(), None),
    };
    let changes = flags.list("change").to_vec();
    let mut query = vec![format!("author={}", query_escape(flags.string("author")))];
    for change in &changes {
        query.push(format!("changes={}", query_escape(change)));
    }
    query.push(format!("comment={}", query_escape(flags.string("message"))));
    query.push(format!("container={}", query_escape(&container)));
    if !flags.bool("pause") && flags.is_set("pause") {
        query.push("pause=0".to_string());
    }
    query.push(format!("repo={}", query_escape(&repository)));
    query.push(format!("tag={}", query_escape(&tag)));
    let index = call.api(cx, "POST", "/commit", &query.join("&"), 201);

    let request = CommitRequest {
        container,
        reference: named,
        author: flags.string("author").to_string(),
        comment: flags.string("message").to_string(),
        changes,
    };
    let host = world
        .hosts
        .get_mut(&call.target)
        .expect("target host exists");
    lifecycle::settle(host, cx, cx.now());
    match commit::commit(host, cx, &request) {
        Ok(id) => {
            cx.set_response(index, format!("{{\"Id\":\"{id}\"}}"));
            cx.out.outln(id.to_string());
            0
        }
        Err(error) => {
            set_api_error(cx, index, &error);
            daemon_error(cx, &error.message)
        }
    }
}
