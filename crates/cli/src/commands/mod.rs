//! One module per `porthole` subcommand; each `run` returns the exit code.

pub mod dockerfile;
pub mod expand;
pub mod script;
