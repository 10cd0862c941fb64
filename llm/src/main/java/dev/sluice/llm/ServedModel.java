package dev.sluice.llm;

import dev.sluice.protocol.ModelCard;
import dev.sluice.protocol.openai.OpenAiRequest;
import dev.sluice.runtime.Engine;

/** A model the frontend serves: its card, its pipeline, and its live decode workers. */
public record ServedModel(
        ModelCard card, ModelInfo info, LiveWorkers workers, Engine<OpenAiRequest, LlmChunk> engine) {}
