#!/usr/bin/env python3
"""A reference reader outside the JVM: streams completions from an OpenAI-compatible server with Python's
standard library only, stamps every read with time.perf_counter_ns(), and prints TTFT, per-request ITL
((E2E - TTFT) / (output tokens - 1)) and token-gap percentiles, to check `sluice bench`'s figures against.

Usage: bench/reference-reader.py URL --requests N --concurrency C --input-len L --output-len O [--model M]
Runs C readers, each sending its share of N requests one after another; bounded and self-stopping.
"""
import argparse
import http.client
import json
import random
import threading
import time
import urllib.parse


def one(url, model, input_len, output_len, rng):
    u = urllib.parse.urlparse(url)
    prompt = [rng.randrange(1000, 100000) for _ in range(input_len)]
    body = json.dumps({"model": model, "prompt": prompt, "max_tokens": output_len, "ignore_eos": True,
                       "stream": True, "stream_options": {"include_usage": True}})
    conn = http.client.HTTPConnection(u.hostname, u.port, timeout=600)
    start = time.perf_counter_ns()
    conn.request("POST", "/v1/completions", body, {"Content-Type": "application/json"})
    resp = conn.getresponse()
    if resp.status != 200:
        raise RuntimeError(f"HTTP {resp.status}: {resp.read()[:300]!r}")
    pending, chunks, tokens = b"", [], None
    while True:
        data = resp.read1(65536)
        now = time.perf_counter_ns()
        if not data:
            break
        pending += data
        while b"\n\n" in pending:
            event, pending = pending.split(b"\n\n", 1)
            for line in event.split(b"\n"):
                if not line.startswith(b"data:") or line.strip() == b"data: [DONE]":
                    continue
                chunk = json.loads(line[5:])
                if any(c.get("text") for c in chunk.get("choices", [])):
                    chunks.append(now - start)
                if chunk.get("usage"):
                    tokens = chunk["usage"]["completion_tokens"]
    end = time.perf_counter_ns() - start
    conn.close()
    return chunks, tokens or len(chunks), end


def pct(values, p):
    v = sorted(values)
    return v[min(len(v) - 1, int(p / 100 * len(v)))] if v else float("nan")


def main():
    a = argparse.ArgumentParser()
    a.add_argument("url")
    a.add_argument("--requests", type=int, default=20)
    a.add_argument("--concurrency", type=int, default=2)
    a.add_argument("--input-len", type=int, default=1000)
    a.add_argument("--output-len", type=int, default=200)
    a.add_argument("--model", default="Qwen/Qwen3-0.6B")
    args = a.parse_args()
    results, lock = [], threading.Lock()

    def reader(n, seed):
        rng = random.Random(seed)
        for _ in range(n):
            r = one(args.url, args.model, args.input_len, args.output_len, rng)
            with lock:
                results.append(r)

    share = [args.requests // args.concurrency + (i < args.requests % args.concurrency)
             for i in range(args.concurrency)]
    threads = [threading.Thread(target=reader, args=(n, i)) for i, n in enumerate(share)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    ttft = [c[0] / 1e6 for c, _, _ in results if c]
    itl = [(e - c[0]) / (n - 1) / 1e6 for c, n, e in results if c and n > 1]
    gaps = [(c[i + 1] - c[i]) / 1e6 for c, _, _ in results for i in range(len(c) - 1)]
    print(f"reference reader: {len(results)} requests, TTFT p50 {pct(ttft, 50):.2f} ms, "
          f"ITL p50 {pct(itl, 50):.3f} ms p90 {pct(itl, 90):.3f} ms, "
          f"gap p50 {pct(gaps, 50):.3f} ms p90 {pct(gaps, 90):.3f} ms p99 {pct(gaps, 99):.3f} ms")


if __name__ == "__main__":
    main()
