//! Table tests transcribed from distribution/reference's reference_test.go and
//! normalize_test.go, plus Docker's documented error texts.

use super::*;

const HEX64: &str = "ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff";

/// The domain, path, tag and digest a parse is expected to produce.
type Parts = (&'static str, String, Option<String>, Option<String>);

/// One `reference.Parse` case: input, then the expected parts or error.
struct ParseCase {
    input: String,
    expected: Result<Parts, ReferenceError>,
}

fn ok(
    input: &str,
    domain: &'static str,
    path: &str,
    tag: Option<&str>,
    digest: Option<&str>,
) -> ParseCase {
    ParseCase {
        input: input.to_string(),
        expected: Ok((
            domain,
            path.to_string(),
            tag.map(str::to_string),
            digest.map(str::to_string),
        )),
    }
}

fn err(input: &str, error: ReferenceError) -> ParseCase {
    ParseCase {
        input: input.to_string(),
        expected: Err(error),
    }
}

#[test]
fn parse_matches_reference_test_go() {
    let sha256 = format!("sha256:{HEX64}");
    let sha512 = format!("sha512:{HEX64}{HEX64}");
    let cases = vec![
        ok("test_com", "", "test_com", None, None),
        ok("test.com:tag", "", "test.com", Some("tag"), None),
        ok("test.com:5000", "", "test.com", Some("5000"), None),
        ok("test.com/repo:tag", "test.com", "repo", Some("tag"), None),
        ok("test:5000/repo", "test:5000", "repo", None, None),
        ok("test:5000/repo:tag", "test:5000", "repo", Some("tag"), None),
        ok(
            &format!("test:5000/repo@{sha256}"),
            "test:5000",
            "repo",
            None,
            Some(&sha256),
        ),
        ok(
            &format!("test:5000/repo:tag@{sha256}"),
            "test:5000",
            "repo",
            Some("tag"),
            Some(&sha256),
        ),
        err("", ReferenceError::NameEmpty),
        err(":justtag", ReferenceError::InvalidFormat),
        err(&format!("@{sha256}"), ReferenceError::InvalidFormat),
        err(
            "repo@sha256:ffffffffffffffffffffffffffffffffff",
            ReferenceError::DigestLength,
        ),
        err(
            &format!("validname@invaliddigest:{HEX64}"),
            ReferenceError::DigestUnsupported,
        ),
        err("Uppercase:tag", ReferenceError::NameContainsUppercase),
        // reference_test.go notes that this one passes because `Uppercase` is a valid host.
        ok(
            "Uppercase/lowercase:tag",
            "Uppercase",
            "lowercase",
            Some("tag"),
            None,
        ),
        err(
            "test:5000/Uppercase/lowercase:tag",
            ReferenceError::NameContainsUppercase,
        ),
        ok(
            "lowercase:Uppercase",
            "",
            "lowercase",
            Some("Uppercase"),
            None,
        ),
        err(
            &format!("{}a:tag", "a/".repeat(128)),
            ReferenceError::NameTooLong,
        ),
        ok(
            &format!("{}a:tag-puts-this-over-max", "a/".repeat(127)),
            "a",
            &format!("{}a", "a/".repeat(126)),
            Some("tag-puts-this-over-max"),
            None,
        ),
        err("aa/asdf$$^/aa", ReferenceError::InvalidFormat),
        ok(
            "sub-dom1.foo.com/bar/baz/quux",
            "sub-dom1.foo.com",
            "bar/baz/quux",
            None,
            None,
        ),
        ok(
            "sub-dom1.foo.com/bar/baz/quux:some-long-tag",
            "sub-dom1.foo.com",
            "bar/baz/quux",
            Some("some-long-tag"),
            None,
        ),
        ok(
            "b.gcr.io/test.example.com/my-app:test.example.com",
            "b.gcr.io",
            "test.example.com/my-app",
            Some("test.example.com"),
            None,
        ),
        ok(
            "xn--n3h.com/myimage:xn--n3h.com",
            "xn--n3h.com",
            "myimage",
            Some("xn--n3h.com"),
            None,
        ),
        ok(
            &format!("xn--7o8h.com/myimage:xn--7o8h.com@{sha512}"),
            "xn--7o8h.com",
            "myimage",
            Some("xn--7o8h.com"),
            Some(&sha512),
        ),
        ok("foo_bar.com:8080", "", "foo_bar.com", Some("8080"), None),
        ok(
            "foo/foo_bar.com:8080",
            "foo",
            "foo_bar.com",
            Some("8080"),
            None,
        ),
        ok("192.168.1.1", "", "192.168.1.1", None, None),
        ok("192.168.1.1:tag", "", "192.168.1.1", Some("tag"), None),
        ok("192.168.1.1:5000", "", "192.168.1.1", Some("5000"), None),
        ok("192.168.1.1/repo", "192.168.1.1", "repo", None, None),
        ok(
            "192.168.1.1:5000/repo",
            "192.168.1.1:5000",
            "repo",
            None,
            None,
        ),
        ok(
            "192.168.1.1:5000/repo:5050",
            "192.168.1.1:5000",
            "repo",
            Some("5050"),
            None,
        ),
        err("[2001:db8::1]", ReferenceError::InvalidFormat),
        err("[2001:db8::1]:5000", ReferenceError::InvalidFormat),
        err("[2001:db8::1]:tag", ReferenceError::InvalidFormat),
        ok("[2001:db8::1]/repo", "[2001:db8::1]", "repo", None, None),
        ok(
            "[2001:db8:1:2:3:4:5:6]/repo:tag",
            "[2001:db8:1:2:3:4:5:6]",
            "repo",
            Some("tag"),
            None,
        ),
        ok(
            "[2001:db8::1]:5000/repo",
            "[2001:db8::1]:5000",
            "repo",
            None,
            None,
        ),
        ok(
            "[2001:db8::1]:5000/repo:tag",
            "[2001:db8::1]:5000",
            "repo",
            Some("tag"),
            None,
        ),
        ok(
            &format!("[2001:db8::1]:5000/repo@{sha256}"),
            "[2001:db8::1]:5000",
            "repo",
            None,
            Some(&sha256),
        ),
        ok(
            &format!("[2001:db8::1]:5000/repo:tag@{sha256}"),
            "[2001:db8::1]:5000",
            "repo",
            Some("tag"),
            Some(&sha256),
        ),
        ok(
            "[2001:db8::]:5000/repo",
            "[2001:db8::]:5000",
            "repo",
            None,
            None,
        ),
        ok("[::1]:5000/repo", "[::1]:5000", "repo", None, None),
        err("[fe80::1%eth0]:5000/repo", ReferenceError::InvalidFormat),
        err(
            "[fe80::1%@invalidzone]:5000/repo",
            ReferenceError::InvalidFormat,
        ),
        err(
            &format!("repo@SHA256:{HEX64}"),
            ReferenceError::DigestFormat,
        ),
        err(
            &format!("repo@sha256:{}", HEX64.to_uppercase()),
            ReferenceError::DigestFormat,
        ),
        ok(
            &format!("repo:{}", "t".repeat(128)),
            "",
            "repo",
            Some(&"t".repeat(128)),
            None,
        ),
        err(
            &format!("repo:{}", "t".repeat(129)),
            ReferenceError::InvalidFormat,
        ),
        err("repo:.tag", ReferenceError::InvalidFormat),
        err("repo:-tag", ReferenceError::InvalidFormat),
    ];

    for case in cases {
        let got = parse(&case.input);
        match (&got, &case.expected) {
            (Ok(reference), Ok((domain, path, tag, digest))) => {
                assert_eq!(reference.domain(), *domain, "domain of {:?}", case.input);
                assert_eq!(reference.path(), path, "path of {:?}", case.input);
                assert_eq!(reference.tag(), tag.as_deref(), "tag of {:?}", case.input);
                assert_eq!(
                    reference.digest(),
                    digest.as_deref(),
                    "digest of {:?}",
                    case.input
                );
                assert_eq!(
                    reference.to_string(),
                    case.input,
                    "string of {:?}",
                    case.input
                );
            }
            (Err(error), Err(expected)) => assert_eq!(error, expected, "error of {:?}", case.input),
            _ => panic!(
                "parse of {:?}: got {got:?}, expected {:?}",
                case.input, case.expected
            ),
        }
    }
}

#[test]
fn normalized_accepts_valid_names() {
    let valid = [
        "docker/docker",
        "library/debian",
        "debian",
        "docker.io/docker/docker",
        "docker.io/library/debian",
        "docker.io/debian",
        "index.docker.io/docker/docker",
        "index.docker.io/library/debian",
        "index.docker.io/debian",
        "127.0.0.1:5000/docker/docker",
        "127.0.0.1:5000/library/debian",
        "127.0.0.1:5000/debian",
        "192.168.0.1",
        "192.168.0.1:80",
        "192.168.0.1:8/debian",
        "192.168.0.2:25000/debian",
        "thisisthesongthatneverendsitgoesonandonandonthisisthesongthatnev",
        "[fc00::1]:5000/docker",
        "[fc00::1]:5000/docker/docker",
        "[fc00:1:2:3:4:5:6:7]:5000/library/debian",
        "docker.io/1a3f5e7d9c1b3a5f7e9d1c3b5a7f9e1d3c5b7a9f1e3d5d7c9b1a3f5e7d9c1b3a",
        "Docker/docker",
        "DOCKER/docker",
        "docker-rules/docker",
        "docker---rules/docker",
        "doc/docker",
        "d/docker",
        "jess/t",
        "dock__er/docker",
    ];
    for name in valid {
        assert!(
            parse_normalized_named(name).is_ok(),
            "{name:?} should be valid: {:?}",
            parse_normalized_named(name)
        );
    }
}

#[test]
fn normalized_rejects_invalid_names() {
    let long_namespace = format!(
        "{}/docker",
        "this_is_not_a_valid_namespace_because_its_lenth_is_greater_than_255_".repeat(4)
    );
    let invalid = [
        "https://github.com/docker/docker",
        "docker/Docker",
        "-docker",
        "-docker/docker",
        "-docker.io/docker/docker",
        "docker///docker",
        "docker.io/docker/Docker",
        "docker.io/docker///docker",
        "[fc00::1]",
        "[fc00::1]:5000",
        "fc00::1:5000/debian",
        "[fe80::1%eth0]:5000/debian",
        "[2001:db8:3:4::192.0.2.33]:5000/debian",
        "1a3f5e7d9c1b3a5f7e9d1c3b5a7f9e1d3c5b7a9f1e3d5d7c9b1a3f5e7d9c1b3a",
        "docker-/docker",
        "-docker-/docker",
        "____/____",
        "_docker/_docker",
        "dock..er/docker",
        "dock_.er/docker",
        "dock-.er/docker",
        "docker/",
        "",
        long_namespace.as_str(),
    ];
    for name in invalid {
        assert!(
            parse_normalized_named(name).is_err(),
            "{name:?} should be invalid"
        );
    }
}

#[test]
fn normalized_error_texts() {
    let hex = "1a3f5e7d9c1b3a5f7e9d1c3b5a7f9e1d3c5b7a9f1e3d5d7c9b1a3f5e7d9c1b3a";
    let cases: Vec<(String, String)> = vec![
        (
            "Ubuntu".into(),
            "invalid reference format: repository name (library/Ubuntu) must be lowercase".into(),
        ),
        (
            "Uppercase:tag".into(),
            "invalid reference format: repository name (library/Uppercase) must be lowercase"
                .into(),
        ),
        (
            "docker/Docker".into(),
            "invalid reference format: repository name (docker/Docker) must be lowercase".into(),
        ),
        (
            hex.into(),
            format!("invalid repository name ({hex}), cannot specify 64-byte hexadecimal strings"),
        ),
        ("-docker".into(), "invalid reference format".into()),
        (":justtag".into(), "invalid reference format".into()),
        ("".into(), "invalid reference format".into()),
        ("aa/asdf$$^/aa".into(), "invalid reference format".into()),
        (
            format!("repo@sha256:{}", &HEX64[..34]),
            "invalid checksum digest length".into(),
        ),
        (
            format!("validname@invaliddigest:{HEX64}"),
            "unsupported digest algorithm".into(),
        ),
        (
            format!("{}/docker", "a".repeat(250)),
            "repository name must not be more than 255 characters".into(),
        ),
    ];
    for (input, expected) in cases {
        let message = parse_normalized_named(&input)
            .map(|r| r.to_string())
            .unwrap_err()
            .to_string();
        assert_eq!(message, expected, "error for {input:?}");
    }
}

#[test]
fn normalized_forms_match_normalize_test_go() {
    // (input, canonical, familiar, domain, path)
    let cases = [
        (
            "fooo/bar",
            "docker.io/fooo/bar",
            "fooo/bar",
            "docker.io",
            "fooo/bar",
        ),
        (
            "docker.io/fooo/bar",
            "docker.io/fooo/bar",
            "fooo/bar",
            "docker.io",
            "fooo/bar",
        ),
        (
            "index.docker.io/fooo/bar",
            "docker.io/fooo/bar",
            "fooo/bar",
            "docker.io",
            "fooo/bar",
        ),
        (
            "ubuntu",
            "docker.io/library/ubuntu",
            "ubuntu",
            "docker.io",
            "library/ubuntu",
        ),
        (
            "library/ubuntu",
            "docker.io/library/ubuntu",
            "ubuntu",
            "docker.io",
            "library/ubuntu",
        ),
        (
            "docker.io/library/ubuntu",
            "docker.io/library/ubuntu",
            "ubuntu",
            "docker.io",
            "library/ubuntu",
        ),
        (
            "nonlibrary/ubuntu",
            "docker.io/nonlibrary/ubuntu",
            "nonlibrary/ubuntu",
            "docker.io",
            "nonlibrary/ubuntu",
        ),
        (
            "other/library",
            "docker.io/other/library",
            "other/library",
            "docker.io",
            "other/library",
        ),
        (
            "127.0.0.1:8000/private/moonbase",
            "127.0.0.1:8000/private/moonbase",
            "127.0.0.1:8000/private/moonbase",
            "127.0.0.1:8000",
            "private/moonbase",
        ),
        (
            "127.0.0.1:8000/privatebase",
            "127.0.0.1:8000/privatebase",
            "127.0.0.1:8000/privatebase",
            "127.0.0.1:8000",
            "privatebase",
        ),
        (
            "example.com/private/moonbase",
            "example.com/private/moonbase",
            "example.com/private/moonbase",
            "example.com",
            "private/moonbase",
        ),
        (
            "example.com:8000/privatebasee",
            "example.com:8000/privatebasee",
            "example.com:8000/privatebasee",
            "example.com:8000",
            "privatebasee",
        ),
        (
            "ubuntu-12.04-base",
            "docker.io/library/ubuntu-12.04-base",
            "ubuntu-12.04-base",
            "docker.io",
            "library/ubuntu-12.04-base",
        ),
        (
            "index.docker.io/library/ubuntu-12.04-base",
            "docker.io/library/ubuntu-12.04-base",
            "ubuntu-12.04-base",
            "docker.io",
            "library/ubuntu-12.04-base",
        ),
        (
            "docker.io/foo",
            "docker.io/library/foo",
            "foo",
            "docker.io",
            "library/foo",
        ),
        (
            "library/foo/bar",
            "docker.io/library/foo/bar",
            "library/foo/bar",
            "docker.io",
            "library/foo/bar",
        ),
        (
            "store/foo/bar",
            "docker.io/store/foo/bar",
            "store/foo/bar",
            "docker.io",
            "store/foo/bar",
        ),
        ("Foo/bar", "Foo/bar", "Foo/bar", "Foo", "bar"),
        ("FOO/bar", "FOO/bar", "FOO/bar", "FOO", "bar"),
        (
            "test.com/foo",
            "test.com/foo",
            "test.com/foo",
            "test.com",
            "foo",
        ),
        (
            "test_com/foo",
            "docker.io/test_com/foo",
            "test_com/foo",
            "docker.io",
            "test_com/foo",
        ),
        (
            "docker/migrator",
            "docker.io/docker/migrator",
            "docker/migrator",
            "docker.io",
            "docker/migrator",
        ),
        (
            "test.com:8080/foo",
            "test.com:8080/foo",
            "test.com:8080/foo",
            "test.com:8080",
            "foo",
        ),
        (
            "test-com:8080/foo",
            "test-com:8080/foo",
            "test-com:8080/foo",
            "test-com:8080",
            "foo",
        ),
        (
            "xn--n3h.com:18080/foo",
            "xn--n3h.com:18080/foo",
            "xn--n3h.com:18080/foo",
            "xn--n3h.com:18080",
            "foo",
        ),
        (
            "localhost/foo",
            "localhost/foo",
            "localhost/foo",
            "localhost",
            "foo",
        ),
        (
            "localhost:5000/app",
            "localhost:5000/app",
            "localhost:5000/app",
            "localhost:5000",
            "app",
        ),
        (
            "192.168.0.1",
            "docker.io/library/192.168.0.1",
            "192.168.0.1",
            "docker.io",
            "library/192.168.0.1",
        ),
    ];
    for (input, canonical, familiar, domain, path) in cases {
        let reference = parse_normalized_named(input).unwrap_or_else(|e| panic!("{input:?}: {e}"));
        assert_eq!(
            reference.to_string(),
            canonical,
            "canonical form of {input:?}"
        );
        assert_eq!(
            reference.familiar_name(),
            familiar,
            "familiar name of {input:?}"
        );
        assert_eq!(reference.domain(), domain, "domain of {input:?}");
        assert_eq!(reference.path(), path, "path of {input:?}");
        assert_eq!(
            reference.repository_path(),
            path,
            "repository path of {input:?}"
        );
    }
}

#[test]
fn tags_and_digests_survive_normalisation() {
    let digest = "sha256:86e0e091d0da6bde2456dbb48306f3956bbeb2eae1b5b9a43045843f69fe4aaa";
    let short = format!("busybox:latest@{digest}");
    let reference = parse_normalized_named(&short).expect("tag and digest");
    assert_eq!(reference.to_string(), format!("docker.io/library/{short}"));
    assert_eq!(reference.tag(), Some("latest"));
    assert_eq!(reference.digest(), Some(digest));
    assert_eq!(reference.familiar_string(), short);

    let cases = [
        (
            "redis:latest",
            "docker.io/library/redis:latest",
            "redis:latest",
        ),
        (
            "192.168.0.1:80",
            "docker.io/library/192.168.0.1:80",
            "192.168.0.1:80",
        ),
        (
            "test.com:5000",
            "docker.io/library/test.com:5000",
            "test.com:5000",
        ),
        (
            "localhost:5000/app:1.0",
            "localhost:5000/app:1.0",
            "localhost:5000/app:1.0",
        ),
        (
            "[2001:db8::1]:5000/repo:tag",
            "[2001:db8::1]:5000/repo:tag",
            "[2001:db8::1]:5000/repo:tag",
        ),
    ];
    for (input, canonical, familiar) in cases {
        let reference = parse_normalized_named(input).unwrap_or_else(|e| panic!("{input:?}: {e}"));
        assert_eq!(
            reference.to_string(),
            canonical,
            "canonical form of {input:?}"
        );
        assert_eq!(
            reference.familiar_string(),
            familiar,
            "familiar form of {input:?}"
        );
    }
}

#[test]
fn any_reference_matches_normalize_test_go() {
    let hex = "dbcc1c35ac38df41fd2f5e4130b32ffdb93ebae8b3dbe638c23575912276fc9c";
    let cases: Vec<(String, String, bool)> = vec![
        ("redis".into(), "docker.io/library/redis".into(), false),
        (
            "redis:latest".into(),
            "docker.io/library/redis:latest".into(),
            false,
        ),
        (
            "docker.io/library/redis:latest".into(),
            "docker.io/library/redis:latest".into(),
            false,
        ),
        (
            format!("redis@sha256:{hex}"),
            format!("docker.io/library/redis@sha256:{hex}"),
            false,
        ),
        (
            format!("docker.io/library/redis@sha256:{hex}"),
            format!("docker.io/library/redis@sha256:{hex}"),
            false,
        ),
        (
            "dmcgowan/myapp".into(),
            "docker.io/dmcgowan/myapp".into(),
            false,
        ),
        (
            "dmcgowan/myapp:latest".into(),
            "docker.io/dmcgowan/myapp:latest".into(),
            false,
        ),
        (
            "docker.io/mcgowan/myapp:latest".into(),
            "docker.io/mcgowan/myapp:latest".into(),
            false,
        ),
        (
            format!("dmcgowan/myapp@sha256:{hex}"),
            format!("docker.io/dmcgowan/myapp@sha256:{hex}"),
            false,
        ),
        (hex.into(), format!("sha256:{hex}"), true),
        (format!("sha256:{hex}"), format!("sha256:{hex}"), true),
        (
            hex[..63].into(),
            format!("docker.io/library/{}", &hex[..63]),
            false,
        ),
        ("dbcc1".into(), "docker.io/library/dbcc1".into(), false),
    ];
    for (input, expected, is_digest) in cases {
        let reference = parse_any_reference(&input).unwrap_or_else(|e| panic!("{input:?}: {e}"));
        assert_eq!(reference.to_string(), expected, "string of {input:?}");
        assert_eq!(
            matches!(reference, AnyReference::Digest(_)),
            is_digest,
            "kind of {input:?}"
        );
    }
}

#[test]
fn default_tag_and_docker_ref() {
    let cases = [
        ("ubuntu", "docker.io/library/ubuntu:latest", "ubuntu:latest"),
        (
            "ubuntu:22.04",
            "docker.io/library/ubuntu:22.04",
            "ubuntu:22.04",
        ),
        ("user/app", "docker.io/user/app:latest", "user/app:latest"),
    ];
    for (input, canonical, familiar) in cases {
        let reference = parse_normalized_named(input)
            .expect("valid")
            .with_default_tag();
        assert_eq!(
            reference.to_string(),
            canonical,
            "with_default_tag of {input:?}"
        );
        assert_eq!(
            reference.familiar_string(),
            familiar,
            "familiar with_default_tag of {input:?}"
        );
    }

    let digest = format!("sha256:{HEX64}");
    let digested = parse_normalized_named(&format!("alpine@{digest}"))
        .expect("valid")
        .with_default_tag();
    assert_eq!(
        digested.tag(),
        None,
        "a digested reference gets no default tag"
    );

    let both = parse_docker_ref(&format!("busybox:latest@{digest}")).expect("valid");
    assert_eq!(
        both.to_string(),
        format!("docker.io/library/busybox@{digest}")
    );
    let bare = parse_docker_ref("busybox").expect("valid");
    assert_eq!(bare.to_string(), "docker.io/library/busybox:latest");
}

#[test]
fn with_tag_and_digest() {
    let named = parse("test.com:8000/foo").expect("valid");
    assert_eq!(
        named.with_tag("TAG5").map(|r| r.to_string()),
        Ok("test.com:8000/foo:TAG5".to_string())
    );
    assert_eq!(
        named.with_tag("-foo"),
        Err(ReferenceError::InvalidTagFormat)
    );

    let digest = "sha256:1234567890098765432112345667890098765";
    let digested = named.with_digest(digest).expect("valid digest");
    assert_eq!(digested.to_string(), format!("test.com:8000/foo@{digest}"));
    let tagged = digested.with_tag("TAG5").expect("valid tag");
    assert_eq!(
        tagged.to_string(),
        format!("test.com:8000/foo:TAG5@{digest}")
    );
    assert_eq!(
        named.with_digest("foo"),
        Err(ReferenceError::InvalidDigestFormat)
    );
    assert_eq!(tagged.trimmed().to_string(), "test.com:8000/foo");
}

#[test]
fn identifiers_are_exactly_64_hex() {
    assert!(is_identifier(HEX64));
    assert!(!is_identifier(&HEX64[..63]));
    assert!(!is_identifier(&HEX64.to_uppercase()));
    assert!(!is_identifier(&format!("{HEX64}f")));
}
