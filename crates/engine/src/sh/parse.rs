//! Builds the syntax tree from tokens, following POSIX's shell grammar:
//!
//! ```text
//! script        := linebreak (complete_command separator?)*
//! complete      := and_or ((';' | '&') and_or)*
//! and_or        := pipeline (('&&' | '||') linebreak pipeline)*
//! pipeline      := '!'? command ('|' linebreak command)*
//! command       := simple_command | compound redirect* | name '(' ')' compound
//! simple        := (assignment | redirect)* (word | redirect)*
//! ```
//!
//! Compound commands (`if`, `for`, `while`, `until`, `case`, `{ … }`,
//! `( … )`) are not parsed into parts: the parser finds where each ends by
//! counting its reserved words at command position, and keeps its text.
//!
//! Like dash, a script is read one complete command at a time, so a syntax
//! error stops the script only at the command where it occurs. Parsing never
//! panics and visits each token once.

use std::ops::Range;

use super::ast::{
    AndOr, Command, CompleteCommand, Connector, Construct, Pipeline, Redirect, Script,
    SimpleCommand, SyntaxError, SyntaxErrorKind,
};
use super::lex::{lex, Lexed, Operator, Part, RedirectKind, Token, TokenKind, Unterminated, Word};
use super::state::ShellKind;

/// Parses `script` for a shell of `kind`.
pub(crate) fn parse(script: &str, kind: ShellKind) -> Script {
    match lex(script, kind) {
        Ok(lexed) => parse_tokens(script, kind, lexed),
        Err(error) => {
            // The commands on the lines before the broken one still run.
            let line_start = script[..error.offset.min(script.len())]
                .rfind('\n')
                .map_or(0, |newline| newline + 1);
            let mut parsed = match lex(&script[..line_start], kind) {
                Ok(lexed) => parse_tokens(script, kind, lexed),
                Err(_) => Script::default(),
            };
            if parsed.error.is_some() {
                parsed.commands.pop();
            }
            let kind = match error.kind {
                Unterminated::SingleQuote => SyntaxErrorKind::UnterminatedQuote('\''),
                Unterminated::DoubleQuote => SyntaxErrorKind::UnterminatedQuote('"'),
                Unterminated::Expansion => SyntaxErrorKind::UnterminatedExpansion,
            };
            parsed.error = Some(SyntaxError {
                kind,
                line: error.line,
            });
            parsed
        }
    }
}

/// Returns whether `script` needs more lines: an open quote, a trailing
/// backslash, a here-document without its end or a construct left open.
pub(crate) fn is_incomplete(script: &str, kind: ShellKind) -> bool {
    match lex(script, kind) {
        Err(_) => true,
        Ok(lexed) if lexed.trailing_backslash || !lexed.open_here_documents.is_empty() => true,
        Ok(lexed) => parse_tokens(script, kind, lexed)
            .error
            .is_some_and(|error| error.is_incomplete()),
    }
}

fn parse_tokens(script: &str, kind: ShellKind, lexed: Lexed) -> Script {
    let mut parser = Parser {
        src: script,
        kind,
        tokens: lexed.tokens,
        pos: 0,
    };
    parser.script()
}

struct Parser<'a> {
    src: &'a str,
    kind: ShellKind,
    tokens: Vec<Token>,
    pos: usize,
}

type Parsed<T> = Result<T, SyntaxError>;

