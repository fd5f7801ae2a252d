//! `--filter` values as the Engine API carries them: moby's `filters.Args`,
//! sent as `filters={"key":{"value":true}}`, and the checks and matchers the
//! daemon applies to them (moby `api/types/filters/parse.go`).

use shared_sort::{SortedMap, SortedSet};

use crate::clock::Millis;
use crate::json::Json;
use crate::units::GoDuration;

use super::{ApiError, Daemon};

/// Filter values by key.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Filters {
    fields: SortedMap<String, SortedSet<String>>,
}

impl Filters {
    /// Collects `--filter key=value` pairs.
    pub fn from_pairs(pairs: &[(String, String)]) -> Self {
        let mut filters = Self::default();
        for (key, value) in pairs {
            filters.add(key, value);
        }
        filters
    }

    /// Adds a value under a key.
    pub fn add(&mut self, key: &str, value: &str) {
        self.fields
            .entry(key.to_string())
            .or_default()
            .insert(value.to_string());
    }

    /// Returns whether no filter is set.
    pub fn is_empty(&self) -> bool {
        self.fields.is_empty()
    }

    /// Returns whether a key is set.
    pub fn contains(&self, key: &str) -> bool {
        self.fields.contains_key(key)
    }

    /// Returns the values of a key, sorted.
    pub fn values(&self, key: &str) -> Vec<&str> {
        self.fields
            .get(key)
            .map(|values| values.iter().map(String::as_str).collect())
            .unwrap_or_default()
    }

    /// Returns the JSON the client sends, with keys and values sorted as Go
    /// encodes maps.
    pub fn to_json(&self) -> String {
        let object = self.fields.iter().map(|(key, values)| {
            let inner = values.iter().map(|value| (value.clone(), true));
            (key.clone(), Json::map(inner))
        });
        Json::map(object).to_rust_compact()
    }

    /// Rejects keys outside `accepted` with `invalid filter 'KEY'`.
    pub fn validate(&self, accepted: &[&str]) -> Result<(), ApiError> {
        match self
            .fields
            .keys()
            .find(|key| !accepted.contains(&key.as_str()))
        {
            Some(key) => Err(ApiError::new(400, format!("invalid filter '{key}'"))),
            None => Ok(()),
        }
    }

    /// Reads a boolean filter (`true`/`1`/`false`/`0`, any case), as
    /// `Args.GetBoolOrDefault` does; `None` when the key is not set.
    pub fn bool_value(&self, key: &str) -> Result<Option<bool>, ApiError> {
        let values = self.values(key);
        if values.is_empty() {
            return Ok(None);
        }
        let invalid = || ApiError::new(400, format!("invalid filter '{key}={}'", values.join(",")));
        let truthy = |value: &&str| value.eq_ignore_ascii_case("true") || *value == "1";
        let falsy = |value: &&str| value.eq_ignore_ascii_case("false") || *value == "0";
        match (values.iter().any(truthy), values.iter().any(falsy)) {
            (true, false) if values.len() == 1 => Ok(Some(true)),
            (false, true) if values.len() == 1 => Ok(Some(false)),
            _ => Err(invalid()),
        }
    }

    /// Returns the creation time of the image a `before=`/`since=` filter
    /// names; the daemon's `No such image` error when it names none.
    pub fn image_time(&self, daemon: &Daemon, key: &str) -> Result<Option<Millis>, ApiError> {
        let Some(name) = self.values(key).last().copied() else {
            return Ok(None);
        };
        let image = daemon
            .images
            .lookup(name)
            .map_err(|_| crate::daemon::image_delete::not_found(name))?;
        Ok(Some(image.created))
    }

    /// Returns whether `labels` satisfy every `label=KEY[=VALUE]` filter and
    /// no `label!=KEY[=VALUE]` filter, as `Args.MatchKVList` does.
    pub fn labels_match(&self, labels: &SortedMap<String, String>) -> bool {
        let matches = |filter: &str| match filter.split_once('=') {
            Some((key, value)) => labels.get(key).is_some_and(|known| known == value),
            None => labels.contains_key(filter),
        };
        self.values("label").into_iter().all(matches)
            && !self.values("label!").into_iter().any(matches)
    }
}

/// Reads an `until=` value: a Go duration before `now` (`24h`), an RFC 3339
/// time, or Unix seconds, as moby's `timetypes.GetTimestamp` accepts.
pub fn until_time(value: &str, now: Millis) -> Result<Millis, ApiError> {
    if let Ok(duration) = GoDuration::parse(value) {
        let millis = (duration.as_secs_f64() * 1000.0).max(0.0) as u64;
        return Ok(now.saturating_sub(millis));
    }
    if let Some(time) = crate::clock::parse_rfc3339(value) {
        return Ok(time);
    }
    match value.parse::<f64>() {
        Ok(seconds) if seconds.is_finite() && seconds >= 0.0 => Ok((seconds * 1000.0) as u64),
        _ => Err(ApiError::new(
            400,
            format!("failed to parse value as time or duration: \"{value}\""),
        )),
    }
}

