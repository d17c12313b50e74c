//! Reading files that may be hostile: only regular files, never more than a
//! stated number of bytes.
//!
//! A path handed to the tool — a document, `--model`, `--config`, a
//! `file://` value — may name `/dev/zero` (an endless read), a FIFO (a read
//! that blocks until someone writes), or a multi-gigabyte file. Every read of
//! a named file goes through [`read_regular`], which refuses what is not a
//! regular file before opening it and reads at most `max + 1` bytes, so the
//! caller can say "larger than the limit" without holding the rest.
//! Standard input (a pipe, legitimately) goes through [`read_capped`].

use std::fs::File;
use std::io::{self, Read};
use std::path::Path;

/// The largest `--model` file read (botocore's largest model, ec2, is
/// under 6 MB uncompressed).
pub const MAX_MODEL_BYTES: u64 = 64 * 1024 * 1024;
/// The largest configuration file read.
pub const MAX_CONFIG_BYTES: u64 = 1024 * 1024;
/// The largest `file://` or `fileb://` value read (the AWS CLI has no
/// limit; no API request body comes near this).
pub const MAX_PARAMETER_FILE_BYTES: u64 = 64 * 1024 * 1024;

/// Reads the regular file at `path`, refusing anything else (a directory,
/// FIFO, socket or device) and any file longer than `max` bytes. Symbolic
/// links are followed.
///
/// # Errors
///
/// The error of `stat`, `open` or `read`; [`io::ErrorKind::InvalidInput`]
/// for a file that is not regular; [`io::ErrorKind::FileTooLarge`] for one
/// longer than `max`.
pub fn read_regular(path: &Path, max: u64) -> io::Result<Vec<u8>> {
    let (file, len) = open_regular(path)?;
    if len > max {
        return Err(too_large(max));
    }
    read_capped(file, max, len)
}

/// Opens the regular file at `path` (refusing anything else, as
/// [`read_regular`] does) and returns it with its length, for callers that
/// read it their own way.
///
/// # Errors
///
/// As [`read_regular`], without the size check.
pub fn open_regular(path: &Path) -> io::Result<(File, u64)> {
    // Checked before opening: opening a FIFO for reading blocks until a
    // writer comes.
    let meta = std::fs::metadata(path)?;
    ensure_regular(&meta)?;
    let file = File::open(path)?;
    // And again on what was opened, in case the path changed in between.
    let meta = file.metadata()?;
    ensure_regular(&meta)?;
    Ok((file, meta.len()))
}

/// [`open_regular`] for a path a directory listing just said is a regular
/// file: that saves the `stat` before opening (one system call a file, a
/// tenth of a batch's kernel time). The opened file is still checked, and
/// on Unix it is opened non-blocking and without becoming a controlling
/// terminal, so a FIFO or device swapped in since the listing neither
/// blocks nor is read.
///
/// # Errors
///
/// As [`open_regular`].
pub fn open_listed_regular(path: &Path) -> io::Result<(File, u64)> {
    let mut options = std::fs::OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt as _;
        options.custom_flags(libc::O_NONBLOCK | libc::O_NOCTTY);
    }
    let file = options.open(path)?;
    let meta = file.metadata()?;
    ensure_regular(&meta)?;
    Ok((file, meta.len()))
}

/// Reads at most `max` bytes from `reader`; more is an error.
/// `size_hint` sizes the buffer (a regular file's length, or 0).
///
/// # Errors
///
/// The reader's error; [`io::ErrorKind::FileTooLarge`] past `max`.
pub fn read_capped(reader: impl Read, max: u64, size_hint: u64) -> io::Result<Vec<u8>> {
    let bytes = read_at_most(reader, max.saturating_add(1), size_hint)?;
    if bytes.len() as u64 > max {
        return Err(too_large(max));
    }
    Ok(bytes)
}

/// Reads at most `limit` bytes from `reader` and stops there, without
/// calling that an error: for a reader that judges the size itself (the
/// document parsers report a too-large document as a finding).
/// `size_hint` sizes the buffer, so that a small file takes one `read` and
/// one more to see its end.
///
/// # Errors
///
/// The reader's error.
pub fn read_at_most(reader: impl Read, limit: u64, size_hint: u64) -> io::Result<Vec<u8>> {
    let capacity = usize::try_from(size_hint.min(limit).saturating_add(1)).unwrap_or(0);
    let mut bytes = Vec::with_capacity(capacity);
    reader.take(limit).read_to_end(&mut bytes)?;
    Ok(bytes)
}

fn ensure_regular(meta: &std::fs::Metadata) -> io::Result<()> {
    let kind = meta.file_type();
    if kind.is_file() {
        return Ok(());
    }
    let what = if kind.is_dir() { "a directory" } else { "not a regular file (a device, FIFO or socket)" };
    Err(io::Error::new(io::ErrorKind::InvalidInput, what))
}

fn too_large(max: u64) -> io::Error {
    io::Error::new(io::ErrorKind::FileTooLarge, format!("larger than the limit of {max} bytes"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refuses_devices_and_directories() {
        let e = read_regular(Path::new("/dev/zero"), 10).err().map(|e| e.kind());
        assert_eq!(e, Some(io::ErrorKind::InvalidInput));
        let e = read_regular(Path::new("/"), 10).err().map(|e| e.kind());
        assert_eq!(e, Some(io::ErrorKind::InvalidInput));
    }

    #[test]
    fn caps_what_it_reads() {
        assert_eq!(read_capped(&b"abc"[..], 3, 0).ok(), Some(b"abc".to_vec()));
        let e = read_capped(io::repeat(0), 1000, 0).err().map(|e| e.kind());
        assert_eq!(e, Some(io::ErrorKind::FileTooLarge));
        let e = read_regular(Path::new("Cargo.toml"), 10).err().map(|e| e.kind());
        assert_eq!(e, Some(io::ErrorKind::FileTooLarge));
        assert!(read_regular(Path::new("Cargo.toml"), 1 << 20).is_ok());
    }
}
