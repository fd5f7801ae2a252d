//! Values the planner checks the way BuildKit's dependencies do: platforms
//! (containerd's `platforms.Parse`), image references (distribution's
//! `ParseNormalizedNamed`), stop signals (moby's `signal.ParseSignal`),
//! EXPOSE port specifications (BuildKit's `convert_expose.go`) and paths
//! (Go's `path.Clean`).

use crate::parser::go::quote;

/// An OS and CPU architecture, such as `linux/amd64` or `linux/arm/v7`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Platform {
    /// Operating system: `linux`, `windows`, ...
    pub os: String,
    /// Architecture, normalized: `amd64`, `arm64`, `arm`, `386`, ...
    pub architecture: String,
    /// Variant: `v7` for `arm/v7`; empty when none.
    pub variant: String,
}

impl Default for Platform {
    /// Returns `linux/amd64`, the host platform Porthole simulates.
    fn default() -> Self {
        Self {
            os: "linux".into(),
            architecture: "amd64".into(),
            variant: String::new(),
        }
    }
}

impl std::fmt::Display for Platform {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}/{}", self.os, self.architecture)?;
        if !self.variant.is_empty() {
            write!(f, "/{}", self.variant)?;
        }
        Ok(())
    }
}

const KNOWN_OS: [&str; 12] = [
    "aix",
    "android",
    "darwin",
    "dragonfly",
    "freebsd",
    "illumos",
    "ios",
    "linux",
    "netbsd",
    "openbsd",
    "solaris",
    "windows",
];

impl Platform {
    /// Parses a platform specifier as containerd's `platforms.Parse` does,
    /// normalizing architecture aliases (`x86_64` is `amd64`, `aarch64` is `arm64`).
    ///
    /// # Errors
    ///
    /// Returns containerd's message for an empty or malformed specifier.
    pub fn parse(specifier: &str) -> Result<Self, String> {
        let invalid = || {
            format!(
                "{}: unknown operating system or architecture: invalid argument",
                quote(specifier)
            )
        };
        let parts: Vec<&str> = specifier.split('/').collect();
        let valid = |part: &str| {
            !part.is_empty()
                && part
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b"_.-".contains(&b))
        };
        if let Some(bad) = parts.iter().find(|part| !valid(part)) {
            return Err(format!(
                "{} is an invalid component of {}: platform specifier component must match \"^[A-Za-z0-9_.-]+$\": invalid argument",
                quote(bad),
                quote(specifier)
            ));
        }
        let host = Platform::default();
        let (os, architecture, variant) = match parts.as_slice() {
            [one] if KNOWN_OS.contains(&one.to_lowercase().as_str()) => {
                (one.to_lowercase(), host.architecture, String::new())
            }
            [one] => ("linux".to_owned(), one.to_lowercase(), String::new()),
            [os, arch] => (os.to_lowercase(), arch.to_lowercase(), String::new()),
            [os, arch, variant] => (
                os.to_lowercase(),
                arch.to_lowercase(),
                variant.to_lowercase(),
            ),
            _ => return Err(invalid()),
        };
        let os = if os == "macos" {
            "darwin".to_owned()
        } else {
            os
        };
        let (architecture, variant) = normalize_architecture(&architecture, &variant);
        Ok(Self {
            os,
            architecture,
            variant,
        })
    }
}

fn normalize_architecture(arch: &str, variant: &str) -> (String, String) {
    let (arch, variant) = match (arch, variant) {
        ("i386", _) => ("386", ""),
        ("x86_64" | "x86-64" | "amd64", "v1") => ("amd64", ""),
        ("x86_64" | "x86-64", v) => ("amd64", v),
        ("aarch64" | "arm64", "8" | "v8") => ("arm64", ""),
        ("aarch64", v) => ("arm64", v),
        ("armhf", _) => ("arm", "v7"),
        ("armel", _) => ("arm", "v6"),
        ("arm", "") => ("arm", "v7"),
        ("arm", "5" | "6" | "7" | "8") => return ("arm".into(), format!("v{variant}")),
        (arch, v) => (arch, v),
    };
    (arch.to_owned(), variant.to_owned())
}

/// Returns whether `name` is an image reference that distribution's
/// `ParseNormalizedNamed` accepts: `[domain/]path[:tag][@digest]`, lowercase.
pub fn is_valid_reference(name: &str) -> bool {
    if name.is_empty() || name.len() > 4096 {
        return false;
    }
    let (rest, digest) = match name.split_once('@') {
        Some((rest, digest)) => (rest, Some(digest)),
        None => (name, None),
    };
    if digest.is_some_and(|digest| !valid_digest(digest)) {
        return false;
    }
    let last_slash = rest.rfind('/').map_or(0, |at| at + 1);
    let (path, tag) = match rest[last_slash..].rfind(':') {
        Some(at) => (&rest[..last_slash + at], Some(&rest[last_slash + at + 1..])),
        None => (rest, None),
    };
    if tag.is_some_and(|tag| !valid_tag(tag)) {
        return false;
    }
    valid_name(path)
}

