//! `POST /containers/{id}/update`: new resource limits and restart policy
//! for a container, with moby 28's checks (`verifyPlatformContainerResources`
//! for an update, then `Container.UpdateContainer`'s conflicts with the
//! settings already there). A running container's cgroup takes the new
//! limits at once: runc rewrites its files, and the next step of the
//! resource simulation enforces them.

use crate::cx::Cx;
use crate::host::Host;
use crate::kernel::cgroup;

use super::containers::{HostConfig, RestartPolicy, RestartPolicyName, Status};
use super::create::MINIMUM_MEMORY;
use super::runtime::Chain;
use super::ApiError;

/// The settings `docker update` sends; zero or `None` leaves a setting as
/// it is.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct UpdateRequest {
    pub memory: i64,
    pub memory_reservation: i64,
    /// Memory plus swap; `-1` for unlimited.
    pub memory_swap: i64,
    pub nano_cpus: i64,
    pub cpu_shares: i64,
    pub cpu_period: i64,
    pub cpu_quota: i64,
    pub cpuset_cpus: String,
    pub cpuset_mems: String,
    pub blkio_weight: u16,
    /// `--pids-limit`; not positive means unlimited.
    pub pids_limit: Option<i64>,
    pub restart_policy: Option<RestartPolicy>,
}

/// Updates a container as moby's `ContainerUpdate` does.
pub fn update(
    host: &mut Host,
    cx: &mut Cx,
    name: &str,
    request: &UpdateRequest,
) -> Result<(), ApiError> {
    verify(host.cpus, request)?;
    let host_name = host.name.clone();
    let container = host.daemon.containers.lookup_mut(name)?;
    let id = container.id.clone();
    let cannot =
        |message: String| ApiError::new(409, format!("Cannot update container {id}: {message}"));
    if matches!(container.state.status, Status::Removing | Status::Dead) {
        return Err(cannot(
            "container is marked for removal and cannot be \"update\"".to_string(),
        ));
    }
    let mut config = container.host_config.clone();
    apply(&mut config, request).map_err(|message| {
        ApiError::new(400, format!("Cannot update container {id}: {message}"))
    })?;
    if let Some(policy) = request.restart_policy {
        if policy.name != RestartPolicyName::No && config.auto_remove {
            return Err(ApiError::new(
                400,
                format!("Cannot update container {id}: Restart policy cannot be updated because AutoRemove is enabled for the container"),
            ));
        }
        config.restart_policy = policy;
    }
    container.host_config = config;
    if container.state.is_running() && container.state.status != Status::Restarting {
        let chain = Chain::new(&host_name, container);
        chain.task_call(cx, "Update", "");
        cx.call(chain.shim, chain.runc, "EXEC", "runc update", "", 0);
    }
    Ok(())
}

/// Checks the request as `verifyPlatformContainerResources` does for an
/// update, in its order.
fn verify(host_cpus: u32, request: &UpdateRequest) -> Result<(), ApiError> {
    let invalid = |message: String| Err(ApiError::new(400, message));
    if request.memory != 0 && request.memory < MINIMUM_MEMORY {
        return invalid("Minimum memory limit allowed is 6MB".to_string());
    }
    if request.memory > 0 && request.memory_swap > 0 && request.memory_swap < request.memory {
        return invalid(
            "Minimum memoryswap limit should be larger than memory limit, see usage".to_string(),
        );
    }
    if request.memory_reservation > 0 && request.memory_reservation < MINIMUM_MEMORY {
        return invalid("Minimum memory reservation allowed is 6MB".to_string());
    }
    if request.memory > 0
        && request.memory_reservation > 0
        && request.memory < request.memory_reservation
    {
        return invalid(
            "Minimum memory limit can not be less than memory reservation limit, see usage"
                .to_string(),
        );
    }
    if request.nano_cpus > 0 && request.cpu_period > 0 {
        return invalid(
            "Conflicting options: Nano CPUs and CPU Period cannot both be set".to_string(),
        );
    }
    if request.nano_cpus > 0 && request.cpu_quota > 0 {
        return invalid(
            "Conflicting options: Nano CPUs and CPU Quota cannot both be set".to_string(),
        );
    }
    let cpus = i64::from(host_cpus);
    // FIXME: on a running container, runc's update fails to write a
    // `cpu.max` quota under 1 ms (`--cpus` below 0.01); Porthole applies it.
    if request.nano_cpus < 0 || request.nano_cpus > cpus * 1_000_000_000 {
        return invalid(format!(
            "Range of CPUs is from 0.01 to {cpus}.00, as there are only {cpus} CPUs available"
        ));
    }
    verify_cpu_period_and_quota(request.cpu_period, request.cpu_quota)?;
    verify_cpuset(&request.cpuset_cpus, host_cpus)?;
    if request.blkio_weight > 0 && !(10..=1000).contains(&request.blkio_weight) {
        return invalid("Range of blkio weight is from 10 to 1000".to_string());
    }
    Ok(())
}

