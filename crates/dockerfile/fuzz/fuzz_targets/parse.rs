//! Feeds arbitrary UTF-8 text to `parse`, `dump` and `highlight::tokens`,
//! and checks the invariants a caller relies on.
#![no_main]

use dockerfile::highlight::tokens;
use dockerfile::parser::{dump, parse};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let output = parse(text);
    for diagnostic in &output.diagnostics {
        assert!(diagnostic.span.start <= diagnostic.span.end);
        assert!(diagnostic.span.end <= text.len());
    }
    for instruction in &output.instructions {
        for heredoc in &instruction.heredocs {
            assert_eq!(heredoc.content, text[heredoc.content_span.clone()]);
        }
    }
    let _ = dump(&output);
    let mut previous_end = 0;
    for token in tokens(text) {
        assert!(previous_end <= token.span.start);
        assert!(token.span.start < token.span.end);
        assert!(text.is_char_boundary(token.span.start));
        assert!(text.is_char_boundary(token.span.end));
        previous_end = token.span.end;
    }
});
