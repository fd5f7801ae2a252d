//! The environment that words are expanded against.
//!
//! BuildKit looks variables up through its `EnvGetter` interface. On Unix, names are
//! case-sensitive (`equal_env_unix.go` compares them with `==`), and `EnvsFromSlice`
//! builds the getter from `NAME=VALUE` entries in which a later entry for a name wins.

use std::collections::HashMap;

use shared_sort::SortedMap;

/// A source of variable values, BuildKit's `EnvGetter`.
pub trait Env {
    /// Returns the value of `name`, or `None` when the variable is unset. A variable
    /// that is set to the empty string returns `Some("")`.
    fn get(&self, name: &str) -> Option<&str>;
}

/// An ordered list of `NAME=VALUE` definitions in which later definitions win.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct EnvList {
    /// Names in definition order, repeated when a name is defined again.
    keys: Vec<String>,
    values: HashMap<String, String>,
}

impl EnvList {
    /// Creates an empty environment.
    pub fn new() -> Self {
        Self::default()
    }

    /// Builds an environment from `NAME=VALUE` entries, as BuildKit's `EnvsFromSlice`
    /// does: the name ends at the first `=`, and an entry without `=` sets its name to
    /// the empty string.
    pub fn from_entries<I>(entries: I) -> Self
    where
        I: IntoIterator,
        I::Item: AsRef<str>,
    {
        let mut env = Self::new();
        for entry in entries {
            env.push_entry(entry.as_ref());
        }
        env
    }

    /// Adds one `NAME=VALUE` entry.
    pub fn push_entry(&mut self, entry: &str) {
        let (name, value) = entry.split_once('=').unwrap_or((entry, ""));
        self.set(name, value);
    }

    /// Sets `name` to `value`, replacing an earlier value.
    pub fn set(&mut self, name: &str, value: &str) {
        self.keys.push(name.to_owned());
        self.values.insert(name.to_owned(), value.to_owned());
    }

    /// Returns the names in definition order, with repeats, as `EnvGetter.Keys` does.
    pub fn keys(&self) -> &[String] {
        &self.keys
    }
}

impl Env for EnvList {
    fn get(&self, name: &str) -> Option<&str> {
        self.values.get(name).map(String::as_str)
    }
}

impl Env for HashMap<String, String> {
    fn get(&self, name: &str) -> Option<&str> {
        HashMap::get(self, name).map(String::as_str)
    }
}

impl Env for SortedMap<String, String> {
    fn get(&self, name: &str) -> Option<&str> {
        SortedMap::get(self, name).map(String::as_str)
    }
}

impl<E: Env + ?Sized> Env for &E {
    fn get(&self, name: &str) -> Option<&str> {
        (**self).get(name)
    }
}
