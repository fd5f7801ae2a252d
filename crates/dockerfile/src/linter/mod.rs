//! Build checks, as BuildKit's `frontend/dockerfile/linter` runs them
//! (`linter.go` at moby/buildkit e269a8a3).
//!
//! [`rules`] lists BuildKit's rules with their names, descriptions,
//! documentation addresses and message formats. A [`Linter`] decides which
//! rules run from the check options (`skip=RULE,...`, `skip=all`,
//! `experimental=RULE,...|all`, `error=true`), which come from the
//! `BUILDKIT_DOCKERFILE_CHECK` build arg or else the `# check=` directive.
//! It collects the warnings as [`Diagnostic`]s, each with the rule's
//! address as help. Experimental rules run only when named in
//! `experimental=`, and `skip=` never turns them off. With `error=true`,
//! [`Linter::error`] returns BuildKit's `lint violation found for rules: ...`
//! when any rule warned.
//!
//! The checks themselves live with the code that has their inputs.
//! [`parse_checks`] runs the ones BuildKit runs while reading instructions
//! and across the whole file. The [`plan`](crate::plan) module runs the ones
//! BuildKit runs while expanding FROM lines and dispatching stages.

pub mod parse_checks;
pub mod rules;

use std::ops::Range;

pub use rules::Rule;

use crate::diagnostic::Diagnostic;
use crate::parser::CheckOptions;
use shared_sort::SharedSort;

/// Runs rules as the `check` directive allows and collects their warnings.
#[derive(Clone, Debug, Default)]
pub struct Linter {
    options: CheckOptions,
    warnings: Vec<Diagnostic>,
    called: Vec<&'static str>,
}

impl Linter {
    /// Creates a linter with the options of a `check` directive.
    pub fn new(options: CheckOptions) -> Self {
        Self {
            options,
            warnings: Vec::new(),
            called: Vec::new(),
        }
    }

    /// Returns whether `rule` runs under the current options.
    pub fn enabled(&self, rule: &Rule) -> bool {
        let named = |list: &[String]| list.iter().any(|name| name == rule.name);
        match rule.experimental {
            true => self.options.experimental_all || named(&self.options.experimental_rules),
            false => !(self.options.skip_all || named(&self.options.skip_rules)),
        }
    }

    /// Reports a warning of `rule` at `span`, when the rule runs.
    pub fn report(&mut self, rule: &Rule, span: Range<usize>, message: String) {
        if !self.enabled(rule) {
            return;
        }
        self.called.push(rule.name);
        let mut warning = Diagnostic::warning(rule.name, span, message);
        if !rule.url.is_empty() {
            warning = warning.with_help(rule.url);
        }
        self.warnings.push(warning);
    }

    /// Returns the warnings reported so far, in report order.
    pub fn warnings(&self) -> &[Diagnostic] {
        &self.warnings
    }

    /// Takes the warnings reported so far.
    pub fn into_warnings(self) -> Vec<Diagnostic> {
        self.warnings
    }

    /// Returns BuildKit's error for `error=true` when any rule warned: the
    /// rule names without repeats. BuildKit lists them in Go map order,
    /// which varies from run to run; here they are sorted.
    pub fn error(&self) -> Option<String> {
        if !self.options.error || self.called.is_empty() {
            return None;
        }
        let mut names = self.called.clone();
        names.shared_sort();
        names.dedup();
        Some(format!(
            "lint violation found for rules: {}",
            names.join(", ")
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn options_select_rules() {
        let options =
            CheckOptions::parse("skip=StageNameCasing;experimental=InvalidDefinitionDescription")
                .unwrap();
        let linter = Linter::new(options);
        assert!(!linter.enabled(&rules::STAGE_NAME_CASING));
        assert!(linter.enabled(&rules::FROM_AS_CASING));
        assert!(linter.enabled(&rules::INVALID_DEFINITION_DESCRIPTION));
        let skip_all = Linter::new(CheckOptions::parse("skip=all").unwrap());
        assert!(!skip_all.enabled(&rules::FROM_AS_CASING));
        assert!(!Linter::default().enabled(&rules::INVALID_DEFINITION_DESCRIPTION));
    }

    #[test]
    fn error_names_rules_once() {
        let mut linter = Linter::new(CheckOptions::parse("error=true").unwrap());
        assert_eq!(linter.error(), None);
        linter.report(&rules::UNDEFINED_VAR, 0..1, "a".into());
        linter.report(&rules::FROM_AS_CASING, 0..1, "b".into());
        linter.report(&rules::UNDEFINED_VAR, 0..1, "c".into());
        assert_eq!(
            linter.error().as_deref(),
            Some("lint violation found for rules: FromAsCasing, UndefinedVar")
        );
    }
}
