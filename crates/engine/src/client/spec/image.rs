//! `docker image` and its top-level shortcuts (`images`, `pull`, `push`, `rmi`,
//! `tag`, `history`), and `docker build`.
//!
//! Sources: docker/cli 28 `cli/command/image/*.go`. Docker 28 hands `docker
//! build`, `docker image build` and `docker builder build` to the buildx
//! plugin when BuildKit is the builder, so those take buildx's `build` flags
//! (docker/buildx `commands/build.go`, as released alongside Docker 28) and
//! print as `docker buildx build`.

use super::root::{FORMAT_INSPECT, FORMAT_TABLE};
use super::{Category, CommandSpec};
use crate::client::cli_error::ArgumentRule as A;
use crate::client::flags::{FlagSpec as F, ValueType as V};

/// `docker images` and `docker image ls` (list.go).
static LIST_FLAGS: &[F] = &[
    F::new(
        "all",
        V::Bool,
        "false",
        "Show all images (default hides intermediate and dangling images)",
    )
    .short('a'),
    F::new("digests", V::Bool, "false", "Show digests"),
    F::new(
        "filter",
        V::Filter,
        "",
        "Filter output based on conditions provided",
    )
    .short('f'),
    F::new("format", V::String, "", FORMAT_TABLE),
    F::new("no-trunc", V::Bool, "false", "Don't truncate output"),
    F::new("quiet", V::Bool, "false", "Only show image IDs").short('q'),
    F::new(
        "tree",
        V::Bool,
        "false",
        "List multi-platform images as a tree (EXPERIMENTAL)",
    ),
];

/// `docker pull` (pull.go).
static PULL_FLAGS: &[F] = &[
    F::new(
        "all-tags",
        V::Bool,
        "false",
        "Download all tagged images in the repository",
    )
    .short('a'),
    F::new(
        "disable-content-trust",
        V::Bool,
        "true",
        "Skip image verification",
    ),
    F::new(
        "platform",
        V::String,
        "",
        "Set platform if server is multi-platform capable",
    ),
    F::new("quiet", V::Bool, "false", "Suppress verbose output").short('q'),
];

/// `docker push` (push.go).
static PUSH_FLAGS: &[F] = &[
    F::new("all-tags", V::Bool, "false", "Push all tags of an image to the repository").short('a'),
    F::new("disable-content-trust", V::Bool, "true", "Skip image signing"),
    F::new(
        "platform",
        V::String,
        "",
        "Push a platform-specific manifest as a single-platform image to the registry.\n\
Image index won't be pushed, meaning that other manifests, including attestations won't be preserved.\n\
'os[/arch[/variant]]': Explicit platform (eg. linux/amd64)",
    ),
    F::new("quiet", V::Bool, "false", "Suppress verbose output").short('q'),
];

/// `docker rmi` and `docker image rm` (remove.go).
static REMOVE_FLAGS: &[F] = &[
    F::new("force", V::Bool, "false", "Force removal of the image").short('f'),
    F::new("no-prune", V::Bool, "false", "Do not delete untagged parents"),
    F::new(
        "platform",
        V::StringSlice,
        "[]",
        "Remove only the given platform variant. Formatted as \"os[/arch[/variant]]\" (e.g., \"linux/amd64\")",
    ),
];

/// `docker history` (history.go).
static HISTORY_FLAGS: &[F] = &[
    F::new("format", V::String, "", FORMAT_TABLE),
    F::new("human", V::Bool, "true", "Print sizes and dates in human readable format").short('H'),
    F::new("no-trunc", V::Bool, "false", "Don't truncate output"),
    F::new(
        "platform",
        V::String,
        "",
        "Show history for the given platform. Formatted as \"os[/arch[/variant]]\" (e.g., \"linux/amd64\")",
    ),
    F::new("quiet", V::Bool, "false", "Only show image IDs").short('q'),
];

/// `docker image inspect` (inspect.go).
static INSPECT_FLAGS: &[F] = &[
    F::new("format", V::String, "", FORMAT_INSPECT).short('f'),
    F::new(
        "platform",
        V::String,
        "",
        "Inspect a specific platform of the multi-platform image.\n\
If the image or the server is not multi-platform capable, the command will error out if the platform does not match.\n\
'os[/arch[/variant]]': Explicit platform (eg. linux/amd64)",
    ),
];

/// `docker image prune` (prune.go).
static PRUNE_FLAGS: &[F] = &[
    F::new(
        "all",
        V::Bool,
        "false",
        "Remove all unused images, not just dangling ones",
    )
    .short('a'),
    F::new(
        "filter",
        V::Filter,
        "",
        "Provide filter values (e.g. \"until=<timestamp>\")",
    ),
    F::new("force", V::Bool, "false", "Do not prompt for confirmation").short('f'),
];

