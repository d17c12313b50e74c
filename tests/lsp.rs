//! `chime-shape lsp` driven over its standard input and output as an editor
//! drives it: the lifecycle, diagnostics (the command's own findings, in
//! the negotiated encoding), incremental changes, hover, completion, code
//! actions, configuration changes, scripts, and input that is broken on
//! purpose.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::print_stderr)]

mod common;

use std::io::{BufRead, BufReader, Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::mpsc::{Receiver, RecvTimeoutError, channel};
use std::time::{Duration, Instant};

use serde_json::{Value, json};

/// How long any answer may take (a debug build on a busy machine).
const PATIENCE: Duration = Duration::from_secs(30);

/// A client: the server process, what it sent and has not been looked at.
struct Client {
    child: Child,
    stdin: ChildStdin,
    incoming: Receiver<Value>,
    /// Every message received, as text: checked for secrets.
    transcript: std::sync::Arc<std::sync::Mutex<String>>,
    backlog: Vec<Value>,
    next_id: i64,
}

impl Client {
    /// Starts `chime-shape [args] lsp` in `dir`.
    fn start(dir: &Path, args: &[&str]) -> Client {
        Client::start_under(dir, &[], args)
    }

    /// Starts `[wrapper…] chime-shape [args] lsp` in `dir`.
    fn start_under(dir: &Path, wrapper: &[&str], args: &[&str]) -> Client {
        let bin = env!("CARGO_BIN_EXE_chime-shape");
        let (program, rest) = wrapper.split_first().map_or((bin, &[][..]), |(p, rest)| (*p, rest));
        let mut child = Command::new(program)
            .args(rest)
            .args(if wrapper.is_empty() { None } else { Some(bin) })
            .args(args)
            .arg("lsp")
            .current_dir(dir)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let stdin = child.stdin.take().unwrap();
        let stdout = child.stdout.take().unwrap();
        let stderr = child.stderr.take().unwrap();
        let transcript = std::sync::Arc::new(std::sync::Mutex::new(String::new()));
        let (send, incoming) = channel();
        let log = transcript.clone();
        std::thread::spawn(move || {
            let mut reader = BufReader::new(stdout);
            loop {
                let mut length = None;
                loop {
                    let mut line = String::new();
                    if reader.read_line(&mut line).unwrap_or(0) == 0 {
                        return;
                    }
                    let line = line.trim_end();
                    if line.is_empty() {
                        break;
                    }
                    if let Some(n) = line.strip_prefix("Content-Length: ") {
                        length = Some(n.parse::<usize>().unwrap());
                    }
                }
                let mut body = vec![0; length.unwrap()];
                reader.read_exact(&mut body).unwrap();
                let text = String::from_utf8(body).unwrap();
                log.lock().unwrap().push_str(&text);
                if send.send(serde_json::from_str::<Value>(&text).unwrap()).is_err() {
                    return;
                }
            }
        });
        let log = transcript.clone();
        std::thread::spawn(move || {
            let mut text = String::new();
            let _ = BufReader::new(stderr).read_to_string(&mut text);
            log.lock().unwrap().push_str(&text);
        });
        Client { child, stdin, incoming, transcript, backlog: Vec::new(), next_id: 1 }
    }

    /// Starts a server and initializes it with `capabilities`.
    fn initialized(dir: &Path, capabilities: Value) -> (Client, Value) {
        let mut client = Client::start(dir, &[]);
        let root = format!("file://{}", dir.display());
        let result = client
            .request("initialize", json!({"processId": null, "rootUri": root, "capabilities": capabilities}));
        client.notify("initialized", json!({}));
        (client, result)
    }

    fn write_raw(&mut self, bytes: &[u8]) {
        self.stdin.write_all(bytes).unwrap();
        self.stdin.flush().unwrap();
    }

    fn send(&mut self, message: &Value) {
        let body = message.to_string();
        self.write_raw(format!("Content-Length: {}\r\n\r\n{body}", body.len()).as_bytes());
    }

    fn notify(&mut self, method: &str, params: Value) {
        self.send(&json!({"jsonrpc": "2.0", "method": method, "params": params}));
    }

    /// Sends a request and waits for its response (the whole message).
    fn call(&mut self, method: &str, params: Value) -> Value {
        let id = self.next_id;
        self.next_id += 1;
        self.send(&json!({"jsonrpc": "2.0", "id": id, "method": method, "params": params}));
        self.wait(|m| m["id"] == json!(id) && m.get("method").is_none())
    }

    /// A request's result; fails on an error response.
    fn request(&mut self, method: &str, params: Value) -> Value {
        let response = self.call(method, params);
        assert!(response.get("error").is_none(), "{method}: {response}");
        response["result"].clone()
    }

    /// The first message (received now or before) that `wanted` takes.
    fn wait(&mut self, wanted: impl Fn(&Value) -> bool) -> Value {
        if let Some(i) = self.backlog.iter().position(&wanted) {
            return self.backlog.remove(i);
        }
        let deadline = Instant::now() + PATIENCE;
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            match self.incoming.recv_timeout(left) {
                Ok(message) if wanted(&message) => return message,
                Ok(message) => self.backlog.push(message),
                Err(RecvTimeoutError::Timeout) => panic!("no answer in time; got {:#?}", self.backlog),
                Err(RecvTimeoutError::Disconnected) => {
                    panic!("the server went away; got {:#?}", self.backlog)
                }
            }
        }
    }

    /// The next diagnostics published for `uri` (of `version`, when given).
    fn diagnostics(&mut self, uri: &str, version: Option<i64>) -> Vec<Value> {
        let message = self.wait(|m| {
            m["method"] == "textDocument/publishDiagnostics"
                && m["params"]["uri"] == uri
                && version.is_none_or(|v| m["params"]["version"] == json!(v))
        });
        message["params"]["diagnostics"].as_array().unwrap().clone()
    }

    fn open(&mut self, uri: &str, language: &str, text: &str) {
        let document = json!({"uri": uri, "languageId": language, "version": 1, "text": text});
        self.notify("textDocument/didOpen", json!({"textDocument": document}));
    }

    /// `shutdown`, `exit`, and the exit status.
    fn finish(mut self) -> (i32, String) {
        assert_eq!(self.call("shutdown", Value::Null)["result"], Value::Null);
        self.notify("exit", Value::Null);
        self.status()
    }

    /// Waits for the process to end: its status and everything it printed.
    fn status(mut self) -> (i32, String) {
        let deadline = Instant::now() + PATIENCE;
        loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                std::thread::sleep(Duration::from_millis(50));
                let transcript = self.transcript.lock().unwrap().clone();
                return (status.code().unwrap_or(-1), transcript);
            }
            assert!(Instant::now() < deadline, "the server did not exit");
            std::thread::sleep(Duration::from_millis(20));
        }
    }
}

