//! Writing a fixed file back without ever leaving it half written.
//!
//! `--fix` rewrites files the user cares about, possibly while an editor
//! or another tool also has them open. So the new contents go to a
//! temporary file beside the original, are flushed to disk, and replace the
//! original by one `rename`: a crash or a full disk leaves either the old
//! file or the new one, never a mixture. And the file is read again first:
//! if its bytes are no longer the ones the fixes were computed on, nothing
//! is written (the fixes would land at the wrong offsets).
//!
//! What is refused rather than guessed, the original left as it was:
//!
//! - a symbolic link: replacing the link by a file would silently cut it
//!   from its target, and writing through it would change a file outside
//!   the paths given. The user can fix the target by its own name.
//! - anything but a regular file (a directory, FIFO, device, socket).
//! - a file with several hard links (Unix): the rename would leave the
//!   other names on the old contents.
//! - a read-only file (no write permission bit at all): the rename would
//!   bypass the protection, which an editor would not.
//! - a file whose owner or group the new file cannot be given (Unix; for
//!   instance another user's file in a shared folder).
//!
//! The new file gets the original's permission bits, owner and group.
//! Other metadata (extended attributes, ACLs, the creation time) is not
//! copied. The check that the file did not change is repeated just before
//! the rename (identity, size and modification time), which narrows but
//! cannot close the window in which another writer could slip in: no
//! portable file system call compares and replaces in one step.

use std::fs::{self, File, OpenOptions};
use std::io::{self, Read, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

/// Why a file was not written. The original is untouched in every case.
#[derive(Debug, thiserror::Error)]
pub enum WriteError {
    /// The file could not be inspected or read.
    #[error("cannot read {path}: {source}")]
    Read {
        /// The file.
        path: PathBuf,
        /// Why.
        source: io::Error,
    },
    /// The path is a symbolic link.
    #[error("{path} is a symbolic link; it is not replaced (fix the file it points to by its own name)")]
    Symlink {
        /// The link.
        path: PathBuf,
    },
    /// The path is a directory, FIFO, device or socket.
    #[error("{path} is not a regular file")]
    NotRegular {
        /// The path.
        path: PathBuf,
    },
    /// The file has other names, which replacing it would leave behind.
    #[error("{path} has {links} hard links; replacing it would separate them, so it is not written")]
    HardLinked {
        /// The file.
        path: PathBuf,
        /// How many names it has.
        links: u64,
    },
    /// The file has no write permission.
    #[error("{path} is read-only")]
    ReadOnly {
        /// The file.
        path: PathBuf,
    },
    /// The file's contents are not those the fixes were computed on.
    #[error("{path} changed since it was read; it is not written (check it again)")]
    Changed {
        /// The file.
        path: PathBuf,
    },
    /// No temporary file could be created beside the original (a
    /// read-only folder, a full disk).
    #[error(
        "cannot create a temporary file in {dir} to replace {path} with (the folder must be writable): {source}"
    )]
    CreateTemp {
        /// The folder.
        dir: PathBuf,
        /// The file to be replaced.
        path: PathBuf,
        /// Why.
        source: io::Error,
    },
    /// The new contents could not be written or flushed to the temporary
    /// file, or its permissions set.
    #[error("cannot write the new contents of {path} to {temp}: {source}")]
    Write {
        /// The file to be replaced.
        path: PathBuf,
        /// The temporary file (removed).
        temp: PathBuf,
        /// Why.
        source: io::Error,
    },
    /// The temporary file could not be given the original's owner and
    /// group.
    #[error("cannot give the new contents of {path} the file's owner and group: {source}")]
    Ownership {
        /// The file.
        path: PathBuf,
        /// Why.
        source: io::Error,
    },
    /// The temporary file could not be renamed over the original.
    #[error("cannot rename {temp} over {path}: {source}")]
    Rename {
        /// The file to be replaced.
        path: PathBuf,
        /// The temporary file (removed).
        temp: PathBuf,
        /// Why.
        source: io::Error,
    },
}

/// Writes `new` over the regular file `path` atomically, if the file still
/// holds exactly `expected_old`.
///
/// A temporary file is created exclusively in the same folder (a rename
/// is atomic only within one file system), given the original's
/// permissions, owner and group, written, flushed with `fsync`, and
/// renamed over the original; the folder is then flushed too, best effort
/// (the new contents are in place whether or not that succeeds). See the
/// module documentation for what is refused and why.
///
/// # Errors
///
/// A [`WriteError`] saying what was refused or failed. On every error the
/// original is untouched and the temporary file removed.
pub fn write_atomically(path: &Path, expected_old: &[u8], new: &[u8]) -> Result<(), WriteError> {
    let read_error = |source| WriteError::Read { path: path.to_path_buf(), source };
    let meta = fs::symlink_metadata(path).map_err(read_error)?;
    check_kind(path, &meta)?;

    // Opened only once it is known to be a regular file (opening a FIFO
    // blocks); then the opened file must be the one inspected.
    let mut file = File::open(path).map_err(read_error)?;
    let opened = file.metadata().map_err(read_error)?;
    if !same_file(&meta, &opened) {
        return Err(WriteError::Changed { path: path.to_path_buf() });
    }
    check_kind(path, &opened)?;
    let mut current = Vec::with_capacity(expected_old.len().saturating_add(1));
    let limit = u64::try_from(expected_old.len()).unwrap_or(u64::MAX).saturating_add(1);
    (&mut file).take(limit).read_to_end(&mut current).map_err(read_error)?;
    drop(file);
    if current != expected_old {
        return Err(WriteError::Changed { path: path.to_path_buf() });
    }

    let dir = match path.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let Some(name) = path.file_name() else {
        return Err(WriteError::NotRegular { path: path.to_path_buf() });
    };
    let (temp_file, temp) = create_temp(&dir, &name.to_string_lossy())
        .map_err(|source| WriteError::CreateTemp { dir: dir.clone(), path: path.to_path_buf(), source })?;
    let mut guard = TempGuard { path: Some(temp.clone()) };
    let write_error = |source| WriteError::Write { path: path.to_path_buf(), temp: temp.clone(), source };

    // Owner first: changing it may clear the set-user-ID and set-group-ID
    // bits, which the permissions then put back.
    copy_owner(&temp_file, &opened)
        .map_err(|source| WriteError::Ownership { path: path.to_path_buf(), source })?;
    temp_file.set_permissions(opened.permissions()).map_err(write_error)?;
    let mut writer = &temp_file;
    writer.write_all(new).map_err(write_error)?;
    temp_file.sync_all().map_err(write_error)?;
    drop(temp_file);

    // The last look before the rename: the same file, not written since.
    let again = fs::symlink_metadata(path).map_err(read_error)?;
    if !same_file(&opened, &again)
        || again.len() != opened.len()
        || again.modified().ok() != opened.modified().ok()
    {
        return Err(WriteError::Changed { path: path.to_path_buf() });
    }
    fs::rename(&temp, path).map_err(|source| WriteError::Rename {
        path: path.to_path_buf(),
        temp: temp.clone(),
        source,
    })?;
    guard.path = None;
    sync_dir(&dir);
    Ok(())
}

