//! The stage graph: which stages a target needs and whether `COPY --from`
//! and `RUN --mount=from=` make a cycle.

use std::ops::Range;

use super::{Base, Source, Stage};

/// Returns the stages a stage takes files from.
pub fn stage_dependencies(stage: &Stage) -> Vec<usize> {
    stage
        .dependencies
        .iter()
        .filter_map(|d| match d.source {
            Source::Stage(index) => Some(index),
            Source::Image(_) => None,
        })
        .collect()
}

/// Returns the span of the instruction behind each stage dependency, in
/// the order of [`stage_dependencies`].
pub fn dependency_spans(stage: &Stage) -> Vec<Range<usize>> {
    stage
        .dependencies
        .iter()
        .filter(|dep| matches!(dep.source, Source::Stage(_)))
        .map(|dep| dep.span.clone())
        .collect()
}

/// The marks of a depth-first search, shared by all searches of a graph.
pub struct Search {
    /// Stages reached by any search, which later searches skip, as BuildKit's
    /// `validateCircularDependency` shares its visited set between starts.
    visited: Vec<bool>,
    /// Stages on the current path, all false again after a search that
    /// found no cycle.
    on_path: Vec<bool>,
}

impl Search {
    /// Creates the marks for a graph of `stages` stages.
    pub fn new(stages: usize) -> Self {
        Self {
            visited: vec![false; stages],
            on_path: vec![false; stages],
        }
    }
}

/// Searches depth first from `start` for an edge back to the current path,
/// with its own stack instead of recursion, and returns that edge's span.
pub fn find_cycle(
    edges: &[Vec<usize>],
    spans: &[Vec<Range<usize>>],
    start: usize,
    search: &mut Search,
) -> Option<Range<usize>> {
    let Search { visited, on_path } = search;
    if visited[start] {
        return None;
    }
    let mut stack = vec![(start, 0usize)];
    visited[start] = true;
    on_path[start] = true;
    while let Some((node, next)) = stack.last_mut() {
        let node = *node;
        let Some(&dep) = edges[node].get(*next) else {
            on_path[node] = false;
            stack.pop();
            continue;
        };
        let edge = *next;
        *next += 1;
        if on_path[dep] {
            return Some(spans[node][edge].clone());
        }
        if !visited[dep] {
            visited[dep] = true;
            on_path[dep] = true;
            stack.push((dep, 0));
        }
    }
    None
}

/// Returns the target and every stage it reaches through bases and
/// dependencies, in file order, as BuildKit's `allReachableStages`.
pub fn needed_stages(stages: &[&Stage], target: usize) -> Vec<usize> {
    let mut needed = vec![false; stages.len()];
    let mut stack = vec![target];
    while let Some(index) = stack.pop() {
        if std::mem::replace(&mut needed[index], true) {
            continue;
        }
        if let Base::Stage(base) = stages[index].base {
            stack.push(base);
        }
        stack.extend(stage_dependencies(stages[index]));
    }
    (0..stages.len()).filter(|&i| needed[i]).collect()
}
