//! The `docker` client: how a terminal line becomes a command with flags and
//! arguments, and the help and usage texts Docker CLI 28 prints.

pub mod argv;
pub mod cli_error;
mod commands;
pub mod docker;
pub mod flags;
pub mod format;
pub mod help;
pub mod spec;
pub mod target;
pub mod template;
pub mod terminal;
