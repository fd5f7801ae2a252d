//! One-line cases for the parser, written from BuildKit's parser tests and
//! its behaviour: lines, directives, forms, flags, heredocs and errors.

use dockerfile::parser::{dump, parse, Chomp, ErrorKind, Expansion, Form, ParseOutput};

/// Parses `input` and returns its dump, or the first error.
fn dumped(input: &str) -> String {
    let output = parse(input);
    match output.first_error() {
        Some(error) => format!("error: {error}"),
        None => dump(&output),
    }
}

/// Expands `name: input => expected dump` cases into one test each.
macro_rules! dump_cases {
    ($($name:ident: $input:expr => $expected:expr,)*) => {
        $(
            #[test]
            fn $name() {
                assert_eq!(dumped($input), $expected, "input {:?}", $input);
            }
        )*
    };
}

dump_cases! {
    lines_crlf: "FROM a\r\nRUN b \\\r\n  c\r\n" => "(from \"a\")\n(run \"b   c\")",
    lines_lone_cr_is_not_a_break: "FROM a\rRUN b\n" => "(from \"a\" \"RUN\" \"b\")",
    lines_bom_on_first_line: "\u{FEFF}FROM a" => "(from \"a\")",
    lines_bom_on_later_line: "FROM a\n\u{FEFF}RUN b" => "(from \"a\")\n(\u{FEFF}run \"\")",
    lines_comment_in_continuation: "RUN a \\\n# c\nb" => "(run \"a b\")",
    lines_indented_comment_in_continuation: "RUN a \\\n   # c\n b" => "(run \"a  b\")",
    lines_empty_continuation: "RUN a \\\n\n b" => "(run \"a  b\")",
    lines_tabs: "RUN\ta\t\\\n\tb" => "(run \"a\\t\\tb\")",
    lines_blanks_after_escape: "RUN a \\  \t\nb" => "(run \"a b\")",
    lines_continuation_at_eof: "FROM a\nRUN b \\" => "(from \"a\")\n(run \"b\")",
    lines_lone_escape_at_eof: "FROM a\n\\" => "(from \"a\")\n(\"\")",
    lines_escaped_escape_does_not_continue: "RUN a \\\\\nRUN b" => "(run \"a \\\\\\\\\")\n(run \"b\")",
    lines_hash_inside_line: "RUN echo # not a comment" => "(run \"echo # not a comment\")",
    lines_any_case: "from a\nRuN b" => "(from \"a\")\n(run \"b\")",
    lines_leading_whitespace: "   FROM a\n\t RUN b" => "(from \"a\")\n(run \"b\")",
    escape_backtick_continues: "# escape=`\nFROM a\nRUN b `\n c" => "(from \"a\")\n(run \"b  c\")",
    escape_backslash_literal_under_backtick: "# escape=`\nFROM a\nRUN b \\\nRUN c" => "(from \"a\")\n(run \"b \\\\\")\n(run \"c\")",
    escape_directive_with_leading_space: "  # escape=`\nFROM a\nRUN b `\n c" => "(from \"a\")\n(run \"b  c\")",
    escape_after_blank_line_ignored: "\n# escape=`\nFROM a `\nRUN b" => "(from \"a\" \"`\")\n(run \"b\")",
    escape_after_comment_ignored: "# hi\n# escape=`\nFROM a `\nRUN b" => "(from \"a\" \"`\")\n(run \"b\")",
    escape_after_shebang_ignored: "#!/bin/sh\n# escape=`\nFROM a `\nRUN b" => "(from \"a\" \"`\")\n(run \"b\")",
    forms_exec: "CMD [\"a\", \"b\"]" => "(cmd \"a\" \"b\")",
    forms_empty_exec: "CMD []" => "(cmd)",
    forms_invalid_json_falls_back: "CMD ['a']" => "(cmd \"['a']\")",
    forms_trailing_text_falls_back: "CMD [\"a\"] # c" => "(cmd \"[\\\"a\\\"] # c\")",
    forms_json_escapes: "CMD [\"\\u00e9\\ud83d\\ude00\\t\"]" => "(cmd \"é😀\\t\")",
    forms_shell: "ENTRYPOINT nginx -g 'daemon off;'" => "(entrypoint \"nginx -g 'daemon off;'\")",
    forms_copy_words: "COPY a  b\tc" => "(copy \"a\" \"b\" \"c\")",
    forms_copy_json: "COPY [\"a b\", \"c\"]" => "(copy \"a b\" \"c\")",
    forms_volume_json: "VOLUME [\"/a\"]" => "(volume \"/a\")",
    forms_env_legacy: "ENV a  b c" => "(env \"a\" \"b c\" \"\")",
    forms_env_pairs: "ENV a=1 b=\"2 3\"" => "(env \"a\" \"1\" \"=\" \"b\" \"\\\"2 3\\\"\" \"=\")",
    forms_label_pairs: "LABEL a=b" => "(label \"a\" \"b\" \"=\")",
    forms_arg: "ARG a b=c d=" => "(arg \"a\" \"b=c\" \"d=\")",
    forms_arg_empty: "ARG" => "(arg)",
    forms_user_text: "USER a b" => "(user \"a b\")",
    forms_from_words: "FROM a AS b" => "(from \"a\" \"AS\" \"b\")",
    forms_expose: "EXPOSE 80/tcp 443" => "(expose \"80/tcp\" \"443\")",
    forms_healthcheck_none: "HEALTHCHECK NONE" => "(healthcheck \"NONE\")",
    forms_healthcheck_shell: "HEALTHCHECK --interval=5s CMD curl -f x" => "(healthcheck [\"--interval=5s\"] \"CMD\" \"curl -f x\")",
    forms_healthcheck_exec: "HEALTHCHECK CMD [\"curl\", \"x\"]" => "(healthcheck \"CMD\" \"curl\" \"x\")",
    forms_onbuild: "ONBUILD RUN echo" => "(onbuild (run \"echo\"))",
    forms_onbuild_exec: "ONBUILD RUN [\"a\"]" => "(onbuild (run \"a\"))",
    forms_onbuild_flags: "ONBUILD COPY --from=a b c" => "(onbuild (copy [\"--from=a\"] \"b\" \"c\"))",
    forms_onbuild_nested: "ONBUILD ONBUILD RUN x" => "(onbuild (onbuild (run \"x\")))",
    forms_onbuild_empty: "ONBUILD" => "(onbuild)",
    forms_unknown: "FROBNICATE x y" => "(frobnicate \"\")",
    forms_unicode_lowercase: "WOR\u{212A}DIR /a" => "(workdir \"/a\")",
    forms_maintainer: "MAINTAINER Jane <j@example.com>" => "(maintainer \"Jane <j@example.com>\")",
    forms_quote_unprintable: "RUN a\u{a0}b\u{7f}" => "(run \"a\\u00a0b\\x7f\")",
    flags_several: "COPY --user=me --doit=true foo /tmp/" => "(copy [\"--user=me\" \"--doit=true\"] \"foo\" \"/tmp/\")",
    flags_double_dash_ends: "COPY --doit=true -- foo /tmp/" => "(copy [\"--doit=true\"] \"foo\" \"/tmp/\")",
    flags_bare: "CMD --doit [ \"a\", \"b\" ]" => "(cmd [\"--doit\"] \"a\" \"b\")",
    flags_only_double_dash: "CMD --doit -- [ ]" => "(cmd [\"--doit\"])",
    flags_quoted_value: "RUN --mount=\"type=bind,source=a b\" x" => "(run [\"--mount=type=bind,source=a b\"] \"x\")",
    flags_not_after_arguments: "RUN make --jobs=4" => "(run \"make --jobs=4\")",
    flags_latin1_bytes: "RUN --x=é y" => "(run [\"--x=Ã©\"] \"y\")",
    heredoc_not_in_dump: "RUN <<EOF\necho hi\nEOF\nRUN b" => "(run \"<<EOF\")\n(run \"b\")",
    heredoc_json_form_is_not_a_heredoc: "RUN [\"<<EOF\"]\nEOF" => "(run \"<<EOF\")\n(eof \"\")",
    heredoc_not_for_user: "USER <<X\nX" => "(user \"<<X\")\n(x \"\")",
    heredoc_quoted_word_is_not_an_opener: "RUN \"<<EOF\"\nEOF" => "(run \"\\\"<<EOF\\\"\")\n(eof \"\")",
    heredoc_glued_is_not_an_opener: "RUN cat<<EOF\nx\nEOF" => "(run \"cat<<EOF\")\n(x \"\")\n(eof \"\")",
    heredoc_under_onbuild: "ONBUILD RUN <<EOF\nx\nEOF" => "(onbuild (run \"<<EOF\"))",
    heredoc_space_after_opener: "RUN <<  EOF  > foo\nx\nEOF" => "(run \"<<  EOF  > foo\")",
    errors_env_one_word: "FROM a\nENV PATH" => "error: dockerfile parse error on line 2: ENV must have two arguments",
    errors_label_one_word: "LABEL x" => "error: dockerfile parse error on line 1: LABEL must have two arguments",
    errors_missing_equals: "ENV a=1 \\\n b" => "error: dockerfile parse error on line 1: Syntax error - can't find = in \"b\". Must be of the form: name=value",
    errors_nested_json: "CMD [ \"echo\", [ \"nested json\" ] ]" => "error: dockerfile parse error on line 1: when using JSON array syntax, arrays must be comprised of strings only",
    errors_onbuild_inner: "ONBUILD ENV a" => "error: dockerfile parse error on line 1: ENV must have two arguments",
    errors_empty_file: "" => "error: file with no instructions",
    errors_only_comments: "# Hello\n# comments\n\n" => "error: file with no instructions",
    errors_unterminated_heredoc: "FROM a\nRUN <<EOF\nx\n" => "error: dockerfile parse error on line 2: unterminated heredoc",
    errors_bad_heredoc_delimiter: "RUN <<${a:-\\\"}" => "error: dockerfile parse error on line 1: failed to process \"${a:-\\\"}\": syntax error: missing '}'",
    errors_duplicate_directive: "# escape=`\n# ESCAPE=\\\nFROM a" => "error: dockerfile parse error on line 1: only one escape parser directive can be used",
    errors_invalid_escape: "# escape=x\nFROM a" => "error: dockerfile parse error on line 0: invalid escape token 'x' does not match ` or \\",
}

