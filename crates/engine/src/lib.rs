//! Simulated world.

pub mod digest;
pub mod fs;
