//! `docker network`, `docker volume`, `docker system` and `docker context`.
//!
//! Sources: docker/cli 28 `cli/command/{network,volume,system,context}/*.go`.
//! Cluster-volume flags, which docker/cli shows only to a swarm manager, are
//! hidden.

use super::root::{FORMAT_INSPECT, FORMAT_TABLE, INFO};
use super::{Category, CommandSpec};
use crate::client::cli_error::ArgumentRule as A;
use crate::client::flags::{FlagSpec as F, ValueType as V};

static NETWORK_CONNECT_FLAGS: &[F] = &[
    F::new(
        "alias",
        V::StringSlice,
        "[]",
        "Add network-scoped alias for the container",
    ),
    F::new(
        "driver-opt",
        V::StringSlice,
        "[]",
        "driver options for the network",
    ),
    F::new(
        "gw-priority",
        V::Int,
        "0",
        "Highest gw-priority provides the default gateway. Accepts positive and negative values.",
    ),
    F::new(
        "ip",
        V::String,
        "",
        "IPv4 address (e.g., \"172.30.100.104\")",
    ),
    F::new(
        "ip6",
        V::String,
        "",
        "IPv6 address (e.g., \"2001:db8::33\")",
    ),
    F::new("link", V::List, "", "Add link to another container"),
    F::new(
        "link-local-ip",
        V::StringSlice,
        "[]",
        "Add a link-local address for the container",
    ),
];

static NETWORK_CREATE_FLAGS: &[F] = &[
    F::new(
        "attachable",
        V::Bool,
        "false",
        "Enable manual container attachment",
    ),
    F::new(
        "aux-address",
        V::Map,
        "map[]",
        "Auxiliary IPv4 or IPv6 addresses used by Network driver",
    ),
    F::new(
        "config-from",
        V::String,
        "",
        "The network from which to copy the configuration",
    ),
    F::new(
        "config-only",
        V::Bool,
        "false",
        "Create a configuration only network",
    ),
    F::new(
        "driver",
        V::String,
        "bridge",
        "Driver to manage the Network",
    )
    .short('d'),
    F::new(
        "gateway",
        V::StringSlice,
        "[]",
        "IPv4 or IPv6 Gateway for the master subnet",
    ),
    F::new(
        "ingress",
        V::Bool,
        "false",
        "Create swarm routing-mesh network",
    ),
    F::new(
        "internal",
        V::Bool,
        "false",
        "Restrict external access to the network",
    ),
    F::new(
        "ip-range",
        V::StringSlice,
        "[]",
        "Allocate container ip from a sub-range",
    ),
    F::new(
        "ipam-driver",
        V::String,
        "default",
        "IP Address Management Driver",
    ),
    F::new(
        "ipam-opt",
        V::Map,
        "map[]",
        "Set IPAM driver specific options",
    ),
    F::new(
        "ipv4",
        V::Bool,
        "true",
        "Enable or disable IPv4 address assignment",
    ),
    F::new(
        "ipv6",
        V::Bool,
        "false",
        "Enable or disable IPv6 address assignment",
    ),
    F::new("label", V::List, "", "Set metadata on a network"),
    F::new("opt", V::Map, "map[]", "Set driver specific options").short('o'),
    F::new("scope", V::String, "", "Control the network's scope"),
    F::new(
        "subnet",
        V::StringSlice,
        "[]",
        "Subnet in CIDR format that represents a network segment",
    ),
];

static NETWORK_DISCONNECT_FLAGS: &[F] = &[F::new(
    "force",
    V::Bool,
    "false",
    "Force the container to disconnect from a network",
)
.short('f')];

static NETWORK_INSPECT_FLAGS: &[F] = &[
    F::new("format", V::String, "", FORMAT_INSPECT).short('f'),
    F::new(
        "verbose",
        V::Bool,
        "false",
        "Verbose output for diagnostics",
    )
    .short('v'),
];

static NETWORK_LIST_FLAGS: &[F] = &[
    F::new(
        "filter",
        V::Filter,
        "",
        "Provide filter values (e.g. \"driver=bridge\")",
    )
    .short('f'),
    F::new("format", V::String, "", FORMAT_TABLE),
    F::new("no-trunc", V::Bool, "false", "Do not truncate the output"),
    F::new("quiet", V::Bool, "false", "Only display network IDs").short('q'),
];

static NETWORK_PRUNE_FLAGS: &[F] = &[
    F::new(
        "filter",
        V::Filter,
        "",
        "Provide filter values (e.g. \"until=<timestamp>\")",
    ),
    F::new("force", V::Bool, "false", "Do not prompt for confirmation").short('f'),
];

static NETWORK_REMOVE_FLAGS: &[F] = &[F::new(
    "force",
    V::Bool,
    "false",
    "Do not error if the network does not exist",
)
.short('f')];

