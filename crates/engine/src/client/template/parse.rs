//! The template parser: text and actions into a tree of [`Node`]s.
//!
//! The lexer follows Go's `text/template/parse/lex.go` for the parts the
//! subset supports: `{{- ` and ` -}}` trim the whitespace next to an action,
//! `{{/* … */}}` is a comment, and an action contains fields, variables,
//! identifiers, literals, parentheses, `|`, `:=`, `=` and `,`.

use super::{TemplateError, MAX_DEPTH};

/// One piece of a parsed template.
#[derive(Clone, Debug, PartialEq)]
pub enum Node {
    /// Literal text.
    Text(String),
    /// `{{pipeline}}`: print the value (nothing when it declares variables).
    Action(Pipeline),
    /// `{{if}}`, with any `{{else if}}` branches in order.
    If {
        branches: Vec<(Pipeline, Vec<Node>)>,
        otherwise: Vec<Node>,
    },
    /// `{{range}}`.
    Range {
        pipeline: Pipeline,
        body: Vec<Node>,
        otherwise: Vec<Node>,
    },
    /// `{{with}}`.
    With {
        pipeline: Pipeline,
        body: Vec<Node>,
        otherwise: Vec<Node>,
    },
}

/// Commands joined by `|`, optionally declaring or assigning variables.
#[derive(Clone, Debug, PartialEq)]
pub struct Pipeline {
    /// Variables declared (`:=`) or assigned (`=`), without the `$`.
    pub variables: Vec<String>,
    pub commands: Vec<Command>,
    /// Line (from 1) and byte column (from 0) of the action, for errors.
    pub position: (usize, usize),
}

/// A function call or a single operand.
#[derive(Clone, Debug, PartialEq)]
pub struct Command {
    pub operands: Vec<Operand>,
}

/// A value in a command.
#[derive(Clone, Debug, PartialEq)]
pub enum Operand {
    /// `.` followed by zero or more field names (`.`, `.Config.Env`).
    Dot(Vec<String>),
    /// `$name` (empty name for `$`) followed by field names.
    Variable(String, Vec<String>),
    /// A function name.
    Function(String),
    String(String),
    Number(f64, String),
    Bool(bool),
    Nil,
    /// A parenthesised pipeline, followed by field names.
    Group(Box<Pipeline>, Vec<String>),
}

/// A token inside an action.
#[derive(Clone, Debug, PartialEq)]
enum Token {
    Field(String),
    /// A `.Name` written right after a field, variable or `)`, which
    /// continues that operand's chain.
    Chain(String),
    Dot,
    Variable(String),
    Identifier(String),
    String(String),
    Number(f64, String),
    Open,
    Close,
    Pipe,
    Declare,
    Assign,
    Comma,
}

/// The text and actions of a template, before blocks are matched.
enum Item {
    Text(String),
    Action {
        tokens: Vec<Token>,
        line: usize,
        column: usize,
    },
}

/// Parses a template into nodes.
pub fn parse(text: &str) -> Result<Vec<Node>, TemplateError> {
    let items = split_items(text)?;
    let mut parser = BlockParser {
        items: items.into_iter().peekable(),
        depth: 0,
    };
    let (nodes, end) = parser.parse_list()?;
    match end {
        End::Eof => Ok(nodes),
        End::Keyword { keyword, line, .. } => {
            Err(error(line, format!("unexpected {{{{{keyword}}}}}")))
        }
    }
}

fn error(line: usize, message: impl AsRef<str>) -> TemplateError {
    TemplateError::new(format!("template: :{line}: {}", message.as_ref()))
}

