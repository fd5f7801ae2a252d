//! `echo` and `printf`.
//!
//! dash's `echo` always interprets backslash escapes and accepts only `-n`;
//! bash's and BusyBox's interpret them only with `-e` and also take `-E`. So
//! `echo -e 'a\nb'` prints `-e a`, a newline and `b` under Debian's
//! `/bin/sh`, a classic surprise that the simulation keeps.

use crate::sh::ctx::Ctx;
use crate::sh::state::ShellKind;

pub(crate) fn echo(ctx: &mut Ctx) -> i32 {
    let args = ctx.args().to_vec();
    let dash = ctx.shell.kind() == ShellKind::Dash;
    let mut newline = true;
    let mut escapes = dash;
    let mut start = 0;
    for arg in &args {
        let Some(letters) = arg.strip_prefix('-') else {
            break;
        };
        let valid = !letters.is_empty()
            && match dash {
                true => letters == "n",
                false => letters.chars().all(|c| matches!(c, 'n' | 'e' | 'E')),
            };
        if !valid {
            break;
        }
        for letter in letters.chars() {
            match letter {
                'n' => newline = false,
                'e' => escapes = true,
                _ => escapes = false,
            }
        }
        start += 1;
    }
    let text = args[start..].join(" ");
    let (mut text, stopped) = match escapes {
        true => unescape(&text, Escapes::Echo),
        false => (text, false),
    };
    if newline && !stopped {
        text.push('\n');
    }
    ctx.out(text);
    0
}

/// The escape syntax that applies: `echo`'s octal is `\0NNN`, `printf`'s is `\NNN`.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum Escapes {
    Echo,
    Printf,
}

/// Interprets backslash escapes; also returns whether `\c` stopped the output.
pub(crate) fn unescape(text: &str, style: Escapes) -> (String, bool) {
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len());
    let mut index = 0;
    while index < chars.len() {
        let c = chars[index];
        index += 1;
        if c != '\\' || index >= chars.len() {
            out.push(c);
            continue;
        }
        let escaped = chars[index];
        index += 1;
        match escaped {
            'n' => out.push('\n'),
            't' => out.push('\t'),
            'r' => out.push('\r'),
            'a' => out.push('\u{7}'),
            'b' => out.push('\u{8}'),
            'f' => out.push('\u{c}'),
            'v' => out.push('\u{b}'),
            'e' => out.push('\u{1b}'),
            '\\' => out.push('\\'),
            'c' => return (out, true),
            '0'..='7' if style == Escapes::Printf || escaped == '0' => {
                let mut value = 0u32;
                let mut digits = 0;
                if style == Escapes::Printf {
                    value = escaped.to_digit(8).unwrap_or(0);
                    digits = 1;
                }
                while digits < 3 && index < chars.len() && chars[index].is_digit(8) {
                    value = value * 8 + chars[index].to_digit(8).unwrap_or(0);
                    index += 1;
                    digits += 1;
                }
                out.extend(char::from_u32(value & 0xff));
            }
            'x' => {
                let mut value = 0u32;
                let mut digits = 0;
                while digits < 2 && index < chars.len() && chars[index].is_ascii_hexdigit() {
                    value = value * 16 + chars[index].to_digit(16).unwrap_or(0);
                    index += 1;
                    digits += 1;
                }
                if digits == 0 {
                    out.push_str("\\x");
                } else {
                    out.extend(char::from_u32(value));
                }
            }
            other => {
                out.push('\\');
                out.push(other);
            }
        }
    }
    (out, false)
}

pub(crate) fn printf(ctx: &mut Ctx) -> i32 {
    let args = ctx.args().to_vec();
    let Some(format) = args.first() else {
        let message = match ctx.shell.kind() {
            ShellKind::Bash => "printf: usage: printf [-v var] format [arguments]",
            _ => "printf: usage: printf format [arg ...]",
        };
        ctx.errln(message);
        return 2;
    };
    let mut arguments = args[1..].iter();
    let mut status = 0;
    let mut text = String::new();
    loop {
        let consumed_before = arguments.len();
        let stopped = format_once(format, &mut arguments, &mut text, &mut status);
        if stopped || arguments.len() == 0 || arguments.len() == consumed_before {
            break;
        }
    }
    ctx.out(text);
    for message in std::mem::take(&mut invalid_numbers(&args[1..], format)) {
        ctx.error(message);
    }
    status
}

/// Returns the messages for arguments that a numeric conversion could not read.
fn invalid_numbers(arguments: &[String], format: &str) -> Vec<String> {
    let numeric = conversions(format)
        .iter()
        .map(|c| matches!(c, 'd' | 'i' | 'u' | 'x' | 'X' | 'o' | 'f' | 'e' | 'g'))
        .collect::<Vec<_>>();
    if numeric.is_empty() {
        return Vec::new();
    }
    arguments
        .iter()
        .enumerate()
        .filter(|(index, _)| numeric[index % numeric.len()])
        .filter(|(_, argument)| parse_number(argument).is_none())
        .map(|(_, argument)| format!("{argument}: invalid number"))
        .collect()
}

