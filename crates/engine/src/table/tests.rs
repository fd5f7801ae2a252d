//! Table tests with Docker CLI 28 outputs and Go tabwriter behaviour.

use super::*;

fn table(rows: &[&[&str]]) -> String {
    let rows: Vec<Vec<&str>> = rows.iter().map(|row| row.to_vec()).collect();
    format_rows(&rows)
}

#[test]
fn empty_table_headers() {
    let cases: &[(&[&str], &str)] = &[
        (
            &["REPOSITORY", "TAG", "IMAGE ID", "CREATED", "SIZE"],
            "REPOSITORY   TAG       IMAGE ID   CREATED   SIZE\n",
        ),
        (
            &["CONTAINER ID", "IMAGE", "COMMAND", "CREATED", "STATUS", "PORTS", "NAMES"],
            "CONTAINER ID   IMAGE     COMMAND   CREATED   STATUS    PORTS     NAMES\n",
        ),
        (&["NAME", "DESCRIPTION", "STARS", "OFFICIAL"], "NAME      DESCRIPTION   STARS     OFFICIAL\n"),
        (
            &["CONTAINER ID", "NAME", "CPU %", "MEM USAGE / LIMIT", "MEM %", "NET I/O", "BLOCK I/O", "PIDS"],
            "CONTAINER ID   NAME      CPU %     MEM USAGE / LIMIT   MEM %     NET I/O   BLOCK I/O   PIDS\n",
        ),
        (
            &["IMAGE", "CREATED", "CREATED BY", "SIZE", "COMMENT"],
            "IMAGE     CREATED   CREATED BY   SIZE      COMMENT\n",
        ),
    ];
    for (header, expected) in cases {
        assert_eq!(table(&[header]), *expected, "header {header:?}");
    }
}

#[test]
fn images_table_with_rows() {
    let output = table(&[
        &["REPOSITORY", "TAG", "IMAGE ID", "CREATED", "SIZE"],
        &["nginx", "latest", "4e1b6bae1e48", "2 weeks ago", "192MB"],
        &["alpine", "3.20", "91ef0af61f39", "3 months ago", "7.8MB"],
        &[
            "<none>",
            "<none>",
            "0123456789ab",
            "About a minute ago",
            "77.9MB",
        ],
    ]);
    let expected = "\
REPOSITORY   TAG       IMAGE ID       CREATED              SIZE
nginx        latest    4e1b6bae1e48   2 weeks ago          192MB
alpine       3.20      91ef0af61f39   3 months ago         7.8MB
<none>       <none>    0123456789ab   About a minute ago   77.9MB
";
    assert_eq!(output, expected);
}

#[test]
fn ps_table_keeps_padding_of_empty_cells() {
    let output = table(&[
        &[
            "CONTAINER ID",
            "IMAGE",
            "COMMAND",
            "CREATED",
            "STATUS",
            "PORTS",
            "NAMES",
        ],
        &[
            "d7886598dbe2",
            "nginx",
            "\"/docker-entrypoint.…\"",
            "About a minute ago",
            "Up About a minute",
            "0.0.0.0:8080->80/tcp",
            "web",
        ],
        &[
            "a1b2c3d4e5f6",
            "alpine",
            "\"sh -c 'exit 3'\"",
            "2 hours ago",
            "Exited (3) 2 hours ago",
            "",
            "bold_turing",
        ],
    ]);
    let expected = "\
CONTAINER ID   IMAGE     COMMAND                  CREATED              STATUS                   PORTS                  NAMES
d7886598dbe2   nginx     \"/docker-entrypoint.…\"   About a minute ago   Up About a minute        0.0.0.0:8080->80/tcp   web
a1b2c3d4e5f6   alpine    \"sh -c 'exit 3'\"         2 hours ago          Exited (3) 2 hours ago                          bold_turing
";
    assert_eq!(output, expected);
}

