//! Colours in the terminal's output.
//!
//! Output may carry ANSI SGR sequences (`ESC [ 33 m`); they become styled
//! runs and every other escape sequence is dropped, so nothing unprintable
//! reaches the page. Lines that Docker prints in colour even when the text
//! reaches the page without escapes get the same colour: BuildKit's
//! "N warnings found" header is yellow (`printWarnings` in BuildKit's
//! `util/progress/progressui/printer.go` applies `aec.YellowF` to it).

/// A run of output text with the CSS classes of its style.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Span {
    pub text: String,
    /// Space-separated classes such as `ansi-yellow ansi-bold`; empty for
    /// plain text.
    pub classes: String,
}

/// The style SGR sequences have set so far.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
struct Style {
    /// Foreground colour index: 0–7 normal, 8–15 bright.
    colour: Option<u8>,
    bold: bool,
}

const COLOURS: [&str; 8] = [
    "black", "red", "green", "yellow", "blue", "magenta", "cyan", "white",
];

impl Style {
    fn classes(self) -> String {
        let mut classes = Vec::new();
        if let Some(colour) = self.colour {
            let name = COLOURS[usize::from(colour % 8)];
            classes.push(if colour >= 8 {
                format!("ansi-bright-{name}")
            } else {
                format!("ansi-{name}")
            });
        }
        if self.bold {
            classes.push("ansi-bold".to_string());
        }
        classes.join(" ")
    }

    /// Applies the parameters of one SGR sequence.
    fn apply(&mut self, parameters: &str) {
        let codes: Vec<u16> = if parameters.is_empty() {
            vec![0]
        } else {
            parameters
                .split(';')
                .map(|code| code.parse().unwrap_or(u16::MAX))
                .collect()
        };
        for code in codes {
            match code {
                0 => *self = Style::default(),
                1 => self.bold = true,
                22 => self.bold = false,
                30..=37 => self.colour = Some((code - 30) as u8),
                39 => self.colour = None,
                90..=97 => self.colour = Some((code - 90 + 8) as u8),
                _ => {}
            }
        }
    }
}

/// Splits output text into styled runs.
pub fn spans(text: &str) -> Vec<Span> {
    let mut spans = Vec::new();
    // A style carries over to the next line, as it does in a terminal.
    let mut style = Style::default();
    for line in text.split_inclusive('\n') {
        if is_warning_header(line) {
            push(
                &mut spans,
                line.to_string(),
                Style {
                    colour: Some(3),
                    bold: false,
                },
            );
        } else {
            escaped_spans(line, &mut style, &mut spans);
        }
    }
    spans
}

/// Returns whether the line is BuildKit's warning summary:
/// ` 1 warning found (use docker --debug to expand):`.
fn is_warning_header(line: &str) -> bool {
    let line = line.trim();
    let Some((count, rest)) = line.split_once(' ') else {
        return false;
    };
    !count.is_empty()
        && count.bytes().all(|byte| byte.is_ascii_digit())
        && (rest.starts_with("warning found") || rest.starts_with("warnings found"))
        && line.ends_with(':')
}

fn escaped_spans(line: &str, style: &mut Style, spans: &mut Vec<Span>) {
    let mut text = String::new();
    let mut rest = line;
    while let Some(index) = rest.find('\u{1b}') {
        text.push_str(&rest[..index]);
        let sequence = &rest[index + 1..];
        let (parameters, final_byte, length) = csi(sequence);
        if final_byte == Some('m') {
            push(spans, std::mem::take(&mut text), *style);
            style.apply(parameters);
        }
        rest = &sequence[length..];
    }
    text.push_str(rest);
    push(spans, text, *style);
}

/// Reads a CSI sequence after ESC: returns its parameters, its final
/// character and how many bytes it takes. A lone ESC takes nothing.
fn csi(sequence: &str) -> (&str, Option<char>, usize) {
    let Some(body) = sequence.strip_prefix('[') else {
        return ("", None, 0);
    };
    match body
        .char_indices()
        .find(|(_, character)| ('@'..='~').contains(character))
    {
        Some((index, character)) => (
            &body[..index],
            Some(character),
            1 + index + character.len_utf8(),
        ),
        None => ("", None, sequence.len()),
    }
}

fn push(spans: &mut Vec<Span>, text: String, style: Style) {
    if text.is_empty() {
        return;
    }
    let classes = style.classes();
    match spans.last_mut() {
        Some(last) if last.classes == classes => last.text.push_str(&text),
        _ => spans.push(Span { text, classes }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn styled(text: &str) -> Vec<(String, String)> {
        spans(text)
            .into_iter()
            .map(|span| (span.text, span.classes))
            .collect()
    }

    fn pair(text: &str, classes: &str) -> (String, String) {
        (text.to_string(), classes.to_string())
    }

    #[test]
    fn plain_text_is_one_span() {
        assert_eq!(styled("hello\nworld\n"), [pair("hello\nworld\n", "")]);
    }

    #[test]
    fn sgr_sets_and_resets_colour() {
        assert_eq!(
            styled("a\u{1b}[31mred\u{1b}[0mb"),
            [pair("a", ""), pair("red", "ansi-red"), pair("b", "")]
        );
        assert_eq!(
            styled("\u{1b}[1;93mhi\u{1b}[m"),
            [pair("hi", "ansi-bright-yellow ansi-bold")]
        );
    }

    #[test]
    fn style_carries_across_lines() {
        assert_eq!(
            styled("\u{1b}[32mone\ntwo\u{1b}[39m\n"),
            [pair("one\ntwo", "ansi-green"), pair("\n", "")]
        );
    }

    #[test]
    fn other_escapes_are_dropped() {
        assert_eq!(styled("a\u{1b}[2Kb\u{1b}[1Ac"), [pair("abc", "")]);
        assert_eq!(styled("lone \u{1b} escape"), [pair("lone  escape", "")]);
        assert_eq!(styled("cut \u{1b}[12"), [pair("cut ", "")]);
    }

    #[test]
    fn buildkit_warning_header_is_yellow() {
        let text = "#12 DONE 0.0s\n\n1 warning found (use docker --debug to expand):\n - JSONArgsRecommended: JSON arguments recommended\n";
        let spans = spans(text);
        let yellow: Vec<&str> = spans
            .iter()
            .filter(|span| span.classes == "ansi-yellow")
            .map(|span| span.text.as_str())
            .collect();
        assert_eq!(
            yellow,
            ["1 warning found (use docker --debug to expand):\n"]
        );
        assert_eq!(
            spans
                .iter()
                .map(|span| span.text.as_str())
                .collect::<String>(),
            text
        );
    }

    #[test]
    fn warning_header_needs_its_shape() {
        for line in [
            "2 warnings found:",
            "10 warnings found (use docker --debug to expand):",
            " 1 warning found (use docker --debug to expand):\n",
        ] {
            assert!(is_warning_header(line), "{line}");
        }
        for line in [
            "warnings found:",
            "a warning found:",
            "2 warnings found",
            "No warnings found:",
        ] {
            assert!(!is_warning_header(line), "{line}");
        }
    }

    #[test]
    fn unknown_codes_are_ignored() {
        assert_eq!(styled("\u{1b}[38;5;208mx"), [pair("x", "")]);
        assert_eq!(styled("\u{1b}[99999999999mx"), [pair("x", "")]);
    }
}
