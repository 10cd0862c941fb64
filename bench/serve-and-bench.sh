#!/usr/bin/env bash
# Starts `bin/sluice serve` with the given serve flags, runs `bin/sluice bench` against it, stops the server, and
# prints the CPU time the server and the bench used during the bench run (from /proc), to set the client's cost
# against the server's.
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
for _ in $(seq 240); do
    grep -q "Sluice serving" "$log" && break
    kill -0 $server 2>/dev/null || { cat "$log" >&2; exit 1; }
    sleep 0.5
done
grep "Sluice serving" "$log"
cpu_seconds() { awk -v hz="$(getconf CLK_TCK)" '{ print ($14 + $15) / hz }' "/proc/$1/stat"; }
before="$(cpu_seconds $server)"
start="$(date +%s.%N)"
status=0
# shellcheck disable=SC2086
"$root/bin/sluice" bench --url "http://127.0.0.1:$port" $2 || status=$?
after="$(cpu_seconds $server)"
end="$(date +%s.%N)"
awk -v a="$after" -v b="$before" -v s="$start" -v e="$end" \
    'BEGIN { printf "server CPU during the bench: %.2f s over %.1f s wall (%.0f%% of one core); load %s\n", a - b, e - s, 100 * (a - b) / (e - s), "'"$(cut -d' ' -f1-3 /proc/loadavg)"'" }'
exit $status
