//! Finding a structure's members by name in sub-linear time.
//!
//! Real structures have at most a few hundred members (228 in botocore
//! 1.40), and every lookup used to scan them. A hostile model with a
//! structure of 250,000 required members made each lookup, and so
//! validating `{}` against it, quadratic. Structures larger than
//! [`SMALL`] get a sorted index of member and required names, built on the
//! first lookup; small ones keep the scan, which is faster for them.

use std::sync::OnceLock;

use super::Member;

/// Structures with at most this many members (or required names) are
/// scanned.
const SMALL: usize = 16;

/// Lazily built sorted indices into a structure's `members` and `required`.
#[derive(Debug, Default)]
pub(crate) struct Lookup {
    /// Positions in `members`, sorted by name (stably: among equal names,
    /// the first in file order comes first).
    members: OnceLock<Box<[u32]>>,
    /// Positions in `required`, sorted.
    required: OnceLock<Box<[u32]>>,
}

impl Lookup {
    pub(crate) fn member<'a>(&self, members: &'a [Member], name: &str) -> Option<&'a Member> {
        if members.len() <= SMALL {
            return members.iter().find(|m| m.name == name);
        }
        let sorted = self.members.get_or_init(|| sorted_positions(members, |m| &m.name));
        first_equal(sorted, |i| members.get(i).map_or("", |m| m.name.as_str()), name)
            .and_then(|i| members.get(i))
    }

    pub(crate) fn is_required(&self, required: &[String], name: &str) -> bool {
        if required.len() <= SMALL {
            return required.iter().any(|r| r == name);
        }
        let sorted = self.required.get_or_init(|| sorted_positions(required, String::as_str));
        first_equal(sorted, |i| required.get(i).map_or("", String::as_str), name).is_some()
    }
}

/// Positions of `items` sorted by `key`, stably.
fn sorted_positions<T>(items: &[T], key: impl Fn(&T) -> &str) -> Box<[u32]> {
    // A model has far fewer than 2^32 members (its text is capped).
    let mut positions: Vec<u32> = (0..items.len()).filter_map(|i| u32::try_from(i).ok()).collect();
    positions.sort_by(|&a, &b| key(&items[a as usize]).cmp(key(&items[b as usize])));
    positions.into_boxed_slice()
}

/// The first position (in file order) whose name is `name`.
fn first_equal<'a>(sorted: &[u32], name_at: impl Fn(usize) -> &'a str, name: &str) -> Option<usize> {
    let at = sorted.partition_point(|&i| name_at(i as usize) < name);
    sorted.get(at).map(|&i| i as usize).filter(|&i| name_at(i) == name)
}

#[cfg(test)]
mod tests {
    use super::super::{Member, ShapeId, Traits};
    use super::*;

    fn member(name: &str, target: u32) -> Member {
        Member::new(name.to_owned(), ShapeId(target), Traits::default())
    }

    /// Large and small structures answer alike, first match first.
    #[test]
    fn sorted_lookup_agrees_with_a_scan() {
        for n in [0, 3, SMALL, SMALL + 1, 1000] {
            let mut members: Vec<Member> =
                (0..n).map(|i| member(&format!("m{}", i % 700), i as u32)).collect();
            members.push(member("", 9999));
            let required: Vec<String> = (0..n).step_by(3).map(|i| format!("m{i}")).collect();
            let lookup = Lookup::default();
            for probe in ["m0", "m5", "m699", "m700", "", "zz", "m"] {
                let scan = members.iter().find(|m| m.name == probe).map(|m| m.target);
                assert_eq!(lookup.member(&members, probe).map(|m| m.target), scan, "{n} {probe}");
                let scan = required.iter().any(|r| r == probe);
                assert_eq!(lookup.is_required(&required, probe), scan, "{n} {probe}");
            }
        }
    }
}
