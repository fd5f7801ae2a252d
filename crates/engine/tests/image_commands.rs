//! Exit codes and error streams of the image and registry commands, as a
//! table, and a property test that random command lines for them never
//! panic the engine.

use engine::{Stream, World};
use proptest::prelude::*;

/// Runs the setup lines, then `line`, and returns its exit code, standard
/// output and standard error.
fn run(setup: &[&str], line: &str) -> (i32, String, String) {
    let mut world = World::new();
    for setup_line in setup {
        let result = world.run_line(setup_line);
        assert_eq!(
            result.exit_code,
            0,
            "setup line {setup_line:?} failed: {}",
            result.text()
        );
    }
    let result = world.run_line(line);
    (
        result.exit_code,
        result.stream_text(Stream::Stdout),
        result.stream_text(Stream::Stderr),
    )
}

#[test]
fn exit_codes_and_errors_table() {
    let pulled: &[&str] = &["docker pull alpine"];
    let signed_in: &[&str] = &[
        "docker pull alpine",
        "docker login -u learner -p pw",
        "docker tag alpine learner/alpine",
    ];
    let cases: &[(&[&str], &str, i32, &str)] = &[
        (&[], "docker version", 0, ""),
        (
            &[],
            "docker version --format '{{.Nope'",
            64,
            "template parsing error: template: :1: unclosed action",
        ),
        (
            &[],
            "docker info --format '{{.Bogus}}'",
            1,
            "can't evaluate field Bogus",
        ),
        (&[], "docker -v", 0, ""),
        (
            &[],
            "docker pull alpine:nope",
            1,
            "manifest for alpine:nope not found",
        ),
        (
            &[],
            "docker pull nosuch/repo",
            1,
            "pull access denied for nosuch/repo",
        ),
        (
            &[],
            "docker pull -a alpine:3.20",
            1,
            "tag can't be used with --all-tags/-a",
        ),
        (
            &[],
            "docker pull --platform bogus alpine",
            1,
            "unknown operating system or architecture",
        ),
        (&[], "docker pull Alpine", 1, "must be lowercase"),
        (
            pulled,
            "docker images --filter colour=red",
            1,
            "invalid filter 'colour'",
        ),
        (
            pulled,
            "docker images --format '{{.Nope}}'",
            1,
            "can't evaluate field Nope in type *formatter.imageContext",
        ),
        (pulled, "docker images -q", 0, ""),
        (
            pulled,
            "docker rmi nosuch",
            1,
            "No such image: nosuch:latest",
        ),
        (
            pulled,
            "docker rmi -f nosuch",
            0,
            "No such image: nosuch:latest",
        ),
        (pulled, "docker rmi alpine", 0, ""),
        (
            pulled,
            "docker tag alpine Bad/Name",
            1,
            "is not a valid repository/tag",
        ),
        (
            pulled,
            "docker tag nosuch x",
            1,
            "No such image: nosuch:latest",
        ),
        (
            pulled,
            "docker history nosuch",
            1,
            "No such image: nosuch:latest",
        ),
        (
            pulled,
            "docker image inspect nosuch",
            1,
            "Error: No such image: nosuch",
        ),
        (
            pulled,
            "docker inspect nosuch",
            1,
            "Error: No such object: nosuch",
        ),
        (
            pulled,
            "docker inspect --format '{{.Nope' alpine",
            64,
            "template parsing error",
        ),
        (pulled, "docker image prune", 0, "cannot answer prompts"),
        (
            pulled,
            "docker image prune -f --filter colour=red",
            1,
            "invalid filter 'colour'",
        ),
        (pulled, "docker system df", 0, ""),
        (
            pulled,
            "docker push alpine",
            1,
            "denied: requested access to the resource is denied",
        ),
        (
            pulled,
            "docker push learner/none",
            1,
            "An image does not exist locally with the tag: learner/none",
        ),
        (signed_in, "docker push learner/alpine", 0, ""),
        (
            signed_in,
            "docker push -a learner/alpine:latest",
            1,
            "tag can't be used with --all-tags/-a",
        ),
        (
            &[],
            "docker login -u learner",
            1,
            "Cannot perform an interactive login from a non TTY device",
        ),
        (
            &[],
            "docker login -u learner --password-stdin",
            1,
            "one-line terminal",
        ),
        (
            &[],
            "docker login -u learner -p pw",
            0,
            "WARNING! Using --password via the CLI is insecure.",
        ),
        (&[], "docker logout", 0, ""),
        (
            &[],
            "docker search --limit 101 nginx",
            1,
            "limit 101 is outside the range of [1, 100]",
        ),
        (
            &[],
            "docker search --filter stars=x nginx",
            1,
            "invalid filter 'stars=x'",
        ),
        (
            &[],
            "docker search -s 3 nginx",
            125,
            "porthole: the -s/--stars flag was removed in Docker 20.10; use --filter stars=N",
        ),
        (
            &[],
            "docker search --filter is-automated=true nginx",
            0,
            "WARNING: the \"is-automated\" filter is deprecated",
        ),
    ];
    for (setup, line, expected_code, expected_error) in cases {
        let (code, _, stderr) = run(setup, line);
        assert_eq!(
            code, *expected_code,
            "exit code of {line:?}; stderr: {stderr}"
        );
        assert!(
            stderr.contains(expected_error),
            "stderr of {line:?} lacks {expected_error:?}: {stderr}"
        );
    }
}

