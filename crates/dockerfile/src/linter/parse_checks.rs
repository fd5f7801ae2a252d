//! The build checks BuildKit runs while it reads instructions, over every
//! stage, used or not: StageNameCasing, FromAsCasing, MaintainerDeprecated
//! and InvalidDefinitionDescription (`instructions/parse.go`), then
//! ConsistentInstructionCasing, DuplicateStageName and ReservedStageName
//! (`dockerfile2llb/convert.go`), and NoEmptyContinuation for the parser's
//! empty continuation lines (moby/buildkit at e269a8a3).

use std::collections::HashSet;
use std::ops::Range;

use super::rules::{self, message};
use super::Linter;
use crate::instructions::{word_span, Command, Typed};
use crate::parser::{go, Arguments, Instruction, ParseOutput};

/// Runs the checks BuildKit's `ParseInstructionWithLinter` runs for one
/// instruction; `typed` is the instruction read, or `None` when reading failed.
pub fn instruction_checks(linter: &mut Linter, instruction: &Instruction, typed: Option<&Typed>) {
    match instruction.name.as_str() {
        "from" => from_checks(linter, instruction, typed),
        "maintainer" => {
            let message = message::maintainer_deprecated();
            linter.report(
                &rules::MAINTAINER_DEPRECATED,
                instruction.keyword_span.clone(),
                message,
            );
        }
        "arg" => {
            if let Some(Command::Arg(declarations)) = typed.map(|typed| &typed.command) {
                let names: Vec<&str> = declarations.iter().map(|d| d.name.as_str()).collect();
                definition_description(linter, instruction, "ARG", &names);
            }
        }
        _ => {}
    }
}

/// Runs BuildKit's FROM checks: StageNameCasing on exactly three
/// arguments and FromAsCasing on three or more, before the arguments are
/// read (so even a FROM that fails gets them), then InvalidDefinitionDescription
/// on a named stage.
fn from_checks(linter: &mut Linter, instruction: &Instruction, typed: Option<&Typed>) {
    let Arguments::Words(words) = &instruction.arguments else {
        return;
    };
    if let [_, _, name] = words.as_slice() {
        if *name != go::to_lower(name) {
            let span = word_span(instruction, name);
            linter.report(
                &rules::STAGE_NAME_CASING,
                span,
                message::stage_name_casing(name),
            );
        }
    }
    if let [_, as_keyword, _, ..] = words.as_slice() {
        if !as_matches_from(&instruction.keyword, as_keyword) {
            let span = word_span(instruction, as_keyword);
            let message = message::from_as_casing(&instruction.keyword, as_keyword);
            linter.report(&rules::FROM_AS_CASING, span, message);
        }
    }
    if let Some(Command::From(from)) = typed.map(|typed| &typed.command) {
        if let Some(name) = &from.name {
            definition_description(linter, instruction, "FROM", &[name.as_str()]);
        }
    }
}

/// BuildKit's `doesFromCaseMatchAsCase`: a FROM that is all lower or all
/// upper case needs the same of the word after the base. A FROM in mixed
/// case is ConsistentInstructionCasing's concern, so it needs nothing.
fn as_matches_from(from: &str, as_keyword: &str) -> bool {
    let lower = from == go::to_lower(from);
    let upper = from == go::to_upper(from);
    match (lower, upper) {
        (true, _) => as_keyword == go::to_lower(as_keyword),
        (false, true) => as_keyword == go::to_upper(as_keyword),
        (false, false) => true,
    }
}

/// BuildKit's `validateDefinitionDescription`: the comment right above a
/// named stage or an ARG should start with one of the names.
fn definition_description(
    linter: &mut Linter,
    instruction: &Instruction,
    kind: &str,
    names: &[&str],
) {
    let (Some(comment), Some(first)) = (instruction.comments.last(), names.first()) else {
        return;
    };
    let first_word = comment.split(' ').next().unwrap_or("");
    if names.contains(&first_word) {
        return;
    }
    let example = if names.len() > 1 { "<arg_key>" } else { first };
    let message = message::invalid_definition_description(kind, example);
    linter.report(
        &rules::INVALID_DEFINITION_DESCRIPTION,
        instruction.keyword_span.clone(),
        message,
    );
}

/// One instruction of a stage, for the whole-file checks.
pub struct Seen<'a> {
    /// The instruction.
    pub instruction: &'a Instruction,
    /// Its typed form.
    pub typed: &'a Typed,
}

/// Runs BuildKit's `validateStageNames` and `validateCommandCasing` over the
/// instructions from the first FROM on.
pub fn file_checks(linter: &mut Linter, seen: &[Seen<'_>]) {
    stage_names(linter, seen);
    command_casing(linter, seen);
}

fn stage_names(linter: &mut Linter, seen: &[Seen<'_>]) {
    let mut names: HashSet<&str> = HashSet::new();
    for item in seen {
        let Command::From(from) = &item.typed.command else {
            continue;
        };
        let Some(name) = from.name.as_deref() else {
            continue;
        };
        let span = name_span(item.instruction, name);
        if name == "context" || name == "scratch" {
            linter.report(
                &rules::RESERVED_STAGE_NAME,
                span.clone(),
                message::reserved_stage_name(name),
            );
        }
        if names.contains(&name) {
            linter.report(
                &rules::DUPLICATE_STAGE_NAME,
                span,
                message::duplicate_stage_name(name),
            );
        }
        names.insert(name);
    }
}

/// Returns the span of the stage name as written, whose case may differ
/// from the lowercased name.
fn name_span(instruction: &Instruction, name: &str) -> Range<usize> {
    match &instruction.arguments {
        Arguments::Words(words) if words.len() == 3 => word_span(instruction, &words[2]),
        _ => word_span(instruction, name),
    }
}

fn command_casing(linter: &mut Linter, seen: &[Seen<'_>]) {
    let consistent = |name: &str| name == go::to_lower(name) || name == go::to_upper(name);
    let lower = seen
        .iter()
        .filter(|item| {
            consistent(&item.typed.name) && item.typed.name == go::to_lower(&item.typed.name)
        })
        .count();
    let upper = seen
        .iter()
        .filter(|item| {
            consistent(&item.typed.name) && item.typed.name != go::to_lower(&item.typed.name)
        })
        .count();
    let majority_lower = lower > upper;
    for item in seen {
        let name = &item.typed.name;
        let casing = match majority_lower {
            true if *name != go::to_lower(name) => "lowercase",
            false if *name != go::to_upper(name) => "uppercase",
            _ => continue,
        };
        let message = message::consistent_instruction_casing(name, casing);
        linter.report(
            &rules::CONSISTENT_INSTRUCTION_CASING,
            item.instruction.keyword_span.clone(),
            message,
        );
    }
}

/// Reports NoEmptyContinuation once per instruction with blank lines inside
/// its continuation, on the line BuildKit names.
pub fn empty_continuations(
    linter: &mut Linter,
    output: &ParseOutput,
    line_span: impl Fn(usize) -> Range<usize>,
) {
    let mut last = None;
    for blank in &output.empty_continuations {
        if last == Some(blank.instruction) {
            continue;
        }
        last = Some(blank.instruction);
        let message = "Empty continuation line".to_owned();
        linter.report(
            &rules::NO_EMPTY_CONTINUATION,
            line_span(blank.warning_line),
            message,
        );
    }
}
