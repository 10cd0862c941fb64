package dev.sluice.openaihttp;

import static dev.sluice.openaihttp.FakeEngineServer.chunk;
import static dev.sluice.openaihttp.FakeEngineServer.usage;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sluice.protocol.EngineOutput;
import dev.sluice.protocol.ErrorCode;
import dev.sluice.protocol.FinishReason;
import dev.sluice.protocol.OutputOptions;
import dev.sluice.protocol.PreprocessedRequest;
import dev.sluice.protocol.RoutingHints;
import dev.sluice.protocol.SamplingOptions;
import dev.sluice.protocol.SluiceException;
import dev.sluice.protocol.StopConditions;
import dev.sluice.protocol.TokenLogprob;
import dev.sluice.runtime.RequestContext;
import dev.sluice.runtime.ResponseStream;
import dev.sluice.runtime.StreamBrokenException;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The adapter against an OpenAI-compatible engine server on loopback that speaks vLLM's token-id dialect. */
@Timeout(30)
class OpenAiHttpEngineTest {
    private static final RequestContext CONTEXT = RequestContext.create("r");

    private static PreprocessedRequest request(int promptTokens, int maxTokens) {
        int[] prompt = new int[promptTokens];
        for (int i = 0; i < prompt.length; i++) {
            prompt[i] = 100 + i;
        }
        return new PreprocessedRequest(
                "m",
                prompt,
                new StopConditions(maxTokens, 2, List.of("STOP"), List.of(7, 8), false),
                new SamplingOptions(0.5, 0.9, 20, OptionalLong.of(42), 1, 0, 0),
                OutputOptions.DEFAULT,
                Set.of(),
                RoutingHints.NONE,
                "sum",
                Map.of());
    }

    private static OpenAiHttpEngine engine(URI base, int thisSeqlen) {
        return new OpenAiHttpEngine(
                new OpenAiHttpConfig(base, "served-model", thisSeqlen, Optional.of("k3y"), Duration.ofSeconds(2)));
    }

    @Test
    void theRequestIsAStreamedTokenIdCompletionWithTheResolvedLimits() throws Exception {
        try (FakeEngineServer server = new FakeEngineServer((body, reply) -> reply.event(chunk("stop", 1)));
                OpenAiHttpEngine engine = engine(server.base(), 1000)) {
            engine.generate(request(3, 50), CONTEXT).toList();
            JsonNode body = server.bodies.getFirst();
            assertThat(body.path("model").asText()).isEqualTo("served-model");
            assertThat(body.path("prompt").toString()).isEqualTo("[100,101,102]");
            assertThat(body.path("max_tokens").asInt()).isEqualTo(50);
            assertThat(body.path("min_tokens").asInt()).isEqualTo(2);
            assertThat(body.path("stop_token_ids").toString()).isEqualTo("[7,8]");
            assertThat(body.has("stop"))
                    .as("stop strings stay with Sluice's backend")
                    .isFalse();
            assertThat(body.path("seed").asLong()).isEqualTo(42);
            assertThat(body.path("top_k").asInt()).isEqualTo(20);
            assertThat(body.path("temperature").asDouble()).isEqualTo(0.5);
            assertThat(body.path("stream").asBoolean()).isTrue();
            assertThat(body.path("return_token_ids").asBoolean()).isTrue();
            assertThat(body.path("stream_options").path("include_usage").asBoolean())
                    .isTrue();
            assertThat(server.authorizations).containsExactly("Bearer k3y");
        }
    }

