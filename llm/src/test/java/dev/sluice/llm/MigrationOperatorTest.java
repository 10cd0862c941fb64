package dev.sluice.llm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.protocol.EngineOutput;
import dev.sluice.protocol.PreprocessedRequest;
import dev.sluice.protocol.StopConditions;
import dev.sluice.runtime.RequestContext;
import dev.sluice.runtime.StreamBrokenException;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(10)
class MigrationOperatorTest {
    private static final int[] PROMPT = {1, 2, 3, 4};

    private static int[] tokens(List<EngineOutput> outs) {
        return outs.stream().flatMapToInt(o -> Arrays.stream(o.tokenIds())).toArray();
    }

    @Test
    void aBrokenStreamIsReissuedWithTheGeneratedTokensAndTheClientSeesOneSequence() {
        FakeWorker worker = new FakeWorker(1000, 4);
        worker.breakAfter = 3;
        AtomicInteger migrations = new AtomicInteger();
        var engine = new MigrationOperator(3, a -> migrations.incrementAndGet()).link((req, ctx) -> {
            if (worker.received.size() == 1) {
                worker.breakAfter = Integer.MAX_VALUE;
            }
            return worker.generate(req, ctx);
        });
        List<EngineOutput> outs = engine.generate(
                        PreprocessedRequest.of("m", PROMPT, StopConditions.maxTokens(6)), RequestContext.create("r"))
                .toList();
        assertThat(tokens(outs)).containsExactly(1000, 1001, 1002, 1003, 1004, 1005);
        assertThat(outs.getLast().isFinal()).isTrue();
        assertThat(migrations).hasValue(1);
        PreprocessedRequest second = worker.received.get(1);
        assertThat(second.tokenIds()).containsExactly(1, 2, 3, 4, 1000, 1001, 1002);
        assertThat(second.stop().maxTokens()).isEqualTo(3);
    }

    @Test
    void givesUpAfterTheMigrationLimit() {
        FakeWorker worker = new FakeWorker(1000, 4);
        worker.breakAfter = 1;
        var engine = new MigrationOperator(2, a -> {}).link(worker);
        var stream = engine.generate(
                PreprocessedRequest.of("m", PROMPT, StopConditions.maxTokens(50)), RequestContext.create("r"));
        assertThatThrownBy(stream::toList).isInstanceOf(StreamBrokenException.class);
        assertThat(worker.received).hasSize(3);
    }

    @Test
    void aCancelledRequestIsNotReissued() {
        FakeWorker worker = new FakeWorker(1000, 4);
        worker.breakAfter = 1;
        RequestContext ctx = RequestContext.create("r");
        var stream = new MigrationOperator(5, a -> {})
                .link(worker)
                .generate(PreprocessedRequest.of("m", PROMPT, StopConditions.maxTokens(50)), ctx);
        assertThat(stream.next()).isPresent();
        ctx.kill();
        assertThatThrownBy(stream::next).isInstanceOf(StreamBrokenException.class);
        assertThat(worker.received).hasSize(1);
    }
}
