//! The browser's local storage, with each value kept as JSON text in the
//! form gloo's `LocalStorage` wrote it, so values earlier versions saved
//! still load. Storage that is missing or full is ignored: settings then
//! last only as long as the page.

use shared_sort::SortedMap;

use engine::json::Json;

fn local() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok()?
}

/// Returns the stored text under `key`, as it is.
pub fn raw(key: &str) -> Option<String> {
    local()?.get_item(key).ok()?
}

/// Returns the JSON value stored under `key`, if it reads.
pub fn get(key: &str) -> Option<Json> {
    Json::parse(&raw(key)?).ok()
}

/// Returns the string stored under `key`.
pub fn get_string(key: &str) -> Option<String> {
    get(key)?.as_str().map(str::to_string)
}

/// Stores `value` under `key`.
pub fn set(key: &str, value: &Json) {
    if let Some(storage) = local() {
        let _ = storage.set_item(key, &value.to_rust_compact());
    }
}

/// Stores the string `text` under `key`.
pub fn set_string(key: &str, text: &str) {
    set(key, &Json::from(text));
}

/// Removes the value under `key`.
pub fn delete(key: &str) {
    if let Some(storage) = local() {
        let _ = storage.remove_item(key);
    }
}

/// Returns counts by name as a JSON object.
pub fn counts_to_json(counts: &SortedMap<String, usize>) -> Json {
    let entries = counts.iter().map(|(name, count)| {
        (
            name.clone(),
            Json::Int(i64::try_from(*count).unwrap_or(i64::MAX)),
        )
    });
    Json::Object(entries.collect())
}

/// Reads counts by name; any entry that is not a count fails the whole.
pub fn counts_from_json(value: &Json) -> Option<SortedMap<String, usize>> {
    let entries = value.as_object()?.iter();
    entries
        .map(|(name, count)| Some((name.clone(), usize::try_from(count.as_i64()?).ok()?)))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_read_what_earlier_versions_wrote() {
        let text = r#"{"01-concepts":3,"09-scrapyd":5}"#;
        let counts = counts_from_json(&Json::parse(text).unwrap()).unwrap();
        assert_eq!(counts.get("09-scrapyd"), Some(&5));
        assert_eq!(counts_to_json(&counts).to_rust_compact(), text);
        for bad in [r#"{"a":-1}"#, r#"{"a":"1"}"#, "[]"] {
            assert_eq!(counts_from_json(&Json::parse(bad).unwrap()), None, "{bad}");
        }
    }
}
