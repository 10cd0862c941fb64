package dev.sluice.openaihttp.kvevents;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sluice.openaihttp.FakeEngineServer;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A stand-in vLLM engine: an OpenAI-compatible HTTP server that answers token-id completions, with a prefix cache whose
 * changes it publishes as vLLM does over ZMQ (PUB plus a replay ROUTER). Every full block of a prompt is cached under an
 * engine hash of its whole prefix (chained, as vLLM's are, but unlike Sluice's); new blocks are announced in one
 * BlockStored before the answer, and the usage reports the prompt tokens found cached, as vLLM's
 * {@code prompt_tokens_details.cached_tokens} does. It generates ids 1000, 1001, ... up to {@code max_tokens}.
 */
public final class StandInEngine implements AutoCloseable {
    private final int blockSize;
    private final long seed;
    private final Set<Long> cached = ConcurrentHashMap.newKeySet();
    private final EngineBatches wire = EngineBatches.vllm();
    public final StandInKvPublisher kv;
    public final FakeEngineServer http;

    public StandInEngine(int blockSize, long seed) throws IOException {
        this.blockSize = blockSize;
        this.seed = seed;
        this.kv = new StandInKvPublisher(0, true);
        this.http = new FakeEngineServer(this::answer);
    }

    private synchronized void answer(JsonNode body, FakeEngineServer.Reply reply) throws IOException {
        int[] prompt = new int[body.path("prompt").size()];
        for (int i = 0; i < prompt.length; i++) {
            prompt[i] = body.path("prompt").get(i).asInt();
        }
        int hits = cache(prompt);
        int max = body.path("max_tokens").asInt();
        for (int i = 0; i < max; i++) {
            reply.event(FakeEngineServer.chunk(i == max - 1 ? "length" : null, 1000 + i));
        }
        reply.event(FakeEngineServer.usage(prompt.length, max, hits * blockSize));
        reply.event("[DONE]");
    }

    /** Caches the prompt's full blocks, publishing the new ones; returns how many leading blocks were already cached. */
    private int cache(int[] prompt) {
        int blocks = prompt.length / blockSize;
        long[] hashes = new long[blocks];
        int hits = 0;
        for (int b = 0; b < blocks; b++) {
            hashes[b] = seed * 31 + Arrays.hashCode(Arrays.copyOf(prompt, (b + 1) * blockSize)) * 0x9E3779B97F4A7C15L;
            if (hits == b && cached.contains(hashes[b])) {
                hits++;
            }
        }
        if (hits < blocks) {
            List<Long> fresh = new ArrayList<>();
            for (int b = hits; b < blocks; b++) {
                fresh.add(hashes[b]);
                cached.add(hashes[b]);
            }
            int[] tokens = Arrays.copyOfRange(prompt, hits * blockSize, blocks * blockSize);
            Long parent = hits == 0 ? null : hashes[hits - 1];
            Object stored =
                    wire.stored(fresh.stream().mapToLong(Long::longValue).toArray(), parent, tokens, blockSize);
            kv.publish(wire.batch(System.currentTimeMillis() / 1000.0, List.of(stored), 0));
        }
        return hits;
    }

    /** Publishes an empty batch (what a test sends until a subscriber is known to listen). */
    public void heartbeat() {
        kv.publish(wire.batch(System.currentTimeMillis() / 1000.0, List.of(), 0));
    }

    @Override
    public void close() {
        http.close();
        kv.close();
    }
}
