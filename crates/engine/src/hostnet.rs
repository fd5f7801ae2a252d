//! The hosts' network as the host shell sees it: `curl` to a port a
//! container publishes, and `scp` between hosts.
//!
//! `curl http://HOST:PORT/PATH` finds the running container that publishes
//! PORT on HOST (`localhost` is the shell's own host) and responds as the
//! program in it does. Scrapyd 1.5 returns its web console (`/`) and its
//! JSON API (`daemonstatus.json`, `listprojects.json`, `listspiders.json`,
//! `listjobs.json`) as its `website.py` and `webservice.py` do; a
//! `registry:2` container serves `/v2/` and `/v2/_catalog`. A port no
//! container publishes refuses the connection with curl's error 7.

use crate::cx::Cx;
use crate::daemon::containers::Container;
use crate::events::{Message, Node};
use crate::fs::{Content, FileType};
use crate::world::World;

/// Runs `curl [-s] [-i] URL` and returns curl's exit status.
pub fn curl(world: &mut World, cx: &mut Cx, args: &[String]) -> i32 {
    let include = args.iter().any(|arg| arg == "-i" || arg == "--include");
    let Some(url) = args.iter().find(|arg| !arg.starts_with('-')) else {
        cx.out
            .errln("curl: try 'curl --help' or 'curl --manual' for more information");
        return 2;
    };
    let Some((host_name, port, path)) = split_url(url) else {
        cx.out.errln("curl: (3) URL rejected: Bad hostname");
        return 3;
    };
    let loopback = host_name == "localhost" || host_name.starts_with("127.");
    let host = if loopback {
        world.client.host.clone()
    } else {
        host_name.to_string()
    };
    if !world.hosts.contains_key(&host) {
        cx.out
            .errln(format!("curl: (6) Could not resolve host: {host_name}"));
        return 6;
    }
    let from = Node::Client {
        host: world.client.host.clone(),
    };
    let to = Node::Daemon { host: host.clone() };
    let container = world.hosts[&host]
        .daemon
        .containers
        .iter()
        .find(|container| {
            container.state.is_running()
                && container
                    .ports
                    .iter()
                    .any(|allocation| allocation.host_port == port)
        })
        .cloned();
    let Some(container) = container else {
        record(
            cx,
            from,
            to,
            &format!("http://{host_name}:{port}{path}"),
            0,
            None,
        );
        cx.out.errln(format!("curl: (7) Failed to connect to {host_name} port {port} after 0 ms: Couldn't connect to server"));
        return 7;
    };
    let registries: Vec<String> = registry_repositories(world, &container);
    let response = respond(&container, &path, &registries);
    cx.advance(15);
    record(
        cx,
        from,
        to,
        &format!("http://{host_name}:{port}{path}"),
        response.status,
        Some(&container.id[..12]),
    );
    if include {
        cx.out.out(format!(
            "HTTP/1.1 {} {}\r\nContent-Type: {}\r\nContent-Length: {}\r\n\r\n",
            response.status,
            reason(response.status),
            response.content_type,
            response.body.len()
        ));
    }
    cx.out.out(response.body);
    0
}

/// Records the request, from the shell's host to the container behind the
/// port (through the host's port forwarding, drawn at its daemon).
fn record(cx: &mut Cx, from: Node, to: Node, url: &str, status: u16, container: Option<&str>) {
    let to = match (container, &to) {
        (Some(container), Node::Daemon { host }) => Node::Shim {
            host: host.clone(),
            container: container.to_string(),
        },
        _ => to,
    };
    cx.message(Message {
        from,
        to,
        method: "GET".to_string(),
        path: url.to_string(),
        query: String::new(),
        status,
        request: None,
        response: None,
    });
}

/// Splits `http://HOST[:PORT][/PATH]`; the port defaults to 80.
fn split_url(url: &str) -> Option<(&str, u16, String)> {
    let rest = url.strip_prefix("http://").unwrap_or(url);
    let (authority, path) = match rest.find('/') {
        Some(index) => (&rest[..index], rest[index..].to_string()),
        None => (rest, "/".to_string()),
    };
    let (host, port) = match authority.rsplit_once(':') {
        Some((host, port)) => (host, port.parse().ok()?),
        None => (authority, 80),
    };
    if host.is_empty() {
        return None;
    }
    Some((host, port, path))
}

/// An HTTP response.
struct Response {
    status: u16,
    content_type: &'static str,
    body: String,
}

fn reason(status: u16) -> &'static str {
    match status {
        200 => "OK",
        404 => "Not Found",
        _ => "",
    }
}

/// Returns the repositories of the registry a container serves.
fn registry_repositories(world: &World, container: &Container) -> Vec<String> {
    world
        .registries
        .iter()
        .find(|registry| registry.container.as_deref() == Some(container.id.as_str()))
        .map(|registry| {
            registry
                .registry
                .local_repositories()
                .map(str::to_string)
                .collect()
        })
        .unwrap_or_default()
}

