//! Table tests for pflag semantics and docker/cli's error wrapping.

use super::*;

/// A flag set shaped like `docker run`'s: booleans, values, lists and shared values.
static RUN_LIKE: &[FlagSpec] = &[
    FlagSpec::new(
        "detach",
        ValueType::Bool,
        "false",
        "Run container in background",
    )
    .short('d'),
    FlagSpec::new("interactive", ValueType::Bool, "false", "Keep STDIN open").short('i'),
    FlagSpec::new("tty", ValueType::Bool, "false", "Allocate a pseudo-TTY").short('t'),
    FlagSpec::new(
        "rm",
        ValueType::Bool,
        "false",
        "Automatically remove the container",
    ),
    FlagSpec::new(
        "sig-proxy",
        ValueType::Bool,
        "true",
        "Proxy received signals",
    ),
    FlagSpec::new(
        "name",
        ValueType::String,
        "",
        "Assign a name to the container",
    ),
    FlagSpec::new(
        "publish",
        ValueType::List,
        "",
        "Publish a container's port(s)",
    )
    .short('p'),
    FlagSpec::new("env", ValueType::List, "", "Set environment variables")
        .short('e')
        .validated(validate_env),
    FlagSpec::new(
        "attach",
        ValueType::List,
        "",
        "Attach to STDIN, STDOUT or STDERR",
    )
    .short('a')
    .validated(validate_attach),
    FlagSpec::new("memory", ValueType::Bytes, "0", "Memory limit").short('m'),
    FlagSpec::new("memory-swap", ValueType::MemorySwap, "0", "Swap limit"),
    FlagSpec::new("cpus", ValueType::Decimal, "", "Number of CPUs"),
    FlagSpec::new(
        "health-interval",
        ValueType::Duration,
        "0s",
        "Time between running the check",
    ),
    FlagSpec::new(
        "memory-swappiness",
        ValueType::Int64,
        "-1",
        "Tune container memory swappiness",
    ),
    FlagSpec::new("blkio-weight", ValueType::Uint16, "0", "Block IO weight"),
    FlagSpec::new("sysctl", ValueType::Map, "map[]", "Sysctl options"),
    FlagSpec::new(
        "network",
        ValueType::Other("network"),
        "",
        "Connect a container to a network",
    ),
    FlagSpec::new(
        "net",
        ValueType::Other("network"),
        "",
        "Connect a container to a network",
    )
    .hidden()
    .value_of("network"),
    FlagSpec::new("hostname", ValueType::String, "", "Container host name").short('h'),
    FlagSpec::new("help", ValueType::Bool, "false", "Print usage"),
];

/// A flag set shaped like `docker ps` plus the root's persistent help flag.
static PS_LIKE: &[FlagSpec] = &[
    FlagSpec::new("all", ValueType::Bool, "false", "Show all containers").short('a'),
    FlagSpec::new(
        "last",
        ValueType::Int,
        "-1",
        "Show n last created containers",
    )
    .short('n'),
    FlagSpec::new("filter", ValueType::Filter, "", "Filter output").short('f'),
    FlagSpec::new(
        "quiet",
        ValueType::Bool,
        "false",
        "Only display container IDs",
    )
    .short('q'),
    FlagSpec::new("time", ValueType::Int, "0", "Seconds to wait")
        .deprecated("use --timeout instead"),
    FlagSpec::new(
        "platform",
        ValueType::StringSlice,
        "[]",
        "Remove only the given platform variant",
    ),
    FlagSpec::new(
        "build-arg",
        ValueType::StringArray,
        "[]",
        "Set build-time variables",
    ),
    FlagSpec::new(
        "docker",
        ValueType::StringToString,
        "[]",
        "set the docker endpoint",
    ),
];

static PERSISTENT_HELP: &[FlagSpec] =
    &[
        FlagSpec::new("help", ValueType::Bool, "false", "Print usage")
            .short('h')
            .shorthand_deprecated("use --help")
            .hidden(),
    ];