/// A fresh repository (a folder with `.git`) with `files`.
fn repository(name: &str, files: &[(&str, &str)]) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("chime-shape-lsp-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(dir.join(".git")).unwrap();
    for (file, text) in files {
        let path = dir.join(file);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }
    dir.canonicalize().unwrap()
}

fn uri(dir: &Path, file: &str) -> String {
    format!("file://{}", dir.join(file).display())
}

/// `(line, character, end line, end character, code, severity, message)`.
type Seen = (u64, u64, u64, u64, String, String, String);

/// Diagnostics as [`Seen`] tuples.
fn seen(diagnostics: &[Value]) -> Vec<Seen> {
    diagnostics
        .iter()
        .map(|d| {
            let severity = match d["severity"].as_u64() {
                Some(1) => "error",
                Some(2) => "warning",
                _ => "note",
            };
            (
                d["range"]["start"]["line"].as_u64().unwrap(),
                d["range"]["start"]["character"].as_u64().unwrap(),
                d["range"]["end"]["line"].as_u64().unwrap(),
                d["range"]["end"]["character"].as_u64().unwrap(),
                d["code"].as_str().unwrap_or("").to_owned(),
                severity.to_owned(),
                d["message"].as_str().unwrap().to_owned(),
            )
        })
        .collect()
}