/// Builds the response the container's program sends.
fn respond(container: &Container, path: &str, repositories: &[String]) -> Response {
    let program = std::iter::once(container.path.as_str())
        .chain(container.args.iter().map(String::as_str))
        .collect::<Vec<_>>()
        .join(" ");
    if program.contains("scrapyd") {
        return scrapyd(container, path);
    }
    if program.contains("registry") {
        return registry(path, repositories);
    }
    // FIXME: only Scrapyd and the registry serve HTTP; other programs
    // return this empty page.
    Response {
        status: 200,
        content_type: "text/html",
        body: String::new(),
    }
}

/// Builds Scrapyd 1.5's responses. `node_name` is the container's host name.
fn scrapyd(container: &Container, path: &str) -> Response {
    let (route, query) = path.split_once('?').unwrap_or((path, ""));
    let node = &container.hostname;
    let json = |body: String| Response {
        status: 200,
        content_type: "application/json",
        body: format!("{body}\n"),
    };
    let project = query
        .split('&')
        .find_map(|pair| pair.strip_prefix("project="));
    match route {
        "/" => Response {
            status: 200,
            content_type: "text/html; charset=utf-8",
            body: SCRAPYD_HOME.to_string(),
        },
        "/daemonstatus.json" => json(format!(
            r#"{{"pending": 0, "running": 0, "finished": 0, "status": "ok", "node_name": "{node}"}}"#
        )),
        "/listprojects.json" => json(format!(
            r#"{{"projects": [], "status": "ok", "node_name": "{node}"}}"#
        )),
        "/listjobs.json" => json(format!(
            r#"{{"pending": [], "running": [], "finished": [], "status": "ok", "node_name": "{node}"}}"#
        )),
        "/listspiders.json" | "/listversions.json" => match project {
            None => json(format!(
                r#"{{"status": "error", "message": "'project' parameter is required", "node_name": "{node}"}}"#
            )),
            Some(_) if route == "/listversions.json" => json(format!(
                r#"{{"versions": [], "status": "ok", "node_name": "{node}"}}"#
            )),
            Some(project) => json(format!(
                r#"{{"status": "error", "message": "project '{project}' not found", "node_name": "{node}"}}"#
            )),
        },
        _ => Response {
            status: 404,
            content_type: "text/html",
            body: TWISTED_NOT_FOUND.to_string(),
        },
    }
}

/// Builds a `registry:2` container's responses: the API version check
/// and the catalogue.
fn registry(path: &str, repositories: &[String]) -> Response {
    match path {
        "/v2/" | "/v2" => Response {
            status: 200,
            content_type: "application/json; charset=utf-8",
            body: "{}".to_string(),
        },
        "/v2/_catalog" => {
            let names: Vec<String> = repositories
                .iter()
                .map(|name| format!("\"{name}\""))
                .collect();
            Response {
                status: 200,
                content_type: "application/json; charset=utf-8",
                body: format!("{{\"repositories\":[{}]}}\n", names.join(",")),
            }
        }
        _ => Response {
            status: 404,
            content_type: "text/plain; charset=utf-8",
            body: "404 page not found\n".to_string(),
        },
    }
}

/// Scrapyd 1.5's home page without local items and without projects.
const SCRAPYD_HOME: &str = r#"<!DOCTYPE html>
<html lang="en">
<head>
    <meta charset="utf-8">
    <meta name="viewport" content="width=device-width, initial-scale=1">
    <title>Scrapyd</title>
    <style>
        body { font-family: sans-serif; }
    </style>
</head>
<body>
    <h1>Scrapyd</h1>

    <ul>
        <li><a href="/jobs">Jobs</a></li>

        <li><a href="/logs/">Logs</a></li>
        <li><a href="https://scrapyd.readthedocs.io/en/latest/">Documentation</a></li>
    </ul>

    <p>No Scrapy projects yet.</p>

    <p>
        This web UI is for monitoring only. To upload projects and schedule crawls, use the API.
        For example, using <a href="https://curl.se/">curl</a>:
    </p>

    <p>
        <code>curl http://localhost:6800/schedule.json -d project=default -d spider=somespider</code>
    </p>

    <p>
        See the <a href="https://scrapyd.readthedocs.io/en/latest/">Scrapyd documentation</a> for details.
    </p>
</body>
</html>
"#;

/// Twisted's page for a path no resource serves.
const TWISTED_NOT_FOUND: &str = "<html>\n  <head><title>404 - No Such Resource</title></head>\n  <body>\n    <h1>No Such Resource</h1>\n    <p>No such child resource.</p>\n  </body>\n</html>\n";

