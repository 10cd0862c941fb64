package dev.sluice.mocker;

import dev.sluice.protocol.EngineOutput;
import dev.sluice.protocol.FinishReason;
import dev.sluice.protocol.KvEvent;
import dev.sluice.protocol.TokenLogprob;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The deterministic heart of a simulated vLLM worker: one call to {@link #step()} runs one scheduler step and returns
 * its simulated duration. Running sequences are served first, then waiting ones are admitted, within
 * {@code max_num_seqs} and the step's token budget; long prompts are prefilled in chunks; prefix-cache hits skip
 * prefill; when blocks run out the newest running sequence is preempted and later recomputed. A sequence that
 * reaches {@code this_seqlen} stops with {@code CONTEXT_LIMIT}, the token that reached it included.
 *
 * <p>A step's outputs are held until {@link #deliver()}, which the worker calls once the step's simulated time has
 * passed: a token exists only when the forward pass that produced it has ended.
 *
 * <p>Single-threaded: the worker's loop (or a test) owns it. No clock: time is what {@code step()} returns.
 */
final class MockerCore {
    private final MockerConfig config;
    private final BlockPool pool;
    private final List<Sequence> running = new ArrayList<>();
    private final ArrayDeque<Sequence> waiting = new ArrayDeque<>();
    private final List<Output> outbox = new ArrayList<>();
    private double pendingTransferMillis;
    private long preemptions;
    private long promptTokensAdmitted;
    private long promptTokensHit;

    MockerCore(MockerConfig config) {
        this.config = config;
        this.pool = new BlockPool(config.numGpuBlocks());
    }

    /** An output made in the current step, sent when the step's time has passed. */
    private record Output(Sequence seq, EngineOutput output, boolean last) {}

    void add(Sequence seq) {
        waiting.add(seq);
    }

    /** Drops a sequence (client gone, request cancelled), freeing its blocks. */
    void cancel(long id) {
        for (Iterator<Sequence> it = running.iterator(); it.hasNext(); ) {
            Sequence s = it.next();
            if (s.id == id) {
                it.remove();
                freeBlocks(s);
                s.out.finish();
                return;
            }
        }
        waiting.removeIf(s -> {
            if (s.id == id) {
                freeBlocks(s);
                s.out.finish();
                return true;
            }
            return false;
        });
    }

    boolean idle() {
        return running.isEmpty() && waiting.isEmpty();
    }

    /** Runs one step; returns its simulated duration in milliseconds (0 when there was nothing to do). */
    double step() {
        StepTally tally = new StepTally(config.maxNumBatchedTokens());
        for (Sequence s : List.copyOf(running)) {
            if (running.contains(s)) {
                compute(s, tally);
            }
        }
        while (!waiting.isEmpty() && running.size() < config.maxNumSeqs() && tally.budget() > 0) {
            Sequence s = waiting.peek();
            if (finishedBeforeStart(s)) {
                waiting.poll();
                continue;
            }
            if (!admit(s)) {
                break;
            }
            waiting.poll();
            running.add(s);
            compute(s, tally);
        }
        double transfer = pendingTransferMillis;
        pendingTransferMillis = 0;
        StepWork work = tally.work((double) pool.used() / pool.capacity());
        return transfer + config.timing().stepMillis(work);
    }

    /** Prompt tokens whose KV a prefill worker computed and hands over ({@code kv_transfer_tokens}). */
    private static int transferTokens(Sequence s) {
        Object n = s.request.disaggregatedParams().get("kv_transfer_tokens");
        return s.generated == 0 && n instanceof Number num ? num.intValue() : 0;
    }

    /** Fraction of admitted prompt tokens found in the prefix cache, since start. */
    double cacheHitRate() {
        return promptTokensAdmitted == 0 ? 0 : (double) promptTokensHit / promptTokensAdmitted;
    }

    private boolean finishedBeforeStart(Sequence s) {
        if (s.generated > 0) {
            return false;
        }
        if (s.promptLength >= config.thisSeqlen()) {
            emit(s, Optional.empty(), Optional.of(FinishReason.CONTEXT_LIMIT));
            return true;
        }
        if (s.request.stop().maxTokens() == 0) {
            emit(s, Optional.empty(), Optional.of(FinishReason.LENGTH));
            return true;
        }
        return false;
    }

    /** Allocates blocks for every token of {@code s}, counting leading prefix-cache hits; all or nothing. */
    private boolean admit(Sequence s) {
        int bs = config.blockSizeTokens();
        int full = s.length() / bs;
        int hits = 0;
        long parent = 0;
        for (int i = 0; i < full; i++) {
            long[] h = s.blockHash(i, bs, parent);
            if (hits == i && pool.isComputed(h[0])) {
                hits++;
            }
            OptionalLong parentHash = i == 0 ? OptionalLong.empty() : OptionalLong.of(parent);
            if (!pool.acquire(h[0], h[1], parentHash)) {
                freeBlocks(s);
                return false;
            }
            s.blockHashes.add(h[0]);
            parent = h[0];
        }
        if (s.length() % bs != 0) {
            if (!pool.acquirePartial()) {
                freeBlocks(s);
                return false;
            }
            s.holdsPartial = true;
        }
        // Like vLLM, the last token is always recomputed, so a full hit counts one block less.
        s.computed = Math.min(hits, (s.length() - 1) / bs) * bs;
        if (s.generated == 0) {
            s.cachedTokens = s.computed; // prefix-cache hits only; transferred KV is not a cache hit
        }
        int transferred = Math.min(transferTokens(s), s.length() - 1);
        if (transferred > s.computed) {
            pendingTransferMillis += config.timing().transferMillis(transferred - s.computed);
            int before = s.computed;
            s.computed = transferred;
            markComputedBlocks(s, before); // received KV joins this worker's prefix cache
        }
        promptTokensAdmitted += s.generated == 0 ? s.promptLength : 0;
        promptTokensHit += s.generated == 0 ? Math.min(hits * bs, s.promptLength) : 0;
        return true;
    }

    private void compute(Sequence s, StepTally tally) {
        int pending = s.length() - s.computed;
        int n = Math.min(pending, tally.budget());
        if (n <= 0) {
            return;
        }
        int before = s.computed;
        s.computed += n;
        markComputedBlocks(s, before);
        if (pending > 1 || s.generated == 0) {
            tally.prefill(n, before);
        } else {
            tally.decode(s.computed);
        }
        if (s.computed == s.length()) {
            sample(s);
        }
    }

    /** Full blocks whose last token was computed in this step become cache hits and are announced. */
    private void markComputedBlocks(Sequence s, int before) {
        int bs = config.blockSizeTokens();
        for (int b = before / bs; b < Math.min(s.computed / bs, s.blockHashes.size()); b++) {
            pool.markComputed(s.blockHashes.get(b));
        }
    }

    private void sample(Sequence s) {
        if (!reserveSlot(s)) {
            return;
        }
        int token = config.vocabularyAt(s.random.nextInt(config.vocabularySize()));
        boolean eos = endsNaturally(s);
        if (eos && !s.request.stop().stopTokenIds().isEmpty()) {
            token = s.request.stop().stopTokenIds().getFirst();
        }
        s.append(token);
        sealFullBlock(s);
        Optional<FinishReason> finish = Optional.empty();
        if (s.generated >= s.request.stop().maxTokens()) {
            finish = Optional.of(FinishReason.LENGTH);
        } else if (eos) {
            finish = Optional.of(FinishReason.EOS);
        } else if (s.length() >= config.thisSeqlen()) {
            finish = Optional.of(FinishReason.CONTEXT_LIMIT);
        }
        emit(s, Optional.of(token), finish);
        if (finish.isPresent()) {
            running.remove(s);
            freeBlocks(s);
        }
    }

    /**
     * Whether the token about to be generated is the sequence's EOS: each token is, with probability 1 / {@code
     * natural_output_mean}, once {@code min_tokens} are out and unless {@code ignore_eos}. A constant chance per token
     * gives geometrically distributed natural lengths (median ≈ 0.69 × mean), and, being memoryless, needs no state
     * to survive a sequence's migration to another worker.
     */
    private boolean endsNaturally(Sequence s) {
        double mean = config.naturalOutputMeanTokens();
        return mean > 0
                && !s.request.stop().ignoreEos()
                && s.generated + 1 > s.request.stop().minTokens()
                && s.random.nextDouble() * mean < 1;
    }

    /**
     * Makes room for one more token before it is sampled: a token that starts a new block needs a free block; when
     * there is none, the newest running sequence is preempted (its blocks freed, recomputed later), possibly
     * {@code s} itself, in which case nothing is sampled now.
     */
    private boolean reserveSlot(Sequence s) {
        if (s.length() % config.blockSizeTokens() != 0) {
            return true;
        }
        while (!pool.acquirePartial()) {
            Sequence victim = running.getLast();
            running.remove(victim);
            freeBlocks(victim);
            victim.computed = 0;
            waiting.addFirst(victim);
            preemptions++;
            if (victim == s) {
                return false;
            }
        }
        s.holdsPartial = true;
        return true;
    }

    /** When the last token filled its block, the partial block becomes a full, shareable, announced one. */
    private void sealFullBlock(Sequence s) {
        int bs = config.blockSizeTokens();
        if (s.length() % bs != 0) {
            return;
        }
        long[] h = s.blockHash(s.length() / bs - 1, bs, s.lastBlockHash().orElse(0));
        pool.releasePartial();
        s.holdsPartial = false;
        if (!pool.acquire(h[0], h[1], s.lastBlockHash())) {
            throw new IllegalStateException("a released partial block must make room for its full block");
        }
        s.blockHashes.add(h[0]);
    }

    private void freeBlocks(Sequence s) {
        s.blockHashes.forEach(pool::release);
        s.blockHashes.clear();
        if (s.holdsPartial) {
            pool.releasePartial();
            s.holdsPartial = false;
        }
    }

    /** Queues an output for {@link #deliver()}. */
    private void emit(Sequence s, Optional<Integer> token, Optional<FinishReason> finish) {
        int[] ids = token.map(t -> new int[] {t}).orElse(new int[0]);
        List<TokenLogprob> lps =
                token.isPresent() && s.request.output().logprobs() >= 0 ? List.of(logprob(s, token.get())) : List.of();
        EngineOutput out = new EngineOutput(ids, "", finish, lps, -1, java.util.Map.of(), Optional.empty());
        if (!s.reportedCached) {
            out = out.withCachedTokens(Math.max(0, s.cachedTokens))
                    .withDisaggregatedParams(
                            java.util.Map.of("kv_transfer_tokens", s.promptLength, "source_worker", config.workerId()));
            s.reportedCached = true;
        }
        outbox.add(new Output(s, out, finish.isPresent()));
    }

    /**
     * Sends the outputs of the step that just ended. A consumer that is gone (or too slow to keep a bounded channel
     * from filling) cancels its sequence, freeing its blocks.
     */
    void deliver() {
        if (outbox.isEmpty()) {
            return;
        }
        List<Output> ready = List.copyOf(outbox);
        outbox.clear();
        for (Output o : ready) {
            boolean sent = o.seq().out.send(o.output());
            if (o.last() || !sent) {
                o.seq().out.finish();
            }
            if (!sent && !o.last()) {
                cancel(o.seq().id);
            }
        }
    }

    /** Whether outputs wait for {@link #deliver()}. */
    boolean hasOutputs() {
        return !outbox.isEmpty();
    }

    /** Sequences preempted (blocks freed, to be recomputed) since start. */
    long preemptions() {
        return preemptions;
    }

    private TokenLogprob logprob(Sequence s, int token) {
        int n = s.request.output().logprobs();
        double chosen = -s.random.nextDouble() * 1.5 - 0.001;
        List<TokenLogprob.Alternative> top = new ArrayList<>();
        if (n > 0) {
            top.add(new TokenLogprob.Alternative(token, chosen));
            double lp = chosen;
            for (int i = 1; i < n; i++) {
                lp -= s.random.nextDouble() * 2 + 0.01;
                top.add(new TokenLogprob.Alternative(
                        config.vocabularyAt(s.random.nextInt(config.vocabularySize())), lp));
            }
        }
        return new TokenLogprob(token, chosen, top);
    }

    /** Queues a full snapshot of the cached blocks as events (for a router that asked for one). */
    void snapshot() {
        pool.snapshot();
    }

    List<KvEvent> drainEvents() {
        return pool.drainEvents();
    }

    int running() {
        return running.size();
    }

    int waiting() {
        return waiting.size();
    }

    BlockPool pool() {
        return pool;
    }
}
