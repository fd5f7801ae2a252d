//! The builder end to end: digests are stable, a second build is cached,
//! changing a line changes the image ID, and layers the effect model could
//! not simulate are marked for the page.

use std::path::Path;

use engine::{CommandResult, World};

fn example_files() -> Vec<(String, String)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples/scrapyd");
    let mut files = Vec::new();
    let mut pending = vec![root.clone()];
    while let Some(directory) = pending.pop() {
        for entry in std::fs::read_dir(&directory).expect("example directory") {
            let path = entry.expect("entry").path();
            if path.is_dir() {
                pending.push(path);
            } else {
                let relative = path
                    .strip_prefix(&root)
                    .unwrap()
                    .to_string_lossy()
                    .into_owned();
                files.push((relative, std::fs::read_to_string(&path).expect("text")));
            }
        }
    }
    files.sort();
    files
}

fn built_world(files: &[(String, String)]) -> (World, CommandResult) {
    let mut world = World::new();
    world.load_project(files);
    let result = world.run_line("docker build -t scrapyd-demo .");
    assert_eq!(result.exit_code, 0, "{}", result.text());
    (world, result)
}

/// Returns the `writing image sha256:…` digest of a build's output.
fn image_id(result: &CommandResult) -> String {
    let text = result.text();
    let line = text
        .lines()
        .find(|line| line.contains("writing image "))
        .expect("writing image line");
    line.split_whitespace()
        .find(|word| word.starts_with("sha256:"))
        .expect("digest")
        .to_string()
}

#[test]
fn digests_are_stable_across_runs() {
    let files = example_files();
    let (_, first) = built_world(&files);
    let (_, second) = built_world(&files);
    assert_eq!(image_id(&first), image_id(&second));
    assert_eq!(
        first.text(),
        second.text(),
        "a fresh world prints the same build"
    );
}

#[test]
fn rebuild_reports_every_step_cached() {
    let (mut world, first) = built_world(&example_files());
    let again = world.run_line("docker build -t scrapyd-demo .");
    assert_eq!(again.exit_code, 0);
    let text = again.text();
    for step in [
        "[2/6] WORKDIR /app",
        "[3/6] RUN pip install",
        "[4/6] COPY scrapyd.conf",
        "[5/6] COPY scrapy.cfg",
        "[6/6] COPY quotes",
    ] {
        let block = text
            .split("\n\n")
            .find(|block| block.contains(step))
            .unwrap_or_else(|| panic!("no vertex for {step}"));
        assert!(
            block.ends_with("CACHED") || block.contains(" CACHED"),
            "{step} not cached:\n{block}"
        );
    }
    assert_eq!(
        image_id(&first),
        image_id(&again),
        "a fully cached build keeps the image ID"
    );
}

#[test]
fn changed_line_changes_image_id() {
    let files = example_files();
    let (mut world, first) = built_world(&files);
    let mut changed = files.clone();
    for (path, text) in &mut changed {
        if path == "scrapyd.conf" {
            *text = text.replace("http_port    = 6800", "http_port    = 6801");
        }
    }
    world.load_project(&changed);
    let second = world.run_line("docker build -t scrapyd-demo .");
    assert_eq!(second.exit_code, 0);
    assert_ne!(image_id(&first), image_id(&second));
    let text = second.text();
    let run_block = text
        .split("\n\n")
        .find(|block| block.contains("RUN pip install"))
        .expect("RUN vertex");
    assert!(
        run_block.contains("CACHED"),
        "steps before the change stay cached"
    );
    let copy_block = text
        .split("\n\n")
        .find(|block| block.contains("COPY scrapyd.conf"))
        .expect("COPY vertex");
    assert!(
        copy_block.contains("DONE"),
        "the changed file's step runs again"
    );
}

#[test]
fn cache_miss_reason_names_changed_file() {
    let files = example_files();
    let (mut world, _) = built_world(&files);
    let mut changed = files.clone();
    for (path, text) in &mut changed {
        if path == "scrapy.cfg" {
            text.push_str("# changed\n");
        }
    }
    world.load_project(&changed);
    let result = world.run_line("docker build -t scrapyd-demo .");
    let json: Vec<String> = result
        .events
        .iter()
        .filter_map(|event| match &event.kind {
            engine::events::EventKind::Change(change) => Some(change.to_json().to_rust_compact()),
            engine::events::EventKind::Message(_) => None,
        })
        .collect();
    let step = json
        .iter()
        .find(|line| line.contains("COPY scrapy.cfg") && line.contains("cache_miss"))
        .expect("build step event");
    assert!(step.contains("inputs changed: scrapy.cfg"), "{step}");
}

/// Returns the page's layers of the host's daemon as `(created_by, simulated)`.
fn layer_flags(world: &World) -> Vec<(String, bool)> {
    let view = world.view();
    view.hosts[0]
        .layers
        .iter()
        .map(|layer| (layer.created_by.clone(), layer.simulated))
        .collect()
}

#[test]
fn unsimulated_steps_mark_their_layers() {
    let files: Vec<(String, String)> = [
        ("Dockerfile", "FROM alpine:3.22\nRUN echo modelled > /modelled.txt\nADD vendor.tar.gz /opt/vendor/\nCOPY app.txt /app.txt\n"),
        ("vendor.tar.gz", "not really gzip"),
        ("app.txt", "app\n"),
    ]
    .into_iter()
    .map(|(name, text)| (name.to_string(), text.to_string()))
    .collect();
    let mut world = World::new();
    world.load_project(&files);
    for attempt in ["first build", "cached rebuild"] {
        let result = world.run_line("docker build -t marked .");
        assert_eq!(result.exit_code, 0, "{attempt}: {}", result.text());
        let layers = layer_flags(&world);
        let flag = |prefix: &str| {
            layers
                .iter()
                .find(|(created_by, _)| created_by.starts_with(prefix))
                .map(|(_, simulated)| *simulated)
        };
        assert_eq!(
            flag("ADD alpine-minirootfs"),
            Some(true),
            "{attempt}: the base layer is data: {layers:?}"
        );
        assert_eq!(
            flag("RUN /bin/sh -c echo modelled"),
            Some(true),
            "{attempt}: {layers:?}"
        );
        assert_eq!(
            flag("ADD vendor.tar.gz"),
            Some(false),
            "{attempt}: archive extraction is not simulated: {layers:?}"
        );
        assert_eq!(flag("COPY app.txt"), Some(true), "{attempt}: {layers:?}");
    }
}
