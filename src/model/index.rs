//! Finding a model's shapes and operations by name.
//!
//! A model read from a file gets hash maps, filled as it is loaded. An
//! embedded model is looked up in the sorted tables `build.rs` encoded
//! with its layout ([`Encoded`]): loading one builds nothing, and a
//! lookup is a binary search. Building the maps was most of loading an
//! embedded model at every start (hashing each name, normalising each
//! operation's, and some 20 KB of tables for `chime`).

use std::collections::HashMap;

use super::layout::Encoded;
use super::{Name, ShapeId, names};

/// Shape names to shape ids. foldhash, not SipHash: hashing the names
/// was a third of loading a model's layout. Its seed is random per
/// process, so a hostile model cannot choose colliding names.
pub(crate) type NameIndex = HashMap<Name, ShapeId, foldhash::fast::RandomState>;

/// API names and their normalised forms (which CLI names share), to
/// operation index.
pub(crate) type OperationIndex = HashMap<Name, usize, foldhash::fast::RandomState>;

/// The name indexes of a model.
#[derive(Debug)]
pub(crate) enum Index {
    /// Filled when the model was loaded.
    Hashed {
        /// Shape names.
        shapes: NameIndex,
        /// Each operation's key and normalised key, the first operation
        /// keeping a name two share.
        operations: OperationIndex,
    },
    /// An embedded model's, sorted at build time.
    Encoded(Encoded<'static>),
}

impl Index {
    /// The id of the shape called `name`.
    pub(crate) fn shape(&self, name: &str) -> Option<ShapeId> {
        match self {
            Index::Hashed { shapes, .. } => shapes.get(name).copied(),
            Index::Encoded(encoded) => {
                encoded.find_shape(name).and_then(|i| u32::try_from(i).ok()).map(ShapeId)
            }
        }
    }

    /// The operation called `name`: its key or any spelling that
    /// normalises like it (the CLI name `update-user` is one).
    pub(crate) fn operation(&self, name: &str) -> Option<usize> {
        let exact = |name: &str| match self {
            Index::Hashed { operations, .. } => operations.get(name).copied(),
            Index::Encoded(encoded) => encoded.find_operation(name),
        };
        exact(name).or_else(|| exact(&names::normalize(name)))
    }
}