fn strings(words: &[&str]) -> Vec<String> {
    words.iter().map(|word| word.to_string()).collect()
}

fn run_set(interspersed: Interspersed) -> FlagSet {
    FlagSet::new(RUN_LIKE, PERSISTENT_HELP, interspersed)
}

fn ps_set() -> FlagSet {
    FlagSet::new(PS_LIKE, PERSISTENT_HELP, Interspersed::Allowed)
}

/// Renders the given flags and the arguments as one line, for table comparison.
fn render(parsed: &ParsedFlags) -> String {
    let mut parts: Vec<String> = parsed
        .set_flags()
        .iter()
        .map(|name| format!("{name}={}", render_value(parsed.value(name))))
        .collect();
    parts.push(format!("args={:?}", parsed.args));
    parts.join(" ")
}

fn render_value(value: Option<&FlagValue>) -> String {
    match value {
        Some(FlagValue::Bool(value)) => value.to_string(),
        Some(FlagValue::String(value)) => format!("{value:?}"),
        Some(FlagValue::Int(value) | FlagValue::Bytes(value) | FlagValue::Decimal(value)) => {
            value.to_string()
        }
        Some(FlagValue::Uint(value)) => value.to_string(),
        Some(FlagValue::Float(value)) => value.to_string(),
        Some(FlagValue::Duration(value)) => value.to_string(),
        Some(FlagValue::List(values)) => format!("{values:?}"),
        Some(FlagValue::Map(pairs)) => format!("{pairs:?}"),
        None => "missing".to_string(),
    }
}

