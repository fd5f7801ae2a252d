//! Command-line options as `getopt_long` reads them: clustered short flags
//! (`-rf`), short options with a value (`-m 755`, `-m755`), long options
//! (`--parents`, `--mode=755`, `--mode 755`), `--` to end options, and
//! operands anywhere (GNU's permutation).

use crate::sh::ctx::{Ctx, Flavor};

/// The options a program accepts.
#[derive(Clone, Copy, Debug, Default)]
pub(crate) struct Spec {
    /// Short options without a value.
    pub flags: &'static str,
    /// Short options that take a value.
    pub valued: &'static str,
    /// Long options without a value, each paired with its short letter or `'\0'`.
    pub long_flags: &'static [(&'static str, char)],
    /// Long options that take a value, each paired with its short letter or `'\0'`.
    pub long_valued: &'static [(&'static str, char)],
}

/// One option found.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Opt {
    /// A short flag, or the short letter of a long one.
    Flag(char),
    /// A long flag without a short letter.
    Long(&'static str),
    /// An option with its value: the short letter (or `'\0'`) and the long name (or "").
    Value(char, &'static str, String),
}

/// The options and operands of a command line.
#[derive(Clone, Debug, Default)]
pub(crate) struct Parsed {
    pub opts: Vec<Opt>,
    pub operands: Vec<String>,
}

impl Parsed {
    /// Returns whether the short flag (or its long form) was given.
    pub fn has(&self, flag: char) -> bool {
        self.opts
            .iter()
            .any(|opt| matches!(opt, Opt::Flag(c) if *c == flag))
    }

    /// Returns whether the long flag without a short letter was given.
    pub fn has_long(&self, name: &str) -> bool {
        self.opts
            .iter()
            .any(|opt| matches!(opt, Opt::Long(n) if *n == name))
    }

    /// Returns the last value of the option with this short letter or long name.
    pub fn value(&self, short: char, long: &str) -> Option<&str> {
        self.opts.iter().rev().find_map(|opt| match opt {
            Opt::Value(s, l, value)
                if (short != '\0' && *s == short) || (!long.is_empty() && *l == long) =>
            {
                Some(value.as_str())
            }
            _ => None,
        })
    }

    /// Returns every value of the option, in order.
    pub fn values(&self, short: char, long: &str) -> Vec<&str> {
        self.opts
            .iter()
            .filter_map(|opt| match opt {
                Opt::Value(s, l, value)
                    if (short != '\0' && *s == short) || (!long.is_empty() && *l == long) =>
                {
                    Some(value.as_str())
                }
                _ => None,
            })
            .collect()
    }
}

/// The reason a command line was rejected.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum OptError {
    Unknown(String),
    MissingValue(String),
}

/// Parses `args` (without the program name) against `spec`.
pub(crate) fn parse(args: &[String], spec: &Spec) -> Result<Parsed, OptError> {
    let mut parsed = Parsed::default();
    let mut index = 0;
    while index < args.len() {
        let arg = &args[index];
        index += 1;
        if arg == "--" {
            parsed.operands.extend(args[index..].iter().cloned());
            break;
        }
        if let Some(long) = arg.strip_prefix("--") {
            index = parse_long(long, args, index, spec, &mut parsed)?;
            continue;
        }
        match arg.strip_prefix('-') {
            Some(cluster) if !cluster.is_empty() => {
                index = parse_cluster(cluster, args, index, spec, &mut parsed)?;
            }
            _ => parsed.operands.push(arg.clone()),
        }
    }
    Ok(parsed)
}

fn parse_long(
    long: &str,
    args: &[String],
    mut index: usize,
    spec: &Spec,
    parsed: &mut Parsed,
) -> Result<usize, OptError> {
    let (name, inline) = match long.split_once('=') {
        Some((name, value)) => (name, Some(value.to_string())),
        None => (long, None),
    };
    if let Some((full, short)) = spec.long_flags.iter().find(|(n, _)| *n == name) {
        parsed.opts.push(match short {
            '\0' => Opt::Long(full),
            c => Opt::Flag(*c),
        });
        return Ok(index);
    }
    let Some((full, short)) = spec.long_valued.iter().find(|(n, _)| *n == name) else {
        return Err(OptError::Unknown(format!("--{long}")));
    };
    let value = match inline {
        Some(value) => value,
        None => {
            let value = args
                .get(index)
                .cloned()
                .ok_or_else(|| OptError::MissingValue(format!("--{name}")))?;
            index += 1;
            value
        }
    };
    parsed.opts.push(Opt::Value(*short, full, value));
    Ok(index)
}

