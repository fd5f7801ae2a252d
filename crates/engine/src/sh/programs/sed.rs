//! `sed` (GNU sed 4.9 and BusyBox): scripts of `s`, `d`, `p` and `q`
//! commands with line, `$` and `/regex/` addresses and ranges, `-n`, `-E`,
//! several `-e`, and `-i` to edit files in place. A script with another
//! command changes nothing and marks the step as not simulated.

use super::args::{parse, report, Opt, Spec};
use crate::fs::Content;
use crate::sh::ctx::{Ctx, ReadError};
use crate::sh::regex::{Regex, Syntax};

#[derive(Clone, Debug)]
enum Address {
    Line(usize),
    Last,
    Pattern(Regex),
}

#[derive(Clone, Debug)]
enum Action {
    Substitute {
        regex: Regex,
        replacement: Vec<Piece>,
        global: bool,
        occurrence: usize,
        print: bool,
    },
    Delete,
    Print,
    Quit,
}

/// A piece of a replacement: text, the whole match (`&`) or a group (`\1`).
#[derive(Clone, Debug, PartialEq, Eq)]
enum Piece {
    Text(String),
    Group(usize),
}

#[derive(Clone, Debug)]
struct Command {
    start: Option<Address>,
    end: Option<Address>,
    negated: bool,
    action: Action,
}

/// The reason a script could not be read, with GNU sed's text.
#[derive(Debug)]
enum ScriptError {
    Invalid(String),
    Unsupported(char),
}

pub(crate) fn sed(ctx: &mut Ctx) -> i32 {
    const SPEC: Spec = Spec {
        flags: "nErsuz",
        valued: "ef",
        long_flags: &[
            ("quiet", 'n'),
            ("silent", 'n'),
            ("regexp-extended", 'E'),
            ("separate", 's'),
        ],
        long_valued: &[("expression", 'e'), ("file", 'f')],
    };
    // `-i` takes an optional suffix attached to it, which getopt cannot express.
    let mut in_place = false;
    let args: Vec<String> = ctx
        .args()
        .iter()
        .filter(|arg| {
            let is_in_place = arg.starts_with("-i") || arg.starts_with("--in-place");
            in_place |= is_in_place;
            !is_in_place
        })
        .cloned()
        .collect();
    let parsed = match parse(&args, &SPEC) {
        Ok(parsed) => parsed,
        Err(error) => {
            report(ctx, &error);
            return 1;
        }
    };
    let extended = parsed.has('E') || parsed.has('r');
    let mut operands = parsed.operands.clone();
    let mut scripts: Vec<String> = parsed
        .opts
        .iter()
        .filter_map(|opt| match opt {
            Opt::Value('e', _, script) => Some(script.clone()),
            _ => None,
        })
        .collect();
    if scripts.is_empty() {
        if operands.is_empty() {
            ctx.errln("Usage: sed [OPTION]... {script-only-if-no-other-script} [input-file]...");
            return 1;
        }
        scripts.push(operands.remove(0));
    }
    let commands = match parse_script(&scripts.join("\n"), extended) {
        Ok(commands) => commands,
        Err(ScriptError::Invalid(message)) => {
            ctx.error(format!("-e expression #1, char 0: {message}"));
            return 1;
        }
        Err(ScriptError::Unsupported(command)) => {
            ctx.not_simulated(&format!("the sed command `{command}` is not modelled"));
            return 0;
        }
    };
    let quiet = parsed.has('n');
    if in_place {
        return edit_in_place(ctx, &operands, &commands, quiet);
    }
    let name = ctx.name().to_string();
    let (texts, ok) = ctx.inputs(&operands, |operand, error| {
        format!("{name}: can't read {operand}: {error}")
    });
    let joined: String = texts.into_iter().map(|(_, text)| text).collect();
    let output = run(&joined, &commands, quiet);
    ctx.out(output);
    if ok {
        0
    } else {
        2
    }
}

