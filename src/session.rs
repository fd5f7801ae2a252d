//! The page's state: the project files, the world and its timeline of
//! commands, playback, the selection and the settings, changed only through
//! [`Action`]s.
//!
//! This is a thin layer over the engine and runs natively in tests. Every
//! field that can be large sits behind an `Rc`, so the clone a reducer step
//! makes is cheap; the world itself is copied only when a command changes
//! it while an earlier entry still keeps it as a snapshot.

use std::rc::Rc;

use engine::events::Event;
use engine::output::Chunk;
use engine::view::WorldView;
use engine::Stream;
use engine::{CommandResult, World};
use yew::Reducible;

use crate::example;
use crate::frame::{compose, Frame};
use crate::i18n::Lang;
use crate::lesson::Lesson;
use crate::playback::{Playback, Position};
use crate::prefs::{Motion, Pane, Prefs, Theme};
use crate::selection::Selection;
use crate::share::{LessonRef, SavedState, Step, VERSION};
use crate::slots::SlotBook;

/// How many commands the terminal's Up/Down history keeps.
const HISTORY_LIMIT: usize = 500;
/// Logical milliseconds one of the page's ticks lets pass in a live
/// session; a reload replays a saved wait in ticks of this size.
pub const TICK_MS: u64 = 1_000;
/// The maximum wait after one line that a reload replays: an hour of
/// ticks, so a crafted link cannot keep the page busy.
const MAX_REPLAYED_WAIT_MS: u64 = 3_600_000;
/// The output pieces a live command keeps before its oldest redrawn frames
/// go: about ten minutes of a streaming `docker stats`.
const LIVE_OUTPUT_LIMIT: usize = 600;
/// Cursor-home, which a redrawing program such as a streaming `docker
/// stats` writes before each frame.
pub const CURSOR_HOME: &str = "\x1b[H";

/// A file of the build context, editable in the editor.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ProjectFile {
    /// Path relative to the build context (`Dockerfile`, `quotes/settings.py`).
    pub path: String,
    pub text: String,
}

/// One line the user ran, with what it printed and did.
#[derive(Clone, Debug)]
pub struct Entry {
    /// The prompt shown before the line (`$ ` or a container shell's prompt).
    pub prompt: String,
    pub line: String,
    pub result: CommandResult,
    /// The world's view after this line, for the graph and time travel.
    pub view: Rc<WorldView>,
    /// The world after this line, for the inspector's queries.
    pub world: Rc<World>,
    /// The build context the line ran with.
    pub files: Rc<Vec<ProjectFile>>,
    /// Logical milliseconds the page let pass after the line while its
    /// command held the terminal, which a reload replays.
    pub waited: u64,
}

impl PartialEq for Entry {
    /// Entries compare by what they show; the world snapshot is determined
    /// by the lines run before it.
    fn eq(&self, other: &Self) -> bool {
        self.prompt == other.prompt
            && self.line == other.line
            && self.result == other.result
            && self.view == other.view
    }
}

/// Everything the page shows.
#[derive(Clone, Debug)]
pub struct Session {
    pub files: Rc<Vec<ProjectFile>>,
    pub active_file: usize,
    world: Rc<World>,
    /// Lines run since the page loaded; `clear` only hides them from the
    /// terminal, and the timeline keeps them.
    pub entries: Vec<Rc<Entry>>,
    /// Index of the first entry the terminal still shows after `clear`.
    pub cleared_before: usize,
    /// Lines for Up/Down, oldest first.
    pub history: Rc<Vec<String>>,
    /// Lines typed while a live command held the terminal. They enter the
    /// history once a shell reads them; Ctrl+C discards them.
    unread: Vec<String>,
    /// The world and its view before any command ran.
    pub initial_world: Rc<World>,
    pub initial_view: Rc<WorldView>,
    /// Counts runs, so components can tell a new command from a re-render.
    pub generation: u64,
    pub playback: Playback,
    pub selection: Option<Selection>,
    /// The pane a medium-width page shows in its side column. Wide pages
    /// show both the editor and the inspector.
    pub side: Side,
    pub prefs: Prefs,
    /// The slot of every object of the graph, for the whole session.
    pub slots: Rc<SlotBook>,
    /// The build context before the first command.
    initial_files: Rc<Vec<ProjectFile>>,
    /// The lesson being taken; `None` in the sandbox.
    pub lesson: Option<Rc<LessonRun>>,
    pub lang: Lang,
    /// A message about something that could not be loaded.
    pub notice: Option<Notice>,
}

/// A lesson being taken and which of its goals hold.
#[derive(Clone, Debug, PartialEq)]
pub struct LessonRun {
    pub lesson: Rc<Lesson>,
    /// One entry per goal, in the lesson's order.
    pub met: Vec<bool>,
    /// The commands used when every goal first held; undo does not
    /// clear it, so progress records the count that solved the lesson.
    pub solved_with: Option<usize>,
}

impl LessonRun {
    /// Tells whether every goal has held at some point.
    pub fn solved(&self) -> bool {
        self.solved_with.is_some()
    }
}

/// A message the page shows above the panes until dismissed, with the
/// data that could not be loaded so the user can download it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Notice {
    pub message: String,
    pub raw: Option<String>,
}

/// A pane of the side column.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Side {
    #[default]
    Editor,
    Inspector,
}