    @Test
    void tokenIdsStreamAndTheFinishCarriesTheCachedTokens() throws Exception {
        try (FakeEngineServer server = new FakeEngineServer((body, reply) -> {
                    reply.event(chunk(null, 1, 2));
                    reply.event(chunk(null));
                    reply.event(chunk("length", 3));
                    reply.event(usage(3, 3, 16));
                    reply.event("[DONE]");
                });
                OpenAiHttpEngine engine = engine(server.base(), 1000)) {
            List<EngineOutput> out = engine.generate(request(3, 3), CONTEXT).toList();
            assertThat(out).extracting(o -> o.tokenIds().length).containsExactly(2, 1);
            assertThat(out.get(0).tokenIds()).containsExactly(1, 2);
            assertThat(out.get(0).isFinal()).isFalse();
            // Regression (cached_tokens reached clients as 0): the last token leaves with the finish and the cached
            // tokens, since the backend stops reading once it has max_tokens tokens.
            assertThat(out.getLast().tokenIds()).containsExactly(3);
            assertThat(out.getLast().finishReason()).hasValue(FinishReason.LENGTH);
            assertThat(out.getLast().cachedTokens()).isEqualTo(16);
        }
    }

    @Test
    void logprobsAreAskedForAndReadBackAsTokenIds() throws Exception {
        String lp1 = "{\"text_offset\":[0],\"token_logprobs\":[-0.25],\"tokens\":[\"token_id:1\"],"
                + "\"top_logprobs\":[{\"token_id:1\":-0.25,\"token_id:9\":-1.5,\"odd\":-2.0}]}";
        String lp2 = "{\"text_offset\":[1],\"token_logprobs\":[-0.5],\"tokens\":[\"token_id:2\"],"
                + "\"top_logprobs\":[{\"token_id:8\":-2.5,\"token_id:2\":-0.5}]}";
        try (FakeEngineServer server = new FakeEngineServer((body, reply) -> {
                    reply.event(
                            chunk(null, 1).replace("\"finish_reason\"", "\"logprobs\":" + lp1 + ",\"finish_reason\""));
                    reply.event(chunk("length", 2)
                            .replace("\"finish_reason\"", "\"logprobs\":" + lp2 + ",\"finish_reason\""));
                    reply.event("[DONE]");
                });
                OpenAiHttpEngine engine = engine(server.base(), 1000)) {
            PreprocessedRequest asking = new PreprocessedRequest(
                    "m",
                    new int[] {5, 6},
                    new StopConditions(2, 0, List.of(), List.of(), true),
                    SamplingOptions.DEFAULT,
                    new OutputOptions(2, false),
                    Set.of(),
                    RoutingHints.NONE,
                    "",
                    Map.of());
            List<EngineOutput> out = engine.generate(asking, CONTEXT).toList();
            JsonNode body = server.bodies.getFirst();
            assertThat(body.path("logprobs").asInt()).isEqualTo(2);
            assertThat(body.path("return_tokens_as_token_ids").asBoolean()).isTrue();
            assertThat(out.get(0).logprobs())
                    .containsExactly(new TokenLogprob(
                            1,
                            -0.25,
                            List.of(new TokenLogprob.Alternative(1, -0.25), new TokenLogprob.Alternative(9, -1.5))));
            assertThat(out.get(1).logprobs())
                    .containsExactly(new TokenLogprob(
                            2,
                            -0.5,
                            List.of(new TokenLogprob.Alternative(2, -0.5), new TokenLogprob.Alternative(8, -2.5))));
            engine.generate(request(2, 3), CONTEXT).toList();
            assertThat(server.bodies.getLast().has("logprobs"))
                    .as("not asked for")
                    .isFalse();
        }
    }

    @Test
    void aSequenceCutByItsTierEndsWithContextLimitSoItMigrates() throws Exception {
        try (FakeEngineServer server = new FakeEngineServer((body, reply) -> {
                    reply.event(chunk(null, 1, 2, 3));
                    reply.event(chunk("length", 4));
                    reply.event("[DONE]");
                });
                OpenAiHttpEngine engine = engine(server.base(), 10)) {
            List<EngineOutput> out = engine.generate(request(6, 100), CONTEXT).toList();
            assertThat(server.bodies.getFirst().path("max_tokens").asInt())
                    .as("10 - 6 prompt tokens")
                    .isEqualTo(4);
            assertThat(out.getLast().finishReason()).hasValue(FinishReason.CONTEXT_LIMIT);

            List<EngineOutput> full = engine.generate(request(10, 5), CONTEXT).toList();
            assertThat(full)
                    .extracting(EngineOutput::finishReason)
                    .containsExactly(Optional.of(FinishReason.CONTEXT_LIMIT));
            assertThat(server.bodies)
                    .as("a prompt that fills the tier never reaches the engine")
                    .hasSize(1);
        }
    }

