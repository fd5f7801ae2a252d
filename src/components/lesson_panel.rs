//! The lesson being taken: its text, goals with whether each holds, hints
//! one at a time, the solution on request, undo and reset, and the count
//! of commands against par, celebrated once every goal holds.

use std::rc::Rc;

use engine::goals::{ContainerGoal, Goal, NodeKind, RequestGoal};
use yew::prelude::*;

use crate::components::widgets::text_button;
use crate::i18n::{tr, trf, use_lang};
use crate::session::{Action, LessonRun};

/// Props of [`LessonPanel`].
#[derive(Properties, PartialEq)]
pub struct LessonPanelProps {
    pub run: Rc<LessonRun>,
    /// Commands run since the lesson started.
    pub commands: usize,
    pub onaction: Callback<Action>,
}

/// Renders the lesson panel.
#[function_component]
pub fn LessonPanel(props: &LessonPanelProps) -> Html {
    use_lang();
    let hints_shown = use_state(|| 0usize);
    let solution_shown = use_state(|| false);
    {
        let (hints_shown, solution_shown) = (hints_shown.clone(), solution_shown.clone());
        use_effect_with(props.run.lesson.id.clone(), move |_| {
            hints_shown.set(0);
            solution_shown.set(false);
        });
    }
    let lesson = &props.run.lesson;
    let send = |action: Action| {
        let onaction = props.onaction.clone();
        Callback::from(move |_: MouseEvent| onaction.emit(action.clone()))
    };
    let more_hints = {
        let hints_shown = hints_shown.clone();
        Callback::from(move |_: MouseEvent| hints_shown.set(*hints_shown + 1))
    };
    let show_solution = {
        let solution_shown = solution_shown.clone();
        Callback::from(move |_: MouseEvent| solution_shown.set(!*solution_shown))
    };
    let count = props.commands.to_string();
    let par = lesson.par.to_string();
    html! {
        <section class={classes!("lesson", props.run.solved().then_some("lesson-solved"))} aria-label={tr("lesson.label")}>
            <div class="lesson-head">
                <h2 class="lesson-title">{ lesson.title.get().to_string() }</h2>
                <span class="lesson-count">{ trf("lesson.par", &[("count", &count), ("par", &par)]) }</span>
                { text_button("text-button lesson-undo", "lesson.undo", props.commands == 0, send(Action::Undo)) }
                { text_button("text-button lesson-reset", "lesson.reset", false, send(Action::Reset)) }
            </div>
            if let Some(count) = props.run.solved_with {
                <p class="lesson-celebration" role="status">
                    { celebration(count, lesson.par) }
                </p>
            }
            <div class="lesson-text">{ paragraphs(lesson.text.get()) }</div>
            <ul class="lesson-goals" aria-label={tr("lesson.goals")}>
                { for lesson.goals.iter().zip(&props.run.met).map(|(goal, met)| html! {
                    <li class={classes!("lesson-goal", met.then_some("goal-met"))}>
                        <span class="goal-mark" aria-hidden="true">{ if *met { "✓" } else { "○" } }</span>
                        <span class="visually-hidden">{ if *met { tr("lesson.goal_met") } else { tr("lesson.goal_open") } }</span>
                        <span class="goal-text">{ goal.text.as_ref().map(|text| text.get().to_string()).unwrap_or_else(|| describe(&goal.check)) }</span>
                    </li>
                }) }
            </ul>
            <div class="lesson-help">
                { for lesson.hints.iter().take(*hints_shown).map(|hint| html! { <p class="lesson-hint">{ inline(hint.get()) }</p> }) }
                if *hints_shown < lesson.hints.len() {
                    { text_button("text-button lesson-more-hint", "lesson.hint", false, more_hints) }
                }
                if !lesson.solution.is_empty() {
                    <button class="text-button lesson-show-solution" aria-expanded={solution_shown.to_string()} onclick={show_solution}>{ if *solution_shown { tr("lesson.hide_solution") } else { tr("lesson.show_solution") } }</button>
                }
                if *solution_shown {
                    <pre class="code-block lesson-solution">{ lesson.solution.join("\n") }</pre>
                }
            </div>
        </section>
    }
}