#[test]
fn pushed_image_pulls_back_with_same_digest() {
    let mut world = World::new();
    for line in [
        "docker pull alpine",
        "docker login -u learner -p pw",
        "docker tag alpine learner/alpine:1",
    ] {
        assert_eq!(world.run_line(line).exit_code, 0, "{line}");
    }
    let pushed = world.run_line("docker push learner/alpine:1").text();
    let digest_line = pushed.lines().last().unwrap_or_default().to_string();
    assert!(digest_line.starts_with("1: digest: sha256:"), "{pushed}");
    let digest = digest_line
        .split_whitespace()
        .nth(2)
        .unwrap_or_default()
        .to_string();

    assert_eq!(
        world
            .run_line("docker rmi learner/alpine:1 alpine")
            .exit_code,
        0
    );
    let pulled = world.run_line("docker pull learner/alpine:1").text();
    assert!(pulled.contains(&format!("Digest: {digest}")), "{pulled}");
}

#[test]
fn push_records_registry_protocol() {
    let mut world = World::new();
    for line in [
        "docker pull alpine",
        "docker login -u learner -p pw",
        "docker tag alpine learner/alpine:1",
    ] {
        world.run_line(line);
    }
    let result = world.run_line("docker push learner/alpine:1");
    let labels: Vec<String> = result
        .events
        .iter()
        .filter_map(|event| match &event.kind {
            engine::events::EventKind::Message(message) => Some(message.label()),
            engine::events::EventKind::Change(_) => None,
        })
        .collect();
    let has = |prefix: &str| labels.iter().any(|label| label.starts_with(prefix));
    assert!(
        has("POST /v1.51/images/learner/alpine/push?tag=1"),
        "{labels:?}"
    );
    assert!(
        has("GET https://auth.docker.io/token?scope=repository%3Alearner%2Falpine%3Apull%2Cpush"),
        "{labels:?}"
    );
    assert!(has("HEAD /v2/learner/alpine/blobs/sha256:"), "{labels:?}");
    assert!(
        has("POST /v2/learner/alpine/blobs/uploads/?mount=sha256:"),
        "{labels:?}"
    );
    assert!(has("PUT /v2/learner/alpine/manifests/1"), "{labels:?}");
}

#[test]
fn pull_responses_carry_documents() {
    let mut world = World::new();
    let result = world.run_line("docker pull alpine");
    let messages: Vec<&engine::events::Message> = result
        .events
        .iter()
        .filter_map(|event| match &event.kind {
            engine::events::EventKind::Message(message) => Some(message),
            engine::events::EventKind::Change(_) => None,
        })
        .collect();

    let registry_gets: Vec<_> = messages
        .iter()
        .filter(|message| {
            message.method == "GET" && message.path.starts_with("/v2/library/alpine/")
        })
        .collect();

    assert_eq!(
        registry_gets.len(),
        4,
        "index, manifest, config and one layer"
    );
    for message in &registry_gets {
        let response = message.response.as_deref().unwrap_or_default();
        let digest = message.path.rsplit('/').next().unwrap_or_default();
        assert!(
            response.contains(&format!("Docker-Content-Digest: {digest}\n")),
            "{}: {response}",
            message.path
        );
        let (_, body) = response.split_once("\n\n").unwrap_or_default();
        assert!(!body.is_empty(), "{}: {response}", message.path);
    }

    let index = registry_gets[0].response.as_deref().unwrap_or_default();
    assert!(index.starts_with("Content-Type: application/vnd.oci.image.index.v1+json\n"));
    let (_, index_body) = index.split_once("\n\n").unwrap_or_default();
    let index_json = engine::json::Json::parse(index_body).expect("the index body is JSON");
    let manifest_digest = registry_gets[1].path.rsplit('/').next().unwrap_or_default();
    assert!(
        index_json.to_compact().contains(manifest_digest),
        "the index names the manifest fetched next"
    );

    let ping = messages[0].response.as_deref().unwrap_or_default();
    assert!(ping.starts_with("Api-Version: 1.51\n"), "{ping}");
}

