//! `docker pull`, and the pull progress that `docker run` prints when the
//! image is missing.

use crate::client::docker::Call;
use crate::cx::{query_escape, Cx};
use crate::distribution::{self, LayerProgress, PullOutcome};
use crate::reference::Reference;
use crate::registry::Platform;
use crate::world::World;

use super::{daemon_error, set_api_status};
use shared_sort::SharedSort;

/// Downloads that run at once, as the daemon's `max-concurrent-downloads`
/// default allows.
const CONCURRENT_DOWNLOADS: usize = 3;

/// Runs `docker pull NAME[:TAG|@DIGEST]`, with `--all-tags`, `--platform`
/// and `--quiet` as docker/cli's `pull.go` and moby's puller handle them.
pub fn run(world: &mut World, cx: &mut Cx, call: &Call) -> i32 {
    let flags = &call.invocation.flags;
    let quiet = flags.bool("quiet");
    let all_tags = flags.bool("all-tags");
    let name = &call.args()[0];
    let parsed = match super::repository_argument(cx, name, all_tags) {
        Ok(parsed) => parsed,
        Err(code) => return code,
    };
    let platform_text = flags.string("platform");
    let platform = match platform_text {
        "" => None,
        text => match parse_platform(text) {
            Ok(platform) => Some(platform),
            Err(message) => {
                record_pull_call(cx, call, &parsed, all_tags, platform_text, 400);
                return daemon_error(cx, &message);
            }
        },
    };
    if all_tags {
        return pull_all_tags(world, cx, call, &parsed, platform, quiet);
    }

    let reference = parsed.clone().with_default_tag();
    if parsed.is_name_only() && !quiet {
        cx.out.outln("Using default tag: latest");
    }
    let index = record_pull_call(cx, call, &reference, false, platform_text, 200);
    let platform = platform.unwrap_or_else(|| distribution::host_platform(world, &call.target));
    match distribution::pull_for_platform(world, cx, &call.target, &reference, &platform) {
        Ok(outcome) => {
            if !quiet {
                cx.out.out(progress_text(&reference, &outcome));
                cx.out.outln(status_line(&reference, &outcome));
            }
            cx.out.outln(reference.to_string());
            note_synthesised(cx, &reference, &outcome);
            0
        }
        Err(error) if error.is_streamed() => {
            if !quiet {
                cx.out.out(failed_progress_text(&reference, &error));
            }
            cx.out.errln(error.message());
            1
        }
        Err(error) => {
            set_api_status(cx, index, pull_error_status(&error));
            daemon_error(cx, &error.message())
        }
    }
}

/// Pulls every tag of a repository: one `Pulling from` block per tag, then
/// one status line for the repository, as moby's `pullRepository` prints.
fn pull_all_tags(
    world: &mut World,
    cx: &mut Cx,
    call: &Call,
    repository: &Reference,
    platform: Option<Platform>,
    quiet: bool,
) -> i32 {
    let index = record_pull_call(
        cx,
        call,
        repository,
        true,
        call.invocation.flags.string("platform"),
        200,
    );
    let tags = match distribution::list_tags(world, cx, &call.target, repository) {
        Ok(tags) => tags,
        Err(error) => {
            set_api_status(cx, index, pull_error_status(&error));
            return daemon_error(cx, &error.message());
        }
    };
    let platform = platform.unwrap_or_else(|| distribution::host_platform(world, &call.target));
    let mut downloaded = false;
    for tag in tags {
        let Ok(reference) = repository.with_tag(&tag) else {
            continue;
        };
        // moby skips a tag that fails, so one bad tag does not stop the rest.
        let Ok(outcome) =
            distribution::pull_for_platform(world, cx, &call.target, &reference, &platform)
        else {
            continue;
        };
        downloaded |= outcome.downloaded;
        if !quiet {
            cx.out.out(progress_text(&reference, &outcome));
        }
    }
    if !quiet {
        let word = if downloaded {
            "Downloaded newer image for"
        } else {
            "Image is up to date for"
        };
        cx.out
            .outln(format!("Status: {word} {}", repository.familiar_string()));
    }
    cx.out.outln(repository.to_string());
    0
}

