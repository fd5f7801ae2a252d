//! Vertex names, as BuildKit's Dockerfile frontend writes them
//! (`dockerfile2llb/convert.go`: `prefixCommand`, `processCmdEnv`,
//! `uppercaseCmd`, `summarizeHeredoc`).
//!
//! A step's name is its instruction as written, with the stage's variables
//! expanded and the keyword in capitals, behind a prefix
//! `[STAGE INDEX/TOTAL]`. The index is padded to the width of the total, so
//! a stage of twelve steps counts `[ 1/12]` to `[12/12]`.

use dockerfile::shell::{Env, Lexer};

/// The `[name i/n]` counter of one stage.
#[derive(Clone, Debug)]
pub struct StepCounter {
    /// The stage name shown, or empty when the build has one stage.
    stage: String,
    /// How many steps make vertices: FROM an image, RUN, COPY, ADD and
    /// WORKDIR, as BuildKit's `cmdTotal` counts them.
    total: usize,
    index: usize,
}

impl StepCounter {
    /// Creates the counter of a stage with `total` counted steps.
    pub fn new(stage: &str, total: usize) -> Self {
        Self {
            stage: stage.to_string(),
            total,
            index: 0,
        }
    }

    /// Returns the next step's name: the prefix, then `text`. A stage that
    /// counts no step (an image only copied from) gets no prefix.
    pub fn next(&mut self, text: &str) -> String {
        if self.total == 0 {
            return text.to_string();
        }
        self.index += 1;
        let width = self.total.to_string().len();
        let stage = if self.stage.is_empty() {
            String::new()
        } else {
            format!("{} ", self.stage)
        };
        format!("[{stage}{:>width$}/{}] {text}", self.index, self.total)
    }
}

/// Expands the variables of an instruction's text for its vertex name, as
/// BuildKit's `processCmdEnv` does, and puts the keyword in capitals. RUN
/// keeps quotes and unset variables as written (`raw`); the other
/// instructions expand as their arguments do. Text that does not expand
/// stays as written.
pub fn expanded(text: &str, env: &dyn Env, escape: char, raw: bool) -> String {
    let lexer = Lexer::new(escape).raw_quotes(raw).skip_unset_env(raw);
    let text = match lexer.process_word(text, env) {
        Ok(expansion) => expansion.result,
        Err(_) => text.to_string(),
    };
    uppercase_keyword(&text)
}

/// Puts the first word in capitals.
pub fn uppercase_keyword(text: &str) -> String {
    match text.split_once(' ') {
        Some((keyword, rest)) => format!("{} {rest}", keyword.to_uppercase()),
        None => text.to_uppercase(),
    }
}

/// Returns the first line of a heredoc, with `...` when more follow.
pub fn heredoc_summary(body: &str) -> String {
    let trimmed = body.trim();
    let mut lines = trimmed.split('\n');
    let first = lines.next().unwrap_or("").trim_end_matches('\r');
    if lines.next().is_some() {
        format!("{first}...")
    } else {
        first.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use dockerfile::shell::EnvList;

    #[test]
    fn counter_pads_index_to_total_width() {
        let cases = [
            ("", 3, "[1/3] RUN x"),
            ("build", 2, "[build 1/2] RUN x"),
            ("", 12, "[ 1/12] RUN x"),
            ("", 0, "RUN x"),
        ];
        for (stage, total, expected) in cases {
            assert_eq!(
                StepCounter::new(stage, total).next("RUN x"),
                expected,
                "{stage} {total}"
            );
        }
    }

    #[test]
    fn names_expand_like_process_cmd_env() {
        let env = EnvList::from_entries(["VERSION=1.2", "HOME=/root"]);
        let cases = [
            (
                "RUN echo $VERSION \"$HOME\" $UNSET",
                true,
                "RUN echo 1.2 \"/root\" $UNSET",
            ),
            (
                "copy app-$VERSION.tar /opt/",
                false,
                "COPY app-1.2.tar /opt/",
            ),
            ("WORKDIR $UNSET/app", false, "WORKDIR /app"),
        ];
        for (text, raw, expected) in cases {
            assert_eq!(expanded(text, &env, '\\', raw), expected, "{text}");
        }
    }

    #[test]
    fn heredoc_summary_keeps_first_line() {
        assert_eq!(heredoc_summary("\necho one\necho two\n"), "echo one...");
        assert_eq!(heredoc_summary("echo one\n"), "echo one");
    }
}