/// Runs `scp [-r] SOURCE... TARGET`, where one side may be `HOST:PATH`
/// (an empty path is the home directory).
pub fn secure_copy(world: &mut World, cx: &mut Cx, args: &[String]) -> i32 {
    // FIXME: scp prints a progress meter per file on a terminal; this
    // prints nothing.
    let recursive = args
        .iter()
        .any(|arg| arg.starts_with('-') && arg.contains('r'));
    let paths: Vec<&String> = args.iter().filter(|arg| !arg.starts_with('-')).collect();
    let Some((target, sources)) = paths
        .split_last()
        .filter(|(_, sources)| !sources.is_empty())
    else {
        cx.out.errln("usage: scp [-346ABCOpqRrsTv] [-c cipher] [-D sftp_server_path] [-F ssh_config]\n           [-i identity_file] [-J destination] [-l limit] [-o ssh_option]\n           [-P port] [-S program] [-X sftp_option] source ... target");
        return 1;
    };
    let (target_host, target_path) = match locate(world, target) {
        Ok(location) => location,
        Err(message) => {
            cx.out.errln(message);
            return 255;
        }
    };
    let mut status = 0;
    for source in sources {
        let (source_host, source_path) = match locate(world, source) {
            Ok(location) => location,
            Err(message) => {
                cx.out.errln(message);
                return 255;
            }
        };
        if let Err(message) = copy(
            world,
            cx,
            (&source_host, &source_path),
            (&target_host, &target_path),
            recursive,
        ) {
            cx.out.errln(message);
            status = 1;
        }
    }
    status
}

/// Resolves `HOST:PATH` or a local path to a host and an absolute path.
fn locate(world: &World, operand: &str) -> Result<(String, String), String> {
    let home = crate::host::HOME;
    match operand.split_once(':') {
        Some((remote, path)) if !remote.contains('/') => {
            let host = remote.rsplit('@').next().unwrap_or(remote);
            let Some(machine) = world.hosts.get(host) else {
                return Err(format!("ssh: Could not resolve hostname {host}: Name or service not known\r\nscp: Connection closed"));
            };
            if machine.has_fault(crate::faults::Fault::SshRefused) {
                return Err(format!("ssh: connect to host {host} port 22: Connection refused\r\nscp: Connection closed"));
            }
            let path = if path.starts_with('/') {
                path.to_string()
            } else if path.is_empty() {
                home.to_string()
            } else {
                format!("{home}/{path}")
            };
            Ok((host.to_string(), path.trim_end_matches('/').to_string()))
        }
        _ => {
            let path = if operand.starts_with('/') {
                operand.to_string()
            } else {
                format!("{}/{operand}", world.client.cwd)
            };
            Ok((
                world.client.host.clone(),
                path.trim_end_matches('/').to_string(),
            ))
        }
    }
}

/// Copies a file or (with `-r`) a directory tree between hosts.
fn copy(
    world: &mut World,
    cx: &mut Cx,
    source: (&str, &str),
    target: (&str, &str),
    recursive: bool,
) -> Result<(), String> {
    let fs = &world.hosts[source.0].fs;
    let metadata = fs
        .stat(source.1)
        .map_err(|_| format!("scp: {}: No such file or directory", source.1))?;
    let name = source.1.rsplit('/').next().unwrap_or_default().to_string();
    let target_fs = &world.hosts[target.0].fs;
    let into_directory = target_fs
        .stat(target.1)
        .is_ok_and(|meta| meta.file_type == FileType::Directory);
    let destination = if into_directory {
        format!("{}/{name}", target.1)
    } else {
        target.1.to_string()
    };
    if metadata.file_type == FileType::Directory && !recursive {
        return Err(format!("scp: {}: not a regular file", source.1));
    }
    let mut files = Vec::new();
    collect(fs, source.1, &destination, &mut files);
    let bytes: u64 = files
        .iter()
        .map(|(_, content)| content.as_ref().map_or(0, Content::size))
        .sum();
    let target_fs = &mut world.hosts.get_mut(target.0).expect("target host").fs;
    for (path, content) in files {
        match content {
            None => target_fs
                .mkdir_all(&path)
                .map_err(|error| format!("scp: {path}: {}", error.kind))?,
            Some(content) => target_fs
                .write(&path, content)
                .map_err(|error| format!("scp: {path}: {}", error.kind))?,
        }
    }
    cx.advance(200 + bytes / 10_000);
    Ok(())
}

/// Lists a tree as (target path, content), directories with `None` and
/// before their files.
fn collect(
    fs: &crate::fs::Overlay,
    source: &str,
    target: &str,
    out: &mut Vec<(String, Option<Content>)>,
) {
    match fs.read(source) {
        Ok(content) => out.push((target.to_string(), Some(content.clone()))),
        Err(_) => {
            out.push((target.to_string(), None));
            for entry in fs.list(source).unwrap_or_default() {
                collect(
                    fs,
                    &format!("{source}/{}", entry.name),
                    &format!("{target}/{}", entry.name),
                    out,
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_urls() {
        assert_eq!(
            split_url("http://server:6818/"),
            Some(("server", 6818, "/".to_string()))
        );
        assert_eq!(
            split_url("localhost:6800/daemonstatus.json"),
            Some(("localhost", 6800, "/daemonstatus.json".to_string()))
        );
        assert_eq!(
            split_url("http://server"),
            Some(("server", 80, "/".to_string()))
        );
        assert_eq!(split_url("http://:80/"), None);
        assert_eq!(split_url("http://server:port/"), None);
    }
}