fn parse_cluster(
    cluster: &str,
    args: &[String],
    mut index: usize,
    spec: &Spec,
    parsed: &mut Parsed,
) -> Result<usize, OptError> {
    for (position, c) in cluster.char_indices() {
        if spec.flags.contains(c) {
            parsed.opts.push(Opt::Flag(c));
            continue;
        }
        if !spec.valued.contains(c) {
            return Err(OptError::Unknown(c.to_string()));
        }
        let rest = &cluster[position + c.len_utf8()..];
        let value = if !rest.is_empty() {
            rest.to_string()
        } else {
            let value = args
                .get(index)
                .cloned()
                .ok_or_else(|| OptError::MissingValue(c.to_string()))?;
            index += 1;
            value
        };
        let long = spec
            .long_valued
            .iter()
            .find(|(_, short)| *short == c)
            .map_or("", |(name, _)| name);
        parsed.opts.push(Opt::Value(c, long, value));
        return Ok(index);
    }
    Ok(index)
}

/// Parses the program's arguments; on error prints the tool's usage error
/// and returns the status to exit with.
pub(crate) fn parse_or_usage(ctx: &mut Ctx, spec: &Spec, status: i32) -> Result<Parsed, i32> {
    let args = ctx.args().to_vec();
    parse(&args, spec).map_err(|error| {
        report(ctx, &error);
        status
    })
}

/// Prints an option error as GNU tools or BusyBox print it.
pub(crate) fn report(ctx: &mut Ctx, error: &OptError) {
    let name = ctx.name().to_string();
    let message = match (ctx.flavor, error) {
        (Flavor::Gnu, OptError::Unknown(option)) if option.starts_with("--") => {
            format!("{name}: unrecognized option '{option}'\nTry '{name} --help' for more information.\n")
        }
        (Flavor::Gnu, OptError::Unknown(option)) => {
            format!(
                "{name}: invalid option -- '{option}'\nTry '{name} --help' for more information.\n"
            )
        }
        (Flavor::Gnu, OptError::MissingValue(option)) if option.starts_with("--") => {
            format!("{name}: option '{option}' requires an argument\nTry '{name} --help' for more information.\n")
        }
        (Flavor::Gnu, OptError::MissingValue(option)) => {
            format!("{name}: option requires an argument -- '{option}'\nTry '{name} --help' for more information.\n")
        }
        (Flavor::Busybox, OptError::Unknown(option)) => {
            let option = option.trim_start_matches('-');
            format!(
                "{name}: unrecognized option: {option}\n{}",
                busybox_usage(&name)
            )
        }
        (Flavor::Busybox, OptError::MissingValue(option)) => {
            let option = option.trim_start_matches('-');
            format!(
                "{name}: option requires an argument: {option}\n{}",
                busybox_usage(&name)
            )
        }
    };
    ctx.err(message);
}

/// Prints the error for a missing operand, as GNU tools and BusyBox do.
pub(crate) fn missing_operand(ctx: &mut Ctx) -> i32 {
    let name = ctx.name().to_string();
    let message = match ctx.flavor {
        Flavor::Gnu => {
            format!("{name}: missing operand\nTry '{name} --help' for more information.\n")
        }
        Flavor::Busybox => busybox_usage(&name),
    };
    ctx.err(message);
    1
}

/// Returns the start of the usage text BusyBox prints after a usage error.
// FIXME: BusyBox prints its build date and each applet's own usage lines;
// this prints the version and a generic usage line.
fn busybox_usage(name: &str) -> String {
    format!("BusyBox v1.37.0 multi-call binary.\n\nUsage: {name} [OPTIONS] [ARGS]...\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    const SPEC: Spec = Spec {
        flags: "rfpv",
        valued: "m",
        long_flags: &[("parents", 'p'), ("recursive", 'r'), ("no-cache", '\0')],
        long_valued: &[("mode", 'm')],
    };

    fn strings(args: &[&str]) -> Vec<String> {
        args.iter().map(|arg| arg.to_string()).collect()
    }

    #[test]
    fn parse_table() {
        let parsed = parse(
            &strings(&["-rf", "a", "--mode=755", "-m644", "b", "--", "-x"]),
            &SPEC,
        )
        .unwrap();
        assert!(parsed.has('r'));
        assert!(parsed.has('f'));
        assert_eq!(parsed.value('m', "mode"), Some("644"));
        assert_eq!(parsed.values('m', "mode"), ["755", "644"]);
        assert_eq!(parsed.operands, ["a", "b", "-x"]);

        let parsed = parse(
            &strings(&["--parents", "--no-cache", "-m", "700", "-"]),
            &SPEC,
        )
        .unwrap();
        assert!(parsed.has('p'));
        assert!(parsed.has_long("no-cache"));
        assert_eq!(parsed.value('m', ""), Some("700"));
        assert_eq!(parsed.operands, ["-"]);

        assert_eq!(
            parse(&strings(&["-z"]), &SPEC).unwrap_err(),
            OptError::Unknown("z".into())
        );
        assert_eq!(
            parse(&strings(&["--nope"]), &SPEC).unwrap_err(),
            OptError::Unknown("--nope".into())
        );
        assert_eq!(
            parse(&strings(&["-m"]), &SPEC).unwrap_err(),
            OptError::MissingValue("m".into())
        );
    }
}
