//! Finding a word of an instruction in the source, for diagnostic spans.
//!
//! Instructions keep their joined text and a map back to the source, so a
//! word found in the joined text maps to a byte range of the file even when
//! it sits on a continuation line.

use std::ops::Range;

use crate::parser::Instruction;

/// Returns the source span of the first occurrence of `word` in the
/// instruction's text after its name, or the name's span when the word
/// cannot be found (quotes or escapes can make the written form differ).
pub fn word_span(instruction: &Instruction, word: &str) -> Range<usize> {
    let text = instruction.original.as_str();
    let after_name = instruction.keyword.len().min(text.len());
    let found = match word.is_empty() {
        true => None,
        false => text.get(after_name..).and_then(|rest| rest.find(word)),
    };
    match found {
        Some(at) => {
            let start = after_name + at;
            instruction
                .source_map
                .source_span(start..start + word.len())
        }
        None => instruction.keyword_span.clone(),
    }
}