/// Splits text and actions, applying trim markers and dropping comments.
fn split_items(text: &str) -> Result<Vec<Item>, TemplateError> {
    let mut items = Vec::new();
    let mut rest = text;
    let mut line = 1;
    let mut trim_next_text = false;
    while !rest.is_empty() {
        let Some(start) = rest.find("{{") else {
            push_text(&mut items, rest, trim_next_text, false);
            break;
        };
        let after_open = &rest[start + 2..];
        let trim_before = after_open.starts_with("- ")
            || after_open.starts_with("-\t")
            || after_open.starts_with("-\n");
        push_text(&mut items, &rest[..start], trim_next_text, trim_before);
        line += rest[..start].matches('\n').count();
        let body_start = if trim_before { 2 } else { 0 };
        let body_text = &after_open[body_start..];
        let (body, after, trim_after) = action_body(body_text, line)?;
        let action_line = line;
        let consumed = text.len() - rest.len() + start + 2 + body_start;
        let line_start = text[..consumed].rfind('\n').map_or(0, |index| index + 1);
        let column = consumed - line_start + (body.len() - body.trim_start().len());
        line += body.matches('\n').count();
        trim_next_text = trim_after;
        rest = after;
        let trimmed = body.trim();
        if trimmed.starts_with("/*") {
            if !trimmed.ends_with("*/") || trimmed.len() < 4 {
                return Err(error(action_line, "unclosed comment"));
            }
            continue;
        }
        let tokens = lex_action(body, action_line)?;
        items.push(Item::Action {
            tokens,
            line: action_line,
            column,
        });
    }
    Ok(items)
}

fn push_text(items: &mut Vec<Item>, text: &str, trim_start: bool, trim_end: bool) {
    let mut text = text;
    if trim_start {
        text = text.trim_start();
    }
    if trim_end {
        text = text.trim_end();
    }
    if !text.is_empty() {
        items.push(Item::Text(text.to_string()));
    }
}

/// Finds the end of an action that starts at `text`, skipping `}}` inside
/// quoted strings; returns the body, the text after `}}` and whether a ` -}}`
/// marker trims the following text.
fn action_body(text: &str, line: usize) -> Result<(&str, &str, bool), TemplateError> {
    let bytes = text.as_bytes();
    let mut index = 0;
    let mut quote: Option<u8> = None;
    while index < bytes.len() {
        let byte = bytes[index];
        match quote {
            Some(b'"') if byte == b'\\' => index += 1,
            Some(open) if byte == open => quote = None,
            Some(_) => {}
            None if byte == b'"' || byte == b'`' || byte == b'\'' => quote = Some(byte),
            None if bytes[index..].starts_with(b"}}") => {
                let body = &text[..index];
                let trim = body.ends_with(" -") || body.ends_with("\t-") || body.ends_with("\n-");
                let body = if trim { &body[..body.len() - 1] } else { body };
                return Ok((body, &text[index + 2..], trim));
            }
            None => {}
        }
        index += 1;
    }
    if quote.is_some() {
        return Err(error(line, "unterminated quoted string"));
    }
    Err(error(line, "unclosed action"))
}

fn is_identifier_char(c: char) -> bool {
    c == '_' || c.is_alphanumeric()
}

