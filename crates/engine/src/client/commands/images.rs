//! `docker images` / `docker image ls`.

use crate::client::docker::Call;
use crate::client::format;
use crate::cx::Cx;
use crate::digest::Digest;
use crate::reference::Reference;
use crate::table::format_rows;
use crate::world::World;

/// One row of the table: an image under one of its tags.
struct Row {
    repository: String,
    tag: String,
    digest: String,
    id: Digest,
    created: u64,
    size: u64,
}

/// Runs `docker images`.
pub fn list(world: &mut World, cx: &mut Cx, call: &Call) -> i32 {
    let flags = &call.invocation.flags;
    let all = flags.bool("all");
    let quiet = flags.bool("quiet");
    let no_trunc = flags.bool("no-trunc");
    let digests = flags.bool("digests");

    let mut query = Vec::new();
    if all {
        query.push("all=1".to_string());
    }
    call.api(cx, "GET", "/images/json", &query.join("&"), 200);

    let daemon = &world.hosts[&call.target].daemon;
    let mut images: Vec<_> = daemon.images.iter().collect();
    images.sort_by(|a, b| b.created.cmp(&a.created).then(a.id.cmp(&b.id)));

    let mut rows = Vec::new();
    for image in images {
        let tags = daemon.images.tags_of(&image.id);
        let digest = image.repo_digests.first().and_then(|text| text.split_once('@')).map(|(_, digest)| digest.to_string()).unwrap_or_else(|| "<none>".to_string());
        if tags.is_empty() {
            rows.push(Row { repository: "<none>".into(), tag: "<none>".into(), digest, id: image.id, created: image.created, size: image.size });
            continue;
        }
        for tag in tags {
            rows.push(Row {
                repository: familiar_repository(&tag),
                tag: tag.tag().unwrap_or("<none>").to_string(),
                digest: digest.clone(),
                id: image.id,
                created: image.created,
                size: image.size,
            });
        }
    }

    if quiet {
        for row in &rows {
            cx.out.outln(if no_trunc { row.id.to_string() } else { row.id.short() });
        }
        return 0;
    }

    let mut header = vec!["REPOSITORY", "TAG"];
    if digests {
        header.push("DIGEST");
    }
    header.extend(["IMAGE ID", "CREATED", "SIZE"]);
    let mut table: Vec<Vec<String>> = vec![header.into_iter().map(str::to_string).collect()];
    for row in rows {
        let mut cells = vec![row.repository, row.tag];
        if digests {
            cells.push(row.digest);
        }
        cells.push(if no_trunc { row.id.to_string() } else { row.id.short() });
        cells.push(format::created_since(cx.now(), row.created));
        cells.push(format::size(row.size));
        table.push(cells);
    }
    cx.out.out(format_rows(&table));
    0
}

/// Returns the REPOSITORY column: the familiar name without tag.
fn familiar_repository(reference: &Reference) -> String {
    reference.familiar_name()
}
