//! Template execution: walks the nodes with a dot and variables, calls the
//! functions, and prints values as Go's `fmt.Sprint` prints decoded JSON.

use crate::json::Json;

use super::parse::{Command, Node, Operand, Pipeline};
use super::TemplateError;
use shared_sort::SharedSort;

/// What a field that the data lacks evaluates to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Missing {
    /// `<no value>`, as Go prints a missing map key (`docker inspect`).
    NoValue,
    /// Go's `can't evaluate field NAME in type TYPE`, as for docker/cli's
    /// struct contexts; the string is the Go type (`*formatter.imageContext`).
    Error(&'static str),
}

/// Which set of functions runs: the normal ones, or docker/cli's header
/// functions that return their argument unchanged.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Functions {
    Normal,
    Header,
}

/// The marker a missing map key evaluates to; printed as `<no value>`.
const NO_VALUE: &str = "\u{0}<no value>";

struct State<'a> {
    missing: Missing,
    functions: Functions,
    variables: Vec<(String, Json)>,
    root: &'a Json,
    out: String,
}

/// Runs `nodes` with `data` as dot.
pub fn execute(
    nodes: &[Node],
    data: &Json,
    missing: Missing,
    functions: Functions,
) -> Result<String, TemplateError> {
    let mut state = State {
        missing,
        functions,
        variables: vec![(String::new(), data.clone())],
        root: data,
        out: String::new(),
    };
    state.walk(nodes, data)?;
    Ok(state.out)
}

