//! Shell-word expansion and word splitting, as BuildKit's `frontend/dockerfile/shell`
//! package does them (`lex.go`, moby/buildkit at 73ed6825, August 2026).
//!
//! A [`Lexer`] takes one word of a Dockerfile instruction and an environment, removes
//! quotes and escapes, and expands `$NAME`, `${NAME}` and the modifiers `${NAME:-word}`,
//! `${NAME-word}`, `${NAME:+word}`, `${NAME+word}`, `${NAME:?word}`, `${NAME?word}`,
//! `${NAME#pattern}`, `${NAME##pattern}`, `${NAME%pattern}`, `${NAME%%pattern}`,
//! `${NAME/pattern/replacement}` and `${NAME//pattern/replacement}`. Errors carry
//! BuildKit's messages word for word.
//!
//! ```
//! use dockerfile::shell::{EnvList, Lexer};
//!
//! let env = EnvList::from_entries(["NAME=world", "EMPTY="]);
//! let lexer = Lexer::new('\\');
//!
//! let expansion = lexer.process_word("hello ${NAME}${EMPTY:-!} $MISSING", &env).unwrap();
//! assert_eq!(expansion.result, "hello world! ");
//! assert!(expansion.unmatched.contains("MISSING"));
//!
//! let words = lexer.process_words("a \"b c\" ${NAME}", &env).unwrap();
//! assert_eq!(words, ["a", "b c", "world"]);
//!
//! let error = lexer.process_word("${NAME", &env).unwrap_err();
//! assert_eq!(error.to_string(), "failed to process \"${NAME\": unsupported modifier (\u{fffd}) in substitution");
//! ```
//!
//! Running time is linear in the word, in the environment values that it copies, and,
//! for each `#`, `%` and `/` expansion, in the variable's value and the pattern (the
//! `pattern` module states the matcher's bound). Nesting depth is limited only by memory
//! because expansion keeps its own stack instead of recursing.

mod env;
mod error;
mod expand;
mod parameter;
mod pattern;
mod quote;
mod scanner;
mod substitute;
mod unicode;
mod words;

use shared_sort::SortedSet;

pub use env::{Env, EnvList};
pub use error::{ShellError, ShellErrorKind, MAX_EXPANSION_BYTES};

/// The outcome of expanding one word.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Expansion {
    /// The word after quote removal and expansion, with its spaces kept.
    pub result: String,
    /// The same text split into words at unquoted white space, as `ProcessWords` returns.
    pub words: Vec<String>,
    /// Names that were looked up and found in the environment.
    pub matched: SortedSet<String>,
    /// Names that were looked up and not found: input for the `UndefinedVar` build check.
    pub unmatched: SortedSet<String>,
}

/// Expands shell words the way BuildKit's `shell.Lex` does.
///
/// The options mirror `Lex`'s exported fields. All are off by default, which is how
/// BuildKit expands instruction arguments.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Lexer {
    escape: char,
    raw_quotes: bool,
    raw_escapes: bool,
    skip_process_quotes: bool,
    skip_unset_env: bool,
}

impl Lexer {
    /// Creates a lexer with `escape` as the escape token: `\` by default, or `` ` ``
    /// when the Dockerfile's `escape` parser directive sets it.
    pub fn new(escape: char) -> Self {
        Self {
            escape,
            raw_quotes: false,
            raw_escapes: false,
            skip_process_quotes: false,
            skip_unset_env: false,
        }
    }

    /// Keeps quote characters in the result (`Lex.RawQuotes`).
    pub fn raw_quotes(mut self, keep: bool) -> Self {
        self.raw_quotes = keep;
        self
    }

    /// Keeps escape tokens in the result (`Lex.RawEscapes`).
    pub fn raw_escapes(mut self, keep: bool) -> Self {
        self.raw_escapes = keep;
        self
    }

    /// Treats quote characters as ordinary characters (`Lex.SkipProcessQuotes`).
    pub fn skip_process_quotes(mut self, skip: bool) -> Self {
        self.skip_process_quotes = skip;
        self
    }

    /// Leaves references to unset variables as written, modifier and all
    /// (`Lex.SkipUnsetEnv`).
    pub fn skip_unset_env(mut self, skip: bool) -> Self {
        self.skip_unset_env = skip;
        self
    }

    /// Returns the escape token.
    pub fn escape(&self) -> char {
        self.escape
    }

    /// Expands `word` against `env` (BuildKit's `ProcessWordWithMatches`).
    ///
    /// # Errors
    ///
    /// Returns BuildKit's error for unterminated quotes, bad substitutions, unsupported
    /// modifiers, `${NAME?}` on an unset variable, invalid patterns, and
    /// [`ShellErrorKind::TooLarge`] when the result would exceed
    /// [`MAX_EXPANSION_BYTES`].
    pub fn process_word<E: Env + ?Sized>(
        &self,
        word: &str,
        env: &E,
    ) -> Result<Expansion, ShellError> {
        expand::Expander::new(self, env, word)
            .run()
            .map_err(|kind| ShellError::new(word, kind))
    }

    /// Expands `word` and splits it into words at unquoted white space (BuildKit's
    /// `ProcessWords`).
    ///
    /// # Errors
    ///
    /// The same as [`Lexer::process_word`].
    pub fn process_words<E: Env + ?Sized>(
        &self,
        word: &str,
        env: &E,
    ) -> Result<Vec<String>, ShellError> {
        self.process_word(word, env)
            .map(|expansion| expansion.words)
    }
}

impl Default for Lexer {
    /// Returns a lexer with the default escape token `\`.
    fn default() -> Self {
        Self::new('\\')
    }
}
