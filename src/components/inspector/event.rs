//! One event in full: a message's request and response, or a state change.

use engine::clock::rfc3339;
use engine::events::{Change, Event, EventKind, Message, Resource, StepOutcome};
use yew::prelude::*;

use super::row;
use crate::frame::is_rejection;

/// Shows an event of the command `line`.
pub fn event(event: &Event, line: &str) -> Html {
    match &event.kind {
        EventKind::Message(message) => message_details(event, message, line),
        EventKind::Change(change) => html! {
            <>
                <h3 class="inspector-heading">{ change_summary(change) }</h3>
                <dl class="facts">
                    { row("Command", html! { <code>{ line.to_string() }</code> }) }
                    { row("Time", rfc3339(event.time)) }
                </dl>
                <pre class="code-block">{ serde_json::to_string_pretty(change).unwrap_or_default() }</pre>
            </>
        },
    }
}

fn message_details(event: &Event, message: &Message, line: &str) -> Html {
    let status = match message.status {
        0 => "no response".to_string(),
        status => format!("{status} {}", reason(status)),
    };
    let target = if message.query.is_empty() {
        message.path.clone()
    } else {
        format!("{}?{}", message.path, message.query)
    };
    html! {
        <>
            <h3 class="inspector-heading">{ format!("{} {}", message.method, message.path) }</h3>
            <dl class="facts">
                { row("From", message.from.to_string()) }
                { row("To", message.to.to_string()) }
                { row("Status", html! { <span class={classes!(is_rejection(message).then_some("bad"))}>{ status.clone() }</span> }) }
                { row("Command", html! { <code>{ line.to_string() }</code> }) }
                { row("Time", rfc3339(event.time)) }
            </dl>
            <h4 class="inspector-subheading">{ "Request" }</h4>
            <pre class="code-block">{ format!("{} {target}", message.method) }{ message.request.as_ref().map(|body| format!("\n\n{body}")).unwrap_or_default() }</pre>
            <h4 class="inspector-subheading">{ "Response" }</h4>
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
        Change::LayerStored { diff_id, size, .. } => format!(
            "layer {} stored ({})",
            short(diff_id),
            engine::units::human_size(*size as f64)
        ),
        Change::LayerDeleted { diff_id, .. } => format!("layer {} deleted", short(diff_id)),
        Change::ImageStored { image_id, .. } => format!("image {} stored", short(image_id)),
        Change::ImageTagged { reference, .. } => format!("image tagged {reference}"),
        Change::ImageUntagged { reference, .. } => format!("image untagged {reference}"),
        Change::ImageDeleted { image_id, .. } => format!("image {} deleted", short(image_id)),
        Change::BuildStep { name, outcome, .. } => match outcome {
            StepOutcome::Ran { .. } => format!("build step {name}"),
            StepOutcome::Cached => format!("build step {name} (cached)"),
            StepOutcome::Failed { message } => format!("build step {name} failed: {message}"),
        },
        Change::ContainerCreated { name, .. } => format!("container {name} created"),
        Change::ContainerStarted { id, pid, .. } => {
            format!("container {} started (host PID {pid})", short(id))
        }
        Change::ContainerExited {
            id,
            exit_code,
            oom_killed,
            ..
        } => {
            format!(
                "container {} exited with status {exit_code}{}",
                short(id),
                if *oom_killed {
                    ", killed for memory"
                } else {
                    ""
                }
            )
        }
        Change::ContainerPaused { id, .. } => format!("container {} paused", short(id)),
        Change::ContainerUnpaused { id, .. } => format!("container {} unpaused", short(id)),
        Change::ContainerRemoved { id, .. } => format!("container {} removed", short(id)),
        Change::ProcessStarted {
            pid,
            host_pid,
            command,
            ..
        } => format!("process {command} started: PID {pid} inside, {host_pid} on the host"),
        Change::ProcessExited {
            host_pid, status, ..
        } => format!("process {host_pid} exited with status {status}"),
        Change::NamespaceCreated { kind, inode, .. } => {
            format!("{kind} namespace {kind}:[{inode}] created")
        }
        Change::CgroupCreated { path, .. } => format!("cgroup {path} created"),
        Change::LimitEnforced {
            resource, detail, ..
        } => {
            let name = match resource {
                Resource::Memory => "memory",
                Resource::Cpu => "CPU",
                Resource::Pids => "PIDs",
            };
            format!("{name} limit enforced: {detail}")
        }
        Change::NetworkCreated { name, .. } => format!("network {name} created"),
        Change::NetworkRemoved { id, .. } => format!("network {} removed", short(id)),
        Change::NetworkConnected {
            network, address, ..
        } => format!("connected to {network} at {address}"),
        Change::PortPublished {
            host_port,
            container_port,
            ..
        } => format!("port {host_port} on the host forwards to {container_port}"),
        Change::VolumeCreated { name, .. } => format!("volume {name} created"),
        Change::VolumeRemoved { name, .. } => format!("volume {name} removed"),
        Change::BlobStored {
            repository, digest, ..
        } => format!("blob {} stored in {repository}", short(digest)),
        Change::ManifestStored {
            repository,
            reference,
            ..
        } => format!("manifest {repository}:{reference} stored"),
        Change::Fault { node, message } => format!("fault at {node}: {message}"),
        Change::FaultCleared { node, fault } => format!("fault {fault} cleared at {node}"),
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
