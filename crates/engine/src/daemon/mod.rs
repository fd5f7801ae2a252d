//! A host's Docker daemon: its image store, layer store, containers,
//! networks, volumes and build cache.
//!
//! The daemon's methods change state and return Docker's errors as
//! [`ApiError`]s with the HTTP status the Engine API would answer; the
//! client turns them into `Error response from daemon: …` lines.

pub mod commit;
pub mod containers;
pub mod control;
pub mod create;
pub mod filters;
pub mod image_delete;
pub mod images;
pub mod inspect;
pub mod layers;
pub mod lifecycle;
pub mod list;
pub mod logs;
pub mod networks;
pub mod pattern;
pub mod ports;
pub mod runtime;
pub mod signals;
pub mod update;
pub mod volumes;

use std::fmt;

use shared_sort::SortedMap;

use crate::builder::cache::BuildCache;
use containers::ContainerStore;
use images::ImageStore;
use layers::LayerStore;
use networks::NetworkStore;
use volumes::VolumeStore;

/// An error the Engine API returns, with its HTTP status.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ApiError {
    pub status: u16,
    pub message: String,
}

impl ApiError {
    /// Creates an error with a status and Docker's message.
    pub fn new(status: u16, message: impl Into<String>) -> Self {
        Self {
            status,
            message: message.into(),
        }
    }

    /// 404 with `No such container: NAME`.
    pub fn no_such_container(name: &str) -> Self {
        Self::new(404, format!("No such container: {name}"))
    }

    /// 404 with `No such image: NAME`.
    pub fn no_such_image(name: &str) -> Self {
        Self::new(404, format!("No such image: {name}"))
    }
}

impl fmt::Display for ApiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

/// One host's daemon and everything it manages.
#[derive(Clone, Debug)]
pub struct Daemon {
    /// False when the daemon has been stopped; the client then cannot connect.
    pub running: bool,
    pub images: ImageStore,
    pub layers: LayerStore,
    pub containers: ContainerStore,
    pub networks: NetworkStore,
    pub volumes: VolumeStore,
    /// Where the port allocator resumes its search in each port range.
    pub port_cursors: ports::PortCursors,
    pub build_cache: BuildCache,
    /// Registry tokens by `host/repository`, with the logical time they expire.
    pub registry_tokens: SortedMap<String, crate::clock::Millis>,
}

impl Default for Daemon {
    fn default() -> Self {
        Self {
            running: true,
            images: ImageStore::default(),
            layers: LayerStore::default(),
            containers: ContainerStore::default(),
            networks: NetworkStore::new(),
            volumes: VolumeStore::default(),
            port_cursors: ports::PortCursors::default(),
            build_cache: BuildCache::default(),
            registry_tokens: SortedMap::new(),
        }
    }
}
