#!/usr/bin/env python3
"""Runs shorthand inputs found by the fuzzer through the real AWS CLI parser.

    python3 fuzz/differential/shorthand_oracle.py DIR...   # e.g. fuzz/corpus/shorthand

Every UTF-8 file of the given directories is parsed by
``awscli.shorthand.ShorthandParser`` exactly as ``scripts/gen-shorthand-cases``
does (same stub paramfile loader, same record format), and the records are
written, sorted by input, to ``fuzz/differential/shorthand-corpus.jsonl.gz``.
``tests/fuzz_regressions.rs`` replays them against chime-shape's parser.

Inputs the two parsers cannot agree on by design are left out: text that is
not UTF-8 or holds a lone surrogate, nesting deeper than chime-shape's
MAX_DEPTH (64; the AWS CLI has no limit), and inputs where Python raises
RecursionError.
"""

import gzip
import importlib.machinery
import json
import os
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
OUT = os.path.join(ROOT, "fuzz", "differential", "shorthand-corpus.jsonl.gz")
gen = importlib.machinery.SourceFileLoader(
    "gen_shorthand_cases", os.path.join(ROOT, "scripts", "gen-shorthand-cases")
).load_module()


def too_deep(text):
    # An over-approximation of the parser's nesting (brackets inside quotes
    # count too), so nothing near the limit is compared.
    depth = best = 0
    for c in text:
        if c in "[{":
            depth += 1
            best = max(best, depth)
        elif c in "]}":
            depth = max(depth - 1, 0)
    return best >= 64


def main():
    inputs = set()
    for d in sys.argv[1:]:
        for name in os.listdir(d):
            with open(os.path.join(d, name), "rb") as f:
                data = f.read()
            try:
                text = data.decode("utf-8")
            except UnicodeDecodeError:
                continue
            if not too_deep(text):
                inputs.add(text)
    records = []
    for text in sorted(inputs):
        record = gen.run(text)
        if record is not None:
            records.append(record)
    with gzip.GzipFile(OUT, "wb", mtime=0) as raw:
        for record in records:
            raw.write((json.dumps(record, ensure_ascii=False) + "\n").encode("utf-8"))
    print(f"{len(records)} records from {len(inputs)} inputs -> {os.path.relpath(OUT, ROOT)}", file=sys.stderr)


if __name__ == "__main__":
    main()
