//! `write_atomically` on the file system: what it keeps, what it refuses,
//! and that it never leaves a temporary file behind.

use std::fs;
use std::os::unix::fs::PermissionsExt;
use std::path::Path;
use std::process::Command;

use super::TempDir;
use crate::fix::{WriteError, write_atomically};

fn mode(path: &Path) -> u32 {
    fs::metadata(path).unwrap().permissions().mode() & 0o7777
}

#[test]
fn fix_write_replaces_contents_and_keeps_permissions() {
    let dir = TempDir::new("write-mode");
    let file = dir.path().join("req.yaml");
    for (mode_bits, new) in [(0o640, "b: 2\n"), (0o755, "c: 3"), (0o600, "")] {
        let old = fs::read(&file).unwrap_or_default();
        fs::write(&file, &old).unwrap();
        fs::set_permissions(&file, fs::Permissions::from_mode(mode_bits)).unwrap();
        write_atomically(&file, &old, new.as_bytes()).unwrap();
        assert_eq!(fs::read_to_string(&file).unwrap(), new);
        assert_eq!(mode(&file), mode_bits);
        assert_eq!(dir.names(), ["req.yaml"], "a temporary file was left behind");
    }
}

#[test]
fn fix_write_refuses_a_file_that_changed() {
    let dir = TempDir::new("write-changed");
    let file = dir.path().join("req.json");
    fs::write(&file, "{\"A\": 2}\n").unwrap();
    for expected in [&b"{\"A\": 1}\n"[..], b"{\"A\": 2}", b"{\"A\": 2}\n\n", b""] {
        let e = write_atomically(&file, expected, b"{}\n").unwrap_err();
        assert!(matches!(e, WriteError::Changed { .. }), "{e}");
        assert!(e.to_string().contains("changed since it was read"), "{e}");
    }
    assert_eq!(fs::read_to_string(&file).unwrap(), "{\"A\": 2}\n");
    assert_eq!(dir.names(), ["req.json"]);
}

#[test]
fn fix_write_refuses_what_is_not_a_plain_regular_file() {
    let dir = TempDir::new("write-kinds");
    // A directory.
    let sub = dir.path().join("sub");
    fs::create_dir(&sub).unwrap();
    assert!(matches!(write_atomically(&sub, b"", b"x"), Err(WriteError::NotRegular { .. })));
    // A FIFO: refused without being opened (an open would block).
    let fifo = dir.path().join("fifo");
    let made = Command::new("mkfifo").arg(&fifo).status().expect("mkfifo must be installed");
    assert!(made.success());
    assert!(matches!(write_atomically(&fifo, b"", b"x"), Err(WriteError::NotRegular { .. })));
    // A symbolic link, to a regular file: refused, the target untouched.
    let target = dir.path().join("target");
    fs::write(&target, "old").unwrap();
    let link = dir.path().join("link");
    std::os::unix::fs::symlink(&target, &link).unwrap();
    let e = write_atomically(&link, b"old", b"new").unwrap_err();
    assert!(matches!(e, WriteError::Symlink { .. }), "{e}");
    // A file with a second name.
    let twin = dir.path().join("twin");
    fs::hard_link(&target, &twin).unwrap();
    let e = write_atomically(&target, b"old", b"new").unwrap_err();
    assert!(matches!(e, WriteError::HardLinked { links: 2, .. }), "{e}");
    fs::remove_file(&twin).unwrap();
    // A read-only file.
    fs::set_permissions(&target, fs::Permissions::from_mode(0o444)).unwrap();
    let e = write_atomically(&target, b"old", b"new").unwrap_err();
    assert!(matches!(e, WriteError::ReadOnly { .. }), "{e}");
    // A missing file.
    let e = write_atomically(&dir.path().join("missing"), b"", b"x").unwrap_err();
    assert!(
        matches!(&e, WriteError::Read { source, .. } if source.kind() == std::io::ErrorKind::NotFound),
        "{e}"
    );

    assert_eq!(fs::read_to_string(&target).unwrap(), "old");
    assert!(fs::symlink_metadata(&link).unwrap().file_type().is_symlink());
    assert_eq!(dir.names(), ["fifo", "link", "sub", "target"]);
}

