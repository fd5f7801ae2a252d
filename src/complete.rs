//! Tab completion for the terminal: commands, `docker` subcommands and
//! flags from the engine's command tree, and the names of images,
//! containers, networks and volumes from the view, as bash's completion
//! for docker offers them.

use engine::client::flags::ValueType;
use engine::client::spec::{self, CommandSpec};
use engine::view::{HostView, WorldView};
use shared_sort::SharedSort;

/// Commands the host shell runs besides `docker`.
const SHELL_COMMANDS: [&str; 12] = [
    "cat", "cd", "clear", "docker", "echo", "env", "export", "false", "ls", "pwd", "true", "unset",
];

/// The completions of the word before the cursor.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Completion {
    /// Byte offset in the line where the word being completed starts.
    pub start: usize,
    /// The part of the word typed so far.
    pub partial: String,
    /// Words that start with `partial`, sorted.
    pub candidates: Vec<String>,
}

impl Completion {
    /// Returns the text that replaces the word: the only candidate and a
    /// space, or the candidates' longest common prefix; `None` when Tab
    /// cannot add anything.
    pub fn insertion(&self) -> Option<String> {
        match self.candidates.as_slice() {
            [] => None,
            [only] => Some(format!("{only} ")),
            many => {
                let prefix = common_prefix(many);
                (prefix.len() > self.partial.len()).then_some(prefix)
            }
        }
    }
}

/// Completes the last word of `line`, the text before the cursor.
pub fn complete(line: &str, view: &WorldView) -> Completion {
    let start = line
        .rfind(char::is_whitespace)
        .map(|index| index + line[index..].chars().next().map_or(1, char::len_utf8))
        .unwrap_or(0);
    let partial = &line[start..];
    let words: Vec<String> = line[..start]
        .split_whitespace()
        .map(str::to_string)
        .collect();
    let mut candidates = match words.split_first() {
        None => SHELL_COMMANDS.iter().map(|name| name.to_string()).collect(),
        Some((first, args)) if first == "docker" => docker_candidates(args, partial, view),
        Some(_) => Vec::new(),
    };
    candidates.retain(|candidate| candidate.starts_with(partial));
    candidates.shared_sort();
    candidates.dedup();
    Completion {
        start,
        partial: partial.to_string(),
        candidates,
    }
}

/// The kind of object a word after `docker` names.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Kind {
    Image,
    Container(Filter),
    ContainerOrImage,
    Network,
    Volume,
    Nothing,
}

/// The containers a command applies to, by state.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Filter {
    All,
    Running,
    Stopped,
    Paused,
}

fn docker_candidates(args: &[String], partial: &str, view: &WorldView) -> Vec<String> {
    let (path, command, rest) = command_of(args);
    if let Some(flag) = value_flag(command, rest.last()) {
        return names(flag_value_kind(flag), partial, view);
    }
    if partial.starts_with('-') {
        return spec::completions(args, partial);
    }
    let positionals = count_positionals(command, rest);
    if command.has_subcommands() && positionals == 0 {
        return spec::completions(args, partial);
    }
    names(argument_kind(&path, positionals), partial, view)
}

/// Walks the subcommands `args` name and returns the command path, the
/// command, and the words after the path.
fn command_of(args: &[String]) -> (Vec<&str>, &'static CommandSpec, &[String]) {
    let mut command: &'static CommandSpec = &spec::ROOT;
    let mut path = Vec::new();
    let mut rest = 0;
    for (index, word) in args.iter().enumerate() {
        if word.starts_with('-') {
            continue;
        }
        match command.subcommand(word) {
            Some(next) => {
                command = next;
                path.push(next.name);
                rest = index + 1;
            }
            None => break,
        }
    }
    (path, command, &args[rest..])
}

/// Returns the flag `word` names when it waits for its value in the next word.
fn value_flag(
    command: &CommandSpec,
    word: Option<&String>,
) -> Option<&'static engine::client::flags::FlagSpec> {
    let word = word?;
    let flags = command.flag_set();
    let flag = if let Some(long) = word.strip_prefix("--") {
        if long.contains('=') {
            return None;
        }
        flags.lookup(long)
    } else {
        let shorthands = word.strip_prefix('-').filter(|rest| !rest.is_empty())?;
        let last = shorthands.chars().last()?;
        let flag = flags
            .flags()
            .iter()
            .copied()
            .find(|flag| flag.shorthand == Some(last))?;
        // `-p8080` carries its value; only a shorthand at the end waits for one.
        let attached = shorthands.chars().position(|character| character == last)
            != Some(shorthands.chars().count() - 1);
        (!attached).then_some(flag)
    }?;
    (flag.value_type != ValueType::Bool).then_some(flag)
}

fn flag_value_kind(flag: &engine::client::flags::FlagSpec) -> Kind {
    match flag.name {
        "network" | "net" => Kind::Network,
        "volumes-from" | "link" => Kind::Container(Filter::All),
        "volume" => Kind::Volume,
        _ => Kind::Nothing,
    }
}

