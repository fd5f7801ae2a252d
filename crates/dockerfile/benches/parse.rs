//! Parser throughput on the real-world corpus: every Dockerfile of
//! `real-dockerfiles`, parsed, and parsed and dumped, as one batch.
//!
//! Run with `cargo bench -p porthole-dockerfile --bench parse`; criterion
//! reports the time per batch and the throughput in bytes per second.

use std::fs;
use std::path::Path;

use criterion::{black_box, criterion_group, criterion_main, Criterion, Throughput};
use dockerfile::highlight::tokens;
use dockerfile::parser::{dump, parse};

fn corpus() -> Vec<String> {
    let root =
        std::env::var("PORTHOLE_CORPUS").expect("PORTHOLE_CORPUS is set by .cargo/config.toml");
    let folder = Path::new(&root).join("real-dockerfiles");
    let mut paths: Vec<_> = fs::read_dir(&folder)
        .unwrap_or_else(|error| panic!("cannot read {}: {error}", folder.display()))
        .map(|entry| entry.expect("directory entry").path().join("Dockerfile"))
        .collect();
    paths.sort();
    paths
        .iter()
        .map(|path| fs::read_to_string(path).expect("a UTF-8 Dockerfile"))
        .collect()
}

fn bench_corpus(c: &mut Criterion) {
    let files = corpus();
    let bytes: usize = files.iter().map(String::len).sum();
    let mut group = c.benchmark_group("real-dockerfiles");
    group.throughput(Throughput::Bytes(bytes as u64));
    group.bench_function("parse", |b| {
        b.iter(|| {
            for file in &files {
                black_box(parse(black_box(file)));
            }
        })
    });
    group.bench_function("parse_and_dump", |b| {
        b.iter(|| {
            for file in &files {
                black_box(dump(&parse(black_box(file))));
            }
        })
    });
    group.bench_function("highlight", |b| {
        b.iter(|| {
            for file in &files {
                black_box(tokens(black_box(file)));
            }
        })
    });
    group.finish();
}

criterion_group!(benches, bench_corpus);
criterion_main!(benches);
