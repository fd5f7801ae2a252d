//! `--format` templates: a subset of Go's `text/template` with docker/cli's
//! functions, rendered against a [`Json`](crate::json::Json) whose objects
//! have their keys sorted.
//!
//! Supported: text and `{{ }}` actions with `{{-`/`-}}` trimming, comments,
//! field chains (`.Config.Env`, `$.ID`, `$var.Name`), variables (`$x := …`,
//! `range $i, $e := …`), pipelines (`.Names | join ","`), parenthesised
//! sub-pipelines, string, number, `true`, `false` and `nil` literals,
//! `if`/`else if`/`else`/`end`, `range`/`else`/`end` and `with`/`else`/`end`.
//! Functions: docker/cli's `json`, `join`, `split`, `lower`, `upper`,
//! `title`, `truncate`, `pad` and `println` (`templates/templates.go`), and
//! Go's `eq`, `ne`, `lt`, `le`, `gt`, `ge`, `and`, `or`, `not`, `len`,
//! `index`, `print`, `printf` (with `%s`, `%d`, `%v`, `%q` and `%%`).
//!
//! [`Format`] adds docker/cli's `formatter.Context` conventions on top: the
//! `table` prefix (a header row, then the rows, aligned by the tabwriter),
//! `json` for `{{json .}}`, and the `\t` and `\n` escapes users type.
//!
//! Missing fields print `<no value>` when [`Missing::NoValue`] is chosen, as
//! Go does for maps (`docker inspect`), or fail with Go's `can't evaluate
//! field` error for docker/cli's struct contexts (`docker images`).
//!
//! ```
//! use engine::client::template::{Format, Missing};
//! let format = Format::parse("table {{.Name}}\\t{{.Stars}}").unwrap();
//! let header = engine::sorted_object!({"Name": "NAME", "Stars": "STARS"});
//! let rows = [engine::sorted_object!({"Name": "nginx", "Stars": 20871})];
//! let text = format.render(&header, &rows, Missing::NoValue).unwrap();
//! assert_eq!(text, "NAME      STARS\nnginx     20871\n");
//! ```
//!
//! Parsing and execution never panic and take time linear in the template
//! times the data's size; nesting deeper than [`MAX_DEPTH`] is rejected.

mod exec;
mod parse;

#[cfg(test)]
mod tests;

use std::fmt;

use crate::json::Json;

use crate::table::DOCKER_TABLE;

pub use exec::{go_print, Missing};
use parse::Node;

/// The deepest nesting of blocks and parentheses a template may use.
pub const MAX_DEPTH: usize = 64;

/// A failed parse or execution, worded as Go's `text/template` words it
/// (`template: :1: function "foo" not defined`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TemplateError {
    /// The message without docker/cli's `template parsing error: ` prefix.
    pub message: String,
}

impl TemplateError {
    fn new(message: impl Into<String>) -> Self {
        Self {
            message: message.into(),
        }
    }
}

impl fmt::Display for TemplateError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

/// Returns Go's parse-time error: `template: :LINE: MESSAGE`.
pub(super) fn parse_error_text(line: usize, message: &str) -> TemplateError {
    TemplateError::new(format!("template: :{line}: {message}"))
}

/// The functions a template may call.
const FUNCTIONS: &[&str] = &[
    "json", "join", "split", "lower", "upper", "title", "truncate", "pad", "println", "print",
    "printf", "len", "index", "not", "and", "or", "eq", "ne", "lt", "le", "gt", "ge",
];

/// A parsed Go template.
#[derive(Clone, Debug)]
pub struct Template {
    nodes: Vec<Node>,
}

impl Template {
    /// Parses `text` as a Go template.
    pub fn parse(text: &str) -> Result<Self, TemplateError> {
        let nodes = parse::parse(text)?;
        parse::check_functions(&nodes, FUNCTIONS)?;
        Ok(Self { nodes })
    }

    /// Executes the template with `data` as dot and returns the text.
    pub fn execute(&self, data: &Json, missing: Missing) -> Result<String, TemplateError> {
        exec::execute(&self.nodes, data, missing, exec::Functions::Normal)
    }

    /// Executes the template for a table header: docker/cli's header
    /// functions return their first argument unchanged, so `{{json .ID}}`
    /// prints the header `IMAGE ID`.
    pub fn execute_header(&self, header: &Json) -> Result<String, TemplateError> {
        exec::execute(
            &self.nodes,
            header,
            Missing::NoValue,
            exec::Functions::Header,
        )
    }
}

/// A `--format` value as docker/cli's `formatter.Format` reads it.
#[derive(Clone, Debug)]
pub struct Format {
    template: Template,
    table: bool,
}

impl Format {
    /// Parses a `--format` value: `table` and `table TEMPLATE` turn on the
    /// header and the tabwriter, `json` means `{{json .}}`, and the escapes
    /// `\t` and `\n` become a tab and a newline.
    pub fn parse(text: &str) -> Result<Self, TemplateError> {
        let (table, body) = match text.strip_prefix("table") {
            Some(rest) => (true, rest),
            None => (false, text),
        };
        let body = body.trim_matches(' ');
        let body = if body == "json" { "{{json .}}" } else { body };
        let body = body.replace("\\t", "\t").replace("\\n", "\n");
        Ok(Self {
            template: Template::parse(&body)?,
            table,
        })
    }

    /// Parses a `--format` value, using `default_table` for `table` alone.
    pub fn parse_or_default(text: &str, default_table: &str) -> Result<Self, TemplateError> {
        if text.trim_matches(' ') == "table" || text.is_empty() {
            return Self::parse(default_table);
        }
        Self::parse(text)
    }

    /// Returns whether the format prints a table with a header.
    pub fn is_table(&self) -> bool {
        self.table
    }

    /// Renders every row followed by a newline; a table gets the header
    /// first and the tabwriter's alignment, as docker/cli's `postFormat` does.
    pub fn render(
        &self,
        header: &Json,
        rows: &[Json],
        missing: Missing,
    ) -> Result<String, TemplateError> {
        let mut text = String::new();
        if self.table {
            text.push_str(&self.template.execute_header(header)?);
            text.push('\n');
        }
        for row in rows {
            text.push_str(&self.template.execute(row, missing)?);
            text.push('\n');
        }
        if self.table {
            return Ok(DOCKER_TABLE.format(&text));
        }
        Ok(text)
    }
}