impl State<'_> {
    fn walk(&mut self, nodes: &[Node], dot: &Json) -> Result<(), TemplateError> {
        for node in nodes {
            match node {
                Node::Text(text) => self.out.push_str(text),
                Node::Action(pipeline) => {
                    let value = self.pipeline(pipeline, dot)?;
                    if pipeline.variables.is_empty() {
                        self.out.push_str(&go_print(&value));
                    }
                }
                Node::If {
                    branches,
                    otherwise,
                } => self.walk_if(branches, otherwise, dot)?,
                Node::With {
                    pipeline,
                    body,
                    otherwise,
                } => {
                    let marker = self.variables.len();
                    let value = self.pipeline(pipeline, dot)?;
                    if truth(&value) {
                        self.walk(body, &value)?;
                    } else {
                        self.walk(otherwise, dot)?;
                    }
                    self.variables.truncate(marker);
                }
                Node::Range {
                    pipeline,
                    body,
                    otherwise,
                } => self.walk_range(pipeline, body, otherwise, dot)?,
            }
        }
        Ok(())
    }

    fn walk_if(
        &mut self,
        branches: &[(Pipeline, Vec<Node>)],
        otherwise: &[Node],
        dot: &Json,
    ) -> Result<(), TemplateError> {
        let marker = self.variables.len();
        for (condition, body) in branches {
            if truth(&self.pipeline(condition, dot)?) {
                self.walk(body, dot)?;
                self.variables.truncate(marker);
                return Ok(());
            }
        }
        self.walk(otherwise, dot)?;
        self.variables.truncate(marker);
        Ok(())
    }

    fn walk_range(
        &mut self,
        pipeline: &Pipeline,
        body: &[Node],
        otherwise: &[Node],
        dot: &Json,
    ) -> Result<(), TemplateError> {
        let marker = self.variables.len();
        let declared = Pipeline {
            variables: Vec::new(),
            commands: pipeline.commands.clone(),
            position: pipeline.position,
        };
        let value = self.pipeline(&declared, dot)?;
        let items: Vec<(Json, Json)> = match &value {
            Json::Array(items) => items
                .iter()
                .enumerate()
                .map(|(index, item)| (Json::from(index), item.clone()))
                .collect(),
            Json::Object(map) => sorted(map)
                .into_iter()
                .map(|(key, item)| (Json::from(key.as_str()), item.clone()))
                .collect(),
            Json::Null => Vec::new(),
            Json::String(text) if text == NO_VALUE => Vec::new(),
            Json::Int(number) => {
                let count = u64::try_from(*number).unwrap_or(0).min(1_000_000);
                (0..count)
                    .map(|index| (Json::from(index), Json::from(index)))
                    .collect()
            }
            Json::Float(_) => Vec::new(),
            other => {
                return Err(self.exec_error(
                    pipeline,
                    format!("range can't iterate over {}", go_print(other)),
                ))
            }
        };
        if items.is_empty() {
            self.walk(otherwise, dot)?;
        }
        for (key, item) in items {
            match pipeline.variables.as_slice() {
                [element] => self.variables.push((element.clone(), item.clone())),
                [index, element] => {
                    self.variables.push((index.clone(), key));
                    self.variables.push((element.clone(), item.clone()));
                }
                _ => {}
            }
            self.walk(body, &item)?;
            self.variables.truncate(marker);
        }
        Ok(())
    }

    fn pipeline(&mut self, pipeline: &Pipeline, dot: &Json) -> Result<Json, TemplateError> {
        let mut value: Option<Json> = None;
        for command in &pipeline.commands {
            value = Some(self.command(command, dot, value, pipeline)?);
        }
        let value = value.unwrap_or(Json::Null);
        for name in &pipeline.variables {
            match self
                .variables
                .iter_mut()
                .rev()
                .find(|(known, _)| known == name)
            {
                Some(slot) if pipeline.commands.is_empty() => slot.1 = value.clone(),
                _ => self.variables.push((name.clone(), value.clone())),
            }
        }
        Ok(value)
    }

    fn command(
        &mut self,
        command: &Command,
        dot: &Json,
        piped: Option<Json>,
        pipeline: &Pipeline,
    ) -> Result<Json, TemplateError> {
        let Some(first) = command.operands.first() else {
            return Ok(Json::Null);
        };
        if let Operand::Function(name) = first {
            let mut arguments = Vec::with_capacity(command.operands.len());
            for operand in &command.operands[1..] {
                arguments.push(self.operand(operand, dot, pipeline)?);
            }
            if let Some(value) = piped {
                arguments.push(value);
            }
            return self.call(name, arguments, pipeline);
        }
        if command.operands.len() > 1 || piped.is_some() {
            return Err(self.exec_error(
                pipeline,
                format!(
                    "can't give argument to non-function {}",
                    operand_text(first)
                ),
            ));
        }
        self.operand(first, dot, pipeline)
    }

    fn operand(
        &mut self,
        operand: &Operand,
        dot: &Json,
        pipeline: &Pipeline,
    ) -> Result<Json, TemplateError> {
        match operand {
            Operand::Dot(fields) => self.fields(dot.clone(), fields, pipeline, operand),
            Operand::Variable(name, fields) => {
                let value = if name.is_empty() {
                    self.root.clone()
                } else {
                    match self.variables.iter().rev().find(|(known, _)| known == name) {
                        Some((_, value)) => value.clone(),
                        None => {
                            return Err(super::parse_error_text(
                                pipeline.position.0,
                                &format!("undefined variable \"${name}\""),
                            ))
                        }
                    }
                };
                self.fields(value, fields, pipeline, operand)
            }
            Operand::Function(name) => self.call(name, Vec::new(), pipeline),
            Operand::String(text) => Ok(Json::String(text.clone())),
            Operand::Number(value, text) => Ok(number_value(*value, text)),
            Operand::Bool(value) => Ok(Json::Bool(*value)),
            Operand::Nil => Err(self.exec_error(pipeline, "nil is not a command")),
            Operand::Group(inner, fields) => {
                let value = self.pipeline(inner, dot)?;
                self.fields(value, fields, pipeline, operand)
            }
        }
    }

    fn fields(
        &self,
        mut value: Json,
        fields: &[String],
        pipeline: &Pipeline,
        operand: &Operand,
    ) -> Result<Json, TemplateError> {
        for field in fields {
            value = match value {
                Json::Object(mut map) => match map.iter().position(|(key, _)| key == field) {
                    Some(index) => map.swap_remove(index).1,
                    None => match self.missing {
                        Missing::NoValue => Json::String(NO_VALUE.to_string()),
                        Missing::Error(type_name) => {
                            return Err(self.exec_error_at(
                                pipeline,
                                operand,
                                format!("can't evaluate field {field} in type {type_name}"),
                            ));
                        }
                    },
                },
                Json::Null => {
                    return Err(self.exec_error_at(
                        pipeline,
                        operand,
                        format!("nil pointer evaluating interface {{}}.{field}"),
                    ));
                }
                Json::String(text) if text == NO_VALUE => {
                    return Err(self.exec_error_at(
                        pipeline,
                        operand,
                        format!("nil pointer evaluating interface {{}}.{field}"),
                    ));
                }
                other => {
                    return Err(self.exec_error_at(
                        pipeline,
                        operand,
                        format!("can't evaluate field {field} in type {}", go_type(&other)),
                    ));
                }
            };
        }
        Ok(value)
    }

    fn exec_error(&self, pipeline: &Pipeline, message: impl AsRef<str>) -> TemplateError {
        let (line, column) = pipeline.position;
        TemplateError::new(format!(
            "template: :{line}:{column}: executing \"\" at <{}>: {}",
            pipeline_text(pipeline),
            message.as_ref()
        ))
    }

    fn exec_error_at(
        &self,
        pipeline: &Pipeline,
        operand: &Operand,
        message: impl AsRef<str>,
    ) -> TemplateError {
        let (line, column) = pipeline.position;
        TemplateError::new(format!(
            "template: :{line}:{column}: executing \"\" at <{}>: {}",
            operand_text(operand),
            message.as_ref()
        ))
    }

    fn call(
        &mut self,
        name: &str,
        arguments: Vec<Json>,
        pipeline: &Pipeline,
    ) -> Result<Json, TemplateError> {
        let count = arguments.len();
        let wrong = |state: &Self, expected: usize| {
            state.exec_error(
                pipeline,
                format!("wrong number of args for {name}: want {expected} got {count}"),
            )
        };
        if self.functions == Functions::Header
            && matches!(
                name,
                "json" | "split" | "join" | "title" | "lower" | "upper" | "truncate"
            )
        {
            return arguments.into_iter().next().ok_or_else(|| wrong(self, 1));
        }
        let call_error = |state: &Self, message: String| {
            state.exec_error(pipeline, format!("error calling {name}: {message}"))
        };
        match name {
            "json" => match arguments.as_slice() {
                [value] => Ok(Json::String(json_text(value))),
                _ => Err(wrong(self, 1)),
            },
            "lower" | "upper" | "title" => match arguments.as_slice() {
                [value] => {
                    let text = self.string_argument(value, name, pipeline)?;
                    Ok(Json::String(match name {
                        "lower" => text.to_lowercase(),
                        "upper" => text.to_uppercase(),
                        _ => title_case(&text),
                    }))
                }
                _ => Err(wrong(self, 1)),
            },
            "split" => match arguments.as_slice() {
                [text, separator] => {
                    let text = self.string_argument(text, name, pipeline)?;
                    let separator = self.string_argument(separator, name, pipeline)?;
                    Ok(Json::Array(
                        go_split(&text, &separator)
                            .into_iter()
                            .map(Json::String)
                            .collect(),
                    ))
                }
                _ => Err(wrong(self, 2)),
            },
            "join" => match arguments.as_slice() {
                [Json::Array(items), separator] => {
                    let separator = self.string_argument(separator, name, pipeline)?;
                    let mut parts = Vec::with_capacity(items.len());
                    for item in items {
                        parts.push(self.string_argument(item, name, pipeline)?);
                    }
                    Ok(Json::String(parts.join(&separator)))
                }
                [other, _] => Err(self.exec_error(
                    pipeline,
                    format!(
                        "wrong type for value; expected []string; got {}",
                        go_type(other)
                    ),
                )),
                _ => Err(wrong(self, 2)),
            },
            "truncate" => match arguments.as_slice() {
                [text, length] => {
                    let text = self.string_argument(text, name, pipeline)?;
                    let length = self.int_argument(length, pipeline)?;
                    Ok(Json::String(truncate_bytes(&text, length)))
                }
                _ => Err(wrong(self, 2)),
            },
            "pad" => match arguments.as_slice() {
                [text, prefix, suffix] => {
                    let text = self.string_argument(text, name, pipeline)?;
                    let prefix = self.int_argument(prefix, pipeline)?.min(10_000);
                    let suffix = self.int_argument(suffix, pipeline)?.min(10_000);
                    Ok(Json::String(format!(
                        "{}{text}{}",
                        " ".repeat(prefix),
                        " ".repeat(suffix)
                    )))
                }
                _ => Err(wrong(self, 3)),
            },
            "println" => Ok(Json::String(go_sprintln(&arguments))),
            "print" => Ok(Json::String(go_sprint(&arguments))),
            "printf" => match arguments.split_first() {
                Some((Json::String(format), rest)) => Ok(Json::String(go_sprintf(format, rest))),
                _ => Err(wrong(self, 1)),
            },
            "len" => match arguments.as_slice() {
                [Json::String(text)] if text != NO_VALUE => Ok(Json::from(text.len())),
                [Json::Array(items)] => Ok(Json::from(items.len())),
                [Json::Object(map)] => Ok(Json::from(map.len())),
                [other] => Err(call_error(self, format!("len of type {}", go_type(other)))),
                _ => Err(wrong(self, 1)),
            },
            "index" => self.index(arguments, pipeline),
            "not" => match arguments.as_slice() {
                [value] => Ok(Json::Bool(!truth(value))),
                _ => Err(wrong(self, 1)),
            },
            "and" => Ok(arguments
                .iter()
                .find(|value| !truth(value))
                .or(arguments.last())
                .cloned()
                .unwrap_or(Json::Null)),
            "or" => Ok(arguments
                .iter()
                .find(|value| truth(value))
                .or(arguments.last())
                .cloned()
                .unwrap_or(Json::Null)),
            "eq" | "ne" | "lt" | "le" | "gt" | "ge" => self.compare(name, &arguments, pipeline),
            _ => Err(super::parse_error_text(
                pipeline.position.0,
                &format!("function \"{name}\" not defined"),
            )),
        }
    }

    fn index(&self, arguments: Vec<Json>, pipeline: &Pipeline) -> Result<Json, TemplateError> {
        let mut arguments = arguments.into_iter();
        let mut value = arguments.next().unwrap_or(Json::Null);
        for key in arguments {
            value = match (value, &key) {
                (Json::Array(items), Json::Int(_) | Json::Float(_)) => {
                    let index = key.as_i64().and_then(|index| u64::try_from(index).ok());
                    let index = index.unwrap_or(u64::MAX);
                    match usize::try_from(index)
                        .ok()
                        .and_then(|index| items.get(index))
                    {
                        Some(item) => item.clone(),
                        None => {
                            return Err(self.exec_error(
                                pipeline,
                                format!(
                                    "error calling index: index out of range: {}",
                                    go_print(&key)
                                ),
                            ))
                        }
                    }
                }
                (Json::Object(map), Json::String(name)) => map
                    .iter()
                    .find(|(key, _)| key == name)
                    .map_or(Json::Null, |(_, value)| value.clone()),
                (Json::Null, _) => {
                    return Err(
                        self.exec_error(pipeline, "error calling index: index of untyped nil")
                    )
                }
                (other, _) => {
                    return Err(self.exec_error(
                        pipeline,
                        format!(
                            "error calling index: cannot index slice/array with type {}",
                            go_type_of_key(&other, &key)
                        ),
                    ));
                }
            };
        }
        Ok(value)
    }

    fn compare(
        &self,
        name: &str,
        arguments: &[Json],
        pipeline: &Pipeline,
    ) -> Result<Json, TemplateError> {
        let [left, rest @ ..] = arguments else {
            return Err(self.exec_error(
                pipeline,
                format!("wrong number of args for {name}: want at least 1 got 0"),
            ));
        };
        if rest.is_empty() {
            return Err(self.exec_error(
                pipeline,
                format!("error calling {name}: missing argument for comparison"),
            ));
        }
        let incompatible = || {
            self.exec_error(
                pipeline,
                format!("error calling {name}: incompatible types for comparison"),
            )
        };
        let ordering = |right: &Json| -> Result<std::cmp::Ordering, TemplateError> {
            match (left, right) {
                (Json::String(a), Json::String(b)) => Ok(a.cmp(b)),
                (Json::Int(_) | Json::Float(_), Json::Int(_) | Json::Float(_)) => {
                    let (a, b) = (left.as_f64().unwrap_or(0.0), right.as_f64().unwrap_or(0.0));
                    Ok(a.partial_cmp(&b).unwrap_or(std::cmp::Ordering::Equal))
                }
                (Json::Bool(a), Json::Bool(b)) if matches!(name, "eq" | "ne") => Ok(a.cmp(b)),
                (Json::Null, Json::Null) if matches!(name, "eq" | "ne") => {
                    Ok(std::cmp::Ordering::Equal)
                }
                _ => Err(incompatible()),
            }
        };
        let result = match name {
            "eq" => {
                let mut equal = false;
                for right in rest {
                    equal |= ordering(right)? == std::cmp::Ordering::Equal;
                }
                equal
            }
            "ne" => ordering(&rest[0])? != std::cmp::Ordering::Equal,
            "lt" => ordering(&rest[0])? == std::cmp::Ordering::Less,
            "le" => ordering(&rest[0])? != std::cmp::Ordering::Greater,
            "gt" => ordering(&rest[0])? == std::cmp::Ordering::Greater,
            _ => ordering(&rest[0])? != std::cmp::Ordering::Less,
        };
        Ok(Json::Bool(result))
    }

    fn string_argument(
        &self,
        value: &Json,
        name: &str,
        pipeline: &Pipeline,
    ) -> Result<String, TemplateError> {
        match value {
            Json::String(text) if text == NO_VALUE => Err(self.exec_error(
                pipeline,
                format!("invalid value; expected string for {name}"),
            )),
            Json::String(text) => Ok(text.clone()),
            other => Err(self.exec_error(
                pipeline,
                format!(
                    "wrong type for value; expected string; got {}",
                    go_type(other)
                ),
            )),
        }
    }

    fn int_argument(&self, value: &Json, pipeline: &Pipeline) -> Result<usize, TemplateError> {
        match value {
            Json::Int(number) => Ok(usize::try_from(*number).unwrap_or(0)),
            other => Err(self.exec_error(
                pipeline,
                format!("wrong type for value; expected int; got {}", go_type(other)),
            )),
        }
    }
}

