//! Splits one terminal line into words as a POSIX shell does before it runs a
//! command.
//!
//! Supported:
//!
//! - blanks between words, and `#` comments at the start of a word;
//! - single quotes, inside which everything is literal;
//! - double quotes, inside which `\` escapes only `$`, `` ` ``, `"`, `\` and a
//!   newline;
//! - a backslash outside quotes, which escapes the next character;
//! - `$NAME`, `${NAME}` and the one-character parameters `$?`, `$$`, `$#`,
//!   `$!`, `$@`, `$*`, `$-` and `$0`–`$9`, expanded from the given variables
//!   outside single quotes (an unset variable expands to nothing);
//! - field splitting of unquoted expansions on spaces, tabs and newlines;
//! - `~` and `~/…` at the start of a word, from `HOME`;
//! - `NAME=value` assignments before the command name;
//! - the operators `|`, `||`, `&&`, `&`, `;`, `>`, `>>`, `<` and `<<`, returned
//!   as tokens so the caller decides which it supports.
//!
//! Command substitution (`$(…)` and `` `…` ``) and `${…}` forms other than a
//! plain name give an error. Pathname expansion (`*.txt` stays as typed),
//! arithmetic and brace expansion, and file-descriptor prefixes on redirections
//! (`2>` is the word `2` then `>`) are not performed.
//!
//! The splitter never panics (a property test feeds it random lines) and runs
//! in time linear in the line plus the length of the expanded values.

use std::collections::HashMap;
use std::fmt;
use std::ops::Range;

use shared_sort::SortedMap;

/// The shell variables that `$NAME` expansion reads.
pub trait Variables {
    /// Returns the value of a variable, or `None` when it is unset.
    fn get(&self, name: &str) -> Option<&str>;
}

impl Variables for HashMap<String, String> {
    fn get(&self, name: &str) -> Option<&str> {
        HashMap::get(self, name).map(String::as_str)
    }
}

impl Variables for SortedMap<String, String> {
    fn get(&self, name: &str) -> Option<&str> {
        SortedMap::get(self, name).map(String::as_str)
    }
}

impl Variables for Vec<(&str, &str)> {
    fn get(&self, name: &str) -> Option<&str> {
        self.iter()
            .find(|(key, _)| *key == name)
            .map(|(_, value)| *value)
    }
}

/// A shell control or redirection operator.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Operator {
    /// `|`: pipe the output into the next command.
    Pipe,
    /// `||`: run the next command if this one failed.
    Or,
    /// `&&`: run the next command if this one succeeded.
    And,
    /// `&`: run the command in the background.
    Background,
    /// `;` or an unquoted newline: end of a command.
    Semicolon,
    /// `>`: write the output to a file.
    RedirectOutput,
    /// `>>`: append the output to a file.
    AppendOutput,
    /// `<`: read the input from a file.
    RedirectInput,
    /// `<<`: read the input from a here-document.
    HereDocument,
}

impl Operator {
    /// Returns the operator as typed (`;` for a newline too).
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Pipe => "|",
            Self::Or => "||",
            Self::And => "&&",
            Self::Background => "&",
            Self::Semicolon => ";",
            Self::RedirectOutput => ">",
            Self::AppendOutput => ">>",
            Self::RedirectInput => "<",
            Self::HereDocument => "<<",
        }
    }

    fn is_redirection(self) -> bool {
        matches!(
            self,
            Self::RedirectOutput | Self::AppendOutput | Self::RedirectInput | Self::HereDocument
        )
    }
}

/// A word after quote removal and expansion.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Word {
    /// The word's text.
    pub text: String,
    /// The byte range of the word as typed; the fields of one split word share it.
    pub span: Range<usize>,
}

/// A `NAME=value` assignment before the command name (`FOO=1 docker ps`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Assignment {
    /// The variable name.
    pub name: String,
    /// The value after quote removal and expansion; it is never field-split.
    pub value: String,
    /// The byte range of the assignment as typed.
    pub span: Range<usize>,
}

/// One token of a split line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Token {
    /// A command name, argument or redirection target.
    Word(Word),
    /// A variable assignment in front of a command.
    Assignment(Assignment),
    /// A control or redirection operator.
    Operator {
        /// Which operator.
        operator: Operator,
        /// Its byte range in the line.
        span: Range<usize>,
    },
}

/// The reason a line could not be split.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SplitErrorKind {
    /// A `'` without its closing `'`.
    UnterminatedSingleQuote,
    /// A `"` without its closing `"`.
    UnterminatedDoubleQuote,
    /// A `${` without its closing `}`.
    UnterminatedBrace,
    /// A `${…}` whose content is not a variable name, with the text between the braces.
    BadSubstitution(String),
    /// `$(…)` or `` `…` ``.
    CommandSubstitution,
    /// A backslash as the last character of the line.
    TrailingBackslash,
}