/// What `chime-shape validate|lint --format json FILE` reports, as [`Seen`]
/// tuples with columns converted from characters to `unit` lengths.
fn command_findings(dir: &Path, command: &str, file: &str, unit: fn(char) -> u64) -> Vec<Seen> {
    let output = Command::new(env!("CARGO_BIN_EXE_chime-shape"))
        .args([command, "--format", "json", file])
        .current_dir(dir)
        .output()
        .unwrap();
    let report: Value = serde_json::from_slice(&output.stdout).unwrap();
    let text = std::fs::read_to_string(dir.join(file)).unwrap();
    let lines: Vec<&str> = text.split('\n').collect();
    let units = |line: u64, column: u64| -> u64 {
        lines[line as usize - 1].chars().take(column as usize - 1).map(unit).sum()
    };
    report["files"][0]["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            let (line, column) = (d["line"].as_u64().unwrap(), d["column"].as_u64().unwrap());
            let (end_line, end_column) = (d["end_line"].as_u64().unwrap(), d["end_column"].as_u64().unwrap());
            (
                line - 1,
                units(line, column),
                end_line - 1,
                units(end_line, end_column),
                d["code"].as_str().unwrap().to_owned(),
                d["severity"].as_str().unwrap().to_owned(),
                d["message"].as_str().unwrap().to_owned(),
            )
        })
        .collect()
}

fn utf16(c: char) -> u64 {
    c.len_utf16() as u64
}

fn utf8(c: char) -> u64 {
    c.len_utf8() as u64
}

const BOB: &str = "AccountId: a1\nUserId: bob\nLicenseType: pro\nAlexaForBusinessMetadata:\n  IsAlexaForBusinessEnabled: yes\n  AlexaForBusinessRoomArn: \"é😀\"\nUserType: Owner\n";

const CONFIG: &str = "severity:\n  enum: warning\nfiles:\n  - glob: \"meetings/*.json\"\n    service: chime-sdk-meetings\n    operation: create-meeting\n";

const MEETING: &str = "{\n  \"ClientRequestToken\": \"t😀-1\",\n  \"MediaRegion\": \"us-east-1\",\n  \"ExternalMeetingId\": \"é\",\n  \"MeetingFeatures\": {\"Audio\": {\"EchoReduction\": \"ON\"}},\n  \"MediaRegion\": \"eu-west-1\"\n}\n";

#[test]
fn diagnostics_are_the_commands_findings_in_utf16_by_default() {
    let dir = repository(
        "same",
        &[(".chime-shape.yaml", CONFIG), ("bob.update-user.yaml", BOB), ("meetings/standup.json", MEETING)],
    );
    let (mut client, result) = Client::initialized(&dir, json!({}));
    assert_eq!(result["capabilities"]["positionEncoding"], "utf-16");
    assert_eq!(result["capabilities"]["textDocumentSync"]["change"], 2);
    for (file, language) in [("bob.update-user.yaml", "yaml"), ("meetings/standup.json", "json")] {
        client.open(&uri(&dir, file), language, &std::fs::read_to_string(dir.join(file)).unwrap());
        let got = seen(&client.diagnostics(&uri(&dir, file), Some(1)));
        let expected = command_findings(&dir, "validate", file, utf16);
        assert!(!expected.is_empty());
        assert_eq!(got, expected, "{file}");
    }
    // The configuration's severity is in force (enum: warning).
    let bob = command_findings(&dir, "validate", "bob.update-user.yaml", utf16);
    assert!(bob.iter().any(|f| f.4 == "enum" && f.5 == "warning"), "{bob:?}");
    let (status, _) = client.finish();
    assert_eq!(status, 0);
}

#[test]
fn positions_are_utf8_when_the_client_offers_it() {
    let dir = repository("utf8", &[("bob.update-user.yaml", BOB)]);
    let capabilities = json!({"general": {"positionEncodings": ["utf-8", "utf-16"]}});
    let (mut client, result) = Client::initialized(&dir, capabilities);
    assert_eq!(result["capabilities"]["positionEncoding"], "utf-8");
    client.open(&uri(&dir, "bob.update-user.yaml"), "yaml", BOB);
    let got = seen(&client.diagnostics(&uri(&dir, "bob.update-user.yaml"), Some(1)));
    assert_eq!(got, command_findings(&dir, "validate", "bob.update-user.yaml", utf8));
    // UserType's line is plain ASCII: bytes are characters there.
    let arn = got.iter().find(|f| f.0 == 6).unwrap();
    assert_eq!((arn.1, arn.4.as_str()), (10, "enum"));
    client.finish();
}

