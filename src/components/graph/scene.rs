//! The graph's scene: everything but the token, as one component so that
//! it renders again only when the frame, the layout or the selection
//! changes, not for every event that only moves the token.

use engine::events::Node;
use yew::prelude::*;

use super::{architecture, build, containers, images, networks};
use crate::frame::Frame;
use crate::i18n::use_lang;
use crate::layout::Layout;
use crate::selection::Selection;
use crate::shared::Shared;

/// Props of [`GraphScene`].
#[derive(Properties, PartialEq)]
pub struct GraphSceneProps {
    pub frame: Shared<Frame>,
    pub layout: Shared<Layout>,
    pub selection: Option<Selection>,
    /// Called with the object the user picked.
    pub onselect: Callback<Option<Selection>>,
}

/// The state every drawing function reads: frame, layout and selection.
pub(crate) struct Scene<'a> {
    pub frame: &'a Frame,
    pub layout: &'a Layout,
    pub selection: Option<&'a Selection>,
    pub onselect: &'a Callback<Option<Selection>>,
}

impl Scene<'_> {
    /// Returns whether `selection` is the selected object.
    pub fn is_selected(&self, selection: &Selection) -> bool {
        self.selection == Some(selection)
    }

    /// Returns whether a fault or a failed request hit `node`, or a fault
    /// switched on for its host holds it (a host's faults mark its daemon).
    pub fn failed(&self, node: &Node) -> bool {
        self.frame.failed.iter().any(|failed| failed == node)
            || matches!(node, Node::Daemon { .. }) && !self.host_faults(node.host()).is_empty()
    }

    /// Returns the names of the faults switched on for `host`.
    pub fn host_faults(&self, host: &str) -> Vec<&str> {
        self.frame
            .view
            .hosts
            .iter()
            .filter(|view| view.name == host)
            .flat_map(|view| {
                view.faults
                    .iter()
                    .filter(|fault| fault.on)
                    .map(|fault| fault.name.as_str())
            })
            .collect()
    }

    /// Returns the message of the last fault played at `node`.
    pub fn fault_message(&self, node: &Node) -> Option<&str> {
        self.frame
            .fault_messages
            .iter()
            .rev()
            .find(|(at, _)| at == node)
            .map(|(_, message)| message.as_str())
    }

    /// Returns the click and key handlers that select `selection`.
    pub fn pick(&self, selection: Selection) -> (Callback<MouseEvent>, Callback<KeyboardEvent>) {
        let onselect = self.onselect.clone();
        let chosen = selection.clone();
        let click = Callback::from(move |event: MouseEvent| {
            event.stop_propagation();
            onselect.emit(Some(chosen.clone()));
        });
        let onselect = self.onselect.clone();
        let key = Callback::from(move |event: KeyboardEvent| {
            if event.key() == "Enter" || event.key() == " " {
                event.prevent_default();
                onselect.emit(Some(selection.clone()));
            }
        });
        (click, key)
    }
}

/// Draws the client, the hosts and the registries.
#[function_component]
pub fn GraphScene(props: &GraphSceneProps) -> Html {
    use_lang();
    let scene = Scene {
        frame: &props.frame,
        layout: &props.layout,
        selection: props.selection.as_ref(),
        onselect: &props.onselect,
    };
    html! {
        <g class="scene">
            { architecture::edges(&scene) }
            { architecture::client(&scene) }
            <g class="hosts">
                { for props.layout.hosts.iter().map(|host| html! {
                    <g class="host" key={host.name.clone()}>
                        { architecture::host(&scene, host) }
                        // A compact host shows its daemon alone.
                        if !host.compact {
                            { build::band(&scene, host) }
                            { networks::band(&scene, host) }
                            { images::column(&scene, host) }
                            { containers::column(&scene, host) }
                        }
                    </g>
                }) }
            </g>
            { architecture::registries(&scene) }
        </g>
    }
}
