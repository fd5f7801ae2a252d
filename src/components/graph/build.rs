//! The build band: the last build's stage graph (stages as boxes by
//! dependency level, `FROM stage` and `COPY --from` as edges) and the build
//! steps played so far, a failed step in red.

use engine::events::StepOutcome;
use yew::prelude::*;

use super::scene::Scene;
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
            <rect class="band" x={fmt(band.x)} y={fmt(band.y)} width={fmt(band.width)} height={fmt(band.height)} rx="8" />
            <text class="section-label" x={fmt(band.x + 8.0)} y={fmt(band.y + 14.0)}>{ tr("graph.build") }</text>
            { match build {
                None => html! {
                    <text class="muted-text" x={fmt(band.x + 8.0)} y={fmt(band.y + 40.0)}>{ tr("graph.no_build") }</text>
                },
                Some(build) => html! {
                    <>
                        { for build.edges.iter().filter_map(|(from, to)| edge(host, *from, *to)) }
                        { for host.stages.iter().map(|stage| {
                            let Some(view) = build.stages.get(stage.index) else { return html! {} };
                            let rect = stage.rect;
                            let selection = Selection::Stage(stage.index);
                            let selected = scene.is_selected(&selection);
                            let (click, key) = scene.pick(selection);
                            let label = trf(if view.built { "graph.stage_label" } else { "graph.stage_skipped_label" }, &[("name", &view.name), ("base", &view.base)]);
                            html! {
                                <g class={classes!("stage", "selectable", (!view.built).then_some("stage-skipped"), selected.then_some("selected"))}
                                    tabindex="0" role="button" aria-label={label} aria-pressed={selected.to_string()} onclick={click} onkeydown={key}>
                                    <rect x={fmt(rect.x)} y={fmt(rect.y)} width={fmt(rect.width)} height={fmt(rect.height)} rx="5" />
                                    <text class="stage-name" x={fmt(rect.x + 6.0)} y={fmt(rect.y + 15.0)}>{ ellipsize(&view.name, 14) }</text>
                                </g>
                            }
                        }) }
                        if host.hidden_stages > 0 {
                            <text class="muted-text" x={fmt(band.x + 20.0)} y={fmt(band.bottom() - 6.0)}>{ trf("graph.more_stages", &[("count", &host.hidden_stages.to_string())]) }</text>
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
                html! {
                    <text class={classes!("step", class)} x={fmt(x)} y={fmt(y + 16.0 * (index + 1) as f64)}>
                        { ellipsize(&format!("{mark} {}", step.name), STEP_CHARS) }
                    </text>
                }
            }) }
        </g>
    }
}