/// Records `POST /images/create` as the Go client sends it: `fromImage` and
/// `tag` (a digest goes in `tag`, `--all-tags` sends none), then `platform`.
fn record_pull_call(
    cx: &mut Cx,
    call: &Call,
    reference: &Reference,
    all_tags: bool,
    platform: &str,
    status: u16,
) -> usize {
    let mut query = format!("fromImage={}", query_escape(&reference.name()));
    if !all_tags {
        let tag = reference.digest().or(reference.tag()).unwrap_or("latest");
        query.push_str(&format!("&tag={}", query_escape(tag)));
    }
    if !platform.is_empty() {
        query.push_str(&format!("&platform={}", query_escape(platform)));
    }
    call.api(cx, "POST", "/images/create", &query, status)
}

fn pull_error_status(error: &distribution::PullError) -> u16 {
    match error {
        distribution::PullError::ManifestUnknown { .. }
        | distribution::PullError::AccessDenied { .. } => 404,
        _ => 500,
    }
}

/// Tells the user, on standard error, that permissive mode made the image
/// up; Docker itself would have failed to pull it.
fn note_synthesised(cx: &mut Cx, reference: &Reference, outcome: &PullOutcome) {
    if outcome.synthesised {
        cx.out.errln(format!(
            "porthole: permissive mode synthesised {} because the simulated registry does not have it; Docker would fail to pull it",
            reference.familiar_string()
        ));
    }
}

/// Parses `--platform` as containerd's `platforms.Parse` does for the
/// values Docker users type: `os/arch[/variant]` or an architecture alone.
pub fn parse_platform(text: &str) -> Result<Platform, String> {
    const SYSTEMS: &[&str] = &["linux", "windows", "darwin", "freebsd"];
    const ARCHITECTURES: &[&str] = &[
        "amd64", "arm64", "arm", "386", "ppc64le", "s390x", "riscv64", "mips64le",
    ];
    let invalid =
        || format!("\"{text}\": unknown operating system or architecture: invalid argument");
    let lower = text.to_lowercase();
    let parts: Vec<&str> = lower.split('/').collect();
    let normalise = |arch: &str| match arch {
        "x86_64" | "x86-64" => "amd64".to_string(),
        "aarch64" => "arm64".to_string(),
        other => other.to_string(),
    };
    let (os, architecture, variant) = match parts.as_slice() {
        [single] if SYSTEMS.contains(single) => (single.to_string(), "amd64".to_string(), None),
        [single] => (String::from("linux"), normalise(single), None),
        [os, arch] => (os.to_string(), normalise(arch), None),
        [os, arch, variant] => (os.to_string(), normalise(arch), Some(variant.to_string())),
        _ => return Err(invalid()),
    };
    if !SYSTEMS.contains(&os.as_str()) || !ARCHITECTURES.contains(&architecture.as_str()) {
        return Err(invalid());
    }
    Ok(Platform {
        architecture,
        os,
        variant,
    })
}

/// Records `POST /images/create` and pulls; returns the daemon's error on
/// failure.
pub fn pull_with_api(
    world: &mut World,
    cx: &mut Cx,
    call: &Call,
    reference: &Reference,
) -> Result<PullOutcome, distribution::PullError> {
    let index = record_pull_call(cx, call, reference, false, "", 200);
    let result = distribution::pull(world, cx, &call.target, reference);
    if let Err(error) = &result {
        set_api_status(cx, index, pull_error_status(error));
    }
    if let Ok(outcome) = &result {
        note_synthesised(cx, reference, outcome);
    }
    result
}

/// Returns the per-layer lines a non-terminal client prints for a pull,
/// from `TAG: Pulling from PATH` to the last `Pull complete`, followed by
/// the `Digest:` line.
pub fn progress_text(reference: &Reference, outcome: &PullOutcome) -> String {
    let tag = reference.digest().or(reference.tag()).unwrap_or("latest");
    let mut text = format!("{tag}: Pulling from {}\n", outcome.repository_path);
    for line in layer_lines(&outcome.layers, None) {
        text.push_str(&line);
        text.push('\n');
    }
    text.push_str(&format!("Digest: {}\n", outcome.digest));
    text
}

