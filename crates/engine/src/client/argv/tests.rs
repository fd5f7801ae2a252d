//! Table tests for the line splitter: one line per case, compared as rendered tokens.

use super::*;

/// Renders tokens compactly: words as typed text, assignments as `NAME=value`
/// prefixed with `=`, operators prefixed with `op:`.
fn render(tokens: &[Token]) -> Vec<String> {
    tokens
        .iter()
        .map(|token| match token {
            Token::Word(word) => word.text.clone(),
            Token::Assignment(assignment) => format!("={}={}", assignment.name, assignment.value),
            Token::Operator { operator, .. } => format!("op:{}", operator.as_str()),
        })
        .collect()
}

fn environment() -> Vec<(&'static str, &'static str)> {
    vec![
        ("HOME", "/root"),
        ("IMAGE", "nginx:latest"),
        ("OPTS", "-d  -p 80:80"),
        ("EMPTY", ""),
        ("SPACED", " a b "),
        ("?", "0"),
        ("1", "first"),
    ]
}

#[test]
fn splits_lines_like_a_posix_shell() {
    let cases: &[(&str, &[&str])] = &[
        ("", &[]),
        ("   ", &[]),
        ("docker ps", &["docker", "ps"]),
        ("  docker   ps  -a ", &["docker", "ps", "-a"]),
        ("docker\tps", &["docker", "ps"]),
        (
            "docker run -it ubuntu /bin/bash",
            &["docker", "run", "-it", "ubuntu", "/bin/bash"],
        ),
        ("echo 'a b'  c", &["echo", "a b", "c"]),
        ("echo \"a b\" c", &["echo", "a b", "c"]),
        ("echo 'it''s'", &["echo", "its"]),
        ("echo \"it's\"", &["echo", "it's"]),
        ("echo 'say \"hi\"'", &["echo", "say \"hi\""]),
        ("echo \"say \\\"hi\\\"\"", &["echo", "say \"hi\""]),
        ("echo \"a\\nb\"", &["echo", "a\\nb"]),
        ("echo \"back\\\\slash\"", &["echo", "back\\slash"]),
        ("echo a\\ b", &["echo", "a b"]),
        ("echo \\$IMAGE", &["echo", "$IMAGE"]),
        ("echo '$IMAGE'", &["echo", "$IMAGE"]),
        ("echo \"$IMAGE\"", &["echo", "nginx:latest"]),
        ("echo $IMAGE", &["echo", "nginx:latest"]),
        ("echo ${IMAGE}x", &["echo", "nginx:latestx"]),
        ("echo $IMAGEx", &["echo"]),
        ("echo pre$IMAGE", &["echo", "prenginx:latest"]),
        ("echo $UNSET end", &["echo", "end"]),
        ("echo \"$UNSET\" end", &["echo", "", "end"]),
        ("echo '' \"\"", &["echo", "", ""]),
        ("echo $EMPTY", &["echo"]),
        (
            "docker run $OPTS nginx",
            &["docker", "run", "-d", "-p", "80:80", "nginx"],
        ),
        (
            "docker run \"$OPTS\" nginx",
            &["docker", "run", "-d  -p 80:80", "nginx"],
        ),
        ("echo x${SPACED}y", &["echo", "x", "a", "b", "y"]),
        ("echo $? $1", &["echo", "0", "first"]),
        ("echo ${1}", &["echo", "first"]),
        ("echo $ $/ a$", &["echo", "$", "$/", "a$"]),
        ("echo 100$", &["echo", "100$"]),
        ("cd ~", &["cd", "/root"]),
        ("cd ~/app", &["cd", "/root/app"]),
        ("echo a~ ~x '~'", &["echo", "a~", "~x", "~"]),
        ("echo \"~\"", &["echo", "~"]),
        ("echo a#b # a comment", &["echo", "a#b"]),
        ("# only a comment", &[]),
        ("echo 'a#b' \"#c\"", &["echo", "a#b", "#c"]),
        ("echo *.txt", &["echo", "*.txt"]),
        ("echo a\\\nb", &["echo", "ab"]),
        ("echo \"a\\\nb\"", &["echo", "ab"]),
        ("日本 'ü' \"é\"", &["日本", "ü", "é"]),
    ];
    let variables = environment();
    for &(line, expected) in cases {
        let got = split_line(line, &variables).map(|tokens| render(&tokens));
        let expected: Vec<String> = expected.iter().map(|s| s.to_string()).collect();
        assert_eq!(got, Ok(expected), "split of {line:?}");
    }
}