fn edit_in_place(ctx: &mut Ctx, files: &[String], commands: &[Command], quiet: bool) -> i32 {
    if files.is_empty() {
        ctx.error("no input files");
        return 1;
    }
    let mut status = 0;
    for file in files {
        let path = ctx.absolute(file);
        if ctx.fs.exists(&path) && !ctx.may_create(&path) {
            // sed -i writes a temporary file beside the original, then renames it.
            let directory = crate::fs::FsPath::new(&path)
                .parent()
                .unwrap_or_else(crate::fs::FsPath::root);
            let suffix = format!(
                "{:06x}",
                crate::fs::mix_seed(0x5ed, path.as_bytes()) % 0x1000000
            );
            let temporary = format!("{}/sed{suffix}", directory.as_str().trim_end_matches('/'));
            ctx.error(format!(
                "couldn't open temporary file {temporary}: Permission denied"
            ));
            status = 4;
            continue;
        }
        match ctx.read_text(file) {
            Ok(text) => {
                let edited = run(&text, commands, quiet);
                if edited != text {
                    let _ = ctx.write_file(file, Content::Text(edited));
                } else {
                    // sed -i writes a new file even when nothing changed.
                    let path = ctx.absolute(file);
                    let _ = ctx.fs.touch(&path);
                }
            }
            Err(ReadError::Binary(size)) => {
                ctx.not_simulated(&format!(
                    "editing {size} bytes of binary data in {file} is not modelled"
                ));
            }
            Err(error) => {
                ctx.error(format!("can't read {file}: {error}"));
                status = 2;
            }
        }
    }
    status
}

/// Runs the commands over every line of `text`.
fn run(text: &str, commands: &[Command], quiet: bool) -> String {
    let lines: Vec<&str> = text.split_inclusive('\n').collect();
    let mut out = String::with_capacity(text.len());
    let mut in_range = vec![false; commands.len()];
    'lines: for (index, raw) in lines.iter().enumerate() {
        let number = index + 1;
        let last = index + 1 == lines.len();
        let (line, newline) = match raw.strip_suffix('\n') {
            Some(line) => (line, "\n"),
            None => (*raw, ""),
        };
        let mut space = line.to_string();
        for (position, command) in commands.iter().enumerate() {
            if !applies(command, &mut in_range[position], &space, number, last) {
                continue;
            }
            match &command.action {
                Action::Delete => continue 'lines,
                Action::Print => {
                    out.push_str(&space);
                    out.push('\n');
                }
                Action::Quit => {
                    if !quiet {
                        out.push_str(&space);
                        out.push_str(newline);
                    }
                    break 'lines;
                }
                Action::Substitute {
                    regex,
                    replacement,
                    global,
                    occurrence,
                    print,
                } => {
                    let (result, changed) =
                        substitute(&space, regex, replacement, *global, *occurrence);
                    space = result;
                    if changed && *print {
                        out.push_str(&space);
                        out.push('\n');
                    }
                }
            }
        }
        if !quiet {
            out.push_str(&space);
            out.push_str(newline);
        }
    }
    out
}

fn applies(command: &Command, in_range: &mut bool, line: &str, number: usize, last: bool) -> bool {
    let matches = |address: &Address| match address {
        Address::Line(n) => *n == number,
        Address::Last => last,
        Address::Pattern(regex) => regex.is_match(line),
    };
    let selected = match (&command.start, &command.end) {
        (None, _) => true,
        (Some(start), None) => matches(start),
        (Some(start), Some(end)) => {
            if *in_range {
                let ends = match end {
                    Address::Line(n) => number >= *n,
                    other => matches(other),
                };
                if ends {
                    *in_range = false;
                }
                true
            } else if matches(start) {
                *in_range = !matches!(end, Address::Line(n) if *n <= number);
                true
            } else {
                false
            }
        }
    };
    selected != command.negated
}

/// Replaces matches of `regex` in `line`: every one with `g`, else the
/// `occurrence`th. Returns the new line and whether anything changed.
fn substitute(
    line: &str,
    regex: &Regex,
    replacement: &[Piece],
    global: bool,
    occurrence: usize,
) -> (String, bool) {
    let chars: Vec<char> = line.chars().collect();
    let mut out = String::with_capacity(line.len());
    let mut position = 0;
    let mut seen = 0;
    let mut changed = false;
    while position <= chars.len() {
        let Some(groups) = regex.find_at(&chars, position) else {
            break;
        };
        let Some((start, end)) = groups[0] else {
            break;
        };
        seen += 1;
        out.extend(&chars[position..start]);
        if seen >= occurrence && (global || seen == occurrence) {
            for piece in replacement {
                match piece {
                    Piece::Text(text) => out.push_str(text),
                    Piece::Group(index) => {
                        if let Some(Some((from, to))) = groups.get(*index) {
                            out.extend(&chars[*from..*to]);
                        }
                    }
                }
            }
            changed = true;
        } else {
            out.extend(&chars[start..end]);
        }
        if end == start {
            if let Some(c) = chars.get(end) {
                out.push(*c);
            }
            position = end + 1;
        } else {
            position = end;
        }
        if changed && !global {
            break;
        }
    }
    if position < chars.len() {
        out.extend(&chars[position..]);
    }
    (out, changed)
}