/// Splits an action's body into tokens.
fn lex_action(body: &str, line: usize) -> Result<Vec<Token>, TemplateError> {
    let chars: Vec<char> = body.chars().collect();
    let mut tokens = Vec::new();
    let mut index = 0;
    while index < chars.len() {
        let c = chars[index];
        let start = index;
        index += 1;
        match c {
            ' ' | '\t' | '\n' | '\r' => {}
            '(' => tokens.push(Token::Open),
            ')' => tokens.push(Token::Close),
            '|' => tokens.push(Token::Pipe),
            ',' => tokens.push(Token::Comma),
            '=' => tokens.push(Token::Assign),
            ':' if chars.get(index) == Some(&'=') => {
                index += 1;
                tokens.push(Token::Declare);
            }
            '"' => {
                let (value, next) = lex_quoted(&chars, index, line)?;
                index = next;
                tokens.push(Token::String(value));
            }
            '`' => {
                let end = chars[index..]
                    .iter()
                    .position(|&c| c == '`')
                    .ok_or_else(|| error(line, "unterminated raw quoted string"))?;
                tokens.push(Token::String(chars[index..index + end].iter().collect()));
                index += end + 1;
            }
            '.' if chars
                .get(index)
                .is_some_and(|&c| is_identifier_char(c) && !c.is_ascii_digit()) =>
            {
                while index < chars.len() && is_identifier_char(chars[index]) {
                    index += 1;
                }
                let name: String = chars[start + 1..index].iter().collect();
                let continues = start > 0
                    && !chars[start - 1].is_whitespace()
                    && matches!(
                        tokens.last(),
                        Some(Token::Field(_) | Token::Chain(_) | Token::Variable(_) | Token::Close)
                    );
                tokens.push(if continues {
                    Token::Chain(name)
                } else {
                    Token::Field(name)
                });
            }
            '.' if !chars.get(index).is_some_and(char::is_ascii_digit) => tokens.push(Token::Dot),
            '$' => {
                while index < chars.len() && is_identifier_char(chars[index]) {
                    index += 1;
                }
                tokens.push(Token::Variable(chars[start + 1..index].iter().collect()));
            }
            '-' | '+' | '.' | '0'..='9' => {
                while index < chars.len()
                    && (chars[index].is_ascii_alphanumeric()
                        || matches!(chars[index], '.' | '_' | '+' | '-'))
                {
                    if matches!(chars[index], '+' | '-')
                        && !matches!(chars[index - 1], 'e' | 'E' | 'p' | 'P')
                    {
                        break;
                    }
                    index += 1;
                }
                let text: String = chars[start..index].iter().collect();
                let value = parse_number(&text)
                    .ok_or_else(|| error(line, format!("bad number syntax: {:?}", text)))?;
                tokens.push(Token::Number(value, text));
            }
            c if is_identifier_char(c) => {
                while index < chars.len() && is_identifier_char(chars[index]) {
                    index += 1;
                }
                tokens.push(Token::Identifier(chars[start..index].iter().collect()));
            }
            other => return Err(error(line, format!("unexpected {:?} in command", other))),
        }
    }
    Ok(tokens)
}

fn parse_number(text: &str) -> Option<f64> {
    let cleaned = text.replace('_', "");
    if let Some(hex) = cleaned
        .strip_prefix("0x")
        .or_else(|| cleaned.strip_prefix("0X"))
    {
        return i64::from_str_radix(hex, 16).ok().map(|value| value as f64);
    }
    cleaned
        .parse::<f64>()
        .ok()
        .filter(|value| value.is_finite())
}

/// Reads a double-quoted string with Go's escapes; returns it and the index
/// after the closing quote.
fn lex_quoted(
    chars: &[char],
    mut index: usize,
    line: usize,
) -> Result<(String, usize), TemplateError> {
    let mut value = String::new();
    while index < chars.len() {
        let c = chars[index];
        index += 1;
        match c {
            '"' => return Ok((value, index)),
            '\\' => {
                let escaped = chars
                    .get(index)
                    .copied()
                    .ok_or_else(|| error(line, "unterminated quoted string"))?;
                index += 1;
                value.push(match escaped {
                    'n' => '\n',
                    't' => '\t',
                    'r' => '\r',
                    '\\' => '\\',
                    '"' => '"',
                    '\'' => '\'',
                    '0' => '\0',
                    other => {
                        return Err(error(
                            line,
                            format!("invalid syntax: unknown escape \\{other}"),
                        ))
                    }
                });
            }
            '\n' => return Err(error(line, "unterminated quoted string")),
            other => value.push(other),
        }
    }
    Err(error(line, "unterminated quoted string"))
}

/// How a list of nodes ended.
enum End {
    Eof,
    /// `{{end}}`, `{{else}}` or `{{else if …}}`; `rest` holds the tokens
    /// after the keyword.
    Keyword {
        keyword: String,
        rest: Vec<Token>,
        line: usize,
    },
}

struct BlockParser<I: Iterator<Item = Item>> {
    items: std::iter::Peekable<I>,
    depth: usize,
}

