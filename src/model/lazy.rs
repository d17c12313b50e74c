//! The shapes and operations of a model, each linked when first asked for.
//!
//! A command needs a handful of a model's definitions (`skeleton input
//! update-user` reaches one operation and 9 of chime's 217 shapes), yet
//! linking all of them was most of such a run. So the loader only finds
//! where each definition lies in the model text, and
//! [`Model::shape`](super::Model::shape) or
//! [`Model::operation`](super::Model::operation) links one the first time it
//! is asked for. Linking needs the *own* traits of the shapes that members
//! name (to merge the members' traits over them), never their links, so a
//! recursive shape links without recursion and no cell waits on another.
//!
//! Only the embedded models, which the test suite links in full, are linked
//! lazily: the text must live as long as the model, and a broken model must
//! be reported when it is loaded, not when a shape is used. A model read
//! from a file is linked in full by its loader.

use std::ops::Range;
use std::sync::OnceLock;
use std::sync::atomic::{AtomicUsize, Ordering};

use serde::de::IgnoredAny;

use super::error::{ModelError, json_error_at};
use super::index::Index;
use super::link::{Linker, TraitSource, link_kind, link_operation, take_traits};
use super::raw::{DocField, RawOperation, RawShape};
use super::{Operation, Shape, ShapeId, Traits};

/// Merged traits may total this many times the model text.
const MERGE_FACTOR: usize = 8;
/// ...or this many bytes, for small models.
const MERGE_FLOOR: usize = 64 * 1024 * 1024;

/// A definition once linked. Boxed so that the cells of the many
/// definitions never linked take 16 bytes each.
type Cell<T> = OnceLock<Box<T>>;

/// `n` empty cells.
fn cells<T>(n: usize) -> Vec<Cell<T>> {
    std::iter::repeat_with(OnceLock::new).take(n).collect()
}

/// Every shape and operation of a model.
#[derive(Debug)]
pub(crate) struct Definitions {
    /// The model text, kept for linking on demand (embedded models only).
    text: Option<&'static str>,
    /// Whether definitions are read with their documentation.
    documentation: bool,
    /// Names the model in error messages.
    pub(crate) origin: String,
    /// Where each definition lies, and the names that find them.
    pub(crate) index: Index,
    /// Shapes, by id.
    pub(crate) shapes: Vec<Cell<Shape>>,
    /// Each shape's own traits, read when a member first names the shape.
    own: Vec<Cell<Traits>>,
    /// Operations, in the model file's order.
    pub(crate) operations: Vec<Cell<Operation>>,
    /// Bytes of traits copied from shapes into the members that name them
    /// so far (see [`Definitions::charge_merge`]).
    merged_bytes: AtomicUsize,
    /// The most [`Definitions::merged_bytes`] may reach.
    merge_budget: usize,
}

impl Definitions {
    /// Definitions not linked yet.
    pub(crate) fn new(index: Index, documentation: bool, origin: &str, text_len: usize) -> Definitions {
        let (shapes, operations) = index.counts();
        Definitions {
            text: None,
            documentation,
            origin: origin.to_owned(),
            index,
            shapes: cells(shapes),
            own: cells(shapes),
            operations: cells(operations),
            merged_bytes: AtomicUsize::new(0),
            merge_budget: text_len.saturating_mul(MERGE_FACTOR).max(MERGE_FLOOR),
        }
    }

    /// Counts `bytes` of traits copied from a shape into a member.
    ///
    /// Each member holds its own copy of the traits of the shape it names
    /// (documentation, enum values, pattern), as botocore merges them. A
    /// hostile model can make that quadratic — 250,000 members naming one
    /// string shape with 250,000 enum values, or with a megabyte of
    /// documentation — and exhaust memory while linking. So the copies may
    /// total at most [`MERGE_FACTOR`] times the model text, or
    /// [`MERGE_FLOOR`] bytes (over botocore 1.40's 457 models the largest
    /// ratio is 1.9, the most bytes 4.6 MB).
    ///
    /// # Errors
    ///
    /// [`ModelError::Structure`] once the budget is exceeded.
    pub(crate) fn charge_merge(&self, bytes: usize) -> Result<(), ModelError> {
        let total = self.merged_bytes.fetch_add(bytes, Ordering::Relaxed).saturating_add(bytes);
        if total > self.merge_budget {
            return Err(ModelError::Structure {
                origin: self.origin.clone(),
                message: format!(
                    "members copy more than {} bytes of traits from the shapes they name ({MERGE_FACTOR} times \
                     the model's size); the model repeats large documentation or enums too often",
                    self.merge_budget
                ),
            });
        }
        Ok(())
    }

    /// Keeps `text` so that definitions can be linked on demand.
    pub(crate) fn keep_text(&mut self, text: &'static str) {
        self.text = Some(text);
    }

    /// The shape `id`, linked now if it was not yet.
    ///
    /// # Panics
    ///
    /// If linking fails, which can only happen for an embedded model (a
    /// model from a file is linked in full, with errors, when loaded) and
    /// which the test suite rules out by linking every embedded model.
    pub(crate) fn shape(&self, id: ShapeId) -> &Shape {
        self.shapes[id.index()]
            .get_or_init(|| Box::new(or_panic(self.link_shape(self.text.unwrap_or_default(), id))))
    }