/// Everything that can change the session.
#[derive(Clone, Debug)]
pub enum Action {
    /// Replaces the text of the file at this index.
    EditFile {
        index: usize,
        text: String,
    },
    /// Shows another file in the editor.
    SelectFile(usize),
    /// Runs one terminal line.
    Run(String),
    /// Hides the terminal's earlier output (`clear`, Ctrl+L).
    ClearTerminal,
    /// Replaces the history, e.g. with the one kept in local storage.
    LoadHistory(Vec<String>),
    Play,
    Pause,
    StepForward,
    StepBack,
    /// Sets the playback speed factor (snapped to the offered speeds).
    SetSpeed(f64),
    /// Applies the next event while playing; carries the position the
    /// graph was showing, so a late tick does nothing.
    Tick(Position),
    /// Shows the world after this entry (`None`: before the first command).
    Travel(Option<usize>),
    /// Shows the world right after event `index` of `entry` and selects it.
    Seek {
        entry: usize,
        index: usize,
    },
    /// Selects an object for the inspector, or clears the selection.
    Select(Option<Selection>),
    /// Shows the editor or the inspector in the side column.
    ShowSide(Side),
    SetTheme(Theme),
    SetMotion(Motion),
    /// Switches the graph between the daemon alone and the whole chain.
    SetDetail(bool),
    /// Sets the graph's scale; `None` fits it to the pane.
    SetZoom(Option<f64>),
    /// Sets a pane's size in CSS pixels.
    ResizePane {
        pane: Pane,
        size: f64,
    },
    /// Replaces the settings, e.g. with those kept in local storage.
    LoadPrefs(Prefs),
    /// Starts a lesson from its starting world.
    StartLesson(Rc<Lesson>),
    /// Leaves the lesson for the sandbox with the built-in example.
    LeaveLesson,
    /// Restores the world before the last command.
    Undo,
    /// Starts the lesson (or the sandbox) again.
    Reset,
    SetLang(Lang),
    /// Replaces the session with a saved state, replaying its commands.
    Restore(Rc<SavedState>),
    /// Shows a message, or hides it.
    Notify(Option<Notice>),
    /// Lets this many milliseconds of logical time pass while a live
    /// session is attached (see [`Session::is_live`]).
    PassTime(u64),
}

impl Session {
    /// Creates a session with the built-in Scrapyd example.
    pub fn with_example() -> Self {
        Self::new(project_files(example::scrapyd_files()), World::new())
    }

    /// Creates a session at the start of a lesson.
    pub fn with_lesson(lesson: Rc<Lesson>) -> Self {
        let files = project_files(lesson.start_files());
        let mut session = Self::new(files, lesson.start_world());
        session.lesson = Some(Rc::new(LessonRun {
            met: vec![false; lesson.goals.len()],
            lesson,
            solved_with: None,
        }));
        session.update_goals();
        session
    }

    /// Creates a session with these files and world.
    pub fn new(files: Vec<ProjectFile>, world: World) -> Self {
        let initial_view = Rc::new(world.view());
        let world = Rc::new(world);
        let mut slots = SlotBook::default();
        slots.update(&WorldView::default(), &initial_view);
        let files = Rc::new(files);
        Self {
            initial_files: files.clone(),
            files,
            active_file: 0,
            initial_world: world.clone(),
            world,
            entries: Vec::new(),
            cleared_before: 0,
            history: Rc::new(Vec::new()),
            unread: Vec::new(),
            initial_view,
            generation: 0,
            playback: Playback::default(),
            selection: None,
            side: Side::default(),
            prefs: Prefs::default(),
            slots: Rc::new(slots),
            lesson: None,
            lang: Lang::default(),
            notice: None,
        }
    }

    /// Returns the prompt for the next line.
    pub fn prompt(&self) -> String {
        self.world.prompt()
    }

    /// Returns whether the attached session changes as time passes (a
    /// streaming `docker stats`, an attached process) and the page shows
    /// the latest command, so the page should let time pass.
    pub fn is_live(&self) -> bool {
        self.world.wants_ticks()
            && self.playback.position.entry == self.entries.len().checked_sub(1)
    }

    /// Returns whether the terminal is attached to a container's process or
    /// shell, where Ctrl+C, Ctrl+D and Ctrl+P Ctrl+Q go to the container.
    pub fn is_attached(&self) -> bool {
        self.world.is_attached()
    }

    /// Returns the number of events of every entry, for playback.
    pub fn counts(&self) -> Vec<usize> {
        self.entries
            .iter()
            .map(|entry| entry.result.events.len())
            .collect()
    }

    /// Returns the view before entry `index` ran.
    pub fn view_before(&self, index: usize) -> Rc<WorldView> {
        match index
            .checked_sub(1)
            .and_then(|previous| self.entries.get(previous))
        {
            Some(entry) => entry.view.clone(),
            None => self.initial_view.clone(),
        }
    }

    /// Returns the view after the last command.
    pub fn view(&self) -> Rc<WorldView> {
        self.entries
            .last()
            .map(|entry| entry.view.clone())
            .unwrap_or_else(|| self.initial_view.clone())
    }

    /// Returns the entry playback is in, if any.
    pub fn current_entry(&self) -> Option<&Rc<Entry>> {
        self.playback
            .position
            .entry
            .and_then(|index| self.entries.get(index))
    }

    /// Returns the world after the last command.
    pub fn world_now(&self) -> Rc<World> {
        self.world.clone()
    }

    /// Returns the world at the playback position, for the inspector.
    pub fn world_at_position(&self) -> Rc<World> {
        self.current_entry()
            .map(|entry| entry.world.clone())
            .unwrap_or_else(|| self.initial_world.clone())
    }

    /// Returns the last event applied at the playback position.
    pub fn current_event(&self) -> Option<&Event> {
        let played = self.playback.position.played;
        self.current_entry().and_then(|entry| {
            played
                .checked_sub(1)
                .and_then(|index| entry.result.events.get(index))
        })
    }

