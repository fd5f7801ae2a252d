//! The results of running a script or a line: output lines with their
//! stream and time offset, the exit status, the simulated duration, and the
//! notes on what the simulation did not model.

use crate::output::Stream;

/// The way the shell runs: for a build step or at a terminal.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mode {
    /// A `RUN` step: `/bin/sh -c` without a terminal. Constructs and programs
    /// the simulation does not model succeed silently and mark the step.
    Build,
    /// `docker exec -it` or `docker run -it`: a terminal. Unmodelled
    /// constructs print a message and do nothing.
    Interactive,
}

/// One line of output.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OutputLine {
    /// The stream it was written to.
    pub stream: Stream,
    /// The text, without the line break.
    pub text: String,
    /// Whether a line break ended it. The last line of a command that printed
    /// no final newline (`printf x`) has none, nor has a line cut short by
    /// output on the other stream.
    pub newline: bool,
    /// Milliseconds since the script or line started when it was written.
    pub offset_millis: u64,
}

/// Concatenates lines as a terminal shows them.
pub fn lines_text(lines: &[OutputLine]) -> String {
    let mut text = String::new();
    for line in lines {
        text.push_str(&line.text);
        if line.newline {
            text.push('\n');
        }
    }
    text
}

/// The result of a `RUN` script.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ScriptOutcome {
    /// The exit status of `/bin/sh -c`: non-zero fails the build step.
    pub status: i32,
    /// Everything the script printed, in order.
    pub output: Vec<OutputLine>,
    /// Whether every command's effect was modelled.
    pub simulated: bool,
    /// Notes on what was not modelled, one per command, in order.
    pub notes: Vec<String>,
    /// Simulated running time in milliseconds.
    pub duration_millis: u64,
}

impl ScriptOutcome {
    /// Returns the output as a terminal shows it.
    pub fn text(&self) -> String {
        lines_text(&self.output)
    }
}

/// The result of one interactive line.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LineOutcome {
    /// Everything the line printed, in order.
    pub output: Vec<OutputLine>,
    /// The exit status, which `$?` now expands to.
    pub status: i32,
    /// Whether the session ended (`exit`, or the shell was killed).
    pub exit_requested: bool,
    /// Whether the line was incomplete (an open quote, a trailing `\`): the
    /// shell waits for more and prints its continuation prompt.
    pub continuation: bool,
    /// Notes on what was not modelled.
    pub notes: Vec<String>,
    /// Simulated running time in milliseconds.
    pub duration_millis: u64,
}

impl LineOutcome {
    /// Returns the output as a terminal shows it.
    pub fn text(&self) -> String {
        lines_text(&self.output)
    }
}

/// Collects output into lines, keeping the order of writes across streams.
#[derive(Clone, Debug, Default)]
pub(crate) struct Collector {
    lines: Vec<OutputLine>,
    /// The unfinished last line, if any.
    partial: Option<OutputLine>,
    last_offset: u64,
}

impl Collector {
    /// Appends `text` written to `stream` at `offset`. Offsets never go
    /// backwards, so a pipeline's members that ran side by side still give
    /// ordered log lines.
    pub fn write(&mut self, stream: Stream, text: &str, offset: u64) {
        if text.is_empty() {
            return;
        }
        let offset = offset.max(self.last_offset);
        self.last_offset = offset;
        if self
            .partial
            .as_ref()
            .is_some_and(|partial| partial.stream != stream)
        {
            if let Some(partial) = self.partial.take() {
                self.lines.push(partial);
            }
        }
        let mut rest = text;
        while let Some(newline) = rest.find('\n') {
            let piece = &rest[..newline];
            let mut line = self.partial.take().unwrap_or_else(|| OutputLine {
                stream,
                text: String::new(),
                newline: false,
                offset_millis: offset,
            });
            line.text.push_str(piece);
            line.newline = true;
            self.lines.push(line);
            rest = &rest[newline + 1..];
        }
        if !rest.is_empty() {
            let line = self.partial.get_or_insert_with(|| OutputLine {
                stream,
                text: String::new(),
                newline: false,
                offset_millis: offset,
            });
            line.text.push_str(rest);
        }
    }

    pub fn finish(mut self) -> Vec<OutputLine> {
        if let Some(partial) = self.partial.take() {
            self.lines.push(partial);
        }
        self.lines
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn collector_splits_lines_and_keeps_order() {
        let mut collector = Collector::default();
        collector.write(Stream::Stdout, "a\nb", 5);
        collector.write(Stream::Stdout, "c\n", 7);
        collector.write(Stream::Stdout, "d", 8);
        collector.write(Stream::Stderr, "e\n", 3);
        let lines = collector.finish();
        let texts: Vec<(&str, bool, u64)> = lines
            .iter()
            .map(|line| (line.text.as_str(), line.newline, line.offset_millis))
            .collect();
        assert_eq!(
            texts,
            [
                ("a", true, 5),
                ("bc", true, 5),
                ("d", false, 8),
                ("e", true, 8)
            ]
        );
        assert_eq!(lines_text(&lines), "a\nbc\nde\n");
    }
}