/// Matches `name` against a shell pattern as Go's `path.Match` does: `*`
/// and `?` never match `/`, `[a-z]` and `[^a]` are classes and `\` escapes.
/// A malformed pattern matches nothing.
///
/// Runs in O(pattern × name) time at worst, without recursion.
pub fn glob_match(pattern: &str, name: &str) -> bool {
    let pattern: Vec<char> = pattern.chars().collect();
    let name: Vec<char> = name.chars().collect();
    let (mut p, mut n) = (0, 0);
    let mut star: Option<(usize, usize)> = None;
    while n < name.len() {
        if p < pattern.len() && pattern[p] == '*' {
            star = Some((p, n));
            p += 1;
            continue;
        }
        if p < pattern.len() {
            if let Some((matched, next)) = match_one(&pattern, p, name[n]) {
                if matched {
                    p = next;
                    n += 1;
                    continue;
                }
            } else {
                return false;
            }
        }
        match star {
            Some((star_p, star_n)) if name[star_n] != '/' => {
                star = Some((star_p, star_n + 1));
                p = star_p + 1;
                n = star_n + 1;
            }
            _ => return false,
        }
    }
    pattern[p..].iter().all(|&c| c == '*')
}

/// Matches one pattern element at `p` against `c`; returns whether it
/// matched and where the next element starts, or `None` for a malformed
/// class.
fn match_one(pattern: &[char], p: usize, c: char) -> Option<(bool, usize)> {
    match pattern[p] {
        '?' => Some((c != '/', p + 1)),
        '\\' => {
            let escaped = *pattern.get(p + 1)?;
            Some((escaped == c, p + 2))
        }
        '[' => {
            let mut i = p + 1;
            let negated = pattern.get(i) == Some(&'^');
            if negated {
                i += 1;
            }
            let mut matched = false;
            let mut first = true;
            loop {
                let low = *pattern.get(i)?;
                if low == ']' && !first {
                    i += 1;
                    break;
                }
                first = false;
                let low = if low == '\\' {
                    i += 1;
                    *pattern.get(i)?
                } else {
                    low
                };
                i += 1;
                let mut high = low;
                if pattern.get(i) == Some(&'-')
                    && pattern.get(i + 1).is_some_and(|&next| next != ']')
                {
                    high = pattern[i + 1];
                    i += 2;
                }
                if low <= c && c <= high {
                    matched = true;
                }
            }
            Some((matched != negated && c != '/', i))
        }
        literal => Some((literal == c, p + 1)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn glob_matches_like_go_path_match() {
        let cases = [
            ("nginx", "nginx", true),
            ("ngin*", "nginx", true),
            ("*", "library/nginx", false),
            ("*/*", "myuser/app", true),
            ("busy*:1.*", "busybox:1.36", true),
            ("n?inx", "nginx", true),
            ("[a-m]ginx", "nginx", false),
            ("[^a-m]ginx", "nginx", true),
            ("a\\*", "a*", true),
            ("py*", "python:3.12-slim", true),
            ("[", "a", false),
            ("*:latest", "ubuntu:latest", true),
            ("", "", true),
            ("*", "", true),
        ];
        for (pattern, name, expected) in cases {
            assert_eq!(glob_match(pattern, name), expected, "{pattern} vs {name}");
        }
    }

    #[test]
    fn filters_encode_sorted_json() {
        let mut filters = Filters::default();
        filters.add("reference", "nginx");
        filters.add("dangling", "true");
        assert_eq!(
            filters.to_json(),
            r#"{"dangling":{"true":true},"reference":{"nginx":true}}"#
        );
    }

    #[test]
    fn bool_filter_rejects_other_words() {
        let filters = Filters::from_pairs(&[("dangling".into(), "maybe".into())]);
        assert_eq!(
            filters.bool_value("dangling").unwrap_err().message,
            "invalid filter 'dangling=maybe'"
        );
        let filters = Filters::from_pairs(&[("dangling".into(), "TRUE".into())]);
        assert_eq!(filters.bool_value("dangling"), Ok(Some(true)));
    }

    #[test]
    fn unknown_filter_key_is_invalid() {
        let filters = Filters::from_pairs(&[("colour".into(), "red".into())]);
        assert_eq!(
            filters.validate(&["label"]).unwrap_err().message,
            "invalid filter 'colour'"
        );
    }
}
