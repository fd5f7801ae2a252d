//! Simulated world.

pub mod reference;
pub mod strconv;
