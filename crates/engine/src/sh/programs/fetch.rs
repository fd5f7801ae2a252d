//! `curl` and `wget`. The simulation has no network: a download succeeds
//! and writes synthetic bytes whose size and identity come from the URL, so
//! the same URL always gives the same file, and the step notes that the
//! content is synthetic. Output to a pipe or the terminal is empty.
//!
//! Downloads go at 10 MB/s (an estimate). Without a network
//! (`RUN --network=none`) the host name does not resolve and both tools fail
//! as they do offline.

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

/// Writes the download, records the note and returns its size.
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
        "`{}`: no network; {path} contains {size} synthetic bytes",
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

/// The options of a `curl` command line that change what it does. Options
/// that only shape the request are skipped with their values.
#[derive(Default)]
struct CurlArgs {
    output: Option<String>,
    remote: bool,
    silent: bool,
    show_error: bool,
    create_dirs: bool,
    head: bool,
    urls: Vec<String>,
}

impl CurlArgs {
    /// Parses curl's arguments, short options bundled or not.
    fn parse(args: &[String]) -> CurlArgs {
        let mut parsed = CurlArgs::default();
        let mut index = 0;
        while index < args.len() {
            let arg = &args[index];
            index += 1;
            if let Some(long) = arg.strip_prefix("--") {
                parsed.long(long, args, &mut index);
            } else if let Some(letters) = arg.strip_prefix('-').filter(|l| !l.is_empty()) {
                parsed.short(letters, args, &mut index);
            } else {
                parsed.urls.push(arg.clone());
            }
        }
        parsed
    }

    /// Applies one `--name` option, moving `index` past its value.
    fn long(&mut self, name: &str, args: &[String], index: &mut usize) {
        match name {
            "output" => {
                self.output = args.get(*index).cloned();
                *index += 1;
            }
            "remote-name" => self.remote = true,
            "silent" => self.silent = true,
            "show-error" => self.show_error = true,
            "create-dirs" => self.create_dirs = true,
            "head" => self.head = true,
            "header" | "request" | "data" | "user" | "user-agent" | "retry" | "connect-timeout"
            | "max-time" | "write-out" | "cacert" | "proto" | "tlsv1.2" | "retry-delay"
            | "data-binary" | "form" => *index += 1,
            _ => {}
        }
    }

    /// Applies a bundle of single-letter options. A letter that takes a
    /// value ends the bundle, and takes the next argument if nothing follows.
    fn short(&mut self, letters: &str, args: &[String], index: &mut usize) {
        for (position, letter) in letters.char_indices() {
            let rest = &letters[position + 1..];
            match letter {
                'o' if rest.is_empty() => {
                    self.output = args.get(*index).cloned();
                    *index += 1;
                    return;
                }
                'o' => {
                    self.output = Some(rest.to_string());
                    return;
                }
                'O' => self.remote = true,
                's' => self.silent = true,
                'S' => self.show_error = true,
                'I' => self.head = true,
                'H' | 'X' | 'd' | 'u' | 'A' | 'w' | 'm' | 'e' | 'F' | 'T' | 'x' => {
                    if rest.is_empty() {
                        *index += 1;
                    }
                    return;
                }
                _ => {}
            }
        }
    }
}