#[test]
fn changes_are_incremental_and_checked_after_a_pause() {
    let dir = repository("change", &[]);
    let (mut client, _) = Client::initialized(&dir, json!({}));
    let file = uri(&dir, "bob.update-user.yaml");
    client.open(&file, "yaml", "AccountId: a1\nUserId: bob\nLicenseType: pro\n");
    assert_eq!(seen(&client.diagnostics(&file, Some(1))).len(), 1);
    // Two quick changes (one notification each): one check, of the last.
    let change = |version: i64, text: &str, character: u64| {
        json!({"textDocument": {"uri": file, "version": version}, "contentChanges": [
            {"range": {"start": {"line": 2, "character": character}, "end": {"line": 2, "character": character + 1}}, "text": text}
        ]})
    };
    // Written at once, so that however busy the machine, both are there
    // before the pause is over.
    let frame = |params: Value| {
        let body =
            json!({"jsonrpc": "2.0", "method": "textDocument/didChange", "params": params}).to_string();
        format!("Content-Length: {}\r\n\r\n{body}", body.len())
    };
    let started = Instant::now();
    client.write_raw(format!("{}{}", frame(change(2, "P", 13)), frame(change(3, "l", 14))).as_bytes());
    let got = seen(&client.diagnostics(&file, None));
    assert!(started.elapsed() >= chime_shape::lsp::DEBOUNCE, "not debounced");
    assert_eq!(got.len(), 1, "{got:?}");
    assert!(got[0].6.starts_with("\"Plo\" is not one of"), "{got:?}");
    client.notify("textDocument/didChange", change(4, "r", 14));
    assert!(client.diagnostics(&file, Some(4)).is_empty());
    // Closing clears them.
    client.notify("textDocument/didClose", json!({"textDocument": {"uri": file}}));
    assert!(client.diagnostics(&file, None).is_empty());
    client.finish();
}

#[test]
fn hover_shows_the_members_documentation_type_and_constraints() {
    let dir = repository("hover", &[("bob.update-user.yaml", BOB)]);
    let (mut client, _) = Client::initialized(&dir, json!({}));
    let file = uri(&dir, "bob.update-user.yaml");
    client.open(&file, "yaml", BOB);
    let hover = |client: &mut Client, line: u64, character: u64| {
        client.request(
            "textDocument/hover",
            json!({"textDocument": {"uri": file}, "position": {"line": line, "character": character}}),
        )
    };
    let account = hover(&mut client, 0, 3);
    let text = account["contents"]["value"].as_str().unwrap();
    assert_eq!(account["contents"]["kind"], "markdown");
    assert!(text.starts_with("**AccountId** · `string` · required"), "{text}");
    assert!(text.contains("The Amazon Chime account ID."), "{text}");
    assert_eq!(
        account["range"],
        json!({"start": {"line": 0, "character": 0}, "end": {"line": 0, "character": 9}})
    );
    let license = hover(&mut client, 2, 14)["contents"]["value"].as_str().unwrap().to_owned();
    assert!(license.contains("Values: `Basic`, `Plus`, `Pro`, `ProTrial`"), "{license}");
    let arn = hover(&mut client, 5, 5)["contents"]["value"].as_str().unwrap().to_owned();
    assert!(arn.starts_with("**AlexaForBusinessRoomArn** · `string` · **sensitive**"), "{arn}");
    assert!(arn.contains("Constraints: sensitive: chime-shape never prints its value"), "{arn}");
    // On the sensitive value itself: the member, not the value.
    let value = hover(&mut client, 5, 29)["contents"]["value"].as_str().unwrap().to_owned();
    assert!(value.starts_with("**AlexaForBusinessRoomArn**") && !value.contains('é'), "{value}");
    assert_eq!(hover(&mut client, 9, 0), Value::Null);
    client.finish();
}