/// Returns whether Go's templates treat a value as true.
fn truth(value: &Json) -> bool {
    match value {
        Json::Null => false,
        Json::Bool(value) => *value,
        Json::Int(number) => *number != 0,
        Json::Float(number) => *number != 0.0,
        Json::String(text) => !text.is_empty() && text != NO_VALUE,
        Json::Array(items) => !items.is_empty(),
        Json::Object(map) => !map.is_empty(),
    }
}

fn number_value(value: f64, text: &str) -> Json {
    let integral = !text.contains(['.', 'e', 'E']) || text.starts_with("0x");
    if integral && value.fract() == 0.0 && value.abs() < 9.0e15 {
        return Json::from(value as i64);
    }
    if value.is_finite() {
        Json::Float(value)
    } else {
        Json::Null
    }
}

/// Returns an object's entries sorted by key, as Go ranges over a map.
fn sorted(map: &[(String, Json)]) -> Vec<(&String, &Json)> {
    let mut entries: Vec<_> = map.iter().map(|(key, value)| (key, value)).collect();
    entries.shared_sort_by(|a, b| a.0.cmp(b.0));
    entries
}

/// Prints a value as Go's `fmt.Sprint` prints the same JSON decoded into
/// `interface{}`: maps as `map[k:v]` with sorted keys, slices as `[a b]`,
/// null as `<nil>`, floats in `%v` form (`1.5`, `1e+06`).
pub fn go_print(value: &Json) -> String {
    match value {
        Json::Null => "<nil>".to_string(),
        Json::Bool(value) => value.to_string(),
        Json::Int(number) => number.to_string(),
        Json::Float(number) => go_float(*number),
        Json::String(text) if text == NO_VALUE => "<no value>".to_string(),
        Json::String(text) => text.clone(),
        Json::Array(items) => format!(
            "[{}]",
            items.iter().map(go_print).collect::<Vec<_>>().join(" ")
        ),
        Json::Object(map) => {
            let parts: Vec<String> = sorted(map)
                .into_iter()
                .map(|(key, value)| format!("{key}:{}", go_print(value)))
                .collect();
            format!("map[{}]", parts.join(" "))
        }
    }
}

