//! Property tests: no sequence of container, network and volume commands
//! makes the world panic or hang, whatever their flags and values, and
//! whether or not a terminal session is attached.

use std::sync::OnceLock;

use engine::World;
use proptest::prelude::*;

/// Returns a world with `alpine`, `nginx` and `redis` pulled and a few
/// containers, a network and a volume in place.
fn base_world() -> &'static World {
    static BASE: OnceLock<World> = OnceLock::new();
    BASE.get_or_init(|| {
        let mut world = World::new();
        for line in [
            "docker pull alpine",
            "docker pull nginx",
            "docker pull redis",
            "docker network create net",
            "docker volume create data",
            "docker run -d --name web -p 8080:80 nginx",
            "docker run -d --name db --network net -v data:/data redis",
            "docker create --name idle alpine echo hi",
        ] {
            world.run_line(line);
        }
        world
    })
}

/// Picks one of a list of texts.
fn one_of(texts: &'static [&'static str]) -> impl Strategy<Value = String> + Clone {
    prop::sample::select(texts).prop_map(str::to_string)
}

/// Generates names that exist in the base world, names that do not, and
/// odd text.
fn name() -> impl Strategy<Value = String> + Clone {
    prop_oneof![
        6 => one_of(&["web", "db", "idle", "net", "data", "bridge", "host", "none", "x", "nope", "''", "w", "/web"]),
        1 => "[a-z0-9:/._=-]{0,12}",
    ]
}

/// Builds lines of one command family: the command, some of its options
/// (now and then a made-up one), a target and trailing arguments.
fn family(
    commands: &'static [&'static str],
    options: &'static [&'static str],
    targets: impl Strategy<Value = String> + Clone,
    rest: &'static [&'static str],
) -> impl Strategy<Value = String> {
    let option = prop_oneof![8 => one_of(options), 1 => "-{1,2}[a-z-]{1,12}(=[a-z0-9:/.-]{0,8})?"];
    (
        one_of(commands),
        prop::collection::vec(option, 0..4),
        targets,
        one_of(rest),
    )
        .prop_map(|(command, options, target, rest)| {
            format!("{command} {} {target} {rest}", options.join(" "))
        })
}

/// Generates `docker run` and `docker create` lines.
fn run_line() -> impl Strategy<Value = String> {
    family(
        &[
            "docker run",
            "docker run -d",
            "docker run -it",
            "docker run --rm",
            "docker run -i",
            "docker create",
        ],
        &[
            "--name x",
            "--name web",
            "-p 80",
            "-p 8080:80",
            "-p 1-65535",
            "-p 0-65535:80",
            "-p 127.0.0.1::80",
            "-p [::1]:9000:80/udp",
            "-p 9000-9001:80-81",
            "-P",
            "--expose 1-65535",
            "-v /a:/b",
            "-v data:/d:ro",
            "-v /cache",
            "--mount type=tmpfs,dst=/t",
            "--mount type=volume,src=data,dst=/m",
            "--network net",
            "--network host",
            "--network none",
            "--network container:web",
            "--network nope",
            "--ip 10.0.0.300",
            "--ip 172.18.0.9",
            "--network-alias a",
            "--restart always",
            "--restart on-failure:3",
            "--restart unless-stopped",
            "--rm",
            "-e A=b",
            "--env-file missing.env",
            "-m 4m",
            "--cpus 0.001",
            "--pids-limit -1",
            "--stop-timeout 1",
            "--stop-signal SIGINT",
            "--entrypoint ''",
            "--entrypoint sh",
            "-w rel",
            "-u 65536:65536",
            "--link web:w",
            "--label a=b",
            "-d",
            "-i",
            "-t",
            "-it",
            "-a stdout",
            "--sig-proxy=false",
            "--init",
            "--read-only",
            "--tmpfs /run",
            "-h box",
            "--add-host a:1.2.3.4",
            "--platform linux/arm64",
            "--pull always",
            "--pull never",
        ],
        prop_oneof![6 => one_of(&["alpine", "nginx", "redis", "busybox", "web", "nope:1"]), 1 => name()],
        &[
            "",
            "sh -c 'exit 3'",
            "sleep 5",
            "sleep 1000",
            "echo hi",
            "cat",
            "true",
            "false",
            "ls /",
            "nope",
            "sh",
            "redis-server",
            "nginx -g 'daemon off;'",
            "redis-server --port 7000",
            "sh -c 'kill -9 $$'",
        ],
    )
}

