#!/usr/bin/env bash
# Runs the same bench workloads with several clients against ONE server, started once, and prints one line per
# run: the client's CPU per 1,000 streamed tokens, send lag, ITL and token gaps, and the server's CPU during the
# run (from /proc). Optionally runs the Python reference reader alongside each run (REFERENCE="ARGS").
# Usage: bench/compare-clients.sh "SERVE FLAGS" "CLIENTS" "BENCH FLAGS" [REPEATS]
# Example: bench/compare-clients.sh "--tier 32768=4" "netty jdk" "--rate 8 --duration 30 --input-len 1000:1000"
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
port="${BENCH_PORT:-8200}"
out="${BENCH_OUT:-$(mktemp -d)}"
log="$out/server.log"
# shellcheck disable=SC2086
"$root/bin/sluice" serve --http-host 127.0.0.1 --http-port "$port" $1 >"$log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null; wait $server 2>/dev/null' EXIT
for _ in $(seq 240); do
    grep -q "Sluice serving" "$log" && break
    kill -0 $server 2>/dev/null || { cat "$log" >&2; exit 1; }
    sleep 0.5
done
grep "Sluice serving" "$log"
cpu() { awk -v hz="$(getconf CLK_TCK)" '{ print ($14 + $15) / hz }' "/proc/$1/stat"; }
for repeat in $(seq "${4:-1}"); do
    for client in $2; do
        dir="$out/$client-$repeat"
        before="$(cpu $server)"
        reference=""
        if [[ -n "${REFERENCE:-}" ]]; then
            # shellcheck disable=SC2086
            (sleep "${REFERENCE_DELAY:-8}"; python3 "$root/bench/reference-reader.py" "http://127.0.0.1:$port" $REFERENCE \
                >"$dir.reference" 2>&1) &
            reference=$!
        fi
        # shellcheck disable=SC2086
        "$root/bin/sluice" bench --url "http://127.0.0.1:$port" --client "$client" --report "$dir" $3 \
            >"$dir.out" 2>"$dir.err" || true
        [[ -n "$reference" ]] && wait "$reference"
        after="$(cpu $server)"
        python3 - "$dir/report.json" "$client" "$(awk -v a="$after" -v b="$before" 'BEGIN { print a - b }')" \
            "$(cut -d' ' -f1 /proc/loadavg)" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))["report"]
c, a = r["selfCheck"], r["buckets"]["all"]
print(f"{sys.argv[2]:6} req {a['requests']:5} err {a['errors']:3} | client CPU {c['cpuSeconds']:6.2f} s "
      f"{c['cpuMillisPerThousandTokens']:6.1f} ms/1k tok | server CPU {float(sys.argv[3]):6.2f} s | "
      f"lag p50 {c['sendLagMillis']['p50']:.2f} p99 {c['sendLagMillis']['p99']:.2f} ms | "
      f"ITL p50 {a['itlMillis']['p50']:.3f} gap p50 {a['gapMillis']['p50']:.3f} p90 {a['gapMillis']['p90']:.3f} | "
      f"TTFT p50 {a['ttftMillis']['p50']:.1f} | {a['outputTokensPerSecond']:.0f} tok/s | "
      f"{'kept up' if c['keptUp'] else 'NOT kept up'} | load {sys.argv[4]}")
PY
        [[ -f "$dir.reference" ]] && cat "$dir.reference"
    done
done