/// Formats a float as Go's `%v`: the shortest digits, in exponent form when
/// the exponent is below -4 or at least 6, as `strconv` does for the
/// shortest precision.
fn go_float(value: f64) -> String {
    if value == 0.0 {
        return "0".to_string();
    }
    let scientific = format!("{value:e}");
    let Some((mantissa, exponent)) = scientific.split_once('e') else {
        return scientific;
    };
    let exponent: i32 = exponent.parse().unwrap_or(0);
    if !(-4..6).contains(&exponent) {
        let sign = if exponent < 0 { '-' } else { '+' };
        return format!("{mantissa}e{sign}{:02}", exponent.abs());
    }
    format!("{value}")
}

fn go_type(value: &Json) -> &'static str {
    match value {
        Json::Null => "interface {}",
        Json::Bool(_) => "bool",
        Json::Float(_) => "float64",
        Json::Int(_) => "int",
        Json::String(_) => "string",
        Json::Array(_) => "[]interface {}",
        Json::Object(_) => "map[string]interface {}",
    }
}

fn go_type_of_key(_collection: &Json, key: &Json) -> &'static str {
    go_type(key)
}

fn operand_text(operand: &Operand) -> String {
    let fields = |fields: &[String]| {
        fields
            .iter()
            .map(|field| format!(".{field}"))
            .collect::<String>()
    };
    match operand {
        Operand::Dot(names) if names.is_empty() => ".".to_string(),
        Operand::Dot(names) => fields(names),
        Operand::Variable(name, names) => format!("${name}{}", fields(names)),
        Operand::Function(name) => name.clone(),
        Operand::String(text) => format!("{text:?}"),
        Operand::Number(_, text) => text.clone(),
        Operand::Bool(value) => value.to_string(),
        Operand::Nil => "nil".to_string(),
        Operand::Group(inner, names) => format!("({}){}", pipeline_text(inner), fields(names)),
    }
}

