//! Simulated world.

pub mod digest;
pub mod fs;
pub mod packages;
pub mod registry;
