//! `test` and `[`: file tests, string tests and integer comparisons, with
//! `!`, `-a`, `-o` and parentheses, as POSIX's `test` reads them.

use crate::fs::FileType;
use crate::sh::ctx::Ctx;
use crate::sh::exec::absolute_in;
use crate::sh::state::ShellKind;

pub(crate) fn test(ctx: &mut Ctx) -> i32 {
    let mut args = ctx.args().to_vec();
    if ctx.name() == "[" {
        if args.last().map(String::as_str) != Some("]") {
            let message = match ctx.shell.kind() {
                ShellKind::Bash => "[: missing `]'".to_string(),
                _ => "[: missing ]".to_string(),
            };
            report(ctx, &message);
            return 2;
        }
        args.pop();
    }
    let mut parser = Parser {
        ctx,
        args: &args,
        pos: 0,
    };
    let result = parser.expression();
    match result {
        Ok(_) if parser.pos < args.len() => {
            let extra = args[parser.pos].clone();
            report(ctx, &format!("{extra}: unexpected operator"));
            2
        }
        Ok(true) => 0,
        Ok(false) => 1,
        Err(message) => {
            report(ctx, &message);
            2
        }
    }
}

/// Prints a `test` error with the shell's prefix, as a builtin does.
fn report(ctx: &mut Ctx, message: &str) {
    let prefix = match ctx.shell.kind() {
        ShellKind::Dash => format!(
            "{}: {}: ",
            ctx.shell.argv0(),
            ctx.line + ctx.run.line_offset
        ),
        ShellKind::Bash | ShellKind::Ash => format!("{}: ", ctx.shell.argv0()),
    };
    let name = ctx.name().to_string();
    let message = match message.starts_with(&format!("{name}:")) {
        true => format!("{prefix}{message}\n"),
        false => format!("{prefix}{name}: {message}\n"),
    };
    ctx.err(message);
}

struct Parser<'p, 'c> {
    ctx: &'p mut Ctx<'c>,
    args: &'p [String],
    pos: usize,
}

impl Parser<'_, '_> {
    fn peek(&self) -> Option<&str> {
        self.args.get(self.pos).map(String::as_str)
    }

    fn expression(&mut self) -> Result<bool, String> {
        if self.args.is_empty() {
            return Ok(false);
        }
        let mut value = self.and()?;
        while self.peek() == Some("-o") {
            self.pos += 1;
            let right = self.and()?;
            value = value || right;
        }
        Ok(value)
    }

    fn and(&mut self) -> Result<bool, String> {
        let mut value = self.not()?;
        while self.peek() == Some("-a") {
            self.pos += 1;
            let right = self.not()?;
            value = value && right;
        }
        Ok(value)
    }

    fn not(&mut self) -> Result<bool, String> {
        let remaining = self.args.len() - self.pos;
        if self.peek() == Some("!") && remaining > 1 {
            self.pos += 1;
            return Ok(!self.not()?);
        }
        self.primary()
    }

    fn primary(&mut self) -> Result<bool, String> {
        let Some(first) = self.peek().map(str::to_string) else {
            return Err("argument expected".to_string());
        };
        if first == "(" {
            self.pos += 1;
            let value = self.expression()?;
            if self.peek() != Some(")") {
                return Err("closing paren expected".to_string());
            }
            self.pos += 1;
            return Ok(value);
        }
        if let Some(operator) = self.args.get(self.pos + 1).map(String::as_str) {
            if let Some(right) = self.args.get(self.pos + 2) {
                if is_binary(operator) {
                    self.pos += 3;
                    return binary(&first, operator, right);
                }
            }
        }
        if is_unary(&first) {
            if let Some(operand) = self.args.get(self.pos + 1).cloned() {
                self.pos += 2;
                return Ok(self.unary(&first, &operand));
            }
        }
        self.pos += 1;
        Ok(!first.is_empty())
    }

    fn unary(&mut self, operator: &str, operand: &str) -> bool {
        let path = absolute_in(self.ctx.shell.cwd(), operand);
        let stat = self.ctx.fs.stat(&path).ok();
        let uid = self.ctx.identity().uid;
        match operator {
            "-z" => operand.is_empty(),
            "-n" => !operand.is_empty(),
            "-e" | "-a" => stat.is_some(),
            "-f" => stat.is_some_and(|m| m.file_type == FileType::File),
            "-d" => stat.is_some_and(|m| m.file_type == FileType::Directory),
            "-s" => stat.is_some_and(|m| m.size > 0),
            "-x" => stat.is_some_and(|m| {
                uid == 0 && m.mode & 0o111 != 0
                    || m.mode & 0o001 != 0
                    || m.uid == uid && m.mode & 0o100 != 0
            }),
            "-r" => stat.is_some_and(|m| {
                uid == 0 || m.mode & 0o004 != 0 || m.uid == uid && m.mode & 0o400 != 0
            }),
            "-w" => stat.is_some_and(|m| {
                uid == 0 || m.mode & 0o002 != 0 || m.uid == uid && m.mode & 0o200 != 0
            }),
            "-L" | "-h" => self
                .ctx
                .fs
                .lstat(&path)
                .is_ok_and(|m| m.file_type == FileType::Symlink),
            "-b" | "-c" | "-p" | "-S" | "-t" => false,
            _ => false,
        }
    }
}

fn is_unary(operator: &str) -> bool {
    matches!(
        operator,
        "-z" | "-n"
            | "-e"
            | "-a"
            | "-f"
            | "-d"
            | "-s"
            | "-x"
            | "-r"
            | "-w"
            | "-L"
            | "-h"
            | "-b"
            | "-c"
            | "-p"
            | "-S"
            | "-t"
    )
}

fn is_binary(operator: &str) -> bool {
    matches!(
        operator,
        "=" | "==" | "!=" | "-eq" | "-ne" | "-lt" | "-le" | "-gt" | "-ge" | "<" | ">"
    )
}

fn binary(left: &str, operator: &str, right: &str) -> Result<bool, String> {
    let integer = |text: &str| -> Result<i64, String> {
        text.trim()
            .parse()
            .map_err(|_| format!("Illegal number: {text}"))
    };
    Ok(match operator {
        "=" | "==" => left == right,
        "!=" => left != right,
        "<" => left < right,
        ">" => left > right,
        "-eq" => integer(left)? == integer(right)?,
        "-ne" => integer(left)? != integer(right)?,
        "-lt" => integer(left)? < integer(right)?,
        "-le" => integer(left)? <= integer(right)?,
        "-gt" => integer(left)? > integer(right)?,
        _ => integer(left)? >= integer(right)?,
    })
}
