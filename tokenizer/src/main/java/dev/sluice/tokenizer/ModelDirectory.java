package dev.sluice.tokenizer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * What a Hugging Face model directory says about serving the model: its name, context length, chat template,
 * special tokens and EOS ids. Reads {@code tokenizer_config.json}, and when present {@code chat_template.jinja},
 * {@code generation_config.json}, {@code config.json} and Sluice's own {@code sluice-model.json}.
 */
public record ModelDirectory(
        Path path,
        String servedName,
        int contextLength,
        Optional<String> chatTemplate,
        String bosToken,
        String eosToken,
        Set<String> eosTokens,
        List<Integer> eosTokenIds,
        String checksum) {
    private static final ObjectMapper JSON = new ObjectMapper();

    public ModelDirectory {
        eosTokens = Set.copyOf(eosTokens);
        eosTokenIds = List.copyOf(eosTokenIds);
    }

    /** Reads {@code dir}; {@code name} and {@code contextLength} override what the files say. */
    public static ModelDirectory load(
            Path dir, Optional<String> name, Optional<Integer> contextLength, Tokenizer tokenizer) {
        if (!Files.isDirectory(dir)) {
            throw new IllegalArgumentException("model path " + dir + " is not a directory");
        }
        JsonNode config = read(dir.resolve("tokenizer_config.json"), true);
        JsonNode sluice = read(dir.resolve("sluice-model.json"), false);
        JsonNode modelConfig = read(dir.resolve("config.json"), false);
        JsonNode generation = read(dir.resolve("generation_config.json"), false);
        String served = name.orElseGet(() -> sluice.path("served_model_name")
                .asText(dir.toAbsolutePath().normalize().getFileName().toString()));
        int context = contextLength.orElseGet(() -> contextLength(dir, sluice, modelConfig, config));
        if (context <= 0) {
            throw new IllegalArgumentException("context length " + context + " must be positive");
        }
        String eos = tokenText(config.get("eos_token"));
        Set<String> eosTokens = new LinkedHashSet<>();
        if (!eos.isEmpty()) {
            eosTokens.add(eos);
        }
        Set<Integer> eosIds = new LinkedHashSet<>();
        eosTokens.forEach(t -> tokenizer.tokenId(t).ifPresent(eosIds::add));
        addIds(eosIds, generation.get("eos_token_id"));
        addIds(eosIds, modelConfig.get("eos_token_id"));
        return new ModelDirectory(
                dir,
                served,
                context,
                chatTemplate(dir, config),
                tokenText(config.get("bos_token")),
                eos,
                eosTokens,
                List.copyOf(eosIds),
                checksum(dir));
    }

    private static int contextLength(Path dir, JsonNode sluice, JsonNode modelConfig, JsonNode config) {
        if (sluice.has("context_length")) {
            return sluice.get("context_length").asInt();
        }
        if (modelConfig.has("max_position_embeddings")) {
            return modelConfig.get("max_position_embeddings").asInt();
        }
        long max = config.path("model_max_length").asLong(0);
        if (max > 0 && max < 10_000_000) {
            return (int) max;
        }
        throw new IllegalArgumentException(
                "cannot tell the context length of " + dir
                        + ": no config.json max_position_embeddings or tokenizer_config.json model_max_length; pass --context-length");
    }

    private static Optional<String> chatTemplate(Path dir, JsonNode config) {
        Path file = dir.resolve("chat_template.jinja");
        try {
            if (Files.isRegularFile(file)) {
                return Optional.of(Files.readString(file));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
        JsonNode t = config.get("chat_template");
        if (t == null || t.isNull()) {
            return Optional.empty();
        }
        if (t.isTextual()) {
            return Optional.of(t.asText());
        }
        for (JsonNode named : t) {
            if ("default".equals(named.path("name").asText())) {
                return Optional.of(named.path("template").asText());
            }
        }
        return t.isArray() && !t.isEmpty()
                ? Optional.of(t.get(0).path("template").asText())
                : Optional.empty();
    }

    private static String tokenText(JsonNode token) {
        if (token == null || token.isNull()) {
            return "";
        }
        return token.isTextual() ? token.asText() : token.path("content").asText("");
    }

    private static void addIds(Set<Integer> ids, JsonNode node) {
        if (node == null || node.isNull()) {
            return;
        }
        if (node.isArray()) {
            node.forEach(n -> ids.add(n.asInt()));
        } else if (node.isIntegralNumber()) {
            ids.add(node.asInt());
        }
    }

    private static JsonNode read(Path file, boolean required) {
        if (!Files.isRegularFile(file)) {
            if (required) {
                throw new IllegalArgumentException("no " + file.getFileName() + " in " + file.getParent());
            }
            return JSON.createObjectNode();
        }
        try {
            return JSON.readTree(file.toFile());
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot parse " + file + ": " + e.getMessage(), e);
        }
    }

    private static String checksum(Path dir) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            for (String name : List.of("tokenizer.json", "tokenizer_config.json")) {
                Path f = dir.resolve(name);
                if (Files.isRegularFile(f)) {
                    sha.update(Files.readAllBytes(f));
                }
            }
            return HexFormat.of().formatHex(sha.digest());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