/// A line that could not be split, with the byte range of the offending text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SplitError {
    /// The kind of problem.
    pub kind: SplitErrorKind,
    /// The byte range in the line, from the opening character to where the
    /// problem was found.
    pub span: Range<usize>,
}

impl fmt::Display for SplitError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.kind {
            SplitErrorKind::UnterminatedSingleQuote => {
                f.write_str("unterminated single quote: add a closing ' to end the quoted text")
            }
            SplitErrorKind::UnterminatedDoubleQuote => {
                f.write_str("unterminated double quote: add a closing \" to end the quoted text")
            }
            SplitErrorKind::UnterminatedBrace => {
                f.write_str("unterminated ${: add a closing } after the variable name")
            }
            SplitErrorKind::BadSubstitution(text) => {
                write!(f, "bad substitution: ${{{text}}} is not a variable name")
            }
            SplitErrorKind::CommandSubstitution => {
                f.write_str("command substitution with $(…) or `…` is not supported: type the value itself")
            }
            SplitErrorKind::TrailingBackslash => {
                f.write_str("the line ends with a backslash: remove it, or type the rest of the command on this line")
            }
        }
    }
}

impl std::error::Error for SplitError {}

/// Splits `line` into words, assignments and operators, expanding variables
/// from `variables`.
pub fn split_line(line: &str, variables: &dyn Variables) -> Result<Vec<Token>, SplitError> {
    Splitter {
        line,
        chars: line.char_indices().collect(),
        position: 0,
        variables,
        tokens: Vec::new(),
        command_start: true,
        expecting_target: false,
    }
    .run()
}

/// Returns just the words of `line`, for callers that support no operators.
pub fn split_words(line: &str, variables: &dyn Variables) -> Result<Vec<String>, SplitError> {
    let tokens = split_line(line, variables)?;
    Ok(tokens
        .into_iter()
        .filter_map(|token| match token {
            Token::Word(word) => Some(word.text),
            _ => None,
        })
        .collect())
}

struct Splitter<'a> {
    line: &'a str,
    chars: Vec<(usize, char)>,
    position: usize,
    variables: &'a dyn Variables,
    tokens: Vec<Token>,
    /// Whether the next word may be an assignment (no command word yet).
    command_start: bool,
    /// Whether the next word is the target of a redirection.
    expecting_target: bool,
}

