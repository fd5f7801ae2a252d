//! The simulated Docker world: client, daemon, registry and kernel.
//!
//! Everything here is deterministic: a logical [`clock`], seeded [`names`] and
//! ids derived from content. Every command returns its output, its exit code
//! and an ordered list of [`events`].
//!
//! The crate has no browser dependency; the page and the native `porthole`
//! command both drive it.

pub mod builder;
pub mod client;
pub mod clock;
pub mod cx;
pub mod daemon;
pub mod digest;
pub mod distribution;
pub mod events;
pub mod faults;
pub mod fs;
pub mod goals;
pub mod host;
mod hostnet;
mod hostshell;
pub mod inspect;
pub mod json;
pub mod kernel;
pub mod names;
pub mod output;
pub mod packages;
pub mod reference;
pub mod registry;
pub mod service;
pub mod sh;
pub mod strconv;
pub mod table;
pub mod units;
pub mod view;
mod viewbuild;
pub mod world;

pub use output::{CommandResult, Stream};
pub use world::{World, WorldOptions};
