package dev.sluice.protocol;

import java.util.Objects;

/**
 * The model deployment card: what a frontend needs to serve a model (the tokenizer's directory, context length, KV
 * block size). Only workers of the longest tier publish it.
 */
public record ModelCard(String name, int contextLength, int kvBlockSize, String modelPath, String checksum) {
    public ModelCard {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(modelPath, "modelPath");
        Objects.requireNonNull(checksum, "checksum");
        if (contextLength <= 0) {
            throw new IllegalArgumentException("context length " + contextLength + " must be positive");
        }
    }
}
