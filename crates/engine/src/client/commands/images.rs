//! `docker images` / `docker image ls`: the rows docker/cli's image
//! formatter prints (`cli/command/formatter/image.go`), after the daemon's
//! filters (moby `daemon/images/images.go`).

use crate::json::Json;

use crate::client::docker::Call;
use crate::client::format;
use crate::client::template::{Format, Missing};
use crate::cx::{query_escape, Cx};
use crate::daemon::images::Image;
use crate::daemon::{ApiError, Daemon};
use crate::digest::Digest;
use crate::reference::{self, Reference};
use crate::world::World;

use super::daemon_error;
use crate::daemon::filters::Filters;

use super::set_api_error;
use shared_sort::SharedSort;

/// The default table, and the one `--digests` uses.
const TABLE: &str = "table {{.Repository}}\t{{.Tag}}\t{{.ID}}\t{{.CreatedSince}}\t{{.Size}}";
const TABLE_WITH_DIGEST: &str =
    "table {{.Repository}}\t{{.Tag}}\t{{.Digest}}\t{{.ID}}\t{{.CreatedSince}}\t{{.Size}}";
/// docker/cli's type behind `{{.Field}}`, named in template errors.
pub const CONTEXT_TYPE: &str = "*formatter.imageContext";

/// The filters `GET /images/json` accepts.
const FILTER_KEYS: &[&str] = &[
    "dangling",
    "label",
    "label!",
    "before",
    "since",
    "reference",
];

/// One row: an image under one repository and tag.
#[derive(Clone, Debug)]
pub struct Row {
    pub repository: String,
    pub tag: String,
    pub digest: String,
    pub id: Digest,
    pub created: u64,
    pub size: u64,
    pub containers: Option<usize>,
    pub shared_size: Option<u64>,
}

impl Row {
    /// Returns the fields docker/cli's image context exposes to templates.
    pub fn to_value(&self, now: u64, truncate: bool) -> Json {
        let id = if truncate {
            self.id.short()
        } else {
            self.id.to_string()
        };
        let unique = self
            .shared_size
            .map(|shared| format::size(self.size.saturating_sub(shared)));
        crate::sorted_object!({
            "ID": id,
            "Repository": self.repository,
            "Tag": self.tag,
            "Digest": self.digest,
            "CreatedSince": format::created_since(now, self.created),
            "CreatedAt": go_time_string(self.created),
            "Size": format::size(self.size),
            "VirtualSize": format::size(self.size),
            "Containers": self.containers.map_or("N/A".to_string(), |count| count.to_string()),
            "SharedSize": self.shared_size.map_or("N/A".to_string(), format::size),
            "UniqueSize": unique.unwrap_or_else(|| "N/A".to_string()),
        })
    }
}

/// Returns the header row of image tables.
pub fn header() -> Json {
    crate::sorted_object!({
        "ID": "IMAGE ID",
        "Repository": "REPOSITORY",
        "Tag": "TAG",
        "Digest": "DIGEST",
        "CreatedSince": "CREATED",
        "CreatedAt": "CREATED AT",
        "Size": "SIZE",
        "VirtualSize": "SIZE",
        "Containers": "CONTAINERS",
        "SharedSize": "SHARED SIZE",
        "UniqueSize": "UNIQUE SIZE",
    })
}

/// Runs `docker images [REPOSITORY[:TAG]]`.
pub fn list(world: &mut World, cx: &mut Cx, call: &Call) -> i32 {
    let flags = &call.invocation.flags;
    if flags.bool("tree") {
        // FIXME: `--tree` (experimental in Docker 28) is not simulated.
        cx.out
            .errln("porthole: `docker images --tree` is not simulated yet");
        return 1;
    }
    let mut filters = Filters::from_pairs(flags.pairs("filter"));
    if let Some(name) = call.args().first() {
        filters.add("reference", name);
    }
    let format = match list_format(
        flags.string("format"),
        flags.bool("quiet"),
        flags.bool("digests"),
    ) {
        Ok(format) => format,
        Err(message) => {
            cx.out.errln(message);
            return 1;
        }
    };

    let mut query = Vec::new();
    if flags.bool("all") {
        query.push("all=1".to_string());
    }
    if !filters.is_empty() {
        query.push(format!("filters={}", query_escape(&filters.to_json())));
    }
    let index = call.api(cx, "GET", "/images/json", &query.join("&"), 200);

    let daemon = &world.hosts[&call.target].daemon;
    let images = match filtered_images(daemon, &filters) {
        Ok(images) => images,
        Err(error) => {
            set_api_error(cx, index, &error);
            return daemon_error(cx, &error.message);
        }
    };
    let show_digests = flags.bool("digests");
    let truncate = !flags.bool("no-trunc");
    let rows: Vec<Json> = images
        .iter()
        .flat_map(|listed| rows_for(listed.image, &listed.tags, &listed.digests, show_digests))
        .map(|row| row.to_value(cx.now(), truncate))
        .collect();
    match format.render(&header(), &rows, Missing::Error(CONTEXT_TYPE)) {
        Ok(text) => {
            cx.out.out(text);
            0
        }
        Err(error) => {
            cx.out.errln(format!("template parsing error: {error}"));
            1
        }
    }
}

