//! The page's components, one a file.

pub mod controls;
pub mod editor;
pub mod fault_switch;
pub mod gauge;
pub mod graph;
pub mod graph_pane;
pub mod inspector;
pub mod lesson_builder;
pub mod lesson_panel;
pub mod notice;
pub mod playback_bar;
pub mod settings;
pub mod splitter;
pub mod terminal;
pub mod timeline;
pub mod widgets;
