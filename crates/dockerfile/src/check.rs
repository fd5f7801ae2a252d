//! One entry for tools and the editor: every diagnostic of a Dockerfile.
//!
//! [`check`] parses the file, reads each instruction, plans the stages and
//! runs BuildKit's build checks, and returns parse errors, instruction
//! errors, planning errors and build-check warnings together, sorted by
//! position. BuildKit stops at its first error. `check` goes on past a bad
//! instruction and leaves it out of the stages, so that the editor can show
//! every problem at once. Which stages are checked follows BuildKit's
//! `--check`: every stage when no target is given, otherwise the target and
//! the stages it needs.
//!
//! ```
//! use dockerfile::{check, CheckInput};
//!
//! let text = "FROM alpine as build\nENV GREETING=$NAME\nCMD echo done\n";
//! let rules: Vec<String> = check(text, &CheckInput::default()).into_iter().map(|d| d.rule).collect();
//! assert_eq!(rules, ["FromAsCasing", "UndefinedVar", "JSONArgsRecommended"]);
//! ```

use std::collections::HashSet;
use std::ops::Range;

use shared_sort::{SharedSort, SortedMap};

use crate::diagnostic::{Diagnostic, LineIndex};
use crate::dockerignore::Matcher;
use crate::instructions::{parse_instruction, Command, Typed};
use crate::linter::parse_checks::{empty_continuations, file_checks, instruction_checks, Seen};
use crate::linter::Linter;
use crate::parser::{find_directive, parse, CheckOptions, Instruction, ParseOutput};
use crate::plan::{plan_instructions, PlanInput, Platform};

/// The build options [`check`] takes besides the Dockerfile's text.
#[derive(Clone, Debug, Default)]
pub struct CheckInput {
    /// `--build-arg` values. `BUILDKIT_DOCKERFILE_CHECK` among them replaces
    /// the `check` directive, as in BuildKit.
    pub build_args: SortedMap<String, String>,
    /// `--target`; `None` checks every stage, as `docker build --check` does.
    pub target: Option<String>,
    /// The platform to build for; `linux/amd64` by default.
    pub platform: Platform,
    /// The text of the build context's `.dockerignore`, if it has one.
    pub dockerignore: Option<String>,
}

/// Returns every diagnostic of `text`, sorted by position.
pub fn check(text: &str, input: &CheckInput) -> Vec<Diagnostic> {
    let output = parse(text);
    let mut diagnostics = parse_errors(&output);
    let mut linter = Linter::new(check_options(text, input, &mut diagnostics));
    let index = LineIndex::new(text);
    empty_continuations(&mut linter, &output, |line| line_span(text, &index, line));

    let typed = read_instructions(&output, &mut linter, &mut diagnostics);
    file_checks(&mut linter, &from_first_stage(&typed));

    let plan_input = plan_input(input, &mut diagnostics);
    let mut planned = plan_instructions(&typed, output.escape_token, &plan_input, &mut linter);
    diagnostics.append(&mut planned.errors);
    if let Some(message) = linter.error() {
        let span = output
            .directives
            .iter()
            .find(|d| d.name == "check")
            .map_or(0..0, |d| d.span.clone());
        diagnostics.push(Diagnostic::error("CheckError", span, message));
    }
    diagnostics.extend(linter.into_warnings());
    diagnostics.shared_sort_by_key(|d| (d.span.start, d.span.end));
    diagnostics
}

/// Reads each instruction the parser accepted, with the checks BuildKit
/// runs while reading; an instruction that fails becomes an error and is
/// left out.
fn read_instructions<'o>(
    output: &'o ParseOutput,
    linter: &mut Linter,
    diagnostics: &mut Vec<Diagnostic>,
) -> Vec<(&'o Instruction, Typed)> {
    let failed: HashSet<(usize, usize)> = output
        .errors
        .iter()
        .map(|error| (error.span.start, error.span.end))
        .collect();
    let mut typed = Vec::new();
    for instruction in &output.instructions {
        if failed.contains(&(instruction.span.start, instruction.span.end)) {
            continue;
        }
        let result = parse_instruction(instruction);
        instruction_checks(linter, instruction, result.as_ref().ok());
        match result {
            Ok(command) => typed.push((instruction, command)),
            Err(error) => diagnostics.push(Diagnostic::error(
                error.kind.rule(),
                error.span,
                error.message,
            )),
        }
    }
    typed
}

/// Returns the instructions from the first FROM on, the stages that
/// BuildKit's whole-file checks walk.
fn from_first_stage<'t>(typed: &'t [(&'t Instruction, Typed)]) -> Vec<Seen<'t>> {
    let first_stage = typed
        .iter()
        .position(|(_, t)| matches!(t.command, Command::From(_)))
        .unwrap_or(typed.len());
    typed[first_stage..]
        .iter()
        .map(|(instruction, typed)| Seen { instruction, typed })
        .collect()
}

fn parse_errors(output: &ParseOutput) -> Vec<Diagnostic> {
    output
        .errors
        .iter()
        .map(|error| Diagnostic::error(error.kind.rule(), error.span.clone(), error.to_string()))
        .collect()
}

/// The build arg that replaces the `check` directive, as BuildKit's
/// `frontend/dockerui/config.go` reads it.
const CHECK_BUILD_ARG: &str = "BUILDKIT_DOCKERFILE_CHECK";

/// Reads the check options as BuildKit's `newRuleLinter` does: from the
/// `BUILDKIT_DOCKERFILE_CHECK` build arg when it is given, even empty,
/// else from the `check` directive. A bad value is an error, and the checks
/// then run with default options.
fn check_options(
    text: &str,
    input: &CheckInput,
    diagnostics: &mut Vec<Diagnostic>,
) -> CheckOptions {
    if let Some(value) = input.build_args.get(CHECK_BUILD_ARG) {
        return CheckOptions::parse(value).unwrap_or_else(|error| {
            let message = format!("failed to parse build-arg:{CHECK_BUILD_ARG}: {error}");
            diagnostics.push(Diagnostic::error("CheckError", 0..0, message));
            CheckOptions::default()
        });
    }
    let Some(found) = find_directive(text, "check") else {
        return CheckOptions::default();
    };
    match CheckOptions::parse(&found.value) {
        Ok(options) => options,
        Err(error) => {
            let index = LineIndex::new(text);
            let span = line_span(text, &index, found.line.max(1));
            diagnostics.push(Diagnostic::error(
                "CheckError",
                span,
                format!("failed to parse check options: {error}"),
            ));
            CheckOptions::default()
        }
    }
}

fn plan_input(input: &CheckInput, diagnostics: &mut Vec<Diagnostic>) -> PlanInput {
    let dockerignore =
        input
            .dockerignore
            .as_deref()
            .and_then(|text| match Matcher::from_file(text) {
                Ok(matcher) if !matcher.is_empty() => Some(matcher),
                Ok(_) => None,
                Err(error) => {
                    diagnostics.push(Diagnostic::error("DockerignoreError", 0..0, error));
                    None
                }
            });
    PlanInput {
        build_args: input.build_args.clone(),
        target: input.target.clone(),
        platform: input.platform.clone(),
        all_stages: input.target.is_none(),
        dockerignore,
        base_images: Default::default(),
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
