//! Reads Dockerfiles the way BuildKit's Dockerfile frontend does. The parser and
//! shell lexer match moby/buildkit at 73ed6825 (August 2026) on the shared corpus.
//! The typed instructions, stage planning and build checks follow the newest
//! BuildKit sources found, mostly at e269a8a3, which postdates the October 2025
//! `convertllb` subrequest. Each module names the version it follows.
//!
//! The crate has no browser dependency and never panics on input. Parsing never
//! fails outright: every entry point returns its result together with a list of
//! [`Diagnostic`]s, each with a byte span into the source text.
//!
//! Glossary, in BuildKit's words:
//!
//! - **instruction**: one logical line such as `RUN apt-get update`, after line
//!   continuations are joined.
//! - **parser directive**: a `# name=value` comment at the top of the file
//!   (`syntax`, `escape`, `check`).
//! - **escape token**: `\` by default, or `` ` `` when the `escape` directive says so.
//! - **heredoc**: an inline file introduced by `<<EOF` in RUN, COPY or ADD.
//! - **shell form / exec form**: an instruction's arguments as one command string,
//!   or as a JSON array of strings.
//! - **stage**: the instructions from one FROM to the next.
//!
//! Modules: [`parser`] reads a file into instructions and prints BuildKit's
//! AST dump; [`shell`] expands and splits words as BuildKit's shell lexer does;
//! [`instructions`] reads each instruction into its typed form with
//! BuildKit's errors; [`plan`] expands stages for the builder; [`linter`]
//! holds BuildKit's build checks; [`dockerignore`] matches `.dockerignore`
//! patterns; [`check`] returns every diagnostic of a file at once;
//! [`highlight`] classifies the text for the editor.

mod check;
pub mod diagnostic;
pub mod dockerignore;
pub mod highlight;
pub mod instructions;
pub mod linter;
pub mod parser;
pub mod plan;
pub mod shell;

pub use check::{check, CheckInput};
pub use diagnostic::{Diagnostic, LineIndex, Severity};
