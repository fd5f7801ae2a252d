//! `docker push`: docker/cli's `push.go` on the client and the progress
//! lines of moby's `distribution/push_v2.go` (classic store: layer IDs are
//! diff IDs).

use crate::client::docker::Call;
use crate::cx::{query_escape, Cx};
use crate::digest::Digest;
use crate::distribution::push::{self, LayerPush, PushError, PushOutcome, PushedLayer};
use crate::reference::Reference;
use crate::world::World;

use super::set_api_status;
use shared_sort::SharedSort;

/// Uploads that run at once, as the daemon's `max-concurrent-uploads`
/// default allows.
const CONCURRENT_UPLOADS: usize = 5;

/// Runs `docker push NAME[:TAG]`.
pub fn run(world: &mut World, cx: &mut Cx, call: &Call) -> i32 {
    let flags = &call.invocation.flags;
    let quiet = flags.bool("quiet");
    let all_tags = flags.bool("all-tags");
    let name = &call.args()[0];
    let parsed = match super::repository_argument(cx, name, all_tags) {
        Ok(parsed) => parsed,
        Err(code) => return code,
    };
    let reference = if all_tags {
        parsed.clone()
    } else {
        parsed.clone().with_default_tag()
    };
    if !all_tags && parsed.is_name_only() && !quiet {
        cx.out.outln("Using default tag: latest");
    }

    let query = match reference.tag() {
        Some(tag) if !all_tags => format!("tag={}", query_escape(tag)),
        _ => String::new(),
    };
    let index = call.api(
        cx,
        "POST",
        &format!("/images/{}/push", reference.familiar_name()),
        &query,
        200,
    );
    let mut progress = String::new();
    progress.push_str(&format!(
        "The push refers to repository [{}]\n",
        reference.name()
    ));

    let tags = tags_to_push(world, call, &reference, all_tags);
    if tags.is_empty() {
        return fail(
            cx,
            index,
            quiet,
            progress,
            &PushError::NoSuchImage {
                familiar_name: reference.familiar_name(),
            },
        );
    }
    let user = login_user(world, &reference);
    for tag in tags {
        match push::push(world, cx, &call.target, &tag, user.as_deref()) {
            Ok(outcome) => progress.push_str(&outcome_text(&tag, &outcome)),
            Err(error) => {
                if let PushError::Denied { diff_ids } = &error {
                    for diff_id in diff_ids {
                        progress.push_str(&format!("{}: Preparing\n", diff_id.short()));
                    }
                }
                return fail(cx, index, quiet, progress, &error);
            }
        }
    }
    if quiet {
        cx.out.outln(reference.to_string());
    } else {
        cx.out.out(progress);
    }
    0
}

fn fail(cx: &mut Cx, index: usize, quiet: bool, progress: String, error: &PushError) -> i32 {
    if matches!(
        error,
        PushError::UnknownRegistry { .. } | PushError::Unreachable(_)
    ) {
        set_api_status(cx, index, 500);
    }
    if !quiet {
        cx.out.out(progress);
    }
    cx.out.errln(error.message());
    1
}

/// Returns the user signed in to the reference's registry.
fn login_user(world: &World, reference: &Reference) -> Option<String> {
    let domain = if reference.domain().is_empty() {
        "docker.io"
    } else {
        reference.domain()
    };
    world.client.logins.get(domain).cloned()
}

/// Returns the tags to push: the reference itself, or with `--all-tags`
/// every local tag of the repository, sorted.
fn tags_to_push(
    world: &World,
    call: &Call,
    reference: &Reference,
    all_tags: bool,
) -> Vec<Reference> {
    let images = &world.hosts[&call.target].daemon.images;
    if !all_tags {
        return if images.by_tag(reference).is_some() {
            vec![reference.clone()]
        } else {
            Vec::new()
        };
    }
    images
        .all_tags()
        .into_iter()
        .map(|(tag, _)| tag)
        .filter(|tag| tag.name() == reference.name())
        .collect()
}

/// Returns the progress lines of one tag: `Preparing` for every layer top
/// first, `Waiting` beyond the upload limit, each layer's result as the
/// uploads finish, and the digest line.
fn outcome_text(reference: &Reference, outcome: &PushOutcome) -> String {
    let mut text = String::new();
    for layer in &outcome.layers {
        text.push_str(&format!("{}: Preparing\n", layer.diff_id.short()));
    }
    for layer in outcome.layers.iter().skip(CONCURRENT_UPLOADS) {
        text.push_str(&format!("{}: Waiting\n", layer.diff_id.short()));
    }
    for layer in completion_order(&outcome.layers) {
        let result = match &layer.result {
            LayerPush::AlreadyExists => "Layer already exists".to_string(),
            LayerPush::Mounted { from } => format!("Mounted from {from}"),
            LayerPush::Pushed => "Pushed".to_string(),
        };
        text.push_str(&format!("{}: {result}\n", short(&layer.diff_id)));
    }
    text.push_str(&format!(
        "{}: digest: {} size: {}\n",
        reference.tag().unwrap_or("latest"),
        outcome.manifest_digest,
        outcome.manifest_size
    ));
    text
}

fn short(digest: &Digest) -> String {
    digest.short()
}

/// Orders the layers by when their upload finishes, with five upload slots
/// taken in order, as the daemon's upload manager runs them.
fn completion_order(layers: &[PushedLayer]) -> Vec<&PushedLayer> {
    let mut slots = [0u64; CONCURRENT_UPLOADS];
    let mut finished: Vec<(u64, usize)> = Vec::new();
    for (index, layer) in layers.iter().enumerate() {
        let slot = (0..CONCURRENT_UPLOADS)
            .min_by_key(|slot| slots[*slot])
            .unwrap_or(0);
        slots[slot] += layer.duration_ms.max(1);
        finished.push((slots[slot], index));
    }
    finished.shared_sort();
    finished
        .into_iter()
        .map(|(_, index)| &layers[index])
        .collect()
}
