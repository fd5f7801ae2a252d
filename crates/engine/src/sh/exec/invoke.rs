//! Finding and starting a command: builtins, functions, programs on
//! `PATH` with a model, shell scripts, and programs that are not modelled.

use super::workload::is_fork_bomb;
use super::{absolute_in, push_out, Machine};
use crate::fs::{Content, FileType};
use crate::output::Stream;
use crate::sh::ctx::{Ctx, Flavor, Invocation, Write};
use crate::sh::messages::ExecError;
use crate::sh::programs;
use crate::sh::state::ShellKind;
use crate::sh::system::Workload;

/// The simulated cost of starting an external program, in milliseconds.
const EXEC_MILLIS: u64 = 2;

impl Machine<'_> {
    /// Finds and runs a command; its output goes to `writes`.
    pub fn invoke(&mut self, call: Invocation, writes: &mut Vec<Write>) -> i32 {
        let name = call.argv[0].clone();
        let kind = self.shell.kind();
        // POSIX shells find special builtins before functions; bash finds
        // functions first.
        let special = kind != ShellKind::Bash && programs::is_special_builtin(&name);
        if let Some(program) = programs::builtin(&name, kind).filter(|_| special) {
            return self.start(program, call, Flavor::Gnu, None, writes);
        }
        if let Some(function) = self.shell.function(&name).cloned() {
            return self.call_function(&name, &function.body, call.line, call.background, writes);
        }
        if let Some(program) = programs::builtin(&name, kind) {
            return self.start(program, call, Flavor::Gnu, None, writes);
        }
        let path = match self.find_executable(&name) {
            Ok(path) => path,
            Err(error) => {
                let origin = self.origin(call.line);
                let (message, status) = match name.contains('/') {
                    true => origin.cannot_execute(&name, error),
                    false => (origin.not_found(&name), 127),
                };
                push_out(writes, Stream::Stderr, message, self.run.elapsed);
                return status;
            }
        };
        self.run.elapsed += EXEC_MILLIS;
        let flavor = match self.fs.canonicalize(&path) {
            Ok(real) if real.file_name() == Some("busybox") => Flavor::Busybox,
            _ => Flavor::Gnu,
        };
        let base = name.rsplit('/').next().unwrap_or(&name).to_string();
        if let Some(program) = programs::find(&base) {
            return self.start(program, call, flavor, Some(path), writes);
        }
        if let Some(interpreter) = self.shebang_shell(&path) {
            let script = match self.fs.read(&path) {
                Ok(Content::Text(text)) => text.clone(),
                _ => String::new(),
            };
            let mut ctx = self.ctx(call, Flavor::Gnu);
            let argv0 = ctx.argv[0].clone();
            let positional = ctx.args().to_vec();
            let status =
                programs::shells::run_nested(&mut ctx, interpreter, &argv0, &script, positional);
            writes.append(&mut ctx.writes);
            return status;
        }
        let mut ctx = self.ctx(call, flavor);
        ctx.not_simulated("this program's effect is not modelled");
        writes.append(&mut ctx.writes);
        0
    }

    pub(super) fn start(
        &mut self,
        program: programs::Program,
        call: Invocation,
        flavor: Flavor,
        path: Option<String>,
        writes: &mut Vec<Write>,
    ) -> i32 {
        let mut ctx = self.ctx(call, flavor);
        ctx.path = path;
        let status = program(&mut ctx);
        writes.append(&mut ctx.writes);
        status
    }

    pub(super) fn ctx(&mut self, call: Invocation, flavor: Flavor) -> Ctx<'_> {
        Ctx {
            fs: &mut *self.fs,
            system: &mut *self.system,
            shell: &mut *self.shell,
            run: &mut *self.run,
            argv: call.argv,
            env: call.env,
            stdin: call.stdin,
            writes: Vec::new(),
            flavor,
            line: call.line,
            background: call.background,
            piped: call.piped,
            path: None,
        }
    }

    /// Returns the shell named in a script's `#!` line, if it is one the
    /// interpreter can run.
    pub(super) fn shebang_shell(&self, path: &str) -> Option<ShellKind> {
        let Ok(Content::Text(text)) = self.fs.read(path) else {
            return None;
        };
        let first = text.lines().next()?.strip_prefix("#!")?.trim();
        let mut words = first.split_whitespace();
        let mut program = words.next()?;
        if program.ends_with("/env") {
            program = words.next()?;
        }
        match program.rsplit('/').next()? {
            "sh" | "dash" => Some(self.shell.kind()),
            "bash" => Some(ShellKind::Bash),
            "ash" => Some(ShellKind::Ash),
            _ => None,
        }
    }

    /// Returns whether `name` names an executable file, directly or on `PATH`.
    pub fn is_executable(&self, name: &str) -> bool {
        self.find_executable(name).is_ok()
    }

    /// Looks `name` up: as a path when it contains `/`, else in each
    /// directory of `PATH`.
    pub(super) fn find_executable(&self, name: &str) -> Result<String, ExecError> {
        if name.contains('/') {
            let path = absolute_in(self.shell.cwd(), name);
            return match self.fs.stat(&path) {
                Err(_) => Err(ExecError::Missing),
                Ok(meta) if meta.file_type == FileType::Directory => Err(ExecError::Directory),
                Ok(meta) if meta.mode & 0o111 == 0 => Err(ExecError::NotExecutable),
                Ok(_) => Ok(path),
            };
        }
        let path_var = self
            .shell
            .var("PATH")
            .unwrap_or("/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin");
        for directory in path_var.split(':') {
            let directory = if directory.is_empty() { "." } else { directory };
            let candidate = absolute_in(self.shell.cwd(), &format!("{directory}/{name}"));
            if let Ok(meta) = self.fs.stat(&candidate) {
                if meta.file_type == FileType::File && meta.mode & 0o111 != 0 {
                    return Ok(candidate);
                }
            }
        }
        Err(ExecError::Missing)
    }

    pub(super) fn call_function(
        &mut self,
        name: &str,
        body: &str,
        line: usize,
        background: bool,
        writes: &mut Vec<Write>,
    ) -> i32 {
        if is_fork_bomb(name, body) {
            return self.workload(Workload::ForkBomb, name, background, line, writes);
        }
        let mut out = Vec::new();
        self.skip("shell functions", &format!("{name} (function)"), &mut out);
        writes.append(&mut out);
        0
    }
}