fn pipeline_text(pipeline: &Pipeline) -> String {
    let commands: Vec<String> = pipeline
        .commands
        .iter()
        .map(|command| {
            command
                .operands
                .iter()
                .map(operand_text)
                .collect::<Vec<_>>()
                .join(" ")
        })
        .collect();
    commands.join(" | ")
}

/// Returns compact JSON as docker/cli's `json` function writes it: no HTML
/// escaping. Object keys come out sorted, because the data's objects are
/// sorted before templates run.
fn json_text(value: &Json) -> String {
    match value {
        Json::String(text) if text == NO_VALUE => "null".to_string(),
        other => other.to_rust_compact(),
    }
}

/// Uppercases the first letter of each word, as Go's deprecated
/// `strings.Title` does.
fn title_case(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut previous_letter = false;
    for c in text.chars() {
        if !previous_letter && c.is_alphabetic() {
            out.extend(c.to_uppercase());
        } else {
            out.push(c);
        }
        previous_letter = c.is_alphanumeric() || c == '_' || c == '\'';
    }
    out
}

/// Splits as Go's `strings.Split`: an empty separator splits into characters.
fn go_split(text: &str, separator: &str) -> Vec<String> {
    if separator.is_empty() {
        return text.chars().map(String::from).collect();
    }
    text.split(separator).map(str::to_string).collect()
}

