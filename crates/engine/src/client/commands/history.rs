//! `docker history`: one row per entry of the image config's history,
//! newest first, built as moby's `ImageHistory` builds them and printed
//! as docker/cli's `formatter_history.go` prints them.

use crate::json::Json;

use crate::client::docker::Call;
use crate::client::format;
use crate::client::template::{Format, Missing};
use crate::clock::{self, Millis};
use crate::cx::Cx;
use crate::daemon::layers::chain_ids;
use crate::daemon::Daemon;
use crate::digest::Digest;
use crate::table::ellipsis;
use crate::world::World;

use super::{daemon_error, set_api_error};

const TABLE: &str = "table {{.ID}}\t{{.CreatedSince}}\t{{.CreatedBy}}\t{{.Size}}\t{{.Comment}}";
const CONTEXT_TYPE: &str = "*image.historyContext";
/// Width docker/cli cuts CREATED BY to.
const CREATED_BY_WIDTH: usize = 45;

/// One history entry as `GET /images/{name}/history` returns it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HistoryItem {
    /// The image ID on the top row, `<missing>` below it.
    pub id: String,
    pub created: Millis,
    pub created_by: String,
    /// Bytes of the entry's layer; 0 for an entry without one.
    pub size: u64,
    pub comment: String,
}

/// Returns the image's history, newest first.
pub fn image_history(
    daemon: &Daemon,
    name: &str,
) -> Result<Vec<HistoryItem>, crate::daemon::ApiError> {
    let image = daemon
        .images
        .lookup(name)
        .map_err(|_| crate::daemon::image_delete::not_found(name))?;
    let chain = chain_ids(image.diff_ids());
    let mut layers = chain.iter();
    let mut items = Vec::new();
    for entry in &image.config.history {
        let size = if entry.empty_layer {
            0
        } else {
            layers
                .next()
                .and_then(|chain_id| daemon.layers.get(chain_id))
                .map_or(0, |layer| layer.size)
        };
        items.push(HistoryItem {
            id: "<missing>".to_string(),
            created: clock::parse_rfc3339(&entry.created).unwrap_or(image.created) / 1000 * 1000,
            created_by: entry.created_by.clone(),
            size,
            comment: entry.comment.clone(),
        });
    }
    items.reverse();
    if let Some(top) = items.first_mut() {
        top.id = image.id.to_string();
    }
    Ok(items)
}

/// Runs `docker history IMAGE`.
pub fn run(world: &mut World, cx: &mut Cx, call: &Call) -> i32 {
    let flags = &call.invocation.flags;
    let name = &call.args()[0];
    let source = match flags.string("format") {
        "" | "table" if flags.bool("quiet") => "{{.ID}}",
        "" | "table" => TABLE,
        custom => custom,
    };
    let format = match Format::parse(source) {
        Ok(format) => format,
        Err(error) => {
            cx.out.errln(format!("template parsing error: {error}"));
            return 1;
        }
    };
    let index = call.api(cx, "GET", &format!("/images/{name}/history"), "", 200);
    let items = match image_history(&world.hosts[&call.target].daemon, name) {
        Ok(items) => items,
        Err(error) => {
            set_api_error(cx, index, &error);
            return daemon_error(cx, &error.message);
        }
    };

    let human = flags.bool("human");
    let truncate = !flags.bool("no-trunc");
    let rows: Vec<Json> = items
        .iter()
        .map(|item| row(item, cx.now(), human, truncate))
        .collect();
    let header = crate::sorted_object!({
        "ID": "IMAGE",
        "CreatedSince": "CREATED",
        "CreatedAt": "CREATED AT",
        "CreatedBy": "CREATED BY",
        "Size": "SIZE",
        "Comment": "COMMENT",
    });
    match format.render(&header, &rows, Missing::Error(CONTEXT_TYPE)) {
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

fn row(item: &HistoryItem, now: Millis, human: bool, truncate: bool) -> Json {
    let id = match Digest::parse(&item.id) {
        Ok(digest) if truncate => digest.short(),
        _ => item.id.clone(),
    };
    let created_at = clock::rfc3339(item.created);
    let created_by = item.created_by.replace('\t', " ");
    crate::sorted_object!({
        "ID": id,
        "CreatedSince": if human { format::created_since(now, item.created) } else { created_at.clone() },
        "CreatedAt": created_at,
        "CreatedBy": if truncate { ellipsis(&created_by, CREATED_BY_WIDTH) } else { created_by },
        "Size": if human { format::size(item.size) } else { item.size.to_string() },
        "Comment": item.comment,
    })
}
