package dev.sluice.bench;

/** Which OpenAI endpoint the bench sends to, and how it renders prompts. */
public enum Endpoint {
    /** {@code /v1/completions} with the prompt as token ids (Sluice, vLLM, SGLang). */
    COMPLETIONS("/v1/completions"),
    /** {@code /v1/chat/completions} with the prompt as text, for servers that do not take token ids. */
    CHAT("/v1/chat/completions");

    private final String path;

    Endpoint(String path) {
        this.path = path;
    }

    public String path() {
        return path;
    }
}