/// Counts the arguments before the cursor that are not flags or flag values.
fn count_positionals(command: &CommandSpec, words: &[String]) -> usize {
    let mut count = 0;
    let mut index = 0;
    while index < words.len() {
        let word = &words[index];
        if word == "--" {
            return count + words.len() - index - 1;
        }
        if word.starts_with('-') && word.len() > 1 {
            if value_flag(command, Some(word)).is_some() {
                index += 1;
            }
        } else {
            count += 1;
        }
        index += 1;
    }
    count
}

/// Returns what the argument at `position` of the command at `path` names.
fn argument_kind(path: &[&str], position: usize) -> Kind {
    match path {
        ["image", rest @ ..] => image_argument(rest, position),
        ["container", rest @ ..] => container_argument(rest, position),
        ["network", "rm" | "inspect"] => Kind::Network,
        ["network", "connect" | "disconnect"] if position == 0 => Kind::Network,
        ["network", "connect" | "disconnect"] if position == 1 => Kind::Container(Filter::All),
        ["volume", "rm" | "inspect"] => Kind::Volume,
        ["inspect"] => Kind::ContainerOrImage,
        ["rmi"] => Kind::Image,
        ["pull" | "push" | "history" | "save" | "tag"] => image_argument(path, position),
        _ => container_argument(path, position),
    }
}

/// Returns what an argument of `docker image COMMAND` names.
fn image_argument(path: &[&str], position: usize) -> Kind {
    match (path, position) {
        (["pull" | "push" | "history"], 0) | (["tag"], 0) => Kind::Image,
        (["rm" | "inspect" | "save"], _) => Kind::Image,
        _ => Kind::Nothing,
    }
}

/// Returns what an argument of `docker container COMMAND` (or its
/// top-level shortcut) names.
fn container_argument(path: &[&str], position: usize) -> Kind {
    match (path, position) {
        (["run" | "create"], 0) => Kind::Image,
        (["start"], _) => Kind::Container(Filter::Stopped),
        (["stop" | "restart" | "kill" | "pause" | "top" | "stats"], _) => {
            Kind::Container(Filter::Running)
        }
        (["exec" | "attach"], 0) => Kind::Container(Filter::Running),
        (["unpause"], _) => Kind::Container(Filter::Paused),
        (["rm" | "logs" | "port" | "diff" | "wait" | "inspect"], _) => Kind::Container(Filter::All),
        (["rename" | "commit" | "export"], 0) => Kind::Container(Filter::All),
        _ => Kind::Nothing,
    }
}

fn names(kind: Kind, partial: &str, view: &WorldView) -> Vec<String> {
    let Some(host) = view.hosts.iter().find(|host| host.name == view.target_host) else {
        return Vec::new();
    };
    match kind {
        Kind::Image => image_names(host, partial),
        Kind::Container(filter) => container_names(host, filter, partial),
        Kind::ContainerOrImage => {
            let mut both = container_names(host, Filter::All, partial);
            both.extend(image_names(host, partial));
            both
        }
        Kind::Network => host
            .networks
            .iter()
            .map(|network| network.name.clone())
            .collect(),
        Kind::Volume => host
            .volumes
            .iter()
            .map(|volume| volume.name.clone())
            .collect(),
        Kind::Nothing => Vec::new(),
    }
}

/// Lists `repository:tag` for every tag and the bare repository for
/// `latest`; short IDs only once the user started typing one.
fn image_names(host: &HostView, partial: &str) -> Vec<String> {
    let mut names = Vec::new();
    for image in &host.images {
        for tag in &image.tags {
            names.push(tag.clone());
            if let Some(repository) = tag.strip_suffix(":latest") {
                names.push(repository.to_string());
            }
        }
        let short = image
            .id
            .trim_start_matches("sha256:")
            .chars()
            .take(12)
            .collect::<String>();
        if !partial.is_empty() && short.starts_with(partial) {
            names.push(short);
        }
    }
    names
}

fn container_names(host: &HostView, filter: Filter, partial: &str) -> Vec<String> {
    let mut names = Vec::new();
    for container in &host.containers {
        let wanted = match filter {
            Filter::All => true,
            Filter::Running => container.state == "running",
            Filter::Stopped => matches!(container.state.as_str(), "created" | "exited" | "dead"),
            Filter::Paused => container.state == "paused",
        };
        if !wanted {
            continue;
        }
        names.push(container.name.clone());
        let short: String = container.id.chars().take(12).collect();
        if !partial.is_empty() && short.starts_with(partial) {
            names.push(short);
        }
    }
    names
}

