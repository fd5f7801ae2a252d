//! The page's settings: theme, motion, the graph's detail, playback speed
//! and pane sizes. They are kept in local storage between visits.

mod json;

/// Colour theme.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Theme {
    /// Follows `prefers-color-scheme`.
    #[default]
    System,
    Light,
    Dark,
}

impl Theme {
    /// Returns the value of the root element's `data-theme` attribute;
    /// `None` leaves the choice to `prefers-color-scheme`.
    pub fn attribute(self) -> Option<&'static str> {
        match self {
            Theme::System => None,
            Theme::Light => Some("light"),
            Theme::Dark => Some("dark"),
        }
    }
}

/// Whether tokens travel along edges or jump.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Motion {
    /// Follows `prefers-reduced-motion`.
    #[default]
    System,
    Reduced,
    Full,
}

impl Motion {
    /// Returns whether motion is reduced, given the system's preference.
    pub fn reduced(self, system_prefers_reduced: bool) -> bool {
        match self {
            Motion::System => system_prefers_reduced,
            Motion::Reduced => true,
            Motion::Full => false,
        }
    }
}

/// A pane whose size a drag handle sets.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Pane {
    /// The editor's width.
    Editor,
    /// The inspector's width.
    Inspector,
    /// The terminal's height.
    Terminal,
}

/// Pane sizes in CSS pixels.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct PaneSizes {
    pub editor: f64,
    pub inspector: f64,
    pub terminal: f64,
}

impl Default for PaneSizes {
    fn default() -> Self {
        Self {
            editor: 340.0,
            inspector: 320.0,
            terminal: 240.0,
        }
    }
}

impl PaneSizes {
    /// Returns the smallest and largest size of a pane.
    pub fn range(pane: Pane) -> (f64, f64) {
        match pane {
            Pane::Editor => (220.0, 900.0),
            Pane::Inspector => (240.0, 900.0),
            Pane::Terminal => (120.0, 900.0),
        }
    }

    pub fn get(&self, pane: Pane) -> f64 {
        match pane {
            Pane::Editor => self.editor,
            Pane::Inspector => self.inspector,
            Pane::Terminal => self.terminal,
        }
    }

    /// Sets a pane's size, kept within its range; a size that is not a
    /// number leaves the pane as it was.
    pub fn set(&mut self, pane: Pane, size: f64) {
        if !size.is_finite() {
            return;
        }
        let (min, max) = Self::range(pane);
        let size = size.clamp(min, max);
        match pane {
            Pane::Editor => self.editor = size,
            Pane::Inspector => self.inspector = size,
            Pane::Terminal => self.terminal = size,
        }
    }
}

/// Scales the zoom control offers besides fitting the pane.
pub const ZOOMS: [f64; 4] = [0.75, 1.0, 1.5, 2.0];

/// Everything kept between visits.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Prefs {
    pub theme: Theme,
    pub motion: Motion,
    /// Whether the graph draws the whole chain from dockerd to the kernel.
    pub detail: bool,
    /// Playback speed factor.
    pub speed: Option<f64>,
    /// The graph's scale: 1.0 draws one SVG unit as one CSS pixel; `None`
    /// fits the graph to the pane's width.
    pub zoom: Option<f64>,
    pub panes: PaneSizes,
}

impl Prefs {
    /// Reads preferences from their JSON; anything unreadable gives the
    /// defaults, and each pane size is kept within its range.
    pub fn from_json(text: &str) -> Self {
        let value = engine::json::Json::parse(text).ok();
        let mut prefs = value
            .and_then(|value| Prefs::from_value(&value))
            .unwrap_or_default();
        prefs.zoom = prefs.zoom.filter(|zoom| ZOOMS.contains(zoom));
        let panes = prefs.panes;
        for pane in [Pane::Editor, Pane::Inspector, Pane::Terminal] {
            prefs.panes.set(pane, panes.get(pane));
        }
        prefs
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn motion_follows_system_unless_set() {
        assert!(Motion::System.reduced(true));
        assert!(!Motion::System.reduced(false));
        assert!(Motion::Reduced.reduced(false));
        assert!(!Motion::Full.reduced(true));
    }

    #[test]
    fn pane_size_stays_in_range() {
        let mut sizes = PaneSizes::default();
        sizes.set(Pane::Editor, 10.0);
        assert_eq!(sizes.editor, 220.0);
        sizes.set(Pane::Terminal, 5000.0);
        assert_eq!(sizes.terminal, 900.0);
        sizes.set(Pane::Inspector, f64::NAN);
        assert_eq!(sizes.inspector, PaneSizes::default().inspector);
    }

    #[test]
    fn prefs_round_trip_and_survive_bad_json() {
        let prefs = Prefs {
            theme: Theme::Dark,
            motion: Motion::Reduced,
            detail: true,
            speed: Some(2.0),
            zoom: Some(1.5),
            panes: PaneSizes::default(),
        };
        let json = prefs.to_json();
        assert_eq!(Prefs::from_json(&json), prefs);
        assert_eq!(Prefs::from_json("{not json"), Prefs::default());
        assert_eq!(Prefs::from_json(r#"{"theme":"dark"}"#).theme, Theme::Dark);
        assert_eq!(
            Prefs::from_json(r#"{"zoom":1e308}"#).zoom,
            None,
            "only offered zooms load"
        );
        assert_eq!(
            Prefs::from_json(r#"{"panes":{"editor":1,"inspector":2,"terminal":3}}"#)
                .panes
                .editor,
            220.0
        );
    }

    #[test]
    fn earlier_prefs_load_and_write_back() {
        let text = include_str!("share/testdata/prefs.json");
        let prefs = Prefs::from_json(text);
        assert_eq!(prefs.theme, Theme::Dark);
        assert_eq!(prefs.motion, Motion::Full);
        assert_eq!(prefs.speed, Some(2.0));
        assert_eq!(prefs.to_json(), text);
        assert_eq!(
            Prefs::from_json(r#"{"theme":"blue","detail":true}"#),
            Prefs::default()
        );
    }

    #[test]
    fn theme_attribute() {
        assert_eq!(Theme::System.attribute(), None);
        assert_eq!(Theme::Dark.attribute(), Some("dark"));
    }
}
