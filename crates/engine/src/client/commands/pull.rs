//! `docker pull`, and the pull progress that `docker run` prints when the
//! image is missing.

use crate::client::docker::Call;
use crate::cx::{query_escape, Cx};
use crate::distribution::{self, LayerProgress, PullOutcome};
use crate::reference::{self, Reference};
use crate::world::World;

use super::daemon_error;

/// Downloads that run at once, as the daemon's `max-concurrent-downloads`
/// default allows.
const CONCURRENT_DOWNLOADS: usize = 3;

/// Runs `docker pull NAME[:TAG|@DIGEST]`.
pub fn run(world: &mut World, cx: &mut Cx, call: &Call) -> i32 {
    let flags = &call.invocation.flags;
    let quiet = flags.bool("quiet");
    if flags.bool("all-tags") {
        // FIXME: `docker pull -a` is not simulated yet.
        cx.out.errln("porthole: `docker pull --all-tags` is not simulated yet");
        return 1;
    }
    let name = &call.args()[0];
    let parsed = match reference::parse_normalized_named(name) {
        Ok(parsed) => parsed,
        Err(error) => {
            cx.out.errln(error.to_string());
            return 1;
        }
    };
    let defaulted = parsed.is_name_only();
    let reference = parsed.with_default_tag();
    if defaulted && !quiet {
        cx.out.outln("Using default tag: latest");
    }

    match pull_with_api(world, cx, call, &reference) {
        Ok(outcome) => {
            if !quiet {
                cx.out.out(progress_text(&reference, &outcome));
                cx.out.outln(status_line(&reference, &outcome));
            }
            cx.out.outln(reference.to_string());
            0
        }
        Err(message) => daemon_error(cx, &message),
    }
}

/// Records `POST /images/create` and pulls; returns the daemon's error text
/// on failure.
pub fn pull_with_api(world: &mut World, cx: &mut Cx, call: &Call, reference: &Reference) -> Result<PullOutcome, String> {
    let tag = reference.digest().or(reference.tag()).unwrap_or("latest");
    let query = format!("fromImage={}&tag={}", query_escape(&reference.name()), query_escape(tag));
    let index = call.api(cx, "POST", "/images/create", &query, 200);
    let result = distribution::pull(world, cx, &call.target, reference);
    if let Err(error) = &result {
        let status = match error {
            distribution::PullError::ManifestUnknown { .. } | distribution::PullError::AccessDenied { .. } => 404,
            _ => 500,
        };
        if let Some(crate::events::Event { kind: crate::events::EventKind::Message(message), .. }) = cx.events.get_mut(index) {
            message.status = status;
        }
    }
    result.map_err(|error| error.message())
}

/// Returns the per-layer lines a non-terminal client prints for a pull,
/// from `TAG: Pulling from PATH` to the last `Pull complete`, followed by
/// the `Digest:` line.
pub fn progress_text(reference: &Reference, outcome: &PullOutcome) -> String {
    let tag = reference.digest().or(reference.tag()).unwrap_or("latest");
    let mut text = format!("{tag}: Pulling from {}\n", outcome.repository_path);
    for line in layer_lines(&outcome.layers) {
        text.push_str(&line);
        text.push('\n');
    }
    text.push_str(&format!("Digest: {}\n", outcome.digest));
    text
}

/// Returns `Status: Downloaded newer image for NAME` or `Status: Image is up
/// to date for NAME`.
pub fn status_line(reference: &Reference, outcome: &PullOutcome) -> String {
    let familiar = reference.familiar_string();
    if outcome.downloaded {
        format!("Status: Downloaded newer image for {familiar}")
    } else {
        format!("Status: Image is up to date for {familiar}")
    }
}

/// Orders the status lines of the layers as the daemon sends them: every
/// layer `Pulling fs layer` (or `Already exists`), `Waiting` for those beyond
/// the concurrency limit, `Verifying Checksum` and `Download complete` as
/// downloads finish, and `Pull complete` strictly bottom-up.
fn layer_lines(layers: &[LayerProgress]) -> Vec<String> {
    let mut lines = Vec::new();
    let to_fetch: Vec<&LayerProgress> = layers.iter().filter(|layer| !layer.existed).collect();
    for layer in layers {
        let id = layer.blob_digest.short();
        if layer.existed {
            lines.push(format!("{id}: Already exists"));
        } else {
            lines.push(format!("{id}: Pulling fs layer"));
        }
    }
    for layer in to_fetch.iter().skip(CONCURRENT_DOWNLOADS) {
        lines.push(format!("{}: Waiting", layer.blob_digest.short()));
    }

    // Simulate the download slots to find when each download finishes.
    let mut slots = [0u64; CONCURRENT_DOWNLOADS];
    let mut finished: Vec<(u64, usize)> = Vec::new();
    for (index, layer) in to_fetch.iter().enumerate() {
        let slot = (0..CONCURRENT_DOWNLOADS).min_by_key(|slot| slots[*slot]).unwrap_or(0);
        slots[slot] += layer.download_ms.max(1);
        finished.push((slots[slot], index));
    }
    let mut by_finish = finished.clone();
    by_finish.sort();

    // Extraction goes bottom-up: a layer extracts once it and every layer
    // below it are downloaded.
    let mut extracted = 0;
    let mut extract_clock = 0u64;
    let mut downloaded = vec![false; to_fetch.len()];
    for (time, index) in by_finish {
        let id = to_fetch[index].blob_digest.short();
        lines.push(format!("{id}: Verifying Checksum"));
        lines.push(format!("{id}: Download complete"));
        downloaded[index] = true;
        while extracted < to_fetch.len() && downloaded[extracted] {
            extract_clock = extract_clock.max(time) + to_fetch[extracted].extract_ms;
            lines.push(format!("{}: Pull complete", to_fetch[extracted].blob_digest.short()));
            extracted += 1;
        }
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::digest::Digest;

    fn layer(name: &str, download_ms: u64, existed: bool) -> LayerProgress {
        LayerProgress {
            blob_digest: Digest::of(name.as_bytes()),
            compressed_size: 1,
            existed,
            download_ms,
            extract_ms: 1,
        }
    }

    #[test]
    fn layers_extract_bottom_up() {
        let layers = vec![layer("a", 300, false), layer("b", 100, false)];
        let lines = layer_lines(&layers);
        let a = Digest::of(b"a").short();
        let b = Digest::of(b"b").short();
        assert_eq!(
            lines,
            [
                format!("{a}: Pulling fs layer"),
                format!("{b}: Pulling fs layer"),
                format!("{b}: Verifying Checksum"),
                format!("{b}: Download complete"),
                format!("{a}: Verifying Checksum"),
                format!("{a}: Download complete"),
                format!("{a}: Pull complete"),
                format!("{b}: Pull complete"),
            ]
        );
    }

    #[test]
    fn existing_layers_say_already_exists() {
        let layers = vec![layer("a", 300, true), layer("b", 100, false)];
        let lines = layer_lines(&layers);
        assert!(lines[0].ends_with(": Already exists"));
        assert_eq!(lines.len(), 5);
    }

    #[test]
    fn fourth_layer_waits() {
        let layers: Vec<_> = ["a", "b", "c", "d"].iter().map(|name| layer(name, 100, false)).collect();
        let lines = layer_lines(&layers);
        assert_eq!(lines[4], format!("{}: Waiting", Digest::of(b"d").short()));
    }
}
