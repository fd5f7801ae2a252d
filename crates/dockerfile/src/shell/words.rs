//! Word splitting of an expanded word, BuildKit's `wordsStruct`.
//!
//! Characters from unquoted text and from `$` expansions split words at white space;
//! quoted text and escaped characters never do. A word that is empty after quote
//! removal, such as `""`, yields no word.

use super::unicode::is_space;

/// Collects the words of one expansion.
#[derive(Debug, Default)]
pub(crate) struct WordSplitter {
    words: Vec<String>,
    current: String,
    /// Whether a word has started, even if it is still empty (after `""`).
    in_word: bool,
}

impl WordSplitter {
    /// Adds a character that splits words when it is white space (`addChar`).
    pub(crate) fn push_char(&mut self, c: char) {
        if !is_space(c) {
            self.push_raw_char(c);
        } else if self.in_word && !self.current.is_empty() {
            self.words.push(std::mem::take(&mut self.current));
            self.in_word = false;
        }
    }

    /// Adds a character that never splits words (`addRawChar`).
    pub(crate) fn push_raw_char(&mut self, c: char) {
        self.current.push(c);
        self.in_word = true;
    }

    /// Adds expanded text whose white space splits words (`addString`).
    pub(crate) fn push_str(&mut self, text: &str) {
        for c in text.chars() {
            self.push_char(c);
        }
    }

    /// Adds quoted text that never splits words (`addRawString`).
    pub(crate) fn push_raw_str(&mut self, text: &str) {
        self.current.push_str(text);
        self.in_word = true;
    }

    /// Drops the unfinished word but keeps the in-word state.
    ///
    /// BuildKit's `shellWord` shares one word buffer between the top-level scan and
    /// the nested scans of `${NAME:-word}`-style modifiers, and every nested scan
    /// empties it. So `ProcessWords` on `a${X:-b}c` returns `bc`, not `abc`; this
    /// reproduces that.
    pub(crate) fn clear_current(&mut self) {
        self.current.clear();
    }

    /// Finishes the last word and returns all words (`getWords`).
    pub(crate) fn finish(mut self) -> Vec<String> {
        if !self.current.is_empty() {
            self.words.push(self.current);
        }
        self.words
    }
}
