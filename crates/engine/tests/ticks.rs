//! `World::tick`: logical time the page lets pass while a session is
//! attached to the terminal, and what the session prints in that time.

use engine::World;

/// Returns a world with a CPU hog under half a CPU and `docker stats`
/// streaming.
fn streaming_stats() -> World {
    let mut world = World::new();
    for line in [
        "docker run -d --name hog --cpus 0.5 polinux/stress stress --cpu 1",
        "docker stats --format '{{.Name}} {{.CPUPerc}}'",
    ] {
        world.run_line(line);
    }
    world
}

/// Counts the frames in some output: each starts with cursor-home twice.
fn frames(text: &str) -> usize {
    text.matches("\x1b[H").count() / 2
}

#[test]
fn tick_without_a_session_changes_nothing() {
    let mut world = World::new();
    world.run_line("docker run -d --name idle alpine sleep 1000");
    let before = world.view();
    assert!(!world.wants_ticks());
    assert!(world.tick(1_000).is_none());
    assert_eq!(world.view(), before);
}

#[test]
fn stats_draws_one_frame_per_second() {
    let cases = [(999, 0), (1_000, 1), (3_000, 3)];
    for (millis, expected) in cases {
        let mut world = streaming_stats();
        assert!(world.wants_ticks());
        let result = world.tick(millis).expect("stats wants ticks");
        assert_eq!(frames(&result.text()), expected, "{millis} ms");
        if expected > 0 {
            assert!(result.text().contains("hog 50.00%"), "{}", result.text());
        }
    }
}

#[test]
fn frames_add_up_across_ticks() {
    let mut world = streaming_stats();
    let halves: usize = (0..4)
        .map(|_| frames(&world.tick(500).expect("ticks").text()))
        .sum();
    assert_eq!(halves, 2);
}

#[test]
fn clone_keeps_its_own_time() {
    let mut world = streaming_stats();
    let snapshot = world.clone();
    let first = world.tick(1_000).expect("ticks");
    let mut again = snapshot.clone();
    assert_eq!(again.tick(1_000).expect("ticks"), first);
    assert_eq!(snapshot.view(), streaming_stats().view());
}

#[test]
fn interrupt_ends_the_stream() {
    let mut world = streaming_stats();
    world.tick(2_000);
    let result = world.run_line("^C");
    assert_eq!(
        result.text(),
        "",
        "the ticks replaced the think time, so no frame is due"
    );
    assert_eq!(result.exit_code, 0);
    assert!(!world.is_attached());
    assert!(!world.wants_ticks());
    assert!(world.tick(1_000).is_none());
}

#[test]
fn foreground_workload_waits_for_interrupt() {
    let mut world = World::new();
    for line in [
        "docker run -d --name box --cpus 0.5 polinux/stress sleep 1000",
        "docker exec -it box sh",
        "yes > /dev/null",
    ] {
        world.run_line(line);
    }
    assert!(world.wants_ticks());
    assert_eq!(world.prompt(), "");
    let result = world.tick(1_000).expect("the workload wants ticks");
    assert_eq!(result.text(), "");
    assert_eq!(world.run_line("^C").exit_code, 130);
    assert!(!world.wants_ticks());
    assert_eq!(world.prompt(), "/ # ");
    assert_eq!(world.run_line("echo $?").text(), "130\n");
    let usage = world.run_line("head -1 /sys/fs/cgroup/cpu.stat").text();
    assert_eq!(
        usage, "usage_usec 501000\n",
        "a second of tick at half a CPU; the ticks replaced the think time"
    );
}

#[test]
fn foreground_workload_meets_oom_killer() {
    let mut world = World::new();
    let lines = [
        "docker run -it --name py -m 384m python:3.12-slim bash",
        "python3 -c \"a = []",
        "while True: a.append(' ' * 10**6)\"",
    ];
    for line in lines {
        world.run_line(line);
    }
    let printed: String = (0..5)
        .filter_map(|_| world.tick(1_000))
        .map(|result| result.text())
        .collect();
    assert_eq!(printed, "Killed\n");
    assert!(!world.wants_ticks());
    assert_eq!(world.run_line("echo $?").text(), "137\n");
}