/// Returns the lines a pull that failed while streaming printed before its
/// error: `TAG: Pulling from PATH` and, when the disk filled, the layers'
/// lines up to the one whose registration failed, which never reaches
/// `Pull complete` (moby's download manager reports no status for it).
pub fn failed_progress_text(reference: &Reference, error: &distribution::PullError) -> String {
    let tag = reference.digest().or(reference.tag()).unwrap_or("latest");
    let mut text = format!("{tag}: Pulling from {}\n", reference.repository_path());
    if let distribution::PullError::DiskFull { layers, failed, .. } = error {
        for line in layer_lines(layers, *failed) {
            text.push_str(&line);
            text.push('\n');
        }
    }
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
/// downloads finish, and `Pull complete` strictly bottom-up. With `failed`
/// (an index in `layers`), the lines stop where that layer would complete.
fn layer_lines(layers: &[LayerProgress], failed: Option<usize>) -> Vec<String> {
    let mut lines = Vec::new();
    let to_fetch: Vec<&LayerProgress> = layers.iter().filter(|layer| !layer.existed).collect();
    let stop = failed.map(|index| {
        layers
            .iter()
            .take(index)
            .filter(|layer| !layer.existed)
            .count()
    });
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
        let slot = (0..CONCURRENT_DOWNLOADS)
            .min_by_key(|slot| slots[*slot])
            .unwrap_or(0);
        slots[slot] += layer.download_ms.max(1);
        finished.push((slots[slot], index));
    }
    let mut by_finish = finished.clone();
    by_finish.shared_sort();

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
            if stop == Some(extracted) {
                return lines;
            }
            extract_clock = extract_clock.max(time) + to_fetch[extracted].extract_ms;
            lines.push(format!(
                "{}: Pull complete",
                to_fetch[extracted].blob_digest.short()
            ));
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
        let lines = layer_lines(&layers, None);
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
        let lines = layer_lines(&layers, None);
        assert!(lines[0].ends_with(": Already exists"));
        assert_eq!(lines.len(), 5);
    }

    #[test]
    fn layer_lines_stop_before_a_failed_pull_complete() {
        let layers = vec![
            layer("a", 100, false),
            layer("b", 300, false),
            layer("c", 200, false),
        ];
        let lines = layer_lines(&layers, Some(1));
        let [a, b, c] = [b"a", b"b", b"c"].map(|name| Digest::of(name).short());
        assert_eq!(
            lines,
            [
                format!("{a}: Pulling fs layer"),
                format!("{b}: Pulling fs layer"),
                format!("{c}: Pulling fs layer"),
                format!("{a}: Verifying Checksum"),
                format!("{a}: Download complete"),
                format!("{a}: Pull complete"),
                format!("{c}: Verifying Checksum"),
                format!("{c}: Download complete"),
                format!("{b}: Verifying Checksum"),
                format!("{b}: Download complete"),
            ]
        );
    }

    #[test]
    fn fourth_layer_waits() {
        let layers: Vec<_> = ["a", "b", "c", "d"]
            .iter()
            .map(|name| layer(name, 100, false))
            .collect();
        let lines = layer_lines(&layers, None);
        assert_eq!(lines[4], format!("{}: Waiting", Digest::of(b"d").short()));
    }
}

#[cfg(test)]
mod platform_tests {
    use super::parse_platform;

    #[test]
    fn platform_strings_table() {
        let cases = [
            ("linux/arm64", Some(("linux", "arm64", None))),
            ("linux/arm64/v8", Some(("linux", "arm64", Some("v8")))),
            ("arm64", Some(("linux", "arm64", None))),
            ("linux/x86_64", Some(("linux", "amd64", None))),
            ("Linux/AMD64", Some(("linux", "amd64", None))),
            ("plan9/68k", None),
            ("linux/arm64/v8/extra", None),
            ("", None),
        ];
        for (text, expected) in cases {
            let parsed = parse_platform(text).ok();
            let parsed = parsed.as_ref().map(|platform| {
                (
                    platform.os.as_str(),
                    platform.architecture.as_str(),
                    platform.variant.as_deref(),
                )
            });
            assert_eq!(parsed, expected, "{text:?}");
        }
    }
}