    /// Composes what the graph draws at the playback position.
    pub fn frame(&self) -> Frame {
        let Position { entry, played } = self.playback.position;
        match entry.and_then(|index| self.entries.get(index).map(|found| (index, found))) {
            Some((index, found)) => {
                let before = self.view_before(index);
                compose(
                    &before,
                    &found.view,
                    &found.result.events,
                    played,
                    found.result.exit_code != 0,
                )
            }
            None => Frame {
                view: (*self.initial_view).clone(),
                ..Frame::default()
            },
        }
    }

    /// Returns the terminal's text from the first shown entry on, as the
    /// transcript of `porthole script` prints it.
    /// Every frame of a redrawn table shows, with its codes.
    #[cfg(test)]
    pub fn transcript(&self) -> String {
        self.entries[self.cleared_before..]
            .iter()
            .map(|entry| {
                engine::output::transcript_entry(&entry.prompt, &entry.line, &entry.result)
            })
            .collect()
    }

    /// Applies an action in place.
    pub fn apply(&mut self, action: Action) {
        let counts = self.counts();
        match action {
            Action::EditFile { index, text } => {
                if let Some(file) = Rc::make_mut(&mut self.files).get_mut(index) {
                    file.text = text;
                }
            }
            Action::SelectFile(index) => {
                if index < self.files.len() {
                    self.active_file = index;
                }
            }
            Action::Run(line) => self.run(line),
            Action::ClearTerminal => self.clear_terminal(),
            Action::LoadHistory(history) => {
                let excess = history.len().saturating_sub(HISTORY_LIMIT);
                self.history = Rc::new(history[excess..].to_vec());
            }
            Action::Play => self.playback.play(&counts),
            Action::Pause => self.playback.pause(),
            Action::StepForward => self.playback.step_forward(&counts),
            Action::StepBack => self.playback.step_back(&counts),
            Action::SetSpeed(factor) => {
                self.playback.set_speed(factor);
                self.prefs.speed = Some(self.playback.speed_factor());
            }
            Action::Tick(expected) => self.playback.tick(expected, &counts),
            Action::Travel(entry) => self.playback.travel(entry, &counts),
            Action::Seek { entry, index } => {
                self.playback.seek(entry, index, &counts);
                if entry < self.entries.len() {
                    self.selection = Some(Selection::Event { entry, index });
                    self.side = Side::Inspector;
                }
            }
            Action::Select(selection) => {
                if selection.is_some() {
                    self.side = Side::Inspector;
                }
                self.selection = selection;
            }
            Action::ShowSide(side) => self.side = side,
            Action::SetTheme(theme) => self.prefs.theme = theme,
            Action::SetMotion(motion) => self.prefs.motion = motion,
            Action::SetDetail(detail) => self.prefs.detail = detail,
            Action::SetZoom(zoom) => {
                self.prefs.zoom = zoom.filter(|zoom| crate::prefs::ZOOMS.contains(zoom))
            }
            Action::ResizePane { pane, size } => self.prefs.panes.set(pane, size),
            Action::LoadPrefs(prefs) => {
                if let Some(speed) = prefs.speed {
                    self.playback.set_speed(speed);
                }
                self.prefs = prefs;
            }
            Action::StartLesson(lesson) => self.replace(Self::with_lesson(lesson)),
            Action::LeaveLesson => self.replace(Self::with_example()),
            Action::Undo => self.undo(),
            Action::Reset => {
                let fresh = match &self.lesson {
                    Some(run) => Self::with_lesson(run.lesson.clone()),
                    None => Self::with_example(),
                };
                self.replace(fresh);
            }
            Action::SetLang(lang) => self.lang = lang,
            Action::Restore(state) => self.restore(&state),
            Action::Notify(notice) => self.notice = notice,
            Action::PassTime(millis) => self.pass_time(millis),
        }
    }

    /// Takes the world, files and lesson of `fresh`, keeping the history,
    /// settings and language.
    fn replace(&mut self, fresh: Session) {
        let generation = self.generation + 1;
        let kept = (
            self.history.clone(),
            self.prefs.clone(),
            self.lang,
            self.side,
        );
        let speed = self.playback.speed_factor();
        *self = fresh;
        (self.history, self.prefs, self.lang, self.side) = kept;
        self.playback.set_speed(speed);
        self.generation = generation;
    }

    /// Restores the world before the last command and shows it.
    fn undo(&mut self) {
        if self.entries.pop().is_none() {
            return;
        }
        self.world = self
            .entries
            .last()
            .map(|entry| entry.world.clone())
            .unwrap_or_else(|| self.initial_world.clone());
        self.unread.clear();
        self.cleared_before = self.cleared_before.min(self.entries.len());
        self.selection = None;
        self.generation += 1;
        let last = self.entries.len().checked_sub(1);
        self.playback.travel(last, &self.counts());
        self.playback.pause();
        self.update_goals();
    }

    /// Replaces the session with a saved one: the lesson's (or the
    /// example's) start, then every step replayed, shown after the last.
    fn restore(&mut self, state: &SavedState) {
        let lesson = match &state.lesson {
            Some(LessonRef::Id(id)) => crate::lesson::find(id),
            Some(LessonRef::Inline(lesson)) => Some((**lesson).clone()),
            None => None,
        };
        let mut fresh = match lesson {
            Some(lesson) => Self::with_lesson(Rc::new(lesson)),
            None => Self::with_example(),
        };
        for step in &state.steps {
            match step {
                Step::Run(line) => fresh.run(line.clone()),
                Step::Files(files) => fresh.files = Rc::new(project_files(files.clone())),
                Step::Wait(millis) => fresh.replay_wait(*millis),
            }
        }
        fresh.files = Rc::new(project_files(state.files.clone()));
        let last = fresh.entries.len().checked_sub(1);
        fresh.playback.travel(last, &fresh.counts());
        fresh.playback.pause();
        self.replace(fresh);
        if let Some(panes) = state.panes {
            for pane in [Pane::Editor, Pane::Inspector, Pane::Terminal] {
                self.prefs.panes.set(pane, panes.get(pane));
            }
        }
    }

