//! The builder: runs a parsed Dockerfile with BuildKit's semantics.

pub mod progress;
