//! `curl` and `wget`. The simulation has no network: a download succeeds
//! and writes synthetic bytes whose size and identity come from the URL, so
//! the same URL always gives the same file, and the step notes that the
//! content is synthetic. Output to a pipe or the terminal is empty.
//!
//! Downloads go at 10 MB/s (an estimate).

use crate::fs::{mix_seed, Content, Owner, Recursion};
use crate::sh::ctx::{Ctx, Flavor};

/// Download speed in bytes per millisecond.
const BYTES_PER_MILLI: u64 = 10_000;

/// Returns the synthetic size of the file at `url`, from a hash of the URL:
/// 1 to 65 KiB for scripts, keys and text, 40 KiB to about 24 MiB otherwise.
fn synthetic_size(url: &str) -> u64 {
    let hash = mix_seed(0xd0, url.as_bytes());
    let name = remote_name(url);
    let small = [
        ".sh", ".py", ".txt", ".json", ".yaml", ".yml", ".asc", ".gpg", ".key", ".pem", ".conf",
        ".html", ".js",
    ];
    match small.iter().any(|suffix| name.ends_with(suffix)) {
        true => 1024 + hash % (64 << 10),
        false => 40 * 1024 + hash % (24 << 20),
    }
}

fn remote_name(url: &str) -> String {
    let without_query = url.split(['?', '#']).next().unwrap_or(url);
    let after_scheme = without_query
        .split_once("://")
        .map_or(without_query, |(_, rest)| rest);
    let path = after_scheme.split_once('/').map_or("", |(_, path)| path);
    match path.rsplit('/').next().unwrap_or_default() {
        "" => "index.html".to_string(),
        name => name.to_string(),
    }
}

fn host_of(url: &str) -> String {
    let rest = url.split_once("://").map_or(url, |(_, rest)| rest);
    rest.split(['/', ':', '?'])
        .next()
        .unwrap_or(rest)
        .to_string()
}

/// Writes the download and records the note; returns its size.
fn save(ctx: &mut Ctx, url: &str, path: &str) -> Result<u64, String> {
    let size = synthetic_size(url);
    let absolute = ctx.absolute(path);
    if !ctx.may_write(&absolute) {
        return Err("Permission denied".to_string());
    }
    ctx.fs
        .write(
            &absolute,
            Content::Synthetic {
                size,
                seed: mix_seed(0xd1, url.as_bytes()),
            },
        )
        .map_err(|error| error.kind.to_string())?;
    let identity = ctx.identity();
    if identity.uid != 0 {
        let owner = Owner {
            uid: Some(identity.uid),
            gid: Some(identity.gid),
        };
        let _ = ctx.fs.chown(&absolute, owner, Recursion::Single);
    }
    ctx.advance(200 + size / BYTES_PER_MILLI);
    let note = format!(
        "`{}`: no network; {path} holds {size} synthetic bytes",
        ctx.command_text()
    );
    ctx.run.not_simulated(note);
    Ok(size)
}

/// Notes a download whose content would be printed or piped.
fn stream(ctx: &mut Ctx, url: &str) {
    ctx.advance(200 + synthetic_size(url) / BYTES_PER_MILLI);
    let what = match ctx.piped {
        true => "no network; the downloaded content is synthetic, so the command reading it gets nothing",
        false => "no network; the downloaded content is synthetic and not shown",
    };
    ctx.not_simulated(what);
}

/// Formats a size in curl's five columns: `12345`, `1234k`, `12.3M`.
fn curl_size(bytes: u64) -> String {
    const K: u64 = 1024;
    if bytes < 100_000 {
        format!("{bytes:>5}")
    } else if bytes < 10_000 * K {
        format!("{:>4}k", bytes / K)
    } else if bytes < 100 * K * K {
        format!("{:>2}.{}M", bytes / (K * K), bytes % (K * K) * 10 / (K * K))
    } else {
        format!("{:>4}M", bytes / (K * K))
    }
}

fn curl_time(millis: u64) -> String {
    let seconds = millis.div_ceil(1000);
    format!(
        "{}:{:02}:{:02}",
        seconds / 3600,
        seconds / 60 % 60,
        seconds % 60
    )
}

