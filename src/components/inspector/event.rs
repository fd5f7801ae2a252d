//! One event in full: a message's request and response, or a state change.

use engine::clock::rfc3339;
use engine::events::{Change, Event, EventKind, Message, Resource, StepOutcome};
use yew::prelude::*;

use super::{code, code_block, facts, heading, row, subheading};
use crate::frame::is_rejection;
use crate::i18n::{tr, trf};

/// Shows an event of the command `line`.
pub fn event(event: &Event, line: &str) -> Html {
    match &event.kind {
        EventKind::Message(message) => message_details(event, message, line),
        EventKind::Change(change) => html! {
            <>
                { heading(change_summary(change)) }
                { facts(html! {
                    <>
                        { row("inspector.command", code(line.to_string())) }
                        { row("inspector.time", rfc3339(event.time)) }
                    </>
                }) }
                { code_block(change.to_json().to_rust_pretty()) }
            </>
        },
    }
}

fn message_details(event: &Event, message: &Message, line: &str) -> Html {
    let status = match message.status {
        0 => tr("graph.no_response"),
        status => format!("{status} {}", reason(status)),
    };
    let target = if message.query.is_empty() {
        message.path.clone()
    } else {
        format!("{}?{}", message.path, message.query)
    };
    html! {
        <>
            { heading(format!("{} {}", message.method, message.path)) }
            { facts(html! {
                <>
                    { row("inspector.from", message.from.to_string()) }
                    { row("inspector.to", message.to.to_string()) }
                    { row("inspector.status", html! { <span class={classes!(is_rejection(message).then_some("bad"))}>{ status.clone() }</span> }) }
                    { row("inspector.command", code(line.to_string())) }
                    { row("inspector.time", rfc3339(event.time)) }
                </>
            }) }
            { subheading(tr("inspector.request")) }
            <pre class="code-block">{ format!("{} {target}", message.method) }{ message.request.as_ref().map(|body| format!("\n\n{body}")).unwrap_or_default() }</pre>
            { subheading(tr("inspector.response")) }
            <pre class="code-block">
                { if message.status == 0 { "(no response)".to_string() } else { status.clone() } }
                { message.response.as_ref().map(|body| format!("\n\n{body}")).unwrap_or_default() }
            </pre>
        </>
    }
}

/// Returns the reason phrase of an HTTP status, as Go's `net/http` writes it.
pub fn reason(status: u16) -> &'static str {
    match status {
        100 => "Continue",
        101 => "Switching Protocols",
        200 => "OK",
        201 => "Created",
        202 => "Accepted",
        204 => "No Content",
        206 => "Partial Content",
        301 => "Moved Permanently",
        302 => "Found",
        304 => "Not Modified",
        307 => "Temporary Redirect",
        308 => "Permanent Redirect",
        400 => "Bad Request",
        401 => "Unauthorized",
        403 => "Forbidden",
        404 => "Not Found",
        405 => "Method Not Allowed",
        409 => "Conflict",
        412 => "Precondition Failed",
        416 => "Requested Range Not Satisfiable",
        429 => "Too Many Requests",
        500 => "Internal Server Error",
        501 => "Not Implemented",
        502 => "Bad Gateway",
        503 => "Service Unavailable",
        504 => "Gateway Timeout",
        _ => "",
    }
}

