//! `docker rmi`, `docker tag` and `docker image prune`.

use crate::client::docker::Call;
use crate::cx::{query_escape, Cx};
use crate::daemon::image_delete::DeleteItem;
use crate::events::Change;
use crate::reference::{self, AnyReference};
use crate::units::human_size;
use crate::world::World;

use crate::daemon::filters::Filters;

use super::{set_api_error, set_api_status};

/// Runs `docker rmi IMAGE...`: one `DELETE /images/{name}` per argument,
/// printing `Untagged:` and `Deleted:` lines as docker/cli's `remove.go`
/// does. With `-f`, missing images are reported but do not fail the
/// command.
pub fn remove(world: &mut World, cx: &mut Cx, call: &Call) -> i32 {
    let force = call.invocation.flags.bool("force");
    let query = if force { "force=1" } else { "" };
    let mut errors = Vec::new();
    let mut fatal = false;
    for name in call.args() {
        let index = call.api(cx, "DELETE", &format!("/images/{name}"), query, 200);
        let daemon = &mut world
            .hosts
            .get_mut(&call.target)
            .expect("target host exists")
            .daemon;
        match daemon.delete_image(name, force) {
            Ok(items) => {
                for item in &items {
                    cx.out.outln(item.line());
                    record(cx, &call.target, item);
                }
            }
            Err(error) => {
                set_api_error(cx, index, &error);
                fatal |= error.status != 404;
                errors.push(format!("Error response from daemon: {}", error.message));
            }
        }
    }
    if errors.is_empty() {
        return 0;
    }
    cx.out.errln(errors.join("\n"));
    if force && !fatal {
        return 0;
    }
    1
}

/// Records the state change behind one response item.
fn record(cx: &mut Cx, host: &str, item: &DeleteItem) {
    let host = host.to_string();
    match item {
        DeleteItem::Untagged {
            image_id,
            reference,
        } => cx.change(Change::ImageUntagged {
            host,
            image_id: image_id.to_string(),
            reference: reference.clone(),
        }),
        DeleteItem::ImageDeleted(id) => cx.change(Change::ImageDeleted {
            host,
            image_id: id.to_string(),
        }),
        DeleteItem::LayerDeleted { diff_id, .. } => cx.change(Change::LayerDeleted {
            host,
            diff_id: diff_id.to_string(),
        }),
    }
}

/// Runs `docker tag SOURCE TARGET`: the client checks both references as
/// the Go client's `ImageTag` does, then `POST /images/{source}/tag`.
pub fn tag(world: &mut World, cx: &mut Cx, call: &Call) -> i32 {
    let (source, target) = (&call.args()[0], &call.args()[1]);
    if let Err(error) = reference::parse_any_reference(source) {
        cx.out.errln(format!(
            "Error parsing reference: {source:?} is not a valid repository/tag: {error}"
        ));
        return 1;
    }
    let target_reference = match reference::parse_normalized_named(target) {
        Ok(parsed) => parsed,
        Err(error) => {
            cx.out.errln(format!(
                "Error parsing reference: {target:?} is not a valid repository/tag: {error}"
            ));
            return 1;
        }
    };
    if target_reference.digest().is_some() {
        cx.out
            .errln("refusing to create a tag with a digest reference");
        return 1;
    }
    let target_reference = target_reference.with_default_tag();
    let query = format!(
        "repo={}&tag={}",
        query_escape(&target_reference.trimmed().familiar_name()),
        query_escape(target_reference.tag().unwrap_or("latest"))
    );
    let index = call.api(cx, "POST", &format!("/images/{source}/tag"), &query, 201);

    let daemon = &mut world
        .hosts
        .get_mut(&call.target)
        .expect("target host exists")
        .daemon;
    let image_id = match daemon.images.lookup(source) {
        Ok(image) => image.id,
        Err(_) => {
            set_api_status(cx, index, 404);
            let shown = match reference::parse_any_reference(source) {
                Ok(AnyReference::Named(named)) if !source.starts_with("sha256:") => {
                    named.with_default_tag().familiar_string()
                }
                _ => source.to_string(),
            };
            return super::daemon_error(cx, &format!("No such image: {shown}"));
        }
    };
    daemon.images.tag(&target_reference, image_id);
    daemon.images.set_last_tag_time(&image_id, cx.now());
    cx.change(Change::ImageTagged {
        host: call.target.clone(),
        image_id: image_id.to_string(),
        reference: target_reference.familiar_string(),
    });
    0
}

/// The confirmation prompt of `docker image prune` without `-f`.
const DANGLING_WARNING: &str =
    "WARNING! This will remove all dangling images.\nAre you sure you want to continue? [y/N] ";
const ALL_WARNING: &str =
    "WARNING! This will remove all images without at least one container associated to them.\nAre you sure you want to continue? [y/N] ";

/// Runs `docker image prune [-a] [-f]`: `POST /images/prune` with
/// `dangling=true` (or `false` with `-a`), then the deleted items and the
/// space reclaimed.
pub fn prune(world: &mut World, cx: &mut Cx, call: &Call) -> i32 {
    let flags = &call.invocation.flags;
    let all = flags.bool("all");
    if !flags.bool("force") {
        cx.out.out(if all { ALL_WARNING } else { DANGLING_WARNING });
        cx.out.outln("");
        let command = if all {
            "docker image prune -a -f"
        } else {
            "docker image prune -f"
        };
        cx.out.errln(format!("porthole: this terminal cannot answer prompts, so the answer is N; run `{command}` to prune without asking"));
        return 0;
    }
    let mut filters = Filters::from_pairs(flags.pairs("filter"));
    filters.add("dangling", if all { "false" } else { "true" });
    let index = call.api(
        cx,
        "POST",
        "/images/prune",
        &format!("filters={}", query_escape(&filters.to_json())),
        200,
    );

    let daemon = &mut world
        .hosts
        .get_mut(&call.target)
        .expect("target host exists")
        .daemon;
    let result = daemon.prune_images(all, &filters, cx.now());
    let (items, reclaimed) = match result {
        Ok(result) => result,
        Err(error) => {
            set_api_error(cx, index, &error);
            return super::daemon_error(cx, &error.message);
        }
    };
    if !items.is_empty() {
        cx.out.outln("Deleted Images:");
        for item in &items {
            record(cx, &call.target, item);
            let line = item.line();
            let (word, rest) = line.split_once(": ").unwrap_or(("", &line));
            cx.out.outln(format!("{}: {rest}", word.to_lowercase()));
        }
        cx.out.outln("");
    }
    cx.out.outln(format!(
        "Total reclaimed space: {}",
        human_size(reclaimed as f64)
    ));
    0
}
