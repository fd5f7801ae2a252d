//! A horizontal gauge for a cgroup's usage against its limit.
//!
//! It is a plain function rather than a component: it keeps no state, and
//! a component would add Yew's per-component code to the wasm module.

use yew::prelude::*;

use crate::components::graph::fmt;

/// A measured resource as a gauge shows it.
pub struct Reading {
    /// The measured resource: `Memory`, `CPU`, `PIDs`.
    pub label: AttrValue,
    pub value: f64,
    /// The limit; `None` when unlimited.
    pub limit: Option<f64>,
    /// The scale of an unlimited gauge (the host's total).
    pub scale: f64,
    /// `value / limit` as text: `12MiB / 64MiB`.
    pub text: AttrValue,
}

/// Renders a gauge that turns red at 90 % of its limit.
pub fn gauge(reading: Reading) -> Html {
    let maximum = reading
        .limit
        .unwrap_or(reading.scale)
        .max(f64::MIN_POSITIVE);
    let fraction = (reading.value / maximum).clamp(0.0, 1.0);
    let high = reading.limit.is_some() && fraction >= 0.9;
    html! {
        <div class="gauge">
            <div class="gauge-head">
                <span class="gauge-label">{ reading.label.clone() }</span>
                <span class="gauge-text">{ reading.text.clone() }</span>
            </div>
            <svg class="gauge-bar" viewBox="0 0 100 8" preserveAspectRatio="none" role="meter"
                aria-label={reading.label} aria-valuemin="0" aria-valuemax={fmt(maximum)}
                aria-valuenow={fmt(reading.value)} aria-valuetext={reading.text}>
                <rect class="gauge-track" width="100" height="8" rx="2" />
                <rect class={classes!("gauge-fill", high.then_some("gauge-high"), reading.limit.is_none().then_some("gauge-unlimited"))}
                    width={fmt(fraction * 100.0)} height="8" rx="2" />
            </svg>
        </div>
    }
}