#[test]
fn completion_offers_members_values_operations_and_options() {
    let script = "#!/bin/sh\naws chime update-user --account-id a --\n";
    let dir = repository("complete", &[("provision.sh", script)]);
    let snippets = json!({"textDocument": {"completion": {"completionItem": {"snippetSupport": true}}}});
    let (mut client, _) = Client::initialized(&dir, snippets);
    let complete = |client: &mut Client, file: &str, line: u64, character: u64| -> Vec<Value> {
        let result = client.request(
            "textDocument/completion",
            json!({"textDocument": {"uri": file}, "position": {"line": line, "character": character}}),
        );
        result.as_array().unwrap().clone()
    };
    let labels = |items: &[Value]| -> Vec<String> {
        let mut items = items.to_vec();
        items.sort_by_key(|i| i["sortText"].as_str().unwrap().to_owned());
        items.iter().map(|i| i["label"].as_str().unwrap().to_owned()).collect()
    };
    // Keys: required first, present ones left out, structures as snippets.
    let file = uri(&dir, "alice.update-user.yaml");
    client.open(&file, "yaml", "LicenseType: Pro\n\n");
    let items = complete(&mut client, &file, 1, 0);
    assert_eq!(labels(&items), ["AccountId", "UserId", "UserType", "AlexaForBusinessMetadata"]);
    let alexa = items.iter().find(|i| i["label"] == "AlexaForBusinessMetadata").unwrap();
    assert_eq!(alexa["textEdit"]["newText"], "AlexaForBusinessMetadata:\n  $0");
    assert_eq!(alexa["insertTextFormat"], 2);
    // Enum values at a value.
    let items = complete(&mut client, &file, 0, 14);
    assert_eq!(labels(&items), ["Basic", "Plus", "Pro", "ProTrial"]);
    // JSON: a quoted key being typed.
    let json_file = uri(&dir, "carol.update-user.json");
    client.open(&json_file, "json", "{\"AccountId\": \"a\", \"Us\"}");
    let items = complete(&mut client, &json_file, 0, 22);
    assert_eq!(labels(&items)[..2], ["UserId", "LicenseType"]);
    let user = items.iter().find(|i| i["label"] == "UserId").unwrap();
    assert_eq!(user["textEdit"]["newText"], "\"UserId\": \"$0\"");
    assert_eq!(user["textEdit"]["range"]["start"]["character"], 19);
    // The modeline: services and operations.
    let scratch = uri(&dir, "scratch.yaml");
    client.open(&scratch, "yaml", "# chime-shape: service=chime-sdk-meetings operation=create-\n");
    let items = complete(&mut client, &scratch, 0, 59);
    let names = labels(&items);
    assert!(
        names.contains(&"create-meeting".to_owned()) && !names.contains(&"update-user".to_owned()),
        "{names:?}"
    );
    let items = complete(&mut client, &scratch, 0, 30);
    assert!(labels(&items).contains(&"chime-sdk-voice".to_owned()));
    // A script: the options of the operation, those given left out.
    let sh = uri(&dir, "provision.sh");
    client.open(&sh, "shellscript", script);
    let names = labels(&complete(&mut client, &sh, 1, 41));
    assert_eq!(names[0], "--user-id");
    assert!(
        names.contains(&"--license-type".to_owned()) && !names.contains(&"--account-id".to_owned()),
        "{names:?}"
    );
    client.finish();
}

#[test]
fn code_actions_are_the_fix_engines_fixes() {
    let dir = repository("actions", &[("bob.update-user.yaml", BOB)]);
    let (mut client, _) = Client::initialized(&dir, json!({}));
    let file = uri(&dir, "bob.update-user.yaml");
    client.open(&file, "yaml", BOB);
    let diagnostics = client.diagnostics(&file, Some(1));
    let at = |line: u64, character: u64| json!({"line": line, "character": character});
    let actions = client.request(
        "textDocument/codeAction",
        json!({"textDocument": {"uri": file}, "range": {"start": at(2, 13), "end": at(2, 13)},
               "context": {"diagnostics": diagnostics}}),
    );
    let actions = actions.as_array().unwrap();
    let quick = actions.iter().find(|a| a["kind"] == "quickfix").unwrap();
    assert_eq!(quick["title"], "Replace with `Pro`");
    assert_eq!(quick["isPreferred"], true);
    let edit = &quick["edit"]["changes"][&file][0];
    assert_eq!(edit["newText"], "Pro");
    assert_eq!(edit["range"], json!({"start": at(2, 13), "end": at(2, 16)}));
    // Fix all: the safe fixes together (pro → Pro, yes → true).
    let all = client.request(
        "textDocument/codeAction",
        json!({"textDocument": {"uri": file}, "range": {"start": at(0, 0), "end": at(0, 0)},
               "context": {"diagnostics": [], "only": ["source.fixAll"]}}),
    );
    let edits = all[0]["edit"]["changes"][&file].as_array().unwrap();
    let texts: Vec<&str> = edits.iter().map(|e| e["newText"].as_str().unwrap()).collect();
    assert_eq!(texts, ["Pro", "true"]);
    client.finish();
}

