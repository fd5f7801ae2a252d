//! The Porthole page: a Dockerfile editor, a terminal that runs `docker`
//! commands against the simulated world, and an animated graph of what each
//! command did.

mod app;
mod components;
mod example;
mod layout;
mod marks;
mod session;

fn main() {
    yew::Renderer::<app::App>::new().render();
}
