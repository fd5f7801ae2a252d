//! An image (its config and its layers with the instruction that made
//! each, their sizes and files) and a single layer.

use engine::inspect::{self, FileKind, LayerFiles};
use engine::units::human_size;
use engine::view::WorldView;
use engine::World;
use yew::prelude::*;

use super::{link, missing, row};
use crate::selection::Selection;

/// Files listed per layer before the rest are counted.
const FILES_SHOWN: usize = 200;

/// Shows an image.
pub fn image(
    view: &WorldView,
    world: &World,
    host: &str,
    id: &str,
    onselect: &Callback<Option<Selection>>,
) -> Html {
    let Some(shown) = view
        .hosts
        .iter()
        .find(|candidate| candidate.name == host)
        .and_then(|host| host.images.iter().find(|image| image.id == id))
    else {
        return missing("This image does not exist at this point of the timeline.");
    };
    let Some(details) = inspect::image_details(world, host, id) else {
        return missing(
            "This image is being stored: its details appear once the command has finished.",
        );
    };
    let layers = view
        .hosts
        .iter()
        .find(|candidate| candidate.name == host)
        .map(|host| host.layers.clone())
        .unwrap_or_default();
    let title = shown
        .tags
        .first()
        .cloned()
        .unwrap_or_else(|| "<none>:<none>".to_string());
    html! {
        <>
            <h3 class="inspector-heading">{ format!("Image {title}") }</h3>
            <dl class="facts">
                { row("ID", html! { <code>{ details.id.clone() }</code> }) }
                { row("Tags", if details.tags.is_empty() { "none (dangling)".to_string() } else { details.tags.join(", ") }) }
                { row("Size", human_size(shown.size as f64)) }
                { row("Created", details.created.clone()) }
                { row("Platform", format!("{}/{}", details.os, details.architecture)) }
                if !details.repo_digests.is_empty() { { row("Digest", details.repo_digests.join(", ")) } }
                { row("Entrypoint", json_list(&details.entrypoint)) }
                { row("Command", json_list(&details.cmd)) }
                { row("Working dir", if details.working_dir.is_empty() { "/".to_string() } else { details.working_dir.clone() }) }
                { row("User", if details.user.is_empty() { "root".to_string() } else { details.user.clone() }) }
                if !details.exposed_ports.is_empty() { { row("Exposed ports", details.exposed_ports.join(", ")) } }
            </dl>
            if !details.env.is_empty() {
                <>
                    <h4 class="inspector-subheading">{ "Environment" }</h4>
                    <pre class="code-block">{ details.env.join("\n") }</pre>
                </>
            }
            <h4 class="inspector-subheading">{ "History, oldest first" }</h4>
            <p class="muted">{ "Each instruction that changed files made a layer; select a layer to list its files." }</p>
            <table class="table">
                <thead><tr><th scope="col">{ "Instruction" }</th><th scope="col">{ "Size" }</th><th scope="col">{ "Layer" }</th></tr></thead>
                <tbody>
                    { for details.history.iter().map(|entry| {
                        let simulated = entry.diff_id.as_ref().and_then(|diff_id| layers.iter().find(|layer| &layer.diff_id == diff_id)).is_none_or(|layer| layer.simulated);
                        html! {
                            <tr class={classes!(entry.diff_id.is_none().then_some("row-empty"))}>
                                <td class="instruction"><code>{ entry.created_by.clone() }</code>
                                    if !simulated { <span class="badge">{ "effect not simulated" }</span> }
                                </td>
                                <td class="number">{ entry.size.map(|size| human_size(size as f64)).unwrap_or_else(|| "0B".to_string()) }</td>
                                <td>{ match &entry.diff_id {
                                    Some(diff_id) => link(short(diff_id), Selection::Layer { host: host.to_string(), diff_id: diff_id.clone() }, onselect),
                                    None => html! { <span class="muted">{ "no layer" }</span> },
                                } }</td>
                            </tr>
                        }
                    }) }
                </tbody>
            </table>
        </>
    }
}

