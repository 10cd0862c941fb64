package dev.sluice.tokenizer;

import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;

/**
 * A Hugging Face {@code tokenizer.json} through DJL's binding of the Rust tokenizers library: no truncation, no
 * padding, special tokens added only when asked. The vocabulary is read from the same file to know which ids are
 * special and which are ordinary.
 */
final class HfTokenizer implements Tokenizer {
    private final HuggingFaceTokenizer native_;
    private final Map<String, Integer> vocab;
    private final Set<Integer> special;
    private final int[] ordinary;
    private final int vocabSize;

    HfTokenizer(HuggingFaceTokenizer nativeTokenizer, JsonNode tokenizerJson) {
        this.native_ = nativeTokenizer;
        Map<String, Integer> all = new HashMap<>();
        tokenizerJson
                .path("model")
                .path("vocab")
                .properties()
                .forEach(e -> all.put(e.getKey(), e.getValue().asInt()));
        int[] ordinaryIds =
                all.values().stream().mapToInt(Integer::intValue).sorted().toArray();
        java.util.HashSet<Integer> specials = new java.util.HashSet<>();
        java.util.HashSet<Integer> added = new java.util.HashSet<>();
        for (JsonNode t : tokenizerJson.path("added_tokens")) {
            int id = t.path("id").asInt();
            all.put(t.path("content").asText(), id);
            added.add(id);
            if (t.path("special").asBoolean(false)) {
                specials.add(id);
            }
        }
        this.vocab = Map.copyOf(all);
        this.special = Set.copyOf(specials);
        this.ordinary =
                Arrays.stream(ordinaryIds).filter(id -> !added.contains(id)).toArray();
        this.vocabSize = all.values().stream().mapToInt(Integer::intValue).max().orElse(-1) + 1;
    }

    @Override
    public int[] encode(String text, boolean addSpecialTokens) {
        long[] ids = native_.encode(text, addSpecialTokens, false).getIds();
        int[] out = new int[ids.length];
        for (int i = 0; i < ids.length; i++) {
            out[i] = (int) ids[i];
        }
        return out;
    }

    @Override
    public String decode(int[] ids, boolean skipSpecialTokens) {
        long[] longs = new long[ids.length];
        for (int i = 0; i < ids.length; i++) {
            longs[i] = ids[i];
        }
        return native_.decode(longs, skipSpecialTokens);
    }

    @Override
    public int vocabSize() {
        return vocabSize;
    }

    @Override
    public OptionalInt tokenId(String token) {
        Integer id = vocab.get(token);
        return id == null ? OptionalInt.empty() : OptionalInt.of(id);
    }

    @Override
    public boolean isSpecial(int id) {
        return special.contains(id);
    }

    @Override
    public int[] ordinaryTokenIds() {
        return ordinary.clone();
    }
}
