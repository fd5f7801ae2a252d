//! Global ARGs and FROM lines: BuildKit's `defaultArgs`, `buildMetaArgs`,
//! the expansion of base names and `--platform`, and the checks on them
//! (UndefinedArgInFrom, InvalidDefaultArgInFrom, RedundantTargetPlatform,
//! FromPlatformFlagConstDisallowed).

use std::collections::HashMap;

use shared_sort::{SortedMap, SortedSet};

use super::values::{is_valid_reference, Platform};
use crate::instructions::suggest::{suggest, with_suggestion, Case, Order};
use crate::instructions::ArgDeclaration;
use crate::linter::rules::{self, message};
use crate::linter::Linter;
use crate::shell::{Env, EnvList, Expansion, Lexer};

/// Variables in the order of their latest definition, as the keys of
/// BuildKit's `llb.EnvList` come out: a name defined again moves to the end.
#[derive(Clone, Debug, Default)]
pub struct Vars {
    list: EnvList,
    /// Every definition's name, repeats included.
    history: Vec<String>,
    /// The index in `history` of each name's latest definition.
    latest: HashMap<String, usize>,
}

impl Vars {
    /// Sets `name` to `value`.
    pub fn set(&mut self, name: &str, value: &str) {
        self.latest.insert(name.to_owned(), self.history.len());
        self.history.push(name.to_owned());
        self.list.set(name, value);
    }

    /// Returns the names in the order of their latest definition.
    pub fn keys(&self) -> Vec<String> {
        self.history
            .iter()
            .enumerate()
            .filter(|(index, name)| self.latest.get(*name) == Some(index))
            .map(|(_, name)| name.clone())
            .collect()
    }

    /// Returns the pairs in the order of their latest definition.
    pub fn pairs(&self) -> Vec<(String, String)> {
        self.keys()
            .into_iter()
            .map(|name| {
                let value = self.list.get(&name).unwrap_or("").to_owned();
                (name, value)
            })
            .collect()
    }
}

impl Env for Vars {
    fn get(&self, name: &str) -> Option<&str> {
        self.list.get(name)
    }
}

/// BuildKit's `defaultArgs`: the platform ARGs and `TARGETSTAGE`, each
/// overridable by a build arg of the same name.
pub fn default_args(
    platform: &Platform,
    build_args: &SortedMap<String, String>,
    target: &str,
) -> Vars {
    let formatted = platform.to_string();
    let defaults = [
        ("BUILDPLATFORM", formatted.as_str()),
        ("BUILDOS", platform.os.as_str()),
        ("BUILDOSVERSION", ""),
        ("BUILDARCH", platform.architecture.as_str()),
        ("BUILDVARIANT", platform.variant.as_str()),
        ("TARGETPLATFORM", formatted.as_str()),
        ("TARGETOS", platform.os.as_str()),
        ("TARGETOSVERSION", ""),
        ("TARGETARCH", platform.architecture.as_str()),
        ("TARGETVARIANT", platform.variant.as_str()),
        ("TARGETSTAGE", target),
    ];
    let mut vars = Vars::default();
    for (name, value) in defaults {
        let value = build_args.get(name).map_or(value, String::as_str);
        vars.set(name, value);
    }
    vars
}

/// BuildKit's `buildMetaArgs`: each global ARG takes its build arg, or its
/// default expanded against the ARGs before it. Returns the variables and
/// every declared name.
///
/// # Errors
///
/// Returns the expansion error of a default, and the index of its ARG.
pub fn meta_args(
    mut vars: Vars,
    lexer: &Lexer,
    declarations: &[(usize, Vec<ArgDeclaration>)],
    build_args: Option<&SortedMap<String, String>>,
) -> Result<(Vars, SortedSet<String>), (usize, String)> {
    let mut declared = SortedSet::new();
    for (index, arg) in declarations
        .iter()
        .flat_map(|(index, args)| args.iter().map(move |arg| (*index, arg)))
    {
        declared.insert(arg.name.clone());
        let value = match build_args.and_then(|args| args.get(&arg.name)) {
            Some(value) => Some(value.clone()),
            None => match &arg.default {
                Some(default) => Some(
                    lexer
                        .process_word(default, &vars)
                        .map_err(|error| (index, error.to_string()))?
                        .result,
                ),
                None => None,
            },
        };
        if let Some(value) = value {
            vars.set(&arg.name, &value);
        }
    }
    Ok((vars, declared))
}

