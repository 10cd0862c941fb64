package dev.sluice.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/** Workloads: Mooncake-format JSONL traces, and synthetic Poisson workloads. */
public final class Traces {
    private static final ObjectMapper JSON = new ObjectMapper();

    private Traces() {}

    /**
     * Parses a Mooncake trace: one JSON object per line with {@code timestamp} (ms), {@code input_length},
     * {@code output_length} and {@code hash_ids}. Blank lines are skipped; a bad line fails with its number.
     */
    public static List<TraceRequest> parseMooncake(Reader in, String name, int maxRequests) throws IOException {
        List<TraceRequest> out = new ArrayList<>();
        BufferedReader reader = new BufferedReader(in);
        int lineNo = 0;
        for (String line = reader.readLine(); line != null && out.size() < maxRequests; line = reader.readLine()) {
            lineNo++;
            if (line.isBlank()) {
                continue;
            }
            try {
                JsonNode n = JSON.readTree(line);
                long[] ids = new long[n.path("hash_ids").size()];
                for (int i = 0; i < ids.length; i++) {
                    ids[i] = requireInt(n.path("hash_ids").get(i), "hash_ids[" + i + "]");
                }
                out.add(new TraceRequest(
                        requireInt(n.get("timestamp"), "timestamp"),
                        (int) requireInt(n.get("input_length"), "input_length"),
                        (int) requireInt(n.get("output_length"), "output_length"),
                        ids));
            } catch (IOException | IllegalArgumentException e) {
                throw new IllegalArgumentException(name + " line " + lineNo + ": "
                        + e.getMessage().lines().findFirst().orElse(""));
            }
        }
        return out;
    }

    private static long requireInt(JsonNode n, String field) {
        if (n == null || n.isNull()) {
            throw new IllegalArgumentException("missing '" + field + "'");
        }
        if (!n.isIntegralNumber()) {
            throw new IllegalArgumentException("'" + field + "' must be an integer, not " + n);
        }
        return n.asLong();
    }

    /**
     * A synthetic workload: Poisson arrivals at {@code rate} per second; input lengths uniform in [minIn, maxIn];
     * output lengths uniform in [minOut, maxOut]; a fraction {@code sharedPrefix} of each prompt's blocks is a prefix
     * shared by all requests.
     */
    public static List<TraceRequest> synthetic(
            int count, double rate, int minIn, int maxIn, int minOut, int maxOut, double sharedPrefix, long seed) {
        if (rate <= 0) {
            throw new IllegalArgumentException("rate " + rate + " must be positive");
        }
        SplittableRandom random = new SplittableRandom(seed);
        List<TraceRequest> out = new ArrayList<>();
        double t = 0;
        long nextId = 1_000_000;
        for (int i = 0; i < count; i++) {
            int in = minIn + random.nextInt(maxIn - minIn + 1);
            int blocks = (in + PromptBuilder.BLOCK_TOKENS - 1) / PromptBuilder.BLOCK_TOKENS;
            int shared = (int) Math.floor(blocks * sharedPrefix);
            long[] ids = new long[blocks];
            for (int b = 0; b < blocks; b++) {
                ids[b] = b < shared ? b : nextId++;
            }
            out.add(new TraceRequest((long) t, in, minOut + random.nextInt(maxOut - minOut + 1), ids));
            t += -Math.log(1 - random.nextDouble()) / rate * 1000;
        }
        return out;
    }
}
