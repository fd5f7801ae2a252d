//! `docker container` and its top-level shortcuts (`run`, `ps`, `exec`, …).
//!
//! Sources: docker/cli 28 `cli/command/container/*.go`; the container options
//! shared by `run` and `create` come from `opts.go` (`addFlags`). Flags that
//! Docker 29 deprecated (`--kernel-memory`, `--disable-content-trust`) are still
//! visible here, as in 28.

use super::root::{FORMAT_INSPECT, FORMAT_TABLE};
use super::{Category, CommandSpec};
use crate::client::cli_error::ArgumentRule as A;
use crate::client::flags::{validate_attach, validate_env, FlagSpec as F, ValueType as V};

const CGROUPNS_HELP: &str = "Cgroup namespace to use (host|private)\n\
'host':    Run the container in the Docker host's cgroup namespace\n\
'private': Run the container in its own private cgroup namespace\n\
'':        Use the cgroup namespace as configured by the\n           \
default-cgroupns-mode option on the daemon (default)";

/// The container options of `run` and `create` (opts.go `addFlags`).
static CONTAINER_OPTIONS: &[F] = &[
    F::new("add-host", V::List, "", "Add a custom host-to-IP mapping (host:ip)"),
    F::new("annotation", V::Map, "map[]", "Add an annotation to the container (passed through to the OCI runtime)"),
    F::new("attach", V::List, "", "Attach to STDIN, STDOUT or STDERR").short('a').validated(validate_attach),
    F::new("blkio-weight", V::Uint16, "0", "Block IO (relative weight), between 10 and 1000, or 0 to disable (default 0)"),
    F::new("blkio-weight-device", V::List, "[]", "Block IO weight (relative device weight)"),
    F::new("cap-add", V::List, "", "Add Linux capabilities"),
    F::new("cap-drop", V::List, "", "Drop Linux capabilities"),
    F::new("cgroup-parent", V::String, "", "Optional parent cgroup for the container"),
    F::new("cgroupns", V::String, "", CGROUPNS_HELP),
    F::new("cidfile", V::String, "", "Write the container ID to the file"),
    F::new("cpu-count", V::Int64, "0", "CPU count (Windows only)"),
    F::new("cpu-percent", V::Int64, "0", "CPU percent (Windows only)"),
    F::new("cpu-period", V::Int64, "0", "Limit CPU CFS (Completely Fair Scheduler) period"),
    F::new("cpu-quota", V::Int64, "0", "Limit CPU CFS (Completely Fair Scheduler) quota"),
    F::new("cpu-rt-period", V::Int64, "0", "Limit CPU real-time period in microseconds"),
    F::new("cpu-rt-runtime", V::Int64, "0", "Limit CPU real-time runtime in microseconds"),
    F::new("cpu-shares", V::Int64, "0", "CPU shares (relative weight)").short('c'),
    F::new("cpus", V::Decimal, "", "Number of CPUs"),
    F::new("cpuset-cpus", V::String, "", "CPUs in which to allow execution (0-3, 0,1)"),
    F::new("cpuset-mems", V::String, "", "MEMs in which to allow execution (0-3, 0,1)"),
    F::new("device", V::List, "", "Add a host device to the container"),
    F::new("device-cgroup-rule", V::List, "", "Add a rule to the cgroup allowed devices list"),
    F::new("device-read-bps", V::List, "[]", "Limit read rate (bytes per second) from a device"),
    F::new("device-read-iops", V::List, "[]", "Limit read rate (IO per second) from a device"),
    F::new("device-write-bps", V::List, "[]", "Limit write rate (bytes per second) to a device"),
    F::new("device-write-iops", V::List, "[]", "Limit write rate (IO per second) to a device"),
    F::new("dns", V::List, "", "Set custom DNS servers"),
    F::new("dns-opt", V::List, "", "Set DNS options").hidden().value_of("dns-option"),
    F::new("dns-option", V::List, "", "Set DNS options"),
    F::new("dns-search", V::List, "", "Set custom DNS search domains"),
    F::new("domainname", V::String, "", "Container NIS domain name"),
    F::new("entrypoint", V::String, "", "Overwrite the default ENTRYPOINT of the image"),
    F::new("env", V::List, "", "Set environment variables").short('e').validated(validate_env),
    F::new("env-file", V::List, "", "Read in a file of environment variables"),
    F::new("expose", V::List, "", "Expose a port or a range of ports"),
    F::new("gpus", V::Other("gpu-request"), "", "GPU devices to add to the container ('all' to pass all GPUs)"),
    F::new("group-add", V::List, "", "Add additional groups to join"),
    F::new("health-cmd", V::String, "", "Command to run to check health"),
    F::new("health-interval", V::Duration, "0s", "Time between running the check (ms|s|m|h) (default 0s)"),
    F::new("health-retries", V::Int, "0", "Consecutive failures needed to report unhealthy"),
    F::new(
        "health-start-interval",
        V::Duration,
        "0s",
        "Time between running the check during the start period (ms|s|m|h) (default 0s)",
    ),
    F::new(
        "health-start-period",
        V::Duration,
        "0s",
        "Start period for the container to initialize before starting health-retries countdown (ms|s|m|h) (default 0s)",
    ),
    F::new("health-timeout", V::Duration, "0s", "Maximum time to allow one check to run (ms|s|m|h) (default 0s)"),
    F::new("hostname", V::String, "", "Container host name").short('h'),
    F::new("init", V::Bool, "false", "Run an init inside the container that forwards signals and reaps processes"),
    F::new("interactive", V::Bool, "false", "Keep STDIN open even if not attached").short('i'),
    F::new("io-maxbandwidth", V::Bytes, "0", "Maximum IO bandwidth limit for the system drive (Windows only)"),
    F::new("io-maxiops", V::Uint64, "0", "Maximum IOps limit for the system drive (Windows only)"),
    F::new("ip", V::String, "", "IPv4 address (e.g., 172.30.100.104)"),
    F::new("ip6", V::String, "", "IPv6 address (e.g., 2001:db8::33)"),
    F::new("ipc", V::String, "", "IPC mode to use"),
    F::new("isolation", V::String, "", "Container isolation technology"),
    F::new("kernel-memory", V::Bytes, "0", "Kernel memory limit"),
    F::new("label", V::List, "", "Set meta data on a container").short('l'),
    F::new("label-file", V::List, "", "Read in a line delimited file of labels"),
    F::new("link", V::List, "", "Add link to another container"),
    F::new("link-local-ip", V::List, "", "Container IPv4/IPv6 link-local addresses"),
    F::new("log-driver", V::String, "", "Logging driver for the container"),
    F::new("log-opt", V::List, "", "Log driver options"),
    F::new("mac-address", V::String, "", "Container MAC address (e.g., 92:d0:c6:0a:29:33)"),
    F::new("memory", V::Bytes, "0", "Memory limit").short('m'),
    F::new("memory-reservation", V::Bytes, "0", "Memory soft limit"),
    F::new("memory-swap", V::MemorySwap, "0", "Swap limit equal to memory plus swap: '-1' to enable unlimited swap"),
    F::new("memory-swappiness", V::Int64, "-1", "Tune container memory swappiness (0 to 100)"),
    F::new("mount", V::Other("mount"), "", "Attach a filesystem mount to the container"),
    F::new("net", V::Other("network"), "", "Connect a container to a network").hidden().value_of("network"),
    F::new("net-alias", V::List, "", "Add network-scoped alias for the container").hidden().value_of("network-alias"),
    F::new("network", V::Other("network"), "", "Connect a container to a network"),
    F::new("network-alias", V::List, "", "Add network-scoped alias for the container"),
    F::new("no-healthcheck", V::Bool, "false", "Disable any container-specified HEALTHCHECK"),
    F::new("oom-kill-disable", V::Bool, "false", "Disable OOM Killer"),
    F::new("oom-score-adj", V::Int, "0", "Tune host's OOM preferences (-1000 to 1000)"),
    F::new("pid", V::String, "", "PID namespace to use"),
    F::new("pids-limit", V::Int64, "0", "Tune container pids limit (set -1 for unlimited)"),
    F::new("privileged", V::Bool, "false", "Give extended privileges to this container"),
    F::new("publish", V::List, "", "Publish a container's port(s) to the host").short('p'),
    F::new("publish-all", V::Bool, "false", "Publish all exposed ports to random ports").short('P'),
    F::new("read-only", V::Bool, "false", "Mount the container's root filesystem as read only"),
    F::new("restart", V::String, "no", "Restart policy to apply when a container exits"),
    F::new(
        "rm",
        V::Bool,
        "false",
        "Automatically remove the container and its associated anonymous volumes when it exits",
    ),
    F::new("runtime", V::String, "", "Runtime to use for this container"),
    F::new("security-opt", V::List, "", "Security Options"),
    F::new("shm-size", V::Bytes, "0", "Size of /dev/shm"),
    F::new("stop-signal", V::String, "", "Signal to stop the container"),
    F::new("stop-timeout", V::Int, "0", "Timeout (in seconds) to stop a container"),
    F::new("storage-opt", V::List, "", "Storage driver options for the container"),
    F::new("sysctl", V::Map, "map[]", "Sysctl options"),
    F::new("tmpfs", V::List, "", "Mount a tmpfs directory"),
    F::new("tty", V::Bool, "false", "Allocate a pseudo-TTY").short('t'),
    F::new("ulimit", V::Other("ulimit"), "[]", "Ulimit options"),
    F::new("user", V::String, "", "Username or UID (format: <name|uid>[:<group|gid>])").short('u'),
    F::new("userns", V::String, "", "User namespace to use"),
    F::new("uts", V::String, "", "UTS namespace to use"),
    F::new("volume", V::List, "", "Bind mount a volume").short('v'),
    F::new("volume-driver", V::String, "", "Optional volume driver for the container"),
    F::new("volumes-from", V::List, "", "Mount volumes from the specified container(s)"),
    F::new("workdir", V::String, "", "Working directory inside the container").short('w'),
];

