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
    // build.rs checks its layouts; the crate reads an embedded model's in
    // place, and reading a definition checks that one range (`lazy.rs`).
    #[cfg_attr(not(test), allow(dead_code))]
    pub(crate) fn fits(&self, text: &str) -> bool {
        head_fits(text, &self.metadata, self.documentation.as_ref())
            && self.operations.iter().chain(&self.shapes).all(|(_, r)| object_at(text, r))
    }

    /// A compact encoding with the name indexes a loaded model needs,
    /// sorted, so that an embedded model is looked up in place: loading one
    /// builds no hash table and normalises no name (see [`Encoded`]).
    ///
    /// Little-endian `u32` words, then the names as one UTF-8 text:
    ///
    /// * `metadata` and `documentation` (`0..0` for none) as two words each;
    /// * the number of operations, of shapes, of operation names, and the
    ///   length of the text of names;
    /// * each operation, then each shape: its name (start and length in the
    ///   text of names) and its definition's range (two words each);
    /// * the shapes in the order of their names (shape indexes);
    /// * the operation names, sorted: a name (two words) and an operation
    ///   index. Each operation's key and its [`normalize`]d form are there,
    ///   the first operation keeping a name two of them share: what a hash
    ///   map filled key, form, key, form, ... in file order with
    ///   `or_insert` would answer.
    // build.rs and the tests encode; the crate only decodes.
    #[cfg_attr(not(test), allow(dead_code))]
    pub(crate) fn encode(&self) -> Vec<u8> {
        let mut names = String::new();
        let mut words: Vec<usize> = Vec::new();
        let name = |names: &mut String, text: &str| {
            let start = names.len();
            names.push_str(text);
            [start, text.len()]
        };
        let documentation = self.documentation.clone().unwrap_or(0..0);
        words.extend([self.metadata.start, self.metadata.end, documentation.start, documentation.end]);
        let mut lookups: std::collections::BTreeMap<String, usize> = std::collections::BTreeMap::new();
        for (i, (key, _)) in self.operations.iter().enumerate() {
            lookups.entry(key.to_string()).or_insert(i);
            lookups.entry(normalize(key)).or_insert(i);
        }
        words.extend([self.operations.len(), self.shapes.len(), lookups.len(), 0]);
        let mut key_places = Vec::with_capacity(self.operations.len());
        for (i, (key, range)) in self.operations.iter().chain(&self.shapes).enumerate() {
            let place = name(&mut names, key);
            if i < self.operations.len() {
                key_places.push(place);
            }
            words.extend(place);
            words.extend([range.start, range.end]);
        }
        let mut order: Vec<usize> = (0..self.shapes.len()).collect();
        order.sort_by(|&a, &b| self.shapes[a].0.cmp(&self.shapes[b].0));
        words.extend(order);
        for (text, i) in &lookups {
            // A key is in the text already; a normalised form is added.
            let place = match (self.operations.get(*i), key_places.get(*i)) {
                (Some((key, _)), Some(&place)) if key == text => place,
                _ => name(&mut names, text),
            };
            words.extend(place);
            words.push(*i);
        }
        words[7] = names.len();
        let mut out = Vec::with_capacity(words.len() * 4 + names.len());
        for word in words {
            out.extend_from_slice(&u32::try_from(word).unwrap_or(u32::MAX).to_le_bytes());
        }
        out.extend_from_slice(names.as_bytes());
        out
    }

    /// Reads what [`Layout::encode`] wrote; `None` if its sizes do not add
    /// up or a record or table position does not read. Whether the sorted
    /// tables are in order and complete is not checked here: `build.rs`
    /// checks that every name is found before it embeds an encoding.
    // build.rs and the tests decode; the crate reads in place ([`Encoded`]).
    #[cfg_attr(not(test), allow(dead_code))]
    pub(crate) fn decode(bytes: &'a [u8]) -> Option<Layout<'a>> {
        let encoded = Encoded::parse(bytes)?;
        let operations = (0..encoded.operations).map(|i| encoded.operation(i)).collect::<Option<Vec<_>>>()?;
        let shapes = (0..encoded.shapes).map(|i| encoded.shape(i)).collect::<Option<Vec<_>>>()?;
        // Each position of the sorted tables must read.
        let indexes_fit = (0..encoded.shapes).all(|k| encoded.shape_by_order(k).is_some())
            && (0..encoded.lookups).all(|k| encoded.lookup(k).is_some());
        let entry = |(name, range): (&'a str, Range<usize>)| (Cow::Borrowed(name), range);
        indexes_fit.then(|| Layout {
            metadata: encoded.metadata.clone(),
            documentation: encoded.documentation.clone(),
            operations: operations.into_iter().map(entry).collect(),
            shapes: shapes.into_iter().map(entry).collect(),
        })
    }
}

/// Whether `range` of `text` lies on character boundaries and starts an
/// object.
fn object_at(text: &str, range: &Range<usize>) -> bool {
    text.get(range.clone()).is_some_and(|part| part.starts_with('{'))
}

/// Whether a model's `metadata` starts an object in `text` and its
/// `documentation`, if any, lies in it: what loading an embedded model
/// checks before it trusts the rest of its layout.
pub(crate) fn head_fits(text: &str, metadata: &Range<usize>, documentation: Option<&Range<usize>>) -> bool {
    object_at(text, metadata) && documentation.is_none_or(|r| text.get(r.clone()).is_some())
}

/// A name without case, `-` or `_`: `update-user`, `UpdateUser` and
/// `update_user` all become `updateuser`. Operations are found by any
/// spelling that normalises like their key.
pub(crate) fn normalize(name: &str) -> String {
    // Names are ASCII in every model seen; a batch normalises each file's
    // operation name, and the `char` path cost thousands of instructions.
    if name.is_ascii() {
        let mut bytes = name.as_bytes().to_vec();
        bytes.retain(|b| !matches!(b, b'-' | b'_'));
        bytes.make_ascii_lowercase();
        // ASCII stays ASCII: this cannot fail.
        if let Ok(out) = String::from_utf8(bytes) {
            return out;
        }
    }
    name.chars().filter(|c| *c != '-' && *c != '_').flat_map(char::to_lowercase).collect()
}

/// The words before the records of an encoding: the header.
const HEADER_WORDS: usize = 8;

/// An encoded [`Layout`], read in place: an entry, or a name looked up, is
/// a few words read from the encoding, so an embedded model is loaded
/// without decoding its layout or building a name index.
#[derive(Debug, Clone)]
pub(crate) struct Encoded<'a> {
    /// The words after the header.
    words: &'a [u8],
    /// The names the words point into.
    names: &'a str,
    /// `metadata`.
    pub(crate) metadata: Range<usize>,
    /// The service's `documentation`, if any.
    pub(crate) documentation: Option<Range<usize>>,
    /// The number of operations.
    pub(crate) operations: usize,
    /// The number of shapes.
    pub(crate) shapes: usize,
    /// The number of operation names.
    lookups: usize,
}

