//! The `docker` root command: global options, the commands `docker --help`
//! lists, and the small top-level commands (`version`, `info`, `login`,
//! `logout`, `search`, `inspect`).
//!
//! Sources: docker/cli 28 `cmd/docker/docker.go`, `cli/flags/options.go`,
//! `cli/cobra.go`, `cli/command/commands/commands.go` and the command files
//! named below. The root's listing includes the `buildx` and `compose` plugins
//! that Docker's packages install.

use super::container::{self, CONTAINER};
use super::image::{self, IMAGE};
use super::objects::{CONTEXT, NETWORK, SYSTEM, VOLUME};
use super::{Category, CommandSpec};
use crate::client::cli_error::ArgumentRule as A;
use crate::client::flags::{FlagSpec as F, ValueType as V};

/// docker/cli's `flagsHelper.FormatHelp`, the `--format` help of list commands.
pub(super) const FORMAT_TABLE: &str = "Format output using a custom template:\n\
'table':            Print output in table format with column headers (default)\n\
'table TEMPLATE':   Print output in table format using the given Go template\n\
'json':             Print in JSON format\n\
'TEMPLATE':         Print output using the given Go template.\n\
Refer to https://docs.docker.com/go/formatting/ for more information about formatting output with templates";

/// docker/cli's `flagsHelper.InspectFormatHelp`, the `--format` help of
/// inspect commands and of `version` and `info`.
pub(super) const FORMAT_INSPECT: &str = "Format output using a custom template:\n\
'json':             Print in JSON format\n\
'TEMPLATE':         Print output using the given Go template.\n\
Refer to https://docs.docker.com/go/formatting/ for more information about formatting output with templates";

/// The root's persistent `--help`: hidden, with the `-h` shorthand deprecated
/// (docker/cli's `setupCommonRootCommand`).
pub(super) static PERSISTENT_FLAGS: &[F] = &[F::new("help", V::Bool, "false", "Print usage")
    .short('h')
    .shorthand_deprecated("use --help")
    .hidden()];

/// The global options (`ClientOptions.InstallFlags` and docker.go), with the
/// defaults of a client whose configuration directory is `/root/.docker`.
static ROOT_FLAGS: &[F] = &[
    F::new("config", V::String, "/root/.docker", "Location of client config files"),
    F::new(
        "context",
        V::String,
        "",
        "Name of the context to use to connect to the daemon (overrides DOCKER_HOST env var and default context set with \"docker context use\")",
    )
    .short('c'),
    F::new("debug", V::Bool, "false", "Enable debug mode").short('D'),
    F::new("host", V::List, "", "Daemon socket to connect to").short('H'),
    F::new("log-level", V::String, "info", "Set the logging level (\"debug\", \"info\", \"warn\", \"error\", \"fatal\")")
        .short('l'),
    F::new("tls", V::Bool, "false", "Use TLS; implied by --tlsverify"),
    F::new("tlscacert", V::String, "/root/.docker/ca.pem", "Trust certs signed only by this CA"),
    F::new("tlscert", V::String, "/root/.docker/cert.pem", "Path to TLS certificate file"),
    F::new("tlskey", V::String, "/root/.docker/key.pem", "Path to TLS key file"),
    F::new("tlsverify", V::Bool, "false", "Use TLS and verify the remote"),
    F::new("version", V::Bool, "false", "Print version information and quit").short('v'),
];

/// `docker version` (cli/command/system/version.go).
static VERSION_FLAGS: &[F] = &[F::new("format", V::String, "", FORMAT_INSPECT).short('f')];

/// `docker info` and `docker system info` (cli/command/system/info.go).
pub(super) static INFO_FLAGS: &[F] = &[F::new("format", V::String, "", FORMAT_INSPECT).short('f')];

/// `docker login` (cli/command/registry/login.go).
static LOGIN_FLAGS: &[F] = &[
    F::new(
        "password",
        V::String,
        "",
        "Password or Personal Access Token (PAT)",
    )
    .short('p'),
    F::new(
        "password-stdin",
        V::Bool,
        "false",
        "Take the Password or Personal Access Token (PAT) from stdin",
    ),
    F::new("username", V::String, "", "Username").short('u'),
];

/// `docker search` (cli/command/registry/search.go).
static SEARCH_FLAGS: &[F] = &[
    F::new(
        "filter",
        V::Filter,
        "",
        "Filter output based on conditions provided",
    )
    .short('f'),
    F::new(
        "format",
        V::String,
        "",
        "Pretty-print search using a Go template",
    ),
    F::new("limit", V::Int, "0", "Max number of search results"),
    F::new("no-trunc", V::Bool, "false", "Don't truncate output"),
];

