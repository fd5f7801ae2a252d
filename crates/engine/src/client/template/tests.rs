//! Table tests of the template subset: each case is a template, the data and
//! the expected text or error.

use crate::json::Json;

use super::{Format, Missing, Template};

fn data() -> Json {
    crate::sorted_object!({
        "ID": "sha256:4e1b6bae1e48",
        "Repository": "nginx",
        "Tag": "latest",
        "Names": Json::strings(&["web", "proxy"]),
        "Size": 192000000,
        "Ratio": 1.5,
        "Big": 1.0e6,
        "Empty": "",
        "Zero": 0,
        "Config": crate::sorted_object!({
            "Env": Json::strings(&["PATH=/usr/bin", "LANG=C"]),
            "Labels": crate::sorted_object!({"b": "2", "a": "1"}),
            "User": "",
        }),
        "Null": Json::Null,
        "Official": true,
    })
}

fn render(template: &str) -> Result<String, String> {
    let template = Template::parse(template).map_err(|error| error.message)?;
    template
        .execute(&data(), Missing::NoValue)
        .map_err(|error| error.message)
}

#[test]
fn renders_table_of_cases() {
    let cases: &[(&str, &str)] = &[
        ("plain text", "plain text"),
        ("{{.Repository}}:{{.Tag}}", "nginx:latest"),
        ("{{.Config.Env}}", "[PATH=/usr/bin LANG=C]"),
        ("{{.Config.Labels}}", "map[a:1 b:2]"),
        ("{{.Missing}}", "<no value>"),
        ("{{.Null}}", "<nil>"),
        ("{{.Size}}", "192000000"),
        ("{{.Ratio}}", "1.5"),
        ("{{.Big}}", "1e+06"),
        ("{{json .Config.Env}}", r#"["PATH=/usr/bin","LANG=C"]"#),
        ("{{json .Config.Labels}}", r#"{"a":"1","b":"2"}"#),
        ("{{json .Repository}}", r#""nginx""#),
        ("{{join .Names \", \"}}", "web, proxy"),
        ("{{.Tag | upper | printf \"<%s>\"}}", "<LATEST>"),
        ("{{split .Repository \"n\"}}", "[ gi x]"),
        (
            "{{upper .Repository}} {{lower \"ABC\"}} {{title \"hello world\"}}",
            "NGINX abc Hello World",
        ),
        ("{{truncate .ID 10}}", "sha256:4e1"),
        ("{{truncate .Tag 10}}", "latest"),
        ("[{{pad .Tag 2 1}}]", "[  latest ]"),
        ("{{println .Tag}}", "latest\n"),
        ("{{range .Names}}<{{.}}>{{end}}", "<web><proxy>"),
        (
            "{{range $i, $n := .Names}}{{$i}}={{$n}} {{end}}",
            "0=web 1=proxy ",
        ),
        (
            "{{range $k, $v := .Config.Labels}}{{$k}}{{$v}}{{end}}",
            "a1b2",
        ),
        ("{{range .Config.Env}}{{else}}none{{end}}", ""),
        ("{{range .Null}}x{{else}}empty{{end}}", "empty"),
        ("{{if .Official}}[OK]{{end}}", "[OK]"),
        ("{{if .Empty}}a{{else if .Zero}}b{{else}}c{{end}}", "c"),
        ("{{if not .Empty}}yes{{end}}", "yes"),
        ("{{if and .Official .Tag}}both{{end}}", "both"),
        ("{{or .Empty \"fallback\"}}", "fallback"),
        ("{{if eq .Tag \"latest\" \"stable\"}}match{{end}}", "match"),
        ("{{if ne .Size 0}}sized{{end}}", "sized"),
        ("{{if gt .Size 1000}}big{{end}}", "big"),
        ("{{with .Config}}{{.User}}|{{len .Env}}{{end}}", "|2"),
        ("{{with .Empty}}x{{else}}no{{end}}", "no"),
        ("{{index .Names 1}}", "proxy"),
        ("{{index .Config.Labels \"a\"}}", "1"),
        ("{{$t := .Tag}}{{$t}}", "latest"),
        ("{{$.Repository}}", "nginx"),
        ("{{range .Names}}{{$.Tag}}{{end}}", "latestlatest"),
        ("{{(index .Names 0) | upper}}", "WEB"),
        ("{{len .Repository}}", "5"),
        ("{{printf \"%s-%d%%\" .Tag 5}}", "latest-5%"),
        ("{{print 1 2 \"a\" \"b\"}}", "1 2ab"),
        ("a  {{- .Tag -}}  b", "alatestb"),
        ("{{/* a comment */}}x", "x"),
        ("{{`raw\\t`}}", "raw\\t"),
        ("{{\"q\\\"uote\"}}", "q\"uote"),
    ];
    for (template, expected) in cases {
        assert_eq!(
            render(template).as_deref(),
            Ok(*expected),
            "template {template:?}"
        );
    }
}

#[test]
fn reports_errors_table() {
    let cases: &[(&str, &str)] = &[
        ("{{.Tag", "template: :1: unclosed action"),
        ("{{foo .Tag}}", "template: :1: function \"foo\" not defined"),
        ("{{if .Tag}}x", "template: :1: unexpected EOF in if"),
        ("{{end}}", "template: :1: unexpected {{end}}"),
        ("{{}}", "template: :1: missing value for command"),
        ("{{\"abc}}", "template: :1: unterminated quoted string"),
        ("{{.Tag.Name}}", "template: :1:2: executing \"\" at <.Tag.Name>: can't evaluate field Name in type string"),
        ("{{index .Names 5}}", "template: :1:2: executing \"\" at <index .Names 5>: error calling index: index out of range: 5"),
        ("{{join .Tag \",\"}}", "template: :1:2: executing \"\" at <join .Tag \",\">: wrong type for value; expected []string; got string"),
        // The piped value is the last argument, so this calls join(",", .Names).
        ("{{.Names | join \",\"}}", "template: :1:2: executing \"\" at <.Names | join \",\">: wrong type for value; expected []string; got string"),
        ("{{$nope}}", "template: :1: undefined variable \"$nope\""),
        ("{{template \"x\"}}", "template: :1: {{template}} is not supported by Porthole's template subset"),
    ];
    for (template, expected) in cases {
        assert_eq!(
            render(template),
            Err(expected.to_string()),
            "template {template:?}"
        );
    }
}

#[test]
fn struct_contexts_reject_unknown_fields() {
    let template = Template::parse("{{.Nope}}").unwrap();
    let error = template
        .execute(&data(), Missing::Error("*formatter.imageContext"))
        .unwrap_err();
    assert_eq!(
        error.message,
        "template: :1:2: executing \"\" at <.Nope>: can't evaluate field Nope in type *formatter.imageContext"
    );
}

#[test]
fn table_format_prints_header_and_aligns() {
    let format = Format::parse("table {{.Repository}}\\t{{json .Tag}}").unwrap();
    let header = crate::sorted_object!({"Repository": "REPOSITORY", "Tag": "TAG"});
    let text = format.render(&header, &[data()], Missing::NoValue).unwrap();
    assert_eq!(text, "REPOSITORY   TAG\nnginx        \"latest\"\n");
}

#[test]
fn json_format_prints_whole_rows() {
    let format = Format::parse("json").unwrap();
    let text = format
        .render(
            &crate::sorted_object!({}),
            &[crate::sorted_object!({"A": 1})],
            Missing::NoValue,
        )
        .unwrap();
    assert_eq!(text, "{\"A\":1}\n");
    assert!(!format.is_table());
}

#[test]
fn default_table_used_for_bare_table() {
    let format = Format::parse_or_default("table", "table {{.Tag}}").unwrap();
    assert!(format.is_table());
    let text = format
        .render(
            &crate::sorted_object!({"Tag": "TAG"}),
            &[],
            Missing::NoValue,
        )
        .unwrap();
    assert_eq!(text, "TAG\n");
}

#[test]
fn deep_nesting_is_rejected() {
    let deep = format!("{}1{}", "(".repeat(200), ")".repeat(200));
    let template = format!("{{{{{deep}}}}}");
    assert!(Template::parse(&template).is_err());
    let blocks = "{{if 1}}".repeat(200);
    assert!(Template::parse(&blocks).is_err());
}
