//! Lessons: a starting world, goals checked against the world's state,
//! hints, a solution and a par number of commands.
//!
//! The built-in curriculum is a set of JSON files in `lessons/`, compiled
//! in. A teacher exports a lesson from any sandbox state and shares it as
//! a file or a link; both come from outside, so [`Lesson::from_json`]
//! bounds every part of a lesson and names what is wrong.

use engine::goals::Goal;
use engine::World;

use crate::i18n::{lang, trf, Lang};

/// The built-in lessons, in order.
const BUILT_IN: [&str; 10] = [
    include_str!("../lessons/01-concepts.json"),
    include_str!("../lessons/02-pull-images.json"),
    include_str!("../lessons/03-search.json"),
    include_str!("../lessons/04-build-run.json"),
    include_str!("../lessons/05-round-trip.json"),
    include_str!("../lessons/06-namespaces.json"),
    include_str!("../lessons/07-limits.json"),
    include_str!("../lessons/08-layers.json"),
    include_str!("../lessons/09-scrapyd.json"),
    include_str!("../lessons/10-challenge.json"),
];

/// Largest lesson file accepted, in bytes.
pub const MAX_LESSON_BYTES: usize = 256 * 1024;
const MAX_FILES: usize = 64;
const MAX_FILE_BYTES: usize = 64 * 1024;
const MAX_COMMANDS: usize = 64;
const MAX_GOALS: usize = 32;
const MAX_HINTS: usize = 16;
const MAX_TEXT_BYTES: usize = 16 * 1024;

/// A text in both languages. A lesson written in one language leaves the
/// other empty, and the page shows the English text in its place.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Localized {
    pub en: String,
    pub zh_cn: String,
}

impl Localized {
    /// Creates a text in the current language only.
    pub fn current(text: String) -> Self {
        match lang() {
            Lang::En => Self {
                en: text,
                zh_cn: String::new(),
            },
            Lang::ZhCn => Self {
                en: String::new(),
                zh_cn: text,
            },
        }
    }

    /// Returns the text in the current language, or the other one when
    /// it is missing.
    pub fn get(&self) -> &str {
        let (wanted, other) = match lang() {
            Lang::En => (&self.en, &self.zh_cn),
            Lang::ZhCn => (&self.zh_cn, &self.en),
        };
        if wanted.is_empty() {
            other
        } else {
            wanted
        }
    }

    fn len(&self) -> usize {
        self.en.len() + self.zh_cn.len()
    }
}

/// A goal with the sentence the page shows for it; without one, the page
/// describes the goal itself.
#[derive(Clone, Debug, PartialEq)]
pub struct LessonGoal {
    pub check: Goal,
    pub text: Option<Localized>,
}

/// One lesson.
#[derive(Clone, Debug, PartialEq)]
pub struct Lesson {
    /// Lower-case letters, digits and `-`; progress is kept by it.
    pub id: String,
    pub title: Localized,
    /// What the lesson teaches and asks; `` `code` `` marks commands and
    /// blank lines separate paragraphs.
    pub text: Localized,
    /// `scrapyd` starts from the built-in Scrapyd project; otherwise the
    /// build context is `files`.
    pub example: Option<String>,
    /// Build context files as (path, text), the Dockerfile first.
    pub files: Vec<(String, String)>,
    /// Commands run before the learner starts.
    pub setup: Vec<String>,
    pub goals: Vec<LessonGoal>,
    pub hints: Vec<Localized>,
    /// Commands that solve the lesson from its start.
    pub solution: Vec<String>,
    /// The number of commands a good solution takes.
    pub par: usize,
}

/// Why a lesson file was rejected, as a sentence in the current language.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LessonError(pub String);

impl Lesson {
    /// Reads and checks a lesson file.
    pub fn from_json(text: &str) -> Result<Lesson, LessonError> {
        if text.len() > MAX_LESSON_BYTES {
            return Err(error(
                "lesson.error.size",
                &[("limit", &kib(MAX_LESSON_BYTES))],
            ));
        }
        let lesson = engine::json::Json::parse(text)
            .map_err(|problem| problem.to_string())
            .and_then(|value| Lesson::from_value(&value))
            .map_err(|problem| error("lesson.error.json", &[("problem", &problem)]))?;
        lesson.check()?;
        Ok(lesson)
    }

    /// Checks the limits and the id; the JSON shape is already right.
    pub fn check(&self) -> Result<(), LessonError> {
        let id_ok = !self.id.is_empty()
            && self.id.len() <= 64
            && self
                .id
                .bytes()
                .all(|byte| byte.is_ascii_lowercase() || byte.is_ascii_digit() || byte == b'-');
        if !id_ok {
            return Err(error("lesson.error.id", &[("id", &self.id)]));
        }
        let counts = [
            ("files", self.files.len(), MAX_FILES),
            ("setup", self.setup.len(), MAX_COMMANDS),
            ("solution", self.solution.len(), MAX_COMMANDS),
            ("goals", self.goals.len(), MAX_GOALS),
            ("hints", self.hints.len(), MAX_HINTS),
        ];
        for (field, count, limit) in counts {
            if count > limit {
                return Err(error(
                    "lesson.error.count",
                    &[("field", field), ("limit", &limit.to_string())],
                ));
            }
        }
        if self.goals.is_empty() {
            return Err(error("lesson.error.no_goals", &[]));
        }
        if let Some((path, _)) = self.files.iter().find(|(path, text)| {
            path.is_empty()
                || path.len() > 255
                || path.starts_with('/')
                || path.split('/').any(|part| part == "..")
                || text.len() > MAX_FILE_BYTES
        }) {
            return Err(error(
                "lesson.error.file",
                &[("path", path), ("limit", &kib(MAX_FILE_BYTES))],
            ));
        }
        let texts = [&self.title, &self.text].into_iter().chain(&self.hints);
        if texts.clone().any(|text| text.len() > MAX_TEXT_BYTES) || self.title.get().is_empty() {
            return Err(error(
                "lesson.error.text",
                &[("limit", &kib(MAX_TEXT_BYTES))],
            ));
        }
        if let Some(example) = self
            .example
            .as_deref()
            .filter(|example| *example != "scrapyd")
        {
            return Err(error("lesson.error.example", &[("example", example)]));
        }
        Ok(())
    }

    /// Returns the build context the lesson starts with.
    pub fn start_files(&self) -> Vec<(String, String)> {
        match self.example.as_deref() {
            Some(_) => crate::example::scrapyd_files(),
            None if self.files.is_empty() => vec![("Dockerfile".to_string(), String::new())],
            None => self.files.clone(),
        }
    }

    /// Returns the world after the setup commands, in which the learner
    /// starts.
    pub fn start_world(&self) -> World {
        let mut world = World::new();
        world.load_project(&self.start_files());
        for line in &self.setup {
            world.run_line(line);
        }
        world
    }
}

fn error(key: &str, values: &[(&str, &str)]) -> LessonError {
    LessonError(trf(key, values))
}

fn kib(bytes: usize) -> String {
    format!("{} KiB", bytes / 1024)
}

/// Returns the built-in lessons, in order.
pub fn built_in() -> Vec<Lesson> {
    BUILT_IN
        .iter()
        .filter_map(|text| Lesson::from_json(text).ok())
        .collect()
}

/// Returns the built-in lesson with this id.
pub fn find(id: &str) -> Option<Lesson> {
    built_in().into_iter().find(|lesson| lesson.id == id)
}

pub mod json;
#[cfg(test)]
mod tests;