#[test]
fn search_table_pads_an_empty_last_column() {
    let output = table(&[
        &["NAME", "DESCRIPTION", "STARS", "OFFICIAL"],
        &["nginx", "Official build of Nginx.", "20871", "[OK]"],
        &[
            "nginx/nginx-ingress",
            "NGINX and  NGINX Plus Ingress Controllers fo…",
            "109",
            "",
        ],
    ]);
    let expected = "\
NAME                  DESCRIPTION                                     STARS     OFFICIAL
nginx                 Official build of Nginx.                        20871     [OK]
nginx/nginx-ingress   NGINX and  NGINX Plus Ingress Controllers fo…   109       
";
    assert_eq!(output, expected);
}

#[test]
fn stats_table_with_a_row() {
    let output = table(&[
        &[
            "CONTAINER ID",
            "NAME",
            "CPU %",
            "MEM USAGE / LIMIT",
            "MEM %",
            "NET I/O",
            "BLOCK I/O",
            "PIDS",
        ],
        &[
            "b95a83497c91",
            "web",
            "0.00%",
            "3.477MiB / 512MiB",
            "0.68%",
            "1.05kB / 0B",
            "0B / 4.1kB",
            "3",
        ],
    ]);
    let expected = "\
CONTAINER ID   NAME      CPU %     MEM USAGE / LIMIT   MEM %     NET I/O       BLOCK I/O    PIDS
b95a83497c91   web       0.00%     3.477MiB / 512MiB   0.68%     1.05kB / 0B   0B / 4.1kB   3
";
    assert_eq!(output, expected);
}

#[test]
fn version_writer_blocks_break_at_plain_lines() {
    let text = "Client: Docker Engine - Community\n Version:\t28.0.1\n API version:\t1.48\n Context:\tdefault\n\nServer: Docker Engine - Community\n Engine:\n  Version:\t28.0.1\n  API version:\t1.48 (minimum version 1.24)\n containerd:\n  GitCommit:\t05044ec0a9a75232cad458027ca83437aae3f4da\n";
    let expected = "\
Client: Docker Engine - Community
 Version:           28.0.1
 API version:       1.48
 Context:           default

Server: Docker Engine - Community
 Engine:
  Version:          28.0.1
  API version:      1.48 (minimum version 1.24)
 containerd:
  GitCommit:        05044ec0a9a75232cad458027ca83437aae3f4da
";
    assert_eq!(DOCKER_VERSION.format(text), expected);
}

#[test]
fn tabwriter_cases() {
    let writer = TabWriter {
        min_width: 0,
        tab_width: 8,
        padding: 1,
        pad_char: '.',
    };
    let cases: &[(&str, &str)] = &[
        ("", ""),
        ("\n\n\n", "\n\n\n"),
        ("a\nb\nc", "a\nb\nc"),
        // A tab at the end of the last line ends an empty cell, so nothing prints.
        ("\t", ""),
        ("\t\t", "."),
        ("a\tb\tc", "a.b.c"),
        ("a\tb\tc\n", "a.b.c\n"),
        ("a\tb\tc\naa\tbbb\tcccc\n", "a..b...c\naa.bbb.cccc\n"),
        ("a\tb\naa\n\nbbb\tcc\n", "a.b\naa\n\nbbb.cc\n"),
        ("日本\tx\nab\ty\n", "日本.x\nab.y\n"),
        ("a\tb\x0ccccc\td\n", "a.b\ncccc.d\n"),
        ("a\x0bb\nccc\x0bd\n", "a...b\nccc.d\n"),
        ("x\ty\tz\nx\n1\t2\n", "x.y.z\nx\n1.2\n"),
    ];
    for &(input, expected) in cases {
        assert_eq!(writer.format(input), expected, "tabwriter of {input:?}");
    }
}