/// UndefinedArgInFrom for one expansion of a FROM line.
pub fn undefined_args_in_from(
    linter: &mut Linter,
    expansion: &Expansion,
    vars: &Vars,
    declared: &SortedSet<String>,
    span: std::ops::Range<usize>,
) {
    let mut known: Vec<String> = declared.iter().cloned().collect();
    known.extend(vars.keys());
    for name in &expansion.unmatched {
        if known.contains(name) {
            continue;
        }
        let suggestion = suggest(name, &known, Case::Sensitive, Order::Sorted);
        let message = message::undefined_arg_in_from(name, suggestion.as_deref());
        linter.report(&rules::UNDEFINED_ARG_IN_FROM, span.clone(), message);
    }
}

/// RedundantTargetPlatform: `--platform=$TARGETPLATFORM` and nothing else.
pub fn redundant_target_platform(
    linter: &mut Linter,
    written: &str,
    expansion: &Expansion,
    vars: &Vars,
    span: std::ops::Range<usize>,
) {
    let only_target = expansion.matched.len() == 1
        && expansion.unmatched.is_empty()
        && expansion.matched.contains("TARGETPLATFORM");
    if only_target && vars.get("TARGETPLATFORM") == Some(expansion.result.as_str()) {
        linter.report(
            &rules::REDUNDANT_TARGET_PLATFORM,
            span,
            message::redundant_target_platform(written),
        );
    }
}

/// FromPlatformFlagConstDisallowed: a constant `--platform` whose OS and
/// architecture the stage name does not mention.
pub fn const_platform(
    linter: &mut Linter,
    stage_name: &str,
    expansion: &Expansion,
    span: std::ops::Range<usize>,
) {
    if !expansion.matched.is_empty() || !expansion.unmatched.is_empty() {
        return;
    }
    let Ok(platform) = Platform::parse(&expansion.result) else {
        return;
    };
    if stage_name.contains(&platform.os) || stage_name.contains(&platform.architecture) {
        return;
    }
    let message = message::from_platform_flag_const_disallowed(&expansion.result);
    linter.report(&rules::FROM_PLATFORM_FLAG_CONST_DISALLOWED, span, message);
}

/// InvalidDefaultArgInFrom: base names that are not valid references when
/// global ARGs take only their defaults. Stops at the first expansion error.
pub fn invalid_default_args(
    linter: &mut Linter,
    lexer: &Lexer,
    vars: &Vars,
    declarations: &[(usize, Vec<ArgDeclaration>)],
    bases: &[(String, std::ops::Range<usize>)],
) {
    let Ok((defaults, _)) = meta_args(vars.clone(), lexer, declarations, None) else {
        return;
    };
    for (base, span) in bases {
        let Ok(expansion) = lexer.process_word(base, &defaults) else {
            return;
        };
        if !is_valid_reference(&expansion.result) {
            linter.report(
                &rules::INVALID_DEFAULT_ARG_IN_FROM,
                span.clone(),
                message::invalid_default_arg_in_from(base),
            );
        }
    }
}

/// BuildKit's `wrapSuggestAny`: appends a suggestion for the first name of
/// `unmatched` (in byte order, for Go's map order) that is near a global ARG.
pub fn suggest_any(message: String, unmatched: &SortedSet<String>, vars: &Vars) -> String {
    let keys = vars.keys();
    for name in unmatched {
        let wrapped = with_suggestion(message.clone(), name, &keys, Case::Sensitive, Order::Listed);
        if wrapped != message {
            return wrapped;
        }
    }
    message
}
