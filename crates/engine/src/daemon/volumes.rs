//! Volumes of the `local` driver: named volumes (`docker volume create`,
//! `-v NAME:/path`) and anonymous ones (an image's `VOLUME`, `-v /path`),
//! with their mount points under `/var/lib/docker/volumes`.
//!
//! Names follow the local driver's rule `[a-zA-Z0-9][a-zA-Z0-9_.-]+`;
//! anonymous volumes get a random 64-hex name and the
//! `com.docker.volume.anonymous` label, as Docker 23 and later give them.

use shared_sort::SortedMap;

use crate::clock::Millis;

use super::ApiError;

/// The label Docker puts on anonymous volumes.
pub const ANONYMOUS_LABEL: &str = "com.docker.volume.anonymous";

/// A volume.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Volume {
    pub name: String,
    /// `local`.
    pub driver: String,
    pub created: Millis,
    /// `None` when the volume was created implicitly and has no labels
    /// (`docker volume inspect` then prints `null`).
    pub labels: Option<SortedMap<String, String>>,
    /// Driver options (`-o type=tmpfs`); `None` prints `null`.
    pub options: Option<SortedMap<String, String>>,
}

impl Volume {
    /// Returns where the local driver keeps the volume's files.
    pub fn mountpoint(&self) -> String {
        format!("/var/lib/docker/volumes/{}/_data", self.name)
    }

    /// Returns whether Docker generated the volume for one container.
    pub fn is_anonymous(&self) -> bool {
        self.labels
            .as_ref()
            .is_some_and(|labels| labels.contains_key(ANONYMOUS_LABEL))
    }
}

/// What a new volume is made with.
#[derive(Clone, Debug, Default)]
pub struct VolumeRequest {
    pub driver: String,
    pub labels: Option<SortedMap<String, String>>,
    pub options: Option<SortedMap<String, String>>,
}

/// The volumes of one daemon, by name.
#[derive(Clone, Debug, Default)]
pub struct VolumeStore {
    volumes: SortedMap<String, Volume>,
}

impl VolumeStore {
    /// Iterates over volumes by name.
    pub fn iter(&self) -> impl Iterator<Item = &Volume> {
        self.volumes.values()
    }

    /// Returns the volume with this name.
    pub fn get(&self, name: &str) -> Option<&Volume> {
        self.volumes.get(name)
    }

    /// Returns the volume with this name or the daemon's `no such volume` error.
    pub fn lookup(&self, name: &str) -> Result<&Volume, ApiError> {
        self.volumes
            .get(name)
            .ok_or_else(|| ApiError::new(404, format!("get {name}: no such volume")))
    }

    /// Creates a volume, or returns the existing one of that name as the
    /// daemon does; the flag says whether it is new.
    pub fn create(
        &mut self,
        name: &str,
        request: VolumeRequest,
        now: Millis,
    ) -> Result<(&Volume, bool), ApiError> {
        let driver = if request.driver.is_empty() {
            "local".to_string()
        } else {
            request.driver.clone()
        };
        if driver != "local" {
            return Err(ApiError::new(
                404,
                format!("create {name}: error looking up volume plugin {driver}: plugin \"{driver}\" not found"),
            ));
        }
        validate_name(name)?;
        let is_new = !self.volumes.contains_key(name);
        if is_new {
            let volume = Volume {
                name: name.to_string(),
                driver,
                created: now,
                labels: request.labels,
                options: request.options,
            };
            self.volumes.insert(name.to_string(), volume);
        }
        Ok((&self.volumes[name], is_new))
    }

    /// Creates an anonymous volume named `name` (64 hex characters).
    pub fn create_anonymous(&mut self, name: &str, now: Millis) -> &Volume {
        let labels = SortedMap::from([(ANONYMOUS_LABEL.to_string(), String::new())]);
        let volume = Volume {
            name: name.to_string(),
            driver: "local".to_string(),
            created: now,
            labels: Some(labels),
            options: None,
        };
        self.volumes.entry(name.to_string()).or_insert(volume)
    }

    /// Removes a volume that no container uses; `users` are the IDs of the
    /// containers that mount it.
    pub fn remove(&mut self, name: &str, users: &[String]) -> Result<Volume, ApiError> {
        if !self.volumes.contains_key(name) {
            return Err(ApiError::new(404, format!("get {name}: no such volume")));
        }
        if !users.is_empty() {
            return Err(ApiError::new(
                409,
                format!("remove {name}: volume is in use - [{}]", users.join(", ")),
            ));
        }
        self.volumes
            .remove(name)
            .ok_or_else(|| ApiError::new(404, format!("get {name}: no such volume")))
    }
}