    /// Returns the session as a state to share or save.
    pub fn snapshot(&self) -> SavedState {
        let mut steps = Vec::new();
        let mut files = &self.initial_files;
        for entry in &self.entries {
            if entry.files != *files {
                files = &entry.files;
                steps.push(Step::Files(pairs(files)));
            }
            steps.push(Step::Run(entry.line.clone()));
            if entry.waited > 0 {
                steps.push(Step::Wait(entry.waited));
            }
        }
        let lesson = self
            .lesson
            .as_ref()
            .map(|run| match crate::lesson::find(&run.lesson.id) {
                Some(built_in) if built_in == *run.lesson => LessonRef::Id(built_in.id),
                _ => LessonRef::Inline(Box::new((*run.lesson).clone())),
            });
        SavedState {
            v: VERSION,
            lesson,
            files: pairs(&self.files),
            steps,
            panes: Some(self.prefs.panes),
        }
    }

    /// Returns how many commands the learner ran since the lesson started
    /// (undone ones not counted).
    pub fn commands_used(&self) -> usize {
        self.entries
            .iter()
            .filter(|entry| !entry.line.trim().is_empty())
            .count()
    }

    /// Returns the events of every command since the start, oldest first.
    fn trace(&self) -> Vec<Event> {
        self.entries
            .iter()
            .flat_map(|entry| entry.result.events.iter().cloned())
            .collect()
    }

    /// Checks the lesson's goals against the world now.
    fn update_goals(&mut self) {
        let Some(run) = &self.lesson else {
            return;
        };
        let trace = self.trace();
        let met: Vec<bool> = run
            .lesson
            .goals
            .iter()
            .map(|goal| goal.check.is_met(&self.world, &trace))
            .collect();
        let solved_with = run
            .solved_with
            .or_else(|| met.iter().all(|met| *met).then(|| self.commands_used()));
        if met != run.met || solved_with != run.solved_with {
            let run = Rc::make_mut(self.lesson.as_mut().expect("checked above"));
            run.met = met;
            run.solved_with = solved_with;
        }
    }

    fn run(&mut self, line: String) {
        let trimmed = line.trim();
        let live = self.is_live();
        if trimmed == "clear" && !live {
            self.remember(trimmed);
            self.clear_terminal();
            return;
        }
        if live && trimmed == engine::client::terminal::INTERRUPT {
            // The terminal flushes its typed input on Ctrl+C.
            self.unread.clear();
        } else if !trimmed.is_empty() && !is_control_line(trimmed) {
            if live {
                self.unread.push(trimmed.to_string());
            } else {
                self.remember(trimmed);
            }
        }

        let project: Vec<(String, String)> = self
            .files
            .iter()
            .map(|file| (file.path.clone(), file.text.clone()))
            .collect();
        let (prompt, result, view) = {
            let world = Rc::make_mut(&mut self.world);
            world.load_project(&project);
            let prompt = world.prompt();
            let result = world.run_line(&line);
            (prompt, result, world.view())
        };

        let before = self.view();
        Rc::make_mut(&mut self.slots).update(&before, &view);
        self.entries.push(Rc::new(Entry {
            prompt,
            line,
            result,
            view: Rc::new(view),
            world: self.world.clone(),
            files: self.files.clone(),
            waited: 0,
        }));
        self.generation += 1;
        self.playback.start(self.entries.len() - 1);
        self.update_goals();
        self.remember_read_lines();
    }

    /// Lets logical time pass in a live session and adds what it printed
    /// and did to the latest entry, as if that command went on running.
    fn pass_time(&mut self, millis: u64) {
        if !self.is_live() {
            return;
        }
        let result = Rc::make_mut(&mut self.world).tick(millis);
        self.extend_latest(result.into_iter().collect(), millis);
        self.remember_read_lines();
    }

    /// Replays a saved wait after the latest line in ticks of [`TICK_MS`],
    /// as the page let it pass, up to [`MAX_REPLAYED_WAIT_MS`].
    fn replay_wait(&mut self, millis: u64) {
        let mut left = millis.min(MAX_REPLAYED_WAIT_MS);
        let mut results = Vec::new();
        let world = Rc::make_mut(&mut self.world);
        while left > 0 {
            let tick = left.min(TICK_MS);
            let Some(result) = world.tick(tick) else {
                break;
            };
            results.push(result);
            left -= tick;
        }
        let waited = millis.min(MAX_REPLAYED_WAIT_MS) - left;
        self.extend_latest(results, waited);
    }

    /// Adds what ticks printed and did to the latest entry, with the world
    /// after them.
    fn extend_latest(&mut self, results: Vec<CommandResult>, waited: u64) {
        let Some(last) = self.entries.len().checked_sub(1) else {
            return;
        };
        if results.is_empty() {
            return;
        }
        let view = self.world.view();
        let before = self.view();
        Rc::make_mut(&mut self.slots).update(&before, &view);
        let mut entry = (*self.entries[last]).clone();
        for result in results {
            entry.result.output.extend(result.output);
            entry.result.events.extend(result.events);
            if !self.world.is_attached() {
                entry.result.exit_code = result.exit_code;
            }
        }
        drop_hidden_frames(&mut entry.result.output, LIVE_OUTPUT_LIMIT);
        entry.waited += waited;
        entry.view = Rc::new(view);
        entry.world = self.world.clone();
        self.entries[last] = Rc::new(entry);
        self.generation += 1;
        if !self.playback.playing {
            self.playback.position = Position::end_of(Some(last), &self.counts());
        }
        self.update_goals();
    }

