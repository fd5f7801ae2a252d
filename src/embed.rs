//! The page's address parameters: `?lang=` and `?lesson=` for everyone,
//! and the embed mode's (`?embed=1`) panes, files, commands, theme and
//! height.
//!
//! | parameter | meaning |
//! | --- | --- |
//! | `embed=1` | embed mode: no header controls, the panes stacked, events sent to the embedding page |
//! | `panes=editor,graph,terminal,inspector` | the panes shown, in this order |
//! | `dockerfile=TEXT` | the Dockerfile |
//! | `file=PATH:TEXT` | another build context file (repeatable) |
//! | `run=LINE` | a command run when the page opens (repeatable) |
//! | `autoplay=1` | play the commands' events instead of showing the end |
//! | `theme=light\|dark` | the colour theme |
//! | `lang=en\|zh-CN` | the language |
//! | `lesson=ID` or a compressed lesson | the lesson to start |
//! | `height=PX` | the panes' height in embed mode (200 to 4000) |

use crate::i18n::Lang;
use crate::prefs::Theme;
use crate::share::valid_path;

/// A pane the embed mode can show.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum EmbedPane {
    Editor,
    Graph,
    Terminal,
    Inspector,
}

impl EmbedPane {
    fn parse(name: &str) -> Option<Self> {
        match name.trim() {
            "editor" => Some(EmbedPane::Editor),
            "graph" => Some(EmbedPane::Graph),
            "terminal" => Some(EmbedPane::Terminal),
            "inspector" => Some(EmbedPane::Inspector),
            _ => None,
        }
    }

    /// Returns the CSS class that shows the pane.
    pub fn class(self) -> &'static str {
        match self {
            EmbedPane::Editor => "show-editor",
            EmbedPane::Graph => "show-graph",
            EmbedPane::Terminal => "show-terminal",
            EmbedPane::Inspector => "show-inspector",
        }
    }
}

/// Most commands a link may preload.
const MAX_RUN: usize = 50;
/// Most files a link may give.
const MAX_FILES: usize = 32;
const DEFAULT_HEIGHT: u32 = 480;

/// What the address asks for.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct PageParams {
    pub embed: bool,
    pub panes: Vec<EmbedPane>,
    /// Build context files, the Dockerfile first; empty keeps the default.
    pub files: Vec<(String, String)>,
    pub run: Vec<String>,
    pub autoplay: bool,
    pub theme: Option<Theme>,
    pub lang: Option<Lang>,
    pub lesson: Option<String>,
    /// The panes' height in CSS pixels, in embed mode.
    pub height: u32,
}

impl PageParams {
    /// Reads the parameters from the query's pairs. Unknown names and
    /// unreadable values are ignored, so a link always opens a page.
    pub fn from_pairs(pairs: &[(String, String)]) -> Self {
        let mut params = PageParams {
            height: DEFAULT_HEIGHT,
            ..PageParams::default()
        };
        let mut dockerfile = None;
        let mut files = Vec::new();
        for (name, value) in pairs {
            match name.as_str() {
                "embed" => params.embed = value == "1" || value == "true",
                "panes" => params.panes = value.split(',').filter_map(EmbedPane::parse).collect(),
                "dockerfile" => dockerfile = Some(value.clone()),
                "file" => {
                    if let Some((path, text)) =
                        value.split_once(':').filter(|(path, _)| valid_path(path))
                    {
                        files.push((path.to_string(), text.to_string()));
                    }
                }
                "run" if params.run.len() < MAX_RUN => params.run.extend(
                    value
                        .lines()
                        .filter(|line| !line.trim().is_empty())
                        .map(str::to_string),
                ),
                "autoplay" => params.autoplay = value == "1" || value == "true",
                "theme" => {
                    params.theme = match value.as_str() {
                        "light" => Some(Theme::Light),
                        "dark" => Some(Theme::Dark),
                        _ => None,
                    }
                }
                "lang" => params.lang = Lang::from_code(value),
                "lesson" if !value.is_empty() => params.lesson = Some(value.clone()),
                "height" => {
                    if let Ok(height) = value.parse::<u32>() {
                        params.height = height.clamp(200, 4000);
                    }
                }
                _ => {}
            }
        }
        params.run.truncate(MAX_RUN);
        files.truncate(MAX_FILES);
        if dockerfile.is_some() || !files.is_empty() {
            let dockerfile = dockerfile.unwrap_or_default();
            params.files = std::iter::once(("Dockerfile".to_string(), dockerfile))
                .chain(files.into_iter().filter(|(path, _)| path != "Dockerfile"))
                .collect();
        }
        if params.panes.is_empty() {
            params.panes = vec![EmbedPane::Editor, EmbedPane::Graph, EmbedPane::Terminal];
        }
        params
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn params(query: &[(&str, &str)]) -> PageParams {
        let pairs: Vec<(String, String)> = query
            .iter()
            .map(|(name, value)| (name.to_string(), value.to_string()))
            .collect();
        PageParams::from_pairs(&pairs)
    }

    #[test]
    fn defaults_without_parameters() {
        let empty = params(&[]);
        assert!(!empty.embed);
        assert_eq!(empty.height, 480);
        assert!(empty.files.is_empty());
        assert_eq!(empty.panes.len(), 3);
    }

    #[test]
    fn embed_parameters_are_read() {
        let read = params(&[
            ("embed", "1"),
            ("panes", "terminal,graph,nonsense"),
            ("file", "app.py:print(1)"),
            ("dockerfile", "FROM alpine\n"),
            ("file", "../escape:x"),
            ("run", "docker pull alpine\ndocker images"),
            ("run", "docker ps"),
            ("autoplay", "1"),
            ("theme", "dark"),
            ("lang", "zh-CN"),
            ("lesson", "03-search"),
            ("height", "99999"),
        ]);
        assert!(read.embed && read.autoplay);
        assert_eq!(read.panes, [EmbedPane::Terminal, EmbedPane::Graph]);
        assert_eq!(
            read.files,
            [
                ("Dockerfile".to_string(), "FROM alpine\n".to_string()),
                ("app.py".to_string(), "print(1)".to_string())
            ]
        );
        assert_eq!(
            read.run,
            ["docker pull alpine", "docker images", "docker ps"]
        );
        assert_eq!(read.theme, Some(Theme::Dark));
        assert_eq!(read.lang, Some(Lang::ZhCn));
        assert_eq!(read.lesson.as_deref(), Some("03-search"));
        assert_eq!(read.height, 4000);
    }

    #[test]
    fn bad_values_are_ignored() {
        let read = params(&[
            ("height", "-5"),
            ("theme", "<b>"),
            ("lang", "fr"),
            ("embed", "yes"),
        ]);
        assert_eq!(read.height, 480);
        assert_eq!(read.theme, None);
        assert_eq!(read.lang, None);
        assert!(!read.embed);
        let many: Vec<(&str, &str)> = (0..80).map(|_| ("run", "docker ps")).collect();
        assert_eq!(params(&many).run.len(), 50);
    }
}