fn curl_meter(ctx: &mut Ctx, size: u64) {
    let millis = 200 + size / BYTES_PER_MILLI;
    let speed = size * 1000 / millis.max(1);
    ctx.errln("  % Total    % Received % Xferd  Average Speed   Time    Time     Time  Current");
    ctx.errln("                                 Dload  Upload   Total   Spent    Left  Speed");
    ctx.errln(format!(
        "100 {}  100 {}    0     0  {}      0  {}  {} --:--:-- {}",
        curl_size(size),
        curl_size(size),
        curl_size(speed),
        curl_time(millis),
        curl_time(millis),
        curl_size(speed)
    ));
}

pub(crate) fn curl(ctx: &mut Ctx) -> i32 {
    let args = ctx.args().to_vec();
    let mut output: Option<String> = None;
    let mut remote = false;
    let mut silent = false;
    let mut create_dirs = false;
    let mut head = false;
    let mut urls = Vec::new();
    let mut index = 0;
    while index < args.len() {
        let arg = &args[index];
        index += 1;
        if let Some(long) = arg.strip_prefix("--") {
            match long {
                "output" => {
                    output = args.get(index).cloned();
                    index += 1;
                }
                "remote-name" => remote = true,
                "silent" => silent = true,
                "show-error" => {}
                "create-dirs" => create_dirs = true,
                "head" => head = true,
                "header" | "request" | "data" | "user" | "user-agent" | "retry"
                | "connect-timeout" | "max-time" | "write-out" | "cacert" | "proto" | "tlsv1.2"
                | "retry-delay" | "data-binary" | "form" => index += 1,
                _ => {}
            }
            continue;
        }
        let Some(letters) = arg.strip_prefix('-').filter(|l| !l.is_empty()) else {
            urls.push(arg.clone());
            continue;
        };
        for (position, letter) in letters.char_indices() {
            match letter {
                'o' => {
                    let rest = &letters[position + 1..];
                    output = if rest.is_empty() {
                        index += 1;
                        args.get(index - 1).cloned()
                    } else {
                        Some(rest.to_string())
                    };
                    break;
                }
                'O' => remote = true,
                's' => silent = true,
                'I' => head = true,
                'H' | 'X' | 'd' | 'u' | 'A' | 'w' | 'm' | 'e' | 'F' | 'T' | 'x' => {
                    if position + 1 == letters.len() {
                        index += 1;
                    }
                    break;
                }
                _ => {}
            }
        }
    }
    let Some(url) = urls.first().cloned() else {
        ctx.errln("curl: try 'curl --help' or 'curl --manual' for more information");
        return 2;
    };
    if head {
        let size = synthetic_size(&url);
        ctx.out(format!("HTTP/2 200 \r\ncontent-type: application/octet-stream\r\ncontent-length: {size}\r\n\r\n"));
        ctx.not_simulated("no network; the response headers are synthetic");
        return 0;
    }
    let target = output.or_else(|| remote.then(|| remote_name(&url)));
    let Some(target) = target else {
        stream(ctx, &url);
        return 0;
    };
    if target == "-" {
        stream(ctx, &url);
        return 0;
    }
    if create_dirs {
        if let Some((parent, _)) = ctx.absolute(&target).rsplit_once('/') {
            let _ = ctx
                .fs
                .mkdir_all(if parent.is_empty() { "/" } else { parent });
        }
    }
    match save(ctx, &url, &target) {
        Ok(size) => {
            if !silent {
                curl_meter(ctx, size);
            }
            0
        }
        Err(error) => {
            ctx.errln(format!(
                "Warning: Failed to open the file {target}: {error}"
            ));
            ctx.errln("curl: (23) Failure writing output to destination");
            23
        }
    }
}

