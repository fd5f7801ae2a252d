//! `docker logs`: the container's output from its `json-file` log.
//!
//! As docker/cli 28 does, the client first inspects the container (a
//! terminal's output is one stream, otherwise standard output and error
//! stay apart), then reads `GET /containers/{id}/logs`. `--since` and
//! `--until` take a timestamp, a Unix time or a duration before now
//! (moby's `timetypes.GetTimestamp`); `--tail` counts lines from the end;
//! `-t` prefixes each line with its time (`RFC3339NanoFixed`); `--details`
//! prefixes the log attributes and a space. `-f` follows the log up to the
//! current logical time, then returns.

use crate::client::docker::Call;
use crate::clock::{self, Millis};
use crate::cx::{query_escape, Cx};
use crate::daemon::logs;
use crate::output::Stream;
use crate::units::GoDuration;
use crate::world::World;

use super::{set_api_error, set_api_status};

/// Runs `docker logs`.
pub fn run(world: &mut World, cx: &mut Cx, call: &Call) -> i32 {
    let flags = &call.invocation.flags;
    let name = &call.args()[0];
    let now = cx.now();
    let since = match bound(flags.string("since"), now, "since") {
        Ok(bound) => bound,
        Err(message) => return fail(cx, &message),
    };
    let until = match bound(flags.string("until"), now, "until") {
        Ok(bound) => bound,
        Err(message) => return fail(cx, &message),
    };

    let index = call.api(cx, "GET", &format!("/containers/{name}/json"), "", 200);
    let host = &world.hosts[&call.target];
    let container = match host.daemon.containers.lookup(name) {
        Ok(container) => container,
        Err(error) => {
            set_api_error(cx, index, &error);
            return fail(cx, &format!("Error: No such container: {name}"));
        }
    };
    let tail = flags.string("tail");
    let query = logs_query(
        flags.bool("details"),
        flags.bool("follow"),
        &since,
        tail,
        flags.bool("timestamps"),
        &until,
    );
    let logs_index = call.api(
        cx,
        "GET",
        &format!("/containers/{}/logs", container.id),
        &query,
        200,
    );
    if matches!(
        container.host_config.log_driver.as_str(),
        "none" | "syslog" | "gelf" | "fluentd" | "awslogs" | "splunk"
    ) {
        set_api_status(cx, logs_index, 501);
        return fail(
            cx,
            "Error response from daemon: configured logging driver does not support reading",
        );
    }

    let lines: Vec<_> = logs::output(container, now)
        .into_iter()
        .filter(|line| since.as_ref().is_none_or(|(_, time)| line.time >= *time))
        .filter(|line| until.as_ref().is_none_or(|(_, time)| line.time <= *time))
        .collect();
    let skip = match tail.parse::<usize>() {
        Ok(count) => lines.len().saturating_sub(count),
        Err(_) => 0,
    };
    for line in lines.iter().skip(skip) {
        let mut text = String::new();
        if flags.bool("timestamps") {
            text.push_str(&clock::rfc3339_nanos(line.time));
            text.push(' ');
        }
        if flags.bool("details") {
            text.push(' ');
        }
        text.push_str(&line.text);
        let stream = if container.attach.tty {
            Stream::Stdout
        } else {
            line.stream
        };
        match stream {
            Stream::Stdout => cx.out.outln(text),
            Stream::Stderr => cx.out.errln(text),
        }
    }
    0
}

fn fail(cx: &mut Cx, message: &str) -> i32 {
    cx.out.errln(message);
    1
}

/// The logs query in `url.Values.Encode` order.
fn logs_query(
    details: bool,
    follow: bool,
    since: &Option<(String, Millis)>,
    tail: &str,
    timestamps: bool,
    until: &Option<(String, Millis)>,
) -> String {
    let mut parts = Vec::new();
    if details {
        parts.push("details=1".to_string());
    }
    if follow {
        parts.push("follow=1".to_string());
    }
    if let Some((text, _)) = since {
        parts.push(format!("since={}", query_escape(text)));
    }
    parts.push("stderr=1".to_string());
    parts.push("stdout=1".to_string());
    if !tail.is_empty() {
        parts.push(format!("tail={}", query_escape(tail)));
    }
    if timestamps {
        parts.push("timestamps=1".to_string());
    }
    if let Some((text, _)) = until {
        parts.push(format!("until={}", query_escape(text)));
    }
    parts.join("&")
}

/// Converts a `--since`/`--until` value as moby's `timetypes.GetTimestamp`
/// does: the text sent to the daemon and the logical time it stands for.
pub fn bound(value: &str, now: Millis, flag: &str) -> Result<Option<(String, Millis)>, String> {
    if value.is_empty() {
        return Ok(None);
    }
    let invalid = || {
        format!(
            "invalid value for \"{flag}\": failed to parse value as time or duration: \"{value}\""
        )
    };
    if value != "0" {
        if let Ok(duration) = GoDuration::parse(value) {
            let millis = duration.as_secs_f64() * 1000.0;
            let time = if millis.is_finite() {
                (now as f64 - millis).max(0.0) as Millis
            } else {
                0
            };
            let seconds = time / 1000;
            return Ok(Some((seconds.to_string(), seconds * 1000)));
        }
    }
    if value.contains('-') {
        let text = if value.contains('T') {
            value.to_string()
        } else {
            format!("{value}T00:00:00Z")
        };
        let with_zone =
            if text.ends_with('Z') || text.contains('+') || text.matches('-').count() > 2 {
                text
            } else {
                format!("{text}Z")
            };
        let time = clock::parse_rfc3339(&with_zone).ok_or_else(invalid)?;
        return Ok(Some((
            format!("{}.{:09}", time / 1000, (time % 1000) * 1_000_000),
            time,
        )));
    }
    let (seconds, fraction) = value.split_once('.').unwrap_or((value, ""));
    let seconds: u64 = seconds.parse().map_err(|_| invalid())?;
    if !fraction.is_empty() && !fraction.bytes().all(|byte| byte.is_ascii_digit()) {
        return Err(invalid());
    }
    let millis: u64 = format!("{fraction:0<3}")
        .get(..3)
        .and_then(|digits| digits.parse().ok())
        .unwrap_or(0);
    Ok(Some((
        value.to_string(),
        seconds.saturating_mul(1000).saturating_add(millis),
    )))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn since_values_convert_as_moby_does() {
        let now = clock::START + 90_500;
        let cases: &[(&str, Option<(&str, Millis)>)] = &[
            ("", None),
            ("30s", Some(("1760950860", 1_760_950_860_000))),
            ("1m", Some(("1760950830", 1_760_950_830_000))),
            (
                "2025-10-20T09:00:00Z",
                Some(("1760950800.000000000", clock::START)),
            ),
            (
                "2025-10-20",
                Some(("1760918400.000000000", 1_760_918_400_000)),
            ),
            ("1760950800", Some(("1760950800", clock::START))),
            ("1760950800.5", Some(("1760950800.5", clock::START + 500))),
        ];
        for (text, expected) in cases {
            let got = bound(text, now, "since").unwrap();
            let got = got.as_ref().map(|(text, time)| (text.as_str(), *time));
            assert_eq!(got, *expected, "{text}");
        }
        assert_eq!(
            bound("yesterday", now, "since").unwrap_err(),
            "invalid value for \"since\": failed to parse value as time or duration: \"yesterday\""
        );
    }
}
