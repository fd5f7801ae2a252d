//! The fault switch: a menu listing every fault of every host, each with a
//! checkbox. Ticking one runs `porthole fault on NAME --host HOST` in the
//! terminal, so the switch is recorded like any other line and a script
//! can repeat it.

use engine::view::HostView;
use yew::prelude::*;

use crate::i18n::{tr, trf};
use crate::session::Action;

/// Props of [`FaultSwitch`].
#[derive(Properties, PartialEq)]
pub struct FaultSwitchProps {
    pub hosts: Vec<HostView>,
    /// Called with the line to run.
    pub onaction: Callback<Action>,
}

/// Returns the terminal line that switches `fault` on `host`.
pub fn switch_line(host: &str, fault: &str, on: bool) -> String {
    let state = if on { "on" } else { "off" };
    format!("porthole fault {state} {fault} --host {host}")
}

/// Renders the fault menu from the hosts after the latest command. It is
/// a component, not a plain function, so that it renders only when the
/// hosts change: Yew sets a checkbox's `checked` on every render.
#[function_component]
pub fn FaultSwitch(props: &FaultSwitchProps) -> Html {
    let active: usize = props
        .hosts
        .iter()
        .map(|host| host.faults.iter().filter(|fault| fault.on).count())
        .sum();
    let summary = if active == 0 {
        tr("faults.summary")
    } else {
        trf("faults.summary_on", &[("count", &active.to_string())])
    };
    html! {
        <details class="fault-switch">
            <summary class={classes!((active > 0).then_some("faults-on"))}>{ summary }</summary>
            <div class="fault-menu" role="group" aria-label={tr("faults.menu")}>
                { for props.hosts.iter().map(|host| html! {
                    <fieldset class="fault-host" key={host.name.clone()}>
                        <legend>{ trf("graph.host", &[("host", &host.name)]) }</legend>
                        { for host.faults.iter().map(|fault| {
                            let line = switch_line(&host.name, &fault.name, !fault.on);
                            let onaction = props.onaction.clone();
                            let onchange = Callback::from(move |_: Event| onaction.emit(Action::Run(line.clone())));
                            html! {
                                <label class="fault-option" title={fault.description.clone()} key={fault.name.clone()}>
                                    <input type="checkbox" data-host={host.name.clone()} data-fault={fault.name.clone()} checked={fault.on} {onchange} />
                                    <span>{ fault.name.clone() }</span>
                                </label>
                            }
                        }) }
                    </fieldset>
                }) }
            </div>
        </details>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_name_host_and_state() {
        assert_eq!(
            switch_line("server", "daemon-stopped", true),
            "porthole fault on daemon-stopped --host server"
        );
        assert_eq!(
            switch_line("laptop", "disk-full", false),
            "porthole fault off disk-full --host laptop"
        );
    }
}
