//! The curriculum: every lesson reads, is translated, starts unsolved and
//! is solved by its own solution.

use super::*;

/// Returns which goals hold after running `lines` from the lesson's start.
fn goals_after(lesson: &Lesson, lines: &[String]) -> Vec<bool> {
    let mut world = lesson.start_world();
    let mut trace = Vec::new();
    for line in lines {
        trace.extend(world.run_line(line).events);
    }
    lesson
        .goals
        .iter()
        .map(|goal| goal.check.is_met(&world, &trace))
        .collect()
}

#[test]
fn every_built_in_lesson_reads() {
    assert_eq!(built_in().len(), BUILT_IN.len());
    for (index, lesson) in built_in().iter().enumerate() {
        assert!(
            lesson.id.starts_with(&format!("{:02}-", index + 1)),
            "{}",
            lesson.id
        );
    }
}

#[test]
fn every_lesson_text_is_in_both_languages() {
    for lesson in built_in() {
        let texts = [&lesson.title, &lesson.text]
            .into_iter()
            .chain(&lesson.hints)
            .chain(lesson.goals.iter().filter_map(|goal| goal.text.as_ref()));
        for text in texts {
            assert!(
                !text.en.is_empty() && !text.zh_cn.is_empty(),
                "{}: {text:?}",
                lesson.id
            );
        }
    }
}

#[test]
fn no_lesson_starts_solved() {
    for lesson in built_in() {
        let met = goals_after(&lesson, &[]);
        assert!(met.iter().all(|met| !met), "{}: {met:?}", lesson.id);
    }
}

#[test]
fn solutions_meet_the_goals_within_par() {
    for lesson in built_in() {
        assert!(lesson.solution.len() <= lesson.par, "{}", lesson.id);
        let met = goals_after(&lesson, &lesson.solution);
        assert!(met.iter().all(|met| *met), "{}: {met:?}", lesson.id);
    }
}

#[test]
fn bad_lesson_files_are_rejected_with_a_reason() {
    let base = find("01-concepts").expect("lesson 1");
    let with = |change: fn(&mut Lesson)| {
        let mut lesson = base.clone();
        change(&mut lesson);
        lesson.to_value().to_rust_compact()
    };
    let cases = [
        ("not json".to_string(), "lesson file"),
        ("{}".to_string(), "lesson file"),
        (with(|lesson| lesson.id = "Bad Id".into()), "Bad Id"),
        (
            with(|lesson| lesson.id = "<img src=x>".into()),
            "<img src=x>",
        ),
        (with(|lesson| lesson.goals.clear()), "goal"),
        (
            with(|lesson| lesson.setup = vec!["docker ps".into(); 65]),
            "setup",
        ),
        (
            with(|lesson| lesson.files = vec![("../etc/passwd".into(), String::new())]),
            "../etc/passwd",
        ),
        (
            with(|lesson| lesson.example = Some("other".into())),
            "other",
        ),
        ("x".repeat(MAX_LESSON_BYTES + 1), "256 KiB"),
    ];
    for (text, named) in cases {
        let error = Lesson::from_json(&text).expect_err(&text[..text.len().min(60)]);
        assert!(error.0.contains(named), "{} does not name {named}", error.0);
    }
}

#[test]
fn lessons_round_trip_through_json() {
    for lesson in built_in() {
        let text = lesson.to_value().to_rust_compact();
        assert_eq!(Lesson::from_json(&text), Ok(lesson));
    }
}
