package dev.sluice.frontend;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sluice.llm.LlmChunk;
import dev.sluice.llm.ToolCall;
import dev.sluice.protocol.TokenLogprob;
import dev.sluice.runtime.ResponseStream;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.ServerResponse;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** A non-streaming response: every chunk gathered into one completion with usage. */
final class Aggregated {
    private Aggregated() {}

    static void respond(
            ObjectMapper json,
            ResponseShape shape,
            ServerResponse res,
            ResponseStream<LlmChunk> stream,
            TokenTimer timer) {
        StringBuilder text = new StringBuilder();
        List<TokenLogprob> logprobs = new ArrayList<>();
        List<ToolCall> calls = new ArrayList<>();
        for (Optional<LlmChunk> next = stream.next(); next.isPresent(); next = stream.next()) {
            LlmChunk chunk = next.get();
            timer.tokens(chunk.tokenCount());
            text.append(chunk.text());
            logprobs.addAll(chunk.logprobs());
            calls.addAll(chunk.toolCalls());
            if (chunk.isFinal()) {
                String finish = ResponseShape.finishReason(chunk.finishReason().orElseThrow(), !calls.isEmpty());
                send(
                        json,
                        res,
                        shape.complete(
                                text.toString(),
                                logprobs,
                                calls,
                                finish,
                                chunk.usage().orElseThrow(),
                                chunk.annotations()));
                return;
            }
        }
        throw new IllegalStateException("the response ended without a finish reason");
    }

    private static void send(ObjectMapper json, ServerResponse res, Object body) {
        try {
            res.header(HeaderNames.CONTENT_TYPE, "application/json");
            res.send(json.writeValueAsBytes(body));
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
