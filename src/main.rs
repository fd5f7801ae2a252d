//! The Porthole page: a Dockerfile editor, a terminal that runs `docker`
//! commands against the simulated world, an animated graph of what each
//! command did with playback and time travel, and an inspector.

mod app;
mod clipboard;
mod colour;
mod complete;
mod components;
mod example;
mod frame;
mod indent;
mod layout;
mod marks;
mod playback;
mod prefs;
mod selection;
mod session;
mod shared;
mod slots;

fn main() {
    yew::Renderer::<app::App>::new().render();
}