impl Parser<'_> {
    fn script(&mut self) -> Script {
        let mut script = Script::default();
        loop {
            self.skip_newlines();
            if self.at_end() {
                return script;
            }
            match self.complete_command() {
                Ok(command) => script.commands.push(command),
                Err(error) => {
                    script.error = Some(error);
                    return script;
                }
            }
        }
    }

    fn complete_command(&mut self) -> Parsed<CompleteCommand> {
        let list = self.and_or()?;
        let background = match self.peek_kind() {
            None | Some(TokenKind::Newline) => false,
            Some(TokenKind::Operator(Operator::Semicolon)) => {
                self.pos += 1;
                false
            }
            Some(TokenKind::Operator(Operator::Background)) => {
                self.pos += 1;
                true
            }
            Some(_) => return Err(self.unexpected()),
        };
        Ok(CompleteCommand { list, background })
    }

    fn and_or(&mut self) -> Parsed<AndOr> {
        let first = self.pipeline()?;
        let mut rest = Vec::new();
        loop {
            let connector = match self.peek_kind() {
                Some(TokenKind::Operator(Operator::And)) => Connector::And,
                Some(TokenKind::Operator(Operator::Or)) => Connector::Or,
                _ => return Ok(AndOr { first, rest }),
            };
            self.pos += 1;
            self.skip_newlines();
            rest.push((connector, self.pipeline()?));
        }
    }

    fn pipeline(&mut self) -> Parsed<Pipeline> {
        let negated = self.peek_plain() == Some("!");
        if negated {
            self.pos += 1;
        }
        let mut commands = vec![self.command()?];
        let mut pipe_stderr = Vec::new();
        loop {
            let both = match self.peek_kind() {
                Some(TokenKind::Operator(Operator::Pipe)) => false,
                Some(TokenKind::Operator(Operator::PipeBoth)) => true,
                _ => {
                    pipe_stderr.push(false);
                    return Ok(Pipeline {
                        negated,
                        commands,
                        pipe_stderr,
                    });
                }
            };
            self.pos += 1;
            pipe_stderr.push(both);
            self.skip_newlines();
            commands.push(self.command()?);
        }
    }

    fn command(&mut self) -> Parsed<Command> {
        let Some(token) = self.tokens.get(self.pos) else {
            return Err(self.end_error(None));
        };
        let line = token.line;
        match &token.kind {
            TokenKind::Operator(Operator::OpenParen) => {
                let start = token.span.start;
                self.pos += 1;
                self.compound(Construct::Subshell, start, line)
            }
            TokenKind::Word(word) => match word.plain() {
                Some(keyword) => self.keyword_command(keyword.to_string(), line),
                None => self.simple_command(),
            },
            TokenKind::Redirect { .. } => self.simple_command(),
            TokenKind::Operator(_) | TokenKind::Newline => Err(self.unexpected()),
        }
    }

    fn keyword_command(&mut self, keyword: String, line: usize) -> Parsed<Command> {
        let start = self.tokens[self.pos].span.start;
        let construct = match keyword.as_str() {
            "if" => Some(Construct::If),
            "for" => Some(Construct::For),
            "while" => Some(Construct::While),
            "until" => Some(Construct::Until),
            "case" => Some(Construct::Case),
            "{" => Some(Construct::BraceGroup),
            "select" if self.kind == ShellKind::Bash => Some(Construct::Select),
            "[[" if self.kind != ShellKind::Dash => Some(Construct::Conditional),
            _ => None,
        };
        if let Some(construct) = construct {
            self.pos += 1;
            return self.compound(construct, start, line);
        }
        match keyword.as_str() {
            "then" | "else" | "elif" | "fi" | "do" | "done" | "esac" | "}" => {
                return Err(self.unexpected())
            }
            "function" if self.kind == ShellKind::Bash => {
                self.pos += 1;
                let name = self.peek_plain().unwrap_or_default().to_string();
                self.pos += 1;
                if self.peek_operator() == Some(Operator::OpenParen) {
                    self.expect_operator(Operator::OpenParen)?;
                    self.expect_operator(Operator::CloseParen)?;
                }
                return self.function_body(name, line);
            }
            _ => {}
        }
        let is_definition = self.operator_at(self.pos + 1) == Some(Operator::OpenParen)
            && self.operator_at(self.pos + 2) == Some(Operator::CloseParen);
        if is_definition {
            if self.kind != ShellKind::Bash && !is_name(&keyword) {
                return Err(SyntaxError {
                    kind: SyntaxErrorKind::BadFunctionName,
                    line,
                });
            }
            self.pos += 3;
            return self.function_body(keyword, line);
        }
        self.simple_command()
    }

    fn function_body(&mut self, name: String, line: usize) -> Parsed<Command> {
        self.skip_newlines();
        let body_start = self
            .tokens
            .get(self.pos)
            .map_or(self.src.len(), |t| t.span.start);
        let construct = match self.tokens.get(self.pos).map(|t| &t.kind) {
            Some(TokenKind::Operator(Operator::OpenParen)) => Construct::Subshell,
            Some(TokenKind::Word(word)) => match word.plain() {
                Some("{") => Construct::BraceGroup,
                Some("if") => Construct::If,
                Some("for") => Construct::For,
                Some("while") => Construct::While,
                Some("until") => Construct::Until,
                Some("case") => Construct::Case,
                _ => return Err(self.unexpected()),
            },
            None => return Err(self.end_error(None)),
            Some(_) => return Err(self.unexpected()),
        };
        self.pos += 1;
        let Command::Unsupported { .. } = self.compound(construct, body_start, line)? else {
            return Err(self.unexpected());
        };
        let end = self.previous_end();
        Ok(Command::Function {
            name,
            body: self
                .src
                .get(body_start..end)
                .unwrap_or_default()
                .to_string(),
        })
    }

    /// Skips a compound command whose opening token was just consumed, then
    /// reads the redirections after it.
    fn compound(&mut self, construct: Construct, start: usize, line: usize) -> Parsed<Command> {
        self.skip_compound(construct)?;
        let end = self.previous_end();
        while let Some(TokenKind::Redirect { .. }) = self.peek_kind() {
            self.redirect()?;
        }
        Ok(Command::Unsupported {
            construct,
            text: self.src.get(start..end).unwrap_or_default().to_string(),
            line,
        })
    }

    fn skip_compound(&mut self, construct: Construct) -> Parsed<()> {
        let (closer, mut command_position) = match construct {
            Construct::If => ("fi", true),
            Construct::For | Construct::Select => ("done", false),
            Construct::While | Construct::Until => ("done", true),
            Construct::Case => ("esac", false),
            Construct::BraceGroup => ("}", true),
            Construct::Subshell => (")", true),
            Construct::Conditional => ("]]", false),
        };
        let mut closers = vec![closer];
        while let Some(token) = self.tokens.get(self.pos) {
            self.pos += 1;
            let top = closers.last().copied().unwrap_or_default();
            match &token.kind {
                TokenKind::Newline => command_position = true,
                TokenKind::Operator(Operator::CloseParen) if top == ")" => {
                    closers.pop();
                    command_position = false;
                }
                TokenKind::Operator(Operator::OpenParen) if command_position && top != "esac" => {
                    closers.push(")");
                }
                TokenKind::Operator(Operator::DoubleSemicolon) => command_position = false,
                TokenKind::Operator(_) => command_position = true,
                TokenKind::Redirect {
                    kind: RedirectKind::HereDocument { .. },
                    ..
                } => {}
                TokenKind::Redirect { .. } => {
                    if let Some(TokenKind::Word(_)) = self.peek_kind() {
                        self.pos += 1;
                    }
                }
                TokenKind::Word(word) => {
                    let text = word.plain().unwrap_or_default();
                    command_position = match (command_position, text) {
                        (_, "esac") if top == "esac" => {
                            closers.pop();
                            false
                        }
                        (_, "]]") if top == "]]" => {
                            closers.pop();
                            false
                        }
                        (true, text) if text == top => {
                            closers.pop();
                            false
                        }
                        (true, "if") => push_closer(&mut closers, "fi", true),
                        (true, "while" | "until") => push_closer(&mut closers, "done", true),
                        (true, "for" | "select") => push_closer(&mut closers, "done", false),
                        (true, "case") => push_closer(&mut closers, "esac", false),
                        (true, "{") => push_closer(&mut closers, "}", true),
                        (_, "then" | "do" | "else" | "elif" | "!") => true,
                        _ => false,
                    };
                }
            }
            if closers.is_empty() {
                return Ok(());
            }
        }
        let expecting = closers.last().map(|closer| closer.to_string());
        Err(self.end_error(expecting))
    }

    fn simple_command(&mut self) -> Parsed<Command> {
        let start_token = self.pos;
        let line = self.tokens.get(self.pos).map_or(1, |t| t.line);
        let mut command = SimpleCommand {
            line,
            ..SimpleCommand::default()
        };
        while let Some(token) = self.tokens.get(self.pos) {
            match &token.kind {
                TokenKind::Redirect { .. } => {
                    let redirect = self.redirect()?;
                    command.redirects.push(redirect);
                }
                TokenKind::Word(word) => {
                    let assignment = match command.words.is_empty() {
                        true => split_assignment(word),
                        false => None,
                    };
                    match assignment {
                        Some(assignment) => command.assignments.push(assignment),
                        None => command.words.push(word.clone()),
                    }
                    self.pos += 1;
                }
                TokenKind::Operator(_) | TokenKind::Newline => break,
            }
        }
        if self.pos == start_token {
            return Err(self.unexpected());
        }
        let start = self.tokens[start_token].span.start;
        command.text = self
            .src
            .get(start..self.previous_end())
            .unwrap_or_default()
            .to_string();
        Ok(Command::Simple(command))
    }

    fn redirect(&mut self) -> Parsed<Redirect> {
        let Some(Token {
            kind: TokenKind::Redirect { fd, kind, body },
            ..
        }) = self.tokens.get(self.pos).cloned()
        else {
            return Err(self.unexpected());
        };
        self.pos += 1;
        // The lexer reads a here-document's delimiter with its operator.
        if let RedirectKind::HereDocument { .. } = kind {
            let target = Word {
                parts: Vec::new(),
                span: 0..0,
            };
            return Ok(Redirect {
                fd,
                kind,
                target,
                body,
            });
        }
        let target = match self.tokens.get(self.pos) {
            Some(Token {
                kind: TokenKind::Word(word),
                ..
            }) => word.clone(),
            Some(_) => return Err(self.unexpected()),
            None => return Err(self.end_error(None)),
        };
        self.pos += 1;
        Ok(Redirect {
            fd,
            kind,
            target,
            body: None,
        })
    }

    fn skip_newlines(&mut self) {
        while let Some(TokenKind::Newline) = self.peek_kind() {
            self.pos += 1;
        }
    }

    fn at_end(&self) -> bool {
        self.pos >= self.tokens.len()
    }

    fn peek_kind(&self) -> Option<&TokenKind> {
        self.tokens.get(self.pos).map(|token| &token.kind)
    }

    fn peek_plain(&self) -> Option<&str> {
        match self.peek_kind() {
            Some(TokenKind::Word(word)) => word.plain(),
            _ => None,
        }
    }

    fn peek_operator(&self) -> Option<Operator> {
        self.operator_at(self.pos)
    }

    fn operator_at(&self, index: usize) -> Option<Operator> {
        match self.tokens.get(index).map(|token| &token.kind) {
            Some(TokenKind::Operator(operator)) => Some(*operator),
            _ => None,
        }
    }

    fn expect_operator(&mut self, operator: Operator) -> Parsed<()> {
        if self.peek_operator() != Some(operator) {
            return Err(self.unexpected());
        }
        self.pos += 1;
        Ok(())
    }

    fn previous_end(&self) -> usize {
        self.pos
            .checked_sub(1)
            .and_then(|index| self.tokens.get(index))
            .map_or(0, |token| token.span.end)
    }

    /// Returns the error for the token at the current position, or for the end.
    fn unexpected(&self) -> SyntaxError {
        let Some(token) = self.tokens.get(self.pos) else {
            return self.end_error(None);
        };
        let text = match &token.kind {
            TokenKind::Newline => "newline".to_string(),
            TokenKind::Operator(operator) => operator.as_str().to_string(),
            TokenKind::Redirect { kind, .. } => kind.as_str().to_string(),
            TokenKind::Word(_) => self
                .src
                .get(token.span.clone())
                .unwrap_or_default()
                .to_string(),
        };
        SyntaxError {
            kind: SyntaxErrorKind::Unexpected(text),
            line: token.line,
        }
    }

    fn end_error(&self, expecting: Option<String>) -> SyntaxError {
        let line = self.tokens.last().map_or(1, |token| {
            token.line + usize::from(token.kind == TokenKind::Newline)
        });
        SyntaxError {
            kind: SyntaxErrorKind::UnexpectedEnd { expecting },
            line,
        }
    }
}