#[test]
fn errors_keep_buildkit_line_numbers() {
    let cases = [
        ("FROM a\nENV a=1 \\\n b\n", ErrorKind::MissingEquals, (2, 3)),
        (
            "FROM a\nRUN <<EOF\nx\ny\n",
            ErrorKind::UnterminatedHeredoc,
            (2, 4),
        ),
        ("# a\n\n", ErrorKind::NoInstructions, (2, 2)),
        ("", ErrorKind::NoInstructions, (0, 0)),
        (
            "# syntax=a\n# syntax=b\n",
            ErrorKind::DuplicateDirective,
            (1, 1),
        ),
    ];
    for (input, kind, lines) in cases {
        let output = parse(input);
        let error = output
            .first_error()
            .unwrap_or_else(|| panic!("no error for {input:?}"));
        assert_eq!(error.kind, kind, "input {input:?}");
        assert_eq!((error.start_line, error.end_line), lines, "input {input:?}");
    }
}

#[test]
fn errors_do_not_stop_parsing() {
    let output = parse("ENV a\nRUN b\nLABEL c\nCMD d\n");
    assert_eq!(output.instructions.len(), 4);
    assert_eq!(output.errors.len(), 2);
    assert_eq!(output.diagnostics.len(), 2);
    assert_eq!(output.first_error().map(|error| error.start_line), Some(1));
    assert_eq!(output.diagnostics[1].span, 12..19);
}

