package dev.sluice.openaihttp;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sluice.protocol.TokenLogprob;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Reads a completions chunk's {@code logprobs} ({@code token_logprobs}, and {@code top_logprobs} as maps from token to
 * log probability) into one {@link TokenLogprob} per token. The sampled token's id is the chunk's {@code token_ids};
 * alternatives are named {@code "token_id:N"} (the engine is asked for {@code return_tokens_as_token_ids}), and ones
 * named otherwise cannot be mapped to ids and are left out.
 */
final class EngineLogprobs {
    private static final String PREFIX = "token_id:";

    private EngineLogprobs() {}

    static List<TokenLogprob> read(JsonNode logprobs, int[] tokens) {
        if (!logprobs.isObject()) {
            return List.of();
        }
        JsonNode values = logprobs.path("token_logprobs");
        JsonNode tops = logprobs.path("top_logprobs");
        List<TokenLogprob> out = new ArrayList<>(tokens.length);
        for (int i = 0; i < tokens.length; i++) {
            double lp = values.path(i).isNumber() ? values.path(i).asDouble() : Double.NEGATIVE_INFINITY;
            out.add(new TokenLogprob(tokens[i], lp, alternatives(tops.path(i))));
        }
        return out;
    }

    private static List<TokenLogprob.Alternative> alternatives(JsonNode top) {
        if (!top.isObject()) {
            return List.of();
        }
        List<TokenLogprob.Alternative> out = new ArrayList<>(top.size());
        for (Map.Entry<String, JsonNode> e : top.properties()) {
            if (e.getKey().startsWith(PREFIX) && e.getValue().isNumber()) {
                try {
                    int id = Integer.parseInt(e.getKey().substring(PREFIX.length()));
                    out.add(new TokenLogprob.Alternative(id, e.getValue().asDouble()));
                } catch (NumberFormatException notAnId) {
                    // a token named otherwise: no id to give it
                }
            }
        }
        out.sort((a, b) -> Double.compare(b.logprob(), a.logprob()));
        return out;
    }
}
