//! The Dockerfile parser: text to instructions, exactly as BuildKit's
//! parser reads it (moby/buildkit at 73ed6825, `frontend/dockerfile/parser`).
//!
//! [`parse`] never fails and never panics. It returns a [`ParseOutput`] with
//! every instruction it could read, the parser directives, the escape token,
//! the blank lines found inside line continuations, and every error as a
//! [`Diagnostic`](crate::Diagnostic) with a byte span. BuildKit stops at its
//! first error; [`ParseOutput::first_error`] is that error, in BuildKit's
//! words and with BuildKit's line numbers. [`dump`] prints the tree as
//! BuildKit's `Node.Dump()` does.
//!
//! ```
//! use dockerfile::parser::{dump, parse, Arguments, Command};
//!
//! let output = parse("FROM alpine\nRUN [\"echo\", \"hi\"]\n");
//! assert!(output.first_error().is_none());
//! let run = &output.instructions[1];
//! assert_eq!(run.name, "run");
//! assert_eq!(run.arguments, Arguments::Command(Command::Exec(vec!["echo".into(), "hi".into()])));
//! assert_eq!(dump(&output), "(from \"alpine\")\n(run \"echo\" \"hi\")");
//! ```
//!
//! How a file is read, in order:
//!
//! 1. [`lines`]: physical lines end at `\n`; `\r` and `\n` at the end of a
//!    line are dropped; a UTF-8 byte order mark is dropped from line 1.
//! 2. [`directives`]: `# name=value` lines at the very top.
//! 3. Comment lines (first character after white space is `#`) are dropped,
//!    also inside continuations; blank lines inside continuations are
//!    skipped and recorded.
//! 4. [`split_command`]: name, `--flags`, arguments.
//! 5. [`line_parsers`]: the arguments in the shape the name calls for.
//! 6. [`heredoc`]: RUN, COPY and ADD lines may open heredocs, whose bodies
//!    are the lines that follow, up to the delimiter.

pub mod ast;
pub mod directives;
mod driver;
mod dump;
pub mod go;
pub mod heredoc;
mod heredoc_lexer;
mod json;
pub mod line_parsers;
pub mod lines;
mod node;
pub mod split_command;
mod words;

pub use ast::{
    Arguments, Chomp, Command, Declaration, Directive, EmptyContinuation, ErrorKind, Expansion,
    Form, Heredoc, Instruction, KeyValue, Original, ParseError, ParseOutput, Paths, Separator,
    SourceMap, Trigger,
};
pub use directives::{detect_syntax, find_directive, CheckOptions, FoundDirective};
pub use driver::parse;
pub use dump::dump;
