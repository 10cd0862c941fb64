package dev.sluice.protocol.openai;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sluice.protocol.SluiceException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.Set;

/** The parameters chat and text completions share. */
final class GenerationParamsParser {
    /** Far above any context length; a larger max_tokens is a client bug, not a wish. */
    static final int MAX_TOKENS_LIMIT = 1 << 24;

    static final int MAX_STOP_STRINGS = 16;

    private GenerationParamsParser() {}

    static GenerationParams parse(Fields f, boolean chat) {
        OptionalLong maxTokens = f.integer("max_tokens", 1, MAX_TOKENS_LIMIT);
        OptionalLong maxCompletion = f.integer("max_completion_tokens", 1, MAX_TOKENS_LIMIT);
        OptionalInt max = maxCompletion.isPresent()
                ? OptionalInt.of((int) maxCompletion.getAsLong())
                : maxTokens.isPresent() ? OptionalInt.of((int) maxTokens.getAsLong()) : OptionalInt.empty();
        int minTokens = (int) f.integer("min_tokens", 0, MAX_TOKENS_LIMIT).orElse(0);
        if (max.isPresent() && minTokens > max.getAsInt()) {
            throw SluiceException.invalid(
                    "min_tokens",
                    "'min_tokens' " + minTokens + " exceeds the maximum of " + max.getAsInt() + " tokens");
        }
        long n = f.integer("n", 1, 128).orElse(1);
        if (n > 1) {
            throw SluiceException.invalid("n", "'n' > 1 is not supported; send " + n + " requests instead");
        }
        boolean stream = f.bool("stream", false);
        return new GenerationParams(
                max,
                minTokens,
                f.number("temperature", 0, 2).orElse(1.0),
                topP(f),
                (int) f.integer("top_k", -1, Integer.MAX_VALUE).orElse(-1),
                f.integer("seed", Long.MIN_VALUE, Long.MAX_VALUE),
                1,
                stop(f),
                f.bool("ignore_eos", false),
                logprobs(f, chat),
                stream,
                stream && includeUsage(f),
                annotations(f),
                pinnedWorker(f));
    }

    private static double topP(Fields f) {
        double p = f.number("top_p", 0, 1).orElse(1.0);
        if (p <= 0) {
            throw SluiceException.invalid("top_p", "'top_p' must be greater than 0");
        }
        return p;
    }

    private static List<String> stop(Fields f) {
        if (!f.present("stop")) {
            return List.of();
        }
        JsonNode node = f.node("stop");
        List<String> out = new ArrayList<>();
        if (node.isTextual()) {
            out.add(node.asText());
        } else if (node.isArray()) {
            for (JsonNode s : node) {
                if (!s.isTextual()) {
                    throw SluiceException.invalid("stop", "'stop' must be a string or an array of strings");
                }
                out.add(s.asText());
            }
        } else {
            throw SluiceException.invalid("stop", "'stop' must be a string or an array of strings");
        }
        if (out.size() > MAX_STOP_STRINGS) {
            throw SluiceException.invalid("stop", "'stop' has " + out.size() + " strings; at most " + MAX_STOP_STRINGS);
        }
        if (out.stream().anyMatch(String::isEmpty)) {
            throw SluiceException.invalid("stop", "'stop' strings must not be empty");
        }
        return out;
    }

    private static int logprobs(Fields f, boolean chat) {
        if (!chat) {
            return (int) f.integer("logprobs", 0, 20).orElse(-1);
        }
        boolean wanted = f.bool("logprobs", false);
        int top = (int) f.integer("top_logprobs", 0, 20).orElse(0);
        if (f.present("top_logprobs") && !wanted) {
            throw SluiceException.invalid("top_logprobs", "'top_logprobs' needs 'logprobs': true");
        }
        return wanted ? top : -1;
    }

    private static boolean includeUsage(Fields f) {
        if (!f.present("stream_options")) {
            return false;
        }
        JsonNode opts = f.object("stream_options").get("include_usage");
        if (opts != null && !opts.isNull() && !opts.isBoolean()) {
            throw SluiceException.invalid(
                    "stream_options.include_usage", "'stream_options.include_usage' must be a boolean");
        }
        return opts != null && opts.asBoolean(false);
    }

    private static Set<String> annotations(Fields f) {
        if (!f.present("sluice")) {
            return Set.of();
        }
        JsonNode list = f.object("sluice").get("annotations");
        Set<String> out = new HashSet<>();
        if (list != null && !list.isNull()) {
            if (!list.isArray()) {
                throw SluiceException.invalid("sluice.annotations", "'sluice.annotations' must be an array of strings");
            }
            list.forEach(a -> out.add(a.asText()));
        }
        return out;
    }

    private static OptionalLong pinnedWorker(Fields f) {
        if (!f.present("sluice")) {
            return OptionalLong.empty();
        }
        JsonNode w = f.object("sluice").get("worker");
        if (w == null || w.isNull()) {
            return OptionalLong.empty();
        }
        if (w.isIntegralNumber()) {
            return OptionalLong.of(w.asLong());
        }
        if (w.isTextual()) {
            try {
                return OptionalLong.of(Long.parseUnsignedLong(w.asText(), 16));
            } catch (NumberFormatException e) {
                throw SluiceException.invalid("sluice.worker", "'sluice.worker' " + w.asText() + " is not a worker id");
            }
        }
        throw SluiceException.invalid("sluice.worker", "'sluice.worker' must be a worker id");
    }
}
