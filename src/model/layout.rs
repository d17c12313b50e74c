//! Where the parts of a model file lie: the metadata, and each operation
//! and shape definition as a byte range of the text, in file order.
//!
//! This is all the loader reads up front; definitions are read when they
//! are linked (`lazy.rs`). Finding the ranges means scanning the whole
//! text, so `build.rs` does it for the embedded models at build time and
//! embeds the result, [`Layout::encode`]d; a model given as a file is
//! scanned when it is loaded.
//!
//! **Shared with `build.rs`**, which includes this file with `#[path]`: it
//! must stay self-contained (std, serde and serde_json; no `crate::` or
//! `super::` paths, no intra-doc links into the crate). build.rs uses all of
//! it (it decodes each encoding again before embedding it); the crate uses
//! all but [`Layout::encode`].

use std::borrow::Cow;
use std::fmt;
use std::ops::Range;

use serde::Deserialize;
use serde::de::{MapAccess, Visitor};
use serde_json::value::RawValue;

/// A JSON object read into a vector, keeping the file's key order.
///
/// Member order matters: skeletons list members in the order the model file
/// gives them, as botocore's `OrderedDict` does.
#[derive(Debug)]
pub(crate) struct Ordered<V>(pub(crate) Vec<(String, V)>);

impl<V> Default for Ordered<V> {
    fn default() -> Self {
        Ordered(Vec::new())
    }
}

impl<'de, V: Deserialize<'de>> Deserialize<'de> for Ordered<V> {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct OrderedVisitor<V>(std::marker::PhantomData<V>);

        impl<'de, V: Deserialize<'de>> Visitor<'de> for OrderedVisitor<V> {
            type Value = Ordered<V>;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a JSON object")
            }

            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
                let mut entries = Vec::with_capacity(map.size_hint().unwrap_or(0));
                while let Some((key, value)) = map.next_entry::<String, V>()? {
                    entries.push((key, value));
                }
                Ok(Ordered(entries))
            }
        }

        deserializer.deserialize_map(OrderedVisitor(std::marker::PhantomData))
    }
}

/// The top level of a model file, with every part left as text.
#[derive(Deserialize)]
struct TopLevel<'a> {
    #[serde(borrow)]
    metadata: &'a RawValue,
    #[serde(borrow, default)]
    documentation: Option<&'a RawValue>,
    #[serde(borrow)]
    operations: Ordered<&'a RawValue>,
    #[serde(borrow)]
    shapes: Ordered<&'a RawValue>,
}

/// Byte ranges of a model file's parts.
///
/// Names borrow from the encoding they were decoded from (`'a`): an
/// embedded model's layout is `'static`, so loading it copies no name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Layout<'a> {
    /// `metadata`.
    pub(crate) metadata: Range<usize>,
    /// The service's `documentation`, if any.
    pub(crate) documentation: Option<Range<usize>>,
    /// Each entry of `operations`: its key and definition.
    pub(crate) operations: Vec<(Cow<'a, str>, Range<usize>)>,
    /// Each entry of `shapes`: its name and definition.
    pub(crate) shapes: Vec<(Cow<'a, str>, Range<usize>)>,
}

impl Layout<'static> {
    /// Scans `text`, which must be a whole model file.
    pub(crate) fn of(text: &str) -> Result<Layout<'static>, serde_json::Error> {
        let top: TopLevel<'_> = serde_json::from_str(text)?;
        // Each part borrows from `text`, so its place is its offset.
        let place = |part: &RawValue| {
            let start = (part.get().as_ptr() as usize).wrapping_sub(text.as_ptr() as usize);
            start..start + part.get().len()
        };
        let entries =
            |parts: Ordered<&RawValue>| parts.0.into_iter().map(|(k, v)| (Cow::Owned(k), place(v))).collect();
        Ok(Layout {
            metadata: place(top.metadata),
            documentation: top.documentation.map(place),
            operations: entries(top.operations),
            shapes: entries(top.shapes),
        })
    }
}

impl<'a> Layout<'a> {
    /// Whether every range lies in `text`, on character boundaries, and
    /// starts an object (a cheap check that the layout is `text`'s).
    pub(crate) fn fits(&self, text: &str) -> bool {
        let object = |r: &Range<usize>| text.get(r.clone()).is_some_and(|part| part.starts_with('{'));
        object(&self.metadata)
            && self.documentation.as_ref().is_none_or(|r| text.get(r.clone()).is_some())
            && self.operations.iter().chain(&self.shapes).all(|(_, r)| object(r))
    }

