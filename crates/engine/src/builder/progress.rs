//! BuildKit's plain progress output.
//!
//! `docker build` without a terminal prints BuildKit's `plain` progress
//! (moby/buildkit `util/progress/progressui/printer.go`): each vertex gets a
//! number `#N` in order of first appearance, then its status lines, its log
//! lines prefixed with seconds since the vertex started, and a closing
//! `DONE`, `CACHED` or `ERROR` line, with a blank line between vertices. A
//! vertex that is interrupted by another prints `#N ...` and is printed again
//! when it resumes.

use crate::clock::Millis;

/// How a vertex ended.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Completion {
    Done,
    Cached,
    Error(String),
    Canceled,
}

/// A sub-progress line of a vertex, such as a layer download.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Status {
    /// The text before the byte counts: `transferring context:` or
    /// `sha256:…` or `extracting sha256:…`.
    pub id: String,
    pub current: u64,
    pub total: u64,
    /// Start and end of the work, for the `0.3s` figure.
    pub started: Option<Millis>,
    pub completed: Option<Millis>,
}

/// A piece of one vertex's output, in the order it was produced.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Line {
    Status(Status),
    /// A line the step printed, at this logical time.
    Log(Millis, String),
}

/// One vertex of the build, printed as a block.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Vertex {
    pub name: String,
    pub started: Millis,
    pub completed: Millis,
    pub lines: Vec<Line>,
    pub completion: Completion,
}

/// Writes plain progress for a sequence of vertex blocks.
#[derive(Debug, Default)]
pub struct PlainPrinter {
    text: String,
    next_index: u32,
    /// Vertex names in the order they got their numbers.
    names: Vec<String>,
}

impl PlainPrinter {
    /// Creates a printer that starts with buildx's `#0 building with …` line.
    pub fn new(builder_line: &str) -> Self {
        Self { text: format!("#0 {builder_line}\n"), next_index: 1, names: Vec::new() }
    }

    /// Returns the number the vertex with `name` got or gets next.
    pub fn index_of(&mut self, name: &str) -> u32 {
        match self.names.iter().position(|known| known == name) {
            Some(position) => position as u32 + 1,
            None => {
                self.names.push(name.to_string());
                let index = self.next_index;
                self.next_index += 1;
                index
            }
        }
    }

    /// Prints a whole vertex block.
    pub fn vertex(&mut self, vertex: &Vertex) -> u32 {
        let index = self.open(&vertex.name);
        self.lines(index, vertex.started, &vertex.lines);
        self.close(index, vertex);
        index
    }

    /// Prints the first part of a vertex that another vertex interrupts: its
    /// header, `lines`, then `#N ...`.
    pub fn interrupted(&mut self, name: &str, started: Millis, lines: &[Line]) -> u32 {
        let index = self.open(name);
        self.lines(index, started, lines);
        self.text.push_str(&format!("#{index} ...\n"));
        index
    }

    /// Returns the text printed so far.
    pub fn finish(self) -> String {
        self.text
    }

    fn open(&mut self, name: &str) -> u32 {
        let index = self.index_of(name);
        self.text.push_str(&format!("\n#{index} {name}\n"));
        index
    }

    fn lines(&mut self, index: u32, started: Millis, lines: &[Line]) {
        for line in lines {
            match line {
                Line::Status(status) => {
                    self.text.push_str(&format!("#{index} {}\n", status_text(status)));
                }
                Line::Log(time, text) => {
                    let seconds = time.saturating_sub(started) as f64 / 1000.0;
                    self.text.push_str(&format!("#{index} {seconds:.3} {text}\n"));
                }
            }
        }
    }

    fn close(&mut self, index: u32, vertex: &Vertex) {
        let line = match &vertex.completion {
            Completion::Done => {
                let seconds = vertex.completed.saturating_sub(vertex.started) as f64 / 1000.0;
                format!("#{index} DONE {seconds:.1}s\n")
            }
            Completion::Cached => format!("#{index} CACHED\n"),
            Completion::Error(message) => format!("#{index} ERROR: {message}\n"),
            Completion::Canceled => format!("#{index} CANCELED\n"),
        };
        self.text.push_str(&line);
    }
}