fn common_prefix(words: &[String]) -> String {
    let Some(first) = words.first() else {
        return String::new();
    };
    let mut end = first.len();
    for word in &words[1..] {
        end = first
            .char_indices()
            .zip(word.chars())
            .take_while(|((_, a), b)| a == b)
            .map(|((index, a), _)| index + a.len_utf8())
            .last()
            .unwrap_or(0)
            .min(end);
    }
    first[..end].to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use engine::view::{ContainerView, ImageView, NetworkView};

    fn container(name: &str, id: &str, state: &str) -> ContainerView {
        ContainerView {
            id: id.into(),
            name: name.into(),
            image: "alpine".into(),
            image_id: String::new(),
            state: state.into(),
            status: String::new(),
            command: String::new(),
            ports: Vec::new(),
            oom_killed: false,
            exit_code: 0,
            namespaces: Vec::new(),
            processes: Vec::new(),
            cgroup: None,
            mounts: Vec::new(),
            networks: Vec::new(),
            ip_address: String::new(),
            hostname: String::new(),
        }
    }

    fn view() -> WorldView {
        let image = |id: &str, tags: &[&str]| ImageView {
            id: id.into(),
            tags: tags.iter().map(|tag| tag.to_string()).collect(),
            layers: Vec::new(),
            size: 0,
            created: 0,
        };
        let network = |name: &str| NetworkView {
            id: name.into(),
            name: name.into(),
            driver: "bridge".into(),
            subnet: String::new(),
            gateway: String::new(),
        };
        WorldView {
            client_host: "laptop".into(),
            target_host: "laptop".into(),
            hosts: vec![HostView {
                name: "laptop".into(),
                images: vec![
                    image("sha256:b3c5668673b1ff", &["scrapyd-demo:latest"]),
                    image("sha256:61f4ded98132aa", &["python:3.12-slim"]),
                ],
                containers: vec![
                    container("scrapyd_demo_6818", "cb53ccf10dae99", "running"),
                    container("old_one", "aa11bb22cc33dd", "exited"),
                ],
                networks: vec![network("bridge"), network("host"), network("none")],
                ..HostView::default()
            }],
            ..WorldView::default()
        }
    }

    /// Returns the candidates for the line.
    fn offered(line: &str) -> Vec<String> {
        complete(line, &view()).candidates
    }

    #[test]
    fn completes_table() {
        let cases: &[(&str, &[&str])] = &[
            ("doc", &["docker"]),
            ("cl", &["clear"]),
            ("docker pu", &["pull", "push"]),
            ("docker network c", &["connect", "create"]),
            ("docker run --rm", &["--rm"]),
            ("docker run scr", &["scrapyd-demo", "scrapyd-demo:latest"]),
            ("docker run -d --name web py", &["python:3.12-slim"]),
            ("docker run -it p", &["python:3.12-slim"]),
            ("docker stop ", &["scrapyd_demo_6818"]),
            ("docker start ", &["old_one"]),
            ("docker rm ", &["old_one", "scrapyd_demo_6818"]),
            ("docker rm cb5", &["cb53ccf10dae"]),
            ("docker container stop s", &["scrapyd_demo_6818"]),
            ("docker exec -it s", &["scrapyd_demo_6818"]),
            ("docker exec -it scrapyd_demo_6818 ", &[]),
            ("docker run --network ", &["bridge", "host", "none"]),
            ("docker run --network=", &[]),
            ("docker rmi p", &["python:3.12-slim"]),
            (
                "docker image rm s",
                &["scrapyd-demo", "scrapyd-demo:latest"],
            ),
            ("docker inspect o", &["old_one"]),
            ("docker network rm h", &["host"]),
            ("docker network connect bridge o", &["old_one"]),
            ("docker build -t ", &[]),
            ("ls do", &[]),
        ];
        for (line, expected) in cases {
            assert_eq!(offered(line), *expected, "line {line:?}");
        }
    }

    #[test]
    fn flag_value_is_not_a_positional() {
        // `--name web` takes its value, so `alp` is the image argument.
        assert_eq!(
            count_positionals(
                spec::find(&["run"]).unwrap(),
                &["--name".into(), "web".into()]
            ),
            0
        );
        assert_eq!(
            count_positionals(
                spec::find(&["run"]).unwrap(),
                &["-p8080:80".into(), "img".into()]
            ),
            1
        );
    }

    #[test]
    fn insertion_adds_space_after_only_candidate() {
        let completion = complete("docker vers", &view());
        assert_eq!(completion.start, 7);
        assert_eq!(completion.insertion().as_deref(), Some("version "));
    }

    #[test]
    fn insertion_extends_to_common_prefix() {
        let completion = complete("docker run scr", &view());
        assert_eq!(completion.insertion().as_deref(), Some("scrapyd-demo"));
        let stuck = complete("docker pu", &view());
        assert_eq!(stuck.insertion(), None, "pull and push share only `pu`");
    }

    #[test]
    fn common_prefix_respects_characters() {
        assert_eq!(common_prefix(&["héllo".into(), "hélp".into()]), "hél");
        assert_eq!(common_prefix(&["a".into(), "b".into()]), "");
        assert_eq!(common_prefix(&["same".into()]), "same");
    }

    #[test]
    fn odd_input_never_panics() {
        for line in [
            "",
            " ",
            "docker",
            "docker ",
            "docker --",
            "docker -",
            "  docker  run  ",
            "é é",
            "docker run -",
            "docker\tps",
        ] {
            let _ = complete(line, &view());
        }
    }
}
