//! Package arguments as each manager's command line spells them:
//! `curl=7.88.1-10+deb12u12` (apt), `curl=8.14.1-r1` (apk),
//! `Flask[async]==3.1.1` or `requests>=2` (pip), `express@4.21.2` or
//! `@types/node@22` (npm).

use super::Manager;

/// A requested package: its name and a pinned version if one was given.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Requirement {
    /// The package name, without extras or version.
    pub name: String,
    /// The exact version asked for (`==` for pip, `=` for apt and apk, `@`
    /// for npm); ranges such as `>=2` pin nothing.
    pub version: Option<String>,
}

impl Requirement {
    /// Parses one command-line argument for `manager`.
    pub fn parse(manager: Manager, argument: &str) -> Requirement {
        let argument = argument.trim();
        match manager {
            Manager::Apt | Manager::Apk => split_pinned(argument, "="),
            Manager::Pip => parse_pip(argument),
            Manager::Npm => parse_npm(argument),
        }
    }
}

/// Checks a package name against its manager's naming rules:
///
/// - apt, after Debian policy: lowercase letters, digits, `+`, `-` and `.`,
///   at least two characters, starting with a letter or digit;
/// - apk: letters, digits, `+`, `-`, `.` and `_`;
/// - pip, after PEP 508: letters, digits, `-`, `_` and `.`, starting and
///   ending with a letter or digit;
/// - npm: lowercase, at most 214 characters, with an optional `@scope/`.
///
/// Names that pass cannot escape the directories installs write to.
pub fn is_valid_name(manager: Manager, name: &str) -> bool {
    let alphanumeric = |c: char| c.is_ascii_lowercase() || c.is_ascii_digit();
    match manager {
        Manager::Apt => {
            name.len() >= 2
                && name.starts_with(alphanumeric)
                && name
                    .chars()
                    .all(|c| alphanumeric(c) || matches!(c, '+' | '-' | '.'))
        }
        Manager::Apk => {
            name.starts_with(|c: char| c.is_ascii_alphanumeric())
                && name
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.' | '_'))
        }
        Manager::Pip => {
            name.starts_with(|c: char| c.is_ascii_alphanumeric())
                && name.ends_with(|c: char| c.is_ascii_alphanumeric())
                && name
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'))
        }
        Manager::Npm => {
            let bare = match name
                .strip_prefix('@')
                .and_then(|scoped| scoped.split_once('/'))
            {
                Some((scope, bare)) if valid_npm_part(scope) => bare,
                Some(_) => return false,
                None => name,
            };
            name.len() <= 214 && valid_npm_part(bare)
        }
    }
}

fn valid_npm_part(part: &str) -> bool {
    !part.is_empty()
        && !part.starts_with(['.', '_'])
        && part.chars().all(|c| {
            c.is_ascii_lowercase() || c.is_ascii_digit() || matches!(c, '-' | '.' | '_' | '~')
        })
}

fn split_pinned(argument: &str, separator: &str) -> Requirement {
    match argument.split_once(separator) {
        Some((name, version)) if !version.is_empty() => Requirement {
            name: name.to_string(),
            version: Some(version.to_string()),
        },
        _ => Requirement {
            name: argument.trim_end_matches(separator).to_string(),
            version: None,
        },
    }
}

fn parse_pip(argument: &str) -> Requirement {
    let argument = argument.split(';').next().unwrap_or(argument).trim();
    let name_end = argument
        .find(|c: char| !(c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.')))
        .unwrap_or(argument.len());
    let name = argument[..name_end].to_string();
    let rest = &argument[name_end..];
    let rest = match rest.strip_prefix('[') {
        Some(extras) => extras.split_once(']').map_or("", |(_, after)| after),
        None => rest,
    };
    let version = rest
        .trim()
        .strip_prefix("==")
        .map(|v| v.trim().to_string())
        .filter(|v| !v.contains('*'));
    Requirement { name, version }
}

fn parse_npm(argument: &str) -> Requirement {
    let (scope, rest) = match argument.strip_prefix('@') {
        Some(rest) => ("@", rest),
        None => ("", argument),
    };
    match rest.split_once('@') {
        Some((name, version)) => Requirement {
            name: format!("{scope}{name}"),
            version: Some(version.to_string())
                .filter(|v| v.chars().next().is_some_and(|c| c.is_ascii_digit())),
        },
        None => Requirement {
            name: argument.to_string(),
            version: None,
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn name_rules_table() {
        let cases = [
            (Manager::Apt, "curl", true),
            (Manager::Apt, "libstdc++6", true),
            (Manager::Apt, "g++", true),
            (Manager::Apt, "Curl", false),
            (Manager::Apt, "../etc", false),
            (Manager::Apt, "a", false),
            (Manager::Apk, "py3-pip", true),
            (Manager::Apk, "a/b", false),
            (Manager::Pip, "Flask", true),
            (Manager::Pip, "zope.interface", true),
            (Manager::Pip, "-x", false),
            (Manager::Pip, "a/../b", false),
            (Manager::Npm, "express", true),
            (Manager::Npm, "@types/node", true),
            (Manager::Npm, "socket.io", true),
            (Manager::Npm, "Express", false),
            (Manager::Npm, "../x", false),
            (Manager::Npm, "@types/../x", false),
            (Manager::Npm, ".hidden", false),
            (Manager::Npm, "", false),
        ];
        for (manager, name, valid) in cases {
            assert_eq!(is_valid_name(manager, name), valid, "{manager} {name:?}");
        }
    }

    #[test]
    fn requirement_table() {
        let cases: &[(Manager, &str, &str, Option<&str>)] = &[
            (Manager::Apt, "curl", "curl", None),
            (
                Manager::Apt,
                "curl=7.88.1-10+deb12u12",
                "curl",
                Some("7.88.1-10+deb12u12"),
            ),
            (Manager::Apk, "curl=8.14.1-r1", "curl", Some("8.14.1-r1")),
            (Manager::Pip, "Flask==3.1.1", "Flask", Some("3.1.1")),
            (Manager::Pip, "requests>=2.31", "requests", None),
            (
                Manager::Pip,
                "uvicorn[standard]==0.34.3",
                "uvicorn",
                Some("0.34.3"),
            ),
            (Manager::Pip, "django~=5.2", "django", None),
            (Manager::Pip, "numpy==2.*", "numpy", None),
            (
                Manager::Pip,
                "pywin32; sys_platform == 'win32'",
                "pywin32",
                None,
            ),
            (Manager::Npm, "express", "express", None),
            (Manager::Npm, "express@4.21.2", "express", Some("4.21.2")),
            (Manager::Npm, "react@latest", "react", None),
            (
                Manager::Npm,
                "@types/node@22.15.0",
                "@types/node",
                Some("22.15.0"),
            ),
            (Manager::Npm, "@types/node", "@types/node", None),
        ];
        for (manager, argument, name, version) in cases {
            let requirement = Requirement::parse(*manager, argument);
            assert_eq!(requirement.name, *name, "{argument}");
            assert_eq!(requirement.version.as_deref(), *version, "{argument}");
        }
    }
}