/// Shows a layer: its size, the instruction that made it, the images that
/// use it and its files.
pub fn layer(
    view: &WorldView,
    world: &World,
    host: &str,
    diff_id: &str,
    onselect: &Callback<Option<Selection>>,
) -> Html {
    let Some(host_view) = view.hosts.iter().find(|candidate| candidate.name == host) else {
        return missing("This host does not exist.");
    };
    let Some(layer) = host_view
        .layers
        .iter()
        .find(|layer| layer.diff_id == diff_id)
    else {
        return missing("This layer does not exist at this point of the timeline.");
    };
    let users: Vec<Html> = host_view
        .images
        .iter()
        .filter(|image| image.layers.iter().any(|layer| layer == diff_id))
        .map(|image| {
            let name = image
                .tags
                .first()
                .cloned()
                .unwrap_or_else(|| short(&image.id));
            link(
                name,
                Selection::Image {
                    host: host.to_string(),
                    id: image.id.clone(),
                },
                onselect,
            )
        })
        .collect();
    html! {
        <>
            <h3 class="inspector-heading">{ format!("Layer {}", short(diff_id)) }</h3>
            <dl class="facts">
                { row("Diff ID", html! { <code>{ diff_id.to_string() }</code> }) }
                { row("Size", human_size(layer.size as f64)) }
                { row("Made by", html! { <code>{ if layer.created_by.is_empty() { "unknown".to_string() } else { layer.created_by.clone() } }</code> }) }
                { row("Used by", if users.is_empty() { html! { "no image" } } else { users.into_iter().collect::<Html>() }) }
            </dl>
            if !layer.simulated {
                <p class="note">{ "The simulator could not model this RUN's effect on files: the layer exists, but its files are not simulated." }</p>
            }
            <h4 class="inspector-subheading">{ "Files" }</h4>
            { match inspect::layer_files(world, host, diff_id, FILES_SHOWN) {
                Some(files) => file_table(&files),
                None => missing("The files appear once the command has stored the layer."),
            } }
        </>
    }
}

fn file_table(files: &LayerFiles) -> Html {
    if files.total == 0 {
        return html! { <p class="muted">{ "This layer changes no files (for example a WORKDIR that already existed)." }</p> };
    }
    html! {
        <>
            <table class="table files">
                <thead><tr><th scope="col">{ "Path" }</th><th scope="col">{ "Kind" }</th><th scope="col">{ "Mode" }</th><th scope="col">{ "Size" }</th></tr></thead>
                <tbody>
                    { for files.files.iter().map(|file| {
                        let kind = match file.kind {
                            FileKind::Directory => "directory".to_string(),
                            FileKind::OpaqueDirectory => "directory, hides lower layers".to_string(),
                            FileKind::File => "file".to_string(),
                            FileKind::Symlink => format!("link → {}", file.target),
                            FileKind::Whiteout => "deleted (whiteout)".to_string(),
                        };
                        html! {
                            <tr class={classes!((file.kind == FileKind::Whiteout).then_some("row-deleted"))}>
                                <td><code>{ file.path.clone() }</code></td>
                                <td>{ kind }</td>
                                <td><code>{ format!("{:04o}", file.mode) }</code></td>
                                <td class="number">{ if file.kind == FileKind::File { human_size(file.size as f64) } else { String::new() } }</td>
                            </tr>
                        }
                    }) }
                </tbody>
            </table>
            if files.total > files.files.len() {
                <p class="muted">{ format!("and {} more entries", files.total - files.files.len()) }</p>
            }
        </>
    }
}

/// Writes a command list as the JSON array `docker inspect` shows.
fn json_list(items: &[String]) -> Html {
    if items.is_empty() {
        return html! { <span class="muted">{ "none" }</span> };
    }
    html! { <code>{ serde_json::to_string(items).unwrap_or_default() }</code> }
}

fn short(id: &str) -> String {
    id.trim_start_matches("sha256:").chars().take(12).collect()
}
