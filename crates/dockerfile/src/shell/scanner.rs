//! Character-by-character reading of a word, as Go's `text/scanner` does it for
//! BuildKit's lexer.

/// A cursor over the characters of one word.
///
/// Like `text/scanner`, it drops a byte order mark (U+FEFF) that starts the text, and
/// only that one.
#[derive(Debug)]
pub(crate) struct Scanner {
    chars: Vec<char>,
    position: usize,
}

impl Scanner {
    pub(crate) fn new(text: &str) -> Self {
        let chars: Vec<char> = text.chars().collect();
        let position = usize::from(chars.first() == Some(&'\u{feff}'));
        Self { chars, position }
    }

    /// Returns the next character without consuming it, or `None` at the end.
    pub(crate) fn peek(&self) -> Option<char> {
        self.chars.get(self.position).copied()
    }

    /// Consumes and returns the next character, or returns `None` at the end.
    pub(crate) fn next(&mut self) -> Option<char> {
        let c = self.peek()?;
        self.position += 1;
        Some(c)
    }

    /// Returns whether every character has been consumed.
    pub(crate) fn at_end(&self) -> bool {
        self.position >= self.chars.len()
    }
}

/// Returns `c` as text, or U+FFFD for the end of the word, as Go's `string(rune)` turns
/// the scanner's EOF value (-1) into the replacement character.
pub(crate) fn char_or_replacement(c: Option<char>) -> char {
    c.unwrap_or('\u{fffd}')
}
