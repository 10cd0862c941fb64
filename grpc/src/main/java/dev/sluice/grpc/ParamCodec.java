package dev.sluice.grpc;

import dev.sluice.protocol.Json;
import dev.sluice.wire.Param;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * The opaque parameter maps ({@code disaggregatedParams}) on the wire: integers, floating-point numbers, strings and
 * booleans as themselves; a nested list or map as JSON text. Integers come back as {@code Integer} when they fit,
 * {@code Long} otherwise, as they do from JSON.
 */
final class ParamCodec {
    private ParamCodec() {}

    static Map<String, Param> encode(Map<String, Object> params) {
        if (params.isEmpty()) {
            return Map.of();
        }
        Map<String, Param> out = new HashMap<>();
        params.forEach((k, v) -> out.put(k, encode(v)));
        return out;
    }

    private static Param encode(Object value) {
        Param.Builder p = Param.newBuilder();
        return switch (value) {
            case Integer i -> p.setInteger(i).build();
            case Long l -> p.setInteger(l).build();
            case Short s -> p.setInteger(s).build();
            case Byte b -> p.setInteger(b).build();
            case Number n -> p.setNumber(n.doubleValue()).build();
            case String s -> p.setText(s).build();
            case Boolean b -> p.setFlag(b).build();
            default ->
                p.setJson(new String(Json.encode(value), StandardCharsets.UTF_8))
                        .build();
        };
    }

    static Map<String, Object> decode(Map<String, Param> params) {
        if (params.isEmpty()) {
            return Map.of();
        }
        Map<String, Object> out = new HashMap<>();
        params.forEach((k, v) -> out.put(k, decode(v)));
        return out;
    }

    private static Object decode(Param p) {
        return switch (p.getKindCase()) {
            case INTEGER -> narrow(p.getInteger());
            case NUMBER -> p.getNumber();
            case TEXT -> p.getText();
            case FLAG -> p.getFlag();
            case JSON -> Json.decode(p.getJson().getBytes(StandardCharsets.UTF_8), Object.class);
            case KIND_NOT_SET -> throw new IllegalArgumentException("a parameter on the wire has no value");
        };
    }

    private static Object narrow(long value) {
        return value == (int) value ? (Object) (int) value : (Object) value;
    }
}
