//! Simulated world.

pub mod client;
pub mod reference;
pub mod strconv;
pub mod table;
pub mod units;