#[test]
fn long_line_stops_the_scanner() {
    let input = format!("FROM a\nLABEL test={}\nRUN b\n", "a".repeat(65_536));
    let output = parse(&input);
    let error = output.first_error().expect("an error");
    assert_eq!(
        error.to_string(),
        "dockerfile line greater than max allowed size of 65535"
    );
    assert_eq!(error.kind, ErrorKind::LineTooLong);
    assert_eq!(output.instructions.len(), 1);
}

#[test]
fn long_line_before_instructions_reports_no_instructions() {
    let input = format!("# {}\nFROM a\n", "a".repeat(65_536));
    let kinds: Vec<_> = parse(&input)
        .errors
        .iter()
        .map(|error| error.kind)
        .collect();
    assert_eq!(kinds, [ErrorKind::NoInstructions, ErrorKind::LineTooLong]);
}

#[test]
fn instructions_carry_lines_and_spans() {
    let input =
        "# syntax=x\n\nFROM a\n\n# about b\nRUN b \\\n  # inside\n  c\nCOPY <<EOF /x\nbody\nEOF\n";
    let output = parse(input);
    let summary: Vec<_> = output
        .instructions
        .iter()
        .map(|instruction| {
            (
                instruction.start_line,
                instruction.end_line,
                &input[instruction.span.clone()],
            )
        })
        .collect();
    assert_eq!(
        summary,
        [
            (3, 3, "FROM a"),
            (6, 8, "RUN b \\\n  # inside\n  c"),
            (9, 11, "COPY <<EOF /x\nbody\nEOF")
        ]
    );
    assert_eq!(output.instructions[1].comments, ["about b"]);
    assert_eq!(output.instructions[1].original.as_str(), "RUN b   c");
    assert_eq!(&input[output.instructions[1].keyword_span.clone()], "RUN");
}

