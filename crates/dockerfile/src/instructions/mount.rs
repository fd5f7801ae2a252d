//! `RUN --mount` values, as BuildKit's `instructions/commands_runmount.go`
//! reads them (moby/buildkit at e269a8a3).
//!
//! A value is one CSV record of `key=value` fields, and `ro`, `rw` and
//! `required` may stand alone. BuildKit parses a value twice. When the
//! instruction is read there is no expansion yet, so only `from` is checked,
//! and it may not use variables. When the stage runs, every value is
//! expanded and the whole mount is validated. Keys are case-insensitive. The
//! mount type defaults to `bind`, and bind, secret and ssh mounts are
//! read-only unless `rw` is given.

use super::suggest::{with_suggestion, Case, Order};
use super::values::{csv_fields, parse_bool, parse_uint32};
use crate::parser::go::{quote, to_lower};

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

/// The sharing mode of a cache mount between concurrent builds.
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
/// The keys BuildKit lists for suggestions, in its order.
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
        if to_lower(key) != "from" {
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
                let key = to_lower(key);
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
    match to_lower(field).as_str() {
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
            return Err(with_suggestion(
                message,
                key,
                &KEYS,
                Case::Sensitive,
                Order::Listed,
            ));
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
    MountType::from_name(&to_lower(value)).ok_or_else(|| {
        let message = format!("unsupported mount type {}", quote(value));
        with_suggestion(message, value, &MOUNT_TYPES, Case::Sensitive, Order::Sorted)
    })
}

fn sharing(value: &str) -> Result<Sharing, String> {
    match to_lower(value).as_str() {
        "shared" => Ok(Sharing::Shared),
        "private" => Ok(Sharing::Private),
        "locked" => Ok(Sharing::Locked),
        _ => {
            let message = format!("unsupported sharing value {}", quote(value));
            Err(with_suggestion(
                message,
                value,
                &SHARING,
                Case::Sensitive,
                Order::Sorted,
            ))
        }
    }
}

fn number(value: &str, base: u32, key: &str) -> Result<u32, String> {
    parse_uint32(value, base).ok_or_else(|| format!("invalid value {value} for {key}"))
}

/// Rejects the combinations BuildKit rejects once every field is read.
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

/// Parses a size such as `64m`, `1.5GiB` or `512 kb` in binary units, as
/// docker/go-units' `RAMInBytes` does. The number ends at the last digit,
/// dot or space. The suffix is `b`, or one of `k`, `m`, `g`, `t` and `p`
/// followed by nothing, `b` or `ib`, in any case.
fn ram_in_bytes(text: &str) -> Option<i64> {
    let separator = text.rfind(|c: char| c.is_ascii_digit() || c == '.' || c == ' ')?;
    let (number, suffix) = match text.as_bytes()[separator] {
        b' ' => (&text[..separator], &text[separator + 1..]),
        _ => (&text[..=separator], &text[separator + 1..]),
    };
    let size: f64 = number.parse().ok()?;
    if size < 0.0 || size.is_nan() {
        return None;
    }
    let scale = binary_suffix_scale(suffix)?;
    Some((size * scale) as i64)
}

/// Returns the multiplier of a go-units binary size suffix.
fn binary_suffix_scale(suffix: &str) -> Option<f64> {
    if suffix.is_empty() {
        return Some(1.0);
    }
    if suffix.len() > 3 {
        return None;
    }
    let suffix = to_lower(suffix);
    let mut chars = suffix.chars();
    let unit = chars.next()?;
    let rest = chars.as_str();
    if unit == 'b' {
        return rest.is_empty().then_some(1.0);
    }
    let power = match unit {
        'k' => 1,
        'm' => 2,
        'g' => 3,
        't' => 4,
        'p' => 5,
        _ => return None,
    };
    match rest {
        "" | "b" | "ib" => Some(1024.0_f64.powi(power)),
        _ => None,
    }
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
            (
                "target=/x,ti=1",
                "unexpected key 'ti' in 'ti=1' (did you mean id?)",
            ),
            (
                "type=secret,sharing=shared,id=a",
                "secret mount should not define sharing",
            ),
            (
                "type=cache,sharing=lockd",
                "unsupported sharing value \"lockd\" (did you mean locked?)",
            ),
            ("type=tmpfs,size=1 ki", "invalid value for size: 1 ki"),
            ("type=tmpfs,size=-1", "invalid value for size: -1"),
            ("type=tmpfs,size=1kbb", "invalid value for size: 1kbb"),
            ("a\"b", "failed to parse csv mounts: parse error on line 1, column 2: bare \" in non-quoted-field"),
            ("", "failed to parse csv mounts: EOF"),
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
        let sizes = [
            ("64m", 64 << 20),
            ("1.5KiB", 1536),
            ("512 kb", 512 << 10),
            ("1e3", 1000),
            ("7b", 7),
            ("2G", 2 << 30),
        ];
        for (size, bytes) in sizes {
            let tmpfs = parse(&format!("type=tmpfs,target=/t,size={size}")).unwrap();
            assert_eq!(tmpfs.size, Some(bytes), "size {size:?}");
        }
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