fn valid_name(path: &str) -> bool {
    if path.is_empty() || path.len() > 255 {
        return false;
    }
    let mut components: Vec<&str> = path.split('/').collect();
    let first = components[0];
    let has_domain = components.len() > 1
        && (first.contains('.')
            || first.contains(':')
            || first == "localhost"
            || first.bytes().any(|b| b.is_ascii_uppercase()));
    if has_domain {
        if !valid_domain(first) {
            return false;
        }
        components.remove(0);
    }
    components
        .iter()
        .all(|component| valid_component(component))
}

fn valid_domain(domain: &str) -> bool {
    let (host, port) = match domain.rsplit_once(':') {
        Some((host, port)) if !host.ends_with(']') || domain.starts_with('[') => (host, Some(port)),
        _ => (domain, None),
    };
    if port.is_some_and(|port| port.is_empty() || !port.bytes().all(|b| b.is_ascii_digit())) {
        return false;
    }
    if host.starts_with('[') {
        return host.ends_with(']');
    }
    !host.is_empty()
        && host.split('.').all(|label| {
            !label.is_empty()
                && label
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b == b'-')
                && !label.starts_with('-')
                && !label.ends_with('-')
        })
}

/// `[a-z0-9]+(?:(?:[._]|__|[-]+)[a-z0-9]+)*`.
fn valid_component(component: &str) -> bool {
    let bytes = component.as_bytes();
    let alnum = |b: u8| b.is_ascii_lowercase() || b.is_ascii_digit();
    if bytes.is_empty() || !alnum(bytes[0]) || !alnum(bytes[bytes.len() - 1]) {
        return false;
    }
    let mut i = 0;
    while i < bytes.len() {
        if alnum(bytes[i]) {
            i += 1;
            continue;
        }
        let start = i;
        while i < bytes.len() && !alnum(bytes[i]) {
            i += 1;
        }
        let separator = &component[start..i];
        let ok = matches!(separator, "." | "_" | "__") || separator.bytes().all(|b| b == b'-');
        if !ok {
            return false;
        }
    }
    true
}

/// `[\w][\w.-]{0,127}`.
fn valid_tag(tag: &str) -> bool {
    let word = |b: u8| b.is_ascii_alphanumeric() || b == b'_';
    let bytes = tag.as_bytes();
    !bytes.is_empty()
        && bytes.len() <= 128
        && word(bytes[0])
        && bytes.iter().all(|&b| word(b) || b == b'.' || b == b'-')
}

fn valid_digest(digest: &str) -> bool {
    let Some((algorithm, hex)) = digest.split_once(':') else {
        return false;
    };
    !algorithm.is_empty()
        && algorithm
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b"+._-".contains(&b))
        && hex.len() >= 32
        && hex.bytes().all(|b| b.is_ascii_hexdigit())
}

const SIGNALS: [&str; 35] = [
    "ABRT", "ALRM", "BUS", "CHLD", "CLD", "CONT", "FPE", "HUP", "ILL", "INT", "IO", "IOT", "KILL",
    "PIPE", "POLL", "PROF", "PWR", "QUIT", "SEGV", "STKFLT", "STOP", "SYS", "TERM", "TRAP", "TSTP",
    "TTIN", "TTOU", "URG", "USR1", "USR2", "VTALRM", "WINCH", "XCPU", "XFSZ", "RTMIN",
];

/// Checks a stop signal as moby's `signal.ParseSignal` does on Linux: a
/// non-zero number, or a signal name with or without `SIG`.
///
/// # Errors
///
/// Returns `invalid signal: X`.
pub fn check_signal(signal: &str) -> Result<(), String> {
    let invalid = || format!("invalid signal: {signal}");
    if let Ok(number) = signal.parse::<i64>() {
        return if number == 0 { Err(invalid()) } else { Ok(()) };
    }
    let upper = signal.to_uppercase();
    let name = upper.strip_prefix("SIG").unwrap_or(&upper);
    let realtime = |prefix: &str, sign: char| {
        name.strip_prefix(prefix)
            .and_then(|rest| rest.strip_prefix(sign))
            .and_then(|n| n.parse::<u8>().ok())
            .is_some_and(|n| (1..=15).contains(&n) && !name.ends_with(&format!("{sign}0{n}")))
    };
    match SIGNALS.contains(&name)
        || name == "RTMAX"
        || realtime("RTMIN", '+')
        || realtime("RTMAX", '-')
    {
        true => Ok(()),
        false => Err(invalid()),
    }
}