fn conversions(format: &str) -> Vec<char> {
    let mut found = Vec::new();
    let mut chars = format.chars().peekable();
    while let Some(c) = chars.next() {
        if c != '%' {
            continue;
        }
        if chars.peek() == Some(&'%') {
            chars.next();
            continue;
        }
        for c in chars.by_ref() {
            if c.is_ascii_alphabetic() {
                found.push(c);
                break;
            }
        }
    }
    found
}

fn parse_number(text: &str) -> Option<f64> {
    let text = text.trim();
    if text.is_empty() {
        return Some(0.0);
    }
    if let Some(c) = text.strip_prefix(['\'', '"']) {
        return Some(c.chars().next().map_or(0.0, |c| f64::from(c as u32)));
    }
    if let Some(hex) = text.strip_prefix("0x").or_else(|| text.strip_prefix("0X")) {
        return i64::from_str_radix(hex, 16).ok().map(|n| n as f64);
    }
    text.parse().ok()
}

/// Formats `format` once, taking arguments as conversions need them;
/// returns whether `\c` stopped the output.
fn format_once(
    format: &str,
    arguments: &mut std::slice::Iter<String>,
    out: &mut String,
    status: &mut i32,
) -> bool {
    let chars: Vec<char> = format.chars().collect();
    let mut index = 0;
    while index < chars.len() {
        match chars[index] {
            '\\' => {
                let end = (index + 4).min(chars.len());
                let escape: String = chars[index..end].iter().collect();
                let length = escape_length(&chars[index..]);
                let (text, stopped) = unescape(
                    &escape[..escape
                        .char_indices()
                        .nth(length)
                        .map_or(escape.len(), |(i, _)| i)],
                    Escapes::Printf,
                );
                out.push_str(&text);
                if stopped {
                    return true;
                }
                index += length;
            }
            '%' if chars.get(index + 1) == Some(&'%') => {
                out.push('%');
                index += 2;
            }
            '%' => {
                let start = index;
                index += 1;
                while index < chars.len() && "-+ #0123456789.*".contains(chars[index]) {
                    index += 1;
                }
                let Some(&conversion) = chars.get(index) else {
                    out.extend(&chars[start..]);
                    break;
                };
                index += 1;
                let spec: String = chars[start + 1..index - 1].iter().collect();
                if convert(&spec, conversion, arguments, out, status) {
                    return true;
                }
            }
            c => {
                out.push(c);
                index += 1;
            }
        }
    }
    false
}

/// Returns how many characters the escape at the start of `chars` spans.
fn escape_length(chars: &[char]) -> usize {
    match chars.get(1) {
        Some('0'..='7') => {
            1 + chars[1..]
                .iter()
                .take(3)
                .take_while(|c| c.is_digit(8))
                .count()
        }
        Some('x') => {
            2 + chars[2..]
                .iter()
                .take(2)
                .take_while(|c| c.is_ascii_hexdigit())
                .count()
        }
        Some(_) => 2,
        None => 1,
    }
}

/// Formats one conversion; returns whether a `%b` argument's `\c` stopped output.
fn convert(
    spec: &str,
    conversion: char,
    arguments: &mut std::slice::Iter<String>,
    out: &mut String,
    status: &mut i32,
) -> bool {
    let (flags, width, precision) = parse_spec(spec, arguments);
    let argument = arguments.next().map(String::as_str).unwrap_or("");
    let mut stopped = false;
    let body = match conversion {
        's' => truncate(argument, precision),
        'b' => {
            let (text, stop) = unescape(argument, Escapes::Echo);
            stopped = stop;
            truncate(&text, precision)
        }
        'c' => argument
            .chars()
            .next()
            .map(String::from)
            .unwrap_or_default(),
        'd' | 'i' | 'u' | 'x' | 'X' | 'o' => {
            let number = parse_number(argument).unwrap_or_else(|| {
                *status = 1;
                0.0
            }) as i64;
            let digits = match conversion {
                'x' => format!("{:x}", number),
                'X' => format!("{:X}", number),
                'o' => format!("{:o}", number),
                _ => number.abs().to_string(),
            };
            let digits = match precision {
                Some(precision) if digits.len() < precision => format!("{digits:0>precision$}"),
                _ => digits,
            };
            let sign = if number < 0 && matches!(conversion, 'd' | 'i') {
                "-"
            } else if flags.contains('+') {
                "+"
            } else if flags.contains(' ') {
                " "
            } else {
                ""
            };
            return pad_number(out, sign, &digits, &flags, width) || stopped;
        }
        'f' | 'e' | 'g' | 'E' | 'G' | 'F' => {
            let number = parse_number(argument).unwrap_or_else(|| {
                *status = 1;
                0.0
            });
            let precision = precision.unwrap_or(6);
            let text = match conversion {
                'e' | 'E' => c_exponent(&format!("{number:.precision$e}")),
                _ => format!("{number:.precision$}"),
            };
            let (sign, digits) = match text.strip_prefix('-') {
                Some(rest) => ("-", rest.to_string()),
                None => ("", text),
            };
            return pad_number(out, sign, &digits, &flags, width) || stopped;
        }
        other => format!("%{spec}{other}"),
    };
    pad(out, &body, &flags, width);
    stopped
}

