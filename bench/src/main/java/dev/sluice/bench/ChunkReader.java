package dev.sluice.bench;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Reads one streamed completion or chat-completion chunk with Jackson's streaming parser (no tree): whether it
 * carries output text ({@code choices[].text}, or {@code choices[].delta.content} / {@code reasoning_content}),
 * {@code usage}, Sluice's annotations, and an {@code error} object.
 */
final class ChunkReader {
    private static final JsonFactory JSON = new JsonFactory();

    private ChunkReader() {}

    static void read(byte[] data, int length, Exchange ex, long nowNanos) throws IOException {
        try (JsonParser p = JSON.createParser(data, 0, length)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new IOException("not a JSON object");
            }
            boolean text = false;
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                p.nextToken();
                switch (name) {
                    case "choices" -> text = choices(p);
                    case "usage" -> usage(p, ex);
                    case "sluice" -> sluice(p, ex);
                    case "error" -> ex.streamError = Optional.of(errorMessage(p));
                    default -> p.skipChildren();
                }
            }
            if (text) {
                ex.text(nowNanos);
            }
        }
    }

    /** The message of an OpenAI error body ({@code {"error": {"message": ...}}}), or empty if it is not one. */
    static Optional<String> errorBody(byte[] data, int length) {
        try (JsonParser p = JSON.createParser(data, 0, length)) {
            if (p.nextToken() == JsonToken.START_OBJECT) {
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String name = p.currentName();
                    p.nextToken();
                    if (name.equals("error")) {
                        return Optional.of(errorMessage(p));
                    }
                    p.skipChildren();
                }
            }
        } catch (IOException e) {
            return Optional.empty();
        }
        return Optional.empty();
    }

    private static boolean choices(JsonParser p) throws IOException {
        boolean text = false;
        if (p.currentToken() != JsonToken.START_ARRAY) {
            p.skipChildren();
            return false;
        }
        while (p.nextToken() == JsonToken.START_OBJECT) {
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken value = p.nextToken();
                if (name.equals("text") && value == JsonToken.VALUE_STRING) {
                    text |= p.getTextLength() > 0;
                } else if (name.equals("delta") && value == JsonToken.START_OBJECT) {
                    text |= delta(p);
                } else {
                    p.skipChildren();
                }
            }
        }
        return text;
    }

    private static boolean delta(JsonParser p) throws IOException {
        boolean text = false;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            JsonToken value = p.nextToken();
            if (value == JsonToken.VALUE_STRING
                    && (name.equals("content") || name.equals("reasoning_content") || name.equals("reasoning"))) {
                text |= p.getTextLength() > 0;
            } else {
                p.skipChildren();
            }
        }
        return text;
    }

    private static void usage(JsonParser p, Exchange ex) throws IOException {
        if (p.currentToken() != JsonToken.START_OBJECT) {
            p.skipChildren();
            return;
        }
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            JsonToken value = p.nextToken();
            if (name.equals("completion_tokens") && value == JsonToken.VALUE_NUMBER_INT) {
                ex.outputTokens = p.getIntValue();
            } else if (name.equals("prompt_tokens_details") && value == JsonToken.START_OBJECT) {
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String field = p.currentName();
                    if (p.nextToken() == JsonToken.VALUE_NUMBER_INT && field.equals("cached_tokens")) {
                        ex.cachedTokens = p.getIntValue();
                    } else {
                        p.skipChildren();
                    }
                }
            } else {
                p.skipChildren();
            }
        }
    }

    private static void sluice(JsonParser p, Exchange ex) throws IOException {
        if (p.currentToken() != JsonToken.START_OBJECT) {
            p.skipChildren();
            return;
        }
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            p.nextToken();
            switch (name) {
                case "migrations" -> ex.migrations = count(p);
                case "tier" ->
                    ex.tiers = numbers(p).stream().map(Long::intValue).toList();
                case "worker" -> ex.workers = numbers(p);
                default -> p.skipChildren();
            }
        }
    }

    private static int count(JsonParser p) throws IOException {
        int n = 0;
        if (p.currentToken() == JsonToken.START_ARRAY) {
            while (p.nextToken() != JsonToken.END_ARRAY) {
                p.skipChildren();
                n++;
            }
        }
        return n;
    }

    private static List<Long> numbers(JsonParser p) throws IOException {
        List<Long> out = new ArrayList<>();
        if (p.currentToken() == JsonToken.START_ARRAY) {
            while (p.nextToken() != JsonToken.END_ARRAY) {
                if (p.currentToken() == JsonToken.VALUE_NUMBER_INT) {
                    out.add(p.getLongValue());
                }
                p.skipChildren();
            }
        }
        return List.copyOf(out);
    }

    private static String errorMessage(JsonParser p) throws IOException {
        if (p.currentToken() == JsonToken.VALUE_STRING) {
            return p.getText();
        }
        String message = "error without a message";
        if (p.currentToken() == JsonToken.START_OBJECT) {
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                p.nextToken();
                if (name.equals("message") && p.currentToken() == JsonToken.VALUE_STRING) {
                    message = p.getText();
                } else {
                    p.skipChildren();
                }
            }
        } else {
            p.skipChildren();
        }
        return message;
    }
}