/// The flags of `create` that are not container options (create.go).
static CREATE_FLAGS: &[F] = &[
    F::new(
        "disable-content-trust",
        V::Bool,
        "true",
        "Skip image verification",
    ),
    F::new("help", V::Bool, "false", "Print usage"),
    F::new("name", V::String, "", "Assign a name to the container"),
    F::new(
        "platform",
        V::String,
        "",
        "Set platform if server is multi-platform capable",
    ),
    // The stray `|` is in docker/cli's own create.go.
    F::new(
        "pull",
        V::String,
        "missing",
        "Pull image before creating (\"always\", \"|missing\", \"never\")",
    ),
    F::new("quiet", V::Bool, "false", "Suppress the pull output").short('q'),
    F::new(
        "use-api-socket",
        V::Bool,
        "false",
        "Bind mount Docker API socket and required auth",
    ),
];

/// The flags of `run` that are not container options (run.go).
static RUN_FLAGS: &[F] = &[
    F::new(
        "detach",
        V::Bool,
        "false",
        "Run container in background and print container ID",
    )
    .short('d'),
    F::new(
        "detach-keys",
        V::String,
        "",
        "Override the key sequence for detaching a container",
    ),
    F::new(
        "disable-content-trust",
        V::Bool,
        "true",
        "Skip image verification",
    ),
    F::new("help", V::Bool, "false", "Print usage"),
    F::new("name", V::String, "", "Assign a name to the container"),
    F::new(
        "platform",
        V::String,
        "",
        "Set platform if server is multi-platform capable",
    ),
    F::new(
        "pull",
        V::String,
        "missing",
        "Pull image before running (\"always\", \"missing\", \"never\")",
    ),
    F::new("quiet", V::Bool, "false", "Suppress the pull output").short('q'),
    F::new(
        "sig-proxy",
        V::Bool,
        "true",
        "Proxy received signals to the process",
    ),
    F::new(
        "use-api-socket",
        V::Bool,
        "false",
        "Bind mount Docker API socket and required auth",
    ),
];

