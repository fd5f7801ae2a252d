//! The page's state: the project files, the world and the terminal's history,
//! changed only through [`Action`]s.
//!
//! This is a thin layer over the engine and runs natively in tests.

use std::rc::Rc;

use engine::events::Event;
use engine::output::transcript_entry;
use engine::view::WorldView;
use engine::{CommandResult, World};
use yew::Reducible;

use crate::example;

/// How many commands the terminal's Up/Down history keeps.
const HISTORY_LIMIT: usize = 500;

/// A file of the build context, editable in the editor.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ProjectFile {
    /// Path relative to the build context (`Dockerfile`, `quotes/settings.py`).
    pub path: String,
    pub text: String,
}

/// One line the user ran, with what it printed and did.
#[derive(Clone, Debug, PartialEq)]
pub struct Entry {
    /// The prompt shown before the line (`$ ` or a container shell's prompt).
    pub prompt: String,
    pub line: String,
    pub result: CommandResult,
    /// The world as it was after this line, for the graph and time travel.
    pub view: Rc<WorldView>,
}

/// Everything the page shows.
#[derive(Clone, Debug)]
pub struct Session {
    pub files: Vec<ProjectFile>,
    pub active_file: usize,
    world: World,
    /// Lines run since the page loaded (or since `clear` only hid them: the
    /// entries stay for the timeline).
    pub entries: Vec<Entry>,
    /// Index of the first entry the terminal still shows after `clear`.
    pub cleared_before: usize,
    /// Lines for Up/Down, oldest first.
    pub history: Vec<String>,
    /// The view before any command ran.
    pub initial_view: Rc<WorldView>,
    /// Counts runs, so components can tell a new command from a re-render.
    pub generation: u64,
}

/// Everything that can change the session.
#[derive(Clone, Debug)]
pub enum Action {
    /// Replaces the text of the file at this index.
    EditFile { index: usize, text: String },
    /// Shows another file in the editor.
    SelectFile(usize),
    /// Runs one terminal line.
    Run(String),
    /// Hides the terminal's earlier output (`clear`, Ctrl+L).
    ClearTerminal,
    /// Replaces the history, e.g. with the one kept in local storage.
    LoadHistory(Vec<String>),
}

impl Session {
    /// Creates a session with the built-in Scrapyd example.
    pub fn with_example() -> Self {
        let files = example::scrapyd_files()
            .into_iter()
            .map(|(path, text)| ProjectFile { path, text })
            .collect();
        let world = World::new();
        let initial_view = Rc::new(world.view());
        Self {
            files,
            active_file: 0,
            world,
            entries: Vec::new(),
            cleared_before: 0,
            history: Vec::new(),
            initial_view,
            generation: 0,
        }
    }

    /// Returns the prompt for the next line.
    pub fn prompt(&self) -> String {
        self.world.prompt()
    }

    /// Returns the view after the last command.
    pub fn view(&self) -> Rc<WorldView> {
        self.entries
            .last()
            .map(|entry| entry.view.clone())
            .unwrap_or_else(|| self.initial_view.clone())
    }

    /// Returns the events of the last command.
    pub fn last_events(&self) -> &[Event] {
        self.entries.last().map(|entry| entry.result.events.as_slice()).unwrap_or(&[])
    }

    /// Returns the terminal's text from the first shown entry on, as the
    /// transcript of `porthole script` prints it.
    pub fn transcript(&self) -> String {
        self.entries[self.cleared_before..]
            .iter()
            .map(|entry| transcript_entry(&entry.prompt, &entry.line, &entry.result))
            .collect()
    }

    /// Applies an action in place.
    pub fn apply(&mut self, action: Action) {
        match action {
            Action::EditFile { index, text } => {
                if let Some(file) = self.files.get_mut(index) {
                    file.text = text;
                }
            }
            Action::SelectFile(index) => {
                if index < self.files.len() {
                    self.active_file = index;
                }
            }
            Action::Run(line) => self.run(line),
            Action::ClearTerminal => self.cleared_before = self.entries.len(),
            Action::LoadHistory(history) => self.history = history,
        }
    }

    fn run(&mut self, line: String) {
        let trimmed = line.trim();
        if trimmed == "clear" {
            self.remember(trimmed);
            self.cleared_before = self.entries.len();
            return;
        }
        if !trimmed.is_empty() {
            self.remember(trimmed);
        }

        let project: Vec<(String, String)> =
            self.files.iter().map(|file| (file.path.clone(), file.text.clone())).collect();
        self.world.load_project(&project);
        let prompt = self.world.prompt();
        let result = self.world.run_line(&line);
        let view = Rc::new(self.world.view());
        self.entries.push(Entry { prompt, line, result, view });
        self.generation += 1;
    }

    fn remember(&mut self, line: &str) {
        if self.history.last().map(String::as_str) != Some(line) {
            self.history.push(line.to_string());
        }
        if self.history.len() > HISTORY_LIMIT {
            let excess = self.history.len() - HISTORY_LIMIT;
            self.history.drain(..excess);
        }
    }
}

impl PartialEq for Session {
    /// Sessions compare by generation and edits; the world itself is never
    /// compared because every change to it bumps the generation.
    fn eq(&self, other: &Self) -> bool {
        self.generation == other.generation
            && self.files == other.files
            && self.active_file == other.active_file
            && self.cleared_before == other.cleared_before
            && self.history == other.history
    }
}

impl Reducible for Session {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        let mut session = Rc::unwrap_or_clone(self);
        session.apply(action);
        Rc::new(session)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn example_opens_dockerfile_first() {
        let session = Session::with_example();
        assert_eq!(session.files[session.active_file].path, "Dockerfile");
        assert!(session.files[0].text.contains("FROM python:3.12-slim"));
    }

    #[test]
    fn run_records_entry_and_history() {
        let mut session = Session::with_example();
        session.apply(Action::Run("docker ps".into()));
        assert_eq!(session.entries.len(), 1);
        assert_eq!(session.history, ["docker ps"]);
        assert_eq!(session.generation, 1);
        assert!(session.transcript().starts_with("$ docker ps\n"));
    }

    #[test]
    fn clear_hides_entries_but_keeps_history() {
        let mut session = Session::with_example();
        session.apply(Action::Run("docker ps".into()));
        session.apply(Action::Run("clear".into()));
        assert_eq!(session.transcript(), "");
        assert_eq!(session.history, ["docker ps", "clear"]);
        assert_eq!(session.entries.len(), 1);
    }

    #[test]
    fn history_skips_repeated_line() {
        let mut session = Session::with_example();
        session.apply(Action::Run("docker ps".into()));
        session.apply(Action::Run("docker ps".into()));
        assert_eq!(session.history, ["docker ps"]);
    }
}
