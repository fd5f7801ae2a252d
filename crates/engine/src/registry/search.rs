//! `docker search`: Docker Hub's search over repository names and
//! descriptions.
//!
//! A repository matches when the lowercase term is part of its name or
//! description. Results come best first: an exact name match, then names
//! that contain the term, then description matches. Within each group,
//! official repositories come first, then more stars, then the name. Docker Hub's
//! own ranking is not published, so this order is an approximation that
//! puts `nginx` first for `nginx`, as Hub does. The daemon applies
//! `--filter` after this, to at most `limit` results, as moby's
//! `registry/search.go` does.

use super::catalogue;
use super::storage::Registry;
use shared_sort::SharedSort;

/// One search result, with the JSON names of `GET /v1/search`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SearchResult {
    /// The repository in familiar form (`nginx`, `bitnami/nginx`).
    pub name: String,
    /// The short description.
    pub description: String,
    /// The number of stars.
    pub star_count: u32,
    /// Whether it is an official image.
    pub is_official: bool,
    /// Always false: automated builds are gone from Docker Hub.
    pub is_automated: bool,
}

/// The default number of results, as the daemon uses.
pub const DEFAULT_LIMIT: usize = 25;

/// The maximum number of results Docker Hub returns.
pub const MAX_LIMIT: usize = 100;

/// Returns the familiar form of a Docker Hub path: `library/nginx` is `nginx`.
pub fn familiar_name(path: &str) -> &str {
    match path.strip_prefix("library/") {
        Some(rest) if !rest.contains('/') => rest,
        _ => path,
    }
}

impl Registry {
    /// Searches the registry's repositories for `term`, at most `limit`
    /// results (clamped to 1..=100). A private registry has no search and
    /// returns nothing.
    pub fn search(&self, term: &str, limit: usize) -> Vec<SearchResult> {
        if !self.is_docker_hub() {
            return Vec::new();
        }
        let term = term.trim().to_lowercase();
        let mut ranked: Vec<(u8, SearchResult)> = self
            .candidates()
            .into_iter()
            .filter_map(|result| Some((rank(&result, &term)?, result)))
            .collect();
        ranked.shared_sort_by(|(rank_a, a), (rank_b, b)| {
            rank_a
                .cmp(rank_b)
                .then(b.is_official.cmp(&a.is_official))
                .then(b.star_count.cmp(&a.star_count))
                .then(a.name.cmp(&b.name))
        });
        ranked
            .into_iter()
            .take(limit.clamp(1, MAX_LIMIT))
            .map(|(_, result)| result)
            .collect()
    }

    fn candidates(&self) -> Vec<SearchResult> {
        let mut results: Vec<SearchResult> = catalogue::catalogue()
            .map(|catalogue| {
                catalogue
                    .repositories
                    .iter()
                    .map(|repository| SearchResult {
                        name: familiar_name(&repository.name).to_string(),
                        description: repository.description.clone(),
                        star_count: repository.stars,
                        is_official: repository.official,
                        is_automated: false,
                    })
                    .collect()
            })
            .unwrap_or_default();
        for path in self.local_repositories() {
            if self.has_catalogue_repository(path) {
                continue;
            }
            results.push(SearchResult {
                name: familiar_name(path).to_string(),
                description: String::new(),
                star_count: 0,
                is_official: false,
                is_automated: false,
            });
        }
        results
    }

    fn has_catalogue_repository(&self, path: &str) -> bool {
        catalogue::catalogue().is_ok_and(|catalogue| catalogue.repository_index(path).is_some())
    }
}

fn rank(result: &SearchResult, term: &str) -> Option<u8> {
    let name = result.name.to_lowercase();
    let short = name.rsplit('/').next().unwrap_or(&name);
    if name == term || short == term {
        return Some(0);
    }
    if name.contains(term) {
        return Some(1);
    }
    result
        .description
        .to_lowercase()
        .contains(term)
        .then_some(2)
}
