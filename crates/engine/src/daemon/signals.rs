//! Linux signals by number and name, parsed as moby's `sys/signal`
//! package parses `docker kill -s`, `docker stop -s` and `STOPSIGNAL`.

use std::fmt;

use super::ApiError;

/// A Linux signal number (1–64).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Signal(pub u8);

/// Signal names without `SIG`, by number, as x86-64 Linux numbers them.
const NAMES: &[(&str, u8)] = &[
    ("HUP", 1),
    ("INT", 2),
    ("QUIT", 3),
    ("ILL", 4),
    ("TRAP", 5),
    ("ABRT", 6),
    ("IOT", 6),
    ("BUS", 7),
    ("FPE", 8),
    ("KILL", 9),
    ("USR1", 10),
    ("SEGV", 11),
    ("USR2", 12),
    ("PIPE", 13),
    ("ALRM", 14),
    ("TERM", 15),
    ("STKFLT", 16),
    ("CHLD", 17),
    ("CLD", 17),
    ("CONT", 18),
    ("STOP", 19),
    ("TSTP", 20),
    ("TTIN", 21),
    ("TTOU", 22),
    ("URG", 23),
    ("XCPU", 24),
    ("XFSZ", 25),
    ("VTALRM", 26),
    ("PROF", 27),
    ("WINCH", 28),
    ("IO", 29),
    ("POLL", 29),
    ("PWR", 30),
    ("SYS", 31),
    ("UNUSED", 31),
];

impl Signal {
    pub const HUP: Signal = Signal(1);
    pub const INT: Signal = Signal(2);
    pub const QUIT: Signal = Signal(3);
    pub const KILL: Signal = Signal(9);
    pub const USR1: Signal = Signal(10);
    pub const TERM: Signal = Signal(15);
    pub const CHLD: Signal = Signal(17);
    pub const CONT: Signal = Signal(18);
    pub const STOP: Signal = Signal(19);
    pub const WINCH: Signal = Signal(28);

    /// Parses a signal as moby's `signal.ParseSignal` does: a number, or a
    /// name with or without `SIG` in any case (`TERM`, `sigterm`,
    /// `RTMIN+3`). The error is moby's `Invalid signal: VALUE`.
    pub fn parse(text: &str) -> Result<Signal, ApiError> {
        let invalid = || ApiError::new(400, format!("Invalid signal: {text}"));
        if let Ok(number) = text.parse::<i64>() {
            return match u8::try_from(number) {
                Ok(number @ 1..=64) => Ok(Signal(number)),
                _ => Err(invalid()),
            };
        }
        let upper = text.to_ascii_uppercase();
        let name = upper.strip_prefix("SIG").unwrap_or(&upper);
        if let Some((_, number)) = NAMES.iter().find(|(known, _)| *known == name) {
            return Ok(Signal(*number));
        }
        realtime(name).ok_or_else(invalid)
    }

    /// Returns the conventional name with `SIG`, as nginx and the kernel
    /// print it (`SIGTERM`), or `SIGRTMIN+N` for a real-time signal.
    pub fn name(self) -> String {
        if let Some((name, _)) = NAMES.iter().find(|(_, number)| *number == self.0) {
            return format!("SIG{name}");
        }
        match self.0 {
            34 => "SIGRTMIN".to_string(),
            64 => "SIGRTMAX".to_string(),
            number => format!("SIGRTMIN+{}", number.saturating_sub(34)),
        }
    }

    /// Returns whether the kernel's default action ends the process, so a
    /// process outside a PID namespace dies of it: every signal except
    /// `SIGCHLD`, `SIGCONT`, `SIGURG`, `SIGWINCH` and the stop signals.
    pub fn terminates_by_default(self) -> bool {
        !matches!(self.0, 17 | 18 | 19 | 20 | 21 | 22 | 23 | 28)
    }

    /// Returns the exit status Docker reports for a process this signal
    /// killed: 128 plus the number.
    pub fn exit_code(self) -> i32 {
        128 + i32::from(self.0)
    }
}

impl fmt::Display for Signal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.name())
    }
}

/// Parses `RTMIN`, `RTMIN+N`, `RTMAX` and `RTMAX-N` (34–64).
fn realtime(name: &str) -> Option<Signal> {
    let number = match name {
        "RTMIN" => 34,
        "RTMAX" => 64,
        _ => {
            if let Some(offset) = name.strip_prefix("RTMIN+") {
                34 + offset.parse::<u8>().ok().filter(|offset| *offset <= 30)?
            } else {
                let offset = name
                    .strip_prefix("RTMAX-")?
                    .parse::<u8>()
                    .ok()
                    .filter(|offset| *offset <= 30)?;
                64 - offset
            }
        }
    };
    Some(Signal(number))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn signals_parse_as_moby_does() {
        let cases: &[(&str, u8)] = &[
            ("SIGTERM", 15),
            ("TERM", 15),
            ("sigkill", 9),
            ("9", 9),
            ("HUP", 1),
            ("SIGQUIT", 3),
            ("winch", 28),
            ("RTMIN+3", 37),
            ("RTMAX-1", 63),
            ("64", 64),
        ];
        for (text, number) in cases {
            assert_eq!(Signal::parse(text), Ok(Signal(*number)), "{text}");
        }
        for text in [
            "",
            "0",
            "65",
            "-1",
            "FOO",
            "SIG",
            "RTMIN+31",
            "99999999999999999999",
        ] {
            assert_eq!(
                Signal::parse(text).unwrap_err().message,
                format!("Invalid signal: {text}"),
                "{text}"
            );
        }
    }

    #[test]
    fn names_and_exit_codes() {
        assert_eq!(Signal::TERM.name(), "SIGTERM");
        assert_eq!(Signal(37).name(), "SIGRTMIN+3");
        assert_eq!(Signal::KILL.exit_code(), 137);
        assert_eq!(Signal::TERM.exit_code(), 143);
        assert!(Signal::TERM.terminates_by_default());
        assert!(!Signal::WINCH.terminates_by_default());
    }
}