#[test]
fn interrupt_at_an_idle_prompt_sets_the_status() {
    let cases = [
        ("docker exec -it box sh", "/ # "),
        ("docker run -it --name shell alpine sh", "/ # "),
        ("docker run -it --name deb debian bash", "root@"),
    ];
    for (open, prompt) in cases {
        let mut world = World::new();
        world.run_line("docker run -d --name box alpine sleep 1000");
        world.run_line(open);
        assert!(
            world.prompt().starts_with(prompt),
            "{open}: {}",
            world.prompt()
        );
        world.run_line("false");
        world.run_line("^C");
        assert!(world.is_attached(), "{open}");
        assert_eq!(world.run_line("echo $?").text(), "130\n", "{open}");
    }
}

/// Returns the PIDs and bytes the view shows in the cgroup of `name`.
fn cgroup_use(world: &World, name: &str) -> (u64, u64) {
    let view = world.view();
    let container = view
        .hosts
        .iter()
        .flat_map(|host| &host.containers)
        .find(|container| container.name == name)
        .expect("the container shows");
    let cgroup = container
        .cgroup
        .as_ref()
        .expect("a running container has a cgroup");
    (cgroup.pids_current, cgroup.memory_current)
}

#[test]
fn view_drops_ended_processes() {
    let mut world = World::new();
    for line in [
        "docker run -d --name box -m 64m polinux/stress sleep 1000",
        "docker exec -it box sh",
    ] {
        world.run_line(line);
    }
    let (shell_pids, shell_memory) = cgroup_use(&world, "box");
    world.run_line("stress --cpu 1 --vm 1 --vm-bytes 32M");
    world.tick(2_000);
    assert!(cgroup_use(&world, "box").0 > shell_pids);
    world.run_line("^C");
    assert_eq!(
        cgroup_use(&world, "box"),
        (shell_pids, shell_memory),
        "after ^C"
    );
    world.run_line("exit");
    assert_eq!(cgroup_use(&world, "box").0, shell_pids - 1, "after exit");
}

/// Returns a world with a bash exec in a 384 MiB container, running a
/// Python loop that grows until the OOM killer kills it.
fn growing_job_in_exec() -> World {
    let mut world = World::new();
    for line in [
        "docker run -d --name py -m 384m python:3.12-slim sleep 1000",
        "docker exec -it py bash",
        "python3 -c \"a = []",
        "while True: a.append(' ' * 10**6)\"",
    ] {
        world.run_line(line);
    }
    assert!(world.wants_ticks(), "the loop holds the shell");
    world
}

#[test]
fn lines_typed_during_a_job_run_after_it() {
    let mut world = growing_job_in_exec();
    world.tick(100);
    assert_eq!(world.run_line("echo typed ahead").text(), "");
    assert_eq!(world.run_line("false").text(), "");
    let printed: String = (0..5)
        .filter_map(|_| world.tick(1_000))
        .map(|result| result.text())
        .collect();
    let prompt = world.prompt();
    assert!(prompt.starts_with("root@"), "{prompt}");
    assert_eq!(
        printed,
        format!("Killed\n{prompt}echo typed ahead\ntyped ahead\n{prompt}false\n")
    );
    assert_eq!(world.run_line("echo $?").text(), "1\n");
}

#[test]
fn interrupt_discards_lines_typed_during_a_job() {
    let mut world = growing_job_in_exec();
    world.tick(100);
    world.run_line("echo typed ahead");
    world.run_line("^C");
    let printed: String = (0..5)
        .filter_map(|_| world.tick(1_000))
        .map(|result| result.text())
        .collect();
    assert_eq!(printed, "");
    assert_eq!(world.run_line("echo $?").text(), "130\n");
}

#[test]
fn exit_typed_during_a_job_ends_the_exec() {
    let mut world = growing_job_in_exec();
    world.tick(100);
    world.run_line("exit 3");
    world.run_line("echo never");
    let ended = (0..5).filter_map(|_| world.tick(1_000)).last();
    assert_eq!(ended.map(|result| result.exit_code), Some(3));
    assert!(!world.is_attached());
    assert_eq!(world.prompt(), "$ ");
}

#[test]
fn typed_lines_run_after_main_shell_job() {
    let mut world = World::new();
    for line in [
        "docker run -it --name py -m 384m python:3.12-slim bash",
        "python3 -c \"a = []",
        "while True: a.append(' ' * 10**6)\"",
    ] {
        world.run_line(line);
    }
    world.tick(100);
    assert_eq!(world.run_line("echo typed ahead").text(), "");
    let printed: String = (0..5)
        .filter_map(|_| world.tick(1_000))
        .map(|result| result.text())
        .collect();
    let prompt = world.prompt();
    assert_eq!(
        printed,
        format!("Killed\n{prompt}echo typed ahead\ntyped ahead\n")
    );
}
