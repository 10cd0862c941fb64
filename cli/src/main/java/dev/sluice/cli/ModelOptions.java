package dev.sluice.cli;

import java.nio.file.Path;
import java.util.Optional;
import picocli.CommandLine.Option;

/** Which model to serve, shared by {@code serve} and {@code worker}. */
final class ModelOptions {
    @Option(
            names = "--model-path",
            description =
                    "Hugging Face model directory (tokenizer.json, tokenizer_config.json). bin/sluice fetches a default (Qwen3) when omitted.")
    Optional<Path> modelPath;

    @Option(names = "--model-name", description = "Name clients use in 'model' (default: from the model directory).")
    Optional<String> modelName;

    @Option(names = "--context-length", description = "The model's context length (default: from the model directory).")
    Optional<Integer> contextLength;

    LoadedModel load() {
        return LoadedModel.load(modelPath, modelName, contextLength);
    }
}
