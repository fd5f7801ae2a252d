//! Property tests: no line typed into a container's shell, and no
//! sequence of the kernel's commands (`exec`, `top`, `stats`, `update`,
//! `commit`, `cp`) makes the world panic or hang, whatever the limits the
//! container runs under.

use std::sync::OnceLock;

use engine::World;
use proptest::prelude::*;

/// Returns a world with running containers under limits: `box` (alpine,
/// 64 MiB, 20 PIDs, half a CPU), `web` (nginx with a bind mount and a
/// volume) and `stress` (polinux/stress), with an exec shell open in `box`.
fn base_world() -> &'static World {
    static BASE: OnceLock<World> = OnceLock::new();
    BASE.get_or_init(|| {
        let mut world = World::new();
        for line in [
            "docker pull alpine",
            "docker pull nginx",
            "docker pull polinux/stress",
            "docker network create net",
            "docker run -d --name box -m 64m --pids-limit 20 --cpus 0.5 --network net alpine sleep infinity",
            "docker run -d --name web -v /home/learner/project:/src -v data:/data --network net nginx",
            "docker run -d --name stress -m 32m polinux/stress stress --cpu 1",
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

/// Generates a word of a shell line: commands the interpreter and the
/// kernel model answer, paths of the kernel's files, workloads, and odd
/// text.
fn word() -> impl Strategy<Value = String> + Clone {
    prop_oneof![
        8 => one_of(&[
            "ps", "ps aux", "top -b -n 1", "ip addr", "ip route", "hostname", "mount", "df", "free", "uname -a",
            "cat /sys/fs/cgroup/memory.max", "cat /sys/fs/cgroup/cpu.stat", "cat /proc/self/cgroup",
            "cat /proc/1/status", "ls -l /proc/self/ns", "readlink /proc/1/ns/net", "ls /sys/fs/cgroup",
            "getent hosts web", "ping -c 2 web", "ping box", "stress --vm 1 --vm-bytes 128M",
            "stress --cpu 2 --timeout 3", "yes > /dev/null", "yes > /dev/null &", "sleep 1", "sleep infinity &",
            "bomb(){ bomb|bomb& };bomb", "while true; do :; done", "echo $$", "exit", "exit 3", "cd /src",
            "echo x > /data/f", "rm -rf /etc", "cat /etc/hosts", "touch /proc/x", "echo 1 > /sys/fs/cgroup/pids.max",
            "kill -9 1", "sh -c 'exit 5'", "^C", "^D", "^P^Q", "'", "\"", "$(", "|", "&&", ";", "&",
        ]),
        1 => "[ -~]{0,20}",
    ]
}

/// Generates a line typed into a shell.
fn shell_line() -> impl Strategy<Value = String> {
    prop::collection::vec(word(), 1..4).prop_map(|words| words.join(" "))
}

/// Generates a docker command of the kernel's families.
fn docker_line() -> impl Strategy<Value = String> {
    let target =
        prop_oneof![4 => one_of(&["box", "web", "stress", "nope"]), 1 => "[a-z0-9:/._-]{0,10}"];
    let command = one_of(&[
        "docker exec",
        "docker exec -it",
        "docker exec -d",
        "docker exec -i",
        "docker top",
        "docker stats --no-stream",
        "docker update -m 128m --memory-swap 256m",
        "docker update --cpus 9",
        "docker update --pids-limit 5",
        "docker commit",
        "docker cp",
        "docker diff",
        "docker stop -t 0",
        "docker kill",
        "docker pause",
        "docker unpause",
        "docker rm -f",
        "docker restart -t 0",
        "docker attach",
        "docker attach --no-stdin",
    ]);
    let rest = one_of(&[
        "",
        "sh",
        "bash",
        "ps",
        "aux",
        "-ef",
        "-o pid,comm",
        "-eo comm=PID",
        "-o ,",
        "ls /",
        "img:1",
        "Bad:Tag",
        ":/etc/hosts .",
        "nope",
        "stress --vm 1 --vm-bytes 1G",
        "^P^Q",
        "^C",
    ]);
    (command, target, rest).prop_map(|(command, target, rest)| {
        if command == "docker cp" {
            format!("{command} {target}{rest}")
        } else {
            format!("{command} {target} {rest}")
        }
    })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 200, .. ProptestConfig::default() })]

    #[test]
    fn shell_lines_never_panic(lines in prop::collection::vec(shell_line(), 1..10)) {
        let mut world = base_world().clone();
        world.run_line("docker exec -it box sh");
        for line in &lines {
            let _ = world.prompt();
            let _ = world.run_line(line);
        }
        let _ = world.run_line("exit");
        let _ = world.run_line("docker ps -a");
        let _ = world.view();
    }

    #[test]
    fn kernel_commands_never_panic(lines in prop::collection::vec(prop_oneof![3 => docker_line(), 2 => shell_line()], 1..10)) {
        let mut world = base_world().clone();
        for line in &lines {
            let _ = world.prompt();
            let _ = world.run_line(line);
        }
        let _ = world.run_line("docker stats --no-stream");
        let _ = world.view();
    }
}

/// A fork bomb under a PIDs limit and a memory hog under a memory limit
/// end in the shell, and the container keeps running.
#[test]
fn limits_stop_runaway_workloads() {
    let mut world = base_world().clone();
    world.run_line("docker exec -it box sh");
    let result = world.run_line("bomb(){ bomb|bomb& };bomb");
    assert!(
        result.text().contains("Cannot fork")
            || result.text().contains("Resource temporarily unavailable"),
        "{}",
        result.text()
    );
    let result = world.run_line("cat /sys/fs/cgroup/pids.events");
    assert_ne!(result.text(), "max 0\n");
    world.run_line("exit");
    let result = world.run_line("docker inspect -f '{{.State.Running}}' box");
    assert_eq!(result.text(), "true\n");
}