#[test]
fn tabwriter_cases_from_go() {
    let cases: &[(TabWriter, &str, &str)] = &[
        (
            TabWriter {
                min_width: 8,
                tab_width: 0,
                padding: 1,
                pad_char: '.',
            },
            "*\t*",
            "*.......*",
        ),
        (
            TabWriter {
                min_width: 8,
                tab_width: 0,
                padding: 1,
                pad_char: '.',
            },
            "a\tb\tc\naa\tbbb\tcccc\naaa\tbbbb\n",
            "a.......b.......c\naa......bbb.....cccc\naaa.....bbbb\n",
        ),
        (
            TabWriter {
                min_width: 1,
                tab_width: 0,
                padding: 0,
                pad_char: '.',
            },
            "1\t2\t3\t4\n11\t222\t3333\t44444\n",
            "1.2..3...4\n11222333344444\n",
        ),
        (
            TabWriter {
                min_width: 8,
                tab_width: 0,
                padding: 1,
                pad_char: '.',
            },
            "Hello, world!\x0c",
            "Hello, world!\n",
        ),
    ];
    for (writer, input, expected) in cases {
        assert_eq!(
            writer.format(input),
            *expected,
            "tabwriter {writer:?} of {input:?}"
        );
    }
}

#[test]
fn tabwriter_nested_column_blocks() {
    let writer = TabWriter {
        min_width: 0,
        tab_width: 8,
        padding: 1,
        pad_char: '.',
    };
    let input = "a\tb\tc\naaa\tbbbbb\naa\tb\tc\td\n";
    // Column 0 spans all three lines; column 1 is split by the middle line, which
    // has only one terminated cell.
    let expected = "a...b.c\naaa.bbbbb\naa..b.c.d\n";
    assert_eq!(writer.format(input), expected);
}

#[test]
fn tabwriter_tab_padding() {
    let writer = TabWriter {
        min_width: 0,
        tab_width: 8,
        padding: 1,
        pad_char: '\t',
    };
    assert_eq!(
        writer.format("a\tb\naaaaaaaaa\tc\n"),
        "a\t\tb\naaaaaaaaa\tc\n"
    );
}

#[test]
fn truncate_id_cases() {
    let cases: &[(&str, &str)] = &[
        (
            "sha256:4e1b6bae1e48a1b2c3d4e5f6a7b8c9d0e1f2a3b4c5d6e7f8a9b0c1d2e3f4a5b6",
            "4e1b6bae1e48",
        ),
        (
            "d7886598dbe2aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
            "d7886598dbe2",
        ),
        ("abc", "abc"),
        ("", ""),
        ("sha256:", ""),
    ];
    for &(input, expected) in cases {
        assert_eq!(truncate_id(input), expected, "truncate_id of {input:?}");
    }
}

#[test]
fn ellipsis_cases() {
    let cases: &[(&str, usize, &str)] = &[
        (
            "/docker-entrypoint.sh nginx -g 'daemon off;'",
            20,
            "/docker-entrypoint.…",
        ),
        ("short", 20, "short"),
        ("exactly-twenty-chars", 20, "exactly-twenty-chars"),
        ("exactly-twenty-chars!", 20, "exactly-twenty-char…"),
        ("abc", 0, ""),
        ("abc", 1, "a"),
        ("", 1, ""),
        ("", 5, ""),
        ("abc", 2, "a…"),
        ("日本語のテキスト", 7, "日本語…"),
        ("日本語", 6, "日本語"),
        ("日本語", 5, "日本…"),
        ("a日本語", 4, "a日…"),
        ("日本語", 2, "日本語"),
        ("é", 1, "é"),
        ("caféterias", 6, "cafét…"),
    ];
    for &(input, width, expected) in cases {
        assert_eq!(
            ellipsis(input, width),
            expected,
            "ellipsis({input:?}, {width})"
        );
    }
}

#[test]
fn char_width_cases() {
    let cases: &[(char, usize)] = &[
        ('a', 1),
        ('…', 1),
        ('é', 1),
        ('日', 2),
        ('한', 2),
        ('Ａ', 2),
        ('ｱ', 1),
        ('\u{3000}', 2),
        ('😀', 2),
        ('\u{20000}', 2),
    ];
    for &(c, expected) in cases {
        assert_eq!(char_width(c), expected, "char_width of {c:?}");
    }
}

#[test]
fn wide_ranges_are_sorted_and_disjoint() {
    for pair in WIDE_RANGES.windows(2) {
        assert!(pair[0].0 <= pair[0].1, "range {:x?} is reversed", pair[0]);
        assert!(
            pair[0].1 < pair[1].0,
            "ranges {:x?} and {:x?} overlap or are unsorted",
            pair[0],
            pair[1]
        );
    }
}
