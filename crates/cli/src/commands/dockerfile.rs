//! `porthole dockerfile`.

/// Runs the subcommand with the arguments after its name.
pub fn run(_args: &[String]) -> u8 {
    // FIXME: not built yet.
    eprintln!("porthole: dockerfile is not built yet");
    2
}