impl Splitter<'_> {
    fn run(mut self) -> Result<Vec<Token>, SplitError> {
        loop {
            self.skip_blanks();
            let Some(c) = self.peek() else {
                break;
            };
            if c == '#' {
                break;
            }
            if let Some((operator, length)) = self.operator_here() {
                self.push_operator(operator, length);
                continue;
            }
            self.word()?;
        }
        Ok(self.tokens)
    }

    fn peek(&self) -> Option<char> {
        self.peek_at(0)
    }

    fn peek_at(&self, offset: usize) -> Option<char> {
        self.chars.get(self.position + offset).map(|&(_, c)| c)
    }

    /// Returns the byte offset of the current character, or the line length at its end.
    fn offset(&self) -> usize {
        self.chars
            .get(self.position)
            .map_or(self.line.len(), |&(index, _)| index)
    }

    fn skip_blanks(&mut self) {
        while matches!(self.peek(), Some(' ' | '\t')) {
            self.position += 1;
        }
    }

    fn operator_here(&self) -> Option<(Operator, usize)> {
        let pair = (self.peek()?, self.peek_at(1));
        let found = match pair {
            ('&', Some('&')) => (Operator::And, 2),
            ('|', Some('|')) => (Operator::Or, 2),
            ('>', Some('>')) => (Operator::AppendOutput, 2),
            ('<', Some('<')) => (Operator::HereDocument, 2),
            ('&', _) => (Operator::Background, 1),
            ('|', _) => (Operator::Pipe, 1),
            (';' | '\n', _) => (Operator::Semicolon, 1),
            ('>', _) => (Operator::RedirectOutput, 1),
            ('<', _) => (Operator::RedirectInput, 1),
            _ => return None,
        };
        Some(found)
    }

    fn push_operator(&mut self, operator: Operator, length: usize) {
        let start = self.offset();
        self.position += length;
        let span = start..self.offset();
        self.tokens.push(Token::Operator { operator, span });
        if operator.is_redirection() {
            self.expecting_target = true;
        } else {
            self.command_start = true;
            self.expecting_target = false;
        }
    }

    fn word(&mut self) -> Result<(), SplitError> {
        let start = self.offset();
        let is_target = std::mem::take(&mut self.expecting_target);
        let assignment = if self.command_start && !is_target {
            self.assignment_name()
        } else {
            None
        };

        let mut fields = FieldBuilder::new(assignment.is_none());
        if assignment.is_none() {
            self.tilde(&mut fields);
        }
        while let Some(c) = self.peek() {
            match c {
                ' ' | '\t' | '\n' | '|' | '&' | ';' | '<' | '>' => break,
                '\'' => self.single_quoted(&mut fields)?,
                '"' => self.double_quoted(&mut fields)?,
                '\\' => self.backslash(&mut fields)?,
                '$' => self.dollar(&mut fields, Quoting::Unquoted)?,
                '`' => return Err(self.error_here(SplitErrorKind::CommandSubstitution, 1)),
                _ => {
                    fields.push_literal(c);
                    self.position += 1;
                }
            }
        }

        let span = start..self.offset();
        if let Some(name) = assignment {
            let value = fields.finish_unsplit();
            self.tokens
                .push(Token::Assignment(Assignment { name, value, span }));
            return Ok(());
        }
        for text in fields.finish() {
            self.tokens.push(Token::Word(Word {
                text,
                span: span.clone(),
            }));
        }
        if !is_target {
            self.command_start = false;
        }
        Ok(())
    }

    /// Consumes `NAME=` when the word starts with it unquoted, and returns `NAME`.
    fn assignment_name(&mut self) -> Option<String> {
        let first = self.peek()?;
        if !(first.is_ascii_alphabetic() || first == '_') {
            return None;
        }
        let mut length = 1;
        while let Some(c) = self.peek_at(length) {
            if c == '=' {
                let name: String = self.chars[self.position..self.position + length]
                    .iter()
                    .map(|&(_, c)| c)
                    .collect();
                self.position += length + 1;
                return Some(name);
            }
            if !(c.is_ascii_alphanumeric() || c == '_') {
                return None;
            }
            length += 1;
        }
        None
    }

    /// Expands `~` at the start of a word when it is alone or before `/`.
    fn tilde(&mut self, fields: &mut FieldBuilder) {
        if self.peek() != Some('~') {
            return;
        }
        let alone = match self.peek_at(1) {
            None => true,
            Some(c) => matches!(c, '/' | ' ' | '\t' | '\n' | '|' | '&' | ';' | '<' | '>'),
        };
        let Some(home) = self.variables.get("HOME").filter(|_| alone) else {
            return;
        };
        fields.push_unsplit(home);
        self.position += 1;
    }

    fn single_quoted(&mut self, fields: &mut FieldBuilder) -> Result<(), SplitError> {
        let start = self.offset();
        self.position += 1;
        fields.mark_quoted();
        while let Some(c) = self.peek() {
            self.position += 1;
            if c == '\'' {
                return Ok(());
            }
            fields.push_literal(c);
        }
        Err(SplitError {
            kind: SplitErrorKind::UnterminatedSingleQuote,
            span: start..self.line.len(),
        })
    }

    fn double_quoted(&mut self, fields: &mut FieldBuilder) -> Result<(), SplitError> {
        let start = self.offset();
        self.position += 1;
        fields.mark_quoted();
        while let Some(c) = self.peek() {
            match c {
                '"' => {
                    self.position += 1;
                    return Ok(());
                }
                '\\' => {
                    match self.peek_at(1) {
                        Some('\n') => {}
                        Some(next @ ('$' | '`' | '"' | '\\')) => fields.push_literal(next),
                        Some(next) => {
                            fields.push_literal('\\');
                            fields.push_literal(next);
                        }
                        None => break,
                    }
                    self.position += 2;
                }
                '$' => self.dollar(fields, Quoting::Double)?,
                '`' => return Err(self.error_here(SplitErrorKind::CommandSubstitution, 1)),
                _ => {
                    fields.push_literal(c);
                    self.position += 1;
                }
            }
        }
        Err(SplitError {
            kind: SplitErrorKind::UnterminatedDoubleQuote,
            span: start..self.line.len(),
        })
    }

    fn backslash(&mut self, fields: &mut FieldBuilder) -> Result<(), SplitError> {
        match self.peek_at(1) {
            None => Err(self.error_here(SplitErrorKind::TrailingBackslash, 1)),
            Some('\n') => {
                self.position += 2;
                Ok(())
            }
            Some(next) => {
                fields.push_literal(next);
                self.position += 2;
                Ok(())
            }
        }
    }

    fn dollar(&mut self, fields: &mut FieldBuilder, quoting: Quoting) -> Result<(), SplitError> {
        let start = self.offset();
        let name = match self.peek_at(1) {
            Some('{') => self.braced_name(start)?,
            Some('(') => return Err(self.error_here(SplitErrorKind::CommandSubstitution, 2)),
            Some(c) if c.is_ascii_alphabetic() || c == '_' => {
                let mut length = 1;
                while self
                    .peek_at(1 + length)
                    .is_some_and(|c| c.is_ascii_alphanumeric() || c == '_')
                {
                    length += 1;
                }
                let name = self.text_of(self.position + 1, length);
                self.position += 1 + length;
                name
            }
            Some(c) if is_special_parameter(c) => {
                self.position += 2;
                c.to_string()
            }
            _ => {
                fields.push_literal('$');
                self.position += 1;
                return Ok(());
            }
        };

        let value = self.variables.get(&name).unwrap_or_default().to_string();
        match quoting {
            Quoting::Double => fields.push_unsplit(&value),
            Quoting::Unquoted => fields.push_expansion(&value),
        }
        Ok(())
    }

    /// Reads `${NAME}` starting at the `$`; returns the name.
    fn braced_name(&mut self, start: usize) -> Result<String, SplitError> {
        let content_start = self.position + 2;
        let Some(length) = self.chars[content_start..]
            .iter()
            .position(|&(_, c)| c == '}')
        else {
            return Err(SplitError {
                kind: SplitErrorKind::UnterminatedBrace,
                span: start..self.line.len(),
            });
        };
        let name = self.text_of(content_start, length);
        self.position = content_start + length + 1;

        let mut characters = name.chars();
        let valid = match (characters.next(), characters.clone().next()) {
            (Some(c), None) if is_special_parameter(c) => true,
            (Some(c), _) if c.is_ascii_digit() => characters.all(|c| c.is_ascii_digit()),
            (Some(c), _) if c.is_ascii_alphabetic() || c == '_' => {
                characters.all(|c| c.is_ascii_alphanumeric() || c == '_')
            }
            _ => false,
        };
        if !valid {
            return Err(SplitError {
                kind: SplitErrorKind::BadSubstitution(name),
                span: start..self.offset(),
            });
        }
        Ok(name)
    }

    fn text_of(&self, from: usize, length: usize) -> String {
        self.chars[from..from + length]
            .iter()
            .map(|&(_, c)| c)
            .collect()
    }

    fn error_here(&self, kind: SplitErrorKind, length: usize) -> SplitError {
        let start = self.offset();
        let end = self
            .chars
            .get(self.position + length)
            .map_or(self.line.len(), |&(index, _)| index);
        SplitError {
            kind,
            span: start..end,
        }
    }
}

