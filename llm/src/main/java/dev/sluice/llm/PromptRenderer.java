package dev.sluice.llm;

import dev.sluice.protocol.openai.ChatRequest;

/** Renders a chat request into the prompt text the model expects (its chat template). */
@FunctionalInterface
public interface PromptRenderer {
    /** The prompt; throws {@link dev.sluice.protocol.SluiceException} with TEMPLATE_ERROR when the template fails. */
    String render(ChatRequest request);
}
