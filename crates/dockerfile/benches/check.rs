//! `check` on one long real Dockerfile, as the editor runs it on every
//! keystroke: `docker-library-php_8.2_bookworm_apache` from the shared
//! corpus, 298 lines and 9,823 bytes, with no `.dockerignore`.
//!
//! Run with `cargo bench -p porthole-dockerfile --bench check`; criterion
//! reports the time per call and the throughput in bytes per second.

use std::fs;
use std::path::Path;

use criterion::{black_box, criterion_group, criterion_main, Criterion, Throughput};
use dockerfile::{check, CheckInput};

/// The corpus case the benchmark reads.
const CASE: &str = "real-dockerfiles/docker-library-php_8.2_bookworm_apache/Dockerfile";

fn bench_check(c: &mut Criterion) {
    let root =
        std::env::var("PORTHOLE_CORPUS").expect("PORTHOLE_CORPUS is set by .cargo/config.toml");
    let path = Path::new(&root).join(CASE);
    let text = fs::read_to_string(&path)
        .unwrap_or_else(|error| panic!("cannot read {}: {error}", path.display()));
    let input = CheckInput::default();

    let mut group = c.benchmark_group("check");
    group.throughput(Throughput::Bytes(text.len() as u64));
    group.bench_function("php_8.2_bookworm_apache", |b| {
        b.iter(|| black_box(check(black_box(&text), &input)))
    });
    group.finish();
}

criterion_group!(benches, bench_check);
criterion_main!(benches);
