//! Building one instruction from a joined logical line (BuildKit's
//! `newNodeFromLine`).
//!
//! The line is split into name, flags and arguments, and the arguments go to
//! the line parser for the name. ONBUILD contains another instruction,
//! built from its arguments the same way. Chains of ONBUILD are unrolled in
//! a loop so that no input can exhaust the call stack.

use std::ops::Range;

use super::ast::{Arguments, Instruction, Original, SourceMap, Trigger};
use super::go;
use super::line_parsers::{parse_arguments, LineError};
use super::split_command::split_command;

/// The parts of an instruction that come from its own text.
struct Layer {
    name: String,
    keyword: String,
    keyword_span: Range<usize>,
    flags: Vec<String>,
    original: Original,
    source_map: SourceMap,
}

/// The lines and comments of an instruction.
pub struct Placement {
    /// First and last line.
    pub lines: (usize, usize),
    /// Comments above it.
    pub comments: Vec<String>,
}

/// Builds the instruction for `original`, a whole joined line. On error the
/// instruction is still returned, without arguments, with the error.
pub fn build(
    original: Original,
    source_map: SourceMap,
    escape: char,
    placement: Placement,
) -> (Instruction, Option<LineError>) {
    let mut layers = Vec::new();
    let mut current = (original, source_map);
    let (innermost, arguments, error) = loop {
        let (original, source_map) = current;
        let split = split_command(&original, escape);
        let keyword = original[split.keyword.clone()].to_owned();
        let layer = Layer {
            name: go::to_lower(&keyword),
            keyword_span: source_map.source_span(split.keyword.clone()),
            keyword,
            flags: split.flags,
            original: original.clone(),
            source_map: source_map.clone(),
        };
        if layer.name == "onbuild" && !split.arguments.is_empty() {
            let range = split.arguments_range.clone();
            current = match split.arguments {
                std::borrow::Cow::Borrowed(_) => (
                    original.slice(range.clone()),
                    source_map.shifted(range.start),
                ),
                std::borrow::Cow::Owned(text) => {
                    let length = text.len();
                    (
                        Original::new(text.into(), 0..length),
                        source_map.shifted(range.start),
                    )
                }
            };
            layers.push(layer);
            continue;
        }
        let result = match layer.name.as_str() {
            "onbuild" => Ok(Arguments::None),
            name => parse_arguments(name, &split.arguments, escape),
        };
        match result {
            Ok(arguments) => break (layer, arguments, None),
            Err(error) => break (layer, Arguments::None, Some(error)),
        }
    };

    let mut instruction = finish(innermost, arguments, &placement);
    while let Some(layer) = layers.pop() {
        instruction = finish(
            layer,
            Arguments::Onbuild(Trigger::new(instruction)),
            &placement,
        );
    }
    instruction.comments = placement.comments;
    (instruction, error)
}

fn finish(layer: Layer, arguments: Arguments, placement: &Placement) -> Instruction {
    let span = layer.source_map.source_span(0..layer.original.len());
    Instruction {
        name: layer.name,
        keyword: layer.keyword,
        keyword_span: layer.keyword_span,
        flags: layer.flags,
        arguments,
        heredocs: Vec::new(),
        original: layer.original,
        source_map: layer.source_map,
        comments: Vec::new(),
        span,
        start_line: placement.lines.0,
        end_line: placement.lines.1,
    }
}
