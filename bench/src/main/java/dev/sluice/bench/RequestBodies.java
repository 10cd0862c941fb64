package dev.sluice.bench;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.IntStream;

/**
 * Encodes every request of a workload once, before the run, as the exact bytes of its JSON body: a streaming
 * request with {@code ignore_eos} (so the output length is the workload's), usage in the last chunk, and Sluice's
 * annotations (other servers ignore them). Completions carry token ids; chat requests carry text.
 */
public final class RequestBodies {
    private static final ObjectMapper JSON = new ObjectMapper();

    private RequestBodies() {}

    /** Token-id prompts for {@code /v1/completions}. */
    public static List<byte[]> completions(List<TraceRequest> workload, PromptBuilder prompts, String model) {
        byte[] head = utf8("{\"model\":" + quote(model) + ",\"prompt\":[");
        return IntStream.range(0, workload.size())
                .parallel()
                .mapToObj(i -> {
                    TraceRequest r = workload.get(i);
                    int[] ids = prompts.prompt(r, i);
                    ByteArrayOutputStream out = new ByteArrayOutputStream(ids.length * 7 + 256);
                    out.writeBytes(head);
                    for (int k = 0; k < ids.length; k++) {
                        if (k > 0) {
                            out.write(',');
                        }
                        out.writeBytes(utf8(Integer.toString(ids[k])));
                    }
                    out.writeBytes(utf8("],\"max_tokens\":" + r.outputLength() + tail()));
                    return out.toByteArray();
                })
                .toList();
    }

    /** Text prompts for {@code /v1/chat/completions}: one user message per request. */
    public static List<byte[]> chat(List<TraceRequest> workload, TextPrompts prompts, String model) {
        return IntStream.range(0, workload.size())
                .parallel()
                .mapToObj(i -> {
                    TraceRequest r = workload.get(i);
                    ObjectNode body = JSON.createObjectNode().put("model", model);
                    body.putArray("messages").addObject().put("role", "user").put("content", prompts.prompt(r, i));
                    body.put("max_tokens", r.outputLength());
                    try {
                        String json = JSON.writeValueAsString(body);
                        return utf8(json.substring(0, json.length() - 1) + tail());
                    } catch (JsonProcessingException e) {
                        throw new IllegalStateException(e);
                    }
                })
                .toList();
    }

    private static String tail() {
        return ",\"ignore_eos\":true,\"stream\":true,\"stream_options\":{\"include_usage\":true},"
                + "\"sluice\":{\"annotations\":[\"tier\",\"worker\",\"migrations\"]}}";
    }

    private static String quote(String s) {
        try {
            return JSON.writeValueAsString(s);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
