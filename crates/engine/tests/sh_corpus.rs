//! `RUN` scripts from real Dockerfiles (`$PORTHOLE_CORPUS/real-dockerfiles`)
//! run through the interpreter in build mode. The test takes thirty scripts
//! spread evenly over the corpus. Each runs on its `FROM` image when the
//! catalogue has it, or else on Debian or Alpine by its package manager.
//!
//! Each script must run without panicking, note the reason when it is not
//! fully simulated, print only what the programs print (no Porthole messages in a
//! build log), explain a failure on standard error, and give the same
//! outcome when run again.

mod sh_support;

use std::path::PathBuf;

use dockerfile::parser::{parse, Arguments, Command};
use engine::registry::{Platform, Registry};
use engine::sh::{run_script, BuildSystem, Mode, ScriptOutcome, ShellKind, ShellState};
use engine::Stream;
use sh_support::{image, Image};

const SAMPLE: usize = 30;

/// A `RUN` script, the image its Dockerfile starts from, and the `ENV` and
/// `ARG` values set before it.
struct Case {
    dockerfile: String,
    from: String,
    environment: Vec<String>,
    script: String,
}

/// Removes the quotes around an `ENV` or `ARG` value.
fn unquote(value: &str) -> String {
    let trimmed = value.trim();
    for quote in ['"', '\''] {
        if let Some(inner) = trimmed
            .strip_prefix(quote)
            .and_then(|rest| rest.strip_suffix(quote))
        {
            return inner.to_string();
        }
    }
    trimmed.to_string()
}

fn corpus_cases() -> Vec<Case> {
    let root = PathBuf::from(
        std::env::var("PORTHOLE_CORPUS").expect("PORTHOLE_CORPUS is set by .cargo/config.toml"),
    )
    .join("real-dockerfiles");
    let mut directories: Vec<PathBuf> = std::fs::read_dir(&root)
        .unwrap_or_else(|e| panic!("reading {}: {e}", root.display()))
        .flatten()
        .map(|entry| entry.path())
        .collect();
    directories.sort();
    let mut cases = Vec::new();
    for directory in directories {
        let Ok(text) = std::fs::read_to_string(directory.join("Dockerfile")) else {
            continue;
        };
        let output = parse(&text);
        let mut from = String::new();
        let mut environment = Vec::new();
        for instruction in &output.instructions {
            match (&instruction.name[..], &instruction.arguments) {
                ("from", Arguments::Words(words)) => {
                    from = words.first().cloned().unwrap_or_default();
                    environment.clear();
                }
                ("env", Arguments::KeyValues(pairs)) => {
                    environment.extend(
                        pairs
                            .iter()
                            .map(|pair| format!("{}={}", pair.key, unquote(&pair.value))),
                    );
                }
                ("arg", Arguments::Declarations(declarations)) => {
                    for declaration in declarations {
                        if let Some(value) = &declaration.value {
                            environment.push(format!("{}={}", declaration.name, unquote(value)));
                        }
                    }
                }
                ("run", Arguments::Command(Command::Shell(script)))
                    if instruction.heredocs.is_empty() =>
                {
                    cases.push(Case {
                        dockerfile: directory
                            .file_name()
                            .unwrap()
                            .to_string_lossy()
                            .into_owned(),
                        from: from.clone(),
                        environment: environment.clone(),
                        script: script.clone(),
                    });
                }
                _ => {}
            }
        }
    }
    cases
}

/// Picks the image to run a case on.
fn base_image(case: &Case) -> Image {
    let (repository, tag) = match case.from.split_once(':') {
        Some((name, tag)) => (name.to_string(), tag.to_string()),
        None => (case.from.clone(), "latest".to_string()),
    };
    let repository = if repository.contains('/') {
        repository
    } else {
        format!("library/{repository}")
    };
    if Registry::docker_hub()
        .pull(&repository, &tag, &Platform::linux_amd64())
        .is_ok()
    {
        return image(&repository, &tag);
    }
    match case.script.contains("apk ") || case.from.contains("alpine") {
        true => image("library/alpine", "3.22"),
        false => image("library/debian", "bookworm"),
    }
}

fn run(case: &Case, base: &Image) -> ScriptOutcome {
    let mut fs = base.fs.clone();
    let kind = ShellKind::detect(&fs, "/bin/sh").unwrap_or(ShellKind::Dash);
    let mut shell = ShellState::new(kind, "/bin/sh")
        .with_environment(base.env.iter().chain(&case.environment))
        .with_cwd(&base.cwd);
    let mut system = BuildSystem::new(
        engine::clock::START,
        "amd64",
        &format!("/bin/sh -c {}", case.script),
    );
    run_script(&case.script, &mut shell, &mut fs, &mut system, Mode::Build)
}

#[test]
fn real_run_scripts_run_or_note_gaps() {
    let all = corpus_cases();
    assert!(
        all.len() >= SAMPLE,
        "only {} RUN scripts in the corpus",
        all.len()
    );
    let step = all.len() / SAMPLE;
    let mut failures = Vec::new();
    let mut simulated = 0;
    for case in all.iter().step_by(step).take(SAMPLE) {
        let base = base_image(case);
        let outcome = run(case, &base);
        let label = format!(
            "{} ({}): {:.80}",
            case.dockerfile,
            case.from,
            case.script.replace('\n', " ")
        );
        if outcome.simulated {
            simulated += 1;
        } else if outcome.notes.is_empty() {
            failures.push(format!("{label}\n  not simulated but no note says why"));
        }
        if let Some(line) = outcome
            .output
            .iter()
            .find(|line| line.text.starts_with("porthole:"))
        {
            failures.push(format!("{label}\n  a build log shows {:?}", line.text));
        }
        let explained = outcome
            .output
            .iter()
            .any(|line| line.stream == Stream::Stderr || line.text.contains("Abort"));
        if outcome.status != 0 && !explained {
            failures.push(format!(
                "{label}\n  exit status {} without a message",
                outcome.status
            ));
        }
        if run(case, &base) != outcome {
            failures.push(format!("{label}\n  a second run gave another outcome"));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    // Most real scripts use loops or substitutions somewhere; some must
    // still run in full.
    assert!(
        simulated >= 3,
        "only {simulated} of {SAMPLE} scripts were fully simulated"
    );
}
