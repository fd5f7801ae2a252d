//! An image (its config and its layers with the instruction that made
//! each, their sizes and files) and a single layer.

use engine::inspect::{self, FileKind, LayerFiles};
use engine::units::human_size;
use engine::view::WorldView;
use engine::World;
use yew::prelude::*;

use super::{code, code_block, facts, heading, link, missing, muted, row, subheading, table};
use crate::i18n::{tr, trf};
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
        return missing("inspector.this_image_does_not");
    };
    let Some(details) = inspect::image_details(world, host, id) else {
        return missing("inspector.image_being_stored");
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
            { heading(trf("inspector.image_heading", &[("title", &title)])) }
            { facts(html! {
                <>
                { row("inspector.id", code(details.id.clone())) }
                { row("inspector.tags", if details.tags.is_empty() { tr("inspector.dangling") } else { details.tags.join(", ") }) }
                { row("inspector.size", human_size(shown.size as f64)) }
                { row("inspector.created", details.created.clone()) }
                { row("inspector.platform", format!("{}/{}", details.os, details.architecture)) }
                if !details.repo_digests.is_empty() { { row("inspector.digest", details.repo_digests.join(", ")) } }
                { row("inspector.entrypoint", json_list(&details.entrypoint)) }
                { row("inspector.command", json_list(&details.cmd)) }
                { row("inspector.working_dir", if details.working_dir.is_empty() { "/".to_string() } else { details.working_dir.clone() }) }
                { row("inspector.user", if details.user.is_empty() { "root".to_string() } else { details.user.clone() }) }
                if !details.exposed_ports.is_empty() { { row("inspector.exposed_ports", details.exposed_ports.join(", ")) } }
                </>
            }) }
            if !details.env.is_empty() {
                <>
                    { subheading(tr("inspector.environment")) }
                    { code_block(details.env.join("\n")) }
                </>
            }
            { subheading(tr("inspector.history_oldest_first")) }
            { muted(tr("inspector.each_instruction_that_changed")) }
            { table("table", &["inspector.instruction", "inspector.size", "inspector.layer"], html! {
                <>
                    { for details.history.iter().map(|entry| {
                        let simulated = entry.diff_id.as_ref().and_then(|diff_id| layers.iter().find(|layer| &layer.diff_id == diff_id)).is_none_or(|layer| layer.simulated);
                        html! {
                            <tr class={classes!(entry.diff_id.is_none().then_some("row-empty"))}>
                                <td class="instruction">{ code(entry.created_by.clone()) }
                                    if !simulated { <span class="badge">{ tr("inspector.effect_not_simulated") }</span> }
                                </td>
                                <td class="number">{ entry.size.map(|size| human_size(size as f64)).unwrap_or_else(|| "0B".to_string()) }</td>
                                <td>{ match &entry.diff_id {
                                    Some(diff_id) => link(short(diff_id), Selection::Layer { host: host.to_string(), diff_id: diff_id.clone() }, onselect),
                                    None => html! { <span class="muted">{ tr("inspector.no_layer") }</span> },
                                } }</td>
                            </tr>
                        }
                    }) }
                </>
            }) }
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
        return missing("inspector.this_host_does_not");
    };
    let Some(layer) = host_view
        .layers
        .iter()
        .find(|layer| layer.diff_id == diff_id)
    else {
        return missing("inspector.this_layer_does_not");
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
            { heading(trf("inspector.layer_heading", &[("id", &short(diff_id))])) }
            { facts(html! {
                <>
                    { row("inspector.diff_id", code(diff_id.to_string())) }
                    { row("inspector.size", human_size(layer.size as f64)) }
                    { row("inspector.made_by", code(if layer.created_by.is_empty() { tr("inspector.unknown") } else { layer.created_by.clone() })) }
                    { row("inspector.used_by", if users.is_empty() { html! { tr("inspector.no_image") } } else { users.into_iter().collect::<Html>() }) }
                </>
            }) }
            if !layer.simulated {
                <p class="note">{ tr("inspector.the_simulator_could_not") }</p>
            }
            { subheading(tr("inspector.files")) }
            { match inspect::layer_files(world, host, diff_id, FILES_SHOWN) {
                Some(files) => file_table(&files),
                None => missing("inspector.the_files_appear_once"),
            } }
        </>
    }
}

fn file_table(files: &LayerFiles) -> Html {
    if files.total == 0 {
        return muted(tr("inspector.this_layer_changes_no"));
    }
    html! {
        <>
            { table("table files", &["inspector.path", "inspector.kind", "inspector.mode", "inspector.size"], html! {
                <>
                    { for files.files.iter().map(|file| {
                        let kind = match file.kind {
                            FileKind::Directory => tr("inspector.directory"),
                            FileKind::OpaqueDirectory => tr("inspector.opaque_directory"),
                            FileKind::File => tr("inspector.file"),
                            FileKind::Symlink => trf("inspector.link", &[("target", &file.target)]),
                            FileKind::Whiteout => tr("inspector.whiteout"),
                        };
                        html! {
                            <tr class={classes!((file.kind == FileKind::Whiteout).then_some("row-deleted"))}>
                                <td>{ code(file.path.clone()) }</td>
                                <td>{ kind }</td>
                                <td>{ code(format!("{:04o}", file.mode)) }</td>
                                <td class="number">{ if file.kind == FileKind::File { human_size(file.size as f64) } else { String::new() } }</td>
                            </tr>
                        }
                    }) }
                </>
            }) }
            if files.total > files.files.len() {
                { muted(trf("inspector.more_entries", &[("count", &(files.total - files.files.len()).to_string())])) }
            }
        </>
    }
}

/// Writes a command list as the JSON array `docker inspect` shows.
fn json_list(items: &[String]) -> Html {
    if items.is_empty() {
        return html! { <span class="muted">{ tr("inspector.none") }</span> };
    }
    code(engine::json::Json::strings(items).to_rust_compact())
}

fn short(id: &str) -> String {
    id.trim_start_matches("sha256:").chars().take(12).collect()
}
