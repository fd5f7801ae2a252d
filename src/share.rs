//! The whole page state as data: for the link's fragment, for export and
//! import as a JSON file, and for the copy autosaved in local storage.
//!
//! A state contains the build context, the steps taken (commands run and the
//! files as they were when they changed), the lesson and the pane sizes;
//! loading it replays the commands into a fresh world, which gives the
//! same world because the engine is deterministic. Every state comes from
//! outside, so [`decode_fragment`] and [`SavedState::from_json`] bound its
//! size and name what is wrong instead of failing the page.

use crate::i18n::trf;
use crate::lesson::{Lesson, MAX_LESSON_BYTES};
use crate::lz;
use crate::prefs::PaneSizes;

mod json;

/// The format's version; a state with another is rejected.
pub const VERSION: u32 = 1;
/// The fragment's prefix: `#s=…`.
pub const FRAGMENT_PREFIX: &str = "s=";
/// Longest fragment read, in characters.
pub const MAX_FRAGMENT: usize = 200_000;
/// Longest JSON a state may decompress to, in UTF-16 code units.
pub const MAX_JSON: usize = 2_000_000;
const MAX_STEPS: usize = 500;
const MAX_FILES: usize = 64;
const MAX_FILE_BYTES: usize = 256 * 1024;
const MAX_LINE_BYTES: usize = 16 * 1024;

/// The page's state.
#[derive(Clone, Debug, PartialEq)]
pub struct SavedState {
    pub v: u32,
    /// The lesson: a built-in one by id, or a whole lesson.
    pub lesson: Option<LessonRef>,
    /// The build context now, as (path, text).
    pub files: Vec<(String, String)>,
    /// Commands run, with the files as they were whenever they changed
    /// before a command.
    pub steps: Vec<Step>,
    pub panes: Option<PaneSizes>,
}

/// A lesson in a state.
#[derive(Clone, Debug, PartialEq)]
pub enum LessonRef {
    Id(String),
    Inline(Box<Lesson>),
}

/// One step of a session.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Step {
    /// A terminal line.
    Run(String),
    /// The build context before the next line.
    Files(Vec<(String, String)>),
    /// Logical milliseconds the page let pass after the line before while
    /// its command held the terminal (a streaming `docker stats`, a
    /// foreground job).
    Wait(u64),
}

/// Why a state could not be loaded, as a sentence in the current
/// language.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StateError(pub String);

impl SavedState {
    /// Returns the state as JSON.
    pub fn to_json(&self) -> String {
        self.to_value().to_rust_compact()
    }

    /// Reads and checks a state's JSON.
    pub fn from_json(text: &str) -> Result<SavedState, StateError> {
        if text.len() > MAX_JSON {
            return Err(error("share.error.size", &[("limit", "2 MB")]));
        }
        let state = engine::json::Json::parse(text)
            .map_err(|problem| problem.to_string())
            .and_then(|value| SavedState::from_value(&value))
            .map_err(|problem| error("share.error.json", &[("problem", &problem)]))?;
        state.check()?;
        Ok(state)
    }

    fn check(&self) -> Result<(), StateError> {
        if self.v != VERSION {
            return Err(error(
                "share.error.version",
                &[("version", &self.v.to_string())],
            ));
        }
        if self.steps.len() > MAX_STEPS {
            return Err(error(
                "share.error.steps",
                &[("limit", &MAX_STEPS.to_string())],
            ));
        }
        let file_sets =
            std::iter::once(&self.files).chain(self.steps.iter().filter_map(|step| match step {
                Step::Files(files) => Some(files),
                Step::Run(_) | Step::Wait(_) => None,
            }));
        for files in file_sets {
            check_files(files)?;
        }
        if let Some(line) = self.steps.iter().find_map(|step| match step {
            Step::Run(line) if line.len() > MAX_LINE_BYTES || line.contains('\n') => Some(line),
            _ => None,
        }) {
            let start: String = line.chars().take(40).collect();
            return Err(error("share.error.line", &[("line", &start)]));
        }
        if let Some(LessonRef::Inline(lesson)) = &self.lesson {
            lesson.check().map_err(|problem| StateError(problem.0))?;
        }
        Ok(())
    }
}

