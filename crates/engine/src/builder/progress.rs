//! BuildKit's plain progress output.
//!
//! `docker build` without a terminal prints BuildKit's `plain` progress
//! (moby/buildkit `util/progress/progressui/printer.go`). The builder records
//! each vertex on a [`Timeline`] with the logical times it started and ended
//! and the times of its status and log lines; [`Timeline::render`] then plays
//! the updates back in time order as the printer's text multiplexer does:
//!
//! - each vertex gets its number `#N` when it starts, in start order;
//! - the printer sticks to one vertex until it completes, holding back the
//!   updates of the others;
//! - a vertex that completes while another is shown is printed at once: the
//!   shown vertex gets a `#N ...` line, the completed one its header, held
//!   lines and `DONE`, `CACHED`, `ERROR` or `CANCELED` line;
//! - when the shown vertex completes, the printer shows an open vertex again,
//!   printing its header anew.
//!
//! Each switch to a vertex starts with a blank line and its `#N name` header.
//! Vertices of stages that run at the same logical time therefore come out
//! interleaved, as they do from BuildKit. The real printer also switches away
//! from a vertex that has been quiet for five seconds; the simulation does
//! not, so a long step keeps the printer until it ends.

use shared_sort::{SharedSort, SortedMap};

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

impl Line {
    /// Returns when the line is printed: a log line when it was written, a
    /// status line when its work completed.
    fn time(&self) -> Option<Millis> {
        match self {
            Line::Log(time, _) => Some(*time),
            Line::Status(status) => status.completed.or(status.started),
        }
    }
}

/// One vertex of the build: its name, times, lines and ending.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Vertex {
    pub name: String,
    pub started: Millis,
    pub completed: Millis,
    pub lines: Vec<Line>,
    pub completion: Completion,
}

/// A vertex's place on a [`Timeline`], in the order vertices were opened.
pub type VertexId = usize;

/// A vertex while it is recorded: open until [`Timeline::finish`] ends it.
#[derive(Clone, Debug)]
struct Record {
    name: String,
    started: Millis,
    end: Option<(Millis, Completion)>,
    lines: Vec<Line>,
}

/// Every vertex of one build with its times, ready to print.
#[derive(Clone, Debug, Default)]
pub struct Timeline {
    records: Vec<Record>,
}

/// One update the printer receives.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum Update {
    Start,
    Line(usize),
    End,
}

impl Timeline {
    /// Opens a vertex that started at `started`.
    pub fn open(&mut self, name: &str, started: Millis) -> VertexId {
        self.records.push(Record {
            name: name.to_string(),
            started,
            end: None,
            lines: Vec::new(),
        });
        self.records.len() - 1
    }

    /// Ends an open vertex at `completed`, with the lines it printed.
    pub fn finish(
        &mut self,
        id: VertexId,
        completed: Millis,
        lines: Vec<Line>,
        completion: Completion,
    ) {
        if let Some(record) = self.records.get_mut(id) {
            record.lines = lines;
            record.end = Some((completed.max(record.started), completion));
        }
    }

    /// Records a whole vertex.
    pub fn vertex(&mut self, vertex: Vertex) -> VertexId {
        let id = self.open(&vertex.name, vertex.started);
        self.finish(id, vertex.completed, vertex.lines, vertex.completion);
        id
    }

    /// Cancels the build at `time`, as BuildKit does when a step fails:
    /// vertices that started later are dropped, and vertices still open then
    /// end `CANCELED` with the lines they printed before it.
    pub fn cancel_after(&mut self, time: Millis, failed: VertexId) {
        let mut kept = Vec::new();
        for (id, mut record) in std::mem::take(&mut self.records).into_iter().enumerate() {
            if record.started > time && id != failed {
                // Keep the slot so ids stay valid; an unstarted vertex prints nothing.
                record.end = None;
                record.lines.clear();
                record.started = Millis::MAX;
                kept.push(record);
                continue;
            }
            let running = record.end.as_ref().is_none_or(|(end, _)| *end > time);
            if running && id != failed {
                record
                    .lines
                    .retain(|line| line.time().is_none_or(|at| at <= time));
                record.end = Some((time, Completion::Canceled));
            }
            kept.push(record);
        }
        self.records = kept;
    }

    /// Returns the number BuildKit gives the vertex: its place in start order.
    pub fn number(&self, id: VertexId) -> u32 {
        self.numbers().get(&id).copied().unwrap_or(0)
    }

    /// Returns the vertices in the order the printer numbers them.
    fn start_order(&self) -> Vec<VertexId> {
        let mut order: Vec<VertexId> = (0..self.records.len())
            .filter(|&id| self.records[id].started != Millis::MAX)
            .collect();
        order.shared_sort_by_key(|&id| (self.records[id].started, id));
        order
    }