    /// A compact encoding: little-endian `u32`s, names as length and bytes.
    // build.rs and the tests encode; the crate only decodes.
    #[cfg_attr(not(test), allow(dead_code))]
    pub(crate) fn encode(&self) -> Vec<u8> {
        let mut out = Vec::new();
        let mut number = |out: &mut Vec<u8>, n: usize| {
            out.extend_from_slice(&u32::try_from(n).unwrap_or(u32::MAX).to_le_bytes());
        };
        let range = |out: &mut Vec<u8>, number: &mut dyn FnMut(&mut Vec<u8>, usize), r: &Range<usize>| {
            number(out, r.start);
            number(out, r.end);
        };
        range(&mut out, &mut number, &self.metadata);
        let documentation = self.documentation.clone().unwrap_or(0..0);
        range(&mut out, &mut number, &documentation);
        for entries in [&self.operations, &self.shapes] {
            number(&mut out, entries.len());
            for (name, r) in entries {
                number(&mut out, name.len());
                out.extend_from_slice(name.as_bytes());
                range(&mut out, &mut number, r);
            }
        }
        out
    }

    /// Reads what [`Layout::encode`] wrote; `None` if it is malformed.
    pub(crate) fn decode(bytes: &'a [u8]) -> Option<Layout<'a>> {
        let mut reader = Reader(bytes);
        let metadata = reader.range()?;
        let documentation = Some(reader.range()?).filter(|r| !r.is_empty());
        let mut lists = [Vec::new(), Vec::new()];
        for list in &mut lists {
            let count = reader.number()?;
            // Each entry takes at least 12 bytes: never reserve more than
            // the input could hold.
            list.reserve_exact(count.min(reader.0.len() / 12));
            for _ in 0..count {
                let len = reader.number()?;
                let name = Cow::Borrowed(std::str::from_utf8(reader.take(len)?).ok()?);
                list.push((name, reader.range()?));
            }
        }
        let [operations, shapes] = lists;
        reader.0.is_empty().then_some(Layout { metadata, documentation, operations, shapes })
    }
}

/// The unread part of an encoded [`Layout`].
struct Reader<'a>(&'a [u8]);

impl<'a> Reader<'a> {
    fn take(&mut self, len: usize) -> Option<&'a [u8]> {
        let (head, tail) = self.0.split_at_checked(len)?;
        self.0 = tail;
        Some(head)
    }

    fn number(&mut self) -> Option<usize> {
        let bytes: [u8; 4] = self.take(4)?.try_into().ok()?;
        usize::try_from(u32::from_le_bytes(bytes)).ok()
    }

    fn range(&mut self) -> Option<Range<usize>> {
        Some(self.number()?..self.number()?)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const TEXT: &str = r#"{"metadata": {"apiVersion": "1"}, "operations": {"Op": {"name": "Op"}},
        "shapes": {"S\u00e9": {"type": "string"}, "T": {"type": "list", "member": {"shape": "T"}}}}"#;

    #[test]
    fn finds_each_part_and_round_trips() {
        let layout = Layout::of(TEXT).unwrap();
        assert_eq!(&TEXT[layout.metadata.clone()], r#"{"apiVersion": "1"}"#);
        assert_eq!(layout.documentation, None);
        assert_eq!(layout.operations[0].0, "Op");
        assert_eq!(&TEXT[layout.operations[0].1.clone()], r#"{"name": "Op"}"#);
        assert_eq!(layout.shapes[0].0, "S\u{e9}");
        assert_eq!(&TEXT[layout.shapes[1].1.clone()], r#"{"type": "list", "member": {"shape": "T"}}"#);
        assert!(layout.fits(TEXT));
        assert!(!layout.fits(&TEXT[..TEXT.len() - 30]));
        let encoded = layout.encode();
        assert_eq!(Layout::decode(&encoded), Some(layout));
        // Truncated or padded encodings are refused, never misread.
        for cut in 0..encoded.len() {
            assert_eq!(Layout::decode(&encoded[..cut]), None, "cut at {cut}");
        }
        assert_eq!(Layout::decode(&[encoded.as_slice(), &[0]].concat()), None);
    }
}
