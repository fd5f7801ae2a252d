//! Goals checked against worlds made by short docker sessions.

use super::*;
use crate::json::{FromJson, Json};

/// Runs `lines` in a fresh world with a small build context and returns
/// the world and every event.
fn session(lines: &[&str]) -> (World, Vec<Event>) {
    let mut world = World::new();
    world.load_project(&[
        (
            "Dockerfile".to_string(),
            "FROM alpine\nRUN mkdir /data\nCOPY app.txt /data/\n".to_string(),
        ),
        ("app.txt".to_string(), "hello\n".to_string()),
    ]);
    let mut trace = Vec::new();
    for line in lines {
        trace.extend(world.run_line(line).events);
    }
    (world, trace)
}

fn goal(json: &str) -> Goal {
    let value = Json::parse(json).unwrap_or_else(|error| panic!("{json}: {error}"));
    Goal::from_json(&value).unwrap_or_else(|error| panic!("{json}: {error}"))
}

#[test]
fn goals_against_sessions() {
    let cases: &[(&[&str], &str, bool)] = &[
        (&[], r#"{"goal":"image","tag":"alpine"}"#, false),
        (
            &["docker pull alpine"],
            r#"{"goal":"image","tag":"alpine"}"#,
            true,
        ),
        (
            &["docker pull alpine"],
            r#"{"goal":"image","tag":"alpine:latest"}"#,
            true,
        ),
        (
            &["docker pull alpine"],
            r#"{"goal":"image","tag":"alpine","layers":2}"#,
            false,
        ),
        (
            &["docker pull alpine"],
            r#"{"goal":"image","tag":"not a reference"}"#,
            false,
        ),
        (
            &["docker build -t demo ."],
            r#"{"goal":"image","tag":"demo","layers":3}"#,
            true,
        ),
        (
            &["docker build -t demo ."],
            r#"{"goal":"image","tag":"demo","layers":4}"#,
            false,
        ),
        (
            &["docker run -d --name web -p 8080:80 nginx"],
            r#"{"goal":"container","name":"web","running":true,"publishes":[8080,80]}"#,
            true,
        ),
        (
            &["docker run -d --name web -p 8080:80 nginx"],
            r#"{"goal":"container","publishes":[8081,80]}"#,
            false,
        ),
        (
            &["docker run -d --name web -p 8080:80 nginx"],
            r#"{"goal":"container","image":"nginx:latest"}"#,
            true,
        ),
        (
            &["docker run -d --name web nginx", "docker stop web"],
            r#"{"goal":"container","name":"web","running":true}"#,
            false,
        ),
        (
            &["docker run -d --name web nginx", "docker stop web"],
            r#"{"goal":"container","name":"web","running":false}"#,
            true,
        ),
        (
            &["docker run -d --name web nginx"],
            r#"{"goal":"no_container","name":"web"}"#,
            false,
        ),
        (
            &["docker run -d --name web nginx", "docker rm -f web"],
            r#"{"goal":"no_container","name":"web"}"#,
            true,
        ),
        (
            &["docker run -d -m 64m --cpus 0.5 alpine sleep 100"],
            r#"{"goal":"container","memory_at_most":67108864,"cpus_at_most":0.5}"#,
            true,
        ),
        (
            &["docker run -d -m 128m alpine sleep 100"],
            r#"{"goal":"container","memory_at_most":67108864}"#,
            false,
        ),
        (
            &["docker run -d alpine sleep 100"],
            r#"{"goal":"container","memory_at_most":67108864}"#,
            false,
        ),
        (
            &["docker run -d --name box alpine sleep 100"],
            r#"{"goal":"container","name":"box","oom_killed":false}"#,
            true,
        ),
        (
            &["docker run -d -v /home/learner/project:/srv alpine sleep 100"],
            r#"{"goal":"container","bind":"/srv/"}"#,
            true,
        ),
        (
            &["docker run -d -v data:/srv alpine sleep 100"],
            r#"{"goal":"container","bind":"/srv"}"#,
            false,
        ),
        (
            &["docker run -d --name box alpine sleep 100"],
            r#"{"goal":"container","name":"box","file":"/etc/os-release"}"#,
            true,
        ),
        (
            &["docker run -d --name box alpine sleep 100"],
            r#"{"goal":"container","name":"box","file":"/srv/missing"}"#,
            false,
        ),
        (
            &["docker run -d --name web nginx"],
            r#"{"goal":"container","name":"web","changed":"/run/nginx.pid"}"#,
            true,
        ),
        (
            &["docker run -d --name box alpine sleep 100"],
            r#"{"goal":"container","name":"box","missing":"/srv/missing"}"#,
            true,
        ),
        (
            &["docker run -d --name box alpine sleep 100"],
            r#"{"goal":"container","name":"box","missing":"/etc"}"#,
            false,
        ),
        (
            &["docker run -d --name web nginx", "docker rm -f web"],
            r#"{"goal":"request","from":"client","to":"daemon","method":"DELETE","path":"/containers/web"}"#,
            true,
        ),
        (
            &["docker run -d --name web nginx"],
            r#"{"goal":"request","from":"client","to":"daemon","method":"DELETE","path":"/containers/web"}"#,
            false,
        ),
        (
            &["docker version"],
            r#"{"goal":"request","from":"client","to":"daemon","path":"/version"}"#,
            true,
        ),
        (
            &["docker version"],
            r#"{"goal":"request","from":"daemon","to":"registry","path":"/v2/"}"#,
            false,
        ),
        (
            &["docker pull alpine"],
            r#"{"goal":"request","from":"daemon","to":"registry","path":"/manifests/"}"#,
            true,
        ),
        (
            &["docker search --filter stars=100 python"],
            r#"{"goal":"request","from":"client","to":"daemon","path":"/images/search","query":"stars"}"#,
            true,
        ),
        (
            &["docker search python"],
            r#"{"goal":"request","from":"client","to":"daemon","path":"/images/search","query":"stars"}"#,
            false,
        ),
    ];
    for (lines, json, expected) in cases {
        let (world, trace) = session(lines);
        assert_eq!(
            goal(json).is_met(&world, &trace),
            *expected,
            "{json} after {lines:?}"
        );
    }
}

#[test]
fn unknown_fields_and_kinds_are_rejected() {
    for json in [
        r#"{"goal":"image","tag":"x","colour":"red"}"#,
        r#"{"goal":"teleport"}"#,
        r#"{"goal":"container","publishes":[70000,80]}"#,
        r#"{"goal":"request","from":"client","to":"moon","path":"/"}"#,
    ] {
        let value = Json::parse(json).unwrap();
        assert!(Goal::from_json(&value).is_err(), "{json}");
    }
}

#[test]
fn proposed_goals_are_met_and_name_what_was_made() {
    let (world, trace) = session(&[
        "docker build -t demo .",
        "docker run -d --name web -p 6818:6800 -m 256m -v /home/learner/project:/srv demo sleep 1000",
    ]);
    let goals = from_world(&world);
    assert_eq!(goals.len(), 2, "{goals:?}");
    assert_eq!(
        goals[0],
        Goal::Image {
            tag: "demo:latest".into(),
            layers: Some(3)
        }
    );
    let Goal::Container(container) = &goals[1] else {
        panic!("{goals:?}")
    };
    assert_eq!(container.name.as_deref(), Some("web"));
    assert_eq!(container.publishes, Some((6818, 6800)));
    assert_eq!(container.memory_at_most, Some(256 * 1024 * 1024));
    assert_eq!(container.bind.as_deref(), Some("/srv"));
    for goal in &goals {
        assert!(goal.is_met(&world, &trace), "{goal:?}");
    }
    let (fresh, none) = session(&[]);
    assert!(goals.iter().all(|goal| !goal.is_met(&fresh, &none)));
}

#[test]
fn pulled_images_are_not_proposed() {
    let (world, _) = session(&["docker pull alpine"]);
    assert!(from_world(&world).is_empty());
}

#[test]
fn goals_write_as_lesson_files_have_them() {
    let cases = [
        r#"{"goal":"image","tag":"demo","layers":3}"#,
        r#"{"goal":"image","tag":"demo"}"#,
        r#"{"goal":"container","name":"web","image":"demo","running":true,"oom_killed":false,"publishes":[6818,6800],"memory_at_most":268435456,"cpus_at_most":0.5,"bind":"/srv","file":"/a","missing":"/b","changed":"/c"}"#,
        r#"{"goal":"container"}"#,
        r#"{"goal":"no_container","name":"web"}"#,
        r#"{"goal":"request","from":"client","to":"daemon","method":"DELETE","path":"/images/","query":"force"}"#,
        r#"{"goal":"request","from":"daemon","to":"registry","path":"/v2/"}"#,
    ];
    for json in cases {
        assert_eq!(goal(json).to_json().to_rust_compact(), json);
    }
}

#[test]
fn goal_fields_accept_null_and_integers() {
    let read = goal(r#"{"goal":"container","name":null,"cpus_at_most":2}"#);
    let expected = Goal::Container(ContainerGoal {
        cpus_at_most: Some(2.0),
        ..ContainerGoal::default()
    });
    assert_eq!(read, expected);
}