/// The earlier of two duplicate keys is offered for removal even in an
/// operation with sensitive members (removing prints nothing).
#[test]
fn duplicate_keys_are_removed_in_operations_with_secrets() {
    let text = "AccountId: a1\nUserId: u\nUserId: u\n";
    let dir = repository("duplicates", &[("bob.update-user.yaml", text)]);
    let (mut client, _) = Client::initialized(&dir, json!({}));
    let file = uri(&dir, "bob.update-user.yaml");
    client.open(&file, "yaml", text);
    let diagnostics = client.diagnostics(&file, Some(1));
    let at = |line: u64, character: u64| json!({"line": line, "character": character});
    let actions = client.request(
        "textDocument/codeAction",
        json!({"textDocument": {"uri": file}, "range": {"start": at(2, 0), "end": at(2, 0)},
               "context": {"diagnostics": diagnostics}}),
    );
    let quick = actions.as_array().unwrap().iter().find(|a| a["kind"] == "quickfix").unwrap();
    let edit = &quick["edit"]["changes"][&file][0];
    assert_eq!(edit["newText"], "");
    assert_eq!(edit["range"], json!({"start": at(1, 0), "end": at(2, 0)}));
    client.finish();
}

/// A chime-sdk-voice request with a sensitive value that breaks its pattern.
const SECRET: &str = "s3cr3t-PIN-4711";

#[test]
fn sensitive_values_never_leave_the_server() {
    let voice = format!(
        "SipMediaApplicationId: abc\nFromPhoneNumber: \"{SECRET}\"\nToPhoneNumber: \"{SECRET}x\"\nArgumentsMap:\n  Key4711: x\n"
    );
    let dir = repository("secret", &[]);
    let (mut client, _) = Client::initialized(&dir, json!({}));
    let file = uri(&dir, "call.create-sip-media-application-call.yaml");
    client.open(&file, "yaml", &voice);
    let diagnostics = client.diagnostics(&file, Some(1));
    assert!(!diagnostics.is_empty());
    let hover = client.request(
        "textDocument/hover",
        json!({"textDocument": {"uri": file}, "position": {"line": 1, "character": 22}}),
    );
    assert!(hover["contents"]["value"].as_str().unwrap().contains("**sensitive**"));
    // A map key whose shape is sensitive is never named, on the key or
    // on its value.
    for character in [4, 11] {
        client.request(
            "textDocument/hover",
            json!({"textDocument": {"uri": file}, "position": {"line": 4, "character": character}}),
        );
    }
    client.request(
        "textDocument/codeAction",
        json!({"textDocument": {"uri": file}, "range": {"start": {"line": 0, "character": 0}, "end": {"line": 9, "character": 0}},
               "context": {"diagnostics": diagnostics}}),
    );
    // Half typed: a syntax error in a document with sensitive members.
    client.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": file, "version": 2}, "contentChanges": [{"text": format!("FromPhoneNumber: \"{SECRET}\n  : [")}]}),
    );
    assert!(!client.diagnostics(&file, Some(2)).is_empty());
    // And a message that quotes it, malformed on purpose.
    client.write_raw(format!("Content-Length: 30\r\n\r\n{{\"id\": 9, \"{SECRET}\"...}}").as_bytes());
    let (_, transcript) = client.finish();
    assert!(!transcript.contains(SECRET) && !transcript.contains("4711"), "{transcript}");
}