/// Formats a status line's text after `#N `, as BuildKit's printer does:
/// the id, the byte counts, the seconds taken and `done`.
fn status_text(status: &Status) -> String {
    let bytes = if status.total != 0 {
        format!(" {} / {}", bytes(status.current), bytes(status.total))
    } else if status.current != 0 {
        format!(" {}", bytes(status.current))
    } else {
        String::new()
    };
    let mut time = String::new();
    if let Some(started) = status.started {
        let end = status.completed.unwrap_or(started);
        let seconds = end.saturating_sub(started) as f64 / 1000.0;
        if seconds > 0.01 {
            time = format!(" {seconds:.1}s");
        }
    }
    if status.completed.is_some() {
        time.push_str(" done");
    }
    format!("{}{bytes}{time}", status.id)
}

/// Formats a byte count as `tonistiigi/units` does for `%.2f`: whole bytes
/// below 1000, otherwise two decimals with a decimal unit (`3.62MB`).
pub fn bytes(count: u64) -> String {
    const UNITS: [&str; 7] = ["B", "kB", "MB", "GB", "TB", "PB", "EB"];
    if count < 1000 {
        return format!("{count}B");
    }
    let mut value = count as f64;
    let mut unit = 0;
    while value >= 1000.0 && unit + 1 < UNITS.len() {
        value /= 1000.0;
        unit += 1;
    }
    format!("{value:.2}{}", UNITS[unit])
}

#[cfg(test)]
mod tests {
    use super::*;

    fn done(name: &str, started: Millis, completed: Millis, lines: Vec<Line>) -> Vertex {
        Vertex { name: name.into(), started, completed, lines, completion: Completion::Done }
    }

    #[test]
    fn bytes_uses_decimal_units() {
        let cases = [(0, "0B"), (187, "187B"), (999, "999B"), (1_430, "1.43kB"), (3_620_000, "3.62MB"), (29_130_512, "29.13MB")];
        for (count, expected) in cases {
            assert_eq!(bytes(count), expected, "{count}");
        }
    }

    #[test]
    fn printer_numbers_vertices_in_order() {
        let mut printer = PlainPrinter::new("building with \"default\" instance using docker driver");
        let status = Status {
            id: "transferring dockerfile:".into(),
            current: 187,
            total: 0,
            started: Some(0),
            completed: Some(5),
        };
        printer.vertex(&done("[internal] load build definition from Dockerfile", 0, 20, vec![Line::Status(status)]));
        printer.vertex(&Vertex {
            name: "[2/3] COPY app.sh /app.sh".into(),
            started: 20,
            completed: 20,
            lines: Vec::new(),
            completion: Completion::Cached,
        });
        printer.vertex(&done("[3/3] RUN echo hello", 20, 320, vec![Line::Log(235, "hello".into())]));
        assert_eq!(
            printer.finish(),
            "#0 building with \"default\" instance using docker driver\n\
             \n#1 [internal] load build definition from Dockerfile\n\
             #1 transferring dockerfile: 187B done\n\
             #1 DONE 0.0s\n\
             \n#2 [2/3] COPY app.sh /app.sh\n\
             #2 CACHED\n\
             \n#3 [3/3] RUN echo hello\n\
             #3 0.215 hello\n\
             #3 DONE 0.3s\n"
        );
    }

    #[test]
    fn interrupted_vertex_keeps_its_number() {
        let mut printer = PlainPrinter::new("x");
        let metadata = "[internal] load metadata for docker.io/library/alpine:3.20";
        let first = printer.interrupted(metadata, 0, &[]);
        printer.vertex(&done("[auth] library/alpine:pull token for registry-1.docker.io", 0, 0, Vec::new()));
        let again = printer.vertex(&done(metadata, 0, 1200, Vec::new()));
        assert_eq!(first, again);
        assert_eq!(
            printer.finish(),
            "#0 x\n\n#1 [internal] load metadata for docker.io/library/alpine:3.20\n#1 ...\n\
             \n#2 [auth] library/alpine:pull token for registry-1.docker.io\n#2 DONE 0.0s\n\
             \n#1 [internal] load metadata for docker.io/library/alpine:3.20\n#1 DONE 1.2s\n"
        );
    }

    #[test]
    fn status_text_shows_sizes_time_and_done() {
        let status = Status {
            id: "sha256:abc".into(),
            current: 3_620_000,
            total: 3_620_000,
            started: Some(1_000),
            completed: Some(1_300),
        };
        assert_eq!(status_text(&status), "sha256:abc 3.62MB / 3.62MB 0.3s done");
    }
}
