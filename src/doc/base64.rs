//! Standard base64 (RFC 4648 alphabet, `=` padding), small enough to own.
//!
//! Decoding serves YAML `!!binary`, and mirrors Python's
//! `base64.decodebytes` that ruamel.yaml uses: characters outside the alphabet
//! (line breaks, spaces, stray symbols) are skipped, and a wrong amount of
//! padding is an error. Encoding serves [`crate::doc::tree::Document::to_json`].

const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

/// Encodes `bytes` as padded standard base64.
#[must_use]
pub fn encode(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len().div_ceil(3).saturating_mul(4));
    for chunk in bytes.chunks(3) {
        let b0 = chunk.first().copied().unwrap_or(0);
        let b1 = chunk.get(1).copied().unwrap_or(0);
        let b2 = chunk.get(2).copied().unwrap_or(0);
        let n = (u32::from(b0) << 16) | (u32::from(b1) << 8) | u32::from(b2);
        let sextet =
            |shift: u32| char::from(ALPHABET.get(((n >> shift) & 63) as usize).copied().unwrap_or(b'A'));
        out.push(sextet(18));
        out.push(sextet(12));
        out.push(if chunk.len() > 1 { sextet(6) } else { '=' });
        out.push(if chunk.len() > 2 { sextet(0) } else { '=' });
    }
    out
}

/// Value of one base64 alphabet character.
const fn sextet_value(c: u8) -> Option<u8> {
    match c {
        b'A'..=b'Z' => Some(c - b'A'),
        b'a'..=b'z' => Some(c - b'a' + 26),
        b'0'..=b'9' => Some(c - b'0' + 52),
        b'+' => Some(62),
        b'/' => Some(63),
        _ => None,
    }
}

/// Decodes base64 text the way Python's `base64.decodebytes` does: bytes
/// outside the alphabet are skipped, decoding stops once a padded final
/// quantum is complete, and a padding `=` that does not complete one is
/// ignored.
///
/// # Errors
///
/// A message when the text has non-ASCII characters or ends with an
/// incomplete, unpadded quantum.
pub fn decode(text: &str) -> Result<Vec<u8>, String> {
    if !text.is_ascii() {
        return Err("base64 data must be ASCII".to_owned());
    }
    let mut out = Vec::with_capacity(text.len() / 4 * 3);
    let mut acc: u32 = 0;
    let mut count: u32 = 0;
    let mut padding: u32 = 0;
    for &c in text.as_bytes() {
        if c == b'=' {
            match count {
                2 => {
                    padding += 1;
                    if padding >= 2 {
                        let [_, _, _, b0] = (acc >> 4).to_be_bytes();
                        out.push(b0);
                        return Ok(out);
                    }
                }
                3 => {
                    let [_, _, b0, b1] = (acc >> 2).to_be_bytes();
                    out.extend_from_slice(&[b0, b1]);
                    return Ok(out);
                }
                _ => {}
            }
            continue;
        }
        let Some(v) = sextet_value(c) else { continue };
        padding = 0;
        acc = (acc << 6) | u32::from(v);
        count += 1;
        if count == 4 {
            let [_, b0, b1, b2] = acc.to_be_bytes();
            out.extend_from_slice(&[b0, b1, b2]);
            acc = 0;
            count = 0;
        }
    }
    match count {
        0 => Ok(out),
        1 => Err("invalid base64: the number of data characters is 1 more than a multiple of 4".to_owned()),
        _ => Err("invalid base64: incorrect padding".to_owned()),
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing)] // tests may fail loudly
mod tests {
    use super::*;

    #[test]
    fn round_trips() {
        for data in [&b""[..], b"h", b"he", b"hel", b"hello", &[0, 255, 128, 7]] {
            assert_eq!(decode(&encode(data)).unwrap(), data);
        }
        assert_eq!(encode(b"hello"), "aGVsbG8=");
    }

    #[test]
    fn like_python_decodebytes() {
        assert_eq!(decode("aGVs\n  bG8=\n").unwrap(), b"hello");
        assert_eq!(decode("aGV$sbG8=").unwrap(), b"hello");
        assert!(decode("aGVsbG8").is_err());
        assert!(decode("YQ").is_err());
        assert_eq!(decode("YQ==").unwrap(), b"a");
        assert!(decode("Y").is_err());
        assert_eq!(decode("YQ==YQ==").unwrap(), b"a");
        assert_eq!(decode("YQ===").unwrap(), b"a");
        assert_eq!(decode("=YQ==").unwrap(), b"a");
        assert_eq!(decode("YWJj=").unwrap(), b"abc");
        assert!(decode("YQ=Q").is_err());
        assert_eq!(decode("YQ=QQ").unwrap(), b"a\x04\x10");
        assert!(decode("Y===").is_err());
        assert!(decode("é").is_err());
        assert_eq!(decode("").unwrap(), b"");
    }
}
