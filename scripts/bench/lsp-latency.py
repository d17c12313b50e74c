#!/usr/bin/env python3
"""Time from a change to its diagnostics, through `chime-shape lsp`, end to end.

Usage: scripts/bench/lsp-latency.py CHIME_SHAPE [--runs N] [--json]

Starts `CHIME_SHAPE lsp` in a scratch repository with a 1 MB request document
(`chime batch-update-phone-number`, laid out as `json.dumps(indent=4)` and as
block YAML, as `benches/lsp.rs` makes them), opens it, and then N times sends a
one-character change (an enum value made wrong, then right again) and waits for
the `textDocument/publishDiagnostics` that follows. What is timed is what a user
waits for: the server's pause after a change, reading the change, checking the
document and writing the diagnostics. Prints the median and the slowest run for
each format (with --json, as a JSON object in milliseconds).

Issue 16's goal: diagnostics within 50 ms of a change to a 1 MB document.
"""
import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time

PRODUCT_TYPES = ["BusinessCalling", "VoiceConnector", "SipMediaApplicationDialIn"]
ONE_MB = 1024 * 1024


def large_json(size):
    items = []
    total = 0
    i = 0
    while total < size:
        item = (
            "        {\n"
            f'            "PhoneNumberId": "+1206{i % 10_000_000:07}",\n'
            f'            "ProductType": "{PRODUCT_TYPES[i % 3]}",\n'
            f'            "CallingName": "Caller {i % 100_000}"\n'
            "        }"
        )
        items.append(item)
        total += len(item) + 2
        i += 1
    return '{\n    "UpdatePhoneNumberRequestItems": [\n' + ",\n".join(items) + "\n    ]\n}\n"


def large_yaml(size):
    out = ["UpdatePhoneNumberRequestItems:\n"]
    total = len(out[0])
    i = 0
    while total < size:
        item = (
            f"- PhoneNumberId: '+1206{i % 10_000_000:07}'\n"
            f"  ProductType: {PRODUCT_TYPES[i % 3]}\n"
            f"  CallingName: Caller {i % 100_000}\n"
        )
        out.append(item)
        total += len(item)
        i += 1
    return "".join(out)


class Server:
    def __init__(self, binary, root):
        self.proc = subprocess.Popen(
            [binary, "lsp"], cwd=root, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL
        )
        self.next_id = 1

    def send(self, message):
        body = json.dumps(message).encode()
        self.proc.stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
        self.proc.stdin.flush()

    def receive(self):
        length = None
        while True:
            line = self.proc.stdout.readline()
            if not line:
                raise SystemExit("the server ended")
            line = line.strip()
            if not line:
                break
            name, _, value = line.partition(b":")
            if name.lower() == b"content-length":
                length = int(value)
        return json.loads(self.proc.stdout.read(length))

    def request(self, method, params):
        ident = self.next_id
        self.next_id += 1
        self.send({"jsonrpc": "2.0", "id": ident, "method": method, "params": params})
        while True:
            message = self.receive()
            if message.get("id") == ident and "method" not in message:
                return message

    def notify(self, method, params):
        self.send({"jsonrpc": "2.0", "method": method, "params": params})

    def diagnostics(self, uri):
        while True:
            message = self.receive()
            if message.get("method") == "textDocument/publishDiagnostics" and message["params"]["uri"] == uri:
                return message["params"]["diagnostics"]

    def close(self):
        self.request("shutdown", None)
        self.notify("exit", None)
        self.proc.wait(timeout=10)


def measure(binary, fmt, runs):
    with tempfile.TemporaryDirectory() as root:
        name = f"big.batch-update-phone-number.{fmt}"
        text = large_json(ONE_MB) if fmt == "json" else large_yaml(ONE_MB)
        with open(os.path.join(root, name), "w") as f:
            f.write(text)
        with open(os.path.join(root, ".chime-shape.yaml"), "w") as f:
            f.write("service: chime\n")
        uri = "file://" + os.path.join(root, name)
        server = Server(binary, root)
        server.request("initialize", {"processId": None, "rootUri": "file://" + root, "capabilities": {}})
        server.notify("initialized", {})
        server.notify(
            "textDocument/didOpen",
            {"textDocument": {"uri": uri, "languageId": fmt, "version": 1, "text": text}},
        )
        found = server.diagnostics(uri)
        if found:
            raise SystemExit(f"the {fmt} document should be valid: {found[:3]}")
        # The value to change: the last item's BusinessCalling (ASCII, so
        # UTF-16 columns are byte columns).
        lines = text.split("\n")
        line = max(i for i, l in enumerate(lines) if "BusinessCalling" in l)
        column = lines[line].index("BusinessCalling") + len("BusinessCalling") - 1
        times = []
        for run in range(runs):
            wrong = run % 2 == 0
            change = {
                "range": {
                    "start": {"line": line, "character": column},
                    "end": {"line": line, "character": column + 1},
                },
                "text": "x" if wrong else "g",
            }
            started = time.perf_counter()
            server.notify(
                "textDocument/didChange",
                {"textDocument": {"uri": uri, "version": run + 2}, "contentChanges": [change]},
            )
            found = server.diagnostics(uri)
            times.append((time.perf_counter() - started) * 1000)
            if bool(found) != wrong:
                raise SystemExit(f"run {run}: expected {'a finding' if wrong else 'none'}, got {found[:3]}")
        server.close()
        return {"median_ms": statistics.median(times), "max_ms": max(times), "runs": runs, "bytes": len(text)}


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("binary")
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    args.binary = os.path.abspath(args.binary)
    results = {fmt: measure(args.binary, fmt, args.runs) for fmt in ("json", "yaml")}
    if args.json:
        json.dump(results, sys.stdout)
        print()
    else:
        for fmt, r in results.items():
            print(f"{fmt}: {r['bytes']} bytes, median {r['median_ms']:.1f} ms, max {r['max_ms']:.1f} ms ({r['runs']} changes)")


if __name__ == "__main__":
    main()