/// `docker exec` (exec.go).
static EXEC_FLAGS: &[F] = &[
    F::new(
        "detach",
        V::Bool,
        "false",
        "Detached mode: run command in the background",
    )
    .short('d'),
    F::new(
        "detach-keys",
        V::String,
        "",
        "Override the key sequence for detaching a container",
    ),
    F::new("env", V::List, "", "Set environment variables")
        .short('e')
        .validated(validate_env),
    F::new(
        "env-file",
        V::List,
        "",
        "Read in a file of environment variables",
    ),
    F::new(
        "interactive",
        V::Bool,
        "false",
        "Keep STDIN open even if not attached",
    )
    .short('i'),
    F::new(
        "privileged",
        V::Bool,
        "false",
        "Give extended privileges to the command",
    ),
    F::new("tty", V::Bool, "false", "Allocate a pseudo-TTY").short('t'),
    F::new(
        "user",
        V::String,
        "",
        "Username or UID (format: \"<name|uid>[:<group|gid>]\")",
    )
    .short('u'),
    F::new(
        "workdir",
        V::String,
        "",
        "Working directory inside the container",
    )
    .short('w'),
];

/// `docker ps` and `docker container ls` (list.go).
static LIST_FLAGS: &[F] = &[
    F::new(
        "all",
        V::Bool,
        "false",
        "Show all containers (default shows just running)",
    )
    .short('a'),
    F::new(
        "filter",
        V::Filter,
        "",
        "Filter output based on conditions provided",
    )
    .short('f'),
    F::new("format", V::String, "", FORMAT_TABLE),
    F::new(
        "last",
        V::Int,
        "-1",
        "Show n last created containers (includes all states)",
    )
    .short('n'),
    F::new(
        "latest",
        V::Bool,
        "false",
        "Show the latest created container (includes all states)",
    )
    .short('l'),
    F::new("no-trunc", V::Bool, "false", "Don't truncate output"),
    F::new("quiet", V::Bool, "false", "Only display container IDs").short('q'),
    F::new("size", V::Bool, "false", "Display total file sizes").short('s'),
];

