//! `docker search`: `GET /images/search` to the daemon, which queries Docker
//! Hub's index (`GET https://index.docker.io/v1/search?q=…&n=…`) and
//! filters the results as moby's `registry/search.go` does; the table is
//! docker/cli's `formatter_search.go`.

use crate::json::Json;

use crate::client::cli_error::CliError;
use crate::client::docker::Call;
use crate::client::template::{Format, Missing};
use crate::cx::{query_escape, Cx};
use crate::daemon::filters::Filters;
use crate::daemon::ApiError;
use crate::events::Node;
use crate::registry::{SearchResult, DEFAULT_LIMIT, MAX_LIMIT};
use crate::table::ellipsis;
use crate::world::World;

use super::{daemon_error, set_api_error};

const TABLE: &str = "table {{.Name}}\t{{.Description}}\t{{.StarCount}}\t{{.IsOfficial}}";
/// Width docker/cli cuts DESCRIPTION to.
const DESCRIPTION_WIDTH: usize = 45;
const IS_AUTOMATED_WARNING: &str =
    "WARNING: the \"is-automated\" filter is deprecated, and searching for \"is-automated=true\" will not yield any results in future.";

/// Returns Porthole's hint for flags that Docker removed from `docker
/// search`, printed after Docker's own unknown-flag error.
pub fn removed_flag_hint(error: &CliError) -> Option<&'static str> {
    let CliError::Flag {
        error,
        command_path,
        ..
    } = error
    else {
        return None;
    };
    if command_path != "docker search" {
        return None;
    }
    let text = error.to_string();
    if text.ends_with("in -s") || text.contains("--stars") {
        return Some(
            "porthole: the -s/--stars flag was removed in Docker 20.10; use --filter stars=N",
        );
    }
    if text.contains("--automated") {
        return Some("porthole: the --automated flag was removed in Docker 20.10; automated builds are gone from Docker Hub");
    }
    None
}

/// Runs `docker search TERM`.
pub fn run(world: &mut World, cx: &mut Cx, call: &Call) -> i32 {
    let flags = &call.invocation.flags;
    let term = &call.args()[0];
    let filters = Filters::from_pairs(flags.pairs("filter"));
    let limit = flags.integer("limit").unwrap_or(0);
    let source = match flags.string("format") {
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
    if filters.contains("is-automated") {
        cx.out.errln(IS_AUTOMATED_WARNING);
    }

    let mut query = Vec::new();
    if !filters.is_empty() {
        query.push(format!("filters={}", query_escape(&filters.to_json())));
    }
    if limit > 0 {
        query.push(format!("limit={limit}"));
    }
    query.push(format!("term={}", query_escape(term)));
    let index = call.api(cx, "GET", "/images/search", &query.join("&"), 200);

    let results = match search(world, cx, call, term, limit, &filters) {
        Ok(results) => results,
        Err(error) => {
            set_api_error(cx, index, &error);
            return daemon_error(cx, &error.message);
        }
    };
    let truncate = !flags.bool("no-trunc");
    let rows: Vec<Json> = results.iter().map(|result| row(result, truncate)).collect();
    let header = crate::sorted_object!({"Name": "NAME", "Description": "DESCRIPTION", "StarCount": "STARS", "IsOfficial": "OFFICIAL", "IsAutomated": "AUTOMATED"});
    match format.render(&header, &rows, Missing::Error("*registry.searchContext")) {
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

/// Runs the daemon's side: checks the filters and the limit, queries the
/// index and filters the results.
fn search(
    world: &mut World,
    cx: &mut Cx,
    call: &Call,
    term: &str,
    limit: i64,
    filters: &Filters,
) -> Result<Vec<SearchResult>, ApiError> {
    filters.validate(&["is-automated", "is-official", "stars"])?;
    let automated = filters.bool_value("is-automated")?;
    let official = filters.bool_value("is-official")?;
    let mut min_stars = 0i64;
    for value in filters.values("stars") {
        let stars: i64 = value
            .parse()
            .map_err(|_| ApiError::new(400, format!("invalid filter 'stars={value}': strconv.Atoi: parsing \"{value}\": invalid syntax")))?;
        min_stars = min_stars.max(stars);
    }
    if automated == Some(true) {
        return Ok(Vec::new());
    }
    if term.contains("://") {
        return Err(ApiError::new(
            400,
            format!("invalid repository name: repository name ({term}) should not have a scheme"),
        ));
    }
    let limit = if limit == 0 {
        DEFAULT_LIMIT as i64
    } else {
        limit
    };
    if !(1..=MAX_LIMIT as i64).contains(&limit) {
        return Err(ApiError::new(
            400,
            format!("limit {limit} is outside the range of [1, 100]"),
        ));
    }

    let remote = term.strip_prefix("library/").unwrap_or(term);
    let index = cx.call(
        Node::Daemon {
            host: call.target.clone(),
        },
        Node::Registry {
            host: "index.docker.io".to_string(),
        },
        "GET",
        "https://index.docker.io/v1/search",
        &format!("q={}&n={limit}", query_escape(remote)),
        200,
    );
    cx.advance(crate::distribution::ROUND_TRIP_MS);
    let registry_index = world.registry_index("docker.io").unwrap_or(0);
    let results = world
        .registries
        .get(registry_index)
        .map(|hub| hub.registry.search(remote, limit as usize))
        .unwrap_or_default();
    cx.set_response(
        index,
        format!(
            "{{\"num_results\":{},\"query\":\"{remote}\",\"results\":[…]}}",
            results.len()
        ),
    );
    Ok(results
        .into_iter()
        .filter(|result| official.is_none_or(|wanted| result.is_official == wanted))
        .filter(|result| i64::from(result.star_count) >= min_stars)
        .collect())
}

fn row(result: &SearchResult, truncate: bool) -> Json {
    let description = result.description.replace(['\n', '\r'], " ");
    let ok = |flag: bool| if flag { "[OK]" } else { "" };
    crate::sorted_object!({
        "Name": result.name,
        "Description": if truncate { ellipsis(&description, DESCRIPTION_WIDTH) } else { description },
        "StarCount": result.star_count.to_string(),
        "IsOfficial": ok(result.is_official),
        "IsAutomated": ok(result.is_automated),
    })
}
