//! The engine alone as a wasm module, to measure what it adds to the
//! page's bundle apart from Yew and the page's components.
//!
//! ```text
//! cargo build --release --target wasm32-unknown-unknown -p porthole-footprint
//! ```
//!
//! The module exports one function that runs a line in a fresh world, lets
//! a second pass and builds the view, which keeps every command, the
//! daemon, the kernel and the view builder in the module.

use engine::World;

/// Lines the exported function chooses from; any line reaches the whole
/// command dispatcher, since it reads the line at run time.
const LINES: [&str; 3] = [
    "docker build -t app .",
    "docker run -it python:3.12-slim bash",
    "docker stats",
];

/// Runs line `choice` (modulo the number of lines) in a fresh world and
/// returns how many pieces of output it printed.
#[no_mangle]
pub extern "C" fn footprint(choice: u32) -> u32 {
    let mut world = World::new();
    let result = world.run_line(LINES[choice as usize % LINES.len()]);
    let ticked = world.tick(1_000);
    std::hint::black_box(world.view());
    std::hint::black_box(ticked);
    result.output.len() as u32
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn footprint_runs_each_line() {
        for choice in 0..LINES.len() as u32 {
            assert!(footprint(choice) > 0, "{}", LINES[choice as usize]);
        }
    }
}
