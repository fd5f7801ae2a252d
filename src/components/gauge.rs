//! A horizontal gauge for a cgroup's usage against its limit.

use yew::prelude::*;

use crate::components::graph::fmt;

/// Props of [`Gauge`].
#[derive(Properties, PartialEq)]
pub struct GaugeProps {
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
#[function_component]
pub fn Gauge(props: &GaugeProps) -> Html {
    let maximum = props.limit.unwrap_or(props.scale).max(f64::MIN_POSITIVE);
    let fraction = (props.value / maximum).clamp(0.0, 1.0);
    let high = props.limit.is_some() && fraction >= 0.9;
    html! {
        <div class="gauge">
            <div class="gauge-head">
                <span class="gauge-label">{ props.label.clone() }</span>
                <span class="gauge-text">{ props.text.clone() }</span>
            </div>
            <svg class="gauge-bar" viewBox="0 0 100 8" preserveAspectRatio="none" role="meter"
                aria-label={props.label.clone()} aria-valuemin="0" aria-valuemax={fmt(maximum)}
                aria-valuenow={fmt(props.value)} aria-valuetext={props.text.clone()}>
                <rect class="gauge-track" width="100" height="8" rx="2" />
                <rect class={classes!("gauge-fill", high.then_some("gauge-high"), props.limit.is_none().then_some("gauge-unlimited"))}
                    width={fmt(fraction * 100.0)} height="8" rx="2" />
            </svg>
        </div>
    }
}
