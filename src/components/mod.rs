//! The page's components, one a file.

pub mod editor;
pub mod graph;
pub mod terminal;
