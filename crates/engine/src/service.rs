//! `dockerd` as a system service: stopping it stops its containers, and
//! starting it reads `/etc/docker/daemon.json` (the settings Porthole
//! models: `insecure-registries`) and starts the containers whose restart
//! policy asks for it, as moby's daemon does on boot.

use crate::cx::Cx;
use crate::daemon::containers::RestartPolicyName;
use crate::events::{Change, Node};
use crate::faults::Fault;
use crate::world::World;

/// Where the daemon's configuration file lives.
pub const DAEMON_JSON: &str = "/etc/docker/daemon.json";

/// Stops `host`'s daemon and every running container on it. Containers
/// that should come back when the daemon starts are remembered.
pub fn stop(world: &mut World, cx: &mut Cx, host: &str) {
    let Some(machine) = world.hosts.get_mut(host) else {
        return;
    };
    if !machine.daemon.running {
        return;
    }
    let running: Vec<(String, bool)> = machine
        .daemon
        .containers
        .iter()
        .filter(|container| container.state.is_running())
        .map(|container| {
            let policy = container.host_config.restart_policy.name;
            (
                container.id.clone(),
                matches!(
                    policy,
                    RestartPolicyName::Always | RestartPolicyName::UnlessStopped
                ),
            )
        })
        .collect();
    for (id, _) in &running {
        let _ = crate::daemon::control::stop(machine, cx, id, None, None);
    }
    machine.restart_on_boot = running
        .into_iter()
        .filter(|(_, restart)| *restart)
        .map(|(id, _)| id)
        .collect();
    machine.daemon.running = false;
    cx.change(Change::Fault {
        node: Node::Daemon {
            host: host.to_string(),
        },
        message: format!(
            "{}: {}",
            Fault::DaemonStopped.name(),
            Fault::DaemonStopped.description()
        ),
    });
}

/// Starts `host`'s daemon and returns `systemctl`'s exit status: 1 when
/// `daemon.json` does not parse, as dockerd then exits at once.
pub fn start(world: &mut World, cx: &mut Cx, host: &str) -> i32 {
    let Some(machine) = world.hosts.get_mut(host) else {
        return 1;
    };
    if machine.daemon.running {
        return 0;
    }
    let insecure = match read_settings(machine) {
        Ok(insecure) => insecure,
        Err(()) => {
            cx.out.errln(
                "Job for docker.service failed because the control process exited with error code.",
            );
            cx.out.errln("See \"systemctl status docker.service\" and \"journalctl -xeu docker.service\" for details.");
            return 1;
        }
    };
    machine.insecure_registries = insecure;
    machine.daemon.running = true;
    cx.advance(1_500);
    cx.change(Change::FaultCleared {
        node: Node::Daemon {
            host: host.to_string(),
        },
        fault: Fault::DaemonStopped.name().to_string(),
    });
    for id in std::mem::take(&mut machine.restart_on_boot) {
        let _ = crate::daemon::lifecycle::start(machine, cx, &id);
    }
    0
}

/// Reads `insecure-registries` from `daemon.json`; an absent file means
/// none, and a file that is not a JSON object is an error.
fn read_settings(host: &crate::host::Host) -> Result<Vec<String>, ()> {
    let Ok(content) = host.fs.read(DAEMON_JSON) else {
        return Ok(Vec::new());
    };
    let text = content.as_text().unwrap_or_default();
    if text.trim().is_empty() {
        return Ok(Vec::new());
    }
    let value = crate::json::Json::parse_sorted(text).map_err(|_| ())?;
    value.as_object().ok_or(())?;
    Ok(value
        .get("insecure-registries")
        .and_then(|list| list.as_array())
        .map(|list| {
            list.iter()
                .filter_map(|entry| entry.as_str().map(str::to_string))
                .collect()
        })
        .unwrap_or_default())
}
