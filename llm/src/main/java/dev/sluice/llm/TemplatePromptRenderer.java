package dev.sluice.llm;

import dev.sluice.jinja.TemplateException;
import dev.sluice.protocol.ErrorCode;
import dev.sluice.protocol.SluiceException;
import dev.sluice.protocol.openai.ChatRequest;
import dev.sluice.tokenizer.ChatTemplate;
import java.util.Optional;

/**
 * Renders chat requests with the model's chat template. A final assistant message is continued (no generation
 * prompt); otherwise the template adds the assistant's turn. A template failure is the client's 400, naming it.
 */
public final class TemplatePromptRenderer implements PromptRenderer {
    private final Optional<ChatTemplate> template;

    public TemplatePromptRenderer(Optional<ChatTemplate> template) {
        this.template = template;
    }

    @Override
    public String render(ChatRequest request) {
        ChatTemplate t = template.orElseThrow(() -> new SluiceException(
                ErrorCode.TEMPLATE_ERROR, "this model has no chat template; use /v1/completions", "messages"));
        try {
            return t.render(
                    request.messages(), !request.endsWithAssistant(), request.tools(), request.chatTemplateKwargs());
        } catch (TemplateException e) {
            throw new SluiceException(ErrorCode.TEMPLATE_ERROR, "chat template error: " + e.getMessage(), "messages");
        }
    }
}