impl<I: Iterator<Item = Item>> BlockParser<I> {
    /// Parses nodes until the end of input or a closing keyword.
    fn parse_list(&mut self) -> Result<(Vec<Node>, End), TemplateError> {
        let mut nodes = Vec::new();
        while let Some(item) = self.items.next() {
            let (tokens, line) = match item {
                Item::Text(text) => {
                    nodes.push(Node::Text(text));
                    continue;
                }
                Item::Action {
                    tokens,
                    line,
                    column,
                } => (tokens, (line, column)),
            };
            let keyword = match tokens.first() {
                Some(Token::Identifier(word)) => word.clone(),
                _ => String::new(),
            };
            match keyword.as_str() {
                "end" | "else" => {
                    return Ok((
                        nodes,
                        End::Keyword {
                            keyword,
                            rest: tokens[1..].to_vec(),
                            line: line.0,
                        },
                    ));
                }
                "if" | "range" | "with" => {
                    nodes.push(self.parse_block(&keyword, &tokens[1..], line)?)
                }
                "template" | "define" | "block" | "break" | "continue" => {
                    return Err(error(
                        line.0,
                        format!("{{{{{keyword}}}}} is not supported by Porthole's template subset"),
                    ));
                }
                _ => {
                    let pipeline = parse_pipeline(&tokens, line, 0)?;
                    if pipeline.commands.is_empty() {
                        return Err(error(line.0, "missing value for command"));
                    }
                    nodes.push(Node::Action(pipeline));
                }
            }
        }
        Ok((nodes, End::Eof))
    }

    fn parse_block(
        &mut self,
        keyword: &str,
        tokens: &[Token],
        position: (usize, usize),
    ) -> Result<Node, TemplateError> {
        let line = position.0;
        self.depth += 1;
        if self.depth > super::MAX_DEPTH {
            return Err(error(line, "template nests too deeply"));
        }
        let pipeline = parse_pipeline(tokens, position, 0)?;
        if pipeline.commands.is_empty() {
            return Err(error(line, format!("missing value for {keyword}")));
        }
        let (body, end) = self.parse_list()?;
        let mut otherwise = Vec::new();
        let mut branches = vec![(pipeline.clone(), body.clone())];
        let mut end = end;
        loop {
            match end {
                End::Eof => return Err(error(line, format!("unexpected EOF in {keyword}"))),
                End::Keyword { keyword: word, .. } if word == "end" => break,
                End::Keyword {
                    rest,
                    line: else_line,
                    ..
                } => {
                    if keyword == "if"
                        && matches!(rest.first(), Some(Token::Identifier(word)) if word == "if")
                    {
                        let condition = parse_pipeline(&rest[1..], (else_line, 0), 0)?;
                        let (branch, next) = self.parse_list()?;
                        branches.push((condition, branch));
                        end = next;
                        continue;
                    }
                    if !rest.is_empty() {
                        return Err(error(
                            else_line,
                            format!("unexpected {:?} in else", rest[0]),
                        ));
                    }
                    let (list, next) = self.parse_list()?;
                    otherwise = list;
                    match next {
                        End::Keyword { keyword: word, .. } if word == "end" => break,
                        End::Keyword { line, .. } => {
                            return Err(error(line, "expected end; found {{else}}"))
                        }
                        End::Eof => {
                            return Err(error(line, format!("unexpected EOF in {keyword}")))
                        }
                    }
                }
            }
        }
        self.depth -= 1;
        Ok(match keyword {
            "if" => Node::If {
                branches,
                otherwise,
            },
            "range" => Node::Range {
                pipeline,
                body,
                otherwise,
            },
            _ => Node::With {
                pipeline,
                body,
                otherwise,
            },
        })
    }
}

/// Parses `[$a[, $b] :=] command | command …`.
fn parse_pipeline(
    tokens: &[Token],
    position: (usize, usize),
    depth: usize,
) -> Result<Pipeline, TemplateError> {
    let line = position.0;
    if depth > MAX_DEPTH {
        return Err(error(line, "template nests too deeply"));
    }
    let (variables, tokens) = split_declaration(tokens);
    let mut commands = Vec::new();
    let mut operands = Vec::new();
    let mut index = 0;
    while index < tokens.len() {
        match &tokens[index] {
            Token::Pipe => {
                if operands.is_empty() {
                    return Err(error(line, "missing command"));
                }
                commands.push(Command {
                    operands: std::mem::take(&mut operands),
                });
                index += 1;
            }
            Token::Open => {
                let close = matching_close(tokens, index)
                    .ok_or_else(|| error(line, "unclosed left paren"))?;
                let inner = parse_pipeline(&tokens[index + 1..close], position, depth + 1)?;
                index = close + 1;
                let fields = take_fields(tokens, &mut index);
                operands.push(Operand::Group(Box::new(inner), fields));
            }
            Token::Close => return Err(error(line, "unexpected right paren")),
            Token::Declare | Token::Assign | Token::Comma | Token::Chain(_) => {
                return Err(error(
                    line,
                    format!("unexpected {:?} in operand", tokens[index]),
                ));
            }
            token => {
                index += 1;
                operands.push(operand(token, tokens, &mut index));
            }
        }
    }
    if !operands.is_empty() {
        commands.push(Command { operands });
    } else if !commands.is_empty() {
        return Err(error(line, "missing command"));
    }
    Ok(Pipeline {
        variables,
        commands,
        position,
    })
}

