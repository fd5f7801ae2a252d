//! What buildx prints after the progress: the failed vertex's logs, the
//! build-check warnings, the Dockerfile excerpt of an error and the
//! `ERROR:` line (buildx `commands/build.go`, BuildKit
//! `solver/errdefs/source.go` and `frontend/subrequests/lint/lint.go`).

use std::ops::Range;

use dockerfile::{Diagnostic, LineIndex};
use shared_sort::SharedSort;

/// Why a build stopped, ready to print.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Failure {
    /// The error after `ERROR: failed to build: failed to solve: `.
    pub message: String,
    /// Where in the Dockerfile, for the source excerpt.
    pub span: Option<Range<usize>>,
    /// The failing vertex and its last log lines, for the `------` block.
    pub vertex: Option<(String, Vec<String>)>,
}

impl Failure {
    /// Creates a failure with only a message.
    pub fn new(message: impl Into<String>) -> Self {
        Self {
            message: message.into(),
            span: None,
            vertex: None,
        }
    }

    /// Creates a failure at a place in the Dockerfile.
    pub fn at(message: impl Into<String>, span: Range<usize>) -> Self {
        Self {
            message: message.into(),
            span: Some(span),
            vertex: None,
        }
    }
}

/// Formats the logs of the failed vertex, as BuildKit's display prints them
/// once the progress ends: its last ten log lines between `------` rules.
pub fn vertex_logs(failure: &Failure) -> String {
    let Some((vertex, logs)) = &failure.vertex else {
        return String::new();
    };
    let mut out = format!("------\n > {vertex}:\n");
    for line in logs {
        out.push_str(line);
        out.push('\n');
    }
    out.push_str("------\n");
    out
}

/// Formats the error buildx prints last: the Dockerfile excerpt, then the
/// `ERROR: failed to build: failed to solve:` line.
pub fn error_text(text: &str, dockerfile_name: &str, failure: &Failure) -> String {
    let mut out = String::new();
    if let Some(span) = &failure.span {
        out.push_str(&source_excerpt(text, dockerfile_name, span));
    }
    out.push_str(&format!(
        "ERROR: failed to build: failed to solve: {}\n",
        failure.message
    ));
    out
}

/// Formats the build-check warnings buildx prints after a build.
pub fn warnings_text(text: &str, warnings: &[Diagnostic]) -> String {
    if warnings.is_empty() {
        return String::new();
    }
    let index = LineIndex::new(text);
    let count = warnings.len();
    let mut out = format!(
        "\n {count} warning{} found (use docker --debug to expand):\n",
        if count == 1 { "" } else { "s" }
    );
    for warning in warnings {
        let line = index.line(warning.span.start);
        out.push_str(&format!(
            " - {}: {} (line {line})\n",
            warning.rule, warning.message
        ));
    }
    out
}

/// Formats what `docker build --check` prints on standard output: a count,
/// then each warning with its rule, address, message and excerpt, in line
/// order.
pub fn check_text(text: &str, dockerfile_name: &str, warnings: &[Diagnostic]) -> String {
    let mut out = match warnings.len() {
        0 => return "Check complete, no warnings found.\n".to_string(),
        1 => "Check complete, 1 warning has been found!\n".to_string(),
        count => format!("Check complete, {count} warnings have been found!\n"),
    };
    let mut sorted: Vec<&Diagnostic> = warnings.iter().collect();
    sorted.shared_sort_by_key(|warning| warning.span.start);
    for warning in sorted {
        out.push_str(&format!("\nWARNING: {}", warning.rule));
        if let Some(url) = &warning.help {
            out.push_str(&format!(" - {url}"));
        }
        out.push_str(&format!("\n{}\n", warning.message));
        out.push_str(&source_excerpt(text, dockerfile_name, &warning.span));
    }
    out
}

/// Formats the error `docker build --check` prints for a Dockerfile that
/// cannot be built: the message, then its excerpt.
pub fn check_error_text(text: &str, dockerfile_name: &str, failure: &Failure) -> String {
    let mut out = format!("ERROR: {}\n", failure.message);
    if let Some(span) = &failure.span {
        out.push_str(&source_excerpt(text, dockerfile_name, span));
    }
    out
}