    /// Hides the terminal's earlier output. A command that still draws
    /// (a streaming `docker stats`, a foreground workload) stays shown,
    /// so the frames it draws after the clear appear.
    fn clear_terminal(&mut self) {
        let live = self.world.wants_ticks();
        self.cleared_before = self.entries.len() - usize::from(live && !self.entries.is_empty());
    }

    /// Moves the lines typed during a live command into the history once
    /// it has ended on its own and a shell has read them.
    fn remember_read_lines(&mut self) {
        if self.is_live() {
            return;
        }
        for line in std::mem::take(&mut self.unread) {
            self.remember(&line);
        }
    }

    fn remember(&mut self, line: &str) {
        let history = Rc::make_mut(&mut self.history);
        if history.last().map(String::as_str) != Some(line) {
            history.push(line.to_string());
        }
        if history.len() > HISTORY_LIMIT {
            let excess = history.len() - HISTORY_LIMIT;
            history.drain(..excess);
        }
    }
}

/// Tells whether the line stands for a key the terminal sends (Ctrl+C,
/// Ctrl+D, Ctrl+P Ctrl+Q), which a shell's history never records.
fn is_control_line(line: &str) -> bool {
    use engine::client::terminal::{DETACH, END_OF_INPUT, INTERRUPT};
    [INTERRUPT, END_OF_INPUT, DETACH].contains(&line)
}

fn project_files(files: Vec<(String, String)>) -> Vec<ProjectFile> {
    files
        .into_iter()
        .map(|(path, text)| ProjectFile { path, text })
        .collect()
}

fn pairs(files: &[ProjectFile]) -> Vec<(String, String)> {
    files
        .iter()
        .map(|file| (file.path.clone(), file.text.clone()))
        .collect()
}

/// Drops the oldest standard output of a command that redraws the screen
/// once it has more than `limit` pieces, so a long `docker stats` does not
/// grow without end. Only frames that a later cursor-home hides go, and
/// standard error stays.
fn drop_hidden_frames(output: &mut Vec<Chunk>, limit: usize) {
    if output.len() <= limit {
        return;
    }
    let excess = output.len() - limit / 2;
    let Some(last_home) = output
        .iter()
        .rposition(|chunk| chunk.stream == Stream::Stdout && chunk.text.starts_with(CURSOR_HOME))
    else {
        return;
    };
    let mut index = 0;
    let mut dropped = 0;
    output.retain(|chunk| {
        let hidden = index < last_home && chunk.stream == Stream::Stdout;
        index += 1;
        let drop = hidden && dropped < excess;
        dropped += usize::from(drop);
        !drop
    });
}

impl PartialEq for Session {
    /// Sessions compare by generation and what the page shows; the world
    /// itself is never compared because every change to it bumps the
    /// generation.
    fn eq(&self, other: &Self) -> bool {
        self.generation == other.generation
            && self.files == other.files
            && self.active_file == other.active_file
            && self.cleared_before == other.cleared_before
            && self.history == other.history
            && self.playback == other.playback
            && self.selection == other.selection
            && self.side == other.side
            && self.prefs == other.prefs
            && self.lesson == other.lesson
            && self.lang == other.lang
            && self.notice == other.notice
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

    fn run_all(session: &mut Session, lines: &[&str]) {
        for line in lines {
            session.apply(Action::Run(line.to_string()));
        }
    }

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
        assert_eq!(*session.history, ["docker ps"]);
        assert_eq!(session.generation, 1);
        assert!(session.transcript().starts_with("$ docker ps\n"));
    }

    #[test]
    fn run_starts_playback_of_its_events() {
        let mut session = Session::with_example();
        session.apply(Action::Run("docker ps".into()));
        assert!(session.playback.playing);
        assert_eq!(
            session.playback.position,
            Position {
                entry: Some(0),
                played: 0
            }
        );
        assert!(session.current_event().is_none());
    }

    #[test]
    fn clear_hides_entries_but_keeps_history() {
        let mut session = Session::with_example();
        run_all(&mut session, &["docker ps", "clear"]);
        assert_eq!(session.transcript(), "");
        assert_eq!(*session.history, ["docker ps", "clear"]);
        assert_eq!(session.entries.len(), 1);
    }

    #[test]
    fn clearing_keeps_a_live_command_shown() {
        let mut session = Session::with_example();
        run_all(
            &mut session,
            &[
                "docker run -d --name hog alpine sh -c \"yes > /dev/null\"",
                "docker stats",
            ],
        );
        session.apply(Action::ClearTerminal);
        assert_eq!(session.cleared_before, 1, "Ctrl+L keeps docker stats");
        session.apply(Action::PassTime(1_000));
        assert!(
            session.transcript().contains("hog"),
            "{}",
            session.transcript()
        );
        run_all(&mut session, &["clear"]);
        assert_eq!(session.entries.len(), 3, "clear goes to docker stats");
        assert!(session.is_live(), "docker stats still draws");
        run_all(&mut session, &["^C", "clear"]);
        assert_eq!(session.cleared_before, session.entries.len());
    }

