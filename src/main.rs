//! The Porthole page: a Dockerfile editor, a terminal that runs `docker`
//! commands against the simulated world, an animated graph of what each
//! command did with playback and time travel, and an inspector.

mod app;
mod browser;
mod clipboard;
mod colour;
mod complete;
mod components;
mod embed;
mod example;
mod frame;
mod i18n;
mod indent;
mod layout;
mod lesson;
mod lz;
mod marks;
mod playback;
mod prefs;
mod selection;
mod session;
mod share;
mod shared;
mod slots;
mod storage;

fn main() {
    yew::Renderer::<app::App>::new().render();
}
