package dev.sluice.cli;

import dev.sluice.llm.ModelInfo;
import dev.sluice.llm.TemplatePromptRenderer;
import dev.sluice.tokenizer.ChatTemplate;
import dev.sluice.tokenizer.ModelDirectory;
import dev.sluice.tokenizer.Tokenizer;
import dev.sluice.tokenizer.Tokenizers;
import java.nio.file.Path;
import java.util.Optional;

/** A model directory loaded for serving: its tokenizer, chat template and settings. */
record LoadedModel(Path directory, ModelInfo info, Tokenizer tokenizer) {
    /** The environment variable bin/sluice sets to the default model it fetched. */
    static final String DEFAULT_MODEL_ENV = "SLUICE_DEFAULT_MODEL";

    static LoadedModel load(Optional<Path> modelPath, Optional<String> name, Optional<Integer> contextLength) {
        Path dir = modelPath
                .or(() -> Optional.ofNullable(System.getenv(DEFAULT_MODEL_ENV)).map(Path::of))
                .orElseThrow(() -> new IllegalArgumentException(
                        "no --model-path given; pass a Hugging Face model directory (bin/sluice fetches a default)"));
        Tokenizer tokenizer = Tokenizers.load(dir);
        ModelDirectory model = ModelDirectory.load(dir, name, contextLength, tokenizer);
        ModelInfo info = new ModelInfo(
                model.servedName(),
                model.contextLength(),
                tokenizer,
                new TemplatePromptRenderer(ChatTemplate.of(model)),
                model.eosTokenIds(),
                model.checksum());
        return new LoadedModel(dir, info, tokenizer);
    }
}