impl<'a> Encoded<'a> {
    /// Checks the header and the sizes of `bytes` (each record is checked
    /// when read); `None` if they do not add up.
    pub(crate) fn parse(bytes: &'a [u8]) -> Option<Encoded<'a>> {
        let word = |i: usize| -> Option<usize> {
            let bytes: [u8; 4] = bytes.get(i * 4..i * 4 + 4)?.try_into().ok()?;
            usize::try_from(u32::from_le_bytes(bytes)).ok()
        };
        let [
            metadata_start,
            metadata_end,
            documentation_start,
            documentation_end,
            operations,
            shapes,
            lookups,
            names_len,
        ] = [0, 1, 2, 3, 4, 5, 6, 7].map(word);
        let (operations, shapes, lookups, names_len) = (operations?, shapes?, lookups?, names_len?);
        let count = operations
            .checked_add(shapes)?
            .checked_mul(4)?
            .checked_add(shapes)?
            .checked_add(lookups.checked_mul(3)?)?;
        let (head, names) = bytes.split_at_checked(HEADER_WORDS.checked_add(count)?.checked_mul(4)?)?;
        if names.len() != names_len {
            return None;
        }
        let documentation = documentation_start?..documentation_end?;
        Some(Encoded {
            words: head.get(HEADER_WORDS * 4..)?,
            names: std::str::from_utf8(names).ok()?,
            metadata: metadata_start?..metadata_end?,
            documentation: Some(documentation).filter(|r| !r.is_empty()),
            operations,
            shapes,
            lookups,
        })
    }

    /// The word at `i` after the header.
    fn word(&self, i: usize) -> Option<usize> {
        let bytes: [u8; 4] =
            self.words.get(i.checked_mul(4)?..i.checked_mul(4)?.checked_add(4)?)?.try_into().ok()?;
        usize::try_from(u32::from_le_bytes(bytes)).ok()
    }

    /// The name whose place starts at word `i`.
    fn name(&self, i: usize) -> Option<&'a str> {
        let start = self.word(i)?;
        self.names.get(start..start.checked_add(self.word(i + 1)?)?)
    }

    /// The record of entry `i` of operations-then-shapes.
    fn entry(&self, i: usize) -> Option<(&'a str, Range<usize>)> {
        let at = i.checked_mul(4)?;
        Some((self.name(at)?, self.word(at + 2)?..self.word(at + 3)?))
    }

    /// Operation `i` in file order: its key and definition.
    pub(crate) fn operation(&self, i: usize) -> Option<(&'a str, Range<usize>)> {
        if i < self.operations { self.entry(i) } else { None }
    }

