//! Redirections: opening the files a command writes, reading what it
//! reads, and sending each piece of its output where its descriptors point.

use super::{absolute_in, push_out, Machine};
use crate::fs::{Content, FsErrorKind, Owner, Recursion};
use crate::output::Stream;
use crate::sh::access::{self, Who};
use crate::sh::ast::Redirect;
use crate::sh::ctx::Write;
use crate::sh::expand::Expander;
use crate::sh::lex::RedirectKind;
use crate::sh::messages::OpenFailure;

/// The destination of a file descriptor's output.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Sink {
    Terminal(Stream),
    Null,
    /// Into the next command of the pipeline.
    Capture,
    /// Into the file with this index in `Io::files`.
    File(usize),
}

/// A command's input and output after its redirections.
pub(super) struct Io {
    pub stdout: Sink,
    pub stderr: Sink,
    pub stdin: Option<String>,
    pub files: Vec<(String, String)>,
}

impl Machine<'_> {
    /// Opens the files of the redirections and sets the descriptors.
    pub(super) fn redirect(
        &mut self,
        redirects: &[Redirect],
        io: &mut Io,
        line: usize,
        out: &mut Vec<Write>,
    ) -> Result<(), i32> {
        for redirect in redirects {
            let mut expander = Expander::new(self.shell, self.fs);
            let target = match redirect.kind {
                RedirectKind::HereDocument { .. } => {
                    let body = redirect
                        .body
                        .as_ref()
                        .map(|body| expander.here_body(&body.parts));
                    match body.transpose() {
                        Ok(body) => body.unwrap_or_default(),
                        Err(_) => String::new(),
                    }
                }
                _ => expander.single(&redirect.target).unwrap_or_default(),
            };
            let fd = redirect.fd.unwrap_or(match redirect.kind {
                RedirectKind::Input
                | RedirectKind::DuplicateInput
                | RedirectKind::ReadWrite
                | RedirectKind::HereDocument { .. }
                | RedirectKind::HereString => 0,
                _ => 1,
            });
            match redirect.kind {
                RedirectKind::HereDocument { .. } => io.stdin = Some(target),
                RedirectKind::HereString => io.stdin = Some(format!("{target}\n")),
                RedirectKind::Input => match self.read_input(&target) {
                    Ok(text) => io.stdin = Some(text),
                    Err(kind) => {
                        let failure = OpenFailure::Fs(kind);
                        return Err(self.redirect_failed(&target, failure, true, line, out));
                    }
                },
                RedirectKind::Output
                | RedirectKind::Append
                | RedirectKind::OutputBoth
                | RedirectKind::AppendBoth => {
                    let append = matches!(
                        redirect.kind,
                        RedirectKind::Append | RedirectKind::AppendBoth
                    );
                    let sink = match self.open_output(&target, append, io) {
                        Ok(sink) => sink,
                        Err(kind) => {
                            return Err(self.redirect_failed(&target, kind, false, line, out))
                        }
                    };
                    let both = matches!(
                        redirect.kind,
                        RedirectKind::OutputBoth | RedirectKind::AppendBoth
                    );
                    set_fd(io, if both { 1 } else { fd }, sink);
                    if both {
                        set_fd(io, 2, sink);
                    }
                }
                RedirectKind::DuplicateOutput => {
                    let sink = match target.as_str() {
                        "1" => io.stdout,
                        "2" => io.stderr,
                        "-" => Sink::Null,
                        _ => continue,
                    };
                    set_fd(io, fd, sink);
                }
                RedirectKind::DuplicateInput | RedirectKind::ReadWrite => {}
            }
        }
        Ok(())
    }

    pub(super) fn redirect_failed(
        &mut self,
        target: &str,
        kind: OpenFailure,
        input: bool,
        line: usize,
        out: &mut Vec<Write>,
    ) -> i32 {
        let (message, status) = self.origin(line).redirect_failed(target, kind, input);
        push_out(out, Stream::Stderr, message, self.run.elapsed);
        status
    }

    pub(super) fn read_input(&self, target: &str) -> Result<String, FsErrorKind> {
        let path = absolute_in(self.shell.cwd(), target);
        if path == "/dev/null" {
            return Ok(String::new());
        }
        match self.fs.read(&path) {
            Ok(Content::Text(text)) => Ok(text.clone()),
            Ok(Content::Synthetic { .. }) => Ok(String::new()),
            Err(error) => Err(error.kind),
        }
    }

    pub(super) fn open_output(
        &mut self,
        target: &str,
        append: bool,
        io: &mut Io,
    ) -> Result<Sink, OpenFailure> {
        let path = absolute_in(self.shell.cwd(), target);
        match crate::fs::FsPath::new(&path).as_str() {
            "/dev/null" => return Ok(Sink::Null),
            "/dev/stdout" => return Ok(io.stdout),
            "/dev/stderr" => return Ok(io.stderr),
            _ => {}
        }
        if target.is_empty() {
            return Err(OpenFailure::Fs(FsErrorKind::NotFound));
        }
        let who = Who::of(self.fs, self.shell.user());
        if !access::may_write(self.fs, &who, &path) {
            return Err(OpenFailure::PermissionDenied);
        }
        let existed = self.fs.exists(&path);
        let opened = match append {
            true => self.fs.append(&path, ""),
            false => self.fs.write(&path, Content::Text(String::new())),
        };
        opened.map_err(|error| OpenFailure::Fs(error.kind))?;
        if !existed && who.uid != 0 {
            // A new file belongs to the user who created it.
            let owner = Owner {
                uid: Some(who.uid),
                gid: who.gids.first().copied(),
            };
            let _ = self.fs.chown(&path, owner, Recursion::Single);
        }
        io.files.push((path, String::new()));
        Ok(Sink::File(io.files.len() - 1))
    }

    /// Sends a command's writes to their sinks; returns what went to the pipe.
    pub(super) fn route(&mut self, writes: Vec<Write>, io: &Io, out: &mut Vec<Write>) -> String {
        let mut captured = String::new();
        let mut files = io.files.clone();
        for write in writes {
            let sink = match write.stream {
                Stream::Stdout => io.stdout,
                Stream::Stderr => io.stderr,
            };
            match sink {
                Sink::Terminal(stream) => push_out(out, stream, write.text, write.offset),
                Sink::Null => {}
                Sink::Capture => captured.push_str(&write.text),
                Sink::File(index) => {
                    if let Some((_, buffer)) = files.get_mut(index) {
                        buffer.push_str(&write.text);
                    }
                }
            }
        }
        for (path, text) in files {
            if !text.is_empty() {
                let _ = self.fs.append(&path, &text);
            }
        }
        captured
    }
}

fn set_fd(io: &mut Io, fd: u32, sink: Sink) {
    match fd {
        1 => io.stdout = sink,
        2 => io.stderr = sink,
        _ => {}
    }
}