/// Refuses what `write_atomically` does not replace, from its metadata
/// (taken without following a link).
fn check_kind(path: &Path, meta: &fs::Metadata) -> Result<(), WriteError> {
    let path = path.to_path_buf();
    let kind = meta.file_type();
    if kind.is_symlink() {
        return Err(WriteError::Symlink { path });
    }
    if !kind.is_file() {
        return Err(WriteError::NotRegular { path });
    }
    let links = link_count(meta);
    if links > 1 {
        return Err(WriteError::HardLinked { path, links });
    }
    if meta.permissions().readonly() {
        return Err(WriteError::ReadOnly { path });
    }
    Ok(())
}

/// Removes the temporary file when dropped, unless it was renamed: every
/// early return cleans up.
struct TempGuard {
    path: Option<PathBuf>,
}

impl Drop for TempGuard {
    fn drop(&mut self) {
        if let Some(path) = self.path.take() {
            let _ = fs::remove_file(path);
        }
    }
}

/// Distinguishes the temporary files of one process.
static COUNTER: AtomicU64 = AtomicU64::new(0);

/// The longest part of the original's name kept in the temporary name, in
/// bytes: names are limited (255 bytes on most file systems), and the
/// temporary name adds to it.
const NAME_PART: usize = 100;

/// Creates a new file in `dir` exclusively (never opening an existing one,
/// nor following a link planted under the chosen name), named after
/// `name` so that a leftover (after a crash) says where it came from:
/// `.NAME.chime-shape-PID-N.tmp`, hidden on Unix.
fn create_temp(dir: &Path, name: &str) -> io::Result<(File, PathBuf)> {
    let mut cut = name.len().min(NAME_PART);
    while !name.is_char_boundary(cut) {
        cut -= 1;
    }
    let stem = name.get(..cut).unwrap_or_default();
    let mut last_error = None;
    for _ in 0..64 {
        let n = COUNTER.fetch_add(1, Ordering::Relaxed);
        let temp = dir.join(format!(".{stem}.chime-shape-{}-{n}.tmp", std::process::id()));
        let mut options = OpenOptions::new();
        options.write(true).create_new(true);
        #[cfg(unix)]
        std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
        match options.open(&temp) {
            Ok(file) => return Ok((file, temp)),
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists => last_error = Some(e),
            Err(e) => return Err(e),
        }
    }
    Err(last_error.unwrap_or_else(|| io::Error::from(io::ErrorKind::AlreadyExists)))
}

#[cfg(unix)]
fn same_file(a: &fs::Metadata, b: &fs::Metadata) -> bool {
    use std::os::unix::fs::MetadataExt;
    a.dev() == b.dev() && a.ino() == b.ino()
}

#[cfg(not(unix))]
fn same_file(a: &fs::Metadata, b: &fs::Metadata) -> bool {
    a.file_type() == b.file_type() && a.created().ok() == b.created().ok()
}

#[cfg(unix)]
fn link_count(meta: &fs::Metadata) -> u64 {
    std::os::unix::fs::MetadataExt::nlink(meta)
}

#[cfg(not(unix))]
fn link_count(_: &fs::Metadata) -> u64 {
    1
}

/// Gives `temp` the owner and group of `original` where they differ (a
/// new file belongs to whoever runs the tool).
#[cfg(unix)]
fn copy_owner(temp: &File, original: &fs::Metadata) -> io::Result<()> {
    use std::os::unix::fs::MetadataExt;
    let mine = temp.metadata()?;
    let uid = (mine.uid() != original.uid()).then(|| original.uid());
    let gid = (mine.gid() != original.gid()).then(|| original.gid());
    if uid.is_none() && gid.is_none() {
        return Ok(());
    }
    std::os::unix::fs::fchown(temp, uid, gid)
}

#[cfg(not(unix))]
fn copy_owner(_: &File, _: &fs::Metadata) -> io::Result<()> {
    Ok(())
}

/// Flushes the folder's entry list, so that the rename survives a crash.
/// Best effort: the rename is done either way.
fn sync_dir(dir: &Path) {
    #[cfg(unix)]
    if let Ok(d) = File::open(dir) {
        let _ = d.sync_all();
    }
    #[cfg(not(unix))]
    let _ = dir;
}
