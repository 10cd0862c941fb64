package dev.sluice.frontend;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.protocol.ErrorCode;
import dev.sluice.protocol.SluiceException;

/** The one place where failures become OpenAI error bodies: {@code {"error": {message, type, param, code}}}. */
final class ErrorBodies {
    private ErrorBodies() {}

    static ObjectNode body(ObjectMapper json, SluiceException e) {
        ObjectNode root = json.createObjectNode();
        ObjectNode error = root.putObject("error");
        error.put("message", e.getMessage());
        error.put("type", e.code().type());
        error.put("param", e.param().orElse(null));
        error.put("code", e.code().code());
        return root;
    }

    /** An unexpected failure: the client learns that it happened, not the stack trace. */
    static SluiceException internal(Throwable t) {
        return new SluiceException(
                ErrorCode.INTERNAL,
                "internal error (" + t.getClass().getSimpleName() + "); see the server log",
                null,
                t);
    }
}
