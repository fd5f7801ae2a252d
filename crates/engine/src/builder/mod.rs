//! The builder: runs a planned Dockerfile with BuildKit's semantics and
//! prints BuildKit's plain progress.
//!
//! The Dockerfile is parsed and planned by the `dockerfile` crate
//! (stages, expanded words, dependencies, build checks). The builder then:
//!
//! 1. resolves each base image (`[internal] load metadata for …`), pulling
//!    its layers into the daemon when it lacks them;
//! 2. runs the stages the target needs, in dependency order, each step on
//!    an overlay of its parent's layers, so a step that changes files makes
//!    a layer whose diff ID is the digest of its changes;
//! 3. looks every step up in the build cache first (same parent, same
//!    instruction, same inputs → `CACHED`), recording why a step missed;
//! 4. writes the image config (metadata instructions, history), whose
//!    digest is the image ID, and tags it.

pub mod cache;
pub mod context;
mod copy;
mod exec;
pub mod progress;
mod stages;

pub use exec::{build, BuildRequest};