/// Generates commands on existing containers.
fn container_line() -> impl Strategy<Value = String> {
    family(
        &[
            "docker start",
            "docker start -a",
            "docker start -ai",
            "docker stop",
            "docker kill",
            "docker restart",
            "docker pause",
            "docker unpause",
            "docker rm",
            "docker rm -f",
            "docker rm -v",
            "docker rename",
            "docker wait",
            "docker logs",
            "docker logs -f",
            "docker inspect",
            "docker container inspect",
            "docker port",
            "docker diff",
            "docker container prune -f",
        ],
        &[
            "-t -1",
            "-t 0",
            "-t 99999999999",
            "--time 1",
            "--signal KILL",
            "-s SIGWINCH",
            "-s 99",
            "-s HUP",
            "--since 1h",
            "--until 2025-10-20",
            "--since 2025-10-20T09:00:00Z",
            "--tail all",
            "-n 0",
            "-n 2",
            "-t",
            "--timestamps",
            "--details",
            "-f",
            "-s",
            "--size",
            "--type container",
            "--format json",
        ],
        name(),
        &["", "web", "db idle", "80", "80/udp", "x y", "y"],
    )
}

/// Generates `docker ps` lines.
fn ps_line() -> impl Strategy<Value = String> {
    family(
        &["docker ps", "docker ps -a", "docker container ls"],
        &[
            "--filter status=exited",
            "--filter status=nope",
            "--filter name=^w",
            "--filter name=(",
            "--filter label=a=b",
            "--filter exited=137",
            "--filter exited=x",
            "--filter before=web",
            "--filter since=nope",
            "--filter ancestor=alpine",
            "--filter network=net",
            "--filter volume=data",
            "--filter publish=80",
            "--filter expose=1-2/udp",
            "--filter health=none",
            "--filter is-task=true",
            "-q",
            "-s",
            "--no-trunc",
            "-l",
            "-n 2",
            "-n -1",
            "--format json",
        ],
        Just(String::new()),
        &[""],
    )
}

/// Generates `docker network` and `docker volume` lines.
fn object_line() -> impl Strategy<Value = String> {
    family(
        &[
            "docker network create",
            "docker network connect",
            "docker network disconnect",
            "docker network disconnect -f",
            "docker network rm",
            "docker network ls",
            "docker network inspect",
            "docker network prune -f",
            "docker volume create",
            "docker volume rm",
            "docker volume rm -f",
            "docker volume ls",
            "docker volume inspect",
            "docker volume prune -af",
            "docker volume prune -f",
        ],
        &[
            "--subnet 10.0.0.0/32",
            "--subnet 0.0.0.0/0",
            "--subnet 172.17.0.0/16",
            "--subnet 10.9.0.0/30",
            "--subnet 10.9.0.0/24",
            "--gateway 10.9.0.2",
            "--gateway 10.8.0.1",
            "--ip 10.9.0.3",
            "--alias a",
            "--internal",
            "--attachable",
            "--driver overlay",
            "--driver host",
            "-o size=1g",
            "--label a=b",
            "--filter driver=bridge",
            "--filter dangling=true",
            "--filter label=a",
            "--filter name=d",
            "-q",
            "--format json",
            "--ip-range 10.9.0.0/28",
        ],
        name(),
        &["", "web", "db", "idle x", "data"],
    )
}

/// Generates a line: a command, or what the user types into an attached
/// session.
fn line() -> impl Strategy<Value = String> {
    prop_oneof![
        3 => run_line(),
        4 => container_line(),
        1 => ps_line(),
        2 => object_line(),
        2 => one_of(&["^C", "^P^Q", "exit 3", "echo $?", "ls", "", "hello"]),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 300, .. ProptestConfig::default() })]

    #[test]
    fn command_sequences_never_panic(lines in prop::collection::vec(line(), 1..12)) {
        let mut world = base_world().clone();
        for line in &lines {
            let _ = world.prompt();
            let _ = world.run_line(line);
        }
        let _ = world.run_line("docker ps -a");
        let _ = world.run_line("docker system df");
    }
}

/// Publishing every port runs out of ephemeral ports with an error rather
/// than hanging, and a range of fixed ports binds them all.
#[test]
fn publishing_every_port_ends() {
    let mut world = base_world().clone();
    let result = world.run_line("docker run -d -p 1-65535 alpine sleep 100");
    assert_eq!(result.exit_code, 125);
    assert!(
        result.text().contains("all ports are allocated"),
        "{}",
        result.text()
    );
    let result = world.run_line("docker run -d -p 30000-65535:1-35536 alpine sleep 100");
    assert_eq!(result.exit_code, 0, "{}", result.text());
}
