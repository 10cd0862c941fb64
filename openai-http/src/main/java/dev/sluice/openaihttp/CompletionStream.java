package dev.sluice.openaihttp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sluice.protocol.EngineOutput;
import dev.sluice.protocol.FinishReason;
import dev.sluice.protocol.TokenLogprob;
import dev.sluice.runtime.ResponseStream;
import dev.sluice.runtime.StreamBrokenException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;

/**
 * The engine's server-sent events as engine outputs: each chunk's {@code token_ids} become one output; the finishing
 * chunk's tokens and finish are held until the usage chunk (or {@code [DONE]}) so that they carry the prompt's cached
 * tokens.
 */
final class CompletionStream implements ResponseStream<EngineOutput> {
    private final BufferedReader lines;
    private final ObjectMapper json;
    private final int maxTokens;
    private final boolean cutByTier;
    private final String engine;
    private int generated;
    private int cachedTokens = -1;
    private Optional<FinishReason> finish = Optional.empty();
    private int[] lastTokens = new int[0];
    private List<TokenLogprob> lastLogprobs = List.of();
    private boolean done;

    CompletionStream(InputStream body, ObjectMapper json, int maxTokens, boolean cutByTier, String engine) {
        this.lines = new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8));
        this.json = json;
        this.maxTokens = maxTokens;
        this.cutByTier = cutByTier;
        this.engine = engine;
    }

    @Override
    public Optional<EngineOutput> next() {
        while (!done) {
            String line = readLine();
            if (line == null || line.equals("data: [DONE]")) {
                return end();
            }
            if (!line.startsWith("data:")) {
                continue; // blank separators, comments, event names
            }
            Optional<EngineOutput> out = chunk(parse(line.substring(5).strip()));
            if (out.isPresent()) {
                return out;
            }
        }
        return Optional.empty();
    }

    private Optional<EngineOutput> chunk(JsonNode chunk) {
        if (chunk.has("error")) {
            throw broken("sent an error: " + chunk.path("error").path("message").asText(chunk.toString()));
        }
        JsonNode usage = chunk.path("usage");
        if (usage.isObject()) {
            cachedTokens =
                    usage.path("prompt_tokens_details").path("cached_tokens").asInt(0);
        }
        JsonNode choice = chunk.path("choices").path(0);
        if (choice.isMissingNode()) {
            return finish.isPresent() && usage.isObject() ? end() : Optional.empty();
        }
        JsonNode ids = choice.path("token_ids");
        if (!ids.isArray() && !choice.path("text").asText("").isEmpty()) {
            throw broken("streams text without token_ids; it must accept return_token_ids (vLLM 0.10.2 or later)");
        }
        int[] tokens = new int[ids.size()];
        for (int i = 0; i < tokens.length; i++) {
            tokens[i] = ids.get(i).asInt();
        }
        generated += tokens.length;
        List<TokenLogprob> lps = EngineLogprobs.read(choice.path("logprobs"), tokens);
        if (choice.hasNonNull("finish_reason")) {
            finish = Optional.of(reason(choice.get("finish_reason").asText()));
            // The last tokens wait for the usage chunk and leave with the finish: the backend stops reading at the
            // last token it expects, and the cached tokens must not stay behind (they were lost so, reported as 0).
            lastTokens = tokens;
            lastLogprobs = lps;
            return Optional.empty();
        }
        return tokens.length == 0
                ? Optional.empty()
                : Optional.of(EngineOutput.tokens(tokens).withTokens(tokens, lps));
    }

    /** The last output: the held finish with the cached tokens, or a broken stream if the engine never finished. */
    private Optional<EngineOutput> end() {
        if (done) {
            return Optional.empty();
        }
        done = true;
        if (finish.isEmpty()) {
            throw broken("ended the stream after " + generated + " tokens without a finish reason");
        }
        EngineOutput last = EngineOutput.finished(finish.get(), lastTokens).withTokens(lastTokens, lastLogprobs);
        return Optional.of(cachedTokens >= 0 ? last.withCachedTokens(cachedTokens) : last);
    }

    private FinishReason reason(String engineReason) {
        return switch (engineReason) {
            case "stop" -> FinishReason.EOS;
            case "length" -> cutByTier && generated >= maxTokens ? FinishReason.CONTEXT_LIMIT : FinishReason.LENGTH;
            default -> throw broken("finished with '" + engineReason + "'");
        };
    }

    private JsonNode parse(String data) {
        try {
            return json.readTree(data);
        } catch (IOException e) {
            throw broken("sent an event that is not JSON: " + data);
        }
    }

    private String readLine() {
        try {
            return lines.readLine();
        } catch (IOException e) {
            throw new StreamBrokenException("lost the engine at " + engine + ": " + e, e);
        }
    }

    private StreamBrokenException broken(String what) {
        done = true;
        close();
        return new StreamBrokenException("the engine at " + engine + " " + what);
    }

    @Override
    public void close() {
        try {
            lines.close();
        } catch (IOException ignored) {
            // the connection is gone either way
        }
    }
}
