#!/usr/bin/env bash
# Starts `bin/sluice serve` with the given serve flags, runs `bin/sluice bench` against it, stops the server.
# Usage: bench/serve-and-bench.sh "SERVE FLAGS" "BENCH FLAGS"
# Example: bench/serve-and-bench.sh "--router kv --tier 196608=4" "--trace trace.jsonl --report /tmp/r"
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
port="${BENCH_PORT:-8200}"
log="$(mktemp)"
# shellcheck disable=SC2086
"$root/bin/sluice" serve --http-host 127.0.0.1 --http-port "$port" $1 >"$log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null; wait $server 2>/dev/null; rm -f "$log"' EXIT
for _ in $(seq 120); do
    grep -q "Sluice serving" "$log" && break
    kill -0 $server 2>/dev/null || { cat "$log" >&2; exit 1; }
    sleep 0.5
done
grep "Sluice serving" "$log"
# shellcheck disable=SC2086
"$root/bin/sluice" bench --url "http://127.0.0.1:$port" $2
