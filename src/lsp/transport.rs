//! The stdio transport: `Content-Length` frames in and out, each body one
//! of lsp-server's [`Message`]s, carried to and from the server loop over
//! lsp-server's [`Connection`].
//!
//! lsp-server's own stdio transport is not used for reading because the
//! client is untrusted: it ends the session at the first body that is not
//! a JSON-RPC message, and it allocates whatever `Content-Length` says
//! before reading a byte. This reader caps header lines and bodies, and
//! reports a malformed frame or body (without quoting it: it may hold a
//! document, and documents hold secrets) instead of giving up.

use std::io::{BufRead, Read, Write};
use std::thread::JoinHandle;

use crossbeam_channel::{Sender, unbounded};
use lsp_server::{Connection, ErrorCode, Message, Notification, RequestId, Response};
use lsp_types::{LogMessageParams, MessageType};

/// Longest header line read; a longer one is skipped.
const MAX_HEADER_LINE: u64 = 8 * 1024;

/// Largest body read: a `didOpen` of the largest document checked (64 MiB),
/// JSON-escaped, with room to spare. A larger body is skipped unread.
pub const MAX_MESSAGE: usize = 256 * 1024 * 1024;

/// The transport's threads.
#[derive(Debug)]
pub struct Io {
    writer: JoinHandle<()>,
}

impl Io {
    /// Waits until every message sent has been written (the connection's
    /// sender must be dropped first). The reader is not waited for: it may
    /// be blocked on a client that never closes its end.
    pub fn join(self) {
        let _ = self.writer.join();
    }
}

/// A connection over standard input and output.
#[must_use]
pub fn stdio() -> (Connection, Io) {
    connect(std::io::BufReader::new(std::io::stdin()), std::io::stdout())
}

/// A connection over any pair of byte streams (the tests use pipes).
#[must_use]
pub fn connect<R, W>(input: R, output: W) -> (Connection, Io)
where
    R: BufRead + Send + 'static,
    W: Write + Send + 'static,
{
    let (to_writer, from_server) = unbounded::<Message>();
    let (to_server, from_reader) = unbounded::<Message>();
    let log = to_writer.clone();
    let writer = std::thread::spawn(move || {
        let mut output = output;
        for message in from_server {
            if message.write(&mut output).is_err() {
                break;
            }
        }
    });
    let _reader = std::thread::spawn(move || read_loop(input, &to_server, &log));
    (Connection { sender: to_writer, receiver: from_reader }, Io { writer })
}

/// Reads frames until the input ends or `exit` arrives.
fn read_loop(mut input: impl BufRead, to_server: &Sender<Message>, log: &Sender<Message>) {
    loop {
        let body = match read_frame(&mut input) {
            Frame::Body(body) => body,
            Frame::Bad(why) => {
                warn(log, &format!("chime-shape: a malformed message was ignored: {why}"));
                continue;
            }
            Frame::End => return,
        };
        let value = match serde_json::from_slice::<serde_json::Value>(&body) {
            Ok(value) => value,
            Err(error) => {
                let why = format!("{} bytes; {}", body.len(), describe(&error));
                warn(log, &format!("chime-shape: a message that is not JSON was ignored ({why})"));
                continue;
            }
        };
        match classify(value) {
            Ok(message) => {
                let exit = matches!(&message, Message::Notification(n) if n.method == "exit");
                if to_server.send(message).is_err() || exit {
                    return;
                }
            }
            // A request whose id can be read is answered, even when the
            // rest is wrong, so that the client does not wait for ever.
            Err((Some(id), why)) => {
                let response = Response::new_err(id, ErrorCode::InvalidRequest as i32, why);
                let _ = log.send(Message::Response(response));
            }
            Err((None, why)) => warn(log, &format!("chime-shape: a message was ignored ({why})")),
        }
    }
}