fn operand(token: &Token, tokens: &[Token], index: &mut usize) -> Operand {
    match token {
        Token::Dot => Operand::Dot(Vec::new()),
        Token::Field(name) => {
            let mut fields = vec![name.clone()];
            fields.extend(take_fields(tokens, index));
            Operand::Dot(fields)
        }
        Token::Variable(name) => Operand::Variable(name.clone(), take_fields(tokens, index)),
        Token::String(text) => Operand::String(text.clone()),
        Token::Number(value, text) => Operand::Number(*value, text.clone()),
        Token::Identifier(word) => match word.as_str() {
            "true" => Operand::Bool(true),
            "false" => Operand::Bool(false),
            "nil" => Operand::Nil,
            _ => Operand::Function(word.clone()),
        },
        _ => Operand::Nil,
    }
}

/// Takes the `.Name` tokens that follow an operand with no space between.
fn take_fields(tokens: &[Token], index: &mut usize) -> Vec<String> {
    let mut fields = Vec::new();
    while let Some(Token::Chain(name)) = tokens.get(*index) {
        fields.push(name.clone());
        *index += 1;
    }
    fields
}

fn matching_close(tokens: &[Token], open: usize) -> Option<usize> {
    let mut depth = 0usize;
    for (index, token) in tokens.iter().enumerate().skip(open) {
        match token {
            Token::Open => depth += 1,
            Token::Close => {
                depth -= 1;
                if depth == 0 {
                    return Some(index);
                }
            }
            _ => {}
        }
    }
    None
}

/// Splits `$a, $b :=` or `$a =` off the front of a pipeline.
fn split_declaration(tokens: &[Token]) -> (Vec<String>, &[Token]) {
    match tokens {
        [Token::Variable(a), Token::Comma, Token::Variable(b), Token::Declare, rest @ ..] => {
            (vec![a.clone(), b.clone()], rest)
        }
        [Token::Variable(a), Token::Declare | Token::Assign, rest @ ..] => (vec![a.clone()], rest),
        _ => (Vec::new(), tokens),
    }
}

/// Rejects calls of functions outside `known`, as Go's parser does.
pub fn check_functions(nodes: &[Node], known: &[&str]) -> Result<(), TemplateError> {
    for node in nodes {
        match node {
            Node::Text(_) => {}
            Node::Action(pipeline) => check_pipeline(pipeline, known)?,
            Node::If {
                branches,
                otherwise,
            } => {
                for (condition, body) in branches {
                    check_pipeline(condition, known)?;
                    check_functions(body, known)?;
                }
                check_functions(otherwise, known)?;
            }
            Node::Range {
                pipeline,
                body,
                otherwise,
            }
            | Node::With {
                pipeline,
                body,
                otherwise,
            } => {
                check_pipeline(pipeline, known)?;
                check_functions(body, known)?;
                check_functions(otherwise, known)?;
            }
        }
    }
    Ok(())
}

fn check_pipeline(pipeline: &Pipeline, known: &[&str]) -> Result<(), TemplateError> {
    for operand in pipeline
        .commands
        .iter()
        .flat_map(|command| &command.operands)
    {
        match operand {
            Operand::Function(name) if !known.contains(&name.as_str()) => {
                return Err(error(
                    pipeline.position.0,
                    format!("function \"{name}\" not defined"),
                ));
            }
            Operand::Group(inner, _) => check_pipeline(inner, known)?,
            _ => {}
        }
    }
    Ok(())
}
