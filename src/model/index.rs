//! Where a model's shapes and operations lie in its text, and finding them
//! by name.
//!
//! A model read from a file gets lists and hash maps, filled as it is
//! loaded. An embedded model is read in place from the layout and the
//! sorted name tables `build.rs` encoded ([`Encoded`]): loading one builds
//! nothing, an entry is a few words read, and a lookup is a binary search.
//! Building the maps was most of loading an embedded model at every start
//! (hashing each name, normalising each operation's, and some 20 KB of
//! tables for `chime`).

use std::collections::HashMap;
use std::ops::Range;

use super::layout::Encoded;
use super::{Name, ShapeId, names};

/// Shape names to shape ids. foldhash, not SipHash: hashing the names
/// was a third of loading a model's layout. Its seed is random per
/// process, so a hostile model cannot choose colliding names.
pub(crate) type NameIndex = HashMap<Name, ShapeId, foldhash::fast::RandomState>;

/// API names and their normalised forms (which CLI names share), to
/// operation index.
pub(crate) type OperationIndex = HashMap<Name, usize, foldhash::fast::RandomState>;

/// A model's definitions: where each lies, and which one a name names.
#[derive(Debug)]
pub(crate) enum Index {
    /// A model file's, listed and hashed when it was loaded.
    Listed {
        /// Each shape's name and the range of its definition, by id.
        shapes: Vec<(Name, Range<usize>)>,
        /// Each operation's key and the range of its definition, in file
        /// order.
        operations: Vec<(Name, Range<usize>)>,
        /// Shape names.
        shape_ids: NameIndex,
        /// Each operation's key and normalised key, the first operation
        /// keeping a name two share.
        operation_ids: OperationIndex,
    },
    /// An embedded model's, encoded and sorted at build time.
    Encoded(Encoded<'static>),
}

impl Index {
    /// The id of the shape called `name`.
    pub(crate) fn shape(&self, name: &str) -> Option<ShapeId> {
        match self {
            Index::Listed { shape_ids, .. } => shape_ids.get(name).copied(),
            Index::Encoded(encoded) => {
                encoded.find_shape(name).and_then(|i| u32::try_from(i).ok()).map(ShapeId)
            }
        }
    }

    /// The operation called `name`: its key or any spelling that
    /// normalises like it (the CLI name `update-user` is one).
    pub(crate) fn operation(&self, name: &str) -> Option<usize> {
        let exact = |name: &str| match self {
            Index::Listed { operation_ids, .. } => operation_ids.get(name).copied(),
            Index::Encoded(encoded) => encoded.find_operation(name),
        };
        exact(name).or_else(|| exact(&names::normalize(name)))
    }

    /// The name and definition range of shape `i`.
    pub(crate) fn shape_place(&self, i: usize) -> Option<(&str, Range<usize>)> {
        match self {
            Index::Listed { shapes, .. } => shapes.get(i).map(|(name, range)| (name.as_ref(), range.clone())),
            Index::Encoded(encoded) => encoded.shape(i),
        }
    }

    /// The key and definition range of operation `i`.
    pub(crate) fn operation_place(&self, i: usize) -> Option<(&str, Range<usize>)> {
        match self {
            Index::Listed { operations, .. } => {
                operations.get(i).map(|(name, range)| (name.as_ref(), range.clone()))
            }
            Index::Encoded(encoded) => encoded.operation(i),
        }
    }

    /// How many shapes and operations there are.
    pub(crate) fn counts(&self) -> (usize, usize) {
        match self {
            Index::Listed { shapes, operations, .. } => (shapes.len(), operations.len()),
            Index::Encoded(encoded) => (encoded.shapes, encoded.operations),
        }
    }
}