    /// Shape `i` in file order: its name and definition.
    pub(crate) fn shape(&self, i: usize) -> Option<(&'a str, Range<usize>)> {
        if i < self.shapes { self.entry(self.operations.checked_add(i)?) } else { None }
    }

    /// The `k`th shape in the order of names: its index and name.
    fn shape_by_order(&self, k: usize) -> Option<(usize, &'a str)> {
        let i = self.word(self.operations.checked_add(self.shapes)?.checked_mul(4)?.checked_add(k)?)?;
        Some((i, self.shape(i)?.0))
    }

    /// The `k`th operation name, sorted: the name and its operation.
    fn lookup(&self, k: usize) -> Option<(&'a str, usize)> {
        let at = (self.operations + self.shapes)
            .checked_mul(4)?
            .checked_add(self.shapes)?
            .checked_add(k.checked_mul(3)?)?;
        let i = self.word(at.checked_add(2)?)?;
        (i < self.operations).then_some((self.name(at)?, i))
    }

    /// The index of the shape called `name`.
    pub(crate) fn find_shape(&self, name: &str) -> Option<usize> {
        find_sorted(self.shapes, name, |k| self.shape_by_order(k).map(|(i, found)| (found, i)))
    }

    /// The operation `name` is the key or the normalised key of (the
    /// first such operation in file order).
    pub(crate) fn find_operation(&self, name: &str) -> Option<usize> {
        find_sorted(self.lookups, name, |k| self.lookup(k))
    }
}

/// Binary search of `len` sorted entries, `at(k)` giving entry `k`'s name
/// and value; `None` when `name` is not there or an entry does not read.
fn find_sorted<'a>(len: usize, name: &str, at: impl Fn(usize) -> Option<(&'a str, usize)>) -> Option<usize> {
    let (mut low, mut high) = (0, len);
    while low < high {
        let middle = low + (high - low) / 2;
        let (found, value) = at(middle)?;
        match found.cmp(name) {
            std::cmp::Ordering::Less => low = middle + 1,
            std::cmp::Ordering::Greater => high = middle,
            std::cmp::Ordering::Equal => return Some(value),
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    const TEXT: &str = r#"{"metadata": {"apiVersion": "1"}, "operations": {"Op": {"name": "Op"}},
        "shapes": {"S\u00e9": {"type": "string"}, "T": {"type": "list", "member": {"shape": "T"}}}}"#;

    /// The sorted operation table answers as a hash map filled in file
    /// order with each key and then its normalised form (`or_insert`), the
    /// name asked for tried first and then its normalised form — for keys
    /// that collide every way: alike once normalised, a key equal to
    /// another's normalised form, a key given twice, empty and non-ASCII
    /// keys. The embedded models have no such collisions to test this.
    #[test]
    fn colliding_operation_names_are_found_as_a_hash_map_finds_them() {
        let keys = [
            "updateuser",
            "UpdateUser",
            "update-user",
            "Update_User",
            "Foo",
            "foo",
            "",
            "-",
            "_",
            "\u{c9}",
            "\u{e9}",
            "\u{df}",
            "SS",
            "ss",
            "Dup",
            "Dup",
            "\u{212a}",
            "k",
            "\u{1c4}",
            "\u{1c6}",
            "a-b",
            "ab",
        ];
        let layout = Layout {
            metadata: 0..0,
            documentation: None,
            operations: keys.iter().map(|k| (Cow::Borrowed(*k), 0..0)).collect(),
            shapes: ["T", "S", "\u{e9}", ""].iter().map(|k| (Cow::Borrowed(*k), 0..0)).collect(),
        };
        let mut map = std::collections::HashMap::new();
        for (i, key) in keys.iter().enumerate() {
            map.entry(key.to_string()).or_insert(i);
            map.entry(normalize(key)).or_insert(i);
        }
        let encoded_bytes = layout.encode();
        let encoded = Encoded::parse(&encoded_bytes).unwrap();
        let mut probes: Vec<String> = vec!["zz".into(), "update--user".into(), "\0".into()];
        for key in keys {
            probes.extend([key.into(), normalize(key), key.to_uppercase(), key.to_lowercase()]);
            probes.extend([format!("-{key}"), format!("{key}_"), format!("{key}x")]);
        }
        for probe in &probes {
            let expected = map.get(probe.as_str()).or_else(|| map.get(&normalize(probe))).copied();
            let found = encoded.find_operation(probe).or_else(|| encoded.find_operation(&normalize(probe)));
            assert_eq!(found, expected, "{probe:?}");
        }
        for (i, (name, _)) in layout.shapes.iter().enumerate() {
            assert_eq!(encoded.find_shape(name), Some(i), "{name:?}");
        }
        assert_eq!(encoded.find_shape("t"), None);
    }

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