/// The parts of an EXPOSE port, as BuildKit's `convert_expose.go` splits
/// `[ip:][host_port:]container_port[/protocol]`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PortSpec {
    /// The IP address before the host port, if any.
    pub ip: String,
    /// The host port or range, if any.
    pub host_port: String,
    /// The container port or range.
    pub container_port: String,
    /// The protocol as written, `tcp` when omitted.
    pub protocol: String,
}

/// Splits one EXPOSE value and checks its protocol, as the first steps of
/// BuildKit's `parsePort` (moby/buildkit at e269a8a3).
///
/// # Errors
///
/// Returns `invalid port: "X": no port specified` or `... invalid proto: P`.
pub fn parse_port(raw: &str) -> Result<PortSpec, String> {
    let parts: Vec<&str> = raw.split(':').collect();
    let n = parts.len();
    let (ip, host_port, container) = match n {
        1 => (String::new(), "", parts[0]),
        2 => (String::new(), parts[0], parts[1]),
        _ => (parts[..n - 2].join(":"), parts[n - 2], parts[n - 1]),
    };
    let (port, protocol) = container.split_once('/').unwrap_or((container, ""));
    if port.is_empty() {
        return Err(format!("invalid port: {}: no port specified", quote(raw)));
    }
    let protocol = match crate::parser::go::to_lower(protocol).as_str() {
        "" => "tcp".to_owned(),
        "tcp" | "udp" | "sctp" => protocol.to_owned(),
        _ => {
            return Err(format!(
                "invalid port: {}: invalid proto: {protocol}",
                quote(raw)
            ))
        }
    };
    Ok(PortSpec {
        ip,
        host_port: host_port.to_owned(),
        container_port: port.to_owned(),
        protocol,
    })
}

/// Validates the address and ports of a split EXPOSE value and returns the
/// exposed ports, `port/proto` with the protocol lowercased, as the rest of
/// BuildKit's `parsePort` does.
///
/// # Errors
///
/// Returns BuildKit's message for a bad IP address, a bad container or
/// host port or range, or ranges of different lengths.
pub fn exposed_ports(spec: &PortSpec) -> Result<Vec<String>, String> {
    check_ip(&spec.ip)?;
    let port = &spec.container_port;
    let (start, end) = port_range(port).ok_or_else(|| format!("invalid containerPort: {port}"))?;
    if !spec.host_port.is_empty() {
        let host = &spec.host_port;
        let (host_start, host_end) =
            port_range(host).ok_or_else(|| format!("invalid hostPort: {host}"))?;
        if end - start != host_end - host_start && end != start {
            return Err(format!(
                "invalid ranges specified for container and host Ports: {port} and {host}"
            ));
        }
    }
    let protocol = crate::parser::go::to_lower(&spec.protocol);
    Ok((start..=end).map(|p| format!("{p}/{protocol}")).collect())
}

/// Checks the IP address part: a bracketed address goes through Go's
/// `net.SplitHostPort` first, then the address must parse.
fn check_ip(ip: &str) -> Result<(), String> {
    if ip.is_empty() {
        return Ok(());
    }
    let address = match ip.starts_with('[') {
        true => split_bracketed(ip).map_err(|error| format!("invalid IP address {ip}: {error}"))?,
        false => ip,
    };
    match address.parse::<std::net::IpAddr>() {
        Ok(_) => Ok(()),
        Err(_) => Err(format!("invalid IP address: {address}")),
    }
}

/// Go's `net.SplitHostPort(ip + ":")` for an `ip` that starts with `[`:
/// returns the address between the brackets, or the error text.
fn split_bracketed(ip: &str) -> Result<&str, String> {
    let hostport = format!("{ip}:");
    let address_error = |what: &str| format!("address {hostport}: {what}");
    let Some(end) = hostport.find(']') else {
        return Err(address_error("missing ']' in address"));
    };
    let colon = hostport.len() - 1;
    if end + 1 != colon {
        return match hostport.as_bytes()[end + 1] {
            b':' => Err(address_error("too many colons in address")),
            _ => Err(address_error("missing port in address")),
        };
    }
    if hostport[1..].contains('[') {
        return Err(address_error("unexpected '[' in address"));
    }
    Ok(&ip[1..end])
}

/// Reads a port or a `start-end` range, each port 0 to 65535 as Go's
/// `strconv.ParseInt` reads it (a sign is allowed); `None` when invalid.
fn port_range(ports: &str) -> Option<(u32, u32)> {
    let number = |text: &str| {
        text.parse::<i64>()
            .ok()
            .filter(|port| (0..=65535).contains(port))
            .map(|port| port as u32)
    };
    let (start_text, end_text) = match ports.split_once('-') {
        Some((start, end)) => (start, Some(end)),
        None => (ports, None),
    };
    let start = number(start_text)?;
    let end = match end_text {
        None => return Some((start, start)),
        Some(end) if end == start_text => return Some((start, start)),
        Some(end) => number(end)?,
    };
    (end >= start).then_some((start, end))
}

