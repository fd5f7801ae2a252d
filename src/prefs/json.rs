//! Preferences as JSON, in the form earlier versions kept in local storage.

use engine::json::{Fields, Json};

use super::{Motion, PaneSizes, Prefs, Theme};

impl Prefs {
    /// Returns the preferences as JSON text.
    pub fn to_json(&self) -> String {
        let optional = |value: Option<f64>| value.map_or(Json::Null, Json::Float);
        let fields = vec![
            ("theme", Json::from(self.theme.name())),
            ("motion", Json::from(self.motion.name())),
            ("detail", Json::Bool(self.detail)),
            ("speed", optional(self.speed)),
            ("zoom", optional(self.zoom)),
            ("panes", self.panes.to_value()),
        ];
        Json::object(fields).to_rust_compact()
    }

    /// Reads preferences: a missing field takes its default, and an invalid
    /// one makes the whole read fail, as the derived reader did.
    pub(super) fn from_value(value: &Json) -> Option<Prefs> {
        let fields = Fields::loose(value).ok()?;
        let defaults = Prefs::default();
        let theme = match fields.get("theme") {
            Some(name) => Theme::from_name(name.as_str()?)?,
            None => defaults.theme,
        };
        let motion = match fields.get("motion") {
            Some(name) => Motion::from_name(name.as_str()?)?,
            None => defaults.motion,
        };
        let panes = fields.get("panes").map(PaneSizes::from_value).transpose();
        Some(Prefs {
            theme,
            motion,
            detail: fields.flag("detail").ok()?,
            speed: fields.optional("speed", Json::as_f64).ok()?,
            zoom: fields.optional("zoom", Json::as_f64).ok()?,
            panes: panes.ok()?.unwrap_or(defaults.panes),
        })
    }
}

impl Theme {
    const ALL: [Theme; 3] = [Theme::System, Theme::Light, Theme::Dark];

    fn name(self) -> &'static str {
        match self {
            Theme::System => "system",
            Theme::Light => "light",
            Theme::Dark => "dark",
        }
    }

    fn from_name(name: &str) -> Option<Theme> {
        Theme::ALL.into_iter().find(|theme| theme.name() == name)
    }
}

impl Motion {
    const ALL: [Motion; 3] = [Motion::System, Motion::Reduced, Motion::Full];

    fn name(self) -> &'static str {
        match self {
            Motion::System => "system",
            Motion::Reduced => "reduced",
            Motion::Full => "full",
        }
    }

    fn from_name(name: &str) -> Option<Motion> {
        Motion::ALL.into_iter().find(|motion| motion.name() == name)
    }
}

impl PaneSizes {
    /// Returns the sizes as JSON.
    pub fn to_value(self) -> Json {
        Json::object(vec![
            ("editor", Json::Float(self.editor)),
            ("inspector", Json::Float(self.inspector)),
            ("terminal", Json::Float(self.terminal)),
        ])
    }

    /// Reads sizes; all three must be numbers.
    pub fn from_value(value: &Json) -> Result<PaneSizes, String> {
        let fields = Fields::loose(value)?;
        let size = |key: &str| {
            let size = fields.optional(key, Json::as_f64)?;
            size.ok_or_else(|| format!("missing field `{key}`"))
        };
        Ok(PaneSizes {
            editor: size("editor")?,
            inspector: size("inspector")?,
            terminal: size("terminal")?,
        })
    }
}