    /// The operation at `i` in file order, linked now if it was not yet.
    ///
    /// # Panics
    ///
    /// As [`Definitions::shape`].
    pub(crate) fn operation(&self, i: usize) -> &Operation {
        self.operations[i]
            .get_or_init(|| Box::new(or_panic(self.link_operation(self.text.unwrap_or_default(), i))))
    }

    /// Links every definition not linked yet, reading them from `text`
    /// (the text the definitions were found in).
    ///
    /// # Errors
    ///
    /// The first definition that does not link.
    pub(crate) fn link_all(&self, text: &str) -> Result<(), ModelError> {
        // Operations first: they come first in botocore's files, so the
        // first error reported is the first in the file, as before.
        for (i, cell) in self.operations.iter().enumerate() {
            if cell.get().is_none() {
                // A racing `operation` call may have linked it meanwhile: the same result.
                let _ = cell.set(Box::new(self.link_operation(text, i)?));
            }
        }
        for (i, cell) in self.shapes.iter().enumerate() {
            if cell.get().is_none() {
                let shape = self.link_shape(text, ShapeId(u32::try_from(i).unwrap_or(u32::MAX)))?;
                let _ = cell.set(Box::new(shape));
            }
        }
        Ok(())
    }

    /// The traits written on shape `id` itself.
    pub(crate) fn own_traits(&self, text: &str, id: ShapeId) -> Result<&Traits, ModelError> {
        let cell = &self.own[id.index()];
        if let Some(traits) = cell.get() {
            return Ok(traits);
        }
        let traits = if self.documentation {
            self.read_own::<String>(text, id)?
        } else {
            self.read_own::<IgnoredAny>(text, id)?
        };
        Ok(cell.get_or_init(|| Box::new(traits)))
    }

    fn read_own<D: DocField>(&self, text: &str, id: ShapeId) -> Result<Traits, ModelError> {
        let (name, definition) = self.shape_place(id)?;
        let mut raw: RawShape<D> = self.read(text, name, definition)?;
        take_traits(&mut raw, &self.origin, &|| format!("shape `{name}`"))
    }

    fn link_shape(&self, text: &str, id: ShapeId) -> Result<Shape, ModelError> {
        if self.documentation {
            self.link_shape_with::<String>(text, id)
        } else {
            self.link_shape_with::<IgnoredAny>(text, id)
        }
    }

    fn link_shape_with<D: DocField>(&self, text: &str, id: ShapeId) -> Result<Shape, ModelError> {
        let (name, definition) = self.shape_place(id)?;
        let mut raw: RawShape<D> = self.read(text, name, definition)?;
        let traits = take_traits(&mut raw, &self.origin, &|| format!("shape `{name}`"))?;
        let linker = Linker { origin: &self.origin, text, index: &self.index, definitions: self };
        let kind = link_kind(&linker, name, raw)?;
        // Fill the own-traits cell while the traits are at hand.
        let _ = self.own[id.index()].set(Box::new(traits.clone()));
        Ok(Shape { name: name.to_owned(), kind, traits })
    }

    fn link_operation(&self, text: &str, i: usize) -> Result<Operation, ModelError> {
        let linker = Linker { origin: &self.origin, text, index: &self.index, definitions: self };
        let (name, definition) =
            self.index.operation_place(i).ok_or_else(|| self.unreadable("operation", i))?;
        if self.documentation {
            link_operation(&linker, name, self.read::<RawOperation<String>>(text, name, definition)?)
        } else {
            link_operation(&linker, name, self.read::<RawOperation<IgnoredAny>>(text, name, definition)?)
        }
    }

    /// The name and range of shape `id`.
    fn shape_place(&self, id: ShapeId) -> Result<(&str, Range<usize>), ModelError> {
        self.index.shape_place(id.index()).ok_or_else(|| self.unreadable("shape", id.index()))
    }

    /// The error for a definition whose place does not read (which an
    /// embedded model's encoding, checked by `build.rs`, rules out).
    fn unreadable(&self, what: &str, i: usize) -> ModelError {
        ModelError::Structure {
            origin: self.origin.clone(),
            message: format!("the place of {what} {i} does not read"),
        }
    }

    /// Reads the definition of `name` at `definition` in `text`.
    fn read<R: serde::de::DeserializeOwned>(
        &self,
        text: &str,
        name: &str,
        definition: Range<usize>,
    ) -> Result<R, ModelError> {
        let Some(slice) = text.get(definition.clone()) else {
            return Err(ModelError::Structure {
                origin: self.origin.clone(),
                message: format!("`{name}` lies outside the model text"),
            });
        };
        serde_json::from_str(slice).map_err(|e| json_error_at(&self.origin, text, definition.start, &e))
    }
}

impl TraitSource for Definitions {
    fn own_traits(&self, text: &str, id: ShapeId) -> Result<&Traits, ModelError> {
        Definitions::own_traits(self, text, id)
    }

    fn charge_merge(&self, bytes: usize) -> Result<(), ModelError> {
        Definitions::charge_merge(self, bytes)
    }
}

/// The linked definition; an embedded model that does not link is a bug
/// the test suite rules out.
#[allow(clippy::panic, reason = "a broken embedded model is a bug in this crate, not bad input")]
fn or_panic<T>(linked: Result<T, ModelError>) -> T {
    match linked {
        Ok(linked) => linked,
        Err(e) => panic!("an embedded model does not link: {e}"),
    }
}
