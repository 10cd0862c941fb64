package dev.sluice.openaihttp;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
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

    /**
     * The prefill leg of a disaggregated request, as vLLM's NixlConnector expects it: the body with
     * {@code kv_transfer_params} asking for a remote decode, one token, not streamed, no {@code min_tokens}.
     */
    static ObjectNode prefillLeg(ObjectMapper json, String model, PreprocessedRequest request) {
        ObjectNode body = of(json, model, request, 1);
        body.remove("min_tokens");
        body.remove("stream_options");
        body.put("stream", false);
        ObjectNode kv = body.putObject("kv_transfer_params");
        kv.put("do_remote_decode", true);
        kv.put("do_remote_prefill", false);
        kv.putNull("remote_engine_id");
        kv.putNull("remote_block_ids");
        kv.putNull("remote_host");
        kv.putNull("remote_port");
        return body;
    }

    static byte[] bytes(ObjectMapper json, ObjectNode body) {
        try {
            return json.writeValueAsBytes(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write a request body", e);
        }
    }

    static JsonNode parse(ObjectMapper json, String text) {
        try {
            return json.readTree(text);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("kv_transfer_params are not JSON: " + text, e);
        }
    }

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
        if (request.output().logprobs() >= 0) {
            body.put("logprobs", request.output().logprobs()); // how many alternatives; the sampled token's always
            body.put("return_tokens_as_token_ids", true); // alternatives as "token_id:N", mapped back to ids
        }
        body.put("stream", true);
        body.putObject("stream_options").put("include_usage", true);
        body.put("return_token_ids", true);
        body.put("skip_special_tokens", false);
        return body;
    }
}
