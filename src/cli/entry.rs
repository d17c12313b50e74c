//! Where the process starts on Unix: the C `main`, not Rust's runtime
//! (`#![no_main]` in `src/main.rs`).
//!
//! Before a Rust `main`, the standard library's runtime prepares the main
//! thread's stack-overflow message: glibc's `pthread_getattr_np` opens and
//! parses `/proc/self/maps` (about 100 K instructions and six system calls,
//! with the kernel writing a line for every mapping) to find the stack's
//! guard page, and an alternate signal stack is mapped, then unmapped at
//! exit. That was a tenth of `skeleton input update-user` (1.36x a
//! hello-world with it, 1.22x without, interleaved rounds; issue 16).
//!
//! This entry does the rest of the runtime's preparation that the command
//! relies on, in the runtime's order:
//!
//! * descriptors 0, 1 and 2 that are closed at start are opened on
//!   `/dev/null`, so that no file opened later becomes standard output
//!   (and `stdout_was_closed` in `cli` can tell `>&-` by it);
//! * `SIGPIPE` is ignored, so that writing to a closed pipe is an error the
//!   command reports with its verdict, not a kill;
//! * the arguments are read from `argv` (the standard library reads them
//!   itself before `main` only with glibc);
//! * a panic that escapes is exit 101, as the runtime makes it;
//! * standard output is flushed at the end.
//!
//! Given up: the runtime's message for a stack overflow of the main thread
//! (`thread 'main' has overflowed its stack`, then `SIGABRT`) is a plain
//! `SIGSEGV`, and a panic on the main thread names it `<unnamed>`. Every
//! reader bounds its nesting, so no input is known to overflow the stack.

use std::ffi::{CStr, OsString, c_char, c_int};
use std::io::Write;
use std::os::unix::ffi::OsStringExt;
use std::process::ExitCode;

/// The process's entry, called by the C runtime with the command line.
#[allow(unsafe_code, reason = "the exported entry symbol; see the module documentation")]
#[cfg_attr(not(test), unsafe(no_mangle))]
#[cfg_attr(test, allow(dead_code, reason = "the test harness has its own entry"))]
extern "C" fn main(argc: c_int, argv: *const *const c_char) -> c_int {
    if !open_closed_standard_descriptors() {
        return 2;
    }
    ignore_sigpipe();
    let args = arguments(argc, argv);
    let status = match std::panic::catch_unwind(|| super::main(args)) {
        Ok(code) => status(code),
        Err(_) => 101,
    };
    let _ = std::io::stdout().flush();
    status
}

/// The number an exit code stands for. `ExitCode` does not give it back;
/// every code this command makes is built from a `u8`, so one of them
/// compares equal.
fn status(code: ExitCode) -> c_int {
    (0..=u8::MAX).find(|&n| ExitCode::from(n) == code).map_or(1, c_int::from)
}

/// The program's arguments, its name first, as the C runtime passed them.
#[allow(unsafe_code, reason = "reads the C runtime's argument vector")]
fn arguments(argc: c_int, argv: *const *const c_char) -> Vec<OsString> {
    let count = usize::try_from(argc).unwrap_or(0);
    if argv.is_null() {
        return Vec::new();
    }
    let mut args = Vec::with_capacity(count);
    for i in 0..count {
        // SAFETY: the C runtime passes `argc` pointers in `argv` (checked
        // non-null above), each to a NUL-terminated string that lives as
        // long as the process; the vector ends with a null pointer, at which
        // the loop stops in any case.
        let arg = unsafe { *argv.add(i) };
        if arg.is_null() {
            break;
        }
        // SAFETY: as above, `arg` is a NUL-terminated string.
        let bytes = unsafe { CStr::from_ptr(arg) }.to_bytes();
        args.push(OsString::from_vec(bytes.to_vec()));
    }
    args
}

/// `SIGPIPE` ignored, as the standard library's runtime sets it.
#[allow(unsafe_code, reason = "sets a signal disposition")]
fn ignore_sigpipe() {
    // SAFETY: `SIG_IGN` installs no handler, so no code of ours runs in
    // signal context; nothing else in the process changes `SIGPIPE`.
    unsafe {
        libc::signal(libc::SIGPIPE, libc::SIG_IGN);
    }
}

/// Opens `/dev/null` in place of each of descriptors 0-2 that is closed;
/// false if that failed (the command then stops with exit 2: a file it
/// opened could otherwise become its standard output).
#[allow(unsafe_code, reason = "polls and opens file descriptors")]
fn open_closed_standard_descriptors() -> bool {
    let mut fds = [0, 1, 2].map(|fd| libc::pollfd { fd, events: 0, revents: 0 });
    loop {
        // SAFETY: `fds` holds three initialised `pollfd`s; a zero timeout
        // does not block.
        if unsafe { libc::poll(fds.as_mut_ptr(), 3, 0) } >= 0 {
            break;
        }
        if std::io::Error::last_os_error().raw_os_error() == Some(libc::EINTR) {
            continue;
        }
        // `poll` refused (a descriptor limit of 0, no memory): ask each.
        for pollfd in &mut fds {
            // SAFETY: `F_GETFD` only reads the descriptor's flags.
            let closed = unsafe { libc::fcntl(pollfd.fd, libc::F_GETFD) } == -1
                && std::io::Error::last_os_error().raw_os_error() == Some(libc::EBADF);
            pollfd.revents = if closed { libc::POLLNVAL } else { 0 };
        }
        break;
    }
    for pollfd in fds {
        if pollfd.revents & libc::POLLNVAL == 0 {
            continue;
        }
        // The lowest free descriptor is the closed one: lower ones are
        // open or were opened just before.
        // SAFETY: a NUL-terminated path and plain flags.
        if unsafe { libc::open(c"/dev/null".as_ptr(), libc::O_RDWR) } == -1 {
            let _ = std::io::stderr()
                .write_all(b"chime-shape: error: cannot open /dev/null for a closed standard descriptor\n");
            return false;
        }
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_exit_code_gives_its_number_back() {
        for n in 0..=u8::MAX {
            assert_eq!(status(ExitCode::from(n)), c_int::from(n));
        }
    }

    #[test]
    fn arguments_are_read_up_to_argc_and_keep_their_bytes() {
        let words = [c"chime-shape", c"skeleton", c"\xff-not-utf8"];
        let mut argv: Vec<*const c_char> = words.iter().map(|w| w.as_ptr()).collect();
        argv.push(std::ptr::null());
        let args = arguments(3, argv.as_ptr());
        assert_eq!(args.len(), 3);
        assert_eq!(args[2].as_encoded_bytes(), b"\xff-not-utf8");
        assert_eq!(arguments(2, argv.as_ptr()).len(), 2);
        // A count past the terminating null stops at it.
        assert_eq!(arguments(9, argv.as_ptr()).len(), 3);
        assert!(arguments(-1, argv.as_ptr()).is_empty());
        assert!(arguments(3, std::ptr::null()).is_empty());
    }
}
