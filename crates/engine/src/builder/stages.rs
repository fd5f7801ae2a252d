//! The stage graph of a build: which stage needs which, the order to build
//! them in, and which stages are independent and so build in parallel.
//!
//! An edge runs from a stage to every stage that uses it: as its base
//! (`FROM build`), through `COPY --from=build` or `RUN --mount=from=build`.
//! A stage's level is the length of the longest chain of stages it needs;
//! stages on the same level have no path between them.

use dockerfile::instructions::mount::MountType;
use dockerfile::instructions::Command;
use dockerfile::plan::{Base, Plan, Source, Stage};
use petgraph::algo::toposort;
use petgraph::graph::{DiGraph, NodeIndex};

use crate::view::{BuildView, StageView};
use shared_sort::SharedSort;

/// The stages to build, in an order that respects every dependency.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Schedule {
    /// Stage indices in build order: by level, then by position in the file.
    pub order: Vec<usize>,
    /// Level of each stage of the plan (0 for stages that need no other).
    pub levels: Vec<usize>,
    /// `(from, to)` edges: stage `to` needs stage `from`.
    pub edges: Vec<(usize, usize)>,
}

/// Builds the stage graph of a plan and schedules the stages its target needs.
pub fn schedule(plan: &Plan) -> Schedule {
    let mut graph: DiGraph<usize, ()> = DiGraph::new();
    let nodes: Vec<NodeIndex> = plan
        .stages
        .iter()
        .map(|stage| graph.add_node(stage.index))
        .collect();
    let mut edges = Vec::new();
    for stage in &plan.stages {
        let mut needs = Vec::new();
        if let Base::Stage(base) = stage.base {
            needs.push(base);
        }
        for dependency in &stage.dependencies {
            if let Source::Stage(source) = dependency.source {
                needs.push(source);
            }
        }
        needs.shared_sort();
        needs.dedup();
        for source in needs {
            if source < nodes.len() && source != stage.index {
                graph.add_edge(nodes[source], nodes[stage.index], ());
                edges.push((source, stage.index));
            }
        }
    }

    // The planner rejects cycles, so a topological order always exists; fall
    // back to file order rather than fail if it somehow does not.
    let sorted = toposort(&graph, None)
        .map(|order| order.into_iter().map(|node| graph[node]).collect())
        .unwrap_or_else(|_| (0..plan.stages.len()).collect::<Vec<_>>());
    let mut levels = vec![0; plan.stages.len()];
    for &stage in &sorted {
        for &(from, to) in &edges {
            if from == stage {
                levels[to] = levels[to].max(levels[stage] + 1);
            }
        }
    }

    let mut order: Vec<usize> = plan.needed.clone();
    order.shared_sort_by_key(|stage| (levels[*stage], *stage));
    Schedule {
        order,
        levels,
        edges,
    }
}

/// Groups the scheduled stages by level: each group needs only stages of
/// earlier groups, so its stages run at the same time.
pub fn levels(schedule: &Schedule) -> Vec<Vec<usize>> {
    let mut levels: Vec<Vec<usize>> = Vec::new();
    for &stage in &schedule.order {
        let level = schedule.levels[stage];
        match levels.last_mut() {
            Some(group)
                if group
                    .first()
                    .is_some_and(|&first| schedule.levels[first] == level) =>
            {
                group.push(stage)
            }
            _ => levels.push(vec![stage]),
        }
    }
    levels
}

/// Returns whether a stage reads the build context: COPY or ADD without
/// `--from`, or a bind mount without `from=`.
pub fn reads_context(stage: &Stage) -> bool {
    stage.steps.iter().any(|step| match &step.command {
        Command::Copy(copy) => copy.from.is_none() && !copy.sources.paths.is_empty(),
        Command::Add(add) => add
            .sources
            .paths
            .iter()
            .any(|path| !path.contains("://") && !path.starts_with("git@")),
        Command::Run(_) => step
            .mounts
            .iter()
            .any(|mount| mount.kind == MountType::Bind && mount.from.is_none()),
        _ => false,
    })
}

/// Returns the page's view of the stage graph.
pub fn view(plan: &Plan, schedule: &Schedule) -> BuildView {
    BuildView {
        stages: plan
            .stages
            .iter()
            .map(|stage| StageView {
                name: stage.display_name.clone(),
                base: match &stage.base {
                    Base::Scratch => "scratch".to_string(),
                    Base::Image(name) => name.clone(),
                    Base::Stage(index) => plan.stages[*index].display_name.clone(),
                },
                level: schedule.levels[stage.index],
                built: plan.needed.contains(&stage.index),
            })
            .collect(),
        edges: schedule.edges.clone(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use dockerfile::plan::{plan, PlanInput};

    fn planned(text: &str, target: Option<&str>) -> Plan {
        let input = PlanInput {
            target: target.map(str::to_string),
            ..PlanInput::default()
        };
        let result = plan(text, &input);
        assert!(result.errors.is_empty(), "{:?}", result.errors);
        result.plan.expect("plan")
    }

    #[test]
    fn independent_stages_share_a_level() {
        let text = "FROM alpine AS a\nRUN x\nFROM alpine AS b\nRUN y\nFROM alpine\nCOPY --from=a /x /x\nCOPY --from=b /y /y\n";
        let plan = planned(text, None);
        let schedule = schedule(&plan);
        assert_eq!(schedule.levels, [0, 0, 1]);
        assert_eq!(schedule.order, [0, 1, 2]);
        assert_eq!(schedule.edges, [(0, 2), (1, 2)]);
    }

    #[test]
    fn unused_stage_is_not_scheduled() {
        let text = "FROM alpine AS unused\nRUN x\nFROM alpine AS build\nRUN y\nFROM build\nRUN z\n";
        let plan = planned(text, None);
        let schedule = schedule(&plan);
        assert_eq!(schedule.order, [1, 2]);
        assert!(!view(&plan, &schedule).stages[0].built);
    }

    #[test]
    fn levels_group_independent_stages() {
        let text =
            "FROM alpine AS a\nRUN x\nFROM alpine AS b\nRUN y\nFROM a AS c\nCOPY --from=b /y /y\n";
        let plan = planned(text, None);
        assert_eq!(levels(&schedule(&plan)), [vec![0, 1], vec![2]]);
        assert!(!reads_context(&plan.stages[2]));
    }

    #[test]
    fn target_limits_the_build() {
        let text = "FROM alpine AS build\nRUN y\nFROM build AS test\nRUN z\nFROM alpine\n";
        let plan = planned(text, Some("test"));
        assert_eq!(schedule(&plan).order, [0, 1]);
    }
}
