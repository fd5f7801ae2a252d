//! Finding a word of an instruction in the source, for diagnostic spans.
//!
//! Instructions keep their joined text and a map back to the source, so a
//! word found in the joined text maps to a byte range of the file. BuildKit
//! reports every instruction error and build check at the instruction's
//! first line, so a word on a continuation line is not used: its span would
//! put the diagnostic on another line than BuildKit's.

use std::ops::Range;

use crate::parser::Instruction;

/// Returns the source span of the first occurrence of `word` in the
/// instruction's text after its name. The name's span is used when the
/// word cannot be found, because quotes or escapes can make the written
/// form differ, and when it lies on a continuation line.
pub fn word_span(instruction: &Instruction, word: &str) -> Range<usize> {
    let text = instruction.original.as_str();
    let after_name = instruction.keyword.len().min(text.len());
    let found = match word.is_empty() {
        true => None,
        false => text.get(after_name..).and_then(|rest| rest.find(word)),
    };
    let Some(at) = found else {
        return instruction.keyword_span.clone();
    };

    let start = after_name + at;
    let span = instruction
        .source_map
        .source_span(start..start + word.len());
    match on_first_line(instruction, start, &span) {
        true => span,
        false => instruction.keyword_span.clone(),
    }
}

/// Returns whether text offset `start`, found at source span `span`, is on
/// the instruction's first line. The first line is the only piece of the
/// joined text that starts at the name and runs on without a gap, so the
/// offsets agree there and nowhere after a continuation.
fn on_first_line(instruction: &Instruction, start: usize, span: &Range<usize>) -> bool {
    span.start.checked_sub(instruction.keyword_span.start) == Some(start)
}
