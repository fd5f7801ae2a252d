//! Reading and planning a Dockerfile for a build, with the build checks
//! BuildKit runs on the way (`dockerfile2llb.toDispatchState`).
//!
//! The `dockerfile` crate's [`check`](dockerfile::check) does the same for the
//! editor, over every stage and without base images. A build checks only the
//! stages its target needs, and has its base images' environments and
//! ONBUILD triggers. BuildKit stops at the first error it meets: a parse
//! error, then an instruction error, then a planning error, so
//! [`Prepared::error`] returns the first of each kind in that order.

use std::ops::Range;

use dockerfile::instructions::parse_instruction;
use dockerfile::linter::parse_checks::{
    empty_continuations, file_checks, instruction_checks, Seen,
};
use dockerfile::linter::Linter;
use dockerfile::parser::{find_directive, parse, CheckOptions};
use dockerfile::plan::{plan_instructions, Plan, PlanInput};
use dockerfile::{Diagnostic, LineIndex, Severity};

use super::report::Failure;
use shared_sort::SharedSort;

/// A planned Dockerfile with its errors and build-check warnings.
#[derive(Clone, Debug, Default)]
pub struct Prepared {
    /// The plan; `None` when there is no stage or the target is unknown.
    pub plan: Option<Plan>,
    /// Errors of the parser, then of the instructions, then of planning.
    pub errors: Vec<Diagnostic>,
    /// Build-check warnings, in file order.
    pub warnings: Vec<Diagnostic>,
    /// `lint violation found for rules: …` when the `check` directive sets
    /// `error=true` and a check warned. BuildKit gives it no place in the file.
    pub lint_error: Option<String>,
    /// The escape token in force.
    pub escape: char,
}

impl Prepared {
    /// Returns the error the build stops at, if any.
    pub fn error(&self) -> Option<Failure> {
        let error = self.first_error()?;
        let span = (error.message != NO_INSTRUCTIONS).then(|| error.span.clone());
        Some(Failure {
            message: error.message.clone(),
            span,
            vertex: None,
        })
    }

    /// Returns whether BuildKit meets the error before it resolves base
    /// images: errors of the parser and of the instructions, and of the
    /// stage graph (target, stage names, cycles, FROM lines). Errors of
    /// expanding and checking each step come only after the images resolve.
    pub fn error_is_early(&self) -> bool {
        const GRAPH: [&str; 10] = [
            "target stage",
            "circular dependency",
            "base name",
            "invalid stage index",
            "dockerfile contains no stages",
            "no build stage in current context",
            "failed to process arguments for platform",
            "empty platform value",
            "failed to parse platform",
            "failed to parse check options",
        ];
        self.first_error().is_some_and(|error| {
            error.rule != "BuildError"
                || GRAPH.iter().any(|prefix| error.message.starts_with(prefix))
        })
    }

    fn first_error(&self) -> Option<&Diagnostic> {
        self.errors
            .iter()
            .find(|diagnostic| diagnostic.severity == Severity::Error)
    }
}

/// BuildKit's parser error for a file without instructions, which has no
/// place in the file.
const NO_INSTRUCTIONS: &str = "file with no instructions";

/// Parses `text`, runs the build checks and plans the stages `input` requests.
pub fn prepare(text: &str, input: &PlanInput) -> Prepared {
    let output = parse(text);
    let index = LineIndex::new(text);
    let mut errors = Vec::new();
    if let Some(error) = output.first_error() {
        errors.push(Diagnostic::error(
            error.kind.rule(),
            error.span.clone(),
            error.to_string(),
        ));
    }
    let options = check_options(text, &index, &mut errors);
    let mut linter = Linter::new(options);
    empty_continuations(&mut linter, &output, |line| line_span(text, &index, line));

    let failed: Vec<Range<usize>> = output
        .errors
        .iter()
        .map(|error| error.span.clone())
        .collect();
    let mut typed = Vec::new();
    for instruction in output
        .instructions
        .iter()
        .filter(|instruction| !failed.contains(&instruction.span))
    {
        let result = parse_instruction(instruction);
        instruction_checks(&mut linter, instruction, result.as_ref().ok());
        match result {
            Ok(command) => typed.push((instruction, command)),
            Err(error) => errors.push(Diagnostic::error(
                error.kind.rule(),
                error.span,
                error.message,
            )),
        }
    }
    let first_stage = typed
        .iter()
        .position(|(_, typed)| matches!(typed.command, dockerfile::instructions::Command::From(_)));
    let seen: Vec<Seen<'_>> = typed[first_stage.unwrap_or(typed.len())..]
        .iter()
        .map(|(instruction, typed)| Seen { instruction, typed })
        .collect();
    file_checks(&mut linter, &seen);

    let mut planned = plan_instructions(&typed, output.escape_token, input, &mut linter);
    errors.append(&mut planned.errors);
    let lint_error = linter.error();
    let mut warnings = linter.into_warnings();
    warnings.shared_sort_by_key(|warning| (warning.span.start, warning.span.end));
    Prepared {
        plan: planned.plan,
        errors,
        warnings,
        lint_error,
        escape: output.escape_token,
    }
}

/// Reads the `check` directive; a bad value is an error, as BuildKit's
/// `newRuleLinter` reports it.
fn check_options(text: &str, index: &LineIndex, errors: &mut Vec<Diagnostic>) -> CheckOptions {
    let Some(found) = find_directive(text, "check") else {
        return CheckOptions::default();
    };
    match CheckOptions::parse(&found.value) {
        Ok(options) => options,
        Err(error) => {
            let span = line_span(text, index, found.line.max(1));
            errors.push(Diagnostic::error(
                "CheckError",
                span,
                format!("failed to parse check options: {error}"),
            ));
            CheckOptions::default()
        }
    }
}

/// Returns the span of 1-based `line`, without its line break.
fn line_span(text: &str, index: &LineIndex, line: usize) -> Range<usize> {
    let start = index.line_start(line).unwrap_or(text.len());
    let end = text[start..].find('\n').map_or(text.len(), |at| start + at);
    let end = if text[start..end].ends_with('\r') {
        end - 1
    } else {
        end
    };
    start..end
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn errors_come_in_buildkit_order() {
        let text = "FROM alpine\nCOPY --form=x a b\nRUNN x\n";
        let prepared = prepare(text, &PlanInput::default());
        let failure = prepared.error().expect("an error");
        assert_eq!(
            failure.message,
            "dockerfile parse error on line 2: unknown flag: --form (did you mean from?)"
        );
    }

    #[test]
    fn warnings_cover_needed_stages_only() {
        let text = "FROM alpine AS unused\nCMD echo unused\nFROM alpine\nCMD echo used\n";
        let input = PlanInput {
            all_stages: false,
            ..PlanInput::default()
        };
        let prepared = prepare(text, &input);
        let lines: Vec<usize> = prepared
            .warnings
            .iter()
            .map(|warning| LineIndex::new(text).line(warning.span.start))
            .collect();
        assert_eq!(lines, [4]);
    }

    #[test]
    fn check_directive_turns_warnings_into_error() {
        let text = "# check=error=true\nFROM alpine\nCMD echo hi\n";
        let prepared = prepare(text, &PlanInput::default());
        assert_eq!(
            prepared.lint_error.as_deref(),
            Some("lint violation found for rules: JSONArgsRecommended")
        );
    }
}
