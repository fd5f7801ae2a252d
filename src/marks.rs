//! Splits the editor's text into runs that share one highlight class and one
//! diagnostic mark, for the layer drawn under the text area.

use std::ops::Range;

use dockerfile::highlight::{Token, TokenClass};
use dockerfile::{Diagnostic, Severity};
use shared_sort::SharedSort;

/// A run of text with its highlight and diagnostic.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Run {
    pub range: Range<usize>,
    pub class: Option<TokenClass>,
    /// The most severe diagnostic covering the run.
    pub mark: Option<Severity>,
}

/// Returns the CSS class of a token class.
pub fn class_name(class: TokenClass) -> &'static str {
    match class {
        TokenClass::Keyword => "tok-keyword",
        TokenClass::Flag => "tok-flag",
        TokenClass::Comment => "tok-comment",
        TokenClass::Directive => "tok-directive",
        TokenClass::String => "tok-string",
        TokenClass::Variable => "tok-variable",
        TokenClass::HeredocBody => "tok-heredoc",
        TokenClass::HeredocDelimiter => "tok-heredoc-delimiter",
        TokenClass::JsonPunctuation => "tok-punctuation",
        TokenClass::Operator => "tok-operator",
        TokenClass::Plain => "tok-plain",
    }
}

/// Splits `text` at every token and diagnostic boundary. Runs cover the whole
/// text in order; an empty diagnostic span marks the character after it (or
/// before it at the end of the text) so that it stays visible.
pub fn runs(text: &str, tokens: &[Token], diagnostics: &[Diagnostic]) -> Vec<Run> {
    let marks: Vec<(Range<usize>, Severity)> = diagnostics
        .iter()
        .map(|diagnostic| (visible_span(text, &diagnostic.span), diagnostic.severity))
        .collect();

    let mut cuts: Vec<usize> = vec![0, text.len()];
    for token in tokens {
        cuts.push(token.span.start.min(text.len()));
        cuts.push(token.span.end.min(text.len()));
    }
    for (span, _) in &marks {
        cuts.push(span.start);
        cuts.push(span.end);
    }
    cuts.retain(|cut| text.is_char_boundary(*cut));
    cuts.shared_sort();
    cuts.dedup();

    let mut runs = Vec::new();
    let mut token_index = 0;
    for window in cuts.windows(2) {
        let range = window[0]..window[1];
        if range.is_empty() {
            continue;
        }
        while token_index < tokens.len() && tokens[token_index].span.end <= range.start {
            token_index += 1;
        }
        let class = tokens
            .get(token_index)
            .filter(|token| token.span.start <= range.start && range.end <= token.span.end)
            .map(|token| token.class);
        let mark = marks
            .iter()
            .filter(|(span, _)| span.start <= range.start && range.end <= span.end)
            .map(|(_, severity)| *severity)
            .min_by_key(|severity| match severity {
                Severity::Error => 0,
                Severity::Warning => 1,
            });
        runs.push(Run { range, class, mark });
    }
    runs
}

/// Widens an empty span to one character so a mark can be drawn.
fn visible_span(text: &str, span: &Range<usize>) -> Range<usize> {
    let start = span.start.min(text.len());
    let end = span.end.min(text.len()).max(start);
    if end > start {
        return start..end;
    }
    match text[start..].chars().next() {
        Some(next) if next != '\n' => start..start + next.len_utf8(),
        _ => match text[..start].chars().next_back() {
            Some(previous) if previous != '\n' => start - previous.len_utf8()..start,
            _ => start..start,
        },
    }
}

/// Returns the byte offset of 0-based `line` and UTF-16 `column` in `text`,
/// clamped to the line's end, for mapping a mouse position to the text.
pub fn offset_at(text: &str, line: usize, column: usize) -> usize {
    let mut start = 0;
    for _ in 0..line {
        match text[start..].find('\n') {
            Some(index) => start += index + 1,
            None => return text.len(),
        }
    }
    let end = text[start..]
        .find('\n')
        .map(|index| start + index)
        .unwrap_or(text.len());
    let mut units = 0;
    for (offset, character) in text[start..end].char_indices() {
        if units >= column {
            return start + offset;
        }
        units += character.len_utf16();
    }
    end
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn runs_cover_text_in_order() {
        let text = "FROM alpine\nRUN echo $HOME\n";
        let tokens = dockerfile::highlight::tokens(text);
        let runs = runs(text, &tokens, &[]);
        let joined: String = runs.iter().map(|run| &text[run.range.clone()]).collect();
        assert_eq!(joined, text);
        assert_eq!(runs[0].class, Some(TokenClass::Keyword));
        assert!(runs
            .iter()
            .any(|run| run.class == Some(TokenClass::Variable)));
    }

    #[test]
    fn error_outranks_warning() {
        let text = "abcdef";
        let diagnostics = vec![
            Diagnostic::warning("W", 0..6, "w"),
            Diagnostic::error("E", 2..4, "e"),
        ];
        let runs = runs(text, &[], &diagnostics);
        let marks: Vec<_> = runs
            .iter()
            .map(|run| (run.range.clone(), run.mark))
            .collect();
        assert_eq!(
            marks,
            [
                (0..2, Some(Severity::Warning)),
                (2..4, Some(Severity::Error)),
                (4..6, Some(Severity::Warning))
            ]
        );
    }

    #[test]
    fn empty_span_marks_next_character() {
        assert_eq!(visible_span("ab\n", &(1..1)), 1..2);
        assert_eq!(visible_span("ab\n", &(2..2)), 1..2);
        assert_eq!(visible_span("", &(0..0)), 0..0);
    }

    #[test]
    fn offset_at_maps_line_and_column() {
        let text = "FROM a\nRUN b\n";
        assert_eq!(offset_at(text, 1, 2), 9);
        assert_eq!(offset_at(text, 1, 99), 12);
        assert_eq!(offset_at(text, 9, 0), text.len());
    }
}
