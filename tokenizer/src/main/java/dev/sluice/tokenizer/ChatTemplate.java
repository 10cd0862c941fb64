package dev.sluice.tokenizer;

import dev.sluice.jinja.JinjaTemplate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A model's chat template, parsed once and rendered per request with the variables Hugging Face templates expect:
 * {@code messages}, {@code add_generation_prompt}, {@code tools}, {@code bos_token}, {@code eos_token}, and any
 * {@code chat_template_kwargs} (such as {@code enable_thinking}). Errors are
 * {@link dev.sluice.jinja.TemplateException}s that name the template problem.
 */
public final class ChatTemplate {
    private final JinjaTemplate template;
    private final String bosToken;
    private final String eosToken;

    private ChatTemplate(JinjaTemplate template, String bosToken, String eosToken) {
        this.template = template;
        this.bosToken = bosToken;
        this.eosToken = eosToken;
    }

    /** The template of a model directory, if it has one. */
    public static Optional<ChatTemplate> of(ModelDirectory model) {
        return model.chatTemplate().map(source -> parse(source, model.bosToken(), model.eosToken()));
    }

    public static ChatTemplate parse(String source, String bosToken, String eosToken) {
        return new ChatTemplate(JinjaTemplate.parse(source), bosToken, eosToken);
    }

    public String render(
            List<Map<String, Object>> messages,
            boolean addGenerationPrompt,
            Optional<List<Object>> tools,
            Map<String, Object> kwargs) {
        Map<String, Object> context = new HashMap<>(kwargs);
        context.put("messages", messages);
        context.put("add_generation_prompt", addGenerationPrompt);
        tools.ifPresent(t -> context.put("tools", t));
        context.put("bos_token", bosToken);
        context.put("eos_token", eosToken);
        return template.render(context);
    }
}