fn check_files(files: &[(String, String)]) -> Result<(), StateError> {
    if files.len() > MAX_FILES {
        return Err(error(
            "share.error.files",
            &[("limit", &MAX_FILES.to_string())],
        ));
    }
    match files
        .iter()
        .find(|(path, text)| !valid_path(path) || text.len() > MAX_FILE_BYTES)
    {
        Some((path, _)) => Err(error("share.error.file", &[("path", path)])),
        None => Ok(()),
    }
}

/// Returns whether `path` is a relative path inside the build context.
pub fn valid_path(path: &str) -> bool {
    !path.is_empty()
        && path.len() <= 255
        && !path.starts_with('/')
        && !path.ends_with('/')
        && path
            .split('/')
            .all(|part| !part.is_empty() && part != "." && part != "..")
        && !path.chars().any(char::is_control)
}

/// Returns the fragment (without `#`) that encodes `state`.
pub fn encode_fragment(state: &SavedState) -> String {
    format!("{FRAGMENT_PREFIX}{}", lz::compress(&state.to_json()))
}

/// Reads a fragment (without `#`). `Ok(None)` means it contains no state.
pub fn decode_fragment(fragment: &str) -> Result<Option<SavedState>, StateError> {
    let Some(data) = fragment.strip_prefix(FRAGMENT_PREFIX) else {
        return Ok(None);
    };
    if data.len() > MAX_FRAGMENT {
        return Err(error(
            "share.error.link_size",
            &[("limit", &MAX_FRAGMENT.to_string())],
        ));
    }
    let json = lz::decompress(data, MAX_JSON).map_err(|problem| {
        let detail = match problem {
            lz::LzError::InvalidCharacter(at) => {
                trf("share.error.character", &[("at", &at.to_string())])
            }
            lz::LzError::TooLong(_) => trf("share.error.size", &[("limit", "2 MB")]),
            lz::LzError::Corrupt | lz::LzError::NotUnicode => trf("share.error.corrupt", &[]),
        };
        StateError(detail)
    })?;
    SavedState::from_json(&json).map(Some)
}

/// Reads a `?lesson=` value: a built-in lesson's id, or a lesson
/// compressed as in a link.
pub fn decode_lesson_param(value: &str) -> Result<Lesson, StateError> {
    if let Some(lesson) = crate::lesson::find(value) {
        return Ok(lesson);
    }
    if value.len() > MAX_FRAGMENT {
        return Err(error(
            "share.error.link_size",
            &[("limit", &MAX_FRAGMENT.to_string())],
        ));
    }
    let json = lz::decompress(value, MAX_LESSON_BYTES).map_err(|_| {
        error(
            "lesson.error.unknown",
            &[("id", &value.chars().take(40).collect::<String>())],
        )
    })?;
    Lesson::from_json(&json).map_err(|problem| StateError(problem.0))
}

/// Returns the link form of a lesson for `?lesson=`.
pub fn encode_lesson_param(lesson: &Lesson) -> String {
    lz::compress(&lesson.to_value().to_rust_compact())
}

