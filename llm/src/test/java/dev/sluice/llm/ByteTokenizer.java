package dev.sluice.llm;

import dev.sluice.tokenizer.Tokenizer;
import java.nio.charset.StandardCharsets;
import java.util.OptionalInt;

/**
 * A tokenizer for tests: one token per UTF-8 byte (ids 0-255), plus special token 256 ({@code <eos>}). Decoding a
 * prefix of a multi-byte character yields U+FFFD, as real byte-level tokenizers do.
 */
final class ByteTokenizer implements Tokenizer {
    static final int EOS = 256;

    @Override
    public int[] encode(String text, boolean addSpecialTokens) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        int[] ids = new int[bytes.length];
        for (int i = 0; i < bytes.length; i++) {
            ids[i] = bytes[i] & 0xff;
        }
        return ids;
    }

    @Override
    public String decode(int[] ids, boolean skipSpecialTokens) {
        StringBuilder out = new StringBuilder();
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        for (int id : ids) {
            if (id == EOS) {
                out.append(bytes.toString(StandardCharsets.UTF_8));
                bytes.reset();
                if (!skipSpecialTokens) {
                    out.append("<eos>");
                }
            } else {
                bytes.write(id);
            }
        }
        return out.append(bytes.toString(StandardCharsets.UTF_8)).toString();
    }

    @Override
    public int vocabSize() {
        return 257;
    }

    @Override
    public OptionalInt tokenId(String token) {
        return token.equals("<eos>") ? OptionalInt.of(EOS) : OptionalInt.empty();
    }

    @Override
    public boolean isSpecial(int id) {
        return id == EOS;
    }

    @Override
    public int[] ordinaryTokenIds() {
        return java.util.stream.IntStream.range(0, 256).toArray();
    }
}