/// buildx's `build` flags, with the persistent `--builder` and `--debug` of
/// its root; flags that buildx hides, or shows only in experimental mode, are
/// hidden.
static BUILD_FLAGS: &[F] = &[
    F::new("add-host", V::StringSlice, "[]", "Add a custom host-to-IP mapping (format: \"host:ip\")"),
    F::new("allow", V::StringSlice, "[]", "Allow extra privileged entitlement (e.g., \"network.host\", \"security.insecure\")"),
    F::new("annotation", V::StringArray, "[]", "Add annotation to the image"),
    F::new("attest", V::StringArray, "[]", "Attestation parameters (format: \"type=sbom,generator=image\")"),
    F::new("build-arg", V::StringArray, "[]", "Set build-time variables"),
    F::new("build-context", V::StringArray, "[]", "Additional build contexts (e.g., name=path)"),
    F::new("builder", V::String, "", "Override the configured builder instance"),
    F::new("cache-from", V::StringArray, "[]", "External cache sources (e.g., \"user/app:cache\", \"type=local,src=path/to/dir\")"),
    F::new("cache-to", V::StringArray, "[]", "Cache export destinations (e.g., \"user/app:cache\", \"type=local,dest=path/to/dir\")"),
    F::new("call", V::String, "build", "Set method for evaluating build (\"check\", \"outline\", \"targets\")"),
    F::new("cgroup-parent", V::String, "", "Set the parent cgroup for the \"RUN\" instructions during build"),
    F::new("check", V::Bool, "false", "Shorthand for \"--call=check\""),
    F::new("compress", V::Bool, "false", "Compress the build context using gzip").hidden(),
    F::new("cpu-period", V::Int64, "0", "Limit the CPU CFS (Completely Fair Scheduler) period").hidden(),
    F::new("cpu-quota", V::Int64, "0", "Limit the CPU CFS (Completely Fair Scheduler) quota").hidden(),
    F::new("cpu-shares", V::Int64, "0", "CPU shares (relative weight)").short('c').hidden(),
    F::new("cpuset-cpus", V::String, "", "CPUs in which to allow execution (\"0-3\", \"0,1\")").hidden(),
    F::new("cpuset-mems", V::String, "", "MEMs in which to allow execution (\"0-3\", \"0,1\")").hidden(),
    F::new("debug", V::Bool, "false", "Enable debug logging").short('D'),
    F::new("detach", V::Bool, "false", "Detach buildx server (supported only on linux)").hidden(),
    F::new("file", V::String, "", "Name of the Dockerfile (default: \"PATH/Dockerfile\")").short('f'),
    F::new("force-rm", V::Bool, "false", "Always remove intermediate containers").hidden(),
    F::new("iidfile", V::String, "", "Write the image ID to a file"),
    F::new("isolation", V::String, "", "Container isolation technology").hidden(),
    F::new("label", V::StringArray, "[]", "Set metadata for an image"),
    F::new("load", V::Bool, "false", "Shorthand for \"--output=type=docker\""),
    F::new("memory", V::String, "", "Memory limit").short('m').hidden(),
    F::new("memory-swap", V::String, "", "Swap limit equal to memory plus swap: \"-1\" to enable unlimited swap").hidden(),
    F::new("metadata-file", V::String, "", "Write build result metadata to a file"),
    F::new("network", V::String, "default", "Set the networking mode for the \"RUN\" instructions during build"),
    F::new("no-cache", V::Bool, "false", "Do not use cache when building the image"),
    F::new("no-cache-filter", V::StringArray, "[]", "Do not cache specified stages"),
    F::new("output", V::StringArray, "[]", "Output destination (format: \"type=local,dest=path\")").short('o'),
    F::new("platform", V::StringArray, "[]", "Set target platform for build"),
    F::new("print", V::String, "", "Print result of information request (e.g., outline, targets)").hidden(),
    F::new(
        "progress",
        V::String,
        "auto",
        "Set type of progress output (\"auto\", \"quiet\", \"plain\", \"tty\", \"rawjson\"). Use plain to show container output",
    ),
    F::new("provenance", V::String, "", "Shorthand for \"--attest=type=provenance\""),
    F::new("pull", V::Bool, "false", "Always attempt to pull all referenced images"),
    F::new("push", V::Bool, "false", "Shorthand for \"--output=type=registry\""),
    F::new("quiet", V::Bool, "false", "Suppress the build output and print image ID on success").short('q'),
    F::new("rm", V::Bool, "true", "Remove intermediate containers after a successful build").hidden(),
    F::new("root", V::String, "", "Specify root directory of server to connect").hidden(),
    F::new("sbom", V::String, "", "Shorthand for \"--attest=type=sbom\""),
    F::new("secret", V::StringArray, "[]", "Secret to expose to the build (format: \"id=mysecret[,src=/local/secret]\")"),
    F::new("security-opt", V::StringSlice, "[]", "Security options").hidden(),
    F::new("server-config", V::String, "", "Specify buildx server config file (used only when launching new server)").hidden(),
    F::new("shm-size", V::Bytes, "0", "Shared memory size for build containers"),
    F::new("squash", V::Bool, "false", "Squash newly built layers into a single new layer").hidden(),
    F::new(
        "ssh",
        V::StringArray,
        "[]",
        "SSH agent socket or keys to expose to the build (format: \"default|<id>[=<socket>|<key>[,<key>]]\")",
    ),
    F::new("tag", V::StringArray, "[]", "Name and optionally a tag (format: \"name:tag\")").short('t'),
    F::new("target", V::String, "", "Set the target build stage to build"),
    F::new("ulimit", V::Other("ulimit"), "[]", "Ulimit options"),
];