/// The message `value` is, told by its members as JSON-RPC tells them (a
/// `method` and an `id`: a request; a `method` alone: a notification; an
/// `id` with a `result` or an `error`: a response), rather than by trying
/// each shape in turn, which takes `{"id": 1, "method": 5}` for a response.
/// Else the request's id, when it has one, and why it is refused.
fn classify(value: serde_json::Value) -> Result<Message, (Option<RequestId>, String)> {
    let has = |key: &str| value.get(key).is_some();
    let refuse = |error: serde_json::Error| format!("not a valid JSON-RPC message: {}", describe(&error));
    match (has("method"), has("id")) {
        (true, true) => {
            let id = request_id(&value);
            serde_json::from_value(value).map(Message::Request).map_err(|e| (id, refuse(e)))
        }
        (true, false) => {
            serde_json::from_value(value).map(Message::Notification).map_err(|e| (None, refuse(e)))
        }
        (false, true) if has("result") || has("error") => {
            serde_json::from_value(value).map(Message::Response).map_err(|e| (None, refuse(e)))
        }
        _ => Err((None, "not a JSON-RPC request, response or notification".to_owned())),
    }
}

/// The id of a request, when it is a number or a string.
fn request_id(value: &serde_json::Value) -> Option<RequestId> {
    match value.get("id")? {
        serde_json::Value::Number(n) => i32::try_from(n.as_i64()?).ok().map(RequestId::from),
        serde_json::Value::String(s) => Some(RequestId::from(s.clone())),
        _ => None,
    }
}

/// What a serde error was, without the text it may quote.
#[must_use]
pub fn describe(error: &serde_json::Error) -> String {
    let what = match error.classify() {
        serde_json::error::Category::Io => "unreadable",
        serde_json::error::Category::Syntax => "not JSON",
        serde_json::error::Category::Data => "not the expected structure",
        serde_json::error::Category::Eof => "cut short",
    };
    if error.line() > 0 {
        format!("{what} at line {} column {}", error.line(), error.column())
    } else {
        what.to_owned()
    }
}

/// Sends a warning to the client's log.
fn warn(log: &Sender<Message>, message: &str) {
    let params = LogMessageParams { typ: MessageType::WARNING, message: message.to_owned() };
    let _ = log.send(Message::Notification(Notification::new("window/logMessage".to_owned(), params)));
}

/// One frame of the input.
enum Frame {
    Body(Vec<u8>),
    /// A frame that cannot be read, and why; the input goes on after it.
    Bad(String),
    /// The input ended (or cannot be read any more).
    End,
}

/// Reads one frame: header lines up to a blank one, then the body.
fn read_frame(input: &mut impl BufRead) -> Frame {
    let mut length: Result<Option<usize>, String> = Ok(None);
    let mut headers = 0usize;
    loop {
        let line = match read_line(input) {
            Line::Text(line) => line,
            Line::TooLong => {
                length = Err("a header line is too long".to_owned());
                headers += 1;
                continue;
            }
            Line::End => return Frame::End,
        };
        // Bytes left over from a frame whose length was wrong run into the
        // next header: the header is found after them.
        let line = match line.to_ascii_lowercase().find("content-length:") {
            Some(at) if at > 0 => line.get(at..).unwrap_or("").to_owned(),
            _ => line,
        };
        if line.is_empty() {
            if headers == 0 {
                // Blank lines between frames.
                continue;
            }
            break;
        }
        headers += 1;
        let Some((name, value)) = line.split_once(':') else {
            length = Err("a header line without a colon".to_owned());
            continue;
        };
        if name.trim().eq_ignore_ascii_case("Content-Length") {
            length = match (length, value.trim().parse::<usize>()) {
                (Err(e), _) => Err(e),
                // Two lengths that disagree: no way to tell where the
                // body ends.
                (Ok(Some(first)), Ok(n)) if first != n => {
                    Err("two different Content-Length headers".to_owned())
                }
                (Ok(_), Ok(n)) => Ok(Some(n)),
                (Ok(_), Err(_)) => Err("a Content-Length that is not a number".to_owned()),
            };
        }
    }
    let length = match length {
        Ok(Some(length)) => length,
        Ok(None) => return Frame::Bad("no Content-Length".to_owned()),
        Err(why) => return Frame::Bad(why),
    };
    if length > MAX_MESSAGE {
        // Skipped unread: the frame stays in step with the input.
        let skipped = std::io::copy(&mut (&mut *input).take(length as u64), &mut std::io::sink());
        return match skipped {
            Ok(n) if n == length as u64 => {
                Frame::Bad(format!("a body of {length} bytes (more than {MAX_MESSAGE}) was skipped"))
            }
            _ => Frame::End,
        };
    }
    // Read as it arrives, not allocated up front from what the header
    // claims: a body cut short costs what was sent, not what was promised.
    let mut body = Vec::with_capacity(length.min(1 << 20));
    match (&mut *input).take(length as u64).read_to_end(&mut body) {
        Ok(n) if n == length => Frame::Body(body),
        _ => Frame::End,
    }
}

