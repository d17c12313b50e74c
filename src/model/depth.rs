//! A bound on how deep any walk of a model's shape graph can go, checked
//! when a model file is loaded.
//!
//! Every feature walks the graph recursively (skeletons, `describe`, the
//! validator, argument parsing), stopping only where a shape repeats on the
//! walk. A hostile model with a chain of 100,000 distinct structures
//! (`S0` has a member of `S1`, `S1` of `S2`, …) would overflow the stack of
//! each of them, so such a model is refused here, once, instead of bounding
//! every walker separately.
//!
//! The bound is the longest path through the graph's strongly connected
//! components (Tarjan), each component weighted by its size: a walk that
//! stops at repeated shapes visits each shape of a component at most once
//! per pass, so no such walk nests deeper than this. Over the 457 botocore
//! models of botocore 1.40 the largest value is 23 (bedrock-agent-runtime;
//! the largest component has 7 shapes), so [`MAX_NESTING`] leaves a wide
//! margin.

use super::{ShapeKind, Structure};

/// The deepest shape nesting accepted (see the module documentation).
pub(crate) const MAX_NESTING: usize = 256;

/// The nesting bound of a graph given as adjacency lists, or `None` as
/// soon as it exceeds `limit`. Iterative throughout: the graph may be as
/// deep as the hostile models this guards against.
pub(crate) fn nesting_depth(edges: &[Vec<u32>], limit: usize) -> Option<usize> {
    let n = edges.len();
    const UNSEEN: u32 = u32::MAX;
    let mut index = vec![UNSEEN; n];
    let mut low = vec![0u32; n];
    let mut on_stack = vec![false; n];
    let mut stack: Vec<u32> = Vec::new();
    // Component of each node, and each component's depth (components are
    // completed sinks first, so successors are always done before).
    let mut component = vec![UNSEEN; n];
    let mut depth: Vec<usize> = Vec::new();
    let mut counter = 0u32;
    let mut work: Vec<(u32, usize)> = Vec::new();
    for root in 0..n {
        if index[root] != UNSEEN {
            continue;
        }
        work.push((u32::try_from(root).ok()?, 0));
        while let Some((v, next)) = work.pop() {
            let vi = v as usize;
            if next == 0 {
                index[vi] = counter;
                low[vi] = counter;
                counter += 1;
                stack.push(v);
                on_stack[vi] = true;
            }
            let mut descended = false;
            for (j, &w) in edges[vi].iter().enumerate().skip(next) {
                let wi = w as usize;
                if index[wi] == UNSEEN {
                    work.push((v, j + 1));
                    work.push((w, 0));
                    descended = true;
                    break;
                } else if on_stack[wi] {
                    low[vi] = low[vi].min(index[wi]);
                }
            }
            if descended {
                continue;
            }
            if low[vi] == index[vi] {
                let id = u32::try_from(depth.len()).ok()?;
                let mut members = Vec::new();
                loop {
                    let w = stack.pop()?;
                    on_stack[w as usize] = false;
                    component[w as usize] = id;
                    members.push(w);
                    if w == v {
                        break;
                    }
                }
                let below = members
                    .iter()
                    .flat_map(|&m| &edges[m as usize])
                    .map(|&w| component[w as usize])
                    .filter(|&c| c != id)
                    .map(|c| depth[c as usize])
                    .max()
                    .unwrap_or(0);
                let d = below + members.len();
                if d > limit {
                    return None;
                }
                depth.push(d);
            }
            if let Some(&(parent, _)) = work.last() {
                let (p, vl) = (parent as usize, low[vi]);
                low[p] = low[p].min(vl);
            }
        }
    }
    Some(depth.into_iter().max().unwrap_or(0))
}

/// The shapes each shape's members (structure members, list members, map
/// keys and values) name.
pub(crate) fn edges_of<'a>(kinds: impl Iterator<Item = &'a ShapeKind>) -> Vec<Vec<u32>> {
    kinds
        .map(|kind| match kind {
            ShapeKind::Structure(Structure { members, .. }) => members.iter().map(|m| m.target.0).collect(),
            ShapeKind::List { member } => vec![member.target.0],
            ShapeKind::Map { key, value } => vec![key.target.0, value.target.0],
            _ => Vec::new(),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chains_cycles_and_limits() {
        // 0 -> 1 -> 2, 2 -> 1 (a cycle of two), 3 alone.
        let edges = vec![vec![1], vec![2], vec![1], vec![]];
        assert_eq!(nesting_depth(&edges, 10), Some(3));
        assert_eq!(nesting_depth(&edges, 2), None);
        // Self loops count once.
        assert_eq!(nesting_depth(&[vec![0]], 10), Some(1));
        assert_eq!(nesting_depth(&[], 10), Some(0));
    }

    #[test]
    fn deep_chains_do_not_recurse() {
        let n = 200_000u32;
        let edges: Vec<Vec<u32>> = (0..n).map(|i| if i + 1 < n { vec![i + 1] } else { vec![0] }).collect();
        // One cycle of n shapes.
        assert_eq!(nesting_depth(&edges, usize::MAX), Some(n as usize));
        let chain: Vec<Vec<u32>> = (0..n).map(|i| if i + 1 < n { vec![i + 1] } else { vec![] }).collect();
        assert_eq!(nesting_depth(&chain, usize::MAX), Some(n as usize));
        assert_eq!(nesting_depth(&chain, MAX_NESTING), None);
    }
}