/// `docker start` (start.go); the checkpoint flags need an experimental daemon.
static START_FLAGS: &[F] = &[
    F::new(
        "attach",
        V::Bool,
        "false",
        "Attach STDOUT/STDERR and forward signals",
    )
    .short('a'),
    F::new("checkpoint", V::String, "", "Restore from this checkpoint").hidden(),
    F::new(
        "checkpoint-dir",
        V::String,
        "",
        "Use a custom checkpoint storage directory",
    )
    .hidden(),
    F::new(
        "detach-keys",
        V::String,
        "",
        "Override the key sequence for detaching a container",
    ),
    F::new("interactive", V::Bool, "false", "Attach container's STDIN").short('i'),
];

/// `docker stop` and `docker restart` (stop.go, restart.go).
static STOP_FLAGS: &[F] = &[
    F::new("signal", V::String, "", "Signal to send to the container").short('s'),
    F::new(
        "time",
        V::Int,
        "0",
        "Seconds to wait before killing the container (deprecated: use --timeout)",
    )
    .value_of("timeout")
    .deprecated("use --timeout instead"),
    F::new(
        "timeout",
        V::Int,
        "0",
        "Seconds to wait before killing the container",
    )
    .short('t'),
];

/// `docker kill` (kill.go).
static KILL_FLAGS: &[F] =
    &[F::new("signal", V::String, "", "Signal to send to the container").short('s')];

/// `docker rm` (rm.go).
static RM_FLAGS: &[F] = &[
    F::new(
        "force",
        V::Bool,
        "false",
        "Force the removal of a running container (uses SIGKILL)",
    )
    .short('f'),
    F::new("link", V::Bool, "false", "Remove the specified link").short('l'),
    F::new(
        "volumes",
        V::Bool,
        "false",
        "Remove anonymous volumes associated with the container",
    )
    .short('v'),
];

/// `docker logs` (logs.go).
static LOGS_FLAGS: &[F] = &[
    F::new("details", V::Bool, "false", "Show extra details provided to logs"),
    F::new("follow", V::Bool, "false", "Follow log output").short('f'),
    F::new(
        "since",
        V::String,
        "",
        "Show logs since timestamp (e.g. \"2013-01-02T13:23:37Z\") or relative (e.g. \"42m\" for 42 minutes)",
    ),
    F::new("tail", V::String, "all", "Number of lines to show from the end of the logs").short('n'),
    F::new("timestamps", V::Bool, "false", "Show timestamps").short('t'),
    F::new(
        "until",
        V::String,
        "",
        "Show logs before a timestamp (e.g. \"2013-01-02T13:23:37Z\") or relative (e.g. \"42m\" for 42 minutes)",
    ),
];

/// `docker container inspect` (inspect.go).
static INSPECT_FLAGS: &[F] = &[
    F::new("format", V::String, "", FORMAT_INSPECT).short('f'),
    F::new("size", V::Bool, "false", "Display total file sizes").short('s'),
];

