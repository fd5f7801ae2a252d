//! The builder: runs a planned Dockerfile with the semantics of BuildKit
//! 0.24 behind buildx 0.29 and the docker driver, and prints BuildKit's
//! plain progress.
//!
//! The Dockerfile is parsed, checked and planned by the `dockerfile` crate
//! (stages, expanded words, dependencies, build checks). The builder then:
//!
//! 1. resolves each image a needed stage starts from or copies from
//!    (`[internal] load metadata for …`), in the daemon's image store or at
//!    the registry, and plans again with the images' environments;
//! 2. runs the stages the target needs level by level, the stages of one
//!    level at the same logical time. Each step runs on an overlay of its
//!    parent's layers, so a step that changes files makes a layer whose diff
//!    ID is the digest of its changes;
//! 3. looks every step up in the build cache first (same parent, same
//!    instruction, same inputs → `CACHED`), recording why a step missed;
//! 4. writes the image config (metadata instructions, history), whose
//!    digest is the image ID, and tags it.

mod add;
mod bases;
pub mod cache;
pub mod context;
mod copy;
mod copy_step;
mod exec;
mod export;
mod metadata;
mod mode;
mod mounts;
mod names;
mod owner;
mod prepare;
pub mod progress;
mod report;
mod request;
mod run;
mod stage;
mod stages;
mod state;
mod validate;

pub use exec::build;
pub use request::{BuildRequest, NetworkMode, ProgressMode};
