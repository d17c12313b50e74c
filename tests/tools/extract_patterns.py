#!/usr/bin/env python3
"""Collect every distinct `pattern` trait from the installed botocore data directory.

Reads the newest API version of every service's service-2.json.gz and writes
tests/data/all-patterns.txt.gz (one `service:Shape<TAB>pattern` line per distinct pattern, the
first shape in service/shape order) and tests/data/chime-patterns.txt (the Chime family only).

Usage: python3 tests/tools/extract_patterns.py [BOTOCORE_DATA_DIR]
"""
import gzip
import json
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "..", "data")


def main():
    if len(sys.argv) > 1:
        data = sys.argv[1]
    else:
        import botocore
        data = os.path.join(os.path.dirname(botocore.__file__), "data")
    import botocore
    seen, chime, services = {}, {}, 0
    for svc in sorted(os.listdir(data)):
        path = os.path.join(data, svc)
        if not os.path.isdir(path):
            continue
        versions = sorted(v for v in os.listdir(path)
                          if os.path.exists(os.path.join(path, v, "service-2.json.gz")))
        if not versions:
            continue
        services += 1
        with gzip.open(os.path.join(path, versions[-1], "service-2.json.gz")) as f:
            model = json.load(f)
        for name, shape in sorted(model.get("shapes", {}).items()):
            pattern = shape.get("pattern")
            if pattern is None:
                continue
            assert "\t" not in pattern and "\n" not in pattern
            seen.setdefault(pattern, f"{svc}:{name}")
            if svc.startswith("chime"):
                chime.setdefault(pattern, f"{svc}:{name}")
    header = (f"# {len(seen)} distinct botocore `pattern` traits from {services} services "
              f"(botocore {botocore.__version__}, newest API version of each)\n"
              "# format: first-shape<TAB>pattern\n")
    with gzip.GzipFile(os.path.join(OUT, "all-patterns.txt.gz"), "wb", mtime=0) as f:
        f.write(header.encode())
        for pattern, shape in seen.items():
            f.write(f"{shape}\t{pattern}\n".encode())
    with open(os.path.join(OUT, "chime-patterns.txt"), "w") as f:
        f.write(f"# {len(chime)} distinct Chime-family patterns\n# format: first-shape<TAB>pattern\n")
        for pattern, shape in chime.items():
            f.write(f"{shape}\t{pattern}\n")
    print(f"{services} services, {len(seen)} patterns, {len(chime)} Chime patterns", file=sys.stderr)


if __name__ == "__main__":
    main()
