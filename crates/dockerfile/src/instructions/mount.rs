//! `RUN --mount` values, as BuildKit's `commands_runmount.go` reads them.
//!
//! A value is one CSV record of `key=value` fields; `ro`, `rw` and
//! `required` may stand alone. Parsing happens twice, as in BuildKit: when
//! the instruction is read, without expansion, only `from` is checked (it
//! may not use variables); when the stage runs, every value is expanded and
//! the whole mount is validated. Keys are case-insensitive; the mount type
//! defaults to `bind`, and bind, secret and ssh mounts are read-only unless
//! `rw` says otherwise.

use super::suggest::{with_suggestion, Case};
use super::values::{csv_fields, parse_bool, parse_uint32};
use crate::parser::go::quote;

/// The kinds of mount.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MountType {
    /// A directory of the build context or of another stage or image.
    Bind,
    /// A directory kept between builds.
    Cache,
    /// An empty in-memory directory.
    Tmpfs,
    /// A secret file, or an environment variable with `env=`.
    Secret,
    /// The SSH agent socket.
    Ssh,
}

impl MountType {
    /// Returns the type as written in a mount value.
    pub fn as_str(self) -> &'static str {
        match self {
            MountType::Bind => "bind",
            MountType::Cache => "cache",
            MountType::Tmpfs => "tmpfs",
            MountType::Secret => "secret",
            MountType::Ssh => "ssh",
        }
    }

    fn from_name(name: &str) -> Option<Self> {
        Some(match name {
            "bind" => MountType::Bind,
            "cache" => MountType::Cache,
            "tmpfs" => MountType::Tmpfs,
            "secret" => MountType::Secret,
            "ssh" => MountType::Ssh,
            _ => return None,
        })
    }
}

/// How a cache mount is shared between concurrent builds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Sharing {
    /// Used by all writers at once (the default).
    Shared,
    /// A new cache for each concurrent writer.
    Private,
    /// One writer at a time.
    Locked,
}

/// One mount of a RUN instruction, after expansion.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Mount {
    /// The mount type.
    pub kind: MountType,
    /// Stage or image to take the source from (`from=`).
    pub from: Option<String>,
    /// Path in the source (`source=`, `src=`).
    pub source: Option<String>,
    /// Path in the container (`target=`, `dst=`, `destination=`).
    pub target: Option<String>,
    /// Whether the mount is read-only.
    pub read_only: bool,
    /// Cache or secret id (`id=`).
    pub id: Option<String>,
    /// Cache sharing mode.
    pub sharing: Option<Sharing>,
    /// Secret or ssh mounts: fail when the secret is missing.
    pub required: bool,
    /// File mode, octal.
    pub mode: Option<u32>,
    /// Owner user id.
    pub uid: Option<u32>,
    /// Owner group id.
    pub gid: Option<u32>,
    /// Tmpfs size in bytes.
    pub size: Option<i64>,
    /// Secret mounts: the environment variable that receives the secret.
    pub env: Option<String>,
}

/// Expands one mount value as the stage runs it.
pub type Expander<'a> = &'a mut dyn FnMut(&str) -> Result<String, String>;

const MOUNT_TYPES: [&str; 5] = ["bind", "cache", "tmpfs", "secret", "ssh"];
const SHARING: [&str; 3] = ["shared", "private", "locked"];
const KEYS: [&str; 19] = [
    "type",
    "from",
    "source",
    "target",
    "readonly",
    "id",
    "sharing",
    "required",
    "size",
    "mode",
    "uid",
    "gid",
    "src",
    "dst",
    "destination",
    "ro",
    "rw",
    "readwrite",
    "env",
];

/// Checks a mount value as the RUN instruction is read: only `from` is
/// looked at, and it may not contain `$` followed by anything.
///
/// # Errors
///
/// Returns BuildKit's message for a CSV error or a `from` with a variable.
pub fn check_unexpanded(value: &str) -> Result<Option<String>, String> {
    let fields = csv_fields(value).map_err(|e| format!("failed to parse csv mounts: {e}"))?;
    let mut from = None;
    for field in fields {
        let Some((key, value)) = field.split_once('=') else {
            continue;
        };
        if key.to_lowercase() != "from" {
            continue;
        }
        if value.find('$').is_some_and(|at| at + 1 < value.len()) {
            return Err(
                "'from' doesn't support variable expansion, define alias stage instead".into(),
            );
        }
        from = Some(value.to_owned());
    }
    Ok(from)
}

