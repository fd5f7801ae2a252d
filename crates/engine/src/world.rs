//! The simulated world: hosts, their daemons, and the registries.

use crate::clock::Clock;
use crate::output::{CommandResult, Output};
use crate::view::WorldView;

/// The whole simulation. Cloning it takes a snapshot.
#[derive(Clone, Debug, Default)]
pub struct World {
    clock: Clock,
    project: Vec<(String, String)>,
}

impl World {
    /// Creates a world with one host, `laptop`, and Docker Hub.
    pub fn new() -> Self {
        Self::default()
    }

    /// Puts the files of the build context into the terminal's working directory.
    pub fn load_project(&mut self, files: &[(String, String)]) {
        self.project = files.to_vec();
    }

    /// Runs one terminal line.
    pub fn run_line(&mut self, line: &str) -> CommandResult {
        // FIXME: the daemon, builder and client commands are not built yet.
        let mut output = Output::default();
        output.errln(format!("porthole: {line:?} cannot run yet"));
        self.clock.advance(1000);
        CommandResult { output: output.into_chunks(), exit_code: 1, events: Vec::new() }
    }

    /// Returns the prompt the terminal shows before the next line.
    pub fn prompt(&self) -> String {
        "$ ".to_string()
    }

    /// Returns what the page draws.
    pub fn view(&self) -> WorldView {
        WorldView {
            client_host: "laptop".into(),
            target_host: "laptop".into(),
            ..WorldView::default()
        }
    }
}