#[test]
fn comments_follow_buildkit() {
    let output = parse("# syntax=x\n# one\n#\n# two\n  # three\nFROM a\nRUN b\n");
    assert_eq!(output.instructions[0].comments, ["two", "# three"]);
    assert!(output.instructions[1].comments.is_empty());
}

#[test]
fn directives_are_exposed() {
    let output =
        parse("#syntax=docker/dockerfile:1\n# Escape = `\n#  check=skip=all;error=true\nFROM a\n");
    let names: Vec<_> = output
        .directives
        .iter()
        .map(|d| (d.name.as_str(), d.value.as_str(), d.line))
        .collect();
    assert_eq!(
        names,
        [
            ("syntax", "docker/dockerfile:1", 1),
            ("escape", "`", 2),
            ("check", "skip=all;error=true", 3)
        ]
    );
    assert_eq!(output.escape_token, '`');
    assert_eq!(output.directive("check"), Some("skip=all;error=true"));
    assert!(output.instructions[0].comments.is_empty());
}

#[test]
fn empty_continuations_are_recorded() {
    let input = "FROM a\nRUN valid \\\n    continuation\n\nRUN something \\\n\n    following \\\n\n    more\n\nRUN another \\\n\n    thing\n\nRUN x \\\n# comment\n   y\n";
    let output = parse(input);
    let found: Vec<_> = output
        .empty_continuations
        .iter()
        .map(|blank| (blank.instruction, blank.line, blank.warning_line))
        .collect();
    assert_eq!(found, [(2, 6, 9), (2, 8, 9), (3, 12, 13)]);
    assert_eq!(
        output.instructions[2].original.as_str(),
        "RUN something     following     more"
    );
    assert!(output.first_error().is_none());
}

/// Name, file descriptor, expansion, chomp and content of one heredoc.
type HeredocSummary<'a> = (&'a str, u64, Expansion, Chomp, &'a str);