/// One header line.
enum Line {
    /// The line, without its `\r\n` (or `\n`).
    Text(String),
    /// Longer than [`MAX_HEADER_LINE`]: skipped.
    TooLong,
    End,
}

fn read_line(input: &mut impl BufRead) -> Line {
    let mut bytes = Vec::new();
    match (&mut *input).take(MAX_HEADER_LINE).read_until(b'\n', &mut bytes) {
        Ok(0) | Err(_) => return Line::End,
        Ok(_) => {}
    }
    if bytes.last() != Some(&b'\n') {
        if bytes.len() as u64 >= MAX_HEADER_LINE {
            // The rest of the line, in bounded pieces.
            loop {
                bytes.clear();
                match (&mut *input).take(MAX_HEADER_LINE).read_until(b'\n', &mut bytes) {
                    Ok(0) | Err(_) => return Line::End,
                    Ok(_) if bytes.last() == Some(&b'\n') => return Line::TooLong,
                    Ok(_) => {}
                }
            }
        }
        // The input ended inside a header.
        return Line::End;
    }
    let text = String::from_utf8_lossy(&bytes);
    Line::Text(text.trim_end_matches(['\n', '\r']).to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn frames(input: &[u8]) -> Vec<String> {
        let mut input = std::io::Cursor::new(input.to_vec());
        let mut out = Vec::new();
        loop {
            match read_frame(&mut input) {
                Frame::Body(body) => out.push(String::from_utf8_lossy(&body).into_owned()),
                Frame::Bad(why) => out.push(format!("bad: {why}")),
                Frame::End => return out,
            }
        }
    }

    #[test]
    fn frames_and_what_cannot_be_framed() {
        assert_eq!(
            frames(b"Content-Length: 2\r\n\r\n{}Content-Length: 3\r\nContent-Type: x\r\n\r\n[1]"),
            ["{}", "[1]"]
        );
        assert_eq!(
            frames(b"Content-Length: x\r\n\r\nContent-Length: 2\r\n\r\n{}"),
            ["bad: a Content-Length that is not a number", "{}"]
        );
        assert_eq!(
            frames(b"Hello\r\n\r\nContent-Length: 2\r\n\r\n{}"),
            ["bad: a header line without a colon", "{}"]
        );
        assert_eq!(frames(b"X: y\r\n\r\n"), ["bad: no Content-Length"]);
        // A body cut short, and a huge length that cannot be read.
        assert!(frames(b"Content-Length: 10\r\n\r\n{}").is_empty());
        assert!(frames(b"Content-Length: 99999999999999\r\n\r\n{}").is_empty());
        // A wrong length: what is left over runs into the next header.
        assert_eq!(frames(b"Content-Length: 2\r\n\r\n{}xyzContent-Length: 2\r\n\r\n[]"), ["{}", "[]"]);
        let long = [vec![b'A'; 20_000], b"\r\n\r\nContent-Length: 2\r\n\r\n{}".to_vec()].concat();
        assert_eq!(frames(&long), ["bad: a header line is too long", "{}"]);
    }
}