    /// Returns the number of every started vertex.
    pub fn numbers(&self) -> SortedMap<VertexId, u32> {
        self.start_order()
            .into_iter()
            .enumerate()
            .map(|(position, id)| (id, position as u32 + 1))
            .collect()
    }

    /// Returns the updates of every vertex in the order the printer gets
    /// them: by time, then by the order the vertices were opened.
    fn updates(&self) -> Vec<(Millis, VertexId, Update)> {
        let mut updates = Vec::new();
        for (id, record) in self.records.iter().enumerate() {
            if record.started == Millis::MAX {
                continue;
            }
            updates.push((record.started, id, Update::Start));
            let end = record.end.as_ref().map_or(Millis::MAX, |(end, _)| *end);
            let mut last = record.started;
            for (index, line) in record.lines.iter().enumerate() {
                // Lines keep their order and fall within the vertex's life.
                last = line.time().unwrap_or(last).max(last).min(end);
                updates.push((last, id, Update::Line(index)));
            }
            if record.end.is_some() {
                updates.push((end, id, Update::End));
            }
        }
        updates.shared_sort_by_key(|&(time, id, update)| (time, id, update));
        updates
    }

    /// Prints the progress after buildx's `#0 header` line.
    pub fn render(&self, header: &str) -> String {
        let numbers = self.numbers();
        let mut printer = Printer {
            timeline: self,
            numbers: &numbers,
            text: format!("#0 {header}\n"),
            current: None,
            held: SortedMap::new(),
            open: Vec::new(),
        };
        for (_, id, update) in self.updates() {
            printer.update(id, update);
        }
        printer.text
    }
}

/// The text multiplexer's state while a timeline plays back.
struct Printer<'a> {
    timeline: &'a Timeline,
    numbers: &'a SortedMap<VertexId, u32>,
    text: String,
    /// The vertex whose updates are printed as they come.
    current: Option<VertexId>,
    /// Lines of other vertices, waiting until the printer switches to them.
    held: SortedMap<VertexId, Vec<usize>>,
    /// Vertices that started and have not ended, in start order.
    open: Vec<VertexId>,
}

