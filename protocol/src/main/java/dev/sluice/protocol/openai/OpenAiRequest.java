package dev.sluice.protocol.openai;

/** A validated OpenAI request: chat or text completion, with the parameters both share. */
public sealed interface OpenAiRequest permits ChatRequest, CompletionRequest {
    String model();

    GenerationParams params();
}
