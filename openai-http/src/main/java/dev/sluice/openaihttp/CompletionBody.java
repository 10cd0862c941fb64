package dev.sluice.openaihttp;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.protocol.PreprocessedRequest;
import dev.sluice.protocol.SamplingOptions;
import dev.sluice.protocol.StopConditions;

/**
 * The {@code /v1/completions} body for a preprocessed request, in vLLM's dialect: the prompt as token ids, the output
 * streamed as token ids ({@code return_token_ids}), and the limits resolved by the preprocessor. Stop strings stay with
 * Sluice's backend, which holds back text they may start; the engine stops on the stop token ids.
 */
final class CompletionBody {
    private CompletionBody() {}

    /** {@code maxTokens} is the request's limit already cut to what this worker's tier still holds. */
    static ObjectNode of(ObjectMapper json, String model, PreprocessedRequest request, int maxTokens) {
        StopConditions stop = request.stop();
        SamplingOptions sampling = request.sampling();
        ObjectNode body = json.createObjectNode();
        body.put("model", model);
        ArrayNode prompt = body.putArray("prompt");
        for (int id : request.tokenIds()) {
            prompt.add(id);
        }
        body.put("max_tokens", maxTokens);
        body.put("min_tokens", Math.min(stop.minTokens(), maxTokens));
        body.put("ignore_eos", stop.ignoreEos());
        ArrayNode stopIds = body.putArray("stop_token_ids");
        stop.stopTokenIds().forEach(stopIds::add);
        body.put("temperature", sampling.temperature());
        body.put("top_p", sampling.topP());
        if (sampling.topK() > 0) {
            body.put("top_k", sampling.topK());
        }
        sampling.seed().ifPresent(seed -> body.put("seed", seed));
        if (sampling.presencePenalty() != 0) {
            body.put("presence_penalty", sampling.presencePenalty());
        }
        if (sampling.frequencyPenalty() != 0) {
            body.put("frequency_penalty", sampling.frequencyPenalty());
        }
        body.put("stream", true);
        body.putObject("stream_options").put("include_usage", true);
        body.put("return_token_ids", true);
        body.put("skip_special_tokens", false);
        return body;
    }
}
