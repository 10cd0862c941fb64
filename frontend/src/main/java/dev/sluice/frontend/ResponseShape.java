package dev.sluice.frontend;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.llm.LlmChunk;
import dev.sluice.llm.ToolCall;
import dev.sluice.protocol.FinishReason;
import dev.sluice.protocol.TokenLogprob;
import dev.sluice.tokenizer.Tokenizer;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;

/**
 * The JSON of chat and text completion responses, streamed ({@code chat.completion.chunk}, {@code text_completion})
 * or whole ({@code chat.completion}, {@code text_completion}).
 */
final class ResponseShape {
    static final String FINGERPRINT = "sluice-0.1.0";

    private final ObjectMapper json;
    private final boolean chat;
    private final String id;
    private final long created;
    private final String model;
    private final Tokenizer tokenizer;

    ResponseShape(ObjectMapper json, boolean chat, String id, long created, String model, Tokenizer tokenizer) {
        this.json = json;
        this.chat = chat;
        this.id = id;
        this.created = created;
        this.model = model;
        this.tokenizer = tokenizer;
    }

    private ObjectNode envelope(String object) {
        ObjectNode root = json.createObjectNode();
        root.put("id", id);
        root.put("object", object);
        root.put("created", created);
        root.put("model", model);
        root.put("system_fingerprint", FINGERPRINT);
        return root;
    }

    /**
     * One streamed chunk; {@code first} carries the assistant role in chat, {@code calls} are numbered from
     * {@code firstCallIndex} (the calls streamed before).
     */
    ObjectNode chunk(
            String text,
            List<TokenLogprob> logprobs,
            List<ToolCall> calls,
            int firstCallIndex,
            String finishReason,
            boolean first) {
        ObjectNode root = chunk(0, text, logprobs, finishReason, first);
        if (!calls.isEmpty()) {
            ObjectNode delta = (ObjectNode) root.path("choices").get(0).path("delta");
            putToolCalls(delta, calls, OptionalInt.of(firstCallIndex));
        }
        return root;
    }

    /** A streamed chunk of choice {@code index} (several for a batch of prompts). */
    ObjectNode chunk(int index, String text, List<TokenLogprob> logprobs, String finishReason, boolean first) {
        ObjectNode root = envelope(chat ? "chat.completion.chunk" : "text_completion");
        ObjectNode choice = root.putArray("choices").addObject();
        choice.put("index", index);
        if (chat) {
            ObjectNode delta = choice.putObject("delta");
            if (first) {
                delta.put("role", "assistant");
            }
            if (!text.isEmpty() || first) {
                delta.put("content", text);
            }
        } else {
            choice.put("text", text);
        }
        putLogprobs(choice, logprobs);
        choice.put("finish_reason", finishReason);
        return root;
    }

    /**
     * The {@code finish_reason} a client sees: a chat response that called tools and then stopped on its own ends with
     * {@code tool_calls}.
     */
    static String finishReason(FinishReason reason, boolean calledTools) {
        boolean stopped = reason == FinishReason.STOP || reason == FinishReason.EOS;
        return calledTools && stopped ? "tool_calls" : reason.openAiName();
    }

    /** The usage-only chunk of {@code stream_options.include_usage}. */
    ObjectNode usageChunk(LlmChunk.Usage usage) {
        ObjectNode root = envelope(chat ? "chat.completion.chunk" : "text_completion");
        root.putArray("choices");
        root.set("usage", usage(usage));
        return root;
    }

    /** A whole response; tool calls make the message's content null when there is no other text. */
    ObjectNode complete(
            String text,
            List<TokenLogprob> logprobs,
            List<ToolCall> calls,
            String finishReason,
            LlmChunk.Usage usage,
            Map<String, Object> annotations) {
        ObjectNode root = envelope(chat ? "chat.completion" : "text_completion");
        ObjectNode choice = root.putArray("choices").addObject();
        choice.put("index", 0);
        if (chat) {
            ObjectNode message = choice.putObject("message");
            message.put("role", "assistant");
            if (calls.isEmpty() || !text.isEmpty()) {
                message.put("content", text);
            } else {
                message.putNull("content");
            }
            if (!calls.isEmpty()) {
                putToolCalls(message, calls, OptionalInt.empty());
            }
        } else {
            choice.put("text", text);
        }
        putLogprobs(choice, logprobs);
        choice.put("finish_reason", finishReason);
        root.set("usage", usage(usage));
        annotate(root, annotations);
        return root;
    }

    /** OpenAI's {@code tool_calls} array; streamed entries carry their index among the response's calls. */
    private static void putToolCalls(ObjectNode parent, List<ToolCall> calls, OptionalInt firstIndex) {
        ArrayNode array = parent.putArray("tool_calls");
        for (int i = 0; i < calls.size(); i++) {
            ToolCall c = calls.get(i);
            ObjectNode call = array.addObject();
            if (firstIndex.isPresent()) {
                call.put("index", firstIndex.getAsInt() + i);
            }
            call.put("id", c.id()).put("type", "function");
            call.putObject("function").put("name", c.name()).put("arguments", c.argumentsJson());
        }
    }

    /** A whole text-completion response with one choice per prompt of a batch. */
    ObjectNode completeBatch(List<String> texts, List<String> finishReasons, LlmChunk.Usage usage) {
        ObjectNode root = envelope("text_completion");
        ArrayNode choices = root.putArray("choices");
        for (int i = 0; i < texts.size(); i++) {
            ObjectNode choice = choices.addObject();
            choice.put("index", i);
            choice.put("text", texts.get(i));
            choice.putNull("logprobs");
            choice.put("finish_reason", finishReasons.get(i));
        }
        root.set("usage", usage(usage));
        return root;
    }

    void annotate(ObjectNode root, Map<String, Object> annotations) {
        if (!annotations.isEmpty()) {
            root.set("sluice", json.valueToTree(annotations));
        }
    }

    private ObjectNode usage(LlmChunk.Usage usage) {
        ObjectNode u = json.createObjectNode();
        u.put("prompt_tokens", usage.promptTokens());
        u.put("completion_tokens", usage.completionTokens());
        u.put("total_tokens", usage.totalTokens());
        u.putObject("prompt_tokens_details").put("cached_tokens", usage.cachedTokens());
        return u;
    }

    private void putLogprobs(ObjectNode choice, List<TokenLogprob> logprobs) {
        if (logprobs.isEmpty()) {
            choice.putNull("logprobs");
            return;
        }
        if (chat) {
            ArrayNode content = choice.putObject("logprobs").putArray("content");
            for (TokenLogprob lp : logprobs) {
                ObjectNode entry = content.addObject();
                entry.put("token", token(lp.tokenId()));
                entry.put("logprob", lp.logprob());
                ArrayNode top = entry.putArray("top_logprobs");
                for (TokenLogprob.Alternative alt : lp.top()) {
                    top.addObject().put("token", token(alt.tokenId())).put("logprob", alt.logprob());
                }
            }
        } else {
            ObjectNode lps = choice.putObject("logprobs");
            ArrayNode tokens = lps.putArray("tokens");
            ArrayNode values = lps.putArray("token_logprobs");
            ArrayNode tops = lps.putArray("top_logprobs");
            for (TokenLogprob lp : logprobs) {
                tokens.add(token(lp.tokenId()));
                values.add(lp.logprob());
                ObjectNode top = tops.addObject();
                lp.top().forEach(alt -> top.put(token(alt.tokenId()), alt.logprob()));
            }
        }
    }

    private String token(int id) {
        return tokenizer.decode(new int[] {id}, false);
    }
}