/// `docker inspect` (cli/command/system/inspect.go).
static INSPECT_FLAGS: &[F] = &[
    F::new("format", V::String, "", FORMAT_INSPECT).short('f'),
    F::new(
        "size",
        V::Bool,
        "false",
        "Display total file sizes if the type is container",
    )
    .short('s'),
    F::new(
        "type",
        V::String,
        "",
        "Only inspect objects of the given type",
    ),
];

/// `docker info`, also `docker system info`.
pub(super) const INFO: CommandSpec =
    CommandSpec::new("info", "[OPTIONS]", "Display system-wide information")
        .flags(INFO_FLAGS)
        .arguments(A::None)
        .alias_line("docker system info, docker info");

/// The `docker` command and everything under it.
pub static ROOT: CommandSpec = CommandSpec {
    subcommands: ROOT_COMMANDS,
    ..CommandSpec::new(
        "docker",
        "[OPTIONS] COMMAND [ARG...]",
        "A self-sufficient runtime for containers",
    )
    .flags(ROOT_FLAGS)
    .stop_at_first_argument()
};

/// Every command under `docker`, in no particular order: help sorts them.
static ROOT_COMMANDS: &[CommandSpec] = &[
    // Common commands, in docker/cli's `category-top` order.
    container::RUN.category(Category::Common(1)),
    container::EXEC.category(Category::Common(2)),
    container::PS.category(Category::Common(3)),
    image::BUILD.category(Category::Common(4)),
    CommandSpec::listed("bake", "Build from a file").category(Category::Common(5)),
    image::PULL.category(Category::Common(6)),
    image::PUSH.category(Category::Common(7)),
    image::IMAGES.category(Category::Common(8)),
    CommandSpec::new("login", "[OPTIONS] [SERVER]", "Authenticate to a registry")
        .flags(LOGIN_FLAGS)
        .arguments(A::AtMost(1))
        .category(Category::Common(9)),
    CommandSpec::new("logout", "[SERVER]", "Log out from a registry")
        .arguments(A::AtMost(1))
        .category(Category::Common(10)),
    CommandSpec::new("search", "[OPTIONS] TERM", "Search Docker Hub for images")
        .flags(SEARCH_FLAGS)
        .arguments(A::Exactly(1))
        .category(Category::Common(11)),
    CommandSpec::new(
        "version",
        "[OPTIONS]",
        "Show the Docker version information",
    )
    .flags(VERSION_FLAGS)
    .arguments(A::None)
    .category(Category::Common(12)),
    INFO.category(Category::Common(13)),
    // Management commands.
    CommandSpec::listed("builder", "Manage builds").category(Category::Management),
    CommandSpec::listed("buildx", "Docker Buildx")
        .category(Category::Management)
        .plugin(),
    CommandSpec::listed("compose", "Docker Compose")
        .category(Category::Management)
        .plugin(),
    CONTAINER,
    CONTEXT,
    IMAGE,
    CommandSpec::listed(
        "manifest",
        "Manage Docker image manifests and manifest lists",
    )
    .category(Category::Management),
    NETWORK,
    CommandSpec::listed("plugin", "Manage plugins").category(Category::Management),
    SYSTEM,
    CommandSpec::listed("trust", "Manage trust on Docker images").category(Category::Management),
    VOLUME,
    // Swarm commands: a daemon that is not a swarm manager hides all but `swarm`.
    CommandSpec::listed("swarm", "Manage Swarm").category(Category::Swarm),
    // Top-level shortcuts of container and image commands.
    container::ATTACH,
    container::COMMIT,
    container::CP,
    container::CREATE,
    container::DIFF,
    CommandSpec::listed("events", "Get real time events from the server"),
    CommandSpec::listed("export", "Export a container's filesystem as a tar archive"),
    image::HISTORY,
    CommandSpec::listed(
        "import",
        "Import the contents from a tarball to create a filesystem image",
    ),
    CommandSpec::new(
        "inspect",
        "[OPTIONS] NAME|ID [NAME|ID...]",
        "Return low-level information on Docker objects",
    )
    .flags(INSPECT_FLAGS)
    .arguments(A::AtLeast(1)),
    container::KILL,
    CommandSpec::listed("load", "Load an image from a tar archive or STDIN"),
    container::LOGS,
    container::PAUSE,
    container::PORT,
    container::RENAME,
    container::RESTART,
    container::RM,
    image::RMI,
    CommandSpec::listed(
        "save",
        "Save one or more images to a tar archive (streamed to STDOUT by default)",
    ),
    container::START,
    container::STATS,
    container::STOP,
    image::TAG,
    container::TOP,
    container::UNPAUSE,
    container::UPDATE,
    container::WAIT,
];