/// Checks a volume name as the local driver does.
pub fn validate_name(name: &str) -> Result<(), ApiError> {
    let mut chars = name.chars();
    let first_ok = chars.next().is_some_and(|c| c.is_ascii_alphanumeric());
    let rest_ok =
        name.len() >= 2 && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '.' | '-'));
    if first_ok && rest_ok {
        return Ok(());
    }
    Err(ApiError::new(
        400,
        format!(
            "create {name}: \"{name}\" includes invalid characters for a local volume name, only \"[a-zA-Z0-9][a-zA-Z0-9_.-]\" are allowed. If you intended to pass a host directory, use absolute path"
        ),
    ))
}

/// Compares names as docker/cli's `sortorder.NaturalLess` does: runs of
/// digits compare by value, everything else byte by byte.
pub fn natural_less(a: &str, b: &str) -> bool {
    natural_cmp(a, b) == std::cmp::Ordering::Less
}

/// Orders names naturally (`vol2` before `vol10`).
pub fn natural_cmp(a: &str, b: &str) -> std::cmp::Ordering {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    let (mut i, mut j) = (0, 0);
    while i < a.len() && j < b.len() {
        if a[i].is_ascii_digit() && b[j].is_ascii_digit() {
            let start_a = i;
            while i < a.len() && a[i].is_ascii_digit() {
                i += 1;
            }
            let start_b = j;
            while j < b.len() && b[j].is_ascii_digit() {
                j += 1;
            }
            let digits_a = trim_zeros(&a[start_a..i]);
            let digits_b = trim_zeros(&b[start_b..j]);
            let order = digits_a
                .len()
                .cmp(&digits_b.len())
                .then_with(|| digits_a.cmp(digits_b));
            if order != std::cmp::Ordering::Equal {
                return order;
            }
            continue;
        }
        if a[i] != b[j] {
            return a[i].cmp(&b[j]);
        }
        i += 1;
        j += 1;
    }
    (a.len() - i).cmp(&(b.len() - j))
}

fn trim_zeros(digits: &[u8]) -> &[u8] {
    let start = digits
        .iter()
        .position(|digit| *digit != b'0')
        .unwrap_or(digits.len());
    &digits[start..]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn volume_names_validate() {
        assert!(validate_name("data").is_ok());
        assert!(validate_name("my_vol.2-x").is_ok());
        assert!(validate_name("a").is_err());
        assert_eq!(
            validate_name("vol!").unwrap_err().message,
            "create vol!: \"vol!\" includes invalid characters for a local volume name, only \"[a-zA-Z0-9][a-zA-Z0-9_.-]\" are allowed. If you intended to pass a host directory, use absolute path"
        );
    }

    #[test]
    fn create_returns_existing_volume() {
        let mut store = VolumeStore::default();
        let (_, new) = store.create("data", VolumeRequest::default(), 1).unwrap();
        assert!(new);
        let (volume, new) = store.create("data", VolumeRequest::default(), 2).unwrap();
        assert!(!new);
        assert_eq!(volume.created, 1);
        assert_eq!(volume.mountpoint(), "/var/lib/docker/volumes/data/_data");
    }

    #[test]
    fn remove_reports_users() {
        let mut store = VolumeStore::default();
        store.create("data", VolumeRequest::default(), 1).unwrap();
        let error = store.remove("data", &["abc".to_string()]).unwrap_err();
        assert_eq!(error.message, "remove data: volume is in use - [abc]");
        assert_eq!(
            store.remove("nope", &[]).unwrap_err().message,
            "get nope: no such volume"
        );
        assert!(store.remove("data", &[]).is_ok());
    }

    #[test]
    fn anonymous_volumes_carry_the_label() {
        let mut store = VolumeStore::default();
        let volume = store.create_anonymous(&"a".repeat(64), 1);
        assert!(volume.is_anonymous());
    }

    #[test]
    fn natural_order_compares_numbers_by_value() {
        let mut names = vec!["vol10", "vol2", "vol1", "alpha", "vol02b"];
        names.sort_by(|a, b| natural_cmp(a, b));
        assert_eq!(names, ["alpha", "vol1", "vol2", "vol02b", "vol10"]);
        assert!(natural_less("a9", "a10"));
    }
}