/// Checks `--cpu-period` and `--cpu-quota` against the kernel's range.
pub fn verify_cpu_period_and_quota(period: i64, quota: i64) -> Result<(), ApiError> {
    if period != 0 && !(1_000..=1_000_000).contains(&period) {
        return Err(ApiError::new(
            400,
            "CPU cfs period can not be less than 1ms (i.e. 1000) or larger than 1s (i.e. 1000000)",
        ));
    }
    if quota > 0 && quota < 1_000 {
        return Err(ApiError::new(
            400,
            "CPU cfs quota can not be less than 1ms (i.e. 1000)",
        ));
    }
    Ok(())
}

/// Checks `--cpuset-cpus` against the host's CPUs, as moby's
/// `IsCpusetCpusAvailable` does.
pub fn verify_cpuset(cpuset: &str, host_cpus: u32) -> Result<(), ApiError> {
    if cpuset.is_empty() {
        return Ok(());
    }
    let Some(highest) = cgroup::highest_cpu(cpuset) else {
        return Err(ApiError::new(
            400,
            format!("Invalid value {cpuset} for cpuset cpus: invalid format: {cpuset}"),
        ));
    };
    if highest >= host_cpus {
        let available = if host_cpus <= 1 {
            "0".to_string()
        } else {
            format!("0-{}", host_cpus - 1)
        };
        return Err(ApiError::new(
            400,
            format!(
                "Requested CPUs are not available - requested {cpuset}, available: {available}"
            ),
        ));
    }
    Ok(())
}