/// Picks the format as docker/cli's `NewImageFormat` does: `-q` prints IDs
/// only unless a custom format is given, and `--digests` appends the
/// DIGEST column to a custom table that lacks it.
fn list_format(source: &str, quiet: bool, digests: bool) -> Result<Format, String> {
    let source = match source {
        "" | "table" if quiet => "{{.ID}}".to_string(),
        "" | "table" if digests => TABLE_WITH_DIGEST.to_string(),
        "" | "table" => TABLE.to_string(),
        custom if custom.starts_with("table") && digests && !custom.contains("{{.Digest}}") => {
            format!("{custom}\t{{{{.Digest}}}}")
        }
        custom => custom.to_string(),
    };
    Format::parse(&source).map_err(|error| format!("template parsing error: {error}"))
}

/// An image with the tags and digest references the filters kept.
pub struct Listed<'a> {
    pub image: &'a Image,
    pub tags: Vec<Reference>,
    pub digests: Vec<Reference>,
}

/// Applies the daemon's filters and returns the images newest first, each
/// with the references that the `reference` filter kept.
pub fn filtered_images<'a>(
    daemon: &'a Daemon,
    filters: &Filters,
) -> Result<Vec<Listed<'a>>, ApiError> {
    filters.validate(FILTER_KEYS)?;
    let dangling = filters.bool_value("dangling")?;
    let before = filters.image_time(daemon, "before")?;
    let since = filters.image_time(daemon, "since")?;
    let patterns = filters.values("reference");

    let mut images: Vec<&Image> = daemon.images.iter().collect();
    images.shared_sort_by(|a, b| b.created.cmp(&a.created).then(a.id.cmp(&b.id)));

    let mut kept = Vec::new();
    for image in images {
        let tags = daemon.images.tags_of(&image.id);
        let is_dangling = tags.is_empty() && image.repo_digests.is_empty();
        if dangling == Some(true) && !is_dangling || dangling == Some(false) && is_dangling {
            continue;
        }
        if before.is_some_and(|time| image.created >= time)
            || since.is_some_and(|time| image.created <= time)
        {
            continue;
        }
        if !filters.labels_match(&image.config.config.labels) {
            continue;
        }
        let mut digests: Vec<Reference> = image
            .repo_digests
            .iter()
            .filter_map(|text| reference::parse(text).ok())
            .collect();
        let mut tags = tags;
        if !patterns.is_empty() {
            let matches = |known: &Reference| {
                patterns
                    .iter()
                    .any(|pattern| familiar_match(pattern, known))
            };
            tags.retain(matches);
            digests.retain(matches);
            if tags.is_empty() && digests.is_empty() {
                continue;
            }
        }
        kept.push(Listed {
            image,
            tags,
            digests,
        });
    }
    Ok(kept)
}

/// Matches a `reference=` glob against the familiar string, then the
/// familiar name, as `reference.FamiliarMatch` does.
pub fn familiar_match(pattern: &str, reference: &Reference) -> bool {
    crate::daemon::filters::glob_match(pattern, &reference.familiar_string())
        || crate::daemon::filters::glob_match(pattern, &reference.familiar_name())
}

/// Returns the rows of one image as docker/cli's formatter builds them: a
/// `<none>` row for a dangling image, one row per tag (per tag and digest
/// with `--digests`), and a row per repository known only by digest.
pub fn rows_for(
    image: &Image,
    tags: &[Reference],
    digests: &[Reference],
    show_digests: bool,
) -> Vec<Row> {
    let row = |repository: String, tag: &str, digest: &str| Row {
        repository,
        tag: tag.to_string(),
        digest: digest.to_string(),
        id: image.id,
        created: image.created,
        size: image.size,
        containers: None,
        shared_size: None,
    };
    if tags.is_empty() && digests.is_empty() {
        return vec![row("<none>".into(), "<none>", "<none>")];
    }

    let mut rows = Vec::new();
    let mut repositories: Vec<String> = tags.iter().map(Reference::familiar_name).collect();
    repositories.dedup();
    for repository in &repositories {
        let repository_digests: Vec<&str> = digests
            .iter()
            .filter(|known| known.familiar_name() == *repository)
            .filter_map(Reference::digest)
            .collect();
        for tag in tags.iter().filter(|tag| tag.familiar_name() == *repository) {
            let tag_text = tag.tag().unwrap_or("<none>");
            if !show_digests || repository_digests.is_empty() {
                rows.push(row(repository.clone(), tag_text, "<none>"));
                continue;
            }
            for digest in &repository_digests {
                rows.push(row(repository.clone(), tag_text, digest));
            }
        }
    }
    let mut digest_only: Vec<&Reference> = digests
        .iter()
        .filter(|known| !repositories.contains(&known.familiar_name()))
        .collect();
    digest_only.shared_sort();
    for known in digest_only {
        let digest = if show_digests {
            known.digest().unwrap_or("")
        } else {
            ""
        };
        if show_digests
            || !rows
                .iter()
                .any(|existing| existing.repository == known.familiar_name())
        {
            rows.push(row(known.familiar_name(), "<none>", digest));
        }
    }
    rows
}

/// Formats a time as Go's `time.Time.String` prints a UTC time
/// (`2025-10-20 09:00:00 +0000 UTC`), docker/cli's `CreatedAt`.
pub fn go_time_string(millis: u64) -> String {
    let text = crate::clock::rfc3339(millis);
    format!(
        "{} +0000 UTC",
        text.trim_end_matches('Z').replacen('T', " ", 1)
    )
}