/// Parses a mount value, expanding each value with `expand`.
///
/// # Errors
///
/// Returns BuildKit's message for the first invalid field or combination.
pub fn parse_mount(value: &str, expand: Expander<'_>) -> Result<Mount, String> {
    let fields = csv_fields(value).map_err(|e| format!("failed to parse csv mounts: {e}"))?;
    let mut mount = Mount {
        kind: MountType::Bind,
        from: None,
        source: None,
        target: None,
        read_only: false,
        id: None,
        sharing: None,
        required: false,
        mode: None,
        uid: None,
        gid: None,
        size: None,
        env: None,
    };
    let mut read_only_set = false;
    for field in &fields {
        match field.split_once('=') {
            None => bare_field(&mut mount, field, &mut read_only_set)?,
            Some((key, raw)) => {
                let key = key.to_lowercase();
                let value = expand(raw)?;
                keyed_field(&mut mount, &key, &value, field, &mut read_only_set)?;
            }
        }
    }
    if !read_only_set {
        mount.read_only = !matches!(mount.kind, MountType::Cache | MountType::Tmpfs);
    }
    validate(&mount)?;
    Ok(mount)
}

fn bare_field(mount: &mut Mount, field: &str, read_only_set: &mut bool) -> Result<(), String> {
    match field.to_lowercase().as_str() {
        "readonly" | "ro" => {
            mount.read_only = true;
            *read_only_set = true;
        }
        "readwrite" | "rw" => {
            mount.read_only = false;
            *read_only_set = true;
        }
        "required" if secret_like(mount) => mount.required = true,
        "required" => return Err(unexpected_for_type("required", mount)),
        _ => return Err(format!("invalid field '{field}' must be a key=value pair")),
    }
    Ok(())
}

fn keyed_field(
    mount: &mut Mount,
    key: &str,
    value: &str,
    field: &str,
    read_only_set: &mut bool,
) -> Result<(), String> {
    let invalid = || format!("invalid value for {key}: {value}");
    match key {
        "type" => mount.kind = mount_type(value)?,
        "from" => mount.from = Some(value.to_owned()),
        "source" | "src" => mount.source = Some(value.to_owned()),
        "target" | "dst" | "destination" => mount.target = Some(value.to_owned()),
        "readonly" | "ro" => {
            mount.read_only = parse_bool(value).ok_or_else(invalid)?;
            *read_only_set = true;
        }
        "readwrite" | "rw" => {
            mount.read_only = !parse_bool(value).ok_or_else(invalid)?;
            *read_only_set = true;
        }
        "required" if secret_like(mount) => {
            mount.required = parse_bool(value).ok_or_else(invalid)?
        }
        "required" => return Err(unexpected_for_type(key, mount)),
        "size" if mount.kind == MountType::Tmpfs => {
            mount.size = Some(ram_in_bytes(value).ok_or_else(invalid)?)
        }
        "size" => return Err(unexpected_for_type(key, mount)),
        "id" => mount.id = Some(value.to_owned()),
        "sharing" => mount.sharing = Some(sharing(value)?),
        "mode" => mount.mode = Some(number(value, 8, "mode")?),
        "uid" => mount.uid = Some(number(value, 10, "uid")?),
        "gid" => mount.gid = Some(number(value, 10, "gid")?),
        "env" => mount.env = Some(value.to_owned()),
        _ => {
            let message = format!("unexpected key '{key}' in '{field}'");
            return Err(with_suggestion(message, key, &KEYS, Case::Sensitive));
        }
    }
    Ok(())
}

fn secret_like(mount: &Mount) -> bool {
    matches!(mount.kind, MountType::Secret | MountType::Ssh)
}

fn unexpected_for_type(key: &str, mount: &Mount) -> String {
    format!(
        "unexpected key '{key}' for mount type '{}'",
        mount.kind.as_str()
    )
}

fn mount_type(value: &str) -> Result<MountType, String> {
    MountType::from_name(&value.to_lowercase()).ok_or_else(|| {
        let message = format!("unsupported mount type {}", quote(value));
        with_suggestion(message, value, &MOUNT_TYPES, Case::Sensitive)
    })
}

fn sharing(value: &str) -> Result<Sharing, String> {
    match value.to_lowercase().as_str() {
        "shared" => Ok(Sharing::Shared),
        "private" => Ok(Sharing::Private),
        "locked" => Ok(Sharing::Locked),
        _ => {
            let message = format!("unsupported sharing value {}", quote(value));
            Err(with_suggestion(message, value, &SHARING, Case::Sensitive))
        }
    }
}

fn number(value: &str, base: u32, key: &str) -> Result<u32, String> {
    parse_uint32(value, base).ok_or_else(|| format!("invalid value {value} for {key}"))
}