fn push_closer(
    closers: &mut Vec<&'static str>,
    closer: &'static str,
    command_position: bool,
) -> bool {
    closers.push(closer);
    command_position
}

/// Splits `NAME=value` into the name and the value word, when the word starts
/// with an unquoted valid name and `=`.
fn split_assignment(word: &Word) -> Option<(String, Word)> {
    let Some(Part::Literal(first)) = word.parts.first() else {
        return None;
    };
    let (name, rest) = first.split_once('=')?;
    if !is_name(name) {
        return None;
    }
    let mut parts = Vec::with_capacity(word.parts.len());
    if !rest.is_empty() {
        parts.push(Part::Literal(rest.to_string()));
    }
    parts.extend(word.parts.iter().skip(1).cloned());
    let span: Range<usize> = word.span.clone();
    Some((name.to_string(), Word { parts, span }))
}

/// Returns whether a word has the shape of an assignment, `NAME=…`.
pub(crate) fn is_assignment_word(word: &Word) -> bool {
    split_assignment(word).is_some()
}

/// Returns whether `text` is a valid variable name.
pub(crate) fn is_name(text: &str) -> bool {
    let mut bytes = text.bytes();
    bytes
        .next()
        .is_some_and(|first| first.is_ascii_alphabetic() || first == b'_')
        && bytes.all(|byte| byte.is_ascii_alphanumeric() || byte == b'_')
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shape(script: &str) -> String {
        let parsed = parse(script, ShellKind::Bash);
        let mut out = Vec::new();
        for command in &parsed.commands {
            let mut text = pipeline_shape(&command.list.first);
            for (connector, pipeline) in &command.list.rest {
                text.push_str(if *connector == Connector::And {
                    " && "
                } else {
                    " || "
                });
                text.push_str(&pipeline_shape(pipeline));
            }
            if command.background {
                text.push_str(" &");
            }
            out.push(text);
        }
        if let Some(error) = parsed.error {
            out.push(format!("error {:?} line {}", error.kind, error.line));
        }
        out.join("; ")
    }

    fn pipeline_shape(pipeline: &Pipeline) -> String {
        let commands: Vec<String> = pipeline
            .commands
            .iter()
            .map(|command| match command {
                Command::Simple(simple) => {
                    let mut text = String::new();
                    for (name, _) in &simple.assignments {
                        text.push_str(&format!("{name}= "));
                    }
                    text.push_str(&format!("{}w", simple.words.len()));
                    for redirect in &simple.redirects {
                        text.push_str(&format!(" {}", redirect.kind.as_str()));
                    }
                    text
                }
                Command::Function { name, .. } => format!("fn {name}"),
                Command::Unsupported { construct, .. } => format!("{construct:?}"),
            })
            .collect();
        format!(
            "{}{}",
            if pipeline.negated { "! " } else { "" },
            commands.join(" | ")
        )
    }

    #[test]
    fn shapes_table() {
        let cases = [
            ("a b && c || d", "2w && 1w || 1w"),
            ("a; b & c\n\nd", "1w; 1w &; 1w; 1w"),
            ("A=1 B=2 cmd x > f 2>&1", "A= B= 2w > >&"),
            ("A=1", "A= 0w"),
            ("a | b |\n c", "1w | 1w | 1w"),
            ("! a", "! 1w"),
            ("if a; then b; fi && c", "If && 1w"),
            ("for x in a b; do if y; then z; fi; done > /dev/null", "For"),
            ("case $x in a) b;; (c) d;; esac; e", "Case; 1w"),
            ("(cd x && make) | tee log", "Subshell | 2w"),
            ("f() { echo; }; f", "fn f; 1w"),
            ("bomb(){ bomb|bomb& };bomb", "fn bomb; 1w"),
            ("{ a; b; } 2>/dev/null", "BraceGroup"),
            ("while true; do :; done", "While"),
            ("&& a", "error Unexpected(\"&&\") line 1"),
            ("a &&", "error UnexpectedEnd { expecting: None } line 1"),
            ("echo >", "error UnexpectedEnd { expecting: None } line 1"),
            ("echo > ;", "error Unexpected(\";\") line 1"),
            (
                "a\nif b; then c",
                "1w; error UnexpectedEnd { expecting: Some(\"fi\") } line 2",
            ),
            ("a\nfi", "1w; error Unexpected(\"fi\") line 2"),
            ("a\necho 'b", "1w; error UnterminatedQuote('\\'') line 2"),
            ("echo a=b c=d", "3w"),
            ("cat <<EOF > f\nbody\nEOF\necho x", "1w << >; 2w"),
            ("cat <<-'EOF' | tr a b\n\tbody\n\tEOF", "1w <<- | 3w"),
        ];
        for (script, expected) in cases {
            assert_eq!(shape(script), expected, "{script:?}");
        }
    }

    #[test]
    fn function_names_follow_the_shell() {
        let dash = parse(":(){ :|:& };:", ShellKind::Dash);
        assert_eq!(
            dash.error.map(|e| e.kind),
            Some(SyntaxErrorKind::BadFunctionName)
        );
        let bash = parse(":(){ :|:& };:", ShellKind::Bash);
        assert!(bash.error.is_none());
        assert_eq!(bash.commands.len(), 2);
    }

    #[test]
    fn incomplete_scripts() {
        let cases = [
            ("echo 'a", true),
            ("echo a \\", true),
            ("a &&", true),
            ("if a; then", true),
            ("cat <<EOF", true),
            ("echo a", false),
            ("&& a", false),
        ];
        for (script, incomplete) in cases {
            assert_eq!(
                is_incomplete(script, ShellKind::Dash),
                incomplete,
                "{script:?}"
            );
        }
    }

    #[test]
    fn assignment_value_keeps_parts() {
        let parsed = parse("A=x\"$B\"y c", ShellKind::Dash);
        let Command::Simple(simple) = &parsed.commands[0].list.first.commands[0] else {
            panic!("not simple");
        };
        let (name, value) = &simple.assignments[0];
        assert_eq!(name, "A");
        assert_eq!(value.parts.len(), 3);
        assert_eq!(simple.words.len(), 1);
    }
}