#[test]
fn assignments_and_operators() {
    let cases: &[(&str, &[&str])] = &[
        ("FOO=1 docker ps", &["=FOO=1", "docker", "ps"]),
        ("A=1 B='x y' env", &["=A=1", "=B=x y", "env"]),
        ("A=$OPTS", &["=A=-d  -p 80:80"]),
        ("A=~ B=", &["=A=~", "=B="]),
        (
            "docker run -e A=1 alpine",
            &["docker", "run", "-e", "A=1", "alpine"],
        ),
        ("\"A\"=1 x", &["A=1", "x"]),
        ("A-B=1", &["A-B=1"]),
        ("=1", &["=1"]),
        ("a | b", &["a", "op:|", "b"]),
        ("a|b", &["a", "op:|", "b"]),
        ("a || b && c", &["a", "op:||", "b", "op:&&", "c"]),
        ("a; b", &["a", "op:;", "b"]),
        ("a & b", &["a", "op:&", "b"]),
        ("a > out.txt", &["a", "op:>", "out.txt"]),
        ("a >> out.txt", &["a", "op:>>", "out.txt"]),
        ("a < in.txt", &["a", "op:<", "in.txt"]),
        ("cat << EOF", &["cat", "op:<<", "EOF"]),
        ("a 2>/dev/null", &["a", "2", "op:>", "/dev/null"]),
        ("a '|' \"&&\" \\;", &["a", "|", "&&", ";"]),
        ("A=1 x; B=2 y", &["=A=1", "x", "op:;", "=B=2", "y"]),
        ("x A=1", &["x", "A=1"]),
        ("> out A=1 cmd", &["op:>", "out", "=A=1", "cmd"]),
        ("a\nb", &["a", "op:;", "b"]),
        (
            "pip install flask && echo done",
            &["pip", "install", "flask", "op:&&", "echo", "done"],
        ),
    ];
    let variables = environment();
    for &(line, expected) in cases {
        let got = split_line(line, &variables).map(|tokens| render(&tokens));
        let expected: Vec<String> = expected.iter().map(|s| s.to_string()).collect();
        assert_eq!(got, Ok(expected), "split of {line:?}");
    }
}

#[test]
fn spans_point_at_the_typed_text() {
    let variables = environment();
    let line = "FOO=1 docker  'ru'n | wc";
    let tokens = split_line(line, &variables).expect("valid line");
    let spans: Vec<&str> = tokens
        .iter()
        .map(|token| match token {
            Token::Word(word) => &line[word.span.clone()],
            Token::Assignment(assignment) => &line[assignment.span.clone()],
            Token::Operator { span, .. } => &line[span.clone()],
        })
        .collect();
    assert_eq!(spans, ["FOO=1", "docker", "'ru'n", "|", "wc"]);
}

#[test]
fn errors_name_the_problem() {
    let cases: &[(&str, SplitErrorKind, Range<usize>, &str)] = &[
        (
            "echo 'abc",
            SplitErrorKind::UnterminatedSingleQuote,
            5..9,
            "unterminated single quote: add a closing ' to end the quoted text",
        ),
        (
            "echo \"abc",
            SplitErrorKind::UnterminatedDoubleQuote,
            5..9,
            "unterminated double quote: add a closing \" to end the quoted text",
        ),
        ("echo \"abc\\", SplitErrorKind::UnterminatedDoubleQuote, 5..10, "unterminated double quote: add a closing \" to end the quoted text"),
        ("echo ${HOME", SplitErrorKind::UnterminatedBrace, 5..11, "unterminated ${: add a closing } after the variable name"),
        (
            "echo ${HOME:-x}",
            SplitErrorKind::BadSubstitution("HOME:-x".to_string()),
            5..15,
            "bad substitution: ${HOME:-x} is not a variable name",
        ),
        ("echo ${}", SplitErrorKind::BadSubstitution(String::new()), 5..8, "bad substitution: ${} is not a variable name"),
        (
            "echo $(date)",
            SplitErrorKind::CommandSubstitution,
            5..7,
            "command substitution with $(…) or `…` is not supported: type the value itself",
        ),
        ("echo `date`", SplitErrorKind::CommandSubstitution, 5..6, "command substitution with $(…) or `…` is not supported: type the value itself"),
        (
            "echo abc\\",
            SplitErrorKind::TrailingBackslash,
            8..9,
            "the line ends with a backslash: remove it, or type the rest of the command on this line",
        ),
    ];
    let variables = environment();
    for (line, kind, span, message) in cases {
        let error = split_line(line, &variables).expect_err(line);
        assert_eq!(&error.kind, kind, "error kind for {line:?}");
        assert_eq!(&error.span, span, "error span for {line:?}");
        assert_eq!(error.to_string(), *message, "error message for {line:?}");
    }
}

#[test]
fn split_words_keeps_only_words() {
    let variables = environment();
    let words = split_words("A=1 docker ps | wc -l", &variables).expect("valid line");
    assert_eq!(words, ["docker", "ps", "wc", "-l"]);
}

#[test]
fn map_variables_expand() {
    let mut map = HashMap::new();
    map.insert("NAME".to_string(), "web".to_string());
    let words = split_words("docker stop $NAME", &map).expect("valid line");
    assert_eq!(words, ["docker", "stop", "web"]);

    let mut ordered = SortedMap::new();
    ordered.insert("NAME".to_string(), "db".to_string());
    let words = split_words("docker stop ${NAME}", &ordered).expect("valid line");
    assert_eq!(words, ["docker", "stop", "db"]);
}
