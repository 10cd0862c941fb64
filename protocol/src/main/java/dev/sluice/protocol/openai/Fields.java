package dev.sluice.protocol.openai;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sluice.protocol.SluiceException;
import java.util.OptionalDouble;
import java.util.OptionalLong;

/** Typed access to the fields of a request object, failing with a message that names the field. */
final class Fields {
    private final JsonNode object;

    Fields(JsonNode object) {
        this.object = object;
    }

    JsonNode node(String name) {
        return object.get(name);
    }

    boolean present(String name) {
        JsonNode n = object.get(name);
        return n != null && !n.isNull();
    }

    String requiredString(String name) {
        JsonNode n = object.get(name);
        if (n == null || n.isNull()) {
            throw SluiceException.invalid(name, "'" + name + "' is required");
        }
        if (!n.isTextual()) {
            throw SluiceException.invalid(name, "'" + name + "' must be a string");
        }
        return n.asText();
    }

    boolean bool(String name, boolean fallback) {
        if (!present(name)) {
            return fallback;
        }
        JsonNode n = object.get(name);
        if (!n.isBoolean()) {
            throw SluiceException.invalid(name, "'" + name + "' must be a boolean");
        }
        return n.asBoolean();
    }

    OptionalLong integer(String name, long min, long max) {
        if (!present(name)) {
            return OptionalLong.empty();
        }
        JsonNode n = object.get(name);
        if (!n.isIntegralNumber() || !n.canConvertToLong()) {
            throw SluiceException.invalid(name, "'" + name + "' must be an integer");
        }
        long v = n.asLong();
        if (v < min || v > max) {
            throw SluiceException.invalid(
                    name, "'" + name + "' is " + v + "; it must be in [" + min + ", " + max + "]");
        }
        return OptionalLong.of(v);
    }

    OptionalDouble number(String name, double min, double max) {
        if (!present(name)) {
            return OptionalDouble.empty();
        }
        JsonNode n = object.get(name);
        if (!n.isNumber()) {
            throw SluiceException.invalid(name, "'" + name + "' must be a number");
        }
        double v = n.asDouble();
        if (!(v >= min && v <= max)) {
            throw SluiceException.invalid(
                    name, "'" + name + "' is " + v + "; it must be in [" + min + ", " + max + "]");
        }
        return OptionalDouble.of(v);
    }

    JsonNode object(String name) {
        JsonNode n = object.get(name);
        if (n == null || !n.isObject()) {
            throw SluiceException.invalid(name, "'" + name + "' must be an object");
        }
        return n;
    }
}