pub(crate) fn wget(ctx: &mut Ctx) -> i32 {
    let args = ctx.args().to_vec();
    let mut output: Option<String> = None;
    let mut quiet = false;
    let mut directory: Option<String> = None;
    let mut urls = Vec::new();
    let mut index = 0;
    while index < args.len() {
        let arg = &args[index];
        index += 1;
        match arg.as_str() {
            "-O" | "--output-document" => {
                output = args.get(index).cloned();
                index += 1;
            }
            "-P" | "--directory-prefix" => {
                directory = args.get(index).cloned();
                index += 1;
            }
            "-q" | "--quiet" => quiet = true,
            "-qO" | "-qO-" => {
                quiet = true;
                output = if arg == "-qO-" {
                    Some("-".to_string())
                } else {
                    index += 1;
                    args.get(index - 1).cloned()
                };
            }
            "-U" | "--user-agent" | "-T" | "--timeout" | "-t" | "--tries" | "--header" => {
                index += 1
            }
            text if text.starts_with("-O") && text.len() > 2 => {
                output = Some(text[2..].to_string())
            }
            text if text.starts_with("--output-document=") => {
                output = Some(text["--output-document=".len()..].to_string())
            }
            text if text.starts_with('-') => {}
            text => urls.push(text.to_string()),
        }
    }
    let Some(url) = urls.first().cloned() else {
        ctx.errln("wget: missing URL");
        return 1;
    };
    let target = output.unwrap_or_else(|| {
        let name = remote_name(&url);
        match &directory {
            Some(directory) => format!("{}/{name}", directory.trim_end_matches('/')),
            None => name,
        }
    });
    if target == "-" {
        stream(ctx, &url);
        return 0;
    }
    let size = match save(ctx, &url, &target) {
        Ok(size) => size,
        Err(error) => {
            ctx.errln(format!("{target}: {error}"));
            return 3;
        }
    };
    if !quiet {
        wget_report(ctx, &url, &target, size);
    }
    0
}

/// Prints the transfer report; addresses come from the documentation range
/// 203.0.113.0/24 because nothing was resolved.
fn wget_report(ctx: &mut Ctx, url: &str, target: &str, size: u64) {
    let host = host_of(url);
    let address = format!("203.0.113.{}", mix_seed(0xd2, host.as_bytes()) % 254 + 1);
    let port = if url.starts_with("http://") { 80 } else { 443 };
    let now = ctx.system.now() + ctx.run.elapsed;
    let stamp = super::info::strftime("%Y-%m-%d %H:%M:%S", now);
    match ctx.flavor {
        Flavor::Busybox => {
            ctx.errln(format!("Connecting to {host} ({address}:{port})"));
            ctx.errln(format!("saving to '{target}'"));
            let name = target.rsplit('/').next().unwrap_or(target);
            ctx.errln(format!(
                "{name:<20} 100% |********************************| {:>5}  0:00:00 ETA",
                super::ls::human(size, Flavor::Busybox)
            ));
            ctx.errln(format!("'{target}' saved"));
        }
        Flavor::Gnu => {
            let millis = 200 + size / BYTES_PER_MILLI;
            let rate = size as f64 / (millis as f64 / 1000.0) / 1_000_000.0;
            ctx.errln(format!("--{stamp}--  {url}"));
            ctx.errln(format!("Resolving {host} ({host})... {address}"));
            ctx.errln(format!(
                "Connecting to {host} ({host})|{address}|:{port}... connected."
            ));
            ctx.errln("HTTP request sent, awaiting response... 200 OK");
            ctx.errln(format!(
                "Length: {size} ({}) [application/octet-stream]",
                super::ls::human(size, Flavor::Gnu)
            ));
            ctx.errln(format!("Saving to: '{target}'"));
            ctx.errln("");
            ctx.errln("");
            ctx.errln(format!(
                "{stamp} ({rate:.1} MB/s) - '{target}' saved [{size}/{size}]"
            ));
            ctx.errln("");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_and_sizes() {
        assert_eq!(
            remote_name("https://example.com/a/file.tar.gz?x=1"),
            "file.tar.gz"
        );
        assert_eq!(remote_name("https://example.com/"), "index.html");
        assert_eq!(
            host_of("https://nodejs.org/dist/v22/x.tar.xz"),
            "nodejs.org"
        );
        assert_eq!(curl_size(12_345), "12345");
        assert_eq!(curl_size(1_234_567), "1205k");
        assert_eq!(curl_size(12_900_000), "12.3M");
        let size = synthetic_size("https://example.com/x");
        assert!((40 * 1024..25 << 20).contains(&size));
        assert!(synthetic_size("https://example.com/get.sh") < 66 << 10);
        assert_eq!(size, synthetic_size("https://example.com/x"));
    }
}
