//! The context one terminal line runs in: its output, its events and the
//! logical time as the line advances it.
//!
//! Commands borrow the [`crate::World`] and a [`Cx`] separately, so they can
//! change the world's state and record what happened without fighting the
//! borrow checker.

use crate::clock::Millis;
use crate::events::{Change, Event, EventKind, Message, Node};
use crate::output::Output;
use shared_sort::SharedSort;

/// Engine API version the simulated Docker 28.5 client and daemon speak.
pub const API_VERSION: &str = "1.51";

/// Output, events and time of the line being run.
#[derive(Debug)]
pub struct Cx {
    pub out: Output,
    pub events: Vec<Event>,
    now: Millis,
}

impl Cx {
    /// Starts a line at logical time `now`.
    pub fn new(now: Millis) -> Self {
        Self {
            out: Output::default(),
            events: Vec::new(),
            now,
        }
    }

    /// Returns the current logical time.
    pub fn now(&self) -> Millis {
        self.now
    }

    /// Moves time forward by `millis`.
    pub fn advance(&mut self, millis: Millis) {
        self.now = self.now.saturating_add(millis);
    }

    /// Sets the logical time, earlier or later. The builder runs stages that
    /// BuildKit runs at the same time one after the other, each from the
    /// same start, and then sorts their events with
    /// [`Cx::sort_events_from`].
    pub fn set_now(&mut self, time: Millis) {
        self.now = time;
    }

    /// Sorts the events recorded from index `start` on by time, keeping the
    /// order of events at the same time. Indices taken before the sort no
    /// longer point at the same events.
    pub fn sort_events_from(&mut self, start: usize) {
        if start < self.events.len() {
            self.events[start..].shared_sort_by_key(|event| event.time);
        }
    }

    /// Records a state change.
    pub fn change(&mut self, change: Change) {
        self.events.push(Event {
            time: self.now,
            kind: EventKind::Change(change),
        });
    }

    /// Records a message and returns its index in the trace, so a response
    /// body can be attached later.
    pub fn message(&mut self, message: Message) -> usize {
        self.events.push(Event {
            time: self.now,
            kind: EventKind::Message(message),
        });
        self.events.len() - 1
    }

    /// Records an Engine API call from `host`'s client to `target`'s daemon:
    /// `path` is without the `/v1.51` prefix and `query` without `?`.
    // FIXME: the bodies of image, network and volume lists, of pull and
    // build responses, and of requests other than container create, exec
    // and login are not recorded, so the inspector shows only a status.
    pub fn api(
        &mut self,
        client_host: &str,
        target: &str,
        method: &str,
        path: &str,
        query: &str,
        status: u16,
    ) -> usize {
        let versioned = if path == "/_ping" {
            path.to_string()
        } else {
            format!("/v{API_VERSION}{path}")
        };
        self.message(Message {
            from: Node::Client {
                host: client_host.to_string(),
            },
            to: Node::Daemon {
                host: target.to_string(),
            },
            method: method.to_string(),
            path: versioned,
            query: query.to_string(),
            status,
            request: None,
            response: None,
        })
    }

    /// Records a call between two nodes that is not an Engine API call.
    pub fn call(
        &mut self,
        from: Node,
        to: Node,
        method: &str,
        path: &str,
        query: &str,
        status: u16,
    ) -> usize {
        self.message(Message {
            from,
            to,
            method: method.to_string(),
            path: path.to_string(),
            query: query.to_string(),
            status,
            request: None,
            response: None,
        })
    }

    /// Attaches a request body to the message at `index`.
    pub fn set_request(&mut self, index: usize, body: impl Into<String>) {
        if let Some(Event {
            kind: EventKind::Message(message),
            ..
        }) = self.events.get_mut(index)
        {
            message.request = Some(body.into());
        }
    }

    /// Attaches a response body to the message at `index`.
    pub fn set_response(&mut self, index: usize, body: impl Into<String>) {
        if let Some(Event {
            kind: EventKind::Message(message),
            ..
        }) = self.events.get_mut(index)
        {
            message.response = Some(body.into());
        }
    }
}

/// Percent-encodes a query value as Go's `url.QueryEscape` does.
pub fn query_escape(value: &str) -> String {
    let mut escaped = String::with_capacity(value.len());
    for byte in value.bytes() {
        match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                escaped.push(byte as char)
            }
            b' ' => escaped.push('+'),
            _ => escaped.push_str(&format!("%{byte:02X}")),
        }
    }
    escaped
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn api_prefixes_version_except_ping() {
        let mut cx = Cx::new(0);
        cx.api("laptop", "laptop", "HEAD", "/_ping", "", 200);
        cx.api("laptop", "laptop", "GET", "/containers/json", "", 200);
        let labels: Vec<String> = cx
            .events
            .iter()
            .filter_map(|event| match &event.kind {
                EventKind::Message(message) => Some(message.label()),
                EventKind::Change(_) => None,
            })
            .collect();
        assert_eq!(labels, ["HEAD /_ping", "GET /v1.51/containers/json"]);
    }

    #[test]
    fn query_escape_matches_go() {
        assert_eq!(query_escape("scrapyd_demo"), "scrapyd_demo");
        assert_eq!(query_escape("a b/c:d"), "a+b%2Fc%3Ad");
        assert_eq!(query_escape(r#"{"x":true}"#), "%7B%22x%22%3Atrue%7D");
    }
}
