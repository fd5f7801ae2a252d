//! Engine benchmarks: the throughput of a realistic mix of docker commands,
//! and the time to build a 200-instruction, 10-stage Dockerfile.
//!
//! Run with `cargo bench -p porthole-engine --bench engine`. Each measured
//! iteration starts from a clone of a prepared world, so no iteration finds
//! the containers, images or build cache of an earlier one. Cloning is not
//! measured.
//!
//! Each benchmark runs twice: `wall/…` measures wall-clock time, and `cpu/…`
//! the CPU time of the benchmark thread, which other processes on a shared
//! machine inflate far less than wall-clock time.

use std::time::Duration;

use criterion::measurement::{Measurement, ValueFormatter, WallTime};
use criterion::{criterion_group, criterion_main, BatchSize, Criterion, Throughput};
use engine::World;

/// The commands of one iteration of the command mix: the container's life
/// from `run -d` to `rm -f`, with the listings a learner types between.
const MIX: [&str; 6] = [
    "docker run -d --name bench alpine:3.22 sleep 1000",
    "docker ps",
    "docker images",
    "docker inspect bench",
    "docker ps -a",
    "docker rm -f bench",
];

/// Returns a world with the image the mix runs already pulled.
fn world_with_alpine() -> World {
    let mut world = World::new();
    let pulled = world.run_line("docker pull alpine:3.22");
    assert_eq!(pulled.exit_code, 0, "{}", pulled.text());
    world
}

fn command_mix<M: Measurement + 'static>(c: &mut Criterion<M>, prefix: &str) {
    let world = world_with_alpine();
    let mut group = c.benchmark_group(format!("{prefix}/commands"));
    group.throughput(Throughput::Elements(MIX.len() as u64));
    group.bench_function("run_ps_images_inspect_rm", |b| {
        b.iter_batched(
            || world.clone(),
            |mut world| {
                for line in MIX {
                    let result = world.run_line(line);
                    assert_eq!(result.exit_code, 0, "{line}: {}", result.text());
                }
                world
            },
            BatchSize::SmallInput,
        )
    });
    group.finish();
}

/// Returns a Dockerfile of 10 stages with 20 instructions each, in the
/// proportions of a typical Dockerfile: six RUN steps, two COPY, a WORKDIR
/// and eleven metadata instructions per stage. Every third stage starts
/// from an image and the others from the stage before, and each stage
/// copies a file from the one before it, so all ten are built.
fn large_dockerfile() -> String {
    let mut text = String::new();
    for stage in 0..10_usize {
        match stage % 3 {
            0 => text.push_str(&format!("FROM alpine:3.22 AS stage{stage}\n")),
            _ => text.push_str(&format!("FROM stage{} AS stage{stage}\n", stage - 1)),
        }
        text.push_str(&format!("ARG BUILD{stage}=1\n"));
        text.push_str(&format!("ENV STAGE={stage} LEVEL=level{stage}\n"));
        text.push_str(&format!("ENV PATH=/opt/stage{stage}/bin:$PATH\n"));
        text.push_str(&format!("LABEL stage{stage}=yes\n"));
        text.push_str(&format!("WORKDIR /work/stage{stage}\n"));
        text.push_str(&format!("COPY file{stage}.txt ./\n"));
        for step in 0..6 {
            text.push_str(&format!("RUN mkdir -p /data/s{stage}/d{step} && echo {step} > /data/s{stage}/d{step}/value\n"));
        }
        match stage {
            0 => text.push_str("COPY file0.txt /copied/\n"),
            _ => text.push_str(&format!(
                "COPY --from=stage{} /data/s{}/d0/value /copied/from{stage}\n",
                stage - 1,
                stage - 1
            )),
        }
        text.push_str(&format!("ENV READY{stage}=yes\n"));
        text.push_str(&format!("EXPOSE {}\n", 8000 + stage));
        text.push_str("STOPSIGNAL SIGTERM\n");
        text.push_str("HEALTHCHECK --interval=30s CMD test -f /copied/from0 || exit 1\n");
        text.push_str("ENTRYPOINT [\"/bin/sh\", \"-c\"]\n");
        text.push_str("CMD [\"ls /data\"]\n");
    }
    text
}

fn large_build<M: Measurement + 'static>(c: &mut Criterion<M>, prefix: &str) {
    let dockerfile = large_dockerfile();
    let instructions = dockerfile.lines().filter(|line| !line.is_empty()).count();
    assert_eq!(instructions, 200);
    let mut files = vec![("Dockerfile".to_string(), dockerfile)];
    for stage in 0..10 {
        files.push((
            format!("file{stage}.txt"),
            format!("content of stage {stage}\n"),
        ));
    }
    let mut world = world_with_alpine();
    world.load_project(&files);
    let check = world.clone().run_line("docker build -t large .");
    assert_eq!(check.exit_code, 0, "{}", check.text());

    c.bench_function(&format!("{prefix}/build_200_instructions_10_stages"), |b| {
        b.iter_batched(
            || world.clone(),
            |mut world| {
                let result = world.run_line("docker build -t large .");
                assert_eq!(result.exit_code, 0);
                world
            },
            BatchSize::SmallInput,
        )
    });
}

/// Returns the CPU time the calling thread has used, from
/// `clock_gettime(CLOCK_THREAD_CPUTIME_ID)`.
fn thread_cpu_time() -> Duration {
    let mut time = libc::timespec {
        tv_sec: 0,
        tv_nsec: 0,
    };
    // SAFETY: `time` is a valid, writable timespec for the call's duration.
    let status = unsafe { libc::clock_gettime(libc::CLOCK_THREAD_CPUTIME_ID, &mut time) };
    assert_eq!(status, 0, "clock_gettime(CLOCK_THREAD_CPUTIME_ID) failed");
    Duration::new(time.tv_sec as u64, time.tv_nsec as u32)
}

/// A criterion measurement of the benchmark thread's CPU time.
struct ThreadCpuTime;

impl Measurement for ThreadCpuTime {
    type Intermediate = Duration;
    type Value = Duration;

    fn start(&self) -> Duration {
        thread_cpu_time()
    }

    fn end(&self, started: Duration) -> Duration {
        thread_cpu_time().saturating_sub(started)
    }

    fn add(&self, first: &Duration, second: &Duration) -> Duration {
        *first + *second
    }

    fn zero(&self) -> Duration {
        Duration::ZERO
    }

    fn to_f64(&self, value: &Duration) -> f64 {
        value.as_nanos() as f64
    }

    fn formatter(&self) -> &dyn ValueFormatter {
        // Values are nanoseconds, as for wall-clock time, so its formatter fits.
        static WALL_TIME: WallTime = WallTime;
        WALL_TIME.formatter()
    }
}

fn wall_benches(c: &mut Criterion<WallTime>) {
    command_mix(c, "wall");
    large_build(c, "wall");
}

fn cpu_benches(c: &mut Criterion<ThreadCpuTime>) {
    command_mix(c, "cpu");
    large_build(c, "cpu");
}

criterion_group!(wall, wall_benches);
criterion_group! {
    name = cpu;
    config = Criterion::default().with_measurement(ThreadCpuTime);
    targets = cpu_benches
}
criterion_main!(wall, cpu);
