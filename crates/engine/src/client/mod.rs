//! The `docker` client: how a terminal line becomes a command with flags and
//! arguments, and the help and usage texts Docker CLI 28 prints.

pub mod argv;
pub mod cli_error;
pub mod flags;
pub mod help;
pub mod spec;
pub mod target;
pub mod terminal;
pub mod docker;
pub mod format;
mod commands;
pub mod template;