fn celebration(count: usize, par: usize) -> String {
    let values = [("count", count.to_string()), ("par", par.to_string())];
    let values: Vec<(&str, &str)> = values
        .iter()
        .map(|(name, value)| (*name, value.as_str()))
        .collect();
    let key = match count.cmp(&par) {
        std::cmp::Ordering::Less => "lesson.solved_under",
        std::cmp::Ordering::Equal => "lesson.solved_par",
        std::cmp::Ordering::Greater => "lesson.solved_over",
    };
    trf(key, &values)
}

/// Splits text into paragraphs at blank lines.
fn paragraphs(text: &str) -> Html {
    text.split("\n\n")
        .map(|paragraph| html! { <p>{ inline(paragraph) }</p> })
        .collect()
}

/// Renders `` `code` `` spans as code; everything else stays text.
pub fn inline(text: &str) -> Html {
    text.split('`')
        .enumerate()
        .map(|(index, part)| {
            if index % 2 == 1 {
                html! { <code>{ part.to_string() }</code> }
            } else {
                html! { { part.to_string() } }
            }
        })
        .collect()
}

/// Describes a goal that has no sentence of its own.
pub fn describe(goal: &Goal) -> String {
    match goal {
        Goal::Image { tag, layers: None } => trf("goal.image", &[("tag", tag)]),
        Goal::Image {
            tag,
            layers: Some(layers),
        } => trf(
            "goal.image_layers",
            &[("tag", tag), ("layers", &layers.to_string())],
        ),
        Goal::Container(container) => describe_container(container),
        Goal::NoContainer { name } => trf("goal.no_container", &[("name", name)]),
        Goal::Request(request) => describe_request(request),
    }
}

fn describe_container(goal: &ContainerGoal) -> String {
    let mut parts = Vec::new();
    if let Some(name) = &goal.name {
        parts.push(trf("goal.container.name", &[("name", name)]));
    }
    if let Some(image) = &goal.image {
        parts.push(trf("goal.container.image", &[("image", image)]));
    }
    match goal.running {
        Some(true) => parts.push(tr("goal.container.running")),
        Some(false) => parts.push(tr("goal.container.stopped")),
        None => {}
    }
    if goal.oom_killed == Some(true) {
        parts.push(tr("goal.container.oom_killed"));
    }
    if let Some((host, inside)) = goal.publishes {
        parts.push(trf(
            "goal.container.publishes",
            &[
                ("host", &host.to_string()),
                ("container", &inside.to_string()),
            ],
        ));
    }
    if let Some(bytes) = goal.memory_at_most {
        parts.push(trf(
            "goal.container.memory",
            &[("size", &engine::units::bytes_size(bytes as f64))],
        ));
    }
    if let Some(cpus) = goal.cpus_at_most {
        parts.push(trf("goal.container.cpus", &[("cpus", &cpus.to_string())]));
    }
    if let Some(path) = &goal.bind {
        parts.push(trf("goal.container.bind", &[("path", path)]));
    }
    if let Some(path) = &goal.file {
        parts.push(trf("goal.container.file", &[("path", path)]));
    }
    if let Some(path) = &goal.missing {
        parts.push(trf("goal.container.missing", &[("path", path)]));
    }
    if let Some(path) = &goal.changed {
        parts.push(trf("goal.container.changed", &[("path", path)]));
    }
    trf(
        "goal.container",
        &[("conditions", &parts.join(&tr("goal.separator")))],
    )
}

fn describe_request(goal: &RequestGoal) -> String {
    let target = match &goal.query {
        Some(query) => format!("{}?…{query}…", goal.path),
        None => goal.path.clone(),
    };
    let method = goal.method.clone().unwrap_or_default();
    trf(
        "goal.request",
        &[
            ("from", &node_name(goal.from)),
            ("to", &node_name(goal.to)),
            ("method", &method),
            ("path", &target),
        ],
    )
}

fn node_name(kind: NodeKind) -> String {
    tr(match kind {
        NodeKind::Client => "node.client",
        NodeKind::Daemon => "node.daemon",
        NodeKind::Containerd => "node.containerd",
        NodeKind::Shim => "node.shim",
        NodeKind::Runc => "node.runc",
        NodeKind::Kernel => "node.kernel",
        NodeKind::Registry => "node.registry",
    })
}