fn is_special_parameter(c: char) -> bool {
    c.is_ascii_digit() || matches!(c, '?' | '$' | '#' | '!' | '@' | '*' | '-')
}

#[derive(Clone, Copy)]
enum Quoting {
    Unquoted,
    Double,
}

/// Collects the fields that one word produces after field splitting.
struct FieldBuilder {
    fields: Vec<String>,
    current: String,
    /// Whether `current` becomes a field even when empty (it saw text or quotes).
    has_content: bool,
    /// Whether unquoted expansions are split on blanks (not in assignments).
    splits: bool,
}

impl FieldBuilder {
    fn new(splits: bool) -> Self {
        Self {
            fields: Vec::new(),
            current: String::new(),
            has_content: false,
            splits,
        }
    }

    fn push_literal(&mut self, c: char) {
        self.current.push(c);
        self.has_content = true;
    }

    fn mark_quoted(&mut self) {
        self.has_content = true;
    }

    fn push_unsplit(&mut self, value: &str) {
        self.current.push_str(value);
        if !value.is_empty() {
            self.has_content = true;
        }
    }

    fn push_expansion(&mut self, value: &str) {
        if !self.splits {
            self.push_unsplit(value);
            return;
        }
        for c in value.chars() {
            if matches!(c, ' ' | '\t' | '\n') {
                self.end_field();
            } else {
                self.push_literal(c);
            }
        }
    }

    fn end_field(&mut self) {
        if self.has_content {
            self.fields.push(std::mem::take(&mut self.current));
            self.has_content = false;
        }
    }

    fn finish(mut self) -> Vec<String> {
        self.end_field();
        self.fields
    }

    fn finish_unsplit(self) -> String {
        self.current
    }
}

#[cfg(test)]
mod tests;