    #[test]
    fn history_skips_control_keys() {
        let mut session = Session::with_example();
        run_all(
            &mut session,
            &[
                "docker run -d --name hog alpine sleep 1000",
                "docker stats",
                "^C",
            ],
        );
        run_all(&mut session, &["docker exec -it hog sh", "^D"]);
        assert_eq!(
            *session.history,
            [
                "docker run -d --name hog alpine sleep 1000",
                "docker stats",
                "docker exec -it hog sh"
            ]
        );
    }

    #[test]
    fn history_after_interrupted_job() {
        let mut session = Session::with_example();
        run_all(
            &mut session,
            &[
                "docker run -it --name term alpine sh",
                "yes > /dev/null",
                "echo typed ahead",
                "^C",
            ],
        );
        assert!(!session.history.contains(&"echo typed ahead".to_string()));
        assert_eq!(
            session.history.last().map(String::as_str),
            Some("yes > /dev/null")
        );
    }

    #[test]
    fn history_after_killed_job() {
        let mut session = Session::with_example();
        run_all(
            &mut session,
            &[
                "docker run -it --name py -m 200m python:3.12-slim bash",
                "python3 -c \"a = []\nwhile True: a.append(' ' * 10**6)\"",
            ],
        );
        assert!(session.is_live());
        session.apply(Action::Run("echo $?".to_string()));
        assert!(!session.is_live());
        assert_eq!(session.history.last().map(String::as_str), Some("echo $?"));
        assert!(
            session.transcript().contains("Killed\n"),
            "{}",
            session.transcript()
        );
    }

    #[test]
    fn history_skips_repeated_line() {
        let mut session = Session::with_example();
        run_all(&mut session, &["docker ps", "docker ps"]);
        assert_eq!(*session.history, ["docker ps"]);
    }

    #[test]
    fn loaded_history_keeps_the_newest_lines() {
        let mut session = Session::with_example();
        let lines: Vec<String> = (0..HISTORY_LIMIT + 5)
            .map(|index| format!("echo {index}"))
            .collect();
        session.apply(Action::LoadHistory(lines));
        assert_eq!(session.history.len(), HISTORY_LIMIT);
        assert_eq!(session.history[0], "echo 5");
    }

    #[test]
    fn time_travel_shows_earlier_world() {
        let mut session = Session::with_example();
        run_all(
            &mut session,
            &[
                "docker pull alpine",
                "docker run -d --name web alpine sleep 1000",
            ],
        );
        session.apply(Action::Travel(Some(0)));
        let frame = session.frame();
        assert!(
            frame.view.hosts[0].containers.is_empty(),
            "no container after the pull"
        );
        assert_eq!(frame.view.hosts[0].images.len(), 1);
        session.apply(Action::Travel(None));
        assert!(session.frame().view.hosts[0].images.is_empty());
        session.apply(Action::Travel(Some(1)));
        assert_eq!(session.frame().view.hosts[0].containers.len(), 1);
    }

    #[test]
    fn travel_keeps_world_snapshot_for_inspector() {
        let mut session = Session::with_example();
        run_all(&mut session, &["docker pull alpine", "docker pull busybox"]);
        let busybox = session.view().hosts[0]
            .images
            .iter()
            .find(|image| image.tags.contains(&"busybox:latest".to_string()))
            .map(|image| image.id.clone());
        let busybox = busybox.expect("busybox was pulled");
        session.apply(Action::Travel(Some(0)));
        assert!(
            engine::inspect::image_details(&session.world_at_position(), "laptop", &busybox)
                .is_none(),
            "not pulled yet at entry 0"
        );
        session.apply(Action::Travel(Some(1)));
        assert!(
            engine::inspect::image_details(&session.world_at_position(), "laptop", &busybox)
                .is_some()
        );
        session.apply(Action::Travel(None));
        assert!(session.world_at_position().view().hosts[0]
            .images
            .is_empty());
    }

    #[test]
    fn stepping_back_hides_what_the_command_made() {
        let mut session = Session::with_example();
        run_all(
            &mut session,
            &["docker run -d --name web alpine sleep 1000"],
        );
        session.apply(Action::Travel(Some(0)));
        assert_eq!(session.frame().view.hosts[0].containers.len(), 1);
        while session.playback.position.played > 0 {
            session.apply(Action::StepBack);
        }
        assert!(session.frame().view.hosts[0].containers.is_empty());
        assert!(!session.playback.playing);
    }

    #[test]
    fn ticks_play_every_event_then_stop() {
        let mut session = Session::with_example();
        run_all(&mut session, &["docker pull alpine"]);
        let count = session.entries[0].result.events.len();
        assert!(count > 3);
        for _ in 0..=count {
            session.apply(Action::Tick(session.playback.position));
        }
        assert_eq!(session.playback.position.played, count);
        assert!(!session.playback.playing);
    }

    #[test]
    fn long_streams_drop_hidden_frames() {
        let frame = |text: &str| Chunk {
            stream: Stream::Stdout,
            text: format!("{CURSOR_HOME}{text}"),
        };
        let mut output = vec![Chunk {
            stream: Stream::Stderr,
            text: "warning\n".to_string(),
        }];
        output.extend((0..20).map(|n| frame(&n.to_string())));
        drop_hidden_frames(&mut output, 10);
        assert_eq!(output.len(), 5);
        assert_eq!(output[0].stream, Stream::Stderr);
        assert_eq!(output[1].text, format!("{CURSOR_HOME}16"));
        assert_eq!(output[4].text, format!("{CURSOR_HOME}19"));
    }

    #[test]
    fn short_streams_keep_every_frame() {
        let mut output: Vec<Chunk> = (0..5)
            .map(|n| Chunk {
                stream: Stream::Stdout,
                text: format!("{CURSOR_HOME}{n}"),
            })
            .collect();
        drop_hidden_frames(&mut output, 10);
        assert_eq!(output.len(), 5);
    }

