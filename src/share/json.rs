//! Saved states as JSON. The field names, the forms of steps and lessons
//! and the escaping are those of the texts earlier versions wrote, so old
//! links, exports and autosaves still load.

use engine::json::{Fields, Json};

use super::{LessonRef, SavedState, Step};
use crate::lesson::json::{pairs_from_value, pairs_to_value};
use crate::lesson::Lesson;
use crate::prefs::PaneSizes;

impl SavedState {
    /// Returns the state as JSON.
    pub fn to_value(&self) -> Json {
        let mut fields = vec![("v", Json::from(self.v))];
        if let Some(lesson) = &self.lesson {
            let lesson = match lesson {
                LessonRef::Id(id) => Json::from(id.as_str()),
                LessonRef::Inline(lesson) => lesson.to_value(),
            };
            fields.push(("lesson", lesson));
        }
        fields.push(("files", pairs_to_value(&self.files)));
        if !self.steps.is_empty() {
            let steps = self.steps.iter().map(Step::to_value).collect();
            fields.push(("steps", Json::Array(steps)));
        }
        if let Some(panes) = &self.panes {
            fields.push(("panes", panes.to_value()));
        }
        Json::object(fields)
    }

    /// Reads a state without checking its limits, which `check` does.
    pub fn from_value(value: &Json) -> Result<SavedState, String> {
        let fields = Fields::strict(value, &["v", "lesson", "files", "steps", "panes"])?;
        let version = fields.unsigned("v")?;
        let lesson = fields.get("lesson").map(|lesson| match lesson {
            Json::String(id) => Ok(LessonRef::Id(id.clone())),
            _ => Lesson::from_value(lesson).map(|lesson| LessonRef::Inline(Box::new(lesson))),
        });
        let steps = fields.get("steps").map(|steps| {
            let items = steps.as_array().ok_or("invalid type for field `steps`")?;
            items.iter().map(Step::from_value).collect()
        });
        let files = fields.required("files")?;
        Ok(SavedState {
            v: u32::try_from(version).map_err(|_| "invalid value for field `v`")?,
            lesson: lesson.transpose()?,
            files: pairs_from_value(files).ok_or("invalid type for field `files`")?,
            steps: steps.transpose()?.unwrap_or_default(),
            panes: fields.get("panes").map(PaneSizes::from_value).transpose()?,
        })
    }
}

impl Step {
    fn to_value(&self) -> Json {
        match self {
            Step::Run(line) => Json::from(line.as_str()),
            Step::Files(files) => pairs_to_value(files),
            Step::Wait(ms) => Json::from(*ms),
        }
    }

    fn from_value(value: &Json) -> Result<Step, String> {
        let step = match value {
            Json::String(line) => Some(Step::Run(line.clone())),
            Json::Array(_) => pairs_from_value(value).map(Step::Files),
            _ => engine::json::unsigned(value).map(Step::Wait),
        };
        step.ok_or_else(|| "a step is not a line, a file list or a wait".to_string())
    }
}
