//! No input makes `parse`, `dump` or `highlight::tokens` panic, and their
//! output keeps its invariants: spans inside the text, tokens sorted and
//! disjoint, heredoc contents equal to their spans.
//!
//! The generators mix the pieces that parsers get wrong: escape tokens,
//! heredoc openers and terminators, brackets, quotes, `${` forms, and every
//! kind of line break. Large inputs check that the work stays linear: a
//! quadratic step would make these tests run for minutes.

use dockerfile::highlight::tokens;
use dockerfile::parser::{dump, parse, ParseOutput};
use proptest::prelude::*;

const FRAGMENTS: &[&str] = &[
    "\\",
    "`",
    "\\\n",
    "`\n",
    "<<EOF",
    "<<-EOF",
    "<<'EOF'",
    "<<\"E\"OF",
    "<< EOF",
    "3<<X",
    "<<",
    "EOF",
    "\tEOF",
    "X",
    "[",
    "]",
    "[\"a\", \"b\"]",
    "[\"a\", 1]",
    "{",
    "}",
    "'",
    "\"",
    "$",
    "${",
    "${a:-",
    "${a/",
    ":-",
    "}",
    "\n",
    "\r\n",
    "\r",
    " ",
    "\t",
    "\x0b",
    "#",
    "# escape=`\n",
    "# escape=\\\n",
    "# syntax=x\n",
    "# check=skip=all\n",
    "RUN ",
    "run ",
    "COPY ",
    "ADD ",
    "ONBUILD ",
    "ENV ",
    "LABEL ",
    "ARG ",
    "HEALTHCHECK ",
    "CMD ",
    "FROM ",
    "--flag=",
    "--",
    "=",
    ",",
    "a",
    "é",
    "\u{a0}",
    "\u{85}",
    "\u{feff}",
    "\u{130}",
    "\u{212a}",
    "😀",
    "\0",
];

fn adversarial() -> impl Strategy<Value = String> {
    prop::collection::vec(prop::sample::select(FRAGMENTS), 0..120)
        .prop_map(|pieces| pieces.concat())
}

fn check_output(text: &str, output: &ParseOutput) {
    let valid = |span: &std::ops::Range<usize>| {
        span.start <= span.end
            && span.end <= text.len()
            && text.is_char_boundary(span.start)
            && text.is_char_boundary(span.end)
    };
    for diagnostic in &output.diagnostics {
        assert!(
            valid(&diagnostic.span),
            "diagnostic span {:?} in {text:?}",
            diagnostic.span
        );
    }
    assert_eq!(output.first_error().is_some(), !output.errors.is_empty());
    for instruction in &output.instructions {
        assert!(
            valid(&instruction.span),
            "instruction span {:?} in {text:?}",
            instruction.span
        );
        assert!(
            valid(&instruction.keyword_span),
            "keyword span {:?} in {text:?}",
            instruction.keyword_span
        );
        assert!(instruction.start_line <= instruction.end_line);
        for heredoc in &instruction.heredocs {
            assert_eq!(heredoc.content, text[heredoc.content_span.clone()]);
            assert!(
                valid(&heredoc.opener_span),
                "opener span {:?} in {text:?}",
                heredoc.opener_span
            );
        }
    }
    for blank in &output.empty_continuations {
        assert!(valid(&blank.span));
        assert!(blank.instruction < output.instructions.len());
    }
}

fn check_dump(output: &ParseOutput) {
    let text = dump(output);
    if output.first_error().is_none() {
        assert_eq!(
            text.split('\n').count(),
            output.instructions.len(),
            "dump {text:?}"
        );
        assert!(
            text.lines()
                .all(|line| line.starts_with('(') && line.ends_with(')')),
            "dump {text:?}"
        );
    }
}

fn check_tokens(text: &str) {
    let mut previous_end = 0;
    for token in tokens(text) {
        let span = token.span;
        assert!(span.start < span.end, "empty token {span:?} in {text:?}");
        assert!(
            span.start >= previous_end,
            "overlapping token {span:?} in {text:?}"
        );
        assert!(
            span.end <= text.len(),
            "token {span:?} past the end of {text:?}"
        );
        assert!(
            text.is_char_boundary(span.start),
            "token {span:?} starts inside a character"
        );
        assert!(
            text.is_char_boundary(span.end),
            "token {span:?} ends inside a character"
        );
        assert!(
            !text[span.clone()].contains('\n'),
            "token {span:?} crosses a line in {text:?}"
        );
        previous_end = span.end;
    }
}

fn check_all(text: &str) {
    let output = parse(text);
    check_output(text, &output);
    check_dump(&output);
    check_tokens(text);
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn adversarial_fragments(text in adversarial()) {
        check_all(&text);
    }

    #[test]
    fn arbitrary_text(text in any::<String>()) {
        check_all(&text);
    }

    #[test]
    fn arbitrary_lines(lines in prop::collection::vec("[ -~\t\u{a0}\u{85}é]{0,40}", 0..30), breaks in prop::sample::select(&["\n", "\r\n", "\r"][..])) {
        check_all(&lines.join(breaks));
    }
}

/// Builds a Dockerfile of about `size` bytes from a realistic mix.
fn big_dockerfile(size: usize) -> String {
    let block = "FROM alpine:3.20 AS build\n# a comment\nARG VERSION=1.2.3\nENV PATH=/usr/local/bin:$PATH LANG=C.UTF-8\n\
RUN apk add --no-cache \\\n    curl \\\n    git \\\n\n    make && \\\n    rm -rf /var/cache/apk/*\n\
COPY --chown=app:app [\"src dir\", \"/app/\"]\nRUN <<EOF\nset -e\necho \"${VERSION:-none}\"\nEOF\n\
HEALTHCHECK --interval=5s CMD curl -f http://localhost/ || exit 1\nONBUILD RUN echo trigger\n\
CMD [\"/app/run\", \"--port\", \"8080\"]\n";
    block.repeat(size / block.len() + 1)
}

#[test]
fn ten_megabyte_dockerfile() {
    let text = big_dockerfile(10 * 1024 * 1024);
    let output = parse(&text);
    assert!(output.first_error().is_none(), "{:?}", output.first_error());
    assert_eq!(
        output.instructions.len(),
        9 * (text.len() / big_dockerfile(0).len())
    );
    assert!(dump(&output).len() > 1024 * 1024);
    assert!(!tokens(&text).is_empty());
}

#[test]
fn pathological_shapes_stay_linear() {
    let continued = format!("RUN {}x\n", "${a:-\\\n".repeat(200_000));
    let heredoc_words = format!("RUN {}\n", "<<A \\\n".repeat(200_000));
    let json = format!("CMD {}{}\n", "[".repeat(30_000), "]".repeat(30_000));
    let quotes = format!("ENV {}\n", "a=\"b \\\n".repeat(200_000));
    let blank_continuations = format!("RUN a \\\n{}b\n", " \n".repeat(500_000));
    let onbuild = format!("{}RUN x\n", "ONBUILD --a=b \\\n".repeat(200_000));
    for text in [
        continued,
        heredoc_words,
        json,
        quotes,
        blank_continuations,
        onbuild,
    ] {
        let output = parse(&text);
        check_output(&text, &output);
        dump(&output);
        check_tokens(&text);
    }
}