#[test]
fn malformed_messages_and_unknown_methods_do_not_stop_it() {
    let dir = repository("robust", &[]);
    let mut client = Client::start(&dir, &[]);
    // Before initialize: requests are refused, the session goes on.
    let early = client.call("textDocument/hover", json!({}));
    assert_eq!(early["error"]["code"], -32002);
    client.request("initialize", json!({"capabilities": {}}));
    client.notify("initialized", json!({}));
    // Not JSON; no Content-Length; a header line of garbage; blank lines.
    client.write_raw(b"Content-Length: 5\r\n\r\n{oops");
    client.write_raw(b"Content-Type: x\r\n\r\n");
    client.write_raw(b"hello there\r\n\r\n\r\n");
    // JSON, but no JSON-RPC message: answered when it has an id.
    client.send(&json!({"jsonrpc": "2.0", "id": 77, "method": 5}));
    assert_eq!(client.wait(|m| m["id"] == 77)["error"]["code"], -32600);
    client.send(&json!([1, 2, 3]));
    // Unknown methods; params of the wrong shape.
    assert_eq!(client.call("chime/unknown", json!({}))["error"]["code"], -32601);
    client.notify("chime/unknown", json!({"x": 1}));
    assert_eq!(client.call("textDocument/hover", json!({"textDocument": 5}))["error"]["code"], -32602);
    client.notify("textDocument/didOpen", json!({"textDocument": {"uri": 3}}));
    client.notify("textDocument/didChange", json!({"textDocument": {"uri": "file:///nowhere.yaml", "version": 1}, "contentChanges": [{"text": "x"}]}));
    // Positions past the end of a line and of the document.
    let file = uri(&dir, "bob.update-user.yaml");
    client.open(&file, "yaml", "AccountId: a\n");
    client.diagnostics(&file, Some(1));
    let far = json!({"textDocument": {"uri": file}, "position": {"line": 4000, "character": 99999}});
    client.request("textDocument/hover", far.clone());
    client.request("textDocument/completion", far);
    client.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": file, "version": 2}, "contentChanges": [
            {"range": {"start": {"line": 9, "character": 9}, "end": {"line": 0, "character": 999}}, "text": "é"}]}),
    );
    client.diagnostics(&file, Some(2));
    // Every prefix of a document, as if typed, with hover and completion.
    let text = "{\"AccountId\": \"a\", \"AlexaForBusinessMetadata\": {\"IsAlexaForBusinessEnabled\": tru";
    let json_file = uri(&dir, "typed.update-user.json");
    client.open(&json_file, "json", "");
    for (i, end) in text.char_indices().map(|(i, _)| i).chain([text.len()]).enumerate() {
        client.notify(
            "textDocument/didChange",
            json!({"textDocument": {"uri": json_file, "version": i + 2}, "contentChanges": [{"text": &text[..end]}]}),
        );
        let at = json!({"textDocument": {"uri": json_file}, "position": {"line": 0, "character": end}});
        client.request("textDocument/hover", at.clone());
        client.request("textDocument/completion", at);
    }
    // After shutdown, requests are refused; exit then ends it with 0.
    assert_eq!(client.call("shutdown", Value::Null)["result"], Value::Null);
    assert_eq!(client.call("textDocument/hover", json!({}))["error"]["code"], -32600);
    client.notify("exit", Value::Null);
    assert_eq!(client.status().0, 0);
}

#[test]
fn exit_without_shutdown_is_status_1() {
    let dir = repository("exit", &[]);
    let (mut client, _) = Client::initialized(&dir, json!({}));
    client.notify("exit", Value::Null);
    assert_eq!(client.status().0, 1);
    // Input that ends before a session starts: nothing went wrong.
    let mut client = Client::start(&dir, &[]);
    client.write_raw(b"");
    drop(client.stdin);
    let status = client.child.wait().unwrap();
    assert_eq!(status.code(), Some(0));
}

#[test]
fn configuration_changes_check_open_documents_again() {
    let dir = repository("config", &[("bob.update-user.yaml", BOB)]);
    let capabilities = json!({"workspace": {"didChangeWatchedFiles": {"dynamicRegistration": true}}});
    let (mut client, _) = Client::initialized(&dir, capabilities);
    let registration = client.wait(|m| m["method"] == "client/registerCapability");
    let watchers = &registration["params"]["registrations"][0]["registerOptions"]["watchers"];
    assert_eq!(watchers[0]["globPattern"], "**/.chime-shape.yaml");
    client.send(&json!({"jsonrpc": "2.0", "id": registration["id"], "result": null}));
    let file = uri(&dir, "bob.update-user.yaml");
    client.open(&file, "yaml", BOB);
    let severities =
        |d: &[Value]| -> Vec<String> { seen(d).into_iter().map(|s| format!("{}:{}", s.4, s.5)).collect() };
    assert!(severities(&client.diagnostics(&file, Some(1))).contains(&"enum:error".to_owned()));
    // Watched files: the configuration appears.
    std::fs::write(dir.join(".chime-shape.yaml"), "severity:\n  enum: warning\n  type: off\n").unwrap();
    let config = uri(&dir, ".chime-shape.yaml");
    client.notify("workspace/didChangeWatchedFiles", json!({"changes": [{"uri": config, "type": 1}]}));
    let now = severities(&client.diagnostics(&file, None));
    assert!(
        now.contains(&"enum:warning".to_owned()) && !now.iter().any(|s| s.starts_with("type")),
        "{now:?}"
    );
    // Saved in the editor: a broken one is reported on itself, and the
    // documents are checked without it.
    std::fs::write(dir.join(".chime-shape.yaml"), "severity:\n  enumm: warning\n").unwrap();
    client.notify("textDocument/didSave", json!({"textDocument": {"uri": config}}));
    let problems = client.diagnostics(&config, None);
    assert!(problems[0]["message"].as_str().unwrap().contains("did you mean \"enum\""), "{problems:?}");
    assert_eq!(problems[0]["range"]["start"], json!({"line": 1, "character": 2}));
    assert!(severities(&client.diagnostics(&file, None)).contains(&"enum:error".to_owned()));
    client.finish();
}