impl Printer<'_> {
    fn update(&mut self, id: VertexId, update: Update) {
        match update {
            Update::Start => {
                self.open.push(id);
                if self.current.is_none() {
                    self.switch_to(id);
                }
            }
            Update::Line(index) if self.current == Some(id) => self.line(id, index),
            Update::Line(index) => self.held.entry(id).or_default().push(index),
            Update::End => {
                if self.current != Some(id) {
                    self.switch_to(id);
                }
                self.end(id);
                self.open.retain(|open| *open != id);
                self.current = None;
                if let Some(&next) = self.open.first() {
                    self.switch_to(next);
                }
            }
        }
    }

    /// Makes `id` the shown vertex: `#N ...` for the one it replaces, then
    /// its header and the lines held back for it.
    fn switch_to(&mut self, id: VertexId) {
        if let Some(current) = self.current {
            let number = self.numbers[&current];
            self.text.push_str(&format!("#{number} ...\n"));
        }
        let number = self.numbers[&id];
        self.text
            .push_str(&format!("\n#{number} {}\n", self.timeline.records[id].name));
        self.current = Some(id);
        for index in self.held.remove(&id).unwrap_or_default() {
            self.line(id, index);
        }
    }

    fn line(&mut self, id: VertexId, index: usize) {
        let record = &self.timeline.records[id];
        let number = self.numbers[&id];
        let text = match &record.lines[index] {
            Line::Status(status) => status_text(status),
            Line::Log(time, text) => {
                let seconds = time.saturating_sub(record.started) as f64 / 1000.0;
                format!("{seconds:.3} {text}")
            }
        };
        self.text.push_str(&format!("#{number} {text}\n"));
    }

    fn end(&mut self, id: VertexId) {
        let record = &self.timeline.records[id];
        let number = self.numbers[&id];
        let Some((completed, completion)) = &record.end else {
            return;
        };
        let line = match completion {
            Completion::Done => {
                let seconds = completed.saturating_sub(record.started) as f64 / 1000.0;
                format!("#{number} DONE {seconds:.1}s\n")
            }
            Completion::Cached => format!("#{number} CACHED\n"),
            Completion::Error(message) => format!("#{number} ERROR: {message}\n"),
            Completion::Canceled => format!("#{number} CANCELED\n"),
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
        Vertex {
            name: name.into(),
            started,
            completed,
            lines,
            completion: Completion::Done,
        }
    }

    #[test]
    fn bytes_uses_decimal_units() {
        let cases = [
            (0, "0B"),
            (187, "187B"),
            (999, "999B"),
            (1_430, "1.43kB"),
            (3_620_000, "3.62MB"),
            (29_130_512, "29.13MB"),
        ];
        for (count, expected) in cases {
            assert_eq!(bytes(count), expected, "{count}");
        }
    }

    #[test]
    fn sequential_vertices_print_as_blocks() {
        let mut timeline = Timeline::default();
        let status = Status {
            id: "transferring dockerfile:".into(),
            current: 187,
            total: 0,
            started: Some(0),
            completed: Some(5),
        };
        timeline.vertex(done(
            "[internal] load build definition from Dockerfile",
            0,
            20,
            vec![Line::Status(status)],
        ));
        timeline.vertex(Vertex {
            name: "[2/3] COPY app.sh /app.sh".into(),
            started: 20,
            completed: 20,
            lines: Vec::new(),
            completion: Completion::Cached,
        });
        timeline.vertex(done(
            "[3/3] RUN echo hello",
            20,
            320,
            vec![Line::Log(235, "hello".into())],
        ));
        assert_eq!(
            timeline.render("building with \"default\" instance using docker driver"),
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
    fn vertex_finishing_inside_another_interrupts_it() {
        let mut timeline = Timeline::default();
        let metadata = timeline.open(
            "[internal] load metadata for docker.io/library/alpine:3.20",
            0,
        );
        let auth = timeline.vertex(done(
            "[auth] library/alpine:pull token for registry-1.docker.io",
            0,
            80,
            Vec::new(),
        ));
        timeline.finish(metadata, 1200, Vec::new(), Completion::Done);
        assert_eq!(timeline.number(metadata), 1);
        assert_eq!(timeline.number(auth), 2);
        assert_eq!(
            timeline.render("x"),
            "#0 x\n\n#1 [internal] load metadata for docker.io/library/alpine:3.20\n#1 ...\n\
             \n#2 [auth] library/alpine:pull token for registry-1.docker.io\n#2 DONE 0.1s\n\
             \n#1 [internal] load metadata for docker.io/library/alpine:3.20\n#1 DONE 1.2s\n"
        );
    }

    #[test]
    fn parallel_vertices_interleave() {
        let mut timeline = Timeline::default();
        timeline.vertex(done(
            "[a 2/2] RUN sleep 1",
            0,
            1000,
            vec![Line::Log(500, "a".into())],
        ));
        timeline.vertex(done(
            "[b 2/2] RUN sleep 2",
            0,
            2000,
            vec![Line::Log(100, "b".into()), Line::Log(1500, "b2".into())],
        ));
        assert_eq!(
            timeline.render("x"),
            "#0 x\n\n#1 [a 2/2] RUN sleep 1\n#1 0.500 a\n#1 DONE 1.0s\n\
             \n#2 [b 2/2] RUN sleep 2\n#2 0.100 b\n#2 1.500 b2\n#2 DONE 2.0s\n"
        );
    }

    #[test]
    fn short_vertex_interrupts_long_one() {
        let mut timeline = Timeline::default();
        timeline.vertex(done(
            "[a 2/2] RUN sleep 3",
            0,
            3000,
            vec![Line::Log(100, "one".into()), Line::Log(2500, "two".into())],
        ));
        timeline.vertex(done("[b 2/2] RUN true", 200, 400, Vec::new()));
        assert_eq!(
            timeline.render("x"),
            "#0 x\n\n#1 [a 2/2] RUN sleep 3\n#1 0.100 one\n#1 ...\n\
             \n#2 [b 2/2] RUN true\n#2 DONE 0.2s\n\
             \n#1 [a 2/2] RUN sleep 3\n#1 2.500 two\n#1 DONE 3.0s\n"
        );
    }

    #[test]
    fn cancel_ends_running_vertices() {
        let mut timeline = Timeline::default();
        let failed = timeline.vertex(Vertex {
            name: "[a 2/2] RUN exit 1".into(),
            started: 0,
            completed: 100,
            lines: Vec::new(),
            completion: Completion::Error("exit code: 1".into()),
        });
        timeline.vertex(done("[b 2/3] RUN sleep 1", 0, 1000, Vec::new()));
        timeline.vertex(done("[b 3/3] RUN true", 1000, 1100, Vec::new()));
        timeline.cancel_after(100, failed);
        assert_eq!(
            timeline.render("x"),
            "#0 x\n\n#1 [a 2/2] RUN exit 1\n#1 ERROR: exit code: 1\n\n#2 [b 2/3] RUN sleep 1\n#2 CANCELED\n"
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
