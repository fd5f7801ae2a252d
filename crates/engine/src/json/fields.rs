//! Reads an object's fields by name, for the hand-written conversions from
//! [`Json`] to Rust types. A missing field takes its default or is
//! reported, and a `null` counts as missing. A strict reader rejects
//! unknown field names.

use shared_sort::SortedMap;

use super::Json;

/// The fields of one JSON object.
#[derive(Clone, Copy, Debug)]
pub struct Fields<'a> {
    fields: &'a [(String, Json)],
}

impl<'a> Fields<'a> {
    /// Reads `value` as an object whose field names are all in `known`.
    pub fn strict(value: &'a Json, known: &[&str]) -> Result<Fields<'a>, String> {
        let reader = Fields::loose(value)?;
        match reader
            .fields
            .iter()
            .find(|(key, _)| !known.contains(&key.as_str()))
        {
            Some((key, _)) => Err(format!("unknown field `{key}`")),
            None => Ok(reader),
        }
    }

    /// Reads `value` as an object, ignoring fields that are not asked for.
    pub fn loose(value: &'a Json) -> Result<Fields<'a>, String> {
        match value {
            Json::Object(fields) => Ok(Fields { fields }),
            _ => Err("expected an object".to_string()),
        }
    }

    /// Returns the fields in order.
    pub fn all(&self) -> &'a [(String, Json)] {
        self.fields
    }

    /// Returns the field `key` unless it is missing or `null`.
    pub fn get(&self, key: &str) -> Option<&'a Json> {
        self.fields
            .iter()
            .find(|(name, _)| name == key)
            .map(|(_, value)| value)
            .filter(|value| **value != Json::Null)
    }

    /// Returns the field `key`, which must be present.
    pub fn required(&self, key: &str) -> Result<&'a Json, String> {
        self.get(key)
            .ok_or_else(|| format!("missing field `{key}`"))
    }

    /// Reads the field `key` with `read` when present.
    pub fn optional<T>(
        &self,
        key: &str,
        read: impl FnOnce(&'a Json) -> Option<T>,
    ) -> Result<Option<T>, String> {
        self.get(key)
            .map(|value| read(value).ok_or_else(|| invalid(key)))
            .transpose()
    }

    /// Reads the required array field `key`.
    pub fn array(&self, key: &str) -> Result<&'a [Json], String> {
        let value = self.required(key)?;
        value.as_array().ok_or_else(|| invalid(key))
    }

    /// Reads the required string field `key`.
    pub fn string(&self, key: &str) -> Result<String, String> {
        let value = self.required(key)?;
        value
            .as_str()
            .map(str::to_string)
            .ok_or_else(|| invalid(key))
    }

    /// Reads the string field `key`, if present.
    pub fn opt_string(&self, key: &str) -> Result<Option<String>, String> {
        self.optional(key, |value| value.as_str().map(str::to_string))
    }

    /// Reads the string field `key`, empty when missing.
    pub fn string_or_empty(&self, key: &str) -> Result<String, String> {
        Ok(self.opt_string(key)?.unwrap_or_default())
    }

    /// Reads the array of strings `key`, empty when missing.
    pub fn strings(&self, key: &str) -> Result<Vec<String>, String> {
        Ok(self.optional(key, strings)?.unwrap_or_default())
    }

    /// Reads the boolean field `key`, false when missing.
    pub fn flag(&self, key: &str) -> Result<bool, String> {
        Ok(self.optional(key, Json::as_bool)?.unwrap_or_default())
    }

    /// Reads the integer field `key`, zero when missing.
    pub fn int_or_zero(&self, key: &str) -> Result<i64, String> {
        Ok(self.optional(key, Json::as_i64)?.unwrap_or_default())
    }

    /// Reads the required non-negative integer field `key`.
    pub fn unsigned(&self, key: &str) -> Result<u64, String> {
        let value = self.required(key)?;
        unsigned(value).ok_or_else(|| invalid(key))
    }
}

/// Reads an array of strings.
pub fn strings(value: &Json) -> Option<Vec<String>> {
    value
        .as_array()?
        .iter()
        .map(|item| item.as_str().map(str::to_string))
        .collect()
}

/// Reads an object of strings, such as a Go `map[string]string`.
pub fn string_map(value: &Json) -> Option<SortedMap<String, String>> {
    value
        .as_object()?
        .iter()
        .map(|(key, value)| Some((key.clone(), value.as_str()?.to_string())))
        .collect()
}

/// Reads a non-negative integer.
pub fn unsigned(value: &Json) -> Option<u64> {
    value.as_i64().and_then(|value| u64::try_from(value).ok())
}

fn invalid(key: &str) -> String {
    format!("invalid type for field `{key}`")
}