#[test]
fn heredocs_as_buildkit_reads_them() {
    let input = "FROM a\nRUN <<EMPTY\nEMPTY\nRUN 3<<EMPTY2\nEMPTY2\nRUN <<INDENT\n\tfoo\n\tbar\nINDENT\nRUN <<-UNINDENT\n\tbaz\n\tquux\n\tUNINDENT\nRUN <<-'NOEXPAND'\n\tdon't expand $NAME\nNOEXPAND\nRUN <<COMMENT\n# internal comment\nCOMMENT\nCOPY <<X <<Y /dest\nY\nX\nX\nY\nRUN <<eo'f'\necho foo\neof\nRUN <<eo\\'f\necho foo\neo'f\nRUN <<'one two'\necho bar\none two\nRUN <<$EOF\n$EOF\nRUN <<  EOF\nEOF\nCOPY <<EOF /crlf\r\nline\r\nEOF\r\n";
    let output = parse(input);
    assert!(output.first_error().is_none(), "{:?}", output.first_error());
    let found: Vec<Vec<HeredocSummary>> = output.instructions[1..]
        .iter()
        .map(|instruction| {
            instruction
                .heredocs
                .iter()
                .map(|h| {
                    (
                        h.name.as_str(),
                        h.file_descriptor,
                        h.expansion,
                        h.chomp,
                        h.content.as_str(),
                    )
                })
                .collect()
        })
        .collect();
    use Chomp::*;
    use Expansion::*;
    let expected: Vec<Vec<HeredocSummary>> = vec![
        vec![("EMPTY", 0, Expand, Keep, "")],
        vec![("EMPTY2", 3, Expand, Keep, "")],
        vec![("INDENT", 0, Expand, Keep, "\tfoo\n\tbar\n")],
        vec![("UNINDENT", 0, Expand, StripTabs, "\tbaz\n\tquux\n")],
        vec![("NOEXPAND", 0, Literal, StripTabs, "\tdon't expand $NAME\n")],
        vec![("COMMENT", 0, Expand, Keep, "# internal comment\n")],
        vec![("X", 0, Expand, Keep, "Y\n"), ("Y", 0, Expand, Keep, "X\n")],
        vec![("eof", 0, Literal, Keep, "echo foo\n")],
        vec![("eo'f", 0, Expand, Keep, "echo foo\n")],
        vec![("one two", 0, Literal, Keep, "echo bar\n")],
        vec![("$EOF", 0, Expand, Keep, "")],
        vec![("EOF", 0, Expand, Keep, "")],
        vec![("EOF", 0, Expand, Keep, "line\r\n")],
    ];
    assert_eq!(found, expected);
    assert_eq!(output.instructions[4].heredocs[0].body(), "baz\nquux\n");
}

#[test]
fn heredoc_spans_point_into_the_source() {
    let input = "FROM a\nCOPY <<-\"EOF\" /x\n\tbody\n\tEOF\n";
    let output = parse(input);
    let heredoc = &output.instructions[1].heredocs[0];
    assert_eq!(&input[heredoc.opener_span.clone()], "<<-\"EOF\"");
    assert_eq!(&input[heredoc.content_span.clone()], "\tbody\n");
    assert_eq!(
        heredoc.terminator_span.clone().map(|span| &input[span]),
        Some("\tEOF")
    );
    assert_eq!(output.instructions[1].end_line, 4);
}

#[test]
fn forms_are_enums() {
    let output: ParseOutput = parse("RUN [\"a\"]\nRUN a\nCOPY a b\nENV a b\n");
    let forms: Vec<_> = output
        .instructions
        .iter()
        .map(|instruction| instruction.form())
        .collect();
    assert_eq!(
        forms,
        [Some(Form::Exec), Some(Form::Shell), Some(Form::Shell), None]
    );
}

#[test]
fn deep_onbuild_chain_is_safe() {
    let input = format!("{}RUN x\n", "ONBUILD \\\n".repeat(200_000));
    let output = parse(&input);
    assert!(output.first_error().is_none());
    let text = dump(&output);
    assert!(text.starts_with("(onbuild (onbuild "));
    let closing = ")".repeat(200_001);
    assert!(text.ends_with(&format!("(run \"x\"{closing}")));
}