    #[test]
    fn live_ticks_extend_the_latest_entry() {
        let mut session = Session::with_example();
        run_all(
            &mut session,
            &[
                "docker run -d --cpus 0.5 --name hog alpine sh -c \"yes > /dev/null\"",
                "docker stats",
            ],
        );
        assert!(session.is_live());
        let before = session.entries.last().expect("entry").result.output.len();
        session.apply(Action::PassTime(1_000));
        let after = session.entries.last().expect("entry").result.output.len();
        assert_eq!(after, before + 1);
        assert!(
            session.transcript().contains("50."),
            "{}",
            session.transcript()
        );
    }

    #[test]
    fn time_travel_and_interrupt_stop_live_ticks() {
        let mut session = Session::with_example();
        run_all(
            &mut session,
            &[
                "docker run -d --name hog alpine sh -c \"yes > /dev/null\"",
                "docker stats",
            ],
        );
        session.apply(Action::Travel(Some(0)));
        assert!(!session.is_live());
        let shown = session.entries.last().expect("entry").result.clone();
        session.apply(Action::PassTime(1_000));
        assert_eq!(session.entries.last().expect("entry").result, shown);
        session.apply(Action::Travel(Some(1)));
        assert!(session.is_live());
        run_all(&mut session, &["^C"]);
        assert!(!session.is_live());
        assert!(!session.is_attached());
    }

    #[test]
    fn seek_selects_the_event() {
        let mut session = Session::with_example();
        run_all(&mut session, &["docker ps"]);
        session.apply(Action::Seek { entry: 0, index: 1 });
        assert_eq!(
            session.selection,
            Some(Selection::Event { entry: 0, index: 1 })
        );
        assert_eq!(session.playback.position.played, 2);
        session.apply(Action::Seek { entry: 9, index: 0 });
        assert_eq!(
            session.selection,
            Some(Selection::Event { entry: 0, index: 1 }),
            "a missing entry changes nothing"
        );
    }

    #[test]
    fn slots_cover_every_drawn_object() {
        let mut session = Session::with_example();
        run_all(
            &mut session,
            &[
                "docker pull alpine",
                "docker run -d alpine sleep 1000",
                "docker run -d alpine sleep 1000",
            ],
        );
        let host = session.slots.host("laptop");
        let view = session.view();
        for container in &view.hosts[0].containers {
            assert!(
                host.containers.get(&container.id).is_some(),
                "{}",
                container.name
            );
        }
        for layer in &view.hosts[0].layers {
            assert!(host.layers.get(&layer.diff_id).is_some());
        }
    }

    #[test]
    fn namespaces_carry_their_inodes() {
        let mut session = Session::with_example();
        run_all(&mut session, &["docker run -d alpine sleep 1000"]);
        let view = session.view();
        let namespaces = &view.hosts[0].containers[0].namespaces;
        let pid = namespaces
            .iter()
            .find(|namespace| namespace.kind == "pid")
            .expect("pid namespace");
        assert!(
            pid.inode > 4_026_531_839,
            "a new namespace gets an inode after the host's"
        );
        let user = namespaces
            .iter()
            .find(|namespace| namespace.kind == "user")
            .expect("user namespace");
        assert_eq!(
            (user.inode, user.shared_with.as_str()),
            (4_026_531_837, "host"),
            "the user namespace is the host's"
        );
    }

    #[test]
    fn selecting_shows_the_inspector() {
        let mut session = Session::with_example();
        assert_eq!(session.side, Side::Editor);
        session.apply(Action::Select(Some(Selection::Registry(
            "docker.io".into(),
        ))));
        assert_eq!(session.side, Side::Inspector);
        session.apply(Action::ShowSide(Side::Editor));
        session.apply(Action::Select(None));
        assert_eq!(
            session.side,
            Side::Editor,
            "clearing the selection leaves the side as it is"
        );
    }

    #[test]
    fn settings_change_through_actions() {
        let mut session = Session::with_example();
        session.apply(Action::SetTheme(Theme::Dark));
        session.apply(Action::SetMotion(Motion::Reduced));
        session.apply(Action::SetDetail(true));
        session.apply(Action::SetZoom(Some(1.5)));
        assert_eq!(session.prefs.zoom, Some(1.5));
        session.apply(Action::SetZoom(Some(7.0)));
        assert_eq!(
            session.prefs.zoom, None,
            "a zoom the control does not offer fits the pane"
        );
        session.apply(Action::SetSpeed(4.0));
        session.apply(Action::ResizePane {
            pane: Pane::Editor,
            size: 500.0,
        });
        assert_eq!(session.prefs.theme, Theme::Dark);
        assert_eq!(session.prefs.motion, Motion::Reduced);
        assert!(session.prefs.detail);
        assert_eq!(session.playback.speed_factor(), 4.0);
        assert_eq!(session.prefs.speed, Some(4.0));
        assert_eq!(session.prefs.panes.editor, 500.0);
        let saved = session.prefs.clone();
        let mut fresh = Session::with_example();
        fresh.apply(Action::LoadPrefs(saved));
        assert_eq!(fresh.playback.speed_factor(), 4.0);
    }

    #[test]
    fn edit_and_select_file_ignore_bad_index() {
        let mut session = Session::with_example();
        session.apply(Action::EditFile {
            index: 99,
            text: "x".into(),
        });
        session.apply(Action::SelectFile(99));
        assert_eq!(session.active_file, 0);
        session.apply(Action::EditFile {
            index: 0,
            text: "FROM alpine\n".into(),
        });
        assert_eq!(session.files[0].text, "FROM alpine\n");
    }