fn error(key: &str, values: &[(&str, &str)]) -> StateError {
    StateError(trf(key, values))
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn sample() -> SavedState {
        SavedState {
            v: VERSION,
            lesson: Some(LessonRef::Id("04-build-run".into())),
            files: vec![("Dockerfile".into(), "FROM alpine\n".into())],
            steps: vec![
                Step::Run("docker pull alpine".into()),
                Step::Files(vec![("Dockerfile".into(), "FROM busybox\n".into())]),
                Step::Run("docker build -t x .".into()),
            ],
            panes: Some(PaneSizes::default()),
        }
    }

    #[test]
    fn fragment_round_trips() {
        let state = sample();
        let fragment = encode_fragment(&state);
        assert!(fragment.starts_with("s="));
        assert_eq!(decode_fragment(&fragment), Ok(Some(state)));
        assert_eq!(decode_fragment(""), Ok(None));
        assert_eq!(decode_fragment("section-2"), Ok(None));
    }

    #[test]
    fn bad_fragments_name_the_problem() {
        let long = format!("s={}", "A".repeat(MAX_FRAGMENT + 1));
        let not_state = format!("s={}", lz::compress("{\"hello\":1}"));
        let future = format!("s={}", lz::compress("{\"v\":9,\"files\":[]}"));
        let escape = format!(
            "s={}",
            lz::compress("{\"v\":1,\"files\":[[\"../x\",\"\"]]}")
        );
        let cases = [
            ("s=<script>", "position 0"),
            ("s=AAAA", "damaged"),
            (long.as_str(), "200000"),
            (not_state.as_str(), "hello"),
            (future.as_str(), "9"),
            (escape.as_str(), "../x"),
        ];
        for (fragment, named) in cases {
            let error = decode_fragment(fragment).expect_err(fragment);
            assert!(
                error.0.contains(named),
                "{fragment}: {} does not name {named}",
                error.0
            );
        }
    }

    /// Texts the page wrote with `serde_json` before it had its own JSON
    /// code: they load, and the same state writes the same bytes.
    #[test]
    fn earlier_texts_load_and_write_back() {
        let compact = [
            include_str!("share/testdata/state-v1.json"),
            include_str!("share/testdata/state-v1-small.json"),
        ];
        for text in compact {
            let state = SavedState::from_json(text).unwrap_or_else(|error| panic!("{error:?}"));
            assert_eq!(state.to_json(), text);
        }
        let pretty = include_str!("share/testdata/state-v1-pretty.json");
        let state = SavedState::from_json(pretty).unwrap();
        assert_eq!(state.to_value().to_rust_pretty(), pretty);
        assert_eq!(state.to_json(), compact[0]);
    }

    #[test]
    fn steps_take_three_forms() {
        let text = r#"{"v":1,"files":[],"steps":["ls",[["a","b"]],250]}"#;
        let state = SavedState::from_json(text).unwrap();
        let expected = [
            Step::Run("ls".into()),
            Step::Files(vec![("a".into(), "b".into())]),
            Step::Wait(250),
        ];
        assert_eq!(state.steps, expected);
        for bad in ["-1", "1.5", "[[\"a\"]]", "{}", "true"] {
            let text = format!(r#"{{"v":1,"files":[],"steps":[{bad}]}}"#);
            assert!(SavedState::from_json(&text).is_err(), "{text}");
        }
    }

    #[test]
    fn paths_stay_inside_the_context() {
        for (path, valid) in [
            ("Dockerfile", true),
            ("quotes/spiders/q.py", true),
            ("", false),
            ("/etc/passwd", false),
            ("a/../b", false),
            ("a//b", false),
            ("dir/", false),
            ("a\nb", false),
        ] {
            assert_eq!(valid_path(path), valid, "{path:?}");
        }
    }

    #[test]
    fn lesson_param_takes_ids_and_compressed_lessons() {
        let lesson = crate::lesson::find("03-search").expect("lesson 3");
        assert_eq!(decode_lesson_param("03-search"), Ok(lesson.clone()));
        assert_eq!(
            decode_lesson_param(&encode_lesson_param(&lesson)),
            Ok(lesson)
        );
        assert!(decode_lesson_param("no-such-lesson").is_err());
    }

    proptest! {
        #[test]
        fn arbitrary_fragments_never_panic(data in "\\PC{0,300}") {
            let _ = decode_fragment(&format!("s={data}"));
        }

        #[test]
        fn arbitrary_json_never_panics(json in "[\\[\\]{}\":,a-z0-9 ]{0,200}") {
            let _ = SavedState::from_json(&json);
            let _ = Lesson::from_json(&json);
        }

        /// Random text rarely parses as JSON at all, so these start from
        /// a valid state and a valid lesson and change a few characters,
        /// which reaches the checks behind the parser.
        #[test]
        fn mutated_states_and_lessons_never_panic(
            edits in proptest::collection::vec((any::<prop::sample::Index>(), "\\PC{0,3}"), 1..4),
            which in 0..2usize,
        ) {
            let original = match which {
                0 => sample().to_json(),
                _ => crate::lesson::find("09-scrapyd").expect("lesson 9").to_value().to_rust_compact(),
            };
            let mut chars: Vec<char> = original.chars().collect();
            for (index, replacement) in &edits {
                let at = index.index(chars.len());
                chars.splice(at..(at + 1).min(chars.len()), replacement.chars());
            }
            let text: String = chars.into_iter().collect();
            let _ = SavedState::from_json(&text);
            let _ = Lesson::from_json(&text);
            let _ = decode_fragment(&format!("s={}", lz::compress(&text)));
        }

        #[test]
        fn compressed_arbitrary_text_never_panics(text in "\\PC{0,300}") {
            let _ = decode_fragment(&format!("s={}", lz::compress(&text)));
            let _ = decode_lesson_param(&lz::compress(&text));
        }
    }
}