/// Cuts to `length` bytes as docker/cli's `truncate` does, backing off to a
/// character boundary so the result stays valid UTF-8.
fn truncate_bytes(text: &str, length: usize) -> String {
    if text.len() <= length {
        return text.to_string();
    }
    let mut end = length;
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    text[..end].to_string()
}

fn go_sprint(arguments: &[Json]) -> String {
    let mut out = String::new();
    for (index, argument) in arguments.iter().enumerate() {
        let is_string = matches!(argument, Json::String(_));
        let previous_string = index > 0 && matches!(arguments[index - 1], Json::String(_));
        if index > 0 && !is_string && !previous_string {
            out.push(' ');
        }
        out.push_str(&go_print(argument));
    }
    out
}

fn go_sprintln(arguments: &[Json]) -> String {
    let parts: Vec<String> = arguments.iter().map(go_print).collect();
    format!("{}\n", parts.join(" "))
}

/// Formats with the verbs `%s`, `%v`, `%d`, `%q` and `%%`; other verbs print
/// as Go prints a bad verb (`%!x(string=…)`).
fn go_sprintf(format: &str, arguments: &[Json]) -> String {
    let mut out = String::new();
    let mut arguments = arguments.iter();
    let mut chars = format.chars();
    while let Some(c) = chars.next() {
        if c != '%' {
            out.push(c);
            continue;
        }
        let Some(verb) = chars.next() else {
            out.push_str("%!(NOVERB)");
            break;
        };
        if verb == '%' {
            out.push('%');
            continue;
        }
        let Some(argument) = arguments.next() else {
            out.push_str(&format!("%!{verb}(MISSING)"));
            continue;
        };
        match verb {
            's' | 'v' | 'd' => out.push_str(&go_print(argument)),
            'q' => out.push_str(&crate::strconv::quote(&go_print(argument))),
            other => out.push_str(&format!(
                "%!{other}({}={})",
                go_type(argument),
                go_print(argument)
            )),
        }
    }
    let extra: Vec<String> = arguments
        .map(|argument| format!("{}={}", go_type(argument), go_print(argument)))
        .collect();
    if !extra.is_empty() {
        out.push_str(&format!("%!(EXTRA {})", extra.join(", ")));
    }
    out
}