fn parse_script(script: &str, extended: bool) -> Result<Vec<Command>, ScriptError> {
    let syntax = if extended {
        Syntax::Extended
    } else {
        Syntax::Basic
    };
    let chars: Vec<char> = script.chars().collect();
    let mut reader = Reader { chars, pos: 0 };
    let mut commands = Vec::new();
    loop {
        reader.skip(|c| c.is_whitespace() || c == ';');
        let Some(_) = reader.peek() else {
            return Ok(commands);
        };
        if reader.peek() == Some('#') {
            reader.skip(|c| c != '\n');
            continue;
        }
        let start = reader.address(syntax)?;
        let end = match (start.is_some(), reader.peek()) {
            (true, Some(',')) => {
                reader.pos += 1;
                Some(
                    reader
                        .address(syntax)?
                        .ok_or_else(|| ScriptError::Invalid("unexpected `,'".into()))?,
                )
            }
            _ => None,
        };
        reader.skip(|c| c == ' ' || c == '\t');
        let negated = reader.peek() == Some('!');
        if negated {
            reader.pos += 1;
        }
        let Some(letter) = reader.next() else {
            return Err(ScriptError::Invalid("missing command".into()));
        };
        let action = match letter {
            's' => reader.substitute(syntax)?,
            'd' => Action::Delete,
            'p' => Action::Print,
            'q' => Action::Quit,
            '{' | '}' => return Err(ScriptError::Unsupported(letter)),
            'a' | 'i' | 'c' | 'y' | 'h' | 'H' | 'g' | 'G' | 'x' | 'n' | 'N' | 'D' | 'P' | 'b'
            | 't' | 'T' | ':' | '=' | 'l' | 'r' | 'R' | 'w' | 'W' | 'e' | 'F' | 'z' | 'Q' | 'v' => {
                return Err(ScriptError::Unsupported(letter))
            }
            other => return Err(ScriptError::Invalid(format!("unknown command: `{other}'"))),
        };
        commands.push(Command {
            start,
            end,
            negated,
            action,
        });
    }
}

struct Reader {
    chars: Vec<char>,
    pos: usize,
}

impl Reader {
    fn peek(&self) -> Option<char> {
        self.chars.get(self.pos).copied()
    }

    fn next(&mut self) -> Option<char> {
        let c = self.peek();
        self.pos += usize::from(c.is_some());
        c
    }

    fn skip(&mut self, predicate: impl Fn(char) -> bool) {
        while self.peek().is_some_and(&predicate) {
            self.pos += 1;
        }
    }

    fn address(&mut self, syntax: Syntax) -> Result<Option<Address>, ScriptError> {
        match self.peek() {
            Some(c) if c.is_ascii_digit() => {
                let start = self.pos;
                self.skip(|c| c.is_ascii_digit());
                let text: String = self.chars[start..self.pos].iter().collect();
                Ok(Some(Address::Line(text.parse().unwrap_or(usize::MAX))))
            }
            Some('$') => {
                self.pos += 1;
                Ok(Some(Address::Last))
            }
            Some('/') | Some('\\') => {
                let delimiter = match self.next() {
                    Some('\\') => self.next().unwrap_or('/'),
                    _ => '/',
                };
                let pattern = self.delimited(delimiter)?;
                let fold = self.peek() == Some('I');
                if fold {
                    self.pos += 1;
                }
                let regex =
                    Regex::new(&pattern, syntax, fold).map_err(|e| ScriptError::Invalid(e.0))?;
                Ok(Some(Address::Pattern(regex)))
            }
            _ => Ok(None),
        }
    }

    /// Reads up to an unescaped `delimiter`; `\delimiter` becomes the
    /// delimiter itself, other escapes are kept for the regex.
    fn delimited(&mut self, delimiter: char) -> Result<String, ScriptError> {
        let mut text = String::new();
        loop {
            match self.next() {
                None => return Err(ScriptError::Invalid("unterminated address regex".into())),
                Some(c) if c == delimiter => return Ok(text),
                Some('\\') => match self.next() {
                    Some(c) if c == delimiter => text.push(c),
                    Some('n') => text.push('\n'),
                    Some(c) => {
                        text.push('\\');
                        text.push(c);
                    }
                    None => return Err(ScriptError::Invalid("unterminated `s' command".into())),
                },
                Some(c) => text.push(c),
            }
        }
    }