const NETWORK_COMMANDS: &[CommandSpec] = &[
    CommandSpec::new(
        "connect",
        "[OPTIONS] NETWORK CONTAINER",
        "Connect a container to a network",
    )
    .flags(NETWORK_CONNECT_FLAGS)
    .arguments(A::Exactly(2)),
    CommandSpec::new("create", "[OPTIONS] NETWORK", "Create a network")
        .flags(NETWORK_CREATE_FLAGS)
        .arguments(A::Exactly(1)),
    CommandSpec::new(
        "disconnect",
        "[OPTIONS] NETWORK CONTAINER",
        "Disconnect a container from a network",
    )
    .flags(NETWORK_DISCONNECT_FLAGS)
    .arguments(A::Exactly(2)),
    CommandSpec::new(
        "inspect",
        "[OPTIONS] NETWORK [NETWORK...]",
        "Display detailed information on one or more networks",
    )
    .flags(NETWORK_INSPECT_FLAGS)
    .arguments(A::AtLeast(1)),
    CommandSpec::new("ls", "[OPTIONS]", "List networks")
        .flags(NETWORK_LIST_FLAGS)
        .arguments(A::None)
        .aliases(&["list"]),
    CommandSpec::new("prune", "[OPTIONS]", "Remove all unused networks")
        .flags(NETWORK_PRUNE_FLAGS)
        .arguments(A::None),
    CommandSpec::new("rm", "NETWORK [NETWORK...]", "Remove one or more networks")
        .flags(NETWORK_REMOVE_FLAGS)
        .arguments(A::AtLeast(1))
        .aliases(&["remove"]),
];

/// `docker network`.
pub(super) const NETWORK: CommandSpec =
    CommandSpec::management("network", "Manage networks", NETWORK_COMMANDS)
        .category(Category::Management);

static VOLUME_CREATE_FLAGS: &[F] = &[
    F::new(
        "availability",
        V::String,
        "active",
        "Cluster Volume availability (\"active\", \"pause\", \"drain\")",
    )
    .hidden(),
    F::new("driver", V::String, "local", "Specify volume driver name").short('d'),
    F::new(
        "group",
        V::String,
        "",
        "Cluster Volume group (cluster volumes)",
    )
    .hidden(),
    F::new("label", V::List, "", "Set metadata for a volume"),
    F::new(
        "limit-bytes",
        V::Bytes,
        "0",
        "Maximum size of the Cluster Volume in bytes",
    )
    .hidden(),
    F::new("name", V::String, "", "Specify volume name").hidden(),
    F::new("opt", V::Map, "map[]", "Set driver specific options").short('o'),
    F::new(
        "required-bytes",
        V::Bytes,
        "0",
        "Minimum size of the Cluster Volume in bytes",
    )
    .hidden(),
    F::new(
        "scope",
        V::String,
        "single",
        "Cluster Volume access scope (\"single\", \"multi\")",
    )
    .hidden(),
    F::new("secret", V::Map, "map[]", "Cluster Volume secrets").hidden(),
    F::new(
        "sharing",
        V::String,
        "none",
        "Cluster Volume access sharing (\"none\", \"readonly\", \"onewriter\", \"all\")",
    )
    .hidden(),
    F::new(
        "topology-preferred",
        V::List,
        "",
        "A topology that the Cluster Volume would be preferred in",
    )
    .hidden(),
    F::new(
        "topology-required",
        V::List,
        "",
        "A topology that the Cluster Volume must be accessible from",
    )
    .hidden(),
    F::new(
        "type",
        V::String,
        "block",
        "Cluster Volume access type (\"mount\", \"block\")",
    )
    .hidden(),
];

static VOLUME_INSPECT_FLAGS: &[F] = &[F::new("format", V::String, "", FORMAT_INSPECT).short('f')];

static VOLUME_LIST_FLAGS: &[F] = &[
    F::new(
        "cluster",
        V::Bool,
        "false",
        "Display only cluster volumes, and use cluster volume list formatting",
    )
    .hidden(),
    F::new(
        "filter",
        V::Filter,
        "",
        "Provide filter values (e.g. \"dangling=true\")",
    )
    .short('f'),
    F::new("format", V::String, "", FORMAT_TABLE),
    F::new("quiet", V::Bool, "false", "Only display volume names").short('q'),
];

static VOLUME_PRUNE_FLAGS: &[F] = &[
    F::new(
        "all",
        V::Bool,
        "false",
        "Remove all unused volumes, not just anonymous ones",
    )
    .short('a'),
    F::new(
        "filter",
        V::Filter,
        "",
        "Provide filter values (e.g. \"label=<label>\")",
    ),
    F::new("force", V::Bool, "false", "Do not prompt for confirmation").short('f'),
];

static VOLUME_REMOVE_FLAGS: &[F] = &[F::new(
    "force",
    V::Bool,
    "false",
    "Force the removal of one or more volumes",
)
.short('f')];

