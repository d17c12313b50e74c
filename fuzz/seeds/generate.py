#!/usr/bin/env python3
"""Writes the committed fuzz seeds, fuzz/seeds/<target>/, from the test data.

    python3 fuzz/seeds/generate.py        # from the repository root; needs botocore (for xform_name)

Deterministic: the same test data gives the same files. Seeds are named by
the sha1 of their content (as libFuzzer names corpus files), so re-running
only adds or removes files. Hand-written edge cases live in
fuzz/seeds/<target>/edge-*, which this script leaves alone.

Sources:
  shorthand  tests/data/shorthand_differential.jsonl.gz (every 25th input, plus every
             4th input with a loader call) and the shorthand-looking values of
             tests/data/parse-cases.jsonl
  cliargs    tests/data/parse-cases.jsonl (every 3rd case): selector bytes, the
             arguments joined by NUL, and the first file:// / fileb:// file of
             tests/data/parse-cases-files as the content of the fake file `d`
  json/yaml  tests/corpus/*/*/*.json / *.yaml (every 12th file of each kind)
  validate   the same documents, prefixed with the selector bytes of their operation
"""

import gzip
import hashlib
import json
import os
import re
import sys

from botocore import xform_name

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
SEEDS = os.path.join(ROOT, "fuzz", "seeds")
# The order of chime_shape::model::EMBEDDED.
SERVICES = [
    "chime",
    "chime-sdk-identity",
    "chime-sdk-meetings",
    "chime-sdk-messaging",
    "chime-sdk-voice",
    "chime-sdk-media-pipelines",
]
# Largest seed: the -max_len of the runs in fuzz/README.md.
MAX_LEN = 8192
FILES = os.path.join(ROOT, "tests", "data", "parse-cases-files")


def operations(service):
    base = os.path.join(ROOT, "models", service)
    (version,) = os.listdir(base)
    with gzip.open(os.path.join(base, version, "service-2.json.gz")) as f:
        model = json.load(f)
    return [xform_name(name, "-") for name in model["operations"]]


OPS = {s: operations(s) for s in SERVICES}


def selector(service, op, flags=0):
    return bytes([SERVICES.index(service) + 6 * flags, OPS[service].index(op)])


def reset(target):
    d = os.path.join(SEEDS, target)
    os.makedirs(d, exist_ok=True)
    for name in os.listdir(d):
        if not name.startswith("edge-"):
            os.remove(os.path.join(d, name))
    return d


def write(d, data):
    if isinstance(data, str):
        data = data.encode("utf-8")
    if len(data) > MAX_LEN:
        return
    with open(os.path.join(d, hashlib.sha1(data).hexdigest()), "wb") as f:
        f.write(data)


def main():
    cases = [json.loads(line) for line in open(os.path.join(ROOT, "tests", "data", "parse-cases.jsonl"))]

    d = reset("shorthand")
    with gzip.open(os.path.join(ROOT, "tests", "data", "shorthand_differential.jsonl.gz"), "rt") as f:
        for i, line in enumerate(f):
            case = json.loads(line)
            interesting = case.get("calls") and i % 4 == 0
            if (i % 25 == 0 or interesting) and len(case["input"].encode("utf-8")) <= MAX_LEN:
                write(d, case["input"])
    for case in cases:
        for arg in case["args"][1:]:
            if "=" in arg and not arg.startswith("-") and not arg.lstrip().startswith(("{", "[")):
                write(d, arg)

    d = reset("cliargs")
    for i, case in enumerate(cases):
        if i % 3 or case["args"][0] not in OPS[case["service"]]:
            continue
        args = case["args"][1:]
        content = None
        out = []
        for arg in args:
            m = re.match(r"^(fileb?://)([^~$/][^:]*)$", arg)
            if content is None and m and os.path.isfile(os.path.join(FILES, m.group(2))):
                with open(os.path.join(FILES, m.group(2)), "rb") as f:
                    content = f.read()
                arg = m.group(1) + "d"
            out.append(arg.replace("@FILES@", "/home/u"))
        data = selector(case["service"], case["args"][0]) + "\0".join(out).encode("utf-8")
        if content is not None:
            data += b"\x01" + content
        write(d, data)

    dj, dy, dv = reset("json"), reset("yaml"), reset("validate")
    n = {".json": 0, ".yaml": 0}
    for service in SERVICES:
        base = os.path.join(ROOT, "tests", "corpus", service)
        for op in sorted(os.listdir(base)):
            for name in sorted(os.listdir(os.path.join(base, op))):
                if name == "expected.json":
                    continue
                ext = os.path.splitext(name)[1]
                n[ext] += 1
                if n[ext] % 12:
                    continue
                with open(os.path.join(base, op, name), "rb") as f:
                    data = f.read()
                write(dj if name.endswith(".json") else dy, data)
                write(dv, selector(service, op) + data)
    for target in ["shorthand", "cliargs", "json", "yaml", "validate"]:
        print(target, len(os.listdir(os.path.join(SEEDS, target))), file=sys.stderr)


if __name__ == "__main__":
    main()
