package dev.sluice.llm;

import dev.sluice.protocol.EngineOutput;
import dev.sluice.protocol.PreprocessedRequest;
import dev.sluice.runtime.Engine;
import dev.sluice.runtime.Operator;
import dev.sluice.runtime.Poll;
import dev.sluice.runtime.RequestContext;
import dev.sluice.runtime.ResponseStream;
import dev.sluice.runtime.StreamBrokenException;
import dev.sluice.runtime.Waker;
import java.util.Optional;
import java.util.function.IntConsumer;

/**
 * Survives worker failure: when the stream below breaks before a finish (worker died, connection lost), it re-issues
 * the request with prompt = original tokens + tokens generated so far, up to {@code migrationLimit} times. The client
 * never sees the break; the stream above simply continues.
 */
public final class MigrationOperator
        implements Operator<PreprocessedRequest, EngineOutput, PreprocessedRequest, EngineOutput> {
    private final int migrationLimit;
    private final IntConsumer onMigration;

    /** {@code onMigration} is told the attempt number of every re-issue (for metrics). */
    public MigrationOperator(int migrationLimit, IntConsumer onMigration) {
        if (migrationLimit < 0) {
            throw new IllegalArgumentException("migration limit " + migrationLimit + " is negative");
        }
        this.migrationLimit = migrationLimit;
        this.onMigration = onMigration;
    }

    @Override
    public ResponseStream<EngineOutput> generate(
            PreprocessedRequest request, RequestContext context, Engine<PreprocessedRequest, EngineOutput> next) {
        return new Retrying(request, context, next);
    }

    private final class Retrying implements ResponseStream<EngineOutput> {
        private final PreprocessedRequest original;
        private final RequestContext context;
        private final Engine<PreprocessedRequest, EngineOutput> next;
        private final TokenLog generated = new TokenLog();
        private ResponseStream<EngineOutput> current;
        private int attempts;
        private boolean closed;

        Retrying(PreprocessedRequest original, RequestContext context, Engine<PreprocessedRequest, EngineOutput> next) {
            this.original = original;
            this.context = context;
            this.next = next;
            this.current = start(original);
        }

        private ResponseStream<EngineOutput> start(PreprocessedRequest request) {
            while (true) {
                try {
                    return next.generate(request, context);
                } catch (StreamBrokenException e) {
                    retryOrThrow(e);
                }
            }
        }

        private void retryOrThrow(StreamBrokenException e) {
            if (closed || context.isStopped() || attempts >= migrationLimit) {
                throw e;
            }
            attempts++;
            onMigration.accept(attempts);
        }

        @Override
        public Optional<EngineOutput> next() {
            return ResponseStream.await(this);
        }

        @Override
        public Poll<EngineOutput> poll(Waker waker) {
            while (true) {
                try {
                    Poll<EngineOutput> out = current.poll(waker);
                    if (out instanceof Poll.Item<EngineOutput> item) {
                        generated.append(item.item().tokenIds());
                    }
                    return out;
                } catch (StreamBrokenException e) {
                    current.close();
                    retryOrThrow(e);
                    current = start(original.continuation(generated.toArray()));
                }
            }
        }

        @Override
        public void close() {
            closed = true;
            current.close();
        }
    }
}