/// Prints the lines around an error as BuildKit's `errdefs.Source.Print`
/// does: four lines of context in all for a one-line error, two for longer
/// ones, split between before and after as far as the file allows, with
/// `>>>` on the lines of the error.
pub fn source_excerpt(text: &str, dockerfile_name: &str, span: &Range<usize>) -> String {
    let index = LineIndex::new(text);
    let first = index.line(span.start.min(text.len()));
    let last = index.line(span.end.saturating_sub(1).max(span.start).min(text.len()));
    let lines: Vec<&str> = text.split('\n').collect();
    if first > lines.len() {
        return String::new();
    }
    let (mut start, mut end) = (first, last.min(lines.len()));
    let pad = if first == end { 4 } else { 2 };
    let mut padded = 0;
    while padded < pad {
        if start > 1 {
            start -= 1;
            padded += 1;
        }
        if end != lines.len() {
            end += 1;
            padded += 1;
        }
        padded += 1;
    }
    let mut out = format!("{dockerfile_name}:{first}\n--------------------\n");
    for number in start..=end {
        let marker = if (first..=last).contains(&number) {
            ">>>"
        } else {
            "   "
        };
        out.push_str(&format!(
            " {number:>3} | {marker} {}\n",
            lines.get(number - 1).copied().unwrap_or("")
        ));
    }
    out.push_str("--------------------\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn excerpt_pads_one_line_error() {
        let cases = [
            ("FROM alpine\nRUN exit 1", 12..22, "Dockerfile:2\n--------------------\n   1 |     FROM alpine\n   2 | >>> RUN exit 1\n--------------------\n"),
            (
                "FROM alpine\nRUN exit 1\n",
                12..22,
                "Dockerfile:2\n--------------------\n   1 |     FROM alpine\n   2 | >>> RUN exit 1\n   3 |     \n--------------------\n",
            ),
            (
                "FROM a\nRUN b\nRUN c\nRUN d\nRUN e\nRUN f\n",
                13..18,
                "Dockerfile:3\n--------------------\n   1 |     FROM a\n   2 |     RUN b\n   3 | >>> RUN c\n   4 |     RUN d\n   5 |     RUN e\n--------------------\n",
            ),
        ];
        for (text, span, expected) in cases {
            assert_eq!(
                source_excerpt(text, "Dockerfile", &span),
                expected,
                "{text:?}"
            );
        }
    }

    #[test]
    fn excerpt_pads_multi_line_error_less() {
        let text = "FROM a\nRUN b\nRUN c \\\n  d\nRUN e\nRUN f\n";
        let expected = "Dockerfile:3\n--------------------\n   2 |     RUN b\n   3 | >>> RUN c \\\n   4 | >>>   d\n   5 |     RUN e\n--------------------\n";
        assert_eq!(source_excerpt(text, "Dockerfile", &(13..24)), expected);
    }

    #[test]
    fn warnings_list_rule_and_line() {
        let text = "FROM alpine\nCMD echo hi\n";
        let warning = Diagnostic::warning("JSONArgsRecommended", 12..23, "JSON arguments recommended for CMD to prevent unintended behavior related to OS signals");
        assert_eq!(
            warnings_text(text, &[warning]),
            "\n 1 warning found (use docker --debug to expand):\n - JSONArgsRecommended: JSON arguments recommended for CMD to prevent unintended behavior related to OS signals (line 2)\n"
        );
    }

    #[test]
    fn check_counts_warnings() {
        let text = "FROM alpine\nCMD echo hi\n";
        assert_eq!(
            check_text(text, "Dockerfile", &[]),
            "Check complete, no warnings found.\n"
        );
        let warning =
            Diagnostic::warning("JSONArgsRecommended", 12..15, "JSON arguments recommended")
                .with_help("https://docs.docker.com/go/dockerfile/rule/json-args-recommended/");
        assert_eq!(
            check_text(text, "Dockerfile", &[warning]),
            "Check complete, 1 warning has been found!\n\
             \nWARNING: JSONArgsRecommended - https://docs.docker.com/go/dockerfile/rule/json-args-recommended/\n\
             JSON arguments recommended\n\
             Dockerfile:2\n--------------------\n   1 |     FROM alpine\n   2 | >>> CMD echo hi\n   3 |     \n--------------------\n"
        );
    }
}
