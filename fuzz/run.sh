#!/usr/bin/env bash
# Runs one fuzz target the way the campaign in fuzz/README.md ran it:
#   fuzz/run.sh TARGET SECONDS
# Builds with `cargo fuzz build -s none` (nightly, or stable with RUSTC_BOOTSTRAP=1),
# then runs the binary under `nice` with one job, the target's dictionary, the committed
# seeds (read-only) and the working corpus fuzz/corpus/TARGET (written). Crashes go to
# fuzz/artifacts/TARGET/, libFuzzer's log to fuzz/artifacts/logs/TARGET-<date>/fuzz-0.log.
set -euo pipefail
target=${1:?target}
seconds=${2:-1200}
cd "$(dirname "$0")"
fuzz=$PWD
if cargo +nightly --version >/dev/null 2>&1; then toolchain=(+nightly); else toolchain=(); export RUSTC_BOOTSTRAP=1; fi
(cd .. && nice -n 10 cargo "${toolchain[@]}" fuzz build -s none "$target")
case $target in
    shorthand | cliargs) max_len=4096 ;;
    *) max_len=8192 ;;
esac
mkdir -p "corpus/$target" "artifacts/$target" artifacts/logs
run="$fuzz/artifacts/logs/$target-$(date -u +%Y%m%dT%H%M%SZ)"
mkdir -p "$run"
cd "$run"
# -jobs=1 runs the fuzzer in one child process whose output goes to $run/fuzz-0.log.
nice -n 10 "$fuzz/target/x86_64-unknown-linux-gnu/release/$target" \
    -jobs=1 -workers=1 \
    -max_total_time="$seconds" -rss_limit_mb=2048 -timeout=10 -max_len="$max_len" \
    -dict="$fuzz/dict/$target.dict" -artifact_prefix="$fuzz/artifacts/$target/" \
    -print_final_stats=1 \
    "$fuzz/corpus/$target" "$fuzz/seeds/$target" >"$run/driver.log" 2>&1 || true
tail -n 30 "$run/fuzz-0.log"
