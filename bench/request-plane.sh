#!/usr/bin/env bash
# Measures one request plane end to end on this machine: streamed chunks/s at 1, 8 and 32 concurrent streams of
# 20,000 tokens each (curl clients), short chat completions/s (wrk, bench/wrk/chat.lua), and, distributed, the bytes
# the workers' gRPC sockets sent per streamed token (ss). Workers run at --speedup-ratio 1000000, so what is
# measured is Sluice, not the simulated GPU.
# Usage: bench/request-plane.sh embedded|distributed [SLUICE_HOME] [PORT_BASE]
#   SLUICE_HOME: a built checkout (default: this one), to compare builds; nothing is rebuilt.
#   SLUICE_PROFILE=DIR: record JFR profiles of each Sluice JVM into DIR: NAME.jfr during the 32-stream run,
#   NAME-chat.jfr during the chat completions.
#   BENCH_STREAMS="1 8 32": the stream concurrencies to measure (empty: chat completions only).
set -euo pipefail
mode="${1:?usage: bench/request-plane.sh embedded|distributed [SLUICE_HOME] [PORT_BASE]}"
home="${2:-$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)}"
base="${3:-8300}"
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
source "$here/../bin/common.sh"
find_java
model="$(ensure_default_model)"
tokens=20000
work="$(mktemp -d)"
pids=()
trap 'for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null; rm -rf "$work"' EXIT

declare -A jvms=()
sluice() { # name, args...
    local name="$1"
    shift
    SLUICE_DEFAULT_MODEL="$model" "$JAVA_HOME/bin/java" "${SLUICE_JVM_OPTS[@]}" \
        -cp "$home/cli/target/classes:$home/cli/target/lib/*" dev.sluice.cli.Main "$@" >"$work/$name.log" 2>&1 &
    pids+=($!)
    jvms[$name]=$!
}

profile() { # start|stop [SUFFIX]: a JFR recording of every Sluice JVM
    [[ -n "${SLUICE_PROFILE:-}" ]] || return 0
    for name in "${!jvms[@]}"; do
        if [[ "$1" == start ]]; then
            "$JAVA_HOME/bin/jcmd" "${jvms[$name]}" JFR.start name=bench settings=profile >/dev/null
        else
            "$JAVA_HOME/bin/jcmd" "${jvms[$name]}" JFR.stop name=bench filename="$SLUICE_PROFILE/$name$2.jfr" >/dev/null
        fi
    done
}

await_log() { # file, pattern
    for _ in $(seq 240); do
        grep -q "$2" "$1" 2>/dev/null && return
        sleep 0.5
    done
    echo "timed out waiting for '$2' in $1:" >&2
    cat "$1" >&2
    exit 1
}

url="http://127.0.0.1:$base"
if [[ "$mode" == embedded ]]; then
    sluice serve serve --http-host 127.0.0.1 --http-port "$base" --speedup-ratio 1000000 --tier 32768=2 \
        --router round-robin
    await_log "$work/serve.log" "Sluice serving"
else
    etcd --data-dir "$work/etcd" --listen-client-urls "http://127.0.0.1:$((base + 1))" \
        --advertise-client-urls "http://127.0.0.1:$((base + 1))" --listen-peer-urls "http://127.0.0.1:$((base + 2))" \
        >"$work/etcd.log" 2>&1 &
    pids+=($!)
    nats-server -a 127.0.0.1 -p "$((base + 3))" >"$work/nats.log" 2>&1 &
    pids+=($!)
    services=(--etcd "http://127.0.0.1:$((base + 1))" --nats "nats://127.0.0.1:$((base + 3))")
    for w in 1 2; do
        sluice "worker$w" worker "${services[@]}" --model-path "$model" --speedup-ratio 1000000 \
            --grpc-port "$((base + 3 + w))"
    done
    sluice frontend frontend "${services[@]}" --http-host 127.0.0.1 --http-port "$base" --router round-robin
    await_log "$work/worker1.log" "Sluice worker"
    await_log "$work/worker2.log" "Sluice worker"
    await_log "$work/frontend.log" "Sluice frontend"
fi
for _ in $(seq 240); do
    curl -sf "$url/v1/chat/completions" -H 'Content-Type: application/json' \
        -d '{"model":"Qwen/Qwen3-0.6B","messages":[{"role":"user","content":"Hi"}],"max_tokens":2}' >/dev/null && break
    sleep 0.5
done

worker_bytes_sent() { # total bytes the workers' gRPC sockets have sent so far
    ss -tinH state established "( sport = :$((base + 4)) or sport = :$((base + 5)) )" |
        { grep -o 'bytes_sent:[0-9]*' || true; } | cut -d: -f2 | awk '{s += $1} END {print s + 0}'
}

streams() ( # concurrency; prints chunks/s (a subshell, so that wait waits for its clients only)
    local body start end total=0
    body="{\"model\":\"Qwen/Qwen3-0.6B\",\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}],\"max_tokens\":$tokens,\"stream\":true,\"ignore_eos\":true}"
    start=$(date +%s.%N)
    for i in $(seq "$1"); do
        curl -sN "$url/v1/chat/completions" -H 'Content-Type: application/json' -d "$body" |
            grep -c '^data: {' >"$work/chunks.$i" &
    done
    wait
    end=$(date +%s.%N)
    for i in $(seq "$1"); do total=$((total + $(cat "$work/chunks.$i"))); done
    echo "$total $(echo "$total / ($end - $start)" | bc -l)"
)

echo "# $mode plane, $home, $(date -Is), load: $(uptime | sed 's/.*load average: //')"
streams 8 >/dev/null # warm-up
wrk -t2 -c32 -d5s -s "$here/wrk/chat.lua" "$url/v1/chat/completions" >/dev/null
for c in ${BENCH_STREAMS-1 8 32}; do
    before=$(worker_bytes_sent)
    [[ "$c" == 32 ]] && profile start
    read -r total rate < <(streams "$c")
    [[ "$c" == 32 ]] && profile stop
    after=$(worker_bytes_sent)
    line="streams=$c chunks=$total chunks_per_s=$(printf '%.0f' "$rate")"
    if [[ "$mode" == distributed ]]; then
        line+=" wire_bytes_per_token=$(echo "($after - $before) / $total" | bc -l | xargs printf '%.1f')"
    fi
    echo "$line"
done
profile start
echo "chat: $(wrk -t2 -c32 -d10s -s "$here/wrk/chat.lua" "$url/v1/chat/completions" | tail -1)"
profile stop -chat
echo "# load after: $(uptime | sed 's/.*load average: //')"