/// Applies the request to the settings as `UpdateContainer` does, or
/// returns its conflict message.
fn apply(config: &mut HostConfig, request: &UpdateRequest) -> Result<(), String> {
    if request.nano_cpus > 0 && config.cpu_period > 0 {
        return Err(
            "Conflicting options: Nano CPUs cannot be updated as CPU Period has already been set"
                .to_string(),
        );
    }
    if request.nano_cpus > 0 && config.cpu_quota > 0 {
        return Err(
            "Conflicting options: Nano CPUs cannot be updated as CPU Quota has already been set"
                .to_string(),
        );
    }
    if request.cpu_period > 0 && config.nano_cpus > 0 {
        return Err(
            "Conflicting options: CPU Period cannot be updated as NanoCPUs has already been set"
                .to_string(),
        );
    }
    if request.cpu_quota > 0 && config.nano_cpus > 0 {
        return Err(
            "Conflicting options: CPU Quota cannot be updated as NanoCPUs has already been set"
                .to_string(),
        );
    }
    if request.blkio_weight != 0 {
        config.blkio_weight = request.blkio_weight;
    }
    if request.cpu_shares != 0 {
        config.cpu_shares = request.cpu_shares;
    }
    if request.nano_cpus != 0 {
        config.nano_cpus = request.nano_cpus;
    }
    if request.cpu_period != 0 {
        config.cpu_period = request.cpu_period;
    }
    if request.cpu_quota != 0 {
        config.cpu_quota = request.cpu_quota;
    }
    if !request.cpuset_cpus.is_empty() {
        config.cpuset_cpus = request.cpuset_cpus.clone();
    }
    if !request.cpuset_mems.is_empty() {
        config.cpuset_mems = request.cpuset_mems.clone();
    }
    if request.memory != 0 {
        if request.memory > config.memory_swap && request.memory_swap == 0 {
            return Err(
                "Memory limit should be smaller than already set memoryswap limit, update the memoryswap at the same time".to_string(),
            );
        }
        config.memory = request.memory;
    }
    if request.memory_swap != 0 {
        config.memory_swap = request.memory_swap;
    }
    if request.memory_reservation != 0 {
        config.memory_reservation = request.memory_reservation;
    }
    if let Some(limit) = request.pids_limit {
        config.pids_limit = (limit > 0).then_some(limit);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    const MIB: i64 = 1024 * 1024;

    #[test]
    fn verification_errors_follow_moby() {
        let cases: &[(UpdateRequest, &str)] = &[
            (UpdateRequest { memory: MIB, ..UpdateRequest::default() }, "Minimum memory limit allowed is 6MB"),
            (
                UpdateRequest { memory: 64 * MIB, memory_swap: 32 * MIB, ..UpdateRequest::default() },
                "Minimum memoryswap limit should be larger than memory limit, see usage",
            ),
            (
                UpdateRequest { nano_cpus: 8_000_000_000, ..UpdateRequest::default() },
                "Range of CPUs is from 0.01 to 4.00, as there are only 4 CPUs available",
            ),
            (
                UpdateRequest { cpu_period: 500, ..UpdateRequest::default() },
                "CPU cfs period can not be less than 1ms (i.e. 1000) or larger than 1s (i.e. 1000000)",
            ),
            (UpdateRequest { cpu_quota: 10, ..UpdateRequest::default() }, "CPU cfs quota can not be less than 1ms (i.e. 1000)"),
            (
                UpdateRequest { cpuset_cpus: "0-7".into(), ..UpdateRequest::default() },
                "Requested CPUs are not available - requested 0-7, available: 0-3",
            ),
            (UpdateRequest { blkio_weight: 5, ..UpdateRequest::default() }, "Range of blkio weight is from 10 to 1000"),
        ];
        for (request, message) in cases {
            assert_eq!(
                verify(4, request).unwrap_err().message,
                *message,
                "{request:?}"
            );
        }
        assert!(verify(
            4,
            &UpdateRequest {
                memory: 64 * MIB,
                ..UpdateRequest::default()
            }
        )
        .is_ok());
    }

    #[test]
    fn memory_without_swap_needs_room() {
        let mut config = HostConfig {
            memory: 64 * MIB,
            memory_swap: 128 * MIB,
            ..HostConfig::default()
        };
        let request = UpdateRequest {
            memory: 256 * MIB,
            ..UpdateRequest::default()
        };
        assert!(apply(&mut config, &request)
            .unwrap_err()
            .starts_with("Memory limit should be smaller"));
        let request = UpdateRequest {
            memory: 256 * MIB,
            memory_swap: 512 * MIB,
            ..UpdateRequest::default()
        };
        apply(&mut config, &request).unwrap();
        assert_eq!((config.memory, config.memory_swap), (256 * MIB, 512 * MIB));
        let request = UpdateRequest {
            memory: 100 * MIB,
            ..UpdateRequest::default()
        };
        apply(&mut config, &request).unwrap();
        assert_eq!(config.memory, 100 * MIB);
    }

    #[test]
    fn cpu_settings_conflict_with_the_other_kind() {
        let mut config = HostConfig {
            nano_cpus: 500_000_000,
            ..HostConfig::default()
        };
        let request = UpdateRequest {
            cpu_quota: 50_000,
            ..UpdateRequest::default()
        };
        assert_eq!(
            apply(&mut config, &request).unwrap_err(),
            "Conflicting options: CPU Quota cannot be updated as NanoCPUs has already been set"
        );
        let request = UpdateRequest {
            nano_cpus: 1_500_000_000,
            pids_limit: Some(-1),
            ..UpdateRequest::default()
        };
        apply(&mut config, &request).unwrap();
        assert_eq!(config.nano_cpus, 1_500_000_000);
        assert_eq!(config.pids_limit, None);
    }
}