/// `docker build`, run by buildx.
///
/// FIXME: buildx prints its own errors with an `ERROR: ` prefix; argument and
/// flag errors here use docker/cli's wording instead.
pub(super) const BUILD: CommandSpec = CommandSpec::new(
    "build",
    "[OPTIONS] PATH | URL | -",
    "Build an image from a Dockerfile",
)
.flags(BUILD_FLAGS)
.arguments(A::Exactly(1))
.shown_path("docker buildx build")
.description("Start a build")
.alias_line("docker buildx build, docker buildx b");

/// `docker pull`.
pub(super) const PULL: CommandSpec = CommandSpec::new(
    "pull",
    "[OPTIONS] NAME[:TAG|@DIGEST]",
    "Download an image from a registry",
)
.flags(PULL_FLAGS)
.arguments(A::Exactly(1))
.alias_line("docker image pull, docker pull");

/// `docker push`.
pub(super) const PUSH: CommandSpec = CommandSpec::new(
    "push",
    "[OPTIONS] NAME[:TAG]",
    "Upload an image to a registry",
)
.flags(PUSH_FLAGS)
.arguments(A::Exactly(1))
.alias_line("docker image push, docker push");

/// `docker images`.
pub(super) const IMAGES: CommandSpec =
    CommandSpec::new("images", "[OPTIONS] [REPOSITORY[:TAG]]", "List images")
        .flags(LIST_FLAGS)
        .arguments(A::AtMost(1))
        .alias_line("docker image ls, docker image list, docker images");

/// `docker rmi`.
pub(super) const RMI: CommandSpec = CommandSpec::new(
    "rmi",
    "[OPTIONS] IMAGE [IMAGE...]",
    "Remove one or more images",
)
.flags(REMOVE_FLAGS)
.arguments(A::AtLeast(1))
.alias_line("docker image rm, docker image remove, docker rmi");

/// `docker tag`.
pub(super) const TAG: CommandSpec = CommandSpec::new(
    "tag",
    "SOURCE_IMAGE[:TAG] TARGET_IMAGE[:TAG]",
    "Create a tag TARGET_IMAGE that refers to SOURCE_IMAGE",
)
.arguments(A::Exactly(2))
.alias_line("docker image tag, docker tag");

/// `docker history`.
pub(super) const HISTORY: CommandSpec =
    CommandSpec::new("history", "[OPTIONS] IMAGE", "Show the history of an image")
        .flags(HISTORY_FLAGS)
        .arguments(A::Exactly(1))
        .alias_line("docker image history, docker history");

/// The subcommands of `docker image`.
const IMAGE_COMMANDS: &[CommandSpec] = &[
    BUILD,
    HISTORY,
    CommandSpec::listed(
        "import",
        "Import the contents from a tarball to create a filesystem image",
    ),
    CommandSpec::new(
        "inspect",
        "[OPTIONS] IMAGE [IMAGE...]",
        "Display detailed information on one or more images",
    )
    .flags(INSPECT_FLAGS)
    .arguments(A::AtLeast(1)),
    CommandSpec::listed("load", "Load an image from a tar archive or STDIN"),
    CommandSpec::new("ls", "[OPTIONS] [REPOSITORY[:TAG]]", "List images")
        .flags(LIST_FLAGS)
        .arguments(A::AtMost(1))
        .aliases(&["list"])
        .alias_line("docker image ls, docker image list, docker images"),
    CommandSpec::new("prune", "[OPTIONS]", "Remove unused images")
        .flags(PRUNE_FLAGS)
        .arguments(A::None),
    PULL,
    PUSH,
    CommandSpec::new(
        "rm",
        "[OPTIONS] IMAGE [IMAGE...]",
        "Remove one or more images",
    )
    .flags(REMOVE_FLAGS)
    .arguments(A::AtLeast(1))
    .aliases(&["rmi", "remove"])
    .alias_line("docker image rm, docker image remove, docker rmi"),
    CommandSpec::listed(
        "save",
        "Save one or more images to a tar archive (streamed to STDOUT by default)",
    ),
    TAG,
];

/// `docker image`.
pub(super) const IMAGE: CommandSpec =
    CommandSpec::management("image", "Manage images", IMAGE_COMMANDS)
        .category(Category::Management);