#[test]
fn the_modeline_names_the_operation_of_a_yaml_document() {
    let dir = repository("modeline", &[]);
    let (mut client, _) = Client::initialized(&dir, json!({}));
    let file = uri(&dir, "request.yaml");
    client.open(
        &file,
        "yaml",
        "# chime-shape: service=chime operation=update-user\nAccountId: a\nLicenseType: Gold\n",
    );
    let got = seen(&client.diagnostics(&file, Some(1)));
    let codes: Vec<&str> = got.iter().map(|s| s.4.as_str()).collect();
    assert_eq!(codes, ["required", "enum"], "{got:?}");
    // A wrong name: an `operation` finding on it, with the closest.
    let other = uri(&dir, "other.yaml");
    client.open(&other, "yaml", "# chime-shape: operation=update-usr\nAccountId: a\n");
    let got = seen(&client.diagnostics(&other, Some(1)));
    assert_eq!((got[0].1, got[0].3, got[0].4.as_str()), (25, 35, "operation"), "{got:?}");
    assert!(got[0].6.contains("update-user"), "{got:?}");
    // Without a modeline or a telling name: not a request, no finding.
    let plain = uri(&dir, "docker-compose.yaml");
    client.open(&plain, "yaml", "services:\n  web:\n    image: x\n");
    assert!(client.diagnostics(&plain, Some(1)).is_empty());
    client.finish();
}

#[test]
fn scripts_get_lints_findings() {
    let script = "#!/bin/sh\nset -eu\naws chime update-user --account-id \"$A\" --user-id u \\\n    --license-type pro\naws chime create-room --acount-id a --name standup\n";
    let markdown = "# Setup\n\n```sh\naws chime get-user --account-id a\n```\n";
    let dir = repository("scripts", &[("provision.sh", script), ("README.md", markdown)]);
    let (mut client, _) = Client::initialized(&dir, json!({}));
    for (file, language) in [("provision.sh", "shellscript"), ("README.md", "markdown")] {
        client.open(&uri(&dir, file), language, &std::fs::read_to_string(dir.join(file)).unwrap());
        let got = seen(&client.diagnostics(&uri(&dir, file), Some(1)));
        let expected = command_findings(&dir, "lint", file, utf16);
        assert!(!expected.is_empty(), "{file}");
        assert_eq!(got, expected, "{file}");
    }
    // Hover on an option shows its member.
    let hover = client.request(
        "textDocument/hover",
        json!({"textDocument": {"uri": uri(&dir, "provision.sh")}, "position": {"line": 3, "character": 8}}),
    );
    assert!(hover["contents"]["value"].as_str().unwrap().starts_with("**LicenseType**"), "{hover}");
    client.finish();
}

#[test]
fn works_without_a_network() {
    // `unshare -n` (a new, empty network namespace) needs privileges; where
    // it is unavailable, `guarantees` still checks that no socket crate is
    // in the dependency tree.
    if !Command::new("unshare").args(["-n", "true"]).status().is_ok_and(|s| s.success()) {
        eprintln!("skipped: unshare -n is not available here");
        return;
    }
    let dir = repository("offline", &[("bob.update-user.yaml", BOB)]);
    let mut client = Client::start_under(&dir, &["unshare", "-n"], &[]);
    client.request("initialize", json!({"capabilities": {}}));
    client.notify("initialized", json!({}));
    let file = uri(&dir, "bob.update-user.yaml");
    client.open(&file, "yaml", BOB);
    assert_eq!(client.diagnostics(&file, Some(1)).len(), 3);
    assert_eq!(client.finish().0, 0);
}
