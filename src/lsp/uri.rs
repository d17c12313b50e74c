//! `file://` URIs to paths and back.
//!
//! Only `file` URIs name something on disk; every other scheme
//! (`untitled:`, a remote file system) is a document without a path, which
//! is checked from its modeline alone. The conversion is written out here
//! (percent-decoding, an empty or `localhost` authority) rather than taken
//! from the `url` crate, whose internationalised-domain support would bring
//! a score of crates for a job of thirty lines.

use std::path::{Path, PathBuf};

use lsp_types::Uri;

/// The path a `file://` URI names; `None` for other schemes, a host other
/// than `localhost`, or a bad escape.
#[must_use]
pub fn to_path(uri: &Uri) -> Option<PathBuf> {
    let text = uri.as_str();
    let rest = text.get(..7).filter(|s| s.eq_ignore_ascii_case("file://")).and(text.get(7..))?;
    let slash = rest.find('/')?;
    let (host, path) = rest.split_at(slash);
    if !host.is_empty() && !host.eq_ignore_ascii_case("localhost") {
        return None;
    }
    // Neither a query nor a fragment is part of a path.
    let path = path.split(['?', '#']).next().unwrap_or("");
    let bytes = decode(path)?;
    bytes_to_path(bytes)
}

/// The `file://` URI of an absolute path.
#[must_use]
pub fn from_path(path: &Path) -> Option<Uri> {
    if !path.is_absolute() {
        return None;
    }
    let mut text = String::from("file://");
    for &b in path_bytes(path).as_ref() {
        if b.is_ascii_alphanumeric() || b"/-._~".contains(&b) {
            text.push(char::from(b));
        } else {
            text.push_str(&format!("%{b:02X}"));
        }
    }
    text.parse().ok()
}

/// Percent-decoding; `None` for a `%` not followed by two hex digits.
fn decode(text: &str) -> Option<Vec<u8>> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        if b == b'%' {
            let hex = text.get(i + 1..i + 3)?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(b);
            i += 1;
        }
    }
    Some(out)
}

#[cfg(unix)]
fn bytes_to_path(bytes: Vec<u8>) -> Option<PathBuf> {
    use std::os::unix::ffi::OsStringExt;
    Some(PathBuf::from(std::ffi::OsString::from_vec(bytes)))
}

#[cfg(not(unix))]
fn bytes_to_path(bytes: Vec<u8>) -> Option<PathBuf> {
    let text = String::from_utf8(bytes).ok()?;
    // `/C:/dir` on Windows.
    let text = match text.strip_prefix('/') {
        Some(rest) if rest.get(1..2) == Some(":") => rest.to_owned(),
        _ => text,
    };
    Some(PathBuf::from(text))
}

#[cfg(unix)]
fn path_bytes(path: &Path) -> std::borrow::Cow<'_, [u8]> {
    use std::os::unix::ffi::OsStrExt;
    std::borrow::Cow::Borrowed(path.as_os_str().as_bytes())
}

#[cfg(not(unix))]
fn path_bytes(path: &Path) -> std::borrow::Cow<'_, [u8]> {
    let text = path.to_string_lossy().replace('\\', "/");
    let text = if text.starts_with('/') { text } else { format!("/{text}") };
    std::borrow::Cow::Owned(text.into_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn uri(text: &str) -> Uri {
        text.parse().unwrap()
    }

    #[test]
    fn file_uris_round_trip() {
        let path = to_path(&uri("file:///work/my%20requests/bob.update-user.yaml")).unwrap();
        assert_eq!(path, Path::new("/work/my requests/bob.update-user.yaml"));
        assert_eq!(from_path(&path).unwrap().as_str(), "file:///work/my%20requests/bob.update-user.yaml");
        assert_eq!(to_path(&uri("file://localhost/a/b.json")).unwrap(), Path::new("/a/b.json"));
        assert_eq!(to_path(&uri("file:///%C3%A9.json")).unwrap(), Path::new("/é.json"));
    }

    #[test]
    fn other_uris_have_no_path() {
        assert_eq!(to_path(&uri("untitled:Untitled-1")), None);
        assert_eq!(to_path(&uri("file://server/share/a.json")), None);
        assert_eq!(from_path(Path::new("relative.json")), None);
    }
}