const VOLUME_COMMANDS: &[CommandSpec] = &[
    CommandSpec::new("create", "[OPTIONS] [VOLUME]", "Create a volume")
        .flags(VOLUME_CREATE_FLAGS)
        .arguments(A::AtMost(1)),
    CommandSpec::new(
        "inspect",
        "[OPTIONS] VOLUME [VOLUME...]",
        "Display detailed information on one or more volumes",
    )
    .flags(VOLUME_INSPECT_FLAGS)
    .arguments(A::AtLeast(1)),
    CommandSpec::new("ls", "[OPTIONS]", "List volumes")
        .flags(VOLUME_LIST_FLAGS)
        .arguments(A::None)
        .aliases(&["list"]),
    CommandSpec::new("prune", "[OPTIONS]", "Remove unused local volumes")
        .flags(VOLUME_PRUNE_FLAGS)
        .arguments(A::None),
    CommandSpec::new(
        "rm",
        "[OPTIONS] VOLUME [VOLUME...]",
        "Remove one or more volumes",
    )
    .flags(VOLUME_REMOVE_FLAGS)
    .arguments(A::AtLeast(1))
    .aliases(&["remove"]),
];

/// `docker volume`.
pub(super) const VOLUME: CommandSpec =
    CommandSpec::management("volume", "Manage volumes", VOLUME_COMMANDS)
        .category(Category::Management);

static SYSTEM_DF_FLAGS: &[F] = &[
    F::new("format", V::String, "", FORMAT_TABLE),
    F::new(
        "verbose",
        V::Bool,
        "false",
        "Show detailed information on space usage",
    )
    .short('v'),
];

static SYSTEM_PRUNE_FLAGS: &[F] = &[
    F::new(
        "all",
        V::Bool,
        "false",
        "Remove all unused images not just dangling ones",
    )
    .short('a'),
    F::new(
        "filter",
        V::Filter,
        "",
        "Provide filter values (e.g. \"label=<key>=<value>\")",
    ),
    F::new("force", V::Bool, "false", "Do not prompt for confirmation").short('f'),
    F::new("volumes", V::Bool, "false", "Prune anonymous volumes"),
];

const SYSTEM_COMMANDS: &[CommandSpec] = &[
    CommandSpec::new("df", "[OPTIONS]", "Show docker disk usage")
        .flags(SYSTEM_DF_FLAGS)
        .arguments(A::None),
    CommandSpec::listed("events", "Get real time events from the server"),
    INFO,
    CommandSpec::new("prune", "[OPTIONS]", "Remove unused data")
        .flags(SYSTEM_PRUNE_FLAGS)
        .arguments(A::None),
];

/// `docker system`.
pub(super) const SYSTEM: CommandSpec =
    CommandSpec::management("system", "Manage Docker", SYSTEM_COMMANDS)
        .category(Category::Management);

static CONTEXT_CREATE_FLAGS: &[F] = &[
    F::new("description", V::String, "", "Description of the context"),
    F::new("docker", V::StringToString, "[]", "set the docker endpoint"),
    F::new("from", V::String, "", "create context from a named context"),
];

static CONTEXT_INSPECT_FLAGS: &[F] = &[F::new("format", V::String, "", FORMAT_INSPECT).short('f')];

static CONTEXT_LIST_FLAGS: &[F] = &[
    F::new("format", V::String, "", FORMAT_TABLE),
    F::new("quiet", V::Bool, "false", "Only show context names").short('q'),
];

static CONTEXT_REMOVE_FLAGS: &[F] = &[F::new(
    "force",
    V::Bool,
    "false",
    "Force the removal of a context in use",
)
.short('f')];

const CONTEXT_COMMANDS: &[CommandSpec] = &[
    CommandSpec::new("create", "[OPTIONS] CONTEXT", "Create a context")
        .flags(CONTEXT_CREATE_FLAGS)
        .arguments(A::Exactly(1)),
    CommandSpec::listed(
        "export",
        "Export a context to a tar archive FILE or a tar stream on STDOUT.",
    ),
    CommandSpec::listed("import", "Import a context from a tar or zip file"),
    CommandSpec::new(
        "inspect",
        "[OPTIONS] [CONTEXT] [CONTEXT...]",
        "Display detailed information on one or more contexts",
    )
    .flags(CONTEXT_INSPECT_FLAGS),
    CommandSpec::new("ls", "[OPTIONS]", "List contexts")
        .flags(CONTEXT_LIST_FLAGS)
        .arguments(A::None)
        .aliases(&["list"]),
    CommandSpec::new("rm", "CONTEXT [CONTEXT...]", "Remove one or more contexts")
        .flags(CONTEXT_REMOVE_FLAGS)
        .arguments(A::AtLeast(1))
        .aliases(&["remove"]),
    CommandSpec::new("show", "", "Print the name of the current context").arguments(A::None),
    CommandSpec::listed("update", "Update a context"),
    CommandSpec::new("use", "CONTEXT", "Set the current docker context").arguments(A::Exactly(1)),
];

/// `docker context`.
pub(super) const CONTEXT: CommandSpec =
    CommandSpec::management("context", "Manage contexts", CONTEXT_COMMANDS)
        .category(Category::Management);
