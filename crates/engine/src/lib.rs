//! Simulated world.

pub mod strconv;
