//! Checks BuildKit makes while it converts a planned stage to LLB, before
//! any step runs: `--chmod` values and ADD `--checksum` values
//! (`dispatchCopy` in `dockerfile2llb/convert_copy.go`). An error here
//! points at its instruction.

use dockerfile::instructions::Command;
use dockerfile::plan::Plan;

use super::add::{check_checksum, AddSource};
use super::exec::Build;
use super::mode::ModeSpec;
use super::report::Failure;

impl Build<'_> {
    /// Checks the steps of the stages the target needs, in file order.
    pub(super) fn validate(&self, plan: &Plan) -> Result<(), Failure> {
        for &index in &plan.needed {
            for step in &plan.stages[index].steps {
                validate_command(&step.command)
                    .map_err(|message| Failure::at(message, step.span.clone()))?;
            }
        }
        Ok(())
    }
}

/// Returns the conversion error of one instruction, if it has one.
fn validate_command(command: &Command) -> Result<(), String> {
    let (chmod, checksum) = match command {
        Command::Copy(copy) => (copy.chmod.as_deref(), None),
        Command::Add(add) => (
            add.chmod.as_deref(),
            add.checksum
                .as_deref()
                .map(|checksum| (checksum, &add.sources.paths)),
        ),
        _ => return Ok(()),
    };
    if let Some(chmod) = chmod.filter(|chmod| !chmod.is_empty()) {
        ModeSpec::parse(chmod)?;
    }
    if let Some((checksum, paths)) = checksum.filter(|(checksum, _)| !checksum.is_empty()) {
        if paths
            .iter()
            .any(|path| matches!(AddSource::of(path), AddSource::Url(_)))
        {
            check_checksum(checksum)?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use dockerfile::instructions::parse_instruction;
    use dockerfile::parser::parse;

    #[test]
    fn conversion_errors_match_buildkit() {
        let cases = [
            ("COPY --chmod=u+x a /a", Ok(())),
            ("COPY --chmod=u+q a /a", Err("invalid syntax")),
            (
                "ADD --checksum=sha256:abc https://example.com/x /x",
                Err("invalid checksum digest length"),
            ),
            (
                "ADD --checksum=md5:abcd https://example.com/x /x",
                Err("unsupported digest algorithm"),
            ),
        ];
        for (line, expected) in cases {
            let output = parse(line);
            let command = parse_instruction(&output.instructions[0]).unwrap().command;
            assert_eq!(
                validate_command(&command),
                expected.map_err(str::to_string),
                "{line}"
            );
        }
    }
}
