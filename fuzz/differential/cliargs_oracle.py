#!/usr/bin/env python3
"""Runs argument lists found by the `cliargs` fuzzer through the real AWS CLI.

    python3 fuzz/differential/cliargs_oracle.py [--limit N] DIR...   # e.g. fuzz/corpus/cliargs

--limit N runs an even sample of N inputs (the N with the smallest sha1).

Each fuzz input (selector bytes, NUL-separated arguments, U+0001 and the
content of the fake file `d`; see fuzz/README.md) is run in-process through
awscli 1.45.11 exactly as `scripts/gen-parse-cases` runs its cases (same
capture of the parameters handed to botocore, same clean environment), in a
temporary folder holding the fake environment's files, with HOME set to that
folder, X=in.json and E empty. The records, sorted by input, go to
fuzz/differential/cliargs-corpus.jsonl.gz:

    {"input": base64 of the fuzz input, "args": [...], "result": {"params": ...} | {"error": {...}}}

`tests/fuzz_regressions.rs` replays every input through the fuzz harness and
requires the same parameters, or an error where the CLI failed.

Inputs left out, because chime-shape differs there on purpose or the fake
environment cannot be mirrored: not UTF-8; an absolute /home/u path; an
option that is (a prefix of) --cli-input-yaml (v2 only), a global or
pagination option, or --generate-cli-skeleton; NaN or Infinity anywhere;
http:// and https:// values (AWS CLI v1 downloads them, chime-shape never
touches the network).
"""

import argparse
import base64
import gzip
import hashlib
import importlib.machinery
import json
import os
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
OUT = os.path.join(ROOT, "fuzz", "differential", "cliargs-corpus.jsonl.gz")
gen = importlib.machinery.SourceFileLoader(
    "gen_parse_cases", os.path.join(ROOT, "scripts", "gen-parse-cases")
).load_module()
seeds = importlib.machinery.SourceFileLoader(
    "fuzz_seeds", os.path.join(ROOT, "fuzz", "seeds", "generate.py")
).load_module()

# The fake environment of fuzz/src/harness.rs (FakeEnv), as real files.
FILES = {
    "in.json": b'{"AccountId": "a", "Name": "n", "Tags": [{"Key": "k", "Value": "v"}], "MaxResults": 5}',
    "in.yaml": b"AccountId: a\nName: n\nTags:\n- Key: k\n  Value: v\nMaxResults: 5\n",
    "t.txt": b"text\r\nline two\r",
    "n.txt": b"42\n",
    "j.txt": b"[1, 2, 3]",
    "e.txt": b"",
    "b.bin": b"\xff\xfe\x00\x01\x02",
}
# libFuzzer compares option names, so prefixes of these show up too.
SKIPPED_OPTIONS = [
    "--cli-input-yaml",
    "--generate-cli-skeleton",
    "--debug",
    "--endpoint-url",
    "--no-verify-ssl",
    "--no-paginate",
    "--output",
    "--query",
    "--profile",
    "--region",
    "--version",
    "--color",
    "--no-sign-request",
    "--ca-bundle",
    "--cli-read-timeout",
    "--cli-connect-timeout",
    "--cli-binary-format",
    "--no-cli-pager",
    "--cli-auto-prompt",
    "--no-cli-auto-prompt",
    "--starting-token",
    "--page-size",
    "--max-items",
]


def split(data):
    """(service, operation, args, d) of a fuzz input, or None to skip it."""
    if len(data) < 2:
        return None
    service = seeds.SERVICES[data[0] % 6]
    ops = seeds.OPS[service]
    op = ops[data[1] % len(ops)]
    try:
        text = data[2:].decode("utf-8")
    except UnicodeDecodeError:
        return None
    args, _, d = text.partition("\x01")
    args = args.split("\0") if args else []
    for arg in args:
        name = arg.split("=", 1)[0]
        if "/home/u" in arg or "nan" in arg.lower() or "infinity" in arg.lower() or "http" in arg:
            return None
        if name.startswith("-") and any(o.startswith(name) for o in SKIPPED_OPTIONS if len(name) > 2):
            return None
        if name.startswith("--") and any(name.startswith(o) for o in SKIPPED_OPTIONS):
            return None
    if "/home/u" in d:
        return None
    return service, op, args, d.encode("utf-8")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--limit", type=int, default=0)
    parser.add_argument("dirs", nargs="+")
    options = parser.parse_args()
    inputs = {}
    for folder in options.dirs:
        for name in sorted(os.listdir(folder)):
            with open(os.path.join(folder, name), "rb") as f:
                data = f.read()
            case = split(data)
            if case is not None:
                inputs[data] = case
    # A --limit takes an even sample: the inputs with the smallest sha1.
    chosen = sorted(inputs, key=lambda data: hashlib.sha1(data).digest())
    if options.limit:
        chosen = chosen[: options.limit]
    chosen.sort()
    records = []
    old_cwd = os.getcwd()
    with tempfile.TemporaryDirectory() as tmp:
        for name, content in FILES.items():
            with open(os.path.join(tmp, name), "wb") as f:
                f.write(content)
        os.mkdir(os.path.join(tmp, "dir"))
        os.chdir(tmp)
        try:
            for data in chosen:
                service, op, args, d = inputs[data]
                with open(os.path.join(tmp, "d"), "wb") as f:
                    f.write(d)
                case = {"service": service, "args": [op] + args, "env": {"HOME": tmp, "X": "in.json", "E": ""}}
                try:
                    result, _, _ = gen.run_in_process(case, tmp)
                except Exception as e:  # the CLI itself crashed: record as an error
                    result = {"error": {"exit": 255, "stderr": f"{type(e).__name__}: {e}"}}
                records.append(
                    {"input": base64.b64encode(data).decode("ascii"), "args": case["args"], "result": result}
                )
        finally:
            os.chdir(old_cwd)
    with gzip.GzipFile(OUT, "wb", mtime=0) as raw:
        for record in records:
            raw.write((json.dumps(record, ensure_ascii=False) + "\n").encode("utf-8"))
    print(f"{len(records)} records -> {os.path.relpath(OUT, ROOT)}", file=sys.stderr)


if __name__ == "__main__":
    main()