/// Returns one line that describes what a change did.
pub fn change_summary(change: &Change) -> String {
    let short = |id: &str| {
        id.trim_start_matches("sha256:")
            .chars()
            .take(12)
            .collect::<String>()
    };
    match change {
        Change::LayerStored { diff_id, size, .. } => trf(
            "change.layer_stored",
            &[
                ("id", &short(diff_id)),
                ("size", &engine::units::human_size(*size as f64)),
            ],
        ),
        Change::LayerDeleted { diff_id, .. } => {
            trf("change.layer_deleted", &[("id", &short(diff_id))])
        }
        Change::ImageStored { image_id, .. } => {
            trf("change.image_stored", &[("id", &short(image_id))])
        }
        Change::ImageTagged { reference, .. } => {
            trf("change.image_tagged", &[("reference", reference)])
        }
        Change::ImageUntagged { reference, .. } => {
            trf("change.image_untagged", &[("reference", reference)])
        }
        Change::ImageDeleted { image_id, .. } => {
            trf("change.image_deleted", &[("id", &short(image_id))])
        }
        Change::BuildStep { name, outcome, .. } => match outcome {
            StepOutcome::Ran { .. } => trf("change.step", &[("name", name)]),
            StepOutcome::Cached => trf("change.step_cached", &[("name", name)]),
            StepOutcome::Failed { message } => trf(
                "change.step_failed",
                &[("name", name), ("message", message)],
            ),
        },
        Change::ContainerCreated { name, .. } => trf("change.container_created", &[("name", name)]),
        Change::ContainerStarted { id, pid, .. } => trf(
            "change.container_started",
            &[("id", &short(id)), ("pid", &pid.to_string())],
        ),
        Change::ContainerExited {
            id,
            exit_code,
            oom_killed,
            ..
        } => {
            let key = if *oom_killed {
                "change.container_oom"
            } else {
                "change.container_exited"
            };
            trf(
                key,
                &[("id", &short(id)), ("status", &exit_code.to_string())],
            )
        }
        Change::ContainerPaused { id, .. } => trf("change.container_paused", &[("id", &short(id))]),
        Change::ContainerUnpaused { id, .. } => {
            trf("change.container_unpaused", &[("id", &short(id))])
        }
        Change::ContainerRemoved { id, .. } => {
            trf("change.container_removed", &[("id", &short(id))])
        }
        Change::ProcessStarted {
            pid,
            host_pid,
            command,
            ..
        } => trf(
            "change.process_started",
            &[
                ("command", command),
                ("pid", &pid.to_string()),
                ("host_pid", &host_pid.to_string()),
            ],
        ),
        Change::ProcessExited {
            host_pid, status, ..
        } => trf(
            "change.process_exited",
            &[
                ("host_pid", &host_pid.to_string()),
                ("status", &status.to_string()),
            ],
        ),
        Change::NamespaceCreated { kind, inode, .. } => trf(
            "change.namespace_created",
            &[("kind", &kind.to_string()), ("inode", &inode.to_string())],
        ),
        Change::NamespaceJoined {
            kind, inode, owner, ..
        } => trf(
            "change.namespace_joined",
            &[
                ("kind", &kind.to_string()),
                ("inode", &inode.to_string()),
                ("owner", &short(owner)),
            ],
        ),
        Change::CgroupCreated { path, .. } => trf("change.cgroup_created", &[("path", path)]),
        Change::LimitEnforced {
            resource, detail, ..
        } => {
            let name = match resource {
                Resource::Memory => "change.memory_limit",
                Resource::Cpu => "change.cpu_limit",
                Resource::Pids => "change.pids_limit",
            };
            trf(name, &[("detail", detail)])
        }
        Change::NetworkCreated { name, .. } => trf("change.network_created", &[("name", name)]),
        Change::NetworkRemoved { id, .. } => trf("change.network_removed", &[("id", &short(id))]),
        Change::NetworkConnected {
            network, address, ..
        } => trf(
            "change.connected",
            &[("network", network), ("address", address)],
        ),
        Change::PortPublished {
            host_port,
            container_port,
            ..
        } => trf(
            "change.port",
            &[
                ("host_port", &host_port.to_string()),
                ("container_port", &container_port.to_string()),
            ],
        ),
        Change::VolumeCreated { name, .. } => trf("change.volume_created", &[("name", name)]),
        Change::VolumeRemoved { name, .. } => trf("change.volume_removed", &[("name", name)]),
        Change::BlobStored {
            repository, digest, ..
        } => trf(
            "change.blob_stored",
            &[("id", &short(digest)), ("repository", repository)],
        ),
        Change::ManifestStored {
            repository,
            reference,
            ..
        } => trf(
            "change.manifest_stored",
            &[("repository", repository), ("reference", reference)],
        ),
        Change::Fault { node, message } => trf(
            "change.fault",
            &[("node", &node.to_string()), ("message", message)],
        ),
        Change::FaultCleared { node, fault } => trf(
            "change.fault_cleared",
            &[("node", &node.to_string()), ("fault", fault)],
        ),
    }
}

/// Returns whether a change reports a failure.
pub fn change_failed(change: &Change) -> bool {
    match change {
        Change::BuildStep {
            outcome: StepOutcome::Failed { .. },
            ..
        }
        | Change::LimitEnforced { .. }
        | Change::Fault { .. } => true,
        Change::ContainerExited { oom_killed, .. } => *oom_killed,
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reason_phrases() {
        assert_eq!(reason(201), "Created");
        assert_eq!(reason(404), "Not Found");
        assert_eq!(reason(599), "");
    }

    #[test]
    fn failures_are_flagged() {
        let oom = Change::ContainerExited {
            host: "h".into(),
            id: "c".into(),
            exit_code: 137,
            oom_killed: true,
        };
        let stop = Change::ContainerExited {
            host: "h".into(),
            id: "c".into(),
            exit_code: 137,
            oom_killed: false,
        };
        assert!(change_failed(&oom));
        assert!(!change_failed(&stop));
        assert_eq!(
            change_summary(&oom),
            "container c exited with status 137, killed for memory"
        );
    }
}