/// Rewrites Rust's `1.5e3` as C's `1.5e+03`.
fn c_exponent(text: &str) -> String {
    let Some((mantissa, exponent)) = text.split_once('e') else {
        return text.to_string();
    };
    let (sign, digits) = match exponent.strip_prefix('-') {
        Some(digits) => ('-', digits),
        None => ('+', exponent),
    };
    format!("{mantissa}e{sign}{digits:0>2}")
}

fn parse_spec(
    spec: &str,
    arguments: &mut std::slice::Iter<String>,
) -> (String, usize, Option<usize>) {
    let flags: String = spec.chars().take_while(|c| "-+ #0".contains(*c)).collect();
    let rest = &spec[flags.len()..];
    let (width_text, precision_text) = match rest.split_once('.') {
        Some((width, precision)) => (width, Some(precision)),
        None => (rest, None),
    };
    let mut number = |text: &str| -> usize {
        if text == "*" {
            arguments.next().and_then(|a| a.parse().ok()).unwrap_or(0)
        } else {
            text.parse().unwrap_or(0)
        }
    };
    let width = number(width_text);
    let precision = precision_text.map(&mut number);
    (flags, width, precision)
}

fn truncate(text: &str, precision: Option<usize>) -> String {
    match precision {
        Some(precision) => text.chars().take(precision).collect(),
        None => text.to_string(),
    }
}

fn pad(out: &mut String, body: &str, flags: &str, width: usize) {
    let length = body.chars().count();
    let fill = width.saturating_sub(length);
    if flags.contains('-') {
        out.push_str(body);
        out.extend(std::iter::repeat_n(' ', fill));
    } else {
        out.extend(std::iter::repeat_n(' ', fill));
        out.push_str(body);
    }
}

fn pad_number(out: &mut String, sign: &str, digits: &str, flags: &str, width: usize) -> bool {
    let length = sign.len() + digits.len();
    let fill = width.saturating_sub(length);
    if flags.contains('-') {
        out.push_str(sign);
        out.push_str(digits);
        out.extend(std::iter::repeat_n(' ', fill));
    } else if flags.contains('0') {
        out.push_str(sign);
        out.extend(std::iter::repeat_n('0', fill));
        out.push_str(digits);
    } else {
        out.extend(std::iter::repeat_n(' ', fill));
        out.push_str(sign);
        out.push_str(digits);
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    fn format(format: &str, args: &[&str]) -> String {
        let args: Vec<String> = args.iter().map(|a| a.to_string()).collect();
        let mut arguments = args.iter();
        let mut out = String::new();
        let mut status = 0;
        loop {
            let before = arguments.len();
            if format_once(format, &mut arguments, &mut out, &mut status)
                || arguments.len() == 0
                || arguments.len() == before
            {
                break;
            }
        }
        out
    }

    #[test]
    fn printf_table() {
        let cases: &[(&str, &[&str], &str)] = &[
            ("%s\\n", &["a", "b"], "a\nb\n"),
            ("%5s|%-5s|\\n", &["ab", "cd"], "   ab|cd   |\n"),
            (
                "%d %i %05d %x %o\\n",
                &["42", "-7", "42", "255", "8"],
                "42 -7 00042 ff 10\n",
            ),
            ("%.2f %e\\n", &["3.14159", "1500"], "3.14 1.500000e+03\n"),
            ("%c%c\\n", &["hello", "world"], "hw\n"),
            ("%b\\n", &["a\\tb"], "a\tb\n"),
            ("100%%\\n", &[], "100%\n"),
            ("%s %s\\n", &["only"], "only \n"),
            ("\\101\\x42\\n", &[], "AB\n"),
            ("%.3s\\n", &["abcdef"], "abc\n"),
        ];
        for (fmt, args, expected) in cases {
            assert_eq!(format(fmt, args), *expected, "{fmt} {args:?}");
        }
    }

    #[test]
    fn unescape_table() {
        let cases = [
            ("a\\nb", Escapes::Echo, "a\nb", false),
            ("a\\cb", Escapes::Echo, "a", true),
            ("\\0101", Escapes::Echo, "A", false),
            ("\\101", Escapes::Printf, "A", false),
            ("\\q", Escapes::Echo, "\\q", false),
        ];
        for (text, style, expected, stopped) in cases {
            assert_eq!(
                unescape(text, style),
                (expected.to_string(), stopped),
                "{text}"
            );
        }
    }
}
