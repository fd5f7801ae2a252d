//! What a command returns: output on two streams, an exit code and events.

use crate::events::Event;

/// The stream a piece of output was written to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Stream {
    Stdout,
    Stderr,
}

/// A piece of output, in the order it was written.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Chunk {
    pub stream: Stream,
    pub text: String,
}

/// The result of one terminal line.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct CommandResult {
    pub output: Vec<Chunk>,
    pub exit_code: i32,
    pub events: Vec<Event>,
}

impl CommandResult {
    /// Returns standard output and standard error interleaved as a terminal
    /// shows them.
    pub fn text(&self) -> String {
        self.output
            .iter()
            .map(|chunk| chunk.text.as_str())
            .collect()
    }

    /// Returns only what was written to `stream`.
    pub fn stream_text(&self, stream: Stream) -> String {
        self.output
            .iter()
            .filter(|chunk| chunk.stream == stream)
            .map(|chunk| chunk.text.as_str())
            .collect()
    }
}

/// Collects output while a command runs.
#[derive(Clone, Debug, Default)]
pub struct Output {
    chunks: Vec<Chunk>,
}

impl Output {
    /// Writes `text` to standard output.
    pub fn out(&mut self, text: impl AsRef<str>) {
        self.write(Stream::Stdout, text.as_ref());
    }

    /// Writes `text` to standard error.
    pub fn err(&mut self, text: impl AsRef<str>) {
        self.write(Stream::Stderr, text.as_ref());
    }

    /// Writes `text` and a newline to standard output.
    pub fn outln(&mut self, text: impl AsRef<str>) {
        self.write(Stream::Stdout, text.as_ref());
        self.write(Stream::Stdout, "\n");
    }

    /// Writes `text` and a newline to standard error.
    pub fn errln(&mut self, text: impl AsRef<str>) {
        self.write(Stream::Stderr, text.as_ref());
        self.write(Stream::Stderr, "\n");
    }

    fn write(&mut self, stream: Stream, text: &str) {
        if text.is_empty() {
            return;
        }
        match self.chunks.last_mut() {
            Some(last) if last.stream == stream => last.text.push_str(text),
            _ => self.chunks.push(Chunk {
                stream,
                text: text.to_string(),
            }),
        }
    }

    /// Returns the collected chunks.
    pub fn into_chunks(self) -> Vec<Chunk> {
        self.chunks
    }
}

/// Formats one transcript entry: the prompt and the line, then the output, as
/// `porthole script` prints it and the page's terminal shows it.
pub fn transcript_entry(prompt: &str, line: &str, result: &CommandResult) -> String {
    let mut text = format!("{prompt}{line}\n");
    let output = result.text();
    text.push_str(&output);
    if !output.is_empty() && !output.ends_with('\n') {
        text.push('\n');
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn output_merges_adjacent_writes() {
        let mut output = Output::default();
        output.out("a");
        output.outln("b");
        output.errln("c");
        output.out("d");
        let chunks = output.into_chunks();
        assert_eq!(chunks.len(), 3);
        assert_eq!(chunks[0].text, "ab\n");
        assert_eq!(chunks[1].stream, Stream::Stderr);
    }

    #[test]
    fn transcript_entry_ends_with_newline() {
        let result = CommandResult {
            output: vec![Chunk {
                stream: Stream::Stdout,
                text: "abc".into(),
            }],
            ..CommandResult::default()
        };
        assert_eq!(
            transcript_entry("$ ", "docker ps", &result),
            "$ docker ps\nabc\n"
        );
    }
}
