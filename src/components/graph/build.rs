//! The build band: the last build's stage graph (stages as boxes by
//! dependency level, `FROM stage` and `COPY --from` as edges) and the build
//! steps played so far, a failed step in red.

use engine::events::StepOutcome;
use yew::prelude::*;

use super::scene::Scene;
use super::shapes::{rect, selectable, text};
use super::{ellipsize, fmt};
use crate::i18n::{tr, trf};
use crate::layout::HostLayout;
use crate::selection::Selection;

/// Build steps listed beside the stage graph, newest last.
const STEPS_SHOWN: usize = 5;
/// Characters of a step's line that fit between the stages and the band's
/// right edge.
const STEP_CHARS: usize = 29;

/// Draws the build band of a host.
pub fn band(scene: &Scene, host: &HostLayout) -> Html {
    let band = host.build;
    let build = scene
        .frame
        .view
        .build
        .as_ref()
        .filter(|_| host.name == scene.frame.view.target_host);
    let failed = scene
        .frame
        .steps
        .iter()
        .any(|step| matches!(step.outcome, StepOutcome::Failed { .. }));
    html! {
        <g class={classes!("build", failed.then_some("build-failed"))}>
            { rect("band".into(), &band, "8") }
            { text("section-label".into(), band.x + 8.0, band.y + 14.0, None, tr("graph.build")) }
            { match build {
                None => text("muted-text".into(), band.x + 8.0, band.y + 40.0, None, tr("graph.no_build")),
                Some(build) => html! {
                    <>
                        { for build.edges.iter().filter_map(|(from, to)| edge(host, *from, *to)) }
                        { for host.stages.iter().map(|stage| {
                            let Some(view) = build.stages.get(stage.index) else { return html! {} };
                            let area = stage.rect;
                            let selection = Selection::Stage(stage.index);
                            let selected = scene.is_selected(&selection);
                            let label = trf(if view.built { "graph.stage_label" } else { "graph.stage_skipped_label" }, &[("name", &view.name), ("base", &view.base)]);
                            let class = classes!("stage", "selectable", (!view.built).then_some("stage-skipped"), selected.then_some("selected"));
                            selectable(class, None, label, selected, scene.pick(selection), html! {
                                <>
                                    { rect(Classes::new(), &area, "5") }
                                    { text("stage-name".into(), area.x + 6.0, area.y + 15.0, None, ellipsize(&view.name, 14)) }
                                </>
                            })
                        }) }
                        if host.hidden_stages > 0 {
                            { text("muted-text".into(), band.x + 20.0, band.bottom() - 6.0, None, trf("graph.more_stages", &[("count", &host.hidden_stages.to_string())])) }
                        }
                    </>
                },
            } }
            { steps(scene, band.x + 488.0, band.y + 14.0) }
        </g>
    }
}

fn edge(host: &HostLayout, from: usize, to: usize) -> Option<Html> {
    let start = host.stages.iter().find(|stage| stage.index == from)?.rect;
    let end = host.stages.iter().find(|stage| stage.index == to)?.rect;
    Some(html! {
        <line class="stage-edge" x1={fmt(start.right())} y1={fmt(start.centre().1)} x2={fmt(end.x)} y2={fmt(end.centre().1)} />
    })
}

/// Lists the last build steps played, with how each ended.
fn steps(scene: &Scene, x: f64, y: f64) -> Html {
    let steps = &scene.frame.steps;
    let shown = &steps[steps.len().saturating_sub(STEPS_SHOWN)..];
    html! {
        <g class="steps">
            { for shown.iter().enumerate().map(|(index, step)| {
                let (mark, class) = match &step.outcome {
                    StepOutcome::Ran { .. } => ("✓", "step-ran"),
                    StepOutcome::Cached => ("CACHED", "step-cached"),
                    StepOutcome::Failed { .. } => ("ERROR", "step-failed"),
                };
                text(classes!("step", class), x, y + 16.0 * (index + 1) as f64, None, ellipsize(&format!("{mark} {}", step.name), STEP_CHARS))
            }) }
        </g>
    }
}