    @Test
    void anEngineThatIsDownOrFailsBreaksTheStreamSoTheRequestMigrates() throws Exception {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0)) {
            closedPort = s.getLocalPort();
        }
        try (OpenAiHttpEngine engine = engine(URI.create("http://127.0.0.1:" + closedPort), 100)) {
            assertThatThrownBy(() -> engine.generate(request(3, 5), CONTEXT))
                    .isInstanceOf(StreamBrokenException.class)
                    .hasMessageContaining("cannot be reached");
        }
        try (FakeEngineServer server = new FakeEngineServer(
                        (body, reply) -> reply.status(503, "{\"error\":{\"message\":\"warming\"}}"));
                OpenAiHttpEngine engine = engine(server.base(), 100)) {
            assertThatThrownBy(() -> engine.generate(request(3, 5), CONTEXT))
                    .isInstanceOf(StreamBrokenException.class)
                    .hasMessageContaining("answered 503: warming");
        }
        try (FakeEngineServer server = new FakeEngineServer((body, reply) -> reply.event(chunk(null, 1)));
                OpenAiHttpEngine engine = engine(server.base(), 100)) {
            ResponseStream<EngineOutput> stream = engine.generate(request(3, 5), CONTEXT);
            assertThat(stream.next()).isPresent();
            assertThatThrownBy(stream::next)
                    .isInstanceOf(StreamBrokenException.class)
                    .hasMessageContaining("without a finish reason");
        }
        try (FakeEngineServer server = new FakeEngineServer((body, reply) ->
                        reply.event("{\"choices\":[{\"index\":0,\"text\":\"hi\",\"finish_reason\":null}]}"));
                OpenAiHttpEngine engine = engine(server.base(), 100)) {
            assertThatThrownBy(() -> engine.generate(request(3, 5), CONTEXT).toList())
                    .isInstanceOf(StreamBrokenException.class)
                    .hasMessageContaining("return_token_ids");
        }
    }

    @Test
    void aRequestTheEngineRefusesIsTheClientsError() throws Exception {
        try (FakeEngineServer server = new FakeEngineServer((body, reply) ->
                        reply.status(400, "{\"error\":{\"message\":\"top_k must be -1 or positive\"}}"));
                OpenAiHttpEngine engine = engine(server.base(), 100)) {
            assertThatThrownBy(() -> engine.generate(request(3, 5), CONTEXT))
                    .isNotInstanceOf(StreamBrokenException.class)
                    .isInstanceOfSatisfying(SluiceException.class, e -> {
                        assertThat(e.code()).isEqualTo(ErrorCode.INVALID_REQUEST);
                        assertThat(e).hasMessageContaining("top_k must be -1 or positive");
                    });
        }
    }

    @Test
    void closingTheStreamClosesTheConnectionAndTheEngineSeesTheClientGo() throws Exception {
        CountDownLatch gone = new CountDownLatch(1);
        try (FakeEngineServer server = new FakeEngineServer((body, reply) -> {
                    try {
                        for (int i = 0; i < 500; i++) {
                            reply.event(chunk(null, i));
                            Thread.sleep(10);
                        }
                        reply.event(chunk("length"));
                    } catch (IOException e) {
                        gone.countDown();
                        throw e;
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                });
                OpenAiHttpEngine engine = engine(server.base(), 1000)) {
            ResponseStream<EngineOutput> stream = engine.generate(request(3, 500), CONTEXT);
            assertThat(stream.next()).isPresent();
            assertThat(stream.next()).isPresent();
            stream.close();
            assertThat(gone.await(10, TimeUnit.SECONDS))
                    .as("the engine's next write fails once the adapter hung up")
                    .isTrue();
        }
    }
}