    fn lesson(id: &str) -> Rc<Lesson> {
        Rc::new(crate::lesson::find(id).expect("a built-in lesson"))
    }

    #[test]
    fn lesson_goals_follow_the_world() {
        let mut session = Session::with_lesson(lesson("02-pull-images"));
        assert_eq!(session.lesson.as_ref().unwrap().met, [false, false, false]);
        run_all(&mut session, &["docker pull alpine", "docker images -a"]);
        assert_eq!(session.lesson.as_ref().unwrap().met, [true, false, true]);
        run_all(&mut session, &["docker pull busybox"]);
        let run = session.lesson.as_ref().unwrap();
        assert!(run.solved());
        assert_eq!(session.commands_used(), 3);
    }

    #[test]
    fn undo_restores_the_world_before_the_last_command() {
        let mut session = Session::with_lesson(lesson("04-build-run"));
        run_all(
            &mut session,
            &[
                "docker build -t hello-web .",
                "docker run -d --name web -p 8000:8000 hello-web",
            ],
        );
        assert_eq!(session.lesson.as_ref().unwrap().solved_with, Some(2));
        session.apply(Action::Undo);
        assert_eq!(
            session.lesson.as_ref().unwrap().solved_with,
            Some(2),
            "undo keeps the solving count"
        );
        assert_eq!(session.entries.len(), 1);
        assert_eq!(session.lesson.as_ref().unwrap().met, [true, false]);
        assert!(session.view().hosts[0].containers.is_empty());
        session.apply(Action::Run("docker ps -a".into()));
        assert!(session
            .transcript()
            .contains("$ docker ps -a\nCONTAINER ID"));
        assert!(
            !session.transcript().contains(" web\n"),
            "the undone container is gone"
        );
        session.apply(Action::Undo);
        session.apply(Action::Undo);
        session.apply(Action::Undo);
        assert!(session.entries.is_empty());
        assert_eq!(session.commands_used(), 0);
    }

    #[test]
    fn reset_starts_the_lesson_again() {
        let mut session = Session::with_lesson(lesson("06-namespaces"));
        assert_eq!(
            session.view().hosts[0].images.len(),
            1,
            "the setup pulled alpine"
        );
        run_all(
            &mut session,
            &["docker run -d --name box alpine sleep 1000"],
        );
        session.apply(Action::SetLang(Lang::ZhCn));
        session.apply(Action::Reset);
        assert!(session.entries.is_empty());
        assert_eq!(session.lang, Lang::ZhCn);
        assert_eq!(
            *session.history,
            ["docker run -d --name box alpine sleep 1000"]
        );
        assert_eq!(session.lesson.as_ref().unwrap().met, [false, false]);
        session.apply(Action::LeaveLesson);
        assert!(session.lesson.is_none());
        assert!(session.view().hosts[0].images.is_empty());
    }

    #[test]
    fn snapshot_restores_the_same_session() {
        let mut session = Session::with_example();
        run_all(&mut session, &["docker build -t scrapyd-demo ."]);
        session.apply(Action::EditFile {
            index: 0,
            text: "FROM alpine\nRUN mkdir /x\n".into(),
        });
        run_all(&mut session, &["docker build -t other .", "docker images"]);
        session.apply(Action::EditFile {
            index: 0,
            text: "FROM busybox\n".into(),
        });
        let state = session.snapshot();
        assert_eq!(
            state
                .steps
                .iter()
                .filter(|step| matches!(step, crate::share::Step::Run(_)))
                .count(),
            3
        );

        let mut restored = Session::with_example();
        restored.apply(Action::Restore(Rc::new(state.clone())));
        assert_eq!(restored.transcript(), session.transcript());
        assert_eq!(restored.files, session.files);
        assert_eq!(restored.snapshot(), state);
        assert!(!restored.playback.playing);
    }

    #[test]
    fn snapshot_replays_live_wait() {
        let mut session = Session::with_example();
        run_all(
            &mut session,
            &[
                "docker run -d --name py -m 384m python:3.12-slim sleep 1000",
                "docker exec -it py bash",
                "python3 -c \"a = []",
                "while True: a.append(' ' * 10**6)\"",
            ],
        );
        for _ in 0..8 {
            session.apply(Action::PassTime(TICK_MS));
        }

        run_all(&mut session, &["echo $?"]);
        assert!(
            session
                .transcript()
                .ends_with("Killed\nroot@cb53ccf10dae:/# echo $?\n137\n"),
            "{}",
            session.transcript()
        );

        let state = session.snapshot();
        let waited = state.steps.iter().find_map(|step| match step {
            Step::Wait(millis) => Some(*millis),
            _ => None,
        });
        assert_eq!(
            waited,
            Some(3 * TICK_MS),
            "the ticks up to the kill: {:?}",
            state.steps
        );
        let mut restored = Session::with_example();
        restored.apply(Action::Restore(Rc::new(state.clone())));
        assert_eq!(restored.transcript(), session.transcript());
        assert_eq!(restored.snapshot(), state);

        let json = state.to_json();
        assert!(json.contains(",3000,"), "{json}");
        assert_eq!(SavedState::from_json(&json).ok(), Some(state));
    }

    #[test]
    fn snapshot_names_built_in_lessons_by_id() {
        let mut session = Session::with_lesson(lesson("01-concepts"));
        run_all(&mut session, &["docker version"]);
        let state = session.snapshot();
        assert_eq!(state.lesson, Some(LessonRef::Id("01-concepts".into())));
        let mut restored = Session::with_example();
        restored.apply(Action::Restore(Rc::new(state)));
        assert!(restored.lesson.as_ref().unwrap().solved());
    }
}