#[test]
fn run_style_parsing() {
    let cases: &[(&[&str], &str)] = &[
        (&["alpine"], r#"args=["alpine"]"#),
        (
            &["-it", "ubuntu", "bash"],
            r#"interactive=true tty=true args=["ubuntu", "bash"]"#,
        ),
        (
            &["-dit", "ubuntu"],
            r#"detach=true interactive=true tty=true args=["ubuntu"]"#,
        ),
        (
            &["-p8080:80", "nginx"],
            r#"publish=["8080:80"] args=["nginx"]"#,
        ),
        (
            &["-p", "8080:80", "-p", "443:443", "nginx"],
            r#"publish=["8080:80", "443:443"] args=["nginx"]"#,
        ),
        (
            &["-dp", "80:80", "nginx"],
            r#"detach=true publish=["80:80"] args=["nginx"]"#,
        ),
        (
            &["-p=80:80", "nginx"],
            r#"publish=["80:80"] args=["nginx"]"#,
        ),
        (&["-m64m", "alpine"], r#"memory=67108864 args=["alpine"]"#),
        (
            &["-m", "1g", "alpine"],
            r#"memory=1073741824 args=["alpine"]"#,
        ),
        (
            &["--memory=512m", "alpine"],
            r#"memory=536870912 args=["alpine"]"#,
        ),
        (
            &["--memory-swap", "-1", "alpine"],
            r#"memory-swap=-1 args=["alpine"]"#,
        ),
        (
            &["--cpus", "1.5", "alpine"],
            r#"cpus=1500000000 args=["alpine"]"#,
        ),
        (
            &["--cpus=0.5", "alpine"],
            r#"cpus=500000000 args=["alpine"]"#,
        ),
        (
            &["--cpus", "3/2", "alpine"],
            r#"cpus=1500000000 args=["alpine"]"#,
        ),
        (
            &["--health-interval", "1m30s", "alpine"],
            r#"health-interval=1m30s args=["alpine"]"#,
        ),
        (
            &["--memory-swappiness", "0x10", "alpine"],
            r#"memory-swappiness=16 args=["alpine"]"#,
        ),
        (
            &["--blkio-weight", "500", "alpine"],
            r#"blkio-weight=500 args=["alpine"]"#,
        ),
        (&["--rm", "alpine"], r#"rm=true args=["alpine"]"#),
        (&["--rm=false", "alpine"], r#"rm=false args=["alpine"]"#),
        (
            &["--rm", "false", "alpine"],
            r#"rm=true args=["false", "alpine"]"#,
        ),
        (
            &["--sig-proxy=false", "alpine"],
            r#"sig-proxy=false args=["alpine"]"#,
        ),
        (&["--name", "web", "nginx"], r#"name="web" args=["nginx"]"#),
        (&["--name=web", "nginx"], r#"name="web" args=["nginx"]"#),
        (&["--name=", "nginx"], r#"name="" args=["nginx"]"#),
        (&["--name", "-x", "nginx"], r#"name="-x" args=["nginx"]"#),
        (
            &["-e", "A=1", "-e", "B=2", "alpine"],
            r#"env=["A=1", "B=2"] args=["alpine"]"#,
        ),
        (
            &["-a", "STDOUT", "alpine"],
            r#"attach=["stdout"] args=["alpine"]"#,
        ),
        (
            &["--sysctl", "a=1", "--sysctl", "b", "--sysctl", "a=3", "x"],
            r#"sysctl=[("a", "3"), ("b", "")] args=["x"]"#,
        ),
        (
            &["--net", "host", "--network", "web", "x"],
            r#"network=["host", "web"] args=["x"]"#,
        ),
        (
            &["-h", "box", "alpine"],
            r#"hostname="box" args=["alpine"]"#,
        ),
        (&["--help"], "help=true args=[]"),
        (
            &["alpine", "ls", "-l", "--rm"],
            r#"args=["alpine", "ls", "-l", "--rm"]"#,
        ),
        (&["--", "-alpine", "-x"], r#"args=["-alpine", "-x"]"#),
        (&["-", "x"], r#"args=["-", "x"]"#),
        (&[], "args=[]"),
    ];
    let set = run_set(Interspersed::StopAtFirstArgument);
    for &(args, expected) in cases {
        let parsed = set.parse(&strings(args)).map(|parsed| render(&parsed));
        assert_eq!(parsed, Ok(expected.to_string()), "parse of {args:?}");
    }
}

#[test]
fn interspersed_parsing() {
    let cases: &[(&[&str], &str)] = &[
        (&["-a", "-q"], "all=true quiet=true args=[]"),
        (&["-aq"], "all=true quiet=true args=[]"),
        (&["x", "-a", "y"], r#"all=true args=["x", "y"]"#),
        (&["-n", "3"], "last=3 args=[]"),
        (&["-n3"], "last=3 args=[]"),
        (&["--last=-2"], "last=-2 args=[]"),
        (
            &["-f", "status=exited", "--filter", "Name = web "],
            r#"filter=[("status", "exited"), ("name", "web")] args=[]"#,
        ),
        (&["--filter="], "filter=[] args=[]"),
        (&["--time", "5"], "time=5 args=[]"),
        (
            &[
                "--platform",
                "linux/amd64,linux/arm64",
                "--platform",
                "\"a,b\"",
            ],
            r#"platform=["linux/amd64", "linux/arm64", "a,b"] args=[]"#,
        ),
        (
            &["--build-arg", "A=1", "--build-arg", "B=2,3"],
            r#"build-arg=["A=1", "B=2,3"] args=[]"#,
        ),
        (
            &[
                "--docker",
                "host=unix:///var/run/docker.sock,skip-tls-verify=true",
            ],
            r#"docker=[("host", "unix:///var/run/docker.sock"), ("skip-tls-verify", "true")] args=[]"#,
        ),
        (&["a", "--", "-q"], r#"args=["a", "-q"]"#),
    ];
    let set = ps_set();
    for &(args, expected) in cases {
        let parsed = set.parse(&strings(args)).map(|parsed| render(&parsed));
        assert_eq!(parsed, Ok(expected.to_string()), "parse of {args:?}");
    }
}

#[test]
fn pflag_error_texts() {
    let cases: &[(&[&str], &str)] = &[
        (&["--stars", "3"], "unknown flag: --stars"),
        (&["--stars=3"], "unknown flag: --stars"),
        (&["-s", "3"], "unknown shorthand flag: 's' in -s"),
        (&["-as"], "unknown shorthand flag: 's' in -s"),
        (&["-qz9"], "unknown shorthand flag: 'z' in -z9"),
        (&["-é"], "unknown shorthand flag: 'Ã' in -é"),
        (&["-="], "unknown shorthand flag: '=' in -="),
        (&["-n"], "flag needs an argument: 'n' in -n"),
        (&["-an"], "flag needs an argument: 'n' in -n"),
        (&["--last"], "flag needs an argument: --last"),
        (&["--filter"], "flag needs an argument: --filter"),
        (
            &["-n", "x"],
            r#"invalid argument "x" for "-n, --last" flag: strconv.ParseInt: parsing "x": invalid syntax"#,
        ),
        (
            &["--last=1.5"],
            r#"invalid argument "1.5" for "-n, --last" flag: strconv.ParseInt: parsing "1.5": invalid syntax"#,
        ),
        (
            &["--all=yes"],
            r#"invalid argument "yes" for "-a, --all" flag: strconv.ParseBool: parsing "yes": invalid syntax"#,
        ),
        (
            &["-f", "dangling"],
            r#"invalid argument "dangling" for "-f, --filter" flag: bad format of filter (expected name=value)"#,
        ),
        (
            &["--docker", "host"],
            r#"invalid argument "host" for "--docker" flag: host must be formatted as key=value"#,
        ),
        (
            &["--platform", "a\"b"],
            r#"invalid argument "a\"b" for "--platform" flag: parse error on line 1, column 2: bare " in non-quoted-field"#,
        ),
        (&["---x"], "bad flag syntax: ---x"),
        (&["--=x"], "bad flag syntax: --=x"),
    ];
    let set = ps_set();
    for &(args, expected) in cases {
        let error = set
            .parse(&strings(args))
            .map(|parsed| render(&parsed))
            .unwrap_err();
        assert_eq!(error.to_string(), expected, "error of {args:?}");
    }
}

#[test]
fn value_error_texts() {
    let cases: &[(&[&str], &str)] = &[
        (
            &["-m", "lots"],
            r#"invalid argument "lots" for "-m, --memory" flag: invalid size: 'lots'"#,
        ),
        (
            &["-m", "64x"],
            r#"invalid argument "64x" for "-m, --memory" flag: invalid suffix: 'x'"#,
        ),
        (
            &["--memory-swap", "-2"],
            r#"invalid argument "-2" for "--memory-swap" flag: invalid size: '-2'"#,
        ),
        (
            &["--cpus", "x"],
            r#"invalid argument "x" for "--cpus" flag: failed to parse x as a rational number"#,
        ),
        (
            &["--cpus", "0.0000000001"],
            r#"invalid argument "0.0000000001" for "--cpus" flag: value is too precise"#,
        ),
        (
            &["--cpus", "1/0"],
            r#"invalid argument "1/0" for "--cpus" flag: failed to parse 1/0 as a rational number"#,
        ),
        (
            &["--health-interval", "10"],
            r#"invalid argument "10" for "--health-interval" flag: time: missing unit in duration "10""#,
        ),
        (
            &["--health-interval", "1d"],
            r#"invalid argument "1d" for "--health-interval" flag: time: unknown unit "d" in duration "1d""#,
        ),
        (
            &["--blkio-weight", "70000"],
            r#"invalid argument "70000" for "--blkio-weight" flag: strconv.ParseUint: parsing "70000": value out of range"#,
        ),
        (
            &["-a", "stdfoo"],
            r#"invalid argument "stdfoo" for "-a, --attach" flag: valid streams are STDIN, STDOUT and STDERR"#,
        ),
        (
            &["-e", "=x"],
            r#"invalid argument "=x" for "-e, --env" flag: invalid environment variable: =x"#,
        ),
        (&["-h"], "flag needs an argument: 'h' in -h"),
        (
            &["--rm=maybe"],
            r#"invalid argument "maybe" for "--rm" flag: strconv.ParseBool: parsing "maybe": invalid syntax"#,
        ),
    ];
    let set = run_set(Interspersed::StopAtFirstArgument);
    for &(args, expected) in cases {
        let error = set
            .parse(&strings(args))
            .map(|parsed| render(&parsed))
            .unwrap_err();
        assert_eq!(error.to_string(), expected, "error of {args:?}");
    }
}

#[test]
fn deprecation_warnings() {
    let set = ps_set();
    let parsed = set.parse(&strings(&["--time", "3", "-h"])).expect("valid");
    assert_eq!(
        parsed.warnings,
        [
            "Flag --time has been deprecated, use --timeout instead",
            "Flag shorthand -h has been deprecated, use --help"
        ]
    );
    assert!(parsed.bool("help"), "-h sets the persistent help flag");
}

#[test]
fn defaults_and_getters() {
    let set = run_set(Interspersed::StopAtFirstArgument);
    let parsed = set.parse(&strings(&["alpine"])).expect("valid");
    assert!(parsed.bool("sig-proxy"), "sig-proxy defaults to true");
    assert!(!parsed.bool("rm"), "rm defaults to false");
    assert_eq!(parsed.integer("memory-swappiness"), Some(-1));
    assert_eq!(parsed.integer("memory"), Some(0));
    assert_eq!(parsed.string("name"), "");
    assert!(parsed.list("publish").is_empty());
    assert!(parsed.pairs("sysctl").is_empty());
    assert_eq!(
        parsed.duration("health-interval"),
        Some(GoDuration::default())
    );
    assert!(!parsed.is_set("rm"));
    assert_eq!(parsed.value("no-such-flag"), None);
    assert_eq!(parsed.args_before_dash, None);

    let dashed = set
        .parse(&strings(&["--rm", "--", "alpine"]))
        .expect("valid");
    assert_eq!(dashed.args_before_dash, Some(0));
    assert!(dashed.is_set("rm"));
}

#[test]
fn inherited_help_yields_to_local_flags() {
    let set = run_set(Interspersed::StopAtFirstArgument);
    let help = set.lookup("help").expect("help flag");
    assert_eq!(help.shorthand, None, "run's own --help has no shorthand");
    assert_eq!(
        set.lookup("hostname").and_then(|flag| flag.shorthand),
        Some('h')
    );

    let ps = ps_set();
    assert_eq!(ps.lookup("help").and_then(|flag| flag.shorthand), Some('h'));
}

#[test]
fn zero_defaults_follow_pflag() {
    let cases: &[(ValueType, &str, bool)] = &[
        (ValueType::Bool, "false", true),
        (ValueType::Bool, "true", false),
        (ValueType::String, "", true),
        (ValueType::String, "no", false),
        (ValueType::Int, "0", true),
        (ValueType::Int64, "-1", false),
        (ValueType::Duration, "0s", true),
        (ValueType::StringSlice, "[]", true),
        (ValueType::StringArray, "[]", true),
        (ValueType::List, "", true),
        (ValueType::List, "[]", false),
        (ValueType::Map, "map[]", false),
        (ValueType::Bytes, "0", true),
        (ValueType::StringToString, "[]", false),
        (ValueType::Other("ulimit"), "[]", false),
    ];
    for &(value_type, default, expected) in cases {
        assert_eq!(
            value_type.is_zero_default(default),
            expected,
            "{value_type:?} default {default:?}"
        );
    }
}

#[test]
fn help_names_follow_pflag() {
    let cases: &[(ValueType, &str)] = &[
        (ValueType::Bool, ""),
        (ValueType::Int64, "int"),
        (ValueType::Uint64, "uint"),
        (ValueType::Float64, "float"),
        (ValueType::StringSlice, "strings"),
        (ValueType::StringArray, "stringArray"),
        (ValueType::MemorySwap, "bytes"),
        (ValueType::Other("gpu-request"), "gpu-request"),
    ];
    for &(value_type, expected) in cases {
        assert_eq!(
            value_type.help_name(),
            expected,
            "help name of {value_type:?}"
        );
    }
}