/// `docker stats` (stats.go).
static STATS_FLAGS: &[F] = &[
    F::new(
        "all",
        V::Bool,
        "false",
        "Show all containers (default shows just running)",
    )
    .short('a'),
    F::new("format", V::String, "", FORMAT_TABLE),
    F::new(
        "no-stream",
        V::Bool,
        "false",
        "Disable streaming stats and only pull the first result",
    ),
    F::new("no-trunc", V::Bool, "false", "Do not truncate output"),
];

/// `docker commit` (commit.go).
static COMMIT_FLAGS: &[F] = &[
    F::new(
        "author",
        V::String,
        "",
        "Author (e.g., \"John Hannibal Smith <hannibal@a-team.com>\")",
    )
    .short('a'),
    F::new(
        "change",
        V::List,
        "",
        "Apply Dockerfile instruction to the created image",
    )
    .short('c'),
    F::new("message", V::String, "", "Commit message").short('m'),
    F::new("pause", V::Bool, "true", "Pause container during commit").short('p'),
];

/// `docker cp` (cp.go).
static CP_FLAGS: &[F] = &[
    F::new("archive", V::Bool, "false", "Archive mode (copy all uid/gid information)").short('a'),
    F::new("follow-link", V::Bool, "false", "Always follow symbol link in SRC_PATH").short('L'),
    F::new(
        "quiet",
        V::Bool,
        "false",
        "Suppress progress output during copy. Progress output is automatically suppressed if no terminal is attached",
    )
    .short('q'),
];

/// `docker update` (update.go).
static UPDATE_FLAGS: &[F] = &[
    F::new(
        "blkio-weight",
        V::Uint16,
        "0",
        "Block IO (relative weight), between 10 and 1000, or 0 to disable (default 0)",
    ),
    F::new(
        "cpu-period",
        V::Int64,
        "0",
        "Limit CPU CFS (Completely Fair Scheduler) period",
    ),
    F::new(
        "cpu-quota",
        V::Int64,
        "0",
        "Limit CPU CFS (Completely Fair Scheduler) quota",
    ),
    F::new(
        "cpu-rt-period",
        V::Int64,
        "0",
        "Limit the CPU real-time period in microseconds",
    ),
    F::new(
        "cpu-rt-runtime",
        V::Int64,
        "0",
        "Limit the CPU real-time runtime in microseconds",
    ),
    F::new("cpu-shares", V::Int64, "0", "CPU shares (relative weight)").short('c'),
    F::new("cpus", V::Decimal, "", "Number of CPUs"),
    F::new(
        "cpuset-cpus",
        V::String,
        "",
        "CPUs in which to allow execution (0-3, 0,1)",
    ),
    F::new(
        "cpuset-mems",
        V::String,
        "",
        "MEMs in which to allow execution (0-3, 0,1)",
    ),
    F::new(
        "kernel-memory",
        V::Bytes,
        "0",
        "Kernel memory limit (deprecated)",
    )
    .hidden(),
    F::new("memory", V::Bytes, "0", "Memory limit").short('m'),
    F::new("memory-reservation", V::Bytes, "0", "Memory soft limit"),
    F::new(
        "memory-swap",
        V::MemorySwap,
        "0",
        "Swap limit equal to memory plus swap: -1 to enable unlimited swap",
    ),
    F::new(
        "pids-limit",
        V::Int64,
        "0",
        "Tune container pids limit (set -1 for unlimited)",
    ),
    F::new(
        "restart",
        V::String,
        "",
        "Restart policy to apply when a container exits",
    ),
];

/// `docker container prune` (prune.go).
static PRUNE_FLAGS: &[F] = &[
    F::new(
        "filter",
        V::Filter,
        "",
        "Provide filter values (e.g. \"until=<timestamp>\")",
    ),
    F::new("force", V::Bool, "false", "Do not prompt for confirmation").short('f'),
];

/// `docker run`.
pub(super) const RUN: CommandSpec = CommandSpec::new(
    "run",
    "[OPTIONS] IMAGE [COMMAND] [ARG...]",
    "Create and run a new container from an image",
)
.flags(RUN_FLAGS)
.shared_flags(CONTAINER_OPTIONS)
.arguments(A::AtLeast(1))
.stop_at_first_argument()
.alias_line("docker container run, docker run");