/// Cleans a slash-separated path as Go's `path.Clean` does: one slash
/// between elements, no `.` elements, `..` resolved where it can be, and
/// `.` for an empty result.
pub fn clean_path(path: &str) -> String {
    let rooted = path.starts_with('/');
    let mut parts: Vec<&str> = Vec::new();
    for part in path.split('/') {
        match part {
            "" | "." => {}
            ".." if parts.last().is_some_and(|last| *last != "..") => {
                parts.pop();
            }
            ".." if rooted => {}
            _ => parts.push(part),
        }
    }
    let joined = parts.join("/");
    match (rooted, joined.is_empty()) {
        (true, _) => format!("/{joined}"),
        (false, true) => ".".to_owned(),
        (false, false) => joined,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn platforms_parse() {
        assert_eq!(
            Platform::parse("linux/amd64").unwrap().to_string(),
            "linux/amd64"
        );
        assert_eq!(
            Platform::parse("linux/arm64/v8").unwrap().to_string(),
            "linux/arm64"
        );
        assert_eq!(
            Platform::parse("linux/arm").unwrap().to_string(),
            "linux/arm/v7"
        );
        assert_eq!(
            Platform::parse("linux/x86_64").unwrap().architecture,
            "amd64"
        );
        assert!(Platform::parse("linux/$X").is_err());
    }

    #[test]
    fn references() {
        for valid in [
            "alpine",
            "alpine:3.20",
            "docker.io/library/alpine:latest",
            "localhost:5000/a/b",
            "scratch",
            "a__b",
            "a---b",
        ] {
            assert!(is_valid_reference(valid), "valid {valid:?}");
        }
        for invalid in [
            "",
            "Alpine",
            "alpine:",
            ":tag",
            "a/",
            "-a",
            "a@sha256:12",
            "a b",
        ] {
            assert!(!is_valid_reference(invalid), "invalid {invalid:?}");
        }
    }

    #[test]
    fn signals() {
        for valid in ["SIGTERM", "term", "9", "SIGRTMIN+3", "RTMAX-1"] {
            assert!(check_signal(valid).is_ok(), "valid {valid:?}");
        }
        assert_eq!(
            check_signal("SIGFOO").unwrap_err(),
            "invalid signal: SIGFOO"
        );
        assert_eq!(check_signal("0").unwrap_err(), "invalid signal: 0");
    }

    #[test]
    fn ports() {
        let exposed = |raw: &str| parse_port(raw).and_then(|spec| exposed_ports(&spec));
        let cases: [(&str, &[&str]); 5] = [
            ("80", &["80/tcp"]),
            ("8000-8002/UDP", &["8000/udp", "8001/udp", "8002/udp"]),
            ("+80", &["80/tcp"]),
            ("80-80", &["80/tcp"]),
            ("[::1]:80:80", &["80/tcp"]),
        ];
        for (raw, expected) in cases {
            assert_eq!(exposed(raw).unwrap(), expected, "port {raw:?}");
        }
        assert_eq!(parse_port("127.0.0.1:80:80").unwrap().ip, "127.0.0.1");
        let errors = [
            ("80/xyz", "invalid port: \"80/xyz\": invalid proto: xyz"),
            ("/tcp", "invalid port: \"/tcp\": no port specified"),
            ("abc", "invalid containerPort: abc"),
            ("80-", "invalid containerPort: 80-"),
            ("90-80", "invalid containerPort: 90-80"),
            ("70000", "invalid containerPort: 70000"),
            ("x:80", "invalid hostPort: x"),
            (
                "1-2:80-82",
                "invalid ranges specified for container and host Ports: 80-82 and 1-2",
            ),
            ("1.2.3:80:80", "invalid IP address: 1.2.3"),
            (
                "[::1:80:80",
                "invalid IP address [::1: address [::1:: missing ']' in address",
            ),
        ];
        for (raw, expected) in errors {
            assert_eq!(exposed(raw).unwrap_err(), expected, "port {raw:?}");
        }
    }

    #[test]
    fn paths_clean_like_go() {
        let cases = [
            ("", "."),
            ("/", "/"),
            ("a//b/./c/..", "a/b"),
            ("/../a", "/a"),
            ("../../a", "../../a"),
            ("/a/b/../../..", "/"),
            ("//x/", "/x"),
        ];
        for (path, expected) in cases {
            assert_eq!(clean_path(path), expected, "path {path:?}");
        }
    }
}
