//! Golden transcripts of interactive shells and `RUN` scripts on catalogue
//! images, under `tests/golden/sh/`. Refresh them with
//! `PORTHOLE_BLESS=1 cargo test -p porthole-engine --test sh_sessions` and
//! review the diff.
//!
//! A transcript shows each prompt and line and what the terminal shows,
//! then `[status N]` after a non-zero exit status and `[note …]` for what
//! the simulation did not model. A `RUN` transcript prefixes each output
//! line with its time offset in seconds, as BuildKit's plain progress does.

mod sh_support;

use std::path::PathBuf;

use engine::sh::{run_script, BuildSystem, Mode, ShellKind, ShellState};
use sh_support::{image, session};

fn check_golden(name: &str, actual: &str) {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/golden/sh")
        .join(name);
    if std::env::var_os("PORTHOLE_BLESS").is_some() {
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, actual).unwrap_or_else(|e| panic!("writing {}: {e}", path.display()));
        return;
    }
    let expected = std::fs::read_to_string(&path).unwrap_or_else(|e| {
        panic!(
            "reading {}: {e}; run with PORTHOLE_BLESS=1 to create it",
            path.display()
        )
    });
    assert_eq!(
        actual,
        expected,
        "transcript differs from {}",
        path.display()
    );
}

/// Types `lines` into `program` on `repository:tag` and returns the transcript.
fn transcript(repository: &str, tag: &str, program: &str, lines: &[&str]) -> String {
    let image = image(repository, tag);
    let (mut session, mut fs, mut system) = session(&image, program);
    let mut text = String::new();
    for line in lines {
        text.push_str(&session.prompt());
        text.push_str(line);
        text.push('\n');
        let outcome = session.run_line(line, &mut fs, &mut system);
        let output = outcome.text();
        text.push_str(&output);
        if !output.is_empty() && !output.ends_with('\n') {
            text.push('\n');
        }
        if outcome.status != 0 && !outcome.continuation {
            text.push_str(&format!("[status {}]\n", outcome.status));
        }
        for note in &outcome.notes {
            text.push_str(&format!("[note {note}]\n"));
        }
        system.now += outcome.duration_millis;
        if outcome.exit_requested {
            text.push_str("[session ended]\n");
            break;
        }
    }
    text
}

#[test]
fn python_slim_dash_session() {
    let text = transcript(
        "library/python",
        "3.12-slim",
        "sh",
        &[
            "pwd",
            "ls",
            "cat /etc/os-release | head -n 2",
            "python --version",
            "ps",
            "mkdir -p /app && cd /app",
            "printf 'flask==3.1.1\\nrequests\\n' > requirements.txt",
            "cat requirements.txt",
            "pip install --no-cache-dir -r requirements.txt",
            "pip list | head -n 4",
            "ls -la /app",
            "echo 'print(\"hello\")' > app.py && python app.py",
            "echo 'unfinished",
            "line'",
            "apt-get update > /dev/null && apt-get install -y procps",
            "ps aux",
            "free -m",
            "exit",
        ],
    );
    check_golden("python-slim-dash.txt", &text);
}

#[test]
fn python_slim_bash_session() {
    let text = transcript(
        "library/python",
        "3.12-slim",
        "bash",
        &[
            "cd /usr/local/lib",
            "cd ~",
            "useradd --create-home --shell /bin/bash scrapy",
            "id scrapy && ls -la /home/scrapy",
            "cd /home/scrapy && touch notes.txt && chown scrapy:scrapy notes.txt && ls -l",
            "pip install scrapyd",
            "which scrapyd && head -n 1 /usr/local/bin/scrapyd",
            "scrapyd &",
            "echo $HOSTNAME $PWD",
            "cat /sys/fs/cgroup/memory.max /proc/self/cgroup",
            "hostname -I && ip route",
            "for i in 1 2 3; do echo $i; done",
            "nosuch --flag",
            "exit 4",
        ],
    );
    check_golden("python-slim-bash.txt", &text);
}