/// `docker create`.
pub(super) const CREATE: CommandSpec = CommandSpec::new(
    "create",
    "[OPTIONS] IMAGE [COMMAND] [ARG...]",
    "Create a new container",
)
.flags(CREATE_FLAGS)
.shared_flags(CONTAINER_OPTIONS)
.arguments(A::AtLeast(1))
.stop_at_first_argument()
.alias_line("docker container create, docker create");

/// `docker exec`.
pub(super) const EXEC: CommandSpec = CommandSpec::new(
    "exec",
    "[OPTIONS] CONTAINER COMMAND [ARG...]",
    "Execute a command in a running container",
)
.flags(EXEC_FLAGS)
.arguments(A::AtLeast(2))
.stop_at_first_argument()
.alias_line("docker container exec, docker exec");

/// `docker ps`.
pub(super) const PS: CommandSpec = CommandSpec::new("ps", "[OPTIONS]", "List containers")
    .flags(LIST_FLAGS)
    .arguments(A::None)
    .alias_line("docker container ls, docker container list, docker container ps, docker ps");

/// `docker start`.
pub(super) const START: CommandSpec = CommandSpec::new(
    "start",
    "[OPTIONS] CONTAINER [CONTAINER...]",
    "Start one or more stopped containers",
)
.flags(START_FLAGS)
.arguments(A::AtLeast(1))
.alias_line("docker container start, docker start");

/// `docker stop`.
pub(super) const STOP: CommandSpec = CommandSpec::new(
    "stop",
    "[OPTIONS] CONTAINER [CONTAINER...]",
    "Stop one or more running containers",
)
.flags(STOP_FLAGS)
.arguments(A::AtLeast(1))
.alias_line("docker container stop, docker stop");

/// `docker kill`.
pub(super) const KILL: CommandSpec = CommandSpec::new(
    "kill",
    "[OPTIONS] CONTAINER [CONTAINER...]",
    "Kill one or more running containers",
)
.flags(KILL_FLAGS)
.arguments(A::AtLeast(1))
.alias_line("docker container kill, docker kill");

/// `docker restart`.
pub(super) const RESTART: CommandSpec = CommandSpec::new(
    "restart",
    "[OPTIONS] CONTAINER [CONTAINER...]",
    "Restart one or more containers",
)
.flags(STOP_FLAGS)
.arguments(A::AtLeast(1))
.alias_line("docker container restart, docker restart");

/// `docker pause`.
pub(super) const PAUSE: CommandSpec = CommandSpec::new(
    "pause",
    "CONTAINER [CONTAINER...]",
    "Pause all processes within one or more containers",
)
.arguments(A::AtLeast(1))
.alias_line("docker container pause, docker pause");

/// `docker unpause`.
pub(super) const UNPAUSE: CommandSpec = CommandSpec::new(
    "unpause",
    "CONTAINER [CONTAINER...]",
    "Unpause all processes within one or more containers",
)
.arguments(A::AtLeast(1))
.alias_line("docker container unpause, docker unpause");

/// `docker rm`.
pub(super) const RM: CommandSpec = CommandSpec::new(
    "rm",
    "[OPTIONS] CONTAINER [CONTAINER...]",
    "Remove one or more containers",
)
.flags(RM_FLAGS)
.arguments(A::AtLeast(1))
.alias_line("docker container rm, docker container remove, docker rm");

/// `docker logs`.
pub(super) const LOGS: CommandSpec = CommandSpec::new(
    "logs",
    "[OPTIONS] CONTAINER",
    "Fetch the logs of a container",
)
.flags(LOGS_FLAGS)
.arguments(A::Exactly(1))
.alias_line("docker container logs, docker logs");

/// `docker top`.
pub(super) const TOP: CommandSpec = CommandSpec::new(
    "top",
    "CONTAINER [ps OPTIONS]",
    "Display the running processes of a container",
)
.arguments(A::AtLeast(1))
.stop_at_first_argument()
.alias_line("docker container top, docker top");

/// `docker stats`.
pub(super) const STATS: CommandSpec = CommandSpec::new(
    "stats",
    "[OPTIONS] [CONTAINER...]",
    "Display a live stream of container(s) resource usage statistics",
)
.flags(STATS_FLAGS)
.alias_line("docker container stats, docker stats");

/// `docker attach` (attach.go).
static ATTACH_FLAGS: &[F] = &[
    F::new(
        "detach-keys",
        V::String,
        "",
        "Override the key sequence for detaching a container",
    ),
    F::new("no-stdin", V::Bool, "false", "Do not attach STDIN"),
    F::new(
        "sig-proxy",
        V::Bool,
        "true",
        "Proxy all received signals to the process",
    ),
];