#[test]
fn fix_write_in_a_read_only_folder_says_why() {
    let dir = TempDir::new("write-ro");
    let file = dir.path().join("req.yaml");
    fs::write(&file, "a: 1\n").unwrap();
    fs::set_permissions(dir.path(), fs::Permissions::from_mode(0o555)).unwrap();
    // Root (a container, some CI) may create files in a read-only folder;
    // then the write must simply succeed. Anyone else gets the error.
    let probe = dir.path().join("probe");
    let privileged = fs::write(&probe, "").is_ok();
    let _ = fs::remove_file(&probe);
    let result = write_atomically(&file, b"a: 1\n", b"a: 2\n");
    if privileged {
        assert!(result.is_ok(), "{result:?}");
        assert_eq!(fs::read_to_string(&file).unwrap(), "a: 2\n");
    } else {
        let e = result.unwrap_err();
        assert!(
            matches!(&e, WriteError::CreateTemp { source, .. } if source.kind() == std::io::ErrorKind::PermissionDenied),
            "{e}"
        );
        assert_eq!(fs::read_to_string(&file).unwrap(), "a: 1\n");
    }
    assert_eq!(dir.names(), ["req.yaml"]);
    // The message, as either user would read it.
    let e = WriteError::CreateTemp {
        dir: dir.path().to_path_buf(),
        path: file.clone(),
        source: std::io::Error::from(std::io::ErrorKind::PermissionDenied),
    };
    let message = e.to_string();
    assert!(message.starts_with("cannot create a temporary file in "), "{message}");
    assert!(message.contains("(the folder must be writable): permission denied"), "{message}");
}

#[test]
fn fix_write_handles_long_and_odd_names() {
    let dir = TempDir::new("write-names");
    // The longest name most file systems take: the temporary name must not
    // grow past it.
    for name in ["é".repeat(127) + "x", "x".repeat(255), " .-weird name\u{1}".to_string()] {
        let file = dir.path().join(&name);
        fs::write(&file, "old").unwrap();
        write_atomically(&file, b"old", b"new").unwrap();
        assert_eq!(fs::read_to_string(&file).unwrap(), "new");
        fs::remove_file(&file).unwrap();
        assert!(dir.names().is_empty());
    }
}

#[test]
fn fix_write_preserves_bytes_exactly() {
    let dir = TempDir::new("write-bytes");
    let file = dir.path().join("f");
    let old = b"\xef\xbb\xbf{\r\n}\r\n".to_vec();
    fs::write(&file, &old).unwrap();
    let new: Vec<u8> = (0..=255u8).cycle().take(100_000).collect();
    write_atomically(&file, &old, &new).unwrap();
    assert_eq!(fs::read(&file).unwrap(), new);
    write_atomically(&file, &new, &old).unwrap();
    assert_eq!(fs::read(&file).unwrap(), old);
}

#[test]
fn fix_write_keeps_owner_and_group() {
    use std::os::unix::fs::MetadataExt;
    let dir = TempDir::new("write-owner");
    let file = dir.path().join("f");
    fs::write(&file, "old").unwrap();
    // As root, the file is given to `nobody` first, so that keeping the
    // owner takes a chown; anyone else keeps their own file's owner.
    let _ = std::os::unix::fs::chown(&file, Some(65534), Some(65534));
    let before = fs::metadata(&file).unwrap();
    write_atomically(&file, b"old", b"new").unwrap();
    let after = fs::metadata(&file).unwrap();
    assert_eq!((after.uid(), after.gid()), (before.uid(), before.gid()));
    assert_ne!(after.ino(), before.ino(), "replaced by a new file, not written in place");
    assert_eq!(fs::read_to_string(&file).unwrap(), "new");
}