/// The checks BuildKit makes once every field is read.
fn validate(mount: &Mount) -> Result<(), String> {
    let file_info = matches!(
        mount.kind,
        MountType::Secret | MountType::Ssh | MountType::Cache
    );
    let owners = [
        (mount.mode.is_some(), "mode"),
        (mount.uid.is_some(), "uid"),
        (mount.gid.is_some(), "gid"),
    ];
    for (set, what) in owners {
        if set && !file_info {
            return Err(format!(
                "{what} not allowed for {} type mounts",
                quote(mount.kind.as_str())
            ));
        }
    }
    if mount.kind == MountType::Secret {
        validate_secret(mount)?;
    }
    if mount.sharing.is_some() && mount.kind != MountType::Cache {
        return Err(format!(
            "invalid cache sharing set for {} mount",
            mount.kind.as_str()
        ));
    }
    Ok(())
}

fn validate_secret(mount: &Mount) -> Result<(), String> {
    if mount.from.is_some() {
        return Err("secret mount should not have a from".into());
    }
    if mount.sharing.is_some() {
        return Err("secret mount should not define sharing".into());
    }
    if mount.source.is_none() && mount.target.is_none() && mount.id.is_none() {
        return Err("invalid secret mount. one of source, target required".into());
    }
    if mount.source.is_some() && mount.id.is_some() {
        return Err("both source and id can't be set".into());
    }
    Ok(())
}

/// Parses a size such as `64m` or `1.5GiB` in binary units, as go-units'
/// `RAMInBytes` does.
fn ram_in_bytes(text: &str) -> Option<i64> {
    let number_len = text
        .find(|c: char| !(c.is_ascii_digit() || c == '.'))
        .unwrap_or(text.len());
    let number: f64 = text[..number_len].parse().ok()?;
    let unit = text[number_len..].trim_start_matches(' ').to_lowercase();
    let unit = unit.trim_end_matches('b').trim_end_matches('i');
    let scale: f64 = match unit {
        "" => 1.0,
        "k" => 1024.0,
        "m" => 1024.0 * 1024.0,
        "g" => 1024.0_f64.powi(3),
        "t" => 1024.0_f64.powi(4),
        "p" => 1024.0_f64.powi(5),
        _ => return None,
    };
    Some((number * scale) as i64)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(value: &str) -> Result<Mount, String> {
        parse_mount(value, &mut |word: &str| Ok(word.to_owned()))
    }

    #[test]
    fn mount_errors() {
        let cases = [
            ("type=foo", "unsupported mount type \"foo\""),
            (
                "type=cahce",
                "unsupported mount type \"cahce\" (did you mean cache?)",
            ),
            ("target=/x,foo=bar", "unexpected key 'foo' in 'foo=bar' (did you mean from?)"),
            ("target=/x,xyzzy=1", "unexpected key 'xyzzy' in 'xyzzy=1'"),
            (
                "target=/x,tagret=/y",
                "unexpected key 'tagret' in 'tagret=/y' (did you mean target?)",
            ),
            (
                "type=cache,sharing=bad",
                "unsupported sharing value \"bad\"",
            ),
            (
                "type=bind,sharing=shared",
                "invalid cache sharing set for bind mount",
            ),
            (
                "type=secret",
                "invalid secret mount. one of source, target required",
            ),
            (
                "type=secret,id=a,source=b",
                "both source and id can't be set",
            ),
            (
                "type=bind,mode=0700",
                "mode not allowed for \"bind\" type mounts",
            ),
            ("type=cache,uid=x", "invalid value x for uid"),
            (
                "type=bind,required",
                "unexpected key 'required' for mount type 'bind'",
            ),
            ("type=cache,ro=maybe", "invalid value for ro: maybe"),
            ("target", "invalid field 'target' must be a key=value pair"),
            (
                "type=cache,size=1m",
                "unexpected key 'size' for mount type 'cache'",
            ),
        ];
        for (value, expected) in cases {
            assert_eq!(parse(value).unwrap_err(), expected, "value {value:?}");
        }
    }

    #[test]
    fn mount_defaults() {
        let bind = parse("target=/src").unwrap();
        assert_eq!(bind.kind, MountType::Bind);
        assert!(bind.read_only);
        let cache = parse("type=cache,target=/root/.cache,sharing=LOCKED").unwrap();
        assert!(!cache.read_only);
        assert_eq!(cache.sharing, Some(Sharing::Locked));
        let tmpfs = parse("type=tmpfs,target=/t,size=64m").unwrap();
        assert_eq!(tmpfs.size, Some(64 << 20));
        assert_eq!(
            check_unexpanded("from=$X,target=/a").unwrap_err(),
            "'from' doesn't support variable expansion, define alias stage instead"
        );
        assert_eq!(
            check_unexpanded("from=a$,target=/a").unwrap(),
            Some("a$".to_owned())
        );
    }
}