/// Returns the Engine API messages a line records, without the ping.
fn api_messages(world: &mut World, line: &str) -> Vec<engine::events::Message> {
    world
        .run_line(line)
        .events
        .into_iter()
        .filter_map(|event| match event.kind {
            engine::events::EventKind::Message(message) => Some(message),
            engine::events::EventKind::Change(_) => None,
        })
        .filter(|message| message.path != "/_ping")
        .collect()
}

#[test]
fn api_responses_carry_bodies() {
    let mut world = World::new();

    let removed = api_messages(&mut world, "docker rm nope");
    assert_eq!(removed[0].status, 404);
    assert_eq!(
        removed[0].response.as_deref(),
        Some(r#"{"message":"No such container: nope"}"#)
    );

    let created = api_messages(&mut world, "docker network create n1");
    let body = created[0].response.as_deref().unwrap_or_default();
    assert!(body.starts_with(r#"{"Id":""#), "{body}");
    assert!(body.ends_with(r#"","Warning":""}"#), "{body}");

    let volume = api_messages(&mut world, "docker volume create v1");
    let body = volume[0].response.as_deref().unwrap_or_default();
    let json = engine::json::Json::parse(body).expect("the volume body is JSON");
    assert!(json.to_compact().contains(r#""Name":"v1""#), "{body}");

    let inspected = api_messages(&mut world, "docker network inspect n1");
    let body = inspected[0].response.as_deref().unwrap_or_default();
    assert!(body.contains(r#""Name": "n1""#), "{body}");

    world.run_line("docker run -d --name sleeper alpine sh -c 'sleep 1000'");
    let listed = api_messages(&mut world, "docker ps");
    let body = listed[0].response.as_deref().unwrap_or_default();
    let summaries = engine::json::Json::parse(body)
        .expect("the list body is JSON")
        .to_compact();
    assert!(summaries.contains(r#""Names":["/sleeper"]"#), "{summaries}");
    assert!(
        summaries.contains(r#""Command":"sh -c 'sleep 1000'""#),
        "{summaries}"
    );
    assert!(summaries.contains(r#""State":"running""#), "{summaries}");
}

/// Words that the image and registry commands accept, and odd ones.
fn word() -> impl Strategy<Value = String> {
    prop_oneof![
        prop::sample::select(vec![
            "alpine",
            "nginx",
            "python:3.12-slim",
            "alpine:3.20",
            "learner/app",
            "sha256:",
            "403881b964b6",
            "-a",
            "-q",
            "-f",
            "--no-trunc",
            "--digests",
            "--filter",
            "dangling=true",
            "reference=al*",
            "before=alpine",
            "label=x",
            "--format",
            "{{.ID}}",
            "table {{.Repository}}",
            "{{json .}}",
            "{{range .}}",
            "{{if",
            "-H=false",
            "--platform",
            "linux/arm64",
            "--limit",
            "0",
            "101",
            "-u",
            "-p",
            "pw",
            "--password-stdin",
            "stars=3",
            "is-official=true",
            "--tree",
            "-v",
            "--",
        ])
        .prop_map(str::to_string),
        "[ -~]{0,12}",
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 300, .. ProptestConfig::default() })]

    #[test]
    fn image_commands_never_panic(
        command in prop::sample::select(vec![
            "images", "image ls", "rmi", "image rm", "tag", "history", "image inspect", "inspect", "image prune",
            "pull", "push", "login", "logout", "search", "version", "info", "system df",
        ]),
        words in prop::collection::vec(word(), 0..5),
    ) {
        let mut world = World::new();
        world.run_line("docker pull alpine");
        let quoted: Vec<String> = words.iter().map(|word| format!("'{}'", word.replace('\'', ""))).collect();
        let line = format!("docker {command} {}", quoted.join(" "));
        let _ = world.run_line(&line);
    }
}
