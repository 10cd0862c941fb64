package dev.sluice.cli;

import dev.sluice.bench.TraceRequest;
import dev.sluice.bench.Traces;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine.Option;

/** A workload to replay: a Mooncake-format trace, or a synthetic Poisson one. Shared by bench and simulate. */
final class WorkloadOptions {
    @Option(
            names = "--trace",
            description = "Mooncake-format JSONL trace: timestamp (ms), input_length, output_length, hash_ids.")
    Optional<Path> trace;

    @Option(
            names = "--max-requests",
            defaultValue = "" + Integer.MAX_VALUE,
            description = "Send at most this many requests of the trace.")
    int maxRequests;

    @Option(
            names = "--time-scale",
            defaultValue = "1.0",
            description = "Multiply trace timestamps by this (0.5 = twice as fast) (default: ${DEFAULT-VALUE}).")
    double timeScale;

    @Option(
            names = "--num-requests",
            defaultValue = "200",
            description = "Synthetic: number of requests (default: ${DEFAULT-VALUE}).")
    int numRequests;

    @Option(
            names = "--rate",
            defaultValue = "10",
            description = "Synthetic: Poisson arrival rate, requests/s (default: ${DEFAULT-VALUE}).")
    double rate;

    @Option(
            names = "--input-len",
            defaultValue = "1024:4096",
            description = "Synthetic: input length range MIN:MAX tokens (default: ${DEFAULT-VALUE}).")
    String inputLen;

    @Option(
            names = "--output-len",
            defaultValue = "64:256",
            description = "Synthetic: output length range MIN:MAX tokens (default: ${DEFAULT-VALUE}).")
    String outputLen;

    @Option(
            names = "--shared-prefix",
            defaultValue = "0.5",
            description = "Synthetic: fraction of each prompt that is a prefix shared by all requests"
                    + " (default: ${DEFAULT-VALUE}).")
    double sharedPrefix;

    @Option(
            names = "--token-range",
            defaultValue = "1000:100000",
            description = "Token ids prompts are drawn from, LOW:HIGH (default: ${DEFAULT-VALUE}).")
    String tokenRange;

    /** The requests, in arrival order; {@code seed} drives a synthetic workload. */
    List<TraceRequest> requests(long seed) {
        return requests(seed, Optional.empty());
    }

    /**
     * The requests due within {@code durationSeconds} when given: a synthetic run then lasts that long at
     * {@code --rate} (its request count is ignored); a trace keeps what is due by then.
     */
    List<TraceRequest> requests(long seed, Optional<Double> durationSeconds) {
        List<TraceRequest> all = all(seed, durationSeconds);
        if (durationSeconds.isEmpty()) {
            return all;
        }
        double lastMillis = durationSeconds.get() * 1000;
        return all.stream()
                .filter(r -> r.timestampMillis() * timeScale < lastMillis)
                .toList();
    }

    private List<TraceRequest> all(long seed, Optional<Double> durationSeconds) {
        if (!(timeScale > 0)) {
            throw new IllegalArgumentException("--time-scale " + timeScale + " must be positive");
        }
        if (trace.isPresent()) {
            try (Reader in = Files.newBufferedReader(trace.get(), StandardCharsets.UTF_8)) {
                List<TraceRequest> r = Traces.parseMooncake(in, trace.get().toString(), maxRequests);
                if (r.isEmpty()) {
                    throw new IllegalArgumentException("--trace " + trace.get() + " holds no request");
                }
                return r;
            } catch (NoSuchFileException e) {
                throw new IllegalArgumentException("--trace " + trace.get() + " does not exist");
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read --trace " + trace.get() + ": " + e.getMessage(), e);
            }
        }
        int[] in = range(inputLen, "--input-len");
        int[] out = range(outputLen, "--output-len");
        int count = durationSeconds
                .map(d -> (int) Math.min(Integer.MAX_VALUE - 1, Math.ceil(rate * d * 1.5 + 100)))
                .orElse(numRequests);
        return Traces.synthetic(count, rate, in[0], in[1], out[0], out[1], sharedPrefix, seed);
    }

    /** What the workload is, for a report's settings. */
    String describe() {
        return trace.map(Path::toString)
                .orElse("synthetic rate=" + rate + " input=" + inputLen + " output=" + outputLen + " shared-prefix="
                        + sharedPrefix);
    }

    int[] tokens() {
        return range(tokenRange, "--token-range");
    }

    static int[] range(String text, String flag) {
        String[] parts = text.split(":");
        try {
            int lo = Integer.parseInt(parts[0].strip());
            int hi = parts.length > 1 ? Integer.parseInt(parts[1].strip()) : lo;
            if (lo <= 0 || hi < lo) {
                throw new IllegalArgumentException(flag + " " + text + " must be MIN:MAX with 0 < MIN <= MAX");
            }
            return new int[] {lo, hi};
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(flag + " " + text + " is not MIN:MAX");
        }
    }
}
