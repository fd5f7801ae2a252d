//! Workloads: commands whose fate the kernel model decides (`sleep`,
//! memory hogs, busy loops, fork bombs), and what the shell prints for it.

use super::{push_out, Machine};
use crate::output::Stream;
use crate::sh::ast::Construct;
use crate::sh::ctx::Write;
use crate::sh::outcome::Mode;
use crate::sh::state::ShellKind;
use crate::sh::system::{Workload, WorkloadOutcome, WorkloadRequest};

impl Machine<'_> {
    /// Starts a workload through the kernel model and prints what the shell
    /// prints for its fate.
    pub fn workload(
        &mut self,
        workload: Workload,
        text: &str,
        background: bool,
        line: usize,
        writes: &mut Vec<Write>,
    ) -> i32 {
        let request = WorkloadRequest {
            workload: workload.clone(),
            command: text.to_string(),
            background,
        };
        let outcome = self.system.start_workload(&request);
        match outcome {
            WorkloadOutcome::Finished { millis } => {
                self.run.elapsed += millis;
                0
            }
            WorkloadOutcome::Killed { millis, signal } => {
                self.run.elapsed += millis;
                // FIXME: bash without job control (`bash -c`) reports the
                // kill as "line N: PID Killed COMMAND", which is not printed.
                let bash_script =
                    self.shell.kind() == ShellKind::Bash && self.run.mode == Mode::Build;
                if signal == 9 && !bash_script {
                    push_out(
                        writes,
                        Stream::Stderr,
                        "Killed\n".to_string(),
                        self.run.elapsed,
                    );
                }
                128 + signal
            }
            WorkloadOutcome::ContainerKilled { millis, signal } => {
                self.run.elapsed += millis;
                self.run.killed = true;
                self.run.exit = Some(128 + signal);
                128 + signal
            }
            WorkloadOutcome::Foreground => {
                // The script stops here as it does for lasting work, but
                // the interactive shell waits for the workload.
                self.run.killed = true;
                self.run.foreground = true;
                self.run.exit = Some(0);
                0
            }
            WorkloadOutcome::Running => {
                // The script ends here; the process goes on in the kernel
                // model, so nothing after it runs.
                self.run.killed = true;
                self.run.exit = Some(0);
                0
            }
            WorkloadOutcome::ForkFailed { millis } => {
                self.run.elapsed += millis;
                let origin = self.origin(line);
                let message = match self.shell.kind() {
                    ShellKind::Bash => {
                        origin.error("fork: retry: Resource temporarily unavailable")
                    }
                    ShellKind::Ash => origin.error("can't fork: Resource temporarily unavailable"),
                    ShellKind::Dash => origin.error("Cannot fork"),
                };
                push_out(writes, Stream::Stderr, message, self.run.elapsed);
                // NOTE: the status after a failed fork is an estimate.
                2
            }
            WorkloadOutcome::Endless => {
                let what = "commands that never end";
                self.run
                    .not_simulated(format!("`{text}` is not simulated: it would never end"));
                if self.run.mode == Mode::Interactive {
                    let message =
                        format!("porthole: {what} are not simulated; stopped as Ctrl+C would\n");
                    push_out(writes, Stream::Stderr, message, self.run.elapsed);
                    return 130;
                }
                0
            }
        }
    }
}

/// Returns whether a function body calls the function itself twice in a
/// pipeline, the shape of the classic fork bomb `:(){ :|:& };:`.
pub(super) fn is_fork_bomb(name: &str, body: &str) -> bool {
    let compact: String = body.chars().filter(|c| !c.is_whitespace()).collect();
    compact.contains(&format!("{name}|{name}"))
}

/// Recognises endless loops: `while true` / `while :` with a body that
/// either grows a variable (memory) or just spins (CPU).
pub(super) fn loop_workload(construct: Construct, text: &str) -> Option<Workload> {
    if construct != Construct::While {
        return None;
    }
    let condition = text.strip_prefix("while")?.trim_start();
    let endless = ["true;", "true\n", ":;", ":\n", "[ 1 ];", "true ;", ": ;"]
        .iter()
        .any(|start| condition.starts_with(start));
    if !endless || text.contains("break") || text.contains("sleep") {
        return None;
    }
    let grows = text.split([';', '\n']).any(|statement| {
        let statement = statement.trim().trim_start_matches("do").trim();
        match statement.split_once('=') {
            Some((name, value)) => {
                super::super::parse::is_name(name) && value.contains(&format!("${name}"))
            }
            None => false,
        }
    });
    Some(if grows {
        Workload::Allocate { bytes: None }
    } else {
        Workload::Spin
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn loop_workloads() {
        assert_eq!(
            loop_workload(Construct::While, "while true; do :; done"),
            Some(Workload::Spin)
        );
        assert_eq!(
            loop_workload(Construct::While, "while :; do a=\"$a$a.\"; done"),
            Some(Workload::Allocate { bytes: None })
        );
        assert_eq!(
            loop_workload(Construct::While, "while true; do sleep 1; done"),
            None
        );
        assert_eq!(
            loop_workload(Construct::While, "while read x; do :; done"),
            None
        );
        assert_eq!(
            loop_workload(Construct::For, "for x in a; do :; done"),
            None
        );
    }

    #[test]
    fn fork_bomb_shape() {
        assert!(is_fork_bomb(":", "{ :|:& }"));
        assert!(is_fork_bomb("bomb", "{ bomb | bomb & }"));
        assert!(!is_fork_bomb("f", "{ echo f; }"));
    }
}