#[test]
fn alpine_ash_session() {
    let text = transcript(
        "library/alpine",
        "3.22",
        "sh",
        &[
            "cat /etc/alpine-release",
            "ls /",
            "cd /root",
            "apk add --no-cache curl",
            "curl -fsSL -o /tmp/get.sh https://example.com/get.sh",
            "ls -l /tmp",
            "addgroup -S app && adduser -S -G app app",
            "grep app /etc/passwd /etc/group",
            "ps",
            "top -b -n 1",
            "free",
            "df -h",
            "ip addr",
            "mount | head -n 2",
            "apk del curl",
            "which curl; echo $?",
            "exit",
        ],
    );
    check_golden("alpine-ash.txt", &text);
}

/// Runs `scripts` as consecutive `RUN` steps and formats their output as
/// BuildKit's log lines, with each step's duration and notes.
fn build(repository: &str, tag: &str, scripts: &[&str]) -> String {
    let steps: Vec<(&str, &str)> = scripts.iter().map(|script| ("", *script)).collect();
    build_as(repository, tag, &steps)
}

/// Runs `(user, script)` steps, each as the user a `USER` instruction set.
fn build_as(repository: &str, tag: &str, steps: &[(&str, &str)]) -> String {
    let image = image(repository, tag);
    let mut fs = image.fs.clone();
    let mut text = String::new();
    for (user, script) in steps {
        let kind = ShellKind::detect(&fs, "/bin/sh").expect("the image has /bin/sh");
        let mut shell = ShellState::new(kind, "/bin/sh")
            .with_environment(&image.env)
            .with_cwd(&image.cwd)
            .with_user(user);
        let mut system = BuildSystem::new(
            engine::clock::START,
            "amd64",
            &format!("/bin/sh -c {script}"),
        );
        let outcome = run_script(script, &mut shell, &mut fs, &mut system, Mode::Build);
        if !user.is_empty() {
            text.push_str(&format!("USER {user}\n"));
        }
        text.push_str(&format!("RUN {script}\n"));
        for line in &outcome.output {
            text.push_str(&format!(
                "{:.3} {}\n",
                line.offset_millis as f64 / 1000.0,
                line.text
            ));
        }
        let end = match outcome.status {
            0 => format!("DONE {:.1}s", outcome.duration_millis as f64 / 1000.0),
            status => format!("ERROR: exit code: {status}"),
        };
        text.push_str(&format!(
            "{end}{}\n",
            if outcome.simulated {
                ""
            } else {
                " (effect not simulated)"
            }
        ));
        for note in &outcome.notes {
            text.push_str(&format!("[note {note}]\n"));
        }
        text.push('\n');
    }
    text
}

#[test]
fn debian_run_steps() {
    let text = build("library/python", "3.12-slim", &[
        "apt-get update && apt-get install -y --no-install-recommends gcc libpq-dev && rm -rf /var/lib/apt/lists/*",
        "set -eux; pip install --no-cache-dir flask==3.1.1 gunicorn; python -c 'import flask'",
        "groupadd -r app && useradd -r -g app -d /app app && mkdir /app && chown app:app /app",
        "set -o pipefail && curl -fsSL https://example.com/install.sh | sh",
        "echo \"build $(date)\" > /etc/build-info || true",
        "cd /app && nosuch-tool --version",
    ]);
    check_golden("debian-run.txt", &text);
}

#[test]
fn alpine_run_steps() {
    let text = build("library/alpine", "3.22", &[
        "apk add --no-cache --virtual .build-deps gcc musl-dev && apk add --no-cache python3 && apk del .build-deps",
        "addgroup -g 1000 node && adduser -u 1000 -G node -s /bin/sh -D node",
        "wget -q -O /tmp/app.tar.gz https://example.com/app.tar.gz && tar -xzf /tmp/app.tar.gz -C /opt && rm /tmp/app.tar.gz",
        "echo -e 'one\\ttwo' && stress --cpu 1 --timeout 5s",
    ]);
    check_golden("alpine-run.txt", &text);
}

#[test]
fn debian_run_steps_as_user() {
    let text = build_as(
        "library/python",
        "3.12-slim",
        &[
            (
                "",
                "useradd --create-home app && mkdir /app && chown app:app /app",
            ),
            ("app", "cd /app && echo 'flask' > requirements.txt && ls -l"),
            ("app", "pip install --no-cache-dir -r /app/requirements.txt"),
            ("app", "mkdir /opt/data || echo \"exit status $?\""),
            ("app", "apt-get update"),
        ],
    );
    check_golden("debian-run-as-user.txt", &text);
}