/// Runs `curl`: prints or saves a synthetic download, or its headers.
pub(crate) fn curl(ctx: &mut Ctx) -> i32 {
    let args = ctx.args().to_vec();
    let CurlArgs {
        output,
        remote,
        silent,
        show_error,
        create_dirs,
        head,
        urls,
    } = CurlArgs::parse(&args);
    let Some(url) = urls.first().cloned() else {
        ctx.errln("curl: try 'curl --help' or 'curl --manual' for more information");
        return 2;
    };
    if !ctx.system.online() {
        ctx.advance(20);
        if !silent || show_error {
            ctx.errln(format!(
                "curl: (6) Could not resolve host: {}",
                host_of(&url)
            ));
        }
        return 6;
    }

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

/// The options of a `wget` command line that change what it does.
#[derive(Default)]
struct WgetArgs {
    output: Option<String>,
    quiet: bool,
    directory: Option<String>,
    urls: Vec<String>,
}

impl WgetArgs {
    /// Parses wget's arguments. Options that only shape the request are
    /// skipped with their values.
    fn parse(args: &[String]) -> WgetArgs {
        let mut parsed = WgetArgs::default();
        let mut index = 0;
        while index < args.len() {
            let arg = args[index].as_str();
            index += 1;
            let mut value = || {
                index += 1;
                args.get(index - 1).cloned()
            };
            match arg {
                "-O" | "--output-document" => parsed.output = value(),
                "-P" | "--directory-prefix" => parsed.directory = value(),
                "-q" | "--quiet" => parsed.quiet = true,
                "-qO-" => {
                    parsed.quiet = true;
                    parsed.output = Some("-".to_string());
                }
                "-qO" => {
                    parsed.quiet = true;
                    parsed.output = value();
                }
                "-U" | "--user-agent" | "-T" | "--timeout" | "-t" | "--tries" | "--header" => {
                    value();
                }
                _ => parsed.other(arg),
            }
        }
        parsed
    }

    /// Applies an argument with its value attached, or a URL.
    fn other(&mut self, arg: &str) {
        if let Some(path) = arg.strip_prefix("--output-document=") {
            self.output = Some(path.to_string());
        } else if let Some(path) = arg.strip_prefix("-O").filter(|p| !p.is_empty()) {
            self.output = Some(path.to_string());
        } else if !arg.starts_with('-') {
            self.urls.push(arg.to_string());
        }
    }
}

/// Runs `wget`: saves a synthetic download and prints its transfer report.
pub(crate) fn wget(ctx: &mut Ctx) -> i32 {
    let args = ctx.args().to_vec();
    let WgetArgs {
        output,
        quiet,
        directory,
        urls,
    } = WgetArgs::parse(&args);

    let Some(url) = urls.first().cloned() else {
        ctx.errln("wget: missing URL");
        return 1;
    };
    if !ctx.system.online() {
        return wget_offline(ctx, &url);
    }
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

/// Reports a host name that does not resolve, as BusyBox and GNU wget do.
fn wget_offline(ctx: &mut Ctx, url: &str) -> i32 {
    let host = host_of(url);
    ctx.advance(20);
    match ctx.flavor {
        Flavor::Busybox => {
            ctx.errln(format!("wget: bad address '{host}'"));
            1
        }
        Flavor::Gnu => {
            let now = ctx.system.now() + ctx.run.elapsed;
            let stamp = super::info::strftime("%Y-%m-%d %H:%M:%S", now);
            ctx.errln(format!("--{stamp}--  {url}"));
            ctx.errln(format!(
                "Resolving {host} ({host})... failed: Temporary failure in name resolution."
            ));
            ctx.errln(format!("wget: unable to resolve host address '{host}'"));
            4
        }
    }
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

    #[test]
    fn curl_option_parsing() {
        let parse = |line: &str| {
            let args: Vec<String> = line.split(' ').map(str::to_string).collect();
            CurlArgs::parse(&args)
        };

        let bundled = parse("-fsSLo /tmp/a https://example.com/a");
        assert_eq!(bundled.output.as_deref(), Some("/tmp/a"));
        assert!(bundled.silent);
        assert_eq!(bundled.urls, ["https://example.com/a"]);

        let attached = parse("-o/tmp/b -H Accept:x https://example.com/b");
        assert_eq!(attached.output.as_deref(), Some("/tmp/b"));
        assert_eq!(attached.urls, ["https://example.com/b"]);

        let long = parse("--header X:1 --output out --create-dirs -I https://example.com/c");
        assert_eq!(long.output.as_deref(), Some("out"));
        assert!(long.create_dirs);
        assert!(long.head);
        assert_eq!(long.urls, ["https://example.com/c"]);

        let remote = parse("-sO -XPOST https://example.com/d");
        assert!(remote.remote);
        assert_eq!(remote.urls, ["https://example.com/d"]);
    }

    #[test]
    fn wget_option_parsing() {
        let parse = |line: &str| {
            let args: Vec<String> = line.split(' ').map(str::to_string).collect();
            WgetArgs::parse(&args)
        };

        let piped = parse("-qO- https://example.com/a");
        assert!(piped.quiet);
        assert_eq!(piped.output.as_deref(), Some("-"));
        assert_eq!(piped.urls, ["https://example.com/a"]);

        let saved = parse("-qO /tmp/b --header X:1 https://example.com/b");
        assert_eq!(saved.output.as_deref(), Some("/tmp/b"));
        assert_eq!(saved.urls, ["https://example.com/b"]);

        let attached = parse("-O/tmp/c -P /d --output-document=/tmp/e https://example.com/c");
        assert_eq!(attached.output.as_deref(), Some("/tmp/e"));
        assert_eq!(attached.directory.as_deref(), Some("/d"));
        assert_eq!(attached.urls, ["https://example.com/c"]);
    }
}