    fn substitute(&mut self, syntax: Syntax) -> Result<Action, ScriptError> {
        let Some(delimiter) = self.next().filter(|c| *c != '\n' && *c != '\\') else {
            return Err(ScriptError::Invalid("unterminated `s' command".into()));
        };
        let pattern = self
            .delimited(delimiter)
            .map_err(|_| ScriptError::Invalid("unterminated `s' command".into()))?;
        let raw = self.delimited_raw(delimiter)?;
        let (mut global, mut occurrence, mut print, mut fold) = (false, 1, false, false);
        while let Some(flag) = self.peek() {
            match flag {
                'g' => global = true,
                'p' => print = true,
                'i' | 'I' => fold = true,
                c if c.is_ascii_digit() => occurrence = c.to_digit(10).unwrap_or(1).max(1) as usize,
                ';' | '\n' | '}' | ' ' | '\t' => break,
                'w' | 'e' | 'm' | 'M' => return Err(ScriptError::Unsupported('s')),
                other => {
                    return Err(ScriptError::Invalid(format!(
                        "unknown option to `s': {other}"
                    )))
                }
            }
            self.pos += 1;
        }
        let regex = Regex::new(&pattern, syntax, fold).map_err(|e| ScriptError::Invalid(e.0))?;
        Ok(Action::Substitute {
            regex,
            replacement: replacement_pieces(&raw),
            global,
            occurrence,
            print,
        })
    }

    /// Reads the replacement, keeping escapes for [`replacement_pieces`].
    fn delimited_raw(&mut self, delimiter: char) -> Result<String, ScriptError> {
        let mut text = String::new();
        loop {
            match self.next() {
                None => return Err(ScriptError::Invalid("unterminated `s' command".into())),
                Some(c) if c == delimiter => return Ok(text),
                Some('\\') => match self.next() {
                    Some(c) if c == delimiter => text.push(c),
                    Some(c) => {
                        text.push('\\');
                        text.push(c);
                    }
                    None => return Err(ScriptError::Invalid("unterminated `s' command".into())),
                },
                Some(c) => text.push(c),
            }
        }
    }
}

fn replacement_pieces(raw: &str) -> Vec<Piece> {
    let mut pieces = Vec::new();
    let mut text = String::new();
    let mut chars = raw.chars();
    while let Some(c) = chars.next() {
        match c {
            '&' => {
                if !text.is_empty() {
                    pieces.push(Piece::Text(std::mem::take(&mut text)));
                }
                pieces.push(Piece::Group(0));
            }
            '\\' => match chars.next() {
                Some(digit @ '0'..='9') => {
                    if !text.is_empty() {
                        pieces.push(Piece::Text(std::mem::take(&mut text)));
                    }
                    pieces.push(Piece::Group(digit.to_digit(10).unwrap_or(0) as usize));
                }
                Some('n') => text.push('\n'),
                Some('t') => text.push('\t'),
                Some(other) => text.push(other),
                None => text.push('\\'),
            },
            c => text.push(c),
        }
    }
    if !text.is_empty() {
        pieces.push(Piece::Text(text));
    }
    pieces
}

#[cfg(test)]
mod tests {
    use super::*;

    fn apply(script: &str, text: &str) -> String {
        let commands = parse_script(script, false).unwrap();
        run(text, &commands, false)
    }

    #[test]
    fn script_table() {
        let cases = [
            ("s/a/b/", "aaa\n", "baa\n"),
            ("s/a/b/g", "aaa\n", "bbb\n"),
            ("s/a/b/2", "aaa\n", "aba\n"),
            ("s|/usr|/opt|", "/usr/bin\n", "/opt/bin\n"),
            ("s/\\(key\\)=.*/\\1=new/", "key=old\n", "key=new\n"),
            ("s/x/[&]/g", "axbx\n", "a[x]b[x]\n"),
            ("/^#/d", "#c\nkeep\n", "keep\n"),
            ("2d", "1\n2\n3\n", "1\n3\n"),
            ("$d", "1\n2\n3\n", "1\n2\n"),
            ("2,3d", "1\n2\n3\n4\n", "1\n4\n"),
            ("/start/,/end/d", "a\nstart\nb\nend\nc\n", "a\nc\n"),
            ("s/a/b/;s/b/c/", "a\n", "c\n"),
            ("s/x*/-/g", "abc\n", "-a-b-c-\n"),
            ("1!d", "1\n2\n", "1\n"),
            ("s/$/!/", "no newline", "no newline!"),
            ("2q", "1\n2\n3\n", "1\n2\n"),
        ];
        for (script, text, expected) in cases {
            assert_eq!(apply(script, text), expected, "{script}");
        }
    }

    #[test]
    fn errors_and_unsupported() {
        assert!(matches!(
            parse_script("s/a/b", false),
            Err(ScriptError::Invalid(_))
        ));
        assert!(matches!(
            parse_script("a\\text", false),
            Err(ScriptError::Unsupported('a'))
        ));
        assert!(matches!(
            parse_script("s/a/b/z", false),
            Err(ScriptError::Invalid(_))
        ));
    }
}
