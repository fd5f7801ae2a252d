//! `COPY --chmod` values: an octal mode up to `07777`, or a symbolic mode as
//! chmod(1) writes them (`u+x`, `go=rx`, `a-w,u+s`), which BuildKit reads
//! with `tonistiigi/dchapes-mode` and a umask of zero.
//!
//! Errors carry BuildKit's text: a value that looks numeric but is not an
//! octal mode up to `07777` gives `invalid chmod parameter: '…'. it should be
//! octal string and between 0 and 07777`; a symbolic mode that does not
//! parse gives `invalid syntax`.

/// A parsed `--chmod` value.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ModeSpec {
    /// `0755`: the permission bits to set.
    Octal(u32),
    /// `u+x,go-w`: clauses applied in order.
    Symbolic(Vec<Clause>),
}

/// One clause of a symbolic mode: who, the operator and the permissions.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Clause {
    /// Bits of the classes named (`u` 0o4700, `g` 0o2070, `o` 0o1007); all
    /// three when none is named.
    who: u32,
    actions: Vec<(char, Perms)>,
}

/// The permissions after an operator.
#[derive(Clone, Debug, PartialEq, Eq)]
enum Perms {
    /// Letters from `rwxXst`.
    Letters(String),
    /// A class to copy from: `u`, `g` or `o`.
    Copy(char),
}

impl ModeSpec {
    /// Parses a `--chmod` value.
    pub fn parse(text: &str) -> Result<ModeSpec, String> {
        let octal_error = || {
            format!("invalid chmod parameter: '{text}'. it should be octal string and between 0 and 07777")
        };
        if text.starts_with(|c: char| c.is_ascii_digit()) {
            return match u32::from_str_radix(text, 8) {
                Ok(mode) if mode <= 0o7777 => Ok(ModeSpec::Octal(mode)),
                _ => Err(octal_error()),
            };
        }
        let clauses: Option<Vec<Clause>> = text.split(',').map(parse_clause).collect();
        clauses
            .filter(|clauses| !clauses.is_empty())
            .map(ModeSpec::Symbolic)
            .ok_or_else(|| "invalid syntax".to_string())
    }

    /// Returns the mode a file or directory gets from its `current` mode.
    pub fn apply(&self, current: u32, directory: bool) -> u32 {
        match self {
            ModeSpec::Octal(mode) => *mode,
            ModeSpec::Symbolic(clauses) => clauses.iter().fold(current & 0o7777, |mode, clause| {
                clause.apply(mode, directory)
            }),
        }
    }
}

fn parse_clause(text: &str) -> Option<Clause> {
    let split = text.find(['+', '-', '='])?;
    let (who_text, mut rest) = text.split_at(split);
    let mut who = 0;
    for class in who_text.chars() {
        who |= match class {
            'u' => 0o4700,
            'g' => 0o2070,
            'o' => 0o1007,
            'a' => 0o7777,
            _ => return None,
        };
    }
    if who == 0 {
        who = 0o7777;
    }
    let mut actions = Vec::new();
    while let Some(operator) = rest.chars().next().filter(|c| matches!(c, '+' | '-' | '=')) {
        rest = &rest[1..];
        let end = rest.find(['+', '-', '=']).unwrap_or(rest.len());
        let (perms, after) = rest.split_at(end);
        rest = after;
        let perms = match perms {
            "u" | "g" | "o" => Perms::Copy(perms.chars().next()?),
            letters if letters.chars().all(|c| "rwxXst".contains(c)) => {
                Perms::Letters(letters.to_string())
            }
            _ => return None,
        };
        actions.push((operator, perms));
    }
    (rest.is_empty() && !actions.is_empty()).then_some(Clause { who, actions })
}

impl Clause {
    fn apply(&self, mut mode: u32, directory: bool) -> u32 {
        for (operator, perms) in &self.actions {
            let bits = self.bits(perms, mode, directory);
            mode = match operator {
                '+' => mode | bits,
                '-' => mode & !bits,
                _ => (mode & !(self.who & 0o7777)) | bits,
            };
        }
        mode
    }

    /// Returns the mode bits `perms` stands for within this clause's classes.
    fn bits(&self, perms: &Perms, mode: u32, directory: bool) -> u32 {
        let mut rwx = 0;
        let mut special = 0;
        match perms {
            Perms::Copy(class) => {
                let shift = match class {
                    'u' => 6,
                    'g' => 3,
                    _ => 0,
                };
                rwx = (mode >> shift) & 0o7;
            }
            Perms::Letters(letters) => {
                for letter in letters.chars() {
                    match letter {
                        'r' => rwx |= 0o4,
                        'w' => rwx |= 0o2,
                        'x' => rwx |= 0o1,
                        'X' if directory || mode & 0o111 != 0 => rwx |= 0o1,
                        's' => special |= 0o6000,
                        't' => special |= 0o1000,
                        _ => {}
                    }
                }
            }
        }
        let spread = rwx * 0o111;
        (spread | special) & self.who
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `(value, current mode, directory, expected mode)`.
    #[test]
    fn modes_apply_like_chmod() {
        let cases = [
            ("0755", 0o644, false, 0o755),
            ("644", 0o777, true, 0o644),
            ("u+x", 0o644, false, 0o744),
            ("go-w", 0o666, false, 0o644),
            ("a=r", 0o755, false, 0o444),
            ("+x", 0o644, false, 0o755),
            ("u=rwx,go=rx", 0o600, false, 0o755),
            ("a+X", 0o644, true, 0o755),
            ("a+X", 0o644, false, 0o644),
            ("g=u", 0o740, false, 0o770),
            ("u+s", 0o755, false, 0o4755),
        ];
        for (value, current, directory, expected) in cases {
            let spec = ModeSpec::parse(value).unwrap_or_else(|error| panic!("{value}: {error}"));
            assert_eq!(
                spec.apply(current, directory),
                expected,
                "{value} on {current:o}"
            );
        }
    }

    #[test]
    fn bad_modes_give_buildkit_errors() {
        let cases = [
            ("08", "invalid chmod parameter: '08'. it should be octal string and between 0 and 07777"),
            ("17777", "invalid chmod parameter: '17777'. it should be octal string and between 0 and 07777"),
            ("u+q", "invalid syntax"),
            ("z=r", "invalid syntax"),
            ("u", "invalid syntax"),
        ];
        for (value, expected) in cases {
            assert_eq!(ModeSpec::parse(value), Err(expected.to_string()), "{value}");
        }
    }
}
