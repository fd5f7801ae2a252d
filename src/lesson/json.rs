//! Lessons as JSON: the fields of lesson files in declaration order, empty
//! optional ones left out, unknown ones rejected. Texts written by earlier
//! versions of the page read the same.

use engine::goals::Goal;
use engine::json::{Fields, FromJson, Json};

use super::{Lesson, LessonGoal, Localized};

const LESSON_FIELDS: [&str; 10] = [
    "id", "title", "text", "example", "files", "setup", "goals", "hints", "solution", "par",
];

impl Lesson {
    /// Returns the lesson as JSON.
    pub fn to_value(&self) -> Json {
        let mut fields = vec![
            ("id", Json::from(self.id.as_str())),
            ("title", self.title.to_value()),
            ("text", self.text.to_value()),
        ];
        if let Some(example) = &self.example {
            fields.push(("example", Json::from(example.as_str())));
        }
        if !self.files.is_empty() {
            fields.push(("files", pairs_to_value(&self.files)));
        }
        if !self.setup.is_empty() {
            fields.push(("setup", Json::strings(&self.setup)));
        }
        let goals = self.goals.iter().map(LessonGoal::to_value).collect();
        fields.push(("goals", Json::Array(goals)));
        if !self.hints.is_empty() {
            let hints = self.hints.iter().map(Localized::to_value).collect();
            fields.push(("hints", Json::Array(hints)));
        }
        fields.push(("solution", Json::strings(&self.solution)));
        fields.push((
            "par",
            Json::Int(i64::try_from(self.par).unwrap_or(i64::MAX)),
        ));
        Json::object(fields)
    }

    /// Reads a lesson without checking its limits, which `check` does.
    pub fn from_value(value: &Json) -> Result<Lesson, String> {
        let fields = Fields::strict(value, &LESSON_FIELDS)?;
        let goals = fields.array("goals")?.iter().map(LessonGoal::from_value);
        let hints = fields.get("hints").map(|hints| {
            let items = hints.as_array().ok_or("invalid type for field `hints`")?;
            items.iter().map(Localized::from_value).collect()
        });
        let par = fields.unsigned("par")?;
        Ok(Lesson {
            id: fields.string("id")?,
            title: Localized::from_value(fields.required("title")?)?,
            text: Localized::from_value(fields.required("text")?)?,
            example: fields.opt_string("example")?,
            files: fields
                .optional("files", pairs_from_value)?
                .unwrap_or_default(),
            setup: fields.strings("setup")?,
            goals: goals.collect::<Result<_, _>>()?,
            hints: hints.transpose()?.unwrap_or_default(),
            solution: fields.strings("solution")?,
            par: usize::try_from(par).map_err(|_| "invalid value for field `par`")?,
        })
    }
}

impl LessonGoal {
    fn to_value(&self) -> Json {
        let mut fields = vec![("check", self.check.to_json())];
        if let Some(text) = &self.text {
            fields.push(("text", text.to_value()));
        }
        Json::object(fields)
    }

    fn from_value(value: &Json) -> Result<LessonGoal, String> {
        let fields = Fields::strict(value, &["check", "text"])?;
        let text = fields.get("text").map(Localized::from_value);
        Ok(LessonGoal {
            check: Goal::from_json(fields.required("check")?)?,
            text: text.transpose()?,
        })
    }
}

impl Localized {
    fn to_value(&self) -> Json {
        let mut fields = vec![("en", Json::from(self.en.as_str()))];
        if !self.zh_cn.is_empty() {
            fields.push(("zh-CN", Json::from(self.zh_cn.as_str())));
        }
        Json::object(fields)
    }

    fn from_value(value: &Json) -> Result<Localized, String> {
        let fields = Fields::strict(value, &["en", "zh-CN"])?;
        Ok(Localized {
            en: fields.string_or_empty("en")?,
            zh_cn: fields.string_or_empty("zh-CN")?,
        })
    }
}

/// Writes (path, text) pairs as two-item arrays.
pub fn pairs_to_value(pairs: &[(String, String)]) -> Json {
    let items = pairs
        .iter()
        .map(|(first, second)| Json::strings(&[first, second]));
    Json::Array(items.collect())
}

/// Reads an array of two-string arrays.
pub fn pairs_from_value(value: &Json) -> Option<Vec<(String, String)>> {
    let pair = |item: &Json| match item.as_array()? {
        [first, second] => Some((first.as_str()?.to_string(), second.as_str()?.to_string())),
        _ => None,
    };
    value.as_array()?.iter().map(pair).collect()
}
