//! A container's output as the `json-file` log driver keeps it: the lines
//! stored as the process wrote them, plus the lines of a
//! [`Program::Loop`](super::runtime::Program::Loop) logger, which are
//! worked out from the clock when someone reads them.

use crate::clock::Millis;

use super::containers::{Container, LogLine};
use super::runtime::{self, Program};
use crate::output::Stream;
use shared_sort::SharedSort;

/// Returns every line the container wrote up to `until`, oldest first.
pub fn output(container: &Container, until: Millis) -> Vec<LogLine> {
    let mut lines: Vec<LogLine> = container
        .logs
        .iter()
        .filter(|line| line.time <= until)
        .cloned()
        .collect();
    if let (Some(program @ Program::Loop { .. }), Some(started)) =
        (&container.program, container.state.started_at)
    {
        let end = container
            .state
            .finished_at
            .filter(|finished| *finished >= started)
            .unwrap_or(until)
            .min(until);
        let since = started.saturating_sub(1);
        let stream = Stream::Stdout;
        lines.extend(
            runtime::loop_lines(program, started, since, end)
                .into_iter()
                .map(|(time, text)| LogLine { time, stream, text }),
        );
        lines.shared_sort_by_key(|line| line.time);
    }
    lines
}