/// `docker attach`.
pub(super) const ATTACH: CommandSpec = CommandSpec::new(
    "attach",
    "[OPTIONS] CONTAINER",
    "Attach local standard input, output, and error streams to a running container",
)
.flags(ATTACH_FLAGS)
.arguments(A::Exactly(1))
.alias_line("docker container attach, docker attach");

/// `docker diff`.
pub(super) const DIFF: CommandSpec = CommandSpec::new(
    "diff",
    "CONTAINER",
    "Inspect changes to files or directories on a container's filesystem",
)
.arguments(A::Exactly(1))
.alias_line("docker container diff, docker diff");

/// `docker commit`.
pub(super) const COMMIT: CommandSpec = CommandSpec::new(
    "commit",
    "[OPTIONS] CONTAINER [REPOSITORY[:TAG]]",
    "Create a new image from a container's changes",
)
.flags(COMMIT_FLAGS)
.arguments(A::Between(1, 2))
.stop_at_first_argument()
.alias_line("docker container commit, docker commit");

/// `docker cp`, whose `Use` has a second usage line, as in cp.go.
pub(super) const CP: CommandSpec = CommandSpec::new(
    "cp",
    "[OPTIONS] CONTAINER:SRC_PATH DEST_PATH|-\n\tdocker cp [OPTIONS] SRC_PATH|- CONTAINER:DEST_PATH",
    "Copy files/folders between containers and the local filesystem",
)
.flags(CP_FLAGS)
.arguments(A::Exactly(2))
.alias_line("docker container cp, docker cp");

/// `docker update`.
pub(super) const UPDATE: CommandSpec = CommandSpec::new(
    "update",
    "[OPTIONS] CONTAINER [CONTAINER...]",
    "Update configuration of one or more containers",
)
.flags(UPDATE_FLAGS)
.arguments(A::AtLeast(1))
.alias_line("docker container update, docker update");

/// `docker port`.
pub(super) const PORT: CommandSpec = CommandSpec::new(
    "port",
    "CONTAINER [PRIVATE_PORT[/PROTO]]",
    "List port mappings or a specific mapping for the container",
)
.arguments(A::Between(1, 2))
.alias_line("docker container port, docker port");

/// `docker rename`.
pub(super) const RENAME: CommandSpec =
    CommandSpec::new("rename", "CONTAINER NEW_NAME", "Rename a container")
        .arguments(A::Exactly(2))
        .alias_line("docker container rename, docker rename");

/// `docker wait`.
pub(super) const WAIT: CommandSpec = CommandSpec::new(
    "wait",
    "CONTAINER [CONTAINER...]",
    "Block until one or more containers stop, then print their exit codes",
)
.arguments(A::AtLeast(1))
.alias_line("docker container wait, docker wait");

/// The subcommands of `docker container`.
const CONTAINER_COMMANDS: &[CommandSpec] = &[
    ATTACH,
    COMMIT,
    CP,
    CREATE,
    DIFF,
    EXEC,
    CommandSpec::listed("export", "Export a container's filesystem as a tar archive"),
    CommandSpec::new(
        "inspect",
        "[OPTIONS] CONTAINER [CONTAINER...]",
        "Display detailed information on one or more containers",
    )
    .flags(INSPECT_FLAGS)
    .arguments(A::AtLeast(1)),
    KILL,
    LOGS,
    CommandSpec::new("ls", "[OPTIONS]", "List containers")
        .flags(LIST_FLAGS)
        .arguments(A::None)
        .aliases(&["list", "ps"])
        .alias_line("docker container ls, docker container list, docker container ps, docker ps"),
    PAUSE,
    PORT,
    CommandSpec::new("prune", "[OPTIONS]", "Remove all stopped containers")
        .flags(PRUNE_FLAGS)
        .arguments(A::None),
    RENAME,
    RESTART,
    RM.aliases(&["remove"]),
    RUN,
    START,
    STATS,
    STOP,
    TOP,
    UNPAUSE,
    UPDATE,
    WAIT,
];

/// `docker container`.
pub(super) const CONTAINER: CommandSpec =
    CommandSpec::management("container", "Manage containers", CONTAINER_COMMANDS)
        .category(Category::Management);
